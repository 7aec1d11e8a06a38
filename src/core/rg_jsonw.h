/* rg_jsonw.h: a small streaming JSON writer for command output.
 *
 * Output modules build JSON text with it instead of jansson, which stays
 * behind src/load/.  Commas and indentation are tracked for the caller;
 * strings are escaped (control characters, quotes, backslashes; UTF-8 is
 * passed through).  Keys are written in the order the caller writes them,
 * so the output is deterministic. */
#ifndef RG_JSONW_H
#define RG_JSONW_H

#include "rg_buf.h"

#define RG_JSONW_DEPTH 64

typedef struct rg_jsonw {
    rg_buf *out;
    int depth;
    int count[RG_JSONW_DEPTH];   /* items written at each level */
    char closer[RG_JSONW_DEPTH]; /* '}' or ']' for each open level */
    int after_key;
} rg_jsonw;

void rg_jsonw_init(rg_jsonw *w, rg_buf *out);
void rg_jsonw_object(rg_jsonw *w);
void rg_jsonw_array(rg_jsonw *w);
void rg_jsonw_end(rg_jsonw *w); /* closes the innermost object or array */
void rg_jsonw_key(rg_jsonw *w, const char *key);
/* A key already quoted with its ": " (QUOTED, N bytes), for a key written
 * once per row: rg_json_quote(KEY) then ": ". */
void rg_jsonw_key_quoted(rg_jsonw *w, const char *quoted, size_t n);
/* A whole member of an object, key and value, already written as JSON
 * (the "source" member of a citation): for members that repeat row after row. */
void rg_jsonw_member_quoted(rg_jsonw *w, const char *quoted, size_t n);
void rg_jsonw_string(rg_jsonw *w, const char *s); /* NULL writes null */
/* One string of the N PARTS joined, written without joining them first. */
void rg_jsonw_string_parts(rg_jsonw *w, const char *const *parts, size_t n);
void rg_jsonw_int(rg_jsonw *w, long long v);
/* V in decimal, written backwards ending just before END (24 bytes are
 * room for any long long); returns where it starts.  No printf: a large
 * answer writes millions of numbers. */
char *rg_decimal(long long v, char *end);
void rg_jsonw_number(rg_jsonw *w, double v);
void rg_jsonw_bool(rg_jsonw *w, int v);
void rg_jsonw_null(rg_jsonw *w);
/* Appends S as a JSON string literal (with quotes) to B. */
void rg_json_quote(rg_buf *b, const char *s);

#endif
