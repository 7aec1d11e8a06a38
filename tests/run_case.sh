#!/bin/sh
# Runs one data-driven case: tests/cases/AREA/CASE/ holds
#   args     the arguments after `relgraph`, one per line (required)
#   input.json  a catalogue; `--graph input.json` is passed first when present
#   stdout   the expected standard output (optional; compared exactly)
#   stderr   the expected standard error (optional; compared exactly)
#   status   the expected exit status (optional; default 0)
# The command runs inside the case folder, so file names in messages are
# relative ("input.json:3:5: ...").  Usage: run_case.sh RELGRAPH CASEDIR
set -u
bin=$1
dir=$2
cd "$dir" || exit 2
out=$(mktemp) err=$(mktemp)
trap 'rm -f "$out" "$err"' EXIT
set --
if [ -f input.json ]; then set -- --graph input.json; fi
while IFS= read -r line || [ -n "$line" ]; do
  set -- "$@" "$line"
done < args
"$bin" "$@" >"$out" 2>"$err"
code=$?
want=0
[ -f status ] && want=$(cat status)
fail=0
if [ "$code" != "$want" ]; then
  echo "exit status $code, expected $want"; fail=1
fi
if [ -f stdout ] && ! diff -u stdout "$out"; then
  echo "standard output differs (above: - expected, + actual)"; fail=1
fi
if [ -f stderr ] && ! diff -u stderr "$err"; then
  echo "standard error differs (above: - expected, + actual)"; fail=1
fi
if [ $fail -ne 0 ]; then
  echo "--- stderr was:"; cat "$err"
fi
exit $fail
