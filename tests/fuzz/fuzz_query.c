/* fuzz_query.c: libFuzzer harness for the query language.
 *
 * Each input is the text of a query, run against a small catalogue loaded
 * once (tests/cases/hostile-query/hostile.json: the 28 nodes of the test
 * fixture, some named with newlines, ESC, C1 controls and U+FFFE, under a
 * 602-byte title): parse, run, and render
 * every answer as text, JSON and a subgraph, as `relgraph query` does; on
 * an error, the excerpt under the caret.  Crashes, leaks and undefined
 * behaviour are what ASan, UBSan and clang's float-cast-overflow report; the
 * harness adds the library's own promises: an error always has a message,
 * and a text answer is valid UTF-8 without a raw control character (a
 * newline inside a row would forge one).  Build and run: tests/fuzz/README.md. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/rg_result.h"
#include "core/rg_utf8.h"
#include "load/rg_load.h"
#include "query/rg_query.h"

static rg_graph *graph;

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    rg_error err;
    if (rg_load_file(RELGRAPH_SOURCE_DIR "/tests/cases/hostile-query/hostile.json", &graph, NULL,
                     &err) != RG_OK)
        abort();
    return 0;
}

/* A text answer is well-formed UTF-8 with no control character (C0, DEL,
 * C1) but the newlines that end its lines. */
static void check_text(const rg_buf *b)
{
    for (size_t i = 0; i < b->len;) {
        uint32_t cp;
        size_t n = rg_utf8_decode(b->data + i, b->len - i, &cp);
        if (cp == RG_UTF8_BAD || (cp < 0x20 && cp != '\n') || (cp >= 0x7f && cp <= 0x9f))
            abort();
        i += n;
    }
}

static rg_status emit(void *ctx, const rg_result *r, rg_output out, rg_error *err)
{
    (void)ctx;
    (void)out;
    (void)err;
    rg_buf b;
    rg_buf_init(&b);
    rg_result_text(r, &b);
    check_text(&b);
    rg_buf_clear(&b);
    rg_result_json(r, &b);
    rg_buf_clear(&b);
    rg_result_subgraph(r, &b);
    rg_buf_destroy(&b);
    return RG_OK;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *text = (const char *)data;
    rg_query *q = NULL;
    rg_error err;
    memset(&err, 0, sizeof err);
    rg_status st = rg_query_parse("fuzz", text, size, &q, &err);
    if (st == RG_OK) {
        memset(&err, 0, sizeof err);
        st = rg_query_run(q, graph, emit, NULL, &err);
        rg_query_free(q);
    }
    if (st != RG_OK) {
        if (err.text[0] == '\0')
            abort(); /* an error without a message */
        rg_buf b;
        rg_buf_init(&b);
        rg_query_excerpt(text, size, err.line, err.column, &b);
        rg_buf_destroy(&b);
    }
    return 0;
}
