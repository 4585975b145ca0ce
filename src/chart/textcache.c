/* Shaped text for charts, kept per thread: a Pango context with surface-neutral metrics and a
 * bounded cache of laid-out strings. Charts repeat the same strings (years, tick labels, line
 * names) many times per report, and shaping dominates the cost of drawing a chart. */
#include <stdio.h>

#include "chart/chart_int.h"

#define CACHE_LIMIT 512 /* layouts; the whole cache is dropped when it fills */

typedef struct text_cache {
    PangoFontMap *map; /* the font map the context was made for */
    PangoContext *pc;
    GHashTable *layouts; /* key string -> PangoLayout */
} text_cache;

static _Thread_local text_cache cache;

void chart_text_cache_release(void)
{
    if (cache.layouts) g_hash_table_destroy(cache.layouts);
    if (cache.pc) g_object_unref(cache.pc);
    cache = (text_cache){ 0 };
}

/* Metrics must not depend on the target surface (PDF, PNG, recording): no hinting and no
 * rounding, so a test on a recording surface measures what the PDF shows. */
static bool cache_ready(void)
{
    PangoFontMap *map = pango_cairo_font_map_get_default();
    if (cache.pc && cache.map == map) return true;
    chart_text_cache_release(); /* fonts were (re)initialised: start over */
    cache.pc = pango_font_map_create_context(map);
    if (!cache.pc) return false;
    cache.map = map;
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(cache.pc, fo);
    cairo_font_options_destroy(fo);
    pango_context_set_round_glyph_positions(cache.pc, FALSE);
    cache.layouts = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_object_unref);
    return true;
}

/* While two threads draw one document (chart_text_cache_share): the sharing thread's table,
 * which both look up and neither changes; what is not there each keeps apart (`spill` on the
 * sharing thread, its own cache on the other). */
static GHashTable *shared;
static _Thread_local GHashTable *spill;

void chart_text_cache_share(void)
{
    if (!cache_ready()) return;
    shared = cache.layouts;
    spill = g_hash_table_new_full(g_str_hash, g_str_equal, g_free, g_object_unref);
}

void chart_text_cache_unshare(void)
{
    if (!spill) return;
    g_hash_table_destroy(spill);
    spill = NULL;
    shared = NULL;
}

static const double kind_scale[FONT_KINDS] = { 1.0, 0.875, 1.0, 1.15 };

static const char *kind_family(const chart_style *st, chart_font f)
{
    if (f == FONT_TITLE && st->title_family) return st->title_family;
    return st->font_family ? st->font_family : "Inter";
}

static int kind_size(const chart_style *st, chart_font f)
{
    double base = st->base_size > 0 ? st->base_size : 8.0;
    return (int)(base * kind_scale[f] * PANGO_SCALE + 0.5);
}

static PangoLayout *layout_new(const chart_style *st, chart_font f, const char *text, int wrap, int align)
{
    PangoLayout *l = pango_layout_new(cache.pc);
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family(fd, kind_family(st, f));
    /* absolute size: one Pango unit is one cairo user unit (pt), whatever the surface */
    pango_font_description_set_absolute_size(fd, kind_size(st, f));
    pango_font_description_set_weight(fd, f == FONT_BOLD || f == FONT_TITLE ? PANGO_WEIGHT_SEMIBOLD
                                                                            : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    PangoAttrList *attrs = pango_attr_list_new(); /* tabular figures: columns of numbers align */
    pango_attr_list_insert(attrs, pango_attr_font_features_new("tnum"));
    pango_layout_set_attributes(l, attrs);
    pango_attr_list_unref(attrs);
    pango_layout_set_width(l, wrap > 0 ? wrap : -1);
    pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_alignment(l, align == TEXT_CENTER ? PANGO_ALIGN_CENTER
                                  : align == TEXT_RIGHT ? PANGO_ALIGN_RIGHT : PANGO_ALIGN_LEFT);
    pango_layout_set_text(l, text, -1);
    return l;
}

PangoLayout *layout_get(const chart_style *st, chart_font f, const char *text, double wrap, int align)
{
    if (!cache_ready()) return NULL;
    if (!text) text = "";
    int wrap_pu = wrap > 0 ? (int)(wrap * PANGO_SCALE) : 0;
    char small[256];
    int n = snprintf(small, sizeof small, "%s|%d|%d|%d|%d|%s", kind_family(st, f), kind_size(st, f),
                     (int)f, wrap_pu, align, text);
    char *key = n >= 0 && (size_t)n < sizeof small ? small
                : g_strdup_printf("%s|%d|%d|%d|%d|%s", kind_family(st, f), kind_size(st, f), (int)f,
                                  wrap_pu, align, text);
    GHashTable *own = spill ? spill : cache.layouts;
    PangoLayout *l = shared ? g_hash_table_lookup(shared, key) : NULL;
    if (!l) l = g_hash_table_lookup(own, key);
    if (!l) {
        if (g_hash_table_size(own) >= CACHE_LIMIT) g_hash_table_remove_all(own);
        l = layout_new(st, f, text, wrap_pu, align);
        g_hash_table_insert(own, key == small ? g_strdup(small) : key, l);
        key = small; /* ownership passed to the table */
    }
    if (key != small) g_free(key);
    return l;
}
