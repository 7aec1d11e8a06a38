/* cmd_compile.c: `relgraph compile FILE.json [-o FILE.rgc]`: check a
 * catalogue once and write its compiled form (src/load/rg_rgc.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../load/rg_load.h"
#include "../load/rg_rgc.h"
#include "cli.h"

static const char help[] =
    "usage: relgraph compile [FILE.json] [-o FILE.rgc]\n"
    "\n"
    "Checks a catalogue (default: the --graph file, else the default catalogue) as\n"
    "'relgraph check' does and, when it is valid, writes its compiled form: a binary\n"
    "snapshot that every command loads by mapping it, without parsing or checking\n"
    "the JSON again (docs/format.md, \"Compiled catalogues\").\n"
    "\n"
    "The snapshot is written beside the JSON as FILE.rgc (FILE.json's name with\n"
    "'.rgc' for '.json'), where 'relgraph --graph FILE.json' finds it and uses it\n"
    "as long as FILE.json has not changed since (same size, modification time and\n"
    "inode; its schema file too); --verbose says which file was used.  A stale\n"
    "snapshot is never used: the JSON is read instead.  '--graph FILE.rgc' uses a\n"
    "snapshot directly, and refuses it when its JSON has changed.  Reports record\n"
    "the SHA-256 of the JSON the snapshot was compiled from.\n"
    "\n"
    "The file is written to a temporary name and renamed, so that a failure never\n"
    "leaves a half-written snapshot.\n"
    "\n"
    "options:\n"
    "  -o, --output FILE  where to write (default: FILE.rgc beside the JSON)\n";

/* Writes G to OUT through a temporary file renamed over it. */
static int write_snapshot(const rg_graph *g, const rg_load_info *info, const char *json,
                          const struct stat *json_st, const char *out)
{
    size_t n = strlen(out) + 16;
    char *tmp = malloc(n);
    if (tmp == NULL) {
        cli_error("out of memory");
        return 1;
    }
    snprintf(tmp, n, "%s.tmpXXXXXX", out);
    mode_t mask = umask(022);
    umask(mask);
    int fd = mkstemp(tmp);
    FILE *f = fd >= 0 && fchmod(fd, 0666 & ~mask) == 0 ? fdopen(fd, "w+b") : NULL;
    if (f == NULL) {
        cli_error("compile: unable to open '%s' for writing: %s", out, strerror(errno));
        if (fd >= 0) {
            close(fd);
            unlink(tmp);
        }
        free(tmp);
        return 1;
    }
    rg_error err;
    rg_status st = rg_rgc_write(g, info, json, json_st, f, &err);
    int bad = st != RG_OK;
    if (!bad && fsync(fileno(f)) != 0) {
        bad = 1;
        snprintf(err.text, sizeof err.text, "unable to write: %s", strerror(errno));
    }
    if (fclose(f) != 0 && !bad) {
        bad = 1;
        snprintf(err.text, sizeof err.text, "unable to write: %s", strerror(errno));
    }
    if (!bad && rename(tmp, out) != 0) {
        bad = 1;
        snprintf(err.text, sizeof err.text, "unable to rename into place: %s", strerror(errno));
    }
    if (bad) {
        unlink(tmp);
        cli_error("compile: '%s': %s", out, err.text);
    }
    free(tmp);
    return bad;
}

int cmd_compile(cli *c, int argc, char **argv)
{
    const char *pos[1], *output = NULL;
    size_t npos;
    int want_help;
    const opt opts[] = {{"output", 1, &output, NULL, 'o'}, {NULL, 0, NULL, NULL, 0}};
    if (cli_parse("compile", argc, argv, opts, pos, 1, &npos, &want_help) != 0)
        return EXIT_USAGE;
    if (want_help) {
        fputs(help, stdout);
        return 0;
    }
    const char *json = npos ? pos[0] : c->graph_path ? c->graph_path : cli_default_graph();
    if (json == NULL) {
        cli_error("compile: no catalogue found: name one, 'relgraph compile FILE.json'");
        return EXIT_USAGE;
    }
    if (rg_rgc_is_snapshot(json)) {
        cli_error("compile: '%s' is already compiled; name the JSON it was compiled from", json);
        return EXIT_USAGE;
    }
    char beside[4096];
    const char *out = output ? output : rg_rgc_beside(json, beside, sizeof beside);
    struct stat before, after, o;
    if (out == NULL || stat(json, &before) != 0) {
        cli_error("compile: unable to open '%s': %s", json,
                  out ? strerror(errno) : "name too long");
        return EXIT_INVALID;
    }
    if (stat(out, &o) == 0 && o.st_ino == before.st_ino && o.st_dev == before.st_dev) {
        cli_error("compile: '%s' is the catalogue being read; choose another output file", out);
        return EXIT_USAGE;
    }
    rg_load_info info;
    memset(&info, 0, sizeof info);
    rg_graph *g = cli_load_json(c, json, &info);
    int rc = EXIT_INVALID;
    if (g == NULL)
        goto done;
    /* the key recorded must be that of the bytes checked */
    if (stat(json, &after) != 0 || after.st_size != before.st_size ||
        after.st_mtim.tv_sec != before.st_mtim.tv_sec ||
        after.st_mtim.tv_nsec != before.st_mtim.tv_nsec || after.st_ino != before.st_ino) {
        cli_error("compile: '%s' changed while it was being read; run compile again", json);
        goto done;
    }
    if (write_snapshot(g, &info, json, &before, out) != 0)
        goto done;
    struct stat w;
    rg_buf b;
    rg_buf_init(&b);
    rg_buf_printf(&b, "%s: compiled to %s (%zu nodes, %zu edges; %.1f MB)\n", json, out, g->nnodes,
                  g->nedges, stat(out, &w) == 0 ? w.st_size / 1e6 : 0.0);
    rc = cli_emit(&b);
    rg_buf_destroy(&b);
done:
    rg_graph_free(g);
    rg_load_info_destroy(&info);
    return rc;
}
