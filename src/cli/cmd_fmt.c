/* cmd_fmt.c: `relgraph fmt FILE...`: rewrite catalogues in the canonical
 * layout (src/load/rg_fmt.h), or with --check say which are not in it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../load/rg_fmt.h"
#include "../load/rg_load.h"
#include "cli.h"
#include "cmd_render.h"

static const char help[] =
    "usage: relgraph fmt FILE... [--check] [-o OUT]\n"
    "\n"
    "Rewrites each catalogue FILE in place in the one canonical layout, so that a\n"
    "change to a catalogue shows in git as the lines of the elements it changed:\n"
    "top-level keys in the order of docs/format.md (relgraph, title, schema,\n"
    "nodes, edges), two spaces of indentation, each node and edge on a line of\n"
    "its own; a node's keys as id, kind, name, aliases, its attributes in the\n"
    "order its schema declares them, cite, disputes (an edge's: from, to, kind,\n"
    "attributes, cite, disputes; a citation's: source, at, quote).  Every value\n"
    "is kept exactly: strings by their characters (UTF-8 as it is), numbers as\n"
    "written.  A file is valid before it is formatted (see 'relgraph check');\n"
    "a file already canonical is not touched; the rewrite is atomic.\n"
    "\n"
    "options:\n"
    "  --check             change nothing: name each FILE that is not canonical,\n"
    "                      with the first line that differs, and exit 1\n"
    "  -o, --output OUT    write the canonical form of the one FILE to OUT\n"
    "                      ('-': standard output) instead of rewriting it\n"
    "\n"
    "Exit status: 0 when done (or, with --check, when every FILE is canonical),\n"
    "1 when --check finds a file that is not, 2 on an error (a file that cannot\n"
    "be read, is not valid, or a wrong command line).\n";

#define MAX_FILES 256

/* The first line where A and B differ (1-based). */
static int first_diff_line(const char *a, size_t na, const char *b, size_t nb)
{
    int line = 1;
    for (size_t i = 0; i < na && i < nb && a[i] == b[i]; i++)
        line += a[i] == '\n';
    return line;
}

/* Formats one file; returns 0 (canonical or rewritten), 1 (--check: not
 * canonical) or 2. */
static int fmt_one(cli *c, const char *path, int check, const char *out)
{
    rg_graph *g = cli_load(c, path);
    if (g == NULL)
        return EXIT_USAGE;
    char *text = NULL;
    size_t len = 0;
    rg_error err = {0};
    rg_buf b;
    rg_buf_init(&b);
    int rc = 0;
    if (rg_read_file(path, &text, &len, &err) != RG_OK ||
        rg_fmt(path, text, len, g->schema, &b, &err) != RG_OK) {
        if (err.line > 0)
            cli_error("%s:%d:%d: %s", path, err.line, err.column, err.text);
        else
            cli_error("fmt: %s", err.text);
        rc = EXIT_USAGE;
    } else if (check) {
        if (b.len != len || memcmp(b.data, text, len) != 0) {
            fprintf(stderr, "%s:%d: not in the canonical layout; 'relgraph fmt %s' rewrites it\n",
                    path, first_diff_line(text, len, b.data, b.len), path);
            rc = 1;
        }
    } else if (out) {
        rc = render_write("fmt", out, strcmp(out, "-") == 0 ? NULL : path, b.data, b.len) ? 2 : 0;
    } else if (b.len != len || memcmp(b.data, text, len) != 0) {
        rc = render_write("fmt", path, NULL, b.data, b.len) ? 2 : 0;
        if (rc == 0)
            printf("%s: rewritten in the canonical layout\n", path);
    }
    free(text);
    rg_buf_destroy(&b);
    rg_graph_free(g);
    return rc;
}

int cmd_fmt(cli *c, int argc, char **argv)
{
    const char *pos[MAX_FILES], *out = NULL;
    size_t npos;
    int want_help, check = 0;
    const opt opts[] = {
        {"check", 0, NULL, &check, 0}, {"output", 1, &out, NULL, 'o'}, {NULL, 0, NULL, NULL, 0}};
    if (cli_parse("fmt", argc, argv, opts, pos, MAX_FILES, &npos, &want_help) != 0)
        return EXIT_USAGE;
    if (want_help) {
        fputs(help, stdout);
        return 0;
    }
    if (npos == 0) {
        cli_error("fmt: name the catalogue to format; see 'relgraph fmt --help'");
        return EXIT_USAGE;
    }
    if (out && (npos > 1 || check)) {
        cli_error("fmt: -o takes one FILE and no --check");
        return EXIT_USAGE;
    }
    int worst = 0;
    for (size_t i = 0; i < npos; i++) {
        int rc = fmt_one(c, pos[i], check, out);
        worst = rc > worst ? rc : worst;
    }
    return worst;
}
