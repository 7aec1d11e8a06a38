/* rg_kinds.h: kinds named in options and comma lists, as the schema's.
 *
 * Every layer that takes kinds by name (an analysis' options, entities'
 * alias edges) turns them into kind indices or flags here, with the one
 * message for a name the schema lacks (rg_name_check: what exists, the
 * nearest). */
#ifndef RG_KINDS_H
#define RG_KINDS_H

#include "rg_graph.h"

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

#endif
