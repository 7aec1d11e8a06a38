/* rg_strmap.c: open-addressing string hash map (FNV-1a, linear probing). */
#include "rg_strmap.h"

#include "rg_bigmem.h"

#include <stdlib.h>
#include <string.h>

uint64_t rg_hash_str(const char *s)
{
    uint64_t h = 1469598103934665603ULL;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        h ^= *p;
        h *= 1099511628211ULL;
    }
    return h ^ (h >> 29);
}

void rg_strmap_init(rg_strmap *m)
{
    memset(m, 0, sizeof *m);
}

void rg_strmap_destroy(rg_strmap *m)
{
    free(m->ents);
    memset(m, 0, sizeof *m);
}

/* The slot of a key in a table of CAP slots starts at its hash's low bits;
 * the tag keeps the low 32, which is all a table of up to 2^32 slots needs
 * to place a key again without reading it. */
static size_t home(uint64_t h, size_t cap)
{
    return (size_t)h & (cap - 1);
}

static int rehash(rg_strmap *m, size_t ncap)
{
    /* a large table in huge pages: every probe is a random access */
    rg_strent *ents =
        ncap >= ((size_t)1 << 16) ? rg_big_alloc(ncap * sizeof *ents) : malloc(ncap * sizeof *ents);
    if (ents == NULL)
        return -1;
    memset(ents, 0, ncap * sizeof *ents);
    for (size_t i = 0; i < m->cap; i++) {
        const rg_strent *e = &m->ents[i];
        if (e->key == NULL)
            continue;
        uint64_t h = ncap > ((size_t)1 << 31) ? rg_hash_str(e->key) : e->tag;
        size_t j = home(h, ncap);
        while (ents[j].key)
            j = (j + 1) & (ncap - 1);
        ents[j] = *e;
    }
    free(m->ents);
    m->ents = ents;
    m->cap = ncap;
    return 0;
}

int rg_strmap_reserve(rg_strmap *m, size_t n)
{
    size_t ncap = 16;
    while (ncap < 2 * n)
        ncap *= 2;
    return ncap > m->cap ? rehash(m, ncap) : 0;
}

int rg_strmap_put_h(rg_strmap *m, const char *key, uint64_t h, int64_t value)
{
    if (2 * (m->count + 1) > m->cap && rehash(m, m->cap ? 2 * m->cap : 16) != 0)
        return -1;
    uint32_t tag = (uint32_t)h;
    size_t j = home(h, m->cap);
    for (rg_strent *e; (e = &m->ents[j])->key; j = (j + 1) & (m->cap - 1))
        if (e->tag == tag && strcmp(e->key, key) == 0) {
            e->value = value;
            return 0;
        }
    m->ents[j] = (rg_strent){tag, 0, key, value};
    m->count++;
    return 0;
}

int rg_strmap_put(rg_strmap *m, const char *key, int64_t value)
{
    return rg_strmap_put_h(m, key, rg_hash_str(key), value);
}

void rg_strmap_packed(rg_strmap *m, const rg_strslot *slots, size_t cap, size_t count,
                      const char *pool)
{
    memset(m, 0, sizeof *m);
    m->slots = slots;
    m->pool = pool;
    m->cap = cap;
    m->count = count;
}

const char *rg_strmap_key(const rg_strmap *m, size_t i)
{
    if (m->slots)
        return m->slots[i].key == 0xFFFFFFFFu ? NULL : m->pool + m->slots[i].key;
    return m->ents[i].key;
}

int64_t rg_strmap_value(const rg_strmap *m, size_t i)
{
    return m->slots ? m->slots[i].value : m->ents[i].value;
}

int rg_strmap_get_h(const rg_strmap *m, const char *key, uint64_t h, int64_t *value)
{
    if (m->cap == 0)
        return 0;
    size_t j = home(h, m->cap);
    if (m->slots) {
        for (; m->slots[j].key != 0xFFFFFFFFu; j = (j + 1) & (m->cap - 1))
            if (strcmp(m->pool + m->slots[j].key, key) == 0) {
                if (value)
                    *value = m->slots[j].value;
                return 1;
            }
        return 0;
    }
    /* the tag first: a key that only shares the slot is passed over
     * without reading its text, which lies elsewhere in memory */
    uint32_t tag = (uint32_t)h;
    for (const rg_strent *e; (e = &m->ents[j])->key; j = (j + 1) & (m->cap - 1))
        if (e->tag == tag && strcmp(e->key, key) == 0) {
            if (value)
                *value = e->value;
            return 1;
        }
    return 0;
}

int rg_strmap_get(const rg_strmap *m, const char *key, int64_t *value)
{
    return m->cap == 0 ? 0 : rg_strmap_get_h(m, key, rg_hash_str(key), value);
}
