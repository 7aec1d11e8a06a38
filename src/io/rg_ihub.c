/* rg_ihub.c: the clauses quoted in a relationship table, and the hub the
 * table is about (rg_itable.h).
 *
 * Clauses: one per paragraph of the cell (paragraphs are separated by a
 * blank line); inside a paragraph, a line that starts "Section ",
 * "Article ", "Clause ", "Condition ", "Paragraph " or "Schedule " starts
 * another clause, and a first line without a label
 * ("Specification 6 - Registry ...") is a heading for those under it.  A
 * clause's section is its label ("Section 1.1(a)", "9.2"), after its
 * heading; without one, "paragraph N".
 *
 * The hub: in a title that reads "... between X and Y", one of X and Y is
 * the row's counterparty and the other is a vote for the hub; the name with
 * the most votes wins (--hub overrides). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "rg_itable.h"

/* A line that starts a clause of its own: "Section 3.20: ...". */
static int strong_label(const char *s)
{
    static const char *const words[] = {"Section ",   "Article ",   "Clause ",
                                        "Condition ", "Paragraph ", "Schedule "};
    for (size_t i = 0; i < sizeof words / sizeof *words; i++)
        if (strncmp(s, words[i], strlen(words[i])) == 0)
            return 1;
    return 0;
}

/* The label a clause starts with, into BUF; 0 when it has none. */
static int label_of(const char *s, char *buf, size_t n)
{
    if (strong_label(s)) {
        const char *colon = strchr(s, ':');
        size_t len;
        if (colon && colon - s <= 40)
            len = (size_t)(colon - s);
        else {
            size_t w = strcspn(s, " ") + 1; /* the word, then its number */
            len = w + strcspn(s + w, " \n");
        }
        snprintf(buf, n, "%.*s", (int)len, s);
    } else if (isdigit((unsigned char)s[0])) {
        snprintf(buf, n, "%.*s", (int)strcspn(s, " \n"), s);
    } else {
        return 0;
    }
    size_t k = strlen(buf);
    while (k && (buf[k - 1] == '.' || buf[k - 1] == ':'))
        buf[--k] = '\0';
    return k > 0;
}

/* One clause: TEXT (lines joined), its label, under HEADING. */
static void clause(ib_doc *doc, const tmap *m, const trow *r, const ib_elem *a, const char *heading,
                   const char *text, int nth)
{
    char label[128];
    if (!label_of(text, label, sizeof label))
        snprintf(label, sizeof label, "paragraph %d", nth);
    const char *section =
        heading ? ib_printf(doc, "%s, %s", heading, label) : ib_strdup(doc, label);
    /* the agreement's title up to " between ": a clause's name stays short */
    const char *cut = strstr(a->name, " between ");
    int tn = cut ? (int)(cut - a->name) : (int)strlen(a->name);
    char *who = ib_strdup(doc, r->rel), *acro;
    if (who == NULL)
        return;
    t_split_acronym(who, &acro);
    const char *name = ib_printf(doc, "%.*s (%s), %s", tn > 80 ? 80 : tn, a->name, who, section);
    ib_elem *c = ib_node(doc, ib_make_id(doc, ib_printf(doc, "%s %s", a->id, label), 96), m->clause,
                         name, r->row, r->el_col);
    if (c == NULL)
        return;
    if (m->section && ib_has_attr(doc, c, 1, m->section))
        ib_set(doc, c, 1, m->section, section, r->row, r->el_col);
    if (m->text && ib_has_attr(doc, c, 1, m->text))
        ib_set(doc, c, 1, m->text, text, r->row, r->el_col);
    const char *at = ib_printf(doc, "row %d", r->row);
    ib_cite(doc, c, at, text);
    ib_elem *e = ib_edge(doc, a->id, c->id, m->contains, r->row, r->el_col);
    if (e)
        ib_cite(doc, e, at, label);
}

/* The clauses of one paragraph (its lines in LINES). */
static void paragraph(ib_doc *doc, const tmap *m, const trow *r, const ib_elem *a, char **lines,
                      size_t n, int *nth)
{
    char label[128];
    size_t i = 0;
    const char *heading = NULL;
    if (n >= 2 && !label_of(lines[0], label, sizeof label) && strong_label(lines[1]))
        heading = lines[i++];
    while (i < n) {
        rg_buf t;
        rg_buf_init(&t);
        rg_buf_puts(&t, lines[i++]);
        while (i < n && !strong_label(lines[i]))
            rg_buf_printf(&t, " %s", lines[i++]);
        ++*nth;
        if (!t.oom)
            clause(doc, m, r, a, heading, rg_buf_str(&t), *nth);
        rg_buf_destroy(&t);
    }
}

void t_clauses(ib_doc *doc, const tmap *m, const trow *r, const ib_elem *a)
{
    if (m->contains < 0 || m->clause < 0)
        return; /* the schema has no clauses: the status says it all */
    char *s = ib_strdup(doc, r->elems);
    char *lines[256];
    size_t n = 0;
    int nth = 0;
    for (char *p = s; p;) {
        char *nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        char *line = p;
        while (isspace((unsigned char)*line))
            line++;
        size_t len = strlen(line);
        while (len && isspace((unsigned char)line[len - 1]))
            line[--len] = '\0';
        if (len == 0 || n == 256) { /* a blank line ends a paragraph */
            if (n)
                paragraph(doc, m, r, a, lines, n, &nth);
            n = 0;
        }
        if (len)
            lines[n++] = line;
        p = nl ? nl + 1 : NULL;
    }
    if (n)
        paragraph(doc, m, r, a, lines, n, &nth);
}

/* A name compared loosely: lower case, no parentheses, quotes, "the" or
 * punctuation. */
static void norm(const char *s, rg_buf *out)
{
    int depth = 0;
    rg_buf t;
    rg_buf_init(&t);
    for (const char *p = s; *p; p++) {
        if (*p == '(')
            depth++;
        else if (*p == ')' && depth)
            depth--;
        else if (!depth)
            rg_buf_putc(&t, isalnum((unsigned char)*p) ? (char)tolower((unsigned char)*p) : ' ');
    }
    const char *w = rg_buf_str(&t);
    while (*w) {
        while (*w == ' ')
            w++;
        size_t n = strcspn(w, " ");
        if (n && !(n == 3 && strncmp(w, "the", 3) == 0))
            rg_buf_printf(out, "%s%.*s", out->len ? " " : "", (int)n, w);
        w += n;
    }
    rg_buf_destroy(&t);
}

static int same_name(const char *a, const char *b)
{
    rg_buf x, y;
    rg_buf_init(&x);
    rg_buf_init(&y);
    norm(a, &x);
    norm(b, &y);
    int same = x.len && strcmp(rg_buf_str(&x), rg_buf_str(&y)) == 0;
    rg_buf_destroy(&x);
    rg_buf_destroy(&y);
    return same;
}

/* The other party a title names besides REL, or NULL. */
static const char *other_party(ib_doc *doc, const char *title, const char *rel)
{
    const char *b = strstr(title, " between ");
    if (b == NULL)
        return NULL;
    const char *rest = b + 9;
    for (const char *p = rest; (p = strstr(p, " and ")) != NULL; p += 5) {
        char *left = rg_arena_strndup(&doc->arena, rest, (size_t)(p - rest));
        const char *right = p + 5;
        if (left && same_name(left, rel))
            return right;
        if (left && same_name(right, rel))
            return left;
    }
    return NULL;
}

typedef struct vote {
    const char *key, *name, *acro;
    int n, row;
} vote;

/* Counts VOTE for the party NAME (from row ROW). */
static void count(ib_doc *doc, vote *v, size_t *nv, size_t cap, const char *name, int row)
{
    char *s = ib_strdup(doc, name), *acro = NULL;
    if (s == NULL)
        return;
    if (strncasecmp(s, "the ", 4) == 0)
        s += 4;
    t_split_acronym(s, &acro);
    if (acro) { /* ("ICANN") */
        size_t n = strlen(acro);
        if (n > 2 && acro[0] == '"' && acro[n - 1] == '"') {
            acro[n - 1] = '\0';
            acro++;
        }
    }
    rg_buf k;
    rg_buf_init(&k);
    norm(s, &k);
    const char *key = ib_strdup(doc, rg_buf_str(&k));
    rg_buf_destroy(&k);
    for (size_t i = 0; i < *nv; i++)
        if (strcmp(v[i].key, key) == 0) {
            v[i].n++;
            if (v[i].acro == NULL)
                v[i].acro = acro;
            return;
        }
    if (*nv < cap)
        v[(*nv)++] = (vote){key, s, acro, 1, row};
}

ib_elem *t_hub(ib_doc *doc, const tmap *m, const rg_csv *t, const int *col, const char *name)
{
    vote v[256];
    size_t nv = 0;
    for (size_t i = 1; i < t->nrows; i++) {
        const char *rel = (size_t)col[0] < t->ncols[i] ? t->rows[i][col[0]] : NULL;
        const char *cell = (size_t)col[1] < t->ncols[i] ? t->rows[i][col[1]] : NULL;
        if (rel == NULL || cell == NULL)
            continue;
        tdoc d;
        t_parse_doc(doc, cell, &d);
        const char *other = d.title ? other_party(doc, d.title, rel) : NULL;
        if (other)
            count(doc, v, &nv, 256, other, (int)i + 1);
    }
    const vote *best = NULL;
    for (size_t i = 0; i < nv; i++)
        if (best == NULL || v[i].n > best->n)
            best = &v[i];
    if (name == NULL && best == NULL) {
        ib_diag(doc, 0, 0,
                "cannot tell which body the table is about: no Documentation title reads "
                "'... between X and Y' with X the row's Relationship; name it with --hub NAME");
        return NULL;
    }
    const char *hub = name ? name : best->name;
    /* a schema that names its hub (role hub) gets it under that id */
    const char *id = doc->s->roles[RG_ROLE_HUB];
    if (id == NULL ||
        strspn(id, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.") !=
            strlen(id))
        id = ib_make_id(doc, name || best->acro == NULL ? hub : best->acro, 32);
    ib_elem *h = ib_node(doc, id, m->body, hub, best && !name ? best->row : 0, 0);
    if (h == NULL)
        return NULL;
    if (!name && best->acro && t_name_attr(doc, m->body))
        ib_set(doc, h, 1, t_name_attr(doc, m->body), best->acro, best->row, col[1] + 1);
    if (m->counterparty && ib_has_attr(doc, h, 1, m->counterparty))
        ib_set(doc, h, 1, m->counterparty, "false", 0, 0);
    if (name)
        ib_cite(doc, h, "all rows: the body the table is about (named with --hub)", NULL);
    else
        ib_cite(doc, h,
                ib_printf(doc, "row %d; the other party named in %d agreement title%s", best->row,
                          best->n, best->n == 1 ? "" : "s"),
                best->name);
    return h;
}
