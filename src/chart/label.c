/* Text and placement for charts: one Pango layout per chart call, exact measuring in pt, label
 * boxes recorded for collision checks, and the pieces every chart shares (title, legend, note). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "chart/chart_int.h"

static PangoFontDescription *font_new(const chart_style *st, chart_font f)
{
    static const double scale[FONT_KINDS] = { 1.0, 0.875, 1.0, 1.15 };
    const char *family = st->font_family ? st->font_family : "Inter";
    if (f == FONT_TITLE && st->title_family) family = st->title_family;
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, family);
    double base = st->base_size > 0 ? st->base_size : 8.0;
    /* absolute size: one Pango unit is one cairo user unit (pt), whatever the surface */
    pango_font_description_set_absolute_size(fd, base * scale[f] * PANGO_SCALE);
    pango_font_description_set_weight(fd, f == FONT_BOLD || f == FONT_TITLE ? PANGO_WEIGHT_SEMIBOLD
                                                                            : PANGO_WEIGHT_NORMAL);
    return fd;
}

/* Metrics must not depend on the target surface (PDF, PNG, recording): no hinting, no rounding,
 * so a test on a recording surface measures what the PDF shows. */
static void neutral_font_options(PangoLayout *layout)
{
    PangoContext *pc = pango_layout_get_context(layout);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(pc, fo);
    cairo_font_options_destroy(fo);
    pango_context_set_round_glyph_positions(pc, FALSE);
    pango_layout_context_changed(layout);
    PangoAttrList *attrs = pango_attr_list_new();
    pango_attr_list_insert(attrs, pango_attr_font_features_new("tnum"));
    pango_layout_set_attributes(layout, attrs);
    pango_attr_list_unref(attrs);
}

bool ctx_begin(chart_ctx *c, cairo_t *cr, const chart_style *st, chart_result *out, double x,
               double y, double w, double h)
{
    memset(c, 0, sizeof *c);
    c->cr = cr;
    c->st = st;
    c->own_out = !out;
    c->out = out ? out : malloc(sizeof *out);
    if (!c->out) return false;
    memset(c->out, 0, sizeof *c->out);
    c->box = (chart_box){ x, y, w, h };
    c->layout = pango_cairo_create_layout(cr);
    if (!c->layout) return false;
    neutral_font_options(c->layout);
    for (int f = 0; f < FONT_KINDS; f++) c->font[f] = font_new(st, f);
    cairo_save(cr);
    return true;
}

void ctx_end(chart_ctx *c)
{
    if (c->layout) {
        cairo_restore(c->cr);
        g_object_unref(c->layout);
    }
    for (int f = 0; f < FONT_KINDS; f++)
        if (c->font[f]) pango_font_description_free(c->font[f]);
    if (c->own_out) free(c->out);
    c->out = NULL;
}

void text_set(chart_ctx *c, const char *text, chart_font f, double wrap, bool center)
{
    PangoLayout *l = c->layout;
    pango_layout_set_font_description(l, c->font[f]);
    pango_layout_set_width(l, wrap > 0 ? (int)(wrap * PANGO_SCALE) : -1);
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(l, center ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT);
    pango_layout_set_text(l, text ? text : "", -1);
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
    text_set(c, text, f, wrap, false);
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
    pango_cairo_update_layout(c->cr, c->layout);
    pango_cairo_show_layout(c->cr, c->layout);
    cairo_restore(c->cr);
    pango_cairo_update_layout(c->cr, c->layout);
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
    text_set(c, title, FONT_TITLE, w, false);
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
        text_set(c, names[i] ? names[i] : "", FONT_LABEL, w - sw - gap, false);
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
            text_set(c, names[i] ? names[i] : "", FONT_LABEL, w - sw - gap, false);
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
    text_set(c, note, FONT_SMALL, w, false);
    text_draw(c, x, y + c->st->base_size * 0.4, c->st->muted);
}
