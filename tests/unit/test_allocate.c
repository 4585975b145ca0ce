/* Allocation: largest remainder on thousands of random inputs (parts sum to the whole, no
 * negative leaks, deterministic), and totals plus reconciliation on a small model. */
#include "allocate.h"
#include "unit.h"

static uint64_t rng = 0x9E3779B97F4A7C15ULL;
static uint64_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static void known_splits(void)
{
    int64_t w3[3] = { 1, 1, 1 }, parts[3];
    CHECK(alloc_weights(100, w3, 3, parts));
    CHECK_INT(parts[0], 34); /* ties go to the lower index */
    CHECK_INT(parts[1], 33);
    CHECK_INT(parts[2], 33);
    CHECK(alloc_weights(-100, w3, 3, parts));
    CHECK_INT(parts[0], -34);
    CHECK_INT(parts[2], -33);
    int64_t w[3] = { 400000, 350000, 250000 };
    CHECK(alloc_weights(53000000, w, 3, parts));
    CHECK_INT(parts[0], 21200000);
    CHECK_INT(parts[1], 18550000);
    CHECK_INT(parts[2], 13250000);
    int64_t zero[2] = { 0, 0 };
    CHECK(!alloc_weights(100, zero, 2, parts));
    int64_t one[2] = { 0, 5 };
    CHECK(alloc_weights(7, one, 2, parts));
    CHECK_INT(parts[0], 0);
    CHECK_INT(parts[1], 7);
}

static void random_invariants(void)
{
    for (int iter = 0; iter < 20000 && !unit_failed_checks; iter++) {
        int n = 1 + (int)(next_rand() % KADER_TARGETS);
        int64_t w[KADER_TARGETS], parts[KADER_TARGETS], again[KADER_TARGETS], sum_w = 0;
        for (int i = 0; i < n; i++) {
            w[i] = (next_rand() % 4 == 0) ? 0 : (int64_t)(next_rand() % 1000001);
            sum_w += w[i];
        }
        if (sum_w == 0) w[0] = sum_w = 1;
        int64_t cents = (int64_t)(next_rand() % 200000000000000ULL) - 100000000000000LL;
        if (iter % 7 == 0) cents %= 100;
        CHECK(alloc_weights(cents, w, n, parts));
        CHECK(alloc_weights(cents, w, n, again));
        int64_t sum = 0;
        for (int i = 0; i < n; i++) {
            sum += parts[i];
            CHECK(parts[i] == again[i]);
            if (cents >= 0) CHECK(parts[i] >= 0);
            else CHECK(parts[i] <= 0);
            if (w[i] == 0) CHECK(parts[i] == 0);
            /* each part is within one cent of the exact share */
            __int128 exact = (__int128)(cents < 0 ? -cents : cents) * w[i];
            __int128 lo = exact / sum_w;
            int64_t mag = parts[i] < 0 ? -parts[i] : parts[i];
            CHECK(mag == (int64_t)lo || mag == (int64_t)lo + 1);
        }
        CHECK(sum == cents);
    }
}

/* Builds a model of two categories over three years and checks every total. */
static model *small_model(void)
{
    model *m = model_new();
    m->first_year = 2024;
    m->last_year = 2025;
    mapping_rule *r = model_add_rule(m);
    r->match = MATCH_CATEGORY;
    r->key = strdup("Pijler A");
    r->fold_key = strdup("pijlera");
    r->reason = strdup("");
    r->targets[0] = (mapping_target){ 0, 333334 };
    r->targets[1] = (mapping_target){ 4, 333333 };
    r->targets[2] = (mapping_target){ KADER_UNALLOCATED, 333333 };
    r->ntargets = 3;
    const struct { int year; budget_kind kind; const char *cat; int64_t cents; funding_source src; } rows[] = {
        { 2024, KIND_BEGROTING, "Pijler A", 100, SOURCE_KADER },
        { 2024, KIND_REALISATIE, "Pijler A", 1000001, SOURCE_NPO },
        { 2025, KIND_BEGROTING, "Pijler A", -7, SOURCE_KADER },
        { 2026, KIND_BEGROTING, "Pijler A", 500, SOURCE_KADER },
    };
    for (size_t i = 0; i < sizeof rows / sizeof *rows; i++) {
        budget_line *b = model_add_line(m);
        b->year = rows[i].year;
        b->kind = rows[i].kind;
        b->line = strdup("regel");
        b->category = strdup(rows[i].cat);
        b->note = strdup("");
        b->cents = rows[i].cents;
        b->source = rows[i].src;
        b->loc.file = model_intern(m, "begroting.csv");
    }
    return m;
}

static void totals_and_reconciliation(void)
{
    model *m = small_model();
    diag_list d;
    diag_init(&d);
    allocation *a = allocate_model(m, &d);
    CHECK(a != NULL);
    CHECK(a->balanced);
    CHECK_INT(d.errors, 0);
    const alloc_totals *t = &a->totals;
    CHECK_INT(t->by_target[0][KIND_BEGROTING][0], 34);
    CHECK_INT(t->by_target[0][KIND_BEGROTING][4], 33);
    CHECK_INT(t->unallocated[0][KIND_BEGROTING], 33);
    CHECK_INT(t->total[0][KIND_REALISATIE], 1000001);
    CHECK_INT(t->by_source[0][KIND_REALISATIE][SOURCE_NPO], 1000001);
    CHECK_INT(t->by_actionline[0][KIND_REALISATIE][0] + t->by_actionline[0][KIND_REALISATIE][1] +
              t->unallocated[0][KIND_REALISATIE], 1000001);
    CHECK_INT(t->total[1][KIND_BEGROTING], -7);
    CHECK_INT(a->lines_outside_years, 500);
    CHECK_INT(a->nrecon, 4);
    for (int i = 0; i < a->nrecon; i++) CHECK(a->recon[i].holds);
    allocation_free(a);
    diag_free(&d);
    model_free(m);
}

UNIT_MAIN("allocate", T(known_splits), T(random_invariants), T(totals_and_reconciliation))
