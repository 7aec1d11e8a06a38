/* rg_ahelp.c: what the analyses share: kind look-ups by name (with the
 * option named in the error), the hub, sorted node lists, sub-graphs. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../core/rg_bigmem.h"
#include "../core/rg_buf.h"
#include "../core/rg_sort.h"
#include "rg_analysis.h"

#include "../core/rg_sort.h"

rg_status rg_find_hub(const rg_graph *g, const char *hub, const char *agreement_kind,
                      const char *party_edge, int64_t *out, rg_error *err)
{
    if (hub && hub[0]) {
        rg_status st = rg_graph_resolve(g, hub, out, err);
        if (st != RG_OK && err) {
            char t[RG_ERROR_TEXT - 8];
            snprintf(t, sizeof t, "%.*s", (int)(sizeof t - 1), err->text);
            snprintf(err->text, sizeof err->text, "hub: %s", t);
        }
        return st;
    }
    int ak, pe;
    rg_status st;
    if ((st = rg_node_kind_named(g, agreement_kind, "agreement_kind", &ak, err)) != RG_OK ||
        (st = rg_edge_kind_named(g, party_edge, "party_edge", &pe, err)) != RG_OK)
        return st;
    size_t *count = calloc(g->nnodes ? g->nnodes : 1, sizeof *count);
    if (count == NULL)
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t e = 0; e < g->nedges; e++) {
        const rg_edge *ed = &g->edges[e];
        if (ed->kind == pe && g->nodes[ed->to].kind == ak)
            count[ed->from]++;
    }
    int64_t best = -1;
    for (size_t v = 0; v < g->nnodes; v++)
        if (count[v] &&
            (best < 0 || count[v] > count[best] ||
             (count[v] == count[best] && strcmp(g->nodes[v].id, g->nodes[best].id) < 0)))
            best = (int64_t)v;
    free(count);
    if (best < 0)
        return rg_error_set(err, RG_ENOTFOUND, NULL, 0, 0,
                            "no node is party to an agreement: name the hub (--hub NAME)");
    *out = best;
    return RG_OK;
}

static long first_day(rg_date d)
{
    return d.year * 10000L + (d.month ? d.month : 1) * 100L + (d.day ? d.day : 1);
}

static long last_day(rg_date d)
{
    return d.year * 10000L + (d.month ? d.month : 12) * 100L + (d.day ? d.day : 31);
}

rg_span rg_edge_span(const rg_graph *g, const rg_edge *e, const char *start_attr,
                     const char *end_attr)
{
    rg_span s = {0, 99999999L};
    const rg_value *a = start_attr && start_attr[0] ? rg_edge_attr(g, e, start_attr) : NULL;
    const rg_value *b = end_attr && end_attr[0] ? rg_edge_attr(g, e, end_attr) : NULL;
    if (a && a->type == RG_T_DATE)
        s.from = first_day(a->u.d);
    if (b && b->type == RG_T_DATE)
        s.to = last_day(b->u.d);
    return s;
}

int rg_span_meets(rg_span s, rg_date d)
{
    return s.from <= last_day(d) && s.to >= first_day(d);
}

int rg_spans_overlap(rg_span a, rg_span b)
{
    return a.from <= b.to && b.from <= a.to;
}

int rg_node_flag(const rg_graph *g, int64_t v, const char *attr)
{
    const rg_value *val = rg_node_attr(g, &g->nodes[v], attr);
    return val && val->type == RG_T_BOOL && val->u.b;
}

static int id_cmp(const void *a, const void *b, void *ctx)
{
    const rg_graph *g = ctx;
    return rg_strnatcmp(g->nodes[*(const int64_t *)a].id, g->nodes[*(const int64_t *)b].id);
}

void rg_sort_nodes(const rg_graph *g, int64_t *v, size_t n)
{
    /* catalogues mostly list their nodes in id order: checking that is one
     * comparison per node, where sorting is twenty (gaps at 1M nodes sorts
     * 127,000 counterparties and 93,000 agreements) */
    size_t i = 1;
    while (i < n && id_cmp(&v[i - 1], &v[i], (void *)g) <= 0)
        i++;
    if (i >= n)
        return;
    rg_sort(v, n, sizeof *v, id_cmp, (void *)g);
}

const char *rg_word(const rg_graph *g, rg_role role)
{
    static const char *const plain[RG_NROLES] = {
        [RG_ROLE_WORD_CLAUSE_FAMILY] = "",      [RG_ROLE_WORD_CLAUSE] = "with-clause",
        [RG_ROLE_WORD_NO_CLAUSE] = "no-clause", [RG_ROLE_WORD_DOC_UNKNOWN] = "document-unknown",
        [RG_ROLE_WORD_INFORMAL] = "informal",   [RG_ROLE_WORD_UNKNOWN] = "unknown",
        [RG_ROLE_WORD_GROUP] = "group",         [RG_ROLE_WORD_COUNTERPARTY] = "counterparty",
    };
    const char *w = g->schema->roles[role];
    return w ? w : plain[role] ? plain[role] : "";
}

rg_status rg_sub_igraph(const rg_graph *g, const unsigned char *edge_ok, igraph_t *out,
                        int64_t **edge_of, rg_error *err)
{
    igraph_vector_int_t ev;
    if (edge_of)
        *edge_of = NULL;
    if (igraph_vector_int_init(&ev, 0) != IGRAPH_SUCCESS)
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    int64_t *map = malloc((g->nedges ? g->nedges : 1) * sizeof *map);
    size_t m = 0;
    if (map == NULL) {
        igraph_vector_int_destroy(&ev);
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t e = 0; e < g->nedges; e++) {
        const rg_edge *ed = &g->edges[e];
        if (!edge_ok[ed->kind] || ed->from == ed->to)
            continue;
        if (igraph_vector_int_push_back(&ev, ed->from) != IGRAPH_SUCCESS ||
            igraph_vector_int_push_back(&ev, ed->to) != IGRAPH_SUCCESS) {
            igraph_vector_int_destroy(&ev);
            free(map);
            return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
        }
        map[m++] = (int64_t)e;
    }
    igraph_error_t rc = igraph_create(out, &ev, (igraph_integer_t)g->nnodes, IGRAPH_UNDIRECTED);
    igraph_vector_int_destroy(&ev);
    rg_status st = rg_igraph_check(rc, err);
    if (st != RG_OK || edge_of == NULL)
        free(map);
    else
        *edge_of = map;
    return st;
}

/* ---- entities ------------------------------------------------------------ */

rg_status rg_topology_init(const rg_graph *g, const char *skip_edges, const char *alias_edges,
                           int no_merge, rg_entities *e, unsigned char **edge_ok, rg_error *err)
{
    unsigned char *skip = NULL, *alias = NULL;
    *edge_ok = NULL;
    memset(e, 0, sizeof *e);
    rg_status st;
    if ((st = rg_edge_kind_flags(g, skip_edges, "skip_edges", &skip, err)) ||
        (st = rg_edge_kind_flags(g, alias_edges, "alias_edges", &alias, err)))
        goto out;
    size_t nk = g->schema->n_edge_kinds;
    unsigned char *ok = calloc(nk ? nk : 1, 1);
    if (ok == NULL) {
        st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
        goto out;
    }
    /* an alias edge says two rows may be one thing, not that two things
     * are linked: it never counts as a link, merged or not */
    for (size_t k = 0; k < nk; k++)
        ok[k] = g->schema->edge_kinds[k].in_paths && !skip[k] && !alias[k];
    if ((st = rg_entities_init(g, alias_edges, !no_merge, e, err))) {
        free(ok);
        goto out;
    }
    *edge_ok = ok;
out:
    free(skip);
    free(alias);
    return st;
}

static int u32_cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Sorts a neighbour list: most are a few entries, sorted where they lie
 * (one or two cache lines); the long ones of hubs by qsort. */
static void sort_list(uint32_t *l, size_t n)
{
    if (n > 32) {
        qsort(l, n, sizeof *l, u32_cmp);
        return;
    }
    for (size_t i = 1; i < n; i++) {
        uint32_t x = l[i];
        size_t j = i;
        for (; j > 0 && l[j - 1] > x; j--)
            l[j] = l[j - 1];
        l[j] = x;
    }
}

/* The adjacency's placing: owners go to buckets of 1 << qb vertices, a
 * bucket's entries packed in 32 bits as (owner within the bucket) << nbits
 * | neighbour.  qb is at most 12 (a bucket's counts stay in L1 and its
 * entries in L2) and 32 - nbits, the bits the neighbour leaves free. */
typedef struct qpack {
    unsigned nbits, qb;
} qpack;

/* Places bucket K's entries (TMP[LO .. HI)) into RAW by owner, sorts each
 * list, and appends it without duplicates at RAW[*W]; START gets where each
 * list begins.  The bucket's own part of RAW is [LO, HI) and *W <= LO, so
 * nothing still to be read is overwritten. */
static void place_bucket(const uint32_t *tmp, size_t lo, size_t hi, size_t v0, size_t nv, qpack pk,
                         uint32_t *cnt, uint32_t *raw, uint32_t *start, uint32_t *w)
{
    uint32_t mask = pk.nbits < 32 ? ((uint32_t)1 << pk.nbits) - 1 : UINT32_MAX;
    memset(cnt, 0, (nv + 1) * sizeof *cnt);
    for (size_t i = lo; i < hi; i++)
        cnt[(tmp[i] >> pk.nbits) + 1]++;
    for (size_t i = 0; i < nv; i++)
        cnt[i + 1] += cnt[i];
    for (size_t i = lo; i < hi; i++) /* afterwards cnt[i] is where list I ends */
        raw[lo + cnt[tmp[i] >> pk.nbits]++] = tmp[i] & mask;
    for (size_t i = 0; i < nv; i++) {
        size_t l = lo + (i ? cnt[i - 1] : 0), h = lo + cnt[i];
        sort_list(raw + l, h - l);
        start[v0 + i] = *w;
        for (size_t k = l; k < h; k++)
            if (k == l || raw[k] != raw[k - 1])
                raw[(*w)++] = raw[k];
    }
}

/* Spreads the pairs both ways into their owners' buckets (BFILL: where
 * each bucket's next entry goes). */
static void spread(const uint32_t *pair, size_t np, qpack pk, size_t *bfill, uint32_t *tmp)
{
    uint32_t low = ((uint32_t)1 << pk.qb) - 1;
    for (size_t i = 0; i < np; i += 2) {
        uint32_t a = pair[i], b = pair[i + 1];
        tmp[bfill[a >> pk.qb]++] = (a & low) << pk.nbits | b;
        tmp[bfill[b >> pk.qb]++] = (b & low) << pk.nbits | a;
    }
}

/* The quotient's simple adjacency (rg_quotient.adj), in passes that each
 * read or write memory in order: the kept edges' ends gathered into a
 * compact pair list (the large edge records read once), the pairs spread
 * both ways into buckets of owners, then each bucket placed by owner into
 * the pair list's memory, each list sorted and its duplicates dropped, in
 * cache.  Fresh memory is what costs most at a million vertices (the
 * kernel clears every page), so it is kept to the pair list and one
 * 32-bit entry per adjacency entry.  The caller checks vertices and
 * entries fit 32 bits.  O(V + E) plus sorting each list. */
static int quotient_adj(const rg_graph *g, const unsigned char *edge_ok, rg_quotient *q)
{
    size_t n = q->n, np = 0;
    qpack pk = {1, 0};
    while (pk.nbits < 32 && (n - (n > 0)) >> pk.nbits)
        pk.nbits++;
    pk.qb = 32 - pk.nbits < 12 ? 32 - pk.nbits : 12;
    size_t nb = (n >> pk.qb) + 1;
    uint32_t *start = rg_big_alloc((n + 1) * sizeof *start);
    uint32_t *cnt = malloc((((size_t)1 << pk.qb) + 1) * sizeof *cnt);
    size_t *boff = calloc(nb + 1, sizeof *boff), *bfill = malloc(nb * sizeof *bfill);
    uint32_t *pair = rg_big_alloc((g->nedges ? 2 * g->nedges : 1) * sizeof *pair), *tmp = NULL;
    if (!start || !cnt || !boff || !bfill || !pair)
        goto fail;
    rg_ends ends = rg_ends_of(g);
    for (size_t i = 0; i < g->nedges; i++) {
        if (!edge_ok[rg_end_kind(g, &ends, i)])
            continue;
        int64_t a = q->vertex_of[rg_end_from(g, &ends, i)],
                b = q->vertex_of[rg_end_to(g, &ends, i)];
        if (a != b) {
            pair[np++] = (uint32_t)a;
            pair[np++] = (uint32_t)b;
            boff[(a >> pk.qb) + 1]++;
            boff[(b >> pk.qb) + 1]++;
        }
    }
    for (size_t k = 0; k < nb; k++)
        boff[k + 1] += boff[k];
    tmp = rg_big_alloc((np ? np : 1) * sizeof *tmp);
    if (!tmp)
        goto fail;
    memcpy(bfill, boff, nb * sizeof *bfill);
    spread(pair, np, pk, bfill, tmp);
    uint32_t w = 0, *raw = pair; /* the pairs are spent: their memory takes the lists */
    for (size_t k = 0; k < nb; k++) {
        size_t v0 = k << pk.qb, left = n - v0,
               nv = left < ((size_t)1 << pk.qb) ? left : (size_t)1 << pk.qb;
        place_bucket(tmp, boff[k], boff[k + 1], v0, nv, pk, cnt, raw, start, &w);
    }
    start[n] = w;
    q->adj_start = start;
    q->adj = raw;
    free(cnt);
    free(boff);
    free(bfill);
    free(tmp);
    return 0;
fail:
    free(start);
    free(cnt);
    free(boff);
    free(bfill);
    free(pair);
    free(tmp);
    return -1;
}

/* Whether the compiled catalogue stores the adjacency asked for: the same
 * edge kinds, over its own entity map (lent to E). */
static int stored_adj(const rg_graph *g, const unsigned char *edge_ok, const rg_entities *e,
                      const rg_quotient *q)
{
    return g->q_adj && g->entities && e->borrowed && e->rep == g->entities->rep && q->n == g->q_n &&
           memcmp(edge_ok, g->quotient_kinds, g->schema->n_edge_kinds) == 0;
}

rg_status rg_quotient_init(const rg_graph *g, const unsigned char *edge_ok, const rg_entities *e,
                           int want, rg_quotient *q, rg_error *err)
{
    memset(q, 0, sizeof *q);
    size_t nv = g->nnodes ? g->nnodes : 1;
    q->node_of = rg_big_alloc(nv * sizeof *q->node_of);
    q->vertex_of = rg_big_alloc(nv * sizeof *q->vertex_of);
    if (!q->node_of || !q->vertex_of) {
        rg_quotient_destroy(q);
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t v = 0; v < g->nnodes; v++)
        if (e->rep[v] == (int64_t)v) {
            q->vertex_of[v] = (int64_t)q->n;
            q->node_of[q->n++] = (int64_t)v;
        }
    for (size_t v = 0; v < g->nnodes; v++)
        q->vertex_of[v] = q->vertex_of[e->rep[v]];
    /* the adjacency holds 32-bit vertices and offsets; an int32 index fits
     * every vertex */
    if ((want & RG_Q_ADJ) && (q->n > INT32_MAX || g->nedges > UINT32_MAX / 2)) {
        rg_quotient_destroy(q);
        return rg_error_set(err, RG_ELIMIT, NULL, 0, 0,
                            "more than %d entities or %u edges: too many for this analysis",
                            INT32_MAX, UINT32_MAX / 2);
    }
    if ((want & RG_Q_ADJ) && stored_adj(g, edge_ok, e, q)) {
        /* the compiled catalogue's, checked when first lent */
        rg_status st = rg_graph_need(g, RG_PART_QUOTIENT, err);
        if (st != RG_OK) {
            rg_quotient_destroy(q);
            return st;
        }
        q->adj_start = (uint32_t *)(uintptr_t)g->q_start;
        q->adj = (uint32_t *)(uintptr_t)g->q_adj;
        q->adj_borrowed = 1;
    } else if ((want & RG_Q_ADJ) && quotient_adj(g, edge_ok, q) != 0) {
        rg_quotient_destroy(q);
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    if (!(want & RG_Q_IGRAPH))
        return RG_OK;
    igraph_vector_int_t ev;
    rg_status st = RG_OK;
    if (igraph_vector_int_init(&ev, 0) != IGRAPH_SUCCESS ||
        igraph_vector_int_reserve(&ev, 2 * (igraph_integer_t)g->nedges) != IGRAPH_SUCCESS) {
        igraph_vector_int_destroy(&ev);
        rg_quotient_destroy(q);
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t i = 0; i < g->nedges; i++) {
        const rg_edge *ed = &g->edges[i];
        int64_t a = q->vertex_of[ed->from], b = q->vertex_of[ed->to];
        if (edge_ok[ed->kind] && a != b) {
            igraph_vector_int_push_back(&ev, a); /* reserved: cannot fail */
            igraph_vector_int_push_back(&ev, b);
        }
    }
    if ((st = rg_igraph_check(igraph_create(&q->ig, &ev, (igraph_integer_t)q->n, IGRAPH_UNDIRECTED),
                              err)) == RG_OK) {
        q->have_ig = 1;
        /* two statements of one link (or links of two merged rows to one
         * body) are one connection */
        st = rg_igraph_check(igraph_simplify(&q->ig, 1, 1, NULL), err);
    }
    igraph_vector_int_destroy(&ev);
    if (st != RG_OK)
        rg_quotient_destroy(q);
    return st;
}

void rg_quotient_destroy(rg_quotient *q)
{
    if (q->have_ig)
        igraph_destroy(&q->ig);
    free(q->node_of);
    free(q->vertex_of);
    if (!q->adj_borrowed) {
        free(q->adj_start);
        free(q->adj);
    }
    memset(q, 0, sizeof *q);
}

void rg_entity_ids(const rg_graph *g, const rg_entities *e, int64_t v, rg_buf *out)
{
    int64_t rep = e->rep[v];
    size_t lo = e->member_start[rep], hi = e->member_start[rep + 1];
    rg_buf_puts(out, g->nodes[rep].id);
    for (size_t k = lo + 1; k < hi; k++)
        rg_buf_printf(out, "%s%s", k == lo + 1 ? " (= " : ", ", g->nodes[e->members[k]].id);
    if (hi - lo > 1)
        rg_buf_putc(out, ')');
}

static int entity_cmp(const void *a, const void *b, void *ctx)
{
    const rg_graph *g = ctx;
    return rg_strnatcmp(g->nodes[*(const int64_t *)a].id, g->nodes[*(const int64_t *)b].id);
}

void rg_entities_rows(rg_result *r, const rg_graph *g, const rg_entities *e,
                      const unsigned char *shown)
{
    int64_t *reps = malloc((g->nnodes ? g->nnodes : 1) * sizeof *reps);
    size_t n = 0;
    if (reps == NULL) {
        r->oom = 1;
        return;
    }
    for (size_t v = 0; v < g->nnodes; v++)
        if (e->rep[v] == (int64_t)v && (shown == NULL || shown[v]) &&
            rg_entity_size(e, (int64_t)v) > 1)
            reps[n++] = (int64_t)v;
    rg_sort(reps, n, sizeof *reps, entity_cmp, (void *)g);
    rg_table *t =
        n ? rg_result_table(r, "entities", "Merged entities (rows that may be one)",
                            RG_STYLE_COLUMNS, "entity", "members", "evidence", "cites", NULL)
          : NULL;
    for (size_t i = 0; t && i < n; i++) {
        int64_t v = reps[i];
        const char **members = malloc((rg_entity_size(e, v) + 1) * sizeof *members);
        if (members == NULL) {
            r->oom = 1; /* a row without its members is no answer */
            break;
        }
        size_t nm = 0;
        for (size_t k = e->member_start[v]; members && k < e->member_start[v + 1]; k++)
            members[nm++] = g->nodes[e->members[k]].id;
        for (size_t k = e->alias_start[v]; k < e->alias_start[v + 1]; k++) {
            const rg_edge *ed = &g->edges[e->alias[k]];
            rg_cell *row = rg_table_row(r, t);
            if (row == NULL)
                break;
            rg_cell_str(&row[0], g->nodes[v].id);
            if (members)
                rg_cell_list(r, &row[1], members, nm);
            rg_cell_text(r, &row[2], "%s %s %s", g->nodes[ed->from].id,
                         g->schema->edge_kinds[ed->kind].base.name, g->nodes[ed->to].id);
            rg_cell_cites(&row[3], ed->p.cites, ed->p.ncites);
        }
        free(members);
    }
    free(reps);
}

void rg_plural(rg_buf *b, const char *w)
{
    size_t n = strlen(w);
    if (n > 1 && w[n - 1] == 'y' && !strchr("aeiou", w[n - 2])) {
        rg_buf_add(b, w, n - 1);
        rg_buf_puts(b, "ies");
    } else {
        rg_buf_puts(b, w);
        rg_buf_putc(b, 's');
    }
}
