#!/usr/bin/env bash
# Faults under load, with the failed requests counted. One command per fault:
#
#   bench/fault.sh kill-worker     kill -9 one prefork worker under wrk load; the master restarts it
#   bench/fault.sh reload          SIGHUP the prefork master under load: new workers, old ones drain
#   bench/fault.sh stop            SIGTERM under load with a readiness delay
#   bench/fault.sh stop --model thread-pool --readiness-delay 3
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: bench/fault.sh kill-worker|reload|stop [options]

Starts `barista serve` from the built jar on 127.0.0.1, puts it under wrk load (WRK_CONNECTIONS keep-alive
connections, each pacing DELAY_MS between requests so the machine is not saturated), injects the fault at
FAULT_AT seconds, and prints wrk's counts: requests, non-2xx answers and socket errors (connect, read,
write, timeout). Every failed request is one of those.

  kill-worker  prefork (PROCESSES workers). kill -9 of one worker at FAULT_AT. The requests in flight on
               that worker's connections fail (one per connection it held); a run can see more (connections
               reset while the worker dies: docs/reliability.md). wrk reconnects to the survivors. Checks
               that the master restarts it (/stats prefork.restarts = 1).
  reload       prefork. SIGHUP to the master at FAULT_AT: new workers start, old ones drain. Expected: 0 failed.
  stop         any model (MODEL). SIGTERM at FAULT_AT with --readiness-delay READINESS_DELAY: wrk ends inside
               the delay (every request it sent was sent before the listener closed). Expected: 0 failed;
               also INFLIGHT requests to /sleep?ms=1500 started just before the drain must all answer 200;
               the process must exit by itself (status 143: the JVM's after a handled SIGTERM).

Options (environment variable in capitals):
  --model NAME            MODEL=reactor (kill-worker and reload force prefork)
  --processes N           PROCESSES=2
  --duration S            DURATION=20 (kill-worker, reload)
  --fault-at S            FAULT_AT=5
  --connections N         WRK_CONNECTIONS=32
  --delay-ms MS           DELAY_MS=1
  --readiness-delay S     READINESS_DELAY=5 (stop)
  --port P                PORT=17300
  --out FILE.json         OUT: also write the counts with commit, machine, date and command (for the docs)
  -h, --help
USAGE
}

COMMAND="bench/fault.sh $*"
FAULT=${1:-}
case "$FAULT" in
  kill-worker|reload|stop) shift ;;
  -h|--help) usage; exit 0 ;;
  *) usage >&2; exit 2 ;;
esac
MODEL=${MODEL:-reactor}; PROCESSES=${PROCESSES:-2}; DURATION=${DURATION:-20}; FAULT_AT=${FAULT_AT:-5}
WRK_CONNECTIONS=${WRK_CONNECTIONS:-32}; DELAY_MS=${DELAY_MS:-1}; READINESS_DELAY=${READINESS_DELAY:-5}
PORT=${PORT:-17300}; INFLIGHT=${INFLIGHT:-20}; OUT_JSON=${OUT:-}
while [ $# -gt 0 ]; do
  case "$1" in
    --model) MODEL=$2; shift 2 ;;
    --processes) PROCESSES=$2; shift 2 ;;
    --duration) DURATION=$2; shift 2 ;;
    --fault-at) FAULT_AT=$2; shift 2 ;;
    --connections) WRK_CONNECTIONS=$2; shift 2 ;;
    --delay-ms) DELAY_MS=$2; shift 2 ;;
    --readiness-delay) READINESS_DELAY=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    --out) OUT_JSON=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done
[ "$FAULT" = stop ] || MODEL=prefork

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java
JAR="$ROOT/cli/target/barista.jar"
[ -f "$JAR" ] || "$ROOT/barista" --help >/dev/null
BASE="http://127.0.0.1:$PORT"
OUT=$(mktemp -d /tmp/barista-fault.XXXXXX)

EXTRA=(); FIELDS=()
[ "$MODEL" = prefork ] && EXTRA+=(--processes "$PROCESSES")
DELAY_ARG=0
[ "$FAULT" = stop ] && DELAY_ARG=$READINESS_DELAY
"$JAVA" -Xmx256m --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -jar "$JAR" serve \
  --port "$PORT" --model "$MODEL" --readiness-delay "$DELAY_ARG" "${EXTRA[@]}" >"$OUT/server.log" 2>&1 &
SERVER=$!
WRK=""
cleanup() {
  [ -n "$WRK" ] && kill "$WRK" 2>/dev/null || true
  kill -9 "$SERVER" 2>/dev/null || true
  for child in $(pgrep -P "$SERVER" 2>/dev/null); do kill -9 "$child" 2>/dev/null || true; done
}
trap cleanup EXIT
for _ in $(seq 1 150); do curl -sf "$BASE/health/ready" >/dev/null 2>&1 && break; sleep 0.2; done
curl -sf "$BASE/health/ready" >/dev/null || { echo "server did not start; see $OUT/server.log" >&2; exit 1; }
sleep 1 # every prefork worker listening

summary() { grep SUMMARY "$OUT/wrk.txt" | sed 's/SUMMARY //'; }
failed() { summary | awk '{ n = 0; for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] != "requests" && kv[1] !~ /_ms$/) n += kv[2] } print n }'; }
stat() { curl -sf "$BASE/stats" | python3 -c "import json,sys; s=json.load(sys.stdin); print(eval(sys.argv[1]))" "$1"; }

echo "fault=$FAULT model=$MODEL commit=$(git -C "$ROOT" rev-parse --short HEAD) date=$(date -u +%FT%TZ)" \
  "connections=$WRK_CONNECTIONS delay_ms=$DELAY_MS"
case "$FAULT" in
  kill-worker|reload)
    DELAY_MS=$DELAY_MS wrk -t1 -c"$WRK_CONNECTIONS" -d"${DURATION}s" --timeout 5s -s "$ROOT/bench/lua/summary.lua" \
      "$BASE/plaintext" >"$OUT/wrk.txt" 2>&1 &
    WRK=$!
    FIELDS+=(--json "wrk_seconds=$DURATION")
    sleep "$FAULT_AT"
    WORKERS_BEFORE=$(pgrep -P "$SERVER" | tr '\n' ' ')
    if [ "$FAULT" = kill-worker ]; then
      VICTIM=$(pgrep -P "$SERVER" | head -1)
      HELD=$(ss -tnpH state established "( sport = :$PORT )" 2>/dev/null | grep -c "pid=$VICTIM," || true)
      FIELDS+=(--field "victim_held_connections=$HELD")
      echo "workers: $WORKERS_BEFORE; kill -9 $VICTIM at ${FAULT_AT}s; it held $HELD of the $WRK_CONNECTIONS connections" \
        "(one request in flight on each)"
      kill -9 "$VICTIM"
    else
      echo "workers: $WORKERS_BEFORE; SIGHUP to master $SERVER at ${FAULT_AT}s"
      kill -HUP "$SERVER"
    fi
    wait "$WRK" || true
    WRK=""
    echo "workers after: $(pgrep -P "$SERVER" | tr '\n' ' ')"
    echo "wrk: $(summary)"
    PREFORK_JSON="$(curl -sf "$BASE/stats" | python3 -c "import json,sys; print(json.dumps(json.load(sys.stdin)['prefork']))")"
    echo "prefork: $PREFORK_JSON"
    FAILED_REQUESTS=$(failed)
    echo "failed_requests=$FAILED_REQUESTS"
    FIELDS+=(--json "prefork=$PREFORK_JSON")
    ;;
  stop)
    RUN=$((FAULT_AT + READINESS_DELAY - 1)) # wrk ends one second before the delay does
    DELAY_MS=$DELAY_MS wrk -t1 -c"$WRK_CONNECTIONS" -d"${RUN}s" --timeout 5s -s "$ROOT/bench/lua/summary.lua" \
      "$BASE/plaintext" >"$OUT/wrk.txt" 2>&1 &
    WRK=$!
    FIELDS+=(--json "wrk_seconds=$RUN" --json "readiness_delay_seconds=$READINESS_DELAY")
    sleep "$FAULT_AT"
    STOP_AT=$(date +%s.%N)
    echo "SIGTERM to $SERVER at ${FAULT_AT}s (readiness delay ${READINESS_DELAY}s)"
    kill -TERM "$SERVER"
    sleep 0.5
    READY=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/health/ready" || true)
    echo "/health/ready during the delay: $READY"
    FIELDS+=(--field "health_ready_during_delay=$READY")
    # Slow requests that are still running when the delay ends and the drain begins.
    sleep "$(python3 -c "print(max(0, $READINESS_DELAY - 0.5 - 1.0))")"
    for i in $(seq 1 "$INFLIGHT"); do
      curl -s -o /dev/null -w '%{http_code}\n' "$BASE/sleep?ms=1500" >>"$OUT/inflight.txt" 2>/dev/null &
    done
    wait "$WRK" || true
    WRK=""
    CODE=0
    wait "$SERVER" || CODE=$? # 143: the JVM's status after SIGTERM once its shutdown hooks ran
    END_AT=$(date +%s.%N)
    wait || true
    OK=$(grep -c '^200$' "$OUT/inflight.txt" || true)
    EXIT_AFTER=$(python3 -c "print(round($END_AT - $STOP_AT, 1))")
    echo "wrk: $(summary)"
    echo "in-flight slow requests at the drain: $OK/$INFLIGHT answered 200"
    echo "server exit code: $CODE after $EXIT_AFTER s"
    FAILED_REQUESTS=$(( $(failed) + INFLIGHT - OK ))
    echo "failed_requests=$FAILED_REQUESTS"
    FIELDS+=(--json "inflight_at_drain=$INFLIGHT" --json "inflight_answered_200=$OK" --json "server_exit_code=$CODE"
             --json "exit_seconds_after_sigterm=$EXIT_AFTER")
    ;;
esac
echo "logs: $OUT"
if [ -n "$OUT_JSON" ]; then
  # wrk's SUMMARY line as JSON: counts as integers, latencies in ms
  WRK_JSON="$(summary | python3 -c "import json,sys; print(json.dumps({k: (float(v) if k.endswith('_ms') else int(v)) for k, v in (kv.split('=') for kv in sys.stdin.read().split())}))")"
  python3 "$ROOT/bench/provenance.py" --out "$OUT_JSON" --command "$COMMAND" \
    --field "fault=$FAULT" --field "model=$MODEL" --json "connections=$WRK_CONNECTIONS" --json "delay_ms=$DELAY_MS" \
    --json "fault_at_seconds=$FAULT_AT" --json "wrk=$WRK_JSON" --json "failed_requests=$FAILED_REQUESTS" "${FIELDS[@]}"
fi
