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
if ! command -v clang >/dev/null 2>&1; then
  echo "skipped: clang is not installed (scripts/deps installs it); the fuzz harnesses need it"
  exit 0
fi
build=$(cd "$(dirname "$bin")" && pwd)/fuzz-short
exec sh "$src/tests/fuzz/run.sh" "${RELGRAPH_FUZZ_SECONDS:-20}" "$build"
