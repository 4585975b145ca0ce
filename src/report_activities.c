/* Report sections on activities: per action line (money and activities by subtheme), coverage and
 * monitoring, and the full activity list in the appendix. */
#include "report_int.h"

#include <stdlib.h>
#include <string.h>

static const char *status_name(const report_ctx *c, activity_status s)
{
    return c->en ? kader_statuses[s].label_en : kader_statuses[s].label_nl;
}

static const char *monitoring_name(const report_ctx *c, monitoring_level l)
{
    return c->en ? kader_monitoring[l].label_en : kader_monitoring[l].label_nl;
}

static int activities_on(const report_ctx *c, int s, bool active_only)
{
    int n = 0;
    for (int i = 0; i < c->m->nactivities; i++)
        n += c->m->activities[i].subtheme == s && (!active_only || c->m->activities[i].status != STATUS_INACTIVE);
    return n;
}

static doc_table *activity_table(report_ctx *c, bool with_subtheme)
{
    doc_col cols[6];
    int n = 0;
    cols[n++] = (doc_col){ "Id", DOC_ALIGN_LEFT, 0, false };
    cols[n++] = (doc_col){ L(c, "Activiteit", "Activity"), DOC_ALIGN_LEFT, 0, false };
    if (with_subtheme) cols[n++] = (doc_col){ L(c, "Subthema", "Subtheme"), DOC_ALIGN_LEFT, 0, false };
    cols[n++] = (doc_col){ "Status", DOC_ALIGN_LEFT, 0, false };
    cols[n++] = (doc_col){ L(c, "Bereik", "Reach"), DOC_ALIGN_RIGHT, 0, true };
    cols[n++] = (doc_col){ "Monitoring", DOC_ALIGN_LEFT, 0, false };
    return doc_table_new(c->doc, n, cols);
}

static void activity_row(report_ctx *c, doc_table *t, const activity *a, bool with_subtheme)
{
    const char *cells[6];
    int n = 0;
    char reach[32] = "–";
    if (a->reach >= 0) int_format(a->reach, c->ml, reach, sizeof reach);
    cells[n++] = a->id;
    char *name = a->explanation[0] ? g_strdup_printf("%s — %s", a->name, a->explanation) : g_strdup(a->name);
    cells[n++] = name;
    if (with_subtheme) cells[n++] = a->subtheme >= 0 ? kader_subthemes[a->subtheme].code : "–";
    cells[n++] = status_name(c, a->status);
    cells[n++] = reach;
    cells[n++] = monitoring_name(c, a->monitoring);
    doc_table_row(t, cells, DOC_ROW_NORMAL);
    g_free(name);
}

static void actionline_section(report_ctx *c, int al)
{
    const kader_actionline *A = &kader_actionlines[al];
    doc_heading(c->doc, 2, r_fmt("%s %s", L(c, "Actielijn", "Action line"), r_fmt("%s: %s", A->code, r_actionline_name(c, al))));
    doc_paragraph_styled(c->doc, DOC_PAR_QUOTE, A->title_nl);
    int64_t amount = r_actionline_amount(c, c->ry, al), alloc = r_allocated(c, c->ry);
    if (c->m->tracks_per_actionline)
        doc_paragraph(c->doc, r_fmt(L(c, "In %d is aan deze actielijn %s toegerekend (%s, %s van het toegerekende bedrag).",
                                  "In %d, %s was attributed to this action line (%s, %s of the attributed amount)."),
                                c->m->report_year, r_money(c, amount), r_kind_name(c, c->kind[c->ry]), r_pct(c, amount, alloc)));
    for (int s = A->first_subtheme; s < A->first_subtheme + A->subtheme_count; s++) {
        /* the subtheme code is its number: no engine numbering on top of it */
        doc_heading_ex(c->doc, 3, r_fmt("%s %s", kader_subthemes[s].code, r_subtheme_name(c, s)), DOC_HEADING_UNNUMBERED);
        int64_t st_amount = r_subtheme_amount(c, c->ry, s);
        int n = activities_on(c, s, false), active = activities_on(c, s, true);
        bool money = c->m->tracks_per_actionline;
        if (active == 0) {
            doc_paragraph_markup(c->doc, DOC_PAR_BODY,
                                 r_fmt("<b>%s</b> %s%s%s", L(c, "Niet actief.", "Not active."),
                                       L(c, "De instelling heeft op dit subthema geen lopende activiteiten", "The institution runs no activities on this subtheme"),
                                       money ? L(c, "; toegerekend bedrag: ", "; attributed amount: ") : ".",
                                       money ? r_fmt("%s.", r_money(c, st_amount)) : ""));
            if (n == 0) continue;
        } else if (money) {
            doc_paragraph(c->doc, r_fmt(L(c, "%d activiteit%s; toegerekend bedrag %s.", "%d activit%s; attributed amount %s."), active,
                                        c->en ? (active == 1 ? "y" : "ies") : (active == 1 ? "" : "en"), r_money(c, st_amount)));
        }
        doc_table *t = activity_table(c, false);
        doc_table_width_group(t, "activiteiten"); /* the per-subtheme tables line up */
        for (int i = 0; i < c->m->nactivities; i++)
            if (c->m->activities[i].subtheme == s) activity_row(c, t, &c->m->activities[i], false);
        doc_table_caption(t, r_fmt("%s %s %s", L(c, "Activiteiten op subthema", "Activities on subtheme"), kader_subthemes[s].code,
                                   r_subtheme_name(c, s)));
        doc_table_end(t);
    }
}

void report_actionlines(report_ctx *c)
{
    doc_heading_ex(c->doc, 1, L(c, "Activiteiten per actielijn", "Activities per action line"), DOC_HEADING_NEW_PAGE);
    doc_paragraph(c->doc, L(c, "Per actielijn volgen de toegerekende middelen en de activiteiten, gegroepeerd naar subthema. Subthema's zonder lopende activiteit zijn als ‘niet actief’ gemarkeerd.",
                            "For each action line, the attributed money and the activities follow, grouped by subtheme. Subthemes without a running activity are marked ‘not active’."));
    if (c->m->nactivities == 0) {
        doc_paragraph(c->doc, L(c, "Bij dit rapport is geen activiteitenlijst aangeleverd; daarom staan hier geen activiteiten per subthema.",
                                "No activity list was supplied with this report, so no activities per subtheme are shown."));
        return;
    }
    for (int al = 0; al < KADER_ACTIONLINES; al++) actionline_section(c, al);
}

/* ---- dekking en monitoring ---- */

static bool outcome_level(monitoring_level l)
{
    return l == MON_OUTCOME_QUANT || l == MON_OUTCOME_QUAL || l == MON_NATIONAL;
}

void report_coverage(report_ctx *c)
{
    doc_heading_ex(c->doc, 1, L(c, "Dekking en monitoring", "Coverage and monitoring"), DOC_HEADING_NEW_PAGE);
    const char *rows[KADER_SUBTHEMES];
    char rowbuf[KADER_SUBTHEMES][96];
    int groups[KADER_SUBTHEMES], cells[KADER_SUBTHEMES * 3];
    char textbuf[KADER_SUBTHEMES * 3][48];
    const char *texts[KADER_SUBTHEMES * 3];
    const char *group_names[KADER_ACTIONLINES];
    int gaps_money = 0, gaps_act = 0, gaps_outcome = 0;
    for (int al = 0; al < KADER_ACTIONLINES; al++) group_names[al] = r_actionline_name(c, al);
    for (int s = 0; s < KADER_SUBTHEMES; s++) {
        snprintf(rowbuf[s], sizeof rowbuf[s], "%s %s", kader_subthemes[s].code, r_subtheme_name(c, s));
        rows[s] = rowbuf[s];
        groups[s] = kader_subthemes[s].actionline;
        int64_t money = r_subtheme_amount(c, c->ry, s);
        int act = activities_on(c, s, true), outcome = 0, monitored = 0;
        for (int i = 0; i < c->m->nactivities; i++) {
            const activity *a = &c->m->activities[i];
            if (a->subtheme != s || a->status == STATUS_INACTIVE) continue;
            outcome += outcome_level(a->monitoring);
            monitored += a->monitoring != MON_NONE;
        }
        cells[s * 3] = !c->m->tracks_per_actionline ? -1 : money > 0 ? 2 : 0;
        cells[s * 3 + 1] = act >= 2 ? 2 : act;
        cells[s * 3 + 2] = outcome > 0 ? 2 : monitored > 0 ? 1 : 0;
        if (c->m->tracks_per_actionline) snprintf(textbuf[s * 3], 48, "%s", money_format_compact(money, c->ml, (char[48]){ 0 }, 48));
        else snprintf(textbuf[s * 3], 48, "%s", L(c, "n.v.t.", "n/a"));
        snprintf(textbuf[s * 3 + 1], 48, "%d", act);
        snprintf(textbuf[s * 3 + 2], 48, "%s", outcome ? L(c, "outcome", "outcome") : monitored ? "output" : L(c, "geen", "none"));
        for (int k = 0; k < 3; k++) texts[s * 3 + k] = textbuf[s * 3 + k];
        gaps_money += c->m->tracks_per_actionline && money <= 0;
        gaps_act += act == 0;
        gaps_outcome += outcome == 0;
    }
    const char *cols[3] = { L(c, "Middelen", "Money"), L(c, "Activiteiten", "Activities"), "Monitoring" };
    const char *levels[3] = { L(c, "geen", "none"), L(c, "deels", "partly"), L(c, "ja", "yes") };
    chart_matrix_data md = { .subject = L(c, "dekking van de subthema's", "coverage of the subthemes"), .rows = rows,
                             .n_rows = KADER_SUBTHEMES, .row_group = groups, .group_names = group_names, .cols = cols,
                             .n_cols = 3, .cells = cells, .cell_text = texts, .levels = levels, .n_levels = 3 };
    doc_paragraph(c->doc, r_fmt(L(c, "Van de vijftien subthema's krijgen er %d geen middelen, hebben er %d geen lopende activiteit en worden er %d niet op outcome-niveau gemonitord.",
                                  "Of the fifteen subthemes, %d receive no money, %d have no running activity and %d are not monitored at outcome level."),
                                gaps_money, gaps_act, gaps_outcome));
    r_matrix_figure(c, &md, r_fmt(L(c, "Dekking per subthema, %d", "Coverage per subtheme, %d"), c->m->report_year));
    doc_heading(c->doc, 2, L(c, "Monitoringsniveaus", "Monitoring levels"));
    doc_col tcols[3] = { { L(c, "Niveau", "Level"), DOC_ALIGN_LEFT, 0, false },
                         { L(c, "Activiteiten", "Activities"), DOC_ALIGN_RIGHT, 0, true },
                         { L(c, "Instellingsbreed", "Institution-wide"), DOC_ALIGN_LEFT, 0, false } };
    doc_table *t = doc_table_new(c->doc, 3, tcols);
    for (int l = 0; l < MON_COUNT; l++) {
        int n = 0;
        for (int i = 0; i < c->m->nactivities; i++) n += c->m->activities[i].monitoring == (monitoring_level)l;
        char nb[16];
        snprintf(nb, sizeof nb, "%d", n);
        const char *cells3[3] = { monitoring_name(c, (monitoring_level)l), nb,
                                  c->m->monitoring_levels_used[l] ? L(c, "ja", "yes") : "–" };
        doc_table_row(t, cells3, DOC_ROW_NORMAL);
    }
    doc_table_caption(t, L(c, "Monitoring van de voortgang", "Monitoring of progress"));
    doc_table_end(t);
}

void report_appendix(report_ctx *c)
{
    doc_heading_ex(c->doc, 1, L(c, "Bijlage", "Appendix"), DOC_HEADING_NEW_PAGE | DOC_HEADING_UNNUMBERED);
    if (c->m->nactivities > 0) {
        doc_heading_ex(c->doc, 2, L(c, "Alle activiteiten", "All activities"), DOC_HEADING_UNNUMBERED);
        doc_table *t = activity_table(c, true);
        for (int i = 0; i < c->m->nactivities; i++) activity_row(c, t, &c->m->activities[i], true);
        doc_table_caption(t, L(c, "Activiteitenlijst", "Activity list"));
        doc_table_end(t);
    }
    doc_heading_ex(c->doc, 2, L(c, "Gebruikte invoerbestanden", "Input files used"), DOC_HEADING_UNNUMBERED);
    doc_col cols[4] = { { L(c, "Rol", "Role"), DOC_ALIGN_LEFT, 0, false },
                        { L(c, "Bestand", "File"), DOC_ALIGN_LEFT, 0, false },
                        { "Bytes", DOC_ALIGN_RIGHT, 0, true },
                        { "SHA-256", DOC_ALIGN_LEFT, 0, false } };
    doc_table *t = doc_table_new(c->doc, 4, cols);
    doc_table_caption(t, L(c, "Invoerbestanden met hun SHA-256-controlegetal", "Input files with their SHA-256 checksums"));
    for (int i = 0; i < c->m->ninputs; i++) {
        const input_file *in = &c->m->inputs[i];
        char bytes[32];
        int_format(in->bytes, c->ml, bytes, sizeof bytes);
        const char *cells[4] = { in->role, in->path, bytes, in->sha256 };
        doc_table_row(t, cells, DOC_ROW_NORMAL);
    }
    doc_table_end(t);
    doc_paragraph_styled(c->doc, DOC_PAR_SMALL,
                         r_fmt(L(c, "Opgesteld met kaderrapport %s op %s.", "Produced with kaderrapport %s on %s."), KR_VERSION,
                               r_date(c, c->m->created)));
}
