#!/bin/bash
# relgraph diff: a copy of the default catalogue with a clause removed, a
# person moved and an agreement added reports exactly those three changes
# and the coverage status change they cause; the same on the board
# catalogue; exit 0 when equal, 1 when different, 2 on an error; --format
# json is the envelope.   Usage: test_diff.sh RELGRAPH SOURCE_ROOT
set -euo pipefail
bin=$1
src=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cd "$tmp"
fail() { echo "test_diff: $*" >&2; exit 1; }

cp "$src/graphs/icann-ssr.json" "$src/graphs/schema.json" .
python3 - <<'PY'
import json
d = json.load(open('icann-ssr.json', encoding='utf-8'))
# a clause removed, with its edge into its agreement
d['nodes'] = [n for n in d['nodes'] if n['id'] != 'cl-aptld-1-2']
d['edges'] = [e for e in d['edges'] if 'cl-aptld-1-2' not in (e['from'], e['to'])]
# a person moved
for e in d['edges']:
    if e['from'] == 'beckstrom' and e['kind'] == 'works_for':
        e['to'] = 'nro'
# an agreement added, with its two parties
cite = [{"source": "src-002", "at": "row 57, lines 641-642"}]
d['nodes'].append({"id": "agr-afrinic-2016", "kind": "agreement", "name": "Test agreement with AFRINIC",
                   "agreement_type": "cooperative agreement", "date": "2016-01-15",
                   "text_located": False, "ssr_elements": "unknown", "cite": cite})
d['edges'].append({"from": "afrinic", "to": "agr-afrinic-2016", "kind": "party_to", "cite": cite})
d['edges'].append({"from": "icann", "to": "agr-afrinic-2016", "kind": "party_to", "cite": cite})
json.dump(d, open('new.json', 'w', encoding='utf-8'), ensure_ascii=False, indent=1)
PY
set +e
"$bin" diff icann-ssr.json new.json >out 2>err
rc=$?
set -e
[ $rc -eq 1 ] || fail "diff of different catalogues exited $rc, expected 1: $(cat err)"
cat >want <<'TXT'
Agreement signed: Test agreement with AFRINIC [agr-afrinic-2016], between African Network Information Center (AFRINIC) [afrinic] and Internet Corporation for Assigned Names and Numbers (ICANN) [icann].
Clause removed: APTLD MoU (2015), Section 1.2 [cl-aptld-1-2], from Memorandum of Understanding between the Asia Pacific Top Level Domain Association and the Internet Corporation for Assigned Names and Numbers [agr-aptld-2015].
Person moved: Rod Beckstrom [beckstrom] moved from Internet Corporation for Assigned Names and Numbers (ICANN) [icann] to Number Resource Organization (NRO) [nro] (works for).
Coverage changed: Asia Pacific Top Level Domain Association [aptld]: ssr-clause -> no-ssr-clause.
4 changes: 1 added, 1 removed, 2 changed
TXT
diff -u want out || fail "diff output differs (above: - expected, + actual)"

# the other way round: the agreement lapses, the clause comes back, the
# person moves back, the status returns
set +e
"$bin" diff new.json icann-ssr.json >out 2>err
rc=$?
set -e
[ $rc -eq 1 ] || fail "reverse diff exited $rc"
grep -q '^Agreement lapsed: Test agreement with AFRINIC \[agr-afrinic-2016\]' out || fail "no lapse: $(cat out)"
grep -q '^Clause added: APTLD MoU (2015), Section 1.2 \[cl-aptld-1-2\], in ' out || fail "no clause added"
grep -q 'moved from Number Resource Organization (NRO) \[nro\] to Internet Corporation' out ||
  fail "no move back"
grep -q 'no-ssr-clause -> ssr-clause\.$' out || fail "no status change back"

# JSON: the envelope, one row per change
"$bin" diff icann-ssr.json new.json --format json >out.json && fail "json diff exited 0"
python3 - <<'PY'
import json
d = json.load(open('out.json'))
assert d['command'] == 'diff' and d['errors'] == [], d
rows = d['result']['tables']['changes']['rows']
got = [(r['change'], r['element'], r['subject'], r['by_role'], r['id'], r['before'], r['after']) for r in rows]
want = [('signed', 'node', 'agreement', 'agreement_kind', 'agr-afrinic-2016', None, None),
        ('removed', 'node', 'clause', 'clause_edge', 'cl-aptld-1-2', None, None),
        ('moved', 'node', 'person', 'person_kinds', 'beckstrom', 'icann', 'nro'),
        ('status', 'coverage', 'organization', 'counterparty_attr', 'aptld', 'ssr-clause', 'no-ssr-clause')]
assert got == want, got
assert d['result']['totals'] == {'changes': 4, 'added': 1, 'removed': 1, 'changed': 2}, d['result']['totals']
PY

# render diff: the changes drawn, each mark once: the agreement added
# (bold), the clause removed (dashed), the counterparty whose coverage
# changed (dotted); three edges added (dark green), two removed (light red)
"$bin" render diff icann-ssr.json new.json -o d.dot || fail "render diff failed"
for want in 'style="filled,bold" 1' 'style="filled,dashed" 1' 'style="filled,dotted" 1' \
  '"#1b5e20" 3' '"#e06666" 2' 'STYLE="dashed">removed 1'; do
  pat=${want% *}
  n=$(grep -cF "$pat" d.dot || true)
  [ "$n" = "${want##* }" ] || fail "render diff: '$pat' $n times, expected ${want##* }"
done
grep -q 'Test agreement with' d.dot || fail "render diff: the added agreement is not drawn"
"$bin" render diff icann-ssr.json new.json -o d.svg || fail "render diff to SVG failed"
python3 -c "import xml.dom.minidom as m; m.parse('d.svg')" || fail "render diff SVG is not XML"
set +e
"$bin" render diff icann-ssr.json icann-ssr.json -o same.svg 2>err
rc=$?
set -e
[ $rc -eq 1 ] || fail "render diff of equal catalogues exited $rc"
grep -q 'do not differ' err || fail "render diff of equal catalogues: $(cat err)"
[ -e same.svg ] && fail "render diff of equal catalogues wrote a file"

# equal: exit 0; a relationship and an attribute changed are told
"$bin" diff icann-ssr.json icann-ssr.json >out || fail "diff of equal catalogues exited $?"
[ "$(cat out)" = "no changes" ] || fail "equal: $(cat out)"
python3 - <<'PY'
import json
d = json.load(open('icann-ssr.json', encoding='utf-8'))
for n in d['nodes']:
    if n['id'] == 'agr-aptld-2015':
        n['date'] = '2015-06-01'
d['edges'] = [e for e in d['edges'] if not (e['from'] == 'crain' and e['kind'] == 'member_of')]
json.dump(d, open('new2.json', 'w', encoding='utf-8'), ensure_ascii=False)
PY
set +e
"$bin" diff icann-ssr.json new2.json >out 2>err
rc=$?
set -e
[ $rc -eq 1 ] || fail "exit $rc"
grep -q '^Relationship removed: John Crain is a member of Domain Name System Operations Analysis and Research Center (DNS-OARC) (role: Board of Directors) \[member_of\]\.$' out ||
  fail "relationship removed not told: $(cat out)"
grep -q '^Agreement changed: .*\[agr-aptld-2015\]: date: 2015-.* -> 2015-06-01\.$' out || fail "date change not told: $(cat out)"
grep -q '^Coverage changed: .*\[dns-oarc\]: informal -> unknown\.$' out || fail "dns-oarc status: $(cat out)"

# errors: exit 2, positioned
echo '{"relgraph": 1,' >broken.json
set +e
"$bin" diff icann-ssr.json broken.json >out 2>err
rc=$?
set -e
[ $rc -eq 2 ] || fail "a broken catalogue exited $rc, expected 2"
grep -q '^broken.json:' err || fail "error not positioned: $(cat err)"
set +e
"$bin" diff icann-ssr.json >out 2>err
rc=$?
set -e
[ $rc -eq 2 ] || fail "one file exited $rc"

# another domain: the board catalogue's words (licence, condition, director)
cp "$src/tests/domains/boards/boards.json" "$src/tests/domains/boards/schema.json" .
python3 - <<'PY'
import json
d = json.load(open('boards.json', encoding='utf-8'))
d['nodes'] = [n for n in d['nodes'] if n['id'] != 'cond-greyholt-liquidity']
d['edges'] = [e for e in d['edges'] if 'cond-greyholt-liquidity' not in (e['from'], e['to'])]
for e in d['edges']:
    if e['from'] == 'd-okafor' and e['to'] == 'co-dunmore' and e['kind'] == 'sits_on':
        e['to'] = 'co-birchwell'
json.dump(d, open('boards2.json', 'w', encoding='utf-8'), ensure_ascii=False)
PY
set +e
"$bin" diff boards.json boards2.json >out 2>err
set -e
cat >want <<'TXT'
Condition removed: Greyholt liquidity condition [cond-greyholt-liquidity], from Greyholt Group plc banking licence (BK-0019) [lic-greyholt].
Director moved: Ruth Okafor [d-okafor] moved from Dunmore Credit Union [co-dunmore] to Birchwell Insurance Ltd [co-birchwell] (sits on the board of).
Coverage changed: Dunmore Credit Union [co-dunmore]: informal -> unknown.
Coverage changed: Greyholt Group plc [co-greyholt]: condition -> no-condition.
4 changes: 0 added, 1 removed, 3 changed
TXT
diff -u want out || fail "boards diff differs"
echo "diff: the three changes and the status change, both ways, JSON, render diff, equal, errors, boards"
