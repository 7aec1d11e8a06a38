"""Opens relgraph's exports in the tools they are for and compares them with
the catalogue itself (read here with Python's json module, not relgraph):
GraphML with NetworkX and python-igraph, GEXF and node-link JSON with
NetworkX, the Neo4j CSV files against the layout of docs/import-export.md.
Usage: export_check.py RELGRAPH CATALOGUE WORKDIR"""
import csv, json, os, re, subprocess, sys

import igraph
import networkx as nx

rg, cat_path, work = sys.argv[1:4]
cat = json.load(open(cat_path))
schema = cat["schema"]
if isinstance(schema, str):
    schema = json.load(open(os.path.join(os.path.dirname(cat_path), schema)))
RESERVED = {"id", "kind", "name", "aliases", "cite", "disputes"}
fails = []


def check(cond, what):
    if not cond:
        fails.append(what)


def attr_type(kind, name, nodes=True):
    k = schema["node_kinds" if nodes else "edge_kinds"][kind]
    return k["attributes"][name]["type"]


def expected_node(n):
    """What a typed export should hold for node n: kind, name, attributes."""
    d = {"kind": n["kind"], "name": n["name"]}
    for k, v in n.items():
        if k not in RESERVED:
            d[k] = v
    return d


def expected_edge(e):
    d = {"kind": e["kind"]}
    for k, v in e.items():
        if k not in RESERVED | {"from", "to"}:
            d[k] = v
    return d


def cites(x):
    return [{k: c[k] for k in ("source", "at", "quote") if k in c} for c in x.get("cite", [])]


def nonchar(c):
    o = ord(c)
    return 0xFDD0 <= o <= 0xFDEF or (o & 0xFFFE) == 0xFFFE


def xmlsafe(v, controls=True):
    """What XML 1.0 can hold of v: control characters (but tab, newline,
    carriage return) and noncharacters become U+FFFD, as relgraph writes
    them.  In citations, written as JSON, control characters are escaped
    and survive (controls=False)."""
    if isinstance(v, str):
        return "".join("\ufffd" if nonchar(c) or (controls and ord(c) < 32 and c not in "\t\n\r")
                       else c for c in v)
    if isinstance(v, list):
        return [xmlsafe(x, controls) for x in v]
    if isinstance(v, dict):
        return {k: xmlsafe(x, controls) for k, x in v.items()}
    return v


def run(*args):
    r = subprocess.run([rg, "--graph", cat_path, "export"] + list(args), capture_output=True)
    check(r.returncode == 0, "export %s: exit %d: %s" % (args, r.returncode, r.stderr[:300]))
    return r


def flat(v, sep):
    """A typed value as a format without lists holds it."""
    if isinstance(v, list):
        return sep.join(v)
    return v


def same(got, want, what):
    if isinstance(want, bool) or isinstance(got, bool):
        check(got == want and type(got) == type(want), "%s: %r != %r" % (what, got, want))
    elif isinstance(want, (int, float)):
        check(isinstance(got, (int, float)) and float(got) == float(want),
              "%s: %r != %r" % (what, got, want))
    else:
        check(got == want, "%s: %r != %r" % (what, got, want))


def check_typed(label, nodes_get, edges_get, sep, list_in_attr=False):
    """nodes_get(id) -> dict of attributes; edges_get() -> list of (u, v, dict) in order.
    The formats are XML: values are compared with what XML can hold of them."""
    for n in cat["nodes"]:
        got = nodes_get(n["id"])
        if got is None:
            check(False, "%s: node %s missing" % (label, n["id"]))
            continue
        for k, v in expected_node(n).items():
            same(got.get(k), xmlsafe(flat(v, sep)), "%s: node %s %s" % (label, n["id"], k))
        if "aliases" in n:
            same(got.get("aliases"), xmlsafe(sep.join(n["aliases"])), "%s: node %s aliases" % (label, n["id"]))
        if n.get("cite"):
            same(json.loads(got.get("cite", "[]")), xmlsafe(cites(n), False), "%s: node %s cite" % (label, n["id"]))
    got_edges = edges_get()
    check(len(got_edges) == len(cat["edges"]), "%s: %d edges, catalogue %d" % (label, len(got_edges), len(cat["edges"])))
    for e, (u, v, d) in zip(cat["edges"], got_edges):
        check((u, v) == (e["from"], e["to"]), "%s: edge %s->%s read as %s->%s" % (label, e["from"], e["to"], u, v))
        for k, val in expected_edge(e).items():
            same(d.get(k), xmlsafe(flat(val, sep)), "%s: edge %s->%s %s" % (label, u, v, k))
        if e.get("cite"):
            same(json.loads(d.get("cite", "[]")), xmlsafe(cites(e), False), "%s: edge %s->%s cite" % (label, u, v))


N, E = len(cat["nodes"]), len(cat["edges"])

# GraphML: NetworkX
p = os.path.join(work, "x.graphml")
run("graphml", "-o", p)
G = nx.read_graphml(p, force_multigraph=True)
check(G.number_of_nodes() == N and G.number_of_edges() == E,
      "graphml/networkx: %d nodes %d edges, catalogue %d %d" % (G.number_of_nodes(), G.number_of_edges(), N, E))
order = sorted(G.edges(keys=True, data=True), key=lambda t: int(t[2][1:]))
check_typed("graphml/networkx", lambda i: G.nodes[i] if i in G else None,
            lambda: [(u, v, d) for u, v, k, d in order], "; ")

# GraphML: igraph
ig = igraph.Graph.Read_GraphML(p)
check(ig.vcount() == N and ig.ecount() == E and ig.is_directed(),
      "graphml/igraph: %d nodes %d edges" % (ig.vcount(), ig.ecount()))
byid = {v["id"]: v.attributes() for v in ig.vs}
def ig_node(i):
    if i not in byid:
        return None
    # igraph gives every vertex every attribute: absent ones are "" or NaN
    return {k: v for k, v in byid[i].items() if v not in ("", None) and v == v}
check_typed("graphml/igraph", ig_node,
            lambda: [(ig.vs[e.source]["id"], ig.vs[e.target]["id"],
                      {k: v for k, v in e.attributes().items() if v not in ("", None) and v == v})
                     for e in ig.es], "; ")

# GEXF: NetworkX, and the statuses gaps gives
p = os.path.join(work, "x.gexf")
run("gexf", "-o", p)
G = nx.read_gexf(p)
check(G.number_of_nodes() == N and G.number_of_edges() == E,
      "gexf: %d nodes %d edges, catalogue %d %d" % (G.number_of_nodes(), G.number_of_edges(), N, E))
# NetworkX reads GEXF as a simple graph when no two edges share their ends
gedges = [(u, v, d) for u, v, d in G.edges(data=True)]
gorder = sorted(gedges, key=lambda t: int(t[2]["id"][1:]))
check_typed("gexf", lambda i: G.nodes[i] if i in G else None, lambda: gorder, "|")
gaps = subprocess.run([rg, "--graph", cat_path, "gaps", "--format", "json"], capture_output=True)
if gaps.returncode == 0:
    env = json.loads(gaps.stdout)
    res = env["result"]
    rows = list(res["tables"].values())[0]
    rows = rows["rows"] if isinstance(rows, dict) else rows
    want = {r["id"]: r["status"] for r in rows}
    got = {n: d["status"] for n, d in G.nodes(data=True) if "status" in d}
    check(want == got and len(want) > 0, "gexf: statuses differ from gaps: %d vs %d" % (len(want), len(got)))

# node-link JSON: NetworkX
p = os.path.join(work, "x.json")
run("json", "-o", p)
G = nx.node_link_graph(json.load(open(p)))
check(G.is_directed() and G.is_multigraph(), "json: not a directed multigraph")
check(G.number_of_nodes() == N and G.number_of_edges() == E,
      "json: %d nodes %d edges" % (G.number_of_nodes(), G.number_of_edges()))
for n in cat["nodes"]:
    d = G.nodes[n["id"]]
    for k, v in expected_node(n).items():
        same(d.get(k), v, "json: node %s %s" % (n["id"], k))
    same(d.get("aliases"), n.get("aliases"), "json: node %s aliases" % n["id"])
    same(d.get("cite", []), cites(n), "json: node %s cite" % n["id"])
jorder = sorted(G.edges(keys=True, data=True), key=lambda t: t[2])
for e, (u, v, k, d) in zip(cat["edges"], jorder):
    check((u, v) == (e["from"], e["to"]), "json: edge %d ends" % k)
    for a, val in expected_edge(e).items():
        same(d.get(a), val, "json: edge %d %s" % (k, a))

# Neo4j: headers against the documented layout, then the values
d = os.path.join(work, "neo")
run("neo4j", "-o", d)
TYPED = re.compile(r"^[^:]+:(string|boolean|double|string\[\])$")
with open(os.path.join(d, "nodes.csv"), newline="") as f:
    rows = list(csv.reader(f))
h = rows[0]
check(h[:4] == ["id:ID", ":LABEL", "name:string", "aliases:string[]"] and h[-1] == "cite:string",
      "neo4j nodes header: %s" % h[:4])
check(all(TYPED.match(c) for c in h[2:]), "neo4j nodes: untyped column in %s" % h)
check(len(rows) - 1 == N, "neo4j: %d node rows" % (len(rows) - 1))
types = {c.split(":")[0]: c.split(":")[1] for c in h[2:]}
for n, r in zip(cat["nodes"], rows[1:]):
    rec = dict(zip([c.split(":")[0] for c in h], r))
    check(r[0] == n["id"] and r[1] == n["kind"], "neo4j: node %s" % n["id"])
    for k, v in expected_node(n).items():
        if k == "kind":
            continue
        t = types[k]
        want = (";".join(v) if t == "string[]" else "true" if v is True else "false" if v is False
                else json.dumps(v) if t == "double" else v)
        if t == "double" and float(rec[k]) == float(v):
            continue
        same(rec[k], want, "neo4j: node %s %s" % (n["id"], k))
with open(os.path.join(d, "relationships.csv"), newline="") as f:
    rows = list(csv.reader(f))
h = rows[0]
check(h[:3] == [":START_ID", ":END_ID", ":TYPE"] and h[-1] == "cite:string", "neo4j rels header: %s" % h)
check(all(TYPED.match(c) for c in h[3:]), "neo4j rels: untyped column in %s" % h)
check(len(rows) - 1 == E, "neo4j: %d relationship rows" % (len(rows) - 1))
for e, r in zip(cat["edges"], rows[1:]):
    check(r[:3] == [e["from"], e["to"], e["kind"]], "neo4j: edge %s" % r[:3])

# DOT: Graphviz reads it, with one node and one edge per catalogue element
p = os.path.join(work, "x.gv")
run("dot", "-o", p)
r = subprocess.run(["gvpr", "-c", "END_G { printf(\"%d %d\", nNodes($G), nEdges($G)) }", p],
                   capture_output=True, text=True)
r2 = subprocess.run(["gvpr", "BEG_G { printf(\"%d %d\", nNodes($G), nEdges($G)) }", p],
                    capture_output=True, text=True)
check(r2.stdout.strip() == "%d %d" % (N, E), "dot: gvpr counts %r, catalogue %d %d" % (r2.stdout, N, E))
r = subprocess.run(["dot", "-Tsvg", p, "-o", os.path.join(work, "x.svg")], capture_output=True)
check(r.returncode == 0, "dot: %s" % r.stderr[:200])

for f in fails[:30]:
    print("FAIL", cat_path, f)
if fails:
    print("%d failures" % len(fails))
    sys.exit(1)
print("ok %s: %d nodes, %d edges in graphml (networkx, igraph), gexf, json, neo4j, dot" % (cat_path, N, E))
