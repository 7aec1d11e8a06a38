/* test_btw.c: relgraph's betweenness (src/analysis/rg_btw.c) against
 * igraph_betweenness_cutoff, exact and at several cutoffs, on graphs with
 * the shapes that its short cuts rely on (leaves and their neighbours, two
 * vertices alone, isolated vertices, stars, paths, grids with many shortest
 * paths, several components, random graphs); the same bits whatever the
 * number of threads; the work budget; and a catalogue with self-loops and
 * links stated twice, through the quotient. */
#include <check.h>
#include <igraph.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/rg_analysis.h"
#include "analysis/rg_btw.h"
#include "check_main.h"
#include "load/rg_load.h"

/* A graph as an edge list (loops and repeated edges allowed) and the
 * compressed adjacency rg_btw reads: each list ascending, each neighbour
 * once, no loops. */
typedef struct tgraph {
    size_t n, m;
    uint32_t *ends; /* 2m */
    uint32_t *start, *adj;
} tgraph;

static void tg_init(tgraph *t, size_t n)
{
    memset(t, 0, sizeof *t);
    t->n = n;
}

static void tg_edge(tgraph *t, uint32_t a, uint32_t b)
{
    t->ends = realloc(t->ends, (2 * t->m + 2) * sizeof *t->ends);
    ck_assert_ptr_nonnull(t->ends);
    t->ends[2 * t->m] = a;
    t->ends[2 * t->m + 1] = b;
    t->m++;
}

static int u32cmp(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

static void tg_csr(tgraph *t)
{
    uint32_t *deg = calloc(t->n + 1, sizeof *deg);
    t->start = calloc(t->n + 1, sizeof *t->start);
    t->adj = malloc((2 * t->m + 1) * sizeof *t->adj);
    uint32_t *fill = calloc(t->n + 1, sizeof *fill);
    for (size_t i = 0; i < t->m; i++)
        if (t->ends[2 * i] != t->ends[2 * i + 1]) {
            deg[t->ends[2 * i]]++;
            deg[t->ends[2 * i + 1]]++;
        }
    for (size_t v = 0; v < t->n; v++)
        fill[v + 1] = fill[v] + deg[v];
    for (size_t i = 0; i < t->m; i++) {
        uint32_t a = t->ends[2 * i], b = t->ends[2 * i + 1];
        if (a != b) {
            t->adj[fill[a]++] = b;
            t->adj[fill[b]++] = a;
        }
    }
    uint32_t w = 0, lo = 0;
    for (size_t v = 0; v < t->n; v++) { /* sort each list, drop repeats */
        uint32_t hi = lo + deg[v];
        qsort(t->adj + lo, hi - lo, sizeof *t->adj, u32cmp);
        t->start[v] = w;
        for (uint32_t k = lo; k < hi; k++)
            if (k == lo || t->adj[k] != t->adj[k - 1])
                t->adj[w++] = t->adj[k];
        lo = hi;
    }
    t->start[t->n] = w;
    free(deg);
    free(fill);
}

static void tg_destroy(tgraph *t)
{
    free(t->ends);
    free(t->start);
    free(t->adj);
}

/* igraph's betweenness of the simple graph of T (loops and repeats
 * dropped, as the quotient drops them). */
static double *igraph_values(const tgraph *t, int cutoff)
{
    igraph_vector_int_t ev;
    igraph_t g;
    igraph_vector_t res;
    ck_assert_int_eq(igraph_vector_int_init(&ev, (igraph_integer_t)(2 * t->m)), IGRAPH_SUCCESS);
    for (size_t i = 0; i < 2 * t->m; i++)
        VECTOR(ev)[i] = t->ends[i];
    ck_assert_int_eq(igraph_create(&g, &ev, (igraph_integer_t)t->n, IGRAPH_UNDIRECTED),
                     IGRAPH_SUCCESS);
    ck_assert_int_eq(igraph_simplify(&g, 1, 1, NULL), IGRAPH_SUCCESS);
    ck_assert_int_eq(igraph_vector_init(&res, 0), IGRAPH_SUCCESS);
    ck_assert_int_eq(igraph_betweenness_cutoff(&g, &res, igraph_vss_all(), IGRAPH_UNDIRECTED, NULL,
                                               cutoff > 0 ? cutoff : -1),
                     IGRAPH_SUCCESS);
    double *out = malloc((t->n + 1) * sizeof *out);
    for (size_t v = 0; v < t->n; v++)
        out[v] = VECTOR(res)[v];
    igraph_vector_destroy(&res);
    igraph_destroy(&g);
    igraph_vector_int_destroy(&ev);
    return out;
}

static double *ours(const tgraph *t, int cutoff, int threads)
{
    double *out = malloc((t->n + 1) * sizeof *out);
    rg_btw_in in = {t->n, t->start, t->adj, cutoff, threads, 0, NULL};
    rg_error err;
    ck_assert_ptr_nonnull(out);
    ck_assert_int_eq(rg_btw(&in, out, NULL, &err), RG_OK);
    return out;
}

/* Each vertex within a relative 1e-12 of igraph's (igraph adds in another
 * order: the last bits differ), for every cutoff up to 5 and exact. */
static void agrees(const char *name, tgraph *t)
{
    tg_csr(t);
    static const int cutoffs[] = {0, 1, 2, 3, 4, 5};
    for (size_t c = 0; c < sizeof cutoffs / sizeof *cutoffs; c++) {
        double *want = igraph_values(t, cutoffs[c]), *got = ours(t, cutoffs[c], 2);
        for (size_t v = 0; v < t->n; v++) {
            double tol = 1e-12 * fmax(fabs(want[v]), 1.0);
            ck_assert_msg(fabs(got[v] - want[v]) <= tol,
                          "%s, cutoff %d: vertex %zu: ours %.17g, igraph %.17g", name, cutoffs[c],
                          v, got[v], want[v]);
        }
        free(want);
        free(got);
    }
    tg_destroy(t);
}

/* A deterministic generator (no libc rand: the same graphs everywhere). */
static uint32_t next_rand(uint64_t *s)
{
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (uint32_t)(*s >> 33);
}

/* N vertices, M random edges (loops and repeats among them), then a leaf
 * or two on some vertices. */
static void random_graph(tgraph *t, size_t n, size_t m, uint64_t seed)
{
    tg_init(t, n);
    for (size_t i = 0; i < m; i++)
        tg_edge(t, next_rand(&seed) % (uint32_t)(n * 3 / 4),
                next_rand(&seed) % (uint32_t)(n * 3 / 4));
    for (uint32_t v = (uint32_t)(n * 3 / 4); v < n; v++) /* leaves, some sharing a vertex */
        tg_edge(t, v, next_rand(&seed) % 8);
}

START_TEST(shapes_agree_with_igraph)
{
    tgraph t;
    tg_init(&t, 0);
    agrees("no vertex", &t);
    tg_init(&t, 1);
    agrees("one vertex", &t);
    tg_init(&t, 2);
    tg_edge(&t, 0, 1);
    agrees("two vertices alone", &t);
    tg_init(&t, 9); /* a star: the centre and eight leaves */
    for (uint32_t v = 1; v < 9; v++)
        tg_edge(&t, 0, v);
    agrees("star", &t);
    tg_init(&t, 12);
    for (uint32_t v = 0; v + 1 < 12; v++)
        tg_edge(&t, v, v + 1);
    agrees("path", &t);
    tg_init(&t, 36); /* a grid: many shortest paths between corners */
    for (uint32_t v = 0; v < 36; v++) {
        if (v % 6 < 5)
            tg_edge(&t, v, v + 1);
        if (v < 30)
            tg_edge(&t, v, v + 6);
    }
    agrees("grid", &t);
    tg_init(&t, 17); /* three components, a triangle, isolated vertices */
    for (uint32_t v = 0; v + 1 < 6; v++)
        tg_edge(&t, v, v + 1);
    tg_edge(&t, 6, 7);
    tg_edge(&t, 7, 8);
    tg_edge(&t, 8, 6);
    tg_edge(&t, 8, 9);
    tg_edge(&t, 8, 10);
    tg_edge(&t, 12, 13);
    agrees("disconnected", &t);
    tg_init(&t, 6); /* loops and an edge stated three times */
    tg_edge(&t, 0, 0);
    tg_edge(&t, 0, 1);
    tg_edge(&t, 1, 0);
    tg_edge(&t, 0, 1);
    tg_edge(&t, 1, 2);
    tg_edge(&t, 2, 2);
    tg_edge(&t, 2, 3);
    tg_edge(&t, 3, 4);
    tg_edge(&t, 4, 5);
    tg_edge(&t, 5, 1);
    agrees("loops and repeats", &t);
}
END_TEST

START_TEST(random_graphs_agree_with_igraph)
{
    static const size_t sizes[][2] = {{40, 60}, {200, 300}, {300, 1500}, {500, 600}};
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        tgraph t;
        random_graph(&t, sizes[i][0], sizes[i][1], 7 + i);
        agrees("random", &t);
    }
}
END_TEST

/* The same bits from 1, 2, 3 and 7 threads: the sums are exact. */
START_TEST(threads_do_not_change_a_bit)
{
    tgraph t;
    random_graph(&t, 3000, 6000, 99);
    tg_csr(&t);
    static const int cutoffs[] = {0, 3};
    for (size_t c = 0; c < 2; c++) {
        double *one = ours(&t, cutoffs[c], 1);
        static const int threads[] = {2, 3, 7};
        for (size_t k = 0; k < 3; k++) {
            double *many = ours(&t, cutoffs[c], threads[k]);
            ck_assert_msg(memcmp(one, many, t.n * sizeof *one) == 0,
                          "cutoff %d: %d threads differ from one", cutoffs[c], threads[k]);
            free(many);
        }
        free(one);
    }
    tg_destroy(&t);
}
END_TEST

/* The budget is the adjacency entries read: a run that reads S entries
 * passes with a budget of S and fails with S - 1, exact (before it starts:
 * no progress) and at a cutoff. */
START_TEST(budget_counts_steps)
{
    tgraph t;
    random_graph(&t, 400, 800, 5);
    tg_csr(&t);
    double *out = malloc(t.n * sizeof *out);
    for (int cutoff = 0; cutoff <= 3; cutoff += 3) {
        rg_btw_in in = {t.n, t.start, t.adj, cutoff, 2, 0, NULL};
        rg_btw_stats s;
        rg_error err;
        ck_assert_int_eq(rg_btw(&in, out, &s, &err), RG_OK);
        ck_assert_uint_gt(s.steps, 0);
        uint64_t need = s.steps;
        in.max_steps = need;
        ck_assert_int_eq(rg_btw(&in, out, &s, &err), RG_OK);
        in.max_steps = need - 1;
        rg_progress p;
        rg_progress_init(&p, NULL, NULL);
        rg_progress_begin(&p, "betweenness", t.n, 0);
        in.progress = &p;
        ck_assert_int_eq(rg_btw(&in, out, &s, &err), RG_ELIMIT);
        if (cutoff == 0) {
            ck_assert_uint_eq(s.steps, need);
            ck_assert_uint_eq(p.done, 0);
        }
        rg_progress_end(&p);
    }
    free(out);
    tg_destroy(&t);
}
END_TEST

/* A catalogue with a self-loop, a link stated twice (either way) and two
 * rows of one entity: the quotient's adjacency through rg_btw gives
 * igraph's betweenness of the quotient's igraph graph, and central's
 * components and degrees are the quotient's. */
START_TEST(catalogue_quotient_agrees_with_igraph)
{
    static const char text[] =
        "{\"relgraph\": 1, \"schema\": {\"relgraph_schema\": 1,"
        " \"node_kinds\": {\"org\": {}, \"person\": {}},"
        " \"edge_kinds\": {"
        "  \"member_of\": {\"from\": [\"person\", \"org\"], \"to\": [\"org\"]},"
        "  \"knows\": {\"from\": [\"person\"], \"to\": [\"person\"]},"
        "  \"same_as\": {\"from\": [\"org\"], \"to\": [\"org\"]}}},"
        " \"nodes\": ["
        "  {\"id\": \"a\", \"kind\": \"org\", \"name\": \"A\"},"
        "  {\"id\": \"a2\", \"kind\": \"org\", \"name\": \"A again\"},"
        "  {\"id\": \"b\", \"kind\": \"org\", \"name\": \"B\"},"
        "  {\"id\": \"p\", \"kind\": \"person\", \"name\": \"P\"},"
        "  {\"id\": \"q\", \"kind\": \"person\", \"name\": \"Q\"},"
        "  {\"id\": \"r\", \"kind\": \"person\", \"name\": \"R\"},"
        "  {\"id\": \"s\", \"kind\": \"person\", \"name\": \"S\"}],"
        " \"edges\": ["
        "  {\"from\": \"a\", \"to\": \"a2\", \"kind\": \"same_as\"},"
        "  {\"from\": \"p\", \"to\": \"a\", \"kind\": \"member_of\"},"
        "  {\"from\": \"p\", \"to\": \"a2\", \"kind\": \"member_of\"},"
        "  {\"from\": \"p\", \"to\": \"a\", \"kind\": \"member_of\"},"
        "  {\"from\": \"q\", \"to\": \"a2\", \"kind\": \"member_of\"},"
        "  {\"from\": \"q\", \"to\": \"b\", \"kind\": \"member_of\"},"
        "  {\"from\": \"r\", \"to\": \"b\", \"kind\": \"member_of\"},"
        "  {\"from\": \"s\", \"to\": \"s\", \"kind\": \"knows\"},"
        "  {\"from\": \"r\", \"to\": \"q\", \"kind\": \"knows\"},"
        "  {\"from\": \"q\", \"to\": \"r\", \"kind\": \"knows\"}]}";
    rg_graph *g;
    rg_error err;
    ck_assert_msg(rg_load_buffer("t.json", text, sizeof text - 1, NULL, &g, NULL, &err) == RG_OK,
                  "%s", err.text);
    rg_entities e;
    unsigned char *ok;
    rg_quotient q;
    ck_assert_int_eq(rg_topology_init(g, "", "same_as", 0, &e, &ok, &err), RG_OK);
    ck_assert_int_eq(rg_quotient_init(g, ok, &e, RG_Q_ADJ | RG_Q_IGRAPH, &q, &err), RG_OK);
    ck_assert_uint_eq(q.n, 6);
    for (int cutoff = 0; cutoff <= 2; cutoff++) {
        igraph_vector_t res;
        ck_assert_int_eq(igraph_vector_init(&res, 0), IGRAPH_SUCCESS);
        ck_assert_int_eq(igraph_betweenness_cutoff(&q.ig, &res, igraph_vss_all(), IGRAPH_UNDIRECTED,
                                                   NULL, cutoff ? cutoff : -1),
                         IGRAPH_SUCCESS);
        double out[6];
        rg_btw_in in = {q.n, q.adj_start, q.adj, cutoff, 0, 0, NULL};
        ck_assert_int_eq(rg_btw(&in, out, NULL, &err), RG_OK);
        for (size_t v = 0; v < q.n; v++)
            ck_assert_double_eq_tol(out[v], VECTOR(res)[v], 1e-12);
        igraph_vector_destroy(&res);
    }
    igraph_integer_t ncomp;
    ck_assert_int_eq(igraph_connected_components(&q.ig, NULL, NULL, &ncomp, IGRAPH_WEAK),
                     IGRAPH_SUCCESS);
    ck_assert_uint_eq(rg_btw_components(q.n, q.adj_start, q.adj), (size_t)ncomp);
    igraph_vector_int_t deg;
    ck_assert_int_eq(igraph_vector_int_init(&deg, 0), IGRAPH_SUCCESS);
    ck_assert_int_eq(igraph_degree(&q.ig, &deg, igraph_vss_all(), IGRAPH_ALL, IGRAPH_LOOPS),
                     IGRAPH_SUCCESS);
    for (size_t v = 0; v < q.n; v++)
        ck_assert_int_eq(q.adj_start[v + 1] - q.adj_start[v], VECTOR(deg)[v]);
    igraph_vector_int_destroy(&deg);
    rg_quotient_destroy(&q);
    rg_entities_destroy(&e);
    free(ok);
    rg_graph_free(g);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("btw");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, shapes_agree_with_igraph);
    tcase_add_test(tc, random_graphs_agree_with_igraph);
    tcase_add_test(tc, threads_do_not_change_a_bit);
    tcase_add_test(tc, budget_counts_steps);
    tcase_add_test(tc, catalogue_quotient_agrees_with_igraph);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    rg_library_init();
    return rg_run_suite(suite());
}
