/* The summary: key-figure tiles, the distribution over the action lines, and observations that
 * are computed from the data (never canned text). */
#include "report_int.h"

#include <stdlib.h>
#include <string.h>

static int count_activities(const report_ctx *c)
{
    int n = 0;
    for (int i = 0; i < c->m->nactivities; i++) n += c->m->activities[i].status != STATUS_INACTIVE;
    return n;
}

static void tiles(report_ctx *c)
{
    int y = c->ry;
    doc_tile tile[5];
    int n = 0;
    char v[5][64], sub[5][160];
    int64_t framework_spent = c->t->by_source[y][c->kind[y]][SOURCE_KADER];
    int64_t total = r_total(c, y);
    if (c->m->framework_received[y] >= 0) {
        snprintf(v[n], sizeof v[n], "%s", r_money_rounded(c, c->m->framework_received[y]));
        snprintf(sub[n], sizeof sub[n], "%s %s", L(c, "besteed:", "spent:"), r_money_rounded(c, framework_spent));
        tile[n] = (doc_tile){ v[n], L(c, "kadermiddelen ontvangen", "framework money received"), sub[n], 0 };
        n++;
    }
    snprintf(v[n], sizeof v[n], "%s", r_money_rounded(c, total));
    snprintf(sub[n], sizeof sub[n], "%s %d", r_kind_name(c, c->kind[y]), c->m->report_year);
    tile[n] = (doc_tile){ v[n], L(c, "besteed aan studentenwelzijn", "spent on student wellbeing"), sub[n], 0 };
    n++;
    snprintf(v[n], sizeof v[n], "%s", r_pct(c, framework_spent, total));
    snprintf(sub[n], sizeof sub[n], "%s", L(c, "van de totale besteding", "of total spending"));
    tile[n] = (doc_tile){ v[n], L(c, "aandeel kadermiddelen", "share of framework money"), sub[n], 0 };
    n++;
    if (y > 0) {
        int64_t prev = r_total(c, y - 1);
        snprintf(v[n], sizeof v[n], "%s%s", total >= prev ? "+" : "", r_pct(c, total - prev, prev));
        snprintf(sub[n], sizeof sub[n], "%s %d: %s", L(c, "t.o.v.", "vs"), c->m->report_year - 1, r_money_rounded(c, prev));
        tile[n] = (doc_tile){ v[n], L(c, "verandering", "change"), sub[n], 0 };
        n++;
    }
    if (c->m->nactivities == 0) {
        doc_key_figures(c->doc, tile, n);
        return;
    }
    snprintf(v[n], sizeof v[n], "%d", count_activities(c));
    int active_subthemes = 0;
    for (int s = 0; s < KADER_SUBTHEMES; s++) {
        bool any = false;
        for (int i = 0; i < c->m->nactivities && !any; i++)
            any = c->m->activities[i].subtheme == s && c->m->activities[i].status != STATUS_INACTIVE;
        active_subthemes += any;
    }
    snprintf(sub[n], sizeof sub[n], L(c, "op %d van de 15 subthema's", "on %d of the 15 subthemes"), active_subthemes);
    tile[n] = (doc_tile){ v[n], L(c, "activiteiten", "activities"), sub[n], 0 };
    n++;
    doc_key_figures(c->doc, tile, n);
}

static void distribution(report_ctx *c)
{
    const char *names[KADER_ACTIONLINES];
    int colors[KADER_ACTIONLINES];
    int64_t values[KADER_ACTIONLINES];
    for (int al = 0; al < KADER_ACTIONLINES; al++) {
        names[al] = r_actionline_name(c, al);
        colors[al] = CHART_COLOR_ACTIONLINE + al;
        values[al] = r_actionline_amount(c, c->ry, al);
    }
    chart_series s = { r_kind_name(c, c->kind[c->ry]), values, NULL, CHART_COLOR_AUTO };
    chart_data data = { .subject = r_fmt("%s %s %d", L(c, "verdeling over de actielijnen,", "distribution over the action lines,"),
                                         r_kind_name(c, c->kind[c->ry]), c->m->report_year),
                        .categories = names, .n_categories = KADER_ACTIONLINES, .category_color = colors,
                        .series = &s, .n_series = 1, .kind = CHART_VALUES_MONEY, .flags = CHART_SHOW_TOTAL };
    r_chart_figure(c, FIG_DONUT, &data, 210,
                   r_fmt(L(c, "Verdeling over de actielijnen, %d", "Distribution over the action lines, %d"), c->m->report_year));
}

void report_summary(report_ctx *c)
{
    doc_heading_ex(c->doc, 1, L(c, "Samenvatting", "Summary"), DOC_HEADING_NEW_PAGE);
    if (c->m->tracks_per_actionline)
        doc_paragraph_styled(c->doc, DOC_PAR_LEAD,
                             r_fmt(L(c, "%s verantwoordt hier de besteding van de middelen voor studentenwelzijn in %d, ingedeeld naar de vier actielijnen van het Landelijk Kader Studentenwelzijn.",
                                     "%s accounts here for its spending on student wellbeing in %d, classified by the four action lines of the National Framework for Student Wellbeing."),
                                   c->m->inst.name, c->m->report_year));
    else
        doc_paragraph_styled(c->doc, DOC_PAR_LEAD,
                             r_fmt(L(c, "%s verantwoordt hier de besteding van de middelen voor studentenwelzijn in %d. De instelling registreert de uitgaven niet per actielijn van het Landelijk Kader Studentenwelzijn.",
                                     "%s accounts here for its spending on student wellbeing in %d. The institution does not record spending per action line of the National Framework for Student Wellbeing."),
                                   c->m->inst.name, c->m->report_year));
    tiles(c);
    char obs[6][512];
    int n = report_observations(c, obs, 5);
    if (n > 0) {
        doc_heading(c->doc, 2, L(c, "Wat opvalt", "Observations"));
        const char *items[6];
        for (int i = 0; i < n; i++) items[i] = obs[i];
        doc_list(c->doc, items, n, false);
    }
    if (c->m->tracks_per_actionline) distribution(c);
}

/* ---- observations ---- */

static int largest_actionline(const report_ctx *c, int y, bool smallest)
{
    int best = 0;
    for (int al = 1; al < KADER_ACTIONLINES; al++) {
        int64_t a = r_actionline_amount(c, y, al), b = r_actionline_amount(c, y, best);
        if (smallest ? a < b : a > b) best = al;
    }
    return best;
}

int report_observations(const report_ctx *c, char out[][512], int max)
{
    int n = 0, y = c->ry;
    int64_t alloc = r_allocated(c, y), total = r_total(c, y);
    if (!c->m->tracks_per_actionline) alloc = 0; /* no split to comment on */
    int zero_lines = 0;
    char zero_names[256] = "";
    for (int al = 0; al < KADER_ACTIONLINES; al++) {
        if (r_actionline_amount(c, y, al) != 0) continue;
        snprintf(zero_names + strlen(zero_names), sizeof zero_names - strlen(zero_names), "%s%s", zero_lines ? ", " : "",
                 r_actionline_name(c, al));
        zero_lines++;
    }
    if (alloc > 0 && n < max && zero_lines > 0) {
        int hi = largest_actionline(c, y, false);
        snprintf(out[n++], 512, L(c, "De meeste middelen gaan naar %s (%s, %s van het toegerekende bedrag). Aan %s is in %d niets toegerekend.",
                                  "Most money goes to %s (%s, %s of the attributed amount). Nothing was attributed to %s in %d."),
                 r_actionline_name(c, hi), r_money(c, r_actionline_amount(c, y, hi)), r_pct(c, r_actionline_amount(c, y, hi), alloc),
                 zero_names, c->m->report_year);
    } else if (alloc > 0 && n < max) {
        int hi = largest_actionline(c, y, false), lo = largest_actionline(c, y, true);
        snprintf(out[n++], 512, L(c, "De meeste middelen gaan naar %s (%s, %s van het toegerekende bedrag); %s krijgt het minst (%s, %s).",
                                  "Most money goes to %s (%s, %s of the attributed amount); %s receives the least (%s, %s)."),
                 r_actionline_name(c, hi), r_money(c, r_actionline_amount(c, y, hi)), r_pct(c, r_actionline_amount(c, y, hi), alloc),
                 r_actionline_name(c, lo), r_money(c, r_actionline_amount(c, y, lo)), r_pct(c, r_actionline_amount(c, y, lo), alloc));
    }
    /* subthemes without any (active) activity */
    bool inactive[KADER_SUBTHEMES];
    int missing = 0;
    for (int s = 0; s < KADER_SUBTHEMES; s++) {
        bool any = false;
        for (int i = 0; i < c->m->nactivities && !any; i++)
            any = c->m->activities[i].subtheme == s && c->m->activities[i].status != STATUS_INACTIVE;
        inactive[s] = !any;
        missing += !any;
    }
    /* names for a short list, codes only for a long one */
    char list[600] = "";
    for (int s = 0, k = 0; s < KADER_SUBTHEMES; s++) {
        if (!inactive[s]) continue;
        size_t o = strlen(list);
        if (missing <= 5) snprintf(list + o, sizeof list - o, "%s%s %s", k ? ", " : "", kader_subthemes[s].code, r_subtheme_name(c, s));
        else snprintf(list + o, sizeof list - o, "%s%s", k ? ", " : "", kader_subthemes[s].code);
        k++;
    }
    if (c->m->nactivities > 0 && n < max) {
        if (missing == 0) snprintf(out[n++], 512, "%s", L(c, "Op alle vijftien subthema's loopt ten minste één activiteit.", "At least one activity runs on each of the fifteen subthemes."));
        else snprintf(out[n++], 512, L(c, "Op %d subthema's loopt geen activiteit: %s.", "%d subthemes have no activity: %s."), missing, list);
    }
    /* largest budget-vs-actual variance per action line in the latest comparable year */
    for (int yy = y; yy >= 0 && n < max; yy--) {
        if (!c->t->nlines[yy][KIND_BEGROTING] || !c->t->nlines[yy][KIND_REALISATIE]) continue;
        int best = -1;
        int64_t best_abs = 0;
        for (int al = 0; al < KADER_ACTIONLINES; al++) {
            int64_t d = c->t->by_actionline[yy][KIND_REALISATIE][al] - c->t->by_actionline[yy][KIND_BEGROTING][al];
            int64_t ad = d < 0 ? -d : d;
            if (ad > best_abs) { best_abs = ad; best = al; }
        }
        if (best >= 0) {
            int64_t b = c->t->by_actionline[yy][KIND_BEGROTING][best], r = c->t->by_actionline[yy][KIND_REALISATIE][best];
            snprintf(out[n++], 512, L(c, "Het grootste verschil tussen begroting en realisatie in %d zit bij %s: %s begroot, %s gerealiseerd (%s).",
                                      "The largest gap between budget and actuals in %d is in %s: %s budgeted, %s spent (%s)."),
                     c->m->first_year + yy, r_actionline_name(c, best), r_money(c, b), r_money(c, r), r_pct(c, r - b, b));
        }
        break;
    }
    if (y > 0 && n < max && r_total(c, y - 1) != 0) {
        int64_t prev = r_total(c, y - 1);
        snprintf(out[n++], 512, L(c, "De totale besteding %s van %s in %d naar %s in %d (%s%s).", "Total spending %s from %s in %d to %s in %d (%s%s)."),
                 total > prev ? L(c, "steeg", "rose") : total < prev ? L(c, "daalde", "fell") : L(c, "bleef gelijk", "stayed level"),
                 r_money(c, prev), c->m->report_year - 1, r_money(c, total), c->m->report_year, total > prev ? "+" : "",
                 r_pct(c, total - prev, prev));
    }
    int64_t un = c->t->unallocated[y][c->kind[y]];
    if (!c->m->tracks_per_actionline && n < max)
        snprintf(out[n++], 512, "%s", L(c, "De instelling registreert de besteding niet per actielijn; een verdeling over de actielijnen is daarom niet te geven.",
                                        "The institution does not record spending per action line, so no split over the action lines can be given."));
    else if (total != 0 && n < max)
        snprintf(out[n++], 512, L(c, "%s van de besteding (%s) is niet aan een subthema toe te wijzen.", "%s of spending (%s) cannot be attributed to a subtheme."),
                 r_pct(c, un, total), r_money(c, un));
    return n;
}
