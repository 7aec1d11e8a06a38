/* rg_explore.c: the explorer page (rg_explore.h): the overview's SVG, the
 * data the page shows as JSON, and the page's script and style sheet, each
 * allowed by its hash. */
#include "rg_explore.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../analysis/rg_registry.h"
#include "../core/rg_sha256.h"
#include "../core/rg_sort.h"
#include "../graph/rg_adj.h"
#include "../graph/rg_entity.h"
#include "../graph/rg_words.h"
#include "rg_explore_assets.h" /* generated: rg_asset_explorer_js, rg_asset_explorer_css */
#include "rg_markup.h"

void rg_explore_json_str(rg_buf *out, const char *s)
{
    rg_buf_putc(out, '"');
    for (const unsigned char *p = (const unsigned char *)(s ? s : ""); *p; p++) {
        switch (*p) {
        case '"': rg_buf_puts(out, "\\\""); break;
        case '\\': rg_buf_puts(out, "\\\\"); break;
        case '\n': rg_buf_puts(out, "\\n"); break;
        case '\t': rg_buf_puts(out, "\\t"); break;
        /* Inside a script element the HTML parser ends the data at "</script"
         * and changes state at "<!--": no '<' may appear; '>' and '&' too,
         * so the text is also safe should it ever be moved into markup. */
        case '<': rg_buf_puts(out, "\\u003c"); break;
        case '>': rg_buf_puts(out, "\\u003e"); break;
        case '&': rg_buf_puts(out, "\\u0026"); break;
        default:
            /* U+2028 and U+2029 end a line in older JavaScript parsers. */
            if (p[0] == 0xE2 && p[1] == 0x80 && (p[2] == 0xA8 || p[2] == 0xA9)) {
                rg_buf_printf(out, "\\u%04x", p[2] == 0xA8 ? 0x2028 : 0x2029);
                p += 2;
            } else if (*p < 0x20 || *p == 0x7F) {
                rg_buf_printf(out, "\\u%04x", *p);
            } else {
                rg_buf_putc(out, (char)*p);
            }
        }
    }
    rg_buf_putc(out, '"');
}

/* ---- facts ----------------------------------------------------------- */

static void json_cites(rg_buf *b, const rg_graph *g, const rg_cite *c, size_t n)
{
    rg_buf_putc(b, '[');
    for (size_t i = 0; i < n; i++) {
        rg_buf_puts(b, i ? ",[" : "[");
        rg_explore_json_str(b, rg_source_label(g, c[i].source));
        rg_buf_putc(b, ',');
        rg_explore_json_str(b, c[i].at);
        rg_buf_putc(b, ',');
        rg_explore_json_str(b, c[i].quote);
        rg_buf_printf(b, ",%lld]", (long long)c[i].source);
    }
    rg_buf_putc(b, ']');
}

/* "attrs": [[name, value], ...] and "disputes": [[attribute, value, note,
 * cites], ...] of a node or an edge of kind K. */
static void json_props(rg_buf *b, const rg_graph *g, const rg_kind *k, const rg_props *p)
{
    rg_buf val;
    rg_buf_init(&val);
    rg_buf_puts(b, ",\"attrs\":[");
    for (size_t a = 0; a < p->nattrs; a++) {
        rg_buf_clear(&val);
        rg_value_format(&p->attrs[a].value, &val);
        rg_buf_puts(b, a ? ",[" : "[");
        rg_explore_json_str(b, k->attrs[p->attrs[a].def].name);
        rg_buf_putc(b, ',');
        rg_explore_json_str(b, rg_buf_str(&val));
        rg_buf_putc(b, ']');
    }
    rg_buf_puts(b, "],\"cites\":");
    json_cites(b, g, p->cites, p->ncites);
    rg_buf_puts(b, ",\"disputes\":[");
    for (size_t d = 0; d < p->ndisputes; d++) {
        const rg_dispute *ds = &p->disputes[d];
        rg_buf_clear(&val);
        if (ds->is_null)
            rg_buf_puts(&val, "(none)");
        else
            rg_value_format(&ds->value, &val);
        rg_buf_puts(b, d ? ",[" : "[");
        rg_explore_json_str(b, k->attrs[ds->def].name);
        rg_buf_putc(b, ',');
        rg_explore_json_str(b, rg_buf_str(&val));
        rg_buf_putc(b, ',');
        rg_explore_json_str(b, ds->note);
        rg_buf_putc(b, ',');
        json_cites(b, g, ds->cites, ds->ncites);
        rg_buf_putc(b, ']');
    }
    rg_buf_putc(b, ']');
    b->oom |= val.oom;
    rg_buf_destroy(&val);
}

/* What the page knows of the drawing and the analyses, per node. */
typedef struct page_ctx {
    const rg_graph *g;
    const rg_render_opts *o;
    const rg_explore_in *in;
    rg_adj adj;
    rg_entities ent;
    unsigned char *drawn_node, *drawn_edge; /* has an element in the SVG */
    const char *const *status;              /* coverage status per node, or NULL */
    rg_buf json;
    rg_explore_stats *stats;
} page_ctx;

static void json_nodes(page_ctx *c)
{
    const rg_graph *g = c->g;
    rg_buf *b = &c->json;
    rg_buf s;
    rg_buf_init(&s);
    rg_buf_puts(b, ",\"nodes\":[");
    for (size_t i = 0; i < g->nnodes; i++) {
        const rg_node *n = &g->nodes[i];
        rg_buf_puts(b, i ? ",\n{\"id\":" : "\n{\"id\":");
        rg_explore_json_str(b, n->id);
        rg_buf_puts(b, ",\"name\":");
        rg_explore_json_str(b, n->name);
        rg_buf_puts(b, ",\"label\":");
        rg_explore_json_str(b, rg_node_label(g, n));
        rg_buf_clear(&s);
        rg_node_display(g, (int64_t)i, &s);
        rg_buf_puts(b, ",\"display\":");
        rg_explore_json_str(b, rg_buf_str(&s));
        rg_buf_printf(b, ",\"kind\":%d,\"aliases\":[", n->kind);
        for (size_t a = 0; a < n->naliases; a++) {
            if (a)
                rg_buf_putc(b, ',');
            rg_explore_json_str(b, n->aliases[a]);
        }
        rg_buf_puts(b, "]");
        json_props(b, g, &g->schema->node_kinds[n->kind], &n->p);
        rg_buf_puts(b, ",\"status\":");
        if (c->status && c->status[i])
            rg_explore_json_str(b, c->status[i]);
        else
            rg_buf_puts(b, "null");
        rg_buf_printf(b, ",\"svg\":%d,\"entity\":%lld,\"edges\":[", c->drawn_node[i] ? 1 : 0,
                      (long long)rg_entity_rep(&c->ent, (int64_t)i));
        /* Its edges in file order: the out and in lists merged. */
        const rg_adj *a = &c->adj;
        size_t o = a->out_start[i], oe = a->out_start[i + 1], k = a->in_start[i],
               ke = a->in_start[i + 1], written = 0;
        int64_t last = -1;
        while (o < oe || k < ke) {
            int64_t e = (k >= ke || (o < oe && a->out_edges[o] <= a->in_edges[k]))
                            ? a->out_edges[o++]
                            : a->in_edges[k++];
            if (e == last)
                continue; /* a loop is in both lists */
            rg_buf_printf(b, written++ ? ",%lld" : "%lld", (long long)e);
            last = e;
        }
        rg_buf_puts(b, "]}");
    }
    rg_buf_puts(b, "]");
    b->oom |= s.oom;
    rg_buf_destroy(&s);
}

/* Each edge with the sentence `links` says for it taken from either end. */
static void json_edges(page_ctx *c)
{
    const rg_graph *g = c->g;
    rg_buf *b = &c->json;
    rg_buf s;
    rg_buf_init(&s);
    rg_buf_puts(b, ",\"edges\":[");
    for (size_t j = 0; j < g->nedges; j++) {
        const rg_edge *e = &g->edges[j];
        rg_buf_printf(b, "%s{\"from\":%lld,\"to\":%lld,\"kind\":%d,\"svg\":%d,\"say\":[",
                      j ? ",\n" : "\n", (long long)e->from, (long long)e->to, e->kind,
                      c->drawn_edge[j] ? 1 : 0);
        for (int side = 0; side < 2; side++) {
            int64_t nodes[2] = {side ? e->to : e->from, side ? e->from : e->to};
            int64_t edges[1] = {(int64_t)j};
            rg_path p = {1, nodes, edges};
            rg_buf_clear(&s);
            rg_links_sentence(g, &p, 0, &s);
            if (side)
                rg_buf_putc(b, ',');
            rg_explore_json_str(b, rg_buf_str(&s));
        }
        rg_buf_putc(b, ']');
        json_props(b, g, &g->schema->edge_kinds[e->kind].base, &e->p);
        rg_buf_putc(b, '}');
    }
    rg_buf_puts(b, "]");
    b->oom |= s.oom;
    rg_buf_destroy(&s);
}

/* The node sets of the region views: the region filter shows what
 * `render region NAME` draws. */
static rg_status json_regions(page_ctx *c, rg_error *err)
{
    rg_buf *b = &c->json;
    size_t n = 0;
    int64_t *regions = rg_render_clusters(c->g, c->o, &n);
    rg_buf_puts(b, ",\"regions\":[");
    rg_status st = RG_OK;
    for (size_t r = 0; r < n && st == RG_OK; r++) {
        rg_view v;
        memset(&v, 0, sizeof v);
        if ((st = rg_view_region(c->g, c->o, regions[r], &v, err)) != RG_OK)
            break;
        rg_buf_printf(b, "%s{\"node\":%lld,\"nodes\":[", r ? "," : "", (long long)regions[r]);
        size_t k = 0;
        for (size_t i = 0; i < c->g->nnodes; i++)
            if (v.node_on[i])
                rg_buf_printf(b, k++ ? ",%zu" : "%zu", i);
        rg_buf_puts(b, "]}");
        rg_view_destroy(&v);
    }
    rg_buf_puts(b, "]");
    free(regions);
    return st;
}

/* ---- connections ------------------------------------------------------- */

typedef struct step {
    int64_t edge, nbr;
} step;

static int step_cmp(const void *a, const void *b, void *ctx)
{
    /* rg_links' order (rg_links.c, step_cmp): neighbour id, edge kind, file. */
    const step *x = a, *y = b;
    const rg_graph *g = ctx;
    int c = strcmp(g->nodes[x->nbr].id, g->nodes[y->nbr].id);
    if (c)
        return c;
    c = strcmp(g->schema->edge_kinds[g->edges[x->edge].kind].base.name,
               g->schema->edge_kinds[g->edges[y->edge].kind].base.name);
    if (c)
        return c;
    return (x->edge > y->edge) - (x->edge < y->edge);
}

/* The edges `links` follows by default, by node, in its walking order. */
typedef struct steps_index {
    size_t *start; /* nnodes + 1 */
    step *s;
} steps_index;

static int steps_build(const rg_graph *g, steps_index *x)
{
    size_t nv = g->nnodes, ne = g->nedges;
    x->start = calloc(nv + 2, sizeof *x->start);
    x->s = malloc((2 * ne + 1) * sizeof *x->s);
    if (!x->start || !x->s)
        return -1;
    for (int pass = 0; pass < 2; pass++) {
        for (size_t j = 0; j < ne; j++) {
            const rg_edge *e = &g->edges[j];
            if (!g->schema->edge_kinds[e->kind].in_paths || e->from == e->to)
                continue;
            for (int side = 0; side < 2; side++) {
                int64_t u = side ? e->to : e->from, w = side ? e->from : e->to;
                if (pass == 0)
                    x->start[u + 2]++;
                else
                    x->s[x->start[u + 1]++] = (step){(int64_t)j, w};
            }
        }
        if (pass == 0)
            for (size_t i = 2; i < nv + 2; i++)
                x->start[i] += x->start[i - 1];
    }
    for (size_t u = 0; u < nv; u++)
        if (rg_sort(x->s + x->start[u], x->start[u + 1] - x->start[u], sizeof *x->s, step_cmp,
                    (void *)g) != 0)
            return -1;
    return 0;
}

/* The next-step lists toward ROOT, as JSON, into OUT; returns their size in
 * entries (one per node and one per step). */
static size_t root_lists(const rg_graph *g, const steps_index *x, int64_t root, long *dist,
                         int64_t *queue, rg_buf *out)
{
    size_t nv = g->nnodes, qh = 0, qt = 0, entries = nv;
    for (size_t i = 0; i < nv; i++)
        dist[i] = -1;
    dist[root] = 0;
    queue[qt++] = root;
    while (qh < qt) {
        int64_t u = queue[qh++];
        for (size_t k = x->start[u]; k < x->start[u + 1]; k++)
            if (dist[x->s[k].nbr] < 0) {
                dist[x->s[k].nbr] = dist[u] + 1;
                queue[qt++] = x->s[k].nbr;
            }
    }
    rg_buf_putc(out, '[');
    for (size_t v = 0; v < nv; v++) {
        if (v)
            rg_buf_putc(out, ',');
        if (dist[v] < 0) {
            rg_buf_puts(out, "-1");
            continue;
        }
        rg_buf_putc(out, '[');
        size_t n = 0;
        for (size_t k = x->start[v]; k < x->start[v + 1]; k++)
            if (dist[x->s[k].nbr] == dist[v] - 1) {
                rg_buf_printf(out, n++ ? ",%lld" : "%lld", (long long)x->s[k].edge);
                entries++;
            }
        rg_buf_putc(out, ']');
    }
    rg_buf_putc(out, ']');
    return entries;
}

static int by_degree(const void *a, const void *b, void *ctx)
{
    const steps_index *x = ctx;
    int64_t u = *(const int64_t *)a, v = *(const int64_t *)b;
    size_t du = x->start[u + 1] - x->start[u], dv = x->start[v + 1] - x->start[v];
    if (du != dv)
        return du < dv ? 1 : -1;
    return (u > v) - (u < v);
}

/* "paths": {"limit": L, "roots": [lists or null, by node]}. */
static rg_status json_paths(page_ctx *c, rg_error *err)
{
    const rg_graph *g = c->g;
    size_t nv = g->nnodes,
           budget = c->in->max_path_steps ? c->in->max_path_steps : RG_EXPLORE_PATH_STEPS;
    long limit = 20;
    const rg_analysis_def *pd = rg_analysis_find("paths");
    for (const rg_param *p = pd ? pd->params : NULL; p && p->name; p++)
        if (strcmp(p->name, "limit") == 0 && p->def)
            limit = atol(p->def);
    steps_index x = {NULL, NULL};
    long *dist = malloc((nv + 1) * sizeof *dist);
    int64_t *queue = malloc((nv + 1) * sizeof *queue), *order = malloc((nv + 1) * sizeof *order);
    rg_buf *lists = calloc(nv + 1, sizeof *lists);
    rg_status st = RG_OK;
    if (!dist || !queue || !order || !lists || steps_build(g, &x) != 0) {
        st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < nv; i++)
        order[i] = (int64_t)i;
    if (rg_sort(order, nv, sizeof *order, by_degree, &x) != 0) {
        st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
        goto out;
    }
    /* Hubs first, while the budget lasts. */
    for (size_t k = 0; k < nv; k++) {
        rg_buf one;
        rg_buf_init(&one);
        size_t entries = root_lists(g, &x, order[k], dist, queue, &one);
        if (c->stats->path_steps + entries > budget) {
            rg_buf_destroy(&one);
            break;
        }
        c->stats->path_steps += entries;
        c->stats->roots++;
        lists[order[k]] = one;
    }
    rg_buf_printf(&c->json, ",\"paths\":{\"limit\":%ld,\"budget\":%zu,\"roots\":[", limit, budget);
    for (size_t i = 0; i < nv; i++) {
        rg_buf_puts(&c->json, i ? ",\n" : "\n");
        if (lists[i].data) {
            rg_buf_add(&c->json, lists[i].data, lists[i].len);
            c->json.oom |= lists[i].oom;
        } else {
            rg_buf_puts(&c->json, "null");
        }
    }
    rg_buf_puts(&c->json, "]}");
out:
    for (size_t i = 0; lists && i < nv; i++)
        rg_buf_destroy(&lists[i]);
    free(lists);
    free(x.start);
    free(x.s);
    free(dist);
    free(queue);
    free(order);
    return st;
}

/* ---- the page ------------------------------------------------------------ */

static void json_head(page_ctx *c, const rg_view *cover)
{
    const rg_graph *g = c->g;
    const rg_schema *sc = g->schema;
    rg_buf *b = &c->json;
    rg_buf_puts(b, "{\"title\":");
    rg_explore_json_str(b, g->title ? g->title : "catalogue");
    rg_buf_puts(b, ",\"catalogue\":");
    rg_explore_json_str(b, rg_graph_shown(g));
    rg_buf_printf(b, ",\"withheld\":%zu,\"kinds\":[", c->o ? c->o->withheld : 0);
    for (size_t k = 0; k < sc->n_node_kinds; k++) {
        if (k)
            rg_buf_putc(b, ',');
        rg_explore_json_str(b, sc->node_kinds[k].name);
    }
    rg_buf_puts(b, "],\"edgeKinds\":[");
    for (size_t k = 0; k < sc->n_edge_kinds; k++) {
        if (k)
            rg_buf_putc(b, ',');
        rg_explore_json_str(b, sc->edge_kinds[k].base.name);
    }
    rg_buf_puts(b, "],\"status\":");
    if (cover && cover->status) {
        rg_buf_puts(b, "{\"name\":");
        rg_explore_json_str(b, cover->status_name);
        rg_buf_puts(b, ",\"title\":");
        rg_explore_json_str(b, cover->title);
        rg_buf_puts(b, ",\"values\":[");
        for (size_t i = 0; i < cover->nstatus_values; i++) {
            if (i)
                rg_buf_putc(b, ',');
            rg_explore_json_str(b, cover->status_values[i]);
        }
        rg_buf_puts(b, "]}");
    } else {
        rg_buf_puts(b, "null");
    }
    rg_buf_puts(b, ",\"statusNote\":");
    rg_explore_json_str(b, c->in->gaps_note);
}

/* Marks the nodes and edges that have an element in SVG ("rgnI", "rgeJ"). */
static void scan_ids(page_ctx *c, const char *svg)
{
    for (const char *p = svg ? strstr(svg, " id=\"rg") : NULL; p; p = strstr(p + 1, " id=\"rg")) {
        char k = p[7];
        char *end;
        unsigned long long i = strtoull(p + 8, &end, 10);
        if (*end != '"' || end == p + 8)
            continue;
        if (k == 'n' && i < c->g->nnodes)
            c->drawn_node[i] = 1;
        else if (k == 'e' && i < c->g->nedges)
            c->drawn_edge[i] = 1;
    }
    for (size_t i = 0; i < c->g->nnodes; i++)
        c->stats->drawn_nodes += c->drawn_node[i];
    for (size_t j = 0; j < c->g->nedges; j++)
        c->stats->drawn_edges += c->drawn_edge[j];
}

static const char PAGE_BODY[] =
    "<header><h1 id=\"rg-title\"></h1><p id=\"rg-sub\"></p></header>\n"
    "<div id=\"rg-app\">\n"
    "<aside id=\"rg-side\">\n"
    "<label for=\"rg-q\">Search names and aliases</label>\n"
    "<input id=\"rg-q\" type=\"search\" autocomplete=\"off\" spellcheck=\"false\"/>\n"
    "<ul id=\"rg-results\"></ul>\n"
    "<section id=\"rg-conn\"><h2>Shortest connections</h2>\n"
    "<p class=\"rg-hint\">Open a node, then choose it as end A or B.</p>\n"
    "<p>A: <span id=\"rg-end-a\">none</span><br/>B: <span id=\"rg-end-b\">none</span></p>\n"
    "<button type=\"button\" id=\"rg-clear-ends\">Clear</button>\n"
    "<div id=\"rg-conn-list\"></div></section>\n"
    "<section id=\"rg-filters\"><h2>Filters</h2>\n"
    "<fieldset id=\"rg-f-kind\"><legend>Kind</legend></fieldset>\n"
    "<label for=\"rg-f-region\">Region</label> <select id=\"rg-f-region\"></select>\n"
    "<fieldset id=\"rg-f-status\"><legend>Coverage status</legend></fieldset>\n"
    "<p id=\"rg-f-count\"></p></section>\n"
    "</aside>\n"
    "<main id=\"rg-drawing\">\n"
    "<div id=\"rg-zoom\"><button type=\"button\" id=\"rg-zoom-in\" title=\"Zoom in\">+</button>"
    "<button type=\"button\" id=\"rg-zoom-out\" title=\"Zoom out\">&#8722;</button>"
    "<button type=\"button\" id=\"rg-zoom-fit\" title=\"Whole drawing\">Fit</button></div>\n";

static void page_html(page_ctx *c, const char *svg, rg_buf *h)
{
    const rg_graph *g = c->g;
    const char *title = g->title ? g->title : "catalogue";
    char js_hash[45], css_hash[45];
    rg_sha256_base64(rg_asset_explorer_js, strlen(rg_asset_explorer_js), js_hash);
    rg_sha256_base64(rg_asset_explorer_css, strlen(rg_asset_explorer_css), css_hash);
    rg_buf_puts(h, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n");
    /* Nothing may be fetched: no default source; the one script and the
     * one style sheet by their hashes; no base, no form target. */
    rg_buf_printf(h,
                  "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                  "script-src 'sha256-%s'; style-src 'sha256-%s'; base-uri 'none'; "
                  "form-action 'none'\"/>\n",
                  js_hash, css_hash);
    rg_buf_puts(h, "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"/>\n"
                   "<meta name=\"generator\" content=\"relgraph ");
    rg_esc_xml(h, c->in->version);
    rg_buf_puts(h, "\"/>\n<title>");
    rg_esc_xml(h, title);
    rg_buf_puts(h, ": explorer</title>\n<style>");
    rg_buf_puts(h, rg_asset_explorer_css);
    rg_buf_puts(h, "</style>\n</head>\n<body>\n");
    rg_buf_puts(h, PAGE_BODY);
    const char *p = svg ? strstr(svg, "<svg") : NULL;
    if (p)
        rg_buf_puts(h, p); /* the prolog and DOCTYPE are not allowed in HTML */
    rg_buf_puts(h, "</main>\n<aside id=\"rg-panel\" hidden=\"hidden\">"
                   "<button type=\"button\" id=\"rg-close\" title=\"Close\">&#215;</button>"
                   "<div id=\"rg-panel-body\"></div></aside>\n</div>\n"
                   "<script type=\"application/json\" id=\"rg-data\">");
    rg_buf_add(h, c->json.data, c->json.len);
    rg_buf_puts(h, "</script>\n<script>");
    rg_buf_puts(h, rg_asset_explorer_js);
    rg_buf_puts(h, "</script>\n</body>\n</html>\n");
}

/* The overview, drawn with element ids and no links (nothing to navigate
 * to: an address is shown as text in the panel). */
static rg_status draw(const rg_graph *g, const rg_render_opts *o, char **svg, rg_error *err)
{
    rg_render_opts ro = *o;
    ro.element_ids = 1;
    ro.link_attr = NULL;
    rg_view v;
    memset(&v, 0, sizeof v);
    size_t len;
    *svg = NULL;
    rg_status st = rg_view_overview(g, &ro, &v, err);
    /* A catalogue with nothing to draw (only sources, say) still gets a
     * page: search and the panels work without the drawing. */
    if (st == RG_OK && rg_view_count(&v) > 0)
        st = rg_render(&v, &ro, RG_FMT_SVG, svg, &len, err);
    rg_view_destroy(&v);
    return st;
}

rg_status rg_explore_page(const rg_graph *g, const rg_render_opts *o, const rg_explore_in *in,
                          char **html, size_t *len, rg_explore_stats *stats, rg_error *err)
{
    *html = NULL;
    *len = 0;
    memset(stats, 0, sizeof *stats);
    page_ctx c;
    memset(&c, 0, sizeof c);
    c.g = g;
    c.o = o;
    c.in = in;
    c.stats = stats;
    rg_buf_init(&c.json);
    char *svg = NULL;
    rg_view cover;
    memset(&cover, 0, sizeof cover);
    rg_status st = draw(g, o, &svg, err);
    if (st != RG_OK)
        return st;
    c.drawn_node = calloc(g->nnodes + 1, 1);
    c.drawn_edge = calloc(g->nedges + 1, 1);
    if (!c.drawn_node || !c.drawn_edge) {
        st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
        goto out;
    }
    scan_ids(&c, svg);
    if ((st = rg_adj_init(g, &c.adj, err)) != RG_OK)
        goto out;
    if ((st = rg_entities_init(g, g->schema->roles[RG_ROLE_ALIAS_EDGES], 1, &c.ent, err)) != RG_OK)
        goto out_adj;
    /* The coverage status: the gaps analysis's, as `render gaps` fills it. */
    if (in->gaps && (st = rg_view_overview(g, o, &cover, err)) == RG_OK) {
        rg_status fs = rg_view_fill_from(&cover, in->gaps, err);
        if (fs == RG_OK)
            c.status = cover.status;
        else if (fs == RG_ENOMEM)
            st = fs; /* out of memory is an error, not a page without coverage */
    }
    if (st != RG_OK)
        goto out_ent;
    json_head(&c, c.status ? &cover : NULL);
    json_nodes(&c);
    json_edges(&c);
    if ((st = json_regions(&c, err)) != RG_OK || (st = json_paths(&c, err)) != RG_OK)
        goto out_ent;
    rg_buf_puts(&c.json, "}");
    rg_buf h;
    rg_buf_init(&h);
    page_html(&c, svg, &h);
    if (h.oom || c.json.oom) {
        rg_buf_destroy(&h);
        st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    } else {
        *len = h.len;
        *html = rg_buf_detach(&h);
    }
out_ent:
    rg_entities_destroy(&c.ent);
out_adj:
    rg_adj_destroy(&c.adj);
out:
    rg_view_destroy(&cover);
    rg_buf_destroy(&c.json);
    free(c.drawn_node);
    free(c.drawn_edge);
    free(svg);
    return st;
}
