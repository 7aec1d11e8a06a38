/* rg_jpos.c: value positions for a parsed JSON text (see rg_jpos.h). */
#include "rg_jpos.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "../core/rg_arena.h"

typedef struct entry {
    const char *key; /* NULL for array elements */
    rg_pos key_pos, value_pos;
} entry;

typedef struct record {
    const json_t *container;
    rg_pos pos;
    entry *entries;
    size_t n;
} record;

struct rg_jpos {
    record *slots; /* open addressing by container pointer */
    size_t cap, count;
    rg_arena arena;
};

typedef struct scanner {
    const char *s;
    size_t len, i;
    int line, column; /* of s[i] */
    rg_jpos *m;
    int failed;
} scanner;

static size_t hash_ptr(const void *p)
{
    uintptr_t x = (uintptr_t)p;
    x ^= x >> 33;
    x *= 0xff51afd7ed558ccdULL;
    x ^= x >> 33;
    return (size_t)x;
}

static int map_grow(rg_jpos *m)
{
    size_t ncap = m->cap ? m->cap * 2 : 1024;
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

static void advance(scanner *sc)
{
    unsigned char c = (unsigned char)sc->s[sc->i++];
    if (c == '\n') {
        sc->line++;
        sc->column = 1;
    } else if ((c & 0xC0) != 0x80) {
        /* count characters, not bytes: continuation bytes do not move on */
        if (sc->i < sc->len && ((unsigned char)sc->s[sc->i] & 0xC0) == 0x80) {
            sc->column++;
            while (sc->i < sc->len && ((unsigned char)sc->s[sc->i] & 0xC0) == 0x80)
                sc->i++;
            return;
        }
        sc->column++;
    }
}

static void skip_ws(scanner *sc)
{
    while (sc->i < sc->len) {
        char c = sc->s[sc->i];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
        advance(sc);
    }
}

static rg_pos here(const scanner *sc)
{
    rg_pos p = {sc->line, sc->column};
    return p;
}

static int hexval(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static unsigned read_hex4(scanner *sc)
{
    unsigned v = 0;
    for (int k = 0; k < 4 && sc->i < sc->len; k++) {
        int h = hexval(sc->s[sc->i]);
        v = v * 16 + (unsigned)(h < 0 ? 0 : h);
        advance(sc);
    }
    return v;
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

/* Reads a string token at sc->i (on its opening quote).  With OUT, decodes
 * it into the arena (a decoded string is never longer than its text). */
static const char *read_string(scanner *sc, int decode)
{
    size_t start = sc->i;
    advance(sc); /* opening quote */
    while (sc->i < sc->len && sc->s[sc->i] != '"') {
        if (sc->s[sc->i] == '\\')
            advance(sc);
        if (sc->i < sc->len)
            advance(sc);
    }
    size_t end = sc->i;
    if (sc->i < sc->len)
        advance(sc); /* closing quote */
    if (!decode)
        return "";
    char *out = rg_arena_alloc(&sc->m->arena, end - start + 1);
    if (out == NULL) {
        sc->failed = 1;
        return "";
    }
    /* Decode with a second, private scanner over the same bytes. */
    scanner d = {sc->s, end, start + 1, 0, 0, NULL, 0};
    char *o = out;
    while (d.i < end) {
        char c = d.s[d.i];
        if (c != '\\') {
            *o++ = c;
            d.i++;
            continue;
        }
        d.i++;
        char e = d.i < end ? d.s[d.i++] : '\\';
        switch (e) {
        case 'b': *o++ = '\b'; break;
        case 'f': *o++ = '\f'; break;
        case 'n': *o++ = '\n'; break;
        case 'r': *o++ = '\r'; break;
        case 't': *o++ = '\t'; break;
        case 'u': {
            unsigned cp = read_hex4(&d);
            if (cp >= 0xD800 && cp < 0xDC00 && d.i + 1 < end && d.s[d.i] == '\\' &&
                d.s[d.i + 1] == 'u') {
                d.i += 2;
                unsigned lo = read_hex4(&d);
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            }
            put_utf8(&o, cp);
            break;
        }
        default: *o++ = e; break; /* " \ / */
        }
    }
    *o = '\0';
    return out;
}

static void scan_value(scanner *sc, const json_t *v);

static void scan_container(scanner *sc, const json_t *v, int is_object)
{
    record *r = map_add(sc->m, v);
    if (r == NULL) {
        sc->failed = 1;
        return;
    }
    r->pos = here(sc);
    size_t n = is_object ? json_object_size(v) : json_array_size(v);
    entry *entries = n ? rg_arena_alloc(&sc->m->arena, n * sizeof *entries) : NULL;
    if (n && entries == NULL) {
        sc->failed = 1;
        return;
    }
    /* map_add may move records when it grows: fill them in by pointer only
     * after the children (which add records) are scanned. */
    rg_pos pos = r->pos;
    advance(sc); /* { or [ */
    size_t k = 0;
    for (;;) {
        skip_ws(sc);
        if (sc->i >= sc->len || sc->failed)
            break;
        char c = sc->s[sc->i];
        if (c == '}' || c == ']') {
            advance(sc);
            break;
        }
        if (c == ',') {
            advance(sc);
            continue;
        }
        entry e = {NULL, {0, 0}, {0, 0}};
        const json_t *child;
        if (is_object) {
            e.key_pos = here(sc);
            e.key = read_string(sc, 1);
            skip_ws(sc);
            if (sc->i < sc->len && sc->s[sc->i] == ':')
                advance(sc);
            skip_ws(sc);
            child = json_object_get(v, e.key);
        } else {
            child = json_array_get(v, k);
        }
        e.value_pos = here(sc);
        if (k < n)
            entries[k] = e;
        k++;
        scan_value(sc, child);
    }
    r = map_find(sc->m, v);
    if (r) {
        r->pos = pos;
        r->entries = entries;
        r->n = k < n ? k : n;
    }
}

static void scan_value(scanner *sc, const json_t *v)
{
    skip_ws(sc);
    if (sc->i >= sc->len)
        return;
    char c = sc->s[sc->i];
    if (c == '{' && json_is_object(v)) {
        scan_container(sc, v, 1);
    } else if (c == '[' && json_is_array(v)) {
        scan_container(sc, v, 0);
    } else if (c == '"') {
        read_string(sc, 0);
    } else {
        /* number or literal: up to the next delimiter */
        while (sc->i < sc->len) {
            char d = sc->s[sc->i];
            if (d == ',' || d == '}' || d == ']' || d == ' ' || d == '\t' || d == '\n' || d == '\r')
                break;
            advance(sc);
        }
        if (c == '{' || c == '[')
            sc->failed = 1; /* the tree does not match the text */
    }
}

rg_jpos *rg_jpos_build(const char *text, size_t len, const json_t *root)
{
    rg_jpos *m = calloc(1, sizeof *m);
    if (m == NULL)
        return NULL;
    rg_arena_init(&m->arena);
    scanner sc = {text, len, 0, 1, 1, m, 0};
    /* jansson skips a UTF-8 byte order mark? It does not; neither do we. */
    scan_value(&sc, root);
    if (sc.failed) {
        rg_jpos_free(m);
        return NULL;
    }
    return m;
}

void rg_jpos_free(rg_jpos *m)
{
    if (m == NULL)
        return;
    free(m->slots);
    rg_arena_destroy(&m->arena);
    free(m);
}

rg_pos rg_jpos_of(const rg_jpos *m, const json_t *container)
{
    const record *r = map_find(m, container);
    rg_pos none = {0, 0};
    return r ? r->pos : none;
}

static const entry *member(const rg_jpos *m, const json_t *obj, const char *key)
{
    const record *r = map_find(m, obj);
    if (r == NULL)
        return NULL;
    for (size_t i = 0; i < r->n; i++)
        if (r->entries[i].key && strcmp(r->entries[i].key, key) == 0)
            return &r->entries[i];
    return NULL;
}

rg_pos rg_jpos_key(const rg_jpos *m, const json_t *obj, const char *key)
{
    const entry *e = member(m, obj, key);
    return e ? e->key_pos : rg_jpos_of(m, obj);
}

rg_pos rg_jpos_value(const rg_jpos *m, const json_t *obj, const char *key)
{
    const entry *e = member(m, obj, key);
    return e ? e->value_pos : rg_jpos_of(m, obj);
}

rg_pos rg_jpos_index(const rg_jpos *m, const json_t *arr, size_t i)
{
    const record *r = map_find(m, arr);
    if (r && i < r->n)
        return r->entries[i].value_pos;
    return rg_jpos_of(m, arr);
}
