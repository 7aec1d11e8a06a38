#!/bin/bash
# test_figures_a4.sh: every figure of the default catalogue's report, every
# view of the render command and the report of another domain's catalogue
# (tests/domains/boards) read on a printed A4 page: fitted to 170 x 257 mm
# (either orientation) its smallest text is at least 7 pt, no two node labels
# of one figure are equal, and its status fills are at least 15 grey levels
# apart (tests/scripts/figures_a4.py says how each is measured).  The report's
# folder is walked, so figures added to the report later are checked too.
# Usage: test_figures_a4.sh RELGRAPH SOURCE_ROOT
set -u
bin=$1
src=$2
chk="python3 $src/tests/scripts/figures_a4.py"
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }

icann=$src/graphs/icann-ssr.json
boards=$src/tests/domains/boards/boards.json
"$bin" --graph "$icann" report -o "$t/report" 2>"$t/err" || bad "report: $(cat "$t/err")"
"$bin" --graph "$boards" report -o "$t/boards-report" 2>"$t/err" ||
  bad "boards report: $(cat "$t/err")"
n=$(find "$t/report" -name '*.svg' | wc -l)
[ "$n" -ge 7 ] || bad "the report has $n figures, fewer than the overview and the 6 regions"

# view GRAPH NAME ARGS...: one render view into $t/views.
mkdir -p "$t/views"
view() {
  local g=$1 name=$2
  shift 2
  "$bin" --graph "$g" render "$@" -o "$t/views/$name.svg" 2>"$t/err" ||
    bad "render $* on $(basename "$g"): $(cat "$t/err")"
}
view "$icann" overview overview
view "$icann" gaps gaps
view "$icann" region-asia-pacific region region-asia-pacific
view "$icann" path-icann-apwg path ICANN APWG
view "$icann" person-piscitello person Piscitello
view "$icann" around-icann-1 around ICANN --depth 1
view "$icann" around-icann-2 around ICANN --depth 2
view "$icann" around-apwg-2 around APWG --depth 2
view "$boards" boards-overview overview
view "$boards" boards-around-2 around reg-nfsa --depth 2

$chk "$t/report" "$t/boards-report" "$t/views" >"$t/out" || fail=1
sed "s|$t/||" "$t/out"
exit $fail
