/* rg_graph.c: the typed graph, its name index and its igraph mirror. */
#include "rg_graph.h"

#include <ctype.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "../core/rg_buf.h"

/* ---- igraph never aborts, and runs one call at a time ------------------ *
 *
 * Debian's igraph is built without thread-local storage (IGRAPH_THREAD_SAFE
 * is 0): its cleanup stack and its random number generator are global.  So
 * the library serialises igraph work behind one lock (the only mutable
 * file-scope state of librelgraph besides the once-flag and the per-thread
 * message below; tests/scripts/test_no_global_state.sh checks it), and
 * keeps everything of its own reentrant. */

static _Thread_local char igraph_last[512];
/* Where this thread's igraph progress reports go (rg_igraph_progress). */
static _Thread_local rg_progress *igraph_progress_to;
static pthread_mutex_t igraph_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_once_t init_once = PTHREAD_ONCE_INIT;

void rg_igraph_lock(void)
{
    pthread_mutex_lock(&igraph_mutex);
}

void rg_igraph_unlock(void)
{
    pthread_mutex_unlock(&igraph_mutex);
}

static void rg_igraph_error_handler(const char *reason, const char *file, int line,
                                    igraph_error_t igraph_errno)
{
    snprintf(igraph_last, sizeof igraph_last, "%s (%s, igraph %s:%d)", reason,
             igraph_strerror(igraph_errno), file, line);
    /* Free what igraph registered for cleanup, then return the error code
     * to the caller instead of aborting (the default handler's choice). */
    IGRAPH_FINALLY_FREE();
}

static void rg_igraph_warning_handler(const char *reason, const char *file, int line)
{
    (void)reason;
    (void)file;
    (void)line;
}

/* igraph reports a percentage; the step the caller began counts to 1000. */
static igraph_error_t rg_igraph_progress_handler(const char *message, igraph_real_t percent,
                                                 void *data)
{
    (void)message;
    (void)data;
    if (igraph_progress_to && percent >= 0 && percent <= 100)
        rg_progress_at(igraph_progress_to, (uint64_t)(percent * 10));
    return IGRAPH_SUCCESS;
}

void rg_igraph_progress(rg_progress *p)
{
    igraph_progress_to = p;
}

static void init_igraph(void)
{
    igraph_set_progress_handler(rg_igraph_progress_handler);
    igraph_set_error_handler(rg_igraph_error_handler);
    igraph_set_warning_handler(rg_igraph_warning_handler);
}

void rg_library_init(void)
{
    pthread_once(&init_once, init_igraph);
}

const char *rg_igraph_last_error(void)
{
    return igraph_last;
}

rg_status rg_igraph_check(igraph_error_t rc, rg_error *err)
{
    if (rc == IGRAPH_SUCCESS)
        return RG_OK;
    if (rc == IGRAPH_ENOMEM)
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory in igraph");
    return rg_error_set(err, RG_EIGRAPH, NULL, 0, 0, "igraph: %s", igraph_last);
}

/* ---- dates ------------------------------------------------------------ */

static int days_in_month(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
        return 29;
    return d[m - 1];
}

static int digits(const char *s, int n, int *out)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (!isdigit((unsigned char)s[i]))
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

int rg_date_parse(const char *s, rg_date *d)
{
    rg_date r = {0, 0, 0};
    size_t n = strlen(s);
    if (n != 4 && n != 7 && n != 10)
        return -1;
    if (digits(s, 4, &r.year) != 0)
        return -1;
    if (n >= 7) {
        if (s[4] != '-' || digits(s + 5, 2, &r.month) != 0 || r.month < 1 || r.month > 12)
            return -1;
    }
    if (n == 10) {
        if (s[7] != '-' || digits(s + 8, 2, &r.day) != 0 || r.day < 1 ||
            r.day > days_in_month(r.year, r.month))
            return -1;
    }
    *d = r;
    return 0;
}

void rg_date_format(rg_date d, char *buf, size_t n)
{
    if (d.day)
        snprintf(buf, n, "%04d-%02d-%02d", d.year, d.month, d.day);
    else if (d.month)
        snprintf(buf, n, "%04d-%02d", d.year, d.month);
    else
        snprintf(buf, n, "%04d", d.year);
}

int rg_date_cmp(rg_date a, rg_date b)
{
    long x = a.year * 10000L + (a.month ? a.month : 1) * 100L + (a.day ? a.day : 1);
    long y = b.year * 10000L + (b.month ? b.month : 1) * 100L + (b.day ? b.day : 1);
    return (x > y) - (x < y);
}

/* ---- building --------------------------------------------------------- */

rg_status rg_graph_init(rg_graph *g, rg_schema *schema, const char *file, rg_error *err)
{
    rg_library_init();
    memset(g, 0, sizeof *g);
    g->schema = schema;
    rg_strmap_init(&g->id_index);
    rg_strmap_init(&g->name_index);
    rg_arena_init(&g->arena);
    g->file = strdup(file ? file : "");
    if (g->file == NULL)
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    return RG_OK;
}

void rg_graph_destroy(rg_graph *g)
{
    if (g == NULL)
        return;
    if (g->ig_ready && g->ig_mapped) {
        /* the index vectors point into the compiled catalogue: not igraph's to free */
        igraph_vector_int_t *v[6] = {&g->ig.from, &g->ig.to, &g->ig.oi,
                                     &g->ig.ii,   &g->ig.os, &g->ig.is};
        for (int i = 0; i < 6; i++)
            v[i]->stor_begin = v[i]->stor_end = v[i]->end = NULL;
    }
    if (g->ig_ready)
        igraph_destroy(&g->ig);
    if (g->schema && g->base == NULL) {
        rg_schema_destroy(g->schema);
        free(g->schema);
    }
    free(g->file);
    free(g->title);
    if (!g->ig_mapped) {
        free(g->nodes);
        free(g->edges);
        free(g->post);
    }
    rg_strmap_destroy(&g->id_index);
    rg_strmap_destroy(&g->name_index);
    rg_arena_destroy(&g->arena);
    free(g->edge_kind8);
    free(g->entities);
    if (g->lazy)
        g->lazy->destroy(g->lazy);
    if (g->blob && g->blob_mapped)
        munmap(g->blob, g->blob_len);
    else
        free(g->blob);
    memset(g, 0, sizeof *g);
}

static int grow(void **p, size_t *cap, size_t need, size_t size)
{
    if (need <= *cap)
        return 0;
    size_t ncap = *cap ? *cap : 64;
    while (ncap < need)
        ncap *= 2;
    void *n = realloc(*p, ncap * size);
    if (n == NULL)
        return -1;
    *p = n;
    *cap = ncap;
    return 0;
}

int64_t rg_graph_add_node(rg_graph *g, const rg_node *n)
{
    if (grow((void **)&g->nodes, &g->capnodes, g->nnodes + 1, sizeof *g->nodes) != 0)
        return -1;
    g->nodes[g->nnodes] = *n;
    if (rg_strmap_put(&g->id_index, n->id, (int64_t)g->nnodes) != 0)
        return -1;
    return (int64_t)g->nnodes++;
}

int64_t rg_graph_add_edge(rg_graph *g, const rg_edge *e)
{
    if (grow((void **)&g->edges, &g->capedges, g->nedges + 1, sizeof *g->edges) != 0)
        return -1;
    g->edges[g->nedges] = *e;
    return (int64_t)g->nedges++;
}

rg_status rg_graph_need(const rg_graph *g, int part, rg_error *err)
{
    rg_lazy *l = g->lazy;
    if (l == NULL || part < 0 || part >= RG_NPARTS)
        return RG_OK;
    pthread_mutex_lock(&l->lock);
    if (l->state[part] == 0) {
        rg_status st = l->check(l, part, &l->error);
        l->state[part] = st == RG_OK ? 1 : -1;
        if (st != RG_OK && st != RG_ESYNTAX)
            l->state[part] = 0; /* out of memory: not a verdict on the file */
        if (st != RG_OK) {
            if (err)
                *err = l->error;
            pthread_mutex_unlock(&l->lock);
            return st;
        }
    }
    rg_status st = RG_OK;
    if (l->state[part] < 0) {
        st = l->error.code;
        if (err)
            *err = l->error;
    }
    pthread_mutex_unlock(&l->lock);
    return st;
}

int64_t rg_graph_find_id(const rg_graph *g, const char *id)
{
    int64_t v;
    return rg_strmap_get(&g->id_index, id, &v) ? v : -1;
}

char *rg_name_fold(const char *s, char *buf, size_t n)
{
    size_t j = 0;
    int space = 0;
    if (n == 0)
        return buf;
    while (*s && isspace((unsigned char)*s))
        s++;
    for (; *s && j + 1 < n; s++) {
        unsigned char c = (unsigned char)*s;
        if (isspace(c)) {
            space = 1;
            continue;
        }
        if (space && j + 2 < n) {
            buf[j++] = ' ';
        }
        space = 0;
        buf[j++] = (char)(c < 128 ? tolower(c) : c);
    }
    buf[j] = '\0';
    return buf;
}

static int index_name(rg_graph *g, const char *name, int64_t node)
{
    char tmp[1024];
    rg_name_fold(name, tmp, sizeof tmp);
    if (tmp[0] == '\0')
        return 0;
    /* Nodes are indexed in order, all names of one before the next
     * (rg_graph_finish), so the same node under the same name twice can
     * only be the head of the list: walking the list instead made a name
     * that 100,000 nodes share take 18 s to index. */
    int64_t head = -1;
    if (rg_strmap_get(&g->name_index, tmp, &head) && g->post[head].node == node)
        return 0;
    if (grow((void **)&g->post, &g->cappost, g->npost + 1, sizeof *g->post) != 0)
        return -1;
    g->post[g->npost].node = node;
    g->post[g->npost].next = head;
    if (head < 0) {
        char *key = rg_arena_strdup(&g->arena, tmp);
        if (key == NULL)
            return -1;
        if (rg_strmap_put(&g->name_index, key, (int64_t)g->npost) != 0)
            return -1;
    } else if (rg_strmap_put(&g->name_index, tmp, (int64_t)g->npost) != 0) {
        return -1;
    }
    g->npost++;
    return 0;
}

#define AS_OF_GIVEN "the catalogue's as_of"
#define AS_OF_LATEST "the latest date the catalogue states"

/* The latest day a date can mean, as yyyymmdd ("2015" is 20151231). */
static long last_day(rg_date d)
{
    return d.year * 10000L + (d.month ? d.month : 12) * 100L + (d.day ? d.day : 31);
}

static void latest_in(const rg_props *p, rg_date *best)
{
    for (size_t a = 0; a < p->nattrs; a++)
        if (p->attrs[a].value.type == RG_T_DATE &&
            last_day(p->attrs[a].value.u.d) > last_day(*best))
            *best = p->attrs[a].value.u.d;
}

static int days_in(int y, int m)
{
    static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0) ? 29 : d[m - 1];
}

/* The date of the analyses (rg_graph.as_of): the catalogue's own, else
 * the last day of the latest date it states ("2015-10" is 2015-10-31), so
 * that what that date says is included. */
void rg_graph_put_as_of(rg_graph *g, rg_date d, int from)
{
    g->as_of = from ? d : (rg_date){0, 0, 0};
    g->as_of_from = from == 1 ? AS_OF_GIVEN : from == 2 ? AS_OF_LATEST : NULL;
}

void rg_graph_set_as_of(rg_graph *g)
{
    if (g->as_of_given.year) {
        g->as_of = g->as_of_given;
        g->as_of_from = AS_OF_GIVEN;
        return;
    }
    rg_date best = {0, 0, 0};
    for (size_t i = 0; i < g->nnodes; i++)
        latest_in(&g->nodes[i].p, &best);
    for (size_t i = 0; i < g->nedges; i++)
        latest_in(&g->edges[i].p, &best);
    if (best.year == 0)
        return;
    if (best.month == 0)
        best.month = 12;
    if (best.day == 0)
        best.day = days_in(best.year, best.month);
    g->as_of = best;
    g->as_of_from = AS_OF_LATEST;
}

rg_status rg_graph_finish(rg_graph *g, rg_error *err)
{
    rg_library_init();
    rg_graph_set_as_of(g);
    if (rg_strmap_reserve(&g->name_index, g->nnodes * 3) != 0)
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    for (size_t i = 0; i < g->nnodes; i++) {
        const rg_node *n = &g->nodes[i];
        const rg_kind *k = &g->schema->node_kinds[n->kind];
        int bad = index_name(g, n->id, (int64_t)i) || index_name(g, n->name, (int64_t)i);
        for (size_t a = 0; a < n->naliases; a++)
            bad |= index_name(g, n->aliases[a], (int64_t)i);
        for (size_t a = 0; a < n->p.nattrs; a++) {
            const rg_attr *at = &n->p.attrs[a];
            if (!k->attrs[at->def].is_name)
                continue;
            if (at->value.type == RG_T_STRING)
                bad |= index_name(g, at->value.u.s, (int64_t)i);
            else if (at->value.type == RG_T_LIST)
                for (size_t l = 0; l < at->value.u.list.n; l++)
                    bad |= index_name(g, at->value.u.list.items[l], (int64_t)i);
        }
        if (bad)
            return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }

    igraph_vector_int_t ev;
    rg_igraph_lock();
    if (igraph_vector_int_init(&ev, (igraph_integer_t)(2 * g->nedges)) != IGRAPH_SUCCESS) {
        rg_igraph_unlock();
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    for (size_t j = 0; j < g->nedges; j++) {
        VECTOR(ev)[2 * j] = g->edges[j].from;
        VECTOR(ev)[2 * j + 1] = g->edges[j].to;
    }
    igraph_error_t rc = igraph_create(&g->ig, &ev, (igraph_integer_t)g->nnodes, IGRAPH_DIRECTED);
    igraph_vector_int_destroy(&ev);
    rg_igraph_unlock();
    if (rc != IGRAPH_SUCCESS)
        return rg_igraph_check(rc, err);
    g->ig_ready = 1;
    return RG_OK;
}

/* ---- reading ---------------------------------------------------------- */

const rg_kind *rg_graph_node_kind(const rg_graph *g, const rg_node *n)
{
    return &g->schema->node_kinds[n->kind];
}

const rg_edge_kind *rg_graph_edge_kind(const rg_graph *g, const rg_edge *e)
{
    return &g->schema->edge_kinds[e->kind];
}

static const rg_value *props_attr(const rg_kind *k, const rg_props *p, const char *name)
{
    int def = rg_kind_attr(k, name);
    if (def < 0)
        return NULL;
    for (size_t i = 0; i < p->nattrs; i++)
        if (p->attrs[i].def == def)
            return &p->attrs[i].value;
    return NULL;
}

const rg_value *rg_node_attr(const rg_graph *g, const rg_node *n, const char *name)
{
    return props_attr(&g->schema->node_kinds[n->kind], &n->p, name);
}

const rg_value *rg_edge_attr(const rg_graph *g, const rg_edge *e, const char *name)
{
    return props_attr(&g->schema->edge_kinds[e->kind].base, &e->p, name);
}

const char *rg_node_label(const rg_graph *g, const rg_node *n)
{
    const rg_kind *k = &g->schema->node_kinds[n->kind];
    for (size_t i = 0; i < n->p.nattrs; i++) {
        const rg_attr *a = &n->p.attrs[i];
        if (k->attrs[a->def].is_name && a->value.type == RG_T_STRING && a->value.u.s[0])
            return a->value.u.s;
    }
    return n->name;
}

/* ---- name resolution -------------------------------------------------- */

/* Edit distance between two short strings, capped at CAP (beyond it the
 * exact value does not matter for suggestions). */
static size_t edit_distance(const char *a, const char *b, size_t cap)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 128 || lb > 128)
        return cap + 1;
    size_t row[129];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t prev = row[0], best;
        row[0] = i;
        best = row[0];
        for (size_t j = 1; j <= lb; j++) {
            size_t cur = row[j];
            size_t sub = prev + (a[i - 1] != b[j - 1]);
            size_t del = row[j] + 1, ins = row[j - 1] + 1;
            row[j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
            prev = cur;
            if (row[j] < best)
                best = row[j];
        }
        if (best > cap)
            return cap + 1;
    }
    return row[lb];
}

typedef struct suggestion {
    size_t score;
    const char *key;
} suggestion;

/* Nodes named in an ambiguity error: the first in file order; the rest
 * are counted. */
#define AMBIGUOUS_LISTED 20

static int node_cmp(const void *a, const void *b)
{
    int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;
    return (x > y) - (x < y);
}

static int sugg_cmp(const void *a, const void *b)
{
    const suggestion *x = a, *y = b;
    if (x->score != y->score)
        return x->score < y->score ? -1 : 1;
    return strcmp(x->key, y->key);
}

rg_status rg_graph_resolve(const rg_graph *g, const char *name, int64_t *node, rg_error *err)
{
    /* An exact id always names its node, whatever other node has the same
     * name folded ("PITA" beside "pita") or an alias equal to it: otherwise
     * such a node could not be named at all. */
    int64_t exact = rg_graph_find_id(g, name);
    if (exact >= 0) {
        *node = exact;
        return RG_OK;
    }
    rg_status need = rg_graph_need(g, RG_PART_NAMES, err);
    if (need != RG_OK)
        return need;
    char key[1024];
    rg_name_fold(name, key, sizeof key);
    int64_t head;
    if (key[0] && rg_strmap_get(&g->name_index, key, &head)) {
        size_t count = 0;
        for (int64_t p = head; p >= 0; p = g->post[p].next)
            count++;
        if (count == 1) {
            *node = g->post[head].node;
            return RG_OK;
        }
        /* Candidates in file order, so the message is deterministic: a
         * sort, not insertion (a name 100,000 nodes share took 78 s), and
         * the first AMBIGUOUS_LISTED of them named. */
        int64_t *c = malloc(count * sizeof *c);
        if (c == NULL)
            return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
        size_t i = 0;
        for (int64_t p = head; p >= 0; p = g->post[p].next)
            c[i++] = g->post[p].node;
        qsort(c, count, sizeof *c, node_cmp);
        rg_buf b;
        rg_buf_init(&b);
        rg_buf_printf(&b, "'%s' is ambiguous; it names %zu nodes:", name, count);
        for (i = 0; i < count && i < AMBIGUOUS_LISTED; i++) {
            const rg_node *n = &g->nodes[c[i]];
            rg_buf_printf(&b, "\n  %s (%s, id '%s')", n->name, g->schema->node_kinds[n->kind].name,
                          n->id);
        }
        if (count > AMBIGUOUS_LISTED)
            rg_buf_printf(&b, "\n  ... and %zu more", count - AMBIGUOUS_LISTED);
        rg_buf_puts(&b, "\nname one by its id");
        rg_error_set(err, RG_EAMBIGUOUS, NULL, 0, 0, "%s", rg_buf_str(&b));
        rg_buf_destroy(&b);
        free(c);
        return RG_EAMBIGUOUS;
    }

    /* Unknown: suggest the nearest names (substring matches first, then by
     * edit distance). A linear scan is fine on this error path. */
    const rg_strmap *m = &g->name_index;
    suggestion best[5];
    size_t nbest = 0;
    size_t klen = strlen(key);
    for (size_t i = 0; i < m->cap; i++) {
        const char *k = rg_strmap_key(m, i);
        if (k == NULL)
            continue;
        size_t score;
        if (klen >= 3 && strstr(k, key) != NULL)
            score = strlen(k) - klen; /* the closer in length, the better */
        else
            score = 1000 + edit_distance(key, k, klen / 2 + 2);
        if (score >= 1000 + klen / 2 + 3)
            continue;
        suggestion s = {score, k};
        /* one suggestion per node: its best-scoring name */
        int64_t h;
        if (!rg_strmap_get(m, k, &h))
            continue; /* a key its own look-up misses: only in a hostile compiled index */
        int64_t node_k = g->post[h].node;
        size_t dup = nbest;
        for (size_t j = 0; j < nbest; j++) {
            int64_t hj;
            rg_strmap_get(m, best[j].key, &hj);
            if (g->post[hj].node == node_k)
                dup = j;
        }
        if (dup < nbest) {
            if (sugg_cmp(&s, &best[dup]) < 0) {
                best[dup] = s;
                qsort(best, nbest, sizeof *best, sugg_cmp);
            }
            continue;
        }
        if (nbest < 5) {
            best[nbest++] = s;
        } else if (sugg_cmp(&s, &best[4]) < 0) {
            best[4] = s;
        } else {
            continue;
        }
        qsort(best, nbest, sizeof *best, sugg_cmp);
    }
    rg_buf b;
    rg_buf_init(&b);
    rg_buf_printf(&b, "no node is named '%s'", name);
    if (nbest > 0) {
        rg_buf_puts(&b, "; did you mean ");
        for (size_t i = 0; i < nbest; i++) {
            int64_t h;
            rg_strmap_get(m, best[i].key, &h);
            const rg_node *n = &g->nodes[g->post[h].node];
            rg_buf_printf(&b, "%s'%s' (%s)", i == 0 ? "" : (i + 1 == nbest ? " or " : ", "),
                          best[i].key, n->name);
        }
        rg_buf_puts(&b, "?");
    } else {
        rg_buf_puts(&b, "; 'relgraph find TEXT' lists the names that contain TEXT");
    }
    rg_error_set(err, RG_ENOTFOUND, NULL, 0, 0, "%s", rg_buf_str(&b));
    rg_buf_destroy(&b);
    return RG_ENOTFOUND;
}
