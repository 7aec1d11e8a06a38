/* cli_allocwatch.h: how many allocations the process was refused
 * (cli_allocwatch.c defines the program's malloc and its kin to count
 * them). */
#ifndef RG_CLI_ALLOCWATCH_H
#define RG_CLI_ALLOCWATCH_H

/* Allocations of a non-zero size refused so far in this process (by any
 * code: relgraph's, Graphviz's, the font stack's).  Always 0 where the
 * watch is compiled out (cli_alloc_watching). */
unsigned long cli_alloc_refusals(void);

/* 1 when the program's allocation functions count refusals; 0 in a clang
 * sanitizer build, whose runtime defines malloc in the program. */
int cli_alloc_watching(void);

#endif
