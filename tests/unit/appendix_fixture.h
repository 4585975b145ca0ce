/* Test fixture: builds a realistic model programmatically (seeded, deterministic), allocates it and
 * writes it as an appendix; also writes the expected figures as JSON for the second reader
 * (tests/e2e/appendix.sh checks the workbook with openpyxl against them). */
#ifndef KR_APPENDIX_FIXTURE_H
#define KR_APPENDIX_FIXTURE_H

#include "allocate.h"
#include "model.h"
#include "render_xlsx.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FX_CREATED 1774915200LL /* 2026-03-31 00:00 UTC */

static inline unsigned fx_rand(unsigned *s)
{
    *s = *s * 1103515245u + 12345u;
    return (*s >> 8) & 0xFFFFFF;
}

static inline char *fx_strdup(const char *s)
{
    char *c = malloc(strlen(s) + 1);
    strcpy(c, s);
    return c;
}

static inline void fx_rule(model *m, const char *key, const int *targets, const int64_t *weights, int n,
                    const char *reason)
{
    mapping_rule *r = model_add_rule(m);
    char fold[256];
    r->match = MATCH_CATEGORY;
    r->key = fx_strdup(key);
    r->fold_key = fx_strdup(text_fold(key, fold, sizeof fold));
    r->reason = fx_strdup(reason);
    for (int i = 0; i < n; i++) r->targets[i] = (mapping_target){ targets[i], weights[i] };
    r->ntargets = n;
}

static const char *const fx_categories[5] = { "Pijler 1 Awareness", "Pijler 2 Preventie",
    "Pijler 3 Hulpaanbod", "Pijler 4 Deskundigheid", "Pijler 5 Binding" };

static inline void fx_rules(model *m)
{
    static const int t1[] = { 6, 0, 1 }, t2[] = { 8, 4 }, t3[] = { 9, 13, KADER_UNALLOCATED },
                     t4[] = { 11, 10 }, t5[] = { 1, 0, 2, 3 };
    static const int64_t w1[] = { 333333, 333333, 333334 }, w2[] = { 500000, 500000 },
                         w3[] = { 400000, 350000, 250000 }, w4[] = { 700000, 300000 },
                         w5[] = { 400000, 300000, 200000, 100000 };
    fx_rule(m, fx_categories[0], t1, w1, 3, "communicatie en events");
    fx_rule(m, fx_categories[1], t2, w2, 2, "");
    fx_rule(m, fx_categories[2], t3, w3, 3, "=regulier hulpaanbod buiten het kader");
    fx_rule(m, fx_categories[3], t4, w4, 2, "trainingen");
    fx_rule(m, fx_categories[4], t5, w5, 4, "@binding");
}

static inline void fx_line(model *m, int year, budget_kind kind, int cat, int64_t cents, unsigned *seed)
{
    budget_line *b = model_add_line(m);
    char name[64];
    snprintf(name, sizeof name, "Regel %d.%u", cat + 1, fx_rand(seed) % 10);
    b->year = year;
    b->kind = kind;
    b->line = fx_strdup(name);
    b->category = fx_strdup(fx_categories[cat]);
    b->source = (funding_source)(fx_rand(seed) % SOURCE_COUNT);
    b->provisional = fx_rand(seed) % 5 == 0;
    b->cents = cents;
    b->note = fx_strdup("");
    b->loc = (srcloc){ model_intern(m, "begroting.csv"), NULL, m->nlines + 1, 6 };
}

static inline void fx_activity(model *m, const char *id, int subtheme, activity_status st, const char *name,
                        const char *note, const char *code, monitoring_level mon)
{
    activity *a = model_add_activity(m);
    a->id = fx_strdup(id);
    a->name = fx_strdup(name);
    a->explanation = fx_strdup(note);
    a->type_code = fx_strdup(code);
    a->subtheme = subtheme;
    a->status = st;
    a->monitoring = mon;
    a->reach = subtheme >= 0 ? 100 + subtheme * 7 : -1;
}

/* Activities, including text that looks like formulas and a cell beyond Excel's limit. */
static inline void fx_activities(model *m, unsigned *seed)
{
    fx_activity(m, "A1", 0, STATUS_RUNNING, "=SUM(A1:A9)", "+31 6 1234 5678", "1.1.1", MON_OUTPUT_QUANT);
    fx_activity(m, "A2", 5, STATUS_DONE, "-Introductieweek", "@iedereen welkom", "2.2.3", MON_OUTPUT_QUAL);
    fx_activity(m, "A3", 9, STATUS_RUNNING, "Centrale webpagina hulpaanbod", "Café, crèche, naïef \xE2\x82\xAC",
                "2.6.1", MON_OUTCOME_QUANT);
    fx_activity(m, "A4", 13, STATUS_PLANNED, "Convenant GGD", "_x0041_ blijft zo", "4.1.2", MON_NONE);
    fx_activity(m, "A5", -1, STATUS_RUNNING, "Sportabonnement", "buiten het kader", "", MON_NONE);
    if (fx_rand(seed) % 2) fx_activity(m, "A6", 4, STATUS_STOPPED, "Toetsrooster\x01herzien", "", "2.1.4", MON_NATIONAL);
    if (m->inst.students > 2000 + 5 * 37) return; /* only institutions 1-5 carry an over-long cell */
    char *lng = malloc(40001);
    memset(lng, 'x', 40000);
    lng[40000] = '\0';
    fx_activity(m, "A7", 9, STATUS_RUNNING, "Lange toelichting", lng, "2.6.1", MON_OUTPUT_QUANT);
    free(lng);
}

/* A model for institution number `seed`: three years, budget every year, actuals for 2023-2024. */
static inline model *fx_model(unsigned seed, bool hbo, bool tracks)
{
    model *m = model_new();
    char buf[128];
    snprintf(buf, sizeof buf, "%s Voorbeeldstad %u", hbo ? "Hogeschool" : "Universiteit", seed);
    m->inst.name = fx_strdup(buf);
    snprintf(buf, sizeof buf, "%02u%c%c", seed % 100, 'A' + seed % 26, 'A' + (seed / 26) % 26);
    m->inst.brin = fx_strdup(buf);
    m->inst.sector = hbo ? SECTOR_HBO : SECTOR_WO;
    m->inst.students = 2000 + seed * 37;
    m->inst.slug = fx_strdup("voorbeeldstad");
    m->report_year = 2025;
    m->first_year = 2023;
    m->last_year = 2025;
    m->language = fx_strdup("nl");
    m->created = FX_CREATED;
    m->tracks_per_actionline = tracks;
    m->framework_received[1] = 60500000 + seed;
    m->framework_received[2] = 60500000;
    m->monitoring_levels_used[MON_OUTPUT_QUANT] = 1;
    unsigned s = seed * 7919u + 1;
    fx_rules(m);
    for (int year = 2023; year <= 2025; year++)
        for (int kind = 0; kind < (year < 2025 ? 2 : 1); kind++)
            for (int cat = 0; cat < 5; cat++)
                for (int i = 0; i < 2; i++)
                    fx_line(m, year, (budget_kind)kind, cat, (int64_t)(fx_rand(&s) % 9000000) * 7 + 1, &s);
    fx_activities(m, &s);
    return m;
}

/* Writes `m` as an appendix; returns the allocation (caller frees) or NULL on failure. */
static inline allocation *fx_write(const model *m, const char *path)
{
    diag_list d;
    diag_init(&d);
    allocation *a = allocate_model(m, &d);
    bool ok = a && render_xlsx(m, a, path, &d);
    if (!ok) diag_print(&d, stderr, true);
    diag_free(&d);
    if (!ok) { allocation_free(a); return NULL; }
    return a;
}

/* Writes the expected Besteding figures (in cents) as JSON for the second reader. */
static inline void fx_expect_json(const model *m, const allocation *a, FILE *out)
{
    const alloc_totals *t = &a->totals;
    fprintf(out, "{\"name\": \"%s\", \"brin\": \"%s\", \"tracks\": %s, \"first_year\": %d, \"years\": [",
            m->inst.name, m->inst.brin, m->tracks_per_actionline ? "true" : "false", m->first_year);
    for (int yi = 0; yi < t->nyears; yi++) {
        int k = t->nlines[yi][KIND_REALISATIE] ? KIND_REALISATIE : KIND_BEGROTING;
        fprintf(out, "%s{\"kind\": \"%s\", \"subthemes\": [", yi ? ", " : "",
                k == KIND_REALISATIE ? "realisatie" : "begroting");
        for (int s = 0; s < KADER_SUBTHEMES; s++) fprintf(out, "%s%lld", s ? ", " : "", (long long)t->by_target[yi][k][s]);
        fprintf(out, "], \"actionlines\": [");
        for (int l = 0; l < KADER_ACTIONLINES; l++)
            fprintf(out, "%s%lld", l ? ", " : "", (long long)alloc_actionline_total(t, yi, (budget_kind)k, l));
        fprintf(out, "], \"allocated\": %lld, \"unallocated\": %lld, \"total\": %lld}",
                (long long)t->allocated[yi][k], (long long)t->unallocated[yi][k], (long long)t->total[yi][k]);
    }
    fprintf(out, "], \"activities\": %d, \"rules\": %d, \"recon\": %d}\n", m->nactivities, m->nrules, a->nrecon);
}

#endif
