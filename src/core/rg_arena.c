/* rg_arena.c: a bump allocator. */
#include "rg_arena.h"

#include "rg_bigmem.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK ((size_t)1 << 20)
/* Once an arena holds a few chunks, its next ones are this size and
 * advised for huge pages: a large catalogue's strings and attributes are
 * tens to hundreds of megabytes, and in 4 KiB pages their first writes
 * were a page fault each (about 3% of loading 100k nodes when the larger
 * chunks began only at 64 MiB).  A small catalogue stays in small chunks. */
#define BIG_CHUNK ((size_t)16 << 20)

struct rg_arena_chunk {
    rg_arena_chunk *next;
    alignas(max_align_t) unsigned char data[];
};

void rg_arena_init(rg_arena *a)
{
    memset(a, 0, sizeof *a);
}

void rg_arena_destroy(rg_arena *a)
{
    rg_arena_chunk *c = a->head;
    while (c) {
        rg_arena_chunk *next = c->next;
        free(c);
        c = next;
    }
    memset(a, 0, sizeof *a);
}

/* N bytes at the next multiple of ALIGN (a power of two), in a new chunk
 * when the head one has no room: strings need no alignment, and rounding
 * each up to 16 bytes made a catalogue's many short strings half padding. */
static void *bump(rg_arena *a, size_t n, size_t align)
{
    size_t off = (a->used + align - 1) & ~(align - 1);
    if (a->head == NULL || off > a->size || n > a->size - off) {
        size_t size = a->total >= 4 * CHUNK ? BIG_CHUNK : CHUNK;
        if (n > size)
            size = n;
        rg_arena_chunk *c = rg_big_alloc(sizeof *c + size);
        if (c == NULL)
            return NULL;
        c->next = a->head;
        a->head = c;
        a->size = size;
        off = 0;
    }
    a->used = off + n;
    a->total += n;
    return a->head->data + off;
}

void *rg_arena_alloc(rg_arena *a, size_t n)
{
    void *p = bump(a, n ? n : 1, alignof(max_align_t));
    if (p != NULL)
        memset(p, 0, n);
    return p;
}

char *rg_arena_chars(rg_arena *a, size_t n)
{
    return bump(a, n ? n : 1, 1);
}

/* A copy of S's first N bytes and a NUL, not zeroed first. */
char *rg_arena_strndup(rg_arena *a, const char *s, size_t n)
{
    char *p = bump(a, n + 1, 1);
    if (p == NULL)
        return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *rg_arena_strdup(rg_arena *a, const char *s)
{
    return rg_arena_strndup(a, s, strlen(s));
}
