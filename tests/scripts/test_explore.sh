#!/bin/bash
# test_explore.sh: `relgraph explore` without a browser: the command line
# (help, default file, '-', wrong names), the page's Content-Security-Policy
# (the script and the style sheet allowed by their SHA-256, nothing else, no
# src or href anywhere, the data script not executable), determinism, the
# size limit (nothing written), the public audience, and the embedded data
# (every node and edge, drawing ids that name catalogue indices).  The
# browser test is test_explore_browser.sh.
# Usage: test_explore.sh RELGRAPH SOURCE_ROOT
set -u
bin=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
src=$(cd "$2" && pwd)
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
boards=$src/tests/domains/boards/boards.json

"$bin" explore --help >"$t/help" 2>&1 || bad "explore --help exits $?"
grep -q '^usage: relgraph \[--graph FILE\] explore' "$t/help" || bad "--help has no usage line"
"$bin" help explore | cmp -s - "$t/help" || bad "'relgraph help explore' differs from --help"
"$bin" --help | grep -q '^  explore ' || bad "relgraph --help does not list explore"

# Wrong command lines: exit 2, a message, nothing written.
(cd "$t" && "$bin" explore -o page.svg >/dev/null 2>"$t/e1"); rc=$?
[ $rc = 2 ] && grep -q "name it .html or .htm" "$t/e1" || bad "explore -o page.svg: exit $rc: $(cat "$t/e1")"
(cd "$t" && "$bin" explore --as-of 2016-13-01 2>"$t/e2"); rc=$?
[ $rc = 2 ] && grep -q "as-of takes a date" "$t/e2" || bad "bad --as-of: exit $rc"
(cd "$t" && "$bin" explore --max-node 3 2>"$t/e3"); rc=$?
[ $rc = 2 ] && grep -q "did you mean '--max-nodes'" "$t/e3" || bad "misspelt option: exit $rc: $(cat "$t/e3")"
(cd "$t" && "$bin" explore extra 2>"$t/e4"); rc=$?
[ $rc = 2 ] || bad "an extra argument: exit $rc"
[ -z "$(ls "$t" | grep -v '^e[0-9]$\|^help$')" ] || bad "a refused command wrote: $(ls "$t")"

# Too large an overview: refused as render refuses it, nothing left behind.
"$bin" --graph "$boards" explore -o "$t/big.html" --max-nodes 5 2>"$t/e5"; rc=$?
[ $rc = 1 ] && grep -q "more than dot lays out well" "$t/e5" || bad "--max-nodes 5: exit $rc: $(cat "$t/e5")"
[ -z "$(ls "$t" | grep big)" ] || bad "--max-nodes 5 left $(ls "$t" | grep big)"

# The default file name, and '-' for standard output: the same bytes; twice
# the same bytes (deterministic).
mkdir "$t/cwd"
(cd "$t/cwd" && "$bin" --graph "$boards" explore 2>"$t/e6") || bad "explore with no -o: $(cat "$t/e6")"
[ -s "$t/cwd/explorer.html" ] || bad "explore with no -o wrote no explorer.html"
"$bin" --graph "$boards" explore -o - >"$t/stdout.html" || bad "explore -o - failed"
cmp -s "$t/cwd/explorer.html" "$t/stdout.html" || bad "-o - and the default file differ"
"$bin" --graph "$boards" explore -o "$t/again.html" || bad "explore -o failed"
cmp -s "$t/again.html" "$t/stdout.html" || bad "two runs differ"

"$bin" explore -o "$t/icann.html" 2>"$t/e7" || bad "explore of the default catalogue: $(cat "$t/e7")"
"$bin" --graph "$boards" explore -o "$t/public.html" --audience public || bad "--audience public"
grep -q Restrictedname "$t/again.html" || bad "the internal page lacks the restricted director"
! grep -q Restrictedname "$t/public.html" || bad "the public page names the restricted director"

python3 - "$t/icann.html" "$t/again.html" "$t/public.html" <<'PY' || fail=1
import base64, hashlib, json, re, sys
ok = True
def bad(msg):
    global ok
    ok = False
    print("FAIL: " + msg)
for page in sys.argv[1:]:
    s = open(page, encoding="utf-8").read()
    csp = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)"', s)
    if not csp:
        bad(page + ": no Content-Security-Policy")
        continue
    policy = dict((p.split()[0], p.split()[1:]) for p in csp.group(1).split("; "))
    if policy.get("default-src") != ["'none'"]:
        bad(page + ": default-src is not 'none': %r" % policy)
    scripts = re.findall(r"<script>(.*?)</script>", s, re.S)
    styles = re.findall(r"<style>(.*?)</style>", s, re.S)
    h = lambda x: "'sha256-%s'" % base64.b64encode(hashlib.sha256(x.encode()).digest()).decode()
    if len(scripts) != 1 or policy.get("script-src") != [h(scripts[0])]:
        bad(page + ": script-src does not allow exactly the page's script by its hash")
    if len(styles) != 1 or policy.get("style-src") != [h(styles[0])]:
        bad(page + ": style-src does not allow exactly the page's style sheet by its hash")
    extra = set(policy) - {"default-src", "script-src", "style-src", "base-uri", "form-action"}
    if extra:
        bad(page + ": the policy allows more: %r" % extra)
    if re.search(r"\s(?:src|href|xlink:href|action|srcset)\s*=", s, re.I):
        bad(page + ": a src or href attribute: %r" % re.search(r"\s(?:src|href|xlink:href|action|srcset)\s*=.{0,60}", s, re.I).group(0))
    if re.search(r"\sstyle\s*=|\son[a-z]+\s*=", s, re.I):
        bad(page + ": an inline style or event handler attribute, which the policy refuses")
    head = '<script type="application/json" id="rg-data">'
    i = s.index(head) + len(head)
    data = json.loads(s[i:s.index("</script>", i)])
    ids = set(re.findall(r' id="rg([ne])(\d+)"', s))
    drawn = {("n", str(k)) for k, n in enumerate(data["nodes"]) if n["svg"]}
    drawn |= {("e", str(k)) for k, e in enumerate(data["edges"]) if e["svg"]}
    if ids != drawn or not drawn:
        bad(page + ": the drawing's ids and the data's svg flags disagree")
    roots = data["paths"]["roots"]
    if len(roots) != len(data["nodes"]) or any(r is None for r in roots):
        bad(page + ": the connections are not embedded for every node")
    print("%s: %d bytes, %d nodes (%d drawn), %d edges (%d drawn)" % (
        page.rsplit("/", 1)[1], len(s.encode()), len(data["nodes"]),
        sum(n["svg"] for n in data["nodes"]), len(data["edges"]),
        sum(e["svg"] for e in data["edges"])))
sys.exit(0 if ok else 1)
PY
exit $fail
