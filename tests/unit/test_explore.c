/* test_explore.c: unit tests of src/render/rg_explore: the JSON escaping
 * that keeps names inside the page's data element, the page's policy (the
 * inline script and style sheet by their hashes), the drawing's generated
 * ids, and the size limit (nothing returned).  The browser test
 * (tests/scripts/test_explore_browser.sh) drives the page itself. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "core/rg_sha256.h"
#include "load/rg_load.h"
#include "render/rg_explore.h"
#include "render/rg_render.h"

#define SMALL RELGRAPH_SOURCE_DIR "/tests/fixtures/render/small.json"

static rg_graph *g;
static rg_render_opts opts;

static void setup(void)
{
    rg_error err;
    rg_load_opts lo = {.schema_roots = RELGRAPH_SOURCE_DIR "/graphs"};
    ck_assert_int_eq(rg_load_file_opts(SMALL, &lo, &g, NULL, &err), RG_OK);
    memset(&opts, 0, sizeof opts);
    opts.status_attr = "ssr_elements";
    opts.cluster_edge = "in_region";
}

static void teardown(void)
{
    rg_graph_free(g);
}

static char *quoted(const char *s)
{
    rg_buf b;
    rg_buf_init(&b);
    rg_explore_json_str(&b, s);
    return rg_buf_detach(&b);
}

START_TEST(json_strings_cannot_leave_the_script)
{
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"</script><script>x</script>",
         "\"\\u003c/script\\u003e\\u003cscript\\u003ex\\u003c/script\\u003e\""},
        {"<!--", "\"\\u003c!--\""},
        {"a & b", "\"a \\u0026 b\""},
        {"q\"b\\s", "\"q\\\"b\\\\s\""},
        {"l\xE2\x80\xA8s\xE2\x80\xA9p", "\"l\\u2028s\\u2029p\""},
        {"n\nt\tc\x01"
         "d\x7F",
         "\"n\\nt\\tc\\u0001d\\u007f\""},
        {"\xE2\x80\xA6 \xE4\xBA\x92", "\"\xE2\x80\xA6 \xE4\xBA\x92\""}, /* other UTF-8 stays */
        {"", "\"\""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        char *q = quoted(cases[i].in);
        ck_assert_str_eq(q, cases[i].out);
        free(q);
    }
    char *q = quoted(NULL);
    ck_assert_str_eq(q, "\"\"");
    free(q);
}
END_TEST

/* The text between OPEN and the next CLOSE in PAGE, malloc'd; NULL if absent. */
static char *between(const char *page, const char *open, const char *close)
{
    const char *a = strstr(page, open);
    if (a == NULL)
        return NULL;
    a += strlen(open);
    const char *z = strstr(a, close);
    if (z == NULL)
        return NULL;
    char *s = malloc((size_t)(z - a) + 1);
    memcpy(s, a, (size_t)(z - a));
    s[z - a] = '\0';
    return s;
}

START_TEST(page_policy_ids_and_data)
{
    rg_explore_in in = {"test", NULL, "no coverage status here", 0};
    char *html = NULL;
    size_t len = 0;
    rg_explore_stats st;
    rg_error err;
    ck_assert_int_eq(rg_explore_page(g, &opts, &in, &html, &len, &st, &err), RG_OK);
    ck_assert_uint_eq(strlen(html), len);
    /* The policy names the hashes of exactly the script and style sheet. */
    char *script = between(html, "<script>", "</script>");
    char *style = between(html, "<style>", "</style>");
    ck_assert_ptr_nonnull(script);
    ck_assert_ptr_nonnull(style);
    char h1[45], h2[45], want[256];
    rg_sha256_base64(script, strlen(script), h1);
    rg_sha256_base64(style, strlen(style), h2);
    snprintf(want, sizeof want,
             "content=\"default-src 'none'; script-src 'sha256-%s'; style-src 'sha256-%s'; "
             "base-uri 'none'; form-action 'none'\"",
             h1, h2);
    ck_assert_ptr_nonnull(strstr(html, want));
    /* One executable script, after the data; no address anywhere to fetch. */
    ck_assert_ptr_null(strstr(strstr(html, "<script>") + 8, "<script>"));
    ck_assert_ptr_null(strstr(html, "href="));
    ck_assert_ptr_null(strstr(html, " src="));
    /* The drawing's ids are generated from catalogue indices. */
    char id[32];
    size_t drawn = 0;
    for (size_t i = 0; i < g->nnodes; i++) {
        snprintf(id, sizeof id, " id=\"rgn%zu\"", i);
        drawn += strstr(html, id) != NULL;
    }
    ck_assert_uint_eq(drawn, st.drawn_nodes);
    ck_assert_uint_gt(drawn, 0);
    ck_assert_uint_eq(st.roots, g->nnodes);
    char *data = between(html, "<script type=\"application/json\" id=\"rg-data\">", "</script>");
    ck_assert_ptr_nonnull(data);
    ck_assert_ptr_null(strchr(data, '<'));
    ck_assert_ptr_nonnull(
        strstr(data, "\"status\":null,\"statusNote\":\"no coverage status here\""));
    free(data);
    free(script);
    free(style);
    /* Deterministic. */
    char *again = NULL;
    size_t len2 = 0;
    ck_assert_int_eq(rg_explore_page(g, &opts, &in, &again, &len2, &st, &err), RG_OK);
    ck_assert_uint_eq(len, len2);
    ck_assert_int_eq(memcmp(html, again, len), 0);
    free(again);
    free(html);
}
END_TEST

START_TEST(too_large_or_small_budget)
{
    rg_explore_in in = {"test", NULL, NULL, 0};
    char *html = (char *)1;
    size_t len = 1;
    rg_explore_stats st;
    rg_error err;
    rg_render_opts o = opts;
    o.max_nodes = 2;
    ck_assert_int_eq(rg_explore_page(g, &o, &in, &html, &len, &st, &err), RG_ELIMIT);
    ck_assert_ptr_null(html);
    ck_assert_uint_eq(len, 0);
    /* A budget one entry short of every node's lists: the busiest first,
     * at least one left out, the budget kept. */
    ck_assert_int_eq(rg_explore_page(g, &opts, &in, &html, &len, &st, &err), RG_OK);
    free(html);
    ck_assert_uint_eq(st.roots, g->nnodes);
    in.max_path_steps = st.path_steps - 1;
    ck_assert_int_eq(rg_explore_page(g, &opts, &in, &html, &len, &st, &err), RG_OK);
    ck_assert_uint_ge(st.roots, 1);
    ck_assert_uint_lt(st.roots, g->nnodes);
    ck_assert_uint_le(st.path_steps, in.max_path_steps);
    free(html);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("explore");
    TCase *plain = tcase_create("plain");
    tcase_add_test(plain, json_strings_cannot_leave_the_script);
    suite_add_tcase(s, plain);
    TCase *tc = tcase_create("page");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, page_policy_ids_and_data);
    tcase_add_test(tc, too_large_or_small_budget);
    suite_add_tcase(s, tc);
    return rg_run_suite(s);
}
