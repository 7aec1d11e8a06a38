/* cmd_explore.c: `relgraph explore [-o FILE.html]`: one self-contained page
 * to click through the catalogue (src/render/rg_explore.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../load/rg_load.h"
#include "../query/rg_call.h"
#include "../render/rg_explore.h"
#include "cli.h"
#include "cmd_render.h"

#define DEFAULT_OUTPUT "explorer.html"

static const char help[] =
    "usage: relgraph [--graph FILE] explore [-o FILE.html] [options]\n"
    "\n"
    "Writes one self-contained HTML page to click through the catalogue: the\n"
    "overview drawing (pan with the mouse, zoom with the wheel or the buttons),\n"
    "a search box over names and aliases, filters by kind, region and coverage\n"
    "status, a panel with a node's or an edge's facts, the sentences 'relgraph\n"
    "links' says and every citation with its quote, and the shortest\n"
    "connections between two nodes chosen, highlighted in the drawing.\n"
    "Everything shown is computed by relgraph and embedded; the page fetches\n"
    "nothing (its Content-Security-Policy allows only its own script and style\n"
    "sheet, by hash) and opens from a file in any current browser.\n"
    "\n"
    "options:\n"
    "  -o, --output FILE   where to write the page, .html or .htm (default\n"
    "                      " DEFAULT_OUTPUT "; '-' for standard output)\n"
    "  --as-of DATE        the date of the coverage status (the gaps analysis),\n"
    "                      YYYY-MM-DD (default: the catalogue's as_of, else the\n"
    "                      latest date it states)\n"
    "  --max-nodes N       refuse an overview of more nodes (default 1000)\n"
    "  --path-budget N     embed at most N entries of the connections' lists\n"
    "                      (default 500000; see below)\n"
    "  --audience public|internal\n"
    "                      public: only the public part of the catalogue (see\n"
    "                      'relgraph render --help'); default internal\n"
    "  --status-attr NAME  the node attribute whose value fills the nodes\n"
    "  --cluster-edge KIND the edge kind whose targets are the regions\n"
    "  --fold K,...        node kinds drawn inside their neighbours' tooltips\n"
    "                      (they stay searchable)\n"
    "\n"
    "The connections are those 'relgraph links A B' lists (shortest, at most\n"
    "its limit): relgraph embeds, for each node, the next steps toward it on\n"
    "shortest paths, hubs first, within a size budget (500000 entries, about\n"
    "2 MB; every node for catalogues up to about 600 nodes); the page says when\n"
    "a pair is past it.  Addresses (the link attribute) are shown as text, not\n"
    "links.  Exit status: 0 on success, 1 when the page cannot be made (an\n"
    "overview too large), 2 for a wrong command line.\n";

typedef struct explore_req {
    const char *output, *as_of, *max_nodes, *path_budget;
    render_args ra;
    long max, budget;
} explore_req;

static int count_option(const char *option, const char *text, long hi, long *out)
{
    char *end;
    long v = strtol(text, &end, 10);
    if (!text[0] || *end || v < 1 || v > hi) {
        cli_error("explore: %s takes a whole number from 1 to %ld, not '%s'", option, hi, text);
        return -1;
    }
    *out = v;
    return 0;
}

/* Parses the command line; -1 for --help (printed), else an exit status. */
static int parse_explore(int argc, char **argv, explore_req *q)
{
    memset(q, 0, sizeof *q);
    const opt opts[] = {{"output", 1, &q->output, NULL, 'o'},
                        {"as-of", 1, &q->as_of, NULL, 0},
                        {"max-nodes", 1, &q->max_nodes, NULL, 0},
                        {"path-budget", 1, &q->path_budget, NULL, 0},
                        {"audience", 1, &q->ra.audience, NULL, 0},
                        {"status-attr", 1, &q->ra.status_attr, NULL, 0},
                        {"cluster-edge", 1, &q->ra.cluster_edge, NULL, 0},
                        {"fold", 1, &q->ra.fold, NULL, 0},
                        {NULL, 0, NULL, NULL, 0}};
    const char *pos[1];
    size_t npos;
    int want_help;
    if (cli_parse("explore", argc, argv, opts, pos, 1, &npos, &want_help) != 0)
        return EXIT_USAGE;
    if (want_help) {
        fputs(help, stdout);
        return -1;
    }
    if (npos) {
        cli_error("explore: unexpected argument '%s'; give the page's file with -o FILE.html",
                  pos[0]);
        return EXIT_USAGE;
    }
    if (q->output == NULL)
        q->output = DEFAULT_OUTPUT;
    const char *dot = strrchr(q->output, '.');
    if (strcmp(q->output, "-") != 0 &&
        (dot == NULL || strchr(dot, '/') || (strcmp(dot, ".html") != 0 && strcmp(dot, ".htm")))) {
        cli_error("explore: the page is HTML: name it .html or .htm, not '%s' ('-o -' writes it "
                  "to standard output)",
                  q->output);
        return EXIT_USAGE;
    }
    rg_date d;
    if (q->as_of && (rg_date_parse(q->as_of, &d) != 0 || d.month == 0 || d.day == 0)) {
        cli_error("explore: --as-of takes a date YYYY-MM-DD, not '%s'", q->as_of);
        return EXIT_USAGE;
    }
    q->max = 1000;
    q->budget = RG_EXPLORE_PATH_STEPS;
    if ((q->max_nodes && count_option("--max-nodes", q->max_nodes, 1000000, &q->max) != 0) ||
        (q->path_budget &&
         count_option("--path-budget", q->path_budget, 100000000, &q->budget) != 0))
        return EXIT_USAGE;
    return 0;
}

static int write_page(const explore_req *q, rg_graph *g, const rg_render_opts *o)
{
    rg_result gres;
    memset(&gres, 0, sizeof gres);
    rg_error err;
    memset(&err, 0, sizeof err);
    rg_arg arg = {"as_of", q->as_of, 0, 0};
    char note[sizeof err.text + 32] = "";
    /* The coverage status comes from the gaps analysis; a schema that does
     * not bind its roles simply has none. */
    int have_gaps = rg_call(g, "gaps", &arg, q->as_of ? 1 : 0, NULL, &gres, &err) == RG_OK;
    if (!have_gaps) {
        snprintf(note, sizeof note, "No coverage status: %s", err.text);
        if (gres.g)
            rg_result_destroy(&gres);
    }
    rg_explore_in in = {RELGRAPH_VERSION, have_gaps ? &gres : NULL, have_gaps ? NULL : note,
                        (size_t)q->budget};
    char *html = NULL;
    size_t len = 0;
    rg_explore_stats stats;
    int rc = EXIT_INVALID;
    if (rg_explore_page(g, o, &in, &html, &len, &stats, &err) != RG_OK)
        cli_error("explore: %s", err.text);
    else
        rc = render_write("explore", q->output, g->file, html, len);
    free(html);
    if (have_gaps)
        rg_result_destroy(&gres);
    if (rc == 0 && stats.roots < g->nnodes)
        fprintf(stderr,
                "explore: the connections of %zu of %zu nodes are embedded (the busiest first); "
                "other pairs say to run 'relgraph links'\n",
                stats.roots, g->nnodes);
    return rc;
}

int cmd_explore(cli *c, int argc, char **argv)
{
    explore_req q;
    int rc = parse_explore(argc, argv, &q);
    if (rc != 0)
        return rc < 0 ? 0 : rc;
    rg_graph *g = cli_load(c, NULL), *base = NULL;
    if (g == NULL)
        return EXIT_INVALID;
    uint64_t *fold = NULL;
    rg_render_opts o;
    rg_withheld w;
    rc = cli_audience("explore", q.ra.audience, &g, &base, &w);
    if (rc == 0)
        rc = render_opts_from_args("explore", g, &q.ra, &o, &fold);
    if (rc == 0) {
        o.max_nodes = (size_t)q.max;
        o.withheld = w.nodes + w.edges;
        rc = write_page(&q, g, &o);
    }
    free(fold);
    rg_graph_free(g);
    rg_graph_free(base);
    return rc;
}
