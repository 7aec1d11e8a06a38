"""Compares two catalogues as graphs: the same nodes (id, kind, name,
aliases, attributes with their values and types, citations) and the same
edges (ends, kind, attributes, citations), counted as multisets.  Disputes
are left out (no export format carries them).  With --counts, only the
number of nodes and edges by kind; with --totals=K, only the number of nodes
(B having K more: the file's own source node) and of edges.  Usage: catalogue_compare.py A B [--counts]
[--ignore-cites] [--ignore-kinds K,...]"""
import collections, json, sys

args = [a for a in sys.argv[1:] if not a.startswith("--")]
flags = [a for a in sys.argv[1:] if a.startswith("--")]
counts = "--counts" in flags
no_cites = "--ignore-cites" in flags
skip = set()
for f in flags:
    if f.startswith("--ignore-kinds="):
        skip = set(f.split("=", 1)[1].split(","))


def load(p):
    c = json.load(open(p))
    nodes = {}
    for n in c["nodes"]:
        if n["kind"] in skip:
            continue
        d = {k: v for k, v in n.items() if k != "disputes" and not (no_cites and k == "cite")}
        nodes[n["id"]] = json.dumps(d, sort_keys=True)
    edges = collections.Counter()
    for e in c["edges"]:
        d = {k: v for k, v in e.items() if k != "disputes" and not (no_cites and k == "cite")}
        edges[json.dumps(d, sort_keys=True)] += 1
    return c, nodes, edges


ca, na, ea = load(args[0])
cb, nb, eb = load(args[1])
extra = 0
for f in flags:
    if f.startswith("--totals"):
        extra = int(f.split("=", 1)[1]) if "=" in f else 0
        n_a, n_b = len(ca["nodes"]), len(cb["nodes"])
        e_a, e_b = len(ca["edges"]), len(cb["edges"])
        if n_a + extra != n_b or e_a != e_b:
            print("differ: %d+%d nodes vs %d; %d edges vs %d" % (n_a, extra, n_b, e_a, e_b))
            sys.exit(1)
        print("same totals: %d nodes (+%d), %d edges" % (n_a, extra, e_a))
        sys.exit(0)
if counts:
    ka = collections.Counter(n["kind"] for n in ca["nodes"])
    kb = collections.Counter(n["kind"] for n in cb["nodes"])
    xa = collections.Counter(e["kind"] for e in ca["edges"])
    xb = collections.Counter(e["kind"] for e in cb["edges"])
    if ka != kb or xa != xb:
        print("differ: nodes %s vs %s; edges %s vs %s" % (dict(ka), dict(kb), dict(xa), dict(xb)))
        sys.exit(1)
    print("same counts: %d nodes, %d edges" % (len(ca["nodes"]), len(ca["edges"])))
    sys.exit(0)
bad = 0
for i in sorted(set(na) | set(nb)):
    if na.get(i) != nb.get(i):
        bad += 1
        if bad <= 5:
            print("node %s:\n  %s\n  %s" % (i, na.get(i), nb.get(i)))
diff = (ea - eb) + (eb - ea)
for e in list(diff)[:5]:
    print("edge only in %s: %s" % (args[0] if ea[e] > eb[e] else args[1], e))
bad += sum(diff.values())
if bad:
    print("%d differences" % bad)
    sys.exit(1)
print("same graph: %d nodes, %d edges (kinds, attributes, citations)" % (len(na), sum(ea.values())))
