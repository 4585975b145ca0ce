/* Charts drawn straight onto a cairo context inside a given box: grouped/stacked bars, ranked
 * horizontal bars, donut, coverage matrix and sparkline. Each call also returns an alt text and
 * the geometry it drew (for tests and for tagging). Data are int64 cents; doubles are geometry only.
 * No chart keeps state between calls; all text goes through Pango with the style's fonts. */
#ifndef KR_CHART_H
#define KR_CHART_H

#include <cairo.h>
#include <stdbool.h>
#include <stdint.h>

#include "money.h"

/* ---- Style --------------------------------------------------------------------------------- */

typedef struct chart_rgb {
    double r, g, b; /* 0..1 */
} chart_rgb;

#define CHART_PALETTE_MAX 8

typedef struct chart_style {
    const char *font_family;   /* e.g. "Inter"; NULL means "Inter" */
    const char *title_family;  /* NULL means font_family */
    double base_size;          /* pt; labels use this, small print 0.85x, titles 1.15x */
    chart_rgb text, muted, grid, axis, background;
    chart_rgb actionline[4];   /* the four action lines of the framework, in code order */
    chart_rgb unallocated;     /* "outside the framework" / not attributable */
    chart_rgb palette[CHART_PALETTE_MAX]; /* generic series (years, sources, ...) */
    int palette_count;
    chart_rgb scale_low, scale_high; /* sequential scale for the coverage matrix */
    money_lang lang;           /* language of numbers, alt text and built-in words */
    bool patterns;             /* hatch fills as a second cue beside colour (grayscale print) */
    bool title_in_chart;       /* draw chart_data.title above the plot (off when the report
                                  typesets the caption itself) */
} chart_style;

/* Fills `s` with the product defaults: Inter 8 pt, colour-blind-safe action-line colours whose
 * lightness differs enough to stay distinct in grayscale, Dutch or English by `lang`. */
void chart_style_default(chart_style *s, money_lang lang);

/* Colour references used in chart_series.color and chart_data.category_color. */
enum {
    CHART_COLOR_AUTO = -1,      /* series/category position in the palette */
    CHART_COLOR_ACTIONLINE = 0, /* 0..3: action line 1..4 */
    CHART_COLOR_UNALLOCATED = 8,
    CHART_COLOR_MUTED = 9,
    CHART_COLOR_PALETTE = 16    /* 16 + n: palette[n % palette_count] */
};

/* ---- Data ---------------------------------------------------------------------------------- */

#define CHART_MAX_CATEGORIES 24
#define CHART_MAX_SERIES 8

typedef enum {
    CHART_VALUES_MONEY, /* values are cents; shown as "€ 1.224.000" / compact on axes */
    CHART_VALUES_COUNT  /* values are plain counts (activities, institutions); shown as 1.234 */
} chart_value_kind;

typedef struct chart_series {
    const char *name;      /* legend / alt text / table header, UTF-8 plain text */
    const int64_t *values; /* n_categories values (cents or counts) */
    const bool *missing;   /* optional; missing[i] = no figure (e.g. year not reported), drawn
                              as a gap with "n.b." and never as zero. NULL = all present */
    int color;             /* CHART_COLOR_* reference */
} chart_series;

enum {
    CHART_NO_VALUE_LABELS = 1, /* no numbers on bars/slices (axis only) */
    CHART_NO_LEGEND = 2,       /* caller shows a legend elsewhere */
    CHART_SORT_DESC = 4,       /* hbars: rank categories by value (largest first) */
    CHART_SHOW_TOTAL = 8       /* stacked bars: total above each stack; donut: total in centre */
};

typedef struct chart_data {
    const char *title;              /* optional; drawn when style.title_in_chart */
    const char *subject;            /* for the alt text, e.g. "realisatie per actielijn" */
    const char *unit_note;          /* optional small print under the plot, e.g. "bedragen in euro" */
    const char *const *categories;  /* n_categories labels (years, subthemes, slices) */
    int n_categories;
    const int *category_color;      /* optional per-category CHART_COLOR_* (donut, hbars); NULL = auto */
    const chart_series *series;
    int n_series;
    chart_value_kind kind;
    unsigned flags;                 /* CHART_NO_VALUE_LABELS | ... */
} chart_data;

typedef enum { CHART_GROUPED, CHART_STACKED } chart_bar_mode;

/* Coverage matrix: rows (e.g. the 15 subthemes) x columns (indicators such as "uitgaven",
 * "activiteiten", "monitoring op outcome"). Each cell holds a level 0..n_levels-1 on a sequential
 * scale, or -1 for "unknown / not reported" (white, outlined, labelled). */
typedef struct chart_matrix_data {
    const char *title, *subject, *unit_note;
    const char *const *rows;
    int n_rows;
    const int *row_group;           /* optional: group (action line 0..3) per row; rows of one
                                       group are drawn together with a coloured marker */
    const char *const *group_names; /* optional names of the groups, as row_group indexes them */
    const char *const *cols;
    int n_cols;
    const int *cells;               /* n_rows * n_cols, row-major */
    const char *const *cell_text;   /* optional per-cell text (e.g. "€ 12.000", "3"); NULL or a
                                       NULL entry shows the level's label */
    const char *const *levels;      /* n_levels legend labels, low to high: "nee", "deels", "ja" */
    int n_levels;
} chart_matrix_data;

#define CHART_MATRIX_MAX_ROWS 32
#define CHART_MATRIX_MAX_COLS 8

/* ---- Result -------------------------------------------------------------------------------- */

typedef struct chart_box {
    double x, y, w, h;
} chart_box;

/* One drawn mark: a bar (bars, hbars; zero height/width for a zero value), a matrix cell
 * (category = row, series = column, value = level) or a sparkline point (box of size 0). */
typedef struct chart_bar {
    chart_box box;
    int category, series;
    int64_t value;
} chart_bar;

typedef struct chart_slice {
    double start, end; /* radians, clockwise from 12 o'clock; end - start >= 0 */
    int category;
    int64_t value;
} chart_slice;

#define CHART_MAX_BARS (CHART_MAX_CATEGORIES * CHART_MAX_SERIES)
#define CHART_MAX_TICKS 16
#define CHART_MAX_LABELS 320
#define CHART_ALT_MAX 1024

typedef struct chart_result {
    bool ok;                /* false: nothing drawn (bad arguments or a box too small); alt says why */
    char alt[CHART_ALT_MAX];/* short description with the key figures, in the style's language */
    chart_box plot;         /* the data area */
    double baseline;        /* y (bars) or x (hbars) of the zero line */
    int n_bars;
    chart_bar bars[CHART_MAX_BARS];
    int n_ticks;
    int64_t ticks[CHART_MAX_TICKS]; /* axis tick values, ascending */
    double tick_pos[CHART_MAX_TICKS];
    int n_slices;
    chart_slice slices[CHART_MAX_CATEGORIES];
    int n_labels;
    chart_box labels[CHART_MAX_LABELS]; /* ink boxes of every text drawn */
    int dropped_labels;     /* value labels left out because they would not fit */
    double used_h;          /* height actually used from the top of the box */
} chart_result;

/* ---- Drawing ------------------------------------------------------------------------------- */
/* Every function draws inside (x, y, w, h) in user units (pt), saves and restores the cairo
 * state, and fills *out when out is not NULL (style NULL means chart_style_default, Dutch).
 * Text never leaves the box: long labels wrap; value labels that would collide are shortened to
 * compact form, turned along narrow bars, or dropped (counted in dropped_labels). Missing values
 * are gaps marked "n.b."/"n/a"; zero is a visible zero; negatives go below the axis. Nothing is
 * drawn when the data or the box cannot make a readable chart. Returns out->ok. Text layouts are
 * cached per thread (see chart_text_cache_release). */

/* Vertical bars per category (usually years); series side by side or stacked. Value axis with
 * 1-2-5 ticks that include zero; legend above the plot when there is more than one series.
 * Grouped: a label on every bar, upright when all fit, else turned along the bars. Stacked:
 * labels inside the segments that can hold them; with CHART_SHOW_TOTAL the total above each
 * stack ("saldo"/"net" when the stack has negative parts). */
bool chart_bars(cairo_t *cr, double x, double y, double w, double h, const chart_data *data,
                const chart_style *style, chart_bar_mode mode, chart_result *out);

/* Horizontal bars, one per category (first series only), ranked when CHART_SORT_DESC; labels
 * left of the bars wrap onto several lines, values right of the bars. */
bool chart_hbars(cairo_t *cr, double x, double y, double w, double h, const chart_data *data,
                 const chart_style *style, chart_result *out);
/* Height chart_hbars needs at width w so that no label is cut (no drawing). */
double chart_hbars_height(cairo_t *cr, double w, const chart_data *data, const chart_style *style);

/* Donut of the first series over the categories; every slice labelled next to it with share
 * and amount; 0 % slices listed in a note instead of as invisible slivers. Negative values are
 * not drawable as parts of a whole: the chart draws nothing and says so (ok = false). */
bool chart_donut(cairo_t *cr, double x, double y, double w, double h, const chart_data *data,
                 const chart_style *style, chart_result *out);
/* Height a donut needs at width w: ring (at most nine text sizes in radius) or the taller label
 * column, plus title and note; 0 when it cannot be drawn (no drawing). In a taller box the chart
 * sits at the top and out->used_h says how much it used. */
double chart_donut_height(cairo_t *cr, double w, const chart_data *data, const chart_style *style);

/* Coverage heat map with row labels (wrapped), column headers, cell labels and a legend. */
bool chart_matrix(cairo_t *cr, double x, double y, double w, double h, const chart_matrix_data *data,
                  const chart_style *style, chart_result *out);
/* Height chart_matrix needs at width w (no drawing). */
double chart_matrix_height(cairo_t *cr, double w, const chart_matrix_data *data, const chart_style *style);

/* Small trend line of the first series for a key-figure tile: no axes, a dot on the last value,
 * first and last category labels, missing values break the line. */
bool chart_sparkline(cairo_t *cr, double x, double y, double w, double h, const chart_data *data,
                     const chart_style *style, chart_result *out);

/* ---- Data table equivalent ----------------------------------------------------------------- */

typedef struct chart_table {
    int rows, cols;   /* rows includes the header row (row 0) and a total row when present */
    char **cell;      /* rows * cols UTF-8 strings, row-major; never NULL entries */
    bool *numeric;    /* per column: right-align (numbers) */
    bool has_total;   /* last row is a total */
} chart_table;

/* The chart's figures as text: one row per category, one column per series, formatted in the
 * style's language (full amounts, "n.b." for missing), plus a total row when there is more than
 * one category and values are money. Returns NULL on allocation failure; free with
 * chart_table_free. */
chart_table *chart_table_new(const chart_data *data, const chart_style *style);
/* Same for a matrix: one row per matrix row, one column per indicator, cells as shown. */
chart_table *chart_matrix_table_new(const chart_matrix_data *data, const chart_style *style);
void chart_table_free(chart_table *t); /* NULL is a no-op */

/* Each thread keeps the text it has laid out for charts (bounded). A worker thread that drew
 * charts calls this before it exits; the main thread may call it at shutdown. */
void chart_text_cache_release(void);
/* While another thread draws charts too: this thread's cache becomes one both read and neither
 * changes, until unshare (both called on this thread, the other thread idle at either). */
void chart_text_cache_share(void);
void chart_text_cache_unshare(void);

/* ---- Axis helper (public for tests and for tables that want the same scale) ---------------- */

/* Nice ticks: multiples of a step of 1, 2 or 5 x 10^n units, covering [lo, hi] and always
 * including 0, at most max_ticks (>= 2) of them (3 when the data lie on both sides of 0). Returns the count written to ticks[] (ascending);
 * 1 (only the 0 tick) when lo == hi == 0. */
int chart_nice_ticks(int64_t lo, int64_t hi, int max_ticks, int64_t *ticks);

#endif
