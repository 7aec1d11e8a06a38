/* rg_clusters.c: regional clusters, and communities found in the links.
 *
 * Communities are found on the graph `relgraph links` walks (in_paths edge
 * kinds, either way, minus SKIP_EDGES), over every node, so that people and
 * agreements tie bodies together; only nodes of NODE_KINDS are reported.
 * igraph's RNG is seeded with SEED before each run, and clusters are
 * renumbered 1, 2, ... by size (reported members), then by first member id,
 * so the numbering does not depend on igraph's internal order.
 *
 * Agreement with the regions is measured over the reported nodes that have
 * exactly one region: normalised mutual information and adjusted Rand index
 * (igraph_compare_communities). */
#include <stdlib.h>
#include <string.h>

#include "rg_analysis.h"

/* Numbers the labels of M 0, 1, ... in order of first appearance, as
 * igraph_compare_communities wants (igraph_reindex_membership requires
 * labels below the vector's length, which node indices are not). */
static void renumber(igraph_vector_int_t *m)
{
    igraph_integer_t n = igraph_vector_int_size(m), k = 0;
    for (igraph_integer_t i = 0; i < n; i++) {
        igraph_integer_t label = VECTOR(*m)[i], j = 0;
        if (label < 0)
            continue; /* already renumbered */
        for (j = i; j < n; j++)
            if (VECTOR(*m)[j] == label)
                VECTOR(*m)[j] = -1 - k;
        k++;
    }
    for (igraph_integer_t i = 0; i < n; i++)
        VECTOR(*m)[i] = -1 - VECTOR(*m)[i];
}

/* A reported node, its cluster number and its one region (or -1, -2). */
typedef struct memb {
    int64_t node;
    size_t cluster;
    int64_t region;
} memb;

static const rg_graph *mg;

static int by_cluster(const void *a, const void *b)
{
    const memb *x = a, *y = b;
    if (x->cluster != y->cluster)
        return x->cluster < y->cluster ? -1 : 1;
    return strcmp(mg->nodes[x->node].id, mg->nodes[y->node].id);
}

/* Regions by id, the nodes without one (or with several) last. */
static int by_region(const void *a, const void *b)
{
    const memb *x = a, *y = b;
    if ((x->region < 0) != (y->region < 0))
        return x->region < 0 ? 1 : -1;
    if (x->region >= 0 && x->region != y->region)
        return strcmp(mg->nodes[x->region].id, mg->nodes[y->region].id);
    return strcmp(mg->nodes[x->node].id, mg->nodes[y->node].id);
}

static int same_region(const memb *x, const memb *y)
{
    return x->region == y->region || (x->region < 0 && y->region < 0);
}

static const rg_graph *kg;
static size_t *ksize;
static int64_t *kfirst;

static int cl_cmp(const void *a, const void *b)
{
    igraph_integer_t x = *(const igraph_integer_t *)a, y = *(const igraph_integer_t *)b;
    if (ksize[x] != ksize[y])
        return ksize[x] > ksize[y] ? -1 : 1;
    return strcmp(kg->nodes[kfirst[x]].id, kg->nodes[kfirst[y]].id);
}

rg_status rg_clusters(const rg_graph *g, const rg_clusters_opts *o, rg_result *r, rg_error *err)
{
    rg_result_init(r, g, "clusters");
    unsigned char *skip = NULL, *edge_ok = NULL, *kinds = NULL, *rep = NULL;
    int64_t *region = NULL, *nodes = NULL, *first = NULL;
    size_t *size = NULL;
    igraph_integer_t *rank = NULL, *perm = NULL;
    igraph_t sub;
    int have_sub = 0, have_m = 0;
    igraph_vector_int_t mem;
    int re;
    rg_status st;
    if ((st = rg_edge_kind_flags(g, o->skip_edges, "skip_edges", &skip, err)) ||
        (st = rg_node_kind_flags(g, o->node_kinds, "node_kinds", &kinds, err)) ||
        (st = rg_edge_kind_named(g, o->region_edge, "region_edge", &re, err)))
        goto out;
    size_t nk = g->schema->n_edge_kinds, nv = g->nnodes ? g->nnodes : 1;
    edge_ok = calloc(nk ? nk : 1, 1);
    rep = calloc(nv, 1);
    region = malloc(nv * sizeof *region);
    nodes = malloc(nv * sizeof *nodes);
    if (!edge_ok || !rep || !region || !nodes) {
        st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
        goto out;
    }
    for (size_t k = 0; k < nk; k++)
        edge_ok[k] = g->schema->edge_kinds[k].in_paths && !skip[k] && (int)k != re;
    size_t nrep = 0;
    for (size_t v = 0; v < g->nnodes; v++) {
        region[v] = -1;
        if (kinds[g->nodes[v].kind] && (o->subset == NULL || o->subset[v])) {
            rep[v] = 1;
            nodes[nrep++] = (int64_t)v;
        }
    }
    /* region: the one region of a node, -2 when several */
    for (size_t e = 0; e < g->nedges; e++) {
        const rg_edge *ed = &g->edges[e];
        if (ed->kind != re)
            continue;
        region[ed->from] = region[ed->from] == -1 || region[ed->from] == ed->to ? ed->to : -2;
    }
    if ((st = rg_sub_igraph(g, edge_ok, &sub, NULL, err)))
        goto out;
    have_sub = 1;
    if ((st = rg_igraph_check(igraph_vector_int_init(&mem, 0), err)))
        goto out;
    have_m = 1;
    igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)o->seed);
    igraph_real_t q = 0;
    igraph_integer_t ncl = 0;
    if (strcmp(o->method, "louvain") == 0) {
        st = rg_igraph_check(
            igraph_community_multilevel(&sub, NULL, o->resolution, &mem, NULL, NULL), err);
    } else {
        igraph_vector_t nw;
        st = rg_igraph_check(igraph_vector_init(&nw, 0), err);
        if (st == RG_OK) {
            st = rg_igraph_check(
                igraph_strength(&sub, &nw, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS, NULL), err);
            igraph_integer_t m = igraph_ecount(&sub);
            if (st == RG_OK)
                st = rg_igraph_check(
                    igraph_community_leiden(&sub, NULL, &nw,
                                            m ? o->resolution / (2.0 * (double)m) : 1.0, 0.01, 0,
                                            -1, &mem, &ncl, NULL),
                    err);
            igraph_vector_destroy(&nw);
        }
    }
    if (st == RG_OK)
        st = rg_igraph_check(
            igraph_modularity(&sub, &mem, NULL, o->resolution, IGRAPH_UNDIRECTED, &q), err);
    if (st)
        goto out;
    ncl = 0;
    for (igraph_integer_t i = 0; i < igraph_vector_int_size(&mem); i++)
        if (VECTOR(mem)[i] + 1 > ncl)
            ncl = VECTOR(mem)[i] + 1;
    size_t nc = (size_t)ncl ? (size_t)ncl : 1;
    size = calloc(nc, sizeof *size);
    first = malloc(nc * sizeof *first);
    rank = malloc(nc * sizeof *rank);
    perm = malloc(nc * sizeof *perm);
    if (!size || !first || !rank || !perm) {
        st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
        goto out;
    }
    for (size_t c = 0; c < nc; c++)
        first[c] = -1;
    rg_sort_nodes(g, nodes, nrep);
    for (size_t i = 0; i < nrep; i++) {
        igraph_integer_t c = VECTOR(mem)[nodes[i]];
        size[c]++;
        if (first[c] < 0)
            first[c] = nodes[i];
    }
    size_t used = 0;
    for (size_t c = 0; c < (size_t)ncl; c++)
        if (size[c])
            perm[used++] = (igraph_integer_t)c;
    kg = g;
    ksize = size;
    kfirst = first;
    qsort(perm, used, sizeof *perm, cl_cmp);
    for (size_t i = 0; i < used; i++)
        rank[perm[i]] = (igraph_integer_t)i + 1;

    /* agreement with the regions, over reported nodes with one region */
    igraph_vector_int_t c1, c2;
    double nmi = 0, ari = 0;
    size_t ncmp = 0;
    if (igraph_vector_int_init(&c1, 0) == IGRAPH_SUCCESS) {
        if (igraph_vector_int_init(&c2, 0) == IGRAPH_SUCCESS) {
            for (size_t i = 0; i < nrep; i++) {
                int64_t v = nodes[i];
                if (region[v] < 0)
                    continue;
                if (igraph_vector_int_push_back(&c1, region[v]) ||
                    igraph_vector_int_push_back(&c2, rank[VECTOR(mem)[v]])) {
                    r->oom = 1;
                    break;
                }
                ncmp++;
            }
            if (ncmp > 0 && !r->oom) {
                /* igraph wants memberships numbered from 0 without gaps */
                igraph_vector_int_t m1, m2;
                igraph_vector_int_init_copy(&m1, &c1);
                igraph_vector_int_init_copy(&m2, &c2);
                renumber(&m1);
                renumber(&m2);
                st = rg_igraph_check(igraph_compare_communities(&m1, &m2, &nmi, IGRAPH_COMMCMP_NMI),
                                     err);
                if (st == RG_OK)
                    st = rg_igraph_check(
                        igraph_compare_communities(&m1, &m2, &ari, IGRAPH_COMMCMP_ADJUSTED_RAND),
                        err);
                igraph_vector_int_destroy(&m1);
                igraph_vector_int_destroy(&m2);
            }
            igraph_vector_int_destroy(&c2);
        }
        igraph_vector_int_destroy(&c1);
    }
    if (st)
        goto out;

    rg_result_title(r, "Clusters: regions and communities");
    rg_result_note(r,
                   "communities: %s on modularity (resolution %g, seed %d) over the linked "
                   "graph; modularity %.4f",
                   o->method, o->resolution, o->seed, (double)q);
    if (ncmp > 1)
        rg_result_note(r,
                       "agreement with the regions over %zu nodes with one region: NMI %.4f, "
                       "adjusted Rand %.4f",
                       ncmp, nmi, ari);
    else
        rg_result_note(r, "too few nodes with one region to compare with the regions");

    rg_table *ct = rg_result_table(r, "clusters", "Communities", RG_STYLE_COLUMNS, "cluster",
                                   "size", "regions", "ties", "members", NULL);
    rg_table *rt = rg_result_table(r, "regions", "Regions", RG_STYLE_COLUMNS, "region", "size",
                                   "clusters", "members", NULL);
    /* One pass each, so that many small clusters cost no more than few
     * large ones: members sorted by (cluster, id), then by (region, id);
     * ties counted per (cluster, edge kind) over the edges once. */
    size_t *ties = calloc((used + 1) * (nk ? nk : 1), sizeof *ties);
    memb *ms = malloc((nrep ? nrep : 1) * sizeof *ms);
    rg_buf b;
    rg_buf_init(&b);
    if (ties == NULL || ms == NULL) {
        free(ties);
        free(ms);
        st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
        goto out;
    }
    for (size_t k = 0; k < nrep; k++) {
        ms[k].node = nodes[k];
        ms[k].cluster = (size_t)rank[VECTOR(mem)[nodes[k]]];
        ms[k].region = region[nodes[k]];
    }
    for (size_t e = 0; e < g->nedges; e++) {
        const rg_edge *ed = &g->edges[e];
        igraph_integer_t cf = VECTOR(mem)[ed->from];
        if (edge_ok[ed->kind] && ed->from != ed->to && cf == VECTOR(mem)[ed->to] && size[cf])
            ties[(size_t)rank[cf] * nk + (size_t)ed->kind]++;
    }
    mg = g;
    qsort(ms, nrep, sizeof *ms, by_cluster);
    for (size_t i = 0; i < nrep;) {
        size_t j = i;
        while (j < nrep && ms[j].cluster == ms[i].cluster)
            j++;
        rg_cell *row = rg_table_row(r, ct);
        if (row == NULL)
            break;
        rg_cell_int(&row[0], (long long)ms[i].cluster);
        rg_cell_int(&row[1], (long long)(j - i));
        /* regions of the members, by region id; then those with none or several */
        qsort(ms + i, j - i, sizeof *ms, by_region);
        rg_buf_clear(&b);
        for (size_t k = i; k < j;) {
            size_t l = k;
            while (l < j && same_region(&ms[l], &ms[k]))
                l++;
            rg_buf_printf(&b, "%s%s %zu", k > i ? ", " : "",
                          ms[k].region >= 0 ? g->nodes[ms[k].region].id : "other", l - k);
            k = l;
        }
        rg_cell_str(&row[2], rg_result_strdup(r, rg_buf_str(&b)));
        rg_buf_clear(&b);
        for (size_t k = 0, any = 0; k < nk; k++)
            if (ties[ms[i].cluster * nk + k])
                rg_buf_printf(&b, "%s%s %zu", any++ ? ", " : "", g->schema->edge_kinds[k].base.name,
                              ties[ms[i].cluster * nk + k]);
        rg_cell_str(&row[3], rg_result_strdup(r, rg_buf_str(&b)));
        qsort(ms + i, j - i, sizeof *ms, by_cluster);
        rg_buf_clear(&b);
        for (size_t k = i; k < j; k++)
            rg_buf_printf(&b, "%s%s", k > i ? ", " : "", g->nodes[ms[k].node].id);
        rg_cell_str(&row[4], rg_result_strdup(r, rg_buf_str(&b)));
        i = j;
    }
    /* regions: members and the clusters they fall in, regions by id, then
     * the nodes with none or several */
    qsort(ms, nrep, sizeof *ms, by_region);
    for (size_t i = 0; i < nrep;) {
        size_t j = i;
        while (j < nrep && same_region(&ms[j], &ms[i]))
            j++;
        rg_cell *row = rg_table_row(r, rt);
        if (row == NULL)
            break;
        rg_cell_str(&row[0], ms[i].region >= 0 ? g->nodes[ms[i].region].name : "(none or several)");
        rg_cell_int(&row[1], (long long)(j - i));
        rg_buf_clear(&b);
        for (size_t k = i; k < j; k++)
            rg_buf_printf(&b, "%s%s", k > i ? ", " : "", g->nodes[ms[k].node].id);
        rg_cell_str(&row[3], rg_result_strdup(r, rg_buf_str(&b)));
        qsort(ms + i, j - i, sizeof *ms, by_cluster);
        rg_buf_clear(&b);
        for (size_t k = i; k < j;) {
            size_t l = k;
            while (l < j && ms[l].cluster == ms[k].cluster)
                l++;
            rg_buf_printf(&b, "%s%zu: %zu", k > i ? ", " : "", ms[k].cluster, l - k);
            k = l;
        }
        rg_cell_str(&row[2], rg_result_strdup(r, rg_buf_str(&b)));
        i = j;
    }
    free(ties);
    free(ms);
    rg_buf_destroy(&b);
    st = rg_result_check(r, err);
out:
    if (have_m)
        igraph_vector_int_destroy(&mem);
    if (have_sub)
        igraph_destroy(&sub);
    free(skip);
    free(edge_ok);
    free(kinds);
    free(rep);
    free(region);
    free(nodes);
    free(first);
    free(size);
    free(rank);
    free(perm);
    if (st != RG_OK)
        rg_result_destroy(r);
    return st;
}
