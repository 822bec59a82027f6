#!/usr/bin/env python3
"""Barista behind HAProxy on simulated hosts: Linux network namespaces joined by a bridge, on this machine only.

    10.77.0.1  the client (root namespace, on bridge bcl0): ./barista load
    10.77.0.2  bcl-lb: HAProxy (Debian's), health-checking /health/ready, PROXY protocol v2 to the backends
    10.77.0.11 bcl-h1 ... 10.77.0.(10+N) bcl-hN: one Barista each (serve --proxy-protocol --trusted-proxies 10.77.0.2)

  ./barista cluster ARGS runs this script (building the jar first when needed).
  scripts/cluster.py up [-n 3]        bring the topology up (idempotent: tears down a previous one first)
  scripts/cluster.py status           HAProxy's view of every backend
  scripts/cluster.py down             tear everything down (also after a crash: namespaces, bridge, processes)
  scripts/cluster.py rolling [-n 3]   up; open-loop load through HAProxy; restart every instance gracefully,
                                      one after the other; report failed requests; down
  scripts/cluster.py kill [-n 3]      up; open-loop load; kill -9 one instance, restart it later; report the
                                      failed requests, how fast HAProxy routed around it and took it back; down
  scripts/cluster.py curve [-n 4]     up; closed-loop load with 1..N backends in service; requests/s and the CPU
                                      of each part (client, balancer, backends) per step; down
  scripts/cluster.py shop             the shop spread out: gateways on bcl-g1..G, the user, product and inventory
                                      services on bcl-s1..S, every call through HAProxy; searches at a steady rate
                                      while service host bcl-sS drops off the network and comes back; what the
                                      searches answered, second by second (the gateway's failure policy); down
  --out FILE writes the result as JSON (with commit, machine, date and command). Needs root, ip, haproxy
  (installed with apt-get when missing) and the built jar (./barista build). Every load is bounded in time.
"""
import argparse, atexit, json, os, platform, resource, signal, socket, subprocess, sys, time
from datetime import datetime, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
JAR = os.path.join(ROOT, 'cli', 'target', 'barista.jar')
STATE = '/run/barista-cluster'
BRIDGE, PREFIX, NET = 'bcl0', 'bcl-', '10.77.0'
CLIENT_IP, LB_IP, PORT = f'{NET}.1', f'{NET}.2', 8080
HZ = os.sysconf('SC_CLK_TCK')


def log(msg):
    print(f'cluster: {msg}', file=sys.stderr, flush=True)


def die(msg):
    log(msg)
    sys.exit(1)


def sh(*cmd, check=True, quiet=True):
    r = subprocess.run(cmd, stdout=subprocess.PIPE if quiet else None, stderr=subprocess.PIPE, text=True)
    if check and r.returncode != 0:
        raise RuntimeError(f'{" ".join(cmd)}: {r.stderr.strip()}')
    return r.stdout if quiet else ''


def java():
    for home in [os.environ.get('JAVA_HOME', '')] + sorted(
            (os.path.join('/usr/lib/jvm', d) for d in os.listdir('/usr/lib/jvm')), reverse=True):
        exe = os.path.join(home, 'bin', 'java')
        if home and os.access(exe, os.X_OK):
            out = subprocess.run([exe, '-XshowSettings:properties', '-version'], capture_output=True, text=True).stderr
            for line in out.splitlines():
                if 'java.specification.version' in line and int(line.split('=')[1].strip()) >= 25:
                    return exe
    die('no JDK 25 found (set JAVA_HOME)')


def host_ip(k):
    return f'{NET}.{10 + k}'


def service_host_ip(k):
    return f'{NET}.{100 + k}'


SERVICES = {'user': 18081, 'product': 18082, 'inventory': 18083}


def netns(name, *cmd):
    return ['ip', 'netns', 'exec', name, *cmd]


# ---- topology ----------------------------------------------------------------------------------------------

def down():
    """Everything this script may have made, whatever state it is in."""
    names = [l.split()[0] for l in sh('ip', 'netns', 'list', check=False).splitlines() if l.startswith(PREFIX)]
    for name in names:
        for pid in sh('ip', 'netns', 'pids', name, check=False).split():
            try:
                os.kill(int(pid), signal.SIGKILL)
            except ProcessLookupError:
                pass
    for name in names:
        for _ in range(50):  # a killed process leaves the namespace a moment later
            if not sh('ip', 'netns', 'pids', name, check=False).split():
                break
            time.sleep(0.1)
        sh('ip', 'netns', 'delete', name, check=False)
    sh('ip', 'link', 'delete', BRIDGE, check=False)
    for line in sh('ip', '-o', 'link', 'show', check=False).splitlines():
        dev = line.split(':')[1].strip().split('@')[0]
        if dev.startswith(PREFIX):
            sh('ip', 'link', 'delete', dev, check=False)
    sh('rm', '-rf', STATE, check=False)


def add_host(name, ip):
    sh('ip', 'netns', 'add', name)
    sh('ip', 'link', 'add', f'{name}-h', 'type', 'veth', 'peer', 'name', 'eth0', 'netns', name)
    sh('ip', 'link', 'set', f'{name}-h', 'master', BRIDGE, 'up')
    sh(*netns(name, 'ip', 'addr', 'add', f'{ip}/24', 'dev', 'eth0'))
    sh(*netns(name, 'ip', 'link', 'set', 'eth0', 'up'))
    sh(*netns(name, 'ip', 'link', 'set', 'lo', 'up'))


def fresh_network():
    """After tearing down whatever was there: the state directory, the bridge with the client's address, the balancer's host."""
    down()
    os.makedirs(STATE, mode=0o700)
    sh('ip', 'link', 'add', BRIDGE, 'type', 'bridge')
    sh('ip', 'addr', 'add', f'{CLIENT_IP}/24', 'dev', BRIDGE)
    sh('ip', 'link', 'set', BRIDGE, 'up')
    add_host(f'{PREFIX}lb', LB_IP)


def up(n):
    if os.geteuid() != 0:
        die('needs root (network namespaces)')
    if not os.path.exists(JAR):
        die(f'{JAR} is missing: ./barista build')
    if subprocess.run(['which', 'haproxy'], capture_output=True).returncode != 0:
        log('haproxy is missing: installing it with apt-get')
        if subprocess.run(['apt-get', 'install', '-y', '-q', 'haproxy'], capture_output=True).returncode != 0:
            die('could not install haproxy (apt-get install haproxy)')
    fresh_network()
    for k in range(1, n + 1):
        add_host(f'{PREFIX}h{k}', host_ip(k))
        start_instance(k)
    write_haproxy(n)
    sh(*netns(f'{PREFIX}lb', 'haproxy', '-f', f'{STATE}/haproxy.cfg', '-D', '-p', f'{STATE}/haproxy.pid'))
    wait_states({f'barista/h{k}': 'UP' for k in range(1, n + 1)}, 60)
    log(f'up: HAProxy on http://{LB_IP}:{PORT}/ in front of {n} Barista instance(s)')


def serve_args():
    args = ['--proxy-protocol', '--trusted-proxies', LB_IP, '--loops', '1', '--readiness-delay', '2',
            '--shutdown-grace', '10']
    help_text = subprocess.run([java(), '-jar', JAR, 'serve', '--help'], capture_output=True, text=True).stdout
    return args + (['--no-shop'] if '--no-shop' in help_text else [])


def start_instance(k):
    d = f'{STATE}/h{k}'
    os.makedirs(d, exist_ok=True)
    cmd = netns(f'{PREFIX}h{k}', java(), '-Xms256m', '-Xmx256m', '-XX:+UseParallelGC', '-XX:+ExitOnOutOfMemoryError',
                '-jar', JAR, 'serve', '--host', host_ip(k), '--port', str(PORT), '--data-dir', f'{d}/shop',
                *SERVE_ARGS)
    with open(f'{d}/log', 'a') as out:
        p = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                             start_new_session=True)
    with open(f'{d}/pid', 'w') as f:
        f.write(str(p.pid))
    PROCS[k] = p


def stop_instance(k, sig=signal.SIGTERM):
    p = PROCS[k]
    p.send_signal(sig)
    p.wait(60)


def write_haproxy(n):
    servers = '\n'.join(f'    server h{k} {host_ip(k)}:{PORT}' for k in range(1, n + 1))
    with open(f'{STATE}/haproxy.cfg', 'w') as f:
        f.write(f'''# written by scripts/cluster.py
global
    # Two descriptors per proxied connection, and a process may hold 20,000 here.
    maxconn 9000
    stats socket {STATE}/haproxy.sock mode 600 level admin
    log stdout format raw local0 notice

defaults
    mode http
    option http-keep-alive
    timeout connect 1s
    timeout client 30s
    timeout server 30s
    timeout http-keep-alive 30s
    timeout check 1s
    # A request that failed before any response byte (a connection the backend was closing, a backend that
    # died) is retried once on another server: only requests that cannot have been processed are retried.
    retries 2
    option redispatch 1
    retry-on conn-failure empty-response

frontend www
    bind {LB_IP}:{PORT}
    default_backend barista

backend barista
    balance roundrobin
    # Backend connections are kept alive and shared ("safe": a connection is reused only for requests that
    # could be retried), and closed after 5 s idle, long before Barista's 60 s idle timeout: HAProxy never
    # reuses a connection the backend is about to close for being idle.
    http-reuse safe
    option httpchk GET /health/ready
    http-check expect status 200
    default-server check inter 250ms fall 2 rise 2 send-proxy-v2 check-send-proxy pool-purge-delay 5s
{servers}
''')


def haproxy(command):
    with socket.socket(socket.AF_UNIX) as s:
        s.connect(f'{STATE}/haproxy.sock')
        s.sendall((command + '\n').encode())
        chunks = []
        while chunk := s.recv(65536):
            chunks.append(chunk)
    return b''.join(chunks).decode()


def states():
    """'backend/server' -> UP / DOWN / MAINT / NOLB (draining), for every server, as HAProxy sees it now."""
    out = {}
    lines = haproxy('show stat').splitlines()
    header = lines[0].lstrip('# ').split(',')
    for line in lines[1:]:
        row = dict(zip(header, line.split(',')))
        if row.get('svname') not in ('BACKEND', 'FRONTEND', None) and row.get('pxname'):
            out[f"{row['pxname']}/{row['svname']}"] = row['status'].split()[0]
    return out


def wait_states(expected, timeout):
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            now = states()
            if all(now.get(k) == v for k, v in expected.items()):
                return time.time()
        except OSError:
            pass
        time.sleep(0.05)
    die(f'HAProxy did not reach {expected} in {timeout} s (now: {states()})')


# ---- load ---------------------------------------------------------------------------------------------------

def start_load(path, seconds, rate=None, connections=64):
    return start_load_url(f'http://{LB_IP}:{PORT}{path}', seconds, rate, connections)


def start_load_url(url, seconds, rate=None, connections=64):
    cmd = [java(), '-jar', JAR, 'load', url, '-c', str(connections), '-d', str(seconds),
           '--warmup', '0', '--timeout', '5', '--json']
    if rate:
        cmd += ['-R', str(rate)]
    return subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish_load(p, seconds):
    out, err = p.communicate(timeout=seconds + 60)
    if p.returncode not in (0, 1) or not out.strip().startswith('{'):
        die(f'the load generator failed ({p.returncode}): {err[-800:]}')
    r = json.loads(out)
    return {k: r[k] for k in ('url', 'connections', 'rate', 'measured_seconds', 'requests', 'ok_requests',
                              'requests_per_second', 'error_total', 'errors', 'connect_failures', 'server_closes',
                              'latency')}


def cpu_seconds(pids):
    total = 0
    for pid in pids:
        try:
            with open(f'/proc/{pid}/stat') as f:
                fields = f.read().rsplit(')', 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / HZ
        except (FileNotFoundError, ProcessLookupError):
            pass
    return total


# ---- experiments --------------------------------------------------------------------------------------------

def rolling(a):
    up(a.n)
    seconds = a.duration
    load = start_load('/plaintext', seconds, rate=a.rate)
    time.sleep(3)
    restarts = []
    for k in range(1, a.n + 1):
        t0 = time.time()
        stop_instance(k)  # SIGTERM: not ready for 2 s while serving, then drain and exit
        t_exit = time.time()
        start_instance(k)
        t_up = wait_states({f'barista/h{k}': 'UP'}, 60)
        restarts.append({'instance': f'h{k}', 'stop_seconds': round(t_exit - t0, 2),
                         'back_in_rotation_seconds': round(t_up - t_exit, 2)})
        log(f'h{k} restarted: stopped in {t_exit - t0:.1f} s, back in rotation {t_up - t_exit:.1f} s later')
        time.sleep(1)
    result = finish_load(load, seconds)
    verdict = 'PASS' if result['error_total'] == 0 and result['ok_requests'] == result['requests'] else 'FAIL'
    return {'experiment': 'rolling-restart', 'instances': a.n, 'verdict': verdict, 'restarts': restarts,
            'load': result, 'note': 'PASS means zero failed requests while every instance was restarted once'}


def kill(a):
    up(a.n)
    seconds = a.duration
    load = start_load('/plaintext', seconds, rate=a.rate)
    time.sleep(3)
    victim = a.n
    t_kill = time.time()
    stop_instance(victim, signal.SIGKILL)
    t_down = wait_states({f'barista/h{victim}': 'DOWN'}, 30)
    log(f'h{victim} killed; HAProxy marked it DOWN after {t_down - t_kill:.2f} s')
    time.sleep(4)
    t_start = time.time()
    start_instance(victim)
    t_up = wait_states({f'barista/h{victim}': 'UP'}, 60)
    log(f'h{victim} restarted; back in rotation after {t_up - t_start:.2f} s')
    result = finish_load(load, seconds)
    return {'experiment': 'kill-9', 'instances': a.n, 'victim': f'h{victim}',
            'marked_down_after_seconds': round(t_down - t_kill, 3),
            'back_in_rotation_after_restart_seconds': round(t_up - t_start, 3),
            'failed_requests': result['requests'] - result['ok_requests'], 'load': result,
            'note': 'failed requests are those in flight on the killed instance that HAProxy could not retry'}


def direct_reference(a):
    """One instance as the curve's backends run, on loopback in this namespace: no balancer, no bridge."""
    port = 18099
    ref = subprocess.Popen([java(), '-Xms256m', '-Xmx256m', '-XX:+UseParallelGC', '-jar', JAR, 'serve', '--host',
                            '127.0.0.1', '--port', str(port),
                            *[x for x in SERVE_ARGS if x not in ('--proxy-protocol',)]],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        for _ in range(200):
            try:
                socket.create_connection(('127.0.0.1', port), timeout=1).close()
                break
            except OSError:
                time.sleep(0.1)
        url = f'http://127.0.0.1:{port}/plaintext'
        finish_load(start_load_url(url, a.warmup, connections=a.connections), a.warmup)
        before = cpu_seconds([ref.pid]), time.time()
        result = finish_load(start_load_url(url, a.duration, connections=a.connections), a.duration)
        if ref.poll() is not None or result['ok_requests'] == 0:
            die(f'the direct reference instance did not serve (exit status {ref.poll()})')
        cpu = 100 * (cpu_seconds([ref.pid]) - before[0]) / (time.time() - before[1])
        return {'requests_per_second': result['requests_per_second'], 'errors': result['error_total'],
                'p99_ms': result['latency']['p99'], 'backend_cpu_percent': round(cpu, 1)}
    finally:
        ref.kill()
        ref.wait()


def curve(a):
    reference = direct_reference(a)
    log(f'direct, on loopback without HAProxy: {reference}')
    up(a.n)
    lb_pid = int(open(f'{STATE}/haproxy.pid').read().split()[0])
    steps = []
    for active in range(1, a.n + 1):
        for k in range(1, a.n + 1):
            haproxy(f'set server barista/h{k} state {"ready" if k <= active else "maint"}')
        wait_states({f'barista/h{k}': 'UP' if k <= active else 'MAINT' for k in range(1, a.n + 1)}, 30)
        warm = start_load('/plaintext', a.warmup, connections=a.connections)  # the JIT, the pools, the caches
        finish_load(warm, a.warmup)
        backends = [PROCS[k].pid for k in range(1, active + 1)]
        before = (cpu_seconds([lb_pid]), cpu_seconds(backends), time.time())
        children = resource.getrusage(resource.RUSAGE_CHILDREN)  # the load generator, once reaped
        load = start_load('/plaintext', a.duration, connections=a.connections)
        result = finish_load(load, a.duration)
        wall = time.time() - before[2]
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        client_cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
        step = {'backends': active, 'requests_per_second': result['requests_per_second'],
                'errors': result['error_total'], 'p99_ms': result['latency']['p99'],
                'client_cpu_percent': round(100 * client_cpu / wall, 1),
                'haproxy_cpu_percent': round(100 * (cpu_seconds([lb_pid]) - before[0]) / wall, 1),
                'backends_cpu_percent': round(100 * (cpu_seconds(backends) - before[1]) / wall, 1)}
        steps.append(step)
        log(f'{active} backend(s): {step}')
    return {'experiment': 'throughput-curve', 'instances': a.n, 'connections': a.connections,
            'duration_seconds': a.duration, 'warmup_seconds': a.warmup, 'direct_reference': reference,
            'steps': steps,
            'note': 'client (barista load), HAProxy and every backend share this machine\'s CPUs: the CPU columns '
                    'say which part saturates first'}


def spawn(key, ns, args):
    """Starts a Barista JVM in namespace ns with the given CLI arguments; PROCS[key] is its process."""
    d = f'{STATE}/{key}'
    os.makedirs(d, exist_ok=True)
    cmd = netns(ns, java(), '-Xms128m', '-Xmx256m', '-XX:+UseParallelGC', '-XX:+ExitOnOutOfMemoryError',
                '-jar', JAR, *args)
    with open(f'{d}/log', 'a') as out:
        PROCS[key] = subprocess.Popen(cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                      start_new_session=True)


def write_shop_haproxy(gateways, service_hosts):
    def backend(name, addresses):
        lines = '\n'.join(f'    server {n} {a}' for n, a in addresses)
        return f'''
backend {name}
    balance roundrobin
    http-reuse safe
    option httpchk GET /health/ready
    http-check expect status 200
    default-server check inter 250ms fall 2 rise 2 pool-purge-delay 5s
{lines}
'''
    frontends = f'''
frontend search
    bind {LB_IP}:{PORT}
    option forwardfor
    default_backend gateways
''' + ''.join(f'''
frontend {svc}
    bind {LB_IP}:{port}
    default_backend {svc}s
''' for svc, port in SERVICES.items())
    backends = backend('gateways', [(f'g{k}', f'{host_ip(k)}:{PORT}') for k in range(1, gateways + 1)])
    for svc, port in SERVICES.items():
        backends += backend(f'{svc}s', [(f's{k}', f'{service_host_ip(k)}:{port}') for k in range(1, service_hosts + 1)])
    with open(f'{STATE}/haproxy.cfg', 'w') as f:
        f.write(f'''# written by scripts/cluster.py shop
global
    maxconn 4000
    stats socket {STATE}/haproxy.sock mode 600 level admin

defaults
    mode http
    option http-keep-alive
    # The gateway gives each backend call 1 s: a connect that has not succeeded in 300 ms goes elsewhere.
    timeout connect 300ms
    timeout client 30s
    timeout server 30s
    timeout check 1s
    retries 2
    option redispatch 1
    retry-on conn-failure empty-response
{frontends}{backends}''')


def shop(a):
    gateways, service_hosts = a.gateways, a.service_hosts
    if os.geteuid() != 0:
        die('needs root (network namespaces)')
    fresh_network()
    for k in range(1, service_hosts + 1):
        ns = f'{PREFIX}s{k}'
        add_host(ns, service_host_ip(k))
        for svc, port in SERVICES.items():
            extra = ['--data-dir', f'{STATE}/s{k}-product/shop'] if svc == 'product' else []
            spawn(f's{k}-{svc}', ns, ['shop', svc, '--host', service_host_ip(k), '--port', str(port), '--loops', '1', *extra])
    for k in range(1, gateways + 1):
        ns = f'{PREFIX}g{k}'
        add_host(ns, host_ip(k))
        spawn(f'g{k}', ns, ['shop', 'gateway', '--host', host_ip(k), '--port', str(PORT), '--loops', '1',
                            *[f'--{svc}-url=http://{LB_IP}:{port}' for svc, port in SERVICES.items()]])
    write_shop_haproxy(gateways, service_hosts)
    sh(*netns(f'{PREFIX}lb', 'haproxy', '-f', f'{STATE}/haproxy.cfg', '-D', '-p', f'{STATE}/haproxy.pid'))
    everything = {f'gateways/g{k}': 'UP' for k in range(1, gateways + 1)}
    everything.update({f'{svc}s/s{k}': 'UP' for svc in SERVICES for k in range(1, service_hosts + 1)})
    wait_states(everything, 120)
    log(f'shop up: {gateways} gateway(s), {service_hosts} service host(s), searches at http://{LB_IP}:{PORT}/search')

    # Searches at a steady rate from the load generator, and a sampler that reads every answer it gets.
    url_path = '/search?q=espresso+machine&user=7'
    load = start_load(url_path, a.duration, rate=a.rate, connections=32)
    samples = []
    victim = f'{PREFIX}s{service_hosts}'
    events = {}
    t0 = time.time()
    lost = restored = False
    while time.time() - t0 < a.duration:
        t = time.time() - t0
        if not lost and t >= a.duration * 0.3:
            sh('ip', 'link', 'set', f'{victim}-h', 'down')  # the host drops off the network: no RST, no FIN
            events['host_lost_at_second'] = round(t, 2)
            lost = True
        if lost and not restored and t >= a.duration * 0.6:
            sh('ip', 'link', 'set', f'{victim}-h', 'master', BRIDGE, 'up')
            events['host_restored_at_second'] = round(t, 2)
            restored = True
        # When HAProxy had every service of the lost host DOWN, and when UP again after it came back.
        for happened, event, status in ((lost, 'marked_down_at_second', 'DOWN'),
                                        (restored, 'back_up_at_second', 'UP')):
            if happened and event not in events:
                try:
                    if all(states().get(f'{svc}s/s{service_hosts}') == status for svc in SERVICES):
                        events[event] = round(time.time() - t0, 2)
                except OSError:
                    pass
        samples.append(sample_search(url_path, t))
        time.sleep(max(0.0, 0.05 - (time.time() - t0 - t)))
    result = finish_load(load, a.duration)
    timeline = {}
    for second, outcome in samples:
        bucket = timeline.setdefault(int(second), {})
        bucket[outcome] = bucket.get(outcome, 0) + 1
    totals = {}
    for _, outcome in samples:
        totals[outcome] = totals.get(outcome, 0) + 1
    return {'experiment': 'shop-host-loss', 'gateways': gateways, 'service_hosts': service_hosts,
            'lost_host': victim, 'events': events, 'load': result, 'sampled_outcomes': totals,
            'sampled_timeline': [{'second': k, **v} for k, v in sorted(timeline.items())],
            'note': 'sampled outcomes: "200" a full answer, "200 degraded:<parts>" an answer served without '
                    'those backends (the gateway\'s failure policy), otherwise the status (or the client error)'}


def sample_search(path, t):
    try:
        with socket.create_connection((LB_IP, PORT), timeout=3) as c:
            c.sendall(f'GET {path} HTTP/1.1\r\nHost: {LB_IP}\r\nConnection: close\r\n\r\n'.encode())
            data = b''
            while chunk := c.recv(65536):
                data += chunk
        head, _, body = data.partition(b'\r\n\r\n')
        status = head.split(b' ', 2)[1].decode()
        if status == '200':
            degraded = json.loads(body).get('degraded') or []
            return t, '200' if not degraded else '200 degraded:' + ','.join(degraded)
        return t, status
    except (OSError, ValueError, IndexError) as e:
        return t, f'client: {type(e).__name__}'


def meta(argv):
    rev = subprocess.run(['git', '-C', ROOT, 'rev-parse', '--short', 'HEAD'], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(['git', '-C', ROOT, 'status', '--porcelain', '--untracked-files=no'], capture_output=True, text=True).stdout.strip()
    cpu = next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), '?')
    return {'commit': rev + (' (+ uncommitted changes)' if dirty else ''),
            'date': datetime.now(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'),
            'machine': f'{os.cpu_count()} CPUs, {cpu}, kernel {platform.release()}',
            'haproxy': sh('haproxy', '-v').splitlines()[0],
            'command': 'scripts/cluster.py ' + ' '.join(argv)}


PROCS = {}
SERVE_ARGS = []


def main():
    global SERVE_ARGS
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('command', choices=['up', 'down', 'status', 'rolling', 'kill', 'curve', 'shop'])
    ap.add_argument('--gateways', type=int, default=2, help='shop: gateway hosts (default 2)')
    ap.add_argument('--service-hosts', type=int, default=2, help='shop: hosts running the three services (default 2)')
    ap.add_argument('-n', type=int, default=3, help='Barista instances (default 3)')
    ap.add_argument('--duration', type=int, default=30, help='seconds of load (default 30; curve: per step)')
    ap.add_argument('--rate', type=int, default=2000, help='open-loop requests/s for rolling and kill (default 2000)')
    ap.add_argument('--warmup', type=int, default=10, help='curve: seconds of load before each measured step (default 10)')
    ap.add_argument('--connections', type=int, default=64, help='connections of the curve\'s closed loop (default 64)')
    ap.add_argument('--out', help='write the result as JSON to this file')
    a = ap.parse_args()
    if a.command == 'down':
        down()
        return
    if a.command == 'status':
        if not os.path.exists(f'{STATE}/haproxy.sock'):
            die('the cluster is not up (scripts/cluster.py up)')
        print(json.dumps(states(), indent=2))
        return
    if not 1 <= a.n <= 200:
        die('-n must be 1..200')
    SERVE_ARGS = serve_args()
    if a.command == 'up':
        try:
            up(a.n)
        except BaseException:
            down()  # half a topology is worse than none
            raise
        return
    # An experiment leaves nothing behind, whatever happens.
    atexit.register(down)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))
    result = {'rolling': rolling, 'kill': kill, 'curve': curve, 'shop': shop}[a.command](a)
    result = {'meta': meta(sys.argv[1:]), **result}
    text = json.dumps(result, indent=2)
    print(text)
    if a.out:
        os.makedirs(os.path.dirname(os.path.abspath(a.out)), exist_ok=True)
        with open(a.out, 'w') as f:
            f.write(text + '\n')


if __name__ == '__main__':
    main()
