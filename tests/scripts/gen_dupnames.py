#!/usr/bin/env python3
"""Writes a catalogue in the default schema (inlined) of N organisations
that all bear one name, with no alias edge between them: every pair is a
likely duplicate for `audit`, the worst case of its duplicate search.

usage: gen_dupnames.py N OUT.json [SCHEMA]   (N = 500 gives about 100 KB)"""
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
        f.write('{"id": "s", "kind": "source", "name": "Synthetic names", "file": "names.txt"}')
        for i in range(1, n + 1):
            f.write(',\n{"id": "d%d", "kind": "organization", "name": "The Same Organisation", '
                    '"short_name": "SAME", "aliases": ["Same Organisation (Geneva)"], %s}' % (i, cite))
        f.write('\n],\n"edges": []}\n')


main()
