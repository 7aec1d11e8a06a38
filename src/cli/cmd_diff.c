/* cmd_diff.c: `relgraph diff OLD NEW`: what changed between two versions of
 * a catalogue, in a reviewer's terms (src/analysis/rg_diff.h). */
#include <stdio.h>
#include <string.h>

#include "../analysis/rg_diff.h"
#include "../load/rg_load.h"
#include "../query/rg_call.h"
#include "cli.h"
#include "cli_json.h"

static const char help[] =
    "usage: relgraph diff OLD.json NEW.json [options]\n"
    "\n"
    "Says what changed between two versions of a catalogue, one sentence per\n"
    "change: bodies, people, clauses and other nodes added or removed (matched\n"
    "by id); agreements signed or lapsed (added, removed, or their end date\n"
    "set); relationships added or removed (matched by kind, from and to, then by\n"
    "their attributes); moves (one edge of a kind left a node's end and one\n"
    "arrived at another: \"Person moved: ... moved from A to B\"); names,\n"
    "attributes, citations and disputes changed; and each counterparty whose\n"
    "coverage status (the gaps analysis, run on both versions) changed.  Kinds\n"
    "are told apart by the schema's roles (body_kinds, person_kinds,\n"
    "agreement_kind, clause_edge).\n"
    "\n"
    "options:\n"
    "  --as-of DATE        the date of both gaps analyses (default: each\n"
    "                      version's own date)\n"
    "  --format text|json  text for people (default) or JSON for programs: the\n"
    "                      envelope of docs/output.md, its result the table\n"
    "                      \"changes\"\n"
    "\n"
    "Exit status, as diff's: 0 when the versions are the same, 1 when they\n"
    "differ, 2 on an error (a file that cannot be read or is not a valid\n"
    "catalogue, a wrong command line).\n";

/* The gaps analysis of G, or a note saying why there is none. */
static int run_gaps(const rg_graph *g, const char *as_of, rg_result *r, rg_buf *note)
{
    rg_arg arg = {"as_of", as_of, 0, 0};
    rg_error err = {0};
    rg_result_init(r, g, "gaps");
    if (rg_call(g, "gaps", &arg, as_of ? 1 : 0, NULL, r, &err) == RG_OK)
        return 0;
    if (note->len == 0)
        rg_buf_printf(note, "coverage not compared: %s: %s", rg_graph_shown(g), err.text);
    return -1;
}

static int print_text(const rg_result *r, const rg_buf *note)
{
    rg_buf b;
    rg_buf_init(&b);
    const rg_table *t = r->ntables ? &r->tables[0] : NULL;
    int cs = t ? rg_table_col(t, "sentence") : -1;
    for (size_t i = 0; t && cs >= 0 && i < t->nrows; i++)
        rg_buf_printf(&b, "%s\n", rg_table_cell(t, i, (size_t)cs)->u.s);
    long long tot[4] = {0, 0, 0, 0};
    for (size_t i = 0; i < r->ntotals && i < 4; i++)
        tot[i] = r->totals[i].value;
    if (tot[0] == 0)
        rg_buf_puts(&b, "no changes\n");
    else
        rg_buf_printf(&b, "%lld change%s: %lld added, %lld removed, %lld changed\n", tot[0],
                      tot[0] == 1 ? "" : "s", tot[1], tot[2], tot[3]);
    if (note->len)
        rg_buf_printf(&b, "(%s)\n", rg_buf_str(note));
    int rc = cli_emit(&b);
    rg_buf_destroy(&b);
    return rc;
}

static int print_json(const rg_graph *gb, const char *const *pos, const char *as_of,
                      const rg_result *r)
{
    cli_env e;
    cli_env_begin(&e, "diff", gb, as_of ? as_of : "");
    const char *names[] = {"old", "new", "as_of"};
    const char *values[] = {pos[0], pos[1], as_of};
    cli_env_options(&e, names, values, 3);
    cli_env_result(&e);
    rg_result_json_write(r, &e.w);
    return cli_env_end(&e);
}

/* Loads both versions, compares them, prints; returns the exit status. */
static int diff_files(cli *c, const char *const *pos, const char *as_of, int json)
{
    rg_graph *ga = cli_load(c, pos[0]);
    rg_graph *gb = ga ? cli_load(c, pos[1]) : NULL;
    if (ga == NULL || gb == NULL) {
        rg_graph_free(ga);
        return EXIT_USAGE;
    }
    rg_result gap[2], r;
    rg_buf note;
    rg_buf_init(&note);
    int ok0 = run_gaps(ga, as_of, &gap[0], &note) == 0;
    int ok1 = run_gaps(gb, as_of, &gap[1], &note) == 0;
    rg_diff_opts o = {ok0 && ok1 ? &gap[0] : NULL, ok0 && ok1 ? &gap[1] : NULL};
    rg_result_init(&r, gb, "diff");
    if (note.len)
        rg_result_note(&r, "%s", rg_buf_str(&note));
    rg_error err = {0};
    int rc;
    if (rg_diff(ga, gb, &o, &r, &err) != RG_OK) {
        cli_error("diff: %s", err.text);
        rc = EXIT_USAGE;
    } else {
        int changed = r.ntotals && r.totals[0].value > 0;
        rc = json ? print_json(gb, pos, as_of, &r) : print_text(&r, &note);
        rc = rc ? EXIT_USAGE : changed ? 1 : 0;
    }
    rg_result_destroy(&r);
    rg_result_destroy(&gap[0]);
    rg_result_destroy(&gap[1]);
    rg_buf_destroy(&note);
    rg_graph_free(ga);
    rg_graph_free(gb);
    return rc;
}

int cmd_diff(cli *c, int argc, char **argv)
{
    const char *pos[2], *format = NULL, *as_of = NULL;
    size_t npos;
    int want_help;
    const opt opts[] = {
        {"format", 1, &format, NULL, 0}, {"as-of", 1, &as_of, NULL, 0}, {NULL, 0, NULL, NULL, 0}};
    if (cli_parse("diff", argc, argv, opts, pos, 2, &npos, &want_help) != 0)
        return EXIT_USAGE;
    if (want_help) {
        fputs(help, stdout);
        return 0;
    }
    int json = cli_format("diff", format);
    if (json < 0)
        return EXIT_USAGE;
    if (npos != 2) {
        cli_error("diff: two catalogues needed, OLD and NEW; see 'relgraph diff --help'");
        return EXIT_USAGE;
    }
    return diff_files(c, pos, as_of, json);
}
