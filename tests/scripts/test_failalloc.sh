#!/bin/bash
# test_failalloc.sh: allocation failure, a bounded run (the full sweep is
# tests/failalloc/sweep.sh RELGRAPH SOURCE_ROOT --every; see
# docs/reliability.md).  With the Nth allocation made to fail
# (tests/failalloc), the loader and each analysis must end with the right
# answer or a clean error, never a crash or a wrong answer:
#   - 6 points spread over each command's own allocations, and 1 to 10;
#   - regressions: every N of the last 40 allocations of `query`,
#     `interlocks` and `links` (where a cell, an option or a sentence cut
#     short by out of memory was printed as a shorter answer, exit 0), and
#     every N up to 40 of a query with a long string (the lexer kept a cut
#     string and answered another question).
# Skipped where the shim is not built (a sanitized or valgrind build).
# Usage: test_failalloc.sh RELGRAPH SOURCE_ROOT
set -u
bin=$1
src=$2
dir=$(cd "$(dirname "$bin")" && pwd)
if [ ! -f "$dir/tests/libfailalloc.so" ]; then
  echo "skipped: no tests/libfailalloc.so beside $bin (a sanitized or valgrind build does not build it)"
  exit 0
fi
sweep=$src/tests/failalloc/sweep.sh
fail=0
bash "$sweep" "$bin" "$src" --sample 6 || fail=1
for c in query interlocks links; do
  bash "$sweep" "$bin" "$src" --tail 40 --only "$c" || fail=1
done
long=$(printf 'Bank%.0s' $(seq 1 60))
bash "$sweep" "$bin" "$src" --head 40 --only query --query "nodes company | where name ~ \"$long\"" || fail=1
[ $fail = 0 ] && echo "allocation failure: every run ended with the right answer or a clean error"
exit $fail
