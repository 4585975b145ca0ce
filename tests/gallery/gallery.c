/* Chart gallery: every chart type with normal and edge-case data, rendered into one PDF
 * (build/gallery/gallery.pdf, with each chart's alt text under it) and one PNG per chart
 * (build/gallery/NN-name.png, 3x scale) for visual review. Exits non-zero when a chart that
 * should draw does not. */
#include <cairo-pdf.h>
#include <cairo.h>
#include <pango/pangocairo.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "chart/chart.h"
#include "fonts.h"
#include "kader.h"

typedef enum { K_BARS, K_STACKED, K_HBARS, K_DONUT, K_MATRIX, K_SPARK } kind;

typedef struct entry {
    const char *name;
    kind k;
    double w, h; /* h <= 0: ask the chart for its height */
    const chart_data *d;
    const chart_matrix_data *m;
    money_lang lang;
    bool patterns, expect_fail;
} entry;

/* ---- data ---- */
#define E(x) ((int64_t)(x) * 100) /* whole euros to cents */
static const char *years3[] = { "2023", "2024", "2025" };
static const char *years8[] = { "2018", "2019", "2020", "2021", "2022", "2023", "2024", "2025" };
static const int64_t al1[] = { E(210000), E(228500), E(243100) };
static const int64_t al2[] = { E(455000), E(498250), E(536600) };
static const int64_t al3[] = { E(180000), E(176400), E(201300) };
static const int64_t al4[] = { E(95000), E(118000), E(245000) };
static const chart_series al_series_nl[] = {
    { "Sense of belonging", al1, NULL, 0 }, { "Preventie", al2, NULL, 1 },
    { "Kennis en kunde", al3, NULL, 2 }, { "Samenwerking zorgketen", al4, NULL, 3 } };
static const chart_series al_series_en[] = {
    { "Sense of belonging", al1, NULL, 0 }, { "Prevention", al2, NULL, 1 },
    { "Knowledge and skills", al3, NULL, 2 }, { "Cooperation with the care chain", al4, NULL, 3 } };
static const chart_data d_grouped = { "Realisatie per actielijn", "realisatie per actielijn", "Bedragen in euro, realisatie.",
                                      years3, 3, NULL, al_series_nl, 4, CHART_VALUES_MONEY, 0 };
static const chart_data d_stacked_en = { "Actuals per action line", "actuals per action line", NULL, years3, 3, NULL,
                                         al_series_en, 4, CHART_VALUES_MONEY, CHART_SHOW_TOTAL };
static const chart_data d_stacked_nl = { "Realisatie per actielijn (gestapeld)", "realisatie per actielijn", NULL, years3,
                                         3, NULL, al_series_nl, 4, CHART_VALUES_MONEY, CHART_SHOW_TOTAL };

static const int64_t tot8[] = { E(61000), E(64500), E(0), 0, E(1219092), E(1224000), E(1224000), E(1198500) };
static const bool miss8[] = { false, false, false, true, false, false, false, false };
static const chart_series s_tot8 = { "Totaal", tot8, miss8, CHART_COLOR_PALETTE };
static const chart_data d_years8 = { "Totale uitgaven studentenwelzijn", "totale uitgaven", "2021 niet gerapporteerd.",
                                     years8, 8, NULL, &s_tot8, 1, CHART_VALUES_MONEY, 0 };

static int64_t y8[4][8];
static const chart_series s_y8[] = { { "Sense of belonging", y8[0], NULL, 0 }, { "Preventie", y8[1], miss8, 1 },
                                     { "Kennis en kunde", y8[2], NULL, 2 }, { "Samenwerking zorgketen", y8[3], NULL, 3 } };
static const chart_data d_y8 = { "Acht jaar, vier actielijnen", "realisatie per actielijn", NULL, years8, 8, NULL, s_y8, 4,
                                 CHART_VALUES_MONEY, 0 };
static const int64_t st_neg1[] = { E(120000), E(90000), E(60000) };
static const int64_t st_neg2[] = { E(40000), E(-25000), E(30000) };
static const int64_t st_neg3[] = { E(-10000), E(-15000), E(20000) };
static const chart_series s_stneg[] = { { "Personeel", st_neg1, NULL, CHART_COLOR_PALETTE + 0 },
                                        { "Projecten", st_neg2, NULL, CHART_COLOR_PALETTE + 1 },
                                        { "Correcties", st_neg3, NULL, CHART_COLOR_UNALLOCATED } };
static const chart_data d_stneg = { "Stacked with negative parts", "balance per cost type", "Amounts in euro.", years3, 3,
                                    NULL, s_stneg, 3, CHART_VALUES_MONEY, CHART_SHOW_TOTAL };
static const char *years24[24];
static int64_t v24[24];
static const chart_series s_24 = { "Realisatie", v24, NULL, CHART_COLOR_ACTIONLINE + 2 };
static const chart_data d_24 = { "Vierentwintig jaren", "realisatie per jaar", NULL, years24, 24, NULL, &s_24, 1,
                                  CHART_VALUES_MONEY, 0 };
static const int64_t zeros[] = { 0, 0, 0 };
static const chart_series s_zero[] = { { "Begroting", zeros, NULL, CHART_COLOR_PALETTE },
                                       { "Realisatie", zeros, NULL, CHART_COLOR_PALETTE + 2 } };
static const chart_data d_zero = { "Alles nul", "begroting en realisatie", NULL, years3, 3, NULL, s_zero, 2,
                                   CHART_VALUES_MONEY, 0 };

static const char *one_cat[] = { "2025" };
static const int64_t one_v[] = { E(48750) };
static const chart_series s_one = { "Realisatie", one_v, NULL, CHART_COLOR_ACTIONLINE + 1 };
static const chart_data d_one = { "Eén jaar, één categorie", "realisatie kleine hogeschool", NULL, one_cat, 1, NULL,
                                  &s_one, 1, CHART_VALUES_MONEY, 0 };

static const int64_t neg_b[] = { E(120000), E(-35500), E(80250) };
static const int64_t neg_r[] = { E(98000), E(12000), E(-8400) };
static const chart_series s_neg[] = { { "Begroting", neg_b, NULL, CHART_COLOR_PALETTE + 0 },
                                      { "Realisatie", neg_r, NULL, CHART_COLOR_PALETTE + 2 } };
static const chart_data d_neg = { "Correcties: negatieve bedragen", "saldo na correcties", NULL, years3, 3, NULL, s_neg, 2,
                                  CHART_VALUES_MONEY, 0 };

static const char *mix_cat[] = { "Universiteit", "Hogeschool", "Kleine hogeschool" };
static const int64_t mix_v[] = { E(12400000), E(815000), 35050 };
static const chart_series s_mix = { "Kadermiddelen", mix_v, NULL, CHART_COLOR_ACTIONLINE };
static const chart_data d_mix = { "Groot en klein naast elkaar", "kadermiddelen per instelling", NULL, mix_cat, 3, NULL,
                                  &s_mix, 1, CHART_VALUES_MONEY, 0 };

/* 15 subthemes, coloured by action line, with long official-style labels */
static int64_t sub_v[15] = { E(58000), E(96000), E(42000), E(47100), E(30000), E(55000), E(66000), E(71000),
                             E(5000), E(310000), E(180000), E(0), E(25000), E(62000), E(12500) };
static const char *sub_labels[15];
static int sub_colors[15];
static const chart_series s_sub = { "Realisatie 2025", sub_v, NULL, CHART_COLOR_AUTO };
static chart_data d_sub = { "Realisatie 2025 per subthema", "realisatie 2025 per subthema", "Gerangschikt naar bedrag.",
                            sub_labels, 15, sub_colors, &s_sub, 1, CHART_VALUES_MONEY, CHART_SORT_DESC };

static const char *corr_cat[] = { "Studentenpsychologen", "Correctie boeking 2024 (terugbetaling subsidie)",
                                  "Trainingen", "Niet toe te wijzen" };
static const int64_t corr_v[] = { E(190000), E(-42000), E(25000), E(7350) };
static const int corr_col[] = { 1, CHART_COLOR_MUTED, 2, CHART_COLOR_UNALLOCATED };
static const chart_series s_corr = { "Saldo", corr_v, NULL, CHART_COLOR_AUTO };
static const chart_data d_corr = { "Posten met een negatieve correctie", "saldo per post", NULL, corr_cat, 4, corr_col,
                                   &s_corr, 1, CHART_VALUES_MONEY, CHART_SORT_DESC };

static const char *donut_cat[] = { "Sense of belonging", "Preventie", "Kennis en kunde", "Samenwerking zorgketen",
                                   "Niet toe te wijzen" };
static const int donut_col[] = { 0, 1, 2, 3, CHART_COLOR_UNALLOCATED };
static const int64_t donut_v[] = { E(415000), E(536600), E(180000), E(56234) + 50, E(36166) };
static const chart_series s_donut = { "2025", donut_v, NULL, CHART_COLOR_AUTO };
static const chart_data d_donut = { "Verdeling 2025 over de actielijnen", "verdeling realisatie 2025", NULL, donut_cat, 5,
                                    donut_col, &s_donut, 1, CHART_VALUES_MONEY, 0 };
static const int64_t donut_z[] = { E(40000), E(31000), 0, 0, E(1200) };
static const bool donut_zm[] = { false, false, false, true, false };
static const chart_series s_donut_z = { "2025", donut_z, donut_zm, CHART_COLOR_AUTO };
static const chart_data d_donut_zero = { "0 % en ontbrekende delen", "verdeling kleine hogeschool", NULL, donut_cat, 5,
                                         donut_col, &s_donut_z, 1, CHART_VALUES_MONEY, 0 };
static const int64_t donut_one[] = { 0, E(75000), 0, 0, 0 };
static const chart_series s_donut_one = { "2025", donut_one, NULL, CHART_COLOR_AUTO };
static const chart_data d_donut_one = { "Eén deel", "verdeling", NULL, donut_cat, 5, donut_col, &s_donut_one, 1,
                                        CHART_VALUES_MONEY, 0 };
static const int64_t donut_allz[] = { 0, 0, 0, 0, 0 };
static const chart_series s_donut_allz = { "2025", donut_allz, NULL, CHART_COLOR_AUTO };
static const chart_data d_donut_allz = { "Alles nul", "verdeling", NULL, donut_cat, 5, donut_col, &s_donut_allz, 1,
                                         CHART_VALUES_MONEY, 0 };
static const chart_data d_donut_neg = { "Negatief: geweigerd", "saldo", NULL, corr_cat, 4, corr_col, &s_corr, 1,
                                        CHART_VALUES_MONEY, 0 };

/* coverage matrix */
static const char *mx_cols[] = { "Uitgaven", "Activiteiten", "Monitoring op outcome" };
static const char *mx_levels[] = { "nee", "deels", "ja" };
static const char *mx_groups[4];
static int mx_group[15];
static const int mx_cells[45] = { 2, 2, 0, 2, 2, 1, 2, 1, 0, 1, 1, -1, 2, 2, 1, 2, 2, 0, 2, 2, 2, 2, 1, 0,
                                  0, 1, 0, 2, 2, 1, 2, 2, 0, 0, 0, -1, 1, 1, 0, 2, 2, 1, 1, 0, 0 };
static const char *mx_text[45];
static chart_matrix_data d_matrix = { "Dekking per subthema", "dekking per subthema", "Bron: begroting en activiteitenlijst 2025.",
                                      sub_labels, 15, mx_group, mx_groups, mx_cols, 3, mx_cells, mx_text, mx_levels, 3 };

/* sparklines */
static const int64_t sp1[] = { E(1219092), E(1224000), E(1224000), E(1261500) };
static const char *sp_years[] = { "2022", "2023", "2024", "2025" };
static const chart_series s_sp1 = { "Totaal", sp1, NULL, CHART_COLOR_ACTIONLINE };
static const chart_data d_sp1 = { NULL, "totale uitgaven", NULL, sp_years, 4, NULL, &s_sp1, 1, CHART_VALUES_MONEY, 0 };
static const int64_t sp2[] = { 12, 30, 0, 44, 41, 52, 60, 58 };
static const bool sp2m[] = { false, false, true, false, false, false, false, false };
static const chart_series s_sp2 = { "Activiteiten", sp2, sp2m, CHART_COLOR_ACTIONLINE + 1 };
static const chart_data d_sp2 = { NULL, "aantal activiteiten", NULL, years8, 8, NULL, &s_sp2, 1, CHART_VALUES_COUNT, 0 };
static const chart_data d_sp_zero = { NULL, "uitgaven", NULL, years3, 3, NULL, &s_zero[0], 1, CHART_VALUES_MONEY, 0 };
static const chart_data d_sp_one = { NULL, "uitgaven", NULL, one_cat, 1, NULL, &s_one, 1, CHART_VALUES_MONEY, 0 };
static const chart_data d_sp_neg = { NULL, "saldo", NULL, years3, 3, NULL, &s_neg[1], 1, CHART_VALUES_MONEY, 0 };

static void init_data(void)
{
    for (int i = 0; i < 15; i++) {
        sub_labels[i] = kader_subthemes[i].short_nl;
        sub_colors[i] = kader_subthemes[i].actionline;
        mx_group[i] = kader_subthemes[i].actionline;
    }
    sub_labels[9] = kader_subthemes[9].title_nl;
    static char ybuf[24][8];
    for (int k = 0; k < 24; k++) {
        snprintf(ybuf[k], sizeof ybuf[k], "%d", 2002 + k);
        years24[k] = ybuf[k];
        v24[k] = E(20000 + 3000 * k + (k % 5) * 4000);
    }
    for (int a = 0; a < 4; a++)
        for (int k = 0; k < 8; k++) y8[a][k] = E(40000 + 25000 * a + 9000 * k + (k * a * 3700) % 20000); /* one very long label: must wrap, never be cut */
    static char names[4][80];
    for (int a = 0; a < 4; a++) {
        snprintf(names[a], sizeof names[a], "%s %s", kader_actionlines[a].code, kader_actionlines[a].short_nl);
        mx_groups[a] = names[a];
    }
    mx_text[0] = "€ 58.000";
    mx_text[1] = "3 activiteiten";
}

static const entry entries[] = {
    { "bars-grouped-nl", K_BARS, 480, 260, &d_grouped, NULL, MONEY_FMT_NL, false, false },
    { "bars-stacked-en", K_STACKED, 480, 260, &d_stacked_en, NULL, MONEY_FMT_EN, false, false },
    { "bars-stacked-patterns", K_STACKED, 480, 260, &d_stacked_nl, NULL, MONEY_FMT_NL, true, false },
    { "bars-8-years-missing", K_BARS, 480, 220, &d_years8, NULL, MONEY_FMT_NL, false, false },
    { "bars-8-years-4-lines", K_BARS, 480, 240, &d_y8, NULL, MONEY_FMT_NL, false, false },
    { "bars-stacked-negative", K_STACKED, 400, 240, &d_stneg, NULL, MONEY_FMT_EN, false, false },
    { "bars-24-years", K_BARS, 480, 200, &d_24, NULL, MONEY_FMT_NL, false, false },
    { "bars-all-zero", K_BARS, 300, 180, &d_zero, NULL, MONEY_FMT_NL, false, false },
    { "bars-single", K_BARS, 300, 180, &d_one, NULL, MONEY_FMT_NL, false, false },
    { "bars-negative", K_BARS, 400, 220, &d_neg, NULL, MONEY_FMT_NL, false, false },
    { "bars-large-small", K_BARS, 400, 220, &d_mix, NULL, MONEY_FMT_EN, false, false },
    { "bars-narrow", K_BARS, 200, 160, &d_grouped, NULL, MONEY_FMT_NL, false, false },
    { "hbars-subthemes", K_HBARS, 480, 0, &d_sub, NULL, MONEY_FMT_NL, false, false },
    { "hbars-negative", K_HBARS, 400, 0, &d_corr, NULL, MONEY_FMT_NL, false, false },
    { "donut-actionlines", K_DONUT, 480, 0, &d_donut, NULL, MONEY_FMT_NL, false, false },
    { "donut-small", K_DONUT, 260, 140, &d_donut, NULL, MONEY_FMT_NL, false, false },
    { "donut-zero-missing", K_DONUT, 400, 200, &d_donut_zero, NULL, MONEY_FMT_EN, false, false },
    { "donut-one-slice", K_DONUT, 300, 160, &d_donut_one, NULL, MONEY_FMT_NL, false, false },
    { "donut-all-zero", K_DONUT, 300, 160, &d_donut_allz, NULL, MONEY_FMT_NL, false, false },
    { "donut-negative", K_DONUT, 300, 120, &d_donut_neg, NULL, MONEY_FMT_NL, false, true },
    { "matrix-coverage", K_MATRIX, 480, 0, NULL, &d_matrix, MONEY_FMT_NL, false, false },
    { "matrix-narrow", K_MATRIX, 260, 0, NULL, &d_matrix, MONEY_FMT_NL, false, false },
    { "spark-trend", K_SPARK, 110, 36, &d_sp1, NULL, MONEY_FMT_NL, false, false },
    { "spark-missing", K_SPARK, 110, 36, &d_sp2, NULL, MONEY_FMT_NL, false, false },
    { "spark-zero", K_SPARK, 110, 36, &d_sp_zero, NULL, MONEY_FMT_NL, false, false },
    { "spark-one", K_SPARK, 110, 36, &d_sp_one, NULL, MONEY_FMT_NL, false, false },
    { "spark-negative", K_SPARK, 110, 36, &d_sp_neg, NULL, MONEY_FMT_NL, false, false },
};
#define N_ENTRIES ((int)(sizeof entries / sizeof *entries))

static double entry_height(cairo_t *cr, const entry *e, const chart_style *st)
{
    if (e->h > 0) return e->h;
    if (e->k == K_HBARS) return chart_hbars_height(cr, e->w, e->d, st);
    if (e->k == K_DONUT) return chart_donut_height(cr, e->w, e->d, st);
    return chart_matrix_height(cr, e->w, e->m, st);
}

static bool draw_entry(cairo_t *cr, const entry *e, const chart_style *st, double x, double y, double h,
                       chart_result *r)
{
    switch (e->k) {
    case K_BARS: return chart_bars(cr, x, y, e->w, h, e->d, st, CHART_GROUPED, r);
    case K_STACKED: return chart_bars(cr, x, y, e->w, h, e->d, st, CHART_STACKED, r);
    case K_HBARS: return chart_hbars(cr, x, y, e->w, h, e->d, st, r);
    case K_DONUT: return chart_donut(cr, x, y, e->w, h, e->d, st, r);
    case K_MATRIX: return chart_matrix(cr, x, y, e->w, h, e->m, st, r);
    case K_SPARK: return chart_sparkline(cr, x, y, e->w, h, e->d, st, r);
    }
    return false;
}

/* A grayscale copy (CIE luminance) to check that print without colour stays unambiguous. */
static void write_gray(cairo_surface_t *s, const char *path)
{
    cairo_surface_flush(s);
    unsigned char *px = cairo_image_surface_get_data(s);
    int w = cairo_image_surface_get_width(s), h = cairo_image_surface_get_height(s);
    int stride = cairo_image_surface_get_stride(s);
    for (int y = 0; y < h; y++)
        for (int x = 0; x < w; x++) {
            uint32_t *p = (uint32_t *)(px + y * stride) + x;
            uint32_t r = (*p >> 16) & 0xff, g = (*p >> 8) & 0xff, b = *p & 0xff;
            uint32_t l = (2126 * r + 7152 * g + 722 * b) / 10000;
            *p = (l << 16) | (l << 8) | l;
        }
    cairo_surface_mark_dirty(s);
    cairo_surface_write_to_png(s, path);
}

static bool write_png(const char *dir, int i, const entry *e, const chart_style *st, double h)
{
    const double scale = 3, pad = 6;
    cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)((e->w + 2 * pad) * scale),
                                                    (int)((h + 2 * pad) * scale));
    cairo_t *cr = cairo_create(s);
    cairo_scale(cr, scale, scale);
    cairo_set_source_rgb(cr, 1, 1, 1);
    cairo_paint(cr);
    cairo_set_source_rgb(cr, 0.85, 0.2, 0.6); /* hairline frame: the box the chart was given */
    cairo_set_line_width(cr, 0.25);
    cairo_rectangle(cr, pad, pad, e->w, h);
    cairo_stroke(cr);
    chart_result *r = calloc(1, sizeof *r);
    bool ok = draw_entry(cr, e, st, pad, pad, h, r);
    char path[512];
    snprintf(path, sizeof path, "%s/%02d-%s.png", dir, i + 1, e->name);
    cairo_surface_write_to_png(s, path);
    printf("%-24s %s  dropped=%d  alt: %s\n", e->name, ok ? "ok  " : "FAIL", r->dropped_labels, r->alt);
    if (e->k == K_STACKED || e->k == K_DONUT || e->k == K_HBARS) {
        snprintf(path, sizeof path, "%s/%02d-%s-gray.png", dir, i + 1, e->name);
        write_gray(s, path);
    }
    free(r);
    cairo_destroy(cr);
    cairo_surface_destroy(s);
    return ok != e->expect_fail;
}

static void caption(cairo_t *cr, const char *text, double x, double y, double w)
{
    PangoLayout *l = pango_cairo_create_layout(cr);
    PangoFontDescription *fd = pango_font_description_from_string("Inter 7");
    pango_font_description_set_absolute_size(fd, 7 * PANGO_SCALE);
    pango_layout_set_font_description(l, fd);
    pango_layout_set_width(l, (int)(w * PANGO_SCALE));
    pango_layout_set_text(l, text, -1);
    cairo_set_source_rgb(cr, 0.35, 0.35, 0.35);
    cairo_move_to(cr, x, y);
    pango_cairo_show_layout(cr, l);
    pango_font_description_free(fd);
    g_object_unref(l);
}

/* One PDF page per chart: its name, the chart, and its alt text underneath. */
static void pdf_page(cairo_t *cr, const entry *e, const chart_style *st, double h)
{
    chart_result *r = calloc(1, sizeof *r);
    caption(cr, e->name, 50, 40, 495);
    draw_entry(cr, e, st, 50, 60, h, r);
    char line[CHART_ALT_MAX + 32];
    snprintf(line, sizeof line, "Alt: %s", r->alt);
    caption(cr, line, 50, 60 + h + 16, 495);
    cairo_show_page(cr);
    free(r);
}

int main(int argc, char **argv)
{
    const char *out = argc > 1 ? argv[1] : "build/gallery";
    const char *data = kr_data_dir();
    char fonts[1024];
    snprintf(fonts, sizeof fonts, "%s/fonts", data ? data : ".");
    if (!kr_fonts_init(fonts)) {
        fprintf(stderr, "gallery: no fonts in %s\n", fonts);
        return 2;
    }
    mkdir("build", 0755);
    mkdir(out, 0755);
    init_data();
    char pdf_path[600];
    snprintf(pdf_path, sizeof pdf_path, "%s/gallery.pdf", out);
    cairo_surface_t *pdf = cairo_pdf_surface_create(pdf_path, 595.276, 841.89);
    cairo_t *pcr = cairo_create(pdf);
    int failures = 0;
    for (int i = 0; i < N_ENTRIES; i++) {
        chart_style st;
        chart_style_default(&st, entries[i].lang);
        st.patterns = entries[i].patterns;
        double h = entry_height(pcr, &entries[i], &st);
        if (h <= 0) h = 100;
        failures += !write_png(out, i, &entries[i], &st, h);
        pdf_page(pcr, &entries[i], &st, h);
    }
    cairo_destroy(pcr);
    cairo_surface_finish(pdf);
    cairo_surface_destroy(pdf);
    printf("%s: %d charts, %d unexpected results\n", pdf_path, N_ENTRIES, failures);
    return failures ? 1 : 0;
}
