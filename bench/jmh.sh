#!/usr/bin/env bash
# Runs the JMH parser benchmark (Barista's RequestParser vs Netty's HttpRequestDecoder). See bench/README.md.
#
#   bench/jmh.sh                                  # defaults: 1 fork, 3 x 1 s warm-up, 5 x 1 s measurement
#   bench/jmh.sh -p request=small,pipelined16     # extra arguments go to JMH as they are
#   bench/jmh.sh -f 3 -wi 5 -i 10                 # a longer, steadier run
#   BENCH=. bench/jmh.sh -l                       # another benchmark regexp (here: all), list only
#   REBUILD=1 bench/jmh.sh                        # rebuild the jar first
#   OUT=docs/benchmarks/x.json bench/jmh.sh       # also write a results file for the docs (below)
#
# With OUT set, the run is also written to that JSON file: meta (commit of the work tree that built the jar,
# marked when it has uncommitted changes, with a warning when the jar is older than the last commit that
# changed its sources; machine; date UTC; JDK; the command; the load average before and after), a summary
# per benchmark and parameters (score, JMH's 99.9 % error, the min and max of the measured iterations) with
# Netty ÷ Barista for each input both ran, and JMH's own results.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/bench/target/barista-bench.jar"
BENCH_REGEXP="${BENCH:-RequestParserBenchmark}"
RESULTS_DIR="${RESULTS_DIR:-$ROOT/bench/results/jmh-$(date +%Y-%m-%d_%H%M%S)}"

die() { echo "jmh.sh: $*" >&2; exit 1; }

java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F'= *' '/java.specification.version/ { v = $2; sub(/^1\./, "", v); split(v, a, "."); print a[1]; exit }'
}
find_jdk() {
  local candidate major
  for candidate in "${JAVA_HOME:-}" /usr/lib/jvm/*25*; do
    if [ -z "$candidate" ] || [ ! -x "$candidate/bin/java" ]; then continue; fi
    major="$(java_major "$candidate" || true)"
    if [[ "${major:-x}" =~ ^[0-9]+$ ]] && [ "$major" -ge 25 ]; then echo "$candidate"; return 0; fi
  done
  return 1
}
JDK="$(find_jdk)" || die "no JDK 25+ found: set JAVA_HOME to one (looked at \$JAVA_HOME and /usr/lib/jvm/*25*)"

if [ ! -f "$JAR" ] || [ -n "${REBUILD:-}" ]; then
  command -v mvn >/dev/null 2>&1 || die "Maven (mvn) is needed to build $JAR"
  opts="${MAVEN_OPTS:-}"
  [[ "$opts" == *sun-misc-unsafe-memory-access* ]] || opts="$opts --sun-misc-unsafe-memory-access=allow"
  echo "jmh.sh: building: mvn -B -q -DskipTests -pl bench -am package" >&2
  (cd "$ROOT" && JAVA_HOME="$JDK" MAVEN_OPTS="$opts" timeout 1800 mvn -B -q -DskipTests -pl bench -am package) \
    || die "build failed"
fi

mkdir -p "$RESULTS_DIR"
COMMAND="bench/jmh.sh${*:+ $*}"
[ -z "${OUT:-}" ] || COMMAND="OUT=$OUT ${BENCH:+BENCH=$BENCH }$COMMAND"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "jmh.sh: $("$JDK/bin/java" -version 2>&1 | head -1); results in $RESULTS_DIR" >&2
# JMH's own flags (-f, -wi, -w, -i, -r, -p ...) come after the benchmark regexp and override the defaults
# in the benchmark's annotations; a time limit keeps a mistyped run from going on for ever.
timeout --kill-after=30 "${JMH_TIMEOUT:-3600}" \
  "$JDK/bin/java" --sun-misc-unsafe-memory-access=allow -jar "$JAR" "$BENCH_REGEXP" \
    -rf json -rff "$RESULTS_DIR/jmh.json" "$@" 2>&1 | tee "$RESULTS_DIR/jmh.txt"

[ -n "${OUT:-}" ] || exit 0
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"
rev="$(git -C "$ROOT" rev-parse --short HEAD)"
[ -z "$(git -C "$ROOT" status --porcelain --untracked-files=no | head -1)" ] || rev="$rev (+ uncommitted changes)"
# The jar holds core's and bench's classes: warn when a commit changed them after the jar was built.
last_change="$(git -C "$ROOT" log -1 --format=%ct -- core/src bench/src bench/pom.xml core/pom.xml pom.xml)"
jar_time="$(stat -c %Y "$JAR")"
warning=""
[ "$jar_time" -ge "${last_change:-0}" ] || warning="$JAR is older than $(git -C "$ROOT" log -1 --format=%h -- core/src bench/src bench/pom.xml core/pom.xml pom.xml), which changed its sources: rebuild it (REBUILD=1)"
"$JDK/bin/java" -version 2>&1 | head -1 > "$RESULTS_DIR/jdk.txt"
python3 - "$RESULTS_DIR/jmh.json" "$OUT" "$rev" "$COMMAND" "$LOAD_BEFORE" "$LOAD_AFTER" "$RESULTS_DIR/jdk.txt" "$warning" <<'PY'
import json, os, platform, sys
from datetime import datetime, timezone
jmh, out, rev, command, load_before, load_after, jdk_file, warning = sys.argv[1:]
results = json.load(open(jmh))
cpu = next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), '?')
def num(x):   # JMH writes "NaN" (a string) for an error it cannot compute, e.g. with too few iterations
    try:
        x = float(x)
    except (TypeError, ValueError):
        return None
    return None if x != x else round(x, 1)
summary, by_params = {}, {}
for r in results:
    name = r['benchmark'].rsplit('.', 1)[-1]
    params = ''.join(f' {k}={v}' for k, v in sorted(r.get('params', {}).items()))
    m = r['primaryMetric']
    iterations = [x for fork in m.get('rawData', []) for x in fork]
    summary[name + params] = {'score': num(m['score']), 'error_99_9': num(m['scoreError']),
                              'min': round(min(iterations), 1) if iterations else None,
                              'max': round(max(iterations), 1) if iterations else None,
                              'unit': m['scoreUnit'], 'forks': r.get('forks'),
                              'iterations_per_fork': r.get('measurementIterations')}
    by_params.setdefault(params.strip(), {})[name] = m['score']
ratios = {p: round(v['netty'] / v['barista'], 2) for p, v in by_params.items() if 'barista' in v and 'netty' in v}
meta = {'commit': rev, 'date': datetime.now(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'),
        'machine': f'{os.cpu_count()} CPUs, {cpu}, kernel {platform.release()}',
        'jdk': open(jdk_file).read().strip(), 'command': command,
        'load_average_before': load_before, 'load_average_after': load_after,
        'setup': 'JMH AverageTime in ns/op; the benchmark class\'s defaults unless the command overrides them; '
                 'JMH runs the benchmarks one after the other, not interleaved'}
if warning:
    meta['warnings'] = [warning]
doc = {'meta': meta, 'summary': summary, 'netty_over_barista': ratios, 'jmh': results}
json.dump(doc, open(out, 'w'), indent=1)
print(f'jmh.sh: wrote {out}', file=sys.stderr)
for k, v in summary.items():
    print(f"{k:50s} {v['score']!s:>10} ± {v['error_99_9']!s:<8} (min {v['min']}, max {v['max']}) {v['unit']}")
for k, v in ratios.items():
    print(f'netty / barista {k}: {v}')
if warning:
    print('WARNING: ' + warning, file=sys.stderr)
PY
