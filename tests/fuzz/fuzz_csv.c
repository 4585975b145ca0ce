/* Fuzz target: the CSV reader on an in-memory file. Invariants: either a grid or an error; every
 * cell of a grid is valid UTF-8 within the limits. */
#include "fuzz.h"
#include "fuzz_grid.h"
#include "grid.h"

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
