/* Chart geometry tests: proportional bars, nice ticks that cover the data, labels inside the box
 * and clear of each other, exact donut angles, alt texts with the key figure, edge cases without
 * NaN. Everything is drawn onto a cairo recording surface; no pixels are compared. */
#include <cairo.h>
#include <math.h>
#include <stdint.h>
#include <time.h>

#include "chart/chart.h"
#include "chart/chart_int.h" /* axis_format and value_format are tested directly */
#include "fonts.h"
#include "unit.h"

#define E(x) ((int64_t)(x) * 100)

static cairo_surface_t *surface;
static cairo_t *cr;
static chart_result res; /* large: keep it off the stack */

static void setup(void)
{
    if (cr) return;
    const char *data = kr_data_dir();
    char fonts[1024];
    snprintf(fonts, sizeof fonts, "%s/fonts", data ? data : ".");
    kr_fonts_init(fonts);
    surface = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
    cr = cairo_create(surface);
}

static const char *years3[] = { "2023", "2024", "2025" };
static const int64_t a1[] = { E(210000), E(228500), E(243100) };
static const int64_t a2[] = { E(455000), E(498250), E(536600) };
static const int64_t a3[] = { E(180000), E(176400), E(201300) };
static const int64_t a4[] = { E(95000), E(118000), E(245000) };
static const chart_series lines[] = { { "Sense of belonging", a1, NULL, 0 }, { "Preventie", a2, NULL, 1 },
                                      { "Kennis en kunde", a3, NULL, 2 }, { "Samenwerking", a4, NULL, 3 } };
static const chart_data lines_data = { "Realisatie", "realisatie per actielijn", NULL, years3, 3, NULL,
                                       lines, 4, CHART_VALUES_MONEY, 0 };

static bool is_nice(int64_t step)
{
    if (step <= 0) return false;
    while (step % 10 == 0) step /= 10;
    return step == 1 || step == 2 || step == 5;
}

static bool finite_box(chart_box b)
{
    return isfinite(b.x) && isfinite(b.y) && isfinite(b.w) && isfinite(b.h) && b.w >= 0 && b.h >= 0;
}

static bool overlap(chart_box a, chart_box b)
{
    const double eps = 0.05;
    return a.x < b.x + b.w - eps && b.x < a.x + a.w - eps && a.y < b.y + b.h - eps && b.y < a.y + a.h - eps;
}

/* Every label inside the box, none overlapping another, nothing NaN. */
static void check_result(const chart_result *r, double x, double y, double w, double h)
{
    for (int i = 0; i < r->n_labels; i++) {
        chart_box b = r->labels[i];
        CHECK(finite_box(b));
        CHECK(b.x >= x - 0.01 && b.y >= y - 0.01 && b.x + b.w <= x + w + 0.01 && b.y + b.h <= y + h + 0.01);
        for (int j = 0; j < i; j++)
            if (overlap(b, r->labels[j])) {
                fprintf(stderr, "  labels %d and %d overlap\n", i, j);
                CHECK(!overlap(b, r->labels[j]));
            }
    }
    for (int i = 0; i < r->n_bars; i++) CHECK(finite_box(r->bars[i].box));
    for (int i = 0; i < r->n_ticks; i++) CHECK(isfinite(r->tick_pos[i]));
    CHECK(isfinite(r->baseline));
    CHECK(r->alt[0] != '\0');
}

static void nice_ticks(void)
{
    const int64_t cases[][2] = { { 0, 1 }, { 0, 100 }, { 0, 53660000 }, { -3550000, 12000000 }, { -1, 0 },
                                 { 0, 1240000000 }, { -987654321, 123 }, { 0, 35050 }, { 7, 7 } };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        for (int max = 2; max <= 12; max++) {
            int64_t t[CHART_MAX_TICKS];
            int n = chart_nice_ticks(cases[c][0], cases[c][1], max, t);
            bool both_sides = cases[c][0] < 0 && cases[c][1] > 0; /* needs 3 ticks at least */
            CHECK(n >= 2 && (n <= max || (both_sides && n == 3)));
            CHECK(t[0] <= cases[c][0] && t[0] <= 0);
            CHECK(t[n - 1] >= cases[c][1] && t[n - 1] >= 0);
            bool has_zero = false;
            for (int i = 0; i < n; i++) has_zero = has_zero || t[i] == 0;
            CHECK(has_zero);
            for (int i = 1; i < n; i++) CHECK(t[i] - t[i - 1] == t[1] - t[0]);
            CHECK(is_nice(t[1] - t[0]));
        }
    }
    int64_t t[CHART_MAX_TICKS];
    CHECK_INT(chart_nice_ticks(0, 0, 6, t), 1);
    CHECK_INT(t[0], 0);
}

static void check_axis(const int64_t *ticks, int n, chart_value_kind kind, money_lang lang, const char *const *want)
{
    char labels[CHART_MAX_TICKS][48];
    axis_format(ticks, n, kind, lang, labels);
    for (int i = 0; i < n; i++) CHECK_STR(labels[i], want[i]);
}

/* Tick labels: one unit per axis, exact for every tick, signed like money_format. */
static void axis_labels(void)
{
    const int64_t mln[] = { E(-500000), 0, E(500000), E(1000000), E(1500000) };
    check_axis(mln, 5, CHART_VALUES_MONEY, MONEY_FMT_NL,
               (const char *[]){ "€ −0,5 mln", "€ 0", "€ 0,5 mln", "€ 1,0 mln", "€ 1,5 mln" });
    check_axis(mln, 5, CHART_VALUES_MONEY, MONEY_FMT_EN,
               (const char *[]){ "−€0.5m", "€0", "€0.5m", "€1.0m", "€1.5m" });
    const int64_t q[] = { 0, E(1250000), E(2500000) };
    check_axis(q, 3, CHART_VALUES_MONEY, MONEY_FMT_NL, (const char *[]){ "€ 0", "€ 1,25 mln", "€ 2,50 mln" });
    const int64_t k[] = { 0, E(250000), E(500000) };
    check_axis(k, 3, CHART_VALUES_MONEY, MONEY_FMT_NL, (const char *[]){ "€ 0", "€ 250.000", "€ 500.000" });
    check_axis(k, 3, CHART_VALUES_MONEY, MONEY_FMT_EN, (const char *[]){ "€0", "€250k", "€500k" });
    const int64_t small[] = { 0, 50, 100 };
    check_axis(small, 3, CHART_VALUES_MONEY, MONEY_FMT_NL, (const char *[]){ "€ 0,00", "€ 0,50", "€ 1,00" });
    const int64_t counts[] = { 0, 5000, 10000 };
    check_axis(counts, 3, CHART_VALUES_COUNT, MONEY_FMT_NL, (const char *[]){ "0", "5.000", "10.000" });
    char buf[64];
    value_format(E(536600), CHART_VALUES_MONEY, MONEY_FMT_NL, VAL_FULL, buf, sizeof buf);
    CHECK_STR(buf, "€ 536.600");
    value_format(E(536600) + 49, CHART_VALUES_MONEY, MONEY_FMT_NL, VAL_FULL, buf, sizeof buf);
    CHECK_STR(buf, "€ 536.600"); /* labels round to euros from € 1.000 */
    value_format(1240, CHART_VALUES_MONEY, MONEY_FMT_NL, VAL_COMPACT, buf, sizeof buf);
    CHECK_STR(buf, "€ 12,40"); /* small amounts keep their cents, even compact */
    value_format(E(1224000), CHART_VALUES_MONEY, MONEY_FMT_EN, VAL_COMPACT, buf, sizeof buf);
    CHECK_STR(buf, "€1.2m");
}

static void bars_proportional(void)
{
    setup();
    /* a zeroed or missing style falls back to usable values */
    CHECK(chart_bars(cr, 10, 20, 480, 260, &lines_data, &(chart_style){ 0 }, CHART_GROUPED, &res));
    check_result(&res, 10, 20, 480, 260);
    CHECK(chart_bars(cr, 10, 20, 480, 260, &lines_data, NULL, CHART_GROUPED, &res));
    chart_style st;
    chart_style_default(&st, MONEY_FMT_NL);
    CHECK(chart_bars(cr, 10, 20, 480, 260, &lines_data, &st, CHART_GROUPED, &res));
    CHECK_INT(res.n_bars, 12);
    double per_cent = res.bars[0].box.h / (double)res.bars[0].value;
    for (int i = 0; i < res.n_bars; i++) {
        CHECK(fabs(res.bars[i].box.h - res.bars[i].value * per_cent) < 0.1);
        CHECK(fabs(res.bars[i].box.y + res.bars[i].box.h - res.baseline) < 0.01); /* stands on zero */
    }
    /* the axis covers the data with nice steps */
    CHECK(res.n_ticks >= 2);
    CHECK(res.ticks[0] == 0);
    CHECK(res.ticks[res.n_ticks - 1] >= E(536600));
    CHECK(is_nice(res.ticks[1] - res.ticks[0]));
    /* tick positions follow the same scale as the bars */
    double tick_scale = (res.tick_pos[0] - res.tick_pos[1]) / (double)(res.ticks[1] - res.ticks[0]);
    CHECK(fabs(tick_scale - per_cent) < 1e-9);
    check_result(&res, 10, 20, 480, 260);
    CHECK(strstr(res.alt, "€ 536.600") != NULL);
    CHECK(strstr(res.alt, "2023") && strstr(res.alt, "2025"));
}

/* Value labels of grouped bars: every bar gets one (upright, or turned along narrow bars), or the
 * drop is counted; never some upright and some missing at random. */
static void bars_labels_consistent(void)
{
    setup();
    chart_style st;
    chart_style_default(&st, MONEY_FMT_NL);
    const double widths[] = { 700, 480, 300, 200, 120 };
    for (size_t i = 0; i < sizeof widths / sizeof *widths; i++) {
        CHECK(chart_bars(cr, 0, 0, widths[i], 200, &lines_data, &st, CHART_GROUPED, &res));
        check_result(&res, 0, 0, widths[i], 200);
        int values = 0;
        for (int l = 0; l < res.n_labels; l++)
            for (int b = 0; b < res.n_bars; b++) {
                chart_box lb = res.labels[l], bb = res.bars[b].box;
                /* a label centred on a bar, touching its end from outside or inside */
                if (fabs(lb.x + lb.w / 2 - (bb.x + bb.w / 2)) < 0.01 && lb.y <= bb.y + bb.h && lb.y + lb.h >= bb.y - 3) {
                    values++;
                    break;
                }
            }
        CHECK_INT(values + res.dropped_labels, 12);
        if (widths[i] >= 300) CHECK_INT(res.dropped_labels, 0);
    }
}

static void bars_stacked(void)
{
    setup();
    chart_style st;
    chart_style_default(&st, MONEY_FMT_EN);
    chart_data d = lines_data;
    d.flags = CHART_SHOW_TOTAL;
    CHECK(chart_bars(cr, 0, 0, 480, 260, &d, &st, CHART_STACKED, &res));
    CHECK_INT(res.n_bars, 12);
    /* the four segments of a year stack to the year's total height */
    for (int k = 0; k < 3; k++) {
        double top = 1e9, sum = 0;
        for (int i = 0; i < res.n_bars; i++)
            if (res.bars[i].category == k) {
                sum += res.bars[i].box.h;
                top = fmin(top, res.bars[i].box.y);
            }
        CHECK(fabs(res.baseline - top - sum) < 0.01);
    }
    check_result(&res, 0, 0, 480, 260);
    CHECK(strstr(res.alt, "€536,600") != NULL);
}

static void bars_edge_cases(void)
{
    setup();
    chart_style st;
    chart_style_default(&st, MONEY_FMT_NL);
    static const int64_t zeros[] = { 0, 0, 0 }, neg[] = { E(120000), E(-35500), E(80250) };
    static const int64_t mix[] = { E(12400000), E(815000), 35050 };
    static const bool miss[] = { false, true, false };
    static const char *years8[] = { "2018", "2019", "2020", "2021", "2022", "2023", "2024", "2025" };
    static const int64_t eight[] = { 1, E(5), E(50), E(500), E(5000), E(50000), E(500000), E(5000000) };
    const chart_series s_zero = { "Nul", zeros, NULL, CHART_COLOR_AUTO };
    const chart_series s_neg = { "Saldo", neg, NULL, CHART_COLOR_AUTO };
    const chart_series s_mix = { "Mix", mix, NULL, CHART_COLOR_AUTO };
    const chart_series s_miss = { "Gat", a1, miss, CHART_COLOR_AUTO };
    const chart_series s_eight = { "Acht", eight, NULL, CHART_COLOR_AUTO };
    const chart_data cases[] = {
        { NULL, "nul", NULL, years3, 3, NULL, &s_zero, 1, CHART_VALUES_MONEY, 0 },
        { NULL, "een", NULL, years3, 1, NULL, &s_neg, 1, CHART_VALUES_MONEY, 0 },
        { NULL, "negatief", NULL, years3, 3, NULL, &s_neg, 1, CHART_VALUES_MONEY, 0 },
        { NULL, "mix", NULL, years3, 3, NULL, &s_mix, 1, CHART_VALUES_MONEY, 0 },
        { NULL, "gat", NULL, years3, 3, NULL, &s_miss, 1, CHART_VALUES_MONEY, 0 },
        { NULL, "acht", NULL, years8, 8, NULL, &s_eight, 1, CHART_VALUES_MONEY, 0 },
        { NULL, "tellen", NULL, years8, 8, NULL, &s_eight, 1, CHART_VALUES_COUNT, 0 },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        for (int mode = 0; mode < 2; mode++) {
            CHECK(chart_bars(cr, 5, 5, 300, 180, &cases[i], &st, mode, &res));
            check_result(&res, 5, 5, 300, 180);
            for (int b = 0; b < res.n_bars; b++) {
                if (res.bars[b].value < 0) CHECK(res.bars[b].box.y >= res.baseline - 0.01);
                if (res.bars[b].value > 0) CHECK(res.bars[b].box.y + res.bars[b].box.h <= res.baseline + 0.01);
                if (res.bars[b].value == 0) CHECK(res.bars[b].box.h == 0);
            }
        }
    /* 24 years in a narrow chart: every other year labelled, none broken inside the number */
    static const char *y24[24];
    static char ybuf[24][16];
    static int64_t v24[24];
    for (int k = 0; k < 24; k++) {
        snprintf(ybuf[k], sizeof ybuf[k], "%d", 2002 + k);
        y24[k] = ybuf[k];
        v24[k] = E(1000) * (k + 1);
    }
    const chart_series s24 = { "Jaren", v24, NULL, CHART_COLOR_AUTO };
    const chart_data d24 = { NULL, "jaren", NULL, y24, 24, NULL, &s24, 1, CHART_VALUES_MONEY, 0 };
    CHECK(chart_bars(cr, 0, 0, 300, 160, &d24, &st, CHART_GROUPED, &res));
    check_result(&res, 0, 0, 300, 160);
    int below = 0;
    for (int l = 0; l < res.n_labels; l++)
        if (res.labels[l].y > res.baseline + 0.5) {
            below++;
            CHECK(res.labels[l].h < st.base_size * 1.6); /* one line */
        }
    CHECK(below >= 2 && below < 24);
    /* a missing year is no bar at all, and the alt text says it has no figure */
    CHECK(chart_bars(cr, 5, 5, 300, 180, &cases[4], &st, CHART_GROUPED, &res));
    CHECK_INT(res.n_bars, 2);
    CHECK(strstr(res.alt, "geen cijfers voor 2024") != NULL);
    /* bad input draws nothing and says so */
    CHECK(!chart_bars(cr, 0, 0, 10, 10, &lines_data, &st, CHART_GROUPED, &res));
    CHECK(!res.ok && res.alt[0]);
    CHECK(!chart_bars(cr, 0, 0, 300, 200, NULL, &st, CHART_GROUPED, NULL));
    CHECK(!chart_bars(cr, NAN, 0, 300, 200, &lines_data, &st, CHART_GROUPED, NULL));
}

/* Every other chart type on degenerate data: draws (or refuses cleanly), no NaN, text in the box. */
static void other_edge_cases(void)
{
    setup();
    chart_style st;
    chart_style_default(&st, MONEY_FMT_EN);
    static const int64_t zeros[] = { 0, 0, 0 }, one[] = { E(48750) }, big_small[] = { E(12400000), 1, E(-3) };
    static const bool all_missing[] = { true, true, true };
    const chart_series sz = { "z", zeros, NULL, CHART_COLOR_AUTO }, so = { "o", one, NULL, CHART_COLOR_AUTO };
    const chart_series sm = { "m", zeros, all_missing, CHART_COLOR_AUTO }, sb = { "b", big_small, NULL, CHART_COLOR_AUTO };
    const chart_data cases[] = {
        { NULL, "zero", NULL, years3, 3, NULL, &sz, 1, CHART_VALUES_MONEY, CHART_SORT_DESC },
        { NULL, "one", NULL, years3, 1, NULL, &so, 1, CHART_VALUES_MONEY, 0 },
        { NULL, "missing", NULL, years3, 3, NULL, &sm, 1, CHART_VALUES_MONEY, 0 },
        { NULL, "big and small", NULL, years3, 3, NULL, &sb, 1, CHART_VALUES_MONEY, CHART_SORT_DESC },
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
        double h = chart_hbars_height(cr, 300, &cases[i], &st);
        CHECK(chart_hbars(cr, 0, 0, 300, h, &cases[i], &st, &res));
        check_result(&res, 0, 0, 300, h);
        CHECK(chart_sparkline(cr, 0, 0, 110, 36, &cases[i], &st, &res));
        check_result(&res, 0, 0, 110, 36);
        bool donut = chart_donut(cr, 0, 0, 300, 160, &cases[i], &st, &res);
        CHECK(donut == (i != 3)); /* refused only for the negative part */
        if (donut) check_result(&res, 0, 0, 300, 160);
        CHECK(res.alt[0] != '\0');
    }
    static const char *row[] = { "Only row" }, *col[] = { "Only column" }, *lv[] = { "yes" };
    static const int cell[] = { 0 };
    const chart_matrix_data m = { NULL, "tiny", NULL, row, 1, NULL, NULL, col, 1, cell, NULL, lv, 1 };
    double mh = chart_matrix_height(cr, 200, &m, &st);
    CHECK(chart_matrix(cr, 0, 0, 200, mh, &m, &st, &res));
    check_result(&res, 0, 0, 200, mh);
    CHECK(!chart_matrix(cr, 0, 0, 200, mh - 5, &m, &st, &res)); /* never cut */
}

static void hbars_wrap_and_height(void)
{
    setup();
    chart_style st;
    chart_style_default(&st, MONEY_FMT_NL);
    static const char *labels[] = { "Studentenpsychologen",
                                    "Instellingen zorgen voor duidelijke informatievoorziening en vindbaarheid van het hulpaanbod",
                                    "Correctie", "Nul" };
    static const int64_t v[] = { E(190000), E(310000), E(-42000), 0 };
    static const int colors[] = { 1, 1, CHART_COLOR_MUTED, 2 };
    const chart_series s = { "2025", v, NULL, CHART_COLOR_AUTO };
    const chart_data d = { "t", "posten", NULL, labels, 4, colors, &s, 1, CHART_VALUES_MONEY, CHART_SORT_DESC };
    double h = chart_hbars_height(cr, 300, &d, &st);
    CHECK(h > 40 && h < 400);
    CHECK(!chart_hbars(cr, 0, 0, 300, h - 10, &d, &st, &res)); /* never cut rows off */
    CHECK(chart_hbars(cr, 0, 0, 300, h, &d, &st, &res));
    check_result(&res, 0, 0, 300, h);
    CHECK_INT(res.n_bars, 4);
    CHECK_INT(res.bars[0].value, E(310000)); /* ranked */
    CHECK_INT(res.bars[3].value, E(-42000));
    double per = res.bars[0].box.w / (double)res.bars[0].value;
    CHECK(fabs(res.bars[1].box.w - res.bars[1].value * per) < 0.1);
    CHECK(fabs(res.bars[3].box.w + res.bars[3].value * per) < 0.1);
    CHECK(res.bars[3].box.x + res.bars[3].box.w <= res.baseline + 0.01);
    CHECK(strstr(res.alt, "€ 310.000") != NULL);
}

static void donut_angles(void)
{
    setup();
    chart_style st;
    chart_style_default(&st, MONEY_FMT_NL);
    static const char *cats[] = { "Sense of belonging", "Preventie", "Kennis en kunde", "Samenwerking", "Niet toe te wijzen" };
    static const int64_t v[] = { E(415000), E(536600), 0, 5623450, 1 };
    const chart_series s = { "2025", v, NULL, CHART_COLOR_AUTO };
    const chart_data d = { "t", "verdeling", NULL, cats, 5, NULL, &s, 1, CHART_VALUES_MONEY, 0 };
    CHECK(chart_donut(cr, 0, 0, 480, 220, &d, &st, &res));
    CHECK_INT(res.n_slices, 4); /* the 0 % part is named in the note, not drawn */
    double sum = 0;
    for (int i = 0; i < res.n_slices; i++) {
        CHECK(res.slices[i].end >= res.slices[i].start);
        if (i) CHECK(fabs(res.slices[i].start - res.slices[i - 1].end) < 1e-12);
        sum += res.slices[i].end - res.slices[i].start;
    }
    CHECK(fabs(sum - 2 * M_PI) < 1e-9);
    CHECK(fabs(res.slices[res.n_slices - 1].end - 2 * M_PI) == 0);
    check_result(&res, 0, 0, 480, 220);
    CHECK(strstr(res.alt, "€ 536.600") != NULL);
    CHECK(strstr(res.alt, "niets voor Kennis en kunde") != NULL);
    /* the natural height fits exactly; in a taller box the chart keeps to the top */
    double nh = chart_donut_height(cr, 480, &d, &st);
    CHECK(nh > 60 && nh <= 220);
    CHECK(chart_donut(cr, 0, 0, 480, nh, &d, &st, &res));
    check_result(&res, 0, 0, 480, nh);
    CHECK(chart_donut(cr, 0, 0, 480, 400, &d, &st, &res));
    CHECK(res.used_h <= nh + 0.01);
    /* all zero: no slices, no division by zero; negative: refused */
    static const int64_t z[] = { 0, 0, 0, 0, 0 }, n[] = { E(10), E(-5), 0, 0, 0 };
    const chart_series sz = { "z", z, NULL, CHART_COLOR_AUTO }, sn = { "n", n, NULL, CHART_COLOR_AUTO };
    chart_data dz = d, dn = d;
    dz.series = &sz;
    dn.series = &sn;
    CHECK(chart_donut(cr, 0, 0, 300, 160, &dz, &st, &res));
    CHECK_INT(res.n_slices, 0);
    check_result(&res, 0, 0, 300, 160);
    CHECK(!chart_donut(cr, 0, 0, 300, 160, &dn, &st, &res));
    CHECK(strstr(res.alt, "negatieve") != NULL);
}

static void matrix_cells(void)
{
    setup();
    chart_style st;
    chart_style_default(&st, MONEY_FMT_EN);
    static const char *rows[] = { "Safe and inclusive study climate", "Social and academic integration",
                                  "Suicide prevention" };
    static const char *cols[] = { "Spending", "Activities", "Outcome monitoring" };
    static const char *levels[] = { "no", "partly", "yes" };
    static const int cells[] = { 2, 2, 0, 1, -1, 2, 0, 0, 1 };
    static const int groups[] = { 0, 0, 1 };
    static const char *gnames[] = { "1 Sense of belonging", "2 Prevention" };
    const chart_matrix_data m = { "Coverage", "coverage", NULL, rows, 3, groups, gnames, cols, 3, cells, NULL, levels, 3 };
    double h = chart_matrix_height(cr, 400, &m, &st);
    CHECK(h > 50);
    CHECK(chart_matrix(cr, 0, 0, 400, h, &m, &st, &res));
    CHECK_INT(res.n_bars, 9);
    check_result(&res, 0, 0, 400, h);
    CHECK(strstr(res.alt, "Spending: 1 of 3 yes") != NULL);
    CHECK(strstr(res.alt, "1 unknown") != NULL);
    chart_table *t = chart_matrix_table_new(&m, &st);
    CHECK(t && t->rows == 4 && t->cols == 4);
    if (t) CHECK_STR(t->cell[2 * 4 + 2], "unknown");
    chart_table_free(t);
}

static void sparkline_gaps(void)
{
    setup();
    chart_style st;
    chart_style_default(&st, MONEY_FMT_NL);
    static const int64_t v[] = { E(10), E(30), 0, E(-5) };
    static const bool miss[] = { false, true, false, false };
    static const char *cats[] = { "2022", "2023", "2024", "2025" };
    const chart_series s = { "x", v, miss, CHART_COLOR_AUTO };
    const chart_data d = { NULL, "saldo", NULL, cats, 4, NULL, &s, 1, CHART_VALUES_MONEY, 0 };
    CHECK(chart_sparkline(cr, 0, 0, 110, 36, &d, &st, &res));
    CHECK_INT(res.n_bars, 3); /* points: the missing year is a gap */
    check_result(&res, 0, 0, 110, 36);
    for (int i = 0; i < res.n_bars; i++) CHECK(res.bars[i].box.y >= 0 && res.bars[i].box.y <= 36);
    const chart_data one = { NULL, "x", NULL, cats, 1, NULL, &s, 1, CHART_VALUES_MONEY, 0 };
    CHECK(chart_sparkline(cr, 0, 0, 110, 36, &one, &st, &res));
    check_result(&res, 0, 0, 110, 36);
}

static void axis_and_table_text(void)
{
    setup();
    chart_style st;
    chart_style_default(&st, MONEY_FMT_NL);
    CHECK(chart_bars(cr, 0, 0, 480, 260, &lines_data, &st, CHART_STACKED, &res));
    /* the stacked axis passes one million: every tick in millions, exact */
    CHECK(res.ticks[res.n_ticks - 1] >= E(1226000));
    static const int64_t v[] = { 123456, E(1000), 0 };
    static const bool miss[] = { false, false, true };
    const chart_series s = { "Realisatie", v, miss, CHART_COLOR_AUTO };
    const chart_data d = { NULL, "jaar", NULL, years3, 3, NULL, &s, 1, CHART_VALUES_MONEY, 0 };
    chart_table *t = chart_table_new(&d, &st);
    CHECK(t != NULL);
    if (!t) return;
    CHECK_INT(t->rows, 5);
    CHECK_INT(t->cols, 2);
    CHECK(t->has_total && t->numeric[1] && !t->numeric[0]);
    CHECK_STR(t->cell[1 * 2 + 1], "€ 1.234,56");
    CHECK_STR(t->cell[3 * 2 + 1], "n.b.");
    CHECK_STR(t->cell[4 * 2 + 0], "Totaal");
    CHECK_STR(t->cell[4 * 2 + 1], "€ 2.234,56");
    chart_table_free(t);
    chart_table_free(NULL);
}

/* Average ms per chart over n draws onto fresh recording surfaces; `vary` changes every value
 * per draw, so value and tick labels are new text each time (no reuse of laid-out strings). */
static double time_bars(const chart_style *st, int n, bool vary)
{
    int64_t v[4][3];
    chart_series s[4];
    for (int j = 0; j < 4; j++) s[j] = lines[j];
    chart_data d = lines_data;
    d.series = s;
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int i = 0; i < n; i++) {
        for (int j = 0; j < 4; j++) {
            for (int k = 0; k < 3; k++) v[j][k] = lines[j].values[k] + (vary ? (int64_t)i * 100 * (j + k + 1) : 0);
            s[j].values = v[j];
        }
        cairo_surface_t *rs = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
        cairo_t *c = cairo_create(rs);
        chart_bars(c, 0, 0, 480, 260, &d, st, CHART_GROUPED, &res);
        cairo_destroy(c);
        cairo_surface_destroy(rs);
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    return ((double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6) / n;
}

typedef bool (*draw_fn)(cairo_t *c, const void *data, const chart_style *st);

static bool draw_donut(cairo_t *c, const void *data, const chart_style *st)
{
    return chart_donut(c, 0, 0, 480, 220, data, st, &res);
}

static bool draw_hbars(cairo_t *c, const void *data, const chart_style *st)
{
    return chart_hbars(c, 0, 0, 480, chart_hbars_height(c, 480, data, st), data, st, &res);
}

static bool draw_matrix(cairo_t *c, const void *data, const chart_style *st)
{
    return chart_matrix(c, 0, 0, 480, chart_matrix_height(c, 480, data, st), data, st, &res);
}

static double time_draw(draw_fn fn, const void *data, const chart_style *st, int n)
{
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (int i = 0; i < n; i++) {
        cairo_surface_t *rs = cairo_recording_surface_create(CAIRO_CONTENT_COLOR_ALPHA, NULL);
        cairo_t *c = cairo_create(rs);
        CHECK(fn(c, data, st));
        cairo_destroy(c);
        cairo_surface_destroy(rs);
    }
    clock_gettime(CLOCK_MONOTONIC, &b);
    return ((double)(b.tv_sec - a.tv_sec) * 1e3 + (double)(b.tv_nsec - a.tv_nsec) / 1e6) / n;
}

static void timing(void)
{
    setup();
    chart_style st;
    chart_style_default(&st, MONEY_FMT_NL);
    double same = time_bars(&st, 1000, false), fresh = time_bars(&st, 1000, true);
    static const char *cats[15] = { "Veilig en inclusief studieklimaat", "Sociale en academische binding",
        "Studenteninitiatieven", "Studenten als partner", "Stressfactoren en prestatiedruk", "Overgang",
        "Mentaal welzijn bespreekbaar", "Mentale gezondheidsvaardigheden", "Suïcidepreventie",
        "Instellingen zorgen voor duidelijke informatievoorziening en vindbaarheid hulpaanbod",
        "Rollen in de begeleidingsketen", "Kennis en kunde binnen de instelling", "Landelijke kennisuitwisseling",
        "Samenwerking buiten het onderwijs", "Begeleidingsketen buiten het onderwijs" };
    static const int64_t v[15] = { E(58000), E(96000), E(42000), E(47100), E(30000), E(55000), E(66000), E(71000),
                                   E(5000), E(310000), E(180000), 0, E(25000), E(62000), E(12500) };
    static const int groups[15] = { 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 3, 3 };
    const chart_series s = { "2025", v, NULL, CHART_COLOR_AUTO };
    const chart_data sub = { NULL, "per subthema", NULL, cats, 15, groups, &s, 1, CHART_VALUES_MONEY, CHART_SORT_DESC };
    const chart_data five = { NULL, "verdeling", NULL, cats, 5, groups, &s, 1, CHART_VALUES_MONEY, 0 };
    static const char *cols[] = { "Uitgaven", "Activiteiten", "Monitoring op outcome" };
    static const char *levels[] = { "nee", "deels", "ja" };
    static int cells[45];
    for (int i = 0; i < 45; i++) cells[i] = i % 4 - 1;
    const chart_matrix_data m = { NULL, "dekking", NULL, cats, 15, groups, NULL, cols, 3, cells, NULL, levels, 3 };
    double hb = time_draw(draw_hbars, &sub, &st, 300), dn = time_draw(draw_donut, &five, &st, 300);
    double mx = time_draw(draw_matrix, &m, &st, 300);
    printf("# ms per chart: bars %.3f (same figures), %.3f (new figures each draw); hbars(15) %.3f; "
           "donut(5) %.3f; matrix(15x3) %.3f\n", same, fresh, hb, dn, mx);
    CHECK(same < 20 && fresh < 20 && hb < 20 && dn < 20 && mx < 20); /* generous: sanitizer builds are slow */
}

/* Releases what the tests built (the layout cache included), so leak checkers see only real
 * leaks. The font map stays: Pango and fontconfig keep parts of it in caches of their own. */
static void teardown(void)
{
    chart_text_cache_release();
    if (cr) cairo_destroy(cr);
    if (surface) cairo_surface_destroy(surface);
    cr = NULL;
    surface = NULL;
}

UNIT_MAIN("chart", T(nice_ticks), T(axis_labels), T(bars_proportional), T(bars_labels_consistent), T(bars_stacked), T(bars_edge_cases), T(other_edge_cases),
          T(hbars_wrap_and_height), T(donut_angles), T(matrix_cells), T(sparkline_gaps),
          T(axis_and_table_text), T(timing), T(teardown))
