/* rg_load.c: JSON catalogue and schema -> rg_graph, with validation.
 *
 * Two passes over the nodes: the first registers every id (so citations and
 * edges may name nodes defined later in the file), the second reads
 * attributes, citations and disputes.  Then the edges.  Every problem is
 * recorded with the position of the offending value and loading goes on, so
 * one run of `relgraph check` shows all of a file's errors up to a limit. */
#include "rg_load.h"

#include <errno.h>
#include <fcntl.h>
#include <jansson.h>
#include <limits.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../core/rg_bigmem.h"
#include "../core/rg_buf.h"
#include "../core/rg_near.h"
#include "../core/rg_sha256.h"
#include "rg_jalloc.h"
#include "rg_jfast.h"
#include "rg_jpos.h"

#define MAX_ID 128
/* The largest magnitude of a number attribute: 2^53, to which a double holds
 * every integer exactly (docs/format.md). */
#define RG_NUMBER_MAX 9007199254740992.0

/* Where a node or edge stands in the text: scan_top records them all. */
typedef struct elem {
    size_t start, end;
    int line, column;
} elem;

enum { K_RELGRAPH, K_TITLE, K_SCHEMA, K_NODES, K_EDGES, K_AS_OF, K_COUNT };

typedef struct ctx {
    const char *file; /* for messages */
    rg_jpos *pos;
    rg_diags *diags;
    rg_graph *g; /* NULL while reading the schema */
    rg_schema *s;
    rg_arena *arena; /* where strings go */
    const rg_load_opts *opts;
    int oom;
    const char *text; /* the catalogue's, while its elements are read */
    elem *elems[K_COUNT];
    size_t nelems[K_COUNT], capelems[K_COUNT];
    size_t elem;   /* the element being read */
    int deferring; /* citations of nodes not read yet wait (rg_load.c, "pending") */
    struct pending *pend;
    size_t npend, cappend;
    rg_attr *tmp; /* an element's attributes while they are read */
    size_t captmp;
    /* strings already in the graph's arena ("member", a role, a date), by
     * hash: stored once (dup_str) */
    struct islot *intern;
    size_t nintern; /* its slots: a power of two, at most INTERN_SLOTS */
    struct idslot {
        const char *id; /* NULL: empty */
        int64_t at;
    } idcache[256]; /* find_id's */
} ctx;

/* The interning table: a fixed number of slots, each the last string whose
 * hash fell there.  A catalogue's repeated strings are few and come back
 * often, so they stay; its unique ones ("row 14657, line 7") pass through.
 * A map of every string grew to tens of megabytes, and a look-up in it was
 * a cache miss for each of the millions of values read. */
#define INTERN_SLOTS ((size_t)1 << 16)
typedef struct islot {
    uint64_t h;
    const char *s;
} islot;

/* Copies IN to OUT (OUTSZ bytes) with what a terminal would act on made
 * visible: C0 and C1 controls, DEL, line and paragraph separators and the
 * bidirectional overrides as \uXXXX, bytes that are not UTF-8 as \xNN.
 * Names and keys come from the file; printed raw, an escape sequence would
 * drive the reader's terminal and a newline would forge a line of output. */
static void escape_text(const char *in, char *out, size_t outsz)
{
    size_t o = 0;
    const unsigned char *s = (const unsigned char *)in;
    size_t n = strlen(in);
    for (size_t i = 0; i < n;) {
        char tmp[16];
        size_t k = rg_utf8_len(s + i, n - i), tl;
        unsigned cp = 0x10000; /* four bytes: nothing to escape up there */
        if (k == 1)
            cp = s[i];
        else if (k == 2)
            cp = ((s[i] & 0x1Fu) << 6) | (s[i + 1] & 0x3Fu);
        else if (k == 3)
            cp = ((s[i] & 0x0Fu) << 12) | ((s[i + 1] & 0x3Fu) << 6) | (s[i + 2] & 0x3Fu);
        if (k == 0) {
            tl = (size_t)snprintf(tmp, sizeof tmp, "\\x%02X", s[i]);
            k = 1;
        } else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0) || cp == 0x2028 ||
                   cp == 0x2029 || (cp >= 0x202A && cp <= 0x202E) ||
                   (cp >= 0x2066 && cp <= 0x2069)) {
            tl = (size_t)snprintf(tmp, sizeof tmp, "\\u%04X", cp);
        } else {
            memcpy(tmp, s + i, k);
            tl = k;
        }
        if (o + tl + 1 > outsz)
            break;
        memcpy(out + o, tmp, tl);
        o += tl;
        i += k;
    }
    if (outsz)
        out[o] = '\0';
}

static void diag(ctx *c, rg_pos p, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

static void diag(ctx *c, rg_pos p, const char *fmt, ...)
{
    char buf[RG_ERROR_TEXT];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    char safe[RG_ERROR_TEXT];
    escape_text(buf, safe, sizeof safe);
    rg_diags_add(c->diags, c->file, p.line, p.column, "%s", safe);
}

static int full(const ctx *c)
{
    return c->diags->truncated || c->oom;
}

static const char *json_type_word(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER:
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    case JSON_NULL: return "null";
    }
    return "a value";
}

/* A copy of S in the arena, for a string met once (an id, a name). */
static const char *dup_unique(ctx *c, const char *s)
{
    char *r = rg_arena_strdup(c->arena, s);
    if (r == NULL)
        c->oom = 1;
    return r ? r : "";
}

/* A copy of S in the arena, shared with every equal string of the
 * catalogue (values and citations repeat: "row 3", "member", a date). */
static const char *dup_str(ctx *c, const char *s)
{
    islot *e = NULL;
    uint64_t h = 0;
    if (c->intern) {
        h = rg_hash_str(s);
        e = &c->intern[h & (c->nintern - 1)];
        if (e->s && e->h == h && strcmp(e->s, s) == 0)
            return e->s;
    }
    char *r = rg_arena_strdup(c->arena, s);
    if (r == NULL) {
        c->oom = 1;
        return "";
    }
    if (e) {
        e->h = h;
        e->s = r;
    }
    return r;
}

static void ctx_free(ctx *c)
{
    for (int k = 0; k < K_COUNT; k++) {
        free(c->elems[k]);
        c->elems[k] = NULL;
    }
    free(c->pend);
    c->pend = NULL;
    free(c->tmp);
    c->tmp = NULL;
    free(c->intern);
    c->intern = NULL;
}

/* ---- files ------------------------------------------------------------ */

/* "2 GiB", "1 MiB", or bytes: how a limit reads in a message. */
static void size_words(size_t n, char *buf, size_t len)
{
    if (n >= ((size_t)1 << 30) && n % ((size_t)1 << 30) == 0)
        snprintf(buf, len, "%zu GiB", n >> 30);
    else if (n >= ((size_t)1 << 20) && n % ((size_t)1 << 20) == 0)
        snprintf(buf, len, "%zu MiB", n >> 20);
    else if (n >= 1024 && n % 1024 == 0)
        snprintf(buf, len, "%zu KiB", n >> 10);
    else
        snprintf(buf, len, "%zu bytes", n);
}

static rg_status too_large(const char *path, size_t max, rg_error *err)
{
    char lim[32];
    size_words(max, lim, sizeof lim);
    return rg_error_set(err, RG_ELIMIT, path, 0, 0, "'%s' is larger than the limit of %s", path,
                        lim);
}

/* Reads FD to its end into *BUF, at most MAX bytes.  The buffer grows by
 * doubling up to MAX + 1 (one byte more tells a file over the limit from one
 * just at it); a failed allocation is an error, never a retry. */
static rg_status read_fd(int fd, const char *path, size_t max, size_t hint, char **buf, size_t *len,
                         rg_error *err)
{
    size_t cap = hint ? hint + 1 : 65536, n = 0;
    if (cap > max + 1)
        cap = max + 1;
    char *b = malloc(cap + 1);
    if (b == NULL)
        return rg_error_set(err, RG_ENOMEM, path, 0, 0, "out of memory reading '%s'", path);
    for (;;) {
        if (n == cap) {
            if (cap > max) {
                free(b);
                return too_large(path, max, err);
            }
            size_t ncap = cap > (max + 1) / 2 ? max + 1 : cap * 2;
            char *nb = realloc(b, ncap + 1);
            if (nb == NULL) {
                free(b);
                return rg_error_set(err, RG_ENOMEM, path, 0, 0, "out of memory reading '%s'", path);
            }
            b = nb;
            cap = ncap;
        }
        ssize_t r = read(fd, b + n, cap - n);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int e = errno;
            free(b);
            return rg_error_set(err, RG_EIO, path, 0, 0, "unable to read '%s': %s", path,
                                strerror(e));
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    if (n > max) {
        free(b);
        return too_large(path, max, err);
    }
    b[n] = '\0';
    *buf = b;
    *len = n;
    return RG_OK;
}

/* Opens PATH for reading at most *MAX bytes (capped at SIZE_MAX / 2): a
 * regular file larger than that is refused before any read, and its size is
 * *HINT (0 for anything else: a pipe, a device). */
static rg_status open_limited(const char *path, size_t *max, int *fd, size_t *hint, rg_error *err)
{
    if (*max > SIZE_MAX / 2)
        *max = SIZE_MAX / 2;
    *hint = 0;
    *fd = open(path, O_RDONLY);
    if (*fd < 0)
        return rg_error_set(err, RG_EIO, path, 0, 0, "unable to open '%s': %s", path,
                            strerror(errno));
    struct stat st;
    if (fstat(*fd, &st) == 0 && S_ISREG(st.st_mode)) {
        if ((uintmax_t)st.st_size > (uintmax_t)*max) {
            close(*fd);
            return too_large(path, *max, err);
        }
        *hint = (size_t)st.st_size;
    }
    return RG_OK;
}

rg_status rg_read_file_max(const char *path, size_t max, char **text, size_t *len, rg_error *err)
{
    int fd;
    size_t hint;
    rg_status s = open_limited(path, &max, &fd, &hint, err);
    if (s != RG_OK)
        return s;
    s = read_fd(fd, path, max, hint, text, len, err);
    close(fd);
    return s;
}

rg_status rg_read_file(const char *path, char **text, size_t *len, rg_error *err)
{
    return rg_read_file_max(path, RG_READ_MAX_CATALOGUE, text, len, err);
}

/* A catalogue's text: mapped from its file (MAP bytes, to munmap), or read
 * into a malloc'd buffer (MAP 0, to free). */
typedef struct text_buf {
    char *p;
    size_t len, map;
    int in_folder; /* a regular file: it has a folder its schema path is relative to */
} text_buf;

static void text_release(text_buf *t)
{
    if (t->p && t->map)
        munmap(t->p, t->map);
    else
        free(t->p);
    t->p = NULL;
}

/* Maps the regular file FD of SIZE bytes (0 < SIZE) read-only, with a zero
 * byte after its end as read_fd leaves one: an anonymous reservation a page
 * longer than the file, the file mapped over its start.  Reading a file
 * into fresh memory costs a page fault and a copy per page, which on this
 * scale (a gigabyte) is a good part of a load; the mapping shares the page
 * cache.  0, or -1 when it could not be mapped (the caller reads instead). */
static int map_fd(int fd, size_t size, text_buf *t)
{
    long pg = sysconf(_SC_PAGESIZE);
    size_t page = pg > 0 ? (size_t)pg : 4096;
    size_t total = (size / page + 1) * page;
    char *base = mmap(NULL, total, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (base == MAP_FAILED)
        return -1;
    if (mmap(base, size, PROT_READ, MAP_PRIVATE | MAP_FIXED | MAP_POPULATE, fd, 0) == MAP_FAILED) {
        munmap(base, total);
        return -1;
    }
    t->p = base;
    t->len = size;
    t->map = total;
    return 0;
}

/* rg_read_file_max for the catalogue: a regular file is mapped, anything
 * else (a pipe, a device) read to its end, at most MAX bytes either way. */
static rg_status read_catalogue(const char *path, size_t max, text_buf *t, rg_error *err)
{
    memset(t, 0, sizeof *t);
    int fd;
    size_t hint;
    rg_status s = open_limited(path, &max, &fd, &hint, err);
    if (s != RG_OK)
        return s;
    struct stat st;
    t->in_folder = fstat(fd, &st) == 0 && S_ISREG(st.st_mode);
    if (hint > 0 && map_fd(fd, hint, t) == 0) { /* a regular file, not empty */
        close(fd);
        return RG_OK;
    }
    s = read_fd(fd, path, max, hint, &t->p, &t->len, err);
    close(fd);
    return s;
}

/* The length of a leading UTF-8 byte-order mark: some editors write one, and
 * no reader sees it, so it is skipped and columns count from after it. */
static size_t skip_bom(const char *text, size_t len)
{
    return len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/* Reports a jansson error for text that starts at BASE in the file. */
static void json_error_at(ctx *c, const json_error_t *je, rg_pos base, int whole, size_t len)
{
    /* jansson 2.14 leaves the text empty where an allocation of its own
     * failed (a key stored in an object, for one): that is out of memory,
     * not a syntax error at 1:1 with no words */
    if (json_error_code(je) == json_error_out_of_memory || je->text[0] == '\0') {
        c->oom = 1;
        return;
    }
    int line = je->line > 0 ? je->line : 1, col = je->column > 0 ? je->column : 1;
    rg_pos p = {base.line + line - 1, line == 1 ? base.column + col - 1 : col};
    if (whole && je->position >= 0 && (size_t)je->position >= len && len > 0)
        diag(c, p, "%s (the file ends too early: is it truncated?)", je->text);
    else
        diag(c, p, "%s", je->text);
}

/* Parses TEXT (which starts at BASE in the file) with jansson, duplicate keys
 * rejected, and maps its positions into c->pos.  NULL after recording a
 * syntax error. */
static json_t *parse_at(ctx *c, const char *text, size_t len, rg_pos base, int whole)
{
    json_error_t je;
    /* an element of the usual shape without jansson's lexer; anything else,
     * and every error, from jansson */
    json_t *v = whole ? NULL : rg_jfast_parse(text, len);
    if (v == NULL)
        v = json_loadb(text, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY, &je);
    if (v == NULL) {
        json_error_at(c, &je, base, whole, len);
        return NULL;
    }
    if (whole) {
        /* A whole file (the schema) has not been through the strict cursor;
         * jansson overlooks a NUL byte right after a number or a word, the
         * cursor does not, and rg_jpos_scan relies on it. */
        rg_jcur cur;
        rg_jcur_init(&cur, text, len);
        int ok = rg_jcur_skip(&cur, 1) == 0;
        rg_jcur_ws(&cur);
        if (!ok || cur.i != len) {
            diag(c, (rg_pos){cur.line, cur.column}, "malformed JSON (a NUL byte or stray text)");
            json_decref(v);
            return NULL;
        }
    }
    /* an element's positions are made if a message wants one */
    if (!whole) {
        rg_jpos_defer(c->pos, text, len, v, base.line, base.column);
        return v;
    }
    int r = rg_jpos_scan(c->pos, text, len, v, base.line, base.column);
    if (r != 0) {
        json_decref(v);
        if (r == -1)
            c->oom = 1;
        else
            diag(c, base, "malformed JSON (the parser and the position scanner disagree)");
        return NULL;
    }
    return v;
}

/* ---- values ----------------------------------------------------------- */

static const char *type_phrase(rg_type t)
{
    switch (t) {
    case RG_T_STRING: return "a string";
    case RG_T_DATE: return "a date (\"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\")";
    case RG_T_BOOL: return "true or false";
    case RG_T_NUMBER: return "a number";
    case RG_T_LIST: return "a list of strings";
    }
    return "?";
}

/* What a message names: "node 'x'", "edge 12 (a -works_for-> b)", or a
 * fixed text ("schema").  Made only when a message is given: most elements
 * of a catalogue have none, and a label per element and attribute was a
 * tenth of the loading time. */
typedef struct elabel {
    const char *text; /* fixed; else made from the fields below */
    const rg_graph *g;
    const rg_schema *s;
    int is_edge, full; /* FULL: the edge's ends and kind are known */
    size_t index;      /* the element's, from 0 */
    const char *id;
    int64_t from, to;
    int kind;
    char buf[400];
} elabel;

#define FIXED(t) (&(elabel){.text = (t)})

static const char *L(elabel *w)
{
    if (w->text)
        return w->text;
    if (!w->is_edge)
        snprintf(w->buf, sizeof w->buf, "node '%.128s'", w->id);
    else if (!w->full)
        snprintf(w->buf, sizeof w->buf, "edge %zu", w->index + 1);
    else
        snprintf(w->buf, sizeof w->buf, "edge %zu (%s -%s-> %s)", w->index + 1,
                 w->g->nodes[w->from].id, w->s->edge_kinds[w->kind].base.name,
                 w->g->nodes[w->to].id);
    return w->buf;
}

/* Where a value stands and how to name it, for read_value's messages: the
 * member KEY of PARENT, which is an attribute, dispute N's "value" or the
 * node's "aliases". */
typedef struct vplace {
    elabel *w;
    const json_t *parent;
    const char *key;
    enum { V_ATTR, V_DISPUTE, V_ALIASES } sort;
    size_t n;
    char buf[600];
} vplace;

static const char *VL(vplace *v)
{
    if (v->sort == V_ATTR)
        snprintf(v->buf, sizeof v->buf, "%s: attribute \"%s\"", L(v->w), v->key);
    else if (v->sort == V_DISPUTE)
        snprintf(v->buf, sizeof v->buf, "%s: dispute %zu \"value\"", L(v->w), v->n);
    else
        snprintf(v->buf, sizeof v->buf, "%s: \"aliases\"", L(v->w));
    return v->buf;
}

static rg_pos VP(ctx *c, const vplace *v)
{
    return rg_jpos_value(c->pos, v->parent, v->key);
}

static int allowed_value(ctx *c, const rg_attr_def *def, const char *s, vplace *vp)
{
    for (size_t i = 0; i < def->nvalues; i++)
        if (strcmp(def->values[i], s) == 0)
            return 0;
    rg_buf b;
    rg_buf_init(&b);
    for (size_t i = 0; i < def->nvalues; i++)
        rg_buf_printf(&b, "%s'%s'", i ? ", " : "", def->values[i]);
    diag(c, VP(c, vp), "%s: '%s' is not one of the allowed values (%s)", VL(vp), s, rg_buf_str(&b));
    rg_buf_destroy(&b);
    return -1;
}

/* Reads V as a value of DEF into OUT. */
static int read_value(ctx *c, const rg_attr_def *def, const json_t *v, vplace *vp, rg_value *out)
{
    memset(out, 0, sizeof *out);
    out->type = def->type;
    switch (def->type) {
    case RG_T_STRING:
        if (!json_is_string(v))
            goto wrong;
        out->u.s = out->text = dup_str(c, json_string_value(v));
        return def->nvalues ? allowed_value(c, def, out->u.s, vp) : 0;
    case RG_T_DATE:
        if (!json_is_string(v))
            goto wrong;
        if (rg_date_parse(json_string_value(v), &out->u.d) != 0) {
            diag(c, VP(c, vp),
                 "%s: '%s' is not a date; write \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\"", VL(vp),
                 json_string_value(v));
            return -1;
        }
        out->text = dup_str(c, json_string_value(v));
        return 0;
    case RG_T_BOOL:
        if (!json_is_boolean(v))
            goto wrong;
        out->u.b = json_is_true(v);
        return 0;
    case RG_T_NUMBER:
        if (!json_is_number(v))
            goto wrong;
        out->u.n = json_number_value(v);
        if (!(fabs(out->u.n) <= RG_NUMBER_MAX)) {
            /* past 2^53 a double no longer holds every integer, and past
             * 2^63 converting it to an integer is undefined behaviour */
            diag(c, VP(c, vp),
                 "%s: %g is out of range; a number lies between -2^53 and 2^53 (%.0f)", VL(vp),
                 out->u.n, RG_NUMBER_MAX);
            return -1;
        }
        return 0;
    case RG_T_LIST: {
        if (!json_is_array(v))
            goto wrong;
        size_t n = json_array_size(v);
        const char **items = n ? rg_arena_alloc(c->arena, n * sizeof *items) : NULL;
        if (n && items == NULL) {
            c->oom = 1;
            return -1;
        }
        for (size_t i = 0; i < n; i++) {
            const json_t *e = json_array_get(v, i);
            if (!json_is_string(e)) {
                diag(c, rg_jpos_index(c->pos, v, i), "%s: item %zu is %s; expected a string",
                     VL(vp), i + 1, json_type_word(e));
                return -1;
            }
            items[i] = dup_str(c, json_string_value(e));
        }
        out->u.list.items = items;
        out->u.list.n = n;
        return 0;
    }
    }
wrong:
    diag(c, VP(c, vp), "%s is %s; expected %s", VL(vp), json_type_word(v), type_phrase(def->type));
    return -1;
}

/* ---- schema ----------------------------------------------------------- */

static const char *const reserved[] = {"id",       "kind", "name", "aliases", "cite",
                                       "disputes", "from", "to",   NULL};

static int is_reserved(const char *k)
{
    for (int i = 0; reserved[i]; i++)
        if (strcmp(reserved[i], k) == 0)
            return 1;
    return 0;
}

static const char *opt_string(ctx *c, const json_t *obj, const char *key, elabel *what)
{
    const json_t *v = json_object_get(obj, key);
    if (v == NULL)
        return NULL;
    if (!json_is_string(v)) {
        diag(c, rg_jpos_value(c->pos, obj, key), "%s: \"%s\" is %s; expected a string", L(what),
             key, json_type_word(v));
        return NULL;
    }
    return dup_str(c, json_string_value(v));
}

static void check_keys(ctx *c, const json_t *obj, const char *const *allowed, elabel *what)
{
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)obj, key, v)
    {
        int ok = 0;
        for (int i = 0; allowed[i]; i++)
            if (strcmp(allowed[i], key) == 0)
                ok = 1;
        if (!ok) {
            rg_buf b;
            rg_buf_init(&b);
            for (int i = 0; allowed[i]; i++)
                rg_buf_printf(&b, "%s\"%s\"", i ? ", " : "", allowed[i]);
            diag(c, rg_jpos_key(c->pos, obj, key), "%s: unknown key \"%s\" (expected %s)", L(what),
                 key, rg_buf_str(&b));
            rg_buf_destroy(&b);
        }
    }
}

static int read_kind(ctx *c, const char *name, const json_t *def, rg_kind *k, const char *what)
{
    char label[300];
    snprintf(label, sizeof label, "%s '%s'", what, name);
    k->name = dup_str(c, name);
    rg_strmap_init(&k->attr_index);
    if (!json_is_object(def)) {
        diag(c, rg_jpos_of(c->pos, def), "%s is %s; expected an object", label,
             json_type_word(def));
        return -1;
    }
    k->description = opt_string(c, def, "description", FIXED(label));
    const json_t *attrs = json_object_get(def, "attributes");
    if (attrs && !json_is_object(attrs)) {
        diag(c, rg_jpos_value(c->pos, def, "attributes"),
             "%s: \"attributes\" is %s; expected an object", label, json_type_word(attrs));
        attrs = NULL;
    }
    size_t n = attrs ? json_object_size(attrs) : 0;
    k->attrs = n ? rg_arena_alloc(c->arena, n * sizeof *k->attrs) : NULL;
    if (n && k->attrs == NULL) {
        c->oom = 1;
        return -1;
    }
    const char *aname;
    const json_t *adef;
    if (attrs) {
        json_object_foreach((json_t *)attrs, aname, adef)
        {
            rg_pos p = rg_jpos_key(c->pos, attrs, aname);
            if (is_reserved(aname)) {
                diag(c, p, "%s: attribute name \"%s\" is reserved by the format", label, aname);
                continue;
            }
            if (!json_is_object(adef)) {
                diag(c, rg_jpos_value(c->pos, attrs, aname),
                     "%s: attribute '%s' is %s; expected an object like {\"type\": \"string\"}",
                     label, aname, json_type_word(adef));
                continue;
            }
            static const char *const akeys[] = {"type", "name", "values", "description", NULL};
            check_keys(c, adef, akeys, FIXED(label));
            rg_attr_def *a = &k->attrs[k->nattrs];
            a->name = dup_str(c, aname);
            a->description = opt_string(c, adef, "description", FIXED(label));
            const json_t *t = json_object_get(adef, "type");
            const char *ts = json_is_string(t) ? json_string_value(t) : "";
            static const char *const types[] = {"string", "date", "boolean", "number", "list"};
            int found = -1;
            for (int i = 0; i < 5; i++)
                if (strcmp(types[i], ts) == 0)
                    found = i;
            if (found < 0) {
                diag(c, t ? rg_jpos_value(c->pos, adef, "type") : rg_jpos_of(c->pos, adef),
                     "%s: attribute '%s' needs a \"type\": \"string\", \"date\", \"boolean\", "
                     "\"number\" or \"list\"",
                     label, aname);
                continue;
            }
            a->type = (rg_type)found;
            const json_t *isname = json_object_get(adef, "name");
            if (isname && !json_is_boolean(isname))
                diag(c, rg_jpos_value(c->pos, adef, "name"),
                     "%s: attribute '%s': \"name\" must be true or false", label, aname);
            a->is_name = json_is_true(isname);
            if (a->is_name && a->type != RG_T_STRING && a->type != RG_T_LIST)
                diag(c, rg_jpos_value(c->pos, adef, "name"),
                     "%s: attribute '%s' is a %s and cannot be a name", label, aname, ts);
            const json_t *vals = json_object_get(adef, "values");
            if (vals) {
                if (!json_is_array(vals) || a->type != RG_T_STRING) {
                    diag(c, rg_jpos_value(c->pos, adef, "values"),
                         "%s: attribute '%s': \"values\" must be a list of strings on a string "
                         "attribute",
                         label, aname);
                } else {
                    size_t nv = json_array_size(vals);
                    a->values = nv ? rg_arena_alloc(c->arena, nv * sizeof *a->values) : NULL;
                    if (nv && a->values == NULL) {
                        c->oom = 1;
                        return -1;
                    }
                    for (size_t i = 0; i < nv; i++) {
                        const json_t *e = json_array_get(vals, i);
                        if (!json_is_string(e)) {
                            diag(c, rg_jpos_index(c->pos, vals, i),
                                 "%s: attribute '%s': value %zu is not a string", label, aname,
                                 i + 1);
                            continue;
                        }
                        a->values[a->nvalues++] = dup_str(c, json_string_value(e));
                    }
                }
            }
            if (rg_strmap_put(&k->attr_index, a->name, (int64_t)k->nattrs) != 0)
                c->oom = 1;
            k->nattrs++;
        }
    }
    const json_t *req = json_object_get(def, "required");
    if (req && !json_is_array(req)) {
        diag(c, rg_jpos_value(c->pos, def, "required"),
             "%s: \"required\" is %s; expected a list of attribute names", label,
             json_type_word(req));
    } else if (req) {
        for (size_t i = 0; i < json_array_size(req); i++) {
            const json_t *e = json_array_get(req, i);
            int idx = json_is_string(e) ? rg_kind_attr(k, json_string_value(e)) : -1;
            if (idx < 0)
                diag(c, rg_jpos_index(c->pos, req, i),
                     "%s: required attribute %s%s%s is not declared in \"attributes\"", label,
                     json_is_string(e) ? "'" : "",
                     json_is_string(e) ? json_string_value(e) : "(not a string)",
                     json_is_string(e) ? "'" : "");
            else
                k->attrs[idx].required = 1;
        }
    }
    return 0;
}

static uint64_t *kind_set(ctx *c, const json_t *obj, const char *key, const char *label)
{
    size_t words = (c->s->n_node_kinds + 63) / 64;
    uint64_t *bits = rg_arena_alloc(c->arena, (words ? words : 1) * sizeof *bits);
    if (bits == NULL) {
        c->oom = 1;
        return NULL;
    }
    const json_t *arr = json_object_get(obj, key);
    if (!json_is_array(arr) || json_array_size(arr) == 0) {
        diag(c, arr ? rg_jpos_value(c->pos, obj, key) : rg_jpos_of(c->pos, obj),
             "%s: \"%s\" must be a non-empty list of node kinds", label, key);
        return bits;
    }
    for (size_t i = 0; i < json_array_size(arr); i++) {
        const json_t *e = json_array_get(arr, i);
        int k = json_is_string(e) ? rg_schema_node_kind(c->s, json_string_value(e)) : -1;
        if (k < 0)
            diag(c, rg_jpos_index(c->pos, arr, i),
                 "%s: \"%s\" names %s%s%s, which is not a node kind", label, key,
                 json_is_string(e) ? "'" : "",
                 json_is_string(e) ? json_string_value(e) : json_type_word(e),
                 json_is_string(e) ? "'" : "");
        else
            rg_bit_set(bits, (size_t)k);
    }
    return bits;
}

/* One role's value: a string, or for a list role an array of strings
 * (kept joined by commas).  Empty strings and commas inside names are
 * refused: they would not survive the round trip through a comma list. */
static void read_role(ctx *c, const json_t *obj, const char *key, int r)
{
    rg_schema *s = c->s;
    const json_t *v = json_object_get(obj, key);
    rg_pos p = rg_jpos_value(c->pos, obj, key);
    rg_role_type t = rg_role_defs[r].type;
    int list = t == RG_RT_NODE_KINDS || t == RG_RT_EDGE_KINDS || t == RG_RT_VALUES;
    rg_buf b;
    rg_buf_init(&b);
    if (json_is_string(v) && !list) {
        rg_buf_puts(&b, json_string_value(v));
    } else if (json_is_array(v) && list) {
        for (size_t i = 0; i < json_array_size(v); i++) {
            const json_t *e = json_array_get(v, i);
            if (!json_is_string(e) || json_string_length(e) == 0 ||
                strchr(json_string_value(e), ',')) {
                diag(c, rg_jpos_index(c->pos, v, i),
                     "schema roles: \"%s\" lists names; this item is not one", key);
                rg_buf_destroy(&b);
                return;
            }
            rg_buf_printf(&b, "%s%s", i ? "," : "", json_string_value(e));
        }
    } else {
        diag(c, p, "schema roles: \"%s\" is %s; expected %s", key, json_type_word(v),
             list ? "a list of names" : "a string");
        rg_buf_destroy(&b);
        return;
    }
    if (b.oom) { /* not "must name something": the names were not kept */
        c->oom = 1;
        rg_buf_destroy(&b);
        return;
    }
    if (b.len == 0 || (!list && t != RG_RT_WORD && strchr(rg_buf_str(&b), ','))) {
        diag(c, p, "schema roles: \"%s\" must name something", key);
        rg_buf_destroy(&b);
        return;
    }
    s->roles[r] = dup_str(c, rg_buf_str(&b));
    s->role_line[r] = p.line;
    s->role_column[r] = p.column;
    rg_buf_destroy(&b);
}

/* The "roles" section: binds what the analyses need to this schema's names
 * (rg_roles.h, docs/format.md).  Every bound name is checked against the
 * kinds just read; all faults are reported, each at its value. */
static void read_roles(ctx *c, const json_t *root)
{
    const json_t *roles = json_object_get(root, "roles");
    if (roles == NULL)
        return;
    if (!json_is_object(roles)) {
        diag(c, rg_jpos_value(c->pos, root, "roles"),
             "schema: \"roles\" must be an object binding roles to this schema's names");
        return;
    }
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)roles, key, v)
    {
        if (strcmp(key, "words") == 0) {
            if (!json_is_object(v)) {
                diag(c, rg_jpos_value(c->pos, roles, key),
                     "schema roles: \"words\" must be an object of words");
                continue;
            }
            const char *wk;
            const json_t *wv;
            json_object_foreach((json_t *)v, wk, wv)
            {
                char full_name[300];
                snprintf(full_name, sizeof full_name, "words.%s", wk);
                int r = rg_role_find(full_name);
                if (r < 0) {
                    diag(c, rg_jpos_key(c->pos, v, wk), "schema roles: unknown word \"%s\"%s", wk,
                         "; see docs/format.md, \"Roles\"");
                    continue;
                }
                read_role(c, v, wk, r);
            }
            continue;
        }
        int r = rg_role_find(key);
        if (r < 0 || rg_role_defs[r].type == RG_RT_WORD) {
            const char *names[RG_NROLES];
            size_t n = 0;
            for (int i = 0; i < RG_NROLES; i++)
                if (rg_role_defs[i].type != RG_RT_WORD)
                    names[n++] = rg_role_defs[i].name;
            const char *near = rg_nearest(key, names, n);
            diag(c, rg_jpos_key(c->pos, roles, key), "schema roles: unknown role \"%s\"%s%s%s", key,
                 near ? " (did you mean \"" : "; see docs/format.md, \"Roles\"", near ? near : "",
                 near ? "\"?)" : "");
            continue;
        }
        read_role(c, roles, key, r);
    }
    /* names checked once all roles are read: an attribute role is checked
     * against the kind its OF role binds */
    rg_schema *s = c->s;
    for (int r = 0; r < RG_NROLES; r++) {
        if (s->roles[r] == NULL)
            continue;
        int of = rg_role_defs[r].of;
        rg_buf msg;
        rg_buf_init(&msg);
        if (rg_name_check(s, rg_role_defs[r].type, of >= 0 ? s->roles[of] : NULL, s->roles[r],
                          &msg) != 0) {
            rg_pos p = {s->role_line[r], s->role_column[r]};
            diag(c, p, "schema roles: %s: %s", rg_role_defs[r].name, rg_buf_str(&msg));
        }
        rg_buf_destroy(&msg);
    }
}

/* One edge kind of the schema: its ends, words, detail and attributes. */
static void read_edge_kind(ctx *c, const char *name, const json_t *def, rg_edge_kind *k)
{
    rg_schema *s = c->s;
    char label[300];
    snprintf(label, sizeof label, "edge kind '%s'", name);
    if (read_kind(c, name, def, &k->base, "edge kind") == 0) {
        static const char *const ekeys[] = {"description", "from",   "to",       "verb",
                                            "inverse",     "detail", "in_paths", "attributes",
                                            "required",    NULL};
        check_keys(c, def, ekeys, FIXED(label));
        k->from_ok = kind_set(c, def, "from", label);
        k->to_ok = kind_set(c, def, "to", label);
        const json_t *ip = json_object_get(def, "in_paths");
        if (ip && !json_is_boolean(ip))
            diag(c, rg_jpos_value(c->pos, def, "in_paths"),
                 "%s: \"in_paths\" must be true or false", label);
        k->in_paths = ip ? json_is_true(ip) : 1;
        k->verb = opt_string(c, def, "verb", FIXED(label));
        k->inverse = opt_string(c, def, "inverse", FIXED(label));
        if (k->verb == NULL)
            k->verb = k->base.name;
        if (k->inverse == NULL) {
            char buf[300];
            snprintf(buf, sizeof buf, "is the other end of %s", k->base.name);
            k->inverse = dup_str(c, buf);
        }
        const json_t *det = json_object_get(def, "detail");
        if (det && !json_is_array(det)) {
            diag(c, rg_jpos_value(c->pos, def, "detail"),
                 "%s: \"detail\" must be a list of attribute names", label);
        } else if (det && json_array_size(det)) {
            k->detail = rg_arena_alloc(c->arena, json_array_size(det) * sizeof *k->detail);
            if (k->detail == NULL) {
                c->oom = 1;
                return;
            }
            for (size_t i = 0; i < json_array_size(det); i++) {
                const json_t *e = json_array_get(det, i);
                int a = json_is_string(e) ? rg_kind_attr(&k->base, json_string_value(e)) : -1;
                if (a < 0)
                    diag(c, rg_jpos_index(c->pos, det, i),
                         "%s: \"detail\" names an attribute that is not declared", label);
                else
                    k->detail[k->ndetail++] = a;
            }
        }
    } else {
        size_t words = (s->n_node_kinds + 63) / 64;
        k->from_ok = rg_arena_alloc(c->arena, words * sizeof(uint64_t));
        k->to_ok = rg_arena_alloc(c->arena, words * sizeof(uint64_t));
        k->verb = k->inverse = k->base.name;
        if (k->from_ok == NULL || k->to_ok == NULL)
            c->oom = 1;
    }
}

/* "provenance": whether facts must cite, and which kinds need not. */
static void read_provenance(ctx *c, const json_t *root)
{
    rg_schema *s = c->s;
    size_t words = (s->n_node_kinds + 63) / 64;
    s->exempt = rg_arena_alloc(c->arena, words * sizeof *s->exempt);
    if (s->exempt == NULL) {
        c->oom = 1;
        return;
    }
    const json_t *prov = json_object_get(root, "provenance");
    if (prov) {
        if (!json_is_object(prov)) {
            diag(c, rg_jpos_value(c->pos, root, "provenance"),
                 "schema: \"provenance\" must be an object like {\"required\": true, "
                 "\"exempt_kinds\": [\"source\"]}");
            return;
        }
        static const char *const pkeys[] = {"required", "exempt_kinds", NULL};
        check_keys(c, prov, pkeys, FIXED("schema provenance"));
        const json_t *r = json_object_get(prov, "required");
        if (r && !json_is_boolean(r))
            diag(c, rg_jpos_value(c->pos, prov, "required"),
                 "schema provenance: \"required\" must be true or false");
        s->provenance_required = json_is_true(r);
        const json_t *ex = json_object_get(prov, "exempt_kinds");
        if (ex) {
            uint64_t *bits = kind_set(c, prov, "exempt_kinds", "schema provenance");
            if (bits)
                memcpy(s->exempt, bits, words * sizeof *bits);
        }
    }
}

static void read_schema(ctx *c, const json_t *root)
{
    rg_schema *s = c->s;
    if (!json_is_object(root)) {
        diag(c, rg_jpos_of(c->pos, root), "a schema is an object; this is %s",
             json_type_word(root));
        return;
    }
    static const char *const keys[] = {"relgraph_schema", "name",       "description", "provenance",
                                       "node_kinds",      "edge_kinds", "roles",       NULL};
    check_keys(c, root, keys, FIXED("schema"));
    const json_t *ver = json_object_get(root, "relgraph_schema");
    if (!json_is_integer(ver) || json_integer_value(ver) != 1)
        diag(c, ver ? rg_jpos_value(c->pos, root, "relgraph_schema") : rg_jpos_of(c->pos, root),
             "schema: \"relgraph_schema\" must be 1 (the schema format version)");
    s->name = opt_string(c, root, "name", FIXED("schema"));
    s->description = opt_string(c, root, "description", FIXED("schema"));

    const json_t *nk = json_object_get(root, "node_kinds");
    if (!json_is_object(nk) || json_object_size(nk) == 0) {
        diag(c, nk ? rg_jpos_value(c->pos, root, "node_kinds") : rg_jpos_of(c->pos, root),
             "schema: \"node_kinds\" must be an object declaring at least one kind");
        return;
    }
    s->node_kinds = rg_arena_alloc(c->arena, json_object_size(nk) * sizeof *s->node_kinds);
    if (s->node_kinds == NULL) {
        c->oom = 1;
        return;
    }
    const char *name;
    const json_t *def;
    json_object_foreach((json_t *)nk, name, def)
    {
        rg_kind *k = &s->node_kinds[s->n_node_kinds];
        read_kind(c, name, def, k, "node kind");
        if (rg_strmap_put(&s->node_kind_index, k->name, (int64_t)s->n_node_kinds) != 0)
            c->oom = 1;
        s->n_node_kinds++;
    }

    const json_t *ek = json_object_get(root, "edge_kinds");
    if (!json_is_object(ek)) {
        diag(c, ek ? rg_jpos_value(c->pos, root, "edge_kinds") : rg_jpos_of(c->pos, root),
             "schema: \"edge_kinds\" must be an object");
        return;
    }
    size_t ne = json_object_size(ek);
    s->edge_kinds = ne ? rg_arena_alloc(c->arena, ne * sizeof *s->edge_kinds) : NULL;
    if (ne && s->edge_kinds == NULL) {
        c->oom = 1;
        return;
    }
    json_object_foreach((json_t *)ek, name, def)
    {
        rg_edge_kind *k = &s->edge_kinds[s->n_edge_kinds];
        read_edge_kind(c, name, def, k);
        if (rg_strmap_put(&s->edge_kind_index, k->base.name, (int64_t)s->n_edge_kinds) != 0)
            c->oom = 1;
        s->n_edge_kinds++;
    }

    read_provenance(c, root);
    read_roles(c, root);
}

/* ---- catalogue -------------------------------------------------------- */

static int valid_id(const char *s)
{
    size_t n = 0;
    for (; s[n]; n++) {
        char ch = s[n];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
              ch == '_' || ch == '-' || ch == '.'))
            return 0;
    }
    return n > 0 && n <= MAX_ID;
}

/* "did you mean" for an unknown node id: the nearest id by a cheap test
 * (shared prefix, then length).  Linear, on the error path only. */
static const char *nearest_id(const rg_graph *g, const char *id)
{
    const char *best = NULL;
    size_t best_score = 0;
    size_t len = strlen(id);
    for (size_t i = 0; i < g->nnodes; i++) {
        const char *k = g->nodes[i].id;
        size_t p = 0;
        while (k[p] && id[p] && (k[p] | 32) == (id[p] | 32))
            p++;
        /* normalise '-' and '_' as one */
        size_t same = 0, kl = strlen(k);
        if (kl == len) {
            for (size_t j = 0; j < len; j++) {
                char a = k[j] == '_' ? '-' : (char)(k[j] | 32);
                char b = id[j] == '_' ? '-' : (char)(id[j] | 32);
                same += a == b;
            }
        }
        size_t score = p * 4 + same * 2;
        if (score > best_score) {
            best_score = score;
            best = k;
        }
    }
    return best_score >= (len > 3 ? len * 2 : 4) ? best : NULL;
}

/* The node with id S, or -1: the graph's index behind a small cache.  An
 * edge's "from" is the same over runs of edges and citations name a few
 * sources, while a look-up in the index reads the id's text far from its
 * slot (a cache miss for each of millions of look-ups). */
static int64_t find_id(ctx *c, const char *s)
{
    uint64_t h = rg_hash_str(s);
    struct idslot *e = &c->idcache[h & (sizeof c->idcache / sizeof *c->idcache - 1)];
    if (e->id && strcmp(e->id, s) == 0)
        return e->at;
    int64_t v;
    if (!rg_strmap_get_h(&c->g->id_index, s, h, &v))
        return -1;
    e->id = c->g->nodes[v].id;
    e->at = v;
    return v;
}

/* A citation naming a node not read yet: resolved once every node is
 * (rg_load_buffer_opts), so that a citation may name a source defined
 * further down the file, with the file read once. */
typedef struct pending {
    rg_cite *cite;      /* where the source goes */
    const char *source; /* the id named */
    const char *id;     /* the citing node's */
    size_t elem;        /* the node's element index */
    rg_dispute *d;      /* the dispute holding the citation, or NULL */
    size_t dispute;     /* its index among the node's disputes */
    size_t index;       /* the citation's index in its list */
} pending;

/* Where element ELEM's citation P stands: the element parsed again (a
 * message is being given). */
static rg_pos pending_pos(ctx *c, const pending *p, int of_dispute)
{
    const elem *e = &c->elems[K_NODES][p->elem];
    rg_pos none = {e->line, e->column};
    json_error_t je;
    json_t *root = json_loadb(c->text + e->start, e->end - e->start, JSON_REJECT_DUPLICATES, &je);
    if (root == NULL)
        return none;
    rg_jpos_defer(c->pos, c->text + e->start, e->end - e->start, root, e->line, e->column);
    const json_t *parent = root;
    rg_pos r = none;
    if (p->d) {
        const json_t *ds = json_object_get(root, "disputes");
        parent = json_array_get(ds, p->dispute);
        if (of_dispute)
            r = rg_jpos_index(c->pos, ds, p->dispute);
    }
    if (!of_dispute) {
        const json_t *cite = json_array_get(json_object_get(parent, "cite"), p->index);
        r = rg_jpos_value(c->pos, cite, "source");
    }
    rg_jpos_scan(c->pos, "", 0, NULL, 0, 0); /* forget ROOT before freeing it */
    json_decref(root);
    return r;
}

static pending *grow_pending(ctx *c)
{
    if (c->npend == c->cappend) {
        size_t ncap = c->cappend ? 2 * c->cappend : 64;
        pending *n = realloc(c->pend, ncap * sizeof *n);
        if (n == NULL) {
            c->oom = 1;
            return NULL;
        }
        c->pend = n;
        c->cappend = ncap;
    }
    return &c->pend[c->npend++];
}

/* Checks that SN, the node a citation names, is a source document; the
 * citation is object E (NULL: at *SP). */
static int cite_target_ok(ctx *c, int64_t sn, const json_t *e, const rg_pos *sp, elabel *w)
{
    const rg_node *n = &c->g->nodes[sn];
    if (rg_bit_get(c->s->exempt, (size_t)n->kind))
        return 1;
    diag(c, e ? rg_jpos_value(c->pos, e, "source") : *sp,
         "%s: citation names '%s' (kind '%s'), which is not a source document", L(w), n->id,
         c->s->node_kinds[n->kind].name);
    return 0;
}

static void unknown_source(ctx *c, const char *src, rg_pos sp, elabel *w)
{
    const char *near = nearest_id(c->g, src);
    diag(c, sp, "%s: citation names unknown source '%s'%s%s%s", L(w), src,
         near ? " (did you mean '" : "", near ? near : "", near ? "'?)" : "");
}

static void resolve_pending(ctx *c)
{
    for (size_t i = 0; i < c->npend && !full(c); i++) {
        pending *p = &c->pend[i];
        elabel w = {.id = p->id};
        int64_t sn = rg_graph_find_id(c->g, p->source);
        if (sn >= 0 && rg_bit_get(c->s->exempt, (size_t)c->g->nodes[sn].kind)) {
            p->cite->source = sn;
            continue;
        }
        if (sn < 0)
            unknown_source(c, p->source, pending_pos(c, p, 0), &w);
        else {
            rg_pos sp = pending_pos(c, p, 0);
            cite_target_ok(c, sn, NULL, &sp, &w);
        }
        /* a dispute left with no valid citation needs one, as when the
         * source was known when it was read */
        if (p->d == NULL || !c->s->provenance_required)
            continue;
        size_t bad = 0;
        for (size_t j = 0; j < c->npend; j++)
            if (c->pend[j].d == p->d) {
                int64_t t = rg_graph_find_id(c->g, c->pend[j].source);
                bad += t < 0 || !rg_bit_get(c->s->exempt, (size_t)c->g->nodes[t].kind);
            }
        int first = 1;
        for (size_t j = 0; j < i; j++)
            first &= c->pend[j].d != p->d;
        if (bad == p->d->ncites && first)
            diag(c, pending_pos(c, p, 1),
                 "%s: dispute %zu needs a \"cite\" for the other statement", L(&w), p->dispute + 1);
    }
}

static void read_cites(ctx *c, const json_t *arr, const json_t *parent, const char *key,
                       elabel *what, rg_dispute *d, size_t dispute, rg_cite **out, size_t *nout)
{
    *out = NULL;
    *nout = 0;
    if (!json_is_array(arr)) {
        diag(c, rg_jpos_value(c->pos, parent, key),
             "%s: \"cite\" is %s; expected a list like [{\"source\": \"src-002\", \"at\": \"row "
             "3\"}]",
             L(what), json_type_word(arr));
        return;
    }
    size_t n = json_array_size(arr);
    if (n == 0)
        return;
    rg_cite *cs = rg_arena_alloc(c->arena, n * sizeof *cs);
    if (cs == NULL) {
        c->oom = 1;
        return;
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        const json_t *e = json_array_get(arr, i);
        if (!json_is_object(e)) {
            diag(c, rg_jpos_index(c->pos, arr, i),
                 "%s: citation %zu is %s; expected {\"source\": ID, \"at\": TEXT}", L(what), i + 1,
                 json_type_word(e));
            continue;
        }
        static const char *const ckeys[] = {"source", "at", "quote", NULL};
        check_keys(c, e, ckeys, what);
        const json_t *src = json_object_get(e, "source");
        if (!json_is_string(src)) {
            diag(c, src ? rg_jpos_value(c->pos, e, "source") : rg_jpos_index(c->pos, arr, i),
                 "%s: citation %zu needs \"source\": the id of a source node", L(what), i + 1);
            continue;
        }
        int64_t sn = find_id(c, json_string_value(src));
        if (sn < 0 && c->deferring) {
            pending *p = grow_pending(c);
            if (p == NULL)
                return;
            *p = (pending){
                &cs[k], dup_str(c, json_string_value(src)), what->id, c->elem, d, dispute, i};
        } else if (sn < 0) {
            unknown_source(c, json_string_value(src), rg_jpos_value(c->pos, e, "source"), what);
            continue;
        } else if (!cite_target_ok(c, sn, e, NULL, what)) {
            continue;
        }
        cs[k].source = sn;
        cs[k].at = opt_string(c, e, "at", what);
        cs[k].quote = opt_string(c, e, "quote", what);
        k++;
    }
    *out = cs;
    *nout = k;
}

static void read_disputes(ctx *c, const json_t *obj, const rg_kind *k, elabel *what, rg_props *p)
{
    const json_t *ds = json_object_get(obj, "disputes");
    if (ds == NULL)
        return;
    if (!json_is_array(ds)) {
        diag(c, rg_jpos_value(c->pos, obj, "disputes"), "%s: \"disputes\" must be a list", L(what));
        return;
    }
    size_t nd = json_array_size(ds);
    p->disputes = nd ? rg_arena_alloc(c->arena, nd * sizeof *p->disputes) : NULL;
    if (nd && p->disputes == NULL) {
        c->oom = 1;
        return;
    }
    for (size_t i = 0; i < nd; i++) {
        const json_t *d = json_array_get(ds, i);
        if (!json_is_object(d)) {
            diag(c, rg_jpos_index(c->pos, ds, i), "%s: dispute %zu is %s; expected an object",
                 L(what), i + 1, json_type_word(d));
            continue;
        }
        static const char *const dkeys[] = {"attribute", "value", "note", "cite", NULL};
        check_keys(c, d, dkeys, what);
        const json_t *an = json_object_get(d, "attribute");
        int def = json_is_string(an) ? rg_kind_attr(k, json_string_value(an)) : -1;
        if (def < 0) {
            diag(c, an ? rg_jpos_value(c->pos, d, "attribute") : rg_jpos_index(c->pos, ds, i),
                 "%s: dispute %zu must name an attribute of kind '%s' in \"attribute\"", L(what),
                 i + 1, k->name);
            continue;
        }
        rg_dispute *out = &p->disputes[p->ndisputes];
        out->def = def;
        const json_t *val = json_object_get(d, "value");
        if (val == NULL) {
            diag(c, rg_jpos_index(c->pos, ds, i),
                 "%s: dispute %zu needs \"value\" (null when the other source gives none)", L(what),
                 i + 1);
            continue;
        }
        vplace vp = {.w = what, .parent = d, .key = "value", .sort = V_DISPUTE, .n = i + 1};
        if (json_is_null(val))
            out->is_null = 1;
        else if (read_value(c, &k->attrs[def], val, &vp, &out->value) != 0)
            continue;
        out->note = opt_string(c, d, "note", what);
        if (out->note == NULL)
            diag(c, rg_jpos_index(c->pos, ds, i),
                 "%s: dispute %zu needs a \"note\" saying what differs", L(what), i + 1);
        const json_t *dc = json_object_get(d, "cite");
        if (dc)
            read_cites(c, dc, d, "cite", what, out, i, &out->cites, &out->ncites);
        if (out->ncites == 0 && c->s->provenance_required)
            diag(c, rg_jpos_index(c->pos, ds, i),
                 "%s: dispute %zu needs a \"cite\" for the other statement", L(what), i + 1);
        p->ndisputes++;
    }
}

static int is_structural(const char *key, const char *const *structural)
{
    for (int i = 0; structural[i]; i++)
        if (strcmp(structural[i], key) == 0)
            return 1;
    return 0;
}

/* Reads the attributes, citations and disputes of a node or edge object
 * that starts at AT. */
static void read_props(ctx *c, const json_t *obj, rg_pos at, const rg_kind *k, int exempt,
                       elabel *what, const char *const *structural, rg_props *p)
{
    memset(p, 0, sizeof *p);
    p->line = at.line;
    p->column = at.column;
    size_t n = json_object_size(obj), na = 0;
    if (n > c->captmp) {
        rg_attr *t = realloc(c->tmp, n * sizeof *t);
        if (t == NULL) {
            c->oom = 1;
            return;
        }
        c->tmp = t;
        c->captmp = n;
    }
    const char *key;
    const json_t *v;
    json_object_foreach((json_t *)obj, key, v)
    {
        if (is_structural(key, structural))
            continue;
        if (strcmp(key, "cite") == 0) {
            read_cites(c, v, obj, "cite", what, NULL, 0, &p->cites, &p->ncites);
            continue;
        }
        if (strcmp(key, "disputes") == 0)
            continue; /* below, once the attributes are known */
        int def = rg_kind_attr(k, key);
        if (def < 0) {
            rg_buf b;
            rg_buf_init(&b);
            for (size_t i = 0; i < k->nattrs; i++)
                rg_buf_printf(&b, "%s%s", i ? ", " : "", k->attrs[i].name);
            diag(c, rg_jpos_key(c->pos, obj, key),
                 "%s: unknown attribute \"%s\" for kind '%s' (%s%s)", L(what), key, k->name,
                 k->nattrs ? "it has: " : "it has no attributes", rg_buf_str(&b));
            rg_buf_destroy(&b);
            continue;
        }
        vplace vp = {.w = what, .parent = obj, .key = key, .sort = V_ATTR};
        if (read_value(c, &k->attrs[def], v, &vp, &c->tmp[na].value) == 0)
            c->tmp[na++].def = def;
    }
    /* stored at the size used: objects carry ids, kinds and citations too */
    if (na && (p->attrs = rg_arena_alloc(c->arena, na * sizeof *p->attrs)) == NULL) {
        c->oom = 1;
        return;
    }
    if (na)
        memcpy(p->attrs, c->tmp, na * sizeof *p->attrs);
    p->nattrs = na;
    for (size_t i = 0; i < k->nattrs; i++) {
        if (!k->attrs[i].required || json_object_get(obj, k->attrs[i].name))
            continue;
        diag(c, at, "%s: missing required attribute \"%s\" (%s) for kind '%s'", L(what),
             k->attrs[i].name, rg_type_name(k->attrs[i].type), k->name);
    }
    if (c->s->provenance_required && !exempt && p->ncites == 0 &&
        json_object_get(obj, "cite") == NULL)
        diag(c, at,
             "%s: no \"cite\": every fact must name its source, e.g. \"cite\": "
             "[{\"source\": \"src-002\", \"at\": \"row 3\"}]",
             L(what));
    read_disputes(c, obj, k, what, p);
}

static const char *const node_structural[] = {"id", "kind", "name", "aliases", NULL};
static const char *const edge_structural[] = {"from", "to", "kind", NULL};

/* ---- the catalogue, one element at a time --------------------------------
 *
 * A catalogue of a million nodes and five million edges is a few hundred
 * megabytes of JSON; as one jansson tree it would take ten times that in
 * memory.  So the outer structure is walked once with the strict cursor,
 * which records where each node and edge starts and ends, and each is then
 * parsed by jansson on its own, checked, copied into the graph and freed:
 * memory stays proportional to the graph, not to the text. */

/* Walks the array at the cursor (on its '['), recording its elements. */
static int scan_elements(ctx *c, rg_jcur *cur, int k)
{
    cur->i++;
    cur->column++;
    rg_jcur_ws(cur);
    if (cur->i < cur->len && cur->s[cur->i] == ']') {
        cur->i++;
        cur->column++;
        return 0;
    }
    for (;;) {
        rg_jcur_ws(cur);
        elem e = {cur->i, 0, cur->line, cur->column};
        if (rg_jcur_skip(cur, 3) != 0)
            return -1;
        e.end = cur->i;
        if (c->nelems[k] == c->capelems[k]) {
            size_t ncap = c->capelems[k] ? 2 * c->capelems[k] : 1024;
            elem *ne = realloc(c->elems[k], ncap * sizeof *ne);
            if (ne == NULL) {
                c->oom = 1;
                return -1;
            }
            c->elems[k] = ne;
            c->capelems[k] = ncap;
        }
        c->elems[k][c->nelems[k]++] = e;
        /* half the element's bytes now, the rest when it is parsed: the
         * total is the file's size (rg_load_text) */
        rg_progress_tick(c->opts ? c->opts->progress : NULL, (e.end - e.start) / 2);
        rg_jcur_ws(cur);
        if (cur->i < cur->len && (cur->s[cur->i] == ',' || cur->s[cur->i] == ']')) {
            int end = cur->s[cur->i] == ']';
            cur->i++;
            cur->column++;
            if (end)
                return 0;
            continue;
        }
        return -1;
    }
}

typedef struct span {
    int present;
    size_t start, end;   /* byte range of the value */
    rg_pos key_pos, pos; /* where its key and its value stand */
} span;

static const char *const top_keys[] = {"relgraph", "title", "schema", "nodes",
                                       "edges",    "as_of", NULL};

/* Walks the top-level object: the span of each known key's value, and the
 * elements of "nodes" and "edges".  Returns 0, or -1 when the text is not
 * well-formed JSON (at the cursor). */
static int scan_top(ctx *c, const char *text, size_t len, span *sp, rg_jcur *cur)
{
    rg_jcur_init(cur, text, len);
    rg_jcur_ws(cur);
    if (cur->i >= len || text[cur->i] != '{')
        return -1;
    cur->i++;
    cur->column++;
    for (int first = 1;; first = 0) {
        rg_jcur_ws(cur);
        if (cur->i >= len)
            return -1;
        if (text[cur->i] == '}' && first) {
            cur->i++;
            break;
        }
        if (!first) {
            if (text[cur->i] == '}') {
                cur->i++;
                break;
            }
            if (text[cur->i] != ',')
                return -1;
            cur->i++;
            cur->column++;
            rg_jcur_ws(cur);
        }
        if (cur->i >= len || text[cur->i] != '"')
            return -1;
        rg_pos kp = {cur->line, cur->column};
        rg_jcur at = *cur;
        char *key = rg_jcur_string(cur);
        if (key == NULL) {
            /* a well-formed key that could not be copied: out of memory,
             * not "malformed JSON" */
            if (rg_jcur_skip(&at, 2) == 0)
                c->oom = 1;
            return -1;
        }
        rg_jcur_ws(cur);
        if (cur->i >= len || text[cur->i] != ':') {
            free(key);
            return -1;
        }
        cur->i++;
        cur->column++;
        rg_jcur_ws(cur);
        rg_pos vp = {cur->line, cur->column};
        size_t start = cur->i;
        int k = -1;
        for (int i = 0; top_keys[i]; i++)
            if (strcmp(top_keys[i], key) == 0)
                k = i;
        int elements =
            (k == K_NODES || k == K_EDGES) && !sp[k].present && start < len && text[start] == '[';
        if ((elements ? scan_elements(c, cur, k) : rg_jcur_skip(cur, 2)) != 0) {
            free(key);
            return -1;
        }
        if (k < 0) {
            diag(c, kp,
                 "catalogue: unknown key \"%s\" (expected \"relgraph\", \"title\", "
                 "\"schema\", \"nodes\", \"edges\")",
                 key);
        } else if (sp[k].present) {
            diag(c, kp, "duplicate object key \"%s\" (first at line %d, column %d)", key,
                 sp[k].key_pos.line, sp[k].key_pos.column);
        } else {
            sp[k].present = 1;
            sp[k].start = start;
            sp[k].end = cur->i;
            sp[k].key_pos = kp;
            sp[k].pos = vp;
        }
        free(key);
    }
    rg_jcur_ws(cur);
    return cur->i == len ? 0 : -1;
}

typedef void (*element_fn)(ctx *c, const json_t *v, rg_pos p, size_t i);

/* Calls FN for each element of the array K (K_NODES, K_EDGES), whose
 * elements scan_top recorded, each parsed on its own. */
static void for_each_element(ctx *c, const span *sp, int k, const char *what, element_fn fn)
{
    if (c->text[sp->start] != '[') {
        diag(c, sp->pos, "catalogue: \"%s\" is not a list; expected \"%s\": [...]", what, what);
        return;
    }
    /* an element's values come from the arena and go with its reset */
    rg_jarena ja;
    int arena = rg_jarena_begin(&ja);
    for (size_t i = 0; i < c->nelems[k] && !full(c); i++) {
        const elem *e = &c->elems[k][i];
        rg_pos p = {e->line, e->column};
        c->elem = i;
        json_t *v = parse_at(c, c->text + e->start, e->end - e->start, p, 0);
        if (v != NULL) {
            fn(c, v, p, i);
            if (!arena)
                json_decref(v);
        }
        rg_jarena_reset(&ja);
        rg_progress_tick(c->opts ? c->opts->progress : NULL,
                         (e->end - e->start) - (e->end - e->start) / 2);
    }
    rg_jarena_end(&ja);
}

/* The "kind" of a node (NODES) or edge object: its index in the schema, or
 * -1 after recording why not. */
static int read_kind_ref(ctx *c, const json_t *o, rg_pos p, elabel *what, int nodes)
{
    const json_t *kind = json_object_get(o, "kind");
    if (!json_is_string(kind)) {
        diag(c, kind ? rg_jpos_value(c->pos, o, "kind") : p, "%s: %s", L(what),
             kind ? "\"kind\" is not a string" : "no \"kind\"");
        return -1;
    }
    const char *name = json_string_value(kind);
    int k = nodes ? rg_schema_node_kind(c->s, name) : rg_schema_edge_kind(c->s, name);
    if (k < 0) {
        rg_buf b;
        rg_buf_init(&b);
        rg_schema_kind_list(c->s, nodes, &b);
        diag(c, rg_jpos_value(c->pos, o, "kind"), "%s: unknown %s kind '%s' (the schema has: %s)",
             L(what), nodes ? "node" : "edge", name, rg_buf_str(&b));
        rg_buf_destroy(&b);
    }
    return k;
}

/* A node: its id, kind and name, then (when those are right) its
 * attributes, citations, disputes and aliases. */
static void node_one(ctx *c, const json_t *o, rg_pos p, size_t i)
{
    rg_graph *g = c->g;
    if (!json_is_object(o)) {
        diag(c, p, "node %zu is %s; expected an object with \"id\", \"kind\" and \"name\"", i + 1,
             json_type_word(o));
        return;
    }
    const json_t *id = json_object_get(o, "id");
    const json_t *name = json_object_get(o, "name");
    if (!json_is_string(id)) {
        diag(c, id ? rg_jpos_value(c->pos, o, "id") : p, "node %zu: %s; expected \"id\": a string",
             i + 1, id ? "\"id\" is not a string" : "no \"id\"");
        return;
    }
    elabel what = {.id = json_string_value(id)};
    int bad = 0;
    if (!valid_id(json_string_value(id))) {
        diag(c, rg_jpos_value(c->pos, o, "id"),
             "%s: an id is 1 to %d letters, digits, '_', '-' or '.'", L(&what), MAX_ID);
        bad = 1;
    } else {
        int64_t prev = rg_graph_find_id(g, json_string_value(id));
        if (prev >= 0) {
            diag(c, rg_jpos_value(c->pos, o, "id"),
                 "duplicate id '%s' (first defined at line %d, column %d)", json_string_value(id),
                 g->nodes[prev].p.line, g->nodes[prev].p.column);
            bad = 1;
        }
    }
    int k = read_kind_ref(c, o, p, &what, 1);
    if (k < 0)
        bad = 1;
    if (!json_is_string(name) || json_string_length(name) == 0) {
        diag(c, name ? rg_jpos_value(c->pos, o, "name") : p, "%s: %s", L(&what),
             name ? "\"name\" must be a non-empty string" : "no \"name\"");
        bad = 1;
    }
    if (bad)
        return;
    rg_node node;
    memset(&node, 0, sizeof node);
    node.id = dup_unique(c, json_string_value(id));
    node.name = dup_unique(c, json_string_value(name));
    node.kind = k;
    node.p.line = p.line;
    node.p.column = p.column;
    int64_t at = rg_graph_add_node(g, &node);
    if (at < 0) {
        c->oom = 1;
        return;
    }
    what.id = node.id;
    rg_props props;
    read_props(c, o, p, &c->s->node_kinds[k], rg_bit_get(c->s->exempt, (size_t)k), &what,
               node_structural, &props);
    g->nodes[at].p = props; /* after: reading may add nodes' pending citations, not nodes */
    const json_t *al = json_object_get(o, "aliases");
    if (al) {
        rg_attr_def def = {"aliases", NULL, RG_T_LIST, 0, NULL, 0, 0};
        rg_value v;
        vplace vp = {.w = &what, .parent = o, .key = "aliases", .sort = V_ALIASES};
        if (read_value(c, &def, al, &vp, &v) == 0) {
            g->nodes[at].aliases = v.u.list.items;
            g->nodes[at].naliases = v.u.list.n;
        }
    }
}

/* The kinds EK may join, as "a|b -> c", for a message. */
static void joins(const ctx *c, const rg_edge_kind *ek, rg_buf *b)
{
    for (int side = 0; side < 2; side++) {
        const uint64_t *bits = side ? ek->to_ok : ek->from_ok;
        int first = 1;
        if (side)
            rg_buf_puts(b, " -> ");
        for (size_t j = 0; j < c->s->n_node_kinds; j++)
            if (rg_bit_get(bits, j)) {
                rg_buf_printf(b, "%s%s", first ? "" : "|", c->s->node_kinds[j].name);
                first = 0;
            }
    }
}

static void edge_one(ctx *c, const json_t *o, rg_pos p, size_t i)
{
    rg_graph *g = c->g;
    elabel what = {.g = g, .s = c->s, .is_edge = 1, .index = i};
    if (!json_is_object(o)) {
        diag(c, p, "%s is %s; expected an object with \"from\", \"to\" and \"kind\"", L(&what),
             json_type_word(o));
        return;
    }
    int bad = 0;
    int64_t ends[2] = {-1, -1};
    const json_t *endv[2] = {json_object_get(o, "from"), json_object_get(o, "to")};
    const char *endk[2] = {"from", "to"};
    for (int e = 0; e < 2; e++) {
        if (!json_is_string(endv[e])) {
            diag(c, endv[e] ? rg_jpos_value(c->pos, o, endk[e]) : p,
                 "%s: %s\"%s\"%s; expected a node id", L(&what), endv[e] ? "" : "no ", endk[e],
                 endv[e] ? " is not a string" : "");
            bad = 1;
            continue;
        }
        ends[e] = find_id(c, json_string_value(endv[e]));
        if (ends[e] < 0) {
            const char *near = nearest_id(g, json_string_value(endv[e]));
            diag(c, rg_jpos_value(c->pos, o, endk[e]), "%s: unknown node '%s'%s%s%s", L(&what),
                 json_string_value(endv[e]), near ? " (did you mean '" : "", near ? near : "",
                 near ? "'?)" : "");
            bad = 1;
        }
    }
    int k = read_kind_ref(c, o, p, &what, 0);
    if (k < 0)
        return;
    if (!bad) {
        what.full = 1;
        what.from = ends[0];
        what.to = ends[1];
        what.kind = k;
        const rg_edge_kind *ek = &c->s->edge_kinds[k];
        int fk = g->nodes[ends[0]].kind, tk = g->nodes[ends[1]].kind;
        if (!rg_bit_get(ek->from_ok, (size_t)fk) || !rg_bit_get(ek->to_ok, (size_t)tk)) {
            rg_buf b;
            rg_buf_init(&b);
            joins(c, ek, &b);
            diag(c, rg_jpos_value(c->pos, o, "kind"),
                 "%s: an edge of kind '%s' cannot join %s '%s' to %s '%s' (it joins %s)", L(&what),
                 ek->base.name, c->s->node_kinds[fk].name, g->nodes[ends[0]].id,
                 c->s->node_kinds[tk].name, g->nodes[ends[1]].id, rg_buf_str(&b));
            rg_buf_destroy(&b);
            bad = 1;
        }
    }
    rg_edge edge;
    memset(&edge, 0, sizeof edge);
    read_props(c, o, p, &c->s->edge_kinds[k].base, 0, &what, edge_structural, &edge.p);
    if (bad)
        return;
    edge.from = ends[0];
    edge.to = ends[1];
    edge.kind = k;
    if (rg_graph_add_edge(g, &edge) < 0)
        c->oom = 1;
}

/* Is the resolved path REAL inside the folder tree of DIR? */
static int inside(const char *real, const char *dir)
{
    char root[PATH_MAX];
    if (realpath(dir, root) == NULL)
        return 0;
    size_t n = strlen(root);
    if (n == 1 && root[0] == '/')
        return 1;
    return strncmp(real, root, n) == 0 && (real[n] == '\0' || real[n] == '/');
}

/* A schema path may lead into the catalogue's folder tree or into one of
 * the folders of ROOTS (':'-separated), nowhere else: a catalogue comes by
 * e-mail, and its schema path must not make relgraph read, and quote in its
 * messages, a file such as /etc/shadow. */
static int schema_allowed(const char *real, const char *basedir, const char *roots)
{
    if (inside(real, basedir && basedir[0] ? basedir : "."))
        return 1;
    for (const char *p = roots; p && *p;) {
        const char *e = strchr(p, ':');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        char d[PATH_MAX];
        if (n > 0 && n < sizeof d) {
            memcpy(d, p, n);
            d[n] = '\0';
            if (inside(real, d))
                return 1;
        }
        p += n;
        if (*p == ':')
            p++;
    }
    return 0;
}

/* Reads the schema file REL names into *TEXT; PATH (PATH_MAX bytes) gets
 * its name for messages, escaped.  0, or -1 after a diagnostic. */
static int read_schema_file(ctx *cat, const span *sp, const char *rel, const char *basedir,
                            char *path, char *real, char **text, size_t *len)
{
    char full_path[PATH_MAX];
    if (rel[0] == '/' || basedir == NULL || basedir[0] == '\0')
        snprintf(full_path, sizeof full_path, "%s", rel);
    else
        snprintf(full_path, sizeof full_path, "%s/%s", basedir, rel);
    escape_text(full_path, path, PATH_MAX);
    if (realpath(full_path, real) == NULL) {
        diag(cat, sp->pos, "catalogue: unable to open '%s': %s (%s)", full_path, strerror(errno),
             basedir && basedir[0] == '\0'
                 ? "the catalogue was read from a pipe or a device, which has no folder: its "
                   "schema path is relative to the current directory; run relgraph from the "
                   "schema's folder, or name the catalogue's file"
                 : "the schema path is relative to the catalogue's folder");
        return -1;
    }
    if (!schema_allowed(real, basedir, cat->opts ? cat->opts->schema_roots : NULL)) {
        diag(cat, sp->pos,
             "catalogue: the schema '%s' lies outside the catalogue's folder; a schema path "
             "stays inside it, or inside a folder listed in RELGRAPH_SCHEMA_PATH",
             full_path);
        return -1;
    }
    struct stat st;
    if (stat(real, &st) != 0 || !S_ISREG(st.st_mode)) {
        diag(cat, sp->pos, "catalogue: the schema '%s' is not a regular file", full_path);
        return -1;
    }
    rg_error e;
    if (rg_read_file_max(real, RG_READ_MAX_SCHEMA, text, len, &e) != RG_OK) {
        if (e.code == RG_ENOMEM)
            cat->oom = 1;
        else
            diag(cat, sp->pos, "catalogue: schema: %s", e.text);
        return -1;
    }
    return 0;
}

void rg_load_info_destroy(rg_load_info *info)
{
    if (info == NULL)
        return;
    free(info->schema_text);
    free(info->schema_name);
    free(info->schema_real);
    memset(info, 0, sizeof *info);
}

/* Keeps the schema's text and names for the caller (rg_load_opts.info). */
static void keep_schema(ctx *c, const char *text, size_t len, const char *name, const char *real)
{
    rg_load_info *info = c->opts ? c->opts->info : NULL;
    if (info == NULL)
        return;
    rg_load_info_destroy(info);
    info->schema_text = malloc(len + 1);
    info->schema_name = strdup(name);
    info->schema_real = real ? strdup(real) : NULL;
    if (info->schema_text == NULL || info->schema_name == NULL || (real && !info->schema_real)) {
        c->oom = 1;
        return;
    }
    memcpy(info->schema_text, text, len);
    info->schema_text[len] = '\0';
    info->schema_len = len;
}

rg_status rg_load_schema_text(const char *name, const char *text, size_t len, rg_schema **out,
                              rg_error *err)
{
    rg_library_init();
    *out = NULL;
    rg_diags d;
    rg_diags_init(&d, 1);
    ctx c;
    memset(&c, 0, sizeof c);
    c.file = name;
    c.diags = &d;
    c.pos = rg_jpos_new();
    c.s = malloc(sizeof *c.s);
    if (c.s)
        rg_schema_init(c.s);
    if (c.pos == NULL || c.s == NULL) {
        c.oom = 1;
    } else {
        c.arena = &c.s->arena;
        size_t bom = skip_bom(text, len);
        json_t *root = parse_at(&c, text + bom, len - bom, (rg_pos){1, 1}, 1);
        if (root) {
            read_schema(&c, root);
            json_decref(root);
        }
    }
    rg_jpos_free(c.pos);
    rg_status st = RG_OK;
    if (c.oom)
        st = rg_error_set(err, RG_ENOMEM, name, 0, 0, "out of memory");
    else if (d.count || d.truncated)
        st = rg_diags_to_error(&d, RG_EINVALID, err);
    rg_diags_destroy(&d);
    if (st != RG_OK) {
        if (c.s) {
            rg_schema_destroy(c.s);
            free(c.s);
        }
        return st;
    }
    *out = c.s;
    return RG_OK;
}

/* Loads the schema the catalogue names: a path (relative to the catalogue's
 * folder) or an inline object. */
static rg_schema *load_schema(ctx *cat, const char *text, const span *sp, const char *basedir)
{
    rg_schema *s = malloc(sizeof *s);
    if (s == NULL) {
        cat->oom = 1;
        return NULL;
    }
    rg_schema_init(s);
    json_t *sv = parse_at(cat, text + sp->start, sp->end - sp->start, sp->pos, 0);
    if (sv == NULL)
        goto fail;
    if (json_is_object(sv)) {
        ctx c = *cat;
        c.s = s;
        c.arena = &s->arena;
        read_schema(&c, sv);
        cat->oom |= c.oom;
        json_decref(sv);
        keep_schema(cat, text + sp->start, sp->end - sp->start, cat->file, NULL);
        return s;
    }
    if (!json_is_string(sv)) {
        diag(cat, sp->pos, "catalogue: \"schema\" is %s; expected a path or an object",
             json_type_word(sv));
        json_decref(sv);
        goto fail;
    }
    char path[PATH_MAX], real[PATH_MAX];
    char *stext = NULL;
    size_t slen = 0;
    int bad = read_schema_file(cat, sp, json_string_value(sv), basedir, path, real, &stext, &slen);
    json_decref(sv);
    if (bad)
        goto fail;
    ctx c = *cat;
    c.file = path;
    c.s = s;
    c.arena = &s->arena;
    c.g = NULL;
    rg_pos start = {1, 1};
    size_t bom = skip_bom(stext, slen);
    json_t *sroot = parse_at(&c, stext + bom, slen - bom, start, 1);
    if (sroot) {
        read_schema(&c, sroot);
        json_decref(sroot);
    }
    cat->oom |= c.oom;
    keep_schema(cat, stext, slen, path, real);
    free(stext);
    return s;
fail:
    rg_schema_destroy(s);
    free(s);
    return NULL;
}

/* Reads "relgraph" and "title". */
/* "as_of": the date the catalogue describes; analyses default to it
 * (rg_graph.as_of), so their answers do not change with the clock. */
static void read_as_of(ctx *c, const char *text, const span *sp)
{
    if (!sp->present)
        return;
    json_t *v = parse_at(c, text + sp->start, sp->end - sp->start, sp->pos, 0);
    if (v == NULL)
        return;
    rg_date d;
    if (!json_is_string(v) || rg_date_parse(json_string_value(v), &d) != 0)
        diag(c, sp->pos, "catalogue: \"as_of\" must be a date (YYYY, YYYY-MM or YYYY-MM-DD)");
    else
        c->g->as_of_given = d;
    json_decref(v);
}

static void read_header(ctx *c, const char *text, const span *sp)
{
    const span *ver = &sp[K_RELGRAPH];
    json_t *v =
        ver->present ? parse_at(c, text + ver->start, ver->end - ver->start, ver->pos, 0) : NULL;
    if (ver->present && v == NULL)
        return;
    if (!json_is_integer(v) || json_integer_value(v) != 1)
        diag(c, ver->present ? ver->pos : (rg_pos){1, 1},
             "catalogue: \"relgraph\" must be 1 (the format version); see docs/format.md");
    json_decref(v);
    read_as_of(c, text, &sp[K_AS_OF]);
    const span *ti = &sp[K_TITLE];
    if (!ti->present)
        return;
    v = parse_at(c, text + ti->start, ti->end - ti->start, ti->pos, 0);
    if (v == NULL)
        return;
    if (!json_is_string(v)) {
        diag(c, ti->pos, "catalogue: \"title\" must be a string");
    } else if ((c->g->title = strdup(json_string_value(v))) == NULL) {
        c->oom = 1;
    }
    json_decref(v);
}

rg_status rg_load_buffer(const char *name, const char *text, size_t len, const char *basedir,
                         rg_graph **out, rg_diags *diags, rg_error *err)
{
    return rg_load_buffer_opts(name, text, len, basedir, NULL, out, diags, err);
}

/* Reports text scan_top refused: jansson says exactly what and where. */
static void malformed(ctx *c, const char *text, size_t len, const rg_jcur *cur)
{
    json_error_t je;
    json_t *v = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
    if (v == NULL) {
        json_error_at(c, &je, (rg_pos){1, 1}, 1, len);
    } else if (!json_is_object(v)) {
        diag(c, (rg_pos){1, 1},
             "a catalogue is a JSON object with \"schema\", \"nodes\" and "
             "\"edges\"; this is %s",
             json_type_word(v));
    } else {
        diag(c, (rg_pos){cur->line, cur->column}, "malformed JSON");
    }
    json_decref(v);
}

/* Reads the nodes and the edges into C->g; OWNED (the text, when the
 * caller hands it over) is freed as soon as the last element is read. */
static void read_elements(ctx *c, const span *sp, text_buf *owned)
{
    /* without the table (out of memory) strings are only not shared; a
     * small catalogue, loaded many times over by a test, gets a small one */
    c->nintern = 64;
    while (c->nintern < INTERN_SLOTS && c->nintern < c->nelems[K_NODES] + c->nelems[K_EDGES])
        c->nintern *= 2;
    c->intern = calloc(c->nintern, sizeof *c->intern);
    /* the arrays at their final size: growing them by doubling copied the
     * edges three times over */
    rg_graph *g = c->g;
    size_t nn = c->nelems[K_NODES], ne = c->nelems[K_EDGES];
    if ((nn && (g->nodes = rg_big_alloc(nn * sizeof *g->nodes)) == NULL) ||
        (ne && (g->edges = rg_big_alloc(ne * sizeof *g->edges)) == NULL)) {
        c->oom = 1;
        return;
    }
    g->capnodes = nn;
    g->capedges = ne;
    if (rg_strmap_reserve(&g->id_index, nn) != 0) {
        c->oom = 1;
        return;
    }
    if (!sp[K_NODES].present) {
        diag(c, (rg_pos){1, 1}, "catalogue: no \"nodes\"; expected \"nodes\": [...]");
    } else {
        c->deferring = 1;
        for_each_element(c, &sp[K_NODES], K_NODES, "nodes", node_one);
        c->deferring = 0;
        resolve_pending(c);
    }
    if (sp[K_EDGES].present && !full(c))
        for_each_element(c, &sp[K_EDGES], K_EDGES, "edges", edge_one);
    /* the text is no longer needed: the graph has copied what it keeps */
    if (owned)
        text_release(owned);
    c->text = NULL;
    ctx_free(c);
}

/* Makes the graph from the schema S (which it takes over); NULL when out
 * of memory. */
static rg_graph *new_graph(ctx *c, rg_schema *s, const char *name, rg_error *err)
{
    rg_graph *g = malloc(sizeof *g);
    if (g == NULL || rg_graph_init(g, s, name, err) != RG_OK) {
        if (g == NULL) {
            rg_schema_destroy(s);
            free(s);
        } else {
            rg_graph_destroy(g);
            free(g);
            g = NULL;
        }
        c->oom = 1;
        return NULL;
    }
    c->g = g;
    c->s = s;
    c->arena = &g->arena;
    return g;
}

/* rg_load_buffer_opts, with the text handed over (OWNED, freed before
 * this returns; NULL when the caller keeps it). */
static rg_status load_text(const char *name, const char *text, size_t len, const char *basedir,
                           const rg_load_opts *opts, text_buf *owned, rg_graph **out,
                           rg_diags *diags, rg_error *err)
{
    rg_library_init();
    *out = NULL;
    size_t bom = skip_bom(text, len);
    text += bom;
    len -= bom;
    rg_diags own;
    if (diags == NULL) {
        rg_diags_init(&own, 50);
        diags = &own;
    }
    size_t before = diags->count;
    ctx c;
    memset(&c, 0, sizeof c);
    c.file = name;
    c.diags = diags;
    c.opts = opts;
    c.pos = rg_jpos_new();
    c.text = text;
    rg_graph *g = NULL;
    span sp[K_COUNT];
    memset(sp, 0, sizeof sp);
    rg_jcur cur;
    /* one step in the file's bytes: the text is walked once by the cursor
     * and once by the parser, each ticking half of an element's bytes */
    rg_progress *pr = opts ? opts->progress : NULL;
    char what[300];
    snprintf(what, sizeof what, "loading %s", name);
    rg_progress_begin(pr, what, (uint64_t)len, 1);
    if (c.pos == NULL) {
        c.oom = 1;
    } else if (scan_top(&c, text, len, sp, &cur) != 0) {
        if (!c.oom)
            malformed(&c, text, len, &cur);
    } else if (!sp[K_SCHEMA].present) {
        diag(&c, (rg_pos){1, 1},
             "catalogue: no \"schema\"; name one, e.g. \"schema\": \"schema.json\"");
    } else {
        rg_schema *s = load_schema(&c, text, &sp[K_SCHEMA], basedir);
        if (s && (diags->count > before || c.oom)) {
            rg_schema_destroy(s);
            free(s);
        } else if (s && (g = new_graph(&c, s, name, err)) != NULL) {
            read_header(&c, text, sp);
            read_elements(&c, sp, owned);
        }
    }
    rg_progress_end(pr);
    if (owned)
        text_release(owned);
    ctx_free(&c);
    if (g && diags->count == before && !c.oom && !diags->truncated) {
        rg_error fe;
        if (rg_graph_finish(g, &fe) != RG_OK)
            diag(&c, (rg_pos){0, 0}, "%s", fe.text);
    }
    rg_jpos_free(c.pos);
    rg_status st = RG_OK;
    if (c.oom) {
        st = rg_error_set(err, RG_ENOMEM, name, 0, 0, "out of memory loading '%s'", name);
    } else if (diags->count > before || diags->truncated) {
        rg_diags_sort(diags);
        st = rg_diags_to_error(diags, RG_EINVALID, err);
    }
    if (st != RG_OK)
        rg_graph_free(g);
    else
        *out = g;
    if (diags == &own)
        rg_diags_destroy(&own);
    return st;
}

rg_status rg_load_buffer_opts(const char *name, const char *text, size_t len, const char *basedir,
                              const rg_load_opts *opts, rg_graph **out, rg_diags *diags,
                              rg_error *err)
{
    return load_text(name, text, len, basedir, opts, NULL, out, diags, err);
}

rg_status rg_load_file(const char *path, rg_graph **out, rg_diags *diags, rg_error *err)
{
    return rg_load_file_opts(path, NULL, out, diags, err);
}

rg_status rg_load_file_opts(const char *path, const rg_load_opts *opts, rg_graph **out,
                            rg_diags *diags, rg_error *err)
{
    *out = NULL;
    text_buf text;
    size_t max = opts && opts->max_bytes ? opts->max_bytes : RG_READ_MAX_CATALOGUE;
    rg_status st = read_catalogue(path, max, &text, err);
    if (st == RG_ELIMIT && err)
        snprintf(err->text + strlen(err->text), sizeof err->text - strlen(err->text),
                 " (RELGRAPH_MAX_INPUT raises it)");
    if (st != RG_OK) {
        if (diags)
            rg_diags_add(diags, path, 0, 0, "%s", err ? err->text : "unable to read");
        return st;
    }
    /* A pipe or a device (/dev/stdin, /dev/fd/N) has no folder of its own:
     * "" makes a schema path relative to the current directory, and the
     * message about a missing schema says so (read_schema_file). */
    char dir[4096];
    snprintf(dir, sizeof dir, "%s", text.in_folder ? path : "");
    char *slash = strrchr(dir, '/');
    if (slash)
        slash[slash == dir] = '\0'; /* "/x.json" lies in "/" */
    else if (text.in_folder)
        snprintf(dir, sizeof dir, ".");
    char sha[65];
    rg_sha256_hex(text.p, text.len, sha); /* of the bytes parsed, which are freed once read */
    st = load_text(path, text.p, text.len, dir, opts, &text, out, diags, err);
    if (st == RG_OK)
        memcpy((*out)->sha256, sha, sizeof sha);
    return st;
}

void rg_graph_free(rg_graph *g)
{
    if (g == NULL)
        return;
    rg_graph_destroy(g);
    free(g);
}
