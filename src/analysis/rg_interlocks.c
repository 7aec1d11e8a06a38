/* rg_interlocks.c: shared memberships.
 *
 * A bipartite graph joins connectors to bodies: a member (person, team or
 * body) to each body it belongs to (MEMBER_EDGES, tenure holding on AS_OF
 * when given), and an agreement to each body party to it.  A node that is
 * both a member and a body (ICANN is a member of M3AAWG) gets one vertex on
 * each side.  igraph's bipartite projection onto the bodies, with
 * multiplicities, gives the candidate pairs; its size is asked first, and a
 * projection of more than RG_PROJECTION_LIMIT edges is refused.  A pair's
 * weight is then the number of connectors whose tenures at the two bodies
 * overlap (undated tenures, and agreements, always do): Pat on one board in
 * 2001-2003 and on another in 2008 links nothing. */
#include <stdlib.h>
#include <string.h>

#include "rg_analysis.h"

#define RG_PROJECTION_LIMIT 5000000

typedef struct bedge {
    int64_t conn, body; /* node indices */
    rg_span span;       /* the tenure; unbounded for an agreement */
} bedge;

static int byb_cmp(const void *a, const void *b)
{
    const bedge *x = a, *y = b;
    if (x->body != y->body)
        return x->body < y->body ? -1 : 1;
    return (x->conn > y->conn) - (x->conn < y->conn);
}

/* The connectors bodies A and B share whose tenures overlap, by walking
 * their sorted lists in step; into OUT (when not NULL).  Returns how many. */
static size_t shared(const bedge *byb, const size_t *first, const size_t *count, int64_t a,
                     int64_t b, int64_t *out)
{
    size_t i = first[a], ie = i + count[a], j = first[b], je = j + count[b], n = 0;
    while (i < ie && j < je) {
        if (byb[i].conn < byb[j].conn) {
            i++;
        } else if (byb[i].conn > byb[j].conn) {
            j++;
        } else {
            if (rg_spans_overlap(byb[i].span, byb[j].span)) {
                if (out)
                    out[n] = byb[i].conn;
                n++;
            }
            i++;
            j++;
        }
    }
    return n;
}

static int bedge_cmp(const void *a, const void *b)
{
    const bedge *x = a, *y = b;
    if (x->conn != y->conn)
        return x->conn < y->conn ? -1 : 1;
    return (x->body > y->body) - (x->body < y->body);
}

static int holds(const rg_graph *g, const rg_edge *e, const rg_interlocks_opts *o)
{
    return o->as_of.year == 0 ||
           rg_span_meets(rg_edge_span(g, e, o->start_attr, o->end_attr), o->as_of);
}

typedef struct pair {
    int64_t a, b; /* node indices, id(a) < id(b) */
    long weight;
} pair;

static const rg_graph *pg;

static int pair_cmp(const void *x, const void *y)
{
    const pair *p = x, *q = y;
    if (p->weight != q->weight)
        return p->weight > q->weight ? -1 : 1;
    int c = strcmp(pg->nodes[p->a].id, pg->nodes[q->a].id);
    return c ? c : strcmp(pg->nodes[p->b].id, pg->nodes[q->b].id);
}

rg_status rg_interlocks(const rg_graph *g, const rg_interlocks_opts *o, rg_result *r, rg_error *err)
{
    rg_result_init(r, g, "interlocks");
    unsigned char *member = NULL, *body_kind = NULL;
    bedge *be = NULL;
    int64_t *cidx = NULL, *bidx = NULL, *cnode = NULL, *bnode = NULL;
    pair *pairs = NULL;
    bedge *byb = NULL;
    size_t *bfirst = NULL, *bcount = NULL;
    size_t npairs = 0, nbe = 0;
    int ak = -1, pe = -1;
    rg_status st;
    if ((st = rg_edge_kind_flags(g, o->member_edges, "member_edges", &member, err)) ||
        (st = rg_node_kind_flags(g, o->body_kinds, "body_kinds", &body_kind, err)))
        goto out;
    if (o->agreement_kind && o->agreement_kind[0] &&
        ((st = rg_node_kind_named(g, o->agreement_kind, "agreement_kind", &ak, err)) ||
         (st = rg_edge_kind_named(g, o->party_edge, "party_edge", &pe, err))))
        goto out;
    size_t nv = g->nnodes ? g->nnodes : 1;
    be = malloc((g->nedges ? g->nedges : 1) * sizeof *be);
    cidx = malloc(nv * sizeof *cidx);
    bidx = malloc(nv * sizeof *bidx);
    cnode = malloc(nv * sizeof *cnode);
    bnode = malloc(nv * sizeof *bnode);
    if (!be || !cidx || !bidx || !cnode || !bnode) {
        st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
        goto out;
    }
    for (size_t e = 0; e < g->nedges; e++) {
        const rg_edge *ed = &g->edges[e];
        int64_t conn, body;
        rg_span span = {0, 99999999L};
        if (member[ed->kind] && body_kind[g->nodes[ed->to].kind] && holds(g, ed, o)) {
            conn = ed->from;
            body = ed->to;
            span = rg_edge_span(g, ed, o->start_attr, o->end_attr);
        } else if (ed->kind == pe && g->nodes[ed->to].kind == ak &&
                   body_kind[g->nodes[ed->from].kind]) {
            conn = ed->to;
            body = ed->from;
        } else {
            continue;
        }
        if (conn == body || (o->subset && !o->subset[body]))
            continue;
        be[nbe].conn = conn;
        be[nbe].body = body;
        be[nbe].span = span;
        nbe++;
    }
    qsort(be, nbe, sizeof *be, bedge_cmp);
    size_t w = 0;
    for (size_t i = 0; i < nbe; i++) {
        if (w == 0 || be[i].conn != be[w - 1].conn || be[i].body != be[w - 1].body) {
            be[w++] = be[i];
        } else { /* two edges between the same pair: the span of both */
            if (be[i].span.from < be[w - 1].span.from)
                be[w - 1].span.from = be[i].span.from;
            if (be[i].span.to > be[w - 1].span.to)
                be[w - 1].span.to = be[i].span.to;
        }
    }
    nbe = w;
    /* vertices: connectors first (type false), then bodies (type true) */
    for (size_t v = 0; v < g->nnodes; v++)
        cidx[v] = bidx[v] = -1;
    size_t nc = 0, nb = 0;
    for (size_t i = 0; i < nbe; i++) {
        if (cidx[be[i].conn] < 0) {
            cidx[be[i].conn] = (int64_t)nc;
            cnode[nc++] = be[i].conn;
        }
    }
    for (size_t i = 0; i < nbe; i++)
        if (bidx[be[i].body] < 0)
            bidx[be[i].body] = 0; /* a mark: numbered below, in node order */
    for (size_t v = 0; v < g->nnodes; v++)
        if (bidx[v] >= 0) {
            bidx[v] = (int64_t)nb;
            bnode[nb++] = (int64_t)v;
        }

    igraph_vector_int_t ev;
    igraph_vector_bool_t types;
    igraph_t bip, proj;
    igraph_vector_int_t mult;
    if (igraph_vector_int_init(&ev, (igraph_integer_t)(2 * nbe)) != IGRAPH_SUCCESS) {
        st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
        goto out;
    }
    for (size_t i = 0; i < nbe; i++) {
        VECTOR(ev)[2 * i] = cidx[be[i].conn];
        VECTOR(ev)[2 * i + 1] = (igraph_integer_t)nc + bidx[be[i].body];
    }
    st = rg_igraph_check(igraph_create(&bip, &ev, (igraph_integer_t)(nc + nb), IGRAPH_UNDIRECTED),
                         err);
    igraph_vector_int_destroy(&ev);
    if (st)
        goto out;
    if ((st = rg_igraph_check(igraph_vector_bool_init(&types, (igraph_integer_t)(nc + nb)), err))) {
        igraph_destroy(&bip);
        goto out;
    }
    for (size_t i = nc; i < nc + nb; i++)
        VECTOR(types)[i] = 1;
    igraph_integer_t vc1, ec1, vc2, ec2;
    st = rg_igraph_check(igraph_bipartite_projection_size(&bip, &types, &vc1, &ec1, &vc2, &ec2),
                         err);
    if (st == RG_OK && ec2 > RG_PROJECTION_LIMIT)
        st = rg_error_set(err, RG_ELIMIT, NULL, 0, 0,
                          "interlocks: the projection would have %lld pairs (limit %d)",
                          (long long)ec2, RG_PROJECTION_LIMIT);
    if (st == RG_OK)
        st = rg_igraph_check(igraph_vector_int_init(&mult, 0), err);
    if (st == RG_OK) {
        st = rg_igraph_check(
            igraph_bipartite_projection(&bip, &types, NULL, &proj, NULL, &mult, -1), err);
        if (st == RG_OK) {
            igraph_integer_t m = igraph_ecount(&proj);
            pairs = malloc((m ? (size_t)m : 1) * sizeof *pairs);
            if (pairs == NULL)
                st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
            for (igraph_integer_t e = 0; pairs && e < m; e++) {
                int64_t a = bnode[IGRAPH_FROM(&proj, e)], b = bnode[IGRAPH_TO(&proj, e)];
                if (strcmp(g->nodes[a].id, g->nodes[b].id) > 0) {
                    int64_t t = a;
                    a = b;
                    b = t;
                }
                pairs[npairs].a = a;
                pairs[npairs].b = b;
                pairs[npairs].weight = VECTOR(mult)[e];
                npairs++;
            }
            igraph_destroy(&proj);
        }
        igraph_vector_int_destroy(&mult);
    }
    igraph_vector_bool_destroy(&types);
    igraph_destroy(&bip);
    if (st)
        goto out;
    /* Per body, its connectors in order: the projection counts every shared
     * connector; only those whose tenures overlap link two bodies. */
    byb = malloc((nbe ? nbe : 1) * sizeof *byb);
    bfirst = calloc(nv, sizeof *bfirst);
    bcount = calloc(nv, sizeof *bcount);
    if (!byb || !bfirst || !bcount) {
        st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
        goto out;
    }
    memcpy(byb, be, nbe * sizeof *byb);
    qsort(byb, nbe, sizeof *byb, byb_cmp);
    for (size_t i = nbe; i-- > 0;) {
        bfirst[byb[i].body] = i;
        bcount[byb[i].body]++;
    }
    size_t kept = 0;
    for (size_t k = 0; k < npairs; k++) {
        pairs[k].weight = (long)shared(byb, bfirst, bcount, pairs[k].a, pairs[k].b, NULL);
        if (pairs[k].weight > 0)
            pairs[kept++] = pairs[k];
    }
    size_t dropped = npairs - kept;
    npairs = kept;
    pg = g;
    qsort(pairs, npairs, sizeof *pairs, pair_cmp);

    rg_result_title(r, "Shared memberships");
    rg_result_note(r,
                   "members: edges %s into bodies of kind %s; agreements link the bodies party "
                   "to them",
                   o->member_edges, o->body_kinds);
    if (dropped)
        rg_result_note(r, "%zu pair%s sharing only members whose tenures do not overlap left out",
                       dropped, dropped == 1 ? "" : "s");
    if (o->as_of.year) {
        char d[16];
        rg_date_format(o->as_of, d, sizeof d);
        rg_result_note(r, "tenures holding on %s only (start <= %s <= end; undated ones count)", d,
                       d);
    }
    rg_table *mt = rg_result_table(r, "members", "Members of two or more bodies", RG_STYLE_COLUMNS,
                                   "id", "kind", "name", "bodies", "of", NULL);
    rg_table *pt = rg_result_table(r, "pairs", "Bodies linked by shared members or agreements",
                                   RG_STYLE_COLUMNS, "a", "b", "weight", "shared", NULL);
    rg_buf b;
    rg_buf_init(&b);
    /* members with two or more bodies: be is sorted by connector */
    int64_t *ms = malloc(nv * sizeof *ms);
    size_t nms = 0;
    for (size_t i = 0; ms && i < nbe;) {
        size_t j = i;
        while (j < nbe && be[j].conn == be[i].conn)
            j++;
        if (j - i >= 2 && g->nodes[be[i].conn].kind != ak)
            ms[nms++] = be[i].conn;
        i = j;
    }
    if (ms)
        rg_sort_nodes(g, ms, nms);
    for (size_t k = 0; ms && k < nms; k++) {
        int64_t m = ms[k];
        int64_t *bodies = malloc(nb * sizeof *bodies);
        size_t n = 0;
        for (size_t i = 0; bodies && i < nbe; i++)
            if (be[i].conn == m)
                bodies[n++] = be[i].body;
        if (bodies == NULL) {
            r->oom = 1;
            break;
        }
        rg_sort_nodes(g, bodies, n);
        rg_buf_clear(&b);
        for (size_t i = 0; i < n; i++)
            rg_buf_printf(&b, "%s%s", i ? ", " : "", rg_node_label(g, &g->nodes[bodies[i]]));
        free(bodies);
        rg_cell *row = rg_table_row(r, mt);
        if (row == NULL)
            break;
        rg_cell_str(&row[0], g->nodes[m].id);
        rg_cell_str(&row[1], g->schema->node_kinds[g->nodes[m].kind].name);
        rg_cell_str(&row[2], g->nodes[m].name);
        rg_cell_int(&row[3], (long long)n);
        rg_cell_str(&row[4], rg_result_strdup(r, rg_buf_str(&b)));
    }
    free(ms);
    for (size_t k = 0; k < npairs; k++) {
        /* the connectors both bodies have, with overlapping tenures, by id */
        int64_t *sh = malloc((size_t)pairs[k].weight * sizeof *sh);
        if (sh == NULL) {
            r->oom = 1;
            break;
        }
        size_t n = shared(byb, bfirst, bcount, pairs[k].a, pairs[k].b, sh);
        rg_sort_nodes(g, sh, n);
        rg_buf_clear(&b);
        for (size_t i = 0; i < n; i++)
            rg_buf_printf(&b, "%s%s", i ? "; " : "", rg_node_label(g, &g->nodes[sh[i]]));
        free(sh);
        rg_cell *row = rg_table_row(r, pt);
        if (row == NULL)
            break;
        rg_cell_str(&row[0], g->nodes[pairs[k].a].id);
        rg_cell_str(&row[1], g->nodes[pairs[k].b].id);
        rg_cell_int(&row[2], pairs[k].weight);
        rg_cell_str(&row[3], rg_result_strdup(r, rg_buf_str(&b)));
    }
    rg_buf_destroy(&b);
    st = rg_result_check(r, err);
out:
    free(member);
    free(body_kind);
    free(be);
    free(cidx);
    free(bidx);
    free(cnode);
    free(bnode);
    free(pairs);
    free(byb);
    free(bfirst);
    free(bcount);
    if (st != RG_OK)
        rg_result_destroy(r);
    return st;
}
