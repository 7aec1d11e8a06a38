/* rg_schema.h: the kinds of a catalogue, as its schema file declares them.
 *
 * The engine knows no kind by name.  A schema says which node kinds and edge
 * kinds exist, which attributes each carries (with their types), which are
 * required, which attributes are names for look-up, which node kinds an edge
 * kind may join, and how to word an edge in a sentence. */
#ifndef RG_SCHEMA_H
#define RG_SCHEMA_H

#include <stddef.h>
#include <stdint.h>

#include "../core/rg_arena.h"
#include "../core/rg_buf.h"
#include "../core/rg_strmap.h"
#include "rg_roles.h"

typedef enum rg_type { RG_T_STRING = 0, RG_T_DATE, RG_T_BOOL, RG_T_NUMBER, RG_T_LIST } rg_type;

const char *rg_type_name(rg_type t);

typedef struct rg_attr_def {
    const char *name;
    const char *description; /* may be NULL */
    rg_type type;
    int is_name;         /* looked up as a name of the node */
    const char **values; /* allowed words for a string, or NULL */
    size_t nvalues;
    int required;
} rg_attr_def;

/* What node kinds and edge kinds share: a name, a description, attributes. */
typedef struct rg_kind {
    const char *name;
    const char *description;
    rg_attr_def *attrs;
    size_t nattrs;
    rg_strmap attr_index; /* attribute name -> index in attrs */
} rg_kind;

typedef struct rg_edge_kind {
    rg_kind base;
    uint64_t *from_ok; /* bitset over node kinds */
    uint64_t *to_ok;
    const char *verb;    /* "works for" */
    const char *inverse; /* "employs" */
    int *detail;         /* attribute indices shown after the verb */
    size_t ndetail;
    int in_paths; /* followed by `links` unless asked otherwise */
} rg_edge_kind;

typedef struct rg_schema {
    const char *name;
    const char *description;
    rg_kind *node_kinds;
    size_t n_node_kinds;
    rg_edge_kind *edge_kinds;
    size_t n_edge_kinds;
    rg_strmap node_kind_index;
    rg_strmap edge_kind_index;
    int provenance_required;
    uint64_t *exempt; /* node kinds that need no citation; cite targets */
    /* The "roles" section (rg_roles.h): each role's value (lists joined by
     * commas) or NULL when unbound, and where it was written. */
    const char *roles[RG_NROLES];
    int role_line[RG_NROLES], role_column[RG_NROLES];
    rg_arena arena;
} rg_schema;

void rg_schema_init(rg_schema *s);
void rg_schema_destroy(rg_schema *s);

/* Index of a kind by name, or -1. */
int rg_schema_node_kind(const rg_schema *s, const char *name);
int rg_schema_edge_kind(const rg_schema *s, const char *name);
/* Appends the names of the node kinds (NODES) or edge kinds, in schema
 * order, separated by ", ". */
void rg_schema_kind_list(const rg_schema *s, int nodes, rg_buf *out);
/* Index of an attribute in a kind, or -1. */
int rg_kind_attr(const rg_kind *k, const char *name);

static inline int rg_bit_get(const uint64_t *bits, size_t i)
{
    return (int)((bits[i / 64] >> (i % 64)) & 1u);
}
static inline void rg_bit_set(uint64_t *bits, size_t i)
{
    bits[i / 64] |= (uint64_t)1 << (i % 64);
}

#endif
