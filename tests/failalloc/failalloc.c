/* failalloc: an LD_PRELOAD shim that makes the Nth memory allocation of a
 * program fail, to see what the program does when memory runs out there.
 *
 *   RG_FAIL_AT=N     fail allocation number N (1-based); 0 or unset: none
 *   RG_FAIL_IN=F[:K] fail the Kth (default the first) allocation asked for
 *                    directly by the exported function F (dtopen, gmalloc,
 *                    FcValueSave): a point that stays put when the code
 *                    before it changes its allocations (regression tests);
 *                    F with ".so" in it (libharfbuzz.so) names a library:
 *                    the Kth allocation asked for directly by any of its
 *                    code, exported or not (harfbuzz's hb_object_create
 *                    is inlined into static functions, which have no name)
 *   RG_FAIL_PROGRAM=P  only in a program whose argv[0] ends in P (default
 *                    relgraph); other programs of the run are left alone
 *   RG_FAIL_LOG=F    append a line to F when allocation N fails (the object
 *                    that asked for it), one at exit (how many were made)
 *                    and one on a crash (where it happened)
 *
 * Allocations are counted from the moment the program's main() is entered
 * (the shim wraps __libc_start_main), so the dynamic loader and library
 * constructors, which differ from one machine to the next, do not shift the
 * numbering.  Only one allocation fails; the ones after it succeed, which is
 * what a transient shortage looks like and keeps each run about one failure.
 *
 * malloc, calloc, realloc, reallocarray, posix_memalign, aligned_alloc and
 * memalign are counted; glibc's strdup, strndup, asprintf, getline and
 * stdio's buffers call malloc through its public symbol, so they are
 * counted too.  free is forwarded.  relgraph defines malloc and its kin
 * itself, to count refused allocations (src/cli/cli_allocwatch.c); the
 * program comes first in the lookup order and its functions forward to
 * these, which then skip their frames as they skip the C library's
 * (on_behalf): the code that asked is still the caller named.  Under valgrind the shim does
 * nothing: valgrind preloads its own malloc ahead of every LD_PRELOAD.  With a gcc ASan build
 * (libasan is a shared library) preloaded after the shim, each run is checked for leaks and memory
 * errors: LD_PRELOAD=libfailalloc.so:$(gcc -print-file-name=libasan.so)
 *   ASAN_OPTIONS=verify_asan_link_order=0:detect_leaks=1
 *
 * This file is test tooling, not part of relgraph: it keeps its counter in
 * file-scope state, which a preload library has no other place for. */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <errno.h>
#include <execinfo.h>
#include <fcntl.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

/* The allocator the shim forwards to: the next definition after it in the
 * lookup order, which is the C library's, or AddressSanitizer's when the
 * program is a sanitized build run with the shim preloaded ahead of
 * libasan (ASAN_OPTIONS=verify_asan_link_order=0): then LeakSanitizer
 * checks each failed run for leaks.  dlsym may allocate while they are
 * looked up: those few bytes come from a static block, never freed. */
typedef void *(*malloc_fn)(size_t);
typedef void *(*calloc_fn)(size_t, size_t);
typedef void *(*realloc_fn)(void *, size_t);
typedef void *(*memalign_fn)(size_t, size_t);
typedef void (*free_fn)(void *);
static malloc_fn next_malloc;
static calloc_fn next_calloc;
static realloc_fn next_realloc;
static memalign_fn next_memalign;
static free_fn next_free;
static int resolving;
static _Alignas(16) char boot[8192];
static size_t boot_used;

static void *boot_alloc(size_t size)
{
    size = (size + 15) & ~(size_t)15;
    if (boot_used + size > sizeof boot)
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
    if (next_free || resolving)
        return;
    resolving = 1;
    next_malloc = (malloc_fn)dlsym(RTLD_NEXT, "malloc");
    next_calloc = (calloc_fn)dlsym(RTLD_NEXT, "calloc");
    next_realloc = (realloc_fn)dlsym(RTLD_NEXT, "realloc");
    next_memalign = (memalign_fn)dlsym(RTLD_NEXT, "memalign");
    next_free = (free_fn)dlsym(RTLD_NEXT, "free");
    resolving = 0;
}

/* The counter and the failed allocation live in a shared page: relgraph
 * draws each diagram in a child process (fork, src/cli/cli_draw.c) while the
 * parent waits, so the numbering runs on through the child and back, and
 * the allocation that fails is the Nth of the run, whichever process makes
 * it.  Before main(), a static pair stands in. */
typedef struct counters {
    unsigned long count;     /* allocations since main() */
    unsigned long failed_at; /* the allocation that failed, 0 if none */
    unsigned long in_seen;   /* allocations asked for by RG_FAIL_IN's function */
} counters;
static counters boot_counters;
static counters *shared = &boot_counters;
static unsigned long fail_at; /* 0: never fail */
static int counting;          /* set when main() is entered */
static const char *log_path;  /* RG_FAIL_LOG */
#define count (shared->count)
#define failed_at (shared->failed_at)

static void put(char *buf, size_t *len, const char *s)
{
    while (*s && *len < 511)
        buf[(*len)++] = *s++;
}

static void put_num(char *buf, size_t *len, unsigned long v)
{
    char digits[24];
    int n = 0;
    do {
        digits[n++] = (char)('0' + v % 10);
        v /= 10;
    } while (v && n < 23);
    while (n > 0 && *len < 511)
        buf[(*len)++] = digits[--n];
}

/* Appends one line to RG_FAIL_LOG with plain system calls: no allocation,
 * no stdio, safe inside malloc. */
static void log_line(const char *what, unsigned long n, const char *where)
{
    if (!log_path)
        return;
    char buf[512];
    size_t len = 0;
    put(buf, &len, what);
    put(buf, &len, " ");
    put_num(buf, &len, n);
    if (where) {
        put(buf, &len, " ");
        put(buf, &len, where);
    }
    put(buf, &len, "\n");
    int fd = open(log_path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
    if (fd < 0)
        return;
    ssize_t w = write(fd, buf, len);
    (void)w;
    close(fd);
}

static void put_frame(char *buf, size_t *len, const char *obj, uintptr_t off)
{
    put(buf, len, obj);
    put(buf, len, "+0x");
    char hex[20];
    int h = 0;
    do {
        hex[h++] = "0123456789abcdef"[off & 15];
        off >>= 4;
    } while (off && h < 19);
    while (h > 0 && *len < 511)
        buf[(*len)++] = hex[--h];
}

/* True for a frame that allocates on someone else's behalf: this shim, the
 * C library (strdup, getline, stdio), and the program's own allocation
 * functions, which relgraph defines to count refused allocations
 * (src/cli/cli_allocwatch.c) and which forward to the shim: a frame whose
 * exported function is malloc or one of its kin, in any object. */
static int on_behalf(const Dl_info *info)
{
    static const char *const allocators[] = {"malloc",       "calloc",         "realloc",
                                             "reallocarray", "posix_memalign", "aligned_alloc",
                                             "memalign"};
    if (strstr(info->dli_fname, "failalloc") || strstr(info->dli_fname, "/libc.so"))
        return 1;
    if (info->dli_sname)
        for (size_t i = 0; i < sizeof allocators / sizeof *allocators; i++)
            if (strcmp(info->dli_sname, allocators[i]) == 0)
                return 1;
    return 0;
}

/* Writes "OBJECT+0xOFFSET" for the frames of the current stack, starting
 * at the first that does not allocate on another's behalf (on_behalf: this
 * shim, the C library, the program's allocation functions): the code that asked
 * for the memory, then its callers (up to 6 frames), each followed by
 * ":SYMBOL" when the object exports the function.
 * `addr2line -f -e OBJECT OFFSET` names the lines.  backtrace was called
 * once before counting began, so its unwinder is loaded and it does not
 * allocate here; dladdr does not allocate. */
static void where_from(char *buf, size_t size)
{
    void *frames[32];
    int n = backtrace(frames, 32);
    size_t len = 0;
    int shown = 0;
    for (int i = 1; i < n && shown < 6 && len < size - 100; i++) {
        Dl_info info;
        if (!dladdr(frames[i], &info) || !info.dli_fname)
            continue;
        if (shown == 0 && on_behalf(&info))
            continue;
        if (shown++)
            put(buf, &len, " ");
        /* a return address: the call is the byte before it */
        put_frame(buf, &len, info.dli_fname, (uintptr_t)frames[i] - 1 - (uintptr_t)info.dli_fbase);
        if (info.dli_sname) { /* exported: a library's function */
            put(buf, &len, ":");
            put(buf, &len, info.dli_sname);
        }
    }
    if (!shown)
        put(buf, &len, "?");
    buf[len] = 0;
}

static const char *fail_in;     /* RG_FAIL_IN's function, or NULL */
static size_t fail_in_len;      /* its length */
static unsigned long fail_in_k; /* which of its allocations */
static int fail_in_object;      /* F names a library (libX.so), not a function */

/* True when the code that asked for this allocation (the first frame not
 * on_behalf of another) is the function RG_FAIL_IN names. */
static int asked_by_fail_in(void)
{
    void *frames[8];
    int n = backtrace(frames, 8);
    for (int i = 1; i < n; i++) {
        Dl_info info;
        if (!dladdr(frames[i], &info) || !info.dli_fname)
            continue;
        if (on_behalf(&info))
            continue;
        if (fail_in_object) {
            const char *base = strrchr(info.dli_fname, '/');
            base = base ? base + 1 : info.dli_fname;
            return strncmp(base, fail_in, fail_in_len) == 0;
        }
        return info.dli_sname && strncmp(info.dli_sname, fail_in, fail_in_len) == 0 &&
               info.dli_sname[fail_in_len] == '\0';
    }
    return 0;
}

/* True when this allocation is the one to fail; logs where it was asked
 * for, so the driver can tell an allocation of relgraph's from one made
 * inside a library. */
static int should_fail(void)
{
    if (!counting)
        return 0;
    count++;
    if (fail_in && !failed_at) {
        counting = 0; /* backtrace and dladdr do not allocate; be sure */
        int hit = asked_by_fail_in() && ++shared->in_seen == fail_in_k;
        counting = 1;
        if (!hit)
            return 0;
    } else if (fail_at == 0 || count != fail_at) {
        return 0;
    }
    failed_at = count;
    char where[400];
    where_from(where, sizeof where);
    log_line("failed", count, where);
    errno = ENOMEM;
    return 1;
}

void *malloc(size_t size)
{
    if (should_fail())
        return NULL;
    resolve();
    return next_malloc ? next_malloc(size) : boot_alloc(size);
}

void *calloc(size_t n, size_t size)
{
    if (should_fail())
        return NULL;
    resolve();
    if (!next_calloc)
        return n && size > SIZE_MAX / n ? NULL : boot_alloc(n * size);
    return next_calloc(n, size);
}

void *realloc(void *p, size_t size)
{
    /* realloc(p, 0) frees; it is not an allocation that can fail */
    if (size != 0 && should_fail())
        return NULL;
    resolve();
    if (in_boot(p)) { /* out of the static block: copy into a real one */
        void *q = next_malloc(size);
        if (q)
            memcpy(q, p,
                   size < (size_t)(boot + sizeof boot - (char *)p)
                       ? size
                       : (size_t)(boot + sizeof boot - (char *)p));
        return q;
    }
    return next_realloc(p, size);
}

void *reallocarray(void *p, size_t n, size_t size)
{
    if (size != 0 && n > SIZE_MAX / size) {
        errno = ENOMEM;
        return NULL;
    }
    if (n * size != 0 && should_fail())
        return NULL;
    return realloc(p, n * size);
}

void free(void *p)
{
    if (p == NULL || in_boot(p))
        return;
    resolve();
    next_free(p);
}

int posix_memalign(void **out, size_t align, size_t size)
{
    resolve();
    if (should_fail())
        return ENOMEM;
    void *p = next_memalign(align, size);
    if (!p)
        return ENOMEM;
    *out = p;
    return 0;
}

void *aligned_alloc(size_t align, size_t size)
{
    resolve();
    if (should_fail())
        return NULL;
    return next_memalign(align, size);
}

void *memalign(size_t align, size_t size)
{
    resolve();
    if (should_fail())
        return NULL;
    return next_memalign(align, size);
}

/* A crash after the failure: where it happened (the first frame outside
 * the shim and the C library: abort and malloc's heap checks are the C
 * library's), so the driver can tell a library that crashed in its own code
 * from relgraph.  Then the default action: the exit status stays the
 * signal's. */
static void on_crash(int sig)
{
    char where[400];
    where_from(where, sizeof where);
    log_line("crash", (unsigned long)sig, where);
    signal(sig, SIG_DFL);
    raise(sig);
}

static void report_count(void)
{
    log_line(failed_at ? "count-failed" : "count", count, NULL);
}

typedef int (*main_fn)(int, char **, char **);
static main_fn real_main;

/* True when ARGV0 names the program under test (RG_FAIL_PROGRAM, default
 * "relgraph"): the preload also reaches `timeout`, `env` and valgrind's
 * launcher, whose allocations must neither be counted nor fail. */
static int is_target(const char *argv0)
{
    const char *want = getenv("RG_FAIL_PROGRAM");
    if (!want || !*want)
        want = "relgraph";
    const char *base = argv0 ? strrchr(argv0, '/') : NULL;
    base = base ? base + 1 : argv0;
    return base && strcmp(base, want) == 0;
}

static int counting_main(int argc, char **argv, char **envp)
{
    if (!is_target(argc > 0 ? argv[0] : NULL))
        return real_main(argc, argv, envp);
    const char *at = getenv("RG_FAIL_AT");
    fail_at = at ? strtoul(at, NULL, 10) : 0;
    log_path = getenv("RG_FAIL_LOG");
    fail_in = getenv("RG_FAIL_IN");
    if (fail_in && *fail_in) {
        const char *colon = strchr(fail_in, ':');
        fail_in_len = colon ? (size_t)(colon - fail_in) : strlen(fail_in);
        fail_in_k = colon ? strtoul(colon + 1, NULL, 10) : 1;
        fail_in_object = memmem(fail_in, fail_in_len, ".so", 3) != NULL;
    } else {
        fail_in = NULL;
    }
    if (log_path && !*log_path)
        log_path = NULL;
    /* backtrace loads the unwinder (glibc dlopens libgcc_s) now, not
     * inside malloc.  Under LeakSanitizer the loader's blocks for it reach
     * LSan through this shim, so LSan cannot tell them for the loader's and
     * would report them as relgraph's leak: they are the shim's, and kept
     * out of the check (__lsan_disable exists only in a sanitized run). */
    void (*lsan_off)(void) = (void (*)(void))dlsym(RTLD_DEFAULT, "__lsan_disable");
    void (*lsan_on)(void) = (void (*)(void))dlsym(RTLD_DEFAULT, "__lsan_enable");
    if (lsan_off && lsan_on)
        lsan_off();
    void *prime[2];
    backtrace(prime, 2);
    if (lsan_off && lsan_on)
        lsan_on();
    void *page =
        mmap(NULL, sizeof(counters), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (page != MAP_FAILED)
        shared = page;    /* zeroed */
    atexit(report_count); /* registered before main's own handlers: runs last */
    if (log_path) {
        int sigs[] = {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL};
        for (size_t i = 0; i < sizeof sigs / sizeof *sigs; i++)
            signal(sigs[i], on_crash);
    }
    counting = 1;
    return real_main(argc, argv, envp);
}

typedef int (*start_fn)(main_fn, int, char **, void (*)(void), void (*)(void), void (*)(void),
                        void *);

int __libc_start_main(main_fn main, int argc, char **argv, void (*init)(void), void (*fini)(void),
                      void (*rtld_fini)(void), void *stack_end)
{
    start_fn real = (start_fn)dlsym(RTLD_NEXT, "__libc_start_main");
    real_main = main;
    return real(counting_main, argc, argv, init, fini, rtld_fini, stack_end);
}
