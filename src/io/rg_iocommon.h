/* rg_iocommon.h: what the importers and exporters share: escaping for XML,
 * CSV and DOT data attributes (and the matching decoders), and reading a
 * CSV file into rows through libcsv. */
#ifndef RG_IOCOMMON_H
#define RG_IOCOMMON_H

#include <stddef.h>

#include "../core/rg_buf.h"
#include "../core/rg_error.h"

/* DOT data attributes written by `export dot` and read by `import dot`:
 * RG_IO_DOT_KEY + "id", "kind", "name", "aliases", "cite", "title";
 * RG_IO_DOT_ATTR + an attribute of the schema. */
#define RG_IO_DOT_KEY "rg_"
#define RG_IO_DOT_ATTR "rg_a_"

/* XML text or attribute value: & < > " ' as entities, tab, newline and
 * carriage return as character references (attribute values keep them),
 * other control characters, malformed UTF-8 and noncharacters (which XML
 * 1.0 cannot hold) as U+FFFD. */
void rg_io_xml(rg_buf *out, const char *s);
/* One CSV field, always quoted, quotes doubled (RFC 4180). */
void rg_io_csv_field(rg_buf *out, const char *s);
/* A header field: quoted only when it must be, so headers read plainly. */
void rg_io_csv_header(rg_buf *out, const char *s);
/* A DOT attribute name, PREFIX then NAME, quoted; bytes of NAME other than
 * letters, digits, '_', '.' and '-' as %HH. */
void rg_io_dot_name(rg_buf *out, const char *prefix, const char *name);
/* A DOT HTML string <...> holding S with & < > and control characters as
 * entities: Graphviz keeps it verbatim in an attribute it does not draw. */
void rg_io_dot_value(rg_buf *out, const char *s);
/* Reverses rg_io_dot_name's %HH (in place). */
void rg_io_percent_decode(char *s);
/* Decodes &amp; &lt; &gt; &quot; &apos; &#N; &#xH; (in place; the text only
 * shrinks).  Unknown entities are kept as written. */
void rg_io_entity_decode(char *s);

/* A CSV file as rows of fields.  Row 0 is the header. */
typedef struct rg_csv {
    char ***rows;  /* rows[r][c], NUL-terminated UTF-8 */
    size_t *ncols; /* fields of each row */
    size_t nrows;
    int oom;
} rg_csv;

/* Reads PATH (at most MAX bytes) with libcsv, strictly (a stray quote is an
 * error at its line), skipping a UTF-8 byte-order mark and blank lines.
 * Every field must be UTF-8: RG_ESYNTAX at its row and column otherwise. */
rg_status rg_csv_read(const char *path, size_t max, rg_csv *t, rg_error *err);
void rg_csv_free(rg_csv *t);

#endif
