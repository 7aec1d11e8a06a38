/* json_same.h: whether two jansson values are equal with object keys in the
 * same order (json_equal ignores order): the loader's fast path must give
 * what json_loadb gives.  Shared by unit/test_load.c and
 * fuzz/fuzz_catalogue.c. */
#ifndef RG_TESTS_JSON_SAME_H
#define RG_TESTS_JSON_SAME_H

#include <jansson.h>
#include <string.h>

static inline int json_same(const json_t *a, const json_t *b)
{
    if (!json_equal(a, b))
        return 0;
    if (json_is_array(a)) {
        for (size_t i = 0; i < json_array_size(a); i++)
            if (!json_same(json_array_get(a, i), json_array_get(b, i)))
                return 0;
    } else if (json_is_object(a)) {
        void *ia = json_object_iter((json_t *)a), *ib = json_object_iter((json_t *)b);
        for (; ia && ib; ia = json_object_iter_next((json_t *)a, ia),
                         ib = json_object_iter_next((json_t *)b, ib))
            if (strcmp(json_object_iter_key(ia), json_object_iter_key(ib)) != 0 ||
                !json_same(json_object_iter_value(ia), json_object_iter_value(ib)))
                return 0;
        if (ia || ib)
            return 0;
    }
    return 1;
}

#endif
