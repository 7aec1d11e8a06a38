/* rg_gaps.c: the SSR coverage of a hub's counterparties.
 *
 * Nothing is read from a stored status: each counterparty's status follows
 * from the graph's structure, so a reviewer can retrace it.
 *
 *   agreements  nodes of the agreement kind that both the hub and the
 *               counterparty are party to (dated no later than AS_OF);
 *   ssr-clause  one of them has its text located and contains a clause;
 *   no-ssr-clause  some text is located, and no located text has a clause;
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
 * Working links are listed for every counterparty, whatever its status. */
#include <stdlib.h>
#include <string.h>

#include "rg_analysis.h"
#include "rg_links.h"

#define MAX_LINKS 5      /* informal links shown per counterparty */
#define MAX_HOPS 4       /* agent, engagement, two reach steps */
#define MAX_COUNTED 1000 /* informal links counted per counterparty */

enum { ST_CLAUSE, ST_NOCLAUSE, ST_DOCUNKNOWN, ST_INFORMAL, ST_UNKNOWN, NSTATUS };
static const char *const status_name[NSTATUS] = {"ssr-clause", "no-ssr-clause", "document-unknown",
                                                 "informal", "unknown"};

typedef struct ipath {
    size_t hops;
    int64_t nodes[MAX_HOPS + 1];
    int64_t edges[MAX_HOPS];
} ipath;

typedef struct gctx {
    const rg_graph *g;
    const rg_gaps_opts *o;
    int64_t hub;
    int ak, pe, ce;
    unsigned char *agent, *engage, *reach, *alias;
    unsigned char *is_cp;
    igraph_inclist_t il;
    ipath **links; /* per node: informal links found */
    size_t *nlinks;
    ipath cur;
    unsigned char *on_path;
    int oom;
} gctx;

static void add_link(gctx *c, int64_t cp)
{
    if (c->nlinks[cp] >= MAX_COUNTED)
        return; /* the count says "at least" past this */
    ipath *n = realloc(c->links[cp], (c->nlinks[cp] + 1) * sizeof *n);
    if (n == NULL) {
        c->oom = 1;
        return;
    }
    c->links[cp] = n;
    n[c->nlinks[cp]++] = c->cur;
}

static void push(gctx *c, int64_t e, int64_t v)
{
    c->cur.edges[c->cur.hops] = e;
    c->cur.nodes[++c->cur.hops] = v;
    c->on_path[v] = 1;
}

static void pop(gctx *c)
{
    c->on_path[c->cur.nodes[c->cur.hops]] = 0;
    c->cur.hops--;
}

/* Whether a link's tenure (when dated) holds on the date of the analysis. */
static int holds(const gctx *c, const rg_edge *e)
{
    return rg_span_meets(rg_edge_span(c->g, e, c->o->start_attr, c->o->end_attr), c->o->as_of);
}

/* From a body the hub engages with: it, and what it leads to. */
static void reach_from(gctx *c, int64_t u, int left)
{
    if (c->is_cp[u])
        add_link(c, u);
    if (left == 0)
        return;
    igraph_vector_int_t *inc = igraph_inclist_get(&c->il, u);
    for (igraph_integer_t i = 0; i < igraph_vector_int_size(inc); i++) {
        int64_t e = VECTOR(*inc)[i];
        const rg_edge *ed = &c->g->edges[e];
        int64_t v = ed->from == u ? ed->to : ed->from;
        int ok = (c->reach[ed->kind] && ed->from == u) || c->alias[ed->kind];
        if (!ok || c->on_path[v] || !holds(c, ed))
            continue;
        push(c, e, v);
        reach_from(c, v, left - 1);
        pop(c);
    }
}

/* From the hub or an agent: engagements. */
static void engage_from(gctx *c, int64_t u)
{
    igraph_vector_int_t *inc = igraph_inclist_get(&c->il, u);
    for (igraph_integer_t i = 0; i < igraph_vector_int_size(inc); i++) {
        int64_t e = VECTOR(*inc)[i];
        const rg_edge *ed = &c->g->edges[e];
        if (!c->engage[ed->kind] || ed->from != u || c->on_path[ed->to] || !holds(c, ed))
            continue;
        push(c, e, ed->to);
        reach_from(c, ed->to, 2);
        pop(c);
    }
}

static rg_status find_links(gctx *c, rg_error *err)
{
    const rg_graph *g = c->g;
    rg_status st =
        rg_igraph_check(igraph_inclist_init(&g->ig, &c->il, IGRAPH_ALL, IGRAPH_LOOPS_ONCE), err);
    if (st != RG_OK)
        return st;
    c->cur.hops = 0;
    c->cur.nodes[0] = c->hub;
    c->on_path[c->hub] = 1;
    engage_from(c, c->hub);
    igraph_vector_int_t *inc = igraph_inclist_get(&c->il, c->hub);
    for (igraph_integer_t i = 0; i < igraph_vector_int_size(inc); i++) {
        int64_t e = VECTOR(*inc)[i];
        const rg_edge *ed = &g->edges[e];
        if (!c->agent[ed->kind] || ed->to != c->hub || ed->from == c->hub || c->on_path[ed->from] ||
            !holds(c, ed))
            continue;
        push(c, e, ed->from);
        engage_from(c, ed->from);
        pop(c);
    }
    c->on_path[c->hub] = 0;
    igraph_inclist_destroy(&c->il);
    return c->oom ? rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory") : RG_OK;
}

static const rg_graph *path_graph;

/* Shortest first, then by the ids along the path, then by edge index. */
static int path_cmp(const void *a, const void *b)
{
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

static int date_of(const rg_graph *g, int64_t v, const char *attr, rg_date *d)
{
    if (attr == NULL || attr[0] == '\0')
        return 0;
    const rg_value *val = rg_node_attr(g, &g->nodes[v], attr);
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

static void fmt_date(rg_date d, char *b, size_t n)
{
    rg_date_format(d, b, n);
}

/* The first SSR clause words of a clause, cut at a character boundary. */
static void excerpt(rg_buf *out, const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n <= max) {
        rg_buf_puts(out, s);
        return;
    }
    while (max > 0 && ((unsigned char)s[max] & 0xC0) == 0x80)
        max--;
    rg_buf_add(out, s, max);
    rg_buf_puts(out, "...");
}

static size_t in_count(const rg_adj *a, int64_t v)
{
    return a->in_start[v + 1] - a->in_start[v];
}
static size_t out_count(const rg_adj *a, int64_t v)
{
    return a->out_start[v + 1] - a->out_start[v];
}

static size_t count_out(const rg_graph *g, const rg_adj *adj, int64_t v, int kind)
{
    size_t n = 0;
    for (size_t i = adj->out_start[v]; i < adj->out_start[v + 1]; i++)
        n += g->edges[adj->out_edges[i]].kind == kind;
    return n;
}

typedef struct agr {
    int64_t node;
    int located, nclauses;
    int has_date;
    rg_date date;
} agr;

rg_status rg_gaps(const rg_graph *g, const rg_gaps_opts *o, rg_result *r, rg_error *err)
{
    gctx c;
    memset(&c, 0, sizeof c);
    rg_adj adj;
    memset(&adj, 0, sizeof adj);
    c.g = g;
    c.o = o;
    rg_result_init(r, g, "gaps");
    rg_status st;
    if ((st = rg_node_kind_named(g, o->agreement_kind, "agreement_kind", &c.ak, err)) ||
        (st = rg_edge_kind_named(g, o->party_edge, "party_edge", &c.pe, err)) ||
        (st = rg_edge_kind_named(g, o->clause_edge, "clause_edge", &c.ce, err)) ||
        (st = rg_edge_kind_flags(g, o->agent_edges, "agent_edges", &c.agent, err)) ||
        (st = rg_edge_kind_flags(g, o->engage_edges, "engage_edges", &c.engage, err)) ||
        (st = rg_edge_kind_flags(g, o->reach_edges, "reach_edges", &c.reach, err)) ||
        (st = rg_edge_kind_flags(g, o->alias_edges, "alias_edges", &c.alias, err)) ||
        (st = rg_find_hub(g, o->hub, o->agreement_kind, o->party_edge, &c.hub, err)))
        goto out;
    int re = -1;
    if (o->region_edge && o->region_edge[0] &&
        (st = rg_edge_kind_named(g, o->region_edge, "region_edge", &re, err)))
        goto out;

    if ((st = rg_adj_init(g, &adj, err)) != RG_OK)
        goto out;
    size_t nv = g->nnodes ? g->nnodes : 1;
    c.is_cp = calloc(nv, 1);
    c.on_path = calloc(nv, 1);
    c.links = calloc(nv, sizeof *c.links);
    c.nlinks = calloc(nv, sizeof *c.nlinks);
    int64_t *cps = malloc(nv * sizeof *cps);
    agr *agrs = malloc((g->nedges ? g->nedges : 1) * sizeof *agrs);
    int *cp_status = calloc(nv, sizeof *cp_status);
    if (!c.is_cp || !c.on_path || !c.links || !c.nlinks || !cps || !agrs || !cp_status) {
        st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
        goto out2;
    }
    size_t ncp = 0;
    for (size_t v = 0; v < g->nnodes; v++)
        if ((int64_t)v != c.hub && rg_node_flag(g, (int64_t)v, o->select_attr) &&
            (o->subset == NULL || o->subset[v])) {
            c.is_cp[v] = 1;
            cps[ncp++] = (int64_t)v;
        }
    rg_sort_nodes(g, cps, ncp);
    if ((st = find_links(&c, err)) != RG_OK)
        goto out2;

    /* Which agreements the hub is party to. */
    unsigned char *hub_party = calloc(nv, 1);
    if (hub_party == NULL) {
        st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
        goto out2;
    }
    for (size_t i = adj.out_start[c.hub]; i < adj.out_start[c.hub + 1]; i++)
        if (g->edges[adj.out_edges[i]].kind == c.pe)
            hub_party[g->edges[adj.out_edges[i]].to] = 1;

    char asof[16];
    fmt_date(o->as_of, asof, sizeof asof);
    const char *hub_label = rg_node_label(g, &g->nodes[c.hub]);
    rg_result_title(r, "SSR coverage of the counterparties of %s", hub_label);
    rg_result_note(r, "hub: %s (%s); counterparties: nodes with %s = true (%zu)",
                   g->nodes[c.hub].id, g->nodes[c.hub].name, o->select_attr, ncp);
    rg_result_note(r,
                   "status: ssr-clause = an agreement with the hub whose text is located contains "
                   "an SSR clause; no-ssr-clause = texts located, none has one; document-unknown = "
                   "agreements, none located; informal = no agreement but a working link; "
                   "unknown = neither");
    rg_result_note(r, "as of %s: agreements dated later are left out", asof);

    rg_table *main =
        rg_result_table(r, "counterparties", "Counterparties", RG_STYLE_COLUMNS, "id", "name",
                        "region", "status", "agreements", "located", "ssr_clauses", "links", NULL);
    rg_table *ev = rg_result_table(r, "evidence", "Evidence", RG_STYLE_LINES, "id", "what", "text",
                                   "cites", NULL);
    rg_table *byreg = rg_result_table(r, "by_region", "Coverage by region", RG_STYLE_COLUMNS,
                                      "region", "ssr-clause", "no-ssr-clause", "document-unknown",
                                      "informal", "unknown", "total", NULL);
    rg_table *byyear =
        rg_result_table(r, "by_year", "Agreements by year", RG_STYLE_COLUMNS, "year", "agreements",
                        "ssr-clause", "no-ssr-clause", "document-unknown", NULL);
    char oldtitle[96];
    snprintf(oldtitle, sizeof oldtitle, "Agreements older than %d years on %s", o->older_than,
             asof);
    rg_table *old =
        rg_result_table(r, "old_agreements", rg_result_strdup(r, oldtitle), RG_STYLE_COLUMNS, "id",
                        "name", "counterparties", "date", "age_years", NULL);
    if (r->oom) {
        st = rg_result_check(r, err);
        goto out3;
    }
    ev->keyed = 1;

    /* Region rows: per region node, counts by status.  Regions are found
     * from the counterparties' region edges, sorted by id. */
    int64_t *regions = malloc(nv * sizeof *regions);
    long(*rcount)[NSTATUS] = calloc(nv + 1, sizeof *rcount);
    unsigned char *agr_seen = calloc(nv, 1);
    if (!regions || !rcount || !agr_seen) {
        free(regions);
        free(rcount);
        free(agr_seen);
        st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
        goto out3;
    }
    long none_count[NSTATUS] = {0};
    int any_unplaced = 0, any_several = 0;
    rg_buf b;
    rg_buf_init(&b);
    for (size_t i = 0; i < ncp; i++) {
        int64_t v = cps[i];
        const rg_node *n = &g->nodes[v];
        /* agreements with the hub */
        size_t na = 0;
        for (size_t j = adj.out_start[v]; j < adj.out_start[v + 1]; j++) {
            const rg_edge *ed = &g->edges[adj.out_edges[j]];
            if (ed->kind != c.pe || !hub_party[ed->to] || g->nodes[ed->to].kind != c.ak)
                continue;
            agr a = {ed->to, 0, 0, 0, {0, 0, 0}};
            int dup = 0;
            for (size_t k = 0; k < na; k++)
                dup |= agrs[k].node == a.node;
            if (dup)
                continue;
            a.has_date = date_of(g, a.node, o->date_attr, &a.date);
            if (a.has_date && rg_date_cmp(a.date, o->as_of) > 0)
                continue;
            a.located = rg_node_flag(g, a.node, o->located_attr);
            a.nclauses = count_out(g, &adj, a.node, c.ce);
            agrs[na++] = a;
        }
        int status, any_clause = 0, any_located = 0;
        for (size_t k = 0; k < na; k++) {
            any_located |= agrs[k].located;
            any_clause |= agrs[k].located && agrs[k].nclauses > 0;
        }
        path_graph = g;
        if (c.nlinks[v] > 1)
            qsort(c.links[v], c.nlinks[v], sizeof *c.links[v], path_cmp);
        if (any_clause)
            status = ST_CLAUSE;
        else if (any_located)
            status = ST_NOCLAUSE;
        else if (na)
            status = ST_DOCUNKNOWN;
        else if (c.nlinks[v])
            status = ST_INFORMAL;
        else
            status = ST_UNKNOWN;
        cp_status[v] = status;

        /* regions */
        rg_buf_clear(&b);
        size_t nreg = 0;
        for (size_t j = adj.out_start[v]; re >= 0 && j < adj.out_start[v + 1]; j++) {
            const rg_edge *ed = &g->edges[adj.out_edges[j]];
            if (ed->kind != re)
                continue;
            rg_buf_printf(&b, "%s%s", nreg ? "; " : "", g->nodes[ed->to].name);
            rcount[ed->to][status]++;
            nreg++;
        }
        any_several |= nreg > 1;
        if (nreg == 0) {
            none_count[status]++;
            any_unplaced = 1;
        }
        size_t nlocated = 0, nclauses = 0;
        for (size_t k = 0; k < na; k++) {
            nlocated += (size_t)agrs[k].located;
            nclauses += (size_t)(agrs[k].located ? agrs[k].nclauses : 0);
        }
        rg_cell *row = rg_table_row(r, main);
        if (row) {
            rg_cell_str(&row[0], n->id);
            rg_cell_str(&row[1], n->name);
            if (nreg)
                rg_cell_str(&row[2], rg_result_strdup(r, rg_buf_str(&b)));
            rg_cell_str(&row[3], status_name[status]);
            rg_cell_int(&row[4], (long long)na);
            rg_cell_int(&row[5], (long long)nlocated);
            rg_cell_int(&row[6], (long long)nclauses);
            rg_cell_int(&row[7], (long long)c.nlinks[v]);
        }

        /* evidence: agreements and their clauses */
        for (size_t k = 0; k < na; k++) {
            const agr *a = &agrs[k];
            const rg_node *an = &g->nodes[a->node];
            char d[16] = "undated";
            if (a->has_date)
                fmt_date(a->date, d, sizeof d);
            row = rg_table_row(r, ev);
            if (row == NULL)
                break;
            rg_cell_str(&row[0], n->id);
            rg_cell_str(&row[1], "agreement");
            rg_cell_text(r, &row[2], "%s (%s, %s): %s", an->name, an->id, d,
                         !a->located       ? "its text cannot be located"
                         : a->nclauses > 0 ? "text located; SSR clauses:"
                                           : "text located; no SSR clause");
            rg_cell_cites(&row[3], an->p.cites, an->p.ncites);
            for (size_t j = adj.out_start[a->node]; j < adj.out_start[a->node + 1]; j++) {
                const rg_edge *ed = &g->edges[adj.out_edges[j]];
                if (ed->kind == c.ce) {
                    const rg_node *cl = &g->nodes[ed->to];
                    const rg_value *sec = rg_node_attr(g, cl, o->section_attr);
                    const rg_value *txt = rg_node_attr(g, cl, "text");
                    rg_buf tb;
                    rg_buf_init(&tb);
                    const char *secs = sec && sec->type == RG_T_STRING ? sec->u.s : cl->id;
                    const char *body = txt && txt->type == RG_T_STRING ? txt->u.s : cl->name;
                    /* the quoted text often starts with its own section number */
                    if (strncmp(body, secs, strlen(secs)) != 0)
                        rg_buf_printf(&tb, "%s: ", secs);
                    excerpt(&tb, body, 110);
                    row = rg_table_row(r, ev);
                    if (row) {
                        rg_cell_str(&row[0], n->id);
                        rg_cell_str(&row[1], a->located ? "clause" : "clause-of-unlocated-text");
                        rg_cell_str(&row[2], rg_result_strdup(r, rg_buf_str(&tb)));
                        rg_cell_cites(&row[3], cl->p.cites, cl->p.ncites);
                    }
                    rg_buf_destroy(&tb);
                }
            }
            if (!a->located) {
                /* what else is known of it: its purpose, what names it */
                const rg_value *purpose = rg_node_attr(g, an, "purpose");
                if (purpose && purpose->type == RG_T_STRING && (row = rg_table_row(r, ev))) {
                    rg_cell_str(&row[0], n->id);
                    rg_cell_str(&row[1], "purpose");
                    rg_cell_str(&row[2], purpose->u.s);
                }
                /* the edges into it, then out of it */
                size_t nin = in_count(&adj, a->node);
                for (size_t j = 0; j < nin + out_count(&adj, a->node); j++) {
                    size_t f = (size_t)(j < nin ? adj.in_edges[adj.in_start[a->node] + j]
                                                : adj.out_edges[adj.out_start[a->node] + j - nin]);
                    const rg_edge *ed = &g->edges[f];
                    if (ed->kind == c.pe || ed->kind == c.ce)
                        continue;
                    rg_buf_clear(&b);
                    rg_edge_words(g, (int64_t)f, ed->to == a->node ? ed->from : ed->to, &b);
                    if ((row = rg_table_row(r, ev))) {
                        rg_cell_str(&row[0], n->id);
                        rg_cell_str(&row[1], "other-evidence");
                        rg_cell_str(&row[2], rg_result_strdup(r, rg_buf_str(&b)));
                        rg_cell_cites(&row[3], ed->p.cites, ed->p.ncites);
                    }
                }
            }
            agr_seen[a->node] = 1; /* for the tables by year and by age */
        }
        /* evidence: working links */
        for (size_t l = 0; l < c.nlinks[v] && l < MAX_LINKS; l++) {
            const ipath *p = &c.links[v][l];
            for (size_t s = 0; s < p->hops; s++) {
                rg_buf_clear(&b);
                rg_edge_words(g, p->edges[s], p->nodes[s], &b);
                if ((row = rg_table_row(r, ev))) {
                    rg_cell_str(&row[0], n->id);
                    rg_cell_text(r, &row[1], "link %zu", l + 1);
                    rg_cell_str(&row[2], rg_result_strdup(r, rg_buf_str(&b)));
                    const rg_edge *ed = &g->edges[p->edges[s]];
                    rg_cell_cites(&row[3], ed->p.cites, ed->p.ncites);
                }
            }
        }
    }

    /* by region: sorted by region name, unplaced last */
    size_t nr = 0;
    for (size_t v = 0; v < g->nnodes; v++) {
        long t = 0;
        for (int s = 0; s < NSTATUS; s++)
            t += rcount[v][s];
        if (t)
            regions[nr++] = (int64_t)v;
    }
    rg_sort_nodes(g, regions, nr);
    for (size_t i = 0; i <= nr; i++) {
        if (i == nr && !any_unplaced)
            break;
        long *cnt = i < nr ? rcount[regions[i]] : none_count;
        rg_cell *row = rg_table_row(r, byreg);
        if (row == NULL)
            break;
        rg_cell_str(&row[0], i < nr ? g->nodes[regions[i]].name : "(no region)");
        long t = 0;
        for (int s = 0; s < NSTATUS; s++) {
            rg_cell_int(&row[1 + s], cnt[s]);
            t += cnt[s];
        }
        rg_cell_int(&row[1 + NSTATUS], t);
    }
    if (any_several)
        rg_result_note(r, "a counterparty placed in several regions counts in each");

    /* by year and old agreements: every agreement the hub shares with a
     * counterparty in scope */
    enum { NYEARS = 10000 }; /* dates have four-digit years */
    long(*years)[4] = calloc(NYEARS, sizeof *years);
    long undated[4] = {0};
    size_t nold = 0;
    int64_t *olds = malloc(nv * sizeof *olds);
    if (olds == NULL || years == NULL) {
        free(olds);
        olds = NULL;
        r->oom = 1;
    }
    for (size_t v = 0; olds && v < g->nnodes; v++) {
        if (!agr_seen[v])
            continue;
        int located = rg_node_flag(g, (int64_t)v, o->located_attr);
        size_t ncl = count_out(g, &adj, (int64_t)v, c.ce);
        int s = !located ? 3 : ncl ? 1 : 2;
        rg_date d, d2;
        int has = date_of(g, (int64_t)v, o->date_attr, &d);
        long *slot = has && d.year >= 0 && d.year < NYEARS ? years[d.year] : undated;
        slot[0]++;
        slot[s]++;
        if (has && date_of(g, (int64_t)v, o->renewed_attr, &d2) && rg_date_cmp(d2, d) > 0)
            d = d2;
        if (has && years_between(d, o->as_of) >= o->older_than)
            olds[nold++] = (int64_t)v;
    }
    for (int y = 0; olds && y <= NYEARS; y++) {
        long *slot = y < NYEARS ? years[y] : undated;
        if (slot[0] == 0)
            continue;
        rg_cell *row = rg_table_row(r, byyear);
        if (row == NULL)
            break;
        if (y < NYEARS)
            rg_cell_text(r, &row[0], "%04d", y);
        else
            rg_cell_str(&row[0], "undated");
        for (int s = 0; s < 4; s++)
            rg_cell_int(&row[1 + s], slot[s]);
    }
    rg_sort_nodes(g, olds, nold);
    for (size_t i = 0; i < nold; i++) {
        int64_t a = olds[i];
        rg_date d, d2;
        date_of(g, a, o->date_attr, &d);
        char ds[40];
        fmt_date(d, ds, sizeof ds);
        if (date_of(g, a, o->renewed_attr, &d2) && rg_date_cmp(d2, d) > 0) {
            char e2[16];
            fmt_date(d2, e2, sizeof e2);
            size_t l = strlen(ds);
            snprintf(ds + l, sizeof ds - l, " (renewed %s)", e2);
            d = d2;
        }
        rg_buf_clear(&b);
        size_t k = 0;
        for (size_t j = adj.in_start[a]; j < adj.in_start[a + 1]; j++) {
            const rg_edge *ed = &g->edges[adj.in_edges[j]];
            if (ed->kind == c.pe && c.is_cp[ed->from])
                rg_buf_printf(&b, "%s%s", k++ ? ", " : "", g->nodes[ed->from].id);
        }
        rg_cell *row = rg_table_row(r, old);
        if (row == NULL)
            break;
        rg_cell_str(&row[0], g->nodes[a].id);
        rg_cell_str(&row[1], g->nodes[a].name);
        rg_cell_str(&row[2], rg_result_strdup(r, rg_buf_str(&b)));
        rg_cell_str(&row[3], rg_result_strdup(r, ds));
        rg_cell_int(&row[4], years_between(d, o->as_of));
    }
    free(olds);
    free(years);
    rg_buf_destroy(&b);
    {
        long cnt[NSTATUS] = {0};
        for (size_t i = 0; i < ncp; i++)
            cnt[cp_status[cps[i]]]++;
        rg_result_note(r,
                       "totals: ssr-clause %ld, no-ssr-clause %ld, document-unknown %ld, "
                       "informal %ld, unknown %ld",
                       cnt[0], cnt[1], cnt[2], cnt[3], cnt[4]);
    }
    free(regions);
    free(rcount);
    free(agr_seen);
    st = rg_result_check(r, err);
out3:
    free(hub_party);
out2:
    for (size_t v = 0; c.links && v < g->nnodes; v++)
        free(c.links[v]);
    free(c.links);
    free(c.nlinks);
    free(c.is_cp);
    free(c.on_path);
    free(cps);
    free(agrs);
    free(cp_status);
out:
    rg_adj_destroy(&adj);
    free(c.agent);
    free(c.engage);
    free(c.reach);
    free(c.alias);
    if (st != RG_OK)
        rg_result_destroy(r);
    return st;
}
