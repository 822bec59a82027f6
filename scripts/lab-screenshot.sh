#!/usr/bin/env bash
# Opens a lab report in headless Chromium, fails on any console message (an error, a failed load: the page has
# no script and fetches nothing, so any console output is a defect), and saves a PNG of the whole page
# (scripts/page-screenshot.py: the DevTools protocol sizes the viewport to the page, so nothing is cut).
set -euo pipefail

usage() {
  cat <<'USAGE'
usage: scripts/lab-screenshot.sh REPORT.html [OUT.png] [options]

Opens REPORT.html in headless Chromium (Debian's 'chromium'; installed with apt-get if missing and running
as root), fails (exit 1) if the page logs anything to the console, and writes a screenshot of the whole page.

  OUT.png            where the screenshot goes (default: REPORT's directory/report.png)
  --width W          window width in pixels   (default 1400; the height is the page's)
  -h, --help
USAGE
}

REPORT=""; OUT=""; WIDTH=1400
while [ $# -gt 0 ]; do
  case "$1" in
    -h|--help) usage; exit 0 ;;
    --width) WIDTH="$2"; shift 2 ;;
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

python3 "$(dirname "${BASH_SOURCE[0]}")/page-screenshot.py" "$CHROME" "$REPORT" "$OUT" "$WIDTH" || {
  echo "FAIL: the report logged to the console, or Chromium failed (above)" >&2
  exit 1
}
[ -s "$OUT" ] || { echo "FAIL: no screenshot written" >&2; exit 1; }
echo "OK: no console messages; screenshot $OUT"
