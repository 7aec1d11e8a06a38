/* cli.h: what the commands share: the command table, option parsing,
 * loading the catalogue, and writing output.
 *
 * The CLI is the only part of relgraph that prints or exits.  Exit codes:
 * 0 success, 1 the question has a failing answer or the input is invalid,
 * 2 the command line is wrong. */
#ifndef RG_CLI_H
#define RG_CLI_H

#include <stddef.h>
#include <stdint.h>

#include "../core/rg_buf.h"
#include "../graph/rg_graph.h"
#include "../load/rg_load.h"

#define EXIT_INVALID 1
#define EXIT_USAGE 2

/* The progress line on standard error (cli_progress.c). */
typedef struct cli_progress {
    rg_progress p;
    int forced; /* --progress: show at once, even when stderr is not a terminal */
    int tty;    /* stderr is a terminal: one line rewritten with \r */
    int shown;  /* something of this step is on the screen */
    double start, last;
} cli_progress;

typedef struct cli {
    const char *graph_path; /* --graph, or NULL for the default catalogue */
    const char *prog;       /* "relgraph" */
    int verbose;            /* --verbose: say which file was loaded and why */
    int progress;           /* --progress 1, --no-progress 0, else -1: when stderr is a tty */
    cli_progress prog_state;
    int check_all; /* `check`: a compiled catalogue's parts all checked at load (rg_load_opts) */
} cli;

typedef struct command {
    const char *name;
    int (*run)(cli *c, int argc, char **argv); /* argv[0] is the command name */
    const char *summary;
} command;

/* An option table entry: NAME without dashes; TAKES_VALUE; where it goes. */
typedef struct opt {
    const char *name;
    int takes_value;
    const char **value; /* for options with a value */
    int *flag;          /* for flags */
    char short_name;    /* a one-letter spelling ('o' for -o), or 0 */
} opt;

/* Parses ARGV[1..] against OPTS; positional arguments go to POS (at most
 * MAXPOS).  "--help" sets *HELP.  Returns 0, or prints an error naming the
 * command and returns -1. */
int cli_parse(const char *cmd, int argc, char **argv, const opt *opts, const char **pos,
              size_t maxpos, size_t *npos, int *help);

/* Finds and loads the catalogue (a compiled one when it may: rg_load_any).
 * On failure prints every error and returns NULL. */
rg_graph *cli_load(cli *c, const char *path_override);
/* The same from JSON only, filling INFO (for `compile`). */
rg_graph *cli_load_json(cli *c, const char *path, rg_load_info *info);
/* Where loads and analyses report progress: NULL when it is not shown
 * (--no-progress, or stderr not a terminal without --progress). */
rg_progress *cli_progress_of(cli *c);
/* The default catalogue's path, or NULL when none is found. */
const char *cli_default_graph(void);
/* The folder of the running program (from /proc/self/exe) into DIR of
 * SIZE bytes: 0, or -1 when it cannot be read or does not fit. */
int cli_exe_dir(char *dir, size_t size);

/* Writes B to stdout; returns 0, or 1 after printing a write error. */
int cli_emit(rg_buf *b);
/* An rg_buf_stream sink: writes to standard output; 1 (said) on failure. */
int cli_sink(void *ctx, const char *s, size_t n);
void cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* SIGBUS: a file relgraph maps (a catalogue, a compiled catalogue) was
 * truncated by another program while in use, and a read went past its new
 * end.  Says so and exits 1, rather than a crash (async-signal-safe). */
void cli_on_sigbus(int sig);

/* Parses "a,b,c" as a set of kinds (node kinds when NODES). Returns a
 * malloc'd bitset, or NULL after printing an error. */
uint64_t *cli_kind_set(const rg_graph *g, const char *list, int nodes, const char *option);

/* Parses --format; returns 0 for text, 1 for json, -1 after an error. */
int cli_format(const char *cmd, const char *value);

/* Runs analysis NAME as a command: its options from the registry. */
int cli_run_analysis(cli *c, const char *name, int argc, char **argv);

int cmd_check(cli *c, int argc, char **argv);
int cmd_stats(cli *c, int argc, char **argv);
int cmd_links(cli *c, int argc, char **argv);
int cmd_find(cli *c, int argc, char **argv);
int cmd_query(cli *c, int argc, char **argv);
int cmd_render(cli *c, int argc, char **argv);
int cmd_report(cli *c, int argc, char **argv);
int cmd_explore(cli *c, int argc, char **argv);
int cmd_diff(cli *c, int argc, char **argv);
int cmd_fmt(cli *c, int argc, char **argv);
int cmd_complete(cli *c, int argc, char **argv);
/* `render diff OLD NEW -o FILE` (cmd_render_diff.c); ARGV[0] is "diff". */
int cmd_render_diff(cli *c, int argc, char **argv);
int cmd_import(cli *c, int argc, char **argv);
int cmd_export(cli *c, int argc, char **argv);
int cmd_compile(cli *c, int argc, char **argv);

#endif
