#!/bin/bash
# test_viz_fresh.sh: viz/ is up to date: scripts/viz, run into a temporary
# folder with this build, writes the same files as viz/ holds (the PNGs are
# only checked to exist: their pixels depend on the fonts installed; so does
# report.pdf, which embeds subsets of them, though two runs on one machine
# give the same bytes: test_report_pdf.sh checks that).  When
# this fails, run scripts/viz and commit viz/.
# Usage: test_viz_fresh.sh RELGRAPH SOURCE_ROOT
set -u
bin=$1
src=$2
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
if ! sh "$src/scripts/viz" "$bin" "$t/viz" >"$t/log" 2>&1; then
  echo "FAIL: scripts/viz failed:"
  cat "$t/log"
  exit 1
fi
fail=0
(cd "$t/viz" && find . -type f | sort) >"$t/made"
(cd "$src/viz" && find . -type f ! -name README.md | sort) >"$t/have"
if ! diff -u "$t/have" "$t/made"; then
  echo "FAIL: viz/ does not hold the files scripts/viz writes (above: - viz/, + generated)"
  fail=1
fi
while IFS= read -r f; do
  case $f in *.png | */report.pdf) continue ;; esac
  if [ -f "$src/viz/$f" ] && ! cmp -s "$t/viz/$f" "$src/viz/$f"; then
    echo "FAIL: viz/${f#./} is stale"
    fail=1
  fi
done <"$t/made"
[ $fail -eq 0 ] || echo "viz/ is stale: run scripts/viz and commit viz/"
exit $fail
