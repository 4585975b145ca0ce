/* Grids: cell access, source locations, limits, the builder both readers use, and the choice
 * between the CSV and XLSX reader by file content. Parsing itself lives in read_csv.c and
 * read_xlsx.c. */
#include "grid.h"
#include "grid_build.h"

#include <errno.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const grid_cell *grid_at(const grid *g, int r, int c)
{
    if (!g || r < 0 || c < 0 || r >= g->rows || c >= g->cols) return NULL;
    return &g->cells[(size_t)r * (size_t)g->cols + (size_t)c];
}

const char *grid_text(const grid *g, int r, int c)
{
    const grid_cell *cell = grid_at(g, r, c);
    return cell && cell->text ? cell->text : "";
}

/* ---- interned names for locations ---- */

#define INTERN_BUCKETS 256

typedef struct intern_node {
    struct intern_node *next;
    char text[];
} intern_node;

static intern_node *intern_table[INTERN_BUCKETS];
static pthread_mutex_t intern_lock = PTHREAD_MUTEX_INITIALIZER;

const char *grid_intern(const char *s)
{
    if (!s) return NULL;
    uint32_t h = 2166136261u; /* FNV-1a */
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) h = (h ^ *p) * 16777619u;
    const char *found = NULL;
    pthread_mutex_lock(&intern_lock);
    intern_node **slot = &intern_table[h % INTERN_BUCKETS];
    for (intern_node *n = *slot; n && !found; n = n->next)
        if (!strcmp(n->text, s)) found = n->text;
    if (!found) {
        size_t len = strlen(s);
        intern_node *n = malloc(sizeof *n + len + 1);
        if (n) {
            memcpy(n->text, s, len + 1);
            n->next = *slot;
            *slot = n;
            found = n->text;
        }
    }
    pthread_mutex_unlock(&intern_lock);
    return found ? found : "<input>";
}

srcloc grid_loc(const grid *g, int r, int c)
{
    /* interned, because diagnostics are usually printed after the grid is gone */
    srcloc loc = { g ? grid_intern(g->file) : NULL, g ? grid_intern(g->sheet) : NULL, 0, c + 1 };
    if (!g) return loc;
    if (g->row_line && r >= 0 && r < g->rows) loc.line = g->row_line[r];
    else if (!g->row_line) loc.line = r + 1; /* workbooks: the grid starts at A1 */
    else loc.line = 0;
    return loc;
}

void grid_free(grid *g)
{
    if (!g) return;
    size_t n = (size_t)g->rows * (size_t)g->cols;
    for (size_t i = 0; i < n; i++) free(g->cells[i].text);
    free(g->cells);
    free(g->row_line);
    free(g->file);
    free(g->sheet);
    free(g);
}

grid_limits grid_limits_default(void)
{
    grid_limits l = {
        .max_file_bytes = 64LL * 1024 * 1024, /* budgets are kilobytes; this is generous */
        .max_unpacked = 256LL * 1024 * 1024,
        .max_rows = 1000000,
        .max_cols = 1024,
        .max_cell_bytes = 32767, /* Excel's own limit for a cell */
    };
    return l;
}

/* ---- builder ---- */

void gb_init(grid_builder *b, const grid_limits *limits)
{
    memset(b, 0, sizeof *b);
    b->limits = limits ? *limits : grid_limits_default();
}

void gb_free(grid_builder *b)
{
    for (size_t i = 0; i < b->count; i++) free(b->items[i].text);
    free(b->items);
    memset(b, 0, sizeof *b);
}

static bool is_space_at(const char *s, size_t n, size_t *w)
{
    unsigned char c = (unsigned char)s[0];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') { *w = 1; return true; }
    if (n >= 2 && c == 0xC2 && (unsigned char)s[1] == 0xA0) { *w = 2; return true; }
    return false;
}

/* Trims spaces, line breaks and NBSP from both ends of [*s, *s + *len). */
static void trim_span(const char **s, size_t *len)
{
    size_t w;
    while (*len > 0 && is_space_at(*s, *len, &w)) { *s += w; *len -= w; }
    while (*len > 0) {
        const char *e = *s + *len;
        unsigned char last = (unsigned char)e[-1];
        if (last == ' ' || last == '\t' || last == '\r' || last == '\n') (*len)--;
        else if (*len >= 2 && last == 0xA0 && (unsigned char)e[-2] == 0xC2) *len -= 2;
        else break;
    }
}

/* Line breaks inside a cell become "\n", whatever the file used. */
static void crlf_to_lf(char *s)
{
    char *o = s;
    for (char *p = s; *p; p++) {
        if (p[0] == '\r' && p[1] == '\n') continue;
        *o++ = *p == '\r' ? '\n' : *p;
    }
    *o = '\0';
}

gb_status gb_add(grid_builder *b, int r, int c, cell_kind kind, const char *text, size_t len)
{
    if (r >= b->limits.max_rows) return GB_TOO_MANY_ROWS;
    if (c >= b->limits.max_cols) return GB_TOO_MANY_COLS;
    if (len > (size_t)b->limits.max_cell_bytes) return GB_CELL_TOO_LONG;
    trim_span(&text, &len);
    if (len == 0 || kind == CELL_EMPTY) return GB_OK;
    if (b->count == b->cap) {
        size_t cap = b->cap ? b->cap * 2 : 256;
        gb_entry *items = realloc(b->items, cap * sizeof *items);
        if (!items) return GB_NOMEM;
        b->items = items;
        b->cap = cap;
    }
    b->text_bytes += (long long)len;
    if (b->text_bytes > b->limits.max_unpacked) return GB_TOO_MUCH_TEXT;
    char *copy = malloc(len + 1);
    if (!copy) return GB_NOMEM;
    memcpy(copy, text, len);
    copy[len] = '\0';
    if (memchr(copy, '\r', len)) crlf_to_lf(copy);
    b->items[b->count++] = (gb_entry){ r, c, kind, copy };
    if (r + 1 > b->rows) b->rows = r + 1;
    if (c + 1 > b->cols) b->cols = c + 1;
    if ((long)b->rows * (long)b->cols > GRID_MAX_CELLS) return GB_TOO_MANY_CELLS;
    return GB_OK;
}

grid *gb_finish(grid_builder *b, const char *file, const char *sheet, int *row_line, int nrow_lines)
{
    grid *g = calloc(1, sizeof *g);
    size_t n = (size_t)b->rows * (size_t)b->cols;
    if (!g || (long)n > GRID_MAX_CELLS) goto fail;
    g->cells = calloc(n ? n : 1, sizeof *g->cells);
    g->file = strdup(file ? file : "");
    g->sheet = sheet ? strdup(sheet) : NULL;
    if (!g->cells || !g->file || (sheet && !g->sheet)) goto fail;
    g->rows = b->rows;
    g->cols = b->cols;
    g->locale = NUMLOC_AUTO;
    for (size_t i = 0; i < b->count; i++) {
        gb_entry *e = &b->items[i];
        grid_cell *cell = &g->cells[(size_t)e->r * (size_t)g->cols + (size_t)e->c];
        free(cell->text); /* a later cell at the same place wins */
        cell->kind = e->kind;
        cell->text = e->text;
        e->text = NULL;
    }
    if (row_line && nrow_lines < g->rows) goto fail;
    g->row_line = row_line;
    gb_free(b);
    return g;
fail:
    if (g) {
        g->row_line = NULL;
        free(row_line);
        grid_free(g);
    }
    gb_free(b);
    return NULL;
}

const char *gb_status_text(gb_status s)
{
    switch (s) {
    case GB_OK: return "ok";
    case GB_TOO_MANY_ROWS: return "too many rows";
    case GB_TOO_MANY_COLS: return "too many columns";
    case GB_CELL_TOO_LONG: return "cell text too long";
    case GB_TOO_MANY_CELLS: return "table too large";
    case GB_TOO_MUCH_TEXT: return "too much text in the cells";
    default: return "out of memory";
    }
}

/* ---- choosing a reader ---- */

grid *read_table_file(const char *path, const char *sheet, grid_accept_fn accept, void *ctx,
                      const grid_limits *limits, diag_list *d)
{
    srcloc loc = { grid_intern(path), NULL, 0, 0 };
    FILE *f = fopen(path, "rb");
    if (!f) {
        diag_error(d, loc, NULL, "cannot open: %s", strerror(errno));
        return NULL;
    }
    unsigned char magic[8] = { 0 };
    size_t n = fread(magic, 1, sizeof magic, f);
    fclose(f);
    if (n >= 4 && (memcmp(magic, "PK\x03\x04", 4) == 0 || memcmp(magic, "PK\x05\x06", 4) == 0))
        return read_xlsx(path, sheet, accept, ctx, limits, d);
    if (n >= 8 && memcmp(magic, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0) {
        diag_error(d, loc, "save it in Excel as .xlsx (Excel-werkmap) or as CSV",
                   "this is an old Excel 97-2003 workbook (.xls), which is not supported");
        return NULL;
    }
    return read_csv(path, limits, d);
}
