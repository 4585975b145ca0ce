/* Alt texts: one or two sentences per chart with the figures a reader would take away (largest,
 * smallest, total, gaps, negatives), in Dutch or English. They go into the PDF's tags. */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "chart/chart_int.h"

#define DASH "\xE2\x80\x93"

static void put(chart_result *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void put(chart_result *r, const char *fmt, ...)
{
    size_t len = strlen(r->alt);
    if (len + 1 >= sizeof r->alt) return;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(r->alt + len, sizeof r->alt - len, fmt, ap);
    va_end(ap);
}

static bool nl(const chart_style *st)
{
    return st->lang == MONEY_FMT_NL;
}

static const char *cat(const chart_data *d, int k)
{
    return d->categories && d->categories[k] ? d->categories[k] : "";
}

static const char *about(const chart_data *d)
{
    return d->subject ? d->subject : d->title ? d->title : "";
}

void alt_fail(chart_result *r, const chart_style *st, const char *nl_text, const char *en_text)
{
    r->ok = false;
    snprintf(r->alt, sizeof r->alt, "%s", nl(st) ? nl_text : en_text);
}

/* "; geen cijfers voor 2024 en 2025" for the categories where series s (or any, s < 0) misses. */
static void put_missing(chart_result *r, const chart_data *d, const chart_style *st, int only)
{
    int n = 0;
    for (int k = 0; k < d->n_categories; k++) {
        bool miss = false;
        for (int s = 0; s < d->n_series; s++)
            if ((only < 0 || s == only) && !value_present(&d->series[s], k)) miss = true;
        if (!miss) continue;
        if (n == 0) put(r, nl(st) ? "; geen cijfers voor %s" : "; no figures for %s", cat(d, k));
        else if (n < 4) put(r, ", %s", cat(d, k));
        n++;
    }
    if (n > 4) put(r, nl(st) ? " en %d meer" : " and %d more", n - 4);
}

/* Largest (or smallest) present value over all series; false when there is none. */
static bool extreme(const chart_data *d, int only, bool largest, int *ks, int *ss)
{
    bool found = false;
    int64_t best = 0;
    for (int k = 0; k < d->n_categories; k++)
        for (int s = 0; s < d->n_series; s++) {
            if ((only >= 0 && s != only) || !value_present(&d->series[s], k)) continue;
            int64_t v = d->series[s].values[k];
            /* ties go to the later category (the most recent year) */
            if (!found || (largest ? v >= best : v < best)) {
                best = v;
                *ks = k;
                *ss = s;
                found = true;
            }
        }
    return found;
}

static int64_t category_sum(const chart_data *d, int k)
{
    int64_t sum = 0;
    for (int s = 0; s < d->n_series; s++)
        if (value_present(&d->series[s], k)) sum += d->series[s].values[k];
    return sum;
}

static int64_t category_min(const chart_data *d, int k)
{
    int64_t m = 0;
    for (int s = 0; s < d->n_series; s++)
        if (value_present(&d->series[s], k) && d->series[s].values[k] < m) m = d->series[s].values[k];
    return m;
}

static void put_range(chart_result *r, const chart_data *d)
{
    if (d->n_categories > 1) put(r, ", %s" DASH "%s", cat(d, 0), cat(d, d->n_categories - 1));
    else if (d->n_categories == 1) put(r, ", %s", cat(d, 0));
}

void alt_bars(chart_result *r, const chart_data *d, const chart_style *st, bool stacked)
{
    char v[64], p[32];
    r->alt[0] = '\0';
    put(r, nl(st) ? "Staafdiagram%s: %s" : "Bar chart%s: %s",
        stacked ? (nl(st) ? " (gestapeld)" : " (stacked)") : "", about(d));
    put_range(r, d);
    int k = 0, s = 0;
    if (!extreme(d, -1, true, &k, &s)) {
        put(r, nl(st) ? "; geen cijfers" : "; no figures");
        return;
    }
    int64_t big = d->series[s].values[k];
    value_format(big, d->kind, st->lang, VAL_FULL, v, sizeof v);
    int lk = 0, ls = 0;
    extreme(d, -1, false, &lk, &ls);
    if (big == 0 && d->series[ls].values[lk] == 0) {
        put(r, nl(st) ? "; alle waarden zijn %s" : "; all values are %s", v);
    } else if (d->n_series > 1) {
        put(r, nl(st) ? "; %s hoogst met %s in %s" : "; %s highest at %s in %s",
            d->series[s].name ? d->series[s].name : "", v, cat(d, k));
        /* a share only means something when the parts are all non-negative */
        if (category_min(d, k) >= 0) {
            percent_format(big, category_sum(d, k), st->lang, p, sizeof p);
            put(r, " (%s)", p);
        }
    } else {
        put(r, nl(st) ? "; hoogst in %s met %s" : "; highest in %s at %s", cat(d, k), v);
        if (d->n_categories > 1) {
            value_format(d->series[ls].values[lk], d->kind, st->lang, VAL_FULL, v, sizeof v);
            put(r, nl(st) ? ", laagst in %s met %s" : ", lowest in %s at %s", cat(d, lk), v);
        }
    }
    if (d->n_series > 1 && d->series[ls].values[lk] < 0) {
        value_format(d->series[ls].values[lk], d->kind, st->lang, VAL_FULL, v, sizeof v);
        put(r, nl(st) ? "; negatief: %s in %s (%s)" : "; negative: %s in %s (%s)",
            d->series[ls].name ? d->series[ls].name : "", cat(d, lk), v);
    }
    put_missing(r, d, st, -1);
    put(r, ".");
}

static int64_t series_total(const chart_data *d)
{
    int64_t t = 0;
    for (int k = 0; k < d->n_categories; k++)
        if (value_present(&d->series[0], k)) t += d->series[0].values[k];
    return t;
}

void alt_hbars(chart_result *r, const chart_data *d, const chart_style *st)
{
    char v[64], p[32];
    r->alt[0] = '\0';
    put(r, nl(st) ? "Liggend staafdiagram: %s" : "Horizontal bar chart: %s", about(d));
    int k = 0, s = 0, lk = 0, ls = 0;
    if (!extreme(d, 0, true, &k, &s)) {
        put(r, nl(st) ? "; geen cijfers." : "; no figures.");
        return;
    }
    extreme(d, 0, false, &lk, &ls);
    int64_t total = series_total(d);
    value_format(d->series[0].values[k], d->kind, st->lang, VAL_FULL, v, sizeof v);
    put(r, nl(st) ? "; hoogst: %s met %s" : "; highest: %s at %s", cat(d, k), v);
    if (d->series[0].values[lk] >= 0) {
        percent_format(d->series[0].values[k], total, st->lang, p, sizeof p);
        put(r, " (%s)", p);
    }
    if (d->n_categories > 1) {
        value_format(d->series[0].values[lk], d->kind, st->lang, VAL_FULL, v, sizeof v);
        put(r, nl(st) ? "; laagst: %s met %s" : "; lowest: %s at %s", cat(d, lk), v);
    }
    value_format(total, d->kind, st->lang, VAL_FULL, v, sizeof v);
    put(r, nl(st) ? "; totaal %s over %d posten" : "; total %s over %d items", v, d->n_categories);
    put_missing(r, d, st, 0);
    put(r, ".");
}

void alt_donut(chart_result *r, const chart_data *d, const chart_style *st)
{
    char v[64], p[32];
    r->alt[0] = '\0';
    int64_t total = series_total(d);
    value_format(total, d->kind, st->lang, VAL_FULL, v, sizeof v);
    put(r, nl(st) ? "Ringdiagram: %s, totaal %s" : "Donut chart: %s, total %s", about(d), v);
    for (int i = 0, n = 0; i < d->n_categories; i++) {
        if (!value_present(&d->series[0], i) || d->series[0].values[i] == 0) continue;
        value_format(d->series[0].values[i], d->kind, st->lang, VAL_FULL, v, sizeof v);
        percent_format(d->series[0].values[i], total, st->lang, p, sizeof p);
        put(r, "%s%s %s (%s)", n++ ? ", " : "; ", cat(d, i), p, v);
    }
    int zeros = 0;
    for (int i = 0; i < d->n_categories; i++)
        if (value_present(&d->series[0], i) && d->series[0].values[i] == 0)
            put(r, "%s%s", zeros++ ? ", " : (nl(st) ? "; niets voor " : "; nothing for "), cat(d, i));
    put_missing(r, d, st, 0);
    put(r, ".");
}

void alt_sparkline(chart_result *r, const chart_data *d, const chart_style *st)
{
    char a[64], b[64];
    r->alt[0] = '\0';
    put(r, nl(st) ? "Trendlijn: %s" : "Trend line: %s", about(d));
    int first = -1, last = -1;
    for (int k = 0; k < d->n_categories; k++)
        if (value_present(&d->series[0], k)) {
            if (first < 0) first = k;
            last = k;
        }
    if (first < 0) {
        put(r, nl(st) ? "; geen cijfers." : "; no figures.");
        return;
    }
    value_format(d->series[0].values[first], d->kind, st->lang, VAL_FULL, a, sizeof a);
    value_format(d->series[0].values[last], d->kind, st->lang, VAL_FULL, b, sizeof b);
    if (first == last) put(r, nl(st) ? "; alleen %s: %s" : "; only %s: %s", cat(d, first), a);
    else put(r, nl(st) ? "; van %s in %s naar %s in %s" : "; from %s in %s to %s in %s", a,
             cat(d, first), b, cat(d, last));
    put_missing(r, d, st, 0);
    put(r, ".");
}

void alt_matrix(chart_result *r, const chart_matrix_data *d, const chart_style *st)
{
    r->alt[0] = '\0';
    put(r, nl(st) ? "Matrix: %s, %d rijen en %d kolommen" : "Matrix: %s, %d rows and %d columns",
        d->subject ? d->subject : d->title ? d->title : "", d->n_rows, d->n_cols);
    int top = d->n_levels - 1;
    const char *word = top >= 0 && d->levels && d->levels[top] ? d->levels[top] : "";
    for (int j = 0; j < d->n_cols; j++) {
        int n = 0, unknown = 0;
        for (int i = 0; i < d->n_rows; i++) {
            int v = d->cells[i * d->n_cols + j];
            n += v == top;
            unknown += v < 0;
        }
        put(r, nl(st) ? "%s%s: %d van %d %s" : "%s%s: %d of %d %s", j ? "; " : ": ",
            d->cols[j] ? d->cols[j] : "", n, d->n_rows, word);
        if (unknown) put(r, nl(st) ? " (%d onbekend)" : " (%d unknown)", unknown);
    }
    put(r, ".");
}
