/* The framework codelist and the fixed vocabularies. The titles are the official Dutch ones used
 * in the framework evaluation's questionnaire. */
#include "kader.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

const kader_actionline kader_actionlines[KADER_ACTIONLINES] = {
    { "1",
      "Het vergroten van de 'sense of belonging' en het bieden van praktische hulpmiddelen die kunnen bijdragen aan een goed mentaal welzijn van studenten in het hoger onderwijs.",
      "Sense of belonging", "Sense of belonging", 0, 4 },
    { "2",
      "Het inzetten op preventie naast de huidige focus op en inspanning voor het oplossen van al ervaren problemen en klachten.",
      "Preventie", "Prevention", 4, 6 },
    { "3",
      "Het verder vergroten van de kennis en kunde binnen instellingen ten behoeve van studentenwelzijn en middelengebruik.",
      "Kennis en kunde", "Knowledge and skills", 10, 3 },
    { "4",
      "Het versterken van samenwerking tussen instellingen en organisaties die deel uitmaken van de zorgketen.",
      "Samenwerking zorgketen", "Cooperation with the care chain", 13, 2 },
};

const kader_subtheme kader_subthemes[KADER_SUBTHEMES] = {
    { "1.1", 0,
      "Instellingen en studenten dragen bij aan het creëren van een veilig en inclusief studieklimaat",
      "Veilig en inclusief studieklimaat", "Safe and inclusive study climate" },
    { "1.2", 0,
      "Instellingen hebben aandacht voor sociale- en academische binding",
      "Sociale en academische binding", "Social and academic integration" },
    { "1.3", 0,
      "Instellingen faciliteren studenteninitiatieven en een actief studentenleven",
      "Studenteninitiatieven en studentenleven", "Student initiatives and student life" },
    { "1.4", 0,
      "Studenten zijn partner in het opzetten en evalueren van studentenwelzijnsinitiatieven",
      "Studenten als partner", "Students as partners" },
    { "2.1", 1,
      "Instellingen spannen zich in om druk van stressfactoren die betrekking hebben op het onderwijs en prestatiedruk te verminderen",
      "Stressfactoren en prestatiedruk", "Study stressors and performance pressure" },
    { "2.2", 1,
      "Instellingen hebben aandacht voor de overgang naar het hoger onderwijs",
      "Overgang naar het hoger onderwijs", "Transition into higher education" },
    { "2.3", 1,
      "Instellingen spannen zich in om mentaal welzijn bespreekbaar te maken",
      "Mentaal welzijn bespreekbaar", "Talking openly about mental wellbeing" },
    { "2.4", 1,
      "Instellingen zetten in op het vergroten van mentale gezondheidsvaardigheden bij studenten",
      "Mentale gezondheidsvaardigheden", "Mental health skills" },
    { "2.5", 1,
      "Instellingen dragen bij aan suïcidepreventie",
      "Suïcidepreventie", "Suicide prevention" },
    { "2.6", 1,
      "Instellingen zorgen voor duidelijke informatievoorziening en vindbaarheid hulpaanbod",
      "Vindbaarheid hulpaanbod", "Findable support services" },
    { "3.1", 2,
      "Instellingen werken de rollen in de begeleidingsketen uit met taakomschrijvingen en competenties",
      "Rollen in de begeleidingsketen", "Roles in the support chain" },
    { "3.2", 2,
      "Instellingen dragen bij aan het vergroten van kennis en kunde binnen de onderwijsinstelling",
      "Kennis en kunde binnen de instelling", "Staff knowledge and skills" },
    { "3.3", 2,
      "Instellingen spannen zich in om op landelijk niveau kennis uit te wisselen",
      "Landelijke kennisuitwisseling", "National knowledge exchange" },
    { "4.1", 3,
      "Instellingen werken samen met organisaties buiten het onderwijs",
      "Samenwerking buiten het onderwijs", "Partnerships outside education" },
    { "4.2", 3,
      "Instellingen hebben gezamenlijke aandacht voor een effectieve begeleidingsketen buiten het onderwijs",
      "Begeleidingsketen buiten het onderwijs", "Support chain outside education" },
};
const vocab_entry kader_sources[SOURCE_COUNT] = {
    { "kadermiddelen", "Kadermiddelen (bestuursakkoord)", "Framework funds (administrative agreement)",
      "kader|bestuursakkoord|bestuursakkoordocw|studentenwelzijn|kadermiddelenstudentenwelzijn|framework|frameworkfunds|ocw" },
    { "npo", "NPO-middelen", "NPO (recovery programme)", "npomiddelen|nationaalprogrammaonderwijs|nationalprogramme" },
    { "kwaliteitsmiddelen", "Kwaliteitsmiddelen", "Quality-agreement funds",
      "kwaliteitsafspraken|kwaliteit|structureelkaderkwaliteitsmiddelen|studievoorschotmiddelen|quality|qualityagreements" },
    { "vernieuwingsmiddelen", "Vernieuwingsmiddelen", "Innovation funds", "vernieuwing|innovation|innovationfunds" },
    { "lumpsum", "Lumpsum", "Block grant", "eigenmiddelen|rijksbijdrage|blockgrant|lump" },
    { "overig", "Overige bronnen", "Other sources", "subsidie|subsidies|other|anders|overige|overigebronnen" },
};

const vocab_entry kader_monitoring[MON_COUNT] = {
    { "geen", "Niet gemonitord", "Not monitored", "nee|niet|nietgemonitord|none|no|notmonitored" },
    { "output-kwantitatief", "Output kwantitatief", "Output, quantitative", "outputkwantitatief|outputquantitative|output" },
    { "output-kwalitatief", "Output kwalitatief", "Output, qualitative", "outputkwalitatief|outputqualitative" },
    { "outcome-kwantitatief", "Outcome kwantitatief", "Outcome, quantitative", "outcomekwantitatief|outcomequantitative|outcome" },
    { "outcome-kwalitatief", "Outcome kwalitatief", "Outcome, qualitative", "outcomekwalitatief|outcomequalitative" },
    { "landelijke-monitor", "Landelijke Monitor Mentale Gezondheid", "National mental-health monitor",
      "landelijkemonitor|monitor|lmmgm|landelijkemonitormentalegezondheidenmiddelengebruik|nationalmonitor" },
};

const vocab_entry kader_statuses[STATUS_COUNT] = {
    { "gepland", "Gepland", "Planned", "planned|voorbereiding|invoorbereiding" },
    { "lopend", "Lopend", "Running", "running|actief|active|loopt|uitvoering|inuitvoering|structureel" },
    { "afgerond", "Afgerond", "Completed", "completed|done|klaar|gereed|afgesloten" },
    { "gestopt", "Gestopt", "Stopped", "stopped|beeindigd|geannuleerd|cancelled" },
    { "niet-actief", "Niet actief", "Not active", "nietactief|inactive|notactive|nognietactief" },
};

/* Folds one UTF-8 sequence of a Latin letter with a diacritic to its ASCII base letter. */
static char fold_latin1(unsigned char c1, unsigned char c2)
{
    if (c1 != 0xC3) return 0;
    static const char map[64] = "AAAAAAACEEEEIIIIDNOOOOOxOUUUUYTsaaaaaaaceeeeiiiidnooooo/ouuuuyty";
    char m = map[c2 & 0x3F];
    return (char)tolower((unsigned char)m);
}

char *text_fold(const char *text, char *out, unsigned long size)
{
    unsigned long o = 0;
    for (const unsigned char *p = (const unsigned char *)(text ? text : ""); *p && o + 1 < size; p++) {
        if (isalnum(*p) && *p < 0x80) {
            out[o++] = (char)tolower(*p);
        } else if (*p >= 0xC0 && p[1]) {
            char f = fold_latin1(p[0], p[1]);
            if (f && isalpha((unsigned char)f)) out[o++] = f;
            while ((p[1] & 0xC0) == 0x80) p++;
        }
    }
    out[o] = '\0';
    return out;
}

int vocab_lookup(const vocab_entry *vocab, int count, const char *text)
{
    char key[128], cand[128];
    text_fold(text, key, sizeof key);
    if (!key[0]) return -1;
    for (int i = 0; i < count; i++) {
        if (!strcmp(key, text_fold(vocab[i].code, cand, sizeof cand))) return i;
        if (!strcmp(key, text_fold(vocab[i].label_nl, cand, sizeof cand))) return i;
        if (!strcmp(key, text_fold(vocab[i].label_en, cand, sizeof cand))) return i;
        const char *a = vocab[i].aliases;
        while (a && *a) {
            const char *bar = strchr(a, '|');
            size_t n = bar ? (size_t)(bar - a) : strlen(a);
            if (n == strlen(key) && !strncmp(a, key, n)) return i;
            a = bar ? bar + 1 : NULL;
        }
    }
    return -1;
}

/* Normalises a code: the first word only (so "2.6 Vindbaarheid hulpaanbod" from a drop-down
 * works), "," read as ".", a trailing "." dropped. */
static void normalise_code(const char *code, char out[16])
{
    size_t o = 0;
    const char *p = code ? code : "";
    while (*p == ' ' || *p == '\t') p++;
    for (; *p && *p != ' ' && *p != '\t' && o < 15; p++) out[o++] = *p == ',' ? '.' : *p;
    while (o > 0 && out[o - 1] == '.') o--;
    out[o] = '\0';
}

int kader_subtheme_index(const char *code)
{
    char c[16];
    normalise_code(code, c);
    for (int i = 0; i < KADER_SUBTHEMES; i++)
        if (!strcmp(c, kader_subthemes[i].code)) return i;
    return -1;
}

int kader_actionline_index(const char *code)
{
    char c[16];
    normalise_code(code, c);
    for (int i = 0; i < KADER_ACTIONLINES; i++)
        if (!strcmp(c, kader_actionlines[i].code)) return i;
    return -1;
}

bool kader_is_unallocated_word(const char *text)
{
    static const char *words[] = { "niettoetewijzen", "buitenkader", "nvt", "x", "unallocated", "outside",
                                   "outsideframework", "buitenhetkader", "niettoegewezen", "geen", NULL };
    char key[64];
    text_fold(text, key, sizeof key);
    if (text && (!strcmp(text, "-") || !strcmp(text, "–"))) return true;
    for (int i = 0; words[i]; i++)
        if (!strcmp(key, words[i])) return true;
    return false;
}
