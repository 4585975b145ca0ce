/* Vertical bar chart, grouped or stacked: value axis with nice ticks and a zero baseline,
 * category labels under the plot, value labels placed without collisions (full, then compact,
 * else dropped and counted). Negative values hang below the baseline; missing ones say "n.b.". */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

#include "chart/chart_int.h"

typedef struct bars_layout {
    chart_box plot;
    chart_scale scale;
    double slot, bar_w, group_w, bar_gap;
    double label_h; /* height of a value label */
    bool stacked, labels;
} bars_layout;

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
static double category_band(chart_ctx *c, const chart_data *d, double slot)
{
    double best = 0;
    for (int k = 0; k < d->n_categories; k++) {
        double tw, th;
        text_measure(c, d->categories ? d->categories[k] : "", FONT_LABEL, slot - 2, &tw, &th);
        if (th > best) best = th;
    }
    return best;
}

/* Draws gridlines and tick labels; returns the axis label width it used. */
static void draw_axis(chart_ctx *c, const bars_layout *L, const int64_t *ticks, char labels[][48],
                      int n, double x)
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
        (void)x;
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
static void bar_x(const bars_layout *L, int n_series, int k, int s, double *bx, double *bw)
{
    double slot_x = L->plot.x + L->slot * k + (L->slot - L->group_w) / 2;
    if (L->stacked) {
        *bx = slot_x;
        *bw = L->group_w;
    } else {
        *bx = slot_x + s * (L->bar_w + L->bar_gap);
        *bw = L->bar_w;
    }
    (void)n_series;
}

static void draw_bars(chart_ctx *c, const chart_data *d, const bars_layout *L)
{
    double zero = scale_pos(&L->scale, 0);
    for (int k = 0; k < d->n_categories; k++) {
        int64_t pos = 0, neg = 0;
        for (int s = 0; s < d->n_series; s++) {
            const chart_series *se = &d->series[s];
            double bx, bw;
            bar_x(L, d->n_series, k, s, &bx, &bw);
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

/* Places the first of the candidate texts that is free, centred on cx just above (up) or below
 * `edge`. Returns true when one was drawn. */
static bool place_label(chart_ctx *c, const char *const *texts, int n, double cx, double edge, bool up,
                        chart_rgb color)
{
    for (int i = 0; i < n; i++) {
        double tw, th;
        text_set(c, texts[i], FONT_SMALL, 0, TEXT_LEFT);
        text_size(c, &tw, &th);
        double gap = c->st->base_size * 0.2;
        chart_box b = { cx - tw / 2, up ? edge - gap - th : edge + gap, tw, th };
        if (box_free(c, b)) {
            text_draw(c, b.x, b.y, color);
            return true;
        }
    }
    return false;
}

/* One value label of a grouped bar chart, as the layout pass sees it. */
typedef struct bar_label {
    int k, s;
    bool present;
    int64_t v;
    double cx, edge; /* centre x; bar end (or baseline when missing) */
} bar_label;

static int collect_labels(const chart_data *d, const bars_layout *L, bar_label *out)
{
    int n = 0;
    double zero = scale_pos(&L->scale, 0);
    for (int k = 0; k < d->n_categories; k++)
        for (int s = 0; s < d->n_series; s++) {
            double bx, bw;
            bar_x(L, d->n_series, k, s, &bx, &bw);
            bool present = value_present(&d->series[s], k);
            int64_t v = present ? d->series[s].values[k] : 0;
            double edge = present ? scale_pos(&L->scale, v) : zero;
            /* labels clear the baseline stroke */
            edge = v < 0 ? fmax(edge, zero + 0.4) : fmin(edge, zero - 0.4);
            out[n++] = (bar_label){ k, s, present, v, bx + bw / 2, edge };
        }
    return n;
}

static const char *label_text(chart_ctx *c, const chart_data *d, const bar_label *b, val_form form,
                              char *buf, size_t size)
{
    if (!b->present) return word_missing(c->st->lang);
    value_format(b->v, d->kind, c->st->lang, form, buf, size);
    return buf;
}

/* Upright labels above (below for negatives) every bar, all in one form, or none: a chart where
 * some bars carry figures and their neighbours do not reads as if those were missing. */
static bool upright_pass(chart_ctx *c, const chart_data *d, const bar_label *bl, int n, val_form form)
{
    int saved = c->n_taken;
    chart_box boxes[CHART_MAX_BARS];
    char buf[64];
    for (int i = 0; i < n; i++) {
        double tw, th, gap = c->st->base_size * 0.2;
        text_set(c, label_text(c, d, &bl[i], form, buf, sizeof buf), FONT_SMALL, 0, TEXT_LEFT);
        text_size(c, &tw, &th);
        bool up = bl[i].v >= 0;
        boxes[i] = (chart_box){ bl[i].cx - tw / 2, up ? bl[i].edge - gap - th : bl[i].edge + gap, tw, th };
        if (!box_free(c, boxes[i])) {
            c->n_taken = saved;
            return false;
        }
        box_take(c, boxes[i]);
    }
    c->n_taken = saved;
    for (int i = 0; i < n; i++) {
        text_set(c, label_text(c, d, &bl[i], form, buf, sizeof buf), FONT_SMALL, 0, TEXT_LEFT);
        text_draw(c, boxes[i].x, boxes[i].y, bl[i].present ? c->st->text : c->st->muted);
    }
    return true;
}

/* Labels turned upright along narrow bars: inside the bar's end when it is long enough, else
 * just beyond it; dropped (and counted) only when neither is free. */
static void rotated_pass(chart_ctx *c, const chart_data *d, const bars_layout *L, const bar_label *bl, int n)
{
    char buf[64];
    double pad = c->st->base_size * 0.3;
    for (int i = 0; i < n; i++) {
        double tw, th;
        text_set(c, label_text(c, d, &bl[i], VAL_FULL, buf, sizeof buf), FONT_SMALL, 0, TEXT_LEFT);
        text_size(c, &tw, &th);
        if (th > L->bar_w + L->bar_gap) {
            c->out->dropped_labels++;
            continue;
        }
        double zero = scale_pos(&L->scale, 0), len = fabs(bl[i].edge - zero);
        bool up = bl[i].v >= 0;
        chart_box in = { bl[i].cx - th / 2, up ? bl[i].edge + pad : bl[i].edge - pad - tw, th, tw };
        chart_box beyond = { bl[i].cx - th / 2, up ? bl[i].edge - pad - tw : bl[i].edge + pad, th, tw };
        if (bl[i].present && len >= tw + 2 * pad && th <= L->bar_w - 1) {
            chart_rgb fill = color_resolve(c->st, series_color(d, bl[i].s), bl[i].s);
            if (is_hatched(c->st, series_color(d, bl[i].s), bl[i].s)) label_plate(c, in, fill);
            text_draw_rotated(c, in, text_on(c->st, fill));
        } else if (box_free(c, beyond)) {
            text_draw_rotated(c, beyond, bl[i].present ? c->st->text : c->st->muted);
        } else {
            c->out->dropped_labels++;
        }
    }
}

static void grouped_labels(chart_ctx *c, const chart_data *d, const bars_layout *L)
{
    bar_label bl[CHART_MAX_BARS];
    int n = collect_labels(d, L, bl);
    if (upright_pass(c, d, bl, n, VAL_FULL) || upright_pass(c, d, bl, n, VAL_COMPACT)) return;
    rotated_pass(c, d, L, bl, n);
}

/* Stacked bars: a segment's label goes inside it when it fits; totals (flag) above the stack. */
static void stacked_labels(chart_ctx *c, const chart_data *d, const bars_layout *L)
{
    chart_result *r = c->out;
    for (int i = 0; i < r->n_bars; i++) {
        chart_bar *b = &r->bars[i];
        if (b->value == 0 && b->box.h == 0) continue;
        char buf[64];
        bool placed = false;
        for (int form = 0; form < 2 && !placed; form++) {
            value_format(b->value, d->kind, c->st->lang, form ? VAL_COMPACT : VAL_FULL, buf, sizeof buf);
            double tw, th;
            text_set(c, buf, FONT_SMALL, 0, TEXT_LEFT);
            text_size(c, &tw, &th);
            if (tw > b->box.w - 2 || th > b->box.h - 1) continue;
            chart_rgb fill = color_resolve(c->st, series_color(d, b->series), b->series);
            chart_box lb = { b->box.x + (b->box.w - tw) / 2, b->box.y + (b->box.h - th) / 2, tw, th };
            if (is_hatched(c->st, series_color(d, b->series), b->series)) label_plate(c, lb, fill);
            text_draw(c, lb.x, lb.y, text_on(c->st, fill));
            placed = true;
        }
        if (!placed && (b->value < 0 || !(d->flags & CHART_SHOW_TOTAL))) {
            /* too thin inside: just outside works for the outermost segment of a stack (the
             * slot above a positive stack belongs to the total when there is one) */
            bool up = b->value >= 0;
            char full[64], compact[64];
            value_format(b->value, d->kind, c->st->lang, VAL_FULL, full, sizeof full);
            value_format(b->value, d->kind, c->st->lang, VAL_COMPACT, compact, sizeof compact);
            const char *texts[] = { full, compact };
            placed = place_label(c, texts, 2, b->box.x + b->box.w / 2, up ? b->box.y - 0.4 : b->box.y + b->box.h + 0.4,
                                 up, c->st->text);
        }
        if (!placed) r->dropped_labels++;
    }
    if (!(d->flags & CHART_SHOW_TOTAL)) return;
    for (int k = 0; k < d->n_categories; k++) {
        int64_t pos = 0, neg = 0, sum = 0;
        bool any = false;
        for (int s = 0; s < d->n_series; s++) {
            if (!value_present(&d->series[s], k)) continue;
            int64_t v = d->series[s].values[k];
            any = true;
            sum += v;
            if (v > 0) pos += v;
            else neg += v;
        }
        double bx, bw;
        bar_x(L, d->n_series, k, 0, &bx, &bw);
        double edge = any ? scale_pos(&L->scale, pos) : scale_pos(&L->scale, 0);
        /* with negative parts the stack top is not the total: say it is a net figure */
        const char *net = neg < 0 ? (c->st->lang == MONEY_FMT_NL ? "saldo " : "net ") : "";
        char full[80], compact[80], num[64];
        value_format(sum, d->kind, c->st->lang, VAL_FULL, num, sizeof num);
        snprintf(full, sizeof full, "%s%s", net, num);
        value_format(sum, d->kind, c->st->lang, VAL_COMPACT, num, sizeof num);
        snprintf(compact, sizeof compact, "%s%s", net, num);
        const char *texts[] = { any ? full : word_missing(c->st->lang), compact };
        if (!place_label(c, texts, any ? 2 : 1, bx + bw / 2, edge - 0.4, true, any ? c->st->text : c->st->muted))
            r->dropped_labels++;
    }
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

bool chart_bars(cairo_t *cr, double x, double y, double w, double h, const chart_data *d,
                const chart_style *st, chart_bar_mode mode, chart_result *out)
{
    chart_ctx c;
    if (!ctx_begin(&c, cr, st, out, x, y, w, h)) return false;
    chart_result *r = c.out;
    bool ok = data_ok(d) && box_ok(x, y, w, h, 60, 50);
    if (!ok) {
        alt_fail(r, st, "geen gegevens of te weinig ruimte", "no data or too little room");
        ctx_end(&c);
        return false;
    }
    bars_layout L = { .stacked = mode == CHART_STACKED, .labels = !(d->flags & CHART_NO_VALUE_LABELS) };
    double base = st->base_size > 0 ? st->base_size : 8.0, top = y, bottom = y + h;
    top += draw_title(&c, d->title, x, y, w);
    if (d->n_series > 1 && !(d->flags & CHART_NO_LEGEND))
        top += draw_legend(&c, d, x, top, w, true) + base * 0.8;
    double note_h = note_height(&c, d->unit_note, w);
    bottom -= note_h;
    L.label_h = font_line_h(&c, FONT_SMALL);
    int64_t lo, hi, ticks[CHART_MAX_TICKS];
    data_range(d, L.stacked, &lo, &hi);
    double neg_band = lo < 0 && L.labels ? L.label_h + base * 0.3 : 0;
    double plot_top = top + (L.labels ? L.label_h + base * 0.3 : L.label_h / 2);
    /* ticks depend on the plot height, the axis width on the ticks, the category band on the
     * slot width: settle them in a few rounds (the axis only ever widens) */
    char labels[CHART_MAX_TICKS][48];
    double axis_w = 0, cat_h = L.label_h, plot_bottom = 0;
    int nt = 0;
    for (int round = 0; round < 3; round++) {
        plot_bottom = bottom - cat_h - base * 0.5 - neg_band;
        int max_ticks = (int)((plot_bottom - plot_top) / (L.label_h * 2.4)) + 1;
        nt = chart_nice_ticks(lo, hi, max_ticks < 3 ? 3 : max_ticks, ticks);
        axis_format(ticks, nt, d->kind, st->lang, labels);
        axis_w = fmax(axis_w, tick_label_width(&c, labels, nt));
        cat_h = category_band(&c, d, (w - axis_w) / d->n_categories);
    }
    plot_bottom = bottom - cat_h - base * 0.5 - neg_band;
    if (plot_bottom - plot_top < base * 3) {
        alt_fail(r, st, "te weinig ruimte", "too little room");
        ctx_end(&c);
        return false;
    }
    L.plot = (chart_box){ x + axis_w, plot_top, w - axis_w, plot_bottom - plot_top };
    L.scale = scale_make(ticks, nt, plot_bottom, plot_top);
    size_bars(&L, d->n_categories, d->n_series, base);
    r->plot = L.plot;
    r->baseline = scale_pos(&L.scale, 0);
    draw_axis(&c, &L, ticks, labels, nt, x);
    draw_bars(&c, d, &L);
    /* category labels under the plot (below the lowest tick, so under negative bars too) */
    for (int k = 0; k < d->n_categories; k++) {
        double tw, th;
        text_set(&c, d->categories ? d->categories[k] : "", FONT_LABEL, L.slot - 2, TEXT_CENTER);
        text_size(&c, &tw, &th);
        double cy = plot_bottom + base * 0.5 + neg_band;
        text_draw(&c, L.plot.x + L.slot * k + (L.slot - tw) / 2, cy, st->text);
    }
    if (lo == 0 && hi == 0) { /* an empty plot must say why it is empty */
        char buf[96], zero[32];
        value_format(0, d->kind, st->lang, VAL_FULL, zero, sizeof zero);
        snprintf(buf, sizeof buf, st->lang == MONEY_FMT_NL ? "Alle waarden zijn %s" : "All values are %s", zero);
        double tw, th;
        text_set(&c, buf, FONT_LABEL, L.plot.w, TEXT_CENTER);
        text_size(&c, &tw, &th);
        text_draw(&c, L.plot.x + (L.plot.w - tw) / 2, L.plot.y + (L.plot.h - th) / 2, st->muted);
    }
    if (L.labels) {
        if (L.stacked) stacked_labels(&c, d, &L);
        else grouped_labels(&c, d, &L);
    }
    draw_note(&c, d->unit_note, x, bottom, w);
    r->used_h = h;
    r->ok = true;
    alt_bars(r, d, st, L.stacked);
    ctx_end(&c);
    return true;
}
