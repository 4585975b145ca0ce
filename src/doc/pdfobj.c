/* Reading, editing and rewriting cairo's PDF output; see pdfobj.h. */
#include "doc/pdfobj.h"
#include "doc/deflatepool.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <libdeflate.h>

/* ---- arena ---- */

void *arena_alloc(pdf_arena *a, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    while (a->cur < a->nblocks && a->used + n > a->sizes[a->cur]) {
        a->cur++;
        a->used = 0;
    }
    if (a->cur >= a->nblocks) {
        size_t size = n > 65536 ? n : 65536;
        a->blocks = g_renew(char *, a->blocks, a->nblocks + 1);
        a->sizes = g_renew(size_t, a->sizes, a->nblocks + 1);
        a->blocks[a->nblocks] = g_malloc(size);
        a->sizes[a->nblocks] = size;
        a->cur = a->nblocks++;
        a->used = 0;
    }
    void *p = a->blocks[a->cur] + a->used;
    a->used += n;
    return p;
}

pdf_mark arena_mark(const pdf_arena *a)
{
    return (pdf_mark){ a->cur, a->used };
}

void arena_release(pdf_arena *a, pdf_mark m)
{
    a->cur = m.cur;
    a->used = m.used;
}

void arena_free(pdf_arena *a)
{
    for (int i = 0; i < a->nblocks; i++) g_free(a->blocks[i]);
    g_free(a->blocks);
    g_free(a->sizes);
    *a = (pdf_arena){ 0 };
}

static char *arena_strndup(pdf_arena *a, const char *s, size_t n)
{
    char *p = arena_alloc(a, n + 1);
    memcpy(p, s, n);
    p[n] = 0;
    return p;
}

/* ---- lexing ---- */

enum { C_REGULAR, C_SPACE, C_DELIM };
static const unsigned char char_class[256] = {
    [0] = C_SPACE, ['\t'] = C_SPACE, ['\n'] = C_SPACE, ['\f'] = C_SPACE, ['\r'] = C_SPACE, [' '] = C_SPACE,
    ['('] = C_DELIM, [')'] = C_DELIM, ['<'] = C_DELIM, ['>'] = C_DELIM, ['['] = C_DELIM, [']'] = C_DELIM,
    ['{'] = C_DELIM, ['}'] = C_DELIM, ['/'] = C_DELIM, ['%'] = C_DELIM,
};

typedef struct lexer {
    const unsigned char *p, *end;
} lexer;

static void skip_space(lexer *L)
{
    while (L->p < L->end) {
        if (char_class[*L->p] == C_SPACE) L->p++;
        else if (*L->p == '%')
            while (L->p < L->end && *L->p != '\n' && *L->p != '\r') L->p++;
        else break;
    }
}

/* A run of regular characters: a number or a keyword. */
static size_t regular_len(const lexer *L)
{
    const unsigned char *q = L->p;
    while (q < L->end && char_class[*q] == C_REGULAR) q++;
    return (size_t)(q - L->p);
}

static bool is_integer(const unsigned char *s, size_t n)
{
    size_t i = (n > 0 && (*s == '+' || *s == '-')) ? 1 : 0;
    if (i == n || n - i > 18) return false;
    for (; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return false;
    return true;
}

/* The value of a number is_integer accepted. This and number_text stand in for strtol and
 * printf, which cost ten times as much for the hundreds of thousands of numbers of a long
 * report. */
static long integer_value(const unsigned char *s, size_t n)
{
    size_t i = (*s == '+' || *s == '-') ? 1 : 0;
    long v = 0;
    for (; i < n; i++) v = v * 10 + (s[i] - '0');
    return *s == '-' ? -v : v;
}

/* Writes `n` in decimal just before `end` (20 characters at most); returns where it starts. */
static char *number_text(char *end, size_t n)
{
    do *--end = (char)('0' + n % 10);
    while ((n /= 10) > 0);
    return end;
}

static void append_number(GString *out, size_t n)
{
    char buf[20], *text = number_text(buf + sizeof buf, n);
    g_string_append_len(out, text, buf + sizeof buf - text);
}

static void append_ref(GString *out, int num)
{
    append_number(out, (size_t)num);
    g_string_append_len(out, " 0 R", 4);
}

static bool keyword_is(const lexer *L, const char *kw)
{
    size_t n = strlen(kw);
    return (size_t)(L->end - L->p) >= n && memcmp(L->p, kw, n) == 0 &&
           (L->p + n == L->end || char_class[L->p[n]] != C_REGULAR);
}

static pval *new_value(pdf_arena *a, pv_kind kind)
{
    pval *v = arena_alloc(a, sizeof *v);
    *v = (pval){ .kind = kind };
    return v;
}

static void push_item(pdf_arena *a, pval *c, pval *item)
{
    int slots = c->kind == PV_DICT ? 2 * c->n : c->n;
    if (slots == c->cap) {
        int cap = c->cap ? 2 * c->cap : 8;
        pval **v = arena_alloc(a, (size_t)cap * sizeof *v);
        if (slots) memcpy(v, c->v, (size_t)slots * sizeof *v);
        c->v = v;
        c->cap = cap;
    }
    c->v[slots] = item;
}

static int skip_marker; /* what parse_value returns when only skipping (no arena) */

/* One value at L->p. With an arena it builds the tree; without one it only checks and skips.
 * NULL on a syntax error. */
static pval *parse_value(lexer *L, pdf_arena *a, int depth)
{
    skip_space(L);
    if (L->p >= L->end || depth > 100) return NULL;
    const unsigned char *start = L->p;
    unsigned char c = *L->p;
    pval *v = NULL;
    if (c == '<' && L->p + 1 < L->end && L->p[1] == '<') {
        L->p += 2;
        if (a) v = new_value(a, PV_DICT);
        for (;;) {
            skip_space(L);
            if (L->p + 1 < L->end && L->p[0] == '>' && L->p[1] == '>') { L->p += 2; break; }
            if (L->p >= L->end || *L->p != '/') return NULL;
            pval *k = parse_value(L, a, depth + 1);
            pval *val = k ? parse_value(L, a, depth + 1) : NULL;
            if (!val) return NULL;
            if (a) {
                push_item(a, v, k);
                v->v[2 * v->n + 1] = val; /* push_item left room: cap is even */
                v->n++;
            }
        }
    } else if (c == '[') {
        L->p++;
        if (a) v = new_value(a, PV_ARRAY);
        for (;;) {
            skip_space(L);
            if (L->p < L->end && *L->p == ']') { L->p++; break; }
            pval *item = parse_value(L, a, depth + 1);
            if (!item) return NULL;
            if (a) {
                push_item(a, v, item);
                v->n++;
            }
        }
    } else if (c == '(') {
        int nest = 0;
        for (; L->p < L->end; L->p++) {
            if (*L->p == '\\') L->p++;
            else if (*L->p == '(') nest++;
            else if (*L->p == ')' && --nest == 0) break;
        }
        if (L->p >= L->end) return NULL;
        L->p++;
        if (a) v = new_value(a, PV_STR);
    } else if (c == '<') {
        const unsigned char *gt = memchr(L->p, '>', (size_t)(L->end - L->p));
        if (!gt) return NULL;
        L->p = gt + 1;
        if (a) v = new_value(a, PV_STR);
    } else if (c == '/') {
        L->p++;
        L->p += regular_len(L);
        if (a) v = new_value(a, PV_NAME);
    } else if (char_class[c] == C_REGULAR) {
        size_t n = regular_len(L);
        if (is_integer(L->p, n)) { /* "12 0 R" is a reference */
            lexer look = { L->p + n, L->end };
            skip_space(&look);
            size_t m = regular_len(&look);
            if (m && is_integer(look.p, m)) {
                const unsigned char *gen = look.p;
                look.p += m;
                skip_space(&look);
                if (keyword_is(&look, "R")) {
                    if (a) {
                        v = new_value(a, PV_REF);
                        v->n = (int)integer_value(start, n);
                    }
                    (void)gen;
                    L->p = look.p + 1;
                    return a ? v : (pval *)&skip_marker;
                }
            }
        }
        pv_kind kind = PV_NUM;
        if (keyword_is(L, "true") || keyword_is(L, "false")) kind = PV_BOOL;
        else if (keyword_is(L, "null")) kind = PV_NULL;
        else if (strchr("+-.0123456789", c) == NULL) return NULL; /* stream, endobj, ...: not a value */
        L->p += n;
        if (a) v = new_value(a, kind);
    } else {
        return NULL;
    }
    if (!a) return (pval *)&skip_marker;
    if (v->kind != PV_DICT && v->kind != PV_ARRAY) {
        v->s = (const char *)start;
        v->len = (size_t)(L->p - start);
    }
    return v;
}

/* ---- values ---- */

bool pv_is_name(const pval *v, const char *name)
{
    return v && v->kind == PV_NAME && v->len == strlen(name) && memcmp(v->s, name, v->len) == 0;
}

pval *pv_get(const pval *dict, const char *key)
{
    if (!dict || dict->kind != PV_DICT) return NULL;
    for (int i = 0; i < dict->n; i++)
        if (pv_is_name(dict->v[2 * i], key)) return dict->v[2 * i + 1];
    return NULL;
}

void pv_set(pdf_arena *a, pval *dict, const char *key, pval *value)
{
    for (int i = 0; i < dict->n; i++)
        if (pv_is_name(dict->v[2 * i], key)) {
            dict->v[2 * i + 1] = value;
            return;
        }
    push_item(a, dict, pv_token(a, PV_NAME, key));
    dict->v[2 * dict->n + 1] = value;
    dict->n++;
}

bool pv_int(const pval *v, long *out)
{
    if (!v || v->kind != PV_NUM || !is_integer((const unsigned char *)v->s, v->len)) return false;
    *out = integer_value((const unsigned char *)v->s, v->len);
    return true;
}

pval *pv_token(pdf_arena *a, pv_kind kind, const char *text)
{
    pval *v = new_value(a, kind);
    v->len = strlen(text);
    v->s = arena_strndup(a, text, v->len);
    return v;
}

pval *pv_ref(pdf_arena *a, int num)
{
    pval *v = new_value(a, PV_REF);
    v->n = num;
    return v;
}

pval *pv_null(pdf_arena *a)
{
    return new_value(a, PV_NULL);
}

/* ASCII as a literal string, anything else as UTF-16BE with a byte-order mark. */
pval *pv_text(pdf_arena *a, const char *utf8)
{
    GString *s = g_string_new(NULL);
    bool ascii = true;
    for (const char *p = utf8; *p; p++)
        if ((unsigned char)*p < 0x20 || (unsigned char)*p >= 0x7F) ascii = false;
    if (ascii) {
        g_string_append_c(s, '(');
        for (const char *p = utf8; *p; p++) {
            if (*p == '(' || *p == ')' || *p == '\\') g_string_append_c(s, '\\');
            g_string_append_c(s, *p);
        }
        g_string_append_c(s, ')');
    } else {
        glong n = 0;
        gunichar2 *u = g_utf8_to_utf16(utf8, -1, NULL, &n, NULL);
        g_string_append(s, "<FEFF");
        for (glong i = 0; u && i < n; i++) g_string_append_printf(s, "%04X", u[i]);
        g_string_append_c(s, '>');
        g_free(u);
    }
    pval *v = new_value(a, PV_STR);
    v->len = s->len;
    v->s = arena_strndup(a, s->str, s->len);
    g_string_free(s, TRUE);
    return v;
}

pval *pv_parse(pdf_arena *a, const char *text)
{
    size_t n = strlen(text);
    text = arena_strndup(a, text, n); /* tokens point into their text, which may be the caller's buffer */
    lexer L = { (const unsigned char *)text, (const unsigned char *)text + n };
    return parse_value(&L, a, 0);
}

static int hex_digit(char c)
{
    return g_ascii_isxdigit(c) ? g_ascii_xdigit_value(c) : -1;
}

bool pv_string_bytes(const pval *v, GString *out)
{
    if (!v || v->kind != PV_STR || v->len < 2) return false;
    const char *p = v->s + 1, *end = v->s + v->len - 1;
    if (v->s[0] == '<') {
        int hi = -1;
        for (; p < end; p++) {
            int d = hex_digit(*p);
            if (d < 0) continue;
            if (hi < 0) hi = d;
            else { g_string_append_c(out, (char)(hi << 4 | d)); hi = -1; }
        }
        if (hi >= 0) g_string_append_c(out, (char)(hi << 4));
        return true;
    }
    for (; p < end; p++) {
        if (*p != '\\') { g_string_append_c(out, *p); continue; }
        if (++p >= end) break;
        const char *esc = strchr("nrtbf", *p);
        if (esc) g_string_append_c(out, "\n\r\t\b\f"[esc - "nrtbf"]);
        else if (*p >= '0' && *p <= '7') {
            int c = 0;
            for (int k = 0; k < 3 && p < end && *p >= '0' && *p <= '7'; k++, p++) c = c * 8 + (*p - '0');
            p--;
            g_string_append_c(out, (char)c);
        } else if (*p != '\n' && *p != '\r') g_string_append_c(out, *p);
    }
    return true;
}

void pv_write(GString *out, const pval *v)
{
    switch (v->kind) {
    case PV_NULL: g_string_append(out, "null"); break;
    case PV_REF: append_ref(out, v->n); break;
    case PV_ARRAY:
        g_string_append_c(out, '[');
        for (int i = 0; i < v->n; i++) {
            if (i) g_string_append_c(out, ' ');
            pv_write(out, v->v[i]);
        }
        g_string_append_c(out, ']');
        break;
    case PV_DICT:
        g_string_append(out, "<<");
        for (int i = 0; i < v->n; i++) {
            pv_write(out, v->v[2 * i]);
            g_string_append_c(out, ' ');
            pv_write(out, v->v[2 * i + 1]);
        }
        g_string_append(out, ">>");
        break;
    default: g_string_append_len(out, v->s, (gssize)v->len); break;
    }
}

/* ---- reading the file ---- */

static bool fail(pdf_file *f, size_t at, const char *what)
{
    snprintf(f->err, sizeof f->err, "%s at byte %zu", what, at);
    return false;
}

static bool read_int(lexer *L, long *out)
{
    skip_space(L);
    size_t n = regular_len(L);
    if (!is_integer(L->p, n)) return false;
    *out = integer_value(L->p, n);
    L->p += n;
    return true;
}

/* "N G obj": the header of object `num` at `off`. */
static bool object_header(pdf_file *f, int num, size_t off, lexer *L)
{
    long n, gen;
    *L = (lexer){ f->data + off, f->data + f->len };
    if (!read_int(L, &n) || !read_int(L, &gen) || n != num) return false;
    skip_space(L);
    if (!keyword_is(L, "obj")) return false;
    L->p += 3;
    return true;
}

static bool read_xref(pdf_file *f)
{
    const unsigned char *tail = f->len > 64 ? f->data + f->len - 64 : f->data;
    const unsigned char *sx = NULL;
    for (const unsigned char *p = tail; p + 9 <= f->data + f->len; p++)
        if (memcmp(p, "startxref", 9) == 0) sx = p;
    long xoff;
    lexer L = { sx ? sx + 9 : f->data, f->data + f->len };
    if (!sx || !read_int(&L, &xoff) || xoff < 0 || (size_t)xoff >= f->len) return fail(f, f->len, "no startxref");
    L = (lexer){ f->data + xoff, f->data + f->len };
    if (!keyword_is(&L, "xref")) return fail(f, (size_t)xoff, "no classic cross-reference table");
    f->xref_off = (size_t)xoff;
    L.p += 4;
    for (;;) {
        skip_space(&L);
        if (keyword_is(&L, "trailer")) break;
        long first, count;
        if (!read_int(&L, &first) || !read_int(&L, &count) || first < 0 || count < 0 || first + count > 8000000)
            return fail(f, (size_t)(L.p - f->data), "bad cross-reference subsection");
        if (first + count > f->n) {
            f->obj = g_renew(pdf_entry, f->obj, first + count);
            memset(f->obj + f->n, 0, (size_t)(first + count - f->n) * sizeof *f->obj);
            f->n = (int)(first + count);
        }
        for (long i = first; i < first + count; i++) {
            long off, gen;
            if (!read_int(&L, &off) || !read_int(&L, &gen)) return fail(f, (size_t)(L.p - f->data), "bad cross-reference entry");
            skip_space(&L);
            if (L.p >= L.end || (*L.p != 'n' && *L.p != 'f')) return fail(f, (size_t)(L.p - f->data), "bad cross-reference entry");
            if (*L.p++ == 'n' && i > 0) {
                if (gen != 0 || off <= 0 || (size_t)off >= f->len) return fail(f, (size_t)(L.p - f->data), "unsupported cross-reference entry");
                f->obj[i].off = (size_t)off;
                f->obj[i].used = true;
            }
        }
    }
    L.p += 7;
    pdf_arena a = { 0 };
    pval *trailer = parse_value(&L, &a, 0);
    long root = 0, info = 0;
    pval *r = pv_get(trailer, "/Root"), *in = pv_get(trailer, "/Info");
    if (r && r->kind == PV_REF) root = r->n;
    if (in && in->kind == PV_REF) info = in->n;
    bool encrypted = pv_get(trailer, "/Encrypt") != NULL;
    arena_free(&a);
    if (root <= 0 || root >= f->n || !f->obj[root].used) return fail(f, (size_t)xoff, "no document catalog");
    if (encrypted) return fail(f, (size_t)xoff, "encrypted file");
    f->root = (int)root;
    f->info = info > 0 && info < f->n && f->obj[info].used ? (int)info : 0;
    return true;
}

/* After the dictionary: "stream" (checked when the file was opened) and one end-of-line. */
static const unsigned char *stream_data_start(const pdf_file *f, const pdf_entry *e)
{
    lexer L = { f->data + e->body_end, f->data + f->len };
    skip_space(&L);
    const unsigned char *p = L.p + 6;
    if (p < L.end && *p == '\r') p++;
    if (p < L.end && *p == '\n') p++;
    return p;
}

/* A stream's extent: its data follows "stream" and an end-of-line, /Length bytes long. */
static bool stream_extent(pdf_file *f, int num, pdf_arena *a)
{
    pdf_entry *e = &f->obj[num];
    pdf_mark m = arena_mark(a);
    lexer L = { f->data + e->body, f->data + e->body_end };
    pval *dict = parse_value(&L, a, 0);
    pval *len = pdf_resolve(f, pv_get(dict, "/Length"), a);
    long n = -1;
    bool ok = pv_int(len, &n) && n >= 0;
    arena_release(a, m);
    if (!ok) return fail(f, e->off, "stream without a usable /Length");
    const unsigned char *p = stream_data_start(f, e), *end = f->data + f->len;
    if ((size_t)(end - p) < (size_t)n) return fail(f, e->off, "stream data runs past the end");
    L = (lexer){ p + n, end };
    skip_space(&L);
    if (!keyword_is(&L, "endstream")) return fail(f, e->off, "no endstream where /Length says");
    L.p += 9;
    skip_space(&L);
    if (!keyword_is(&L, "endobj")) return fail(f, e->off, "no endobj after a stream");
    e->data = (size_t)(p - f->data);
    e->data_len = (size_t)n;
    return true;
}

bool pdf_open(pdf_file *f, const unsigned char *data, size_t len)
{
    *f = (pdf_file){ .data = data, .len = len };
    if (len < 16 || memcmp(data, "%PDF-", 5) != 0) return fail(f, 0, "not a PDF");
    if (!read_xref(f)) return false;
    for (int i = 1; i < f->n; i++) { /* where each value ends, and which objects are streams */
        pdf_entry *e = &f->obj[i];
        if (!e->used) continue;
        lexer L;
        if (!object_header(f, i, e->off, &L)) { /* cairo lists numbers it reserved but never wrote */
            e->used = false;
            continue;
        }
        skip_space(&L);
        e->body = (size_t)(L.p - data);
        if (!parse_value(&L, NULL, 0)) return fail(f, e->body, "syntax error");
        e->body_end = (size_t)(L.p - data);
        skip_space(&L);
        if (keyword_is(&L, "stream")) e->stream = true;
        else if (!keyword_is(&L, "endobj")) return fail(f, e->body_end, "no endobj");
    }
    if (!f->obj[f->root].used) return fail(f, 0, "no document catalog");
    pdf_arena a = { 0 };
    bool ok = true;
    for (int i = 1; ok && i < f->n; i++)
        if (f->obj[i].used && f->obj[i].stream) ok = stream_extent(f, i, &a);
    arena_free(&a);
    return ok;
}

void pdf_close(pdf_file *f)
{
    for (int i = 0; i < f->n; i++) {
        if (f->obj[i].repl) g_string_free(f->obj[i].repl, TRUE);
        if (f->obj[i].repl_data) g_string_free(f->obj[i].repl_data, TRUE);
    }
    g_free(f->obj);
    for (int g = 0; g < f->ngroups; g++) g_array_free(f->groups[g].nums, TRUE);
    g_free(f->groups);
    deflate_pool_free(f->deflater);
    if (f->inflater) libdeflate_free_decompressor(f->inflater);
    *f = (pdf_file){ 0 };
}

pval *pdf_get(pdf_file *f, int num, pdf_arena *a)
{
    if (num <= 0 || num >= f->n || !f->obj[num].used || f->obj[num].freed) return NULL;
    pdf_entry *e = &f->obj[num];
    lexer L = { f->data + e->body, f->data + e->body_end };
    if (e->repl) /* parse the replacement, which outlives the tree */
        L = (lexer){ (const unsigned char *)e->repl->str, (const unsigned char *)e->repl->str + e->repl->len };
    return parse_value(&L, a, 0);
}

pval *pdf_resolve(pdf_file *f, pval *v, pdf_arena *a)
{
    return v && v->kind == PV_REF ? pdf_get(f, v->n, a) : v;
}

pval *pdf_stream(pdf_file *f, int num, pdf_arena *a, const unsigned char **data, size_t *len)
{
    if (num <= 0 || num >= f->n || !f->obj[num].stream || f->obj[num].repl) return NULL;
    const pdf_entry *e = &f->obj[num];
    *data = f->data + e->data;
    *len = e->data_len;
    return pdf_get(f, num, a);
}

static void set_replacement(GString **slot, const char *data, size_t len)
{
    if (*slot) g_string_truncate(*slot, 0);
    else *slot = g_string_sized_new(len);
    g_string_append_len(*slot, data, (gssize)len);
}

/* `value` written out as object num's replacement value (for a stream, its dictionary); written
 * elsewhere first, since it may have been parsed from the replacement it replaces. */
static void replace_value(pdf_file *f, int num, const pval *value)
{
    GString *text = g_string_new(NULL);
    pv_write(text, value);
    set_replacement(&f->obj[num].repl, text->str, text->len);
    g_string_free(text, TRUE);
}

void pdf_replace(pdf_file *f, int num, const pval *value)
{
    if (num <= 0 || num >= f->n || f->obj[num].stream) return;
    replace_value(f, num, value);
}

void pdf_replace_stream(pdf_file *f, int num, const pval *dict, const void *data, size_t len)
{
    if (num <= 0 || num >= f->n || !f->obj[num].stream) return;
    replace_value(f, num, dict);
    set_replacement(&f->obj[num].repl_data, data, len);
    f->obj[num].repl_deflating = false;
}

static deflate_pool *deflater(pdf_file *f)
{
    if (!f->deflater) f->deflater = deflate_pool_new(f->helper_thread);
    return f->deflater;
}

void pdf_replace_stream_deflated(pdf_file *f, int num, pdf_arena *a, pval *dict, GString *plain)
{
    if (num <= 0 || num >= f->n || !f->obj[num].stream) {
        g_string_free(plain, TRUE);
        return;
    }
    pdf_entry *e = &f->obj[num];
    pv_set(a, dict, "/Length", pv_token(a, PV_NUM, "0")); /* for now, so that it keeps its place */
    pv_set(a, dict, "/Filter", pv_token(a, PV_NAME, "/FlateDecode"));
    replace_value(f, num, dict);
    if (e->repl_data) g_string_free(e->repl_data, TRUE);
    e->repl_data = NULL;
    e->repl_deflating = true;
    e->repl_job = deflate_pool_add(deflater(f), plain);
}

/* The streams of pdf_replace_stream_deflated get their compressed data, once the pool is done,
 * and the /Length of it. */
static void finish_deflated_streams(pdf_file *f)
{
    pdf_arena a = { 0 };
    for (int num = 1; num < f->n; num++) {
        pdf_entry *e = &f->obj[num];
        if (!e->repl_deflating || e->freed) continue;
        e->repl_data = deflate_pool_take(f->deflater, e->repl_job);
        e->repl_deflating = false;
        pdf_mark m = arena_mark(&a);
        pval *dict = pdf_get(f, num, &a);
        char len_text[24];
        snprintf(len_text, sizeof len_text, "%zu", e->repl_data->len);
        pv_set(&a, dict, "/Length", pv_token(&a, PV_NUM, len_text));
        replace_value(f, num, dict);
        arena_release(&a, m);
    }
    arena_free(&a);
}

int pdf_add(pdf_file *f, const pval *value)
{
    int num = f->n++;
    f->obj = g_renew(pdf_entry, f->obj, f->n);
    f->obj[num] = (pdf_entry){ .used = true };
    replace_value(f, num, value);
    return num;
}

int pdf_add_stream(pdf_file *f, const pval *dict, const void *data, size_t len)
{
    int num = f->n++;
    f->obj = g_renew(pdf_entry, f->obj, f->n);
    f->obj[num] = (pdf_entry){ .used = true, .stream = true };
    pdf_replace_stream(f, num, dict, data, len);
    return num;
}

void pdf_free_object(pdf_file *f, int num)
{
    if (num > 0 && num < f->n) f->obj[num].freed = true;
}

int pdf_group_new(pdf_file *f)
{
    f->groups = g_renew(pdf_group, f->groups, f->ngroups + 1);
    f->groups[f->ngroups] = (pdf_group){ .nums = g_array_new(FALSE, FALSE, sizeof(int)) };
    return f->ngroups++;
}

void pdf_group_add(pdf_file *f, int group, int num)
{
    if (group >= 0 && group < f->ngroups) g_array_append_val(f->groups[group].nums, num);
}

/* ---- Flate (zlib format), with libdeflate: whole buffers in memory, which is all the
 * post-processor needs ---- */

char *pdf_inflate(pdf_file *f, const void *data, size_t len, size_t *out_len)
{
    if (!f->inflater) f->inflater = libdeflate_alloc_decompressor();
    size_t cap = len * 4 + 4096;
    for (;;) {
        char *buf = g_malloc(cap);
        enum libdeflate_result rc = libdeflate_zlib_decompress(f->inflater, data, len, buf, cap, out_len);
        if (rc == LIBDEFLATE_SUCCESS) return buf;
        g_free(buf);
        if (rc != LIBDEFLATE_INSUFFICIENT_SPACE || cap > ((size_t)1 << 31)) return NULL;
        cap *= 4;
    }
}

/* ---- writing ---- */

/* Larger object streams compress better; readers inflate one whole stream to reach an object,
 * and a few hundred small objects are a few tens of kilobytes. */
enum { OBJECTS_PER_STREAM = 400 };

typedef struct writer {
    pdf_file *f;
    GString *out;
    int *renum;          /* old object number -> new one, 0 when not written */
    int *old;            /* new object number -> old one */
    guint32 *field2;     /* per new number: offset, or the object stream holding it */
    guint16 *field3;     /* per new number: index in its object stream */
    unsigned char *type; /* per new number: 1 in the file, 2 in an object stream */
    GArray *packed;      /* the object streams, their data being compressed */
} writer;

/* An object stream, its data handed to the deflate pool. */
typedef struct packed_stream {
    int num, job;
    char dict[128];      /* its dictionary but for /Filter and /Length */
} packed_stream;

void pdf_append_renumbered(GString *out, const char *text, size_t len, const int *renum, int nrenum)
{
    const unsigned char *p = (const unsigned char *)text, *end = p + len;
    bool space = false;
    lexer L = { p, end };
    for (;;) {
        const unsigned char *before = L.p;
        skip_space(&L);
        if (L.p != before) space = true;
        if (L.p >= L.end) break;
        unsigned char c = *L.p;
        const unsigned char *from = L.p;
        char num[24];
        const char *tok = NULL;
        size_t tok_len = 0;
        if (c == '(' || (c == '<' && L.p + 1 < L.end && L.p[1] != '<')) { /* a string, verbatim */
            if (!parse_value(&L, NULL, 0)) L.p = L.end;
        } else if (c == '/') {
            L.p++;
            L.p += regular_len(&L);
        } else if (char_class[c] == C_REGULAR) {
            size_t n = regular_len(&L);
            lexer look = L;
            pval *ref = is_integer(L.p, n) ? parse_value(&look, NULL, 0) : NULL;
            if (ref && look.p - L.p > (ptrdiff_t)n) { /* "12 0 R" */
                long old = integer_value(L.p, n);
                int to = old > 0 && old < nrenum ? renum[old] : 0;
                if (to) {
                    memcpy(num + sizeof num - 4, " 0 R", 4);
                    tok = number_text(num + sizeof num - 4, (size_t)to);
                    tok_len = (size_t)(num + sizeof num - tok);
                } else {
                    tok = "null";
                    tok_len = 4;
                }
                L.p = look.p;
            } else {
                L.p += n;
            }
        } else {
            L.p += (c == '<' || c == '>') && L.p + 1 < L.end && L.p[1] == c ? 2 : 1;
        }
        if (!tok) {
            tok = (const char *)from;
            tok_len = (size_t)(L.p - from);
        }
        if (space && out->len && char_class[(unsigned char)out->str[out->len - 1]] == C_REGULAR &&
            char_class[(unsigned char)tok[0]] == C_REGULAR)
            g_string_append_c(out, ' ');
        space = false;
        g_string_append_len(out, tok, (gssize)tok_len);
    }
}

static void append_value(const writer *w, GString *out, const pdf_entry *e)
{
    if (e->repl) pdf_append_renumbered(out, e->repl->str, e->repl->len, w->renum, w->f->n);
    else pdf_append_renumbered(out, (const char *)w->f->data + e->body, e->body_end - e->body, w->renum, w->f->n);
}


static void begin_object(writer *w, int num)
{
    w->type[num] = 1;
    w->field2[num] = (guint32)w->out->len;
    append_number(w->out, (size_t)num);
    g_string_append(w->out, " 0 obj\n");
}

static void end_stream_object(writer *w, const char *data, size_t len)
{
    g_string_append(w->out, "\nstream\n");
    g_string_append_len(w->out, data, (gssize)len);
    g_string_append(w->out, "\nendstream\nendobj\n");
}

static void write_deflated_stream(writer *w, int num, const char *dict_start, const GString *z)
{
    begin_object(w, num);
    g_string_append_printf(w->out, "<<%s /Filter /FlateDecode /Length %zu>>", dict_start, z->len);
    end_stream_object(w, z->str, z->len);
}

/* Hands an object stream's data (taken over) to the deflate pool; write_packed_streams writes
 * the stream when every one is compressed. */
static void pack_stream(writer *w, int num, const char *dict_start, GString *data)
{
    packed_stream s = { .num = num, .job = deflate_pool_add(deflater(w->f), data) };
    g_strlcpy(s.dict, dict_start, sizeof s.dict);
    g_array_append_val(w->packed, s);
}

static void write_packed_streams(writer *w)
{
    for (guint k = 0; k < w->packed->len; k++) {
        const packed_stream *s = &g_array_index(w->packed, packed_stream, k);
        GString *z = deflate_pool_take(w->f->deflater, s->job);
        write_deflated_stream(w, s->num, s->dict, z);
        g_string_free(z, TRUE);
    }
}

/* Rows of `columns` bytes as the PNG "Up" predictor codes them: each behind the tag byte 2, as
 * its difference from the row above (the first one from zeros). Rows that differ from the one
 * above in a byte or two become almost all zeros, which Flate compresses to almost nothing. */
static void png_up(GString *out, const unsigned char *rows, size_t len, size_t columns)
{
    g_string_set_size(out, len + len / columns);
    unsigned char *to = (unsigned char *)out->str;
    for (size_t r = 0; r < len; r += columns, to += columns) {
        *to++ = 2;
        if (r == 0) memcpy(to, rows, columns);
        else
            for (size_t c = 0; c < columns; c++) to[c] = (unsigned char)(rows[r + c] - rows[r - columns + c]);
    }
}

static int digits(size_t n)
{
    int d = 1;
    while (n >= 10) n /= 10, d++;
    return d;
}

/* `n` right-aligned in `width` characters. */
static void append_aligned(GString *out, size_t n, int width)
{
    for (int pad = width - digits(n); pad > 0; pad--) g_string_append_c(out, ' ');
    append_number(out, n);
}

/* Spaces up to the end of the row. */
static void pad_row(GString *out, size_t width)
{
    size_t at = out->len, pad = (width - at % width) % width;
    g_string_set_size(out, at + pad);
    memset(out->str + at, ' ', pad);
}

static int compare_sizes(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* The usual object stream: the header's pairs, then the objects, one a line. */
static void pack_plain_stream(writer *w, int first, int count, int stm, GString *body)
{
    GString *head = g_string_new(NULL);
    g_string_truncate(body, 0);
    for (int k = 0; k < count; k++) {
        append_number(head, (size_t)(first + k));
        g_string_append_c(head, ' ');
        append_number(head, body->len);
        g_string_append_c(head, ' ');
        append_value(w, body, &w->f->obj[w->old[first + k]]);
        g_string_append_c(body, '\n');
    }
    char dict[96];
    snprintf(dict, sizeof dict, "/Type /ObjStm /N %d /First %zu", count, head->len);
    g_string_append_len(head, body->str, (gssize)body->len);
    pack_stream(w, stm, dict, head);
}

/* An object stream for objects alike in all but a few digits, like structure elements, laid
 * out in rows of equal width behind the PNG "Up" predictor, so that each object goes into
 * Flate as its difference from the one above. Every object starts a row and is padded with
 * spaces (a long one runs on over more rows); the header's pairs are padded to equal widths,
 * several to a row. The width is that of the longest object at most twice as long as the
 * median one, so that one long alternative text does not widen every row. */
static void pack_rows_stream(writer *w, int first, int count, int stm, GString *raw, GString *objs)
{
    g_string_truncate(objs, 0);
    size_t *end = g_new(size_t, count + 1), *len = g_new(size_t, count);
    end[0] = 0; /* object k is objs[end[k] .. end[k + 1]) */
    for (int k = 0; k < count; k++) {
        append_value(w, objs, &w->f->obj[w->old[first + k]]);
        end[k + 1] = objs->len;
        len[k] = end[k + 1] - end[k];
    }
    qsort(len, (size_t)count, sizeof *len, compare_sizes);
    size_t width = 0;
    for (int k = 0; k < count && len[k] <= 2 * len[count / 2]; k++) width = len[k] + 1;
    int num_width = digits((size_t)(first + count - 1)), offset_width;
    for (;;) { /* object k takes (its length) / width + 1 rows: at least one space after it */
        size_t last_row = 0;
        for (int k = 0; k < count - 1; k++) last_row += (end[k + 1] - end[k]) / width + 1;
        offset_width = digits(last_row * width);
        if ((size_t)(num_width + offset_width + 2) <= width) break;
        width = (size_t)(num_width + offset_width + 2); /* a header pair must fit a row */
    }
    size_t per_row = width / (size_t)(num_width + offset_width + 2);
    g_string_truncate(raw, 0);
    for (int k = 0, row = 0; k < count; k++) {
        if ((size_t)k % per_row == 0) pad_row(raw, width);
        append_aligned(raw, (size_t)(first + k), num_width);
        g_string_append_c(raw, ' ');
        append_aligned(raw, (size_t)row * width, offset_width);
        g_string_append_c(raw, ' ');
        row += (int)((end[k + 1] - end[k]) / width + 1);
    }
    pad_row(raw, width);
    size_t head_len = raw->len;
    for (int k = 0; k < count; k++) {
        g_string_append_len(raw, objs->str + end[k], (gssize)(end[k + 1] - end[k]));
        g_string_append_c(raw, ' ');
        pad_row(raw, width);
    }
    GString *coded = g_string_new(NULL);
    png_up(coded, (const unsigned char *)raw->str, raw->len, width);
    char dict[128];
    snprintf(dict, sizeof dict, "/Type /ObjStm /N %d /First %zu /DecodeParms << /Columns %zu /Predictor 12 >>", count,
             head_len, width);
    pack_stream(w, stm, dict, coded);
    g_free(end);
    g_free(len);
}

/* Packs the objects numbered first .. last-1 (all non-stream) into object streams numbered
 * from `stm`, in rows or not. Returns the number after the last object stream. */
static int pack_object_streams(writer *w, int first, int last, int stm, bool in_rows)
{
    GString *a = g_string_new(NULL), *b = g_string_new(NULL);
    for (int num = first; num < last; num += OBJECTS_PER_STREAM, stm++) {
        int count = MIN(last - num, OBJECTS_PER_STREAM);
        for (int k = 0; k < count; k++) {
            w->type[num + k] = 2;
            w->field2[num + k] = (guint32)stm;
            w->field3[num + k] = (guint16)k;
        }
        if (in_rows) pack_rows_stream(w, num, count, stm, a, b);
        else pack_plain_stream(w, num, count, stm, a);
    }
    g_string_free(a, TRUE);
    g_string_free(b, TRUE);
    return stm;
}

static void write_stream(writer *w, const pdf_entry *e, int num)
{
    begin_object(w, num);
    append_value(w, w->out, e);
    if (e->repl_data) {
        end_stream_object(w, e->repl_data->str, e->repl_data->len);
    } else {
        end_stream_object(w, (const char *)w->f->data + e->data, e->data_len);
    }
}

/* The cross-reference stream, each field as wide as its largest value needs. */
static void write_xref(writer *w, int size)
{
    guint32 max2 = 0, max3 = 0;
    for (int i = 0; i < size; i++) {
        if (w->field2[i] > max2) max2 = w->field2[i];
        if (w->field3[i] > max3) max3 = w->field3[i];
    }
    int w2 = 1, w3 = 1;
    while (w2 < 4 && (max2 >> (8 * w2))) w2++;
    while (w3 < 2 && (max3 >> (8 * w3))) w3++;
    /* a row per object: consecutive rows differ in a byte or two */
    int cols = 1 + w2 + w3;
    GString *rows = g_string_sized_new((gsize)size * (gsize)cols), *table = g_string_new(NULL);
    for (int i = 0; i < size; i++) {
        g_string_append_c(rows, (char)w->type[i]);
        for (int b = w2 - 1; b >= 0; b--) g_string_append_c(rows, (char)(w->field2[i] >> (8 * b)));
        for (int b = w3 - 1; b >= 0; b--) g_string_append_c(rows, (char)(w->field3[i] >> (8 * b)));
    }
    png_up(table, (const unsigned char *)rows->str, rows->len, (size_t)cols);
    g_string_free(rows, TRUE);
    /* the /ID: a digest of everything before it, so equal content gives an equal file */
    gchar *md5 = g_compute_checksum_for_data(G_CHECKSUM_MD5, (const guchar *)w->out->str, w->out->len);
    GString *d = g_string_new(NULL);
    g_string_append_printf(d, "/Type /XRef /Size %d /W [1 %d %d] /DecodeParms << /Columns %d /Predictor 12 >> /Root %d 0 R",
                           size, w2, w3, cols, w->renum[w->f->root]);
    if (w->f->info && w->renum[w->f->info]) g_string_append_printf(d, " /Info %d 0 R", w->renum[w->f->info]);
    g_string_append_printf(d, " /ID [<%s><%s>]", md5, md5);
    size_t xref_off = w->out->len;
    GString *z = deflate_pool_now(deflater(w->f), table->str, table->len);
    write_deflated_stream(w, size - 1, d->str, z);
    g_string_free(z, TRUE);
    g_string_append_printf(w->out, "startxref\n%zu\n%%%%EOF\n", xref_off);
    g_string_free(d, TRUE);
    g_string_free(table, TRUE);
    g_free(md5);
}

static bool in_object_stream(const pdf_file *f, int num)
{
    return num > 0 && num < f->n && f->obj[num].used && !f->obj[num].freed && !f->obj[num].stream;
}

static int object_streams_for(int objects)
{
    return (objects + OBJECTS_PER_STREAM - 1) / OBJECTS_PER_STREAM;
}

GString *pdf_write(pdf_file *f)
{
    /* New numbers: the groups' objects, then the other objects for object streams in their old
     * order, then the streams, then the object streams and the cross-reference stream.
     * Consecutive numbers in the same object stream make the cross-reference stream almost
     * free. */
    writer w = { .f = f, .renum = g_new0(int, f->n + 1), .old = g_new0(int, f->n + 1) };
    int *group_end = g_new(int, f->ngroups + 1);
    int next = 1, object_streams = 0;
    for (int g = 0; g <= f->ngroups; g++) {
        int start = next;
        if (g < f->ngroups) {
            const GArray *nums = f->groups[g].nums;
            for (guint k = 0; k < nums->len; k++) {
                int num = g_array_index(nums, int, k);
                if (in_object_stream(f, num) && !w.renum[num]) w.old[next] = num, w.renum[num] = next++;
            }
        } else {
            for (int i = 1; i < f->n; i++)
                if (in_object_stream(f, i) && !w.renum[i]) w.old[next] = i, w.renum[i] = next++;
        }
        group_end[g] = next;
        object_streams += object_streams_for(next - start);
    }
    int plain_end = next;
    for (int i = 1; i < f->n; i++)
        if (f->obj[i].used && !f->obj[i].freed && f->obj[i].stream) w.renum[i] = next++;
    int streams_end = next;
    int size = streams_end + object_streams + 1;
    w.field2 = g_new0(guint32, size);
    w.field3 = g_new0(guint16, size);
    w.type = g_new0(unsigned char, size);
    w.field3[0] = 65535;
    w.out = g_string_sized_new(f->len / 2 + 4096);
    g_string_append(w.out, "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
    /* The offsets in the cross-reference stream depend on every compressed size: first all the
     * data is compressed (page contents may still be under way on the pool's helper thread,
     * which the object streams join as they are made), then everything is written in order. */
    w.packed = g_array_new(FALSE, FALSE, sizeof(packed_stream));
    for (int g = 0, first = 1, stm = streams_end; g <= f->ngroups; first = group_end[g++])
        stm = pack_object_streams(&w, first, group_end[g], stm, g < f->ngroups);
    deflate_pool_wait(deflater(f));
    finish_deflated_streams(f);
    write_packed_streams(&w);
    for (int i = 1; i < f->n; i++)
        if (w.renum[i] >= plain_end) write_stream(&w, &f->obj[i], w.renum[i]);
    write_xref(&w, size);
    g_array_free(w.packed, TRUE);
    g_free(group_end);
    g_free(w.renum);
    g_free(w.old);
    g_free(w.field2);
    g_free(w.field3);
    g_free(w.type);
    return w.out;
}
