#!/bin/bash
# test_report_browser.sh: the HTML report in a real browser (Debian's
# headless chromium): it loads with no console message (a blocked fetch, a
# script or style the Content-Security-Policy refuses, a parse error would
# each log one), its links resolve, and the diagrams are visible: a
# screenshot of the page's first screen, where the overview comes right
# after the provenance table, is not blank and shows the diagram's fill
# colours.  Uses the default catalogue when it loads, else
# the small fixture.  Usage: test_report_browser.sh RELGRAPH SOURCE_ROOT
set -u
bin=$1
src=$2
# Skipped under valgrind (scripts/test-valgrind): it drives headless Chromium
# over the report, under a time limit; the report is written by the same code
# test_report.sh runs under valgrind.
if [ "${RELGRAPH_UNDER_VALGRIND:-0}" = 1 ]; then
  echo "skipped under valgrind: a browser test (the plain and sanitized suites run it)"
  exit 0
fi
chk="python3 $src/tests/scripts/render_check.py"
browser=/usr/bin/chromium
if [ ! -x "$browser" ]; then
  echo "FAIL: $browser is missing: run scripts/deps (Debian package chromium)"
  exit 1
fi
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

g=()
"$bin" check >/dev/null 2>&1 || g=(--graph "$src/tests/fixtures/render/small.json")
"$bin" "${g[@]}" report -o "$t/rep" --no-pdf --as-of 2025-06-30 2>"$t/err" || {
  echo "FAIL: report: $(cat "$t/err")"
  exit 1
}
$chk html "$t/rep/report.html" || bad "report.html: links or markup (above)"

# shot NAME URL: loads URL, screenshot into $t/NAME.png, log into $t/NAME.log.
shot() {
  local profile
  profile=$(mktemp -d -p "$t")
  timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$profile" --enable-logging=stderr --v=0 \
    --screenshot="$t/$1.png" --window-size=1280,2000 "$2" >"$t/$1.out" 2>"$t/$1.log"
  [ -s "$t/$1.png" ] || bad "$1: chromium wrote no screenshot: $(tail -3 "$t/$1.log")"
  if grep -q 'CONSOLE' "$t/$1.log"; then
    bad "$1: console messages:"
    grep 'CONSOLE' "$t/$1.log" | head -5
  fi
}

shot page "file://$t/rep/report.html"
if [ -s "$t/page.png" ]; then
  $chk png "$t/page.png" 8 || bad "the screenshot looks blank"
  # The status fills of the diagram (its legend draws each one) are on screen.
  $chk fills "$t/page.png" a1dbcc df853e f7f097 ||
    bad "no diagram colour on the screenshot: the overview is not visible"
fi

# The DOM chromium built: every inline diagram is there, no script crept in.
profile=$(mktemp -d -p "$t")
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --dump-dom "file://$t/rep/report.html" >"$t/dom.html" 2>/dev/null
want=$(grep -c '<figure id=' "$t/rep/report.html")
[ "$want" -ge 1 ] || bad "the page has no figure"
$chk dom "$t/dom.html" "$want" || bad "the browser's DOM (above)"

# The report of hostile names: the browser runs nothing and logs nothing.
"$bin" --graph "$src/tests/fixtures/render/hostile.json" report -o "$t/hostile" --no-pdf \
  --as-of 2025-06-30 2>/dev/null || bad "report of the hostile fixture failed"
shot hostile "file://$t/hostile/report.html"
profile=$(mktemp -d -p "$t")
timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
  --disable-background-networking --disable-component-update --disable-sync \
  --user-data-dir="$profile" --dump-dom "file://$t/hostile/report.html" >"$t/hdom.html" 2>/dev/null
$chk dom "$t/hdom.html" 1 || bad "hostile: the browser's DOM (above)"
exit $fail
