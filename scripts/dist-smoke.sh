#!/usr/bin/env bash
# Proves the distribution needs no JDK: starts dist/<name>/bin/barista in a private mount namespace where
# /usr/lib/jvm and /opt are empty and JAVA_HOME/PATH name no Java, asks it for /plaintext and /health/ready,
# for /plaintext over HTTP/2 with TLS (--tls self-signed) and over h2c, stops it with SIGTERM and checks it
# exits 0. Root is needed for the namespace (unshare -m).
#
#   scripts/dist-smoke.sh [dist/barista-<version>-linux-x64]
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
DIR="${1:-$(ls -d "$ROOT"/dist/barista-*-linux-* 2>/dev/null | grep -v '\.tar\.gz$' | head -1)}"
PORT="${PORT:-18471}"
TLS_PORT="${TLS_PORT:-18472}"
die() { echo "dist-smoke: $*" >&2; exit 1; }
[ -x "$DIR/bin/barista" ] || die "no distribution found (run ./barista dist first)"
[ "$(id -u)" = 0 ] || die "needs root for a private mount namespace (unshare -m)"
LOG="$(mktemp -d)"; trap 'kill "$PID" 2>/dev/null || true; rm -rf "$LOG"' EXIT

# Inside the namespace: hide every JDK on the machine, then exec the start script with a bare environment.
unshare -m --propagation private sh -c '
  mount -t tmpfs none /usr/lib/jvm && mount -t tmpfs none /opt || exit 90
  if command -v java >/dev/null 2>&1 && java -version >/dev/null 2>&1; then echo "a java is still reachable" >&2; exit 91; fi
  exec env -i PATH=/usr/bin:/bin HOME="$HOME" "$0" serve --port "$1" --host 127.0.0.1 --tls self-signed --tls-port "$2"
' "$DIR/bin/barista" "$PORT" "$TLS_PORT" > "$LOG/out" 2>&1 &
PID=$!

for _ in $(seq 1 100); do
  curl -fsS --max-time 2 "http://127.0.0.1:$PORT/plaintext" -o "$LOG/body" 2>/dev/null && break
  kill -0 "$PID" 2>/dev/null || { cat "$LOG/out" >&2; die "the server exited before answering"; }
  sleep 0.2
done
[ "$(cat "$LOG/body" 2>/dev/null)" = "Hello, World!" ] || { cat "$LOG/out" >&2; die "GET /plaintext did not answer Hello, World!"; }
status="$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$PORT/health/ready")"
[ "$status" = 200 ] || die "GET /health/ready answered $status"
h2="$(curl -sk --http2 -o /dev/null -w '%{http_code} %{http_version}' --max-time 5 "https://127.0.0.1:$TLS_PORT/plaintext")"
[ "$h2" = "200 2" ] || { cat "$LOG/out" >&2; die "HTTPS with HTTP/2 answered '$h2'"; }
h2c="$(curl -s --http2-prior-knowledge -o /dev/null -w '%{http_code} %{http_version}' --max-time 5 "http://127.0.0.1:$PORT/plaintext")"
[ "$h2c" = "200 2" ] || die "h2c answered '$h2c'"
kill -TERM "$PID"
rc=0; wait "$PID" || rc=$?
# 143 = 128 + SIGTERM: the JVM's status after its shutdown hooks (here: the graceful stop) ran to the end.
[ "$rc" = 0 ] || [ "$rc" = 143 ] || { cat "$LOG/out" >&2; die "after SIGTERM the server exited with $rc"; }
grep -q "Stopping gracefully" "$LOG/out" || { cat "$LOG/out" >&2; die "SIGTERM did not start a graceful stop"; }
echo "dist-smoke: $DIR served /plaintext (HTTP/1.1, h2c, h2 over TLS) and /health/ready without a JDK on the machine, and stopped on SIGTERM"
python3 "$ROOT/scripts/socket-activation-check.py" "$DIR/bin/barista"
