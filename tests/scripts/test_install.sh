#!/bin/sh
# An installed relgraph finds its default catalogue beside itself
# (PREFIX/share/relgraph), from any folder, without the source tree.
# Usage: test_install.sh RELGRAPH SOURCE_ROOT
set -eu
bin=$1
build=$(dirname "$bin")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
cd "$tmp"
out=$(env -u RELGRAPH_GRAPH "$tmp/prefix/bin/relgraph" check)
case "$out" in
  "$tmp/prefix/bin/../share/relgraph/icann-ssr.json: ok"*) ;;
  *) echo "installed relgraph used another catalogue: $out" >&2; exit 1 ;;
esac
"$tmp/prefix/bin/relgraph" links ICANN APWG | grep -q "David Piscitello" || {
  echo "installed relgraph does not answer links ICANN APWG" >&2; exit 1; }
RELGRAPH_GRAPH=/nonexistent.json "$tmp/prefix/bin/relgraph" check 2>"$tmp/err" && {
  echo "RELGRAPH_GRAPH was not honoured" >&2; exit 1; }
grep -q "/nonexistent.json" "$tmp/err" || { cat "$tmp/err" >&2; exit 1; }
echo "installed binary finds share/relgraph/icann-ssr.json; RELGRAPH_GRAPH overrides it"
