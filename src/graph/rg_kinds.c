/* rg_kinds.c: kinds named in options and lists (see rg_kinds.h). */
#include "rg_kinds.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/rg_buf.h"
#include "rg_roles.h"

static rg_status unknown_kind(const rg_graph *g, int nodes, const char *name, const char *option,
                              rg_error *err)
{
    rg_buf b;
    rg_buf_init(&b);
    rg_name_check(g->schema, nodes ? RG_RT_NODE_KIND : RG_RT_EDGE_KIND, NULL, name, &b);
    rg_status st = rg_error_set(err, RG_EUSAGE, NULL, 0, 0, "%s: %s", option, rg_buf_str(&b));
    rg_buf_destroy(&b);
    return st;
}

static rg_status kind_flags(const rg_graph *g, int nodes, const char *list, const char *option,
                            unsigned char **out, rg_error *err)
{
    const rg_schema *s = g->schema;
    size_t nk = nodes ? s->n_node_kinds : s->n_edge_kinds;
    unsigned char *f = calloc(nk ? nk : 1, 1);
    *out = NULL;
    if (f == NULL)
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    const char *p = list ? list : "";
    while (*p) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char name[256];
        snprintf(name, sizeof name, "%.*s", (int)(len < 255 ? len : 255), p);
        if (name[0]) {
            int k = nodes ? rg_schema_node_kind(s, name) : rg_schema_edge_kind(s, name);
            if (k < 0) {
                free(f);
                return unknown_kind(g, nodes, name, option, err);
            }
            f[k] = 1;
        }
        p += len;
        if (*p == ',')
            p++;
    }
    *out = f;
    return RG_OK;
}

rg_status rg_edge_kind_flags(const rg_graph *g, const char *list, const char *option,
                             unsigned char **out, rg_error *err)
{
    return kind_flags(g, 0, list, option, out, err);
}

rg_status rg_node_kind_flags(const rg_graph *g, const char *list, const char *option,
                             unsigned char **out, rg_error *err)
{
    return kind_flags(g, 1, list, option, out, err);
}

rg_status rg_edge_kind_named(const rg_graph *g, const char *name, const char *option, int *out,
                             rg_error *err)
{
    *out = name ? rg_schema_edge_kind(g->schema, name) : -1;
    return *out < 0 ? unknown_kind(g, 0, name ? name : "", option, err) : RG_OK;
}

rg_status rg_node_kind_named(const rg_graph *g, const char *name, const char *option, int *out,
                             rg_error *err)
{
    *out = name ? rg_schema_node_kind(g->schema, name) : -1;
    return *out < 0 ? unknown_kind(g, 1, name ? name : "", option, err) : RG_OK;
}
