#!/usr/bin/env bash
# Checks relgraph's analyses against an independent implementation
# (python3-networkx) on generated random graphs: shortest path lengths
# (links), articulation points and bridges with the exact sets they cut off
# (risks), betweenness, degree and component counts (central), and the
# weighted bipartite projection (interlocks).  Usage: $0 RELGRAPH SOURCE_ROOT
set -euo pipefail
bin=$1
exec /usr/bin/python3 "$2/tests/scripts/analyses_networkx.py" "$bin"
