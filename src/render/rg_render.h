/* rg_render.h: diagrams of a catalogue: views, DOT, SVG/PNG/PDF.
 *
 * A view is a choice of nodes and edges (the overview, a region, the paths
 * between two nodes, a neighbourhood) plus a title.  Rendering builds the
 * graph with libcgraph, writes DOT with agwrite, or lays it out with dot and
 * renders it in process with libgvc.  No Agraph_t leaves this module.
 *
 * The visual grammar knows no kind by name; it is derived from the schema:
 *   - node kind i of the schema gets shape SHAPES[i] (bodies first in most
 *     schemas: box; then groups, people, documents ...);
 *   - edge kind j gets a line style, an arrow head and a pen colour from
 *     three short palettes indexed by j, so that no two kinds look alike;
 *   - the fill colour is the node's status: the value of the attribute the
 *     caller names (status_attr), coloured by the position of the value in
 *     the attribute's "values" list in the schema, or a status the caller
 *     supplies per node (the coverage gaps of issue 3);
 *   - nodes reached by an edge of kind cluster_edge are drawn as clusters
 *     (one per region) around the nodes that point to them;
 *   - node kinds that the schema exempts from citations (the sources) are
 *     not drawn: the footnote names them.
 * A catalogue with another schema therefore renders without any change,
 * and the legend drawn in every diagram says what each shape, colour and
 * line means.  The choice is made here rather than in a style file because
 * a file would have to name kinds and be kept in step with the schema.
 *
 * Output is deterministic: nodes in file order, edges in file order, ids
 * generated ("n0", "n1", ...) and never taken from the catalogue. */
#ifndef RG_RENDER_H
#define RG_RENDER_H

#include <stddef.h>
#include <stdint.h>

#include "../analysis/rg_links.h"
#include "../analysis/rg_result.h"
#include "../core/rg_buf.h"
#include "../core/rg_error.h"
#include "../graph/rg_graph.h"

/* The Graphviz part of one drawing (building cgraph's graph, the layout,
 * the rendering into memory), handed to a runner: on success *OUT (malloc'd,
 * NUL-terminated) and *LEN are set. */
typedef rg_status (*rg_render_job)(void *arg, char **out, size_t *len, rg_error *err);

/* Where the program wants that part run.  Graphviz 2.42 and the libraries it
 * loads (cdt, gvc, fontconfig, glib, pango) dereference a NULL from a failed
 * allocation; a program that must end with an error rather than a crash runs
 * JOB in a process of its own and returns the bytes (the CLI forks: the
 * library never does so behind its caller).  RUN calls JOB, or runs it
 * elsewhere, and returns its status, *OUT and *LEN as JOB would; WHAT names
 * the drawing for messages (the view's title).  CTX is passed through. */
typedef struct rg_render_runner {
    rg_status (*run)(void *ctx, const char *what, rg_render_job job, void *arg, char **out,
                     size_t *len, rg_error *err);
    void *ctx;
} rg_render_runner;

/* What the caller decides for a catalogue (the CLI passes the defaults for
 * the ICANN schema; every field may be NULL). */
typedef struct rg_render_opts {
    const char *status_attr;  /* node attribute whose value fills the node ("ssr_elements") */
    const char *cluster_edge; /* edge kind whose targets become clusters ("in_region") */
    const char *link_attr;    /* node attribute with a document's address ("url") */
    size_t withheld;          /* elements withheld from the audience (drawn from the public view) */
    const uint64_t *fold_kinds; /* node kinds shown in their neighbours' tooltips, not as nodes,
                                   in the overview and region views ("clause") */
    size_t max_nodes;           /* views with more nodes are refused; 0 means 1000 */
    int element_ids; /* SVG ids "rgnI" / "rgeJ" (I, J: catalogue indices) on drawn nodes and
                        edges, for the explorer's script (rg_explore.h); 0: Graphviz's own */
    const rg_render_runner *runner; /* runs each drawing's Graphviz part; NULL: in this process */
} rg_render_opts;

/* An edge drawn between two nodes that stands for something else: the
 * agreements between two parties folded into one edge (region, around and
 * person views), or a counterparty's coverage in the summary overview. */
typedef struct rg_view_link {
    int64_t from, to;   /* drawn nodes */
    int64_t via;        /* the first node folded into it (its tooltip and link), or -1 */
    char *label;        /* owned; NULL for none */
    const char *status; /* the status word colouring it, or NULL; not owned */
    int kind;           /* the edge kind it replaces (its look when it has no status), or -1 */
} rg_view_link;

typedef struct rg_view {
    const rg_graph *g;
    unsigned char *node_on; /* per node: drawn */
    unsigned char *edge_on; /* per edge: drawn */
    unsigned char *fold_on; /* per node: folded into its neighbours' tooltips */
    char *title;            /* owned */
    /* Optional per-node status words replacing status_attr (NULL entries:
     * no status), with the words in legend order; not owned. */
    const char *const *status;
    const char *const *status_values;
    size_t nstatus_values;
    const char *status_name;                  /* legend heading for the status; not owned */
    const char **owned_status, **owned_words; /* set by rg_view_fill_from; freed with the view */
    size_t hidden;                            /* elements left out for the audience */
    int edge_labels;                          /* write each edge's verb on it (small views) */
    /* Optional change marks of a diff (rg_diff_union), per node and per edge:
     * 0 unchanged, 1 added, 2 removed, 3 changed; NULL: none.  A marked
     * element is drawn with a line style (added bold, removed dashed,
     * changed dotted) and edges with a pen colour, so that the change reads
     * in greyscale too; the status words are then the change words, in mark
     * order, and their legend samples take the same line styles.  Not owned. */
    const unsigned char *node_change, *edge_change;
    rg_view_link *links; /* owned, with their labels */
    size_t nlinks;
    int link_labels_in_node;        /* a link's label is written in its `to` node (the summary) */
    int64_t hub;                    /* the hub (drawn outside clusters), or -1 */
    char *note;                     /* owned: what the view leaves out, printed under the legend */
    struct rg_result *owned_result; /* the gaps result the statuses come from, when owned */
} rg_view;

void rg_view_destroy(rg_view *v);

/* The whole catalogue. O(V + E). */
rg_status rg_view_overview(const rg_graph *g, const rg_render_opts *o, rg_view *v, rg_error *err);
/* The summary that fits a page: the hub (the schema's role hub, else the
 * party to most agreements), each counterparty of the gaps analysis grouped
 * by region, and one edge per counterparty coloured by its status and
 * labelled with its agreements' types and years; people and teams only
 * where they are the working link of an informal counterparty.  Runs the
 * gaps analysis as of AS_OF (NULL: its default); the view owns the result.
 * RG_EINVALID when the catalogue has no hub or agreements to summarise:
 * callers fall back to rg_view_overview. */
rg_status rg_view_summary(const rg_graph *g, const rg_render_opts *o, const char *as_of, rg_view *v,
                          rg_error *err);
/* Colours V's nodes by the gaps analysis as of AS_OF (NULL: its default),
 * keeping the title; the view owns the result.  An error leaves V as it was. */
rg_status rg_view_gaps(rg_view *v, const char *as_of, rg_error *err);
/* Folds every node of the schema's agreement kind that has exactly two
 * drawn parties into one edge between them (several agreements between the
 * same two parties make one edge), labelled with a short title of each:
 * type and year.  The node KEEP (a view's centre) is never folded. */
rg_status rg_view_fold_agreements(rg_view *v, const rg_render_opts *o, int64_t keep, rg_error *err);
/* Keeps at most MAX drawn nodes, the first in ORDER (nearest first), and
 * says in the view's note how many of each kind were left out and why. */
rg_status rg_view_limit(rg_view *v, const int64_t *order, size_t n, size_t max, const char *why,
                        rg_error *err);
/* The nodes in cluster REGION and their direct neighbours. */
rg_status rg_view_region(const rg_graph *g, const rg_render_opts *o, int64_t region, rg_view *v,
                         rg_error *err);
/* Every node within DEPTH hops of CENTER, following edges both ways. */
rg_status rg_view_around(const rg_graph *g, const rg_render_opts *o, int64_t center, int depth,
                         rg_view *v, rg_error *err);
/* The nodes and edges of the paths that rg_links found. */
/* Fills V's nodes by the status column of RES's main table (the gaps
 * analysis: one status per counterparty), the legend in the order of
 * severity, and takes RES's title.  The words belong to RES, which must
 * outlive V.  RG_EINVALID when RES has no id and status columns. */
rg_status rg_view_fill_from(rg_view *v, const rg_result *res, rg_error *err);

/* The nodes (and, when it has them, only the edges) a result stands for:
 * the path view draws the paths analysis's result. */
rg_status rg_view_result(const rg_graph *g, const rg_render_opts *o, const rg_result *r,
                         const char *title, rg_view *v, rg_error *err);

/* The N nodes listed (a query's selection: rg_result.nodes) and the edges
 * between them, titled TITLE; for `relgraph query FILE --render out.svg`. */
rg_status rg_view_nodes(const rg_graph *g, const rg_render_opts *o, const int64_t *nodes, size_t n,
                        const char *title, rg_view *v, rg_error *err);

/* Nodes of VIEW that would be drawn. */
size_t rg_view_count(const rg_view *v);
/* A short title for node I: its name attribute (a short name), else for
 * the agreement kind its type (abbreviated when several words: "memorandum
 * of agreement" is "MoA") and year, else its name; appended to OUT. */
void rg_short_title(const rg_graph *g, int64_t i, rg_buf *out);
/* The initials that stand for a type of several words ("MoA"), or TYPE. */
void rg_type_abbrev(const char *type, rg_buf *out);
/* The cluster nodes (targets of cluster_edge) in file order; *N set.
 * Returns a malloc'd array (NULL when there are none). */
int64_t *rg_render_clusters(const rg_graph *g, const rg_render_opts *o, size_t *n);

typedef enum rg_format { RG_FMT_DOT = 0, RG_FMT_SVG, RG_FMT_PNG, RG_FMT_PDF } rg_format;

/* The format a file name asks for, by its extension ("-" is DOT).
 * RG_EUSAGE with a message for any other extension. */
rg_status rg_format_from_path(const char *path, rg_format *f, rg_error *err);

/* cgraph's allocator for every graph, chosen by the program (Graphviz
 * keeps it: call before any drawing, from one thread).  ALLOC returns N
 * zeroed bytes, RESIZE reallocates P from OLD to N bytes and zeroes what
 * it adds; STATE is cgraph's, to be ignored.  Graphviz 2.42 writes through
 * a NULL from either, so they should not return one (the CLI's say "out of
 * memory" and exit).  Without a call, cgraph's own (malloc, realloc). */
void rg_render_graphviz_alloc(void *(*alloc)(void *state, size_t n),
                              void *(*resize)(void *state, void *p, size_t old, size_t n));

/* Renders VIEW.  *OUT (malloc'd, NUL-terminated for text formats) and
 * *LEN are set on success.  RG_ELIMIT when a view with more nodes than
 * o->max_nodes is to be laid out (DOT is always written), RG_EINVALID when
 * it has no node. */
rg_status rg_render(const rg_view *v, const rg_render_opts *o, rg_format f, char **out, size_t *len,
                    rg_error *err);

/* The fill of the I-th status of a list (the diagrams' palette, shared by
 * the charts and the report): colour-blind safe, at least 15 grey levels
 * apart; past the palette, the "other" fill. */
const char *rg_render_status_fill(size_t i);
size_t rg_render_status_nfills(void);

#endif
