/* check_main.h: what every Check suite's main does: run the suite (fork
 * mode, the default) and turn its failures into the exit status. */
#ifndef RG_CHECK_MAIN_H
#define RG_CHECK_MAIN_H

#include <check.h>
#include <stdlib.h>

static inline int rg_run_suite(Suite *s)
{
    SRunner *sr = srunner_create(s);
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

#endif
