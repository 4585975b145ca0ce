/* Donut of one series: slice angles from exact integer shares, every slice labelled beside it
 * (name, share, amount) with a leader line; empty (0 %) and missing parts are named in a note
 * under the chart instead of being drawn as invisible slivers. Negative parts are refused. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart/chart_int.h"

#define MAX_SLICE_LABELS CHART_MAX_CATEGORIES

typedef struct slice_label {
    int k;
    double mid;            /* angle of the slice middle, clockwise from 12 o'clock */
    double y, h, w;        /* top, height and width of the label block */
    char figures[128];
} slice_label;

static bool donut_data_ok(const chart_data *d)
{
    if (!d || d->n_categories < 1 || d->n_categories > CHART_MAX_CATEGORIES) return false;
    if (d->n_series < 1 || !d->series || !d->series[0].values) return false;
    return true;
}

static bool has_negative(const chart_data *d)
{
    for (int k = 0; k < d->n_categories; k++)
        if (value_present(&d->series[0], k) && d->series[0].values[k] < 0) return true;
    return false;
}

/* Note listing the empty and missing parts; written into buf (empty when there are none). */
static void empty_note(const chart_data *d, const chart_style *st, char *buf, size_t size)
{
    bool nl = st->lang == MONEY_FMT_NL;
    size_t len = 0;
    buf[0] = '\0';
    for (int pass = 0; pass < 2; pass++) {
        int n = 0;
        for (int k = 0; k < d->n_categories; k++) {
            bool present = value_present(&d->series[0], k);
            if (pass == 0 ? !(present && d->series[0].values[k] == 0) : present) continue;
            const char *head = pass == 0 ? (nl ? "Geen bedrag: " : "Nothing for: ")
                                         : (nl ? "Geen cijfers: " : "No figures: ");
            len += (size_t)snprintf(buf + len, len < size ? size - len : 0, "%s%s%s",
                                    n ? ", " : (len ? ". " : ""), n ? "" : head,
                                    d->categories ? d->categories[k] : "");
            if (len >= size) len = size - 1;
            n++;
        }
    }
}

/* Height of the block: name (wrapped) over the figures line. */
static void measure_label(chart_ctx *c, const chart_data *d, slice_label *L, double max_w)
{
    double nw, nh, fw, fh;
    text_measure(c, d->categories ? d->categories[L->k] : "", FONT_LABEL, max_w, &nw, &nh);
    text_measure(c, L->figures, FONT_SMALL, 0, &fw, &fh);
    L->w = fmax(nw, fw);
    L->h = nh + fh;
}

/* Spreads the labels of one side down the column without overlap, then back up from the bottom;
 * false when they do not fit between top and bottom. */
static bool spread(slice_label **col, int n, double top, double bottom, double gap)
{
    /* keep the slices' order down the column (clockwise on the right, anticlockwise on the
     * left), so that leader lines never cross */
    for (int i = 1; i < n; i++)
        for (int j = i; j > 0 && cos(col[j]->mid) > cos(col[j - 1]->mid); j--) {
            slice_label *t = col[j];
            col[j] = col[j - 1];
            col[j - 1] = t;
        }
    for (int i = 0; i < n; i++) {
        double min_y = i ? col[i - 1]->y + col[i - 1]->h + gap : top;
        if (col[i]->y < min_y) col[i]->y = min_y;
    }
    for (int i = n - 1; i >= 0; i--) {
        double max_y = i < n - 1 ? col[i + 1]->y - gap - col[i]->h : bottom - col[i]->h;
        if (col[i]->y > max_y) col[i]->y = max_y;
    }
    return n == 0 || col[0]->y >= top - 0.01;
}

static void draw_slices(chart_ctx *c, const chart_data *d, double cx, double cy, double R, double r_in)
{
    chart_result *res = c->out;
    for (int i = 0; i < res->n_slices; i++) {
        chart_slice *s = &res->slices[i];
        cairo_new_path(c->cr);
        cairo_arc(c->cr, cx, cy, R, s->start - M_PI / 2, s->end - M_PI / 2);
        cairo_arc_negative(c->cr, cx, cy, r_in, s->end - M_PI / 2, s->start - M_PI / 2);
        cairo_close_path(c->cr);
        fill_current_path(c, category_color(d, s->category), s->category);
    }
    if (res->n_slices < 2) return;
    set_rgb(c->cr, c->st->background); /* seams so neighbours of similar lightness stay apart */
    cairo_set_line_width(c->cr, 1.0);
    for (int i = 0; i < res->n_slices; i++) {
        double a = res->slices[i].start;
        cairo_move_to(c->cr, cx + r_in * sin(a), cy - r_in * cos(a));
        cairo_line_to(c->cr, cx + R * sin(a), cy - R * cos(a));
    }
    cairo_stroke(c->cr);
}

/* Exact angles: each boundary is 2*pi times an integer running sum over the integer total. */
static int64_t make_slices(chart_result *r, const chart_data *d)
{
    int64_t total = 0, run = 0;
    for (int k = 0; k < d->n_categories; k++)
        if (value_present(&d->series[0], k)) total += d->series[0].values[k];
    if (total <= 0) return total;
    for (int k = 0; k < d->n_categories; k++) {
        if (!value_present(&d->series[0], k) || d->series[0].values[k] == 0) continue;
        double a0 = 2 * M_PI * ((double)run / (double)total);
        run += d->series[0].values[k];
        double a1 = run == total ? 2 * M_PI : 2 * M_PI * ((double)run / (double)total);
        r->slices[r->n_slices++] = (chart_slice){ a0, a1, k, d->series[0].values[k] };
    }
    return total;
}

static void draw_leader(chart_ctx *c, const slice_label *L, double cx, double cy, double R,
                        double lx)
{
    /* a short radial stub marks the slice, then the line runs to the label's first line */
    double r1 = R + 2, r2 = R + c->st->base_size * 0.6;
    double my = L->y + fmin(L->h, font_line_h(c, FONT_LABEL)) / 2;
    set_rgb(c->cr, c->st->muted);
    cairo_set_line_width(c->cr, 0.5);
    cairo_move_to(c->cr, cx + r1 * sin(L->mid), cy - r1 * cos(L->mid));
    cairo_line_to(c->cr, cx + r2 * sin(L->mid), cy - r2 * cos(L->mid));
    cairo_line_to(c->cr, lx, my);
    cairo_stroke(c->cr);
}

static void draw_centre(chart_ctx *c, const chart_data *d, int64_t total, double cx, double cy, double r_in)
{
    char buf[64];
    value_format(total, d->kind, c->st->lang, VAL_FULL, buf, sizeof buf);
    for (int form = 0; form < 2; form++) {
        double tw, th, sw, sh;
        const char *word = c->st->lang == MONEY_FMT_NL ? "totaal" : "total";
        text_measure(c, word, FONT_SMALL, 0, &sw, &sh);
        text_measure(c, buf, FONT_BOLD, 0, &tw, &th);
        /* the text block's corners must stay inside the hole */
        if (hypot(fmax(tw, sw) / 2, (th + sh) / 2) <= r_in - 1) {
            text_draw(c, cx - tw / 2, cy - (th + sh) / 2, c->st->text);
            text_set(c, word, FONT_SMALL, 0, TEXT_LEFT);
            text_draw(c, cx - sw / 2, cy - (th + sh) / 2 + th, c->st->muted);
            return;
        }
        value_format(total, d->kind, c->st->lang, VAL_COMPACT, buf, sizeof buf);
    }
}

typedef struct donut_geo {
    double cx, cy, R, r_in, leader, label_w;
    double used; /* height taken by ring and labels */
    int n;
    slice_label labels[MAX_SLICE_LABELS];
} donut_geo;

/* Label texts and sizes for every drawn slice; returns the widest label. */
static double prepare_labels(chart_ctx *c, const chart_data *d, int64_t total, donut_geo *g)
{
    chart_result *r = c->out;
    double maxw = 0;
    g->n = r->n_slices;
    for (int i = 0; i < r->n_slices; i++) {
        slice_label *L = &g->labels[i];
        char pct[32], amount[64];
        L->k = r->slices[i].category;
        L->mid = (r->slices[i].start + r->slices[i].end) / 2;
        if (r->n_slices == 1) L->mid = M_PI / 2; /* a full ring: label it at 3 o'clock */
        percent_format(r->slices[i].value, total, c->st->lang, pct, sizeof pct);
        value_format(r->slices[i].value, d->kind, c->st->lang, VAL_FULL, amount, sizeof amount);
        snprintf(L->figures, sizeof L->figures, "%s \xC2\xB7 %s", pct, amount);
        measure_label(c, d, L, g->label_w);
        maxw = fmax(maxw, L->w);
    }
    return maxw;
}

/* Ring size and label columns inside (x, top, w, ph); false when the labels cannot be placed. */
static bool donut_layout(chart_ctx *c, const chart_data *d, int64_t total, double x, double top, double w,
                         double ph, donut_geo *g)
{
    double base = c->st->base_size;
    g->leader = base * 1.5;
    g->label_w = w * 0.27;
    double maxw = prepare_labels(c, d, total, g);
    /* beyond about nine text sizes a bigger ring adds ink, not information, and pushes the
     * labels away from their slices */
    g->R = fmin(fmin(ph / 2 - 1, (w - 2 * (maxw + g->leader + 2)) / 2), base * 9);
    if (g->R < base * 2.5) return false;
    /* the chart takes the height the ring or the taller label column needs, from the top; spare
     * room stays below so the caption follows closely */
    double col[2] = { 0, 0 }, gap = base * 0.3;
    for (int i = 0; i < g->n; i++) col[sin(g->labels[i].mid) >= 0] += g->labels[i].h + gap;
    g->used = fmin(ph, fmax(2 * g->R + 2, fmax(col[0], col[1])));
    g->cx = x + w / 2;
    g->cy = top + g->used / 2;
    g->r_in = g->R * 0.58;
    slice_label *right[MAX_SLICE_LABELS], *left[MAX_SLICE_LABELS];
    int nr = 0, nl = 0;
    for (int i = 0; i < g->n; i++) {
        slice_label *L = &g->labels[i];
        L->y = g->cy - (g->R + base) * cos(L->mid) - L->h / 2;
        if (sin(L->mid) >= 0) right[nr++] = L;
        else left[nl++] = L;
    }
    return spread(right, nr, top, top + g->used, gap) && spread(left, nl, top, top + g->used, gap);
}

static void draw_labels(chart_ctx *c, const chart_data *d, const donut_geo *g)
{
    for (int i = 0; i < g->n; i++) {
        const slice_label *L = &g->labels[i];
        bool on_right = sin(L->mid) >= 0;
        double lx = on_right ? g->cx + g->R + g->leader : g->cx - g->R - g->leader;
        draw_leader(c, L, g->cx, g->cy, g->R, on_right ? lx - 2 : lx + 2);
        double nw, nh, fw, fh;
        text_set(c, d->categories ? d->categories[L->k] : "", FONT_LABEL, g->label_w,
                 on_right ? TEXT_LEFT : TEXT_RIGHT);
        text_size(c, &nw, &nh);
        text_draw(c, on_right ? lx : lx - nw, L->y, c->st->text);
        text_set(c, L->figures, FONT_SMALL, 0, TEXT_LEFT);
        text_size(c, &fw, &fh);
        text_draw(c, on_right ? lx : lx - fw, L->y + nh, c->st->muted);
    }
}

static void draw_donut(chart_ctx *c, const chart_data *d, int64_t total, const donut_geo *g)
{
    chart_result *r = c->out;
    r->plot = (chart_box){ g->cx - g->R, g->cy - g->R, 2 * g->R, 2 * g->R };
    r->baseline = g->cy;
    if (total <= 0) { /* nothing to share out: an empty ring, not a full one */
        cairo_new_path(c->cr);
        cairo_arc(c->cr, g->cx, g->cy, g->R, 0, 2 * M_PI);
        cairo_arc_negative(c->cr, g->cx, g->cy, g->r_in, 2 * M_PI, 0);
        set_rgb(c->cr, c->st->grid);
        cairo_fill(c->cr);
    }
    draw_slices(c, d, g->cx, g->cy, g->R, g->r_in);
    draw_labels(c, d, g);
    draw_centre(c, d, total, g->cx, g->cy, g->r_in);
}

/* Title and note heights of a donut (nothing drawn); the note names the empty parts. */
static void donut_frame(chart_ctx *c, const chart_data *d, double w, double *title_h, char *note, size_t size,
                        double *note_h)
{
    double tw;
    *title_h = 0;
    if (c->st->title_in_chart && d->title && *d->title) {
        text_measure(c, d->title, FONT_TITLE, w, &tw, title_h);
        *title_h += c->st->base_size * 0.6;
    }
    char empty[512];
    empty_note(d, c->st, empty, sizeof empty);
    snprintf(note, size, "%s%s%s", empty, empty[0] ? (d->unit_note ? ". " : ".") : "", d->unit_note ? d->unit_note : "");
    *note_h = note_height(c, note, w);
}

double chart_donut_height(cairo_t *cr, double w, const chart_data *d, const chart_style *st)
{
    if (!donut_data_ok(d) || !(w >= 80) || has_negative(d)) return 0;
    chart_ctx c;
    if (!ctx_begin(&c, cr, st, NULL, 0, 0, w, 1e6)) return 0;
    double title_h, note_h, h = 0;
    char note[700];
    donut_frame(&c, d, w, &title_h, note, sizeof note, &note_h);
    int64_t total = make_slices(c.out, d);
    donut_geo *g = malloc(sizeof *g);
    if (g && donut_layout(&c, d, total, 0, title_h, w, 1e5, g)) h = ceil(title_h + g->used + note_h);
    free(g);
    ctx_end(&c);
    return h;
}

bool chart_donut(cairo_t *cr, double x, double y, double w, double h, const chart_data *d,
                 const chart_style *st, chart_result *out)
{
    chart_ctx c;
    if (!ctx_begin(&c, cr, st, out, x, y, w, h)) return false;
    st = c.st;
    chart_result *r = c.out;
    if (!donut_data_ok(d) || !(w >= 80 && h >= 60) || !isfinite(x) || !isfinite(y)) {
        alt_fail(r, st, "geen gegevens of te weinig ruimte", "no data or too little room");
        ctx_end(&c);
        return false;
    }
    if (has_negative(d)) {
        alt_fail(r, st, "ringdiagram niet mogelijk: negatieve bedragen zijn geen deel van een geheel",
                 "donut not possible: negative amounts are not parts of a whole");
        ctx_end(&c);
        return false;
    }
    double title_h, note_h;
    char note[700];
    donut_frame(&c, d, w, &title_h, note, sizeof note, &note_h);
    int64_t total = make_slices(r, d);
    donut_geo *g = malloc(sizeof *g);
    bool ok = g && donut_layout(&c, d, total, x, y + title_h, w, h - title_h - note_h, g);
    if (ok) { /* all placed: only now put ink on the page */
        draw_title(&c, d->title, x, y, w);
        draw_note(&c, note, x, y + title_h + g->used, w);
        draw_donut(&c, d, total, g);
        r->used_h = title_h + g->used + note_h;
        r->ok = true;
        alt_donut(r, d, st);
    } else {
        alt_fail(r, st, "te weinig ruimte voor de labels", "too little room for the labels");
    }
    free(g);
    ctx_end(&c);
    return ok;
}
