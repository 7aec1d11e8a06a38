#!/bin/bash
# test_failalloc_leaks.sh: no leak on the allocation-failure paths, a
# bounded run.  In a gcc AddressSanitizer build (RELGRAPH_SANITIZED=1; gcc's
# libasan is a shared library, so the failalloc shim can be preloaded ahead
# of it) the loader and each analysis run with allocation N made to fail,
# and LeakSanitizer checks that what was allocated before the failure is
# freed on the way out (tests/failalloc/sweep.sh --leaks; suppressions from
# tests/lsan.supp only, third-party, each explained):
#   - 4 points spread over each command's own allocations (16 commands);
#   - regressions: the points where a leak was found and fixed (below).
# The long run is `sweep.sh build-asan/relgraph . --leaks --sample 40`
# (docs/reliability.md).  Skipped elsewhere: a plain build has no
# LeakSanitizer (its failure paths are run by test_failalloc.sh), valgrind
# replaces malloc ahead of the shim, and clang links its sanitizer runtime
# into the program, ahead of any preload.
# Usage: test_failalloc_leaks.sh RELGRAPH SOURCE_ROOT
set -u
bin=$1
src=$2
dir=$(cd "$(dirname "$bin")" && pwd)
if [ "${RELGRAPH_SANITIZED:-0}" != 1 ]; then
  echo "skipped: not a sanitized build (RELGRAPH_SANITIZED=1 with a gcc ASan build runs it)"
  exit 0
fi
if [ ! -f "$dir/tests/libfailalloc.so" ] || ! ldd "$bin" 2>/dev/null | grep -q 'libasan'; then
  echo "skipped: $bin does not load a shared libasan beside tests/libfailalloc.so (clang links its runtime in; only gcc's ASan build can be swept)"
  exit 0
fi
sweep=$src/tests/failalloc/sweep.sh
fail=0
bash "$sweep" "$bin" "$src" --leaks --spread 4 || fail=1
[ $fail = 0 ] && echo "allocation failure under LeakSanitizer: no leak, every run ended with the right answer or a clean error"
exit $fail
