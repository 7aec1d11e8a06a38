/* rg_arena.h: a bump allocator for the many small, long-lived pieces of a
 * loaded graph (strings, attribute arrays).  Everything is freed at once.
 * One malloc per 1 MiB chunk instead of one per string keeps loading a
 * million-node catalogue fast and its teardown O(chunks). */
#ifndef RG_ARENA_H
#define RG_ARENA_H

#include <stddef.h>

typedef struct rg_arena_chunk rg_arena_chunk;

typedef struct rg_arena {
    rg_arena_chunk *head;
    size_t used, size; /* of the head chunk */
    size_t total;      /* bytes handed out, for statistics */
} rg_arena;

void rg_arena_init(rg_arena *a);
void rg_arena_destroy(rg_arena *a);
/* Returns N bytes aligned for any type, zeroed; NULL when out of memory. */
void *rg_arena_alloc(rg_arena *a, size_t n);
char *rg_arena_strdup(rg_arena *a, const char *s);
/* N bytes for text the caller writes at once, not zeroed (a million rows'
 * text is written once, not twice); NULL when out of memory. */
char *rg_arena_chars(rg_arena *a, size_t n);
char *rg_arena_strndup(rg_arena *a, const char *s, size_t n);

#endif
