/* rg_call.c: the analyses by name, their parameters and defaults, and the
 * conversion of arguments (text as given) into each analysis' options. */
#include "rg_call.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../analysis/rg_analysis.h"
#include "../analysis/rg_links.h"

#define HUB_HELP "the hub organisation (default: the node party to the most agreements)"
#define SEL_HELP "boolean attribute that marks counterparties"
#define SKIP_HELP "edge kinds left out of the graph"

const rg_analysis_def rg_analyses[] = {
    {"gaps",
     "SSR coverage of the hub's counterparties, with evidence",
     "For each counterparty of the hub: ssr-clause, no-ssr-clause, document-unknown,\n"
     "informal or unknown, derived from the agreements both are party to, whether\n"
     "their text was located, the clauses they contain, and the working links of\n"
     "the hub's people and teams.  Then coverage by region, agreements by year,\n"
     "and agreements older than N years on a date.",
     {{"hub", RG_P_TEXT, NULL, HUB_HELP},
      {"select", RG_P_TEXT, "counterparty", SEL_HELP},
      {"as_of", RG_P_DATE, NULL, "the date of the analysis (default: today)"},
      {"older_than", RG_P_INT, "5", "list agreements older than this many years"},
      {"agreement_kind", RG_P_TEXT, "agreement", "node kind of agreements"},
      {"party_edge", RG_P_TEXT, "party_to", "edge kind: body is party to agreement"},
      {"clause_edge", RG_P_TEXT, "contains", "edge kind: agreement contains SSR clause"},
      {"section_attr", RG_P_TEXT, "section", "clause attribute naming its section"},
      {"located_attr", RG_P_TEXT, "text_located", "agreement attribute: text located"},
      {"date_attr", RG_P_TEXT, "date", "agreement attribute: date"},
      {"renewed_attr", RG_P_TEXT, "extended", "agreement attribute: renewal date"},
      {"region_edge", RG_P_TEXT, "in_region", "edge kind: body is in region"},
      {"agent_edges", RG_P_KINDS, "works_for,part_of", "edge kinds into the hub: acts for it"},
      {"engage_edges", RG_P_KINDS, "member_of,participates_in", "edge kinds: a working link"},
      {"reach_edges", RG_P_KINDS, "operated_by,part_of", "edge kinds carrying a link on"},
      {"alias_edges", RG_P_KINDS, "same_as", "edge kinds: may be the same body"},
      {"start_attr", RG_P_TEXT, "start", "link attribute: tenure start"},
      {"end_attr", RG_P_TEXT, "end", "link attribute: tenure end"},
      {NULL, 0, NULL, NULL}}},
    {"risks",
     "people, bodies and links whose loss cuts counterparties off the hub",
     "Articulation points and bridges of the hub's component (edges followed\n"
     "either way), each with the counterparties that would lose every\n"
     "connection to the hub; ranked by how many.",
     {{"hub", RG_P_TEXT, NULL, HUB_HELP},
      {"select", RG_P_TEXT, "counterparty", SEL_HELP},
      {"skip_edges", RG_P_KINDS, "same_as,mentions", SKIP_HELP},
      {"agreement_kind", RG_P_TEXT, "agreement", "node kind of agreements (to find the hub)"},
      {"party_edge", RG_P_TEXT, "party_to", "edge kind: party to agreement (to find the hub)"},
      {NULL, 0, NULL, NULL}}},
    {"central",
     "betweenness and degree, ranked within each node kind",
     "Betweenness centrality (igraph, edges either way) and degree of every\n"
     "node, ranked within its kind.",
     {{"skip_edges", RG_P_KINDS, "same_as,mentions", SKIP_HELP},
      {"top", RG_P_INT, "10", "rows per kind (0: all)"},
      {"cutoff", RG_P_INT, "0",
       "betweenness over paths of at most N hops (0: exact; exact is O(nodes x edges))"},
      {NULL, 0, NULL, NULL}}},
    {"interlocks",
     "shared memberships, and bodies linked by shared members or agreements",
     "Members (people, teams, bodies) of two or more bodies, and the projection\n"
     "onto bodies: pairs linked by shared members or shared agreements,\n"
     "weighted, with the names that link them.  With as_of, only tenures that\n"
     "hold on that date count (start <= date <= end).",
     {{"member_edges", RG_P_KINDS, "member_of,participates_in", "edge kinds: member -> body"},
      {"body_kinds", RG_P_KINDS, "organization", "node kinds counted as bodies"},
      {"agreement_kind", RG_P_TEXT, "agreement", "node kind of agreements"},
      {"party_edge", RG_P_TEXT, "party_to", "edge kind: party to agreement"},
      {"start_attr", RG_P_TEXT, "start", "tenure start attribute"},
      {"end_attr", RG_P_TEXT, "end", "tenure end attribute"},
      {"as_of", RG_P_DATE, "", "only tenures that hold on this date (default: all)"},
      {NULL, 0, NULL, NULL}}},
    {"clusters",
     "regional grouping against community detection",
     "Groups bodies by region, finds communities (igraph Leiden on modularity,\n"
     "or Louvain; fixed seed; clusters numbered by size, then by first id), and\n"
     "says how far the two agree (NMI and adjusted Rand index).",
     {{"region_edge", RG_P_TEXT, "in_region", "edge kind: body is in region"},
      {"node_kinds", RG_P_KINDS, "organization", "node kinds clustered"},
      {"skip_edges", RG_P_KINDS, "same_as,mentions", SKIP_HELP},
      {"method", RG_P_TEXT, "leiden", "leiden or louvain"},
      {"resolution", RG_P_REAL, "1", "modularity resolution"},
      {"seed", RG_P_INT, "42", "seed of the random number generator"},
      {NULL, 0, NULL, NULL}}},
    {"audit",
     "data quality: contradictions, duplicates, facts without sources",
     "Disputed statements and may-be-the-same pairs, likely duplicate names,\n"
     "facts without a source, counterparties without a region, agreements\n"
     "whose text is not located; each with its place in the file and sources.",
     {{"select", RG_P_TEXT, "counterparty", SEL_HELP},
      {"region_edge", RG_P_TEXT, "in_region", "edge kind: body is in region"},
      {"agreement_kind", RG_P_TEXT, "agreement", "node kind of agreements"},
      {"located_attr", RG_P_TEXT, "text_located", "agreement attribute: text located"},
      {"alias_edges", RG_P_KINDS, "same_as", "edge kinds: may be the same"},
      {NULL, 0, NULL, NULL}}},
    {"paths",
     "who links FROM to TO: the shortest connections, step by step",
     "The shortest connections between two nodes (as `relgraph links`), one\n"
     "row per step, with its sources.  After a selection of nodes, give only\n"
     "'from' or only 'to': the other end is each node of the selection.",
     {{"from", RG_P_TEXT, NULL, "a node name"},
      {"to", RG_P_TEXT, NULL, "a node name"},
      {"max_hops", RG_P_INT, "0", "every simple path of at most N hops (0: shortest only)"},
      {"limit", RG_P_INT, "20", "at most N connections in all"},
      {"max_steps", RG_P_INT, "10000000",
       "the search's budget: at most N steps over all pairs (past it, an error)"},
      {NULL, 0, NULL, NULL}}},
};
const size_t rg_nanalyses = sizeof rg_analyses / sizeof *rg_analyses;

const rg_analysis_def *rg_analysis_find(const char *name)
{
    for (size_t i = 0; i < rg_nanalyses; i++)
        if (strcmp(rg_analyses[i].name, name) == 0)
            return &rg_analyses[i];
    return NULL;
}

const rg_analysis_def *rg_analysis_find_n(const char *name, size_t n)
{
    for (size_t i = 0; i < rg_nanalyses; i++)
        if (strlen(rg_analyses[i].name) == n && strncmp(rg_analyses[i].name, name, n) == 0)
            return &rg_analyses[i];
    return NULL;
}

rg_date rg_today(void)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    rg_date d = {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
    return d;
}

/* The values of one call, after defaults and checks. */
typedef struct vals {
    const rg_analysis_def *def;
    const char *text[RG_MAX_PARAMS];
    const rg_arg *from[RG_MAX_PARAMS]; /* the argument that gave it, for errors */
    char kinds[RG_MAX_PARAMS][256];    /* defaults of kind lists, filtered */
} vals;

/* Drops from the default list of parameter I the kinds G's schema lacks. */
static void filter_default(const rg_graph *g, vals *v, int i)
{
    const char *p = v->text[i];
    char *out = v->kinds[i];
    size_t n = 0;
    out[0] = '\0';
    while (p && *p) {
        const char *end = strchr(p, ',');
        size_t len = end ? (size_t)(end - p) : strlen(p);
        char name[128];
        snprintf(name, sizeof name, "%.*s", (int)(len < 127 ? len : 127), p);
        if ((rg_schema_edge_kind(g->schema, name) >= 0 ||
             rg_schema_node_kind(g->schema, name) >= 0) &&
            n + len + 2 < sizeof v->kinds[i])
            n += (size_t)snprintf(out + n, sizeof v->kinds[i] - n, "%s%s", n ? "," : "", name);
        p += len;
        if (*p == ',')
            p++;
    }
    v->text[i] = out;
}

static int pidx(const rg_analysis_def *d, const char *name)
{
    for (int i = 0; i < RG_MAX_PARAMS && d->params[i].name; i++)
        if (strcmp(d->params[i].name, name) == 0)
            return i;
    return -1;
}

static rg_status arg_error(const rg_arg *a, rg_error *err, rg_status code, const char *fmt,
                           const char *x, const char *y)
{
    rg_error_set(err, code, NULL, a ? a->line : 0, a ? a->column : 0, fmt, x, y);
    return code;
}

static const char *V(const vals *v, const char *name)
{
    return v->text[pidx(v->def, name)];
}

static rg_status get_int(const vals *v, const char *name, long lo, long hi, long *out,
                         rg_error *err)
{
    int i = pidx(v->def, name);
    const char *s = v->text[i];
    char *end;
    errno = 0;
    long x = strtol(s, &end, 10);
    if (*s == '\0' || *end || errno || x < lo || x > hi) {
        char range[64];
        snprintf(range, sizeof range, "%ld to %ld", lo, hi);
        rg_status st =
            arg_error(v->from[i], err, RG_EUSAGE, "%s takes a whole number from %s", name, range);
        if (err) {
            size_t l = strlen(err->text);
            snprintf(err->text + l, sizeof err->text - l, ", not '%s'", s);
        }
        return st;
    }
    *out = x;
    return RG_OK;
}

static rg_status get_real(const vals *v, const char *name, double *out, rg_error *err)
{
    int i = pidx(v->def, name);
    const char *s = v->text[i];
    char *end;
    double x = strtod(s, &end);
    if (*s == '\0' || *end || !(x > 0) || x > 1e6)
        return arg_error(v->from[i], err, RG_EUSAGE, "%s takes a positive number, not '%s'", name,
                         s);
    *out = x;
    return RG_OK;
}

/* An empty date means "not given": HAS is then 0. */
static rg_status get_date(const vals *v, const char *name, rg_date *out, int *has, rg_error *err)
{
    int i = pidx(v->def, name);
    const char *s = v->text[i];
    *has = 0;
    if (s == NULL || s[0] == '\0')
        return RG_OK;
    if (strcmp(s, "today") == 0) {
        *out = rg_today();
        *has = 1;
        return RG_OK;
    }
    if (rg_date_parse(s, out) != 0)
        return arg_error(v->from[i], err, RG_EUSAGE,
                         "%s takes a date (YYYY, YYYY-MM or YYYY-MM-DD), not '%s'", name, s);
    *has = 1;
    return RG_OK;
}

/* Places a name look-up error (the hub) at the argument that gave the name. */
static rg_status at_arg(const vals *v, const char *name, rg_status st, rg_error *err)
{
    const rg_arg *a = v->from[pidx(v->def, name)];
    if ((st == RG_ENOTFOUND || st == RG_EAMBIGUOUS) && err && a && err->line == 0) {
        err->line = a->line;
        err->column = a->column;
    }
    return st;
}

static rg_status run_gaps(const rg_graph *g, const vals *v, const unsigned char *subset,
                          rg_result *r, rg_error *err)
{
    rg_gaps_opts o;
    memset(&o, 0, sizeof o);
    o.hub = V(v, "hub");
    o.select_attr = V(v, "select");
    o.agreement_kind = V(v, "agreement_kind");
    o.party_edge = V(v, "party_edge");
    o.clause_edge = V(v, "clause_edge");
    o.section_attr = V(v, "section_attr");
    o.located_attr = V(v, "located_attr");
    o.date_attr = V(v, "date_attr");
    o.renewed_attr = V(v, "renewed_attr");
    o.region_edge = V(v, "region_edge");
    o.agent_edges = V(v, "agent_edges");
    o.engage_edges = V(v, "engage_edges");
    o.reach_edges = V(v, "reach_edges");
    o.alias_edges = V(v, "alias_edges");
    o.start_attr = V(v, "start_attr");
    o.end_attr = V(v, "end_attr");
    o.subset = subset;
    long n;
    int has;
    rg_status st;
    if ((st = get_int(v, "older_than", 0, 1000, &n, err)) ||
        (st = get_date(v, "as_of", &o.as_of, &has, err)))
        return st;
    if (!has)
        o.as_of = rg_today();
    o.older_than = (int)n;
    st = rg_gaps(g, &o, r, err);
    return at_arg(v, "hub", st, err);
}

static rg_status run_risks(const rg_graph *g, const vals *v, const unsigned char *subset,
                           rg_result *r, rg_error *err)
{
    rg_risks_opts o = {V(v, "hub"),        V(v, "select"),     V(v, "agreement_kind"),
                       V(v, "party_edge"), V(v, "skip_edges"), subset};
    return at_arg(v, "hub", rg_risks(g, &o, r, err), err);
}

static rg_status run_central(const rg_graph *g, const vals *v, const unsigned char *subset,
                             rg_result *r, rg_error *err)
{
    long top, cutoff;
    rg_status st;
    if ((st = get_int(v, "top", 0, 1000000, &top, err)) ||
        (st = get_int(v, "cutoff", 0, 1000000, &cutoff, err)))
        return st;
    rg_central_opts o = {V(v, "skip_edges"), (int)top, (int)cutoff, subset};
    return rg_central(g, &o, r, err);
}

static rg_status run_interlocks(const rg_graph *g, const vals *v, const unsigned char *subset,
                                rg_result *r, rg_error *err)
{
    rg_interlocks_opts o;
    memset(&o, 0, sizeof o);
    o.member_edges = V(v, "member_edges");
    o.body_kinds = V(v, "body_kinds");
    o.agreement_kind = V(v, "agreement_kind");
    o.party_edge = V(v, "party_edge");
    o.start_attr = V(v, "start_attr");
    o.end_attr = V(v, "end_attr");
    o.as_of_attr = "as_of";
    o.subset = subset;
    int has;
    rg_status st = get_date(v, "as_of", &o.as_of, &has, err);
    if (st)
        return st;
    if (!has)
        memset(&o.as_of, 0, sizeof o.as_of);
    return rg_interlocks(g, &o, r, err);
}

static rg_status run_clusters(const rg_graph *g, const vals *v, const unsigned char *subset,
                              rg_result *r, rg_error *err)
{
    rg_clusters_opts o;
    memset(&o, 0, sizeof o);
    o.region_edge = V(v, "region_edge");
    o.node_kinds = V(v, "node_kinds");
    o.skip_edges = V(v, "skip_edges");
    o.method = V(v, "method");
    o.subset = subset;
    long seed;
    rg_status st;
    if ((st = get_real(v, "resolution", &o.resolution, err)) ||
        (st = get_int(v, "seed", 0, 2147483647L, &seed, err)))
        return st;
    o.seed = (unsigned long)seed;
    if (strcmp(o.method, "leiden") != 0 && strcmp(o.method, "louvain") != 0)
        return arg_error(v->from[pidx(v->def, "method")], err, RG_EUSAGE,
                         "%s is 'leiden' or 'louvain', not '%s'", "method", o.method);
    return rg_clusters(g, &o, r, err);
}

static rg_status run_audit(const rg_graph *g, const vals *v, const unsigned char *subset,
                           rg_result *r, rg_error *err)
{
    rg_audit_opts o = {V(v, "select"),       V(v, "region_edge"), V(v, "agreement_kind"),
                       V(v, "located_attr"), V(v, "alias_edges"), subset};
    return rg_audit(g, &o, r, err);
}

/* Resolves parameter NAME (a node name), placing errors at the argument. */
static rg_status resolve_arg(const rg_graph *g, const vals *v, const char *name, int64_t *out,
                             rg_error *err)
{
    int k = pidx(v->def, name);
    rg_status st = rg_graph_resolve(g, v->text[k], out, err);
    if (st != RG_OK && err && v->from[k]) {
        err->line = v->from[k]->line;
        err->column = v->from[k]->column;
    }
    return st;
}

/* The rows of path P, connection number N: one per step; its nodes are
 * added to NODES (SEEN: one flag per node) for `output subgraph`. */
static void path_rows(const rg_graph *g, const rg_path *p, size_t n, rg_result *r, rg_table *t,
                      rg_buf *b, unsigned char *seen, int64_t *nodes, size_t *nn)
{
    rg_buf_clear(b);
    for (size_t k = 0; k <= p->hops; k++) {
        rg_buf_printf(b, "%s%s", k ? " -- " : "", rg_node_label(g, &g->nodes[p->nodes[k]]));
        if (!seen[p->nodes[k]]) {
            seen[p->nodes[k]] = 1;
            nodes[(*nn)++] = p->nodes[k];
        }
    }
    const char *head = rg_result_strdup(r, rg_buf_str(b));
    for (size_t k = 0; k < p->hops; k++) {
        rg_cell *row = rg_table_row(r, t);
        if (row == NULL)
            break;
        rg_buf_clear(b);
        rg_edge_words(g, p->edges[k], p->nodes[k], b);
        rg_cell_text(r, &row[0], "%zu. %s", n, head);
        rg_cell_int(&row[1], (long long)k + 1);
        rg_cell_str(&row[2], rg_result_strdup(r, rg_buf_str(b)));
        const rg_edge *e = &g->edges[p->edges[k]];
        rg_cell_cites(&row[3], e->p.cites, e->p.ncites);
    }
}

/* The error past paths' budget of search steps, at its argument if given. */
static rg_status over_budget(const vals *v, rg_error *err)
{
    return arg_error(v->from[pidx(v->def, "max_steps")], err, RG_ELIMIT,
                     "paths: the search needed more than %s steps, its budget (%s): lower "
                     "max_hops, narrow the selection or raise max_steps",
                     v->text[pidx(v->def, "max_steps")], "max_steps");
}

/* Whether A and Z, a pair past the limit, are connected within O's hops
 * (*MORE): the shortest connection decides, found in a few steps, which are
 * taken from *BUDGET. */
static rg_status more_paths(const rg_graph *g, const rg_links_opts *o, int64_t a, int64_t z,
                            long *budget, int *more, rg_error *err)
{
    rg_links_opts q = *o;
    q.max_hops = 0;
    q.max_paths = 1;
    q.max_steps = (size_t)*budget;
    rg_links_result lr;
    rg_status st = rg_links(g, a, z, &q, &lr, err);
    if (st != RG_OK)
        return st;
    *budget -= (long)lr.steps;
    *more = lr.distance >= 0 && (o->max_hops == 0 || lr.distance <= o->max_hops);
    rg_links_result_destroy(&lr);
    return RG_OK;
}

/* From FROM to TO, or between a selection and a named node: the shortest
 * connections of each pair (up to LIMIT in all), one row per step. */
static rg_status run_paths(const rg_graph *g, const vals *v, const unsigned char *subset,
                           rg_result *r, rg_error *err)
{
    long hops, limit, budget;
    rg_status st;
    const char *fromname = V(v, "from"), *toname = V(v, "to");
    if ((fromname == NULL || toname == NULL) && (subset == NULL || (!fromname && !toname)))
        return rg_error_set(err, RG_EUSAGE, NULL, 0, 0,
                            "paths needs 'from' and 'to', or one of them after a selection of "
                            "nodes");
    if ((st = get_int(v, "max_hops", 0, 64, &hops, err)) ||
        (st = get_int(v, "limit", 1, 100000, &limit, err)) ||
        (st = get_int(v, "max_steps", 1, 2000000000, &budget, err)))
        return st;
    int64_t named_from = -1, named_to = -1;
    if ((fromname && (st = resolve_arg(g, v, "from", &named_from, err))) ||
        (toname && (st = resolve_arg(g, v, "to", &named_to, err))))
        return st;
    /* the other end: the named node, or every node of the selection */
    size_t nv = g->nnodes ? g->nnodes : 1, nsel = 0;
    int64_t *sel = malloc(nv * sizeof *sel);
    int64_t *nodes = malloc(nv * sizeof *nodes);
    unsigned char *seen = calloc(nv, 1);
    if (!sel || !nodes || !seen) {
        free(sel);
        free(nodes);
        free(seen);
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    if (named_from >= 0 && named_to >= 0)
        sel[nsel++] = named_to;
    else
        for (size_t u = 0; u < g->nnodes; u++)
            if (subset[u])
                sel[nsel++] = (int64_t)u;
    rg_sort_nodes(g, sel, nsel);

    rg_result_init(r, g, "paths");
    rg_result_title(r, "Connections from %s to %s",
                    named_from >= 0 ? rg_node_label(g, &g->nodes[named_from]) : "the selection",
                    named_to >= 0 ? rg_node_label(g, &g->nodes[named_to]) : "the selection");
    rg_table *t =
        rg_result_table(r, "steps", "Steps", RG_STYLE_LINES, "path", "step", "text", "cites", NULL);
    rg_links_opts o;
    memset(&o, 0, sizeof o);
    o.max_hops = (int)hops;
    rg_buf b;
    rg_buf_init(&b);
    size_t total = 0, nn = 0, unconnected = 0, npairs = 0;
    long shortest = -1;
    int truncated = 0;
    for (size_t s = 0; s < nsel && st == RG_OK && !r->oom; s++) {
        int64_t a = named_from >= 0 ? named_from : sel[s];
        int64_t z = named_from >= 0 ? sel[s] : named_to;
        if (a == z)
            continue;
        if (budget <= 0) { /* 0 would mean rg_links' default */
            st = over_budget(v, err);
            break;
        }
        if (total >= (size_t)limit) {
            /* "more exist" only when a pair left out is connected */
            if ((st = more_paths(g, &o, a, z, &budget, &truncated, err)) != RG_OK || truncated)
                break;
            continue;
        }
        npairs++;
        o.max_paths = (size_t)limit - total;
        o.max_steps = (size_t)budget;
        rg_links_result lr;
        if ((st = rg_links(g, a, z, &o, &lr, err)) != RG_OK)
            break;
        if (lr.out_of_steps) {
            rg_links_result_destroy(&lr);
            st = over_budget(v, err);
            break;
        }
        budget -= (long)lr.steps;
        truncated |= lr.truncated;
        if (lr.distance < 0)
            unconnected++;
        else if (shortest < 0 || lr.distance < shortest)
            shortest = lr.distance;
        for (size_t i = 0; i < lr.npaths; i++)
            path_rows(g, &lr.paths[i], ++total, r, t, &b, seen, nodes, &nn);
        rg_links_result_destroy(&lr);
    }
    rg_buf_destroy(&b);
    free(seen);
    free(sel);
    if (st != RG_OK) {
        free(nodes);
        return st;
    }
    if (npairs > 1)
        rg_result_note(r, "%zu pairs, %zu of them not connected", npairs, unconnected);
    if (shortest < 0)
        rg_result_note(r, "no connection");
    else
        rg_result_note(r, "%zu connection%s; the shortest has %ld hop%s%s", total,
                       total == 1 ? "" : "s", shortest, shortest == 1 ? "" : "s",
                       truncated ? "; more exist, raise limit" : "");
    rg_sort_nodes(g, nodes, nn);
    r->nodes = nodes;
    r->nnodes = nn;
    return rg_result_check(r, err);
}

typedef rg_status (*runner)(const rg_graph *, const vals *, const unsigned char *, rg_result *,
                            rg_error *);
static const struct {
    const char *name;
    runner run;
} runners[] = {{"gaps", run_gaps},         {"risks", run_risks},
               {"central", run_central},   {"interlocks", run_interlocks},
               {"clusters", run_clusters}, {"audit", run_audit},
               {"paths", run_paths}};

rg_status rg_call(const rg_graph *g, const char *name, const rg_arg *args, size_t nargs,
                  const unsigned char *subset, rg_result *r, rg_error *err)
{
    memset(r, 0, sizeof *r);
    const rg_analysis_def *d = rg_analysis_find(name);
    if (d == NULL)
        return rg_error_set(err, RG_EUSAGE, NULL, 0, 0, "'%s' is not an analysis", name);
    vals v;
    memset(&v, 0, sizeof v);
    v.def = d;
    for (int i = 0; i < RG_MAX_PARAMS && d->params[i].name; i++)
        v.text[i] = d->params[i].def;
    for (size_t i = 0; i < nargs; i++) {
        int k = pidx(d, args[i].name);
        if (k < 0) {
            rg_buf b;
            rg_buf_init(&b);
            for (int p = 0; p < RG_MAX_PARAMS && d->params[p].name; p++)
                rg_buf_printf(&b, "%s%s", p ? ", " : "", d->params[p].name);
            rg_error_set(err, RG_EUSAGE, NULL, args[i].line, args[i].column,
                         "%s has no parameter '%s' (it has: %s)", name, args[i].name,
                         rg_buf_str(&b));
            rg_buf_destroy(&b);
            return RG_EUSAGE;
        }
        if (v.from[k])
            return arg_error(&args[i], err, RG_EUSAGE, "%s: '%s' is given twice", name,
                             args[i].name);
        v.text[k] = args[i].value;
        v.from[k] = &args[i];
    }
    for (int i = 0; i < RG_MAX_PARAMS && d->params[i].name; i++)
        if (d->params[i].type == RG_P_KINDS && v.from[i] == NULL)
            filter_default(g, &v, i);
    for (size_t i = 0; i < sizeof runners / sizeof *runners; i++)
        if (strcmp(runners[i].name, name) == 0) {
            rg_status st = runners[i].run(g, &v, subset, r, err);
            if (st != RG_OK)
                rg_result_destroy(r);
            return st;
        }
    return rg_error_set(err, RG_EUSAGE, NULL, 0, 0, "'%s' is not an analysis", name);
}
