/* placeholder */
#include "rg_io.h"
rg_status rg_import_dot(const char *gv, const rg_import_opts *o, rg_buf *out, rg_diags *d,
                        rg_error *err)
{
    return rg_error_set(err, RG_EUSAGE, NULL, 0, 0, "not yet");
}
