/* Unit tests for the XLSX reader on workbooks written by openpyxl, LibreOffice and by hand
 * (edge cases and hostile files); see tests/data/readers/README.md for how each was made. */
#include "grid.h"
#include "read_xlsx_int.h"
#include "table.h"
#include "unit.h"
#include "unit_diag.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define DATA "tests/data/readers/"

static const char *loc_text(const grid *g, int r, int c)
{
    static char buf[256];
    return srcloc_format(grid_loc(g, r, c), buf, sizeof buf);
}

static int kind_at(const grid *g, int r, int c)
{
    const grid_cell *cell = grid_at(g, r, c);
    return cell ? (int)cell->kind : -1;
}

/* Accepts a sheet that has a budget header (wide or long), as the loader does. */
static bool has_budget_header(const grid *g, void *ctx)
{
    static const table_column_spec specs[] = {
        { "jaar", "year", true, true },
        { "regel", "line|omschrijving|post|kosten", true, false },
        { "bedrag", "amount|euro", true, true },
    };
    (void)ctx;
    diag_list d;
    diag_init(&d);
    table_map m;
    bool ok = table_find_header(g, specs, 3, true, &m, &d);
    diag_free(&d);
    return ok;
}

static void test_openpyxl_wide(void)
{
    diag_list d;
    diag_init(&d);
    grid *g = read_xlsx(DATA "begroting-openpyxl.xlsx", NULL, has_budget_header, NULL, NULL, &d);
    CHECK(g != NULL);
    if (!g) return;
    CHECK_INT(d.errors, 0);
    CHECK_STR(g->sheet, "Begroting");
    CHECK_STR(grid_text(g, 0, 0), "Universiteit Voorbeeldstad \xE2\x80\x93 kosten studentenwelzijn");
    CHECK_INT(kind_at(g, 0, 1), CELL_EMPTY);
    CHECK_STR(grid_text(g, 1, 1), "2025-03-31");
    CHECK_INT(kind_at(g, 1, 1), CELL_DATE);
    CHECK_STR(grid_text(g, 1, 2), "2024-02-29T14:30:00");
    CHECK_STR(grid_text(g, 1, 3), "TRUE");
    CHECK_INT(kind_at(g, 1, 3), CELL_BOOL);
    CHECK_STR(grid_text(g, 3, 1), "2024");
    CHECK_STR(grid_text(g, 4, 2), "260000"); /* a currency format is not a date */
    CHECK_INT(kind_at(g, 4, 2), CELL_NUMBER);
    CHECK_STR(grid_text(g, 4, 3), "250000.5");
    CHECK_STR(grid_text(g, 6, 4), "\xE2\x82\xAC 1.219.092,50");
    CHECK_STR(grid_text(g, 7, 4), "samengevoegd");
    CHECK_INT(kind_at(g, 8, 4), CELL_EMPTY);
    CHECK_STR(loc_text(g, 6, 3), DATA "begroting-openpyxl.xlsx:Begroting!D7");
    /* openpyxl stores formulas without their results */
    CHECK_INT(kind_at(g, 9, 1), CELL_EMPTY);
    CHECK_STR(diag_text(&d, DIAG_WARNING),
              DATA "begroting-openpyxl.xlsx:Begroting!B10: 3 formula cells without a stored result are read as empty");
    table_map m;
    /* "Kosten (€)" is an alias of the amount, but in a wide table it labels the rows */
    static const table_column_spec specs[] = { { "jaar", "year", true, true },
                                               { "regel", "line|omschrijving", true, false },
                                               { "bedrag", "amount|kosten", true, true } };
    CHECK(table_find_header(g, specs, 3, true, &m, &d));
    CHECK_INT(m.header_row, 3);
    CHECK_INT(m.nyear_cols, 3);
    CHECK_INT(m.col[1], 0);
    CHECK_INT(m.col[2], -1);
    CHECK_STR(diag_text(&d, DIAG_NOTE),
              DATA "begroting-openpyxl.xlsx:Begroting!A4: column \"Kosten (\xE2\x82\xAC)\" is read as the \"regel\" column");
    int64_t cents;
    CHECK(table_amount(g, 6, 3, NUMLOC_NL, false, &cents, &d) && cents == 51234567);
    CHECK(table_amount(g, 6, 4, NUMLOC_NL, false, &cents, &d) && cents == 121909250);
    grid_free(g);
    diag_free(&d);
}

static void test_libreoffice_cached_formulas(void)
{
    diag_list d;
    diag_init(&d);
    grid *g = read_xlsx(DATA "begroting-libreoffice.xlsx", "begroting", NULL, NULL, NULL, &d);
    CHECK(g != NULL);
    if (!g) return;
    CHECK_INT(d.errors + d.warnings, 0);
    CHECK_STR(g->sheet, "Begroting");
    CHECK_STR(grid_text(g, 9, 0), "Totaal");
    CHECK_STR(grid_text(g, 9, 1), "1219092");
    CHECK_STR(grid_text(g, 9, 3), "1189346.17");
    CHECK_INT(kind_at(g, 9, 1), CELL_NUMBER);
    CHECK(table_is_total_row(g, 9, NULL));
    CHECK_STR(grid_text(g, 1, 1), "2025-03-31");
    grid_free(g);

    /* without a name or a taker: the first visible sheet */
    g = read_xlsx(DATA "begroting-libreoffice.xlsx", NULL, NULL, NULL, NULL, &d);
    CHECK(g && !strcmp(g->sheet, "Toelichting"));
    grid_free(g);

    /* nobody takes a sheet: the first one, and the hidden sheet is never offered */
    g = read_table_file(DATA "begroting-libreoffice.xlsx", NULL, has_budget_header, NULL, NULL, &d);
    CHECK(g && !strcmp(g->sheet, "Begroting"));
    grid_free(g);

    CHECK(read_xlsx(DATA "begroting-libreoffice.xlsx", "Nope", NULL, NULL, NULL, &d) == NULL);
    CHECK_STR(diag_text(&d, DIAG_ERROR), DATA "begroting-libreoffice.xlsx: the workbook has no sheet \"Nope\"");
    CHECK(strstr(d.items[d.count - 1].hint, "\"Toelichting\", \"Begroting\", \"Oud\"") != NULL);
    diag_free(&d);
}

static void test_libreoffice_rich_text(void)
{
    diag_list d;
    diag_init(&d);
    grid *g = read_xlsx(DATA "rich-libreoffice.xlsx", NULL, NULL, NULL, NULL, &d);
    CHECK(g != NULL);
    if (!g) return;
    CHECK_STR(g->sheet, "Begroting 2025");
    CHECK_STR(grid_text(g, 0, 0), "Kosten studentenwelzijn 2025");
    CHECK_INT(kind_at(g, 0, 1), CELL_EMPTY);
    CHECK_STR(grid_text(g, 2, 0), "Well-being Week");
    CHECK_STR(grid_text(g, 2, 1), "30000.5");
    CHECK_STR(grid_text(g, 2, 2), "2025-03-31");
    CHECK_INT(kind_at(g, 2, 2), CELL_DATE);
    CHECK_STR(grid_text(g, 4, 1), "38000.5");
    CHECK_STR(loc_text(g, 4, 1), DATA "rich-libreoffice.xlsx:Begroting 2025!B5");
    grid_free(g);
    diag_free(&d);
}

static void test_handmade_edge_cases(void)
{
    diag_list d;
    diag_init(&d);
    grid *g = read_xlsx(DATA "handmade.xlsx", NULL, NULL, NULL, NULL, &d);
    CHECK(g != NULL);
    if (!g) return;
    CHECK_INT(d.count, 0);
    CHECK_STR(g->sheet, "Blad 1"); /* "Evil" points outside the archive and is dropped */
    CHECK_STR(grid_text(g, 1, 1), "Bedrag");
    CHECK_STR(grid_text(g, 1, 2), "Pijler 3 & co"); /* rich runs joined, phonetic run left out */
    CHECK_STR(grid_text(g, 1, 4), "inline");
    CHECK_STR(grid_text(g, 2, 0), "1219092.5");
    CHECK_STR(grid_text(g, 2, 1), "2025-03-31");
    CHECK_STR(grid_text(g, 2, 2), "1900-02-29");
    CHECK_STR(grid_text(g, 2, 3), "#DIV/0!");
    CHECK_INT(kind_at(g, 2, 3), CELL_ERROR);
    CHECK_STR(grid_text(g, 2, 4), "FALSE");
    CHECK_STR(grid_text(g, 2, 5), "abc");
    CHECK_STR(grid_text(g, 2, 6), "-3E-2");
    CHECK_INT(kind_at(g, 2, 6), CELL_NUMBER);
    CHECK_STR(grid_text(g, 2, 7), "spaties");
    CHECK_STR(grid_text(g, 2, 8), "2025-01-02");
    CHECK_STR(grid_text(g, 2, 9), "1900-02-28");
    CHECK_STR(grid_text(g, 2, 10), "1900-03-01");
    CHECK_STR(grid_text(g, 2, 11), "regel\nnieuw"); /* _x000D_ is Excel's escaped CR */
    CHECK_STR(grid_text(g, 2, 12), "a_x0041_b");
    int64_t cents;
    CHECK(table_amount(g, 2, 6, NUMLOC_NL, false, &cents, &d) && cents == -3);
    CHECK(!table_amount(g, 2, 3, NUMLOC_NL, false, &cents, &d));
    CHECK_STR(diag_text(&d, DIAG_ERROR),
              DATA "handmade.xlsx:Blad 1!D3: amount \"#DIV/0!\" is an error value of the spreadsheet");
    grid_free(g);
    CHECK(read_xlsx(DATA "handmade.xlsx", "Evil", NULL, NULL, NULL, &d) == NULL);
    diag_free(&d);
}

static void test_dates_1904(void)
{
    diag_list d;
    diag_init(&d);
    grid *g = read_xlsx(DATA "dates-1904.xlsx", NULL, NULL, NULL, NULL, &d);
    CHECK(g != NULL);
    if (!g) return;
    CHECK_STR(grid_text(g, 0, 0), "2025-03-31");
    CHECK_STR(grid_text(g, 1, 0), "1904-01-01");
    grid_free(g);
    diag_free(&d);

    char iso[64];
    CHECK(xlsx_serial_to_iso(45747, false, iso) && !strcmp(iso, "2025-03-31"));
    CHECK(xlsx_serial_to_iso(1, false, iso) && !strcmp(iso, "1900-01-01"));
    CHECK(xlsx_serial_to_iso(44285, true, iso) && !strcmp(iso, "2025-03-31"));
    CHECK(xlsx_serial_to_iso(45747.75, false, iso) && !strcmp(iso, "2025-03-31T18:00:00"));
    CHECK(!xlsx_serial_to_iso(0, false, iso));
    CHECK(!xlsx_serial_to_iso(-1, false, iso));
    CHECK(!xlsx_serial_to_iso(1e9, false, iso));
}

static void test_hostile_files(void)
{
    diag_list d;
    diag_init(&d);
    CHECK(read_xlsx(DATA "doctype.xlsx", NULL, NULL, NULL, NULL, &d) == NULL);
    CHECK(strstr(diag_text(&d, DIAG_ERROR), "doctype.xlsx:Blad 1: workbook part xl/worksheets/data.xml contains "
                                            "a document type declaration") != NULL);
    diag_free(&d);

    diag_init(&d);
    CHECK(read_xlsx(DATA "bomb.xlsx", NULL, NULL, NULL, NULL, &d) == NULL);
    CHECK(strstr(diag_text(&d, DIAG_ERROR), "possible zip bomb") != NULL);
    diag_free(&d);

    diag_init(&d);
    CHECK(read_xlsx(DATA "truncated-xml.xlsx", NULL, NULL, NULL, NULL, &d) == NULL);
    CHECK_STR(diag_text(&d, DIAG_ERROR),
              DATA "truncated-xml.xlsx:Blad 1: damaged workbook: xl/worksheets/data.xml line 1: no element found");
    diag_free(&d);

    /* a damaged sheet before a good one: the good one is read, the other is a warning */
    diag_init(&d);
    grid *g = read_xlsx(DATA "damaged-first-sheet.xlsx", NULL, NULL, NULL, NULL, &d);
    CHECK(g && !strcmp(g->sheet, "Goed"));
    CHECK_INT(d.errors, 0);
    CHECK_STR(diag_text(&d, DIAG_WARNING), DATA "damaged-first-sheet.xlsx:Blad 1: sheet \"Blad 1\" is skipped: "
                                           "damaged workbook: xl/worksheets/data.xml line 1: no element found");
    grid_free(g);
    diag_free(&d);

    /* not a zip at all, though it starts like one */
    diag_init(&d);
    char path[] = "/tmp/kr-xlsx-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0 && write(fd, "PK\x03\x04 this is no archive", 24) == 24);
    close(fd);
    CHECK(read_table_file(path, NULL, NULL, NULL, NULL, &d) == NULL);
    CHECK(strstr(diag_text(&d, DIAG_ERROR), "cannot open the workbook") != NULL);
    unlink(path);
    diag_free(&d);
}

static void test_limits(void)
{
    diag_list d;
    diag_init(&d);
    grid_limits lim = grid_limits_default();
    lim.max_rows = 3;
    CHECK(read_xlsx(DATA "begroting-libreoffice.xlsx", "Begroting", NULL, NULL, &lim, &d) == NULL);
    CHECK_STR(diag_text(&d, DIAG_ERROR), DATA "begroting-libreoffice.xlsx:Begroting!A4: the sheet has more than 3 rows");
    diag_free(&d);

    diag_init(&d);
    lim = grid_limits_default();
    lim.max_cell_bytes = 20;
    CHECK(read_xlsx(DATA "begroting-libreoffice.xlsx", "Begroting", NULL, NULL, &lim, &d) == NULL);
    CHECK_STR(diag_text(&d, DIAG_ERROR),
              DATA "begroting-libreoffice.xlsx:Begroting!A1: cell text is longer than 20 bytes");
    diag_free(&d);

    diag_init(&d);
    lim = grid_limits_default();
    lim.max_unpacked = 3000;
    CHECK(read_xlsx(DATA "begroting-libreoffice.xlsx", "Begroting", NULL, NULL, &lim, &d) == NULL);
    CHECK(strstr(diag_text(&d, DIAG_ERROR), "too large") || strstr(diag_text(&d, DIAG_ERROR), "unpacks to more"));
    diag_free(&d);

    diag_init(&d);
    lim = grid_limits_default();
    lim.max_file_bytes = 1000;
    CHECK(read_xlsx(DATA "begroting-libreoffice.xlsx", NULL, NULL, NULL, &lim, &d) == NULL);
    CHECK(strstr(diag_text(&d, DIAG_ERROR), "file is too large") != NULL);
    diag_free(&d);

    diag_init(&d);
    lim = grid_limits_default();
    lim.max_cols = 2;
    CHECK(read_xlsx(DATA "handmade.xlsx", NULL, NULL, NULL, &lim, &d) == NULL);
    CHECK_STR(diag_text(&d, DIAG_ERROR), DATA "handmade.xlsx:Blad 1!C2: the sheet has more than 2 columns");
    diag_free(&d);
}

UNIT_MAIN("read_xlsx", T(test_openpyxl_wide), T(test_libreoffice_cached_formulas), T(test_libreoffice_rich_text),
          T(test_handmade_edge_cases), T(test_dates_1904), T(test_hostile_files), T(test_limits))
