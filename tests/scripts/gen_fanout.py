#!/usr/bin/env python3
"""Writes hostile catalogues in the default schema (inlined) for the
scaling tests of test_scale_linear.sh: shapes where a search that revisits
its work, or scans every link per row, goes quadratic.

usage: gen_fanout.py participants K OUT.json
         K people, each taking part in two bodies (o_i and o_i+1): K pairs
         of bodies tied by a shared participant, each row explained.
       gen_fanout.py agents A K OUT.json
         A people working for the hub, each a member of one body B; B is
         part of K bodies, each part of the same K counterparties: every
         agent reaches each counterparty by K paths (A x K x K in all)."""
import json
import os
import sys

CITE = '"cite": [{"source": "s", "at": "row 1"}]'


def header(f, schema):
    f.write('{"relgraph": 1, "schema": %s,\n"nodes": [\n' % json.dumps(schema))
    f.write('{"id": "s", "kind": "source", "name": "Synthetic", "file": "synthetic.txt"},\n')
    f.write('{"id": "hub", "kind": "organization", "name": "The Hub", %s}' % CITE)


def node(f, i, kind, name, extra=""):
    f.write(',\n{"id": "%s", "kind": "%s", "name": "%s", %s%s}' % (i, kind, name, extra, CITE))


def edges(f, items):
    f.write('\n],\n"edges": [\n')
    f.write(",\n".join('{"from": "%s", "to": "%s", "kind": "%s", %s%s}' % (a, b, k, x, CITE)
                       for a, b, k, x in items))
    f.write("\n]}\n")


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    with open(os.path.join(here, "..", "..", "graphs", "schema.json")) as f:
        schema = json.load(f)
    mode, out = sys.argv[1], sys.argv[-1]
    with open(out, "w") as f:
        header(f, schema)
        if mode == "participants":
            k = int(sys.argv[2])
            for i in range(k + 1):
                node(f, "o%d" % i, "organization", "Body %d" % i)
            for i in range(k):
                node(f, "p%d" % i, "person", "Person %d" % i)
            edges(f, [("p%d" % i, "o%d" % (i + j), "participates_in", "") for i in range(k)
                      for j in (0, 1)])
        elif mode == "agents":
            a, k = int(sys.argv[2]), int(sys.argv[3])
            node(f, "b", "organization", "The body")
            for i in range(k):
                node(f, "m%d" % i, "organization", "Middle %d" % i)
                node(f, "c%d" % i, "organization", "Counterparty %d" % i, '"counterparty": true, ')
            for i in range(a):
                node(f, "p%d" % i, "person", "Agent %d" % i)
            e = [("p%d" % i, "hub", "works_for", "") for i in range(a)]
            e += [("p%d" % i, "b", "member_of", '"role": "member", ') for i in range(a)]
            e += [("b", "m%d" % i, "part_of", "") for i in range(k)]
            e += [("m%d" % i, "c%d" % j, "part_of", "") for i in range(k) for j in range(k)]
            edges(f, e)
        else:
            sys.exit(__doc__)


main()
