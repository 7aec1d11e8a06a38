/* rg_audience.h: what a public audience may see.
 *
 * The schema names the confidentiality attribute and the values a public
 * audience may see (roles confidentiality_attr and public_values).  An
 * element is withheld when it carries that attribute with any other value;
 * an edge is withheld with either of its ends; a citation of a withheld
 * source is dropped.  Public reports, diagrams and query results are made
 * from the public view of the graph: the analyses never see what is
 * withheld, so no answer, row, label or count can tell of it, and nothing
 * needs to be filtered by searching text afterwards. */
#ifndef RG_AUDIENCE_H
#define RG_AUDIENCE_H

#include "rg_graph.h"

typedef struct rg_withheld {
    size_t nodes, edges, cites;
    const char *attr;   /* the confidentiality attribute, or NULL when the schema binds none */
    const char *values; /* the values shown to the public, comma list */
} rg_withheld;

/* Whether node V (or edge E) is withheld from a public audience of G. */
int rg_node_withheld(const rg_graph *g, int64_t v);
int rg_edge_withheld(const rg_graph *g, int64_t e);

/* The public view of G: a new graph of the elements a public audience may
 * see (ids, names, attributes, positions and as_of as in G), sharing G's
 * strings and schema (G must outlive it; free it with rg_graph_free).  W
 * says what was withheld.  RG_EUSAGE when the schema binds no
 * confidentiality attribute: a public artefact cannot be told apart from
 * an internal one, so it is refused rather than silently unfiltered. */
rg_status rg_graph_public(const rg_graph *g, rg_graph **out, rg_withheld *w, rg_error *err);

#endif
