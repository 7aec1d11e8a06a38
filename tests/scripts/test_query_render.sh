#!/bin/sh
# `relgraph query ... --render OUT` draws the nodes of the query's result:
# the key people of the saved key-person-risk query, as well-formed SVG,
# the same bytes twice; a bad extension is refused before anything runs.
# Usage: test_query_render.sh RELGRAPH SOURCE_ROOT
set -eu
bin=$1
root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$bin" query "$root/queries/key-person-risk.rgq" --render "$tmp/a.svg" >/dev/null
"$bin" query "$root/queries/key-person-risk.rgq" --render "$tmp/b.svg" >/dev/null
cmp "$tmp/a.svg" "$tmp/b.svg"
python3 -c 'import sys, xml.dom.minidom; xml.dom.minidom.parse(sys.argv[1])' "$tmp/a.svg"
for who in "David Piscitello" "John Crain" "SSR staff"; do
  grep -q "$who" "$tmp/a.svg" || { echo "the diagram does not show $who" >&2; exit 1; }
done
if "$bin" query -e 'nodes person' --render "$tmp/x.txt" >"$tmp/out" 2>"$tmp/err"; then
  echo "a .txt output was accepted" >&2; exit 1
fi
[ ! -s "$tmp/out" ] || { echo "the query ran although --render was refused" >&2; exit 1; }
grep -q "query: --render:" "$tmp/err"
echo "query --render draws the selection, deterministic, well-formed; bad extension refused"
