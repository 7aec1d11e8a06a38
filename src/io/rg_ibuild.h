/* rg_ibuild.h: building a catalogue from imported rows.
 *
 * The importers (table, lists, DOT) add nodes, edges, attributes and
 * citations here, each with the place it came from (ROW and COLUMN of a
 * CSV file, LINE of a DOT file).  Each value is checked against the schema
 * as it is added (the kind exists, the attribute belongs to it, the text
 * reads as its type), and the whole at the end (required attributes, edge
 * ends and the kinds an edge kind joins, duplicate ids): every fault is a
 * diagnostic at its origin.  Then the catalogue is written as JSON, one
 * element per line, and loaded once more; a fault the loader finds is
 * reported at the origin of the line it names. */
#ifndef RG_IBUILD_H
#define RG_IBUILD_H

#include <stddef.h>

#include "../core/rg_arena.h"
#include "../core/rg_buf.h"
#include "../core/rg_error.h"
#include "../core/rg_strmap.h"
#include "../graph/rg_graph.h"
#include "rg_io.h"

typedef struct ib_attr {
    const char *name;
    const char *json; /* the value as JSON text */
} ib_attr;

typedef struct ib_elem {
    const char *id, *name; /* nodes */
    const char *from, *to; /* edges: node ids */
    int kind;
    const char **aliases;
    size_t naliases, capaliases;
    const char *aliases_json; /* or the aliases as a JSON array, as read */
    ib_attr *attrs;
    size_t nattrs, capattrs;
    const char **cites; /* each a JSON object */
    size_t ncites, capcites;
    const char *file; /* where it came from: the input file, row and column */
    int row, col;
} ib_elem;

typedef struct ib_doc {
    const char *file;     /* the input, for messages */
    const char *row_word; /* "row" or "line": how a place is named in citations */
    rg_graph *sg;         /* an empty graph holding the schema */
    const rg_schema *s;
    char *schema_text;        /* the schema file, to embed */
    ib_elem **nodes, **edges; /* each allocated alone: an ib_elem * stays valid */
    size_t nnodes, capnodes, nedges, capedges;
    rg_strmap ids;         /* id -> index in nodes */
    rg_strmap names;       /* for an importer's own look-ups (the table: folded body names) */
    int source_kind;       /* the kind citations point to, or -1 */
    const char *source_id; /* the node standing for the input file, or NULL */
    rg_arena arena;
    rg_diags *d;
    size_t d0; /* diagnostics in D before this import */
    int oom;
} ib_doc;

/* Reads the schema O names (checked as `relgraph check` would) and starts
 * a catalogue for input FILE.  Schema faults go to D. */
rg_status ib_open(ib_doc *doc, const rg_import_opts *o, const char *file, rg_diags *d,
                  rg_error *err);
/* The same with the schema given as JSON text (embedded in the result). */
rg_status ib_open_text(ib_doc *doc, const char *schema, const char *file, rg_diags *d,
                       rg_error *err);
void ib_close(ib_doc *doc);

char *ib_strdup(ib_doc *doc, const char *s);
char *ib_printf(ib_doc *doc, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void ib_diag(ib_doc *doc, int row, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* A node kind or edge kind by name; -1 after a diagnostic naming the kinds. */
int ib_kind(ib_doc *doc, const char *name, int nodes, int row, int col);
/* An id made from TEXT (letters, digits, '-'; about MAX bytes, cut at a
 * word), unique among the nodes so far ("icann", "icann-2"). */
const char *ib_make_id(ib_doc *doc, const char *text, size_t max);
/* Adds a node; NULL after a diagnostic (duplicate id, bad id). */
ib_elem *ib_node(ib_doc *doc, const char *id, int kind, const char *name, int row, int col);
ib_elem *ib_edge(ib_doc *doc, const char *from, const char *to, int kind, int row, int col);
/* The node with ID, or NULL. */
ib_elem *ib_find(ib_doc *doc, const char *id);
void ib_alias(ib_doc *doc, ib_elem *e, const char *alias);
/* Sets attribute NAME of E from TEXT, read as the attribute's type
 * (booleans: true/false/yes/no; lists: items separated by ';').  0, or -1
 * after a diagnostic at ROW:COL (unknown attribute, with the nearest; a
 * value that does not read as its type). */
int ib_set(ib_doc *doc, ib_elem *e, int node, const char *name, const char *text, int row, int col);
/* The same with the value already JSON (an array for a list). */
void ib_set_json(ib_doc *doc, ib_elem *e, const char *name, const char *json);
/* Does E's kind have attribute NAME? */
int ib_has_attr(const ib_doc *doc, const ib_elem *e, int node, const char *name);
/* Cites the input at AT (e.g. "row 12"), with QUOTE (may be NULL). */
void ib_cite(ib_doc *doc, ib_elem *e, const char *at, const char *quote);
/* Adds citations given as a JSON array (kept as written; checked at the end). */
void ib_cite_json(ib_doc *doc, ib_elem *e, const char *json);
/* Makes the node standing for the input file (kind: the first kind
 * citations may point to; its source-file attribute: the file's name).
 * Call before ib_cite. */
void ib_source(ib_doc *doc, const char *name);

/* Checks the whole, writes the catalogue to OUT and loads it once more.
 * RG_EINVALID when any diagnostic was recorded (OUT untouched). */
rg_status ib_finish(ib_doc *doc, const rg_import_opts *o, const char *title, rg_buf *out,
                    rg_error *err);

/* Lower-case ASCII fold with runs of space as one, for comparing names. */
void ib_fold(const char *s, rg_buf *out);

#endif
