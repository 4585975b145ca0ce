/* Detail sheets of the sector overview: distribution over the action lines (all, wo, hbo), active
 * subthemes, activity-type codes as the framework evaluation counted them, monitoring levels, one
 * row per institution and the skipped files with the reason. */
#include "xlsx/sector.h"

#include <stdio.h>

static const char *const group_names[GRP_COUNT] = { "alle", "wo", "hbo" };

/* A sector sheet: its title in A1 and the n column headers in row 3 (the rows below hold data). */
static lxw_worksheet *start_sheet(xs_writer *w, const xw_formats *f, const char *name, const char *title,
                                  const char *const *headers, int n)
{
    lxw_worksheet *ws = xs_sheet(w, name);
    if (!ws) return NULL;
    xs_text(w, ws, 0, 0, title, f->title);
    for (int i = 0; i < n; i++) xs_text(w, ws, 2, i, headers[i], f->head);
    return ws;
}

static void setup(lxw_worksheet *ws, int header_row)
{
    if (!ws) return;
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_repeat_rows(ws, (lxw_row_t)header_row, (lxw_row_t)header_row);
    worksheet_freeze_panes(ws, (lxw_row_t)(header_row + 1), 0);
    worksheet_set_footer(ws, "&LSectoroverzicht studentenwelzijn&RPagina &P van &N");
}

/* Per year and group: money per action line and its share of the framework total. */
static void sheet_actionlines(xs_writer *w, const xw_formats *f, const sector_sums *s)
{
    static const char *const h[] = { "Jaar", "Groep", "Actielijn 1", "Actielijn 2", "Actielijn 3",
        "Actielijn 4", "Totaal kader", "Aandeel 1", "Aandeel 2", "Aandeel 3", "Aandeel 4" };
    lxw_worksheet *ws = start_sheet(w, f, "Actielijnen", "Verdeling over de actielijnen (instellingen die per actielijn bijhouden)", h, 11);
    if (!ws) return;
    worksheet_set_column(ws, 0, 1, 9, NULL);
    worksheet_set_column(ws, 2, 6, 17, NULL);
    worksheet_set_column(ws, 7, 10, 11, NULL);
    int row = 3;
    for (int y = s->first_year; y <= s->last_year; y++)
        for (int g = 0; g < GRP_COUNT; g++, row++) {
            const int64_t *al = s->actionline[y][g];
            int64_t tot = s->kader[y][g];
            char fm[64];
            xs_number(w, ws, row, 0, AGG_FIRST_YEAR + y, f->year);
            xs_text(w, ws, row, 1, group_names[g], f->text);
            for (int i = 0; i < KADER_ACTIONLINES; i++) xs_money(w, ws, row, 2 + i, al[i], f->money);
            snprintf(fm, sizeof fm, "=SUM(C%d:F%d)", row + 1, row + 1);
            xs_money_formula(w, ws, row, 6, fm, tot, f->money_bold);
            for (int i = 0; i < KADER_ACTIONLINES && tot; i++) {
                char cl[8];
                diag_column_letters(3 + i, cl);
                snprintf(fm, sizeof fm, "=%s%d/G%d", cl, row + 1, row + 1);
                xs_formula(w, ws, row, 7 + i, fm, (double)al[i] / (double)tot, f->pct);
            }
        }
    setup(ws, 2);
}

static void sheet_subthemes(xs_writer *w, const xw_formats *f, const sector_sums *s)
{
    static const char *const h[] = { "Code", "Subthema", "Actief: alle", "Actief: wo", "Actief: hbo",
                                     "Niet actief" };
    lxw_worksheet *ws = start_sheet(w, f, "Subthemas", "Aantal instellingen dat actief is per subthema", h, 6);
    if (!ws) return;
    worksheet_set_column(ws, 0, 0, 7, NULL);
    worksheet_set_column(ws, 1, 1, 42, NULL);
    worksheet_set_column(ws, 2, 5, 13, NULL);
    for (int st = 0; st < KADER_SUBTHEMES; st++) {
        int row = 3 + st;
        xs_text(w, ws, row, 0, kader_subthemes[st].code, f->text);
        xs_text(w, ws, row, 1, kader_subthemes[st].short_nl, f->text);
        for (int g = 0; g < GRP_COUNT; g++) xs_number(w, ws, row, 2 + g, s->active[st][g], f->count);
        xs_number(w, ws, row, 5, s->institutions[GRP_ALL] - s->active[st][GRP_ALL], f->count);
    }
    setup(ws, 2);
}

static void sheet_codes(xs_writer *w, const xw_formats *f, const sector_sums *s)
{
    static const char *const h[] = { "Activiteitcode", "Subthema", "Instellingen", "Activiteiten" };
    lxw_worksheet *ws = start_sheet(w, f, "Activiteitcodes", "Activiteittypen (codes van de evaluatie): aantal instellingen dat ze noemt", h, 4);
    if (!ws) return;
    worksheet_set_column(ws, 0, 0, 15, NULL);
    worksheet_set_column(ws, 1, 1, 42, NULL);
    worksheet_set_column(ws, 2, 3, 13, NULL);
    for (int i = 0; i < s->ncodes; i++) {
        int row = 3 + i;
        char prefix[8];
        snprintf(prefix, sizeof prefix, "%.3s", s->codes[i].code);
        int st = kader_subtheme_index(prefix);
        xs_text(w, ws, row, 0, s->codes[i].code, f->text);
        xs_text(w, ws, row, 1, st >= 0 ? kader_subthemes[st].short_nl : "", f->text);
        xs_number(w, ws, row, 2, s->codes[i].institutions, f->count);
        xs_number(w, ws, row, 3, s->codes[i].activities, f->count);
    }
    setup(ws, 2);
}

static void sheet_monitoring(xs_writer *w, const xw_formats *f, const sector_sums *s)
{
    static const char *const h[] = { "Code", "Niveau", "Instellingen: alle", "wo", "hbo" };
    lxw_worksheet *ws = start_sheet(w, f, "Monitoring", "Monitoringsniveaus: aantal instellingen", h, 5);
    if (!ws) return;
    worksheet_set_column(ws, 0, 0, 22, NULL);
    worksheet_set_column(ws, 1, 1, 40, NULL);
    worksheet_set_column(ws, 2, 4, 16, NULL);
    for (int l = 0; l < MON_COUNT; l++) {
        xs_text(w, ws, 3 + l, 0, kader_monitoring[l].code, f->text);
        xs_text(w, ws, 3 + l, 1, kader_monitoring[l].label_nl, f->text);
        for (int g = 0; g < GRP_COUNT; g++) xs_number(w, ws, 3 + l, 2 + g, s->mon_used[l][g], f->count);
    }
    xs_text(w, ws, 4 + MON_COUNT, 1, "Monitoren de voortgang", f->bold);
    for (int g = 0; g < GRP_COUNT; g++) xs_number(w, ws, 4 + MON_COUNT, 2 + g, s->monitored[g], f->count);
    setup(ws, 2);
}

static void institution_row(xs_writer *w, const xw_formats *f, lxw_worksheet *ws, int row,
                            const appendix_rec *r, const sector_sums *s)
{
    int active = 0;
    for (int st = 0; st < KADER_SUBTHEMES; st++) active += r->active[st];
    xs_text(w, ws, row, 0, r->name, f->text);
    xs_text(w, ws, row, 1, r->brin, f->text);
    xs_text(w, ws, row, 2, r->sector == SECTOR_HBO ? "hbo" : "wo", f->text);
    if (r->students > 0) xs_number(w, ws, row, 3, (double)r->students, f->count);
    xs_number(w, ws, row, 4, r->report_year, f->year);
    xs_text(w, ws, row, 5, r->tracks ? "ja" : "nee", f->text);
    xs_text(w, ws, row, 6, r->monitored ? "ja" : "nee", f->text);
    xs_number(w, ws, row, 7, active, f->count);
    xs_number(w, ws, row, 8, r->nactivities, f->count);
    for (int y = s->first_year; y <= s->last_year; y++)
        if (r->kind[y] >= 0) xs_money(w, ws, row, 9 + y - s->first_year, r->total[y], f->money);
    xs_text(w, ws, row, 10 + s->last_year - s->first_year, r->file, f->text);
}

static void sheet_institutions(xs_writer *w, const xw_formats *f, const sector_sums *s)
{
    static const char *const h[] = { "Instelling", "BRIN", "Sector", "Studenten", "Verslagjaar", "Per actielijn",
                                     "Gemonitord", "Actieve subthema's", "Activiteiten" };
    lxw_worksheet *ws = start_sheet(w, f, "Instellingen", "Instellingen: kerngegevens en totale besteding per jaar (euro)", h, 9);
    if (!ws) return;
    worksheet_set_column(ws, 0, 0, 38, NULL);
    worksheet_set_column(ws, 1, 8, 11, NULL);
    worksheet_set_column(ws, 9, 9 + AGG_YEARS, 16, NULL);
    int ny = s->last_year - s->first_year + 1;
    for (int y = 0; y < ny; y++) {
        char label[32];
        snprintf(label, sizeof label, "Besteding %d", AGG_FIRST_YEAR + s->first_year + y);
        xs_text(w, ws, 2, 9 + y, label, f->head);
    }
    xs_text(w, ws, 2, 9 + ny, "Bestand", f->head);
    for (int i = 0; i < s->nrecs; i++) institution_row(w, f, ws, 3 + i, &s->recs[i], s);
    setup(ws, 2);
}

static void sheet_skipped(xs_writer *w, const xw_formats *f, const sector_sums *s)
{
    static const char *const h[] = { "Bestand", "Reden" };
    lxw_worksheet *ws = start_sheet(w, f, "Overgeslagen", "Overgeslagen bestanden (niet meegeteld)", h, 2);
    if (!ws) return;
    worksheet_set_column(ws, 0, 0, 40, NULL);
    worksheet_set_column(ws, 1, 1, 110, NULL);
    for (int i = 0; i < s->nskipped; i++) {
        xs_text(w, ws, 3 + i, 0, s->skipped[i].file, f->text);
        xs_text(w, ws, 3 + i, 1, s->skipped[i].reason, f->wrap);
    }
    setup(ws, 2);
}

/* Per year the spending per funding source (Q20/Q21), all institutions, same kind as the totals. */
static void sheet_sources(xs_writer *w, const xw_formats *f, const sector_sums *s)
{
    lxw_worksheet *ws = xs_sheet(w, "Financieringsbronnen");
    if (!ws) return;
    worksheet_set_column(ws, 0, 0, 9, NULL);
    worksheet_set_column(ws, 1, SOURCE_COUNT + 1, 19, NULL);
    xs_text(w, ws, 0, 0, "Besteding per financieringsbron (euro), alle instellingen", f->title);
    xs_text(w, ws, 2, 0, "Jaar", f->head);
    for (int src = 0; src < SOURCE_COUNT; src++) xs_text(w, ws, 2, 1 + src, kader_sources[src].label_nl, f->head);
    xs_text(w, ws, 2, 1 + SOURCE_COUNT, "Totaal", f->head);
    int row = 3;
    for (int y = s->first_year; y <= s->last_year; y++, row++) {
        char fm[64], last[8];
        xs_number(w, ws, row, 0, AGG_FIRST_YEAR + y, f->year);
        for (int src = 0; src < SOURCE_COUNT; src++) xs_money(w, ws, row, 1 + src, s->by_source[y][src], f->money);
        diag_column_letters(SOURCE_COUNT + 1, last);
        snprintf(fm, sizeof fm, "=SUM(B%d:%s%d)", row + 1, last, row + 1);
        xs_money_formula(w, ws, row, 1 + SOURCE_COUNT, fm, s->total[y][GRP_ALL], f->money_bold);
    }
    setup(ws, 2);
}

void sector_write_sheets_detail(xs_writer *w, const xw_formats *f, const sector_sums *s)
{
    sheet_actionlines(w, f, s);
    sheet_sources(w, f, s);
    sheet_subthemes(w, f, s);
    sheet_codes(w, f, s);
    sheet_monitoring(w, f, s);
    sheet_institutions(w, f, s);
    sheet_skipped(w, f, s);
}
