/* rg_bundle.c: the review report as a set of files (see rg_bundle.h). */
#include "rg_bundle.h"

#include <dirent.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../analysis/rg_registry.h"
#include "../core/rg_sort.h"
#include "../graph/rg_audience.h"
#include "../load/rg_load.h"
#include "../query/rg_call.h"
#include "../query/rg_query.h"

typedef struct bctx {
    const rg_graph *g; /* what the report is made from: the public view when public */
    const rg_bundle_opts *o;
    rg_render_opts ro;
    rg_report rep;
    rg_bundle *b;
    char as_of[16];
    const char *missing[32];
    size_t nmissing;
    rg_result results[16];
    const rg_analysis_def *ran[16];
    size_t nran;
} bctx;

static void warn(bctx *c, const char *fmt, const char *a, const char *b)
{
    char msg[RG_ERROR_TEXT + 256];
    snprintf(msg, sizeof msg, fmt, a, b);
    char **w = realloc(c->b->warnings, (c->b->nwarnings + 1) * sizeof *w);
    if (w == NULL)
        return;
    c->b->warnings = w;
    if ((w[c->b->nwarnings] = strdup(msg)) != NULL)
        c->b->nwarnings++;
}

static int by_report(const void *a, const void *b, void *ctx)
{
    (void)ctx;
    const rg_analysis_def *x = *(const rg_analysis_def *const *)a;
    const rg_analysis_def *y = *(const rg_analysis_def *const *)b;
    return (x->report > y->report) - (x->report < y->report);
}

/* One chart drawn by gnuplot (rg_chart), on a thread of its own. */
typedef struct chart_job {
    const rg_result *gaps;
    rg_chart_kind kind;
    const rg_chart_opts *co;
    char *svg;
    size_t len;
    rg_status st;
    rg_error err;
} chart_job;

static void *draw_chart(void *arg)
{
    chart_job *j = arg;
    j->st = rg_chart(j->gaps, j->kind, RG_FMT_SVG, j->co, &j->svg, &j->len, &j->err);
    return NULL;
}

/* The charts of the coverage analysis, before its tables.  One that
 * cannot be drawn (gnuplot missing) is a warning, not a failed report.
 * The two gnuplot runs go on at the same time (each is a process; the
 * thread only waits for it): the second is drawn on a thread of its own,
 * or here after the first when no thread can be started. */
static void charts(bctx *c, const rg_result *gaps)
{
    static const struct {
        rg_chart_kind kind;
        const char *file;
    } list[] = {{RG_CHART_COVERAGE, "coverage-by-region.svg"}, {RG_CHART_TIMELINE, "timeline.svg"}};
    enum { N = sizeof list / sizeof *list };
    chart_job jobs[N];
    memset(jobs, 0, sizeof jobs);
    for (size_t i = 0; i < N; i++)
        jobs[i] = (chart_job){gaps, list[i].kind, c->o->chart, NULL, 0, RG_OK, {0}};
    pthread_t th;
    int threaded = pthread_create(&th, NULL, draw_chart, &jobs[1]) == 0;
    draw_chart(&jobs[0]);
    if (threaded)
        pthread_join(th, NULL);
    else
        draw_chart(&jobs[1]);
    int missing = 0;
    for (size_t i = 0; i < N; i++) {
        chart_job *j = &jobs[i];
        if (j->st == RG_OK)
            j->st =
                rg_report_chart_svg(&c->rep, gaps, j->kind, list[i].file, j->svg, j->len, &j->err);
        else
            free(j->svg);
        if (j->st == RG_OK)
            continue;
        warn(c, "%s: %s (the chart is left out)", list[i].file, j->err.text);
        missing = 1;
    }
    if (missing && c->nmissing < sizeof c->missing / sizeof *c->missing)
        c->missing[c->nmissing++] = "a chart of the coverage analysis (see the warnings)";
}

/* The analyses the registry marks for the report, in their order. */
static void run_analyses(bctx *c)
{
    const rg_analysis_def *defs[16];
    size_t n = 0;
    for (size_t i = 0; i < rg_nanalyses && n < 16; i++)
        if (rg_analyses[i]->report)
            defs[n++] = rg_analyses[i];
    rg_sort(defs, n, sizeof *defs, by_report, NULL);
    for (size_t i = 0; i < n; i++) {
        rg_arg arg = {"as_of", c->as_of, 0, 0};
        int dated = c->as_of[0] && rg_param_find(defs[i], "as_of") != NULL;
        rg_error err;
        if (rg_call(c->g, defs[i]->name, &arg, dated ? 1 : 0, NULL, &c->results[c->nran], &err) !=
            RG_OK) {
            warn(c, "%s: %s (the section is left out)", defs[i]->name, err.text);
            c->missing[c->nmissing++] = defs[i]->summary;
            continue;
        }
        c->ran[c->nran++] = defs[i];
    }
    for (size_t i = 0; i < c->nran; i++) {
        if (strcmp(c->ran[i]->name, "gaps") == 0)
            charts(c, &c->results[i]); /* a reader would rather look than read */
        rg_report_result(&c->rep, c->ran[i]->name, &c->results[i]);
    }
}

static rg_status emit_result(void *ctx, const rg_result *r, rg_output out, rg_error *err)
{
    (void)out;
    (void)err;
    rg_report_result(ctx, r->analysis ? r->analysis : "query", r);
    return RG_OK;
}

static int by_name(const void *a, const void *b, void *ctx)
{
    (void)ctx;
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The *.rgq files of DIR, sorted (malloc'd names); -1 when DIR cannot be read. */
static long list_queries(const char *dir, char ***out)
{
    DIR *d = opendir(dir);
    *out = NULL;
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
    rg_sort(names, n, sizeof *names, by_name, NULL);
    *out = names;
    return (long)n;
}

static void one_query(bctx *c, const char *dir, const char *name, int *answered)
{
    size_t plen = strlen(dir) + strlen(name) + 2;
    char *path = malloc(plen);
    char *text = NULL;
    size_t len = 0;
    rg_error err;
    rg_query *q = NULL;
    if (path == NULL)
        return;
    snprintf(path, plen, "%s/%s", dir, name);
    if (rg_read_file(path, &text, &len, &err) != RG_OK) {
        warn(c, "%s: %s", name, err.text);
    } else {
        rg_report_query(&c->rep, name, text);
        if (rg_query_parse(name, text, len, &q, &err) != RG_OK ||
            rg_query_run(q, c->g, emit_result, &c->rep, &err) != RG_OK) {
            char msg[RG_ERROR_TEXT + 600];
            snprintf(msg, sizeof msg, "%s:%d:%d: %s", name, err.line, err.column, err.text);
            rg_report_query_error(&c->rep, msg);
            warn(c, "%s%s", msg, "");
        } else {
            (*answered)++;
        }
    }
    rg_query_free(q);
    free(text);
    free(path);
}

static rg_status saved_queries(bctx *c, rg_error *err)
{
    const char *dir = c->o->queries_dir;
    char **names = NULL;
    long n = dir ? list_queries(dir, &names) : 0;
    if (n < 0 && c->o->queries_required)
        return rg_error_set(err, RG_EIO, NULL, 0, 0, "unable to read the queries folder '%s'", dir);
    int answered = 0;
    for (long i = 0; i < n; i++)
        one_query(c, dir, names[i], &answered);
    for (long i = 0; i < n; i++)
        free(names[i]);
    free(names);
    if (answered == 0)
        c->missing[c->nmissing++] = "the answers to saved queries (no *.rgq file found)";
    return RG_OK;
}

static rg_status group_diagrams(bctx *c, rg_error *err)
{
    size_t n = 0;
    int64_t *groups = rg_render_clusters(c->g, &c->ro, &n);
    rg_status st = RG_OK;
    for (size_t i = 0; i < n && st == RG_OK; i++) {
        rg_view v;
        if ((st = rg_view_region(c->g, &c->ro, groups[i], &v, err)) != RG_OK)
            break;
        rg_error ignored; /* coloured as the overview when the gaps analysis runs */
        if (rg_view_gaps(&v, c->as_of[0] ? c->as_of : NULL, &ignored) == RG_ENOMEM) {
            rg_view_destroy(&v); /* out of memory is an error, not another diagram */
            st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
            break;
        }
        char file[300];
        snprintf(file, sizeof file, "regions/%s.svg", c->g->nodes[groups[i]].id);
        if (rg_view_count(&v))
            st = rg_report_diagram(&c->rep, &v, file, err);
        rg_view_destroy(&v);
    }
    free(groups);
    return st;
}

static void fill_meta(bctx *c, rg_report_meta *m)
{
    const rg_analysis_def *cd = rg_analysis_find("clusters");
    const rg_param *seed = cd ? rg_param_find(cd, "seed") : NULL;
    m->version = c->o->version;
    m->catalogue = c->o->catalogue;
    m->checksum = c->g->sha256;
    m->options = c->o->options;
    m->as_of = c->as_of[0] ? c->as_of : "(the catalogue states no date)";
    m->seed = seed ? seed->def : NULL;
    m->audience = c->o->public_audience ? "public" : "internal";
}

/* Moves the page, the Markdown and the diagrams into B. */
static rg_status take_files(bctx *c, char *html, char *md, rg_error *err)
{
    size_t n = c->rep.nfiles + 2;
    rg_report_file *f = calloc(n, sizeof *f);
    char *hn = strdup("report.html"), *mn = strdup("report.md");
    if (!f || !hn || !mn) {
        free(f);
        free(hn);
        free(mn);
        free(html);
        free(md);
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    f[0] = (rg_report_file){hn, html, strlen(html)};
    f[1] = (rg_report_file){mn, md, strlen(md)};
    memcpy(f + 2, c->rep.files, c->rep.nfiles * sizeof *f);
    free(c->rep.files);
    c->rep.files = NULL;
    c->rep.nfiles = 0;
    c->b->files = f;
    c->b->nfiles = n;
    return RG_OK;
}

static rg_status build(bctx *c, const rg_withheld *w, rg_error *err)
{
    rg_report_meta meta;
    fill_meta(c, &meta);
    /* the summary overview (it is the coverage diagram too), else the whole
     * catalogue when it has no hub and agreements */
    rg_view v;
    rg_status st = rg_view_summary(c->g, &c->ro, c->as_of[0] ? c->as_of : NULL, &v, err);
    if (st != RG_OK && st != RG_EINVALID) /* out of memory: an error, not another figure */
        return st;
    if (st != RG_OK && (st = rg_view_overview(c->g, &c->ro, &v, err)) != RG_OK)
        return st;
    /* the overview first, for orientation; the figures and the analyses;
     * then the detailed diagrams */
    rg_report_provenance(&c->rep, &meta, w);
    st = rg_report_diagram(&c->rep, &v, "overview.svg", err);
    rg_view_destroy(&v);
    if (st != RG_OK)
        return st;
    rg_report_summary(&c->rep);
    run_analyses(c);
    if ((st = saved_queries(c, err)) || (st = group_diagrams(c, err)))
        return st;
    rg_report_missing(&c->rep, c->missing, c->nmissing);
    char *html = NULL, *md = NULL;
    if ((st = rg_report_finish(&c->rep, &meta, &html, &md, err)) != RG_OK)
        return st;
    if ((st = rg_report_doc(&c->rep, &meta, &c->b->doc, &c->b->doclen, err)) != RG_OK) {
        free(html);
        free(md);
        return st;
    }
    return take_files(c, html, md, err);
}

rg_status rg_bundle_build(const rg_graph *g, const rg_bundle_opts *o, rg_bundle *b, rg_error *err)
{
    memset(b, 0, sizeof *b);
    bctx *c = calloc(1, sizeof *c);
    if (c == NULL)
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    c->o = o;
    c->b = b;
    c->ro = *o->render;
    rg_graph *pub = NULL;
    rg_withheld w;
    memset(&w, 0, sizeof w);
    rg_status st = RG_OK;
    if (o->public_audience && (st = rg_graph_public(g, &pub, &w, err)) != RG_OK) {
        free(c);
        return st;
    }
    c->g = pub ? pub : g;
    c->ro.withheld = w.nodes + w.edges;
    rg_date d = o->as_of.year ? o->as_of : g->as_of;
    if (d.year)
        rg_date_format(d, c->as_of, sizeof c->as_of);
    rg_report_init(&c->rep, c->g, &c->ro);
    st = build(c, pub ? &w : NULL, err);
    for (size_t i = 0; i < c->nran; i++)
        rg_result_destroy(&c->results[i]);
    rg_report_destroy(&c->rep);
    rg_graph_free(pub);
    free(c);
    if (st != RG_OK)
        rg_bundle_destroy(b);
    return st;
}

void rg_bundle_destroy(rg_bundle *b)
{
    for (size_t i = 0; i < b->nfiles; i++) {
        free(b->files[i].name);
        free(b->files[i].data);
    }
    free(b->files);
    for (size_t i = 0; i < b->nwarnings; i++)
        free(b->warnings[i]);
    free(b->warnings);
    free(b->doc);
    memset(b, 0, sizeof *b);
}
