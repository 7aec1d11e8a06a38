#!/bin/bash
# test_hostile_limits.sh: every hostile class of docs/reliability.md whose
# input is under 1 MB, each run with 10 seconds of CPU (`ulimit -t 10`; the
# machines that run the suite are shared, so wall time would measure the
# neighbours: `timeout 60` stops a hang that does not use the CPU) and a
# 1 GiB address-space limit (`ulimit -v 1048576`): each must end within that
# budget with an answer or a clear error (exit 1 or 2, a message on
# standard error), never a hang, a crash or more memory.  The inputs are
# generated here.
# A sanitized build (ASan reserves terabytes of address space) cannot start
# under ulimit -v and runs some 30 times slower: there memory is not bounded
# and the time limit is 120 seconds.  Under valgrind (RELGRAPH_VALGRIND)
# likewise.
# Usage: test_hostile_limits.sh RELGRAPH SOURCE_ROOT
set -u
bin=$1
src=$2
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail=0
limit="ulimit -v 1048576 -t 10"
secs=60
# (the valgrind build's relgraph is a shell script that runs valgrind)
if [ "$(head -c 2 "$bin")" = "#!" ] ||
  ! { (ulimit -v 1048576 && "$bin" --version) >/dev/null 2>&1; } 2>/dev/null; then
  echo "note: $bin does not start under ulimit -v (a sanitizer or valgrind): 120 s, no memory bound"
  limit="ulimit -t 120"
  secs=300
fi
n=0
# case NAME WANT PATTERN CMD...: WANT is the exit status expected (0, 1 or 2);
# PATTERN must appear in standard output or standard error
case_() {
  local name=$1 want=$2 pat=$3
  shift 3
  n=$((n + 1))
  local start=$(date +%s%N)
  ( $limit && exec timeout -s KILL $secs "$@" ) >"$t/out" 2>"$t/err" </dev/null
  local rc=$? ms=$(( ($(date +%s%N) - start) / 1000000 ))
  if [ $rc -ne "$want" ]; then
    echo "FAIL $name: exit $rc (expected $want; 137 or 152: a time limit) after $ms ms: $(head -c 300 "$t/err")"
    fail=1
  elif [ -n "$pat" ] && ! grep -q -- "$pat" "$t/out" "$t/err"; then
    echo "FAIL $name: no '$pat' in: $(head -c 300 "$t/err") $(head -c 300 "$t/out")"
    fail=1
  elif [ "$rc" -ne 0 ] && [ ! -s "$t/err" ]; then
    echo "FAIL $name: exit $rc with nothing on standard error"
    fail=1
  else
    echo "ok $name: exit $rc in $ms ms"
  fi
}

cases=$src/tests/cases
# Leiden that never converged
case_ clusters-empty 1 "no communities to find" "$bin" --graph "$cases/clusters/hang-empty/input.json" clusters
case_ clusters-no-links 1 "no communities to find" "$bin" --graph "$cases/clusters/hang-no-links/input.json" clusters
case_ report-no-links 0 "" "$bin" --graph "$cases/clusters/hang-no-links/input.json" report -o "$t/report"
case_ clusters-resolution-16 0 "" "$bin" --graph "$src/tests/fixtures/analyses.json" query -e 'clusters(resolution: 16)'
case_ clusters-resolution-hex 2 "resolution" "$bin" --graph "$src/tests/fixtures/analyses.json" clusters --resolution 0x10
# a long or-chain (80,000 terms, 960,000 bytes: the query limit is 1 MiB)
{
  printf 'nodes | where id = "x"'
  for _ in $(seq 1 79999); do printf ' or id = "x"'; done
} >"$t/or.rgq"
case_ or-chain-80k 0 "" "$bin" --graph "$src/tests/fixtures/analyses.json" query "$t/or.rgq"
# unbounded reads
if [ $secs = 60 ]; then # bounded memory: the default limit (2 GiB) is out of reach
  case_ graph-dev-zero 1 "out of memory reading" "$bin" --graph /dev/zero check
else # unbounded (sanitizer, valgrind): reading 2 GiB would take minutes and 2 GiB
  case_ graph-dev-zero 1 "larger than the limit" env RELGRAPH_MAX_INPUT=64M "$bin" --graph /dev/zero check
fi
case_ query-dev-zero 1 "" "$bin" --graph "$src/tests/fixtures/analyses.json" query /dev/zero
case_ schema-dev-zero 1 "/dev/zero" "$bin" --graph "$cases/hostile/schema-dev-zero/input.json" check
# super-linear cost from small inputs
python3 "$src/tests/scripts/gen_dupnames.py" 1000 "$t/names.json" "$src/graphs/schema.json"
case_ audit-1000-same-names 0 "and 999 other nodes" "$bin" --graph "$t/names.json" audit
python3 "$src/tests/scripts/gen_chain.py" 3500 "$t/chain.json" "$src/graphs/schema.json"
case_ risks-chain-3500 0 "3499" "$bin" --graph "$t/chain.json" risks --hub hub
case_ paths-64-hops-20-leaves 0 "C11" "$bin" --graph "$cases/hostile-query/leaves.json" \
  query -e 'paths(from: c01, to: c11, max_hops: 64)'
# the largest limit: 100,000 connections of up to 64 hops would be millions
# of rows (it took over 29 s and 268 MB, unfinished); the answer's budget,
# max_rows (200,000 step rows by default), stops it
case_ paths-64-hops-limit-100000 1 "(max_rows)" "$bin" --graph "$cases/hostile-query/leaves.json" \
  query -e 'paths(from: c01, to: c11, max_hops: 64, limit: 100000)'
# nesting past the limit
deep=$(printf '(%.0s' $(seq 1 65))'name = "x"'$(printf ')%.0s' $(seq 1 65))
case_ nesting-65 1 "nested too deeply" "$bin" --graph "$src/tests/fixtures/analyses.json" query -e "nodes | where $deep"
for f in "$t/or.rgq" "$t/names.json" "$t/chain.json"; do
  [ "$(stat -c %s "$f")" -lt 1048576 ] || { echo "FAIL: $f is not under 1 MiB"; fail=1; }
done
[ $fail = 0 ] && echo "hostile limits: $n cases, each within its limits ($limit)"
exit $fail
