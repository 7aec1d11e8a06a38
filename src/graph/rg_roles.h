/* rg_roles.h: what each analysis needs, bound to one schema's names.
 *
 * The analyses speak of roles, not kinds: "the agreement kind", "the edge
 * from a body to its group", "the attribute that says a text was located",
 * "the word for the clause family".  A schema's "roles" section binds each
 * role to its own kinds, attributes and words (docs/format.md, "Roles"), so
 * that the engine names no kind of any one catalogue.  The ICANN schema binds
 * agreement_kind to "agreement"; a board-interlock schema binds it to
 * "licence".
 *
 * A role's value is a string; a list role (edge kinds, node kinds, values)
 * keeps its items joined by commas, as analysis options take them.  A role
 * the schema does not bind is NULL: an analysis that needs it says so. */
#ifndef RG_ROLES_H
#define RG_ROLES_H

#include <stddef.h>

typedef enum rg_role_type {
    RG_RT_NODE = 0,    /* a node name (resolved when an analysis runs) */
    RG_RT_NODE_KIND,   /* one node kind */
    RG_RT_NODE_KINDS,  /* a list of node kinds */
    RG_RT_EDGE_KIND,   /* one edge kind */
    RG_RT_EDGE_KINDS,  /* a list of edge kinds */
    RG_RT_NODE_ATTR,   /* an attribute of the node kinds named by role OF (any kind when OF < 0) */
    RG_RT_TARGET_ATTR, /* an attribute of a node kind at the `to` end of edge role OF */
    RG_RT_EDGE_ATTR,   /* an attribute of the edge kinds named by role OF (any when OF < 0) */
    RG_RT_VALUES,      /* a list of values of the attribute named by role OF */
    RG_RT_WORD         /* a word or phrase printed by an analysis */
} rg_role_type;

typedef enum rg_role {
    RG_ROLE_HUB = 0,
    RG_ROLE_COUNTERPARTY_ATTR,
    RG_ROLE_AGREEMENT_KIND,
    RG_ROLE_PARTY_EDGE,
    RG_ROLE_CLAUSE_EDGE,
    RG_ROLE_SECTION_ATTR,
    RG_ROLE_CLAUSE_TEXT_ATTR,
    RG_ROLE_LOCATED_ATTR,
    RG_ROLE_DATE_ATTR,
    RG_ROLE_RENEWED_ATTR,
    RG_ROLE_PURPOSE_ATTR,
    RG_ROLE_CLASS_COUNT_ATTR,
    RG_ROLE_TYPE_ATTR,          /* agreement attribute naming its type ("agreement_type") */
    RG_ROLE_OWN_DOCUMENT_TYPES, /* types that are the hub's own documents ("bylaws") */
    RG_ROLE_GROUP_EDGE,
    RG_ROLE_AGENT_EDGES,
    RG_ROLE_ENGAGE_EDGES,
    RG_ROLE_REACH_EDGES,
    RG_ROLE_ALIAS_EDGES,
    RG_ROLE_MEMBER_EDGES,
    RG_ROLE_SKIP_EDGES,
    RG_ROLE_BODY_KINDS,
    RG_ROLE_PERSON_KINDS,
    RG_ROLE_PROGRAMME_KINDS,
    RG_ROLE_START_ATTR,
    RG_ROLE_END_ATTR,
    RG_ROLE_STATED_ATTR,
    RG_ROLE_SOURCE_FILE_ATTR,
    RG_ROLE_STATUS_ATTR,
    RG_ROLE_LINK_ATTR,
    RG_ROLE_CONFIDENTIALITY_ATTR,
    RG_ROLE_PUBLIC_VALUES,
    RG_ROLE_WORD_CLAUSE_FAMILY, /* "SSR": "SSR coverage", "an SSR clause" */
    RG_ROLE_WORD_CLAUSE,        /* the five coverage statuses: "ssr-clause" */
    RG_ROLE_WORD_NO_CLAUSE,     /* "no-ssr-clause" */
    RG_ROLE_WORD_DOC_UNKNOWN,   /* "document-unknown" */
    RG_ROLE_WORD_INFORMAL,      /* "informal" */
    RG_ROLE_WORD_UNKNOWN,       /* "unknown" */
    RG_ROLE_WORD_GROUP,         /* "region" */
    RG_ROLE_WORD_COUNTERPARTY,  /* "counterparty" */
    RG_NROLES
} rg_role;

typedef struct rg_role_def {
    const char *name; /* as the schema spells it: "located_attr", "words.clause_family" */
    rg_role_type type;
    int of;           /* the role this one is relative to, or -1 */
    const char *help; /* one line for docs and messages */
} rg_role_def;

extern const rg_role_def rg_role_defs[RG_NROLES];

/* The role named NAME ("located_attr"), or -1. */
int rg_role_find(const char *name);

#include "../core/rg_buf.h"
struct rg_schema;

/* Checks VALUE, a name (or comma list of names) of TYPE, against schema S.
 * OF is the value in force of the role this one is relative to: the node
 * kinds (comma list) an attribute must belong to, the edge kind whose
 * targets carry a TARGET_ATTR, the edge kinds of an EDGE_ATTR, the
 * attribute whose values VALUES lists; NULL: any kind.  Returns 0, or -1
 * with one message per fault appended to MSG ("'publishd' is not an
 * attribute of agreement (did you mean 'published'? it has: ...)"),
 * separated by "; ".  NODE names are not checked here (the schema has no
 * nodes); WORD only has to be non-empty. */
int rg_name_check(const struct rg_schema *s, rg_role_type type, const char *of, const char *value,
                  rg_buf *msg);

#endif
