/* Tables: column widths from content (measured once per document), a header repeated on every
 * page with "(vervolg)" in the caption, at least two rows after any break, rows split (between
 * lines) only when taller than a page, zebra or ruled styles, and right-aligned amounts in
 * tabular figures. */
#include "doc/doc_internal.h"

#include <math.h>
#include <string.h>

#define PADX 4.5
#define PADY 2.6

static int row_cells(const doc_table *t, int i);
static double tsize(const rctx *r) { return r->L->font_size * 0.9; }
static double indent_step(const rctx *r) { return r->L->font_size * 1.1; }
static double swatch_size(const rctx *r) { return r->L->font_size * 0.75; }

static text_style cell_style(const rctx *r, const doc_table *t, int col, doc_row_style rs, bool head)
{
    text_style st = text_body(r);
    st.size = tsize(r);
    st.justify = false;
    st.line_height = 1.0;
    const doc_col *c = &t->cols[col];
    if (c->numeric && !head) { st.family = r->L->font_numbers; st.tnum = true; }
    st.align = c->align == DOC_ALIGN_RIGHT ? PANGO_ALIGN_RIGHT : c->align == DOC_ALIGN_CENTER ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT;
    if (head || rs == DOC_ROW_TOTAL || rs == DOC_ROW_GROUP) st.weight = PANGO_WEIGHT_BOLD;
    else if (rs == DOC_ROW_SUBTOTAL) st.weight = PANGO_WEIGHT_SEMIBOLD;
    return st;
}

/* Extra room before the first cell's text: indentation and the colour swatch. */
static double lead_in(const rctx *r, const tbl_row *row)
{
    return row->o.indent * indent_step(r) + (row->o.swatch ? swatch_size(r) + 4 : 0);
}

/* Width of the longest word (by characters) of an unwrapped layout, read from the glyph
 * positions already shaped rather than by shaping the word again. */
static double longest_word(PangoLayout *l)
{
    const char *text = pango_layout_get_text(l);
    size_t start, len;
    if (!text_longest_word(text, &start, &len)) return 0;
    PangoRectangle a, b;
    pango_layout_index_to_pos(l, (int)start, &a);
    pango_layout_index_to_pos(l, (int)(g_utf8_prev_char(text + start + len) - text), &b); /* the last character */
    return (double)(b.x + b.width - a.x) / PANGO_SCALE;
}

/* Cells of a column with the same text and row style are shaped, hyphenated and broken alike
 * (activity tables repeat their subtheme names down hundreds of rows), so each is done once per
 * render (per thread) and its lines are shared: the memo maps a cell key to a shaped_cell. */
typedef struct shaped_cell {
    text_lines *tl;
    char *text; /* the cell's markup as set: hyphenated when it wraps */
} shaped_cell;

static void shaped_cell_free(gpointer p)
{
    shaped_cell *sc = p;
    text_lines_free(sc->tl);
    g_free(sc->text);
    g_free(sc);
}

GHashTable *table_memo_new(void)
{
    return g_hash_table_new_full(g_str_hash, g_str_equal, g_free, shaped_cell_free);
}

static char *memo_key(int c, doc_row_style rs, int wpu, const char *text)
{
    return g_strdup_printf("%d:%d:%d:%s", c, (int)rs, wpu, text);
}

/* Takes ownership of `key`; keeps a reference to tl and a copy of text. */
static void memo_put(GHashTable *memo, char *key, text_lines *tl, const char *text)
{
    shaped_cell *sc = g_new(shaped_cell, 1);
    sc->tl = text_lines_ref(tl);
    sc->text = g_strdup(text);
    g_hash_table_insert(memo, key, sc);
}

/* Whether a body cell is plain text (not a group title), shaped unwrapped by shape_plain. */
static bool plain_cell(const doc_table *t, int cell)
{
    const tbl_row *row = &t->rows[cell / t->ncols];
    return !row->o.markup && (row->o.style != DOC_ROW_GROUP || cell % t->ncols);
}

/* Task (cellpool.c): plain text shaped unwrapped, for measuring and, where it fits (numbers
 * always), for drawing. NULL in t->lines when wrap.c leaves the text to a layout. */
static text_lines *shape_plain(rctx *r, doc_table *t, int cell, GHashTable *memo)
{
    int c = cell % t->ncols;
    const tbl_row *row = &t->rows[cell / t->ncols];
    char *key = memo_key(c, row->o.style, 0, row->cells[c]);
    shaped_cell *sc = g_hash_table_lookup(memo, key);
    if (sc) {
        g_free(key);
        t->lines[cell] = text_lines_ref(sc->tl);
        return NULL;
    }
    text_style st = cell_style(r, t, c, row->o.style, false);
    text_lines *tl = t->lines[cell] = text_lines_single(r, row->cells[c], &st);
    if (tl) memo_put(memo, key, tl, row->cells[c]);
    else g_free(key);
    return tl;
}

/* Records a cell's unwrapped size and widens its column's minimum and natural widths. Short
 * text is not wrapped unless the table cannot fit otherwise, so its minimum is its width. */
static void measure_cell(rctx *r, doc_table *t, int cell, int c, const char *m, const text_style *st, double extra,
                         double *minw, double *maxw)
{
    const text_lines *tl = cell >= 0 ? t->lines[cell] : NULL; /* shaped already */
    if (tl) {
        double nat = text_lines_width(tl) + extra + 2 * PADX;
        double mn = t->cols[c].numeric || nat < 6 * r->L->font_size ? nat : text_lines_longest_word(tl) + extra + 2 * PADX;
        t->nat_w[cell] = (float)(text_lines_width(tl) + extra);
        t->nat_h[cell] = (float)text_lines_height(tl);
        if (nat > maxw[c]) maxw[c] = nat;
        if (mn > minw[c]) minw[c] = mn;
        return;
    }
    PangoLayout *l = text_layout(r, m, st, 0);
    double nat = text_width(l) + extra + 2 * PADX;
    double mn = t->cols[c].numeric || nat < 6 * r->L->font_size ? nat : longest_word(l) + extra + 2 * PADX;
    if (cell >= 0) {
        t->nat_w[cell] = (float)(text_width(l) + extra);
        t->nat_h[cell] = (float)text_height(l);
    }
    if (nat > maxw[c]) maxw[c] = nat;
    if (mn > minw[c]) minw[c] = mn;
    g_object_unref(l);
}

/* A table narrower than the text width grows its text columns (or all, when none). */
static void grow_text_columns(const rctx *r, doc_table *t)
{
    double sum = 0;
    int ntext = 0;
    for (int c = 0; c < t->ncols; c++) {
        sum += t->colw[c];
        ntext += !t->cols[c].numeric;
    }
    if (sum >= r->width) return;
    for (int c = 0; c < t->ncols; c++)
        if (!t->cols[c].numeric || !ntext) t->colw[c] += (r->width - sum) / (ntext ? ntext : t->ncols);
}

/* Auto table layout: numeric columns get their natural width; text columns share the rest by
 * water-filling (a column that wants less than an equal share gets what it wants, the others
 * split what is left), never below their longest word unless the table cannot fit at all. */
static void distribute(const rctx *r, doc_table *t, const double *minw, const double *maxw)
{
    double left = r->width, summin = 0;
    int open = 0;
    bool *done = g_new0(bool, t->ncols);
    for (int c = 0; c < t->ncols; c++) {
        summin += minw[c];
        if (t->cols[c].numeric || t->cols[c].width > 0) {
            t->colw[c] = maxw[c];
            left -= maxw[c];
            done[c] = true;
        } else {
            open++;
        }
    }
    for (bool changed = true; changed && open > 0;) {
        changed = false;
        for (int c = 0; c < t->ncols; c++)
            if (!done[c] && maxw[c] <= left / open) {
                t->colw[c] = maxw[c];
                left -= maxw[c];
                done[c] = true;
                open--;
                changed = true;
            }
    }
    double want = 0, floor = 0;
    for (int c = 0; c < t->ncols; c++)
        if (!done[c]) { want += maxw[c]; floor += minw[c]; }
    for (int c = 0; c < t->ncols; c++) {
        if (done[c]) continue;
        if (floor <= left) t->colw[c] = minw[c] + (left - floor) * (maxw[c] - minw[c]) / (want - floor > 0 ? want - floor : 1);
        else t->colw[c] = minw[c] * (left > 0 ? left : 0) / floor;
    }
    grow_text_columns(r, t);
    if (summin > r->width) /* cannot fit: squeeze everything proportionally */
        for (int c = 0; c < t->ncols; c++) t->colw[c] = minw[c] * r->width / summin;
    g_free(done);
}

static double cell_height(rctx *r, const doc_table *t, int c, const char *m, const text_style *st, double w)
{
    PangoLayout *l = text_layout(r, m, st, t->cols[c].numeric ? 0 : w);
    double h = text_height(l);
    g_object_unref(l);
    return h;
}

/* The width a cell's text is set in, and whether its unwrapped text fits there. */
static double text_room(const rctx *r, const doc_table *t, const tbl_row *row, int c)
{
    return (row->o.style == DOC_ROW_GROUP ? r->width : t->colw[c]) - 2 * PADX - (c ? 0 : lead_in(r, row));
}

static bool cell_fits(const rctx *r, const doc_table *t, int cell)
{
    const tbl_row *row = &t->rows[cell / t->ncols];
    int c = cell % t->ncols;
    return row->o.style != DOC_ROW_GROUP && t->nat_w[cell] <= text_room(r, t, row, c) + 0.01 + (c ? 0 : lead_in(r, row));
}

/* Whether a cell is plain text that does not fit its column: wrap_text breaks it. */
static bool plain_wrapping(const rctx *r, const doc_table *t, int cell)
{
    const tbl_row *row = &t->rows[cell / t->ncols];
    return !row->o.markup && row->o.style != DOC_ROW_GROUP && !t->cols[cell % t->ncols].numeric && !cell_fits(r, t, cell);
}

/* Task (cellpool.c): plain text that does not fit gets its soft hyphens (the first time its
 * column width is known), is shaped unwrapped and broken into lines by wrap.c as a layout would
 * break it; the lines are kept for drawing. */
static text_lines *wrap_text(rctx *r, doc_table *t, int cell, GHashTable *memo)
{
    int c = cell % t->ncols;
    tbl_row *row = &t->rows[cell / t->ncols];
    double w = text_room(r, t, row, c);
    char *key = memo_key(c, row->o.style, (int)(w * PANGO_SCALE), row->cells[c]);
    shaped_cell *sc = g_hash_table_lookup(memo, key);
    if (sc) {
        g_free(key);
        g_free(row->cells[c]);
        row->cells[c] = g_strdup(sc->text);
        text_lines_free(t->lines[cell]);
        t->lines[cell] = text_lines_ref(sc->tl);
        return NULL;
    }
    char *hyphenated = text_hyphenate(row->cells[c], t->owner->lang);
    g_free(row->cells[c]);
    row->cells[c] = hyphenated;
    text_lines_free(t->lines[cell]); /* its unwrapped shape */
    text_style st = cell_style(r, t, c, row->o.style, false);
    PangoLayout *l = text_layout(r, hyphenated, &st, 0);
    text_lines *tl = t->lines[cell] = text_lines_wrap(r, l, w);
    g_object_unref(l);
    if (tl) memo_put(memo, key, tl, hyphenated);
    else g_free(key);
    return tl;
}

/* A row's height. Text that wraps has been broken by wrap_text, or (markup, a group title, text
 * wrap.c does not break) gets its soft hyphens and a layout here. */
static double row_height(rctx *r, doc_table *t, int i)
{
    tbl_row *row = &t->rows[i];
    double h = 0;
    int n = row->o.style == DOC_ROW_GROUP ? 1 : t->ncols;
    for (int c = 0; c < n; c++) {
        int cell = i * t->ncols + c;
        double ch;
        if (cell_fits(r, t, cell)) {
            ch = t->nat_h[cell];
        } else if (t->lines[cell] && (t->cols[c].numeric || text_lines_width_pu(t->lines[cell]))) {
            /* a number (never wrapped) or text broken by wrap_text */
            ch = text_lines_height(t->lines[cell]);
        } else {
            if (!t->cols[c].numeric) {
                text_lines_free(t->lines[cell]); /* its unwrapped shape */
                t->lines[cell] = NULL;
                char *hyphenated = text_hyphenate(row->cells[c], t->owner->lang);
                g_free(row->cells[c]);
                row->cells[c] = hyphenated;
            }
            text_style st = cell_style(r, t, c, row->o.style, false);
            ch = cell_height(r, t, c, row->cells[c], &st, text_room(r, t, row, c));
        }
        if (ch > h) h = ch;
    }
    return h + 2 * PADY;
}

static PangoLayout *caption_layout(rctx *r, const doc_table *t, bool cont)
{
    text_style st = text_body(r);
    st.size *= 0.9;
    st.justify = false;
    char *m = g_strdup_printf("<b>%s %d.</b> %s%s%s", doc_word(r, "Tabel", "Table"), t->number,
                              t->caption ? t->caption : "", cont ? " " : "",
                              cont ? doc_word(r, "(vervolg)", "(continued)") : "");
    PangoLayout *l = text_layout(r, m, &st, r->width);
    g_free(m);
    return l;
}

/* Collects a table's minimum and natural column widths into minw/maxw (maximum over calls),
 * recording each cell's unwrapped size on the way. Plain text is shaped by a cell pool; the
 * rest gets layouts here. */
static void measure_widths(rctx *r, doc_table *t, double *minw, double *maxw)
{
    size_t ncells = (size_t)t->nrows * t->ncols;
    t->nat_w = g_new0(float, ncells);
    t->nat_h = g_new0(float, ncells);
    t->lines = g_new0(text_lines *, ncells);
    if (!t->shaped) t->shaped = table_memo_new();
    int *plain = g_new(int, ncells + 1), n = 0;
    for (int cell = 0; cell < (int)ncells; cell++)
        if (plain_cell(t, cell)) plain[n++] = cell;
    cell_pool_finish(cell_pool_start(r, t, plain, n, shape_plain), t->shaped);
    for (int c = 0; c < t->ncols; c++) {
        text_style st = cell_style(r, t, c, DOC_ROW_NORMAL, true);
        measure_cell(r, t, -1, c, t->cols[c].header, &st, 0, minw, maxw);
    }
    for (int i = 0; i < t->nrows; i++) {
        const tbl_row *row = &t->rows[i];
        for (int c = row->o.style == DOC_ROW_GROUP ? 1 : 0; c < t->ncols; c++) {
            text_style st = cell_style(r, t, c, row->o.style, false);
            measure_cell(r, t, i * t->ncols + c, c, row->cells[c], &st, c ? 0 : lead_in(r, row), minw, maxw);
        }
    }
}

static bool same_group(const doc_table *a, const doc_table *b)
{
    return a == b || (a->group && b->group && a->ncols == b->ncols && strcmp(a->group, b->group) == 0);
}

/* Column widths for `t` and every table of its width group, so that tables with the same
 * columns line up down the pages. */
static void group_widths(rctx *r, doc_table *t)
{
    double *minw = g_new0(double, t->ncols), *maxw = g_new0(double, t->ncols);
    for (int i = 0; i < r->d->n; i++) {
        doc_table *u = r->d->blocks[i].table;
        if (r->d->blocks[i].kind == B_TABLE && u != t && same_group(t, u) && !u->colw) measure_widths(r, u, minw, maxw);
    }
    measure_widths(r, t, minw, maxw);
    for (int c = 0; c < t->ncols; c++) {
        if (t->cols[c].width > 0) minw[c] = maxw[c] = t->cols[c].width;
        if (minw[c] > 0.3 * r->width && !t->cols[c].numeric) minw[c] = 0.3 * r->width; /* hyphenate instead */
        if (maxw[c] < minw[c]) maxw[c] = minw[c];
    }
    t->colw = g_new0(double, t->ncols);
    distribute(r, t, minw, maxw);
    for (int i = 0; i < r->d->n; i++) {
        doc_table *u = r->d->blocks[i].table;
        if (r->d->blocks[i].kind == B_TABLE && u != t && same_group(t, u) && !u->colw)
            u->colw = g_memdup2(t->colw, sizeof(double) * (size_t)t->ncols);
    }
    g_free(minw);
    g_free(maxw);
}

void table_drop_lines(doc_table *t)
{
    for (size_t i = 0; t->lines && i < (size_t)t->nrows * t->ncols; i++) text_lines_free(t->lines[i]);
    g_free(t->lines);
    t->lines = NULL;
    if (t->shaped) g_hash_table_destroy(t->shaped);
    t->shaped = NULL;
}

/* The sizes that come from shaping the cells: column widths (with the table's width group),
 * lines of text that wraps, row heights. Nothing of it is kept for drawing but the cells' own
 * lines, so it may be done on the helper thread (cellpool.c). */
void table_measure_cells(rctx *r, doc_table *t)
{
    if (!t->colw) group_widths(r, t);
    size_t ncells = (size_t)t->nrows * t->ncols;
    int *wrapping = g_new(int, ncells + 1), n = 0;
    for (int cell = 0; cell < (int)ncells; cell++)
        if (plain_wrapping(r, t, cell)) wrapping[n++] = cell;
    cell_pool_finish(cell_pool_start(r, t, wrapping, n, wrap_text), t->shaped);
    t->row_h = g_new0(double, t->nrows);
    for (int i = 0; i < t->nrows; i++) t->row_h[i] = row_height(r, t, i);
    /* the caption "(vervolg)" is drawn only when the table breaks, so measuring it needs no
     * layout kept for drawing */
    PangoLayout *cc = caption_layout(r, t, true);
    t->cont_caption_h = text_height(cc) + 0.35 * r->L->font_size;
    g_object_unref(cc);
    /* the memo has served (the cells hold their lines); it goes on the thread that made it */
    if (t->shaped) g_hash_table_destroy(t->shaped);
    t->shaped = NULL;
}

/* The text a table is drawn from layouts (header, cells without lines of their own, caption,
 * note), measured on the thread that draws, so that the drawing pass finds the layouts kept. */
static void measure_layouts(rctx *r, doc_table *t)
{
    t->header_h = 0;
    for (int c = 0; c < t->ncols; c++) {
        text_style st = cell_style(r, t, c, DOC_ROW_NORMAL, true);
        g_object_unref(text_layout(r, t->cols[c].header, &st, 0)); /* set so when it fits */
        double h = cell_height(r, t, c, t->cols[c].header, &st, t->colw[c] - 2 * PADX) + 2 * PADY + 1;
        if (h > t->header_h) t->header_h = h;
    }
    for (int i = 0; i < t->nrows; i++) {
        const tbl_row *row = &t->rows[i];
        for (int c = 0; c < row_cells(t, i); c++) {
            int cell = i * t->ncols + c;
            if (t->lines[cell]) continue;
            text_style st = cell_style(r, t, c, row->o.style, false);
            g_object_unref(text_layout(r, row->cells[c], &st, cell_fits(r, t, cell) || t->cols[c].numeric ? 0
                                                              : text_room(r, t, row, c)));
        }
    }
    t->note_h = 0;
    if (t->note) {
        text_style st = par_style(r, DOC_PAR_SMALL);
        PangoLayout *nl = text_layout(r, t->note, &st, r->width);
        t->note_h = text_height(nl) + 4;
        g_object_unref(nl);
    }
    PangoLayout *cl = caption_layout(r, t, false);
    t->caption_h = text_height(cl) + 0.35 * r->L->font_size;
    g_object_unref(cl);
}

void table_measure(rctx *r, doc_table *t)
{
    if (t->measured) return;
    if (!r->prefetch || !tables_prefetched(r, t)) table_measure_cells(r, t);
    measure_layouts(r, t);
    t->measured = true;
}

/* What the table needs on the page it starts on: caption, header and two rows, of which a row
 * taller than a page counts as its first few lines (it is split between lines). */
double table_min_height(rctx *r, doc_table *t)
{
    table_measure(r, t);
    double h = t->caption_h + t->header_h, page = r->bottom - r->top - t->cont_caption_h - t->header_h;
    for (int i = 0; i < t->nrows && i < 2; i++)
        h += t->row_h[i] > page ? MIN(t->row_h[i], 4 * 1.2 * tsize(r) + 2 * PADY) : t->row_h[i];
    return h + (t->nrows <= 2 ? t->note_h : 0);
}

/* ---- drawing ---- */

static void hrule(rctx *r, double y, double w, layout_rgb c)
{
    if (!r->draw) return;
    set_rgb(r, c);
    cairo_set_line_width(r->cr, w);
    cairo_move_to(r->cr, r->x0, y);
    cairo_line_to(r->cr, r->x0 + r->width, y);
    cairo_stroke(r->cr);
}

static void fill_row(rctx *r, double y, double h, layout_rgb c)
{
    if (!r->draw) return;
    set_rgb(r, c);
    cairo_rectangle(r->cr, r->x0, y, r->width, h);
    cairo_fill(r->cr);
}

/* What a cell's text is drawn from: its kept lines or a layout (unref it), and from where. */
typedef struct cell_source {
    const text_lines *tl;
    PangoLayout *l;
    double x;
} cell_source;

/* The text of column c set at x in a column w wide; `cell` is its index in t->lines, or -1. */
static cell_source cell_text(rctx *r, const doc_table *t, int cell, int c, double x, double w, const char *m,
                             const text_style *st)
{
    double wrap = w - 2 * PADX;
    const text_lines *tl = cell >= 0 && t->lines ? t->lines[cell] : NULL;
    bool right = t->cols[c].numeric && t->cols[c].align == DOC_ALIGN_RIGHT;
    /* numbers are never wrapped; broken lines serve when the width is the one they were broken
     * at, as it is but for rounding; unwrapped text when it fits, by the test Pango uses to
     * break a line, in its own units */
    int wpu = (int)(wrap * PANGO_SCALE);
    if (tl && (t->cols[c].numeric || (text_lines_width_pu(tl) ? text_lines_width_pu(tl) == wpu
                                      : st->align == PANGO_ALIGN_LEFT && wrap > 0 && text_lines_fits_unwrapped(tl, wpu))))
        return (cell_source){ .tl = tl, .x = right ? x + w - PADX - text_lines_width(tl) : x + PADX };
    PangoLayout *l = NULL;
    if (!t->cols[c].numeric && st->align == PANGO_ALIGN_LEFT && wrap > 0 &&
        (l = text_layout_kept(r, m, st, 0))) {
        /* Text that fits is set exactly as its unwrapped measurement, which Pango has already
         * shaped: the same test Pango uses to break a line, in its own units. */
        PangoRectangle log;
        pango_layout_get_extents(l, NULL, &log);
        if (log.x != 0 || log.width > wpu) {
            g_object_unref(l);
            l = NULL;
        }
    }
    if (!l) l = text_layout(r, m, st, t->cols[c].numeric ? 0 : wrap);
    return (cell_source){ .l = l, .x = right ? x + w - PADX - text_width(l) : x + PADX };
}

/* Draws a cell's text, or of a row split across pages the lines within [from, to) (points
 * from the text's top). */
static void draw_cell(rctx *r, const doc_table *t, int cell, int c, double x, double w, const char *m,
                      const text_style *st, layout_rgb color, const char *tag, double from, double to)
{
    if (!r->draw) return; /* the layout pass needs only the measured row heights */
    cell_source src = cell_text(r, t, cell, c, x, w, m, st);
    bool whole = from == 0 && isinf(to);
    tag_begin(r, tag, NULL);
    if (src.tl && whole) text_lines_draw(r, src.tl, src.x, r->y + PADY, color);
    else if (src.tl) text_lines_draw_range(r, src.tl, src.x, r->y + PADY, color, from, to);
    else if (whole) text_draw(r, src.l, src.x, r->y + PADY, color);
    else text_draw_range(r, src.l, src.x, r->y + PADY, color, from, to);
    tag_end(r, tag);
    if (src.l) g_object_unref(src.l);
}

static void draw_header(rctx *r, const doc_table *t)
{
    bool zebra = r->L->table_style == LAYOUT_TABLE_ZEBRA;
    art_begin(r);
    if (zebra) fill_row(r, r->y, t->header_h, r->L->primary);
    if (!zebra) hrule(r, r->y + t->header_h - 0.5, 1.0, r->L->primary);
    art_end(r);
    tag_begin(r, "THead", NULL);
    tag_begin(r, "TR", NULL);
    double x = r->x0;
    for (int c = 0; c < t->ncols; c++) {
        text_style st = cell_style(r, t, c, DOC_ROW_NORMAL, true);
        draw_cell(r, t, -1, c, x, t->colw[c], t->cols[c].header, &st, zebra ? (layout_rgb){ 1, 1, 1 } : r->L->primary,
                  "TH", 0, INFINITY);
        x += t->colw[c];
    }
    tag_end(r, "TR");
    tag_end(r, "THead");
    r->y += t->header_h;
}

static void draw_swatch(rctx *r, const tbl_row *row, double x)
{
    if (!r->draw || !row->o.swatch) return;
    double s = swatch_size(r);
    art_begin(r);
    set_rgb(r, r->L->action[(row->o.swatch - 1) & 3]);
    cairo_rectangle(r->cr, x, r->y + PADY + 0.5 * (tsize(r) * 1.2 - s), s, s);
    cairo_fill(r->cr);
    art_end(r);
}

static void row_decor(rctx *r, const tbl_row *row, double h, int parity)
{
    bool zebra = r->L->table_style == LAYOUT_TABLE_ZEBRA;
    layout_rgb white = { 1, 1, 1 };
    doc_row_style s = row->o.style;
    if (zebra && s == DOC_ROW_NORMAL && !parity) return; /* nothing to draw */
    art_begin(r);
    if (s == DOC_ROW_GROUP) fill_row(r, r->y, h, rgb_mix(r->L->primary, white, zebra ? 0.86 : 0.93));
    else if (zebra && s == DOC_ROW_NORMAL && parity) fill_row(r, r->y, h, rgb_mix(r->L->primary, white, 0.95));
    if (s == DOC_ROW_SUBTOTAL) hrule(r, r->y + 0.3, 0.6, r->L->text);
    if (s == DOC_ROW_TOTAL) {
        hrule(r, r->y + 0.5, 1.0, r->L->text);
        hrule(r, r->y + h - 0.5, 1.0, r->L->text);
    }
    if (!zebra && (s == DOC_ROW_NORMAL || s == DOC_ROW_GROUP)) hrule(r, r->y + h, 0.35, r->L->rule);
    art_end(r);
}

/* Where column c of row i starts and how wide it is, after the row's indentation. */
static void cell_span(const rctx *r, const doc_table *t, int i, int c, double *x, double *w)
{
    const tbl_row *row = &t->rows[i];
    *x = r->x0;
    for (int k = 0; k < c; k++) *x += t->colw[k];
    double lead = c ? 0 : lead_in(r, row);
    *x += lead;
    *w = (row->o.style == DOC_ROW_GROUP ? r->width : t->colw[c]) - lead;
}

static int row_cells(const doc_table *t, int i) { return t->rows[i].o.style == DOC_ROW_GROUP ? 1 : t->ncols; }

/* Draws row i, h high; of a row split across pages, the part with the lines within [from, to). */
static void draw_row(rctx *r, const doc_table *t, int i, double h, int parity, double from, double to)
{
    const tbl_row *row = &t->rows[i];
    row_decor(r, row, h, parity);
    tag_begin(r, "TR", NULL);
    for (int c = 0; c < row_cells(t, i); c++) {
        double x, w;
        cell_span(r, t, i, c, &x, &w);
        text_style st = cell_style(r, t, c, row->o.style, false);
        if (c == 0 && from == 0) draw_swatch(r, row, r->x0 + PADX + row->o.indent * indent_step(r));
        draw_cell(r, t, i * t->ncols + c, c, x, w, row->cells[c], &st, r->L->text,
                  row->o.style == DOC_ROW_GROUP ? "TH" : "TD", from, to);
    }
    tag_end(r, "TR");
    r->y += h;
}

/* Where to end the part of row i that starts at `from` (points from the text's top) and may
 * reach `limit`: the lowest line end up to there that cuts no line of any cell in two, else
 * `limit` itself. */
static double row_cut(rctx *r, const doc_table *t, int i, double from, double limit)
{
    GArray *top = g_array_new(FALSE, FALSE, sizeof(double)), *bot = g_array_new(FALSE, FALSE, sizeof(double));
    for (int c = 0; c < row_cells(t, i); c++) {
        double x, w;
        cell_span(r, t, i, c, &x, &w);
        text_style st = cell_style(r, t, c, t->rows[i].o.style, false);
        cell_source src = cell_text(r, t, i * t->ncols + c, c, x, w, t->rows[i].cells[c], &st);
        if (src.tl) {
            text_lines_boxes(src.tl, top, bot);
            continue;
        }
        PangoLayoutIter *it = pango_layout_get_iter(src.l);
        do {
            int y0, y1;
            pango_layout_iter_get_line_yrange(it, &y0, &y1);
            double t0 = (double)y0 / PANGO_SCALE, t1 = (double)y1 / PANGO_SCALE;
            g_array_append_val(top, t0);
            g_array_append_val(bot, t1);
        } while (pango_layout_iter_next_line(it));
        pango_layout_iter_free(it);
        g_object_unref(src.l);
    }
    const double *tp = (const double *)top->data, *bp = (const double *)bot->data;
    double best = limit;
    bool found = false;
    for (guint k = 0; k < bot->len; k++) {
        double y = bp[k];
        if (y <= from + 0.01 || y > limit + 0.01 || (found && y <= best)) continue;
        bool cuts = false;
        for (guint j = 0; j < bot->len && !cuts; j++) cuts = tp[j] < y - 0.01 && bp[j] > y + 0.01;
        if (!cuts) { best = y; found = true; }
    }
    g_array_free(top, TRUE);
    g_array_free(bot, TRUE);
    return best;
}

static void part_begin(rctx *r, const doc_table *t, bool cont)
{
    tag_begin(r, "Table", NULL);
    if (r->draw) {
        PangoLayout *l = caption_layout(r, t, cont);
        tag_begin(r, "Caption", NULL);
        text_draw(r, l, r->x0, r->y, cont ? r->L->muted : r->L->text);
        tag_end(r, "Caption");
        g_object_unref(l);
    }
    r->y += cont ? t->cont_caption_h : t->caption_h;
    draw_header(r, t);
    tag_begin(r, "TBody", NULL);
    r->page_dirty = true;
}

static void part_end(rctx *r)
{
    tag_end(r, "TBody");
    tag_end(r, "Table");
}

/* A row taller than a page, split between lines: each part under the repeated header. */
static void flow_split_row(rctx *r, const doc_table *t, int i, int parity)
{
    double total = t->row_h[i] - 2 * PADY, from = 0;
    for (;;) {
        double room = r->bottom - r->y - 2 * PADY;
        double to = from + room >= total - 0.01 ? total : row_cut(r, t, i, from, from + room);
        draw_row(r, t, i, to - from + 2 * PADY, parity, from, to >= total ? INFINITY : to);
        if (to >= total) return;
        from = to;
        part_end(r);
        page_new(r);
        part_begin(r, t, true);
    }
}

/* Whether to break before row i: it does not fit, it would leave its successor alone on the
 * next page, or it is a group header whose first row would not follow it. */
static double row_need(const doc_table *t, int i)
{
    return t->row_h[i] + (i == t->nrows - 1 ? t->note_h : 0); /* the note stays with the last row */
}

static bool break_before(const rctx *r, const doc_table *t, int i, int on_page)
{
    if (on_page == 0) return false;
    double h = t->row_h[i];
    if (r->y + row_need(t, i) > r->bottom + 0.01) return true;
    if (i + 1 >= t->nrows) return false;
    bool next_spills = r->y + h + row_need(t, i + 1) > r->bottom + 0.01;
    if (next_spills && i + 2 == t->nrows && on_page >= 2) return true;
    return next_spills && t->rows[i].o.style == DOC_ROW_GROUP;
}

static void draw_note(rctx *r, const doc_table *t)
{
    text_style st = par_style(r, DOC_PAR_SMALL);
    PangoLayout *l = text_layout(r, t->note, &st, r->width);
    double h = text_height(l);
    r->y += 4; /* room was kept by break_before */
    tag_begin(r, "P", NULL);
    text_draw(r, l, r->x0, r->y, r->L->muted);
    tag_end(r, "P");
    r->y += h;
    g_object_unref(l);
}

void flow_table(rctx *r, block *b)
{
    doc_table *t = b->table;
    table_measure(r, t);
    page_ensure(r, table_min_height(r, t));
    if (r->page_dirty) r->y += r->gap;
    r->gap = 0;
    block_starts_here(r, b);
    part_begin(r, t, false);
    int on_page = 0, parity = 0;
    for (int i = 0; i < t->nrows; i++) {
        if (break_before(r, t, i, on_page)) {
            part_end(r);
            page_new(r);
            part_begin(r, t, true);
            on_page = 0;
        }
        const tbl_row *row = &t->rows[i];
        parity = row->o.style == DOC_ROW_GROUP ? 0 : row->o.style == DOC_ROW_NORMAL ? parity ^ 1 : parity;
        if (r->y + t->row_h[i] > r->bottom + 0.01) flow_split_row(r, t, i, !parity); /* taller than a page */
        else draw_row(r, t, i, t->row_h[i], !parity, 0, INFINITY);
        on_page++;
    }
    part_end(r);
    if (t->note) draw_note(r, t);
    r->page_dirty = true;
    r->gap = 1.4 * r->L->font_size;
}
