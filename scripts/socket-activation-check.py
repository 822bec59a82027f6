#!/usr/bin/env python3
"""Socket activation, as systemd does it (a .socket unit with Accept=no, StandardInput=socket): this script binds
and listens, then runs `barista serve --socket-activation` with the listening socket as standard input, and checks
that it answers; then stops it with SIGTERM, opens a connection while no server runs (it waits in the socket's
backlog, as during a systemd restart), starts a second server on the same socket, and checks that the waiting
connection is answered. Run by scripts/dist-smoke.sh.

  scripts/socket-activation-check.py dist/barista-<version>-linux-x64/bin/barista
"""
import signal, socket, subprocess, sys, time

launcher = sys.argv[1]
listener = socket.socket()
listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
listener.bind(('127.0.0.1', 0))
listener.listen(128)
port = listener.getsockname()[1]


def fail(msg, server=None):
    if server is not None and server.poll() is None:
        server.kill()
    out = server.stdout.read().decode(errors='replace')[-2000:] if server is not None else ''
    print(f'socket-activation: {msg}\n{out}', file=sys.stderr)
    sys.exit(1)


def start():
    return subprocess.Popen([launcher, 'serve', '--socket-activation', '--no-shop', '--readiness-delay', '0'],
                            stdin=listener.fileno(), stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


def get(sock=None, timeout=30):
    c = sock or socket.create_connection(('127.0.0.1', port), timeout=timeout)
    c.settimeout(timeout)
    c.sendall(b'GET /plaintext HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
    data = b''
    while chunk := c.recv(65536):
        data += chunk
    c.close()
    return data


def wait_until_serving(server):
    deadline = time.time() + 60
    while time.time() < deadline:
        if server.poll() is not None:
            fail(f'the server exited with {server.returncode}', server)
        try:
            with socket.create_connection(('127.0.0.1', port), timeout=1) as probe:
                probe.settimeout(1)
                probe.sendall(b'GET /health/ready HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')
                if probe.recv(64).startswith(b'HTTP/1.1 200'):
                    return
        except OSError:
            pass
        time.sleep(0.2)
    fail('the server did not become ready', server)


first = start()
wait_until_serving(first)
if not get().endswith(b'Hello, World!'):
    fail('no Hello, World! from the activated socket', first)
first.send_signal(signal.SIGTERM)
first.wait(30)

# No server runs now; the socket is still listening (this process holds it, as systemd does).
waiting = socket.create_connection(('127.0.0.1', port), timeout=5)
second = start()
answer = get(waiting, timeout=60)
if not answer.startswith(b'HTTP/1.1 200') or not answer.endswith(b'Hello, World!'):
    fail(f'the connection made between the two servers was not answered: {answer[:80]!r}', second)
second.send_signal(signal.SIGTERM)
second.wait(30)

# Without a listening socket on standard input it refuses in one line.
refused = subprocess.run([launcher, 'serve', '--socket-activation', '--no-shop'], stdin=subprocess.DEVNULL,
                         capture_output=True, text=True, timeout=60)
lines = refused.stderr.strip().splitlines()
if refused.returncode != 1 or len(lines) != 1 or 'socket activation' not in lines[0]:
    fail(f'without a socket: exit {refused.returncode}, stderr {refused.stderr!r}')
print(f'socket-activation: served on the passed socket; a connection made while no server ran waited in its '
      f'backlog and was answered by the next one; without a socket: "{lines[0]}"')
