#!/bin/sh
# Builds the libFuzzer harnesses (clang, ASan+UBSan, float-cast-overflow)
# into BUILD (default build-fuzz) and runs each for SECONDS (default 60)
# from its seed corpus under tests/fuzz/corpus/<harness>/.  New inputs go to
# a scratch copy of the corpus, never into the tree; a crash leaves its
# input in BUILD/fuzz-out/ and makes the script fail.
#   tests/fuzz/run.sh [SECONDS] [BUILD]        e.g. tests/fuzz/run.sh 3600
set -eu
secs=${1:-60}
here=$(cd "$(dirname "$0")" && pwd)
src=$(cd "$here/../.." && pwd)
build=${2:-$src/build-fuzz}
cc=${CC:-clang}
command -v "$cc" >/dev/null 2>&1 || { echo "run.sh: $cc not found (apt-get install clang)" >&2; exit 2; }
cmake -S "$src" -B "$build" -DCMAKE_C_COMPILER="$cc" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DRELGRAPH_FUZZ=ON -DRELGRAPH_WERROR=OFF -DBUILD_TESTING=OFF >/dev/null
cmake --build "$build" -j2 --target fuzz_catalogue fuzz_schema fuzz_rgc >/dev/null
out=$build/fuzz-out
mkdir -p "$out"
status=0
for h in catalogue schema rgc; do
  work=$out/$h-corpus
  rm -rf "$work"
  mkdir -p "$work"
  cp "$here/corpus/$h/"* "$work/"
  log=$out/$h.log
  # -rss_limit_mb: the loader must stay within memory; -max_len keeps
  # inputs to the size of a hand-edited catalogue (a compiled one carries
  # its schema and index tables: larger)
  maxlen=16384
  [ $h = rgc ] && maxlen=65536
  if ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
      "$build/tests/fuzz/fuzz_$h" -max_total_time="$secs" -max_len=$maxlen -rss_limit_mb=2048 \
      -timeout=10 -artifact_prefix="$out/$h-" -print_final_stats=1 "$work" >"$log" 2>&1; then
    runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log")
    echo "fuzz_$h: ${runs:-?} executions in ${secs} s, no crash"
  else
    echo "fuzz_$h: FAILED; see $log and $out/$h-*" >&2
    tail -30 "$log" >&2
    status=1
  fi
done
exit $status
