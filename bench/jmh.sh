#!/usr/bin/env bash
# Runs the JMH parser benchmark (Barista's RequestParser vs Netty's HttpRequestDecoder). See bench/README.md.
#
#   bench/jmh.sh                                  # defaults: 1 fork, 3 x 1 s warm-up, 5 x 1 s measurement
#   bench/jmh.sh -p request=small,pipelined16     # extra arguments go to JMH as they are
#   bench/jmh.sh -f 3 -wi 5 -i 10                 # a longer, steadier run
#   BENCH=. bench/jmh.sh -l                       # another benchmark regexp (here: all), list only
#   REBUILD=1 bench/jmh.sh                        # rebuild the jar first
#   OUT=docs/benchmarks/x.json bench/jmh.sh       # also write a results file for the docs (below)
#   ROUNDS=3 OUT=docs/benchmarks/x.json bench/jmh.sh   # paired rounds (below): what the docs quote
#
# With OUT set, the run is also written to that JSON file: meta (commit of the work tree that built the jar,
# marked when it has uncommitted changes, with a warning when the jar is older than the last commit that
# changed its sources; machine; date UTC; JDK; the command; the load average before and after), a summary
# per benchmark and parameters (score, JMH's 99.9 % error, the min and max of the measured iterations) with
# Netty ÷ Barista for each input both ran, and JMH's own results.
#
# ROUNDS=N (parser benchmark only) pairs the two parsers in time, as bench/paired-vs-netty.py pairs servers:
# one plain JMH run measures every Barista input and then every Netty input, so a machine that slows down
# halfway through moves the ratio. With ROUNDS, each round measures each input (INPUTS, default all four) on
# both parsers back to back, Barista first in odd rounds and Netty first in even ones (one JMH run each, with
# the extra arguments); the summary gives, per input, the median over rounds of each score and of the paired
# ratio Netty ÷ Barista, with the min and max.
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
[ -z "${BENCH:-}" ] || COMMAND="BENCH=$BENCH $COMMAND"
[ -z "${ROUNDS:-}" ] || COMMAND="ROUNDS=$ROUNDS${INPUTS:+ INPUTS=\"$INPUTS\"} $COMMAND"
[ -z "${OUT:-}" ] || COMMAND="OUT=$OUT $COMMAND"
LOAD_BEFORE="$(cut -d' ' -f1-3 /proc/loadavg)"
echo "jmh.sh: $("$JDK/bin/java" -version 2>&1 | head -1); results in $RESULTS_DIR" >&2
"$JDK/bin/java" -version 2>&1 | head -1 > "$RESULTS_DIR/jdk.txt"

# JMH's own flags (-f, -wi, -w, -i, -r, -p ...) come after the benchmark regexp and override the defaults
# in the benchmark's annotations; a time limit keeps a mistyped run from going on for ever.
jmh() {   # jmh <regexp> <json file> [JMH arguments...]
  local regexp="$1" json="$2"; shift 2
  timeout --kill-after=30 "${JMH_TIMEOUT:-3600}" \
    "$JDK/bin/java" --sun-misc-unsafe-memory-access=allow -jar "$JAR" "$regexp" -rf json -rff "$json" "$@"
}
if [ -z "${ROUNDS:-}" ]; then
  jmh "$BENCH_REGEXP" "$RESULTS_DIR/jmh.json" "$@" 2>&1 | tee "$RESULTS_DIR/jmh.txt"
else
  [[ "$ROUNDS" =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be a positive number, not '$ROUNDS'"
  [ "$BENCH_REGEXP" = RequestParserBenchmark ] || die "ROUNDS pairs the parser benchmark only (BENCH unset)"
  for round in $(seq 1 "$ROUNDS"); do
    order="barista netty"; [ $((round % 2)) -eq 0 ] && order="netty barista"
    for input in ${INPUTS:-small browser pipelined16 chunkedPost}; do
      for side in $order; do
        echo "jmh.sh: round $round of $ROUNDS, $input, $side" >&2
        jmh "RequestParserBenchmark\.$side\$" "$RESULTS_DIR/r$round-$input-$side.json" "$@" -p "request=$input" \
          2>&1 | tee -a "$RESULTS_DIR/jmh.txt" | grep -E '^RequestParserBenchmark\.' >&2 || true
        [ -s "$RESULTS_DIR/r$round-$input-$side.json" ] || die "JMH wrote no result for round $round, $input, $side"
      done
    done
  done
fi

[ -n "${OUT:-}" ] || exit 0
LOAD_AFTER="$(cut -d' ' -f1-3 /proc/loadavg)"
rev="$(git -C "$ROOT" rev-parse --short HEAD)"
[ -z "$(git -C "$ROOT" status --porcelain --untracked-files=no | head -1)" ] || rev="$rev (+ uncommitted changes)"
# The jar holds core's and bench's classes: warn when a commit changed them after the jar was built.
sources=(core/src bench/src bench/pom.xml core/pom.xml pom.xml)
last_change="$(git -C "$ROOT" log -1 --format=%ct -- "${sources[@]}")"
warning=""
[ "$(stat -c %Y "$JAR")" -ge "${last_change:-0}" ] \
  || warning="$JAR is older than $(git -C "$ROOT" log -1 --format=%h -- "${sources[@]}"), which changed its sources: rebuild it (REBUILD=1)"
python3 - "$RESULTS_DIR" "$OUT" "$rev" "$COMMAND" "$LOAD_BEFORE" "$LOAD_AFTER" "$warning" <<'PY'
import glob, json, os, platform, re, statistics, sys
from datetime import datetime, timezone
results_dir, out, rev, command, load_before, load_after, warning = sys.argv[1:]
cpu = next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), '?')
def num(x):   # JMH writes "NaN" (a string) for an error it cannot compute, e.g. with too few iterations
    try:
        x = float(x)
    except (TypeError, ValueError):
        return None
    return None if x != x else round(x, 1)
def key(r):
    return r['benchmark'].rsplit('.', 1)[-1] + ''.join(f' {k}={v}' for k, v in sorted(r.get('params', {}).items()))
def one(r):
    m = r['primaryMetric']
    iterations = [x for fork in m.get('rawData', []) for x in fork]
    return {'score': num(m['score']), 'error_99_9': num(m['scoreError']),
            'min': num(min(iterations)) if iterations else None, 'max': num(max(iterations)) if iterations else None,
            'unit': m['scoreUnit'], 'forks': r.get('forks'), 'iterations_per_fork': r.get('measurementIterations')}
meta = {'commit': rev, 'date': datetime.now(timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'),
        'machine': f'{os.cpu_count()} CPUs, {cpu}, kernel {platform.release()}',
        'jdk': open(os.path.join(results_dir, 'jdk.txt')).read().strip(), 'command': command,
        'load_average_before': load_before, 'load_average_after': load_after}
paired = sorted(glob.glob(os.path.join(results_dir, 'r*-*-*.json')))
if not paired:
    results = json.load(open(os.path.join(results_dir, 'jmh.json')))
    meta['setup'] = ('JMH AverageTime in ns/op, the benchmark class\'s defaults unless the command overrides them; '
                     'one JMH run: the benchmarks one after the other, not interleaved')
    summary = {key(r): one(r) for r in results}
    by_params = {}
    for r in results:
        by_params.setdefault(key(r).split(' ', 1)[-1], {})[r['benchmark'].rsplit('.', 1)[-1]] = r['primaryMetric']['score']
    ratios = {p: round(v['netty'] / v['barista'], 2) for p, v in by_params.items() if 'barista' in v and 'netty' in v}
    doc = {'meta': meta, 'summary': summary, 'netty_over_barista': ratios, 'jmh': results}
else:
    meta['setup'] = ('JMH AverageTime in ns/op, the benchmark class\'s defaults unless the command overrides them; '
                     'paired rounds: each round measures each input on both parsers back to back (one JMH run each), '
                     'Barista first in odd rounds, Netty first in even rounds; medians over rounds')
    runs = []
    for f in paired:
        rnd, inp, side = re.match(r'r(\d+)-(.+)-(barista|netty)\.json$', os.path.basename(f)).groups()
        for r in json.load(open(f)):  # one entry per input and heads (repeated or varied), if the benchmark has it
            heads = r.get('params', {}).get('heads')
            runs.append({'round': int(rnd), 'input': inp + (' heads=' + heads if heads else ''), 'parser': side,
                         **one(r), 'jmh': r})
    summary = {}
    for inp in dict.fromkeys(r['input'] for r in runs):
        rounds = sorted({r['round'] for r in runs if r['input'] == inp})
        score = {(r['round'], r['parser']): r['score'] for r in runs if r['input'] == inp}
        ratios = [round(score[(n, 'netty')] / score[(n, 'barista')], 3)
                  for n in rounds if (n, 'netty') in score and (n, 'barista') in score]
        entry = {'rounds': len(rounds), 'unit': 'ns/op'}
        for side in ('barista', 'netty'):
            values = [score[(n, side)] for n in rounds if (n, side) in score]
            entry[side + '_median'] = round(statistics.median(values), 1)
            entry[side + '_min'], entry[side + '_max'] = min(values), max(values)
        entry.update({'netty_over_barista_median': round(statistics.median(ratios), 2),
                      'netty_over_barista_min': round(min(ratios), 2), 'netty_over_barista_max': round(max(ratios), 2),
                      'netty_over_barista_per_round': ratios})
        summary['request=' + inp] = entry
    doc = {'meta': meta, 'summary': summary, 'runs': runs}
if warning:
    meta['warnings'] = [warning]
json.dump(doc, open(out, 'w'), indent=1)
print(f'jmh.sh: wrote {out}', file=sys.stderr)
for k, v in summary.items():
    print(k, json.dumps(v))
if not paired:
    for k, v in doc['netty_over_barista'].items():
        print(f'netty / barista {k}: {v}')
if warning:
    print('WARNING: ' + warning, file=sys.stderr)
PY
