/* rg_near.c: nearest names by edit distance. */
#include "rg_near.h"

#include <stdlib.h>
#include <string.h>

static char fold(char c)
{
    if (c >= 'A' && c <= 'Z')
        return (char)(c - 'A' + 'a');
    return c == '_' ? '-' : c;
}

size_t rg_edit_distance(const char *a, const char *b, size_t cap)
{
    size_t la = strlen(a), lb = strlen(b);
    if ((la > lb ? la - lb : lb - la) > cap)
        return cap + 1;
    if (la > 256 || lb > 256)
        return cap + 1; /* names are short; a long one is no misspelling */
    /* three rows of the Damerau (optimal string alignment) table */
    size_t rows[3][257];
    size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= lb; j++)
        prev[j] = j;
    for (size_t i = 1; i <= la; i++) {
        cur[0] = i;
        size_t best = cur[0];
        for (size_t j = 1; j <= lb; j++) {
            size_t cost = fold(a[i - 1]) != fold(b[j - 1]);
            size_t v = prev[j - 1] + cost;
            if (prev[j] + 1 < v)
                v = prev[j] + 1;
            if (cur[j - 1] + 1 < v)
                v = cur[j - 1] + 1;
            if (i > 1 && j > 1 && fold(a[i - 1]) == fold(b[j - 2]) &&
                fold(a[i - 2]) == fold(b[j - 1]) && prev2[j - 2] + 1 < v)
                v = prev2[j - 2] + 1;
            cur[j] = v;
            if (v < best)
                best = v;
        }
        if (best > cap)
            return cap + 1;
        size_t *t = prev2;
        prev2 = prev;
        prev = cur;
        cur = t;
    }
    return prev[lb] > cap ? cap + 1 : prev[lb];
}

const char *rg_nearest(const char *word, const char *const *names, size_t n)
{
    const char *best = NULL;
    size_t lw = strlen(word), best_d = (size_t)-1;
    for (size_t i = 0; i < n; i++) {
        if (names[i] == NULL)
            continue;
        size_t ln = strlen(names[i]);
        size_t cap = (lw > ln ? lw : ln) / 3;
        if (cap < 1)
            cap = 1;
        size_t d = rg_edit_distance(word, names[i], cap);
        if (d <= cap && d < best_d) {
            best_d = d;
            best = names[i];
        }
    }
    return best;
}
