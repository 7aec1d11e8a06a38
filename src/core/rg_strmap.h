/* rg_strmap.h: an open-addressing hash map from strings to int64 values.
 *
 * Keys are not copied: the caller keeps them alive (they live in the
 * graph's arena).  Insertion is amortised O(1); the table doubles at 50%
 * load.  Used for the id index, the name index and kind look-ups. */
#ifndef RG_STRMAP_H
#define RG_STRMAP_H

#include <stddef.h>
#include <stdint.h>

/* A slot of a table kept in a compiled catalogue (src/load/rg_rgc.c): the
 * key as an offset into a string pool, 0xFFFFFFFF for an empty slot. */
typedef struct rg_strslot {
    uint32_t key, pad;
    int64_t value;
} rg_strslot;

/* A slot of a table built in memory: the key (NULL for an empty slot),
 * the low 32 bits of its rg_hash_str, which a probe compares before it
 * reads the key and a rehash places it by, and the value, side by side so
 * that a probe touches one cache line, not three. */
typedef struct rg_strent {
    uint32_t tag, pad;
    const char *key;
    int64_t value;
} rg_strent;

typedef struct rg_strmap {
    rg_strent *ents;
    size_t cap, count;
    /* Or, read in place (rg_strmap_packed): SLOTS with keys in POOL; ENTS
     * is then NULL and the map is read-only. */
    const rg_strslot *slots;
    const char *pool;
} rg_strmap;

void rg_strmap_init(rg_strmap *m);
void rg_strmap_destroy(rg_strmap *m);
/* Sets KEY to VALUE (replacing any).  Returns 0, or -1 when out of memory. */
int rg_strmap_put(rg_strmap *m, const char *key, int64_t value);
/* Returns 1 and fills *VALUE when KEY is present, 0 otherwise. */
int rg_strmap_get(const rg_strmap *m, const char *key, int64_t *value);
/* The same with H = rg_hash_str(KEY) already computed (a look-up followed
 * by an insertion of the same key hashes it once). */
int rg_strmap_get_h(const rg_strmap *m, const char *key, uint64_t h, int64_t *value);
int rg_strmap_put_h(rg_strmap *m, const char *key, uint64_t h, int64_t value);
/* Makes M a read-only view of CAP slots (a power of two, at least one
 * empty) whose keys lie in POOL; nothing is copied.  The caller has checked
 * every key offset. */
void rg_strmap_packed(rg_strmap *m, const rg_strslot *slots, size_t cap, size_t count,
                      const char *pool);
/* The key of slot I (I < cap), or NULL when the slot is empty. */
const char *rg_strmap_key(const rg_strmap *m, size_t i);
/* The value of slot I, when its key is not NULL. */
int64_t rg_strmap_value(const rg_strmap *m, size_t i);
/* Pre-sizes for N keys. Returns 0 or -1. */
int rg_strmap_reserve(rg_strmap *m, size_t n);

uint64_t rg_hash_str(const char *s);

#endif
