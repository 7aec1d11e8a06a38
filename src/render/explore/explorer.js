/* explorer.js: the script of the page `relgraph explore` writes.
 *
 * It only displays what relgraph computed and embedded (the JSON in
 * #rg-data, see src/render/rg_explore.h): search, filters, the panel of a
 * node or an edge, the shortest connections between two nodes, pan and zoom.
 * Text from the catalogue is put in the page with textContent only, never
 * as markup.  Pan and zoom change the drawing's viewBox: thirty lines here
 * do what a library would, with nothing to vendor or fetch. */
'use strict';
(function () {
  var data = JSON.parse(document.getElementById('rg-data').textContent);
  var nodes = data.nodes;
  var edges = data.edges;
  var svg = document.querySelector('#rg-drawing svg');
  var panel = document.getElementById('rg-panel');
  var body = document.getElementById('rg-panel-body');

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function nodeEl(i) {
    return nodes[i].svg ? document.getElementById('rgn' + i) : null;
  }
  function edgeEl(j) {
    return edges[j].svg ? document.getElementById('rge' + j) : null;
  }
  function other(j, u) {
    return edges[j].from === u ? edges[j].to : edges[j].from;
  }
  /* The sentence `links` says for edge J taken from node U. */
  function say(j, u) {
    return edges[j].say[edges[j].from === u ? 0 : 1];
  }

  document.getElementById('rg-title').textContent = data.title + ': explorer';
  var sub = 'Catalogue ' + data.catalogue + ': ' + nodes.length + ' nodes, ' + edges.length +
    ' edges.';
  if (data.withheld) sub += ' For a public audience: ' + data.withheld + ' elements withheld.';
  if (!svg) sub += ' The overview could not be drawn; search and the panels still work.';
  document.getElementById('rg-sub').textContent = sub;

  /* ---- pan and zoom: the viewBox ------------------------------------- */
  var full = null;
  var view = null;
  function setView(v) {
    view = v;
    svg.setAttribute('viewBox', [v.x, v.y, v.w, v.h].join(' '));
  }
  function toSvg(cx, cy) {
    var pt = svg.createSVGPoint();
    pt.x = cx;
    pt.y = cy;
    return pt.matrixTransform(svg.getScreenCTM().inverse());
  }
  function zoomAt(p, f) {
    var w = Math.min(Math.max(view.w * f, full.w / 60), full.w * 3);
    var k = w / view.w;
    setView({ x: p.x - (p.x - view.x) * k, y: p.y - (p.y - view.y) * k, w: w, h: view.h * k });
  }
  function zoomCentre(f) {
    zoomAt({ x: view.x + view.w / 2, y: view.y + view.h / 2 }, f);
  }
  /* Centres the drawing on the elements ES, zoomed in enough to read one,
   * out enough to show them all. */
  function centreOn(es) {
    var a = null, b = null;
    [].concat(es).forEach(function (e) {
      var r = e.getBoundingClientRect();
      var p = toSvg(r.left, r.top), q = toSvg(r.right, r.bottom);
      a = a ? { x: Math.min(a.x, p.x), y: Math.min(a.y, p.y) } : p;
      b = b ? { x: Math.max(b.x, q.x), y: Math.max(b.y, q.y) } : q;
    });
    if (!a) return;
    /* At least the drawing's natural size (Graphviz's units are points:
     * 0.75 of a CSS pixel), in the shape of the drawing's box. */
    var box = svg.getBoundingClientRect(), aspect = box.height / box.width;
    var w = Math.max(b.x - a.x, (b.y - a.y) / aspect) * 1.3;
    w = Math.min(Math.max(w, box.width * 0.75), full.w * 3);
    var h = w * aspect;
    setView({ x: (a.x + b.x) / 2 - w / 2, y: (a.y + b.y) / 2 - h / 2, w: w, h: h });
  }
  var drag = null;
  var dragged = false;
  if (svg) {
    var vb = svg.viewBox.baseVal;
    full = { x: vb.x, y: vb.y, w: vb.width, h: vb.height };
    svg.removeAttribute('width');
    svg.removeAttribute('height');
    setView(full);
    svg.addEventListener('wheel', function (ev) {
      ev.preventDefault();
      zoomAt(toSvg(ev.clientX, ev.clientY), ev.deltaY < 0 ? 1 / 1.25 : 1.25);
    }, { passive: false });
    svg.addEventListener('pointerdown', function (ev) {
      if (ev.button !== 0) return;
      drag = { x: ev.clientX, y: ev.clientY, v: view, s: svg.getScreenCTM().a };
      dragged = false;
    });
    svg.addEventListener('pointermove', function (ev) {
      if (!drag) return;
      var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
      if (!dragged && Math.abs(dx) + Math.abs(dy) < 4) return;
      dragged = true;
      svg.classList.add('rg-dragging');
      setView({ x: drag.v.x - dx / drag.s, y: drag.v.y - dy / drag.s, w: drag.v.w, h: drag.v.h });
    });
    var endDrag = function () {
      drag = null;
      svg.classList.remove('rg-dragging');
    };
    svg.addEventListener('pointerup', endDrag);
    svg.addEventListener('pointerleave', endDrag);
    document.getElementById('rg-zoom-in').addEventListener('click', function () {
      zoomCentre(1 / 1.5);
    });
    document.getElementById('rg-zoom-out').addEventListener('click', function () {
      zoomCentre(1.5);
    });
    document.getElementById('rg-zoom-fit').addEventListener('click', function () {
      setView(full);
    });
    /* A wider, invisible stroke makes a thin edge easy to click. */
    edges.forEach(function (e, j) {
      var g = edgeEl(j);
      var path = g && g.querySelector('path');
      if (!path) return;
      var hit = path.cloneNode(false);
      hit.setAttribute('class', 'rg-hit');
      path.parentNode.insertBefore(hit, path);
    });
    svg.addEventListener('click', function (ev) {
      ev.preventDefault();
      if (dragged) {
        dragged = false;
        return;
      }
      var g = ev.target.closest ? ev.target.closest('g.node, g.edge') : null;
      var m = g && /^rg([ne])(\d+)$/.exec(g.id);
      if (!m) return;
      if (m[1] === 'n') openNode(+m[2], false);
      else openEdge(+m[2]);
    });
  } else {
    document.getElementById('rg-zoom').hidden = true;
  }

  /* ---- the panel ------------------------------------------------------ */
  var selected = null;
  function select(e) {
    if (selected) selected.classList.remove('rg-sel');
    selected = e;
    if (e) e.classList.add('rg-sel');
  }
  function citeList(cites) {
    var ul = el('ul', 'rg-cites');
    cites.forEach(function (c) {
      var li = el('li');
      li.appendChild(el('span', 'rg-doc', c[0]));
      if (c[1]) li.appendChild(el('span', 'rg-at', ', ' + c[1]));
      if (c[2]) li.appendChild(el('blockquote', 'rg-quote', c[2]));
      ul.appendChild(li);
    });
    if (!cites.length) ul.appendChild(el('li', 'rg-none', 'no source'));
    return ul;
  }
  function nodeButton(i) {
    var b = el('button', 'rg-link', nodes[i].display);
    b.type = 'button';
    b.addEventListener('click', function () {
      openNode(i, true);
    });
    return b;
  }
  function facts(list, pairs) {
    pairs.forEach(function (p) {
      if (p[1] === null || p[1] === undefined || p[1] === '') return;
      list.appendChild(el('dt', null, p[0]));
      list.appendChild(el('dd', null, p[1]));
    });
  }
  function disputes(box, ds) {
    if (!ds.length) return;
    box.appendChild(el('h3', null, 'Disputed'));
    ds.forEach(function (d) {
      box.appendChild(el('p', null, d[0] + ': ' + d[1] + (d[2] ? ' (' + d[2] + ')' : '')));
      box.appendChild(citeList(d[3]));
    });
  }
  function show() {
    panel.hidden = false;
    body.scrollTop = 0;
  }
  function openNode(i, centre) {
    var n = nodes[i];
    while (body.firstChild) body.removeChild(body.firstChild);
    body.appendChild(el('h2', null, n.display));
    var dl = el('dl', 'rg-facts');
    facts(dl, [['kind', data.kinds[n.kind]], ['id', n.id], ['name', n.name],
      ['aliases', n.aliases.join('; ')],
      [data.status ? 'coverage (' + data.status.name + ')' : 'status', n.status]]);
    n.attrs.forEach(function (a) {
      facts(dl, [a]);
    });
    var regions = data.regions.filter(function (r) {
      return r.nodes.indexOf(i) >= 0;
    }).map(function (r) {
      return nodes[r.node].label;
    });
    facts(dl, [['region views', regions.join('; ')]]);
    body.appendChild(dl);
    if (!n.svg) body.appendChild(el('p', 'rg-hint', 'Not drawn in the overview.'));
    var ends = el('p', 'rg-ends');
    ['A', 'B'].forEach(function (which) {
      var b = el('button', null, 'Connect: end ' + which);
      b.type = 'button';
      b.id = 'rg-set-' + which.toLowerCase();
      b.addEventListener('click', function () {
        setEnd(which, i);
      });
      ends.appendChild(b);
    });
    body.appendChild(ends);
    body.appendChild(el('h3', null, 'Sources'));
    body.appendChild(citeList(n.cites));
    disputes(body, n.disputes);
    body.appendChild(el('h3', null, 'Links (' + n.edges.length + ')'));
    var ul = el('ul', 'rg-says');
    n.edges.forEach(function (j) {
      var li = el('li');
      li.appendChild(el('p', 'rg-say', say(j, i)));
      var row = el('p', 'rg-row');
      row.appendChild(nodeButton(other(j, i)));
      var eb = el('button', 'rg-link', 'this link');
      eb.type = 'button';
      eb.addEventListener('click', function () {
        openEdge(j);
      });
      row.appendChild(eb);
      li.appendChild(row);
      li.appendChild(citeList(edges[j].cites));
      ul.appendChild(li);
    });
    body.appendChild(ul);
    select(nodeEl(i));
    if (centre && nodeEl(i)) centreOn(nodeEl(i));
    show();
  }
  function openEdge(j) {
    var e = edges[j];
    while (body.firstChild) body.removeChild(body.firstChild);
    body.appendChild(el('h2', null, e.say[0]));
    var dl = el('dl', 'rg-facts');
    facts(dl, [['kind', data.edgeKinds[e.kind]]]);
    e.attrs.forEach(function (a) {
      facts(dl, [a]);
    });
    body.appendChild(dl);
    var row = el('p', 'rg-row');
    row.appendChild(nodeButton(e.from));
    row.appendChild(nodeButton(e.to));
    body.appendChild(row);
    body.appendChild(el('h3', null, 'Sources'));
    body.appendChild(citeList(e.cites));
    disputes(body, e.disputes);
    select(edgeEl(j));
    show();
  }
  function closePanel() {
    panel.hidden = true;
    select(null);
  }
  document.getElementById('rg-close').addEventListener('click', closePanel);
  document.addEventListener('keydown', function (ev) {
    if (ev.key === 'Escape' && !panel.hidden) closePanel();
  });

  /* ---- search --------------------------------------------------------- */
  function fold(s) {
    return s.toLowerCase().replace(/\s+/g, ' ').trim();
  }
  var keys = nodes.map(function (n) {
    return [n.label, n.name, n.id].concat(n.aliases).map(fold);
  });
  var q = document.getElementById('rg-q');
  var results = document.getElementById('rg-results');
  function search() {
    while (results.firstChild) results.removeChild(results.firstChild);
    var t = fold(q.value);
    if (!t) return [];
    var hits = [];
    keys.forEach(function (ks, i) {
      var best = 9;
      ks.forEach(function (k) {
        var r = k === t ? 0 : k.indexOf(t) === 0 ? 1 : k.indexOf(t) > 0 ? 2 : 9;
        if (r < best) best = r;
      });
      if (best < 9 && shown[i]) hits.push([best, i]);
    });
    hits.sort(function (a, b) {
      return a[0] - b[0] || a[1] - b[1];
    });
    hits.slice(0, 40).forEach(function (h) {
      var li = el('li');
      var b = nodeButton(h[1]);
      b.appendChild(el('span', 'rg-kind', ' ' + data.kinds[nodes[h[1]].kind]));
      li.appendChild(b);
      results.appendChild(li);
    });
    if (!hits.length) results.appendChild(el('li', 'rg-none', 'no match'));
    else if (hits.length > 40) results.appendChild(el('li', 'rg-none', (hits.length - 40) +
      ' more: type more of the name'));
    return hits;
  }
  q.addEventListener('input', search);
  q.addEventListener('keydown', function (ev) {
    if (ev.key !== 'Enter') return;
    var hits = search();
    if (hits.length) openNode(hits[0][1], true);
  });

  /* ---- filters -------------------------------------------------------- */
  var shown = nodes.map(function () {
    return true;
  });
  var kindOn = data.kinds.map(function () {
    return true;
  });
  var statusOn = {};
  var region = -1;
  function checkbox(box, label, count, onChange) {
    var l = el('label', 'rg-check');
    var c = el('input');
    c.type = 'checkbox';
    c.checked = true;
    c.addEventListener('change', function () {
      onChange(c.checked);
      applyFilters();
    });
    l.appendChild(c);
    l.appendChild(document.createTextNode(' ' + label + ' (' + count + ')'));
    box.appendChild(l);
  }
  function count(pred) {
    return nodes.filter(pred).length;
  }
  var kindBox = document.getElementById('rg-f-kind');
  data.kinds.forEach(function (k, ki) {
    var n = count(function (x) {
      return x.kind === ki;
    });
    if (n) checkbox(kindBox, k, n, function (on) {
      kindOn[ki] = on;
    });
  });
  var statusBox = document.getElementById('rg-f-status');
  if (data.status) {
    statusBox.querySelector('legend').textContent = 'Coverage status (' + data.status.title + ')';
    data.status.values.concat(['']).forEach(function (s) {
      statusOn[s] = true;
      var n = count(function (x) {
        return (x.status || '') === s;
      });
      if (n) checkbox(statusBox, s || 'no status', n, function (on) {
        statusOn[s] = on;
      });
    });
  } else {
    statusBox.appendChild(el('p', 'rg-hint', data.statusNote || 'No coverage status.'));
  }
  var regionSel = document.getElementById('rg-f-region');
  var inRegion = data.regions.map(function (r) {
    var s = {};
    r.nodes.forEach(function (i) {
      s[i] = true;
    });
    return s;
  });
  regionSel.appendChild(el('option', null, 'all'));
  regionSel.firstChild.value = '-1';
  data.regions.forEach(function (r, k) {
    var o = el('option', null, nodes[r.node].label);
    o.value = String(k);
    regionSel.appendChild(o);
  });
  regionSel.addEventListener('change', function () {
    region = +regionSel.value;
    applyFilters();
    if (!svg) return;
    if (region < 0) setView(full);
    else centreOn(Array.from(svg.querySelectorAll('g.node:not(.rg-off)')).filter(function (e) {
      return /^rgn/.test(e.id);
    }));
  });
  function applyFilters() {
    var n = 0;
    nodes.forEach(function (x, i) {
      shown[i] = kindOn[x.kind] && (region < 0 || !!inRegion[region][i]) &&
        (!data.status || statusOn[x.status || ''] !== false);
      if (shown[i]) n++;
      var e = nodeEl(i);
      if (e) e.classList.toggle('rg-off', !shown[i]);
    });
    edges.forEach(function (x, j) {
      var e = edgeEl(j);
      if (e) e.classList.toggle('rg-off', !(shown[x.from] && shown[x.to]));
    });
    document.getElementById('rg-f-count').textContent = n + ' of ' + nodes.length +
      ' nodes shown.';
    search();
  }

  /* ---- shortest connections ------------------------------------------- */
  var ends = { A: -1, B: -1 };
  /* The connections `relgraph links A B` lists: walked along the next-step
   * lists toward B that relgraph embedded, in its order, up to its limit;
   * from B toward A (then reversed) when only A's lists are embedded. */
  function connections(a, b) {
    var lists = data.paths.roots[b], start = a, target = b, reversed = false;
    if (!lists && data.paths.roots[a]) {
      lists = data.paths.roots[a];
      start = b;
      target = a;
      reversed = true;
    }
    if (!lists) return { missing: true, paths: [] };
    var out = { paths: [], truncated: false, reversed: reversed };
    if (lists[start] === -1) return out;
    var pn = [start], pe = [];
    function walk(u) {
      if (u === target) {
        if (out.paths.length >= data.paths.limit) {
          out.truncated = true;
          return false;
        }
        var p = { nodes: pn.slice(), edges: pe.slice() };
        if (reversed) {
          p.nodes.reverse();
          p.edges.reverse();
        }
        out.paths.push(p);
        return true;
      }
      var steps = lists[u];
      for (var k = 0; k < steps.length; k++) {
        pn.push(other(steps[k], u));
        pe.push(steps[k]);
        var go = walk(pn[pn.length - 1]);
        pn.pop();
        pe.pop();
        if (!go) return false;
      }
      return true;
    }
    walk(start);
    return out;
  }
  /* Paths through nodes of one entity (alias edges) are one connection,
   * the later ones further statements of the first, as `links` groups them. */
  function group(paths) {
    var done = [], groups = [];
    paths.forEach(function (p, i) {
      if (done[i]) return;
      var g = [p];
      for (var j = i + 1; j < paths.length; j++) {
        var q2 = paths[j];
        if (done[j] || q2.nodes.length !== p.nodes.length) continue;
        var same = p.nodes.every(function (v, k) {
          return nodes[v].entity === nodes[q2.nodes[k]].entity;
        });
        if (same) {
          done[j] = true;
          g.push(q2);
        }
      }
      groups.push(g);
    });
    return groups;
  }
  function clearPath() {
    document.querySelectorAll('.rg-path').forEach(function (e) {
      e.classList.remove('rg-path');
    });
    if (svg) svg.classList.remove('rg-connecting');
  }
  function pathText(p) {
    return p.nodes.map(function (v) {
      return nodes[v].label;
    }).join(' -- ');
  }
  function showConnections() {
    var box = document.getElementById('rg-conn-list');
    while (box.firstChild) box.removeChild(box.firstChild);
    document.getElementById('rg-end-a').textContent = ends.A < 0 ? 'none' : nodes[ends.A].display;
    document.getElementById('rg-end-b').textContent = ends.B < 0 ? 'none' : nodes[ends.B].display;
    clearPath();
    if (ends.A < 0 || ends.B < 0) return;
    if (ends.A === ends.B) {
      box.appendChild(el('p', null, 'The same node.'));
      return;
    }
    var c = connections(ends.A, ends.B);
    if (c.missing) {
      box.appendChild(el('p', null, 'The connections of neither end are in this page (its ' +
        'size budget): run relgraph links ' + nodes[ends.A].id + ' ' + nodes[ends.B].id + '.'));
      return;
    }
    if (!c.paths.length) {
      box.appendChild(el('p', 'rg-summary', 'No connection.'));
      return;
    }
    var groups = group(c.paths), hops = c.paths[0].edges.length;
    box.appendChild(el('p', 'rg-summary', groups.length + ' shortest connection' +
      (groups.length === 1 ? '' : 's') + ' of ' + hops + ' hop' + (hops === 1 ? '' : 's') +
      (c.truncated ? '; more exist (relgraph links --limit)' : '') + '.'));
    var ol = el('ol', 'rg-paths');
    groups.forEach(function (g) {
      var li = el('li');
      g.forEach(function (p, k) {
        li.appendChild(el('p', 'rg-head', (k ? 'The same connection, also stated as ' : '') +
          pathText(p)));
        p.edges.forEach(function (j, s) {
          li.appendChild(el('p', 'rg-say', say(j, p.nodes[s])));
          li.appendChild(citeList(edges[j].cites));
        });
        p.nodes.forEach(function (v) {
          var e = nodeEl(v);
          if (e) e.classList.add('rg-path');
        });
        p.edges.forEach(function (j) {
          var e = edgeEl(j);
          if (e) e.classList.add('rg-path');
        });
      });
      ol.appendChild(li);
    });
    box.appendChild(ol);
    if (svg) {
      svg.classList.add('rg-connecting');
      centreOn(Array.from(svg.querySelectorAll('g.node.rg-path')));
    }
  }
  function setEnd(which, i) {
    ends[which] = i;
    showConnections();
  }
  document.getElementById('rg-clear-ends').addEventListener('click', function () {
    ends.A = ends.B = -1;
    showConnections();
  });

  /* For tests and the curious: what the page computes from its data. */
  window.relgraphExplorer = { connections: connections, group: group, openNode: openNode,
    setEnd: setEnd };
  applyFilters();
})();
