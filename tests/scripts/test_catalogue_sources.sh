#!/bin/sh
# The default catalogue against its sources (../shared/seeds/): every quote
# a citation gives stands in the lines it names; every row of the 002 table
# (1-60) is held by a counterparty; every counterparty has exactly one region.
# Usage: test_catalogue_sources.sh RELGRAPH SOURCE_ROOT
set -eu
bin=$1
root=$2
seeds=$root/../shared/seeds
if [ ! -d "$seeds" ]; then
  echo "no $seeds: the source documents are needed beside the checkout" >&2
  exit 1
fi
"$bin" check >/dev/null
python3 - "$root/graphs/icann-ssr.json" "$seeds" <<'PY'
import json, re, sys
cat, seeds = sys.argv[1], sys.argv[2]
g = json.load(open(cat))
files = {n["id"]: n["file"] for n in g["nodes"] if n["kind"] == "source"}
text = {}
def lines(f):
    if f not in text:
        text[f] = open(f"{seeds}/{f}", encoding="utf-8").read().split("\n")
    return text[f]
norm = lambda s: re.sub(r"\s+", " ", s.replace("\u00a0", " ")).strip()
checked = bad = 0
def cites(el):
    yield from el.get("cite", [])
    for d in el.get("disputes", []):
        yield from d.get("cite", [])
for el in g["nodes"] + g.get("edges", []):
    for c in cites(el):
        q, at = c.get("quote"), c.get("at", "")
        m = re.search(r"lines? (\d+)(?:-(\d+))?", at)
        if not q or not m:
            continue
        a = int(m.group(1)); b = int(m.group(2) or a)
        ls = lines(files[c["source"]])
        span = norm(" ".join(ls[a - 1:b]))
        # a quote may stop mid-word where the table wrapped a line ("pita-mou-")
        if norm(q) not in span and norm(q).replace("- ", "-") not in span.replace("- ", "-"):
            bad += 1
            print(f"quote not in {files[c['source']]} {at}: {q[:80]!r}", file=sys.stderr)
        checked += 1
rows = set()
region = {}
for e in g.get("edges", []):
    if e["kind"] == "in_region":
        region.setdefault(e["from"], []).append(e["to"])
for n in g["nodes"]:
    if n.get("counterparty"):
        for r in n.get("catalogue_rows", []):
            rows.add(int(r.split()[1]))
        if len(region.get(n["id"], [])) != 1:
            bad += 1
            print(f"counterparty {n['id']} has {len(region.get(n['id'], []))} regions", file=sys.stderr)
missing = sorted(set(range(1, 61)) - rows)
if missing:
    bad += 1
    print(f"rows of the 002 table held by no counterparty: {missing}", file=sys.stderr)
if checked < 300:
    bad += 1
    print(f"only {checked} quotes with line numbers: expected the catalogue to cite far more", file=sys.stderr)
print(f"{checked} quotes checked against their lines; rows 1-60 all held; {bad} problems")
sys.exit(1 if bad else 0)
PY
