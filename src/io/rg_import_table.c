/* rg_import_table.c: the review team's relationship table (CSV) as a
 * catalogue.
 *
 * One row per relationship, three columns: Relationship (the counterparty,
 * with its acronym in parentheses), Documentation (the agreement's title,
 * date, ", extended DATE", address, and "(document cannot be located
 * online)"; empty when there is none) and SSR-related elements (the quoted
 * clauses, one paragraph each; "None."; "Unknown"; or "None." followed by a
 * sentence on a working link of the hub's staff).  Everything the table
 * says is mapped through the schema's roles (agreement kind, party edge,
 * clause edge, located, date, renewed, type and status attributes, body
 * kind, engagement edges): this file names no kind of any catalogue.  A
 * column whose header is an attribute of the agreement kind sets it
 * directly (for a title whose type cannot be read from its words).  The
 * mapping, and what it cannot know, is in docs/import-export.md. */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rg_ibuild.h"
#include "rg_io.h"
#include "rg_iocommon.h"
#include "rg_itable.h"

/* The schema's names for what the table holds; NULL where unbound. */
static void bind(ib_doc *doc, tmap *m)
{
    const rg_schema *s = doc->s;
    const char *const *r = s->roles;
    memset(m, 0, sizeof *m);
    m->body = m->agreement = m->clause = m->party = m->contains = m->engage = -1;
    char first[256];
    if (r[RG_ROLE_BODY_KINDS]) {
        snprintf(first, sizeof first, "%s", r[RG_ROLE_BODY_KINDS]);
        first[strcspn(first, ",")] = '\0';
        m->body = rg_schema_node_kind(s, first);
    }
    if (r[RG_ROLE_AGREEMENT_KIND])
        m->agreement = rg_schema_node_kind(s, r[RG_ROLE_AGREEMENT_KIND]);
    if (r[RG_ROLE_PARTY_EDGE])
        m->party = rg_schema_edge_kind(s, r[RG_ROLE_PARTY_EDGE]);
    if (r[RG_ROLE_CLAUSE_EDGE])
        m->contains = rg_schema_edge_kind(s, r[RG_ROLE_CLAUSE_EDGE]);
    for (size_t k = 0; m->contains >= 0 && k < s->n_node_kinds && m->clause < 0; k++)
        if (rg_bit_get(s->edge_kinds[m->contains].to_ok, k))
            m->clause = (int)k;
    /* a working link: the first engagement edge from a body to a body
     * that asks for no attribute the table cannot give */
    for (const char *p = r[RG_ROLE_ENGAGE_EDGES]; p && *p && m->engage < 0;) {
        size_t n = strcspn(p, ",");
        snprintf(first, sizeof first, "%.*s", (int)n, p);
        int e = rg_schema_edge_kind(s, first);
        int ok = e >= 0 && m->body >= 0 && rg_bit_get(s->edge_kinds[e].from_ok, (size_t)m->body) &&
                 rg_bit_get(s->edge_kinds[e].to_ok, (size_t)m->body);
        for (size_t a = 0; ok && a < s->edge_kinds[e].base.nattrs; a++)
            ok = !s->edge_kinds[e].base.attrs[a].required;
        if (ok)
            m->engage = e;
        p += n + (p[n] == ',');
    }
    m->located = r[RG_ROLE_LOCATED_ATTR];
    m->date = r[RG_ROLE_DATE_ATTR];
    m->renewed = r[RG_ROLE_RENEWED_ATTR];
    m->type = r[RG_ROLE_TYPE_ATTR];
    /* unbound: the agreement's first required attribute with a list of
     * values is the one its title can name ("banking licence") */
    const rg_kind *ak = m->agreement >= 0 ? &s->node_kinds[m->agreement] : NULL;
    for (size_t a = 0; m->type == NULL && ak && a < ak->nattrs; a++)
        if (ak->attrs[a].required && ak->attrs[a].type == RG_T_STRING && ak->attrs[a].nvalues)
            m->type = ak->attrs[a].name;
    m->status = r[RG_ROLE_STATUS_ATTR];
    m->link = r[RG_ROLE_LINK_ATTR];
    m->section = r[RG_ROLE_SECTION_ATTR];
    m->text = r[RG_ROLE_CLAUSE_TEXT_ATTR];
    m->counterparty = r[RG_ROLE_COUNTERPARTY_ATTR];
}

/* The roles the table cannot do without; a diagnostic for each missing. */
static int bound(ib_doc *doc, const tmap *m)
{
    struct {
        int ok;
        const char *role;
    } need[] = {{m->body >= 0, "body_kinds"},
                {m->agreement >= 0, "agreement_kind"},
                {m->party >= 0, "party_edge"}};
    int bad = 0;
    for (size_t i = 0; i < sizeof need / sizeof *need; i++)
        if (!need[i].ok) {
            rg_diags_add(doc->d, doc->file, 0, 0,
                         "the schema binds no role %s, which a relationship table needs (see "
                         "docs/format.md, \"Roles\")",
                         need[i].role);
            bad = 1;
        }
    return bad ? -1 : 0;
}

/* The value of the status attribute meaning WORD ("None", "Unknown"), or,
 * for WORD NULL, the first value meaning neither (clauses quoted). */
static const char *status_value(const ib_doc *doc, const tmap *m, const char *word)
{
    int a = m->status ? rg_kind_attr(&doc->s->node_kinds[m->agreement], m->status) : -1;
    if (a < 0)
        return NULL;
    const rg_attr_def *d = &doc->s->node_kinds[m->agreement].attrs[a];
    for (size_t i = 0; i < d->nvalues; i++) {
        int is_none = strcasecmp(d->values[i], "None") == 0;
        int is_unknown = strcasecmp(d->values[i], "Unknown") == 0;
        if (word ? strcasecmp(d->values[i], word) == 0 : !is_none && !is_unknown)
            return d->values[i];
    }
    return NULL;
}

/* Sets attribute NAME of E when the kind has it and VALUE is given. */
static void maybe_set(ib_doc *doc, ib_elem *e, const char *name, const char *value, int row,
                      int col)
{
    if (name && value && ib_has_attr(doc, e, 1, name))
        ib_set(doc, e, 1, name, value, row, col);
}

/* The body named by a Relationship cell, made on first sight. */
static ib_elem *body(ib_doc *doc, const tmap *m, const char *cell, int row, int col)
{
    char *name = ib_strdup(doc, cell), *acro = NULL;
    if (name == NULL)
        return NULL;
    t_split_acronym(name, &acro);
    rg_buf key;
    rg_buf_init(&key);
    ib_fold(name, &key);
    const char *k = ib_strdup(doc, rg_buf_str(&key));
    rg_buf_destroy(&key);
    int64_t at;
    if (k && rg_strmap_get(&doc->names, k, &at))
        return doc->nodes[at]; /* a counterparty listed twice */
    ib_elem *e = ib_node(doc, ib_make_id(doc, acro ? acro : name, 32), m->body, name, row, col);
    if (e == NULL)
        return NULL;
    if (k && rg_strmap_put(&doc->names, k, (int64_t)doc->nnodes - 1) != 0)
        doc->oom = 1;
    if (acro)
        maybe_set(doc, e, t_name_attr(doc, m->body), acro, row, col);
    maybe_set(doc, e, m->counterparty, "true", row, col);
    ib_cite(doc, e, ib_printf(doc, "row %d", row), cell);
    return e;
}

/* The agreement of a row's Documentation cell; NULL when the cell names
 * none (empty, or an address only). */
static ib_elem *agreement(ib_doc *doc, const tmap *m, const trow *r, const ib_elem *b)
{
    tdoc d;
    t_parse_doc(doc, r->doc, &d);
    if (d.title == NULL || d.title[0] == '\0') {
        if (d.url)
            maybe_set(doc, (ib_elem *)b, m->link, d.url, r->row, r->doc_col);
        return NULL;
    }
    const char *type = r->type ? r->type : t_type_of(doc, m, d.title);
    if (type == NULL && m->type && r->type_col < 0) {
        ib_diag(doc, r->row, r->doc_col,
                "cannot tell the type of '%s' from its title (%s is one of: %s); add a "
                "column '%s' to the table",
                d.title, m->type, t_type_values(doc, m), m->type);
        return NULL;
    }
    char idtext[256];
    snprintf(idtext, sizeof idtext, "%s %.4s %s", b->id, d.date ? d.date : "", type ? type : "");
    ib_elem *a =
        ib_node(doc, ib_make_id(doc, idtext, 64), m->agreement, d.title, r->row, r->doc_col);
    if (a == NULL)
        return NULL;
    maybe_set(doc, a, m->type, type, r->row, r->doc_col);
    maybe_set(doc, a, m->date, d.date, r->row, r->doc_col);
    maybe_set(doc, a, m->renewed, d.renewed, r->row, r->doc_col);
    maybe_set(doc, a, m->link, d.url, r->row, r->doc_col);
    maybe_set(doc, a, m->located, d.located ? "true" : "false", r->row, r->doc_col);
    ib_cite(doc, a, ib_printf(doc, "row %d", r->row), r->doc);
    return a;
}

/* Sets ATTR=VALUE (from an option) on edge E. */
static void edge_option(ib_doc *doc, ib_elem *e, const char *opt, int row)
{
    const char *eq = opt ? strchr(opt, '=') : NULL;
    if (eq == NULL)
        return;
    char *name = ib_printf(doc, "%.*s", (int)(eq - opt), opt);
    if (name)
        ib_set(doc, e, 0, name, eq + 1, row, 1);
}

static void party(ib_doc *doc, const tmap *m, const ib_elem *who, const ib_elem *a, int row,
                  const char *quote, const char *attr)
{
    ib_elem *e = ib_edge(doc, who->id, a->id, m->party, row, 1);
    if (e == NULL)
        return;
    ib_cite(doc, e, ib_printf(doc, "row %d", row), quote);
    edge_option(doc, e, attr, row);
}

/* The SSR-related elements of a row: a status on the agreement, clauses,
 * or a working link of the hub. */
static void elements(ib_doc *doc, const tmap *m, const trow *r, ib_elem *hub, ib_elem *b,
                     ib_elem *a)
{
    telems el;
    t_parse_elems(r->elems, &el);
    const char *at = ib_printf(doc, "row %d", r->row);
    if (a) {
        const char *st = el.clauses   ? status_value(doc, m, NULL)
                         : el.unknown ? status_value(doc, m, "Unknown")
                                      : status_value(doc, m, "None");
        maybe_set(doc, a, m->status, st, r->row, r->el_col);
        if (el.clauses)
            t_clauses(doc, m, r, a);
    } else if (el.clauses && ib_has_attr(doc, b, 1, "description")) {
        /* text with no agreement to hang it on: kept on the body */
        ib_set(doc, b, 1, "description", r->elems, r->row, r->el_col);
    }
    if (el.link && m->engage >= 0 && hub) {
        ib_elem *e = ib_edge(doc, hub->id, b->id, m->engage, r->row, r->el_col);
        if (e)
            ib_cite(doc, e, at, el.link);
    }
}

static void one_row(ib_doc *doc, const tmap *m, const trow *r, ib_elem *hub,
                    const rg_import_opts *o)
{
    if (r->rel == NULL || r->rel[0] == '\0') {
        ib_diag(doc, r->row, r->rel_col,
                "no Relationship: each row names the counterparty it is about");
        return;
    }
    ib_elem *b = body(doc, m, r->rel, r->row, r->rel_col);
    if (b == NULL)
        return;
    ib_elem *a = r->doc && r->doc[0] ? agreement(doc, m, r, b) : NULL;
    if (a) {
        if (hub)
            party(doc, m, hub, a, r->row, NULL, o->hub_party);
        party(doc, m, b, a, r->row, r->rel, o->party);
    }
    elements(doc, m, r, hub, b, a);
}

/* Finds the columns by their headers; -1 after a diagnostic. */
static int columns(ib_doc *doc, const tmap *m, const rg_csv *t, int *col)
{
    static const char *const want[3] = {"Relationship", "Documentation", "SSR-related elements"};
    col[0] = col[1] = col[2] = col[3] = -1;
    int bad = 0;
    for (size_t c = 0; c < t->ncols[0]; c++) {
        const char *h = t->rows[0][c] ? t->rows[0][c] : "";
        int found = 0;
        for (int w = 0; w < 3; w++)
            if (strcasecmp(h, want[w]) == 0)
                col[w] = (int)c, found = 1;
        if (!found && m->type && strcmp(h, m->type) == 0)
            col[3] = (int)c, found = 1;
        if (!found) {
            ib_diag(doc, 1, (int)c + 1,
                    "'%s' is not a column of a relationship table (Relationship, "
                    "Documentation, SSR-related elements%s%s)",
                    h, m->type ? ", " : "", m->type ? m->type : "");
            bad = 1;
        }
    }
    for (int w = 0; w < 3; w++)
        if (col[w] < 0) {
            ib_diag(doc, 1, 1, "the header has no column '%s'; the first row names the columns",
                    want[w]);
            bad = 1;
        }
    return bad ? -1 : 0;
}

static const char *cell_of(const rg_csv *t, size_t r, int c)
{
    return c >= 0 && (size_t)c < t->ncols[r] ? t->rows[r][c] : NULL;
}

static void rows(ib_doc *doc, const tmap *m, const rg_csv *t, const int *col, ib_elem *hub,
                 const rg_import_opts *o)
{
    for (size_t i = 1; i < t->nrows; i++) {
        trow r = {(int)i + 1,
                  cell_of(t, i, col[0]),
                  cell_of(t, i, col[1]),
                  cell_of(t, i, col[2]),
                  cell_of(t, i, col[3]),
                  col[0] + 1,
                  col[1] + 1,
                  col[2] + 1,
                  col[3]};
        if (r.type && r.type[0] == '\0')
            r.type = NULL;
        one_row(doc, m, &r, hub, o);
    }
}

rg_status rg_import_table(const char *csv, const rg_import_opts *o, rg_buf *out, rg_diags *d,
                          rg_error *err)
{
    ib_doc doc;
    rg_status st = ib_open(&doc, o, csv, d, err);
    rg_csv t = {0};
    if (st == RG_OK && (st = rg_csv_read(csv, (size_t)1 << 31, &t, err)) != RG_OK)
        rg_diags_add(d, csv, err->line, err->column, "%s", err->text);
    tmap m;
    int col[4];
    if (st == RG_OK) {
        bind(&doc, &m);
        const char *base = strrchr(csv, '/') ? strrchr(csv, '/') + 1 : csv;
        if (t.nrows == 0)
            ib_diag(&doc, 1, 1, "the file is empty; the first row names the columns");
        else if (bound(&doc, &m) == 0 && columns(&doc, &m, &t, col) == 0) {
            ib_source(&doc, ib_printf(&doc, "relationship table %s", base));
            ib_elem *hub = t_hub(&doc, &m, &t, col, o->hub);
            rows(&doc, &m, &t, col, hub, o);
        }
        st = ib_finish(&doc, o, o->title ? o->title : base, out, err);
    }
    rg_csv_free(&t);
    ib_close(&doc);
    return st;
}
