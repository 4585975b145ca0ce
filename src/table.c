/* Finding the table in a grid: header row below a title block, column names with aliases and
 * units, year columns of wide layouts, and total rows. Reading the values of cells is in
 * table_cell.c. */
#include "table.h"
#include "kader.h"
#include "model.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define HEADER_SEARCH_ROWS 30
#define HEADER_MAX_COLS 256 /* header cells beyond this are not examined */
#define KEY_SIZE 128

/* ---- header text ---- */

static bool in_list(const char *key, const char *const *list)
{
    for (; *list; list++)
        if (!strcmp(key, *list)) return true;
    return false;
}

/* Multiplier a unit token stands for (1 for a plain currency word), or 0 when it is no unit. */
static int64_t unit_token(const char *fold)
{
    static const char *const currency[] = { "", "eur", "euro", "euros", NULL };
    static const char *const thousands[] = { "k", "keur", "x1000", "1000", "duizend", "duizenden", NULL };
    static const char *const millions[] = { "m", "mln", "meur", "miljoen", "miljoenen", "x1000000",
                                            "1000000", NULL };
    if (in_list(fold, currency)) return 1;
    if (in_list(fold, thousands)) return 1000;
    if (in_list(fold, millions)) return 1000000;
    return 0;
}

static bool is_separator(char c)
{
    return isspace((unsigned char)c) || strchr("()[]{}/:;*|", c) != NULL;
}

char *table_fold_header(const char *text, char *out, size_t size, int64_t *scale)
{
    char tokens[16][KEY_SIZE];
    int n = 0;
    bool unit_seen = false;
    int64_t mult = 1;
    const char *p = text ? text : "";
    while (*p && n < 16) {
        while (*p && is_separator(*p)) p++;
        const char *start = p;
        while (*p && !is_separator(*p)) p++;
        if (p == start) break;
        char raw[KEY_SIZE];
        size_t len = (size_t)(p - start) < sizeof raw - 1 ? (size_t)(p - start) : sizeof raw - 1;
        memcpy(raw, start, len);
        raw[len] = '\0';
        text_fold(raw, tokens[n], KEY_SIZE);
        int64_t u = unit_token(tokens[n]);
        if (u && (n > 0 || *p)) { /* a header that is only "euro" keeps its word */
            unit_seen = true;
            if (u > mult) mult = u;
            continue;
        }
        n++;
    }
    size_t o = 0;
    out[0] = '\0';
    for (int i = 0; i < n; i++) {
        /* "in" and "x" are the glue of "bedrag in euro" and "x € 1.000" */
        if (unit_seen && (!strcmp(tokens[i], "in") || !strcmp(tokens[i], "x"))) continue;
        size_t len = strlen(tokens[i]);
        if (o + len + 1 > size) break;
        memcpy(out + o, tokens[i], len + 1);
        o += len;
    }
    if (scale) *scale = mult;
    return out;
}

int table_header_year(const char *text, int *kind)
{
    char key[KEY_SIZE];
    table_fold_header(text, key, sizeof key, NULL);
    if (kind) *kind = -1;
    int year = 0, runs = 0;
    for (const char *p = key; *p;) {
        if (!isdigit((unsigned char)*p)) { p++; continue; }
        const char *s = p;
        while (isdigit((unsigned char)*p)) p++;
        runs++;
        if (p - s == 4 && s[0] == '2' && s[1] == '0') year = atoi(s);
    }
    if (runs != 1 || !year) return 0;
    if (kind) {
        static const char *const budget[] = { "begroting", "begroot", "begr", "budget", "prognose", "raming",
                                              "plan", "forecast", NULL };
        static const char *const actual[] = { "realisatie", "gerealiseerd", "werkelijk", "actual", "real",
                                              "uitgaven", "spent", NULL };
        for (int i = 0; actual[i]; i++)
            if (strstr(key, actual[i])) *kind = KIND_REALISATIE;
        for (int i = 0; budget[i] && *kind < 0; i++)
            if (strstr(key, budget[i])) *kind = KIND_BEGROTING;
    }
    return year;
}

/* The names of the specs, folded once per search: names[s][0] is the key, then the aliases. */
#define MAX_NAMES 32
typedef struct spec_names {
    char names[TABLE_MAX_COLUMNS][MAX_NAMES][KEY_SIZE];
    int count[TABLE_MAX_COLUMNS];
} spec_names;

static void fold_spec_names(const table_column_spec *specs, int nspecs, spec_names *sn)
{
    for (int s = 0; s < nspecs; s++) {
        table_fold_header(specs[s].key, sn->names[s][0], KEY_SIZE, NULL);
        int n = 1;
        for (const char *a = specs[s].aliases; a && *a && n < MAX_NAMES;) {
            const char *bar = strchr(a, '|');
            size_t len = bar ? (size_t)(bar - a) : strlen(a);
            char raw[KEY_SIZE];
            if (len >= sizeof raw) len = sizeof raw - 1;
            memcpy(raw, a, len);
            raw[len] = '\0';
            table_fold_header(raw, sn->names[s][n++], KEY_SIZE, NULL);
            a = bar ? bar + 1 : NULL;
        }
        sn->count[s] = n;
    }
}

/* True when the folded header `key` equals spec s's key (exact) or, when !exact, an alias. */
static bool spec_matches(const spec_names *sn, int s, const char *key, bool exact)
{
    if (!key[0]) return false;
    if (exact) return !strcmp(key, sn->names[s][0]);
    for (int i = 1; i < sn->count[s]; i++)
        if (!strcmp(key, sn->names[s][i])) return true;
    return false;
}

/* ---- header search ---- */

typedef struct header_try {
    table_map map;
    int score;
    bool ok;
    int missing[TABLE_MAX_COLUMNS];
    int nmissing;
    int guessed; /* spec whose column was taken by position in a wide table, or -1 */
} header_try;

/* Folded keys and units of row r's cells; returns the number of columns examined. */
static int row_keys(const grid *g, int r, char (*keys)[KEY_SIZE], int64_t *scales)
{
    int ncols = g->cols < HEADER_MAX_COLS ? g->cols : HEADER_MAX_COLS;
    for (int c = 0; c < ncols; c++) table_fold_header(grid_text(g, r, c), keys[c], KEY_SIZE, &scales[c]);
    return ncols;
}

/* Assigns columns to specs in row r: exact keys first, then aliases, then year columns. */
/* Assigns untaken columns to specs: exact keys first, then aliases. With `skip_wide` the specs
 * that year columns replace take nothing. */
static void match_specs(header_try *t, const table_column_spec *specs, int nspecs, const spec_names *sn,
                        char (*keys)[KEY_SIZE], const int64_t *scales, int ncols, bool skip_wide, bool *taken)
{
    for (int s = 0; s < nspecs; s++) { t->map.col[s] = -1; t->map.scale[s] = 1; }
    t->score = 0;
    for (int pass = 0; pass < 2; pass++) {
        for (int s = 0; s < nspecs; s++) {
            if (skip_wide && specs[s].wide_skip) continue;
            for (int c = 0; c < ncols && t->map.col[s] < 0; c++) {
                if (taken[c] || !spec_matches(sn, s, keys[c], pass == 0)) continue;
                t->map.col[s] = c;
                t->map.scale[s] = scales[c];
                taken[c] = true;
                t->score++;
            }
        }
    }
}

static void find_years(const grid *g, int r, header_try *t, const bool *taken, const int64_t *scales, int ncols)
{
    t->map.nyear_cols = 0;
    for (int c = 0; c < ncols && t->map.nyear_cols < 32; c++) {
        int kind, year = taken[c] ? 0 : table_header_year(grid_text(g, r, c), &kind);
        if (!year) continue;
        int i = t->map.nyear_cols++;
        t->map.year_col[i] = c;
        t->map.year_of_col[i] = year;
        t->map.kind_of_col[i] = kind;
        t->map.year_scale[i] = scales[c];
    }
}

/* Lists the required specs without a column (ignoring wide_skip ones when `wide`). */
static int list_missing(header_try *t, const table_column_spec *specs, int nspecs, bool wide)
{
    t->nmissing = 0;
    for (int s = 0; s < nspecs; s++)
        if (specs[s].required && t->map.col[s] < 0 && !(wide && specs[s].wide_skip))
            t->missing[t->nmissing++] = s;
    return t->nmissing;
}

/* In a wide table the first named column before the years labels the rows, whatever its name
 * ("Kosten (€)" in many budgets): it is taken for the one required label spec still missing. */
static void guess_label_column(header_try *t, char (*keys)[KEY_SIZE], const bool *taken)
{
    int s = t->missing[0];
    for (int c = 0; c < t->map.year_col[0]; c++) {
        if (taken[c] || !keys[c][0]) continue;
        t->map.col[s] = c;
        t->guessed = s;
        t->nmissing = 0;
        return;
    }
}

/* Finds the columns of row r: a long table when every required spec matches, else (allow_wide)
 * a wide one with year columns. */
static void try_row(const grid *g, int r, const table_column_spec *specs, int nspecs, const spec_names *sn,
                    bool allow_wide, char (*keys)[KEY_SIZE], const int64_t *scales, int ncols, header_try *t)
{
    bool taken[HEADER_MAX_COLS] = { false };
    memset(t, 0, sizeof *t);
    t->map.header_row = r;
    t->guessed = -1;
    match_specs(t, specs, nspecs, sn, keys, scales, ncols, false, taken);
    if (list_missing(t, specs, nspecs, false) == 0 || !allow_wide) {
        t->ok = t->nmissing == 0;
        return;
    }
    find_years(g, r, t, taken, scales, ncols);
    if (t->map.nyear_cols == 0) return;
    int saved_missing[TABLE_MAX_COLUMNS], saved_n = t->nmissing;
    memcpy(saved_missing, t->missing, sizeof saved_missing);
    /* the years carry the amounts: match again without the specs they replace */
    memset(taken, 0, sizeof taken);
    for (int i = 0; i < t->map.nyear_cols; i++) taken[t->map.year_col[i]] = true;
    match_specs(t, specs, nspecs, sn, keys, scales, ncols, true, taken);
    /* a data row with one year in it ("Psychologen;2025;…") must not pass for a header: guess the
     * label column only when names matched or there are several years */
    if (list_missing(t, specs, nspecs, true) == 1 && (t->score > 0 || t->map.nyear_cols > 1))
        guess_label_column(t, keys, taken);
    t->ok = t->nmissing == 0;
    t->score += 1;
    if (!t->ok) { /* report what a long table would lack */
        t->nmissing = saved_n;
        memcpy(t->missing, saved_missing, sizeof saved_missing);
    }
}

/* Notes about header cells that no spec took: unknown names, duplicates, units. */
static void report_header(const grid *g, const table_column_spec *specs, int nspecs, const spec_names *sn,
                          const header_try *t, char (*keys)[KEY_SIZE], int ncols, diag_list *d)
{
    int r = t->map.header_row;
    for (int c = 0; c < ncols; c++) {
        if (!keys[c][0]) continue;
        int used = -1, dup = -1;
        for (int s = 0; s < nspecs; s++) {
            if (t->map.col[s] == c) used = s;
            else if (t->map.col[s] >= 0 && (spec_matches(sn, s, keys[c], true) ||
                                             spec_matches(sn, s, keys[c], false))) dup = s;
        }
        for (int i = 0; i < t->map.nyear_cols; i++)
            if (t->map.year_col[i] == c) used = nspecs;
        const char *text = grid_text(g, r, c);
        if (used >= 0 && used == t->guessed)
            diag_note(d, grid_loc(g, r, c), NULL, "column %s is read as the \"%s\" column", diag_quote(text),
                      specs[used].key);
        if (used >= 0 && used < nspecs && t->map.scale[used] != 1)
            diag_note(d, grid_loc(g, r, c), NULL, "column %s is in units of %lld euro",
                      diag_quote(text), (long long)t->map.scale[used]);
        if (used >= 0) continue;
        if (dup >= 0) {
            char letters[8];
            diag_column_letters(t->map.col[dup] + 1, letters);
            diag_warn(d, grid_loc(g, r, c), "remove or rename one of the two columns",
                      "column %s is a second \"%s\" column; only column %s is read", diag_quote(text),
                      specs[dup].key, letters);
        } else {
            diag_note(d, grid_loc(g, r, c), NULL, "column %s is not used", diag_quote(text));
        }
    }
}

/* Appends to buf (size bytes) at *used, never past the end. */
static void append(char *buf, size_t size, size_t *used, const char *text)
{
    size_t n = strlen(text);
    if (*used + n >= size) n = *used + 1 < size ? size - *used - 1 : 0;
    memcpy(buf + *used, text, n);
    *used += n;
    buf[*used] = '\0';
}

/* "bedrag (also amount, kosten, euro)": the key and up to four of its other names. */
static void append_names(char *buf, size_t size, size_t *used, const table_column_spec *s)
{
    append(buf, size, used, s->key);
    int shown = 0;
    for (const char *a = s->aliases; a && *a && shown < 4;) {
        const char *bar = strchr(a, '|');
        size_t n = bar ? (size_t)(bar - a) : strlen(a);
        char alias[64];
        snprintf(alias, sizeof alias, "%.*s", (int)(n < 63 ? n : 63), a);
        if (strcmp(alias, s->key) != 0) {
            append(buf, size, used, shown++ ? ", " : " (also ");
            append(buf, size, used, alias);
        }
        a = bar ? bar + 1 : NULL;
    }
    if (shown) append(buf, size, used, ")");
}

/* Error for a grid without an acceptable header; `best` is the closest row or NULL. */
static void report_missing(const grid *g, const table_column_spec *specs, int nspecs, const header_try *best,
                           diag_list *d)
{
    char names[512] = "", hint[768] = "name the columns ";
    const size_t hint_start = strlen(hint);
    size_t o = 0, h = hint_start;
    for (int s = 0; s < nspecs; s++) {
        bool missing = !best;
        for (int i = 0; best && i < best->nmissing; i++) missing |= best->missing[i] == s;
        if (!missing || !specs[s].required) continue;
        append(names, sizeof names, &o, o ? ", \"" : "\"");
        append(names, sizeof names, &o, specs[s].key);
        append(names, sizeof names, &o, "\"");
        if (h > hint_start) append(hint, sizeof hint, &h, "; ");
        append_names(hint, sizeof hint, &h, &specs[s]);
    }
    srcloc loc = best ? grid_loc(g, best->map.header_row, -1) : grid_loc(g, -1, -1);
    loc.col = 0;
    if (!best) loc.line = 0;
    if (best)
        diag_error(d, loc, hint, "the header row lacks the column%s %s", strchr(names, ',') ? "s" : "", names);
    else
        diag_error(d, loc, hint, "no header row with the columns %s in the first %d rows", names,
                   HEADER_SEARCH_ROWS);
}

bool table_find_header(const grid *g, const table_column_spec *specs, int nspecs, bool allow_wide,
                       table_map *out, diag_list *d)
{
    if (nspecs > TABLE_MAX_COLUMNS) nspecs = TABLE_MAX_COLUMNS;
    char (*keys)[KEY_SIZE] = malloc(sizeof *keys * HEADER_MAX_COLS);
    int64_t *scales = malloc(sizeof *scales * HEADER_MAX_COLS);
    header_try *cur = malloc(sizeof *cur), *best = malloc(sizeof *best);
    spec_names *sn = malloc(sizeof *sn);
    bool have_best = false;
    if (!keys || !scales || !cur || !best || !sn) goto done;
    fold_spec_names(specs, nspecs, sn);
    int rows = g->rows < HEADER_SEARCH_ROWS ? g->rows : HEADER_SEARCH_ROWS;
    for (int r = 0; r < rows; r++) {
        int ncols = row_keys(g, r, keys, scales);
        try_row(g, r, specs, nspecs, sn, allow_wide, keys, scales, ncols, cur);
        if (cur->score == 0) continue;
        if (!have_best || (cur->ok && !best->ok) || (cur->ok == best->ok && cur->score > best->score)) {
            header_try *tmp = best;
            best = cur;
            cur = tmp;
            have_best = true;
        }
    }
    if (have_best && best->ok) {
        int ncols = row_keys(g, best->map.header_row, keys, scales);
        report_header(g, specs, nspecs, sn, best, keys, ncols, d);
        *out = best->map;
    } else {
        report_missing(g, specs, nspecs, have_best ? best : NULL, d);
    }
done:;
    bool ok = have_best && best && best->ok;
    free(keys);
    free(scales);
    free(cur);
    free(best);
    free(sn);
    return ok;
}

/* ---- rows ---- */

bool table_row_empty(const grid *g, int r)
{
    for (int c = 0; c < g->cols; c++)
        if (grid_text(g, r, c)[0]) return false;
    return true;
}

/* True when one of the words of `text` says total. */
static bool says_total(const char *text)
{
    static const char *const words[] = { "totaal", "subtotaal", "eindtotaal", "totale", "totalen", "total",
                                         "subtotal", "totals", "grandtotal", "som", "sum", NULL };
    const char *p = text;
    while (*p) {
        while (*p && !isalpha((unsigned char)*p)) p++;
        const char *s = p;
        while (*p && (isalpha((unsigned char)*p) || (unsigned char)*p >= 0x80)) p++;
        char word[32], key[32];
        size_t n = (size_t)(p - s) < sizeof word - 1 ? (size_t)(p - s) : sizeof word - 1;
        memcpy(word, s, n);
        word[n] = '\0';
        if (n && in_list(text_fold(word, key, sizeof key), words)) return true;
    }
    return false;
}

bool table_is_total_row(const grid *g, int r, const char **label)
{
    int seen = 0;
    for (int c = 0; c < g->cols && seen < 3; c++) {
        const grid_cell *cell = grid_at(g, r, c);
        if (!cell || cell->kind == CELL_EMPTY) continue;
        seen++;
        if (cell->kind != CELL_TEXT || !says_total(cell->text)) continue;
        if (label) *label = cell->text;
        return true;
    }
    return false;
}
