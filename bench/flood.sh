#!/usr/bin/env bash
# Floods of hostile clients against a small heap, with ordinary clients alongside; results as JSON.
# One command per flood:
#
#   bench/flood.sh slow-body              60 clients each sending a 9 MiB chunked body, 64 KiB every 50 ms
#   bench/flood.sh slow-body --trickle    the same bodies, trickled slower than the minimum data rate
#   bench/flood.sh slow-body --hang-up    the same, each client giving up (FIN) after 1 MiB of its body
#   bench/flood.sh slow-reader            60 clients asking for an 8 MiB answer and not reading it
#   bench/flood.sh fast-body              4 clients POSTing 9 MiB bodies to /echo at full speed, one per connection
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: bench/flood.sh slow-body [--trickle | --hang-up] | slow-reader | fast-body   [options]

Starts `./barista serve` (this checkout's launcher, BARISTA_JAVA_OPTS=JAVA_OPTS) on 127.0.0.1, runs the flood
client from bench/target/barista-bench.jar for DURATION seconds together with ordinary clients (4 keep-alive
connections doing GET /plaintext and 1 doing POST /echo of 1 KiB, each pausing 5 ms between requests, 5 s
timeout per request), samples the server every second (/stats, RSS, /proc/net/sockstat; jstat -gc; a GC
log), checks that it is alive afterwards (/health/live, the log), stops it, and writes RESULTS (JSON: commit,
machine, date, command, the numbers and the verdict) and a summary. Everything it started is stopped on
exit, failure or Ctrl-C.

  slow-body    CLIENTS connections, each POSTing a 9 MiB chunked body (64 KiB chunks every 50 ms, 1.3 MB/s)
               half to POST /echo (buffers its body) and half to a path with no route (404: discarded as it
               arrives), each reconnecting after its answer or its close.
               Expected: /echo bodies beyond the memory budget answered 503 (Retry-After) and closed.
  slow-body --trickle
               the same, but 100-byte chunks every 500 ms (200 B/s, under the 240 B/s minimum data rate).
               Expected: 408 after the 5 s grace.
  slow-body --hang-up
               the same pace, but each client ends its side of the connection (shutdown, FIN) after 1 MiB
               of its body, as a client giving up an upload does, and waits for the server's close.
               Expected: nothing held once the connections are gone.
  slow-reader  CLIENTS connections, each with an 8 KiB receive buffer, sending POST /echo with an 8 MiB body
               and not reading for 10 s; then reading what is left (the server should have closed it by the
               minimum data rate), and starting over.
  fast-body    not a flood: CLIENTS (default 4) connections each POSTing a 9 MiB chunked body to /echo as
               fast as the server takes it, reading the answer, closing, and starting over (uploads one
               after another). Expected: the memory of each answered exchange freed once it is written.

PASS when: no ordinary request failed; memory.used_bytes never above memory.budget_bytes (sampled every
second by this script and every 100 ms by the client); no OutOfMemoryError or dead loop in the server log;
the process alive at the end with /health/live 200; and, 3 s after the flood, the budget released (used
at most 64 KiB: a thread model's /stats connection), the live heap (a class histogram, after a full GC) within 64 MiB of the one before the
flood, and a small POST /echo answered 200. slow-reader also needs the slow readers closed by the
server (closes.write_timeout > 0).

Options (environment variable in capitals):
  --duration S       seconds of flood                     DURATION=60
  --clients N        flooding connections                 CLIENTS=60 (fast-body: 4)
  --model NAME       concurrency model                    MODEL=reactor
  --port P           server port                          PORT=17400
  --pin              server on CPU 0, clients on CPU 1    PIN=0 (the server's JVM then sees one CPU:
                     one event loop and the serial collector)
  --results FILE     RESULTS=docs/reliability/<flood>.json (slow-body-trickle.json, slow-body-hang-up.json)
  -h, --help
More: JAVA_OPTS="-Xmx512m" (the server's BARISTA_JAVA_OPTS; a GC log option is added), LOGS=bench/results/flood-...
USAGE
}

FLOOD=${1:-}
case "$FLOOD" in
  slow-body|slow-reader|fast-body) shift ;;
  -h|--help) usage; exit 0 ;;
  *) usage >&2; exit 2 ;;
esac
DURATION=${DURATION:-60}; CLIENTS=${CLIENTS:-}; [ "$FLOOD" = fast-body ] && CLIENTS=${CLIENTS:-4}; CLIENTS=${CLIENTS:-60}; MODEL=${MODEL:-reactor}; PORT=${PORT:-17400}; PIN=${PIN:-0}
JAVA_OPTS=${JAVA_OPTS:--Xmx512m}; VARIANT=""; RESULTS=${RESULTS:-}
ARGS=("$@")
while [ $# -gt 0 ]; do
  case "$1" in
    --trickle|--hang-up)
      [ "$FLOOD" = slow-body ] && [ -z "$VARIANT" ] || { echo "one of --trickle, --hang-up, for slow-body" >&2; exit 2; }
      VARIANT=${1#--}; shift ;;
    --duration) DURATION=$2; shift 2 ;;
    --clients) CLIENTS=$2; shift 2 ;;
    --model) MODEL=$2; shift 2 ;;
    --port) PORT=$2; shift 2 ;;
    --pin) PIN=1; shift ;;
    --results) RESULTS=$2; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) echo "unknown option $1" >&2; usage >&2; exit 2 ;;
  esac
done

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NAME=$FLOOD${VARIANT:+-$VARIANT}
RESULTS=${RESULTS:-$ROOT/docs/reliability/$NAME.json}
LOGS=${LOGS:-$ROOT/bench/results/flood-$NAME-$(date -u +%Y%m%d_%H%M%S)}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
BENCH_JAR="$ROOT/bench/target/barista-bench.jar"
[ -f "$BENCH_JAR" ] || { echo "flood.sh: $BENCH_JAR missing; build it:
  JAVA_HOME=$JAVA_HOME MAVEN_OPTS=--sun-misc-unsafe-memory-access=allow mvn -B -q -DskipTests package -pl core,bench" >&2
  exit 1; }
mkdir -p "$LOGS" "$(dirname "$RESULTS")"
BASE="http://127.0.0.1:$PORT"
SERVER_CPU=(); CLIENT_CPU=()
[ "$PIN" = 1 ] && { SERVER_CPU=(taskset -c 0); CLIENT_CPU=(taskset -c 1); }

SERVER=""; SAMPLER=""; JSTAT=""; CLIENT=""
cleanup() {
  for pid in "$CLIENT" "$SAMPLER" "$JSTAT"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
  if [ -n "$SERVER" ] && kill -0 "$SERVER" 2>/dev/null; then
    kill -TERM "$SERVER" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$SERVER" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$SERVER" 2>/dev/null || true
  fi
  wait 2>/dev/null || true
}
trap cleanup EXIT
trap 'exit 130' INT TERM

SERVER_OPTS="$JAVA_OPTS -Xlog:gc:file=$LOGS/gc.log"
SERVER_CMD="BARISTA_JAVA_OPTS='$SERVER_OPTS' ${SERVER_CPU[*]:+${SERVER_CPU[*]} }./barista serve --port $PORT --model $MODEL --readiness-delay 0"
# The launcher execs java: $! is the server JVM's pid.
BARISTA_JAVA_OPTS="$SERVER_OPTS" "${SERVER_CPU[@]}" "$ROOT/barista" serve --port "$PORT" --model "$MODEL" \
  --readiness-delay 0 >"$LOGS/server.log" 2>&1 &
SERVER=$!
for _ in $(seq 1 150); do curl -sf "$BASE/health/ready" >/dev/null 2>&1 && break; sleep 0.2; done
curl -sf "$BASE/health/ready" >/dev/null || { echo "server did not start; see $LOGS/server.log" >&2; exit 1; }
LOAD_BEFORE=$(cut -d' ' -f1-3 /proc/loadavg)
# The live heap (a class histogram: a full GC first): total, byte arrays, HTTP/1 sessions (connections).
live_heap() {
  "$JAVA_HOME/bin/jcmd" "$SERVER" GC.class_histogram 2>/dev/null | awk '
    $4 == "[B" && $5 ~ /^[(]java[.]base/ { arrays += $3 }
    $4 == "dev.barista.protocol.http1.Http1Session" { sessions = $2 }
    $1 == "Total" { total = $3 }
    END { printf "{\"total_bytes\": %d, \"byte_array_bytes\": %d, \"http1_sessions\": %d}", total, arrays, sessions }'
}
LIVE_BEFORE=$(live_heap || echo null)

# Once a second: elapsed, RSS (KB), TCP orphans and TCP memory pages (sockstat), /stats on one line.
START=$(date +%s.%N)
(
  while kill -0 "$SERVER" 2>/dev/null; do
    now=$(date +%s.%N)
    rss=$(awk '/^VmRSS/ {print $2}' "/proc/$SERVER/status" 2>/dev/null || echo -1)
    sock=$(awk '/^TCP:/ {print $5, $11}' /proc/net/sockstat)
    stats=$(curl -s -m 2 "$BASE/stats" 2>/dev/null | tr -d '\n' || true)
    printf '%s\t%s\t%s\t%s\n' "$(awk -v a="$now" -v b="$START" 'BEGIN { printf "%.2f", a - b }')" "${rss:--1}" "$sock" "${stats:-null}"
    sleep 1
  done
) >"$LOGS/samples.tsv" 2>/dev/null &
SAMPLER=$!
"$JAVA_HOME/bin/jstat" -gc -t "$SERVER" 1000 >"$LOGS/jstat.txt" 2>&1 &
JSTAT=$!

CLIENT_ARGS=(--port "$PORT" --clients "$CLIENTS" --duration "$DURATION" --out "$LOGS/client.json")
case "$NAME" in
  slow-body) CLASS=BodyFlood ;;
  slow-body-trickle) CLASS=BodyFlood; CLIENT_ARGS+=(--chunk-bytes 100 --interval-ms 500) ;;
  slow-body-hang-up) CLASS=BodyFlood; CLIENT_ARGS+=(--hang-up-after 1048576) ;;
  slow-reader) CLASS=ReaderFlood ;;
  fast-body) CLASS=BodyFlood; CLIENT_ARGS+=(--paths /echo --interval-ms 0) ;;
esac
CLIENT_CMD="${CLIENT_CPU[*]:+${CLIENT_CPU[*]} }java -Xmx256m -cp bench/target/barista-bench.jar dev.barista.bench.fault.$CLASS ${CLIENT_ARGS[*]}"
echo "flood=$NAME model=$MODEL server: $SERVER_CMD (pid $SERVER)"
echo "client: $CLIENT_CMD"
"${CLIENT_CPU[@]}" "$JAVA_HOME/bin/java" -Xmx256m -cp "$BENCH_JAR" "dev.barista.bench.fault.$CLASS" "${CLIENT_ARGS[@]}" \
  >"$LOGS/client.log" 2>&1 &
CLIENT=$!
CLIENT_CODE=0
wait "$CLIENT" || CLIENT_CODE=$?
CLIENT=""
[ "$CLIENT_CODE" = 0 ] || echo "flood client exited with $CLIENT_CODE; see $LOGS/client.log" >&2

sleep 3 # what the flood held should be released by now
ALIVE=0; kill -0 "$SERVER" 2>/dev/null && ALIVE=1
LIVE=$(curl -s -m 5 -o /dev/null -w '%{http_code}' "$BASE/health/live" || true)
READY=$(curl -s -m 5 -o /dev/null -w '%{http_code}' "$BASE/health/ready" || true)
ECHO_AFTER=$(curl -s -m 5 -o /dev/null -w '%{http_code}' --data-binary 'after the flood' "$BASE/echo" || true)
curl -s -m 5 "$BASE/stats" >"$LOGS/stats-final.json" || true
grep -E '^Vm(HWM|RSS)' "/proc/$SERVER/status" >"$LOGS/rss-final.txt" 2>/dev/null || true
LIVE_AFTER=null; [ "$ALIVE" = 1 ] && LIVE_AFTER=$(live_heap || echo null)
"$JAVA_HOME/bin/jcmd" "$SERVER" GC.heap_info >"$LOGS/heap-final.txt" 2>&1 || true
kill "$SAMPLER" "$JSTAT" 2>/dev/null || true
SAMPLER=""; JSTAT=""
kill -TERM "$SERVER" 2>/dev/null || true
SERVER_CODE=0
wait "$SERVER" || SERVER_CODE=$?
SERVER=""

COMMIT=$(git -C "$ROOT" rev-parse --short HEAD)
DIRTY=$(git -C "$ROOT" status --porcelain --untracked-files=no | wc -l)
python3 - "$LOGS" "$RESULTS" <<PY
import json, os, platform, re, sys
logs, results = sys.argv[1], sys.argv[2]
meta = {
    "scenario": "$NAME",
    "command": "bench/flood.sh $FLOOD ${ARGS[*]}".strip(),
    "commit": "$COMMIT" + ("+dirty($DIRTY files)" if $DIRTY else ""),
    "date": "$(date -u +%FT%TZ)",
    "machine": {
        "host": platform.node(), "cpus": os.cpu_count(), "kernel": platform.release(),
        "cpu": next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?"),
        "mem_total_kb": int(next(l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal"))),
        "load_avg_before": "$LOAD_BEFORE",
    },
    "server_command": """$SERVER_CMD""",
    "client_command": """$CLIENT_CMD""",
    "model": "$MODEL", "pinned": $PIN == 1,
}
client = json.load(open(os.path.join(logs, "client.json"))) if os.path.exists(os.path.join(logs, "client.json")) else None

series, budget, max_used, max_used_at, over = [], None, -1, None, 0
for line in open(os.path.join(logs, "samples.tsv")):
    parts = line.rstrip("\n").split("\t")
    if len(parts) < 4: continue
    t, rss, sock, raw = float(parts[0]), int(parts[1]), parts[2].split(), parts[3]
    try: s = json.loads(raw)
    except ValueError: s = None
    row = {"t": round(t, 1), "rss_kb": rss, "tcp_orphans": int(sock[0]), "tcp_mem_pages": int(sock[1])}
    if s:
        m = s["memory"]; budget = m["budget_bytes"]
        closes = s["traffic"]["closes"]
        row.update(used_bytes=m["used_bytes"], refusals=m["refusals"], open_connections=s["counters"]["open_connections"],
                   closes_overload=closes["overload"], closes_request_timeout=closes["request_timeout"],
                   closes_write_timeout=closes["write_timeout"])
        if m["used_bytes"] > budget: over += 1
        if m["used_bytes"] > max_used: max_used, max_used_at = m["used_bytes"], round(t, 1)
    else:
        row["stats"] = "no answer"
    series.append(row)

heap = {}
lines = [l.split() for l in open(os.path.join(logs, "jstat.txt")) if l.strip()]
if lines and lines[0][0] == "Timestamp":
    head = lines[0]
    rows = [dict(zip(head, map(float, r))) for r in lines[1:] if len(r) == len(head) and re.match(r"^[\d.]+$", r[0])]
    if rows:
        used = [(r["S0U"] + r["S1U"] + r["EU"] + r["OU"], r) for r in rows]
        peak_kb, peak = max(used, key=lambda x: x[0])
        heap = {"samples": len(rows), "peak_used_kb": round(peak_kb), "peak_at_jvm_uptime_s": peak["Timestamp"],
                "peak_old_used_kb": round(max(r["OU"] for r in rows)),
                "committed_at_peak_kb": round(peak["S0C"] + peak["S1C"] + peak["EC"] + peak["OC"]),
                "young_gcs": int(rows[-1]["YGC"]), "full_gcs": int(rows[-1]["FGC"]),
                "concurrent_gcs": int(rows[-1].get("CGC", 0)), "gc_time_s": rows[-1]["GCT"]}
gclog = open(os.path.join(logs, "gc.log")).read() if os.path.exists(os.path.join(logs, "gc.log")) else ""
m = re.search(r"Using (\S+)", gclog)
heap["collector"] = m.group(1) if m else "?"
after = [int(x) for x in re.findall(r"->(\d+)M\(", gclog)]
heap["max_after_gc_mb"] = max(after) if after else None
heap["max_heap_mb"] = int(re.search(r"-Xmx(\d+)m", "$JAVA_OPTS").group(1)) if re.search(r"-Xmx(\d+)m", "$JAVA_OPTS") else None

rss = dict(l.replace(":", "").split()[:2] for l in open(os.path.join(logs, "rss-final.txt"))) if os.path.exists(os.path.join(logs, "rss-final.txt")) else {}
log = open(os.path.join(logs, "server.log"), errors="replace").read()
final = {}
try: final = json.load(open(os.path.join(logs, "stats-final.json")))
except (OSError, ValueError): pass

sampler = client["memory_sampler"] if client else {}
max_used_all = max(max_used, sampler.get("max_used_bytes", -1))
end = {
    "alive": $ALIVE == 1, "health_live": "$LIVE", "health_ready": "$READY", "small_echo_after": "$ECHO_AFTER",
    "server_exit_code": $SERVER_CODE, "flood_client_exit_code": $CLIENT_CODE,
    "live_heap_before": json.loads('''$LIVE_BEFORE'''), "live_heap_after": json.loads('''${LIVE_AFTER:-null}'''),
    "out_of_memory_errors_in_log": len(re.findall(r"OutOfMemoryError", log)),
    "loop_deaths_in_log": len(re.findall(r"(?i)\bdied\b|out of service", log)),
    "memory_after": final.get("memory"), "closes": final.get("traffic", {}).get("closes"),
    "counters": final.get("counters"),
}
memory = {"budget_bytes": budget, "max_used_bytes_1s": max_used, "max_used_at_s": max_used_at,
          "samples_1s": len(series), "samples_over_budget_1s": over,
          "max_used_bytes_100ms": sampler.get("max_used_bytes"), "samples_100ms": sampler.get("samples"),
          "samples_over_budget_100ms": sampler.get("samples_over_budget"),
          "max_used_percent_of_budget": round(100.0 * max_used_all / budget, 1) if budget else None,
          "peak_rss_kb": int(rss.get("VmHWM", max((r["rss_kb"] for r in series), default=-1))),
          "peak_rss_source": "VmHWM" if "VmHWM" in rss else "1 s samples (the process was gone at the end)",
          "rss_after_kb": int(rss.get("VmRSS", "-1")),
          "max_tcp_orphans": max((r["tcp_orphans"] for r in series), default=None),
          "max_tcp_mem_pages": max((r["tcp_mem_pages"] for r in series), default=None),
          "heap": heap}
good = client["good"] if client else None
checks = {
    "no_ordinary_request_failed": bool(good) and good["failed"] == 0,
    "used_never_above_budget": budget is not None and max_used_all <= budget and over == 0
                               and sampler.get("samples_over_budget", 1) == 0,
    "no_out_of_memory_error": end["out_of_memory_errors_in_log"] == 0,
    "no_loop_died": end["loop_deaths_in_log"] == 0,
    "alive_and_live": end["alive"] and end["health_live"] == "200",
    "budget_released_after": bool(end["memory_after"]) and end["memory_after"]["used_bytes"] <= 64 << 10,
    "heap_released_after": bool(end["live_heap_after"]) and bool(end["live_heap_before"])
                           and end["live_heap_after"]["total_bytes"] - end["live_heap_before"]["total_bytes"] <= 64 << 20,
    "small_echo_after_200": end["small_echo_after"] == "200",
}
if "$FLOOD" == "slow-reader":
    # from the last sample if the server did not live to the end
    checks["slow_readers_closed_by_server"] = max((r.get("closes_write_timeout", 0) for r in series), default=0) > 0
verdict = "PASS" if all(checks.values()) else "FAIL (" + ", ".join(k for k, v in checks.items() if not v) + ")"
out = dict(meta, verdict=verdict, checks=checks, good=good, flood=client["flood"] if client else None,
           flood_config=client["config"] if client else None, memory=memory, end=end, series=series)
json.dump(out, open(results, "w"), indent=1)
open(results, "a").write("\n")

mb = lambda b: "?" if b is None or b < 0 else f"{b / 1048576:.1f} MiB"
print(f"== {meta['scenario']}  commit {meta['commit']}  {meta['date']}  verdict {verdict}")
if good:
    print(f"good requests: {good['ok']} ok, {good['failed']} failed ({good['failed_percent']} %),"
          f" latency p50 {good['latency_ms'].get('p50')} ms p99 {good['latency_ms'].get('p99')} ms max {good['latency_ms'].get('max')} ms")
    for f in good["first_failures"][:5]: print(f"  failure at {f['atSeconds']} s: {f['path']}: {f['what']}")
if client:
    fl = client["flood"]
    print(f"flood: {fl['connections']} connections; outcomes:")
    for path, outcomes in (fl.get("outcomes_by_path") or {"": fl.get("outcomes", {})}).items():
        print("  " + (path + ": " if path else "") + ", ".join(f"{k} x{v['count']}" for k, v in sorted(outcomes.items())))
print(f"memory: budget {mb(budget)}, max used {mb(max_used)} (1 s samples), {mb(sampler.get('max_used_bytes'))}"
      f" (100 ms samples); refusals {(end['memory_after'] or {}).get('refusals')}; used after {mb((end['memory_after'] or {}).get('used_bytes'))}")
print(f"heap ({heap.get('collector')}): peak used {heap.get('peak_used_kb')} KB of -Xmx {heap.get('max_heap_mb')} MiB,"
      f" peak old {heap.get('peak_old_used_kb')} KB, max after GC {heap.get('max_after_gc_mb')} MiB;"
      f" RSS peak {memory['peak_rss_kb']} KB; TCP orphans max {memory['max_tcp_orphans']}")
print(f"end: alive {end['alive']}, /health/live {end['health_live']}, exit code {end['server_exit_code']},"
      f" OutOfMemoryError {end['out_of_memory_errors_in_log']}, closes {end['closes']}")
lb, la = end["live_heap_before"], end["live_heap_after"]
if lb and la:
    print(f"live heap (after a full GC): before {mb(lb['total_bytes'])}, 3 s after the flood {mb(la['total_bytes'])}"
          f" (byte arrays {mb(la['byte_array_bytes'])}, {la['http1_sessions']} HTTP/1 sessions,"
          f" {(end['counters'] or {}).get('open_connections')} connections open)")
print("checks: " + ", ".join(f"{k}={'ok' if v else 'FAILED'}" for k, v in checks.items()))
print(f"results: {results}")
PY
echo "logs: $LOGS"
