/* Internal to the report module: the shared context of all sections and small helpers for
 * language, amounts and charts placed as figures. */
#ifndef KR_REPORT_INT_H
#define KR_REPORT_INT_H

#include "chart/chart.h"
#include <glib.h>
#include "doc/doc.h"
#include "money.h"
#include "report.h"

typedef struct report_ctx {
    const model *m;
    const job *j;
    const allocation *a;
    const alloc_totals *t;
    const layout *lay;
    doc *doc;
    bool en;
    money_lang ml;
    chart_style cs;
    int nyears;
    int ry;                        /* index of the report year */
    budget_kind kind[MODEL_MAX_YEARS]; /* the kind reported per year: realisatie when present */
    int64_t variance_threshold_pct;    /* variances beyond this share are highlighted */
} report_ctx;

/* Dutch or English text by the report language. */
#define L(ctx, nl, en_text) ((ctx)->en ? (en_text) : (nl))

/* Formatting into small rotating buffers (valid for the next 8 calls in this thread). */
const char *r_money(const report_ctx *c, int64_t cents);
const char *r_pct(const report_ctx *c, int64_t part, int64_t whole);
/* Whole euros, rounded half away from zero: for headline figures only (tables show cents). */
const char *r_money_rounded(const report_ctx *c, int64_t cents);
const char *r_int(const report_ctx *c, long long v);
const char *r_fmt(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* "31 maart 2026" / "31 March 2026". */
const char *r_date(const report_ctx *c, long long unix_time);

const char *r_actionline_name(const report_ctx *c, int al);
const char *r_subtheme_name(const report_ctx *c, int st);
const char *r_kind_name(const report_ctx *c, budget_kind k);
/* Column header for a year: "2025" or "2025 (begroting)" when only a budget exists. */
const char *r_year_header(const report_ctx *c, int yi);

/* Amount reported for year index yi (its reported kind) on a subtheme/action line. */
int64_t r_subtheme_amount(const report_ctx *c, int yi, int st);
int64_t r_actionline_amount(const report_ctx *c, int yi, int al);
int64_t r_allocated(const report_ctx *c, int yi);
int64_t r_total(const report_ctx *c, int yi);

/* Places a chart as a figure. The chart data are deep-copied, so the caller's arrays may go. */
typedef enum { FIG_BARS_GROUPED, FIG_BARS_STACKED, FIG_HBARS, FIG_DONUT, FIG_SPARK } fig_kind;
void r_chart_figure(report_ctx *c, fig_kind kind, const chart_data *data, double height_pt, const char *caption);
void r_matrix_figure(report_ctx *c, const chart_matrix_data *data, const char *caption);

/* The sections, in the order the layout lists them. */
void report_cover(report_ctx *c);
void report_summary(report_ctx *c);
void report_spending(report_ctx *c);
void report_budget_vs_actual(report_ctx *c);
void report_funding(report_ctx *c);
void report_actionlines(report_ctx *c);
void report_coverage(report_ctx *c);
void report_method(report_ctx *c);
void report_appendix(report_ctx *c);

/* Observations for the summary: up to `max` plain-language sentences that are true for the data. */
int report_observations(const report_ctx *c, char out[][512], int max);

#endif
