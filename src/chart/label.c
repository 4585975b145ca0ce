/* Text and placement for charts: exact measuring in pt through the shared layout cache, label
 * boxes recorded for collision checks, and the pieces every chart shares (title, legend, note). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chart/chart_int.h"

/* A private copy of the style with unusable values replaced, so the drawing code can trust
 * base_size and palette_count (and a NULL style means the defaults). */
static void normalise_style(chart_style *dst, const chart_style *src)
{
    if (src) *dst = *src;
    else chart_style_default(dst, MONEY_FMT_NL);
    if (!(dst->base_size >= 3 && dst->base_size <= 72)) dst->base_size = 8.0;
    if (dst->palette_count < 1 || dst->palette_count > CHART_PALETTE_MAX) dst->palette_count = CHART_PALETTE_MAX;
    if (!dst->font_family) dst->font_family = "Inter";
}

bool ctx_begin(chart_ctx *c, cairo_t *cr, const chart_style *st, chart_result *out, double x,
               double y, double w, double h)
{
    memset(c, 0, sizeof *c);
    normalise_style(&c->style, st);
    c->st = &c->style;
    c->cr = cr;
    c->own_out = !out;
    c->out = out ? out : malloc(sizeof *out);
    if (!c->out) return false;
    memset(c->out, 0, sizeof *c->out);
    c->box = (chart_box){ x, y, w, h };
    /* fail early when cairo or Pango cannot work, so no drawing code sees a NULL layout */
    c->layout = layout_get(c->st, FONT_LABEL, "0", 0, TEXT_LEFT);
    if (!c->layout || !cr || cairo_status(cr) != CAIRO_STATUS_SUCCESS) {
        alt_fail(c->out, c->st, "grafiek niet getekend: tekenfout", "chart not drawn: drawing error");
        ctx_end(c);
        return false;
    }
    cairo_save(cr);
    c->saved = true;
    return true;
}

void ctx_end(chart_ctx *c)
{
    if (c->saved) cairo_restore(c->cr);
    c->saved = false;
    if (c->own_out) free(c->out);
    c->out = NULL;
}

void text_set(chart_ctx *c, const char *text, chart_font f, double wrap, int align)
{
    PangoLayout *l = layout_get(c->st, f, text, wrap, align);
    if (l) c->layout = l; /* on failure the previous layout stays: wrong text beats a crash */
}

void text_size(chart_ctx *c, double *w, double *h)
{
    PangoRectangle log;
    pango_layout_get_extents(c->layout, NULL, &log);
    *w = (double)log.width / PANGO_SCALE;
    *h = (double)log.height / PANGO_SCALE;
}

void text_measure(chart_ctx *c, const char *text, chart_font f, double wrap, double *w, double *h)
{
    text_set(c, text, f, wrap, TEXT_LEFT);
    text_size(c, w, h);
}

double font_line_h(chart_ctx *c, chart_font f)
{
    double w, h;
    text_measure(c, "0", f, 0, &w, &h);
    return h;
}

void text_draw(chart_ctx *c, double x, double y, chart_rgb color)
{
    PangoRectangle log;
    pango_layout_get_extents(c->layout, NULL, &log);
    double lx = (double)log.x / PANGO_SCALE, ly = (double)log.y / PANGO_SCALE;
    chart_box b = { x, y, (double)log.width / PANGO_SCALE, (double)log.height / PANGO_SCALE };
    set_rgb(c->cr, color);
    cairo_move_to(c->cr, x - lx, y - ly);
    pango_cairo_show_layout(c->cr, c->layout);
    chart_result *r = c->out;
    if (r->n_labels < CHART_MAX_LABELS) r->labels[r->n_labels++] = b;
    box_take(c, b);
}

void text_draw_rotated(chart_ctx *c, chart_box b, chart_rgb color)
{
    PangoRectangle log;
    pango_layout_get_extents(c->layout, NULL, &log);
    double lx = (double)log.x / PANGO_SCALE, ly = (double)log.y / PANGO_SCALE;
    cairo_save(c->cr);
    cairo_translate(c->cr, b.x, b.y + b.h); /* text runs upward from the bottom-left corner */
    cairo_rotate(c->cr, -M_PI / 2);
    set_rgb(c->cr, color);
    cairo_move_to(c->cr, -lx, -ly);
    pango_cairo_show_layout(c->cr, c->layout);
    cairo_restore(c->cr);
    chart_result *r = c->out;
    if (r->n_labels < CHART_MAX_LABELS) r->labels[r->n_labels++] = b;
    box_take(c, b);
}

void label_plate(chart_ctx *c, chart_box b, chart_rgb fill)
{
    set_rgb(c->cr, fill);
    cairo_rectangle(c->cr, b.x - 1, b.y - 0.5, b.w + 2, b.h + 1);
    cairo_fill(c->cr);
}

bool box_overlap(chart_box a, chart_box b)
{
    const double eps = 0.01; /* boxes that merely touch do not overlap */
    return a.x < b.x + b.w - eps && b.x < a.x + a.w - eps && a.y < b.y + b.h - eps &&
           b.y < a.y + a.h - eps;
}

bool box_inside(chart_box outer, chart_box b)
{
    const double eps = 0.01;
    return b.x >= outer.x - eps && b.y >= outer.y - eps && b.x + b.w <= outer.x + outer.w + eps &&
           b.y + b.h <= outer.y + outer.h + eps;
}

bool box_free(const chart_ctx *c, chart_box b)
{
    if (!box_inside(c->box, b)) return false;
    for (int i = 0; i < c->n_taken; i++)
        if (box_overlap(c->taken[i], b)) return false;
    return true;
}

void box_take(chart_ctx *c, chart_box b)
{
    if (c->n_taken < CHART_MAX_TAKEN) c->taken[c->n_taken++] = b;
}

void result_bar(chart_result *r, chart_box b, int category, int series, int64_t value)
{
    if (r->n_bars >= CHART_MAX_BARS) return;
    r->bars[r->n_bars++] = (chart_bar){ b, category, series, value };
}

double draw_title(chart_ctx *c, const char *title, double x, double y, double w)
{
    if (!c->st->title_in_chart || !title || !*title) return 0;
    double tw, th;
    text_set(c, title, FONT_TITLE, w, TEXT_LEFT);
    text_size(c, &tw, &th);
    text_draw(c, x, y, c->st->text);
    return th + c->st->base_size * 0.6;
}

/* Lays swatch + name items out in rows; draws them when `draw`. Returns the height taken. */
double draw_swatches(chart_ctx *c, int n, const int *refs, const char *const *names, double x,
                     double y, double w, bool draw)
{
    double sw = c->st->base_size * 0.9, gap = c->st->base_size * 0.4, space = c->st->base_size * 1.4;
    double cx = x, cy = y, row_h = 0;
    for (int i = 0; i < n; i++) {
        double tw, th;
        text_set(c, names[i] ? names[i] : "", FONT_LABEL, w - sw - gap, TEXT_LEFT);
        text_size(c, &tw, &th);
        double iw = sw + gap + tw;
        if (cx > x && cx + iw > x + w) { /* next row */
            cx = x;
            cy += row_h + gap;
            row_h = 0;
        }
        if (draw) {
            chart_box sq = { cx, cy + (fmin(th, font_line_h(c, FONT_LABEL)) - sw) / 2, sw, sw };
            fill_rect(c, sq, refs[i], i);
            box_take(c, sq);
            text_set(c, names[i] ? names[i] : "", FONT_LABEL, w - sw - gap, TEXT_LEFT);
            text_draw(c, cx + sw + gap, cy, c->st->text);
        }
        cx += iw + space;
        if (th > row_h) row_h = th;
    }
    return n > 0 ? cy - y + row_h : 0;
}

double draw_legend(chart_ctx *c, const chart_data *d, double x, double y, double w, bool draw)
{
    int refs[CHART_MAX_SERIES];
    const char *names[CHART_MAX_SERIES];
    int n = d->n_series < CHART_MAX_SERIES ? d->n_series : CHART_MAX_SERIES;
    for (int s = 0; s < n; s++) {
        refs[s] = series_color(d, s);
        names[s] = d->series[s].name;
    }
    return draw_swatches(c, n, refs, names, x, y, w, draw);
}

double note_height(chart_ctx *c, const char *note, double w)
{
    if (!note || !*note) return 0;
    double tw, th;
    text_measure(c, note, FONT_SMALL, w, &tw, &th);
    return th + c->st->base_size * 0.4;
}

void draw_note(chart_ctx *c, const char *note, double x, double y, double w)
{
    if (!note || !*note) return;
    text_set(c, note, FONT_SMALL, w, TEXT_LEFT);
    text_draw(c, x, y + c->st->base_size * 0.4, c->st->muted);
}
