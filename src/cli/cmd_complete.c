/* cmd_complete.c: `relgraph complete nodes [PREFIX]`, for the bash
 * completion (completion/relgraph.bash): the ids and short names of the
 * catalogue's nodes that start with PREFIX (case-insensitively), one a
 * line, sorted, each once.  Not listed in --help: it serves the shell. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "../core/rg_sort.h"
#include "../load/rg_load.h"
#include "cli.h"

static int str_cmp(const void *a, const void *b, void *ctx)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

int cmd_complete(cli *c, int argc, char **argv)
{
    if (argc < 2 || strcmp(argv[1], "nodes") != 0 || argc > 3) {
        cli_error("complete: usage: relgraph complete nodes [PREFIX] (for the shell's completion)");
        return EXIT_USAGE;
    }
    const char *prefix = argc == 3 ? argv[2] : "";
    size_t plen = strlen(prefix);
    rg_graph *g = cli_load(c, NULL);
    if (g == NULL)
        return EXIT_INVALID;
    const char **words = malloc((2 * g->nnodes + 1) * sizeof *words);
    if (words == NULL) {
        rg_graph_free(g);
        cli_error("out of memory");
        return EXIT_INVALID;
    }
    size_t n = 0;
    for (size_t v = 0; v < g->nnodes; v++) {
        const char *id = g->nodes[v].id, *label = rg_node_label(g, &g->nodes[v]);
        if (strncasecmp(id, prefix, plen) == 0)
            words[n++] = id;
        if (label != g->nodes[v].name && strncasecmp(label, prefix, plen) == 0)
            words[n++] = label;
    }
    int rc = rg_sort(words, n, sizeof *words, str_cmp, NULL) != 0;
    rg_buf b;
    rg_buf_init(&b);
    for (size_t i = 0; !rc && i < n; i++)
        if (i == 0 || strcmp(words[i], words[i - 1]) != 0)
            rg_buf_printf(&b, "%s\n", words[i]);
    rc = rc ? EXIT_INVALID : cli_emit(&b);
    rg_buf_destroy(&b);
    free(words);
    rg_graph_free(g);
    return rc;
}
