/* The framework codelist, vocabularies and diagnostics formatting. */
#include "diag.h"
#include "job.h"
#include "kader.h"
#include "unit.h"

static void codelist_shape(void)
{
    int total = 0;
    for (int al = 0; al < KADER_ACTIONLINES; al++) {
        const kader_actionline *a = &kader_actionlines[al];
        CHECK(a->title_nl[0] && a->short_nl[0] && a->short_en[0]);
        for (int s = a->first_subtheme; s < a->first_subtheme + a->subtheme_count; s++) {
            CHECK_INT(kader_subthemes[s].actionline, al);
            CHECK(!strncmp(kader_subthemes[s].code, a->code, 1));
        }
        total += a->subtheme_count;
    }
    CHECK_INT(total, 15);
    CHECK_INT(kader_actionlines[1].subtheme_count, 6);
    CHECK_STR(kader_subthemes[14].code, "4.2");
    CHECK_STR(kader_subthemes[8].short_nl, "Suïcidepreventie");
    CHECK_STR(kader_subthemes[8].short_en, "Suicide prevention");
}

static void lookups(void)
{
    CHECK_INT(kader_subtheme_index("2.6"), 9);
    CHECK_INT(kader_subtheme_index(" 2,6 "), 9);
    CHECK_INT(kader_subtheme_index("2.7"), -1);
    CHECK_INT(kader_subtheme_index("1.1."), 0);
    CHECK_INT(kader_actionline_index("4"), 3);
    CHECK(kader_is_unallocated_word("Niet toe te wijzen"));
    CHECK(kader_is_unallocated_word("n.v.t."));
    CHECK(!kader_is_unallocated_word("2.1"));
    CHECK_INT(vocab_lookup(kader_sources, SOURCE_COUNT, "Bestuursakkoord"), SOURCE_KADER);
    CHECK_INT(vocab_lookup(kader_sources, SOURCE_COUNT, "NPO-middelen"), SOURCE_NPO);
    CHECK_INT(vocab_lookup(kader_sources, SOURCE_COUNT, "Kwaliteitsafspraken"), SOURCE_KWALITEIT);
    CHECK_INT(vocab_lookup(kader_sources, SOURCE_COUNT, "bogus"), -1);
    CHECK_INT(vocab_lookup(kader_monitoring, MON_COUNT, "Outcome kwalitatief"), MON_OUTCOME_QUAL);
    CHECK_INT(vocab_lookup(kader_statuses, STATUS_COUNT, "Beëindigd"), STATUS_STOPPED);
    char f[64];
    CHECK_STR(text_fold("Suïcidepreventie & Co. (€)", f, sizeof f), "suicidepreventieco");
}

static void slugs(void)
{
    char s[80];
    job_slug("Universiteit Voorbeeldstad", s, sizeof s);
    CHECK_STR(s, "universiteit-voorbeeldstad");
    job_slug("../../etc/passwd", s, sizeof s);
    CHECK_STR(s, "etc-passwd");
    job_slug("Hogeschool 's-Hertogenbosch (HAS)", s, sizeof s);
    CHECK_STR(s, "hogeschool-s-hertogenbosch-has");
    job_slug("", s, sizeof s);
    CHECK_STR(s, "rapport");
    job_slug("École Supérieure", s, sizeof s);
    CHECK_STR(s, "ecole-superieure");
}

static void locations(void)
{
    char b[128];
    srcloc csv = { "begroting.csv", NULL, 14, 23 };
    CHECK_STR(srcloc_format(csv, b, sizeof b), "begroting.csv:14:23");
    srcloc xlsx = { "begroting.xlsx", "Begroting", 14, 3 };
    CHECK_STR(srcloc_format(xlsx, b, sizeof b), "begroting.xlsx:Begroting!C14");
    srcloc wide = { "b.xlsx", "Blad1", 2, 28 };
    CHECK_STR(srcloc_format(wide, b, sizeof b), "b.xlsx:Blad1!AB2");
    CHECK_STR(diag_quote("12,5O"), "\"12,5O\"");
    CHECK_STR(diag_quote("a\nb"), "\"a\\x0Ab\"");
}

UNIT_MAIN("kader", T(codelist_shape), T(lookups), T(slugs), T(locations))
