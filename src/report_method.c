/* The method chapter: how own categories were mapped onto subthemes (with weights), what stayed
 * unallocated and why, and the reconciliation from input totals to report totals, to the cent. */
#include "report_int.h"

#include <stdlib.h>
#include <string.h>

static void weight_text(int64_t w, char *out, size_t size, bool en)
{
    /* millionths -> percent with up to four decimals, trailing zeros dropped */
    snprintf(out, size, "%lld%c%04lld", (long long)(w / 10000), en ? '.' : ',', (long long)(w % 10000));
    size_t n = strlen(out);
    while (n && out[n - 1] == '0') out[--n] = '\0';
    if (n && (out[n - 1] == ',' || out[n - 1] == '.')) out[--n] = '\0';
    strncat(out, "%", size - strlen(out) - 1);
}

static void mapping_table(report_ctx *c)
{
    double tw = c->lay->page_w - c->lay->margin_left - c->lay->margin_right;
    doc_col cols[4] = { { L(c, "Categorie of regel", "Category or line"), DOC_ALIGN_LEFT, tw * 0.27, false },
                        { L(c, "Subthema", "Subtheme"), DOC_ALIGN_LEFT, tw * 0.36, false },
                        { L(c, "Gewicht", "Weight"), DOC_ALIGN_RIGHT, tw * 0.09, true },
                        { L(c, "Toelichting", "Note"), DOC_ALIGN_LEFT, tw * 0.28, false } };
    doc_table *t = doc_table_new(c->doc, 4, cols);
    for (int i = 0; i < c->m->nrules; i++) {
        const mapping_rule *r = &c->m->rules[i];
        for (int k = 0; k < r->ntargets; k++) {
            char w[32], target[128], key[300];
            weight_text(r->targets[k].weight, w, sizeof w, c->en);
            int tg = r->targets[k].target;
            if (tg == KADER_UNALLOCATED) snprintf(target, sizeof target, "%s", L(c, "niet toe te wijzen", "not attributable"));
            else snprintf(target, sizeof target, "%s %s", kader_subthemes[tg].code, r_subtheme_name(c, tg));
            snprintf(key, sizeof key, "%s%s", r->key, r->match == MATCH_LINE ? L(c, " (regel)", " (line)") : "");
            const char *cells[4] = { k == 0 ? key : "", target, w, k == 0 ? r->reason : "" };
            doc_table_row(t, cells, DOC_ROW_NORMAL);
        }
    }
    doc_table_caption(t, L(c, "Toerekening van eigen categorieën en regels aan de subthema's", "Attribution of own categories and lines to the subthemes"));
    doc_table_note(t, L(c, "Een regel-toewijzing gaat voor de toewijzing van de categorie. Bedragen worden per begrotingsregel op de cent verdeeld (grootste rest), zodat de delen altijd optellen tot de regel.",
                        "A rule on a line takes precedence over its category's rule. Each budget line is split to the cent (largest remainder), so the parts always add up to the line."));
    doc_table_end(t);
}

static void reconciliation_table(report_ctx *c)
{
    doc_col cols[6] = { { L(c, "Bestand", "File"), DOC_ALIGN_LEFT, 0, false },
                        { L(c, "Jaar en soort", "Year and kind"), DOC_ALIGN_LEFT, 0, false },
                        { L(c, "Invoer", "Input"), DOC_ALIGN_RIGHT, 0, true },
                        { L(c, "Toegerekend", "Attributed"), DOC_ALIGN_RIGHT, 0, true },
                        { L(c, "Niet toe te wijzen", "Not attributable"), DOC_ALIGN_RIGHT, 0, true },
                        { L(c, "Sluit", "Holds"), DOC_ALIGN_CENTER, 0, false } };
    doc_table *t = doc_table_new(c->doc, 6, cols);
    int lines = 0, holding = 0;
    for (int i = 0; i < c->a->nrecon; i++) {
        const recon_row *r = &c->a->recon[i];
        char yk[64], a1[64], a2[64], a3[64];
        snprintf(yk, sizeof yk, "%d %s (%d %s)", r->year, r_kind_name(c, r->kind), r->nlines, L(c, "regels", "lines"));
        money_format(r->input_total, c->ml, MONEY_CENTS, a1, sizeof a1);
        money_format(r->allocated, c->ml, MONEY_CENTS, a2, sizeof a2);
        money_format(r->unallocated, c->ml, MONEY_CENTS, a3, sizeof a3);
        const char *cells[6] = { r->file, yk, a1, a2, a3, r->holds ? L(c, "ja", "yes") : L(c, "NEE", "NO") };
        doc_table_row(t, cells, DOC_ROW_NORMAL);
        lines += r->nlines;
        holding += r->holds;
    }
    /* budget and actuals of different years do not add up to anything meaningful: the last row
     * states the check instead of a sum */
    char summary[128], count[64];
    snprintf(summary, sizeof summary, L(c, "%d van %d sluiten", "%d of %d hold"), holding, c->a->nrecon);
    snprintf(count, sizeof count, "%d %s", lines, L(c, "regels", "lines"));
    const char *cells[6] = { L(c, "Alle invoer", "All input"), count, "", "", "", summary };
    doc_table_row(t, cells, DOC_ROW_TOTAL);
    doc_table_caption(t, L(c, "Aansluiting van invoer op rapport, op de cent", "Reconciliation of input to report, to the cent"));
    if (c->a->lines_outside_years)
        doc_table_note(t, r_fmt(L(c, "Regels buiten de getoonde jaren (%s) tellen mee in de aansluiting maar niet in de tabellen.",
                                  "Lines outside the years shown (%s) count in the reconciliation but not in the tables."),
                                money_format(c->a->lines_outside_years, c->ml, MONEY_CENTS, (char[64]){ 0 }, 64)));
    doc_table_end(t);
}

void report_method(report_ctx *c)
{
    doc_heading_ex(c->doc, 1, L(c, "Verantwoording van de methode", "Method"), DOC_HEADING_NEW_PAGE);
    doc_paragraph(c->doc, L(c, "De instelling begroot en registreert in eigen categorieën, die niet samenvallen met de actielijnen van het kader. Elke categorie (of afzonderlijke begrotingsregel) is daarom met vaste percentages over de subthema's verdeeld. Wat niet aan een subthema is toe te wijzen, blijft zichtbaar als ‘niet toe te wijzen’.",
                            "The institution budgets and records in its own categories, which do not coincide with the framework's action lines. Each category (or single budget line) is therefore split over the subthemes by fixed percentages. What cannot be attributed to a subtheme stays visible as ‘not attributable’."));
    doc_heading(c->doc, 2, L(c, "Toerekening", "Attribution"));
    mapping_table(c);
    doc_heading(c->doc, 2, L(c, "Aansluiting", "Reconciliation"));
    doc_paragraph(c->doc, L(c, "Per invoerbestand, jaar en soort is het totaal van de invoerregels gelijk aan het toegerekende plus het niet toe te wijzen bedrag. kaderrapport controleert dit op de cent en maakt geen rapport als het niet sluit.",
                            "For each input file, year and kind, the total of the input lines equals the attributed plus the non-attributable amount. kaderrapport checks this to the cent and produces no report when it does not hold."));
    reconciliation_table(c);
}
