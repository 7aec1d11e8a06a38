/* test_spawn.c: unit tests of src/core/rg_spawn.c, the child processes that
 * draw the charts (gnuplot) and print the report (Chromium): input fed and
 * output read in full, a missing program told apart, a deadline kept, a
 * child that stops reading its input not killing the caller. */
#include <check.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "check_main.h"
#include "core/rg_spawn.h"

START_TEST(feeds_input_and_reads_output)
{
    /* more than a pipe holds, both ways: the pump must interleave */
    size_t n = 1 << 20;
    char *in = malloc(n);
    ck_assert_ptr_nonnull(in);
    for (size_t i = 0; i < n; i++)
        in[i] = (char)('a' + i % 26);
    const char *const argv[] = {"cat", NULL};
    rg_spawn_opts o = {argv, NULL, in, n, 20000, 0, 1};
    rg_spawn_result r;
    rg_error e;
    ck_assert_int_eq(rg_spawn(&o, &r, &e), RG_OK);
    ck_assert_int_eq(r.status, 0);
    ck_assert_uint_eq(r.outlen, n);
    ck_assert_int_eq(memcmp(r.out, in, n), 0);
    rg_spawn_result_destroy(&r);
    free(in);
}
END_TEST

START_TEST(tells_a_missing_program)
{
    const char *const argv[] = {"relgraph-no-such-program", NULL};
    rg_spawn_opts o = {argv, NULL, NULL, 0, 5000, 0, 1};
    rg_spawn_result r;
    rg_error e;
    rg_status st = rg_spawn(&o, &r, &e);
    if (getenv("RELGRAPH_UNDER_VALGRIND") && st == RG_OK) {
        /* valgrind runs posix_spawn's CLONE_VM|CLONE_VFORK child as a plain
         * fork: exec's ENOENT never reaches the parent, and the child exits
         * 127 (the shell's "not found") */
        ck_assert_int_eq(r.status, 127);
    } else {
        ck_assert_int_eq(st, RG_ENOTFOUND);
        ck_assert(strstr(e.text, "not found") != NULL);
    }
    rg_spawn_result_destroy(&r);
    ck_assert(!rg_spawn_found("relgraph-no-such-program"));
    ck_assert(rg_spawn_found("sh"));
}
END_TEST

START_TEST(stops_a_child_past_its_time)
{
    const char *const argv[] = {"sleep", "30", NULL};
    rg_spawn_opts o = {argv, NULL, NULL, 0, 300, 0, 1};
    rg_spawn_result r;
    rg_error e;
    time_t t0 = time(NULL);
    ck_assert_int_eq(rg_spawn(&o, &r, &e), RG_ELIMIT);
    ck_assert(time(NULL) - t0 < 10);
    ck_assert_int_eq(r.status, 128 + SIGKILL);
    ck_assert(strstr(e.text, "did not finish") != NULL);
    rg_spawn_result_destroy(&r);
}
END_TEST

START_TEST(survives_a_child_that_stops_reading)
{
    /* SIGPIPE would end this process if the input went down a pipe */
    size_t n = 4 << 20;
    char *in = calloc(1, n);
    ck_assert_ptr_nonnull(in);
    const char *const argv[] = {"sh", "-c", "echo oops >&2; exit 3", NULL};
    rg_spawn_opts o = {argv, NULL, in, n, 20000, 0, 1};
    rg_spawn_result r;
    rg_error e;
    ck_assert_int_eq(rg_spawn(&o, &r, &e), RG_OK);
    ck_assert_int_eq(r.status, 3);
    char last[64];
    rg_spawn_last_line(r.errtext, last, sizeof last);
    ck_assert_str_eq(last, "oops");
    rg_spawn_result_destroy(&r);
    free(in);
}
END_TEST

START_TEST(sets_the_environment_given)
{
    const char *const argv[] = {"sh", "-c", "printf %s \"$RG_SPAWN_TEST\"", NULL};
    const char *const env[] = {"RG_SPAWN_TEST=given", NULL};
    setenv("RG_SPAWN_TEST", "inherited", 1);
    rg_spawn_opts o = {argv, env, NULL, 0, 5000, 0, 1};
    rg_spawn_result r;
    rg_error e;
    ck_assert_int_eq(rg_spawn(&o, &r, &e), RG_OK);
    ck_assert_str_eq(r.out, "given");
    rg_spawn_result_destroy(&r);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("spawn");
    TCase *tc = tcase_create("spawn");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, feeds_input_and_reads_output);
    tcase_add_test(tc, tells_a_missing_program);
    tcase_add_test(tc, stops_a_child_past_its_time);
    tcase_add_test(tc, survives_a_child_that_stops_reading);
    tcase_add_test(tc, sets_the_environment_given);
    suite_add_tcase(s, tc);
    return rg_run_suite(s);
}
