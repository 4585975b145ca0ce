/* A grid is what every reader produces: a rectangle of cells as UTF-8 text with their source
 * locations, from a CSV file or one sheet of a workbook. Loaders (load.c) turn grids into the
 * model; they never see the file format. */
#ifndef KR_GRID_H
#define KR_GRID_H

#include "diag.h"
#include "money.h"

#include <stdbool.h>

typedef enum {
    CELL_EMPTY,
    CELL_TEXT,    /* text as typed: amounts in it are parsed with the job's number locale */
    CELL_NUMBER,  /* a spreadsheet number; `text` is its machine decimal ("1219092.5") */
    CELL_DATE,    /* a date; `text` is ISO "2025-03-31" */
    CELL_BOOL,    /* "TRUE" / "FALSE" */
    CELL_ERROR    /* "#DIV/0!" etc. */
} cell_kind;

typedef struct grid_cell {
    cell_kind kind;
    char *text; /* owned, valid UTF-8, never NULL for non-empty cells */
} grid_cell;

typedef struct grid {
    char *file;    /* owned: path as given by the user, used in locations */
    char *sheet;   /* owned: sheet name for workbooks, NULL for CSV */
    int rows, cols;
    grid_cell *cells; /* rows * cols, row-major */
    /* For CSV: the physical line and column (1-based) where each row starts, so that a field in
     * a row with embedded newlines still points to the right place. NULL for workbooks. */
    int *row_line;
    num_locale locale; /* number notation detected for this grid (NUMLOC_AUTO if undecided) */
} grid;

/* The cell at (r, c), 0-based, or NULL when outside the grid. */
const grid_cell *grid_at(const grid *g, int r, int c);
/* Trimmed text of a cell, "" for empty/outside. */
const char *grid_text(const grid *g, int r, int c);
/* Location of cell (r, c) for diagnostics. */
srcloc grid_loc(const grid *g, int r, int c);
void grid_free(grid *g);

/* Reading limits shared by all readers; defaults in grid_limits_default(). */
typedef struct grid_limits {
    long long max_file_bytes;   /* input file size */
    long long max_unpacked;     /* total uncompressed bytes read from a workbook */
    int max_rows, max_cols;
    int max_cell_bytes;
} grid_limits;
grid_limits grid_limits_default(void);

/* Reads a CSV file (delimiter ';' ',' or tab sniffed; UTF-8 with or without BOM, or
 * Windows-1252 converted). Returns NULL after adding diagnostics. */
grid *read_csv(const char *path, const grid_limits *limits, diag_list *d);

/* Reads one sheet of an .xlsx workbook: by name when `sheet` is non-NULL, else the first sheet
 * for which accept(g, ctx) returns true (or the first sheet if accept is NULL). Returns NULL
 * after adding diagnostics. */
typedef bool (*grid_accept_fn)(const grid *g, void *ctx);
grid *read_xlsx(const char *path, const char *sheet, grid_accept_fn accept, void *ctx,
                const grid_limits *limits, diag_list *d);

/* Reads either format, chosen by content (zip signature) rather than by extension. */
grid *read_table_file(const char *path, const char *sheet, grid_accept_fn accept, void *ctx,
                      const grid_limits *limits, diag_list *d);

#endif
