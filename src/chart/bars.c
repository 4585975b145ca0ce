/* Vertical bar chart, grouped or stacked: layout, value axis with nice ticks and a zero
 * baseline, bars and category labels (value labels are in barlabel.c). Negative values hang
 * below the baseline; a missing value is a gap marked "n.b.", never a zero. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "chart/chart_int.h"

static bool data_ok(const chart_data *d)
{
    if (!d || d->n_categories < 1 || d->n_categories > CHART_MAX_CATEGORIES) return false;
    if (d->n_series < 1 || d->n_series > CHART_MAX_SERIES || !d->series) return false;
    for (int s = 0; s < d->n_series; s++)
        if (!d->series[s].values) return false;
    return true;
}

static bool box_ok(double x, double y, double w, double h, double min_w, double min_h)
{
    return isfinite(x) && isfinite(y) && isfinite(w) && isfinite(h) && w >= min_w && h >= min_h;
}

/* Tallest wrapped category label at the slot width. */
/* Widest single word of a label: wrapping can never make a label narrower than that. */
static double longest_word(chart_ctx *c, const char *text)
{
    char buf[256];
    snprintf(buf, sizeof buf, "%s", text ? text : "");
    double best = 0, tw, th;
    for (char *save = NULL, *word = strtok_r(buf, " ", &save); word; word = strtok_r(NULL, " ", &save)) {
        text_measure(c, word, FONT_LABEL, 0, &tw, &th);
        best = fmax(best, tw);
    }
    return best;
}

/* Height of the category band at this slot width, and which labels it shows. Labels wrap at
 * word boundaries; when a word is wider than a slot (24 years side by side), breaking it
 * ("202/5") would mislead, so only every n-th label is shown, always including the last. */
static double category_band(chart_ctx *c, const chart_data *d, double slot, int *step)
{
    double widest = 0, best = 0, tw, th;
    for (int k = 0; k < d->n_categories; k++)
        widest = fmax(widest, longest_word(c, d->categories ? d->categories[k] : ""));
    *step = 1;
    if (widest > slot - 2) *step = (int)ceil((widest + c->st->base_size * 0.8) / slot);
    for (int k = 0; k < d->n_categories; k++) {
        text_measure(c, d->categories ? d->categories[k] : "", FONT_LABEL, *step > 1 ? 0 : slot - 2, &tw, &th);
        best = fmax(best, th);
    }
    return best;
}

/* Draws gridlines (not at zero: the baseline is drawn over the bars) and tick labels right-aligned
 * left of the plot, and records the ticks in the result. */
static void draw_axis(chart_ctx *c, const bars_layout *L, const int64_t *ticks, char labels[][48], int n)
{
    chart_result *r = c->out;
    for (int i = 0; i < n; i++) {
        double ty = scale_pos(&L->scale, ticks[i]);
        if (ticks[i] != 0) {
            set_rgb(c->cr, c->st->grid);
            cairo_set_line_width(c->cr, 0.5);
            cairo_move_to(c->cr, L->plot.x, ty);
            cairo_line_to(c->cr, L->plot.x + L->plot.w, ty);
            cairo_stroke(c->cr);
        }
        double tw, th;
        text_set(c, labels[i], FONT_SMALL, 0, TEXT_LEFT);
        text_size(c, &tw, &th);
        text_draw(c, L->plot.x - tw - c->st->base_size * 0.5, ty - th / 2, c->st->muted);
        r->ticks[i] = ticks[i];
        r->tick_pos[i] = ty;
    }
    r->n_ticks = n;
}

static double tick_label_width(chart_ctx *c, char labels[][48], int n)
{
    double best = 0;
    for (int i = 0; i < n; i++) {
        double tw, th;
        text_measure(c, labels[i], FONT_SMALL, 0, &tw, &th);
        if (tw > best) best = tw;
    }
    return best + c->st->base_size * 0.5;
}

/* Geometry of bar (k, s) before stacking offsets: x and width. */
void bar_x(const bars_layout *L, int k, int s, double *bx, double *bw)
{
    double slot_x = L->plot.x + L->slot * k + (L->slot - L->group_w) / 2;
    if (L->stacked) {
        *bx = slot_x;
        *bw = L->group_w;
    } else {
        *bx = slot_x + s * (L->bar_w + L->bar_gap);
        *bw = L->bar_w;
    }
}

static void draw_bars(chart_ctx *c, const chart_data *d, const bars_layout *L)
{
    double zero = scale_pos(&L->scale, 0);
    for (int k = 0; k < d->n_categories; k++) {
        int64_t pos = 0, neg = 0;
        for (int s = 0; s < d->n_series; s++) {
            const chart_series *se = &d->series[s];
            double bx, bw;
            bar_x(L, k, s, &bx, &bw);
            if (!value_present(se, k)) continue;
            int64_t v = se->values[k], from = 0;
            if (L->stacked) {
                from = v >= 0 ? pos : neg;
                if (v >= 0) pos += v;
                else neg += v;
            }
            double y0 = scale_pos(&L->scale, from), y1 = scale_pos(&L->scale, from + v);
            chart_box b = { bx, fmin(y0, y1), bw, fabs(y1 - y0) };
            fill_rect(c, b, series_color(d, s), s);
            if (L->stacked && b.h > 1.2) { /* thin white seam between stacked segments */
                set_rgb(c->cr, c->st->background);
                cairo_set_line_width(c->cr, 0.6);
                cairo_move_to(c->cr, bx, y1);
                cairo_line_to(c->cr, bx + bw, y1);
                cairo_stroke(c->cr);
            }
            if (v == 0 && !L->stacked) { /* a visible zero: hairline on the baseline */
                set_rgb(c->cr, color_resolve(c->st, series_color(d, s), s));
                cairo_rectangle(c->cr, bx, zero - 0.4, bw, 0.8);
                cairo_fill(c->cr);
            }
            result_bar(c->out, b, k, s, v);
            box_take(c, (chart_box){ b.x, b.y - (v == 0 ? 0.4 : 0), b.w, fmax(b.h, 0.8) });
        }
    }
    set_rgb(c->cr, c->st->axis);
    cairo_set_line_width(c->cr, 0.8);
    cairo_move_to(c->cr, L->plot.x, zero);
    cairo_line_to(c->cr, L->plot.x + L->plot.w, zero);
    cairo_stroke(c->cr);
    box_take(c, (chart_box){ L->plot.x, zero - 0.4, L->plot.w, 0.8 });
}

/* Sizes the bar slots: bars are never wider than a comfortable maximum, so one category does
 * not become a wall of colour. */
static void size_bars(bars_layout *L, int n_cat, int n_series, double base)
{
    L->slot = L->plot.w / n_cat;
    double max_bar = base * 5.5;
    if (L->stacked) {
        L->group_w = fmin(L->slot * 0.62, max_bar * 1.3);
        L->bar_w = L->group_w;
        L->bar_gap = 0;
        return;
    }
    L->bar_gap = n_series > 1 ? fmin(1.5, L->slot * 0.02) : 0;
    L->group_w = fmin(L->slot * 0.8, n_series * max_bar + (n_series - 1) * L->bar_gap);
    L->bar_w = (L->group_w - (n_series - 1) * L->bar_gap) / n_series;
}

/* Vertical space of the chart, top to bottom, before the plot is placed. */
typedef struct bars_frame {
    double top, bottom;  /* free band for the plot, category labels and the negative label band */
    double neg_band;     /* room for value labels under negative bars */
    int64_t lo, hi;      /* data range */
} bars_frame;

/* Settles ticks, axis width, category band and the plot box. Ticks depend on the plot height,
 * the axis width on the ticks, the category band on the slot width: a few rounds suffice (the
 * axis only ever widens). Returns false when the plot would be too small to read. */
static bool bars_plan(chart_ctx *c, const chart_data *d, bars_layout *L, const bars_frame *f, int64_t *ticks,
                      char labels[][48], int *nt)
{
    double base = c->st->base_size, x = c->box.x, w = c->box.w;
    double plot_top = f->top + (L->labels ? L->label_h + base * 0.3 : L->label_h / 2);
    double axis_w = 0, cat_h = L->label_h, plot_bottom = 0;
    for (int round = 0; round < 3; round++) {
        plot_bottom = f->bottom - cat_h - base * 0.5 - f->neg_band;
        int max_ticks = (int)((plot_bottom - plot_top) / (L->label_h * 2.4)) + 1;
        *nt = chart_nice_ticks(f->lo, f->hi, max_ticks < 3 ? 3 : max_ticks, ticks);
        axis_format(ticks, *nt, d->kind, c->st->lang, labels);
        axis_w = fmax(axis_w, tick_label_width(c, labels, *nt));
        cat_h = category_band(c, d, (w - axis_w) / d->n_categories, &L->cat_step);
    }
    plot_bottom = f->bottom - cat_h - base * 0.5 - f->neg_band;
    if (plot_bottom - plot_top < base * 3 || w - axis_w < base * 3) return false;
    L->plot = (chart_box){ x + axis_w, plot_top, w - axis_w, plot_bottom - plot_top };
    L->scale = scale_make(ticks, *nt, plot_bottom, plot_top);
    size_bars(L, d->n_categories, d->n_series, base);
    return true;
}

/* Category labels under the plot: below the lowest tick and the negative label band. */
static void draw_categories(chart_ctx *c, const chart_data *d, const bars_layout *L, double neg_band)
{
    double cy = L->plot.y + L->plot.h + c->st->base_size * 0.5 + neg_band;
    int step = L->cat_step > 1 ? L->cat_step : 1;
    for (int k = 0; k < d->n_categories; k++) {
        if ((d->n_categories - 1 - k) % step != 0) continue;
        double tw, th;
        text_set(c, d->categories ? d->categories[k] : "", FONT_LABEL, step > 1 ? 0 : L->slot - 2, TEXT_CENTER);
        text_size(c, &tw, &th);
        /* a label wider than its slot stays centred under its bar but inside the plot's width */
        double lx = fmin(fmax(L->plot.x + L->slot * k + (L->slot - tw) / 2, L->plot.x), L->plot.x + L->plot.w - tw);
        text_draw(c, lx, cy, c->st->text);
    }
}

/* An empty plot must say why it is empty. */
static void draw_all_zero(chart_ctx *c, const chart_data *d, const bars_layout *L)
{
    char buf[96], zero[32];
    value_format(0, d->kind, c->st->lang, VAL_FULL, zero, sizeof zero);
    snprintf(buf, sizeof buf, c->st->lang == MONEY_FMT_NL ? "Alle waarden zijn %s" : "All values are %s", zero);
    double tw, th;
    text_set(c, buf, FONT_LABEL, L->plot.w, TEXT_CENTER);
    text_size(c, &tw, &th);
    text_draw(c, L->plot.x + (L->plot.w - tw) / 2, L->plot.y + (L->plot.h - th) / 2, c->st->muted);
}

/* Heights of title, legend and note around the plot (nothing drawn yet, so a chart that turns
 * out too small leaves no ink); returns the frame left for the plot. */
static bars_frame measure_frame(chart_ctx *c, const chart_data *d, const bars_layout *L, double *legend_y)
{
    double base = c->st->base_size, x = c->box.x, w = c->box.w;
    bars_frame f = { c->box.y, c->box.y + c->box.h, 0, 0, 0 };
    if (c->st->title_in_chart && d->title && *d->title) {
        double tw, th;
        text_measure(c, d->title, FONT_TITLE, w, &tw, &th);
        f.top += th + base * 0.6;
    }
    *legend_y = f.top;
    if (d->n_series > 1 && !(d->flags & CHART_NO_LEGEND)) f.top += draw_legend(c, d, x, f.top, w, false) + base * 0.8;
    f.bottom -= note_height(c, d->unit_note, w);
    data_range(d, L->stacked, &f.lo, &f.hi);
    f.neg_band = f.lo < 0 && L->labels ? L->label_h + base * 0.3 : 0;
    return f;
}

static void draw_frame(chart_ctx *c, const chart_data *d, const bars_frame *f, double legend_y)
{
    draw_title(c, d->title, c->box.x, c->box.y, c->box.w);
    if (d->n_series > 1 && !(d->flags & CHART_NO_LEGEND)) draw_legend(c, d, c->box.x, legend_y, c->box.w, true);
    draw_note(c, d->unit_note, c->box.x, f->bottom, c->box.w);
}

bool chart_bars(cairo_t *cr, double x, double y, double w, double h, const chart_data *d,
                const chart_style *st, chart_bar_mode mode, chart_result *out)
{
    chart_ctx c;
    if (!ctx_begin(&c, cr, st, out, x, y, w, h)) return false;
    st = c.st;
    chart_result *r = c.out;
    bars_layout L = { .stacked = mode == CHART_STACKED };
    bool ok = data_ok(d) && box_ok(x, y, w, h, 60, 50);
    int64_t ticks[CHART_MAX_TICKS];
    char labels[CHART_MAX_TICKS][48];
    int nt = 0;
    bars_frame f = { 0 };
    double legend_y = y;
    if (ok) {
        L.labels = !(d->flags & CHART_NO_VALUE_LABELS);
        L.label_h = font_line_h(&c, FONT_SMALL);
        f = measure_frame(&c, d, &L, &legend_y);
        ok = bars_plan(&c, d, &L, &f, ticks, labels, &nt);
    }
    if (!ok) {
        alt_fail(r, st, "geen gegevens of te weinig ruimte", "no data or too little room");
        ctx_end(&c);
        return false;
    }
    r->plot = L.plot;
    r->baseline = scale_pos(&L.scale, 0);
    draw_frame(&c, d, &f, legend_y);
    draw_axis(&c, &L, ticks, labels, nt);
    draw_bars(&c, d, &L);
    draw_categories(&c, d, &L, f.neg_band);
    if (f.lo == 0 && f.hi == 0) draw_all_zero(&c, d, &L);
    if (L.labels && L.stacked) bars_stacked_labels(&c, d, &L);
    else if (L.labels) bars_grouped_labels(&c, d, &L);
    r->used_h = h;
    r->ok = true;
    alt_bars(r, d, st, L.stacked);
    ctx_end(&c);
    return true;
}
