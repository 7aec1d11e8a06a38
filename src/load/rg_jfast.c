/* rg_jfast.c: the common shape of a catalogue element parsed without
 * jansson's lexer (rg_jfast.h). */
#include "rg_jfast.h"

#include <string.h>

#include "rg_jpos.h"

/* Deeper nesting is left to jansson, which allows RG_JSON_MAX_DEPTH; an
 * element is usually three levels deep (itself, "cite", a citation). */
#define FAST_DEPTH 64

typedef struct fcur {
    const unsigned char *s, *end;
} fcur;

static void ws(fcur *c)
{
    while (c->s < c->end && (*c->s == ' ' || *c->s == '\t' || *c->s == '\n' || *c->s == '\r'))
        c->s++;
}

/* The string token at the cursor, when it has no escape and no control
 * character and is UTF-8 as jansson checks it: its bytes in *START, *N.
 * Returns 0, or -1 to leave the element to jansson. */
static int token(fcur *c, const char **start, size_t *n)
{
    if (c->s >= c->end || *c->s != '"')
        return -1;
    const unsigned char *p = c->s + 1;
    for (;;) {
        if (p >= c->end)
            return -1;
        unsigned char ch = *p;
        if (ch == '"')
            break;
        if (ch == '\\' || ch < 0x20)
            return -1;
        if (ch < 0x80) {
            p++;
            continue;
        }
        size_t k = rg_utf8_len(p, (size_t)(c->end - p));
        if (k == 0)
            return -1;
        p += k;
    }
    *start = (const char *)c->s + 1;
    *n = (size_t)(p - c->s - 1);
    c->s = p + 1;
    return 0;
}

static json_t *value(fcur *c, int depth);

/* Whether CH may follow a number or a word (not a NUL byte, which
 * jansson's lexer overlooks there). */
static int ends_value(unsigned char ch)
{
    return ch == ' ' || ch == '\t' || ch == '\n' || ch == '\r' || ch == ',' || ch == ']' ||
           ch == '}';
}

/* After a member or an element: a ',' (returns 1: another follows) or
 * CLOSE (returns 0, the container ends), both consumed; -1 otherwise. */
static int after_item(fcur *c, unsigned char close)
{
    ws(c);
    if (c->s < c->end && *c->s == ',') {
        c->s++;
        ws(c);
        return 1;
    }
    if (c->s < c->end && *c->s == close) {
        c->s++;
        return 0;
    }
    return -1;
}

/* The object at the cursor (on its '{'). */
static json_t *object(fcur *c, int depth)
{
    json_t *o = json_object();
    if (o == NULL)
        return NULL;
    c->s++;
    ws(c);
    if (c->s < c->end && *c->s == '}') {
        c->s++;
        return o;
    }
    for (;;) {
        const char *k;
        size_t kn;
        if (token(c, &k, &kn) != 0)
            break;
        ws(c);
        if (c->s >= c->end || *c->s != ':')
            break;
        c->s++;
        ws(c);
        /* a duplicate key: jansson's message, with its position */
        if (json_object_getn(o, k, kn) != NULL)
            break;
        json_t *v = value(c, depth);
        if (v == NULL || json_object_setn_new_nocheck(o, k, kn, v) != 0)
            break;
        int more = after_item(c, '}');
        if (more == 0)
            return o;
        if (more < 0)
            break;
    }
    json_decref(o);
    return NULL;
}

/* The array at the cursor (on its '['). */
static json_t *array(fcur *c, int depth)
{
    json_t *a = json_array();
    if (a == NULL)
        return NULL;
    c->s++;
    ws(c);
    if (c->s < c->end && *c->s == ']') {
        c->s++;
        return a;
    }
    for (;;) {
        json_t *v = value(c, depth);
        if (v == NULL || json_array_append_new(a, v) != 0)
            break;
        int more = after_item(c, ']');
        if (more == 0)
            return a;
        if (more < 0)
            break;
    }
    json_decref(a);
    return NULL;
}

/* true, false or null at the cursor, followed by a character that ends a
 * value; NULL otherwise. */
static json_t *word(fcur *c)
{
    static const struct {
        const char *w;
        size_t n;
    } words[] = {{"true", 4}, {"false", 5}, {"null", 4}};
    for (int i = 0; i < 3; i++) {
        size_t n = words[i].n;
        if ((size_t)(c->end - c->s) < n || memcmp(c->s, words[i].w, n) != 0)
            continue;
        if (c->s + n < c->end && !ends_value(c->s[n]))
            return NULL;
        c->s += n;
        return i == 0 ? json_true() : i == 1 ? json_false() : json_null();
    }
    return NULL;
}

/* An integer of at most 18 digits (no overflow, as jansson's strtoll
 * would find none) at the cursor; NULL for any other number: a fraction or
 * exponent (a real), a leading zero, more digits. */
static json_t *integer(fcur *c)
{
    const unsigned char *p = c->s;
    int neg = p < c->end && *p == '-';
    p += neg;
    const unsigned char *d = p;
    long long v = 0;
    for (; p < c->end && *p >= '0' && *p <= '9'; p++) {
        if (p - d == 18)
            return NULL; /* a 19th digit could overflow */
        v = v * 10 + (*p - '0');
    }
    size_t n = (size_t)(p - d);
    if (n == 0 || (n > 1 && *d == '0'))
        return NULL;
    if (p < c->end && !ends_value(*p))
        return NULL;
    c->s = p;
    return json_integer(neg ? -v : v);
}

static json_t *value(fcur *c, int depth)
{
    if (c->s >= c->end)
        return NULL;
    switch (*c->s) {
    case '{': return depth < FAST_DEPTH ? object(c, depth + 1) : NULL;
    case '[': return depth < FAST_DEPTH ? array(c, depth + 1) : NULL;
    case '"': {
        const char *s;
        size_t n;
        return token(c, &s, &n) == 0 ? json_stringn_nocheck(s, n) : NULL;
    }
    case '-':
    case '0':
    case '1':
    case '2':
    case '3':
    case '4':
    case '5':
    case '6':
    case '7':
    case '8':
    case '9': return integer(c);
    default: return word(c);
    }
}

json_t *rg_jfast_parse(const char *text, size_t len)
{
    fcur c = {(const unsigned char *)text, (const unsigned char *)text + len};
    ws(&c);
    if (c.s >= c.end || *c.s != '{')
        return NULL;
    json_t *v = object(&c, 1);
    ws(&c);
    if (v != NULL && c.s != c.end) {
        json_decref(v);
        return NULL;
    }
    return v;
}
