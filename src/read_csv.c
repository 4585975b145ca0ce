/* CSV reader on libcsv: decodes the file to UTF-8 (UTF-8 with or without BOM, UTF-16 with BOM,
 * or Windows-1252 as Dutch Excel writes it), sniffs the delimiter, and records the physical line
 * of every row so diagnostics can point into the file. It knows nothing about budgets. */
#include "grid.h"
#include "grid_build.h"

#include <csv.h>
#include <errno.h>
#include <iconv.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define SNIFF_LINES 50
#define HINT_SAVE_CSV "save the sheet in Excel as \"CSV UTF-8\" or \"CSV (puntkomma-gescheiden)\""

/* libcsv's parser state while inside a field (csv.h exposes the struct, not the constants). */
#define LIBCSV_FIELD_BEGUN 2

/* Line and byte column (1-based) of offset `off` in buf. */
static void offset_position(const char *buf, size_t off, int *line, int *col)
{
    int l = 1;
    size_t line_start = 0;
    for (size_t i = 0; i < off; i++)
        if (buf[i] == '\n') { l++; line_start = i + 1; }
    *line = l;
    *col = (int)(off - line_start) + 1;
}

/* Reads the whole file, refusing files over the size limit. Returns a NUL-terminated buffer. */
static char *slurp(const char *path, long long max_bytes, size_t *len, diag_list *d)
{
    srcloc loc = { grid_intern(path), NULL, 0, 0 };
    FILE *f = fopen(path, "rb");
    if (!f) {
        diag_error(d, loc, NULL, "cannot open: %s", strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
        diag_error(d, loc, NULL, "not a regular file");
        fclose(f);
        return NULL;
    }
    if (st.st_size > max_bytes) {
        diag_error(d, loc, "split the file, or raise max_bestand_mb under [limieten] in the job",
                   "file is too large (%lld bytes; the limit is %lld)", (long long)st.st_size, max_bytes);
        fclose(f);
        return NULL;
    }
    size_t n = (size_t)st.st_size;
    char *buf = malloc(n + 1);
    size_t got = buf ? fread(buf, 1, n, f) : 0;
    fclose(f);
    if (!buf || got != n) {
        diag_error(d, loc, NULL, "cannot read the file");
        free(buf);
        return NULL;
    }
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Offset of the first byte that does not start a valid UTF-8 sequence (no overlongs, surrogates
 * or code points above U+10FFFF), or n when all is valid. */
static size_t utf8_invalid_at(const unsigned char *s, size_t n)
{
    size_t i = 0;
    while (i < n) {
        unsigned char c = s[i];
        size_t need;
        uint32_t cp;
        if (c < 0x80) { i++; continue; }
        else if (c >= 0xC2 && c <= 0xDF) { need = 1; cp = c & 0x1F; }
        else if (c >= 0xE0 && c <= 0xEF) { need = 2; cp = c & 0x0F; }
        else if (c >= 0xF0 && c <= 0xF4) { need = 3; cp = c & 0x07; }
        else return i;
        if (i + need >= n) return i;
        for (size_t k = 1; k <= need; k++) {
            if ((s[i + k] & 0xC0) != 0x80) return i;
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((need == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (need == 3 && (cp < 0x10000 || cp > 0x10FFFF)))
            return i;
        i += need + 1;
    }
    return n;
}

/* Converts n bytes from `from` to UTF-8. On an invalid sequence returns NULL and sets *bad to its
 * offset in the input. */
static char *to_utf8(const char *from, const char *in, size_t n, size_t *outlen, size_t *bad)
{
    iconv_t cd = iconv_open("UTF-8", from);
    *bad = (size_t)-1;
    if (cd == (iconv_t)-1) return NULL;
    size_t cap = n * 3 + 4;
    char *out = malloc(cap);
    char *ip = (char *)in, *op = out;
    size_t il = n, ol = cap - 1;
    if (out && iconv(cd, &ip, &il, &op, &ol) == (size_t)-1) {
        *bad = (size_t)(ip - in);
        free(out);
        out = NULL;
    }
    iconv_close(cd);
    if (!out) return NULL;
    *op = '\0';
    *outlen = (size_t)(op - out);
    return out;
}

/* True when the bytes hold at least one valid multi-byte UTF-8 sequence: then invalid bytes are
 * Windows-1252 characters pasted into a UTF-8 file, not a Windows-1252 file. */
static bool has_utf8_multibyte(const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        size_t at = utf8_invalid_at(s + i, n - i);
        for (size_t k = 0; k < at; k++)
            if (s[i + k] >= 0x80) return true;
        i += at; /* skip the invalid byte */
    }
    return false;
}

/* UTF-8 text with the invalid bytes read one by one as Windows-1252 (U+FFFD where that has no
 * character). Returns a malloc'ed string or NULL when out of memory. */
static char *decode_mixed(const char *s, size_t n, size_t *len)
{
    char *out = malloc(n * 3 + 1), *o = out; /* a Windows-1252 byte becomes at most 3 bytes */
    for (size_t i = 0; out && i < n;) {
        size_t at = utf8_invalid_at((const unsigned char *)s + i, n - i);
        memcpy(o, s + i, at);
        o += at;
        i += at;
        if (i >= n) break;
        size_t one, bad;
        char *c = to_utf8("WINDOWS-1252", s + i, 1, &one, &bad);
        const char *add = c ? c : "\xEF\xBF\xBD";
        size_t k = strlen(add);
        memcpy(o, add, k);
        o += k;
        free(c);
        i++;
    }
    if (!out) return NULL;
    *o = '\0';
    *len = (size_t)(o - out);
    return out;
}

/* Decodes raw file bytes into UTF-8 text. Takes ownership of raw; returns a new or the same buffer,
 * or NULL after a located diagnostic. */
static char *decode(const char *path, char *raw, size_t n, size_t *len, diag_list *d)
{
    const unsigned char *u = (const unsigned char *)raw;
    srcloc loc = { grid_intern(path), NULL, 0, 0 };
    size_t bad;
    if (n >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF))) {
        char *text = to_utf8(u[0] == 0xFF ? "UTF-16LE" : "UTF-16BE", raw + 2, n - 2, len, &bad);
        if (!text) diag_error(d, loc, HINT_SAVE_CSV, "the file is marked as UTF-16 but is not valid UTF-16");
        free(raw);
        return text;
    }
    size_t skip = (n >= 3 && memcmp(raw, "\xEF\xBB\xBF", 3) == 0) ? 3 : 0;
    const char *nul = memchr(raw, '\0', n);
    if (nul) {
        offset_position(raw, (size_t)(nul - raw), &loc.line, &loc.col);
        diag_error(d, loc, HINT_SAVE_CSV, "the file contains NUL bytes: this is not a text (CSV) file");
        free(raw);
        return NULL;
    }
    size_t at = utf8_invalid_at(u + skip, n - skip);
    if (at == n - skip) {
        memmove(raw, raw + skip, n - skip + 1);
        *len = n - skip;
        return raw;
    }
    if (has_utf8_multibyte(u + skip, n - skip)) {
        char *mixed = decode_mixed(raw + skip, n - skip, len);
        offset_position(raw, skip + at, &loc.line, &loc.col);
        diag_warn(d, loc, "save the file as \"CSV UTF-8\" to be sure every character is read as intended",
                  "byte 0x%02X is not UTF-8 in a UTF-8 file; read as Windows-1252", (unsigned)u[skip + at]);
        free(raw);
        return mixed;
    }
    /* Not UTF-8: Dutch Excel writes Windows-1252, where 0x80 is the euro sign. */
    char *text = to_utf8("WINDOWS-1252", raw + skip, n - skip, len, &bad);
    if (!text) {
        size_t off = skip + (bad == (size_t)-1 ? at : bad);
        offset_position(raw, off, &loc.line, &loc.col);
        diag_error(d, loc, HINT_SAVE_CSV, "byte 0x%02X is neither UTF-8 nor Windows-1252 text",
                   (unsigned)u[off]);
    } else {
        int col;
        offset_position(raw, skip + at, &loc.line, &col); /* the first non-UTF-8 line is enough */
        diag_note(d, loc, NULL, "file is not UTF-8; read as Windows-1252");
    }
    free(raw);
    return text;
}

/* Picks the delimiter: the candidate whose per-line count (outside quotes) is the same, and not
 * zero, on the most of the first lines; ties go to the larger count, then to ';' before tab
 * before ','. */
static char sniff_delimiter(const char *s, size_t n)
{
    static const char cand[3] = { ';', '\t', ',' };
    int counts[SNIFF_LINES][3] = { { 0 } };
    int lines = 0, in_quotes = 0, content = 0;
    for (size_t i = 0; i < n && lines < SNIFF_LINES; i++) {
        char c = s[i];
        if (c == '"') in_quotes = !in_quotes;
        if (in_quotes) continue;
        if (c == '\n') { lines += content; content = 0; continue; }
        if (c != '\r' && c != ' ') content = 1;
        for (int k = 0; k < 3; k++) counts[lines][k] += c == cand[k];
    }
    if (content && lines < SNIFF_LINES) lines++;
    char best = ';';
    int best_freq = 0, best_count = 0;
    for (int k = 0; k < 3; k++) {
        for (int a = 0; a < lines; a++) {
            int v = counts[a][k], freq = 0;
            if (v == 0) continue;
            for (int b = 0; b < lines; b++) freq += counts[b][k] == v;
            if (freq > best_freq || (freq == best_freq && v > best_count)) {
                best = cand[k];
                best_freq = freq;
                best_count = v;
            }
        }
    }
    return best;
}

typedef struct csv_reader {
    grid_builder b;
    const char *path;
    diag_list *d;
    int row, col;     /* grid position of the next field */
    int line;         /* physical line being fed to the parser */
    bool row_open;    /* a record has begun and not yet ended */
    int *row_line;
    int nrow_line, cap_row_line;
    bool failed;
} csv_reader;

static void report_limit(csv_reader *rd, gb_status st)
{
    srcloc loc = { rd->path, NULL, rd->row_open ? rd->row_line[rd->row] : rd->line, rd->col + 1 };
    rd->failed = true;
    if (st == GB_CELL_TOO_LONG)
        diag_error(rd->d, loc, "check for a missing closing quote (\") before this field",
                   "field is longer than %d bytes", rd->b.limits.max_cell_bytes);
    else if (st == GB_TOO_MANY_ROWS)
        diag_error(rd->d, loc, "remove unused rows, or raise max_rijen under [limieten] in the job",
                   "too many rows (the limit is %d)", rd->b.limits.max_rows);
    else if (st == GB_TOO_MANY_COLS)
        diag_error(rd->d, loc, "check that the delimiter is ';', ',' or tab; the limit is max_kolommen under [limieten]",
                   "too many columns (the limit is %d)", rd->b.limits.max_cols);
    else
        diag_error(rd->d, loc, NULL, "cannot read the table: %s", gb_status_text(st));
}

static void on_field(void *field, size_t len, void *data)
{
    csv_reader *rd = data;
    if (rd->failed) return;
    gb_status st = gb_add(&rd->b, rd->row, rd->col, CELL_TEXT, field ? field : "", field ? len : 0);
    if (st != GB_OK) report_limit(rd, st);
    rd->col++;
}

static void on_record(int c, void *data)
{
    (void)c;
    csv_reader *rd = data;
    rd->row++;
    rd->col = 0;
    rd->row_open = false;
}

/* Notes that a record starts on the current line, remembering that line for the row. */
static bool open_row(csv_reader *rd)
{
    if (rd->row + 1 > rd->cap_row_line) {
        int cap = rd->cap_row_line ? rd->cap_row_line * 2 : 1024;
        int *lines = realloc(rd->row_line, (size_t)cap * sizeof *lines);
        if (!lines) return false;
        rd->row_line = lines;
        rd->cap_row_line = cap;
    }
    rd->row_line[rd->row] = rd->line;
    rd->nrow_line = rd->row + 1;
    rd->row_open = true;
    return true;
}

static bool line_blank(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n') return false;
    return true;
}

/* Feeds the text to libcsv one physical line at a time, so the callbacks know the line. */
static void parse_lines(csv_reader *rd, struct csv_parser *p, const char *text, size_t n)
{
    size_t pos = 0;
    rd->line = 1;
    while (pos < n && !rd->failed) {
        const char *nl = memchr(text + pos, '\n', n - pos);
        size_t end = nl ? (size_t)(nl - text) + 1 : n;
        /* libcsv skips blank lines between records, so only a non-blank line opens a row */
        if (!rd->row_open && !line_blank(text + pos, end - pos) && !open_row(rd)) {
            report_limit(rd, GB_NOMEM);
            break;
        }
        if (csv_parse(p, text + pos, end - pos, on_field, on_record, rd) != end - pos) {
            report_limit(rd, GB_NOMEM);
            break;
        }
        pos = end;
        rd->line++;
    }
}

grid *read_csv(const char *path, const grid_limits *limits, diag_list *d)
{
    grid_limits lim = limits ? *limits : grid_limits_default();
    size_t n = 0;
    char *raw = slurp(path, lim.max_file_bytes, &n, d);
    char *text = raw ? decode(path, raw, n, &n, d) : NULL;
    if (!text) return NULL;

    csv_reader rd = { .path = grid_intern(path), .d = d };
    gb_init(&rd.b, &lim);
    struct csv_parser p;
    if (csv_init(&p, CSV_APPEND_NULL) != 0) {
        free(text);
        return NULL;
    }
    if (!memchr(text, '\n', n)) /* old Mac files end lines with CR only; count them as lines */
        for (char *cr = memchr(text, '\r', n); cr; cr = memchr(cr + 1, '\r', n - (size_t)(cr + 1 - text)))
            *cr = '\n';
    csv_set_delim(&p, (unsigned char)sniff_delimiter(text, n));
    csv_set_blk_size(&p, 64 * 1024); /* libcsv grows fields linearly; 128-byte steps are quadratic on long fields */
    parse_lines(&rd, &p, text, n);
    if (!rd.failed && p.quoted && p.pstate == LIBCSV_FIELD_BEGUN) {
        srcloc loc = { rd.path, NULL, rd.row_line[rd.row], rd.col + 1 };
        diag_error(d, loc, "a quoted field must end with \"; write a quote inside a field as \"\"",
                   "quoted field is not closed before the end of the file");
        rd.failed = true;
    }
    if (!rd.failed) csv_fini(&p, on_field, on_record, &rd);
    csv_free(&p);
    free(text);
    if (rd.failed) {
        free(rd.row_line);
        gb_free(&rd.b);
        return NULL;
    }
    grid *g = gb_finish(&rd.b, path, NULL, rd.row_line, rd.nrow_line);
    srcloc file_loc = { rd.path, NULL, 0, 0 };
    if (!g) diag_error(d, file_loc, NULL, "cannot read the table: too large");
    return g;
}
