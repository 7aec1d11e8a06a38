/* cmd_fmt.c: placeholder while fmt is written. */
#include "cli.h"
int cmd_fmt(cli *c, int argc, char **argv)
{
    return EXIT_USAGE;
}
