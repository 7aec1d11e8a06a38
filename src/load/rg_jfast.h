/* rg_jfast.h: the common shape of a catalogue element parsed without
 * jansson's lexer.
 *
 * jansson reads its input a character at a time through a callback and
 * copies every character of a token into a buffer: about ninety
 * instructions a byte, three quarters of the time of loading a large
 * catalogue.  Most elements are objects of plain strings, booleans,
 * integers and small nested objects and lists; rg_jfast_parse reads those
 * with a tight loop and builds the same jansson values (jansson's own
 * constructors, in the order of the text), and leaves everything else to
 * json_loadb.  Private to src/load. */
#ifndef RG_JFAST_H
#define RG_JFAST_H

#include <jansson.h>
#include <stddef.h>

/* The object TEXT (LEN bytes, whitespace around it allowed) as jansson's
 * json_loadb with JSON_REJECT_DUPLICATES would return it, or NULL when the
 * text is not of the shape read here: not an object, a number other than an
 * integer of up to 18 digits, an escape,
 * a control character or a byte sequence that is not UTF-8 in a string, a
 * duplicate key, nesting past 64 levels, malformed text, or no memory.
 * NULL says nothing about the text: the caller parses it with json_loadb,
 * which gives the value, or the error and its position.  So the text this
 * accepts is a subset of what jansson accepts, and for it the value is
 * jansson's. */
json_t *rg_jfast_parse(const char *text, size_t len);

#endif
