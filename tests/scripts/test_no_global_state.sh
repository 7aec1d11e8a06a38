#!/bin/bash
# No mutable file-scope state in librelgraph (issue 7, item 8): two
# analyses may run on two graphs in two threads.  Lists every symbol of the
# library's objects that lives in a writable section (.data, .bss, and the
# thread-local .tdata/.tbss) and fails on any not in the allow-list below.
# Tables of pointers live in .data.rel.ro (read-only once relocated) and do
# not count.  Usage: test_no_global_state.sh RELGRAPH SOURCE_DIR
set -u
bin=$1
lib=$(dirname "$bin")/librelgraph.a
[ -f "$lib" ] || { echo "no $lib"; exit 1; }
# Allowed, each for a reason:
#   igraph_mutex  serialises igraph calls: Debian's igraph keeps its cleanup
#                 stack and RNG in globals (IGRAPH_THREAD_SAFE is 0)
#   init_once     pthread_once flag installing igraph's error handler once
#   igraph_last   the last igraph error message, thread-local
allow='^(igraph_mutex|init_once|igraph_last)$'
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && ar x "$lib")
bad=0
for o in "$tmp"/*.o; do
  while read -r sect sym; do
    if ! [[ $sym =~ $allow ]]; then
      echo "mutable file-scope state: $(basename "$o" .o): $sym (section $sect)"
      bad=1
    fi
  done < <(objdump -t "$o" | awk '$NF !~ /^\./ && ($(NF-2) ~ /^\.(data|bss|tdata|tbss)$/) {print $(NF-2), $NF}')
done
if [ $bad -ne 0 ]; then
  echo "FAIL: make the state a parameter (rg_sort takes a context) or a const table"
  exit 1
fi
echo "ok: no mutable file-scope state beyond the igraph lock"
