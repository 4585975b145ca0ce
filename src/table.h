/* Finding the table in a grid: the header row below any title block, column names in Dutch or
 * English with aliases (case, accents and punctuation ignored), subtotal/total rows, years as
 * columns for wide budgets, and cell values (amounts, integers, years) with located diagnostics. */
#ifndef KR_TABLE_H
#define KR_TABLE_H

#include "grid.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define TABLE_MAX_COLUMNS 24

/* One column the loader looks for. `aliases` is '|'-separated; matching folds case and accents
 * and ignores punctuation and units, so "Bedrag (€)", "bedrag" and "BEDRAG" all match "bedrag". */
typedef struct table_column_spec {
    const char *key;     /* the canonical name, used in diagnostics ("bedrag") */
    const char *aliases; /* "bedrag|amount|euro|kosten" */
    bool required;
    bool wide_skip;      /* not required in a wide layout: the year columns replace it (jaar, bedrag) */
} table_column_spec;

typedef struct table_map {
    int header_row;                 /* 0-based row of the header */
    int col[TABLE_MAX_COLUMNS];     /* per spec: 0-based column, or -1 when absent */
    /* Wide layouts: columns whose header is a year (2023 .. 2030, also "2024 (begroting)"). */
    int nyear_cols;
    int year_col[32];
    int year_of_col[32];
    int kind_of_col[32];            /* -1 unspecified, else a budget_kind from a "begroting"/"realisatie" word */
    /* Unit in the header: 1, or 1000 for "Bedrag (k€)" / "x € 1.000", 1000000 for "mln". Amounts
     * read from that column must be multiplied by it (table_amount_scaled does). */
    int64_t scale[TABLE_MAX_COLUMNS];
    int64_t year_scale[32];
} table_map;

/* Searches the first 30 rows for the row that matches the most specs (at least every required
 * one, or, when `allow_wide` is set, the required ones except those marked `wide_skip`, plus at
 * least one year column; then nyear_cols > 0 tells the caller the layout is wide). An exact key
 * match wins over an alias. Extra unknown columns are reported as notes; a thousands unit in a
 * header sets `scale` with a warning. Returns false after adding an error naming the missing
 * columns. */
bool table_find_header(const grid *g, const table_column_spec *specs, int nspecs, bool allow_wide,
                       table_map *out, diag_list *d);

/* True for rows that are subtotals or totals: a cell starting with "totaal", "subtotaal",
 * "total", "sum", "som". `label` receives the label cell's text (borrowed) when non-NULL. */
bool table_is_total_row(const grid *g, int r, const char **label);

/* True when every cell of row r is empty. */
bool table_row_empty(const grid *g, int r);

/* Reads an amount: numbers from workbooks exactly, text in `loc` notation (NUMLOC_AUTO: per
 * grid->locale, else guessed with a warning). Empty cells give 0 when `empty_ok`, else an error.
 * Returns false after adding a located diagnostic with the value and a hint. */
bool table_amount(const grid *g, int r, int c, num_locale loc, bool empty_ok, int64_t *cents, diag_list *d);

/* table_amount, then multiplied by `scale` (from table_map.scale / year_scale; 1 = as written),
 * with an overflow check. */
bool table_amount_scaled(const grid *g, int r, int c, num_locale loc, bool empty_ok, int64_t scale,
                         int64_t *cents, diag_list *d);

/* The comparison key of a header cell: units and bracketed parts removed ("Bedrag (€)" ->
 * "bedrag"), then folded like text_fold. `scale` (may be NULL) receives the unit's multiplier. */
char *table_fold_header(const char *text, char *out, size_t size, int64_t *scale);

/* The year (2000..2099) a header like "2025", "Begroting 2025" or "Realisatie 2024" names, or 0.
 * `kind` (may be NULL) receives the budget_kind its words name, or -1. */
int table_header_year(const char *text, int *kind);

/* Reads a whole number (years, reach): "2025", "31.000", 2025.0 from a workbook. An empty cell
 * leaves *out unchanged and returns `empty_ok` (an error when not). */
bool table_integer(const grid *g, int r, int c, long long min, long long max, bool empty_ok,
                   long long *out, diag_list *d);

/* Decides the number notation of a grid from its text amounts in the given columns: sets
 * g->locale to NUMLOC_NL or NUMLOC_EN when the evidence is unambiguous, else leaves it and
 * returns false. */
bool table_detect_locale(grid *g, const int *cols, int ncols, int first_row);

#endif
