/* cmd_render.h: what `render` shares with `report` and `query`: the
 * options that set the visual grammar (defaults from the schema's roles),
 * the audience, and writing a file. */
#ifndef RG_CMD_RENDER_H
#define RG_CMD_RENDER_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "../analysis/rg_result.h"
#include "../graph/rg_audience.h"
#include "../render/rg_render.h"
#include "cli.h"

/* The style options as given on the command line (NULL: the default). */
typedef struct render_args {
    const char *status_attr, *cluster_edge, *link_attr, *fold;
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
    {"fold", 1, &(ra).fold, NULL, 0}
// clang-format on

/* Fills O for G from A.  Defaults are the schema's roles (status_attr,
 * link_attr, group_edge; the kinds clause_edge points to are folded); an
 * unbound role is simply not used (a schema with no groups has no
 * clusters); a value the user gave that the schema lacks is an error.  *FOLD receives a malloc'd
 * bitset (free it).  Returns 0, or EXIT_USAGE after printing an error. */
int render_opts_from_args(const char *cmd, const rg_graph *g, const render_args *a,
                          rg_render_opts *o, uint64_t **fold);

/* For --audience public: replaces *G by its public view (rg_audience.h),
 * keeping the catalogue in *BASE (free both; *BASE NULL when internal), and
 * sets O's count of what was withheld.  AUDIENCE NULL or "internal": no
 * change.  Returns 0, or an exit status after printing an error. */
int cli_audience(const char *cmd, const char *audience, rg_graph **g, rg_graph **base,
                 rg_withheld *w);

/* Runs each diagram's Graphviz part in a child process (cli_draw.c);
 * render_opts_from_args sets it. */
extern const rg_render_runner cli_draw_runner;

/* Runs JOB in a child process and returns its status and bytes; a child
 * that dies or fails becomes "WHAT failed: WHO stopped with SIGSEGV (often
 * out of memory); nothing was written" (cli_draw.c). */
rg_status cli_contained(const char *what, const char *who, rg_render_job job, void *arg, char **out,
                        size_t *len, rg_error *err);

/* cli_contained in two steps, so that the parent works while the child
 * does: cli_child_start forks the child (which runs JOB) and returns;
 * cli_child_finish waits for it and gives its status and bytes as
 * cli_contained does; cli_child_abandon kills it and cleans up (a child
 * whose input will not come).  Each started child is finished or
 * abandoned once. */
typedef struct cli_child {
    pid_t pid;
    int fd, efd; /* its answer and its messages (memfds) */
    const char *what, *who;
} cli_child;
rg_status cli_child_start(cli_child *k, const char *what, const char *who, rg_render_job job,
                          void *arg, rg_error *err);
rg_status cli_child_finish(cli_child *k, char **out, size_t *len, rg_error *err);
void cli_child_abandon(cli_child *k);

/* The --help lines for those options. */
extern const char render_args_help[];

/* Writes LEN bytes to PATH ("-": standard output), atomically; a file
 * replaced keeps its mode.  Refuses when PATH is the file INPUT (the
 * catalogue; NULL: no check).  0, or 1 after an error. */
int render_write(const char *cmd, const char *path, const char *input, const char *data,
                 size_t len);

#endif
