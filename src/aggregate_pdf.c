/* The sector overview as a short PDF (layout engine in src/doc/): key figures, framework money
 * per year against the national budget, the distribution over action lines for wo and hbo,
 * active subthemes, monitoring and the list of institutions. Figures come from sector_sums only. */
#include "aggregate_int.h"
#include "doc/doc.h"
#include "money.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

static const char *eur(int64_t cents, char *buf, size_t n)
{
    return money_format(cents, MONEY_FMT_NL, MONEY_WHOLE, buf, n);
}

/* The latest year with figures (index), or -1. */
static int latest_year(const sector_sums *s)
{
    return s->first_year <= s->last_year ? s->last_year : -1;
}

static void key_figures(doc *d, const sector_sums *s)
{
    char n[32], wohbo[64], rec[48], rec_sub[96], track[32], track_sub[128];
    int y = latest_year(s);
    snprintf(n, sizeof n, "%d", s->institutions[GRP_ALL]);
    snprintf(wohbo, sizeof wohbo, "%d wo, %d hbo", s->institutions[GRP_WO], s->institutions[GRP_HBO]);
    eur(y >= 0 ? s->received[y] : 0, rec, sizeof rec);
    char pct[32];
    percent_format(y >= 0 ? s->received[y] : 0, AGG_NATIONAL_CENTS, MONEY_FMT_NL, pct, sizeof pct);
    snprintf(rec_sub, sizeof rec_sub, "%s van € 15 mln in %d", pct, AGG_FIRST_YEAR + (y >= 0 ? y : 0));
    snprintf(track, sizeof track, "%d van %d", s->tracking[GRP_ALL], s->institutions[GRP_ALL]);
    percent_format(s->tracking[GRP_ALL], s->institutions[GRP_ALL], MONEY_FMT_NL, pct, sizeof pct);
    snprintf(track_sub, sizeof track_sub, "%s houdt de besteding per actielijn bij", pct);
    doc_tile tiles[3] = {
        { n, "instellingen opgeteld", wohbo, 0 },
        { rec, "ontvangen kadermiddelen", rec_sub, 0 },
        { track, "per actielijn bijgehouden", track_sub, 0 },
    };
    doc_key_figures(d, tiles, 3);
}

static void years_table(doc *d, const sector_sums *s)
{
    static const doc_col cols[] = { { "Jaar", DOC_ALIGN_LEFT, 0, true }, { "Instellingen", DOC_ALIGN_RIGHT, 0, true },
        { "Ontvangen kadermiddelen", DOC_ALIGN_RIGHT, 0, true }, { "% van € 15 mln", DOC_ALIGN_RIGHT, 0, true },
        { "Toegewezen aan het kader", DOC_ALIGN_RIGHT, 0, true }, { "Totale besteding", DOC_ALIGN_RIGHT, 0, true } };
    doc_table *t = doc_table_new(d, 6, cols);
    doc_table_caption(t, "Kadermiddelen en besteding per jaar, alle instellingen");
    for (int y = s->first_year; y <= s->last_year; y++) {
        char yr[16], n[16], rec[40], pct[24], kad[40], tot[40];
        snprintf(yr, sizeof yr, "%d", AGG_FIRST_YEAR + y);
        snprintf(n, sizeof n, "%d", s->with_data[y]);
        if (s->received_n[y]) eur(s->received[y], rec, sizeof rec); else snprintf(rec, sizeof rec, "–");
        percent_format(s->received[y], AGG_NATIONAL_CENTS, MONEY_FMT_NL, pct, sizeof pct);
        const char *cells[] = { yr, n, rec, s->received_n[y] ? pct : "–", eur(s->kader[y][GRP_ALL], kad, sizeof kad),
                                eur(s->total[y][GRP_ALL], tot, sizeof tot) };
        doc_table_row(t, cells, DOC_ROW_NORMAL);
    }
    doc_table_note(t, "Toegewezen aan het kader: alleen instellingen die per actielijn bijhouden. "
                      "Totale besteding: alle instellingen, realisatie waar beschikbaar, anders begroting.");
    doc_table_end(t);
}

static void actionline_table(doc *d, const sector_sums *s, int y)
{
    static const doc_col cols[] = { { "Actielijn", DOC_ALIGN_LEFT, 0, false },
        { "Alle", DOC_ALIGN_RIGHT, 0, true }, { "%", DOC_ALIGN_RIGHT, 0, true }, { "wo", DOC_ALIGN_RIGHT, 0, true },
        { "%", DOC_ALIGN_RIGHT, 0, true }, { "hbo", DOC_ALIGN_RIGHT, 0, true }, { "%", DOC_ALIGN_RIGHT, 0, true } };
    doc_table *t = doc_table_new(d, 7, cols);
    char cap[96];
    snprintf(cap, sizeof cap, "Verdeling over de actielijnen in %d", AGG_FIRST_YEAR + y);
    doc_table_caption(t, cap);
    for (int al = 0; al <= KADER_ACTIONLINES; al++) {
        char v[GRP_COUNT][40], p[GRP_COUNT][24], label[96];
        for (int g = 0; g < GRP_COUNT; g++) {
            int64_t x = al < KADER_ACTIONLINES ? s->actionline[y][g][al] : s->kader[y][g];
            eur(x, v[g], sizeof v[g]);
            percent_format(x, s->kader[y][g], MONEY_FMT_NL, p[g], sizeof p[g]);
        }
        if (al < KADER_ACTIONLINES) snprintf(label, sizeof label, "%s %s", kader_actionlines[al].code, kader_actionlines[al].short_nl);
        else snprintf(label, sizeof label, "Totaal");
        const char *cells[] = { label, v[0], p[0], v[1], p[1], v[2], p[2] };
        doc_row_opts o = { al < KADER_ACTIONLINES ? DOC_ROW_NORMAL : DOC_ROW_TOTAL, 0, al < KADER_ACTIONLINES ? al + 1 : 0, false };
        doc_table_row_ex(t, cells, &o);
    }
    doc_table_note(t, "Alleen instellingen die per actielijn bijhouden; instellingen die dat niet doen (vraag 18) "
                      "tellen mee in de totale besteding, niet in deze verdeling.");
    doc_table_end(t);
}

static void subtheme_table(doc *d, const sector_sums *s)
{
    static const doc_col cols[] = { { "Subthema", DOC_ALIGN_LEFT, 0, false }, { "Actief", DOC_ALIGN_RIGHT, 0, true },
        { "wo", DOC_ALIGN_RIGHT, 0, true }, { "hbo", DOC_ALIGN_RIGHT, 0, true }, { "Niet actief", DOC_ALIGN_RIGHT, 0, true } };
    doc_table *t = doc_table_new(d, 5, cols);
    doc_table_caption(t, "Aantal instellingen dat actief is per subthema");
    for (int st = 0; st < KADER_SUBTHEMES; st++) {
        char label[128], a[3][12], na[12];
        snprintf(label, sizeof label, "%s %s", kader_subthemes[st].code, kader_subthemes[st].short_nl);
        for (int g = 0; g < GRP_COUNT; g++) snprintf(a[g], sizeof a[g], "%d", s->active[st][g]);
        snprintf(na, sizeof na, "%d", s->institutions[GRP_ALL] - s->active[st][GRP_ALL]);
        const char *cells[] = { label, a[0], a[1], a[2], na };
        doc_table_row(t, cells, DOC_ROW_NORMAL);
    }
    doc_table_end(t);
}

static void monitoring_table(doc *d, const sector_sums *s)
{
    static const doc_col cols[] = { { "Monitoringsniveau", DOC_ALIGN_LEFT, 0, false },
        { "Alle", DOC_ALIGN_RIGHT, 0, true }, { "wo", DOC_ALIGN_RIGHT, 0, true }, { "hbo", DOC_ALIGN_RIGHT, 0, true } };
    doc_table *t = doc_table_new(d, 4, cols);
    doc_table_caption(t, "Monitoring van de voortgang: aantal instellingen per niveau");
    for (int l = 0; l < MON_COUNT; l++) {
        char v[GRP_COUNT][12];
        for (int g = 0; g < GRP_COUNT; g++) snprintf(v[g], sizeof v[g], "%d", s->mon_used[l][g]);
        const char *cells[] = { kader_monitoring[l].label_nl, v[0], v[1], v[2] };
        doc_table_row(t, cells, DOC_ROW_NORMAL);
    }
    doc_table_end(t);
}

static void institution_table(doc *d, const sector_sums *s, int y)
{
    static const doc_col cols[] = { { "Instelling", DOC_ALIGN_LEFT, 0, false }, { "BRIN", DOC_ALIGN_LEFT, 0, false },
        { "Sector", DOC_ALIGN_LEFT, 0, false }, { "Per actielijn", DOC_ALIGN_LEFT, 0, false },
        { "Besteding", DOC_ALIGN_RIGHT, 0, true } };
    doc_table *t = doc_table_new(d, 5, cols);
    char cap[96];
    snprintf(cap, sizeof cap, "Instellingen en hun totale besteding in %d", AGG_FIRST_YEAR + y);
    doc_table_caption(t, cap);
    for (int i = 0; i < s->nrecs; i++) {
        const appendix_rec *r = &s->recs[i];
        char tot[40];
        const char *cells[] = { r->name, r->brin, r->sector == SECTOR_HBO ? "hbo" : "wo", r->tracks ? "ja" : "nee",
                                r->kind[y] >= 0 ? eur(r->total[y], tot, sizeof tot) : "–" };
        doc_table_row(t, cells, DOC_ROW_NORMAL);
    }
    doc_table_end(t);
}

static void skipped_list(doc *d, const sector_sums *s)
{
    if (!s->nskipped) return;
    doc_heading(d, 1, "Overgeslagen bestanden");
    doc_paragraph(d, "Deze bestanden zijn niet meegeteld. De reden staat erbij; de volledige meldingen staan in de uitvoer van het commando.");
    const char *items[200];
    int n = s->nskipped < 200 ? s->nskipped : 200;
    for (int i = 0; i < n; i++) items[i] = s->skipped[i].reason;
    doc_list(d, items, n, false);
}

bool sector_write_pdf(const sector_sums *s, const char *path, long long created, diag_list *dl)
{
    int y = latest_year(s);
    if (y < 0) return true; /* nothing to show */
    char sub[96], date[32];
    snprintf(sub, sizeof sub, "Optelling van %d standaardbijlagen", s->nrecs);
    time_t t = (time_t)created;
    struct tm tm;
    static const char *const months[] = { "januari", "februari", "maart", "april", "mei", "juni", "juli",
                                          "augustus", "september", "oktober", "november", "december" };
    if (gmtime_r(&t, &tm)) snprintf(date, sizeof date, "%d %s %d", tm.tm_mday, months[tm.tm_mon], tm.tm_year + 1900);
    else date[0] = '\0';
    doc_meta meta = { .title = "Sectoroverzicht studentenwelzijn", .subject = sub, .creator = "kaderrapport " KR_VERSION,
                      .keywords = "studentenwelzijn, Landelijk Kader Studentenwelzijn, sectoroverzicht", .language = "nl",
                      .created = created };
    doc *d = doc_new(NULL, &meta);
    doc_cover_info info = { .title = "Sectoroverzicht studentenwelzijn", .subtitle = sub,
                            .period = "Landelijk Kader Studentenwelzijn", .date_text = date,
                            .note = "Bedragen in euro, opgeteld tot op de cent uit de standaardbijlagen van de instellingen." };
    doc_cover(d, &info);
    doc_heading(d, 1, "Samenvatting");
    key_figures(d, s);
    years_table(d, s);
    doc_heading(d, 1, "Verdeling over de actielijnen");
    actionline_table(d, s, y);
    doc_heading(d, 1, "Activiteiten en monitoring");
    subtheme_table(d, s);
    monitoring_table(d, s);
    doc_heading(d, 1, "Instellingen");
    institution_table(d, s, y);
    skipped_list(d, s);
    bool ok = doc_render(d, path, NULL, dl);
    doc_free(d);
    return ok;
}
