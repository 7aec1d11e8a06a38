/* cmd_links.c: `relgraph links FROM TO`: who links them, with sources. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../analysis/rg_links.h"
#include "../analysis/rg_result.h"
#include "../core/rg_jsonw.h"
#include "../load/rg_load.h"
#include "cli.h"

static const char help[] =
    "usage: relgraph [--graph FILE] links FROM TO [options]\n"
    "\n"
    "Lists the shortest connections between two nodes, each explained as\n"
    "sentences that cite their sources.  FROM and TO are ids, names, short names\n"
    "or aliases, matched case-insensitively ('ICANN', 'apwg',\n"
    "'Anti-Phishing Working Group').  Edges are followed in either direction.\n"
    "\n"
    "options:\n"
    "  --max-hops N        every simple path of at most N hops, shortest first\n"
    "                      (default: the shortest connections only)\n"
    "  --limit N           at most N connections (default 20); the output says\n"
    "                      when there were more\n"
    "  --only-nodes K,...  pass only through nodes of these kinds ('person')\n"
    "  --not-nodes K,...   never pass through nodes of these kinds ('agreement')\n"
    "  --only-edges K,...  follow only edges of these kinds\n"
    "  --not-edges K,...   never follow edges of these kinds\n"
    "  --format text|json  text for people (default) or JSON for programs\n"
    "\n"
    "Edge kinds the schema marks \"in_paths\": false (regions) are followed only\n"
    "when --only-edges names them.  Exit status: 0 when connected, 1 when not\n"
    "(or on an error), 2 for a wrong command line.  The JSON format is described\n"
    "in docs/output.md.\n";

static void node_json(rg_jsonw *w, const rg_graph *g, int64_t v)
{
    const rg_node *n = &g->nodes[v];
    rg_jsonw_object(w);
    rg_jsonw_key(w, "id");
    rg_jsonw_string(w, n->id);
    rg_jsonw_key(w, "kind");
    rg_jsonw_string(w, rg_graph_node_kind(g, n)->name);
    rg_jsonw_key(w, "name");
    rg_jsonw_string(w, n->name);
    rg_jsonw_key(w, "label");
    rg_jsonw_string(w, rg_node_label(g, n));
    rg_jsonw_end(w);
}

static void attrs_json(rg_jsonw *w, const rg_kind *k, const rg_props *p)
{
    rg_jsonw_object(w);
    for (size_t i = 0; i < p->nattrs; i++) {
        const rg_attr *a = &p->attrs[i];
        rg_jsonw_key(w, k->attrs[a->def].name);
        switch (a->value.type) {
        case RG_T_STRING:
        case RG_T_DATE: rg_jsonw_string(w, a->value.text); break;
        case RG_T_BOOL: rg_jsonw_bool(w, a->value.u.b); break;
        case RG_T_NUMBER: rg_jsonw_number(w, a->value.u.n); break;
        case RG_T_LIST:
            rg_jsonw_array(w);
            for (size_t l = 0; l < a->value.u.list.n; l++)
                rg_jsonw_string(w, a->value.u.list.items[l]);
            rg_jsonw_end(w);
            break;
        }
    }
    rg_jsonw_end(w);
}

static void render_json(const rg_graph *g, const rg_links_result *r, const rg_links_opts *o,
                        rg_buf *b)
{
    rg_jsonw w;
    rg_jsonw_init(&w, b);
    rg_jsonw_object(&w);
    rg_jsonw_key(&w, "from");
    node_json(&w, g, r->from);
    rg_jsonw_key(&w, "to");
    node_json(&w, g, r->to);
    rg_jsonw_key(&w, "connected");
    rg_jsonw_bool(&w, r->distance >= 0);
    rg_jsonw_key(&w, "distance");
    if (r->distance >= 0)
        rg_jsonw_int(&w, r->distance);
    else
        rg_jsonw_null(&w);
    rg_jsonw_key(&w, "max_hops");
    if (o->max_hops)
        rg_jsonw_int(&w, o->max_hops);
    else
        rg_jsonw_null(&w);
    rg_jsonw_key(&w, "truncated");
    rg_jsonw_bool(&w, r->truncated);
    rg_jsonw_key(&w, "paths");
    rg_jsonw_array(&w);
    rg_buf s;
    rg_buf_init(&s);
    for (size_t i = 0; i < r->npaths; i++) {
        const rg_path *p = &r->paths[i];
        rg_jsonw_object(&w);
        rg_jsonw_key(&w, "hops");
        rg_jsonw_int(&w, (long long)p->hops);
        rg_jsonw_key(&w, "nodes");
        rg_jsonw_array(&w);
        for (size_t k = 0; k <= p->hops; k++)
            node_json(&w, g, p->nodes[k]);
        rg_jsonw_end(&w);
        rg_jsonw_key(&w, "steps");
        rg_jsonw_array(&w);
        for (size_t k = 0; k < p->hops; k++) {
            const rg_edge *e = &g->edges[p->edges[k]];
            const rg_edge_kind *ek = rg_graph_edge_kind(g, e);
            rg_jsonw_object(&w);
            rg_jsonw_key(&w, "from");
            rg_jsonw_string(&w, g->nodes[p->nodes[k]].id);
            rg_jsonw_key(&w, "to");
            rg_jsonw_string(&w, g->nodes[p->nodes[k + 1]].id);
            rg_jsonw_key(&w, "edge_kind");
            rg_jsonw_string(&w, ek->base.name);
            rg_jsonw_key(&w, "direction");
            rg_jsonw_string(&w, e->from == p->nodes[k] ? "forward" : "backward");
            rg_jsonw_key(&w, "attributes");
            attrs_json(&w, &ek->base, &e->p);
            rg_jsonw_key(&w, "sentence");
            rg_buf_clear(&s);
            rg_links_sentence(g, p, k, &s);
            rg_jsonw_string(&w, rg_buf_str(&s));
            rg_jsonw_key(&w, "cites");
            rg_cites_json(&w, g, e->p.cites, e->p.ncites);
            rg_jsonw_end(&w);
        }
        rg_jsonw_end(&w);
        rg_jsonw_end(&w);
    }
    rg_buf_destroy(&s);
    rg_jsonw_end(&w);
    rg_jsonw_end(&w);
    rg_buf_putc(b, '\n');
}

static void render_text(const rg_graph *g, const rg_links_result *r, const rg_links_opts *o,
                        rg_buf *b)
{
    rg_node_display(g, r->from, b);
    rg_buf_puts(b, " -> ");
    rg_node_display(g, r->to, b);
    rg_buf_puts(b, ": ");
    if (r->distance < 0) {
        rg_buf_puts(b, "no connection");
        if (o->only_nodes || o->skip_nodes || o->only_edges || o->skip_edges)
            rg_buf_puts(b, " through the kinds allowed");
        rg_buf_puts(b, ".\n");
        return;
    }
    if (r->from == r->to) {
        rg_buf_puts(b, "the same node.\n");
        return;
    }
    if (o->max_hops)
        rg_buf_printf(b, "%zu connection%s of at most %d hops (the shortest has %ld)%s.\n",
                      r->npaths, r->npaths == 1 ? "" : "s", o->max_hops, r->distance,
                      r->truncated ? "; more exist, raise --limit" : "");
    else
        rg_buf_printf(b, "%zu shortest connection%s of %ld hop%s%s.\n", r->npaths,
                      r->npaths == 1 ? "" : "s", r->distance, r->distance == 1 ? "" : "s",
                      r->truncated ? "; more exist, raise --limit" : "");
    if (o->max_hops && r->npaths == 0)
        rg_buf_printf(b, "(none within %d hops: use --max-hops %ld or more)\n", o->max_hops,
                      r->distance);
    for (size_t i = 0; i < r->npaths; i++) {
        const rg_path *p = &r->paths[i];
        rg_buf_printf(b, "\n%zu. ", i + 1);
        for (size_t k = 0; k <= p->hops; k++) {
            if (k)
                rg_buf_puts(b, " -- ");
            rg_buf_puts(b, rg_node_label(g, &g->nodes[p->nodes[k]]));
        }
        rg_buf_putc(b, '\n');
        for (size_t k = 0; k < p->hops; k++) {
            rg_buf_puts(b, "   ");
            rg_links_sentence(g, p, k, b);
            rg_buf_puts(b, ".\n");
        }
    }
}

int cmd_links(cli *c, int argc, char **argv)
{
    const char *format = NULL, *max_hops = NULL, *limit = NULL;
    const char *only_nodes = NULL, *not_nodes = NULL, *only_edges = NULL, *not_edges = NULL;
    const opt opts[] = {
        {"format", 1, &format, NULL, 0},       {"max-hops", 1, &max_hops, NULL, 0},
        {"limit", 1, &limit, NULL, 0},         {"only-nodes", 1, &only_nodes, NULL, 0},
        {"not-nodes", 1, &not_nodes, NULL, 0}, {"only-edges", 1, &only_edges, NULL, 0},
        {"not-edges", 1, &not_edges, NULL, 0}, {NULL, 0, NULL, NULL, 0}};
    const char *pos[2];
    size_t npos;
    int want_help;
    if (cli_parse("links", argc, argv, opts, pos, 2, &npos, &want_help) != 0)
        return EXIT_USAGE;
    if (want_help) {
        fputs(help, stdout);
        return 0;
    }
    if (npos != 2) {
        cli_error("links: give two nodes, FROM and TO; see 'relgraph links --help'");
        return EXIT_USAGE;
    }
    int json = cli_format("links", format);
    if (json < 0)
        return EXIT_USAGE;
    rg_links_opts o;
    memset(&o, 0, sizeof o);
    if (max_hops) {
        char *end;
        long v = strtol(max_hops, &end, 10);
        if (*end || v < 1 || v > 64) {
            cli_error("links: --max-hops takes a whole number from 1 to 64, not '%s'", max_hops);
            return EXIT_USAGE;
        }
        o.max_hops = (int)v;
    }
    if (limit) {
        char *end;
        long v = strtol(limit, &end, 10);
        if (*end || v < 1 || v > 100000) {
            cli_error("links: --limit takes a whole number from 1 to 100000, not '%s'", limit);
            return EXIT_USAGE;
        }
        o.max_paths = (size_t)v;
    }
    rg_graph *g = cli_load(c, NULL);
    if (g == NULL)
        return EXIT_INVALID;
    int rc = EXIT_INVALID;
    uint64_t *sets[4] = {NULL, NULL, NULL, NULL};
    const char *lists[4] = {only_nodes, not_nodes, only_edges, not_edges};
    const char *names[4] = {"--only-nodes", "--not-nodes", "--only-edges", "--not-edges"};
    for (int i = 0; i < 4; i++)
        if (lists[i] && (sets[i] = cli_kind_set(g, lists[i], i < 2, names[i])) == NULL) {
            rc = EXIT_USAGE;
            goto out;
        }
    o.only_nodes = sets[0];
    o.skip_nodes = sets[1];
    o.only_edges = sets[2];
    o.skip_edges = sets[3];
    int64_t ends[2];
    for (int i = 0; i < 2; i++) {
        rg_error err;
        if (rg_graph_resolve(g, pos[i], &ends[i], &err) != RG_OK) {
            cli_error("links: %s", err.text);
            goto out;
        }
    }
    rg_links_result r;
    rg_error err;
    if (rg_links(g, ends[0], ends[1], &o, &r, &err) != RG_OK) {
        cli_error("links: %s", err.text);
        goto out;
    }
    rg_buf b;
    rg_buf_init(&b);
    if (json)
        render_json(g, &r, &o, &b);
    else
        render_text(g, &r, &o, &b);
    rc = cli_emit(&b);
    if (rc == 0 && r.distance < 0)
        rc = EXIT_INVALID;
    rg_buf_destroy(&b);
    rg_links_result_destroy(&r);
out:
    for (int i = 0; i < 4; i++)
        free(sets[i]);
    rg_graph_free(g);
    return rc;
}
