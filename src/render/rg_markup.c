/* rg_markup.c: escaping for Graphviz, XML/HTML, Markdown and URLs (see
 * rg_markup.h for what each target needs and why). */
#include "rg_markup.h"

#include <string.h>

#include "../core/rg_utf8.h"

/* Non-ASCII text at S: appends what a markup target may hold and returns the
 * bytes read.  XML 1.0 has no place for U+FFFE and U+FFFF (one in a name made
 * every SVG ill-formed), HTML calls the other noncharacters and malformed
 * UTF-8 parse errors: each becomes U+FFFD, the replacement character.  The
 * C1 controls (U+0080..U+009F) are control characters like C0 and become a
 * space, as those do. */
static size_t put_non_ascii(rg_buf *out, const char *s)
{
    uint32_t cp;
    size_t n = rg_utf8_decode(s, 4, &cp);
    if (cp == RG_UTF8_BAD || rg_utf8_nonchar(cp))
        rg_buf_puts(out, "\xEF\xBF\xBD");
    else if (cp >= 0x80 && cp <= 0x9F)
        rg_buf_putc(out, ' ');
    else
        rg_buf_add(out, s, n);
    return n;
}

/* Appends the XML entity for C when it needs one; returns 1 if it did. */
static int xml_entity(rg_buf *out, unsigned char c)
{
    switch (c) {
    case '&': rg_buf_puts(out, "&amp;"); return 1;
    case '<': rg_buf_puts(out, "&lt;"); return 1;
    case '>': rg_buf_puts(out, "&gt;"); return 1;
    case '"': rg_buf_puts(out, "&quot;"); return 1;
    case '\'': rg_buf_puts(out, "&#39;"); return 1;
    default: return 0;
    }
}

/* Length in bytes of the word starting at S (up to a space or newline). */
static size_t word_len(const char *s)
{
    size_t n = 0;
    while (s[n] && s[n] != ' ' && s[n] != '\n' && s[n] != '\r')
        n++;
    return n;
}

/* Characters (not bytes) in the N bytes at S, for wrapping UTF-8 text. */
static size_t chars(const char *s, size_t n)
{
    size_t c = 0;
    for (size_t i = 0; i < n; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80)
            c++;
    return c;
}

void rg_esc_gv_html(rg_buf *out, const char *s, size_t wrap)
{
    size_t col = 0;
    while (*s) {
        unsigned char c = (unsigned char)*s;
        if (c == '\n' || c == '\r') {
            if (c == '\r' && s[1] == '\n')
                s++;
            rg_buf_puts(out, "<BR/>");
            col = 0;
            s++;
            continue;
        }
        if (c == ' ' && wrap && col > 0) {
            size_t w = word_len(s + 1);
            if (col + 1 + chars(s + 1, w) > wrap) {
                rg_buf_puts(out, "<BR/>");
                col = 0;
                s++;
                continue;
            }
        }
        col++;
        if (c >= 0x80) {
            s += put_non_ascii(out, s);
            continue;
        }
        if (c == '\\')
            rg_buf_puts(out, "\\\\");
        else if (c < 0x20 || c == 0x7f)
            rg_buf_putc(out, ' ');
        else if (!xml_entity(out, c))
            rg_buf_putc(out, (char)c);
        s++;
    }
}

void rg_esc_gv_tooltip(rg_buf *out, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x80)
            s += put_non_ascii(out, s) - 1;
        else if (c == '\n')
            rg_buf_puts(out, "&#10;");
        else if (c == '\\')
            /* Graphviz reads a tooltip's backslashes twice: once as an
             * escString (\N, \G ...), then again when it turns \n, \l, \r
             * into line breaks for the SVG title. */
            rg_buf_puts(out, "\\\\\\\\");
        else if (c < 0x20 || c == 0x7f)
            rg_buf_putc(out, ' ');
        else if (!xml_entity(out, c))
            rg_buf_putc(out, (char)c);
    }
}

void rg_esc_xml(rg_buf *out, const char *s)
{
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c >= 0x80)
            s += put_non_ascii(out, s) - 1;
        else if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f)
            rg_buf_putc(out, ' ');
        else if (!xml_entity(out, c))
            rg_buf_putc(out, (char)c);
    }
}

void rg_esc_md(rg_buf *out, const char *s)
{
    /* Only what Markdown would read as markup: emphasis, code, links,
     * tables, headings, HTML; and "- ", "+ ", "=" or "1. " at the start of
     * the text, which would begin a list or underline a heading. */
    int digits_only = 1;
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        int at_start = p == s;
        if (c >= 0x80) {
            p += put_non_ascii(out, p) - 1;
            digits_only = 0;
            continue;
        }
        if (c == '&')
            rg_buf_puts(out, "&amp;");
        else if (c == '<')
            rg_buf_puts(out, "&lt;");
        else if (c == '>')
            rg_buf_puts(out, "&gt;");
        else if (c < 0x20 || c == 0x7f)
            rg_buf_putc(out, ' ');
        else if (strchr("\\`*_{}[]()#|~!", c) || (at_start && c == '=') ||
                 (at_start && (c == '-' || c == '+') && (p[1] == ' ' || p[1] == '\0')) ||
                 ((c == '.' || c == ')') && digits_only && !at_start &&
                  (p[1] == ' ' || p[1] == '\0'))) {
            rg_buf_putc(out, '\\');
            rg_buf_putc(out, (char)c);
        } else
            rg_buf_putc(out, (char)c);
        if (c < '0' || c > '9')
            digits_only = 0;
    }
}

static int is_hex(unsigned char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

int rg_esc_url(rg_buf *out, const char *url)
{
    if (strncmp(url, "http://", 7) != 0 && strncmp(url, "https://", 8) != 0)
        return 0;
    /* RFC 3986 unreserved and reserved characters, less & ' and the
     * percent sign handled below. */
    static const char ok[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
                             "-._~:/?#[]@!$()*+,;=";
    static const char hex[] = "0123456789ABCDEF";
    for (const unsigned char *p = (const unsigned char *)url; *p; p++) {
        unsigned char c = *p;
        /* An existing %XX escape is kept; a lone '%' is encoded. */
        int is_pct = c == '%' && is_hex(p[1]) && is_hex(p[2]);
        if (c == '&')
            rg_buf_puts(out, "&amp;");
        else if (is_pct || (c && c < 0x80 && strchr(ok, c)))
            rg_buf_putc(out, (char)c);
        else
            rg_buf_printf(out, "%%%c%c", hex[c >> 4], hex[c & 15]);
    }
    return 1;
}
