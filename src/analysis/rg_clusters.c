/* rg_clusters.c: communities found in the links, against a known grouping.
 *
 * The linked graph is the one `relgraph links` walks (in_paths edge kinds,
 * either way, less SKIP_EDGES, the group edge and the alias edges), over
 * entities (rg_entity.h): nodes that may be one are one vertex, and two
 * statements of one tie are one link, so the graph is simple and unweighted.
 * Communities are found over every vertex, so that people and agreements
 * tie bodies together; only nodes of NODE_KINDS are reported.
 *
 * Leiden (igraph) optimises modularity greedily from a random order: one run
 * may stop in a local optimum, and with unlimited iterations it may never
 * stop at all (issue 8).  So each run has ITERATIONS iterations, and STARTS
 * runs seeded SEED, SEED + 1, ... are made; the partition of the highest
 * modularity is kept (the first on a tie), so the answer is deterministic.
 *
 * The grouping is by an edge kind to a group node (GROUP_EDGE: a region)
 * or by a node attribute (GROUP_ATTR: the faction of a club member).  Each
 * partition's modularity is measured on the whole linked graph, nodes
 * outside the grouping counting as groups of their own; NMI and adjusted
 * Rand (igraph_compare_communities) compare the two over the reported nodes
 * that have exactly one group.  Communities are numbered 1, 2, ... by size,
 * then by first member in natural order of ids. */
#include <float.h>
#include <stdlib.h>
#include <string.h>

#include "../core/rg_sort.h"
#include "../graph/rg_entity.h"
#include "rg_analysis.h"
#include "rg_registry.h"

#define NONE (-1)
#define SEVERAL (-2)
/* Defaults of the options, for the CLI and the query language (the registry
 * below, as text) and for library callers who leave a field 0 */
#define DEF_STARTS 20
#define DEF_ITERS 50
#define DEF_BUDGET 5000000
#define TEXT_(x) #x
#define TEXT(x) TEXT_(x)

typedef struct cctx {
    const rg_graph *g;
    const rg_clusters_opts *o;
    rg_entities ent;
    size_t *rank;      /* node -> place in natural order of ids */
    unsigned char *ok; /* edge kinds of the linked graph */
    int ge;            /* group edge kind, or -1 */
    int64_t *vid;      /* representative node -> vertex, or -1 */
    int64_t *vnode;    /* vertex -> node */
    size_t nvert;
    igraph_t lg;
    int have_lg;
    int64_t *nodes; /* reported representatives, in natural order */
    size_t nrep;
    long *group;        /* node -> group index, NONE or SEVERAL */
    const char **gname; /* group index -> label (id or value), natural order */
    const char **gtitle;
    size_t ngroups;
    igraph_vector_int_t mem; /* vertex -> community */
    int have_mem;
    size_t *crank; /* community -> its number (1, 2, ...), 0: none reported */
    size_t ncomm;  /* communities with reported members */
    double q_comm, q_group, nmi, ari;
    size_t ncmp;
    int starts_run, budget_hit; /* Leiden: starts made; whether the budget ended them */
    long long passes, budget;   /* Leiden: edge passes spent, and allowed */
} cctx;

static int rcmp(const cctx *c, int64_t a, int64_t b)
{
    return (c->rank[a] > c->rank[b]) - (c->rank[a] < c->rank[b]);
}

static int node_cmp(const void *a, const void *b, void *ctx)
{
    return rcmp(ctx, *(const int64_t *)a, *(const int64_t *)b);
}

/* Numbers the labels of M 0, 1, ... in order of first appearance, as
 * igraph_compare_communities wants.  O(n log n) through a sorted copy. */
typedef struct labpos {
    igraph_integer_t label, at;
} labpos;

static int lab_cmp(const void *a, const void *b)
{
    const labpos *x = a, *y = b;
    if (x->label != y->label)
        return x->label < y->label ? -1 : 1;
    return (x->at > y->at) - (x->at < y->at);
}

static int renumber(igraph_vector_int_t *m)
{
    igraph_integer_t n = igraph_vector_int_size(m);
    labpos *l = malloc((n ? (size_t)n : 1) * sizeof *l);
    igraph_integer_t *firstat = malloc((n ? (size_t)n : 1) * sizeof *firstat);
    if (!l || !firstat) {
        free(l);
        free(firstat);
        return -1;
    }
    for (igraph_integer_t i = 0; i < n; i++)
        l[i] = (labpos){VECTOR(*m)[i], i};
    qsort(l, (size_t)n, sizeof *l, lab_cmp);
    /* each label's first position, then labels by first position */
    for (igraph_integer_t i = 0, f = 0; i < n; i++) {
        if (i == 0 || l[i].label != l[i - 1].label)
            f = l[i].at;
        firstat[l[i].at] = f;
    }
    for (igraph_integer_t i = 0; i < n; i++)
        l[i] = (labpos){firstat[i], i};
    qsort(l, (size_t)n, sizeof *l, lab_cmp);
    for (igraph_integer_t i = 0, k = -1; i < n; i++) {
        if (i == 0 || l[i].label != l[i - 1].label)
            k++;
        VECTOR(*m)[l[i].at] = k;
    }
    free(l);
    free(firstat);
    return 0;
}

/* Kinds, entities, ranks; the vertices (one per entity) and the simple
 * linked graph between them. */
static rg_status build(cctx *c, rg_error *err)
{
    const rg_graph *g = c->g;
    const rg_clusters_opts *o = c->o;
    unsigned char *skip = NULL, *alias = NULL;
    rg_status st;
    c->ge = -1;
    if ((st = rg_edge_kind_flags(g, o->skip_edges, "skip_edges", &skip, err)) ||
        (st = rg_edge_kind_flags(g, o->alias_edges, "alias_edges", &alias, err)) ||
        (o->group_edge && o->group_edge[0] &&
         (st = rg_edge_kind_named(g, o->group_edge, "group_edge", &c->ge, err))) ||
        (st = rg_entities_init(g, o->alias_edges, !o->no_merge, &c->ent, err)))
        goto out;
    size_t nk = g->schema->n_edge_kinds, nv = g->nnodes ? g->nnodes : 1;
    c->ok = calloc(nk ? nk : 1, 1);
    c->rank = rg_node_ranks(g);
    c->vid = malloc(nv * sizeof *c->vid);
    c->vnode = malloc(nv * sizeof *c->vnode);
    if (!c->ok || !c->rank || !c->vid || !c->vnode) {
        st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
        goto out;
    }
    for (size_t k = 0; k < nk; k++)
        /* alias edges are never a link: merged, they join one vertex;
         * with no_merge they are left out */
        c->ok[k] = g->schema->edge_kinds[k].in_paths && !skip[k] && !alias[k] && (int)k != c->ge;
    for (size_t v = 0; v < g->nnodes; v++) {
        c->vid[v] = -1;
        if (rg_entity_rep(&c->ent, (int64_t)v) == (int64_t)v) {
            c->vid[v] = (int64_t)c->nvert;
            c->vnode[c->nvert++] = (int64_t)v;
        }
    }
    igraph_vector_int_t ev;
    if ((st = rg_igraph_check(igraph_vector_int_init(&ev, 0), err)))
        goto out;
    for (size_t e = 0; e < g->nedges && st == RG_OK; e++) {
        const rg_edge *ed = &g->edges[e];
        int64_t a = c->vid[rg_entity_rep(&c->ent, ed->from)];
        int64_t b = c->vid[rg_entity_rep(&c->ent, ed->to)];
        if (c->ok[ed->kind] && a != b &&
            (igraph_vector_int_push_back(&ev, a) || igraph_vector_int_push_back(&ev, b)))
            st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    if (st == RG_OK)
        st = rg_igraph_check(
            igraph_create(&c->lg, &ev, (igraph_integer_t)c->nvert, IGRAPH_UNDIRECTED), err);
    igraph_vector_int_destroy(&ev);
    if (st == RG_OK) {
        c->have_lg = 1;
        /* one link per pair of entities: two statements of a tie are one */
        st = rg_igraph_check(igraph_simplify(&c->lg, 1, 1, NULL), err);
    }
out:
    free(skip);
    free(alias);
    return st;
}

static int natp_cmp(const void *a, const void *b)
{
    return rg_strnatcmp(*(const char *const *)a, *(const char *const *)b);
}

static int str_cmp(const void *a, const void *b, void *ctx)
{
    (void)ctx;
    return natp_cmp(a, b);
}

/* A group label from attribute value A (NULL for a list or no value). */
static const char *value_label(rg_result *r, const rg_value *a)
{
    if (a == NULL)
        return NULL;
    switch (a->type) {
    case RG_T_STRING: return a->u.s;
    case RG_T_DATE: return a->text;
    case RG_T_BOOL: return a->u.b ? "true" : "false";
    case RG_T_NUMBER: {
        char buf[64];
        snprintf(buf, sizeof buf, "%.15g", a->u.n);
        return rg_result_strdup(r, buf);
    }
    default: return NULL;
    }
}

/* Each entity's label under the grouping (lab, tit), SEVERAL when its
 * members or edges name more than one. */
static void group_labels(cctx *c, rg_result *r, const char **lab, const char **tit,
                         unsigned char *several)
{
    const rg_graph *g = c->g;
    for (size_t e = 0; c->ge >= 0 && e < g->nedges; e++) {
        const rg_edge *ed = &g->edges[e];
        if (ed->kind != c->ge)
            continue;
        int64_t f = rg_entity_rep(&c->ent, ed->from), t = rg_entity_rep(&c->ent, ed->to);
        if (lab[f] && strcmp(lab[f], g->nodes[t].id) != 0)
            several[f] = 1;
        lab[f] = g->nodes[t].id;
        tit[f] = g->nodes[t].name;
    }
    for (size_t v = 0; c->o->group_attr && v < g->nnodes; v++) {
        const char *l = value_label(r, rg_node_attr(g, &g->nodes[v], c->o->group_attr));
        int64_t f = rg_entity_rep(&c->ent, (int64_t)v);
        if (l == NULL)
            continue;
        if (lab[f] && strcmp(lab[f], l) != 0)
            several[f] = 1;
        lab[f] = tit[f] = l;
    }
}

/* The reported entities, and their groups numbered in natural order of
 * the labels. */
static rg_status groups(cctx *c, rg_result *r, rg_error *err)
{
    const rg_graph *g = c->g;
    const rg_clusters_opts *o = c->o;
    unsigned char *kinds = NULL, *several = NULL, *sel = NULL;
    const char **lab = NULL, **tit = NULL;
    size_t nv = g->nnodes ? g->nnodes : 1;
    rg_status st = rg_node_kind_flags(g, o->node_kinds, "node_kinds", &kinds, err);
    if (st == RG_OK && o->group_attr && o->group_attr[0]) {
        rg_buf msg;
        rg_buf_init(&msg);
        if (rg_name_check(g->schema, RG_RT_NODE_ATTR,
                          o->node_kinds && o->node_kinds[0] ? o->node_kinds : NULL, o->group_attr,
                          &msg) != 0)
            st = rg_error_set(err, RG_EUSAGE, NULL, 0, 0, "group_attr: %s", rg_buf_str(&msg));
        rg_buf_destroy(&msg);
    }
    if (st)
        goto out;
    several = calloc(nv, 1);
    sel = calloc(nv, 1);
    lab = calloc(nv, sizeof *lab);
    tit = calloc(nv, sizeof *tit);
    c->group = malloc(nv * sizeof *c->group);
    c->nodes = malloc(nv * sizeof *c->nodes);
    c->gname = malloc(nv * sizeof *c->gname);
    c->gtitle = malloc(nv * sizeof *c->gtitle);
    if (!several || !sel || !lab || !tit || !c->group || !c->nodes || !c->gname || !c->gtitle) {
        st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
        goto out;
    }
    int all_kinds = !(o->node_kinds && o->node_kinds[0]);
    for (size_t v = 0; v < g->nnodes; v++)
        if ((all_kinds || kinds[g->nodes[v].kind]) && (o->subset == NULL || o->subset[v]))
            sel[rg_entity_rep(&c->ent, (int64_t)v)] = 1;
    for (size_t v = 0; v < g->nnodes; v++)
        if (sel[v] && rg_entity_rep(&c->ent, (int64_t)v) == (int64_t)v)
            c->nodes[c->nrep++] = (int64_t)v;
    rg_sort(c->nodes, c->nrep, sizeof *c->nodes, node_cmp, c);
    group_labels(c, r, lab, tit, several);
    /* distinct labels of the reported entities, in natural order */
    for (size_t i = 0; i < c->nrep; i++) {
        int64_t v = c->nodes[i];
        if (lab[v] && !several[v])
            c->gname[c->ngroups++] = lab[v];
    }
    rg_sort(c->gname, c->ngroups, sizeof *c->gname, str_cmp, NULL);
    size_t w = 0;
    for (size_t i = 0; i < c->ngroups; i++)
        if (w == 0 || strcmp(c->gname[i], c->gname[w - 1]) != 0)
            c->gname[w++] = c->gname[i];
    c->ngroups = w;
    for (size_t v = 0; v < g->nnodes; v++) {
        c->group[v] = several[v] ? SEVERAL : NONE;
        if (lab[v] && !several[v] && sel[v]) {
            const char **hit = bsearch(&lab[v], c->gname, c->ngroups, sizeof *c->gname, natp_cmp);
            c->group[v] = (long)(hit - c->gname);
            c->gtitle[c->group[v]] = tit[v];
        }
    }
out:
    free(kinds);
    free(several);
    free(sel);
    free(lab);
    free(tit);
    return st;
}

/* Communities into c->mem, and their modularity. */
static rg_status detect(cctx *c, rg_error *err)
{
    const rg_clusters_opts *o = c->o;
    igraph_integer_t m = igraph_ecount(&c->lg);
    if (c->nvert == 0)
        return rg_error_set(err, RG_EINVALID, NULL, 0, 0,
                            "the catalogue has no nodes, so there are no communities to find");
    if (m == 0)
        return rg_error_set(err, RG_EINVALID, NULL, 0, 0,
                            "the linked graph has %zu node%s and no links between "
                            "them, so there are no communities to find (links: edge kinds "
                            "followed by paths, less skip_edges, group and alias edges)",
                            c->nvert, c->nvert == 1 ? "" : "s");
    rg_status st = rg_igraph_check(igraph_vector_int_init(&c->mem, 0), err);
    if (st)
        return st;
    c->have_mem = 1;
    if (strcmp(o->method, "louvain") == 0) {
        igraph_rng_seed(igraph_rng_default(), (igraph_uint_t)o->seed);
        if ((st = rg_igraph_check(
                 igraph_community_multilevel(&c->lg, NULL, o->resolution, &c->mem, NULL, NULL),
                 err)))
            return st;
        return rg_igraph_check(
            igraph_modularity(&c->lg, &c->mem, NULL, o->resolution, IGRAPH_UNDIRECTED, &c->q_comm),
            err);
    }
    igraph_vector_t nw;
    igraph_vector_int_t cur;
    if ((st = rg_igraph_check(igraph_vector_init(&nw, 0), err)))
        return st;
    if ((st = rg_igraph_check(igraph_vector_int_init(&cur, 0), err))) {
        igraph_vector_destroy(&nw);
        return st;
    }
    /* modularity as Leiden's quality: node weights the degrees, resolution
     * over 2m (igraph_community_leiden's documentation) */
    st = rg_igraph_check(
        igraph_strength(&c->lg, &nw, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS, NULL), err);
    int starts = o->starts, iters = o->iterations;
    long long budget = c->budget = o->budget;
    for (int s = 0; s < starts && st == RG_OK && !c->budget_hit; s++) {
        igraph_real_t q = 0;
        int ran = 0;
        igraph_rng_seed(igraph_rng_default(),
                        (igraph_uint_t)((unsigned long)o->seed + (unsigned long)s));
        /* one iteration at a time from the last partition, until one
         * brings no gain, ITERS are spent or the budget is (the first
         * iteration of all always runs, so there is an answer) */
        for (int it = 0; it < iters && st == RG_OK; it++) {
            if (c->passes > 0 && c->passes + (long long)m > budget) {
                c->budget_hit = 1;
                break;
            }
            c->passes += (long long)m;
            ran++;
            igraph_real_t before = q;
            st = rg_igraph_check(igraph_community_leiden(&c->lg, NULL, &nw,
                                                         o->resolution / (2.0 * (double)m), 0.01,
                                                         it > 0, 1, &cur, NULL, NULL),
                                 err);
            if (st == RG_OK)
                st = rg_igraph_check(
                    igraph_modularity(&c->lg, &cur, NULL, o->resolution, IGRAPH_UNDIRECTED, &q),
                    err);
            if (it > 0 && q <= before + 1e-9)
                break;
        }
        if (ran == 0)
            break; /* the budget was spent before this start began */
        c->starts_run = s + 1;
        /* a strictly better start only: the first of equals is kept */
        if (st == RG_OK && (s == 0 || q > c->q_comm + 1e-12)) {
            c->q_comm = q;
            st = rg_igraph_check(igraph_vector_int_update(&c->mem, &cur), err);
        }
    }
    igraph_vector_int_destroy(&cur);
    igraph_vector_destroy(&nw);
    return st;
}

typedef struct cnum {
    const cctx *c;
    const size_t *size;
    const int64_t *first;
} cnum;

static int comm_cmp(const void *a, const void *b, void *ctx)
{
    const cnum *n = ctx;
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    if (n->size[x] != n->size[y])
        return n->size[x] > n->size[y] ? -1 : 1;
    return rcmp(n->c, n->first[x], n->first[y]);
}

/* Numbers the communities with reported members 1, 2, ... by size, then by
 * first member; then the grouping's modularity and the agreement. */
static rg_status number(cctx *c, rg_error *err)
{
    size_t nv = c->nvert ? c->nvert : 1, used = 0;
    size_t *size = calloc(nv, sizeof *size), *perm = malloc(nv * sizeof *perm);
    int64_t *first = malloc(nv * sizeof *first);
    c->crank = calloc(nv, sizeof *c->crank);
    if (!size || !perm || !first || !c->crank) {
        free(size);
        free(perm);
        free(first);
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t i = c->nrep; i-- > 0;) { /* backwards: first ends as the first member */
        size_t k = (size_t)VECTOR(c->mem)[c->vid[c->nodes[i]]];
        size[k]++;
        first[k] = c->nodes[i];
    }
    for (size_t k = 0; k < c->nvert; k++)
        if (size[k])
            perm[used++] = k;
    cnum n = {c, size, first};
    rg_sort(perm, used, sizeof *perm, comm_cmp, &n);
    for (size_t i = 0; i < used; i++)
        c->crank[perm[i]] = i + 1;
    c->ncomm = used;
    free(size);
    free(perm);
    free(first);
    return RG_OK;
}

static rg_status compare(cctx *c, rg_error *err)
{
    igraph_vector_int_t gm, c1, c2;
    rg_status st = RG_OK;
    if (c->ngroups == 0)
        return RG_OK;
    if ((st = rg_igraph_check(igraph_vector_int_init(&gm, (igraph_integer_t)c->nvert), err)))
        return st;
    /* nodes outside the grouping: each a group of its own */
    for (size_t i = 0; i < c->nvert; i++)
        VECTOR(gm)[i] = (igraph_integer_t)(c->ngroups + i);
    for (size_t i = 0; i < c->nrep; i++)
        if (c->group[c->nodes[i]] >= 0)
            VECTOR(gm)[c->vid[c->nodes[i]]] = c->group[c->nodes[i]];
    st = rg_igraph_check(
        igraph_modularity(&c->lg, &gm, NULL, c->o->resolution, IGRAPH_UNDIRECTED, &c->q_group),
        err);
    igraph_vector_int_destroy(&gm);
    if (st || (st = rg_igraph_check(igraph_vector_int_init(&c1, 0), err)))
        return st;
    if ((st = rg_igraph_check(igraph_vector_int_init(&c2, 0), err))) {
        igraph_vector_int_destroy(&c1);
        return st;
    }
    for (size_t i = 0; i < c->nrep && st == RG_OK; i++) {
        int64_t v = c->nodes[i];
        if (c->group[v] < 0)
            continue;
        if (igraph_vector_int_push_back(&c1, c->group[v]) ||
            igraph_vector_int_push_back(&c2, (igraph_integer_t)c->crank[VECTOR(c->mem)[c->vid[v]]]))
            st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    c->ncmp = (size_t)igraph_vector_int_size(&c1);
    if (st == RG_OK && c->ncmp > 1) {
        if (renumber(&c1) || renumber(&c2))
            st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
        if (st == RG_OK)
            st = rg_igraph_check(igraph_compare_communities(&c1, &c2, &c->nmi, IGRAPH_COMMCMP_NMI),
                                 err);
        if (st == RG_OK)
            st = rg_igraph_check(
                igraph_compare_communities(&c1, &c2, &c->ari, IGRAPH_COMMCMP_ADJUSTED_RAND), err);
    }
    igraph_vector_int_destroy(&c1);
    igraph_vector_int_destroy(&c2);
    return st;
}

/* A reported entity, its community number and its group. */
typedef struct memb {
    int64_t node;
    size_t cluster;
    long group;
} memb;

static int by_cluster(const void *a, const void *b, void *ctx)
{
    const memb *x = a, *y = b;
    if (x->cluster != y->cluster)
        return x->cluster < y->cluster ? -1 : 1;
    return rcmp(ctx, x->node, y->node);
}

/* Groups in label order, the entities with none or several last. */
static int by_group(const void *a, const void *b, void *ctx)
{
    const memb *x = a, *y = b;
    if ((x->group < 0) != (y->group < 0))
        return x->group < 0 ? 1 : -1;
    if (x->group >= 0 && x->group != y->group)
        return x->group < y->group ? -1 : 1;
    return rcmp(ctx, x->node, y->node);
}

static int same_group(const memb *x, const memb *y)
{
    return x->group == y->group || (x->group < 0 && y->group < 0);
}

static int size_desc(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x < y) - (x > y);
}

/* Sizes, largest first, runs folded: "15, 4 x3, 1 x33". */
static const char *sizes_text(rg_result *r, size_t *s, size_t n)
{
    rg_buf b;
    rg_buf_init(&b);
    qsort(s, n, sizeof *s, size_desc);
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && s[j] == s[i])
            j++;
        rg_buf_printf(&b, "%s%zu", i ? ", " : "", s[i]);
        if (j - i > 1)
            rg_buf_printf(&b, " x%zu", j - i);
        i = j;
    }
    const char *t = rg_result_buf(r, &b);
    r->oom |= b.oom; /* a text cut short: no answer */
    rg_buf_destroy(&b);
    return t;
}

/* What the grouping is called: the attribute given, else the schema's word
 * for a group ("region", "market") when the group edge is the role's. */
static const char *grouping_name(const cctx *c)
{
    const rg_schema *s = c->g->schema;
    if (c->o->group_attr && c->o->group_attr[0])
        return c->o->group_attr;
    if (c->o->group_edge && s->roles[RG_ROLE_GROUP_EDGE] &&
        strcmp(c->o->group_edge, s->roles[RG_ROLE_GROUP_EDGE]) == 0)
        return rg_word(c->g, RG_ROLE_WORD_GROUP);
    return c->o->group_edge;
}

static void summary(cctx *c, rg_result *r, const memb *ms)
{
    const rg_clusters_opts *o = c->o;
    size_t *s = calloc(c->nrep + c->ngroups + 1, sizeof *s);
    if (s == NULL) {
        r->oom = 1;
        return;
    }
    rg_table *t = rg_result_table(r, "partitions", "Partitions", RG_STYLE_COLUMNS, "partition",
                                  "groups", "sizes", "modularity", NULL);
    rg_cell *row = t ? rg_table_row(r, t) : NULL;
    for (size_t i = 0; i < c->nrep; i++)
        s[ms[i].cluster - 1]++;
    if (row) {
        rg_cell_text(r, &row[0], "communities (%s)", o->method);
        rg_cell_int(&row[1], (long long)c->ncomm);
        rg_cell_str(&row[2], sizes_text(r, s, c->ncomm));
        rg_cell_real(&row[3], c->q_comm);
    }
    if (c->ngroups > 0 && (row = rg_table_row(r, t)) != NULL) {
        size_t none = 0;
        memset(s, 0, (c->nrep + c->ngroups + 1) * sizeof *s);
        for (size_t i = 0; i < c->nrep; i++)
            if (ms[i].group >= 0)
                s[ms[i].group]++;
            else
                none++;
        rg_cell_text(r, &row[0], "grouping by %s", grouping_name(c));
        rg_cell_int(&row[1], (long long)c->ngroups);
        const char *st = sizes_text(r, s, c->ngroups);
        if (none)
            rg_cell_text(r, &row[2], "%s; %zu with none or several", st, none);
        else
            rg_cell_str(&row[2], st);
        rg_cell_real(&row[3], c->q_group);
        t = rg_result_table(r, "agreement", "Agreement of the two", RG_STYLE_COLUMNS, "a", "b",
                            "nodes", "nmi", "ari", NULL);
        if (t && c->ncmp > 1 && (row = rg_table_row(r, t)) != NULL) {
            rg_cell_text(r, &row[0], "communities (%s)", o->method);
            rg_cell_text(r, &row[1], "grouping by %s", grouping_name(c));
            rg_cell_int(&row[2], (long long)c->ncmp);
            rg_cell_real(&row[3], c->nmi);
            rg_cell_real(&row[4], c->ari);
        }
    }
    free(s);
}

/* The communities: size, groups of the members, ties inside by edge kind,
 * members.  MS is sorted by (cluster, node) on return. */
static void cluster_rows(cctx *c, rg_result *r, memb *ms, const size_t *ties)
{
    const rg_graph *g = c->g;
    size_t nk = g->schema->n_edge_kinds;
    rg_table *t = rg_result_table(r, "clusters", "Communities", RG_STYLE_COLUMNS, "cluster", "size",
                                  "groups", "ties", "members", NULL);
    rg_buf b;
    rg_buf_init(&b);
    rg_sort(ms, c->nrep, sizeof *ms, by_cluster, c);
    for (size_t i = 0; t && i < c->nrep;) {
        size_t j = i;
        while (j < c->nrep && ms[j].cluster == ms[i].cluster)
            j++;
        rg_cell *row = rg_table_row(r, t);
        if (row == NULL)
            break;
        rg_cell_int(&row[0], (long long)ms[i].cluster);
        rg_cell_int(&row[1], (long long)(j - i));
        rg_sort(ms + i, j - i, sizeof *ms, by_group, c);
        rg_buf_clear(&b);
        for (size_t k = i; c->ngroups && k < j;) {
            size_t l = k;
            while (l < j && same_group(&ms[l], &ms[k]))
                l++;
            rg_buf_printf(&b, "%s%s %zu", k > i ? ", " : "",
                          ms[k].group >= 0 ? c->gname[ms[k].group] : "other", l - k);
            k = l;
        }
        rg_cell_str(&row[2], rg_result_buf(r, &b));
        rg_buf_clear(&b);
        for (size_t k = 0, any = 0; k < nk; k++)
            if (ties[ms[i].cluster * nk + k])
                rg_buf_printf(&b, "%s%s %zu", any++ ? ", " : "", g->schema->edge_kinds[k].base.name,
                              ties[ms[i].cluster * nk + k]);
        rg_cell_str(&row[3], rg_result_buf(r, &b));
        rg_sort(ms + i, j - i, sizeof *ms, by_cluster, c);
        rg_buf_clear(&b);
        for (size_t k = i; k < j; k++)
            rg_buf_printf(&b, "%s%s", k > i ? ", " : "", g->nodes[ms[k].node].id);
        rg_cell_str(&row[4], rg_result_buf(r, &b));
        i = j;
    }
    r->oom |= b.oom; /* a text cut short: no answer */
    rg_buf_destroy(&b);
}

/* The groups: members and the communities they fall in. */
static void group_rows(cctx *c, rg_result *r, memb *ms)
{
    const rg_graph *g = c->g;
    rg_table *t = rg_result_table(r, "groups", "Groups", RG_STYLE_COLUMNS, "group", "name", "size",
                                  "clusters", "members", NULL);
    rg_buf b;
    rg_buf_init(&b);
    rg_sort(ms, c->nrep, sizeof *ms, by_group, c);
    for (size_t i = 0; t && i < c->nrep;) {
        size_t j = i;
        while (j < c->nrep && same_group(&ms[j], &ms[i]))
            j++;
        rg_cell *row = rg_table_row(r, t);
        if (row == NULL)
            break;
        long gi = ms[i].group;
        rg_cell_str(&row[0], gi >= 0 ? c->gname[gi] : "(none or several)");
        rg_cell_str(&row[1], gi >= 0 ? c->gtitle[gi] : "");
        rg_cell_int(&row[2], (long long)(j - i));
        rg_buf_clear(&b);
        for (size_t k = i; k < j; k++)
            rg_buf_printf(&b, "%s%s", k > i ? ", " : "", g->nodes[ms[k].node].id);
        rg_cell_str(&row[4], rg_result_buf(r, &b));
        rg_sort(ms + i, j - i, sizeof *ms, by_cluster, c);
        rg_buf_clear(&b);
        for (size_t k = i; k < j;) {
            size_t l = k;
            while (l < j && ms[l].cluster == ms[k].cluster)
                l++;
            rg_buf_printf(&b, "%s%zu: %zu", k > i ? ", " : "", ms[k].cluster, l - k);
            k = l;
        }
        rg_cell_str(&row[3], rg_result_buf(r, &b));
        i = j;
    }
    r->oom |= b.oom; /* a text cut short: no answer */
    rg_buf_destroy(&b);
}

static void cluster_notes(cctx *c, rg_result *r)
{
    const rg_clusters_opts *o = c->o;
    if (strcmp(o->method, "louvain") == 0)
        rg_result_note(r, "communities: louvain on modularity (resolution %g, seed %d)",
                       o->resolution, o->seed);
    else
        rg_result_note(r,
                       "communities: leiden on modularity (resolution %g), the best of %d "
                       "start%s seeded %lu to %lu, each until an iteration gains nothing (at most "
                       "%d)",
                       o->resolution, c->starts_run, c->starts_run == 1 ? "" : "s",
                       (unsigned long)o->seed,
                       (unsigned long)o->seed + (unsigned long)c->starts_run - 1, o->iterations);
    if (c->budget_hit)
        rg_result_note(r,
                       "the work budget (%lld edge passes; raise it with budget) ended the search "
                       "after %d of %d starts",
                       c->budget, c->starts_run, o->starts);
    long long m = (long long)igraph_ecount(&c->lg);
    rg_result_note(r, "linked graph: %zu node%s, %lld link%s (one per pair of entities)", c->nvert,
                   c->nvert == 1 ? "" : "s", m, m == 1 ? "" : "s");
    rg_result_note(r, "modularity of the communities: %.4f (%zu communit%s)", c->q_comm, c->ncomm,
                   c->ncomm == 1 ? "y" : "ies");
    if (c->ngroups == 0) {
        rg_result_note(r, "no grouping (give group_edge or group_attr to compare with one)");
        return;
    }
    rg_result_note(r,
                   "modularity of the grouping by %s: %.4f (%zu groups; nodes outside it count "
                   "as groups of their own)",
                   grouping_name(c), c->q_group, c->ngroups);
    if (c->ncmp > 1)
        rg_result_note(r,
                       "agreement with the grouping over %zu nodes with one group: NMI %.4f, "
                       "adjusted Rand %.4f",
                       c->ncmp, c->nmi, c->ari);
    else
        rg_result_note(r, "too few nodes with one group to compare with the grouping");
    if (c->ent.nentities < c->ent.nnodes)
        rg_result_note(r,
                       "nodes joined by %s taken as one entity (%zu merged); no_merge keeps "
                       "them apart",
                       o->alias_edges, c->ent.nnodes - c->ent.nentities);
}

static rg_status report(cctx *c, rg_result *r, rg_error *err)
{
    const rg_graph *g = c->g;
    size_t nk = g->schema->n_edge_kinds ? g->schema->n_edge_kinds : 1;
    size_t *ties = calloc((c->ncomm + 1) * nk, sizeof *ties);
    memb *ms = malloc((c->nrep ? c->nrep : 1) * sizeof *ms);
    unsigned char *shown = calloc(g->nnodes ? g->nnodes : 1, 1);
    if (!ties || !ms || !shown) {
        free(ties);
        free(ms);
        free(shown);
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t i = 0; i < c->nrep; i++) {
        int64_t v = c->nodes[i];
        ms[i] = (memb){v, c->crank[VECTOR(c->mem)[c->vid[v]]], c->group[v]};
        shown[v] = 1;
    }
    for (size_t e = 0; e < g->nedges; e++) {
        const rg_edge *ed = &g->edges[e];
        int64_t a = c->vid[rg_entity_rep(&c->ent, ed->from)];
        int64_t b = c->vid[rg_entity_rep(&c->ent, ed->to)];
        size_t k = c->crank[VECTOR(c->mem)[a]];
        if (c->ok[ed->kind] && a != b && VECTOR(c->mem)[a] == VECTOR(c->mem)[b] && k)
            ties[k * nk + (size_t)ed->kind]++;
    }
    rg_result_title(
        r, c->ngroups ? "Clusters: communities and the grouping by %s" : "Clusters: communities%s",
        c->ngroups ? grouping_name(c) : "");
    cluster_notes(c, r);
    cluster_rows(c, r, ms, ties);
    if (c->ngroups)
        group_rows(c, r, ms);
    rg_sort(ms, c->nrep, sizeof *ms, by_cluster, c);
    summary(c, r, ms);
    rg_entities_rows(r, g, &c->ent, shown);
    free(ties);
    free(ms);
    free(shown);
    return rg_result_check(r, err);
}

rg_status rg_clusters(const rg_graph *g, const rg_clusters_opts *o, rg_result *r, rg_error *err)
{
    rg_result_init(r, g, "clusters");
    cctx c;
    memset(&c, 0, sizeof c);
    c.g = g;
    rg_status st;
    /* a field a library caller left 0 takes the default the CLI shows, so
     * that the notes say what was done; an attribute given replaces the
     * group edge (which the schema's role usually fills in) */
    rg_clusters_opts eff = *o;
    eff.method = o->method ? o->method : "leiden";
    eff.starts = o->starts > 0 ? o->starts : DEF_STARTS;
    eff.iterations = o->iterations > 0 ? o->iterations : DEF_ITERS;
    eff.budget = o->budget > 0 ? o->budget : DEF_BUDGET;
    if (o->group_attr && o->group_attr[0])
        eff.group_edge = NULL;
    c.o = o = &eff;
    /* three steps for the progress line: the graph, the communities, the comparison */
    rg_progress_begin(g->progress, "clusters: communities", 3, 0);
    if ((st = build(&c, err)) == RG_OK && (st = groups(&c, r, err)) == RG_OK) {
        rg_progress_tick(g->progress, 1);
        if ((st = detect(&c, err)) == RG_OK) {
            rg_progress_tick(g->progress, 1);
            if ((st = number(&c, err)) == RG_OK && (st = compare(&c, err)) == RG_OK)
                st = report(&c, r, err);
        }
    }
    rg_progress_end(g->progress);
    if (c.have_mem)
        igraph_vector_int_destroy(&c.mem);
    if (c.have_lg)
        igraph_destroy(&c.lg);
    rg_entities_destroy(&c.ent);
    free(c.rank);
    free(c.ok);
    free(c.vid);
    free(c.vnode);
    free(c.nodes);
    free(c.group);
    free(c.gname);
    free(c.gtitle);
    free(c.crank);
    if (st != RG_OK)
        rg_result_destroy(r);
    return st;
}

/* ---- its declaration in the registry (rg_registry.h) ---------------------- */

static const rg_param clusters_params[] = {
    ROLE("group_edge", RG_P_EDGE_KIND, RG_ROLE_GROUP_EDGE, rg_clusters_opts, group_edge, NULL, 0,
         "edge kind: node -> its group (region)"),
    ROLE("group_attr", RG_P_NODE_ATTR, NOROLE, rg_clusters_opts, group_attr, "node_kinds", 0,
         "node attribute whose value is the group (instead of group_edge)"),
    ROLE("node_kinds", RG_P_NODE_KINDS, RG_ROLE_BODY_KINDS, rg_clusters_opts, node_kinds, NULL, 0,
         "node kinds clustered (unbound: every kind)"),
    ROLE("skip_edges", RG_P_EDGE_KINDS, RG_ROLE_SKIP_EDGES, rg_clusters_opts, skip_edges, NULL, 0,
         SKIP_HELP),
    ROLE("alias_edges", RG_P_EDGE_KINDS, RG_ROLE_ALIAS_EDGES, rg_clusters_opts, alias_edges, NULL,
         0, ALIAS_HELP),
    {"no_merge", RG_P_FLAG, NOROLE, "false", offsetof(rg_clusters_opts, no_merge), NULL, 0, 0, NULL,
     0, MERGE_HELP},
    {"method", RG_P_CHOICE, NOROLE, "leiden", offsetof(rg_clusters_opts, method), NULL, 0, 0,
     "leiden,louvain", 0, "leiden or louvain"},
    NUM("resolution", RG_P_REAL, "1", rg_clusters_opts, resolution, 0, 1000,
        "modularity resolution (a plain decimal)"),
    NUM("seed", RG_P_INT, "42", rg_clusters_opts, seed, 0, 2147483647.0,
        "seed of the random number generator"),
    NUM("starts", RG_P_INT, TEXT(DEF_STARTS), rg_clusters_opts, starts, 1, 1000,
        "Leiden: seeded starts, the best modularity kept"),
    NUM("iterations", RG_P_INT, TEXT(DEF_ITERS), rg_clusters_opts, iterations, 1, 10000,
        "Leiden: iterations per start"),
    {"budget", RG_P_INT, NOROLE, TEXT(DEF_BUDGET), offsetof(rg_clusters_opts, budget), NULL, 1,
     1e12, NULL, RG_PF_LONG,
     "Leiden: work budget, in edge passes (links x iterations, all starts)"},
    END};

static rg_status run_clusters(const rg_graph *g, const void *o, rg_result *r, rg_error *err)
{
    return rg_clusters(g, o, r, err);
}

const rg_analysis_def rg_clusters_def = {
    "clusters",
    "communities against a grouping, with modularity",
    "Finds communities on the linked graph (igraph Leiden on modularity, bounded\n"
    "iterations from several seeded starts, the best kept; or Louvain) and\n"
    "compares them with a grouping: by an edge kind to a group node (group_edge)\n"
    "or by a node attribute (group_attr, which replaces group_edge), or none.\n"
    "For each partition: its modularity, number of groups and sizes; between\n"
    "them NMI and adjusted Rand.  Nodes joined by alias edges are one entity.",
    clusters_params,
    sizeof(rg_clusters_opts),
    offsetof(rg_clusters_opts, subset),
    run_clusters,
    "cluster, size, regions, ties, members",
    5};
