/* cli_allocwatch.c: the program's allocation functions, which count the
 * allocations refused (cli_alloc_refusals).
 *
 * Why: some libraries of the drawing, denied memory, go on without it and
 * say nothing.  harfbuzz 6.0 returns its inert empty objects (blob, face,
 * font, shape plan) instead of NULL, by design, and pango 1.50 does not
 * check them: the text is measured without the font's glyphs, the diagram
 * laid out at other widths, and relgraph wrote another drawing with exit 0.
 * Nothing inside pango or harfbuzz can be asked whether it degraded; what
 * can be seen from outside is that an allocation was refused.  So the
 * program defines malloc and its kin: ELF symbol interposition makes every
 * library of the process (harfbuzz, pango, glib, cairo, fontconfig,
 * Graphviz, igraph, jansson, the C library's own strdup and stdio) call
 * these, each of which forwards to the next definition in the lookup order
 * and, when that returns NULL for a non-zero size, adds one to a
 * process-wide counter.  The drawing process reads it before and after
 * drawing (cli_draw.c): a drawing during which any allocation was refused
 * is not trusted, whoever asked and whatever they did with the NULL.
 *
 * The next definition is found with dlsym(RTLD_NEXT): the C library's, or
 * an LD_PRELOAD shim's (tests/failalloc, which then sees these functions
 * as its callers and skips them, as it skips the C library), or gcc's
 * shared AddressSanitizer runtime.  valgrind replaces exported allocation
 * functions in the executable too: under memcheck these are not run at all
 * (memcheck's malloc does not return NULL short of aborting).  clang's
 * sanitizer runtime is linked into the program and defines malloc itself,
 * so there the functions are left out (RG_ALLOCWATCH is 0) and the counter
 * stays 0: a sanitized clang build checks the drawing's memory, not its
 * degradation.
 *
 * Cost: one predictable branch on the result, and one indirect call, per
 * allocation; free is not wrapped (it cannot fail).  valloc and pvalloc are
 * not wrapped either: no library relgraph loads calls them.
 *
 * The counter is the one piece of mutable file-scope state of the program
 * that is process-wide by nature (the malloc interface has no context);
 * it is atomic, since the allocations of any thread go through here. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cli_allocwatch.h"

/* clang only: gcc 14 knows __has_feature too, but gcc's libasan is a shared
 * library after the program in the lookup order and takes the forwarding */
#if defined(__clang__) && defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(memory_sanitizer) ||                         \
    __has_feature(thread_sanitizer)
#define RG_ALLOCWATCH 0 /* clang: the sanitizer's runtime is in the program */
#endif
#endif
#ifndef RG_ALLOCWATCH
#define RG_ALLOCWATCH 1
#endif

/* How many allocations of a non-zero size were refused, process-wide. */
static atomic_ulong refusals;

unsigned long cli_alloc_refusals(void)
{
    return atomic_load_explicit(&refusals, memory_order_relaxed);
}

int cli_alloc_watching(void)
{
    return RG_ALLOCWATCH;
}

#if RG_ALLOCWATCH

static void refused(void)
{
    atomic_fetch_add_explicit(&refusals, 1, memory_order_relaxed);
}

typedef void *(*malloc_fn)(size_t);
typedef void *(*calloc_fn)(size_t, size_t);
typedef void *(*realloc_fn)(void *, size_t);
typedef void *(*reallocarray_fn)(void *, size_t, size_t);
typedef int (*posix_memalign_fn)(void **, size_t, size_t);
typedef void *(*memalign_fn)(size_t, size_t);

/* The next definitions, looked up on the first allocation.  That first
 * allocation is made while the dynamic loader starts the program, before
 * any thread exists, so the lookup is not raced; the pointers do not change
 * after it. */
static malloc_fn next_malloc;
static calloc_fn next_calloc;
static realloc_fn next_realloc;
static reallocarray_fn next_reallocarray;
static posix_memalign_fn next_posix_memalign;
static memalign_fn next_aligned_alloc;
static memalign_fn next_memalign;
static int resolving;

/* dlsym may allocate while it looks the functions up (older C libraries
 * made dlerror's buffer with calloc, and kept it): those bytes come from
 * this static block.  glibc 2.36 allocates nothing there, so the block stays
 * unused; were it used, its bytes are never given back (free is not
 * wrapped, so a block from here must not reach the C library's free: only
 * the loader's own buffers, which it keeps, are made while resolving). */
static _Alignas(16) char boot[4096];
static size_t boot_used;

static void *boot_alloc(size_t size)
{
    size = (size + 15) & ~(size_t)15;
    if (size > sizeof boot - boot_used)
        return NULL;
    void *p = boot + boot_used;
    boot_used += size;
    return p; /* static: zero-filled, as calloc needs */
}

static int in_boot(const void *p)
{
    return (const char *)p >= boot && (const char *)p < boot + sizeof boot;
}

static void resolve(void)
{
    if (resolving)
        return;
    resolving = 1;
    next_calloc = (calloc_fn)dlsym(RTLD_NEXT, "calloc");
    next_realloc = (realloc_fn)dlsym(RTLD_NEXT, "realloc");
    next_reallocarray = (reallocarray_fn)dlsym(RTLD_NEXT, "reallocarray");
    next_posix_memalign = (posix_memalign_fn)dlsym(RTLD_NEXT, "posix_memalign");
    next_aligned_alloc = (memalign_fn)dlsym(RTLD_NEXT, "aligned_alloc");
    next_memalign = (memalign_fn)dlsym(RTLD_NEXT, "memalign");
    next_malloc = (malloc_fn)dlsym(RTLD_NEXT, "malloc"); /* last: the "resolved" mark */
    resolving = 0;
}

void *malloc(size_t size)
{
    if (__builtin_expect(next_malloc == NULL, 0)) {
        resolve();
        if (next_malloc == NULL)
            return boot_alloc(size);
    }
    void *p = next_malloc(size);
    if (__builtin_expect(p == NULL, 0) && size != 0)
        refused();
    return p;
}

void *calloc(size_t n, size_t size)
{
    if (__builtin_expect(next_malloc == NULL, 0)) {
        resolve();
        if (next_calloc == NULL)
            return n && size > SIZE_MAX / n ? NULL : boot_alloc(n * size);
    }
    void *p = next_calloc(n, size);
    if (__builtin_expect(p == NULL, 0) && n != 0 && size != 0)
        refused();
    return p;
}

void *realloc(void *old, size_t size)
{
    if (__builtin_expect(next_malloc == NULL, 0))
        resolve();
    void *p;
    if (__builtin_expect(in_boot(old) || next_realloc == NULL, 0)) { /* the static block */
        p = next_malloc ? next_malloc(size) : boot_alloc(size);
        if (p) {
            size_t have = in_boot(old) ? (size_t)(boot + sizeof boot - (char *)old) : 0;
            if (have) /* (a pointer of the C library's cannot come before the lookup) */
                memcpy(p, old, size < have ? size : have);
        }
    } else {
        p = next_realloc(old, size);
    }
    /* realloc(p, 0) frees and may return NULL: not a refusal */
    if (__builtin_expect(p == NULL, 0) && size != 0)
        refused();
    return p;
}

void *reallocarray(void *old, size_t n, size_t size)
{
    if (__builtin_expect(next_malloc == NULL, 0))
        resolve();
    if (__builtin_expect(in_boot(old) || next_reallocarray == NULL, 0)) {
        if (size != 0 && n > SIZE_MAX / size) {
            errno = ENOMEM;
            refused();
            return NULL;
        }
        return realloc(old, n * size);
    }
    void *p = next_reallocarray(old, n, size);
    if (__builtin_expect(p == NULL, 0) && n != 0 && size != 0)
        refused();
    return p;
}

int posix_memalign(void **out, size_t align, size_t size)
{
    if (__builtin_expect(next_malloc == NULL, 0))
        resolve();
    if (next_posix_memalign == NULL) /* asked for by dlsym itself: none here */
        return ENOMEM;
    int e = next_posix_memalign(out, align, size);
    if (__builtin_expect(e == ENOMEM, 0) && size != 0)
        refused(); /* EINVAL (a bad alignment) is the caller's error */
    return e;
}

/* aligned_alloc and memalign repeat each other rather than share a helper:
 * each wrapper is to be one frame, an exported one, which tests/failalloc
 * recognises by its name and skips; a static helper's frame it could not. */
void *aligned_alloc(size_t align, size_t size)
{
    if (__builtin_expect(next_malloc == NULL, 0))
        resolve();
    if (next_aligned_alloc == NULL)
        return NULL;
    void *p = next_aligned_alloc(align, size);
    if (__builtin_expect(p == NULL, 0) && size != 0 && errno == ENOMEM)
        refused();
    return p;
}

void *memalign(size_t align, size_t size)
{
    if (__builtin_expect(next_malloc == NULL, 0))
        resolve();
    if (next_memalign == NULL)
        return NULL;
    void *p = next_memalign(align, size);
    if (__builtin_expect(p == NULL, 0) && size != 0 && errno == ENOMEM)
        refused();
    return p;
}

#endif
