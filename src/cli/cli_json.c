/* cli_json.c: the JSON envelope, and errors in JSON (see cli_json.h).
 *
 * The error record is process state of the command-line program (one
 * command per process), not of the library. */
#include "cli_json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static struct {
    const char *command;
    const char *catalogue;
    int on, printed;
    struct jerr {
        char *file, *message;
        int line, column;
    } * errors;
    size_t nerrors;
} js;

static void write_errors(rg_jsonw *w)
{
    rg_jsonw_array(w);
    for (size_t i = 0; i < js.nerrors; i++) {
        const struct jerr *x = &js.errors[i];
        rg_jsonw_object(w);
        rg_jsonw_key(w, "message");
        rg_jsonw_string(w, x->message);
        rg_jsonw_key(w, "file");
        rg_jsonw_string(w, x->file);
        rg_jsonw_key(w, "line");
        if (x->line > 0)
            rg_jsonw_int(w, x->line);
        else
            rg_jsonw_null(w);
        rg_jsonw_key(w, "column");
        if (x->column > 0)
            rg_jsonw_int(w, x->column);
        else
            rg_jsonw_null(w);
        rg_jsonw_end(w);
    }
    rg_jsonw_end(w);
}

void cli_env_begin(cli_env *e, const char *cmd, const rg_graph *g, const char *as_of)
{
    rg_buf_init(&e->buf);
    rg_jsonw_init(&e->w, &e->buf);
    rg_jsonw_object(&e->w);
    rg_jsonw_key(&e->w, "command");
    rg_jsonw_string(&e->w, cmd);
    rg_jsonw_key(&e->w, "catalogue");
    rg_jsonw_string(&e->w, js.catalogue ? js.catalogue : g ? g->file : NULL);
    rg_jsonw_key(&e->w, "sha256");
    rg_jsonw_string(&e->w, g && g->sha256[0] ? g->sha256 : NULL);
    char date[16];
    if (as_of == NULL && g && g->as_of.year) {
        rg_date_format(g->as_of, date, sizeof date);
        as_of = date;
    }
    rg_jsonw_key(&e->w, "as_of");
    rg_jsonw_string(&e->w, as_of && *as_of ? as_of : NULL);
}

void cli_env_options(cli_env *e, const char *const *names, const char *const *values, size_t n)
{
    rg_jsonw_key(&e->w, "options");
    rg_jsonw_object(&e->w);
    for (size_t i = 0; i < n; i++) {
        rg_jsonw_key(&e->w, names[i]);
        rg_jsonw_string(&e->w, values[i]);
    }
    rg_jsonw_end(&e->w);
}

void cli_env_result(cli_env *e)
{
    rg_jsonw_key(&e->w, "result");
}

void cli_env_stream(cli_env *e)
{
    /* from the first byte out, this is the envelope printed: an error
     * after it must not print a second one */
    js.printed = 1;
    rg_buf_stream(&e->buf, cli_sink, NULL, (size_t)1 << 20);
}

int cli_env_end(cli_env *e)
{
    rg_jsonw_key(&e->w, "errors");
    rg_jsonw_array(&e->w);
    rg_jsonw_end(&e->w);
    rg_jsonw_end(&e->w);
    rg_buf_putc(&e->buf, '\n');
    js.printed = 1;
    int rc = cli_emit(&e->buf);
    rg_buf_destroy(&e->buf);
    return rc;
}

void cli_json_mode(const char *cmd)
{
    js.command = cmd;
    js.on = 1;
}

void cli_json_catalogue(const char *path)
{
    js.catalogue = path;
}

void cli_json_diag(const char *file, int line, int column, const char *message)
{
    if (!js.on)
        return;
    struct jerr *n = realloc(js.errors, (js.nerrors + 1) * sizeof *n);
    if (n == NULL)
        return;
    js.errors = n;
    n[js.nerrors].file = file ? strdup(file) : NULL;
    n[js.nerrors].message = strdup(message ? message : "");
    n[js.nerrors].line = line;
    n[js.nerrors].column = column;
    js.nerrors++;
}

void cli_json_flush(void)
{
    if (js.on && !js.printed && js.nerrors) {
        cli_env e;
        cli_env_begin(&e, js.command, NULL, NULL);
        cli_env_options(&e, NULL, NULL, 0);
        cli_env_result(&e);
        rg_jsonw_null(&e.w);
        rg_jsonw_key(&e.w, "errors");
        write_errors(&e.w);
        rg_jsonw_end(&e.w);
        rg_buf_putc(&e.buf, '\n');
        js.printed = 1;
        cli_emit(&e.buf);
        rg_buf_destroy(&e.buf);
    }
    for (size_t i = 0; i < js.nerrors; i++) {
        free(js.errors[i].file);
        free(js.errors[i].message);
    }
    free(js.errors);
    js.errors = NULL;
    js.nerrors = 0;
}
