/* rg_words.h: how relgraph words nodes, edges, values and citations.
 *
 * Every layer that speaks to a reader (analyses, diagrams, the report, the
 * CLI) words things the same way through these, so they live with the
 * graph, below all of them. */
#ifndef RG_WORDS_H
#define RG_WORDS_H

#include <stddef.h>
#include <stdint.h>

#include "../core/rg_buf.h"
#include "rg_graph.h"

/* "Anti-Phishing Working Group (APWG)". */
void rg_node_display(const rg_graph *g, int64_t node, rg_buf *out);
/* "[002_….txt, row 32, lines 456-461; …]" for a list of citations. */
void rg_cites_format(const rg_graph *g, const rg_cite *c, size_t n, rg_buf *out);
/* The file a source node stands for (its role source_file_attr) or its name. */
const char *rg_source_label(const rg_graph *g, int64_t source);
/* Writes an attribute value as text ("2015-10-30", "true", "a, b"). */
void rg_value_format(const rg_value *v, rg_buf *out);
/* Words an edge taken from node FROM, without citations: "David Piscitello
 * works for ICANN (title: ...)". */
void rg_edge_words(const rg_graph *g, int64_t edge, int64_t from, rg_buf *out);

#endif
