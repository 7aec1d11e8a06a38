"""How close is the catalogue `relgraph import table` makes from the review
team's table to the hand-built default catalogue?  Runs `gaps` on both and
matches counterparties by name (the row's Relationship against the default's
name, short name and aliases, compared loosely), then prints each status that
differs and the totals.  Usage: table_vs_default.py RELGRAPH IMPORTED.json
DEFAULT.json [--min-same N]  (exit 1 when fewer than N statuses agree)"""
import json, re, subprocess, sys

rg, imp, dflt = sys.argv[1:4]
min_same = int(sys.argv[sys.argv.index("--min-same") + 1]) if "--min-same" in sys.argv else 0


def gaps(path):
    r = subprocess.run([rg, "--graph", path, "gaps", "--format", "json"], capture_output=True, check=True)
    t = json.loads(r.stdout)["result"]["tables"]["counterparties"]
    return {row["id"]: row for row in t["rows"]}


def norm(s):
    s = re.sub(r"\([^)]*\)", " ", s.lower())
    return " ".join(w for w in re.sub(r"[^a-z0-9]+", " ", s).split() if w != "the")


cat = json.load(open(dflt))
names = {}
for n in cat["nodes"]:
    for s in [n["name"], n.get("short_name", "")] + n.get("aliases", []):
        if s:
            names.setdefault(norm(s), n["id"])
gi, gd = gaps(imp), gaps(dflt)
imported = {n["id"]: n for n in json.load(open(imp))["nodes"]}
same, diff, unmatched = 0, [], []
matched = set()
for i, row in sorted(gi.items()):
    n = imported[i]
    key = next((names[norm(s)] for s in [n["name"], n.get("short_name", "")] if s and norm(s) in names), None)
    if key is None or key not in gd:
        unmatched.append(n["name"])
        continue
    matched.add(key)
    if gd[key]["status"] == row["status"]:
        same += 1
    else:
        diff.append((n["name"], row["status"], gd[key]["status"]))
print("imported: %d counterparties; default: %d; matched by name: %d" % (len(gi), len(gd), len(matched)))
print("same status: %d of %d matched" % (same, len(matched)))
for name, a, b in diff:
    print("  differs: %-60.60s import %-16s default %s" % (name, a, b))
for name in unmatched:
    print("  not in the default catalogue by that name: %s" % name)
for k in sorted(set(gd) - matched):
    print("  only in the default catalogue: %s (%s)" % (gd[k]["name"], gd[k]["status"]))
sys.exit(0 if same >= min_same else 1)
