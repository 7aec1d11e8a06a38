/* cmd_render.c: `relgraph render VIEW -o FILE`: a diagram of the catalogue
 * as DOT, SVG, PNG or PDF. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../analysis/rg_links.h"
#include "../load/rg_load.h"
#include "../query/rg_call.h"
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
    "  overview            the whole catalogue (clauses in their agreements'\n"
    "                      tooltips, one cluster per region)\n"
    "  region NAME         the bodies placed in region NAME and what they link to\n"
    "  path FROM TO        the shortest connections that 'relgraph links' finds\n"
    "  person NAME         a person and everything directly linked to them\n"
    "  around NAME         every node within --depth steps of NAME\n"
    "  gaps                the overview with each counterparty filled by its\n"
    "                      status in 'relgraph gaps' (as of --as-of)\n"
    "\n"
    "options:\n"
    "  -o, --output FILE   where to write the diagram (required)\n"
    "  --depth N           steps from NAME for 'around' (1 to 6, default 1)\n"
    "  --as-of DATE        the date of the gaps analysis, YYYY-MM-DD (default: today)\n"
    "  --max-nodes N       do not lay out views with more nodes (default 1000);\n"
    "                      DOT is written whatever the size\n";

const char render_args_help[] =
    "  --audience public|internal\n"
    "                      public leaves out nodes and edges whose\n"
    "                      confidentiality attribute is 'internal' (default:\n"
    "                      internal, everything)\n"
    "  --status-attr NAME  the node attribute whose value is the fill colour\n"
    "                      (default: ssr_elements)\n"
    "  --cluster-edge KIND the edge kind whose targets are drawn as clusters\n"
    "                      (default: in_region)\n"
    "  --link-attr NAME    the node attribute holding a document's address;\n"
    "                      only http and https addresses become links (default: url)\n"
    "  --fold K,...        node kinds shown in their neighbours' tooltips rather\n"
    "                      than as nodes in the overview and region views\n"
    "                      (default: clause)\n"
    "  --conf-attr NAME    the confidentiality attribute (default: confidentiality)\n";

static const char help_tail[] =
    "\n"
    "The visual grammar comes from the schema: shape by node kind, line style\n"
    "by edge kind, fill colour by the status attribute's value (in the order\n"
    "of its allowed values); a legend and a footnote naming the catalogue and\n"
    "its sources are drawn in every diagram.  Exit status: 0 on success, 1 when\n"
    "the view cannot be drawn (unknown name, too large), 2 for a wrong command\n"
    "line.\n";

static int attr_known(const rg_schema *s, const char *name)
{
    for (size_t k = 0; k < s->n_node_kinds; k++)
        if (rg_kind_attr(&s->node_kinds[k], name) >= 0)
            return 1;
    for (size_t k = 0; k < s->n_edge_kinds; k++)
        if (rg_kind_attr(&s->edge_kinds[k].base, name) >= 0)
            return 1;
    return 0;
}

/* A default the schema lacks is dropped; a given name it lacks is an error. */
static int pick_attr(const char *cmd, const rg_schema *s, const char *given, const char *def,
                     const char *option, const char **out)
{
    *out = NULL;
    if (given == NULL) {
        if (attr_known(s, def))
            *out = def;
        return 0;
    }
    if (!attr_known(s, given)) {
        cli_error("%s: %s: no kind of this catalogue has an attribute '%s'", cmd, option, given);
        return EXIT_USAGE;
    }
    *out = given;
    return 0;
}

int render_opts_from_args(const char *cmd, const rg_graph *g, const render_args *a,
                          rg_render_opts *o, uint64_t **fold)
{
    const rg_schema *s = g->schema;
    memset(o, 0, sizeof *o);
    *fold = NULL;
    if (a->audience && strcmp(a->audience, "public") != 0 && strcmp(a->audience, "internal") != 0) {
        cli_error("%s: --audience is 'public' or 'internal', not '%s'", cmd, a->audience);
        return EXIT_USAGE;
    }
    o->public_only = a->audience && strcmp(a->audience, "public") == 0;
    o->conf_hidden = "internal";
    if (pick_attr(cmd, s, a->status_attr, "ssr_elements", "--status-attr", &o->status_attr) ||
        pick_attr(cmd, s, a->link_attr, "url", "--link-attr", &o->link_attr) ||
        pick_attr(cmd, s, a->conf_attr, "confidentiality", "--conf-attr", &o->conf_attr))
        return EXIT_USAGE;
    if (a->cluster_edge) {
        if (rg_schema_edge_kind(s, a->cluster_edge) < 0) {
            cli_error("%s: --cluster-edge: '%s' is not an edge kind of this catalogue", cmd,
                      a->cluster_edge);
            return EXIT_USAGE;
        }
        o->cluster_edge = a->cluster_edge;
    } else if (rg_schema_edge_kind(s, "in_region") >= 0) {
        o->cluster_edge = "in_region";
    }
    if (a->fold) {
        if (a->fold[0] && (*fold = cli_kind_set(g, a->fold, 1, "--fold")) == NULL)
            return EXIT_USAGE;
    } else if (rg_schema_node_kind(s, "clause") >= 0) {
        *fold = cli_kind_set(g, "clause", 1, "--fold");
        if (*fold == NULL)
            return EXIT_INVALID;
    }
    o->fold_kinds = *fold;
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

/* Colours the overview by the gaps analysis: the status column of its main
 * table, one word per counterparty, in the order of the by-region columns
 * when a table has one per status (else in order of first appearance). */
int gaps_colours_from(const rg_graph *g, const rg_result *res, gaps_colours *gc)
{
    memset(gc, 0, sizeof *gc);
    const rg_table *t = res->ntables ? &res->tables[0] : NULL;
    int idc = t ? rg_table_col(t, "id") : -1, stc = t ? rg_table_col(t, "status") : -1;
    if (idc < 0 || stc < 0)
        return -1;
    gc->status = calloc(g->nnodes + 1, sizeof *gc->status);
    gc->words = calloc(t->nrows + 1, sizeof *gc->words);
    if (!gc->status || !gc->words)
        return -1;
    for (size_t r = 0; r < t->nrows; r++) {
        const rg_cell *ic = rg_table_cell(t, r, (size_t)idc),
                      *sc = rg_table_cell(t, r, (size_t)stc);
        if (ic->type != RG_CELL_TEXT || sc->type != RG_CELL_TEXT)
            continue;
        int64_t v = rg_graph_find_id(g, ic->u.s);
        if (v < 0)
            continue;
        gc->status[v] = sc->u.s;
        size_t w = 0;
        while (w < gc->nwords && strcmp(gc->words[w], sc->u.s) != 0)
            w++;
        if (w == gc->nwords)
            gc->words[gc->nwords++] = sc->u.s;
    }
    /* A table with a column per status gives their order of severity. */
    for (size_t k = 1; k < res->ntables; k++) {
        const rg_table *o = &res->tables[k];
        size_t found = 0;
        for (size_t w = 0; w < gc->nwords; w++)
            found += rg_table_col(o, gc->words[w]) >= 0;
        if (found != gc->nwords || gc->nwords == 0)
            continue;
        size_t n = 0;
        for (size_t c = 0; c < o->ncols; c++)
            for (size_t w = n; w < gc->nwords; w++)
                if (strcmp(o->cols[c], gc->words[w]) == 0) {
                    const char *tmp = gc->words[n];
                    gc->words[n++] = gc->words[w];
                    gc->words[w] = tmp;
                    break;
                }
        break;
    }
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

int cmd_render(cli *c, int argc, char **argv)
{
    const char *output = NULL, *depth = NULL, *max_nodes = NULL, *as_of = NULL;
    render_args ra;
    memset(&ra, 0, sizeof ra);
    const opt opts[] = {{"output", 1, &output, NULL, 'o'},
                        {"depth", 1, &depth, NULL, 0},
                        {"as-of", 1, &as_of, NULL, 0},
                        {"max-nodes", 1, &max_nodes, NULL, 0},
                        RENDER_ARGS_OPTS(ra),
                        {NULL, 0, NULL, NULL, 0}};
    const char *pos[3];
    size_t npos;
    int want_help;
    int prc = cli_parse("render", argc, argv, opts, pos, 3, &npos, &want_help);
    if (prc != 0)
        return EXIT_USAGE;
    if (want_help) {
        fputs(help, stdout);
        fputs(render_args_help, stdout);
        fputs(help_tail, stdout);
        return 0;
    }
    static const struct {
        const char *name;
        size_t nargs;
    } views[] = {{"overview", 0}, {"region", 1}, {"path", 2},
                 {"person", 1},   {"around", 1}, {"gaps", 0}};
    size_t view = sizeof views / sizeof *views;
    if (npos >= 1)
        for (size_t i = 0; i < sizeof views / sizeof *views; i++)
            if (strcmp(pos[0], views[i].name) == 0)
                view = i;
    if (npos == 0 || view == sizeof views / sizeof *views) {
        cli_error("render: give a view: overview, region NAME, path FROM TO, person NAME, "
                  "around NAME or gaps; see 'relgraph render --help'");
        return EXIT_USAGE;
    }
    if (npos - 1 != views[view].nargs) {
        cli_error("render: the '%s' view takes %zu name%s; see 'relgraph render --help'",
                  views[view].name, views[view].nargs, views[view].nargs == 1 ? "" : "s");
        return EXIT_USAGE;
    }
    if (output == NULL) {
        cli_error("render: say where to write the diagram with -o FILE ('-o -' for DOT on "
                  "standard output)");
        return EXIT_USAGE;
    }
    long depth_v = 1, max_v = 1000;
    if (depth && (view != 4 || parse_count("render", "--depth", depth, 1, 6, &depth_v) != 0)) {
        if (view != 4)
            cli_error("render: --depth applies to the 'around' view only");
        return EXIT_USAGE;
    }
    if (as_of) {
        rg_date d;
        if (view != 5) {
            cli_error("render: --as-of applies to the 'gaps' view only");
            return EXIT_USAGE;
        }
        if (rg_date_parse(as_of, &d) != 0 || d.month == 0 || d.day == 0) {
            cli_error("render: --as-of takes a date YYYY-MM-DD, not '%s'", as_of);
            return EXIT_USAGE;
        }
    }
    if (max_nodes && parse_count("render", "--max-nodes", max_nodes, 1, 1000000, &max_v) != 0)
        return EXIT_USAGE;
    rg_format fmt;
    rg_error err;
    if (rg_format_from_path(output, &fmt, &err) != RG_OK) {
        cli_error("render: %s", err.text);
        return EXIT_USAGE;
    }
    rg_graph *g = cli_load(c, NULL);
    if (g == NULL)
        return EXIT_INVALID;
    int rc = EXIT_INVALID;
    uint64_t *fold = NULL;
    rg_render_opts o;
    rg_view v;
    memset(&v, 0, sizeof v);
    gaps_colours gc;
    memset(&gc, 0, sizeof gc);
    rg_result gres;
    int have_gres = 0;
    int urc = render_opts_from_args("render", g, &ra, &o, &fold);
    if (urc != 0) {
        rc = urc;
        goto out;
    }
    o.max_nodes = (size_t)max_v;
    int64_t ends[2] = {-1, -1};
    for (size_t i = 0; i < views[view].nargs; i++)
        if (rg_graph_resolve(g, pos[1 + i], &ends[i], &err) != RG_OK) {
            cli_error("render: %s", err.text);
            goto out;
        }
    rg_status st = RG_OK;
    switch (view) {
    case 0: st = rg_view_overview(g, &o, &v, &err); break;
    case 1: st = rg_view_region(g, &o, ends[0], &v, &err); break;
    case 2: {
        rg_links_opts lo;
        memset(&lo, 0, sizeof lo);
        rg_links_result r;
        st = rg_links(g, ends[0], ends[1], &lo, &r, &err);
        if (st == RG_OK) {
            if (r.distance < 0)
                st = rg_error_set(&err, RG_ENOTFOUND, NULL, 0, 0, "'%s' and '%s' are not connected",
                                  pos[1], pos[2]);
            else
                st = rg_view_paths(g, &o, &r, &v, &err);
            rg_links_result_destroy(&r);
        }
        break;
    }
    case 3:
        /* The person kind is the ICANN schema's; another schema's catalogue
         * uses 'around'. */
        if (strcmp(g->schema->node_kinds[g->nodes[ends[0]].kind].name, "person") != 0) {
            st = rg_error_set(&err, RG_EUSAGE, NULL, 0, 0,
                              "'%s' is of kind '%s', not a person; use 'around'", pos[1],
                              g->schema->node_kinds[g->nodes[ends[0]].kind].name);
            break;
        }
        /* fall through */
    case 4: st = rg_view_around(g, &o, ends[0], (int)depth_v, &v, &err); break;
    case 5: {
        /* The statuses are the gaps analysis's, with its defaults. */
        rg_arg arg = {"as_of", as_of, 0, 0};
        st = rg_call(g, "gaps", &arg, as_of ? 1 : 0, NULL, &gres, &err);
        if (st != RG_OK)
            break;
        have_gres = 1;
        if (gaps_colours_from(g, &gres, &gc) != 0) {
            st = rg_error_set(&err, RG_EINVALID, NULL, 0, 0,
                              "the gaps analysis gave no status per counterparty");
            break;
        }
        st = rg_view_overview(g, &o, &v, &err);
        if (st != RG_OK)
            break;
        free(v.title);
        v.title = strdup(gres.title ? gres.title : "SSR coverage");
        if (v.title == NULL) {
            st = rg_error_set(&err, RG_ENOMEM, NULL, 0, 0, "out of memory");
            break;
        }
        v.status = gc.status;
        v.status_values = gc.words;
        v.nstatus_values = gc.nwords;
        v.status_name = "gaps";
        break;
    }
    }
    if (st != RG_OK) {
        cli_error("render: %s", err.text);
        goto out;
    }
    char *data = NULL;
    size_t len = 0;
    if (rg_render(&v, &o, fmt, &data, &len, &err) != RG_OK) {
        cli_error("render: %s", err.text);
        goto out;
    }
    rc = render_write("render", output, g->file, data, len);
    free(data);
out:
    rg_view_destroy(&v);
    free(gc.status);
    free(gc.words);
    if (have_gres)
        rg_result_destroy(&gres);
    free(fold);
    rg_graph_free(g);
    return rc;
}
