#!/usr/bin/env python3
"""Barista and Netty under wrk in alternating rounds, for a machine whose speed drifts.

bench/wrk-vs-netty.sh measures one server, then the other, a minute or more apart; on a shared machine the
speed of the core can change by 20 % in that time, and a single ratio then says more about the drift than
about the servers. Here both servers run at once, pinned to the same core (only the one under load uses
it), and every round measures each scenario on Barista and then on Netty back to back. Each round gives a
paired ratio; the report gives the medians over rounds, of throughput, of the server's CPU time per request
(/proc/PID/stat), and of the paired ratios.

  bench/paired-vs-netty.py                          # 5 rounds of plaintext, pipelined, json, 8 s each
  bench/paired-vs-netty.py --rounds 7 --duration 10 --out docs/benchmarks/x.json
  bench/paired-vs-netty.py --barista-jar /tmp/old/barista.jar --bench-jar /tmp/old/barista-bench.jar
  bench/paired-vs-netty.py --baseline-jar /tmp/before/barista.jar   # this build against an earlier one, no Netty

With --server-quota P each server runs in a CPU cgroup of its own limited to P % of one core (CFS quota over
10 ms periods): the server is then the limit and wrk's core has headroom, so the rate ratio is the servers'
and not the load generator's (each row records wrk's CPU too). Needs root and a cgroup CPU controller.

Needs wrk, taskset, the built jars (mvn -B -q -DskipTests package -pl cli,bench -am) and a JDK 25.
"""
import argparse, json, os, re, resource, signal, statistics, subprocess, sys, time
from datetime import datetime, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'bench'))
import provenance  # noqa: E402
from processes import CpuQuota, NotListening, cpu_ticks, find_java, remove_cgroup, wait_port  # noqa: E402
ACCEPT_TEXT = 'Accept: text/plain,text/html;q=0.9,application/xhtml+xml;q=0.9,application/xml;q=0.8,*/*;q=0.7'
ACCEPT_JSON = 'Accept: application/json,text/html;q=0.9,application/xhtml+xml;q=0.9,application/xml;q=0.8,*/*;q=0.7'
JVM = ['-Xms1g', '-Xmx1g', '-XX:+UseParallelGC', '--enable-native-access=ALL-UNNAMED',
       '--sun-misc-unsafe-memory-access=allow']
NETTY_PROPS = ['-Dio.netty.buffer.checkBounds=false', '-Dio.netty.buffer.checkAccessible=false']
HZ = os.sysconf('SC_CLK_TCK')


def scenario_args(name, depth):
    if name == 'plaintext':
        return '/plaintext', ['-H', ACCEPT_TEXT, '-H', 'Connection: keep-alive'], []
    if name == 'pipelined':
        return '/plaintext', ['-H', ACCEPT_TEXT, '-H', 'Connection: keep-alive', '-s',
                              os.path.join(ROOT, 'bench/pipeline.lua')], ['--', str(depth)]
    if name == 'json':
        return '/json', ['-H', ACCEPT_JSON, '-H', 'Connection: keep-alive'], []
    raise SystemExit('unknown scenario ' + name)


def wrk(port, scenario, connections, seconds, cpus, depth, threads=1):
    """Requests, socket errors, non-2xx count, and the CPU seconds wrk used."""
    path, args, post = scenario_args(scenario, depth)
    cmd = ['taskset', '-c', cpus, 'wrk', '-t%d' % threads, '-c%d' % connections, '-d%ds' % seconds,
           '--timeout', '8s'] + args + ['http://127.0.0.1:%d%s' % (port, path)] + post
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = subprocess.run(cmd, capture_output=True, text=True, timeout=seconds + 60).stdout
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    m = re.search(r'(\d+) requests in', out)
    errors = re.search(r'Socket errors: (.*)', out)
    non2xx = re.search(r'Non-2xx or 3xx responses: (\d+)', out)
    return (int(m.group(1)) if m else 0, (errors.group(1) if errors else ''),
            int(non2xx.group(1)) if non2xx else 0, cpu)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--rounds', type=int, default=5)
    p.add_argument('--duration', type=int, default=8)
    p.add_argument('--warmup', type=int, default=8)
    p.add_argument('--scenarios', default='plaintext,pipelined,json')
    p.add_argument('--connections', type=int, default=256)
    p.add_argument('--depth', type=int, default=16)
    p.add_argument('--server-cpus', default='0')
    p.add_argument('--wrk-cpus', default='1')
    p.add_argument('--barista-jar', default=os.path.join(ROOT, 'cli/target/barista.jar'))
    p.add_argument('--bench-jar', default=os.path.join(ROOT, 'bench/target/barista-bench.jar'))
    p.add_argument('--baseline-jar', default=None,
                   help='another build of barista.jar to pair with instead of Netty (before/after a change)')
    p.add_argument('--server-quota', type=int, default=None, metavar='PERCENT',
                   help='limit each server to PERCENT %% of one core (a CPU cgroup), so that wrk has headroom')
    p.add_argument('--out', default=None)
    a = p.parse_args()
    java, jdk = find_java()
    scenarios = a.scenarios.split(',')
    peer = 'baseline' if a.baseline_jar else 'netty'
    def serve(jar, port):  # a Barista build, one event loop
        return port, [java] + JVM + ['-jar', jar, 'serve', '--port', str(port), '--loops', '1']

    servers = {
        'barista': serve(a.barista_jar, 18180),
        peer: serve(a.baseline_jar, 18181) if a.baseline_jar else (18181, [java] + JVM + NETTY_PROPS + [
            '-cp', a.bench_jar, 'dev.barista.bench.peers.NettyHelloServer', '--port', '18181', '--threads', '1']),
    }
    procs = {}

    def stop(*_):
        for proc in procs.values():
            if proc.poll() is None:
                proc.terminate()
        for proc in procs.values():
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
    quota = CpuQuota(a.server_quota) if a.server_quota else None
    groups = []  # the servers' cgroups, removed after the servers have exited

    def remove_groups():
        for group in groups:
            remove_cgroup(group)
    signal.signal(signal.SIGTERM, lambda *_: (stop(), remove_groups(), sys.exit(143)))
    try:
        for name, (port, cmd) in servers.items():
            procs[name] = subprocess.Popen(['taskset', '-c', a.server_cpus] + cmd, stdout=subprocess.DEVNULL,
                                           stderr=subprocess.DEVNULL, stdin=subprocess.DEVNULL)
            if quota:
                groups.append(quota.add('barista-paired-%d-%s' % (os.getpid(), name), procs[name].pid))
            try:
                wait_port(port, procs[name], name)
            except NotListening as e:
                raise SystemExit(str(e))
        for name, (port, _) in servers.items():
            for s in scenarios:
                wrk(port, s, a.connections, a.warmup, a.wrk_cpus, a.depth)
        rows = []
        for r in range(1, a.rounds + 1):
            for s in scenarios:
                for name, (port, _) in servers.items():
                    pid = procs[name].pid
                    t0, c0 = time.time(), cpu_ticks(pid)
                    requests, errors, non2xx, wrk_cpu = wrk(port, s, a.connections, a.duration, a.wrk_cpus,
                                                            a.depth)
                    t1, c1 = time.time(), cpu_ticks(pid)
                    row = {'round': r, 'scenario': s, 'server': name, 'requests': requests,
                           'requests_per_s': round(requests / a.duration, 1),
                           'cpu_us_per_request': round((c1 - c0) / HZ * 1e6 / requests, 3) if requests else None,
                           'server_cpu_percent': round((c1 - c0) / HZ / (t1 - t0) * 100),
                           'wrk_cpu_percent': round(wrk_cpu / (t1 - t0) * 100),
                           'socket_errors': errors, 'non_2xx': non2xx}
                    rows.append(row)
                    print('round %d %-9s %-7s %9.0f req/s  %.2f us CPU/req  %s' % (
                        r, s, name, row['requests_per_s'], row['cpu_us_per_request'] or 0, errors), flush=True)
    finally:
        stop()
        remove_groups()
    summary = {}
    for s in scenarios:
        b = [x for x in rows if x['scenario'] == s and x['server'] == 'barista']
        n = [x for x in rows if x['scenario'] == s and x['server'] == peer]
        paired = [bb['requests'] / nn['requests'] for bb, nn in zip(b, n) if nn['requests']]
        summary[s] = {
            'barista_requests_per_s_median': statistics.median(x['requests_per_s'] for x in b),
            peer + '_requests_per_s_median': statistics.median(x['requests_per_s'] for x in n),
            'ratio_median_of_paired_rounds': round(statistics.median(paired), 3),
            'ratio_min': round(min(paired), 3), 'ratio_max': round(max(paired), 3),
            'barista_cpu_us_per_request_median': statistics.median(x['cpu_us_per_request'] for x in b),
            peer + '_cpu_us_per_request_median': statistics.median(x['cpu_us_per_request'] for x in n),
            'errors': sorted({x['socket_errors'] for x in b + n if x['socket_errors']} |
                             {'non-2xx' for x in b + n if x['non_2xx']}),
        }
    meta = {'commit': provenance.commit(), 'date': datetime.now(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'),
            'machine': provenance.machine(), 'jdk': jdk,
            'command': 'bench/paired-vs-netty.py ' + ' '.join(sys.argv[1:]),
            'barista_jar': os.path.relpath(a.barista_jar, ROOT), 'bench_jar': os.path.relpath(a.bench_jar, ROOT),
            'baseline_jar': a.baseline_jar,
            'setup': 'both servers pinned to CPU %s (one under load at a time)%s, wrk -t1 -c%d on CPU %s; '
                     'JVM %s; rounds alternate Barista then %s per scenario' % (
                         a.server_cpus, ', each limited to %d %% of the core by a CPU cgroup (CFS quota, %d us '
                         'periods)' % (a.server_quota, CpuQuota.PERIOD_US) if a.server_quota else '',
                         a.connections, a.wrk_cpus, ' '.join(JVM), peer)}
    result = {'meta': meta, 'summary': summary, 'rows': rows}
    print(json.dumps(summary, indent=1))
    if a.out:
        provenance.write(a.out, result)
        print('results:', a.out)


if __name__ == '__main__':
    main()
