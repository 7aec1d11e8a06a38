#!/bin/bash
# docs/output.md shows real output: regenerates it with this build into a
# temporary file (scripts/docs-output) and compares.  Usage:
# test_docs_output.sh RELGRAPH SOURCE_DIR
set -u
bin=$1
src=$2
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
sh "$src/scripts/docs-output" "$bin" "$tmp" || exit 1
if ! diff -u "$src/docs/output.md" "$tmp"; then
  echo "FAIL: docs/output.md is stale; run: sh scripts/docs-output"
  exit 1
fi
n=$(grep -c '^\$ relgraph' "$tmp")
[ "$n" -ge 5 ] || { echo "FAIL: only $n examples"; exit 1; }
echo "ok: the $n examples of docs/output.md are what relgraph prints"
