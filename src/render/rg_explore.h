/* rg_explore.h: the explorer: one self-contained HTML page to click through
 * a catalogue (`relgraph explore`).
 *
 * The page holds the overview drawing (rg_render's SVG, inline, each drawn
 * node and edge with a generated id "rgnI" / "rgeJ" naming its catalogue
 * index), the data the page shows as JSON in a non-executed script element,
 * one style sheet and one script (src/render/explore/, embedded in the
 * binary at build time).  Everything the page shows is computed here: each
 * node's and edge's facts, the sentences `relgraph links` says for each
 * edge and its citations, the node sets of the region views, the coverage
 * status of the gaps analysis, and for the shortest connections the
 * breadth-first "next step" lists toward each node (see below).  The script
 * only displays them: search, filters, panels, pan and zoom.
 *
 * Nothing is fetched: the Content-Security-Policy is default-src 'none' with
 * the script and the style sheet allowed by their SHA-256 only; the drawing
 * carries no link (link_attr is not used: an address is shown as text).
 * User text reaches the page escaped: rg_markup.h for the HTML around the
 * drawing, and JSON strings with '<', '>', '&', U+2028 and U+2029 as \u
 * escapes, so that no name can end the data's script element.
 *
 * Connections.  For a node T, the "next steps" toward T are, for every node
 * V, the edges V-W on a shortest path from V to T (W one hop nearer T),
 * over the edges `links` follows by default (kinds with in_paths, no
 * loops), in the order rg_links walks them (neighbour id, edge kind name,
 * file order).  Walking them from A enumerates exactly the connections
 * `relgraph links A T` lists, in its order; the script stops at `links`'s
 * limit (20) and groups paths through nodes of one entity (alias edges) as
 * `links` does.  The lists take O(V) entries per node T; they are embedded
 * for every node while the total stays within max_path_steps, taken in
 * order of degree (hubs first): a pair is answered when either end has them
 * (walked from the other end when only the first has).  Deterministic. */
#ifndef RG_EXPLORE_H
#define RG_EXPLORE_H

#include <stddef.h>

#include "../analysis/rg_result.h"
#include "../core/rg_error.h"
#include "../graph/rg_graph.h"
#include "rg_render.h"

/* The entries of the shortest connections' lists embedded in all (3.4 bytes each
 * for the default catalogue). */
#define RG_EXPLORE_PATH_STEPS 500000

typedef struct rg_explore_in {
    const char *version;   /* relgraph's version, named in the page */
    const rg_result *gaps; /* the gaps analysis (coverage status per node), or NULL */
    const char *gaps_note; /* why there is no coverage status (shown), or NULL */
    size_t max_path_steps; /* 0: RG_EXPLORE_PATH_STEPS */
} rg_explore_in;

/* What the page holds, for the caller's message. */
typedef struct rg_explore_stats {
    size_t drawn_nodes, drawn_edges; /* in the overview drawing */
    size_t roots;                    /* nodes whose connections are embedded */
    size_t path_steps;               /* entries of those lists */
} rg_explore_stats;

/* Builds the page for G with the render options O (status attribute,
 * clusters, folded kinds, max_nodes, withheld); *HTML is malloc'd and
 * NUL-terminated, *LEN its length.  RG_ELIMIT when the overview has more
 * nodes than O->max_nodes (as rg_render), RG_ENOMEM.  O(V (V + E)) for the
 * connections, plus the layout. */
rg_status rg_explore_page(const rg_graph *g, const rg_render_opts *o, const rg_explore_in *in,
                          char **html, size_t *len, rg_explore_stats *stats, rg_error *err);

/* Appends S as a JSON string literal safe inside an HTML script element:
 * quotes, backslashes and control characters escaped as JSON requires, and
 * '<', '>', '&', U+2028, U+2029 as \u escapes (so "</script>" and "<!--"
 * cannot occur).  Invalid UTF-8 is passed through as the loader left it. */
void rg_explore_json_str(rg_buf *out, const char *s);

#endif
