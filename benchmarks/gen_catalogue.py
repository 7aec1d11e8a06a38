#!/usr/bin/env python3
"""Writes a synthetic catalogue of N nodes and M edges that follows
graphs/schema.json, for load and query benchmarks.

usage: gen_catalogue.py NODES EDGES OUT.json [SEED]

Nodes: 1 source, then organisations (60%), people (30%) and agreements
(10%); edges: works_for (person -> organisation), member_of (person ->
organisation) and party_to (organisation -> agreement), endpoints drawn at
random with a fixed seed, every element cited.  Streams its output, so a
5-million-edge file needs little memory to write."""
import random
import sys


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    n, m, out = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
    rng = random.Random(int(sys.argv[4]) if len(sys.argv) > 4 else 1)
    n_org = max(2, int(n * 0.6))
    n_person = max(1, int(n * 0.3))
    n_agr = max(1, n - 1 - n_org - n_person)
    schema = sys.argv[5] if len(sys.argv) > 5 else "../graphs/schema.json"
    cite = '"cite": [{"source": "s", "at": "row 1"}]'
    with open(out, "w") as f:
        f.write('{"relgraph": 1, "schema": "%s",\n"nodes": [\n' % schema)
        f.write('{"id": "s", "kind": "source", "name": "Synthetic", "file": "synthetic.txt"}')
        for i in range(n_org):
            f.write(',\n{"id": "o%d", "kind": "organization", "name": "Organisation %d", "short_name": "O%d", %s}' % (i, i, i, cite))
        for i in range(n_person):
            f.write(',\n{"id": "p%d", "kind": "person", "name": "Person %d", %s}' % (i, i, cite))
        for i in range(n_agr):
            f.write(',\n{"id": "a%d", "kind": "agreement", "name": "Agreement %d", "agreement_type": "mou", '
                    '"text_located": true, "ssr_elements": "none", "date": "2015-06-01", %s}' % (i, i, cite))
        f.write('\n],\n"edges": [\n')
        for j in range(m):
            r = j % 3
            if r == 0:
                e = '{"from": "p%d", "to": "o%d", "kind": "works_for", "title": "Officer", %s}' % (
                    rng.randrange(n_person), rng.randrange(n_org), cite)
            elif r == 1:
                e = '{"from": "p%d", "to": "o%d", "kind": "member_of", "role": "Board", %s}' % (
                    rng.randrange(n_person), rng.randrange(n_org), cite)
            else:
                e = '{"from": "o%d", "to": "a%d", "kind": "party_to", %s}' % (
                    rng.randrange(n_org), rng.randrange(n_agr), cite)
            f.write((",\n" if j else "") + e)
        f.write("\n]}\n")


if __name__ == "__main__":
    main()
