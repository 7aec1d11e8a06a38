/* test_clusters.c: unit tests of src/analysis/rg_clusters through the
 * library: what a caller who fills only some options gets. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/rg_analysis.h"
#include "analysis/rg_result.h"
#include "check_main.h"
#include "core/rg_buf.h"
#include "load/rg_load.h"

static rg_graph *g;

static void setup(void)
{
    rg_error err;
    rg_load_opts lo = {.schema_roots = RELGRAPH_SOURCE_DIR "/graphs"};
    ck_assert_int_eq(
        rg_load_file_opts(RELGRAPH_SOURCE_DIR "/tests/fixtures/analyses.json", &lo, &g, NULL, &err),
        RG_OK);
}

static void teardown(void)
{
    rg_graph_free(g);
}

/* the text of clusters' answer to O, or the error message */
static char *answer(const rg_clusters_opts *o)
{
    rg_result r;
    rg_error err;
    rg_buf b;
    rg_result_init(&r, g, "clusters");
    rg_buf_init(&b);
    if (rg_clusters(g, o, &r, &err) == RG_OK)
        rg_result_text(&r, &b);
    else
        rg_buf_add(&b, err.text, strlen(err.text));
    rg_result_destroy(&r);
    ck_assert(!b.oom && b.data != NULL);
    return b.data;
}

/* rg_analysis.h: a field left 0 (or NULL) takes the default the CLI shows
 * (leiden, 20 starts, 50 iterations, a budget of 5e6 edge passes), not some
 * other value, and the notes say what was done */
START_TEST(zero_options_take_the_documented_defaults)
{
    rg_clusters_opts zero = {.resolution = 1, .seed = 42};
    rg_clusters_opts full = zero;
    full.method = "leiden";
    full.starts = 20;
    full.iterations = 50;
    full.budget = 5000000;
    char *a = answer(&zero), *b = answer(&full);
    ck_assert_ptr_nonnull(strstr(b, "the best of 20 starts"));
    ck_assert_str_eq(a, b);
    free(a);
    free(b);
}
END_TEST

/* one start is one start and one iteration one iteration: the notes say
 * so and name the seed */
START_TEST(one_start_of_one_iteration)
{
    rg_clusters_opts o = {
        .method = "leiden", .resolution = 1, .seed = 7, .starts = 1, .iterations = 1};
    char *a = answer(&o);
    ck_assert_msg(strstr(a, "the best of 1 start seeded 7 to 7, each until an iteration gains "
                            "nothing (at most 1)") != NULL,
                  "%s", a);
    free(a);
}
END_TEST

static Suite *suite(void)
{
    Suite *s = suite_create("clusters");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, zero_options_take_the_documented_defaults);
    tcase_add_test(tc, one_start_of_one_iteration);
    suite_add_tcase(s, tc);
    return s;
}

int main(void)
{
    return rg_run_suite(suite());
}
