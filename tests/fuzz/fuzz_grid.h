/* Invariants every reader's grid must meet, shared by the CSV and XLSX targets. */
#ifndef KR_FUZZ_GRID_H
#define KR_FUZZ_GRID_H

#include "fuzz.h"
#include "grid.h"

#include <glib.h>

/* Cells are valid UTF-8 text within the limits; every row has a location. */
static inline void fuzz_check_grid(const grid *g, const grid_limits *lim)
{
    FUZZ_ASSERT(g->rows >= 0 && g->cols >= 0);
    FUZZ_ASSERT(g->rows <= lim->max_rows + 1 && g->cols <= lim->max_cols);
    for (long i = 0; i < (long)g->rows * g->cols; i++) {
        const grid_cell *c = &g->cells[i];
        if (c->kind == CELL_EMPTY) continue;
        FUZZ_ASSERT(c->text != NULL);
        FUZZ_ASSERT(g_utf8_validate(c->text, -1, NULL));
        FUZZ_ASSERT((long)strlen(c->text) <= lim->max_cell_bytes * 4L);
    }
    for (int r = 0; r < g->rows; r++) (void)grid_loc(g, r, 0);
}

#endif
