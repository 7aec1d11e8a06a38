"""The benchmark's peers: one task of relgraph's, computed by NetworkX,
python-igraph or graph-tool from the same catalogue file, end to end (read,
parse, build the graph, answer), printing the answer as one JSON line that
benchmarks/bench.py compares with relgraph's.

usage: peers.py LIB VARIANT TASK FILE [ARGS...]
  LIB      networkx | igraph | graph-tool
  VARIANT  plain (json, as a newcomer writes it) | tuned:PARSER (gc.disable()
           and PARSER: json, ujson or rapidjson, the fastest measured)
  TASK     load | links FROM TO | risks | clusters | gaps AS_OF | central CUTOFF

Each task follows relgraph's semantics on the same graph (docs/ of each
analysis; benchmarks/README.md says how):
  links    hops of the shortest connection, edges either way, kinds whose
           schema entry says in_paths (not in_region) minus mentions;
  risks    on entities (same_as components, represented by the id first in
           natural order), links as above minus same_as, simple graph: the
           cut vertices of the hub's component (biconnected components from
           the library, then the block-cut tree) and how many counterparties
           each cuts off, for people, teams and organisations;
  clusters modularity (resolution 1) of Leiden (igraph) or Louvain (NetworkX)
           on the graph of risks; graph-tool has neither (n/a);
  gaps     each counterparty's status (clause, no-clause, document-unknown,
           informal, unknown) from its agreements with the hub and the
           working links of the hub and its agents on AS_OF; totals;
  central  betweenness over paths of at most CUTOFF hops on the graph of
           risks; the largest per kind.  NetworkX and graph-tool have no
           cutoff (n/a)."""
import gc
import json
import re
import sys

LIB, VARIANT, TASK, FILE = sys.argv[1:5]
ARGS = sys.argv[5:]
if VARIANT.startswith("tuned"):
    gc.disable()
    PARSER = VARIANT.split(":")[1] if ":" in VARIANT else "json"
else:
    PARSER = "json"

NOT_IN_PATHS = {"in_region"}
SKIP = {"mentions"}
ALIAS = {"same_as"}
AGENT = {"works_for", "part_of"}
ENGAGE = {"member_of", "participates_in"}
REACH = {"operated_by", "part_of"}
RANKED = {"person", "team", "organization"}


def parse(raw):
    if PARSER == "ujson":
        import ujson
        return ujson.loads(raw)
    if PARSER == "rapidjson":
        import rapidjson
        return rapidjson.loads(raw)
    return json.loads(raw)


def load():
    with open(FILE, "rb") as f:
        d = parse(f.read())
    nodes, edges = d["nodes"], d["edges"]
    idx = {n["id"]: i for i, n in enumerate(nodes)}
    src = [idx[e["from"]] for e in edges]
    dst = [idx[e["to"]] for e in edges]
    return nodes, edges, idx, src, dst


def natkey(s):
    return [int(t) if t.isdigit() else t for t in re.split(r"(\d+)", s)]


def entities(nodes, edges, src, dst):
    """Representative of each node: same_as components, first id in
    natural order."""
    parent = list(range(len(nodes)))

    def find(v):
        while parent[v] != v:
            parent[v] = parent[parent[v]]
            v = parent[v]
        return v
    for i, e in enumerate(edges):
        if e["kind"] in ALIAS:
            a, b = find(src[i]), find(dst[i])
            if a != b:
                parent[b] = a
    best = {}
    for v in range(len(nodes)):
        r = find(v)
        if r not in best or natkey(nodes[v]["id"]) < natkey(nodes[best[r]]["id"]):
            best[r] = v
    return [best[find(v)] for v in range(len(nodes))]


def linked_pairs(nodes, edges, src, dst, rep):
    """Undirected simple edges between entities (pairs of node indices)."""
    seen = set()
    for i, e in enumerate(edges):
        k = e["kind"]
        if k in NOT_IN_PATHS or k in SKIP or k in ALIAS:
            continue
        a, b = rep[src[i]], rep[dst[i]]
        if a == b:
            continue
        seen.add((a, b) if a < b else (b, a))
    return sorted(seen)


# ---- library wrappers: a graph from (n, pairs), and the algorithms ---------

def build(n, pairs, directed=False):
    if LIB == "networkx":
        import networkx as nx
        G = (nx.MultiDiGraph if directed else nx.Graph)()
        G.add_nodes_from(range(n))
        G.add_edges_from(pairs)
        return G
    if LIB == "igraph":
        import igraph as ig
        return ig.Graph(n=n, edges=pairs, directed=directed)
    import graph_tool.all as gt
    G = gt.Graph(directed=directed)
    G.add_vertex(n)
    G.add_edge_list(pairs)
    return G


def shortest_hops(G, a, b):
    if LIB == "networkx":
        import networkx as nx
        try:
            return nx.shortest_path_length(G, a, b)
        except nx.NetworkXNoPath:
            return None
    if LIB == "igraph":
        d = G.distances(source=[a], target=[b])[0][0]
        return None if d == float("inf") else int(d)
    import graph_tool.all as gt
    d = int(gt.shortest_distance(G, G.vertex(a), G.vertex(b)))
    return None if d > len(G.get_vertices()) else d


def components_of(G, root):
    """Vertices of root's connected component."""
    if LIB == "networkx":
        import networkx as nx
        return set(nx.node_connected_component(G, root))
    if LIB == "igraph":
        return set(G.subcomponent(root))
    import graph_tool.all as gt
    comp, _ = gt.label_components(G)
    a = comp.a
    return set(int(v) for v in (a == a[root]).nonzero()[0])


def blocks(G):
    """Biconnected components (lists of vertices) and articulation points."""
    if LIB == "networkx":
        import networkx as nx
        return [list(c) for c in nx.biconnected_components(G)], set(nx.articulation_points(G))
    if LIB == "igraph":
        comps, aps = G.biconnected_components(return_articulation_points=True)
        return [list(c) for c in comps], set(aps)
    import graph_tool.all as gt
    bicomp, art, _ = gt.label_biconnected_components(G)
    src, dst = G.get_edges().T[0], G.get_edges().T[1]
    lab = bicomp.a
    comps = {}
    for s, t, c in zip(src.tolist(), dst.tolist(), lab.tolist()):
        comps.setdefault(c, set()).update((s, t))
    return [list(c) for c in comps.values()], set(int(v) for v in art.a.nonzero()[0])


def cut_counts(G, n, hub, is_cp):
    """For each articulation point of hub's component: counterparties it
    separates from the hub, by a walk of the block-cut tree rooted at the
    hub's side (linear)."""
    comp = components_of(G, hub)
    bl, aps = blocks(G)
    bl = [b for b in bl if b[0] in comp]
    # tree nodes: blocks 0..B-1, articulation points B + index
    apid = {v: len(bl) + i for i, v in enumerate(sorted(aps & comp))}
    adj = [[] for _ in range(len(bl) + len(apid))]
    weight = [0] * len(adj)  # counterparties owned by a block (not an AP)
    home = {}
    for b, vs in enumerate(bl):
        for v in vs:
            if v in apid:
                adj[b].append(apid[v])
                adj[apid[v]].append(b)
            elif v not in home:
                home[v] = b
                weight[b] += is_cp[v]
    for v, t in apid.items():
        weight[t] = is_cp[v]
    root = apid[hub] if hub in apid else home[hub]
    parent = [-1] * len(adj)
    order, stack, seen = [], [root], [False] * len(adj)
    seen[root] = True
    while stack:
        u = stack.pop()
        order.append(u)
        for w in adj[u]:
            if not seen[w]:
                seen[w] = True
                parent[w] = u
                stack.append(w)
    sub = weight[:]
    for u in reversed(order):
        if parent[u] >= 0:
            sub[parent[u]] += sub[u]
    out = {}
    for v, t in apid.items():
        if v == hub:
            continue
        cut = sum(sub[w] for w in adj[t] if parent[w] == t)
        if cut:
            out[v] = cut
    return out


def modularity_communities(G):
    if LIB == "networkx":
        import networkx as nx
        comms = nx.community.louvain_communities(G, resolution=1, seed=42)
        return nx.community.modularity(G, comms, resolution=1), len(comms)
    if LIB == "igraph":
        best = None
        for seed in range(42, 46):  # as relgraph: the best of a few seeded starts
            import random
            random.seed(seed)
            c = G.community_leiden(objective_function="modularity", resolution_parameter=1, n_iterations=50)
            q = G.modularity(c.membership)
            if best is None or q > best[0]:
                best = (q, len(c))
        return best
    return None


def betweenness(G, cutoff):
    if LIB == "igraph":
        return G.betweenness(directed=False, cutoff=cutoff)
    return None


# ---- the tasks -------------------------------------------------------------

def date_lo(s):
    p = s.split("-")
    return (int(p[0]), int(p[1]) if len(p) > 1 else 1, int(p[2]) if len(p) > 2 else 1)


def date_hi(s):
    p = s.split("-")
    return (int(p[0]), int(p[1]) if len(p) > 1 else 12, int(p[2]) if len(p) > 2 else 31)


def gaps(nodes, edges, idx, src, dst, as_of):
    asof = date_lo(as_of)

    def holds(e):
        s, t = e.get("start"), e.get("end")
        return (s is None or date_lo(s) <= asof) and (t is None or date_hi(t) >= asof)
    hub = idx["hub"]
    out = [[] for _ in nodes]
    for i, e in enumerate(edges):
        out[src[i]].append(i)
    nout = out
    inc = [[] for _ in nodes]
    for i in range(len(edges)):
        inc[src[i]].append(i)
        inc[dst[i]].append(i)
    hub_agr = {dst[i] for i in nout[hub] if edges[i]["kind"] == "party_to"}
    is_cp = [n.get("counterparty") is True and i != hub for i, n in enumerate(nodes)]
    # working links: hub or agent -> engaged body -> up to two reach steps
    linked = set()

    def reach(u, left, path):
        if is_cp[u]:
            linked.add(u)
        if left == 0:
            return
        for i in inc[u]:
            e = edges[i]
            v = dst[i] if src[i] == u else src[i]
            ok = (e["kind"] in REACH and src[i] == u) or e["kind"] in ALIAS
            if ok and v not in path and holds(e):
                reach(v, left - 1, path + (v,))

    done = set()

    def engage(a, path):
        for i in nout[a]:
            e = edges[i]
            b = dst[i]
            if e["kind"] in ENGAGE and b not in path and holds(e) and (b, path) not in done:
                done.add((b, path))
                reach(b, 2, path + (b,))
    engage(hub, (hub,))
    for i in inc[hub]:
        e = edges[i]
        if e["kind"] in AGENT and dst[i] == hub and src[i] != hub and holds(e):
            engage(src[i], (hub, src[i]))
    totals = {"ssr-clause": 0, "no-ssr-clause": 0, "document-unknown": 0, "informal": 0,
              "unknown": 0}
    for v, n in enumerate(nodes):
        if not is_cp[v]:
            continue
        agrs = set()
        for i in nout[v]:
            a = dst[i]
            if edges[i]["kind"] == "party_to" and a in hub_agr and nodes[a]["kind"] == "agreement":
                d = nodes[a].get("date")
                if d is None or date_lo(d) <= asof:
                    agrs.add(a)
        located = [a for a in agrs if nodes[a].get("text_located") is True]
        clause = any(edges[i]["kind"] == "contains" for a in located for i in nout[a])
        st = ("ssr-clause" if clause else "no-ssr-clause" if located else
              "document-unknown" if agrs else "informal" if v in linked else "unknown")
        totals[st] += 1
    return totals


def main():
    nodes, edges, idx, src, dst = load()
    n = len(nodes)
    if TASK == "load":
        G = build(n, list(zip(src, dst)), directed=True)
        m = G.number_of_edges() if LIB == "networkx" else G.ecount() if LIB == "igraph" \
            else G.num_edges()
        ans = {"nodes": n, "edges": m}
    elif TASK == "links":
        pairs = [(src[i], dst[i]) for i, e in enumerate(edges)
                 if e["kind"] not in NOT_IN_PATHS and e["kind"] not in SKIP]
        G = build(n, pairs)
        ans = {"hops": shortest_hops(G, idx[ARGS[0]], idx[ARGS[1]])}
    elif TASK == "gaps":
        ans = gaps(nodes, edges, idx, src, dst, ARGS[0])
    else:
        rep = entities(nodes, edges, src, dst)
        G = build(n, linked_pairs(nodes, edges, src, dst, rep))
        if TASK == "risks":
            is_cp = [0] * n
            hub = rep[idx["hub"]]
            for v, nd in enumerate(nodes):
                if nd.get("counterparty") is True and rep[v] != hub:
                    is_cp[rep[v]] = 1
            cuts = cut_counts(G, n, hub, is_cp)
            ans = {"cuts": {nodes[v]["id"]: c for v, c in cuts.items()
                            if nodes[v]["kind"] in RANKED}}
        elif TASK == "clusters":
            # relgraph clusters the entities that have a link (isolated rows aside)
            r = modularity_communities(G)
            ans = {"modularity": None if r is None else round(r[0], 4),
                   "communities": None if r is None else r[1]}
        elif TASK == "central":
            b = betweenness(G, int(ARGS[0]))
            if b is None:
                ans = {"max_by_kind": None}
            else:
                best = {}
                for v in set(rep):
                    k = nodes[v]["kind"]
                    best[k] = max(best.get(k, 0.0), b[v])
                ans = {"max_by_kind": {k: round(x, 3) for k, x in sorted(best.items())}}
        else:
            sys.exit("unknown task " + TASK)
    print(json.dumps(ans, sort_keys=True))


main()
