/* The workbook-wide parts a sheet needs: the shared strings (plain and rich text, without the
 * phonetic runs) and, from the styles, which cell formats show dates. */
#include "read_xlsx_int.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define MAX_SHARED_STRINGS (4L * 1024 * 1024)
#define MAX_CELL_FORMATS 65536
#define MAX_CUSTOM_FORMATS 1024

/* ---- string escapes ---- */

static int hex_value(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/* Writes code point cp (BMP, not a surrogate) as UTF-8; returns the number of bytes. */
static size_t put_utf8(char *out, unsigned cp)
{
    if (cp < 0x80) { out[0] = (char)cp; return 1; }
    if (cp < 0x800) { out[0] = (char)(0xC0 | cp >> 6); out[1] = (char)(0x80 | (cp & 0x3F)); return 2; }
    out[0] = (char)(0xE0 | cp >> 12);
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
}

size_t xlsx_unescape(char *text, size_t len)
{
    if (!memchr(text, '_', len)) return len;
    size_t o = 0;
    for (size_t i = 0; i < len;) {
        unsigned cp = 0;
        bool esc = i + 7 <= len && text[i] == '_' && text[i + 1] == 'x' && text[i + 6] == '_';
        for (int k = 2; esc && k < 6; k++) {
            int h = hex_value(text[i + k]);
            if (h < 0) esc = false;
            cp = cp * 16 + (unsigned)(h < 0 ? 0 : h);
        }
        if (esc && cp != 0 && (cp < 0xD800 || cp > 0xDFFF)) {
            o += put_utf8(text + o, cp);
            i += 7;
        } else {
            text[o++] = text[i++];
        }
    }
    text[o] = '\0';
    return o;
}

/* ---- shared strings ---- */

typedef struct sst_parse {
    xml_base base;
    xlsx_book *book;
    bool in_si, in_t, too_long, failed;
    int in_rph; /* phonetic runs (<rPh>) are reading aids, not part of the text */
    size_t start, len;
} sst_parse;

static bool sst_reserve(xlsx_book *b, size_t extra)
{
    if (b->sst_used + extra + 1 <= b->sst_cap) return true;
    size_t cap = b->sst_cap ? b->sst_cap : 65536;
    while (cap < b->sst_used + extra + 1) cap *= 2;
    char *buf = realloc(b->sst_buf, cap);
    if (!buf) return false;
    b->sst_buf = buf;
    b->sst_cap = cap;
    return true;
}

static void stop(sst_parse *sp, const char *why)
{
    sp->failed = true;
    sp->base.refusal = why;
    XML_StopParser(sp->base.xp, XML_FALSE);
}

/* Ends one <si>: NUL-terminates its text and records where it is. */
static void sst_push(sst_parse *sp)
{
    xlsx_book *b = sp->book;
    if (b->sst_count >= (size_t)MAX_SHARED_STRINGS) { stop(sp, "has too many shared strings"); return; }
    if (b->sst_count == b->sst_slots) {
        size_t slots = b->sst_slots ? b->sst_slots * 2 : 1024;
        size_t *off = realloc(b->sst_off, slots * sizeof *off);
        if (off) b->sst_off = off;
        size_t *len = off ? realloc(b->sst_len, slots * sizeof *len) : NULL;
        if (!off || !len) { stop(sp, "needs more memory than is available"); return; }
        b->sst_len = len;
        b->sst_slots = slots;
    }
    if (!sst_reserve(b, 0)) { stop(sp, "needs more memory than is available"); return; }
    if (!sp->too_long) {
        sp->len = xlsx_unescape(b->sst_buf + sp->start, sp->len);
        b->sst_used = sp->start + sp->len;
    }
    b->sst_buf[b->sst_used++] = '\0';
    b->sst_off[b->sst_count] = sp->start;
    b->sst_len[b->sst_count] = sp->too_long ? SIZE_MAX : sp->len;
    b->sst_count++;
}

static void XMLCALL sst_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
    (void)attrs;
    sst_parse *sp = ud;
    const char *local = xlsx_local(name);
    if (!strcmp(local, "si")) {
        sp->in_si = true;
        sp->start = sp->book->sst_used;
        sp->len = 0;
        sp->too_long = false;
    } else if (!strcmp(local, "rPh")) {
        sp->in_rph++;
    } else if (!strcmp(local, "t") && sp->in_si && !sp->in_rph) {
        sp->in_t = true;
    }
}

static void XMLCALL sst_end(void *ud, const XML_Char *name)
{
    sst_parse *sp = ud;
    const char *local = xlsx_local(name);
    if (!strcmp(local, "si") && sp->in_si) { sst_push(sp); sp->in_si = false; }
    else if (!strcmp(local, "rPh") && sp->in_rph > 0) sp->in_rph--;
    else if (!strcmp(local, "t")) sp->in_t = false;
}

static void XMLCALL sst_chars(void *ud, const XML_Char *s, int n)
{
    sst_parse *sp = ud;
    if (!sp->in_t || sp->too_long || n <= 0) return;
    if (sp->len + (size_t)n > (size_t)sp->book->lim.max_cell_bytes) { sp->too_long = true; return; }
    if (!sst_reserve(sp->book, (size_t)n)) { stop(sp, "needs more memory than is available"); return; }
    memcpy(sp->book->sst_buf + sp->book->sst_used, s, (size_t)n);
    sp->book->sst_used += (size_t)n;
    sp->len += (size_t)n;
}

bool xlsx_read_shared_strings(xlsx_book *book)
{
    srcloc loc = { book->path, NULL, 0, 0 };
    sst_parse sp = { .book = book };
    const char *part = book->sst_part ? book->sst_part : "xl/sharedStrings.xml";
    return xlsx_parse_part(book, part, &sp.base, sst_start, sst_end, sst_chars, loc, true) && !sp.failed;
}

/* ---- styles: which formats are dates ---- */

/* Built-in number formats that show a date or time (ECMA-376 18.8.30, plus the East Asian ones). */
static bool builtin_date(long id)
{
    return (id >= 14 && id <= 22) || (id >= 45 && id <= 47) || (id >= 27 && id <= 36) || (id >= 50 && id <= 58);
}

/* True when a custom format code shows a date: it has d or y, or m without h or s (which would
 * make it minutes), outside quoted text, escapes and [bracketed] parts such as [$€-413] or [Red]. */
static bool format_is_date(const char *code)
{
    bool date = false, month = false, time = false;
    for (const char *p = code; *p; p++) {
        if (*p == '"') { p = strchr(p + 1, '"'); if (!p) break; continue; }
        if (*p == '\\' || *p == '_' || *p == '*') { if (!*++p) break; continue; }
        if (*p == '[') { p = strchr(p, ']'); if (!p) break; continue; }
        if (!strncasecmp(p, "general", 7)) { p += 6; continue; }
        char c = (char)tolower((unsigned char)*p);
        if (c == 'd' || c == 'y') date = true;
        else if (c == 'm') month = true;
        else if (c == 'h' || c == 's') time = true;
    }
    return date || (month && !time);
}

typedef struct styles_parse {
    xml_base base;
    xlsx_book *book;
    bool in_cellxfs, failed;
    long custom_dates[MAX_CUSTOM_FORMATS];
    int ncustom;
} styles_parse;

static void XMLCALL styles_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
    styles_parse *sp = ud;
    const char *local = xlsx_local(name);
    if (!strcmp(local, "numFmt")) {
        const char *id = xlsx_attr(attrs, "numFmtId"), *code = xlsx_attr(attrs, "formatCode");
        if (id && code && format_is_date(code) && sp->ncustom < MAX_CUSTOM_FORMATS)
            sp->custom_dates[sp->ncustom++] = strtol(id, NULL, 10);
    } else if (!strcmp(local, "cellXfs")) {
        sp->in_cellxfs = true;
    } else if (!strcmp(local, "xf") && sp->in_cellxfs) {
        xlsx_book *b = sp->book;
        if (b->nxf >= MAX_CELL_FORMATS) return;
        unsigned char *xf = realloc(b->xf_date, b->nxf + 1);
        if (!xf) { sp->failed = true; XML_StopParser(sp->base.xp, XML_FALSE); return; }
        b->xf_date = xf;
        const char *id = xlsx_attr(attrs, "numFmtId");
        long fmt = id ? strtol(id, NULL, 10) : 0;
        bool is_date = builtin_date(fmt);
        for (int i = 0; i < sp->ncustom && !is_date; i++) is_date = sp->custom_dates[i] == fmt;
        b->xf_date[b->nxf++] = is_date;
    }
}

static void XMLCALL styles_end(void *ud, const XML_Char *name)
{
    styles_parse *sp = ud;
    if (!strcmp(xlsx_local(name), "cellXfs")) sp->in_cellxfs = false;
}

bool xlsx_read_styles(xlsx_book *book)
{
    srcloc loc = { book->path, NULL, 0, 0 };
    styles_parse *sp = calloc(1, sizeof *sp);
    if (!sp) return false;
    sp->book = book;
    const char *part = book->styles_part ? book->styles_part : "xl/styles.xml";
    bool ok = xlsx_parse_part(book, part, &sp->base, styles_start, styles_end, NULL, loc, true) && !sp->failed;
    free(sp);
    return ok;
}
