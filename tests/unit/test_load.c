/* test_load.c: unit tests of src/load on hostile input: the loader accepts
 * only what jansson accepts (byte by byte), counts every element, stays in
 * bounds with any number of diagnostics, and reads files within a limit. */
#include <check.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../json_same.h"
#include "check_main.h"
#include "graph/rg_graph.h"
#include "load/rg_jfast.h"
#include "load/rg_load.h"

static const char *schema =
    "{\"relgraph_schema\": 1, \"provenance\": {\"required\": false},"
    " \"node_kinds\": {\"org\": {\"attributes\": {\"n\": {\"type\": \"number\"}}}},"
    " \"edge_kinds\": {\"knows\": {\"from\": [\"org\"], \"to\": [\"org\"]}}}";

/* Loads TEXT (LEN bytes); returns the graph or NULL. */
static rg_graph *load_text(const char *text, size_t len, rg_diags *d)
{
    rg_graph *g = NULL;
    rg_error err;
    rg_load_buffer("mem.json", text, len, NULL, &g, d, &err);
    return g;
}

/* A catalogue whose node "a" has NAME (raw bytes) as its name, with PRE
 * placed right after the '[' of "edges" and MID after its first comma: a
 * stray byte there once ended the list early, without a word. */
static size_t catalogue(char *buf, size_t cap, const char *pre, const char *mid, const char *name)
{
    int n =
        snprintf(buf, cap,
                 "{\"relgraph\": 1, \"schema\": %s, \"nodes\": [{\"id\": \"a\", \"kind\": "
                 "\"org\", \"name\": \"%s\"}, {\"id\": \"b\", \"kind\": \"org\", \"name\": "
                 "\"B\"}], \"edges\": [%s{\"from\": \"a\", \"to\": \"b\", \"kind\": \"knows\"},%s"
                 "{\"from\": \"b\", \"to\": \"a\", \"kind\": \"knows\"}]}",
                 schema, name, pre, mid);
    return (size_t)n;
}

/* The loader and jansson (as strict as the loader asks it to be) agree on
 * TEXT; when both accept, the loader has every node and edge. */
static void agree(const char *text, size_t len, const char *what)
{
    json_error_t je;
    json_t *j = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    rg_diags d;
    rg_diags_init(&d, 10);
    rg_graph *g = load_text(text, len, &d);
    if (g != NULL) {
        ck_assert_msg(j != NULL, "%s: relgraph accepts what jansson refuses", what);
        ck_assert_uint_eq(g->nnodes, json_array_size(json_object_get(j, "nodes")));
        ck_assert_uint_eq(g->nedges, json_array_size(json_object_get(j, "edges")));
    } else {
        ck_assert_msg(j == NULL, "%s: relgraph refuses what jansson accepts: %s", what,
                      d.count ? d.items[0].text : "?");
        ck_assert_uint_gt(d.count, 0); /* never a silent refusal */
    }
    rg_graph_free(g);
    json_decref(j);
    rg_diags_destroy(&d);
}

START_TEST(every_byte_between_elements_agrees_with_jansson)
{
    char buf[2048], b[2] = {0, 0};
    for (int c = 1; c < 256; c++) {
        b[0] = (char)c;
        char what[64];
        snprintf(what, sizeof what, "byte 0x%02x after '['", c);
        agree(buf, catalogue(buf, sizeof buf, b, "", "A"), what);
        snprintf(what, sizeof what, "byte 0x%02x after ','", c);
        agree(buf, catalogue(buf, sizeof buf, "", b, "A"), what);
    }
}
END_TEST

START_TEST(two_byte_sequences_in_a_name_agree_with_jansson)
{
    /* every lead byte against the second bytes at the edges of UTF-8's
     * classes, and every second byte after the leads at the edges (all
     * 65,536 pairs take too long under the sanitizers) */
    static const unsigned char edges[] = {0x01, 0x1F, 0x20, 0x41, 0x7F, 0x80, 0x9F,
                                          0xA0, 0xBF, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0,
                                          0xEF, 0xF0, 0xF4, 0xF5, 0xFF};
    static const unsigned char leads[] = {0x7F, 0x80, 0xC0, 0xC1, 0xC2, 0xDF, 0xE0, 0xF4};
    char buf[2048], name[3] = {0, 0, 0};
    for (int pass = 0; pass < 2; pass++) {
        size_t nx = pass ? sizeof leads : 256, ny = pass ? 256 : sizeof edges;
        for (size_t i = 0; i < nx; i++)
            for (size_t j = 0; j < ny; j++) {
                int x = pass ? leads[i] : (int)i, y = pass ? (int)j : edges[j];
                if (x < 0x20 || y == 0 || x == '"' || x == '\\' || y == '"' || y == '\\')
                    continue;
                name[0] = (char)x;
                name[1] = (char)y;
                char what[64];
                snprintf(what, sizeof what, "name bytes %02x %02x", x, y);
                agree(buf, catalogue(buf, sizeof buf, "", "", name), what);
            }
    }
}
END_TEST

START_TEST(three_and_four_byte_edges_agree_with_jansson)
{
    static const char *const seqs[] = {"\xE0\x9F\xBF",
                                       "\xE0\xA0\x80",
                                       "\xED\x9F\xBF",
                                       "\xED\xA0\x80",
                                       "\xED\xBF\xBF",
                                       "\xEE\x80\x80",
                                       "\xEF\xBF\xBF",
                                       "\xF0\x8F\xBF\xBF",
                                       "\xF0\x90\x80\x80",
                                       "\xF4\x8F\xBF\xBF",
                                       "\xF4\x90\x80\x80",
                                       "\xF5\x80\x80\x80",
                                       "\xE2\x82",
                                       "\xF0\x9F\x98",
                                       "\\u0000",
                                       "\\u0001",
                                       "\\ud800",
                                       "\\udc00",
                                       "\\ud800\\udc00",
                                       "\\udbff\\udfff",
                                       "\\ud800\\u0041",
                                       "\\ud800x",
                                       "\\uzzzz",
                                       "\\u12",
                                       "\\e",
                                       "\\/",
                                       NULL};
    char buf[2048];
    for (int i = 0; seqs[i]; i++)
        agree(buf, catalogue(buf, sizeof buf, "", "", seqs[i]), seqs[i]);
}
END_TEST

START_TEST(top_level_keys_are_decoded_as_jansson_does)
{
    /* each a catalogue the loader would take, but for one fault jansson
     * finds in a top-level key or value; %s is the schema */
    static const char *const docs[] = {
        "{\"relgraph\": 1, \"sch\\ema\": %s, \"nodes\": []}",
        "{\"relgraph\": 1, \"schema\": %s, \"nodes\\u0000junk\": []}",
        "{\"relgraph\": 1, \"schema\": %s, \"nodes\": [], \"\\ud800\": 1}",
        "{\"relgraph\": 1, \"schema\": %s, \"nodes\": [], \"\xff\": 1}",
        "{\"relgraph\": 1, \"schema\": %s, \"n\\u006fdes\": [], \"nodes\": []}",
        "{\"relgraph\": 01, \"schema\": %s, \"nodes\": []}",
        "{\"relgraph\": 1, \"schema\": %s, \"nodes\": [], \"title\": \"\\ud800\"}",
        "{\"relgraph\": 1, \"schema\": %s, \"nodes\": []}",
        NULL};
    for (int i = 0; docs[i]; i++) {
        char buf[2048];
        snprintf(buf, sizeof buf, docs[i], schema);
        agree(buf, strlen(buf), docs[i]);
    }
}
END_TEST

START_TEST(many_diagnostics_past_the_first_node_scan)
{
    /* 2,500 nodes that jansson refuses (a duplicate key) before a good one:
     * the first pass over the nodes skips them, and once wrote past the end
     * of its table of good nodes. */
    size_t bad = 2500;
    size_t cap = bad * 40 + 4096;
    char *text = malloc(cap);
    ck_assert_ptr_nonnull(text);
    size_t n =
        (size_t)snprintf(text, cap, "{\"relgraph\": 1, \"schema\": %s, \"nodes\": [", schema);
    for (size_t i = 0; i < bad; i++)
        n += (size_t)snprintf(text + n, cap - n, "{\"id\": \"x\", \"id\": \"y\"},");
    n += (size_t)snprintf(text + n, cap - n,
                          "{\"id\": \"z\", \"kind\": \"org\", \"name\": \"Z\", \"what\": 1}]}");
    rg_diags d;
    rg_diags_init(&d, 5000);
    rg_graph *g = load_text(text, n, &d);
    ck_assert_ptr_null(g);
    ck_assert_uint_eq(d.count, bad + 1);
    int seen = 0; /* the good node's second pass ran: its unknown attribute is reported */
    for (size_t i = 0; i < d.count; i++)
        seen |= strstr(d.items[i].text, "unknown attribute \"what\"") != NULL;
    ck_assert_int_eq(seen, 1);
    rg_diags_destroy(&d);
    free(text);
}
END_TEST

START_TEST(numbers_past_2_53_are_refused)
{
    static const char *const nums[] = {
        "9007199254740992", "-9007199254740992", "9.3e18", "-9223372036854775808", "1e300", NULL};
    for (int i = 0; nums[i]; i++) {
        char buf[2048];
        snprintf(buf, sizeof buf,
                 "{\"relgraph\": 1, \"schema\": %s, \"nodes\": [{\"id\": \"a\", \"kind\": "
                 "\"org\", \"name\": \"A\", \"n\": %s}]}",
                 schema, nums[i]);
        rg_diags d;
        rg_diags_init(&d, 10);
        rg_graph *g = load_text(buf, strlen(buf), &d);
        if (i < 2) {
            ck_assert_ptr_nonnull(g);
        } else {
            ck_assert_ptr_null(g);
            ck_assert_ptr_nonnull(strstr(d.items[0].text, "out of range"));
        }
        rg_graph_free(g);
        rg_diags_destroy(&d);
    }
}
END_TEST

START_TEST(a_byte_order_mark_is_skipped)
{
    char buf[2048];
    memcpy(buf, "\xEF\xBB\xBF", 3);
    size_t n = catalogue(buf + 3, sizeof buf - 3, "", "", "A");
    rg_diags d;
    rg_diags_init(&d, 10);
    rg_graph *g = load_text(buf, n + 3, &d);
    ck_assert_ptr_nonnull(g);
    ck_assert_uint_eq(g->nnodes, 2);
    rg_graph_free(g);
    rg_diags_destroy(&d);
}
END_TEST

START_TEST(reads_are_bounded)
{
    char *text = NULL;
    size_t len = 0;
    rg_error err;
    ck_assert_int_eq(rg_read_file_max("/dev/zero", 1000, &text, &len, &err), RG_ELIMIT);
    ck_assert_ptr_nonnull(strstr(err.text, "larger than the limit of 1000 bytes"));
    char path[] = "/tmp/rg_test_loadXXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    ck_assert_int_eq(write(fd, "0123456789", 10), 10);
    close(fd);
    ck_assert_int_eq(rg_read_file_max(path, 10, &text, &len, &err), RG_OK);
    ck_assert_uint_eq(len, 10);
    free(text);
    ck_assert_int_eq(rg_read_file_max(path, 9, &text, &len, &err), RG_ELIMIT);
    /* the largest limit a caller can pass ("no limit"): the whole file,
     * not a buffer sized by an overflowed MAX + 1 */
    ck_assert_int_eq(rg_read_file_max(path, SIZE_MAX, &text, &len, &err), RG_OK);
    ck_assert_uint_eq(len, 10);
    ck_assert_int_eq(memcmp(text, "0123456789", 10), 0);
    free(text);
    unlink(path);
}
END_TEST

START_TEST(an_exact_id_always_resolves)
{
    char buf[2048];
    snprintf(buf, sizeof buf,
             "{\"relgraph\": 1, \"schema\": %s, \"nodes\": ["
             "{\"id\": \"pita\", \"kind\": \"org\", \"name\": \"One\"},"
             "{\"id\": \"PITA\", \"kind\": \"org\", \"name\": \"Two\"},"
             "{\"id\": \"x\", \"kind\": \"org\", \"name\": \"Three\", \"aliases\": [\"one\"]}]}",
             schema);
    rg_diags d;
    rg_diags_init(&d, 10);
    rg_graph *g = load_text(buf, strlen(buf), &d);
    ck_assert_ptr_nonnull(g);
    int64_t n = -1;
    rg_error e;
    ck_assert_int_eq(rg_graph_resolve(g, "pita", &n, &e), RG_OK);
    ck_assert_int_eq(n, 0);
    ck_assert_int_eq(rg_graph_resolve(g, "PITA", &n, &e), RG_OK);
    ck_assert_int_eq(n, 1);
    ck_assert_int_eq(rg_graph_resolve(g, "Pita", &n, &e), RG_EAMBIGUOUS);
    ck_assert_int_eq(rg_graph_resolve(g, "ONE", &n, &e), RG_EAMBIGUOUS);
    rg_graph_free(g);
    rg_diags_destroy(&d);
}
END_TEST

START_TEST(messages_escape_what_a_terminal_acts_on)
{
    char buf[2048];
    snprintf(
        buf, sizeof buf,
        "{\"relgraph\": 1, \"schema\": %s, \"nodes\": [{\"id\": \"a\", \"kind\": \"org\", "
        "\"name\": \"A\", \"\\u001b[31m\\n\xc2\x9b\xe2\x80\xae\xf0\x9f\x98\x80\xc3\xa9\": 1}]}",
        schema);
    rg_diags d;
    rg_diags_init(&d, 10);
    rg_graph *g = load_text(buf, strlen(buf), &d);
    ck_assert_ptr_null(g);
    ck_assert_uint_eq(d.count, 1);
    /* ESC, newline, CSI (C1), RIGHT-TO-LEFT OVERRIDE escaped; the emoji and
     * the accented letter kept as they are */
    ck_assert_ptr_nonnull(
        strstr(d.items[0].text, "\"\\u001B[31m\\u000A\\u009B\\u202E\xf0\x9f\x98\x80\xc3\xa9\""));
    rg_graph_free(g);
    rg_diags_destroy(&d);
}
END_TEST

/* The loader's fast path (rg_jfast.h) reads the usual shapes as jansson
 * does, and leaves the rest (escapes, reals, long integers, duplicate keys,
 * malformed text, deep nesting) to jansson. */
START_TEST(the_fast_path_reads_what_jansson_reads)
{
    static const struct {
        const char *text;
        size_t len; /* 0: strlen */
        int fast;   /* read by the fast path */
    } cases[] = {
        {" {\"b\": \"x\", \"a\": [true, false, null, {}, []], \"c\": -0, \"d\": 123456789012345678,"
         " \"e\": \"\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\", \"\": {\"z\": -7}} \n",
         0, 1},
        {"{}", 0, 1},
        {"{\"a\": \"x\\n\"}", 0, 0},             /* an escape */
        {"{\"a\\u0062\": 1}", 0, 0},             /* an escape in a key */
        {"{\"a\": 1.5}", 0, 0},                  /* a real */
        {"{\"a\": 1e3}", 0, 0},                  /* a real */
        {"{\"a\": 1234567890123456789}", 0, 0},  /* 19 digits */
        {"{\"a\": 99999999999999999999}", 0, 0}, /* too big for jansson */
        {"{\"a\": 01}", 0, 0},                   /* malformed */
        {"{\"a\": -}", 0, 0},                    /* malformed */
        {"{\"a\": 1, \"a\": 2}", 0, 0},          /* a duplicate key */
        {"{\"a\": tru}", 0, 0},                  /* malformed */
        {"{\"a\": truex}", 0, 0},                /* malformed */
        {"{\"a\": true\0}", 12, 0},              /* a NUL byte jansson overlooks */
        {"{\"a\": \"\x01\"}", 0, 0},             /* a control character */
        {"{\"a\": \"\xc0\x80\"}", 0, 0},         /* an overlong form */
        {"{\"a\": \"\xed\xa0\x80\"}", 0, 0},     /* a surrogate */
        {"{\"a\": \"x}", 0, 0},                  /* unterminated */
        {"{\"a\": 1,}", 0, 0},                   /* a trailing comma */
        {"{\"a\": 1} x", 0, 0},                  /* stray text */
        {"[1]", 0, 0},                           /* not an object */
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        size_t len = cases[i].len ? cases[i].len : strlen(cases[i].text);
        json_t *f = rg_jfast_parse(cases[i].text, len);
        json_error_t je;
        json_t *j = json_loadb(cases[i].text, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
        ck_assert_msg((f != NULL) == cases[i].fast, "case %zu: fast path %s", i,
                      f ? "read it" : "left it");
        if (f)
            ck_assert_msg(j && json_same(f, j), "case %zu: not jansson's values", i);
        json_decref(f);
        json_decref(j);
    }
    char deep[1024];
    size_t n = 0;
    deep[n++] = '{';
    for (int k = 0; k < 70; k++)
        n += (size_t)snprintf(deep + n, sizeof deep - n, "\"a\":{");
    for (int k = 0; k < 71; k++)
        deep[n++] = '}';
    ck_assert_ptr_null(rg_jfast_parse(deep, n)); /* past 64 levels: jansson's */
}
END_TEST

/* With the library's allocator installed (as the CLI does), an element
 * larger than the arena's first chunk loads, and the next ones too. */
START_TEST(a_large_element_loads_through_the_arena)
{
    rg_load_json_alloc(malloc, free);
    size_t big = 300000;
    char *name = malloc(big + 1);
    memset(name, 'x', big);
    name[big] = '\0';
    size_t cap = big + 4096;
    char *buf = malloc(cap);
    size_t len = catalogue(buf, cap, "", "", name);
    rg_diags d;
    rg_diags_init(&d, 20);
    rg_graph *g = load_text(buf, len, &d);
    ck_assert_msg(g != NULL, "%s", d.count ? d.items[0].text : "?");
    ck_assert_uint_eq(g->nnodes, 2);
    ck_assert_uint_eq(g->nedges, 2);
    ck_assert_uint_eq(strlen(g->nodes[0].name), big);
    ck_assert_str_eq(g->nodes[1].name, "B");
    rg_graph_free(g);
    rg_diags_destroy(&d);
    free(buf);
    free(name);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("load");
    TCase *tc = tcase_create("load");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, every_byte_between_elements_agrees_with_jansson);
    tcase_add_test(tc, two_byte_sequences_in_a_name_agree_with_jansson);
    tcase_add_test(tc, three_and_four_byte_edges_agree_with_jansson);
    tcase_add_test(tc, top_level_keys_are_decoded_as_jansson_does);
    tcase_add_test(tc, many_diagnostics_past_the_first_node_scan);
    tcase_add_test(tc, numbers_past_2_53_are_refused);
    tcase_add_test(tc, a_byte_order_mark_is_skipped);
    tcase_add_test(tc, reads_are_bounded);
    tcase_add_test(tc, an_exact_id_always_resolves);
    tcase_add_test(tc, messages_escape_what_a_terminal_acts_on);
    tcase_add_test(tc, the_fast_path_reads_what_jansson_reads);
    tcase_add_test(tc, a_large_element_loads_through_the_arena);
    suite_add_tcase(s, tc);
    return rg_run_suite(s);
}
