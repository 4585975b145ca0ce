/* Text blocks and boxes: paragraphs and lists that split across pages line by line (at least
 * two lines on either side of a break), callouts, key-figure tiles and figures, which never split. */
#include "doc/doc_internal.h"

#include <string.h>

#define GAP_PAR 0.65 /* paragraph spacing, in units of the body size */

text_style par_style(const rctx *r, doc_par_style s)
{
    text_style st = text_body(r);
    if (s == DOC_PAR_LEAD) { st.size *= 1.15; st.justify = false; }
    if (s == DOC_PAR_SMALL) { st.size *= 0.85; st.justify = false; }
    if (s == DOC_PAR_QUOTE) st.italic = true;
    return st;
}

static double par_indent(const rctx *r, doc_par_style s)
{
    return s == DOC_PAR_QUOTE ? 2 * r->L->font_size : 0;
}

/* A paragraph's measure: the text width less its indent on both sides. */
static double par_width(const rctx *r, doc_par_style s)
{
    return r->width - 2 * par_indent(r, s);
}

typedef struct line_set {
    int n;
    double *top, *bot, *base, *x; /* points, relative to the text's top */
    PangoLayout *layout;          /* the lines are a layout's ... */
    PangoLayoutLine **line;
    const text_lines *tl;         /* ... or broken by wrap.c */
} line_set;

static void lines_alloc(line_set *ls, int n)
{
    ls->n = n;
    ls->top = g_new(double, 4 * (size_t)(n > 0 ? n : 1));
    ls->bot = ls->top + n;
    ls->base = ls->bot + n;
    ls->x = ls->base + n;
}

static void lines_of_layout(PangoLayout *l, line_set *ls)
{
    *ls = (line_set){ .layout = l };
    lines_alloc(ls, pango_layout_get_line_count(l));
    ls->line = g_new(PangoLayoutLine *, ls->n);
    PangoLayoutIter *it = pango_layout_get_iter(l);
    int i = 0;
    do {
        PangoRectangle log;
        int y0, y1;
        pango_layout_iter_get_line_extents(it, NULL, &log);
        pango_layout_iter_get_line_yrange(it, &y0, &y1);
        ls->top[i] = (double)y0 / PANGO_SCALE;
        ls->bot[i] = (double)y1 / PANGO_SCALE;
        ls->base[i] = (double)pango_layout_iter_get_baseline(it) / PANGO_SCALE;
        ls->x[i] = (double)log.x / PANGO_SCALE;
        ls->line[i] = pango_layout_iter_get_line_readonly(it);
        i++;
    } while (pango_layout_iter_next_line(it) && i < ls->n);
    pango_layout_iter_free(it);
}

static void lines_of_text_lines(const text_lines *tl, line_set *ls)
{
    *ls = (line_set){ .tl = tl };
    lines_alloc(ls, text_lines_count(tl));
    for (int i = 0; i < ls->n; i++) {
        int x, base;
        text_lines_run(tl, i, &x, &base);
        text_lines_extent(tl, i, &ls->top[i], &ls->bot[i]);
        ls->base[i] = (double)base / PANGO_SCALE;
        ls->x[i] = (double)x / PANGO_SCALE;
    }
}

/* The lines of a text set `width` wide: wrap.c's when it can break the text (plain text in one
 * font, most of a report), which shapes it once, else a layout's, which Pango 1.50 shapes again
 * for every line and break it tries. Either gives the same lines. */
static void lines_get(rctx *r, const char *markup, const text_style *st, double width, line_set *ls)
{
    set_text t = text_setting(r, markup, st, width);
    if (t.tl) lines_of_text_lines(t.tl, ls);
    else lines_of_layout(t.l, ls); /* which keeps the layout */
}

static void lines_free(line_set *ls)
{
    g_free(ls->top);
    g_free(ls->line);
    if (ls->layout) g_object_unref(ls->layout);
}

/* How many lines from `from` to put on this page: all that fit, but never a lone first or last
 * line of a paragraph; 0 means "start on the next page". */
static int lines_that_fit(const rctx *r, const line_set *ls, int from)
{
    double room = r->bottom - r->y;
    int k = from;
    while (k < ls->n && ls->bot[k] - ls->top[from] <= room + 0.01) k++;
    if (k == ls->n) return k - from;
    if (ls->n - k == 1 && k - from >= 3) k--;        /* widow */
    if (k - from < 2 && ls->n - from >= 2) return 0; /* orphan */
    return k - from;
}

static void draw_lines(rctx *r, const line_set *ls, int from, int count, double x, layout_rgb c)
{
    if (!r->draw) return;
    set_rgb(r, c);
    for (int j = from; j < from + count; j++) {
        double lx = x + ls->x[j], ly = r->y + ls->base[j] - ls->top[from];
        if (ls->tl) text_lines_draw_line(r, ls->tl, j, lx, ly);
        else text_draw_line(r, ls->line[j], lx, ly);
    }
}

/* Places a text's lines from the cursor on, across pages. `tags` (NULL-terminated) wrap
 * each page's part; `label` (may be NULL) is drawn beside the first line as "Lbl". */
static void flow_lines(rctx *r, const char *markup, const text_style *st, double width, double x, layout_rgb c,
                       const char *const *tags, PangoLayout *label, double label_x)
{
    line_set ls;
    lines_get(r, markup, st, width, &ls);
    for (int i = 0; i < ls.n;) {
        int k = lines_that_fit(r, &ls, i);
        if (k == 0 && r->page_dirty) { page_new(r); continue; }
        if (k == 0) k = 1; /* a line taller than a page: place it anyway */
        for (int t = 0; tags[t]; t++) {
            if (i == 0 && label && t == 1) {
                tag_begin(r, "Lbl", NULL);
                text_draw(r, label, label_x, r->y, c);
                tag_end(r, "Lbl");
            }
            tag_begin(r, tags[t], NULL);
        }
        draw_lines(r, &ls, i, k, x, c);
        for (int t = (int)g_strv_length((char **)tags) - 1; t >= 0; t--) tag_end(r, tags[t]);
        r->y += ls.bot[i + k - 1] - ls.top[i];
        r->page_dirty = true;
        i += k;
        if (i < ls.n) page_new(r);
    }
    lines_free(&ls);
}

double paragraph_min_height(rctx *r, const block *b)
{
    text_style st = par_style(r, b->style);
    line_set ls;
    lines_get(r, b->text, &st, par_width(r, b->style), &ls);
    double h = ls.n >= 2 ? ls.bot[1] : ls.n ? ls.bot[0] : 0;
    lines_free(&ls);
    return h;
}

static void take_gap(rctx *r)
{
    if (r->page_dirty) r->y += r->gap;
    r->gap = 0;
}

void flow_paragraph(rctx *r, block *b)
{
    text_style st = par_style(r, b->style);
    double ind = par_indent(r, b->style);
    layout_rgb c = b->style == DOC_PAR_SMALL ? r->L->muted : r->L->text;
    take_gap(r);
    static const char *const tags[] = { "P", NULL };
    flow_lines(r, b->text, &st, par_width(r, b->style), r->x0 + ind, c, tags, NULL, 0);
    r->gap = GAP_PAR * r->L->font_size;
}

/* A list item's text style and indent. */
static text_style list_style(const rctx *r, double *indent)
{
    text_style st = text_body(r);
    st.justify = false;
    *indent = 1.6 * r->L->font_size;
    return st;
}

void block_paragraphs(const rctx *r, const block *b,
                      void (*fn)(void *data, const char *markup, const text_style *st, double width), void *data)
{
    if (b->kind == B_PARAGRAPH) {
        text_style st = par_style(r, b->style);
        fn(data, b->text, &st, par_width(r, b->style));
    } else if (b->kind == B_TOC) {
        toc_paragraphs(r, fn, data);
    } else if (b->kind == B_HEADING) {
        text_style st = heading_style(r, b);
        char *m = heading_markup(b);
        fn(data, m, &st, r->width);
        g_free(m);
    } else if (b->kind == B_LIST && b->n > 0) {
        text_style body = par_style(r, DOC_PAR_BODY); /* the first item keeps its heading company as a paragraph */
        fn(data, b->items[0], &body, par_width(r, DOC_PAR_BODY));
        double ind;
        text_style st = list_style(r, &ind);
        for (int i = 0; i < b->n; i++) fn(data, b->items[i], &st, r->width - ind);
    }
}

void flow_list(rctx *r, block *b)
{
    double ind;
    text_style st = list_style(r, &ind);
    take_gap(r);
    tag_begin(r, "L", NULL);
    for (int i = 0; i < b->n; i++) {
        char num[16];
        if (b->numbered) snprintf(num, sizeof num, "%d.", i + 1);
        PangoLayout *lab = text_layout(r, b->numbered ? num : "\xE2\x80\xA2", &st, 0);
        static const char *const tags[] = { "LI", "LBody", NULL };
        if (i > 0) r->y += 0.25 * r->L->font_size;
        flow_lines(r, b->items[i], &st, r->width - ind, r->x0 + ind, r->L->text, tags, lab,
                   r->x0 + (b->numbered ? 0 : 0.3 * ind));
        g_object_unref(lab);
    }
    tag_end(r, "L");
    r->gap = GAP_PAR * r->L->font_size;
}

/* ---- callout ---- */

static PangoLayout *callout_layout(rctx *r, const block *b, double *pad)
{
    *pad = 0.9 * r->L->font_size;
    text_style st = text_body(r);
    st.justify = false;
    char *m = b->title ? g_strdup_printf("<b>%s</b>\n%s", b->title, b->text) : g_strdup(b->text);
    PangoLayout *l = text_layout(r, m, &st, r->width - 2 * *pad - 3);
    g_free(m);
    return l;
}

double callout_height(rctx *r, const block *b)
{
    double pad;
    PangoLayout *l = callout_layout(r, b, &pad);
    double h = text_height(l) + 2 * pad;
    g_object_unref(l);
    return h;
}

void flow_callout(rctx *r, block *b)
{
    double pad;
    PangoLayout *l = callout_layout(r, b, &pad);
    double h = text_height(l) + 2 * pad;
    page_ensure(r, h);
    take_gap(r);
    if (r->draw) {
        art_begin(r);
        set_rgb(r, rgb_mix(r->L->accent, (layout_rgb){ 1, 1, 1 }, 0.9));
        cairo_rectangle(r->cr, r->x0, r->y, r->width, h);
        cairo_fill(r->cr);
        set_rgb(r, r->L->accent);
        cairo_rectangle(r->cr, r->x0, r->y, 3, h);
        cairo_fill(r->cr);
        art_end(r);
    }
    tag_begin(r, "Div", NULL);
    tag_begin(r, "P", NULL);
    text_draw(r, l, r->x0 + 3 + pad, r->y + pad, r->L->text);
    tag_end(r, "P");
    tag_end(r, "Div");
    g_object_unref(l);
    r->y += h;
    r->page_dirty = true;
    r->gap = 1.2 * r->L->font_size;
}

/* ---- key figures ---- */

typedef struct tile_geo {
    int per_row, rows;
    double w, h, pad;
} tile_geo;

/* The value's size: twice the body size, smaller when the value would not fit on one line. */
static double tile_value_size(rctx *r, const doc_tile *t, double w)
{
    text_style st = text_body(r);
    st.family = r->L->font_heading;
    st.size = r->L->font_size * 2.0;
    st.weight = PANGO_WEIGHT_BOLD;
    st.tnum = true;
    PangoLayout *l = text_layout(r, t->value, &st, 0);
    double nat = text_width(l);
    g_object_unref(l);
    return nat > w ? st.size * w / nat : st.size;
}

static PangoLayout *tile_layout(rctx *r, const doc_tile *t, double w)
{
    text_style st = text_body(r);
    st.justify = false;
    char *fam = g_markup_escape_text(r->L->font_heading, -1);
    char *m = g_strdup_printf("<span font_family='%s' weight='bold' size='%d' font_features='tnum'>%s</span>\n"
                              "<span size='%d'>%s</span>%s<span size='%d' foreground='#%02X%02X%02X'>%s</span>",
                              fam, (int)(tile_value_size(r, t, w) * PANGO_SCALE), t->value,
                              (int)(r->L->font_size * 0.95 * PANGO_SCALE), t->label ? t->label : "",
                              t->sub ? "\n" : "", (int)(r->L->font_size * 0.85 * PANGO_SCALE),
                              (int)(r->L->muted.r * 255 + 0.5), (int)(r->L->muted.g * 255 + 0.5),
                              (int)(r->L->muted.b * 255 + 0.5), t->sub ? t->sub : "");
    PangoLayout *l = text_layout(r, m, &st, w);
    g_free(m);
    g_free(fam);
    return l;
}

static tile_geo tiles_geo(rctx *r, const block *b)
{
    tile_geo g = { .pad = 0.8 * r->L->font_size };
    g.per_row = b->n <= 4 ? b->n : (b->n + 1) / 2;
    g.rows = (b->n + g.per_row - 1) / g.per_row;
    double gutter = 0.8 * r->L->font_size;
    g.w = (r->width - gutter * (g.per_row - 1)) / g.per_row;
    for (int i = 0; i < b->n; i++) {
        PangoLayout *l = tile_layout(r, &b->tiles[i], g.w - 2 * g.pad - 3);
        double h = text_height(l) + 2 * g.pad;
        if (h > g.h) g.h = h;
        g_object_unref(l);
    }
    return g;
}

double tiles_height(rctx *r, const block *b)
{
    tile_geo g = tiles_geo(r, b);
    return g.rows * g.h + (g.rows - 1) * 0.8 * r->L->font_size;
}

void flow_tiles(rctx *r, block *b)
{
    tile_geo g = tiles_geo(r, b);
    double gutter = 0.8 * r->L->font_size, total = g.rows * g.h + (g.rows - 1) * gutter;
    page_ensure(r, total);
    take_gap(r);
    tag_begin(r, "Div", NULL);
    for (int i = 0; i < b->n; i++) {
        double x = r->x0 + (i % g.per_row) * (g.w + gutter), y = r->y + (i / g.per_row) * (g.h + gutter);
        layout_rgb c = b->tiles[i].color ? r->L->action[b->tiles[i].color - 1] : r->L->primary;
        if (r->draw) {
            art_begin(r);
            set_rgb(r, rgb_mix(r->L->primary, (layout_rgb){ 1, 1, 1 }, 0.94));
            cairo_rectangle(r->cr, x, y, g.w, g.h);
            cairo_fill(r->cr);
            set_rgb(r, c);
            cairo_rectangle(r->cr, x, y, 3, g.h);
            cairo_fill(r->cr);
            art_end(r);
        }
        PangoLayout *l = tile_layout(r, &b->tiles[i], g.w - 2 * g.pad - 3);
        tag_begin(r, "P", NULL);
        text_draw(r, l, x + 3 + g.pad, y + g.pad, r->L->text);
        tag_end(r, "P");
        g_object_unref(l);
    }
    tag_end(r, "Div");
    r->y += total;
    r->page_dirty = true;
    r->gap = 1.2 * r->L->font_size;
}

/* ---- figures ---- */

static PangoLayout *caption_layout(rctx *r, const char *word, int no, const char *caption)
{
    text_style st = text_body(r);
    st.size *= 0.9;
    st.justify = false;
    char *m = g_strdup_printf("<b>%s %d.</b> %s", word, no, caption ? caption : "");
    PangoLayout *l = text_layout(r, m, &st, r->width);
    g_free(m);
    return l;
}

static double figure_scale(const rctx *r, const block *b, double *w)
{
    *w = b->fig_w > 0 ? b->fig_w : r->width;
    double s = *w > r->width ? r->width / *w : 1;
    double tall = 0.85 * (r->bottom - r->top); /* room left for the caption on an empty page */
    if (b->fig_h * s > tall) s = tall / b->fig_h;
    return s;
}

double figure_height(rctx *r, const block *b)
{
    double w, s = figure_scale(r, b, &w);
    double h = b->fig_h * s;
    if (b->caption) {
        PangoLayout *l = caption_layout(r, "Figuur", b->fig_no, b->caption);
        h += 0.5 * r->L->font_size + text_height(l);
        g_object_unref(l);
    }
    return h;
}

void flow_figure(rctx *r, block *b)
{
    double w, s = figure_scale(r, b, &w);
    page_ensure(r, figure_height(r, b));
    take_gap(r);
    block_starts_here(r, b);
    double x = r->x0 + (r->width - w * s) / 2;
    b->bbox[0] = x;
    b->bbox[1] = r->y;
    b->bbox[2] = x + w * s;
    b->bbox[3] = r->y + b->fig_h * s;
    tag_begin(r, "Figure", NULL);
    if (r->draw && b->draw) {
        cairo_save(r->cr);
        cairo_translate(r->cr, x, r->y);
        cairo_scale(r->cr, s, s);
        cairo_rectangle(r->cr, 0, 0, w, b->fig_h);
        cairo_clip(r->cr);
        cairo_new_path(r->cr);
        b->draw(r->cr, w, b->fig_h, b->ctx);
        cairo_restore(r->cr);
        const char *alt = b->describe ? b->describe(b->ctx) : NULL;
        if (alt && *alt) {
            g_free(b->alt);
            b->alt = g_strdup(alt);
        }
    }
    tag_end(r, "Figure");
    r->y += b->fig_h * s;
    if (b->caption) {
        PangoLayout *l = caption_layout(r, doc_word(r, "Figuur", "Figure"), b->fig_no, b->caption);
        r->y += 0.5 * r->L->font_size;
        tag_begin(r, "Caption", NULL);
        text_draw(r, l, r->x0, r->y, r->L->muted);
        tag_end(r, "Caption");
        r->y += text_height(l);
        g_object_unref(l);
    }
    r->page_dirty = true;
    r->gap = 1.4 * r->L->font_size;
}
