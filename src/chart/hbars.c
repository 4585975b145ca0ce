/* Ranked horizontal bars (first series): wrapped labels on the left, never cut; the value right
 * of each bar (left for negatives), so no axis is needed. Colours may mark the action line of
 * each category, with a small legend of the lines used. */
#include <math.h>

#include "chart/chart_int.h"
#include "kader.h"

typedef struct hb_layout {
    double label_w, value_w, neg_w;  /* label column; value label room right / left of bars */
    double bar_h, gap, legend_h, title_h, note_h;
    double row_h[CHART_MAX_CATEGORIES];
    int order[CHART_MAX_CATEGORIES];
    val_form form;
    int legend_refs[4];
    const char *legend_names[4];
    int n_legend;
} hb_layout;

/* Ranking order: larger values first, missing values last, ties in input order. */
static bool ranks_before(const chart_data *d, int i, int j)
{
    const chart_series *s = &d->series[0];
    bool pi = value_present(s, i), pj = value_present(s, j);
    if (pi != pj) return pi;
    if (pi && s->values[i] != s->values[j]) return s->values[i] > s->values[j];
    return i < j;
}

static void rank(const chart_data *d, int *order)
{
    for (int k = 0; k < d->n_categories; k++) order[k] = k;
    if (!(d->flags & CHART_SORT_DESC)) return;
    for (int i = 1; i < d->n_categories; i++) /* insertion sort: stable, n <= 24 */
        for (int j = i; j > 0 && ranks_before(d, order[j], order[j - 1]); j--) {
            int t = order[j];
            order[j] = order[j - 1];
            order[j - 1] = t;
        }
}

static double widest_value(chart_ctx *c, const chart_data *d, val_form form, bool negative)
{
    double best = 0;
    char buf[64];
    for (int k = 0; k < d->n_categories; k++) {
        const chart_series *s = &d->series[0];
        bool present = value_present(s, k);
        if (present && (s->values[k] < 0) != negative) continue;
        if (!present && negative) continue;
        if (present) value_format(s->values[k], d->kind, c->st->lang, form, buf, sizeof buf);
        double tw, th;
        text_measure(c, present ? buf : word_missing(c->st->lang), FONT_SMALL, 0, &tw, &th);
        if (tw > best) best = tw;
    }
    return best;
}

/* Action lines used by the category colours, for the legend (only when two or more). */
static void collect_legend(const chart_data *d, const chart_style *st, hb_layout *L)
{
    bool used[4] = { false };
    for (int k = 0; d->category_color && k < d->n_categories; k++) {
        int ref = d->category_color[k];
        if (ref >= 0 && ref < 4) used[ref] = true;
    }
    L->n_legend = 0;
    for (int a = 0; a < 4; a++)
        if (used[a]) {
            L->legend_refs[L->n_legend] = a;
            L->legend_names[L->n_legend++] = st->lang == MONEY_FMT_NL ? kader_actionlines[a].short_nl
                                                                      : kader_actionlines[a].short_en;
        }
    if (L->n_legend < 2) L->n_legend = 0;
}

/* Computes the whole layout for width w; returns the total height it needs. */
static double hb_measure(chart_ctx *c, const chart_data *d, double w, hb_layout *L)
{
    const chart_style *st = c->st;
    double base = st->base_size > 0 ? st->base_size : 8.0;
    rank(d, L->order);
    collect_legend(d, st, L);
    L->title_h = 0;
    if (st->title_in_chart && d->title && *d->title) {
        double tw, th;
        text_measure(c, d->title, FONT_TITLE, w, &tw, &th);
        L->title_h = th + base * 0.6;
    }
    L->legend_h = L->n_legend ? draw_swatches(c, L->n_legend, L->legend_refs, L->legend_names, 0, 0, w,
                                              false) + base * 0.8 : 0;
    L->note_h = note_height(c, d->unit_note, w);
    L->form = VAL_FULL;
    L->value_w = widest_value(c, d, VAL_FULL, false);
    L->neg_w = widest_value(c, d, VAL_FULL, true);
    if (L->value_w + L->neg_w > w * 0.3) {
        L->form = VAL_COMPACT;
        L->value_w = widest_value(c, d, VAL_COMPACT, false);
        L->neg_w = widest_value(c, d, VAL_COMPACT, true);
    }
    L->value_w += base * 0.4;
    if (L->neg_w > 0) L->neg_w += base * 0.4;
    double natural = 0;
    for (int k = 0; k < d->n_categories; k++) {
        double tw, th;
        text_measure(c, d->categories ? d->categories[k] : "", FONT_LABEL, 0, &tw, &th);
        natural = fmax(natural, tw);
    }
    L->label_w = fmin(natural, w * 0.4);
    L->bar_h = base * 1.35;
    L->gap = base * 0.55;
    double total = L->title_h + L->legend_h + L->note_h;
    for (int k = 0; k < d->n_categories; k++) {
        double tw, th;
        text_measure(c, d->categories ? d->categories[k] : "", FONT_LABEL, L->label_w, &tw, &th);
        L->row_h[k] = fmax(th, L->bar_h);
        total += L->row_h[k] + (k ? L->gap : 0);
    }
    return total;
}

double chart_hbars_height(cairo_t *cr, double w, const chart_data *d, const chart_style *st)
{
    if (!d || d->n_series < 1 || !d->series || !d->series[0].values || d->n_categories < 1 ||
        d->n_categories > CHART_MAX_CATEGORIES || !(w > 0))
        return 0;
    chart_ctx c;
    chart_result *scratch = NULL;
    if (!ctx_begin(&c, cr, st, scratch, 0, 0, w, 1)) return 0;
    st = c.st;
    hb_layout L;
    double h = hb_measure(&c, d, w, &L);
    ctx_end(&c);
    return ceil(h);
}

static void draw_row(chart_ctx *c, const chart_data *d, const hb_layout *L, const chart_scale *sc,
                     int k, double y)
{
    const chart_series *s = &d->series[0];
    double rh = L->row_h[k], base = c->st->base_size;
    double lw, lh;
    text_set(c, d->categories ? d->categories[k] : "", FONT_LABEL, L->label_w, TEXT_LEFT);
    text_size(c, &lw, &lh);
    text_draw(c, c->box.x, y + (rh - lh) / 2, c->st->text);
    double by = y + (rh - L->bar_h) / 2, zero = scale_pos(sc, 0);
    char buf[64];
    const char *label = word_missing(c->st->lang);
    chart_rgb col = c->st->muted;
    double end = zero;
    if (value_present(s, k)) {
        int64_t v = s->values[k];
        double p = scale_pos(sc, v);
        chart_box b = { fmin(p, zero), by, fabs(p - zero), L->bar_h };
        if (v == 0) b = (chart_box){ zero - 0.4, by, 0.8, L->bar_h }; /* a visible zero */
        fill_rect(c, b, category_color(d, k), k);
        result_bar(c->out, b, k, 0, v);
        value_format(v, d->kind, c->st->lang, L->form, buf, sizeof buf);
        label = buf;
        col = c->st->text;
        end = v < 0 ? b.x : b.x + b.w;
    }
    double tw, th;
    text_set(c, label, FONT_SMALL, 0, TEXT_LEFT);
    text_size(c, &tw, &th);
    bool neg = value_present(s, k) && s->values[k] < 0;
    double tx = neg ? end - base * 0.4 - tw : end + base * 0.4;
    text_draw(c, tx, by + (L->bar_h - th) / 2, col);
}

bool chart_hbars(cairo_t *cr, double x, double y, double w, double h, const chart_data *d,
                 const chart_style *st, chart_result *out)
{
    chart_ctx c;
    if (!ctx_begin(&c, cr, st, out, x, y, w, h)) return false;
    st = c.st;
    chart_result *r = c.out;
    hb_layout L;
    bool ok = d && d->n_series >= 1 && d->series && d->series[0].values && d->n_categories >= 1 &&
              d->n_categories <= CHART_MAX_CATEGORIES && isfinite(x) && isfinite(y) && w >= 80;
    double need = ok ? hb_measure(&c, d, w, &L) : 0;
    if (!ok || !(need <= h + 0.01)) { /* never cut rows off: the caller asks chart_hbars_height */
        alt_fail(r, st, "geen gegevens of te weinig ruimte", "no data or too little room");
        ctx_end(&c);
        return false;
    }
    double base = st->base_size > 0 ? st->base_size : 8.0;
    double top = y + draw_title(&c, d->title, x, y, w);
    if (L.n_legend) draw_swatches(&c, L.n_legend, L.legend_refs, L.legend_names, x, top, w, true);
    top += L.legend_h;
    int64_t lo, hi;
    data_range(d, false, &lo, &hi);
    if (lo == hi) hi = lo + 1;
    double x0 = x + L.label_w + base * 0.6 + L.neg_w, x1 = x + w - L.value_w;
    chart_scale sc = { lo, hi, x0, x1 };
    r->plot = (chart_box){ x0, top, x1 - x0, need - L.title_h - L.legend_h - L.note_h };
    r->baseline = scale_pos(&sc, 0);
    double cy = top;
    for (int i = 0; i < d->n_categories; i++) {
        int k = L.order[i];
        draw_row(&c, d, &L, &sc, k, cy);
        cy += L.row_h[k] + L.gap;
    }
    set_rgb(cr, st->axis); /* zero line over the full height of the rows */
    cairo_set_line_width(cr, 0.8);
    cairo_move_to(cr, r->baseline, top);
    cairo_line_to(cr, r->baseline, top + r->plot.h);
    cairo_stroke(cr);
    draw_note(&c, d->unit_note, x, top + r->plot.h, w);
    r->used_h = need;
    r->ok = true;
    alt_hbars(r, d, st);
    ctx_end(&c);
    return true;
}
