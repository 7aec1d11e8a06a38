/* main.c: relgraph's entry point: global options and the command table. */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../analysis/rg_registry.h"
#include "../core/rg_near.h"
#include "../load/rg_load.h"
#include "../load/rg_rgc.h"
#include "cli.h"
#include "cli_json.h"

/* The installed data (DATADIR/relgraph) from the installed binary's folder. */
#ifndef RELGRAPH_DATA_FROM_BIN
#define RELGRAPH_DATA_FROM_BIN "../share/relgraph"
#endif

static const command commands[] = {
    {"check", cmd_check, "validate a catalogue against its schema"},
    {"stats", cmd_stats, "count nodes and edges by kind"},
    {"links", cmd_links, "who links FROM to TO, explained with sources"},
    {"find", cmd_find, "list the nodes whose names contain TEXT"},
    {"query", cmd_query, "run a query (FILE, or -e 'TEXT'); see docs/query.md"},
    {"render", cmd_render, "draw a diagram: DOT, SVG, PNG or PDF"},
    {"report", cmd_report, "write the review report: HTML and Markdown"},
    {"explore", cmd_explore, "write a page to click through the catalogue: search, links, paths"},
    {"diff", cmd_diff, "what changed between two versions of a catalogue"},
    {"fmt", cmd_fmt, "rewrite a catalogue in the canonical layout (--check: is it?)"},
    {"import", cmd_import, "make a catalogue from a CSV table, node/edge lists or DOT"},
    {"export", cmd_export, "write the catalogue as GraphML, GEXF, JSON, Neo4j CSV or DOT"},
    {"compile", cmd_compile, "check a catalogue once; write FILE.rgc for fast loading"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: relgraph [--graph FILE] COMMAND [ARGS]\n"
               "\n"
               "A relationship graph of organisations, people, agreements and clauses:\n"
               "who links whom, with the sources that say so.\n"
               "\n"
               "commands:\n");
    for (size_t i = 0; i < sizeof commands / sizeof *commands; i++)
        fprintf(f, "  %-10s %s\n", commands[i].name, commands[i].summary);
    fprintf(f, "\nanalyses (also query functions; see docs/query.md):\n");
    for (size_t i = 0; i < rg_nanalyses; i++)
        if (rg_analyses[i]->report)
            fprintf(f, "  %-10s %s\n", rg_analyses[i]->name, rg_analyses[i]->summary);
    fprintf(f, "\n"
               "global options (before or after the command):\n"
               "  --graph FILE  the catalogue to use (default: the ICANN SSR catalogue,\n"
               "                graphs/icann-ssr.json; or $RELGRAPH_GRAPH when set): JSON,\n"
               "                or compiled (FILE.rgc, 'relgraph compile'); a JSON file's\n"
               "                FILE.rgc beside it is used when compiled from it as it is\n"
               "  --verbose     say on standard error which file was loaded, and why\n"
               "  --progress    show progress on standard error even when it is not a\n"
               "                terminal (default: on a terminal, for steps over a second)\n"
               "  --no-progress never show progress\n"
               "  --help        this text; 'relgraph COMMAND --help' for a command\n"
               "  --version     relgraph's version\n"
               "\n"
               "environment:\n"
               "  RELGRAPH_SCHEMA_PATH  folders (':'-separated) where a catalogue's schema may\n"
               "                        lie besides the catalogue's own folder tree\n"
               "  RELGRAPH_MAX_INPUT    the largest catalogue read (default 2G); see\n"
               "                        docs/format.md, \"Limits\"\n");
}

void cli_error(const char *fmt, ...)
{
    char msg[8192];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "relgraph: %s\n", msg);
    cli_json_diag(NULL, 0, 0, msg);
}

int cli_sink(void *ctx, const char *s, size_t n)
{
    (void)ctx;
    if (fwrite(s, 1, n, stdout) != n) {
        cli_error("unable to write the output");
        return 1;
    }
    return 0;
}

int cli_emit(rg_buf *b)
{
    if (b->sink_err)
        return 1; /* cli_sink said so */
    if (b->oom) {
        cli_error("out of memory");
        return 1;
    }
    if (b->len && fwrite(b->data, 1, b->len, stdout) != b->len) {
        cli_error("unable to write the output");
        return 1;
    }
    if (fflush(stdout) != 0) {
        cli_error("unable to write the output");
        return 1;
    }
    return 0;
}

int cli_parse(const char *cmd, int argc, char **argv, const opt *opts, const char **pos,
              size_t maxpos, size_t *npos, int *help)
{
    *npos = 0;
    *help = 0;
    int only_pos = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (only_pos || a[0] != '-' || a[1] == '\0') {
            if (*npos >= maxpos) {
                cli_error("%s: unexpected argument '%s'; see 'relgraph %s --help'", cmd, a, cmd);
                return -1;
            }
            pos[(*npos)++] = a;
            continue;
        }
        if (strcmp(a, "--") == 0) {
            only_pos = 1;
            continue;
        }
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            *help = 1;
            continue;
        }
        const opt *o = NULL;
        const char *name, *eq = NULL;
        size_t nlen;
        if (a[1] != '-') {
            /* a one-letter option: "-o FILE" */
            for (const opt *p = opts; p && p->name; p++)
                if (p->short_name && a[1] == p->short_name && a[2] == '\0')
                    o = p;
            if (o == NULL) {
                cli_error("%s: unknown option '%s'; see 'relgraph %s --help'", cmd, a, cmd);
                return -1;
            }
            name = o->name;
            nlen = strlen(name);
        } else {
            name = a + 2;
            eq = strchr(name, '=');
            nlen = eq ? (size_t)(eq - name) : strlen(name);
            for (const opt *p = opts; p && p->name; p++)
                if (strlen(p->name) == nlen && strncmp(p->name, name, nlen) == 0)
                    o = p;
        }
        if (o == NULL) {
            const char *names[64];
            size_t n = 0;
            for (const opt *p = opts; p && p->name && n < 64; p++)
                names[n++] = p->name;
            char word[128];
            snprintf(word, sizeof word, "%.*s", (int)nlen, name);
            const char *near = rg_nearest(word, names, n);
            if (near)
                cli_error("%s: unknown option '--%s'; did you mean '--%s'? (see 'relgraph %s "
                          "--help')",
                          cmd, word, near, cmd);
            else
                cli_error("%s: unknown option '--%s'; see 'relgraph %s --help'", cmd, word, cmd);
            return -1;
        }
        if (o->takes_value) {
            if (eq) {
                *o->value = eq + 1;
            } else if (i + 1 < argc) {
                *o->value = argv[++i];
            } else {
                cli_error("%s: option '--%s' needs a value", cmd, o->name);
                return -1;
            }
        } else {
            if (eq) {
                cli_error("%s: option '--%s' takes no value", cmd, o->name);
                return -1;
            }
            *o->flag = 1;
        }
    }
    return 0;
}

int cli_format(const char *cmd, const char *value)
{
    if (value == NULL || strcmp(value, "text") == 0)
        return 0;
    if (strcmp(value, "json") == 0) {
        cli_json_mode(cmd);
        return 1;
    }
    cli_error("%s: --format is 'text' or 'json', not '%s'", cmd, value);
    return -1;
}

static int readable(const char *p)
{
    return p && access(p, R_OK) == 0;
}

int cli_exe_dir(char *dir, size_t size)
{
    ssize_t n = readlink("/proc/self/exe", dir, size - 1);
    if (n <= 0 || (size_t)n >= size - 1) /* a full buffer may be cut short */
        return -1;
    dir[n] = '\0';
    char *slash = strrchr(dir, '/');
    if (slash == NULL)
        return -1;
    *slash = '\0';
    return 0;
}

const char *cli_default_graph(void)
{
    static char buf[PATH_MAX + 64];
    const char *env = getenv("RELGRAPH_GRAPH");
    if (env && env[0])
        return env;
    /* Installed: BINDIR/relgraph beside DATADIR/relgraph/ (found from the
     * binary's own path, so an installed tree may be moved). */
    char exe[PATH_MAX];
    if (cli_exe_dir(exe, sizeof exe) == 0) {
        snprintf(buf, sizeof buf, "%s/%s/icann-ssr.json", exe, RELGRAPH_DATA_FROM_BIN);
        if (readable(buf))
            return buf;
        snprintf(buf, sizeof buf, "%s/graphs/icann-ssr.json", exe);
        if (readable(buf))
            return buf;
    }
#ifdef RELGRAPH_SOURCE_GRAPH
    if (readable(RELGRAPH_SOURCE_GRAPH))
        return RELGRAPH_SOURCE_GRAPH;
#endif
#ifdef RELGRAPH_INSTALL_GRAPH
    if (readable(RELGRAPH_INSTALL_GRAPH))
        return RELGRAPH_INSTALL_GRAPH;
#endif
    if (readable("graphs/icann-ssr.json"))
        return "graphs/icann-ssr.json";
    return NULL;
}

static void print_diags(const rg_diags *d)
{
    for (size_t i = 0; i < d->count; i++) {
        const rg_diag *g = &d->items[i];
        if (g->line > 0)
            fprintf(stderr, "%s:%d:%d: %s\n", g->file, g->line, g->column, g->text);
        else
            fprintf(stderr, "%s: %s\n", g->file, g->text);
        cli_json_diag(g->file, g->line, g->column, g->text);
    }
}

/* Appends DIR (the folder of FILE) to the ':'-list B. */
static void add_folder_of(rg_buf *b, const char *file)
{
    const char *slash = strrchr(file, '/');
    if (slash == NULL)
        return;
    rg_buf_printf(b, "%s%.*s", b->len ? ":" : "", (int)(slash - file), file);
}

/* Where a catalogue's schema may lie besides the catalogue's own folder
 * tree: the folder of the schema shipped with relgraph (so that a catalogue
 * anywhere may name graphs/schema.json), then $RELGRAPH_SCHEMA_PATH. */
static void schema_roots(rg_buf *b)
{
    char exe[PATH_MAX], buf[PATH_MAX + 64];
    if (cli_exe_dir(exe, sizeof exe) == 0) {
        snprintf(buf, sizeof buf, "%s/%s/schema.json", exe, RELGRAPH_DATA_FROM_BIN);
        add_folder_of(b, buf);
    }
#ifdef RELGRAPH_SOURCE_GRAPH
    add_folder_of(b, RELGRAPH_SOURCE_GRAPH);
#endif
#ifdef RELGRAPH_INSTALL_GRAPH
    add_folder_of(b, RELGRAPH_INSTALL_GRAPH);
#endif
    const char *env = getenv("RELGRAPH_SCHEMA_PATH");
    if (env && env[0])
        rg_buf_printf(b, "%s%s", b->len ? ":" : "", env);
}

/* $RELGRAPH_MAX_INPUT: bytes, or with a K, M or G suffix (powers of 1024).
 * 0 (the default limit) when unset; -1 when not a size. */
static int max_input(size_t *out)
{
    *out = 0;
    const char *env = getenv("RELGRAPH_MAX_INPUT");
    if (env == NULL || env[0] == '\0')
        return 0;
    char *end;
    errno = 0;
    unsigned long long v = strtoull(env, &end, 10);
    int shift = 0;
    if (*end == 'K' || *end == 'k')
        shift = 10;
    else if (*end == 'M' || *end == 'm')
        shift = 20;
    else if (*end == 'G' || *end == 'g')
        shift = 30;
    if (shift)
        end++;
    if (errno || end == env || *end != '\0' || env[0] == '-' || v == 0 ||
        v > (SIZE_MAX / 2) >> shift)
        return -1;
    *out = (size_t)v << shift;
    return 0;
}

/* Loads PATH: as rg_load_any does, or from JSON only into INFO. */
static rg_graph *load_path(cli *c, const char *path, rg_load_info *info)
{
    rg_load_opts lo;
    memset(&lo, 0, sizeof lo);
    if (max_input(&lo.max_bytes) != 0) {
        cli_error("RELGRAPH_MAX_INPUT is a size in bytes, e.g. 4G or 500M; not '%s'",
                  getenv("RELGRAPH_MAX_INPUT"));
        return NULL;
    }
    rg_buf roots;
    rg_buf_init(&roots);
    schema_roots(&roots);
    lo.schema_roots = roots.len ? rg_buf_str(&roots) : NULL;
    lo.info = info;
    lo.progress = cli_progress_of(c);
    lo.check_all = c->check_all;
    rg_diags d;
    rg_diags_init(&d, 50);
    rg_error err = {0};
    rg_graph *g = NULL;
    char note[PATH_MAX * 2 + 512];
    note[0] = '\0';
    rg_status st = info ? rg_load_file_opts(path, &lo, &g, &d, &err)
                        : rg_load_any(path, &lo, &g, &d, &err, note, sizeof note);
    rg_buf_destroy(&roots);
    if (c->verbose && note[0])
        fprintf(stderr, "relgraph: %s\n", note);
    /* Out of memory is said alone: what the loader found after an
     * allocation failed (a kind left out of its index, then "not declared")
     * is an artefact of the failure, not an error in the file. */
    if (st == RG_ENOMEM || (st != RG_OK && d.count == 0)) {
        fprintf(stderr, "%s: %s\n", path, err.text);
        cli_json_diag(path, 0, 0, err.text);
    } else if (st != RG_OK) {
        print_diags(&d);
        if (d.truncated)
            fprintf(stderr, "%s: too many errors; stopped after %zu\n", path, d.count);
        else if (d.count > 1)
            fprintf(stderr, "%s: %zu errors\n", path, d.count);
    }
    rg_diags_destroy(&d);
    if (g)
        g->progress = lo.progress;
    return g;
}

rg_graph *cli_load_json(cli *c, const char *path, rg_load_info *info)
{
    cli_json_catalogue(path);
    return load_path(c, path, info);
}

rg_graph *cli_load(cli *c, const char *path_override)
{
    const char *path = path_override ? path_override : c->graph_path;
    if (path == NULL)
        path = cli_default_graph();
    if (path == NULL) {
        cli_error("no catalogue found: pass --graph FILE or set RELGRAPH_GRAPH");
        return NULL;
    }
    /* the default catalogue is named by its file name: its full path
     * depends on where relgraph was built or installed */
    const char *shown = path;
    if (path_override == NULL && c->graph_path == NULL && strrchr(path, '/'))
        shown = strrchr(path, '/') + 1;
    cli_json_catalogue(shown);
    rg_graph *g = load_path(c, path, NULL);
    if (g && shown != path && (g->shown = rg_arena_strdup(&g->arena, shown)) == NULL) {
        cli_error("out of memory");
        rg_graph_free(g);
        return NULL;
    }
    return g;
}

uint64_t *cli_kind_set(const rg_graph *g, const char *list, int nodes, const char *option)
{
    const rg_schema *s = g->schema;
    size_t nk = nodes ? s->n_node_kinds : s->n_edge_kinds;
    uint64_t *bits = calloc((nk + 63) / 64 + 1, sizeof *bits);
    if (bits == NULL) {
        cli_error("out of memory");
        return NULL;
    }
    const char *p = list;
    while (*p) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)(len < 255 ? len : 255), p);
        int k = nodes ? rg_schema_node_kind(s, name) : rg_schema_edge_kind(s, name);
        if (k < 0) {
            rg_buf b;
            rg_buf_init(&b);
            rg_schema_kind_list(s, nodes, &b);
            cli_error("%s: '%s' is not a %s kind of this catalogue (it has: %s)", option, name,
                      nodes ? "node" : "edge", rg_buf_str(&b));
            rg_buf_destroy(&b);
            free(bits);
            return NULL;
        }
        rg_bit_set(bits, (size_t)k);
        p += len;
        if (*p == ',')
            p++;
    }
    return bits;
}

/* Global options after the command ("stats --graph x.json") are taken as
 * if written before it: a user should not have to know where they go.
 * Removes them from ARGV[1..ARGC) (up to a "--"); returns the new count, or
 * -1 after an error. */
static int take_global_options(cli *c, int argc, char **argv)
{
    int out = 1, only_pos = 0;
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!only_pos && strcmp(a, "--") == 0)
            only_pos = 1;
        if (!only_pos && strcmp(a, "--graph") == 0) {
            if (i + 1 >= argc) {
                cli_error("%s: --graph needs a file", argv[0]);
                return -1;
            }
            c->graph_path = argv[++i];
        } else if (!only_pos && strncmp(a, "--graph=", 8) == 0) {
            c->graph_path = a + 8;
        } else if (!only_pos && strcmp(a, "--verbose") == 0) {
            c->verbose = 1;
        } else if (!only_pos && (strcmp(a, "--progress") == 0 || strcmp(a, "--no-progress") == 0)) {
            c->progress = strcmp(a, "--progress") == 0;
        } else {
            argv[out++] = argv[i];
        }
    }
    argv[out] = NULL;
    return out;
}

/* jansson's allocations (rg_load_json_alloc): out of memory ends the
 * process here, as git's xmalloc does, rather than hand jansson 2.14 a NULL
 * that its lexer mishandles (a heap corruption, or a syntax error that is
 * not one).  Nothing is half-written at that point: jansson runs only while
 * a file is read, and every output is written, beside its target and
 * renamed, after the reading is done.  write(2), not stdio: no allocation. */
static void *json_malloc_or_exit(size_t n)
{
    void *p = malloc(n);
    if (p == NULL && n > 0) {
        static const char msg[] = "relgraph: out of memory\n";
        ssize_t w = write(STDERR_FILENO, msg, sizeof msg - 1);
        (void)w;
        exit(EXIT_INVALID);
    }
    return p;
}

void cli_on_sigbus(int sig)
{
    (void)sig;
    static const char msg[] =
        "relgraph: a catalogue file was cut short while it was read (truncated or rewritten in "
        "place by another program); run again, and replace a catalogue by writing a new file and "
        "renaming it\n";
    ssize_t w = write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)w;
    _exit(EXIT_INVALID);
}

int main(int argc, char **argv)
{
    cli c = {.graph_path = NULL, .prog = "relgraph", .progress = -1};
    struct sigaction bus = {.sa_handler = cli_on_sigbus};
    sigemptyset(&bus.sa_mask);
    sigaction(SIGBUS, &bus, NULL);
    rg_library_init();
    rg_load_json_alloc(json_malloc_or_exit, free);
    int i = 1;
    for (; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--graph") == 0) {
            if (i + 1 >= argc) {
                cli_error("--graph needs a file");
                return EXIT_USAGE;
            }
            c.graph_path = argv[++i];
        } else if (strncmp(a, "--graph=", 8) == 0) {
            c.graph_path = a + 8;
        } else if (strcmp(a, "--verbose") == 0) {
            c.verbose = 1;
        } else if (strcmp(a, "--progress") == 0 || strcmp(a, "--no-progress") == 0) {
            c.progress = a[2] == 'p';
        } else if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            usage(stdout);
            return 0;
        } else if (strcmp(a, "--version") == 0) {
            printf("relgraph %s\n", RELGRAPH_VERSION);
            return 0;
        } else if (a[0] == '-') {
            cli_error("unknown option '%s'; see 'relgraph --help'", a);
            return EXIT_USAGE;
        } else {
            break;
        }
    }
    if (i >= argc) {
        usage(stderr);
        return EXIT_USAGE;
    }
    if (strcmp(argv[i], "help") == 0) {
        if (i + 1 < argc) {
            char *args[] = {argv[i + 1], "--help", NULL};
            for (size_t k = 0; k < sizeof commands / sizeof *commands; k++)
                if (strcmp(commands[k].name, argv[i + 1]) == 0)
                    return commands[k].run(&c, 2, args);
            const rg_analysis_def *d = rg_analysis_find(argv[i + 1]);
            if (d && d->report)
                return cli_run_analysis(&c, d->name, 2, args);
        }
        usage(stdout);
        return 0;
    }
    int nargs = take_global_options(&c, argc - i, argv + i);
    if (nargs < 0)
        return EXIT_USAGE;
    argc = i + nargs;
    if (strcmp(argv[i], "complete") == 0) /* for the shell; not in --help */
        return cmd_complete(&c, argc - i, argv + i);
    const rg_analysis_def *d = rg_analysis_find(argv[i]);
    if (d && d->report) {
        int rc = cli_run_analysis(&c, d->name, argc - i, argv + i);
        cli_json_flush();
        return rc;
    }
    for (size_t k = 0; k < sizeof commands / sizeof *commands; k++)
        if (strcmp(commands[k].name, argv[i]) == 0) {
            int rc = commands[k].run(&c, argc - i, argv + i);
            cli_json_flush();
            return rc;
        }
    const char *names[sizeof commands / sizeof *commands + 16];
    size_t nn = 0;
    for (size_t k = 0; k < sizeof commands / sizeof *commands; k++)
        names[nn++] = commands[k].name;
    for (size_t k = 0; k < rg_nanalyses && nn < sizeof names / sizeof *names; k++)
        if (rg_analyses[k]->report)
            names[nn++] = rg_analyses[k]->name;
    const char *near = rg_nearest(argv[i], names, nn);
    if (near)
        cli_error("'%s' is not a relgraph command; did you mean '%s'? (see 'relgraph --help')",
                  argv[i], near);
    else
        cli_error("'%s' is not a relgraph command; see 'relgraph --help'", argv[i]);
    return EXIT_USAGE;
}
