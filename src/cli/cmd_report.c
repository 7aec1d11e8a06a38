/* cmd_report.c: `relgraph report -o DIR`: the review report as a
 * self-contained HTML page and as Markdown with SVG files beside it. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../core/rg_sha256.h"
#include "../load/rg_load.h"
#include "../query/rg_call.h"
#include "../query/rg_query.h"
#include "../render/rg_render.h"
#include "../render/rg_report.h"
#include "cli.h"
#include "cmd_render.h"

static const char help[] =
    "usage: relgraph [--graph FILE] report -o DIR [options]\n"
    "\n"
    "Writes the review report into DIR (created when missing):\n"
    "  report.html   one self-contained page: inline SVG diagrams, no scripts,\n"
    "                no external fetches (a Content-Security-Policy says so)\n"
    "  report.md     the same content as Markdown, for pasting into a review\n"
    "  *.svg         the diagrams, beside report.md\n"
    "\n"
    "Sections: how the report was made (relgraph's version, the catalogue's\n"
    "SHA-256, the options, the --as-of date, the clustering seed), summary\n"
    "figures, the diagrams (overview, SSR coverage, one per region), and the\n"
    "analyses this build has (coverage by region and gaps, risks, interlocks,\n"
    "clusters); a last section lists what could not be produced.\n"
    "\n"
    "options:\n"
    "  -o, --output DIR    where to write the report (required)\n"
    "  --as-of DATE        the date of the analyses, YYYY-MM-DD (default: today)\n"
    "  --queries DIR       the saved queries (*.rgq) answered in the report\n"
    "                      (default: the folder 'queries' beside the catalogue's\n"
    "                      folder, when there is one)\n";

static const char help_tail[] =
    "\n"
    "Exit status: 0 on success, 1 when the catalogue is invalid or a file cannot\n"
    "be written, 2 for a wrong command line.\n";

/* The analyses of the report, in its order: the name in the analysis table
 * and what the section is called when the analysis is missing. */
static const struct {
    const char *name;
    const char *what;
} analyses[] = {
    {"gaps", "coverage matrix by region and gap tables with clause citations (gaps)"},
    {"risks", "key-person risks (risks)"},
    {"interlocks", "interlocks (interlocks)"},
    {"clusters", "clusters (clusters)"},
};

static int has_param(const rg_analysis_def *d, const char *name)
{
    for (int i = 0; i < RG_MAX_PARAMS && d->params[i].name; i++)
        if (strcmp(d->params[i].name, name) == 0)
            return 1;
    return 0;
}

static const char *param_default(const rg_analysis_def *d, const char *name)
{
    for (int i = 0; i < RG_MAX_PARAMS && d->params[i].name; i++)
        if (strcmp(d->params[i].name, name) == 0)
            return d->params[i].def;
    return NULL;
}

/* mkdir -p: creates PATH and any missing parent.  0 or -1 (errno set). */
static int make_dirs(const char *path)
{
    char buf[4096];
    if (snprintf(buf, sizeof buf, "%s", path) >= (int)sizeof buf) {
        errno = ENAMETOOLONG;
        return -1;
    }
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/')
            continue;
        *p = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST)
            return -1;
        *p = '/';
    }
    if (mkdir(buf, 0777) != 0 && errno != EEXIST)
        return -1;
    return 0;
}

static int write_file(const char *dir, const char *name, const char *data, size_t len)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *path = malloc(n);
    if (path == NULL) {
        cli_error("out of memory");
        return 1;
    }
    snprintf(path, n, "%s/%s", dir, name);
    int rc = render_write("report", path, NULL, data, len);
    free(path);
    return rc;
}

/* A diagram's file name: ids are letters, digits, '_', '-' and '.', so
 * "region-" + id + ".svg" is one safe path component. */
static void region_file(const char *id, char *buf, size_t n)
{
    snprintf(buf, n, "%s%s.svg", strncmp(id, "region-", 7) == 0 ? "" : "region-", id);
}

static rg_status emit_result(void *ctx, const rg_result *r, rg_output out, rg_error *err)
{
    (void)out;
    (void)err;
    rg_report_result(ctx, r->analysis ? r->analysis : "query", r);
    return RG_OK;
}

static int by_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Answers every *.rgq file of DIR, in name order, as report sections.
 * Returns the number answered; -1 when DIR cannot be read. */
static int saved_queries(rg_report *rep, const rg_graph *g, const char *dir)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return -1;
    char **names = NULL;
    size_t n = 0, cap = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        size_t len = strlen(e->d_name);
        if (len < 5 || strcmp(e->d_name + len - 4, ".rgq") != 0)
            continue;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            char **grown = realloc(names, cap * sizeof *names);
            if (grown == NULL)
                break;
            names = grown;
        }
        if ((names[n] = strdup(e->d_name)) != NULL)
            n++;
    }
    closedir(d);
    if (n)
        qsort(names, n, sizeof *names, by_name);
    int answered = 0;
    for (size_t i = 0; i < n; i++) {
        size_t plen = strlen(dir) + strlen(names[i]) + 2;
        char *path = malloc(plen);
        char *text = NULL;
        size_t len = 0;
        rg_error err;
        rg_query *q = NULL;
        if (path == NULL)
            break;
        snprintf(path, plen, "%s/%s", dir, names[i]);
        if (rg_read_file(path, &text, &len, &err) != RG_OK) {
            cli_error("report: %s", err.text);
        } else {
            rg_report_query(rep, names[i], text);
            char msg[RG_ERROR_TEXT + 600];
            if (rg_query_parse(names[i], text, len, &q, &err) != RG_OK ||
                rg_query_run(q, g, emit_result, rep, &err) != RG_OK) {
                snprintf(msg, sizeof msg, "%s:%d:%d: %s", names[i], err.line, err.column, err.text);
                rg_report_query_error(rep, msg);
                cli_error("report: %s", msg);
            } else {
                answered++;
            }
        }
        rg_query_free(q);
        free(text);
        free(path);
    }
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
    return answered;
}

int cmd_report(cli *c, int argc, char **argv)
{
    const char *output = NULL, *as_of = NULL, *queries = NULL;
    render_args ra;
    memset(&ra, 0, sizeof ra);
    const opt opts[] = {{"output", 1, &output, NULL, 'o'},
                        {"as-of", 1, &as_of, NULL, 0},
                        {"queries", 1, &queries, NULL, 0},
                        RENDER_ARGS_OPTS(ra),
                        {NULL, 0, NULL, NULL, 0}};
    const char *pos[1];
    size_t npos;
    int want_help;
    int prc = cli_parse("report", argc, argv, opts, pos, 0, &npos, &want_help);
    if (prc != 0)
        return EXIT_USAGE;
    if (want_help) {
        fputs(help, stdout);
        fputs(render_args_help, stdout);
        fputs(help_tail, stdout);
        return 0;
    }
    if (output == NULL || output[0] == '\0' || strcmp(output, "-") == 0) {
        cli_error("report: say which folder to write the report into with -o DIR");
        return EXIT_USAGE;
    }
    char as_of_text[16];
    if (as_of) {
        rg_date d;
        if (rg_date_parse(as_of, &d) != 0 || d.month == 0 || d.day == 0) {
            cli_error("report: --as-of takes a date YYYY-MM-DD, not '%s'", as_of);
            return EXIT_USAGE;
        }
        snprintf(as_of_text, sizeof as_of_text, "%s", as_of);
    } else {
        rg_date_format(rg_today(), as_of_text, sizeof as_of_text);
    }
    rg_graph *g = cli_load(c, NULL);
    if (g == NULL)
        return EXIT_INVALID;
    int rc = EXIT_INVALID;
    uint64_t *fold = NULL;
    char *text = NULL, *html = NULL, *md = NULL;
    int64_t *regions = NULL;
    gaps_colours gc;
    memset(&gc, 0, sizeof gc);
    rg_render_opts o;
    rg_report rep;
    rg_report_init(&rep, g, NULL);
    int urc = render_opts_from_args("report", g, &ra, &o, &fold);
    if (urc != 0) {
        rc = urc;
        goto out;
    }
    rep.o = &o;
    size_t tlen;
    rg_error err;
    if (rg_read_file(g->file, &text, &tlen, &err) != RG_OK) {
        cli_error("report: %s", err.text);
        goto out;
    }
    char checksum[65];
    rg_sha256_hex(text, tlen, checksum);
    /* The options as given, in a fixed order (not the output folder: the
     * same report written elsewhere is the same report). */
    char options[1024];
    snprintf(options, sizeof options, "--audience %s --as-of %s%s%s%s%s%s%s%s%s%s%s%s%s",
             o.public_only ? "public" : "internal", as_of_text, queries ? " --queries " : "",
             queries ? queries : "", ra.status_attr ? " --status-attr " : "",
             ra.status_attr ? ra.status_attr : "", ra.cluster_edge ? " --cluster-edge " : "",
             ra.cluster_edge ? ra.cluster_edge : "", ra.link_attr ? " --link-attr " : "",
             ra.link_attr ? ra.link_attr : "", ra.fold ? " --fold " : "", ra.fold ? ra.fold : "",
             ra.conf_attr ? " --conf-attr " : "", ra.conf_attr ? ra.conf_attr : "");
    const rg_analysis_def *cdef = rg_analysis_find("clusters");
    const char *seed = cdef ? param_default(cdef, "seed") : NULL;
    const char *slash = strrchr(g->file, '/');
    rg_report_meta meta = {RELGRAPH_VERSION,
                           slash ? slash + 1 : g->file,
                           checksum,
                           options,
                           as_of_text,
                           seed,
                           o.public_only ? "public" : "internal"};

    /* The nodes the analyses may report on: all but the hidden ones. */
    unsigned char *subset = calloc(g->nnodes + 1, 1);
    if (subset == NULL) {
        cli_error("out of memory");
        goto out;
    }
    for (size_t i = 0; i < g->nnodes; i++)
        subset[i] = (unsigned char)!rg_render_hidden(
            g, &o, &g->schema->node_kinds[g->nodes[i].kind], &g->nodes[i].p);

    rg_view v;
    if (rg_view_overview(g, &o, &v, &err) != RG_OK) {
        free(subset);
        cli_error("report: %s", err.text);
        goto out;
    }
    /* The overview comes first, for orientation; then the figures and the
     * analyses; then the detailed diagrams. */
    rg_report_provenance(&rep, &meta, v.hidden);
    rg_status st = rg_report_diagram(&rep, &v, "overview.svg", &err);
    rg_view_destroy(&v);
    if (st != RG_OK) {
        free(subset);
        cli_error("report: overview: %s", err.text);
        goto out;
    }
    rg_report_summary(&rep);

    const char *missing[sizeof analyses / sizeof *analyses + 2];
    size_t nmissing = 0;
    rg_result results[sizeof analyses / sizeof *analyses];
    int ran[sizeof analyses / sizeof *analyses] = {0};
    for (size_t a = 0; a < sizeof analyses / sizeof *analyses; a++) {
        const rg_analysis_def *d = rg_analysis_find(analyses[a].name);
        if (d == NULL) {
            missing[nmissing++] = analyses[a].what;
            continue;
        }
        rg_arg arg = {"as_of", as_of_text, 0, 0};
        int with_date = has_param(d, "as_of");
        if (rg_call(g, analyses[a].name, &arg, with_date ? 1 : 0, subset, &results[a], &err) !=
            RG_OK) {
            cli_error("report: %s: %s (the section is left out)", analyses[a].name, err.text);
            missing[nmissing++] = analyses[a].what;
            continue;
        }
        ran[a] = 1;
    }
    free(subset);
    for (size_t a = 0; a < sizeof analyses / sizeof *analyses; a++)
        if (ran[a])
            rg_report_result(&rep, analyses[a].name, &results[a]);

    /* The saved queries: --queries, or 'queries' beside the catalogue's folder. */
    char qdir[4096];
    if (queries) {
        snprintf(qdir, sizeof qdir, "%s", queries);
    } else {
        const char *cat_slash = strrchr(g->file, '/');
        if (cat_slash)
            snprintf(qdir, sizeof qdir, "%.*s/../queries", (int)(cat_slash - g->file), g->file);
        else
            snprintf(qdir, sizeof qdir, "../queries");
    }
    int nq = saved_queries(&rep, g, qdir);
    if (nq < 0 && queries) {
        cli_error("report: --queries: unable to read the folder '%s'", queries);
        rc = EXIT_USAGE;
        goto out_results;
    }
    if (nq <= 0)
        missing[nmissing++] = "the answers to saved queries (no *.rgq file found)";

    /* The other diagrams: the coverage, one per region. */
    /* The coverage diagram: the overview coloured by each counterparty's status. */
    if (ran[0] && gaps_colours_from(g, &results[0], &gc) == 0 &&
        rg_view_overview(g, &o, &v, &err) == RG_OK) {
        free(v.title);
        v.title = strdup(results[0].title ? results[0].title : "SSR coverage");
        v.status = gc.status;
        v.status_values = gc.words;
        v.nstatus_values = gc.nwords;
        v.status_name = "gaps";
        st = v.title ? rg_report_diagram(&rep, &v, "gaps.svg", &err) : RG_ENOMEM;
        rg_view_destroy(&v);
        if (st != RG_OK) {
            cli_error("report: gaps diagram: %s", err.text);
            goto out_results;
        }
    }
    size_t nregions = 0;
    regions = rg_render_clusters(g, &o, &nregions);
    for (size_t i = 0; i < nregions; i++) {
        if (rg_view_region(g, &o, regions[i], &v, &err) != RG_OK) {
            cli_error("report: %s", err.text);
            goto out_results;
        }
        char file[300];
        region_file(g->nodes[regions[i]].id, file, sizeof file);
        st = rg_view_count(&v) ? rg_report_diagram(&rep, &v, file, &err) : RG_OK;
        rg_view_destroy(&v);
        if (st != RG_OK) {
            cli_error("report: %s: %s", file, err.text);
            goto out_results;
        }
    }
    rg_report_missing(&rep, missing, nmissing);
    if (rg_report_finish(&rep, &meta, &html, &md, &err) != RG_OK) {
        cli_error("report: %s", err.text);
        goto out_results;
    }
    if (make_dirs(output) != 0) {
        cli_error("report: unable to create the folder '%s': %s", output, strerror(errno));
        goto out_results;
    }
    rc = write_file(output, "report.html", html, strlen(html)) ||
                 write_file(output, "report.md", md, strlen(md))
             ? EXIT_INVALID
             : 0;
    for (size_t i = 0; rc == 0 && i < rep.nfiles; i++)
        if (write_file(output, rep.files[i].name, rep.files[i].data, rep.files[i].len))
            rc = EXIT_INVALID;
out_results:
    for (size_t a = 0; a < sizeof analyses / sizeof *analyses; a++)
        if (ran[a])
            rg_result_destroy(&results[a]);
out:
    free(gc.status);
    free(gc.words);
    free(regions);
    free(html);
    free(md);
    free(text);
    rg_report_destroy(&rep);
    free(fold);
    rg_graph_free(g);
    return rc;
}
