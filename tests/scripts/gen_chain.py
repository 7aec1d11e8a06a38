#!/usr/bin/env python3
"""Writes a chain catalogue in the default schema (inlined): a hub, then N
counterparty organisations, each a member of the one before it, so that
every organisation but the last cuts off all those after it.  The worst
case for `risks`: N cut points, each separating O(N) counterparties.

usage: gen_chain.py N OUT.json [SCHEMA]   (N = 10000 gives about 2.3 MB)"""
import json
import os
import sys


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    n, out = int(sys.argv[1]), sys.argv[2]
    here = os.path.dirname(os.path.abspath(__file__))
    path = sys.argv[3] if len(sys.argv) > 3 else os.path.join(here, "..", "..", "graphs", "schema.json")
    with open(path) as f:
        schema = json.load(f)
    cite = '"cite": [{"source": "s", "at": "row 1"}]'
    with open(out, "w") as f:
        f.write('{"relgraph": 1, "schema": %s,\n"nodes": [\n' % json.dumps(schema))
        f.write('{"id": "s", "kind": "source", "name": "Synthetic chain", "file": "chain.txt"},\n')
        f.write('{"id": "hub", "kind": "organization", "name": "The Hub", %s}' % cite)
        for i in range(1, n + 1):
            f.write(',\n{"id": "o%d", "kind": "organization", "name": "Chain organisation %d", '
                    '"counterparty": true, %s}' % (i, i, cite))
        f.write('\n],\n"edges": [\n')
        for i in range(1, n + 1):
            prev = "hub" if i == 1 else "o%d" % (i - 1)
            f.write('%s{"from": "o%d", "to": "%s", "kind": "member_of", "role": "member", %s}' % (
                ",\n" if i > 1 else "", i, prev, cite))
        f.write("\n]}\n")


main()
