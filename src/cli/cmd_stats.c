/* cmd_stats.c: `relgraph stats`: counts by node and edge kind. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../analysis/rg_links.h"
#include "../core/rg_jsonw.h"
#include "../load/rg_load.h"
#include "cli.h"
#include "cli_json.h"

static const char help[] =
    "usage: relgraph [--graph FILE] stats [--by ATTRIBUTE] [--format text|json]\n"
    "\n"
    "Counts the catalogue's nodes and edges by kind, in the schema's order\n"
    "(kinds with no element are listed with 0), the citations and the disputes.\n"
    "\n"
    "  --by ATTRIBUTE      also count the nodes of each kind that has ATTRIBUTE\n"
    "                      by its value ('ssr_elements', 'text_located'), with\n"
    "                      '(none)' for nodes that do not give it\n"
    "  --format text|json  text for people (default) or JSON for programs\n";

typedef struct bucket {
    const char *kind;
    char *value;
    size_t count;
} bucket;

static int bucket_cmp(const void *a, const void *b)
{
    const bucket *x = a, *y = b;
    int c = strcmp(x->kind, y->kind);
    return c ? c : strcmp(x->value, y->value);
}

/* Counts nodes by (kind, value of ATTR) for the kinds that declare ATTR.
 * Returns the buckets sorted, or NULL with *N = 0 when none declares it. */
static bucket *count_by(const rg_graph *g, const char *attr, size_t *n)
{
    bucket *b = NULL;
    size_t nb = 0;
    rg_buf v;
    rg_buf_init(&v);
    for (size_t i = 0; i < g->nnodes; i++) {
        const rg_node *nd = &g->nodes[i];
        const rg_kind *k = rg_graph_node_kind(g, nd);
        if (rg_kind_attr(k, attr) < 0)
            continue;
        const rg_value *val = rg_node_attr(g, nd, attr);
        rg_buf_clear(&v);
        if (val)
            rg_value_format(val, &v);
        else
            rg_buf_puts(&v, "(none)");
        size_t j = 0;
        while (j < nb && !(b[j].kind == k->name && strcmp(b[j].value, rg_buf_str(&v)) == 0))
            j++;
        if (j == nb) {
            bucket *nbk = realloc(b, (nb + 1) * sizeof *b);
            char *copy = strdup(rg_buf_str(&v));
            if (nbk == NULL || copy == NULL) {
                free(copy);
                b = nbk ? nbk : b;
                break;
            }
            b = nbk;
            b[nb].kind = k->name;
            b[nb].value = copy;
            b[nb].count = 0;
            nb++;
        }
        b[j].count++;
    }
    rg_buf_destroy(&v);
    if (nb)
        qsort(b, nb, sizeof *b, bucket_cmp);
    *n = nb;
    return b;
}

/* The counts of a catalogue, by kind. */
typedef struct counts {
    size_t *nk, *ek; /* per node kind, per edge kind */
    size_t cites, disputes;
    bucket *buckets; /* --by */
    size_t nbuckets;
} counts;

static void counts_json(const rg_graph *g, const counts *n, const char *by, cli_env *e)
{
    const rg_schema *s = g->schema;
    rg_jsonw *w = &e->w;
    rg_jsonw_object(w);
    rg_jsonw_key(w, "nodes");
    rg_jsonw_int(w, (long long)g->nnodes);
    rg_jsonw_key(w, "edges");
    rg_jsonw_int(w, (long long)g->nedges);
    rg_jsonw_key(w, "citations");
    rg_jsonw_int(w, (long long)n->cites);
    rg_jsonw_key(w, "disputes");
    rg_jsonw_int(w, (long long)n->disputes);
    rg_jsonw_key(w, "node_kinds");
    rg_jsonw_object(w);
    for (size_t i = 0; i < s->n_node_kinds; i++) {
        rg_jsonw_key(w, s->node_kinds[i].name);
        rg_jsonw_int(w, (long long)n->nk[i]);
    }
    rg_jsonw_end(w);
    rg_jsonw_key(w, "edge_kinds");
    rg_jsonw_object(w);
    for (size_t i = 0; i < s->n_edge_kinds; i++) {
        rg_jsonw_key(w, s->edge_kinds[i].base.name);
        rg_jsonw_int(w, (long long)n->ek[i]);
    }
    rg_jsonw_end(w);
    if (by) {
        rg_jsonw_key(w, "by");
        rg_jsonw_object(w);
        rg_jsonw_key(w, "attribute");
        rg_jsonw_string(w, by);
        rg_jsonw_key(w, "counts");
        rg_jsonw_array(w);
        for (size_t i = 0; i < n->nbuckets; i++) {
            rg_jsonw_object(w);
            rg_jsonw_key(w, "kind");
            rg_jsonw_string(w, n->buckets[i].kind);
            rg_jsonw_key(w, "value");
            rg_jsonw_string(w, n->buckets[i].value);
            rg_jsonw_key(w, "count");
            rg_jsonw_int(w, (long long)n->buckets[i].count);
            rg_jsonw_end(w);
        }
        rg_jsonw_end(w);
        rg_jsonw_end(w);
    }
    rg_jsonw_end(w);
}

static void counts_text(const rg_graph *g, const counts *n, const char *by, rg_buf *b)
{
    const rg_schema *s = g->schema;
    rg_buf_printf(b, "%s\n", g->title ? g->title : g->file);
    rg_buf_printf(b, "nodes: %zu\n", g->nnodes);
    for (size_t i = 0; i < s->n_node_kinds; i++)
        rg_buf_printf(b, "  %-20s %zu\n", s->node_kinds[i].name, n->nk[i]);
    rg_buf_printf(b, "edges: %zu\n", g->nedges);
    for (size_t i = 0; i < s->n_edge_kinds; i++)
        rg_buf_printf(b, "  %-20s %zu\n", s->edge_kinds[i].base.name, n->ek[i]);
    rg_buf_printf(b, "citations: %zu\n", n->cites);
    rg_buf_printf(b, "disputes: %zu\n", n->disputes);
    if (by) {
        rg_buf_printf(b, "by %s:\n", by);
        for (size_t i = 0; i < n->nbuckets; i++)
            rg_buf_printf(b, "  %-13s %-24s %zu\n", n->buckets[i].kind, n->buckets[i].value,
                          n->buckets[i].count);
    }
}

static void counts_free(counts *n)
{
    for (size_t i = 0; i < n->nbuckets; i++)
        free(n->buckets[i].value);
    free(n->buckets);
    free(n->nk);
    free(n->ek);
}

int cmd_stats(cli *c, int argc, char **argv)
{
    const char *format = NULL, *by = NULL;
    const opt opts[] = {
        {"format", 1, &format, NULL, 0}, {"by", 1, &by, NULL, 0}, {NULL, 0, NULL, NULL, 0}};
    const char *pos[1];
    size_t npos;
    int want_help;
    if (cli_parse("stats", argc, argv, opts, pos, 0, &npos, &want_help) != 0)
        return EXIT_USAGE;
    if (want_help) {
        fputs(help, stdout);
        return 0;
    }
    int json = cli_format("stats", format);
    if (json < 0)
        return EXIT_USAGE;
    rg_graph *g = cli_load(c, NULL);
    if (g == NULL)
        return EXIT_INVALID;
    counts n;
    memset(&n, 0, sizeof n);
    n.nk = calloc(g->schema->n_node_kinds + 1, sizeof *n.nk);
    n.ek = calloc(g->schema->n_edge_kinds + 1, sizeof *n.ek);
    int rc = EXIT_INVALID;
    if (n.nk == NULL || n.ek == NULL) {
        cli_error("out of memory");
        goto out;
    }
    if (by && (n.buckets = count_by(g, by, &n.nbuckets), n.nbuckets == 0)) {
        rg_buf msg;
        rg_buf_init(&msg);
        if (rg_name_check(g->schema, RG_RT_NODE_ATTR, NULL, by, &msg) != 0)
            cli_error("stats: --by: %s", rg_buf_str(&msg));
        else
            cli_error("stats: --by: no node states '%s'", by);
        rg_buf_destroy(&msg);
        rc = EXIT_USAGE;
        goto out;
    }
    for (size_t i = 0; i < g->nnodes; i++) {
        n.nk[g->nodes[i].kind]++;
        n.cites += g->nodes[i].p.ncites;
        n.disputes += g->nodes[i].p.ndisputes;
    }
    for (size_t i = 0; i < g->nedges; i++) {
        n.ek[g->edges[i].kind]++;
        n.cites += g->edges[i].p.ncites;
        n.disputes += g->edges[i].p.ndisputes;
    }
    if (json) {
        cli_env e;
        cli_env_begin(&e, "stats", g, NULL);
        const char *on[] = {"by"}, *ov[] = {by};
        cli_env_options(&e, on, ov, 1);
        cli_env_result(&e);
        counts_json(g, &n, by, &e);
        rc = cli_env_end(&e);
    } else {
        rg_buf b;
        rg_buf_init(&b);
        counts_text(g, &n, by, &b);
        rc = cli_emit(&b);
        rg_buf_destroy(&b);
    }
out:
    counts_free(&n);
    rg_graph_free(g);
    return rc;
}
