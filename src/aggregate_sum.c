/* Adding appendices up: every sum in int64 cents with overflow checks, so the sector totals equal
 * the sum of the appendices exactly. */
#include "aggregate_int.h"
#include "money.h"

#include <stdlib.h>
#include <string.h>

bool code_count_add(code_count **list, int *n, const char *code, int institutions, int activities)
{
    int lo = 0, hi = *n;
    while (lo < hi) { /* binary search: the list stays sorted by code */
        int mid = (lo + hi) / 2, c = strcmp((*list)[mid].code, code);
        if (c == 0) {
            (*list)[mid].institutions += institutions;
            (*list)[mid].activities += activities;
            return true;
        }
        if (c < 0) lo = mid + 1; else hi = mid;
    }
    code_count *g = realloc(*list, (size_t)(*n + 1) * sizeof *g);
    if (!g) return false;
    *list = g;
    memmove(g + lo + 1, g + lo, (size_t)(*n - lo) * sizeof *g);
    memset(&g[lo], 0, sizeof g[lo]);
    snprintf(g[lo].code, sizeof g[lo].code, "%s", code);
    g[lo].institutions = institutions;
    g[lo].activities = activities;
    (*n)++;
    return true;
}

/* Adds the money of one year of r into the sums of group grp (and of all). */
static bool add_year(sector_sums *s, const appendix_rec *r, int y, int grp)
{
    bool ok = true;
    const int groups[2] = { GRP_ALL, grp };
    for (int i = 0; i < 2; i++) {
        int g = groups[i];
        ok &= money_add(&s->total[y][g], r->total[y]);
        if (!r->tracks) continue;
        ok &= money_add(&s->kader[y][g], r->kader[y]);
        for (int al = 0; al < KADER_ACTIONLINES; al++) ok &= money_add(&s->actionline[y][g][al], r->actionline[y][al]);
    }
    for (int src = 0; src < SOURCE_COUNT; src++) ok &= money_add(&s->by_source[y][src], r->by_source[y][src]);
    if (r->tracks) {
        for (int st = 0; st < KADER_SUBTHEMES; st++) ok &= money_add(&s->subtheme[y][st], r->subtheme[y][st]);
        ok &= money_add(&s->outside[y], r->outside[y]);
    } else {
        ok &= money_add(&s->total_untracked[y], r->total[y]);
    }
    return ok;
}

static void count_flags(sector_sums *s, const appendix_rec *r, int grp)
{
    int groups[2] = { GRP_ALL, grp };
    for (int i = 0; i < 2; i++) {
        int g = groups[i];
        s->institutions[g]++;
        s->tracking[g] += r->tracks;
        s->monitored[g] += r->monitored;
        for (int st = 0; st < KADER_SUBTHEMES; st++) s->active[st][g] += r->active[st];
        for (int l = 0; l < MON_COUNT; l++) s->mon_used[l][g] += r->mon_used[l];
    }
}

static bool add_money(sector_sums *s, const appendix_rec *r, int grp)
{
    bool ok = true;
    for (int y = 0; y < AGG_YEARS; y++) {
        if (r->received[y] >= 0) {
            ok &= money_add(&s->received[y], r->received[y]);
            s->received_n[y]++;
        }
        if (r->kind[y] < 0) continue;
        s->with_data[y]++;
        s->with_actuals[y] += r->kind[y] == KIND_REALISATIE;
        if (s->first_year > s->last_year || y < s->first_year) s->first_year = y;
        if (s->first_year > s->last_year || y > s->last_year) s->last_year = y;
        ok &= add_year(s, r, y, grp);
    }
    return ok;
}

bool sector_add(sector_sums *s, appendix_rec *r)
{
    if (s->nrecs == 0) s->first_year = 1, s->last_year = 0; /* empty range */
    appendix_rec *recs = realloc(s->recs, (size_t)(s->nrecs + 1) * sizeof *recs);
    if (!recs) return false;
    s->recs = recs;
    int grp = r->sector == SECTOR_HBO ? GRP_HBO : GRP_WO;
    sector_sums backup = *s; /* money sums are restored if this record overflows them */
    if (!add_money(s, r, grp)) {
        recs = s->recs;
        *s = backup;
        s->recs = recs;
        return false;
    }
    for (int i = 0; i < r->ncodes; i++)
        if (!code_count_add(&s->codes, &s->ncodes, r->codes[i].code, 1, r->codes[i].activities)) return false;
    count_flags(s, r, grp);
    s->recs[s->nrecs++] = *r; /* takes ownership of r's strings */
    memset(r, 0, sizeof *r);
    return true;
}

void sector_free(sector_sums *s)
{
    for (int i = 0; i < s->nrecs; i++) appendix_rec_free(&s->recs[i]);
    for (int i = 0; i < s->nskipped; i++) { free(s->skipped[i].file); free(s->skipped[i].reason); }
    free(s->recs); free(s->skipped); free(s->codes);
    memset(s, 0, sizeof *s);
}
