#!/usr/bin/env python3
"""figures_a4.py: checks that figures read on a printed A4 page.

  figures_a4.py [--report] FILE_OR_DIR...

Every SVG named, or found under a folder named (recursively, in name
order), is checked as a figure that goes into a review report:

  1. Fitted to A4 with 2 cm margins (170 x 257 mm portrait or 257 x 170 mm
     landscape, whichever lets it be larger; never enlarged), its smallest
     text is at least 7 pt.  The size of the figure is its width/height
     attributes (pt, px, mm, cm, in; none means px); a text's size is its
     font-size (attribute or style, inherited from its ancestors) times the
     scale of every transform above it times the viewBox's scale.
  2. No two node labels (or cluster titles) of one diagram are equal: the
     lines of each Graphviz node (<g class="node">) and cluster, joined by
     spaces.  Charts, which have no nodes, have no such labels.
  3. The fills of the diagram's nodes (its status colours and white), and
     the non-grey fills of a chart, are at least 15 grey levels apart
     (0-255, luma = 0.299 R + 0.587 G + 0.114 B, what a greyscale printer
     or photocopier keeps).

Prints one line per figure (size in pt, the fitted scale and orientation,
the smallest text once fitted) and one "FAIL:" line per fault; exits 1 on
any fault, 2 on a usage error.  With --quiet only the faults are printed.
"""
import os
import re
import sys
import xml.etree.ElementTree as ET

MM = 72 / 25.4
PAGE = (170 * MM, 257 * MM)  # portrait text block of A4 less 2 cm margins, pt
MIN_PT = 7.0
MIN_GREY = 15
UNITS = {"pt": 1.0, "px": 0.75, "": 0.75, "mm": MM, "cm": 10 * MM, "in": 72.0, "pc": 12.0}
NAMED = {"white": (255, 255, 255), "black": (0, 0, 0), "none": None, "transparent": None,
         "red": (255, 0, 0), "green": (0, 128, 0), "blue": (0, 0, 255),
         "gray": (128, 128, 128), "grey": (128, 128, 128), "yellow": (255, 255, 0)}


def local(tag):
    return tag.rsplit("}", 1)[-1]


def length(text):
    m = re.fullmatch(r"\s*([0-9.eE+-]+)\s*([a-z]*)\s*", text or "")
    if not m or m.group(2) not in UNITS:
        return None
    return float(m.group(1)) * UNITS[m.group(2)]


def style_of(el):
    out = {}
    for part in (el.get("style") or "").split(";"):
        if ":" in part:
            k, v = part.split(":", 1)
            out[k.strip()] = v.strip()
    return out


def font_size(el, inherited):
    v = style_of(el).get("font-size") or el.get("font-size")
    if v is None:
        return inherited
    m = re.fullmatch(r"\s*([0-9.]+)\s*(px|pt)?\s*", v)
    if not m:
        return inherited
    # Inside an SVG, a bare number and px are user units; pt is 4/3 of them.
    return float(m.group(1)) * (4 / 3 if m.group(2) == "pt" else 1.0)


def transform_scale(el):
    """How much a transform enlarges text (geometric mean of the axes)."""
    s = 1.0
    for name, args in re.findall(r"(\w+)\s*\(([^)]*)\)", el.get("transform") or ""):
        nums = [float(x) for x in re.split(r"[\s,]+", args.strip()) if x]
        if name == "scale" and nums:
            sx, sy = nums[0], nums[1] if len(nums) > 1 else nums[0]
            s *= abs(sx * sy) ** 0.5
        elif name == "matrix" and len(nums) == 6:
            s *= abs(nums[0] * nums[3] - nums[1] * nums[2]) ** 0.5
    return s


def colour(text):
    if text is None:
        return None
    t = text.strip().lower()
    if t in NAMED:
        return NAMED[t]
    m = re.fullmatch(r"#([0-9a-f]{6})([0-9a-f]{2})?", t)
    if m:
        h = m.group(1)
        if m.group(2) == "00":
            return None
        return tuple(int(h[i:i + 2], 16) for i in (0, 2, 4))
    m = re.fullmatch(r"#([0-9a-f]{3})", t)
    if m:
        return tuple(int(c * 2, 16) for c in m.group(1))
    m = re.fullmatch(r"rgb\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)\s*\)", t)
    if m:
        return tuple(int(x) for x in m.groups())
    return None


def grey(rgb):
    r, g, b = rgb
    return 0.299 * r + 0.587 * g + 0.114 * b


def fill_of(el):
    st = style_of(el)
    if st.get("fill-opacity") == "0" or el.get("fill-opacity") == "0":
        return None
    return colour(st.get("fill") or el.get("fill"))


def check(path, faults, out):
    try:
        root = ET.parse(path).getroot()
    except ET.ParseError as e:
        faults.append(f"{path}: not well-formed XML: {e}")
        return
    w, h = length(root.get("width")), length(root.get("height"))
    vb = [float(x) for x in re.split(r"[\s,]+", (root.get("viewBox") or "").strip()) if x]
    if w is None and len(vb) == 4:
        w, h = vb[2] * 0.75, vb[3] * 0.75
    if not w or not h:
        faults.append(f"{path}: no width and height to fit to a page")
        return
    # pt per user unit
    unit = (w / vb[2] if len(vb) == 4 and vb[2] else 0.75)
    fits = []
    for name, (pw, ph) in (("portrait", PAGE), ("landscape", PAGE[::-1])):
        fits.append((min(1.0, pw / w, ph / h), name))
    scale, orient = max(fits)
    smallest = None
    smallest_text = ""
    labels = {}
    fills = set()
    # A Graphviz diagram has <g class="node">; anything else is a chart.
    is_diagram = any(local(e.tag) == "g" and "node" in (e.get("class") or "").split()
                     for e in root.iter())

    def visit(el, fsize, tscale, group):
        nonlocal smallest, smallest_text
        tag = local(el.tag)
        fsize = font_size(el, fsize)
        tscale *= transform_scale(el)
        cls = (el.get("class") or "").split()
        if tag == "g" and is_diagram:
            for kind in ("node", "cluster", "edge"):
                if kind in cls:
                    group = (id(el), kind)
                    labels.setdefault(group, [])
        if tag == "text":
            txt = "".join(el.itertext()).strip()
            if txt:
                pt = fsize * tscale * unit * scale
                if smallest is None or pt < smallest:
                    smallest, smallest_text = pt, txt
                if group is not None:
                    labels[group].append(txt)
        if tag in ("polygon", "path", "rect", "ellipse", "circle"):
            rgb = fill_of(el)
            # a diagram's fills are its nodes'; a chart's are its coloured
            # shapes (greys are its frame and grid)
            if rgb is not None and (group[1] == "node" if is_diagram and group
                                    else not is_diagram and not rgb[0] == rgb[1] == rgb[2]):
                fills.add(rgb)
        for c in el:
            visit(c, fsize, tscale, group)

    visit(root, 16.0, 1.0, None)
    name = path
    if smallest is None:
        out.append(f"{name}: {w:.0f} x {h:.0f} pt, scale {scale:.2f} ({orient}), no text")
    else:
        out.append(f"{name}: {w:.0f} x {h:.0f} pt, scale {scale:.2f} ({orient}), "
                   f"smallest text {smallest:.1f} pt")
        if smallest + 1e-6 < MIN_PT:
            faults.append(f"{name}: smallest text {smallest:.1f} pt once fitted to A4 "
                          f"({w:.0f} x {h:.0f} pt scaled by {scale:.2f}), under {MIN_PT} pt: "
                          f"'{smallest_text[:40]}'")
    seen = {}
    for (gid, kind), lines in labels.items():
        text = " ".join(lines)
        if not text or kind == "edge":
            continue
        if text in seen:
            faults.append(f"{name}: two {kind}s labelled '{text[:60]}'")
        seen[text] = 1
    fl = sorted(fills, key=grey)
    for a, b in zip(fl, fl[1:]):
        if grey(b) - grey(a) < MIN_GREY:
            faults.append(
                f"{name}: fills #{'%02x%02x%02x' % a} and #{'%02x%02x%02x' % b} are "
                f"{grey(b) - grey(a):.1f} grey levels apart (grey {grey(a):.0f} and "
                f"{grey(b):.0f}), under {MIN_GREY}")


def main(argv):
    quiet = "--quiet" in argv
    args = [a for a in argv if not a.startswith("--")]
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    files = []
    for a in args:
        if os.path.isdir(a):
            for d, _, names in sorted(os.walk(a)):
                files += [os.path.join(d, n) for n in sorted(names) if n.endswith(".svg")]
        else:
            files.append(a)
    if not files:
        print(f"FAIL: no SVG in {' '.join(args)}")
        return 1
    faults, out = [], []
    for f in files:
        check(f, faults, out)
    if not quiet:
        for line in out:
            print(line)
    for f in faults:
        print("FAIL: " + f)
    return 1 if faults else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
