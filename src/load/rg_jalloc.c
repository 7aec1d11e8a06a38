/* rg_jalloc.c: the allocator jansson uses, chosen by the program, and the
 * loader's per-element arena (rg_jalloc.h).
 *
 * jansson 2.14's lexer ignores a failed append to its token buffer
 * (lex_save) and goes on with a string it did not save whole: an assert in
 * lex_scan_string, or, when the closing quote is among the bytes lost, a
 * read and a write past the buffer (heap corruption).  The library cannot
 * recover from inside jansson and must not exit, so it lets the program
 * install allocation functions that never hand jansson a NULL (the CLI's
 * stop the process with "out of memory"; docs/reliability.md).  Those are
 * called through the library's own pair, which serves a thread's
 * allocations from its arena while it reads a catalogue's elements.  This
 * is the only file besides the loader and rg_fmt.c that sees jansson. */
#include "rg_jalloc.h"

#include <jansson.h>
#include <stdalign.h>
#include <stdint.h>
#include <stdlib.h>

#include "rg_load.h"

/* The program's functions, as rg_load_json_alloc set them.  Written once at
 * start-up, as jansson's own process-wide setting is (test_no_global_state
 * allows them for that reason). */
static void *(*program_malloc)(size_t) = malloc;
static void (*program_free)(void *) = free;
/* The arena of the element this thread is reading, or NULL. */
static _Thread_local rg_jarena *jarena_now;

/* 64 KiB holds any usual element many times over; a larger one takes
 * further chunks, freed when it has been read. */
#define FIRST_CHUNK ((size_t)64 << 10)

struct rg_jchunk {
    rg_jchunk *next;
    unsigned char *end;
    alignas(max_align_t) unsigned char data[];
};

static rg_jchunk *new_chunk(size_t size)
{
    if (size > SIZE_MAX - sizeof(rg_jchunk))
        return NULL;
    rg_jchunk *c = program_malloc(sizeof *c + size);
    if (c != NULL)
        c->end = c->data + size;
    return c;
}

static void *jalloc_malloc(size_t n)
{
    rg_jarena *a = jarena_now;
    if (a == NULL)
        return program_malloc(n);
    size_t need = (n + alignof(max_align_t) - 1) & ~(alignof(max_align_t) - 1);
    if (need < n)
        return NULL; /* SIZE_MAX rounded up: no such block, as malloc would say */
    if (need > a->left) {
        rg_jchunk *c = new_chunk(need > FIRST_CHUNK ? need : FIRST_CHUNK);
        if (c == NULL)
            return NULL;
        /* behind the first: a reset keeps the first and frees the rest */
        c->next = a->head->next;
        a->head->next = c;
        a->p = c->data;
        a->left = (size_t)(c->end - c->data);
    }
    void *r = a->p;
    a->p += need;
    a->left -= need;
    return r;
}

/* A value of the element goes with its arena; anything else (a value
 * allocated before the arena was begun) to the program's free. */
static void jalloc_free(void *ptr)
{
    rg_jarena *a = jarena_now;
    if (a != NULL && ptr != NULL) {
        uintptr_t u = (uintptr_t)ptr;
        for (const rg_jchunk *c = a->head; c; c = c->next)
            if (u >= (uintptr_t)c->data && u < (uintptr_t)c->end)
                return;
    }
    program_free(ptr);
}

void rg_load_json_alloc(void *(*malloc_fn)(size_t), void (*free_fn)(void *))
{
    program_malloc = malloc_fn;
    program_free = free_fn;
    json_set_alloc_funcs(jalloc_malloc, jalloc_free);
}

int rg_jarena_begin(rg_jarena *a)
{
    a->head = NULL;
    a->p = NULL;
    a->left = 0;
    json_malloc_t m;
    json_free_t f;
    json_get_alloc_funcs(&m, &f);
    if (m != jalloc_malloc || f != jalloc_free || jarena_now != NULL)
        return 0;
    a->head = new_chunk(FIRST_CHUNK);
    if (a->head == NULL)
        return 0;
    a->head->next = NULL;
    a->p = a->head->data;
    a->left = FIRST_CHUNK;
    jarena_now = a;
    return 1;
}

void rg_jarena_reset(rg_jarena *a)
{
    if (a->head == NULL)
        return;
    rg_jchunk *c = a->head->next;
    while (c) {
        rg_jchunk *next = c->next;
        program_free(c);
        c = next;
    }
    a->head->next = NULL;
    a->p = a->head->data;
    a->left = (size_t)(a->head->end - a->head->data);
}

void rg_jarena_end(rg_jarena *a)
{
    if (a->head == NULL)
        return;
    rg_jarena_reset(a);
    jarena_now = NULL;
    program_free(a->head);
    a->head = NULL;
}
