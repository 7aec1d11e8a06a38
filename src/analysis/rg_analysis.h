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
 * analysis relies on is a field of its options, given as names.  The
 * defaults come from the schema's "roles" section, bound by the registry
 * (rg_registry.h, rg_registry.c); names are checked before an analysis runs.
 *
 * Every analysis takes an optional SUBSET (one flag per node, or NULL for
 * all): the nodes it reports on (the counterparties of gaps and risks, the
 * nodes ranked by central, the bodies of interlocks, the nodes clustered,
 * the nodes audited).  A query passes its selection there.
 *
 * All results are deterministic: rows are sorted, igraph's RNG is seeded. */
#ifndef RG_ANALYSIS_H
#define RG_ANALYSIS_H

#include "../graph/rg_adj.h"
#include "../graph/rg_entity.h"
#include "../graph/rg_graph.h"
#include "../graph/rg_kinds.h"
#include "rg_result.h"

/* ---- gaps ---------------------------------------------------------------- */

typedef struct rg_gaps_opts {
    const char *hub;              /* a name; NULL: the node party to most agreements */
    const char *select_attr;      /* boolean attribute that marks counterparties ("counterparty") */
    const char *agreement_kind;   /* node kind of agreements ("agreement") */
    const char *party_edge;       /* body -> agreement ("party_to") */
    const char *clause_edge;      /* agreement -> SSR clause ("contains") */
    const char *section_attr;     /* clause attribute naming its section ("section") */
    const char *clause_text_attr; /* clause attribute holding its text; NULL: its name */
    const char *purpose_attr;     /* agreement attribute: stated purpose; NULL: none */
    const char *located_attr;     /* boolean: the agreement's text was found ("text_located") */
    const char *date_attr;        /* agreement date ("date") */
    const char *renewed_attr;     /* later date that renews it ("extended"); may be "" */
    const char *region_edge;      /* body -> region ("in_region") */
    const char
        *agent_edges; /* comma list: X -> hub makes X act for the hub ("works_for,part_of") */
    const char *engage_edges; /* comma list: hub or agent -> Y is a working link
                                 ("member_of,participates_in") */
    const char *reach_edges;  /* comma list: Y -> Z carries the link on ("operated_by,part_of") */
    const char *alias_edges;  /* comma list, either way: Y may be Z ("same_as") */
    const char *start_attr, *end_attr; /* tenure dates of links ("start", "end") */
    rg_date as_of;  /* agreements dated later, and links not holding then, are left out */
    int older_than; /* years: list agreements older than this on AS_OF */
    int no_merge;   /* 1: agreements joined by alias edges count apart */
    const unsigned char *subset;
} rg_gaps_opts;

/* O(V + E) plus the informal-link search (bounded: 4 hops, 5 paths each). */
rg_status rg_gaps(const rg_graph *g, const rg_gaps_opts *o, rg_result *r, rg_error *err);

/* ---- risks --------------------------------------------------------------- */

typedef struct rg_risks_opts {
    const char *hub;              /* as for gaps */
    const char *select_attr;      /* "counterparty" */
    const char *agreement_kind;   /* agreements: their cuts are single-agreement ties */
    const char *party_edge;       /* to find the default hub and the hub's own documents */
    const char *skip_edges;       /* comma list of edge kinds left out ("mentions") */
    const char *alias_edges;      /* comma list: rows that may be one entity ("same_as") */
    const char *person_kinds;     /* comma list of node kinds ranked as people ("person,team") */
    const char *body_kinds;       /* comma list ranked as bodies ("organization") */
    const char *class_count_attr; /* agreement attribute: how many it stands for ("count"); may be
                                     "" */
    const char *type_attr;        /* agreement attribute: its type ("agreement_type"); may be "" */
    const char *own_types; /* comma list of TYPE_ATTR values: the hub's own documents ("bylaws") */
    int no_merge;          /* 1: every node its own entity (alias edges still left out) */
    int max_listed;        /* counterparties listed per cut (the count is exact); 0: all */
    const unsigned char *subset;
} rg_risks_opts;

/* On the quotient graph (rg_quotient: one vertex per entity; in_paths edge
 * kinds minus SKIP_EDGES and alias edges, undirected), the cut vertices of
 * the hub's component, each with the counterparties that would lose every
 * connection to the hub.  People, teams and bodies are ranked; agreements
 * that cut off their parties are summed up as single-agreement ties, except
 * class rows (CLASS_COUNT_ATTR > 1) and the hub's own documents (no party but
 * the hub, or a TYPE_ATTR value in OWN_TYPES).  One depth-first pass from the hub (Hopcroft-Tarjan
 * low points): O(V + E) time and memory, plus the rows written, at most MAX_LISTED counterparties
 * per cut. */
rg_status rg_risks(const rg_graph *g, const rg_risks_opts *o, rg_result *r, rg_error *err);

/* ---- central ------------------------------------------------------------- */

typedef struct rg_central_opts {
    const char *skip_edges;  /* comma list left out ("mentions") */
    const char *alias_edges; /* comma list: rows that may be one entity ("same_as") */
    int no_merge;            /* 1: every node its own entity (alias edges still left out) */
    int top;                 /* rows per kind; 0: all */
    int cutoff;              /* count only paths of at most this many hops; 0: all (exact) */
    int threads;             /* threads for betweenness; 0: one per core (the answer is the same) */
    long long max_steps;     /* the budget: adjacency entries the searches read; 0: the default */
    const unsigned char *subset;
} rg_central_opts;

/* The default of rg_central_opts.max_steps. */
#define RG_CENTRAL_MAX_STEPS 1000000000000LL

/* Betweenness (rg_btw.h: igraph's values, undirected, on several threads)
 * and degree on the quotient graph (one vertex per entity, parallel links
 * once), one row per entity.  Exact betweenness is O(V E): seconds up to
 * ~10^4 nodes, hours at 10^6; CUTOFF bounds it, MAX_STEPS stops it (an
 * exact run before it starts). */
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
    const char *method;      /* "leiden" or "louvain"; NULL: leiden */
    double resolution;       /* 1.0 */
    int seed;                /* 42 */
    int starts;              /* seeded starts (Leiden), the best modularity kept; 0: 20 */
    int iterations;          /* Leiden iterations per start; 0: 50 */
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
 * entity's members and the edge's citations (rg_ahelp.c).  Nothing
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
    const char *alias_edges;    /* "same_as": may-be-same pairs; never duplicates */
    int max_listed;             /* members named per duplicate group (the count is exact); 0: all */
    const unsigned char *subset;
} rg_audit_opts;

/* Findings ranked by kind (source conflicts, identifier mismatches,
 * may-be-same pairs, duplicates, facts without sources, counterparties
 * without a group, agreements not located), then by place.  O(V + E +
 * K log K) for K names; one duplicate finding per group of entities that
 * share a name. */
rg_status rg_audit(const rg_graph *g, const rg_audit_opts *o, rg_result *r, rg_error *err);

/* ---- paths ------------------------------------------------------------------ */

typedef struct rg_paths_opts {
    const char *from, *to; /* node names; one may be NULL after a selection */
    int max_hops;          /* 0: shortest connections only; else every simple path up to N */
    int limit;             /* at most this many connections in all */
    int max_steps;         /* the search's budget over all pairs; past it, RG_ELIMIT */
    int max_rows;          /* the answer's budget: step rows in all; past it, RG_ELIMIT */
    const char *only_nodes, *not_nodes; /* node kinds allowed / never passed between the ends */
    const char *only_edges, *not_edges; /* edge kinds followed / never followed */
    const char *alias_edges;            /* nodes that may be one: one connection, not two */
    int no_merge;
    const unsigned char *subset;
} rg_paths_opts;

/* The shortest connections (or every simple path up to max_hops), one row
 * per step with its sentence and sources; connections through one entity
 * are grouped.  Proportional to the paths explored (rg_links). */
rg_status rg_paths(const rg_graph *g, const rg_paths_opts *o, rg_result *r, rg_error *err);

/* ---- shared helpers (rg_ahelp.c) ----------------------------------------- */

/* Kinds named in options (rg_edge_kind_flags, ...) live in src/graph/rg_kinds.h. */
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
/* Sorts node indices by id, in natural order (E7 before E10).  Stable. */
void rg_sort_nodes(const rg_graph *g, int64_t *v, size_t n);
/* A word the schema binds ("words" in its roles), or a plain default
 * ("clause", "group", ...) when it binds none. */
const char *rg_word(const rg_graph *g, rg_role role);
/* Appends the plural of W: "counterparty" -> "counterparties". */
void rg_plural(rg_buf *b, const char *w);
/* rg_adj (edges by their ends) lives in src/graph/rg_adj.h. */

/* An undirected igraph of the edges whose kind flag is set (loops dropped);
 * EDGE_OF maps its edges back to the graph's (malloc'd, may be NULL). */
rg_status rg_sub_igraph(const rg_graph *g, const unsigned char *edge_ok, igraph_t *out,
                        int64_t **edge_of, rg_error *err);

/* ---- entities (rg_ahelp.c) ------------------------------------------------ */

/* The topology the entity-aware analyses (risks, central) share.  EDGE_OK
 * flags the edge kinds followed: in_paths, minus SKIP_EDGES, minus
 * ALIAS_EDGES (an alias edge says two rows may be one thing, never that two
 * things are linked).  E: the entities under ALIAS_EDGES, or every node
 * alone with NO_MERGE.  RG_EUSAGE for an unknown kind.  O(V + E). */
rg_status rg_topology_init(const rg_graph *g, const char *skip_edges, const char *alias_edges,
                           int no_merge, rg_entities *e, unsigned char **edge_ok, rg_error *err);

/* Each edge's kind and ends, read from the compact arrays a compiled
 * catalogue keeps (a byte of kind, igraph's from and to: 17 bytes an edge)
 * rather than from the 80-byte edge records, when the graph has them: a pass
 * over every edge of a million-node graph then reads 85 MB, not 390. */
typedef struct rg_ends {
    const unsigned char *kind8;        /* NULL: the records' */
    const igraph_integer_t *from, *to; /* NULL: the records' */
} rg_ends;
static inline rg_ends rg_ends_of(const rg_graph *g)
{
    rg_ends r = {g->edge_kind8, NULL, NULL};
    if (g->ig_ready && (size_t)igraph_ecount(&g->ig) == g->nedges) {
        r.from = g->ig.from.stor_begin;
        r.to = g->ig.to.stor_begin;
    }
    return r;
}
static inline int rg_end_kind(const rg_graph *g, const rg_ends *r, size_t i)
{
    return r->kind8 ? r->kind8[i] : g->edges[i].kind;
}
static inline int64_t rg_end_from(const rg_graph *g, const rg_ends *r, size_t i)
{
    return r->from ? (int64_t)r->from[i] : g->edges[i].from;
}
static inline int64_t rg_end_to(const rg_graph *g, const rg_ends *r, size_t i)
{
    return r->to ? (int64_t)r->to[i] : g->edges[i].to;
}

/* The quotient graph: one vertex per entity, an undirected edge between two
 * entities when an edge of a flagged kind joins their members; loops and
 * parallel edges dropped (two statements of one link count once).  Vertex
 * i stands for node NODE_OF[i] (a representative); node v lies in vertex
 * VERTEX_OF[v].  O(V + E). */
typedef struct rg_quotient {
    igraph_t ig; /* with RG_Q_IGRAPH */
    int have_ig;
    size_t n;
    int64_t *node_of;
    int64_t *vertex_of;
    /* With RG_Q_ADJ: vertex i's neighbours, ascending, each once, as
     * igraph_adjlist_init gives them from IG: adj[adj_start[i] ..
     * adj_start[i + 1]).  32-bit: RG_Q_ADJ fails (RG_ELIMIT) past INT32_MAX
     * vertices or UINT32_MAX / 2 edges. */
    uint32_t *adj_start;
    uint32_t *adj;
    int adj_borrowed; /* the compiled catalogue's (rg_graph.q_adj): read only, not freed */
} rg_quotient;
enum { RG_Q_IGRAPH = 1, RG_Q_ADJ = 2 };
/* WANT: RG_Q_IGRAPH, RG_Q_ADJ or both. */
rg_status rg_quotient_init(const rg_graph *g, const unsigned char *edge_ok, const rg_entities *e,
                           int want, rg_quotient *q, rg_error *err);
void rg_quotient_destroy(rg_quotient *q);

/* The ids of node V's entity: "oecd-seg (= oecd-spde)", or the id alone. */
void rg_entity_ids(const rg_graph *g, const rg_entities *e, int64_t v, rg_buf *out);

#endif
