#!/bin/bash
# The C code names no kind, attribute or word of the ICANN schema (issue 7,
# item 1).  How it finds them: every node kind, edge kind, attribute name,
# attribute value and role binding (words included) declared in
# graphs/schema.json is a "schema name"; every string literal in src/ (not
# comments) is compared with them.  A literal that equals one is a fault,
# unless it is in the allow-list below, each with its reason: words that
# name parts of the catalogue FORMAT (docs/format.md) or the JSON output,
# not of the ICANN schema.  Usage: test_no_icann_names.sh RELGRAPH SOURCE_DIR
set -u
src=$2
python3 - "$src" <<'PY'
import json, re, sys, glob, os
src = sys.argv[1]
schema = json.load(open(os.path.join(src, "graphs/schema.json")))
names = set(schema["node_kinds"]) | set(schema["edge_kinds"])
for k in list(schema["node_kinds"].values()) + list(schema["edge_kinds"].values()):
    for a, d in k.get("attributes", {}).items():
        names.add(a)
        names |= set(d.get("values", []))
for k, v in schema.get("roles", {}).items():
    if k == "words":
        names |= set(v.values())
    elif isinstance(v, list):
        names |= set(v)
    else:
        names.add(v)
# Format and output words that coincide with ICANN names, and why they may
# stand in C:
allow = {
    "description": "a key of the schema format (docs/format.md)",
    "title": "a key of the catalogue format, and of the JSON output",
    "source": "a key of a citation in the catalogue format",
    "note": "a key of a dispute in the catalogue format",
    "date": "the name of a value type in the schema format",
    "text": "a column name of results (the sentence of a row)",
    "count": "a key of the JSON output (how many)",
    "as_of": "the catalogue format's top-level key and the analyses' parameter",
    "file": "a key of an error in the JSON output",
    "public": "the --audience value of the command line",
    "internal": "the --audience value of the command line",
    "unknown": "a plain English default word (rg_word) when a schema binds none",
    "informal": "a plain English default word (rg_word) when a schema binds none",
    "document-unknown": "a plain English default word (rg_word) when a schema binds none",
    "counterparty": "a plain English default word (rg_word) when a schema binds none",
    "start": "a key of a date span in the JSON output",
    "end": "a key of a date span in the JSON output",
    "none": "a Graphviz attribute value (arrowhead=none: a folded agreement has no direction)",
}
# Literals allowed in one file only: the names of render's views, which are
# the command line's interface ('relgraph render region NAME').
allow_in = {
    ("region", "src/cli/cmd_render.c"): "the render view 'region NAME'",
    ("person", "src/cli/cmd_render.c"): "the render view 'person NAME'",
    ("agreement", "src/analysis/rg_clusters.c"): "the English word for how far two partitions agree (NMI, adjusted Rand)",
    ("clause", "src/analysis/rg_gaps.c"): "the English noun of gaps' sentences ('text located; no SSR clause')",
}
bad = []
for f in sorted(glob.glob(os.path.join(src, "src/**/*.[ch]"), recursive=True)):
    text = open(f, encoding="utf-8").read()
    text = re.sub(r"/\*.*?\*/", lambda m: "\n" * m.group(0).count("\n"), text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    for i, line in enumerate(text.split("\n"), 1):
        for lit in re.findall(r'"((?:[^"\\\n]|\\.)*)"', line):
            rel = os.path.relpath(f, src)
            if lit in names and lit not in allow and (lit, rel) not in allow_in:
                bad.append(f"{os.path.relpath(f, src)}:{i}: \"{lit}\" is a name of the ICANN schema")
for b in bad:
    print(b)
if bad:
    print(f"FAIL: {len(bad)} literal(s); bind them through the schema's roles instead")
    sys.exit(1)
print(f"ok: no string literal in src/ is one of the {len(names)} ICANN schema names")
PY
