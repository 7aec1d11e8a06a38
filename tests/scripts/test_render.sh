#!/bin/bash
# test_render.sh: `relgraph render` on the fixtures (a small catalogue and
# one of hostile names) and on the default catalogue: the DOT re-parses in
# Graphviz's own dot, the SVG is well-formed XML with nothing injected and
# every name shown literally, rendering twice gives identical bytes, PNG and
# PDF come out, and views that are too large are refused.
# Usage: test_render.sh RELGRAPH SOURCE_ROOT
set -u
bin=$1
src=$2
fx=$src/tests/fixtures/render
chk="python3 $src/tests/scripts/render_check.py"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

# render CATALOGUE OUT VIEW... : renders ("" for the default catalogue),
# failing the test on a non-zero exit.
render() {
  local g=$1 out=$2
  shift 2
  local gopt=()
  [ -n "$g" ] && gopt=(--graph "$g")
  "$bin" "${gopt[@]}" render "$@" -o "$out" 2>"$t/err" || { bad "render $* -o $out: $(cat "$t/err")"; return 1; }
}

# check CATALOGUE NAME NAMES VIEW...: DOT, its re-parse, SVG, determinism.
check() {
  local g=$1 name=$2 names=$3
  shift 3
  render "$g" "$t/$name.dot" "$@" || return
  render "$g" "$t/$name.2.dot" "$@" || return
  cmp -s "$t/$name.dot" "$t/$name.2.dot" || bad "$name: DOT differs between two runs"
  render "$g" - "$@" >"$t/$name.stdout.dot" || return
  cmp -s "$t/$name.dot" "$t/$name.stdout.dot" || bad "$name: '-o -' differs from the .dot file"
  if ! dot -Tsvg "$t/$name.dot" >"$t/$name.re.svg" 2>"$t/$name.dot.err"; then
    bad "$name: dot cannot re-parse the DOT: $(head -3 "$t/$name.dot.err")"
  elif [ -s "$t/$name.dot.err" ]; then
    bad "$name: dot warns on the DOT: $(head -3 "$t/$name.dot.err")"
  fi
  $chk svg "$t/$name.re.svg" $names || bad "$name: the SVG of the re-parsed DOT"
  render "$g" "$t/$name.svg" "$@" || return
  render "$g" "$t/$name.2.svg" "$@" || return
  cmp -s "$t/$name.svg" "$t/$name.2.svg" || bad "$name: SVG differs between two runs"
  $chk svg "$t/$name.svg" $names || bad "$name: the SVG rendered in process"
  # the caption under the drawing: the legend's node kinds and the footnote
  grep -Eq '>(organization|company)<' "$t/$name.svg" || bad "$name: no legend"
  grep -q '>Catalogue: ' "$t/$name.svg" || bad "$name: no footnote"
}

check "$fx/small.json" small "" overview --full
check "$fx/small.json" small-summary "" overview
check "$fx/small.json" small-region "" region North
check "$fx/small.json" small-path "" path ALPHA beta
check "$fx/small.json" small-person "" person "Pat Example"
check "$fx/small.json" small-around "" around HUB --depth 2
check "$fx/small.json" small-gaps "" gaps --as-of 2025-06-30
check "$fx/hostile.json" hostile "$fx/hostile-names.txt" overview --full
# the summary and a neighbourhood leave nodes out: every name that is drawn
# is drawn safely
check "$fx/hostile.json" hostile-summary "$fx/hostile-names.txt partial" overview
check "$fx/hostile.json" hostile-around "$fx/hostile-names.txt partial" around hub --depth 1

# The small catalogue's overview: regions as clusters, statuses as fills,
# the clause folded into its agreement's tooltip, the link kept.
svg=$t/small.svg
grep -q '>North<' "$svg" || bad "small: region North is not a cluster label"
grep -q 'class="cluster"' "$svg" || bad "small: no region drawn as a cluster"
grep -q 'fill="#a1dbcc"' "$svg" || bad "small: the 'quoted' agreement is not filled green"
grep -q 'The parties will share information' "$svg" || bad "small: clause text not in a tooltip"
grep -q 'xlink:href="https://example.org/mou-1.pdf"' "$svg" || bad "small: agreement link missing"
grep -q 'Pat Example' "$t/small-person.svg" || bad "small: person view lacks the person"
grep -q 'Beta Agency' "$t/small-path.svg" || bad "small: path view lacks the end"
grep -q '>is a party to<' "$t/small-path.svg" || bad "small: path view's edges carry no verb"
# The gaps view: counterparties filled by the status the gaps analysis gives.
grep -q '>ssr&#45;clause<' "$t/small-gaps.svg" || bad "small: gaps legend lacks ssr-clause"
# The summary: the hub, a table per region, a row per counterparty.
grep -q '>South<' "$t/small-summary.svg" || bad "small: the summary has no table for South"
grep -q '>Beta Agency<' "$t/small-summary.svg" || bad "small: the summary lacks Beta Agency"
# The region view draws the hub; Beta's agreement with it is one edge.
grep -q '>HUB<' "$t/small-region.svg" || bad "small: the region view lacks the hub"
grep -q 'MoU between Hub and Alpha' "$t/small-region.svg" || bad "small: the folded agreement's tooltip is missing"

# Hostile region, title and source names, drawn literally.
grep -qF '>Region &lt;i&gt;x&lt;/i&gt; &amp; \N<' "$t/hostile.svg" || bad "hostile: region label"
grep -qF '>Hostile &lt;names&gt; &amp; &quot;quotes&quot; \N: overview<' "$t/hostile.svg" ||
  bad "hostile: title"
grep -qF 'Sources: 001_&lt;evil&gt;&amp;&quot;.txt' "$t/hostile.svg" ||
  bad "hostile: source in the footnote"

# Hostile addresses: only http and https become links, escaped.
grep -q 'xlink:href="javascript:' "$t/hostile.svg" && bad "hostile: a javascript: address became a link"
grep -q 'xlink:href="data:' "$t/hostile.svg" && bad "hostile: a data: address became a link"
grep -q 'c=%22x%22%3Cy%3E%27z%27%20w' "$t/hostile.svg" || bad "hostile: http address not escaped"

# The audience: public leaves out internal nodes and says so.
render "$fx/small.json" "$t/public.svg" overview --full --audience public
grep -q 'Gamma Group' "$t/public.svg" && bad "public: internal node drawn"
grep -Eq 'For a public audience: [0-9]+ elements? whose confidentiality is not public withheld' "$t/public.svg" || bad "public: no note that it was filtered, and why"
grep -q 'Gamma Group' "$t/small.svg" || bad "internal: node missing from the full overview"

# PNG and PDF, in process.
render "$fx/small.json" "$t/small.png" overview
render "$fx/small.json" "$t/small.pdf" overview
$chk png "$t/small.png" 5 || bad "small.png looks blank"
head -c 5 "$t/small.pdf" | grep -q '%PDF-' || bad "small.pdf is not a PDF"

# Refusals: too large, unknown format, unknown view.
"$bin" --graph "$fx/small.json" render overview --max-nodes 3 -o "$t/x.svg" 2>"$t/err"
[ $? -eq 1 ] || bad "a view over --max-nodes is not refused with status 1"
grep -q 'sfdp' "$t/err" || bad "the refusal does not suggest sfdp: $(cat "$t/err")"
# ... and the DOT it suggests writing is written, and sfdp lays it out.
"$bin" --graph "$fx/small.json" render overview --max-nodes 3 -o "$t/big.dot" ||
  bad "DOT of a view over --max-nodes is refused"
sfdp -Tsvg "$t/big.dot" -o "$t/big.svg" 2>/dev/null || bad "sfdp cannot lay out the DOT"
"$bin" --graph "$fx/small.json" render overview -o "$t/x.jpg" 2>/dev/null
[ $? -eq 2 ] || bad "an unknown extension is not a usage error"

# The default catalogue, when it loads.
if "$bin" check >/dev/null 2>&1; then
  check "" default "" overview
  grep -q '>Asia, Australia and Pacific<' "$t/default.svg" || bad "default: no table for a region"
else
  echo "note: the default catalogue does not load; skipped its diagrams"
fi
exit $fail
