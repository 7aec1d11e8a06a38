#!/bin/bash
# No mutable file-scope state in librelgraph (issue 7, item 8): two
# analyses may run on two graphs in two threads.  Lists every symbol of the
# library's objects that lives in a writable section (.data, .bss, and the
# thread-local .tdata/.tbss) and fails on any not in the allow-list below.
# Writable sections include .data.rel and .data.rel.local, where a
# position-independent build puts a non-const object holding pointers; tables
# of pointers that are const live in .data.rel.ro (read-only once relocated)
# and do not count.  Usage: test_no_global_state.sh RELGRAPH SOURCE_DIR
set -u
bin=$1
# (a static check of the library's objects: nothing runs under valgrind, and
# valgrind's relgraph is a wrapper in a folder of its own)
if [ "${RELGRAPH_UNDER_VALGRIND:-0}" = 1 ]; then
  echo "skipped under valgrind: a static check of librelgraph.a (the plain suite runs it)"
  exit 0
fi
lib=$(cd "$(dirname "$bin")" && pwd)/librelgraph.a
[ -f "$lib" ] || { echo "FAIL: no $lib"; exit 1; }
# Allowed, each for a reason:
#   igraph_mutex  serialises igraph calls: Debian's igraph keeps its cleanup
#                 stack and RNG in globals (IGRAPH_THREAD_SAFE is 0)
#   init_once     pthread_once flag installing igraph's error handler once
#   igraph_last   the last igraph error message, thread-local
#   igraph_progress_to  where igraph's progress reports go, thread-local and
#                 set around one igraph call under the igraph lock
#   the_gvc, gvc_once  the one Graphviz context of the process, made once: Graphviz
#                 2.42's pango plugin reads freed memory after gvFreeContext
#   graphviz_mutex  one diagram at a time: Graphviz keeps global state
#   plugin_missing  whether Graphviz, drawing under graphviz_mutex, said it could
#                   not load a plugin (its only way of saying so is a message)
#   program_malloc, program_free  the allocation functions a program gives
#                 jansson (rg_load_json_alloc), set once at start-up as
#                 jansson's own process-wide setting is
#   jarena_now    the arena of the element a thread is parsing, thread-local:
#                 jansson calls its allocator without a context (rg_jalloc.c)
allow='^(igraph_mutex|init_once|igraph_last|igraph_progress_to|the_gvc|gvc_once|graphviz_mutex|plugin_missing|program_malloc|program_free|jarena_now)$'
# Symbols a sanitizer adds (ASan's one-definition-rule indicators, one per
# global, and its own bookkeeping; clang's ASan also lists each object's
# globals in an array named __unnamed_N) are the build's, not relgraph's state.
made_by_sanitizer='^(__odr_asan|__asan_|___asan|__ubsan|__sancov|__llvm_gcov|__gcov|__unnamed_[0-9]+$)'
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && ar x "$lib") || { echo "FAIL: cannot unpack $lib"; exit 1; }
n=$(ls "$tmp"/*.o 2>/dev/null | wc -l)
[ "$n" -ge 20 ] || { echo "FAIL: only $n objects in $lib: nothing was checked"; exit 1; }
bad=0
for o in "$tmp"/*.o; do
  while read -r sect sym; do
    if [[ $sym =~ $made_by_sanitizer ]]; then
      continue
    fi
    if ! [[ $sym =~ $allow ]]; then
      echo "mutable file-scope state: $(basename "$o" .o): $sym (section $sect)"
      bad=1
    fi
  done < <(objdump -t "$o" | awk 'NF >= 4 && $NF !~ /^\./ && $(NF-2) ~ /^\.(data|bss|tdata|tbss)(\.|$)/ && $(NF-2) !~ /^\.data\.rel\.ro/ {print $(NF-2), $NF}')
done
if [ $bad -ne 0 ]; then
  echo "FAIL: make the state a parameter (rg_sort takes a context) or a const table"
  exit 1
fi
echo "ok: $n objects, no mutable file-scope state beyond the igraph lock"
