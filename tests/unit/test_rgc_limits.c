/* test_rgc_limits.c: the compiled catalogue's writer at the limits of its
 * format (32-bit offsets and counts), which a test cannot reach with a
 * real catalogue of 4 GiB.  The suite includes rg_rgc.c to call its static
 * writer functions on a string table made to look nearly full; its own
 * definitions stand in for the library's copy of the file. */
#include "../../src/load/rg_rgc.c" /* first: it sets _GNU_SOURCE */

#include <check.h>
#include <string.h>

#include "check_main.h"

static void wctx_init(wctx *w)
{
    memset(w, 0, sizeof *w);
    rg_strmap_init(&w->interned);
    rg_buf_init(&w->strings);
}

static void wctx_destroy(wctx *w)
{
    rg_strmap_destroy(&w->interned);
    rg_buf_destroy(&w->strings);
}

/* a string that would end at or past offset 0xFFFFFFFF (NONE, "no
 * string") is refused: too_big is set and nothing is added */
START_TEST(string_table_full_at_4_gib)
{
    wctx w;
    wctx_init(&w);
    ck_assert_uint_eq(str_ref(&w, "a"), 0);
    ck_assert_uint_eq(str_ref(&w, "bc"), 2);
    ck_assert_uint_eq(str_ref(&w, "a"), 0); /* interned */
    size_t real = w.strings.len;
    ck_assert_uint_eq(real, 5);
    w.strings.len = (size_t)NONE - 4; /* "abc" and its NUL end at NONE */
    ck_assert_uint_eq(str_ref(&w, "abc"), NONE);
    ck_assert_int_eq(w.too_big, 1);
    ck_assert_uint_eq(w.strings.len, (size_t)NONE - 4);
    w.strings.len = real;
    ck_assert_int_eq(w.oom, 0);
    wctx_destroy(&w);
}
END_TEST

START_TEST(counts_of_4_gib_are_too_big)
{
    wctx w;
    wctx_init(&w);
    ck_assert_uint_eq(count32(&w, (size_t)NONE - 1), NONE - 1);
    ck_assert_int_eq(w.too_big, 0);
    count32(&w, (size_t)NONE);
    ck_assert_int_eq(w.too_big, 1);
    wctx_destroy(&w);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("rgc_limits");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, string_table_full_at_4_gib);
    tcase_add_test(tc, counts_of_4_gib_are_too_big);
    suite_add_tcase(s, tc);
    return rg_run_suite(s);
}
