/* rg_rgc.c: compiled catalogues: writing, checking and mapping (rg_rgc.h;
 * the layout is docs/format.md, "Compiled catalogues").
 *
 * The file is a 1024-byte header (magic, format version, a byte-order mark,
 * the key and SHA-256 of the JSON it was compiled from, a table of sections
 * and a checksum) and then the sections, each 8-byte aligned, in the
 * machine's own byte order (the header refuses another): one pool of
 * strings, the graph's own records (see "the image" below) and igraph's
 * arrays.  Loading maps the file, checks the checksum and then every count,
 * offset, pointer and index against what it points into; the graph then
 * reads the records where they lie. */
/* MAP_FIXED_NOREPLACE, MADV_POPULATE_READ: Linux's */
#define _GNU_SOURCE 1
#include "rg_rgc.h"
#include "rg_xxh.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
/* header-only: no library to link, and the hash loop inlined */
#define XXH_INLINE_ALL
#include <xxhash.h>

#include "../analysis/rg_analysis.h"
#include "../core/rg_bigmem.h"
#include "../core/rg_buf.h"
#include "../core/rg_utf8.h"
#include "../graph/rg_entity.h"
#include "../graph/rg_kinds.h"

#define HDR_SIZE 1024
#define NONE 0xFFFFFFFFu
#define ENDIAN_MARK 0x01020304u
#define MAX_SECTIONS 32

static const unsigned char magic[8] = {0x89, 'R', 'G', 'C', '\r', '\n', 0x1A, '\n'};

enum {
    S_META = 1,
    S_STRINGS,
    S_NODES,
    S_EDGES,
    S_ATTRS,
    S_LISTS,
    S_CITES,
    S_DISPUTES,
    S_IG_FROM,
    S_IG_TO,
    S_IG_OI,
    S_IG_II,
    S_IG_OS,
    S_IG_IS,
    S_ID_INDEX,
    S_NAME_INDEX,
    S_POSTINGS,
    /* the default entity map (rg_entities under the schema's alias edges) */
    S_ENT_KINDS,
    S_ENT_REP,
    S_ENT_MSTART,
    S_ENT_MEMBERS,
    S_ENT_ASTART,
    S_ENT_ALIAS,
    /* the quotient adjacency (rg_quotient) under the schema's roles (version 6) */
    S_Q_KINDS,
    S_Q_START,
    S_Q_ADJ,
    S_LAST = S_Q_ADJ
};

/* SUM: the section's checksum (format version 3 on; XXH3 from version 4), folded to 32 bits */
typedef struct sect {
    uint32_t id, sum;
    uint64_t offset, length;
} sect;

typedef struct hdr {
    unsigned char magic[8];
    uint32_t version, endian;
    uint64_t file_size;
    uint64_t json_size;
    int64_t json_mtime_sec, json_mtime_nsec;
    uint64_t json_ino, json_dev;
    char sha256[64];
    uint32_t nsections, reserved;
    sect sections[MAX_SECTIONS];
    unsigned char pad[HDR_SIZE - 904 - 8];
    uint64_t checksum;
} hdr;

typedef struct meta {
    uint64_t nnodes, nedges, nattrs, nlists, ncites, ndisputes, npost, nstrings;
    uint64_t id_cap, id_count, name_cap, name_count;
    int32_t as_of_year, as_of_month, as_of_day, pad;
    /* the date of the analyses as rg_graph_finish set it, so that loading
     * need not look at every date again; FROM: 0 none, 1 given, 2 latest */
    int32_t date_year, date_month, date_day, date_from;
    uint32_t title, json_path, schema_text, schema_name, schema_real, pad2;
    uint64_t schema_size;
    int64_t schema_mtime_sec, schema_mtime_nsec;
    uint64_t schema_ino;
    /* where the records' pointers assume the file is mapped (RGC_BASE), and
     * the sizes of the records and of a pointer they were written with */
    uint64_t image_base;
    uint32_t node_size, edge_size, attr_size, cite_size, disp_size, ptr_size;
    /* the stored quotient's vertices (its entities; 0 with no quotient stored) */
    uint64_t q_n;
} meta;

typedef struct rvalue {
    uint32_t type, text, a, b; /* a: string, or first list item; b: list length */
    uint64_t x;                /* number (IEEE bits), boolean, date as yyyymmdd */
} rvalue;

typedef struct rnode {
    uint32_t id, name, kind, line, column, attr_first, nattrs, cite_first, ncites, disp_first,
        ndisp, alias_first, naliases, pad;
} rnode;

typedef struct redge {
    uint32_t kind, line, column, attr_first, nattrs, cite_first, ncites, disp_first, ndisp, pad;
} redge;

typedef struct rattr {
    uint32_t def, pad;
    rvalue v;
} rattr;

typedef struct rcite {
    uint32_t source, at, quote, pad;
} rcite;

typedef struct rdisp {
    uint32_t def, is_null, note, cite_first, ncites, pad;
    rvalue v;
} rdisp;

typedef struct rslot {
    uint32_t key, pad;
    int64_t value;
} rslot;

typedef struct rpost {
    int64_t node, next;
} rpost;

_Static_assert(sizeof(hdr) == HDR_SIZE, "the header is 1024 bytes");
_Static_assert(sizeof(meta) == 224, "meta layout");
_Static_assert(sizeof(rnode) == 56 && sizeof(redge) == 40 && sizeof(rattr) == 32 &&
                   sizeof(rcite) == 16 && sizeof(rdisp) == 48 && sizeof(rslot) == 16,
               "record layout");
_Static_assert(sizeof(igraph_integer_t) == 8, "igraph's integers are 64-bit");
_Static_assert(sizeof(size_t) == 8, "an entity map's starts are 64-bit");
_Static_assert(sizeof(rslot) == sizeof(rg_strslot) &&
                   offsetof(rslot, value) == offsetof(rg_strslot, value),
               "an index slot is read in place");
_Static_assert(sizeof(rpost) == sizeof(struct rg_posting), "a posting is read in place");

/* ---- checksum ------------------------------------------------------------
 *
 * XXH3 (64-bit, libxxhash's header, inlined): SIMD lanes (SSE2 on any
 * x86-64), so that hashing runs at the speed memory delivers the bytes
 * (format version 4; version 3's xxHash64 rounds, a multiply chain a lane,
 * were 0.14 s of CPU for a million nodes beyond reading them).  It finds
 * damage, not forgery; the SHA-256 of the JSON is for reports. */

typedef struct rhash {
    XXH3_state_t st;
} rhash;

static void hash_init(rhash *h, uint64_t seed)
{
    XXH3_INITSTATE(&h->st);
    (void)XXH3_64bits_reset_withSeed(&h->st, seed);
}

/* Hashes N bytes (a multiple of 32) of P. */
static void hash_blocks(rhash *h, const unsigned char *p, size_t n)
{
    if (n)
        (void)XXH3_64bits_update(&h->st, p, n);
}

/* Ends with the last N bytes (a multiple of 8, fewer than 32). */
static uint64_t hash_final(rhash *h, const unsigned char *p, size_t n)
{
    hash_blocks(h, p, n);
    return XXH3_64bits_digest(&h->st);
}

static uint64_t hash_bytes(const unsigned char *p, size_t n, uint64_t seed)
{
    return XXH3_64bits_withSeed(p, n, seed);
}

/* The checksum of a header: its bytes before the checksum field, which
 * hold each section's checksum. */
static uint64_t file_checksum(const hdr *h)
{
    return hash_bytes((const unsigned char *)h, offsetof(hdr, checksum), 0);
}

/* A section's checksum: its bytes to the next multiple of 8 (the padding
 * that follows it, inside the file), seeded with its id. */
static uint32_t fold_sum(uint64_t x)
{
    return (uint32_t)(x ^ (x >> 32));
}

/* ---- writing -------------------------------------------------------------- */

typedef struct vec {
    unsigned char *p;
    size_t n, cap, size; /* N records of SIZE bytes */
} vec;

typedef struct wctx {
    rg_strmap interned; /* string -> offset in STRINGS */
    rg_buf strings;
    vec attrs, lists, cites, disputes;
    int oom, too_big;
    char real[PATH_MAX]; /* the JSON's real path: interned keys must outlive the write */
} wctx;

static void *vec_push(wctx *w, vec *v)
{
    if (v->n == v->cap) {
        size_t ncap = v->cap ? v->cap * 2 : 1024;
        unsigned char *np = realloc(v->p, ncap * v->size);
        if (np == NULL) {
            w->oom = 1;
            return NULL;
        }
        v->p = np;
        v->cap = ncap;
    }
    void *r = v->p + v->n++ * v->size;
    memset(r, 0, v->size);
    return r;
}

static uint32_t str_ref(wctx *w, const char *s)
{
    if (s == NULL)
        return NONE;
    int64_t off;
    if (rg_strmap_get(&w->interned, s, &off))
        return (uint32_t)off;
    size_t n = strlen(s) + 1;
    if (w->strings.len + n >= NONE) {
        w->too_big = 1;
        return NONE;
    }
    off = (int64_t)w->strings.len;
    rg_buf_add(&w->strings, s, n);
    if (w->strings.oom || rg_strmap_put(&w->interned, s, off) != 0)
        w->oom = 1;
    return (uint32_t)off;
}

static uint32_t count32(wctx *w, size_t n)
{
    if (n >= NONE)
        w->too_big = 1;
    return (uint32_t)n;
}

static void put_value(wctx *w, const rg_value *v, rvalue *o)
{
    o->type = (uint32_t)v->type;
    o->text = str_ref(w, v->text);
    switch (v->type) {
    case RG_T_STRING: o->a = str_ref(w, v->u.s); break;
    case RG_T_DATE:
        o->x = (uint64_t)(v->u.d.year * 10000L + v->u.d.month * 100L + v->u.d.day);
        break;
    case RG_T_BOOL: o->x = v->u.b ? 1 : 0; break;
    case RG_T_NUMBER: memcpy(&o->x, &v->u.n, sizeof o->x); break;
    case RG_T_LIST:
        o->a = count32(w, w->lists.n);
        o->b = count32(w, v->u.list.n);
        for (size_t i = 0; i < v->u.list.n; i++) {
            uint32_t *item = vec_push(w, &w->lists);
            if (item)
                *item = str_ref(w, v->u.list.items[i]);
        }
        break;
    }
}

static uint32_t put_cites(wctx *w, const rg_cite *c, size_t n)
{
    uint32_t first = count32(w, w->cites.n);
    for (size_t i = 0; i < n; i++) {
        rcite *o = vec_push(w, &w->cites);
        if (o == NULL)
            break;
        o->source = count32(w, (size_t)c[i].source);
        o->at = str_ref(w, c[i].at);
        o->quote = str_ref(w, c[i].quote);
    }
    return first;
}

/* Attributes, citations and disputes: their first record and counts, in the
 * order rnode and redge keep them. */
static void put_props(wctx *w, const rg_props *p, uint32_t out[6])
{
    out[0] = count32(w, w->attrs.n);
    out[1] = count32(w, p->nattrs);
    for (size_t i = 0; i < p->nattrs; i++) {
        rattr *a = vec_push(w, &w->attrs);
        if (a == NULL)
            return;
        a->def = (uint32_t)p->attrs[i].def;
        put_value(w, &p->attrs[i].value, &a->v);
    }
    out[2] = put_cites(w, p->cites, p->ncites);
    out[3] = count32(w, p->ncites);
    out[4] = count32(w, w->disputes.n);
    out[5] = count32(w, p->ndisputes);
    for (size_t i = 0; i < p->ndisputes; i++) {
        const rg_dispute *d = &p->disputes[i];
        uint32_t def = (uint32_t)d->def, is_null = (uint32_t)d->is_null;
        uint32_t note = str_ref(w, d->note);
        uint32_t cf = put_cites(w, d->cites, d->ncites), nc = count32(w, d->ncites);
        rvalue v;
        memset(&v, 0, sizeof v);
        if (!d->is_null)
            put_value(w, &d->value, &v);
        rdisp *o = vec_push(w, &w->disputes);
        if (o == NULL)
            return;
        o->def = def;
        o->is_null = is_null;
        o->note = note;
        o->cite_first = cf;
        o->ncites = nc;
        o->v = v;
    }
}

static rslot *put_index(wctx *w, const rg_strmap *m)
{
    rslot *s = calloc(m->cap ? m->cap : 1, sizeof *s);
    if (s == NULL) {
        w->oom = 1;
        return NULL;
    }
    for (size_t i = 0; i < m->cap; i++) {
        const char *k = rg_strmap_key(m, i);
        s[i].key = k ? str_ref(w, k) : NONE;
        s[i].value = k ? rg_strmap_value(m, i) : -1;
    }
    return s;
}

/* A sink that writes to F and hashes what it writes.  It writes in whole
 * chunks of 4 MiB: Linux then keeps the file in the page cache in large
 * folios, which a reader maps with 2 MiB pages; written 4 KiB at a time (as
 * stdio does), a million-node snapshot mapped in 4 KiB pages took ten times
 * as long to read through on a virtual machine, each page's first touch a
 * fault of the host. */
#define SINK_CHUNK ((size_t)4 << 20)

typedef struct sink {
    FILE *f;
    unsigned char *out; /* SINK_CHUNK bytes, NOUT of them pending; NULL: write through */
    size_t nout;
    uint64_t at; /* file offset */
    rhash h;
    unsigned char carry[32]; /* bytes not yet hashed (fewer than 32) */
    size_t ncarry;
    int bad;
} sink;

static void sink_write(sink *s, const void *data, size_t n)
{
    const unsigned char *p = data;
    if (n == 0)
        return; /* an empty section: DATA may be NULL */
    for (size_t done = 0; s->out && done < n;) {
        size_t take = SINK_CHUNK - s->nout < n - done ? SINK_CHUNK - s->nout : n - done;
        memcpy(s->out + s->nout, p + done, take);
        s->nout += take;
        done += take;
        if (s->nout == SINK_CHUNK && fwrite(s->out, 1, s->nout, s->f) != s->nout)
            s->bad = 1;
        if (s->nout == SINK_CHUNK)
            s->nout = 0;
    }
    if (!s->out && fwrite(p, 1, n, s->f) != n)
        s->bad = 1;
    s->at += n;
    if (s->ncarry) {
        size_t take = 32 - s->ncarry < n ? 32 - s->ncarry : n;
        memcpy(s->carry + s->ncarry, p, take);
        s->ncarry += take;
        p += take;
        n -= take;
        if (s->ncarry < 32)
            return;
        hash_blocks(&s->h, s->carry, 32);
        s->ncarry = 0;
    }
    size_t whole = n / 32 * 32;
    hash_blocks(&s->h, p, whole);
    memcpy(s->carry, p + whole, n - whole);
    s->ncarry = n - whole;
}

/* Ends the section being written (if any) at the next 8-byte boundary and
 * records its checksum. */
static void sink_end(sink *s, hdr *h)
{
    static const unsigned char zero[8] = {0};
    if (s->at % 8)
        sink_write(s, zero, 8 - s->at % 8);
    if (h->nsections)
        h->sections[h->nsections - 1].sum = fold_sum(hash_final(&s->h, s->carry, s->ncarry));
    s->ncarry = 0;
}

/* Starts section ID of N bytes at the next 8-byte boundary. */
static void sink_begin(sink *s, hdr *h, uint32_t id, size_t n)
{
    sink_end(s, h);
    hash_init(&s->h, id);
    sect *e = &h->sections[h->nsections++];
    e->id = id;
    e->offset = s->at;
    e->length = n;
}

static void sink_section(sink *s, hdr *h, uint32_t id, const void *data, size_t n)
{
    sink_begin(s, h, id, n);
    sink_write(s, data, n);
}

typedef struct built {
    meta m;
    rnode *nodes;
    redge *edges;
    rslot *ids, *names;
    rpost *post;
    rg_entities ent;          /* under the schema's alias edges */
    unsigned char *ent_kinds; /* those kinds, a byte an edge kind */
    rg_quotient q;            /* its adjacency, under Q_KINDS (none: q.adj NULL) */
    unsigned char *q_kinds;
} built;

static void build_records(wctx *w, const rg_graph *g, built *b)
{
    b->nodes = calloc(g->nnodes ? g->nnodes : 1, sizeof *b->nodes);
    b->edges = calloc(g->nedges ? g->nedges : 1, sizeof *b->edges);
    b->post = calloc(g->npost ? g->npost : 1, sizeof *b->post);
    if (b->nodes == NULL || b->edges == NULL || b->post == NULL) {
        w->oom = 1;
        return;
    }
    for (size_t i = 0; i < g->nnodes && !w->oom; i++) {
        const rg_node *n = &g->nodes[i];
        rnode *o = &b->nodes[i];
        uint32_t pr[6];
        o->id = str_ref(w, n->id);
        o->name = str_ref(w, n->name);
        o->kind = (uint32_t)n->kind;
        o->line = (uint32_t)n->p.line;
        o->column = (uint32_t)n->p.column;
        put_props(w, &n->p, pr);
        o->attr_first = pr[0], o->nattrs = pr[1], o->cite_first = pr[2], o->ncites = pr[3];
        o->disp_first = pr[4], o->ndisp = pr[5];
        o->alias_first = count32(w, w->lists.n);
        o->naliases = count32(w, n->naliases);
        for (size_t a = 0; a < n->naliases; a++) {
            uint32_t *item = vec_push(w, &w->lists);
            if (item)
                *item = str_ref(w, n->aliases[a]);
        }
    }
    for (size_t i = 0; i < g->nedges && !w->oom; i++) {
        const rg_edge *e = &g->edges[i];
        redge *o = &b->edges[i];
        uint32_t pr[6];
        o->kind = (uint32_t)e->kind;
        o->line = (uint32_t)e->p.line;
        o->column = (uint32_t)e->p.column;
        put_props(w, &e->p, pr);
        o->attr_first = pr[0], o->nattrs = pr[1], o->cite_first = pr[2], o->ncites = pr[3];
        o->disp_first = pr[4], o->ndisp = pr[5];
    }
    for (size_t i = 0; i < g->npost; i++)
        b->post[i] = (rpost){g->post[i].node, g->post[i].next};
    b->ids = put_index(w, &g->id_index);
    b->names = put_index(w, &g->name_index);
}

static void fill_meta(wctx *w, const rg_graph *g, const rg_load_info *info, const char *json_path,
                      meta *m)
{
    memset(m, 0, sizeof *m);
    m->nnodes = g->nnodes;
    m->nedges = g->nedges;
    m->npost = g->npost;
    m->id_cap = g->id_index.cap;
    m->id_count = g->id_index.count;
    m->name_cap = g->name_index.cap;
    m->name_count = g->name_index.count;
    m->as_of_year = g->as_of_given.year;
    m->as_of_month = g->as_of_given.month;
    m->as_of_day = g->as_of_given.day;
    m->date_year = g->as_of.year;
    m->date_month = g->as_of.month;
    m->date_day = g->as_of.day;
    m->date_from = g->as_of_from == NULL ? 0 : g->as_of_given.year ? 1 : 2;
    m->title = str_ref(w, g->title);
    /* absolute, so that the snapshot finds its JSON from any folder */
    m->json_path = str_ref(w, realpath(json_path, w->real) ? w->real : json_path);
    m->schema_text = str_ref(w, info->schema_text);
    m->schema_name = str_ref(w, info->schema_name);
    m->schema_real = str_ref(w, info->schema_real);
    struct stat st;
    if (info->schema_real && stat(info->schema_real, &st) == 0) {
        m->schema_size = (uint64_t)st.st_size;
        m->schema_mtime_sec = (int64_t)st.st_mtim.tv_sec;
        m->schema_mtime_nsec = (int64_t)st.st_mtim.tv_nsec;
        m->schema_ino = (uint64_t)st.st_ino;
    }
}

/* ---- the image ------------------------------------------------------------
 *
 * Nodes, edges, attributes, lists, citations and disputes are written as the
 * graph's own records (rg_node, rg_edge, ...), their pointers set for the
 * file mapped at RGC_BASE.  Mapped there, a command reads them where they
 * lie, once checked: at a million nodes, building them into 950 MB of fresh
 * memory (which the kernel zeroes first) took most of every command's time.
 * Mapped elsewhere (the address taken, a second snapshot, a buffer), the
 * reader moves each pointer as it checks it.  An address in the middle of
 * x86-64's and arm64's user space, clear of where the heap, the libraries
 * and the stack go and of AddressSanitizer's shadow. */
#define RGC_BASE ((uintptr_t)0x200000000000ULL)

typedef struct image {
    uint64_t off[S_LAST + 1]; /* where each section will start */
    const rg_graph *g;
    const wctx *w;
    const built *b;
} image;

static const char *wstr(const image *im, uint32_t ref)
{
    return ref == NONE ? NULL : (const char *)(RGC_BASE + im->off[S_STRINGS] + ref);
}

/* N records of SIZE from FIRST in section ID; NULL when N is 0. */
static void *wrecs(const image *im, int id, size_t size, uint32_t first, uint32_t n)
{
    return n ? (void *)(RGC_BASE + im->off[id] + (uintptr_t)first * size) : NULL;
}

static void wvalue(const image *im, const rvalue *in, rg_value *o)
{
    o->type = (rg_type)in->type;
    o->text = wstr(im, in->text);
    switch (o->type) {
    case RG_T_STRING: o->u.s = wstr(im, in->a); break;
    case RG_T_DATE:
        o->u.d = (rg_date){(int)(in->x / 10000), (int)(in->x / 100 % 100), (int)(in->x % 100)};
        break;
    case RG_T_BOOL: o->u.b = (int)in->x; break;
    case RG_T_NUMBER: memcpy(&o->u.n, &in->x, sizeof o->u.n); break;
    case RG_T_LIST:
        /* never NULL, as a list read from JSON */
        o->u.list.items =
            (const char **)(RGC_BASE + im->off[S_LISTS] + (uintptr_t)in->a * sizeof(const char *));
        o->u.list.n = in->b;
        break;
    }
}

/* IN: attr_first, nattrs, cite_first, ncites, disp_first, ndisp */
static void wprops(const image *im, const uint32_t *in, uint32_t line, uint32_t column, rg_props *p)
{
    p->attrs = wrecs(im, S_ATTRS, sizeof(rg_attr), in[0], in[1]);
    p->nattrs = in[1];
    p->cites = wrecs(im, S_CITES, sizeof(rg_cite), in[2], in[3]);
    p->ncites = in[3];
    p->disputes = wrecs(im, S_DISPUTES, sizeof(rg_dispute), in[4], in[5]);
    p->ndisputes = in[5];
    p->line = (int)line;
    p->column = (int)column;
}

/* Record I of each section, into O (zeroed: padding is written as 0). */
static void wnode(const image *im, size_t i, void *o)
{
    const rnode *x = &im->b->nodes[i];
    rg_node *n = o;
    n->id = wstr(im, x->id);
    n->name = wstr(im, x->name);
    n->kind = (int)x->kind;
    n->aliases = wrecs(im, S_LISTS, sizeof(const char *), x->alias_first, x->naliases);
    n->naliases = x->naliases;
    wprops(im, &x->attr_first, x->line, x->column, &n->p);
}

static void wedge(const image *im, size_t i, void *o)
{
    const redge *x = &im->b->edges[i];
    rg_edge *e = o;
    e->from = im->g->edges[i].from;
    e->to = im->g->edges[i].to;
    e->kind = (int)x->kind;
    wprops(im, &x->attr_first, x->line, x->column, &e->p);
}

static void wattr(const image *im, size_t i, void *o)
{
    const rattr *x = (const rattr *)(const void *)im->w->attrs.p + i;
    rg_attr *a = o;
    a->def = (int)x->def;
    wvalue(im, &x->v, &a->value);
}

static void wlist(const image *im, size_t i, void *o)
{
    const char *p = wstr(im, ((const uint32_t *)(const void *)im->w->lists.p)[i]);
    memcpy(o, &p, sizeof p);
}

static void wcite(const image *im, size_t i, void *o)
{
    const rcite *x = (const rcite *)(const void *)im->w->cites.p + i;
    rg_cite *c = o;
    c->source = x->source;
    c->at = wstr(im, x->at);
    c->quote = wstr(im, x->quote);
}

static void wdisp(const image *im, size_t i, void *o)
{
    const rdisp *x = (const rdisp *)(const void *)im->w->disputes.p + i;
    rg_dispute *d = o;
    d->def = (int)x->def;
    d->is_null = (int)x->is_null;
    if (!x->is_null)
        wvalue(im, &x->v, &d->value); /* a null's value stays zero: text NULL */
    d->note = wstr(im, x->note);
    d->cites = wrecs(im, S_CITES, sizeof(rg_cite), x->cite_first, x->ncites);
    d->ncites = x->ncites;
}

/* Writes section ID: N records of SIZE, each made by PUT. */
static void sink_records(sink *s, hdr *h, const image *im, uint32_t id, size_t n, size_t size,
                         void (*put)(const image *, size_t, void *))
{
    unsigned char buf[16384];
    size_t per = sizeof buf / size;
    sink_begin(s, h, id, n * size);
    if (s->at != im->off[id])
        s->bad = 1; /* the pointers were made for another layout: never */
    for (size_t i = 0; i < n; i += per) {
        size_t k = n - i < per ? n - i : per;
        memset(buf, 0, k * size);
        for (size_t j = 0; j < k; j++)
            put(im, i + j, buf + j * size);
        sink_write(s, buf, k * size);
    }
}

static void write_sections(sink *s, hdr *h, const rg_graph *g, const wctx *w, const built *b)
{
    image im;
    memset(&im, 0, sizeof im);
    im.g = g;
    im.w = w;
    im.b = b;
    /* where the sections will lie, in the order written below */
    const size_t len[] = {sizeof b->m,
                          w->strings.len,
                          g->nnodes * sizeof(rg_node),
                          g->nedges * sizeof(rg_edge),
                          w->attrs.n * sizeof(rg_attr),
                          w->lists.n * sizeof(const char *)};
    uint64_t at = HDR_SIZE;
    for (int i = 0; i < (int)(sizeof len / sizeof *len); i++) {
        at = (at + 7) & ~(uint64_t)7;
        im.off[S_META + i] = at;
        at += len[i];
    }
    im.off[S_CITES] = (at + 7) & ~(uint64_t)7;
    im.off[S_DISPUTES] = (im.off[S_CITES] + w->cites.n * sizeof(rg_cite) + 7) & ~(uint64_t)7;
    sink_section(s, h, S_META, &b->m, sizeof b->m);
    sink_section(s, h, S_STRINGS, w->strings.data, w->strings.len);
    sink_records(s, h, &im, S_NODES, g->nnodes, sizeof(rg_node), wnode);
    sink_records(s, h, &im, S_EDGES, g->nedges, sizeof(rg_edge), wedge);
    sink_records(s, h, &im, S_ATTRS, w->attrs.n, sizeof(rg_attr), wattr);
    sink_records(s, h, &im, S_LISTS, w->lists.n, sizeof(const char *), wlist);
    sink_records(s, h, &im, S_CITES, w->cites.n, sizeof(rg_cite), wcite);
    sink_records(s, h, &im, S_DISPUTES, w->disputes.n, sizeof(rg_dispute), wdisp);
    const igraph_vector_int_t *v[6] = {&g->ig.from, &g->ig.to, &g->ig.oi,
                                       &g->ig.ii,   &g->ig.os, &g->ig.is};
    for (int i = 0; i < 6; i++)
        sink_section(s, h, (uint32_t)(S_IG_FROM + i), VECTOR(*v[i]),
                     (size_t)igraph_vector_int_size(v[i]) * sizeof(igraph_integer_t));
    sink_section(s, h, S_ID_INDEX, b->ids, g->id_index.cap * sizeof *b->ids);
    sink_section(s, h, S_NAME_INDEX, b->names, g->name_index.cap * sizeof *b->names);
    sink_section(s, h, S_POSTINGS, b->post, g->npost * sizeof *b->post);
    size_t n = g->nnodes;
    sink_section(s, h, S_ENT_KINDS, b->ent_kinds, g->schema->n_edge_kinds);
    sink_section(s, h, S_ENT_REP, b->ent.rep, n * sizeof *b->ent.rep);
    sink_section(s, h, S_ENT_MSTART, b->ent.member_start, (n + 1) * sizeof *b->ent.member_start);
    sink_section(s, h, S_ENT_MEMBERS, b->ent.members, n * sizeof *b->ent.members);
    sink_section(s, h, S_ENT_ASTART, b->ent.alias_start, (n + 1) * sizeof *b->ent.alias_start);
    sink_section(s, h, S_ENT_ALIAS, b->ent.alias, b->ent.alias_start[n] * sizeof *b->ent.alias);
    int have_q = b->q.adj != NULL && b->q.n > 0;
    sink_section(s, h, S_Q_KINDS, b->q_kinds, have_q ? g->schema->n_edge_kinds : 0);
    sink_section(s, h, S_Q_START, b->q.adj_start, have_q ? (b->q.n + 1) * sizeof(uint32_t) : 0);
    sink_section(s, h, S_Q_ADJ, b->q.adj,
                 have_q ? (size_t)b->q.adj_start[b->q.n] * sizeof(uint32_t) : 0);
    sink_end(s, h);
}

static void fill_header(hdr *h, const rg_graph *g, const struct stat *json_st)
{
    memset(h, 0, sizeof *h);
    memcpy(h->magic, magic, sizeof magic);
    h->version = RG_RGC_VERSION;
    h->endian = ENDIAN_MARK;
    h->json_size = (uint64_t)json_st->st_size;
    h->json_mtime_sec = (int64_t)json_st->st_mtim.tv_sec;
    h->json_mtime_nsec = (int64_t)json_st->st_mtim.tv_nsec;
    h->json_ino = (uint64_t)json_st->st_ino;
    h->json_dev = (uint64_t)json_st->st_dev;
    memcpy(h->sha256, g->sha256, 64);
}

/* The quotient adjacency `risks` asks for unless told otherwise (the
 * schema's in_paths kinds minus its skip and alias edges, over B's
 * entities), so that loading it is a look-up (rg_graph.q_adj): none (B->q
 * empty) when it does not fit 32 bits. */
static rg_status build_quotient(const rg_graph *g, built *b, rg_error *err)
{
    unsigned char *skip = NULL, *alias = NULL;
    rg_status st;
    if ((st = rg_edge_kind_flags(g, g->schema->roles[RG_ROLE_SKIP_EDGES], "skip_edges", &skip,
                                 err)) != RG_OK ||
        (st = rg_edge_kind_flags(g, g->schema->roles[RG_ROLE_ALIAS_EDGES], "alias_edges", &alias,
                                 err)) != RG_OK) {
        free(skip);
        return st;
    }
    size_t nk = g->schema->n_edge_kinds;
    b->q_kinds = calloc(nk ? nk : 1, 1);
    if (b->q_kinds == NULL)
        st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t k = 0; st == RG_OK && k < nk; k++)
        b->q_kinds[k] = g->schema->edge_kinds[k].in_paths && !skip[k] && !alias[k];
    free(skip);
    free(alias);
    if (st == RG_OK &&
        (st = rg_quotient_init(g, b->q_kinds, &b->ent, RG_Q_ADJ, &b->q, err)) == RG_ELIMIT) {
        memset(&b->q, 0, sizeof b->q); /* too large to store: built by whoever asks */
        st = RG_OK;
    }
    return st;
}

rg_status rg_rgc_write(const rg_graph *g, const rg_load_info *info, const char *json_path,
                       const struct stat *json_st, FILE *f, rg_error *err)
{
    if (!g->ig_ready || info == NULL || info->schema_text == NULL || g->base)
        return rg_error_set(err, RG_EUSAGE, NULL, 0, 0,
                            "only a catalogue loaded from JSON compiles");
    built b;
    memset(&b, 0, sizeof b);
    /* the entity map commands ask for unless told otherwise, so that
     * loading it is a look-up (rg_graph.entities) */
    const char *alias = g->schema->roles[RG_ROLE_ALIAS_EDGES];
    rg_status est = rg_edge_kind_flags(g, alias, "alias_edges", &b.ent_kinds, err);
    if (est == RG_OK && (est = rg_entities_init(g, alias, 1, &b.ent, err)) != RG_OK) {
        free(b.ent_kinds);
        return est;
    } else if (est != RG_OK) {
        return est;
    }
    if ((est = build_quotient(g, &b, err)) != RG_OK) {
        free(b.ent_kinds);
        free(b.q_kinds);
        rg_entities_destroy(&b.ent);
        rg_quotient_destroy(&b.q);
        return est;
    }
    wctx w;
    memset(&w, 0, sizeof w);
    rg_strmap_init(&w.interned);
    rg_buf_init(&w.strings);
    w.attrs.size = sizeof(rattr);
    w.lists.size = sizeof(uint32_t);
    w.cites.size = sizeof(rcite);
    w.disputes.size = sizeof(rdisp);
    rg_buf_add(&w.strings, "", 1); /* offset 0 is the empty string */
    build_records(&w, g, &b);
    fill_meta(&w, g, info, json_path, &b.m);
    b.m.nattrs = w.attrs.n;
    b.m.nlists = w.lists.n;
    b.m.ncites = w.cites.n;
    b.m.ndisputes = w.disputes.n;
    b.m.nstrings = w.strings.len;
    b.m.image_base = RGC_BASE;
    b.m.node_size = sizeof(rg_node);
    b.m.edge_size = sizeof(rg_edge);
    b.m.attr_size = sizeof(rg_attr);
    b.m.cite_size = sizeof(rg_cite);
    b.m.disp_size = sizeof(rg_dispute);
    b.m.ptr_size = sizeof(void *);
    b.m.q_n = b.q.adj ? b.q.n : 0; /* 0: none stored (write_sections) */
    rg_status st = RG_OK;
    if (w.oom || w.strings.oom) {
        st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory compiling");
    } else if (w.too_big) {
        st = rg_error_set(err, RG_ELIMIT, NULL, 0, 0,
                          "the catalogue is too large for a compiled catalogue (4 GiB of text "
                          "or 4 billion records)");
    } else {
        hdr h;
        fill_header(&h, g, json_st);
        sink s;
        memset(&s, 0, sizeof s);
        hash_init(&s.h, 0); /* the header's bytes: hashed, then dropped (sink_begin) */
        s.f = f;
        s.out = malloc(SINK_CHUNK); /* without it, written through */
        /* stdio would keep a chunk's last block back, and the next write
         * would start off the chunk's boundary: F is new, nothing written */
        if (s.out)
            (void)setvbuf(f, NULL, _IONBF, 0);
        sink_write(&s, &h, sizeof h); /* a placeholder, rewritten below */
        write_sections(&s, &h, g, &w, &b);
        h.file_size = s.at;
        h.checksum = file_checksum(&h);
        if (s.out && s.nout && fwrite(s.out, 1, s.nout, f) != s.nout)
            s.bad = 1;
        free(s.out);
        if (s.bad || fseek(f, 0, SEEK_SET) != 0 || fwrite(&h, sizeof h, 1, f) != 1 ||
            fflush(f) != 0)
            st = rg_error_set(err, RG_EIO, NULL, 0, 0, "unable to write: %s", strerror(errno));
    }
    free(b.nodes);
    free(b.edges);
    free(b.post);
    free(b.ids);
    free(b.names);
    free(b.ent_kinds);
    rg_entities_destroy(&b.ent);
    free(b.q_kinds);
    rg_quotient_destroy(&b.q);
    free(w.attrs.p);
    free(w.lists.p);
    free(w.cites.p);
    free(w.disputes.p);
    rg_buf_destroy(&w.strings);
    rg_strmap_destroy(&w.interned);
    return st;
}

/* ---- reading ---------------------------------------------------------------- */

typedef struct rctx {
    const unsigned char *base;
    size_t len;
    const hdr *h;
    const unsigned char *sec[S_LAST + 1];
    uint64_t seclen[S_LAST + 1];
    const meta *m;
    const char *str;
    uint64_t nstr;
    const char *name;
    rg_error *err;
    rg_graph *g;
    int mapped;                    /* BASE is a read-only mapping (else malloc'd) */
    uintptr_t wbase;               /* where the records' pointers assume the file lies */
    int move;                      /* it does not: move each pointer as it is checked */
    uint64_t next_attr, next_disp; /* the first attribute and dispute of the next element */
    /* each section's checksum, computed as its records are checked (the
     * bytes are then read from memory once, not once for each): bytes
     * hashed, the bytes to hash (length to a multiple of 8), the sum the
     * table records */
    rhash sum[S_LAST + 1];
    uint64_t summed[S_LAST + 1], sumlen[S_LAST + 1];
    uint32_t want_sum[S_LAST + 1], got_sum[S_LAST + 1];
    int summing; /* the table is checked: the sums can be finished */
    /* sections checked (checksum included) when first used, not as the
     * file loads (rg_graph.lazy) */
    unsigned char deferred[S_LAST + 1];
    /* each node's kind, packed: the edge and citation checks look them up
     * at random, and a byte a node stays in cache where rg_node's 96 do not
     * (4 bytes when the schema has more than 256 kinds) */
    unsigned char *kinds8;
    int32_t *kinds32;
    /* sections whose checksums a second thread computes while this one
     * checks their records (bg.of[id]: sum_to leaves them alone) */
    struct bgsum {
        pthread_t thread;
        int running, avx2;
        /* ORDER: the thread checks the edge index too (order_ok, with SEEN
         * of its own), IN_ORDER its answer */
        int order, in_order;
        struct rctx *r;
        unsigned char *seen;
        unsigned char of[S_LAST + 1];
        const unsigned char *sec[S_LAST + 1];
        uint64_t len[S_LAST + 1];
        uint32_t got[S_LAST + 1];
    } bg;
} rctx;

static size_t kind_of(const rctx *r, int64_t node)
{
    return r->kinds8 ? r->kinds8[node] : (size_t)r->kinds32[node];
}

#define SUM_CHUNK ((uint64_t)64 << 10)

/* Hashes section ID on to at least byte UPTO.  The last bytes (fewer than a
 * block) end the sum at once: a record that lies in them may be moved
 * (rctx.move) right after. */
static void sum_more(rctx *r, int id, uint64_t upto)
{
    uint64_t end = r->sumlen[id] / 32 * 32, to = r->summed[id] + SUM_CHUNK;
    to = to < upto ? upto : to;
    to = to > end ? end : to / 32 * 32;
    if (to > r->summed[id]) {
        hash_blocks(&r->sum[id], r->sec[id] + r->summed[id], to - r->summed[id]);
        r->summed[id] = to;
    }
    if (upto > end && r->summed[id] == end) {
        r->got_sum[id] = fold_sum(hash_final(&r->sum[id], r->sec[id] + end, r->sumlen[id] - end));
        r->summed[id] = r->sumlen[id] + 1; /* past the end: done */
    }
}

/* Section ID's bytes up to UPTO are about to be checked (and perhaps moved):
 * hash them first, while they pass through the cache. */
static inline void sum_to(rctx *r, int id, uint64_t upto)
{
    if (upto > r->summed[id] && !r->bg.of[id])
        sum_more(r, id, upto);
}

static int order_ok(rctx *r, int order_id, const int64_t *a, const int64_t *b, int start_id,
                    uint64_t n, uint64_t m, unsigned char *seen);
static int index_in_order(rctx *r, unsigned char *seen);

static void *bg_run(void *arg)
{
    struct bgsum *b = arg;
    /* the checks of the edge index read only its own sections and the
     * edges' ends, which nothing moves (rctx.move is 0 here): they run here
     * while the first thread checks the records */
    if (b->order)
        b->in_order = index_in_order(b->r, b->seen);
    /* last section first: the checks start with the first, so that each
     * thread is the first to read about half of the bytes (on a virtual
     * machine, a page's first read in a process costs several later ones) */
    for (int id = S_LAST; id >= 1; id--)
        if (b->of[id])
            b->got[id] = fold_sum(b->avx2 ? rg_xxh3_avx2(b->sec[id], b->len[id], (uint64_t)id)
                                          : hash_bytes(b->sec[id], b->len[id], (uint64_t)id));
    return NULL;
}

/* Hands the checksums of the sections checked at load (but the summary and
 * the strings, done already) to a second thread: hashing is a third of a
 * load's time, and the machine's other core is otherwise idle.  Only when
 * the records are read where they lie, unmoved (rctx.move moves a pointer
 * after its bytes are hashed); without a thread, all is hashed here. */
static void bg_launch(rctx *r, const unsigned char *want, int order)
{
    struct bgsum *b = &r->bg;
    b->avx2 = rg_xxh3_avx2_ok();
    b->r = r;
    b->seen = order ? rg_big_alloc(r->m->nedges / 8 + 1) : NULL;
    b->order = b->seen != NULL; /* else checked by the first thread */
    for (int id = 1; id <= S_LAST; id++) {
        b->of[id] = want[id] && r->summed[id] == 0;
        b->sec[id] = r->sec[id];
        b->len[id] = r->sumlen[id];
    }
    if (pthread_create(&b->thread, NULL, bg_run, b) == 0) {
        b->running = 1;
        return;
    }
    memset(b->of, 0, sizeof b->of);
    free(b->seen);
    b->seen = NULL;
    b->order = 0;
}

static void bg_start(rctx *r)
{
    unsigned char want[S_LAST + 1];
    for (int id = 1; id <= S_LAST; id++)
        want[id] = !r->deferred[id] && id != S_META && id != S_STRINGS;
    if (!r->move)
        bg_launch(r, want, 1);
}

/* Waits for the second thread (if any): its checksums are then R's, and
 * the file may be unmapped. */
static void bg_join(rctx *r)
{
    struct bgsum *b = &r->bg;
    if (!b->running)
        return;
    pthread_join(b->thread, NULL);
    b->running = 0;
    free(b->seen);
    b->seen = NULL;
    for (int id = 1; id <= S_LAST; id++)
        if (b->of[id]) {
            r->got_sum[id] = b->got[id];
            r->summed[id] = r->sumlen[id] + 1; /* done */
            b->of[id] = 0;
        }
}

/* Finishes section ID's checksum: 0 when it is the one recorded. */
static int sum_done(rctx *r, int id)
{
    if (r->bg.of[id])
        bg_join(r);
    sum_to(r, id, r->sumlen[id] + 1);
    return r->got_sum[id] == r->want_sum[id] ? 0 : -1;
}

/* Every section's checksum (DEFERRED ones too when ALL): 0 when all are right. */
static int sums_done(rctx *r, int all)
{
    int bad = 0;
    for (int id = 1; id <= S_LAST; id++)
        if (all || !r->deferred[id])
            bad |= sum_done(r, id);
    return bad;
}

static rg_status damaged(rctx *r, const char *what)
{
    /* damage the checks met first is still reported as damage */
    if (r->summing) {
        r->summing = 0;
        if (sums_done(r, 1) != 0)
            what = "its checksum does not match (the file is damaged)";
    }
    return rg_error_set(r->err, RG_ESYNTAX, r->name, 0, 0,
                        "'%s' is not a usable compiled catalogue: %s; compile it again with "
                        "'relgraph compile'",
                        r->name, what);
}

static rg_status check_header(const hdr *h, size_t len, const char *name, rg_error *err)
{
    if (len < HDR_SIZE || memcmp(h->magic, magic, sizeof magic) != 0)
        return rg_error_set(err, RG_ESYNTAX, name, 0, 0,
                            "'%s' is not a compiled catalogue (no relgraph snapshot header)", name);
    if (h->endian != ENDIAN_MARK)
        return rg_error_set(err, RG_ESYNTAX, name, 0, 0,
                            "'%s' was compiled on a machine of another byte order; compile it "
                            "again here with 'relgraph compile'",
                            name);
    if (h->version != RG_RGC_VERSION)
        return rg_error_set(err, RG_ESYNTAX, name, 0, 0,
                            "'%s' is a compiled catalogue of format version %u; this relgraph "
                            "reads version %d: compile it again with 'relgraph compile'",
                            name, h->version, RG_RGC_VERSION);
    return RG_OK;
}

/* The section table: every section once, inside the file, aligned, and the
 * checksum right. */
static rg_status check_sections(rctx *r)
{
    const hdr *h = r->h;
    if (h->file_size != r->len || r->len % 8)
        return damaged(r, "its length is not the one recorded (truncated?)");
    if (h->nsections != S_LAST)
        return damaged(r, "its section table is wrong");
    for (uint32_t i = 0; i < h->nsections; i++) {
        const sect *s = &h->sections[i];
        if (s->id < 1 || s->id > S_LAST || r->sec[s->id] || s->offset < HDR_SIZE || s->offset % 8 ||
            s->offset > r->len || s->length > r->len - s->offset)
            return damaged(r, "a section lies outside the file");
        r->sec[s->id] = r->base + s->offset;
        r->seclen[s->id] = s->length;
        r->sumlen[s->id] = (s->length + 7) & ~(uint64_t)7; /* inside: the file ends at 8 */
        r->want_sum[s->id] = s->sum;
        hash_init(&r->sum[s->id], s->id);
    }
    if (file_checksum(h) != h->checksum)
        return damaged(r, "its checksum does not match (the file is damaged)");
    r->summing = 1;
    if (sum_done(r, S_META) != 0)
        return damaged(r, "its checksum does not match (the file is damaged)");
    if (r->seclen[S_META] != sizeof(meta))
        return damaged(r, "its summary section is wrong");
    r->m = (const meta *)r->sec[S_META];
    return RG_OK;
}

/* Each section holds exactly the records the summary counts. */
static rg_status check_counts(rctx *r)
{
    const meta *m = r->m;
    if (m->node_size != sizeof(rg_node) || m->edge_size != sizeof(rg_edge) ||
        m->attr_size != sizeof(rg_attr) || m->cite_size != sizeof(rg_cite) ||
        m->disp_size != sizeof(rg_dispute) || m->ptr_size != sizeof(void *))
        return damaged(r, "it was written by a relgraph built with other record sizes");
    const struct {
        int id;
        uint64_t n, size;
    } want[] = {
        {S_STRINGS, m->nstrings, 1},
        {S_NODES, m->nnodes, sizeof(rg_node)},
        {S_EDGES, m->nedges, sizeof(rg_edge)},
        {S_ATTRS, m->nattrs, sizeof(rg_attr)},
        {S_LISTS, m->nlists, sizeof(const char *)},
        {S_CITES, m->ncites, sizeof(rg_cite)},
        {S_DISPUTES, m->ndisputes, sizeof(rg_dispute)},
        {S_IG_FROM, m->nedges, 8},
        {S_IG_TO, m->nedges, 8},
        {S_IG_OI, m->nedges, 8},
        {S_IG_II, m->nedges, 8},
        {S_IG_OS, m->nnodes + 1, 8},
        {S_IG_IS, m->nnodes + 1, 8},
        {S_ID_INDEX, m->id_cap, sizeof(rslot)},
        {S_NAME_INDEX, m->name_cap, sizeof(rslot)},
        {S_POSTINGS, m->npost, sizeof(rpost)},
        {S_ENT_REP, m->nnodes, 8},
        {S_ENT_MSTART, m->nnodes + 1, 8},
        {S_ENT_MEMBERS, m->nnodes, 8},
        {S_ENT_ASTART, m->nnodes + 1, 8},
        {S_ENT_ALIAS, r->seclen[S_ENT_ALIAS] / 8, 8}, /* its count: the last alias start */
        {S_Q_START, m->q_n ? m->q_n + 1 : 0, 4},
        {S_Q_ADJ, r->seclen[S_Q_ADJ] / 4, 4}, /* its count: the last start */
    };
    for (size_t i = 0; i < sizeof want / sizeof *want; i++)
        if (want[i].n > r->len || want[i].n * want[i].size != r->seclen[want[i].id])
            return damaged(r, "a section's length does not match its count");
    if (m->nnodes >= INT32_MAX || m->nedges >= INT32_MAX)
        return damaged(r, "too many nodes or edges");
    r->str = (const char *)r->sec[S_STRINGS];
    r->nstr = m->nstrings;
    if (r->nstr == 0 || r->str[r->nstr - 1] != '\0')
        return damaged(r, "its strings are not terminated");
    /* strings reach terminals and documents: as in JSON, only UTF-8 */
    for (uint64_t i = 0; i < r->nstr;) {
        sum_to(r, S_STRINGS, i + 8);
        uint64_t w;
        if (i + 8 <= r->nstr && (memcpy(&w, r->str + i, 8), (w & 0x8080808080808080ULL) == 0)) {
            i += 8; /* eight ASCII bytes */
            continue;
        }
        unsigned char c = (unsigned char)r->str[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        uint32_t cp;
        size_t k = rg_utf8_decode(r->str + i, r->nstr - i, &cp);
        if (cp == RG_UTF8_BAD)
            return damaged(r, "a string is not UTF-8");
        i += k;
    }
    /* the schema and the source's path are read from them next */
    if (sum_done(r, S_STRINGS) != 0)
        return damaged(r, "its checksum does not match (the file is damaged)");
    return RG_OK;
}

/* A string reference: NULL for NONE when OPTIONAL; *BAD set when out of range. */
static const char *sref(const rctx *r, uint32_t ref, int optional, int *bad)
{
    if (ref == NONE && optional)
        return NULL;
    if (ref >= r->nstr) {
        *bad = 1;
        return "";
    }
    return r->str + ref;
}

static int range_ok(uint64_t first, uint64_t n, uint64_t total)
{
    return first <= total && n <= total - first;
}

/* A string pointer in a record: checked to lie in the pool and, when the
 * file lies elsewhere than it was written for, moved there.  NULL only when
 * OPTIONAL. */
static int fix_str(const rctx *r, const char **slot, int optional)
{
    if (*slot == NULL)
        return optional ? 0 : -1;
    uint64_t off =
        (uint64_t)((uintptr_t)*slot - r->wbase) - (uint64_t)(r->str - (const char *)r->base);
    if (off >= r->nstr)
        return -1;
    if (r->move)
        *slot = r->str + off;
    return 0;
}

/* A pointer (in *SLOT, of any record type) to N records of SIZE in section
 * ID of COUNT records: NULL when N is 0 and NULLABLE, else at a record's start
 * with N records from there.  Moved like a string; returns the index of its
 * first record, or -1. */
static int64_t fix_recs(const rctx *r, void *slot, int id, size_t size, uint64_t n, uint64_t count,
                        int nullable)
{
    const void *p;
    memcpy(&p, slot, sizeof p);
    if (p == NULL)
        return nullable && n == 0 ? 0 : -1;
    if (nullable && n == 0)
        return -1;
    uint64_t off = (uint64_t)((uintptr_t)p - r->wbase) - (uint64_t)(r->sec[id] - r->base);
    if (off % size || !range_ok(off / size, n, count))
        return -1;
    if (r->move) {
        p = r->sec[id] + off;
        memcpy(slot, &p, sizeof p);
    }
    return (int64_t)(off / size);
}

static int fix_value(const rctx *r, rg_value *v, const rg_attr_def *def)
{
    if (v->type != def->type || fix_str(r, &v->text, 1) != 0)
        return -1;
    switch (def->type) {
    case RG_T_STRING: return fix_str(r, &v->u.s, 0);
    case RG_T_DATE: {
        rg_date d = v->u.d;
        return d.year < 0 || d.year > 9999 || d.month < 0 || d.month > 12 || d.day < 0 ||
                       d.day > 31 || (d.day && !d.month)
                   ? -1
                   : 0;
    }
    case RG_T_BOOL: return v->u.b == 0 || v->u.b == 1 ? 0 : -1;
    case RG_T_NUMBER: return fabs(v->u.n) <= 9007199254740992.0 ? 0 : -1;
    case RG_T_LIST:
        return fix_recs(r, &v->u.list.items, S_LISTS, sizeof(const char *), v->u.list.n,
                        r->m->nlists, 0) < 0
                   ? -1
                   : 0;
    }
    return -1;
}

/* The properties of a node or edge of kind K.  Its attributes and disputes
 * follow those of the element before it (as written), so that each record
 * is checked, and moved, exactly once. */
static int read_props(rctx *r, const rg_kind *k, rg_props *p)
{
    const meta *m = r->m;
    int64_t a = fix_recs(r, &p->attrs, S_ATTRS, sizeof(rg_attr), p->nattrs, m->nattrs, 1);
    int64_t d =
        fix_recs(r, &p->disputes, S_DISPUTES, sizeof(rg_dispute), p->ndisputes, m->ndisputes, 1);
    if (p->line < 0 || p->column < 0 || a < 0 || d < 0 ||
        (p->nattrs && (uint64_t)a != r->next_attr) ||
        (p->ndisputes && (uint64_t)d != r->next_disp) ||
        fix_recs(r, &p->cites, S_CITES, sizeof(rg_cite), p->ncites, m->ncites, 1) < 0)
        return -1;
    r->next_attr += p->nattrs;
    r->next_disp += p->ndisputes;
    sum_to(r, S_ATTRS, r->next_attr * sizeof(rg_attr));
    sum_to(r, S_DISPUTES, r->next_disp * sizeof(rg_dispute));
    for (size_t i = 0; i < p->nattrs; i++) {
        rg_attr *o = &p->attrs[i];
        if (o->def < 0 || (size_t)o->def >= k->nattrs || fix_value(r, &o->value, &k->attrs[o->def]))
            return -1;
    }
    static const rg_value none; /* a null's value, as written */
    for (size_t i = 0; i < p->ndisputes; i++) {
        rg_dispute *o = &p->disputes[i];
        if (o->def < 0 || (size_t)o->def >= k->nattrs || (o->is_null != 0 && o->is_null != 1) ||
            (o->is_null ? memcmp(&o->value, &none, sizeof none) != 0
                        : fix_value(r, &o->value, &k->attrs[o->def]) != 0) ||
            fix_str(r, &o->note, 1) ||
            fix_recs(r, &o->cites, S_CITES, sizeof(rg_cite), o->ncites, m->ncites, 1) < 0)
            return -1;
    }
    return 0;
}

static rg_status read_nodes(rctx *r)
{
    rg_graph *g = r->g;
    const rg_schema *s = g->schema;
    rg_node *in = (rg_node *)(uintptr_t)r->sec[S_NODES];
    for (uint64_t i = 0; i < r->m->nnodes; i++) {
        sum_to(r, S_NODES, (i + 1) * sizeof(rg_node));
        rg_node *n = &in[i];
        if (n->kind < 0 || (size_t)n->kind >= s->n_node_kinds ||
            fix_recs(r, &n->aliases, S_LISTS, sizeof(const char *), n->naliases, r->m->nlists, 1) <
                0)
            return damaged(r, "a node is out of range");
        if (r->kinds8)
            r->kinds8[i] = (unsigned char)n->kind;
        else
            r->kinds32[i] = (int32_t)n->kind;
        if (fix_str(r, &n->id, 0) || fix_str(r, &n->name, 0) ||
            read_props(r, &s->node_kinds[n->kind], &n->p) != 0)
            return damaged(r, "a node's attributes are out of range");
        rg_progress_tick(g->progress, 1);
    }
    g->nodes = in;
    g->nnodes = g->capnodes = r->m->nnodes;
    return RG_OK;
}

static rg_status read_edges(rctx *r)
{
    rg_graph *g = r->g;
    const rg_schema *s = g->schema;
    rg_edge *in = (rg_edge *)(uintptr_t)r->sec[S_EDGES];
    const int64_t *from = (const int64_t *)r->sec[S_IG_FROM];
    const int64_t *to = (const int64_t *)r->sec[S_IG_TO];
    if (s->n_edge_kinds <= 256 &&
        (g->edge_kind8 = rg_big_alloc(r->m->nedges ? r->m->nedges : 1)) == NULL)
        return rg_error_set(r->err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    for (uint64_t j = 0; j < r->m->nedges; j++) {
        sum_to(r, S_EDGES, (j + 1) * sizeof(rg_edge));
        sum_to(r, S_IG_FROM, (j + 1) * 8);
        sum_to(r, S_IG_TO, (j + 1) * 8);
        rg_edge *e = &in[j];
        if (e->kind < 0 || (size_t)e->kind >= s->n_edge_kinds || e->from != from[j] ||
            e->to != to[j] || from[j] < 0 || (uint64_t)from[j] >= r->m->nnodes || to[j] < 0 ||
            (uint64_t)to[j] >= r->m->nnodes)
            return damaged(r, "an edge is out of range");
        const rg_edge_kind *ek = &s->edge_kinds[e->kind];
        if (!rg_bit_get(ek->from_ok, kind_of(r, from[j])) ||
            !rg_bit_get(ek->to_ok, kind_of(r, to[j])))
            return damaged(r, "an edge joins kinds its schema does not allow");
        if (read_props(r, &ek->base, &e->p))
            return damaged(r, "an edge's attributes are out of range");
        if (g->edge_kind8)
            g->edge_kind8[j] = (unsigned char)e->kind;
        rg_progress_tick(g->progress, 1);
    }
    g->edges = in;
    g->nedges = g->capedges = r->m->nedges;
    return RG_OK;
}

/* Every citation (each once, whoever points to it): a source node, and its
 * strings. */
static rg_status read_cites(rctx *r)
{
    rg_cite *c = (rg_cite *)(uintptr_t)r->sec[S_CITES];
    for (uint64_t i = 0; i < r->m->ncites; i++) {
        sum_to(r, S_CITES, (i + 1) * sizeof(rg_cite));
        if (c[i].source < 0 || (uint64_t)c[i].source >= r->m->nnodes ||
            !rg_bit_get(r->g->schema->exempt, kind_of(r, c[i].source)))
            return damaged(r, "a citation names a node that is not a source");
        if (fix_str(r, &c[i].at, 1) || fix_str(r, &c[i].quote, 1))
            return damaged(r, "a citation is out of range");
    }
    return RG_OK;
}

/* ORDER must list every edge once, sorted by (A, B) (igraph leaves the order
 * of parallel edges to its radix sort); START[v] is where the edges with
 * A = v begin in it.  This is what igraph_create computes.  SEEN: M bits. */
static int order_ok(rctx *r, int order_id, const int64_t *a, const int64_t *b, int start_id,
                    uint64_t n, uint64_t m, unsigned char *seen)
{
    const int64_t *order = (const int64_t *)r->sec[order_id];
    const int64_t *start = (const int64_t *)r->sec[start_id];
    memset(seen, 0, m / 8 + 1);
    sum_to(r, start_id, (n + 1) * 8); /* read twice: hashed first */
    if (start[0] != 0 || (uint64_t)start[n] != m)
        return 0;
    for (uint64_t v = 0; v < n; v++)
        if (start[v] > start[v + 1])
            return 0;
    /* one pass: each edge's ends are read once (at random: the cost) */
    uint64_t v = 0;
    int64_t pa = INT64_MIN, pb = INT64_MIN;
    for (uint64_t k = 0; k < m; k++) {
        /* the reads at random, asked for well ahead: they then overlap
         * rather than wait one after another (a third of the time) */
        if (k + 24 < m && (uint64_t)order[k + 24] < m) {
            __builtin_prefetch(&a[order[k + 24]]);
            __builtin_prefetch(&b[order[k + 24]]);
        }
        sum_to(r, order_id, (k + 1) * 8);
        int64_t e = order[k];
        if (e < 0 || (uint64_t)e >= m || (seen[e / 8] >> (e % 8)) & 1)
            return 0;
        seen[e / 8] |= (unsigned char)(1u << (e % 8));
        int64_t ea = a[e], eb = b[e];
        if (pa > ea || (pa == ea && pb > eb))
            return 0;
        while ((uint64_t)start[v + 1] <= k) /* START rises from 0 to M: V stays below N */
            v++;
        if ((uint64_t)ea != v)
            return 0;
        pa = ea;
        pb = eb;
    }
    return 1;
}

/* Both of igraph's edge indexes (out and in); SEEN: a bit an edge. */
static int index_in_order(rctx *r, unsigned char *seen)
{
    const meta *m = r->m;
    const int64_t *from = (const int64_t *)r->sec[S_IG_FROM];
    const int64_t *to = (const int64_t *)r->sec[S_IG_TO];
    return order_ok(r, S_IG_OI, from, to, S_IG_OS, m->nnodes, m->nedges, seen) &&
           order_ok(r, S_IG_II, to, from, S_IG_IS, m->nnodes, m->nedges, seen);
}

static rg_status read_igraph(rctx *r)
{
    const meta *m = r->m;
    int ok;
    if (r->bg.order) { /* checked by the second thread */
        bg_join(r);
        ok = r->bg.in_order;
    } else {
        unsigned char *seen = rg_big_alloc(m->nedges / 8 + 1);
        if (seen == NULL)
            return rg_error_set(r->err, RG_ENOMEM, NULL, 0, 0, "out of memory");
        ok = index_in_order(r, seen);
        free(seen);
    }
    if (!ok)
        return damaged(r, "its edge index is not in order");
    rg_graph *g = r->g;
    rg_igraph_lock();
    /* no vertex: igraph would fill a start index of its own for each */
    igraph_error_t rc = igraph_empty(&g->ig, 0, IGRAPH_DIRECTED);
    if (rc == IGRAPH_SUCCESS) {
        g->ig_ready = 1;
        /* checked: igraph reads its index where it lies, with no copy; the
         * graph never modifies it (rg_graph.ig_mapped), and rg_graph_destroy
         * takes the vectors back before igraph_destroy would free them */
        igraph_vector_int_t *v[6] = {&g->ig.from, &g->ig.to, &g->ig.oi,
                                     &g->ig.ii,   &g->ig.os, &g->ig.is};
        for (int i = 0; i < 6; i++) {
            uint64_t n = i < 4 ? m->nedges : m->nnodes + 1;
            igraph_integer_t *at = (igraph_integer_t *)(uintptr_t)r->sec[S_IG_FROM + i];
            igraph_vector_int_destroy(v[i]);
            v[i]->stor_begin = at;
            v[i]->stor_end = v[i]->end = at + n;
        }
        g->ig.n = (igraph_integer_t)m->nnodes; /* the vertices the index has */
        g->ig_mapped = 1;
        igraph_invalidate_cache(&g->ig);
    }
    rg_igraph_unlock();
    return rg_igraph_check(rc, r->err);
}

/* An index's size (CAP slots, COUNT used); it is then read in place, as
 * the table the graph would have built.  Its slots: index_ok. */
static rg_status index_setup(rctx *r, int id, uint64_t cap, uint64_t count, rg_strmap *out)
{
    if (cap < 16 || (cap & (cap - 1)) || count >= cap)
        return damaged(r, "an index has a wrong size");
    rg_strmap_destroy(out);
    rg_strmap_packed(out, (const rg_strslot *)(const void *)r->sec[id], cap, count, r->str);
    return RG_OK;
}

/* Every slot of an index: a string and a value below LIMIT, COUNT used. */
static rg_status index_ok(rctx *r, int id, uint64_t cap, uint64_t count, uint64_t limit)
{
    const rslot *s = (const rslot *)r->sec[id];
    uint64_t used = 0;
    for (uint64_t i = 0; i < cap; i++) {
        sum_to(r, id, (i + 1) * sizeof *s);
        if (s[i].key == NONE)
            continue;
        if (s[i].key >= r->nstr || s[i].value < 0 || (uint64_t)s[i].value >= limit)
            return damaged(r, "an index entry is out of range");
        used++;
    }
    if (used != count) /* fewer than CAP: a look-up that misses meets an empty slot */
        return damaged(r, "an index has a wrong count");
    return RG_OK;
}

/* The postings, read in place (rg_graph.ig_mapped: never freed, never
 * grown); checked by postings_ok before the name index is first used. */
static void postings_setup(rctx *r)
{
    rg_graph *g = r->g;
    g->post = (struct rg_posting *)(uintptr_t)r->sec[S_POSTINGS];
    g->ig_mapped = 1;
    g->npost = g->cappost = r->m->npost;
}

static rg_status postings_ok(rctx *r)
{
    const rpost *p = (const rpost *)r->sec[S_POSTINGS];
    for (uint64_t i = 0; i < r->m->npost; i++) {
        sum_to(r, S_POSTINGS, (i + 1) * sizeof *p);
        /* a posting points only to an earlier one: the lists end */
        if (p[i].node < 0 || (uint64_t)p[i].node >= r->m->nnodes || p[i].next < -1 ||
            p[i].next >= (int64_t)i)
            return damaged(r, "a name index entry is out of range");
    }
    return RG_OK;
}

static rg_status read_header_strings(rctx *r)
{
    rg_graph *g = r->g;
    const meta *m = r->m;
    int bad = 0;
    const char *title = sref(r, m->title, 1, &bad);
    if (bad)
        return damaged(r, "its title is out of range");
    if (title && (g->title = strdup(title)) == NULL)
        return rg_error_set(r->err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    rg_date d = {m->as_of_year, m->as_of_month, m->as_of_day};
    if (d.year < 0 || d.year > 9999 || d.month < 0 || d.month > 12 || d.day < 0 || d.day > 31 ||
        (d.day && !d.month))
        return damaged(r, "its date is out of range");
    g->as_of_given = d;
    rg_date a = {m->date_year, m->date_month, m->date_day};
    if (a.year < 0 || a.year > 9999 || a.month < 0 || a.month > 12 || a.day < 0 || a.day > 31 ||
        (a.day && !a.month) || m->date_from < 0 || m->date_from > 2)
        return damaged(r, "its date is out of range");
    rg_graph_put_as_of(g, a, m->date_from);
    for (int i = 0; i < 64; i++) {
        char c = r->h->sha256[i];
        if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            return damaged(r, "its checksum of the JSON is not one");
    }
    memcpy(g->sha256, r->h->sha256, 64);
    g->sha256[64] = '\0';
    return RG_OK;
}

/* Entity V's members (a run of MS) and alias edges (a run of AS): V's
 * entity when V is a representative, none else; SEEN: N bits. */
static int entity_ok(rctx *r, const int64_t *rep, const uint64_t *ms, const int64_t *mem,
                     const uint64_t *as, const int64_t *al, uint64_t v, unsigned char *seen)
{
    const unsigned char *kinds = r->sec[S_ENT_KINDS];
    uint64_t n = r->m->nnodes;
    if (rep[v] < 0 || (uint64_t)rep[v] >= n || rep[rep[v]] != rep[v] || ms[v] > ms[v + 1] ||
        ms[v + 1] > n || as[v] > as[v + 1] || as[v + 1] > as[n])
        return 0;
    if ((uint64_t)rep[v] != v)
        return ms[v] == ms[v + 1] && as[v] == as[v + 1];
    if (ms[v] == ms[v + 1] || (uint64_t)mem[ms[v]] != v)
        return 0; /* a representative is its entity's first member */
    for (uint64_t i = ms[v]; i < ms[v + 1]; i++) {
        int64_t x = mem[i];
        if (x < 0 || (uint64_t)x >= n || (uint64_t)rep[x] != v || (seen[x / 8] >> (x % 8)) & 1)
            return 0;
        seen[x / 8] |= (unsigned char)(1u << (x % 8));
    }
    for (uint64_t i = as[v]; i < as[v + 1]; i++) {
        int64_t e = al[i];
        if (e < 0 || (uint64_t)e >= r->m->nedges || !kinds[r->g->edges[e].kind] ||
            (uint64_t)rep[r->g->edges[e].from] != v)
            return 0;
    }
    return 1;
}

/* The stored entity map, lent to the analyses (rg_graph.entities) where
 * it lies; its flagged kinds and its ends are checked here, the rest by
 * entities_ok before it is first lent. */
static rg_status entities_setup(rctx *r)
{
    rg_graph *g = r->g;
    uint64_t n = r->m->nnodes, nk = g->schema->n_edge_kinds;
    const unsigned char *kinds = r->sec[S_ENT_KINDS];
    const uint64_t *ms = (const uint64_t *)r->sec[S_ENT_MSTART];
    const uint64_t *as = (const uint64_t *)r->sec[S_ENT_ASTART];
    if (r->seclen[S_ENT_KINDS] != nk)
        return damaged(r, "its entity map is wrong");
    for (uint64_t k = 0; k < nk; k++)
        if (kinds[k] > 1)
            return damaged(r, "its entity map is wrong");
    if (ms[0] != 0 || ms[n] != n || as[0] != 0 || as[n] != r->seclen[S_ENT_ALIAS] / 8)
        return damaged(r, "its entity map is wrong");
    if ((g->entities = calloc(1, sizeof *g->entities)) == NULL)
        return rg_error_set(r->err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    /* read in place (the arrays are never written) */
    rg_entities *e = g->entities;
    e->rep = (int64_t *)(uintptr_t)r->sec[S_ENT_REP];
    e->nnodes = n;
    e->member_start = (size_t *)(uintptr_t)ms;
    e->members = (int64_t *)(uintptr_t)r->sec[S_ENT_MEMBERS];
    e->alias_start = (size_t *)(uintptr_t)as;
    e->alias = (int64_t *)(uintptr_t)r->sec[S_ENT_ALIAS];
    g->entity_kinds = kinds;
    return RG_OK;
}

/* Every node in its representative's entity once, each alias edge of a
 * flagged kind in its entity's list; counts the entities.  Edges are
 * checked before. */
static rg_status entities_ok(rctx *r)
{
    rg_graph *g = r->g;
    uint64_t n = r->m->nnodes;
    const rg_entities *e = g->entities;
    unsigned char *seen = calloc(n / 8 + 1, 1);
    if (seen == NULL)
        return rg_error_set(r->err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    size_t nent = 0;
    int ok = 1;
    for (uint64_t v = 0; v < n && ok; v++) {
        sum_to(r, S_ENT_REP, (v + 1) * 8);
        sum_to(r, S_ENT_MSTART, (v + 2) * 8);
        sum_to(r, S_ENT_ASTART, (v + 2) * 8);
        ok = entity_ok(r, e->rep, e->member_start, e->members, e->alias_start, e->alias, v, seen);
        nent += (uint64_t)e->rep[v] == v;
    }
    free(seen);
    if (!ok)
        return damaged(r, "its entity map is wrong");
    g->entities->nentities = nent;
    return RG_OK;
}

/* The stored quotient adjacency (rg_graph.q_adj), lent where it lies;
 * its kinds are checked here, its lists by quotient_ok when first lent. */
static rg_status quotient_setup(rctx *r)
{
    rg_graph *g = r->g;
    uint64_t nk = g->schema->n_edge_kinds;
    const unsigned char *kinds = r->sec[S_Q_KINDS];
    if (r->m->q_n == 0)
        return r->seclen[S_Q_KINDS] || r->seclen[S_Q_ADJ]
                   ? damaged(r, "its quotient graph is wrong")
                   : RG_OK;
    if (r->seclen[S_Q_KINDS] != nk || r->m->q_n > r->m->nnodes)
        return damaged(r, "its quotient graph is wrong");
    for (uint64_t k = 0; k < nk; k++)
        if (kinds[k] > 1)
            return damaged(r, "its quotient graph is wrong");
    g->q_start = (const uint32_t *)r->sec[S_Q_START];
    g->q_adj = (const uint32_t *)r->sec[S_Q_ADJ];
    g->q_n = r->m->q_n;
    g->quotient_kinds = kinds;
    return RG_OK;
}

/* Each vertex's list within the adjacency, each neighbour a vertex. */
static rg_status quotient_ok(rctx *r)
{
    const rg_graph *g = r->g;
    uint64_t n = g->q_n, len = r->seclen[S_Q_ADJ] / 4;
    const uint32_t *start = g->q_start, *adj = g->q_adj;
    sum_to(r, S_Q_START, (n + 1) * 4); /* read twice: hashed first */
    if (start[0] != 0 || start[n] != len)
        return damaged(r, "its quotient graph is wrong");
    for (uint64_t v = 0; v < n; v++)
        if (start[v] > start[v + 1])
            return damaged(r, "its quotient graph is wrong");
    for (uint64_t i = 0; i < len; i++) {
        sum_to(r, S_Q_ADJ, (i + 1) * 4);
        if (adj[i] >= n)
            return damaged(r, "its quotient graph is wrong");
    }
    return RG_OK;
}

/* ---- the parts checked when first used (rg_graph.lazy) ---- */

typedef struct rlazy {
    rg_lazy l;
    rctx r; /* the reader's state as the load left it (XXH3's states: 64-byte aligned) */
} rlazy;

/* Each part's sections, 0-terminated. */
static const int part_sections[RG_NPARTS][7] = {
    [RG_PART_NAMES] = {S_NAME_INDEX, S_POSTINGS},
    [RG_PART_ENTITIES] = {S_ENT_REP, S_ENT_MSTART, S_ENT_MEMBERS, S_ENT_ASTART, S_ENT_ALIAS},
    [RG_PART_QUOTIENT] = {S_Q_START, S_Q_ADJ},
};

static rg_status lazy_check(rg_lazy *l, int part, rg_error *err)
{
    rctx *r = &((rlazy *)l)->r;
    r->err = err;
    rg_status st = RG_OK;
    /* the part's checksums in a second thread, as at load (its sections
     * hold numbers, no pointer: nothing is moved) */
    unsigned char want[S_LAST + 1] = {0};
    for (int i = 0; part_sections[part][i]; i++)
        want[part_sections[part][i]] = 1;
    bg_launch(r, want, 0);
    switch (part) {
    case RG_PART_NAMES:
        if ((st = postings_ok(r)) == RG_OK)
            st = index_ok(r, S_NAME_INDEX, r->m->name_cap, r->m->name_count, r->m->npost);
        break;
    case RG_PART_ENTITIES: st = entities_ok(r); break;
    case RG_PART_QUOTIENT: st = quotient_ok(r); break;
    }
    /* each byte of the part against its checksum */
    for (int i = 0; st == RG_OK && part_sections[part][i]; i++)
        if (sum_done(r, part_sections[part][i]) != 0)
            st = damaged(r, "its checksum does not match (the file is damaged)");
    bg_join(r); /* an error of memory's leaves it running */
    r->err = NULL;
    return st;
}

static void lazy_destroy(rg_lazy *l)
{
    pthread_mutex_destroy(&l->lock);
    free(l);
}

/* Defers the parts' checks to their first use: R's state goes with the
 * graph (named by its own copy of the name). */
static rg_status lazy_setup(rctx *r)
{
    size_t size = (sizeof(rlazy) + 63) / 64 * 64;
    rlazy *z = aligned_alloc(64, size);
    if (z == NULL)
        return rg_error_set(r->err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    memset(z, 0, sizeof *z);
    z->l.check = lazy_check;
    z->l.destroy = lazy_destroy;
    if (pthread_mutex_init(&z->l.lock, NULL) != 0) {
        free(z);
        return rg_error_set(r->err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    z->r = *r;
    z->r.name = r->g->file;
    z->r.err = NULL;
    if (r->m->q_n == 0)
        z->l.state[RG_PART_QUOTIENT] = 1; /* none stored */
    r->g->lazy = &z->l;
    return RG_OK;
}

/* Builds the graph's arrays from the checked sections. */
static rg_status build_graph(rctx *r)
{
    rg_graph *g = r->g;
    const meta *m = r->m;
    rg_status st = read_header_strings(r);
    if (st != RG_OK)
        return st;
    /* The records are used where they lie in the file (rg_graph.ig_mapped:
     * never freed, never grown); their pointers were written for the file
     * at M->IMAGE_BASE, and are moved as they are checked when it is not
     * there (a buffer, or another mapping has the address). */
    g->ig_mapped = 1;
    r->wbase = (uintptr_t)m->image_base;
    r->move = (uintptr_t)r->base != r->wbase;
    if (r->move && r->mapped &&
        mprotect((void *)(uintptr_t)r->base, r->len, PROT_READ | PROT_WRITE) != 0)
        return rg_error_set(r->err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    /* what only some commands use is checked when first used */
    for (int p = 0; p < RG_NPARTS; p++)
        for (int i = 0; part_sections[p][i]; i++)
            r->deferred[part_sections[p][i]] = 1;
    bg_start(r);
    const char **items = (const char **)(uintptr_t)r->sec[S_LISTS];
    for (uint64_t i = 0; i < m->nlists; i++) {
        sum_to(r, S_LISTS, (i + 1) * sizeof *items);
        if (fix_str(r, &items[i], 0) != 0)
            return damaged(r, "a list item is out of range");
    }
    if (g->schema->n_node_kinds <= 256)
        r->kinds8 = rg_big_alloc(m->nnodes ? m->nnodes : 1);
    else
        r->kinds32 = rg_big_alloc((m->nnodes ? m->nnodes : 1) * sizeof *r->kinds32);
    if (!r->kinds8 && !r->kinds32)
        return rg_error_set(r->err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    rg_progress_begin(g->progress, "loading the compiled catalogue", m->nnodes + m->nedges, 0);
    if ((st = read_nodes(r)) == RG_OK && (st = read_edges(r)) == RG_OK &&
        (st = read_cites(r)) == RG_OK &&
        (r->next_attr != m->nattrs || r->next_disp != m->ndisputes))
        st = damaged(r, "an attribute or dispute belongs to no node or edge");
    rg_progress_end(g->progress);
    free(r->kinds8);
    free(r->kinds32);
    r->kinds8 = NULL;
    r->kinds32 = NULL;
    postings_setup(r);
    if (st == RG_OK &&
        (st = index_setup(r, S_ID_INDEX, m->id_cap, m->id_count, &g->id_index)) == RG_OK)
        st = index_ok(r, S_ID_INDEX, m->id_cap, m->id_count, m->nnodes);
    if (st == RG_OK)
        st = index_setup(r, S_NAME_INDEX, m->name_cap, m->name_count, &g->name_index);
    if (st == RG_OK)
        st = read_igraph(r);
    if (st == RG_OK)
        st = entities_setup(r);
    if (st == RG_OK)
        st = quotient_setup(r);
    /* every byte checked now is checked against its checksum */
    if (st == RG_OK && sums_done(r, 0) != 0) {
        r->summing = 0;
        st = damaged(r, "its checksum does not match (the file is damaged)");
    }
    bg_join(r); /* an error of memory's leaves it running */
    if (st == RG_OK)
        st = lazy_setup(r);
    return st;
}

static int stat_matches(const char *path, uint64_t size, int64_t sec, int64_t nsec, uint64_t ino)
{
    struct stat st;
    if (stat(path, &st) != 0)
        return -1; /* gone: the snapshot stands alone */
    return (uint64_t)st.st_size == size && (int64_t)st.st_mtim.tv_sec == sec &&
           (int64_t)st.st_mtim.tv_nsec == nsec && (uint64_t)st.st_ino == ino;
}

/* A snapshot whose JSON or schema is still there and has changed is stale. */
static rg_status check_source(rctx *r)
{
    int bad = 0;
    const char *json = sref(r, r->m->json_path, 0, &bad);
    const char *schema = sref(r, r->m->schema_real, 1, &bad);
    if (bad)
        return damaged(r, "its source path is out of range");
    const hdr *h = r->h;
    if (stat_matches(json, h->json_size, h->json_mtime_sec, h->json_mtime_nsec, h->json_ino) == 0)
        return rg_error_set(r->err, RG_EINVALID, r->name, 0, 0,
                            "'%s' is stale: '%s' has changed since it was compiled; run "
                            "'relgraph compile %s'",
                            r->name, json, json);
    const meta *m = r->m;
    if (schema && stat_matches(schema, m->schema_size, m->schema_mtime_sec, m->schema_mtime_nsec,
                               m->schema_ino) == 0)
        return rg_error_set(r->err, RG_EINVALID, r->name, 0, 0,
                            "'%s' is stale: its schema '%s' has changed since it was compiled; "
                            "run 'relgraph compile %s'",
                            r->name, schema, json);
    return RG_OK;
}

/* Loads from BASE (LEN bytes), which the new graph takes over (MAPPED:
 * munmap, else free) whatever happens. */
static rg_status load_blob(void *base, size_t len, int mapped, const char *name, int check_src,
                           rg_progress *progress, rg_graph **out, rg_error *err)
{
    rctx r;
    memset(&r, 0, sizeof r);
    r.base = base;
    r.len = len;
    r.h = base;
    r.name = name;
    r.err = err;
    r.mapped = mapped;
    rg_status st = check_header(r.h, len, name, err);
    if (st == RG_OK)
        st = check_sections(&r);
    if (st == RG_OK)
        st = check_counts(&r);
    if (st == RG_OK && check_src)
        st = check_source(&r);
    rg_schema *schema = NULL;
    if (st == RG_OK) {
        int bad = 0;
        const char *text = sref(&r, r.m->schema_text, 0, &bad);
        const char *sname = sref(&r, r.m->schema_name, 0, &bad);
        rg_error se;
        if (bad || rg_load_schema_text(sname, text, strlen(text), &schema, &se) != RG_OK)
            st = se.code == RG_ENOMEM && !bad
                     ? rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory")
                     : damaged(&r, "its schema is not valid");
    }
    rg_graph *g = NULL;
    if (st == RG_OK) {
        g = malloc(sizeof *g);
        if (g == NULL || (st = rg_graph_init(g, schema, name, err)) != RG_OK) {
            if (g == NULL) {
                rg_schema_destroy(schema);
                free(schema);
            }
            free(g);
            g = NULL;
            st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
        }
    }
    if (g == NULL) {
        if (mapped)
            munmap(base, len);
        else
            free(base);
        return st;
    }
    g->blob = base;
    g->blob_len = len;
    g->blob_mapped = mapped;
    g->progress = progress;
    r.g = g;
    st = build_graph(&r);
    bg_join(&r); /* before an error unmaps the file */
    g->progress = NULL;
    if (st != RG_OK) {
        rg_graph_free(g);
        return st;
    }
    *out = g;
    return RG_OK;
}

rg_status rg_rgc_load_buffer(const char *name, const void *data, size_t len, rg_graph **out,
                             rg_error *err)
{
    rg_library_init();
    *out = NULL;
    void *copy = malloc(len ? len : 1);
    if (copy == NULL)
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    memcpy(copy, data, len);
    return load_blob(copy, len, 0, name, 0, NULL, out, err);
}

/* The bytes of the file at BASE (LEN bytes) before its first part checked
 * when first used (rg_graph.lazy: the name index on), which every command
 * reads; LEN when the table does not say (the header is checked later: this
 * is only where to read ahead).  The parts a command never uses are then
 * never mapped in. */
static size_t checked_at_load(const void *base, size_t len)
{
    const hdr *h = base;
    size_t upto = len;
    for (uint32_t i = 0; i < MAX_SECTIONS && len >= HDR_SIZE && i < h->nsections; i++)
        if (h->sections[i].id == S_NAME_INDEX && h->sections[i].offset < upto)
            upto = (size_t)h->sections[i].offset / 4096 * 4096;
    return upto;
}

rg_status rg_rgc_load(const char *path, const char *name, int check_src, rg_progress *progress,
                      rg_graph **out, rg_error *err)
{
    rg_library_init();
    *out = NULL;
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return rg_error_set(err, RG_EIO, path, 0, 0, "unable to open '%s': %s", path,
                            strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < HDR_SIZE) {
        close(fd);
        return rg_error_set(err, RG_ESYNTAX, path, 0, 0,
                            "'%s' is not a compiled catalogue (too short)", path);
    }
    size_t len = (size_t)st.st_size;
    /* At RGC_BASE the records' pointers hold as written; where the address
     * is taken, anywhere (the reader then moves them).  The whole file is
     * read anyway (checksum, records): populated in one go, it costs less
     * than a page fault per page. */
    void *base = MAP_FAILED;
#ifdef MAP_FIXED_NOREPLACE
    base = mmap((void *)RGC_BASE, len, PROT_READ, MAP_PRIVATE | MAP_FIXED_NOREPLACE, fd, 0);
#endif
    if (base == MAP_FAILED)
        base = mmap(NULL, len, PROT_READ, MAP_PRIVATE, fd, 0);
    int e = errno;
#if defined(MADV_HUGEPAGE) && defined(MADV_POPULATE_READ)
    /* 2 MiB pages where the page cache has them (SINK_CHUNK), then what
     * the load checks read ahead in one go; advice: a refusal changes nothing */
    if (base != MAP_FAILED) {
        (void)madvise(base, len, MADV_HUGEPAGE);
        (void)madvise(base, checked_at_load(base, len), MADV_POPULATE_READ);
    }
#endif
    close(fd);
    if (base == MAP_FAILED)
        return rg_error_set(err, RG_EIO, path, 0, 0, "unable to map '%s': %s", path, strerror(e));
    return load_blob(base, len, 1, name, check_src, progress, out, err);
}

rg_status rg_rgc_read_key(const char *path, rg_rgc_key *key, rg_error *err)
{
    memset(key, 0, sizeof *key);
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return rg_error_set(err, RG_EIO, path, 0, 0, "unable to open '%s': %s", path,
                            strerror(errno));
    hdr h;
    ssize_t n = read(fd, &h, sizeof h);
    close(fd);
    rg_status st = check_header(&h, n < 0 ? 0 : (size_t)n, path, err);
    if (st != RG_OK)
        return st;
    key->version = h.version;
    key->json_size = h.json_size;
    key->json_mtime_sec = h.json_mtime_sec;
    key->json_mtime_nsec = h.json_mtime_nsec;
    key->json_ino = h.json_ino;
    key->json_dev = h.json_dev;
    memcpy(key->sha256, h.sha256, 64);
    key->sha256[64] = '\0';
    return RG_OK;
}

int rg_rgc_fresh(const rg_rgc_key *key, const char *json_path, const char **why)
{
    struct stat st;
    const char *w = NULL;
    if (stat(json_path, &st) != 0)
        w = "the JSON cannot be read";
    else if ((uint64_t)st.st_size != key->json_size)
        w = "the JSON's size has changed";
    else if ((int64_t)st.st_mtim.tv_sec != key->json_mtime_sec ||
             (int64_t)st.st_mtim.tv_nsec != key->json_mtime_nsec)
        w = "the JSON's modification time has changed";
    else if ((uint64_t)st.st_ino != key->json_ino)
        w = "the JSON is another file (its inode has changed)";
    if (why)
        *why = w;
    return w == NULL;
}

int rg_rgc_fix_checksum(void *data, size_t len)
{
    if (len < HDR_SIZE || len % 8)
        return -1;
    hdr *h = data;
    h->file_size = len;
    for (uint32_t i = 0; i < h->nsections && i < MAX_SECTIONS; i++) {
        sect *s = &h->sections[i];
        uint64_t n = (s->length + 7) & ~(uint64_t)7;
        if (s->offset % 8 == 0 && s->offset <= len && s->length <= len - s->offset)
            s->sum = fold_sum(hash_bytes((unsigned char *)data + s->offset, n, s->id));
    }
    h->checksum = file_checksum(h);
    return 0;
}

int rg_rgc_is_snapshot(const char *path)
{
    /* Only a regular file can be mapped as a snapshot; reading the magic
     * from a pipe (/dev/stdin) or a FIFO would consume it, and the JSON
     * loader would then parse the rest. */
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode))
        return 0;
    int fd = open(path, O_RDONLY);
    if (fd < 0)
        return 0;
    unsigned char b[sizeof magic];
    ssize_t n = read(fd, b, sizeof b);
    close(fd);
    return n == (ssize_t)sizeof b && memcmp(b, magic, sizeof b) == 0;
}

char *rg_rgc_beside(const char *path, char *buf, size_t n)
{
    size_t len = strlen(path);
    if (len > 5 && strcmp(path + len - 5, ".json") == 0)
        len -= 5;
    if (len + 5 > n)
        return NULL;
    memcpy(buf, path, len);
    memcpy(buf + len, ".rgc", 5);
    return buf;
}

/* rg_rgc_load, and with OPTS->check_all every part checked now. */
static rg_status load_snapshot(const char *path, const char *name, const rg_load_opts *opts,
                               rg_graph **out, rg_error *err)
{
    rg_status st = rg_rgc_load(path, name, 1, opts ? opts->progress : NULL, out, err);
    for (int p = 0; st == RG_OK && opts && opts->check_all && p < RG_NPARTS; p++)
        if ((st = rg_graph_need(*out, p, err)) != RG_OK) {
            rg_graph_free(*out);
            *out = NULL;
        }
    return st;
}

rg_status rg_load_any(const char *path, const rg_load_opts *opts, rg_graph **out, rg_diags *diags,
                      rg_error *err, char *note, size_t n)
{
    note[0] = '\0';
    size_t plen = strlen(path);
    /* by name too: a snapshot whose first bytes are damaged is not JSON */
    if (rg_rgc_is_snapshot(path) || (plen > 4 && strcmp(path + plen - 4, ".rgc") == 0)) {
        rg_status st = load_snapshot(path, path, opts, out, err);
        if (st == RG_OK)
            snprintf(note, n, "using the compiled catalogue '%s' (JSON sha256 %.12s...)", path,
                     (*out)->sha256);
        else if (diags)
            rg_diags_add(diags, path, 0, 0, "%s", err->text);
        return st;
    }
    char beside[PATH_MAX];
    rg_rgc_key key;
    rg_error e;
    const char *why = NULL;
    struct stat st;
    if (rg_rgc_beside(path, beside, sizeof beside) == NULL || stat(beside, &st) != 0)
        return rg_load_file_opts(path, opts, out, diags, err);
    if (rg_rgc_read_key(beside, &key, &e) != RG_OK) {
        snprintf(note, n, "not using '%s': %s; reading '%s'", beside, e.text, path);
    } else if (!rg_rgc_fresh(&key, path, &why)) {
        snprintf(note, n, "not using '%s': it is stale (%s); reading '%s'", beside, why, path);
    } else if (load_snapshot(beside, path, opts, out, &e) != RG_OK) {
        snprintf(note, n, "not using '%s': %s; reading '%s'", beside, e.text, path);
    } else {
        snprintf(note, n, "using the compiled catalogue '%s', compiled from '%s'", beside, path);
        return RG_OK;
    }
    return rg_load_file_opts(path, opts, out, diags, err);
}
