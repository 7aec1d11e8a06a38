/* rg_registry.c: the table of analyses (see rg_registry.h).
 *
 * Each analysis declares itself at the end of its own file (its parameters,
 * their roles and defaults, its run function); this file lists them, in the
 * order the CLI and the report show them.  Adding an analysis: one new file
 * with its rg_analysis_def, and one row below. */
#include "rg_registry.h"

#include <stddef.h>
#include <string.h>

/* ---- the table ---------------------------------------------------------------- */

const rg_analysis_def *const rg_analyses[] = {
    &rg_gaps_def,       /* src/analysis/rg_gaps.c */
    &rg_risks_def,      /* rg_risks.c */
    &rg_central_def,    /* rg_central.c */
    &rg_interlocks_def, /* rg_interlocks.c */
    &rg_clusters_def,   /* rg_clusters.c */
    &rg_audit_def,      /* rg_audit.c */
    &rg_paths_def,      /* rg_paths.c */
};
const size_t rg_nanalyses = sizeof rg_analyses / sizeof *rg_analyses;

const rg_analysis_def *rg_analysis_find(const char *name)
{
    return rg_analysis_find_n(name, strlen(name));
}

const rg_analysis_def *rg_analysis_find_n(const char *name, size_t n)
{
    for (size_t i = 0; i < rg_nanalyses; i++)
        if (strlen(rg_analyses[i]->name) == n && strncmp(rg_analyses[i]->name, name, n) == 0)
            return rg_analyses[i];
    return NULL;
}

const rg_param *rg_param_find(const rg_analysis_def *d, const char *name)
{
    for (int i = 0; i < RG_MAX_PARAMS && d->params[i].name; i++)
        if (strcmp(d->params[i].name, name) == 0)
            return &d->params[i];
    return NULL;
}
