#!/bin/bash
# `cmake --install` into a temporary prefix installs relgraph as a C tool:
# the binary finds its default catalogue beside itself from any folder; the
# saved queries run; a C program builds against the installed library with
# pkg-config (shared) and with find_package (static) and gets the answers the
# binary gives; the man pages open with man -l and relgraph(1) holds every
# option of every command's --help; the bash completion completes commands,
# options, views and node names.   Usage: test_install.sh RELGRAPH SOURCE_ROOT
set -euo pipefail
bin=$1
# The installed binary is not valgrind's wrapper: nothing would run under
# memcheck, and the wrapper's folder is not a build folder to install from.
if [ "${RELGRAPH_UNDER_VALGRIND:-0}" = 1 ]; then
  echo "skipped under valgrind: installs the build (the plain suite runs it)"
  exit 0
fi
build=$(cd "$(dirname "$bin")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "test_install: $*" >&2; exit 1; }
cmake --install "$build" --prefix "$tmp/prefix" >/dev/null
p=$tmp/prefix
rb=$p/bin/relgraph
cd "$tmp"

# the binary and its default catalogue, from another folder
out=$(env -u RELGRAPH_GRAPH "$rb" check)
case "$out" in
  "$p/bin/../share/relgraph/icann-ssr.json: ok"*) ;;
  *) fail "installed relgraph used another catalogue: $out" ;;
esac
grep -q "David Piscitello" <<<"$("$rb" links ICANN APWG)" || fail "installed relgraph does not answer links ICANN APWG"
RELGRAPH_GRAPH=/nonexistent.json "$rb" check 2>"$tmp/err" && fail "RELGRAPH_GRAPH was not honoured"
grep -q "/nonexistent.json" "$tmp/err" || fail "$(cat "$tmp/err")"

# report.pdf, typeset by the installed module (lib/relgraph/relgraph-pdf.so)
env -u RELGRAPH_GRAPH "$rb" report -o "$tmp/rep" --no-pdf >/dev/null 2>&1
env -u RELGRAPH_GRAPH "$rb" report -o "$tmp/rep" 2>"$tmp/err" || fail "installed report: $(cat "$tmp/err")"
[ -s "$tmp/rep/report.pdf" ] || fail "installed report wrote no report.pdf: $(cat "$tmp/err")"

# the saved queries
nq=$(ls "$p/share/relgraph/queries/"*.rgq | wc -l)
[ "$nq" -eq "$(ls "$2/queries/"*.rgq | wc -l)" ] || fail "saved queries not all installed ($nq)"
grep -q 'no-ssr-clause' <<<"$(env -u RELGRAPH_GRAPH "$rb" query "$p/share/relgraph/queries/no-ssr-clause.rgq")" ||
  fail "an installed saved query does not run"

# the library: static and shared (with its SONAME), headers, pkg-config
[ -f "$p/lib/librelgraph.a" ] || fail "no librelgraph.a"
grep -q 'SONAME *librelgraph.so.0$' <<<"$(objdump -p "$p/lib/librelgraph.so")" || fail "librelgraph.so has no SONAME librelgraph.so.0"
[ -f "$p/include/relgraph/relgraph.h" ] || fail "no include/relgraph/relgraph.h"
[ -e "$p/include/relgraph/load/rg_jpos.h" ] && fail "the loader's jansson header was installed"
cat >app.c <<'C'
/* A program using the installed librelgraph: loads a catalogue, counts its
 * nodes and edges, runs the gaps analysis by name and prints its totals. */
#include <relgraph/relgraph.h>
#include <stdio.h>

int main(int argc, char **argv)
{
    rg_library_init();
    rg_graph *g = NULL;
    rg_error err;
    if (argc != 2 || rg_load_file(argv[1], &g, NULL, &err) != RG_OK) {
        fprintf(stderr, "app: %s\n", argc == 2 ? err.text : "usage: app FILE");
        return 1;
    }
    printf("%zu nodes, %zu edges\n", g->nnodes, g->nedges);
    rg_result r;
    rg_result_init(&r, g, "gaps");
    if (rg_call(g, "gaps", NULL, 0, NULL, &r, &err) != RG_OK) {
        fprintf(stderr, "app: %s\n", err.text);
        return 1;
    }
    for (size_t i = 0; i < r.ntotals; i++)
        printf("%s %lld\n", r.totals[i].name, r.totals[i].value);
    rg_result_destroy(&r);
    rg_graph_free(g);
    return 0;
}
C
san=()
[ "${RELGRAPH_SANITIZED:-}" = 1 ] && san=(-fsanitize=address,undefined)
export PKG_CONFIG_PATH=$p/lib/pkgconfig
flags=$(pkg-config --cflags --libs relgraph) || fail "pkg-config does not know relgraph"
# shellcheck disable=SC2086
cc "${san[@]}" -o app app.c $flags || fail "a program does not build with pkg-config --cflags --libs relgraph"
grep -q "librelgraph.so.0 => $p/lib/librelgraph.so.0" <<<"$(LD_LIBRARY_PATH=$p/lib ldd ./app)" ||
  fail "app is not linked to the installed librelgraph.so.0"
data=$(pkg-config --variable=datadir relgraph)
LD_LIBRARY_PATH=$p/lib ./app "$data/icann-ssr.json" >app.out || fail "app failed: $(cat app.out)"
want=$(env -u RELGRAPH_GRAPH "$rb" check | sed 's/.*ok (\(.*\))/\1/')
[ "$(head -1 app.out)" = "$want" ] || fail "app counts '$(head -1 app.out)', relgraph check '$want'"
grep -q '^ssr-clause 8$' app.out || fail "app's gaps totals: $(cat app.out)"

# the CMake package, static
mkdir cm && cat >cm/CMakeLists.txt <<'CM'
cmake_minimum_required(VERSION 3.16)
project(app C)
find_package(relgraph 0.1 REQUIRED)
add_executable(app ../app.c)
target_link_libraries(app PRIVATE relgraph::relgraph_static)
CM
cmake -S cm -B cm/build -DCMAKE_PREFIX_PATH="$p" -DCMAKE_C_FLAGS="${san[*]}" >cm.log 2>&1 ||
  fail "find_package(relgraph) fails: $(tail -5 cm.log)"
cmake --build cm/build >>cm.log 2>&1 || fail "the CMake package does not build: $(tail -5 cm.log)"
grep -q librelgraph <<<"$(ldd cm/build/app)" && fail "relgraph::relgraph_static linked the shared library"
cm/build/app "$data/icann-ssr.json" | cmp - app.out || fail "static and shared apps differ"

# the man pages
export MANWIDTH=200
man --nh --nj -l "$p/share/man/man1/relgraph.1" >man1.txt 2>man.err || fail "man -l relgraph.1 fails"
man --nh --nj -l "$p/share/man/man5/relgraph-catalogue.5" >man5.txt 2>>man.err || fail "man -l relgraph-catalogue.5 fails"
[ -s man.err ] && fail "man warns: $(cat man.err)"
grep -q 'Duplicate keys anywhere in the file are an error' man5.txt || fail "relgraph-catalogue(5) lacks the format"
cmds=$("$rb" --help | awk '/^(commands|analyses)/ {f = 1; next} /^$/ {f = 0} f && /^  [a-z]/ {print $1}')
[ "$(echo "$cmds" | wc -l)" -ge 10 ] || fail "too few commands in --help: $cmds"
for c in $cmds; do
  grep -q "^   $c\$" man1.txt || fail "relgraph(1) has no section for '$c'"
  "$rb" "$c" --help | grep -oE -- '(^|[ ,[])--?[a-zA-Z][a-zA-Z-]*' | tr -d ' ,[' >>opts.txt
done
sort -u opts.txt >opts.want
grep -oE -- '--?[a-zA-Z][a-zA-Z-]*' man1.txt | sort -u >opts.man
missing=$(comm -23 opts.want opts.man)
[ -z "$missing" ] || fail "relgraph(1) lacks options of --help: $missing"
[ "$(wc -l <opts.want)" -ge 40 ] || fail "too few options found in --help: $(wc -l <opts.want)"

# bash completion: a command, an option, a view, node names (default
# catalogue and --graph)
comp=$p/share/bash-completion/completions/relgraph
[ -f "$comp" ] || fail "no bash completion installed"
cp "$2/tests/domains/boards/boards.json" "$2/tests/domains/boards/schema.json" .
complete_words() {
  env -u RELGRAPH_GRAPH PATH="$p/bin:$PATH" bash -c '
    source "$1"; shift
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1))
    _relgraph
    printf "%s\n" "${COMPREPLY[@]}"' _ "$comp" "$@"
}
[ "$(complete_words relgraph lin)" = links ] || fail "'relgraph lin' completes to '$(complete_words relgraph lin)'"
grep -qx -- --as-of <<<"$(complete_words relgraph gaps --as)" || fail "'gaps --as' does not complete --as-of"
grep -qx overview <<<"$(complete_words relgraph render ov)" || fail "'render ov' does not complete the view"
[ "$(complete_words relgraph links ICANN apw | tr '\n' ' ')" = "APWG APWG\\ EU apwg apwg-eu " ] ||
  fail "'links ICANN apw' completes to '$(complete_words relgraph links ICANN apw)'"
grep -qx d-okafor <<<"$(complete_words relgraph --graph boards.json links d-ok)" ||
  fail "--graph is not honoured: '$(complete_words relgraph --graph boards.json links d-ok)'"
echo "installed: binary, data, queries, librelgraph (static, shared), headers, pkg-config, CMake package, man pages, completion"
