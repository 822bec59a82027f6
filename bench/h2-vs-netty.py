#!/usr/bin/env python3
"""Barista and Netty over TLS and HTTP/2, in paired rounds (the method of bench/paired-vs-netty.py).

Both servers run at once, pinned to the same core (only the one under load uses it), with the same EC P-256
self-signed certificate, made here by openssl; the load generator is pinned to another core. Every round
measures each scenario on Barista and then on Netty back to back. The report gives the medians over rounds of
throughput, of the server's CPU time per request or per connection (/proc/PID/stat), and of the paired ratios.

  h2c         h2load -c 100 -m 10 -t 1 -N 3 -D S  http://127.0.0.1:P/plaintext    (HTTP/2 by prior knowledge)
  h2          h2load -c 100 -m 10 -t 1 -N 3 -D S  https://127.0.0.1:TP/plaintext  (HTTP/2 chosen by ALPN)
  https1      wrk -t1 -c256 -dS                    https://127.0.0.1:TP/plaintext  (HTTP/1.1 over TLS, no ALPN)
  handshakes  K x openssl s_time -connect 127.0.0.1:TP -new -time S                (a full handshake per connection)

A round in which either server failed a request (h2load's failed or errored, a client that got no answer, wrk's
socket errors or non-2xx, an s_time that could not connect, a load generator that failed or overran) is invalid:
it is listed with its reason and left out of the medians. After the warm-up, h2load's count-based check
(-n 1000 -c 10 -m 10) runs once per server over h2c and h2; what it finds goes to the warnings.

  bench/h2-vs-netty.py                                 # 5 rounds of the four scenarios, 8 s each (~8 min)
  bench/h2-vs-netty.py --rounds 1 --duration 3 --warmup 3 --out /tmp/h2.json      # smoke run
  bench/h2-vs-netty.py --scenarios h2,handshakes --barista-jar /tmp/old/barista.jar

Needs h2load (nghttp2-client), wrk, openssl, curl, taskset, the built jars
(mvn -B -q -DskipTests install -pl cli,bench -am) and a JDK 25.
"""
import argparse, ctypes, json, os, re, resource, signal, statistics, subprocess, sys, tempfile, time
from datetime import datetime, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'bench'))
import provenance  # noqa: E402
from processes import NotListening, cpu_ticks, find_java, wait_port  # noqa: E402
ACCEPT_TEXT = 'Accept: text/plain,text/html;q=0.9,application/xhtml+xml;q=0.9,application/xml;q=0.8,*/*;q=0.7'
JVM = ['-Xms1g', '-Xmx1g', '-XX:+UseParallelGC', '--enable-native-access=ALL-UNNAMED',
       '--sun-misc-unsafe-memory-access=allow']
NETTY_PROPS = ['-Dio.netty.buffer.checkBounds=false', '-Dio.netty.buffer.checkAccessible=false']
HZ = os.sysconf('SC_CLK_TCK')
SCENARIOS = ['h2c', 'h2', 'https1', 'handshakes']
# cleartext (HTTP/1.1 + h2c) and TLS ports of each server
PORTS = {'barista': (18280, 18443), 'netty': (18281, 18444)}
HANDSHAKE_METHOD = ('openssl s_time -new: every connection a full TLS handshake (no session id, no ticket: '
                    'no resumption), then closed without a request; K clients at once, each one connection at '
                    'a time; connections/s = all clients\' connections / the wall time from their start to the '
                    'last one\'s exit (s_time stops on a whole second of the clock: its runs last S-1 to S s)')
LIBC = ctypes.CDLL(None, use_errno=True)


def die_with_parent():
    """In the child: SIGTERM when this script dies, even by SIGKILL (prctl PR_SET_PDEATHSIG)."""
    LIBC.prctl(1, signal.SIGTERM)


def make_certificate(directory):
    """One EC P-256 self-signed certificate and its PKCS#8 key (what both servers read) in directory."""
    cert, key = os.path.join(directory, 'cert.pem'), os.path.join(directory, 'key.pem')
    subprocess.run(['openssl', 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1',
                    '-nodes', '-keyout', key, '-out', cert, '-days', '2', '-subj', '/CN=localhost',
                    '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1'],
                   check=True, capture_output=True, timeout=30)
    return cert, key


def busy_ticks():
    """Busy time of all CPUs (user, nice, system, irq, softirq, steal), in ticks, from /proc/stat."""
    with open('/proc/stat') as f:
        fields = [int(x) for x in f.readline().split()[1:]]
    return sum(fields[:3]) + sum(fields[5:8])


def children_seconds():
    """CPU seconds of the load generators this script has waited for so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def check(name, port, tls_port):
    """Each route over each protocol the scenarios use answers 200 with the right body: else no point measuring."""
    cases = [('h2c', ['--http2-prior-knowledge'], 'http://127.0.0.1:%d' % port, '2'),
             ('h2', ['-k', '--http2'], 'https://127.0.0.1:%d' % tls_port, '2'),
             ('https1', ['-k', '--http1.1', '--no-alpn'], 'https://127.0.0.1:%d' % tls_port, '1.1')]
    for what, flags, base, version in cases:
        for path, body in [('/plaintext', 'Hello, World!'), ('/json', '{"message":"Hello, World!"}')]:
            out = subprocess.run(['curl', '-sS', '--max-time', '5', '-o', '-', '-w', '\n%{http_code} %{http_version}']
                                 + flags + [base + path], capture_output=True, text=True, errors='replace',
                                 timeout=15)
            got = out.stdout.rsplit('\n', 1)
            if out.returncode != 0 or len(got) != 2 or got[0] != body or got[1] != '200 ' + version:
                raise SystemExit('%s: %s %s answered %r (curl: %s)' % (name, what, path, out.stdout,
                                                                         out.stderr.strip()))


def h2load_check(port, tls_port, cpus):
    """h2load's own smoke test, count-based (-n 1000 -c 10 -m 10), over h2c and h2: the errors it finds, by protocol.
    Count-based runs close each connection once its share is answered, which the timed runs do only at the end."""
    found = {}
    for what, url, protocol in [('h2c', 'http://127.0.0.1:%d/plaintext' % port, 'h2c'),
                                ('h2', 'https://127.0.0.1:%d/plaintext' % tls_port, 'h2')]:
        result = h2load(url, protocol, 30, cpus, 10, 10, requests=1000)
        if result['errors'] or result['count'] != 1000:
            found[what] = dict(result['errors'], succeeded=result['count'])
    return found


def tls_parameters(tls_port):
    """What a default OpenSSL client negotiates: protocol, suite, key exchange group, ALPN (offering h2)."""
    out = subprocess.run(['openssl', 's_client', '-connect', '127.0.0.1:%d' % tls_port, '-alpn', 'h2,http/1.1'],
                         input='', capture_output=True, text=True, errors='replace', timeout=15)
    text = out.stdout + out.stderr
    found = {}
    m = re.search(r'New, (\S+), Cipher is (\S+)', text)
    if m:
        found['protocol'], found['cipher_suite'] = m.groups()
    for label, key in [('Server Temp Key', 'key_exchange'), ('Peer signature type', 'signature'),
                       ('ALPN protocol', 'alpn')]:
        m = re.search(re.escape(label) + r': (.*)', text)
        found[key] = m.group(1).strip() if m else None
    return found


def run_bounded(cmd, seconds):
    """The command's output and exit status; None for the status if it ran a minute past its own duration (then
    it was killed)."""
    try:
        done = subprocess.run(cmd, capture_output=True, text=True, errors='replace', timeout=seconds + 60,
                              preexec_fn=die_with_parent)
        return done.stdout, done.returncode
    except subprocess.TimeoutExpired as e:
        out = e.stdout or ''
        return out.decode(errors='replace') if isinstance(out, bytes) else out, None


def h2load(url, protocol_expected, seconds, cpus, connections, streams, requests=None):
    """One h2load run: for seconds (-D), or until requests are answered (-n). A connection silent for 3 s is
    closed by h2load (-N 3) so that its requests count as failed: with -D, a stalled connection's requests
    would otherwise just be in flight at the end, and not counted anywhere."""
    cmd = ['taskset', '-c', cpus, 'h2load', '-c', str(connections), '-m', str(streams), '-t', '1', '-N', '3']
    cmd += ['-n', str(requests)] if requests else ['-D', str(seconds)]
    out, status = run_bounded(cmd + ['-H', ACCEPT_TEXT, url], seconds)
    m = re.search(r'requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, (\d+) failed, '
                  r'(\d+) errored, (\d+) timeout', out)
    codes = re.search(r'status codes: (\d+) 2xx, (\d+) 3xx, (\d+) 4xx, (\d+) 5xx', out)
    finished = re.search(r'finished in ([\d.]+)(us|ms|s), ([\d.]+) req/s', out)
    protocol = re.search(r'Application protocol: (\S+)', out)
    if not m or not finished or status != 0:
        return {'count': 0, 'errors': {'exit_status': 'killed after %d s' % (seconds + 60) if status is None
                                       else status, 'output': out[-2000:]}}
    total, started, done, ok, failed, errored, timeout = map(int, m.groups())
    non_2xx = sum(map(int, codes.groups()[1:])) if codes else 0
    errors = {k: v for k, v in [('failed', failed), ('errored', errored), ('timeout', timeout),
                                ('non_2xx', non_2xx)] if v}
    if not protocol or protocol.group(1) != protocol_expected:
        errors['protocol'] = protocol.group(1) if protocol else 'none'
    clients = re.search(r'req/s\s*:\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)', out)
    if clients and float(clients.group(1)) == 0:
        errors['clients_with_no_answer'] = True  # e.g. a connection whose handshake did not finish in time
    return {'count': ok - non_2xx, 'h2load_req_per_s': float(finished.group(3)),
            'client_req_per_s_min_max_mean': [float(x) for x in clients.groups()] if clients else None,
            'h2load_seconds': float(finished.group(1)) / {'us': 1e6, 'ms': 1e3, 's': 1}[finished.group(2)],
            'h2load_started': started, 'h2load_done': done, 'errors': errors}


def wrk_https(tls_port, seconds, cpus, connections):
    cmd = ['taskset', '-c', cpus, 'wrk', '-t1', '-c%d' % connections, '-d%ds' % seconds, '--timeout', '8s',
           '-H', ACCEPT_TEXT, '-H', 'Connection: keep-alive', 'https://127.0.0.1:%d/plaintext' % tls_port]
    out, status = run_bounded(cmd, seconds)
    m = re.search(r'(\d+) requests in', out)
    errors = {}
    socket_errors = re.search(r'Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)', out)
    if socket_errors:
        errors.update({k: int(v) for k, v in zip(['connect', 'read', 'write', 'timeout'], socket_errors.groups())
                       if int(v)})
    non2xx = re.search(r'Non-2xx or 3xx responses: (\d+)', out)
    if non2xx:
        errors['non_2xx'] = int(non2xx.group(1))
    if not m or status != 0:
        errors['exit_status'] = 'killed after %d s' % (seconds + 60) if status is None else status
        errors['output'] = out[-2000:]
    return {'count': int(m.group(1)) if m else 0, 'errors': errors}


def handshakes(tls_port, seconds, cpus, clients, children):
    cmd = ['taskset', '-c', cpus, 'openssl', 's_time', '-connect', '127.0.0.1:%d' % tls_port, '-new',
           '-time', str(seconds)]
    started = time.time()
    procs = []
    for _ in range(clients):
        procs.append(subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                                      errors='replace', stdin=subprocess.DEVNULL, preexec_fn=die_with_parent))
        children.append(procs[-1])
    count, errors = 0, {}
    for proc in procs:
        try:
            out, err = proc.communicate(timeout=max(1, started + seconds + 60 - time.time()))
        except subprocess.TimeoutExpired:
            proc.kill()
            out, err = proc.communicate()
            errors['timeout'] = errors.get('timeout', 0) + 1
        m = re.search(r'(\d+) connections in [\d.]+s;', out)
        if m:
            count += int(m.group(1))
        if proc.returncode != 0 or not m:
            errors['client_failed'] = errors.get('client_failed', 0) + 1
            errors.setdefault('client_output', (out + err)[-1000:])
        children.remove(proc)
    return {'count': count, 'wall_seconds': round(time.time() - started, 3), 'errors': errors}


def measure(scenario, name, a, children):
    port, tls_port = PORTS[name]
    if scenario == 'h2c':
        return h2load('http://127.0.0.1:%d/plaintext' % port, 'h2c', a.duration, a.load_cpus, a.h2_connections,
                      a.streams)
    if scenario == 'h2':
        return h2load('https://127.0.0.1:%d/plaintext' % tls_port, 'h2', a.duration, a.load_cpus, a.h2_connections,
                      a.streams)
    if scenario == 'https1':
        return wrk_https(tls_port, a.duration, a.load_cpus, a.connections)
    if scenario == 'handshakes':
        return handshakes(tls_port, a.duration, a.load_cpus, a.handshake_clients, children)
    raise SystemExit('unknown scenario ' + scenario)


def git_commit(path, warnings, not_in_jar):
    """HEAD of the work tree that holds path (the jar's build), marked when that tree has uncommitted changes;
    a warning when the jar is older than the last commit that changed what it is built from (every path but
    not_in_jar): then it was not built from HEAD."""
    where = os.path.dirname(os.path.abspath(path))
    head = subprocess.run(['git', '-C', where, 'rev-parse', 'HEAD'], capture_output=True, text=True)
    if head.returncode != 0:
        warnings.append('%s is outside a git work tree: its commit is unknown (say it with --commit)' % path)
        return None
    commit = head.stdout.strip()
    top = subprocess.run(['git', '-C', where, 'rev-parse', '--show-toplevel'], capture_output=True, text=True)
    last = subprocess.run(['git', '-C', top.stdout.strip(), 'log', '-1', '--format=%h %ct', '--', '.']
                          + [':!' + p for p in not_in_jar], capture_output=True, text=True).stdout.split()
    if last and os.path.getmtime(path) < int(last[1]):
        warnings.append('%s is older than %s, which changed its sources: rebuild it' % (path, last[0]))
    if subprocess.run(['git', '-C', where, 'status', '--porcelain', '--untracked-files=no'], capture_output=True,
                      text=True).stdout.strip():
        commit += ' (+ uncommitted changes)'
    return commit


def log_report(path):
    """A server log's size, its lines that look like trouble, and its last lines."""
    with open(path, errors='replace') as f:
        lines = f.read().splitlines()
    trouble = [l for l in lines if re.search(r'Exception|Error|ERROR|WARN|SEVERE|refused|failed', l)]
    return {'lines': len(lines), 'trouble_lines': len(trouble), 'trouble_first': trouble[:20], 'last': lines[-20:]}


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument('--rounds', type=int, default=5)
    p.add_argument('--duration', type=int, default=8, help='seconds of each measured run')
    p.add_argument('--warmup', type=int, default=8, help='seconds of warm-up per scenario and server')
    p.add_argument('--scenarios', default=','.join(SCENARIOS))
    p.add_argument('--h2-connections', type=int, default=100, help='h2load -c')
    p.add_argument('--streams', type=int, default=10, help='h2load -m: concurrent streams per connection')
    p.add_argument('--connections', type=int, default=256, help='wrk -c (https1)')
    p.add_argument('--handshake-clients', type=int, default=4, help='openssl s_time processes at once')
    p.add_argument('--server-cpus', default='0')
    p.add_argument('--load-cpus', default='1')
    p.add_argument('--barista-jar', default=os.path.join(ROOT, 'cli/target/barista.jar'))
    p.add_argument('--bench-jar', default=os.path.join(ROOT, 'bench/target/barista-bench.jar'))
    p.add_argument('--commit', default=None, help='the commit the jars were built from, when they are not in '
                   'the work tree they were built in (default: HEAD of the work tree that holds each jar)')
    p.add_argument('--out', default=None)
    a = p.parse_args()
    scenarios = a.scenarios.split(',')
    for s in scenarios:
        if s not in SCENARIOS:
            raise SystemExit('unknown scenario %s (known: %s)' % (s, ','.join(SCENARIOS)))
    for tool in ['h2load', 'wrk', 'openssl', 'curl', 'taskset']:
        if subprocess.run(['sh', '-c', 'command -v ' + tool], capture_output=True).returncode != 0:
            raise SystemExit('needs ' + tool)
    for jar in [a.barista_jar, a.bench_jar]:
        if not os.path.isfile(jar):
            raise SystemExit('no %s (build: mvn -B -q -DskipTests install -pl cli,bench -am)' % jar)
    java, jdk = find_java()
    work = tempfile.mkdtemp(prefix='h2-vs-netty-')
    cert, key = make_certificate(work)
    servers = {
        'barista': [java] + JVM + ['-jar', a.barista_jar, 'serve', '--port', str(PORTS['barista'][0]), '--loops', '1',
                                   '--no-shop', '--tls-cert', cert, '--tls-key', key,
                                   '--tls-port', str(PORTS['barista'][1])],
        'netty': [java] + JVM + NETTY_PROPS + ['-cp', a.bench_jar, 'dev.barista.bench.peers.NettyH2Server',
                                               '--port', str(PORTS['netty'][0]), '--threads', '1',
                                               '--tls-cert', cert, '--tls-key', key,
                                               '--tls-port', str(PORTS['netty'][1])],
    }
    procs, children, logs = {}, [], {}

    def stop(*_):
        for proc in children + list(procs.values()):
            if proc.poll() is None:
                proc.terminate()
        for proc in children + list(procs.values()):
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    signal.signal(signal.SIGHUP, lambda *_: sys.exit(129))
    rows, tls, warnings = [], {}, []
    try:
        for name, cmd in servers.items():
            logs[name] = os.path.join(work, name + '.log')
            with open(logs[name], 'w') as log:
                procs[name] = subprocess.Popen(['taskset', '-c', a.server_cpus] + cmd, stdout=log,
                                               stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                               preexec_fn=die_with_parent)
        for name in servers:
            for port in PORTS[name]:
                try:
                    wait_port(port, procs[name], name)
                except NotListening as e:
                    raise SystemExit(str(e))
            check(name, *PORTS[name])
            tls[name] = tls_parameters(PORTS[name][1])
        print('TLS negotiated:', json.dumps(tls), flush=True)
        warmup = argparse.Namespace(**{**vars(a), 'duration': a.warmup})
        for name in servers:
            for s in scenarios:
                measure(s, name, warmup, children)
        for name in servers:
            errors = h2load_check(*PORTS[name], a.load_cpus)
            if errors:
                warnings.append('%s failed h2load -n 1000 -c 10 -m 10: %s' % (name, json.dumps(errors)))
                print('WARNING: %s failed h2load -n 1000 -c 10 -m 10: %s' % (name, json.dumps(errors)), flush=True)
        for r in range(1, a.rounds + 1):
            for s in scenarios:
                for name in servers:
                    pid = procs[name].pid
                    if procs[name].poll() is not None:
                        raise SystemExit('%s exited during the run (see %s)' % (name, logs[name]))
                    t0, c0, l0, b0 = time.time(), cpu_ticks(pid), children_seconds(), busy_ticks()
                    result = measure(s, name, a, children)
                    t1, c1, l1, b1 = time.time(), cpu_ticks(pid), children_seconds(), busy_ticks()
                    unit = 'connections' if s == 'handshakes' else 'requests'
                    seconds = result.get('wall_seconds') or result.get('h2load_seconds') or a.duration
                    n = result['count']
                    row = {'round': r, 'scenario': s, 'server': name, 'started': datetime.fromtimestamp(
                               t0, timezone.utc).strftime('%H:%M:%S'), 'unit': unit, unit: n,
                           unit + '_per_s': round(n / seconds, 1),
                           'cpu_us_per_' + unit[:-1]: round((c1 - c0) / HZ * 1e6 / n, 3) if n else None,
                           'server_cpu_percent': round((c1 - c0) / HZ / (t1 - t0) * 100),
                           'load_cpu_percent': round((l1 - l0) / (t1 - t0) * 100),
                           'other_cpu_percent': max(0, round(((b1 - b0 - c1 + c0) / HZ - (l1 - l0)) / (t1 - t0) * 100)),
                           'seconds': round(seconds, 3), 'valid': not result['errors'] and n > 0,
                           'errors': result['errors']}
                    row.update({k: v for k, v in result.items() if k not in ('count', 'errors', 'wall_seconds')})
                    rows.append(row)
                    print('round %d %-10s %-7s %9.0f %s/s %8.2f us CPU/%s  CPU: server %3d%% load %3d%% other %3d%%  %s'
                          % (r, s, name, row[unit + '_per_s'], unit, row['cpu_us_per_' + unit[:-1]] or 0, unit[:-1],
                             row['server_cpu_percent'], row['load_cpu_percent'], row['other_cpu_percent'],
                             'ok' if row['valid'] else 'INVALID ' + json.dumps(row['errors'])), flush=True)
        for name, proc in procs.items():
            if proc.poll() is not None:
                warnings.append('%s exited (status %s) before the end of the run' % (name, proc.returncode))
    except KeyboardInterrupt:
        raise SystemExit(130)
    finally:
        stop()
    summary, invalid = {}, []
    for s in scenarios:
        unit = 'connections' if s == 'handshakes' else 'requests'
        per = 'cpu_us_per_' + unit[:-1]
        pairs = []
        for r in range(1, a.rounds + 1):
            b = next(x for x in rows if x['round'] == r and x['scenario'] == s and x['server'] == 'barista')
            n = next(x for x in rows if x['round'] == r and x['scenario'] == s and x['server'] == 'netty')
            if b['valid'] and n['valid']:
                pairs.append((b, n))
            else:
                invalid.append({'round': r, 'scenario': s, 'barista_errors': b['errors'], 'netty_errors': n['errors']})
        entry = {'valid_rounds': len(pairs), 'rounds': a.rounds}
        if pairs:
            paired = [b[unit + '_per_s'] / n[unit + '_per_s'] for b, n in pairs]  # s_time's windows differ
            entry.update({
                'barista_%s_per_s_median' % unit: statistics.median(b[unit + '_per_s'] for b, _ in pairs),
                'netty_%s_per_s_median' % unit: statistics.median(n[unit + '_per_s'] for _, n in pairs),
                'ratio_median_of_paired_rounds': round(statistics.median(paired), 3),
                'ratio_min': round(min(paired), 3), 'ratio_max': round(max(paired), 3),
                'barista_%s_median' % per: statistics.median(b[per] for b, _ in pairs),
                'netty_%s_median' % per: statistics.median(n[per] for _, n in pairs),
                'cpu_ratio_median_of_paired_rounds': round(statistics.median(b[per] / n[per] for b, n in pairs), 3),
            })
        summary[s] = entry
    cpu = next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), '?')
    if len({json.dumps(t, sort_keys=True) for t in tls.values()}) > 1:
        warnings.append('the servers negotiated different TLS parameters: %s' % json.dumps(tls))
    commits = {k: a.commit or git_commit(jar, warnings, skip) for k, jar, skip in [
        ('barista', a.barista_jar, ['bench', 'docs', '*.md', '*.py', '*.sh']),
        ('bench', a.bench_jar, ['docs', '*.md', '*.py', '*.sh', '*.lua'])]}
    meta = {'commit': commits['barista'], 'bench_jar_commit': commits['bench'],
            'date': datetime.now(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'),
            'machine': {'nproc': os.cpu_count(), 'model_name': cpu, 'kernel': os.uname().release},
            'jdk': jdk, 'command': [os.path.relpath(sys.argv[0], ROOT)] + sys.argv[1:],
            'barista_jar': os.path.abspath(a.barista_jar), 'bench_jar': os.path.abspath(a.bench_jar),
            'jars_modified': {k: datetime.fromtimestamp(os.path.getmtime(v), timezone.utc).strftime(
                '%Y-%m-%dT%H:%M:%SZ') for k, v in [('barista', a.barista_jar), ('bench', a.bench_jar)]},
            'servers': {k: ' '.join(v[1:]).replace(work, '$TMP') for k, v in servers.items()},
            'tls': tls, 'certificate': 'EC P-256 (prime256v1) self-signed, openssl req -x509, PKCS#8 key; '
                                       'the same files for both servers',
            'setup': 'both servers pinned to CPU %s (one under load at a time), the load generator to CPU %s; '
                     'JVM %s; warm-up %d s per scenario and server, then rounds of %d s alternating Barista then '
                     'Netty per scenario' % (a.server_cpus, a.load_cpus, ' '.join(JVM), a.warmup, a.duration),
            'scenarios': {
                'h2c': 'h2load -c %d -m %d -t 1 -N 3 -D %d -H <accept> http://127.0.0.1:PORT/plaintext '
                       '(prior knowledge)' % (a.h2_connections, a.streams, a.duration),
                'h2': 'h2load -c %d -m %d -t 1 -N 3 -D %d -H <accept> https://127.0.0.1:TLS_PORT/plaintext (ALPN h2)'
                      % (a.h2_connections, a.streams, a.duration),
                'https1': 'wrk -t1 -c%d -d%ds --timeout 8s -H <accept> -H "Connection: keep-alive" '
                          'https://127.0.0.1:TLS_PORT/plaintext (no ALPN: HTTP/1.1)' % (a.connections, a.duration),
                'handshakes': '%d x openssl s_time -connect 127.0.0.1:TLS_PORT -new -time %d' % (
                    a.handshake_clients, a.duration)},
            'handshake_method': HANDSHAKE_METHOD,
            'validity': 'a round counts only when both servers served it without a failed, errored or timed-out '
                        'request (h2load), socket error or non-2xx (wrk), or failed s_time client',
            'warnings': warnings}
    result = {'meta': meta, 'summary': summary, 'invalid_rounds': invalid,
              'server_logs': {k: log_report(v) for k, v in logs.items()}, 'rows': rows}
    print(json.dumps({'summary': summary, 'invalid_rounds': invalid, 'warnings': warnings}, indent=1))
    for name, report in result['server_logs'].items():
        print('%s log: %d lines, %d that look like trouble (%s)' % (name, report['lines'], report['trouble_lines'],
                                                                   logs[name]))
    if a.out:
        provenance.write(a.out, result)
        print('results:', a.out)


if __name__ == '__main__':
    main()
