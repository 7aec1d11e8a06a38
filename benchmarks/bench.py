"""relgraph against NetworkX, python-igraph and graph-tool, from the same
file, end to end; see benchmarks/README.md.  Run it as `sh benchmarks/run`.

usage: bench.py [--sizes 10k,100k] [--reps N] [--tasks load,links,...]
                [--timeout SECONDS] [--data DIR] [--out DIR] [--check]
                [--relgraph PATH] [--generate PATH]

For each size: generates the catalogue (relgraph-generate, seed 1), compiles
it when `relgraph compile` exists, picks the fastest JSON parser for the
tuned Python variant, then for each task runs relgraph and every peer in
turn, REPS rounds (so runs of relgraph and of each peer alternate), each
run a fresh process timed by wall clock, its peak memory the child's
maximum resident set size (wait4).  Answers are compared with relgraph's.
Writes OUT/results.md, OUT/results.tsv and the chart OUT/results.svg and
.png (gnuplot).  --check: answers only (one run each, nothing written);
exits 1 when an answer differs."""
import argparse
import json
import os
import platform
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
PY = "/usr/bin/python3"  # Debian's, where python3-networkx & co. live
TASKS = ["load", "links", "risks", "clusters", "gaps", "central"]
AS_OF = "2025-12-31"
CUTOFF = 3
# peer tools: (label, lib, variant); variant "tuned" gets the parser chosen
PEERS = [("networkx", "networkx", "plain"), ("networkx tuned", "networkx", "tuned"),
         ("igraph", "igraph", "plain"), ("igraph tuned", "igraph", "tuned"),
         ("graph-tool", "graph-tool", "plain"), ("graph-tool tuned", "graph-tool", "tuned")]
# what a library lacks: no task of the same meaning to time
NA = {("clusters", "graph-tool"): "no Leiden or Louvain",
      ("central", "networkx"): "no betweenness cutoff",
      ("central", "graph-tool"): "no betweenness cutoff"}


def compiled_path(graph):
    """Where the benchmark compiles GRAPH (x.json): x.compiled.rgc."""
    return graph[:-5] + ".compiled.rgc"


def size_arg(s):
    s = s.strip()
    mult = {"k": 1000, "K": 1000, "M": 1000000, "m": 1000000}.get(s[-1], 1)
    return int(s[:-1] if mult > 1 else s) * mult, s


def run(cmd, timeout):
    """Wall seconds, peak RSS (MiB), stdout, stderr, exit status (None on
    timeout), CPU seconds (user + sys) of CMD in a fresh process."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.monotonic()
        p = subprocess.Popen(cmd, stdout=out, stderr=err, start_new_session=True)
        deadline = t0 + timeout
        status = None
        while True:
            pid, st, ru = os.wait4(p.pid, os.WNOHANG)
            if pid:
                status = os.waitstatus_to_exitcode(st)
                break
            if time.monotonic() > deadline:
                os.killpg(p.pid, signal.SIGKILL)
                _, st, ru = os.wait4(p.pid, 0)
                break
            time.sleep(0.01)
        wall = time.monotonic() - t0
        p.returncode = status if status is not None else -9
        out.seek(0)
        err.seek(0)
        return (wall, ru.ru_maxrss / 1024.0, out.read().decode(), err.read().decode(), status,
                ru.ru_utime + ru.ru_stime)


# ---- relgraph: commands and answers -----------------------------------------

def relgraph_cmd(rg, graph, task, a, b):
    base = [rg, "--graph", graph]
    return {"load": base + ["check"],
            "links": base + ["links", a, b, "--not-edges", "mentions", "--format", "json"],
            "risks": base + ["risks", "--hub", "hub", "--max-listed", "1", "--format", "json"],
            "clusters": base + ["clusters", "--format", "json"],
            "gaps": base + ["gaps", "--hub", "hub", "--as-of", AS_OF, "--format", "json"],
            "central": base + ["central", "--cutoff", str(CUTOFF), "--top", "1", "--format",
                               "json"]}[task]


def relgraph_answer(task, out, err):
    if task == "load":
        m = re.search(r"ok \((\d+) nodes, (\d+) edges\)", out + err)
        return {"nodes": int(m.group(1)), "edges": int(m.group(2))} if m else None
    r = json.loads(out)["result"]
    if task == "links":
        h = r["totals"]["shortest_hops"]
        return {"hops": None if h < 0 else h}
    if task == "risks":
        return {"cuts": {row["id"]: row["cut_off"] for row in r["tables"]["cuts"]["rows"]}}
    if task == "clusters":
        row = r["tables"]["partitions"]["rows"][0]
        return {"modularity": round(row["modularity"], 4),
                "communities": len(r["tables"]["clusters"]["rows"])}
    if task == "gaps":
        return {k: v for k, v in r["totals"].items() if k != "counterparties"}
    if task == "central":
        best = {}
        for row in r["tables"]["ranking"]["rows"]:
            best[row["kind"]] = max(best.get(row["kind"], 0.0), row["betweenness"])
        return {"max_by_kind": {k: round(x, 3) for k, x in sorted(best.items())}}
    return None


def agrees(task, want, got):
    """Whether a peer's answer is relgraph's (modularity: two heuristics
    on one graph land within 0.03 of each other, not on one value)."""
    if want is None or got is None:
        return False
    if task == "clusters":
        return got["modularity"] is not None and abs(got["modularity"] - want["modularity"]) <= 0.03
    if task == "central":
        w, g = want["max_by_kind"], got["max_by_kind"]
        return g is not None and w.keys() == g.keys() and all(
            abs(w[k] - g[k]) <= 1e-6 * max(1.0, abs(w[k])) + 1e-3 for k in w)
    return want == got


# ---- the parser for the tuned variant ---------------------------------------

PARSE = """import gc, sys, time
gc.disable()
name, path = sys.argv[1], sys.argv[2]
m = __import__(name)
raw = open(path, "rb").read()
t = time.perf_counter()
d = m.loads(raw)
print(time.perf_counter() - t)
"""


def pick_parser(graph, reps):
    times = {}
    for _ in range(max(reps, 3)):
        for name in ("json", "ujson", "rapidjson"):
            p = subprocess.run([PY, "-c", PARSE, name, graph], capture_output=True, text=True)
            if p.returncode == 0:
                times.setdefault(name, []).append(float(p.stdout))
    med = {k: statistics.median(v) for k, v in times.items()}
    return min(med, key=med.get), med


# ---- machine --------------------------------------------------------------

def machine():
    cpu = "?"
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    cpu = line.split(":", 1)[1].strip()
                    break
        with open("/proc/meminfo") as f:
            mem = int(f.readline().split()[1]) / 1048576
    except OSError:
        mem = 0
    return {"nproc": os.cpu_count(), "cpu": cpu, "ram_gib": round(mem, 1),
            "kernel": platform.release(), "load": os.getloadavg()}


def versions(rg):
    v = {"relgraph": subprocess.run([rg, "--version"], capture_output=True,
                                    text=True).stdout.replace("relgraph", "").strip()}
    code = ("import networkx, igraph, graph_tool, ujson, rapidjson, sys; "
            "print(sys.version.split()[0], networkx.__version__, igraph.__version__, "
            "graph_tool.__version__.split()[0], ujson.__version__, rapidjson.__version__)")
    p = subprocess.run([PY, "-c", code], capture_output=True, text=True)
    parts = p.stdout.split()
    if len(parts) == 6:
        for k, x in zip(["python", "networkx", "python-igraph", "graph-tool", "ujson", "rapidjson"],
                        parts):
            v[k] = x
    return v


# ---- the run ----------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sizes", default="10k,100k")
    ap.add_argument("--reps", default="3", help="rounds; one per size: 3,1")
    ap.add_argument("--tasks", default=",".join(TASKS))
    ap.add_argument("--peers", default=",".join(p[0] for p in PEERS))
    ap.add_argument("--timeout", type=float, default=600)
    ap.add_argument("--data", default=os.path.join(tempfile.gettempdir(), "relgraph-bench"))
    ap.add_argument("--out", default=HERE)
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--relgraph", default=os.path.join(ROOT, "build", "relgraph"))
    ap.add_argument("--generate", default=None)
    ap.add_argument("--report", nargs="+", metavar="RESULTS.json",
                    help="only write the report of earlier runs (their results.json), merged")
    ap.add_argument("--notes", help="with --report: a file of notes on the results, appended")
    o = ap.parse_args()
    if o.report:
        merge(o.report, o.out, o.notes)
        return
    rg = os.path.abspath(o.relgraph)
    gen = o.generate or os.path.join(os.path.dirname(rg), "relgraph-generate")
    tasks = [t for t in o.tasks.split(",") if t]
    peers = [p for p in PEERS if p[0] in o.peers.split(",")]
    reps = [int(x) for x in o.reps.split(",")]
    if o.check:
        reps = [1]
    os.makedirs(o.data, exist_ok=True)
    compiled = subprocess.run([rg, "compile", "--help"], capture_output=True).returncode == 0
    info = {"machine": machine(), "versions": versions(rg), "start": time.strftime(
        "%Y-%m-%d %H:%M UTC", time.gmtime()), "compiled": compiled, "sizes": {},
        "command": " ".join(["sh benchmarks/run"] + sys.argv[1:])}
    rows = []  # (size, task, tool, median wall, peak MiB, runs, agrees, note)
    bad = 0
    for si, (nodes, label) in enumerate(map(size_arg, o.sizes.split(","))):
        o.reps = reps[min(si, len(reps) - 1)]
        graph = os.path.join(o.data, "synthetic-%s.json" % label)
        p = subprocess.run([gen, str(nodes), graph], capture_output=True, text=True)
        if p.returncode != 0:
            sys.exit("relgraph-generate failed: " + p.stderr)
        print(p.stderr.strip(), file=sys.stderr)
        sz = {"file_mib": round(os.path.getsize(graph) / 1048576, 1), "gen": p.stderr.strip(),
              "reps": o.reps}
        tools = [("relgraph", [rg, "--graph", graph])]
        if compiled:
            # Not FILE.rgc: relgraph would load that in place of the JSON
            # (a snapshot beside its JSON is used), and the JSON column
            # would time the compiled form.
            rgc = compiled_path(graph)
            for stale in (graph[:-5] + ".rgc", rgc):
                if os.path.exists(stale):
                    os.remove(stale)
            w, mem, _, e, st, _ = run([rg, "compile", graph, "-o", rgc], o.timeout)
            sz["compile"] = (round(w, 2), round(mem, 1), st)
            if st == 0:
                tools.append(("relgraph compiled", rgc))
        parser, med = pick_parser(graph, 1 if o.check else o.reps)
        sz["parser"] = parser
        sz["parse_times"] = {k: round(v, 3) for k, v in med.items()}
        print("%s: tuned parser %s %s" % (label, parser, sz["parse_times"]), file=sys.stderr)
        info["sizes"][label] = sz
        with open(graph, "rb") as f:  # the pair for links: first person, last organisation
            head = f.read().decode()
        a = "p0"
        b = re.findall(r'"id": "(o\d+)"', head)[-1]
        for task in tasks:
            want = None
            tool_list = [("relgraph", None), *(("relgraph compiled", None) for _ in
                                               [0] if compiled and "compile" in sz and sz["compile"][2] == 0)]
            tool_list += [(lbl, (lib, var)) for lbl, lib, var in peers]
            samples = {t[0]: [] for t in tool_list}
            answers = {}
            dead = {}  # tool -> why it stopped: timeout, exit status
            for rep in range(o.reps):
                for lbl, peer in tool_list:
                    if lbl in dead:
                        continue
                    if peer and (task, peer[0]) in NA:
                        continue
                    if peer is None:
                        g = graph if lbl == "relgraph" else compiled_path(graph)
                        cmd = relgraph_cmd(rg, g, task, a, b)
                    else:
                        var = "tuned:" + parser if peer[1] == "tuned" else "plain"
                        extra = {"links": [a, b], "gaps": [AS_OF], "central": [str(CUTOFF)]}
                        cmd = [PY, os.path.join(HERE, "peers.py"), peer[0], var, task, graph,
                               *extra.get(task, [])]
                    w, mem, out, err, st, cpu = run(cmd, o.timeout)
                    if st is None:
                        dead[lbl] = "timeout (> %.0f s)" % o.timeout
                        samples[lbl].append((None, mem))
                        print("%s %s %s: timeout after %.0f s, CPU %.2f s" % (label, task, lbl,
                                                                              w, cpu),
                              file=sys.stderr)
                        continue
                    ok_status = (0, 1) if task == "links" else (0,)
                    if st not in ok_status:
                        print("%s %s %s: exit %s: %s" % (label, task, lbl, st, err[-500:]),
                              file=sys.stderr)
                        dead[lbl] = "failed (exit %s)" % st
                        samples[lbl].append((None, mem))
                        continue
                    try:
                        ans = relgraph_answer(task, out, err) if peer is None else json.loads(out)
                    except (ValueError, KeyError, TypeError) as ex:
                        ans = None
                        print("%s %s %s: unreadable answer (%s)" % (label, task, lbl, ex),
                              file=sys.stderr)
                    answers[lbl] = ans
                    samples[lbl].append((w, mem))
                    print("%s %s %s: %.2f s %.0f MiB, CPU %.2f s" % (label, task, lbl, w, mem, cpu),
                          file=sys.stderr)
            want = answers.get("relgraph")
            for lbl, peer in tool_list:
                if peer and (task, peer[0]) in NA:
                    rows.append((label, task, lbl, None, None, 0, None, NA[(task, peer[0])]))
                    continue
                s = samples[lbl]
                times = [x[0] for x in s if x[0] is not None]
                mems = [x[1] for x in s if x[0] is not None]
                if not times:
                    note = dead.get(lbl, "failed")
                    rows.append((label, task, lbl, None, None, 0, None, note))
                    continue
                ag = None if lbl == "relgraph" else agrees(task, want, answers.get(lbl))
                if ag is False:
                    bad += 1
                    print("DISAGREE %s %s %s: relgraph %s, %s %s" % (
                        label, task, lbl, json.dumps(want)[:300], lbl,
                        json.dumps(answers.get(lbl))[:300]), file=sys.stderr)
                rows.append((label, task, lbl, statistics.median(times), max(mems), len(times),
                             ag, json.dumps(answers.get(lbl))[:200]))
    info["end"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    info["machine"]["load_end"] = os.getloadavg()
    if o.check:
        for r in rows:
            print("%-5s %-8s %-18s %s" % (r[0], r[1], r[2],
                                          "n/a: " + r[7] if r[3] is None and r[7] else
                                          "agrees" if r[6] else "reference" if r[6] is None else
                                          "DISAGREES"))
        sys.exit(1 if bad else 0)
    os.makedirs(o.out, exist_ok=True)
    with open(os.path.join(o.out, "results.json"), "w") as f:
        json.dump({"info": info, "rows": rows, "tasks": tasks}, f, indent=1)
    write(o.out, info, rows, tasks)
    sys.exit(1 if bad else 0)


def merge(paths, out, notes=None):
    """One report from several runs (sizes run apart, to fit a time budget)."""
    runs = []
    for p in paths:
        with open(p) as f:
            runs.append(json.load(f))
    info = runs[0]["info"]
    for r in runs[1:]:
        info["sizes"].update(r["info"]["sizes"])
        info["command"] += "` and `" + r["info"]["command"]
        info["start"] = min(info["start"], r["info"]["start"])
        info["end"] = max(info["end"], r["info"]["end"])
        info["machine"]["load"] = [max(a, b) for a, b in zip(info["machine"]["load"],
                                                             r["info"]["machine"]["load"])]
        info["machine"]["load_end"] = [max(a, b) for a, b in zip(
            info["machine"]["load_end"], r["info"]["machine"]["load_end"])]
    rows = [tuple(x) for r in runs for x in r["rows"]]
    info["versions"]["relgraph"] = info["versions"]["relgraph"].replace("relgraph", "").strip()
    write(out, info, rows, runs[0]["tasks"])
    if notes:
        with open(notes) as f, open(os.path.join(out, "results.md"), "a") as g:
            g.write("\n" + f.read())


# ---- the report -------------------------------------------------------------

def fmt_t(t):
    return "-" if t is None else "%.2f" % t if t < 10 else "%.1f" % t


def write(out, info, rows, tasks):
    ref = {(r[0], r[1]): r for r in rows if r[2] == "relgraph"}
    m = info["machine"]
    v = info["versions"]
    L = ["# relgraph against NetworkX, python-igraph and graph-tool", "",
         "Generated by `%s` (benchmarks/README.md), %s to %s." % (info["command"], info["start"],
                                                                    info["end"]), "",
         "Machine: %d cores (`nproc`), %s, %.1f GiB RAM, Linux %s; load average %.1f at the "
         "start, %.1f at the end (the machine is shared: other jobs ran during the benchmark, so "
         "single times are noisy; ratios come from runs that alternate, medians)." % (
             m["nproc"], m["cpu"], m["ram_gib"], m["kernel"], m["load"][0], m["load_end"][0]),
         "", "Versions: " + ", ".join("%s %s" % kv for kv in v.items()) + ".", ""]
    L.append("Catalogues (relgraph-generate, seed 1; the same file for every tool):")
    L.append("")
    for label, sz in info["sizes"].items():
        L.append("- %s: %s, %.1f MiB, %d round(s). Tuned parser: **%s** (median parse time with gc.disable(): "
                 "%s)%s" % (label, sz["gen"].split(": ", 1)[-1], sz["file_mib"], sz["reps"], sz["parser"],
                            ", ".join("%s %.2f s" % kv for kv in sz["parse_times"].items()),
                            "; `relgraph compile`: %.2f s, %.0f MiB" % tuple(sz["compile"][:2])
                            if "compile" in sz else ""))
    if not info["compiled"]:
        L += ["", "`relgraph compile` is not in this build: no column for the compiled form."]
    L += ["", "Each cell: median wall time end to end (start, read, parse, build, answer, exit) "
          "in seconds, peak memory (maximum resident set) in MiB, and the peer's time and "
          "memory as multiples of relgraph's from JSON (`x2.0` = twice relgraph's). "
          "`=` the answer agrees with relgraph's, `≠` it does not; n/a: the library has no "
          "such function. The chart (results.svg, .png) plots the medians; runs that timed out are not "
          "plotted.", ""]
    tools = []
    for r in rows:
        if r[2] not in tools:
            tools.append(r[2])
    for label in info["sizes"]:
        L.append("## %s nodes" % label)
        L.append("")
        L.append("| task | " + " | ".join(tools) + " |")
        L.append("| --- |" + " --- |" * len(tools))
        for task in tasks:
            cells = []
            base = ref.get((label, task))
            for tool in tools:
                r = next((x for x in rows if x[0] == label and x[1] == task and x[2] == tool), None)
                if r is None:
                    cells.append("")
                elif r[3] is None:
                    cells.append(r[7] or "-")
                else:
                    c = "%s s, %.0f MiB" % (fmt_t(r[3]), r[4])
                    if tool != "relgraph" and base and base[3]:
                        c += " (x%.1f, x%.1f mem) %s" % (r[3] / base[3], r[4] / base[4],
                                                        "=" if r[6] else "≠")
                    cells.append(c)
            L.append("| %s | %s |" % (task, " | ".join(cells)))
        L.append("")
        mods = []
        for r in rows:  # the modularity each tool reached: a heuristic's quality
            if r[0] == label and r[1] == "clusters" and r[3] is not None and r[7]:
                a = json.loads(r[7]) if r[7].endswith("}") else None
                if a and a.get("modularity") is not None:
                    mods.append("%s %.4f (%d communities)" % (r[2], a["modularity"],
                                                              a["communities"]))
        if mods:
            L += ["Modularity reached (clusters): " + ", ".join(mods) + ".", ""]
    with open(os.path.join(out, "results.md"), "w") as f:
        f.write("\n".join(L) + "\n")
    with open(os.path.join(out, "results.tsv"), "w") as f:
        f.write("size\tnodes\ttask\ttool\tmedian_s\tpeak_mib\truns\tagrees\tnote\n")
        for r in rows:
            f.write("\t".join(str(x) for x in (r[0], size_arg(r[0])[0], *r[1:])) + "\n")
    chart(out, rows, tasks, tools)


def chart(out, rows, tasks, tools):
    if shutil.which("gnuplot") is None:
        print("gnuplot not found: no chart", file=sys.stderr)
        return
    d = tempfile.mkdtemp()
    for i, tool in enumerate(tools):
        for task in tasks:
            with open(os.path.join(d, "%d-%s.dat" % (i, task)), "w") as f:
                for r in rows:
                    if r[2] == tool and r[1] == task and r[3] is not None:
                        f.write("%d %f\n" % (size_arg(r[0])[0], r[3]))
    colours = ["black", "#505050", "#808080", "#a0a0a0", "#303030", "#606060", "#909090",
               "#404040"]
    style = ["lw 2 dt %d pt %d ps 1.2 lc rgb '%s'" % (1 + i % 5, 1 + i % 13, colours[i % 8])
             for i in range(len(tools))]
    for term, ext, f in (("svg size 800,640 background rgb 'white'", "svg", 12),
                         ("pngcairo size 1600,1280", "png", 24)):
        # printed at A4 width less margins (17 cm), the SVG's 12 px are 7.2 pt
        body = ["set terminal %s font 'Helvetica,%d'" % (term, f),
                "set output '%s'" % os.path.join(out, "results." + ext),
                "set logscale xy", "set grid", "set format x '10^{%L}'",
                "unset key", "set multiplot"]
        for ti, task in enumerate(tasks):
            lines = []
            for i, tool in enumerate(tools):
                p = os.path.join(d, "%d-%s.dat" % (i, task))
                if os.path.getsize(p):
                    # titled by the tool (the key is unset, but the SVG
                    # names each line by its title, else by the temporary file)
                    lines.append("'%s' using 1:2 with linespoints %s title '%s'"
                                 % (p, style[i], tool.replace("'", "")))
            col, row = ti % 3, ti // 3
            body += ["set origin %.3f,%.3f" % (col / 3.0, 0.15 + (1 - row) * 0.425),
                     "set size 0.333,0.425",
                     "set xlabel '%s'" % ("nodes" if row == 1 else ""),
                     "set ylabel '%s'" % ("seconds" if col == 0 else ""),
                     "set title '%s'" % task, "plot " + (", ".join(lines) or "NaN")]
        # the key, once, in a strip below the six panels
        body += ["set origin 0,0", "set size 1,0.13", "unset title", "unset xlabel",
                 "unset ylabel", "unset border", "unset tics", "unset grid", "unset logscale",
                 "set xrange [0:1]", "set yrange [0:1]",
                 "set key center center horizontal maxrows 3 width 2",
                 "plot " + ", ".join("NaN with linespoints %s title '%s'" % (style[i], t)
                                     for i, t in enumerate(tools)),
                 "unset multiplot"]
        with open(os.path.join(d, "plot.gp"), "w") as fp:
            fp.write("\n".join(body) + "\n")
        subprocess.run(["gnuplot", os.path.join(d, "plot.gp")], check=False)
    shutil.rmtree(d)


if __name__ == "__main__":
    main()
