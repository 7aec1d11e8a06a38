/* rg_jalloc.c: the allocator jansson uses, chosen by the program.
 *
 * jansson 2.14's lexer ignores a failed append to its token buffer
 * (lex_save) and goes on with a string it did not save whole: an assert in
 * lex_scan_string, or, when the closing quote is among the bytes lost, a
 * read and a write past the buffer (heap corruption).  The library cannot
 * recover from inside jansson and must not exit, so it lets the program
 * install allocation functions that never hand jansson a NULL (the CLI's
 * stop the process with "out of memory"; docs/reliability.md).  This is
 * the only file besides the loader and rg_fmt.c that sees jansson. */
#include <jansson.h>

#include "rg_load.h"

void rg_load_json_alloc(void *(*malloc_fn)(size_t), void (*free_fn)(void *))
{
    json_set_alloc_funcs(malloc_fn, free_fn);
}
