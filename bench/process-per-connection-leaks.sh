#!/usr/bin/env bash
# Process-per-connection, at scale: serve CONNECTIONS connections (default 1,000), each by its own child
# process, then check that no child, no zombie and no descriptor is left behind, and report the cost per
# connection (which is mostly the child JVM's start-up: what this model exists to show).
#
#   bench/process-per-connection-leaks.sh                 # 1,000 connections, 4 at a time, at most 4 children
#   CONNECTIONS=200 CONCURRENCY=2 bench/process-per-connection-leaks.sh
#   OUT=docs/x.json bench/process-per-connection-leaks.sh   # also write the results with commit, machine, date, command
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CONNECTIONS="${CONNECTIONS:-1000}"
CONCURRENCY="${CONCURRENCY:-4}"
PROCESSES="${PROCESSES:-4}"
PORT="${PORT:-18099}"
JAR="$ROOT/cli/target/barista.jar"

die() { echo "process-per-connection-leaks: $*" >&2; exit 1; }
command -v curl >/dev/null || die "curl is needed (apt-get install curl)"

find_java() {
  local d v
  for d in ${JAVA_HOME:-} /usr/lib/jvm/*; do
    [ -x "$d/bin/java" ] || continue
    v="$("$d/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}')"
    if [ -n "$v" ] && [ "$v" -ge 25 ]; then echo "$d/bin/java"; return; fi
  done
  die "no JDK 25+ found (set JAVA_HOME)"
}
JAVA="$(find_java)"
[ -f "$JAR" ] || "$ROOT/barista" build -q -DskipTests >/dev/null || die "build failed"

"$JAVA" -jar "$JAR" serve --model process-per-connection --processes "$PROCESSES" --port "$PORT" \
  > /tmp/ppc-leaks-server.log 2>&1 &
SERVER=$!
trap 'kill -TERM $SERVER 2>/dev/null || true' EXIT

for _ in $(seq 100); do curl -s -o /dev/null "http://127.0.0.1:$PORT/plaintext" && break; sleep 0.1; done
children() { { pgrep -P "$SERVER" || true; } | wc -l; }
zombies() { ps -o stat= --ppid "$SERVER" 2>/dev/null | grep -c '^Z' || true; }
fds() { ls "/proc/$SERVER/fd" | wc -l; }
settle() { # wait (at most 20 s) until every child has exited
  for _ in $(seq 200); do [ "$(children)" -eq 0 ] && return 0; sleep 0.1; done
}
# Warm up before taking the descriptor baseline: the JDK opens its virtual-thread I/O pollers (a few
# eventpoll descriptors) lazily, on the first connections, and keeps them; they are not per-connection.
for _ in $(seq 20); do curl -s -o /dev/null "http://127.0.0.1:$PORT/plaintext"; done
settle
FDS_BEFORE="$(fds)"

echo "serving $CONNECTIONS connections, $CONCURRENCY at a time, at most $PROCESSES live children..."
START=$(date +%s%N)
CODES="$(seq "$CONNECTIONS" | xargs -P "$CONCURRENCY" -I{} \
  curl -s -o /dev/null -w '%{http_code}\n' --max-time 20 "http://127.0.0.1:$PORT/plaintext" || true)"
END=$(date +%s%N)
OK="$(grep -c '^200$' <<<"$CODES" || true)"
settle
CHILDREN="$(children)"; ZOMBIES="$(zombies)"; FDS_AFTER="$(fds)"

ELAPSED_MS=$(( (END - START) / 1000000 ))
echo "answered 200:           $OK / $CONNECTIONS"
echo "elapsed:                ${ELAPSED_MS} ms ($(( ELAPSED_MS * CONCURRENCY / CONNECTIONS )) ms per connection per client, ~$(( CONNECTIONS * 1000 / (ELAPSED_MS + 1) )) connections/s)"
echo "children left:          $CHILDREN"
echo "zombies left:           $ZOMBIES"
echo "parent descriptors:     $FDS_BEFORE before, $FDS_AFTER after"
curl -s "http://127.0.0.1:$PORT/stats" | sed 's/^/stats (through one more child): /'; echo

FAILED=0
[ "$OK" -eq "$CONNECTIONS" ] || { echo "FAIL: $(( CONNECTIONS - OK )) connections were not answered 200"; FAILED=1; }
[ "$CHILDREN" -eq 0 ] || { echo "FAIL: children left behind"; FAILED=1; }
[ "$ZOMBIES" -eq 0 ] || { echo "FAIL: zombies left behind"; FAILED=1; }
[ "$FDS_AFTER" -le "$FDS_BEFORE" ] || { echo "FAIL: descriptors leaked ($FDS_BEFORE → $FDS_AFTER)"; FAILED=1; }
if [ -n "${OUT:-}" ]; then
  VERDICT=PASS; [ "$FAILED" -eq 0 ] || VERDICT=FAIL
  python3 "$ROOT/bench/provenance.py" --out "$OUT" \
    --command "OUT=$OUT CONNECTIONS=$CONNECTIONS CONCURRENCY=$CONCURRENCY PROCESSES=$PROCESSES bench/process-per-connection-leaks.sh" \
    --json "connections=$CONNECTIONS" --json "concurrency=$CONCURRENCY" --json "max_children=$PROCESSES" \
    --json "answered_200=$OK" --json "elapsed_ms=$ELAPSED_MS" \
    --json "connections_per_second=$(python3 -c "print(round($CONNECTIONS * 1000 / $ELAPSED_MS, 2))")" \
    --json "children_left=$CHILDREN" --json "zombies_left=$ZOMBIES" \
    --json "parent_descriptors_before=$FDS_BEFORE" --json "parent_descriptors_after=$FDS_AFTER" --field "verdict=$VERDICT"
fi
kill -TERM "$SERVER"; wait "$SERVER" || true
trap - EXIT
[ "$FAILED" -eq 0 ] && echo "PASS: no child, zombie or descriptor left after $CONNECTIONS connections"
exit "$FAILED"
