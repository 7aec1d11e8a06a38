/* fuzz_schema.c: libFuzzer harness for the schema loader.
 *
 * The input is written as schema.json in a private folder and loaded the
 * way a catalogue's schema path is (bounded read, byte-order mark, strict
 * JSON, then the schema's own checks and roles).  Whatever relgraph accepts
 * jansson must accept too. */
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "load/rg_load.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char catalogue[] = "{\"relgraph\": 1, \"schema\": \"schema.json\", \"nodes\": []}";

static char dir[64], path[96];

static void cleanup(void)
{
    unlink(path);
    rmdir(dir);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (dir[0] == '\0') {
        snprintf(dir, sizeof dir, "/tmp/relgraph-fuzz-XXXXXX");
        if (mkdtemp(dir) == NULL)
            abort();
        snprintf(path, sizeof path, "%s/schema.json", dir);
        atexit(cleanup);
    }
    FILE *f = fopen(path, "wb");
    if (f == NULL || (size && fwrite(data, 1, size, f) != size) || fclose(f) != 0)
        abort();
    rg_diags d;
    rg_diags_init(&d, 20);
    rg_graph *g = NULL;
    rg_error err;
    rg_status st = rg_load_buffer("fuzz.json", catalogue, sizeof catalogue - 1, dir, &g, &d, &err);
    if (st == RG_OK) {
        size_t bom = size >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
        json_error_t je;
        json_t *j = json_loadb((const char *)data + bom, size - bom,
                               JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
        if (j == NULL || !json_is_object(j))
            abort(); /* relgraph accepted a schema jansson refuses */
        json_decref(j);
    } else if (d.count == 0 && st != RG_ENOMEM) {
        abort();
    }
    rg_graph_free(g);
    rg_diags_destroy(&d);
    return 0;
}
