/* rg_sort.c: stable merge sort with a context, and natural string order. */
#include "rg_sort.h"

#include <stdlib.h>
#include <string.h>

static void merge_pass(char *src, char *dst, size_t n, size_t size, size_t width, rg_cmp_fn cmp,
                       void *ctx)
{
    for (size_t lo = 0; lo < n; lo += 2 * width) {
        size_t mid = lo + width < n ? lo + width : n;
        size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
        size_t i = lo, j = mid, k = lo;
        while (i < mid && j < hi) {
            /* take from the right only when strictly smaller: stable */
            if (cmp(src + j * size, src + i * size, ctx) < 0)
                memcpy(dst + (k++) * size, src + (j++) * size, size);
            else
                memcpy(dst + (k++) * size, src + (i++) * size, size);
        }
        if (i < mid)
            memcpy(dst + k * size, src + i * size, (mid - i) * size);
        k += mid - i;
        if (j < hi)
            memcpy(dst + k * size, src + j * size, (hi - j) * size);
    }
}

int rg_sort(void *base, size_t n, size_t size, rg_cmp_fn cmp, void *ctx)
{
    if (n < 2 || size == 0)
        return 0;
    char *tmp = malloc(n * size);
    if (tmp == NULL) {
        /* out of memory: a stable insertion sort in place, swapping
         * neighbours byte by byte; slow, but the answer stays the same */
        char *b = base;
        for (size_t i = 1; i < n; i++)
            for (size_t j = i; j > 0 && cmp(b + j * size, b + (j - 1) * size, ctx) < 0; j--)
                for (size_t k = 0; k < size; k++) {
                    char t = b[j * size + k];
                    b[j * size + k] = b[(j - 1) * size + k];
                    b[(j - 1) * size + k] = t;
                }
        return 0;
    }
    char *src = base, *dst = tmp;
    for (size_t width = 1; width < n; width *= 2) {
        merge_pass(src, dst, n, size, width, cmp, ctx);
        char *t = src;
        src = dst;
        dst = t;
    }
    if (src != base)
        memcpy(base, src, n * size);
    free(tmp);
    return 0;
}

static int is_digit(char c)
{
    return c >= '0' && c <= '9';
}

int rg_strnatcmp(const char *a, const char *b)
{
    const char *p = a, *q = b;
    while (*p && *q) {
        if (is_digit(*p) && is_digit(*q)) {
            while (*p == '0' && is_digit(p[1]))
                p++;
            while (*q == '0' && is_digit(q[1]))
                q++;
            size_t lp = 0, lq = 0;
            while (is_digit(p[lp]))
                lp++;
            while (is_digit(q[lq]))
                lq++;
            if (lp != lq)
                return lp < lq ? -1 : 1;
            int c = memcmp(p, q, lp);
            if (c)
                return c < 0 ? -1 : 1;
            p += lp;
            q += lq;
            continue;
        }
        if (*p != *q)
            return (unsigned char)*p < (unsigned char)*q ? -1 : 1;
        p++;
        q++;
    }
    if (*p || *q)
        return *p ? 1 : -1;
    int c = strcmp(a, b);
    return c < 0 ? -1 : c > 0;
}
