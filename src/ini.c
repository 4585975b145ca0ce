/* INI files through iniparser, with line numbers recovered by scanning the text ourselves
 * (iniparser does not keep them) and unknown keys reported. */
#include "ini.h"

#include <ctype.h>
#include <glib.h>
#include <iniparser/dictionary.h>
#include <iniparser/iniparser.h>
#include <stdlib.h>
#include <string.h>

typedef struct ini_line {
    char *section; /* lowercase */
    char *key;     /* lowercase, NULL for section lines */
    srcloc loc;    /* file:line, or workbook:Sheet!A5 for settings read from a sheet */
} ini_line;

struct ini_file {
    dictionary *dict;
    const char *loc_name;
    ini_line *lines;
    int nlines;
    int bad_utf8_line; /* first line that is not valid UTF-8, 0 if none */
};

static _Thread_local diag_list *parse_diags;
static _Thread_local const char *parse_name;

/* iniparser reports syntax errors through a printf-like callback without context. */
__attribute__((format(printf, 1, 2))) static int on_ini_error(const char *fmt, ...)
{
    if (!parse_diags) return 0;
    va_list ap;
    va_start(ap, fmt);
    char *msg = NULL;
    if (vasprintf(&msg, fmt, ap) < 0) msg = NULL;
    va_end(ap);
    if (msg) {
        size_t n = strlen(msg);
        while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' ')) msg[--n] = '\0';
        /* iniparser says "iniparser: syntax error in FILE (LINE):\n-> TEXT"; keep line and text */
        srcloc loc = { parse_name, NULL, 0, 0 };
        const char *open = strrchr(msg, '('), *arrow = strstr(msg, "-> ");
        if (open) loc.line = atoi(open + 1);
        if (arrow)
            diag_error(parse_diags, loc, "lines look like `key = value` under a `[section]`", "syntax error in %s",
                       diag_quote(arrow + 3));
        else if (strstr(msg, "line too long"))
            diag_error(parse_diags, loc, "shorten the value; is this really a job file?",
                       "line is longer than %d characters", 1024 /* iniparser 4.1 ASCIILINESZ */);
        else if (!strstr(msg, "syntax error"))
            diag_error(parse_diags, loc, NULL, "%s", msg);
        free(msg);
    }
    return 0;
}

static char *lower_trim(const char *s, size_t n)
{
    while (n && isspace((unsigned char)*s)) { s++; n--; }
    while (n && isspace((unsigned char)s[n - 1])) n--;
    char *out = strndup(s, n);
    for (char *p = out; p && *p; p++) *p = (char)tolower((unsigned char)*p);
    return out;
}

/* Records the line of every section header and key in the file. */
static void scan_lines(ini_file *f, FILE *fp)
{
    char buf[8192], *section = strdup("");
    int lineno = 0, cap = 0;
    while (fgets(buf, sizeof buf, fp)) {
        lineno++;
        if (!f->bad_utf8_line && !g_utf8_validate(buf, -1, NULL)) f->bad_utf8_line = lineno;
        char *p = buf;
        while (isspace((unsigned char)*p)) p++;
        char *key = NULL;
        if (*p == '[') {
            char *end = strchr(p, ']');
            if (!end) continue;
            free(section);
            section = lower_trim(p + 1, (size_t)(end - p - 1));
        } else if (*p && *p != ';' && *p != '#') {
            char *eq = strchr(p, '=');
            if (!eq) continue;
            key = lower_trim(p, (size_t)(eq - p));
        } else {
            continue;
        }
        if (f->nlines == cap) {
            cap = cap ? cap * 2 : 32;
            ini_line *nl = realloc(f->lines, (size_t)cap * sizeof *nl);
            if (!nl) { free(key); break; }
            f->lines = nl;
        }
        f->lines[f->nlines++] = (ini_line){ strdup(section), key, { f->loc_name, NULL, lineno, 0 } };
    }
    free(section);
}

ini_file *ini_open(const char *path, const char *loc_name, diag_list *d)
{
    srcloc loc = { loc_name, NULL, 0, 0 };
    FILE *fp = fopen(path, "r");
    if (!fp) {
        diag_error(d, loc, "check the path; relative paths are relative to the file that names them",
                   "cannot open %s", diag_quote(path));
        return NULL;
    }
    ini_file *f = calloc(1, sizeof *f);
    f->loc_name = loc_name;
    scan_lines(f, fp);
    fclose(fp);
    int errors_before = d->errors;
    parse_diags = d;
    parse_name = loc_name;
    iniparser_set_error_callback(on_ini_error);
    f->dict = iniparser_load(path);
    parse_diags = NULL;
    if (f->bad_utf8_line) {
        /* every value ends up in the PDF and the workbook, which need valid UTF-8 */
        srcloc at = { loc_name, NULL, f->bad_utf8_line, 0 };
        diag_error(d, at, "save the job file as UTF-8", "line is not valid UTF-8 text");
    }
    if (!f->dict || d->errors > errors_before) {
        if (d->errors == errors_before) diag_error(d, loc, NULL, "cannot parse %s as an INI file", diag_quote(path));
        ini_close(f);
        return NULL;
    }
    return f;
}

void ini_close(ini_file *f)
{
    if (!f) return;
    if (f->dict) iniparser_freedict(f->dict);
    for (int i = 0; i < f->nlines; i++) {
        free(f->lines[i].section);
        free(f->lines[i].key);
    }
    free(f->lines);
    free(f);
}

const char *ini_get(const ini_file *f, const char *section, const char *key)
{
    char full[512];
    snprintf(full, sizeof full, "%s:%s", section, key);
    for (char *p = full; *p; p++) *p = (char)tolower((unsigned char)*p);
    const char *v = iniparser_getstring(f->dict, full, NULL);
    if (!v) return NULL;
    while (isspace((unsigned char)*v)) v++;
    return *v ? v : NULL;
}

srcloc ini_loc(const ini_file *f, const char *section, const char *key)
{
    srcloc loc = { f->loc_name, NULL, 0, 0 };
    for (int i = 0; i < f->nlines; i++) {
        const ini_line *l = &f->lines[i];
        if (strcasecmp(l->section, section) != 0) continue;
        if (!key && !l->key) return l->loc;
        if (key && l->key && !strcasecmp(l->key, key)) return l->loc;
    }
    return loc;
}

static bool spec_matches(const ini_key_spec *spec, const char *section, const char *key)
{
    size_t slen = strlen(section);
    if (strncmp(spec->name, section, slen) != 0 || spec->name[slen] != ':') return false;
    const char *k = spec->name + slen + 1;
    size_t klen = strlen(k);
    if (klen && k[klen - 1] == '*') return !strncmp(k, key, klen - 1);
    return !strcmp(k, key);
}

static bool section_known(const ini_key_spec *known, int nknown, const char *section)
{
    size_t slen = strlen(section);
    for (int i = 0; i < nknown; i++)
        if (!strncmp(known[i].name, section, slen) && known[i].name[slen] == ':') return true;
    return false;
}

void ini_check_known(const ini_file *f, const ini_key_spec *known, int nknown, diag_list *d)
{
    for (int i = 0; i < f->nlines; i++) {
        const ini_line *l = &f->lines[i];
        srcloc loc = l->loc;
        if (!l->key) {
            if (!section_known(known, nknown, l->section))
                diag_warn(d, loc, "this section is ignored", "unknown section [%s]", l->section);
            continue;
        }
        if (!section_known(known, nknown, l->section)) continue;
        bool ok = false;
        for (int k = 0; k < nknown && !ok; k++) ok = spec_matches(&known[k], l->section, l->key);
        if (!ok) {
            char hint[512] = "known keys here:";
            size_t slen = strlen(l->section);
            for (int k = 0; k < nknown; k++)
                if (!strncmp(known[k].name, l->section, slen) && known[k].name[slen] == ':' &&
                    strlen(hint) + strlen(known[k].name) + 2 < sizeof hint) {
                    strcat(hint, " ");
                    strcat(hint, known[k].name + slen + 1);
                }
            diag_warn(d, loc, hint, "unknown key %s in [%s]", diag_quote(l->key), l->section);
        }
    }
}

void ini_each_key(const ini_file *f, const char *section,
                  void (*fn)(const char *key, const char *value, srcloc loc, void *ctx), void *ctx)
{
    for (int i = 0; i < f->nlines; i++) {
        const ini_line *l = &f->lines[i];
        if (!l->key || strcasecmp(l->section, section) != 0) continue;
        const char *v = ini_get(f, section, l->key);
        fn(l->key, v ? v : "", l->loc, ctx);
    }
}

/* The section of a settings key written without one: the only known "section:key" ending in
 * that key, or a wildcard section named as its first word ("kadermiddelen 2025"). */
static bool settings_key(const ini_key_spec *known, int nknown, const char *key, char *out, size_t size)
{
    int found = 0;
    for (int i = 0; i < nknown; i++) {
        const char *colon = strchr(known[i].name, ':');
        if (!colon) continue;
        size_t slen = (size_t)(colon - known[i].name);
        if (!strcmp(colon + 1, key) || (!strncmp(key, known[i].name, slen) && key[slen] == ' ' && !strcmp(colon + 1, "*"))) {
            if (!strcmp(colon + 1, "*")) snprintf(out, size, "%.*s:%s", (int)slen, known[i].name, key + slen + 1);
            else snprintf(out, size, "%s", known[i].name);
            found++;
        } else if (!strncmp(key, known[i].name, slen) && key[slen] == '\0') {
            /* "monitoring" alone names the section's only key */
            snprintf(out, size, "%s", known[i].name);
            found++;
        }
    }
    return found == 1;
}

ini_file *ini_from_grid(const grid *g, const ini_key_spec *known, int nknown, diag_list *d)
{
    ini_file *f = calloc(1, sizeof *f);
    f->loc_name = g->file;
    f->dict = dictionary_new(0);
    for (int r = 0; r < g->rows; r++) {
        char *key = lower_trim(grid_text(g, r, 0), strlen(grid_text(g, r, 0)));
        const char *value = grid_text(g, r, 1);
        char full[256];
        if (!key[0] || (r == 0 && !strcmp(key, "sleutel"))) { free(key); continue; }
        if (!settings_key(known, nknown, key, full, sizeof full)) {
            diag_warn(d, grid_loc(g, r, 0), "see the uitleg column of the template for the known keys",
                      "unknown setting %s is ignored", diag_quote(key));
            free(key);
            continue;
        }
        if (*value) dictionary_set(f->dict, full, value);
        char *colon = strchr(full, ':');
        f->lines = realloc(f->lines, (size_t)(f->nlines + 1) * sizeof *f->lines);
        f->lines[f->nlines++] = (ini_line){ strndup(full, (size_t)(colon - full)), strdup(colon + 1), grid_loc(g, r, 1) };
        free(key);
    }
    return f;
}
