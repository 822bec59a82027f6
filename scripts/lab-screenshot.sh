#!/usr/bin/env bash
# Opens a lab report in headless Chromium, fails on any console message (an error, a failed load: the page has
# no script and fetches nothing, so any console output is a defect), and saves a PNG screenshot.
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: scripts/lab-screenshot.sh REPORT.html [OUT.png] [options]

Opens REPORT.html in headless Chromium (Debian's 'chromium'; installed with apt-get if missing and running
as root), fails (exit 1) if the page logs anything to the console, and writes a full-width screenshot.

  OUT.png            where the screenshot goes (default: REPORT's directory/report.png)
  --width W          window width in pixels   (default 1400)
  --height H         window height in pixels  (default: estimated from the page, at most 9000)
  -h, --help
USAGE
}

REPORT=""; OUT=""; WIDTH=1400; HEIGHT=""
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --width) WIDTH="$2"; shift 2 ;;
    --height) HEIGHT="$2"; shift 2 ;;
    -*) echo "unknown option: $1" >&2; usage >&2; exit 2 ;;
    *) if [ -z "$REPORT" ]; then REPORT="$1"; elif [ -z "$OUT" ]; then OUT="$1"; else usage >&2; exit 2; fi; shift ;;
  esac
done
[ -n "$REPORT" ] || { usage >&2; exit 2; }
[ -f "$REPORT" ] || { echo "no such report: $REPORT" >&2; exit 2; }
REPORT="$(readlink -f "$REPORT")"
OUT="${OUT:-$(dirname "$REPORT")/report.png}"

CHROME="$(command -v chromium || command -v chromium-browser || true)"
if [ -z "$CHROME" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "installing chromium with apt-get..." >&2
    apt-get install -y -q chromium >/dev/null 2>&1 || { apt-get update -q >/dev/null && apt-get install -y -q chromium >/dev/null; }
    CHROME="$(command -v chromium)"
  else
    echo "chromium not found: install it (sudo apt-get install chromium)" >&2; exit 2
  fi
fi

if [ -z "$HEIGHT" ]; then
  # A rough height from the page's content: sections of charts, and table rows.
  figs=$(grep -o '<figure>' "$REPORT" | wc -l); rows=$(grep -o '<tr' "$REPORT" | wc -l)
  HEIGHT=$(( 420 + (figs + 2) / 3 * 330 + rows * 28 + 300 ))
  [ "$HEIGHT" -gt 9000 ] && HEIGHT=9000
fi

LOG="$(mktemp)"; PROFILE="$(mktemp -d)"
trap 'rm -rf "$LOG" "$PROFILE"' EXIT
SANDBOX=(); [ "$(id -u)" = 0 ] && SANDBOX=(--no-sandbox)
timeout 120 "$CHROME" --headless=new "${SANDBOX[@]}" --disable-gpu --hide-scrollbars --user-data-dir="$PROFILE" \
  --no-first-run --disable-extensions --disable-background-networking \
  --enable-logging=stderr --v=0 --window-size="$WIDTH,$HEIGHT" --screenshot="$OUT" "file://$REPORT" 2>"$LOG" || {
  echo "chromium failed:" >&2; tail -20 "$LOG" >&2; exit 1; }

if grep -E 'CONSOLE|Uncaught|Failed to load resource' "$LOG" >&2; then
  echo "FAIL: the report logged to the console (above)" >&2
  exit 1
fi
[ -s "$OUT" ] || { echo "FAIL: no screenshot written" >&2; exit 1; }
echo "OK: no console messages; screenshot $OUT (${WIDTH}x${HEIGHT})"
