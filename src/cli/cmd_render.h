/* cmd_render.h: what `render` shares with `report`: the options that set
 * the visual grammar for a catalogue, with the defaults for the ICANN SSR
 * schema, and writing a file. */
#ifndef RG_CMD_RENDER_H
#define RG_CMD_RENDER_H

#include <stddef.h>
#include <stdint.h>

#include "../analysis/rg_result.h"
#include "../render/rg_render.h"
#include "cli.h"

/* The style options as given on the command line (NULL: the default). */
typedef struct render_args {
    const char *status_attr, *cluster_edge, *link_attr, *fold, *conf_attr;
    const char *audience;
} render_args;

/* The option-table entries that fill a render_args named RA (the style
 * options `render` and `report` share). */
// clang-format off
#define RENDER_ARGS_OPTS(ra)                              \
    {"audience", 1, &(ra).audience, NULL, 0},             \
    {"status-attr", 1, &(ra).status_attr, NULL, 0},       \
    {"cluster-edge", 1, &(ra).cluster_edge, NULL, 0},     \
    {"link-attr", 1, &(ra).link_attr, NULL, 0},           \
    {"fold", 1, &(ra).fold, NULL, 0},                     \
    {"conf-attr", 1, &(ra).conf_attr, NULL, 0}
// clang-format on

/* Fills O for G from A.  A default that the schema does not know is
 * dropped silently (another schema simply has no regions); a value the
 * user gave that it does not know is an error.  *FOLD receives a malloc'd
 * bitset (free it).  Returns 0, or EXIT_USAGE after printing an error. */
int render_opts_from_args(const char *cmd, const rg_graph *g, const render_args *a,
                          rg_render_opts *o, uint64_t **fold);

/* The --help lines for those options. */
extern const char render_args_help[];

/* Writes LEN bytes to PATH ("-": standard output), atomically; a file
 * replaced keeps its mode.  Refuses when PATH is the file INPUT (the
 * catalogue; NULL: no check).  0, or 1 after an error. */
int render_write(const char *cmd, const char *path, const char *input, const char *data,
                 size_t len);

/* Per-node status words from the gaps analysis's result (its main table's
 * "id" and "status" columns), for colouring a view; WORDS lists them in
 * legend order.  Free STATUS and WORDS; the words belong to RES. */
typedef struct gaps_colours {
    const char **status; /* per node, NULL for none */
    const char **words;
    size_t nwords;
} gaps_colours;

int gaps_colours_from(const rg_graph *g, const rg_result *res, gaps_colours *gc);

#endif
