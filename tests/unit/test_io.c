/* test_io.c: unit tests of src/io: escaping and decoding for the
 * interchange formats, and reading the cells of a relationship table. */
#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "check_main.h"
#include "io/rg_ibuild.h"
#include "io/rg_iocommon.h"
#include "io/rg_itable.h"

START_TEST(xml_escapes_markup_and_replaces_what_xml_cannot_hold)
{
    rg_buf b;
    rg_buf_init(&b);
    rg_io_xml(&b, "<a href=\"x\">&'\t\n\x01\xEF\xBF\xBE\xff</a>");
    ck_assert_str_eq(rg_buf_str(&b), "&lt;a href=&quot;x&quot;&gt;&amp;&apos;&#9;&#10;"
                                     "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD&lt;/a&gt;");
    rg_buf_destroy(&b);
}
END_TEST

START_TEST(dot_values_round_trip_through_entities)
{
    const char *nasty[] = {"a\\", "<b>&amp;</b>", "tab\tnl\n\x01", "\\N \"q\" {x -> y}", "é ü"};
    for (size_t i = 0; i < sizeof nasty / sizeof *nasty; i++) {
        rg_buf b;
        rg_buf_init(&b);
        rg_io_dot_value(&b, nasty[i]);
        ck_assert(b.data[0] == '<' && b.data[b.len - 1] == '>');
        /* no bracket inside: Graphviz's HTML string ends at the last one */
        ck_assert_ptr_null(memchr(b.data + 1, '<', b.len - 2));
        ck_assert_ptr_null(memchr(b.data + 1, '>', b.len - 2));
        char *inner = strndup(b.data + 1, b.len - 2);
        rg_io_entity_decode(inner);
        ck_assert_str_eq(inner, nasty[i]);
        free(inner);
        rg_buf_destroy(&b);
    }
}
END_TEST

START_TEST(entities_decode_and_unknown_ones_stay)
{
    char s[] = "&lt;&#233;&#x1F600;&bogus;&#0;&#xD800;&amp;";
    rg_io_entity_decode(s);
    ck_assert_str_eq(s, "<\xC3\xA9\xF0\x9F\x98\x80&bogus;&#0;&#xD800;&");
    char n[] = "rg_a_x%2Fy%25";
    rg_io_percent_decode(n);
    ck_assert_str_eq(n, "rg_a_x/y%");
}
END_TEST

START_TEST(csv_field_doubles_quotes)
{
    rg_buf b;
    rg_buf_init(&b);
    rg_io_csv_field(&b, "a \"b\",\nc");
    ck_assert_str_eq(rg_buf_str(&b), "\"a \"\"b\"\",\nc\"");
    rg_buf_destroy(&b);
}
END_TEST

/* A documentation cell as the review team wrote them. */
static void doc_is(const char *cell, const char *title, const char *date, const char *renewed,
                   const char *url, int located)
{
    ib_doc doc;
    memset(&doc, 0, sizeof doc);
    rg_arena_init(&doc.arena);
    tdoc d;
    t_parse_doc(&doc, cell, &d);
    ck_assert_str_eq(d.title, title);
    if (date)
        ck_assert_str_eq(d.date, date);
    else
        ck_assert_ptr_null(d.date);
    if (renewed)
        ck_assert_str_eq(d.renewed, renewed);
    else
        ck_assert_ptr_null(d.renewed);
    if (url)
        ck_assert_str_eq(d.url, url);
    else
        ck_assert_ptr_null(d.url);
    ck_assert_int_eq(d.located, located);
    rg_arena_destroy(&doc.arena);
}

START_TEST(documentation_cells_read_as_title_date_address)
{
    doc_is("Bylaws for Internet Corporation for Assigned Names and Numbers, 27 May 2016 "
           "<https://www.icann.org/en/system/files/files/adopted-bylaws-27may16-en.pdf>",
           "Bylaws for Internet Corporation for Assigned Names and Numbers", "2016-05-27", NULL,
           "https://www.icann.org/en/system/files/files/adopted-bylaws-27may16-en.pdf", 1);
    doc_is("IANA Functions Contract, 2012, extended 4 August 2015 <https://x.example/po>",
           "IANA Functions Contract", "2012", "2015-08-04", "https://x.example/po", 1);
    doc_is("Memorandum of Understanding Concerning the Technical Work, March 1, 2000 RFC 2860 and "
           "<https://x.example/mou>",
           "Memorandum of Understanding Concerning the Technical Work", "2000-03-01", NULL,
           "https://x.example/mou", 1);
    doc_is("Memorandum of Understanding, November 2015 (document cannot be located online)",
           "Memorandum of Understanding", "2015-11", NULL, NULL, 0);
    doc_is("Memorandum of Understanding between the Ministry of Transport, Information Technology "
           "and Communications, 10 October 2014 https://x.example/m.pdf",
           "Memorandum of Understanding between the Ministry of Transport, Information Technology "
           "and Communications",
           "2014-10-10", NULL, "https://x.example/m.pdf", 1);
    doc_is("Handshake", "Handshake", NULL, NULL, NULL, 1);
}
END_TEST

START_TEST(elements_cells_read_as_none_unknown_link_or_clauses)
{
    telems e;
    t_parse_elems("None.", &e);
    ck_assert(e.none && !e.unknown && !e.clauses && e.link == NULL);
    t_parse_elems("None. Unknown", &e);
    ck_assert(e.none && e.unknown && e.link == NULL);
    t_parse_elems("Unknown", &e);
    ck_assert(!e.none && e.unknown);
    t_parse_elems("None. ICANN is a Supporting member of M3AAWG.", &e);
    ck_assert(e.none && !e.unknown);
    ck_assert_str_eq(e.link, "ICANN is a Supporting member of M3AAWG.");
    t_parse_elems("Section 1.2: The Parties will coordinate.", &e);
    ck_assert(e.clauses && !e.none);
    t_parse_elems("Nonesuch clause", &e);
    ck_assert(e.clauses && !e.none);
}
END_TEST

START_TEST(acronym_is_split_off_a_name)
{
    char a[] = "Internet Engineering Task Force (IETF)", b[] = "Interpol",
         c[] = "Japan Network (now Other Name)";
    char *acro;
    t_split_acronym(a, &acro);
    ck_assert_str_eq(a, "Internet Engineering Task Force");
    ck_assert_str_eq(acro, "IETF");
    t_split_acronym(b, &acro);
    ck_assert_ptr_null(acro);
    t_split_acronym(c, &acro);
    ck_assert_ptr_null(acro);
    ck_assert_str_eq(c, "Japan Network (now Other Name)");
}
END_TEST

int main(void)
{
    Suite *s = suite_create("io");
    TCase *t = tcase_create("io");
    tcase_add_test(t, xml_escapes_markup_and_replaces_what_xml_cannot_hold);
    tcase_add_test(t, dot_values_round_trip_through_entities);
    tcase_add_test(t, entities_decode_and_unknown_ones_stay);
    tcase_add_test(t, csv_field_doubles_quotes);
    tcase_add_test(t, documentation_cells_read_as_title_date_address);
    tcase_add_test(t, elements_cells_read_as_none_unknown_link_or_clauses);
    tcase_add_test(t, acronym_is_split_off_a_name);
    suite_add_tcase(s, t);
    return rg_run_suite(s);
}
