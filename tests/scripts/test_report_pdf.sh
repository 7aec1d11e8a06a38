#!/bin/bash
# test_report_pdf.sh: the report prints (issue 9, item 5).  The default
# catalogue's report comes with report.pdf, printed by headless Chromium:
# A4, a reasonable number of pages, and every figure's heading on the page
# of its caption (no heading stranded, no figure split from its caption).
# The page has its print stylesheet, a table of contents without a repeated
# title, the charts, status cells by colour and word, no "hover" in print.
# Without a browser, the HTML and Markdown are still written and stderr
# says why there is no PDF.  One Chromium run only: it takes seconds.
# Usage: test_report_pdf.sh RELGRAPH SOURCE_ROOT
set -u
bin=$1
src=$2
# Skipped under valgrind (scripts/test-valgrind): it prints the report with
# headless Chromium (a child valgrind does not trace), under a time limit;
# test_report.sh runs the report under valgrind.
if [ "${RELGRAPH_UNDER_VALGRIND:-0}" = 1 ]; then
  echo "skipped under valgrind: a browser test (the plain and sanitized suites run it)"
  exit 0
fi
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
g=$src/graphs/icann-ssr.json

if ! command -v chromium >/dev/null; then
  echo "FAIL: chromium is missing: run scripts/deps (Debian package chromium)"
  exit 1
fi
"$bin" --graph "$g" report -o "$t/rep" --as-of 2026-11-22 2>"$t/err" || {
  echo "FAIL: report: $(cat "$t/err")"
  exit 1
}
h=$t/rep/report.html
[ -s "$t/rep/report.pdf" ] || bad "no report.pdf: $(cat "$t/err")"
grep -q 'not written' "$t/err" && bad "report says: $(cat "$t/err")"
if [ -s "$t/rep/report.pdf" ]; then
  pdfinfo "$t/rep/report.pdf" >"$t/info" || bad "pdfinfo cannot read report.pdf"
  pages=$(awk '/^Pages:/{print $2}' "$t/info")
  grep -q 'Page size:.*(A4)' "$t/info" || bad "report.pdf is not A4: $(grep 'Page size' "$t/info")"
  [ "${pages:-0}" -ge 10 ] && [ "${pages:-0}" -le 50 ] || bad "report.pdf has ${pages:-no} pages (want 10 to 50)"
  # Each figure's heading (Diagram: / Chart:) is on the page of its caption.
  for ((p = 1; p <= ${pages:-0}; p++)); do
    pdftotext -layout -f $p -l $p "$t/rep/report.pdf" "$t/p$p.txt"
  done
  python3 - "$t" "${pages:-0}" <<'PY' || bad "figures split from their headings (above)"
import re, sys
d, n = sys.argv[1], int(sys.argv[2])
# A title is also in the table of contents: it is enough that one page has
# it followed by its figure's caption, and the figure does not start on
# another page.
whole, titles = set(), set()
for p in range(1, n + 1):
    lines = open(f"{d}/p{p}.txt", encoding="utf-8").read().splitlines()
    for i, l in enumerate(lines):
        m = re.match(r"\s*((Diagram|Chart): .*\S)", l)
        if not m:
            continue
        titles.add(m.group(1))
        if "(SVG file" in "\n".join(lines[i + 1:]):
            whole.add(m.group(1))
# a long heading wraps: its first line is a prefix of the contents' line
missing = {t for t in titles if not any(t.startswith(w) or w.startswith(t) for w in whole)}
bad = 0
for t in sorted(missing):
    print(f"'{t}': its heading is on no page with its figure's caption")
    bad = 1
if len(whole) < 4:
    print(f"only {len(whole)} figures found in the PDF's text")
    bad = 1
sys.exit(bad)
PY
fi
grep -q '@page{size:A4;margin:2cm}' "$h" || bad "no @page rule for A4"
grep -q 'break-after:avoid' "$h" && grep -q 'figure,pre,tr,thead{break-inside:avoid' "$h" ||
  bad "headings or figures are not kept together in print"
dups=$(sed -n '/<nav>/,/<\/nav>/p' "$h" | grep -o '">[^<]*</a>' | sort | uniq -d)
[ -z "$dups" ] || bad "the table of contents repeats: $dups"
grep -q '<figure id="fig[0-9]*">' "$h" && grep -c '<h2>Chart: ' "$h" | grep -q '^2$' ||
  bad "the report lacks its two charts"
[ -f "$t/rep/coverage-by-region.svg" ] && [ -f "$t/rep/timeline.svg" ] || bad "chart files missing"
grep -q '](coverage-by-region.svg)' "$t/rep/report.md" || bad "report.md lacks the chart"
grep -q '<td class="st st1">no-ssr-clause</td>' "$h" || bad "status cells are not coloured"
grep -q '\.st1::before{background:#' "$h" || bad "no colour for status 1"
grep -o 'hover[^<]*' "$h" | head -1 | grep -q . && ! grep -q '<span class="screen">; hover' "$h" &&
  bad "a caption says 'hover' in print"

# No browser: the HTML and the Markdown, and a clear word on stderr.
mkdir -p "$t/bin"
ln -s "$(command -v gnuplot)" "$t/bin/gnuplot"
PATH=$t/bin "$bin" --graph "$g" report -o "$t/nopdf" --as-of 2026-11-22 2>"$t/err2"
rc=$?
[ $rc -eq 0 ] || bad "without chromium: exit $rc"
grep -q 'report.pdf not written: no chromium found' "$t/err2" || bad "without chromium: stderr says $(cat "$t/err2")"
[ -s "$t/nopdf/report.html" ] && [ -s "$t/nopdf/report.md" ] || bad "without chromium: no HTML or Markdown"
[ -e "$t/nopdf/report.pdf" ] && bad "without chromium: a report.pdf was written"
cmp -s "$t/nopdf/report.html" "$h" || bad "without chromium: the page differs"
"$bin" --graph "$g" report -o "$t/named" --pdf-converter "$t/none" 2>"$t/err3"
grep -q "report.pdf not written: '$t/none' not found" "$t/err3" || bad "--pdf-converter to nothing: $(cat "$t/err3")"
"$bin" --graph "$g" report -o "$t/off" --no-pdf 2>"$t/err4"
[ -s "$t/err4" ] && bad "--no-pdf still says: $(cat "$t/err4")"
[ -e "$t/off/report.pdf" ] && bad "--no-pdf wrote report.pdf"
[ $fail -eq 0 ] && echo "ok: report.pdf, ${pages:-?} pages"
exit $fail
