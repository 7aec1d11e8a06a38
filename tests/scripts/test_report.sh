#!/bin/bash
# test_report.sh: `relgraph report -o DIR` on the fixtures: the page and the
# Markdown come out with the SVG files beside them, the page is well-formed
# XML with a Content-Security-Policy and nothing injected, its links
# resolve, it records what produced it, a public report leaves out what is
# internal and says so, and writing it twice gives identical bytes.
# Usage: test_report.sh RELGRAPH SOURCE_ROOT
set -u
bin=$1
src=$2
fx=$src/tests/fixtures/render
chk="python3 $src/tests/scripts/render_check.py"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

report() {
  local g=$1 out=$2
  shift 2
  "$bin" --graph "$g" report -o "$out" --no-pdf "$@" 2>"$t/err" || { bad "report -o $out $*: $(cat "$t/err")"; return 1; }
}

for cat in small hostile; do
  for aud in internal public; do
    d=$t/$cat-$aud
    report "$fx/$cat.json" "$d" --audience $aud --as-of 2025-06-30 || continue
    for f in report.html report.md overview.svg; do
      [ -s "$d/$f" ] || bad "$cat/$aud: $f missing"
    done
    $chk html "$d/report.html" || bad "$cat/$aud: report.html"
    names=""
    # the summary and the region views leave nodes out (the footnote says
    # how many): every name drawn is drawn safely
    [ $cat = hostile ] && names="$fx/hostile-names.txt partial"
    for svg in "$d"/*.svg "$d"/regions/*.svg; do
      case $(basename "$svg") in
      # the charts name groups, not nodes (test_charts.sh checks them)
      coverage-by-region.svg | timeline.svg) $chk svg "$svg" || bad "$cat/$aud: $(basename "$svg")" ;;
      *) $chk svg "$svg" $names || bad "$cat/$aud: $(basename "$svg")" ;;
      esac
    done
    grep -q "<svg" "$d/report.html" || bad "$cat/$aud: no inline SVG in the page"
    grep -qi '<script' "$d/report.md" && bad "$cat/$aud: a <script> tag in the Markdown"
    sum=$(sha256sum "$fx/$cat.json" | cut -d' ' -f1)
    grep -q "$sum" "$d/report.html" || bad "$cat/$aud: the catalogue's SHA-256 is not recorded"
    grep -q "$sum" "$d/report.md" || bad "$cat/$aud: the Markdown lacks the SHA-256"
    grep -q '2025-06-30' "$d/report.md" || bad "$cat/$aud: the --as-of date is not recorded"
    grep -q "relgraph version" "$d/report.md" || bad "$cat/$aud: the version is not recorded"
    grep -q "clustering seed" "$d/report.md" || bad "$cat/$aud: the clustering seed is not recorded"
    # Every diagram in the page is also a file beside the Markdown.
    for f in $(grep -o '](\([A-Za-z0-9_./-]*\.svg\))' "$d/report.md" | tr -d ']()'); do
      [ -f "$d/$f" ] || bad "$cat/$aud: report.md names $f, which is missing"
    done
    report "$fx/$cat.json" "$d.again" --audience $aud --as-of 2025-06-30 || continue
    diff -r "$d" "$d.again" >/dev/null || bad "$cat/$aud: the report differs between two runs"
  done
done

# Public: internal nodes are left out and the report says it was filtered.
for f in report.html report.md overview.svg; do
  grep -q 'Gamma Group' "$t/small-public/$f" && bad "public: internal node named in $f"
  grep -q 'Secret Internal Body' "$t/hostile-public/$f" && bad "public: internal node named in hostile $f"
done
grep -q 'made for a public audience' "$t/small-public/report.md" || bad "public: no note that it was filtered"
grep -q 'whose confidentiality is not public are withheld' "$t/small-public/report.md" || bad "public: the note does not say why"
grep -q 'Gamma Group' "$t/small-internal/report.md" || bad "internal: node missing from the report"
grep -q 'made for a public audience' "$t/small-internal/report.md" && bad "internal: says it was filtered"

# Saved queries: each answered in its own section; a broken one says why.
mkdir -p "$t/q"
printf 'nodes organization | where counterparty = true\n' >"$t/q/a.rgq"
printf 'nodes organization | where (\n' >"$t/q/b-broken.rgq"
report "$fx/small.json" "$t/with-q" --queries "$t/q" --as-of 2025-06-30
grep -q '^## Saved query: a\.rgq' "$t/with-q/report.md" || bad "queries: a.rgq has no section"
sed -n '/^## Saved query: a\.rgq/,/^## Saved query: b/p' "$t/with-q/report.md" | grep -q '| alpha |' ||
  bad "queries: a.rgq's answer (alpha) is missing"
grep -q 'b-broken.rgq:1:' "$t/with-q/report.md" || bad "queries: the broken query's error is missing"
$chk html "$t/with-q/report.html" || bad "queries: report.html"
"$bin" --graph "$fx/small.json" report -o "$t/x" --no-pdf --queries "$t/nowhere" 2>/dev/null
[ $? -eq 2 ] || bad "an unreadable --queries folder is not a usage error"

# Figure names are unique by construction: regions "north" and
# "region-north" (the fixture's) each get their own file.
python3 - "$fx/small.json" "$t/twins.json" <<'PY'
import json, os, sys
doc = json.load(open(sys.argv[1]))
doc["schema"] = os.path.relpath(os.path.join(os.path.dirname(sys.argv[1]), doc["schema"]),
                                os.path.dirname(sys.argv[2]))
doc["nodes"].append({"id": "north", "kind": "region", "name": "North twin",
                     "cite": [{"source": "src-1", "at": "row 1"}]})
doc["edges"].append({"from": "beta", "to": "north", "kind": "in_region", "basis": "seat",
                     "cite": [{"source": "src-1", "at": "row 1"}]})
json.dump(doc, open(sys.argv[2], "w"))
PY
if RELGRAPH_SCHEMA_PATH="$fx" "$bin" --graph "$t/twins.json" report -o "$t/twins" --no-pdf --as-of 2025-06-30 2>"$t/err"; then
  [ -f "$t/twins/regions/north.svg" ] && [ -f "$t/twins/regions/region-north.svg" ] ||
    bad "regions north and region-north do not each have their own diagram"
else
  bad "report on the twin regions failed: $(cat "$t/err")"
fi

# The report replaces DIR as a whole, and only a report: a folder with other
# files in it is refused and left as it was.
mkdir -p "$t/mine" && echo keep >"$t/mine/thesis.tex"
"$bin" --graph "$fx/small.json" report -o "$t/mine" --no-pdf 2>/dev/null
[ $? -eq 2 ] || bad "a folder holding other files is not refused"
[ "$(cat "$t/mine/thesis.tex")" = keep ] || bad "a file in the output folder was touched"
# Writing again over a report leaves one whole report and no temporary folder.
"$bin" --graph "$fx/small.json" report -o "$t/again" --no-pdf --as-of 2025-06-30 2>/dev/null &&
  "$bin" --graph "$fx/small.json" report -o "$t/again" --no-pdf --as-of 2025-06-30 2>/dev/null ||
  bad "writing a report over a report failed"
ls -d "$t"/again.tmp* >/dev/null 2>&1 && bad "a temporary folder was left beside the report"
[ -f "$t/again/report.html" ] && [ -f "$t/again/report.md" ] || bad "the rewritten report is not whole"

# Wrong command lines.
"$bin" --graph "$fx/small.json" report 2>/dev/null
[ $? -eq 2 ] || bad "report without -o is not a usage error"
"$bin" --graph "$fx/small.json" report -o "$t/x" --as-of 2025-13-01 2>/dev/null
[ $? -eq 2 ] || bad "a bad --as-of is not a usage error"
"$bin" --graph "$fx/small.json" report -o "$t/x" --audience everyone 2>/dev/null
[ $? -eq 2 ] || bad "a bad --audience is not a usage error"
exit $fail
