/* Loading the budget (long or wide layout) and the shared plumbing of all loaders. */
#include "load.h"

#include "table.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

enum { B_YEAR, B_KIND, B_LINE, B_CATEGORY, B_SOURCE, B_AMOUNT, B_PROVISIONAL, B_NOTE, B_NCOLS };

static const table_column_spec budget_specs[B_NCOLS] = {
    [B_YEAR] = { "jaar", "jaar|year|boekjaar|begrotingsjaar", true, true },
    [B_KIND] = { "soort", "soort|kind|type|begrotingrealisatie|budgetactual|status", false, false },
    [B_LINE] = { "regel", "regel|line|omschrijving|post|begrotingspost|budgetline|kostenpost|activiteit|description", true, false },
    [B_CATEGORY] = { "categorie", "categorie|category|pijler|pillar|thema|programma|onderdeel", false, false },
    [B_SOURCE] = { "bron", "bron|source|financiering|financieringsbron|funding|fundingsource|dekking", false, false },
    [B_AMOUNT] = { "bedrag", "bedrag|amount|kosten|euro|eur|costs|bedrageur|waarde", true, true },
    [B_PROVISIONAL] = { "voorlopig", "voorlopig|provisional|onzeker", false, false },
    [B_NOTE] = { "toelichting", "toelichting|note|notes|explanation|opmerking|opmerkingen|commentaar", false, false },
};

bool load_is_example_row(const grid *g, int r)
{
    for (int c = 0; c < g->cols; c++) {
        const char *t = grid_text(g, r, c);
        if (!strncasecmp(t, "voorbeeld:", 10) || !strncasecmp(t, "example:", 8)) return true;
    }
    return false;
}

char *load_text(const grid *g, int r, int c)
{
    return strdup(c >= 0 ? grid_text(g, r, c) : "");
}

/* Records path, size and SHA-256 of an input in the model. */
static void record_input(model *m, const char *role, const char *path, const char *shown)
{
    if (m->ninputs >= (int)(sizeof m->inputs / sizeof *m->inputs)) return;
    input_file *in = &m->inputs[m->ninputs++];
    in->role = strdup(role);
    in->path = strdup(shown);
    gchar *data = NULL;
    gsize len = 0;
    if (g_file_get_contents(path, &data, &len, NULL)) {
        gchar *sum = g_compute_checksum_for_data(G_CHECKSUM_SHA256, (const guchar *)data, len);
        snprintf(in->sha256, sizeof in->sha256, "%s", sum ? sum : "");
        g_free(sum);
        in->bytes = (long long)len;
    }
    g_free(data);
}

typedef struct accept_ctx {
    const table_column_spec *specs;
    int nspecs;
    bool allow_wide;
} accept_ctx;

/* Sheet chooser for workbooks: the first sheet whose header matches. */
static bool accept_sheet(const grid *g, void *ctx)
{
    accept_ctx *c = ctx;
    diag_list scratch;
    diag_init(&scratch);
    table_map map;
    bool ok = table_find_header(g, c->specs, c->nspecs, c->allow_wide, &map, &scratch);
    diag_free(&scratch);
    return ok;
}

grid *load_open_table(model *m, const job *j, const char *role, const char *path, const char *shown,
                      const char *sheet, const table_column_spec *specs, int nspecs, bool allow_wide,
                      table_map *map, diag_list *d)
{
    accept_ctx ctx = { specs, nspecs, allow_wide };
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        /* checked before any open: opening a FIFO named as an input would wait forever */
        srcloc loc = { model_intern(m, shown), NULL, 0, 0 };
        diag_error(d, loc, NULL, "not a regular file");
        return NULL;
    }
    grid *g = read_table_file(path, sheet, accept_sheet, &ctx, &j->limits, d);
    if (!g) return NULL;
    /* locations name the file as the user wrote it in the job */
    free(g->file);
    g->file = strdup(shown);
    record_input(m, role, path, shown);
    if (!table_find_header(g, specs, nspecs, allow_wide, map, d)) {
        grid_free(g);
        return NULL;
    }
    return g;
}

static int parse_kind(const char *text)
{
    static const vocab_entry kinds[KIND_COUNT] = {
        { "begroting", "Begroting", "Budget", "budget|plan|raming|b|begroot|prognose|forecast" },
        { "realisatie", "Realisatie", "Actual", "actuals|actual|r|gerealiseerd|werkelijk|uitgaven|spent" },
    };
    return vocab_lookup(kinds, KIND_COUNT, text);
}

static bool parse_yes_no(const char *text, bool *out)
{
    char key[32];
    text_fold(text, key, sizeof key);
    if (!key[0] || !strcmp(key, "nee") || !strcmp(key, "no") || !strcmp(key, "n") || !strcmp(key, "0") ||
        !strcmp(key, "false") || !strcmp(key, "onwaar")) { *out = false; return true; }
    if (!strcmp(key, "ja") || !strcmp(key, "yes") || !strcmp(key, "j") || !strcmp(key, "y") || !strcmp(key, "x") ||
        !strcmp(key, "1") || !strcmp(key, "true") || !strcmp(key, "waar") || !strcmp(key, "voorlopig"))
        { *out = true; return true; }
    return false;
}

/* State while reading one budget grid. */
typedef struct budget_reader {
    model *m;
    const job *j;
    grid *g;
    table_map map;
    diag_list *d;
    int missing_source;
    int64_t since_total[32], all_rows[32]; /* per amount column (long: index 0) */
} budget_reader;

/* Reads the text columns shared by both layouts into a new line; false on a bad cell. */
static bool read_line_fields(budget_reader *br, int r, budget_line *b)
{
    const grid *g = br->g;
    const int *col = br->map.col;
    bool ok = true;
    b->line = load_text(g, r, col[B_LINE]);
    b->category = load_text(g, r, col[B_CATEGORY]);
    b->note = load_text(g, r, col[B_NOTE]);
    if (!b->line[0]) {
        diag_error(br->d, grid_loc(g, r, col[B_LINE]), "every row needs the name of the budget line",
                   "budget line name is empty");
        ok = false;
    }
    const char *src = col[B_SOURCE] >= 0 ? grid_text(g, r, col[B_SOURCE]) : "";
    int s = src[0] ? vocab_lookup(kader_sources, SOURCE_COUNT, src) : SOURCE_OTHER;
    if (!src[0]) br->missing_source++;
    if (s < 0) {
        diag_error(br->d, grid_loc(g, r, col[B_SOURCE]),
                   "known sources: kadermiddelen, npo, kwaliteitsmiddelen, vernieuwingsmiddelen, lumpsum, overig",
                   "funding source %s is unknown", diag_quote(src));
        ok = false;
        s = SOURCE_OTHER;
    }
    b->source = (funding_source)s;
    const char *prov = col[B_PROVISIONAL] >= 0 ? grid_text(g, r, col[B_PROVISIONAL]) : "";
    if (!parse_yes_no(prov, &b->provisional)) {
        diag_error(br->d, grid_loc(g, r, col[B_PROVISIONAL]), "write ja or nee (empty means nee)",
                   "provisional flag %s is not ja or nee", diag_quote(prov));
        ok = false;
    }
    return ok;
}

static int row_kind(budget_reader *br, int r, int kind_of_col)
{
    if (kind_of_col >= 0) return kind_of_col;
    int c = br->map.col[B_KIND];
    if (c < 0) return KIND_BEGROTING;
    const char *text = grid_text(br->g, r, c);
    int k = parse_kind(text);
    if (k < 0)
        diag_error(br->d, grid_loc(br->g, r, c), "write begroting (budget) or realisatie (actuals)",
                   "kind %s is neither begroting nor realisatie", diag_quote(text));
    return k;
}

static budget_line *add_budget_line(budget_reader *br, int r, int amount_col, int year, int kind, int64_t cents)
{
    budget_line *b = model_add_line(br->m);
    if (!b) return NULL;
    read_line_fields(br, r, b);
    b->year = year;
    b->kind = kind < 0 ? KIND_BEGROTING : (budget_kind)kind;
    b->cents = cents;
    b->loc = grid_loc(br->g, r, amount_col);
    b->loc.file = model_intern(br->m, b->loc.file);
    b->loc.sheet = model_intern(br->m, b->loc.sheet);
    return b;
}

/* A stated (sub)total must equal the rows above it: since the previous total, or all rows. */
static void check_total(budget_reader *br, int r, int c, int slot, const char *label)
{
    int64_t stated;
    diag_list scratch;
    diag_init(&scratch);
    int64_t scale = c == br->map.col[B_AMOUNT] ? br->map.scale[B_AMOUNT] : br->map.year_scale[slot];
    bool ok = table_amount_scaled(br->g, r, c, br->j->locale, true, scale, &stated, &scratch);
    diag_free(&scratch);
    if (!ok) return;
    if (stated != br->since_total[slot] && stated != br->all_rows[slot]) {
        char a[64], b[64];
        money_format(stated, MONEY_FMT_NL, MONEY_WHOLE, a, sizeof a);
        money_format(br->since_total[slot], MONEY_FMT_NL, MONEY_WHOLE, b, sizeof b);
        diag_warn(br->d, grid_loc(br->g, r, c), "the total row is not used; the report adds up the rows itself",
                  "%s states %s but the rows above it add up to %s", diag_quote(label), a, b);
    }
    br->since_total[slot] = 0;
}

static void read_long_row(budget_reader *br, int r)
{
    const int *col = br->map.col;
    long long year;
    int64_t cents;
    bool ok = table_integer(br->g, r, col[B_YEAR], 2000, 2100, false, &year, br->d);
    ok &= table_amount_scaled(br->g, r, col[B_AMOUNT], br->j->locale, false, br->map.scale[B_AMOUNT], &cents, br->d);
    int kind = row_kind(br, r, -1);
    if (!ok || kind < 0) return;
    add_budget_line(br, r, col[B_AMOUNT], (int)year, kind, cents);
    money_add(&br->since_total[0], cents);
    money_add(&br->all_rows[0], cents);
}

static void read_wide_row(budget_reader *br, int r)
{
    for (int i = 0; i < br->map.nyear_cols && i < 32; i++) {
        int c = br->map.year_col[i];
        if (!grid_text(br->g, r, c)[0]) continue;
        int64_t cents;
        if (!table_amount_scaled(br->g, r, c, br->j->locale, true, br->map.year_scale[i], &cents, br->d)) continue;
        int kind = row_kind(br, r, br->map.kind_of_col[i]);
        if (kind < 0) return;
        add_budget_line(br, r, c, br->map.year_of_col[i], kind, cents);
        money_add(&br->since_total[i], cents);
        money_add(&br->all_rows[i], cents);
    }
}

bool load_budget(model *m, const job *j, diag_list *d)
{
    budget_reader br = { .m = m, .j = j, .d = d };
    br.g = load_open_table(m, j, "begroting", j->budget.path, j->budget.shown, j->budget.sheet, budget_specs,
                           B_NCOLS, true, &br.map, d);
    if (!br.g) return false;
    bool wide = br.map.nyear_cols > 0 && br.map.col[B_AMOUNT] < 0;
    if (br.g->locale == NUMLOC_AUTO && j->locale == NUMLOC_AUTO) {
        int cols[32], n = 0;
        if (wide) for (int i = 0; i < br.map.nyear_cols && n < 32; i++) cols[n++] = br.map.year_col[i];
        else cols[n++] = br.map.col[B_AMOUNT];
        table_detect_locale(br.g, cols, n, br.map.header_row + 1);
    }
    int before = m->nlines;
    for (int r = br.map.header_row + 1; r < br.g->rows; r++) {
        if (table_row_empty(br.g, r) || load_is_example_row(br.g, r)) continue;
        const char *label = NULL;
        if (table_is_total_row(br.g, r, &label)) {
            if (wide) for (int i = 0; i < br.map.nyear_cols && i < 32; i++) check_total(&br, r, br.map.year_col[i], i, label);
            else check_total(&br, r, br.map.col[B_AMOUNT], 0, label);
            continue;
        }
        if (wide) read_wide_row(&br, r);
        else read_long_row(&br, r);
    }
    if (br.missing_source > 0)
        diag_warn(d, grid_loc(br.g, br.map.header_row, br.map.col[B_SOURCE] >= 0 ? br.map.col[B_SOURCE] + 1 : 0),
                  "add a column bron (kadermiddelen, npo, kwaliteitsmiddelen, vernieuwingsmiddelen, lumpsum, overig)",
                  "%d budget line%s without a funding source counted as overige bronnen", br.missing_source,
                  br.missing_source == 1 ? "" : "s");
    if (m->nlines == before)
        diag_error(d, grid_loc(br.g, br.map.header_row, 0), "the rows below the header should hold budget lines",
                   "the budget has a header but no budget lines");
    grid_free(br.g);
    return true;
}
