/* rg_words.c: how relgraph words nodes, edges, values and citations (see
 * rg_words.h). */
#include "rg_words.h"

#include <stdio.h>
#include <string.h>

void rg_value_format(const rg_value *v, rg_buf *out)
{
    switch (v->type) {
    case RG_T_STRING: rg_buf_puts(out, v->u.s); break;
    case RG_T_DATE: {
        char b[16];
        rg_date_format(v->u.d, b, sizeof b);
        rg_buf_puts(out, b);
        break;
    }
    case RG_T_BOOL: rg_buf_puts(out, v->u.b ? "true" : "false"); break;
    case RG_T_NUMBER:
        if (v->u.n == (double)(long long)v->u.n)
            rg_buf_printf(out, "%lld", (long long)v->u.n);
        else
            rg_buf_printf(out, "%g", v->u.n);
        break;
    case RG_T_LIST:
        for (size_t i = 0; i < v->u.list.n; i++)
            rg_buf_printf(out, "%s%s", i ? ", " : "", v->u.list.items[i]);
        break;
    }
}

void rg_node_display(const rg_graph *g, int64_t node, rg_buf *out)
{
    const rg_node *n = &g->nodes[node];
    const char *label = rg_node_label(g, n);
    rg_buf_puts(out, n->name);
    if (label != n->name && strstr(n->name, label) == NULL)
        rg_buf_printf(out, " (%s)", label);
}

const char *rg_source_label(const rg_graph *g, int64_t source)
{
    const char *attr = g->schema->roles[RG_ROLE_SOURCE_FILE_ATTR];
    const rg_value *f = attr ? rg_node_attr(g, &g->nodes[source], attr) : NULL;
    if (f && f->type == RG_T_STRING)
        return f->u.s;
    return g->nodes[source].name;
}

void rg_cites_format(const rg_graph *g, const rg_cite *c, size_t n, rg_buf *out)
{
    if (n == 0) {
        rg_buf_puts(out, "[no source]");
        return;
    }
    rg_buf_putc(out, '[');
    for (size_t i = 0; i < n; i++) {
        if (i)
            rg_buf_puts(out, "; ");
        /* name the file once for consecutive citations of the same source */
        if (i == 0 || c[i].source != c[i - 1].source)
            rg_buf_puts(out, rg_source_label(g, c[i].source));
        if (c[i].at) {
            if (i == 0 || c[i].source != c[i - 1].source)
                rg_buf_add(out, ", ", 2);
            rg_buf_puts(out, c[i].at);
        }
    }
    rg_buf_putc(out, ']');
}

void rg_edge_words(const rg_graph *g, int64_t edge, int64_t from, rg_buf *out)
{
    const rg_edge *e = &g->edges[edge];
    const rg_edge_kind *ek = &g->schema->edge_kinds[e->kind];
    int forward = e->from == from;
    rg_node_display(g, from, out);
    rg_buf_printf(out, " %s ", forward ? ek->verb : ek->inverse);
    rg_node_display(g, forward ? e->to : e->from, out);
    int first = 1;
    for (size_t i = 0; i < ek->ndetail; i++) {
        const rg_attr_def *def = &ek->base.attrs[ek->detail[i]];
        const rg_value *val = rg_edge_attr(g, e, def->name);
        if (val == NULL)
            continue;
        rg_buf_puts(out, first ? " (" : "; ");
        rg_buf_printf(out, "%s: ", def->name);
        rg_value_format(val, out);
        first = 0;
    }
    if (!first)
        rg_buf_putc(out, ')');
}
