/* Fuzz target: the CSV reader on an in-memory file. Invariants: either a grid or an error; every
 * cell of a grid is valid UTF-8 within the limits. */
#include "fuzz.h"
#include "grid.h"

#include <glib.h>

void fuzz_check_grid(const grid *g, const grid_limits *lim);

#ifndef KR_FUZZ_GRID_CHECK
#define KR_FUZZ_GRID_CHECK
void fuzz_check_grid(const grid *g, const grid_limits *lim)
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

FUZZ_TARGET(csv)
{
    char path[64];
    int fd = fuzz_memfd(data, size, path, sizeof path);
    if (fd < 0) return 0;
    grid_limits lim = grid_limits_default();
    lim.max_rows = 2000;
    lim.max_cols = 200;
    diag_list d;
    diag_init(&d);
    grid *g = read_csv(path, &lim, &d);
    if (g) fuzz_check_grid(g, &lim);
    else FUZZ_ASSERT(d.errors > 0);
    grid_free(g);
    diag_free(&d);
    close(fd);
    return 0;
}
