/* cmd_report.c: `relgraph report -o DIR`: the review report as a
 * self-contained HTML page and as Markdown with SVG files beside it.
 *
 * The report is made by src/report/rg_bundle.c; this file writes it as a
 * unit: into a temporary folder beside DIR, then swapped into place in one
 * step, so that a run that fails or is killed leaves the previous report
 * whole. */
#define _GNU_SOURCE /* renameat2 */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/rg_sha256.h"
#include "../core/rg_spawn.h"
#include "../load/rg_load.h"
#include "../query/rg_call.h"
#include "../query/rg_query.h"
#include "../render/rg_render.h"
#include "../render/rg_report.h"
#include "../report/rg_bundle.h"
#include "../report/rg_pdf.h"
#include "cli.h"
#include "cmd_render.h"

static const char help[] =
    "usage: relgraph [--graph FILE] report -o DIR [options]\n"
    "\n"
    "Writes the review report into DIR (created when missing):\n"
    "  report.html   one self-contained page: inline SVG diagrams, no scripts,\n"
    "                no external fetches (a Content-Security-Policy says so)\n"
    "  report.md     the same content as Markdown, for pasting into a review\n"
    "  report.pdf    the same content typeset for A4 by relgraph (cairo, pango,\n"
    "                librsvg): contents with page numbers, an outline, the\n"
    "                figures as vectors; or printed by --pdf-converter PROG\n"
    "  *.svg         the diagrams and charts, beside report.md\n"
    "  regions/*.svg one diagram per group (region), named by its id\n"
    "\n"
    "Sections: how the report was made (relgraph's version, the catalogue's\n"
    "SHA-256, the options, the date of the analyses, the clustering seed, the\n"
    "audience and what was withheld from it), summary figures, the diagrams\n"
    "(overview, coverage, one per group), two charts of the coverage analysis\n"
    "(by region, by year: drawn by gnuplot when it is installed), every\n"
    "analysis the registry marks\n"
    "for the report (gaps, risks, central, interlocks, clusters, audit), the\n"
    "saved queries; a last section lists what could not be produced.\n"
    "\n"
    "DIR is replaced as a whole: it must be new, empty, or a report written\n"
    "before (report.html, report.md, *.svg, regions/); anything else in it is\n"
    "refused rather than deleted.\n"
    "\n"
    "options:\n"
    "  -o, --output DIR    where to write the report (required)\n"
    "  --as-of DATE        the date of the analyses, YYYY-MM-DD (default: the\n"
    "                      catalogue's as_of, else the latest date it states)\n"
    "  --queries DIR       the saved queries (*.rgq) answered in the report\n"
    "                      (default: the folder 'queries' beside the catalogue's\n"
    "                      folder, when there is one)\n"
    "  --no-pdf            do not write report.pdf\n"
    "  --pdf-converter PROG\n"
    "                      print report.html to report.pdf with the browser PROG\n"
    "                      (chromium, google-chrome ...) instead of relgraph's own\n"
    "                      writer; it runs headless, for at most 300 s\n";

static const char help_tail[] =
    "\n"
    "Exit status: 0 on success, 1 when the catalogue is invalid or a file cannot\n"
    "be written, 2 for a wrong command line.\n";

/* mkdir -p for the parents of PATH (not PATH itself).  0 or -1. */
static int make_parents(const char *path)
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
    return 0;
}

/* Whether NAME may be part of a report relgraph wrote. */
static int report_file(const char *name)
{
    size_t n = strlen(name);
    return strcmp(name, "report.html") == 0 || strcmp(name, "report.md") == 0 ||
           strcmp(name, "report.pdf") == 0 || strcmp(name, "regions") == 0 ||
           (n > 4 && strcmp(name + n - 4, ".svg") == 0);
}

/* Removes a folder relgraph wrote (files, and the regions folder). */
static void remove_tree(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char p[4096];
            snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            if (unlink(p) != 0)
                remove_tree(p);
        }
        closedir(d);
    }
    rmdir(dir);
}

/* 1 when DIR may be replaced: missing, empty, or a report.  0 otherwise,
 * with the first foreign entry named. */
static int replaceable(const char *dir, char *foreign, size_t n)
{
    DIR *d = opendir(dir);
    if (d == NULL)
        return errno == ENOENT;
    int ok = 1;
    struct dirent *e;
    while (ok && (e = readdir(d)) != NULL)
        if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
            !report_file(e->d_name)) {
            snprintf(foreign, n, "%s", e->d_name);
            ok = 0;
        }
    closedir(d);
    return ok;
}

/* The temporary folder of an interrupted run, removed on SIGINT/SIGTERM
 * (and SIGBUS: a mapped catalogue cut short, cli_on_sigbus)
 * (only async-signal-safe calls: unlink, rmdir). */
static char pending_dir[4096];
static char pending_files[64][4096];
static volatile sig_atomic_t npending;

static void on_signal(int sig)
{
    for (sig_atomic_t i = 0; i < npending; i++)
        unlink(pending_files[i]);
    if (pending_dir[0]) {
        char sub[4200];
        size_t n = strlen(pending_dir);
        memcpy(sub, pending_dir, n);
        memcpy(sub + n, "/regions", 9);
        rmdir(sub);
        rmdir(pending_dir);
    }
    if (sig == SIGBUS)
        cli_on_sigbus(sig);
    signal(sig, SIG_DFL);
    raise(sig);
}

/* The report is made in one child process (cli_contained): its analyses,
 * charts and diagrams, so that a crash of Graphviz or a library it loads
 * (under memory pressure) becomes an error, exit 1, with nothing written.
 * One process for the whole bundle, not one per diagram: a fork costs some
 * 50 ms of CPU on this machine's virtualised kernel (page-table copies and
 * copy-on-write faults), and a report has a diagram per region.  The child
 * sends the bundle back as one block: for each file its name and bytes,
 * then the warnings, each length first. */
typedef struct bundle_job {
    const rg_graph *g;
    const rg_bundle_opts *bo;
} bundle_job;

static void put_block(rg_buf *s, const char *p, size_t n)
{
    uint64_t len = n;
    rg_buf_add(s, (const char *)&len, sizeof len);
    rg_buf_add(s, p, n);
}

static rg_status bundle_in_child(void *arg, char **out, size_t *len, rg_error *err)
{
    bundle_job *j = arg;
    rg_bundle b;
    rg_status st = rg_bundle_build(j->g, j->bo, &b, err);
    if (st != RG_OK)
        return st;
    rg_buf s;
    rg_buf_init(&s);
    uint64_t counts[2] = {b.nfiles, b.nwarnings};
    rg_buf_add(&s, (const char *)counts, sizeof counts);
    for (size_t i = 0; i < b.nfiles; i++) {
        put_block(&s, b.files[i].name, strlen(b.files[i].name));
        put_block(&s, b.files[i].data, b.files[i].len);
    }
    for (size_t i = 0; i < b.nwarnings; i++)
        put_block(&s, b.warnings[i], strlen(b.warnings[i]));
    put_block(&s, b.doc ? b.doc : "", b.doclen);
    rg_bundle_destroy(&b);
    if (s.oom) {
        rg_buf_destroy(&s);
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    *len = s.len;
    *out = rg_buf_detach(&s);
    return RG_OK;
}

/* How reading the child's answer ended. */
enum { BLOCK_OK, BLOCK_SHORT, BLOCK_NOMEM };

/* The next block of the child's answer, as a malloc'd NUL-terminated copy
 * in *P: BLOCK_SHORT when the answer ends before the block does (the child
 * wrote less than it said), BLOCK_NOMEM when memory runs out. */
static int take_block(const char *data, size_t len, size_t *at, char **p, size_t *n)
{
    uint64_t m;
    *p = NULL;
    if (len - *at < sizeof m)
        return BLOCK_SHORT;
    memcpy(&m, data + *at, sizeof m);
    *at += sizeof m;
    if (m > len - *at)
        return BLOCK_SHORT;
    *p = malloc((size_t)m + 1);
    if (*p == NULL)
        return BLOCK_NOMEM;
    memcpy(*p, data + *at, (size_t)m);
    (*p)[m] = '\0';
    *n = (size_t)m;
    *at += (size_t)m;
    return BLOCK_OK;
}

/* The child's answer cut short (its counts promise more than it holds): the
 * child wrote less than it made, not a shortage of memory here. */
static rg_status answer_short(rg_error *err)
{
    return rg_error_set(err, RG_EINVALID, NULL, 0, 0,
                        "the report's process sent back an answer cut short (it ended before "
                        "writing all of it); nothing was written");
}

static rg_status unpack_bundle(const char *data, size_t len, rg_bundle *b, rg_error *err)
{
    memset(b, 0, sizeof *b);
    uint64_t counts[2];
    size_t at = sizeof counts, n = 0;
    if (len < sizeof counts)
        return answer_short(err);
    memcpy(counts, data, sizeof counts);
    if (counts[0] > len / 16 || counts[1] > len / 8)
        return answer_short(err);
    b->files = calloc(counts[0] ? counts[0] : 1, sizeof *b->files);
    b->warnings = calloc(counts[1] ? counts[1] : 1, sizeof *b->warnings);
    int bad = b->files == NULL || b->warnings == NULL ? BLOCK_NOMEM : BLOCK_OK;
    for (size_t i = 0; !bad && i < counts[0]; i++, b->nfiles++) {
        bad = take_block(data, len, &at, &b->files[i].name, &n);
        if (!bad)
            bad = take_block(data, len, &at, &b->files[i].data, &b->files[i].len);
    }
    for (size_t i = 0; !bad && i < counts[1]; i++, b->nwarnings++)
        bad = take_block(data, len, &at, &b->warnings[i], &n);
    if (!bad) /* the document model report.pdf is typeset from */
        bad = take_block(data, len, &at, &b->doc, &b->doclen);
    if (bad) {
        rg_bundle_destroy(b);
        return bad == BLOCK_SHORT ? answer_short(err)
                                  : rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    return RG_OK;
}

/* rg_bundle_build in a child process (above); the bundle's diagrams are
 * drawn in that process, not each in one of its own. */
static rg_status build_contained(const rg_graph *g, rg_bundle_opts *bo, rg_bundle *b, rg_error *err)
{
    const rg_render_opts *given = bo->render;
    rg_render_opts ro = *given;
    ro.runner = NULL;
    bo->render = &ro;
    bundle_job job = {g, bo};
    char *data = NULL;
    size_t len = 0;
    rg_status st = cli_contained("making the report", "its process (the analyses and Graphviz)",
                                 bundle_in_child, &job, &data, &len, err);
    if (st == RG_OK)
        st = unpack_bundle(data, len, b, err);
    free(data);
    bo->render = given;
    return st;
}

static int write_one(const char *tmp, const rg_report_file *f)
{
    char path[4096];
    if ((size_t)snprintf(path, sizeof path, "%s/%s", tmp, f->name) >= sizeof path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    char *slash = strrchr(path + strlen(tmp) + 1, '/');
    if (slash) { /* "regions/x.svg": its folder first */
        *slash = '\0';
        int bad = mkdir(path, 0777) != 0 && errno != EEXIST;
        *slash = '/';
        if (bad)
            return -1;
    }
    if (npending < 64)
        snprintf(pending_files[npending++], sizeof pending_files[0], "%s", path);
    FILE *out = fopen(path, "wb");
    if (out == NULL)
        return -1;
    int bad = f->len && fwrite(f->data, 1, f->len, out) != f->len;
    return fclose(out) != 0 || bad ? -1 : 0;
}

/* DIR/report.html as a file:// address (absolute, percent-encoded). */
static int file_url(const char *dir, char *url, size_t n)
{
    char abs[4096];
    if (realpath(dir, abs) == NULL)
        return -1;
    rg_buf b;
    rg_buf_init(&b);
    rg_buf_puts(&b, "file://");
    for (const unsigned char *p = (const unsigned char *)abs; *p; p++)
        if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr("/-._~", *p))
            rg_buf_putc(&b, (char)*p);
        else
            rg_buf_printf(&b, "%%%02X", *p);
    rg_buf_puts(&b, "/report.html");
    int ok = !b.oom && b.len < n;
    if (ok)
        memcpy(url, b.data, b.len + 1);
    rg_buf_destroy(&b);
    return ok ? 0 : -1;
}

/* The browser that prints the PDF (--pdf-converter), when found. */
static const char *pdf_browser(const char *named)
{
    return rg_spawn_found(named) ? named : NULL;
}

/* With --pdf-converter PROG: prints TMP/report.html to TMP/report.pdf with
 * the browser PROG (headless Chromium or one that takes its flags), before
 * the folder is swapped into place, so that the PDF is part of the unit.
 * Chromium gets a profile and a HOME of its own (removed after), no
 * sandbox (it refuses to start as root with one, as in CI), and 300 s (a
 * loaded machine needs minutes for a long report).
 * Failing to print is a warning: the HTML and the Markdown stand. */
static void write_pdf(const char *tmp, const char *named)
{
    const char *prog = pdf_browser(named);
    if (prog == NULL) {
        cli_error("report: report.pdf not written: '%s' not found (leave out --pdf-converter "
                  "for relgraph's own PDF writer; --no-pdf skips the PDF)",
                  named);
        return;
    }
    char url[8192], pdf[4200], prof[4096], arg_pdf[4300], arg_prof[4200], home[4200];
    const char *tdir = getenv("TMPDIR");
    snprintf(prof, sizeof prof, "%s/relgraph-pdf-XXXXXX", tdir && tdir[0] ? tdir : "/tmp");
    if (file_url(tmp, url, sizeof url) != 0 || mkdtemp(prof) == NULL) {
        cli_error("report: report.pdf not written: %s", strerror(errno));
        return;
    }
    snprintf(pdf, sizeof pdf, "%s/report.pdf", tmp);
    if (npending < 64 && strlen(pdf) < sizeof pending_files[0])
        memcpy(pending_files[npending++], pdf, strlen(pdf) + 1);
    snprintf(arg_pdf, sizeof arg_pdf, "--print-to-pdf=%s", pdf);
    snprintf(arg_prof, sizeof arg_prof, "--user-data-dir=%s", prof);
    snprintf(home, sizeof home, "HOME=%s", prof);
    const char *const argv[] = {prog,
                                "--headless",
                                "--no-sandbox",
                                "--disable-gpu",
                                "--no-first-run",
                                "--disable-background-networking",
                                "--disable-component-update",
                                "--disable-sync",
                                "--disable-extensions",
                                arg_prof,
                                "--no-pdf-header-footer",
                                arg_pdf,
                                url,
                                NULL};
    const char *const env[] = {home, NULL};
    rg_spawn_opts so = {argv, env, NULL, 0, 300000, 0, 0};
    rg_spawn_result r;
    rg_error err;
    rg_status st = rg_spawn(&so, &r, &err);
    char head[4];
    int is_pdf = 0;
    FILE *f = st == RG_OK ? fopen(pdf, "rb") : NULL;
    if (f) {
        is_pdf = fread(head, 1, 4, f) == 4 && memcmp(head, "%PDF", 4) == 0;
        fclose(f);
    }
    if (!is_pdf) {
        char last[512];
        rg_spawn_last_line(r.errtext, last, sizeof last);
        if (st != RG_OK)
            cli_error("report: report.pdf not written: %s", err.text);
        else
            cli_error("report: report.pdf not written: %s exited with status %d%s%s", prog,
                      r.status, last[0] ? ": " : "", last);
        unlink(pdf);
    }
    rg_spawn_result_destroy(&r);
    remove_tree(prof);
}

/* report.pdf typeset by relgraph (src/report/rg_pdf.c), in a child
 * process (cli_child_start): glib and pango abort when denied memory, and
 * the font stack's warnings fail it as they fail a drawing.  The child is
 * started before the report is made: it loads the typesetter and its fonts
 * on the other core while the analyses and diagrams are made, then waits
 * for the document model, which the parent writes into a memfd (DOC) and
 * announces by closing the pipe GO.  A pipe closed with the memfd still
 * empty tells the child that no model will come. */
typedef struct pdf_job {
    int go[2];
    int doc;
} pdf_job;

typedef struct pdf_child {
    int started;
    cli_child k;
    pdf_job j;
    rg_error err; /* why it could not start */
} pdf_child;

#ifndef RELGRAPH_PDF_FROM_BIN
#define RELGRAPH_PDF_FROM_BIN "../lib/relgraph"
#endif

/* The typesetter is a module (relgraph-pdf.so: cairo, pango, librsvg and
 * what they load), loaded here, in the child, so that no other command
 * pays for loading those libraries: the one beside this program (a build
 * tree), else the installed one (RELGRAPH_PDF_FROM_BIN from the program's
 * folder, as the catalogue is found). */
static void *pdf_module(rg_error *err)
{
    char exe[4096], path[4400] = "relgraph-pdf.so";
    void *h = NULL;
    if (cli_exe_dir(exe, sizeof exe) == 0) {
        const char *const where[] = {"", "/" RELGRAPH_PDF_FROM_BIN};
        for (size_t i = 0; h == NULL && i < 2; i++) {
            snprintf(path, sizeof path, "%s%s/relgraph-pdf.so", exe, where[i]);
            if (access(path, F_OK) == 0)
                h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
        }
    }
    if (h == NULL) {
        const char *why = dlerror();
        rg_error_set(err, RG_EIO, NULL, 0, 0,
                     "the PDF writer relgraph-pdf.so could not be loaded (%s); install it "
                     "beside relgraph or in %s",
                     why ? why : "not found", path);
    }
    return h;
}

static rg_status pdf_in_child(void *arg, char **out, size_t *len, rg_error *err)
{
    const pdf_job *j = arg;
    close(j->go[1]); /* or the model's end would never be seen */
    void *h = pdf_module(err);
    rg_pdf_typeset_fn *typeset = NULL;
    rg_pdf_warm_fn *warm = NULL;
    if (h != NULL) {
        *(void **)&typeset = dlsym(h, "rg_pdf_typeset");
        *(void **)&warm = dlsym(h, "rg_pdf_warm");
    }
    if (h != NULL && typeset == NULL)
        rg_error_set(err, RG_EIO, NULL, 0, 0,
                     "the PDF writer relgraph-pdf.so has no rg_pdf_typeset: %s", dlerror());
    if (typeset == NULL)
        return err->code;
    if (warm != NULL)
        warm();
    char c;
    while (read(j->go[0], &c, 1) < 0 && errno == EINTR)
        ;
    /* not closed: the child ends with _exit, and glib's types stay registered */
    struct stat st;
    if (fstat(j->doc, &st) != 0 || st.st_size <= 0)
        return rg_error_set(err, RG_EINVALID, NULL, 0, 0, "no document model came");
    size_t n = (size_t)st.st_size;
    char *doc = mmap(NULL, n, PROT_READ, MAP_PRIVATE, j->doc, 0);
    if (doc == MAP_FAILED)
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "unable to read the document model: %s",
                            strerror(errno));
    rg_status s = typeset(doc, n, out, len, err);
    munmap(doc, n);
    return s;
}

/* FD moved above the standard descriptors (the child's dup2 onto standard
 * error would replace a descriptor 2), close-on-exec (gnuplot, run by the
 * report, must not hold the pipe open); -1 when it cannot be. */
static int above_std(int fd)
{
    if (fd < 0 || fd > STDERR_FILENO)
        return fd;
    int high = fcntl(fd, F_DUPFD_CLOEXEC, STDERR_FILENO + 1);
    close(fd);
    return high;
}

/* Starts the typesetting child (above); when it cannot start, P says why
 * and write_builtin_pdf reports it. */
static void pdf_start(pdf_child *p)
{
    memset(p, 0, sizeof *p);
    p->j.go[0] = p->j.go[1] = p->j.doc = -1;
    int ok = pipe2(p->j.go, O_CLOEXEC) == 0;
    if (ok) {
        p->j.go[0] = above_std(p->j.go[0]);
        p->j.go[1] = above_std(p->j.go[1]);
        p->j.doc = above_std(memfd_create("relgraph-report-model", MFD_CLOEXEC));
        ok = p->j.go[0] >= 0 && p->j.go[1] >= 0 && p->j.doc >= 0;
    }
    if (!ok) {
        rg_error_set(&p->err, RG_EIO, NULL, 0, 0, "unable to start its process: %s",
                     strerror(errno));
    } else if (cli_child_start(&p->k, "typesetting report.pdf",
                               "its process (cairo, pango, librsvg)", pdf_in_child, &p->j,
                               &p->err) == RG_OK) {
        p->started = 1;
        close(p->j.go[0]);
        p->j.go[0] = -1;
        return;
    }
    for (int i = 0; i < 2; i++)
        if (p->j.go[i] >= 0)
            close(p->j.go[i]);
    if (p->j.doc >= 0)
        close(p->j.doc);
    p->j.go[0] = p->j.go[1] = p->j.doc = -1;
}

/* Gives the child B's document model; 0, or -1 with P's error set. */
static int pdf_send(pdf_child *p, const rg_bundle *b)
{
    if (!p->started)
        return -1;
    const char *d = b->doc;
    size_t n = b->doclen;
    while (n > 0) {
        ssize_t w = write(p->j.doc, d, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0) {
            rg_error_set(&p->err, RG_EIO, NULL, 0, 0, "unable to pass it the report: %s",
                         strerror(errno));
            return -1;
        }
        d += w;
        n -= (size_t)w;
    }
    close(p->j.go[1]); /* the model is there */
    p->j.go[1] = -1;
    return 0;
}

/* The child stopped (no report to typeset). */
static void pdf_abandon(pdf_child *p)
{
    if (p->started)
        cli_child_abandon(&p->k);
    p->started = 0;
    if (p->j.go[1] >= 0)
        close(p->j.go[1]);
    if (p->j.doc >= 0)
        close(p->j.doc);
    p->j.go[1] = p->j.doc = -1;
}

/* Waits for the child and writes its report.pdf into TMP.  Failing is a
 * warning, as for a browser: the HTML and the Markdown stand. */
static void write_builtin_pdf(const char *tmp, pdf_child *p)
{
    char *data = NULL;
    size_t len = 0;
    rg_error err = p->err;
    rg_status st =
        p->started && p->j.go[1] < 0 ? cli_child_finish(&p->k, &data, &len, &err) : RG_EIO;
    if (st != RG_OK && p->started) /* it was not sent the model: stop it */
        cli_child_abandon(&p->k);
    p->started = 0;
    if (p->j.doc >= 0)
        close(p->j.doc);
    p->j.doc = -1;
    if (st == RG_OK) {
        char name[] = "report.pdf";
        rg_report_file f = {name, data, len};
        if (write_one(tmp, &f) != 0) {
            cli_error("report: report.pdf not written: %s", strerror(errno));
            char path[4200];
            snprintf(path, sizeof path, "%s/report.pdf", tmp);
            unlink(path);
        }
    } else {
        cli_error("report: report.pdf not written: %s", err.text);
    }
    free(data);
}

/* Writes B into a new folder beside OUT (with report.pdf unless NO_PDF),
 * then swaps it with OUT. */
static int write_bundle(const char *out, const rg_bundle *b, int no_pdf, const char *converter,
                        pdf_child *pdf)
{
    if (pdf->started && pdf_send(pdf, b) != 0)
        pdf_abandon(pdf); /* write_builtin_pdf reports why */
    char foreign[256] = "";
    if (!replaceable(out, foreign, sizeof foreign)) {
        if (foreign[0])
            cli_error("report: '%s' holds '%s', which is not part of a report; give a new or "
                      "empty folder",
                      out, foreign);
        else
            cli_error("report: unable to read the folder '%s': %s", out, strerror(errno));
        return EXIT_USAGE;
    }
    if (make_parents(out) != 0) {
        cli_error("report: unable to create the folders of '%s': %s", out, strerror(errno));
        return EXIT_INVALID;
    }
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.tmpXXXXXX", out);
    signal(SIGINT, on_signal);
    signal(SIGTERM, on_signal);
    signal(SIGBUS, on_signal);
    if (mkdtemp(tmp) == NULL) {
        cli_error("report: unable to create a folder beside '%s': %s", out, strerror(errno));
        return EXIT_INVALID;
    }
    snprintf(pending_dir, sizeof pending_dir, "%s", tmp);
    chmod(tmp, 0777 & ~umask(umask(0)));
    for (size_t i = 0; i < b->nfiles; i++)
        if (write_one(tmp, &b->files[i]) != 0) {
            cli_error("report: unable to write '%s': %s", b->files[i].name, strerror(errno));
            remove_tree(tmp);
            return EXIT_INVALID;
        }
    if (!no_pdf && converter == NULL)
        write_builtin_pdf(tmp, pdf);
    else if (!no_pdf)
        write_pdf(tmp, converter);
    /* one step: the new report takes OUT's place, the old one tmp's */
    int rc = renameat2(AT_FDCWD, tmp, AT_FDCWD, out, RENAME_EXCHANGE);
    if (rc != 0 && errno == ENOENT)
        rc = rename(tmp, out);
    if (rc != 0) {
        cli_error("report: unable to put the report in place at '%s': %s", out, strerror(errno));
        remove_tree(tmp);
        return EXIT_INVALID;
    }
    remove_tree(tmp); /* the previous report, if any */
    pending_dir[0] = '\0';
    npending = 0;
    return 0;
}

int cmd_report(cli *c, int argc, char **argv)
{
    const char *output = NULL, *as_of = NULL, *queries = NULL, *converter = NULL;
    int no_pdf = 0;
    render_args ra;
    memset(&ra, 0, sizeof ra);
    const opt opts[] = {{"output", 1, &output, NULL, 'o'},
                        {"as-of", 1, &as_of, NULL, 0},
                        {"queries", 1, &queries, NULL, 0},
                        {"no-pdf", 0, NULL, &no_pdf, 0},
                        {"pdf-converter", 1, &converter, NULL, 0},
                        RENDER_ARGS_OPTS(ra),
                        {NULL, 0, NULL, NULL, 0}};
    const char *pos[1];
    size_t npos;
    int want_help;
    if (cli_parse("report", argc, argv, opts, pos, 0, &npos, &want_help) != 0)
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
    rg_bundle_opts bo;
    memset(&bo, 0, sizeof bo);
    if (as_of &&
        (rg_date_parse(as_of, &bo.as_of) != 0 || bo.as_of.month == 0 || bo.as_of.day == 0)) {
        cli_error("report: --as-of takes a date YYYY-MM-DD, not '%s'", as_of);
        return EXIT_USAGE;
    }
    if (ra.audience && strcmp(ra.audience, "public") != 0 && strcmp(ra.audience, "internal") != 0) {
        cli_error("report: --audience is 'public' or 'internal', not '%s'", ra.audience);
        return EXIT_USAGE;
    }
    rg_graph *g = cli_load(c, NULL);
    if (g == NULL)
        return EXIT_INVALID;
    uint64_t *fold = NULL;
    rg_render_opts o;
    int rc = render_opts_from_args("report", g, &ra, &o, &fold);
    if (rc != 0) {
        rg_graph_free(g);
        return rc;
    }
    /* The saved queries: --queries, or 'queries' beside the catalogue's folder. */
    char qdir[4096];
    const char *cat_slash = strrchr(g->file, '/');
    if (queries)
        snprintf(qdir, sizeof qdir, "%s", queries);
    else if (cat_slash)
        snprintf(qdir, sizeof qdir, "%.*s/../queries", (int)(cat_slash - g->file), g->file);
    else
        snprintf(qdir, sizeof qdir, "../queries");
    /* The options as given, in a fixed order (not the output folder: the
     * same report written elsewhere is the same report). */
    char options[1024];
    char date[16] = "";
    if (as_of)
        snprintf(date, sizeof date, "%s", as_of);
    else if (g->as_of.year)
        rg_date_format(g->as_of, date, sizeof date);
    snprintf(options, sizeof options, "--audience %s%s%s%s%s%s%s%s%s%s%s%s%s",
             ra.audience ? ra.audience : "internal", date[0] ? " --as-of " : "", date,
             queries ? " --queries " : "", queries ? queries : "",
             ra.status_attr ? " --status-attr " : "", ra.status_attr ? ra.status_attr : "",
             ra.cluster_edge ? " --cluster-edge " : "", ra.cluster_edge ? ra.cluster_edge : "",
             ra.link_attr ? " --link-attr " : "", ra.link_attr ? ra.link_attr : "",
             ra.fold ? " --fold " : "", ra.fold ? ra.fold : "");
    bo.public_audience = ra.audience && strcmp(ra.audience, "public") == 0;
    bo.queries_dir = qdir;
    bo.queries_required = queries != NULL;
    bo.render = &o;
    bo.version = RELGRAPH_VERSION;
    bo.catalogue = cat_slash ? cat_slash + 1 : g->file;
    bo.options = options;
    rg_bundle b;
    rg_error err;
    pdf_child pdf = {.j = {{-1, -1}, -1}};
    if (!no_pdf && converter == NULL)
        pdf_start(&pdf);
    if (build_contained(g, &bo, &b, &err) != RG_OK) {
        cli_error("report: %s", err.text);
        rc = err.code == RG_EIO && queries ? EXIT_USAGE : EXIT_INVALID;
    } else {
        for (size_t i = 0; i < b.nwarnings; i++)
            cli_error("report: %s", b.warnings[i]);
        rc = write_bundle(output, &b, no_pdf, converter, &pdf);
        rg_bundle_destroy(&b);
    }
    pdf_abandon(&pdf); /* when the report was not written */
    free(fold);
    rg_graph_free(g);
    return rc;
}
