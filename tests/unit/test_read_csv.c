/* Unit tests for the CSV reader: encodings, delimiters, line numbers, quoting and limits. */
#include "grid.h"
#include "unit.h"
#include "unit_diag.h"

#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define DATA "tests/data/readers/"

/* Writes bytes to a temporary file and returns its path (static buffer). */
static const char *temp_file(const char *bytes, size_t n)
{
    static char path[64];
    snprintf(path, sizeof path, "/tmp/kr-csv-XXXXXX");
    int fd = mkstemp(path);
    if (fd < 0) return NULL;
    if (write(fd, bytes, n) != (ssize_t)n) path[0] = '\0';
    close(fd);
    return path;
}

static void test_windows1252_semicolons(void)
{
    diag_list d;
    diag_init(&d);
    grid *g = read_csv(DATA "begroting-cp1252.csv", NULL, &d);
    CHECK(g != NULL);
    if (!g) return;
    CHECK_INT(d.errors, 0);
    CHECK_INT(g->rows, 9);
    CHECK_INT(g->cols, 7);
    CHECK_STR(grid_text(g, 0, 0), "Begroting studentenwelzijn 2025");
    CHECK_STR(grid_text(g, 2, 3), "");
    CHECK_STR(grid_text(g, 3, 5), "bedrag (\xE2\x82\xAC)");
    CHECK_STR(grid_text(g, 4, 5), "\xE2\x82\xAC 190.000");
    CHECK_STR(grid_text(g, 6, 2), "Co\xC3\xB6rdinator e-health");
    CHECK_STR(grid_text(g, 6, 6), "zegt \"ja\"");
    CHECK_STR(grid_text(g, 5, 6), "vacature tot maart;\nwerving loopt");
    CHECK_INT(grid_at(g, 4, 5)->kind, CELL_TEXT);
    CHECK(grid_at(g, 2, 0)->kind == CELL_EMPTY && grid_at(g, 2, 0)->text == NULL);
    /* physical lines: the quoted field with a line break pushes the next row down one line */
    CHECK_INT(g->row_line[3], 4);
    CHECK_INT(g->row_line[5], 6);
    CHECK_INT(g->row_line[6], 8);
    char where[128];
    CHECK_STR(srcloc_format(grid_loc(g, 7, 5), where, sizeof where), DATA "begroting-cp1252.csv:9:6");
    CHECK(strstr(diag_text(&d, DIAG_NOTE), "Windows-1252") != NULL);
    CHECK(grid_at(g, 99, 0) == NULL);
    CHECK_STR(grid_text(g, -1, 0), "");
    grid_free(g);
    diag_free(&d);
}

static void test_utf8_bom_commas(void)
{
    diag_list d;
    diag_init(&d);
    grid *g = read_csv(DATA "utf8-bom-comma.csv", NULL, &d);
    CHECK(g != NULL);
    if (!g) return;
    CHECK_INT(d.errors + d.warnings + d.count, 0);
    CHECK_STR(grid_text(g, 0, 0), "year"); /* BOM stripped */
    CHECK_STR(grid_text(g, 1, 5), "1,219,092.50");
    CHECK_STR(grid_text(g, 2, 6), "multi\nline note");
    CHECK_STR(grid_text(g, 3, 2), "Caf\xC3\xA9 Welzijn");
    CHECK_INT(g->rows, 4);   /* the blank line is no row */
    CHECK_INT(g->cols, 7);   /* trailing empty columns trimmed */
    CHECK_INT(g->row_line[3], 6);
    CHECK(g->sheet == NULL && g->locale == NUMLOC_AUTO);
    grid_free(g);
    diag_free(&d);
}

static void test_tabs_without_final_newline(void)
{
    diag_list d;
    diag_init(&d);
    grid *g = read_table_file(DATA "tabs.csv", NULL, NULL, NULL, NULL, &d);
    CHECK(g != NULL);
    if (!g) return;
    CHECK_INT(g->rows, 3);
    CHECK_INT(g->cols, 3);
    CHECK_STR(grid_text(g, 2, 2), "30.000");
    CHECK_STR(grid_text(g, 1, 1), "Winter Weeks");
    CHECK_INT(g->row_line[2], 3);
    grid_free(g);
    diag_free(&d);
}

static void test_invalid_encoding(void)
{
    diag_list d;
    diag_init(&d);
    grid *g = read_csv(DATA "bad-encoding.csv", NULL, &d);
    CHECK(g == NULL);
    CHECK_INT(d.errors, 1);
    CHECK_STR(diag_text(&d, DIAG_ERROR),
              DATA "bad-encoding.csv:2:9: byte 0x81 is neither UTF-8 nor Windows-1252 text");
    CHECK(d.count > 0 && d.items[0].hint != NULL);
    diag_free(&d);
}

static void test_unterminated_quote(void)
{
    diag_list d;
    diag_init(&d);
    grid *g = read_csv(DATA "unterminated.csv", NULL, &d);
    CHECK(g == NULL);
    CHECK_STR(diag_text(&d, DIAG_ERROR),
              DATA "unterminated.csv:2:2: quoted field is not closed before the end of the file");
    diag_free(&d);
}

static void test_limits(void)
{
    diag_list d;
    diag_init(&d);
    grid_limits lim = grid_limits_default();
    lim.max_rows = 3;
    CHECK(read_csv(DATA "begroting-cp1252.csv", &lim, &d) == NULL);
    CHECK(strstr(diag_text(&d, DIAG_ERROR), "begroting-cp1252.csv:4:1: too many rows") != NULL);
    diag_free(&d);

    diag_init(&d);
    lim = grid_limits_default();
    lim.max_cell_bytes = 20;
    CHECK(read_csv(DATA "begroting-cp1252.csv", &lim, &d) == NULL);
    CHECK(strstr(diag_text(&d, DIAG_ERROR), ":1:1: field is longer than 20 bytes") != NULL);
    diag_free(&d);

    diag_init(&d);
    lim = grid_limits_default();
    lim.max_file_bytes = 100;
    CHECK(read_csv(DATA "begroting-cp1252.csv", &lim, &d) == NULL);
    CHECK(strstr(diag_text(&d, DIAG_ERROR), "file is too large") != NULL);
    diag_free(&d);

    diag_init(&d);
    lim = grid_limits_default();
    lim.max_cols = 4;
    CHECK(read_csv(DATA "begroting-cp1252.csv", &lim, &d) == NULL);
    CHECK(strstr(diag_text(&d, DIAG_ERROR), "too many columns") != NULL);
    diag_free(&d);
}

static void test_odd_files(void)
{
    diag_list d;
    diag_init(&d);
    CHECK(read_csv(DATA "does-not-exist.csv", NULL, &d) == NULL);
    CHECK(strstr(diag_text(&d, DIAG_ERROR), "cannot open") != NULL);
    diag_free(&d);

    /* an empty file is an empty grid, not an error */
    diag_init(&d);
    const char *p = temp_file("", 0);
    grid *g = read_csv(p, NULL, &d);
    CHECK(g != NULL && g->rows == 0 && g->cols == 0 && d.errors == 0);
    grid_free(g);
    unlink(p);
    diag_free(&d);

    /* UTF-16 with BOM, as Excel's "Unicode text" writes it */
    diag_init(&d);
    p = temp_file("\xFF\xFEj\0a\0a\0r\0\t\0\xAC\x20\r\0\n\0", 18);
    g = read_csv(p, NULL, &d);
    CHECK(g != NULL);
    CHECK_STR(grid_text(g, 0, 0), "jaar");
    CHECK_STR(grid_text(g, 0, 1), "\xE2\x82\xAC");
    grid_free(g);
    unlink(p);
    diag_free(&d);

    /* old Mac line ends (CR only) still give line numbers */
    diag_init(&d);
    p = temp_file("jaar;bedrag\r2025;10\r\r2026;20\r", 29);
    g = read_csv(p, NULL, &d);
    CHECK(g != NULL && g->rows == 3);
    CHECK(g && g->row_line[2] == 4);
    CHECK_STR(grid_text(g, 2, 1), "20");
    grid_free(g);
    unlink(p);
    diag_free(&d);

    /* a binary file and an old .xls workbook */
    diag_init(&d);
    p = temp_file("ab\0cd", 5);
    CHECK(read_csv(p, NULL, &d) == NULL);
    CHECK(strstr(diag_text(&d, DIAG_ERROR), ":1:3: the file contains NUL bytes") != NULL);
    unlink(p);
    diag_free(&d);

    diag_init(&d);
    p = temp_file("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest", 12);
    CHECK(read_table_file(p, NULL, NULL, NULL, NULL, &d) == NULL);
    CHECK(strstr(diag_text(&d, DIAG_ERROR), "(.xls)") != NULL);
    unlink(p);
    diag_free(&d);
}

static void test_delimiter_sniffing(void)
{
    /* commas inside Dutch amounts must not win over the semicolons */
    const char *text = "regel;bedrag\nKoffie, thee;1.234,50\nTrainingen, workshops;12,5\n";
    diag_list d;
    diag_init(&d);
    const char *p = temp_file(text, strlen(text));
    grid *g = read_csv(p, NULL, &d);
    CHECK(g != NULL && g->cols == 2);
    CHECK_STR(grid_text(g, 1, 0), "Koffie, thee");
    CHECK_STR(grid_text(g, 2, 1), "12,5");
    grid_free(g);
    unlink(p);
    diag_free(&d);
}

static void test_locations_outlive_grid(void)
{
    diag_list d;
    diag_init(&d);
    grid *g = read_csv(DATA "tabs.csv", NULL, &d);
    CHECK(g != NULL);
    if (!g) return;
    srcloc loc = grid_loc(g, 2, 2);
    grid_free(g); /* models keep locations after their grids are gone */
    char where[128];
    CHECK_STR(srcloc_format(loc, where, sizeof where), DATA "tabs.csv:3:3");
    diag_free(&d);

    /* the format is chosen by content: a workbook named .csv is still read as a workbook */
    char path[] = "/tmp/kr-csv-XXXXXX";
    int fd = mkstemp(path);
    FILE *in = fopen(DATA "dates-1904.xlsx", "rb");
    char buf[8192];
    size_t n = in ? fread(buf, 1, sizeof buf, in) : 0;
    if (in) fclose(in);
    CHECK(fd >= 0 && n > 0 && write(fd, buf, n) == (ssize_t)n);
    close(fd);
    diag_init(&d);
    g = read_table_file(path, NULL, NULL, NULL, NULL, &d);
    CHECK(g && g->sheet && !strcmp(g->sheet, "Data 1904"));
    grid_free(g);
    unlink(path);
    diag_free(&d);
}

UNIT_MAIN("read_csv", T(test_windows1252_semicolons), T(test_utf8_bom_commas), T(test_tabs_without_final_newline),
          T(test_invalid_encoding), T(test_unterminated_quote), T(test_limits), T(test_odd_files),
          T(test_delimiter_sniffing), T(test_locations_outlive_grid))
