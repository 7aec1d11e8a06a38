"""The analyses of relgraph against networkx on random graphs (see
test_analyses_networkx.sh).  Each graph is written as a catalogue with an
inline schema; relgraph answers in JSON; networkx computes the same from the
same edges.  Some graphs carry alias (same_as) edges: risks and central then
work on entities, which networkx gets by contracting each alias component
into its first id (the quotient graph, parallel links once); with
--no-merge the alias edges are only left out.  Prints one line per
disagreement and exits 1 if any."""
import json
import re
import random
import subprocess
import sys
import tempfile
import os

import networkx as nx

BIN = sys.argv[1]
failures = []

SCHEMA = {
    "relgraph_schema": 1,
    "name": "random test graphs",
    "provenance": {"required": False},
    # what the analyses need, bound to this schema's names (docs/format.md, "Roles")
    "roles": {"counterparty_attr": "counterparty", "alias_edges": ["same_as"]},
    "node_kinds": {
        "org": {"attributes": {"counterparty": {"type": "boolean"}}, "required": []},
        "person": {"attributes": {}, "required": []},
    },
    "edge_kinds": {
        "link": {"from": ["org", "person"], "to": ["org", "person"], "verb": "is linked to",
                 "inverse": "is linked from", "detail": [], "attributes": {}, "required": []},
        "member_of": {"from": ["person"], "to": ["org"], "verb": "is a member of",
                      "inverse": "has as a member", "detail": [], "attributes": {},
                      "required": []},
        "same_as": {"from": ["org"], "to": ["org"], "verb": "may be the same as",
                    "inverse": "may be the same as", "detail": [], "attributes": {},
                    "required": []},
    },
}


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg)


def run(path, *args):
    p = subprocess.run([BIN, "--graph", path, *args], capture_output=True, text=True)
    if p.returncode not in (0, 1):
        fail("relgraph %s exited %d: %s" % (" ".join(args), p.returncode, p.stderr))
    return p


def write(nodes, edges):
    doc = {"relgraph": 1, "schema": SCHEMA,
           "nodes": [{"id": i, "kind": k, "name": "Node " + i, **a} for i, k, a in nodes],
           "edges": [{"from": f, "to": t, "kind": k} for f, t, k in edges]}
    fd, path = tempfile.mkstemp(suffix=".json")
    with os.fdopen(fd, "w") as f:
        json.dump(doc, f)
    return path


def nid(i):
    return "v%03d" % i


def general_graph(rng, n, m):
    """A sparse random graph of orgs with simple undirected links."""
    G = nx.gnm_random_graph(n, m, seed=rng.randrange(1 << 30))
    nodes = [(nid(i), "org", {"counterparty": True}) for i in range(n)]
    edges = [(nid(a), nid(b), "link") for a, b in sorted(G.edges())]
    H = nx.relabel_nodes(G, {i: nid(i) for i in range(n)})
    return nodes, edges, H


def result(stdout):
    """The result of relgraph's JSON envelope (docs/output.md), flattened:
    each table's rows by table name, and its notes and totals."""
    r = json.loads(stdout)["result"]
    flat = {name: t["rows"] for name, t in r["tables"].items()}
    flat["notes"] = r["notes"]
    flat["totals"] = r["totals"]
    return flat


def check_paths(path, H, rng):
    names = sorted(H.nodes())
    for _ in range(12):
        a, b = rng.choice(names), rng.choice(names)
        if a == b:
            continue
        p = run(path, "links", a, b, "--format", "json", "--only-edges", "link")
        got = result(p.stdout)["totals"]["shortest_hops"]
        got = None if got < 0 else got
        want = nx.shortest_path_length(H, a, b) if nx.has_path(H, a, b) else None
        if got != want:
            fail("links %s %s: relgraph %s, networkx %s" % (a, b, got, want))


def quotient(H, aliases):
    """H with each component of the alias edges contracted into its first
    id, and the map from node to that id."""
    A = nx.Graph()
    A.add_nodes_from(H.nodes())
    A.add_edges_from(aliases)
    rep = {}
    for comp in nx.connected_components(A):
        first = min(comp)
        for v in comp:
            rep[v] = first
    Q = nx.Graph()
    Q.add_nodes_from(set(rep.values()))
    Q.add_edges_from((rep[a], rep[b]) for a, b in H.edges() if rep[a] != rep[b])
    return Q, rep


def ids(cell):
    """The representatives named in a list cell: "v001 (= v004), v002"."""
    if isinstance(cell, list):  # a JSON array of ids (docs/output.md)
        cell = ", ".join(cell)
    return sorted(re.findall(r"(?:^|, )(v\d+)", re.sub(r" \(= [^)]*\)", "", cell)))


def check_risks(path, H, aliases, merge):
    hub = "v000"
    args = ["risks", "--hub", hub, "--agreement-kind", "", "--party-edge", "",
            "--body-kinds", "org", "--max-listed", "0", "--format", "json"]
    out = result(run(path, *args, *([] if merge else ["--no-merge"])).stdout)
    Q, rep = quotient(H, aliases) if merge else (H, {v: v for v in H.nodes()})
    hub = rep[hub]
    comp = nx.node_connected_component(Q, hub)
    C = Q.subgraph(comp)
    want = {}
    for v in nx.articulation_points(C):
        if v == hub:
            continue
        R = C.copy()
        R.remove_node(v)
        cut = sorted(set(comp) - nx.node_connected_component(R, hub) - {v})
        if cut:
            want[v] = cut
    got = {row["id"]: ids(row["counterparties"]) for row in out["cuts"]}
    counts = {row["id"]: row["cut_off"] for row in out["cuts"]}
    if got != want or any(counts[k] != len(v) for k, v in got.items()):
        missing = sorted(set(want) - set(got))
        extra = sorted(set(got) - set(want))
        diff = sorted(k for k in set(got) & set(want) if got[k] != want[k])
        fail("risks (merge %d): missing %s, extra %s, different cut sets %s" % (
            merge, missing, extra, diff))
    unreached = len([v for v in Q.nodes() if v != hub and v not in comp])
    if ("%d not connected to the hub at all" % unreached) not in out["notes"][0]:
        fail("risks: note %r, expected %d unreached" % (out["notes"][0], unreached))


def check_central(path, H, aliases, merge):
    out = result(run(path, "central", "--top", "0", "--format", "json",
                     *([] if merge else ["--no-merge"])).stdout)
    Q, _ = quotient(H, aliases) if merge else (H, None)
    bc = nx.betweenness_centrality(Q, normalized=False)
    if sorted(row["id"] for row in out["ranking"]) != sorted(Q.nodes()):
        fail("central (merge %d): rows %s, networkx %s" % (
            merge, sorted(row["id"] for row in out["ranking"]), sorted(Q.nodes())))
    for row in out["ranking"]:
        v = row["id"]
        if v not in bc:
            continue
        if abs(row["betweenness"] - bc[v]) > 1e-6:
            fail("central: betweenness of %s: relgraph %s, networkx %s" % (v, row["betweenness"], bc[v]))
        if row["degree"] != Q.degree(v):
            fail("central: degree of %s: relgraph %s, networkx %s" % (v, row["degree"], Q.degree(v)))
    ncomp = nx.number_connected_components(Q)
    note = [n for n in out["notes"] if "component" in n]
    if not note or not note[0].startswith("%d component" % ncomp):
        fail("central: components note %r, networkx counts %d" % (note, ncomp))


def check_interlocks(rng, trial):
    npeople, norgs = rng.randint(3, 25), rng.randint(2, 15)
    people = ["p%02d" % i for i in range(npeople)]
    orgs = ["o%02d" % i for i in range(norgs)]
    B = nx.Graph()
    B.add_nodes_from(people, bipartite=0)
    B.add_nodes_from(orgs, bipartite=1)
    edges = []
    for p in people:
        for o in rng.sample(orgs, rng.randint(0, min(4, norgs))):
            B.add_edge(p, o)
            edges.append((p, o, "member_of"))
    nodes = [(p, "person", {}) for p in people] + [(o, "org", {}) for o in orgs]
    path = write(nodes, edges)
    try:
        out = result(run(path, "interlocks", "--body-kinds", "org", "--member-edges",
                             "member_of", "--agreement-kind", "", "--format", "json").stdout)
        P = nx.bipartite.weighted_projected_graph(B, orgs)
        want = {tuple(sorted((a, b))): d["weight"] for a, b, d in P.edges(data=True)}
        got = {(r["a"], r["b"]): r["weight"] for r in out["pairs"]}
        if got != want:
            fail("interlocks %d: pairs differ: only relgraph %s, only networkx %s" % (
                trial, sorted(set(got.items()) - set(want.items())),
                sorted(set(want.items()) - set(got.items()))))
        for r in out["pairs"]:
            shared = sorted(set(B[r["a"]]) & set(B[r["b"]]))
            if r["shared"] != ["Node " + s for s in shared]:
                fail("interlocks %d: %s-%s shared %r, expected %r" % (trial, r["a"], r["b"], r["shared"], shared))
        want_m = sorted(p for p in people if B.degree(p) >= 2)
        got_m = sorted(r["id"] for r in out["members"])
        if got_m != want_m:
            fail("interlocks %d: members %s, networkx %s" % (trial, got_m, want_m))
    finally:
        os.unlink(path)


def main():
    rng = random.Random(20161031)
    for trial in range(12):
        n = rng.randint(2, 40)
        m = rng.randint(0, 2 * n)
        nodes, edges, H = general_graph(rng, n, m)
        # from the fifth graph on, a few alias edges (rows that may be one)
        aliases = []
        if trial >= 4:
            names = sorted(H.nodes())
            for _ in range(rng.randint(1, max(1, n // 4))):
                a, b = rng.sample(names, 2) if n > 1 else (names[0], names[0])
                if a != b:
                    aliases.append((a, b))
        path = write(nodes, edges + [(a, b, "same_as") for a, b in aliases])
        try:
            check_paths(path, H, rng)
            for merge in (1, 0):
                check_risks(path, H, aliases, merge)
                check_central(path, H, aliases, merge)
        finally:
            os.unlink(path)
    for trial in range(8):
        check_interlocks(rng, trial)
    if failures:
        print("%d disagreement(s)" % len(failures))
        sys.exit(1)
    print("analyses agree with networkx")


main()
