#!/bin/bash
# sweep.sh: runs relgraph's loader and each analysis with allocation number
# N made to fail (tests/failalloc/failalloc.c, LD_PRELOAD), and checks that
# every run ends either with the right answer (exit 0 and the same standard
# output as a run where nothing fails) or with a clean error (a non-zero
# exit below 128, a message on standard error, no sanitizer or memcheck
# report): never a crash, a hang, a wrong answer or, under --valgrind or
# --leaks, a leak.
#
#   sweep.sh RELGRAPH SOURCE_ROOT [--every | --sample K] [--valgrind | --leaks] [--only NAME]
#
#   --every      the full sweep: for `check` (the loader), every N from 1 to
#                the number of allocations it makes; for each other command,
#                N = 1 .. 200, then every N of its own part (from 50 before
#                the loader's count to the end), or 3,000 points spaced
#                evenly over it when it is longer (clusters, render-svg)
#   --sample K   N = 1 .. 10, then K points spaced evenly over the command's
#                own part (default 40); the same points on every run
#   --valgrind   each run under valgrind memcheck (tests/valgrind.supp):
#                a leak or a memory error is a failure.  Slow: use --sample.
#                NB valgrind replaces malloc ahead of every preload, so the
#                shim fails nothing there: use --leaks for the failure paths.
#   --leaks      RELGRAPH is a gcc AddressSanitizer build (-DRELGRAPH_SANITIZE=ON,
#                whose libasan is a shared library): the shim is preloaded
#                ahead of libasan (ASAN_OPTIONS=verify_asan_link_order=0), so
#                the Nth allocation fails and LeakSanitizer checks every run,
#                with the suppressions of tests/lsan.supp (third-party only):
#                a leak, a memory error or a UBSan report is a failure.  An
#                ASan build is always run this way; the flag insists on one.
#   --spread K   K points spaced evenly over the command's own part only
#                (no 1 .. 10): the cheapest sample that reaches every command
#   --at N,N,..  these points only (with --only: a regression)
#   --say-memory a clean error that does not say "out of memory" fails
#   --vague      list each clean error that does not say "out of memory"
#   --tail K     every N among the command's last K allocations (where its
#                answer is formatted and printed)
#   --head K     every N from 1 to K (before the catalogue is read)
#   --no-crash   a crash that relgraph did not contain fails, third-party
#                or not (a regression for the drawing process, below)
#   --only NAME  one command of the list below (check, stats, gaps, ...,
#                query-render, explore)
#   --query Q    the query of the command `query` (default: the names of
#                the companies with "Bank" in them)
#
# Where Graphviz or a library it loads (cairo, pango, fontconfig, glib,
# expat) is the one denied memory, it may dereference the NULL it got or
# call abort: its allocation wrappers (gvc's gmalloc, cdt's dtopen)
# print "out of memory" and return NULL to callers that do not check it.
# Such a crash is counted as "third-party" and listed, not failed: the fault
# is in that library, and relgraph cannot recover from inside it.  The
# object that asked for the failed allocation is taken from the shim's log
# (the first frame outside the C library).  igraph 0.10.2 has one such path
# (below): igraph_inclist_init does not check one of its callocs.
# Any other crash fails the sweep: where relgraph, igraph or jansson asked
# for the memory.  (jansson 2.14's lexer mishandles a failed allocation of
# its own; relgraph's CLI gives jansson an allocator that reports out of
# memory and exits instead of returning NULL (src/cli/main.c), so jansson
# never sees one, and a crash inside it is a failure.  Likewise cgraph's
# agalloc and agrealloc: they call the memory discipline relgraph passes to
# agopen, whose out-of-memory hook the CLI sets (src/cli/cmd_render.c), so a
# crash after one of them failed is a failure, even where the allocation
# is cgraph's own, as it is in a binary built before that discipline.)
#
# Drawing: relgraph runs each diagram's Graphviz part in a child process
# (src/cli/cli_draw.c) and turns its death into an error, "drawing 'T'
# failed: Graphviz stopped with SIGSEGV (often out of memory)", exit 1.  The
# shim counts allocations across the fork (one numbering for the run), and
# logs the failed allocation and the crash site from the child too.  Such
# a run is "contained" when the allocation that failed was asked for by
# Graphviz or a library it loads and the crash site is not relgraph's code;
# a contained crash after agalloc or agrealloc, after an allocation of
# relgraph's own, or in relgraph's code fails the sweep, as an uncontained
# crash there does.
#
# A clean error whose message does not mention memory is counted apart
# ("not saying out of memory"; --vague lists them, --say-memory fails them):
# the run stopped and said so, but the message misleads.
#
# The catalogue is tests/domains/boards (48 nodes, 59 edges; its own
# schema).  Prints one line per command: points tried, right answers,
# clean errors, third-party crashes, failures; exits 1 on any failure.
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
shift 2
mode=sample
points=40
at=
vg=0
leaks=0
show_vague=0
say_memory=0
no_crash=0
only=
query='nodes company | where name ~ "Bank" | show id, name'
while [ $# -gt 0 ]; do
  case $1 in
    --every) mode=every ;;
    --sample) mode=sample; points=$2; shift ;;
    --spread) mode=spread; points=$2; shift ;;
    --at) mode=at; at=$2; shift ;;
    --valgrind) vg=1 ;;
    --leaks) leaks=1 ;;
    --vague) show_vague=1 ;;
    --say-memory) say_memory=1 ;;
    --no-crash) no_crash=1 ;;
    --only) only=$2; shift ;;
    --tail) mode=tail; points=$2; shift ;;
    --head) mode=head; points=$2; shift ;;
    --query) query=$2; shift ;;
    *) echo "sweep.sh: unknown option '$1'" >&2; exit 2 ;;
  esac
  shift
done
here=$(cd "$(dirname "$0")" && pwd)
shim=$(cd "$(dirname "$bin")" && pwd)/tests/libfailalloc.so
[ -f "$shim" ] || shim=$(cd "$(dirname "$bin")" && pwd)/libfailalloc.so
if [ ! -f "$shim" ]; then
  echo "sweep.sh: libfailalloc.so not found beside $bin (build the tests, not a sanitized build)" >&2
  exit 2
fi
# a gcc ASan build loads libasan, which must come after the shim in the
# preload list (the shim forwards to it); a clang ASan build links its
# runtime into the program, ahead of any preload, and cannot be swept
preload=$shim
libasan=$(ldd "$bin" 2>/dev/null | sed -n 's/^[[:space:]]*libasan[^ ]* => \([^ ]*\) .*/\1/p')
if [ -n "$libasan" ]; then
  leaks=1
  preload=$shim:$libasan
  # handle_segv=0: a crash is a signal, classed like in a plain build (a
  # third-party one is told apart by where the failed allocation was made)
  export ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=1:handle_segv=0:abort_on_error=0:halt_on_error=1
  export LSAN_OPTIONS=suppressions=$src/tests/lsan.supp:print_suppressions=0:fast_unwind_on_malloc=0
  export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
elif [ $leaks = 1 ]; then
  echo "sweep.sh: --leaks needs a gcc AddressSanitizer build (-DRELGRAPH_SANITIZE=ON): $bin does not load libasan" >&2
  exit 2
fi
if [ $leaks = 1 ] && [ $vg = 1 ]; then
  echo "sweep.sh: --valgrind and --leaks do not go together" >&2
  exit 2
fi
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
cp "$src/tests/domains/boards/boards.json" "$src/tests/domains/boards/schema.json" "$t/"
cd "$t" || exit 2

# the commands: a name, then the arguments after `relgraph --graph boards.json`
names="check stats find links links-hops gaps risks central interlocks clusters audit query
query-paths json render-dot render-svg query-render explore"
args_of() {
  case $1 in
    find) args=(find bank) ;;
    links) args=(links reg-nfsa reg-nmc) ;;
    links-hops) args=(links reg-nfsa reg-nmc --max-hops 3 --limit 5) ;;
    query) args=(query -e "$query") ;;
    query-paths) args=(query -e 'paths(from: "reg-nfsa", to: "reg-nmc", max_hops: 3)') ;;
    json) args=(central --format json) ;;
    render-dot) args=(render overview -o -) ;;
    render-svg) args=(render overview -o out.svg) ;;
    # a query's selection drawn (--render), and the explorer's page (its
    # overview drawn, its data embedded): each draws in a child process
    query-render) args=(query -e "nodes company, director" --render out.svg) ;;
    explore) args=(explore -o out.html) ;;
    *) args=("$1") ;;
  esac
}

vgcmd=()
if [ $vg = 1 ]; then
  vgcmd=(valgrind -q --error-exitcode=99 --leak-check=full
         --errors-for-leak-kinds=definite,indirect --show-leak-kinds=definite,indirect
         --suppressions="$src/tests/valgrind.supp")
fi

# run N ARGS...: one run with allocation N failing; sets rc; output in $t/out,
# $t/err, the shim's log in $t/log, and out.svg's and out.html's bytes
# appended to $t/out
run() {
  local n=$1
  shift
  rm -f "$t/log" "$t/out.svg" "$t/out.html"
  # (the shell's own "Segmentation fault" notice goes to /dev/null)
  { RG_FAIL_AT=$n RG_FAIL_LOG=$t/log LD_PRELOAD=$preload timeout 120 \
    "${vgcmd[@]}" "$bin" --graph boards.json "$@" >"$t/out" 2>"$t/err"; } 2>/dev/null
  rc=$?
  [ -f "$t/out.svg" ] && cat "$t/out.svg" >>"$t/out"
  [ -f "$t/out.html" ] && cat "$t/out.html" >>"$t/out"
  # a file written beside its target and renamed (render, fmt, compile,
  # report) must not outlive a run that failed
  left=$(cd "$t" && ls -d ./*.tmp* 2>/dev/null | head -3 | tr '\n' ' ')
  rm -rf "$t"/*.tmp*
}

third_party='libgvc|libcgraph|libgvplugin|libpathplan|libcdt|libxdot|libcairo|libpango|libfontconfig|libglib|libgobject|libharfbuzz|libfreetype|libexpat|libltdl|libpixman|libpng|libz\.'
# the loader's allocations (those of `check`), measured first
base=0
args_of check
run 0 "${args[@]}"
base=$(sed -n 's/^count //p' "$t/log")
# igraph 0.10.2's igraph_inclist_init calls a helper that callocs a vector
# header and passes the result to igraph_vector_int_init unchecked: a NULL
# there is written through (fixed upstream: IGRAPH_CHECK_OOM)
igraph_bug='^[^ ]*libigraph[^ ]* [^ ]*:igraph_inclist_init( |$)'
# cgraph's agalloc and agrealloc call the memory discipline relgraph passes
# to agopen (src/render/rg_render.c), whose out-of-memory hook ends the CLI
# with "out of memory": a crash after one of them failed is relgraph's
cgraph_disc=':ag(alloc|realloc)( |$)'
total_fail=0
for name in $names; do
  [ -n "$only" ] && [ "$only" != "$name" ] && continue
  args_of "$name"
  run 0 "${args[@]}"
  if [ $rc != 0 ]; then
    echo "FAIL $name: the run without failures exited $rc: $(head -c 300 "$t/err")"
    total_fail=1
    continue
  fi
  cp "$t/out" "$t/want"
  count=$(sed -n 's/^count //p' "$t/log")
  [ "$name" = check ] && base=$count
  # the points: 1 to 10 (argument parsing, a query's lexer and parser run
  # before the catalogue is read), then the command's own part: after the
  # loader (whose allocations `check` covers), spaced evenly when there are
  # more than the budget of points
  from=1
  if [ "$name" != check ]; then
    from=$((base > 50 ? base - 50 : 1))
  fi
  if [ $mode = tail ]; then
    list=$(seq $((count > points ? count - points + 1 : 1)) "$count")
  elif [ $mode = head ]; then
    list=$(seq 1 $((count < points ? count : points)))
  elif [ $mode = at ]; then
    list=$(echo "$at" | tr ',' ' ')
  elif [ $mode = spread ]; then
    budget=$points
    first=0
  elif [ $mode = every ]; then
    budget=$([ "$name" = check ] && echo "$count" || echo 3000)
    first=200
  else
    budget=$points
    first=10
  fi
  [ $mode = tail ] || [ $mode = head ] || [ $mode = at ] || list=$(awk -v c="$count" -v f="$from" -v k="$budget" -v first="$first" 'BEGIN {
    for (i = 1; i <= first && i <= c; i++) print i
    if (f <= first) f = first + 1
    span = c - f + 1
    if (span <= 0) exit
    if (span <= k) { for (n = f; n <= c; n++) print n; exit }
    for (j = 0; j < k; j++) print f + int(span * j / k)
  }' | sort -nu)
  tried=0 right=0 clean=0 third=0 bad=0 vague=0 contained=0 said=0 watched=0
  for n in $list; do
    run "$n" "${args[@]}"
    tried=$((tried + 1))
    where=$(sed -n 's/^failed [0-9]* //p' "$t/log")
    first=${where%% *}
    crash_at=$(sed -n 's/^crash [0-9]* //p' "$t/log" | head -1)
    crash_at=${crash_at%% *}
    drawn=0 # the drawing process died and relgraph said so
    grep -q "stopped with SIG" "$t/err" && drawn=1
    why=
    if [ -n "$left" ]; then
      why="a temporary file left behind: $left"
    elif grep -q 'ERROR: LeakSanitizer' "$t/err"; then
      why="a leak (LeakSanitizer; the first leaked block's stack below)"
    elif grep -qE 'AddressSanitizer|runtime error|LeakSanitizer|== (Invalid|Conditional|Use of|Mismatched)' "$t/err"; then
      why="a sanitizer or memcheck report"
    elif [ $rc = 99 ] && [ $vg = 1 ]; then
      why="memcheck found an error or a leak"
    elif [ $rc -ge 124 ] && echo "$where" | grep -qE "$cgraph_disc"; then
      why="exit $rc (a signal or a timeout) after cgraph's agalloc or agrealloc failed, which relgraph's memory discipline should end with an error"
    elif [ $drawn = 1 ] && echo "$where" | grep -qE "$cgraph_disc"; then
      why="the drawing process crashed after cgraph's agalloc or agrealloc failed, which relgraph's memory discipline should end with an error"
    elif [ $drawn = 1 ] && echo "${crash_at%%+*}" | grep -qE '(^|/)relgraph$'; then
      why="the drawing process crashed in relgraph's own code (at ${crash_at##*/})"
    elif [ $drawn = 1 ] && ! echo "$first" | grep -qE "$third_party"; then
      why="the drawing process crashed after an allocation that is not Graphviz's or its libraries' failed"
    elif [ $rc -ge 124 ] && [ $no_crash = 1 ]; then
      why="exit $rc (a signal or a timeout) that relgraph did not contain (--no-crash)"
    elif [ $rc -ge 124 ]; then
      if echo "$first" | grep -qE "$third_party" || echo "$where" | grep -qE "$igraph_bug"; then
        third=$((third + 1))
        echo "  $name N=$n: third-party crash (exit $rc), the allocation of ${first##*/}"
        continue
      fi
      why="exit $rc (a signal or a timeout)"
    elif [ $rc = 0 ]; then
      cmp -s "$t/out" "$t/want" || why="exit 0 with a different answer"
    elif [ ! -s "$t/err" ]; then
      why="exit $rc with nothing on standard error"
    elif [ $say_memory = 1 ] && ! grep -q "out of memory" "$t/err"; then
      why="a clean error that does not say out of memory"
    fi
    if [ -n "$why" ]; then
      bad=$((bad + 1))
      echo "FAIL $name N=$n: $why; the allocation that failed:"
      sh "$here/where.sh" "$t/log" | sed 's/^/    /'
      if [ "$why" = "${why#a leak}" ]; then
        sed -n 1,6p "$t/err" | sed 's/^/    stderr: /'
      else # the first leak's stack, relgraph's frames and the libraries'
        sed -n '/^Direct leak\|^Indirect leak/,/^$/p' "$t/err" | sed -n 1,14p | sed 's/^/    /'
      fi
    elif [ $rc = 0 ]; then
      right=$((right + 1))
    else
      clean=$((clean + 1))
      # the drawing ended normally but Graphviz or pango said it went on
      # without memory (src/cli/cli_draw.c, pass_messages)
      if grep -qE 'ran out of memory \(above\)|its text could not be shaped' "$t/err"; then
        said=$((said + 1))
        echo "  $name N=$n: the drawing's messages said it was degraded, the allocation of ${first##*/}"
      # or said nothing, but an allocation was refused while it drew
      # (src/cli/cli_allocwatch.c): harfbuzz's empty objects
      elif grep -q 'ran out of memory while drawing' "$t/err"; then
        watched=$((watched + 1))
        echo "  $name N=$n: an allocation refused while drawing (the watch), the allocation of ${first##*/}"
      fi
      if [ $drawn = 1 ]; then
        contained=$((contained + 1))
        echo "  $name N=$n: contained crash of the drawing process, the allocation of ${first##*/}"
      fi
      if ! grep -q "memory" "$t/err"; then
        vague=$((vague + 1))
        [ $show_vague = 1 ] && echo "  $name N=$n: not saying out of memory: $(head -1 "$t/err" | head -c 200)"
      fi
    fi
  done
  echo "$name: $count allocations ($((count - base)) past the loader's); $tried points tried: $right right answers, $clean clean errors ($vague not saying out of memory; $contained of them a contained crash of the drawing process, $said a degraded drawing its messages gave away, $watched one the allocation watch failed), $third third-party crashes, $bad failures"
  [ $bad = 0 ] || total_fail=1
done
exit $total_fail
