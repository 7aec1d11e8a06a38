/* rg_sort.h: a stable sort whose comparator takes a context.
 *
 * C11 has no qsort_r, and a comparator that reads a file-scope variable
 * makes two analyses in two threads race.  Every sort that needs the graph
 * (or any other state) to compare goes through rg_sort instead. */
#ifndef RG_SORT_H
#define RG_SORT_H

#include <stddef.h>

typedef int (*rg_cmp_fn)(const void *a, const void *b, void *ctx);

/* Sorts N elements of SIZE bytes at BASE by CMP, stable (equal elements keep
 * their order).  Merge sort: O(n log n) time, one scratch buffer of n * size
 * bytes; when that cannot be had, an insertion sort in place (O(n^2), same
 * order).  Returns 0. */
int rg_sort(void *base, size_t n, size_t size, rg_cmp_fn cmp, void *ctx);

/* Natural order of two strings, as a reader expects it: runs of digits
 * compare by value ("E7" < "E10"), the rest byte by byte.  Ties broken by
 * strcmp so that the order is total. */
int rg_strnatcmp(const char *a, const char *b);

#endif
