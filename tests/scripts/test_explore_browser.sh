#!/bin/bash
# test_explore_browser.sh: `relgraph explore` pages in headless Chromium
# (Debian's chromium, chromium-driver and python3-selenium), driven by
# explore_browser.py: the default catalogue (search "APWG", click it, read a
# citation, choose ICANN and APWG, Piscitello highlighted), the board
# catalogue of tests/domains/boards, and a catalogue of hostile names
# (</script>, <!--, quotes, U+2028/U+2029 in names, quotes and citations).
# In each: the page's connections equal `relgraph links --format json` for a
# sample of pairs, no console message, no request but the page.
# Usage: test_explore_browser.sh RELGRAPH SOURCE_ROOT [SHOTS_DIR]
set -u
bin=$1
src=$2
# Skipped under valgrind (scripts/test-valgrind): it drives headless Chromium
# over pages relgraph wrote, under a time limit; the pages are written by the
# same code test_explore.sh runs under valgrind.
if [ "${RELGRAPH_UNDER_VALGRIND:-0}" = 1 ]; then
  echo "skipped under valgrind: a browser test (the plain and sanitized suites run it)"
  exit 0
fi
py=/usr/bin/python3 # Debian's, with python3-selenium
[ -x "$py" ] || py=python3
for f in /usr/bin/chromium /usr/bin/chromedriver; do
  [ -x "$f" ] || { echo "FAIL: $f is missing: run scripts/deps"; exit 1; }
done
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
shots=${3:-$t}
fail=0

# The hostile catalogue: the render fixture's names, and names, quotes and a
# title made to end the data's script element or break its JSON.
mkdir -p "$t/hostile"
cp "$src/graphs/schema.json" "$t/hostile/schema.json"
"$py" - "$src/tests/fixtures/render/hostile.json" "$t/hostile/hostile.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1], encoding="utf-8"))
d["schema"] = "schema.json"
d["title"] = "</script><script>window.injected=1</script> \u2028 <!-- title"
evil = ["</script><script>window.injected=1</script>", "</SCRIPT ><img src=x>",
        "<!--<script>", "line\u2028sep\u2029para", "\\u003c/script\\u003e", "'\"`${x}",
        "]]></script>"]
src = d["nodes"][0]["id"]
for k, name in enumerate(evil):
    d["nodes"].append({"id": "evil%d" % k, "kind": "organization", "name": name,
                       "short_name": name[:12], "aliases": [name + " alias"],
                       "counterparty": True,
                       "cite": [{"source": src, "at": "row </script>", "quote": name}]})
    d["edges"].append({"from": "hub", "to": "evil%d" % k, "kind": "participates_in",
                       "cite": [{"source": src, "at": "row 1", "quote": "q " + name}]})
json.dump(d, open(sys.argv[2], "w", encoding="utf-8"), ensure_ascii=False)
PY

specs=()
cat=$src/graphs/icann-ssr.json
if "$bin" --graph "$cat" explore -o "$t/icann.html" 2>"$t/err"; then
  specs+=("icann:$cat:$t/icann.html")
else
  echo "FAIL: explore of the default catalogue: $(cat "$t/err")"
  fail=1
fi
cat=$src/tests/domains/boards/boards.json
if "$bin" --graph "$cat" explore -o "$t/boards.html" 2>"$t/err"; then
  specs+=("domain:$cat:$t/boards.html")
else
  echo "FAIL: explore of the boards catalogue: $(cat "$t/err")"
  fail=1
fi
# A size budget that leaves most nodes' connections out.
if "$bin" --graph "$cat" explore -o "$t/budget.html" --path-budget 1000 2>"$t/err"; then
  specs+=("budget:$cat:$t/budget.html")
  grep -q "the connections of [0-9]* of 48 nodes are embedded" "$t/err" ||
    { echo "FAIL: --path-budget 1000 does not say what it left out: $(cat "$t/err")"; fail=1; }
else
  echo "FAIL: explore --path-budget 1000: $(cat "$t/err")"
  fail=1
fi
# A catalogue with nothing to draw (one source): a page without a drawing.
"$py" - "$t/hostile/nodraw.json" <<'PY'
import json, sys
json.dump({"relgraph": 1, "title": "nothing to draw", "schema": "schema.json",
           "nodes": [{"id": "s1", "kind": "source", "name": "A source", "file": "a.txt"}],
           "edges": []}, open(sys.argv[1], "w"))
PY
if "$bin" --graph "$t/hostile/nodraw.json" explore -o "$t/nodraw.html" 2>"$t/err"; then
  specs+=("nodraw:$t/hostile/nodraw.json:$t/nodraw.html")
else
  echo "FAIL: explore of a catalogue with nothing to draw: $(cat "$t/err")"
  fail=1
fi
cat=$t/hostile/hostile.json
if "$bin" --graph "$cat" explore -o "$t/hostile.html" 2>"$t/err"; then
  specs+=("hostile:$cat:$t/hostile.html")
  # In the bytes: the page's two scripts open and close once each.
  n=$(grep -o -i '<script' "$t/hostile.html" | wc -l)
  m=$(grep -o -i '</script' "$t/hostile.html" | wc -l)
  [ "$n" = 2 ] && [ "$m" = 2 ] || { echo "FAIL: hostile page: $n <script, $m </script (not 2)"; fail=1; }
  # The data: no '<' and no raw U+2028/U+2029 (JSON allows both; a script
  # element and older JavaScript parsers do not).
  "$py" - "$t/hostile.html" <<'PY' || fail=1
import sys
s = open(sys.argv[1], encoding="utf-8").read()
head = '<script type="application/json" id="rg-data">'
data = s[s.index(head) + len(head):s.index("</script>", s.index(head))]
bad = [c for c in "<>&\u2028\u2029" if c in data]
if bad or "\\u2028" not in data or "\\u003c/script" not in data:
    print("FAIL: hostile page: the data holds %r raw, or lacks the escapes" % bad)
    sys.exit(1)
PY
else
  echo "FAIL: explore of the hostile catalogue: $(cat "$t/err")"
  fail=1
fi
timeout 300 "$py" "$src/tests/scripts/explore_browser.py" "$bin" "$shots" "${specs[@]}" || fail=1
exit $fail
