/* Appendix sheets "Activiteiten" (per subtheme, Q22-Q51), "Monitoring" (Q15/Q16) and "Toewijzing"
 * (the mapping rules). All user text goes through xs_text, so it is never read as a formula. */
#include "xlsx/appendix.h"

#include <stdio.h>

/* A subtheme counts as active when it has an activity that runs, ran or was stopped; planned
 * activities alone mean "(nog) niet actief" in the questionnaire's words. */
static bool subtheme_active(const model *m, int s)
{
    for (int i = 0; i < m->nactivities; i++) {
        const activity *a = &m->activities[i];
        if (a->subtheme == s && (a->status == STATUS_RUNNING || a->status == STATUS_DONE ||
                                 a->status == STATUS_STOPPED))
            return true;
    }
    return false;
}

static void write_activity(xw_ctx *c, lxw_worksheet *ws, int row, const activity *a)
{
    xs_writer *w = &c->w;
    xs_text(w, ws, row, ACT_COL_ID, a->id, c->f.text);
    xs_text(w, ws, row, ACT_COL_NAME, a->name, c->f.wrap);
    xs_text(w, ws, row, ACT_COL_NOTE, a->explanation, c->f.wrap);
    if (a->status >= 0 && a->status < STATUS_COUNT)
        xs_text(w, ws, row, ACT_COL_STATUS, kader_statuses[a->status].code, c->f.text);
    if (a->reach >= 0) xs_number(w, ws, row, ACT_COL_REACH, (double)a->reach, c->f.count);
    if (a->monitoring >= 0 && a->monitoring < MON_COUNT)
        xs_text(w, ws, row, ACT_COL_MONITORING, kader_monitoring[a->monitoring].code, c->f.text);
    xs_text(w, ws, row, ACT_COL_TYPE, a->type_code, c->f.text);
}

/* Writes the rows of subtheme s (s == -1: activities outside the framework); returns the next row. */
static int write_subtheme(xw_ctx *c, lxw_worksheet *ws, int row, int s)
{
    const model *m = c->m;
    const char *code = s >= 0 ? kader_subthemes[s].code : BST_CODE_OUTSIDE;
    const char *name = s >= 0 ? kader_subthemes[s].short_nl : "Buiten het kader";
    const char *flag = s < 0 ? "" : subtheme_active(m, s) ? ACT_ACTIVE : ACT_INACTIVE;
    int first = row;
    for (int i = 0; i < m->nactivities; i++) {
        if (m->activities[i].subtheme != s) continue;
        xs_text(&c->w, ws, row, ACT_COL_CODE, code, c->f.text);
        xs_text(&c->w, ws, row, ACT_COL_SUBTHEME, name, c->f.text);
        xs_text(&c->w, ws, row, ACT_COL_ACTIVE, flag, c->f.text);
        write_activity(c, ws, row++, &m->activities[i]);
    }
    if (row == first && s >= 0) {
        xs_text(&c->w, ws, row, ACT_COL_CODE, code, c->f.text);
        xs_text(&c->w, ws, row, ACT_COL_SUBTHEME, name, c->f.text);
        xs_text(&c->w, ws, row++, ACT_COL_ACTIVE, flag, c->f.text);
    }
    return row;
}

void xw_sheet_activiteiten(xw_ctx *c)
{
    static const char *const head[ACT_COLS] = { "Code", "Subthema", "Actief", "Id", "Activiteit",
        "Toelichting", "Status", "Bereik (studenten)", "Monitoring", "Activiteitcode (evaluatie)" };
    static const double widths[ACT_COLS] = { 7, 30, 11, 9, 45, 45, 10, 11, 20, 12 };
    lxw_worksheet *ws = xs_sheet(&c->w, SHEET_ACTIVITEITEN);
    if (!ws) return;
    for (int i = 0; i < ACT_COLS; i++) worksheet_set_column(ws, (lxw_col_t)i, (lxw_col_t)i, widths[i], NULL);
    xw_title(c, ws, "Activiteiten per subthema", c->m->inst.name);
    xw_header(c, ws, ACT_HEADER_ROW, head, ACT_COLS);
    int row = ACT_HEADER_ROW + 1;
    for (int s = 0; s < KADER_SUBTHEMES; s++) row = write_subtheme(c, ws, row, s);
    row = write_subtheme(c, ws, row, -1);
    xw_define_range(c, "KR_Activiteiten", SHEET_ACTIVITEITEN, ACT_HEADER_ROW, 0, row - 1, ACT_COLS - 1);
    xw_page_setup(c, ws, ACT_HEADER_ROW, 2);
}

void xw_sheet_monitoring(xw_ctx *c)
{
    static const char *const head[] = { "Code", "Niveau", "Gebruikt", "Aantal activiteiten" };
    const model *m = c->m;
    lxw_worksheet *ws = xs_sheet(&c->w, SHEET_MONITORING);
    if (!ws) return;
    int count[MON_COUNT] = { 0 };
    bool used[MON_COUNT], monitored = false;
    for (int i = 0; i < m->nactivities; i++) {
        monitoring_level l = m->activities[i].monitoring;
        if (l >= 0 && l < MON_COUNT) count[l]++;
    }
    for (int l = 1; l < MON_COUNT; l++) {
        used[l] = m->monitoring_levels_used[l] != 0 || count[l] > 0;
        monitored |= used[l];
    }
    used[MON_NONE] = !monitored;
    worksheet_set_column(ws, 0, 0, 22, NULL);
    worksheet_set_column(ws, 1, 1, 40, NULL);
    worksheet_set_column(ws, 2, 3, 14, NULL);
    xw_title(c, ws, "Monitoring van de voortgang", m->inst.name);
    xs_text(&c->w, ws, MON_ROW_MONITORED, 0, "Voortgang gemonitord", c->f.bold);
    xs_text(&c->w, ws, MON_ROW_MONITORED, 2, monitored ? "ja" : "nee", c->f.bold);
    xw_define_range(c, "KR_Gemonitord", SHEET_MONITORING, MON_ROW_MONITORED, 2, MON_ROW_MONITORED, 2);
    xw_header(c, ws, MON_HEADER_ROW, head, 4);
    for (int l = 0; l < MON_COUNT; l++) {
        int row = MON_FIRST_ROW + l;
        xs_text(&c->w, ws, row, 0, kader_monitoring[l].code, c->f.text);
        xs_text(&c->w, ws, row, 1, kader_monitoring[l].label_nl, c->f.text);
        xs_text(&c->w, ws, row, 2, used[l] ? "ja" : "nee", c->f.text);
        xs_number(&c->w, ws, row, 3, count[l], c->f.count);
    }
    xw_define_range(c, "KR_Monitoring", SHEET_MONITORING, MON_HEADER_ROW, 0, MON_FIRST_ROW + MON_COUNT - 1, 3);
    xw_page_setup(c, ws, MON_HEADER_ROW, 0);
}

static int write_rule(xw_ctx *c, lxw_worksheet *ws, int row, const mapping_rule *r)
{
    for (int t = 0; t < r->ntargets; t++, row++) {
        int target = r->targets[t].target;
        bool inside = target >= 0 && target < KADER_SUBTHEMES;
        xs_text(&c->w, ws, row, 0, r->match == MATCH_LINE ? "regel" : "categorie", c->f.text);
        xs_text(&c->w, ws, row, 1, r->key, c->f.text);
        xs_text(&c->w, ws, row, 2, inside ? kader_subthemes[target].code : "niet toe te wijzen", c->f.text);
        xs_text(&c->w, ws, row, 3, inside ? kader_subthemes[target].short_nl : "Buiten het kader", c->f.text);
        xs_number(&c->w, ws, row, 4, (double)r->targets[t].weight / WEIGHT_SCALE, c->f.weight);
        xs_text(&c->w, ws, row, 5, r->reason, c->f.wrap);
    }
    return row;
}

void xw_sheet_toewijzing(xw_ctx *c)
{
    static const char *const head[] = { "Type", "Sleutel", "Subthema", "Omschrijving", "Gewicht", "Toelichting" };
    const int header_row = 2;
    lxw_worksheet *ws = xs_sheet(&c->w, SHEET_TOEWIJZING);
    if (!ws) return;
    worksheet_set_column(ws, 0, 0, 11, NULL);
    worksheet_set_column(ws, 1, 1, 36, NULL);
    worksheet_set_column(ws, 2, 2, 18, NULL);
    worksheet_set_column(ws, 3, 3, 34, NULL);
    worksheet_set_column(ws, 4, 4, 11, NULL);
    worksheet_set_column(ws, 5, 5, 45, NULL);
    xw_title(c, ws, "Toewijzing van eigen categorieën en begrotingsregels aan subthema's", c->m->inst.name);
    xw_header(c, ws, header_row, head, 6);
    int row = header_row + 1;
    for (int i = 0; i < c->m->nrules; i++) row = write_rule(c, ws, row, &c->m->rules[i]);
    xw_define_range(c, "KR_Toewijzing", SHEET_TOEWIJZING, header_row, 0, row - 1, 5);
    xs_text(&c->w, ws, row + 1, 0, "Een regel op een begrotingsregel gaat voor een regel op de categorie. "
            "De gewichten per sleutel tellen op tot 100%; bedragen worden tot op de cent verdeeld.", c->f.note);
    xw_page_setup(c, ws, header_row, 0);
}
