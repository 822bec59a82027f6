#!/usr/bin/env bash
# Bytes allocated per request in steady state (AllocationProbe: the server in-process, wrk outside, the JVM's
# exact per-thread allocation counters), for Barista and the Netty peer on the same paths. Writes one JSON file
# with what made it. See bench/README.md.
#
#   bench/alloc.sh                        # /plaintext pipelined x16 and not, /json; 10 s each after 5 s warm-up
#   SERVERS=barista OUT=docs/benchmarks/alloc.json bench/alloc.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DURATION="${DURATION:-10}"; WARMUP="${WARMUP:-5}"; CONNECTIONS="${CONNECTIONS:-256}"
SERVER_CPUS="${SERVER_CPUS:-0}"; WRK_CPUS="${WRK_CPUS:-1}"; SERVERS="${SERVERS:-barista netty}"
BENCH_JAR="${BENCH_JAR:-$ROOT/bench/target/barista-bench.jar}"
OUT="${OUT:-$ROOT/bench/results/alloc-$(date +%Y-%m-%d_%H%M%S).json}"
JAVA="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}/bin/java"
[ -x "$JAVA" ] || JAVA="$(ls -d /usr/lib/jvm/*25*/bin/java | head -1)"
command -v wrk >/dev/null || { echo "alloc.sh: wrk is missing (apt-get install wrk)" >&2; exit 1; }
[ -f "$BENCH_JAR" ] || { echo "alloc.sh: $BENCH_JAR missing: mvn -B -q -DskipTests -pl bench -am package" >&2; exit 1; }
mkdir -p "$(dirname "$OUT")"
probe() { # server path pipeline
  taskset -c "$SERVER_CPUS" "$JAVA" -Xms1g -Xmx1g -XX:+UseParallelGC -cp "$BENCH_JAR" \
    dev.barista.bench.alloc.AllocationProbe --server "$1" --path "$2" --pipeline "$3" --connections "$CONNECTIONS" \
    --duration "$DURATION" --warmup "$WARMUP" --wrk-cpus "$WRK_CPUS" --lua "$ROOT/bench/pipeline.lua" | tail -1
}
rows=""
for server in $SERVERS; do
  for run in "/plaintext 16" "/plaintext 1" "/json 1"; do
    # shellcheck disable=SC2086 # path and pipeline depth
    rows="$rows${rows:+,}$(probe "$server" $run)"
  done
done
rev="$(git -C "$ROOT" rev-parse --short HEAD)"; [ -z "$(git -C "$ROOT" status --porcelain | head -1)" ] || rev="$rev (+ uncommitted changes)"
cat > "$OUT" <<JSON
{"meta": {"commit": "$rev", "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "machine": "$(nproc) CPUs, $(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo), kernel $(uname -r)",
  "jdk": "$("$JAVA" -version 2>&1 | head -1 | sed 's/"/\\"/g')",
  "command": "SERVERS='$SERVERS' DURATION=$DURATION WARMUP=$WARMUP CONNECTIONS=$CONNECTIONS bench/alloc.sh",
  "setup": "server in the probe JVM pinned to CPU $SERVER_CPUS (Barista: reactor, 1 loop; Netty: NettyHelloServer, 1 epoll loop; -Xmx1g ParallelGC), wrk -t1 on CPU $WRK_CPUS"},
 "rows": [$rows]}
JSON
cat "$OUT"
