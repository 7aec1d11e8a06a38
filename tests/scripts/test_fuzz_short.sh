#!/bin/bash
# test_fuzz_short.sh: builds the libFuzzer harnesses (tests/fuzz) into their
# own build folder beside RELGRAPH's and runs each for 20 seconds from its
# seed corpus: the catalogue loader (with its differential check against
# jansson), the schema loader and the compiled-catalogue reader (fuzz_rgc),
# under ASan, UBSan and float-cast-overflow.
# Any crash, leak, sanitizer report or disagreement fails the test.  The
# long run is tests/fuzz/run.sh SECONDS.
# Usage: test_fuzz_short.sh RELGRAPH SOURCE_ROOT
set -u
bin=$1
src=$2
# The harnesses are built with clang's sanitizers whatever the suite's
# build: running them again under the sanitized suites would repeat the
# same runs (CI's time), so they run with the plain suite only.
if [ "${RELGRAPH_SANITIZED:-0}" = 1 ] || [ "${RELGRAPH_UNDER_VALGRIND:-0}" = 1 ]; then
  echo "skipped: the fuzz harnesses run with the plain suite (they are sanitized themselves)"
  exit 0
fi
if ! command -v clang >/dev/null 2>&1; then
  echo "skipped: clang is not installed (scripts/deps installs it); the fuzz harnesses need it"
  exit 0
fi
build=$(cd "$(dirname "$bin")" && pwd)/fuzz-short
exec sh "$src/tests/fuzz/run.sh" "${RELGRAPH_FUZZ_SECONDS:-20}" "$build"
