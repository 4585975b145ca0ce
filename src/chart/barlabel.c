/* Value labels of bar charts, placed without collisions: grouped bars get upright labels on
 * every bar or, when those do not all fit, labels turned along the bars; stacked segments are
 * labelled inside (or just outside the stack's ends); totals above the stacks. */
#include <math.h>
#include <stdio.h>

#include "chart/chart_int.h"

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
            bar_x(L, k, s, &bx, &bw);
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

void bars_grouped_labels(chart_ctx *c, const chart_data *d, const bars_layout *L)
{
    bar_label bl[CHART_MAX_BARS];
    int n = collect_labels(d, L, bl);
    if (upright_pass(c, d, bl, n, VAL_FULL) || upright_pass(c, d, bl, n, VAL_COMPACT)) return;
    rotated_pass(c, d, L, bl, n);
}

/* Stacked bars: a segment's label goes inside it when it fits; totals (flag) above the stack. */
void bars_stacked_labels(chart_ctx *c, const chart_data *d, const bars_layout *L)
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
        bar_x(L, k, 0, &bx, &bw);
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
