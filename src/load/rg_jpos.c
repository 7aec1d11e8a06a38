/* rg_jpos.c: value positions for parsed JSON text (see rg_jpos.h). */
#include "rg_jpos.h"

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct entry {
    long key; /* offset of the decoded key in the key pool; -1 for array elements */
    rg_pos key_pos, value_pos;
} entry;

typedef struct record {
    const json_t *container;
    rg_pos pos;
    size_t first, n; /* entries[first .. first+n) */
} record;

struct rg_jpos {
    record *slots; /* open addressing by container pointer */
    size_t cap, count;
    entry *entries;
    size_t nentries, capentries;
    char *keys;
    size_t nkeys, capkeys;
    /* rg_jpos_defer: the scan to make before the next look-up */
    int pending;
    const char *text;
    size_t len;
    const json_t *root;
    int line, column;
};

/* ---- the cursor ----------------------------------------------------------
 *
 * The cursor is strict: it accepts exactly the documents jansson (2.14)
 * accepts with JSON_REJECT_DUPLICATES and without JSON_ALLOW_NUL, byte for
 * byte, so that the outer walk in rg_load.c and the parser never disagree
 * about where a value ends (a disagreement once ended an array early and
 * dropped its last elements without a word).  Only the duplicate keys of
 * the top-level object are left to the caller; every value inside is parsed
 * by jansson again, which rejects its duplicates. */

void rg_jcur_init(rg_jcur *c, const char *s, size_t len)
{
    c->s = s;
    c->len = len;
    c->i = 0;
    c->line = 1;
    c->column = 1;
}

/* Moves past one character of text already known to be valid UTF-8. */
static void advance(rg_jcur *c)
{
    unsigned char ch = (unsigned char)c->s[c->i++];
    if (ch == '\n') {
        c->line++;
        c->column = 1;
        return;
    }
    c->column++;
    /* one column per character: skip the continuation bytes of UTF-8 */
    while (c->i < c->len && ((unsigned char)c->s[c->i] & 0xC0) == 0x80)
        c->i++;
}

/* Moves past one ASCII byte (structure, digits, escapes). */
static void step(rg_jcur *c)
{
    if (c->s[c->i++] == '\n') {
        c->line++;
        c->column = 1;
    } else {
        c->column++;
    }
}

void rg_jcur_ws(rg_jcur *c)
{
    while (c->i < c->len) {
        char ch = c->s[c->i];
        if (ch != ' ' && ch != '\t' && ch != '\n' && ch != '\r')
            break;
        step(c);
    }
}

size_t rg_utf8_len(const unsigned char *s, size_t n)
{
    if (n == 0)
        return 0;
    unsigned c0 = s[0];
    size_t k;
    unsigned cp;
    if (c0 < 0x80)
        return 1;
    if (c0 < 0xC2)
        return 0; /* a continuation byte, or an overlong lead */
    if (c0 < 0xE0) {
        k = 2;
        cp = c0 & 0x1F;
    } else if (c0 < 0xF0) {
        k = 3;
        cp = c0 & 0x0F;
    } else if (c0 < 0xF5) {
        k = 4;
        cp = c0 & 0x07;
    } else {
        return 0;
    }
    if (n < k)
        return 0;
    for (size_t j = 1; j < k; j++) {
        if ((s[j] & 0xC0) != 0x80)
            return 0;
        cp = (cp << 6) | (s[j] & 0x3F);
    }
    if ((k == 3 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
        (k == 4 && (cp < 0x10000 || cp > 0x10FFFF)))
        return 0;
    return k;
}

static int hexval(char ch)
{
    if (ch >= '0' && ch <= '9')
        return ch - '0';
    if (ch >= 'a' && ch <= 'f')
        return ch - 'a' + 10;
    if (ch >= 'A' && ch <= 'F')
        return ch - 'A' + 10;
    return -1;
}

/* The four hex digits at s[i..i+4) as a number, or -1. */
static long hex4(const char *s, size_t i, size_t end)
{
    long v = 0;
    for (size_t k = 0; k < 4; k++) {
        int h = i + k < end ? hexval(s[i + k]) : -1;
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

/* Checks a \u escape at the cursor (on the 'u') and moves past it, and past
 * the low half when it opens a surrogate pair.  jansson refuses \u0000
 * (NUL, without JSON_ALLOW_NUL) and any unpaired surrogate. */
static int skip_unicode_escape(rg_jcur *c)
{
    long cp = hex4(c->s, c->i + 1, c->len);
    if (cp <= 0 || (cp >= 0xDC00 && cp <= 0xDFFF))
        return -1;
    for (int k = 0; k < 5; k++)
        step(c);
    if (cp < 0xD800 || cp > 0xDBFF)
        return 0;
    if (c->i + 1 >= c->len || c->s[c->i] != '\\' || c->s[c->i + 1] != 'u')
        return -1;
    long lo = hex4(c->s, c->i + 2, c->len);
    if (lo < 0xDC00 || lo > 0xDFFF)
        return -1;
    for (int k = 0; k < 6; k++)
        step(c);
    return 0;
}

/* Skips a string token (the cursor on its opening quote); -1 when it is not
 * one jansson accepts. */
static int skip_string(rg_jcur *c)
{
    step(c); /* opening quote */
    while (c->i < c->len) {
        unsigned char ch = (unsigned char)c->s[c->i];
        if (ch == '"') {
            step(c);
            return 0;
        }
        if (ch < 0x20)
            return -1;
        if (ch == '\\') {
            step(c);
            if (c->i >= c->len)
                return -1;
            char e = c->s[c->i];
            if (e == 'u') {
                if (skip_unicode_escape(c) != 0)
                    return -1;
                continue;
            }
            if (!strchr("\"\\/bfnrt", e) || e == '\0')
                return -1;
            step(c);
            continue;
        }
        if (ch < 0x80) {
            step(c);
            continue;
        }
        size_t k = rg_utf8_len((const unsigned char *)c->s + c->i, c->len - c->i);
        if (k == 0)
            return -1;
        c->i += k;
        c->column++;
    }
    return -1;
}

static int is_digit(char ch)
{
    return ch >= '0' && ch <= '9';
}

/* Does the number token s[start..end) (grammar already checked) overflow
 * where jansson says "too big integer" or "real number overflow"? */
static int number_overflows(const char *s, size_t start, size_t end, int is_real)
{
    if (!is_real) {
        int neg = s[start] == '-';
        size_t digits = end - start - (size_t)neg;
        if (digits != 19)
            return digits > 19; /* no leading zeros: 20 digits are past 2^63 */
        const char *lim = neg ? "9223372036854775808" : "9223372036854775807";
        return memcmp(s + start + neg, lim, 19) > 0;
    }
    char small[64];
    size_t n = end - start;
    char *t = n < sizeof small ? small : malloc(n + 1);
    if (t == NULL)
        return 1;
    memcpy(t, s + start, n);
    t[n] = '\0';
    double v = strtod(t, NULL);
    if (t != small)
        free(t);
    return isinf(v);
}

/* Skips a number token as jansson lexes it:
 * -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)? */
static int skip_number(rg_jcur *c)
{
    size_t start = c->i;
    const char *s = c->s;
    size_t i = c->i, n = c->len;
    int is_real = 0;
    if (i < n && s[i] == '-')
        i++;
    if (i < n && s[i] == '0') {
        i++;
        if (i < n && is_digit(s[i]))
            return -1;
    } else if (i < n && is_digit(s[i])) {
        while (i < n && is_digit(s[i]))
            i++;
    } else {
        return -1;
    }
    if (i < n && s[i] == '.') {
        i++;
        if (i >= n || !is_digit(s[i]))
            return -1;
        while (i < n && is_digit(s[i]))
            i++;
        is_real = 1;
    }
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        i++;
        if (i < n && (s[i] == '+' || s[i] == '-'))
            i++;
        if (i >= n || !is_digit(s[i]))
            return -1;
        while (i < n && is_digit(s[i]))
            i++;
        is_real = 1;
    }
    if (number_overflows(s, start, i, is_real))
        return -1;
    c->column += (int)(i - start);
    c->i = i;
    return 0;
}

/* Skips true, false or null; jansson reads a whole run of letters. */
static int skip_word(rg_jcur *c)
{
    size_t start = c->i, i = c->i;
    while (i < c->len && ((c->s[i] | 32) >= 'a' && (c->s[i] | 32) <= 'z'))
        i++;
    size_t n = i - start;
    const char *w = c->s + start;
    if (!((n == 4 && memcmp(w, "true", 4) == 0) || (n == 5 && memcmp(w, "false", 5) == 0) ||
          (n == 4 && memcmp(w, "null", 4) == 0)))
        return -1;
    c->column += (int)n;
    c->i = i;
    return 0;
}

static int skip_depth(rg_jcur *c, int depth)
{
    if (depth > RG_JSON_MAX_DEPTH)
        return -1;
    rg_jcur_ws(c);
    if (c->i >= c->len)
        return -1;
    char ch = c->s[c->i];
    if (ch == '"')
        return skip_string(c);
    if (ch == '-' || is_digit(ch))
        return skip_number(c);
    if (ch != '{' && ch != '[')
        return skip_word(c);
    char close = ch == '{' ? '}' : ']';
    step(c);
    rg_jcur_ws(c);
    if (c->i < c->len && c->s[c->i] == close) {
        step(c);
        return 0;
    }
    for (;;) {
        if (ch == '{') {
            rg_jcur_ws(c);
            if (c->i >= c->len || c->s[c->i] != '"' || skip_string(c) != 0)
                return -1;
            rg_jcur_ws(c);
            if (c->i >= c->len || c->s[c->i] != ':')
                return -1;
            step(c);
        }
        if (skip_depth(c, depth + 1) != 0)
            return -1;
        rg_jcur_ws(c);
        if (c->i >= c->len)
            return -1;
        if (c->s[c->i] == ',') {
            step(c);
            continue;
        }
        if (c->s[c->i] == close) {
            step(c);
            return 0;
        }
        return -1;
    }
}

int rg_jcur_skip(rg_jcur *c, int depth)
{
    return skip_depth(c, depth);
}

static void put_utf8(char **o, unsigned cp)
{
    char *p = *o;
    if (cp < 0x80) {
        *p++ = (char)cp;
    } else if (cp < 0x800) {
        *p++ = (char)(0xC0 | (cp >> 6));
        *p++ = (char)(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        *p++ = (char)(0xE0 | (cp >> 12));
        *p++ = (char)(0x80 | ((cp >> 6) & 0x3F));
        *p++ = (char)(0x80 | (cp & 0x3F));
    } else {
        *p++ = (char)(0xF0 | (cp >> 18));
        *p++ = (char)(0x80 | ((cp >> 12) & 0x3F));
        *p++ = (char)(0x80 | ((cp >> 6) & 0x3F));
        *p++ = (char)(0x80 | (cp & 0x3F));
    }
    *o = p;
}

/* Decodes the string token s[start..end) (quotes excluded, already checked
 * by skip_string) into OUT, which has room for end - start + 1 bytes: a
 * decoded string is never longer. */
static void decode(const char *s, size_t start, size_t end, char *out)
{
    char *o = out;
    size_t i = start;
    while (i < end) {
        if (s[i] != '\\') {
            *o++ = s[i++];
            continue;
        }
        i++;
        char e = s[i++];
        switch (e) {
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        case 'u': {
            unsigned cp = (unsigned)hex4(s, i, end);
            i += 4;
            if (cp >= 0xD800 && cp < 0xDC00) {
                unsigned lo = (unsigned)hex4(s, i + 2, end);
                i += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            put_utf8(&o, cp);
            break;
        }
        default: *o++ = e; break; /* " \ / */
        }
    }
    *o = '\0';
}

char *rg_jcur_string(rg_jcur *c)
{
    size_t start = c->i + 1;
    if (skip_string(c) != 0)
        return NULL;
    size_t end = c->i - 1;
    char *out = malloc(end - start + 1);
    if (out)
        decode(c->s, start, end, out);
    return out;
}

/* ---- the map ------------------------------------------------------------- */

static size_t hash_ptr(const void *p)
{
    uint64_t x = (uint64_t)(uintptr_t)p;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return (size_t)x;
}

rg_jpos *rg_jpos_new(void)
{
    return calloc(1, sizeof(rg_jpos));
}

void rg_jpos_free(rg_jpos *m)
{
    if (m == NULL)
        return;
    free(m->slots);
    free(m->entries);
    free(m->keys);
    free(m);
}

static int map_grow(rg_jpos *m)
{
    size_t ncap = m->cap ? m->cap * 2 : 64;
    record *n = calloc(ncap, sizeof *n);
    if (n == NULL)
        return -1;
    for (size_t i = 0; i < m->cap; i++) {
        if (m->slots[i].container == NULL)
            continue;
        size_t j = hash_ptr(m->slots[i].container) & (ncap - 1);
        while (n[j].container)
            j = (j + 1) & (ncap - 1);
        n[j] = m->slots[i];
    }
    free(m->slots);
    m->slots = n;
    m->cap = ncap;
    return 0;
}

static record *map_find(const rg_jpos *m, const json_t *c)
{
    if (m == NULL || m->cap == 0 || c == NULL)
        return NULL;
    size_t j = hash_ptr(c) & (m->cap - 1);
    while (m->slots[j].container) {
        if (m->slots[j].container == c)
            return &m->slots[j];
        j = (j + 1) & (m->cap - 1);
    }
    return NULL;
}

static record *map_add(rg_jpos *m, const json_t *c)
{
    if (2 * (m->count + 1) > m->cap && map_grow(m) != 0)
        return NULL;
    size_t j = hash_ptr(c) & (m->cap - 1);
    while (m->slots[j].container)
        j = (j + 1) & (m->cap - 1);
    m->slots[j].container = c;
    m->count++;
    return &m->slots[j];
}

static int reserve(void **p, size_t *cap, size_t need, size_t size)
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

typedef struct scanner {
    rg_jcur c;
    rg_jpos *m;
    int failed; /* 1: out of memory; 2: the text does not match the tree */
} scanner;

static rg_pos here(const scanner *sc)
{
    rg_pos p = {sc->c.line, sc->c.column};
    return p;
}

static void scan_value(scanner *sc, const json_t *v, int depth);

static void scan_container(scanner *sc, const json_t *v, int is_object, int depth)
{
    rg_jpos *m = sc->m;
    size_t n = is_object ? json_object_size(v) : json_array_size(v);
    size_t first = m->nentries;
    if (reserve((void **)&m->entries, &m->capentries, first + n, sizeof *m->entries) != 0) {
        sc->failed = 1;
        return;
    }
    m->nentries += n;
    record *r = map_add(m, v);
    if (r == NULL) {
        sc->failed = 1;
        return;
    }
    r->pos = here(sc);
    r->first = first;
    r->n = n;
    advance(&sc->c); /* { or [ */
    size_t k = 0;
    for (;;) {
        rg_jcur_ws(&sc->c);
        if (sc->c.i >= sc->c.len || sc->failed)
            return;
        char ch = sc->c.s[sc->c.i];
        if (ch == '}' || ch == ']') {
            advance(&sc->c);
            return;
        }
        if (ch == ',') {
            advance(&sc->c);
            continue;
        }
        if (k >= n) {
            sc->failed = 2;
            return;
        }
        entry *e = &m->entries[first + k];
        const json_t *child;
        e->key = -1;
        if (is_object) {
            e->key_pos = here(sc);
            size_t start = sc->c.i + 1;
            if (skip_string(&sc->c) != 0) {
                sc->failed = 2;
                return;
            }
            size_t end = sc->c.i - 1;
            if (reserve((void **)&m->keys, &m->capkeys, m->nkeys + (end - start) + 1, 1) != 0) {
                sc->failed = 1;
                return;
            }
            e = &m->entries[first + k]; /* entries did not move, keys may have */
            e->key = (long)m->nkeys;
            decode(sc->c.s, start, end, m->keys + m->nkeys);
            child = json_object_get(v, m->keys + m->nkeys);
            m->nkeys += strlen(m->keys + m->nkeys) + 1;
            rg_jcur_ws(&sc->c);
            if (sc->c.i < sc->c.len && sc->c.s[sc->c.i] == ':')
                advance(&sc->c);
            rg_jcur_ws(&sc->c);
        } else {
            child = json_array_get(v, k);
        }
        e->value_pos = here(sc);
        k++;
        scan_value(sc, child, depth + 1);
    }
}

static void scan_value(scanner *sc, const json_t *v, int depth)
{
    rg_jcur_ws(&sc->c);
    if (sc->c.i >= sc->c.len || depth > 4096)
        return;
    char ch = sc->c.s[sc->c.i];
    if (ch == '{' && json_is_object(v)) {
        scan_container(sc, v, 1, depth);
    } else if (ch == '[' && json_is_array(v)) {
        scan_container(sc, v, 0, depth);
    } else if (ch == '{' || ch == '[') {
        sc->failed = 2; /* the tree does not match the text */
    } else if (skip_depth(&sc->c, 1) != 0) {
        sc->failed = 2;
    }
}

int rg_jpos_scan(rg_jpos *m, const char *text, size_t len, const json_t *root, int line, int column)
{
    m->pending = 0;
    if (m->count)
        memset(m->slots, 0, m->cap * sizeof *m->slots);
    m->count = 0;
    m->nentries = 0;
    m->nkeys = 0;
    scanner sc;
    rg_jcur_init(&sc.c, text, len);
    sc.c.line = line;
    sc.c.column = column;
    sc.m = m;
    sc.failed = 0;
    scan_value(&sc, root, 0);
    return sc.failed ? -sc.failed : 0;
}

void rg_jpos_defer(rg_jpos *m, const char *text, size_t len, const json_t *root, int line,
                   int column)
{
    m->pending = 1;
    m->text = text;
    m->len = len;
    m->root = root;
    m->line = line;
    m->column = column;
}

/* Makes a deferred scan.  Its failure leaves the map empty: positions fall
 * back to {0, 0}, and the message is still given. */
static void ready(rg_jpos *m)
{
    if (m->pending)
        rg_jpos_scan(m, m->text, m->len, m->root, m->line, m->column);
}

rg_pos rg_jpos_of(rg_jpos *m, const json_t *container)
{
    ready(m);
    const record *r = map_find(m, container);
    rg_pos none = {0, 0};
    return r ? r->pos : none;
}

static const entry *member(rg_jpos *m, const json_t *obj, const char *key)
{
    ready(m);
    const record *r = map_find(m, obj);
    if (r == NULL)
        return NULL;
    for (size_t i = 0; i < r->n; i++) {
        const entry *e = &m->entries[r->first + i];
        if (e->key >= 0 && strcmp(m->keys + e->key, key) == 0)
            return e;
    }
    return NULL;
}

rg_pos rg_jpos_key(rg_jpos *m, const json_t *obj, const char *key)
{
    const entry *e = member(m, obj, key);
    return e ? e->key_pos : rg_jpos_of(m, obj);
}

rg_pos rg_jpos_value(rg_jpos *m, const json_t *obj, const char *key)
{
    const entry *e = member(m, obj, key);
    return e ? e->value_pos : rg_jpos_of(m, obj);
}

rg_pos rg_jpos_index(rg_jpos *m, const json_t *arr, size_t i)
{
    ready(m);
    const record *r = map_find(m, arr);
    if (r && i < r->n)
        return m->entries[r->first + i].value_pos;
    return rg_jpos_of(m, arr);
}
