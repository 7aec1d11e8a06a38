/* cmd_render.c: `relgraph render VIEW -o FILE`: a diagram of the catalogue
 * as DOT, SVG, PNG or PDF. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../analysis/rg_links.h"
#include "../core/rg_list.h"
#include "../core/rg_near.h"
#include "../load/rg_load.h"
#include "../query/rg_call.h"
#include "../render/rg_chart.h"
#include "../render/rg_render.h"
#include "cli.h"
#include "cmd_render.h"

static const char help[] =
    "usage: relgraph [--graph FILE] render VIEW -o FILE [options]\n"
    "\n"
    "Draws a diagram of the catalogue.  The format follows FILE's extension:\n"
    ".dot or .gv (DOT text), .svg, .png or .pdf; '-o -' writes DOT to standard\n"
    "output.  Layout and rendering use Graphviz's dot, in process.\n"
    "\n"
    "views:\n"
    "  overview            a summary that fits a page: the hub, its counterparties\n"
    "                      grouped by region, one edge each coloured by its\n"
    "                      coverage status ('relgraph gaps') and labelled with its\n"
    "                      agreements' types and years; with --full, or for a\n"
    "                      catalogue with no hub and agreements, the whole\n"
    "                      catalogue (clauses in their agreements' tooltips)\n"
    "  region NAME         the hub, the bodies placed in region NAME and what they\n"
    "                      link to (at most 22 nodes, the members first)\n"
    "  path FROM TO        the shortest connections that 'relgraph links' finds\n"
    "  person NAME         a person and everything directly linked to them\n"
    "  around NAME         the nodes within --depth steps of NAME (at most 12, the\n"
    "                      nearest first; the footnote says what was left out)\n"
    "  gaps                the summary overview as of --as-of\n"
    "  diff OLD NEW        what changed between two catalogues ('relgraph diff'),\n"
    "                      coloured and lined by change; see 'render diff --help'\n"
    "  coverage-by-region  a chart: one bar per region (the schema's group),\n"
    "                      stacked by coverage status ('relgraph gaps')\n"
    "  timeline            a chart: the agreements by year of signature,\n"
    "                      stacked by what their text holds ('relgraph gaps')\n"
    "\n"
    "The two charts are drawn by gnuplot (Debian package gnuplot-nox), run as\n"
    "a child process; they are written as .svg, .png or .pdf, not DOT; '-o\n"
    "FILE.gp' writes the gnuplot script instead (it draws SVG on standard\n"
    "output: gnuplot FILE.gp > chart.svg).\n"
    "\n"
    "Agreements between two drawn parties are drawn as one edge between them,\n"
    "labelled with their types and years, except in path views and around an\n"
    "agreement.\n"
    "\n"
    "options:\n"
    "  -o, --output FILE   where to write the diagram (required)\n"
    "  --depth N           steps from NAME for 'around' (1 to 6, default 1)\n"
    "  --full              overview: the whole catalogue rather than the summary\n"
    "                      (for sfdp or a poster: it does not fit a page)\n"
    "  --as-of DATE        the date of the gaps analysis (the gaps view and the\n"
    "                      charts), YYYY-MM-DD (default: the catalogue's as_of,\n"
    "                      else the latest date it states)\n"
    "  --max-nodes N       do not lay out views with more nodes (default 1000);\n"
    "                      DOT is written whatever the size\n";

const char render_args_help[] =
    "  --audience public|internal\n"
    "                      public: drawn from the public part of the catalogue;\n"
    "                      every element whose confidentiality (the schema's role\n"
    "                      confidentiality_attr) is not one of its public_values\n"
    "                      is withheld (default: internal, everything)\n"
    "  --status-attr NAME  the node attribute whose value is the fill colour\n"
    "                      (default: the schema's role status_attr)\n"
    "  --cluster-edge KIND the edge kind whose targets are drawn as clusters\n"
    "                      (default: the schema's role group_edge)\n"
    "  --link-attr NAME    the node attribute holding a document's address;\n"
    "                      only http and https addresses become links\n"
    "                      (default: the schema's role link_attr)\n"
    "  --fold K,...        node kinds shown in their neighbours' tooltips rather\n"
    "                      than as nodes in the overview and region views\n"
    "                      (default: the kinds the role clause_edge points to)\n";

static const char help_tail[] =
    "\n"
    "The visual grammar comes from the schema: shape by node kind, line style\n"
    "by edge kind, fill colour by the status attribute's value (in the order\n"
    "of its allowed values); a legend and a footnote naming the catalogue and\n"
    "its sources are drawn in every diagram.  Exit status: 0 on success, 1 when\n"
    "the view cannot be drawn (unknown name, too large), 2 for a wrong command\n"
    "line.\n";

/* An attribute option: the value given (checked), else the role's. */
static int pick_attr(const char *cmd, const rg_graph *g, const char *given, rg_role role,
                     const char *option, const char **out)
{
    *out = g->schema->roles[role];
    if (given == NULL)
        return 0;
    rg_buf msg;
    rg_buf_init(&msg);
    int bad = rg_name_check(g->schema, RG_RT_NODE_ATTR, NULL, given, &msg) != 0;
    if (bad)
        cli_error("%s: %s: %s", cmd, option, rg_buf_str(&msg));
    rg_buf_destroy(&msg);
    *out = given;
    return bad ? EXIT_USAGE : 0;
}

/* The node kinds the clause edge points to: drawn inside their agreements'
 * tooltips by default. */
static uint64_t *clause_kinds(const rg_graph *g)
{
    const rg_schema *s = g->schema;
    int ce =
        s->roles[RG_ROLE_CLAUSE_EDGE] ? rg_schema_edge_kind(s, s->roles[RG_ROLE_CLAUSE_EDGE]) : -1;
    uint64_t *bits = calloc((s->n_node_kinds + 63) / 64 + 1, sizeof *bits);
    if (bits && ce >= 0)
        memcpy(bits, s->edge_kinds[ce].to_ok, (s->n_node_kinds + 63) / 64 * sizeof *bits);
    return bits;
}

/* cgraph's allocations (rg_render_graphviz_alloc): out of memory ends the
 * drawing process here (cli_draw.c: Graphviz runs in a child), rather than
 * hand Graphviz 2.42 a NULL it writes through; the parent then says the
 * drawing failed.  write(2), not stdio: no allocation; _exit, not exit: the
 * atexit handlers and stdio buffers are the parent's. */
static void graphviz_out_of_memory(void)
{
    static const char msg[] = "relgraph: out of memory\n";
    ssize_t w = write(STDERR_FILENO, msg, sizeof msg - 1);
    (void)w;
    _exit(EXIT_INVALID);
}

static void *graphviz_alloc_or_exit(void *state, size_t n)
{
    (void)state;
    void *p = calloc(1, n ? n : 1);
    if (p == NULL)
        graphviz_out_of_memory();
    return p;
}

static void *graphviz_resize_or_exit(void *state, void *p, size_t old, size_t n)
{
    (void)state;
    char *q = realloc(p, n ? n : 1);
    if (q == NULL)
        graphviz_out_of_memory();
    if (n > old)
        memset(q + old, 0, n - old);
    return q;
}

int render_opts_from_args(const char *cmd, const rg_graph *g, const render_args *a,
                          rg_render_opts *o, uint64_t **fold)
{
    const rg_schema *s = g->schema;
    memset(o, 0, sizeof *o);
    /* every command that draws comes here first */
    rg_render_graphviz_alloc(graphviz_alloc_or_exit, graphviz_resize_or_exit);
    o->runner = &cli_draw_runner;
    *fold = NULL;
    if (pick_attr(cmd, g, a->status_attr, RG_ROLE_STATUS_ATTR, "--status-attr", &o->status_attr) ||
        pick_attr(cmd, g, a->link_attr, RG_ROLE_LINK_ATTR, "--link-attr", &o->link_attr))
        return EXIT_USAGE;
    o->cluster_edge = s->roles[RG_ROLE_GROUP_EDGE];
    if (a->cluster_edge) {
        rg_buf msg;
        rg_buf_init(&msg);
        int bad = rg_name_check(s, RG_RT_EDGE_KIND, NULL, a->cluster_edge, &msg) != 0;
        if (bad)
            cli_error("%s: --cluster-edge: %s", cmd, rg_buf_str(&msg));
        rg_buf_destroy(&msg);
        if (bad)
            return EXIT_USAGE;
        o->cluster_edge = a->cluster_edge;
    }
    if (a->fold) {
        if (a->fold[0] && (*fold = cli_kind_set(g, a->fold, 1, "--fold")) == NULL)
            return EXIT_USAGE;
    } else if ((*fold = clause_kinds(g)) == NULL) {
        cli_error("out of memory");
        return EXIT_INVALID;
    }
    o->fold_kinds = *fold;
    return 0;
}

int cli_audience(const char *cmd, const char *audience, rg_graph **g, rg_graph **base,
                 rg_withheld *w)
{
    *base = NULL;
    memset(w, 0, sizeof *w);
    if (audience == NULL || strcmp(audience, "internal") == 0)
        return 0;
    if (strcmp(audience, "public") != 0) {
        cli_error("%s: --audience is 'public' or 'internal', not '%s'", cmd, audience);
        return EXIT_USAGE;
    }
    rg_graph *pub;
    rg_error err;
    if (rg_graph_public(*g, &pub, w, &err) != RG_OK) {
        cli_error("%s: --audience public: %s", cmd, err.text);
        return EXIT_INVALID;
    }
    *base = *g;
    *g = pub;
    return 0;
}

/* The mode a new file gets: 0666 less the umask (mkstemp makes 0600). */
static mode_t new_file_mode(void)
{
    mode_t mask = umask(022);
    umask(mask);
    return 0666 & ~mask;
}

int render_write(const char *cmd, const char *path, const char *input, const char *data, size_t len)
{
    if (strcmp(path, "-") == 0) {
        if ((len && fwrite(data, 1, len, stdout) != len) || fflush(stdout) != 0) {
            cli_error("%s: unable to write the output", cmd);
            return 1;
        }
        return 0;
    }
    struct stat old, in;
    int exists = stat(path, &old) == 0;
    if (exists && input && stat(input, &in) == 0 && in.st_dev == old.st_dev &&
        in.st_ino == old.st_ino) {
        cli_error("%s: '%s' is the catalogue being read; choose another output file", cmd, path);
        return 1;
    }
    /* A file being replaced keeps its mode (a private 0600 stays private);
     * a new one gets the umask's. */
    mode_t mode = exists && S_ISREG(old.st_mode) ? old.st_mode & 07777 : new_file_mode();
    /* Write beside the target and rename over it, so that a failure (a full
     * disk, a killed process) never leaves a half-written diagram behind. */
    size_t n = strlen(path) + 16;
    char *tmp = malloc(n);
    if (tmp == NULL) {
        cli_error("out of memory");
        return 1;
    }
    snprintf(tmp, n, "%s.tmpXXXXXX", path);
    int fd = mkstemp(tmp);
    FILE *f = fd >= 0 && fchmod(fd, mode) == 0 ? fdopen(fd, "wb") : NULL;
    if (f == NULL) {
        cli_error("%s: unable to open '%s' for writing: %s", cmd, path, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(tmp);
        }
        free(tmp);
        return 1;
    }
    int bad = len && fwrite(data, 1, len, f) != len;
    if (fclose(f) != 0 || bad || rename(tmp, path) != 0) {
        cli_error("%s: unable to write '%s': %s", cmd, path, strerror(errno));
        unlink(tmp);
        free(tmp);
        return 1;
    }
    free(tmp);
    return 0;
}

static int parse_count(const char *cmd, const char *option, const char *text, long lo, long hi,
                       long *out)
{
    char *end;
    long v = strtol(text, &end, 10);
    if (!text[0] || *end || v < lo || v > hi) {
        cli_error("%s: %s takes a whole number from %ld to %ld, not '%s'", cmd, option, lo, hi,
                  text);
        return -1;
    }
    *out = v;
    return 0;
}

/* A render command, parsed and checked before the catalogue is loaded. */
typedef struct render_req {
    const char *output, *as_of;
    render_args ra;
    size_t view; /* index in views[] */
    const char *names[2];
    long depth, max_nodes;
    rg_format fmt;
    int script; /* a chart's gnuplot script (-o FILE.gp) rather than the chart */
    int full;
} render_req;

static const struct {
    const char *name;
    size_t nargs;
} views[] = {{"overview", 0},
             {"region", 1},
             {"path", 2},
             {"person", 1},
             {"around", 1},
             {"gaps", 0},
             {"coverage-by-region", 0},
             {"timeline", 0}};
enum { V_OVERVIEW, V_REGION, V_PATH, V_PERSON, V_AROUND, V_GAPS, V_COVERAGE, V_TIMELINE, NVIEWS };

static int check_view(render_req *q, const char *const *pos, size_t npos)
{
    q->view = NVIEWS;
    for (size_t i = 0; npos >= 1 && i < NVIEWS; i++)
        if (strcmp(pos[0], views[i].name) == 0)
            q->view = i;
    if (npos == 0 || q->view == NVIEWS) {
        const char *names[NVIEWS];
        for (size_t i = 0; i < NVIEWS; i++)
            names[i] = views[i].name;
        const char *near = npos ? rg_nearest(pos[0], names, NVIEWS) : NULL;
        if (near)
            cli_error(
                "render: '%s' is not a view; did you mean '%s'? (views: overview, region "
                "NAME, path FROM TO, person NAME, around NAME, gaps, coverage-by-region, timeline)",
                pos[0], near);
        else
            cli_error("render: give a view: overview, region NAME, path FROM TO, person NAME, "
                      "around NAME, gaps, coverage-by-region or timeline; see 'relgraph render "
                      "--help'");
        return EXIT_USAGE;
    }
    if (npos - 1 != views[q->view].nargs) {
        cli_error("render: the '%s' view takes %zu name%s; see 'relgraph render --help'",
                  views[q->view].name, views[q->view].nargs, views[q->view].nargs == 1 ? "" : "s");
        return EXIT_USAGE;
    }
    for (size_t i = 0; i < views[q->view].nargs; i++)
        q->names[i] = pos[1 + i];
    return 0;
}

static int check_options(render_req *q, const char *depth, const char *max_nodes)
{
    if (q->output == NULL) {
        cli_error("render: say where to write the diagram with -o FILE ('-o -' for DOT on "
                  "standard output)");
        return EXIT_USAGE;
    }
    q->depth = 1;
    q->max_nodes = 1000;
    if (depth &&
        (q->view != V_AROUND || parse_count("render", "--depth", depth, 1, 6, &q->depth) != 0)) {
        if (q->view != V_AROUND)
            cli_error("render: --depth applies to the 'around' view only");
        return EXIT_USAGE;
    }
    if (q->as_of) {
        rg_date d;
        if (q->view != V_GAPS && q->view != V_COVERAGE && q->view != V_TIMELINE) {
            cli_error("render: --as-of applies to the 'gaps', 'coverage-by-region' and "
                      "'timeline' views only");
            return EXIT_USAGE;
        }
        if (rg_date_parse(q->as_of, &d) != 0 || d.month == 0 || d.day == 0) {
            cli_error("render: --as-of takes a date YYYY-MM-DD, not '%s'", q->as_of);
            return EXIT_USAGE;
        }
    }
    if (q->full && q->view != V_OVERVIEW) {
        cli_error("render: --full applies to the 'overview' view only");
        return EXIT_USAGE;
    }
    if (max_nodes &&
        parse_count("render", "--max-nodes", max_nodes, 1, 1000000, &q->max_nodes) != 0)
        return EXIT_USAGE;
    rg_error err;
    size_t olen = strlen(q->output);
    q->script = (q->view == V_COVERAGE || q->view == V_TIMELINE) && olen > 3 &&
                strcmp(q->output + olen - 3, ".gp") == 0;
    if (q->script) {
        q->fmt = RG_FMT_SVG; /* the script draws SVG */
        return 0;
    }
    if (rg_format_from_path(q->output, &q->fmt, &err) != RG_OK) {
        cli_error("render: %s", err.text);
        return EXIT_USAGE;
    }
    if (q->fmt == RG_FMT_DOT && (q->view == V_COVERAGE || q->view == V_TIMELINE)) {
        cli_error("render: '%s' is a chart: write it as .svg, .png or .pdf, not DOT",
                  views[q->view].name);
        return EXIT_USAGE;
    }
    return 0;
}

/* Parses the command line; -1 for --help (printed), else an exit status. */
static int parse_render(int argc, char **argv, render_req *q)
{
    const char *depth = NULL, *max_nodes = NULL;
    memset(q, 0, sizeof *q);
    const opt opts[] = {{"output", 1, &q->output, NULL, 'o'},
                        {"depth", 1, &depth, NULL, 0},
                        {"as-of", 1, &q->as_of, NULL, 0},
                        {"max-nodes", 1, &max_nodes, NULL, 0},
                        {"full", 0, NULL, &q->full, 0},
                        RENDER_ARGS_OPTS(q->ra),
                        {NULL, 0, NULL, NULL, 0}};
    const char *pos[3];
    size_t npos;
    int want_help;
    if (cli_parse("render", argc, argv, opts, pos, 3, &npos, &want_help) != 0)
        return EXIT_USAGE;
    if (want_help) {
        fputs(help, stdout);
        fputs(render_args_help, stdout);
        fputs(help_tail, stdout);
        return -1;
    }
    int rc = check_view(q, pos, npos);
    return rc ? rc : check_options(q, depth, max_nodes);
}

/* Whether node V is of one of the kinds the schema's role person_kinds names. */
static int is_person(const rg_graph *g, int64_t v)
{
    const char *kinds = g->schema->roles[RG_ROLE_PERSON_KINDS];
    return rg_list_has(kinds, g->schema->node_kinds[g->nodes[v].kind].name);
}

/* The overview and gaps views: the summary (the hub, its counterparties by
 * region, an edge each coloured by coverage), else for a catalogue with no
 * hub and agreements the whole catalogue (gaps: an error). */
static rg_status summary_view(const rg_graph *g, const rg_render_opts *o, const render_req *q,
                              rg_view *v, rg_error *err)
{
    if (q->full && q->view == V_OVERVIEW)
        return rg_view_overview(g, o, v, err);
    rg_status st = rg_view_summary(g, o, q->as_of, v, err);
    /* only a catalogue without what a summary needs falls back; running out
     * of memory is an error, not another figure */
    if (st != RG_EINVALID || q->view == V_GAPS)
        return st;
    return rg_view_overview(g, o, v, err);
}

/* The path view: the paths analysis' result, run through the registry. */
static rg_status path_view(const rg_graph *g, const rg_render_opts *o, const render_req *q,
                           const int64_t *ends, rg_result *gres, rg_view *v, rg_error *err)
{
    rg_arg args[2] = {{"from", q->names[0], 0, 0}, {"to", q->names[1], 0, 0}};
    rg_status st = rg_call(g, "paths", args, 2, NULL, gres, err);
    if (st != RG_OK)
        return st;
    if (gres->nedges == 0)
        return rg_error_set(err, RG_ENOTFOUND, NULL, 0, 0, "'%s' and '%s' are not connected",
                            q->names[0], q->names[1]);
    char title[768];
    snprintf(title, sizeof title, "%s: links from %s to %s", g->title ? g->title : "catalogue",
             rg_node_label(g, &g->nodes[ends[0]]), rg_node_label(g, &g->nodes[ends[1]]));
    return rg_view_result(g, o, gres, title, v, err);
}

/* Builds the view Q asks for into V.  GRES holds the analysis result a view
 * comes from (gaps, path): destroy it after V. */
static rg_status draw(const rg_graph *g, const rg_render_opts *o, const render_req *q,
                      rg_result *gres, int *have_gres, rg_view *v, rg_error *err)
{
    int64_t ends[2] = {-1, -1};
    rg_status st;
    for (size_t i = 0; i < views[q->view].nargs; i++)
        if ((st = rg_graph_resolve(g, q->names[i], &ends[i], err)) != RG_OK)
            return st;
    switch (q->view) {
    case V_OVERVIEW: return summary_view(g, o, q, v, err);
    case V_REGION:
        /* coloured as the overview, when gaps runs; out of memory is an error */
        if ((st = rg_view_region(g, o, ends[0], v, err)) == RG_OK &&
            rg_view_gaps(v, NULL, err) == RG_ENOMEM)
            st = RG_ENOMEM;
        return st;
    case V_PATH:
        st = path_view(g, o, q, ends, gres, v, err);
        *have_gres = st == RG_OK || gres->g != NULL;
        return st;
    case V_PERSON:
        if (!is_person(g, ends[0])) {
            const char *kinds = g->schema->roles[RG_ROLE_PERSON_KINDS];
            return rg_error_set(err, RG_EUSAGE, NULL, 0, 0,
                                "'%s' is of kind '%s', not one of the person kinds (%s); use "
                                "'around'",
                                q->names[0], g->schema->node_kinds[g->nodes[ends[0]].kind].name,
                                kinds ? kinds : "the schema binds no person_kinds");
        }
        return rg_view_around(g, o, ends[0], 1, v, err);
    case V_AROUND: return rg_view_around(g, o, ends[0], (int)q->depth, v, err);
    default: return summary_view(g, o, q, v, err);
    }
}

/* The chart views: the gaps analysis's numbers, drawn by gnuplot. */
static rg_status chart(const rg_graph *g, const render_req *q, char **data, size_t *len,
                       rg_error *err)
{
    rg_arg arg = {"as_of", q->as_of, 0, 0};
    rg_result gres;
    rg_status st = rg_call(g, "gaps", &arg, q->as_of ? 1 : 0, NULL, &gres, err);
    if (st != RG_OK)
        return st;
    rg_chart_kind kind = q->view == V_COVERAGE ? RG_CHART_COVERAGE : RG_CHART_TIMELINE;
    if (q->script) {
        rg_buf s;
        rg_buf_init(&s);
        st = rg_chart_script(&gres, kind, q->fmt, &s, NULL, NULL, err);
        *len = s.len;
        *data = rg_buf_detach(&s);
    } else {
        st = rg_chart(&gres, kind, q->fmt, NULL, data, len, err);
    }
    rg_result_destroy(&gres);
    return st;
}

int cmd_render(cli *c, int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "diff") == 0)
        return cmd_render_diff(c, argc - 1, argv + 1); /* two catalogues: its own file */
    render_req q;
    int rc = parse_render(argc, argv, &q);
    if (rc != 0)
        return rc < 0 ? 0 : rc;
    rg_graph *g = cli_load(c, NULL), *base = NULL;
    if (g == NULL)
        return EXIT_INVALID;
    uint64_t *fold = NULL;
    rg_render_opts o;
    rg_view v;
    memset(&v, 0, sizeof v);
    rg_result gres;
    memset(&gres, 0, sizeof gres);
    int have_gres = 0;
    rg_withheld w;
    rg_error err;
    rc = cli_audience("render", q.ra.audience, &g, &base, &w);
    if (rc == 0)
        rc = render_opts_from_args("render", g, &q.ra, &o, &fold);
    if (rc != 0)
        goto out;
    o.max_nodes = (size_t)q.max_nodes;
    o.withheld = w.nodes + w.edges;
    rc = EXIT_INVALID;
    char *data = NULL;
    size_t len = 0;
    if (q.view == V_COVERAGE || q.view == V_TIMELINE
            ? chart(g, &q, &data, &len, &err) != RG_OK
            : draw(g, &o, &q, &gres, &have_gres, &v, &err) != RG_OK ||
                  rg_render(&v, &o, q.fmt, &data, &len, &err) != RG_OK)
        cli_error("render: %s", err.text);
    else
        rc = render_write("render", q.output, g->file, data, len);
    free(data);
out:
    rg_view_destroy(&v);
    if (have_gres)
        rg_result_destroy(&gres);
    free(fold);
    rg_graph_free(g);
    rg_graph_free(base);
    return rc;
}
