/* Sparkline for key-figure tiles: the first series as a line over evenly spaced categories, on
 * a scale that includes zero (a small change must not look like a collapse), a faint zero line,
 * a dot on the last value, and the first and last category under the ends. */
#include <math.h>

#include "chart/chart_int.h"

static void draw_line(chart_ctx *c, const chart_data *d, const chart_scale *sc, double x0, double dx)
{
    const chart_series *s = &d->series[0];
    chart_rgb col = color_resolve(c->st, series_color(d, 0), 0);
    set_rgb(c->cr, col);
    cairo_set_line_width(c->cr, 1.2);
    cairo_set_line_join(c->cr, CAIRO_LINE_JOIN_ROUND);
    cairo_set_line_cap(c->cr, CAIRO_LINE_CAP_ROUND);
    bool open = false;
    int last = -1;
    for (int k = 0; k < d->n_categories; k++) {
        if (!value_present(s, k)) { /* a gap, never an interpolated or zero value */
            if (open) cairo_stroke(c->cr);
            open = false;
            continue;
        }
        double px = x0 + dx * k, py = scale_pos(sc, s->values[k]);
        bool alone = (k == 0 || !value_present(s, k - 1)) &&
                     (k == d->n_categories - 1 || !value_present(s, k + 1));
        if (alone) { /* a lone point has no line: show it as a small dot */
            cairo_new_sub_path(c->cr);
            cairo_arc(c->cr, px, py, 1.1, 0, 2 * M_PI);
            cairo_fill(c->cr);
        } else if (open) {
            cairo_line_to(c->cr, px, py);
        } else {
            cairo_move_to(c->cr, px, py);
            open = true;
        }
        result_bar(c->out, (chart_box){ px, py, 0, 0 }, k, 0, s->values[k]);
        last = k;
    }
    if (open) cairo_stroke(c->cr);
    if (last >= 0) {
        cairo_arc(c->cr, x0 + dx * last, scale_pos(sc, s->values[last]), 2.0, 0, 2 * M_PI);
        cairo_fill(c->cr);
    }
}

bool chart_sparkline(cairo_t *cr, double x, double y, double w, double h, const chart_data *d,
                     const chart_style *st, chart_result *out)
{
    chart_ctx c;
    if (!ctx_begin(&c, cr, st, out, x, y, w, h)) return false;
    st = c.st;
    chart_result *r = c.out;
    bool ok = d && d->n_series >= 1 && d->series && d->series[0].values && d->n_categories >= 1 &&
              d->n_categories <= CHART_MAX_CATEGORIES && isfinite(x) && isfinite(y) && w >= 30 && h >= 16;
    double lab_h = ok ? font_line_h(&c, FONT_SMALL) : 0;
    if (!ok || h - lab_h < 8) {
        alt_fail(r, st, "geen gegevens of te weinig ruimte", "no data or too little room");
        ctx_end(&c);
        return false;
    }
    const char *first = d->categories ? d->categories[0] : "";
    const char *lastc = d->categories ? d->categories[d->n_categories - 1] : "";
    double fw, fh, lw, lh;
    text_measure(&c, first, FONT_SMALL, 0, &fw, &fh);
    text_measure(&c, lastc, FONT_SMALL, 0, &lw, &lh);
    /* end points sit above the middle of their labels, so the line is inset by half a label */
    double inset = fmax(fmax(fw, lw) / 2, 2.5);
    double x0 = x + inset, x1 = x + w - inset;
    double dx = d->n_categories > 1 ? (x1 - x0) / (d->n_categories - 1) : 0;
    if (d->n_categories == 1) x0 = x + w / 2;
    double top = y + 2.5, bottom = y + h - lab_h - 3;
    int64_t lo, hi;
    data_range(d, false, &lo, &hi);
    if (lo == hi) hi = lo + 1; /* all zero: a flat line on the zero line */
    chart_scale sc = { lo, hi, bottom, top };
    r->plot = (chart_box){ x0, top, x1 - x0, bottom - top };
    r->baseline = scale_pos(&sc, 0);
    set_rgb(cr, st->grid);
    cairo_set_line_width(cr, 0.5);
    cairo_move_to(cr, x, r->baseline);
    cairo_line_to(cr, x + w, r->baseline);
    cairo_stroke(cr);
    draw_line(&c, d, &sc, x0, dx);
    text_set(&c, first, FONT_SMALL, 0, TEXT_LEFT);
    text_draw(&c, fmax(x, x0 - fw / 2), y + h - lab_h, st->muted);
    if (d->n_categories > 1) {
        text_set(&c, lastc, FONT_SMALL, 0, TEXT_LEFT);
        text_draw(&c, fmin(x + w - lw, x1 - lw / 2), y + h - lab_h, st->muted);
    }
    r->used_h = h;
    r->ok = true;
    alt_sparkline(r, d, st);
    ctx_end(&c);
    return true;
}
