/* cli_json.h: the one JSON envelope of every command (docs/output.md).
 *
 *   {"command": "gaps", "catalogue": "graphs/icann-ssr.json",
 *    "sha256": "…", "as_of": "2016-08-31", "options": {…},
 *    "result": {…}, "errors": []}
 *
 * A command that fails with --format json prints the same envelope with
 * "result": null and its errors (message, and file, line and column where
 * known) on standard output, besides the usual message on standard error,
 * so that a program reads one format whatever happens. */
#ifndef RG_CLI_JSON_H
#define RG_CLI_JSON_H

#include "../core/rg_jsonw.h"
#include "../graph/rg_graph.h"

typedef struct cli_env {
    rg_buf buf;
    rg_jsonw w;
} cli_env;

/* Opens the envelope and writes command, catalogue, sha256 and as_of (AS_OF
 * NULL: the catalogue's date; "": none, the answer holds for all dates).
 * G may be NULL (no catalogue loaded). */
void cli_env_begin(cli_env *e, const char *cmd, const rg_graph *g, const char *as_of);
/* Writes "options": {NAME: VALUE, ...} (VALUE NULL: null). */
void cli_env_options(cli_env *e, const char *const *names, const char *const *values, size_t n);
/* Writes the key "result"; the caller writes its value with e->w. */
void cli_env_result(cli_env *e);
/* From here on the envelope goes to standard output as it is written, a
 * megabyte at a time (rg_buf_stream), rather than whole at cli_env_end: for
 * one complete, checked answer, whose writing allocates nothing. */
void cli_env_stream(cli_env *e);
/* Closes the envelope ("errors": []) and prints it; 0, or 1 on a write error. */
int cli_env_end(cli_env *e);

/* JSON mode for errors: from here on, cli_error and cli_json_diag also
 * record their messages, and cli_json_flush prints them as an error
 * envelope when the command printed none. */
void cli_json_mode(const char *cmd);
void cli_json_diag(const char *file, int line, int column, const char *message);
void cli_json_catalogue(const char *path);
void cli_json_flush(void);

#endif
