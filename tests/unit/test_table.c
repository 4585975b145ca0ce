/* Unit tests for table.c / table_cell.c: header detection, aliases, units, wide layouts, totals,
 * amounts and whole numbers with their diagnostics, and number-notation detection. */
#include "grid.h"
#include "grid_build.h"
#include "model.h"
#include "table.h"
#include "unit.h"
#include "unit_diag.h"

#define DATA "tests/data/readers/"

enum { S_JAAR, S_SOORT, S_REGEL, S_CATEGORIE, S_BRON, S_BEDRAG, S_TOELICHTING, S_COUNT };
static const table_column_spec budget_specs[S_COUNT] = {
    { "jaar", "year", true, true },
    { "soort", "kind|type", false, false },
    { "regel", "line|omschrijving|post", true, false },
    { "categorie", "category|pijler", false, false },
    { "bron", "source|financiering", false, false },
    { "bedrag", "amount|kosten|euro", true, true },
    { "toelichting", "note|explanation", false, false },
};

/* A grid from rows of '|'-separated text cells; a cell "#n:..." is a number, "#d:..." a date. */
static grid *make_grid(const char *const *rows, int n)
{
    grid_builder b;
    gb_init(&b, NULL);
    for (int r = 0; r < n; r++) {
        const char *p = rows[r];
        for (int c = 0; p; c++) {
            const char *bar = strchr(p, '|');
            size_t len = bar ? (size_t)(bar - p) : strlen(p);
            cell_kind kind = CELL_TEXT;
            if (len >= 3 && p[0] == '#' && p[2] == ':') {
                kind = p[1] == 'n' ? CELL_NUMBER : p[1] == 'd' ? CELL_DATE : CELL_ERROR;
                p += 3;
                len -= 3;
            }
            gb_add(&b, r, c, kind, p, len);
            p = bar ? bar + 1 : NULL;
        }
    }
    return gb_finish(&b, "mem.xlsx", "Blad1", NULL, 0);
}

static void test_header_below_title_block(void)
{
    diag_list d;
    diag_init(&d);
    grid *g = read_csv(DATA "begroting-cp1252.csv", NULL, &d);
    CHECK(g != NULL);
    if (!g) return;
    table_map m;
    CHECK(table_find_header(g, budget_specs, S_COUNT, true, &m, &d));
    CHECK_INT(m.header_row, 3);
    CHECK_INT(m.col[S_BEDRAG], 5);
    CHECK_INT(m.col[S_TOELICHTING], 6);
    CHECK_INT(m.scale[S_BEDRAG], 1);
    CHECK_INT(m.nyear_cols, 0);
    CHECK_INT(d.errors, 0);

    int cols[1] = { 5 };
    CHECK(table_detect_locale(g, cols, 1, 4));
    CHECK_INT(g->locale, NUMLOC_NL);
    int64_t cents;
    CHECK(table_amount(g, 5, 5, NUMLOC_AUTO, false, &cents, &d));
    CHECK_INT(cents, 18425000);
    CHECK(table_amount(g, 4, 5, NUMLOC_AUTO, false, &cents, &d));
    CHECK_INT(cents, 19000000);
    CHECK_INT(d.warnings, 0);

    CHECK(!table_amount(g, 7, 5, NUMLOC_AUTO, false, &cents, &d));
    CHECK_STR(diag_text(&d, DIAG_ERROR), DATA "begroting-cp1252.csv:9:6: amount \"12,5O\" is not a number");
    CHECK_STR(d.items[d.count - 1].hint, "write amounts like 1.219.092,50 or 1219092.50");

    const char *label = NULL;
    CHECK(table_is_total_row(g, 8, &label));
    CHECK_STR(label, "Totaal");
    CHECK(!table_is_total_row(g, 4, NULL));
    CHECK(table_row_empty(g, 2));
    CHECK(!table_row_empty(g, 3));
    grid_free(g);
    diag_free(&d);
}

static void test_wide_layout(void)
{
    static const char *const rows[] = {
        "Meerjarenbegroting studentenwelzijn",
        "",
        "Omschrijving|2024|2025 begroting|Realisatie 2024|2025-2028 (per jaar)|Opmerking",
        "Pijler 1 Awareness|#n:257500|#n:260000|#n:250000.5|260.000",
        "Totaal|#n:1219092|#n:1224000||",
    };
    grid *g = make_grid(rows, 5);
    diag_list d;
    diag_init(&d);
    table_map m;
    CHECK(table_find_header(g, budget_specs, S_COUNT, true, &m, &d));
    CHECK_INT(m.header_row, 2);
    CHECK_INT(m.col[S_REGEL], 0);
    CHECK_INT(m.col[S_JAAR], -1);
    CHECK_INT(m.nyear_cols, 3);
    CHECK_INT(m.year_of_col[0], 2024);
    CHECK_INT(m.kind_of_col[0], -1);
    CHECK_INT(m.year_of_col[1], 2025);
    CHECK_INT(m.kind_of_col[1], KIND_BEGROTING);
    CHECK_INT(m.year_col[2], 3);
    CHECK_INT(m.kind_of_col[2], KIND_REALISATIE);
    CHECK_STR(diag_text(&d, DIAG_NOTE), "mem.xlsx:Blad1!E3: column \"2025-2028 (per jaar)\" is not used");
    int64_t cents;
    CHECK(table_amount(g, 3, 3, NUMLOC_AUTO, false, &cents, &d));
    CHECK_INT(cents, 25000050);
    CHECK(table_is_total_row(g, 4, NULL));
    /* without allow_wide the missing columns are an error naming them */
    CHECK(!table_find_header(g, budget_specs, S_COUNT, false, &m, &d));
    CHECK_STR(diag_text(&d, DIAG_ERROR), "mem.xlsx:Blad1!3: the header row lacks the columns \"jaar\", \"bedrag\"");
    grid_free(g);
    diag_free(&d);
}

static void test_aliases_units_and_exact_keys(void)
{
    static const table_column_spec act[] = {
        { "id", "nr|code", true, false },
        { "naam", "name|activiteit", true, false },
        { "activiteitcode", "type|code evaluatie", false, false },
    };
    static const char *const rows[] = {
        "CODE|Naam van|Activiteitcode|Activiteit",
        "A1|Well-being Week|2.6.1|x",
    };
    grid *g = make_grid(rows, 2);
    diag_list d;
    diag_init(&d);
    table_map m;
    CHECK(table_find_header(g, act, 3, false, &m, &d));
    CHECK_INT(m.col[0], 0);
    CHECK_INT(m.col[1], 3);
    CHECK_INT(m.col[2], 2);
    grid_free(g);

    static const char *const rows2[] = {
        "Jaar|Post|Bedrag x \xE2\x82\xAC 1.000|Bedrag (EUR)",
        "2025|Psychologen|465|12",
    };
    g = make_grid(rows2, 2);
    CHECK(table_find_header(g, budget_specs, S_COUNT, false, &m, &d));
    CHECK_INT(m.col[S_BEDRAG], 2);
    CHECK_INT(m.scale[S_BEDRAG], 1000);
    CHECK_STR(diag_text(&d, DIAG_WARNING),
              "mem.xlsx:Blad1!D1: column \"Bedrag (EUR)\" is a second \"bedrag\" column; only column C is read");
    int64_t cents;
    CHECK(table_amount_scaled(g, 1, m.col[S_BEDRAG], NUMLOC_NL, false, m.scale[S_BEDRAG], &cents, &d));
    CHECK_INT(cents, 46500000);
    grid_free(g);

    char key[64];
    int64_t scale;
    CHECK_STR(table_fold_header("Bedrag (\xE2\x82\xAC)", key, sizeof key, &scale), "bedrag");
    CHECK_INT(scale, 1);
    CHECK_STR(table_fold_header("  Categorie / Pijler ", key, sizeof key, NULL), "categoriepijler");
    CHECK_STR(table_fold_header("Kosten in k\xE2\x82\xAC", key, sizeof key, &scale), "kosten");
    CHECK_INT(scale, 1000);
    CHECK_STR(table_fold_header("Euro", key, sizeof key, NULL), "euro");
    CHECK_STR(table_fold_header("Bedrag in euro's", key, sizeof key, NULL), "bedrag");
    int kind;
    CHECK_INT(table_header_year("Begroting 2026 (x 1000)", &kind), 2026);
    CHECK_INT(kind, KIND_BEGROTING);
    CHECK_INT(table_header_year("Totaal 2024-2027", &kind), 0);
    CHECK_INT(table_header_year("Jaar", &kind), 0);
    diag_free(&d);
}

static void test_amounts(void)
{
    static const char *const rows[] = {
        "(1.000)|k\xE2\x82\xAC 465|#n:1219092.5|#d:2025-03-31|#e:#DIV/0!|1.234|1,234.56|EUR 12,-|#n:1e20",
    };
    grid *g = make_grid(rows, 1);
    diag_list d;
    diag_init(&d);
    int64_t c;
    CHECK(table_amount(g, 0, 0, NUMLOC_NL, false, &c, &d) && c == -100000);
    CHECK(table_amount(g, 0, 1, NUMLOC_NL, false, &c, &d) && c == 46500000);
    CHECK(table_amount(g, 0, 2, NUMLOC_NL, false, &c, &d) && c == 121909250);
    CHECK(table_amount(g, 0, 7, NUMLOC_NL, false, &c, &d) && c == 1200);
    CHECK(table_amount(g, 0, 6, NUMLOC_EN, false, &c, &d) && c == 123456);
    CHECK(table_amount(g, 0, 20, NUMLOC_NL, true, &c, &d) && c == 0);
    CHECK_INT(d.count, 0);
    CHECK(table_amount(g, 0, 5, NUMLOC_AUTO, false, &c, &d) && c == 123400);
    CHECK_STR(diag_text(&d, DIAG_WARNING), "mem.xlsx:Blad1!F1: amount \"1.234\" is ambiguous; read as 1234 euro");
    CHECK(!table_amount(g, 0, 3, NUMLOC_NL, false, &c, &d));
    CHECK_STR(diag_text(&d, DIAG_ERROR), "mem.xlsx:Blad1!D1: amount \"2025-03-31\" is a date");
    CHECK(!table_amount(g, 0, 4, NUMLOC_NL, false, &c, &d));
    CHECK(!table_amount(g, 0, 8, NUMLOC_NL, false, &c, &d));
    CHECK(!table_amount(g, 0, 20, NUMLOC_NL, false, &c, &d));
    CHECK_INT(d.errors, 4);
    CHECK(strstr(d.items[d.count - 2].message, "too large") != NULL);
    CHECK_STR(d.items[d.count - 1].message, "amount is missing");
    grid_free(g);
    diag_free(&d);
}

static void test_integers(void)
{
    static const char *const rows[] = { "2025|31.000|#n:2025|20x5|1990|#n:12.5|31,500|1.23" };
    grid *g = make_grid(rows, 1);
    diag_list d;
    diag_init(&d);
    long long v = -1;
    CHECK(table_integer(g, 0, 0, 2000, 2100, false, &v, &d) && v == 2025);
    CHECK(table_integer(g, 0, 1, 0, 10000000, false, &v, &d) && v == 31000);
    CHECK(table_integer(g, 0, 2, 2000, 2100, false, &v, &d) && v == 2025);
    CHECK(table_integer(g, 0, 6, 0, 10000000, false, &v, &d) && v == 31500);
    v = -1;
    CHECK(table_integer(g, 0, 30, 0, 10, true, &v, &d) && v == -1);
    CHECK_INT(d.count, 0);
    CHECK(!table_integer(g, 0, 3, 2000, 2100, false, &v, &d));
    CHECK_STR(diag_text(&d, DIAG_ERROR), "mem.xlsx:Blad1!D1: value \"20x5\" is not a whole number");
    CHECK(!table_integer(g, 0, 4, 2000, 2100, false, &v, &d));
    CHECK_STR(d.items[d.count - 1].message, "value \"1990\" is not between 2000 and 2100");
    CHECK(!table_integer(g, 0, 5, 0, 100, false, &v, &d));
    CHECK(!table_integer(g, 0, 7, 0, 100, false, &v, &d));
    CHECK(!table_integer(g, 0, 30, 0, 100, false, &v, &d));
    CHECK_INT(d.errors, 5);
    grid_free(g);
    diag_free(&d);
}

static void test_detect_locale(void)
{
    static const char *const en_rows[] = { "bedrag", "1,234.56", "1.234", "#n:12.5", "tekst" };
    static const char *const mixed[] = { "bedrag", "1,234.56", "12,5" };
    static const char *const none[] = { "bedrag", "1.234", "1000" };
    int cols[1] = { 0 };
    grid *g = make_grid(en_rows, 5);
    CHECK(table_detect_locale(g, cols, 1, 1));
    CHECK_INT(g->locale, NUMLOC_EN);
    grid_free(g);
    g = make_grid(mixed, 3);
    CHECK(!table_detect_locale(g, cols, 1, 1));
    CHECK_INT(g->locale, NUMLOC_AUTO);
    grid_free(g);
    g = make_grid(none, 3);
    CHECK(!table_detect_locale(g, cols, 1, 1));
    grid_free(g);
}

static void test_no_header(void)
{
    /* the header lacks "bedrag"; a data row with a year in it must not be taken for a wide header */
    static const char *const long_rows[] = { "jaar|regel|categorie", "Psychologen|2025|Pijler 3" };
    grid *lg = make_grid(long_rows, 2);
    diag_list ld;
    diag_init(&ld);
    table_map lm;
    CHECK(!table_find_header(lg, budget_specs, S_COUNT, true, &lm, &ld));
    CHECK_STR(diag_text(&ld, DIAG_ERROR), "mem.xlsx:Blad1!1: the header row lacks the column \"bedrag\"");
    grid_free(lg);
    diag_free(&ld);

    static const char *const rows[] = { "iets|anders", "1|2" };
    grid *g = make_grid(rows, 2);
    diag_list d;
    diag_init(&d);
    table_map m;
    CHECK(!table_find_header(g, budget_specs, S_COUNT, true, &m, &d));
    CHECK_STR(diag_text(&d, DIAG_ERROR),
              "mem.xlsx:Blad1: no header row with the columns \"jaar\", \"regel\", \"bedrag\" in the first 30 rows");
    CHECK_STR(d.items[0].hint, "name the columns jaar (also year); regel (also line, omschrijving, post); "
                               "bedrag (also amount, kosten, euro)");
    grid_free(g);
    diag_free(&d);
}

UNIT_MAIN("table", T(test_header_below_title_block), T(test_wide_layout), T(test_aliases_units_and_exact_keys),
          T(test_amounts), T(test_integers), T(test_detect_locale), T(test_no_header))
