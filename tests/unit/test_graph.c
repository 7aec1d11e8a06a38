/* test_graph.c: unit tests of src/graph and src/load: dates, loading from
 * memory, positions of errors, name resolution, the igraph mirror. */
#include <check.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "graph/rg_graph.h"
#include "graph/rg_incid.h"
#include "load/rg_load.h"

static const char *schema =
    "{\"relgraph_schema\": 1,"
    " \"provenance\": {\"required\": false},"
    " \"node_kinds\": {\"org\": {\"attributes\": {\"short\": {\"type\": \"string\", \"name\": "
    "true},"
    "                                             \"founded\": {\"type\": \"date\"}}},"
    "                 \"human\": {\"attributes\": {}}},"
    " \"edge_kinds\": {\"knows\": {\"from\": [\"human\"], \"to\": [\"human\", \"org\"],"
    "                             \"verb\": \"knows\", \"inverse\": \"is known by\"}}}";

static rg_graph *load(const char *nodes, const char *edges, rg_diags *d)
{
    char text[8192];
    snprintf(text, sizeof text,
             "{\"relgraph\": 1, \"schema\": %s,\n\"nodes\": [%s],\n\"edges\": [%s]}", schema, nodes,
             edges);
    rg_graph *g = NULL;
    rg_error err;
    rg_load_buffer("mem.json", text, strlen(text), NULL, &g, d, &err);
    return g;
}

START_TEST(dates_parse_partial_and_reject_impossible)
{
    rg_date d;
    ck_assert_int_eq(rg_date_parse("2015", &d), 0);
    ck_assert_int_eq(d.year, 2015);
    ck_assert_int_eq(d.month, 0);
    ck_assert_int_eq(rg_date_parse("2015-11", &d), 0);
    ck_assert_int_eq(d.month, 11);
    ck_assert_int_eq(rg_date_parse("2016-02-29", &d), 0);
    ck_assert_int_eq(rg_date_parse("2015-02-29", &d), -1);
    ck_assert_int_eq(rg_date_parse("2015-13", &d), -1);
    ck_assert_int_eq(rg_date_parse("30 October 2015", &d), -1);
    ck_assert_int_eq(rg_date_parse("", &d), -1);
    rg_date a = {2015, 0, 0}, b = {2015, 1, 1}, c = {2014, 12, 31};
    ck_assert_int_eq(rg_date_cmp(a, b), 0);
    ck_assert_int_gt(rg_date_cmp(a, c), 0);
    char buf[16];
    rg_date_format((rg_date){2015, 11, 0}, buf, sizeof buf);
    ck_assert_str_eq(buf, "2015-11");
}
END_TEST

START_TEST(loads_and_mirrors_in_igraph)
{
    rg_diags d;
    rg_diags_init(&d, 50);
    rg_graph *g =
        load("{\"id\": \"a\", \"kind\": \"org\", \"name\": \"Alpha Org\", \"short\": \"AO\"},"
             "{\"id\": \"h\", \"kind\": \"human\", \"name\": \"Harriet\"}",
             "{\"from\": \"h\", \"to\": \"a\", \"kind\": \"knows\"}", &d);
    ck_assert_ptr_nonnull(g);
    ck_assert_uint_eq(d.count, 0);
    ck_assert_uint_eq(g->nnodes, 2);
    ck_assert_int_eq(igraph_vcount(&g->ig), 2);
    ck_assert_int_eq(igraph_ecount(&g->ig), 1);
    igraph_integer_t from, to;
    igraph_edge(&g->ig, 0, &from, &to);
    ck_assert_int_eq(from, 1);
    ck_assert_int_eq(to, 0);
    ck_assert_str_eq(rg_node_label(g, &g->nodes[0]), "AO");
    rg_graph_free(g);
    rg_diags_destroy(&d);
}
END_TEST

START_TEST(errors_carry_positions)
{
    rg_diags d;
    rg_diags_init(&d, 50);
    rg_graph *g =
        load("{\"id\": \"a\", \"kind\": \"org\", \"name\": \"A\", \"founded\": \"2015-02-30\"}",
             "{\"from\": \"zz\", \"to\": \"a\", \"kind\": \"knows\"}", &d);
    ck_assert_ptr_null(g);
    ck_assert_uint_eq(d.count, 2);
    ck_assert_int_eq(d.items[0].line, 2);
    ck_assert_int_eq(d.items[0].column, 62);
    ck_assert_ptr_nonnull(strstr(d.items[0].text, "not a date"));
    ck_assert_int_eq(d.items[1].line, 3);
    ck_assert_int_eq(d.items[1].column, 20);
    ck_assert_ptr_nonnull(strstr(d.items[1].text, "unknown node 'zz'"));
    rg_diags_destroy(&d);
}
END_TEST

START_TEST(columns_count_characters_not_bytes)
{
    rg_diags d;
    rg_diags_init(&d, 50);
    /* "é" and "漢" are several bytes each; the error column counts characters. */
    rg_graph *g =
        load("{\"id\": \"a\", \"kind\": \"org\", \"name\": \"é漢\", \"founded\": 7}", "", &d);
    ck_assert_ptr_null(g);
    ck_assert_uint_eq(d.count, 1);
    ck_assert_int_eq(d.items[0].column, 63); /* 66 if bytes were counted */
    rg_diags_destroy(&d);
}
END_TEST

START_TEST(resolves_names_case_insensitively)
{
    rg_diags d;
    rg_diags_init(&d, 50);
    rg_graph *g =
        load("{\"id\": \"a\", \"kind\": \"org\", \"name\": \"Alpha  Org\", \"short\": \"AO\","
             " \"aliases\": [\"The Alpha\"]},"
             "{\"id\": \"b\", \"kind\": \"org\", \"name\": \"Beta\", \"short\": \"AO\"},"
             "{\"id\": \"h\", \"kind\": \"human\", \"name\": \"Harriet\"}",
             "", &d);
    ck_assert_ptr_nonnull(g);
    int64_t n = -1;
    rg_error e;
    ck_assert_int_eq(rg_graph_resolve(g, "alpha org", &n, &e), RG_OK);
    ck_assert_int_eq(n, 0);
    ck_assert_int_eq(rg_graph_resolve(g, "THE ALPHA", &n, &e), RG_OK);
    ck_assert_int_eq(n, 0);
    ck_assert_int_eq(rg_graph_resolve(g, "B", &n, &e), RG_OK);
    ck_assert_int_eq(n, 1);
    ck_assert_int_eq(rg_graph_resolve(g, "ao", &n, &e), RG_EAMBIGUOUS);
    ck_assert_ptr_nonnull(strstr(e.text, "Alpha  Org (org, id 'a')"));
    ck_assert_ptr_nonnull(strstr(e.text, "Beta (org, id 'b')"));
    ck_assert_int_eq(rg_graph_resolve(g, "Hariet", &n, &e), RG_ENOTFOUND);
    ck_assert_ptr_nonnull(strstr(e.text, "did you mean 'harriet'"));
    rg_graph_free(g);
    rg_diags_destroy(&d);
}
END_TEST

/* rg_incid reads igraph's index in place in the order of
 * igraph_inclist_init(ALL, LOOPS_ONCE), with each edge's other end: gaps stops at a count, so its
 * answers depend on that order.  Random multigraphs with loops and parallel edges both ways. */
START_TEST(incident_order_matches_igraph)
{
    uint64_t x = 88172645463325252ULL;
    for (int round = 0; round < 200; round++) {
        igraph_integer_t n = 1 + round % 23, m = round * 3;
        igraph_vector_int_t el;
        ck_assert_int_eq(igraph_vector_int_init(&el, 2 * m), IGRAPH_SUCCESS);
        for (igraph_integer_t i = 0; i < 2 * m; i++) {
            x ^= x << 13, x ^= x >> 7, x ^= x << 17;
            VECTOR(el)[i] = (igraph_integer_t)(x % (uint64_t)n);
        }
        igraph_t g;
        igraph_inclist_t il;
        ck_assert_int_eq(igraph_create(&g, &el, n, IGRAPH_DIRECTED), IGRAPH_SUCCESS);
        ck_assert_int_eq(igraph_inclist_init(&g, &il, IGRAPH_ALL, IGRAPH_LOOPS_ONCE),
                         IGRAPH_SUCCESS);
        for (igraph_integer_t v = 0; v < n; v++) {
            igraph_vector_int_t *inc = igraph_inclist_get(&il, v);
            rg_incid it;
            rg_incid_start(&it, &g, v);
            int64_t e;
            igraph_integer_t k = 0;
            while (rg_incid_next(&it, &e)) {
                ck_assert_int_lt(k, igraph_vector_int_size(inc));
                ck_assert_int_eq(e, VECTOR(*inc)[k]);
                /* and the other end, as IGRAPH_OTHER gives it */
                ck_assert_int_eq(it.nbr, IGRAPH_OTHER(&g, e, v));
                k++;
            }
            ck_assert_int_eq(k, igraph_vector_int_size(inc));
        }
        igraph_inclist_destroy(&il);
        igraph_destroy(&g);
        igraph_vector_int_destroy(&el);
    }
}
END_TEST

START_TEST(igraph_errors_become_statuses)
{
    rg_library_init();
    igraph_t g;
    igraph_vector_int_t e;
    igraph_vector_int_init(&e, 3); /* an odd edge list: igraph reports an error */
    VECTOR(e)[0] = 0;
    VECTOR(e)[1] = 1;
    VECTOR(e)[2] = 1;
    igraph_error_t rc = igraph_create(&g, &e, 2, IGRAPH_DIRECTED);
    igraph_vector_int_destroy(&e);
    rg_error err;
    ck_assert_int_ne(rc, IGRAPH_SUCCESS);
    ck_assert_int_eq(rg_igraph_check(rc, &err), RG_EIGRAPH);
    ck_assert_ptr_nonnull(strstr(err.text, "igraph"));
}
END_TEST

int main(void)
{
    Suite *s = suite_create("graph");
    TCase *tc = tcase_create("graph");
    /* Check's default of 4 s is too short on a loaded 2-core machine and
     * under the sanitizers: a timeout would be a false failure. */
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, dates_parse_partial_and_reject_impossible);
    tcase_add_test(tc, loads_and_mirrors_in_igraph);
    tcase_add_test(tc, errors_carry_positions);
    tcase_add_test(tc, columns_count_characters_not_bytes);
    tcase_add_test(tc, resolves_names_case_insensitively);
    tcase_add_test(tc, igraph_errors_become_statuses);
    tcase_add_test(tc, incident_order_matches_igraph);
    suite_add_tcase(s, tc);
    return rg_run_suite(s);
}
