/* rg_import_lists.c: plain node and edge lists (CSV with a header row) as a
 * catalogue under any schema.
 *
 * Columns are found by their header: id, kind, name, aliases, cite, and
 * every other column is an attribute of the schema, read as its type.  The
 * typed headers of Neo4j's bulk importer are understood as well (id:ID,
 * :LABEL, name:string, :START_ID, :END_ID, :TYPE, :IGNORE), so the files
 * `relgraph export neo4j` writes come back unchanged.  Without a cite
 * column, each element cites its row of the file. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "rg_ibuild.h"
#include "rg_io.h"
#include "rg_iocommon.h"

enum { C_ATTR = 0, C_ID, C_KIND, C_NAME, C_ALIASES, C_CITE, C_FROM, C_TO, C_IGNORE };

/* What header H stands for; *NAME gets the attribute name (the header less
 * any ":type"). */
static int column_role(ib_doc *doc, const char *h, const char **name)
{
    static const struct {
        const char *word;
        int role;
    } words[] = {{"id", C_ID},           {"kind", C_KIND},   {"name", C_NAME},
                 {"aliases", C_ALIASES}, {"cite", C_CITE},   {"from", C_FROM},
                 {"to", C_TO},           {":LABEL", C_KIND}, {":TYPE", C_KIND},
                 {":START_ID", C_FROM},  {":END_ID", C_TO},  {":IGNORE", C_IGNORE}};
    char *n = ib_strdup(doc, h ? h : "");
    if (n == NULL)
        return C_IGNORE;
    /* Neo4j's id space: "id:ID(Org)", ":START_ID(Org)" */
    char *paren = strchr(n, '(');
    if (paren && strstr(n, "ID("))
        *paren = '\0';
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strcmp(n, words[i].word) == 0)
            return words[i].role;
    char *colon = strrchr(n, ':');
    if (colon && strcmp(colon, ":ID") == 0)
        return C_ID;
    if (colon && colon != n)
        *colon = '\0';
    *name = n;
    for (size_t i = 0; i < 6; i++)
        if (strcmp(n, words[i].word) == 0)
            return words[i].role;
    return C_ATTR;
}

typedef struct layout {
    int *role;
    const char **name;
    int at[C_IGNORE + 1]; /* column of each role, or -1 */
} layout;

static int read_header(ib_doc *doc, const rg_csv *t, int nodes, layout *l)
{
    size_t nc = t->nrows ? t->ncols[0] : 0;
    l->role = calloc(nc + 1, sizeof *l->role);
    l->name = calloc(nc + 1, sizeof *l->name);
    if (l->role == NULL || l->name == NULL) {
        doc->oom = 1;
        return -1;
    }
    for (int r = 0; r <= C_IGNORE; r++)
        l->at[r] = -1;
    for (size_t c = 0; c < nc; c++) {
        l->role[c] = column_role(doc, t->rows[0][c], &l->name[c]);
        int r = l->role[c];
        if (r == C_ATTR || r == C_IGNORE)
            continue;
        if (l->at[r] >= 0)
            ib_diag(doc, 1, (int)c + 1, "the column '%s' comes twice (also column %d)",
                    t->rows[0][c], l->at[r] + 1);
        l->at[r] = (int)c;
    }
    const int need_n[] = {C_ID, C_KIND, C_NAME}, need_e[] = {C_FROM, C_TO, C_KIND};
    const char *word_n[] = {"id (or id:ID)", "kind (or :LABEL)", "name"};
    const char *word_e[] = {"from (or :START_ID)", "to (or :END_ID)", "kind (or :TYPE)"};
    int bad = 0;
    for (int i = 0; i < 3; i++)
        if (l->at[nodes ? need_n[i] : need_e[i]] < 0) {
            ib_diag(doc, 1, 1, "the header has no column %s; the first row names the columns",
                    nodes ? word_n[i] : word_e[i]);
            bad = 1;
        }
    return bad ? -1 : 0;
}

static const char *field(const rg_csv *t, size_t r, int c)
{
    return c >= 0 && (size_t)c < t->ncols[r] ? t->rows[r][c] : NULL;
}

/* The columns every element has: aliases (nodes), cite, attributes. */
static void fill(ib_doc *doc, const rg_csv *t, const layout *l, size_t r, ib_elem *e, int node)
{
    for (size_t c = 0; c < t->ncols[r]; c++) {
        const char *v = t->rows[r][c];
        if (v == NULL || v[0] == '\0' || c >= t->ncols[0])
            continue; /* nothing given: no value */
        if (l->role[c] == C_ATTR)
            ib_set(doc, e, node, l->name[c], v, (int)r + 1, (int)c + 1);
        else if (l->role[c] == C_ALIASES && node)
            for (const char *p = v; p;) {
                const char *semi = strchr(p, ';'), *q = p;
                size_t n = semi ? (size_t)(semi - p) : strlen(p);
                while (n && *q == ' ')
                    q++, n--;
                while (n && q[n - 1] == ' ')
                    n--;
                char *a = strndup(q, n);
                if (a && a[0])
                    ib_alias(doc, e, a);
                free(a);
                p = semi ? semi + 1 : NULL;
            }
        else if (l->role[c] == C_CITE && strcmp(v, "[]") != 0) {
            /* a JSON array of citations, as written; the final load checks it */
            const char *in = v;
            while (*in == ' ' || *in == '[')
                in++;
            size_t n = strlen(in);
            while (n && (in[n - 1] == ' ' || in[n - 1] == ']'))
                n--;
            char *inner = strndup(in, n);
            if (inner && inner[0])
                ib_cite_json(doc, e, inner);
            free(inner);
        }
    }
    if (l->at[C_CITE] < 0)
        ib_cite(doc, e, ib_printf(doc, "%s %zu", doc->row_word, r + 1), NULL);
}

static void read_rows(ib_doc *doc, const rg_csv *t, const layout *l, int nodes)
{
    for (size_t r = 1; r < t->nrows; r++) {
        int row = (int)r + 1;
        const char *kind = field(t, r, l->at[C_KIND]);
        if (kind == NULL || kind[0] == '\0') {
            ib_diag(doc, row, l->at[C_KIND] + 1, "no kind; every %s needs one",
                    nodes ? "node" : "edge");
            continue;
        }
        int k = ib_kind(doc, kind, nodes, row, l->at[C_KIND] + 1);
        if (k < 0)
            continue;
        ib_elem *e;
        if (nodes) {
            const char *id = field(t, r, l->at[C_ID]), *name = field(t, r, l->at[C_NAME]);
            if (name == NULL || name[0] == '\0') {
                ib_diag(doc, row, l->at[C_NAME] + 1, "no name; every node needs one");
                continue;
            }
            e = ib_node(doc, id ? id : "", k, name, row, l->at[C_ID] + 1);
        } else {
            const char *from = field(t, r, l->at[C_FROM]), *to = field(t, r, l->at[C_TO]);
            e = ib_edge(doc, from ? from : "", to ? to : "", k, row, l->at[C_FROM] + 1);
        }
        if (e)
            fill(doc, t, l, r, e, nodes);
    }
}

/* Reads one list file into DOC. */
static rg_status read_list(ib_doc *doc, const char *path, int nodes, rg_error *err)
{
    rg_csv t;
    rg_status st = rg_csv_read(path, (size_t)1 << 31, &t, err);
    if (st != RG_OK) {
        rg_diags_add(doc->d, path, err->line, err->column, "%s", err->text);
        return st;
    }
    doc->file = path;
    layout l = {0};
    if (t.nrows == 0)
        ib_diag(doc, 1, 1, "the file is empty; the first row names the columns");
    else if (read_header(doc, &t, nodes, &l) == 0) {
        if (l.at[C_CITE] < 0) /* no citations given: each row cites itself */
            ib_source(doc, ib_printf(doc, "%s list %s", nodes ? "node" : "edge",
                                     strrchr(path, '/') ? strrchr(path, '/') + 1 : path));
        read_rows(doc, &t, &l, nodes);
    }
    free(l.role);
    free(l.name);
    rg_csv_free(&t);
    return RG_OK;
}

rg_status rg_import_lists(const char *nodes, const char *edges, const rg_import_opts *o,
                          rg_buf *out, rg_diags *d, rg_error *err)
{
    ib_doc doc;
    rg_status st = ib_open(&doc, o, nodes, d, err);
    if (st != RG_OK) {
        ib_close(&doc);
        return st;
    }
    st = read_list(&doc, nodes, 1, err);
    if (st == RG_OK && edges)
        st = read_list(&doc, edges, 0, err);
    if (st == RG_OK) {
        const char *base = strrchr(nodes, '/') ? strrchr(nodes, '/') + 1 : nodes;
        st = ib_finish(&doc, o, o->title ? o->title : base, out, err);
    }
    ib_close(&doc);
    return st;
}
