/* Appendix sheet "Begroting-realisatie": per year, per action line and per own category the
 * budget, the actuals and the variance in euro and percent. Categories are summed here from the
 * model's lines (in order of first appearance, so the output is deterministic). */
#include "xlsx/appendix.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HEADER_ROW 3
enum { COL_YEAR, COL_LEVEL, COL_CODE, COL_NAME, COL_BUDGET, COL_ACTUAL, COL_VAR, COL_PCT, NCOLS };

typedef struct category_sums {
    const char **names; /* borrowed from the model */
    int64_t (*sums)[MODEL_MAX_YEARS][KIND_COUNT];
    int n;
} category_sums;

static bool collect_categories(const model *m, category_sums *cs)
{
    cs->names = calloc((size_t)m->nlines + 1, sizeof *cs->names);
    cs->sums = calloc((size_t)m->nlines + 1, sizeof *cs->sums);
    cs->n = 0;
    if (!cs->names || !cs->sums) return false;
    for (int i = 0; i < m->nlines; i++) {
        const budget_line *b = &m->lines[i];
        int yi = model_year_index(m, b->year), k = 0;
        const char *name = b->category ? b->category : "";
        while (k < cs->n && strcmp(cs->names[k], name)) k++;
        if (k == cs->n) cs->names[cs->n++] = name;
        if (yi >= 0) cs->sums[k][yi][b->kind] += b->cents; /* bounded by MONEY_MAX_CENTS per line */
    }
    return true;
}

/* Writes budget, actual and the variance cells of one row. */
static void write_amounts(xw_ctx *c, lxw_worksheet *ws, int row, int yi, const int64_t v[KIND_COUNT])
{
    const alloc_totals *t = &c->a->totals;
    bool has_b = t->nlines[yi][KIND_BEGROTING] > 0, has_r = t->nlines[yi][KIND_REALISATIE] > 0;
    char f[96];
    if (has_b) xs_money(&c->w, ws, row, COL_BUDGET, v[KIND_BEGROTING], c->f.money);
    if (has_r) xs_money(&c->w, ws, row, COL_ACTUAL, v[KIND_REALISATIE], c->f.money);
    if (!has_b || !has_r) return;
    int64_t var = v[KIND_REALISATIE] - v[KIND_BEGROTING];
    snprintf(f, sizeof f, "=F%d-E%d", row + 1, row + 1);
    xs_money_formula(&c->w, ws, row, COL_VAR, f, var, c->f.money);
    if (v[KIND_BEGROTING] == 0) return;
    snprintf(f, sizeof f, "=G%d/E%d", row + 1, row + 1);
    xs_formula(&c->w, ws, row, COL_PCT, f, (double)var / (double)v[KIND_BEGROTING], c->f.pct);
}

static void write_label(xw_ctx *c, lxw_worksheet *ws, int row, int year, const char *level,
                        const char *code, const char *name)
{
    xs_number(&c->w, ws, row, COL_YEAR, year, c->f.year);
    xs_text(&c->w, ws, row, COL_LEVEL, level, c->f.text);
    xs_text(&c->w, ws, row, COL_CODE, code, c->f.text);
    xs_text(&c->w, ws, row, COL_NAME, name, c->f.text);
}

static int write_actionlines(xw_ctx *c, lxw_worksheet *ws, int row, int yi)
{
    int year = c->m->first_year + yi;
    const alloc_totals *t = &c->a->totals;
    if (!c->m->tracks_per_actionline) {
        write_label(c, ws, row++, year, "actielijn", "", "Niet per actielijn bijgehouden (vraag 18)");
        return row;
    }
    for (int al = 0; al < KADER_ACTIONLINES; al++) {
        int64_t v[KIND_COUNT];
        for (int k = 0; k < KIND_COUNT; k++) v[k] = alloc_actionline_total(t, yi, (budget_kind)k, al);
        write_label(c, ws, row, year, "actielijn", kader_actionlines[al].code, kader_actionlines[al].short_nl);
        write_amounts(c, ws, row++, yi, v);
    }
    write_label(c, ws, row, year, "actielijn", BST_CODE_OUTSIDE, "Niet toe te wijzen (buiten het kader)");
    write_amounts(c, ws, row++, yi, t->unallocated[yi]);
    return row;
}

static int write_year(xw_ctx *c, lxw_worksheet *ws, int row, int yi, const category_sums *cs)
{
    int year = c->m->first_year + yi;
    row = write_actionlines(c, ws, row, yi);
    for (int k = 0; k < cs->n; k++) {
        write_label(c, ws, row, year, "categorie", "", cs->names[k][0] ? cs->names[k] : "(geen categorie)");
        write_amounts(c, ws, row++, yi, cs->sums[k][yi]);
    }
    write_label(c, ws, row, year, "totaal", BST_CODE_TOTAL, "Totaal");
    write_amounts(c, ws, row++, yi, c->a->totals.total[yi]);
    return row;
}

void xw_sheet_begroting(xw_ctx *c)
{
    static const char *const head[NCOLS] = { "Jaar", "Niveau", "Code", "Actielijn / categorie",
                                             "Begroting", "Realisatie", "Verschil (euro)", "Verschil (%)" };
    lxw_worksheet *ws = xs_sheet(&c->w, SHEET_BEGROTING);
    if (!ws) return;
    category_sums cs;
    if (!collect_categories(c->m, &cs)) {
        free(cs.names); free(cs.sums);
        xs_fail(&c->w, "out of memory", "");
        return;
    }
    worksheet_set_column(ws, COL_YEAR, COL_CODE, 10, NULL);
    worksheet_set_column(ws, COL_NAME, COL_NAME, 45, NULL);
    worksheet_set_column(ws, COL_BUDGET, COL_PCT, 17, NULL);
    xw_title(c, ws, "Begroting en realisatie per actielijn en per eigen categorie", c->m->inst.name);
    xw_header(c, ws, HEADER_ROW, head, NCOLS);
    int row = HEADER_ROW + 1;
    for (int yi = 0; yi < model_year_count(c->m); yi++)
        if (xw_year_kind(c->a, yi) >= 0) row = write_year(c, ws, row, yi, &cs);
    xw_define_range(c, "KR_BegrotingRealisatie", SHEET_BEGROTING, HEADER_ROW, 0, row - 1, NCOLS - 1);
    xw_page_setup(c, ws, HEADER_ROW, 0);
    free(cs.names);
    free(cs.sums);
}
