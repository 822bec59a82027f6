#!/usr/bin/env python3
"""HTTP/2 and TLS against clients nobody here wrote, under every model; the results as JSON.

For each model, starts `barista serve` with h2c on its cleartext port and a self-signed TLS listener, then:
curl (h2c by prior knowledge, h2c by Upgrade, h2 by ALPN, HTTP/1.1 over TLS), nghttp, Python's h2 (prior
knowledge and TLS), openssl s_client (TLS 1.3 + ALPN h2 chosen, TLS 1.1 and CBC-only 1.2 refused), and
h2load -c 100 -m 10 -n 200000 over h2c and over h2, which must finish with zero failed or errored requests.
With --testssl, runs testssl.sh once (under the first model) and reports every finding rated worse than OK,
certificate trust aside (a self-signed certificate is untrusted by design).

  scripts/h2-interop.py                                   # every model, results to docs/http2/interop-<date>.json
  scripts/h2-interop.py --models reactor --requests 20000 --out /tmp/i.json
  scripts/h2-interop.py --testssl

Needs the CLI jar (./mvnw -q package -DskipTests -pl cli -am), a JDK 25, curl, nghttp2-client, python3-h2, openssl,
testssl.sh (Debian packages). Every server it starts is stopped on exit, failure or Ctrl-C.
"""
import argparse, json, os, re, signal, socket, ssl, subprocess, sys, tempfile, time
from datetime import datetime, timezone

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'bench'))
import provenance  # noqa: E402
from processes import find_java, wait_port  # noqa: E402
MODELS = ['reactor', 'event-loop', 'thread-per-connection', 'thread-pool', 'virtual-threads', 'prefork',
          'process-per-connection']
CLEARTEXT_ONLY = set()  # every model serves TLS (process-per-connection: a child per TLS connection too)
STARTED = []


def free_port():
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        return s.getsockname()[1]


def stop(proc):
    if proc.poll() is None:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(20)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


def run(cmd, timeout=120, stdin=None):
    try:
        # errors='replace': openssl s_client prints what the server sends, HTTP/2's binary SETTINGS included
        p = subprocess.run(cmd, capture_output=True, text=True, errors='replace', timeout=timeout, input=stdin)
        return p.returncode, p.stdout + p.stderr
    except subprocess.TimeoutExpired:
        return -1, 'timed out after %d s' % timeout


def check(name, ok, detail):
    return {'check': name, 'ok': bool(ok), 'detail': detail.strip()[-600:]}


def curl_checks(port, tls_port):
    out = []
    for name, args, want in [
        ('curl h2c prior knowledge', ['--http2-prior-knowledge', 'http://127.0.0.1:%d/plaintext' % port], '2'),
        ('curl h2c upgrade', ['--http2', 'http://127.0.0.1:%d/plaintext' % port], '2'),
        ('curl h2 over TLS (ALPN)', ['-k', '--http2', 'https://127.0.0.1:%d/plaintext' % tls_port], '2'),
        ('curl HTTP/1.1 over TLS', ['-k', '--http1.1', 'https://127.0.0.1:%d/plaintext' % tls_port], '1.1'),
    ]:
        if tls_port is None and 'TLS' in name:
            continue
        code, text = run(['curl', '-sS', '--max-time', '10', '-o', '/dev/null', '-w', '%{http_code} %{http_version}'] + args)
        ok = code == 0 and text.strip() == '200 ' + want
        out.append(check(name, ok, text))
    return out


def nghttp_check(port):
    code, text = run(['nghttp', '-ns', '--timeout=10', 'http://127.0.0.1:%d/plaintext' % port], timeout=30)
    return check('nghttp h2c (prior knowledge)', code == 0 and 'Request timing' in text or code == 0, text)


PYTHON_H2 = r'''
import socket, ssl, sys, h2.connection, h2.config, h2.events
port, tls = int(sys.argv[1]), sys.argv[2] == "tls"
sock = socket.create_connection(("127.0.0.1", port), timeout=10)
if tls:
    ctx = ssl.create_default_context(); ctx.check_hostname = False; ctx.verify_mode = ssl.CERT_NONE
    ctx.set_alpn_protocols(["h2"]); sock = ctx.wrap_socket(sock, server_hostname="localhost")
    assert sock.selected_alpn_protocol() == "h2", sock.selected_alpn_protocol()
conn = h2.connection.H2Connection(config=h2.config.H2Configuration(client_side=True))
conn.initiate_connection(); sock.sendall(conn.data_to_send())
for i in range(3):
    sid = conn.get_next_available_stream_id()
    conn.send_headers(sid, [(":method", "GET"), (":path", "/plaintext"), (":scheme", "https" if tls else "http"),
                            (":authority", "127.0.0.1")], end_stream=True)
    sock.sendall(conn.data_to_send())
    status, body, done = None, b"", False
    while not done:
        data = sock.recv(65536)
        if not data: raise SystemExit("connection closed")
        for e in conn.receive_data(data):
            if isinstance(e, h2.events.ResponseReceived): status = dict(e.headers)[b":status"]
            elif isinstance(e, h2.events.DataReceived):
                body += e.data; conn.acknowledge_received_data(e.flow_controlled_length, e.stream_id)
            elif isinstance(e, h2.events.StreamEnded) and e.stream_id == sid: done = True
        sock.sendall(conn.data_to_send())
    assert status == b"200" and body == b"Hello, World!", (status, body)
conn.close_connection(); sock.sendall(conn.data_to_send()); print("ok")
'''


def python_with_h2():
    """An interpreter that has the h2 package: Debian's python3-h2 is for /usr/bin/python3, not a pyenv's."""
    for python in [sys.executable, '/usr/bin/python3']:
        if run([python, '-c', 'import h2'])[0] == 0:
            return python
    raise SystemExit('no Python with the h2 package: apt-get install python3-h2')


def python_h2_checks(port, tls_port):
    out = []
    python = python_with_h2()
    for name, p, mode in [('python h2 (prior knowledge)', port, 'plain'), ('python h2 over TLS', tls_port, 'tls')]:
        if p is None:
            continue
        code, text = run([python, '-c', PYTHON_H2, str(p), mode], timeout=30)
        out.append(check(name, code == 0 and text.strip().endswith('ok'), text))
    return out


def openssl_checks(tls_port):
    target = '127.0.0.1:%d' % tls_port
    code, text = run(['openssl', 's_client', '-connect', target, '-alpn', 'h2,http/1.1'], stdin='', timeout=20)
    ok13 = re.search(r'New, TLSv1\.3,', text) is not None and re.search(r'ALPN protocol: h2\b', text) is not None
    code11, text11 = run(['openssl', 's_client', '-connect', target, '-tls1_1', '-brief'], stdin='', timeout=20)
    code_cbc, text_cbc = run(['openssl', 's_client', '-connect', target, '-tls1_2', '-cipher', 'AES128-SHA:AES256-SHA:'
                              'ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES128-SHA', '-brief'], stdin='', timeout=20)
    return [check('openssl: TLS 1.3 with ALPN h2', ok13, text),
            check('openssl: TLS 1.1 refused', code11 != 0, text11),
            check('openssl: CBC-only TLS 1.2 refused', code_cbc != 0, text_cbc)]


def h2load(url, requests):
    code, text = run(['h2load', '-c', '100', '-m', '10', '-n', str(requests), '-t', '1', url], timeout=600)
    m = re.search(r'requests: (\d+) total, (\d+) started, (\d+) done, (\d+) succeeded, (\d+) failed, (\d+) errored', text)
    rate = re.search(r'finished in [\d.]+m?s, ([\d.]+) req/s', text)
    proto = re.search(r'Application protocol: (\S+)', text)
    result = {'url': url, 'requests': requests, 'exit': code}
    if m:
        result.update(total=int(m.group(1)), succeeded=int(m.group(4)), failed=int(m.group(5)), errored=int(m.group(6)))
    if rate:
        result['req_per_s'] = float(rate.group(1))  # beside other checks, on a shared machine: not a benchmark
    if proto:
        result['protocol'] = proto.group(1)
    ok = bool(m) and code == 0 and int(m.group(4)) == requests and int(m.group(5)) == 0 and int(m.group(6)) == 0
    return check('h2load -c 100 -m 10 -n %d %s' % (requests, url.split(':')[0]), ok, text), result


def testssl(tls_port, raw_out):
    cmd = ['testssl', '--quiet', '--color', '0', '--warnings', 'batch', '--jsonfile', raw_out,
           '-p', '-s', '-f', '-P', '-S', '-U', '127.0.0.1:%d' % tls_port]
    if os.path.exists(raw_out):
        os.remove(raw_out)
    code, text = run(cmd, timeout=900)
    findings = json.load(open(raw_out)) if os.path.exists(raw_out) else []
    certificate = ('cert', 'chain_of_trust', 'OCSP', 'DNS_CAArecord', 'intermediate', 'trust')
    worse = [f for f in findings if f.get('severity') in ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')
             and not f.get('id', '').startswith(certificate)]
    certificate_only = [f for f in findings if f.get('severity') in ('LOW', 'MEDIUM', 'HIGH', 'CRITICAL')
                        and f.get('id', '').startswith(certificate)]
    return {'command': ' '.join(cmd), 'exit': code, 'findings': len(findings),
            'worse_than_ok': worse, 'certificate_findings_expected_for_self_signed': certificate_only,
            'ok': not worse and len(findings) > 0}


def main():
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('--models', default=','.join(MODELS))
    p.add_argument('--requests', type=int, default=200000)
    p.add_argument('--testssl', action='store_true')
    p.add_argument('--jar', default=os.path.join(ROOT, 'cli/target/barista.jar'))
    p.add_argument('--out', default=os.path.join(ROOT, 'docs/http2/interop-%s.json' % datetime.now().strftime('%Y-%m-%d')))
    a = p.parse_args()
    if not os.path.exists(a.jar):
        raise SystemExit('no %s: build it with ./mvnw -q package -DskipTests -pl cli -am' % a.jar)
    for tool in ['curl', 'nghttp', 'h2load', 'openssl']:
        if subprocess.run(['which', tool], capture_output=True).returncode != 0:
            raise SystemExit('%s is missing: apt-get install nghttp2-client curl openssl' % tool)
    java, _ = find_java()

    def on_signal(*_):
        for proc in STARTED:
            stop(proc)
        sys.exit(130)
    signal.signal(signal.SIGINT, on_signal)
    signal.signal(signal.SIGTERM, on_signal)

    # Taken before the run: the servers run the jars built from this tree, whatever is edited while they run.
    commit, date = provenance.commit(), datetime.now(timezone.utc).isoformat(timespec='seconds')
    results = []
    try:
        for i, model in enumerate(a.models.split(',')):
            port, tls_port = free_port(), free_port()
            cmd = [java, '-Xmx1g', '--enable-native-access=ALL-UNNAMED', '-jar', a.jar, 'serve', '--no-shop',
                   '--model', model, '--port', str(port), '--readiness-delay', '0s', '--shutdown-grace', '2s']
            secure = model not in CLEARTEXT_ONLY
            if secure:
                cmd += ['--tls', 'self-signed', '--tls-port', str(tls_port)]
            print('== %s' % model, flush=True)
            # The server's output goes to a file: a pipe nobody reads would stall a server that logs much, and
            # when a check fails its log says why (the end of it goes into the results).
            log = tempfile.NamedTemporaryFile(mode='w+', prefix='h2-interop-%s-' % model, suffix='.log', delete=False)
            proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, text=True)
            STARTED.append(proc)
            entry = {'model': model, 'command': ' '.join(cmd[1:]), 'checks': [], 'h2load': []}
            try:
                wait_port(port, proc, 'the server')
                if secure:
                    wait_port(tls_port, proc, 'the server')
                tp = tls_port if secure else None
                entry['checks'] += curl_checks(port, tp)
                entry['checks'].append(nghttp_check(port))
                entry['checks'] += python_h2_checks(port, tp)
                if secure:
                    entry['checks'] += openssl_checks(tls_port)
                for url in ['http://127.0.0.1:%d/plaintext' % port] + (
                        ['https://127.0.0.1:%d/plaintext' % tls_port] if secure else []):
                    c, r = h2load(url, a.requests)
                    entry['checks'].append(c)
                    entry['h2load'].append(r)
                if a.testssl and i == 0 and secure:
                    raw = os.path.join(os.path.dirname(a.out), 'testssl-%s.json' % datetime.now().strftime('%Y-%m-%d'))
                    os.makedirs(os.path.dirname(raw), exist_ok=True)
                    entry['testssl'] = testssl(tls_port, raw)
                    entry['testssl']['raw'] = os.path.relpath(raw, ROOT)
                    entry['checks'].append(check('testssl.sh: nothing worse than OK (certificate trust aside)',
                                                 entry['testssl']['ok'], json.dumps(entry['testssl']['worse_than_ok'])[:600]))
            except Exception as e:  # noqa: BLE001 - reported in the results, the other models still run
                entry['checks'].append(check('server started and answered', False, str(e)))
            finally:
                stop(proc)
                STARTED.remove(proc)
                log.close()
                if not all(c['ok'] for c in entry['checks']):
                    with open(log.name, errors='replace') as f:
                        entry['server_log_tail'] = f.read().splitlines()[-60:]
                    entry['server_log'] = log.name
                else:
                    os.unlink(log.name)
            for c in entry['checks']:
                print('  %s %s' % ('ok  ' if c['ok'] else 'FAIL', c['check']), flush=True)
            results.append(entry)
    finally:
        for proc in STARTED:
            stop(proc)

    report = {
        'commit': commit, 'date': date, 'machine': provenance.machine(),
        'command': ' '.join([os.path.relpath(sys.argv[0], ROOT)] + sys.argv[1:]),
        'tools': {t: run([t, '--version'])[1].splitlines()[0] if run([t, '--version'])[0] == 0 else '?'
                  for t in ['curl', 'nghttp', 'h2load']},
        'all_ok': all(c['ok'] for e in results for c in e['checks']),
        'models': results,
    }
    provenance.write(a.out, report)
    print('%s: %s' % ('all checks passed' if report['all_ok'] else 'SOME CHECKS FAILED', os.path.relpath(a.out, ROOT)))
    sys.exit(0 if report['all_ok'] else 1)


if __name__ == '__main__':
    main()
