/* rg_xxh.c: XXH3 in AVX2 where the processor has it (rg_xxh.h).  This file
 * alone is compiled for AVX2 (a pragma, not a flag of the build, so that
 * every other file stays for any x86-64); its code runs only when the
 * processor says it has AVX2. */
#include "rg_xxh.h"

#if defined(__x86_64__) && defined(__GNUC__)
/* clang declares the AVX2 types only when this comes before the pragma */
#include <immintrin.h>
#ifdef __clang__
#pragma clang attribute push(__attribute__((target("avx2"))), apply_to = function)
#else
#pragma GCC push_options
#pragma GCC target("avx2")
#endif
#define XXH_VECTOR 2 /* XXH_AVX2 */
#define XXH_INLINE_ALL
#include <xxhash.h>

uint64_t rg_xxh3_avx2(const void *p, size_t n, uint64_t seed)
{
    return XXH3_64bits_withSeed(p, n, seed);
}

#ifdef __clang__
#pragma clang attribute pop
#else
#pragma GCC pop_options
#endif

int rg_xxh3_avx2_ok(void)
{
    return __builtin_cpu_supports("avx2");
}
#else
int rg_xxh3_avx2_ok(void)
{
    return 0;
}

uint64_t rg_xxh3_avx2(const void *p, size_t n, uint64_t seed)
{
    (void)p;
    (void)n;
    (void)seed;
    return 0;
}
#endif
