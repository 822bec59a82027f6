#!/usr/bin/env bash
# Builds the OCI image without any registry: a minimal Debian bookworm root from Debian's packages
# (mmdebstrap --variant=minbase), imported into podman as localhost/debian-minbase:bookworm, then
# deploy/Containerfile on top of it with the self-contained distribution (./barista dist).
#
#   scripts/image.sh                 # builds both images (the base only when missing)
#   scripts/image.sh --run           # then runs the image and checks /plaintext and /health/ready
# Needs root, mmdebstrap and podman (installed with apt-get when missing and root).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BASE=localhost/debian-minbase:bookworm
die() { echo "image: $*" >&2; exit 1; }
[ "$(id -u)" = 0 ] || die "needs root (mmdebstrap and rootful podman)"
for tool in mmdebstrap podman; do
  command -v "$tool" >/dev/null || apt-get install -y -q "$tool" >/dev/null || die "could not install $tool"
done
DIST="$(ls -d "$ROOT"/dist/barista-*-linux-* 2>/dev/null | grep -v '\.tar\.gz$' | head -1)"
[ -n "$DIST" ] || die "no distribution: run ./barista dist first"
NAME="$(basename "$DIST")"; VERSION="${NAME#barista-}"; VERSION="${VERSION%-linux-*}"
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT

if ! podman image exists "$BASE"; then
  echo "image: building $BASE with mmdebstrap (minbase: dpkg, apt, coreutils, passwd; no JDK)" >&2
  mmdebstrap --quiet --variant=minbase --include=passwd --mode=root \
    --customize-hook='chroot "$1" groupadd --system --gid 10001 barista' \
    --customize-hook='chroot "$1" useradd --system --uid 10001 --gid barista --home-dir /var/lib/barista --create-home --shell /usr/sbin/nologin barista' \
    --customize-hook='rm -rf "$1"/var/cache/apt/archives/*.deb "$1"/var/lib/apt/lists/*' \
    bookworm "$WORK/rootfs.tar" http://deb.debian.org/debian
  podman import --quiet "$WORK/rootfs.tar" "$BASE" >/dev/null
fi
cp -a "$DIST" "$WORK/$NAME"
podman build --quiet --format oci --build-arg BASE="$BASE" --build-arg DIST="$NAME" \
  -t "localhost/barista:$VERSION" -f "$ROOT/deploy/Containerfile" "$WORK" >/dev/null
echo "image: localhost/barista:$VERSION ($(podman image inspect --format '{{.Size}}' "localhost/barista:$VERSION" | awk '{ printf "%.0f MB", $1 / 1e6 }'))"

if [ "${1:-}" = --run ]; then
  # podman cannot start containers on this machine (crun: "cgroups in hybrid mode not supported"), so the
  # image's own filesystem is run the way a runtime would: its entrypoint, as its user, chrooted into its
  # root, in private mount and PID namespaces with /proc and /dev, on the host's network.
  PORT="${PORT:-18472}"
  CID="$(podman create "localhost/barista:$VERSION")"
  MNT="$(podman mount "$CID")"
  trap 'kill "$PID" 2>/dev/null || true; podman umount "$CID" >/dev/null 2>&1 || true; podman rm -f "$CID" >/dev/null 2>&1 || true; rm -rf "$WORK"' EXIT
  unshare -m -p -f --propagation private sh -c '
    mount -t proc proc "$1/proc" && mount --rbind /dev "$1/dev" || exit 90
    exec chroot --userspec=10001:10001 "$1" env -i PATH=/usr/bin:/bin HOME=/var/lib/barista \
      /opt/barista/bin/barista serve --host 127.0.0.1 --port "$2"' sh "$MNT" "$PORT" > "$WORK/out" 2>&1 &
  PID=$!
  for _ in $(seq 1 100); do curl -fsS --max-time 2 "http://127.0.0.1:$PORT/plaintext" >/dev/null 2>&1 && break; sleep 0.2; done
  [ "$(curl -s --max-time 5 "http://127.0.0.1:$PORT/plaintext")" = "Hello, World!" ] || { cat "$WORK/out" >&2; die "no answer from the image's entrypoint"; }
  [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 5 "http://127.0.0.1:$PORT/health/ready")" = 200 ] || die "not ready"
  uid="$(ps -o uid= -C java | tr -d ' ' | sort -u | grep -x 10001 || true)"
  [ "$uid" = 10001 ] || die "the server does not run as uid 10001"
  pkill -TERM -u 10001 -x java || true
  wait "$PID" || true
  grep -q "Stopping gracefully" "$WORK/out" || { cat "$WORK/out" >&2; die "SIGTERM did not start a graceful stop"; }
  echo "image: ran localhost/barista:$VERSION's entrypoint chrooted in its root as uid 10001 (no JDK on it): /plaintext and /health/ready answered; SIGTERM stopped it gracefully"
fi
