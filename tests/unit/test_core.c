/* test_core.c: unit tests of src/core: strings, hash map, arena, JSON writer, diagnostics. */
#include <check.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "core/rg_arena.h"
#include "core/rg_buf.h"
#include "core/rg_error.h"
#include "core/rg_jsonw.h"
#include "core/rg_list.h"
#include "core/rg_strmap.h"

START_TEST(buf_appends_and_detaches)
{
    rg_buf b;
    rg_buf_init(&b);
    ck_assert_str_eq(rg_buf_str(&b), "");
    for (int i = 0; i < 1000; i++)
        rg_buf_printf(&b, "%d,", i % 10);
    ck_assert_uint_eq(b.len, 2000);
    ck_assert_int_eq(strncmp(rg_buf_str(&b), "0,1,2,", 6), 0);
    char *s = rg_buf_detach(&b);
    ck_assert_uint_eq(strlen(s), 2000);
    ck_assert_ptr_null(b.data);
    free(s);
}
END_TEST

START_TEST(strmap_grows_and_finds_every_key)
{
    rg_strmap m;
    rg_strmap_init(&m);
    static char keys[5000][16];
    for (int i = 0; i < 5000; i++) {
        snprintf(keys[i], sizeof keys[i], "k%d", i);
        ck_assert_int_eq(rg_strmap_put(&m, keys[i], i), 0);
    }
    ck_assert_uint_eq(m.count, 5000);
    for (int i = 0; i < 5000; i++) {
        int64_t v = -1;
        ck_assert(rg_strmap_get(&m, keys[i], &v));
        ck_assert_int_eq(v, i);
    }
    ck_assert(!rg_strmap_get(&m, "k5000", NULL));
    ck_assert_int_eq(rg_strmap_put(&m, keys[7], 42), 0); /* replace */
    int64_t v;
    ck_assert(rg_strmap_get(&m, "k7", &v));
    ck_assert_int_eq(v, 42);
    ck_assert_uint_eq(m.count, 5000);
    rg_strmap_destroy(&m);
}
END_TEST

START_TEST(arena_aligns_and_copies)
{
    rg_arena a;
    rg_arena_init(&a);
    for (int i = 0; i < 10000; i++) {
        void *p = rg_arena_alloc(&a, (size_t)(i % 37) + 1);
        ck_assert_ptr_nonnull(p);
        ck_assert_uint_eq((uintptr_t)p % _Alignof(max_align_t), 0);
    }
    char *big = rg_arena_alloc(&a, 3u << 20); /* larger than a chunk */
    ck_assert_ptr_nonnull(big);
    big[(3u << 20) - 1] = 1;
    ck_assert_str_eq(rg_arena_strdup(&a, "Chehadé"), "Chehadé");
    ck_assert_str_eq(rg_arena_strndup(&a, "abcdef", 3), "abc");
    rg_arena_destroy(&a);
}
END_TEST

START_TEST(jsonw_escapes_and_nests)
{
    rg_buf b;
    rg_buf_init(&b);
    rg_jsonw w;
    rg_jsonw_init(&w, &b);
    rg_jsonw_object(&w);
    rg_jsonw_key(&w, "s");
    rg_jsonw_string(&w, "a\"b\\c\n\x01 é");
    rg_jsonw_key(&w, "l");
    rg_jsonw_array(&w);
    rg_jsonw_int(&w, 1);
    rg_jsonw_number(&w, 2.5);
    rg_jsonw_bool(&w, 0);
    rg_jsonw_null(&w);
    rg_jsonw_array(&w);
    rg_jsonw_end(&w);
    rg_jsonw_end(&w);
    rg_jsonw_key(&w, "o");
    rg_jsonw_object(&w);
    rg_jsonw_end(&w);
    rg_jsonw_end(&w);
    ck_assert_str_eq(rg_buf_str(&b),
                     "{\n  \"s\": \"a\\\"b\\\\c\\n\\u0001 é\",\n  \"l\": [\n    1,\n"
                     "    2.5,\n    false,\n    null,\n    []\n  ],\n  \"o\": {}\n}");
    rg_buf_destroy(&b);
}
END_TEST

/* A byte-by-byte JSON escaper, the plain rule that rg_json_quote's
 * eight-bytes-at-a-time scan must agree with. */
static void quote_bytewise(rg_buf *b, const char *s)
{
    rg_buf_putc(b, '"');
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            rg_buf_printf(b, "\\%c", *p);
        else if (*p == '\n')
            rg_buf_puts(b, "\\n");
        else if (*p == '\r')
            rg_buf_puts(b, "\\r");
        else if (*p == '\t')
            rg_buf_puts(b, "\\t");
        else if (*p < 0x20)
            rg_buf_printf(b, "\\u%04x", *p);
        else
            rg_buf_putc(b, (char)*p);
    }
    rg_buf_putc(b, '"');
}

START_TEST(json_quote_agrees_with_bytewise)
{
    /* Each byte class at each place of strings up to 40 bytes long, and a
     * second one 9 bytes on: a special byte on either side of, or inside,
     * an eight-byte block. */
    static const unsigned char probe[] = {'"',  '\\', '\n', '\r', '\t', 0x01, 0x1f, 0x20,
                                          0x21, 0x5b, 0x5d, 0x7f, 0x80, 0xc3, 0xff};
    rg_buf got, want;
    rg_buf_init(&got);
    rg_buf_init(&want);
    char s[48];
    size_t tried = 0;
    for (size_t len = 1; len <= 40; len++)
        for (size_t at = 0; at < len; at++)
            for (size_t k = 0; k < sizeof probe; k++) {
                memset(s, 'a', len);
                s[len] = '\0';
                s[at] = (char)probe[k];
                if (at + 9 < len)
                    s[at + 9] = (char)probe[(k + 3) % sizeof probe];
                rg_buf_clear(&got);
                rg_buf_clear(&want);
                rg_json_quote(&got, s);
                quote_bytewise(&want, s);
                ck_assert_msg(strcmp(rg_buf_str(&got), rg_buf_str(&want)) == 0,
                              "len %zu at %zu byte 0x%02x: %s, not %s", len, at, probe[k],
                              rg_buf_str(&got), rg_buf_str(&want));
                tried++;
            }
    ck_assert_uint_eq(tried, 820 * sizeof probe);
    rg_json_quote(&got, "");
    rg_buf_destroy(&got);
    rg_buf_destroy(&want);
}
END_TEST

typedef struct sink_log {
    rg_buf all;
    int calls, fail_after;
    size_t most; /* the longest piece handed over */
} sink_log;

static int log_sink(void *ctx, const char *s, size_t n)
{
    sink_log *l = ctx;
    if (l->fail_after >= 0 && l->calls >= l->fail_after) {
        l->calls++;
        return -1;
    }
    l->calls++;
    rg_buf_add(&l->all, s, n);
    if (n > l->most)
        l->most = n;
    return 0;
}

/* Appends of every size around a stream's capacity (rg_buf_stream's 16,
 * which the buffer's least size of 64 rounds up) to B, and the same to
 * PLAIN. */
static void stream_pieces(rg_buf *b, rg_buf *plain)
{
    char piece[160];
    for (size_t n = 0; n < 150; n++) {
        for (size_t i = 0; i < n; i++)
            piece[i] = (char)('a' + (n + i) % 26);
        rg_buf_add(b, piece, n);
        rg_buf_add(plain, piece, n);
        rg_buf_putc(b, '|');
        rg_buf_putc(plain, '|');
    }
    rg_buf_printf(b, "%s-%090d", "wide", 7);
    rg_buf_printf(plain, "%s-%090d", "wide", 7);
    rg_json_quote(b, "a \"quoted\"\nline longer than the stream's sixteen bytes");
    rg_json_quote(plain, "a \"quoted\"\nline longer than the stream's sixteen bytes");
}

START_TEST(buf_stream_passes_every_byte_in_order)
{
    sink_log l = {.calls = 0, .fail_after = -1, .most = 0};
    rg_buf_init(&l.all);
    rg_buf b, plain;
    rg_buf_init(&b);
    rg_buf_init(&plain);
    rg_buf_add(&b, "head:", 5); /* held before the stream starts */
    rg_buf_add(&plain, "head:", 5);
    ck_assert_int_eq(rg_buf_stream(&b, log_sink, &l, 16), 1);
    stream_pieces(&b, &plain);
    rg_buf_flush(&b);
    ck_assert_int_eq(b.sink_err, 0);
    ck_assert_int_eq(b.oom, 0);
    ck_assert_uint_eq(b.len, 0);
    ck_assert_str_eq(rg_buf_str(&l.all), rg_buf_str(&plain));
    ck_assert_int_ge(l.calls, 10); /* handed over in pieces, not kept whole */
    rg_buf_destroy(&b);
    rg_buf_destroy(&l.all);

    /* A sink that fails once: nothing more reaches it, and B says so. */
    sink_log f = {.calls = 0, .fail_after = 2, .most = 0};
    rg_buf_init(&f.all);
    rg_buf_init(&b);
    ck_assert_int_eq(rg_buf_stream(&b, log_sink, &f, 16), 1);
    stream_pieces(&b, &plain);
    rg_buf_flush(&b);
    ck_assert_int_eq(b.sink_err, 1);
    ck_assert_int_eq(f.calls, 3);
    ck_assert_uint_lt(f.all.len, plain.len / 2);
    rg_buf_destroy(&b);
    rg_buf_destroy(&f.all);
    rg_buf_destroy(&plain);
}
END_TEST

START_TEST(list_has_whole_items_only)
{
    ck_assert(rg_list_has("member_of,participates_in", "member_of"));
    ck_assert(rg_list_has("member_of,participates_in", "participates_in"));
    ck_assert(rg_list_has("org, person", "person")); /* spaces around items */
    ck_assert(!rg_list_has("member_of,participates_in", "member"));
    ck_assert(!rg_list_has("same_as", "as"));
    ck_assert(!rg_list_has("bylaws", "")); /* an empty word: no item, and no endless search */
    ck_assert(!rg_list_has("", "bylaws"));
    ck_assert(!rg_list_has(NULL, "bylaws"));
}
END_TEST

START_TEST(diags_sort_and_limit)
{
    rg_diags d;
    rg_diags_init(&d, 3);
    rg_diags_add(&d, "f.json", 9, 1, "third");
    rg_diags_add(&d, "f.json", 2, 5, "second");
    rg_diags_add(&d, "f.json", 2, 1, "first");
    rg_diags_add(&d, "f.json", 1, 1, "dropped");
    ck_assert_uint_eq(d.count, 3);
    ck_assert(d.truncated);
    rg_diags_sort(&d);
    ck_assert_str_eq(d.items[0].text, "first");
    ck_assert_str_eq(d.items[2].text, "third");
    rg_error e;
    ck_assert_int_eq(rg_diags_to_error(&d, RG_EINVALID, &e), RG_EINVALID);
    ck_assert_int_eq(e.line, 2);
    ck_assert_str_eq(e.text, "first (and 3 more errors)");
    rg_diags_destroy(&d);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("core");
    TCase *tc = tcase_create("core");
    /* Check's default of 4 s is too short on a loaded 2-core machine and
     * under the sanitizers: a timeout would be a false failure. */
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, buf_appends_and_detaches);
    tcase_add_test(tc, strmap_grows_and_finds_every_key);
    tcase_add_test(tc, arena_aligns_and_copies);
    tcase_add_test(tc, jsonw_escapes_and_nests);
    tcase_add_test(tc, json_quote_agrees_with_bytewise);
    tcase_add_test(tc, buf_stream_passes_every_byte_in_order);
    tcase_add_test(tc, diags_sort_and_limit);
    tcase_add_test(tc, list_has_whole_items_only);
    suite_add_tcase(s, tc);
    return rg_run_suite(s);
}
