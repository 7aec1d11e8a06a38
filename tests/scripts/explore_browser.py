#!/usr/bin/python3
"""explore_browser.py: drives `relgraph explore` pages in headless Chromium.

Usage: explore_browser.py RELGRAPH SHOTS_DIR MODE:CATALOGUE:PAGE ...

MODE is one of
  icann    the issue's walk: search "APWG", click it, read a citation from the
           panel (checked against the catalogue file), choose ICANN and APWG
           as the ends and check that the node of Piscitello (the staff link)
           is highlighted; click an edge; zoom; filter by kind;
  domain   any catalogue: open the busiest node from the search box, check its
           panel and citations against the catalogue, click an edge;
  budget   a page whose connections are embedded for a few nodes only;
  nodraw   a catalogue with nothing to draw: the page works without a drawing;
  hostile  names that try to end the data's script element or inject markup:
           the DOM has exactly the page's two scripts, no element a name could
           add, and every name shows literally in the panel.
Every mode also compares the page's shortest connections with
`relgraph links A B --format json` for a sample of pairs, checks that the
browser logged nothing (console errors, CSP refusals) and that nothing but
the page itself was requested (Chrome's performance log: Network events).
Exit status 0 when every check passes; each failure is printed."""
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys

FAILS = []
# The elements the page and its script make (outside the drawing).
PAGE_TAGS = {"header", "h1", "h2", "h3", "p", "div", "aside", "main", "section", "label", "input",
             "ul", "ol", "li", "span", "br", "button", "fieldset", "legend", "select", "option",
             "script", "dl", "dt", "dd", "blockquote", "svg"}


def check(ok, what):
    if not ok:
        FAILS.append(what)
        print("FAIL: " + what)
    return ok


def driver():
    o = Options()
    for a in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
              "--no-first-run", "--disable-background-networking",
              "--disable-component-update", "--disable-sync", "--window-size=1400,900"):
        o.add_argument(a)
    o.binary_location = "/usr/bin/chromium"
    o.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)


def load(d, page):
    url = "file://" + os.path.abspath(page)
    d.get(url)
    for _ in range(50):
        if d.execute_script("return !!window.relgraphExplorer"):
            break
        time.sleep(0.05)
    ran = check(d.execute_script("return !!window.relgraphExplorer"),
                page + ": the page's script did not run (refused by its CSP?)")
    return url, ran


def data_of(page):
    """The page's data, read from the file (faster than from the browser)."""
    with open(page, encoding="utf-8") as f:
        s = f.read()
    head = '<script type="application/json" id="rg-data">'
    start = s.index(head) + len(head)
    return json.loads(s[start:s.index("</script>", start)])


def quiet(d, page, url):
    """No console message and no request but the page itself."""
    logs = d.get_log("browser")
    check(not logs, page + ": console messages: " + repr(logs[:3]))
    urls = []
    for entry in d.get_log("performance"):
        m = json.loads(entry["message"])["message"]
        if m.get("method") == "Network.requestWillBeSent":
            urls.append(m["params"]["request"]["url"])
    others = [u for u in urls if u != url]
    check(url in urls, page + ": the performance log saw no request for the page itself")
    check(not others, page + ": requests other than the page: " + repr(others[:5]))


def links_paths(relgraph, cat, a, b):
    """The connections `links` lists: [[(from, to, kind, direction, text)...] per path]."""
    p = subprocess.run([relgraph, "--graph", cat, "links", a, b, "--format", "json"],
                       capture_output=True, text=True)
    if p.returncode not in (0, 1):
        check(False, "links %s %s: %s" % (a, b, p.stderr))
        return None
    rows = json.loads(p.stdout)["result"]["tables"]["steps"]["rows"]
    paths, key = [], None
    for r in rows:
        k = (r["connection"], r["alternative"])
        if k != key:
            paths.append([])
            key = k
        paths[-1].append((r["from"], r["to"], r["edge_kind"], r["direction"], r["text"]))
    return paths


def page_paths(d, data, a, b):
    c = d.execute_script("var x = relgraphExplorer; var c = x.connections(arguments[0], "
                         "arguments[1]); return c.missing ? null : x.group(c.paths);", a, b)
    if c is None:
        return None
    nodes, edges = data["nodes"], data["edges"]
    out = []
    for group in c:
        for p in group:
            steps = []
            for s, j in enumerate(p["edges"]):
                u, e = p["nodes"][s], edges[j]
                fwd = e["from"] == u
                v = e["to"] if fwd else e["from"]
                say = e["say"][0 if fwd else 1]
                steps.append((nodes[u]["id"], nodes[v]["id"], data["edgeKinds"][e["kind"]],
                              "forward" if fwd else "backward", say))
            out.append(steps)
    return out


def same_connections(relgraph, cat, d, data, pairs, page):
    n = 0
    ids = [(data["nodes"][a]["id"], data["nodes"][b]["id"]) for a, b in pairs]
    # relgraph's answers first, several at a time: the page's are immediate.
    with ThreadPoolExecutor(max_workers=6) as ex:
        wants = list(ex.map(lambda p: links_paths(relgraph, cat, p[0], p[1]), ids))
    roots = data["paths"]["roots"]
    for (a, b), want in zip(pairs, wants):
        got = page_paths(d, data, a, b)
        if want is None:
            continue
        if roots[a] is None and roots[b] is None:
            # Past the budget: the page says so rather than guess.
            check(got is None, page + ": a pair past the budget was answered")
            continue
        if not check(got is not None, page + ": no connections embedded"):
            continue
        if roots[b] is None and len(want) < data["paths"]["limit"]:
            # Walked from the other end: the same connections, maybe in another order.
            want, got = sorted(want), sorted(got)
        ok = len(want) == len(got) and all(
            len(w) == len(g) and all(ws[:4] == gs[:4] and gs[4].startswith(ws[4] + " [")
                                      for ws, gs in zip(w, g))
            for w, g in zip(want, got))
        n += len(want)
        check(ok, "%s: connections %s -> %s differ from links:\n  links %r\n  page  %r"
              % (page, data["nodes"][a]["id"], data["nodes"][b]["id"], want[:2], got[:2]))
    return n


def sample_pairs(data, k):
    """Deterministic pairs: the busiest node with every k-th node, and a stride."""
    nv = len(data["nodes"])
    hub = max(range(nv), key=lambda i: (len(data["nodes"][i]["edges"]), -i))
    pairs = [(hub, i) for i in range(0, nv, max(1, nv // k)) if i != hub]
    pairs += [(i, (i * 7 + 3) % nv) for i in range(0, nv, max(1, nv // k))
              if i != (i * 7 + 3) % nv]
    return hub, pairs


def catalogue_quotes(cat, node_id):
    with open(cat, encoding="utf-8") as f:
        doc = json.load(f)
    for n in doc["nodes"]:
        if n["id"] == node_id:
            return [c.get("quote") for c in n.get("cite", [])]
    return []


def search_open(d, text):
    q = d.find_element(By.ID, "rg-q")
    q.clear()
    q.send_keys(text)
    first = d.find_element(By.CSS_SELECTOR, "#rg-results button")
    label = first.text
    first.click()
    return label


def panel_title(d):
    """The panel's heading as the DOM holds it (WebElement.text folds white space)."""
    return d.execute_script("return document.querySelector('#rg-panel-body h2').textContent")


def svg_class(d, kind, i):
    return d.execute_script("var e = document.getElementById(arguments[0]); "
                            "return e ? e.getAttribute('class') : null;", "rg%s%d" % (kind, i))


def find_node(data, text):
    for i, n in enumerate(data["nodes"]):
        if n["label"] == text or text in n["aliases"]:
            return i
    for i, n in enumerate(data["nodes"]):
        if text in n["name"]:
            return i
    return -1


def icann(relgraph, cat, d, data, page, shots, hub):
    apwg = find_node(data, "APWG")
    icann_i = find_node(data, "ICANN")
    pisc = find_node(data, "Piscitello")
    if not check(min(apwg, icann_i, pisc) >= 0, page + ": APWG, ICANN or Piscitello missing"):
        return
    label = search_open(d, "APWG")
    check(data["nodes"][apwg]["display"] in label, page + ": first hit for APWG is " + label)
    check(panel_title(d) == data["nodes"][apwg]["display"], page + ": panel shows " +
          panel_title(d))
    quotes = d.execute_script("return Array.from(document.querySelectorAll("
                              "'#rg-panel-body .rg-quote')).map(function (e) { "
                              "return e.textContent; })")
    want = [q for q in catalogue_quotes(cat, data["nodes"][apwg]["id"]) if q]
    check(quotes and quotes[0] == want[0],
          page + ": the panel's first citation %r is not the catalogue's %r" %
          (quotes[:1], want[:1]))
    check(svg_class(d, "n", apwg) and "rg-sel" in svg_class(d, "n", apwg),
          page + ": APWG is not marked in the drawing")
    # ICANN as end A (Enter opens the first hit), APWG as end B.
    q = d.find_element(By.ID, "rg-q")
    q.clear()
    q.send_keys("ICANN", Keys.ENTER)
    d.find_element(By.ID, "rg-set-a").click()
    search_open(d, "APWG")
    d.find_element(By.ID, "rg-set-b").click()
    check("rg-path" in (svg_class(d, "n", pisc) or ""),
          page + ": Piscitello is not highlighted between ICANN and APWG")
    for i in (icann_i, apwg):
        check("rg-path" in (svg_class(d, "n", i) or ""), page + ": an end is not highlighted")
    lit = d.execute_script("return document.querySelectorAll('#rg-drawing g.node.rg-path')"
                           ".length")
    check(lit == 3, page + ": %d nodes highlighted, not ICANN, Piscitello, APWG" % lit)
    text = d.find_element(By.ID, "rg-conn-list").text
    out = subprocess.run([relgraph, "--graph", cat, "links", "ICANN", "APWG"],
                         capture_output=True, text=True).stdout.splitlines()
    for line in out[3:5]:
        check(line.strip() and line.strip().rstrip(".") in text,
              page + ": the panel lacks links' sentence %r" % line.strip())
    d.save_screenshot(os.path.join(shots, "explore-icann-path.png"))
    # An edge on the path, clicked in the drawing, opens its sentence.
    e = d.execute_script("return document.querySelector('#rg-drawing g.edge.rg-path')")
    if check(e is not None, page + ": no edge highlighted"):
        j = int(e.get_attribute("id")[3:])
        d.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))",
                         e.find_element(By.CSS_SELECTOR, "path"))
        check(panel_title(d) == data["edges"][j]["say"][0],
              page + ": clicking an edge shows " + panel_title(d))
    # Zoom in by the button: the viewBox narrows.
    before = d.execute_script("return document.querySelector('#rg-drawing svg')"
                              ".viewBox.baseVal.width")
    d.find_element(By.ID, "rg-zoom-in").click()
    after = d.execute_script("return document.querySelector('#rg-drawing svg')"
                             ".viewBox.baseVal.width")
    check(after < before, page + ": zoom in did not narrow the viewBox")
    # Filter out people: Piscitello fades, an organisation does not.
    kind = data["kinds"][data["nodes"][pisc]["kind"]]
    for lab in d.find_elements(By.CSS_SELECTOR, "#rg-f-kind label"):
        if lab.text.startswith(kind + " ("):
            lab.find_element(By.TAG_NAME, "input").click()
    check("rg-off" in (svg_class(d, "n", pisc) or ""), page + ": the kind filter kept " + kind)
    check("rg-off" not in (svg_class(d, "n", apwg) or ""), page + ": the kind filter hid APWG")


def domain(relgraph, cat, d, data, page, shots, hub):
    n = data["nodes"][hub]
    search_open(d, n["label"])
    check(panel_title(d) == n["display"], page + ": panel shows %r, not %r" %
          (panel_title(d), n["display"]))
    quotes = d.execute_script("return Array.from(document.querySelectorAll("
                              "'#rg-panel-body .rg-quote')).map(function (e) { "
                              "return e.textContent; })")
    want = [q for q in catalogue_quotes(cat, n["id"]) if q]
    check(quotes[:len(want)] == want[:len(quotes)] and (quotes or not want),
          page + ": citations %r, catalogue %r" % (quotes[:2], want[:2]))
    says = [e.text for e in d.find_elements(By.CSS_SELECTOR, "#rg-panel-body .rg-says .rg-say")]
    check(len(says) == len(n["edges"]), page + ": %d link sentences for %d edges" %
          (len(says), len(n["edges"])))
    drawn = [j for j, e in enumerate(data["edges"]) if e["svg"]]
    if check(drawn, page + ": no edge drawn"):
        g = d.find_element(By.ID, "rge%d" % drawn[0])
        d.execute_script("arguments[0].dispatchEvent(new MouseEvent('click', {bubbles: true}))",
                         g.find_element(By.CSS_SELECTOR, "path"))
        check(panel_title(d) == data["edges"][drawn[0]]["say"][0], page + ": edge click")
    d.save_screenshot(os.path.join(shots, "explore-domain.png"))


def budget(relgraph, cat, d, data, page, shots, hub):
    """A page whose connections are embedded for a few nodes only: a pair of
    two others says to run links (pairs with one end embedded were compared
    with links by same_connections)."""
    roots = data["paths"]["roots"]
    have = [i for i, r in enumerate(roots) if r is not None]
    lack = [i for i, r in enumerate(roots) if r is None]
    if not check(have and len(lack) >= 2, page + ": the budget did not leave nodes out"):
        return
    d.execute_script("relgraphExplorer.setEnd('A', arguments[0]); "
                     "relgraphExplorer.setEnd('B', arguments[1])", lack[0], lack[1])
    text = d.execute_script("return document.getElementById('rg-conn-list').textContent")
    check("relgraph links %s %s" % (data["nodes"][lack[0]]["id"], data["nodes"][lack[1]]["id"])
          in text, page + ": a pair past the budget says %r" % text)


def hostile(relgraph, cat, d, data, page, shots, hub):
    scripts = d.execute_script("return document.scripts.length")
    check(scripts == 2, page + ": %d script elements, not 2" % scripts)
    tags = set(d.execute_script(
        "return Array.from(document.querySelectorAll('body *')).filter(function (e) {"
        " return !e.closest('svg'); }).map(function (e) { return e.localName; })"))
    extra = tags - PAGE_TAGS
    check(not extra, page + ": elements a name added: %r" % sorted(extra))
    check(d.execute_script("return !window.injected"), page + ": a name's script ran")
    for i, n in enumerate(data["nodes"]):
        d.execute_script("relgraphExplorer.openNode(arguments[0], false)", i)
        check(panel_title(d) == n["display"], page + ": node %d shows %r, not %r" %
              (i, panel_title(d), n["display"]))
    d.save_screenshot(os.path.join(shots, "explore-hostile.png"))


def nodraw(relgraph, cat, d, data, page, shots, hub):
    """A catalogue with nothing to draw: no drawing, search and panel work."""
    check(not d.find_elements(By.CSS_SELECTOR, "#rg-drawing svg"), page + ": a drawing")
    n = data["nodes"][0]
    search_open(d, n["name"])
    check(panel_title(d) == n["display"], page + ": panel shows %r" % panel_title(d))


MODES = {"icann": icann, "domain": domain, "budget": budget, "hostile": hostile,
         "nodraw": nodraw}


def main():
    relgraph, shots = sys.argv[1], sys.argv[2]
    d = driver()
    try:
        for spec in sys.argv[3:]:
            mode, cat, page = spec.split(":", 2)
            url, ran = load(d, page)
            data = data_of(page)
            hub, pairs = sample_pairs(data, 8)
            try:
                if ran:
                    n = same_connections(relgraph, cat, d, data, pairs, page)
                    print("%s: %d pairs, %d connections as links says them"
                          % (mode, len(pairs), n))
                    MODES[mode](relgraph, cat, d, data, page, shots, hub)
            except Exception as e:  # a missing element: a failure, then the next page
                check(False, "%s: %s: %s" % (page, type(e).__name__, str(e).splitlines()[0]))
            quiet(d, page, url)
    finally:
        d.quit()
    return 1 if FAILS else 0


if __name__ == "__main__":
    sys.exit(main())
