/* cmd_import.c: `relgraph import table|nodes|dot FILE`: a catalogue from a
 * spreadsheet table, node and edge lists, or a Graphviz diagram.  Written
 * whole or not at all: the catalogue made is checked before one byte is
 * written. */
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../io/rg_io.h"
#include "cli.h"
#include "cmd_render.h"

static const char help[] =
    "usage: relgraph import table FILE.csv [options]\n"
    "       relgraph import nodes NODES.csv [--edges EDGES.csv] [options]\n"
    "       relgraph import dot FILE.gv [options]\n"
    "\n"
    "Makes a catalogue (docs/format.md) that passes 'relgraph check':\n"
    "  table  a relationship table with the review team's columns Relationship,\n"
    "         Documentation and SSR-related elements, one row per relationship:\n"
    "         each row gives a counterparty, its agreement (title, date, address,\n"
    "         \"document cannot be located online\") and the quoted clauses, or\n"
    "         \"None.\", \"Unknown\", or a working link (\"None. ICANN staff ...\")\n"
    "  nodes  plain lists: NODES.csv with columns id, kind, name (then aliases,\n"
    "         cite and any attribute of the schema), EDGES.csv with from, to,\n"
    "         kind (then cite and attributes); Neo4j's headers (id:ID, :LABEL,\n"
    "         :START_ID, :END_ID, :TYPE, name:string ...) are read too, so\n"
    "         'relgraph export neo4j' comes back unchanged\n"
    "  dot    a Graphviz diagram (through libcgraph): nodes, edges, labels and\n"
    "         their line in the file; 'relgraph export dot' comes back unchanged\n"
    "Every fact cites its row (or line) of FILE unless the file gives citations.\n"
    "\n"
    "options:\n"
    "  --schema FILE      the schema (default: the default catalogue's schema;\n"
    "                     for dot, the minimal schema of docs/import-export.md)\n"
    "  --schema-ref PATH  write \"schema\": PATH instead of embedding the schema\n"
    "                     (PATH relative to the output's folder)\n"
    "  --edges FILE       (nodes) the edge list\n"
    "  --hub NAME         (table) the body the table is about, party to every\n"
    "                     agreement (default: the name the agreement titles give\n"
    "                     most often besides the counterparty)\n"
    "  --party ATTR=VALUE, --hub-party ATTR=VALUE\n"
    "                     (table) an attribute of the counterparty's (or the hub's)\n"
    "                     party edges, for a schema that requires one\n"
    "  --title TEXT       the catalogue's title (default: the file's name)\n"
    "  -o, --output FILE  write FILE instead of standard output\n"
    "\n"
    "Errors are FILE:ROW:COLUMN: message (FILE:LINE for dot; row 1 is the header)\n"
    "and nothing is written when any row fails.  Exit status: 0 on success, 1 when\n"
    "the input has errors, 2 for a wrong command line.  See docs/import-export.md.\n";

/* The default catalogue's schema: schema.json beside it. */
static const char *default_schema(char *buf, size_t n)
{
    const char *g = cli_default_graph();
    if (g == NULL)
        return NULL;
    const char *slash = strrchr(g, '/');
    if (slash)
        snprintf(buf, n, "%.*s/schema.json", (int)(slash - g), g);
    else
        snprintf(buf, n, "schema.json");
    return buf;
}

static void print_diags(const rg_diags *d)
{
    for (size_t i = 0; i < d->count; i++) {
        const rg_diag *g = &d->items[i];
        if (g->line > 0 && g->column > 0)
            fprintf(stderr, "%s:%d:%d: %s\n", g->file, g->line, g->column, g->text);
        else if (g->line > 0)
            fprintf(stderr, "%s:%d: %s\n", g->file, g->line, g->text);
        else
            fprintf(stderr, "%s: %s\n", g->file, g->text);
    }
    if (d->truncated)
        fprintf(stderr, "relgraph: import: too many errors; stopped after %zu\n", d->count);
    else if (d->count > 1)
        fprintf(stderr, "relgraph: import: %zu errors; nothing written\n", d->count);
}

typedef struct import_req {
    const char *what, *file, *edges, *out;
    rg_import_opts o;
} import_req;

static int run_import(const import_req *q)
{
    char dir[PATH_MAX], roots[2 * PATH_MAX];
    rg_import_opts o = q->o;
    if (q->out && strrchr(q->out, '/')) {
        snprintf(dir, sizeof dir, "%.*s", (int)(strrchr(q->out, '/') - q->out), q->out);
        o.out_dir = dir;
    }
    /* the schema's own folder may hold it, as may RELGRAPH_SCHEMA_PATH */
    const char *env = getenv("RELGRAPH_SCHEMA_PATH");
    const char *sp = o.schema_path ? o.schema_path : "./";
    snprintf(roots, sizeof roots, "%.*s%s%s", strrchr(sp, '/') ? (int)(strrchr(sp, '/') - sp) : 1,
             strrchr(sp, '/') ? sp : ".", env && env[0] ? ":" : "", env && env[0] ? env : "");
    o.schema_roots = roots;
    rg_diags d;
    rg_diags_init(&d, 50);
    rg_buf out;
    rg_buf_init(&out);
    rg_error err = {0};
    rg_status st;
    if (strcmp(q->what, "table") == 0)
        st = rg_import_table(q->file, &o, &out, &d, &err);
    else if (strcmp(q->what, "nodes") == 0)
        st = rg_import_lists(q->file, q->edges, &o, &out, &d, &err);
    else
        st = rg_import_dot(q->file, &o, &out, &d, &err);
    int rc = 0;
    if (st != RG_OK) {
        if (d.count)
            print_diags(&d);
        else
            cli_error("import: %s", err.text);
        rc = EXIT_INVALID;
    } else {
        rc = render_write("import", q->out ? q->out : "-", q->file, out.data, out.len);
    }
    rg_buf_destroy(&out);
    rg_diags_destroy(&d);
    return rc;
}

int cmd_import(cli *c, int argc, char **argv)
{
    const char *pos[2];
    import_req q = {0};
    size_t npos;
    int want_help;
    const opt opts[] = {{"schema", 1, &q.o.schema_path, NULL, 0},
                        {"schema-ref", 1, &q.o.schema_ref, NULL, 0},
                        {"edges", 1, &q.edges, NULL, 0},
                        {"hub", 1, &q.o.hub, NULL, 0},
                        {"hub-party", 1, &q.o.hub_party, NULL, 0},
                        {"party", 1, &q.o.party, NULL, 0},
                        {"title", 1, &q.o.title, NULL, 0},
                        {"output", 1, &q.out, NULL, 'o'},
                        {NULL, 0, NULL, NULL, 0}};
    if (cli_parse("import", argc, argv, opts, pos, 2, &npos, &want_help) != 0)
        return EXIT_USAGE;
    if (want_help) {
        fputs(help, stdout);
        return 0;
    }
    if (npos < 2) {
        cli_error("import: name what to import and the file: import table FILE.csv, import "
                  "nodes NODES.csv [--edges EDGES.csv] or import dot FILE.gv; see 'relgraph "
                  "import --help'");
        return EXIT_USAGE;
    }
    q.what = pos[0];
    q.file = pos[1];
    if (strcmp(q.what, "table") && strcmp(q.what, "nodes") && strcmp(q.what, "dot")) {
        cli_error("import: '%s' is not a kind of input; choose table, nodes or dot", q.what);
        return EXIT_USAGE;
    }
    if (q.edges && strcmp(q.what, "nodes") != 0) {
        cli_error("import: --edges goes with 'import nodes'");
        return EXIT_USAGE;
    }
    if ((q.o.hub || q.o.hub_party || q.o.party) && strcmp(q.what, "table") != 0) {
        cli_error("import: --hub, --hub-party and --party go with 'import table'");
        return EXIT_USAGE;
    }
    char sbuf[PATH_MAX];
    if (q.o.schema_path == NULL && strcmp(q.what, "dot") != 0 &&
        (q.o.schema_path = default_schema(sbuf, sizeof sbuf)) == NULL) {
        cli_error("import: no default catalogue, so no default schema: pass --schema FILE");
        return EXIT_USAGE;
    }
    return run_import(&q);
}
