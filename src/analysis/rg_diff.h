/* rg_diff.h: what changed between two versions of a catalogue, in a
 * reviewer's terms.
 *
 * Nodes are matched by id; edges by (kind, from id, to id), and where one
 * key holds several edges, by their attributes and citations.  Every
 * difference becomes one change with a sentence:
 *
 *   signed / lapsed   an agreement (the schema's agreement_kind) added or
 *                     removed, or its end (end_attr) newly set;
 *   added / removed   a body, a person, a clause (the `to` end of the
 *                     clause_edge role) or another node; a relationship
 *                     between nodes both versions have (the edges of an
 *                     added or removed node are told with it);
 *   moved             one edge of a kind left a node's end and one of the same
 *                     kind arrived at another: "John Crain moved from A to B";
 *   changed           a name, an attribute, the aliases, citations or
 *                     disputes of a node or edge both versions have;
 *   status            a counterparty's coverage status (the gaps analysis, run
 *                     on each version by the caller) changed.
 *
 * Kinds are told apart by the schema's roles (body_kinds, person_kinds,
 * agreement_kind, clause_edge): no kind is named here. */
#ifndef RG_DIFF_H
#define RG_DIFF_H

#include "../graph/rg_graph.h"
#include "rg_result.h"

typedef struct rg_diff_opts {
    /* The gaps result of each version (their main tables: id, status), or
     * NULL: no coverage is compared. */
    const rg_result *gaps_old, *gaps_new;
} rg_diff_opts;

/* Fills R (initialised on NEW) with the table "changes", sorted: agreements, clauses,
 * bodies, people, other nodes, relationships, moves, other changes,
 * coverage.  Its columns: change (the word above), element (node, edge or
 * coverage), subject (the node or edge kind), by_role (the role that classed a
 * node: agreement_kind, clause_edge, body_kinds, person_kinds; or NULL), id
 * and name (of the node, or an edge's from end), before and after (a move's
 * or a status's two values; an edge's to end), sentence.  Also the totals "changes", "added",
 * "removed", "changed". Strings of OLD are borrowed: OLD must outlive R.  O((V + E) log E). */
rg_status rg_diff(const rg_graph *old, const rg_graph *new_, const rg_diff_opts *o, rg_result *r,
                  rg_error *err);

/* Both versions in one graph, for a diagram of the changes: NEW's nodes and
 * edges (same indices), then OLD's nodes and edges that NEW lacks, their
 * kinds matched by name (an element of a kind NEW's schema lacks is left
 * out; one whose kind declares other attributes keeps none).  The graph
 * shares NEW's schema and both versions' strings: free it (rg_graph_free)
 * before either.  *NODE_CHANGE and *EDGE_CHANGE (malloc'd) mark each element
 * 0 unchanged, 1 added, 2 removed, 3 changed (rg_render.h, rg_view). */
rg_status rg_diff_union(const rg_graph *old, const rg_graph *new_, rg_graph **out,
                        unsigned char **node_change, unsigned char **edge_change, rg_error *err);

#endif
