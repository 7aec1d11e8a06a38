/* rg_analysis.h: the analyses a review asks for, each one library call that
 * fills an rg_result.
 *
 *   rg_gaps        SSR coverage of a hub's counterparties (status per counterparty)
 *   rg_risks       people, bodies and links whose loss cuts counterparties off the hub
 *   rg_central     betweenness and degree, ranked within each node kind
 *   rg_interlocks  shared memberships and the weighted projection onto bodies
 *   rg_clusters    regional grouping against community detection
 *   rg_audit       data quality: contradictions, duplicates, gaps in the data
 *
 * Nothing here knows a kind by name: every kind, attribute and edge kind an
 * analysis relies on is a field of its options, given as names (the
 * defaults, for the bundled schema, live in one table in src/query/rg_call.c).
 * An unknown name is an RG_EUSAGE error that names the option.
 *
 * Every analysis takes an optional SUBSET (one flag per node, or NULL for
 * all): the nodes it reports on (the counterparties of gaps and risks, the
 * nodes ranked by central, the bodies of interlocks, the nodes clustered,
 * the nodes audited).  A query passes its selection there.
 *
 * All results are deterministic: rows are sorted, igraph's RNG is seeded. */
#ifndef RG_ANALYSIS_H
#define RG_ANALYSIS_H

#include "../graph/rg_graph.h"
#include "rg_result.h"

/* ---- gaps ---------------------------------------------------------------- */

typedef struct rg_gaps_opts {
    const char *hub;            /* a name; NULL: the node party to most agreements */
    const char *select_attr;    /* boolean attribute that marks counterparties ("counterparty") */
    const char *agreement_kind; /* node kind of agreements ("agreement") */
    const char *party_edge;     /* body -> agreement ("party_to") */
    const char *clause_edge;    /* agreement -> SSR clause ("contains") */
    const char *section_attr;   /* clause attribute naming its section ("section") */
    const char *located_attr;   /* boolean: the agreement's text was found ("text_located") */
    const char *date_attr;      /* agreement date ("date") */
    const char *renewed_attr;   /* later date that renews it ("extended"); may be "" */
    const char *region_edge;    /* body -> region ("in_region") */
    const char
        *agent_edges; /* comma list: X -> hub makes X act for the hub ("works_for,part_of") */
    const char *engage_edges; /* comma list: hub or agent -> Y is a working link
                                 ("member_of,participates_in") */
    const char *reach_edges;  /* comma list: Y -> Z carries the link on ("operated_by,part_of") */
    const char *alias_edges;  /* comma list, either way: Y may be Z ("same_as") */
    const char *start_attr, *end_attr; /* tenure dates of links ("start", "end") */
    rg_date as_of;  /* agreements dated later, and links not holding then, are left out */
    int older_than; /* years: list agreements older than this on AS_OF */
    const unsigned char *subset;
} rg_gaps_opts;

/* O(V + E) plus the informal-link search (bounded: 4 hops, 5 paths each). */
rg_status rg_gaps(const rg_graph *g, const rg_gaps_opts *o, rg_result *r, rg_error *err);

/* ---- risks --------------------------------------------------------------- */

typedef struct rg_risks_opts {
    const char *hub;            /* as for gaps */
    const char *select_attr;    /* "counterparty" */
    const char *agreement_kind; /* used only to find the default hub */
    const char *party_edge;
    const char
        *skip_edges; /* comma list of edge kinds left out of the graph ("same_as,mentions") */
    const unsigned char *subset;
} rg_risks_opts;

/* Articulation points and bridges of the hub's connected component (edge
 * kinds with in_paths, minus SKIP_EDGES, undirected), each with the
 * counterparties that would lose every connection to the hub.  O(V + E)
 * for igraph, then one BFS per cut: O(k (V + E)). */
rg_status rg_risks(const rg_graph *g, const rg_risks_opts *o, rg_result *r, rg_error *err);

/* ---- central ------------------------------------------------------------- */

typedef struct rg_central_opts {
    const char *skip_edges; /* comma list left out ("same_as,mentions") */
    int top;                /* rows per kind; 0: all */
    int cutoff;             /* count only paths of at most this many hops; 0: all (exact) */
    const unsigned char *subset;
} rg_central_opts;

/* Betweenness (igraph, undirected) and degree.  Exact betweenness is
 * O(V E): seconds up to ~10^4 nodes, minutes beyond; CUTOFF bounds it. */
rg_status rg_central(const rg_graph *g, const rg_central_opts *o, rg_result *r, rg_error *err);

/* ---- interlocks ------------------------------------------------------------ */

typedef struct rg_interlocks_opts {
    const char *member_edges;        /* comma list: member -> body (role member_edges) */
    const char *participation_edges; /* comma list: X takes part in a body or programme */
    const char *body_kinds;          /* comma list of node kinds counted as bodies */
    const char *programme_kinds;     /* comma list: programmes and events bodies share */
    const char *agreement_kind;      /* bodies party to one agreement are linked too; may be "" */
    const char *party_edge;          /* body -> agreement */
    const char *hub;         /* its pairs with one agreement partner are summarised, not listed;
                                NULL: the node party to most agreements */
    const char *alias_edges; /* comma list: nodes that may be one entity (role alias_edges) */
    int no_merge;            /* 1: alias edges are left out, every node is its own entity */
    const char *start_attr, *end_attr, *as_of_attr; /* tenure dates ("start", "end", "as_of") */
    rg_date as_of; /* only tenures that hold on this date; year 0: all */
    const unsigned char *subset;
} rg_interlocks_opts;

/* Four ties between bodies, kept apart because they mean different things:
 * shared members (MEMBER_EDGES at both ends), a shared participant (one end
 * a participation), a shared programme (bodies taking part in one node of
 * PROGRAMME_KINDS), a shared agreement (PARTY_EDGE).  Pairs of the hub and
 * one agreement partner are summarised in one row: every agreement makes
 * one, so they say nothing an interlock would.  Then the other projection:
 * members linked by the bodies they share.  Nodes joined by ALIAS_EDGES are
 * one entity; repeated statements of one tie count once.  A tie counts only
 * when the two tenures overlap (ends inclusive: a tenure ending on the day
 * another begins overlaps it); each tenure is kept on its own.  Ties sorted
 * by weight, then natural order of ids (E7 before E10).  O(E log E + P log P)
 * for P projected pairs, which are bounded (RG_ELIMIT past 5,000,000). */
rg_status rg_interlocks(const rg_graph *g, const rg_interlocks_opts *o, rg_result *r,
                        rg_error *err);

/* ---- clusters ------------------------------------------------------------- */

typedef struct rg_clusters_opts {
    const char *group_edge;  /* edge kind node -> group node (role group_edge); or NULL */
    const char *group_attr;  /* a node attribute whose value is the group; or NULL */
    const char *node_kinds;  /* comma list clustered; NULL or "": every kind */
    const char *skip_edges;  /* left out of the linked graph (role skip_edges) */
    const char *alias_edges; /* nodes that may be one entity (role alias_edges) */
    int no_merge;            /* 1: alias edges are left out, every node is its own entity */
    const char *method;      /* "leiden" or "louvain" */
    double resolution;       /* 1.0 */
    unsigned long seed;      /* 42 */
    int starts;              /* seeded starts (Leiden), the best modularity kept; 0: default */
    int iterations;          /* Leiden iterations per start; 0: default */
    long long budget;        /* Leiden: edge passes over all starts (iterations x links); 0: 5e6 */
    const unsigned char *subset;
} rg_clusters_opts;

/* Communities (Leiden: bounded iterations from several seeded starts, the
 * best modularity kept; or Louvain) on the linked graph, over entities,
 * against the grouping by GROUP_EDGE or GROUP_ATTR (at most one; none: the
 * communities alone): each partition's modularity, number and sizes of
 * groups, and NMI and adjusted Rand between them.  Leiden's work is
 * O(min(starts x iterations x E, BUDGET)): past the budget no further
 * iteration starts, and the note says so. */
rg_status rg_clusters(const rg_graph *g, const rg_clusters_opts *o, rg_result *r, rg_error *err);

/* The merged entities of E whose representative is flagged in SHOWN, as a
 * table "entities" of R: one row per alias edge (the evidence), with the
 * entity's members and the edge's citations (rg_interlocks.c).  Nothing
 * when none is shown. */
struct rg_entities;
/* Each node's place in the natural order of ids (E7 before E10), malloc'd,
 * or NULL when out of memory (rg_interlocks.c).  O(V log V). */
size_t *rg_node_ranks(const rg_graph *g);
void rg_entities_rows(rg_result *r, const rg_graph *g, const struct rg_entities *e,
                      const unsigned char *shown);

/* ---- audit ----------------------------------------------------------------- */

typedef struct rg_audit_opts {
    const char *select_attr;    /* "counterparty" */
    const char *region_edge;    /* "in_region" */
    const char *agreement_kind; /* "agreement" */
    const char *located_attr;   /* "text_located" */
    const char *alias_edges;    /* "same_as" */
    const unsigned char *subset;
} rg_audit_opts;

rg_status rg_audit(const rg_graph *g, const rg_audit_opts *o, rg_result *r, rg_error *err);

/* ---- shared helpers (rg_ahelp.c) ----------------------------------------- */

/* Edge kinds named in a comma list, as flags over the schema's edge kinds
 * (calloc'd; free it).  An empty or NULL list gives all zeros. */
rg_status rg_edge_kind_flags(const rg_graph *g, const char *list, const char *option,
                             unsigned char **out, rg_error *err);
rg_status rg_node_kind_flags(const rg_graph *g, const char *list, const char *option,
                             unsigned char **out, rg_error *err);
rg_status rg_edge_kind_named(const rg_graph *g, const char *name, const char *option, int *out,
                             rg_error *err);
rg_status rg_node_kind_named(const rg_graph *g, const char *name, const char *option, int *out,
                             rg_error *err);
/* Resolves HUB, or picks the node that is party to the most agreements. */
rg_status rg_find_hub(const rg_graph *g, const char *hub, const char *agreement_kind,
                      const char *party_edge, int64_t *out, rg_error *err);
/* The days a dated relationship may cover: from the earliest day its start
 * can mean ("2001" is 2001-01-01) to the latest its end can mean ("2005" is
 * 2005-12-31), as yyyymmdd numbers; a missing end is unbounded. */
typedef struct rg_span {
    long from, to;
} rg_span;
rg_span rg_edge_span(const rg_graph *g, const rg_edge *e, const char *start_attr,
                     const char *end_attr);
/* Whether a span meets the period a date names ("2003" is the whole year). */
int rg_span_meets(rg_span s, rg_date d);
int rg_spans_overlap(rg_span a, rg_span b);

/* Whether node V has boolean attribute ATTR set to true. */
int rg_node_flag(const rg_graph *g, int64_t v, const char *attr);
/* Comparison of node ids, for qsort over int64 node indices (context-free:
 * uses the graph set by rg_sort_graph). */
void rg_sort_nodes(const rg_graph *g, int64_t *v, size_t n);
/* Edges by their ends: the edges leaving node V are
 * out_edges[out_start[V] .. out_start[V + 1]), the edges arriving at it
 * in_edges[in_start[V] .. in_start[V + 1]), each in file order.  O(V + E). */
typedef struct rg_adj {
    size_t *out_start, *in_start;
    int64_t *out_edges, *in_edges;
} rg_adj;
rg_status rg_adj_init(const rg_graph *g, rg_adj *a, rg_error *err);
void rg_adj_destroy(rg_adj *a);

/* An undirected igraph of the edges whose kind flag is set (loops dropped);
 * EDGE_OF maps its edges back to the graph's (malloc'd, may be NULL). */
rg_status rg_sub_igraph(const rg_graph *g, const unsigned char *edge_ok, igraph_t *out,
                        int64_t **edge_of, rg_error *err);

#endif
