/* rg_list.c: comma lists of names (see rg_list.h). */
#include "rg_list.h"

#include <string.h>

int rg_list_has(const char *list, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = list; p && *p;) {
        while (*p == ' ')
            p++;
        size_t len = strcspn(p, ",");
        size_t item = len;
        while (item > 0 && p[item - 1] == ' ')
            item--;
        if (item == n && strncmp(p, word, n) == 0)
            return 1;
        p += len + (p[len] == ',');
    }
    return 0;
}
