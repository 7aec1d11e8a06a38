#!/bin/bash
# test_sigbus.sh: relgraph maps its catalogue (and a compiled catalogue for
# the whole run); when another program truncates such a file in use, a read
# past its new end raises SIGBUS.  That must end as an error (the message,
# exit 1) and, in `report`, leave no temporary folder: never a crash.  The
# signal is sent with kill, since the moment a truncation lands cannot be
# arranged from a script: to a `check` waiting on a FIFO, and to a `report`
# waiting on its PDF converter.
# Usage: test_sigbus.sh RELGRAPH SOURCE_DIR
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
msg='a catalogue file was cut short while it was read'

# wait_for PATTERN: until a relgraph process whose command line has PATTERN
# runs (at most 20 s); prints its pid: the oldest, since relgraph draws in a
# child process with the same command line (src/cli/cli_draw.c).
wait_for() {
    local pid
    for _ in $(seq 200); do
        pid=$(pgrep -o -f "$1") && { echo "$pid"; return 0; }
        sleep 0.1
    done
    return 1
}

mkfifo cat.fifo
"$bin" --graph "$tmp/cat.fifo" check >out 2>err &
job=$!
if pid=$(wait_for "relgraph --graph $tmp/cat.fifo check"); then
    sleep 0.3
    kill -BUS "$pid"
    wait "$job"
    rc=$?
    [ "$rc" = 1 ] || fail "check: exit $rc after SIGBUS, not 1: $(cat err)"
    grep -q "^relgraph: $msg" err || fail "check: no message: $(cat err)"
else
    fail "check did not start"
    kill "$job" 2>/dev/null
fi
exec 3<>cat.fifo # release a check still waiting, if any
exec 3>&-

# report: the converter waits; SIGBUS to relgraph removes the folder it was
# writing and says why.
"$bin" compile icann-ssr.json -o c.rgc >/dev/null 2>&1 || fail "compile"
cat >slow-pdf <<SH
#!/bin/sh
echo \$\$ >"$tmp/converter-started"
exec sleep 30
SH
chmod +x slow-pdf
"$bin" --graph c.rgc report -o rep --pdf-converter "$tmp/slow-pdf" >out 2>err &
job=$!
if pid=$(wait_for "relgraph --graph c.rgc report -o rep"); then
    for _ in $(seq 200); do # until the converter runs: the folder is written
        [ -e converter-started ] && break
        sleep 0.1
    done
    [ -e converter-started ] || fail "report: the converter did not start"
    ls -d rep.tmp* >/dev/null 2>&1 || fail "report: no folder being written"
    kill -BUS "$pid"
    wait "$job"
    rc=$?
    [ "$rc" = 1 ] || fail "report: exit $rc after SIGBUS, not 1: $(cat err)"
    grep -q "^relgraph: $msg" err || fail "report: no message: $(cat err)"
    left=$(ls -A | grep -v -e '^icann-ssr.json$' -e '^schema.json$' -e '^c.rgc$' -e '^cat.fifo$' \
        -e '^slow-pdf$' -e '^slowbin$' -e '^out$' -e '^err$' -e '^converter-started$')
    [ -z "$left" ] || fail "report: left behind: $left"
else
    fail "report did not start"
    kill "$job" 2>/dev/null
fi
[ -s converter-started ] && kill "$(cat converter-started)" 2>/dev/null

# SIGTERM while the report is being made, in its child process
# (src/cli/cli_draw.c), here held in a gnuplot that waits: the child dies
# with relgraph (PR_SET_PDEATHSIG) and nothing is left, neither a process
# nor a folder.
mkdir slowbin
cat >slowbin/gnuplot <<SH
#!/bin/sh
echo \$\$ >"$tmp/gnuplot-started"
exec sleep 30
SH
chmod +x slowbin/gnuplot
PATH=$tmp/slowbin:$PATH "$bin" --graph icann-ssr.json report -o rep2 --no-pdf >out 2>err &
job=$!
for _ in $(seq 200); do
    [ -s gnuplot-started ] && break
    sleep 0.1
done
child=$(pgrep -P "$job" -f "report -o rep2")
if [ -s gnuplot-started ] && [ -n "$child" ]; then
    kill -TERM "$job"
    wait "$job"
    rc=$?
    [ "$rc" = 143 ] || fail "report, SIGTERM while drawing: exit $rc, not 143"
    for _ in $(seq 20); do
        kill -0 "$child" 2>/dev/null || break
        sleep 0.1
    done
    kill -0 "$child" 2>/dev/null && fail "report, SIGTERM: the drawing process $child lives on"
    ls -d rep2* >/dev/null 2>&1 && fail "report, SIGTERM: left behind: $(ls -d rep2*)"
else
    fail "report: its child process did not reach gnuplot"
    kill "$job" 2>/dev/null
fi
[ -s gnuplot-started ] && kill "$(cat gnuplot-started)" 2>/dev/null

[ "$fails" = 0 ] && echo "ok: SIGBUS is an error, and report cleans up" && exit 0
exit 1
