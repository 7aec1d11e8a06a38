/* cmd_import.c: `relgraph import table|nodes|dot FILE`: a catalogue from a
 * spreadsheet table, node and edge lists, or a Graphviz diagram. */
#include <stdio.h>

#include "../io/rg_io.h"
#include "cli.h"

int cmd_import(cli *c, int argc, char **argv)
{
    return EXIT_USAGE;
}
