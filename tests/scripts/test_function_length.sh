#!/bin/bash
# Code a newcomer can change (issue 7, item 9): no function of src/ longer
# than about 120 lines.  Measures each top-level function from its
# signature to its closing brace (the house style: '{' and '}' alone in
# column 0) and fails over LIMIT.  Usage: test_function_length.sh RELGRAPH SOURCE_DIR
set -u
src=$2
python3 - "$src" <<'PY'
import glob, os, re, sys
LIMIT = 130  # "about 120": a little room for a long table or switch
src = sys.argv[1]
long_ones, count = [], 0
for f in sorted(glob.glob(os.path.join(src, "src/**/*.c"), recursive=True)):
    lines = open(f, encoding="utf-8").read().split("\n")
    i = 0
    while i < len(lines):
        if re.match(r"^[A-Za-z].*\)\s*$", lines[i]) and i + 1 < len(lines) and lines[i + 1] == "{":
            j = i + 1
            while j < len(lines) and lines[j] != "}":
                j += 1
            count += 1
            m = re.search(r"(\w+)\s*\(", lines[i])
            if j - i + 1 > LIMIT:
                long_ones.append("%s: %s is %d lines" % (os.path.relpath(f, src), m.group(1) if m else "?", j - i + 1))
            i = j
        i += 1
for l in long_ones:
    print("FAIL: " + l)
if count < 200:
    print("FAIL: only %d functions found: the measure is broken" % count)
    sys.exit(1)
if long_ones:
    sys.exit(1)
print("ok: %d functions, none over %d lines" % (count, LIMIT))
PY
