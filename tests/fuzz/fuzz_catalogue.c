/* fuzz_catalogue.c: libFuzzer harness for the catalogue loader, with a
 * differential check against jansson.
 *
 * Whatever relgraph accepts, jansson (json_loadb with JSON_REJECT_DUPLICATES,
 * the strictest it offers) must accept too, and the catalogue's node and
 * edge counts must be the lengths of its "nodes" and "edges" arrays: the
 * loader walks the text with its own cursor, and a disagreement between the
 * two once dropped elements without a word.  A catalogue names its schema by
 * path relative to graphs/ (as "schema.json") or inline.
 *
 * The loader's fast path for elements (rg_jfast_parse) is checked on each
 * input as a whole: whatever it reads, json_loadb reads as the same values
 * with keys in the same order.  The library's jansson allocator (its
 * per-element arena) is installed as the CLI installs it. */
#include <jansson.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../json_same.h"
#include "load/rg_jfast.h"
#include "load/rg_load.h"

int LLVMFuzzerInitialize(int *argc, char ***argv);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerInitialize(int *argc, char ***argv)
{
    (void)argc;
    (void)argv;
    rg_load_json_alloc(malloc, free);
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    json_t *fast = rg_jfast_parse((const char *)data, size);
    if (fast != NULL) {
        json_error_t fe;
        json_t *j =
            json_loadb((const char *)data, size, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &fe);
        if (j == NULL || !json_same(fast, j))
            abort(); /* the fast path read what jansson refuses, or read it otherwise */
        json_decref(j);
        json_decref(fast);
    }
    rg_diags d;
    rg_diags_init(&d, 20);
    rg_graph *g = NULL;
    rg_error err;
    rg_status st = rg_load_buffer("fuzz.json", (const char *)data, size,
                                  RELGRAPH_SOURCE_DIR "/graphs", &g, &d, &err);
    if (st == RG_OK) {
        /* a leading byte-order mark is the one thing relgraph takes that
         * jansson does not */
        size_t bom = size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
        json_error_t je;
        json_t *j = json_loadb((const char *)data + bom, size - bom, JSON_REJECT_DUPLICATES, &je);
        if (j == NULL)
            abort(); /* relgraph accepted what jansson refuses */
        if (g->nnodes != json_array_size(json_object_get(j, "nodes")) ||
            g->nedges != json_array_size(json_object_get(j, "edges")))
            abort(); /* elements lost or invented */
        json_decref(j);
    } else if (d.count == 0 && st != RG_ENOMEM) {
        abort(); /* a refusal must say why */
    }
    rg_graph_free(g);
    rg_diags_destroy(&d);
    return 0;
}
