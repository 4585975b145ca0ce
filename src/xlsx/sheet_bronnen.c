/* Appendix sheets "Financieringsbronnen" (framework money received and spending per year, kind and
 * funding source, Q20/Q21) and "Aansluiting" (the reconciliation with the input files). */
#include "xlsx/appendix.h"

#include <stdio.h>

static int write_received(xw_ctx *c, lxw_worksheet *ws)
{
    static const char *const head[] = { "Jaar", "Ontvangen kadermiddelen" };
    int row = SRC_RECEIVED_HEADER_ROW, ny = model_year_count(c->m);
    xw_header(c, ws, row++, head, 2);
    for (int yi = 0; yi < ny; yi++, row++) {
        xs_number(&c->w, ws, row, 0, c->m->first_year + yi, c->f.year);
        int64_t v = c->m->framework_received[yi];
        if (v >= 0) xs_money(&c->w, ws, row, 1, v, c->f.money);
        else xs_text(&c->w, ws, row, 1, "", c->f.money);
    }
    xw_define_range(c, "KR_Kadermiddelen", SHEET_BRONNEN, SRC_RECEIVED_HEADER_ROW, 0, row - 1, 1);
    return row;
}

static int write_sources(xw_ctx *c, lxw_worksheet *ws, int header_row)
{
    static const char *const head[SRC_COLS] = { "Jaar", "Soort", "Code", "Financieringsbron", "Bedrag",
                                                "Waarvan voorlopig", "Voorlopig" };
    const alloc_totals *t = &c->a->totals;
    int row = header_row;
    xw_header(c, ws, row++, head, SRC_COLS);
    for (int yi = 0; yi < model_year_count(c->m); yi++) {
        for (int k = 0; k < KIND_COUNT; k++) {
            if (t->nlines[yi][k] == 0) continue;
            for (int s = 0; s < SOURCE_COUNT; s++, row++) {
                xs_number(&c->w, ws, row, SRC_COL_YEAR, c->m->first_year + yi, c->f.year);
                xs_text(&c->w, ws, row, SRC_COL_KIND, xw_kind_name(k), c->f.text);
                xs_text(&c->w, ws, row, SRC_COL_CODE, kader_sources[s].code, c->f.text);
                xs_text(&c->w, ws, row, SRC_COL_LABEL, kader_sources[s].label_nl, c->f.text);
                xs_money(&c->w, ws, row, SRC_COL_AMOUNT, t->by_source[yi][k][s], c->f.money);
                xs_money(&c->w, ws, row, SRC_COL_PROVISIONAL, t->provisional[yi][k][s], c->f.money);
                xs_text(&c->w, ws, row, SRC_COL_FLAG, t->provisional[yi][k][s] ? "voorlopig" : "", c->f.text);
            }
        }
    }
    xw_define_range(c, "KR_Bronnen", SHEET_BRONNEN, header_row, 0, row - 1, SRC_COLS - 1);
    return row;
}

void xw_sheet_bronnen(xw_ctx *c)
{
    lxw_worksheet *ws = xs_sheet(&c->w, SHEET_BRONNEN);
    if (!ws) return;
    worksheet_set_column(ws, 0, 2, 16, NULL);
    worksheet_set_column(ws, 3, 3, 34, NULL);
    worksheet_set_column(ws, 4, 6, 18, NULL);
    xw_title(c, ws, "Financieringsbronnen per jaar (euro)", c->m->inst.name);
    int row = write_received(c, ws) + 1;
    row = write_sources(c, ws, row);
    xs_text(&c->w, ws, row + 1, 0,
            "Voorlopig: een bedrag dat in de invoer als voorlopig is gemarkeerd (bijvoorbeeld nog niet "
            "definitief toegekende middelen).", c->f.note);
    xw_page_setup(c, ws, -1, 0);
}

static void write_recon_row(xw_ctx *c, lxw_worksheet *ws, int row, const recon_row *r)
{
    xs_text(&c->w, ws, row, 0, r->file, c->f.text);
    xs_number(&c->w, ws, row, 1, r->year, c->f.year);
    xs_text(&c->w, ws, row, 2, xw_kind_name(r->kind), c->f.text);
    xs_number(&c->w, ws, row, 3, r->nlines, c->f.count);
    xs_money(&c->w, ws, row, 4, r->input_total, c->f.money);
    xs_money(&c->w, ws, row, 5, r->allocated, c->f.money);
    xs_money(&c->w, ws, row, 6, r->unallocated, c->f.money);
    xs_text(&c->w, ws, row, 7, r->holds ? "ja" : "nee", c->f.text);
}

void xw_sheet_aansluiting(xw_ctx *c)
{
    static const char *const head[] = { "Bestand", "Jaar", "Soort", "Regels", "Invoertotaal",
                                        "Toegewezen", "Niet toegewezen", "Klopt" };
    const int header_row = 3;
    lxw_worksheet *ws = xs_sheet(&c->w, SHEET_AANSLUITING);
    if (!ws) return;
    worksheet_set_column(ws, 0, 0, 36, NULL);
    worksheet_set_column(ws, 1, 3, 12, NULL);
    worksheet_set_column(ws, 4, 6, 18, NULL);
    xw_title(c, ws, "Aansluiting op de invoer (euro)",
             "Invoertotaal = toegewezen + niet toegewezen, per bestand, jaar en soort, tot op de cent.");
    xw_header(c, ws, header_row, head, 8);
    int row = header_row + 1;
    for (int i = 0; i < c->a->nrecon; i++) write_recon_row(c, ws, row++, &c->a->recon[i]);
    xw_define_range(c, "KR_Aansluiting", SHEET_AANSLUITING, header_row, 0, row - 1, 7);
    xs_text(&c->w, ws, row + 1, 0, "Aansluiting sluitend", c->f.bold);
    xs_text(&c->w, ws, row + 1, 1, c->a->balanced ? "ja" : "nee", c->f.bold);
    if (c->a->lines_outside_years) {
        xs_text(&c->w, ws, row + 2, 0, "Buiten de getoonde jaren", c->f.text);
        xs_money(&c->w, ws, row + 2, 4, c->a->lines_outside_years, c->f.money);
    }
    xw_page_setup(c, ws, header_row, 0);
}
