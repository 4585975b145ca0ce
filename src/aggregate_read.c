/* Reading one appendix back for `aggregate`: fixed cells per the contract in xlsx/appendix.h,
 * every amount parsed as int64 cents with money_parse_machine, and the internal sums checked to
 * the cent. Problems are located ("file.xlsx:Besteding!C7") and make the file be skipped. */
#include "aggregate_int.h"
#include "money.h"
#include "xlsx/appendix.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

const char *const appendix_read_sheets[AS_COUNT] = {
    SHEET_TOELICHTING, SHEET_BESTEDING, SHEET_BRONNEN, SHEET_ACTIVITEITEN, SHEET_MONITORING,
};

static const char *cell_kind_name(const grid_cell *c)
{
    if (!c || c->kind == CELL_EMPTY) return "empty";
    return c->kind == CELL_NUMBER ? "a number" : c->kind == CELL_ERROR ? "an error value" : "text";
}

/* Reads an amount cell; `optional` allows an empty cell (sets *present false). */
static bool cell_money(const grid *g, int r, int c, int64_t *out, bool optional, bool *present, diag_list *d)
{
    const grid_cell *cell = grid_at(g, r, c);
    if (present) *present = cell && cell->kind != CELL_EMPTY;
    if ((!cell || cell->kind == CELL_EMPTY) && optional) return true;
    if (!cell || cell->kind != CELL_NUMBER) {
        diag_error(d, grid_loc(g, r, c), "a formula without a stored result: open and save the workbook in a spreadsheet program",
                   "expected an amount, found %s %s", cell_kind_name(cell), diag_quote(grid_text(g, r, c)));
        return false;
    }
    money_parse_result res = money_parse_machine(cell->text, out);
    if (res.status != MONEY_OK) {
        diag_error(d, grid_loc(g, r, c), NULL, "amount %s is not a valid number of euros", diag_quote(cell->text));
        return false;
    }
    return true;
}

static bool cell_int(const grid *g, int r, int c, long long lo, long long hi, long long *out, diag_list *d)
{
    const grid_cell *cell = grid_at(g, r, c);
    char *end = NULL;
    long long v = cell && cell->kind == CELL_NUMBER ? strtoll(cell->text, &end, 10) : 0;
    if (!end || *end || v < lo || v > hi) {
        diag_error(d, grid_loc(g, r, c), NULL, "expected a whole number from %lld to %lld, found %s", lo, hi,
                   diag_quote(grid_text(g, r, c)));
        return false;
    }
    *out = v;
    return true;
}

static bool expect_text(const grid *g, int r, int c, const char *want, diag_list *d)
{
    if (!strcmp(grid_text(g, r, c), want)) return true;
    diag_error(d, grid_loc(g, r, c), "the appendix was changed by hand or made by another program",
               "expected %s, found %s", diag_quote(want), diag_quote(grid_text(g, r, c)));
    return false;
}

static char *dup(const char *s)
{
    return strdup(s ? s : "");
}

/* Format id and version first: a reader must refuse what it does not understand. */
static bool check_format(const grid *g, diag_list *d)
{
    if (strcmp(grid_text(g, TL_FORMAT, 1), APPENDIX_FORMAT_ID) != 0) {
        diag_error(d, grid_loc(g, TL_FORMAT, 1), "only appendices written by `kaderrapport build` can be added up",
                   "not a kaderrapport appendix: format id is %s, expected \"" APPENDIX_FORMAT_ID "\"",
                   diag_quote(grid_text(g, TL_FORMAT, 1)));
        return false;
    }
    long long v = 0;
    diag_list tmp;
    diag_init(&tmp);
    bool ok = cell_int(g, TL_VERSION, 1, 1, 1000000, &v, &tmp);
    diag_free(&tmp);
    if (!ok || v != APPENDIX_VERSION) {
        diag_error(d, grid_loc(g, TL_VERSION, 1), "regenerate the appendix with this version of kaderrapport",
                   "appendix format version %s is not supported (this kaderrapport reads version %d)",
                   diag_quote(grid_text(g, TL_VERSION, 1)), APPENDIX_VERSION);
        return false;
    }
    return true;
}

static bool read_toelichting(const grid *g, appendix_rec *r, diag_list *d)
{
    if (!check_format(g, d)) return false;
    bool ok = true;
    for (int k = 0; k < TL_COUNT; k++) ok &= expect_text(g, k, 0, appendix_keys[k], d);
    if (!ok) return false;
    r->name = dup(grid_text(g, TL_NAME, 1));
    r->brin = dup(grid_text(g, TL_BRIN, 1));
    const char *sector = grid_text(g, TL_SECTOR, 1), *tracks = grid_text(g, TL_TRACKS, 1);
    if (!strcmp(sector, "wo") || !strcmp(sector, "hbo")) r->sector = sector[0] == 'h' ? SECTOR_HBO : SECTOR_WO;
    else ok &= expect_text(g, TL_SECTOR, 1, "wo", d);
    if (!strcmp(tracks, "ja") || !strcmp(tracks, "nee")) r->tracks = tracks[0] == 'j';
    else ok &= expect_text(g, TL_TRACKS, 1, "ja", d);
    long long y0 = 0, y1 = 0, ry = 0, st = 0;
    const long long lo = AGG_FIRST_YEAR, hi = AGG_FIRST_YEAR + AGG_YEARS - 1;
    ok &= cell_int(g, TL_REPORT_YEAR, 1, lo, hi, &ry, d) && cell_int(g, TL_FIRST_YEAR, 1, lo, hi, &y0, d) &&
          cell_int(g, TL_LAST_YEAR, 1, y0, hi, &y1, d);
    if (grid_at(g, TL_STUDENTS, 1) && grid_at(g, TL_STUDENTS, 1)->kind != CELL_EMPTY)
        ok &= cell_int(g, TL_STUDENTS, 1, 0, 10000000, &st, d);
    r->report_year = (int)ry, r->first_year = (int)y0, r->last_year = (int)y1, r->students = st;
    return ok;
}

/* Row of each Besteding code, as the writer lays them out. */
static int code_row(int i)
{
    return BST_FIRST_ROW + i;
}

static bool check_codes(const grid *g, diag_list *d)
{
    bool ok = true;
    int i = 0;
    for (int al = 0; al < KADER_ACTIONLINES; al++) {
        ok &= expect_text(g, code_row(i++), 0, kader_actionlines[al].code, d);
        for (int s = 0; s < kader_actionlines[al].subtheme_count; s++)
            ok &= expect_text(g, code_row(i++), 0, kader_subthemes[kader_actionlines[al].first_subtheme + s].code, d);
    }
    ok &= expect_text(g, code_row(i++), 0, BST_CODE_KADER, d);
    ok &= expect_text(g, code_row(i++), 0, BST_CODE_OUTSIDE, d);
    ok &= expect_text(g, code_row(i), 0, BST_CODE_TOTAL, d);
    return ok;
}

/* Compares a stored sum with the sum of its parts, to the cent. */
static bool check_sum(const grid *g, int r, int c, int64_t stored, int64_t parts, const char *what, diag_list *d)
{
    if (stored == parts) return true;
    char a[48], b[48];
    diag_error(d, grid_loc(g, r, c), "the appendix was changed after it was written",
               "%s is %s but its parts add up to %s", what, money_format(stored, MONEY_FMT_NL, MONEY_CENTS, a, sizeof a),
               money_format(parts, MONEY_FMT_NL, MONEY_CENTS, b, sizeof b));
    return false;
}

/* One year column of a tracking institution: read and cross-check. */
static bool read_tracked_year(const grid *g, int c, int yi, appendix_rec *r, diag_list *d)
{
    bool ok = true;
    int i = 0;
    int64_t kader = 0;
    for (int al = 0; al < KADER_ACTIONLINES; al++) {
        int al_row = code_row(i++);
        int64_t parts = 0, v = 0;
        for (int s = 0; s < kader_actionlines[al].subtheme_count; s++) {
            int st = kader_actionlines[al].first_subtheme + s;
            ok &= cell_money(g, code_row(i++), c, &r->subtheme[yi][st], false, NULL, d);
            parts += r->subtheme[yi][st]; /* each below MONEY_MAX_CENTS: no overflow */
        }
        if (!cell_money(g, al_row, c, &v, false, NULL, d)) { ok = false; continue; }
        r->actionline[yi][al] = v;
        ok &= check_sum(g, al_row, c, v, parts, "the action line total", d);
        kader += v;
    }
    ok &= cell_money(g, code_row(i), c, &r->kader[yi], false, NULL, d) &&
          check_sum(g, code_row(i), c, r->kader[yi], kader, "the framework total", d);
    ok &= cell_money(g, code_row(i + 1), c, &r->outside[yi], false, NULL, d);
    ok &= cell_money(g, code_row(i + 2), c, &r->total[yi], false, NULL, d) &&
          check_sum(g, code_row(i + 2), c, r->total[yi], r->kader[yi] + r->outside[yi], "the total", d);
    return ok;
}

static bool read_besteding(const grid *g, appendix_rec *r, diag_list *d)
{
    bool ok = check_codes(g, d);
    for (int y = r->first_year; ok && y <= r->last_year; y++) {
        int c = BST_FIRST_YEAR_COL + (y - r->first_year), yi = y - AGG_FIRST_YEAR;
        long long hy = 0;
        if (!cell_int(g, BST_HEADER_ROW, c, y, y, &hy, d)) { ok = false; break; }
        const char *kind = grid_text(g, BST_KIND_ROW, c);
        r->kind[yi] = !strcmp(kind, "realisatie") ? KIND_REALISATIE : !strcmp(kind, "begroting") ? KIND_BEGROTING : -1;
        if (r->kind[yi] < 0) { ok &= expect_text(g, BST_KIND_ROW, c, "geen gegevens", d); continue; }
        if (r->tracks) { ok &= read_tracked_year(g, c, yi, r, d); continue; }
        ok &= expect_text(g, code_row(0), c, BST_NOT_TRACKED, d);
        ok &= cell_money(g, code_row(BST_ROWS - 1), c, &r->total[yi], false, NULL, d);
    }
    return ok;
}

static bool read_bronnen(const grid *g, appendix_rec *r, diag_list *d)
{
    bool ok = expect_text(g, SRC_RECEIVED_HEADER_ROW, 1, "Ontvangen kadermiddelen", d);
    for (int y = r->first_year; ok && y <= r->last_year; y++) {
        int row = SRC_RECEIVED_HEADER_ROW + 1 + (y - r->first_year);
        long long yy = 0;
        bool present = false;
        int64_t v = 0;
        ok &= cell_int(g, row, 0, y, y, &yy, d) && cell_money(g, row, 1, &v, true, &present, d);
        r->received[y - AGG_FIRST_YEAR] = present ? v : -1;
    }
    return ok;
}

static int source_index(const char *code)
{
    for (int s = 0; s < SOURCE_COUNT; s++)
        if (!strcmp(kader_sources[s].code, code)) return s;
    return -1;
}

/* One row of the sources table; adds it when its kind is the one the year's total uses. */
static bool read_source_row(const grid *g, int row, appendix_rec *r, int64_t *sums, diag_list *d)
{
    long long y = 0;
    int64_t v = 0;
    int s = source_index(grid_text(g, row, SRC_COL_CODE));
    const char *kind = grid_text(g, row, SRC_COL_KIND);
    int k = !strcmp(kind, "realisatie") ? KIND_REALISATIE : !strcmp(kind, "begroting") ? KIND_BEGROTING : -1;
    if (s < 0) return expect_text(g, row, SRC_COL_CODE, kader_sources[0].code, d);
    if (k < 0) return expect_text(g, row, SRC_COL_KIND, "begroting", d);
    if (!cell_int(g, row, SRC_COL_YEAR, r->first_year, r->last_year, &y, d) ||
        !cell_money(g, row, SRC_COL_AMOUNT, &v, false, NULL, d))
        return false;
    int yi = (int)y - AGG_FIRST_YEAR;
    if (k == r->kind[yi]) {
        r->by_source[yi][s] += v; /* one row per source and year: no overflow */
        sums[yi] += v;
    }
    return true;
}

/* The sources table: per year, the sources of the shown kind must add up to the year's total. */
static bool read_sources(const grid *g, appendix_rec *r, diag_list *d)
{
    int head = SRC_RECEIVED_HEADER_ROW + (r->last_year - r->first_year + 1) + 2;
    bool ok = expect_text(g, head, SRC_COL_LABEL, "Financieringsbron", d);
    int64_t sums[AGG_YEARS] = { 0 };
    for (int row = head + 1; ok && row < g->rows && grid_text(g, row, SRC_COL_CODE)[0]; row++)
        ok &= read_source_row(g, row, r, sums, d);
    for (int y = 0; ok && y < AGG_YEARS; y++)
        if (r->kind[y] >= 0)
            ok &= check_sum(g, head, SRC_COL_AMOUNT, r->total[y], sums[y], "the year's total spending", d);
    return ok;
}

static bool read_activiteiten(const grid *g, appendix_rec *r, diag_list *d)
{
    bool ok = expect_text(g, ACT_HEADER_ROW, ACT_COL_ACTIVE, "Actief", d);
    for (int row = ACT_HEADER_ROW + 1; ok && row < g->rows; row++) {
        int s = kader_subtheme_index(grid_text(g, row, ACT_COL_CODE));
        const char *flag = grid_text(g, row, ACT_COL_ACTIVE);
        if (s >= 0 && !strcmp(flag, ACT_ACTIVE)) r->active[s] = true;
        else if (s >= 0 && strcmp(flag, ACT_INACTIVE) != 0) ok &= expect_text(g, row, ACT_COL_ACTIVE, ACT_ACTIVE, d);
        if (!grid_text(g, row, ACT_COL_ID)[0]) continue;
        r->nactivities++;
        const char *code = grid_text(g, row, ACT_COL_TYPE);
        if (code[0] && strlen(code) < sizeof r->codes->code && !code_count_add(&r->codes, &r->ncodes, code, 0, 1))
            return false;
    }
    for (int i = 0; i < r->ncodes; i++) r->codes[i].institutions = 1;
    return ok;
}

static bool read_monitoring(const grid *g, appendix_rec *r, diag_list *d)
{
    const char *m = grid_text(g, MON_ROW_MONITORED, 2);
    bool ok = !strcmp(m, "ja") || !strcmp(m, "nee") || expect_text(g, MON_ROW_MONITORED, 2, "ja", d);
    r->monitored = !strcmp(m, "ja");
    for (int l = 0; ok && l < MON_COUNT; l++) {
        ok &= expect_text(g, MON_FIRST_ROW + l, 0, kader_monitoring[l].code, d);
        r->mon_used[l] = !strcmp(grid_text(g, MON_FIRST_ROW + l, 2), "ja");
    }
    return ok;
}

bool appendix_from_grids(grid *const *sheets, appendix_rec *r, diag_list *d)
{
    for (int y = 0; y < AGG_YEARS; y++) r->kind[y] = -1, r->received[y] = -1;
    if (!read_toelichting(sheets[AS_TOELICHTING], r, d)) return false;
    bool ok = read_besteding(sheets[AS_BESTEDING], r, d);
    ok &= read_bronnen(sheets[AS_BRONNEN], r, d);
    if (ok) ok = read_sources(sheets[AS_BRONNEN], r, d); /* needs the totals from Besteding */
    ok &= read_activiteiten(sheets[AS_ACTIVITEITEN], r, d);
    ok &= read_monitoring(sheets[AS_MONITORING], r, d);
    return ok;
}

/* Reads the first sheet. A workbook without it is most likely not an appendix at all, which
 * deserves a clearer message than the reader's "no sheet"; other reader errors pass through. */
static grid *read_first_sheet(const char *path, const grid_limits *lim, diag_list *d)
{
    diag_list tmp;
    diag_init(&tmp);
    grid *g = read_xlsx(path, appendix_read_sheets[0], NULL, NULL, lim, &tmp);
    bool no_sheet = false;
    for (int i = 0; i < tmp.count; i++) {
        const diag_entry *e = &tmp.items[i];
        if (!g && e->level == DIAG_ERROR && strstr(e->message, "has no sheet")) no_sheet = true;
        else diag_add(d, e->level, e->loc, e->hint, "%s", e->message);
    }
    diag_free(&tmp);
    if (no_sheet) {
        srcloc loc = { path, NULL, 0, 0 };
        diag_error(d, loc, "only appendices written by `kaderrapport build` can be added up",
                   "not a kaderrapport appendix: the workbook has no sheet \"%s\"", appendix_read_sheets[0]);
    }
    return g;
}

bool appendix_read_file(const char *path, appendix_rec *r, diag_list *d)
{
    grid_limits lim = grid_limits_default();
    grid *g[AS_COUNT] = { 0 };
    r->file = strdup(path);
    g[0] = read_first_sheet(path, &lim, d);
    bool ok = g[0] && check_format(g[0], d); /* refuse before reading anything else */
    for (int i = 1; i < AS_COUNT && ok; i++) {
        g[i] = read_xlsx(path, appendix_read_sheets[i], NULL, NULL, &lim, d);
        ok = g[i] != NULL;
    }
    if (ok) ok = appendix_from_grids(g, r, d);
    for (int i = 0; i < AS_COUNT; i++) grid_free(g[i]);
    return ok;
}

void appendix_rec_free(appendix_rec *r)
{
    if (!r) return;
    free(r->file); free(r->name); free(r->brin); free(r->codes);
    memset(r, 0, sizeof *r);
}
