/* Text preparation for Pango: typographic quotes and dashes, markup escaping, and Dutch
 * hyphenation through libhyphen (soft hyphens U+00AD that Pango breaks at and shows as "-").
 * Also the one place Pango layouts are made, so every block measures text the same way. */
#include "doc/doc_internal.h"

#include <hyphen.h>
#include <pthread.h>
#include <string.h>

#define SHY "\xC2\xAD"
#define HYPH_DICT_NL "/usr/share/hyphen/hyph_nl_NL.dic"
#define HYPH_DICT_EN "/usr/share/hyphen/hyph_en_GB.dic"

/* ---- quotes and dashes ---- */

static bool opens_quote(gunichar prev)
{
    return prev == 0 || g_unichar_isspace(prev) || prev == '(' || prev == '[' || prev == '{' ||
           prev == '/' || prev == 0x2013 || prev == 0x2014 || prev == 0x201C || prev == 0x2018;
}

/* Copies a markup tag or entity starting at *p verbatim; returns true when it did. */
static bool copy_markup_token(const char **p, GString *out)
{
    char end = **p == '<' ? '>' : **p == '&' ? ';' : 0;
    if (!end) return false;
    const char *e = strchr(*p, end);
    if (!e) return false;
    g_string_append_len(out, *p, e - *p + 1);
    *p = e + 1;
    return true;
}

static bool is_year_range(const char *start, const char *p)
{
    if (p - start < 4 || !g_ascii_isdigit(p[1]) || !g_ascii_isdigit(p[4]) || g_ascii_isdigit(p[5]))
        return false;
    for (int i = 1; i <= 4; i++)
        if (!g_ascii_isdigit(p[-i]) || !g_ascii_isdigit(p[i])) return false;
    return p - start == 4 || !g_ascii_isalnum(p[-5]);
}

/* Straight quotes to curly ones, " - " and "--" to en dashes, "..." to an ellipsis, and year
 * ranges "2023-2025" to "2023–2025". With `markup`, tags and entities are copied untouched. */
static char *smarten(const char *s, bool markup)
{
    GString *out = g_string_sized_new(strlen(s) + 16);
    gunichar prev = 0;
    for (const char *p = s; *p;) {
        if (markup && (*p == '<' || *p == '&') && copy_markup_token(&p, out)) continue;
        if (*p == '"') g_string_append(out, opens_quote(prev) ? "\xE2\x80\x9C" : "\xE2\x80\x9D");
        else if (*p == '\'') g_string_append(out, opens_quote(prev) ? "\xE2\x80\x98" : "\xE2\x80\x99");
        else if (p[0] == '-' && p[1] == '-') { g_string_append(out, "\xE2\x80\x93"); p++; }
        else if (p[0] == '-' && prev == ' ' && p[1] == ' ') g_string_append(out, "\xE2\x80\x93");
        else if (p[0] == '-' && is_year_range(s, p)) g_string_append(out, "\xE2\x80\x93");
        else if (p[0] == '.' && p[1] == '.' && p[2] == '.') { g_string_append(out, "\xE2\x80\xA6"); p += 2; }
        else if (p[0] == ' ' && prev == 0x20AC) g_string_append(out, "\xC2\xA0"); /* "€ 12" stays together */
        else if (p[0] == '-' && (prev == 0 || prev == ' ' || prev == '(') &&
                 (g_ascii_isdigit(p[1]) || strncmp(p + 1, "\xE2\x82\xAC", 3) == 0))
            g_string_append(out, "\xE2\x88\x92"); /* a minus sign, not a hyphen */
        else {
            const char *n = g_utf8_next_char(p);
            g_string_append_len(out, p, n - p);
            prev = g_utf8_get_char(p);
            p = n;
            continue;
        }
        prev = 0x2013; /* whatever was emitted: punctuation that a quote may follow */
        p++;
    }
    return g_string_free(out, FALSE);
}

/* ---- hyphenation ---- */

/* Each language's patterns load on first use only: parsing a pattern file costs more than
 * laying out a whole report, and a Dutch report never needs the English patterns. pthread_once
 * rather than GOnce, whose fast path thread sanitizers cannot follow. */
static HyphenDict *dicts[2];
static pthread_once_t dict_once[2] = { PTHREAD_ONCE_INIT, PTHREAD_ONCE_INIT };

static void load_nl(void) { dicts[0] = hyph_dict_load(HYPH_DICT_NL); } /* NULL when not installed */
static void load_en(void) { dicts[1] = hyph_dict_load(HYPH_DICT_EN); }

static HyphenDict *dict_for(const char *lang)
{
    int i = strcmp(lang, "nl") == 0 ? 0 : strcmp(lang, "en") == 0 ? 1 : -1;
    if (i < 0) return NULL;
    pthread_once(&dict_once[i], i == 0 ? load_nl : load_en);
    return dicts[i];
}

void doc_hyphenation_preload(const char *lang)
{
    dict_for(lang);
}

/* Appends `word` (UTF-8, n bytes, letters only) with soft hyphens where the patterns allow,
 * keeping at least 2 letters before and 3 after a break. */
static void hyphenate_word(HyphenDict *dict, const char *word, size_t n, GString *out)
{
    glong chars = g_utf8_strlen(word, (gssize)n);
    char *lower = g_utf8_strdown(word, (gssize)n);
    gsize latin_len = 0;
    char *latin = chars >= 6 && chars < 100
                      ? g_convert(lower, -1, "ISO-8859-1", "UTF-8", NULL, &latin_len, NULL) : NULL;
    g_free(lower);
    /* The Dutch patterns are ISO-8859-1; the English ones are UTF-8, where Latin-1 and UTF-8 only
     * agree on plain ASCII words, so other words stay whole. */
    bool ascii = (size_t)chars == n;
    if (!latin || (glong)latin_len != chars || (dict->utf8 && !ascii)) {
        g_string_append_len(out, word, (gssize)n);
        g_free(latin);
        return;
    }
    char hyph[128] = { 0 };
    char **rep = NULL;
    int *pos = NULL, *cut = NULL;
    int rc = hnj_hyphen_hyphenate2(dict, latin, (int)latin_len, hyph, NULL, &rep, &pos, &cut);
    const char *p = word;
    for (glong i = 0; i < chars; i++) {
        const char *nx = g_utf8_next_char(p);
        g_string_append_len(out, p, nx - p);
        /* no break before a diaeresis: Dutch drops it there ("be-eindigen"), Pango cannot */
        bool trema = i + 1 < chars && strchr("\xE4\xEB\xEF\xF6\xFC", latin[i + 1]) != NULL;
        bool ok = rc == 0 && (hyph[i] & 1) && i >= 1 && chars - i - 1 >= 3 && (!rep || !rep[i]) && !trema;
        if (ok) g_string_append(out, SHY);
        p = nx;
    }
    if (rep) {
        for (glong i = 0; i < chars; i++) free(rep[i]);
        free(rep);
    }
    free(pos);
    free(cut);
    g_free(latin);
}

static bool word_is_acronym(const char *w, size_t n)
{
    for (const char *p = w; p < w + n; p = g_utf8_next_char(p))
        if (g_unichar_islower(g_utf8_get_char(p))) return false;
    return true;
}

/* Inserts soft hyphens into the text parts of markup. */
static char *hyphenate_markup(const char *s, const char *lang)
{
    HyphenDict *dict = dict_for(lang);
    if (!dict) return g_strdup(s);
    GString *out = g_string_sized_new(strlen(s) + 32);
    for (const char *p = s; *p;) {
        if ((*p == '<' || *p == '&') && copy_markup_token(&p, out)) continue;
        const char *w = p;
        while (*p && g_unichar_isalpha(g_utf8_get_char(p))) p = g_utf8_next_char(p);
        if (p == w) {
            const char *nx = g_utf8_next_char(p);
            g_string_append_len(out, p, nx - p);
            p = nx;
        } else if (word_is_acronym(w, (size_t)(p - w))) {
            g_string_append_len(out, w, p - w);
        } else {
            hyphenate_word(dict, w, (size_t)(p - w), out);
        }
    }
    return g_string_free(out, FALSE);
}

/* Replaces invalid UTF-8 with U+FFFD so Pango never rejects a string. */
static char *valid_utf8(const char *s)
{
    return g_utf8_make_valid(s, -1);
}

char *text_prepare_plain(const char *text, const char *lang, bool hyphenate)
{
    char *v = valid_utf8(text);
    char *sm = smarten(v, false);
    char *esc = g_markup_escape_text(sm, -1);
    g_free(v);
    g_free(sm);
    if (!hyphenate) return esc;
    char *h = hyphenate_markup(esc, lang);
    g_free(esc);
    return h;
}

char *text_prepare_markup(const char *markup, const char *lang, bool hyphenate)
{
    char *v = valid_utf8(markup);
    char *sm = smarten(v, true);
    g_free(v);
    if (!hyphenate) return sm;
    char *h = hyphenate_markup(sm, lang);
    g_free(sm);
    return h;
}

char *text_hyphenate(const char *prepared, const char *lang)
{
    return strstr(prepared, SHY) ? g_strdup(prepared) : hyphenate_markup(prepared, lang);
}

bool text_longest_word(const char *text, size_t *start, size_t *len)
{
    const char *best = NULL;
    glong bestn = 0;
    for (const char *p = text; *p;) {
        while (*p == ' ' || *p == '\n' || *p == '\t') p++;
        const char *w = p;
        glong n = 0;
        while (*p && *p != ' ' && *p != '\n' && *p != '\t') { p = g_utf8_next_char(p); n++; }
        if (n > bestn) { bestn = n; best = w; *len = (size_t)(p - w); }
    }
    if (best) *start = (size_t)(best - text);
    return best != NULL;
}

void text_strip_shy(char *s)
{
    char *w = s;
    for (char *p = s; *p;) {
        if (p[0] == '\xC2' && p[1] == '\xAD') { p += 2; continue; }
        *w++ = *p++;
    }
    *w = '\0';
}

/* ---- Pango layouts ---- */

PangoFontDescription *text_font(const text_style *st)
{
    PangoFontDescription *fd = pango_font_description_new();
    pango_font_description_set_family_static(fd, st->family);
    pango_font_description_set_absolute_size(fd, st->size * PANGO_SCALE);
    pango_font_description_set_weight(fd, st->weight ? (PangoWeight)st->weight : PANGO_WEIGHT_NORMAL);
    pango_font_description_set_style(fd, st->italic ? PANGO_STYLE_ITALIC : PANGO_STYLE_NORMAL);
    return fd;
}

static void set_font(PangoLayout *l, const text_style *st)
{
    PangoFontDescription *fd = text_font(st);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
}

static PangoLayout *layout_new(rctx *r, const char *markup, const text_style *st, int width, bool *valid)
{
    PangoLayout *l = pango_layout_new(r->pc);
    set_font(l, st);
    if (width > 0) {
        pango_layout_set_width(l, width);
        pango_layout_set_wrap(l, PANGO_WRAP_WORD_CHAR);
    }
    if (st->ellipsize) pango_layout_set_ellipsize(l, PANGO_ELLIPSIZE_END);
    pango_layout_set_alignment(l, st->align);
    pango_layout_set_justify(l, st->justify);
    if (st->line_height > 0) pango_layout_set_line_spacing(l, (float)st->line_height);
    PangoAttrList *attrs = NULL;
    char *text = NULL;
    GError *err = NULL;
    *valid = pango_parse_markup(markup, -1, 0, &attrs, &text, NULL, &err);
    if (!*valid) {
        if (r->dl && r->draw)
            diag_warn(r->dl, (srcloc){ .file = r->path }, NULL, "invalid text markup %s: %s",
                      diag_quote(markup), err ? err->message : "?");
        g_clear_error(&err);
        attrs = pango_attr_list_new();
        text = g_strdup(markup);
    }
    if (st->tnum) pango_attr_list_insert_before(attrs, pango_attr_font_features_new("tnum"));
    pango_layout_set_text(l, text, -1);
    pango_layout_set_attributes(l, attrs);
    pango_attr_list_unref(attrs);
    g_free(text);
    return l;
}

/* Everything that decides how a text is shaped and broken. Widths and sizes in Pango units, so
 * that two ways of computing the same width in floating point still meet. */
typedef struct layout_key {
    const char *markup, *family; /* kept keys own markup; family is interned */
    int width, size, weight;
    float line_height;
    unsigned flags;
    guint hash;
    unsigned used;               /* kept keys: the last render that asked for it */
    unsigned born;               /* kept keys: the render that made it */
    size_t bytes;                /* kept keys: estimated memory of the layout */
} layout_key;

static guint key_hash(gconstpointer p) { return ((const layout_key *)p)->hash; }

static gboolean key_equal(gconstpointer pa, gconstpointer pb)
{
    const layout_key *a = pa, *b = pb;
    return a->hash == b->hash && a->width == b->width && a->size == b->size && a->weight == b->weight &&
           a->line_height == b->line_height && a->flags == b->flags && strcmp(a->family, b->family) == 0 &&
           strcmp(a->markup, b->markup) == 0;
}

static void key_free(gpointer p)
{
    g_free((char *)((layout_key *)p)->markup);
    g_free(p);
}

/* Shaped text is kept per thread and language, with the one Pango context the layouts belong
 * to, from one render to the next: a batch worker renders report after report, and their
 * headings, explanations, column heads and names are mostly the same. */
struct text_keep {
    PangoFontMap *map;           /* the font map the context was made for */
    PangoContext *pc;
    GHashTable *layouts;         /* layout_key -> PangoLayout */
    size_t bytes;                /* estimated memory of the kept layouts */
    unsigned serial;             /* renders so far */
};
static _Thread_local struct text_keep keep[2]; /* nl, en */

/* Past this estimate a render stops keeping layouts (each pass meets the texts in the same
 * order, so keeping the first ones is the best a bounded cache can do): a report of hundreds of
 * pages then shapes the rest twice. The peak memory of such a report is set by post-processing,
 * which runs after the cache is trimmed, so the budget costs time rather than peak memory.
 * Between renders at most KEEP_BETWEEN stays. */
#define CACHE_BUDGET ((size_t)32 << 20)
#define KEEP_BETWEEN ((size_t)8 << 20)

PangoContext *text_context_new(PangoFontMap *fm, const char *lang)
{
    PangoContext *pc = pango_font_map_create_context(fm);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    pango_cairo_context_set_font_options(pc, fo);
    cairo_font_options_destroy(fo);
    pango_cairo_context_set_resolution(pc, 72);
    pango_context_set_round_glyph_positions(pc, FALSE);
    pango_context_set_language(pc, pango_language_from_string(lang));
    return pc;
}

static void keep_clear(struct text_keep *k)
{
    if (k->layouts) g_hash_table_destroy(k->layouts);
    if (k->pc) g_object_unref(k->pc);
    *k = (struct text_keep){ .serial = k->serial };
}

void doc_text_cache_release(void)
{
    keep_clear(&keep[0]);
    keep_clear(&keep[1]);
    cell_pool_release();
}

void text_cache_init(rctx *r)
{
    struct text_keep *k = &keep[strcmp(r->lang, "en") == 0];
    PangoFontMap *fm = pango_cairo_font_map_get_default();
    if (k->map != fm) keep_clear(k); /* fonts were (re)initialised: start over */
    if (!k->pc) {
        k->map = fm;
        k->pc = text_context_new(fm, r->lang);
        k->layouts = g_hash_table_new_full(key_hash, key_equal, key_free, g_object_unref);
    }
    k->serial++;
    r->keep = k;
    r->pc = k->pc;
    r->layouts = k->layouts;
    r->paragraphs = text_table_new((GDestroyNotify)text_lines_free);
}

static gboolean not_used(gpointer key, gpointer value, gpointer data)
{
    (void)value;
    layout_key *lk = key;
    struct text_keep *k = data;
    if (lk->used == k->serial) return FALSE;
    k->bytes -= lk->bytes;
    return TRUE;
}

static gboolean born_now(gpointer key, gpointer value, gpointer data)
{
    (void)value;
    layout_key *lk = key;
    struct text_keep *k = data;
    if (lk->born != k->serial) return FALSE;
    k->bytes -= lk->bytes;
    return TRUE;
}

/* Keeps what this render used, and when that is much, only what earlier renders used too. */
void text_cache_free(rctx *r)
{
    if (r->paragraphs) g_hash_table_destroy(r->paragraphs);
    r->paragraphs = NULL;
    struct text_keep *k = r->keep;
    if (!k || !k->layouts) return;
    g_hash_table_foreach_remove(k->layouts, not_used, k);
    if (k->bytes > KEEP_BETWEEN) g_hash_table_foreach_remove(k->layouts, born_now, k);
    if (k->bytes > KEEP_BETWEEN) {
        g_hash_table_remove_all(k->layouts);
        k->bytes = 0;
    }
    r->layouts = NULL;
    r->keep = NULL;
}

void text_cache_split(rctx *r)
{
    r->shared_layouts = r->layouts;
    r->shared_paragraphs = r->paragraphs;
    r->shared_keep = r->keep;
    r->keep = NULL;
    r->layouts = g_hash_table_new_full(key_hash, key_equal, key_free, g_object_unref);
    r->paragraphs = text_table_new((GDestroyNotify)text_lines_free);
}

void text_cache_unsplit(rctx *r)
{
    g_hash_table_destroy(r->layouts);
    g_hash_table_destroy(r->paragraphs);
    r->layouts = r->shared_layouts;
    r->paragraphs = r->shared_paragraphs;
    r->keep = r->shared_keep;
    r->shared_layouts = r->shared_paragraphs = NULL;
    r->shared_keep = NULL;
}

void text_cache_stats(const rctx *r, unsigned *n, size_t *bytes)
{
    *n = r->layouts ? g_hash_table_size(r->layouts) : 0;
    *bytes = r->keep ? r->keep->bytes : 0;
}

static layout_key make_key(const char *markup, const text_style *st, int wpu)
{
    layout_key k = { .markup = markup, .family = st->family ? st->family : "", .width = wpu,
                     .size = (int)(st->size * PANGO_SCALE + 0.5), .weight = st->weight,
                     .line_height = st->line_height > 0 ? (float)st->line_height : 0,
                     .flags = (unsigned)st->italic | (unsigned)st->tnum << 1 | (unsigned)st->justify << 2 |
                              (unsigned)st->ellipsize << 3 | (unsigned)st->align << 4 };
    k.hash = g_str_hash(markup) ^ ((guint)wpu * 2654435761u) ^ ((guint)k.size * 40503u) ^
             ((guint)k.weight << 7) ^ (k.flags << 24);
    return k;
}

static PangoLayout *lookup(rctx *r, const layout_key *k)
{
    gpointer kk, l;
    if (r->shared_layouts && g_hash_table_lookup_extended(r->shared_layouts, k, &kk, &l)) return g_object_ref(l);
    if (!r->layouts || !g_hash_table_lookup_extended(r->layouts, k, &kk, &l)) return NULL;
    if (r->keep) ((layout_key *)kk)->used = r->keep->serial;
    return g_object_ref(l);
}

PangoLayout *text_layout_kept(rctx *r, const char *markup, const text_style *st, double width)
{
    layout_key k = make_key(markup, st, width > 0 ? (int)(width * PANGO_SCALE) : 0);
    return lookup(r, &k);
}

PangoLayout *text_layout(rctx *r, const char *markup, const text_style *st, double width)
{
    int wpu = width > 0 ? (int)(width * PANGO_SCALE) : 0;
    layout_key k = make_key(markup, st, wpu);
    PangoLayout *l = lookup(r, &k);
    if (l) return l;
    bool valid;
    l = layout_new(r, markup, st, wpu, &valid);
    if (r->warm && !r->draw) glyphs_warm_layout(r, l);
    /* invalid markup is not kept, so the drawing pass still reports it */
    if (r->layouts && valid && (!r->keep || r->keep->bytes < CACHE_BUDGET)) {
        size_t len = strlen(markup);
        layout_key *kk = g_memdup2(&k, sizeof k);
        kk->markup = g_memdup2(markup, len + 1);
        kk->family = g_intern_string(k.family);
        kk->bytes = 640 + 48 * len; /* layout, lines, items and glyphs */
        if (r->keep) {
            kk->used = kk->born = r->keep->serial;
            r->keep->bytes += kk->bytes;
        }
        g_hash_table_insert(r->layouts, kk, g_object_ref(l));
    }
    return l;
}

bool text_paragraph_breakable(const char *markup) { return !strpbrk(markup, "<\n\t"); }

text_lines *text_paragraph_break(rctx *r, const char *markup, const text_style *st, double width)
{
    if (width * PANGO_SCALE < 1 || !text_paragraph_breakable(markup)) return NULL;
    PangoLayout *u = text_layout(r, markup, st, 0); /* the one shaping of the text */
    text_lines *tl = text_lines_wrap(r, u, width);
    g_object_unref(u);
    return tl;
}

GHashTable *text_table_new(GDestroyNotify value_free)
{
    return g_hash_table_new_full(key_hash, key_equal, key_free, value_free);
}

bool text_table_lookup(GHashTable *table, const char *markup, const text_style *st, double width, gpointer *value)
{
    layout_key k = make_key(markup, st, width > 0 ? (int)(width * PANGO_SCALE) : 0);
    return g_hash_table_lookup_extended(table, &k, NULL, value);
}

void text_table_insert(GHashTable *table, const char *markup, const text_style *st, double width, gpointer value)
{
    layout_key k = make_key(markup, st, width > 0 ? (int)(width * PANGO_SCALE) : 0);
    layout_key *kk = g_memdup2(&k, sizeof k);
    kk->markup = g_strdup(markup);
    kk->family = g_intern_string(k.family);
    g_hash_table_insert(table, kk, value);
}

const text_lines *text_lines_paragraph(rctx *r, const char *markup, const text_style *st, double width)
{
    if (!r->paragraphs || width * PANGO_SCALE < 1 || !text_paragraph_breakable(markup)) return NULL;
    gpointer found;
    if (r->shared_paragraphs && text_table_lookup(r->shared_paragraphs, markup, st, width, &found)) return found;
    if (text_table_lookup(r->paragraphs, markup, st, width, &found)) return found;
    text_lines *tl = NULL;
    if (!r->prefetch || !paragraph_prefetched(r, markup, st, width, &tl))
        tl = text_paragraph_break(r, markup, st, width);
    if (tl && !r->draw) glyphs_warm_lines(r, tl); /* with the hyphens it added */
    text_table_insert(r->paragraphs, markup, st, width, tl);
    return tl;
}

set_text text_setting(rctx *r, const char *markup, const text_style *st, double width)
{
    set_text t = { .tl = text_lines_paragraph(r, markup, st, width) };
    if (!t.tl) t.l = text_layout(r, markup, st, width);
    return t;
}

double set_text_height(const set_text *t)
{
    return t->tl ? text_lines_height(t->tl) : text_height(t->l);
}

void set_text_draw(rctx *r, const set_text *t, double x, double y, layout_rgb c)
{
    if (t->tl) text_lines_draw(r, t->tl, x, y, c);
    else text_draw(r, t->l, x, y, c);
}

void set_text_free(set_text *t)
{
    if (t->l) g_object_unref(t->l);
}

double text_height(PangoLayout *l)
{
    PangoRectangle log;
    pango_layout_get_extents(l, NULL, &log);
    return (double)log.height / PANGO_SCALE;
}

double text_width(PangoLayout *l)
{
    PangoRectangle log;
    pango_layout_get_extents(l, NULL, &log);
    return (double)(log.x + log.width) / PANGO_SCALE;
}

/* ---- drawing ----
 * Text is drawn the way pango_cairo_show_layout draws it (the same glyphs, positions, clusters
 * and cairo calls), for the runs that are plain text in one colour, with one difference: a soft
 * hyphen where no line breaks has no glyph, and cairo marks each such character with an empty
 * /ActualText span; they are left out of the text handed to cairo. The page and its extracted
 * text are the same, the page content is smaller and much faster to write. Other runs (and
 * layouts with any) are drawn by Pango. */

/* Whether a run is plain text this file draws; sets *fg to its colour (NULL: the current one). */
static bool run_drawable_fg(const PangoGlyphItem *run, const PangoColor **fg)
{
    const PangoAnalysis *a = &run->item->analysis;
    *fg = NULL;
    if ((a->level & 1) || a->gravity != PANGO_GRAVITY_SOUTH || (a->flags & PANGO_ANALYSIS_FLAG_CENTERED_BASELINE) ||
        run->y_offset || run->start_x_offset || run->end_x_offset || run->glyphs->num_glyphs == 0 ||
        !PANGO_IS_CAIRO_FONT(a->font))
        return false;
    for (const GSList *l = a->extra_attrs; l; l = l->next) {
        const PangoAttribute *at = l->data;
        if (at->klass->type == PANGO_ATTR_FOREGROUND) *fg = &((const PangoAttrColor *)at)->color;
        else if (at->klass->type != PANGO_ATTR_FONT_FEATURES) return false;
    }
    cairo_scaled_font_t *sf = pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(a->font));
    if (!sf || cairo_scaled_font_status(sf) != CAIRO_STATUS_SUCCESS) return false;
    for (int i = 0; i < run->glyphs->num_glyphs; i++)
        if (run->glyphs->glyphs[i].glyph & PANGO_GLYPH_UNKNOWN_FLAG) return false; /* hex boxes */
    return true;
}

static bool line_drawable(const PangoLayoutLine *line)
{
    const PangoColor *fg;
    for (const GSList *l = line->runs; l; l = l->next)
        if (!run_drawable_fg(l->data, &fg)) return false;
    return true;
}

/* One run with its origin (x, y) in Pango units from the point (x0, y0), as pangocairo does. */
static void draw_run(cairo_t *cr, const char *text, PangoGlyphItem *run, double x0, double y0, int x, int y)
{
    const PangoColor *fg;
    run_drawable_fg(run, &fg);
    const PangoGlyphString *gs = run->glyphs;
    double bx = x0 + (double)x / PANGO_SCALE, by = y0 + (double)y / PANGO_SCALE;
    cairo_glyph_t gbuf[64];
    cairo_text_cluster_t cbuf[64];
    cairo_glyph_t *g = gs->num_glyphs <= 64 ? gbuf : g_new(cairo_glyph_t, gs->num_glyphs);
    cairo_text_cluster_t *cl = gs->num_glyphs <= 64 ? cbuf : g_new(cairo_text_cluster_t, gs->num_glyphs);
    int ng = 0, nc = 0, xp = 0;
    for (int i = 0; i < gs->num_glyphs; i++) {
        const PangoGlyphInfo *gi = &gs->glyphs[i];
        if (gi->glyph != PANGO_GLYPH_EMPTY) {
            g[ng].index = gi->glyph;
            g[ng].x = bx + (double)(xp + gi->geometry.x_offset) / PANGO_SCALE;
            g[ng].y = gi->geometry.y_offset == 0 ? by : by + (double)gi->geometry.y_offset / PANGO_SCALE;
            ng++;
        }
        xp += gi->geometry.width;
    }
    /* the run's text without its unbroken soft hyphens, and a cluster per rest */
    char tbuf[256], *t = run->item->length < (int)sizeof tbuf ? tbuf : g_malloc(run->item->length + 1);
    int len = 0;
    PangoGlyphItemIter it;
    if (pango_glyph_item_iter_init_start(&it, run, text)) {
        do {
            int glyphs = it.end_glyph - it.start_glyph, bytes = it.end_index - it.start_index;
            for (int i = it.start_glyph; i < it.end_glyph; i++)
                if (gs->glyphs[i].glyph == PANGO_GLYPH_EMPTY) glyphs--;
            if (glyphs == 0 && bytes == 2 && memcmp(text + it.start_index, SHY, 2) == 0) continue;
            memcpy(t + len, text + it.start_index, (size_t)bytes);
            len += bytes;
            cl[nc].num_bytes = bytes;
            cl[nc].num_glyphs = glyphs;
            nc++;
        } while (pango_glyph_item_iter_next_cluster(&it));
    }
    cairo_save(cr);
    if (fg) cairo_set_source_rgba(cr, fg->red / 65535., fg->green / 65535., fg->blue / 65535., 1.);
    cairo_set_scaled_font(cr, pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(run->item->analysis.font)));
    cairo_show_text_glyphs(cr, t, len, g, ng, cl, nc, 0);
    cairo_restore(cr);
    if (g != gbuf) g_free(g);
    if (cl != cbuf) g_free(cl);
    if (t != tbuf) g_free(t);
}

bool text_run_drawable(const PangoGlyphItem *run)
{
    const PangoColor *fg;
    return run_drawable_fg(run, &fg);
}

void text_draw_run(rctx *r, const char *text, PangoGlyphItem *run, double x0, double y0, int x, int y)
{
    draw_run(r->cr, text, run, x0, y0, x, y);
}

/* A line with its baseline's left end at (x, y) Pango units from the point (x0, y0). */
static void draw_line(cairo_t *cr, PangoLayoutLine *line, double x0, double y0, int x, int y)
{
    const char *text = pango_layout_get_text(line->layout);
    for (GSList *l = line->runs; l; l = l->next) {
        PangoGlyphItem *run = l->data;
        draw_run(cr, text, run, x0, y0, x, y);
        x += pango_glyph_string_get_width(run->glyphs);
    }
}

void text_draw(rctx *r, PangoLayout *l, double x, double y, layout_rgb c)
{
    if (!r->draw) return;
    set_rgb(r, c);
    cairo_move_to(r->cr, x, y);
    bool own = cairo_surface_has_show_text_glyphs(r->surf);
    for (const GSList *ln = pango_layout_get_lines_readonly(l); own && ln; ln = ln->next) own = line_drawable(ln->data);
    if (!own) {
        pango_cairo_show_layout(r->cr, l);
        return;
    }
    double x0, y0; /* where pangocairo draws from: the current point, as cairo rounds it */
    cairo_get_current_point(r->cr, &x0, &y0);
    PangoLayoutIter *it = pango_layout_get_iter(l);
    do {
        PangoRectangle log;
        pango_layout_iter_get_line_extents(it, NULL, &log);
        draw_line(r->cr, pango_layout_iter_get_line_readonly(it), x0, y0, log.x, pango_layout_iter_get_baseline(it));
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
}

void text_draw_range(rctx *r, PangoLayout *l, double x, double y, layout_rgb c, double from, double to)
{
    if (!r->draw) return;
    set_rgb(r, c);
    PangoLayoutIter *it = pango_layout_get_iter(l);
    do {
        PangoRectangle log;
        int y0, y1;
        pango_layout_iter_get_line_extents(it, NULL, &log);
        pango_layout_iter_get_line_yrange(it, &y0, &y1);
        if (line_within((double)y0 / PANGO_SCALE, (double)y1 / PANGO_SCALE, from, to))
            text_draw_line(r, pango_layout_iter_get_line_readonly(it), x + (double)log.x / PANGO_SCALE,
                           y - from + (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE);
    } while (pango_layout_iter_next_line(it));
    pango_layout_iter_free(it);
}

void text_draw_line(rctx *r, PangoLayoutLine *line, double x, double y)
{
    if (!r->draw) return;
    cairo_move_to(r->cr, x, y);
    if (!cairo_surface_has_show_text_glyphs(r->surf) || !line_drawable(line)) {
        pango_cairo_show_layout_line(r->cr, line);
        return;
    }
    double x0, y0;
    cairo_get_current_point(r->cr, &x0, &y0);
    draw_line(r->cr, line, x0, y0, 0, 0);
}

text_style text_body(const rctx *r)
{
    return (text_style){ .family = r->L->font_body, .size = r->L->font_size,
                         .line_height = r->L->line_height, .align = PANGO_ALIGN_LEFT,
                         .justify = r->L->justify };
}
