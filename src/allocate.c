/* Allocation of budget lines over subthemes by weight, exact to the cent (largest remainder),
 * the totals per subtheme/action line/year/kind/source, and the reconciliation. */
#include "allocate.h"
#include "money.h"

#include <stdlib.h>
#include <string.h>

bool alloc_weights(int64_t cents, const int64_t *weights, int n, int64_t *parts)
{
    __int128 sum = 0;
    for (int i = 0; i < n; i++) sum += weights[i] > 0 ? weights[i] : 0;
    /* |INT64_MIN| does not fit in a part; amounts are bounded far below it by money_parse */
    if (sum <= 0 || cents == INT64_MIN) return false;
    bool negative = cents < 0;
    __int128 whole = negative ? -(__int128)cents : cents;
    __int128 rem[KADER_TARGETS * 4];
    __int128 *remainders = n <= (int)(sizeof rem / sizeof *rem) ? rem : malloc((size_t)n * sizeof *remainders);
    if (!remainders) return false;
    __int128 given = 0;
    for (int i = 0; i < n; i++) {
        __int128 w = weights[i] > 0 ? weights[i] : 0;
        __int128 product = whole * w;
        parts[i] = (int64_t)(product / sum);
        remainders[i] = product % sum;
        given += parts[i];
    }
    /* Hand out the cents that flooring left over, largest remainder first, ties to the lower index. */
    for (__int128 left = whole - given; left > 0; left--) {
        int best = -1;
        for (int i = 0; i < n; i++)
            if (weights[i] > 0 && (best < 0 || remainders[i] > remainders[best])) best = i;
        parts[best]++;
        remainders[best] = -1; /* each part gets at most one extra cent */
    }
    if (remainders != rem) free(remainders);
    if (negative)
        for (int i = 0; i < n; i++) parts[i] = -parts[i];
    return true;
}

int64_t alloc_actionline_total(const alloc_totals *t, int year_index, budget_kind kind, int actionline)
{
    return t->by_actionline[year_index][kind][actionline];
}

/* Finds or adds the reconciliation row for (file, year, kind). */
static recon_row *recon_slot(allocation *a, const char *file, int year, budget_kind kind)
{
    for (int i = 0; i < a->nrecon; i++) {
        recon_row *r = &a->recon[i];
        if (r->year == year && r->kind == kind && !strcmp(r->file, file)) return r;
    }
    recon_row *rows = realloc(a->recon, (size_t)(a->nrecon + 1) * sizeof *rows);
    if (!rows) return NULL;
    a->recon = rows;
    recon_row *r = &rows[a->nrecon++];
    memset(r, 0, sizeof *r);
    r->file = file;
    r->year = year;
    r->kind = kind;
    return r;
}

static int compare_recon(const void *x, const void *y)
{
    const recon_row *a = x, *b = y;
    int c = strcmp(a->file, b->file);
    if (c) return c;
    if (a->year != b->year) return a->year < b->year ? -1 : 1;
    return (int)a->kind - (int)b->kind;
}

/* Adds one allocated line into the totals; returns false on overflow. */
static bool add_to_totals(alloc_totals *t, int yi, const budget_line *b, const alloc_line *al)
{
    bool ok = true;
    for (int k = 0; k < KADER_TARGETS; k++) {
        int64_t part = al->parts[k];
        ok &= money_add(&t->by_target[yi][b->kind][k], part);
        if (k == KADER_UNALLOCATED) {
            ok &= money_add(&t->unallocated[yi][b->kind], part);
        } else {
            ok &= money_add(&t->by_actionline[yi][b->kind][kader_subthemes[k].actionline], part);
            ok &= money_add(&t->allocated[yi][b->kind], part);
        }
    }
    ok &= money_add(&t->total[yi][b->kind], b->cents);
    ok &= money_add(&t->by_source[yi][b->kind][b->source], b->cents);
    if (b->provisional) ok &= money_add(&t->provisional[yi][b->kind][b->source], b->cents);
    t->nlines[yi][b->kind]++;
    return ok;
}

/* Splits one line by its rule (or puts it all in the unallocated bucket). */
static void allocate_line(const budget_line *b, const mapping_rule *rule, alloc_line *al)
{
    memset(al, 0, sizeof *al);
    al->rule = rule;
    if (!rule || rule->ntargets == 0) {
        al->parts[KADER_UNALLOCATED] = b->cents;
        return;
    }
    int64_t weights[KADER_TARGETS], parts[KADER_TARGETS];
    for (int i = 0; i < rule->ntargets; i++) weights[i] = rule->targets[i].weight;
    if (!alloc_weights(b->cents, weights, rule->ntargets, parts)) {
        al->parts[KADER_UNALLOCATED] = b->cents;
        return;
    }
    for (int i = 0; i < rule->ntargets; i++) al->parts[rule->targets[i].target] += parts[i];
}

/* Checks that every reconciliation row and the grand totals hold to the cent. */
static bool reconcile(allocation *a)
{
    bool all = true;
    for (int i = 0; i < a->nrecon; i++) {
        recon_row *r = &a->recon[i];
        r->holds = r->input_total == r->allocated + r->unallocated;
        all &= r->holds;
    }
    const alloc_totals *t = &a->totals;
    for (int y = 0; y < t->nyears; y++)
        for (int k = 0; k < KIND_COUNT; k++) {
            int64_t sub = 0, al = 0, src = 0;
            for (int s = 0; s < KADER_SUBTHEMES; s++) sub += t->by_target[y][k][s];
            for (int l = 0; l < KADER_ACTIONLINES; l++) al += t->by_actionline[y][k][l];
            for (int s = 0; s < SOURCE_COUNT; s++) src += t->by_source[y][k][s];
            all &= sub == t->allocated[y][k] && al == sub && src == t->total[y][k] &&
                   t->allocated[y][k] + t->unallocated[y][k] == t->total[y][k];
        }
    return all;
}

allocation *allocate_model(const model *m, diag_list *d)
{
    allocation *a = calloc(1, sizeof *a);
    if (!a) return NULL;
    a->nlines = m->nlines;
    a->lines = calloc((size_t)(m->nlines ? m->nlines : 1), sizeof *a->lines);
    if (!a->lines) { allocation_free(a); return NULL; }
    a->totals.first_year = m->first_year;
    a->totals.nyears = model_year_count(m);
    for (int i = 0; i < m->nlines; i++) {
        const budget_line *b = &m->lines[i];
        const mapping_rule *rule = model_rule_for(m, b); /* unmapped lines: load_cross_check reports them */
        allocate_line(b, rule, &a->lines[i]);
        int yi = model_year_index(m, b->year);
        recon_row *r = recon_slot(a, b->loc.file ? b->loc.file : "", b->year, b->kind);
        if (!r) { allocation_free(a); return NULL; }
        r->nlines++;
        bool ok = money_add(&r->input_total, b->cents);
        for (int k = 0; k < KADER_TARGETS; k++)
            ok &= money_add(k == KADER_UNALLOCATED ? &r->unallocated : &r->allocated, a->lines[i].parts[k]);
        if (yi < 0) ok &= money_add(&a->lines_outside_years, b->cents);
        else ok &= add_to_totals(&a->totals, yi, b, &a->lines[i]);
        if (!ok) {
            diag_error(d, b->loc, NULL, "the totals overflow: amounts are too large to add up");
            allocation_free(a);
            return NULL;
        }
    }
    if (a->nrecon > 1) qsort(a->recon, (size_t)a->nrecon, sizeof *a->recon, compare_recon); /* recon is NULL when empty */
    a->balanced = reconcile(a);
    return a;
}

void allocation_free(allocation *a)
{
    if (!a) return;
    free(a->lines);
    free(a->recon);
    free(a);
}
