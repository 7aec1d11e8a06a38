#!/bin/bash
# relgraph fmt: the default catalogue is canonical and stays so; any layout
# of it (keys shuffled, other indentation, \u escapes) formats back to it
# byte for byte; numbers are kept as written, strings by their characters;
# --check names the file and line; in place is atomic and keeps the mode;
# an invalid file is left alone.   Usage: test_fmt.sh RELGRAPH SOURCE_ROOT
set -euo pipefail
bin=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
fail() { echo "test_fmt: $*" >&2; exit 1; }

"$bin" fmt --check "$src/graphs/icann-ssr.json" ||
  fail "graphs/icann-ssr.json is not canonical: run 'relgraph fmt graphs/icann-ssr.json'"

cp "$src/graphs/icann-ssr.json" "$src/graphs/schema.json" .
python3 - <<'PY'
import json, random
d = json.load(open('icann-ssr.json', encoding='utf-8'))
random.seed(7)
def shuffle(v):
    if isinstance(v, dict):
        items = list(v.items()); random.shuffle(items)
        return {k: shuffle(x) for k, x in items}
    if isinstance(v, list):
        return [shuffle(x) for x in v]
    return v
top = shuffle(d)
open('messy.json', 'w', encoding='ascii').write(json.dumps(top, ensure_ascii=True, indent=3))
PY
cmp -s messy.json icann-ssr.json && fail "the messy copy is the same file"
set +e
"$bin" fmt --check messy.json 2>err
rc=$?
set -e
[ $rc -eq 1 ] || fail "--check on a messy file exited $rc"
grep -q "^messy.json:2: not in the canonical layout; 'relgraph fmt messy.json' rewrites it$" err ||
  fail "--check did not name the file: $(cat err)"
chmod 600 messy.json
out=$("$bin" fmt messy.json)
[ "$out" = "messy.json: rewritten in the canonical layout" ] || fail "fmt said: $out"
cmp messy.json icann-ssr.json || fail "the messy copy did not format back to the canonical file"
[ "$(stat -c %a messy.json)" = 600 ] || fail "mode not kept"
[ -z "$("$bin" fmt messy.json)" ] || fail "a canonical file was rewritten"
ls | grep -q tmp && fail "a temporary file was left behind"

# values kept exactly: numbers as written, escapes, unicode, a BOM dropped
cp "$src/tests/domains/boards/boards.json" "$src/tests/domains/boards/schema.json" .
python3 - <<'PY'
import json
t = open('boards.json', encoding='utf-8').read()
d = json.loads(t)
for n in d['nodes']:
    if n['kind'] == 'licence':
        n['class_count'] = 987654321
        n['name'] = 'Tab\there, quote " back\\slash, ctrl \x01, slash /, é, 中, 😀'
        break
s = json.dumps(d, ensure_ascii=True)
s = s.replace('"class_count": 987654321', '"class_count": 9.87654321e8', 1)
open('values.json', 'w', encoding='utf-8').write('\ufeff' + s)
PY
"$bin" fmt values.json -o values.out
grep -q '"class_count": 9.87654321e8' values.out || fail "a number was not kept as written"
grep -qF '"name": "Tab\there, quote \" back\\slash, ctrl \u0001, slash /, é, 中, 😀"' values.out ||
  fail "a string was not written canonically: $(grep -o '"name": "Tab[^}]*' values.out)"
head -c 3 values.out | grep -q '^{' || fail "the byte-order mark was kept"
"$bin" fmt --check values.out || fail "fmt output is not canonical"
python3 -c "
import json
a = json.load(open('values.json', encoding='utf-8-sig')); b = json.load(open('values.out', encoding='utf-8'))
assert a == b, 'values changed'
"
"$bin" fmt values.json -o - | cmp - values.out || fail "-o - differs from -o FILE"

# an invalid file: exit 2, positioned, untouched
printf '{"relgraph": 1,\n "nodes": [}\n' >bad.json
cp bad.json bad.orig
set +e
"$bin" fmt bad.json 2>err
rc=$?
set -e
[ $rc -eq 2 ] || fail "an invalid file exited $rc"
grep -q '^bad.json:2:' err || fail "error not positioned: $(cat err)"
cmp -s bad.json bad.orig || fail "an invalid file was changed"
set +e
"$bin" fmt 2>err; rc=$?
set -e
[ $rc -eq 2 ] || fail "no file exited $rc"
echo "fmt: default catalogue canonical; a shuffled copy formats back byte for byte; values kept"
