#!/usr/bin/env bash
# Builds the self-contained distribution: a jlinked Java runtime with only the modules Barista needs, the
# application jar and a start script, in dist/barista-<version>-linux-<arch>/ and as a .tar.gz beside it. It
# runs on a machine without a JDK. Called by `./barista dist` (which finds the JDK and builds the jar first).
#
#   scripts/dist.sh                 # JAVA_HOME must be a JDK 25 with jmods (Temurin has them)
#   DIST_DIR=/tmp/out scripts/dist.sh
#   scripts/dist.sh --report docs/scale-out/dist.json   # also the sizes and modules as JSON (commit, machine, date)
set -euo pipefail
REPORT=""
[ "${1:-}" = --report ] && { REPORT="${2:?--report FILE}"; }
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/cli/target/barista.jar"
DIST_DIR="${DIST_DIR:-$ROOT/dist}"
die() { echo "dist: $*" >&2; exit 1; }

[ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/jlink" ] || die "JAVA_HOME must be a JDK 25 with jlink (run ./barista dist)"
[ -f "$JAR" ] || die "$JAR is missing: build it first (./barista build)"
VERSION="$(unzip -p "$JAR" META-INF/MANIFEST.MF | awk -F': *' '/^Implementation-Version/ { sub(/\r$/, "", $2); print $2 }')"
[ -n "$VERSION" ] || VERSION="$(sed -n 's:.*<version>\(.*\)</version>.*:\1:p' "$ROOT/pom.xml" | head -1)"
case "$(uname -m)" in x86_64) ARCH=x64 ;; aarch64) ARCH=aarch64 ;; *) ARCH="$(uname -m)" ;; esac
NAME="barista-$VERSION-linux-$ARCH"
OUT="$DIST_DIR/$NAME"

# The modules the application needs (jdeps over the shaded jar and everything in it), plus the tools an
# operator reaches for on a live server: jcmd (thread dumps, JFR, heap histograms) and the EC crypto provider.
MODULES="$("$JAVA_HOME/bin/jdeps" --multi-release 25 --print-module-deps --ignore-missing-deps "$JAR")"
[ -n "$MODULES" ] || die "jdeps found no modules in $JAR"
MODULES="$MODULES,jdk.jcmd,jdk.crypto.ec"

rm -rf "$OUT" "$DIST_DIR/$NAME.tar.gz"
mkdir -p "$OUT/bin" "$OUT/lib"
"$JAVA_HOME/bin/jlink" --add-modules "$MODULES" --strip-debug --no-man-pages --no-header-files \
  --compress zip-6 --output "$OUT/runtime"
cp "$JAR" "$OUT/lib/barista.jar"
cp "$ROOT/LICENSE" "$OUT/LICENSE"
cat > "$OUT/bin/barista" <<'SCRIPT'
#!/bin/sh
# Runs Barista on the Java runtime shipped beside it: no JDK needed on the machine.
#   bin/barista serve --port 8080        bin/barista --help
# BARISTA_JAVA_OPTS adds JVM options (-Xmx..., -XX:-ExitOnOutOfMemoryError to turn that off).
HERE="$(cd "$(dirname "$0")/.." && pwd)"
# 10,000+ connections need descriptors: raise the soft open-files limit to the hard one.
ulimit -n "$(ulimit -Hn)" 2>/dev/null || true
# After an OutOfMemoryError the JVM is in an unknown state: exit, and let the supervisor start a clean one.
# exec: signals (SIGTERM from systemd or Kubernetes) reach the JVM itself, which stops gracefully.
exec "$HERE/runtime/bin/java" -XX:+ExitOnOutOfMemoryError ${BARISTA_JAVA_OPTS:-} -jar "$HERE/lib/barista.jar" "$@"
SCRIPT
chmod +x "$OUT/bin/barista"
printf '%s\n' "$MODULES" | tr ',' '\n' > "$OUT/runtime-modules.txt"

tar -C "$DIST_DIR" -czf "$DIST_DIR/$NAME.tar.gz" "$NAME"
echo "dist: $OUT ($(du -sh "$OUT" | cut -f1) unpacked: runtime $(du -sh "$OUT/runtime" | cut -f1), jar $(du -sh "$OUT/lib/barista.jar" | cut -f1))"
echo "dist: $DIST_DIR/$NAME.tar.gz ($(du -h "$DIST_DIR/$NAME.tar.gz" | cut -f1))"
echo "dist: run it with $OUT/bin/barista serve"
if [ -n "$REPORT" ]; then
  rev="$(git -C "$ROOT" rev-parse --short HEAD)"
  [ -z "$(git -C "$ROOT" status --porcelain --untracked-files=no | head -1)" ] || rev="$rev (+ uncommitted changes)"
  kib() { du -sk "$1" | cut -f1; }
  mkdir -p "$(dirname "$REPORT")"
  cat > "$REPORT" <<JSON
{"meta": {"commit": "$rev", "date": "$(date -u +%Y-%m-%dT%H:%M:%SZ)",
  "machine": "$(nproc) CPUs, $(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo), kernel $(uname -r)",
  "jdk": "$("$JAVA_HOME/bin/java" -version 2>&1 | head -1 | sed 's/"/\\"/g')",
  "command": "scripts/dist.sh --report $REPORT"},
 "name": "$NAME", "unpacked_kib": $(kib "$OUT"), "runtime_kib": $(kib "$OUT/runtime"), "jar_kib": $(kib "$OUT/lib/barista.jar"),
 "tar_gz_kib": $(kib "$DIST_DIR/$NAME.tar.gz"), "full_jdk_kib": $(kib "$JAVA_HOME"),
 "modules": "$MODULES"}
JSON
  echo "dist: report in $REPORT"
fi
