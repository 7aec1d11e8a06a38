#!/bin/bash
# Deterministic by construction (issue 7, item 5): the analyses take their
# date from --as-of, else from the catalogue, never from the clock.  Runs
# commands twice, the second time with the clock moved to 2099 by an
# LD_PRELOAD shim over time(), gettimeofday() and clock_gettime(), and
# compares the bytes.  Usage: test_clock.sh RELGRAPH SOURCE_DIR
set -u
bin=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cat >"$tmp/shim.c" <<'C'
#define _GNU_SOURCE
#include <sys/time.h>
#include <time.h>
static const time_t later = 4070908800; /* 2099-01-01 */
time_t time(time_t *t) { if (t) *t = later; return later; }
int gettimeofday(struct timeval *tv, void *tz) { (void)tz; tv->tv_sec = later; tv->tv_usec = 0; return 0; }
int clock_gettime(clockid_t c, struct timespec *ts) { (void)c; ts->tv_sec = later; ts->tv_nsec = 0; return 0; }
C
cc -shared -fPIC -o "$tmp/shim.so" "$tmp/shim.c" || { echo "cannot build the clock shim"; exit 1; }
# the shim must really move the clock, or this test proves nothing
moved=$(LD_PRELOAD="$tmp/shim.so" date +%Y)
[ "$moved" = 2099 ] || { echo "the shim did not move the clock ($moved)"; exit 1; }
export ASAN_OPTIONS="${ASAN_OPTIONS:-}:verify_asan_link_order=0"
fail=0
run() { # NAME ARGS...
  name=$1; shift
  "$bin" "$@" >"$tmp/$name.now" 2>&1
  LD_PRELOAD="$tmp/shim.so" "$bin" "$@" >"$tmp/$name.later" 2>&1
  if ! cmp -s "$tmp/$name.now" "$tmp/$name.later"; then
    echo "FAIL: '$*' changes with the clock:"; diff "$tmp/$name.now" "$tmp/$name.later" | head -5
    fail=1
  fi
}
boards=$src/tests/domains/boards/boards.json
for cmd in gaps risks interlocks audit; do
  run "$cmd" "$cmd" --format json
  run "boards-$cmd" --graph "$boards" "$cmd"
done
run render-gaps render gaps -o -
run query query -e 'gaps | where status = "informal"'
# the report: every file but none of the clock
"$bin" report --no-pdf -o "$tmp/r1" >/dev/null 2>&1
LD_PRELOAD="$tmp/shim.so" "$bin" report --no-pdf -o "$tmp/r2" >/dev/null 2>&1
diff -r "$tmp/r1" "$tmp/r2" >/dev/null || { echo "FAIL: report changes with the clock"; fail=1; }
grep -q 2099 "$tmp/gaps.later" && { echo "FAIL: 2099 appears in gaps"; fail=1; }
[ $fail -eq 0 ] && echo "ok: output is the same with the clock moved to 2099"
exit $fail
