/* rg_bigmem.c: huge-page advice for large arrays (rg_bigmem.h). */
#define _DEFAULT_SOURCE 1
#include "rg_bigmem.h"

#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>

/* The huge page size of x86-64 and arm64 with 4 KiB pages. */
#define HUGE ((uintptr_t)2 << 20)

void rg_big_advise(void *p, size_t n)
{
#ifdef MADV_HUGEPAGE
    if (p == NULL || n < 2 * HUGE)
        return;
    uintptr_t a = ((uintptr_t)p + HUGE - 1) & ~(HUGE - 1);
    uintptr_t b = ((uintptr_t)p + n) & ~(HUGE - 1);
    if (b > a)
        (void)madvise((void *)a, b - a, MADV_HUGEPAGE); /* advice: a refusal changes nothing */
#else
    (void)p;
    (void)n;
#endif
}

void *rg_big_alloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    rg_big_advise(p, n);
    return p;
}
