/* rg_roles.c: the table of roles the analyses use (see rg_roles.h). */
#include "rg_roles.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../core/rg_list.h"
#include "../core/rg_near.h"
#include "rg_schema.h"

const rg_role_def rg_role_defs[RG_NROLES] = {
    [RG_ROLE_HUB] = {"hub", RG_RT_NODE, -1,
                     "the hub whose counterparties are analysed (default: the node party to the "
                     "most agreements)"},
    [RG_ROLE_COUNTERPARTY_ATTR] = {"counterparty_attr", RG_RT_NODE_ATTR, -1,
                                   "boolean node attribute that marks a counterparty"},
    [RG_ROLE_AGREEMENT_KIND] = {"agreement_kind", RG_RT_NODE_KIND, -1, "node kind of agreements"},
    [RG_ROLE_PARTY_EDGE] = {"party_edge", RG_RT_EDGE_KIND, -1,
                            "edge kind: a body is party to an agreement"},
    [RG_ROLE_CLAUSE_EDGE] = {"clause_edge", RG_RT_EDGE_KIND, -1,
                             "edge kind: an agreement contains a clause of the clause family"},
    [RG_ROLE_SECTION_ATTR] = {"section_attr", RG_RT_TARGET_ATTR, RG_ROLE_CLAUSE_EDGE,
                              "clause attribute naming its section"},
    [RG_ROLE_CLAUSE_TEXT_ATTR] = {"clause_text_attr", RG_RT_TARGET_ATTR, RG_ROLE_CLAUSE_EDGE,
                                  "clause attribute holding its quoted text"},
    [RG_ROLE_LOCATED_ATTR] = {"located_attr", RG_RT_NODE_ATTR, RG_ROLE_AGREEMENT_KIND,
                              "boolean agreement attribute: its text was located"},
    [RG_ROLE_DATE_ATTR] = {"date_attr", RG_RT_NODE_ATTR, RG_ROLE_AGREEMENT_KIND,
                           "agreement attribute: the date it was signed"},
    [RG_ROLE_RENEWED_ATTR] = {"renewed_attr", RG_RT_NODE_ATTR, RG_ROLE_AGREEMENT_KIND,
                              "agreement attribute: a later date that renews it"},
    [RG_ROLE_PURPOSE_ATTR] = {"purpose_attr", RG_RT_NODE_ATTR, RG_ROLE_AGREEMENT_KIND,
                              "agreement attribute: its stated purpose"},
    [RG_ROLE_CLASS_COUNT_ATTR] =
        {"class_count_attr", RG_RT_NODE_ATTR, RG_ROLE_AGREEMENT_KIND,
         "agreement attribute: how many agreements a class row stands for"},
    [RG_ROLE_TYPE_ATTR] = {"type_attr", RG_RT_NODE_ATTR, RG_ROLE_AGREEMENT_KIND,
                           "agreement attribute: the type of agreement"},
    [RG_ROLE_OWN_DOCUMENT_TYPES] =
        {"own_document_types", RG_RT_VALUES, RG_ROLE_TYPE_ATTR,
         "agreement types that are the hub's own documents (bylaws), not ties to a counterparty"},
    [RG_ROLE_GROUP_EDGE] = {"group_edge", RG_RT_EDGE_KIND, -1,
                            "edge kind: a body is placed in a group (a region, a market)"},
    [RG_ROLE_AGENT_EDGES] = {"agent_edges", RG_RT_EDGE_KINDS, -1,
                             "edge kinds into the hub that make the source act for it"},
    [RG_ROLE_ENGAGE_EDGES] = {"engage_edges", RG_RT_EDGE_KINDS, -1,
                              "edge kinds from the hub or its agents that are a working link"},
    [RG_ROLE_REACH_EDGES] = {"reach_edges", RG_RT_EDGE_KINDS, -1,
                             "edge kinds that carry a working link on to a body"},
    [RG_ROLE_ALIAS_EDGES] = {"alias_edges", RG_RT_EDGE_KINDS, -1,
                             "edge kinds that say two nodes may be one (merged into one entity)"},
    [RG_ROLE_MEMBER_EDGES] = {"member_edges", RG_RT_EDGE_KINDS, -1,
                              "edge kinds: a member sits on a body (interlocks)"},
    [RG_ROLE_SKIP_EDGES] = {"skip_edges", RG_RT_EDGE_KINDS, -1,
                            "edge kinds left out of path analyses (weak mentions)"},
    [RG_ROLE_BODY_KINDS] = {"body_kinds", RG_RT_NODE_KINDS, -1, "node kinds that are bodies"},
    [RG_ROLE_PERSON_KINDS] = {"person_kinds", RG_RT_NODE_KINDS, -1,
                              "node kinds that are people or teams (key-person dependencies)"},
    [RG_ROLE_PROGRAMME_KINDS] = {"programme_kinds", RG_RT_NODE_KINDS, -1,
                                 "node kinds that are shared programmes or events"},
    [RG_ROLE_START_ATTR] = {"start_attr", RG_RT_EDGE_ATTR, -1, "edge attribute: tenure start"},
    [RG_ROLE_END_ATTR] = {"end_attr", RG_RT_EDGE_ATTR, -1, "edge attribute: tenure end"},
    [RG_ROLE_STATED_ATTR] = {"stated_attr", RG_RT_EDGE_ATTR, -1,
                             "edge attribute: the date on which a source states it"},
    [RG_ROLE_SOURCE_FILE_ATTR] = {"source_file_attr", RG_RT_NODE_ATTR, -1,
                                  "source attribute: the file name of the document"},
    [RG_ROLE_STATUS_ATTR] = {"status_attr", RG_RT_NODE_ATTR, -1,
                             "node attribute whose value fills nodes in diagrams"},
    [RG_ROLE_LINK_ATTR] = {"link_attr", RG_RT_NODE_ATTR, -1,
                           "node attribute holding a document's web address (diagram links)"},
    [RG_ROLE_CONFIDENTIALITY_ATTR] = {"confidentiality_attr", RG_RT_NODE_ATTR, -1,
                                      "attribute whose value says who may see an element"},
    [RG_ROLE_PUBLIC_VALUES] = {"public_values", RG_RT_VALUES, RG_ROLE_CONFIDENTIALITY_ATTR,
                               "values of the confidentiality attribute a public audience may see"},
    [RG_ROLE_WORD_CLAUSE_FAMILY] = {"words.clause_family", RG_RT_WORD, -1,
                                    "the family of clauses, as printed (\"SSR\")"},
    [RG_ROLE_WORD_CLAUSE] = {"words.clause", RG_RT_WORD, -1,
                             "status: an agreement's located text has such a clause"},
    [RG_ROLE_WORD_NO_CLAUSE] = {"words.no_clause", RG_RT_WORD, -1,
                                "status: texts located, none has such a clause"},
    [RG_ROLE_WORD_DOC_UNKNOWN] = {"words.document_unknown", RG_RT_WORD, -1,
                                  "status: agreements exist, no text was located"},
    [RG_ROLE_WORD_INFORMAL] = {"words.informal", RG_RT_WORD, -1,
                               "status: no agreement, a working link of the hub's people"},
    [RG_ROLE_WORD_UNKNOWN] = {"words.unknown", RG_RT_WORD, -1, "status: nothing known"},
    [RG_ROLE_WORD_GROUP] = {"words.group", RG_RT_WORD, -1, "what a group is called (\"region\")"},
    [RG_ROLE_WORD_COUNTERPARTY] = {"words.counterparty", RG_RT_WORD, -1,
                                   "what a counterparty is called (\"counterparty\")"},
};

int rg_role_find(const char *name)
{
    for (int i = 0; i < RG_NROLES; i++)
        if (strcmp(rg_role_defs[i].name, name) == 0)
            return i;
    return -1;
}

/* ---- name checks ---------------------------------------------------------- */

/* Calls FN on each item of a comma list (items trimmed of spaces). */
static int each_item(const char *list, int (*fn)(const char *item, void *arg), void *arg)
{
    int bad = 0;
    const char *p = list;
    while (p && *p) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        const char *a = p, *z = p + len;
        while (a < z && *a == ' ')
            a++;
        while (z > a && z[-1] == ' ')
            z--;
        char item[256];
        size_t n = (size_t)(z - a) < sizeof item - 1 ? (size_t)(z - a) : sizeof item - 1;
        memcpy(item, a, n);
        item[n] = '\0';
        bad |= fn(item, arg);
        p += len;
        if (*p == ',')
            p++;
    }
    return bad;
}

typedef struct check_ctx {
    const rg_schema *s;
    rg_role_type type;
    const char *of;
    rg_buf *msg;
    const char **names; /* candidate names for "did you mean" */
    size_t nnames, capnames;
} check_ctx;

static void add_name(check_ctx *c, const char *name)
{
    for (size_t i = 0; i < c->nnames; i++)
        if (strcmp(c->names[i], name) == 0)
            return;
    if (c->nnames == c->capnames) {
        size_t cap = c->capnames ? c->capnames * 2 : 16;
        const char **n = realloc(c->names, cap * sizeof *n);
        if (n == NULL)
            return;
        c->names = n;
        c->capnames = cap;
    }
    c->names[c->nnames++] = name;
}

static void fault(check_ctx *c, const char *item, const char *what)
{
    const char *near = rg_nearest(item, c->names, c->nnames);
    if (c->msg->len)
        rg_buf_puts(c->msg, "; ");
    rg_buf_printf(c->msg, "'%s' is not %s", item, what);
    if (!near && c->nnames == 0)
        return;
    rg_buf_puts(c->msg, " (");
    if (near)
        rg_buf_printf(c->msg, "did you mean '%s'?%s", near, c->nnames ? " " : "");
    if (c->nnames) {
        rg_buf_puts(c->msg, "it has: ");
        for (size_t i = 0; i < c->nnames && i < 16; i++)
            rg_buf_printf(c->msg, "%s%s", i ? ", " : "", c->names[i]);
        if (c->nnames > 16)
            rg_buf_printf(c->msg, ", and %zu more", c->nnames - 16);
    }
    rg_buf_putc(c->msg, ')');
}

/* Whether NAME is an item of the comma list OF (every name is, when OF is
 * NULL or empty: the role it is relative to is unbound). */
static int in_list(const char *of, const char *name)
{
    return of == NULL || *of == '\0' || rg_list_has(of, name);
}

static int check_one(const char *item, void *arg)
{
    check_ctx *c = arg;
    const rg_schema *s = c->s;
    c->nnames = 0;
    char what[300];
    switch (c->type) {
    case RG_RT_NODE_KIND:
    case RG_RT_NODE_KINDS:
        if (rg_schema_node_kind(s, item) >= 0)
            return 0;
        for (size_t k = 0; k < s->n_node_kinds; k++)
            add_name(c, s->node_kinds[k].name);
        fault(c, item, "a node kind of this catalogue");
        return 1;
    case RG_RT_EDGE_KIND:
    case RG_RT_EDGE_KINDS:
        if (rg_schema_edge_kind(s, item) >= 0)
            return 0;
        for (size_t k = 0; k < s->n_edge_kinds; k++)
            add_name(c, s->edge_kinds[k].base.name);
        fault(c, item, "an edge kind of this catalogue");
        return 1;
    case RG_RT_NODE_ATTR:
        for (size_t k = 0; k < s->n_node_kinds; k++)
            if (in_list(c->of, s->node_kinds[k].name)) {
                if (rg_kind_attr(&s->node_kinds[k], item) >= 0)
                    return 0;
                for (size_t a = 0; a < s->node_kinds[k].nattrs; a++)
                    add_name(c, s->node_kinds[k].attrs[a].name);
            }
        snprintf(what, sizeof what, "an attribute of %s%s",
                 c->of && *c->of ? "node kind " : "any node kind", c->of && *c->of ? c->of : "");
        fault(c, item, what);
        return 1;
    case RG_RT_TARGET_ATTR: {
        int ek = c->of ? rg_schema_edge_kind(s, c->of) : -1;
        for (size_t k = 0; k < s->n_node_kinds; k++)
            if (ek < 0 || rg_bit_get(s->edge_kinds[ek].to_ok, k)) {
                if (rg_kind_attr(&s->node_kinds[k], item) >= 0)
                    return 0;
                for (size_t a = 0; a < s->node_kinds[k].nattrs; a++)
                    add_name(c, s->node_kinds[k].attrs[a].name);
            }
        snprintf(what, sizeof what, "an attribute of the node kinds %s points to",
                 c->of ? c->of : "its edge");
        fault(c, item, what);
        return 1;
    }
    case RG_RT_EDGE_ATTR:
        for (size_t k = 0; k < s->n_edge_kinds; k++)
            if (in_list(c->of, s->edge_kinds[k].base.name)) {
                if (rg_kind_attr(&s->edge_kinds[k].base, item) >= 0)
                    return 0;
                for (size_t a = 0; a < s->edge_kinds[k].base.nattrs; a++)
                    add_name(c, s->edge_kinds[k].base.attrs[a].name);
            }
        snprintf(what, sizeof what, "an attribute of %s%s",
                 c->of && *c->of ? "edge kinds " : "any edge kind", c->of && *c->of ? c->of : "");
        fault(c, item, what);
        return 1;
    case RG_RT_VALUES: {
        int any_list = 0;
        for (size_t k = 0; k < s->n_node_kinds; k++) {
            int a = c->of ? rg_kind_attr(&s->node_kinds[k], c->of) : -1;
            if (a < 0)
                continue;
            const rg_attr_def *d = &s->node_kinds[k].attrs[a];
            if (d->values == NULL)
                continue;
            any_list = 1;
            for (size_t i = 0; i < d->nvalues; i++) {
                if (strcmp(d->values[i], item) == 0)
                    return 0;
                add_name(c, d->values[i]);
            }
        }
        if (!any_list)
            return 0; /* free text: any value may be public */
        snprintf(what, sizeof what, "a value of attribute '%s'", c->of ? c->of : "");
        fault(c, item, what);
        return 1;
    }
    case RG_RT_WORD:
    case RG_RT_NODE: return 0;
    }
    return 0;
}

int rg_name_check(const rg_schema *s, rg_role_type type, const char *of, const char *value,
                  rg_buf *msg)
{
    if (type == RG_RT_WORD || type == RG_RT_NODE) {
        if (value && *value)
            return 0;
        if (msg->len)
            rg_buf_puts(msg, "; ");
        rg_buf_puts(msg, "an empty name");
        return -1;
    }
    check_ctx c = {s, type, of, msg, NULL, 0, 0};
    int bad = each_item(value, check_one, &c);
    free(c.names);
    return bad ? -1 : 0;
}
