/* The one gate between the model and libxlsxwriter: every string is cleaned (valid UTF-8, no XML-
 * illegal characters, within Excel's 32,767-character cell limit) and every sheet and defined name
 * is checked before the library sees it. User text is always written as a string, never a formula. */
#ifndef KR_XLSX_SAFE_H
#define KR_XLSX_SAFE_H

#include "diag.h"

#include <stdbool.h>
#include <stdint.h>
#include <xlsxwriter.h>

#define XS_CELL_MAX 32767  /* Excel's limit, counted in UTF-16 code units */
#define XS_SHEET_MAX 31
/* Excel allows 255-character defined names, but libxlsxwriter 1.1.4 copies names and their
 * formulas into fixed 128-byte buffers without checking, so both are kept below that. */
#define XS_NAME_MAX (LXW_DEFINED_NAME_LENGTH - 1)

/* Returns a malloc'ed copy of `text` (NULL reads as "") that is valid UTF-8, has no control
 * characters other than tab and newline (others become a space), no U+FFFE/U+FFFF, and at most
 * XS_CELL_MAX UTF-16 units (cut at a character boundary). Invalid bytes become U+FFFD.
 * *changed (may be NULL) tells whether anything was altered. NULL only when out of memory. */
char *xs_clean_text(const char *text, bool *changed);

/* True when `name` is a usable worksheet name: 1..31 characters of valid UTF-8, none of
 * []:*?/\ , not starting or ending with an apostrophe. */
bool xs_valid_sheet_name(const char *name);

/* True when `name` is a valid workbook-level defined name: 1..XS_NAME_MAX ASCII letters, digits, '_' or
 * '.', starting with a letter or '_', and not readable as a cell reference (A1, R1C1, "R", "C"). */
bool xs_valid_defined_name(const char *name);

/* The writer: a workbook plus where problems go. The first failure is recorded as a diagnostic
 * (located at the output file) and later writes become no-ops, so callers need not check each. */
typedef struct xs_writer {
    lxw_workbook *wb;
    diag_list *d;
    const char *path;
    bool failed;
    int cleaned; /* strings that had to be altered */
} xs_writer;

/* Records the first failure as a diagnostic at the output file; later writes become no-ops. */
void xs_fail(xs_writer *w, const char *what, const char *detail);
/* Adds a worksheet after checking its name; NULL after a diagnostic. */
lxw_worksheet *xs_sheet(xs_writer *w, const char *name);
/* Defines a workbook-level name for `formula` ("=Sheet!$A$1:$B$2", at most XS_NAME_MAX bytes)
 * after checking both. */
void xs_define(xs_writer *w, const char *name, const char *formula);

/* Writes user or product text as a string cell (never a formula, whatever it starts with).
 * Empty text writes a blank cell with the format. */
void xs_text(xs_writer *w, lxw_worksheet *ws, int row, int col, const char *text, lxw_format *fmt);
/* Writes an integer count, year or percentage number as a number cell. */
void xs_number(xs_writer *w, lxw_worksheet *ws, int row, int col, double value, lxw_format *fmt);
/* Writes money: cents are converted to euros only here. */
void xs_money(xs_writer *w, lxw_worksheet *ws, int row, int col, int64_t cents, lxw_format *fmt);
/* Writes a product-made formula with its cached result in euros (from cents), so viewers that do
 * not recalculate still show the number. */
void xs_money_formula(xs_writer *w, lxw_worksheet *ws, int row, int col, const char *formula,
                      int64_t cents, lxw_format *fmt);
/* Writes a product-made formula with a cached plain number. */
void xs_formula(xs_writer *w, lxw_worksheet *ws, int row, int col, const char *formula,
                double cached, lxw_format *fmt);

/* A drop-down list (data validation) on rows r1..r2, columns c1..c2: from a list formula
 * ("=Lijsten!$A$2:$A$9") when `formula` is set, else from the NULL-terminated `values`. `title`
 * and `message` (may be NULL) are the input prompt; a mistyped value gets a warning, not a refusal.
 * Every string must be valid UTF-8 within Excel's limits counted in bytes (title 32, message,
 * formula and the joined list 255): libxlsxwriter 1.1.4 checks characters but copies into byte
 * buffers of those sizes, so longer UTF-8 text would overrun them. Too long is a failure. */
void xs_validation(xs_writer *w, lxw_worksheet *ws, int r1, int c1, int r2, int c2, const char *formula,
                   const char *const *values, const char *title, const char *message);

/* "Sheet!$A$1:$C$9" style absolute reference with quoting of the sheet name; rows/cols 0-based. */
void xs_range_ref(char *buf, size_t size, const char *sheet, int r1, int c1, int r2, int c2);

#endif
