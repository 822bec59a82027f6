#!/usr/bin/env bash
# The product search's gateway in its four styles x two plans, under wrk at 100, 1,000 and 10,000 connections,
# with every backend answering after a fixed latency. The backends run in one JVM, the gateway in another
# (restarted for every cell, so its thread peak is that cell's), each pinned with taskset. See docs/shop.md.
#
#   bench/shop-styles.sh                                     # full run: 4 styles x 2 plans x 3 loads, 10 s each
#   bench/shop-styles.sh --duration 5 --warmup 2 --connections 100,1000
#   STYLES=futures,coroutines PLANS=concurrent bench/shop-styles.sh
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: bench/shop-styles.sh [options]

Options (each also settable by the environment variable in capitals):
  --duration S         seconds of each measured wrk run                      DURATION=10
  --warmup S           seconds of warm-up per cell (same connections)        WARMUP=3
  --connections LIST   comma list of concurrent connections                  CONNECTIONS=100,1000,10000
  --styles LIST        blocking,callbacks,futures,coroutines                 STYLES=(all four)
  --plans LIST         chain,concurrent                                      PLANS=chain,concurrent
  --latency D          every backend's latency (0, 20ms, exp:20ms, ...)      LATENCY=20ms
  --out FILE           the Markdown table (and FILE.csv beside it: every row with commit, machine, date, command)
                                                       OUT=bench/results/shop-styles-<date>_<time>.md
  -h, --help

More environment:
  GATEWAY_CPUS=0  BACKEND_CPUS=1  WRK_CPUS=1   taskset CPU lists (empty: no pinning)
  GATEWAY_PORT=18180  BACKEND_PORT=18181 (its user, product, inventory services on the next three ports)
  GATEWAY_ARGS="--loops 1"   extra gateway flags (e.g. --workers 64, --call-timeout 2s, --deadline 5s)
  JVM_OPTS="-Xms512m -Xmx1g --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
  WRK_THREADS=2  WRK_TIMEOUT=10s  DATA_DIR=(a temporary directory: the catalog is seeded there once)
USAGE
}

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
COMMAND="bench/shop-styles.sh $*"
DURATION="${DURATION:-10}"
WARMUP="${WARMUP:-3}"
CONNECTIONS="${CONNECTIONS:-100,1000,10000}"
STYLES="${STYLES:-blocking,callbacks,futures,coroutines}"
PLANS="${PLANS:-chain,concurrent}"
LATENCY="${LATENCY:-20ms}"
OUT="${OUT:-$ROOT/bench/results/shop-styles-$(date -u +%Y%m%d_%H%M%S).md}"
GATEWAY_CPUS="${GATEWAY_CPUS-0}"
BACKEND_CPUS="${BACKEND_CPUS-1}"
WRK_CPUS="${WRK_CPUS-1}"
GATEWAY_PORT="${GATEWAY_PORT:-18180}"
BACKEND_PORT="${BACKEND_PORT:-18181}"
GATEWAY_ARGS="${GATEWAY_ARGS:---loops 1}"
JVM_OPTS="${JVM_OPTS:--Xms512m -Xmx1g --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow}"
WRK_THREADS="${WRK_THREADS:-2}"
WRK_TIMEOUT="${WRK_TIMEOUT:-10s}"

while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --styles) STYLES="$2"; shift 2 ;;
    --plans) PLANS="$2"; shift 2 ;;
    --latency) LATENCY="$2"; shift 2 ;;
    --out) OUT="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done

for tool in wrk curl python3; do command -v "$tool" >/dev/null || { echo "needs $tool" >&2; exit 1; }; done
# JAVA_HOME if set (without it, "$JAVA_HOME/bin/java" would be /bin/java: the system's Java 17), else a JDK 25.
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/java}"
[ -n "$JAVA" ] && [ -x "$JAVA" ] || JAVA="$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -1)"
JAR="$ROOT/cli/target/barista.jar"
"$ROOT/barista" --version >/dev/null   # builds the jar if sources changed
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
# Runs a command pinned to a CPU list (none: unpinned), replacing the shell, so that $! is the command's pid.
pinned() { local cpus="$1"; shift; if [ -n "$cpus" ]; then exec taskset -c "$cpus" "$@"; else exec "$@"; fi; }

WORK="$(mktemp -d)"
DATA_DIR="${DATA_DIR:-$WORK/data}"
PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$WORK" 2>/dev/null || true
}
trap cleanup EXIT

wait_for() {  # url, seconds
  for _ in $(seq 1 $(( $2 * 10 ))); do curl -fs -o /dev/null "$1" && return 0; sleep 0.1; done
  echo "not answering: $1" >&2; return 1
}

# The backends: one JVM (barista serve's in-process shop; its own /search is not used).
U=$((BACKEND_PORT + 1)); P=$((BACKEND_PORT + 2)); I=$((BACKEND_PORT + 3))
( pinned "$BACKEND_CPUS" "$JAVA" $JVM_OPTS -jar "$JAR" serve --port "$BACKEND_PORT" \
    --shop-ports "$U,$P,$I" --shop-latency "$LATENCY" --data-dir "$DATA_DIR" >"$WORK/backends.log" 2>&1 ) &
PIDS+=($!)
wait_for "http://127.0.0.1:$P/products/search?q=tea" 120

cat >"$WORK/search.lua" <<'LUA'
local queries = {"coffee", "espresso+machine", "bluetooth+headphones", "yoga+mat", "tea", "cast-iron+skillet",
                 "tent", "novel", "wireless+keyboard", "garden+hose"}
local style = os.getenv("STYLE")
local plan = os.getenv("PLAN")
local n = 0
request = function()
  n = n + 1
  local path = "/search?q=" .. queries[(n % #queries) + 1] .. "&user=" .. ((n * 7919) % 100000 + 1)
      .. "&style=" .. style .. "&plan=" .. plan
  return wrk.format("GET", path)
end
LUA

to_ms() { python3 -c "
import re,sys
m=re.match(r'([0-9.]+)(us|ms|s|m)\$', sys.argv[1])
v,u=float(m.group(1)),m.group(2)
print('%.1f' % (v/1000 if u=='us' else v if u=='ms' else v*1000 if u=='s' else v*60000))" "$1"; }

mkdir -p "$(dirname "$OUT")"
CSV="${OUT%.md}.csv"
COMMIT="$(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet || echo '+dirty')"
MACHINE="$(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), kernel $(uname -r)"
STARTED="$(date -u '+%Y-%m-%dT%H:%M:%SZ')"
echo "commit,machine,date,command,style,plan,connections,requests_per_s,ok_per_s,p50_ms,p99_ms,non_2xx,socket_errors,gateway_platform_threads_mid,gateway_platform_threads_peak,load_avg" >"$CSV"
{
  echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC'), commit $COMMIT, $MACHINE; command: $COMMAND"
  echo "Backends: latency $LATENCY, one JVM on CPUs '${BACKEND_CPUS:-any}'; gateway on CPUs '${GATEWAY_CPUS:-any}' ($GATEWAY_ARGS);"
  echo "wrk -t$WRK_THREADS on CPUs '${WRK_CPUS:-any}', ${WARMUP} s warm-up + ${DURATION} s measured per cell, timeout $WRK_TIMEOUT."
  echo
  echo "| style | plan | connections | requests/s | 2xx/s | p50 ms | p99 ms | non-2xx | socket errors | gateway platform threads (mid-run / peak) | load avg |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
} >"$OUT"

IFS=',' read -ra CONNS <<<"$CONNECTIONS"
IFS=',' read -ra STYLE_LIST <<<"$STYLES"
IFS=',' read -ra PLAN_LIST <<<"$PLANS"
for style in "${STYLE_LIST[@]}"; do
  for plan in "${PLAN_LIST[@]}"; do
    for c in "${CONNS[@]}"; do
      ( pinned "$GATEWAY_CPUS" "$JAVA" $JVM_OPTS -jar "$JAR" shop gateway --port "$GATEWAY_PORT" \
          --user-url "http://127.0.0.1:$U" --product-url "http://127.0.0.1:$P" \
          --inventory-url "http://127.0.0.1:$I" $GATEWAY_ARGS >"$WORK/gateway.log" 2>&1 ) &
      GW=$!
      PIDS+=($GW)
      wait_for "http://127.0.0.1:$GATEWAY_PORT/health/live" 30
      url="http://127.0.0.1:$GATEWAY_PORT"
      if [ "$WARMUP" -gt 0 ]; then
        ( export STYLE=$style PLAN=$plan; pinned "$WRK_CPUS" wrk -t"$WRK_THREADS" -c"$c" -d"${WARMUP}s" \
            --timeout "$WRK_TIMEOUT" -s "$WORK/search.lua" "$url" ) >/dev/null 2>&1 || true
      fi
      load="$(cut -d' ' -f1 /proc/loadavg)"
      ( sleep $(( DURATION / 2 )); curl -fs "$url/stats" >"$WORK/mid.json" || echo '{}' >"$WORK/mid.json" ) &
      SAMPLER=$!
      ( export STYLE=$style PLAN=$plan; pinned "$WRK_CPUS" wrk -t"$WRK_THREADS" -c"$c" -d"${DURATION}s" \
          --timeout "$WRK_TIMEOUT" --latency -s "$WORK/search.lua" "$url" ) >"$WORK/wrk.txt" 2>&1 || true
      wait "$SAMPLER" 2>/dev/null || true
      curl -fs "$url/stats" >"$WORK/end.json" || echo '{}' >"$WORK/end.json"
      kill "$GW" 2>/dev/null || true; wait "$GW" 2>/dev/null || true

      rps="$(awk '/^Requests\/sec/ {print $2}' "$WORK/wrk.txt")"
      [ -n "$rps" ] || { echo "wrk gave no result for $style/$plan/$c:" >&2; tail -5 "$WORK/wrk.txt" >&2; }
      total="$(awk '/requests in/ {print $1}' "$WORK/wrk.txt")"
      non2xx="$(awk '/Non-2xx/ {print $5}' "$WORK/wrk.txt")"; non2xx="${non2xx:-0}"
      errors="$(awk -F'[ ,]+' '/Socket errors/ {print $4+$6+$8+$10}' "$WORK/wrk.txt")"; errors="${errors:-0}"
      p50="$(awk '$1=="50%" {print $2}' "$WORK/wrk.txt")"; p99="$(awk '$1=="99%" {print $2}' "$WORK/wrk.txt")"
      ok_rps="$(python3 -c "print('%.0f' % (float('${rps:-0}') * (1 - ${non2xx} / max(1, ${total:-1}))))")"
      threads="$(python3 -c "
import json
mid=json.load(open('$WORK/mid.json')).get('threads',{}); end=json.load(open('$WORK/end.json')).get('threads',{})
print('%s / %s' % (mid.get('platform','?'), end.get('platform_peak','?')))")"
      p50ms="$( [ -n "$p50" ] && to_ms "$p50" || echo '?')"; p99ms="$( [ -n "$p99" ] && to_ms "$p99" || echo '?')"
      line="| $style | $plan | $c | ${rps:-?} | $ok_rps | $p50ms | $p99ms | $non2xx | $errors | $threads | $load |"
      echo "$line" | tee -a "$OUT"
      echo "$COMMIT,\"$MACHINE\",$STARTED,\"$COMMAND\",$style,$plan,$c,${rps:-},$ok_rps,$p50ms,$p99ms,$non2xx,$errors,${threads% / *},${threads#* / },$load" >>"$CSV"
      sleep 1
    done
  done
done
echo
echo "Table written to $OUT (rows also in $CSV)"
