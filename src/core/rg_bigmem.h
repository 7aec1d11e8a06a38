/* rg_bigmem.h: large arrays that are filled at once (a compiled catalogue's
 * nodes, edges and attributes; an analysis's per-vertex tables).
 *
 * Linux maps such memory in 4 KiB pages unless asked otherwise, and a
 * million-node graph then spends more time in page faults and TLB misses
 * than in its own work: filling 700 MB of records took three times as long
 * as with 2 MiB pages.  These calls ask for transparent huge pages
 * (madvise MADV_HUGEPAGE, which the default "madvise" setting honours); they
 * change nothing else, and where huge pages are not available they do
 * nothing. */
#ifndef RG_BIGMEM_H
#define RG_BIGMEM_H

#include <stddef.h>

/* malloc(N), advised for huge pages when N is large; free() it.  Not zeroed. */
void *rg_big_alloc(size_t n);
/* Advises the whole 2 MiB pages inside [P, P + N) for huge pages (P from
 * malloc or realloc, before it is first written). */
void rg_big_advise(void *p, size_t n);

#endif
