/* cmd_export.c: `relgraph export FORMAT [-o FILE]`: the catalogue for other
 * tools (GraphML, GEXF, node-link JSON, Neo4j CSV, DOT). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../io/rg_io.h"
#include "../load/rg_load.h"
#include "cli.h"
#include "cmd_render.h"

static const char help[] =
    "usage: relgraph [--graph FILE] export FORMAT [-o FILE]\n"
    "\n"
    "Writes the catalogue (default: the --graph file, else the default catalogue)\n"
    "for another tool.  Every node keeps its id, kind, name, aliases, attributes\n"
    "(typed where the format has types) and citations; every edge its ends,\n"
    "kind, attributes and citations.  The same catalogue gives the same bytes.\n"
    "\n"
    "formats:\n"
    "  graphml  GraphML with typed keys (yEd, Gephi, igraph, NetworkX)\n"
    "  gexf     GEXF 1.2 for Gephi; kinds as attributes, and each counterparty's\n"
    "           coverage status from the gaps analysis as \"status\" (when the\n"
    "           schema's roles let gaps run)\n"
    "  json     node-link JSON (NetworkX node_link_graph, D3)\n"
    "  neo4j    the CSV files of Neo4j's bulk importer: -o DIR gets nodes.csv and\n"
    "           relationships.csv (see docs/import-export.md for the import command)\n"
    "  dot      Graphviz DOT with every fact kept as data attributes; 'relgraph\n"
    "           import dot' reads it back\n"
    "\n"
    "options:\n"
    "  -o, --output FILE          write FILE (a folder for neo4j) instead of standard\n"
    "                             output; written whole or not at all\n"
    "  --audience public|internal public: leave out what the schema marks\n"
    "                             non-public (default: internal, everything)\n"
    "\n"
    "Exit status: 0 on success, 1 when the catalogue is invalid or the output cannot\n"
    "be written, 2 for a wrong command line.  Formats: docs/import-export.md.\n";

static const struct {
    const char *name;
    rg_export_format f;
} formats[] = {{"graphml", RG_EXPORT_GRAPHML},
               {"gexf", RG_EXPORT_GEXF},
               {"json", RG_EXPORT_JSON},
               {"neo4j", RG_EXPORT_NEO4J_NODES},
               {"dot", RG_EXPORT_DOT}};

/* Neo4j's two files: both are made before either is written. */
static int export_neo4j(const rg_graph *g, const char *dir, const char *input)
{
    rg_buf nodes, edges;
    rg_buf_init(&nodes);
    rg_buf_init(&edges);
    rg_error err;
    int rc = 0;
    if (rg_export(g, RG_EXPORT_NEO4J_NODES, NULL, &nodes, &err) != RG_OK ||
        rg_export(g, RG_EXPORT_NEO4J_EDGES, NULL, &edges, &err) != RG_OK) {
        cli_error("export: %s", err.text);
        rc = 1;
    } else if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        cli_error("export: unable to make the folder '%s': %s", dir, strerror(errno));
        rc = 1;
    } else {
        size_t n = strlen(dir) + 32;
        char *p = malloc(n);
        if (p == NULL) {
            cli_error("out of memory");
            rc = 1;
        } else {
            snprintf(p, n, "%s/nodes.csv", dir);
            rc = render_write("export", p, input, nodes.data, nodes.len);
            snprintf(p, n, "%s/relationships.csv", dir);
            if (rc == 0)
                rc = render_write("export", p, input, edges.data, edges.len);
            free(p);
        }
    }
    rg_buf_destroy(&nodes);
    rg_buf_destroy(&edges);
    return rc;
}

static int export_one(const rg_graph *g, rg_export_format f, const char *out, const char *input)
{
    const char **status = NULL;
    rg_error err;
    if (f == RG_EXPORT_GEXF && rg_export_statuses(g, &status, &err) != RG_OK)
        status = NULL; /* gaps cannot run on this schema: no status attribute */
    rg_buf b;
    rg_buf_init(&b);
    int rc = 0;
    if (rg_export(g, f, status, &b, &err) != RG_OK) {
        cli_error("export: %s", err.text);
        rc = 1;
    } else {
        rc = render_write("export", out ? out : "-", input, b.data ? b.data : "", b.len);
    }
    rg_buf_destroy(&b);
    rg_export_statuses_free(status, g->nnodes);
    return rc;
}

int cmd_export(cli *c, int argc, char **argv)
{
    const char *pos[1], *out = NULL;
    render_args ra = {0};
    size_t npos;
    int want_help;
    const opt opts[] = {{"output", 1, &out, NULL, 'o'},
                        {"audience", 1, &ra.audience, NULL, 0},
                        {NULL, 0, NULL, NULL, 0}};
    if (cli_parse("export", argc, argv, opts, pos, 1, &npos, &want_help) != 0)
        return EXIT_USAGE;
    if (want_help) {
        fputs(help, stdout);
        return 0;
    }
    if (npos == 0) {
        cli_error("export: name a format: graphml, gexf, json, neo4j or dot; see 'relgraph "
                  "export --help'");
        return EXIT_USAGE;
    }
    size_t fi = 0;
    while (fi < sizeof formats / sizeof *formats && strcmp(formats[fi].name, pos[0]) != 0)
        fi++;
    if (fi == sizeof formats / sizeof *formats) {
        cli_error("export: '%s' is not a format; choose graphml, gexf, json, neo4j or dot", pos[0]);
        return EXIT_USAGE;
    }
    if (formats[fi].f == RG_EXPORT_NEO4J_NODES && (out == NULL || strcmp(out, "-") == 0)) {
        cli_error("export: neo4j writes two files (nodes.csv, relationships.csv); name their "
                  "folder with -o DIR");
        return EXIT_USAGE;
    }
    rg_graph *g = cli_load(c, NULL);
    if (g == NULL)
        return EXIT_INVALID;
    rg_graph *base = NULL;
    rg_withheld w;
    int rc = cli_audience("export", ra.audience, &g, &base, &w);
    if (rc == 0)
        rc = formats[fi].f == RG_EXPORT_NEO4J_NODES
                 ? export_neo4j(g, out, (base ? base : g)->file)
                 : export_one(g, formats[fi].f, out, (base ? base : g)->file);
    rg_graph_free(g);
    rg_graph_free(base);
    return rc;
}
