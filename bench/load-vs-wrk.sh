#!/usr/bin/env bash
# ./barista load and wrk against the same Barista server in the same run: same connections, same duration,
# closed loop, alternating rounds so that noise hits both alike. Prints each round and the ratio of medians.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: bench/load-vs-wrk.sh [options]

Starts one Barista server (reactor, one loop, pinned to SERVER_CPUS), then alternates wrk and
'./barista load' (each pinned to LOAD_CPUS, one thread/loop each) against GET /plaintext, ROUNDS times.
Reports requests/s of every round, the medians, and the ratio barista-load / wrk (the target: 0.85-1.15).
Each round also shows the machine's 1-minute load average: well above 2 (server + client), other work
competed for the two pinned CPUs and the round's numbers are noise, not a comparison.

Options (or environment variables in capitals):
  --connections N   CONNECTIONS=100
  --duration S      DURATION=10      measured seconds of each run (wrk -d, load -d)
  --warmup S        WARMUP=3         load's own JVM warm-up before its measured window (wrk needs none);
                                     the server also gets one wrk warm-up run of this length first
  --rounds N        ROUNDS=3
  --pipeline D      PIPELINE=1       1: no pipelining (wrk then needs bench/pipeline.lua for D>1)
  --port P          PORT=19090
  --out FILE        also write everything printed to FILE (its header: commit, machine, date, command)
  -h, --help
More: SERVER_WARMUP=10 (one wrk run before the rounds) SERVER_CPUS=0 LOAD_CPUS=1 SERVER_ARGS="--loops 1" JVM_OPTS="-Xmx1g -XX:+UseParallelGC"
USAGE
}

CONNECTIONS="${CONNECTIONS:-100}"; DURATION="${DURATION:-10}"; WARMUP="${WARMUP:-3}"; ROUNDS="${ROUNDS:-3}"
SERVER_WARMUP="${SERVER_WARMUP:-10}"; PIPELINE="${PIPELINE:-1}"; PORT="${PORT:-19090}"; SERVER_CPUS="${SERVER_CPUS:-0}"; LOAD_CPUS="${LOAD_CPUS:-1}"
SERVER_ARGS="${SERVER_ARGS:---loops 1}"; JVM_OPTS="${JVM_OPTS:--Xmx1g -XX:+UseParallelGC}"
COMMAND="bench/load-vs-wrk.sh $*"; OUT_FILE=""
while [ $# -gt 0 ]; do
  case "$1" in
    --connections) CONNECTIONS="$2"; shift 2 ;;
    --duration) DURATION="$2"; shift 2 ;;
    --warmup) WARMUP="$2"; shift 2 ;;
    --rounds) ROUNDS="$2"; shift 2 ;;
    --pipeline) PIPELINE="$2"; shift 2 ;;
    --port) PORT="$2"; shift 2 ;;
    --out) OUT_FILE="$2"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
  esac
done

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ -n "$OUT_FILE" ]; then exec > >(tee "$OUT_FILE"); fi
command -v wrk >/dev/null || { echo "wrk not found (apt-get install wrk)" >&2; exit 2; }
"$ROOT/barista" --version >/dev/null   # builds the jar if sources changed
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
[ -x "$JAVA" ] || JAVA="$(command -v java)"
JAR="$ROOT/cli/target/barista.jar"
PIN_SERVER=(); PIN_LOAD=()
if [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
  PIN_SERVER=(taskset -c "$SERVER_CPUS"); PIN_LOAD=(taskset -c "$LOAD_CPUS")
fi
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true

URL="http://127.0.0.1:$PORT/plaintext"
# shellcheck disable=SC2086
"${PIN_SERVER[@]}" "$JAVA" $JVM_OPTS -jar "$JAR" serve --port "$PORT" $SERVER_ARGS >/tmp/load-vs-wrk-server.$$.log 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null; wait $SERVER 2>/dev/null || true' EXIT
for _ in $(seq 100); do curl -sf "$URL" >/dev/null && break; sleep 0.1; done
curl -sf "$URL" >/dev/null || { echo "server did not start:" >&2; cat /tmp/load-vs-wrk-server.$$.log >&2; exit 1; }

WRK_PIPE=(); [ "$PIPELINE" -gt 1 ] && WRK_PIPE=(-s "$ROOT/bench/pipeline.lua" -- "$PIPELINE")
echo "server: Barista reactor ($SERVER_ARGS) on CPU ${SERVER_CPUS}; clients on CPU ${LOAD_CPUS}; $CONNECTIONS connections, ${DURATION}s, pipeline $PIPELINE"
echo "commit $(git -C "$ROOT" rev-parse --short HEAD), $(date -u +%Y-%m-%dT%H:%M:%SZ), $(nproc) cores, $(uname -r)"
echo "machine: $(nproc) CPUs, $(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo), kernel $(uname -r); command: $COMMAND"
"${PIN_LOAD[@]}" wrk -t1 -c"$CONNECTIONS" -d"${SERVER_WARMUP}s" "$URL" >/dev/null   # warms the server's JIT

wrk_rps=(); load_rps=()
for round in $(seq "$ROUNDS"); do
  w=$("${PIN_LOAD[@]}" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" "$URL" "${WRK_PIPE[@]}" | awk '/Requests\/sec/ {print $2}')
  l=$("${PIN_LOAD[@]}" "$JAVA" -jar "$JAR" load -c "$CONNECTIONS" -d "$DURATION" --warmup "$WARMUP" --loops 1 \
        --pipeline "$PIPELINE" --json "$URL" | python3 -c 'import json,sys; r=json.load(sys.stdin); print("%.1f %d" % (r["requests_per_second"], r["error_total"]))')
  wrk_rps+=("$w"); load_rps+=("${l%% *}")
  printf 'round %d: wrk %12.1f req/s   barista load %12.1f req/s (errors %s)   ratio %.3f   load average %s\n' \
    "$round" "$w" "${l%% *}" "${l##* }" "$(python3 -c "print(${l%% *}/$w)")" "$(cut -d' ' -f1 /proc/loadavg)"
done
python3 - "${wrk_rps[*]}" "${load_rps[*]}" <<'PY'
import statistics, sys
w = [float(x) for x in sys.argv[1].split()]; l = [float(x) for x in sys.argv[2].split()]
mw, ml = statistics.median(w), statistics.median(l)
ratio = ml / mw
print(f"median: wrk {mw:,.1f} req/s, barista load {ml:,.1f} req/s, ratio {ratio:.3f} "
      f"({'within' if 0.85 <= ratio <= 1.15 else 'OUTSIDE'} the +-15% target)")
PY
