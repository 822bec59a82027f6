#!/usr/bin/env bash
# Runs the JMH parser benchmark (Barista's RequestParser vs Netty's HttpRequestDecoder). See bench/README.md.
#
#   bench/jmh.sh                                  # defaults: 1 fork, 3 x 1 s warm-up, 5 x 1 s measurement
#   bench/jmh.sh -p request=small,pipelined16     # extra arguments go to JMH as they are
#   bench/jmh.sh -f 3 -wi 5 -i 10                 # a longer, steadier run
#   BENCH=. bench/jmh.sh -l                       # another benchmark regexp (here: all), list only
#   REBUILD=1 bench/jmh.sh                        # rebuild the jar first
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
echo "jmh.sh: $("$JDK/bin/java" -version 2>&1 | head -1); results in $RESULTS_DIR" >&2
# JMH's own flags (-f, -wi, -w, -i, -r, -p ...) come after the benchmark regexp and override the defaults
# in the benchmark's annotations; a time limit keeps a mistyped run from going on for ever.
timeout --kill-after=30 "${JMH_TIMEOUT:-3600}" \
  "$JDK/bin/java" --sun-misc-unsafe-memory-access=allow -jar "$JAR" "$BENCH_REGEXP" \
    -rf json -rff "$RESULTS_DIR/jmh.json" "$@" 2>&1 | tee "$RESULTS_DIR/jmh.txt"
