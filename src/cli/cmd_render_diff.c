/* cmd_render_diff.c: `relgraph render diff OLD NEW -o FILE`: a diagram of
 * what changed between two versions of a catalogue (src/analysis/rg_diff.h):
 * the nodes added, removed or changed, the ends of the edges added, removed
 * or changed, and what those nodes are linked to, coloured and lined by
 * their change through the renderer of every other view. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../analysis/rg_diff.h"
#include "../load/rg_load.h"
#include "../query/rg_call.h"
#include "../render/rg_render.h"
#include "cli.h"
#include "cmd_render.h"

static const char *const change_words[] = {"added", "removed", "changed"};

/* Marks as changed (3) the nodes of U whose coverage status (the gaps
 * analysis of each version) differs: a reviewer sees what a change caused.
 * A schema without the gaps roles has no coverage: nothing is marked. */
static void mark_coverage(const rg_graph *ga, const rg_graph *gb, const rg_graph *u,
                          unsigned char *nc)
{
    rg_result r[2];
    rg_error err;
    int ok = 1;
    for (int i = 0; i < 2; i++) {
        rg_result_init(&r[i], i ? gb : ga, "gaps");
        ok &= rg_call(i ? gb : ga, "gaps", NULL, 0, NULL, &r[i], &err) == RG_OK;
    }
    const rg_table *ta = ok && r[0].ntables ? &r[0].tables[0] : NULL;
    const rg_table *tb = ok && r[1].ntables ? &r[1].tables[0] : NULL;
    int ia = ta ? rg_table_col(ta, "id") : -1, sa = ta ? rg_table_col(ta, "status") : -1;
    int ib = tb ? rg_table_col(tb, "id") : -1, sb = tb ? rg_table_col(tb, "status") : -1;
    /* the old statuses by node of U, then the new ones compared with them */
    const char **before = calloc(u->nnodes + 1, sizeof *before);
    for (size_t i = 0; before && ia >= 0 && sa >= 0 && i < ta->nrows; i++) {
        const rg_cell *id = rg_table_cell(ta, i, (size_t)ia),
                      *st = rg_table_cell(ta, i, (size_t)sa);
        int64_t v = id->type == RG_CELL_TEXT ? rg_graph_find_id(u, id->u.s) : -1;
        if (v >= 0 && st->type == RG_CELL_TEXT)
            before[v] = st->u.s;
    }
    for (size_t j = 0; before && ib >= 0 && sb >= 0 && j < tb->nrows; j++) {
        const rg_cell *id = rg_table_cell(tb, j, (size_t)ib),
                      *st = rg_table_cell(tb, j, (size_t)sb);
        int64_t v = id->type == RG_CELL_TEXT ? rg_graph_find_id(u, id->u.s) : -1;
        if (v >= 0 && nc[v] == 0 && before[v] && st->type == RG_CELL_TEXT &&
            strcmp(before[v], st->u.s) != 0)
            nc[v] = 3;
    }
    free(before);
    rg_result_destroy(&r[0]);
    rg_result_destroy(&r[1]);
}

/* The nodes drawn: the changed ones, the ends of changed edges, and the
 * neighbours of changed nodes.  Returns how many are in NODES. */
static size_t changed_nodes(const rg_graph *u, const unsigned char *nc, const unsigned char *ec,
                            int ck, int64_t *nodes)
{
    unsigned char *on = calloc(u->nnodes + 1, 1);
    if (on == NULL)
        return 0;
    for (size_t v = 0; v < u->nnodes; v++)
        on[v] = nc[v] != 0;
    for (size_t e = 0; e < u->nedges; e++) {
        const rg_edge *ed = &u->edges[e];
        /* a cluster edge is drawn as the cluster around the node, not as a link */
        if (ec[e] || ((nc[ed->from] || nc[ed->to]) && ed->kind != ck))
            on[ed->from] = on[ed->to] = 1;
    }
    size_t n = 0;
    for (size_t v = 0; v < u->nnodes; v++)
        if (on[v])
            nodes[n++] = (int64_t)v;
    free(on);
    return n;
}

/* Draws the union U into DATA. */
static int draw_changes(const rg_graph *ga, const rg_graph *gb, const rg_graph *u,
                        const unsigned char *nc, const unsigned char *ec, rg_format fmt,
                        long max_nodes, char **data, size_t *len)
{
    render_args ra;
    memset(&ra, 0, sizeof ra);
    rg_render_opts o;
    uint64_t *fold = NULL;
    if (render_opts_from_args("render", u, &ra, &o, &fold) != 0)
        return EXIT_USAGE;
    o.fold_kinds = NULL; /* a removed clause is drawn, not folded away */
    o.max_nodes = (size_t)max_nodes;
    int64_t *nodes = malloc((u->nnodes + 1) * sizeof *nodes);
    const char **status = calloc(u->nnodes + 1, sizeof *status);
    size_t n = nodes ? changed_nodes(u, nc, ec,
                                     o.cluster_edge ? rg_schema_edge_kind(u->schema, o.cluster_edge)
                                                    : -1,
                                     nodes)
                     : 0,
           counts[4] = {0, 0, 0, 0};
    for (size_t v = 0; status && v < u->nnodes; v++)
        if (nc[v] && nc[v] <= 3) {
            status[v] = change_words[nc[v] - 1];
            counts[nc[v]]++;
        }
    char title[1024];
    snprintf(title, sizeof title,
             "Changes from %s to %s: nodes added %zu, removed %zu, changed %zu (in their "
             "attributes or coverage); edges added thick, removed dashed, changed dotted",
             rg_graph_shown(ga), rg_graph_shown(gb), counts[1], counts[2], counts[3]);
    rg_view v;
    memset(&v, 0, sizeof v);
    rg_error err;
    int rc = 0;
    if (nodes == NULL || status == NULL) {
        cli_error("out of memory");
        rc = EXIT_INVALID;
    } else if (n == 0) {
        cli_error("render: '%s' and '%s' do not differ: nothing to draw", rg_graph_shown(ga),
                  rg_graph_shown(gb));
        rc = EXIT_INVALID;
    } else if (rg_view_nodes(u, &o, nodes, n, title, &v, &err) != RG_OK ||
               (v.status = status, v.status_values = change_words, v.nstatus_values = 3,
                v.status_name = "change", v.node_change = nc, v.edge_change = ec,
                rg_render(&v, &o, fmt, data, len, &err)) != RG_OK) {
        cli_error("render: %s", err.text);
        rc = EXIT_INVALID;
    }
    rg_view_destroy(&v);
    free(status);
    free(nodes);
    free(fold);
    return rc;
}

int cmd_render_diff(cli *c, int argc, char **argv)
{
    const char *output = NULL, *max_nodes = NULL, *pos[2];
    size_t npos;
    int want_help;
    const opt opts[] = {{"output", 1, &output, NULL, 'o'},
                        {"max-nodes", 1, &max_nodes, NULL, 0},
                        {NULL, 0, NULL, NULL, 0}};
    if (cli_parse("render", argc, argv, opts, pos, 2, &npos, &want_help) != 0)
        return EXIT_USAGE;
    if (want_help || npos != 2 || output == NULL) {
        if (!want_help)
            cli_error("render: the diff view takes two catalogues and -o FILE: relgraph render "
                      "diff OLD.json NEW.json -o FILE");
        else
            fputs("usage: relgraph render diff OLD.json NEW.json -o FILE [--max-nodes N]\n\n"
                  "Draws what changed between two versions of a catalogue (see 'relgraph\n"
                  "diff'): nodes added (green, thick border), removed (red, dashed) or changed\n"
                  "(yellow, dotted), the edges added (thick, dark green), removed (dashed, light\n"
                  "red) or changed (dotted, blue), and what the changed nodes are linked to.\n",
                  stdout);
        return want_help ? 0 : EXIT_USAGE;
    }
    char *end;
    long maxn = max_nodes ? strtol(max_nodes, &end, 10) : 1000;
    rg_format fmt;
    rg_error err;
    if (maxn < 1 || maxn > 1000000 || (max_nodes && *end)) {
        cli_error("render: --max-nodes takes a number from 1 to 1000000, not '%s'", max_nodes);
        return EXIT_USAGE;
    }
    if (rg_format_from_path(output, &fmt, &err) != RG_OK) {
        cli_error("render: %s", err.text);
        return EXIT_USAGE;
    }
    rg_graph *ga = cli_load(c, pos[0]), *gb = ga ? cli_load(c, pos[1]) : NULL, *u = NULL;
    unsigned char *nc = NULL, *ec = NULL;
    char *data = NULL;
    size_t len = 0;
    int rc = EXIT_INVALID;
    if (gb && rg_diff_union(ga, gb, &u, &nc, &ec, &err) != RG_OK)
        cli_error("render: %s", err.text);
    else if (gb && (mark_coverage(ga, gb, u, nc), 1) &&
             (rc = draw_changes(ga, gb, u, nc, ec, fmt, maxn, &data, &len)) == 0)
        rc = render_write("render", output, NULL, data, len);
    free(data);
    free(nc);
    free(ec);
    rg_graph_free(u);
    rg_graph_free(gb);
    rg_graph_free(ga);
    return rc;
}
