#!/usr/bin/env bash
# Validates the deployment files offline (no cluster, no systemd boot): the systemd unit with
# `systemd-analyze verify` against the built distribution, and the Kubernetes manifests with deploy/check-k8s.py
# (schema-level shape, probe paths the server really answers, and the stop timings adding up).
#
#   deploy/validate.sh            # after ./barista dist
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
die() { echo "validate: $*" >&2; exit 1; }
DIST="$(ls -d "$ROOT"/dist/barista-*-linux-* 2>/dev/null | grep -v '\.tar\.gz$' | head -1)"
[ -n "$DIST" ] || die "no distribution: run ./barista dist first"
WORK="$(mktemp -d)"; trap 'rm -rf "$WORK"' EXIT

for unit in barista.service barista-activated.service barista.socket; do
  sed "s#/opt/barista/bin/barista#$DIST/bin/barista#" "$ROOT/deploy/systemd/$unit" > "$WORK/$unit"
done
(cd "$WORK" && systemd-analyze verify barista.service barista-activated.service barista.socket) \
  || die "systemd-analyze verify found problems in deploy/systemd/"
echo "validate: deploy/systemd/ (barista.service, barista.socket + barista-activated.service): systemd-analyze verify is clean"
python3 "$ROOT/deploy/check-k8s.py" "$ROOT/deploy/k8s/barista.yaml" "$DIST/bin/barista"
