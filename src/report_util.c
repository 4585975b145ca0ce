/* Report helpers: language, number and date formatting, reported amounts per year, and charts
 * placed as document figures (with their alt text computed before layout). */
#include "report_int.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static _Thread_local char ring[8][256];
static _Thread_local int ring_next;

static char *next_buf(void)
{
    char *b = ring[ring_next];
    ring_next = (ring_next + 1) % 8;
    return b;
}

const char *r_money(const report_ctx *c, int64_t cents)
{
    return money_format(cents, c->ml, MONEY_WHOLE, next_buf(), 256);
}

const char *r_money_rounded(const report_ctx *c, int64_t cents)
{
    int64_t euros = (cents >= 0 ? cents + 50 : cents - 50) / 100;
    return money_format(euros * 100, c->ml, MONEY_WHOLE, next_buf(), 256);
}

const char *r_pct(const report_ctx *c, int64_t part, int64_t whole)
{
    return percent_format(part, whole, c->ml, next_buf(), 256);
}

const char *r_int(const report_ctx *c, long long v)
{
    return int_format(v, c->ml, next_buf(), 256);
}

const char *r_fmt(const char *fmt, ...)
{
    char *b = next_buf();
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(b, 256, fmt, ap);
    va_end(ap);
    return b;
}

const char *r_date(const report_ctx *c, long long unix_time)
{
    static const char *nl[] = { "januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                                "september", "oktober", "november", "december" };
    static const char *en[] = { "January", "February", "March", "April", "May", "June", "July", "August",
                                "September", "October", "November", "December" };
    time_t t = (time_t)unix_time;
    struct tm tm;
    gmtime_r(&t, &tm);
    return r_fmt("%d %s %d", tm.tm_mday, (c->en ? en : nl)[tm.tm_mon], tm.tm_year + 1900);
}

const char *r_actionline_name(const report_ctx *c, int al)
{
    return c->en ? kader_actionlines[al].short_en : kader_actionlines[al].short_nl;
}

const char *r_subtheme_name(const report_ctx *c, int st)
{
    return c->en ? kader_subthemes[st].short_en : kader_subthemes[st].short_nl;
}

const char *r_kind_name(const report_ctx *c, budget_kind k)
{
    return k == KIND_REALISATIE ? L(c, "realisatie", "actuals") : L(c, "begroting", "budget");
}

const char *r_year_header(const report_ctx *c, int yi)
{
    int year = c->m->first_year + yi;
    if (c->kind[yi] == KIND_REALISATIE) return r_fmt("%d", year);
    return r_fmt("%d (%s)", year, L(c, "begroting", "budget"));
}

int64_t r_subtheme_amount(const report_ctx *c, int yi, int st)
{
    return c->t->by_target[yi][c->kind[yi]][st];
}

int64_t r_actionline_amount(const report_ctx *c, int yi, int al)
{
    return c->t->by_actionline[yi][c->kind[yi]][al];
}

int64_t r_allocated(const report_ctx *c, int yi)
{
    return c->t->allocated[yi][c->kind[yi]];
}

int64_t r_total(const report_ctx *c, int yi)
{
    return c->t->total[yi][c->kind[yi]];
}

/* ---- charts as figures ---- */

typedef struct fig {
    fig_kind kind;
    chart_style style;
    chart_data data;
    chart_matrix_data matrix;
    bool is_matrix;
    char **strings; /* everything copied, freed at once */
    int nstrings;
    void *blocks[16];
    int nblocks;
    char alt[CHART_ALT_MAX];        /* what the chart drew, said in words */
} fig;

static char *fig_str(fig *f, const char *s)
{
    if (!s) return NULL;
    f->strings = realloc(f->strings, (size_t)(f->nstrings + 1) * sizeof *f->strings);
    return f->strings[f->nstrings++] = strdup(s);
}

static void *fig_block(fig *f, const void *src, size_t bytes)
{
    if (!src || f->nblocks >= 16) return NULL;
    void *p = malloc(bytes ? bytes : 1);
    memcpy(p, src, bytes);
    f->blocks[f->nblocks++] = p;
    return p;
}

static const char **fig_strs(fig *f, const char *const *src, int n)
{
    if (!src) return NULL;
    const char **out = fig_block(f, src, (size_t)n * sizeof *out);
    for (int i = 0; i < n; i++) out[i] = fig_str(f, src[i]);
    return out;
}

static void fig_free(void *p)
{
    fig *f = p;
    for (int i = 0; i < f->nstrings; i++) free(f->strings[i]);
    for (int i = 0; i < f->nblocks; i++) free(f->blocks[i]);
    free(f->strings);
    free(f);
}

static bool fig_draw_into(fig *f, cairo_t *cr, double w, double h, chart_result *res)
{
    if (f->is_matrix) return chart_matrix(cr, 0, 0, w, h, &f->matrix, &f->style, res);
    switch (f->kind) {
    case FIG_BARS_GROUPED: return chart_bars(cr, 0, 0, w, h, &f->data, &f->style, CHART_GROUPED, res);
    case FIG_BARS_STACKED: return chart_bars(cr, 0, 0, w, h, &f->data, &f->style, CHART_STACKED, res);
    case FIG_HBARS: return chart_hbars(cr, 0, 0, w, h, &f->data, &f->style, res);
    case FIG_DONUT: return chart_donut(cr, 0, 0, w, h, &f->data, &f->style, res);
    case FIG_SPARK: return chart_sparkline(cr, 0, 0, w, h, &f->data, &f->style, res);
    }
    return false;
}

/* Draws the chart into the PDF and keeps the alternative text it makes on the way. */
static void fig_draw(cairo_t *cr, double w, double h, void *ctx)
{
    fig *f = ctx;
    chart_result *res = calloc(1, sizeof *res);
    fig_draw_into(f, cr, w, h, res);
    if (res) snprintf(f->alt, sizeof f->alt, "%s", res->alt);
    free(res);
}

static const char *fig_describe(void *ctx)
{
    return ((fig *)ctx)->alt;
}

static double text_width(const report_ctx *c)
{
    return c->lay->page_w - c->lay->margin_left - c->lay->margin_right;
}

static void place(report_ctx *c, fig *f, double h, const char *caption)
{
    doc_figure_described(c->doc, text_width(c), h, fig_draw, fig_describe, f, fig_free, caption);
}

void r_chart_figure(report_ctx *c, fig_kind kind, const chart_data *data, double height_pt, const char *caption)
{
    fig *f = calloc(1, sizeof *f);
    f->kind = kind;
    f->style = c->cs;
    f->data = *data;
    f->data.title = fig_str(f, data->title);
    f->data.subject = fig_str(f, data->subject);
    f->data.unit_note = fig_str(f, data->unit_note);
    f->data.categories = fig_strs(f, data->categories, data->n_categories);
    f->data.category_color = fig_block(f, data->category_color, (size_t)data->n_categories * sizeof(int));
    chart_series *series = fig_block(f, data->series, (size_t)data->n_series * sizeof *series);
    for (int s = 0; s < data->n_series; s++) {
        series[s].name = fig_str(f, data->series[s].name);
        series[s].values = fig_block(f, data->series[s].values, (size_t)data->n_categories * sizeof(int64_t));
        series[s].missing = fig_block(f, data->series[s].missing, (size_t)data->n_categories * sizeof(bool));
    }
    f->data.series = series;
    if (kind == FIG_HBARS || kind == FIG_DONUT) {
        /* these charts know the height they need at the text width */
        cairo_surface_t *rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
        cairo_t *cr = cairo_create(rec);
        double need = kind == FIG_HBARS ? chart_hbars_height(cr, text_width(c), &f->data, &f->style)
                                        : chart_donut_height(cr, text_width(c), &f->data, &f->style);
        cairo_destroy(cr);
        cairo_surface_destroy(rec);
        if (kind == FIG_DONUT || need > height_pt) height_pt = need;
    }
    place(c, f, height_pt, caption);
}

void r_matrix_figure(report_ctx *c, const chart_matrix_data *data, const char *caption)
{
    fig *f = calloc(1, sizeof *f);
    f->is_matrix = true;
    f->style = c->cs;
    f->matrix = *data;
    chart_matrix_data *m = &f->matrix;
    m->title = fig_str(f, data->title);
    m->subject = fig_str(f, data->subject);
    m->unit_note = fig_str(f, data->unit_note);
    m->rows = fig_strs(f, data->rows, data->n_rows);
    m->row_group = fig_block(f, data->row_group, (size_t)data->n_rows * sizeof(int));
    m->group_names = fig_strs(f, data->group_names, KADER_ACTIONLINES);
    m->cols = fig_strs(f, data->cols, data->n_cols);
    m->cells = fig_block(f, data->cells, (size_t)(data->n_rows * data->n_cols) * sizeof(int));
    m->cell_text = fig_strs(f, data->cell_text, data->n_rows * data->n_cols);
    m->levels = fig_strs(f, data->levels, data->n_levels);
    cairo_surface_t *rec = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
    cairo_t *cr = cairo_create(rec);
    double h = chart_matrix_height(cr, text_width(c), m, &f->style);
    cairo_destroy(cr);
    cairo_surface_destroy(rec);
    place(c, f, h, caption);
}
