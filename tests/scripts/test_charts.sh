#!/bin/bash
# test_charts.sh: `render coverage-by-region` and `render timeline` (issue 9,
# item 4) draw the gaps analysis's numbers: on the ICANN catalogue and on
# the boards domain, every group (year) of the analysis's table is a label
# of the chart, every non-zero count a bar segment, every total written;
# the SVG is valid XML, sized in points for A4 (<= 170 x 257 mm, text >= 7 pt
# once fitted), without ids or gnuplot's version, byte-identical across
# runs (the PDF too); the status fills are >= 15 grey levels apart; names
# reach gnuplot as text, never as commands; DOT is refused; a catalogue
# with nothing to chart and a missing gnuplot each give a clear error.
# Usage: test_charts.sh RELGRAPH SOURCE_ROOT
set -u
bin=$1
src=$2
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
icann=$src/graphs/icann-ssr.json
boards=$src/tests/domains/boards/boards.json
hostile=$src/tests/fixtures/render/hostile.json

# check.py KIND CHART.svg GAPS.json: the chart against the analysis.
cat >"$t/check.py" <<'PY'
import json, re, sys, xml.dom.minidom
kind, svg_path, gaps_path = sys.argv[1:4]
svg = open(svg_path, encoding="utf-8").read()
gaps = json.load(open(gaps_path))
tables = gaps["result"]["tables"]
errs = []
doc = xml.dom.minidom.parseString(svg.encode())  # raises on malformed XML
root = doc.documentElement
w, h = root.getAttribute("width"), root.getAttribute("height")
if not (w.endswith("pt") and h.endswith("pt")):
    errs.append(f"size not in points: {w} x {h}")
w, h = float(w[:-2]), float(h[:-2])
scale = min(1.0, 482 / w, 728 / h)  # fitted into 170 x 257 mm
sizes = [float(s) for s in re.findall(r'font-size="([0-9.]+)"', svg)]
if not sizes or min(sizes) * scale < 7:
    errs.append(f"text of {min(sizes or [0]) * scale:.1f} pt once fitted to A4")
if re.search(r"\bid=", svg) or "GNUPLOT" in svg or "href=" in svg:
    errs.append("ids, hrefs or gnuplot's version left in the SVG")
texts = [t.firstChild.data if t.firstChild else "" for t in doc.getElementsByTagName("text")]
texts = [x.strip() for x in texts]
fills = re.findall(r"polygon fill = 'rgb\(\s*(\d+),\s*(\d+),\s*(\d+)\)'", svg)
greys = sorted({round(0.299 * int(r) + 0.587 * int(g) + 0.114 * int(b)) for r, g, b in fills})
for a, b in zip(greys, greys[1:]):
    if b - a < 15:
        errs.append(f"status fills {a} and {b} are {b - a} grey levels apart (< 15)")
if kind == "coverage":
    t = next(v for k, v in tables.items() if k.startswith("by_") and k != "by_year")
    cols = t["columns"][1:-1]
    rows = [(r[t["columns"][0]], [r[c] for c in cols], r["total"]) for r in t["rows"]]
else:
    t = tables["by_year"]
    cols = t["columns"][2:]
    rows = [(r["year"], [r[c] for c in cols], r["agreements"]) for r in t["rows"]]
for i, (name, counts, total) in enumerate(rows):
    # the timeline labels years at a step (every 2, 5 ... when they crowd)
    labelled = kind == "coverage" or i == 0 or not name.isdigit()
    if labelled and name not in texts:
        errs.append(f"label {name!r} is not in the chart")
    if str(total) not in texts:
        errs.append(f"total {total} of {name!r} is not written")
shown = sum(1 for i in range(len(cols)) if any(r[1][i] for r in rows))
segments = sum(1 for r in rows for c in r[1] if c)
if len(fills) != segments + shown:  # a box per count, a swatch per status shown
    errs.append(f"{len(fills)} filled boxes, want {segments} segments + {shown} legend swatches")
for e in errs:
    print(f"{svg_path}: {e}")
sys.exit(1 if errs else 0)
PY

chart() { # NAME GRAPH VIEW ARGS...: renders into $t/NAME.svg, checks it against gaps
  local name=$1 g=$2 view=$3 kind=coverage
  shift 3
  [ "$view" = timeline ] && kind=timeline
  "$bin" --graph "$g" gaps --format json "$@" >"$t/$name.json" || { bad "$name: gaps failed"; return; }
  if ! "$bin" --graph "$g" render "$view" -o "$t/$name.svg" "$@" 2>"$t/err"; then
    bad "$name: render $view: $(cat "$t/err")"
    return
  fi
  python3 "$t/check.py" $kind "$t/$name.svg" "$t/$name.json" || bad "$name: the chart (above)"
}
chart icann-cov "$icann" coverage-by-region --as-of 2026-11-22
chart icann-time "$icann" timeline --as-of 2026-11-22
chart boards-cov "$boards" coverage-by-region
chart boards-time "$boards" timeline
chart hostile-cov "$hostile" coverage-by-region --as-of 2025-06-30
grep -q '<text>Region &lt;i>x&lt;/i> &amp; \\N</text>' "$t/hostile-cov.svg" ||
  bad "hostile: the region's name is not drawn literally"
grep -q '(no market)' "$t/boards-cov.svg" || bad "boards: the ungrouped counterparties have no bar"

# Byte-identical across runs; PNG and PDF are what they say, the PDF A4-wide.
for f in svg pdf png; do
  "$bin" render timeline -o "$t/a.$f" --as-of 2026-11-22 && "$bin" render timeline -o "$t/b.$f" --as-of 2026-11-22 ||
    bad "render timeline -o .$f failed"
  [ "$f" = png ] || cmp -s "$t/a.$f" "$t/b.$f" || bad "timeline.$f differs between two runs"
done
head -c 4 "$t/a.pdf" | grep -q '%PDF' || bad "timeline.pdf is not a PDF"
head -c 8 "$t/a.png" | grep -q 'PNG' || bad "timeline.png is not a PNG"
pdfinfo "$t/a.pdf" | grep -q 'Page size: *48[12]\(\.[0-9]*\)\? x' || bad "timeline.pdf is not 170 mm wide: $(pdfinfo "$t/a.pdf" | grep 'Page size')"

# The script: names as single-quoted strings, enhanced text off.
"$bin" --graph "$hostile" render coverage-by-region -o "$t/h.gp" --as-of 2025-06-30 || bad "-o FILE.gp failed"
grep -q "noenhanced" "$t/h.gp" || bad "the script leaves gnuplot's enhanced text on"
grep -q "^system\|^!\|^shell" "$t/h.gp" && bad "the script holds a shell command"

# Nothing to chart: no counterparty at all.
python3 - "$boards" "$t/none.json" <<'PY'
import json, os, sys
doc = json.load(open(sys.argv[1]))
doc["schema"] = os.path.relpath(os.path.join(os.path.dirname(sys.argv[1]), doc["schema"]),
                                os.path.dirname(sys.argv[2]))
for n in doc["nodes"]:
    if n.get("licensee") is True:
        n["licensee"] = False
json.dump(doc, open(sys.argv[2], "w"))
PY
RELGRAPH_SCHEMA_PATH="$src/tests/domains/boards" "$bin" --graph "$t/none.json" render coverage-by-region -o "$t/none.svg" 2>"$t/err"
rc=$?
[ $rc -eq 1 ] && grep -q 'nothing to chart' "$t/err" ||
  bad "no counterparty: want exit 1 and 'nothing to chart', got $rc: $(cat "$t/err")"
[ -e "$t/none.svg" ] && bad "no counterparty: a file was written"

# DOT is refused; gnuplot missing is said plainly.
"$bin" render timeline -o - >/dev/null 2>"$t/err"
[ $? -eq 2 ] && grep -q "is a chart" "$t/err" || bad "render timeline -o - is not refused: $(cat "$t/err")"
PATH=/nonexistent "$bin" render timeline -o "$t/x.svg" 2>"$t/err"
rc=$?
# (valgrind runs posix_spawn's CLONE_VFORK child as a fork: exec's ENOENT
# does not reach relgraph, the child exits 127 and relgraph says gnuplot
# failed; tests/unit/test_spawn.c allows for the same)
want='gnuplot not found: install gnuplot-nox'
[ "${RELGRAPH_UNDER_VALGRIND:-0}" = 1 ] && want='gnuplot (not found: install gnuplot-nox|failed)'
[ $rc -eq 1 ] && grep -Eq "$want" "$t/err" ||
  bad "without gnuplot: want exit 1 and '$want', got $rc: $(cat "$t/err")"
[ $fail -eq 0 ] && echo "ok: charts"
exit $fail
