/* One worksheet part into a grid: cell references, shared and inline strings, numbers kept as
 * their stored decimal text, booleans, error values, cached formula results and dates (by the
 * cell's number format; 1900 and 1904 systems). Merged ranges need nothing: only their top-left
 * cell has a value in the file, the rest stay empty. */
#include "grid_build.h"
#include "read_xlsx_int.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HINT_RESAVE "open the file in Excel or LibreOffice and save it again as .xlsx"

typedef struct sheet_parse {
    xml_base base;
    xlsx_book *book;
    grid_builder b;
    diag_list *d;
    const char *sheet; /* interned name, for locations */
    int row, col;      /* 0-based position of the current cell */
    char type[16];
    long style;
    bool in_cell, in_v, in_is, in_t, has_v, has_f, failed;
    int in_rph;
    char *text;
    size_t len, cap;
    bool too_long;
    int formulas_without_value;
    srcloc first_formula;
} sheet_parse;

static srcloc cell_loc(const sheet_parse *sp)
{
    srcloc loc = { sp->book->path, sp->sheet, sp->row + 1, sp->col + 1 };
    return loc;
}

static void fail(sheet_parse *sp, const char *hint, const char *what)
{
    diag_error(sp->d, cell_loc(sp), hint, "%s", what);
    sp->failed = true;
    XML_StopParser(sp->base.xp, XML_FALSE);
}

/* "AB12" -> col 27, row 11 (0-based). False for anything else. */
static bool parse_ref(const char *ref, int *row, int *col)
{
    long c = 0, r = 0;
    const char *p = ref;
    for (; *p >= 'A' && *p <= 'Z' && c <= 16384; p++) c = c * 26 + (*p - 'A' + 1);
    if (p == ref || c > 16384) return false;
    const char *digits = p;
    for (; *p >= '0' && *p <= '9' && r <= 1048576; p++) r = r * 10 + (*p - '0');
    if (p == digits || *p || r < 1 || r > 1048576) return false;
    *row = (int)(r - 1);
    *col = (int)(c - 1);
    return true;
}

static void start_cell(sheet_parse *sp, const char **attrs)
{
    const char *ref = xlsx_attr(attrs, "r"), *t = xlsx_attr(attrs, "t"), *s = xlsx_attr(attrs, "s");
    int r = sp->row, c = sp->col + 1;
    if (ref && !parse_ref(ref, &r, &c)) {
        fail(sp, HINT_RESAVE, "damaged workbook: bad cell reference");
        return;
    }
    sp->row = r;
    sp->col = c;
    size_t tn = t ? strnlen(t, sizeof sp->type - 1) : 1;
    memcpy(sp->type, t ? t : "n", tn);
    sp->type[tn] = '\0';
    sp->style = s ? strtol(s, NULL, 10) : 0;
    sp->in_cell = true;
    sp->has_v = sp->has_f = sp->too_long = false;
    sp->len = 0;
}

static void XMLCALL sheet_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
    sheet_parse *sp = ud;
    const char *local = xlsx_local(name);
    if (!strcmp(local, "row")) {
        const char *r = xlsx_attr(attrs, "r");
        long n = r ? strtol(r, NULL, 10) : sp->row + 2;
        sp->row = n >= 1 && n <= 1048576 ? (int)n - 1 : sp->row + 1;
        sp->col = -1;
    } else if (!strcmp(local, "c")) {
        start_cell(sp, attrs);
    } else if (!sp->in_cell) {
        return;
    } else if (!strcmp(local, "v")) {
        sp->in_v = sp->has_v = true;
        sp->len = 0;
    } else if (!strcmp(local, "f")) {
        sp->has_f = true;
    } else if (!strcmp(local, "is")) {
        sp->in_is = true;
    } else if (!strcmp(local, "rPh")) {
        sp->in_rph++;
    } else if (!strcmp(local, "t") && sp->in_is && !sp->in_rph) {
        sp->in_t = true;
    }
}

static void XMLCALL sheet_chars(void *ud, const XML_Char *s, int n)
{
    sheet_parse *sp = ud;
    if (!(sp->in_v || sp->in_t) || sp->too_long || n <= 0) return;
    if (sp->len + (size_t)n > (size_t)sp->book->lim.max_cell_bytes) { sp->too_long = true; return; }
    if (sp->len + (size_t)n + 1 > sp->cap) {
        size_t cap = sp->cap ? sp->cap : 256;
        while (cap < sp->len + (size_t)n + 1) cap *= 2;
        char *text = realloc(sp->text, cap);
        if (!text) { fail(sp, NULL, "out of memory"); return; }
        sp->text = text;
        sp->cap = cap;
    }
    memcpy(sp->text + sp->len, s, (size_t)n);
    sp->len += (size_t)n;
}

/* A stored number: a date when the cell's format is one, else the machine decimal as is. */
static cell_kind number_cell(sheet_parse *sp, const char *v, char date[64])
{
    char *end;
    double x = strtod(v, &end);
    if (end == v || *end) return CELL_TEXT; /* not a number after all: keep what is there */
    xlsx_book *b = sp->book;
    if (sp->style >= 0 && (size_t)sp->style < b->nxf && b->xf_date[sp->style] &&
        xlsx_serial_to_iso(x, b->date1904, date))
        return CELL_DATE;
    return CELL_NUMBER;
}

/* Kind and text of the finished cell; *text may point into the shared strings. */
static cell_kind classify(sheet_parse *sp, const char **text, size_t *len, char date[64])
{
    const char *t = sp->type;
    sp->text[sp->len] = '\0';
    if (!strcmp(t, "inlineStr") || !strcmp(t, "str")) sp->len = xlsx_unescape(sp->text, sp->len);
    *text = sp->text;
    *len = sp->len;
    if (!strcmp(t, "inlineStr")) return CELL_TEXT;
    if (!sp->has_v || sp->len == 0) return CELL_EMPTY; /* openpyxl writes formulas with an empty <v/> */
    if (!strcmp(t, "s")) {
        char *end;
        unsigned long i = strtoul(sp->text, &end, 10);
        if (end == sp->text || *end || i >= sp->book->sst_count) {
            fail(sp, HINT_RESAVE, "damaged workbook: the cell refers to a shared string that does not exist");
            return CELL_EMPTY;
        }
        *text = sp->book->sst_buf + sp->book->sst_off[i];
        *len = sp->book->sst_len[i];
        return CELL_TEXT;
    }
    if (!strcmp(t, "str")) return CELL_TEXT;
    if (!strcmp(t, "b")) {
        *text = !strcmp(sp->text, "1") ? "TRUE" : !strcmp(sp->text, "0") ? "FALSE" : sp->text;
        *len = strlen(*text);
        return CELL_BOOL;
    }
    if (!strcmp(t, "e")) return CELL_ERROR;
    if (!strcmp(t, "d")) return CELL_DATE;
    cell_kind k = number_cell(sp, sp->text, date);
    if (k == CELL_DATE) { *text = date; *len = strlen(date); }
    return k;
}

static void end_cell(sheet_parse *sp)
{
    sp->in_cell = sp->in_v = sp->in_is = sp->in_t = false;
    sp->in_rph = 0;
    if (sp->failed) return;
    if (!sp->text && !(sp->text = malloc(sp->cap = 256))) { fail(sp, NULL, "out of memory"); return; }
    const char *text;
    size_t len;
    char date[64];
    cell_kind kind = classify(sp, &text, &len, date);
    if (sp->failed) return;
    /* a formula whose result is "" is stored as t="str" with an empty value: that is no problem */
    if (sp->has_f && kind == CELL_EMPTY && (!sp->has_v || !strcmp(sp->type, "n"))) {
        if (sp->formulas_without_value++ == 0) sp->first_formula = cell_loc(sp);
        return;
    }
    if (sp->too_long || len == SIZE_MAX) len = SIZE_MAX; /* reported by gb_add */
    gb_status st = gb_add(&sp->b, sp->row, sp->col, kind, text, len);
    if (st == GB_OK) return;
    char what[160];
    if (st == GB_CELL_TOO_LONG)
        snprintf(what, sizeof what, "cell text is longer than %d bytes", sp->b.limits.max_cell_bytes);
    else if (st == GB_TOO_MANY_ROWS)
        snprintf(what, sizeof what, "the sheet has more than %d rows", sp->b.limits.max_rows);
    else if (st == GB_TOO_MANY_COLS)
        snprintf(what, sizeof what, "the sheet has more than %d columns", sp->b.limits.max_cols);
    else
        snprintf(what, sizeof what, "cannot read the sheet: %s", gb_status_text(st));
    const char *hint = st == GB_TOO_MANY_ROWS ? "remove unused rows, or raise max_rijen under [limieten] in the job"
                       : st == GB_TOO_MANY_COLS ? "remove unused columns, or raise max_kolommen under [limieten] in the job"
                       : "remove unused rows, columns or sheets";
    fail(sp, st == GB_NOMEM ? NULL : hint, what);
}

static void XMLCALL sheet_end(void *ud, const XML_Char *name)
{
    sheet_parse *sp = ud;
    const char *local = xlsx_local(name);
    if (!strcmp(local, "c")) end_cell(sp);
    else if (!strcmp(local, "v")) sp->in_v = false;
    else if (!strcmp(local, "is")) sp->in_is = false;
    else if (!strcmp(local, "t")) sp->in_t = false;
    else if (!strcmp(local, "rPh") && sp->in_rph > 0) sp->in_rph--;
}

grid *xlsx_read_sheet(xlsx_book *book, const xlsx_sheet_ref *sheet, diag_list *d)
{
    sheet_parse sp = { .book = book, .d = d, .sheet = grid_intern(sheet->name), .row = -1, .col = -1 };
    gb_init(&sp.b, &book->lim);
    srcloc loc = { book->path, sp.sheet, 0, 0 };
    diag_list *saved = book->d;
    book->d = d; /* part-level problems belong to this sheet's diagnostics */
    bool ok = xlsx_parse_part(book, sheet->part, &sp.base, sheet_start, sheet_end, sheet_chars, loc, false);
    book->d = saved;
    free(sp.text);
    if (!ok || sp.failed) {
        gb_free(&sp.b);
        return NULL;
    }
    if (sp.formulas_without_value > 0)
        diag_warn(d, sp.first_formula,
                  "open and save the workbook in Excel or LibreOffice so the results are stored",
                  "%d formula cell%s without a stored result %s read as empty", sp.formulas_without_value,
                  sp.formulas_without_value == 1 ? "" : "s", sp.formulas_without_value == 1 ? "is" : "are");
    grid *g = gb_finish(&sp.b, book->path, sheet->name, NULL, 0);
    if (!g) diag_error(d, loc, "remove unused rows, columns or sheets", "cannot read the sheet: table too large");
    return g;
}

/* ---- dates ---- */

/* Days since 1970-01-01 of a civil date (proleptic Gregorian; H. Hinnant's algorithm). */
static long days_from_civil(long y, long m, long d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400;
    long yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static void civil_from_days(long z, long *y, long *m, long *d)
{
    z += 719468;
    long era = (z >= 0 ? z : z - 146096) / 146097;
    long doe = z - era * 146097;
    long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long mp = (5 * doy + 2) / 153;
    *d = doy - (153 * mp + 2) / 5 + 1;
    *m = mp + (mp < 10 ? 3 : -9);
    *y = yoe + era * 400 + (*m <= 2);
}

bool xlsx_serial_to_iso(double serial, bool date1904, char out[64])
{
    if (!(serial >= 0) || serial > 2958466.0) return false; /* also rejects NaN; 2958465 = 9999-12-31 */
    long day = (long)floor(serial);
    long secs = lround((serial - (double)day) * 86400.0);
    if (secs >= 86400) { day++; secs = 0; }
    long y, m, d;
    if (date1904) {
        civil_from_days(days_from_civil(1904, 1, 1) + day, &y, &m, &d);
    } else if (day == 60) {
        y = 1900, m = 2, d = 29; /* the day that does not exist, kept because Lotus 1-2-3 had it */
    } else if (day >= 1) {
        civil_from_days(days_from_civil(1899, 12, day < 60 ? 31 : 30) + day, &y, &m, &d);
    } else {
        return false;
    }
    if (y > 9999) return false;
    if (secs)
        snprintf(out, 64, "%04ld-%02ld-%02ldT%02ld:%02ld:%02ld", y, m, d, secs / 3600, secs / 60 % 60, secs % 60);
    else
        snprintf(out, 64, "%04ld-%02ld-%02ld", y, m, d);
    return true;
}
