/* rg_pdf.h: report.pdf typeset by relgraph itself, from the report's
 * document model (rg_report_doc, src/render/rg_report.h), with cairo's PDF
 * surface, pango for text and librsvg for the figures, drawn as vectors.
 *
 * A4 (595 x 842 pt) with 2 cm margins: a title block and a table of
 * contents with page numbers (the document is laid out once to learn the
 * pages, then drawn), then the sections in the order of the HTML page.
 * Headings stay with what follows them; a table's cells wrap and its
 * header row is repeated on each page it runs onto; a status is shown by a
 * swatch of the report's palette (rg_status_colour) and by its word; a
 * figure is scaled to fit the text box and never split.  Each page has
 * "n / N" in its footer; the sections are the PDF's outline and the
 * contents' entries link to them.  The PDF's metadata (title, creator
 * "relgraph VERSION", creation date = the report's as-of date) make two
 * runs give the same bytes.
 *
 * glib and pango abort when denied memory: the CLI runs this in a child
 * process (src/cli/cmd_report.c).  It is built as a module of its own,
 * relgraph-pdf.so, which the CLI loads in that child (dlopen), so that
 * cairo, pango and librsvg are loaded only when a PDF is made. */
#ifndef RG_PDF_H
#define RG_PDF_H

#include <stddef.h>

#include "../core/rg_error.h"

/* Typesets DOC (LEN bytes, rg_report_doc's records) into *PDF (malloc'd,
 * *PDF_LEN bytes).  An error for a malformed model, a figure librsvg
 * cannot read, or cairo failing. */
typedef rg_status rg_pdf_typeset_fn(const char *doc, size_t len, char **pdf, size_t *pdf_len,
                                    rg_error *err);
rg_status rg_pdf_typeset(const char *doc, size_t len, char **pdf, size_t *pdf_len, rg_error *err);

/* Loads what typesetting will need (the fonts, librsvg's first drawing),
 * so that a process started early can do it while the report is being
 * made; optional, and all it does is make rg_pdf_typeset quicker. */
typedef void rg_pdf_warm_fn(void);
void rg_pdf_warm(void);

#endif
