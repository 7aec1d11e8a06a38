#!/usr/bin/env python3
"""render_check.py: checks on what `relgraph render` and `relgraph report` write.

  render_check.py svg FILE [NAMES [partial]]
                                     well-formed XML, nothing injected; with
                                     NAMES (one JSON string a line), every name
                                     shows literally in a tooltip, and short
                                     ones as a label (with "partial", for views
                                     that leave nodes out: only that no
                                     Graphviz escape fired on them)
  render_check.py html FILE          well-formed XML, a Content-Security-Policy,
                                     no script, no fetch, every link resolves
  render_check.py png FILE MIN       a PNG with at least MIN distinct colours
                                     and some non-white pixels (not blank)
  render_check.py fills FILE HEX...  a PNG showing more than 50 pixels of
                                     these colours
  render_check.py dom FILE MIN_SVG   a browser's serialised DOM (HTML, not XML):
                                     no script element, no event attribute, at
                                     least MIN_SVG svg elements

Exits 1 with a message naming the fault.  Used by tests/scripts/test_*.sh.
"""
import html.parser
import json
import os
import re
import struct
import sys
import zlib
import xml.dom.minidom

FAULTS = []

# Elements and attributes that would run code or fetch something.
BAD_ELEMENTS = {"script", "iframe", "object", "embed", "foreignObject", "link", "base",
                "frame", "applet", "meta-refresh", "use", "image", "audio", "video", "form"}


def fault(msg):
    FAULTS.append(msg)


def walk(node, fn):
    if node.nodeType == node.ELEMENT_NODE:
        fn(node)
    for c in node.childNodes:
        walk(c, fn)


def local(name):
    return name.split(":")[-1]


def safe_url(v):
    return (v.startswith("http://") or v.startswith("https://") or v.startswith("#")
            or re.fullmatch(r"(regions/)?[A-Za-z0-9_.-]+\.svg", v) is not None)


def check_common(doc, what, allow=()):
    def visit(el):
        name = local(el.tagName)
        if name in BAD_ELEMENTS and name not in allow:
            fault(f"{what}: element <{el.tagName}> injected")
        for k, v in el.attributes.items():
            if local(k).lower().startswith("on"):
                fault(f"{what}: event attribute {k}={v!r} injected")
            if local(k) in ("href", "src") and not safe_url(v):
                fault(f"{what}: unsafe link {k}={v!r}")
            if local(k) == "style" and "url(" in v:
                fault(f"{what}: style fetches {v!r}")
    walk(doc, visit)


def texts_and_titles(doc):
    texts, titles = [], []

    def visit(el):
        if local(el.tagName) == "text":
            texts.append("".join(c.data for c in el.childNodes if c.nodeType == c.TEXT_NODE))
        for k, v in el.attributes.items():
            if local(k) == "title":
                titles.append(v)
    walk(doc, visit)
    return texts, titles


def check_svg(path, names_file=None, partial=False):
    try:
        doc = xml.dom.minidom.parse(path)
    except Exception as e:  # noqa: BLE001 - any parse error is the finding
        fault(f"{path}: not well-formed XML: {e}")
        return
    check_common(doc, path)
    texts, titles = texts_and_titles(doc)
    if not texts:
        fault(f"{path}: no text drawn")
    names = []
    if names_file:
        with open(names_file, encoding="utf-8") as f:
            names = [json.loads(line) for line in f if line.strip()]
    # Graphviz's own escapes must never fire on catalogue text: \G is the
    # graph's name, \N and \E the generated node and edge names.  (Text that
    # a name itself holds is taken out first.)
    for t in texts + titles:
        # one line of a wrapped name, or a name cut short with an ellipsis
        if any(t.strip().rstrip("\u2026") in n for n in names):
            continue
        for n in sorted(names, key=len, reverse=True):
            t = t.replace(n, "")
        if "relgraph" in t or re.search(r"\bn\d+(->n\d+)?\b", t):
            fault(f"{path}: a Graphviz escape was expanded in {t[:80]!r}")
    if names and not partial:
        for n in names:
            if not any(t == n or t.startswith(n + " (") for t in titles):
                fault(f"{path}: name {n!r} is not shown literally in any tooltip")
            if len(n) <= 24 and "\n" not in n and n not in texts:
                fault(f"{path}: name {n!r} is not drawn literally as a label")


def check_html(path):
    try:
        doc = xml.dom.minidom.parse(path)
    except Exception as e:  # noqa: BLE001
        fault(f"{path}: not well-formed XML: {e}")
        return
    check_common(doc, path)
    metas = [m for m in doc.getElementsByTagName("meta")
             if m.getAttribute("http-equiv").lower() == "content-security-policy"]
    if len(metas) != 1 or "default-src 'none'" not in metas[0].getAttribute("content"):
        fault(f"{path}: no Content-Security-Policy with default-src 'none'")
    ids = set()
    walk(doc, lambda el: ids.add(el.getAttribute("id")) if el.getAttribute("id") else None)
    folder = os.path.dirname(path)
    links = []

    def visit(el):
        for k, v in el.attributes.items():
            if local(k) in ("href", "src"):
                links.append((el.tagName, k, v))
    walk(doc, visit)
    for tag, k, v in links:
        if local(k) == "src":
            fault(f"{path}: <{tag} {k}> fetches {v!r}")
        elif v.startswith("#"):
            if v[1:] not in ids:
                fault(f"{path}: link {v!r} points to no anchor")
        elif v.startswith("http://") or v.startswith("https://"):
            if tag not in ("a",):
                fault(f"{path}: external {v!r} on <{tag}>")
        elif not os.path.isfile(os.path.join(folder, v)):
            fault(f"{path}: link {v!r} points to no file")
    if not links:
        fault(f"{path}: no links at all (the table of contents is missing)")


def png_pixels(path):
    """Decodes an 8-bit, non-interlaced PNG (what cairo and chromium write)
    into (width, height, RGB bytes), with zlib only: no imaging library."""
    with open(path, "rb") as f:
        data = f.read()
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        raise ValueError("not a PNG")
    pos, idat, w = 8, [], 0
    while pos < len(data):
        n, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b"IHDR":
            w, h, depth, ctype, _, _, interlace = struct.unpack(">IIBBBBB", body)
            if depth != 8 or interlace or ctype not in (0, 2, 4, 6):
                raise ValueError(f"unsupported PNG (depth {depth}, colour type {ctype})")
            bpp = {0: 1, 2: 3, 4: 2, 6: 4}[ctype]
        elif kind == b"IDAT":
            idat.append(body)
        pos += 12 + n
    raw = zlib.decompress(b"".join(idat))
    stride = w * bpp
    prev = bytearray(stride)
    rgb = bytearray()
    for y in range(h):
        ft = raw[y * (stride + 1)]
        line = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = line[i - bpp] if i >= bpp else 0
            b, c = prev[i], (prev[i - bpp] if i >= bpp else 0)
            if ft == 1:
                line[i] = (line[i] + a) & 255
            elif ft == 2:
                line[i] = (line[i] + b) & 255
            elif ft == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif ft == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        prev = line
        for x in range(w):
            px = line[x * bpp:(x + 1) * bpp]
            rgb += bytes(px[0:1] * 3) if bpp <= 2 else bytes(px[:3])
    return w, h, bytes(rgb)


def check_png(path, minimum):
    try:
        w, h, data = png_pixels(path)
    except ValueError as e:
        fault(f"{path}: {e}")
        return
    colours = set()
    nonwhite = 0
    for i in range(0, min(len(data), w * h * 3), 3 * 7):  # every 7th pixel is plenty
        px = data[i:i + 3]
        colours.add(px)
        if px != b"\xff\xff\xff":
            nonwhite += 1
    if len(colours) < minimum:
        fault(f"{path}: only {len(colours)} distinct colours (blank?)")
    if nonwhite * 200 < (w * h) // 7:
        fault(f"{path}: almost every pixel is white (blank?)")


class DomCounter(html.parser.HTMLParser):
    """Counts what an HTML parser sees: the browser's own serialisation is
    HTML, where '<' inside an attribute value is plain text."""

    def __init__(self):
        super().__init__()
        self.svg = 0
        self.bad = []

    def handle_starttag(self, tag, attrs):
        if tag == "svg":
            self.svg += 1
        if tag in BAD_ELEMENTS and tag not in ("use", "image"):
            self.bad.append(f"<{tag}>")
        for k, _ in attrs:
            if k.lower().startswith("on"):
                self.bad.append(f"<{tag} {k}=...>")


def check_dom(path, min_svg):
    counter = DomCounter()
    with open(path, encoding="utf-8") as f:
        counter.feed(f.read())
    for b in counter.bad[:5]:
        fault(f"{path}: {b} in the browser's DOM")
    if counter.svg < min_svg:
        fault(f"{path}: {counter.svg} svg elements in the DOM, expected at least {min_svg}")


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    kind, path = sys.argv[1], sys.argv[2]
    if kind == "svg":
        check_svg(path, sys.argv[3] if len(sys.argv) > 3 else None,
                  len(sys.argv) > 4 and sys.argv[4] == "partial")
    elif kind == "html":
        check_html(path)
    elif kind == "png":
        check_png(path, int(sys.argv[3]))
    elif kind == "dom":
        check_dom(path, int(sys.argv[3]))
    elif kind == "fills":
        w, h, data = png_pixels(path)
        fills = {bytes.fromhex(x) for x in sys.argv[3:]}
        found = sum(1 for i in range(0, len(data) - 2, 3) if data[i:i + 3] in fills)
        if found <= 50:
            fault(f"{path}: {found} pixels of the colours {' '.join(sys.argv[3:])}")
    else:
        sys.exit(__doc__)
    for f in FAULTS[:20]:
        print(f)
    sys.exit(1 if FAULTS else 0)


if __name__ == "__main__":
    main()
