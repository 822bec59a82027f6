#!/usr/bin/env bash
# Two builds of barista side by side under wrk, alternating runs, to measure what a change costs (for
# example, the per-request metrics: the jar of the commit before them against the jar after).
#
#   bench/compare-jars.sh /tmp/base.jar cli/target/barista.jar
#   ROUNDS=3 DURATION=10 PATHS="/plaintext /json" bench/compare-jars.sh A.jar B.jar
set -euo pipefail
if [ "${1:-}" = "-h" ] || [ "${1:-}" = "--help" ] || [ $# -ne 2 ]; then
  cat <<'USAGE'
usage: bench/compare-jars.sh JAR_A JAR_B

Starts each jar's `serve` alone (reactor, one loop, pinned to SERVER_CPUS), runs wrk (pinned to WRK_CPUS)
against each path, alternating A and B for ROUNDS rounds, and prints requests/s per run and the B/A ratio of
the medians.
Environment: ROUNDS=3 DURATION=10 WARMUP=5 CONNECTIONS=64 PATHS="/plaintext" PORT=17200
             SERVER_CPUS=0 WRK_CPUS=1 JVM_OPTS="-Xms512m -Xmx512m -XX:+UseParallelGC"
USAGE
  exit 0
fi
A=$1; B=$2
ROUNDS=${ROUNDS:-3}; DURATION=${DURATION:-10}; WARMUP=${WARMUP:-5}; CONNECTIONS=${CONNECTIONS:-64}
PATHS=${PATHS:-/plaintext}; PORT=${PORT:-17200}; SERVER_CPUS=${SERVER_CPUS:-0}; WRK_CPUS=${WRK_CPUS:-1}
JVM_OPTS=${JVM_OPTS:--Xms512m -Xmx512m -XX:+UseParallelGC}
JAVA=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java

run() { # jar path -> requests/s
  local jar=$1 path=$2 pid rps
  # shellcheck disable=SC2086
  taskset -c "$SERVER_CPUS" "$JAVA" $JVM_OPTS --enable-native-access=ALL-UNNAMED \
    --sun-misc-unsafe-memory-access=allow -jar "$jar" serve --port "$PORT" --loops 1 \
    >/dev/null 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do curl -sf "http://127.0.0.1:$PORT$path" >/dev/null 2>&1 && break; sleep 0.1; done
  taskset -c "$WRK_CPUS" wrk -t1 -c"$CONNECTIONS" -d"${WARMUP}s" "http://127.0.0.1:$PORT$path" >/dev/null
  rps=$(taskset -c "$WRK_CPUS" wrk -t1 -c"$CONNECTIONS" -d"${DURATION}s" "http://127.0.0.1:$PORT$path" \
    | awk '/Requests\/sec/ {print $2}')
  kill -9 "$pid"; wait "$pid" 2>/dev/null || true
  echo "$rps"
}

echo "date=$(date -u +%FT%TZ) A=$A B=$B rounds=$ROUNDS duration=${DURATION}s connections=$CONNECTIONS"
for path in $PATHS; do
  as=(); bs=()
  for r in $(seq 1 "$ROUNDS"); do
    a=$(run "$A" "$path"); b=$(run "$B" "$path")
    echo "$path round $r: A=$a B=$b"
    as+=("$a"); bs+=("$b")
  done
  python3 -c '
import statistics, sys
a = [float(x) for x in sys.argv[2].split()]; b = [float(x) for x in sys.argv[3].split()]
print("%s median A=%.0f B=%.0f B/A=%.3f" % (sys.argv[1], statistics.median(a), statistics.median(b),
      statistics.median(b) / statistics.median(a)))' "$path" "${as[*]}" "${bs[*]}"
done
