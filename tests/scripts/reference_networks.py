"""relgraph on classic networks, against networkx and the published figures
(see test_reference_networks.sh).  Usage: reference_networks.py RELGRAPH SRC

The catalogues under tests/reference/ are generated from networkx's bundled
copies by tests/reference/generate.py; this test first regenerates them and
fails if the committed files differ, so the data compared here are the data
networkx holds.  Published figures:

  Zachary, W. W. (1977). An information flow model for conflict and fission
    in small groups. J. Anthropological Research 33, 452-473: 34 members, 78
    friendships, two factions after the split.
  Brandes, U., Delling, D., Gaertler, M., Goerke, R., Hoefer, M., Nikoloski,
    Z., Wagner, D. (2008). On modularity clustering. IEEE TKDE 20(2),
    172-188: the maximum modularity of the (unweighted) karate club, 0.4198.
  Davis, A., Gardner, B. B., Gardner, M. R. (1941). Deep South.  Breiger,
    R. L. (1974). The duality of persons and groups. Social Forces 53,
    181-190: 18 women, 14 events, 89 attendances; the women projected onto
    the events and the events onto the women.
  Padgett, J. F., Ansell, C. K. (1993). Robust action and the rise of the
    Medici, 1400-1434. American J. Sociology 98, 1259-1319: the Medici hold
    the brokerage position of the marriage network (the highest
    betweenness, and a cut vertex).

Prints one line per disagreement and exits 1 if any."""
import filecmp
import itertools
import json
import math
import os
import subprocess
import sys
import tempfile
from collections import Counter

import networkx as nx
from networkx.algorithms.community import modularity

BIN, SRC = sys.argv[1], sys.argv[2]
REF = os.path.join(SRC, "tests", "reference")
failures = []
# Under valgrind (some 30 times slower) the memory check needs each command
# once, not every pair: there `links` runs on every 15th pair of the
# Florentine families (7 of 105); the plain suite runs them all.
UNDER_VALGRIND = os.environ.get("RELGRAPH_UNDER_VALGRIND") == "1"


def fail(msg):
    failures.append(msg)
    print("FAIL:", msg)


def run(path, *args, ok=(0,)):
    p = subprocess.run([BIN, "--graph", path, *args], capture_output=True, text=True,
                       timeout=60)
    if p.returncode not in ok:
        fail("relgraph %s exited %d: %s" % (" ".join(args), p.returncode, p.stderr.strip()))
    return p


def result(path, *args):
    """The JSON result of a command: its tables, under "result" or not."""
    out = json.loads(run(path, *args, "--format", "json").stdout or "{}")
    return out.get("result", out) if isinstance(out, dict) else {}


def rows(res, table):
    t = res.get("tables", res).get(table)
    if t is None:
        fail("no table %r in %s" % (table, sorted(res.get("tables", res))))
        return []
    return t["rows"] if isinstance(t, dict) and "rows" in t else t


def items(v, sep):
    """A list cell: a JSON array (docs/output.md), or text joined by SEP."""
    return v if isinstance(v, list) else v.split(sep)


def load(path):
    """The catalogue as a networkx graph over ids (undirected), with names."""
    with open(path) as f:
        doc = json.load(f)
    G = nx.Graph()
    for n in doc["nodes"]:
        G.add_node(n["id"], **n)
    for e in doc["edges"]:
        G.add_edge(e["from"], e["to"])
    return doc, G


def check_generated():
    with tempfile.TemporaryDirectory() as d:
        subprocess.run([sys.executable, os.path.join(REF, "generate.py"), d], check=True)
        for folder in ("karate", "southern-women", "florentine"):
            for name in os.listdir(os.path.join(d, folder)):
                a, b = os.path.join(d, folder, name), os.path.join(REF, folder, name)
                if not os.path.exists(b) or not filecmp.cmp(a, b, shallow=False):
                    fail("tests/reference/%s/%s differs from what generate.py writes from "
                         "networkx" % (folder, name))


def check_counts(path, nodes, edges):
    p = run(path, "check")
    want = "ok (%d nodes, %d edges)" % (nodes, edges)
    if want not in p.stdout + p.stderr:
        fail("%s: check says %r, expected %r" % (path, (p.stdout + p.stderr).strip(), want))


def check_betweenness(path, G, published=None):
    res = result(path, "central", "--top", "0")
    bc = nx.betweenness_centrality(G, normalized=False)
    got = {r["id"]: r["betweenness"] for r in rows(res, "ranking")}
    if set(got) != set(G):
        fail("%s: central ranks %d nodes, the graph has %d" % (path, len(got), len(G)))
    for v in G:
        if v in got and abs(got[v] - bc[v]) > 1e-6:
            fail("%s: betweenness of %s: relgraph %s, networkx %s" % (path, v, got[v], bc[v]))
    for v, want in (published or {}).items():
        if round(got.get(v, -1), 4) != want:
            fail("%s: betweenness of %s: relgraph %s, published %s" % (path, v, got.get(v), want))
    return got


def check_articulation(path, G, hub):
    """risks lists the cut vertices of the hub's component (all nodes marked
    as counterparties, so that every cut counts): networkx's articulation
    points, less the hub."""
    with open(path) as f:
        doc = json.load(f)
    with open(os.path.join(os.path.dirname(path), doc["schema"])) as f:
        schema = json.load(f)
    for k in schema["node_kinds"].values():
        k["attributes"]["counterparty"] = {"type": "boolean"}
    schema.setdefault("roles", {})["counterparty_attr"] = "counterparty"
    doc["schema"] = schema
    for n in doc["nodes"]:
        n["counterparty"] = True
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(doc, f)
    try:
        res = result(f.name, "risks", "--hub", hub, "--select", "counterparty")
        got = {r["id"] for r in rows(res, "cuts") if "--" not in r["id"]}
        want = set(nx.articulation_points(G)) - {hub}
        if got != want:
            fail("%s: cut vertices: relgraph %s, networkx %s" % (path, sorted(got), sorted(want)))
        return got
    finally:
        os.unlink(f.name)


def check_paths(path, G, pairs):
    for a, b in pairs:
        got = json.loads(run(path, "links", a, b, "--format", "json", ok=(0, 1)).stdout or "{}")
        hops = got["result"]["totals"]["shortest_hops"]
        got = None if hops < 0 else hops
        want = nx.shortest_path_length(G, a, b) if nx.has_path(G, a, b) else None
        if got != want:
            fail("%s: links %s %s: relgraph %s, networkx %s" % (path, a, b, got, want))


def nmi_ari(x, y):
    """Normalised mutual information (arithmetic mean, as igraph's
    Danon et al. form) and adjusted Rand index of two labellings."""
    n = len(x)
    cx, cy, cxy = Counter(x), Counter(y), Counter(zip(x, y))
    h = lambda c: -sum(v / n * math.log(v / n) for v in c.values())
    mi = sum(v / n * math.log(v * n / (cx[a] * cy[b])) for (a, b), v in cxy.items())
    hx, hy = h(cx), h(cy)
    nmi = 1.0 if hx + hy == 0 else 2 * mi / (hx + hy)
    c2 = lambda k: k * (k - 1) / 2
    sxy = sum(c2(v) for v in cxy.values())
    sx, sy = sum(c2(v) for v in cx.values()), sum(c2(v) for v in cy.values())
    exp = sx * sy / c2(n)
    ari = (sxy - exp) / ((sx + sy) / 2 - exp)
    return nmi, ari


def check_clusters(path, G, group_attr=None, published_q=None):
    args = ["clusters"] + (["--group-attr", group_attr] if group_attr else [])
    res = result(path, *args)
    parts = rows(res, "partitions")
    comms = [set(items(r["members"], ", ")) for r in rows(res, "clusters")]
    if sorted(itertools.chain.from_iterable(comms)) != sorted(G):
        fail("%s: communities do not cover the graph once" % path)
        return
    q = modularity(G, comms)
    got_q = parts[0]["modularity"] if parts else None
    if got_q is None or abs(got_q - q) > 1e-9:
        fail("%s: modularity of the communities: relgraph %s, networkx %s" % (path, got_q, q))
    if published_q is not None and round(q, 4) != published_q:
        fail("%s: modularity %.6f, published optimum %s" % (path, q, published_q))
    # never worse than networkx's greedy (Clauset-Newman-Moore) partition
    greedy = modularity(G, nx.algorithms.community.greedy_modularity_communities(G))
    if q < greedy - 1e-9:
        fail("%s: modularity %.4f below networkx's greedy %.4f" % (path, q, greedy))
    if not group_attr:
        return q
    groups = {}
    for v, d in G.nodes(data=True):
        groups.setdefault(d[group_attr], set()).add(v)
    gq = modularity(G, list(groups.values()))
    if len(parts) < 2 or abs(parts[1]["modularity"] - gq) > 1e-9:
        fail("%s: modularity of the grouping: relgraph %s, networkx %s" % (
            path, parts[1]["modularity"] if len(parts) > 1 else None, gq))
    if len(parts) > 1 and parts[1]["groups"] != len(groups):
        fail("%s: %s groups, networkx counts %d" % (path, parts[1]["groups"], len(groups)))
    order = sorted(G)
    label = {v: i for i, c in enumerate(comms) for v in c}
    nmi, ari = nmi_ari([G.nodes[v][group_attr] for v in order], [label[v] for v in order])
    agr = rows(res, "agreement")
    if not agr or abs(agr[0]["nmi"] - nmi) > 1e-6 or abs(agr[0]["ari"] - ari) > 1e-6:
        fail("%s: agreement %s, computed NMI %.6f ARI %.6f" % (path, agr, nmi, ari))
    return q


def check_projections(path, doc):
    """Both projections of the women-events graph, pair by pair, weight by
    weight, with the names that make each weight."""
    B = nx.Graph()
    name = {n["id"]: n["name"] for n in doc["nodes"]}
    women = [n["id"] for n in doc["nodes"] if n["kind"] == "woman"]
    events = [n["id"] for n in doc["nodes"] if n["kind"] == "event"]
    B.add_nodes_from(women + events)
    B.add_edges_from((e["from"], e["to"]) for e in doc["edges"])
    res = result(path, "interlocks")
    for table, side, col in (("pairs", events, "shared"), ("member_pairs", women, "bodies")):
        P = nx.bipartite.weighted_projected_graph(B, side)
        want = {frozenset((a, b)): d["weight"] for a, b, d in P.edges(data=True)}
        got = {frozenset((r["a"], r["b"])): r["weight"] for r in rows(res, table)}
        if got != want:
            diff = sorted("%s-%s: %s" % (*sorted(k), w)
                          for k, w in set(got.items()) ^ set(want.items()))
            fail("%s: %s: %d pairs, networkx %d; differing %s" % (path, table, len(got),
                                                                  len(want), diff[:5]))
        for r in rows(res, table):
            names = set(items(r[col], "; "))
            shared = {name[x] for x in set(B[r["a"]]) & set(B[r["b"]])}
            if names != shared:
                fail("%s: %s %s-%s names %s, expected %s" % (path, table, r["a"], r["b"],
                                                             sorted(names), sorted(shared)))
        ws = [r["weight"] for r in rows(res, table)]
        if ws != sorted(ws, reverse=True):
            fail("%s: %s not sorted by weight" % (path, table))
    return res


def main():
    check_generated()

    # Zachary's karate club
    kpath = os.path.join(REF, "karate", "karate.json")
    doc, G = load(kpath)
    check_counts(kpath, 34, 78)
    clubs = Counter(n["club"] for n in doc["nodes"])
    if sorted(clubs) != ["Mr. Hi", "Officer"]:
        fail("karate: factions %s" % clubs)
    check_betweenness(kpath, G, {"m0": 231.0714, "m33": 160.5516})
    check_articulation(kpath, G, "m33")
    check_paths(kpath, G, itertools.combinations(["m0", "m9", "m16", "m26", "m33", "m11"], 2))
    check_clusters(kpath, G, "club", published_q=0.4198)

    # Davis's Southern Women
    spath = os.path.join(REF, "southern-women", "southern-women.json")
    doc, B = load(spath)
    check_counts(spath, 32, 89)
    if Counter(n["kind"] for n in doc["nodes"]) != {"woman": 18, "event": 14}:
        fail("southern women: not 18 women and 14 events")
    check_betweenness(spath, B)
    check_articulation(spath, B, "E1")
    check_paths(spath, B, [("evelyn-jefferson", "flora-price"), ("E1", "E14"),
                           ("E7", "olivia-carleton"), ("laura-mandeville", "nora-fayette")])
    res = check_projections(spath, doc)
    # natural order of ids: E7 before E10 wherever weights tie
    ev = [(r["a"], r["b"]) for r in rows(res, "pairs") if r["weight"] == 1]
    key = lambda p: [int(p[0][1:]), int(p[1][1:])]
    if ev != sorted(ev, key=key):
        fail("southern women: ties not in natural order: %s" % ev[:6])

    # Padgett's Florentine families
    fpath = os.path.join(REF, "florentine", "florentine.json")
    doc, F = load(fpath)
    check_counts(fpath, 15, 20)
    bc = check_betweenness(fpath, F)
    if bc and max(bc, key=bc.get) != "medici":
        fail("florentine: the highest betweenness is %s, not the Medici" % max(bc, key=bc.get))
    cuts = check_articulation(fpath, F, "strozzi")
    if "medici" not in cuts:
        fail("florentine: the Medici are not a cut vertex")
    pairs = list(itertools.combinations(sorted(F), 2))
    check_paths(fpath, F, pairs[::15] if UNDER_VALGRIND else pairs)
    check_clusters(fpath, F)

    print("%d disagreement%s" % (len(failures), "" if len(failures) == 1 else "s"))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
