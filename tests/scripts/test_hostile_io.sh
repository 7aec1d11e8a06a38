#!/bin/bash
# test_hostile_io.sh: what the data-driven cases cannot set up: reads are
# bounded (a limit named in the error, RELGRAPH_MAX_INPUT; out of memory is
# an error, never a spin), a schema path stays in the catalogue's folder tree
# or a folder of RELGRAPH_SCHEMA_PATH (symbolic links resolved), -o never
# overwrites the catalogue, and a replaced output keeps its mode.
# Usage: test_hostile_io.sh RELGRAPH SOURCE_ROOT
set -u
bin=$1
src=$2
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
# expect STATUS PATTERN CMD...: runs CMD (60 s at most) and checks both
expect() {
  local want=$1 pat=$2
  shift 2
  timeout 60 "$@" >"$t/out" 2>"$t/err"
  local rc=$?
  [ "$rc" = "$want" ] || bad "$*: exit $rc, expected $want: $(head -c 300 "$t/err")"
  [ -z "$pat" ] || grep -q -- "$pat" "$t/err" "$t/out" || bad "$*: no '$pat' in: $(head -c 300 "$t/err")"
}

# bounded reads
RELGRAPH_MAX_INPUT=1M expect 1 "larger than the limit of 1 MiB (RELGRAPH_MAX_INPUT raises it)" \
  "$bin" --graph /dev/zero check
expect 1 "RELGRAPH_MAX_INPUT is a size" env RELGRAPH_MAX_INPUT=lots "$bin" --graph /dev/zero check
# under a memory limit the default (2 GiB) cannot be reached: an error, not a spin
# (a sanitizer build reserves more address space than that: skipped there)
if (ulimit -v 600000; "$bin" --version) >/dev/null 2>&1; then
  (ulimit -v 600000; expect 1 "out of memory reading '/dev/zero'" "$bin" --graph /dev/zero check)
else
  echo "skipped: the memory-limit check (this build does not start under ulimit -v)"
fi
expect 1 "larger than the limit of 1 MiB" "$bin" --graph "$src/tests/cases/check/valid/input.json" \
  query /dev/zero

# schema paths
mkdir -p "$t/cat" "$t/schemas"
cp "$src/graphs/schema.json" "$t/schemas/s.json"
sed 's|"schema": "[^"]*"|"schema": "../schemas/s.json"|' "$src/tests/cases/check/valid/input.json" \
  >"$t/cat/outside.json"
expect 1 "lies outside the catalogue's folder" "$bin" --graph "$t/cat/outside.json" check
RELGRAPH_SCHEMA_PATH=/nowhere:$t/schemas expect 0 "ok (4 nodes, 2 edges)" \
  "$bin" --graph "$t/cat/outside.json" check
ln -s ../schemas/s.json "$t/cat/link.json"
sed 's|"schema": "[^"]*"|"schema": "link.json"|' "$src/tests/cases/check/valid/input.json" \
  >"$t/cat/link-cat.json"
expect 1 "lies outside the catalogue's folder" "$bin" --graph "$t/cat/link-cat.json" check
mkfifo "$t/cat/fifo.json"
sed 's|"schema": "[^"]*"|"schema": "fifo.json"|' "$src/tests/cases/check/valid/input.json" \
  >"$t/cat/fifo-cat.json"
expect 1 "is not a regular file" "$bin" --graph "$t/cat/fifo-cat.json" check
cp "$t/schemas/s.json" "$t/cat/schema.json"
sed 's|"schema": "[^"]*"|"schema": "schema.json"|' "$src/tests/cases/check/valid/input.json" \
  >"$t/cat/inside.json"
expect 0 "ok (4 nodes, 2 edges)" "$bin" --graph "$t/cat/inside.json" check

# -o and the catalogue; modes
cp "$t/cat/inside.json" "$t/cat/g.dot"
ln "$t/cat/g.dot" "$t/cat/same.dot"
before=$(sha256sum <"$t/cat/g.dot")
expect 1 "is the catalogue being read" "$bin" --graph "$t/cat/g.dot" render overview -o "$t/cat/g.dot"
expect 1 "is the catalogue being read" "$bin" --graph "$t/cat/g.dot" render overview -o "$t/cat/same.dot"
[ "$(sha256sum <"$t/cat/g.dot")" = "$before" ] || bad "the catalogue was overwritten"
: >"$t/private.dot"
chmod 600 "$t/private.dot"
expect 0 "" "$bin" --graph "$t/cat/inside.json" render overview -o "$t/private.dot"
[ "$(stat -c %a "$t/private.dot")" = 600 ] || bad "a 0600 output became $(stat -c %a "$t/private.dot")"
(umask 077; expect 0 "" "$bin" --graph "$t/cat/inside.json" render overview -o "$t/new077.dot")
[ "$(stat -c %a "$t/new077.dot")" = 600 ] || bad "umask 077 gave $(stat -c %a "$t/new077.dot")"
(umask 022; expect 0 "" "$bin" --graph "$t/cat/inside.json" render overview -o "$t/new022.dot")
[ "$(stat -c %a "$t/new022.dot")" = 644 ] || bad "umask 022 gave $(stat -c %a "$t/new022.dot")"
ls "$t" | grep -q tmp && bad "temporary files left: $(ls "$t")"

# a catalogue from a pipe: read once (the compiled catalogue's header was
# looked for by reading the pipe, which then lacked its first 8 bytes:
# "/dev/stdin:1:5: '[' or '{' expected near 'graph'"), and, having no
# folder, its schema path is relative to the current directory
cat "$src/graphs/icann-ssr.json" | (cd "$src/graphs" && timeout 60 "$bin" --graph /dev/stdin check) \
  >"$t/out" 2>"$t/err" || bad "a catalogue on a pipe, run in its schema's folder: $(head -c 300 "$t/err")"
grep -q '/dev/stdin: ok (' "$t/out" || bad "a catalogue on a pipe: no 'ok': $(head -c 300 "$t/out")"
cat "$src/graphs/icann-ssr.json" | (cd "$t" && timeout 60 "$bin" --graph /dev/stdin check) \
  >"$t/out" 2>"$t/err"
rc=$?
[ $rc = 1 ] || bad "a catalogue on a pipe, its schema not in the current directory: exit $rc"
[ "$(wc -l <"$t/err")" = 1 ] || bad "a catalogue on a pipe: not one error: $(head -c 400 "$t/err")"
grep -q "unable to open 'schema.json'.*read from a pipe or a device, which has no folder" "$t/err" ||
  bad "a catalogue on a pipe: the error does not say it has no folder: $(head -c 300 "$t/err")"

# standard error closed: the drawing's two anonymous files (its bytes, its
# messages) must not take descriptor 2, onto which the drawing process
# puts its messages (src/cli/cli_draw.c): when the first one took it, the
# child's messages and its answer went into the same file (seen with
# strace; a drawing that warned would be read back as garbage)
# (not under valgrind: memcheck writes its reports to descriptor 2 and
# exits 127 when it is closed; the plain and sanitizer runs check it)
if [ "${RELGRAPH_UNDER_VALGRIND:-0}" != 1 ]; then
  rm -f "$t/closed.svg"
  timeout 60 "$bin" --graph "$src/tests/domains/boards/boards.json" render overview \
    -o "$t/closed.svg" >/dev/null 2>&-
  rc=$?
  [ $rc = 0 ] && [ -s "$t/closed.svg" ] || bad "render with standard error closed: exit $rc"
fi

[ $fail = 0 ] && echo "hostile io: all checks passed"
exit $fail
