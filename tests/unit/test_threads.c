/* test_threads.c: two analyses on two graphs in two threads (issue 7,
 * item 8).  Each thread loads its own catalogue (ICANN's and the board
 * catalogue of tests/domains) and runs the analyses of the registry on it,
 * over and over; every answer must equal the one a single thread gives.
 * A comparator reading a file-scope graph, or any other shared state of
 * relgraph's own, would mix the two catalogues' answers here. */
#include <check.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/rg_registry.h"
#include "check_main.h"
#include "load/rg_load.h"
#include "query/rg_call.h"

#define ROUNDS 8

static const char *const files[2] = {RELGRAPH_SOURCE_DIR "/graphs/icann-ssr.json",
                                     RELGRAPH_SOURCE_DIR "/tests/domains/boards/boards.json"};
static const char *const analyses[] = {"gaps", "risks", "central", "interlocks", "audit"};
#define NA (sizeof analyses / sizeof *analyses)

/* Every analysis' text and JSON, concatenated: malloc'd, or NULL. */
static char *answers(const char *file)
{
    rg_graph *g;
    rg_error err;
    if (rg_load_file(file, &g, NULL, &err) != RG_OK)
        return NULL;
    rg_buf b;
    rg_buf_init(&b);
    for (size_t i = 0; i < NA; i++) {
        rg_result r;
        if (rg_call(g, analyses[i], NULL, 0, NULL, &r, &err) != RG_OK) {
            rg_buf_printf(&b, "%s: error %s\n", analyses[i], err.text);
            continue;
        }
        rg_result_text(&r, &b);
        rg_result_json(&r, &b);
        rg_result_destroy(&r);
    }
    rg_graph_free(g);
    char *out = b.oom ? NULL : strdup(rg_buf_str(&b));
    rg_buf_destroy(&b);
    return out;
}

static char *expected[2];

static void *worker(void *arg)
{
    size_t which = (size_t)arg;
    for (int round = 0; round < ROUNDS; round++) {
        char *got = answers(files[which]);
        int same = got && strcmp(got, expected[which]) == 0;
        free(got);
        if (!same)
            return (void *)1;
    }
    return NULL;
}

START_TEST(two_graphs_two_threads)
{
    for (size_t i = 0; i < 2; i++) {
        expected[i] = answers(files[i]);
        ck_assert_ptr_nonnull(expected[i]);
        ck_assert_uint_gt(strlen(expected[i]), 1000);
    }
    /* the two catalogues give different answers, so a mix-up shows */
    ck_assert_str_ne(expected[0], expected[1]);
    pthread_t t[2];
    for (size_t i = 0; i < 2; i++)
        ck_assert_int_eq(pthread_create(&t[i], NULL, worker, (void *)i), 0);
    for (size_t i = 0; i < 2; i++) {
        void *bad;
        ck_assert_int_eq(pthread_join(t[i], &bad), 0);
        ck_assert_msg(bad == NULL, "thread %zu gave an answer that differs from one thread's", i);
    }
    free(expected[0]);
    free(expected[1]);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("threads");
    TCase *tc = tcase_create("threads");
    tcase_set_timeout(tc, 240);
    tcase_add_test(tc, two_graphs_two_threads);
    suite_add_tcase(s, tc);
    return rg_run_suite(s);
}
