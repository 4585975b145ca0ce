/* The fill-in workbook: instructions, the job settings, budget, activities and mapping sheets with
 * drop-down lists from the framework's codelists, frozen headers and marked example rows. */
#include "template.h"

#include "build.h"
#include "kader.h"
#include "xlsx_safe.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define LISTS "Lijsten"

typedef struct tpl {
    xs_writer w;
    lxw_format *header, *example, *note, *title;
} tpl;

/* A list column on the Lijsten sheet (its range is fixed by list_ranges). */
static void list_column(tpl *t, lxw_worksheet *ws, int col, const char *header, const char *const *items, int n)
{
    xs_text(&t->w, ws, 0, col, header, t->header);
    for (int i = 0; i < n; i++) xs_text(&t->w, ws, 1 + i, col, items[i], NULL);
}

/* Drop-down on rows 2..1000 of one column, fed by a range on the Lijsten sheet. */
static void dropdown(tpl *t, lxw_worksheet *ws, int col, const char *formula, const char *title, const char *msg)
{
    xs_validation(&t->w, ws, 1, col, 1000, col, formula, NULL, title, msg);
}

/* Header row, column widths, frozen pane; then example rows in grey italics. */
static lxw_worksheet *data_sheet(tpl *t, const char *name, const char *const *headers, const double *widths, int ncols,
                                 const char *const *examples, int nexamples)
{
    lxw_worksheet *ws = xs_sheet(&t->w, name);
    if (!ws) return NULL;
    for (int c = 0; c < ncols; c++) {
        xs_text(&t->w, ws, 0, c, headers[c], t->header);
        worksheet_set_column(ws, (lxw_col_t)c, (lxw_col_t)c, widths[c], NULL);
    }
    worksheet_freeze_panes(ws, 1, 0);
    for (int r = 0; r < nexamples; r++)
        for (int c = 0; c < ncols; c++) xs_text(&t->w, ws, 1 + r, c, examples[r * ncols + c], t->example);
    return ws;
}

typedef struct lists {
    char subthemes[64], targets[64], sources[64], kinds[64], statuses[64], monitoring[64], yesno[64], sector[64], lang[64];
} lists;

/* Ranges of the Lijsten sheet's columns, known before the sheet is written. */
static void list_ranges(lists *L)
{
    snprintf(L->subthemes, sizeof L->subthemes, "=%s!$A$2:$A$%d", LISTS, 1 + KADER_SUBTHEMES);
    snprintf(L->targets, sizeof L->targets, "=%s!$B$2:$B$%d", LISTS, 2 + KADER_SUBTHEMES);
    snprintf(L->sources, sizeof L->sources, "=%s!$C$2:$C$%d", LISTS, 1 + SOURCE_COUNT);
    snprintf(L->kinds, sizeof L->kinds, "=%s!$D$2:$D$3", LISTS);
    snprintf(L->statuses, sizeof L->statuses, "=%s!$E$2:$E$%d", LISTS, 1 + STATUS_COUNT);
    snprintf(L->monitoring, sizeof L->monitoring, "=%s!$F$2:$F$%d", LISTS, 1 + MON_COUNT);
    snprintf(L->yesno, sizeof L->yesno, "=%s!$G$2:$G$3", LISTS);
    snprintf(L->sector, sizeof L->sector, "=%s!$H$2:$H$3", LISTS);
    snprintf(L->lang, sizeof L->lang, "=%s!$I$2:$I$3", LISTS);
}

static void lists_sheet(tpl *t)
{
    lxw_worksheet *ws = xs_sheet(&t->w, LISTS);
    if (!ws) return;
    const char *st[KADER_SUBTHEMES], *tg[KADER_SUBTHEMES + 1], *src[SOURCE_COUNT], *stat[STATUS_COUNT], *mon[MON_COUNT];
    char buf[KADER_SUBTHEMES][96];
    for (int i = 0; i < KADER_SUBTHEMES; i++) {
        snprintf(buf[i], sizeof buf[i], "%s %s", kader_subthemes[i].code, kader_subthemes[i].short_nl);
        st[i] = tg[i] = buf[i];
    }
    tg[KADER_SUBTHEMES] = "niet toe te wijzen";
    for (int i = 0; i < SOURCE_COUNT; i++) src[i] = kader_sources[i].code;
    for (int i = 0; i < STATUS_COUNT; i++) stat[i] = kader_statuses[i].code;
    for (int i = 0; i < MON_COUNT; i++) mon[i] = kader_monitoring[i].code;
    static const char *kinds[] = { "begroting", "realisatie" }, *yesno[] = { "ja", "nee" };
    static const char *sector[] = { "wo", "hbo" }, *lang[] = { "nl", "en" };
    list_column(t, ws, 0, "Subthema", st, KADER_SUBTHEMES);
    list_column(t, ws, 1, "Toewijzing", tg, KADER_SUBTHEMES + 1);
    list_column(t, ws, 2, "Bron", src, SOURCE_COUNT);
    list_column(t, ws, 3, "Soort", kinds, 2);
    list_column(t, ws, 4, "Status", stat, STATUS_COUNT);
    list_column(t, ws, 5, "Monitoring", mon, MON_COUNT);
    list_column(t, ws, 6, "Ja/nee", yesno, 2);
    list_column(t, ws, 7, "Sector", sector, 2);
    list_column(t, ws, 8, "Taal", lang, 2);
    worksheet_set_column(ws, 0, 1, 44, NULL);
    worksheet_set_column(ws, 2, 8, 22, NULL);
}

static void instructions_sheet(tpl *t)
{
    lxw_worksheet *ws = xs_sheet(&t->w, "Instructies");
    if (!ws) return;
    static const char *lines[] = {
        "Invulsjabloon kaderrapport: verantwoording middelen studentenwelzijn",
        "",
        "1. Vul op het blad Instelling de gegevens van de instelling en het verslagjaar in.",
        "2. Zet op het blad Begroting één regel per jaar, soort (begroting of realisatie) en begrotingsregel.",
        "   Bedragen mogen als getal of als tekst (1.219.092,50); de categorie is uw eigen indeling (bijvoorbeeld een pijler).",
        "3. Verdeel op het blad Toewijzing elke categorie (of losse begrotingsregel) over de subthema's van het kader.",
        "   De gewichten per categorie tellen op tot precies 100. Wat niet toe te wijzen is, krijgt 'niet toe te wijzen'.",
        "4. Zet op het blad Activiteiten uw activiteiten met hun subthema, status, bereik en monitoringsniveau.",
        "5. Voorbeeldregels staan grijs en cursief en beginnen met 'Voorbeeld:'. Overschrijf of verwijder ze;",
        "   regels die met 'Voorbeeld:' beginnen worden nooit meegeteld.",
        "6. Maak het rapport met: kaderrapport build <dit bestand>.xlsx",
        "",
        "De keuzelijsten komen van het blad Lijsten; een waarde die u zelf typt wordt ook herkend",
        "als het een bekende code of omschrijving is. kaderrapport meldt elk probleem met blad en cel.",
    };
    worksheet_set_column(ws, 0, 0, 110, NULL);
    for (size_t i = 0; i < sizeof lines / sizeof *lines; i++) xs_text(&t->w, ws, (int)i, 0, lines[i], i == 0 ? t->title : NULL);
    worksheet_activate(ws);
}

static void settings_sheet(tpl *t, const lists *L)
{
    static const char *headers[] = { "sleutel", "waarde", "uitleg" };
    static const double widths[] = { 26, 40, 70 };
    lxw_worksheet *ws = data_sheet(t, "Instelling", headers, widths, 3, NULL, 0);
    if (!ws) return;
    static const char *rows[][3] = {
        { "naam", "", "naam van de instelling" },
        { "brin", "", "BRIN-code" },
        { "sector", "", "wo of hbo" },
        { "studenten", "", "aantal ingeschreven studenten" },
        { "jaar", "", "verslagjaar, bijvoorbeeld 2025" },
        { "jaren", "", "getoonde jaren, bijvoorbeeld 2023-2025" },
        { "taal", "nl", "nl of en" },
        { "layout", "standaard", "opmaak: standaard of de naam van een eigen layout" },
        { "datum", "", "datum van het rapport, JJJJ-MM-DD" },
        { "per_actielijn", "ja", "nee als de instelling niet per actielijn registreert" },
        { "kadermiddelen 2024", "", "ontvangen kadermiddelen in 2024 (leeg laten als onbekend)" },
        { "kadermiddelen 2025", "", "ontvangen kadermiddelen in 2025" },
        { "kadermiddelen 2026", "", "ontvangen kadermiddelen in 2026" },
        { "monitoring", "", "monitoringsniveaus, met komma's gescheiden (zie Lijsten)" },
    };
    for (size_t r = 0; r < sizeof rows / sizeof *rows; r++)
        for (int c = 0; c < 3; c++) xs_text(&t->w, ws, 1 + (int)r, c, rows[r][c], c == 2 ? t->note : NULL);
    xs_validation(&t->w, ws, 3, 1, 3, 1, L->sector, NULL, NULL, NULL);
    xs_validation(&t->w, ws, 7, 1, 7, 1, L->lang, NULL, NULL, NULL);
    xs_validation(&t->w, ws, 10, 1, 10, 1, L->yesno, NULL, NULL, NULL);
}

static void budget_sheet(tpl *t, const lists *L)
{
    static const char *headers[] = { "jaar", "soort", "regel", "categorie", "bron", "bedrag", "voorlopig", "toelichting" };
    static const double widths[] = { 8, 12, 40, 30, 22, 14, 10, 50 };
    static const char *examples[] = {
        "2025", "begroting", "Voorbeeld: studentenpsychologen", "Hulpaanbod", "kadermiddelen", "190.000", "nee", "",
        "2025", "realisatie", "Voorbeeld: studentenpsychologen", "Hulpaanbod", "kadermiddelen", "184.250,00", "", "vacature tot maart",
    };
    lxw_worksheet *ws = data_sheet(t, "Begroting", headers, widths, 8, examples, 2);
    if (!ws) return;
    dropdown(t, ws, 1, L->kinds, "Soort", "begroting of realisatie");
    dropdown(t, ws, 4, L->sources, "Bron", "financieringsbron");
    dropdown(t, ws, 6, L->yesno, "Voorlopig", "ja als het bedrag nog niet definitief is");
}

static void activities_sheet(tpl *t, const lists *L)
{
    static const char *headers[] = { "id", "naam", "subthema", "status", "bereik", "monitoring", "activiteitcode", "toelichting" };
    static const double widths[] = { 8, 60, 36, 14, 10, 22, 14, 50 };
    static const char *examples[] = {
        "A-01", "Voorbeeld: centrale webpagina met het hulpaanbod", "2.6 Vindbaarheid hulpaanbod", "lopend", "12000",
        "output-kwantitatief", "2.6.1", "bezoekersaantallen per maand",
    };
    lxw_worksheet *ws = data_sheet(t, "Activiteiten", headers, widths, 8, examples, 1);
    if (!ws) return;
    dropdown(t, ws, 2, L->subthemes, "Subthema", "het subthema van het kader");
    dropdown(t, ws, 3, L->statuses, "Status", "stand van de activiteit");
    dropdown(t, ws, 5, L->monitoring, "Monitoring", "hoe de voortgang gemeten wordt");
}

static void mapping_sheet(tpl *t, const lists *L)
{
    static const char *headers[] = { "type", "sleutel", "subthema", "gewicht", "toelichting" };
    static const double widths[] = { 12, 40, 40, 10, 50 };
    static const char *examples[] = {
        "categorie", "Voorbeeld: Hulpaanbod", "2.6 Vindbaarheid hulpaanbod", "40", "",
        "categorie", "Voorbeeld: Hulpaanbod", "4.1 Samenwerking buiten het onderwijs", "35", "",
        "categorie", "Voorbeeld: Hulpaanbod", "niet toe te wijzen", "25", "regulier hulpaanbod",
    };
    lxw_worksheet *ws = data_sheet(t, "Toewijzing", headers, widths, 5, examples, 3);
    if (!ws) return;
    static const char *types[] = { "categorie", "regel", NULL };
    xs_validation(&t->w, ws, 1, 0, 1000, 0, NULL, types, "Type", "categorie of regel");
    dropdown(t, ws, 2, L->targets, "Subthema", "subthema of 'niet toe te wijzen'");
}

bool template_write(const char *path, diag_list *d)
{
    tpl t = { 0 };
    t.w.d = d;
    t.w.path = path;
    lxw_workbook_options opt = { 0 };
    t.w.wb = workbook_new_opt(path, &opt);
    if (!t.w.wb) {
        srcloc loc = { path, NULL, 0, 0 };
        diag_error(d, loc, "check that the folder exists and is writable", "cannot create %s", diag_quote(path));
        return false;
    }
    lxw_doc_properties props = { 0 };
    props.title = "Invulsjabloon studentenwelzijn";
    props.comments = "kaderrapport " KR_VERSION;
    props.created = 1672531200; /* fixed (2023-01-01), so the template is byte-identical every time */
    workbook_set_properties(t.w.wb, &props);
    t.header = workbook_add_format(t.w.wb);
    format_set_bold(t.header);
    format_set_bg_color(t.header, 0xDCE6F0);
    format_set_bottom(t.header, LXW_BORDER_THIN);
    t.example = workbook_add_format(t.w.wb);
    format_set_italic(t.example);
    format_set_font_color(t.example, 0x808080);
    t.note = workbook_add_format(t.w.wb);
    format_set_font_color(t.note, 0x606060);
    t.title = workbook_add_format(t.w.wb);
    format_set_bold(t.title);
    format_set_font_size(t.title, 14);
    lists L;
    list_ranges(&L);
    instructions_sheet(&t);
    settings_sheet(&t, &L);
    budget_sheet(&t, &L);
    activities_sheet(&t, &L);
    mapping_sheet(&t, &L);
    lists_sheet(&t);
    lxw_error err = workbook_close(t.w.wb);
    if (err != LXW_NO_ERROR || t.w.failed) {
        if (!t.w.failed) {
            srcloc loc = { path, NULL, 0, 0 };
            diag_error(d, loc, NULL, "cannot write the template: %s", lxw_strerror(err));
        }
        unlink(path);
        return false;
    }
    return true;
}

int template_main(int argc, char **argv)
{
    const char *out = NULL;
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "-o") && i + 1 < argc) out = argv[++i];
        else {
            fprintf(stderr, "usage: kaderrapport template -o invulsjabloon.xlsx\n");
            return KR_EXIT_USAGE;
        }
    }
    if (!out) {
        fprintf(stderr, "usage: kaderrapport template -o invulsjabloon.xlsx\n");
        return KR_EXIT_USAGE;
    }
    /* written beside the target and renamed, like every output */
    char tmp[4200];
    snprintf(tmp, sizeof tmp, "%s.tmp-%ld", out, (long)getpid());
    diag_list d;
    diag_init(&d);
    bool ok = template_write(tmp, &d) && rename(tmp, out) == 0;
    if (!ok) unlink(tmp);
    diag_print(&d, stderr, false);
    diag_free(&d);
    if (ok) printf("%s\n", out);
    return ok ? KR_EXIT_OK : KR_EXIT_OUTPUT;
}
