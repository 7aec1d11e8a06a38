/* rg_render.c: a view as a Graphviz graph (libcgraph), written as DOT with
 * agwrite or laid out with dot and rendered in process (libgvc).
 *
 * Every string that comes from the catalogue reaches Graphviz through
 * rg_markup.h: labels as HTML-like labels (so quotes and DOT keywords need
 * no quoting rules), tooltips and URLs escaped for the way Graphviz copies
 * them into SVG.  Node, cluster and graph names are generated. */
#include <cgraph.h>
#include <gvc.h>

#include "../graph/rg_adj.h"
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rg_markup.h"
#include "rg_render.h"

/* The palettes of the visual grammar, indexed by schema order (see
 * rg_render.h).  Shapes are ordered so that the kinds schemas usually list
 * first (bodies, groups, people, documents) get the plainest shapes. */
static const char *const SHAPES[] = {
    "box",    "box3d",   "ellipse",   "note",    "component", "tab",      "parallelogram", "house",
    "folder", "diamond", "trapezium", "octagon", "invhouse",  "cylinder", "doubleoctagon"};
static const char *const EDGE_STYLES[] = {"solid", "dashed", "dotted", "bold"};
static const char *const ARROWS[] = {"normal", "empty", "diamond", "odiamond", "dot", "odot",
                                     "box",    "obox",  "vee",     "tee",      "inv", "crow"};
static const char *const EDGE_COLOURS[] = {"#3c3c3c", "#1f4e79", "#7f3f00", "#38761d",
                                           "#741b47", "#5b5b00", "#0b5394"};
/* Fills for the status values in their schema order; the first three read
 * as good / missing / unknown, which suits lists written in that order. */
static const char *const FILLS[] = {"#b6d7a8", "#ea9999", "#ffe599", "#9fc5e8",
                                    "#d5a6bd", "#f9cb9c", "#a2c4c9", "#b4a7d6"};
#define NELEM(a) (sizeof(a) / sizeof *(a))
#define NO_STATUS_FILL "#ffffff"
#define OTHER_STATUS_FILL "#cccccc"
#define LABEL_WRAP 24
#define LABEL_MAX 66  /* characters; longer labels end in an ellipsis (the tooltip has all) */
#define HUB_DEGREE 10 /* nodes with more drawn edges than this are hubs */
#define HUB_STAGGER 4 /* ranks over which a hub's neighbours are spread */
#define FONT "Helvetica"

rg_status rg_format_from_path(const char *name, rg_format *f, rg_error *err)
{
    if (strcmp(name, "-") == 0) {
        *f = RG_FMT_DOT;
        return RG_OK;
    }
    const char *dot = strrchr(name, '.');
    const char *slash = strrchr(name, '/');
    if (dot && (!slash || dot > slash)) {
        if (strcmp(dot, ".dot") == 0 || strcmp(dot, ".gv") == 0)
            *f = RG_FMT_DOT;
        else if (strcmp(dot, ".svg") == 0)
            *f = RG_FMT_SVG;
        else if (strcmp(dot, ".png") == 0)
            *f = RG_FMT_PNG;
        else if (strcmp(dot, ".pdf") == 0)
            *f = RG_FMT_PDF;
        else
            dot = NULL;
        if (dot)
            return RG_OK;
    }
    return rg_error_set(err, RG_EUSAGE, NULL, 0, 0,
                        "cannot tell the format of '%s': name it .dot, .gv, .svg, .png or .pdf "
                        "(or '-' for DOT on standard output)",
                        name);
}

/* ---- status -------------------------------------------------------- */

/* The legend's list of status words: the caller's, or the "values" of the
 * first node kind that declares status_attr with values.  An attribute
 * declared without values still names the legend's entries (every value is
 * then drawn as "other"): NAME is never NULL when a node can have a status. */
typedef struct status_words {
    const char *const *values;
    size_t n;
    const char *name;
} status_words;

static status_words status_of_view(const rg_view *v, const rg_render_opts *o)
{
    status_words s = {NULL, 0, NULL};
    if (v->status) {
        s.values = v->status_values;
        s.n = v->nstatus_values;
        s.name = v->status_name ? v->status_name : "status";
        return s;
    }
    if (o == NULL || o->status_attr == NULL)
        return s;
    s.name = o->status_attr;
    const rg_schema *sc = v->g->schema;
    for (size_t k = 0; k < sc->n_node_kinds; k++) {
        int a = rg_kind_attr(&sc->node_kinds[k], o->status_attr);
        if (a >= 0 && sc->node_kinds[k].attrs[a].values) {
            s.values = sc->node_kinds[k].attrs[a].values;
            s.n = sc->node_kinds[k].attrs[a].nvalues;
            return s;
        }
    }
    return s;
}

static const char *node_status(const rg_view *v, const rg_render_opts *o, int64_t i)
{
    if (v->status)
        return v->status[i];
    if (o == NULL || o->status_attr == NULL)
        return NULL;
    const rg_value *val = rg_node_attr(v->g, &v->g->nodes[i], o->status_attr);
    return val && val->type == RG_T_STRING ? val->u.s : NULL;
}

static const char *status_fill(const status_words *s, const char *word)
{
    if (word == NULL)
        return NO_STATUS_FILL;
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->values[i], word) == 0)
            return i < NELEM(FILLS) ? FILLS[i] : OTHER_STATUS_FILL;
    return OTHER_STATUS_FILL;
}

/* ---- text ---------------------------------------------------------- */

/* Sets an HTML-like label: Graphviz keeps it as markup, not a quoted string. */
static void set_html(void *obj, Agsym_t *sym, const char *html)
{
    Agraph_t *root = agroot(obj);
    char *h = agstrdup_html(root, (char *)html);
    agxset(obj, sym, h);
    agstrfree(root, h);
}

static void props_text(const rg_kind *k, const rg_props *p, rg_buf *t)
{
    rg_buf val;
    rg_buf_init(&val);
    for (size_t a = 0; a < p->nattrs; a++) {
        rg_buf_clear(&val);
        rg_value_format(&p->attrs[a].value, &val);
        rg_buf_printf(t, "\n%s: %s", k->attrs[p->attrs[a].def].name, rg_buf_str(&val));
    }
    t->oom |= val.oom; /* a value cut short fails the drawing, as T would */
    rg_buf_destroy(&val);
}

static void edge_tooltip(const rg_graph *g, int64_t j, rg_buf *out)
{
    const rg_edge *e = &g->edges[j];
    rg_path p;
    int64_t nodes[2] = {e->from, e->to};
    int64_t edges[1] = {j};
    p.hops = 1;
    p.nodes = nodes;
    p.edges = edges;
    rg_buf t;
    rg_buf_init(&t);
    rg_links_sentence(g, &p, 0, &t);
    rg_esc_gv_tooltip(out, rg_buf_str(&t));
    out->oom |= t.oom;
    rg_buf_destroy(&t);
}

/* ---- building the graph -------------------------------------------- */

/* An ID discipline that numbers names in order of creation.  cgraph's
 * default uses the address of each interned name as its ID, and orders
 * subgraphs by ID: clusters would come out in a different order from run to
 * run (addresses change with ASLR), and so would the DOT and the layout. */
typedef struct seq_ids {
    Agraph_t *g;
    char **names; /* interned in G: cgraph reads a header before each name */
    size_t n, cap;
    IDTYPE anon; /* odd IDs for anonymous objects */
} seq_ids;

static void *ids_open(Agraph_t *g, Agdisc_t *disc)
{
    (void)disc;
    seq_ids *s = calloc(1, sizeof *s);
    if (s) {
        s->g = g;
        s->anon = 1;
    }
    return s;
}

static long ids_map(void *state, int objtype, char *str, IDTYPE *id, int createflag)
{
    (void)objtype;
    (void)createflag;
    seq_ids *s = state;
    if (str == NULL) {
        *id = s->anon;
        s->anon += 2;
        return 1;
    }
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->names[i], str) == 0) {
            *id = (IDTYPE)(i + 1) * 2;
            return 1;
        }
    if (s->n == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 64;
        char **names = realloc(s->names, cap * sizeof *names);
        if (names == NULL)
            return 0;
        s->names = names;
        s->cap = cap;
    }
    char *copy = agstrdup(s->g, str);
    if (copy == NULL)
        return 0;
    s->names[s->n++] = copy;
    *id = (IDTYPE)s->n * 2;
    return 1;
}

static long ids_alloc(void *state, int objtype, IDTYPE id)
{
    (void)state;
    (void)objtype;
    (void)id;
    return 1;
}

static void ids_free(void *state, int objtype, IDTYPE id)
{
    (void)state;
    (void)objtype;
    (void)id;
}

static char *ids_print(void *state, int objtype, IDTYPE id)
{
    (void)objtype;
    seq_ids *s = state;
    if (id % 2 != 0 || id == 0 || id / 2 > s->n)
        return NULL;
    return s->names[id / 2 - 1];
}

static void ids_close(void *state)
{
    seq_ids *s = state;
    if (s == NULL)
        return;
    /* The names themselves go with the graph's string dictionary. */
    free(s->names);
    free(s);
}

static void ids_register(void *state, int objtype, void *obj)
{
    (void)state;
    (void)objtype;
    (void)obj;
}

static Agiddisc_t seq_id_disc = {ids_open,  ids_map,   ids_alloc,   ids_free,
                                 ids_print, ids_close, ids_register};

typedef struct builder {
    const rg_view *v;
    const rg_render_opts *o;
    Agraph_t *G;
    Agdisc_t disc;
    Agsym_t *n_label, *n_shape, *n_fill, *n_tip, *n_url, *n_style, *n_width, *n_height;
    Agsym_t *e_style, *e_head, *e_color, *e_tip, *e_label, *e_minlen, *e_dir;
    Agsym_t *g_label;
    rg_buf s;     /* scratch */
    rg_adj adj;   /* edges by their ends */
    int64_t *inc; /* scratch: the edges at one node */
    size_t ninc;
    status_words st;
} builder;

/* The edges at node I (both directions; only those leaving I when OUT),
 * in file order, each once (a loop is both in and out): the out and in
 * lists of the adjacency index, merged.  O(degree) per node. */
static size_t incident(builder *b, int64_t i, int out)
{
    const rg_adj *a = &b->adj;
    size_t o = a->out_start[i], oe = a->out_start[i + 1];
    size_t n = a->in_start[i], ne = out ? n : a->in_start[i + 1];
    size_t k = 0;
    while (o < oe || n < ne) {
        int64_t e;
        if (n >= ne || (o < oe && a->out_edges[o] <= a->in_edges[n]))
            e = a->out_edges[o++];
        else
            e = a->in_edges[n++];
        if (k == 0 || b->inc[k - 1] != e)
            b->inc[k++] = e;
    }
    return k;
}

/* The tooltip of a node: its name, kind and attributes, then the folded
 * neighbours (the clauses of an agreement) with their attributes. */
static void node_tooltip(builder *b, int64_t i, rg_buf *out)
{
    const rg_view *v = b->v;
    const rg_graph *g = v->g;
    const rg_node *n = &g->nodes[i];
    rg_buf t;
    rg_buf_init(&t);
    rg_buf_printf(&t, "%s (%s)", n->name, g->schema->node_kinds[n->kind].name);
    props_text(&g->schema->node_kinds[n->kind], &n->p, &t);
    size_t ninc = incident(b, i, 0);
    for (size_t k = 0; k < ninc; k++) {
        const rg_edge *e = &g->edges[b->inc[k]];
        int64_t other = e->from == i ? e->to : e->from;
        if (!v->fold_on[other])
            continue;
        const rg_edge_kind *ek = &g->schema->edge_kinds[e->kind];
        const rg_node *on = &g->nodes[other];
        rg_buf_printf(&t, "\n\n%s %s", e->from == i ? ek->verb : ek->inverse, rg_node_label(g, on));
        props_text(&g->schema->node_kinds[on->kind], &on->p, &t);
    }
    rg_esc_gv_tooltip(out, rg_buf_str(&t));
    out->oom |= t.oom;
    rg_buf_destroy(&t);
}

static void declare(builder *b)
{
    Agraph_t *G = b->G;
    agattr(G, AGRAPH, "rankdir", "LR");
    agattr(G, AGRAPH, "fontname", FONT);
    agattr(G, AGRAPH, "fontsize", "12");
    agattr(G, AGRAPH, "nodesep", "0.12");
    agattr(G, AGRAPH, "ranksep", "0.45");
    agattr(G, AGRAPH, "newrank", "true");
    agattr(G, AGRAPH, "labelloc", "t");
    agattr(G, AGRAPH, "pad", "0.2");
    agattr(G, AGRAPH, "outputorder", "edgesfirst");
    agattr(G, AGRAPH, "style", "rounded");
    agattr(G, AGRAPH, "color", "#999999");
    agattr(G, AGRAPH, "rank", "");
    b->g_label = agattr(G, AGRAPH, "label", "");
    agattr(G, AGNODE, "fontname", FONT);
    agattr(G, AGNODE, "fontsize", "9");
    agattr(G, AGNODE, "margin", "0.06,0.03");
    b->n_height = agattr(G, AGNODE, "height", "0.3");
    b->n_width = agattr(G, AGNODE, "width", "0.4");
    b->n_style = agattr(G, AGNODE, "style", "filled");
    b->n_label = agattr(G, AGNODE, "label", "");
    b->n_shape = agattr(G, AGNODE, "shape", "box");
    b->n_fill = agattr(G, AGNODE, "fillcolor", NO_STATUS_FILL);
    b->n_tip = agattr(G, AGNODE, "tooltip", "");
    b->n_url = agattr(G, AGNODE, "URL", "");
    agattr(G, AGEDGE, "fontname", FONT);
    agattr(G, AGEDGE, "fontsize", "8");
    agattr(G, AGEDGE, "arrowsize", "0.6");
    agattr(G, AGEDGE, "penwidth", "0.8");
    b->e_style = agattr(G, AGEDGE, "style", "solid");
    b->e_head = agattr(G, AGEDGE, "arrowhead", "normal");
    b->e_color = agattr(G, AGEDGE, "color", (char *)EDGE_COLOURS[0]);
    b->e_tip = agattr(G, AGEDGE, "tooltip", "");
    b->e_label = agattr(G, AGEDGE, "label", "");
    b->e_minlen = agattr(G, AGEDGE, "minlen", "1");
    b->e_dir = agattr(G, AGEDGE, "dir", "forward");
}

static void edge_look(builder *b, Agedge_t *e, int kind)
{
    size_t k = (size_t)kind;
    agxset(e, b->e_style, (char *)EDGE_STYLES[k % NELEM(EDGE_STYLES)]);
    agxset(e, b->e_head, (char *)ARROWS[k % NELEM(ARROWS)]);
    agxset(e, b->e_color, (char *)EDGE_COLOURS[k % NELEM(EDGE_COLOURS)]);
}

/* A label cut to LABEL_MAX characters (whole UTF-8 sequences), at a space
 * when one is near, with an ellipsis; copied into T when cut.  The
 * beginning is kept: it says what the thing is, and for an agreement
 * usually whom it is with ("Memorandum of Understanding between the
 * Ministry of ...").  The tooltip has the whole name. */
static const char *short_label(const char *s, rg_buf *t)
{
    size_t chars = 0, i = 0, last_space = 0;
    for (; s[i]; i++) {
        if (((unsigned char)s[i] & 0xC0) != 0x80) {
            if (chars == LABEL_MAX)
                break;
            chars++;
            if (s[i] == ' ')
                last_space = i;
        }
    }
    if (s[i] == '\0')
        return s;
    rg_buf_clear(t);
    rg_buf_add(t, s, last_space > i / 2 ? last_space : i);
    rg_buf_puts(t, "\xE2\x80\xA6"); /* U+2026 */
    return rg_buf_str(t);
}

static const char *shape_of(int kind)
{
    return SHAPES[(size_t)kind % NELEM(SHAPES)];
}

/* The cluster a node is drawn in: the target of its first cluster edge
 * (in file order) that the audience may see; -1 for none. */
static int64_t cluster_of(builder *b, int64_t i, int ck)
{
    const rg_graph *g = b->v->g;
    if (ck < 0)
        return -1;
    size_t ninc = incident(b, i, 1);
    for (size_t k = 0; k < ninc; k++) {
        const rg_edge *e = &g->edges[b->inc[k]];
        if (e->kind == ck && e->from == i)
            return e->to;
    }
    return -1;
}

static const char *basename_of(const char *file_path)
{
    const char *s = strrchr(file_path, '/');
    return s ? s + 1 : file_path;
}

/* The legend: one sample per node kind, status and edge kind drawn, then
 * the footnote naming the catalogue and its sources. */
static void legend(builder *b, const unsigned char *kinds_used, const unsigned char *edges_used,
                   const unsigned char *status_used, int other_status)
{
    const rg_graph *g = b->v->g;
    const rg_schema *sc = g->schema;
    Agraph_t *L = agsubg(b->G, "cluster_legend", 1);
    agsafeset(L, "style", "rounded", "");
    set_html(L, b->g_label, "<B>Legend</B>");
    agsafeset(L, "rank", "", "");
    char name[64];
    Agnode_t *prev = NULL;
    size_t item = 0;
    /* Kind and status samples share a rank: one column in left-to-right
     * layouts. */
    Agraph_t *col = agsubg(L, "legend_column", 1);
    agsafeset(col, "rank", "same", "");
    for (size_t k = 0; k < sc->n_node_kinds; k++) {
        if (!kinds_used[k])
            continue;
        snprintf(name, sizeof name, "legend%zu", item++);
        Agnode_t *n = agnode(col, name, 1);
        rg_buf_clear(&b->s);
        rg_esc_gv_html(&b->s, sc->node_kinds[k].name, 0);
        set_html(n, b->n_label, rg_buf_str(&b->s));
        agxset(n, b->n_shape, (char *)shape_of((int)k));
        rg_buf_clear(&b->s);
        rg_esc_gv_tooltip(&b->s, sc->node_kinds[k].description ? sc->node_kinds[k].description
                                                               : sc->node_kinds[k].name);
        agxset(n, b->n_tip, (char *)rg_buf_str(&b->s));
        prev = n;
    }
    for (size_t s = 0; s <= b->st.n; s++) {
        if (s < b->st.n ? !status_used[s] : !other_status)
            continue;
        snprintf(name, sizeof name, "legend%zu", item++);
        Agnode_t *n = agnode(col, name, 1);
        rg_buf_clear(&b->s);
        rg_esc_gv_html(&b->s, b->st.name, 0);
        rg_buf_puts(&b->s, ": ");
        rg_esc_gv_html(&b->s, s < b->st.n ? b->st.values[s] : "other", 0);
        set_html(n, b->n_label, rg_buf_str(&b->s));
        agxset(n, b->n_shape, "box");
        agxset(n, b->n_style, "filled,rounded");
        agxset(n, b->n_fill,
               (char *)(s < b->st.n ? status_fill(&b->st, b->st.values[s]) : OTHER_STATUS_FILL));
        prev = n;
    }
    /* Edge samples: a short edge between two points, labelled with the kind. */
    Agraph_t *col2 = agsubg(L, "legend_edges_from", 1);
    agsafeset(col2, "rank", "same", "");
    Agraph_t *col3 = agsubg(L, "legend_edges_to", 1);
    agsafeset(col3, "rank", "same", "");
    Agnode_t *last_point = NULL;
    for (size_t k = 0; k < sc->n_edge_kinds; k++) {
        if (!edges_used[k])
            continue;
        snprintf(name, sizeof name, "legend%zu", item++);
        Agnode_t *a = agnode(col2, name, 1);
        rg_buf_clear(&b->s);
        rg_esc_gv_html(&b->s, sc->edge_kinds[k].base.name, 0);
        set_html(a, b->n_label, rg_buf_str(&b->s));
        agxset(a, b->n_shape, "plaintext");
        agxset(a, b->n_style, "solid");
        snprintf(name, sizeof name, "legend%zu", item++);
        Agnode_t *z = agnode(col3, name, 1);
        agxset(z, b->n_shape, "point");
        agxset(z, b->n_width, "0.05");
        agxset(z, b->n_height, "0.05");
        last_point = z;
        Agedge_t *e = agedge(b->G, a, z, NULL, 1);
        edge_look(b, e, (int)k);
        rg_buf_clear(&b->s);
        rg_esc_gv_tooltip(&b->s, sc->edge_kinds[k].base.description
                                     ? sc->edge_kinds[k].base.description
                                     : sc->edge_kinds[k].base.name);
        agxset(e, b->e_tip, (char *)rg_buf_str(&b->s));
    }
    /* The footnote: catalogue and sources. */
    rg_buf_clear(&b->s);
    rg_buf_puts(&b->s, "Catalogue: ");
    rg_esc_gv_html(&b->s, basename_of(g->file), 0);
    if (g->title) {
        rg_buf_puts(&b->s, " (");
        rg_esc_gv_html(&b->s, g->title, 0);
        rg_buf_puts(&b->s, ")");
    }
    size_t nsrc = 0;
    for (size_t i = 0; i < g->nnodes; i++) {
        const rg_node *n = &g->nodes[i];
        if (!sc->exempt || !rg_bit_get(sc->exempt, (size_t)n->kind))
            continue;
        rg_buf_puts(&b->s, nsrc++ ? "<BR/>" : "<BR/>Sources:<BR/>");
        rg_esc_gv_html(&b->s, rg_source_label(g, (int64_t)i), 0);
        rg_buf_puts(&b->s, ": ");
        rg_esc_gv_html(&b->s, n->name, 60);
    }
    if (b->v->hidden)
        rg_buf_printf(&b->s,
                      "<BR/>For a public audience: %zu element%s whose confidentiality is not "
                      "public withheld.",
                      b->v->hidden, b->v->hidden == 1 ? "" : "s");
    /* Left-aligned lines: every break we wrote becomes a left break (names
     * are escaped, so "<BR/>" can only be ours), and so does the last line. */
    rg_buf foot_text;
    rg_buf_init(&foot_text);
    for (const char *p = rg_buf_str(&b->s); *p;) {
        if (strncmp(p, "<BR/>", 5) == 0) {
            rg_buf_puts(&foot_text, "<BR ALIGN=\"LEFT\"/>");
            p += 5;
        } else {
            rg_buf_putc(&foot_text, *p++);
        }
    }
    rg_buf_puts(&foot_text, "<BR ALIGN=\"LEFT\"/>");
    snprintf(name, sizeof name, "legend%zu", item++);
    Agnode_t *foot = agnode(L, name, 1);
    set_html(foot, b->n_label, rg_buf_str(&foot_text));
    b->s.oom |= foot_text.oom;
    rg_buf_destroy(&foot_text);
    agxset(foot, b->n_shape, "plaintext");
    agxset(foot, b->n_style, "solid");
    /* The footnote takes the column after the edge samples, so that they
     * stay short. */
    Agnode_t *before = last_point ? last_point : prev;
    if (before) {
        Agedge_t *ie = agedge(b->G, before, foot, NULL, 1);
        agsafeset(ie, "style", "invis", "");
    }
}

/* The edges of the view, between the drawn nodes GVN.  A hub's neighbours
 * would all share one rank: a column as tall as the hub has links.
 * Spreading them over a few ranks (as Graphviz's unflatten does) keeps the
 * diagram near the shape of a page.  DEGREE and SEEN may be NULL. */
static void draw_edges(builder *b, Agnode_t **gvn, const size_t *degree, size_t *seen,
                       unsigned char *edges_used)
{
    const rg_view *v = b->v;
    const rg_graph *g = v->g;
    const rg_schema *sc = g->schema;
    char name[64];
    for (size_t j = 0; j < g->nedges; j++) {
        if (!v->edge_on[j])
            continue;
        const rg_edge *e = &g->edges[j];
        if (!gvn[e->from] || !gvn[e->to])
            continue;
        Agedge_t *ae = agedge(b->G, gvn[e->from], gvn[e->to], NULL, 1);
        if (degree) {
            int64_t hub = degree[e->from] > HUB_DEGREE && degree[e->to] <= HUB_DEGREE   ? e->from
                          : degree[e->to] > HUB_DEGREE && degree[e->from] <= HUB_DEGREE ? e->to
                                                                                        : -1;
            if (hub >= 0) {
                snprintf(name, sizeof name, "%zu", 1 + seen[hub]++ % HUB_STAGGER);
                agxset(ae, b->e_minlen, name);
            }
        }
        edge_look(b, ae, e->kind);
        edges_used[e->kind] = 1;
        if (v->edge_labels && sc->edge_kinds[e->kind].verb) {
            rg_buf_clear(&b->s);
            rg_esc_gv_html(&b->s, sc->edge_kinds[e->kind].verb, LABEL_WRAP);
            set_html(ae, b->e_label, rg_buf_str(&b->s));
        }
        rg_buf_clear(&b->s);
        edge_tooltip(g, (int64_t)j, &b->s);
        agxset(ae, b->e_tip, (char *)rg_buf_str(&b->s));
    }
}

static rg_status build(builder *b, rg_error *err)
{
    const rg_view *v = b->v;
    const rg_graph *g = v->g;
    const rg_schema *sc = g->schema;
    b->disc.mem = &AgMemDisc;
    b->disc.id = &seq_id_disc;
    b->disc.io = &AgIoDisc;
    b->G = agopen("relgraph", Agdirected, &b->disc);
    if (b->G == NULL)
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    declare(b);
    b->st = status_of_view(v, b->o);
    rg_buf_clear(&b->s);
    rg_buf_puts(&b->s, "<B>");
    rg_esc_gv_html(&b->s, v->title, 0);
    rg_buf_puts(&b->s, "</B>");
    set_html(b->G, b->g_label, rg_buf_str(&b->s));

    unsigned char *kinds_used = calloc(sc->n_node_kinds + 1, 1);
    unsigned char *edges_used = calloc(sc->n_edge_kinds + 1, 1);
    unsigned char *status_used = calloc(b->st.n + 1, 1);
    Agnode_t **gvn = calloc(g->nnodes + 1, sizeof *gvn);
    Agraph_t **clusters = calloc(g->nnodes + 1, sizeof *clusters);
    if (!kinds_used || !edges_used || !status_used || !gvn || !clusters) {
        free(kinds_used);
        free(edges_used);
        free(status_used);
        free(gvn);
        free(clusters);
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    int ck = b->o && b->o->cluster_edge ? rg_schema_edge_kind(sc, b->o->cluster_edge) : -1;
    int other_status = 0;
    size_t nn = 0, nc = 0;
    rg_buf lab;
    rg_buf_init(&lab);
    char name[64];
    /* Degrees in the drawing: hubs are spread out (below) and kept out of
     * clusters, which would otherwise stretch around all their links. */
    size_t *degree = calloc(g->nnodes + 1, sizeof *degree);
    size_t *seen = calloc(g->nnodes + 1, sizeof *seen);
    if (!degree || !seen) {
        free(degree);
        free(seen);
        degree = seen = NULL;
        b->s.oom = 1; /* hubs not found: not the drawing asked for */
    }
    for (size_t j = 0; degree && j < g->nedges; j++)
        if (v->edge_on[j] && v->node_on[g->edges[j].from] && v->node_on[g->edges[j].to]) {
            degree[g->edges[j].from]++;
            degree[g->edges[j].to]++;
        }
    for (size_t i = 0; i < g->nnodes; i++) {
        if (!v->node_on[i])
            continue;
        const rg_node *n = &g->nodes[i];
        Agraph_t *parent = b->G;
        int64_t c = degree && degree[i] > HUB_DEGREE ? -1 : cluster_of(b, (int64_t)i, ck);
        if (c >= 0 && !v->node_on[c]) {
            if (clusters[c] == NULL) {
                snprintf(name, sizeof name, "cluster_%zu", nc++);
                clusters[c] = agsubg(b->G, name, 1);
                rg_buf_clear(&b->s);
                rg_buf_puts(&b->s, "<I>");
                rg_esc_gv_html(&b->s, rg_node_label(g, &g->nodes[c]), 0);
                rg_buf_puts(&b->s, "</I>");
                set_html(clusters[c], b->g_label, rg_buf_str(&b->s));
            }
            parent = clusters[c];
        }
        snprintf(name, sizeof name, "n%zu", nn++);
        Agnode_t *an = gvn[i] = agnode(parent, name, 1);
        rg_buf_clear(&b->s);
        rg_esc_gv_html(&b->s, short_label(rg_node_label(g, n), &lab), LABEL_WRAP);
        set_html(an, b->n_label, rg_buf_str(&b->s));
        agxset(an, b->n_shape, (char *)shape_of(n->kind));
        kinds_used[n->kind] = 1;
        const char *word = node_status(v, b->o, (int64_t)i);
        if (word) {
            agxset(an, b->n_fill, (char *)status_fill(&b->st, word));
            size_t s = 0;
            while (s < b->st.n && strcmp(b->st.values[s], word) != 0)
                s++;
            if (s < b->st.n)
                status_used[s] = 1;
            else
                other_status = 1;
        }
        rg_buf_clear(&b->s);
        node_tooltip(b, (int64_t)i, &b->s);
        agxset(an, b->n_tip, (char *)rg_buf_str(&b->s));
        const rg_value *url = b->o && b->o->link_attr ? rg_node_attr(g, n, b->o->link_attr) : NULL;
        if (url && url->type == RG_T_STRING) {
            rg_buf_clear(&b->s);
            if (rg_esc_url(&b->s, url->u.s))
                agxset(an, b->n_url, (char *)rg_buf_str(&b->s));
        }
    }
    rg_buf_destroy(&lab);
    draw_edges(b, gvn, degree, seen, edges_used);
    free(degree);
    free(seen);
    legend(b, kinds_used, edges_used, status_used, other_status);
    free(kinds_used);
    free(edges_used);
    free(status_used);
    free(gvn);
    free(clusters);
    return b->s.oom ? rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory") : RG_OK;
}

static rg_status write_dot(Agraph_t *G, char **out, size_t *len, rg_error *err)
{
    char *data = NULL;
    size_t n = 0;
    FILE *f = open_memstream(&data, &n);
    if (f == NULL)
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    int rc = agwrite(G, f);
    if (fclose(f) != 0 || rc != 0) {
        free(data);
        return rg_error_set(err, RG_EIO, NULL, 0, 0, "unable to write the DOT text");
    }
    *out = data;
    *len = n;
    return RG_OK;
}

/* One Graphviz context for the whole process.  Graphviz 2.42's pango
 * plugin remembers the last font name in a static pointer into the
 * context's font dictionary: after gvFreeContext, the next context's first
 * text measurement reads freed memory.  Keeping one context alive (it stays
 * reachable, so it is not a leak) avoids that, and loading the plugins
 * once makes a report with many diagrams faster. */
static GVC_t *the_gvc;
static pthread_once_t gvc_once = PTHREAD_ONCE_INIT;
/* Graphviz keeps global state (cgraph's and the plugins'): one diagram at a
 * time.  With the context, the only mutable file-scope state of render/
 * (tests/scripts/test_no_global_state.sh allows both, for these reasons). */
static pthread_mutex_t graphviz_mutex = PTHREAD_MUTEX_INITIALIZER;

static void make_gvc(void)
{
    the_gvc = gvContext();
}

static GVC_t *shared_gvc(void)
{
    pthread_once(&gvc_once, make_gvc);
    return the_gvc;
}

static rg_status layout_render(Agraph_t *G, rg_format f, char **out, size_t *len, rg_error *err)
{
    static const char *const names[] = {"dot", "svg", "png", "pdf"};
    GVC_t *gvc = shared_gvc();
    if (gvc == NULL)
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "unable to start Graphviz");
    /* Graphviz reports some faults (out of memory in an HTML label, for
     * one) only through agerr, then draws on without the part: such a
     * drawing is not the one asked for. */
    agreseterrors();
    if (gvLayout(gvc, G, "dot") != 0)
        return rg_error_set(err, RG_EINVALID, NULL, 0, 0, "Graphviz could not lay out the diagram");
    char *data = NULL;
    unsigned int n = 0;
    int rc = gvRenderData(gvc, G, names[f], &data, &n);
    rg_status st = RG_OK;
    if (rc == 0 && data != NULL && agerrors() >= AGERR) {
        st = rg_error_set(err, RG_EINVALID, NULL, 0, 0,
                          "Graphviz reported an error while drawing (above); nothing written");
    } else if (rc != 0 || data == NULL) {
        st = rg_error_set(err, RG_EINVALID, NULL, 0, 0,
                          "Graphviz could not render the diagram as %s (is its plugin installed?)",
                          names[f]);
    } else {
        /* Copy out of Graphviz's allocator into ours, NUL-terminated. */
        *out = malloc((size_t)n + 1);
        if (*out == NULL) {
            st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
        } else {
            memcpy(*out, data, n);
            (*out)[n] = '\0';
            *len = n;
        }
    }
    if (data)
        gvFreeRenderData(data);
    gvFreeLayout(gvc, G);
    return st;
}

rg_status rg_render(const rg_view *v, const rg_render_opts *o, rg_format f, char **out, size_t *len,
                    rg_error *err)
{
    *out = NULL;
    *len = 0;
    size_t count = rg_view_count(v);
    size_t max = o && o->max_nodes ? o->max_nodes : 1000;
    if (count == 0)
        return rg_error_set(err, RG_EINVALID, NULL, 0, 0, "the view has no nodes to draw");
    /* Only the layout is refused: DOT text costs little to write, and sfdp
     * can lay out what dot cannot. */
    if (count > max && f != RG_FMT_DOT)
        return rg_error_set(err, RG_ELIMIT, NULL, 0, 0,
                            "the view has %zu nodes, more than dot lays out well (%zu): choose a "
                            "smaller view (region NAME, around NAME --depth 1), or write the DOT "
                            "with '-o FILE.dot' and lay it out with sfdp "
                            "(sfdp -Tsvg FILE.dot -o FILE.svg)",
                            count, max);
    builder b;
    memset(&b, 0, sizeof b);
    b.v = v;
    b.o = o;
    rg_buf_init(&b.s);
    const rg_graph *g = v->g;
    rg_status st = rg_adj_init(g, &b.adj, err);
    if (st != RG_OK) {
        rg_buf_destroy(&b.s);
        return st;
    }
    b.inc = malloc((g->nedges ? g->nedges : 1) * sizeof *b.inc);
    if (b.inc == NULL) {
        st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    } else {
        pthread_mutex_lock(&graphviz_mutex);
        st = build(&b, err);
        if (st == RG_OK)
            st = f == RG_FMT_DOT ? write_dot(b.G, out, len, err)
                                 : layout_render(b.G, f, out, len, err);
        if (b.G)
            agclose(b.G);
        pthread_mutex_unlock(&graphviz_mutex);
    }
    free(b.inc);
    rg_adj_destroy(&b.adj);
    rg_buf_destroy(&b.s);
    return st;
}
