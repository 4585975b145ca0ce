/* Cleaning and checking of everything that reaches libxlsxwriter. The library trusts its callers
 * (1.1.4 has overflows on over-long names), so nothing unchecked may pass: see xlsx_safe.h. */
#include "xlsx_safe.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Decodes one UTF-8 sequence at p (n bytes left). Returns its length and sets *cp, or 0 when the
 * bytes are not a valid, shortest-form sequence of a scalar value. */
static int utf8_decode(const unsigned char *p, size_t n, unsigned *cp)
{
    if (p[0] < 0x80) { *cp = p[0]; return 1; }
    int len = p[0] >= 0xF0 ? 4 : p[0] >= 0xE0 ? 3 : p[0] >= 0xC0 ? 2 : 0;
    if (!len || p[0] > 0xF4 || (size_t)len > n) return 0;
    unsigned v = p[0] & (0x7F >> len);
    for (int i = 1; i < len; i++) {
        if ((p[i] & 0xC0) != 0x80) return 0;
        v = (v << 6) | (p[i] & 0x3F);
    }
    static const unsigned min[5] = { 0, 0, 0x80, 0x800, 0x10000 };
    if (v < min[len] || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0;
    *cp = v;
    return len;
}

static bool xml_char_ok(unsigned cp)
{
    if (cp < 0x20) return cp == '\t' || cp == '\n';
    return cp != 0xFFFE && cp != 0xFFFF;
}

char *xs_clean_text(const char *text, bool *changed)
{
    const unsigned char *p = (const unsigned char *)(text ? text : "");
    size_t n = strlen((const char *)p);
    char *out = malloc(n * 3 + 1); /* worst case: every byte becomes U+FFFD (3 bytes) */
    if (!out) return NULL;
    size_t o = 0, units = 0;
    bool alt = false;
    while (*p) {
        unsigned cp;
        int len = utf8_decode(p, n, &cp);
        const char *rep = NULL;
        if (!len) { rep = "\xEF\xBF\xBD"; len = 1; cp = 0xFFFD; }
        else if (!xml_char_ok(cp)) { rep = " "; cp = ' '; }
        unsigned need = cp >= 0x10000 ? 2 : 1;
        if (units + need > XS_CELL_MAX) { alt = true; break; }
        units += need;
        if (rep) { memcpy(out + o, rep, strlen(rep)); o += strlen(rep); alt = true; }
        else { memcpy(out + o, p, (size_t)len); o += (size_t)len; }
        p += len;
        n -= (size_t)len;
    }
    out[o] = '\0';
    if (changed) *changed = alt;
    return out;
}

bool xs_valid_sheet_name(const char *name)
{
    if (!name || !*name || name[0] == '\'' || name[strlen(name) - 1] == '\'') return false;
    bool changed = true;
    char *clean = xs_clean_text(name, &changed);
    size_t units = 0;
    for (const char *c = clean; c && *c; c++) units += ((unsigned char)*c & 0xC0) != 0x80;
    free(clean);
    return !changed && units <= XS_SHEET_MAX && !strpbrk(name, "[]:*?/\\");
}

/* True when s reads as an A1 reference (1-3 letters then digits) or an R1C1 one. */
static bool looks_like_ref(const char *s)
{
    size_t i = 0;
    while (isalpha((unsigned char)s[i]) && i < 4) i++;
    if (i >= 1 && i <= 3 && s[i] && strspn(s + i, "0123456789") == strlen(s + i)) return true;
    if (toupper((unsigned char)s[0]) != 'R') return false;
    const char *q = s + 1 + strspn(s + 1, "0123456789");
    if (*q == '\0') return true; /* "R", "R1" */
    if (toupper((unsigned char)*q) != 'C') return false;
    return strspn(q + 1, "0123456789") == strlen(q + 1);
}

bool xs_valid_defined_name(const char *name)
{
    size_t n = name ? strlen(name) : 0;
    if (n == 0 || n > XS_NAME_MAX) return false;
    if (!isalpha((unsigned char)name[0]) && name[0] != '_') return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)name[i];
        if (c >= 0x80 || !(isalnum(c) || c == '_' || c == '.')) return false;
    }
    return !looks_like_ref(name) && strcmp(name, "C") && strcmp(name, "c");
}

void xs_fail(xs_writer *w, const char *what, const char *detail)
{
    if (w->failed) return;
    w->failed = true;
    srcloc loc = { w->path, NULL, 0, 0 };
    diag_error(w->d, loc, NULL, "cannot write the appendix: %s %s", what, diag_quote(detail));
}

static void check(xs_writer *w, lxw_error err, const char *what)
{
    if (err != LXW_NO_ERROR) xs_fail(w, what, lxw_strerror(err));
}

lxw_worksheet *xs_sheet(xs_writer *w, const char *name)
{
    if (w->failed) return NULL;
    if (!xs_valid_sheet_name(name)) { xs_fail(w, "invalid sheet name", name); return NULL; }
    lxw_worksheet *ws = workbook_add_worksheet(w->wb, name);
    if (!ws) xs_fail(w, "cannot add sheet", name);
    return ws;
}

void xs_define(xs_writer *w, const char *name, const char *formula)
{
    if (w->failed) return;
    if (!xs_valid_defined_name(name)) { xs_fail(w, "invalid defined name", name); return; }
    if (strlen(formula) > XS_NAME_MAX) { xs_fail(w, "defined name range too long", name); return; }
    check(w, workbook_define_name(w->wb, name, formula), "defined name");
}

/* True when `s` (NULL allowed) is valid UTF-8 of at most `max` bytes. */
static bool fits(const char *s, size_t max)
{
    if (!s) return true;
    size_t n = strlen(s);
    if (n > max) return false;
    for (size_t i = 0; i < n;) {
        unsigned cp;
        int len = utf8_decode((const unsigned char *)s + i, n - i, &cp);
        if (len <= 0) return false;
        i += (size_t)len;
    }
    return true;
}

void xs_validation(xs_writer *w, lxw_worksheet *ws, int r1, int c1, int r2, int c2, const char *formula,
                   const char *const *values, const char *title, const char *message)
{
    if (w->failed || !ws) return;
    size_t joined = 0, count = 0;
    bool ok = fits(title, 32) && fits(message, 255) && fits(formula, 255) && (formula || values);
    for (const char *const *v = values; ok && !formula && *v; v++, count++) {
        ok = fits(*v, 255);
        joined += strlen(*v) + 1;
    }
    if (!ok || joined > 256 || count > 255) { xs_fail(w, "data validation too long", title ? title : ""); return; }
    lxw_data_validation v = { 0 };
    v.validate = formula ? LXW_VALIDATION_TYPE_LIST_FORMULA : LXW_VALIDATION_TYPE_LIST;
    v.value_formula = (char *)formula;
    v.value_list = (char **)values;
    v.input_title = (char *)title;
    v.input_message = (char *)message;
    v.error_type = LXW_VALIDATION_ERROR_TYPE_WARNING; /* a typed value with a known alias still works */
    check(w, worksheet_data_validation_range(ws, (lxw_row_t)r1, (lxw_col_t)c1, (lxw_row_t)r2, (lxw_col_t)c2, &v),
          "data validation");
}

/* Excel reads "_xHHHH_" in a shared string as an escaped character, so typed text like "_x0041_"
 * would come back as "A". Escaping its underscore ("_x005F_") keeps the text as typed. Returns
 * s itself when nothing needs escaping, else a new string (s is freed); NULL when out of memory. */
static char *escape_ooxml_codes(char *s)
{
    size_t n = 0, len = strlen(s);
    for (const char *p = strstr(s, "_x"); p; p = strstr(p + 1, "_x"))
        n += strspn(p + 2, "0123456789abcdefABCDEF") >= 4 && p[6] == '_';
    if (!n) return s;
    char *out = malloc(len + n * 6 + 1), *o = out;
    for (const char *p = s; out && *p; p++) {
        bool code = p[0] == '_' && p[1] == 'x' && strspn(p + 2, "0123456789abcdefABCDEF") >= 4 && p[6] == '_';
        if (code) { memcpy(o, "_x005F", 6); o += 6; }
        *o++ = *p;
    }
    if (out) *o = '\0';
    free(s);
    return out;
}

void xs_text(xs_writer *w, lxw_worksheet *ws, int row, int col, const char *text, lxw_format *fmt)
{
    if (w->failed || !ws) return;
    if (!text || !*text) {
        check(w, worksheet_write_blank(ws, (lxw_row_t)row, (lxw_col_t)col, fmt), "blank cell");
        return;
    }
    bool changed = false;
    char *clean = xs_clean_text(text, &changed);
    if (clean && (clean = escape_ooxml_codes(clean)) && strlen(clean) > XS_CELL_MAX) {
        char *again = xs_clean_text(clean, NULL); /* the escapes made it too long: cut again */
        free(clean);
        clean = again;
    }
    if (!clean) { xs_fail(w, "out of memory", ""); return; }
    w->cleaned += changed;
    check(w, worksheet_write_string(ws, (lxw_row_t)row, (lxw_col_t)col, clean, fmt), "text cell");
    free(clean);
}

void xs_number(xs_writer *w, lxw_worksheet *ws, int row, int col, double value, lxw_format *fmt)
{
    if (w->failed || !ws) return;
    check(w, worksheet_write_number(ws, (lxw_row_t)row, (lxw_col_t)col, value, fmt), "number cell");
}

void xs_money(xs_writer *w, lxw_worksheet *ws, int row, int col, int64_t cents, lxw_format *fmt)
{
    xs_number(w, ws, row, col, (double)cents / 100.0, fmt);
}

void xs_formula(xs_writer *w, lxw_worksheet *ws, int row, int col, const char *formula,
                double cached, lxw_format *fmt)
{
    if (w->failed || !ws) return;
    check(w, worksheet_write_formula_num(ws, (lxw_row_t)row, (lxw_col_t)col, formula, fmt, cached),
          "formula cell");
}

void xs_money_formula(xs_writer *w, lxw_worksheet *ws, int row, int col, const char *formula,
                      int64_t cents, lxw_format *fmt)
{
    xs_formula(w, ws, row, col, formula, (double)cents / 100.0, fmt);
}

void xs_range_ref(char *buf, size_t size, const char *sheet, int r1, int c1, int r2, int c2)
{
    char a[8], b[8];
    diag_column_letters(c1 + 1, a);
    diag_column_letters(c2 + 1, b);
    bool quote = strpbrk(sheet, " -") != NULL;
    const char *q = quote ? "'" : "";
    if (r1 == r2 && c1 == c2)
        snprintf(buf, size, "=%s%s%s!$%s$%d", q, sheet, q, a, r1 + 1);
    else
        snprintf(buf, size, "=%s%s%s!$%s$%d:$%s$%d", q, sheet, q, a, r1 + 1, b, r2 + 1);
}
