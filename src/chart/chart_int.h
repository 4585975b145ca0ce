/* Internals shared by the chart files: one drawing context per call (cairo, style, a reused
 * Pango layout, the result being filled, boxes already taken by ink) and small helpers. */
#ifndef KR_CHART_INT_H
#define KR_CHART_INT_H

#include <pango/pangocairo.h>

#include "chart/chart.h"

typedef enum { FONT_LABEL, FONT_SMALL, FONT_BOLD, FONT_TITLE, FONT_KINDS } chart_font;

#define CHART_MAX_TAKEN 640

typedef struct chart_ctx {
    cairo_t *cr;
    const chart_style *st;    /* points at style */
    chart_style style;        /* the caller's style, normalised */
    chart_result *out;        /* never NULL inside the drawing code (a scratch one if needed) */
    PangoLayout *layout;      /* the current text, borrowed from the thread's layout cache */
    bool saved;               /* cairo state saved by ctx_begin */
    chart_box box;            /* the caller's box */
    bool own_out;             /* out is a scratch result to free at the end */
    int n_taken;
    chart_box taken[CHART_MAX_TAKEN]; /* ink already placed, for collision checks */
} chart_ctx;

/* ---- context (label.c) ---- */
/* Prepares ctx for a chart in the box; out may be NULL (a heap scratch result is used).
 * Returns false when memory or Pango fails; then nothing is drawn. */
bool ctx_begin(chart_ctx *c, cairo_t *cr, const chart_style *st, chart_result *out, double x,
               double y, double w, double h);
void ctx_end(chart_ctx *c);

enum { TEXT_LEFT, TEXT_CENTER, TEXT_RIGHT };
/* Laid-out text (plain UTF-8, not markup) from the thread's cache (textcache.c); wrap > 0 wraps
 * words at that width, aligned within it; otherwise one line. Tabular figures throughout.
 * Returns a borrowed layout that must not be modified, or NULL when Pango fails. */
PangoLayout *layout_get(const chart_style *st, chart_font f, const char *text, double wrap, int align);
/* Makes `text` the current layout of the chart (see layout_get). */
void text_set(chart_ctx *c, const char *text, chart_font f, double wrap, int align);
/* Logical size of the current layout text in pt. */
void text_size(chart_ctx *c, double *w, double *h);
/* Draws the current layout with its top-left at (x, y) and records its box as a label. */
void text_draw(chart_ctx *c, double x, double y, chart_rgb color);
/* Draws the current layout turned 90 degrees (reading upward) so that its ink fills box b
 * (b.w is the text height, b.h its length); records b. */
void text_draw_rotated(chart_ctx *c, chart_box b, chart_rgb color);
/* Solid patch behind a label that sits on a hatched fill, so the hatch never crosses glyphs. */
void label_plate(chart_ctx *c, chart_box b, chart_rgb fill);
/* Convenience: set + measure. */
void text_measure(chart_ctx *c, const char *text, chart_font f, double wrap, double *w, double *h);
/* Line height of a font kind in pt. */
double font_line_h(chart_ctx *c, chart_font f);

/* Collision bookkeeping: true when b intersects nothing taken and lies inside the caller's box. */
bool box_free(const chart_ctx *c, chart_box b);
void box_take(chart_ctx *c, chart_box b);
bool box_inside(chart_box outer, chart_box b);
bool box_overlap(chart_box a, chart_box b);

/* ---- colour (style.c) ---- */
chart_rgb color_resolve(const chart_style *st, int ref, int position);
/* Fills a rectangle with the colour and, when style.patterns, the hatch of the reference. */
void fill_rect(chart_ctx *c, chart_box b, int ref, int position);
void fill_current_path(chart_ctx *c, int ref, int position);
void set_rgb(cairo_t *cr, chart_rgb c);
/* True when fills of this reference carry a hatch (labels on them need a plate). */
bool is_hatched(const chart_style *st, int ref, int position);
/* Text colour readable on top of fill colour (dark text on light, white on dark). */
chart_rgb text_on(const chart_style *st, chart_rgb fill);
/* Colour reference of series s / category k honouring CHART_COLOR_AUTO. */
int series_color(const chart_data *d, int s);
int category_color(const chart_data *d, int k);

/* ---- numbers (axis.c) ---- */
typedef enum { VAL_FULL, VAL_COMPACT } val_form;
/* A value as a label: full ("€ 536.600", whole euros) or compact ("€ 1,2 mln", "€537k"). */
void value_format(int64_t v, chart_value_kind kind, money_lang lang, val_form form, char *buf,
                  size_t size);
/* Tick labels for a whole axis in one consistent unit, exact for every tick. */
void axis_format(const int64_t *ticks, int n, chart_value_kind kind, money_lang lang,
                 char labels[][48]);
/* Linear map of values onto one coordinate: lo -> p0, hi -> p1 (hi > lo guaranteed). */
typedef struct chart_scale {
    int64_t lo, hi;
    double p0, p1;
} chart_scale;
chart_scale scale_make(const int64_t *ticks, int n, double p0, double p1);
double scale_pos(const chart_scale *s, int64_t v);
/* "n.b." / "n/a" */
const char *word_missing(money_lang lang);

/* Data range over all present values of all series (or of stacked sums when stacked). */
void data_range(const chart_data *d, bool stacked, int64_t *lo, int64_t *hi);
bool value_present(const chart_series *s, int k);

/* ---- shared pieces (label.c) ---- */
/* Title at the top when the style asks for it; returns the height used. */
double draw_title(chart_ctx *c, const char *title, double x, double y, double w);
/* Swatch + name items in rows (drawn when `draw`); returns the height used. */
double draw_swatches(chart_ctx *c, int n, const int *refs, const char *const *names, double x,
                     double y, double w, bool draw);
/* Legend of the series in rows of swatch + name; returns the height used. */
double draw_legend(chart_ctx *c, const chart_data *d, double x, double y, double w, bool draw);
/* Unit note at the bottom (small, muted); returns the height used. */
double note_height(chart_ctx *c, const char *note, double w);
void draw_note(chart_ctx *c, const char *note, double x, double y, double w);

/* ---- bar charts (bars.c, barlabel.c) ---- */
typedef struct bars_layout {
    chart_box plot;
    chart_scale scale;
    double slot, bar_w, group_w, bar_gap;
    double label_h; /* height of a value label */
    int cat_step;   /* category labels on every cat_step-th slot, counted back from the last */
    bool stacked, labels;
} bars_layout;
/* x and width of bar (k, s): its slot in the group, or the whole group when stacked. */
void bar_x(const bars_layout *L, int k, int s, double *bx, double *bw);
void bars_grouped_labels(chart_ctx *c, const chart_data *d, const bars_layout *L);
void bars_stacked_labels(chart_ctx *c, const chart_data *d, const bars_layout *L);

/* ---- alt text (alt.c) ---- */
void alt_bars(chart_result *r, const chart_data *d, const chart_style *st, bool stacked);
void alt_hbars(chart_result *r, const chart_data *d, const chart_style *st);
void alt_donut(chart_result *r, const chart_data *d, const chart_style *st);
void alt_matrix(chart_result *r, const chart_matrix_data *d, const chart_style *st);
void alt_sparkline(chart_result *r, const chart_data *d, const chart_style *st);
void alt_fail(chart_result *r, const chart_style *st, const char *nl, const char *en);

/* Result recording */
void result_bar(chart_result *r, chart_box b, int category, int series, int64_t value);

#endif
