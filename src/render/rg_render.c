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

#include "../core/rg_sort.h"
#include "../graph/rg_roles.h"
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
/* Status colours, from Okabe and Ito's palette for colour-blind readers:
 * bluish green, vermillion, yellow, sky blue, reddish purple, orange, blue,
 * grey.  The fills are tints (or shades) of them set to grey levels (luma,
 * 0-255) at least 15 apart and from white: 200, 152, 232, 184, 136, 216,
 * 168, 120, so that a greyscale print still tells them apart
 * (tests/scripts/figures_a4.py checks it).  The first three read as good /
 * missing / unknown, which suits value lists written in that order.  Pens
 * (the lines of the summary's edges) are the full colours, and each status
 * also has its own line style, for print. */
static const char *const FILLS[] = {"#a1dbcc", "#df853e", "#f7f097", "#84c8ef",
                                    "#b86d96", "#f4d794", "#7bb6d7", "#787878"};
static const char *const PENS[] = {"#009e73", "#d55e00", "#a89b00", "#56b4e9",
                                   "#cc79a7", "#e69f00", "#0072b2", "#555555"};
static const char *const STATUS_LINES[] = {"bold",  "solid",  "dashed",      "dotted",
                                           "solid", "dashed", "bold,dotted", "dotted"};
/* The change marks of a diff (rg_view.node_change): line styles, and pen
 * colours of edges, dark to light so that they differ in greyscale. */
static const char *const CHANGE_NODE_STYLES[] = {"filled", "filled,bold", "filled,dashed",
                                                 "filled,dotted"};
static const char *const CHANGE_EDGE_STYLES[] = {"solid", "bold", "dashed", "dotted"};
static const char *const CHANGE_EDGE_COLOURS[] = {"#3c3c3c", "#1b5e20", "#e06666", "#1565c0"};
static const char *const CHANGE_PEN[] = {"0.8", "3", "2", "2"};
/* The same marks in the legend's HTML cells (added: a plain border). */
static const char *const CHANGE_CELL[] = {"", "", " STYLE=\"dashed\"", " STYLE=\"dotted\""};
#define NELEM(a) (sizeof(a) / sizeof *(a))
#define NO_STATUS_FILL "#ffffff"
/* A value outside the list: white, told apart by its dashed border. */
#define OTHER_STATUS_FILL "#ffffff"

const char *rg_render_status_fill(size_t i)
{
    return i < NELEM(FILLS) ? FILLS[i] : OTHER_STATUS_FILL;
}

size_t rg_render_status_nfills(void)
{
    return NELEM(FILLS);
}

#define LABEL_WRAP 24 /* characters a label line holds */
#define LABEL_MAX 28  /* characters; longer labels end in an ellipsis (the tooltip has all) */
#define HUB_DEGREE 10 /* nodes with more drawn edges than this are hubs */
#define HUB_STAGGER 3 /* ranks over which a hub's neighbours are spread */
#define FONT "Helvetica"
#define TEXT_PT "8" /* every text: 7 pt or more once a page-sized view is fitted to A4 */

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

/* The position of WORD in the status list: -1 for no status, -2 for a
 * value outside the list (or beyond the palette). */
static int status_index(const status_words *s, const char *word)
{
    if (word == NULL)
        return -1;
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->values[i], word) == 0)
            return i < NELEM(FILLS) ? (int)i : -2;
    return -2;
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
    int own;     /* made by ids_open (a graph opened by someone else): ids_close frees it */
} seq_ids;

/* The disciplines passed to agopen, with the ID state allocated before it:
 * agopen does not check what the open callback returns, and would call
 * ids_map with NULL when out of memory.  The state stays the builder's,
 * freed after agclose: Graphviz 2.42's agclose can fail before it closes
 * the ID discipline (it returns -1 on region diagrams with two clusters,
 * once the dot layout has drawn them), and ids_close is then never called. */
typedef struct seq_disc {
    Agdisc_t disc;         /* first: agopen hands ids_open this address */
    struct seq_disc *self; /* tells ours from a plain Agdisc_t */
    seq_ids *ids;          /* lent to ids_open; freed by the builder after agclose */
    Agiddisc_t id;         /* a copy of seq_id_disc: agopen wants it writable */
} seq_disc;

/* cgraph's allocator: its default memory discipline (AgMemDisc), which
 * every graph uses, the diagrams' and those Graphviz opens itself (for an
 * HTML label).  Graphviz 2.42 writes through what agalloc returns without
 * a check (agalloc only reports the failure through agerr), so a failed
 * allocation is a crash a few instructions later; the library cannot
 * recover from inside Graphviz and must not exit, so the program chooses
 * (the CLI's functions say "out of memory" and exit, as its jansson
 * allocator does).  The state lives in Graphviz, as jansson's does. */
void rg_render_graphviz_alloc(void *(*alloc)(void *state, size_t n),
                              void *(*resize)(void *state, void *p, size_t old, size_t n))
{
    AgMemDisc.alloc = alloc;
    AgMemDisc.resize = resize;
}

static void *ids_open(Agraph_t *g, Agdisc_t *disc)
{
    seq_disc *d = (seq_disc *)disc;
    seq_ids *s;
    if (disc != NULL && d->self == d) {
        s = d->ids;
    } else {
        s = calloc(1, sizeof *s); /* a graph opened by someone else */
        if (s)
            s->own = 1;
    }
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
    if (s == NULL || !s->own) /* the builder's: rg_render frees it after agclose */
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

static const Agiddisc_t seq_id_disc = {ids_open,  ids_map,   ids_alloc,   ids_free,
                                       ids_print, ids_close, ids_register};

typedef struct builder {
    const rg_view *v;
    const rg_render_opts *o;
    Agraph_t *G;
    seq_disc disc;
    Agsym_t *n_label, *n_shape, *n_fill, *n_tip, *n_url, *n_style, *n_width, *n_height;
    Agsym_t *e_style, *e_head, *e_color, *e_tip, *e_label, *e_minlen, *e_dir, *e_url;
    Agsym_t *g_label;
    rg_buf s;                   /* scratch */
    char **labels;              /* per drawn node: its label, unique in the figure */
    rg_buf text;                /* every label drawn, for the key of abbreviations */
    unsigned char *kinds_used;  /* node kinds drawn */
    unsigned char *edges_used;  /* edge kinds drawn */
    unsigned char *status_used; /* statuses filling a node */
    unsigned char *lines_used;  /* statuses colouring an edge */
    int other_status;           /* a value outside the list was drawn */
    unsigned char *left;        /* summary: drawn left of the hub */
    rg_adj adj;                 /* edges by their ends */
    /* ids, declared only with element_ids: plain DOT does not change */
    Agsym_t *n_id, *e_id;
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
    agattr(G, AGRAPH, "fontsize", TEXT_PT);
    agattr(G, AGRAPH, "nodesep", "0.08");
    agattr(G, AGRAPH, "ranksep", "0.3");
    agattr(G, AGRAPH, "newrank", "true");
    agattr(G, AGRAPH, "labelloc", "b");
    agattr(G, AGRAPH, "labeljust", "l");
    agattr(G, AGRAPH, "pad", "0.05");
    agattr(G, AGRAPH, "outputorder", "edgesfirst");
    agattr(G, AGRAPH, "style", "rounded");
    agattr(G, AGRAPH, "color", "#999999");
    agattr(G, AGRAPH, "rank", "");
    b->g_label = agattr(G, AGRAPH, "label", "");
    agattr(G, AGNODE, "fontname", FONT);
    agattr(G, AGNODE, "fontsize", TEXT_PT);
    agattr(G, AGNODE, "margin", "0.05,0.02");
    b->n_height = agattr(G, AGNODE, "height", "0.25");
    b->n_width = agattr(G, AGNODE, "width", "0.4");
    b->n_style = agattr(G, AGNODE, "style", "filled");
    b->n_label = agattr(G, AGNODE, "label", "");
    b->n_shape = agattr(G, AGNODE, "shape", "box");
    b->n_fill = agattr(G, AGNODE, "fillcolor", NO_STATUS_FILL);
    b->n_tip = agattr(G, AGNODE, "tooltip", "");
    b->n_url = agattr(G, AGNODE, "URL", "");
    agattr(G, AGEDGE, "fontname", FONT);
    agattr(G, AGEDGE, "fontsize", TEXT_PT);
    agattr(G, AGEDGE, "arrowsize", "0.6");
    agattr(G, AGEDGE, "penwidth", "0.8");
    b->e_style = agattr(G, AGEDGE, "style", "solid");
    b->e_head = agattr(G, AGEDGE, "arrowhead", "normal");
    b->e_color = agattr(G, AGEDGE, "color", (char *)EDGE_COLOURS[0]);
    b->e_tip = agattr(G, AGEDGE, "tooltip", "");
    b->e_label = agattr(G, AGEDGE, "label", "");
    b->e_minlen = agattr(G, AGEDGE, "minlen", "1");
    b->e_dir = agattr(G, AGEDGE, "dir", "forward");
    b->e_url = agattr(G, AGEDGE, "URL", "");
    if (b->o && b->o->element_ids) {
        b->n_id = agattr(G, AGNODE, "id", "");
        b->e_id = agattr(G, AGEDGE, "id", "");
    }
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

/* ---- labels -------------------------------------------------------- */

static int by_label(const void *x, const void *y, void *ctx)
{
    char *const *labels = ctx;
    int64_t a = *(const int64_t *)x, b = *(const int64_t *)y;
    int c = strcmp(labels[a], labels[b]);
    return c ? c : (a > b) - (a < b);
}

/* Appends SUFFIX to every label that another drawn node shares (the node's
 * id on the first round: ids are unique; a counter after that).  Returns
 * the number of labels changed, -1 when out of memory. */
static long unique_round(const rg_graph *g, char **labels, int64_t *idx, size_t n, int round)
{
    rg_sort(idx, n, sizeof *idx, by_label, labels);
    unsigned char *dup = calloc(n + 1, 1);
    if (dup == NULL)
        return -1;
    long changed = 0;
    for (size_t k = 0; k + 1 < n; k++)
        if (strcmp(labels[idx[k]], labels[idx[k + 1]]) == 0)
            dup[k] = dup[k + 1] = 1;
    size_t nth = 0;
    for (size_t k = 0; k < n; k++) {
        if (!dup[k]) {
            nth = 0;
            continue;
        }
        const char *old = labels[idx[k]];
        size_t len = strlen(old) + strlen(g->nodes[idx[k]].id) + 32;
        char *s = malloc(len);
        if (s == NULL) {
            free(dup);
            return -1;
        }
        if (round == 0)
            snprintf(s, len, "%s (%s)", old, g->nodes[idx[k]].id);
        else
            snprintf(s, len, "%s #%zu", old, ++nth);
        free(labels[idx[k]]);
        labels[idx[k]] = s;
        changed++;
    }
    free(dup);
    return changed;
}

/* The label of every drawn node: its short title, cut to LABEL_MAX
 * characters, and never the same as another node's in the figure. */
static int make_labels(builder *b)
{
    const rg_view *v = b->v;
    const rg_graph *g = v->g;
    b->labels = calloc(g->nnodes + 1, sizeof *b->labels);
    int64_t *idx = malloc((g->nnodes + 1) * sizeof *idx);
    if (b->labels == NULL || idx == NULL) {
        free(idx);
        return -1;
    }
    rg_buf t, cut;
    rg_buf_init(&t);
    rg_buf_init(&cut);
    size_t n = 0;
    int oom = 0;
    for (size_t i = 0; i < g->nnodes && !oom; i++) {
        if (!v->node_on[i])
            continue;
        rg_buf_clear(&t);
        rg_short_title(g, (int64_t)i, &t);
        b->labels[i] = strdup(short_label(rg_buf_str(&t), &cut));
        oom = b->labels[i] == NULL || t.oom || cut.oom;
        idx[n++] = (int64_t)i;
    }
    long changed = 1;
    for (int round = 0; !oom && changed > 0 && round < 4; round++)
        oom = (changed = unique_round(g, b->labels, idx, n, round)) < 0;
    rg_buf_destroy(&t);
    rg_buf_destroy(&cut);
    free(idx);
    return oom ? -1 : 0;
}

/* ---- the legend ---------------------------------------------------- */

/* A line of the given Graphviz style drawn with box-drawing characters. */
static const char *line_sample(const char *style)
{
    if (strstr(style, "dotted"))
        return "\xE2\x94\x88\xE2\x94\x88\xE2\x94\x88"; /* ┈┈┈ */
    if (strstr(style, "dashed"))
        return "\xE2\x95\x8C\xE2\x95\x8C\xE2\x95\x8C"; /* ╌╌╌ */
    if (strstr(style, "bold"))
        return "\xE2\x94\x81\xE2\x94\x81\xE2\x94\x81"; /* ━━━ */
    return "\xE2\x94\x80\xE2\x94\x80\xE2\x94\x80";     /* ─── */
}

/* Whether WORD occurs in TEXT as a whole word. */
static int has_word(const char *text, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = strstr(text, word); p; p = strstr(p + 1, word)) {
        int before = p == text || !((p[-1] | 32) >= 'a' && (p[-1] | 32) <= 'z');
        int after = !((p[n] | 32) >= 'a' && (p[n] | 32) <= 'z');
        if (before && after)
            return 1;
    }
    return 0;
}

/* Legend entries (a sample and its words) go LEGEND_COLS to a row. */
#define LEGEND_COLS 5
#define FOOT_WRAP 128 /* characters a footnote line holds */
static void entry_start(rg_buf *h, size_t *n)
{
    if (*n % LEGEND_COLS == 0)
        rg_buf_puts(h, *n ? "</TR><TR>" : "<TR>");
    (*n)++;
}

/* The key of the abbreviated agreement types that the labels use. */
static void legend_abbrevs(builder *b, rg_buf *h, size_t *n)
{
    const rg_schema *sc = b->v->g->schema;
    const char *ta = sc->roles[RG_ROLE_TYPE_ATTR], *akn = sc->roles[RG_ROLE_AGREEMENT_KIND];
    int ak = akn ? rg_schema_node_kind(sc, akn) : -1;
    int a = ak >= 0 && ta ? rg_kind_attr(&sc->node_kinds[ak], ta) : -1;
    if (a < 0 || !sc->node_kinds[ak].attrs[a].values)
        return;
    rg_buf ab;
    rg_buf_init(&ab);
    for (size_t i = 0; i < sc->node_kinds[ak].attrs[a].nvalues; i++) {
        const char *val = sc->node_kinds[ak].attrs[a].values[i];
        rg_buf_clear(&ab);
        rg_type_abbrev(val, &ab);
        if (strcmp(rg_buf_str(&ab), val) == 0 || !has_word(rg_buf_str(&b->text), rg_buf_str(&ab)))
            continue;
        entry_start(h, n);
        rg_buf_puts(h, "<TD ALIGN=\"RIGHT\">");
        rg_esc_gv_html(h, rg_buf_str(&ab), 0);
        rg_buf_puts(h, "</TD><TD ALIGN=\"LEFT\">");
        rg_esc_gv_html(h, val, 0);
        rg_buf_puts(h, "</TD>");
    }
    rg_buf_destroy(&ab);
}

/* The rows for the kinds, statuses and edge kinds the figure shows. */
static void legend_samples(builder *b, rg_buf *h, size_t *n)
{
    const rg_schema *sc = b->v->g->schema;
    for (size_t k = 0; k < sc->n_node_kinds; k++) {
        if (!b->kinds_used[k])
            continue;
        entry_start(h, n);
        rg_buf_printf(h, "<TD ALIGN=\"RIGHT\"><I>%s</I></TD><TD ALIGN=\"LEFT\">", shape_of((int)k));
        rg_esc_gv_html(h, sc->node_kinds[k].name, 0);
        rg_buf_puts(h, "</TD>");
    }
    for (size_t s = 0; s <= b->st.n && s <= NELEM(FILLS); s++) {
        int other = s == b->st.n || s == NELEM(FILLS);
        if (other ? !b->other_status : !b->status_used[s] && !b->lines_used[s])
            continue;
        entry_start(h, n);
        rg_buf_puts(h, "<TD ALIGN=\"RIGHT\">");
        if (!other && b->lines_used[s])
            rg_buf_printf(h, "<FONT COLOR=\"%s\">%s</FONT>", PENS[s], line_sample(STATUS_LINES[s]));
        const char *cell = other ? " STYLE=\"dashed\"" : "";
        if (!other && b->v->node_change && s + 1 < NELEM(CHANGE_CELL))
            cell = CHANGE_CELL[s + 1];
        rg_buf_printf(h, "</TD><TD ALIGN=\"LEFT\" BORDER=\"1\" BGCOLOR=\"%s\"%s>",
                      other ? OTHER_STATUS_FILL : FILLS[s], cell);
        /* an attribute's values need its name ("ssr_elements: none"); an
         * analysis' status words speak for themselves */
        if (!b->v->status) {
            rg_esc_gv_html(h, b->st.name, 0);
            rg_buf_puts(h, ": ");
        }
        rg_esc_gv_html(h, other ? "other" : b->st.values[s], 0);
        rg_buf_puts(h, "</TD>");
    }
    for (size_t k = 0; k < sc->n_edge_kinds; k++) {
        if (!b->edges_used[k])
            continue;
        entry_start(h, n);
        rg_buf_printf(h, "<TD ALIGN=\"RIGHT\"><FONT COLOR=\"%s\">%s</FONT></TD>",
                      EDGE_COLOURS[k % NELEM(EDGE_COLOURS)],
                      line_sample(EDGE_STYLES[k % NELEM(EDGE_STYLES)]));
        rg_buf_puts(h, "<TD ALIGN=\"LEFT\">");
        rg_esc_gv_html(
            h, sc->edge_kinds[k].verb ? sc->edge_kinds[k].verb : sc->edge_kinds[k].base.name, 0);
        rg_buf_puts(h, "</TD>");
    }
}

/* The footnote: the catalogue, its sources, what was withheld or left out. */
static void legend_footnote(builder *b, rg_buf *h)
{
    const rg_graph *g = b->v->g;
    const rg_schema *sc = g->schema;
    rg_buf t;
    rg_buf_init(&t);
    rg_buf_printf(h, "<TR><TD COLSPAN=\"%d\" ALIGN=\"LEFT\" BALIGN=\"LEFT\">", 2 * LEGEND_COLS);
    /* one sentence a line, each wrapped: the catalogue and its sources,
     * what was withheld, what was left out */
    rg_buf_puts(&t, "Catalogue: ");
    rg_buf_puts(&t, basename_of(g->file));
    if (g->title)
        rg_buf_printf(&t, " (%s)", g->title);
    rg_buf_puts(&t, ".");
    size_t nsrc = 0;
    for (size_t i = 0; i < g->nnodes; i++) {
        if (!sc->exempt || !rg_bit_get(sc->exempt, (size_t)g->nodes[i].kind))
            continue;
        rg_buf_puts(&t, nsrc++ ? ", " : " Sources: ");
        rg_buf_puts(&t, rg_source_label(g, (int64_t)i));
    }
    if (nsrc)
        rg_buf_puts(&t, ".");
    rg_esc_gv_html(h, rg_buf_str(&t), FOOT_WRAP);
    if (b->v->hidden) {
        rg_buf_clear(&t);
        rg_buf_printf(&t,
                      "For a public audience: %zu element%s whose confidentiality is not "
                      "public withheld.",
                      b->v->hidden, b->v->hidden == 1 ? "" : "s");
        rg_buf_puts(h, "<BR/>");
        rg_esc_gv_html(h, rg_buf_str(&t), FOOT_WRAP);
    }
    if (b->v->note) {
        rg_buf_puts(h, "<BR/>");
        rg_esc_gv_html(h, b->v->note, FOOT_WRAP);
    }
    rg_buf_puts(h, "</TD></TR>");
    h->oom |= t.oom;
    rg_buf_destroy(&t);
}

/* The caption under the drawing: the title, then the legend (only what
 * the figure shows, LEGEND_COLS entries a row) and the footnote.  Below the
 * drawing as the graph's label, it never takes a column of its own. */
static void legend(builder *b)
{
    rg_buf h;
    rg_buf_init(&h);
    rg_buf_printf(&h,
                  "<TABLE BORDER=\"0\" CELLBORDER=\"0\" CELLSPACING=\"1\" CELLPADDING=\"1\">"
                  "<TR><TD COLSPAN=\"%d\" ALIGN=\"LEFT\"><FONT POINT-SIZE=\"10\"><B>",
                  2 * LEGEND_COLS);
    rg_esc_gv_html(&h, b->v->title, 0);
    rg_buf_puts(&h, "</B></FONT></TD></TR>");
    size_t n = 0;
    legend_samples(b, &h, &n);
    legend_abbrevs(b, &h, &n);
    if (n)
        rg_buf_puts(&h, "</TR>");
    legend_footnote(b, &h);
    rg_buf_puts(&h, "</TABLE>");
    set_html(b->G, b->g_label, rg_buf_str(&h));
    b->s.oom |= h.oom;
    rg_buf_destroy(&h);
}

/* ---- nodes, edges, links -------------------------------------------- */

/* Fills node AN by status WORD and notes the status as shown. */
static void fill_node(builder *b, Agnode_t *an, const char *word)
{
    int s = status_index(&b->st, word);
    if (s >= 0) {
        agxset(an, b->n_fill, (char *)FILLS[s]);
        b->status_used[s] = 1;
    } else if (s == -2) {
        agxset(an, b->n_fill, OTHER_STATUS_FILL);
        agxset(an, b->n_style, "filled,dashed");
        b->other_status = 1;
    }
}

/* A node's label: its unique label, and in the summary the labels of the
 * links into it (its agreements' types and years). */
static void node_label(builder *b, int64_t i, rg_buf *out)
{
    rg_esc_gv_html(out, b->labels[i], LABEL_WRAP);
    rg_buf_puts(&b->text, b->labels[i]);
    rg_buf_putc(&b->text, '\n');
}

static Agnode_t *draw_node(builder *b, Agraph_t *parent, int64_t i, size_t *nn)
{
    const rg_graph *g = b->v->g;
    const rg_node *n = &g->nodes[i];
    char name[64];
    snprintf(name, sizeof name, "n%zu", (*nn)++);
    Agnode_t *an = agnode(parent, name, 1);
    if (b->n_id) {
        snprintf(name, sizeof name, "rgn%lld", (long long)i);
        agxset(an, b->n_id, name);
    }
    rg_buf_clear(&b->s);
    node_label(b, i, &b->s);
    set_html(an, b->n_label, rg_buf_str(&b->s));
    agxset(an, b->n_shape, (char *)shape_of(n->kind));
    b->kinds_used[n->kind] = 1;
    fill_node(b, an, node_status(b->v, b->o, i));
    const unsigned char *mark = b->v->node_change;
    if (mark && mark[i] && mark[i] < NELEM(CHANGE_PEN)) {
        agxset(an, b->n_style, (char *)CHANGE_NODE_STYLES[mark[i]]);
        agsafeset(an, "penwidth", (char *)CHANGE_PEN[mark[i]], "1");
    }
    rg_buf_clear(&b->s);
    node_tooltip(b, i, &b->s);
    agxset(an, b->n_tip, (char *)rg_buf_str(&b->s));
    const rg_value *url = b->o && b->o->link_attr ? rg_node_attr(g, n, b->o->link_attr) : NULL;
    if (url && url->type == RG_T_STRING) {
        rg_buf_clear(&b->s);
        if (rg_esc_url(&b->s, url->u.s))
            agxset(an, b->n_url, (char *)rg_buf_str(&b->s));
    }
    return an;
}

/* The summary's counterparties: one table per cluster, a row per
 * counterparty (filled by its status, with its agreements' short titles),
 * each row a port that its link ends at.  A table row takes a line where a
 * node takes three, so that sixty counterparties fit a page. */
/* The cell of a summary row with the short titles of its agreements. */
static void table_titles(builder *b, size_t i, rg_buf *h)
{
    const rg_view *v = b->v;
    rg_buf_puts(h, "<TD ALIGN=\"LEFT\" BALIGN=\"LEFT\">");
    for (size_t k = 0; k < v->nlinks; k++)
        if (v->links[k].to == (int64_t)i && v->links[k].label) {
            rg_esc_gv_html(h, v->links[k].label, 32);
            rg_buf_printf(&b->text, "%s\n", v->links[k].label);
        }
    rg_buf_puts(h, "</TD>");
}

static void draw_tables(builder *b, Agnode_t **gvn, char **port, const int64_t *cluster, size_t *nn)
{
    const rg_view *v = b->v;
    const rg_graph *g = v->g;
    char name[64];
    size_t col_rows[2] = {0, 0};
    Agraph_t *cols[2] = {agsubg(b->G, "tables_left", 1), agsubg(b->G, "tables_right", 1)};
    agsafeset(cols[0], "rank", "same", "");
    agsafeset(cols[1], "rank", "same", "");
    /* clusters (and the counterparties in none) in order of first member */
    for (size_t c0 = 0; c0 < g->nnodes; c0++) {
        if (!v->node_on[c0] || !v->status[c0] || (int64_t)c0 == v->hub || port[c0])
            continue;
        int64_t cl = cluster[c0];
        rg_buf h;
        rg_buf_init(&h);
        /* two columns of tables, balanced by rows, one each side of the hub:
         * the page is wider than one column of sixty rows is, and no link
         * crosses the other column */
        rg_buf_puts(&h, "<TABLE BORDER=\"1\" COLOR=\"#999999\" STYLE=\"rounded\" CELLBORDER=\"0\" "
                        "CELLSPACING=\"0\" CELLPADDING=\"0\"><TR><TD COLSPAN=\"2\"><I>");
        if (cl >= 0) {
            rg_esc_gv_html(&h, rg_node_label(g, &g->nodes[cl]), 0);
        } else {
            /* an empty <I></I> is a syntax error to Graphviz */
            const char *word = g->schema->roles[RG_ROLE_WORD_GROUP];
            rg_buf_puts(&h, "no ");
            rg_esc_gv_html(&h, word ? word : "group", 0);
        }
        rg_buf_puts(&h, "</I></TD></TR>");
        /* the side first: on the left of the hub, a row's link comes in at
         * its right end, so the name is the last cell */
        size_t rows = 0;
        int col = col_rows[1] < col_rows[0] ? 1 : 0; /* the shorter side */
        for (size_t i = c0; i < g->nnodes; i++) {
            if (!v->node_on[i] || !v->status[i] || (int64_t)i == v->hub || cluster[i] != cl)
                continue;
            int s = status_index(&b->st, v->status[i]);
            if (s >= 0)
                b->status_used[s] = 1;
            snprintf(name, sizeof name, "p%zu", rows++);
            port[i] = strdup(name);
            if (port[i] == NULL)
                h.oom = 1; /* a row without its port: fail the drawing, below */
            rg_buf_puts(&h, "<TR>");
            if (col == 0)
                table_titles(b, i, &h);
            rg_buf_printf(&h, "<TD PORT=\"%s\" ALIGN=\"%s\" BGCOLOR=\"%s\">", name,
                          col ? "LEFT" : "RIGHT", s >= 0 ? FILLS[s] : OTHER_STATUS_FILL);
            rg_esc_gv_html(&h, b->labels[i], 0);
            rg_buf_printf(&b->text, "%s\n", b->labels[i]);
            rg_buf_puts(&h, "</TD>");
            if (col == 1)
                table_titles(b, i, &h);
            rg_buf_puts(&h, "</TR>");
        }
        rg_buf_puts(&h, "</TABLE>");
        col_rows[col] += rows;
        snprintf(name, sizeof name, "n%zu", (*nn)++);
        Agnode_t *tn = agnode(cols[col], name, 1);
        set_html(tn, b->n_label, rg_buf_str(&h));
        agxset(tn, b->n_shape, "plaintext");
        agxset(tn, b->n_style, "solid");
        agsafeset(tn, "group", col ? "right" : "left", "");
        for (size_t i = c0; i < g->nnodes; i++)
            if (port[i] && !gvn[i] && cluster[i] == cl) {
                gvn[i] = tn;
                b->left[i] = (unsigned char)!col;
            }
        b->s.oom |= h.oom;
        rg_buf_destroy(&h);
        if (b->s.oom)
            return; /* the drawing fails; a node without a port would be tabled again */
    }
}

/* Sets a link's line by its status (summary) or the folded node's. */
static void link_look(builder *b, Agedge_t *ae, const rg_view_link *l)
{
    const char *word = l->status;
    if (word == NULL && !b->v->status && l->via >= 0)
        word = node_status(b->v, b->o, l->via);
    int s = status_index(&b->st, word);
    if (s >= 0) {
        agxset(ae, b->e_style, (char *)STATUS_LINES[s]);
        agxset(ae, b->e_color, (char *)PENS[s]);
        b->lines_used[s] = 1;
    } else if (l->kind >= 0) {
        edge_look(b, ae, l->kind);
        b->edges_used[l->kind] = 1;
    } else {
        agxset(ae, b->e_color, "#999999"); /* the way to a link: no kind of its own */
    }
    if (s == -2)
        b->other_status = 1;
    agxset(ae, b->e_head, "none");
}

static void draw_links(builder *b, Agnode_t **gvn, char *const *port)
{
    const rg_view *v = b->v;
    const rg_graph *g = v->g;
    /* a person linking the hub to a counterparty is on its side */
    for (size_t k = 0; k < v->nlinks; k++)
        if (b->left[v->links[k].to] && v->links[k].from != v->hub)
            b->left[v->links[k].from] = 1;
    for (size_t k = 0; k < v->nlinks; k++) {
        const rg_view_link *l = &v->links[k];
        if (!gvn[l->from] || !gvn[l->to])
            continue;
        /* left of the hub, a link is drawn from its far end */
        int rev = b->left[l->to];
        Agedge_t *ae = rev ? agedge(b->G, gvn[l->to], gvn[l->from], NULL, 1)
                           : agedge(b->G, gvn[l->from], gvn[l->to], NULL, 1);
        link_look(b, ae, l);
        if (port && port[l->to]) {
            char hp[80];
            snprintf(hp, sizeof hp, "%s:%s", port[l->to], rev ? "e" : "w");
            agsafeset(ae, rev ? "tailport" : "headport", hp, "");
        }
        if (l->label && !v->link_labels_in_node) {
            rg_buf_clear(&b->s);
            rg_esc_gv_html(&b->s, l->label, LABEL_WRAP);
            set_html(ae, b->e_label, rg_buf_str(&b->s));
            rg_buf_puts(&b->text, l->label);
            rg_buf_putc(&b->text, '\n');
        }
        rg_buf_clear(&b->s);
        if (l->via >= 0) {
            /* the folded agreement: its tooltip and its document */
            node_tooltip(b, l->via, &b->s);
            const rg_value *url = b->o && b->o->link_attr
                                      ? rg_node_attr(g, &g->nodes[l->via], b->o->link_attr)
                                      : NULL;
            rg_buf u;
            rg_buf_init(&u);
            if (url && url->type == RG_T_STRING && rg_esc_url(&u, url->u.s))
                agxset(ae, b->e_url, (char *)rg_buf_str(&u));
            rg_buf_destroy(&u);
        } else {
            rg_esc_gv_tooltip(&b->s, rg_node_label(g, &g->nodes[l->from]));
            rg_buf_puts(&b->s, " &#8211; ");
            rg_esc_gv_tooltip(&b->s, rg_node_label(g, &g->nodes[l->to]));
        }
        agxset(ae, b->e_tip, (char *)rg_buf_str(&b->s));
    }
}

/* The edges of the view, between the drawn nodes GVN.  A hub's neighbours
 * would all share one rank: a column as tall as the hub has links.
 * Spreading them over a few ranks (as Graphviz's unflatten does) keeps the
 * diagram near the shape of a page.  DEGREE and SEEN may be NULL. */
static void draw_edges(builder *b, Agnode_t **gvn, const size_t *degree, size_t *seen)
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
        b->edges_used[e->kind] = 1;
        if (b->e_id) {
            snprintf(name, sizeof name, "rge%zu", j);
            agxset(ae, b->e_id, name);
        }
        if (v->edge_change && v->edge_change[j] && v->edge_change[j] < NELEM(CHANGE_PEN)) {
            agxset(ae, b->e_style, (char *)CHANGE_EDGE_STYLES[v->edge_change[j]]);
            agxset(ae, b->e_color, (char *)CHANGE_EDGE_COLOURS[v->edge_change[j]]);
            agsafeset(ae, "penwidth", (char *)CHANGE_PEN[v->edge_change[j]], "0.8");
        }
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

/* Degrees in the drawing (edges and links): hubs are spread out and kept
 * out of clusters, which would otherwise stretch around all their links. */
static size_t *drawn_degrees(const rg_view *v)
{
    const rg_graph *g = v->g;
    size_t *degree = calloc(g->nnodes + 1, sizeof *degree);
    if (degree == NULL)
        return NULL;
    for (size_t j = 0; j < g->nedges; j++)
        if (v->edge_on[j] && v->node_on[g->edges[j].from] && v->node_on[g->edges[j].to]) {
            degree[g->edges[j].from]++;
            degree[g->edges[j].to]++;
        }
    for (size_t k = 0; k < v->nlinks; k++) {
        degree[v->links[k].from]++;
        degree[v->links[k].to]++;
    }
    return degree;
}

/* The drawn nodes: in their clusters, or in the summary's tables. */
static void draw_nodes(builder *b, Agnode_t **gvn, char **port, const size_t *degree)
{
    const rg_view *v = b->v;
    const rg_graph *g = v->g;
    int ck = b->o && b->o->cluster_edge ? rg_schema_edge_kind(g->schema, b->o->cluster_edge) : -1;
    Agraph_t **clusters = calloc(g->nnodes + 1, sizeof *clusters);
    int64_t *cluster = malloc((g->nnodes + 1) * sizeof *cluster);
    if (!clusters || !cluster) {
        free(clusters);
        free(cluster);
        b->s.oom = 1;
        return;
    }
    size_t nn = 0, nc = 0;
    char name[64];
    for (size_t i = 0; i < g->nnodes; i++) {
        int hub = (int64_t)i == v->hub || (degree && degree[i] > HUB_DEGREE);
        cluster[i] = v->node_on[i] && !hub ? cluster_of(b, (int64_t)i, ck) : -1;
        if (cluster[i] >= 0 && v->node_on[cluster[i]])
            cluster[i] = -1;
    }
    if (v->link_labels_in_node && v->status)
        draw_tables(b, gvn, port, cluster, &nn);
    for (size_t i = 0; i < g->nnodes; i++) {
        if (!v->node_on[i] || gvn[i])
            continue;
        Agraph_t *parent = b->G;
        int64_t c = cluster[i];
        if (c >= 0) {
            if (clusters[c] == NULL) {
                snprintf(name, sizeof name, "cluster_%zu", nc++);
                clusters[c] = agsubg(b->G, name, 1);
                agsafeset(clusters[c], "labelloc", "t", "");
                agsafeset(clusters[c], "labeljust", "c", "");
                rg_buf_clear(&b->s);
                rg_buf_puts(&b->s, "<I>");
                rg_esc_gv_html(&b->s, rg_node_label(g, &g->nodes[c]), 0);
                rg_buf_puts(&b->s, "</I>");
                set_html(clusters[c], b->g_label, rg_buf_str(&b->s));
            }
            parent = clusters[c];
        }
        gvn[i] = draw_node(b, parent, (int64_t)i, &nn);
    }
    free(clusters);
    free(cluster);
}

static rg_status build(builder *b, rg_error *err)
{
    const rg_view *v = b->v;
    const rg_graph *g = v->g;
    const rg_schema *sc = g->schema;
    b->disc.disc.mem = &AgMemDisc;
    b->disc.id = seq_id_disc;
    b->disc.disc.id = &b->disc.id;
    b->disc.disc.io = &AgIoDisc;
    b->disc.self = &b->disc;
    b->disc.ids = calloc(1, sizeof *b->disc.ids);
    if (b->disc.ids == NULL)
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    b->G = agopen("relgraph", Agdirected, &b->disc.disc);
    if (b->G == NULL)
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    declare(b);
    b->st = status_of_view(v, b->o);
    if (v->link_labels_in_node)
        agsafeset(b->G, "ranksep", "0.5", ""); /* room for the summary's fan of links */
    b->kinds_used = calloc(sc->n_node_kinds + 1, 1);
    b->edges_used = calloc(sc->n_edge_kinds + 1, 1);
    b->status_used = calloc(b->st.n + NELEM(FILLS) + 1, 1);
    b->lines_used = calloc(b->st.n + NELEM(FILLS) + 1, 1);
    b->left = calloc(g->nnodes + 1, 1);
    Agnode_t **gvn = calloc(g->nnodes + 1, sizeof *gvn);
    char **port = calloc(g->nnodes + 1, sizeof *port);
    size_t *degree = drawn_degrees(v);
    size_t *seen = calloc(g->nnodes + 1, sizeof *seen);
    rg_status st = RG_OK;
    if (!b->kinds_used || !b->edges_used || !b->status_used || !b->lines_used || !b->left || !gvn ||
        !port || !degree || !seen || make_labels(b) != 0) {
        st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    } else {
        draw_nodes(b, gvn, port, degree);
        draw_edges(b, gvn, degree, seen);
        draw_links(b, gvn, port);
        legend(b);
    }
    for (size_t i = 0; port && i < g->nnodes; i++)
        free(port[i]);
    free(port);
    free(gvn);
    free(degree);
    free(seen);
    if (st == RG_OK && (b->s.oom || b->text.oom))
        st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    return st;
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

/* Whether Graphviz said, since the drawing began, that it could not load a
 * plugin.  It says so only as a warning and draws on without it: without
 * the pango plugin (the dynamic loader out of memory, a broken install) it
 * measures text by estimate and writes another diagram, exit 0.  Written
 * only under graphviz_mutex, by plugin_watch during layout_render; set, it
 * fails every later drawing of the process (its context lacks the plugin). */
static int plugin_missing;

/* Graphviz's messages, as agerr would print them (the text is already
 * "Warning: ..." or "Error: ..."), noting a plugin that did not load. */
static int plugin_watch(char *message)
{
    if (strstr(message, "Could not load \"") != NULL)
        plugin_missing = 1;
    fputs(message, stderr);
    return 0;
}

static rg_status layout_render(Agraph_t *G, rg_format f, char **out, size_t *len, rg_error *err)
{
    static const char *const names[] = {"dot", "svg", "png", "pdf"};
    /* Graphviz reports some faults (out of memory in an HTML label, for
     * one) only through agerr, then draws on without the part: such a
     * drawing is not the one asked for.  The plugins load with the context
     * (once): a plugin missing then stays missing, so plugin_missing is
     * never cleared. */
    agusererrf before = agseterrf(plugin_watch);
    GVC_t *gvc = shared_gvc();
    if (gvc == NULL) {
        agseterrf(before);
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "unable to start Graphviz");
    }
    agreseterrors();
    if (gvLayout(gvc, G, "dot") != 0) {
        agseterrf(before);
        return rg_error_set(err, RG_EINVALID, NULL, 0, 0, "Graphviz could not lay out the diagram");
    }
    char *data = NULL;
    unsigned int n = 0;
    int rc = gvRenderData(gvc, G, names[f], &data, &n);
    agseterrf(before);
    rg_status st = RG_OK;
    if (rc == 0 && data != NULL && plugin_missing) {
        st = rg_error_set(err, RG_EINVALID, NULL, 0, 0,
                          "Graphviz could not load one of its plugins (above), so the drawing "
                          "would not be the one asked for; nothing written");
    } else if (rc == 0 && data != NULL && agerrors() >= AGERR) {
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

/* The Graphviz part of rg_render, for the runner (rg_render_runner). */
typedef struct draw_job {
    builder *b;
    rg_format f;
} draw_job;

static rg_status run_draw(void *arg, char **out, size_t *len, rg_error *err)
{
    draw_job *j = arg;
    builder *b = j->b;
    rg_status st = build(b, err);
    if (st == RG_OK)
        st = j->f == RG_FMT_DOT ? write_dot(b->G, out, len, err)
                                : layout_render(b->G, j->f, out, len, err);
    if (b->G)
        agclose(b->G); /* may fail, leaving the graph (Graphviz's leak) but not the IDs */
    b->G = NULL;
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
    rg_buf_init(&b.text);
    const rg_graph *g = v->g;
    rg_status st = rg_adj_init(g, &b.adj, err);
    if (st != RG_OK) {
        rg_buf_destroy(&b.s);
        rg_buf_destroy(&b.text);
        return st;
    }
    b.inc = malloc((g->nedges ? g->nedges : 1) * sizeof *b.inc);
    if (b.inc == NULL) {
        st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    } else {
        draw_job job = {&b, f};
        const rg_render_runner *r = o ? o->runner : NULL;
        pthread_mutex_lock(&graphviz_mutex);
        st = r ? r->run(r->ctx, v->title ? v->title : "diagram", run_draw, &job, out, len, err)
               : run_draw(&job, out, len, err);
        pthread_mutex_unlock(&graphviz_mutex);
    }
    if (b.disc.ids) /* the names themselves went with the graph's strings */
        free(b.disc.ids->names);
    free(b.disc.ids);
    free(b.inc);
    rg_adj_destroy(&b.adj);
    for (size_t i = 0; b.labels && i < g->nnodes; i++)
        free(b.labels[i]);
    free(b.labels);
    free(b.kinds_used);
    free(b.edges_used);
    free(b.status_used);
    free(b.lines_used);
    free(b.left);
    rg_buf_destroy(&b.text);
    rg_buf_destroy(&b.s);
    return st;
}
