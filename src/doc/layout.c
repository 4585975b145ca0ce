/* Layout files: read through src/ini.h (the one wrapper around iniparser, strings only), and a
 * table of known keys (type, range, default) validates them. Line numbers for messages come from
 * our own scan of the file. */
#include "doc/layout.h"
#include "ini.h"

#include <glib.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define MM (72.0 / 25.4)

typedef enum { K_STR, K_MM, K_NUM, K_ENUM, K_COLOR, K_BOOL, K_PATH } key_type;

typedef struct key_def {
    const char *name;   /* "section:key" as iniparser spells it (lower case) */
    key_type type;
    double min, max;    /* K_MM (millimetres) and K_NUM */
    const char *values; /* K_ENUM: "a|b|c", index stored as int; K_BOOL: fixed ja|nee */
    size_t offset;      /* field in struct layout */
    const char *def;    /* default, written as in a layout file; NULL: none */
} key_def;

#define OFF(f) offsetof(layout, f)
/* The defaults make the neutral "standaard" layout; action-line colours are Okabe–Ito hues
 * chosen so that their grayscale lightness steps apart as well (76, 46, 61, 17). */
static const key_def KEYS[] = {
    { "layout:naam", K_STR, 0, 0, NULL, OFF(name), "standaard" },
    { "pagina:formaat", K_ENUM, 0, 0, "a4|letter", 0, "A4" },
    { "pagina:marge_boven", K_MM, 10, 60, NULL, OFF(margin_top), "25" },
    { "pagina:marge_onder", K_MM, 10, 60, NULL, OFF(margin_bottom), "22" },
    { "pagina:marge_links", K_MM, 10, 60, NULL, OFF(margin_left), "22" },
    { "pagina:marge_rechts", K_MM, 10, 60, NULL, OFF(margin_right), "22" },
    { "letters:tekst", K_STR, 0, 0, NULL, OFF(font_body), "Inter" },
    { "letters:koppen", K_STR, 0, 0, NULL, OFF(font_heading), "Inter" },
    { "letters:cijfers", K_STR, 0, 0, NULL, OFF(font_numbers), "Inter" },
    { "letters:grootte", K_NUM, 7, 14, NULL, OFF(font_size), "9.5" },
    { "letters:regelafstand", K_NUM, 0.9, 2.0, NULL, OFF(line_height), "1.12" },
    { "kleuren:primair", K_COLOR, 0, 0, NULL, OFF(primary), "#1F3A5F" },
    { "kleuren:accent", K_COLOR, 0, 0, NULL, OFF(accent), "#D55E00" },
    { "kleuren:tekst", K_COLOR, 0, 0, NULL, OFF(text), "#1A1A1A" },
    { "kleuren:gedempt", K_COLOR, 0, 0, NULL, OFF(muted), "#5F6B76" },
    { "kleuren:lijn", K_COLOR, 0, 0, NULL, OFF(rule), "#B8C0C8" },
    { "kleuren:actielijn1", K_COLOR, 0, 0, NULL, OFF(action[0]), "#F2B134" },
    { "kleuren:actielijn2", K_COLOR, 0, 0, NULL, OFF(action[1]), "#0072B2" },
    { "kleuren:actielijn3", K_COLOR, 0, 0, NULL, OFF(action[2]), "#CC79A7" },
    { "kleuren:actielijn4", K_COLOR, 0, 0, NULL, OFF(action[3]), "#2E1F5E" },
    { "logo:bestand", K_PATH, 0, 0, NULL, OFF(logo_path), NULL },
    { "logo:positie", K_ENUM, 0, 0, "geen|omslag-links|omslag-rechts|kop-links|kop-rechts", OFF(logo_pos), "geen" },
    { "logo:breedte", K_MM, 10, 120, NULL, OFF(logo_width), "35" },
    { "opmaak:omslag", K_ENUM, 0, 0, "band|eenvoudig|zijbalk", OFF(cover), "band" },
    { "opmaak:uitlijning", K_ENUM, 0, 0, "uitgevuld|links", OFF(justify), "uitgevuld" },
    { "opmaak:tabelstijl", K_ENUM, 0, 0, "zebra|lijnen", OFF(table_style), "zebra" },
    { "opmaak:kopnummering", K_BOOL, 0, 0, NULL, OFF(heading_numbers), "ja" },
    { "opmaak:taal", K_ENUM, 0, 0, "nl|en", OFF(language), "nl" },
    { "rapport:secties", K_STR, 0, 0, NULL, OFF(sections), NULL },
};
#define NKEYS (sizeof KEYS / sizeof *KEYS)

static layout_rgb hex(unsigned v)
{
    return (layout_rgb){ ((v >> 16) & 255) / 255.0, ((v >> 8) & 255) / 255.0, (v & 255) / 255.0 };
}

void layout_free(layout *l)
{
    if (!l) return;
    g_free(l->name);
    g_free(l->path);
    g_free(l->font_body);
    g_free(l->font_heading);
    g_free(l->font_numbers);
    g_free(l->logo_path);
    g_free(l->language);
    g_free(l->sections);
    g_strfreev(l->section_ids);
    g_free(l);
}

double layout_luminance(layout_rgb c)
{
    double v[3] = { c.r, c.g, c.b };
    for (int i = 0; i < 3; i++)
        v[i] = v[i] <= 0.04045 ? v[i] / 12.92 : pow((v[i] + 0.055) / 1.055, 2.4);
    return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2];
}

bool layout_has_section(const layout *l, const char *id)
{
    if (!l->section_count) return true;
    for (int i = 0; i < l->section_count; i++)
        if (g_ascii_strcasecmp(l->section_ids[i], id) == 0) return true;
    return false;
}

/* ---- the file's own scan: syntax and line numbers ---- */

typedef struct scan {
    char **names; /* "section:key" per line, NULL for other lines */
    int nlines;
} scan;

static char *strip_comment(char *s)
{
    bool quoted = false;
    for (char *p = s; *p; p++) {
        if (*p == '"') quoted = !quoted;
        if (!quoted && (*p == ';' || (*p == '#' && (p == s || g_ascii_isspace(p[-1]))))) {
            *p = '\0';
            break;
        }
    }
    return g_strstrip(s);
}

/* Reads the file's lines, remembering which key each line sets; reports lines that are
 * neither blank, a comment, a [section] nor key = value. Returns false when unreadable. */
static bool scan_file(const char *path, scan *sc, diag_list *d, int *syntax_errors)
{
    char *text = NULL;
    if (!g_file_get_contents(path, &text, NULL, NULL)) return false;
    char **lines = g_strsplit(text, "\n", -1);
    g_free(text);
    sc->nlines = (int)g_strv_length(lines);
    sc->names = g_new0(char *, sc->nlines + 1);
    char section[64] = "";
    for (int i = 0; i < sc->nlines; i++) {
        char *s = strip_comment(lines[i]);
        char *eq = strchr(s, '=');
        if (!*s) continue;
        if (s[0] == '[' && s[strlen(s) - 1] == ']') {
            s[strlen(s) - 1] = '\0';
            char *low = g_ascii_strdown(g_strstrip(s + 1), -1);
            g_strlcpy(section, low, sizeof section);
            g_free(low);
        } else if (eq && eq != s) {
            *eq = '\0';
            char *low = g_ascii_strdown(g_strstrip(s), -1);
            sc->names[i] = g_strdup_printf("%s:%s", section, low);
            g_free(low);
        } else {
            diag_error(d, ((srcloc){ .file = path, .line = i + 1 }), "write key = value, or [section]",
                       "layout line %s is not understood", diag_quote(lines[i]));
            (*syntax_errors)++;
        }
    }
    g_strfreev(lines);
    return true;
}

static int line_of(const scan *sc, const char *name)
{
    for (int i = sc->nlines - 1; i >= 0; i--) /* the last one wins, as in iniparser */
        if (sc->names[i] && strcmp(sc->names[i], name) == 0) return i + 1;
    return 0;
}

static void scan_free(scan *sc)
{
    for (int i = 0; i < sc->nlines; i++) g_free(sc->names[i]);
    g_free(sc->names);
}

/* ---- values ---- */

/* The one getter: a key's value as a string, or NULL when absent. */
static const char *layout_value(const ini_file *ini, const char *name)
{
    const char *colon = name ? strchr(name, ':') : NULL;
    if (!ini || !colon) return NULL;
    char section[64];
    snprintf(section, sizeof section, "%.*s", (int)(colon - name), name);
    const char *v = ini_get(ini, section, colon + 1);
    /* ini_get gives NULL for an empty value too; a key that is there but empty is a bad value */
    return v ? v : ini_loc(ini, section, colon + 1).line > 0 ? "" : NULL;
}

static const key_def *find_key(const char *name)
{
    for (size_t i = 0; i < NKEYS; i++)
        if (strcmp(KEYS[i].name, name) == 0) return &KEYS[i];
    return NULL;
}

static int enum_index(const char *values, const char *v)
{
    char **opts = g_strsplit(values, "|", -1);
    int found = -1;
    for (int i = 0; opts[i]; i++)
        if (g_ascii_strcasecmp(opts[i], v) == 0) found = i;
    g_strfreev(opts);
    return found;
}

static bool parse_color(const char *v, layout_rgb *out)
{
    if (*v == '#') v++;
    if (strlen(v) != 6) return false;
    for (int i = 0; i < 6; i++)
        if (!g_ascii_isxdigit(v[i])) return false;
    *out = hex((unsigned)strtoul(v, NULL, 16));
    return true;
}

static bool parse_number(const char *v, double *out)
{
    char *tmp = g_strdup(v), *end = NULL;
    for (char *p = tmp; *p; p++)
        if (*p == ',') *p = '.';
    *out = g_ascii_strtod(tmp, &end);
    bool ok = end && end != tmp && *end == '\0' && isfinite(*out);
    g_free(tmp);
    return ok;
}

static char *resolve_path(const char *file, const char *v)
{
    if (g_path_is_absolute(v)) return g_strdup(v);
    char *dir = g_path_get_dirname(file);
    char *p = g_build_filename(dir, v, NULL);
    g_free(dir);
    return p;
}

/* Enumerations whose index is not stored as is. */
static void apply_enum(layout *l, const key_def *k, int idx)
{
    if (strcmp(k->name, "pagina:formaat") == 0) {
        l->page_w = idx ? 612 : 595.2756;
        l->page_h = idx ? 792 : 841.8898;
    } else if (strcmp(k->name, "opmaak:uitlijning") == 0) {
        l->justify = idx == 0;
    } else if (strcmp(k->name, "opmaak:taal") == 0) {
        g_free(l->language);
        l->language = g_strdup(idx ? "en" : "nl");
    } else {
        *(int *)((char *)l + k->offset) = idx;
    }
}

/* Stores one value; returns a hint (static) when the value is bad, NULL when it was stored. */
static const char *apply(layout *l, const key_def *k, const char *v, const char *file)
{
    char *base = (char *)l + k->offset;
    double num;
    int idx;
    switch (k->type) {
    case K_STR:
        if (!*v) return "give a value";
        g_free(*(char **)base);
        *(char **)base = g_strdup(v);
        return NULL;
    case K_PATH: {
        char *p = resolve_path(file, v);
        if (access(p, R_OK) != 0) { g_free(p); return "the file does not exist (paths are relative to the layout file)"; }
        g_free(*(char **)base);
        *(char **)base = p;
        return NULL;
    }
    case K_MM:
    case K_NUM:
        if (!parse_number(v, &num) || num < k->min || num > k->max)
            return k->type == K_MM ? "give millimetres within the allowed range" : "give a number within the allowed range";
        *(double *)base = k->type == K_MM ? num * MM : num;
        return NULL;
    case K_COLOR:
        if (!parse_color(v, (layout_rgb *)base))
            return "write colours as \"#1F3A5F\" (in quotes: an unquoted # starts a comment)";
        return NULL;
    case K_BOOL:
        if ((idx = enum_index("nee|ja|no|yes|false|true|0|1", v)) < 0) return "write ja or nee";
        *(bool *)base = idx % 2 == 1;
        return NULL;
    case K_ENUM:
        if ((idx = enum_index(k->values, v)) < 0) return k->values;
        apply_enum(l, k, idx);
        return NULL;
    }
    return "unsupported";
}

layout *layout_default(void)
{
    layout *l = g_new0(layout, 1);
    for (size_t k = 0; k < NKEYS; k++)
        if (KEYS[k].def && apply(l, &KEYS[k], KEYS[k].def, "")) g_error("bad default for %s", KEYS[k].name);
    return l;
}

/* ---- unknown keys ---- */

static int edit_distance(const char *a, const char *b)
{
    int la = (int)strlen(a), lb = (int)strlen(b), prev[64], cur[64];
    if (la > 62 || lb > 62) return 99;
    for (int j = 0; j <= lb; j++) prev[j] = j;
    for (int i = 1; i <= la; i++) {
        cur[0] = i;
        for (int j = 1; j <= lb; j++) {
            int c = prev[j - 1] + (a[i - 1] != b[j - 1]);
            cur[j] = MIN(c, MIN(prev[j] + 1, cur[j - 1] + 1));
        }
        memcpy(prev, cur, sizeof(int) * (size_t)(lb + 1));
    }
    return prev[lb];
}

static void report_unknown(const scan *sc, const char *path, diag_list *d)
{
    for (int i = 0; i < sc->nlines; i++) {
        const char *n = sc->names[i];
        if (!n || find_key(n)) continue;
        const char *best = NULL;
        int bestd = 4;
        for (size_t k = 0; k < NKEYS; k++) {
            int dist = edit_distance(n, KEYS[k].name);
            if (dist < bestd) { bestd = dist; best = KEYS[k].name; }
        }
        char hint[160];
        if (best) snprintf(hint, sizeof hint, "did you mean %s?", best);
        else snprintf(hint, sizeof hint, "known sections: layout, pagina, letters, kleuren, logo, opmaak, rapport");
        diag_warn(d, ((srcloc){ .file = path, .line = i + 1 }), hint, "unknown layout key %s (ignored)",
                  diag_quote(n));
    }
}

/* Warns when two action-line colours would look alike when printed in grayscale. */
static void check_grayscale(const layout *l, const char *path, diag_list *d)
{
    for (int i = 0; i < 4; i++)
        for (int j = i + 1; j < 4; j++) {
            double a = layout_luminance(l->action[i]), b = layout_luminance(l->action[j]);
            double la = 116 * cbrt(a) - 16, lb = 116 * cbrt(b) - 16; /* CIE lightness */
            if (fabs(la - lb) < 10)
                diag_warn(d, ((srcloc){ .file = path }), "choose colours that differ more in lightness",
                          "action line colours %d and %d look alike in grayscale (lightness %.0f and %.0f)",
                          i + 1, j + 1, la, lb);
        }
}

static void split_sections(layout *l)
{
    g_strfreev(l->section_ids);
    l->section_ids = NULL;
    l->section_count = 0;
    if (!l->sections) return;
    char **parts = g_strsplit_set(l->sections, ", \t", -1);
    GPtrArray *ids = g_ptr_array_new();
    for (int i = 0; parts[i]; i++)
        if (*parts[i]) g_ptr_array_add(ids, g_ascii_strdown(parts[i], -1));
    l->section_count = (int)ids->len;
    g_ptr_array_add(ids, NULL);
    l->section_ids = (char **)g_ptr_array_free(ids, FALSE);
    g_strfreev(parts);
}

layout *layout_load(const char *path, diag_list *d)
{
    layout *l = layout_default();
    if (!path) return l;
    scan sc = { 0 };
    int syntax = 0;
    if (!scan_file(path, &sc, d, &syntax)) {
        diag_error(d, ((srcloc){ .file = path }), "check the layout name or path", "cannot read layout file");
        layout_free(l);
        return NULL;
    }
    ini_file *ini = syntax ? NULL : ini_open(path, path, d);
    for (size_t k = 0; ini && k < NKEYS; k++) {
        const char *v = layout_value(ini, KEYS[k].name);
        if (!v) continue;
        const char *hint = apply(l, &KEYS[k], v, path);
        if (hint)
            diag_error(d, ((srcloc){ .file = path, .line = line_of(&sc, KEYS[k].name) }), hint,
                       "bad value %s for %s", diag_quote(v), KEYS[k].name);
    }
    report_unknown(&sc, path, d);
    check_grayscale(l, path, d);
    ini_close(ini);
    scan_free(&sc);
    l->path = g_strdup(path);
    if (l->logo_pos != LAYOUT_LOGO_NONE && !l->logo_path) l->logo_pos = LAYOUT_LOGO_NONE;
    split_sections(l);
    return l;
}

layout *layout_find(const char *name, const char *data_dir, diag_list *d)
{
    if (!name || !*name) return layout_default();
    if (strchr(name, '/') || g_str_has_suffix(name, ".ini")) return layout_load(name, d);
    char *file = g_strdup_printf("%s.ini", name);
    char *p = g_build_filename(data_dir ? data_dir : ".", "layouts", file, NULL);
    layout *l = layout_load(p, d);
    g_free(file);
    g_free(p);
    return l;
}
