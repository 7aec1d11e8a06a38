/* rg_jalloc.h: a bump arena for the jansson values of one catalogue element.
 *
 * A catalogue is parsed one node or edge at a time, each a dozen small
 * values that live until the element is read.  Given to malloc one by one
 * and freed by json_decref's walk of the tree, they cost about a fifth of a
 * load; from an arena they cost a pointer bump, and the whole tree goes at
 * once when the arena is reset.  The arena is the calling thread's (jansson
 * calls its allocation functions with no context), so two threads load
 * apart.  Private to src/load. */
#ifndef RG_JALLOC_H
#define RG_JALLOC_H

#include <stddef.h>

typedef struct rg_jchunk rg_jchunk;

typedef struct rg_jarena {
    rg_jchunk *head;  /* the first chunk stays from element to element */
    unsigned char *p; /* the free part of the newest chunk */
    size_t left;
} rg_jarena;

/* Makes jansson allocate from A on this thread, until rg_jarena_end.
 * Returns 1, or 0 when the arena is not in use (the program did not install
 * the library's allocation functions with rg_load_json_alloc, or there is
 * no memory for a first chunk): then values must be freed with json_decref
 * as usual.  A program's jansson on other threads is not affected. */
int rg_jarena_begin(rg_jarena *a);
/* Frees every value allocated since the last reset, at once: no value of
 * the element may be used after this, nor passed to json_decref. */
void rg_jarena_reset(rg_jarena *a);
/* Resets, frees the arena, and gives jansson the program's functions back
 * on this thread.  Accepts an arena whose begin returned 0. */
void rg_jarena_end(rg_jarena *a);

#endif
