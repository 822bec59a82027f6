#!/usr/bin/env python3
"""Offline checks of deploy/k8s/barista.yaml (no cluster needed): every document has the fields its kind
requires; the probes name paths the server answers (asked of a real server started from the distribution);
the container's args are accepted by `barista serve`; and the stop timings add up, so a pod is never killed
mid-drain: terminationGracePeriodSeconds >= preStop sleep + readiness delay + shutdown grace.

  deploy/check-k8s.py deploy/k8s/barista.yaml dist/barista-<version>-linux-x64/bin/barista
"""
import socket, subprocess, sys, time, urllib.error, urllib.request
import yaml

manifest, launcher = sys.argv[1], sys.argv[2]
docs = [d for d in yaml.safe_load_all(open(manifest)) if d]
problems = []
required = {'Deployment': ['spec.selector.matchLabels', 'spec.template.spec.containers'],
            'Service': ['spec.selector', 'spec.ports'],
            'PodDisruptionBudget': ['spec.selector.matchLabels'],
            'HorizontalPodAutoscaler': ['spec.scaleTargetRef', 'spec.maxReplicas', 'spec.metrics']}

def get(d, path):
    for key in path.split('.'):
        if not isinstance(d, dict) or key not in d: return None
        d = d[key]
    return d

kinds = {d['kind']: d for d in docs}
for kind, paths in required.items():
    if kind not in kinds: problems.append(f'no {kind}'); continue
    for p in paths:
        if get(kinds[kind], p) is None: problems.append(f'{kind}: {p} missing')
dep = kinds['Deployment']
labels = get(dep, 'spec.template.metadata.labels') or {}
for kind in ('Deployment', 'PodDisruptionBudget'):
    sel = get(kinds[kind], 'spec.selector.matchLabels') or {}
    if any(labels.get(k) != v for k, v in sel.items()): problems.append(f'{kind} selector does not match the pod labels')
if any(labels.get(k) != v for k, v in (get(kinds['Service'], 'spec.selector') or {}).items()):
    problems.append('Service selector does not match the pod labels')

container = get(dep, 'spec.template.spec.containers')[0]
args = container['args']
def seconds(text):
    """The CLI's duration syntax: 10 (seconds), 10s, 500ms, 250us, 2m, 1h."""
    for suffix, scale in (('ms', 1e-3), ('us', 1e-6), ('s', 1), ('m', 60), ('h', 3600)):
        if text.endswith(suffix):
            return float(text[:-len(suffix)]) * scale
    return float(text)

def arg(name, default):
    return seconds(args[args.index(name) + 1]) if name in args else default
pre_stop = get(container, 'lifecycle.preStop.sleep.seconds') or 0
budget = pre_stop + arg('--readiness-delay', 2) + arg('--shutdown-grace', 10)
grace = get(dep, 'spec.template.spec.terminationGracePeriodSeconds') or 30
if grace < budget: problems.append(f'terminationGracePeriodSeconds {grace} < preStop + delay + grace = {budget}')

# Start the server from the distribution with the manifest's own args (port changed) and ask every probe.
with socket.socket() as s:
    s.bind(('127.0.0.1', 0)); port = s.getsockname()[1]
run = [a for a in args]
run[run.index('--port') + 1] = str(port)
run[run.index('--host') + 1] = '127.0.0.1'
server = subprocess.Popen([launcher] + run, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
try:
    deadline = time.time() + 60
    probes = {k: get(container, f'{k}.httpGet.path') for k in ('startupProbe', 'readinessProbe', 'livenessProbe')}
    for kind, path in probes.items():
        if path is None: problems.append(f'{kind} has no httpGet path'); continue
        while True:
            try:
                status = urllib.request.urlopen(f'http://127.0.0.1:{port}{path}', timeout=2).status
            except urllib.error.HTTPError as e:
                status = e.code
            except OSError:
                if server.poll() is not None or time.time() > deadline:
                    problems.append(f'the server did not start with the manifest args: {server.stderr.read().decode()[-500:]}')
                    break
                time.sleep(0.2); continue
            if status != 200: problems.append(f'{kind} {path} answered {status}')
            break
        if server.poll() is not None: break
finally:
    server.terminate(); server.wait(30)

if problems:
    print('check-k8s: ' + '; '.join(problems), file=sys.stderr); sys.exit(1)
print(f'check-k8s: {manifest}: {len(docs)} documents; probes {sorted(probes.values())} answer 200; '
      f'stop budget {budget:.0f} s within terminationGracePeriodSeconds {grace}')
