#!/usr/bin/env python3
"""The whole page, not a window's worth: opens a file in headless Chromium over the DevTools protocol (on a pipe:
no port, no websocket library), waits for it to load, collects every console message and uncaught error, sizes the
viewport to the page's full height and writes one PNG of all of it. Exit 1 if the page logged anything.

  scripts/page-screenshot.py CHROMIUM PAGE.html OUT.png [WIDTH]
"""
import base64, fcntl, json, math, os, subprocess, sys, tempfile, time

chrome, page, out = sys.argv[1], os.path.abspath(sys.argv[2]), sys.argv[3]
width = int(sys.argv[4]) if len(sys.argv) > 4 else 1400

to_chrome_r, to_chrome_w = os.pipe()
from_chrome_r, from_chrome_w = os.pipe()
profile = tempfile.mkdtemp(prefix='page-screenshot-')


def child_fds():
    # The protocol's pipe: Chromium reads commands on descriptor 3 and writes answers on 4. Moved out of the way
    # first, so that neither end is overwritten by the other's dup2.
    r = fcntl.fcntl(to_chrome_r, fcntl.F_DUPFD, 10)
    w = fcntl.fcntl(from_chrome_w, fcntl.F_DUPFD, 10)
    os.dup2(r, 3)
    os.dup2(w, 4)


args = [chrome, '--headless=new', '--remote-debugging-pipe', '--disable-gpu', '--hide-scrollbars',
        f'--user-data-dir={profile}', '--no-first-run', '--disable-extensions', '--disable-background-networking']
if os.geteuid() == 0:
    args.append('--no-sandbox')
proc = subprocess.Popen(args, preexec_fn=child_fds, pass_fds=(3, 4),
                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
os.close(to_chrome_r)
os.close(from_chrome_w)
writer = os.fdopen(to_chrome_w, 'wb', buffering=0)
reader = os.fdopen(from_chrome_r, 'rb', buffering=0)
pending, buffer, events, next_id = {}, b'', [], [0]
deadline = time.time() + 120


def read_message():
    global buffer
    while b'\0' not in buffer:
        if time.time() > deadline:
            raise SystemExit('page-screenshot: Chromium did not answer in time')
        chunk = reader.read(65536)
        if not chunk:
            raise SystemExit('page-screenshot: Chromium closed the protocol pipe')
        buffer += chunk
    message, buffer = buffer.split(b'\0', 1)
    return json.loads(message)


def call(method, session=None, **params):
    next_id[0] += 1
    message = {'id': next_id[0], 'method': method, 'params': params}
    if session:
        message['sessionId'] = session
    writer.write(json.dumps(message).encode() + b'\0')
    while True:
        m = read_message()
        if m.get('id') == next_id[0]:
            if 'error' in m:
                raise SystemExit(f'page-screenshot: {method}: {m["error"]}')
            return m.get('result', {})
        events.append(m)


def wait_for(method):
    for e in events:
        if e.get('method') == method:
            return
    while True:
        m = read_message()
        events.append(m)
        if m.get('method') == method:
            return


try:
    target = call('Target.createTarget', url='about:blank')['targetId']
    session = call('Target.attachToTarget', targetId=target, flatten=True)['sessionId']
    for domain in ('Page', 'Runtime', 'Log'):
        call(f'{domain}.enable', session)
    call('Emulation.setDeviceMetricsOverride', session, width=width, height=900, deviceScaleFactor=1, mobile=False)
    call('Page.navigate', session, url='file://' + page)
    wait_for('Page.loadEventFired')
    size = call('Page.getLayoutMetrics', session)['cssContentSize']
    height = math.ceil(size['height'])
    call('Emulation.setDeviceMetricsOverride', session, width=width, height=height, deviceScaleFactor=1, mobile=False)
    shot = call('Page.captureScreenshot', session, format='png', captureBeyondViewport=True)
    with open(out, 'wb') as f:
        f.write(base64.b64decode(shot['data']))
    try:
        call('Browser.close')
    except SystemExit:
        pass
finally:
    proc.kill()
    proc.wait()
    subprocess.run(['rm', '-rf', profile])

console = []
for e in events:
    method, params = e.get('method'), e.get('params', {})
    if method == 'Runtime.consoleAPICalled':
        console.append(f"console.{params.get('type')}: " + ' '.join(str(a.get('value', a.get('description', '')))
                                                                 for a in params.get('args', [])))
    elif method == 'Runtime.exceptionThrown':
        console.append('uncaught: ' + params.get('exceptionDetails', {}).get('text', ''))
    elif method == 'Log.entryAdded':
        entry = params.get('entry', {})
        console.append(f"{entry.get('source')} {entry.get('level')}: {entry.get('text')}")
for line in console:
    print(f'page-screenshot: {line}', file=sys.stderr)
print(f'page-screenshot: {out}: {width}x{height} (the whole page)')
sys.exit(1 if console else 0)
