#!/usr/bin/env bash
# Barista and a tuned Netty hello-world server, side by side under wrk, on this machine.
# Each server runs alone, pinned to one core; wrk runs pinned to another. See bench/README.md.
#
#   bench/wrk-vs-netty.sh                                  # full run: 4 scenarios x 2 servers, 15 s each
#   DURATION=5 WARMUP=3 bench/wrk-vs-netty.sh              # quick run
#   SERVERS=netty SCENARIOS=plaintext,json bench/wrk-vs-netty.sh
#   bench/wrk-vs-netty.sh --duration 5 --warmup 3 --scenarios plaintext,pipelined
set -euo pipefail

usage() {
  cat <<'EOF'
usage: bench/wrk-vs-netty.sh [options]

Options (each also settable by the environment variable in capitals):
  --duration S         seconds of each measured wrk run              DURATION=15
  --warmup S           seconds of warm-up per endpoint and server     WARMUP=10  (0: none)
  --scenarios LIST     comma list of plaintext,pipelined,json,c10k    SCENARIOS=plaintext,pipelined,json,c10k
  --servers LIST       comma list of barista,netty                    SERVERS=barista,netty
  --connections N      connections of the non-c10k scenarios          CONNECTIONS=256
  --build MODE         auto (build missing jars), always, never       BUILD=auto
  --out DIR            where results go (a directory: copy its results.json into docs)
                                                 RESULTS_DIR=bench/results/<date>_<time>
  --server-quota PCT   limit each server to PCT % of its core (a CPU cgroup, CFS quota over 10 ms), so
                       that the server and not wrk's core is the limit            SERVER_QUOTA= (none)
  -h, --help

More environment:
  C10K_CONNECTIONS=10000   PIPELINE_DEPTH=16   WRK_THREADS=1   PAUSE=2 (seconds between runs)
  SERVER_CPUS=0  WRK_CPUS=1          taskset CPU lists for the server and for wrk
  BARISTA_PORT=8080  NETTY_PORT=8081
  JVM_OPTS="-Xms1g -Xmx1g -XX:+UseParallelGC --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow"
                           JVM flags, the same for both servers
  BARISTA_ARGS="--loops 1" NETTY_ARGS="--threads 1"   server flags after --port
  NETTY_PROPS="-Dio.netty.buffer.checkBounds=false -Dio.netty.buffer.checkAccessible=false"
                           Netty-only system properties (TechEmpower's Netty entry runs with these)
  WRK_TIMEOUT=8s           wrk --timeout of the non-c10k scenarios (c10k uses 10s)
  NOISE_PERCENT=20         flag runs during which other activity used more than this % of a CPU
  BARISTA_JAR=cli/target/barista.jar  BENCH_JAR=bench/target/barista-bench.jar   (e.g. to measure an older build)
  JAVA_HOME                used if it is JDK 25+, else /usr/lib/jvm/*25*
EOF
}

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BENCH="$ROOT/bench"

DURATION="${DURATION:-15}"
WARMUP="${WARMUP:-10}"
SCENARIOS="${SCENARIOS:-plaintext,pipelined,json,c10k}"
SERVERS="${SERVERS:-barista,netty}"
CONNECTIONS="${CONNECTIONS:-256}"
C10K_CONNECTIONS="${C10K_CONNECTIONS:-10000}"
PIPELINE_DEPTH="${PIPELINE_DEPTH:-16}"
WRK_THREADS="${WRK_THREADS:-1}"
WRK_TIMEOUT="${WRK_TIMEOUT:-8s}"
SERVER_CPUS="${SERVER_CPUS:-0}"
WRK_CPUS="${WRK_CPUS:-1}"
BARISTA_PORT="${BARISTA_PORT:-8080}"
NETTY_PORT="${NETTY_PORT:-8081}"
JVM_OPTS="${JVM_OPTS:--Xms1g -Xmx1g -XX:+UseParallelGC --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow}"
BARISTA_ARGS="${BARISTA_ARGS:---loops 1}"
NETTY_ARGS="${NETTY_ARGS:---threads 1}"
NETTY_PROPS="${NETTY_PROPS:--Dio.netty.buffer.checkBounds=false -Dio.netty.buffer.checkAccessible=false}"
BUILD="${BUILD:-auto}"
PAUSE="${PAUSE:-2}"
NOISE_PERCENT="${NOISE_PERCENT:-20}"
RESULTS_DIR="${RESULTS_DIR:-}"
SERVER_QUOTA="${SERVER_QUOTA:-}"

die() { echo "wrk-vs-netty: $*" >&2; exit 1; }
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

while [ $# -gt 0 ]; do
  case "$1" in
    --duration) DURATION="${2:?--duration needs a value}"; shift 2 ;;
    --warmup) WARMUP="${2:?--warmup needs a value}"; shift 2 ;;
    --scenarios) SCENARIOS="${2:?--scenarios needs a value}"; shift 2 ;;
    --servers) SERVERS="${2:?--servers needs a value}"; shift 2 ;;
    --connections) CONNECTIONS="${2:?--connections needs a value}"; shift 2 ;;
    --build) BUILD="${2:?--build needs a value}"; shift 2 ;;
    --no-build) BUILD=never; shift ;;
    --out) RESULTS_DIR="${2:?--out needs a value}"; shift 2 ;;
    --server-quota) SERVER_QUOTA="${2:?--server-quota needs a value}"; shift 2 ;;
    -h|--help) usage; exit 0 ;;
    *) usage >&2; die "unknown argument: $1" ;;
  esac
done

is_uint() { [[ "$1" =~ ^[0-9]+$ ]]; }
for v in DURATION WARMUP CONNECTIONS C10K_CONNECTIONS PIPELINE_DEPTH WRK_THREADS PAUSE NOISE_PERCENT BARISTA_PORT NETTY_PORT; do
  is_uint "${!v}" || die "$v must be a whole number, not '${!v}'"
done
[ "$DURATION" -ge 1 ] || die "DURATION must be at least 1"
[ "$WRK_THREADS" -ge 1 ] || die "WRK_THREADS must be at least 1"
case "$BUILD" in auto|always|never) ;; *) die "BUILD must be auto, always or never" ;; esac
if [ -n "$SERVER_QUOTA" ]; then
  { is_uint "$SERVER_QUOTA" && [ "$SERVER_QUOTA" -ge 1 ] && [ "$SERVER_QUOTA" -le 100 ]; } \
    || die "SERVER_QUOTA must be a percentage from 1 to 100, not '$SERVER_QUOTA'"
  command -v python3 >/dev/null || die "--server-quota needs python3 (bench/processes.py makes the cgroups)"
  python3 "$BENCH/processes.py" cpu-quota check || exit 1
fi

IFS=',' read -r -a SCENARIO_LIST <<< "${SCENARIOS// /,}"
IFS=',' read -r -a SERVER_LIST <<< "${SERVERS// /,}"
for s in "${SCENARIO_LIST[@]}"; do
  case "$s" in plaintext|pipelined|json|c10k) ;; *) die "unknown scenario '$s' (plaintext, pipelined, json, c10k)" ;; esac
done
for s in "${SERVER_LIST[@]}"; do
  case "$s" in barista|netty) ;; *) die "unknown server '$s' (barista, netty)" ;; esac
done
[ "${#SCENARIO_LIST[@]}" -gt 0 ] || die "no scenario selected"
[ "${#SERVER_LIST[@]}" -gt 0 ] || die "no server selected"
wants_server() { [[ ",${SERVERS// /,}," == *",$1,"* ]]; }
wants_scenario() { [[ ",${SCENARIOS// /,}," == *",$1,"* ]]; }

# ---- tools ---------------------------------------------------------------------------------------

ensure_wrk() {
  command -v wrk >/dev/null 2>&1 && return 0
  command -v apt-get >/dev/null 2>&1 || die "wrk is not installed and there is no apt-get: install wrk (https://github.com/wg/wrk) and run again"
  local sudo=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || die "wrk is not installed and installing it needs root: apt-get install wrk"
    sudo=(sudo)
  fi
  log "wrk is missing: apt-get install -y wrk"
  if ! DEBIAN_FRONTEND=noninteractive timeout 600 "${sudo[@]}" apt-get install -y wrk >/dev/null 2>&1; then
    log "install failed; apt-get update, then again"
    timeout 600 "${sudo[@]}" apt-get update >/dev/null 2>&1 || true
    DEBIAN_FRONTEND=noninteractive timeout 600 "${sudo[@]}" apt-get install -y wrk >/dev/null 2>&1 \
      || die "could not install wrk with apt-get (try: apt-get update && apt-get install -y wrk)"
  fi
  command -v wrk >/dev/null 2>&1 || die "wrk still not on PATH after apt-get install"
}

java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | awk -F'= *' '/java.specification.version/ { v = $2; sub(/^1\./, "", v); split(v, a, "."); print a[1]; exit }'
}

find_jdk() {
  local candidate major
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/java" ]; then
    major="$(java_major "$JAVA_HOME" || true)"
    if is_uint "${major:-x}" && [ "$major" -ge 25 ]; then echo "$JAVA_HOME"; return 0; fi
  fi
  for candidate in /usr/lib/jvm/*25*; do
    [ -x "$candidate/bin/java" ] || continue
    major="$(java_major "$candidate" || true)"
    if is_uint "${major:-x}" && [ "$major" -ge 25 ]; then echo "$candidate"; return 0; fi
  done
  return 1
}

ensure_wrk
command -v taskset >/dev/null 2>&1 || die "taskset is missing (package util-linux)"
JDK="$(find_jdk)" || die "no JDK 25+ found: set JAVA_HOME to one (looked at \$JAVA_HOME and /usr/lib/jvm/*25*)"
JAVA="$JDK/bin/java"
CLK_TCK="$(getconf CLK_TCK)"

BARISTA_JAR="${BARISTA_JAR:-$ROOT/cli/target/barista.jar}"
BENCH_JAR="${BENCH_JAR:-$BENCH/target/barista-bench.jar}"

build() {
  local modules=()
  if wants_server barista && { [ "$BUILD" = always ] || [ ! -f "$BARISTA_JAR" ]; }; then modules+=(cli); fi
  if wants_server netty && { [ "$BUILD" = always ] || [ ! -f "$BENCH_JAR" ]; }; then modules+=(bench); fi
  [ "${#modules[@]}" -gt 0 ] || return 0
  if [ "$BUILD" = never ]; then
    die "missing jar(s) for: ${modules[*]} (BUILD=never); build with: mvn -B -q -DskipTests -pl cli,bench -am package"
  fi
  command -v mvn >/dev/null 2>&1 || die "Maven (mvn) is needed to build ${modules[*]}"
  local list; list="$(IFS=,; echo "${modules[*]}")"
  log "building $list: mvn -B -q -DskipTests -pl $list -am package"
  local opts="${MAVEN_OPTS:-}"
  [[ "$opts" == *sun-misc-unsafe-memory-access* ]] || opts="$opts --sun-misc-unsafe-memory-access=allow"
  (cd "$ROOT" && JAVA_HOME="$JDK" MAVEN_OPTS="$opts" timeout 1800 mvn -B -q -DskipTests -pl "$list" -am package) \
    || die "build failed"
  if wants_server barista; then [ -f "$BARISTA_JAR" ] || die "build did not produce $BARISTA_JAR"; fi
  if wants_server netty; then [ -f "$BENCH_JAR" ] || die "build did not produce $BENCH_JAR"; fi
}
build

# Every connection is a file descriptor, in wrk and in the server: raise the soft limit to the hard one.
HARD_NOFILE="$(ulimit -Hn)"
if [ "$HARD_NOFILE" = unlimited ]; then ulimit -n 1048576 2>/dev/null || true; else ulimit -n "$HARD_NOFILE" 2>/dev/null || true; fi
NOFILE="$(ulimit -n)"

if [ "$(nproc)" -lt 2 ]; then
  log "warning: $(nproc) CPU: wrk and the server share it; the numbers mean little"
fi

# ---- results directory and header ----------------------------------------------------------------

STAMP="$(date +%Y-%m-%d_%H%M%S)"
OUT="${RESULTS_DIR:-$BENCH/results/$STAMP}"
mkdir -p "$OUT"

GIT_REV="$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo 'no commit')"
if [ -n "$(git -C "$ROOT" status --porcelain 2>/dev/null | head -1)" ]; then GIT_REV="$GIT_REV (+ uncommitted changes)"; fi
CPU_MODEL="$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || true)"
JDK_VERSION="$("$JAVA" -version 2>&1 | head -1)"
WRK_VERSION="$(wrk --version 2>&1 | head -1 | awk '{print $1, $2}' || true)"

{
  echo "# Barista vs Netty — wrk, $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "- machine: $(nproc) CPUs, ${CPU_MODEL:-unknown CPU}, kernel $(uname -r)"
  echo "- JDK: $JDK_VERSION ($JDK)"
  echo "- commit: $GIT_REV"
  echo "- wrk: ${WRK_VERSION:-?}, $WRK_THREADS thread(s) on CPU $WRK_CPUS; servers on CPU $SERVER_CPUS, one at a time${SERVER_QUOTA:+, each limited to $SERVER_QUOTA % of the core (CPU cgroup)}"
  echo "- each run ${DURATION}s after ${WARMUP}s warm-up per endpoint; open files limit $NOFILE"
  echo "- JVM flags (both): $JVM_OPTS"
  echo "- Barista: java -jar ${BARISTA_JAR#"$ROOT"/} serve --port $BARISTA_PORT $BARISTA_ARGS"
  echo "- Netty:   NettyHelloServer --port $NETTY_PORT $NETTY_ARGS ($NETTY_PROPS)"
  echo
} > "$OUT/header.md"
cat "$OUT/header.md"

# ---- server lifecycle ----------------------------------------------------------------------------

SERVER_PID=""
SERVER_CGROUP=""

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# quota_limit PID NAME: moves the server into a CPU cgroup of its own, limited to SERVER_QUOTA % of a core.
quota_limit() {
  SERVER_CGROUP="$(python3 "$BENCH/processes.py" cpu-quota add "$SERVER_QUOTA" "barista-wrk-vs-netty-$$-$2" "$1")" \
    || die "--server-quota: the server could not be limited"
}

# quota_remove: removes the server's cgroup once its processes are gone (an empty group can be removed).
quota_remove() {
  local group="$SERVER_CGROUP"
  [ -n "$group" ] || return 0
  SERVER_CGROUP=""
  python3 "$BENCH/processes.py" cpu-quota remove "$group" || log "could not remove $group"
}

stop_server() {
  local pid="$SERVER_PID"
  [ -n "$pid" ] || { quota_remove; return 0; }
  SERVER_PID=""
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    local _
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || true
  quota_remove
}
trap stop_server EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

server_port() { if [ "$1" = barista ]; then echo "$BARISTA_PORT"; else echo "$NETTY_PORT"; fi; }

# start_server NAME: starts it pinned to SERVER_CPUS, waits for its port, checks it answers.
start_server() {
  local name="$1" port cmd=()
  port="$(server_port "$name")"
  if port_open "$port"; then die "port $port is already in use: stop whatever listens there or set ${name^^}_PORT"; fi
  # shellcheck disable=SC2206  # word splitting of the flag strings is intended
  case "$name" in
    barista) cmd=("$JAVA" $JVM_OPTS -jar "$BARISTA_JAR" serve --port "$port" $BARISTA_ARGS) ;;
    netty) cmd=("$JAVA" $JVM_OPTS $NETTY_PROPS -cp "$BENCH_JAR" dev.barista.bench.peers.NettyHelloServer --port "$port" $NETTY_ARGS) ;;
  esac
  echo "${cmd[*]}" > "$OUT/$name-server.cmd"
  log "$name: starting on port $port (CPU $SERVER_CPUS)"
  taskset -c "$SERVER_CPUS" "${cmd[@]}" > "$OUT/$name-server.log" 2>&1 < /dev/null &
  SERVER_PID=$!
  if [ -n "$SERVER_QUOTA" ]; then quota_limit "$SERVER_PID" "$name"; fi
  local deadline=$((SECONDS + 60))
  until port_open "$port"; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      tail -20 "$OUT/$name-server.log" >&2 || true
      SERVER_PID=""
      die "$name exited before listening (log: $OUT/$name-server.log)"
    fi
    [ "$SECONDS" -lt "$deadline" ] || die "$name did not listen on port $port within 60 s"
    sleep 0.2
  done
  local path status
  for path in /plaintext /json; do
    if command -v curl >/dev/null 2>&1; then
      status="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$port$path" || true)"
      curl -s -i --max-time 5 "http://127.0.0.1:$port$path" > "$OUT/$name-response${path//\//-}.txt" 2>&1 || true
      [ "$status" = 200 ] || die "$name answered $status to GET $path (log: $OUT/$name-server.log)"
    fi
  done
}

cpu_ticks() { # utime + stime of the whole process, in clock ticks
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || { echo ""; return 0; }
  stat="${stat##*) }"   # drop "pid (comm) ": comm may hold spaces
  awk '{ print $12 + $13 }' <<< "$stat"
}

# busy ticks of the whole machine (user nice system irq softirq steal of every CPU)
machine_busy_ticks() { awk '/^cpu / { print $2 + $3 + $4 + $7 + $8 + $9; exit }' /proc/stat; }

# CPU seconds (user + system) of this shell's finished children, wrk among them once `timeout` has reaped
# it. `times` must run in this shell, not in a $(...) subshell, hence the file.
children_cpu_seconds() {
  times > "$OUT/.times"
  awk 'NR == 2 { t = 0; for (i = 1; i <= 2; i++) { split($i, a, "m"); sub(/s$/, "", a[2]); t += a[1] * 60 + a[2] } printf "%.2f", t }' "$OUT/.times"
}

# the kernel's count of connections dropped because a listen queue was full (whole network namespace)
listen_drops() {
  awk '/^TcpExt:/ { if (!seen) { for (i = 2; i <= NF; i++) name[i] = $i; seen = 1 }
                    else { for (i = 2; i <= NF; i++) if (name[i] == "ListenDrops") print $i } }' /proc/net/netstat 2>/dev/null || true
}

rss_mb() { awk '/^VmRSS:/ { printf "%.0f", $2 / 1024 }' "/proc/$1/status" 2>/dev/null || true; }

# ---- scenarios -----------------------------------------------------------------------------------

ACCEPT_TEXT='Accept: text/plain,text/html;q=0.9,application/xhtml+xml;q=0.9,application/xml;q=0.8,*/*;q=0.7'
ACCEPT_JSON='Accept: application/json,text/html;q=0.9,application/xhtml+xml;q=0.9,application/xml;q=0.8,*/*;q=0.7'

# scenario_setup NAME: sets S_PATH S_CONNS S_TIMEOUT S_LABEL S_ARGS S_POST
scenario_setup() {
  S_ARGS=(); S_POST=(); S_TIMEOUT="$WRK_TIMEOUT"; S_CONNS="$CONNECTIONS"
  case "$1" in
    plaintext) S_PATH=/plaintext; S_ARGS=(-H "$ACCEPT_TEXT" -H 'Connection: keep-alive')
               S_LABEL="plaintext, $CONNECTIONS conns" ;;
    pipelined) S_PATH=/plaintext; S_ARGS=(-H "$ACCEPT_TEXT" -H 'Connection: keep-alive' -s "$BENCH/pipeline.lua")
               S_POST=(-- "$PIPELINE_DEPTH"); S_LABEL="plaintext pipelined x$PIPELINE_DEPTH, $CONNECTIONS conns" ;;
    json)      S_PATH=/json; S_ARGS=(-H "$ACCEPT_JSON" -H 'Connection: keep-alive')
               S_LABEL="json, $CONNECTIONS conns" ;;
    c10k)      S_PATH=/plaintext; S_ARGS=(-H "$ACCEPT_TEXT" -H 'Connection: keep-alive'); S_CONNS="$C10K_CONNECTIONS"
               S_TIMEOUT=10s; S_LABEL="plaintext, $C10K_CONNECTIONS conns" ;;
  esac
  [ "$S_CONNS" -ge "$WRK_THREADS" ] || S_CONNS="$WRK_THREADS"
}

declare -A R   # R[server,scenario,field]

# wrk_run SECONDS PORT OUTFILE: one bounded wrk run of the current scenario, pinned to WRK_CPUS
wrk_run() {
  local secs="$1" port="$2" out="$3" rc=0
  local cmd=(taskset -c "$WRK_CPUS" wrk "-t$WRK_THREADS" "-c$S_CONNS" "-d${secs}s" --latency --timeout "$S_TIMEOUT"
             "${S_ARGS[@]}" "http://127.0.0.1:$port$S_PATH" "${S_POST[@]}")
  echo "\$ ${cmd[*]}" > "$out"
  timeout --kill-after=10 $((secs + 90)) "${cmd[@]}" >> "$out" 2>&1 || rc=$?
  return "$rc"
}

measure() { # measure SERVER SCENARIO
  local server="$1" scenario="$2" port out rc=0 before after
  port="$(server_port "$server")"
  out="$OUT/$server-$scenario.txt"
  scenario_setup "$scenario"
  if [ "$scenario" = c10k ] && [ "$NOFILE" -lt $((C10K_CONNECTIONS + 100)) ]; then
    R[$server,$scenario,note]="skipped: open files limit $NOFILE"
    log "$server/$scenario: skipped (open files limit $NOFILE < $((C10K_CONNECTIONS + 100)))"
    return 0
  fi
  log "$server/$scenario: wrk -c$S_CONNS -d${DURATION}s $S_PATH"
  local busy0 busy1 wrk0 wrk1 t0 t1 load
  load="$(cut -d' ' -f1-3 /proc/loadavg)"
  children_cpu_seconds > "$OUT/.wrk0"; wrk0="$(cat "$OUT/.wrk0")"
  local drops0 drops1
  drops0="$(listen_drops)"
  busy0="$(machine_busy_ticks)"; t0="$(date +%s%N)"
  before="$(cpu_ticks "$SERVER_PID")"
  wrk_run "$DURATION" "$port" "$out" || rc=$?
  after="$(cpu_ticks "$SERVER_PID")"
  t1="$(date +%s%N)"; busy1="$(machine_busy_ticks)"; drops1="$(listen_drops)"
  R[$server,$scenario,drops]=$(( ${drops1:-0} - ${drops0:-0} ))
  children_cpu_seconds > "$OUT/.wrk1"; wrk1="$(cat "$OUT/.wrk1")"
  # What the machine's CPUs did besides this server and wrk (other programs, the hypervisor's steal,
  # some of the kernel's loopback work): a noise indicator, in % of one CPU.
  if [ -n "$before" ] && [ -n "$after" ]; then
    R[$server,$scenario,other]="$(awk -v b=$((busy1 - busy0)) -v s=$((after - before)) -v w0="$wrk0" -v w1="$wrk1" \
      -v hz="$CLK_TCK" -v ns=$((t1 - t0)) 'BEGIN { o = (b - s) / hz - (w1 - w0); if (o < 0) o = 0; printf "%.0f", o / (ns / 1e9) * 100 }')"
    R[$server,$scenario,wrkcpu]="$(awk -v w0="$wrk0" -v w1="$wrk1" -v ns=$((t1 - t0)) 'BEGIN { printf "%.0f", (w1 - w0) / (ns / 1e9) * 100 }')"
  fi
  {
    echo
    echo "# server cpu ticks before=$before after=$after (CLK_TCK=$CLK_TCK), wrk exit $rc, server rss $(rss_mb "$SERVER_PID") MB"
    echo "# wrk cpu ${R[$server,$scenario,wrkcpu]:-?}% of a CPU; other activity on the machine ${R[$server,$scenario,other]:-?}% of a CPU; load average before: $load"
    echo "# listen queue drops (kernel ListenDrops) during the run: ${R[$server,$scenario,drops]}"
  } >> "$out"

  local rps reqs p99 sock non2xx
  rps="$(awk '/^Requests\/sec:/ { print $2; exit }' "$out")"
  reqs="$(awk '/ requests in / { print $1; exit }' "$out")"
  p99="$(awk '$1 == "99%" { print $2; exit }' "$out")"
  # wrk's coordinated-omission correction can leave its distribution without the low samples it adds
  # (it happens under pipelining, where it takes each response for a round trip): percentiles then read
  # 0.00us or fall below the median. Report those as n/a rather than a made-up number.
  if ! awk -v p50="$(awk '$1 == "50%" { print $2; exit }' "$out")" -v p99="$p99" '
      function us(v,   n, u) { n = v + 0; u = v; sub(/^[0-9.]+/, "", u)
        return u == "us" ? n : u == "ms" ? n * 1e3 : u == "s" ? n * 1e6 : u == "m" ? n * 6e7 : u == "h" ? n * 3.6e9 : -1 }
      BEGIN { a = us(p50); b = us(p99); exit !(a > 0 && b > 0 && b >= a) }'; then
    p99="n/a*"
    R[$server,$scenario,p99note]=1
  fi
  sock="$(grep -m1 'Socket errors:' "$out" | sed 's/.*Socket errors: *//' || true)"
  non2xx="$(awk -F': *' '/Non-2xx or 3xx responses/ { print $2; exit }' "$out")"
  if [ "$rc" -ne 0 ] || [ -z "$rps" ] || [ -z "$reqs" ]; then
    R[$server,$scenario,note]="wrk failed (exit $rc, see $server-$scenario.txt)"
    log "$server/$scenario: wrk failed (exit $rc)"
    return 0
  fi
  R[$server,$scenario,rps]="$rps"
  R[$server,$scenario,reqs]="$reqs"
  R[$server,$scenario,p99]="${p99:-?}"
  R[$server,$scenario,rss]="$(rss_mb "$SERVER_PID")"
  local c=0 r=0 w=0 t=0
  if [ -n "$sock" ]; then
    read -r c r w t < <(sed -E 's/connect ([0-9]+), read ([0-9]+), write ([0-9]+), timeout ([0-9]+).*/\1 \2 \3 \4/' <<< "$sock")
  fi
  R[$server,$scenario,errors]="$(awk -v c="$c" -v r="$r" -v w="$w" -v t="$t" -v n="${non2xx:-0}" 'BEGIN {
      s = ""
      if (c > 0) s = s sep "connect " c; if (s != "") sep = ", "
      if (r > 0) s = s sep "read " r; if (s != "") sep = ", "
      if (w > 0) s = s sep "write " w; if (s != "") sep = ", "
      if (t > 0) s = s sep "timeout " t; if (s != "") sep = ", "
      if (n > 0) s = s sep "non-2xx " n
      print s }')"
  R[$server,$scenario,errcsv]="$c,$r,$w,$t,${non2xx:-0}"
  if [ -n "$before" ] && [ -n "$after" ] && [ "$reqs" -gt 0 ]; then
    R[$server,$scenario,cpu]="$(awk -v d=$((after - before)) -v hz="$CLK_TCK" -v n="$reqs" 'BEGIN { printf "%.2f", d / hz * 1e6 / n }')"
    R[$server,$scenario,util]="$(awk -v d=$((after - before)) -v hz="$CLK_TCK" -v ns=$((t1 - t0)) 'BEGIN { printf "%.0f", d / hz / (ns / 1e9) * 100 }')"
  fi
  log "$server/$scenario: ${rps} req/s, p99 ${p99:-?}, ${R[$server,$scenario,cpu]:-?} µs CPU/req (server ${R[$server,$scenario,util]:-?}% CPU, wrk ${R[$server,$scenario,wrkcpu]:-?}%, other ${R[$server,$scenario,other]:-?}%), errors: ${R[$server,$scenario,errors]:-none}"
}

run_server() {
  local server="$1" scenario path
  start_server "$server"
  if [ "$WARMUP" -gt 0 ]; then
    local warm=()
    if wants_scenario plaintext || wants_scenario pipelined || wants_scenario c10k; then warm+=(plaintext); fi
    if wants_scenario pipelined; then warm+=(pipelined); fi
    if wants_scenario json; then warm+=(json); fi
    for scenario in "${warm[@]}"; do
      scenario_setup "$scenario"
      log "$server: warm-up $scenario ${WARMUP}s"
      wrk_run "$WARMUP" "$(server_port "$server")" "$OUT/$server-warmup-$scenario.txt" \
        || log "$server: warm-up $scenario: wrk exit $? (see $server-warmup-$scenario.txt)"
      sleep "$PAUSE"
    done
  fi
  for scenario in "${SCENARIO_LIST[@]}"; do
    if ! kill -0 "$SERVER_PID" 2>/dev/null; then
      R[$server,$scenario,note]="server died (see $server-server.log)"
      log "$server: server is gone; skipping $scenario"
      continue
    fi
    measure "$server" "$scenario"
    sleep "$PAUSE"
  done
  stop_server
}

for server in "${SERVER_LIST[@]}"; do
  run_server "$server"
done

# ---- report --------------------------------------------------------------------------------------

val() { local v="${R[$1]:-}"; echo "${v:-—}"; }
fmt_rps() { local v="${R[$1]:-}"; if [ -n "$v" ]; then awk -v x="$v" 'BEGIN { printf "%.0f", x }'; else echo "${R[${1%,rps},note]:-—}"; fi; }

{
  echo "| scenario | Barista req/s | Netty req/s | ratio | Barista p99 | Netty p99 | Barista µs CPU/req | Netty µs CPU/req | errors |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|---|"
  for scenario in "${SCENARIO_LIST[@]}"; do
    scenario_setup "$scenario"
    b="${R[barista,$scenario,rps]:-}"; n="${R[netty,$scenario,rps]:-}"
    ratio="—"
    if [ -n "$b" ] && [ -n "$n" ]; then ratio="$(awk -v b="$b" -v n="$n" 'BEGIN { if (n > 0) printf "%.2f", b / n; else print "—" }')"; fi
    errs=""
    for server in "${SERVER_LIST[@]}"; do
      [ -n "${R[$server,$scenario,rps]:-}" ] || continue
      e="${R[$server,$scenario,errors]:-}"
      errs="$errs${errs:+; }${server^}: ${e:-none}"
    done
    echo "| $S_LABEL | $(fmt_rps "barista,$scenario,rps") | $(fmt_rps "netty,$scenario,rps") | $ratio | $(val "barista,$scenario,p99") | $(val "netty,$scenario,p99") | $(val "barista,$scenario,cpu") | $(val "netty,$scenario,cpu") | ${errs:-—} |"
  done
  echo
  echo "ratio = Barista req/s ÷ Netty req/s (above 1: Barista served more). p99 is wrk's latency percentile."
  echo "µs CPU/req = the server process's user+system CPU time during the run (/proc/PID/stat) ÷ requests wrk counted."
  for scenario in "${SCENARIO_LIST[@]}"; do
    if [ -n "${R[barista,$scenario,p99note]:-}${R[netty,$scenario,p99note]:-}" ]; then
      echo "n/a* = wrk printed an impossible latency distribution (a percentile of 0.00us or below the median): its coordinated-omission correction assumes one request per round trip, which pipelining breaks. The Latency line of the raw output still gives the maximum."
      break
    fi
  done
  noisy=""; wrkbound=""
  for server in "${SERVER_LIST[@]}"; do
    for scenario in "${SCENARIO_LIST[@]}"; do
      o="${R[$server,$scenario,other]:-}"; w="${R[$server,$scenario,wrkcpu]:-}"; u="${R[$server,$scenario,util]:-}"
      if [ -n "$o" ] && [ "$o" -gt "$NOISE_PERCENT" ]; then noisy="$noisy${noisy:+, }$server/$scenario ($o%)"; fi
      if [ -n "$w" ] && [ -n "$u" ] && [ "$w" -ge 95 ] && [ "$u" -lt 90 ]; then wrkbound="$wrkbound${wrkbound:+, }$server/$scenario (server $u%, wrk $w%)"; fi
    done
  done
  [ -z "$noisy" ] || echo "**Noisy:** something else used the CPUs during $noisy of one CPU: run again on a quiet machine."
  [ -z "$wrkbound" ] || echo "**wrk-bound:** wrk saturated its CPU while the server did not in $wrkbound: that throughput is wrk's limit, not the server's."
  echo "errors = wrk's socket errors (connect, read, write, timeout) and non-2xx/3xx responses, per server."
} > "$OUT/table.md"

{
  echo "server,scenario,connections,requests,requests_per_s,p99,cpu_us_per_request,server_cpu_percent,wrk_cpu_percent,other_cpu_percent,rss_mb,listen_drops,connect_errors,read_errors,write_errors,timeouts,non_2xx,note"
  for server in "${SERVER_LIST[@]}"; do
    for scenario in "${SCENARIO_LIST[@]}"; do
      scenario_setup "$scenario"
      echo "$server,$scenario,$S_CONNS,${R[$server,$scenario,reqs]:-},${R[$server,$scenario,rps]:-},${R[$server,$scenario,p99]:-},${R[$server,$scenario,cpu]:-},${R[$server,$scenario,util]:-},${R[$server,$scenario,wrkcpu]:-},${R[$server,$scenario,other]:-},${R[$server,$scenario,rss]:-},${R[$server,$scenario,drops]:-},${R[$server,$scenario,errcsv]:-,,,,},\"${R[$server,$scenario,note]:-}\""
    done
  done
} > "$OUT/results.csv"

# The same rows as JSON with what made them (commit, machine, date, command), for docs to cite.
META_COMMIT="$GIT_REV" META_MACHINE="$(nproc) CPUs, ${CPU_MODEL:-unknown CPU}, kernel $(uname -r), $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo)" \
META_DATE="$(date -u '+%Y-%m-%dT%H:%M:%SZ')" META_JDK="$JDK_VERSION" META_WRK="${WRK_VERSION:-?}" \
META_COMMAND="bench/wrk-vs-netty.sh --duration $DURATION --warmup $WARMUP --scenarios $SCENARIOS --servers $SERVERS --connections $CONNECTIONS${SERVER_QUOTA:+ --server-quota $SERVER_QUOTA}" \
META_SETUP="servers pinned to CPU $SERVER_CPUS one at a time${SERVER_QUOTA:+, each limited to $SERVER_QUOTA % of the core by a CPU cgroup (CFS quota, 10 ms periods)}, wrk -t$WRK_THREADS on CPU $WRK_CPUS; JVM: $JVM_OPTS; Barista: serve $BARISTA_ARGS; Netty: $NETTY_ARGS $NETTY_PROPS" \
  python3 - "$OUT/results.csv" "$OUT/results.json" <<'PY' || log "could not write results.json (python3 missing?)"
import csv, json, os, sys
rows = list(csv.DictReader(open(sys.argv[1])))
meta = {k[5:].lower(): v for k, v in os.environ.items() if k.startswith("META_")}
json.dump({"meta": meta, "rows": rows}, open(sys.argv[2], "w"), indent=1)
PY

rm -f "$OUT/.times" "$OUT/.wrk0" "$OUT/.wrk1"
cat "$OUT/header.md" "$OUT/table.md" > "$OUT/summary.md"
echo
cat "$OUT/table.md"
echo
echo "results: $OUT (summary.md, results.csv, results.json, raw wrk output per run, server logs)"
