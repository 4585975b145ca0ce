/* Unit tests for the appendix writer: the safety gate (xlsx_safe) and the workbook's parts, read
 * back with libzip. With `--fixture DIR` it writes fixture appendices plus expected figures as
 * JSON instead, and with `--many DIR N` N appendices plus the expected sector totals, for
 * tests/e2e/appendix.sh. */
#include "unit.h"

#include "appendix_fixture.h"
#include "xlsx_safe.h"

#include <stdbool.h>
#include <unistd.h>
#include <zip.h>

/* Returns the malloc'ed content of a zip member, or NULL. */
static char *zip_member(const char *path, const char *member)
{
    int err = 0;
    zip_t *z = zip_open(path, ZIP_RDONLY, &err);
    if (!z) return NULL;
    zip_stat_t st;
    char *buf = NULL;
    zip_file_t *f = zip_stat(z, member, 0, &st) == 0 ? zip_fopen(z, member, 0) : NULL;
    if (f) {
        buf = calloc(1, st.size + 1);
        if (zip_fread(f, buf, st.size) != (zip_int64_t)st.size) { free(buf); buf = NULL; }
        zip_fclose(f);
    }
    zip_close(z);
    return buf;
}

static char *read_all(const char *path, long *n)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    *n = ftell(f);
    rewind(f);
    char *b = malloc((size_t)*n + 1);
    if (fread(b, 1, (size_t)*n, f) != (size_t)*n) *n = -1;
    fclose(f);
    return b;
}

static void clean_text_repairs(void)
{
    bool ch = false;
    char *s = xs_clean_text("caf\xC3\xA9", &ch);
    CHECK_STR(s, "caf\xC3\xA9");
    CHECK(!ch);
    free(s);
    s = xs_clean_text("a\xFF" "b\xC0\xAF" "c\x01" "d", &ch); /* invalid, overlong, control */
    CHECK_STR(s, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD" "c d");
    CHECK(ch);
    free(s);
    s = xs_clean_text("\xED\xA0\x80", &ch); /* a surrogate is not a scalar value: each byte replaced */
    CHECK_STR(s, "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
    free(s);
    s = xs_clean_text(NULL, &ch);
    CHECK_STR(s, "");
    free(s);
}

static void clean_text_limits_length(void)
{
    size_t n = 40000;
    char *big = malloc(n * 4 + 1);
    for (size_t i = 0; i < n; i++) memcpy(big + i * 4, "\xF0\x9F\x98\x80", 4); /* 2 UTF-16 units each */
    big[n * 4] = '\0';
    bool ch = false;
    char *s = xs_clean_text(big, &ch);
    CHECK(ch);
    CHECK_INT(strlen(s), (XS_CELL_MAX / 2) * 4); /* whole characters only */
    free(s);
    memset(big, 'x', XS_CELL_MAX);
    big[XS_CELL_MAX] = '\0';
    s = xs_clean_text(big, &ch);
    CHECK(!ch);
    CHECK_INT(strlen(s), XS_CELL_MAX);
    free(s);
    free(big);
}

static void names_are_checked(void)
{
    CHECK(xs_valid_sheet_name("Begroting-realisatie"));
    CHECK(!xs_valid_sheet_name("Dit is een veel te lange bladnaam!"));
    CHECK(!xs_valid_sheet_name("a/b"));
    CHECK(!xs_valid_sheet_name("'quote"));
    CHECK(!xs_valid_sheet_name(""));
    CHECK(xs_valid_defined_name("KR_Besteding"));
    CHECK(xs_valid_defined_name("_x.y"));
    CHECK(!xs_valid_defined_name("A1"));
    CHECK(!xs_valid_defined_name("XFD12"));
    CHECK(!xs_valid_defined_name("R1C1"));
    CHECK(!xs_valid_defined_name("R"));
    CHECK(!xs_valid_defined_name("1abc"));
    CHECK(!xs_valid_defined_name("KR Besteding"));
    char longname[300];
    memset(longname, 'a', 299);
    longname[299] = '\0';
    CHECK(!xs_valid_defined_name(longname));
}

static void writes_identical_bytes(void)
{
    model *m = fx_model(3, false, true);
    allocation *a1 = fx_write(m, "/tmp/kr-unit-a.xlsx");
    sleep(1); /* a clock time anywhere in the file would now differ */
    allocation *a2 = fx_write(m, "/tmp/kr-unit-b.xlsx");
    CHECK(a1 && a2);
    long n1 = 0, n2 = 0;
    char *b1 = read_all("/tmp/kr-unit-a.xlsx", &n1), *b2 = read_all("/tmp/kr-unit-b.xlsx", &n2);
    CHECK(b1 && b2 && n1 > 0 && n1 == n2 && !memcmp(b1, b2, (size_t)n1));
    free(b1); free(b2);
    allocation_free(a1); allocation_free(a2);
    model_free(m);
    unlink("/tmp/kr-unit-b.xlsx");
}

static void has_format_id_and_names(void)
{
    const char *p = "/tmp/kr-unit-a.xlsx";
    char *wb = zip_member(p, "xl/workbook.xml"), *core = zip_member(p, "docProps/core.xml");
    char *custom = zip_member(p, "docProps/custom.xml");
    CHECK(wb && core && custom);
    if (!wb || !core || !custom) { free(wb); free(core); free(custom); return; }
    static const char *const names[] = { "KR_Formaat\">Toelichting!$B$1<", "KR_Versie\">Toelichting!$B$2<",
        "KR_Besteding\">Besteding!$A$4:$E$27<", "KR_Jaren\">Besteding!$C$4:$E$4<",
        "KR_BegrotingRealisatie\">'Begroting-realisatie'!", "KR_Activiteiten\">", "KR_Toewijzing\">",
        "KR_Aansluiting\">", "KR_Bronnen\">", "KR_Monitoring\">", "KR_PerActielijn\">" };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++)
        if (!strstr(wb, names[i])) { fprintf(stderr, "  missing %s\n", names[i]); CHECK(0); }
    CHECK(strstr(core, "2026-03-31T00:00:00Z") != NULL);
    CHECK(strstr(custom, "kaderrapport-bijlage") != NULL);
    CHECK(strstr(custom, "KR_Versie") != NULL);
    free(wb); free(core); free(custom);
}

static void formulas_have_cached_values(void)
{
    char *sheet = zip_member("/tmp/kr-unit-a.xlsx", "xl/worksheets/sheet2.xml"); /* Besteding */
    CHECK(sheet != NULL);
    if (!sheet) return;
    CHECK(strstr(sheet, "<f>SUM(C7:C10)</f><v>") != NULL);
    CHECK(strstr(sheet, "<f>C25+C26</f><v>") != NULL);
    CHECK(strstr(sheet, "<f>C25+C26</f><v>0</v>") == NULL);
    char *pr = strstr(sheet, "<pageSetup");
    CHECK(pr && strstr(pr, "orientation=\"landscape\""));
    CHECK(strstr(sheet, "<pane ") != NULL);
    free(sheet);
}

static void user_text_is_never_a_formula(void)
{
    char *sst = zip_member("/tmp/kr-unit-a.xlsx", "xl/sharedStrings.xml");
    char *act = zip_member("/tmp/kr-unit-a.xlsx", "xl/worksheets/sheet5.xml"); /* Activiteiten */
    CHECK(sst && act);
    if (sst && act) {
        CHECK(strstr(sst, ">=SUM(A1:A9)<") != NULL);
        CHECK(strstr(sst, ">+31 6 1234 5678<") != NULL);
        CHECK(strstr(sst, ">@iedereen welkom<") != NULL);
        CHECK(strstr(sst, ">_x005F_x0041_ blijft zo<") != NULL); /* Excel would read "_x0041_" as "A" */
        CHECK(strstr(act, "<f>") == NULL);
    }
    free(sst); free(act);
}

static void untracked_says_so(void)
{
    model *m = fx_model(4, true, false);
    allocation *a = fx_write(m, "/tmp/kr-unit-c.xlsx");
    CHECK(a != NULL);
    char *sst = zip_member("/tmp/kr-unit-c.xlsx", "xl/sharedStrings.xml");
    CHECK(sst && strstr(sst, ">niet bijgehouden<") && strstr(sst, "vraag 18"));
    free(sst);
    allocation_free(a);
    model_free(m);
    unlink("/tmp/kr-unit-c.xlsx");
}

/* The fixture has a control character and an over-long text: written, with one warning. */
static void adjusted_text_is_a_warning(void)
{
    model *m = fx_model(2, true, true);
    diag_list d;
    diag_init(&d);
    allocation *a = allocate_model(m, &d);
    CHECK(render_xlsx(m, a, "/tmp/kr-unit-d.xlsx", &d));
    CHECK_INT(d.errors, 0);
    CHECK_INT(d.warnings, 1);
    CHECK(d.count == 1 && strstr(d.items[0].message, "adjusted for Excel"));
    diag_free(&d);
    allocation_free(a);
    model_free(m);
    unlink("/tmp/kr-unit-d.xlsx");
}

static void unwritable_path_is_reported(void)
{
    model *m = fx_model(5, false, true);
    diag_list d;
    diag_init(&d);
    allocation *a = allocate_model(m, &d);
    CHECK(!render_xlsx(m, a, "/nonexistent-dir/x.xlsx", &d));
    CHECK(d.errors > 0);
    diag_free(&d);
    allocation_free(a);
    model_free(m);
}

/* Writes the fixture appendices and their expected figures into dir. */
static int write_fixtures(const char *dir)
{
    static const struct { unsigned seed; bool hbo, tracks; } fx[] = { { 1, false, true }, { 2, true, true }, { 3, true, false } };
    for (size_t i = 0; i < sizeof fx / sizeof *fx; i++) {
        char path[1024];
        model *m = fx_model(fx[i].seed, fx[i].hbo, fx[i].tracks);
        snprintf(path, sizeof path, "%s/fixture-%u.xlsx", dir, fx[i].seed);
        allocation *a = fx_write(m, path);
        if (!a) return 1;
        snprintf(path, sizeof path, "%s/fixture-%u.json", dir, fx[i].seed);
        FILE *f = fopen(path, "w");
        if (!f) return 1;
        fx_expect_json(m, a, f);
        fclose(f);
        allocation_free(a);
        model_free(m);
    }
    return 0;
}

/* Writes n appendices (a mix of wo/hbo and tracking/not) into dir and prints the expected sector
 * totals per year in cents as JSON on stdout: {"2023": [total, framework], ...}. */
static int write_many(const char *dir, int n)
{
    int64_t total[3] = { 0 }, kader[3] = { 0 };
    for (int i = 1; i <= n; i++) {
        char path[1024];
        model *m = fx_model((unsigned)i, i % 3 != 0, i % 4 != 0);
        snprintf(path, sizeof path, "%s/bijlage-%04d.xlsx", dir, i);
        allocation *a = fx_write(m, path);
        if (!a) return 1;
        for (int yi = 0; yi < 3; yi++) {
            int k = a->totals.nlines[yi][KIND_REALISATIE] ? KIND_REALISATIE : KIND_BEGROTING;
            total[yi] += a->totals.total[yi][k];
            if (m->tracks_per_actionline) kader[yi] += a->totals.allocated[yi][k];
        }
        allocation_free(a);
        model_free(m);
    }
    printf("{");
    for (int yi = 0; yi < 3; yi++)
        printf("%s\"%d\": [%lld, %lld]", yi ? ", " : "", 2023 + yi, (long long)total[yi], (long long)kader[yi]);
    printf("}\n");
    return 0;
}

int main(int argc, char **argv)
{
    if (argc == 3 && !strcmp(argv[1], "--fixture")) return write_fixtures(argv[2]);
    if (argc == 4 && !strcmp(argv[1], "--many")) return write_many(argv[2], atoi(argv[3]));
    static const unit_test tests[] = {
        T(clean_text_repairs), T(clean_text_limits_length), T(names_are_checked),
        T(writes_identical_bytes), T(has_format_id_and_names), T(formulas_have_cached_values),
        T(user_text_is_never_a_formula), T(untracked_says_so), T(adjusted_text_is_a_warning), T(unwritable_path_is_reported),
    };
    int rc = unit_run("render_xlsx", tests, (int)(sizeof tests / sizeof *tests));
    unlink("/tmp/kr-unit-a.xlsx");
    return rc;
}
