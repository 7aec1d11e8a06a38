#!/usr/bin/env python3
"""Writes the classic networks bundled with networkx as relgraph catalogues,
each under its own small schema:

  karate/          Zachary's karate club (Zachary 1977): 34 members, 78
                   friendships, `club` the faction each joined after the split.
  southern-women/  Davis, Gardner & Gardner (1941), as analysed by Breiger
                   (1974): 18 women, 14 events, 89 attendances.
  florentine/      Padgett & Ansell (1993): marriages between 15 Florentine
                   families (networkx leaves out the Pucci, who had none).

The data come from networkx (nx.karate_club_graph,
nx.davis_southern_women_graph, nx.florentine_families_graph); the karate
club is written unweighted, as in the modularity literature.  Usage:
generate.py [OUTDIR] (default: this folder).  test_reference_networks.sh
runs it into a temporary folder and fails if the committed files differ."""
import json
import os
import re
import sys

import networkx as nx

HERE = os.path.dirname(os.path.abspath(__file__))


def edge_kind(desc, frm, to, verb, inverse):
    return {"description": desc, "from": [frm], "to": [to], "verb": verb, "inverse": inverse,
            "detail": [], "attributes": {}, "required": []}


def write(outdir, folder, name, schema, catalogue):
    d = os.path.join(outdir, folder)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, "schema.json"), "w") as f:
        json.dump(schema, f, indent=2, ensure_ascii=False)
        f.write("\n")
    with open(os.path.join(d, name), "w") as f:
        f.write("{\n")
        for key in ("relgraph", "title", "schema"):
            f.write("  %s: %s,\n" % (json.dumps(key), json.dumps(catalogue[key])))
        for key, last in (("nodes", False), ("edges", True)):
            f.write('  "%s": [\n' % key)
            rows = catalogue[key]
            for i, row in enumerate(rows):
                f.write("    %s%s\n" % (json.dumps(row, ensure_ascii=False),
                                        "," if i + 1 < len(rows) else ""))
            f.write("  ]%s\n" % ("" if last else ","))
        f.write("}\n")


def karate(outdir):
    G = nx.karate_club_graph()
    schema = {
        "relgraph_schema": 1,
        "name": "Zachary's karate club",
        "description": "W. W. Zachary, An information flow model for conflict and fission in "
                       "small groups, J. Anthropological Research 33 (1977) 452-473.  Members "
                       "are numbered 0-33 as in networkx (Zachary's 1-34, less one).",
        "provenance": {"required": False},
        "roles": {"person_kinds": ["member"]},
        "node_kinds": {
            "member": {"description": "A member of the club.",
                       "attributes": {"club": {"type": "string", "values": ["Mr. Hi", "Officer"],
                                               "description": "The faction the member joined "
                                                              "after the split."}},
                       "required": ["club"]}},
        "edge_kinds": {
            "friends_with": edge_kind("The two interacted outside the club's classes.",
                                      "member", "member", "is a friend of", "is a friend of")},
    }
    nodes = [{"id": "m%d" % v, "kind": "member", "name": "Member %d" % v,
              "club": G.nodes[v]["club"]} for v in sorted(G)]
    edges = [{"from": "m%d" % a, "to": "m%d" % b, "kind": "friends_with"}
             for a, b in sorted(tuple(sorted(e)) for e in G.edges())]
    write(outdir, "karate", "karate.json", schema,
          {"relgraph": 1, "title": "Zachary's karate club", "schema": "schema.json",
           "nodes": nodes, "edges": edges})


def slug(name):
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def southern_women(outdir):
    B = nx.davis_southern_women_graph()
    women, events = B.graph["top"], B.graph["bottom"]
    schema = {
        "relgraph_schema": 1,
        "name": "Southern Women",
        "description": "A. Davis, B. B. Gardner and M. R. Gardner, Deep South (1941): who "
                       "attended which social events; R. L. Breiger, The duality of persons "
                       "and groups, Social Forces 53 (1974) 181-190.",
        "provenance": {"required": False},
        "roles": {"member_edges": ["attended"], "body_kinds": ["event"],
                  "person_kinds": ["woman"]},
        "node_kinds": {
            "woman": {"description": "A woman of the community observed.", "attributes": {},
                      "required": []},
            "event": {"description": "A social event, numbered in date order.",
                      "attributes": {}, "required": []}},
        "edge_kinds": {
            "attended": edge_kind("The woman attended the event.", "woman", "event",
                                  "attended", "was attended by")},
    }
    nodes = [{"id": slug(w), "kind": "woman", "name": w} for w in women]
    nodes += [{"id": e, "kind": "event", "name": "Event %s" % e[1:]} for e in events]
    edges = [{"from": slug(w), "to": e, "kind": "attended"}
             for w in women for e in events if B.has_edge(w, e)]
    write(outdir, "southern-women", "southern-women.json", schema,
          {"relgraph": 1, "title": "Davis's Southern Women", "schema": "schema.json",
           "nodes": nodes, "edges": edges})


def florentine(outdir):
    G = nx.florentine_families_graph()
    schema = {
        "relgraph_schema": 1,
        "name": "Florentine families",
        "description": "J. F. Padgett and C. K. Ansell, Robust action and the rise of the "
                       "Medici, 1400-1434, American J. Sociology 98 (1993) 1259-1319: "
                       "marriages between elite families (networkx's copy, 15 families).",
        "provenance": {"required": False},
        "roles": {"body_kinds": ["family"]},
        "node_kinds": {
            "family": {"description": "An elite Florentine family.", "attributes": {},
                       "required": []}},
        "edge_kinds": {
            "married_into": edge_kind("A marriage joins the two families.", "family", "family",
                                      "is joined by marriage to", "is joined by marriage to")},
    }
    nodes = [{"id": f.lower(), "kind": "family", "name": f} for f in sorted(G)]
    edges = [{"from": a.lower(), "to": b.lower(), "kind": "married_into"}
             for a, b in sorted(tuple(sorted(e)) for e in G.edges())]
    write(outdir, "florentine", "florentine.json", schema,
          {"relgraph": 1, "title": "Florentine families (marriages)", "schema": "schema.json",
           "nodes": nodes, "edges": edges})


def main():
    outdir = sys.argv[1] if len(sys.argv) > 1 else HERE
    karate(outdir)
    southern_women(outdir)
    florentine(outdir)


if __name__ == "__main__":
    main()
