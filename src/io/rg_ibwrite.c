/* rg_ibwrite.c: the last checks of an imported catalogue, its JSON text
 * (one element per line, so that a fault the loader finds leads back to
 * the row the element came from), and the final load (rg_ibuild.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/rg_jsonw.h"
#include "../load/rg_load.h"
#include "rg_ibuild.h"

static void check_node(ib_doc *doc, const ib_elem *e)
{
    doc->file = e->file;
    const rg_kind *k = &doc->s->node_kinds[e->kind];
    for (size_t a = 0; a < k->nattrs; a++) {
        if (!k->attrs[a].required)
            continue;
        size_t i = 0;
        while (i < e->nattrs && strcmp(e->attrs[i].name, k->attrs[a].name) != 0)
            i++;
        if (i == e->nattrs)
            ib_diag(doc, e->row, e->col, "%s '%s' has no '%s', which the schema requires of a %s",
                    k->name, e->id, k->attrs[a].name, k->name);
    }
    if (doc->s->provenance_required && !rg_bit_get(doc->s->exempt, (size_t)e->kind) &&
        e->ncites == 0)
        ib_diag(doc, e->row, e->col, "%s '%s' cites nothing, and the schema requires a citation",
                k->name, e->id);
}

static void check_edge(ib_doc *doc, const ib_elem *e)
{
    doc->file = e->file;
    const rg_edge_kind *ek = &doc->s->edge_kinds[e->kind];
    const ib_elem *ends[2] = {ib_find(doc, e->from), ib_find(doc, e->to)};
    for (int i = 0; i < 2; i++) {
        const char *id = i ? e->to : e->from;
        if (ends[i] == NULL) {
            ib_diag(doc, e->row, e->col, "%s: no node has the id '%s'; add it to the nodes",
                    ek->base.name, id);
            return;
        }
        const uint64_t *ok = i ? ek->to_ok : ek->from_ok;
        if (!rg_bit_get(ok, (size_t)ends[i]->kind))
            ib_diag(doc, e->row, e->col, "%s cannot %s a %s ('%s'); see the schema's edge kinds",
                    ek->base.name, i ? "end at" : "start from",
                    doc->s->node_kinds[ends[i]->kind].name, id);
    }
    for (size_t a = 0; a < ek->base.nattrs; a++) {
        if (!ek->base.attrs[a].required)
            continue;
        size_t i = 0;
        while (i < e->nattrs && strcmp(e->attrs[i].name, ek->base.attrs[a].name) != 0)
            i++;
        if (i == e->nattrs)
            ib_diag(doc, e->row, e->col, "%s %s -> %s has no '%s', which the schema requires",
                    ek->base.name, e->from, e->to, ek->base.attrs[a].name);
    }
    if (doc->s->provenance_required && e->ncites == 0)
        ib_diag(doc, e->row, e->col,
                "%s %s -> %s cites nothing, and the schema requires a citation", ek->base.name,
                e->from, e->to);
}

/* Where each line of the text came from. */
typedef struct origins {
    const char **file;
    int *row, *col;
    size_t n, cap;
    int oom;
} origins;

static void origin(origins *o, const char *file, int row, int col)
{
    if (o->n == o->cap) {
        size_t cap = o->cap ? o->cap * 2 : 256;
        int *r = realloc(o->row, cap * sizeof *r), *c = realloc(o->col, cap * sizeof *c);
        const char **f = realloc(o->file, cap * sizeof *f);
        if (r)
            o->row = r;
        if (c)
            o->col = c;
        if (f)
            o->file = f;
        if (r == NULL || c == NULL || f == NULL) {
            o->oom = 1;
            return;
        }
        o->cap = cap;
    }
    o->file[o->n] = file;
    o->row[o->n] = row;
    o->col[o->n++] = col;
}

/* Lines written to OUT since the last call, attributed to ROW:COL. */
static void lines_to(origins *o, const rg_buf *out, size_t *seen, const ib_elem *e)
{
    for (; *seen < out->len; (*seen)++)
        if (out->data[*seen] == '\n')
            origin(o, e ? e->file : NULL, e ? e->row : 0, e ? e->col : 0);
}

static void write_elem(const ib_doc *doc, const ib_elem *e, int node, rg_buf *out)
{
    const rg_kind *k = node ? &doc->s->node_kinds[e->kind] : &doc->s->edge_kinds[e->kind].base;
    if (node) {
        rg_buf_puts(out, "    {\"id\": ");
        rg_json_quote(out, e->id);
        rg_buf_puts(out, ", \"kind\": ");
        rg_json_quote(out, k->name);
        rg_buf_puts(out, ", \"name\": ");
        rg_json_quote(out, e->name);
    } else {
        rg_buf_puts(out, "    {\"from\": ");
        rg_json_quote(out, e->from);
        rg_buf_puts(out, ", \"to\": ");
        rg_json_quote(out, e->to);
        rg_buf_puts(out, ", \"kind\": ");
        rg_json_quote(out, k->name);
    }
    if (e->aliases_json) {
        rg_buf_printf(out, ", \"aliases\": %s", e->aliases_json);
    } else if (e->naliases) {
        rg_buf_puts(out, ", \"aliases\": [");
        for (size_t i = 0; i < e->naliases; i++) {
            rg_buf_puts(out, i ? ", " : "");
            rg_json_quote(out, e->aliases[i]);
        }
        rg_buf_putc(out, ']');
    }
    /* schema order, whatever order the columns came in */
    for (size_t a = 0; a < k->nattrs; a++)
        for (size_t i = 0; i < e->nattrs; i++)
            if (strcmp(e->attrs[i].name, k->attrs[a].name) == 0) {
                rg_buf_puts(out, ", ");
                rg_json_quote(out, e->attrs[i].name);
                rg_buf_printf(out, ": %s", e->attrs[i].json);
            }
    if (e->ncites) {
        rg_buf_puts(out, ", \"cite\": [");
        for (size_t i = 0; i < e->ncites; i++)
            rg_buf_printf(out, "%s%s", i ? ", " : "", e->cites[i]);
        rg_buf_putc(out, ']');
    }
    rg_buf_putc(out, '}');
}

static void write_all(const ib_doc *doc, const rg_import_opts *o, const char *title, rg_buf *out,
                      origins *org)
{
    size_t seen = 0;
    rg_buf_puts(out, "{\n  \"relgraph\": 1,\n  \"title\": ");
    rg_json_quote(out, title);
    rg_buf_puts(out, ",\n  \"schema\": ");
    if (o->schema_ref)
        rg_json_quote(out, o->schema_ref);
    else /* embedded, indented to sit inside the catalogue */
        for (const char *p = doc->schema_text; *p; p++) {
            rg_buf_putc(out, *p);
            if (*p == '\n' && p[1] != '\n')
                rg_buf_puts(out, "  ");
        }
    rg_buf_puts(out, ",\n  \"nodes\": [\n");
    lines_to(org, out, &seen, NULL);
    for (size_t i = 0; i < doc->nnodes; i++) {
        write_elem(doc, doc->nodes[i], 1, out);
        rg_buf_puts(out, i + 1 < doc->nnodes ? ",\n" : "\n");
        lines_to(org, out, &seen, doc->nodes[i]);
    }
    rg_buf_puts(out, "  ],\n  \"edges\": [\n");
    lines_to(org, out, &seen, NULL);
    for (size_t i = 0; i < doc->nedges; i++) {
        write_elem(doc, doc->edges[i], 0, out);
        rg_buf_puts(out, i + 1 < doc->nedges ? ",\n" : "\n");
        lines_to(org, out, &seen, doc->edges[i]);
    }
    rg_buf_puts(out, "  ]\n}\n");
    lines_to(org, out, &seen, NULL);
}

/* Loads TEXT as `relgraph check` would; each fault becomes a diagnostic at
 * the origin of the line it names. */
static void reload(ib_doc *doc, const rg_import_opts *o, const rg_buf *text, const origins *org)
{
    rg_diags d;
    rg_diags_init(&d, 50);
    rg_load_opts lo = {.schema_roots = o->schema_roots};
    rg_graph *g = NULL;
    rg_error e;
    const char *dir = o->out_dir ? o->out_dir : ".";
    if (rg_load_buffer_opts("(catalogue made)", text->data, text->len, dir, &lo, &g, &d, &e) !=
        RG_OK) {
        if (d.count == 0)
            ib_diag(doc, 0, 0, "the catalogue made does not load: %s", e.text);
        for (size_t i = 0; i < d.count; i++) {
            int line = d.items[i].line;
            int ok = line > 0 && (size_t)line <= org->n && org->file[line - 1];
            rg_diags_add(doc->d, ok ? org->file[line - 1] : doc->file, ok ? org->row[line - 1] : 0,
                         ok ? org->col[line - 1] : 0,
                         "the catalogue made from it fails its check: %s", d.items[i].text);
        }
    }
    rg_graph_free(g);
    rg_diags_destroy(&d);
}

rg_status ib_finish(ib_doc *doc, const rg_import_opts *o, const char *title, rg_buf *out,
                    rg_error *err)
{
    size_t before = doc->d0; /* faults found while reading count too */
    for (size_t i = 0; i < doc->nnodes; i++)
        check_node(doc, doc->nodes[i]);
    for (size_t i = 0; i < doc->nedges; i++)
        check_edge(doc, doc->edges[i]);
    if (doc->oom)
        return rg_error_set(err, RG_ENOMEM, doc->file, 0, 0, "out of memory");
    if (doc->d->count > before || doc->d->truncated) {
        rg_diags_sort(doc->d);
        return rg_diags_to_error(doc->d, RG_EINVALID, err);
    }
    rg_buf text;
    rg_buf_init(&text);
    origins org = {0};
    doc->file = doc->nnodes ? doc->nodes[0]->file : doc->file;
    write_all(doc, o, title, &text, &org);
    rg_status st = RG_OK;
    if (text.oom || org.oom)
        st = rg_error_set(err, RG_ENOMEM, doc->file, 0, 0, "out of memory");
    else
        reload(doc, o, &text, &org);
    if (st == RG_OK && doc->d->count > before) {
        rg_diags_sort(doc->d);
        st = rg_diags_to_error(doc->d, RG_EINVALID, err);
    }
    if (st == RG_OK)
        rg_buf_add(out, text.data, text.len);
    rg_buf_destroy(&text);
    free(org.row);
    free(org.col);
    free(org.file);
    return st;
}
