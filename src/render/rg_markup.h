/* rg_markup.h: escaping text for the languages relgraph writes diagrams and
 * reports in: Graphviz HTML-like labels and escString attributes, XML/HTML,
 * Markdown, and URLs.
 *
 * Names in a catalogue are free text ("<script>", "a\"b", "\\N", "&amp;",
 * newlines): every function here turns any UTF-8 text into text that the
 * target shows literally and that cannot end an element or an attribute.
 * Pure string functions, no third-party headers, so both the renderer and
 * the report use them and the unit tests can check them alone. */
#ifndef RG_MARKUP_H
#define RG_MARKUP_H

#include "../core/rg_buf.h"

/* For a Graphviz HTML-like label (label=<...>): XML entities, backslashes
 * doubled (Graphviz expands \N, \G, \n ... in labels after decoding
 * entities), newlines as <BR/>, other control characters as spaces.
 * Wraps lines longer than WRAP characters at spaces (0: no wrapping). */
void rg_esc_gv_html(rg_buf *out, const char *s, size_t wrap);
/* For a Graphviz escString attribute (tooltip): the same entities, newlines
 * as &#10;, and each backslash as four (Graphviz halves them twice). */
void rg_esc_gv_tooltip(rg_buf *out, const char *s);
/* For XML and HTML text and attribute values: & < > " ' as entities,
 * control characters other than tab and newline as spaces. */
void rg_esc_xml(rg_buf *out, const char *s);
/* For Markdown text (one table cell or paragraph line): ASCII punctuation
 * backslash-escaped, & < > as entities, newlines as spaces. */
void rg_esc_md(rg_buf *out, const char *s);
/* Appends a safe form of URL and returns 1 when URL is an http or https
 * address; returns 0 (appending nothing) for any other scheme.  Graphviz
 * 2.42 copies URL attributes into SVG unescaped, so the result must already
 * be valid inside an XML attribute: '&' becomes &amp; (a query string keeps
 * its meaning), and bytes outside RFC 3986's URL characters (quotes, <, >,
 * spaces, control characters, non-ASCII) are percent-encoded. */
int rg_esc_url(rg_buf *out, const char *url);

#endif
