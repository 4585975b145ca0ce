/* Building a grid cell by cell, shared by the CSV and XLSX readers: limits are checked as cells
 * arrive, text is trimmed, and the result is a rectangle without trailing empty rows/columns.
 * Internal to the readers; loaders only see grid.h. */
#ifndef KR_GRID_BUILD_H
#define KR_GRID_BUILD_H

#include "grid.h"

#include <stddef.h>

/* Upper bound on rows * cols of the final rectangle, so a sparse sheet with one cell at XFD1048576
 * cannot make us allocate gigabytes. */
#define GRID_MAX_CELLS (16L * 1024 * 1024)

typedef enum {
    GB_OK,
    GB_TOO_MANY_ROWS,
    GB_TOO_MANY_COLS,
    GB_CELL_TOO_LONG,
    GB_TOO_MANY_CELLS,
    GB_TOO_MUCH_TEXT, /* more cell text than limits.max_unpacked (a string repeated in every cell) */
    GB_NOMEM
} gb_status;

typedef struct gb_entry {
    int r, c;
    cell_kind kind;
    char *text;
} gb_entry;

typedef struct grid_builder {
    grid_limits limits;
    gb_entry *items;
    size_t count, cap;
    int rows, cols; /* extent of non-empty cells so far */
    long long text_bytes;
} grid_builder;

void gb_init(grid_builder *b, const grid_limits *limits);
void gb_free(grid_builder *b);

/* Adds the cell (r, c), 0-based, copying `len` bytes of `text` (trimmed; empty text is dropped).
 * A later cell at the same place replaces an earlier one. */
gb_status gb_add(grid_builder *b, int r, int c, cell_kind kind, const char *text, size_t len);

/* Turns the collected cells into a grid owning them; `row_line` (may be NULL) is taken over and
 * must have at least `nrows_lines` entries. The builder is left empty. NULL when out of memory or
 * over GRID_MAX_CELLS. */
grid *gb_finish(grid_builder *b, const char *file, const char *sheet, int *row_line, int nrow_lines);

/* A copy of `s` that lives until the process ends, shared between equal strings, so that source
 * locations stay valid after the grid that produced them is freed. Thread-safe. NULL for NULL. */
const char *grid_intern(const char *s);

/* A short English phrase for a status, for diagnostics ("too many rows"). */
const char *gb_status_text(gb_status s);

#endif
