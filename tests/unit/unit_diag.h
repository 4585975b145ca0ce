/* Test helper shared by the reader tests: the first diagnostic of a level as "loc: message". */
#ifndef KR_UNIT_DIAG_H
#define KR_UNIT_DIAG_H

#include "diag.h"

#include <stdio.h>

/* Returns a static buffer: "" when there is no diagnostic of that level. */
static inline const char *diag_text(const diag_list *d, diag_level level)
{
    static char buf[600];
    char where[256];
    buf[0] = '\0';
    for (int i = 0; i < d->count; i++) {
        if (d->items[i].level != level) continue;
        snprintf(buf, sizeof buf, "%s: %s", srcloc_format(d->items[i].loc, where, sizeof where), d->items[i].message);
        break;
    }
    return buf;
}

#endif
