#!/bin/sh
# Measures loading (relgraph check) and one `links` query on synthetic
# catalogues of growing size: wall time and peak memory (GNU time's
# maximum resident set size).  Usage: benchmarks/run.sh [RELGRAPH] [SIZES]
# SIZES is a list of NODES:EDGES (default "10000:50000 100000:500000 1000000:5000000").
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:-$here/../build/relgraph}
sizes=${2:-"10000:50000 100000:500000 1000000:5000000"}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
printf '%-10s %-10s %-10s %-12s %-12s %-12s %-12s\n' nodes edges "MiB(json)" "check(s)" "check(MiB)" "links(s)" "links(MiB)"
for s in $sizes; do
  n=${s%%:*} m=${s##*:}
  f=$tmp/g.json
  python3 "$here/gen_catalogue.py" "$n" "$m" "$f" 1 "$here/../graphs/schema.json"
  mib=$(( $(stat -c %s "$f") / 1048576 ))
  /usr/bin/time -f '%e %M' -o "$tmp/t1" "$bin" --graph "$f" check >/dev/null
  /usr/bin/time -f '%e %M' -o "$tmp/t2" "$bin" --graph "$f" links p0 a0 --limit 5 >/dev/null || true
  read -r c1 m1 < "$tmp/t1"
  read -r c2 m2 < "$tmp/t2"
  printf '%-10s %-10s %-10s %-12s %-12s %-12s %-12s\n' "$n" "$m" "$mib" "$c1" $((m1 / 1024)) "$c2" $((m2 / 1024))
done
