/* rg_list.h: comma lists of names ("member_of,participates_in").
 *
 * Roles, options and schema values keep lists of names as one string
 * joined by commas; this is the one test of whether a name is in one. */
#ifndef RG_LIST_H
#define RG_LIST_H

/* Whether WORD is an item of LIST (items separated by commas, spaces around
 * them ignored).  A NULL or empty LIST holds nothing. */
int rg_list_has(const char *list, const char *word);

#endif
