/* Report sections on money: spending per action line and subtheme, budget against actuals, and
 * funding sources. Every figure comes from the allocation totals; nothing is recomputed here. */
#include "report_int.h"

#include <stdlib.h>
#include <string.h>

/* One table row: label cells (the code cell only when code is non-NULL) then one amount per year. */
static void amount_row(report_ctx *c, doc_table *t, const char *code, const char *label, const int64_t *values,
                       doc_row_style style, int indent, int swatch)
{
    const char *cells[2 + MODEL_MAX_YEARS];
    char buf[MODEL_MAX_YEARS][64];
    int n = 0;
    if (code) cells[n++] = code;
    cells[n++] = label;
    for (int y = 0; y < c->nyears; y++) {
        money_format(values[y], c->ml, MONEY_WHOLE, buf[y], sizeof buf[y]);
        cells[n++] = buf[y];
    }
    doc_row_opts o = { .style = style, .indent = indent, .swatch = swatch };
    doc_table_row_ex(t, cells, &o);
}

/* A table with label column(s) and one amount column per year; with_code adds a code column. */
static doc_table *year_table(report_ctx *c, const char *first_header, bool with_code)
{
    doc_col cols[2 + MODEL_MAX_YEARS];
    char headers[MODEL_MAX_YEARS][64];
    int n = 0;
    if (with_code) cols[n++] = (doc_col){ "Code", DOC_ALIGN_LEFT, 0, false };
    cols[n++] = (doc_col){ first_header, DOC_ALIGN_LEFT, 0, false };
    for (int y = 0; y < c->nyears; y++) {
        snprintf(headers[y], sizeof headers[y], "%s", r_year_header(c, y));
        cols[n++] = (doc_col){ headers[y], DOC_ALIGN_RIGHT, 0, true };
    }
    return doc_table_new(c->doc, n, cols);
}

/* Subtheme × year table in the questionnaire's layout. */
static void spending_table(report_ctx *c)
{
    doc_table *t = year_table(c, L(c, "Actielijn / subthema", "Action line / subtheme"), true);
    int64_t v[MODEL_MAX_YEARS];
    for (int al = 0; al < KADER_ACTIONLINES; al++) {
        for (int y = 0; y < c->nyears; y++) v[y] = r_actionline_amount(c, y, al);
        amount_row(c, t, kader_actionlines[al].code, r_actionline_name(c, al), v, DOC_ROW_SUBTOTAL, 0, al + 1);
        const kader_actionline *A = &kader_actionlines[al];
        for (int s = A->first_subtheme; s < A->first_subtheme + A->subtheme_count; s++) {
            for (int y = 0; y < c->nyears; y++) v[y] = r_subtheme_amount(c, y, s);
            amount_row(c, t, kader_subthemes[s].code, r_subtheme_name(c, s), v, DOC_ROW_NORMAL, 1, 0);
        }
    }
    for (int y = 0; y < c->nyears; y++) v[y] = r_allocated(c, y);
    amount_row(c, t, "", L(c, "Totaal toegerekend aan het kader", "Total attributed to the framework"), v, DOC_ROW_SUBTOTAL, 0, 0);
    for (int y = 0; y < c->nyears; y++) v[y] = c->t->unallocated[y][c->kind[y]];
    amount_row(c, t, "", L(c, "Niet toe te wijzen aan een subthema", "Not attributable to a subtheme"), v, DOC_ROW_NORMAL, 0, 0);
    for (int y = 0; y < c->nyears; y++) v[y] = r_total(c, y);
    amount_row(c, t, "", L(c, "Totaal besteding studentenwelzijn", "Total student wellbeing spending"), v, DOC_ROW_TOTAL, 0, 0);
    doc_table_caption(t, L(c, "Besteding per actielijn en subthema", "Spending per action line and subtheme"));
    doc_table_note(t, L(c, "Realisatie; jaren met alleen een begroting zijn als zodanig gemarkeerd. Toerekening volgens de gewichten in het hoofdstuk Methode.",
                        "Actuals; years with only a budget are marked as such. Attribution follows the weights in the Method chapter."));
    doc_table_end(t);
}

static void spending_chart(report_ctx *c)
{
    const char *years[MODEL_MAX_YEARS];
    char ybuf[MODEL_MAX_YEARS][32];
    int64_t values[KADER_ACTIONLINES][MODEL_MAX_YEARS];
    chart_series series[KADER_ACTIONLINES];
    for (int y = 0; y < c->nyears; y++) {
        snprintf(ybuf[y], sizeof ybuf[y], "%s", r_year_header(c, y));
        years[y] = ybuf[y];
    }
    for (int al = 0; al < KADER_ACTIONLINES; al++) {
        for (int y = 0; y < c->nyears; y++) values[al][y] = r_actionline_amount(c, y, al);
        series[al] = (chart_series){ r_actionline_name(c, al), values[al], NULL, CHART_COLOR_ACTIONLINE + al };
    }
    chart_data data = { .subject = L(c, "besteding per actielijn", "spending per action line"), .categories = years,
                        .n_categories = c->nyears, .series = series, .n_series = KADER_ACTIONLINES,
                        .kind = CHART_VALUES_MONEY, .flags = CHART_SHOW_TOTAL };
    r_chart_figure(c, FIG_BARS_STACKED, &data, 200,
                   L(c, "Besteding per actielijn per jaar", "Spending per action line per year"));
}

void report_spending(report_ctx *c)
{
    doc_heading_ex(c->doc, 1, L(c, "Besteding per actielijn en subthema", "Spending per action line and subtheme"), DOC_HEADING_NEW_PAGE);
    int budget_years = 0;
    for (int y = 0; y < c->nyears; y++) budget_years += c->kind[y] == KIND_BEGROTING;
    const char *period = c->nyears == 1 ? r_fmt("%s %d", L(c, "in", "in"), c->m->first_year)
                                        : r_fmt(L(c, "voor de jaren %d tot en met %d", "for %d to %d"), c->m->first_year, c->m->last_year);
    doc_paragraph(c->doc, r_fmt(L(c, "Dit hoofdstuk toont hoe de uitgaven voor studentenwelzijn over de vier actielijnen en vijftien subthema's van het Landelijk Kader Studentenwelzijn zijn verdeeld, %s.",
                                  "This chapter shows how spending on student wellbeing is distributed over the four action lines and fifteen subthemes of the National Framework, %s."),
                                period));
    if (budget_years)
        doc_paragraph(c->doc, L(c, "Voor jaren zonder realisatie staan de begrote bedragen; die zijn in de kolomkop gemarkeerd.",
                                "For years without actuals the budgeted amounts are shown; their column headers say so."));
    if (!c->m->tracks_per_actionline) {
        /* Q18 of the questionnaire: a legitimate answer, shown as such instead of an invented split */
        doc_callout(c->doc, L(c, "Geen registratie per actielijn", "Not tracked per action line"),
                    L(c, "De instelling registreert de uitgaven voor studentenwelzijn niet per actielijn of subthema. Daarom staat hieronder alleen de totale besteding per jaar.",
                      "The institution does not record its student wellbeing spending per action line or subtheme. Only the total spending per year is shown below."));
        doc_table *t = year_table(c, L(c, "Besteding", "Spending"), false);
        int64_t v[MODEL_MAX_YEARS];
        for (int y = 0; y < c->nyears; y++) v[y] = r_total(c, y);
        amount_row(c, t, NULL, L(c, "Totaal besteding studentenwelzijn", "Total student wellbeing spending"), v, DOC_ROW_TOTAL, 0, 0);
        doc_table_caption(t, L(c, "Besteding per jaar", "Spending per year"));
        doc_table_end(t);
        return;
    }
    spending_chart(c);
    spending_table(c);
}

/* ---- begroting en realisatie ---- */

/* The latest year (index) with both a budget and actuals, or -1. */
static int comparison_year(const report_ctx *c)
{
    for (int y = c->ry; y >= 0; y--)
        if (c->t->nlines[y][KIND_BEGROTING] && c->t->nlines[y][KIND_REALISATIE]) return y;
    return -1;
}

static void variance_row(report_ctx *c, doc_table *t, const char *label, int64_t budget, int64_t actual,
                         doc_row_style style, int swatch)
{
    int64_t diff = actual - budget;
    int64_t thr = budget < 0 ? -budget : budget;
    bool highlight = style == DOC_ROW_NORMAL && budget != 0 &&
                     (diff < 0 ? -diff : diff) * 100 > thr * c->variance_threshold_pct;
    char b[64], a[64], d[64], p[64];
    money_format(budget, c->ml, MONEY_WHOLE, b, sizeof b);
    money_format(actual, c->ml, MONEY_WHOLE, a, sizeof a);
    money_format(diff, c->ml, MONEY_WHOLE, d, sizeof d);
    percent_format(diff, budget, c->ml, p, sizeof p);
    char *lab = g_markup_escape_text(label, -1); /* user text: escaped, never cut */
    char dd[96], pp[96];
    snprintf(dd, sizeof dd, highlight ? "<b>%s</b>" : "%s", d);
    snprintf(pp, sizeof pp, highlight ? "<b>%s</b>" : "%s", p);
    const char *cells[] = { lab, b, a, dd, pp };
    doc_row_opts o = { .style = style, .swatch = swatch, .markup = true };
    doc_table_row_ex(t, cells, &o);
    g_free(lab);
}

static doc_table *variance_table(report_ctx *c, const char *first)
{
    doc_col cols[5] = {
        { first, DOC_ALIGN_LEFT, 0, false },
        { L(c, "Begroting", "Budget"), DOC_ALIGN_RIGHT, 0, true },
        { L(c, "Realisatie", "Actuals"), DOC_ALIGN_RIGHT, 0, true },
        { L(c, "Verschil", "Variance"), DOC_ALIGN_RIGHT, 0, true },
        { L(c, "Verschil %", "Variance %"), DOC_ALIGN_RIGHT, 0, true },
    };
    return doc_table_new(c->doc, 5, cols);
}

/* Own categories in order of first appearance, with budget and actual sums for one year. */
typedef struct category_sum {
    const char *name;
    int64_t budget, actual;
} category_sum;

static int collect_categories(const report_ctx *c, int year, category_sum *out, int max)
{
    int n = 0;
    for (int i = 0; i < c->m->nlines; i++) {
        const budget_line *b = &c->m->lines[i];
        if (b->year != year) continue;
        const char *name = b->category[0] ? b->category : L(c, "(zonder categorie)", "(no category)");
        int k = 0;
        while (k < n && strcmp(out[k].name, name)) k++;
        if (k == n) {
            if (n == max) continue;
            out[n++] = (category_sum){ name, 0, 0 };
        }
        if (b->kind == KIND_BEGROTING) out[k].budget += b->cents;
        else out[k].actual += b->cents;
    }
    return n;
}

static void explanations(report_ctx *c, int year)
{
    int n = 0;
    for (int i = 0; i < c->m->nlines; i++) n += c->m->lines[i].year == year && c->m->lines[i].note[0];
    if (!n) return;
    doc_heading(c->doc, 2, L(c, "Toelichting op de verschillen", "Explanation of variances"));
    const char **items = calloc((size_t)n, sizeof *items);
    char **owned = calloc((size_t)n, sizeof *owned);
    int k = 0;
    for (int i = 0; i < c->m->nlines && k < n; i++) {
        const budget_line *b = &c->m->lines[i];
        if (b->year != year || !b->note[0]) continue;
        owned[k] = g_strdup_printf("%s (%s, %s): %s", b->line, r_kind_name(c, b->kind), r_money(c, b->cents), b->note);
        items[k] = owned[k];
        k++;
    }
    doc_list(c->doc, items, k, false);
    for (int i = 0; i < k; i++) g_free(owned[i]);
    free(owned);
    free(items);
}

void report_budget_vs_actual(report_ctx *c)
{
    doc_heading_ex(c->doc, 1, L(c, "Begroting en realisatie", "Budget and actuals"), DOC_HEADING_NEW_PAGE);
    int y = comparison_year(c);
    if (y < 0) {
        const char *years = c->nyears == 1 ? r_fmt("%s %d", L(c, "Voor", "For"), c->m->first_year)
                                           : r_fmt(L(c, "Voor de jaren %d–%d", "For %d–%d"), c->m->first_year, c->m->last_year);
        doc_paragraph(c->doc, r_fmt(L(c, "%s is nog geen realisatie naast een begroting beschikbaar. Zodra de realisatie bekend is, vergelijkt dit hoofdstuk beide.",
                                      "%s there are no actuals next to a budget yet. Once actuals are known, this chapter compares both."),
                                    years));
        return;
    }
    int year = c->m->first_year + y;
    int64_t bt = c->t->total[y][KIND_BEGROTING], at = c->t->total[y][KIND_REALISATIE];
    doc_paragraph(c->doc, r_fmt(L(c, "In %d is %s besteed tegenover een begroting van %s (%s). Afwijkingen groter dan %d%% zijn vet gedrukt.",
                                  "In %d, %s was spent against a budget of %s (%s). Variances over %d%% are printed in bold."),
                                year, r_money(c, at), r_money(c, bt), r_pct(c, at - bt, bt), (int)c->variance_threshold_pct));
    doc_table *t;
    if (c->m->tracks_per_actionline) {
        doc_heading(c->doc, 2, L(c, "Per actielijn", "Per action line"));
        t = variance_table(c, L(c, "Actielijn", "Action line"));
        for (int al = 0; al < KADER_ACTIONLINES; al++)
            variance_row(c, t, r_fmt("%s %s", kader_actionlines[al].code, r_actionline_name(c, al)),
                         c->t->by_actionline[y][KIND_BEGROTING][al], c->t->by_actionline[y][KIND_REALISATIE][al], DOC_ROW_NORMAL, al + 1);
        variance_row(c, t, L(c, "Niet toe te wijzen", "Not attributable"), c->t->unallocated[y][KIND_BEGROTING],
                     c->t->unallocated[y][KIND_REALISATIE], DOC_ROW_NORMAL, 0);
        variance_row(c, t, L(c, "Totaal", "Total"), bt, at, DOC_ROW_TOTAL, 0);
        doc_table_caption(t, r_fmt(L(c, "Begroting en realisatie per actielijn, %d", "Budget and actuals per action line, %d"), year));
        doc_table_end(t);
    }
    doc_heading(c->doc, 2, L(c, "Per eigen categorie", "Per own category"));
    category_sum cats[256];
    int n = collect_categories(c, year, cats, 256);
    t = variance_table(c, L(c, "Categorie", "Category"));
    for (int i = 0; i < n; i++) variance_row(c, t, cats[i].name, cats[i].budget, cats[i].actual, DOC_ROW_NORMAL, 0);
    variance_row(c, t, L(c, "Totaal", "Total"), bt, at, DOC_ROW_TOTAL, 0);
    doc_table_caption(t, r_fmt(L(c, "Begroting en realisatie per eigen categorie, %d", "Budget and actuals per own category, %d"), year));
    doc_table_end(t);
    explanations(c, year);
}

/* ---- financieringsbronnen ---- */

static void funding_chart(report_ctx *c, const bool *used)
{
    const char *years[MODEL_MAX_YEARS];
    char ybuf[MODEL_MAX_YEARS][32];
    int64_t values[SOURCE_COUNT][MODEL_MAX_YEARS];
    chart_series series[SOURCE_COUNT];
    int ns = 0;
    for (int y = 0; y < c->nyears; y++) {
        snprintf(ybuf[y], sizeof ybuf[y], "%s", r_year_header(c, y));
        years[y] = ybuf[y];
    }
    for (int s = 0; s < SOURCE_COUNT; s++) {
        if (!used[s]) continue;
        for (int y = 0; y < c->nyears; y++) values[ns][y] = c->t->by_source[y][c->kind[y]][s];
        series[ns] = (chart_series){ c->en ? kader_sources[s].label_en : kader_sources[s].label_nl, values[ns], NULL,
                                     CHART_COLOR_PALETTE + s };
        ns++;
    }
    chart_data data = { .subject = L(c, "besteding per financieringsbron", "spending per funding source"), .categories = years,
                        .n_categories = c->nyears, .series = series, .n_series = ns, .kind = CHART_VALUES_MONEY,
                        .flags = CHART_SHOW_TOTAL };
    r_chart_figure(c, FIG_BARS_STACKED, &data, 220, L(c, "Besteding per financieringsbron per jaar", "Spending per funding source per year"));
}

void report_funding(report_ctx *c)
{
    doc_heading_ex(c->doc, 1, L(c, "Financieringsbronnen", "Funding sources"), DOC_HEADING_NEW_PAGE);
    bool used[SOURCE_COUNT] = { false }, any_provisional = false;
    for (int y = 0; y < c->nyears; y++)
        for (int s = 0; s < SOURCE_COUNT; s++) {
            used[s] |= c->t->by_source[y][c->kind[y]][s] != 0;
            any_provisional |= c->t->provisional[y][c->kind[y]][s] != 0;
        }
    doc_paragraph(c->doc, L(c, "De kadermiddelen uit het bestuursakkoord zijn één van de bronnen waaruit studentenwelzijn wordt betaald. De tabel toont per jaar hoeveel uit elke bron is besteed.",
                            "The framework money from the administrative agreement is one of the sources that pay for student wellbeing. The table shows per year how much was spent from each source."));
    funding_chart(c, used);
    doc_table *t = year_table(c, L(c, "Bron", "Source"), false);
    int64_t v[MODEL_MAX_YEARS];
    for (int s = 0; s < SOURCE_COUNT; s++) {
        if (!used[s]) continue;
        const char *cells[1 + MODEL_MAX_YEARS];
        char buf[MODEL_MAX_YEARS][80];
        cells[0] = c->en ? kader_sources[s].label_en : kader_sources[s].label_nl;
        for (int y = 0; y < c->nyears; y++) {
            money_format(c->t->by_source[y][c->kind[y]][s], c->ml, MONEY_WHOLE, buf[y], sizeof buf[y]);
            if (c->t->provisional[y][c->kind[y]][s]) strncat(buf[y], " *", sizeof buf[y] - strlen(buf[y]) - 1);
            cells[1 + y] = buf[y];
        }
        doc_table_row(t, cells, DOC_ROW_NORMAL);
    }
    for (int y = 0; y < c->nyears; y++) v[y] = r_total(c, y);
    amount_row(c, t, NULL, L(c, "Totaal", "Total"), v, DOC_ROW_TOTAL, 0, 0);
    bool any_received = false;
    for (int y = 0; y < c->nyears; y++) any_received |= c->m->framework_received[y] >= 0;
    if (any_received) {
        const char *cells[1 + MODEL_MAX_YEARS];
        char buf[MODEL_MAX_YEARS][64];
        cells[0] = L(c, "Kadermiddelen ontvangen", "Framework money received");
        for (int y = 0; y < c->nyears; y++) {
            if (c->m->framework_received[y] >= 0) money_format(c->m->framework_received[y], c->ml, MONEY_WHOLE, buf[y], sizeof buf[y]);
            else snprintf(buf[y], sizeof buf[y], "–");
            cells[1 + y] = buf[y];
        }
        doc_table_row(t, cells, DOC_ROW_NORMAL);
    }
    doc_table_caption(t, L(c, "Besteding per financieringsbron", "Spending per funding source"));
    if (any_provisional)
        doc_table_note(t, L(c, "* Voorlopig bedrag: (een deel van) de toekenning is nog niet definitief.",
                            "* Provisional amount: (part of) the grant is not final yet."));
    doc_table_end(t);
}
