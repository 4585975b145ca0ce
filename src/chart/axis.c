/* Value scales for charts: nice 1-2-5 ticks in exact integers, tick labels in one unit per axis
 * ("€ 0,5 mln", "€250k"), value labels in full or compact form, and the data range. */
#include <stdio.h>
#include <string.h>

#include "chart/chart_int.h"

#define EURO "\xE2\x82\xAC"
#define MINUS "\xE2\x88\x92"
/* Inputs are clamped to this so that tick arithmetic cannot overflow int64. */
#define RANGE_LIMIT 1000000000000000000LL

static int64_t clamp64(int64_t v)
{
    return v > RANGE_LIMIT ? RANGE_LIMIT : v < -RANGE_LIMIT ? -RANGE_LIMIT : v;
}

/* Ticks needed at this step to cover [lo, hi] (lo <= 0 <= hi). */
static int64_t ticks_at(int64_t lo, int64_t hi, int64_t step)
{
    int64_t up = (hi + step - 1) / step, down = (-lo + step - 1) / step;
    return up + down + 1;
}

int chart_nice_ticks(int64_t lo, int64_t hi, int max_ticks, int64_t *ticks)
{
    lo = clamp64(lo < 0 ? lo : 0);
    hi = clamp64(hi > 0 ? hi : 0);
    if (lo == 0 && hi == 0) {
        ticks[0] = 0;
        return 1;
    }
    if (max_ticks < 2) max_ticks = 2;
    if (max_ticks < 3 && lo < 0 && hi > 0) max_ticks = 3;
    if (max_ticks > CHART_MAX_TICKS) max_ticks = CHART_MAX_TICKS;
    static const int mult[] = { 1, 2, 5 };
    int64_t step = 1;
    for (int64_t p = 1;; p *= 10) {
        int found = 0;
        for (int m = 0; m < 3 && !found; m++) {
            step = p * mult[m];
            found = ticks_at(lo, hi, step) <= max_ticks;
        }
        if (found || p >= RANGE_LIMIT / 10) break;
    }
    int64_t first = -((-lo + step - 1) / step) * step;
    int n = 0;
    for (int64_t t = first; n < CHART_MAX_TICKS; t += step) {
        ticks[n++] = t;
        if (t >= hi) break;
    }
    return n;
}

const char *word_missing(money_lang lang)
{
    return lang == MONEY_FMT_NL ? "n.b." : "n/a";
}

void value_format(int64_t v, chart_value_kind kind, money_lang lang, val_form form, char *buf,
                  size_t size)
{
    if (kind == CHART_VALUES_COUNT) {
        int_format((long long)v, lang, buf, size);
        return;
    }
    int64_t mag = v < 0 ? -v : v;
    /* below € 1.000 cents still matter (and compact would round € 0,40 to € 0) */
    if (mag < 100000) {
        money_format(v, lang, MONEY_WHOLE, buf, size);
        return;
    }
    if (form == VAL_COMPACT) {
        money_format_compact(v, lang, buf, size);
        return;
    }
    int64_t euros = (mag + 50) / 100 * 100;
    money_format(v < 0 ? -euros : euros, lang, MONEY_WHOLE, buf, size);
}

/* Fewest decimals (0..3) at which every tick is exact in `unit` cents. */
static int decimals_for(const int64_t *ticks, int n, int64_t unit)
{
    int d = 0;
    for (int64_t u = unit; d < 3; d++, u /= 10) {
        bool exact = true;
        for (int i = 0; i < n; i++) exact = exact && ticks[i] % u == 0;
        if (exact) break;
    }
    return d;
}

/* "1,25" style number of `unit`s with d decimals, thousands grouped. */
static void scaled(int64_t mag, int64_t unit, int d, money_lang lang, char *buf, size_t size)
{
    char whole[20];
    int_format((long long)(mag / unit), lang, whole, sizeof whole);
    if (d == 0) {
        snprintf(buf, size, "%s", whole);
        return;
    }
    int64_t frac = mag % unit, div = unit;
    for (int i = 0; i < d; i++) div /= 10;
    snprintf(buf, size, "%s%c%0*lld", whole, lang == MONEY_FMT_NL ? ',' : '.', d,
             (long long)(frac / div));
}

/* One tick in millions or thousands, signed the way money_format signs amounts: "€ −0,5 mln"
 * in Dutch, "−€0.5m" in English. */
static void money_tick(int64_t t, int64_t unit, int d, money_lang lang, char *out)
{
    const char *suffix = unit == 100000000 ? (lang == MONEY_FMT_NL ? " mln" : "m") : "k";
    int64_t mag = t < 0 ? -t : t;
    char num[34];
    scaled(mag, unit, d, lang, num, sizeof num);
    if (t == 0) snprintf(out, 48, lang == MONEY_FMT_NL ? EURO " 0" : EURO "0");
    else if (lang == MONEY_FMT_NL) snprintf(out, 48, EURO " %s%s%s", t < 0 ? MINUS : "", num, suffix);
    else snprintf(out, 48, "%s" EURO "%s%s", t < 0 ? MINUS : "", num, suffix);
}

void axis_format(const int64_t *ticks, int n, chart_value_kind kind, money_lang lang,
                 char labels[][48])
{
    int64_t maxabs = 0;
    bool cents = false;
    for (int i = 0; i < n; i++) {
        int64_t m = ticks[i] < 0 ? -ticks[i] : ticks[i];
        if (m > maxabs) maxabs = m;
        cents = cents || ticks[i] % 100 != 0;
    }
    int64_t unit = 0;
    if (kind == CHART_VALUES_MONEY && maxabs >= 100000000) unit = 100000000;
    else if (kind == CHART_VALUES_MONEY && lang == MONEY_FMT_EN && maxabs >= 100000) unit = 100000;
    int d = unit ? decimals_for(ticks, n, unit) : 0;
    for (int i = 0; i < n; i++) {
        if (kind == CHART_VALUES_COUNT) int_format((long long)ticks[i], lang, labels[i], 48);
        else if (unit) money_tick(ticks[i], unit, d, lang, labels[i]);
        else money_format(ticks[i], lang, cents ? MONEY_CENTS : MONEY_WHOLE, labels[i], 48);
    }
}

bool value_present(const chart_series *s, int k)
{
    return s->values && !(s->missing && s->missing[k]);
}

void data_range(const chart_data *d, bool stacked, int64_t *lo, int64_t *hi)
{
    *lo = 0;
    *hi = 0;
    for (int k = 0; k < d->n_categories; k++) {
        int64_t pos = 0, neg = 0;
        for (int s = 0; s < d->n_series; s++) {
            if (!value_present(&d->series[s], k)) continue;
            int64_t v = clamp64(d->series[s].values[k]);
            if (stacked) {
                if (v > 0) pos = clamp64(pos + v);
                else neg = clamp64(neg + v);
            } else {
                if (v > pos) pos = v;
                if (v < neg) neg = v;
            }
        }
        if (pos > *hi) *hi = pos;
        if (neg < *lo) *lo = neg;
    }
}

chart_scale scale_make(const int64_t *ticks, int n, double p0, double p1)
{
    chart_scale s = { ticks[0], ticks[n - 1], p0, p1 };
    if (s.hi <= s.lo) s.hi = s.lo + 1; /* only a zero tick: zero sits at p0 */
    return s;
}

double scale_pos(const chart_scale *s, int64_t v)
{
    return s->p0 + (double)(v - s->lo) / (double)(s->hi - s->lo) * (s->p1 - s->p0);
}
