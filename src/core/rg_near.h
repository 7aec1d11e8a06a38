/* rg_near.h: "did you mean": the nearest of a set of names to a misspelt one.
 *
 * Every message about an unknown name (a kind, an attribute, an option, a
 * command, a role) offers the nearest existing name through this one
 * function, so that all of them judge "near" alike. */
#ifndef RG_NEAR_H
#define RG_NEAR_H

#include <stddef.h>

/* Edit distance (insertions, deletions, substitutions, and a swap of two
 * neighbours; ASCII case and '-' / '_' count as the same), capped: returns
 * CAP + 1 as soon as the distance exceeds CAP.  O(len(a) * len(b)). */
size_t rg_edit_distance(const char *a, const char *b, size_t cap);

/* The name among the N in NAMES nearest to WORD, or NULL when none is near
 * enough to be a likely misspelling (distance at most a third of the
 * longer length, and at least 1 allowed).  Ties go to the first. */
const char *rg_nearest(const char *word, const char *const *names, size_t n);

#endif
