#!/bin/bash
# test_compile.sh: `relgraph compile` and compiled catalogues (issue 10,
# item 1; docs/format.md, "Compiled catalogues").
#  - every command answers the same, byte for byte, from the JSON, from the
#    snapshot named directly and from the snapshot found beside the JSON, on
#    the default catalogue and on the board-interlock one (another schema);
#  - --verbose says which file was used; a stale snapshot (JSON touched,
#    rewritten, or its schema changed), one of another format version and a
#    damaged one are never used beside the JSON, and are errors (exit 1,
#    never a crash) when named directly;
#  - damage in a part checked when first used (the quotient) stops the
#    command that uses it (exit 1, nothing written), not one that does not;
#    `check` checks every part;
#  - the JSON envelope records the JSON's SHA-256 from the snapshot;
#  - nothing half-written is left when compile fails;
#  - --progress shows progress lines on a non-terminal stderr, and without it
#    stderr stays empty.
# Usage: test_compile.sh RELGRAPH SOURCE_DIR
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
tmp=$(mktemp -d)
trap 'chmod -R u+w "$tmp"; rm -rf "$tmp"' EXIT
fails=0
fail() {
    echo "FAIL: $*"
    fails=$((fails + 1))
}

mkdir -p "$tmp/icann" "$tmp/boards" "$tmp/plain"
cp "$src/graphs/icann-ssr.json" "$src/graphs/schema.json" "$tmp/icann/"
cp "$src/tests/domains/boards/boards.json" "$src/tests/domains/boards/schema.json" "$tmp/boards/"

# same_answers DIR NAME ARGS...: ARGS after --graph give the same stdout and
# exit status from NAME.json (no snapshot: a copy in plain/), NAME.rgc and
# NAME.json with NAME.rgc beside it.
same_answers() {
    local dir=$1 name=$2
    shift 2
    rm -rf "$tmp/plain"
    mkdir -p "$tmp/plain"
    cp "$dir/$name.json" "$dir/schema.json" "$tmp/plain/"
    (cd "$tmp/plain" && "$bin" --graph "$name.json" "$@" >"$tmp/a.out" 2>"$tmp/a.err")
    local sa=$?
    (cd "$dir" && "$bin" --graph "$name.rgc" "$@" >"$tmp/b.out" 2>"$tmp/b.err")
    local sb=$?
    (cd "$dir" && "$bin" --verbose --graph "$name.json" "$@" >"$tmp/c.out" 2>"$tmp/c.err")
    local sc=$?
    # the file named in the output differs only as NAME.rgc vs NAME.json
    sed "s/$name\.rgc/$name.json/g" "$tmp/b.out" >"$tmp/b2.out"
    if [ $sa != $sb ] || [ $sa != $sc ] || ! cmp -s "$tmp/a.out" "$tmp/b2.out" ||
        ! cmp -s "$tmp/a.out" "$tmp/c.out"; then
        fail "$name: '$*' differs between JSON ($sa), snapshot ($sb) and snapshot beside ($sc)"
        diff "$tmp/a.out" "$tmp/b2.out" | head -5
        diff "$tmp/a.out" "$tmp/c.out" | head -5
    fi
    grep -q "using the compiled catalogue '$name.rgc'" "$tmp/c.err" ||
        fail "$name: '$*': --verbose does not say the snapshot beside was used: $(cat "$tmp/c.err")"
}

for d in icann boards; do
    name=$([ $d = icann ] && echo icann-ssr || echo boards)
    out=$(cd "$tmp/$d" && "$bin" compile "$name.json" 2>&1) || fail "$d: compile failed: $out"
    [ -f "$tmp/$d/$name.rgc" ] || fail "$d: no $name.rgc written"
    ls "$tmp/$d" | grep -q tmp && fail "$d: a temporary file was left behind"
    for args in "check" "stats" "stats --format json" "gaps" "risks" "central" "interlocks" \
        "clusters" "audit" "audit --format json" "find a" "query -e nodes"; do
        # shellcheck disable=SC2086
        same_answers "$tmp/$d" "$name" $args
    done
done
same_answers "$tmp/icann" icann-ssr links ICANN OAS
same_answers "$tmp/icann" icann-ssr render gaps -o -
same_answers "$tmp/boards" boards links --format json d-ames o-acme

# the report's checksum is the JSON's, also from the snapshot
want=$(sha256sum "$tmp/icann/icann-ssr.json" | cut -d' ' -f1)
got=$(cd "$tmp/icann" && "$bin" --graph icann-ssr.rgc stats --format json |
    python3 -c 'import json,sys; print(json.load(sys.stdin)["sha256"])')
[ "$want" = "$got" ] || fail "sha256 from the snapshot is '$got', the JSON's is '$want'"
(cd "$tmp/icann" && "$bin" --graph icann-ssr.rgc report -o "$tmp/report" >/dev/null 2>&1) ||
    fail "report from the snapshot failed"
grep -q "$want" "$tmp/report/report.md" || fail "the report from the snapshot does not record the JSON's sha256"

cd "$tmp/icann" || exit 1
# stale: the JSON touched (mtime), then rewritten with the same size
touch -d '2001-01-01' icann-ssr.json
"$bin" --verbose --graph icann-ssr.json check >/dev/null 2>err || fail "stale: JSON not loaded"
grep -q "not using 'icann-ssr.rgc': it is stale (the JSON's modification time has changed)" err ||
    fail "stale (mtime): no note: $(cat err)"
"$bin" --graph icann-ssr.rgc check >/dev/null 2>err
[ $? = 1 ] && grep -q "is stale: '.*icann-ssr.json' has changed" err ||
    fail "stale snapshot named directly is not refused: $(cat err)"
"$bin" --graph icann-ssr.json check 2>err >/dev/null
[ -s err ] && fail "stale without --verbose prints: $(cat err)"
"$bin" compile icann-ssr.json >/dev/null || fail "recompile failed"
# a changed schema makes the snapshot stale too
echo " " >>schema.json
"$bin" --verbose --graph icann-ssr.json check >/dev/null 2>err
grep -q "not using 'icann-ssr.rgc'.*its schema .* has changed" err || fail "schema change: $(cat err)"
"$bin" compile icann-ssr.json >/dev/null || fail "recompile failed"

# another format version: the note names it; named directly, an error
cp icann-ssr.rgc good.rgc
printf '\x63' | dd of=icann-ssr.rgc bs=1 seek=8 conv=notrunc 2>/dev/null
"$bin" --verbose --graph icann-ssr.json check >/dev/null 2>err || fail "version: JSON not loaded"
grep -q "format version 99; this relgraph reads version 6" err || fail "version: $(cat err)"
"$bin" --graph icann-ssr.rgc check >/dev/null 2>err
[ $? = 1 ] || fail "a snapshot of another version named directly must fail"

# damaged: a byte flipped anywhere is found; the loader never crashes
size=$(stat -c %s good.rgc)
for off in 0 20 100 1100 5000 $((size / 2)) $((size - 3)); do
    cp good.rgc icann-ssr.rgc
    printf '\x5a' | dd of=icann-ssr.rgc bs=1 seek=$off conv=notrunc 2>/dev/null
    "$bin" --graph icann-ssr.rgc check >/dev/null 2>err
    st=$?
    [ $st = 1 ] || fail "damaged at $off: exit $st, expected 1: $(cat err)"
    grep -q "icann-ssr.rgc" err || fail "damaged at $off: the error does not name the file"
    "$bin" --verbose --graph icann-ssr.json check >/dev/null 2>err ||
        fail "damaged at $off: the JSON was not used instead"
done
# damage in a part checked when first used (docs/format.md, "Checked when
# first used"): the quotient adjacency `risks` walks (section 26).  `stats`
# never reads it and answers; `risks` meets it, says so and writes nothing;
# `check` checks every part; beside the JSON, `check` reads the JSON.
# (--format json: the error envelope, no result.)
qadj=
for i in $(seq 0 31); do
    id=$(od -An -t u4 -j $((136 + 24 * i)) -N 4 good.rgc | tr -d ' ')
    if [ "$id" = 26 ]; then
        qadj=$(od -An -t u8 -j $((136 + 24 * i + 8)) -N 8 good.rgc | tr -d ' ')
        qlen=$(od -An -t u8 -j $((136 + 24 * i + 16)) -N 8 good.rgc | tr -d ' ')
    fi
done
if [ -z "$qadj" ] || [ "${qlen:-0}" -lt 8 ]; then
    fail "no quotient adjacency (section 26) in the snapshot"
else
    cp good.rgc icann-ssr.rgc
    printf '\x5a' | dd of=icann-ssr.rgc bs=1 seek=$((qadj + qlen / 2)) conv=notrunc 2>/dev/null
    "$bin" --graph icann-ssr.rgc stats >out 2>err || fail "damaged quotient: stats failed: $(cat err)"
    "$bin" --graph icann-ssr.rgc risks >out 2>err
    st=$?
    [ $st = 1 ] || fail "damaged quotient: risks exit $st, expected 1"
    [ -s out ] && fail "damaged quotient: risks wrote: $(head -c 200 out)"
    "$bin" --graph icann-ssr.rgc risks --format json >out 2>/dev/null
    grep -q '"result": null' out && grep -q "its checksum does not match" out ||
        fail "damaged quotient: risks --format json is not the error envelope: $(head -c 300 out)"
    grep -q "icann-ssr.rgc' is not a usable compiled catalogue: its checksum does not match" err ||
        fail "damaged quotient: risks said: $(cat err)"
    "$bin" --graph icann-ssr.rgc check >/dev/null 2>err
    [ $? = 1 ] || fail "damaged quotient: check passed"
    "$bin" --verbose --graph icann-ssr.json check >/dev/null 2>err ||
        fail "damaged quotient: check did not read the JSON instead: $(cat err)"
    grep -q "not using 'icann-ssr.rgc'" err || fail "damaged quotient: no note: $(cat err)"
fi
head -c 3000 good.rgc >icann-ssr.rgc
"$bin" --graph icann-ssr.rgc check >/dev/null 2>err
[ $? = 1 ] && grep -q "truncated" err || fail "truncated snapshot: $(cat err)"
cp good.rgc icann-ssr.rgc

# nothing half-written: compile into a folder it cannot write
mkdir ro && chmod a-w ro
if [ "$(id -u)" != 0 ]; then
    "$bin" compile icann-ssr.json -o ro/x.rgc >/dev/null 2>err && fail "compile into a read-only folder succeeded"
    [ -z "$(ls ro)" ] || fail "compile left files in a read-only folder: $(ls ro)"
fi
# an invalid catalogue compiles to nothing
sed 's/"relgraph": 1/"relgraph": 2/' icann-ssr.json >bad.json
"$bin" compile bad.json >/dev/null 2>err
[ $? = 1 ] || fail "an invalid catalogue compiled"
[ -e bad.rgc ] && fail "an invalid catalogue left bad.rgc"
"$bin" compile icann-ssr.rgc >/dev/null 2>&1
[ $? = 2 ] || fail "compiling a snapshot must be a usage error"

# progress: forced on a non-terminal, lines on stderr; absent without it
cp icann-ssr.json p.json
"$bin" --progress --graph p.json check >/dev/null 2>err
grep -q "^relgraph: loading p.json: done" err || fail "--progress (JSON): $(cat err)"
# the amount is of the file's bytes (each is read twice: not counted twice)
mb=$(wc -c <p.json | awk '{ printf "%.1f", $1 / 1e6 }')
grep -q "^relgraph: loading p.json: .*of $mb MB)" err || fail "--progress: not of $mb MB: $(cat err)"
"$bin" --progress --graph icann-ssr.rgc central >/dev/null 2>err
grep -q "^relgraph: loading the compiled catalogue: done" err || fail "--progress (rgc): $(cat err)"
grep -q "^relgraph: central: betweenness: done" err || fail "--progress (central): $(cat err)"
"$bin" --progress --graph icann-ssr.json clusters >/dev/null 2>err
grep -q "^relgraph: clusters: .*done" err || fail "--progress (clusters): $(cat err)"
"$bin" --graph icann-ssr.json central >/dev/null 2>err
[ -s err ] && fail "progress shown without --progress on a non-terminal: $(cat err)"
"$bin" --progress --no-progress --graph icann-ssr.json central >/dev/null 2>err
[ -s err ] && fail "--no-progress after --progress still shows progress: $(cat err)"

if [ $fails -ne 0 ]; then
    echo "$fails failure(s)"
    exit 1
fi
echo "ok: compile, snapshots beside and named, stale, versions, damage, progress"
