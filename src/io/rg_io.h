/* rg_io.h: catalogues in and out of the formats other tools speak.
 *
 * Export writes a loaded graph as GraphML, GEXF (Gephi), node-link JSON
 * (NetworkX, D3), the CSV files of Neo4j's bulk importer, or DOT that keeps
 * every fact.  Import turns a relationship table (the review team's three
 * columns), plain node and edge lists (CSV), or a Graphviz diagram into a
 * catalogue (JSON text, docs/format.md) that passes `relgraph check`: every
 * row is checked against the schema first, with errors at FILE:ROW:COLUMN,
 * and the catalogue made is loaded once more before it is handed back, so a
 * caller never receives a catalogue relgraph would refuse.
 *
 * This module sits above load, analysis and render: it is the only one that
 * includes libcsv, and it reads DOT through libcgraph (render draws with it;
 * here it only parses).  Formats and their mapping: docs/import-export.md. */
#ifndef RG_IO_H
#define RG_IO_H

#include <stddef.h>

#include "../core/rg_buf.h"
#include "../core/rg_error.h"
#include "../graph/rg_graph.h"

typedef enum rg_export_format {
    RG_EXPORT_GRAPHML = 0,
    RG_EXPORT_GEXF,
    RG_EXPORT_JSON,
    RG_EXPORT_NEO4J_NODES, /* nodes.csv of the Neo4j layout */
    RG_EXPORT_NEO4J_EDGES, /* relationships.csv */
    RG_EXPORT_DOT
} rg_export_format;

/* Writes G in format F to OUT.  STATUS (GEXF only; may be NULL) holds one
 * word per node (NULL for none), written as the node attribute "status".
 * Deterministic: catalogue order, attributes in schema order.  RG_EINVALID
 * when a value cannot be written in the format (a ';' inside a Neo4j
 * array item), with the element named. */
rg_status rg_export(const rg_graph *g, rg_export_format f, const char *const *status, rg_buf *out,
                    rg_error *err);

/* The coverage status of each node by the gaps analysis, for GEXF: *STATUS
 * gets G->nnodes entries (NULL where the node has none; free with
 * rg_export_statuses_free).  An error when the analysis cannot run on G
 * (its roles are unbound); ERR says why. */
rg_status rg_export_statuses(const rg_graph *g, const char ***status, rg_error *err);
void rg_export_statuses_free(const char **status, size_t n);

/* How an import is made. */
typedef struct rg_import_opts {
    const char *schema_path;  /* the schema file (required) */
    const char *schema_ref;   /* write "schema": SCHEMA_REF; NULL: embed the schema */
    const char *hub;          /* table import: the body the table is about; NULL: inferred */
    const char *hub_party;    /* table import: ATTR=VALUE on the hub's party edges, or NULL */
    const char *party;        /* table import: ATTR=VALUE on the counterparty's, or NULL */
    const char *title;        /* the catalogue's title; NULL: from the file name */
    const char *schema_roots; /* as rg_load_opts.schema_roots, for checking the result */
    const char *out_dir;      /* where the result will lie (resolves SCHEMA_REF); NULL: "." */
} rg_import_opts;

/* A relationship table (CSV with the columns Relationship, Documentation,
 * SSR-related elements) becomes a catalogue: OUT gets its JSON text.  Every
 * fault goes to DIAGS as FILE:ROW:COLUMN (row = the CSV record, 1 = the
 * header; column = 1-based field).  Nothing is appended to OUT on error. */
rg_status rg_import_table(const char *csv, const rg_import_opts *o, rg_buf *out, rg_diags *d,
                          rg_error *err);

/* Plain lists: NODES (header: id, kind, name, then aliases, cite and any
 * attribute; Neo4j's typed headers such as id:ID, :LABEL, name:string are
 * understood too) and EDGES (from, to, kind, or :START_ID, :END_ID, :TYPE;
 * may be NULL). */
rg_status rg_import_lists(const char *nodes, const char *edges, const rg_import_opts *o,
                          rg_buf *out, rg_diags *d, rg_error *err);

/* A Graphviz diagram becomes a catalogue.  With o->schema_path NULL, under
 * the minimal schema of docs/import-export.md, embedded in the catalogue. */
rg_status rg_import_dot(const char *gv, const rg_import_opts *o, rg_buf *out, rg_diags *d,
                        rg_error *err);

#endif
