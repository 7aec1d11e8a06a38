/* rg_export.c: a loaded catalogue as GraphML, GEXF, node-link JSON, Neo4j
 * bulk-import CSV and DOT (docs/import-export.md).
 *
 * Every format carries the same facts: a node's id, kind, name, aliases,
 * each attribute with its schema type, and its citations (as JSON text
 * where the format has no nested values); an edge's ends, kind, attributes
 * and citations.  User text is always escaped for its target: XML
 * entities (with the characters XML 1.0 cannot hold replaced), CSV
 * quoting, DOT HTML strings.  Output follows catalogue order, so the same
 * catalogue gives the same bytes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "../analysis/rg_result.h"
#include "../core/rg_jsonw.h"
#include "../core/rg_utf8.h"
#include "../query/rg_call.h"
#include "../render/rg_markup.h"
#include "rg_io.h"
#include "rg_iocommon.h"

/* One attribute column: a name declared by the schema, with the type it has
 * in every kind that declares it (string when kinds disagree). */
typedef struct column {
    const char *name;
    rg_type type;
} column;

typedef struct columns {
    column *c;
    size_t n;
} columns;

static int col_find(const columns *cs, const char *name)
{
    for (size_t i = 0; i < cs->n; i++)
        if (strcmp(cs->c[i].name, name) == 0)
            return (int)i;
    return -1;
}

/* The attributes used by the nodes (NODES) or edges of G, in schema order. */
static int collect(const rg_graph *g, int nodes, columns *cs)
{
    const rg_schema *s = g->schema;
    size_t nk = nodes ? s->n_node_kinds : s->n_edge_kinds, cap = 0;
    cs->c = NULL;
    cs->n = 0;
    for (size_t k = 0; k < nk; k++)
        cap += nodes ? s->node_kinds[k].nattrs : s->edge_kinds[k].base.nattrs;
    /* only attributes some element carries: a schema lists many */
    unsigned char *used = calloc(cap + 1, 1);
    size_t *first = calloc(nk + 1, sizeof *first);
    cs->c = malloc((cap + 1) * sizeof *cs->c);
    if (used == NULL || first == NULL || cs->c == NULL) {
        free(used);
        free(first);
        free(cs->c);
        return -1;
    }
    for (size_t k = 1; k <= nk; k++)
        first[k] =
            first[k - 1] + (nodes ? s->node_kinds[k - 1].nattrs : s->edge_kinds[k - 1].base.nattrs);
    size_t ne = nodes ? g->nnodes : g->nedges;
    for (size_t i = 0; i < ne; i++) {
        const rg_props *p = nodes ? &g->nodes[i].p : &g->edges[i].p;
        int kind = nodes ? g->nodes[i].kind : g->edges[i].kind;
        for (size_t a = 0; a < p->nattrs; a++)
            used[first[kind] + (size_t)p->attrs[a].def] = 1;
    }
    for (size_t k = 0; k < nk; k++) {
        const rg_kind *kd = nodes ? &s->node_kinds[k] : &s->edge_kinds[k].base;
        for (size_t a = 0; a < kd->nattrs; a++) {
            if (!used[first[k] + a])
                continue;
            int at = col_find(cs, kd->attrs[a].name);
            if (at < 0)
                cs->c[cs->n++] = (column){kd->attrs[a].name, kd->attrs[a].type};
            else if (cs->c[at].type != kd->attrs[a].type)
                cs->c[at].type = RG_T_STRING;
        }
    }
    free(used);
    free(first);
    return 0;
}

static const rg_kind *kind_of(const rg_graph *g, int nodes, size_t i)
{
    return nodes ? &g->schema->node_kinds[g->nodes[i].kind]
                 : &g->schema->edge_kinds[g->edges[i].kind].base;
}

/* The value of column C on element I, or NULL. */
static const rg_value *value_of(const rg_graph *g, int nodes, size_t i, const column *c)
{
    const rg_props *p = nodes ? &g->nodes[i].p : &g->edges[i].p;
    const rg_kind *k = kind_of(g, nodes, i);
    for (size_t a = 0; a < p->nattrs; a++)
        if (strcmp(k->attrs[p->attrs[a].def].name, c->name) == 0)
            return &p->attrs[a].value;
    return NULL;
}

/* A value as text; lists joined by SEP. */
static void value_text(const rg_value *v, const char *sep, rg_buf *out)
{
    if (v->type == RG_T_LIST) {
        for (size_t i = 0; i < v->u.list.n; i++)
            rg_buf_printf(out, "%s%s", i ? sep : "", v->u.list.items[i]);
    } else if (v->type == RG_T_NUMBER) {
        rg_jsonw w;
        rg_jsonw_init(&w, out);
        rg_jsonw_number(&w, v->u.n);
    } else {
        rg_value_format(v, out);
    }
}

/* Citations as a JSON array of {"source": ID, "at", "quote"}: the form of
 * the catalogue itself, so an import reads them back unchanged. */
static void cites_json(const rg_graph *g, const rg_props *p, rg_buf *out)
{
    /* compact: one line, so it sits in a CSV field or an XML attribute */
    rg_buf_putc(out, '[');
    for (size_t i = 0; i < p->ncites; i++) {
        const rg_cite *c = &p->cites[i];
        rg_buf_puts(out, i ? ", {\"source\": " : "{\"source\": ");
        rg_json_quote(out, g->nodes[c->source].id);
        if (c->at) {
            rg_buf_puts(out, ", \"at\": ");
            rg_json_quote(out, c->at);
        }
        if (c->quote) {
            rg_buf_puts(out, ", \"quote\": ");
            rg_json_quote(out, c->quote);
        }
        rg_buf_putc(out, '}');
    }
    rg_buf_putc(out, ']');
}

/* Strings as a compact JSON array. */
static void strings_json(const char *const *items, size_t n, rg_buf *out)
{
    rg_buf_putc(out, '[');
    for (size_t i = 0; i < n; i++) {
        if (i)
            rg_buf_puts(out, ", ");
        rg_json_quote(out, items[i]);
    }
    rg_buf_putc(out, ']');
}

static void aliases_text(const rg_node *n, const char *sep, rg_buf *out)
{
    for (size_t i = 0; i < n->naliases; i++)
        rg_buf_printf(out, "%s%s", i ? sep : "", n->aliases[i]);
}

/* ---- XML: GraphML and GEXF ---- */

static const char *xml_type(rg_type t, int gexf)
{
    switch (t) {
    case RG_T_BOOL: return "boolean";
    case RG_T_NUMBER: return "double";
    case RG_T_LIST: return gexf ? "liststring" : "string";
    default: return "string";
    }
}

/* One <data> (GraphML) or <attvalue> (GEXF). */
static void xml_value(rg_buf *out, int gexf, const char *key, const char *text)
{
    if (gexf) {
        rg_buf_printf(out, "        <attvalue for=\"%s\" value=\"", key);
        rg_io_xml(out, text);
        rg_buf_puts(out, "\"/>\n");
    } else {
        rg_buf_printf(out, "      <data key=\"%s\">", key);
        rg_io_xml(out, text);
        rg_buf_puts(out, "</data>\n");
    }
}

/* The attribute values of element I: kind, name, aliases, schema
 * attributes, citations (and the status, for GEXF nodes). */
static void xml_values(const rg_graph *g, int nodes, size_t i, const columns *cs, int gexf,
                       const char *status, rg_buf *out)
{
    rg_buf t;
    rg_buf_init(&t);
    char key[32];
    const char *pre = nodes ? "n" : "e";
    xml_value(out, gexf, nodes ? "n_kind" : "e_kind", kind_of(g, nodes, i)->name);
    if (nodes) {
        xml_value(out, gexf, "n_name", g->nodes[i].name);
        if (g->nodes[i].naliases) {
            aliases_text(&g->nodes[i], gexf ? "|" : "; ", &t);
            xml_value(out, gexf, "n_aliases", rg_buf_str(&t));
        }
    }
    for (size_t c = 0; c < cs->n; c++) {
        const rg_value *v = value_of(g, nodes, i, &cs->c[c]);
        if (v == NULL)
            continue;
        rg_buf_clear(&t);
        value_text(v, gexf ? "|" : "; ", &t);
        snprintf(key, sizeof key, "%s%zu", pre, c);
        xml_value(out, gexf, key, rg_buf_str(&t));
    }
    const rg_props *p = nodes ? &g->nodes[i].p : &g->edges[i].p;
    if (p->ncites) {
        rg_buf_clear(&t);
        cites_json(g, p, &t);
        xml_value(out, gexf, nodes ? "n_cite" : "e_cite", rg_buf_str(&t));
    }
    if (status)
        xml_value(out, gexf, "n_status", status);
    rg_buf_destroy(&t);
}

/* The key declarations: the fixed ones, then one per attribute column. */
static void xml_keys(rg_buf *out, int gexf, int nodes, const columns *cs, int with_status,
                     int any_aliases)
{
    const char *for_ = nodes ? "node" : "edge", *pre = nodes ? "n" : "e";
    const char *fixed[] = {"kind", "name", "aliases", "cite", "status"};
    int have[] = {1, nodes, nodes && any_aliases, 1, nodes && with_status};
    if (gexf)
        rg_buf_printf(out, "    <attributes class=\"%s\">\n", for_);
    for (size_t f = 0; f < 5; f++) {
        if (!have[f])
            continue;
        const char *type = f == 2 && gexf ? "liststring" : "string";
        if (gexf)
            rg_buf_printf(out, "      <attribute id=\"%s_%s\" title=\"%s\" type=\"%s\"/>\n", pre,
                          fixed[f], fixed[f], type);
        else
            rg_buf_printf(out,
                          "  <key id=\"%s_%s\" for=\"%s\" attr.name=\"%s\" attr.type=\"%s\"/>\n",
                          pre, fixed[f], for_, fixed[f], type);
    }
    for (size_t c = 0; c < cs->n; c++) {
        if (gexf)
            rg_buf_printf(out, "      <attribute id=\"%s%zu\" title=\"", pre, c);
        else
            rg_buf_printf(out, "  <key id=\"%s%zu\" for=\"%s\" attr.name=\"", pre, c, for_);
        rg_io_xml(out, cs->c[c].name);
        if (gexf)
            rg_buf_printf(out, "\" type=\"%s\"/>\n", xml_type(cs->c[c].type, 1));
        else
            rg_buf_printf(out, "\" attr.type=\"%s\"/>\n", xml_type(cs->c[c].type, 0));
    }
    if (gexf)
        rg_buf_puts(out, "    </attributes>\n");
}

static void xml_nodes(const rg_graph *g, const columns *cs, int gexf, const char *const *status,
                      rg_buf *out)
{
    if (gexf)
        rg_buf_puts(out, "    <nodes>\n");
    for (size_t i = 0; i < g->nnodes; i++) {
        rg_buf_puts(out, gexf ? "      <node id=\"" : "    <node id=\"");
        rg_io_xml(out, g->nodes[i].id);
        if (gexf) {
            rg_buf_puts(out, "\" label=\"");
            rg_io_xml(out, g->nodes[i].name);
            rg_buf_puts(out, "\">\n       <attvalues>\n");
        } else {
            rg_buf_puts(out, "\">\n");
        }
        xml_values(g, 1, i, cs, gexf, status ? status[i] : NULL, out);
        rg_buf_puts(out, gexf ? "       </attvalues>\n      </node>\n" : "    </node>\n");
    }
    if (gexf)
        rg_buf_puts(out, "    </nodes>\n");
}

static void xml_edges(const rg_graph *g, const columns *cs, int gexf, rg_buf *out)
{
    if (gexf)
        rg_buf_puts(out, "    <edges>\n");
    for (size_t j = 0; j < g->nedges; j++) {
        const rg_edge *e = &g->edges[j];
        rg_buf_printf(out, "%s<edge id=\"e%zu\" source=\"", gexf ? "      " : "    ", j);
        rg_io_xml(out, g->nodes[e->from].id);
        rg_buf_puts(out, "\" target=\"");
        rg_io_xml(out, g->nodes[e->to].id);
        if (gexf) {
            rg_buf_puts(out, "\" label=\"");
            rg_io_xml(out, kind_of(g, 0, j)->name);
            rg_buf_puts(out, "\">\n       <attvalues>\n");
        } else {
            rg_buf_puts(out, "\">\n");
        }
        xml_values(g, 0, j, cs, gexf, NULL, out);
        rg_buf_puts(out, gexf ? "       </attvalues>\n      </edge>\n" : "    </edge>\n");
    }
    if (gexf)
        rg_buf_puts(out, "    </edges>\n");
}

static int any_aliases(const rg_graph *g)
{
    for (size_t i = 0; i < g->nnodes; i++)
        if (g->nodes[i].naliases)
            return 1;
    return 0;
}

static void write_xml(const rg_graph *g, const columns *nc, const columns *ec, int gexf,
                      const char *const *status, rg_buf *out)
{
    rg_buf_puts(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    if (gexf) {
        rg_buf_puts(out, "<gexf xmlns=\"http://www.gexf.net/1.2draft\" version=\"1.2\">\n"
                         "  <meta>\n    <creator>relgraph " RELGRAPH_VERSION "</creator>\n");
        if (g->title) {
            rg_buf_puts(out, "    <description>");
            rg_io_xml(out, g->title);
            rg_buf_puts(out, "</description>\n");
        }
        rg_buf_puts(out, "  </meta>\n  <graph defaultedgetype=\"directed\" mode=\"static\">\n");
    } else {
        rg_buf_puts(out, "<graphml xmlns=\"http://graphml.graphdrawing.org/xmlns\" "
                         "xmlns:xsi=\"http://www.w3.org/2001/XMLSchema-instance\" "
                         "xsi:schemaLocation=\"http://graphml.graphdrawing.org/xmlns "
                         "http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd\">\n");
    }
    int with_status = 0;
    for (size_t i = 0; status && i < g->nnodes; i++)
        with_status |= status[i] != NULL;
    xml_keys(out, gexf, 1, nc, with_status, any_aliases(g));
    xml_keys(out, gexf, 0, ec, 0, 0);
    if (!gexf) {
        rg_buf_puts(out, "  <key id=\"g_title\" for=\"graph\" attr.name=\"title\" "
                         "attr.type=\"string\"/>\n"
                         "  <graph id=\"G\" edgedefault=\"directed\">\n");
        if (g->title) {
            rg_buf_puts(out, "    <data key=\"g_title\">");
            rg_io_xml(out, g->title);
            rg_buf_puts(out, "</data>\n");
        }
    }
    xml_nodes(g, nc, gexf, with_status ? status : NULL, out);
    xml_edges(g, ec, gexf, out);
    rg_buf_puts(out, gexf ? "  </graph>\n</gexf>\n" : "  </graph>\n</graphml>\n");
}

/* ---- node-link JSON ---- */

static void json_value(rg_jsonw *w, const rg_value *v)
{
    switch (v->type) {
    case RG_T_BOOL: rg_jsonw_bool(w, v->u.b); break;
    case RG_T_NUMBER: rg_jsonw_number(w, v->u.n); break;
    case RG_T_LIST:
        rg_jsonw_array(w);
        for (size_t i = 0; i < v->u.list.n; i++)
            rg_jsonw_string(w, v->u.list.items[i]);
        rg_jsonw_end(w);
        break;
    default: {
        rg_buf t;
        rg_buf_init(&t);
        rg_value_format(v, &t);
        rg_jsonw_string(w, rg_buf_str(&t));
        rg_buf_destroy(&t);
    }
    }
}

static void json_props(rg_jsonw *w, const rg_graph *g, int nodes, size_t i)
{
    const rg_props *p = nodes ? &g->nodes[i].p : &g->edges[i].p;
    const rg_kind *k = kind_of(g, nodes, i);
    /* schema order, not the order of the file: the same catalogue written
     * two ways exports to the same bytes */
    for (size_t a = 0; a < k->nattrs; a++)
        for (size_t x = 0; x < p->nattrs; x++)
            if ((size_t)p->attrs[x].def == a) {
                rg_jsonw_key(w, k->attrs[a].name);
                json_value(w, &p->attrs[x].value);
            }
    if (p->ncites) {
        rg_jsonw_key(w, "cite");
        rg_jsonw_array(w);
        for (size_t c = 0; c < p->ncites; c++) {
            rg_jsonw_object(w);
            rg_jsonw_key(w, "source");
            rg_jsonw_string(w, g->nodes[p->cites[c].source].id);
            if (p->cites[c].at) {
                rg_jsonw_key(w, "at");
                rg_jsonw_string(w, p->cites[c].at);
            }
            if (p->cites[c].quote) {
                rg_jsonw_key(w, "quote");
                rg_jsonw_string(w, p->cites[c].quote);
            }
            rg_jsonw_end(w);
        }
        rg_jsonw_end(w);
    }
}

static void write_json(const rg_graph *g, rg_buf *out)
{
    rg_jsonw w;
    rg_jsonw_init(&w, out);
    rg_jsonw_object(&w);
    rg_jsonw_key(&w, "directed");
    rg_jsonw_bool(&w, 1);
    rg_jsonw_key(&w, "multigraph");
    rg_jsonw_bool(&w, 1);
    rg_jsonw_key(&w, "graph");
    rg_jsonw_object(&w);
    rg_jsonw_key(&w, "title");
    rg_jsonw_string(&w, g->title);
    rg_jsonw_key(&w, "schema");
    rg_jsonw_string(&w, g->schema->name);
    rg_jsonw_end(&w);
    rg_jsonw_key(&w, "nodes");
    rg_jsonw_array(&w);
    for (size_t i = 0; i < g->nnodes; i++) {
        const rg_node *n = &g->nodes[i];
        rg_jsonw_object(&w);
        rg_jsonw_key(&w, "id");
        rg_jsonw_string(&w, n->id);
        rg_jsonw_key(&w, "kind");
        rg_jsonw_string(&w, kind_of(g, 1, i)->name);
        rg_jsonw_key(&w, "name");
        rg_jsonw_string(&w, n->name);
        if (n->naliases) {
            rg_jsonw_key(&w, "aliases");
            rg_jsonw_array(&w);
            for (size_t a = 0; a < n->naliases; a++)
                rg_jsonw_string(&w, n->aliases[a]);
            rg_jsonw_end(&w);
        }
        json_props(&w, g, 1, i);
        rg_jsonw_end(&w);
    }
    rg_jsonw_end(&w);
    rg_jsonw_key(&w, "links");
    rg_jsonw_array(&w);
    for (size_t j = 0; j < g->nedges; j++) {
        rg_jsonw_object(&w);
        rg_jsonw_key(&w, "source");
        rg_jsonw_string(&w, g->nodes[g->edges[j].from].id);
        rg_jsonw_key(&w, "target");
        rg_jsonw_string(&w, g->nodes[g->edges[j].to].id);
        rg_jsonw_key(&w, "key");
        rg_jsonw_int(&w, (long long)j);
        rg_jsonw_key(&w, "kind");
        rg_jsonw_string(&w, kind_of(g, 0, j)->name);
        json_props(&w, g, 0, j);
        rg_jsonw_end(&w);
    }
    rg_jsonw_end(&w);
    rg_jsonw_end(&w);
    rg_buf_putc(out, '\n');
}

/* ---- Neo4j bulk-import CSV ---- */

/* Dates are strings: Neo4j's date type would widen "2015-11" to 2015-11-01,
 * and the catalogue keeps a date exactly as precise as its source. */
static const char *neo_type(rg_type t)
{
    switch (t) {
    case RG_T_BOOL: return "boolean";
    case RG_T_NUMBER: return "double";
    case RG_T_LIST: return "string[]";
    default: return "string";
    }
}

/* A list for a Neo4j array field: items joined by ';', which no item may hold. */
static rg_status neo_list(const rg_graph *g, int nodes, size_t i, const char *what,
                          const char *const *items, size_t n, rg_buf *out, rg_error *err)
{
    rg_buf t;
    rg_buf_init(&t);
    for (size_t k = 0; k < n; k++) {
        if (strchr(items[k], ';')) {
            rg_buf_destroy(&t);
            return rg_error_set(err, RG_EINVALID, NULL, 0, 0,
                                "%s '%s': the %s item '%s' holds a ';', Neo4j's array "
                                "separator; Neo4j cannot import it as an array",
                                nodes ? "node" : "edge",
                                nodes ? g->nodes[i].id : g->nodes[g->edges[i].from].id, what,
                                items[k]);
        }
        rg_buf_printf(&t, "%s%s", k ? ";" : "", items[k]);
    }
    rg_io_csv_field(out, rg_buf_str(&t));
    rg_buf_destroy(&t);
    return RG_OK;
}

static rg_status neo_row(const rg_graph *g, int nodes, size_t i, const columns *cs, rg_buf *out,
                         rg_error *err)
{
    if (nodes) {
        const rg_node *n = &g->nodes[i];
        rg_io_csv_field(out, n->id);
        rg_buf_putc(out, ',');
        rg_io_csv_field(out, kind_of(g, 1, i)->name);
        rg_buf_putc(out, ',');
        rg_io_csv_field(out, n->name);
        rg_buf_putc(out, ',');
        if (n->naliases && neo_list(g, 1, i, "aliases", n->aliases, n->naliases, out, err))
            return RG_EINVALID;
    } else {
        const rg_edge *e = &g->edges[i];
        rg_io_csv_field(out, g->nodes[e->from].id);
        rg_buf_putc(out, ',');
        rg_io_csv_field(out, g->nodes[e->to].id);
        rg_buf_putc(out, ',');
        rg_io_csv_field(out, kind_of(g, 0, i)->name);
    }
    for (size_t c = 0; c < cs->n; c++) {
        rg_buf_putc(out, ',');
        const rg_value *v = value_of(g, nodes, i, &cs->c[c]);
        if (v == NULL)
            continue; /* an empty field: no property */
        if (cs->c[c].type == RG_T_LIST) {
            if (neo_list(g, nodes, i, cs->c[c].name, v->u.list.items, v->u.list.n, out, err))
                return RG_EINVALID;
            continue;
        }
        rg_buf t;
        rg_buf_init(&t);
        value_text(v, ";", &t);
        if (v->type == RG_T_BOOL || v->type == RG_T_NUMBER)
            rg_buf_puts(out, rg_buf_str(&t));
        else
            rg_io_csv_field(out, rg_buf_str(&t));
        rg_buf_destroy(&t);
    }
    const rg_props *p = nodes ? &g->nodes[i].p : &g->edges[i].p;
    rg_buf_putc(out, ',');
    if (p->ncites) {
        rg_buf t;
        rg_buf_init(&t);
        cites_json(g, p, &t);
        rg_io_csv_field(out, rg_buf_str(&t));
        rg_buf_destroy(&t);
    }
    rg_buf_putc(out, '\n');
    return RG_OK;
}

static rg_status write_neo4j(const rg_graph *g, int nodes, const columns *cs, rg_buf *out,
                             rg_error *err)
{
    rg_buf_puts(out,
                nodes ? "id:ID,:LABEL,name:string,aliases:string[]" : ":START_ID,:END_ID,:TYPE");
    for (size_t c = 0; c < cs->n; c++) {
        rg_buf t;
        rg_buf_init(&t);
        rg_buf_printf(&t, "%s:%s", cs->c[c].name, neo_type(cs->c[c].type));
        rg_buf_putc(out, ',');
        rg_io_csv_header(out, rg_buf_str(&t));
        rg_buf_destroy(&t);
    }
    rg_buf_puts(out, ",cite:string\n");
    size_t n = nodes ? g->nnodes : g->nedges;
    for (size_t i = 0; i < n; i++)
        if (neo_row(g, nodes, i, cs, out, err) != RG_OK)
            return RG_EINVALID;
    return RG_OK;
}

/* ---- DOT ---- */

/* A data attribute: its name made a DOT identifier (rg_io_dot_name), its
 * value an HTML string with every special character an entity, which
 * Graphviz keeps verbatim and never interprets outside labels. */
static void dot_attr(rg_buf *out, const char *prefix, const char *name, const char *value)
{
    rg_buf_puts(out, ", ");
    rg_io_dot_name(out, prefix, name);
    rg_buf_putc(out, '=');
    rg_io_dot_value(out, value);
}

static void dot_props(const rg_graph *g, int nodes, size_t i, rg_buf *out)
{
    const rg_props *p = nodes ? &g->nodes[i].p : &g->edges[i].p;
    const rg_kind *k = kind_of(g, nodes, i);
    rg_buf t;
    rg_buf_init(&t);
    for (size_t a = 0; a < k->nattrs; a++)
        for (size_t x = 0; x < p->nattrs; x++)
            if ((size_t)p->attrs[x].def == a) {
                rg_buf_clear(&t);
                if (p->attrs[x].value.type == RG_T_LIST) {
                    strings_json(p->attrs[x].value.u.list.items, p->attrs[x].value.u.list.n, &t);
                } else {
                    value_text(&p->attrs[x].value, "", &t);
                }
                dot_attr(out, RG_IO_DOT_ATTR, k->attrs[a].name, rg_buf_str(&t));
            }
    if (p->ncites) {
        rg_buf_clear(&t);
        cites_json(g, p, &t);
        dot_attr(out, RG_IO_DOT_KEY, "cite", rg_buf_str(&t));
    }
    rg_buf_destroy(&t);
}

static void write_dot(const rg_graph *g, rg_buf *out)
{
    rg_buf_puts(out, "digraph relgraph {\n  graph [rankdir=LR");
    if (g->title)
        dot_attr(out, RG_IO_DOT_KEY, "title", g->title);
    rg_buf_puts(out, "];\n  node [shape=box, style=rounded, fontname=\"Helvetica\"];\n"
                     "  edge [fontname=\"Helvetica\", fontsize=9];\n");
    rg_buf t;
    rg_buf_init(&t);
    for (size_t i = 0; i < g->nnodes; i++) {
        const rg_node *n = &g->nodes[i];
        /* node ids are generated; the catalogue's id is data */
        rg_buf_printf(out, "  n%zu [label=<", i);
        rg_esc_gv_html(out, n->name, 40);
        rg_buf_putc(out, '>');
        dot_attr(out, RG_IO_DOT_KEY, "id", n->id);
        dot_attr(out, RG_IO_DOT_KEY, "kind", kind_of(g, 1, i)->name);
        dot_attr(out, RG_IO_DOT_KEY, "name", n->name);
        if (n->naliases) {
            rg_buf_clear(&t);
            strings_json(n->aliases, n->naliases, &t);
            dot_attr(out, RG_IO_DOT_KEY, "aliases", rg_buf_str(&t));
        }
        dot_props(g, 1, i, out);
        rg_buf_puts(out, "];\n");
    }
    for (size_t j = 0; j < g->nedges; j++) {
        const rg_edge *e = &g->edges[j];
        rg_buf_printf(out, "  n%lld -> n%lld [label=<", (long long)e->from, (long long)e->to);
        rg_esc_gv_html(out, kind_of(g, 0, j)->name, 0);
        rg_buf_putc(out, '>');
        dot_attr(out, RG_IO_DOT_KEY, "kind", kind_of(g, 0, j)->name);
        dot_props(g, 0, j, out);
        rg_buf_puts(out, "];\n");
    }
    rg_buf_destroy(&t);
    rg_buf_puts(out, "}\n");
}

rg_status rg_export(const rg_graph *g, rg_export_format f, const char *const *status, rg_buf *out,
                    rg_error *err)
{
    columns nc, ec;
    if (collect(g, 1, &nc) != 0)
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    if (collect(g, 0, &ec) != 0) {
        free(nc.c);
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    rg_status st = RG_OK;
    switch (f) {
    case RG_EXPORT_GRAPHML: write_xml(g, &nc, &ec, 0, NULL, out); break;
    case RG_EXPORT_GEXF: write_xml(g, &nc, &ec, 1, status, out); break;
    case RG_EXPORT_JSON: write_json(g, out); break;
    case RG_EXPORT_NEO4J_NODES: st = write_neo4j(g, 1, &nc, out, err); break;
    case RG_EXPORT_NEO4J_EDGES: st = write_neo4j(g, 0, &ec, out, err); break;
    case RG_EXPORT_DOT: write_dot(g, out); break;
    }
    free(nc.c);
    free(ec.c);
    if (st == RG_OK && out->oom)
        st = rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    return st;
}

rg_status rg_export_statuses(const rg_graph *g, const char ***status, rg_error *err)
{
    *status = NULL;
    rg_result r;
    rg_result_init(&r, g, "gaps");
    rg_status st = rg_call(g, "gaps", NULL, 0, NULL, &r, err);
    if (st != RG_OK) {
        rg_result_destroy(&r);
        return st;
    }
    const char **s = calloc(g->nnodes + 1, sizeof *s);
    if (s == NULL) {
        rg_result_destroy(&r);
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    const rg_table *t = r.ntables ? &r.tables[0] : NULL;
    int ci = t ? rg_table_col(t, "id") : -1, cs = t ? rg_table_col(t, "status") : -1;
    for (size_t row = 0; ci >= 0 && cs >= 0 && row < t->nrows; row++) {
        const rg_cell *id = rg_table_cell(t, row, (size_t)ci);
        const rg_cell *w = rg_table_cell(t, row, (size_t)cs);
        if (id->type != RG_CELL_TEXT || w->type != RG_CELL_TEXT)
            continue;
        int64_t n = rg_graph_find_id(g, id->u.s);
        if (n >= 0 && s[n] == NULL && (s[n] = strdup(w->u.s)) == NULL)
            r.oom = 1;
    }
    if (r.oom) {
        rg_export_statuses_free(s, g->nnodes);
        rg_result_destroy(&r);
        return rg_error_set(err, RG_ENOMEM, NULL, 0, 0, "out of memory");
    }
    rg_result_destroy(&r);
    *status = s;
    return RG_OK;
}

void rg_export_statuses_free(const char **status, size_t n)
{
    for (size_t i = 0; status && i < n; i++)
        free((char *)status[i]);
    free(status);
}
