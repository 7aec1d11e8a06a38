#!/bin/bash
# test_progress_analyses.sh: the analyses that can run for seconds on a
# large catalogue (risks, gaps, links, audit, paths, interlocks) report
# progress through rg_progress: with --progress (forced on a non-terminal)
# each names its step on stderr and ends it with "done"; without it stderr
# stays empty.  From the JSON and from a compiled catalogue.
# Usage: test_progress_analyses.sh RELGRAPH SOURCE_DIR
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fails=0
fail() {
    echo "FAIL: $*"
    fails=$((fails + 1))
}
cp "$src/graphs/icann-ssr.json" "$src/graphs/schema.json" "$tmp/"
cd "$tmp" || exit 1
"$bin" compile icann-ssr.json -o c.rgc >/dev/null 2>&1 || fail "compile"
check() { # STEP ARGS...: the step's done line, from the JSON and the snapshot
    local step=$1
    shift
    for g in icann-ssr.json c.rgc; do
        "$bin" --progress --graph $g "$@" >/dev/null 2>err
        grep -q "^relgraph: $step: done" err || fail "$g $*: no '$step: done': $(cat err)"
    done
    "$bin" --graph icann-ssr.json "$@" >/dev/null 2>err
    [ -s err ] && fail "$*: progress without --progress: $(cat err)"
}
check "risks: cut points" risks
check "gaps: counterparties" gaps
check "links: distances" links ICANN OAS
check "audit: findings" audit
check "interlocks: projections" interlocks
check "paths: pairs" query -e 'nodes organization | paths(to: "OAS")'
if [ $fails -ne 0 ]; then
    echo "$fails failure(s)"
    exit 1
fi
echo "ok: progress of risks, gaps, links, audit, interlocks, paths"
