/* rg_itable.c: the words of a relationship table's cells (rg_itable.h).
 *
 * The table is written for people: "Memorandum of Understanding between the
 * Korea Internet & Security Agency and the Internet Corporation for
 * Assigned Names and Numbers, 18 November 2013 <https://...>".  What is
 * read: the title up to ", DATE" (D Month YYYY, Month D, YYYY, Month YYYY,
 * YYYY), ", extended DATE", the address in <...> or bare, and "(document
 * cannot be located online)".  The agreement's type is the value of the
 * schema's type attribute that the title names first, as words ("Registry
 * Agreement") or as an acronym of its words ("mou": Memorandum of
 * Understanding). */
#include "rg_itable.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const months[] = {"January",   "February", "March",    "April",
                                     "May",       "June",     "July",     "August",
                                     "September", "October",  "November", "December"};

static int month_at(const char *s, size_t *len)
{
    for (int m = 0; m < 12; m++) {
        size_t n = strlen(months[m]);
        if (strncasecmp(s, months[m], n) == 0 && !isalpha((unsigned char)s[n])) {
            *len = n;
            return m + 1;
        }
    }
    return 0;
}

static int number_at(const char *s, int digits_min, int digits_max, size_t *len)
{
    int v = 0, n = 0;
    while (isdigit((unsigned char)s[n]) && n < digits_max)
        v = v * 10 + (s[n++] - '0');
    if (n < digits_min || isalnum((unsigned char)s[n]))
        return -1;
    *len = (size_t)n;
    return v;
}

/* A date in English at S: writes ISO into ISO (40 bytes); returns the bytes
 * read, 0 when S does not start with one. */
static size_t date_at(const char *s, char *iso)
{
    size_t n, m, k;
    int d, mo, y;
    if ((d = number_at(s, 1, 2, &n)) > 0 && s[n] == ' ' && (mo = month_at(s + n + 1, &m)) &&
        s[n + 1 + m] == ' ' && (y = number_at(s + n + m + 2, 4, 4, &k)) >= 0) {
        snprintf(iso, 40, "%04d-%02d-%02d", y, mo, d);
        return n + m + 2 + k;
    }
    if ((mo = month_at(s, &m)) && s[m] == ' ') {
        if ((d = number_at(s + m + 1, 1, 2, &n)) > 0 && s[m + 1 + n] == ',' &&
            s[m + 2 + n] == ' ' && (y = number_at(s + m + n + 3, 4, 4, &k)) >= 0) {
            snprintf(iso, 40, "%04d-%02d-%02d", y, mo, d);
            return m + n + 3 + k;
        }
        if ((y = number_at(s + m + 1, 4, 4, &k)) >= 0) {
            snprintf(iso, 40, "%04d-%02d", y, mo);
            return m + 1 + k;
        }
    }
    if ((y = number_at(s, 4, 4, &k)) >= 0) {
        snprintf(iso, 40, "%04d", y);
        return k;
    }
    return 0;
}

void t_split_acronym(char *name, char **acro)
{
    *acro = NULL;
    size_t n = strlen(name);
    while (n && isspace((unsigned char)name[n - 1]))
        name[--n] = '\0';
    if (n < 4 || name[n - 1] != ')')
        return;
    char *open = strrchr(name, '(');
    if (open == NULL || open == name || strchr(open, ' ') || open[-1] != ' ' ||
        n - (size_t)(open - name) > 20)
        return;
    name[n - 1] = '\0';
    *acro = open + 1;
    open[-1] = '\0';
}

const char *t_name_attr(const ib_doc *doc, int k)
{
    const rg_kind *kd = &doc->s->node_kinds[k];
    for (size_t a = 0; a < kd->nattrs; a++)
        if (kd->attrs[a].is_name && kd->attrs[a].type == RG_T_STRING)
            return kd->attrs[a].name;
    return NULL;
}

/* Blanks LEN bytes at P. */
static void blank(char *p, size_t len)
{
    memset(p, ' ', len);
}

/* Collapses runs of white space into one space and trims, in place. */
static void squeeze(char *s)
{
    char *w = s;
    int space = 0;
    for (char *p = s; *p; p++) {
        if (isspace((unsigned char)*p)) {
            space = w != s;
            continue;
        }
        if (space)
            *w++ = ' ';
        space = 0;
        *w++ = *p;
    }
    *w = '\0';
}

static char *find_ci(char *hay, const char *needle)
{
    size_t n = strlen(needle);
    for (char *p = hay; *p; p++)
        if (strncasecmp(p, needle, n) == 0)
            return p;
    return NULL;
}

/* The address: <http...> or a bare http(s):// word; blanked out of S. */
static const char *take_url(ib_doc *doc, char *s)
{
    char *p = strstr(s, "<http");
    if (p && strchr(p, '>')) {
        char *end = strchr(p, '>');
        const char *url = rg_arena_strndup(&doc->arena, p + 1, (size_t)(end - p - 1));
        blank(p, (size_t)(end - p + 1));
        return url;
    }
    p = strstr(s, "http://");
    if (p == NULL)
        p = strstr(s, "https://");
    if (p == NULL)
        return NULL;
    size_t n = strcspn(p, " \t\n");
    const char *url = rg_arena_strndup(&doc->arena, p, n);
    blank(p, n);
    return url;
}

void t_parse_doc(ib_doc *doc, const char *cell, tdoc *d)
{
    memset(d, 0, sizeof *d);
    d->located = 1;
    char *s = ib_strdup(doc, cell);
    if (s == NULL)
        return;
    char *nl = find_ci(s, "document cannot be located online");
    if (nl) {
        d->located = 0;
        char *open = nl > s && nl[-1] == '(' ? nl - 1 : nl;
        char *close = nl + strlen("document cannot be located online");
        blank(open, (size_t)(close - open) + (*close == ')'));
    }
    d->url = take_url(doc, s);
    squeeze(s);
    for (char *p = s; (p = strstr(p, ", ")) != NULL; p += 2) {
        char iso[40];
        size_t n = date_at(p + 2, iso);
        if (n == 0)
            continue;
        d->date = ib_strdup(doc, iso);
        const char *rest = p + 2 + n;
        if (strncasecmp(rest, ", extended ", 11) == 0 && date_at(rest + 11, iso))
            d->renewed = ib_strdup(doc, iso);
        *p = '\0';
        break;
    }
    size_t n = strlen(s);
    while (n && (s[n - 1] == ',' || s[n - 1] == '.' || s[n - 1] == ' '))
        s[--n] = '\0';
    d->title = s;
}

/* Is S[I..I+N) a whole word (or words) of S? */
static int at_words(const char *s, size_t i, size_t n)
{
    return (i == 0 || !isalnum((unsigned char)s[i - 1])) && !isalnum((unsigned char)s[i + n]);
}

/* Where TITLE names VALUE first (as words, or as the initials of as many
 * words), or -1. */
static long named_at(const char *title, const char *value)
{
    size_t vn = strlen(value), tn = strlen(title);
    for (size_t i = 0; i + vn <= tn; i++)
        if (strncasecmp(title + i, value, vn) == 0 && at_words(title, i, vn))
            return (long)i;
    int acronym = vn >= 2 && vn <= 6;
    for (size_t i = 0; acronym && i < vn; i++)
        acronym = isalpha((unsigned char)value[i]);
    for (size_t i = 0; acronym && i < tn; i++) {
        if (!isalpha((unsigned char)title[i]) || (i && isalnum((unsigned char)title[i - 1])))
            continue;
        size_t k = 0, p = i;
        while (k < vn && p < tn &&
               tolower((unsigned char)title[p]) == tolower((unsigned char)value[k])) {
            k++;
            while (p < tn && isalnum((unsigned char)title[p]))
                p++; /* to the end of the word */
            while (p < tn && title[p] == ' ')
                p++;
        }
        if (k == vn)
            return (long)i;
    }
    return -1;
}

const char *t_type_of(ib_doc *doc, const tmap *m, const char *title)
{
    const rg_kind *k = &doc->s->node_kinds[m->agreement];
    int a = m->type ? rg_kind_attr(k, m->type) : -1;
    if (a < 0)
        return NULL;
    const rg_attr_def *def = &k->attrs[a];
    const char *best = NULL;
    long at = -1;
    for (size_t i = 0; i < def->nvalues; i++) {
        long p = named_at(title, def->values[i]);
        if (p >= 0 && (at < 0 || p < at || (p == at && strlen(def->values[i]) > strlen(best))))
            best = def->values[i], at = p;
    }
    return best;
}

const char *t_type_values(ib_doc *doc, const tmap *m)
{
    const rg_kind *k = &doc->s->node_kinds[m->agreement];
    int a = m->type ? rg_kind_attr(k, m->type) : -1;
    rg_buf b;
    rg_buf_init(&b);
    for (size_t i = 0; a >= 0 && i < k->attrs[a].nvalues; i++)
        rg_buf_printf(&b, "%s%s", i ? ", " : "", k->attrs[a].values[i]);
    const char *r = ib_strdup(doc, b.len ? rg_buf_str(&b) : "any text");
    rg_buf_destroy(&b);
    return r;
}

void t_parse_elems(const char *cell, telems *e)
{
    memset(e, 0, sizeof *e);
    const char *s = cell ? cell : "";
    while (isspace((unsigned char)*s))
        s++;
    if (*s == '\0') {
        e->unknown = 1; /* the table says nothing */
        return;
    }
    if (strncasecmp(s, "None", 4) == 0 &&
        (s[4] == '.' || s[4] == '\0' || isspace((unsigned char)s[4]))) {
        e->none = 1;
        s += 4 + (s[4] == '.');
        while (isspace((unsigned char)*s))
            s++;
        if (strncasecmp(s, "Unknown", 7) == 0)
            e->unknown = 1;
        else if (*s)
            e->link = s;
        return;
    }
    if (strncasecmp(s, "Unknown", 7) == 0)
        e->unknown = 1;
    else
        e->clauses = 1;
}
