/* Text shaped into lines without a PangoLayout, for table cells, where layouts cost the most.
 * Numbers and other one-line plain text are itemized and shaped directly, as an unwrapped layout
 * would. A cell that does not fit its column has been shaped unwrapped already (to measure the
 * column); Pango 1.50 would shape it again in full, then every break candidate near each line's
 * end, and add_missing_hyphen shapes the chosen line a second time. This file breaks the
 * measured run the way pango-layout.c (process_item, process_line,
 * pango_layout_line_postprocess and the extents code) does for a paragraph of one run, from the
 * unwrapped shaping and logical widths: the same candidates are measured by shaping, so the
 * lines, glyphs and positions are Pango's. test_doc compares both with Pango over many texts,
 * widths and styles. Text they do not cover (markup, several runs, tabs, attributes other than
 * colour and font features) is left to Pango. */
#include "doc/doc_internal.h"

#include <math.h>
#include <string.h>

typedef struct wline {
    PangoGlyphItem *run;         /* the line's only run */
    int x, baseline;             /* Pango units from the layout's top left */
    int top, bottom;             /* the line's logical extent, likewise */
} wline;

struct text_lines {
    int refs;                    /* cells with the same text and style share their lines; atomic,
                                  * as both threads of a cell pool let go of shared lines */
    char *text;                  /* the runs index into it */
    int wpu;                     /* the width broken at, Pango units; 0: unwrapped */
    int width, height;           /* logical extents, Pango units (width: unwrapped only) */
    int n;
    wline *lines;
};

/* What process_item looks at besides the item. */
typedef struct breaker {
    PangoContext *pc;
    const char *text;
    int len, nchars;
    const PangoLogAttr *la;      /* nchars + 1 */
    const int *lw;               /* logical widths of the unwrapped run, per character */
    int hyphen_w;                /* -1 until needed */
} breaker;

static bool can_break_at(const breaker *b, int offset, PangoWrapMode wrap)
{
    if (offset == b->nchars) return true;
    return wrap == PANGO_WRAP_CHAR ? b->la[offset].is_char_break : b->la[offset].is_line_break;
}

static bool needs_hyphen(const breaker *b, int offset)
{
    return b->la[offset].break_inserts_hyphen || b->la[offset].break_removes_preceding;
}

static int hyphen_width(breaker *b, const PangoItem *item)
{
    if (b->hyphen_w < 0) {
        hb_font_t *hb = pango_font_get_hb_font(item->analysis.font);
        hb_codepoint_t g;
        b->hyphen_w = hb_font_get_nominal_glyph(hb, 0x2010, &g) || hb_font_get_nominal_glyph(hb, '-', &g)
                          ? hb_font_get_glyph_h_advance(hb, g) : 0;
    }
    return b->hyphen_w;
}

/* find_break_extra_width: what breaking `pos` characters into the line adds or takes away. */
static int break_extra(breaker *b, const PangoItem *item, int start, int pos)
{
    if (b->la[start + pos].break_inserts_hyphen) {
        int hw = hyphen_width(b, item);
        return b->la[start + pos].break_removes_preceding && pos > 0 ? hw - b->lw[start + pos - 1] : hw;
    }
    return pos > 0 && b->la[start + pos - 1].is_white ? -b->lw[start + pos - 1] : 0;
}

static PangoGlyphString *shape(const breaker *b, PangoItem *item, int start)
{
    PangoGlyphString *g = pango_glyph_string_new();
    pango_shape_item(item, b->text, b->len, (PangoLogAttr *)b->la + start, g,
                     pango_context_get_round_glyph_positions(b->pc) ? PANGO_SHAPE_ROUND_POSITIONS : PANGO_SHAPE_NONE);
    return g;
}

/* The first `nchars` characters of `item` as an item of their own, with a hyphen when the break
 * after them needs one. */
static PangoItem *head(const breaker *b, const PangoItem *item, int start, int nchars)
{
    PangoItem *copy = pango_item_copy((PangoItem *)item);
    const char *p = b->text + item->offset;
    PangoItem *h = pango_item_split(copy, (int)(g_utf8_offset_to_pointer(p, nchars) - p), nchars);
    pango_item_free(copy);
    if (needs_hyphen(b, start + nchars)) h->analysis.flags |= PANGO_ANALYSIS_FLAG_NEED_HYPHEN;
    else h->analysis.flags &= ~PANGO_ANALYSIS_FLAG_NEED_HYPHEN;
    return h;
}

static int safe_distance(const PangoItem *item)
{
    PangoFontMetrics *m = pango_font_get_metrics(item->analysis.font, item->analysis.language);
    int d = pango_font_metrics_get_approximate_char_width(m) * 3;
    pango_font_metrics_unref(m);
    return d;
}

/* process_item for the only item of a line, which may not be left out (force_fit): returns the
 * number of characters that go on the line (all of `item` when it fits) and sets *glyphs to
 * their shaping when it was done on the way (else NULL). `first` says `item` is still the
 * unwrapped run, shaped as `whole`. */
static int fill_line(breaker *b, const PangoItem *item, int start, int width, bool first,
                     const PangoGlyphString *whole, PangoGlyphString **glyphs, int *used)
{
    int n = item->num_chars, w = 0;
    *glyphs = NULL;
    *used = 0;
    if (first) w = pango_glyph_string_get_width((PangoGlyphString *)whole);
    else for (int i = 0; i < n; i++) w += b->lw[start + i];
    int extra = break_extra(b, item, start, n);
    if (w + extra <= width || n == 1) {
        /* shape_run again, which for the unwrapped run gives the glyphs it has */
        PangoGlyphString *g = first ? pango_glyph_string_copy((PangoGlyphString *)whole) : shape(b, (PangoItem *)item, start);
        w = pango_glyph_string_get_width(g);
        if (w + extra <= width || n == 1) {
            *glyphs = g;
            return n;
        }
        pango_glyph_string_free(g);
    }
    int safe = safe_distance(item), orig_w = w, orig_extra = extra;
    PangoWrapMode wrap = PANGO_WRAP_WORD_CHAR;
    int bn, bw, bx;
    PangoGlyphString *bg;
retry:
    bn = n, bw = orig_w, bx = orig_extra, bg = NULL;
    w = 0;
    for (int k = 0; k <= n; k++) {
        extra = break_extra(b, item, start, k);
        if (MIN(w + extra, w) > width + safe && bn < n) break;
        if (k > 0 && can_break_at(b, start + k, wrap)) {
            if (w + extra < width - safe) {
                bn = k, bw = w, bx = extra;
            } else {
                PangoItem *h = k < n ? head(b, item, start, k) : NULL;
                PangoGlyphString *g = shape(b, h ? h : (PangoItem *)item, start);
                int nw = pango_glyph_string_get_width(g);
                extra = h && b->la[start + k - 1].is_white ? -b->lw[start + k - 1] : 0;
                if (h) pango_item_free(h);
                if (bn == n || nw + extra <= width || nw + extra < bw + bx) {
                    bn = k, bw = nw, bx = extra;
                    if (bg) pango_glyph_string_free(bg);
                    bg = g;
                } else {
                    pango_glyph_string_free(g);
                }
            }
        }
        if (k < n) w += b->lw[start + k];
    }
    if (wrap == PANGO_WRAP_WORD_CHAR && bw + bx > width) {
        wrap = PANGO_WRAP_CHAR;
        if (bg) pango_glyph_string_free(bg);
        goto retry;
    }
    if (bn == n && bg) { /* insert_run(item, NULL) shapes again or takes the unwrapped run */
        pango_glyph_string_free(bg);
        bg = NULL;
    }
    *glyphs = bg;
    *used = bw + bx; /* what process_item takes off the line's remaining width */
    return bn;
}

/* The hyphen a line of `item` broken after `n` characters ends with. Pango leaves it off the
 * line's item and adds it again when it finishes the line (add_missing_hyphen), shaping the
 * line twice; setting it at once gives the same glyphs. */
static void line_hyphen(const breaker *b, PangoItem *item, int end)
{
    if (b->la[end].break_inserts_hyphen) item->analysis.flags |= PANGO_ANALYSIS_FLAG_NEED_HYPHEN;
}

/* pango_layout_line_postprocess for a line of one run: a hyphen the run still lacks, and a final
 * space set to nothing when the line was broken after it. `next` is where the next line starts. */
static void finish_line(const breaker *b, PangoGlyphItem *run, int start, int next, bool wrapped)
{
    if (b->la[start + run->item->num_chars].break_inserts_hyphen &&
        !(run->item->analysis.flags & PANGO_ANALYSIS_FLAG_NEED_HYPHEN)) {
        pango_glyph_string_free(run->glyphs);
        run->item->analysis.flags |= PANGO_ANALYSIS_FLAG_NEED_HYPHEN;
        run->glyphs = shape(b, run->item, start);
    }
    PangoGlyphString *g = run->glyphs;
    int last = g->num_glyphs - 1;
    if (!wrapped || last < 0 || next == 0 || !b->la[next - 1].is_white) return;
    if (last >= 1 && g->log_clusters[last] == g->log_clusters[last - 1]) return;
    g->glyphs[last].geometry.width = 0;
    g->glyphs[last].glyph = PANGO_GLYPH_EMPTY;
}

/* The one run of a one-line layout, when this file can break it. */
static PangoGlyphItem *only_run(PangoLayout *l)
{
    if (pango_layout_get_line_count(l) != 1 || strchr(pango_layout_get_text(l), '\t') ||
        pango_context_get_matrix(pango_layout_get_context(l)) || pango_layout_get_indent(l) ||
        pango_layout_get_ellipsize(l) != PANGO_ELLIPSIZE_NONE ||
        pango_layout_get_spacing(l) || pango_layout_get_height(l) != -1)
        return NULL;
    PangoLayoutLine *line = pango_layout_get_line_readonly(l, 0);
    if (!line->runs || line->runs->next) return NULL;
    PangoGlyphItem *run = line->runs->data;
    const unsigned other = PANGO_ANALYSIS_FLAG_NEED_HYPHEN | PANGO_ANALYSIS_FLAG_IS_ELLIPSIS;
    if (run->item->offset != 0 || (run->item->analysis.flags & other) || !text_run_drawable(run)) return NULL;
    return run;
}

/* justify_words for a line of one run that was broken (pango_layout_line_postprocess): the
 * room left on the line is shared out over its expandable spaces, in proportion to their
 * widths. False for a line without such spaces, which Pango justifies letter by letter. */
static bool justify_line(const breaker *b, PangoGlyphItem *run, int start, int remaining)
{
    if (remaining <= 0) return true;
    bool hinted = (remaining & (PANGO_SCALE - 1)) == 0;
    PangoGlyphString *g = run->glyphs;
    int total = 0;
    for (int adjust = 0; adjust < 2; adjust++) {
        int added = 0, spaces = 0;
        PangoGlyphItemIter it;
        for (bool more = pango_glyph_item_iter_init_start(&it, run, b->text); more;
             more = pango_glyph_item_iter_next_cluster(&it)) {
            if (!b->la[start + it.start_char].is_expandable_space) continue;
            for (int i = it.start_glyph; i < it.end_glyph; i++) {
                int w = g->glyphs[i].geometry.width;
                if (w == 0) continue;
                spaces += w;
                if (!adjust) continue;
                int a = (int)(((guint64)spaces * (guint64)remaining) / (guint64)total) - added;
                if (hinted) a = PANGO_UNITS_ROUND(a);
                g->glyphs[i].geometry.width += a;
                added += a;
            }
        }
        if (!adjust && (total = spaces) == 0) return false;
    }
    return true;
}

/* The room a broken line leaves for justify_line: what process_item left of the line's width
 * (`left`). A line whose hyphen the breaker set at once (`hyphenated_here`: not measured with it
 * on the way) Pango set without it and finished with add_missing_hyphen, which adds the
 * hyphen's difference to the room. */
static int room_left(const breaker *b, PangoGlyphItem *run, int start, int left, bool hyphenated_here)
{
    int room = MAX(left, 0);
    PangoItem *item = run->item;
    if (hyphenated_here && (item->analysis.flags & PANGO_ANALYSIS_FLAG_NEED_HYPHEN)) {
        item->analysis.flags &= ~PANGO_ANALYSIS_FLAG_NEED_HYPHEN;
        PangoGlyphString *plain = shape(b, item, start);
        item->analysis.flags |= PANGO_ANALYSIS_FLAG_NEED_HYPHEN;
        room += pango_glyph_string_get_width(run->glyphs) - pango_glyph_string_get_width(plain);
        pango_glyph_string_free(plain);
    }
    return room;
}

/* get_x_offset without indentation */
static int align_offset(PangoAlignment align, int width, int line_width)
{
    if (align == PANGO_ALIGN_RIGHT) return width - line_width;
    if (align != PANGO_ALIGN_CENTER) return 0;
    int x = (width - line_width) / 2;
    return ((width | line_width) & (PANGO_SCALE - 1)) == 0 ? PANGO_UNITS_ROUND(x) : x;
}

/* Baselines and offsets as pango_layout_get_extents_internal places the lines. */
static void place_lines(text_lines *tw, float spacing, PangoAlignment align)
{
    int y = 0, baseline = 0;
    for (int i = 0; i < tw->n; i++) {
        PangoGlyphItem *run = tw->lines[i].run;
        PangoRectangle log;
        pango_glyph_string_extents(run->glyphs, run->item->analysis.font, NULL, &log);
        /* the union with an empty rectangle at the origin, as pango_layout_line_get_extents does */
        int x0 = MIN(0, log.x), y0 = MIN(0, log.y);
        int lw = MAX(0, log.x + log.width) - x0, lh = MAX(0, log.y + log.height) - y0;
        PangoFontMetrics *m = pango_font_get_metrics(run->item->analysis.font, run->item->analysis.language);
        int height = pango_font_metrics_get_height(m);
        pango_font_metrics_unref(m);
        if (i == 0 || spacing == 0.0f) baseline = y - y0;
        else baseline = baseline + spacing * height;
        tw->lines[i].baseline = baseline;
        tw->lines[i].top = baseline + y0;
        tw->lines[i].bottom = baseline + y0 + lh;
        tw->lines[i].x = x0 + align_offset(align, tw->wpu, lw);
        tw->width = MAX(tw->width, lw);
        y = baseline + y0 + lh;
    }
    tw->height = y;
}

text_lines *text_lines_wrap(rctx *r, PangoLayout *unwrapped, double width)
{
    PangoGlyphItem *whole = only_run(unwrapped);
    if (!whole) return NULL;
    int nattrs;
    const PangoLogAttr *la = pango_layout_get_log_attrs_readonly(unwrapped, &nattrs);
    breaker b = { .pc = r->pc, .text = pango_layout_get_text(unwrapped), .nchars = nattrs - 1, .la = la, .hyphen_w = -1 };
    b.len = (int)strlen(b.text);
    int wpu = (int)(width * PANGO_SCALE);
    if (whole->item->length != b.len || wpu <= 0) return NULL;
    int *lw = g_new(int, b.nchars > 0 ? b.nchars : 1);
    pango_glyph_item_get_logical_widths(whole, b.text, lw);
    b.lw = lw;
    text_lines *tw = g_new0(text_lines, 1);
    tw->refs = 1;
    tw->wpu = wpu;
    PangoItem *rest = pango_item_copy(whole->item);
    int start = 0, cap = 0;
    bool justify = pango_layout_get_justify(unwrapped), ok = true;
    while (rest) {
        PangoGlyphString *g;
        int used;
        int n = fill_line(&b, rest, start, tw->wpu, start == 0, whole->glyphs, &g, &used);
        PangoItem *item = rest;
        if (n < rest->num_chars) {
            const char *p = b.text + rest->offset;
            item = pango_item_split(rest, (int)(g_utf8_offset_to_pointer(p, n) - p), n);
            line_hyphen(&b, item, start + n);
        } else {
            rest = NULL;
            if (!g && needs_hyphen(&b, start + n)) item->analysis.flags |= PANGO_ANALYSIS_FLAG_NEED_HYPHEN;
            if (!g && start == 0 && !(item->analysis.flags & PANGO_ANALYSIS_FLAG_NEED_HYPHEN))
                g = pango_glyph_string_copy(whole->glyphs);
        }
        bool shaped_here = !g;
        if (!g) g = shape(&b, item, start);
        if (tw->n == cap) tw->lines = g_renew(wline, tw->lines, cap = cap ? 2 * cap : 4);
        PangoGlyphItem *run = g_slice_new0(PangoGlyphItem);
        run->item = item;
        run->glyphs = g;
        finish_line(&b, run, start, start + n, rest != NULL);
        tw->lines[tw->n++] = (wline){ .run = run };
        if (justify && rest && !justify_line(&b, run, start, room_left(&b, run, start, tw->wpu - used, shaped_here))) {
            pango_item_free(rest); /* Pango would justify it letter by letter */
            ok = false;
            break;
        }
        start += n;
    }
    g_free(lw);
    if (!ok) {
        text_lines_free(tw);
        return NULL;
    }
    tw->text = g_strdup(b.text);
    place_lines(tw, pango_layout_get_line_spacing(unwrapped), pango_layout_get_alignment(unwrapped));
    return tw;
}

text_lines *text_lines_single(rctx *r, const char *text, const text_style *st)
{
    /* what the layout would treat specially: markup, paragraphs, tabs, line separators, soft
     * hyphens and hyphenation points (which may add a hyphen at the end) */
    static const char *const special[] = { "\xE2\x80\xA8", "\xE2\x80\xA9", "\xE2\x80\xA7", "\xC2\xAD" };
    if (!*text || strpbrk(text, "<&\t\n\r")) return NULL;
    for (size_t i = 0; i < G_N_ELEMENTS(special); i++)
        if (strstr(text, special[i])) return NULL;
    int len = (int)strlen(text);
    PangoAttrList *attrs = pango_attr_list_new();
    PangoFontDescription *fd = text_font(st);
    pango_attr_list_insert(attrs, pango_attr_font_desc_new(fd));
    pango_font_description_free(fd);
    /* the paragraph direction as a layout finds it (pango_find_base_dir is deprecated for
     * applications, not for this) */
    G_GNUC_BEGIN_IGNORE_DEPRECATIONS
    PangoDirection dir = pango_find_base_dir(text, len);
    G_GNUC_END_IGNORE_DEPRECATIONS
    if (dir == PANGO_DIRECTION_NEUTRAL) dir = pango_context_get_base_dir(r->pc);
    GList *items = pango_itemize_with_base_dir(r->pc, dir, text, 0, len, attrs, NULL);
    pango_attr_list_unref(attrs);
    if (!items || items->next) {
        g_list_free_full(items, (GDestroyNotify)pango_item_free);
        return NULL;
    }
    PangoItem *item = items->data;
    g_list_free(items);
    if (st->tnum) { /* the font features a layout adds to its items after itemizing */
        PangoAttrList *features = pango_attr_list_new();
        pango_attr_list_insert(features, pango_attr_font_features_new("tnum"));
        PangoAttrIterator *it = pango_attr_list_get_iterator(features);
        pango_item_apply_attrs(item, it);
        pango_attr_iterator_destroy(it);
        pango_attr_list_unref(features);
    }
    PangoGlyphItem *run = g_slice_new0(PangoGlyphItem);
    run->item = item;
    run->glyphs = pango_glyph_string_new();
    /* log attributes only matter to shaping for hyphens and capitalisation, absent here */
    pango_shape_item(item, text, len, NULL, run->glyphs,
                     pango_context_get_round_glyph_positions(r->pc) ? PANGO_SHAPE_ROUND_POSITIONS : PANGO_SHAPE_NONE);
    text_lines *tl = g_new0(text_lines, 1);
    tl->refs = 1;
    tl->text = g_strdup(text);
    tl->n = 1;
    tl->lines = g_new0(wline, 1);
    tl->lines[0].run = run;
    if (!text_run_drawable(run)) {
        text_lines_free(tl);
        return NULL;
    }
    place_lines(tl, 0, PANGO_ALIGN_LEFT); /* one unwrapped line: no offset in any alignment */
    return tl;
}

double text_lines_height(const text_lines *tw) { return (double)tw->height / PANGO_SCALE; }

bool text_lines_fits_unwrapped(const text_lines *tw, int wpu)
{
    return tw->wpu == 0 && tw->n == 1 && tw->lines[0].x == 0 && tw->width <= wpu;
}

double text_lines_longest_word(const text_lines *tw)
{
    size_t start, len;
    if (!text_longest_word(tw->text, &start, &len) || tw->n != 1) return 0;
    /* as pango_layout_index_to_pos measures a run: from the first character's leading edge to
     * the last one's trailing edge */
    const PangoGlyphItem *run = tw->lines[0].run;
    int last = (int)(g_utf8_prev_char(tw->text + start + len) - tw->text), x0, x1;
    pango_glyph_string_index_to_x(run->glyphs, tw->text + run->item->offset, run->item->length,
                                  (PangoAnalysis *)&run->item->analysis, (int)start, FALSE, &x0);
    pango_glyph_string_index_to_x(run->glyphs, tw->text + run->item->offset, run->item->length,
                                  (PangoAnalysis *)&run->item->analysis, last, TRUE, &x1);
    return (double)(x1 - x0) / PANGO_SCALE;
}

double text_lines_width(const text_lines *tw) { return (double)tw->width / PANGO_SCALE; }

int text_lines_width_pu(const text_lines *tw) { return tw->wpu; }

void text_lines_draw(rctx *r, const text_lines *tw, double x, double y, layout_rgb c)
{
    text_lines_draw_range(r, tw, x, y, c, 0, INFINITY);
}

void text_lines_draw_range(rctx *r, const text_lines *tw, double x, double y, layout_rgb c, double from, double to)
{
    if (!r->draw) return;
    set_rgb(r, c);
    cairo_move_to(r->cr, x, y - from);
    double x0, y0; /* where pangocairo would draw from: the current point, as cairo rounds it */
    cairo_get_current_point(r->cr, &x0, &y0);
    for (int i = 0; i < tw->n; i++)
        if (line_within((double)tw->lines[i].top / PANGO_SCALE, (double)tw->lines[i].bottom / PANGO_SCALE, from, to))
            text_draw_run(r, tw->text, tw->lines[i].run, x0, y0, tw->lines[i].x, tw->lines[i].baseline);
}

void text_lines_boxes(const text_lines *tw, GArray *top, GArray *bottom)
{
    for (int i = 0; i < tw->n; i++) {
        double t = (double)tw->lines[i].top / PANGO_SCALE, b = (double)tw->lines[i].bottom / PANGO_SCALE;
        g_array_append_val(top, t);
        g_array_append_val(bottom, b);
    }
}

void text_lines_rehome(text_lines *tw, text_font_map to, void *data)
{
    for (int i = 0; i < tw->n; i++) {
        PangoAnalysis *a = &tw->lines[i].run->item->analysis;
        PangoFont *f = g_object_ref(to(a->font, data));
        g_object_unref(a->font);
        a->font = f;
    }
}

text_lines *text_lines_ref(text_lines *tw)
{
    g_atomic_int_inc(&tw->refs);
    return tw;
}

void text_lines_free(text_lines *tw)
{
    if (!tw || !g_atomic_int_dec_and_test(&tw->refs)) return;
    for (int i = 0; i < tw->n; i++) pango_glyph_item_free(tw->lines[i].run);
    g_free(tw->lines);
    g_free(tw->text);
    g_free(tw);
}

/* For tests: the lines as Pango would break them. */
int text_lines_count(const text_lines *tw) { return tw->n; }
const PangoGlyphItem *text_lines_run(const text_lines *tw, int i, int *x, int *baseline)
{
    *x = tw->lines[i].x;
    *baseline = tw->lines[i].baseline;
    return tw->lines[i].run;
}

void text_lines_extent(const text_lines *tw, int i, double *top, double *bottom)
{
    *top = (double)tw->lines[i].top / PANGO_SCALE;
    *bottom = (double)tw->lines[i].bottom / PANGO_SCALE;
}

void text_lines_draw_line(rctx *r, const text_lines *tw, int i, double x, double y)
{
    if (!r->draw) return;
    cairo_move_to(r->cr, x, y);
    double x0, y0; /* as text_draw_line: from the current point, as cairo rounds it */
    cairo_get_current_point(r->cr, &x0, &y0);
    text_draw_run(r, tw->text, tw->lines[i].run, x0, y0, 0, 0);
}

double text_lines_line_end(const text_lines *tw, int i)
{
    PangoGlyphItem *run = tw->lines[i].run;
    PangoRectangle log;
    pango_glyph_string_extents(run->glyphs, run->item->analysis.font, NULL, &log);
    return (double)MAX(0, log.x + log.width) / PANGO_SCALE;
}
