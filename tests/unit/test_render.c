/* test_render.c: unit tests of src/render: escaping (rg_markup), formats,
 * views, the size limit, deterministic DOT and SVG, the report's parts; and
 * of src/core/rg_sha256, which exists for the report (kept here rather
 * than in test_core.c, which another module's tests own). */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/rg_result.h"
#include "check_main.h"
#include "core/rg_sha256.h"
#include "load/rg_load.h"
#include "render/rg_markup.h"
#include "render/rg_render.h"
#include "render/rg_report.h"

#define SMALL RELGRAPH_SOURCE_DIR "/tests/fixtures/render/small.json"

static rg_graph *g;
static uint64_t fold[1];
static rg_render_opts opts;

static void setup(void)
{
    rg_error err;
    /* the fixture names the shipped schema, outside its own folder */
    rg_load_opts lo = {.schema_roots = RELGRAPH_SOURCE_DIR "/graphs"};
    ck_assert_int_eq(rg_load_file_opts(SMALL, &lo, &g, NULL, &err), RG_OK);
    memset(&opts, 0, sizeof opts);
    opts.status_attr = "ssr_elements";
    opts.cluster_edge = "in_region";
    opts.link_attr = "url";
    fold[0] = 0;
    rg_bit_set(fold, (size_t)rg_schema_node_kind(g->schema, "clause"));
    opts.fold_kinds = fold;
}

static void teardown(void)
{
    rg_graph_free(g);
}

static char *esc(void (*f)(rg_buf *, const char *), const char *s)
{
    rg_buf b;
    rg_buf_init(&b);
    f(&b, s);
    return rg_buf_detach(&b);
}

static void html0(rg_buf *b, const char *s)
{
    rg_esc_gv_html(b, s, 0);
}

START_TEST(sha256_known_answers)
{
    char hex[65], b64[45];
    rg_sha256_hex("", 0, hex);
    ck_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    rg_sha256_hex("abc", 3, hex);
    ck_assert_str_eq(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    /* 56 bytes: the padding needs a second block. */
    const char *two = "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq";
    rg_sha256_hex(two, strlen(two), hex);
    ck_assert_str_eq(hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    /* Fed in uneven pieces, as a file would be. */
    rg_sha256 s;
    unsigned char d[32];
    rg_sha256_init(&s);
    for (size_t i = 0; i < strlen(two); i += 7)
        rg_sha256_update(&s, two + i, strlen(two) - i < 7 ? strlen(two) - i : 7);
    rg_sha256_final(&s, d);
    ck_assert_int_eq(d[0], 0x24);
    ck_assert_int_eq(d[31], 0xc1);
    rg_sha256_base64("", 0, b64);
    ck_assert_str_eq(b64, "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=");
}
END_TEST

/* The SHA extensions' rounds (where the CPU has them) and the portable ones
 * agree for every length over a few blocks, fed whole and in pieces. */
START_TEST(sha256_both_paths_agree)
{
    unsigned char data[300];
    for (size_t i = 0; i < sizeof data; i++)
        data[i] = (unsigned char)(i * 131 + 7);
    for (size_t n = 0; n <= sizeof data; n++) {
        unsigned char d[2][32];
        for (int ni = 0; ni < 2; ni++) {
            rg_sha256 s;
            rg_sha256_init(&s);
            if (ni == 0)
                s.ni = 0;
            rg_sha256_update(&s, data, n / 3);
            rg_sha256_update(&s, data + n / 3, n - n / 3);
            rg_sha256_final(&s, d[ni]);
        }
        ck_assert_mem_eq(d[0], d[1], 32);
    }
    /* and the portable rounds give the known answer */
    rg_sha256 s;
    unsigned char d[32];
    rg_sha256_init(&s);
    s.ni = 0;
    rg_sha256_update(&s, "abc", 3);
    rg_sha256_final(&s, d);
    ck_assert_int_eq(d[0], 0xba);
    ck_assert_int_eq(d[31], 0xad);
}
END_TEST

START_TEST(graphviz_label_escapes)
{
    char *s = esc(html0, "a<b>&amp;\"q\" \\N\nnext");
    ck_assert_str_eq(s, "a&lt;b&gt;&amp;amp;&quot;q&quot; \\\\N<BR/>next");
    free(s);
    rg_buf b;
    rg_buf_init(&b);
    rg_esc_gv_html(&b, "one two three four", 8);
    ck_assert_str_eq(rg_buf_str(&b), "one two<BR/>three<BR/>four");
    rg_buf_destroy(&b);
    s = esc(rg_esc_gv_tooltip, "x\\y\n\"<z>\"");
    ck_assert_str_eq(s, "x\\\\\\\\y&#10;&quot;&lt;z&gt;&quot;");
    free(s);
}
END_TEST

START_TEST(xml_and_markdown_escapes)
{
    char *s = esc(rg_esc_xml, "<script>&amp;\"'\x01");
    ck_assert_str_eq(s, "&lt;script&gt;&amp;amp;&quot;&#39; ");
    free(s);
    s = esc(rg_esc_md, "- a|b *c* <i> 1.");
    ck_assert_str_eq(s, "\\- a\\|b \\*c\\* &lt;i&gt; 1.");
    free(s);
    s = esc(rg_esc_md, "12. item");
    ck_assert_str_eq(s, "12\\. item");
    free(s);
    s = esc(rg_esc_md, "0.1.0 -x");
    ck_assert_str_eq(s, "0.1.0 -x");
    free(s);
}
END_TEST

START_TEST(urls_only_http_escaped)
{
    rg_buf b;
    rg_buf_init(&b);
    ck_assert_int_eq(rg_esc_url(&b, "javascript:alert(1)"), 0);
    ck_assert_int_eq(rg_esc_url(&b, "data:text/html,x"), 0);
    ck_assert_int_eq(rg_esc_url(&b, "HTTP://upper"), 0);
    ck_assert_uint_eq(b.len, 0);
    ck_assert_int_eq(rg_esc_url(&b, "https://x.org/a b?c=1&d=\"<'%41%"), 1);
    ck_assert_str_eq(rg_buf_str(&b), "https://x.org/a%20b?c=1&amp;d=%22%3C%27%41%25");
    rg_buf_destroy(&b);
}
END_TEST

START_TEST(format_by_extension)
{
    rg_format f;
    rg_error err;
    ck_assert_int_eq(rg_format_from_path("-", &f, &err), RG_OK);
    ck_assert_int_eq(f, RG_FMT_DOT);
    ck_assert_int_eq(rg_format_from_path("a/b.svg", &f, &err), RG_OK);
    ck_assert_int_eq(f, RG_FMT_SVG);
    ck_assert_int_eq(rg_format_from_path("x.png", &f, &err), RG_OK);
    ck_assert_int_eq(f, RG_FMT_PNG);
    ck_assert_int_eq(rg_format_from_path("x.pdf", &f, &err), RG_OK);
    ck_assert_int_eq(f, RG_FMT_PDF);
    ck_assert_int_eq(rg_format_from_path("x.gv", &f, &err), RG_OK);
    ck_assert_int_eq(f, RG_FMT_DOT);
    ck_assert_int_eq(rg_format_from_path("x.jpg", &f, &err), RG_EUSAGE);
    ck_assert_int_eq(rg_format_from_path("dir.svg/x", &f, &err), RG_EUSAGE);
}
END_TEST

static int on(const rg_view *v, const char *id)
{
    return v->node_on[rg_graph_find_id(g, id)];
}

START_TEST(views_choose_nodes)
{
    rg_view v;
    rg_error err;
    /* Overview: no sources, no regions (clusters), no clauses (folded). */
    ck_assert_int_eq(rg_view_overview(g, &opts, &v, &err), RG_OK);
    ck_assert(on(&v, "hub") && on(&v, "gamma") && on(&v, "agr-1"));
    ck_assert(!on(&v, "src-1") && !on(&v, "region-north") && !on(&v, "cl-1"));
    ck_assert(v.fold_on[rg_graph_find_id(g, "cl-1")]);
    ck_assert_uint_eq(rg_view_count(&v), 8);
    ck_assert_uint_eq(v.hidden, 0);
    rg_view_destroy(&v);
    /* Region South: its bodies, what they link to and the hub, not Alpha;
     * the agreement between Beta and the hub folded into one edge. */
    ck_assert_int_eq(rg_view_region(g, &opts, rg_graph_find_id(g, "region-south"), &v, &err),
                     RG_OK);
    ck_assert(on(&v, "beta") && on(&v, "gamma") && on(&v, "p-1") && on(&v, "hub"));
    ck_assert(!on(&v, "alpha") && !on(&v, "agr-1") && !on(&v, "agr-2") && !on(&v, "agr-3"));
    ck_assert(v.fold_on[rg_graph_find_id(g, "agr-2")]);
    ck_assert_uint_eq(v.nlinks, 2); /* agr-2 (hub, Beta), agr-3 (hub, Gamma) */
    ck_assert_int_eq(v.links[0].from, rg_graph_find_id(g, "hub"));
    ck_assert_int_eq(v.links[0].to, rg_graph_find_id(g, "beta"));
    ck_assert_int_eq(v.links[0].via, rg_graph_find_id(g, "agr-2"));
    rg_view_destroy(&v);
    ck_assert_int_eq(rg_view_region(g, &opts, rg_graph_find_id(g, "alpha"), &v, &err),
                     RG_ENOTFOUND);
    /* Around Pat, one step: Hub and Beta; two steps: their agreements. */
    ck_assert_int_eq(rg_view_around(g, &opts, rg_graph_find_id(g, "p-1"), 1, &v, &err), RG_OK);
    ck_assert_uint_eq(rg_view_count(&v), 3);
    rg_view_destroy(&v);
    /* agr-2, between two drawn parties, is folded into an edge; agr-1, whose
     * other party is three steps away, is drawn */
    ck_assert_int_eq(rg_view_around(g, &opts, rg_graph_find_id(g, "p-1"), 2, &v, &err), RG_OK);
    ck_assert(on(&v, "agr-1") && !on(&v, "agr-2") && !on(&v, "alpha"));
    ck_assert_uint_eq(v.nlinks, 1);
    ck_assert_ptr_null(v.note);
    rg_view_destroy(&v);
    /* A selection: the nodes given and the edges between them. */
    int64_t sel[] = {rg_graph_find_id(g, "hub"), rg_graph_find_id(g, "agr-2"),
                     rg_graph_find_id(g, "beta")};
    ck_assert_int_eq(rg_view_nodes(g, &opts, sel, 3, "three", &v, &err), RG_OK);
    ck_assert_uint_eq(rg_view_count(&v), 3);
    size_t edges = 0;
    for (size_t j = 0; j < g->nedges; j++)
        edges += v.edge_on[j];
    ck_assert_uint_eq(edges, 2); /* hub -> agr-2 <- beta; p-1 is not selected */
    ck_assert_str_eq(v.title, "three");
    rg_view_destroy(&v);
    /* Public: drawn from the public view, where the internal body is not,
     * and what was withheld is counted. */
    rg_graph *pub;
    rg_withheld w;
    ck_assert_int_eq(rg_graph_public(g, &pub, &w, &err), RG_OK);
    ck_assert_int_lt(rg_graph_find_id(pub, "gamma"), 0);
    ck_assert_int_ge(rg_graph_find_id(pub, "alpha"), 0);
    ck_assert_uint_eq(w.nodes, 1);
    opts.withheld = w.nodes + w.edges;
    ck_assert_int_eq(rg_view_overview(pub, &opts, &v, &err), RG_OK);
    ck_assert_uint_eq(v.hidden, w.nodes + w.edges);
    rg_view_destroy(&v);
    rg_graph_free(pub);
}
END_TEST

START_TEST(short_titles_and_summary)
{
    rg_buf b;
    rg_buf_init(&b);
    rg_type_abbrev("memorandum of agreement", &b);
    ck_assert_str_eq(rg_buf_str(&b), "MoA");
    rg_buf_clear(&b);
    rg_type_abbrev("mou", &b);
    ck_assert_str_eq(rg_buf_str(&b), "mou");
    rg_buf_destroy(&b);
    /* The summary: the hub and the counterparties, one link each. */
    rg_view v;
    rg_error err;
    ck_assert_int_eq(rg_view_summary(g, &opts, "2025-06-30", &v, &err), RG_OK);
    ck_assert(on(&v, "hub") && !on(&v, "agr-1") && !on(&v, "cl-1"));
    size_t cps = 0;
    for (size_t i = 0; i < g->nnodes; i++)
        cps += v.status[i] != NULL;
    ck_assert_uint_gt(cps, 0);
    ck_assert_uint_ge(v.nlinks, cps);
    for (size_t k = 0; k < v.nlinks; k++)
        ck_assert(v.node_on[v.links[k].from] && v.node_on[v.links[k].to]);
    rg_view_destroy(&v);
}
END_TEST

START_TEST(render_is_deterministic_and_generated_ids)
{
    rg_view v;
    rg_error err;
    ck_assert_int_eq(rg_view_overview(g, &opts, &v, &err), RG_OK);
    char *a, *b;
    size_t na, nb;
    ck_assert_int_eq(rg_render(&v, &opts, RG_FMT_DOT, &a, &na, &err), RG_OK);
    ck_assert_int_eq(rg_render(&v, &opts, RG_FMT_DOT, &b, &nb, &err), RG_OK);
    ck_assert_uint_eq(na, nb);
    ck_assert(memcmp(a, b, na) == 0);
    ck_assert_ptr_nonnull(strstr(a, "\tn0\t"));
    ck_assert_ptr_null(strstr(a, "agr-1")); /* catalogue ids never name nodes */
    ck_assert_ptr_nonnull(strstr(a, "subgraph cluster_0"));
    ck_assert_ptr_nonnull(strstr(a, "label=<<TABLE")); /* the caption: title and legend */
    ck_assert_ptr_null(strstr(a, "other"));            /* no sample of a status not drawn */
    free(a);
    free(b);
    ck_assert_int_eq(rg_render(&v, &opts, RG_FMT_SVG, &a, &na, &err), RG_OK);
    ck_assert_int_eq(rg_render(&v, &opts, RG_FMT_SVG, &b, &nb, &err), RG_OK);
    ck_assert_uint_eq(na, nb);
    ck_assert(memcmp(a, b, na) == 0);
    ck_assert_ptr_nonnull(strstr(a, "<svg"));
    free(a);
    free(b);
    opts.max_nodes = 3;
    ck_assert_int_eq(rg_render(&v, &opts, RG_FMT_SVG, &a, &na, &err), RG_ELIMIT);
    ck_assert_ptr_nonnull(strstr(err.text, "sfdp"));
    ck_assert_ptr_null(a);
    rg_view_destroy(&v);
}
END_TEST

START_TEST(report_has_both_forms)
{
    rg_report r;
    rg_report_init(&r, g, &opts);
    rg_report_meta m = {"9.9",        "small.json", "abc123",  "--audience internal",
                        "2025-01-02", "42",         "internal"};
    rg_report_provenance(&r, &m, 0);
    rg_report_summary(&r);
    rg_view v;
    rg_error err;
    ck_assert_int_eq(rg_view_overview(g, &opts, &v, &err), RG_OK);
    ck_assert_int_eq(rg_report_diagram(&r, &v, "overview.svg", &err), RG_OK);
    rg_view_destroy(&v);
    const char *missing[] = {"saved <queries>"};
    rg_report_missing(&r, missing, 1);
    char *html, *md;
    ck_assert_int_eq(rg_report_finish(&r, &m, &html, &md, &err), RG_OK);
    ck_assert_ptr_nonnull(strstr(html, "Content-Security-Policy"));
    ck_assert_ptr_nonnull(strstr(html, "<svg"));
    ck_assert_ptr_null(strstr(html, "<?xml")); /* the SVG's prolog is not inlined */
    ck_assert_ptr_nonnull(strstr(html, "saved &lt;queries&gt;"));
    ck_assert_ptr_nonnull(strstr(md, "saved &lt;queries&gt;"));
    ck_assert_ptr_nonnull(strstr(md, "![Small test catalogue: overview](overview.svg)"));
    ck_assert_ptr_nonnull(strstr(md, "| organization | 4 |"));
    ck_assert_uint_eq(r.nfiles, 1);
    ck_assert_str_eq(r.files[0].name, "overview.svg");
    free(html);
    free(md);
    rg_report_destroy(&r);
}
END_TEST

START_TEST(report_renders_any_result_and_filters_rows)
{
    rg_result res;
    rg_result_init(&res, g, "demo");
    rg_result_title(&res, "Demo <analysis>");
    rg_result_note(&res, "a note & more");
    rg_table *t = rg_result_table(&res, "rows", "Rows", RG_STYLE_COLUMNS, "id", "n", NULL);
    ck_assert_ptr_nonnull(t);
    const char *ids[] = {"alpha", "gamma"};
    for (int i = 0; i < 2; i++) {
        rg_cell *row = rg_table_row(&res, t);
        rg_cell_str(&row[0], ids[i]);
        rg_cell_int(&row[1], i + 1);
    }
    {
        rg_report r;
        rg_report_init(&r, g, &opts);
        rg_report_result(&r, "demo", &res);
        const char *html = rg_buf_str(&r.html), *md = rg_buf_str(&r.md);
        ck_assert_ptr_nonnull(strstr(html, "<h2>Demo &lt;analysis&gt;</h2>"));
        ck_assert_ptr_nonnull(strstr(html, "a note &amp; more"));
        ck_assert_ptr_nonnull(strstr(html, "<tr><th>id</th><th>n</th></tr>"));
        ck_assert_ptr_nonnull(strstr(md, "| alpha | 1 |"));
        /* rows are not filtered by their text: a public report is made
         * from the public view (test_report.sh checks it end to end) */
        ck_assert_ptr_nonnull(strstr(md, "| gamma | 2 |"));
        rg_report_destroy(&r);
    }
    rg_result_destroy(&res);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("render");
    TCase *plain = tcase_create("markup");
    tcase_add_test(plain, sha256_known_answers);
    tcase_add_test(plain, sha256_both_paths_agree);
    tcase_add_test(plain, graphviz_label_escapes);
    tcase_add_test(plain, xml_and_markdown_escapes);
    tcase_add_test(plain, urls_only_http_escaped);
    tcase_add_test(plain, format_by_extension);
    suite_add_tcase(s, plain);
    TCase *tc = tcase_create("render");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, views_choose_nodes);
    tcase_add_test(tc, render_is_deterministic_and_generated_ids);
    tcase_add_test(tc, short_titles_and_summary);
    tcase_add_test(tc, report_has_both_forms);
    tcase_add_test(tc, report_renders_any_result_and_filters_rows);
    suite_add_tcase(s, tc);
    return rg_run_suite(s);
}
