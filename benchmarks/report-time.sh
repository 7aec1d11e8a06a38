#!/bin/bash
# report-time.sh [--rounds N] RELGRAPH [RELGRAPH2]: how long `relgraph
# report` takes on the default catalogue, end to end (wall time), for one
# build or two compared in the same run.  Each round runs, in turn,
# RELGRAPH2 (when given), RELGRAPH, and RELGRAPH with --no-pdf; prints the
# median, the fastest and the slowest of each.  On a shared machine, stop
# the other work for the measurement or compare two builds in one run.
# Usage: benchmarks/report-time.sh --rounds 11 build/relgraph /tmp/old/relgraph
set -u
rounds=11
if [ "${1:-}" = --rounds ]; then rounds=$2; shift 2; fi
if [ $# -lt 1 ] || [ "$1" = --help ]; then
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
  [ $# -lt 1 ] && exit 2 || exit 0
fi
new=$1
old=${2:-}
here=$(cd "$(dirname "$0")/.." && pwd)
graph=$here/graphs/icann-ssr.json
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
one() { # one NAME BIN ARGS...: appends "NAME SECONDS" to $t/times
  local name=$1 bin=$2
  shift 2
  local s e
  s=$(date +%s%N)
  "$bin" --graph "$graph" report -o "$t/$name" --as-of 2026-11-30 "$@" >/dev/null 2>"$t/err" ||
    { echo "report-time.sh: $bin report failed:" >&2; cat "$t/err" >&2; exit 1; }
  e=$(date +%s%N)
  echo "$name $(( (e - s) / 1000 ))" >>"$t/times"
}
for _ in $(seq "$rounds"); do
  [ -n "$old" ] && one old "$old"
  one new "$new"
  one new-no-pdf "$new" --no-pdf
done
for name in old new new-no-pdf; do
  grep -q "^$name " "$t/times" || continue
  sed -n "s/^$name //p" "$t/times" | sort -n | awk -v n="$name" '
    { a[NR] = $1 }
    END { printf "%-11s median %.3f s  fastest %.3f s  slowest %.3f s  (%d runs)\n",
          n, a[int((NR + 1) / 2)] / 1e6, a[1] / 1e6, a[NR] / 1e6, NR }'
done
