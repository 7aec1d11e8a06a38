/* relgraph.h: librelgraph's public interface, one include for a program.
 *
 *   #include <relgraph/relgraph.h>      (cc app.c $(pkg-config --cflags --libs relgraph))
 *
 *   rg_library_init();
 *   rg_graph *g = NULL;
 *   rg_error err;
 *   if (rg_load_file("catalogue.json", &g, NULL, &err) != RG_OK) ... err.text ...
 *   rg_result r;
 *   rg_result_init(&r, g, "gaps");
 *   rg_call(g, "gaps", NULL, 0, NULL, &r, &err);     (any analysis, by name)
 *   rg_buf out; rg_buf_init(&out); rg_result_text(&r, &out);
 *
 * The library never prints and never exits: every call that can fail
 * returns an rg_status and fills an rg_error (core/rg_error.h).  Each module
 * has its header, included below; the modules are described in README.md
 * ("Layout") and the catalogue format in relgraph-catalogue(5). */
#ifndef RELGRAPH_H
#define RELGRAPH_H

#include "analysis/rg_analysis.h"
#include "analysis/rg_diff.h"
#include "analysis/rg_links.h"
#include "analysis/rg_registry.h"
#include "analysis/rg_result.h"
#include "core/rg_buf.h"
#include "core/rg_error.h"
#include "graph/rg_graph.h"
#include "graph/rg_schema.h"
#include "graph/rg_words.h"
#include "load/rg_fmt.h"
#include "load/rg_load.h"
#include "query/rg_call.h"
#include "query/rg_query.h"
#include "render/rg_render.h"
#include "render/rg_report.h"
#include "report/rg_bundle.h"

#endif
