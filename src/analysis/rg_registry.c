/* rg_registry.c: the analyses, declared once each (see rg_registry.h).
 *
 * A parameter's default is the schema role it names (RG_ROLE_*): this file
 * names no kind, attribute or word of any one catalogue.  The only literal
 * defaults are numbers and method names. */
#include "rg_registry.h"

#include <stddef.h>
#include <string.h>

#include "rg_analysis.h"

#define NOROLE (-1)
/* A parameter whose default is a role. */
#define ROLE(NAME, TYPE, ROLE_, OPTS, FIELD, OF, FLAGS, HELP)                                      \
    {                                                                                              \
        NAME, TYPE, ROLE_, NULL, offsetof(OPTS, FIELD), OF, 0, 0, NULL, FLAGS, HELP                \
    }
/* A number with its range and literal default. */
#define NUM(NAME, TYPE, DEF, OPTS, FIELD, LO, HI, HELP)                                            \
    {                                                                                              \
        NAME, TYPE, NOROLE, DEF, offsetof(OPTS, FIELD), NULL, LO, HI, NULL, 0, HELP                \
    }
#define END                                                                                        \
    {                                                                                              \
        NULL, 0, 0, NULL, 0, NULL, 0, 0, NULL, 0, NULL                                             \
    }
#define REQ RG_PF_REQUIRED

#define HUB_HELP "the hub (default: the schema's hub, else the node party to the most agreements)"
#define SEL_HELP "boolean attribute that marks counterparties"
#define SKIP_HELP "weak edge kinds left out of the graph"
#define ALIAS_HELP "edge kinds: may be the same (one entity; never a link)"
#define MERGE_HELP "keep nodes joined by alias edges apart (default: one entity)"

/* ---- gaps ------------------------------------------------------------------ */

static const rg_param gaps_params[] = {
    ROLE("hub", RG_P_NODE, RG_ROLE_HUB, rg_gaps_opts, hub, NULL, 0, HUB_HELP),
    ROLE("select", RG_P_NODE_ATTR, RG_ROLE_COUNTERPARTY_ATTR, rg_gaps_opts, select_attr, NULL, REQ,
         SEL_HELP),
    {"as_of", RG_P_DATE, NOROLE, NULL, offsetof(rg_gaps_opts, as_of), NULL, 0, 0, NULL, RG_PF_AS_OF,
     "the date of the analysis (default: the catalogue's as_of, else the latest date it states)"},
    NUM("older_than", RG_P_INT, "5", rg_gaps_opts, older_than, 0, 1000,
        "list agreements older than this many years"),
    ROLE("agreement_kind", RG_P_NODE_KIND, RG_ROLE_AGREEMENT_KIND, rg_gaps_opts, agreement_kind,
         NULL, REQ, "node kind of agreements"),
    ROLE("party_edge", RG_P_EDGE_KIND, RG_ROLE_PARTY_EDGE, rg_gaps_opts, party_edge, NULL, REQ,
         "edge kind: body is party to agreement"),
    ROLE("clause_edge", RG_P_EDGE_KIND, RG_ROLE_CLAUSE_EDGE, rg_gaps_opts, clause_edge, NULL, REQ,
         "edge kind: agreement contains a clause"),
    ROLE("section_attr", RG_P_TARGET_ATTR, RG_ROLE_SECTION_ATTR, rg_gaps_opts, section_attr,
         "clause_edge", 0, "clause attribute naming its section"),
    ROLE("clause_text_attr", RG_P_TARGET_ATTR, RG_ROLE_CLAUSE_TEXT_ATTR, rg_gaps_opts,
         clause_text_attr, "clause_edge", 0, "clause attribute holding its text"),
    ROLE("located_attr", RG_P_NODE_ATTR, RG_ROLE_LOCATED_ATTR, rg_gaps_opts, located_attr,
         "agreement_kind", REQ, "agreement attribute: text located"),
    ROLE("date_attr", RG_P_NODE_ATTR, RG_ROLE_DATE_ATTR, rg_gaps_opts, date_attr, "agreement_kind",
         0, "agreement attribute: date"),
    ROLE("renewed_attr", RG_P_NODE_ATTR, RG_ROLE_RENEWED_ATTR, rg_gaps_opts, renewed_attr,
         "agreement_kind", 0, "agreement attribute: renewal date"),
    ROLE("purpose_attr", RG_P_NODE_ATTR, RG_ROLE_PURPOSE_ATTR, rg_gaps_opts, purpose_attr,
         "agreement_kind", 0, "agreement attribute: stated purpose"),
    ROLE("region_edge", RG_P_EDGE_KIND, RG_ROLE_GROUP_EDGE, rg_gaps_opts, region_edge, NULL, 0,
         "edge kind: body is in a group (region)"),
    ROLE("agent_edges", RG_P_EDGE_KINDS, RG_ROLE_AGENT_EDGES, rg_gaps_opts, agent_edges, NULL, 0,
         "edge kinds into the hub: acts for it"),
    ROLE("engage_edges", RG_P_EDGE_KINDS, RG_ROLE_ENGAGE_EDGES, rg_gaps_opts, engage_edges, NULL, 0,
         "edge kinds: a working link"),
    ROLE("reach_edges", RG_P_EDGE_KINDS, RG_ROLE_REACH_EDGES, rg_gaps_opts, reach_edges, NULL, 0,
         "edge kinds carrying a link on"),
    ROLE("alias_edges", RG_P_EDGE_KINDS, RG_ROLE_ALIAS_EDGES, rg_gaps_opts, alias_edges, NULL, 0,
         "edge kinds: may be the same body or agreement (counted once)"),
    {"no_merge", RG_P_FLAG, NOROLE, "false", offsetof(rg_gaps_opts, no_merge), NULL, 0, 0, NULL, 0,
     MERGE_HELP},
    ROLE("start_attr", RG_P_EDGE_ATTR, RG_ROLE_START_ATTR, rg_gaps_opts, start_attr, NULL, 0,
         "link attribute: tenure start"),
    ROLE("end_attr", RG_P_EDGE_ATTR, RG_ROLE_END_ATTR, rg_gaps_opts, end_attr, NULL, 0,
         "link attribute: tenure end"),
    END};

static rg_status run_gaps(const rg_graph *g, const void *o, rg_result *r, rg_error *err)
{
    return rg_gaps(g, o, r, err);
}

static const rg_analysis_def gaps_def = {
    "gaps",
    "coverage of the hub's counterparties by clauses, with evidence",
    "For each counterparty of the hub, a coverage status (the schema's words;\n"
    "for ICANN: ssr-clause, no-ssr-clause, document-unknown, informal,\n"
    "unknown), derived from the agreements both are party to, whether their\n"
    "text was located, the clauses they contain, and the working links of the\n"
    "hub's people and teams.  Then coverage by group (region), agreements by\n"
    "year, and agreements older than N years on the date of the analysis.",
    gaps_params,
    sizeof(rg_gaps_opts),
    offsetof(rg_gaps_opts, subset),
    run_gaps,
    "id, name, region, status, agreements, located, clauses, links",
    1};

/* ---- risks ------------------------------------------------------------------- */

static const rg_param risks_params[] = {
    ROLE("hub", RG_P_NODE, RG_ROLE_HUB, rg_risks_opts, hub, NULL, 0, HUB_HELP),
    ROLE("select", RG_P_NODE_ATTR, RG_ROLE_COUNTERPARTY_ATTR, rg_risks_opts, select_attr, NULL, REQ,
         SEL_HELP),
    ROLE("skip_edges", RG_P_EDGE_KINDS, RG_ROLE_SKIP_EDGES, rg_risks_opts, skip_edges, NULL, 0,
         SKIP_HELP),
    ROLE("agreement_kind", RG_P_NODE_KIND, RG_ROLE_AGREEMENT_KIND, rg_risks_opts, agreement_kind,
         NULL, 0, "node kind of agreements (to find the hub)"),
    ROLE("party_edge", RG_P_EDGE_KIND, RG_ROLE_PARTY_EDGE, rg_risks_opts, party_edge, NULL, 0,
         "edge kind: party to agreement"),
    ROLE("alias_edges", RG_P_EDGE_KINDS, RG_ROLE_ALIAS_EDGES, rg_risks_opts, alias_edges, NULL, 0,
         ALIAS_HELP),
    {"no_merge", RG_P_FLAG, NOROLE, "false", offsetof(rg_risks_opts, no_merge), NULL, 0, 0, NULL, 0,
     MERGE_HELP},
    ROLE("person_kinds", RG_P_NODE_KINDS, RG_ROLE_PERSON_KINDS, rg_risks_opts, person_kinds, NULL,
         0, "node kinds ranked as people and teams"),
    ROLE("body_kinds", RG_P_NODE_KINDS, RG_ROLE_BODY_KINDS, rg_risks_opts, body_kinds, NULL, 0,
         "node kinds ranked as bodies"),
    ROLE("class_count_attr", RG_P_NODE_ATTR, RG_ROLE_CLASS_COUNT_ATTR, rg_risks_opts,
         class_count_attr, "agreement_kind", 0,
         "agreement attribute: how many agreements a class row stands for"),
    ROLE("type_attr", RG_P_NODE_ATTR, RG_ROLE_TYPE_ATTR, rg_risks_opts, type_attr, "agreement_kind",
         0, "agreement attribute: its type"),
    {"own_types", RG_P_WORDS, RG_ROLE_OWN_DOCUMENT_TYPES, NULL, offsetof(rg_risks_opts, own_types),
     NULL, 0, 0, NULL, 0, "types that are the hub's own documents (comma list)"},
    NUM("max_listed", RG_P_INT, "10", rg_risks_opts, max_listed, 0, 100000000,
        "counterparties listed per cut, then a count (0: all)"),
    END};

static rg_status run_risks(const rg_graph *g, const void *o, rg_result *r, rg_error *err)
{
    return rg_risks(g, o, r, err);
}

static const rg_analysis_def risks_def = {
    "risks",
    "people, bodies and agreements whose loss cuts counterparties off the hub",
    "Cut points of the hub's component (edges followed either way; rows joined\n"
    "by alias edges are one entity): people, teams and bodies ranked by the\n"
    "counterparties that would lose every connection to the hub; then the\n"
    "counterparties tied to the hub by one agreement only (class rows and the\n"
    "hub's own documents aside).  One depth-first pass: O(nodes + edges).",
    risks_params,
    sizeof(rg_risks_opts),
    offsetof(rg_risks_opts, subset),
    run_risks,
    "id, name, kind, cuts_off, counterparties",
    2};

/* ---- central ------------------------------------------------------------------ */

static const rg_param central_params[] = {
    ROLE("skip_edges", RG_P_EDGE_KINDS, RG_ROLE_SKIP_EDGES, rg_central_opts, skip_edges, NULL, 0,
         SKIP_HELP),
    ROLE("alias_edges", RG_P_EDGE_KINDS, RG_ROLE_ALIAS_EDGES, rg_central_opts, alias_edges, NULL, 0,
         ALIAS_HELP),
    {"no_merge", RG_P_FLAG, NOROLE, "false", offsetof(rg_central_opts, no_merge), NULL, 0, 0, NULL,
     0, MERGE_HELP},
    NUM("top", RG_P_INT, "10", rg_central_opts, top, 0, 1000000, "rows per kind (0: all)"),
    NUM("cutoff", RG_P_INT, "0", rg_central_opts, cutoff, 0, 1000000,
        "betweenness over paths of at most N hops (0: exact; exact is O(nodes x edges))"),
    END};

static rg_status run_central(const rg_graph *g, const void *o, rg_result *r, rg_error *err)
{
    return rg_central(g, o, r, err);
}

static const rg_analysis_def central_def = {
    "central",
    "betweenness and degree, ranked within each node kind",
    "Betweenness centrality (igraph, edges either way) and degree of every\n"
    "entity (rows joined by alias edges are one; parallel links count once),\n"
    "ranked within its kind.",
    central_params,
    sizeof(rg_central_opts),
    offsetof(rg_central_opts, subset),
    run_central,
    "kind, rank, id, name, betweenness, degree",
    3};

/* ---- interlocks ---------------------------------------------------------------- */

static const rg_param interlocks_params[] = {
    /* none of the ties is required: interlocks says when there is none to project */
    ROLE("member_edges", RG_P_EDGE_KINDS, RG_ROLE_MEMBER_EDGES, rg_interlocks_opts, member_edges,
         NULL, 0, "edge kinds: member -> body"),
    ROLE("participation_edges", RG_P_EDGE_KINDS, RG_ROLE_ENGAGE_EDGES, rg_interlocks_opts,
         participation_edges, NULL, 0,
         "edge kinds: takes part in a body or programme (member edges aside)"),
    ROLE("body_kinds", RG_P_NODE_KINDS, RG_ROLE_BODY_KINDS, rg_interlocks_opts, body_kinds, NULL,
         REQ, "node kinds counted as bodies"),
    ROLE("programme_kinds", RG_P_NODE_KINDS, RG_ROLE_PROGRAMME_KINDS, rg_interlocks_opts,
         programme_kinds, NULL, 0, "node kinds of shared programmes"),
    ROLE("agreement_kind", RG_P_NODE_KIND, RG_ROLE_AGREEMENT_KIND, rg_interlocks_opts,
         agreement_kind, NULL, 0, "node kind of agreements"),
    ROLE("party_edge", RG_P_EDGE_KIND, RG_ROLE_PARTY_EDGE, rg_interlocks_opts, party_edge, NULL, 0,
         "edge kind: party to agreement"),
    ROLE("hub", RG_P_NODE, RG_ROLE_HUB, rg_interlocks_opts, hub, NULL, 0, HUB_HELP),
    ROLE("alias_edges", RG_P_EDGE_KINDS, RG_ROLE_ALIAS_EDGES, rg_interlocks_opts, alias_edges, NULL,
         0, ALIAS_HELP),
    {"no_merge", RG_P_FLAG, NOROLE, "false", offsetof(rg_interlocks_opts, no_merge), NULL, 0, 0,
     NULL, 0, MERGE_HELP},
    ROLE("start_attr", RG_P_EDGE_ATTR, RG_ROLE_START_ATTR, rg_interlocks_opts, start_attr,
         "member_edges", 0, "tenure start attribute"),
    ROLE("end_attr", RG_P_EDGE_ATTR, RG_ROLE_END_ATTR, rg_interlocks_opts, end_attr, "member_edges",
         0, "tenure end attribute"),
    ROLE("stated_attr", RG_P_EDGE_ATTR, RG_ROLE_STATED_ATTR, rg_interlocks_opts, as_of_attr,
         "member_edges", 0, "the date a source states a tenure"),
    {"as_of", RG_P_DATE, NOROLE, NULL, offsetof(rg_interlocks_opts, as_of), NULL, 0, 0, NULL, 0,
     "only tenures that hold on this date (default: all)"},
    END};

static rg_status run_interlocks(const rg_graph *g, const void *o, rg_result *r, rg_error *err)
{
    return rg_interlocks(g, o, r, err);
}

static const rg_analysis_def interlocks_def = {
    "interlocks",
    "interlocks: bodies tied by shared members, participants, programmes, agreements",
    "Members of two or more bodies; pairs of bodies tied by shared members, by a\n"
    "shared participant, by shared programmes and by shared agreements, each\n"
    "kind in its own table, weighted, with the names that tie them (the hub's\n"
    "pairs with one agreement partner summarised in one row); and the other\n"
    "projection, members tied by the bodies they share.  Nodes joined by alias\n"
    "edges are one entity.  A tie counts when two tenures overlap (ends\n"
    "inclusive); with as_of, only tenures that hold on that date.",
    interlocks_params,
    sizeof(rg_interlocks_opts),
    offsetof(rg_interlocks_opts, subset),
    run_interlocks,
    "id, name, bodies, count",
    4};

/* ---- clusters ------------------------------------------------------------------- */

static const rg_param clusters_params[] = {
    ROLE("group_edge", RG_P_EDGE_KIND, RG_ROLE_GROUP_EDGE, rg_clusters_opts, group_edge, NULL, 0,
         "edge kind: node -> its group (region)"),
    ROLE("group_attr", RG_P_NODE_ATTR, NOROLE, rg_clusters_opts, group_attr, "node_kinds", 0,
         "node attribute whose value is the group (instead of group_edge)"),
    ROLE("node_kinds", RG_P_NODE_KINDS, RG_ROLE_BODY_KINDS, rg_clusters_opts, node_kinds, NULL, 0,
         "node kinds clustered (unbound: every kind)"),
    ROLE("skip_edges", RG_P_EDGE_KINDS, RG_ROLE_SKIP_EDGES, rg_clusters_opts, skip_edges, NULL, 0,
         SKIP_HELP),
    ROLE("alias_edges", RG_P_EDGE_KINDS, RG_ROLE_ALIAS_EDGES, rg_clusters_opts, alias_edges, NULL,
         0, ALIAS_HELP),
    {"no_merge", RG_P_FLAG, NOROLE, "false", offsetof(rg_clusters_opts, no_merge), NULL, 0, 0, NULL,
     0, MERGE_HELP},
    {"method", RG_P_CHOICE, NOROLE, "leiden", offsetof(rg_clusters_opts, method), NULL, 0, 0,
     "leiden,louvain", 0, "leiden or louvain"},
    NUM("resolution", RG_P_REAL, "1", rg_clusters_opts, resolution, 0, 1000,
        "modularity resolution (a plain decimal)"),
    NUM("seed", RG_P_INT, "42", rg_clusters_opts, seed, 0, 2147483647.0,
        "seed of the random number generator"),
    NUM("starts", RG_P_INT, "20", rg_clusters_opts, starts, 1, 1000,
        "Leiden: seeded starts, the best modularity kept"),
    NUM("iterations", RG_P_INT, "50", rg_clusters_opts, iterations, 1, 10000,
        "Leiden: iterations per start"),
    {"budget", RG_P_INT, NOROLE, "5000000", offsetof(rg_clusters_opts, budget), NULL, 1, 1e12, NULL,
     RG_PF_LONG, "Leiden: work budget, in edge passes (links x iterations, all starts)"},
    END};

static rg_status run_clusters(const rg_graph *g, const void *o, rg_result *r, rg_error *err)
{
    return rg_clusters(g, o, r, err);
}

static const rg_analysis_def clusters_def = {
    "clusters",
    "communities against a grouping, with modularity",
    "Finds communities on the linked graph (igraph Leiden on modularity, bounded\n"
    "iterations from several seeded starts, the best kept; or Louvain) and\n"
    "compares them with a grouping: by an edge kind to a group node (group_edge)\n"
    "or by a node attribute (group_attr, which replaces group_edge), or none.\n"
    "For each partition: its modularity, number of groups and sizes; between\n"
    "them NMI and adjusted Rand.  Nodes joined by alias edges are one entity.",
    clusters_params,
    sizeof(rg_clusters_opts),
    offsetof(rg_clusters_opts, subset),
    run_clusters,
    "cluster, size, regions, ties, members",
    5};

/* ---- audit ---------------------------------------------------------------------- */

static const rg_param audit_params[] = {
    ROLE("select", RG_P_NODE_ATTR, RG_ROLE_COUNTERPARTY_ATTR, rg_audit_opts, select_attr, NULL, 0,
         SEL_HELP),
    ROLE("region_edge", RG_P_EDGE_KIND, RG_ROLE_GROUP_EDGE, rg_audit_opts, region_edge, NULL, 0,
         "edge kind: body is in a group (region)"),
    ROLE("agreement_kind", RG_P_NODE_KIND, RG_ROLE_AGREEMENT_KIND, rg_audit_opts, agreement_kind,
         NULL, 0, "node kind of agreements"),
    ROLE("located_attr", RG_P_NODE_ATTR, RG_ROLE_LOCATED_ATTR, rg_audit_opts, located_attr,
         "agreement_kind", 0, "agreement attribute: text located"),
    ROLE("alias_edges", RG_P_EDGE_KINDS, RG_ROLE_ALIAS_EDGES, rg_audit_opts, alias_edges, NULL, 0,
         "edge kinds: may be the same"),
    NUM("max_listed", RG_P_INT, "10", rg_audit_opts, max_listed, 0, 100000000,
        "nodes named per duplicate group, then a count (0: all)"),
    END};

static rg_status run_audit(const rg_graph *g, const void *o, rg_result *r, rg_error *err)
{
    return rg_audit(g, o, r, err);
}

static const rg_analysis_def audit_def = {
    "audit",
    "data quality: source conflicts, identifier mismatches, duplicates, facts without sources",
    "Disputed statements, ranked: source conflicts (two sources or rows give\n"
    "two values) first, then identifier mismatches (the only evidence is a web\n"
    "address, a file name or an acronym); may-be-the-same pairs; groups of\n"
    "likely duplicate names; facts without a source, counterparties without a\n"
    "group (region), agreements whose text is not located; each with its place\n"
    "in the file and its sources.",
    audit_params,
    sizeof(rg_audit_opts),
    offsetof(rg_audit_opts, subset),
    run_audit,
    "finding, id, text, at, cites",
    6};

/* ---- paths ---------------------------------------------------------------------- */

static const rg_param paths_params[] = {
    {"from", RG_P_NODE, NOROLE, NULL, offsetof(rg_paths_opts, from), NULL, 0, 0, NULL, 0,
     "a node name"},
    {"to", RG_P_NODE, NOROLE, NULL, offsetof(rg_paths_opts, to), NULL, 0, 0, NULL, 0,
     "a node name"},
    NUM("max_hops", RG_P_INT, "0", rg_paths_opts, max_hops, 0, 64,
        "every simple path of at most N hops (0: shortest only)"),
    NUM("limit", RG_P_INT, "20", rg_paths_opts, limit, 1, 100000, "at most N connections in all"),
    NUM("max_steps", RG_P_INT, "10000000", rg_paths_opts, max_steps, 1, 2000000000,
        "the search's budget: at most N steps over all pairs (past it, an error)"),
    ROLE("only_nodes", RG_P_NODE_KINDS, NOROLE, rg_paths_opts, only_nodes, NULL, 0,
         "pass only through nodes of these kinds"),
    ROLE("not_nodes", RG_P_NODE_KINDS, NOROLE, rg_paths_opts, not_nodes, NULL, 0,
         "never pass through nodes of these kinds"),
    ROLE("only_edges", RG_P_EDGE_KINDS, NOROLE, rg_paths_opts, only_edges, NULL, 0,
         "follow only edges of these kinds"),
    ROLE("not_edges", RG_P_EDGE_KINDS, NOROLE, rg_paths_opts, not_edges, NULL, 0,
         "never follow edges of these kinds"),
    ROLE("alias_edges", RG_P_EDGE_KINDS, RG_ROLE_ALIAS_EDGES, rg_paths_opts, alias_edges, NULL, 0,
         "edge kinds: may be the same (one connection, not two)"),
    {"no_merge", RG_P_FLAG, NOROLE, "false", offsetof(rg_paths_opts, no_merge), NULL, 0, 0, NULL, 0,
     MERGE_HELP},
    END};

static rg_status run_paths(const rg_graph *g, const void *o, rg_result *r, rg_error *err)
{
    return rg_paths(g, o, r, err);
}

static const rg_analysis_def paths_def = {
    "paths",
    "who links FROM to TO: the shortest connections, step by step",
    "The shortest connections between two nodes (as `relgraph links`), one\n"
    "row per step, with its sources.  After a selection of nodes, give only\n"
    "'from' or only 'to': the other end is each node of the selection.",
    paths_params,
    sizeof(rg_paths_opts),
    offsetof(rg_paths_opts, subset),
    run_paths,
    "path, step, text, cites, alternative",
    0};

/* ---- the table ---------------------------------------------------------------- */

const rg_analysis_def *const rg_analyses[] = {
    &gaps_def, &risks_def, &central_def, &interlocks_def, &clusters_def, &audit_def, &paths_def};
const size_t rg_nanalyses = sizeof rg_analyses / sizeof *rg_analyses;

const rg_analysis_def *rg_analysis_find(const char *name)
{
    return rg_analysis_find_n(name, strlen(name));
}

const rg_analysis_def *rg_analysis_find_n(const char *name, size_t n)
{
    for (size_t i = 0; i < rg_nanalyses; i++)
        if (strlen(rg_analyses[i]->name) == n && strncmp(rg_analyses[i]->name, name, n) == 0)
            return rg_analyses[i];
    return NULL;
}

const rg_param *rg_param_find(const rg_analysis_def *d, const char *name)
{
    for (int i = 0; i < RG_MAX_PARAMS && d->params[i].name; i++)
        if (strcmp(d->params[i].name, name) == 0)
            return &d->params[i];
    return NULL;
}
