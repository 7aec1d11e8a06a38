#!/usr/bin/env bash
# Hostile sizes for risks and audit: each must answer within 10 seconds,
# under a 1 GiB address-space limit, with bounded output (see below for
# sanitized builds).
#   - a chain of 10,000 counterparties (2.5 MB): every organisation cuts off
#     all those after it.  One BFS per cut used 2.2 GB and wrote 700 MB;
#     the one-pass search lists at most --max-listed per cut.
#   - 1,000 organisations of one name (200 KB): every pair a likely
#     duplicate.  Comparing pairs took 9 minutes; one group finding now.
# Usage: $0 RELGRAPH SOURCE_ROOT
set -euo pipefail
bin=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# A sanitized build reserves terabytes of shadow memory and cannot start
# under an address-space limit, and loads a catalogue some 30 times slower
# (debug, every access checked): then memory is not bounded and time is
# bounded at 120 seconds, which a quadratic search still overruns.
limit="ulimit -v 1048576"
secs=10
if ! { (ulimit -v 1048576 && "$bin" --help) >/dev/null 2>&1; } 2>/dev/null; then
  echo "note: $bin does not start under ulimit -v (sanitizer build?): 120 s, no memory bound"
  limit=true
  secs=120
fi

run() { # OUT CMD...: under timeout 10 and ulimit -v 1 GiB
  local out=$1
  shift
  ($limit && timeout $secs "$@") >"$out" 2>"$tmp/err" || {
    echo "FAIL: $* exited $? ($(head -c 300 "$tmp/err"))"
    fail=1
  }
}

# Under valgrind (some 30 times slower; the wrapper starts under ulimit -v)
# the same two inputs, made small, are checked for memory errors and leaks:
# a chain of 1,000 and 100 same-named organisations, 300 s each; the plain
# suite checks the sizes and the 10 s.
n=10000
m=1000
if [ "${RELGRAPH_UNDER_VALGRIND:-0}" = 1 ]; then
  n=1000
  m=100
  limit=true
  secs=300
fi
python3 "$src/tests/scripts/gen_chain.py" $n "$tmp/chain.json" "$src/graphs/schema.json"
run "$tmp/risks.out" "$bin" --graph "$tmp/chain.json" risks --hub hub
size=$(stat -c %s "$tmp/risks.out")
if [ "$size" -gt 3000000 ]; then
  echo "FAIL: risks on a chain of 10,000 wrote $size bytes (bound: 3 MB)"
  fail=1
fi
grep -q "^  o1 .* $((n - 1)) *o2, o3, o4, o5, o6, o7, o8, o9, o10, o11 \\.\\.\\. and $((n - 11)) more\$" "$tmp/risks.out" || {
  echo "FAIL: risks: o1 should cut off $((n - 1)) counterparties, ten listed:"
  sed -n 1,8p "$tmp/risks.out"
  fail=1
}
grep -q "^People, teams and bodies, ranked by counterparties cut off ($((n - 1)))\$" "$tmp/risks.out" || {
  echo "FAIL: risks: $((n - 1)) cuts expected"
  fail=1
}

python3 "$src/tests/scripts/gen_dupnames.py" $m "$tmp/names.json" "$src/graphs/schema.json"
run "$tmp/audit.out" "$bin" --graph "$tmp/names.json" audit
grep -q "'The Same Organisation' (d1) and $((m - 1)) other nodes of kind organization share a name" "$tmp/audit.out" || {
  echo "FAIL: audit: one group of $m expected:"
  sed -n 1,8p "$tmp/audit.out"
  fail=1
}
grep -q ' 1 likely duplicate group,' "$tmp/audit.out" || {
  echo "FAIL: audit: exactly one duplicate group expected"
  fail=1
}
# A name that 100,000 nodes share (15 MB): indexing it walked the whole
# list of its nodes for each one (18 s), and naming it sorted them by
# insertion (78 s more).  Now an "ambiguous" error within the bound, which
# names the first 20 and counts the rest.
k=100000
[ "${RELGRAPH_UNDER_VALGRIND:-0}" = 1 ] && k=300
python3 "$src/tests/scripts/gen_dupnames.py" $k "$tmp/many.json" "$src/graphs/schema.json"
rc=0
($limit && timeout $secs "$bin" --graph "$tmp/many.json" links "The Same Organisation" d1) \
  >"$tmp/many.out" 2>"$tmp/many.err" || rc=$?
if [ $rc != 1 ] || ! grep -q "'The Same Organisation' is ambiguous; it names $k nodes:" "$tmp/many.err" ||
  ! grep -q "^  \.\.\. and $((k - 20)) more\$" "$tmp/many.err"; then
  echo "FAIL: links on a name $k nodes share: exit $rc, not 1 with the ambiguity ($(head -c 300 "$tmp/many.err"))"
  fail=1
fi
[ "$(grep -c "^  The Same Organisation (organization, id 'd" "$tmp/many.err")" = 20 ] || {
  echo "FAIL: the first 20 nodes of the name should be listed"
  fail=1
}

[ $fail -eq 0 ] && echo "risks and audit stay within bounds"
exit $fail
