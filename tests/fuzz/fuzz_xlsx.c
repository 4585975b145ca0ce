/* Fuzz target: the XLSX reader (zip + XML) on an in-memory file, first sheet and by name.
 * Invariants as for CSV: a grid of valid UTF-8 within the limits, or an error. */
#include "fuzz.h"
#include "fuzz_grid.h"
#include "grid.h"

static bool fuzz_xlsx_accept_any(const grid *g, void *ctx)
{
    (void)ctx;
    return g->rows > 1;
}

FUZZ_TARGET(xlsx)
{
    char path[64];
    int fd = fuzz_memfd(data, size, path, sizeof path);
    if (fd < 0) return 0;
    grid_limits lim = grid_limits_default();
    lim.max_rows = 2000;
    lim.max_cols = 200;
    lim.max_unpacked = 8 << 20;
    diag_list d;
    diag_init(&d);
    grid *g = read_xlsx(path, NULL, fuzz_xlsx_accept_any, NULL, &lim, &d);
    if (g) fuzz_check_grid(g, &lim);
    else FUZZ_ASSERT(d.errors > 0);
    grid_free(g);
    diag_free(&d);
    diag_init(&d);
    g = read_xlsx(path, "Begroting", NULL, NULL, &lim, &d);
    if (g) fuzz_check_grid(g, &lim);
    grid_free(g);
    diag_free(&d);
    close(fd);
    return 0;
}
