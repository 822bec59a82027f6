#!/usr/bin/env bash
# Soak: a fixed, moderate rate of mixed requests for a long time, sampling the server's heap and RSS into a
# CSV; passes when both plateau. Not part of CI. See docs/reliability.md for the criterion and results.
#
#   bench/soak.sh                          # 30 minutes, reactor, samples every 30 s
#   bench/soak.sh --duration 120 --interval 10 --model virtual-threads
#   bench/soak.sh --duration 180 --interval 10 --json docs/x.json   # also the results with commit, machine, date, command
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: bench/soak.sh [options]

Starts `barista serve` (the built jar) on 127.0.0.1, drives it with wrk and bench/lua/mixed.lua (/plaintext,
/json, POST /echo 512 B, /sleep?ms=20 in turn; each connection pauses DELAY_MS between requests), and every
INTERVAL seconds appends elapsed_s, rss_kb, heap_used_kb, old_used_kb, requests, open_connections,
loop_utilization to soak.csv.

Verdict (plateau): the samples are split in thirds; PASS when the highest RSS and the highest old-generation
occupancy in the last third exceed those of the middle third by at most 10 % + 16 MiB, wrk saw no socket
errors, and every response was 200 (the first third is warm-up: JIT, class loading, pools filling).

Options (environment variable in capitals):
  --duration S      total seconds of load                 DURATION=1800
  --interval S      seconds between samples               INTERVAL=30
  --model NAME      concurrency model                     MODEL=reactor
  --connections N   wrk connections                       CONNECTIONS=16
  --delay-ms MS     pause between a connection's requests DELAY_MS=10
  --port P          server port                           PORT=17100
  --out DIR         results directory                     OUT=bench/results/soak-<date>_<time>
  --json FILE       also write the samples, wrk's counts and the verdict with commit, machine, date and
                    command (for the docs)                 JSON_OUT
  -h, --help
More: JVM_OPTS="-Xms64m -Xmx256m" (heap bounds for the server), NICE=10 (niceness of server and wrk)
USAGE
}

DURATION=${DURATION:-1800}; INTERVAL=${INTERVAL:-30}; MODEL=${MODEL:-reactor}; CONNECTIONS=${CONNECTIONS:-16}
DELAY_MS=${DELAY_MS:-10}; PORT=${PORT:-17100}; NICE=${NICE:-10}; JVM_OPTS=${JVM_OPTS:--Xms64m -Xmx256m}
JSON_OUT=${JSON_OUT:-}; COMMAND="bench/soak.sh $*"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT=${OUT:-$ROOT/bench/results/soak-$(date -u +%Y%m%d_%H%M%S)}
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION=$2; shift 2 ;;
    --interval) INTERVAL=$2; shift 2 ;;
    --model) MODEL=$2; shift 2 ;;
    --connections) CONNECTIONS=$2; shift 2 ;;
    --delay-ms) DELAY_MS=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    --out) OUT=$2; shift 2 ;;
    --json) JSON_OUT=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
JAR="$ROOT/cli/target/barista.jar"
[ -f "$JAR" ] || "$ROOT/barista" --help >/dev/null
mkdir -p "$OUT"
CSV="$OUT/soak.csv"
BASE="http://127.0.0.1:$PORT"

# shellcheck disable=SC2086
nice -n "$NICE" "$JAVA_HOME/bin/java" $JVM_OPTS --enable-native-access=ALL-UNNAMED \
  --sun-misc-unsafe-memory-access=allow -jar "$JAR" serve --port "$PORT" --model "$MODEL" >"$OUT/server.log" 2>&1 &
SERVER=$!
WRK=""
cleanup() {
  [ -n "$WRK" ] && kill "$WRK" 2>/dev/null || true
  kill "$SERVER" 2>/dev/null || true
  wait "$SERVER" 2>/dev/null || true
}
trap cleanup EXIT
for _ in $(seq 1 100); do curl -sf "$BASE/health/ready" >/dev/null 2>&1 && break; sleep 0.2; done
curl -sf "$BASE/health/ready" >/dev/null || { echo "server did not start; see $OUT/server.log" >&2; exit 1; }

echo "soak: model=$MODEL duration=${DURATION}s interval=${INTERVAL}s connections=$CONNECTIONS delay=${DELAY_MS}ms" \
  "commit=$(git -C "$ROOT" rev-parse --short HEAD) date=$(date -u +%FT%TZ)" | tee "$OUT/summary.txt"

DELAY_MS=$DELAY_MS nice -n "$NICE" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" --timeout 10s \
  -s "$ROOT/bench/lua/mixed.lua" "$BASE" >"$OUT/wrk.txt" 2>&1 &
WRK=$!

echo "elapsed_s,rss_kb,heap_used_kb,old_used_kb,requests,open_connections,loop_utilization" >"$CSV"
sample() { # elapsed
  local rss gc stats
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$SERVER/status")
  # jstat -gc: S0U S1U EU OU are columns 3 4 6 8 (KB)
  gc=$("$JAVA_HOME/bin/jstat" -gc "$SERVER" | awk 'NR==2 {printf "%.0f,%.0f", $3+$4+$6+$8, $8}')
  stats=$(curl -sf "$BASE/stats" | python3 -c 'import json,sys; s=json.load(sys.stdin); \
print("%d,%d,%.4f" % (s["counters"]["requests"], s["counters"]["open_connections"], \
(s.get("event_loops") or {}).get("utilization", 0)))')
  echo "$1,$rss,$gc,$stats" >>"$CSV"
}
START=$(date +%s)
while kill -0 "$WRK" 2>/dev/null; do
  sleep "$INTERVAL"
  kill -0 "$WRK" 2>/dev/null || break
  sample $(( $(date +%s) - START ))
done
wait "$WRK" || true
WRK=""
cat "$OUT/wrk.txt" >>"$OUT/summary.txt"

VERDICT_RC=0
python3 - "$CSV" "$OUT/wrk.txt" "$OUT/summary.json" <<'PY' | tee -a "$OUT/summary.txt" || VERDICT_RC=$?
import csv, json, re, sys
rows = list(csv.DictReader(open(sys.argv[1])))
wrk = open(sys.argv[2]).read()
m = re.search(r"SUMMARY requests=(\d+) non2xx=(\d+) connect_errors=(\d+) read_errors=(\d+) write_errors=(\d+) timeouts=(\d+) p50_ms=([\d.]+) p99_ms=([\d.]+)", wrk)
if len(rows) < 6 or not m:
    print("VERDICT FAIL: too few samples (%d) or no wrk summary" % len(rows)); sys.exit(1)
n = len(rows) // 3
mid, last = rows[n:2 * n], rows[2 * n:]
def peak(rs, k): return max(int(r[k]) for r in rs)
ok = True
peaks = {}
for k in ("rss_kb", "old_used_kb"):
    a, b = peak(mid, k), peak(last, k)
    limit = a * 1.10 + 16 * 1024
    grew = b > limit
    ok &= not grew
    peaks[k] = {"middle_third_peak": a, "last_third_peak": b, "limit": round(limit), "grew": grew}
    print("%s: middle-third peak %d KB, last-third peak %d KB, limit %d KB -> %s" % (k, a, b, limit, "GREW" if grew else "plateau"))
reqs, non2xx, errs = int(m.group(1)), int(m.group(2)), sum(int(m.group(i)) for i in range(3, 7))
rate = reqs / max(1, int(rows[-1]["elapsed_s"]))
print("requests=%d non2xx=%d socket_errors=%d rate=%.0f/s" % (reqs, non2xx, errs, rate))
ok &= non2xx == 0 and errs == 0
print("VERDICT " + ("PASS" if ok else "FAIL"))
json.dump({"wrk": {"requests": reqs, "non2xx": non2xx, "socket_errors": errs, "p50_ms": float(m.group(7)),
                   "p99_ms": float(m.group(8))},
           "requests_per_second": round(rate, 1), "peaks_kb": peaks,
           "mean_loop_utilization": round(sum(float(r["loop_utilization"]) for r in rows) / len(rows), 4),
           "verdict": "PASS" if ok else "FAIL",
           "samples": [{k: (float(v) if k == "loop_utilization" else int(v)) for k, v in r.items()} for r in rows]},
          open(sys.argv[3], "w"), indent=1)
sys.exit(0 if ok else 1)
PY
if [ -n "$JSON_OUT" ] && [ -f "$OUT/summary.json" ]; then
  python3 "$ROOT/bench/provenance.py" --out "$JSON_OUT" --command "$COMMAND" \
    --field "model=$MODEL" --json "duration_seconds=$DURATION" --json "interval_seconds=$INTERVAL" \
    --json "connections=$CONNECTIONS" --json "delay_ms=$DELAY_MS" --field "jvm_opts=$JVM_OPTS" \
    --json-file "results=$OUT/summary.json"
fi
exit "$VERDICT_RC"
