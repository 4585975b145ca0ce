/* Values in table cells: amounts (text in Dutch or English notation, or workbook numbers kept
 * exact), whole numbers, and the per-file decision between Dutch and English notation. Every
 * failure becomes a located diagnostic with the quoted value and a hint. */
#include "table.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#define HINT_AMOUNT "write amounts like 1.219.092,50 or 1219092.50"
#define HINT_AMOUNT_EN "write amounts like 1,219,092.50 or 1219092.50"

/* Error for a cell that holds something other than a number (date, error value, boolean). */
static bool wrong_kind(const grid *g, int r, int c, const grid_cell *cell, const char *what, diag_list *d)
{
    const char *why = cell->kind == CELL_DATE    ? "is a date"
                      : cell->kind == CELL_ERROR ? "is an error value of the spreadsheet"
                      : cell->kind == CELL_BOOL  ? "is a true/false value"
                                                 : "is not a number";
    const char *hint = cell->kind == CELL_ERROR ? "fix the formula in the spreadsheet, or type the amount"
                                                : "format the cell as a number";
    diag_error(d, grid_loc(g, r, c), hint, "%s %s %s", what, diag_quote(cell->text), why);
    return false;
}

/* Turns a failed parse into a located error. */
static bool amount_error(const grid *g, int r, int c, const char *text, money_status st, num_locale loc,
                         diag_list *d)
{
    const char *hint = loc == NUMLOC_EN ? HINT_AMOUNT_EN : HINT_AMOUNT;
    srcloc where = grid_loc(g, r, c);
    switch (st) {
    case MONEY_OVERFLOW:
        diag_error(d, where, "the largest accepted amount is 1.000.000.000.000", "amount %s is too large",
                   diag_quote(text));
        break;
    case MONEY_PRECISION:
        diag_error(d, where, "round the amount to whole cents", "amount %s has more than two decimals",
                   diag_quote(text));
        break;
    default:
        diag_error(d, where, hint, "amount %s is not a number", diag_quote(text));
        break;
    }
    return false;
}

bool table_amount(const grid *g, int r, int c, num_locale loc, bool empty_ok, int64_t *cents, diag_list *d)
{
    const grid_cell *cell = grid_at(g, r, c);
    *cents = 0;
    if (!cell || cell->kind == CELL_EMPTY || !cell->text || !cell->text[0]) {
        if (empty_ok) return true;
        diag_error(d, grid_loc(g, r, c), HINT_AMOUNT, "amount is missing");
        return false;
    }
    if (cell->kind == CELL_NUMBER) {
        money_parse_result res = money_parse_machine(cell->text, cents);
        return res.status == MONEY_OK || amount_error(g, r, c, cell->text, res.status, NUMLOC_AUTO, d);
    }
    if (cell->kind != CELL_TEXT) return wrong_kind(g, r, c, cell, "amount", d);
    num_locale use = loc != NUMLOC_AUTO ? loc : g->locale;
    money_parse_result res = money_parse(cell->text, use, cents);
    if (res.status != MONEY_OK) return amount_error(g, r, c, cell->text, res.status, use, d);
    if (res.ambiguous)
        diag_warn(d, grid_loc(g, r, c), "set getallen = nl or getallen = en in the job file, or write 1.234,00",
                  "amount %s is ambiguous; read as %lld euro", diag_quote(cell->text),
                  (long long)(*cents / 100));
    return true;
}

bool table_amount_scaled(const grid *g, int r, int c, num_locale loc, bool empty_ok, int64_t scale,
                         int64_t *cents, diag_list *d)
{
    if (!table_amount(g, r, c, loc, empty_ok, cents, d)) return false;
    if (scale <= 1) return true;
    int64_t v;
    if (__builtin_mul_overflow(*cents, scale, &v) || v > MONEY_MAX_CENTS || v < -MONEY_MAX_CENTS) {
        *cents = 0;
        return amount_error(g, r, c, grid_text(g, r, c), MONEY_OVERFLOW, loc, d);
    }
    *cents = v;
    return true;
}

/* Parses "2025", "-3", "31.000", "31,000", "31 000" (groups of three) into *out. */
static bool parse_whole(const char *text, long long *out)
{
    const char *p = text;
    bool neg = false;
    if (*p == '-' || *p == '+') neg = *p++ == '-';
    long long v = 0;
    int run = 0, groups = 0;
    char sep = 0;
    for (; *p; p++) {
        if (isdigit((unsigned char)*p)) {
            if (v > (9000000000000000000LL - 9) / 10) return false;
            v = v * 10 + (*p - '0');
            run++;
        } else if ((*p == '.' || *p == ',' || *p == ' ') && run > 0 && (!sep || sep == *p)) {
            if ((groups == 0 && run > 3) || (groups > 0 && run != 3)) return false;
            sep = *p;
            groups++;
            run = 0;
        } else {
            return false;
        }
    }
    if (run == 0 || (groups > 0 && run != 3)) return false;
    *out = neg ? -v : v;
    return true;
}

bool table_integer(const grid *g, int r, int c, long long min, long long max, bool empty_ok, long long *out,
                   diag_list *d)
{
    const grid_cell *cell = grid_at(g, r, c);
    const char *hint = "write a whole number like 2025 or 31.000";
    if (!cell || cell->kind == CELL_EMPTY || !cell->text || !cell->text[0]) {
        if (!empty_ok) diag_error(d, grid_loc(g, r, c), hint, "a number is missing");
        return empty_ok;
    }
    long long v = 0;
    bool ok;
    if (cell->kind == CELL_NUMBER) {
        int64_t cents;
        ok = money_parse_machine(cell->text, &cents).status == MONEY_OK && cents % 100 == 0;
        v = cents / 100;
    } else if (cell->kind == CELL_TEXT) {
        ok = parse_whole(cell->text, &v);
    } else {
        return wrong_kind(g, r, c, cell, "value", d);
    }
    if (!ok) {
        diag_error(d, grid_loc(g, r, c), hint, "value %s is not a whole number", diag_quote(cell->text));
        return false;
    }
    if (v < min || v > max) {
        diag_error(d, grid_loc(g, r, c), NULL, "value %s is not between %lld and %lld", diag_quote(cell->text),
                   min, max);
        return false;
    }
    *out = v;
    return true;
}

/* Evidence one text amount gives: +1 Dutch, -1 English, 0 none (e.g. "1.234" could be either). */
static int notation_evidence(const char *text)
{
    char marks[64];
    int n = 0, digits_after = 0;
    for (const char *p = text; *p && n < 63; p++) {
        if (*p == '.' || *p == ',') { marks[n++] = *p; digits_after = 0; }
        else if (isdigit((unsigned char)*p)) digits_after++;
        else if (*p == '-' && n > 0 && marks[n - 1] == ',' && digits_after == 0) return 1; /* "12,-" */
    }
    if (n == 0) return 0;
    char last = marks[n - 1];
    bool mixed = false, repeated_last = false;
    for (int i = 0; i < n - 1; i++) {
        if (marks[i] != last) mixed = true;
        else repeated_last = true;
    }
    if (mixed) return last == ',' ? 1 : -1;           /* "1.234,56" / "1,234.56" */
    if (repeated_last) return last == '.' ? 1 : -1;   /* "1.219.092" / "1,219,092" */
    if (digits_after == 3) return 0;                  /* "1.234" / "1,234": either */
    if (digits_after >= 1) return last == ',' ? 1 : -1; /* "12,5" / "12.50" */
    return 0;
}

bool table_detect_locale(grid *g, const int *cols, int ncols, int first_row)
{
    int nl = 0, en = 0;
    for (int r = first_row < 0 ? 0 : first_row; r < g->rows; r++) {
        for (int i = 0; i < ncols; i++) {
            const grid_cell *cell = grid_at(g, r, cols[i]);
            if (!cell || cell->kind != CELL_TEXT) continue;
            int64_t cents;
            if (money_parse(cell->text, NUMLOC_NL, &cents).status != MONEY_OK &&
                money_parse(cell->text, NUMLOC_EN, &cents).status != MONEY_OK)
                continue; /* not an amount at all; table_amount will say so */
            int e = notation_evidence(cell->text);
            nl += e > 0;
            en += e < 0;
        }
    }
    if ((nl > 0) == (en > 0)) return false;
    g->locale = nl > 0 ? NUMLOC_NL : NUMLOC_EN;
    return true;
}
