/* test_query.c: unit tests of src/query and the result type of src/analysis:
 * a command and a query take the same path, errors carry positions, limits
 * are errors, and results filter and sort as documented. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "analysis/rg_analysis.h"
#include "analysis/rg_result.h"
#include "check_main.h"
#include "load/rg_load.h"
#include "query/rg_call.h"
#include "query/rg_query.h"

static rg_graph *g;

static void setup(void)
{
    rg_error err;
    /* the fixture names the shipped schema, outside its own folder */
    rg_load_opts lo = {.schema_roots = RELGRAPH_SOURCE_DIR "/graphs"};
    ck_assert_int_eq(
        rg_load_file_opts(RELGRAPH_SOURCE_DIR "/tests/fixtures/analyses.json", &lo, &g, NULL, &err),
        RG_OK);
}

static void teardown(void)
{
    rg_graph_free(g);
}

/* Collects the text rendering of every result of a query. */
static rg_status collect(void *ctx, const rg_result *r, rg_output out, rg_error *err)
{
    (void)out;
    (void)err;
    rg_result_text(r, ctx);
    return RG_OK;
}

static char *run_text(const char *text, rg_status *st, rg_error *err)
{
    rg_query *q;
    *st = rg_query_parse("q", text, strlen(text), &q, err);
    if (*st != RG_OK)
        return NULL;
    rg_buf b;
    rg_buf_init(&b);
    *st = rg_query_run(q, g, collect, &b, err);
    rg_query_free(q);
    return rg_buf_detach(&b);
}

/* rg_result_destroy, like free, takes NULL: error paths call it on a
 * result they never made. */
START_TEST(result_destroy_takes_null)
{
    rg_result_destroy(NULL);
}
END_TEST

START_TEST(command_and_query_print_the_same)
{
    rg_arg args[] = {{"as_of", "2020-06-30", 0, 0}, {"older_than", "8", 0, 0}};
    rg_query *q;
    rg_error err;
    ck_assert_int_eq(rg_query_from_call("gaps", args, 2, &q, &err), RG_OK);
    rg_buf a;
    rg_buf_init(&a);
    ck_assert_int_eq(rg_query_run(q, g, collect, &a, &err), RG_OK);
    rg_query_free(q);
    rg_status st;
    char *b = run_text("gaps(as_of: 2020-06-30, older_than: 8)", &st, &err);
    ck_assert_int_eq(st, RG_OK);
    ck_assert_str_eq(rg_buf_str(&a), b);
    ck_assert_ptr_nonnull(strstr(b, "alpha    Alpha Body    East    ssr-clause"));
    free(b);
    rg_buf_destroy(&a);
}
END_TEST

/* Collects the text and the JSON rendering of every result, and whether
 * its main table was left a row source (rg_table_source). */
typedef struct both {
    rg_buf text, json;
    int sourced;
} both;

static rg_status collect_both(void *ctx, const rg_result *r, rg_output out, rg_error *err)
{
    (void)out;
    (void)err;
    both *b = ctx;
    rg_result_text(r, &b->text);
    rg_result_json(r, &b->json);
    b->sourced |= r->ntables > 0 && r->tables[0].rows != NULL;
    return RG_OK;
}

/* gaps writes its large tables from its own records (rg_table_source) when
 * the caller only writes the result (the analysis commands), and fills them
 * into cells for everyone else: both read the same, in text and JSON, for
 * every kind of row (agreements, clauses, purposes, other evidence, links,
 * old agreements, counterparties with and without a group). */
START_TEST(gaps_rows_written_as_made_read_as_cells)
{
    rg_arg args[] = {{"as_of", "2020-06-30", 0, 0}, {"older_than", "8", 0, 0}};
    rg_query *q;
    rg_error err;
    ck_assert_int_eq(rg_query_from_call("gaps", args, 2, &q, &err), RG_OK);
    both cells = {0}, made = {0};
    rg_buf_init(&cells.text);
    rg_buf_init(&cells.json);
    rg_buf_init(&made.text);
    rg_buf_init(&made.json);
    ck_assert_int_eq(rg_query_run(q, g, collect_both, &cells, &err), RG_OK);
    rg_query_write_rows(q);
    ck_assert_int_eq(rg_query_run(q, g, collect_both, &made, &err), RG_OK);
    rg_query_free(q);
    ck_assert_int_eq(cells.sourced, 0);
    ck_assert_int_eq(made.sourced, 1);
    ck_assert_str_eq(rg_buf_str(&made.text), rg_buf_str(&cells.text));
    ck_assert_str_eq(rg_buf_str(&made.json), rg_buf_str(&cells.json));
    const char *t = rg_buf_str(&made.text);
    const char *rows[] = {"agreement Alpha MoU (agr-a, 2010-05-01): text located; SSR clauses:",
                          "clause Section 2: The parties will preserve",
                          "purpose cooperation on security",
                          "other-evidence Launch meeting mentions Gamma MoU",
                          "link 1 Pat One is a member of Delta Body",
                          "agr-a2  Alpha letter  alpha           2012        8",
                          "epsilon  Epsilon Body  -       informal"};
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++)
        ck_assert_msg(strstr(t, rows[i]) != NULL, "missing: %s", rows[i]);
    ck_assert_ptr_nonnull(strstr(rg_buf_str(&made.json), "\"counterparties\": [\n"));
    rg_buf_destroy(&cells.text);
    rg_buf_destroy(&cells.json);
    rg_buf_destroy(&made.text);
    rg_buf_destroy(&made.json);
}
END_TEST

START_TEST(gaps_statuses_follow_the_structure)
{
    rg_gaps_opts o;
    memset(&o, 0, sizeof o);
    o.select_attr = "counterparty";
    o.agreement_kind = "agreement";
    o.party_edge = "party_to";
    o.clause_edge = "contains";
    o.section_attr = "section";
    o.located_attr = "text_located";
    o.date_attr = "date";
    o.renewed_attr = "extended";
    o.region_edge = "in_region";
    o.agent_edges = "works_for,part_of";
    o.engage_edges = "member_of,participates_in";
    o.reach_edges = "operated_by,part_of";
    o.alias_edges = "same_as";
    o.as_of = (rg_date){2020, 6, 30};
    o.older_than = 5;
    rg_result r;
    rg_error err;
    ck_assert_int_eq(rg_gaps(g, &o, &r, &err), RG_OK);
    const rg_table *t = &r.tables[0];
    ck_assert_str_eq(t->name, "counterparties");
    static const char *want[][2] = {{"alpha", "ssr-clause"}, {"beta", "no-ssr-clause"},
                                    {"delta", "informal"},   {"epsilon", "informal"},
                                    {"eta", "unknown"},      {"gamma", "document-unknown"},
                                    {"theta", "unknown"},    {"zeta", "informal"}};
    ck_assert_uint_eq(t->nrows, 8);
    int st = rg_table_col(t, "status");
    for (size_t i = 0; i < 8; i++) {
        ck_assert_str_eq(rg_table_cell(t, i, 0)->u.s, want[i][0]);
        ck_assert_str_eq(rg_table_cell(t, i, (size_t)st)->u.s, want[i][1]);
    }
    rg_result_destroy(&r);
    /* Theta's agreement is dated 2030: after it, theta has an SSR clause. */
    o.as_of = (rg_date){2031, 1, 1};
    ck_assert_int_eq(rg_gaps(g, &o, &r, &err), RG_OK);
    ck_assert_str_eq(rg_table_cell(&r.tables[0], 6, (size_t)st)->u.s, "ssr-clause");
    rg_result_destroy(&r);
    /* An unknown kind names the option. */
    o.party_edge = "party_of";
    ck_assert_int_eq(rg_gaps(g, &o, &r, &err), RG_EUSAGE);
    ck_assert_ptr_nonnull(strstr(err.text, "party_edge: 'party_of'"));
}
END_TEST

START_TEST(errors_have_line_and_column)
{
    rg_status st;
    rg_error err;
    char *out = run_text("nodes organization\n  | where name =", &st, &err);
    ck_assert_ptr_null(out);
    ck_assert_int_eq(st, RG_ESYNTAX);
    ck_assert_int_eq(err.line, 2);
    ck_assert_int_eq(err.column, 17); /* just after the '=' */
    ck_assert_ptr_nonnull(strstr(err.text, "expected a value"));
    rg_buf b;
    rg_buf_init(&b);
    const char *text = "nodes organization\n  | where name =";
    rg_query_excerpt(text, strlen(text), 2, 17, &b);
    ck_assert_str_eq(rg_buf_str(&b), "    | where name =\n                  ^\n");
    rg_buf_destroy(&b);
    /* a run-time error points at the token too */
    out = run_text("nodes | where date > \"soon\"", &st, &err);
    ck_assert_int_eq(st, RG_EINVALID);
    ck_assert_int_eq(err.line, 1);
    ck_assert_int_eq(err.column, 22);
    free(out);
}
END_TEST

START_TEST(limits_are_errors)
{
    size_t n = RG_QUERY_MAX_LEN + 1;
    char *big = malloc(n + 1);
    memset(big, ' ', n);
    big[n] = '\0';
    rg_query *q;
    rg_error err;
    ck_assert_int_eq(rg_query_parse("q", big, n, &q, &err), RG_ELIMIT);
    free(big);
    char deep[1024] = "nodes | where ";
    for (int i = 0; i < 100; i++)
        strcat(deep, "not ");
    strcat(deep, "has id");
    ck_assert_int_eq(rg_query_parse("q", deep, strlen(deep), &q, &err), RG_ELIMIT);
    ck_assert_ptr_nonnull(strstr(err.text, "nested too deeply"));
}
END_TEST

START_TEST(where_on_a_table_keeps_details_and_drops_summaries)
{
    rg_status st;
    rg_error err;
    char *out = run_text("gaps(as_of: 2020-06-30) | where status = \"informal\"", &st, &err);
    ck_assert_int_eq(st, RG_OK);
    ck_assert_ptr_nonnull(strstr(out, "Counterparties (3)"));
    ck_assert_ptr_nonnull(strstr(out, "Pat One is a member of Delta Body"));
    ck_assert_ptr_null(strstr(out, "Alpha MoU"));          /* evidence of others went */
    ck_assert_ptr_null(strstr(out, "Coverage by region")); /* summaries went */
    free(out);
}
END_TEST

/* A chain of 80,000 terms (under the 1 MiB limit) once overflowed the stack
 * of the parser, the field check and the evaluator: one level per term.  It
 * parses and runs in constant stack, with the meaning of a left-to-right
 * chain. */
START_TEST(long_chains_run_in_constant_stack)
{
    static const char *const chains[][3] = {
        {"id = \"x\"", " or ", "id = \"hub\""},
        {"has id", " and ", "id = \"hub\""},
    };
    for (size_t c = 0; c < 2; c++) {
        rg_buf q;
        rg_buf_init(&q);
        rg_buf_puts(&q, "nodes | where ");
        for (int i = 0; i < 80000; i++)
            rg_buf_printf(&q, "%s%s", i ? chains[c][1] : "", chains[c][0]);
        rg_buf_printf(&q, "%s%s", chains[c][1], chains[c][2]);
        ck_assert_uint_lt(q.len, RG_QUERY_MAX_LEN);
        rg_status st;
        rg_error err;
        char *out = run_text(rg_buf_str(&q), &st, &err);
        ck_assert_msg(st == RG_OK, "%s", err.text);
        ck_assert_ptr_nonnull(strstr(out, "Nodes (1)"));
        ck_assert_ptr_nonnull(strstr(out, "Hub Organisation"));
        free(out);
        rg_buf_destroy(&q);
    }
}
END_TEST

/* The evaluator's budget counts tests of a condition: 28 nodes and a
 * five-term chain make 140, so 140 passes and 139 stops with RG_ELIMIT. */
START_TEST(the_work_budget_is_exact_and_settable)
{
    const char *text = "nodes | where id = \"a\" or id = \"b\" or id = \"c\" or id = \"d\" or "
                       "id = \"hub\"";
    static const size_t budgets[] = {140, 139, 0};
    static const rg_status want[] = {RG_OK, RG_ELIMIT, RG_OK};
    ck_assert_uint_eq(g->nnodes, 28);
    for (int i = 0; i < 3; i++) {
        rg_query *q;
        rg_error err;
        ck_assert_int_eq(rg_query_parse("q", text, strlen(text), &q, &err), RG_OK);
        rg_query_set_max_steps(q, budgets[i]);
        rg_buf b;
        rg_buf_init(&b);
        ck_assert_int_eq(rg_query_run(q, g, collect, &b, &err), want[i]);
        if (want[i] == RG_ELIMIT)
            ck_assert_ptr_nonnull(strstr(err.text, "more than 139 steps"));
        rg_buf_destroy(&b);
        rg_query_free(q);
    }
}
END_TEST

/* An error in a one-line query of a megabyte shows a window around the
 * caret, not the whole line. */
START_TEST(excerpts_of_long_lines_are_windows)
{
    rg_buf text, out;
    rg_buf_init(&text);
    rg_buf_init(&out);
    for (int i = 0; i < 100000; i++)
        rg_buf_puts(&text, "abcdefghi ");
    rg_query_excerpt(text.data, text.len, 1, 500000, &out);
    ck_assert_uint_lt(out.len, 400);
    const char *nl = strchr(out.data, '\n');
    ck_assert_ptr_nonnull(nl);
    /* the caret sits under character 500000 of the line: 'j' is the 10th
     * of each group of 10, and 500000 is a multiple of 10, so a space */
    const char *caret = strchr(nl + 1, '^');
    ck_assert_ptr_nonnull(caret);
    ck_assert_int_eq(out.data[(size_t)(caret - (nl + 1))], ' ');
    rg_buf_clear(&out);
    rg_query_excerpt("short line", 10, 1, 7, &out);
    ck_assert_str_eq(out.data, "  short line\n        ^\n");
    rg_buf_destroy(&text);
    rg_buf_destroy(&out);
}
END_TEST

static int by_int(const rg_cell *a, const rg_cell *b, void *ctx)
{
    (void)ctx;
    return (a[0].u.i > b[0].u.i) - (a[0].u.i < b[0].u.i);
}

START_TEST(table_sort_is_stable)
{
    rg_result r;
    rg_result_init(&r, g, "t");
    rg_table *t = rg_result_table(&r, "t", "T", RG_STYLE_COLUMNS, "k", "order", NULL);
    static const int keys[] = {2, 1, 2, 1, 0, 2};
    for (int i = 0; i < 6; i++) {
        rg_cell *row = rg_table_row(&r, t);
        rg_cell_int(&row[0], keys[i]);
        rg_cell_int(&row[1], i);
    }
    rg_table_sort(t, by_int, NULL);
    static const int order[] = {4, 1, 3, 0, 2, 5};
    for (int i = 0; i < 6; i++)
        ck_assert_int_eq(rg_table_cell(t, (size_t)i, 1)->u.i, order[i]);
    ck_assert_int_eq(rg_result_check(&r, NULL), RG_OK);
    rg_result_destroy(&r);
}
END_TEST

int main(void)
{
    Suite *s = suite_create("query");
    TCase *tc = tcase_create("query");
    /* Check's default of 4 s is too short on a loaded 2-core machine and
     * under the sanitizers: a timeout would be a false failure. */
    tcase_set_timeout(tc, 120);
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, result_destroy_takes_null);
    tcase_add_test(tc, command_and_query_print_the_same);
    tcase_add_test(tc, gaps_statuses_follow_the_structure);
    tcase_add_test(tc, gaps_rows_written_as_made_read_as_cells);
    tcase_add_test(tc, errors_have_line_and_column);
    tcase_add_test(tc, limits_are_errors);
    tcase_add_test(tc, where_on_a_table_keeps_details_and_drops_summaries);
    tcase_add_test(tc, table_sort_is_stable);
    tcase_add_test(tc, long_chains_run_in_constant_stack);
    tcase_add_test(tc, the_work_budget_is_exact_and_settable);
    tcase_add_test(tc, excerpts_of_long_lines_are_windows);
    suite_add_tcase(s, tc);
    return rg_run_suite(s);
}
