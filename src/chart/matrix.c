/* Coverage matrix: rows (subthemes, grouped by action line) x indicator columns, each cell
 * coloured on a light-to-dark scale AND labelled, so the reading never depends on colour alone.
 * Row heights grow with wrapped labels; nothing is cut. Unknown cells are white, outlined and
 * say so. */
#include <math.h>

#include "chart/chart_int.h"

typedef struct mx_layout {
    double label_w, marker_w, col_w, head_h, legend_h, title_h, note_h, group_h, gap;
    double row_h[CHART_MATRIX_MAX_ROWS];
    bool group_head[CHART_MATRIX_MAX_ROWS]; /* a group title goes above this row */
    int legend_refs[CHART_MATRIX_MAX_COLS + 1];
    const char *legend_names[CHART_MATRIX_MAX_COLS + 1];
    int n_legend;
} mx_layout;

static bool mx_ok(const chart_matrix_data *d)
{
    return d && d->n_rows >= 1 && d->n_rows <= CHART_MATRIX_MAX_ROWS && d->n_cols >= 1 &&
           d->n_cols <= CHART_MATRIX_MAX_COLS && d->cells && d->rows && d->cols && d->levels &&
           d->n_levels >= 1 && d->n_levels <= CHART_MATRIX_MAX_COLS;
}

static chart_rgb level_color(const chart_style *st, int level, int n_levels)
{
    double t = n_levels > 1 ? (double)level / (n_levels - 1) : 1.0;
    chart_rgb a = st->scale_low, b = st->scale_high;
    return (chart_rgb){ a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t };
}

static const char *cell_label(const chart_matrix_data *d, const chart_style *st, int i, int j)
{
    int v = d->cells[i * d->n_cols + j];
    if (d->cell_text && d->cell_text[i * d->n_cols + j]) return d->cell_text[i * d->n_cols + j];
    if (v < 0 || v >= d->n_levels) return st->lang == MONEY_FMT_NL ? "onbekend" : "unknown";
    return d->levels[v] ? d->levels[v] : "";
}

static bool any_unknown(const chart_matrix_data *d)
{
    for (int i = 0; i < d->n_rows * d->n_cols; i++)
        if (d->cells[i] < 0 || d->cells[i] >= d->n_levels) return true;
    return false;
}

static double mx_measure(chart_ctx *c, const chart_matrix_data *d, double w, mx_layout *L)
{
    const chart_style *st = c->st;
    double base = st->base_size > 0 ? st->base_size : 8.0, tw, th;
    L->gap = 1.5;
    L->title_h = 0;
    if (st->title_in_chart && d->title && *d->title) {
        text_measure(c, d->title, FONT_TITLE, w, &tw, &th);
        L->title_h = th + base * 0.6;
    }
    /* legend: one swatch per level (drawn in level colours), plus "unknown" when present */
    L->n_legend = d->n_levels;
    for (int v = 0; v < d->n_levels; v++) L->legend_names[v] = d->levels[v];
    if (any_unknown(d)) L->legend_names[L->n_legend++] = st->lang == MONEY_FMT_NL ? "onbekend" : "unknown";
    for (int v = 0; v < L->n_legend; v++) L->legend_refs[v] = CHART_COLOR_MUTED;
    L->legend_h = draw_swatches(c, L->n_legend, L->legend_refs, L->legend_names, 0, 0, w, false) + base * 0.8;
    L->note_h = note_height(c, d->unit_note, w);
    L->marker_w = d->row_group ? base * 0.9 : 0;
    double natural = 0;
    for (int i = 0; i < d->n_rows; i++) {
        text_measure(c, d->rows[i], FONT_LABEL, 0, &tw, &th);
        natural = fmax(natural, tw);
    }
    L->label_w = fmin(natural + base * 0.5, w * 0.42);
    L->col_w = (w - L->marker_w - L->label_w) / d->n_cols;
    L->head_h = 0;
    for (int j = 0; j < d->n_cols; j++) {
        text_measure(c, d->cols[j], FONT_SMALL, L->col_w - 4, &tw, &th);
        L->head_h = fmax(L->head_h, th + base * 0.4);
    }
    L->group_h = font_line_h(c, FONT_BOLD) + base * 0.5;
    double total = L->title_h + L->legend_h + L->head_h + L->note_h;
    for (int i = 0; i < d->n_rows; i++) {
        text_measure(c, d->rows[i], FONT_LABEL, L->label_w - base * 0.5, &tw, &th);
        double rh = th + base * 0.5;
        for (int j = 0; j < d->n_cols; j++) {
            text_measure(c, cell_label(d, st, i, j), FONT_SMALL, L->col_w - L->gap - 4, &tw, &th);
            rh = fmax(rh, th + base * 0.5);
        }
        L->row_h[i] = rh;
        L->group_head[i] = d->row_group && d->group_names &&
                           (i == 0 || d->row_group[i] != d->row_group[i - 1]);
        total += rh + (L->group_head[i] ? L->group_h : 0);
    }
    return total;
}

double chart_matrix_height(cairo_t *cr, double w, const chart_matrix_data *d, const chart_style *st)
{
    if (!mx_ok(d) || !(w > 0)) return 0;
    chart_ctx c;
    if (!ctx_begin(&c, cr, st, NULL, 0, 0, w, 1)) return 0;
    st = c.st;
    mx_layout L;
    double h = mx_measure(&c, d, w, &L);
    ctx_end(&c);
    return ceil(h);
}

/* The legend's swatches carry level colours, not colour references: draw them by hand. */
static void mx_legend(chart_ctx *c, const chart_matrix_data *d, const mx_layout *L, double x,
                      double y, double w)
{
    draw_swatches(c, L->n_legend, L->legend_refs, L->legend_names, x, y, w, true);
    /* repaint the swatches (recorded as taken boxes, in order) in the scale colours */
    int first = c->n_taken - 2 * L->n_legend;
    for (int v = 0; v < L->n_legend && first >= 0; v++) {
        chart_box b = c->taken[first + 2 * v];
        cairo_rectangle(c->cr, b.x, b.y, b.w, b.h);
        if (v < d->n_levels) {
            set_rgb(c->cr, level_color(c->st, v, d->n_levels));
            cairo_fill_preserve(c->cr);
        } else {
            set_rgb(c->cr, c->st->background);
            cairo_fill_preserve(c->cr);
        }
        set_rgb(c->cr, c->st->grid);
        cairo_set_line_width(c->cr, 0.5);
        cairo_stroke(c->cr);
    }
}

static void draw_cell(chart_ctx *c, const chart_matrix_data *d, int i, int j, chart_box b)
{
    int v = d->cells[i * d->n_cols + j];
    bool known = v >= 0 && v < d->n_levels;
    chart_rgb fill = known ? level_color(c->st, v, d->n_levels) : c->st->background;
    set_rgb(c->cr, fill);
    cairo_rectangle(c->cr, b.x, b.y, b.w, b.h);
    cairo_fill(c->cr);
    if (!known) { /* hatched outline: an unknown is not a "no" */
        cairo_rectangle(c->cr, b.x + 0.25, b.y + 0.25, b.w - 0.5, b.h - 0.5);
        set_rgb(c->cr, c->st->grid);
        cairo_set_line_width(c->cr, 0.5);
        cairo_stroke(c->cr);
    }
    result_bar(c->out, b, i, j, v);
    double tw, th;
    text_set(c, cell_label(d, c->st, i, j), FONT_SMALL, b.w - 4, TEXT_CENTER);
    text_size(c, &tw, &th);
    text_draw(c, b.x + (b.w - tw) / 2, b.y + (b.h - th) / 2, known ? text_on(c->st, fill) : c->st->muted);
}

static double draw_rows(chart_ctx *c, const chart_matrix_data *d, const mx_layout *L, double x, double y)
{
    const chart_style *st = c->st;
    double base = st->base_size > 0 ? st->base_size : 8.0;
    for (int i = 0; i < d->n_rows; i++) {
        int g = d->row_group ? d->row_group[i] : -1;
        if (L->group_head[i]) {
            text_set(c, g >= 0 ? d->group_names[g] : "", FONT_BOLD, c->box.w, TEXT_LEFT);
            text_draw(c, x, y + base * 0.4, st->text);
            y += L->group_h;
        }
        double rh = L->row_h[i];
        if (g >= 0 && g < 4) { /* action-line marker */
            set_rgb(c->cr, st->actionline[g]);
            cairo_rectangle(c->cr, x, y + L->gap / 2, base * 0.35, rh - L->gap);
            cairo_fill(c->cr);
        }
        double tw, th;
        text_set(c, d->rows[i], FONT_LABEL, L->label_w - base * 0.5, TEXT_LEFT);
        text_size(c, &tw, &th);
        text_draw(c, x + L->marker_w, y + (rh - th) / 2, st->text);
        double cx = x + L->marker_w + L->label_w;
        for (int j = 0; j < d->n_cols; j++) {
            chart_box b = { cx + j * L->col_w, y + L->gap / 2, L->col_w - L->gap, rh - L->gap };
            draw_cell(c, d, i, j, b);
        }
        y += rh;
    }
    return y;
}

bool chart_matrix(cairo_t *cr, double x, double y, double w, double h, const chart_matrix_data *d,
                  const chart_style *st, chart_result *out)
{
    chart_ctx c;
    if (!ctx_begin(&c, cr, st, out, x, y, w, h)) return false;
    st = c.st;
    chart_result *r = c.out;
    mx_layout L;
    bool ok = mx_ok(d) && isfinite(x) && isfinite(y) && w >= 120;
    double need = ok ? mx_measure(&c, d, w, &L) : 0;
    if (!ok || !(need <= h + 0.01) || L.col_w < 24) {
        alt_fail(r, st, "geen gegevens of te weinig ruimte", "no data or too little room");
        ctx_end(&c);
        return false;
    }
    double top = y + draw_title(&c, d->title, x, y, w);
    mx_legend(&c, d, &L, x, top, w);
    top += L.legend_h;
    double cx = x + L.marker_w + L.label_w;
    for (int j = 0; j < d->n_cols; j++) {
        double tw, th;
        text_set(&c, d->cols[j], FONT_SMALL, L.col_w - 4, TEXT_CENTER);
        text_size(&c, &tw, &th);
        text_draw(&c, cx + j * L.col_w + (L.col_w - L.gap - tw) / 2, top + L.head_h - th - st->base_size * 0.2,
                  st->muted);
    }
    top += L.head_h;
    r->plot = (chart_box){ cx, top, L.col_w * d->n_cols, 0 };
    double end = draw_rows(&c, d, &L, x, top);
    r->plot.h = end - top;
    draw_note(&c, d->unit_note, x, end, w);
    r->used_h = need;
    r->ok = true;
    alt_matrix(r, d, st);
    ctx_end(&c);
    return true;
}
