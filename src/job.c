/* Job files (INI): institution, report year and years shown, inputs, layout, output directory. */
#include "job.h"

#include "fonts.h"
#include "ini.h"
#include "money.h"

#include <ctype.h>
#include <libgen.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

static const ini_key_spec job_keys[] = {
    { "instelling:naam", "name of the institution" },
    { "instelling:brin", "BRIN code" },
    { "instelling:sector", "wo or hbo" },
    { "instelling:studenten", "number of students" },
    { "rapport:jaar", "report year" },
    { "rapport:jaren", "years shown, e.g. 2023-2025" },
    { "rapport:taal", "nl or en" },
    { "rapport:layout", "layout name or path" },
    { "rapport:uitvoer", "output directory" },
    { "rapport:datum", "report date YYYY-MM-DD" },
    { "rapport:getallen", "nl, en or auto" },
    { "rapport:per_actielijn", "ja or nee" },
    { "rapport:titel", "report title" },
    { "rapport:drempel_afwijking", "variance (percent) from which budget differences are highlighted" },
    { "invoer:begroting", "budget file" },
    { "invoer:begroting_blad", "sheet of the budget workbook" },
    { "invoer:activiteiten", "activity list" },
    { "invoer:activiteiten_blad", "sheet of the activity workbook" },
    { "invoer:toewijzing", "mapping file" },
    { "invoer:toewijzing_blad", "sheet of the mapping workbook" },
    { "kadermiddelen:*", "framework money received per year" },
    { "monitoring:niveaus", "monitoring levels" },
    { "limieten:max_bestand_mb", "largest input file in MB" },
    { "limieten:max_rijen", "most rows per table" },
    { "limieten:max_kolommen", "most columns per table" },
    { "limieten:max_paginas", "most pages in the PDF" },
};

void job_slug(const char *name, char *out, size_t size)
{
    char folded[256];
    size_t o = 0;
    bool dash = false;
    /* text_fold drops separators, so fold word by word to keep them as dashes */
    for (const char *p = name ? name : ""; *p && o + 2 < size && o < 60;) {
        const char *start = p;
        while (*p && (isalnum((unsigned char)*p) || (unsigned char)*p >= 0x80)) p++;
        if (p > start) {
            char word[256];
            size_t n = (size_t)(p - start) < sizeof word - 1 ? (size_t)(p - start) : sizeof word - 1;
            memcpy(word, start, n);
            word[n] = '\0';
            text_fold(word, folded, sizeof folded);
            if (folded[0] && dash && o > 0) out[o++] = '-';
            for (char *f = folded; *f && o + 1 < size && o < 60; f++) out[o++] = *f;
            dash = false;
        }
        while (*p && !(isalnum((unsigned char)*p) || (unsigned char)*p >= 0x80)) { p++; dash = true; }
    }
    while (o > 0 && out[o - 1] == '-') o--;
    out[o] = '\0';
    if (!o) snprintf(out, size, "rapport");
}

/* Joins a path relative to the job's folder; absolute paths stay as they are. */
static char *resolve(const char *dir, const char *rel)
{
    char *out = NULL;
    if (rel[0] == '/' || !strcmp(dir, ".")) return strdup(rel);
    if (asprintf(&out, "%s/%s", dir, rel) < 0) return NULL;
    return out;
}

static bool parse_int_strict(const char *s, long long min, long long max, long long *out)
{
    char *end;
    if (!s || !*s) return false;
    long long v = strtoll(s, &end, 10);
    while (isspace((unsigned char)*end)) end++;
    if (*end || v < min || v > max) return false;
    *out = v;
    return true;
}

static void read_institution(const ini_file *f, model *m, diag_list *d)
{
    const char *name = ini_get(f, "instelling", "naam");
    if (!name) diag_error(d, ini_loc(f, "instelling", NULL), "add `naam = ...` under [instelling]",
                          "the job names no institution");
    m->inst.name = strdup(name ? name : "");
    const char *brin = ini_get(f, "instelling", "brin");
    m->inst.brin = strdup(brin ? brin : "");
    const char *sector = ini_get(f, "instelling", "sector");
    if (sector && !strcasecmp(sector, "hbo")) m->inst.sector = SECTOR_HBO;
    else if (!sector || !strcasecmp(sector, "wo")) m->inst.sector = SECTOR_WO;
    else diag_error(d, ini_loc(f, "instelling", "sector"), "write wo or hbo", "sector %s is not wo or hbo",
                    diag_quote(sector));
    const char *students = ini_get(f, "instelling", "studenten");
    long long n = 0;
    if (students) {
        int64_t cents;
        money_parse_result r = money_parse(students, NUMLOC_NL, &cents);
        if (r.status != MONEY_OK || cents < 0 || cents % 100 != 0) {
            diag_error(d, ini_loc(f, "instelling", "studenten"), "a whole number such as 31500 or 31.500",
                       "number of students %s is not a whole number", diag_quote(students));
        } else {
            n = cents / 100;
        }
    }
    m->inst.students = n;
    char slug[80];
    job_slug(m->inst.name, slug, sizeof slug);
    m->inst.slug = strdup(slug);
}

/* "2023-2025" or "2023, 2024, 2025" (contiguous). */
static bool parse_years(const char *text, int *first, int *last)
{
    int a, b;
    char dash[8];
    if (sscanf(text, "%d %1[-–] %d", &a, dash, &b) == 3 || sscanf(text, "%d-%d", &a, &b) == 2) {
        *first = a; *last = b;
        return a <= b;
    }
    int prev = 0, count = 0;
    const char *p = text;
    while (*p) {
        char *end;
        long y = strtol(p, &end, 10);
        if (end == p) return false;
        if (count && y != prev + 1) return false;
        if (!count) *first = (int)y;
        prev = (int)y;
        count++;
        p = end;
        while (*p == ',' || *p == ' ' || *p == ';') p++;
    }
    *last = prev;
    return count > 0;
}

static void read_years(const ini_file *f, model *m, diag_list *d)
{
    long long year = 0;
    const char *y = ini_get(f, "rapport", "jaar");
    if (!y || !parse_int_strict(y, 2020, 2100, &year)) {
        diag_error(d, ini_loc(f, "rapport", y ? "jaar" : NULL), "write the report year, e.g. jaar = 2025",
                   "report year %s is missing or not a year between 2020 and 2100", diag_quote(y ? y : ""));
        year = 2025;
    }
    m->report_year = (int)year;
    const char *range = ini_get(f, "rapport", "jaren");
    int first = (int)year - 2 < 2023 ? 2023 : (int)year - 2, last = (int)year;
    if (first > last) first = last;
    if (range && (!parse_years(range, &first, &last) || first < 2020 || last > 2100 ||
                  last - first + 1 > MODEL_MAX_YEARS || year < first || year > last)) {
        diag_error(d, ini_loc(f, "rapport", "jaren"), "a range such as 2023-2025 that includes the report year",
                   "years %s are not a usable range (at most 16 years, including the report year)",
                   diag_quote(range));
        first = last = (int)year;
    }
    m->first_year = first;
    m->last_year = last;
}

/* The report date: the job's `datum`, else SOURCE_DATE_EPOCH, else today (UTC midnight). */
static void read_date(const ini_file *f, model *m, diag_list *d)
{
    const char *datum = ini_get(f, "rapport", "datum");
    if (datum) {
        struct tm tm = { 0 };
        char *end = strptime(datum, "%Y-%m-%d", &tm);
        if (!end || *end) {
            diag_error(d, ini_loc(f, "rapport", "datum"), "write the date as YYYY-MM-DD",
                       "date %s is not a date", diag_quote(datum));
        } else {
            m->created = (long long)timegm(&tm);
            return;
        }
    }
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    long long epoch;
    if (sde && parse_int_strict(sde, 0, 253402300799LL, &epoch)) {
        m->created = epoch;
        return;
    }
    m->created = ((long long)time(NULL) / 86400) * 86400;
}

static void read_report_options(const ini_file *f, job *j, model *m, diag_list *d)
{
    const char *lang = ini_get(f, "rapport", "taal");
    if (lang && strcasecmp(lang, "nl") && strcasecmp(lang, "en"))
        diag_error(d, ini_loc(f, "rapport", "taal"), "write nl or en", "language %s is not nl or en", diag_quote(lang));
    m->language = strdup(lang && !strcasecmp(lang, "en") ? "en" : "nl");
    const char *nums = ini_get(f, "rapport", "getallen");
    j->locale = NUMLOC_AUTO;
    if (nums && !strcasecmp(nums, "nl")) j->locale = NUMLOC_NL;
    else if (nums && !strcasecmp(nums, "en")) j->locale = NUMLOC_EN;
    else if (nums && strcasecmp(nums, "auto"))
        diag_error(d, ini_loc(f, "rapport", "getallen"), "write nl, en or auto", "number notation %s is unknown",
                   diag_quote(nums));
    const char *per = ini_get(f, "rapport", "per_actielijn");
    m->tracks_per_actionline = true;
    if (per && (!strcasecmp(per, "nee") || !strcasecmp(per, "no") || !strcasecmp(per, "false")))
        m->tracks_per_actionline = false;
    else if (per && strcasecmp(per, "ja") && strcasecmp(per, "yes") && strcasecmp(per, "true"))
        diag_error(d, ini_loc(f, "rapport", "per_actielijn"), "write ja or nee", "value %s is not ja or nee",
                   diag_quote(per));
    const char *thr = ini_get(f, "rapport", "drempel_afwijking");
    long long pct = 10;
    if (thr && !parse_int_strict(thr, 0, 1000, &pct))
        diag_error(d, ini_loc(f, "rapport", "drempel_afwijking"), "a whole percentage such as 10",
                   "variance threshold %s is not a whole percentage from 0 to 1000", diag_quote(thr));
    j->variance_threshold_pct = (int)pct;
    const char *title = ini_get(f, "rapport", "titel");
    j->title = title ? strdup(title) : NULL;
    const char *lay = ini_get(f, "rapport", "layout");
    if (!lay) lay = "standaard";
    if (strchr(lay, '/') || strstr(lay, ".ini")) {
        m->layout_path = resolve(j->dir, lay);
        struct stat st;
        if (m->layout_path && stat(m->layout_path, &st) == 0 && !S_ISREG(st.st_mode))
            diag_error(d, ini_loc(f, "rapport", "layout"), "name a layout file or a layout in layouts/",
                       "layout %s is not a regular file", diag_quote(lay));
    } else {
        const char *data = kr_data_dir();
        if (asprintf(&m->layout_path, "%s/layouts/%s.ini", data ? data : ".", lay) < 0) m->layout_path = NULL;
    }
    const char *out = ini_get(f, "rapport", "uitvoer");
    j->out_dir = resolve(j->dir, out ? out : ".");
}

static void read_input(const ini_file *f, job *j, const char *key, const char *sheet_key, bool required,
                       job_input *in, diag_list *d)
{
    const char *v = ini_get(f, "invoer", key);
    if (!v && j->workbook_sheet) {
        /* a filled template: every input is a sheet of the job workbook itself */
        in->shown = strdup(j->shown_path);
        in->path = strdup(j->path);
        in->sheet = strdup(j->workbook_sheet(key));
        return;
    }
    if (!v) {
        if (required)
            diag_error(d, ini_loc(f, "invoer", NULL), "name the file under [invoer], e.g. begroting = begroting.csv",
                       "the job names no %s file", key);
        return;
    }
    in->shown = strdup(v);
    in->path = resolve(j->dir, v);
    const char *sheet = ini_get(f, "invoer", sheet_key);
    in->sheet = sheet ? strdup(sheet) : NULL;
}

typedef struct framework_ctx { model *m; diag_list *d; } framework_ctx;

static void on_framework_key(const char *key, const char *value, srcloc loc, void *ctx)
{
    framework_ctx *c = ctx;
    long long year;
    int64_t cents;
    if (!*value) return; /* left empty: unknown */
    if (!parse_int_strict(key, 2000, 2100, &year)) {
        diag_error(c->d, loc, "keys in [kadermiddelen] are years: 2025 = 605.000", "%s is not a year", diag_quote(key));
        return;
    }
    money_parse_result r = money_parse(value, NUMLOC_NL, &cents);
    if (r.status != MONEY_OK || cents < 0) {
        diag_error(c->d, loc, "write an amount such as 605.000", "framework money %s is not an amount",
                   diag_quote(value));
        return;
    }
    int yi = model_year_index(c->m, (int)year);
    if (yi >= 0) c->m->framework_received[yi] = cents;
}

static void read_monitoring(const ini_file *f, model *m, diag_list *d)
{
    const char *v = ini_get(f, "monitoring", "niveaus");
    if (!v) return;
    char *copy = strdup(v), *save = NULL;
    for (char *tok = strtok_r(copy, ",;", &save); tok; tok = strtok_r(NULL, ",;", &save)) {
        while (*tok == ' ') tok++;
        for (char *e = tok + strlen(tok); e > tok && e[-1] == ' ';) *--e = '\0';
        int idx = vocab_lookup(kader_monitoring, MON_COUNT, tok);
        if (idx < 0) diag_error(d, ini_loc(f, "monitoring", "niveaus"),
                                "known levels: geen, output-kwantitatief, output-kwalitatief, outcome-kwantitatief, "
                                "outcome-kwalitatief, landelijke-monitor",
                                "monitoring level %s is unknown", diag_quote(tok));
        else m->monitoring_levels_used[idx] = 1;
    }
    free(copy);
}

static void read_limits(const ini_file *f, job *j, diag_list *d)
{
    j->limits = grid_limits_default();
    j->max_pages = 2000;
    struct { const char *key; long long min, max; } keys[] = {
        { "max_bestand_mb", 1, 4096 }, { "max_rijen", 10, 10000000 }, { "max_kolommen", 5, 16384 }, { "max_paginas", 1, 100000 },
    };
    for (size_t i = 0; i < sizeof keys / sizeof *keys; i++) {
        const char *v = ini_get(f, "limieten", keys[i].key);
        long long n;
        if (!v) continue;
        if (!parse_int_strict(v, keys[i].min, keys[i].max, &n)) {
            diag_error(d, ini_loc(f, "limieten", keys[i].key), NULL, "limit %s = %s is not a whole number from %lld to %lld",
                       keys[i].key, diag_quote(v), keys[i].min, keys[i].max);
            continue;
        }
        if (i == 0) j->limits.max_file_bytes = n * 1024 * 1024;
        else if (i == 1) j->limits.max_rows = (int)n;
        else if (i == 2) j->limits.max_cols = (int)n;
        else j->max_pages = (int)n;
    }
}

/* The template's sheet names for each input role. */
static const char *template_sheet(const char *role)
{
    if (!strcmp(role, "begroting")) return "Begroting";
    if (!strcmp(role, "activiteiten")) return "Activiteiten";
    return "Toewijzing";
}

static bool is_workbook(const char *path)
{
    unsigned char sig[4] = { 0 };
    FILE *fp = fopen(path, "rb");
    if (!fp) return false;
    size_t n = fread(sig, 1, 4, fp);
    fclose(fp);
    return n == 4 && sig[0] == 'P' && sig[1] == 'K' && sig[2] == 3 && sig[3] == 4;
}

/* Settings come from an INI file, or from the Instelling sheet of a filled template. */
static ini_file *open_settings(const char *path, const char *name, grid **sheet, diag_list *d)
{
    *sheet = NULL;
    struct stat st;
    if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
        /* checked before any open: opening a FIFO would wait forever */
        srcloc loc = { name, NULL, 0, 0 };
        diag_error(d, loc, NULL, "not a regular file");
        return NULL;
    }
    if (!is_workbook(path)) return ini_open(path, name, d);
    grid_limits limits = grid_limits_default();
    *sheet = read_xlsx(path, "Instelling", NULL, NULL, &limits, d);
    if (!*sheet) return NULL;
    free((*sheet)->file);
    (*sheet)->file = strdup(name);
    return ini_from_grid(*sheet, job_keys, (int)(sizeof job_keys / sizeof *job_keys), d);
}

/* A filled template comes from the controller, not from the operator who runs the tool, so it may
 * not point the tool at other files: its inputs are its own sheets and its layout is a name. */
static void check_workbook_names_no_files(const ini_file *f, diag_list *d)
{
    static const char *inputs[] = { "begroting", "activiteiten", "toewijzing" };
    for (size_t i = 0; i < sizeof inputs / sizeof *inputs; i++)
        if (ini_get(f, "invoer", inputs[i]))
            diag_error(d, ini_loc(f, "invoer", inputs[i]), "leave the row empty: the sheets of this workbook are the inputs",
                       "a filled template cannot name an input file (%s)", inputs[i]);
    const char *lay = ini_get(f, "rapport", "layout");
    if (lay && (strchr(lay, '/') || strstr(lay, ".ini")))
        diag_error(d, ini_loc(f, "rapport", "layout"), "write the name of a layout, such as standaard",
                   "a filled template cannot name a layout file %s", diag_quote(lay));
}

job *job_load(const char *path, model *m, diag_list *d)
{
    const char *name = model_intern(m, path);
    grid *sheet = NULL;
    ini_file *f = open_settings(path, name, &sheet, d);
    if (!f) {
        grid_free(sheet);
        return NULL;
    }
    job *j = calloc(1, sizeof *j);
    j->path = strdup(path);
    j->shown_path = strdup(name);
    if (sheet) j->workbook_sheet = template_sheet;
    char *tmp = strdup(path);
    j->dir = strdup(dirname(tmp));
    free(tmp);
    m->job_path = strdup(path);
    ini_check_known(f, job_keys, (int)(sizeof job_keys / sizeof *job_keys), d);
    if (sheet) check_workbook_names_no_files(f, d);
    read_institution(f, m, d);
    read_years(f, m, d);
    read_date(f, m, d);
    read_report_options(f, j, m, d);
    read_input(f, j, "begroting", "begroting_blad", true, &j->budget, d);
    read_input(f, j, "activiteiten", "activiteiten_blad", false, &j->activities, d);
    read_input(f, j, "toewijzing", "toewijzing_blad", true, &j->mapping, d);
    framework_ctx ctx = { m, d };
    ini_each_key(f, "kadermiddelen", on_framework_key, &ctx);
    read_monitoring(f, m, d);
    read_limits(f, j, d);
    ini_close(f);
    grid_free(sheet);
    return j;
}

static void input_free(job_input *in)
{
    free(in->path);
    free(in->shown);
    free(in->sheet);
}

void job_free(job *j)
{
    if (!j) return;
    free(j->path); free(j->shown_path); free(j->dir); free(j->out_dir); free(j->title);
    input_free(&j->budget); input_free(&j->activities); input_free(&j->mapping);
    free(j);
}
