/* rg_itable.h: reading the cells of a relationship table (rg_import_table.c):
 * the words of a Documentation cell, the SSR-related elements, the hub the
 * agreement titles name. */
#ifndef RG_ITABLE_H
#define RG_ITABLE_H

#include "../core/rg_error.h"
#include "rg_ibuild.h"
#include "rg_iocommon.h"

/* The schema's names for the parts of a table, from its roles (-1 / NULL:
 * unbound). */
typedef struct tmap {
    int body, agreement, clause, party, contains, engage;
    const char *located, *date, *renewed, *type, *status, *link, *section, *text, *counterparty;
} tmap;

/* One row: its cells (NULL when absent) and where they are. */
typedef struct trow {
    int row;
    const char *rel, *doc, *elems, *type;
    int rel_col, doc_col, el_col, type_col; /* type_col: -1 when the table has none */
} trow;

/* A Documentation cell, read. */
typedef struct tdoc {
    const char *title, *date, *renewed, *url; /* NULL when absent; dates ISO */
    int located;
} tdoc;

/* SSR-related elements, read. */
typedef struct telems {
    int none, unknown, clauses;
    const char *link; /* "None." then a sentence: the sentence (inside the cell) */
} telems;

/* Cuts a trailing " (ACRONYM)" off NAME (in place); *ACRO points into NAME
 * or is NULL. */
void t_split_acronym(char *name, char **acro);
/* The first string attribute of kind K marked as a name ("short_name"), or NULL. */
const char *t_name_attr(const ib_doc *doc, int k);
void t_parse_doc(ib_doc *doc, const char *cell, tdoc *d);
/* The value of the type attribute the title's words give, or NULL. */
const char *t_type_of(ib_doc *doc, const tmap *m, const char *title);
/* The values of the type attribute, joined by ", ". */
const char *t_type_values(ib_doc *doc, const tmap *m);
void t_parse_elems(const char *cell, telems *e);
/* The quoted clauses of row R as clause nodes of agreement A. */
void t_clauses(ib_doc *doc, const tmap *m, const trow *r, const ib_elem *a);
/* The hub: NAME, or the body the agreement titles name most often besides
 * the counterparty ("between X and Y").  NULL after a diagnostic. */
ib_elem *t_hub(ib_doc *doc, const tmap *m, const rg_csv *t, const int *col, const char *name);

#endif
