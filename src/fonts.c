/* Private fontconfig configuration: only fonts/ is scanned, the system's fonts never are. */
#include "fonts.h"

#include "chart/chart.h"
#include "doc/doc.h"

#include <fontconfig/fontconfig.h>
#include <limits.h>
#include <pango/pangocairo.h>
#include <pango/pangofc-fontmap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static bool is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static bool has_fonts(const char *dir) /* dir is at most PATH_MAX + 32 bytes */
{
    char p[PATH_MAX + 64];
    snprintf(p, sizeof p, "%s/fonts", dir);
    return is_dir(p);
}

const char *kr_data_dir(void)
{
    static char dir[PATH_MAX];
    static bool done;
    if (done) return dir[0] ? dir : NULL;
    done = true;
    const char *env = getenv("KADERRAPPORT_DATA");
    if (env && has_fonts(env)) {
        snprintf(dir, sizeof dir, "%s", env);
        return dir;
    }
    char exe[PATH_MAX];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n > 0) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (slash) *slash = '\0';
        /* a checkout: the binary sits at the top, or in build/tests/ for unit tests */
        const char *suffixes[] = { "", "/..", "/../..", "/../share/kaderrapport" };
        for (size_t i = 0; i < sizeof suffixes / sizeof *suffixes; i++) {
            char c[PATH_MAX + 32];
            snprintf(c, sizeof c, "%s%s", exe, suffixes[i]);
            if (has_fonts(c) && realpath(c, dir)) return dir;
        }
    }
    dir[0] = '\0';
    return NULL;
}

static PangoFontMap *font_map;

/* Creates every folder of `path` (mode 0700); returns true when it exists and is writable. */
static bool make_dirs(char *path)
{
    for (char *p = path + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        mkdir(path, 0700);
        *p = '/';
    }
    mkdir(path, 0700);
    return access(path, W_OK) == 0;
}

bool kr_cache_dir(const char *sub, char *out, size_t size)
{
    const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
    if (xdg && *xdg) snprintf(out, size, "%s/kaderrapport/%s", xdg, sub);
    else if (home && *home) snprintf(out, size, "%s/.cache/kaderrapport/%s", home, sub);
    else out[0] = '\0';
    if (out[0] && make_dirs(out)) return true;
    snprintf(out, size, "/tmp/kaderrapport-%u/%s", (unsigned)getuid(), sub);
    return make_dirs(out);
}

/* Where fontconfig keeps its scan cache so later runs skip the scan. */
static bool cache_dir(char *out, size_t size) { return kr_cache_dir("fontconfig", out, size); }

/* Escapes a path for the XML configuration. */
static void xml_escape(const char *in, char *out, size_t size)
{
    size_t o = 0;
    for (; *in && o + 7 < size; in++) {
        const char *rep = *in == '&' ? "&amp;" : *in == '<' ? "&lt;" : *in == '>' ? "&gt;" : NULL;
        if (rep) { memcpy(out + o, rep, strlen(rep)); o += strlen(rep); }
        else out[o++] = *in;
    }
    out[o] = '\0';
}

bool kr_fonts_init(const char *fonts_dir)
{
    if (font_map) {
        /* Pango's default font map is per thread: make ours the default of this thread too */
        pango_cairo_font_map_set_default(PANGO_CAIRO_FONT_MAP(font_map));
        return true;
    }
    char dir_xml[PATH_MAX * 2], cache[PATH_MAX], cache_xml[PATH_MAX * 2] = "", absolute[PATH_MAX];
    /* fontconfig warns about relative <dir> paths, which would break a quiet (-q) batch run */
    if (!realpath(fonts_dir, absolute)) return false;
    xml_escape(absolute, dir_xml, sizeof dir_xml);
    if (cache_dir(cache, sizeof cache)) xml_escape(cache, cache_xml, sizeof cache_xml);
    char *xml = g_strdup_printf("<?xml version=\"1.0\"?><fontconfig><dir>%s</dir>%s%s%s</fontconfig>",
                                dir_xml, cache_xml[0] ? "<cachedir>" : "", cache_xml,
                                cache_xml[0] ? "</cachedir>" : "");
    FcConfig *config = FcConfigCreate();
    bool ok = config && FcConfigParseAndLoadFromMemory(config, (const FcChar8 *)xml, FcFalse) &&
              FcConfigBuildFonts(config);
    g_free(xml);
    FcFontSet *set = ok ? FcConfigGetFonts(config, FcSetSystem) : NULL;
    if (!set || set->nfont == 0) {
        if (config) FcConfigDestroy(config);
        return false;
    }
    /* Also the process-wide configuration: a new Pango font map starts a thread that calls
     * FcInit(), which would otherwise parse the system's fonts.conf and its font caches (about
     * 10 ms of a 2-core machine, for fonts never used). */
    FcConfigSetCurrent(config);
    font_map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
    if (!font_map) {
        FcConfigDestroy(config);
        return false;
    }
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(font_map), config);
    FcConfigDestroy(config); /* the font map holds its own reference */
    pango_cairo_font_map_set_default(PANGO_CAIRO_FONT_MAP(font_map));
    doc_set_shared_cache_hooks(chart_text_cache_share, chart_text_cache_unshare, chart_text_cache_release);
    return true;
}

void kr_fonts_shutdown(void)
{
    doc_text_cache_release(); /* kept layouts hold the font map through their context */
    chart_text_cache_release();
    if (!font_map) return;
    pango_cairo_font_map_set_default(NULL);
    /* Pango 1.50 does not release its configuration when the map is finalised: hand it back */
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(font_map), NULL);
    g_object_unref(font_map);
    font_map = NULL;
}
