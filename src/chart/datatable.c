/* The data-table equivalent of a chart: the same figures as strings (full amounts, "n.b." for
 * missing), for a table under the chart or for readers who cannot see it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "chart/chart_int.h"

static chart_table *table_alloc(int rows, int cols)
{
    chart_table *t = calloc(1, sizeof *t);
    if (!t) return NULL;
    t->rows = rows;
    t->cols = cols;
    t->cell = calloc((size_t)rows * (size_t)cols, sizeof *t->cell);
    t->numeric = calloc((size_t)cols, sizeof *t->numeric);
    if (!t->cell || !t->numeric) {
        chart_table_free(t);
        return NULL;
    }
    return t;
}

static bool set(chart_table *t, int row, int col, const char *text)
{
    char *copy = strdup(text ? text : "");
    t->cell[row * t->cols + col] = copy;
    return copy != NULL;
}

void chart_table_free(chart_table *t)
{
    if (!t) return;
    if (t->cell)
        for (int i = 0; i < t->rows * t->cols; i++) free(t->cell[i]);
    free(t->cell);
    free(t->numeric);
    free(t);
}

/* Total row: only for money with several categories, and only over present values. */
static bool total_row(chart_table *t, const chart_data *d, const chart_style *st)
{
    int row = t->rows - 1;
    bool ok = set(t, row, 0, st->lang == MONEY_FMT_NL ? "Totaal" : "Total");
    for (int s = 0; s < d->n_series; s++) {
        int64_t sum = 0;
        int present = 0;
        for (int k = 0; k < d->n_categories; k++)
            if (value_present(&d->series[s], k)) {
                sum += d->series[s].values[k];
                present++;
            }
        char buf[64];
        if (present) money_format(sum, st->lang, MONEY_WHOLE, buf, sizeof buf);
        ok = set(t, row, s + 1, present ? buf : word_missing(st->lang)) && ok;
    }
    return ok;
}

chart_table *chart_table_new(const chart_data *d, const chart_style *st)
{
    if (!d || d->n_categories < 1 || d->n_series < 1 || !d->series) return NULL;
    bool with_total = d->kind == CHART_VALUES_MONEY && d->n_categories > 1;
    chart_table *t = table_alloc(1 + d->n_categories + with_total, 1 + d->n_series);
    if (!t) return NULL;
    t->has_total = with_total;
    bool ok = set(t, 0, 0, d->subject ? d->subject : "");
    for (int s = 0; s < d->n_series; s++) {
        ok = set(t, 0, s + 1, d->series[s].name) && ok;
        t->numeric[s + 1] = true;
    }
    for (int k = 0; k < d->n_categories; k++) {
        ok = set(t, k + 1, 0, d->categories ? d->categories[k] : "") && ok;
        for (int s = 0; s < d->n_series; s++) {
            char buf[64];
            bool present = value_present(&d->series[s], k);
            /* the exact figure, cents included when there are any */
            if (present && d->kind == CHART_VALUES_MONEY)
                money_format(d->series[s].values[k], st->lang, MONEY_WHOLE, buf, sizeof buf);
            else if (present) value_format(d->series[s].values[k], d->kind, st->lang, VAL_FULL, buf, sizeof buf);
            ok = set(t, k + 1, s + 1, present ? buf : word_missing(st->lang)) && ok;
        }
    }
    if (with_total) ok = total_row(t, d, st) && ok;
    if (!ok) {
        chart_table_free(t);
        return NULL;
    }
    return t;
}

chart_table *chart_matrix_table_new(const chart_matrix_data *d, const chart_style *st)
{
    if (!d || d->n_rows < 1 || d->n_cols < 1 || !d->cells) return NULL;
    chart_table *t = table_alloc(1 + d->n_rows, 1 + d->n_cols);
    if (!t) return NULL;
    bool ok = set(t, 0, 0, d->subject ? d->subject : "");
    for (int j = 0; j < d->n_cols; j++) ok = set(t, 0, j + 1, d->cols ? d->cols[j] : "") && ok;
    for (int i = 0; i < d->n_rows; i++) {
        ok = set(t, i + 1, 0, d->rows ? d->rows[i] : "") && ok;
        for (int j = 0; j < d->n_cols; j++) {
            int v = d->cells[i * d->n_cols + j];
            const char *text = d->cell_text ? d->cell_text[i * d->n_cols + j] : NULL;
            if (!text && v >= 0 && v < d->n_levels && d->levels) text = d->levels[v];
            if (!text) text = st->lang == MONEY_FMT_NL ? "onbekend" : "unknown";
            ok = set(t, i + 1, j + 1, text) && ok;
        }
    }
    if (!ok) {
        chart_table_free(t);
        return NULL;
    }
    return t;
}
