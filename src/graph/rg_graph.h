/* rg_graph.h: the typed graph.
 *
 * Nodes and edges live in the engine's own arrays (ids, names, kinds,
 * attributes, citations); the topology is mirrored once, after loading, in
 * an igraph_t whose vertex and edge ids are the same indices.  All strings
 * and small arrays live in one arena, freed with the graph.
 *
 * A graph is built in two steps: rg_graph_add_node / rg_graph_add_edge while
 * loading, then rg_graph_finish, which builds the name index and creates the
 * igraph graph in one call (adding edges one at a time is quadratic). */
#ifndef RG_GRAPH_H
#define RG_GRAPH_H

#include <igraph.h>
#include <pthread.h>
#include <stddef.h>
#include <stdint.h>

#include "../core/rg_arena.h"
#include "../core/rg_error.h"
#include "../core/rg_progress.h"
#include "../core/rg_strmap.h"
#include "rg_schema.h"

/* A date as precise as the source gives it: month and day are 0 when absent. */
typedef struct rg_date {
    int year, month, day;
} rg_date;

/* Parses "YYYY", "YYYY-MM" or "YYYY-MM-DD" (a real calendar date). 0 or -1. */
int rg_date_parse(const char *s, rg_date *d);
/* Writes the ISO form, as precise as D is, into BUF (at least 11 bytes). */
void rg_date_format(rg_date d, char *buf, size_t n);
/* Compares by the earliest day each could mean ("2015" is 2015-01-01). */
int rg_date_cmp(rg_date a, rg_date b);

typedef struct rg_value {
    rg_type type;
    union {
        const char *s;
        double n;
        int b;
        rg_date d;
        struct {
            const char **items;
            size_t n;
        } list;
    } u;
    const char *text; /* the value as written (dates, strings); NULL otherwise */
} rg_value;

typedef struct rg_attr {
    int def; /* index into the kind's attrs */
    rg_value value;
} rg_attr;

typedef struct rg_cite {
    int64_t source;    /* node index of the source document */
    const char *at;    /* where in it; may be NULL */
    const char *quote; /* the words; may be NULL */
} rg_cite;

typedef struct rg_dispute {
    int def;        /* attribute index in the kind */
    rg_value value; /* type RG_T_* or value.text == NULL for null */
    int is_null;
    const char *note;
    rg_cite *cites;
    size_t ncites;
} rg_dispute;

/* What nodes and edges share. */
typedef struct rg_props {
    rg_attr *attrs;
    size_t nattrs;
    rg_cite *cites;
    size_t ncites;
    rg_dispute *disputes;
    size_t ndisputes;
    int line, column; /* where the element starts in its file */
} rg_props;

typedef struct rg_node {
    const char *id;
    const char *name;
    int kind;
    const char **aliases;
    size_t naliases;
    rg_props p;
} rg_node;

typedef struct rg_edge {
    int64_t from, to;
    int kind;
    rg_props p;
} rg_edge;

/* The parts of a compiled catalogue that are checked when a command first
 * uses them rather than as it loads (src/load/rg_rgc.c), so that a command
 * that never uses one does not read it: the name index and its postings,
 * the stored entity map, the stored quotient adjacency.  rg_graph_need
 * checks a part once; the graph's accessors call it. */
enum { RG_PART_NAMES, RG_PART_ENTITIES, RG_PART_QUOTIENT, RG_NPARTS };
typedef struct rg_lazy {
    /* checks PART: RG_OK, or ERR filled as the load would have filled it */
    rg_status (*check)(struct rg_lazy *l, int part, rg_error *err);
    void (*destroy)(struct rg_lazy *l);
    pthread_mutex_t lock; /* analyses of one graph may run in threads */
    int state[RG_NPARTS]; /* 0 not checked yet, 1 sound, -1 damaged (ERROR) */
    rg_error error;
} rg_lazy;

typedef struct rg_graph {
    rg_schema *schema; /* owned, unless BASE is set */
    /* A view made from another graph (rg_audience.h): its strings, schema
     * and attribute arrays belong to BASE, which must outlive it. */
    const struct rg_graph *base;
    char *file;        /* the catalogue's path, owned */
    const char *shown; /* how to name it to a reader (the path as given; the default catalogue by
                          its file name), in the arena; NULL: FILE */
    char *title;       /* may be NULL */
    rg_node *nodes;
    size_t nnodes, capnodes;
    rg_edge *edges;
    size_t nedges, capedges;
    rg_strmap id_index;   /* id -> node index */
    rg_strmap name_index; /* folded name -> head of a posting list */
    struct rg_posting {
        int64_t node, next;
    } * post;
    size_t npost, cappost;
    /* The date of the analyses when no --as-of is given: the catalogue's
     * top-level "as_of" (AS_OF_GIVEN), else the latest date any node or edge
     * states; year 0 when it states none.  Never the clock. */
    rg_date as_of_given, as_of;
    const char *as_of_from; /* "the catalogue's as_of", "the latest date it states" */
    char sha256[65];        /* of the bytes parsed (hex); empty when built in memory */
    igraph_t ig;            /* directed; vertex i is node i, edge j is edge j */
    int ig_ready;
    int ig_mapped; /* NODES, EDGES, POST and (once IG_READY) IG's index vectors lie in BLOB */
    rg_arena arena;
    /* A compiled catalogue (src/load/rg_rgc.h) the strings point into:
     * mapped (BLOB_MAPPED) or malloc'd; released with the graph. */
    void *blob;
    size_t blob_len;
    int blob_mapped;
    /* Each edge's kind, a byte an edge, when loaded from a compiled
     * catalogue whose schema has at most 256 edge kinds (else NULL; owned):
     * a pass that looks for edges of a kind (alias merging) then reads 5 MB
     * at a million nodes instead of every edge record's 400. */
    unsigned char *edge_kind8;
    /* The entities under the edge kinds flagged in ENTITY_KINDS (one byte
     * an edge kind), stored by a compiled catalogue and checked as it
     * loaded (the struct owned, its arrays in BLOB); rg_entities_init lends
     * them for those kinds.  NULL: none. */
    struct rg_entities *entities;
    const unsigned char *entity_kinds;
    /* The quotient graph's adjacency (rg_quotient) under the edge kinds
     * flagged in QUOTIENT_KINDS and the stored entities, stored by a
     * compiled catalogue (in BLOB; checked when first lent,
     * RG_PART_QUOTIENT): vertex i's neighbours are Q_ADJ[Q_START[i] ..
     * Q_START[i + 1]).  NULL: none. */
    const uint32_t *q_start, *q_adj;
    size_t q_n;
    const unsigned char *quotient_kinds;
    /* The parts of a compiled catalogue not checked yet (NULL: none; owned). */
    rg_lazy *lazy;
    /* Where long analyses report how far they are (not owned; NULL: nowhere). */
    rg_progress *progress;
} rg_graph;

/* Installs igraph's error and warning handlers so that igraph never aborts
 * the process.  Idempotent; called by rg_graph_init. */
void rg_library_init(void);
/* igraph's global state (cleanup stack, random number generator) is not
 * thread-safe as Debian builds it: hold this lock around igraph work.
 * rg_call (every analysis) and rg_graph_finish take it. */
void rg_igraph_lock(void);
void rg_igraph_unlock(void);
/* The message of the last igraph error caught by the handler (this thread's). */
const char *rg_igraph_last_error(void);
/* Routes igraph's own progress reports (betweenness, per source vertex) made
 * by this thread to P until called again with NULL.  Call it holding the
 * igraph lock, around one igraph call. */
void rg_igraph_progress(rg_progress *p);
/* Wraps an igraph return value: RG_OK, or RG_EIGRAPH with ERR filled. */
rg_status rg_igraph_check(igraph_error_t rc, rg_error *err);

/* Takes ownership of SCHEMA (which must come from malloc). */
rg_status rg_graph_init(rg_graph *g, rg_schema *schema, const char *file, rg_error *err);
void rg_graph_destroy(rg_graph *g);
/* Appends a node; returns its index or -1 when out of memory.  Strings must
 * already live in g->arena. */
int64_t rg_graph_add_node(rg_graph *g, const rg_node *n);
int64_t rg_graph_add_edge(rg_graph *g, const rg_edge *e);
/* Builds the name index and the igraph graph. O(V + E). */
rg_status rg_graph_finish(rg_graph *g, rg_error *err);

/* Sets as_of and as_of_from from as_of_given or the dates the graph states
 * (rg_graph_finish calls it). */
void rg_graph_set_as_of(rg_graph *g);
/* Sets it to D as rg_graph_set_as_of found it before (a compiled catalogue
 * records it): FROM 1 the catalogue's as_of, 2 the latest date it states,
 * 0 none. */
void rg_graph_put_as_of(rg_graph *g, rg_date d, int from);

/* Checks PART (RG_PART_*) of a compiled catalogue before its first use,
 * once (RG_OK at once when G has no such part unchecked): RG_ESYNTAX, with
 * the message a load that checked it would have given, when it is damaged.
 * Thread-safe. */
rg_status rg_graph_need(const rg_graph *g, int part, rg_error *err);

/* Node index by id, or -1. */
int64_t rg_graph_find_id(const rg_graph *g, const char *id);

const rg_kind *rg_graph_node_kind(const rg_graph *g, const rg_node *n);
const rg_edge_kind *rg_graph_edge_kind(const rg_graph *g, const rg_edge *e);
/* The attribute named NAME of a node or edge, or NULL. */
const rg_value *rg_node_attr(const rg_graph *g, const rg_node *n, const char *name);
const rg_value *rg_edge_attr(const rg_graph *g, const rg_edge *e, const char *name);
/* The catalogue as a reader should see it named (rg_graph.shown). */
static inline const char *rg_graph_shown(const rg_graph *g)
{
    return g->shown ? g->shown : g->file;
}
/* A node's short label: its first name attribute ("ICANN"), else its name. */
const char *rg_node_label(const rg_graph *g, const rg_node *n);

/* Folds a name for look-up: ASCII lower case, runs of white space to one
 * space, trimmed.  Writes into BUF; returns BUF. */
char *rg_name_fold(const char *s, char *buf, size_t n);

/* Resolves a user's name for a node: an exact id first, then id, name, alias
 * or name attribute, case-insensitively.  On RG_ENOTFOUND or RG_EAMBIGUOUS, ERR's text lists
 * the nearest names or the candidates. */
rg_status rg_graph_resolve(const rg_graph *g, const char *name, int64_t *node, rg_error *err);

#endif
