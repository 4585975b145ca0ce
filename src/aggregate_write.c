/* The sector overview workbook written by `aggregate`: counts per sector, framework money against
 * the national budget, spending per action line and subtheme, activity-type codes, monitoring,
 * one row per institution and the skipped files. All text passes the xlsx_safe gate. */
#include "aggregate_int.h"
#include "xlsx/appendix.h"
#include "xlsx/sector.h"

#include <stdio.h>
#include <string.h>

typedef struct sw {
    xs_writer w;
    xw_formats f;
    const sector_sums *s;
} sw;

static int year_of(int y) { return AGG_FIRST_YEAR + y; }

static void setup(lxw_worksheet *ws, int header_row, int frozen_cols)
{
    if (!ws) return;
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9);
    worksheet_fit_to_pages(ws, 1, 0);
    if (header_row >= 0) {
        worksheet_repeat_rows(ws, (lxw_row_t)header_row, (lxw_row_t)header_row);
        worksheet_freeze_panes(ws, (lxw_row_t)(header_row + 1), (lxw_col_t)frozen_cols);
    }
    worksheet_set_footer(ws, "&LSectoroverzicht studentenwelzijn&RPagina &P van &N");
}

static void header(sw *c, lxw_worksheet *ws, int row, const char *const *labels, int n)
{
    for (int i = 0; i < n; i++) xs_text(&c->w, ws, row, i, labels[i], c->f.head);
}

static void counts_row(sw *c, lxw_worksheet *ws, int row, const char *label, const int v[GRP_COUNT])
{
    xs_text(&c->w, ws, row, 0, label, c->f.text);
    for (int g = 0; g < GRP_COUNT; g++) xs_number(&c->w, ws, row, 1 + g, v[g], c->f.count);
}

static int write_years(sw *c, lxw_worksheet *ws, int row)
{
    static const char *const head[] = { "Jaar", "Instellingen met cijfers", "Ontvangen kadermiddelen",
        "Instellingen met ontvangen bedrag", "Landelijk budget", "Ontvangen als % van landelijk budget",
        "Besteding toegewezen aan het kader", "Totale besteding", "Waarvan instellingen met realisatie" };
    const sector_sums *s = c->s;
    int first = row;
    header(c, ws, row++, head, 9);
    for (int y = s->first_year; y <= s->last_year; y++, row++) {
        bool framework = year_of(y) >= 2023 && year_of(y) <= 2030;
        xs_number(&c->w, ws, row, 0, year_of(y), c->f.year);
        xs_number(&c->w, ws, row, 1, s->with_data[y], c->f.count);
        xs_number(&c->w, ws, row, 3, s->received_n[y], c->f.count);
        if (s->received_n[y] > 0) xs_money(&c->w, ws, row, 2, s->received[y], c->f.money);
        if (framework) xs_money(&c->w, ws, row, 4, AGG_NATIONAL_CENTS, c->f.money);
        if (framework && s->received_n[y] > 0) {
            char f[64];
            snprintf(f, sizeof f, "=C%d/E%d", row + 1, row + 1);
            xs_formula(&c->w, ws, row, 5, f, (double)s->received[y] / (double)AGG_NATIONAL_CENTS, c->f.pct);
        }
        xs_money(&c->w, ws, row, 6, s->kader[y][GRP_ALL], c->f.money);
        xs_money(&c->w, ws, row, 7, s->total[y][GRP_ALL], c->f.money);
        xs_number(&c->w, ws, row, 8, s->with_actuals[y], c->f.count);
    }
    char ref[160];
    xs_range_ref(ref, sizeof ref, "Overzicht", first, 0, row - 1, 8);
    xs_define(&c->w, "KR_SectorJaren", ref);
    return row;
}

static void sheet_overview(sw *c)
{
    static const char *const head[] = { "", "wo", "hbo", "totaal" };
    const sector_sums *s = c->s;
    lxw_worksheet *ws = xs_sheet(&c->w, "Overzicht");
    if (!ws) return;
    worksheet_set_column(ws, 0, 0, 44, NULL);
    worksheet_set_column(ws, 1, 8, 18, NULL);
    xs_text(&c->w, ws, 0, 0, "Formaat", c->f.bold);
    xs_text(&c->w, ws, 0, 1, SECTOR_FORMAT_ID, c->f.bold);
    xs_text(&c->w, ws, 1, 0, "Schemaversie", c->f.bold);
    xs_number(&c->w, ws, 1, 1, SECTOR_VERSION, c->f.year);
    xs_text(&c->w, ws, 2, 0, "Sectoroverzicht kadermiddelen studentenwelzijn", c->f.title);
    int row = 4;
    xs_text(&c->w, ws, row, 0, "Bijlagen opgeteld", c->f.text);
    xs_number(&c->w, ws, row++, 1, s->nrecs, c->f.count);
    xs_text(&c->w, ws, row, 0, "Bijlagen overgeslagen (zie Overgeslagen)", c->f.text);
    xs_number(&c->w, ws, row++, 1, s->nskipped, c->f.count);
    row++;
    header(c, ws, row++, head, 4);
    int inst[GRP_COUNT] = { s->institutions[GRP_WO], s->institutions[GRP_HBO], s->institutions[GRP_ALL] };
    int track[GRP_COUNT] = { s->tracking[GRP_WO], s->tracking[GRP_HBO], s->tracking[GRP_ALL] };
    int none[GRP_COUNT], mon[GRP_COUNT] = { s->monitored[GRP_WO], s->monitored[GRP_HBO], s->monitored[GRP_ALL] };
    for (int g = 0; g < GRP_COUNT; g++) none[g] = inst[g] - track[g];
    counts_row(c, ws, row++, "Instellingen", inst);
    counts_row(c, ws, row++, "Houden de besteding per actielijn bij", track);
    counts_row(c, ws, row++, "Houden de besteding niet per actielijn bij (vraag 18)", none);
    counts_row(c, ws, row++, "Monitoren de voortgang", mon);
    row++;
    write_years(c, ws, row);
    worksheet_activate(ws);
    setup(ws, -1, 0);
}

/* One year column of the sector's Besteding sheet: code rows as in the appendix. */
static void besteding_year(sw *c, lxw_worksheet *ws, int col, int y)
{
    const sector_sums *s = c->s;
    char cl[8], f[200];
    diag_column_letters(col + 1, cl);
    int row = BST_FIRST_ROW, al_rows[KADER_ACTIONLINES];
    for (int al = 0; al < KADER_ACTIONLINES; al++) {
        int n = kader_actionlines[al].subtheme_count;
        al_rows[al] = row;
        snprintf(f, sizeof f, "=SUM(%s%d:%s%d)", cl, row + 2, cl, row + 1 + n);
        xs_money_formula(&c->w, ws, row++, col, f, s->actionline[y][GRP_ALL][al], c->f.money_bold);
        for (int i = 0; i < n; i++)
            xs_money(&c->w, ws, row++, col, s->subtheme[y][kader_actionlines[al].first_subtheme + i], c->f.money);
    }
    snprintf(f, sizeof f, "=%s%d+%s%d+%s%d+%s%d", cl, al_rows[0] + 1, cl, al_rows[1] + 1, cl, al_rows[2] + 1, cl, al_rows[3] + 1);
    xs_money_formula(&c->w, ws, row, col, f, s->kader[y][GRP_ALL], c->f.money_total);
    xs_money(&c->w, ws, row + 1, col, s->outside[y], c->f.money);
    xs_money(&c->w, ws, row + 2, col, s->total_untracked[y], c->f.money);
    snprintf(f, sizeof f, "=%s%d+%s%d+%s%d", cl, row + 1, cl, row + 2, cl, row + 3);
    xs_money_formula(&c->w, ws, row + 3, col, f, s->total[y][GRP_ALL], c->f.money_total);
}

static void sheet_besteding(sw *c)
{
    const sector_sums *s = c->s;
    lxw_worksheet *ws = xs_sheet(&c->w, "Besteding");
    if (!ws) return;
    worksheet_set_column(ws, 0, 0, 8, NULL);
    worksheet_set_column(ws, 1, 1, 55, NULL);
    worksheet_set_column(ws, 2, 2 + AGG_YEARS, 17, NULL);
    xs_text(&c->w, ws, 0, 0, "Besteding per actielijn en subthema, opgeteld over de instellingen (euro)", c->f.title);
    xs_text(&c->w, ws, 1, 0, "Actielijnen en subthema's: alleen instellingen die per actielijn bijhouden; de andere "
            "staan als totaal apart. Per instelling de realisatie waar die er is, anders de begroting.", c->f.note);
    xs_text(&c->w, ws, BST_HEADER_ROW, 0, "Code", c->f.head);
    xs_text(&c->w, ws, BST_HEADER_ROW, 1, "Actielijn / subthema", c->f.head);
    int row = BST_FIRST_ROW;
    for (int al = 0; al < KADER_ACTIONLINES; al++) {
        xs_text(&c->w, ws, row, 0, kader_actionlines[al].code, c->f.bold);
        xs_text(&c->w, ws, row++, 1, kader_actionlines[al].short_nl, c->f.bold);
        for (int i = 0; i < kader_actionlines[al].subtheme_count; i++, row++) {
            const kader_subtheme *st = &kader_subthemes[kader_actionlines[al].first_subtheme + i];
            xs_text(&c->w, ws, row, 0, st->code, c->f.text);
            xs_text(&c->w, ws, row, 1, st->short_nl, c->f.text);
        }
    }
    static const char *const tail[4][2] = { { BST_CODE_KADER, "Totaal toegewezen aan het kader" },
        { BST_CODE_OUTSIDE, "Niet toe te wijzen (buiten het kader)" },
        { "niet-bijgehouden", "Instellingen die niet per actielijn bijhouden (totaal)" }, { BST_CODE_TOTAL, "Totale besteding" } };
    for (int i = 0; i < 4; i++, row++) {
        xs_text(&c->w, ws, row, 0, tail[i][0], c->f.bold);
        xs_text(&c->w, ws, row, 1, tail[i][1], c->f.bold);
    }
    for (int y = s->first_year; y <= s->last_year; y++) {
        int col = 2 + y - s->first_year;
        xs_number(&c->w, ws, BST_HEADER_ROW, col, year_of(y), c->f.head_num);
        xs_number(&c->w, ws, BST_KIND_ROW, col, s->with_data[y], c->f.count);
        besteding_year(c, ws, col, y);
    }
    xs_text(&c->w, ws, BST_KIND_ROW, 1, "Aantal instellingen met cijfers", c->f.text);
    setup(ws, BST_HEADER_ROW, 2);
}

bool sector_write_xlsx(const sector_sums *s, const char *path, long long created, diag_list *d)
{
    sw c = { .s = s };
    c.w.d = d;
    c.w.path = path;
    FILE *probe = fopen(path, "wb");
    if (!probe) {
        xs_fail(&c.w, "cannot create", path);
        return false;
    }
    fclose(probe);
    lxw_workbook_options opt = { 0 };
    c.w.wb = workbook_new_opt(path, &opt);
    if (!c.w.wb) { xs_fail(&c.w, "cannot create", path); return false; }
    xw_make_formats(c.w.wb, &c.f);
    lxw_doc_properties p = { .title = "Sectoroverzicht kadermiddelen studentenwelzijn",
                             .subject = "Optelling van standaardbijlagen (kaderrapport-bijlage)",
                             .category = SECTOR_FORMAT_ID, .created = created > 0 ? (time_t)created : 1 };
    workbook_set_properties(c.w.wb, &p);
    workbook_set_custom_property_string(c.w.wb, "KR_Formaat", SECTOR_FORMAT_ID);
    workbook_set_custom_property_integer(c.w.wb, "KR_Versie", SECTOR_VERSION);
    sheet_overview(&c);
    sheet_besteding(&c);
    sector_write_sheets_detail(&c.w, &c.f, s);
    lxw_error err = workbook_close(c.w.wb);
    if (err != LXW_NO_ERROR) xs_fail(&c.w, "cannot write", lxw_strerror(err));
    return !c.w.failed;
}
