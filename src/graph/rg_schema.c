/* rg_schema.c: kind and attribute look-ups. */
#include "rg_schema.h"

#include <string.h>

#include "../core/rg_buf.h"

const char *rg_type_name(rg_type t)
{
    switch (t) {
    case RG_T_STRING: return "string";
    case RG_T_DATE: return "date";
    case RG_T_BOOL: return "boolean";
    case RG_T_NUMBER: return "number";
    case RG_T_LIST: return "list";
    }
    return "?";
}

void rg_schema_init(rg_schema *s)
{
    memset(s, 0, sizeof *s);
    rg_strmap_init(&s->node_kind_index);
    rg_strmap_init(&s->edge_kind_index);
    rg_arena_init(&s->arena);
}

void rg_schema_destroy(rg_schema *s)
{
    if (s == NULL)
        return;
    for (size_t i = 0; i < s->n_node_kinds; i++)
        rg_strmap_destroy(&s->node_kinds[i].attr_index);
    for (size_t i = 0; i < s->n_edge_kinds; i++)
        rg_strmap_destroy(&s->edge_kinds[i].base.attr_index);
    rg_strmap_destroy(&s->node_kind_index);
    rg_strmap_destroy(&s->edge_kind_index);
    rg_arena_destroy(&s->arena);
    memset(s, 0, sizeof *s);
}

int rg_schema_node_kind(const rg_schema *s, const char *name)
{
    int64_t v;
    return rg_strmap_get(&s->node_kind_index, name, &v) ? (int)v : -1;
}

int rg_schema_edge_kind(const rg_schema *s, const char *name)
{
    int64_t v;
    return rg_strmap_get(&s->edge_kind_index, name, &v) ? (int)v : -1;
}

int rg_kind_attr(const rg_kind *k, const char *name)
{
    int64_t v;
    return rg_strmap_get(&k->attr_index, name, &v) ? (int)v : -1;
}

void rg_schema_kind_list(const rg_schema *s, int nodes, rg_buf *out)
{
    size_t n = nodes ? s->n_node_kinds : s->n_edge_kinds;
    for (size_t i = 0; i < n; i++)
        rg_buf_printf(out, "%s%s", i ? ", " : "",
                      nodes ? s->node_kinds[i].name : s->edge_kinds[i].base.name);
}
