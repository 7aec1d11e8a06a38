/* fuzz_render.c: libFuzzer harness for catalogue -> DOT, SVG and HTML.
 *
 * Each input is a catalogue (JSON; its "schema" path is resolved in the
 * source tree's graphs/, so "schema.json" is the bundled schema).  What
 * loads is drawn as the overview in DOT and, when small, laid out as SVG;
 * and a report page is assembled with the summary and that diagram.  Past
 * ASan, UBSan and float-cast-overflow, the harness checks what a reader's
 * tools need: every output is well-formed UTF-8, and neither the SVG nor the
 * HTML holds a character XML or HTML forbids (C0 controls but tab and
 * newline, C1 controls, U+FFFE, U+FFFF and the other noncharacters).  The
 * status attribute alternates between one with declared values and one
 * without (a legend once crashed on the latter).  Build and run:
 * tests/fuzz/README.md. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/rg_utf8.h"
#include "load/rg_load.h"
#include "render/rg_render.h"
#include "render/rg_report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* MARKUP: also no character that XML 1.0 or HTML refuses. */
static void check(const char *s, size_t n, int markup)
{
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t len = rg_utf8_decode(s + i, n - i, &cp);
        if (cp == RG_UTF8_BAD)
            abort();
        if (markup && ((cp < 0x20 && cp != '\n' && cp != '\t' && cp != '\r') || cp == 0x7f ||
                       (cp >= 0x80 && cp <= 0x9f) || rg_utf8_nonchar(cp)))
            abort();
        i += len;
    }
}

static void draw(const rg_graph *g, const rg_render_opts *o)
{
    rg_view v;
    rg_error err;
    if (rg_view_overview(g, o, &v, &err) != RG_OK)
        return;
    char *out = NULL;
    size_t len = 0;
    if (rg_render(&v, o, RG_FMT_DOT, &out, &len, &err) == RG_OK)
        check(out, len, 0);
    free(out);
    out = NULL;
    /* Graphviz's layout dominates the time: SVG for small views only */
    if (rg_view_count(&v) <= 40 && rg_render(&v, o, RG_FMT_SVG, &out, &len, &err) == RG_OK)
        check(out, len, 1);
    free(out);
    if (rg_view_count(&v) <= 40) {
        rg_report rep;
        rg_report_meta m = {"fuzz", "fuzz.json", "0", "", "2020-01-01", NULL, "internal"};
        rg_report_init(&rep, g, o);
        rg_report_provenance(&rep, &m, v.hidden);
        rg_report_summary(&rep);
        char *html = NULL, *md = NULL;
        if (rg_report_diagram(&rep, &v, "overview.svg", &err) == RG_OK &&
            rg_report_finish(&rep, &m, &html, &md, &err) == RG_OK) {
            check(html, strlen(html), 1);
            check(md, strlen(md), 0);
        }
        free(html);
        free(md);
        rg_report_destroy(&rep);
    }
    rg_view_destroy(&v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    rg_graph *g = NULL;
    rg_error err;
    if (rg_load_buffer("fuzz.json", (const char *)data, size, RELGRAPH_SOURCE_DIR "/graphs", &g,
                       NULL, &err) != RG_OK)
        return 0;
    rg_render_opts o;
    memset(&o, 0, sizeof o);
    o.status_attr = size % 2 ? "short_name" : "ssr_elements";
    o.cluster_edge = "in_region";
    o.link_attr = "url";
    draw(g, &o);
    rg_graph_free(g);
    return 0;
}
