#!/usr/bin/env bash
# Import and export (issue 11): each export opens in its tool with the same
# counts and attributes (export_check.py); the import of each export gives
# the same graph back (catalogue_compare.py), on the default catalogue and
# on the boards domain; the review team's table imports into a catalogue
# whose gaps statuses match the hand-built one's; hostile text survives
# every format; a failed import writes nothing; output is deterministic.
# Usage: test_import_export.sh RELGRAPH SOURCE_DIR
set -u
bin=$1
src=$2
py=/usr/bin/python3
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
say() { echo "$@"; }
bad() { echo "FAIL: $*"; fail=1; }

check_one() { # CATALOGUE SCHEMA NAME
  local cat=$1 schema=$2 name=$3 d="$work/$3"
  mkdir -p "$d"
  $py "$src/tests/scripts/export_check.py" "$bin" "$cat" "$d" || bad "$name: exports"
  title=$($py -c 'import json,sys; print(json.load(open(sys.argv[1])).get("title",""))' "$cat")
  # Neo4j CSV -> import nodes
  "$bin" --graph "$cat" export neo4j -o "$d/neo" || bad "$name: export neo4j"
  "$bin" import nodes "$d/neo/nodes.csv" --edges "$d/neo/relationships.csv" --schema "$schema" \
    --title "$title" -o "$d/from-neo4j.json" || bad "$name: import nodes"
  $py "$src/tests/scripts/catalogue_compare.py" "$cat" "$d/from-neo4j.json" || bad "$name: neo4j round trip"
  # DOT -> import dot (the catalogue's schema, then the minimal one)
  "$bin" --graph "$cat" export dot -o "$d/x.gv" || bad "$name: export dot"
  "$bin" import dot "$d/x.gv" --schema "$schema" -o "$d/from-dot.json" || bad "$name: import dot"
  $py "$src/tests/scripts/catalogue_compare.py" "$cat" "$d/from-dot.json" || bad "$name: dot round trip"
  "$bin" import dot "$d/x.gv" -o "$d/from-dot-min.json" || bad "$name: import dot (minimal)"
  "$bin" check "$d/from-dot-min.json" >/dev/null || bad "$name: minimal dot catalogue fails check"
  $py "$src/tests/scripts/catalogue_compare.py" "$cat" "$d/from-dot-min.json" --totals=1 || bad "$name: minimal dot counts"
  # node-link JSON -> plain CSV lists, as a notebook would write them -> import nodes
  "$bin" --graph "$cat" export json -o "$d/x.json" || bad "$name: export json"
  $py - "$d/x.json" "$d" <<'PY' || bad "$name: node-link to CSV"
import csv, json, sys
g = json.load(open(sys.argv[1]))
def rows(items, first):
    keys = list(first)
    for it in items:
        for k in it:
            if k not in keys and k != "key":
                keys.append(k)
    out = []
    for it in items:
        r = []
        for k in keys:
            v = it.get(k)
            if v is None: r.append("")
            elif k == "cite": r.append(json.dumps(v))
            elif isinstance(v, bool): r.append("true" if v else "false")
            elif isinstance(v, list): r.append(";".join(v))
            else: r.append(str(v) if not isinstance(v, float) or v != int(v) else str(int(v)))
        out.append(r)
    return keys, out
for name, items, first in (("n.csv", g["nodes"], ["id", "kind", "name"]),
                           ("e.csv", g["links"], ["source", "target", "kind"])):
    keys, out = rows(items, first)
    keys = ["from" if k == "source" else "to" if k == "target" else k for k in keys]
    with open(sys.argv[2] + "/" + name, "w", newline="") as f:
        w = csv.writer(f); w.writerow(keys); w.writerows(out)
PY
  "$bin" import nodes "$d/n.csv" --edges "$d/e.csv" --schema "$schema" --title "$title" \
    -o "$d/from-json.json" || bad "$name: import of the node-link lists"
  $py "$src/tests/scripts/catalogue_compare.py" "$cat" "$d/from-json.json" || bad "$name: json round trip"
  # deterministic
  for f in graphml gexf json dot; do
    "$bin" --graph "$cat" export $f > "$d/a.$f"; "$bin" --graph "$cat" export $f > "$d/b.$f"
    cmp -s "$d/a.$f" "$d/b.$f" || bad "$name: export $f differs between two runs"
  done
}

check_one "$src/graphs/icann-ssr.json" "$src/graphs/schema.json" icann
check_one "$src/tests/domains/boards/boards.json" "$src/tests/domains/boards/schema.json" boards

# The review team's table (seed 002, 60 rows) and its counterparts in the
# hand-built catalogue: 53 of the 54 counterparties found by name have the
# same gaps status when this was written; fewer than 50 is a regression.
t="$src/tests/fixtures/import/ssr-table.csv"
"$bin" import table "$t" -o "$work/table.json" || bad "import table"
"$bin" check "$work/table.json" || bad "the imported table fails check"
$py "$src/tests/scripts/table_vs_default.py" "$bin" "$work/table.json" "$src/graphs/icann-ssr.json" \
  --min-same 50 || bad "import table: statuses far from the default catalogue's"
"$bin" import table "$t" -o "$work/table2.json"
cmp -s "$work/table.json" "$work/table2.json" || bad "import table is not deterministic"
# The same on another domain's schema (boards: licences, conditions).
"$bin" import table "$src/tests/fixtures/import/boards-register.csv" \
  --schema "$src/tests/domains/boards/schema.json" --party capacity=licensee \
  --hub-party capacity=issuer -o "$work/boards-table.json" || bad "import table (boards)"
out=$("$bin" --graph "$work/boards-table.json" gaps 2>&1) || bad "gaps on the boards table: $out"
echo "$out" | grep -q "totals: condition 2, no-condition 1, licence-unpublished 1, informal 0, unknown 1" ||
  bad "boards table: unexpected gaps totals: $(echo "$out" | grep totals)"

# A failed import writes nothing: an existing output keeps its bytes, no
# temporary file is left, a new output is not created.
printf 'keep me\n' > "$work/old.json"
printf 'Relationship,Documentation,SSR-related elements\n,"x, 2015",None.\n' > "$work/bad.csv"
"$bin" import table "$work/bad.csv" -o "$work/old.json" 2>/dev/null && bad "bad table accepted"
[ "$(cat "$work/old.json")" = "keep me" ] || bad "a failed import changed its output file"
"$bin" import table "$work/bad.csv" -o "$work/new.json" 2>/dev/null
[ -e "$work/new.json" ] && bad "a failed import created its output file"
ls "$work" | grep -q tmp && bad "a temporary file was left behind"

# Hostile text: markup, quotes, backslashes (one at the very end), control
# characters, a noncharacter, newlines.  CSV and DOT keep it exactly (the
# round trips above on this catalogue); XML holds it well-formed, with the
# characters XML 1.0 cannot hold replaced by U+FFFD.
$py - "$src/tests/domains/boards/schema.json" "$work/hostile.json" <<'PY'
import json, sys
schema = json.load(open(sys.argv[1]))
nasty = ['<script>alert("x")</script> & \'q\'', 'a\\', 'tab\tnew\nline\r', '\\N \\G \\l {a -> b}',
         'ctl \u0001\u001b[31m', 'nonchar \ufffe end', ']]> --> <!-- &amp; &#38;', '"; DROP ;"']
nodes = [{"id": "f", "kind": "filing", "name": "filing", "filename": "f.csv"}]
for i, s in enumerate(nasty):
    nodes.append({"id": "c%d" % i, "kind": "company", "name": s, "aliases": [s.replace(";", ",") + " alias"],
                  "description": s, "cite": [{"source": "f", "at": s, "quote": s}]})
edges = [{"from": "c%d" % i, "to": "c%d" % (i + 1), "kind": "controls", "stake": nasty[i],
          "cite": [{"source": "f", "at": "row %d" % i}]} for i in range(len(nasty) - 1)]
json.dump({"relgraph": 1, "title": nasty[0], "schema": schema, "nodes": nodes, "edges": edges},
          open(sys.argv[2], "w"))
PY
"$bin" check "$work/hostile.json" >/dev/null || bad "hostile catalogue does not load"
cp "$src/tests/domains/boards/schema.json" "$work/schema.json"
check_one "$work/hostile.json" "$work/schema.json" hostile
$py - "$bin" "$work/hostile.json" <<'PY' || bad "hostile: XML"
import subprocess, sys, networkx as nx, xml.dom.minidom as md
for f in ("graphml", "gexf"):
    out = subprocess.run([sys.argv[1], "--graph", sys.argv[2], "export", f], capture_output=True).stdout
    md.parseString(out)  # well-formed, or an exception
    p = "/tmp/hostile-%d.%s" % (id(out), f)
    open(p, "wb").write(out)
    G = nx.read_graphml(p) if f == "graphml" else nx.read_gexf(p)
    names = {n: d["name"] for n, d in G.nodes(data=True)}
    assert names["c0"] == '<script>alert("x")</script> & \'q\'', names["c0"]
    assert names["c1"] == "a\\" and names["c2"] == "tab\tnew\nline\r", (names["c1"], names["c2"])
    assert names["c4"] == "ctl \ufffd\ufffd[31m" and names["c5"] == "nonchar \ufffd end", names["c4"]
PY
[ $fail -eq 0 ] && say "ok: exports open in NetworkX/igraph/Graphviz; neo4j, dot and json round trips; table import; failed imports write nothing; hostile text"
exit $fail
