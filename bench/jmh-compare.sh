#!/usr/bin/env bash
# Two builds of the JMH benchmarks, run alternately on the same machine (A, B, A, B: drift hits both alike),
# one JSON file with every run and the median per benchmark and build. For before/after claims of a change.
#
#   bench/jmh-compare.sh BEFORE.jar AFTER.jar OUT.json [benchmark regexp] [rounds]
#   bench/jmh-compare.sh /tmp/before/barista-bench.jar bench/target/barista-bench.jar docs/benchmarks/x.json
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BEFORE="${1:?before jar}"; AFTER="${2:?after jar}"; OUT="${3:?output json}"
REGEXP="${4:-RequestParserBenchmark}"; ROUNDS="${5:-2}"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
[ -x "$JAVA" ] || JAVA="$(ls -d /usr/lib/jvm/*25*/bin/java | head -1)"
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT
for round in $(seq 1 "$ROUNDS"); do
  for side in before after; do
    jar="$BEFORE"; [ "$side" = after ] && jar="$AFTER"
    echo "jmh-compare: round $round, $side" >&2
    timeout --kill-after=30 1800 taskset -c "${CPUS:-0}" "$JAVA" --sun-misc-unsafe-memory-access=allow -jar "$jar" \
      "$REGEXP" -f 1 -wi 3 -w 1 -i 5 -r 1 -rf json -rff "$WORK/$side-$round.json" >/dev/null
  done
done
rev="$(git -C "$ROOT" rev-parse --short HEAD)"
[ -z "$(git -C "$ROOT" status --porcelain --untracked-files=no | head -1)" ] || rev="$rev (+ uncommitted changes)"
python3 - "$WORK" "$OUT" "$rev" "$BEFORE" "$AFTER" "$REGEXP" "$ROUNDS" <<'PY'
import glob, json, os, platform, statistics, subprocess, sys
from datetime import datetime, timezone
work, out, rev, before, after, regexp, rounds = sys.argv[1:]
runs = []
for f in sorted(glob.glob(os.path.join(work, '*.json'))):
    side, rnd = os.path.basename(f)[:-5].split('-')
    for r in json.load(open(f)):
        runs.append({'build': side, 'round': int(rnd), 'benchmark': r['benchmark'].split('.')[-1],
                     'params': r.get('params', {}), 'unit': r['primaryMetric']['scoreUnit'],
                     'score': r['primaryMetric']['score'], 'error': r['primaryMetric']['scoreError']})
summary = {}
for r in runs:
    key = r['benchmark'] + ''.join(f' {k}={v}' for k, v in sorted(r['params'].items()))
    summary.setdefault(key, {}).setdefault(r['build'], []).append(r['score'])
table = {k: {'before_median': round(statistics.median(v['before']), 1), 'after_median': round(statistics.median(v['after']), 1),
             'after_over_before': round(statistics.median(v['after']) / statistics.median(v['before']), 3), 'unit': 'ns/op'}
         for k, v in summary.items() if 'before' in v and 'after' in v}
cpu = next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), '?')
doc = {'meta': {'commit': rev, 'date': datetime.now(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'),
                'machine': f'{os.cpu_count()} CPUs, {cpu}, kernel {platform.release()}',
                'command': f'bench/jmh-compare.sh {before} {after} {out} {regexp} {rounds}',
                'setup': 'JMH -f 1 -wi 3 -w 1 -i 5 -r 1, pinned to one CPU, builds alternated per round'},
       'summary': table, 'runs': runs}
json.dump(doc, open(out, 'w'), indent=1)
for k, v in table.items():
    print(f"{k:60s} before {v['before_median']:>9} after {v['after_median']:>9}  after/before {v['after_over_before']}")
PY
