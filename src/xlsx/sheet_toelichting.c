/* Appendix sheet "Toelichting": the format id and version in fixed cells (B1, B2), who and what
 * the appendix is about, and how to read the other sheets. */
#include "xlsx/appendix.h"

#include <stdio.h>
#include <time.h>

const char *const appendix_keys[TL_COUNT] = {
    "Formaat", "Schemaversie", "Instelling", "BRIN", "Sector", "Studenten", "Verslagjaar",
    "Eerste jaar", "Laatste jaar", "Besteding per actielijn bijgehouden", "Gemaakt met", "Datum",
    "Taal rapport",
};

const char *const appendix_key_names[TL_COUNT] = {
    "KR_Formaat", "KR_Versie", "KR_Instelling", "KR_BRIN", "KR_Sector", "KR_Studenten",
    "KR_Verslagjaar", "KR_EersteJaar", "KR_LaatsteJaar", "KR_PerActielijn", "KR_Generator",
    "KR_Datum", "KR_Taal",
};

static const char *const sheet_help[][2] = {
    { SHEET_BESTEDING, "Besteding per actielijn en subthema per jaar (vraag 17/18): realisatie waar die er is, "
                       "anders begroting (zie de rij Soort). Subtotalen en totalen zijn formules." },
    { SHEET_BEGROTING, "Begroting, realisatie en verschil per actielijn en per eigen categorie." },
    { SHEET_BRONNEN, "Ontvangen kadermiddelen per jaar en de besteding per financieringsbron (vraag 20/21); "
                     "voorlopige bedragen zijn gemarkeerd." },
    { SHEET_ACTIVITEITEN, "Activiteiten per subthema (vraag 22-51); een subthema zonder activiteiten staat als "
                          "'niet actief' vermeld." },
    { SHEET_MONITORING, "Of en op welk niveau de voortgang wordt gemonitord (vraag 15/16)." },
    { SHEET_TOEWIJZING, "De toewijzingsregels: welk deel van een eigen categorie of begrotingsregel naar welk "
                        "subthema gaat, in procenten." },
    { SHEET_AANSLUITING, "Aansluiting op de invoer: per bestand, jaar en soort het invoertotaal, het toegewezen "
                         "en het niet toegewezen deel, tot op de cent." },
};

static void write_value(xw_ctx *c, lxw_worksheet *ws, int key)
{
    const model *m = c->m;
    xs_writer *w = &c->w;
    char buf[64];
    switch (key) {
    case TL_FORMAT: xs_text(w, ws, key, 1, APPENDIX_FORMAT_ID, c->f.bold); break;
    case TL_VERSION: xs_number(w, ws, key, 1, APPENDIX_VERSION, c->f.year); break;
    case TL_NAME: xs_text(w, ws, key, 1, m->inst.name, c->f.text); break;
    case TL_BRIN: xs_text(w, ws, key, 1, m->inst.brin, c->f.text); break;
    case TL_SECTOR: xs_text(w, ws, key, 1, m->inst.sector == SECTOR_HBO ? "hbo" : "wo", c->f.text); break;
    case TL_STUDENTS:
        if (m->inst.students > 0) xs_number(w, ws, key, 1, (double)m->inst.students, c->f.count);
        else xs_text(w, ws, key, 1, "", c->f.text);
        break;
    case TL_REPORT_YEAR: xs_number(w, ws, key, 1, m->report_year, c->f.year); break;
    case TL_FIRST_YEAR: xs_number(w, ws, key, 1, m->first_year, c->f.year); break;
    case TL_LAST_YEAR: xs_number(w, ws, key, 1, m->last_year, c->f.year); break;
    case TL_TRACKS: xs_text(w, ws, key, 1, m->tracks_per_actionline ? "ja" : "nee", c->f.text); break;
    case TL_GENERATOR: xs_text(w, ws, key, 1, "kaderrapport " KR_VERSION, c->f.text); break;
    case TL_DATE: {
        time_t t = (time_t)m->created;
        struct tm tm;
        if (m->created > 0 && gmtime_r(&t, &tm)) strftime(buf, sizeof buf, "%Y-%m-%d", &tm);
        else buf[0] = '\0';
        xs_text(w, ws, key, 1, buf, c->f.text);
        break;
    }
    case TL_LANGUAGE: xs_text(w, ws, key, 1, m->language ? m->language : "nl", c->f.text); break;
    }
}

static int write_help(xw_ctx *c, lxw_worksheet *ws, int row)
{
    xs_text(&c->w, ws, row, 0, "Hoe leest u deze bijlage", c->f.bold);
    xs_text(&c->w, ws, row++, 1,
            "Deze bijlage heeft voor elke instelling dezelfde indeling, zodat de cijfers over instellingen "
            "heen op te tellen zijn. Bedragen zijn in euro, exact tot op de cent. Cellen met een vaste "
            "betekenis hebben een naam die begint met KR_ (Formules > Namen beheren).", c->f.wrap);
    if (!c->m->tracks_per_actionline)
        xs_text(&c->w, ws, row++, 1,
                "De instelling houdt de besteding niet per actielijn bij (vraag 18). De bijlage geeft daarom "
                "alleen de totale besteding; er is geen verdeling over actielijnen verzonnen.", c->f.wrap);
    row++;
    for (size_t i = 0; i < sizeof sheet_help / sizeof *sheet_help; i++) {
        xs_text(&c->w, ws, row, 0, sheet_help[i][0], c->f.bold);
        xs_text(&c->w, ws, row++, 1, sheet_help[i][1], c->f.wrap);
    }
    return row;
}

void xw_sheet_toelichting(xw_ctx *c)
{
    lxw_worksheet *ws = xs_sheet(&c->w, SHEET_TOELICHTING);
    if (!ws) return;
    worksheet_set_column(ws, 0, 0, 36, NULL);
    worksheet_set_column(ws, 1, 1, 90, NULL);
    for (int k = 0; k < TL_COUNT; k++) {
        xs_text(&c->w, ws, k, 0, appendix_keys[k], c->f.bold);
        write_value(c, ws, k);
        xw_define_range(c, appendix_key_names[k], SHEET_TOELICHTING, k, 1, k, 1);
    }
    write_help(c, ws, TL_COUNT + 1);
    xw_page_setup(c, ws, -1, 0);
    worksheet_activate(ws);
}
