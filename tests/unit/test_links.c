/* test_links.c: unit tests of src/analysis/rg_links: shortest connections,
 * bounded simple paths, filters, caps, determinism and wording. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/rg_links.h"
#include "check_main.h"
#include "load/rg_load.h"

/* a -- p -- b, a -- q -- b (two people), a -- m -- b (an agreement),
 * a -- b via region r (not in paths), and a longer a -- x -- y -- b. */
static const char *text =
    "{\"relgraph\": 1, \"schema\": {\"relgraph_schema\": 1,"
    " \"node_kinds\": {\"org\": {}, \"person\": {}, \"doc\": {}, \"region\": {}},"
    " \"edge_kinds\": {"
    "  \"works_for\": {\"from\": [\"person\"], \"to\": [\"org\"], \"verb\": \"works for\", "
    "\"inverse\": \"employs\","
    "                 \"detail\": [\"title\"], \"attributes\": {\"title\": {\"type\": "
    "\"string\"}}},"
    "  \"member_of\": {\"from\": [\"person\", \"org\"], \"to\": [\"org\"], \"verb\": \"is a member "
    "of\", \"inverse\": \"has as a member\"},"
    "  \"party_to\": {\"from\": [\"org\"], \"to\": [\"doc\"]},"
    "  \"in_region\": {\"from\": [\"org\"], \"to\": [\"region\"], \"in_paths\": false}}},"
    " \"nodes\": ["
    "  {\"id\": \"a\", \"kind\": \"org\", \"name\": \"A\"}, {\"id\": \"b\", \"kind\": \"org\", "
    "\"name\": \"B\"},"
    "  {\"id\": \"q\", \"kind\": \"person\", \"name\": \"Q\"}, {\"id\": \"p\", \"kind\": "
    "\"person\", \"name\": \"P\"},"
    "  {\"id\": \"m\", \"kind\": \"doc\", \"name\": \"M\"}, {\"id\": \"r\", \"kind\": \"region\", "
    "\"name\": \"R\"},"
    "  {\"id\": \"x\", \"kind\": \"org\", \"name\": \"X\"}, {\"id\": \"y\", \"kind\": \"org\", "
    "\"name\": \"Y\"}],"
    " \"edges\": ["
    "  {\"from\": \"q\", \"to\": \"a\", \"kind\": \"works_for\", \"title\": \"VP\"},"
    "  {\"from\": \"q\", \"to\": \"b\", \"kind\": \"member_of\"},"
    "  {\"from\": \"p\", \"to\": \"a\", \"kind\": \"works_for\"},"
    "  {\"from\": \"p\", \"to\": \"b\", \"kind\": \"member_of\"},"
    "  {\"from\": \"a\", \"to\": \"m\", \"kind\": \"party_to\"},"
    "  {\"from\": \"b\", \"to\": \"m\", \"kind\": \"party_to\"},"
    "  {\"from\": \"a\", \"to\": \"r\", \"kind\": \"in_region\"},"
    "  {\"from\": \"b\", \"to\": \"r\", \"kind\": \"in_region\"},"
    "  {\"from\": \"a\", \"to\": \"x\", \"kind\": \"member_of\"},"
    "  {\"from\": \"x\", \"to\": \"y\", \"kind\": \"member_of\"},"
    "  {\"from\": \"y\", \"to\": \"b\", \"kind\": \"member_of\"}]}";

static rg_graph *g;

static void setup(void)
{
    rg_error err;
    ck_assert_int_eq(rg_load_buffer("t.json", text, strlen(text), NULL, &g, NULL, &err), RG_OK);
}

static void teardown(void)
{
    rg_graph_free(g);
}

static const char *via(const rg_links_result *r, size_t i)
{
    static char buf[256];
    buf[0] = '\0';
    for (size_t k = 0; k <= r->paths[i].hops; k++) {
        strcat(buf, g->nodes[r->paths[i].nodes[k]].id);
        if (k < r->paths[i].hops)
            strcat(buf, "-");
    }
    return buf;
}

START_TEST(all_shortest_in_id_order)
{
    rg_links_result r;
    rg_error err;
    ck_assert_int_eq(rg_links(g, 0, 1, NULL, &r, &err), RG_OK);
    ck_assert_int_eq(r.distance, 2);
    ck_assert_uint_eq(r.npaths, 3); /* via m, p, q; not via the region */
    ck_assert_str_eq(via(&r, 0), "a-m-b");
    ck_assert_str_eq(via(&r, 1), "a-p-b");
    ck_assert_str_eq(via(&r, 2), "a-q-b");
    ck_assert(!r.truncated);
    rg_links_result_destroy(&r);
}
END_TEST

START_TEST(filters_by_node_and_edge_kind)
{
    uint64_t people = 0, docs = 0, regions = 0;
    rg_bit_set(&people, (size_t)rg_schema_node_kind(g->schema, "person"));
    rg_bit_set(&docs, (size_t)rg_schema_node_kind(g->schema, "doc"));
    rg_bit_set(&regions, (size_t)rg_schema_edge_kind(g->schema, "in_region"));
    rg_links_opts o;
    memset(&o, 0, sizeof o);
    o.only_nodes = &people;
    rg_links_result r;
    rg_error err;
    ck_assert_int_eq(rg_links(g, 0, 1, &o, &r, &err), RG_OK);
    ck_assert_uint_eq(r.npaths, 2);
    ck_assert_str_eq(via(&r, 0), "a-p-b");
    rg_links_result_destroy(&r);

    memset(&o, 0, sizeof o);
    o.skip_nodes = &docs;
    ck_assert_int_eq(rg_links(g, 0, 1, &o, &r, &err), RG_OK);
    ck_assert_uint_eq(r.npaths, 2);
    ck_assert_str_eq(via(&r, 1), "a-q-b");
    rg_links_result_destroy(&r);

    memset(&o, 0, sizeof o);
    o.only_edges = &regions; /* an in_paths:false kind is followed when named */
    ck_assert_int_eq(rg_links(g, 0, 1, &o, &r, &err), RG_OK);
    ck_assert_uint_eq(r.npaths, 1);
    ck_assert_str_eq(via(&r, 0), "a-r-b");
    rg_links_result_destroy(&r);
}
END_TEST

/* A search stopped by its step budget says its answer may be incomplete in
 * both flags: callers of the library read `truncated` alone. */
START_TEST(step_budget_sets_truncated_and_out_of_steps)
{
    rg_links_opts o;
    memset(&o, 0, sizeof o);
    o.max_hops = 3;
    o.max_steps = 1;
    rg_links_result r;
    rg_error err;
    ck_assert_int_eq(rg_links(g, 0, 1, &o, &r, &err), RG_OK);
    ck_assert(r.out_of_steps);
    ck_assert(r.truncated);
    rg_links_result_destroy(&r);
}
END_TEST

START_TEST(max_hops_lists_longer_paths_shortest_first)
{
    rg_links_opts o;
    memset(&o, 0, sizeof o);
    o.max_hops = 3;
    rg_links_result r;
    rg_error err;
    ck_assert_int_eq(rg_links(g, 0, 1, &o, &r, &err), RG_OK);
    ck_assert_uint_eq(r.npaths, 4);
    ck_assert_str_eq(via(&r, 3), "a-x-y-b");
    o.max_hops = 2;
    rg_links_result_destroy(&r);
    ck_assert_int_eq(rg_links(g, 0, 1, &o, &r, &err), RG_OK);
    ck_assert_uint_eq(r.npaths, 3);
    rg_links_result_destroy(&r);
}
END_TEST

START_TEST(cap_sets_truncated)
{
    rg_links_opts o;
    memset(&o, 0, sizeof o);
    o.max_paths = 2;
    rg_links_result r;
    rg_error err;
    ck_assert_int_eq(rg_links(g, 0, 1, &o, &r, &err), RG_OK);
    ck_assert_uint_eq(r.npaths, 2);
    ck_assert(r.truncated);
    rg_links_result_destroy(&r);
}
END_TEST

START_TEST(unconnected_has_no_distance)
{
    uint64_t none = 0;
    rg_bit_set(&none, (size_t)rg_schema_edge_kind(g->schema, "party_to"));
    rg_links_opts o;
    memset(&o, 0, sizeof o);
    o.only_edges = &none;
    rg_links_result r;
    rg_error err;
    /* p is a person: no party_to edge reaches it */
    ck_assert_int_eq(rg_links(g, 0, 3, &o, &r, &err), RG_OK);
    ck_assert_int_eq(r.distance, -1);
    ck_assert_uint_eq(r.npaths, 0);
    rg_links_result_destroy(&r);
}
END_TEST

START_TEST(sentences_use_verb_or_inverse_by_direction)
{
    rg_links_result r;
    rg_error err;
    ck_assert_int_eq(rg_links(g, 0, 1, NULL, &r, &err), RG_OK);
    rg_buf b;
    rg_buf_init(&b);
    rg_links_sentence(g, &r.paths[2], 0, &b); /* a -> q: q works_for a, walked backwards */
    ck_assert_str_eq(rg_buf_str(&b), "A employs Q (title: VP) [no source]");
    rg_buf_clear(&b);
    rg_links_sentence(g, &r.paths[2], 1, &b);
    ck_assert_str_eq(rg_buf_str(&b), "Q is a member of B [no source]");
    rg_buf_destroy(&b);
    rg_links_result_destroy(&r);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("links");
    TCase *tc = tcase_create("links");
    /* Check's default of 4 s is too short on a loaded 2-core machine and
     * under the sanitizers: a timeout would be a false failure. */
    tcase_set_timeout(tc, 120);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, all_shortest_in_id_order);
    tcase_add_test(tc, filters_by_node_and_edge_kind);
    tcase_add_test(tc, max_hops_lists_longer_paths_shortest_first);
    tcase_add_test(tc, cap_sets_truncated);
    tcase_add_test(tc, step_budget_sets_truncated_and_out_of_steps);
    tcase_add_test(tc, unconnected_has_no_distance);
    tcase_add_test(tc, sentences_use_verb_or_inverse_by_direction);
    suite_add_tcase(s, tc);
    return rg_run_suite(s);
}
