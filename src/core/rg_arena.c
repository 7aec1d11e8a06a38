/* rg_arena.c: a bump allocator. */
#include "rg_arena.h"

#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#define CHUNK (1u << 20)

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

void *rg_arena_alloc(rg_arena *a, size_t n)
{
    const size_t align = alignof(max_align_t);
    n = (n + align - 1) & ~(align - 1);
    if (n == 0)
        n = align;
    if (a->head == NULL || a->used + n > a->size) {
        size_t size = n > CHUNK ? n : CHUNK;
        rg_arena_chunk *c = malloc(sizeof *c + size);
        if (c == NULL)
            return NULL;
        c->next = a->head;
        a->head = c;
        a->used = 0;
        a->size = size;
    }
    void *p = a->head->data + a->used;
    a->used += n;
    a->total += n;
    memset(p, 0, n);
    return p;
}

char *rg_arena_strndup(rg_arena *a, const char *s, size_t n)
{
    char *p = rg_arena_alloc(a, n + 1);
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
