/* Appendix sheet "Besteding": the questionnaire's spending table (Q17/Q18). Action lines with their
 * subthemes under them, per year one column; subtotals and totals are formulas with their cached
 * results so that every viewer shows numbers and Excel can recalculate. */
#include "xlsx/appendix.h"
#include "money.h"

#include <stdio.h>

/* Row of action line al (its subthemes follow it directly). */
static int actionline_row(int al)
{
    return BST_FIRST_ROW + al + kader_actionlines[al].first_subtheme;
}

static int subtheme_row(int s)
{
    return BST_FIRST_ROW + kader_subthemes[s].actionline + 1 + s;
}

#define ROW_KADER (BST_FIRST_ROW + KADER_ACTIONLINES + KADER_SUBTHEMES)
#define ROW_OUTSIDE (ROW_KADER + 1)
#define ROW_TOTAL (ROW_KADER + 2)

static void write_labels(xw_ctx *c, lxw_worksheet *ws)
{
    xs_writer *w = &c->w;
    for (int al = 0; al < KADER_ACTIONLINES; al++) {
        char label[200];
        snprintf(label, sizeof label, "Actielijn %s: %s", kader_actionlines[al].code,
                 kader_actionlines[al].short_nl);
        xs_text(w, ws, actionline_row(al), 0, kader_actionlines[al].code, c->f.bold);
        xs_text(w, ws, actionline_row(al), 1, label, c->f.bold);
    }
    for (int s = 0; s < KADER_SUBTHEMES; s++) {
        xs_text(w, ws, subtheme_row(s), 0, kader_subthemes[s].code, c->f.text);
        xs_text(w, ws, subtheme_row(s), 1, kader_subthemes[s].title_nl, c->f.wrap);
    }
    xs_text(w, ws, ROW_KADER, 0, BST_CODE_KADER, c->f.bold);
    xs_text(w, ws, ROW_KADER, 1, "Totaal toegewezen aan het kader", c->f.bold);
    xs_text(w, ws, ROW_OUTSIDE, 0, BST_CODE_OUTSIDE, c->f.text);
    xs_text(w, ws, ROW_OUTSIDE, 1, "Niet toe te wijzen (buiten het kader)", c->f.text);
    xs_text(w, ws, ROW_TOTAL, 0, BST_CODE_TOTAL, c->f.bold);
    xs_text(w, ws, ROW_TOTAL, 1, "Totale besteding (sluit aan op de invoer)", c->f.bold);
}

/* One year column when the institution tracks per action line. */
static void write_year_tracked(xw_ctx *c, lxw_worksheet *ws, int col, int yi, int kind)
{
    const alloc_totals *t = &c->a->totals;
    xs_writer *w = &c->w;
    char colname[8], f[160];
    diag_column_letters(col + 1, colname);
    for (int al = 0; al < KADER_ACTIONLINES; al++) {
        int r = actionline_row(al), n = kader_actionlines[al].subtheme_count;
        snprintf(f, sizeof f, "=SUM(%s%d:%s%d)", colname, r + 2, colname, r + 1 + n);
        xs_money_formula(w, ws, r, col, f, alloc_actionline_total(t, yi, kind, al), c->f.money_bold);
    }
    for (int s = 0; s < KADER_SUBTHEMES; s++)
        xs_money(w, ws, subtheme_row(s), col, t->by_target[yi][kind][s], c->f.money);
    snprintf(f, sizeof f, "=%s%d+%s%d+%s%d+%s%d", colname, actionline_row(0) + 1, colname,
             actionline_row(1) + 1, colname, actionline_row(2) + 1, colname, actionline_row(3) + 1);
    xs_money_formula(w, ws, ROW_KADER, col, f, t->allocated[yi][kind], c->f.money_total);
    xs_money(w, ws, ROW_OUTSIDE, col, t->unallocated[yi][kind], c->f.money);
    snprintf(f, sizeof f, "=%s%d+%s%d", colname, ROW_KADER + 1, colname, ROW_OUTSIDE + 1);
    xs_money_formula(w, ws, ROW_TOTAL, col, f, t->total[yi][kind], c->f.money_total);
}

/* One year column when the institution does not track per action line (Q18): only the total. */
static void write_year_untracked(xw_ctx *c, lxw_worksheet *ws, int col, int yi, int kind)
{
    for (int r = BST_FIRST_ROW; r < ROW_TOTAL; r++) xs_text(&c->w, ws, r, col, BST_NOT_TRACKED, c->f.note);
    xs_money(&c->w, ws, ROW_TOTAL, col, c->a->totals.total[yi][kind], c->f.money_total);
}

static void write_notes(xw_ctx *c, lxw_worksheet *ws)
{
    int row = ROW_TOTAL + 2;
    xs_text(&c->w, ws, row++, 1,
            "Soort: per jaar de realisatie als die er is, anders de begroting. Lege kolom: geen gegevens.",
            c->f.note);
    if (c->a->lines_outside_years) {
        char amount[64], msg[200];
        snprintf(msg, sizeof msg, "Niet getoond: begrotingsregels buiten de getoonde jaren, samen %s.",
                 money_format(c->a->lines_outside_years, MONEY_FMT_NL, MONEY_CENTS, amount, sizeof amount));
        xs_text(&c->w, ws, row++, 1, msg, c->f.note);
    }
}

void xw_sheet_besteding(xw_ctx *c)
{
    lxw_worksheet *ws = xs_sheet(&c->w, SHEET_BESTEDING);
    if (!ws) return;
    const model *m = c->m;
    int ny = model_year_count(m), last_col = BST_FIRST_YEAR_COL + (ny > 0 ? ny : 1) - 1;
    worksheet_set_column(ws, 0, 0, 8, NULL);
    worksheet_set_column(ws, 1, 1, 60, NULL);
    worksheet_set_column(ws, BST_FIRST_YEAR_COL, (lxw_col_t)last_col, 17, NULL);
    xw_title(c, ws, "Besteding per actielijn en subthema (euro)", m->inst.name);
    if (!m->tracks_per_actionline)
        xs_text(&c->w, ws, 2, 0, "De instelling houdt de besteding niet per actielijn bij (vraag 18); "
                "alleen de totale besteding wordt gegeven.", c->f.bold);
    xs_text(&c->w, ws, BST_HEADER_ROW, 0, "Code", c->f.head);
    xs_text(&c->w, ws, BST_HEADER_ROW, 1, "Actielijn / subthema", c->f.head);
    xs_text(&c->w, ws, BST_KIND_ROW, 0, "soort", c->f.text);
    xs_text(&c->w, ws, BST_KIND_ROW, 1, "Soort cijfers", c->f.text);
    write_labels(c, ws);
    for (int yi = 0; yi < ny; yi++) {
        int col = BST_FIRST_YEAR_COL + yi, kind = xw_year_kind(c->a, yi);
        xs_number(&c->w, ws, BST_HEADER_ROW, col, m->first_year + yi, c->f.head_num);
        xs_text(&c->w, ws, BST_KIND_ROW, col, xw_kind_name(kind), c->f.text);
        if (kind < 0) continue;
        if (m->tracks_per_actionline) write_year_tracked(c, ws, col, yi, kind);
        else write_year_untracked(c, ws, col, yi, kind);
    }
    write_notes(c, ws);
    xw_define_range(c, "KR_Besteding", SHEET_BESTEDING, BST_HEADER_ROW, 0, ROW_TOTAL, last_col);
    xw_define_range(c, "KR_Jaren", SHEET_BESTEDING, BST_HEADER_ROW, BST_FIRST_YEAR_COL, BST_HEADER_ROW, last_col);
    xw_define_range(c, "KR_Soort", SHEET_BESTEDING, BST_KIND_ROW, BST_FIRST_YEAR_COL, BST_KIND_ROW, last_col);
    xw_define_range(c, "KR_BestedingKader", SHEET_BESTEDING, ROW_KADER, BST_FIRST_YEAR_COL, ROW_KADER, last_col);
    xw_define_range(c, "KR_BestedingBuiten", SHEET_BESTEDING, ROW_OUTSIDE, BST_FIRST_YEAR_COL, ROW_OUTSIDE, last_col);
    xw_define_range(c, "KR_BestedingTotaal", SHEET_BESTEDING, ROW_TOTAL, BST_FIRST_YEAR_COL, ROW_TOTAL, last_col);
    xw_page_setup(c, ws, BST_HEADER_ROW, 2);
}
