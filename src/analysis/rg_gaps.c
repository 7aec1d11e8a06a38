/* rg_gaps.c: the coverage of a hub's counterparties by clauses (for ICANN:
 * the SSR coverage of its counterparties).
 *
 * Nothing is read from a stored status: each counterparty's status follows
 * from the graph's structure, so a reviewer can retrace it.
 *
 *   agreements  nodes of the agreement kind that both the hub and the
 *               counterparty are party to (dated no later than AS_OF);
 *   clause      one of them has its text located and contains a clause;
 *   no-clause   some text is located, and no located text has a clause;
 *   document-unknown  agreements exist, none located;
 *   informal    no agreement, but a working link: the hub, or someone who
 *               acts for it (an agent edge into the hub: works_for,
 *               part_of), engages with a body (member_of, participates_in)
 *               that is the counterparty or leads to it in at most two
 *               further steps (operated_by, part_of forwards; same_as either
 *               way); links whose dated tenure does not hold on AS_OF are
 *               not followed;
 *   unknown     neither.
 *
 * The words printed for the statuses, the clause family ("SSR"), the group
 * ("region") and the counterparty come from the schema's "words" (rg_word).
 * Working links are listed for every counterparty, whatever its status. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rg_analysis.h"
#include "rg_links.h"
#include "rg_registry.h"

#include "../graph/rg_entity.h"
#include "../graph/rg_incid.h"

#include "../core/rg_sort.h"

#define MAX_LINKS 5      /* informal links shown per counterparty */
#define MAX_HOPS 4       /* agent, engagement, two reach steps */
#define MAX_COUNTED 1000 /* informal links counted per counterparty */

enum { ST_CLAUSE, ST_NOCLAUSE, ST_DOCUNKNOWN, ST_INFORMAL, ST_UNKNOWN, NSTATUS };
static const rg_role status_role[NSTATUS] = {RG_ROLE_WORD_CLAUSE, RG_ROLE_WORD_NO_CLAUSE,
                                             RG_ROLE_WORD_DOC_UNKNOWN, RG_ROLE_WORD_INFORMAL,
                                             RG_ROLE_WORD_UNKNOWN};

typedef struct ipath {
    size_t hops;
    int64_t nodes[MAX_HOPS + 1];
    int64_t edges[MAX_HOPS];
} ipath;

/* Per node, one byte of flags: a million-node catalogue's gaps touches a
 * few nodes in eight, and a byte array is 1 MB where a table per flag (and
 * 8-byte marks) was 60 MB of fresh memory faulted in page by page. */
enum {
    F_CP = 1,     /* a counterparty */
    F_PATH = 2,   /* on the link search's current path */
    F_HUB = 4,    /* an agreement the hub is party to */
    F_SEEN = 8,   /* an agreement (entity) in scope: the tables by year and age */
    F_SPENT = 16, /* << LEFT (0..2): see reach_from */
    /* Once the link search is over, its bits (F_PATH, F_SPENT's) say of an
     * agreement of the hub's (hub_agreements): */
    F_INSCOPE = 2,  /* not dated after the date of the analysis */
    F_LOCATED = 16, /* its text is located */
    F_NCL = 32      /* times its clauses (0 to 6; 7: 7 or more, counted again) */
};

/* The edges reach_from follows from a node it met: pool[start .. + n). */
typedef struct rlist {
    int64_t node; /* -1: a free slot */
    size_t start, n;
} rlist;

typedef struct gctx {
    const rg_graph *g;
    const rg_gaps_opts *o;
    int64_t hub;
    int ak, pe, ce;
    unsigned char *agent, *engage, *reach, *alias;
    unsigned char *fl; /* per node: F_* */
    /* the counterparties in node order, and per counterparty (by its place
     * there) the informal links found */
    const int64_t *cpn;
    size_t ncp;
    ipath **links;
    size_t *nlinks;
    ipath cur;
    /* per node met by reach_from, the edges it follows from there, in the
     * order it meets them (open addressing by node; a few thousand nodes of
     * a million are met).  A body met through thousands of agents has
     * thousands of members; it is read once, not once per agent. */
    int64_t *pool;
    size_t npool, cappool;
    rlist *rl;
    size_t nrl, caprl; /* caprl: a power of two */
    int oom;
} gctx;

/* The kind of edge E: from the byte per edge a compiled catalogue keeps
 * (a 5 MB array, where the edge records are 400 MB), else the record. */
static inline int ekind(const rg_graph *g, int64_t e)
{
    return g->edge_kind8 ? g->edge_kind8[e] : g->edges[e].kind;
}

static inline int64_t efrom(const rg_graph *g, int64_t e)
{
    return VECTOR(g->ig.from)[e];
}

static inline int64_t eto(const rg_graph *g, int64_t e)
{
    return VECTOR(g->ig.to)[e];
}

/* The place of counterparty V in c->cpn (binary search: links are stored
 * a few thousand times, where a table per node would be 8 MB). */
static size_t cp_index(const gctx *c, int64_t v)
{
    size_t lo = 0, hi = c->ncp;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (c->cpn[mid] <= v)
            lo = mid;
        else
            hi = mid;
    }
    return lo;
}

/* Stores the current path as a link of CP; 0 when CP has its fill. */
static int add_link(gctx *c, int64_t cp)
{
    size_t i = cp_index(c, cp), n = c->nlinks[i];
    if (n >= MAX_COUNTED)
        return 0;                                   /* the count says "at least" past this */
    if (n == 0 || (n >= 4 && (n & (n - 1)) == 0)) { /* full: 4, 8, 16, ... */
        ipath *p = realloc(c->links[i], (n ? 2 * n : 4) * sizeof *p);
        if (p == NULL) {
            c->oom = 1;
            return 0;
        }
        c->links[i] = p;
    }
    c->links[i][c->nlinks[i]++] = c->cur;
    return 1;
}

static void push(gctx *c, int64_t e, int64_t v)
{
    c->cur.edges[c->cur.hops] = e;
    c->cur.nodes[++c->cur.hops] = v;
    c->fl[v] |= F_PATH;
}

static void pop(gctx *c)
{
    c->fl[c->cur.nodes[c->cur.hops]] &= (unsigned char)~F_PATH;
    c->cur.hops--;
}

/* Whether a link's tenure (when dated) holds on the date of the analysis. */
static int holds(const gctx *c, int64_t e)
{
    if (c->o->as_of.year == 0)
        return 1; /* the catalogue states no date: every link counts */
    return rg_span_meets(rg_edge_span(c->g, &c->g->edges[e], c->o->start_attr, c->o->end_attr),
                         c->o->as_of);
}

static size_t rl_slot(const gctx *c, int64_t u)
{
    size_t mask = c->caprl - 1, h = (size_t)(((uint64_t)u * 0x9E3779B97F4A7C15u) >> 20) & mask;
    while (c->rl[h].node != -1 && c->rl[h].node != u)
        h = (h + 1) & mask;
    return h;
}

/* U's list in the table (new: node -1), growing it first when half full;
 * NULL when out of memory. */
static rlist *rl_find(gctx *c, int64_t u)
{
    if (2 * (c->nrl + 1) > c->caprl) {
        size_t cap = c->caprl ? 2 * c->caprl : 1024;
        rlist *old = c->rl, *n = malloc(cap * sizeof *n);
        if (n == NULL)
            return NULL;
        for (size_t i = 0; i < cap; i++)
            n[i].node = -1;
        size_t oldcap = c->caprl;
        c->rl = n;
        c->caprl = cap;
        for (size_t i = 0; i < oldcap; i++)
            if (old[i].node != -1)
                c->rl[rl_slot(c, old[i].node)] = old[i];
        free(old);
    }
    return &c->rl[rl_slot(c, u)];
}

/* The edges reach_from follows from U (a reach edge forwards, an alias edge
 * either way, holding on the date), listed once: in the order igraph gives
 * U's edges (rg_incid.h), which decides which links are kept when a
 * counterparty has more than MAX_COUNTED.  0 when out of memory. */
static int reach_edges(gctx *c, int64_t u, size_t *at, size_t *n)
{
    rlist *l = rl_find(c, u);
    if (l == NULL) {
        c->oom = 1;
        return 0;
    }
    if (l->node == -1) {
        size_t start = c->npool;
        rg_incid it;
        int64_t e;
        rg_incid_start(&it, &c->g->ig, u);
        while (rg_incid_next(&it, &e)) {
            int k = ekind(c->g, e);
            int ok = (c->reach[k] && efrom(c->g, e) == u) || c->alias[k];
            if (!ok || !holds(c, e))
                continue;
            if (c->npool == c->cappool) {
                size_t cap = c->cappool ? c->cappool * 2 : 1024;
                int64_t *p = realloc(c->pool, cap * sizeof *p);
                if (p == NULL) {
                    c->oom = 1;
                    c->npool = start;
                    return 0;
                }
                c->pool = p;
                c->cappool = cap;
            }
            c->pool[c->npool++] = e;
        }
        *l = (rlist){u, start, c->npool - start};
        c->nrl++;
    }
    *at = l->start;
    *n = l->n;
    return 1;
}

/* From a body the hub engages with: it, and what it leads to.  Returns
 * whether the search stored a link or skipped a node on the path.  When it
 * did neither, every counterparty it can reach has its fill of links, and a
 * later search from U with as many steps finds the same (a path through
 * other nodes reaches no node this one could not): it is skipped (the flag
 * F_SPENT << LEFT).  So a body that thousands of agents engage with is
 * searched at most MAX_COUNTED + 1 times per counterparty it leads to, not
 * once per agent, and the work is O(MAX_COUNTED x (nodes + edges)) whatever
 * the fan-out. */
static int reach_from(gctx *c, int64_t u, int left)
{
    unsigned char spent = (unsigned char)(F_SPENT << left);
    if (c->fl[u] & spent)
        return 0;
    int any = (c->fl[u] & F_CP) && add_link(c, u);
    size_t at, n;
    if (left == 0 || !reach_edges(c, u, &at, &n))
        return any;
    for (size_t i = 0; i < n; i++) {
        int64_t e = c->pool[at + i]; /* C->pool may move as the search goes deeper */
        int64_t f = efrom(c->g, e), v = f == u ? eto(c->g, e) : f;
        if (c->fl[v] & F_PATH) {
            any = 1; /* another path might pass here */
            continue;
        }
        push(c, e, v);
        any |= reach_from(c, v, left - 1);
        pop(c);
    }
    if (!any)
        c->fl[u] |= spent;
    return any;
}

/* From the hub or an agent: engagements.  Its out-edges in igraph's order
 * of them, which is the order rg_incid gives them among all of U's edges
 * (the hub has a hundred thousand in-edges of no interest here). */
static void engage_from(gctx *c, int64_t u)
{
    const rg_graph *g = c->g;
    const igraph_integer_t *oi = VECTOR(g->ig.oi);
    for (igraph_integer_t k = VECTOR(g->ig.os)[u]; k < VECTOR(g->ig.os)[u + 1]; k++) {
        int64_t e = oi[k];
        if (!c->engage[ekind(g, e)])
            continue;
        int64_t to = eto(g, e);
        if ((c->fl[to] & F_PATH) || !holds(c, e))
            continue;
        push(c, e, to);
        reach_from(c, to, 2);
        pop(c);
    }
}

static rg_status find_links(gctx *c, rg_error *err)
{
    const rg_graph *g = c->g;
    c->cur.hops = 0;
    c->cur.nodes[0] = c->hub;
    c->fl[c->hub] |= F_PATH;
    engage_from(c, c->hub);
    /* the agents: edges into the hub, in igraph's order of them (as in
     * engage_from) */
    const igraph_integer_t *ii = VECTOR(g->ig.ii);
    for (igraph_integer_t k = VECTOR(g->ig.is)[c->hub]; k < VECTOR(g->ig.is)[c->hub + 1]; k++) {
        int64_t e = ii[k];
        if (!c->agent[ekind(g, e)])
            continue;
        int64_t from = efrom(g, e);
        if (from == c->hub || (c->fl[from] & F_PATH) || !holds(c, e))
            continue;
        push(c, e, from);
        engage_from(c, from);
        pop(c);
    }
    c->fl[c->hub] &= (unsigned char)~F_PATH;
    return c->oom ? rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory") : RG_OK;
}

/* Shortest first, then by the ids along the path, then by edge index. */
static int path_cmp(const void *a, const void *b, void *ctx)
{
    const rg_graph *path_graph = ctx;
    const ipath *x = a, *y = b;
    if (x->hops != y->hops)
        return x->hops < y->hops ? -1 : 1;
    for (size_t i = 0; i <= x->hops; i++) {
        int c = strcmp(path_graph->nodes[x->nodes[i]].id, path_graph->nodes[y->nodes[i]].id);
        if (c)
            return c;
    }
    for (size_t i = 0; i < x->hops; i++)
        if (x->edges[i] != y->edges[i])
            return x->edges[i] < y->edges[i] ? -1 : 1;
    return 0;
}

/* Per node kind, the index of attribute NAME among its attributes (-1: it
 * has none), into DEFS: a node's value is then found without looking the
 * name up again for each of a million nodes. */
static void attr_defs(const rg_graph *g, const char *name, int *defs)
{
    for (size_t k = 0; k < g->schema->n_node_kinds; k++)
        defs[k] = name && name[0] ? rg_kind_attr(&g->schema->node_kinds[k], name) : -1;
}

/* rg_node_attr by the index attr_defs found. */
static const rg_value *attr_at(const rg_graph *g, int64_t v, const int *defs)
{
    const rg_node *n = &g->nodes[v];
    int def = defs[n->kind];
    for (size_t i = 0; def >= 0 && i < n->p.nattrs; i++)
        if (n->p.attrs[i].def == def)
            return &n->p.attrs[i].value;
    return NULL;
}

static int flag_at(const rg_graph *g, int64_t v, const int *defs)
{
    const rg_value *val = attr_at(g, v, defs);
    return val && val->type == RG_T_BOOL && val->u.b;
}

static int date_at(const rg_graph *g, int64_t v, const int *defs, rg_date *d)
{
    const rg_value *val = attr_at(g, v, defs);
    if (val == NULL || val->type != RG_T_DATE)
        return 0;
    *d = val->u.d;
    return 1;
}

/* Whole years from D to AS_OF, counting D from its earliest day. */
static int years_between(rg_date d, rg_date as_of)
{
    int md = (d.month ? d.month : 1) * 100 + (d.day ? d.day : 1);
    int ma = (as_of.month ? as_of.month : 1) * 100 + (as_of.day ? as_of.day : 1);
    return as_of.year - d.year - (ma < md);
}

/* rg_date_format's text, without a printf per agreement for the usual
 * four-digit years (two dates per row of a large answer). */
static void fmt_date(rg_date d, char *b, size_t n)
{
    if (n < 11 || d.year < 0 || d.year > 9999 || d.month < 0 || d.month > 99 || d.day < 0 ||
        d.day > 99 || (d.day && !d.month)) {
        rg_date_format(d, b, n);
        return;
    }
    int y = d.year;
    char *p = b;
    *p++ = (char)('0' + y / 1000);
    *p++ = (char)('0' + y / 100 % 10);
    *p++ = (char)('0' + y / 10 % 10);
    *p++ = (char)('0' + y % 10);
    for (int k = 0, part = d.month; k < 2 && part; k++, part = d.day) {
        *p++ = '-';
        *p++ = (char)('0' + part / 10);
        *p++ = (char)('0' + part % 10);
    }
    *p = '\0';
}

/* The edges leaving V (or, !OUT, arriving at it), as igraph indexes them
 * (rg_incid.h): by the other end, not in file order. */
static const igraph_integer_t *ig_edges(const rg_graph *g, int64_t v, int out, size_t *n)
{
    const igraph_t *ig = &g->ig;
    const igraph_vector_int_t *start = out ? &ig->os : &ig->is;
    igraph_integer_t i = VECTOR(*start)[v];
    *n = (size_t)(VECTOR(*start)[v + 1] - i);
    return (out ? VECTOR(ig->oi) : VECTOR(ig->ii)) + i;
}

static size_t count_out(const rg_graph *g, int64_t v, int kind)
{
    size_t n = 0, deg;
    const igraph_integer_t *es = ig_edges(g, v, 1, &deg);
    for (size_t i = 0; i < deg; i++)
        n += ekind(g, es[i]) == kind;
    return n;
}

static int eid_cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

typedef struct agr {
    int64_t node;
    int located, nclauses;
} agr;

/* ---- the answer's large tables: records, made into rows as they are read - */

/* A row of evidence, 24 bytes, where its cells and copied text were about
 * 130: the rows are made from it as they are written (rg_table_source). */
enum { EV_AGREEMENT, EV_CLAUSE, EV_TEXT };
enum { EVF_LOCATED = 1, EVF_CLAUSES = 2 }; /* EV_AGREEMENT */
enum { EVF_CITE = 1, EVF_CITE_ANY = 2 };   /* EV_TEXT: the edge's citations */
typedef struct evrec {
    uint32_t cp;      /* the counterparty, by its place in gsrc.cps */
    uint8_t type;     /* EV_* */
    uint8_t flag;     /* EVF_* */
    uint16_t what;    /* index into gsrc.whatv */
    int64_t ref;      /* the agreement or clause node; EV_TEXT: the edge cited, or -1 */
    const char *text; /* EV_TEXT (graph strings, or copied into the result) */
} evrec;

/* A counterparty's row. */
typedef struct cprow {
    const char *group; /* its groups' names; NULL: none */
    size_t nagr, nlocated, nclauses, nlinks;
    unsigned char status;
} cprow;

/* Word indices in gsrc.whatv: the link words, then these, then a clause
 * kind's (located, not located). */
enum { W_OTHER = MAX_LINKS, W_AGREEMENT, W_PURPOSE, W_CLAUSE };

/* What the row sources read; owned by the result (r->src). */
typedef struct gsrc {
    const rg_graph *g;
    rg_date as_of;
    int pe;
    const char *family; /* "SSR" */
    const char *word[NSTATUS];
    const char **whatv;
    /* attr_defs of select, date, located, renewed, a clause's section and
     * text; the last four point into DEFS */
    int *defs;
    const int *date_def, *ren_def, *sec_def, *txt_def;
    unsigned char *fl; /* per node: F_* */
    int64_t *cps;      /* the counterparties, by id */
    size_t ncp;
    cprow *cpr;
    evrec *ev;
    size_t nev, capev;
    int64_t *olds; /* the agreements older than the bound, by id */
    size_t nold;
    int64_t *el; /* an old agreement's edges: room for the most any has */
    /* one row's texts: a date, an excerpt (rg_table_source's scratch) */
    char sc[192];
    const char *parts[12];
    const char *ids[65];
} gsrc;

enum { SC_DATE = 0, SC_EXCERPT = 48 };

static void gsrc_free(void *p)
{
    gsrc *s = p;
    if (s == NULL)
        return;
    free(s->whatv);
    free(s->defs);
    free(s->fl);
    free(s->cps);
    free(s->cpr);
    free(s->ev);
    free(s->olds);
    free(s->el);
    free(s);
}

/* What one run shares beyond the link search: the tables, the words, the
 * per-node scratch. */
typedef struct gaps_run {
    gctx c;
    gsrc *s;
    /* edges of one node in file order (edges_of), and its capacity */
    int64_t *el;
    size_t elcap;
    rg_entities ent; /* agreements listed twice (alias edges) count once */
    rg_result *r;
    rg_table *main, *ev, *bygroup, *byyear, *old;
    const char *word[NSTATUS];
    const char *group; /* "region" */
    int re;            /* the group edge kind, or -1 */
    int64_t *cps;      /* = s->cps */
    size_t ncp;
    agr *agrs;
    /* one counterparty's agreements: which comes first of its node or
     * entity (first_of), and whether any of an entity's is located */
    size_t *firstk;
    int64_t *keys;
    unsigned char *loc_acc;
    struct kpos *kp;
    size_t capk;
    long (*gcount)[NSTATUS]; /* per group node */
    int64_t *groups;         /* the group nodes counted, as first met */
    size_t ngroups;
    const char *group1; /* the name of the first group count_groups met */
    long none_count[NSTATUS];
    int any_ungrouped, any_several;
    rg_buf b;
    int *sel_def, *date_def, *loc_def, *ren_def, *sec_def, *txt_def; /* in s->defs */
} gaps_run;

enum { KIND_OTHER = -2 }; /* edges_of: any kind but party_edge and clause_edge */

/* The edges of V of KIND leaving it (OUT) or arriving at it, into EL (room
 * for V's degree), in file order (what the answer lists them in); returns
 * how many.  igraph's index gives them by the other end: sorting a node's
 * few is cheaper than building a whole adjacency in file order for a
 * million nodes of which a few thousand are asked about. */
static size_t edges_into(const rg_graph *g, int64_t *el, int64_t v, int out, int kind, int pe,
                         int ce)
{
    size_t deg, n = 0;
    const igraph_integer_t *es = ig_edges(g, v, out, &deg);
    for (size_t i = 0; i < deg; i++) {
        int k = ekind(g, es[i]);
        if (kind == KIND_OTHER ? k != pe && k != ce : k == kind)
            el[n++] = es[i];
    }
    if (n > 1)
        qsort(el, n, sizeof *el, eid_cmp);
    return n;
}

/* edges_into x->el from index AT (grown to fit); returns the new count. */
static size_t edges_of(gaps_run *x, int64_t v, int out, int kind, size_t at)
{
    size_t deg;
    ig_edges(x->c.g, v, out, &deg);
    if (deg == 0) /* x->el may still be NULL, and NULL + 0 is undefined */
        return at;
    if (at + deg > x->elcap) {
        size_t cap = (at + deg) * 2;
        int64_t *el = realloc(x->el, cap * sizeof *el);
        if (el == NULL) {
            x->r->oom = 1; /* no answer rather than one missing rows */
            return at;
        }
        x->el = el;
        x->elcap = cap;
    }
    return at + edges_into(x->c.g, x->el + at, v, out, kind, x->c.pe, x->c.ce);
}

/* "a" or "an" before W: by its first letter, or for an acronym ("SSR") by
 * how the letter is spoken ("ess"). */
static const char *article(const char *w)
{
    int acronym = w[0] && w[1] && w[0] >= 'A' && w[0] <= 'Z' && w[1] >= 'A' && w[1] <= 'Z';
    return strchr(acronym ? "AEFHILMNORSX" : "AEIOUaeiou", w[0]) ? "an" : "a";
}

static rg_status gaps_kinds(gaps_run *x, rg_error *err)
{
    const rg_graph *g = x->c.g;
    const rg_gaps_opts *o = x->c.o;
    gctx *c = &x->c;
    rg_status st;
    x->re = -1;
    if ((st = rg_node_kind_named(g, o->agreement_kind, "agreement_kind", &c->ak, err)) ||
        (st = rg_edge_kind_named(g, o->party_edge, "party_edge", &c->pe, err)) ||
        (st = rg_edge_kind_named(g, o->clause_edge, "clause_edge", &c->ce, err)) ||
        (st = rg_edge_kind_flags(g, o->agent_edges, "agent_edges", &c->agent, err)) ||
        (st = rg_edge_kind_flags(g, o->engage_edges, "engage_edges", &c->engage, err)) ||
        (st = rg_edge_kind_flags(g, o->reach_edges, "reach_edges", &c->reach, err)) ||
        (st = rg_edge_kind_flags(g, o->alias_edges, "alias_edges", &c->alias, err)) ||
        (st = rg_find_hub(g, o->hub, o->agreement_kind, o->party_edge, &c->hub, err)))
        return st;
    if (o->region_edge && o->region_edge[0])
        return rg_edge_kind_named(g, o->region_edge, "region_edge", &x->re, err);
    return RG_OK;
}

static rg_status gaps_alloc(gaps_run *x, rg_error *err)
{
    const rg_graph *g = x->c.g;
    size_t nv = g->nnodes ? g->nnodes : 1;
    size_t nk = g->schema->n_node_kinds;
    gctx *c = &x->c;
    gsrc *s = calloc(1, sizeof *s);
    if (s == NULL)
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    x->s = s;
    x->r->src = s; /* released with the result, whatever happens */
    x->r->src_free = gsrc_free;
    s->g = g;
    s->as_of = x->c.o->as_of;
    s->pe = c->pe;
    s->family = rg_word(g, RG_ROLE_WORD_CLAUSE_FAMILY);
    for (int i = 0; i < NSTATUS; i++)
        s->word[i] = x->word[i];
    /* zeroed by calloc: only the pages written are faulted in */
    c->fl = s->fl = calloc(nv, 1);
    x->cps = s->cps = malloc(nv * sizeof *x->cps);
    /* room for every edge, touched only as far as one node's agreements */
    x->agrs = malloc((g->nedges ? g->nedges : 1) * sizeof *x->agrs);
    /* a few group nodes are counted */
    x->gcount = calloc(nv + 1, sizeof *x->gcount);
    x->groups = malloc(nv * sizeof *x->groups);
    s->whatv = calloc(W_CLAUSE + nk * 2, sizeof *s->whatv);
    s->defs = malloc((nk * 6 + 1) * sizeof *s->defs);
    if (!c->fl || !x->cps || !x->agrs || !x->gcount || !x->groups || !s->whatv || !s->defs)
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    s->whatv[W_OTHER] = "other-evidence";
    s->whatv[W_AGREEMENT] = rg_result_strdup(x->r, x->c.o->agreement_kind);
    s->whatv[W_PURPOSE] = rg_result_strdup(x->r, x->c.o->purpose_attr);
    /* what a clause's row is: its kind, as the schema names it */
    for (size_t k = 0; k < nk; k++)
        for (int u = 0; u < 2; u++) {
            char t[160];
            snprintf(t, sizeof t, "%s%s", g->schema->node_kinds[k].name,
                     u ? "-of-unlocated-text" : "");
            s->whatv[W_CLAUSE + k * 2 + (size_t)u] = rg_result_strdup(x->r, t);
        }
    x->sel_def = s->defs;
    x->date_def = s->defs + nk;
    x->loc_def = s->defs + 2 * nk;
    x->ren_def = s->defs + 3 * nk;
    x->sec_def = s->defs + 4 * nk;
    x->txt_def = s->defs + 5 * nk;
    s->date_def = x->date_def;
    s->ren_def = x->ren_def;
    s->sec_def = x->sec_def;
    s->txt_def = x->txt_def;
    attr_defs(g, x->c.o->select_attr, x->sel_def);
    attr_defs(g, x->c.o->date_attr, x->date_def);
    attr_defs(g, x->c.o->located_attr, x->loc_def);
    attr_defs(g, x->c.o->renewed_attr, x->ren_def);
    attr_defs(g, x->c.o->section_attr, x->sec_def);
    attr_defs(g, x->c.o->clause_text_attr, x->txt_def);
    return RG_OK;
}

static void gaps_free(gaps_run *x)
{
    gctx *c = &x->c;
    for (size_t i = 0; c->links && i < c->ncp; i++)
        free(c->links[i]);
    free(c->links);
    free(c->nlinks);
    free(c->pool);
    free(c->rl);
    free((void *)c->cpn);
    free(c->agent);
    free(c->engage);
    free(c->reach);
    free(c->alias);
    free(x->agrs);
    free(x->firstk);
    free(x->keys);
    free(x->loc_acc);
    free(x->kp);
    free(x->gcount);
    free(x->groups);
    rg_entities_destroy(&x->ent);
    free(x->el);
    rg_buf_destroy(&x->b);
}

/* The title, the notes that say how the statuses are decided, and the
 * tables (their names and columns use the schema's words). */
static void gaps_tables(gaps_run *x)
{
    const rg_graph *g = x->c.g;
    const rg_gaps_opts *o = x->c.o;
    rg_result *r = x->r;
    const char *family = rg_word(g, RG_ROLE_WORD_CLAUSE_FAMILY);
    const char *cpw = rg_word(g, RG_ROLE_WORD_COUNTERPARTY);
    rg_buf cps, t;
    rg_buf_init(&cps);
    rg_buf_init(&t);
    rg_plural(&cps, cpw);
    const char *hub_label = rg_node_label(g, &g->nodes[x->c.hub]);
    if (*family)
        rg_result_title(r, "%s coverage of the %s of %s", family, rg_buf_str(&cps), hub_label);
    else
        rg_result_title(r, "Coverage of the %s of %s", rg_buf_str(&cps), hub_label);
    rg_result_note(r, "hub: %s (%s); %s: nodes with %s = true (%zu)", g->nodes[x->c.hub].id,
                   g->nodes[x->c.hub].name, rg_buf_str(&cps), o->select_attr, x->ncp);
    const char *fam = *family ? family : "such";
    rg_result_note(r,
                   "status: %s = an agreement with the hub whose text is located contains %s %s "
                   "clause; %s = texts located, none has one; %s = agreements, none located; %s = "
                   "no agreement but a working link; %s = neither",
                   x->word[0], article(fam), fam, x->word[1], x->word[2], x->word[3], x->word[4]);
    if (o->as_of.year) {
        char asof[16];
        rg_date_format(o->as_of, asof, sizeof asof);
        rg_result_note(r, "as of %s: agreements dated later are left out", asof);
    } else {
        rg_result_note(r, "no date of analysis: the catalogue states no date and none was given");
    }
    rg_buf_printf(&t, "%s%s%s", family, *family ? "_" : "", "clauses");
    for (char *p = t.data; p && *p; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    const char *clauses_col = rg_result_buf(r, &t);
    x->main =
        rg_result_table(r, rg_buf_str(&cps), "Counterparties", RG_STYLE_COLUMNS, "id", "name",
                        x->group, "status", "agreements", "located", clauses_col, "links", NULL);
    if (x->main) {
        x->main->name = rg_result_buf(r, &cps);
        rg_buf_clear(&t);
        /* the plural may have been cut short by a failed append (the result
         * then fails, above): read it through rg_buf_str, never NULL */
        const char *cp = rg_buf_str(&cps);
        if (*cp) {
            rg_buf_putc(&t, (char)(*cp >= 'a' && *cp <= 'z' ? *cp - 32 : *cp));
            rg_buf_puts(&t, cp + 1);
        }
        x->main->title = rg_result_buf(r, &t);
    }
    x->ev = rg_result_table(r, "evidence", "Evidence", RG_STYLE_LINES, "id", "what", "text",
                            "cites", NULL);
    rg_buf_clear(&t);
    rg_buf_printf(&t, "by_%s", x->group);
    const char *bg = rg_result_buf(r, &t);
    rg_buf_clear(&t);
    rg_buf_printf(&t, "Coverage by %s", x->group);
    x->bygroup =
        rg_result_table(r, bg, rg_result_buf(r, &t), RG_STYLE_COLUMNS, x->group, x->word[0],
                        x->word[1], x->word[2], x->word[3], x->word[4], "total", NULL);
    x->byyear = rg_result_table(r, "by_year", "Agreements by year", RG_STYLE_COLUMNS, "year",
                                "agreements", x->word[0], x->word[1], x->word[2], NULL);
    rg_buf_clear(&t);
    if (o->as_of.year) {
        char asof[16];
        rg_date_format(o->as_of, asof, sizeof asof);
        rg_buf_printf(&t, "Agreements older than %d years on %s", o->older_than, asof);
    } else {
        rg_buf_printf(&t, "Agreements older than %d years", o->older_than);
    }
    x->old = rg_result_table(r, "old_agreements", rg_result_buf(r, &t), RG_STYLE_COLUMNS, "id",
                             "name", "counterparties", "date", "age_years", NULL);
    if (x->ev)
        x->ev->keyed = 1;
    r->oom |= cps.oom; /* a text cut short: no answer */
    rg_buf_destroy(&cps);
    r->oom |= t.oom; /* a text cut short: no answer */
    rg_buf_destroy(&t);
}

struct kpos {
    int64_t key;
    size_t k;
};

static int kpos_cmp(const void *a, const void *b)
{
    const struct kpos *x = a, *y = b;
    if (x->key != y->key)
        return x->key < y->key ? -1 : 1;
    return (x->k > y->k) - (x->k < y->k);
}

/* Room for N keys in x->keys and its companions; 0 (the result marked)
 * when out of memory. */
static int room_k(gaps_run *x, size_t n)
{
    if (n <= x->capk)
        return 1;
    size_t cap = n * 2;
    size_t *f = realloc(x->firstk, cap * sizeof *f);
    if (f)
        x->firstk = f;
    int64_t *k = f ? realloc(x->keys, cap * sizeof *k) : NULL;
    if (k)
        x->keys = k;
    unsigned char *l = k ? realloc(x->loc_acc, cap) : NULL;
    if (l)
        x->loc_acc = l;
    struct kpos *p = l ? realloc(x->kp, cap * sizeof *p) : NULL;
    if (p == NULL) {
        x->r->oom = 1; /* no answer rather than one missing rows */
        return 0;
    }
    x->kp = p;
    x->capk = cap;
    return 1;
}

/* x->firstk[k]: the first j with x->keys[j] == x->keys[k], for the first N
 * keys.  A counterparty has one or two agreements: looking back is
 * cheapest.  Past a few, by sorting, so that a node with thousands stays
 * O(n log n); either way no table per node (8 MB of marks at a million). */
static void first_of(gaps_run *x, size_t n)
{
    const int64_t *key = x->keys;
    if (n <= 16) {
        for (size_t k = 0; k < n; k++) {
            size_t j = 0;
            while (key[j] != key[k])
                j++;
            x->firstk[k] = j;
        }
        return;
    }
    for (size_t k = 0; k < n; k++)
        x->kp[k] = (struct kpos){key[k], k};
    qsort(x->kp, n, sizeof *x->kp, kpos_cmp);
    for (size_t i = 0; i < n; i++) {
        int dup = i > 0 && x->kp[i].key == x->kp[i - 1].key;
        x->firstk[x->kp[i].k] = dup ? x->firstk[x->kp[i - 1].k] : x->kp[i].k;
    }
}

/* The agreements counterparty V shares with the hub (in scope on the date),
 * into x->agrs; returns how many. */
static size_t shared_agreements(gaps_run *x, int64_t v)
{
    const rg_graph *g = x->c.g;
    size_t ne = edges_of(x, v, 1, x->c.pe, 0), nk = 0, na = 0;
    if (!room_k(x, ne))
        return 0;
    for (size_t j = 0; j < ne; j++) {
        int64_t to = eto(g, x->el[j]);
        if (x->c.fl[to] & F_HUB) /* an agreement of the hub's (rg_gaps) */
            x->keys[nk++] = to;
    }
    first_of(x, nk);
    for (size_t k = 0; k < nk; k++) {
        if (x->firstk[k] != k)
            continue; /* listed twice */
        unsigned char f = x->c.fl[x->keys[k]];
        if (!(f & F_INSCOPE))
            continue;
        agr a = {x->keys[k], (f & F_LOCATED) != 0, f / F_NCL};
        if (a.nclauses == 7)
            a.nclauses = (int)count_out(g, a.node, x->c.ce);
        x->agrs[na++] = a;
    }
    return na;
}

static int classify(const gaps_run *x, size_t nlinks, size_t na)
{
    int any_clause = 0, any_located = 0;
    for (size_t k = 0; k < na; k++) {
        any_located |= x->agrs[k].located;
        any_clause |= x->agrs[k].located && x->agrs[k].nclauses > 0;
    }
    if (any_clause)
        return ST_CLAUSE;
    if (any_located)
        return ST_NOCLAUSE;
    if (na)
        return ST_DOCUNKNOWN;
    return nlinks ? ST_INFORMAL : ST_UNKNOWN;
}

/* The groups (regions) of V, counted under STATUS; the first one's name in
 * x->group1, and when there are several, all their names into x->b. */
static size_t count_groups(gaps_run *x, int64_t v, int status)
{
    const rg_graph *g = x->c.g;
    rg_buf_clear(&x->b);
    size_t n = 0;
    size_t ne = x->re >= 0 ? edges_of(x, v, 1, x->re, 0) : 0;
    for (size_t j = 0; j < ne; j++) {
        int64_t to = eto(g, x->el[j]);
        /* one group (the usual case): its name is the text, not copied */
        const char *name = g->nodes[to].name;
        if (n == 0)
            x->group1 = name;
        else {
            if (n == 1)
                rg_buf_puts(&x->b, x->group1);
            rg_buf_add(&x->b, "; ", 2);
            rg_buf_puts(&x->b, name);
        }
        long *cnt = x->gcount[to], t = 0;
        for (int s = 0; s < NSTATUS; s++)
            t += cnt[s];
        if (t == 0) /* first counted */
            x->groups[x->ngroups++] = to;
        cnt[status]++;
        n++;
    }
    x->any_several |= n > 1;
    if (n == 0) {
        x->none_count[status]++;
        x->any_ungrouped = 1;
    }
    return n;
}

/* A new record of evidence for counterparty I (the row's place), or NULL
 * (the result marked) when out of memory. */
static evrec *ev_add(gaps_run *x, size_t i, int type, int what, int64_t ref)
{
    gsrc *s = x->s;
    if (s->nev == s->capev) {
        size_t cap = s->capev ? 2 * s->capev : 2 * x->ncp + 16;
        evrec *n = realloc(s->ev, cap * sizeof *n);
        if (n == NULL) {
            x->r->oom = 1;
            return NULL;
        }
        s->ev = n;
        s->capev = cap;
    }
    evrec *e = &s->ev[s->nev++];
    *e = (evrec){(uint32_t)i, (uint8_t)type, 0, (uint16_t)what, ref, NULL};
    return e;
}

/* An evidence row of TEXT (graph strings, or copied into the result: NULL
 * marks it out of memory) citing edge REF (-1: none) as FLAG says. */
static void ev_text(gaps_run *x, size_t i, int what, const char *text, int64_t ref, int flag)
{
    evrec *e = ev_add(x, i, EV_TEXT, what, ref);
    if (e == NULL)
        return;
    e->flag = (uint8_t)flag;
    e->text = text;
    if (text == NULL)
        x->r->oom = 1;
}

/* The clauses of agreement A, as evidence for counterparty I. */
static void clause_evidence(gaps_run *x, size_t i, const agr *a)
{
    const rg_graph *g = x->c.g;
    size_t ne = edges_of(x, a->node, 1, x->c.ce, 0);
    for (size_t j = 0; j < ne; j++) {
        /* what the row is (the clause's kind) is read when it is written */
        evrec *e = ev_add(x, i, EV_CLAUSE, W_CLAUSE, eto(g, x->el[j]));
        if (e)
            e->flag = (uint8_t)(a->located ? EVF_LOCATED : 0);
    }
}

/* What else is known of an agreement whose text was not located: its
 * purpose, and the edges into and out of it. */
static void unlocated_evidence(gaps_run *x, size_t i, const agr *a)
{
    const rg_graph *g = x->c.g;
    const rg_node *an = &g->nodes[a->node];
    const char *pa = x->c.o->purpose_attr;
    const rg_value *purpose = pa ? rg_node_attr(g, an, pa) : NULL;
    if (purpose && purpose->type == RG_T_STRING)
        ev_text(x, i, W_PURPOSE, purpose->u.s, -1, 0);
    /* the edges in, then the edges out */
    size_t ne = edges_of(x, a->node, 0, KIND_OTHER, 0);
    ne = edges_of(x, a->node, 1, KIND_OTHER, ne);
    for (size_t j = 0; j < ne; j++) {
        int64_t f = x->el[j];
        int64_t to = eto(g, f);
        rg_buf_clear(&x->b);
        rg_edge_words(g, f, to == a->node ? efrom(g, f) : to, &x->b);
        ev_text(x, i, W_OTHER, rg_result_buf(x->r, &x->b), f, EVF_CITE_ANY);
    }
}

static void agreement_evidence(gaps_run *x, size_t i, size_t na)
{
    for (size_t k = 0; k < na; k++) {
        const agr *a = &x->agrs[k];
        evrec *e = ev_add(x, i, EV_AGREEMENT, W_AGREEMENT, a->node);
        if (e == NULL)
            return;
        e->flag = (uint8_t)((a->located ? EVF_LOCATED : 0) | (a->nclauses > 0 ? EVF_CLAUSES : 0));
        clause_evidence(x, i, a);
        if (!a->located)
            unlocated_evidence(x, i, a);
        /* for the tables by year and by age: once per entity */
        x->c.fl[rg_entity_rep(&x->ent, a->node)] |= F_SEEN;
    }
}

static void link_evidence(gaps_run *x, size_t i, size_t ci)
{
    const rg_graph *g = x->c.g;
    for (size_t l = 0; l < x->c.nlinks[ci] && l < MAX_LINKS; l++) {
        const ipath *p = &x->c.links[ci][l];
        if (x->s->whatv[l] == NULL) { /* made once */
            char w[32];
            snprintf(w, sizeof w, "link %zu", l + 1);
            x->s->whatv[l] = rg_result_strdup(x->r, w);
        }
        for (size_t s = 0; s < p->hops; s++) {
            rg_buf_clear(&x->b);
            rg_edge_words(g, p->edges[s], p->nodes[s], &x->b);
            ev_text(x, i, (int)l, rg_result_buf(x->r, &x->b), p->edges[s], EVF_CITE);
        }
    }
}

/* One counterparty (the Ith by id): its status, its row and its evidence. */
static void one_counterparty(gaps_run *x, size_t i)
{
    const rg_graph *g = x->c.g;
    int64_t v = x->cps[i];
    size_t ci = cp_index(&x->c, v), nlinks = x->c.nlinks[ci];
    size_t na = shared_agreements(x, v);
    if (nlinks > 1)
        rg_sort(x->c.links[ci], nlinks, sizeof *x->c.links[ci], path_cmp, (void *)g);
    int status = classify(x, nlinks, na);
    size_t ngroups = count_groups(x, v, status);
    /* agreements and located texts are counted once per entity: one MoU
     * listed in two rows is one agreement (na <= x->capk: shared_agreements) */
    size_t nlocated = 0, nclauses = 0, nagr = 0;
    for (size_t k = 0; k < na; k++)
        x->keys[k] = rg_entity_rep(&x->ent, x->agrs[k].node);
    first_of(x, na);
    for (size_t k = 0; k < na; k++) {
        size_t f = x->firstk[k];
        int first = f == k;
        if (first)
            x->loc_acc[k] = 0;
        int located_before = !first && x->loc_acc[f];
        x->loc_acc[f] |= (unsigned char)x->agrs[k].located;
        nagr += (size_t)first;
        nlocated += (size_t)(x->agrs[k].located && !located_before);
        nclauses += (size_t)(x->agrs[k].located ? x->agrs[k].nclauses : 0);
    }
    cprow *row = &x->s->cpr[i];
    row->group = ngroups == 0 ? NULL : ngroups == 1 ? x->group1 : rg_result_buf(x->r, &x->b);
    if (ngroups > 1 && row->group == NULL)
        x->r->oom = 1;
    row->status = (unsigned char)status;
    row->nagr = nagr;
    row->nlocated = nlocated;
    row->nclauses = nclauses;
    row->nlinks = nlinks;
    agreement_evidence(x, i, na);
    link_evidence(x, i, ci);
}

/* Coverage by group: sorted by id, the ungrouped last. */
static void group_table(gaps_run *x)
{
    const rg_graph *g = x->c.g;
    int64_t *groups = x->groups;
    size_t nr = x->ngroups;
    rg_sort_nodes(g, groups, nr);
    char none[80];
    snprintf(none, sizeof none, "(no %s)", x->group);
    for (size_t i = 0; i <= nr; i++) {
        if (i == nr && !x->any_ungrouped)
            break;
        long *cnt = i < nr ? x->gcount[groups[i]] : x->none_count;
        rg_cell *row = rg_table_row(x->r, x->bygroup);
        if (row == NULL)
            break;
        rg_cell_str(&row[0], i < nr ? g->nodes[groups[i]].name : rg_result_strdup(x->r, none));
        long t = 0;
        for (int s = 0; s < NSTATUS; s++) {
            rg_cell_int(&row[1 + s], cnt[s]);
            t += cnt[s];
        }
        rg_cell_int(&row[1 + NSTATUS], t);
    }
    if (x->any_several)
        rg_result_note(x->r, "a %s placed in several %ss counts in each",
                       rg_word(g, RG_ROLE_WORD_COUNTERPARTY), x->group);
}

/* The agreements in scope by year of signature: [0] all, then by the three
 * states of their text (clause, no clause, not located). */
static void year_table(gaps_run *x, long (*years)[4], long *undated)
{
    enum { NYEARS = 10000 };
    for (int y = 0; y <= NYEARS; y++) {
        long *slot = y < NYEARS ? years[y] : undated;
        if (slot[0] == 0)
            continue;
        rg_cell *row = rg_table_row(x->r, x->byyear);
        if (row == NULL)
            break;
        if (y < NYEARS)
            rg_cell_text(x->r, &row[0], "%04d", y);
        else
            rg_cell_str(&row[0], "undated");
        for (int s = 0; s < 4; s++)
            rg_cell_int(&row[1 + s], slot[s]);
    }
}

/* The date an agreement counts from for its age: its renewal when later. */
static int age_date(const gsrc *s, int64_t a, rg_date *d, char *text, size_t n)
{
    rg_date d2;
    if (!date_at(s->g, a, s->date_def, d))
        return 0;
    fmt_date(*d, text, n);
    if (date_at(s->g, a, s->ren_def, &d2) && rg_date_cmp(d2, *d) > 0) {
        char e2[16];
        fmt_date(d2, e2, sizeof e2);
        size_t l = strlen(text);
        snprintf(text + l, n - l, " (renewed %s)", e2);
        *d = d2;
    }
    return 1;
}

/* ---- the rows, made from the records as they are read (rg_table_source) -- */

static void cp_src(void *ctx, size_t i, rg_cell *row)
{
    const gsrc *s = ctx;
    const rg_node *n = &s->g->nodes[s->cps[i]];
    const cprow *c = &s->cpr[i];
    rg_cell_str(&row[0], n->id);
    rg_cell_str(&row[1], n->name);
    rg_cell_str(&row[2], c->group);
    rg_cell_str(&row[3], s->word[c->status]);
    rg_cell_int(&row[4], (long long)c->nagr);
    rg_cell_int(&row[5], (long long)c->nlocated);
    rg_cell_int(&row[6], (long long)c->nclauses);
    rg_cell_int(&row[7], (long long)c->nlinks);
}

/* The first MAX bytes of S, cut at a character boundary and ended with
 * "..." in BUF (MAX + 4 bytes), or S itself when it is no longer. */
static const char *excerpt(const char *s, size_t max, char *buf)
{
    size_t n = 0;
    while (n <= max && s[n])
        n++;
    if (n <= max)
        return s;
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    memcpy(buf, s, max);
    memcpy(buf + max, "...", 4);
    return buf;
}

/* An agreement's row: its name, id, date and what is known of its text. */
static void agreement_cells(gsrc *s, const evrec *e, rg_cell *row)
{
    const rg_node *an = &s->g->nodes[e->ref];
    char *d = s->sc + SC_DATE;
    rg_date date;
    if (date_at(s->g, e->ref, s->date_def, &date))
        fmt_date(date, d, 16);
    else
        memcpy(d, "undated", 8);
    int located = e->flag & EVF_LOCATED, cl = e->flag & EVF_CLAUSES;
    const char *family = s->family;
    const char *text[] = {an->name,
                          " (",
                          an->id,
                          ", ",
                          d,
                          "): ",
                          !located ? "its text cannot be located"
                          : cl     ? "text located; "
                                   : "text located; no ",
                          located ? family : "",
                          located && *family ? " " : "",
                          !located ? ""
                          : cl     ? "clauses:"
                                   : "clause"};
    size_t n = sizeof text / sizeof *text;
    memcpy(s->parts, text, sizeof text);
    row[2].type = RG_CELL_PARTS;
    row[2].n = (uint32_t)n;
    row[2].u.items = s->parts;
    rg_cell_cites(&row[3], an->p.cites, an->p.ncites);
}

/* A clause's row: its section, then the first words of its text (the
 * quoted text often starts with its own section number). */
static void clause_cells(gsrc *s, const evrec *e, rg_cell *row)
{
    const rg_graph *g = s->g;
    const rg_node *cl = &g->nodes[e->ref];
    const rg_value *sec = attr_at(g, e->ref, s->sec_def);
    const rg_value *txt = attr_at(g, e->ref, s->txt_def);
    const char *secs = sec && sec->type == RG_T_STRING ? sec->u.s : cl->id;
    const char *body = txt && txt->type == RG_T_STRING ? txt->u.s : cl->name;
    uint32_t n = 0;
    if (strncmp(body, secs, strlen(secs)) != 0) {
        s->parts[n++] = secs;
        s->parts[n++] = ": ";
    }
    s->parts[n++] = excerpt(body, 110, s->sc + SC_EXCERPT);
    row[2].type = RG_CELL_PARTS;
    row[2].n = n;
    row[2].u.items = s->parts;
    if (cl->p.cites)
        rg_cell_cites(&row[3], cl->p.cites, cl->p.ncites);
}

/* The rows are read in order, and each reads a node or an edge record met
 * nowhere near the last (a miss in arrays of hundreds of megabytes): what
 * rows a little ahead will read is fetched now, a step of the chain at a
 * time (the record, then what it points to), so the misses overlap. */
static void ev_ahead(const gsrc *s, size_t i)
{
    const rg_graph *g = s->g;
    if (i + 16 < s->nev) {
        const evrec *f = &s->ev[i + 16];
        __builtin_prefetch(&g->nodes[s->cps[f->cp]]);
        __builtin_prefetch(f->type == EV_TEXT ? (const void *)&g->edges[f->ref < 0 ? 0 : f->ref]
                                              : (const void *)&g->nodes[f->ref]);
    }
    if (i + 8 < s->nev) {
        const evrec *f = &s->ev[i + 8];
        const rg_props *p = f->type != EV_TEXT ? &g->nodes[f->ref].p
                            : f->ref >= 0      ? &g->edges[f->ref].p
                                               : NULL;
        __builtin_prefetch(g->nodes[s->cps[f->cp]].id);
        if (p) {
            __builtin_prefetch(p->attrs);
            __builtin_prefetch(p->cites);
        }
        if (f->type == EV_AGREEMENT) {
            __builtin_prefetch(g->nodes[f->ref].name);
            __builtin_prefetch(g->nodes[f->ref].id);
        }
    }
    if (i + 4 < s->nev) {
        const evrec *f = &s->ev[i + 4];
        const rg_props *p = f->type != EV_TEXT ? &g->nodes[f->ref].p
                            : f->ref >= 0      ? &g->edges[f->ref].p
                                               : NULL;
        if (p && p->ncites) {
            __builtin_prefetch(p->cites[0].at);
            __builtin_prefetch(&g->nodes[p->cites[0].source]);
        }
    }
}

static void ev_src(void *ctx, size_t i, rg_cell *row)
{
    gsrc *s = ctx;
    const rg_graph *g = s->g;
    const evrec *e = &s->ev[i];
    ev_ahead(s, i);
    rg_cell_str(&row[0], g->nodes[s->cps[e->cp]].id);
    size_t w = e->type != EV_CLAUSE ? e->what
                                    : W_CLAUSE + (size_t)g->nodes[e->ref].kind * 2 +
                                          ((e->flag & EVF_LOCATED) ? 0 : 1);
    rg_cell_str(&row[1], s->whatv[w]);
    if (e->type == EV_AGREEMENT) {
        agreement_cells(s, e, row);
    } else if (e->type == EV_CLAUSE) {
        clause_cells(s, e, row);
    } else {
        rg_cell_str(&row[2], e->text);
        const rg_edge *ed = e->ref >= 0 ? &g->edges[e->ref] : NULL;
        if (ed && ((e->flag & EVF_CITE) || ed->p.cites))
            rg_cell_cites(&row[3], ed->p.cites, ed->p.ncites);
    }
}

static void old_src(void *ctx, size_t i, rg_cell *row)
{
    gsrc *s = ctx;
    const rg_graph *g = s->g;
    int64_t a = s->olds[i];
    rg_date d = {0, 0, 0};
    char *ds = s->sc + SC_DATE;
    age_date(s, a, &d, ds, 40);
    size_t k = 0, ne = edges_into(g, s->el, a, 0, s->pe, s->pe, -1);
    for (size_t j = 0; j < ne && k < 64; j++) {
        int64_t from = efrom(g, s->el[j]);
        if (s->fl[from] & F_CP)
            s->ids[k++] = g->nodes[from].id;
    }
    s->ids[k] = ", "; /* a list cell's separator (rg_cell_list) */
    rg_cell_str(&row[0], g->nodes[a].id);
    rg_cell_str(&row[1], g->nodes[a].name);
    row[2].type = RG_CELL_LIST;
    row[2].n = (uint32_t)k;
    row[2].u.items = s->ids;
    rg_cell_str(&row[3], ds);
    rg_cell_int(&row[4], years_between(d, s->as_of));
}

/* By year, and agreements older than N years: every agreement the hub
 * shares with a counterparty in scope. */
static void age_tables(gaps_run *x)
{
    const rg_graph *g = x->c.g;
    const rg_gaps_opts *o = x->c.o;
    gsrc *s = x->s;
    enum { NYEARS = 10000 }; /* dates have four-digit years */
    long(*years)[4] = calloc(NYEARS, sizeof *years);
    long undated[4] = {0};
    int64_t *olds = malloc((g->nnodes ? g->nnodes : 1) * sizeof *olds);
    size_t nold = 0, most = 1;
    if (olds == NULL || years == NULL) {
        free(olds);
        free(years);
        x->r->oom = 1;
        return;
    }
    s->olds = olds;
    for (size_t v = 0; v < g->nnodes; v++) {
        if (!(x->c.fl[v] & F_SEEN))
            continue;
        int located = flag_at(g, (int64_t)v, x->loc_def);
        size_t ncl = count_out(g, (int64_t)v, x->c.ce);
        int st = !located ? 3 : ncl ? 1 : 2;
        rg_date d;
        char ds[40];
        int has = date_at(g, (int64_t)v, x->date_def, &d);
        long *slot = has && d.year >= 0 && d.year < NYEARS ? years[d.year] : undated;
        slot[0]++;
        slot[st]++;
        if (has && o->as_of.year && age_date(s, (int64_t)v, &d, ds, sizeof ds) &&
            years_between(d, o->as_of) >= o->older_than) {
            olds[nold++] = (int64_t)v;
            size_t deg;
            ig_edges(g, (int64_t)v, 0, &deg);
            most = deg > most ? deg : most;
        }
    }
    year_table(x, years, undated);
    free(years);
    rg_sort_nodes(g, olds, nold);
    s->nold = nold;
    /* the rows are made as they are written, when nothing may fail: the
     * room for their edges is made now */
    s->el = malloc(most * sizeof *s->el);
    if (s->el == NULL)
        x->r->oom = 1;
    else
        rg_table_source(x->r, x->old, nold, old_src, s, s->sc, sizeof s->sc);
}

static void gaps_totals(gaps_run *x)
{
    long cnt[NSTATUS] = {0};
    for (size_t i = 0; i < x->ncp; i++)
        cnt[x->s->cpr[i].status]++;
    rg_result_note(x->r, "totals: %s %ld, %s %ld, %s %ld, %s %ld, %s %ld", x->word[0], cnt[0],
                   x->word[1], cnt[1], x->word[2], cnt[2], x->word[3], cnt[3], x->word[4], cnt[4]);
    rg_result_total(x->r, "counterparties", (long long)x->ncp);
    for (int s = 0; s < NSTATUS; s++)
        rg_result_total(x->r, x->word[s], cnt[s]);
}

/* The hub's agreements, the only ones a counterparty's may be: F_HUB and
 * what the counterparties ask of each (F_INSCOPE, F_LOCATED, F_NCL),
 * found once for each in node order (igraph's index of the hub's edges),
 * not at random once per counterparty. */
static void hub_agreements(gaps_run *x)
{
    const rg_graph *g = x->c.g;
    const rg_gaps_opts *o = x->c.o;
    size_t nh;
    const igraph_integer_t *hes = ig_edges(g, x->c.hub, 1, &nh);
    for (size_t i = 0; i < nh; i++) {
        if (ekind(g, hes[i]) != x->c.pe)
            continue;
        int64_t a = eto(g, hes[i]);
        if (g->nodes[a].kind != x->c.ak || (x->c.fl[a] & F_HUB))
            continue;
        rg_date d;
        int in = !(date_at(g, a, x->date_def, &d) && o->as_of.year && rg_date_cmp(d, o->as_of) > 0);
        size_t ncl = count_out(g, a, x->c.ce);
        unsigned char f = (unsigned char)(x->c.fl[a] & (F_CP | F_SEEN));
        f |= F_HUB | (in ? F_INSCOPE : 0) | (flag_at(g, a, x->loc_def) ? F_LOCATED : 0);
        x->c.fl[a] = (unsigned char)(f | (ncl < 7 ? ncl : 7) * F_NCL);
    }
}

/* The counterparties: in node order (x->c.cpn, where links are stored by
 * place) and by id (x->cps, the order of the answer). */
static rg_status gaps_select(gaps_run *x, rg_error *err)
{
    const rg_graph *g = x->c.g;
    const rg_gaps_opts *o = x->c.o;
    gctx *c = &x->c;
    for (size_t v = 0; v < g->nnodes; v++)
        if ((int64_t)v != c->hub && flag_at(g, (int64_t)v, x->sel_def) &&
            (o->subset == NULL || o->subset[v])) {
            c->fl[v] |= F_CP;
            x->cps[x->ncp++] = (int64_t)v;
        }
    size_t n = x->ncp ? x->ncp : 1;
    int64_t *cpn = malloc(n * sizeof *cpn);
    c->links = calloc(n, sizeof *c->links);
    c->nlinks = calloc(n, sizeof *c->nlinks);
    x->s->cpr = malloc(n * sizeof *x->s->cpr);
    c->cpn = cpn;
    if (!cpn || !c->links || !c->nlinks || !x->s->cpr)
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    memcpy(cpn, x->cps, x->ncp * sizeof *cpn);
    c->ncp = x->ncp;
    rg_sort_nodes(g, x->cps, x->ncp);
    return RG_OK;
}

/* The answer, its large tables left as row sources (rg_table_source). */
static rg_status gaps_rows(const rg_graph *g, const rg_gaps_opts *o, rg_result *r, rg_error *err)
{
    gaps_run x;
    memset(&x, 0, sizeof x);
    x.c.g = g;
    x.c.o = o;
    x.r = r;
    rg_buf_init(&x.b);
    for (int s = 0; s < NSTATUS; s++)
        x.word[s] = rg_word(g, status_role[s]);
    x.group = rg_word(g, RG_ROLE_WORD_GROUP);
    rg_result_init(r, g, "gaps");
    rg_status st;
    if ((st = gaps_kinds(&x, err)) || (st = gaps_alloc(&x, err)) ||
        (st = rg_entities_init(g, o->alias_edges, !o->no_merge, &x.ent, err)))
        goto out;
    if ((st = gaps_select(&x, err)) != RG_OK || (st = find_links(&x.c, err)) != RG_OK)
        goto out;
    hub_agreements(&x);
    gaps_tables(&x);
    if (r->oom) {
        st = rg_result_check(r, err);
        goto out;
    }
    rg_progress_begin(g->progress, "gaps: counterparties", x.ncp, 0);
    for (size_t i = 0; i < x.ncp; i++) {
        one_counterparty(&x, i);
        rg_progress_tick(g->progress, 1);
    }
    rg_progress_end(g->progress);
    rg_table_source(r, x.main, x.ncp, cp_src, x.s, x.s->sc, sizeof x.s->sc);
    rg_table_source(r, x.ev, x.s->nev, ev_src, x.s, x.s->sc, sizeof x.s->sc);
    group_table(&x);
    age_tables(&x);
    gaps_totals(&x);
    st = rg_result_check(r, err);
out:
    gaps_free(&x);
    if (st != RG_OK)
        rg_result_destroy(r);
    return st;
}

rg_status rg_gaps(const rg_graph *g, const rg_gaps_opts *o, rg_result *r, rg_error *err)
{
    rg_status st = gaps_rows(g, o, r, err);
    if (st == RG_OK && (st = rg_result_fill(r, err)) != RG_OK)
        rg_result_destroy(r);
    return st;
}

/* ---- its declaration in the registry (rg_registry.h) ---------------------- */

static const rg_param gaps_params[] = {
    ROLE("hub", RG_P_NODE, RG_ROLE_HUB, rg_gaps_opts, hub, NULL, 0, HUB_HELP),
    ROLE("select", RG_P_NODE_ATTR, RG_ROLE_COUNTERPARTY_ATTR, rg_gaps_opts, select_attr, NULL, REQ,
         SEL_HELP),
    {"as_of", RG_P_DATE, NOROLE, NULL, offsetof(rg_gaps_opts, as_of), NULL, 0, 0, NULL, RG_PF_AS_OF,
     "the date of the analysis (default: the catalogue's as_of, else the latest date it states)"},
    NUM("older_than", RG_P_INT, "5", rg_gaps_opts, older_than, 0, 1000,
        "list agreements older than this many years"),
    ROLE("agreement_kind", RG_P_NODE_KIND, RG_ROLE_AGREEMENT_KIND, rg_gaps_opts, agreement_kind,
         NULL, REQ, "node kind of agreements"),
    ROLE("party_edge", RG_P_EDGE_KIND, RG_ROLE_PARTY_EDGE, rg_gaps_opts, party_edge, NULL, REQ,
         "edge kind: body is party to agreement"),
    ROLE("clause_edge", RG_P_EDGE_KIND, RG_ROLE_CLAUSE_EDGE, rg_gaps_opts, clause_edge, NULL, REQ,
         "edge kind: agreement contains a clause"),
    ROLE("section_attr", RG_P_TARGET_ATTR, RG_ROLE_SECTION_ATTR, rg_gaps_opts, section_attr,
         "clause_edge", 0, "clause attribute naming its section"),
    ROLE("clause_text_attr", RG_P_TARGET_ATTR, RG_ROLE_CLAUSE_TEXT_ATTR, rg_gaps_opts,
         clause_text_attr, "clause_edge", 0, "clause attribute holding its text"),
    ROLE("located_attr", RG_P_NODE_ATTR, RG_ROLE_LOCATED_ATTR, rg_gaps_opts, located_attr,
         "agreement_kind", REQ, "agreement attribute: text located"),
    ROLE("date_attr", RG_P_NODE_ATTR, RG_ROLE_DATE_ATTR, rg_gaps_opts, date_attr, "agreement_kind",
         0, "agreement attribute: date"),
    ROLE("renewed_attr", RG_P_NODE_ATTR, RG_ROLE_RENEWED_ATTR, rg_gaps_opts, renewed_attr,
         "agreement_kind", 0, "agreement attribute: renewal date"),
    ROLE("purpose_attr", RG_P_NODE_ATTR, RG_ROLE_PURPOSE_ATTR, rg_gaps_opts, purpose_attr,
         "agreement_kind", 0, "agreement attribute: stated purpose"),
    ROLE("region_edge", RG_P_EDGE_KIND, RG_ROLE_GROUP_EDGE, rg_gaps_opts, region_edge, NULL, 0,
         "edge kind: body is in a group (region)"),
    ROLE("agent_edges", RG_P_EDGE_KINDS, RG_ROLE_AGENT_EDGES, rg_gaps_opts, agent_edges, NULL, 0,
         "edge kinds into the hub: acts for it"),
    ROLE("engage_edges", RG_P_EDGE_KINDS, RG_ROLE_ENGAGE_EDGES, rg_gaps_opts, engage_edges, NULL, 0,
         "edge kinds: a working link"),
    ROLE("reach_edges", RG_P_EDGE_KINDS, RG_ROLE_REACH_EDGES, rg_gaps_opts, reach_edges, NULL, 0,
         "edge kinds carrying a link on"),
    ROLE("alias_edges", RG_P_EDGE_KINDS, RG_ROLE_ALIAS_EDGES, rg_gaps_opts, alias_edges, NULL, 0,
         "edge kinds: may be the same body or agreement (counted once)"),
    {"no_merge", RG_P_FLAG, NOROLE, "false", offsetof(rg_gaps_opts, no_merge), NULL, 0, 0, NULL, 0,
     MERGE_HELP},
    ROLE("start_attr", RG_P_EDGE_ATTR, RG_ROLE_START_ATTR, rg_gaps_opts, start_attr, NULL, 0,
         "link attribute: tenure start"),
    ROLE("end_attr", RG_P_EDGE_ATTR, RG_ROLE_END_ATTR, rg_gaps_opts, end_attr, NULL, 0,
         "link attribute: tenure end"),
    END};

static rg_status run_gaps(const rg_graph *g, const void *o, rg_result *r, rg_error *err)
{
    return gaps_rows(g, o, r, err); /* rg_call fills the rows unless they are only written */
}

const rg_analysis_def rg_gaps_def = {
    "gaps",
    "coverage of the hub's counterparties by clauses, with evidence",
    "For each counterparty of the hub, a coverage status (the schema's words;\n"
    "for ICANN: ssr-clause, no-ssr-clause, document-unknown, informal,\n"
    "unknown), derived from the agreements both are party to, whether their\n"
    "text was located, the clauses they contain, and the working links of the\n"
    "hub's people and teams.  Then coverage by group (region), agreements by\n"
    "year, and agreements older than N years on the date of the analysis.",
    gaps_params,
    sizeof(rg_gaps_opts),
    offsetof(rg_gaps_opts, subset),
    run_gaps,
    "id, name, region, status, agreements, located, clauses, links",
    1};
