/* Unit tests for `aggregate`: exact sector sums, refusal of foreign or newer workbooks, and a round
 * trip render_xlsx -> read_xlsx -> appendix record that must give back the model's cents. */
#include "unit.h"

#include "aggregate_int.h"
#include "appendix_fixture.h"
#include "xlsx/appendix.h"

#include <stdint.h>
#include <unistd.h>

static grid *mk_grid(const char *sheet, int rows, int cols)
{
    grid *g = calloc(1, sizeof *g);
    g->file = strdup("t.xlsx");
    g->sheet = strdup(sheet);
    g->rows = rows;
    g->cols = cols;
    g->cells = calloc((size_t)rows * (size_t)cols, sizeof *g->cells);
    return g;
}

static void put(grid *g, int r, int c, cell_kind k, const char *text)
{
    grid_cell *cell = &g->cells[r * g->cols + c];
    cell->kind = k;
    cell->text = strdup(text);
}

static bool has_message(const diag_list *d, const char *part)
{
    for (int i = 0; i < d->count; i++)
        if (strstr(d->items[i].message, part)) return true;
    return false;
}

static void code_counts_stay_sorted(void)
{
    code_count *list = NULL;
    int n = 0;
    CHECK(code_count_add(&list, &n, "2.6.1", 1, 2));
    CHECK(code_count_add(&list, &n, "1.1.1", 1, 1));
    CHECK(code_count_add(&list, &n, "2.6.1", 1, 3));
    CHECK(code_count_add(&list, &n, "4.2.1", 1, 1));
    CHECK_INT(n, 3);
    CHECK_STR(list[0].code, "1.1.1");
    CHECK_STR(list[1].code, "2.6.1");
    CHECK_INT(list[1].institutions, 2);
    CHECK_INT(list[1].activities, 5);
    free(list);
}

static appendix_rec mk_rec(const char *brin, sector_kind sector, bool tracks, int64_t base)
{
    appendix_rec r = { 0 };
    r.file = strdup("x.xlsx");
    r.name = strdup(brin);
    r.brin = strdup(brin);
    r.sector = sector;
    r.tracks = tracks;
    for (int y = 0; y < AGG_YEARS; y++) r.kind[y] = -1, r.received[y] = -1;
    int y = 2025 - AGG_FIRST_YEAR;
    r.kind[y] = KIND_REALISATIE;
    r.received[y] = 60500000;
    for (int s = 0; s < KADER_SUBTHEMES; s++) {
        r.subtheme[y][s] = tracks ? base + s : 0;
        r.actionline[y][kader_subthemes[s].actionline] += r.subtheme[y][s];
        r.kader[y] += r.subtheme[y][s];
    }
    r.outside[y] = tracks ? 7 : 0;
    r.total[y] = tracks ? r.kader[y] + 7 : base;
    r.active[3] = true;
    return r;
}

static void sector_sums_are_exact(void)
{
    sector_sums s = { 0 };
    appendix_rec a = mk_rec("01AA", SECTOR_WO, true, 100000001), b = mk_rec("02BB", SECTOR_HBO, true, 33),
                 c = mk_rec("03CC", SECTOR_HBO, false, 999999999999);
    int64_t ta = a.total[5], tb = b.total[5], tc = c.total[5], ka = a.kader[5], kb = b.kader[5];
    CHECK(sector_add(&s, &a) && sector_add(&s, &b) && sector_add(&s, &c));
    int y = 5;
    CHECK_INT(s.total[y][GRP_ALL], ta + tb + tc);
    CHECK_INT(s.total[y][GRP_HBO], tb + tc);
    CHECK_INT(s.kader[y][GRP_ALL], ka + kb);
    CHECK_INT(s.total_untracked[y], tc);
    CHECK_INT(s.kader[y][GRP_ALL] + s.outside[y] + s.total_untracked[y], s.total[y][GRP_ALL]);
    CHECK_INT(s.institutions[GRP_ALL], 3);
    CHECK_INT(s.tracking[GRP_HBO], 1);
    CHECK_INT(s.active[3][GRP_ALL], 3);
    CHECK_INT(s.received[y], 3 * 60500000LL);
    CHECK_INT(s.first_year, y);
    CHECK_INT(s.last_year, y);
    sector_free(&s);
}

static void sector_overflow_is_refused(void)
{
    sector_sums s = { 0 };
    appendix_rec a = mk_rec("01AA", SECTOR_WO, false, INT64_MAX - 5), b = mk_rec("02BB", SECTOR_WO, false, 10);
    CHECK(sector_add(&s, &a));
    CHECK(!sector_add(&s, &b));
    CHECK_INT(s.nrecs, 1);
    CHECK_INT(s.total[5][GRP_ALL], INT64_MAX - 5); /* unchanged by the refused record */
    appendix_rec_free(&b);
    sector_free(&s);
}

/* A Toelichting grid with the given format id and version, the other sheets empty. */
static void refused_with(const char *id, const char *version, const char *expect)
{
    grid *g[AS_COUNT];
    for (int i = 0; i < AS_COUNT; i++) g[i] = mk_grid(appendix_read_sheets[i], 20, 4);
    put(g[0], 0, 1, CELL_TEXT, id);
    put(g[0], 1, 1, CELL_NUMBER, version);
    appendix_rec r = { 0 };
    diag_list d;
    diag_init(&d);
    CHECK(!appendix_from_grids(g, &r, &d));
    CHECK(has_message(&d, expect));
    CHECK(d.count > 0 && d.items[0].loc.sheet && !strcmp(d.items[0].loc.sheet, "Toelichting"));
    diag_free(&d);
    appendix_rec_free(&r);
    for (int i = 0; i < AS_COUNT; i++) grid_free(g[i]);
}

static void foreign_and_newer_are_refused(void)
{
    refused_with("iets anders", "1", "not a kaderrapport appendix");
    refused_with(APPENDIX_FORMAT_ID, "2", "version \"2\" is not supported");
}

static void round_trip_gives_back_the_cents(void)
{
    model *m = fx_model(11, false, true);
    allocation *a = fx_write(m, "/tmp/kr-unit-agg.xlsx");
    CHECK(a != NULL);
    appendix_rec r = { 0 };
    diag_list d;
    diag_init(&d);
    bool ok = a && appendix_read_file("/tmp/kr-unit-agg.xlsx", &r, &d);
    if (!ok) diag_print(&d, stderr, true);
    CHECK(ok);
    for (int yi = 0; ok && yi < a->totals.nyears; yi++) {
        int y = m->first_year + yi - AGG_FIRST_YEAR, k = r.kind[y];
        CHECK_INT(k, yi < 2 ? KIND_REALISATIE : KIND_BEGROTING);
        for (int s = 0; s < KADER_SUBTHEMES; s++) CHECK_INT(r.subtheme[y][s], a->totals.by_target[yi][k][s]);
        CHECK_INT(r.total[y], a->totals.total[yi][k]);
        CHECK_INT(r.received[y], m->framework_received[yi]);
        for (int src = 0; src < SOURCE_COUNT; src++) CHECK_INT(r.by_source[y][src], a->totals.by_source[yi][k][src]);
    }
    CHECK_STR(r.brin, m->inst.brin);
    CHECK(r.active[0] && !r.active[1]);
    CHECK_INT(r.nactivities, m->nactivities);
    diag_free(&d);
    appendix_rec_free(&r);
    allocation_free(a);
    model_free(m);
    unlink("/tmp/kr-unit-agg.xlsx");
}

/* A model with nothing in it (no name, no lines, no activities) still gives a valid appendix. */
static void empty_appendix_round_trip(void)
{
    model *m = model_new();
    m->report_year = m->first_year = m->last_year = 2025;
    allocation *a = fx_write(m, "/tmp/kr-unit-empty.xlsx");
    CHECK(a != NULL);
    appendix_rec r = { 0 };
    diag_list d;
    diag_init(&d);
    bool ok = a && appendix_read_file("/tmp/kr-unit-empty.xlsx", &r, &d);
    if (!ok) diag_print(&d, stderr, true);
    CHECK(ok);
    CHECK_INT(r.kind[2025 - AGG_FIRST_YEAR], -1);
    CHECK_INT(r.received[2025 - AGG_FIRST_YEAR], -1);
    CHECK_INT(r.nactivities, 0);
    CHECK(!r.active[0] && !r.monitored);
    diag_free(&d);
    appendix_rec_free(&r);
    allocation_free(a);
    model_free(m);
    unlink("/tmp/kr-unit-empty.xlsx");
}

UNIT_MAIN("aggregate", T(code_counts_stay_sorted), T(sector_sums_are_exact), T(sector_overflow_is_refused),
          T(foreign_and_newer_are_refused), T(round_trip_gives_back_the_cents), T(empty_appendix_round_trip))
