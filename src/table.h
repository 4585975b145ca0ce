/* Finding the table in a grid: the header row below any title block, column names in Dutch or
 * English with aliases (case, accents and punctuation ignored), subtotal/total rows, years as
 * columns for wide budgets, and cell values (amounts, integers, years) with located diagnostics. */
#ifndef KR_TABLE_H
#define KR_TABLE_H

#include "grid.h"

#include <stdbool.h>
#include <stdint.h>

#define TABLE_MAX_COLUMNS 24

/* One column the loader looks for. `aliases` is '|'-separated; matching folds case and accents
 * and ignores punctuation and units, so "Bedrag (€)", "bedrag" and "BEDRAG" all match "bedrag". */
typedef struct table_column_spec {
    const char *key;     /* the canonical name, used in diagnostics ("bedrag") */
    const char *aliases; /* "bedrag|amount|euro|kosten" */
    bool required;
} table_column_spec;

typedef struct table_map {
    int header_row;                 /* 0-based row of the header */
    int col[TABLE_MAX_COLUMNS];     /* per spec: 0-based column, or -1 when absent */
    /* Wide layouts: columns whose header is a year (2023 .. 2030, also "2024 (begroting)"). */
    int nyear_cols;
    int year_col[32];
    int year_of_col[32];
    int kind_of_col[32];            /* -1 unspecified, else a budget_kind from a "begroting"/"realisatie" word */
} table_map;

/* Searches the first 30 rows for the row that matches the most specs (at least every required
 * one, or, when `allow_wide` is set, the required ones except those in `wide_optional` plus at
 * least one year column). Extra unknown columns are reported as notes. Returns false after adding
 * an error naming the missing columns. */
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

/* Reads a whole number (years, reach): "2025", "31.000", 2025.0 from a workbook. */
bool table_integer(const grid *g, int r, int c, long long min, long long max, bool empty_ok,
                   long long *out, diag_list *d);

/* Decides the number notation of a grid from its text amounts in the given columns: sets
 * g->locale to NUMLOC_NL or NUMLOC_EN when the evidence is unambiguous, else leaves it and
 * returns false. */
bool table_detect_locale(grid *g, const int *cols, int ncols, int first_row);

#endif
