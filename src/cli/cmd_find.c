/* cmd_find.c: `relgraph find TEXT`: names that contain a word. */
#include <stdio.h>
#include <string.h>

#include "../core/rg_jsonw.h"
#include "../load/rg_load.h"
#include "cli.h"
#include "cli_json.h"

static const char help[] =
    "usage: relgraph [--graph FILE] find TEXT [--kind KIND] [--format text|json]\n"
    "\n"
    "Lists the nodes whose id, name, aliases or short names contain TEXT\n"
    "(case-insensitively), in file order: id, kind and name.  Use it to find\n"
    "the name to give 'relgraph links'.\n";

static int matches(const rg_graph *g, const rg_node *n, const char *key)
{
    char buf[1024];
    if (strstr(rg_name_fold(n->id, buf, sizeof buf), key) ||
        strstr(rg_name_fold(n->name, buf, sizeof buf), key))
        return 1;
    for (size_t i = 0; i < n->naliases; i++)
        if (strstr(rg_name_fold(n->aliases[i], buf, sizeof buf), key))
            return 1;
    const rg_kind *k = rg_graph_node_kind(g, n);
    for (size_t i = 0; i < n->p.nattrs; i++) {
        const rg_attr *a = &n->p.attrs[i];
        if (k->attrs[a->def].is_name && a->value.type == RG_T_STRING &&
            strstr(rg_name_fold(a->value.u.s, buf, sizeof buf), key))
            return 1;
    }
    return 0;
}

int cmd_find(cli *c, int argc, char **argv)
{
    const char *format = NULL, *kind = NULL;
    const opt opts[] = {
        {"format", 1, &format, NULL, 0}, {"kind", 1, &kind, NULL, 0}, {NULL, 0, NULL, NULL, 0}};
    const char *pos[1];
    size_t npos;
    int want_help;
    if (cli_parse("find", argc, argv, opts, pos, 1, &npos, &want_help) != 0)
        return EXIT_USAGE;
    if (want_help) {
        fputs(help, stdout);
        return 0;
    }
    if (npos != 1) {
        cli_error("find: give one TEXT to look for; see 'relgraph find --help'");
        return EXIT_USAGE;
    }
    int json = cli_format("find", format);
    if (json < 0)
        return EXIT_USAGE;
    rg_graph *g = cli_load(c, NULL);
    if (g == NULL)
        return EXIT_INVALID;
    int k = -1;
    if (kind && (k = rg_schema_node_kind(g->schema, kind)) < 0) {
        cli_error("find: '%s' is not a node kind of this catalogue", kind);
        rg_graph_free(g);
        return EXIT_USAGE;
    }
    char key[1024];
    rg_name_fold(pos[0], key, sizeof key);
    rg_buf b;
    rg_buf_init(&b);
    cli_env e;
    rg_jsonw w;
    if (json) {
        cli_env_begin(&e, "find", g, NULL);
        const char *on[] = {"text", "kind"}, *ov[] = {pos[0], kind};
        cli_env_options(&e, on, ov, 2);
        cli_env_result(&e);
        w = e.w;
        rg_jsonw_object(&w);
        rg_jsonw_key(&w, "nodes");
        rg_jsonw_array(&w);
    }
    size_t found = 0;
    for (size_t i = 0; i < g->nnodes; i++) {
        const rg_node *n = &g->nodes[i];
        if ((k >= 0 && n->kind != k) || !matches(g, n, key))
            continue;
        found++;
        const char *kn = rg_graph_node_kind(g, n)->name;
        if (json) {
            rg_jsonw_object(&w);
            rg_jsonw_key(&w, "id");
            rg_jsonw_string(&w, n->id);
            rg_jsonw_key(&w, "kind");
            rg_jsonw_string(&w, kn);
            rg_jsonw_key(&w, "name");
            rg_jsonw_string(&w, n->name);
            rg_jsonw_end(&w);
        } else {
            rg_buf_printf(&b, "%-24s %-13s %s\n", n->id, kn, n->name);
        }
    }
    int rc;
    if (json) {
        rg_jsonw_end(&w);
        rg_jsonw_key(&w, "count");
        rg_jsonw_int(&w, (long long)found);
        rg_jsonw_end(&w);
        e.w = w;
        rc = cli_env_end(&e);
    } else {
        rc = cli_emit(&b);
    }
    rg_buf_destroy(&b);
    rg_graph_free(g);
    if (rc == 0 && found == 0 && !json) {
        fprintf(stderr, "relgraph: find: no node matches '%s'\n", pos[0]);
        return EXIT_INVALID;
    }
    return rc;
}
