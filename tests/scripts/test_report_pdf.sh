#!/bin/bash
# test_report_pdf.sh: the report prints (issue 9, item 5; issue 10: without
# a browser).  The default catalogue's report comes with report.pdf, typeset
# by relgraph itself (cairo, pango, librsvg), with no browser in PATH: A4
# pages (portrait, or landscape for a wide figure), a sensible page count,
# every section title and every figure of the HTML page in the PDF's text,
# every word of the page's text too, each figure on the page of its heading,
# no text under 7 pt, the metadata set (creator, the as-of date), and the
# same bytes twice.  A catalogue of another domain (boards) and one with
# hostile names (quotes, <script>, a newline, Chinese, a very long name,
# U+FFFE) give a valid PDF that loses no word.  The browser path
# (--pdf-converter chromium) still prints, once.  The page keeps its print
# stylesheet.  The typesetting process, started before the report is made,
# still gives the same PDF with the standard descriptors closed.
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
# A PATH with gnuplot (the charts) and no browser.
mkdir -p "$t/bin"
ln -s "$(command -v gnuplot)" "$t/bin/gnuplot"

# check_pdf DIR MINPAGES MAXPAGES [SIZES]: report.pdf against report.html;
# with SIZES, no text under 7 pt (the hostile catalogue's figures, with a
# title of 300 characters, are not made to fit a page).
check_pdf() {
  local d=$1 pdf=$1/report.pdf
  [ -s "$pdf" ] || { bad "$d: no report.pdf"; return; }
  pdfinfo "$pdf" >"$d.info" 2>&1 || { bad "$d: pdfinfo cannot read report.pdf: $(cat "$d.info")"; return; }
  local pages
  pages=$(awk '/^Pages:/{print $2}' "$d.info")
  [ "${pages:-0}" -ge "$2" ] && [ "${pages:-0}" -le "$3" ] || bad "$d: ${pages:-no} pages (want $2 to $3)"
  pdfinfo -f 1 -l "${pages:-1}" "$pdf" | grep '^Page .* size:' | grep -v '(A4)' | head -3 |
    while read -r l; do bad "$d: not A4: $l"; done
  grep -q '^Creator: *relgraph ' "$d.info" || bad "$d: creator is not relgraph: $(grep Creator "$d.info")"
  pdftotext -raw "$pdf" "$d.raw" || bad "$d: pdftotext failed"
  pdftotext -bbox "$pdf" "$d.bbox.html" || bad "$d: pdftotext -bbox failed"
  python3 - "$d" "${pages:-0}" "${4:-}" <<'PY' || bad "$d: the PDF lacks what the page has (above)"
import html, re, sys
d, n = sys.argv[1], int(sys.argv[2])
page = open(f"{d}/report.html", encoding="utf-8").read()
raw = open(f"{d}.raw", encoding="utf-8").read()
pages = raw.split("\f")  # pdftotext ends each page with a form feed
def squash(s):  # no spaces, no hyphens (pango hyphenates a word it breaks)
    return re.sub(r"[\s\u00ad\u2010-]+", "", s)
flat = squash(raw)
bad = 0
body = re.sub(r"<svg.*?</svg>", " ", page, flags=re.S)
body = re.sub(r"<style>.*?</style>|<title>.*?</title>|<nav>.*?</nav>", " ", body, flags=re.S)
# every section title (h2) and every figure's caption and file
titles = [html.unescape(t) for t in re.findall(r"<h2>(.*?)</h2>", body, flags=re.S)]
for t in titles:
    if squash(t) not in flat:
        print(f"section '{t[:80]}' is not in the PDF"); bad = 1
figs = re.findall(r'<figcaption>.*?<a href="([^"]+)">SVG file', body, flags=re.S)
for f in figs:
    if squash(f"(SVG file: {html.unescape(f)}") not in flat:
        print(f"figure {f} is not in the PDF"); bad = 1
# every word of the page's text (letters and digits, 3 or more)
text = html.unescape(re.sub(r"<[^>]+>", " ", body))
text = re.sub(r"\(SVG file|; hover over a node for its attributes and clauses", " ", text)
words = set(re.findall(r"[A-Za-z0-9]{3,}", text))
lost = sorted(w for w in words if w not in flat)
if lost:
    print(f"{len(lost)} of {len(words)} words of the page are not in the PDF: {lost[:12]}"); bad = 1
if not titles or not figs:
    print(f"the page has {len(titles)} sections and {len(figs)} figures"); bad = 1
# each figure's heading on the page of its caption
for f, t in zip(figs, [t for t in titles if t.startswith(("Diagram: ", "Chart: "))]):
    key = squash(f"(SVG file: {html.unescape(f)}")
    on = [p for p in range(1, n + 1) if key in squash(pages[p - 1])]
    if len(on) != 1 or squash(t) not in squash(pages[on[0] - 1]):
        print(f"figure {f}: its heading '{t[:60]}' is not on its page {on}"); bad = 1
# no heading stranded at the foot of a page
heads = {html.unescape(re.sub(r"<[^>]+>", "", h)) for h in re.findall(r"<h[234]>(.*?)</h[234]>", body, flags=re.S)}
for p, text in enumerate(pages[1:n], 2):
    lines = [l.strip() for l in text.splitlines() if l.strip() and not re.fullmatch(r"\d+ / \d+", l.strip())]
    if lines and lines[-1] in heads:
        print(f"page {p} ends with the heading '{lines[-1][:60]}'"); bad = 1
# no text under 7 pt: a word's box is 1.164 times DejaVu's size
hs = [(float(b) - float(a), w) for a, b, w in re.findall(
    r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)<', open(f"{d}.bbox.html", encoding="utf-8").read())]
small = [(round(h / 1.164, 2), w) for h, w in hs if h / 1.164 < 6.9 and sys.argv[3]]
if small:
    print(f"{len(small)} words under 7 pt, e.g. {sorted(small)[:5]}"); bad = 1
sys.exit(bad)
PY
}

# The default catalogue, no browser in PATH.
PATH=$t/bin "$bin" --graph "$g" report -o "$t/rep" --as-of 2026-11-22 2>"$t/err"
rc=$?
[ $rc -eq 0 ] || bad "report without a browser: exit $rc: $(cat "$t/err")"
[ -s "$t/err" ] && bad "report says: $(cat "$t/err")"
check_pdf "$t/rep" 10 60 sizes
grep -q '^CreationDate: .*Nov 22 00:00:00 2026' "$t/rep.info" ||
  bad "the creation date is not --as-of: $(grep CreationDate "$t/rep.info")"
grep -q '^Title: *ICANN' "$t/rep.info" || bad "no title: $(grep Title "$t/rep.info")"
pages=$(awk '/^Pages:/{print $2}' "$t/rep.info")
PATH=$t/bin "$bin" --graph "$g" report -o "$t/rep2" --as-of 2026-11-22 2>/dev/null
cmp -s "$t/rep/report.pdf" "$t/rep2/report.pdf" || bad "two runs give different PDFs"
# The typesetting process is started before the report is made and given
# the document model through descriptors of its own: with the standard ones
# closed (which the pipe and the memfd could otherwise take, and the child's
# standard error replace), the same PDF.
PATH=$t/bin "$bin" --graph "$g" report -o "$t/rep3" --as-of 2026-11-22 <&- >&- 2>&-
rc=$?
[ $rc -eq 0 ] || bad "report with the standard descriptors closed: exit $rc"
cmp -s "$t/rep/report.pdf" "$t/rep3/report.pdf" ||
  bad "report with the standard descriptors closed: another PDF (or none)"
# The contents with page numbers, the outline, links.
head -c 2000000 "$t/rep/report.pdf" | grep -aq '/Outlines' || bad "no outline"
python3 - "$t/rep.raw" <<'PY' || bad "the table of contents is not right (above)"
import re, sys
pages = open(sys.argv[1], encoding="utf-8").read().split("\f")
bad = 0
if "Contents" not in pages[0]:
    print("no table of contents on page 1"); bad = 1
entries = re.findall(r"^((?:Summary figures|Diagram: .*?|Saved query: .*?)) (\d+)$", pages[0], flags=re.M)
for title, n in entries:
    if not any(l.strip() == title for l in pages[int(n) - 1].splitlines()):
        print(f"the contents say '{title}' is on page {n}; it is not"); bad = 1
if len(entries) < 5:
    print(f"only {len(entries)} entries with page numbers in the contents"); bad = 1
sys.exit(bad)
PY

# Another domain, and hostile names.
"$bin" --graph "$src/tests/domains/boards/boards.json" report -o "$t/boards" --as-of 2024-01-01 \
  2>"$t/err5" || bad "boards: exit $?: $(cat "$t/err5")"
grep -q 'not written' "$t/err5" && bad "boards: $(cat "$t/err5")"
check_pdf "$t/boards" 2 60 sizes
python3 - "$src/tests/cases/hostile-query/hostile.json" "$t/hostile.json" "$src" <<'PY'
import json, os, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["schema"] = os.path.abspath(sys.argv[3] + "/graphs/schema.json")
names = {"zeta": "Zeta <script>alert('x')</script> \"quoted\" & 'single'",
         "theta": "Theta\nSecond line \u5317\u4eac\u4e92\u8054\u7f51 Body",
         "eta": "Eta " + "Verylongname" * 40 + " end"}
for n in d["nodes"]:
    if n["id"] in names:
        n["name"] = names[n["id"]]
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY
"$bin" --graph "$t/hostile.json" report -o "$t/hostile" --as-of 2020-06-30 2>"$t/err6" ||
  bad "hostile: exit $?: $(cat "$t/err6")"
grep -q 'not written' "$t/err6" && bad "hostile: $(cat "$t/err6")"
check_pdf "$t/hostile" 2 60
grep -q "Zeta <script>alert('x')</script>" "$t/hostile.raw" || bad "hostile: Zeta's name is not in the PDF as written"
if fc-list :lang=zh | grep -q .; then
  grep -q $'\u5317\u4eac' "$t/hostile.raw" || bad "hostile: the Chinese text is not in the PDF"
fi

# The browser path, once: --pdf-converter chromium.
if command -v chromium >/dev/null; then
  "$bin" --graph "$g" report -o "$t/chr" --as-of 2026-11-22 --pdf-converter chromium 2>"$t/err7"
  grep -q 'not written' "$t/err7" && bad "--pdf-converter chromium: $(cat "$t/err7")"
  pdfinfo "$t/chr/report.pdf" >"$t/chr.info" 2>&1 || bad "--pdf-converter chromium: no PDF: $(cat "$t/err7")"
  grep -q '^Creator: .*Chrom' "$t/chr.info" || bad "--pdf-converter chromium: not Chromium's: $(grep Creator "$t/chr.info")"
  grep -q 'Page size:.*(A4)' "$t/chr.info" || bad "--pdf-converter chromium: not A4"
else
  echo "note: chromium not installed; the --pdf-converter path is not exercised"
fi
# The typesetter cannot be loaded (relgraph copied without relgraph-pdf.so
# beside it or in ../lib/relgraph): said, no report.pdf, the rest written.
if true; then
  mkdir -p "$t/alone"
  cp "$bin" "$t/alone/relgraph"
  "$t/alone/relgraph" --graph "$g" report -o "$t/nomod" 2>"$t/err8"
  rc=$?
  [ $rc -eq 0 ] || bad "without relgraph-pdf.so: exit $rc"
  grep -q 'report.pdf not written: .*relgraph-pdf.so could not be loaded' "$t/err8" ||
    bad "without relgraph-pdf.so: stderr says $(cat "$t/err8")"
  [ -e "$t/nomod/report.pdf" ] && bad "without relgraph-pdf.so: a report.pdf was written"
  [ -s "$t/nomod/report.html" ] || bad "without relgraph-pdf.so: no report.html"
  [ -s "$t/nomod/report.md" ] || bad "without relgraph-pdf.so: no report.md"
fi
# A browser that is not there: said, and the rest written.
PATH=$t/bin "$bin" --graph "$g" report -o "$t/named" --pdf-converter chromium 2>"$t/err3"
grep -q "report.pdf not written: 'chromium' not found" "$t/err3" || bad "--pdf-converter to nothing: $(cat "$t/err3")"
[ -s "$t/named/report.html" ] && [ -s "$t/named/report.md" ] || bad "--pdf-converter to nothing: no HTML or Markdown"
[ -e "$t/named/report.pdf" ] && bad "--pdf-converter to nothing: a report.pdf was written"
"$bin" --graph "$g" report -o "$t/off" --no-pdf 2>"$t/err4"
[ -s "$t/err4" ] && bad "--no-pdf still says: $(cat "$t/err4")"
[ -e "$t/off/report.pdf" ] && bad "--no-pdf wrote report.pdf"

# The page's print stylesheet (for a browser's print).
h=$t/rep/report.html
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
[ $fail -eq 0 ] && echo "ok: report.pdf, ${pages:-?} pages, without a browser"
exit $fail
