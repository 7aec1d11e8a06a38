#!/usr/bin/env bash
# test_domain_boards.sh: every relgraph command on the board-interlock catalogue (tests/domains/boards), run
# with no option beyond --graph (plus --format json, and -o / --audience public where a command
# writes an artefact), its answers checked against the hand count in
# tests/domains/boards/HANDCOUNT.md.  The expected values below are that hand count.
#
# Usage: test_domain_boards.sh RELGRAPH SOURCE_DIR.  Exit 0 when every check passes, 1 otherwise; each failed
# check prints one "FAIL:" line.
#
# Issue 7: every analysis, view and the public report on a catalogue of another domain, with no
# option beyond --graph; the hand count is the expected answer, and no public artefact may name the
# restricted director.
set -u
BIN=${1:?usage: test_domain_boards.sh RELGRAPH SOURCE_DIR}
SRC=${2:?usage: test_domain_boards.sh RELGRAPH SOURCE_DIR}
CAT=$SRC/tests/domains/boards/boards.json
RESTRICTED=Restrictedname # d-restricted, the one node whose clearance is "restricted"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
failures=0

fail() {
    echo "FAIL: $*"
    failures=$((failures + 1))
}

# rg NAME ARGS...: runs relgraph on the catalogue; stdout to $TMP/NAME.out, stderr to
# $TMP/NAME.err; fails the check when the exit status is not 0.
rg() {
    local name=$1
    shift
    "$BIN" --graph "$CAT" "$@" >"$TMP/$name.out" 2>"$TMP/$name.err"
    local rc=$?
    if [ $rc -ne 0 ]; then
        fail "$name: relgraph $* exited $rc: $(head -c 300 "$TMP/$name.err")"
        return 1
    fi
    return 0
}

# ---- JSON accessors, in one place --------------------------------------------------------------
# The output format is moving to one envelope: {"command", "catalogue", "sha256", "as_of",
# "options", "result": {... tables as arrays of row objects ...}}.  Everything that knows the
# shape of the output is here; the checks below only name tables and columns.
cat >"$TMP/rgjson.py" <<'EOF'
import json, re, sys

# Entities of the catalogue (alias edges "may_be"): member -> representative (HANDCOUNT.md,
# "Conventions").  An answer may name either member; checks compare representatives.
ENTITY = {"co-fernhill-hold": "co-fernhill", "lic-juniper-2": "lic-juniper"}

failures = []

def check(cond, msg):
    if not cond:
        failures.append(msg)
    return cond

def done(name):
    for m in failures:
        print("FAIL: %s: %s" % (name, m))
    sys.exit(1 if failures else 0)

def ent(i):
    return ENTITY.get(i, i)

def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)

def result(doc):
    """The result object: the envelope's "result", or (older output) the document itself."""
    if isinstance(doc, dict) and isinstance(doc.get("result"), dict):
        return doc["result"]
    return doc

def as_of(doc):
    """The date the answer is for, or None."""
    return doc.get("as_of") if isinstance(doc, dict) else None

def notes(doc):
    r = result(doc)
    out = list(r.get("notes") or [])
    if r is not doc:
        out += list(doc.get("notes") or [])
    return out

def tables(doc):
    """Every table of the result: name -> list of row objects."""
    r = result(doc)
    if isinstance(r.get("tables"), dict):
        r = {k: v["rows"] if isinstance(v, dict) and "rows" in v else v
             for k, v in r["tables"].items()}
    return {k: v for k, v in r.items()
            if isinstance(v, list) and all(isinstance(x, dict) for x in v)}

def table(doc, *names):
    """The first table of NAMES the result has; None (and a failed check) when none is."""
    t = tables(doc)
    for n in names:
        if n in t:
            return t[n]
    check(False, "no table %s (it has: %s)" % (" or ".join(names), ", ".join(sorted(t))))
    return None

def col(row, *names, default=None):
    for n in names:
        if n in row:
            return row[n]
    return default

def bare(i):
    """An id as an answer names it, without what follows it: "co-fernhill (= co-fernhill-hold)"
    (the members of a merged entity) or "doc (2)" (how many)."""
    return re.sub(r" \(.*\)$", "", i) if isinstance(i, str) else i

def idlist(v):
    """A list of ids: an array, or (older output) a string joined with ", " or "; "."""
    if v is None:
        return []
    if isinstance(v, list):
        return [bare(x if isinstance(x, str) else x.get("id")) for x in v]
    return [bare(s.strip()) for s in re.split(r"[;,]", str(v)) if s.strip()]

def number(doc, keys, note_re=None):
    """A count: a number of the result under one of KEYS (also inside "totals"), else one read
    from the notes with NOTE_RE (older output kept totals in prose)."""
    r = result(doc)
    for scope in (r, r.get("totals") if isinstance(r.get("totals"), dict) else {}):
        for k in keys:
            if isinstance(scope.get(k), (int, float)) and not isinstance(scope.get(k), bool):
                return scope[k]
    if note_re:
        for n in notes(doc):
            m = re.search(note_re, n)
            if m:
                return int(m.group(1))
    return None
EOF

# py NAME: runs the Python check read from stdin with the accessors above.
py() {
    PYTHONPATH="$TMP" python3 - || failures=$((failures + 1))
}

# ---- check, stats ------------------------------------------------------------------------------
rg check check
rg check-json check --format json && py <<EOF
from rgjson import *
try: load("$TMP/check-json.out")
except ValueError as e: check(False, "not JSON: %s" % e)
done("check --format json")
EOF

# HANDCOUNT.md, "stats": 48 nodes, 59 edges.
rg stats stats --format json && py <<EOF
from rgjson import *
d = load("$TMP/stats.out"); r = result(d)
for key, want in (("nodes", 48), ("edges", 59)):
    v = r.get(key)
    if isinstance(v, dict): v = v.get("total", sum(x for x in v.values() if isinstance(x, int)))
    check(v == want, "%s: %r, hand count %d" % (key, v, want))
done("stats")
EOF

# ---- gaps --------------------------------------------------------------------------------------
# HANDCOUNT.md, "gaps": the status of each licensee, the totals by market, the old licences.
rg gaps gaps --format json && py <<EOF
from rgjson import *
want = {"co-aldergate": "condition", "co-birchwell": "no-condition",
        "co-copperfield": "licence-unpublished", "co-dunmore": "informal",
        "co-elmstead": "unknown", "co-fernhill": "informal", "co-greyholt": "condition",
        "co-greyholt-pay": "unknown", "co-ivybridge": "condition", "co-juniper": "no-condition"}
d = load("$TMP/gaps.out")
text = open("$TMP/gaps.out", encoding="utf-8").read()
check(not re.search(r"ssr", text, re.I), "ICANN's words (SSR, ssr-clause) in the answer")
rows = table(d, "licensees", "counterparties") or []
got = {ent(col(r, "id")): col(r, "status") for r in rows}
check(got == want, "statuses %s, hand count %s" % (
    {k: v for k, v in got.items() if want.get(k) != v}, {k: v for k, v in want.items() if got.get(k) != v}))
for r in rows:
    if ent(col(r, "id")) == "co-juniper":
        n = col(r, "licences", "agreements")
        check(n == 1, "co-juniper has %r licences; hand count 1 (one licence listed twice)" % n)
# by market
want_by = {"Northland Exchange Growth Market": {"condition": 1, "no-condition": 0, "licence-unpublished": 1, "informal": 1, "unknown": 2, "total": 5},
           "Northland Exchange Main Market": {"condition": 2, "no-condition": 2, "licence-unpublished": 0, "informal": 0, "unknown": 0, "total": 4},
           None: {"condition": 0, "no-condition": 0, "licence-unpublished": 0, "informal": 1, "unknown": 0, "total": 1}}
by = table(d, "by_market", "by_group", "by_region") or []
got_by = {}
for r in by:
    g = col(r, "market", "group", "region")
    g = None if g is None or str(g).startswith("(") else g
    got_by[g] = {k: col(r, k) for k in want_by[None]}
check(got_by == want_by, "by market %s, hand count %s" % (got_by, want_by))
old = table(d, "old_licences", "old_agreements") or []
old_ids = sorted(ent(col(r, "id")) for r in old)
check(old_ids == ["lic-birchwell", "lic-copperfield", "lic-greyholt", "lic-juniper"],
      "old licences %s; hand count lic-birchwell, lic-copperfield, lic-greyholt, lic-juniper (once)" % old_ids)
done("gaps")
EOF

# ---- risks -------------------------------------------------------------------------------------
# HANDCOUNT.md, "risks": the people and bodies whose loss cuts licensees off the NFSA, the
# single-licence dependencies (the class licence and the statute are none), 1 not connected.
rg risks risks --format json && py <<EOF
from rgjson import *
want_cuts = {"d-okafor": {"co-dunmore", "co-fernhill"}, "co-greyholt": {"co-greyholt-pay"}}
want_lic = {"lic-juniper": {"co-juniper"}}
d = load("$TMP/risks.out")
node_kinds = {"company", "director", "regulator", "panel", "market", "condition", "filing"}
cuts, lic = {}, {}
for name, rows in tables(d).items():
    for r in rows:
        k, i = col(r, "kind"), col(r, "id")
        if i is None or k is None:
            continue
        check(k not in ("cites", "may_be"), "%s: a row of edge kind %s (%s)" % (name, k, i))
        off = col(r, "licensees", "counterparties", "cut_off_ids", "cuts_off")
        if off is None or isinstance(off, (int, float)):
            continue
        if k in node_kinds:
            cuts.setdefault(ent(i), set()).update(ent(x) for x in idlist(off))
for r in table(d, "single") or []:
    # one row per counterparty tied by one agreement; the agreement's column is named by the
    # schema's agreement kind ("licence")
    lic.setdefault(ent(bare(col(r, "licence", "agreement"))), set()).add(ent(col(r, "id")))
check(cuts == want_cuts, "people and bodies %s; hand count %s" % (cuts, want_cuts))
check(lic == want_lic, "licence dependencies %s; hand count %s (not the class licence, not the statute)" % (lic, want_lic))
n = number(d, ("not_connected", "unreached"), r"(\d+) not connected")
check(n == 1, "not connected: %r; hand count 1 (co-elmstead)" % n)
done("risks")
EOF

# ---- interlocks --------------------------------------------------------------------------------
# HANDCOUNT.md, "interlocks": pairs by shared directors with weights (all time, and on
# 2024-06-30, the date the catalogue gives), shared licences and shared programmes apart.
rg interlocks interlocks --format json && py <<EOF
from rgjson import *
people_all = {("co-aldergate", "co-greyholt"): 2, ("co-birchwell", "co-copperfield"): 2,
              ("co-birchwell", "co-hollins"): 1, ("co-dunmore", "co-fernhill"): 1,
              ("co-dunmore", "reg-nfsa"): 1, ("co-fernhill", "reg-nfsa"): 1}
people_2024 = {("co-aldergate", "co-greyholt"): 2, ("co-birchwell", "co-copperfield"): 1,
               ("co-dunmore", "co-fernhill"): 1, ("co-dunmore", "reg-nfsa"): 1,
               ("co-fernhill", "reg-nfsa"): 1}
members_all = {"d-okafor": 3, "d-abara": 2, "d-castell": 2, "d-varga": 2, "d-lindqvist": 2,
               "d-restricted": 2, "d-pryce": 2}
members_2024 = {"d-okafor": 3, "d-castell": 2, "d-varga": 2, "d-restricted": 2}
licences = {("co-aldergate", "reg-nfsa"): 1, ("co-birchwell", "reg-nfsa"): 1,
            ("co-copperfield", "reg-nfsa"): 1, ("co-greyholt", "reg-nfsa"): 1,
            ("co-ivybridge", "reg-nfsa"): 1, ("co-juniper", "reg-nfsa"): 1,
            ("co-copperfield", "reg-nmc"): 1}
programmes = {("co-aldergate", "co-copperfield"): 1}
d = load("$TMP/interlocks.out")
day = as_of(d)
if day is None:
    want_people, want_members = people_all, members_all
elif str(day).startswith("2024-06-30"):
    want_people, want_members = people_2024, members_2024
else:
    check(False, "as_of %r; the hand count is for 2024-06-30 (or all time)" % day)
    want_people, want_members = people_all, members_all
def pairs(rows):
    out = {}
    for r in rows or []:
        a, b = sorted((ent(col(r, "a")), ent(col(r, "b"))))
        out[(a, b)] = col(r, "weight")
    return out
got = pairs(table(d, "pairs", "people", "shared_people", "pairs_people"))
check(got == want_people, "pairs by shared directors %s; hand count %s" % (
    {k: v for k, v in got.items() if want_people.get(k) != v},
    {k: v for k, v in want_people.items() if got.get(k) != v}))
got = pairs(table(d, "agreement_pairs", "licences", "agreements", "shared_licences"))
# the hub's pairs with one agreement partner are summed up in one row: each partner, with
# " (N)" when they share more than one
for r in table(d, "hub_partners") or []:
    for item in col(r, "with", default=[]):
        m = re.match(r"(\S+)(?: \((\d+)\))?$", item)
        got[tuple(sorted((ent(col(r, "hub")), ent(m.group(1)))))] = int(m.group(2) or 1)
check(got == licences, "pairs by shared licences %s; hand count %s" % (got, licences))
got = pairs(table(d, "programme_pairs", "programmes", "shared_programmes"))
check(got == programmes, "pairs by shared programmes %s; hand count %s" % (got, programmes))
got = {col(r, "id"): col(r, "bodies") for r in table(d, "members") or []}
got = {k: (len(v) if isinstance(v, list) else v) for k, v in got.items()}
check(got == want_members, "members of two or more bodies %s; hand count %s" % (got, want_members))
done("interlocks")
EOF

# ---- clusters ----------------------------------------------------------------------------------
# HANDCOUNT.md, "clusters": the markets and their members (communities are not hand counted).
rg clusters clusters --format json && py <<EOF
from rgjson import *
want = {"Northland Exchange Growth Market": {"co-copperfield", "co-elmstead", "co-fernhill", "co-greyholt-pay", "co-ivybridge"},
        "Northland Exchange Main Market": {"co-aldergate", "co-birchwell", "co-greyholt", "co-juniper"}}
names = {"mkt-growth": "Northland Exchange Growth Market", "mkt-main": "Northland Exchange Main Market"}
d = load("$TMP/clusters.out")
got = {}
for r in table(d, "markets", "groups", "regions") or []:
    g = col(r, "market", "group", "region", "name")
    g = names.get(g, g)
    if g in want:
        got[g] = {ent(x) for x in idlist(col(r, "members"))}
check(got == want, "markets %s; hand count %s" % (got, want))
done("clusters")
EOF

rg central central --format json && py <<EOF
from rgjson import *
try: load("$TMP/central.out")
except ValueError as e: check(False, "not JSON: %s" % e)
done("central")
EOF

# ---- audit -------------------------------------------------------------------------------------
# HANDCOUNT.md, "audit": 1 source conflict, 1 identifier mismatch (told apart), 2 may-be pairs,
# 1 licensee with no market, 1 licence not published; no duplicate, nothing without a source.
rg audit audit --format json && py <<EOF
from rgjson import *
d = load("$TMP/audit.out")
rows = table(d, "findings") or []
check(len(rows) == 6, "%d findings; hand count 6" % len(rows))
def about(pred):
    return [r for r in rows if pred(str(col(r, "id", default="")))]
def kind(r):
    return str(col(r, "finding", "type", default=""))
conflict = about(lambda i: i == "lic-aldergate")
mismatch = about(lambda i: i == "lic-birchwell")
if check(len(conflict) == 1 and len(mismatch) == 1, "lic-aldergate %d, lic-birchwell %d findings; hand count 1 each" % (len(conflict), len(mismatch))):
    check(kind(conflict[0]) != kind(mismatch[0]), "the grant-date conflict and the address-name mismatch are both '%s'" % kind(conflict[0]))
    check(re.search(r"ident|mismatch|address|url", kind(mismatch[0]), re.I), "lic-birchwell is a '%s', not an identifier mismatch" % kind(mismatch[0]))
check(len(about(lambda i: "fernhill" in i)) == 1, "Fernhill: %d findings; hand count 1 (the may-be pair)" % len(about(lambda i: "fernhill" in i)))
check(len(about(lambda i: "juniper" in i)) == 1, "Juniper: %d findings; hand count 1 (the licence listed twice)" % len(about(lambda i: "juniper" in i)))
nomkt = about(lambda i: i == "co-dunmore")
if check(len(nomkt) == 1, "co-dunmore: %d findings; hand count 1 (no market)" % len(nomkt)):
    t = str(col(nomkt[0], "text", default=""))
    check("market" in t and "licensee" in t, "co-dunmore's finding says %r, not the schema's words (licensee, market)" % t)
unpub = about(lambda i: i == "lic-copperfield")
check(len(unpub) == 1, "lic-copperfield: %d findings; hand count 1 (not published)" % len(unpub))
for r in rows:
    check(not re.search(r"duplicate|no.?source|unsourced", kind(r)), "unexpected %s finding on %s" % (kind(r), col(r, "id")))
done("audit")
EOF

# ---- links -------------------------------------------------------------------------------------
# HANDCOUNT.md, "links": Juniper to Greyholt, 1 connection of 4 hops (one licence listed twice);
# Dunmore to Copperfield, 3 connections of 4 hops.
for pair in "Juniper|Greyholt|1|4" "Dunmore|Copperfield|3|4"; do
    IFS='|' read -r from to n hops <<<"$pair"
    rg "links-$from" links "$from" "$to" --format json && py <<EOF
from rgjson import *
d = load("$TMP/links-$from.out")
n = number(d, ("connections",))
dist = number(d, ("shortest_hops",))
check(n == $n and dist == $hops, "$from to $to: %r connections of %r hops; hand count $n of $hops" % (n, dist))
done("links $from $to")
EOF
done

# ---- public artefacts --------------------------------------------------------------------------
# HANDCOUNT.md, "audience": no public artefact names the restricted director.
PUB=$TMP/public
mkdir -p "$PUB"
if rg report report --no-pdf --audience public -o "$PUB/report"; then
    [ -s "$TMP/report.err" ] && fail "report: it wrote warnings: $(head -c 300 "$TMP/report.err")"
    html=$PUB/report/report.html
    grep -q "licence-unpublished" "$html" || fail "report: no gaps section (no status 'licence-unpublished')"
    grep -q "Ruth Okafor" "$html" || fail "report: no risks section (Ruth Okafor, the key person, is not named)"
    grep -Eq '[1-9][0-9]* [^.<]*(left out|withheld)' "$html" ||
        fail "report: it does not say that it left out the restricted elements"
fi
views=("overview" "region|Northland Exchange Growth Market" "path|Birchwell|Copperfield" "gaps"
    "person|Ruth Okafor" "around|Birchwell")
for view in "${views[@]}"; do
    IFS='|' read -r -a args <<<"$view"
    for ext in dot svg; do
        rg "render-${args[0]}-$ext" render "${args[@]}" --audience public -o "$PUB/${args[0]}.$ext"
    done
done
rg query-interlocks query -e 'interlocks' --audience public --format json &&
    cp "$TMP/query-interlocks.out" "$PUB/interlocks.json"
rg query-paths query -e 'paths(from: "Birchwell", to: "Copperfield")' --audience public --format json &&
    cp "$TMP/query-paths.out" "$PUB/paths.json"
leaks=$(grep -rl "$RESTRICTED" "$PUB")
[ -n "$leaks" ] && fail "public artefacts name the restricted director: $(echo "$leaks" | sed "s|$PUB/||" | tr '\n' ' ')"
# The search can fail: an internal diagram does name her.
"$BIN" --graph "$CAT" render path Birchwell Copperfield -o - 2>/dev/null | grep -q "$RESTRICTED" ||
    fail "the internal path diagram does not name the restricted director: the search above proves nothing"

if [ $failures -ne 0 ]; then
    echo "$failures check(s) failed; see tests/domains/boards/HANDCOUNT.md"
    exit 1
fi
echo "ok: every answer matches tests/domains/boards/HANDCOUNT.md"
