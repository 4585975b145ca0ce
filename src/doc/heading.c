/* Headings (numbered, kept with what follows, link destinations; postprocess.c makes their
 * outline entries), the cover page, and the table of contents with page numbers from the
 * previous pass. */
#include "doc/doc_internal.h"

#include <string.h>

static const double H_SIZE[3] = { 1.65, 1.28, 1.08 };
static const double H_BEFORE[3] = { 1.6, 1.4, 1.0 }; /* in body sizes */

text_style heading_style(const rctx *r, const block *b)
{
    text_style st = text_body(r);
    st.family = r->L->font_heading;
    st.size = r->L->font_size * H_SIZE[b->level - 1];
    st.weight = b->level == 3 ? PANGO_WEIGHT_SEMIBOLD : PANGO_WEIGHT_BOLD;
    st.justify = false;
    st.line_height = 1.0;
    return st;
}

char *heading_markup(const block *b)
{
    return b->number[0] ? g_strdup_printf("%s\xE2\x80\x82%s", b->number, b->text) : g_strdup(b->text);
}

/* A heading's text, set at the text width. */
static set_text heading_get(rctx *r, const block *b)
{
    text_style st = heading_style(r, b);
    char *m = heading_markup(b);
    set_text h = text_setting(r, m, &st, r->width);
    g_free(m);
    return h;
}

double heading_height(rctx *r, const block *b)
{
    set_text h = heading_get(r, b);
    double height = set_text_height(&h) + 0.5 * r->L->font_size;
    set_text_free(&h);
    return height;
}

void flow_heading(rctx *r, block *b)
{
    if ((b->flags & DOC_HEADING_NEW_PAGE) && r->page_dirty) page_new(r);
    double before = r->page_dirty ? H_BEFORE[b->level - 1] * r->L->font_size : 0;
    r->gap = r->gap > before ? r->gap : before;
    page_ensure(r, block_min_height(r, b));
    if (r->page_dirty) r->y += r->gap;
    r->gap = 0;
    block_starts_here(r, b);
    if (b->level == 1) {
        r->chapter = b->plain;
        if (!r->page_dirty) r->page_chapter = b->plain;
    }
    set_text h = heading_get(r, b);
    char tag[4] = { 'H', (char)('0' + b->level), 0 }, dest[32];
    snprintf(dest, sizeof dest, "name='h%d'", b->id);
    if (!r->draw) b->y = r->y; /* for its outline entry (postprocess.c) */
    tag_begin(r, CAIRO_TAG_DEST, dest);
    tag_begin(r, tag, NULL);
    set_text_draw(r, &h, r->x0, r->y, b->level == 3 ? r->L->text : r->L->primary);
    tag_end(r, tag);
    tag_end(r, CAIRO_TAG_DEST);
    r->y += set_text_height(&h);
    r->gap = 0.5 * r->L->font_size;
    r->page_dirty = true;
    set_text_free(&h);
}

/* ---- cover ---- */

static double cover_text(rctx *r, const char *plain, const char *tag, double size, int weight,
                         double x, double y, double w, layout_rgb c)
{
    if (!plain || !*plain) return y;
    char *m = text_prepare_plain(plain, r->lang, false);
    text_style st = text_body(r);
    st.family = r->L->font_heading;
    st.size = size;
    st.weight = weight;
    st.justify = false;
    st.line_height = 1.0;
    PangoLayout *l = text_layout(r, m, &st, w);
    tag_begin(r, tag, NULL);
    text_draw(r, l, x, y, c);
    tag_end(r, tag);
    y += text_height(l);
    g_object_unref(l);
    g_free(m);
    return y;
}

static void cover_logo(rctx *r, double band_bottom)
{
    const layout *L = r->L;
    if (!r->logo || L->logo_pos == LAYOUT_LOGO_NONE) return;
    bool right = L->logo_pos == LAYOUT_LOGO_COVER_RIGHT || L->logo_pos == LAYOUT_LOGO_HEADER_RIGHT;
    double y = L->cover == LAYOUT_COVER_BAND ? band_bottom + 18 : L->margin_top;
    art_begin(r);
    draw_logo(r, right ? L->page_w - L->margin_right : L->margin_left, y, L->logo_width, right);
    art_end(r);
}

static void cover_background(rctx *r, double band)
{
    const layout *L = r->L;
    if (!r->draw) return;
    art_begin(r);
    if (L->cover == LAYOUT_COVER_BAND) {
        set_rgb(r, L->primary);
        cairo_rectangle(r->cr, 0, 0, L->page_w, band);
        cairo_fill(r->cr);
        for (int i = 0; i < 4; i++) { /* the four action lines as a stripe under the band */
            set_rgb(r, L->action[i]);
            cairo_rectangle(r->cr, i * L->page_w / 4, band, L->page_w / 4 + 0.5, 5);
            cairo_fill(r->cr);
        }
    } else if (L->cover == LAYOUT_COVER_SIDEBAR) {
        double w = L->margin_left * 0.55;
        set_rgb(r, L->primary);
        cairo_rectangle(r->cr, 0, 0, w, L->page_h);
        cairo_fill(r->cr);
        for (int i = 0; i < 4; i++) { /* and here as blocks at the foot of the sidebar */
            set_rgb(r, L->action[i]);
            cairo_rectangle(r->cr, 0, L->page_h - (4 - i) * w, w, w);
            cairo_fill(r->cr);
        }
    }
    art_end(r);
}

void flow_cover(rctx *r, block *b)
{
    if (r->page_dirty) page_new(r);
    block_starts_here(r, b);
    r->no_chrome = true;
    const layout *L = r->L;
    const doc_cover_info *c = &b->cover;
    double x = L->margin_left, w = L->page_w - L->margin_left - L->margin_right;
    double y = L->page_h * 0.36, band = L->page_h * 0.30;
    layout_rgb white = { 1, 1, 1 };
    cover_background(r, band);
    cover_logo(r, band);
    tag_begin(r, "Div", NULL);
    if (L->cover == LAYOUT_COVER_BAND) {
        double ty = cover_text(r, c->period, "P", L->font_size * 1.2, PANGO_WEIGHT_NORMAL, x, band * 0.28, w, white);
        cover_text(r, c->title, "P", L->font_size * 2.9, PANGO_WEIGHT_BOLD, x, ty + 8, w, white);
        y = band + 60;
    } else {
        y = cover_text(r, c->period, "P", L->font_size * 1.2, PANGO_WEIGHT_NORMAL, x, y - 30, w, L->accent);
        y = cover_text(r, c->title, "P", L->font_size * 2.9, PANGO_WEIGHT_BOLD, x, y + 6, w, L->primary);
        if (r->draw) {
            art_begin(r);
            set_rgb(r, L->accent);
            cairo_rectangle(r->cr, x, y + 10, 60, 3);
            cairo_fill(r->cr);
            art_end(r);
        }
        y += 28;
    }
    y = cover_text(r, c->subtitle, "P", L->font_size * 1.45, PANGO_WEIGHT_NORMAL, x, y, w, L->text);
    y = cover_text(r, c->institution, "P", L->font_size * 1.3, PANGO_WEIGHT_SEMIBOLD, x, y + 18, w, L->text);
    cover_text(r, c->date_text, "P", L->font_size * 1.05, PANGO_WEIGHT_NORMAL, x, y + 6, w, L->muted);
    cover_text(r, c->note, "P", L->font_size * 0.85, PANGO_WEIGHT_NORMAL, x, L->page_h - L->margin_bottom - 30, w, L->muted);
    tag_end(r, "Div");
    r->page_dirty = true;
    r->y = r->bottom + 1; /* what follows starts on a new page */
}

/* ---- table of contents ---- */

static bool in_toc(const block *b)
{
    return b->kind == B_HEADING && b->level <= 2 && !(b->flags & DOC_HEADING_NO_TOC);
}

/* Widths of the contents' number and page columns. */
static double toc_numw(const rctx *r) { return 2.6 * r->L->font_size; }
static double toc_pagew(const rctx *r) { return 3 * r->L->font_size; }

/* A heading's entry in the contents: its style, indent and measure. */
static text_style toc_entry_style(const rctx *r, const block *h, double *indent, double *width)
{
    text_style st = text_body(r);
    st.justify = false;
    if (h->level == 1) st.weight = PANGO_WEIGHT_SEMIBOLD;
    *indent = h->level == 1 ? 0 : toc_numw(r);
    *width = r->width - toc_numw(r) - *indent - toc_pagew(r);
    return st;
}

static PangoLayout *toc_small(rctx *r, const char *m, bool bold)
{
    text_style st = text_body(r);
    st.justify = false;
    st.tnum = true;
    if (bold) st.weight = PANGO_WEIGHT_SEMIBOLD;
    return text_layout(r, m, &st, 0);
}

static double toc_title(rctx *r)
{
    block t = { .kind = B_HEADING, .level = 1, .flags = DOC_HEADING_UNNUMBERED,
                .text = (char *)doc_word(r, "Inhoud", "Contents"), .plain = (char *)doc_word(r, "Inhoud", "Contents"),
                .id = -1 };
    return heading_height(r, &t);
}

double toc_height(rctx *r) { return toc_title(r) + 4 * r->L->font_size; }

/* Dotted leader from the end of an entry's text to its page number; graphics, not text, so
 * text extraction and screen readers do not meet a row of dots. */
static void toc_leader(rctx *r, double x1, double x2, double base)
{
    if (!r->draw || x2 <= x1) return;
    static const double dots[] = { 0.01, 3.0 };
    art_begin(r);
    cairo_save(r->cr);
    cairo_set_line_cap(r->cr, CAIRO_LINE_CAP_ROUND);
    cairo_set_line_width(r->cr, 0.9);
    cairo_set_dash(r->cr, dots, 2, 0);
    set_rgb(r, r->L->muted);
    cairo_move_to(r->cr, x2 - 3.0 * (int)((x2 - x1) / 3.0), base);
    cairo_line_to(r->cr, x2, base);
    cairo_stroke(r->cr);
    cairo_restore(r->cr);
    art_end(r);
}

static void toc_line(rctx *r, const block *h)
{
    double indent, width, numw = toc_numw(r);
    text_style st = toc_entry_style(r, h, &indent, &width);
    set_text e = text_setting(r, h->text, &st, width);
    char pg[16];
    snprintf(pg, sizeof pg, "%d", h->page);
    PangoLayout *num = toc_small(r, h->number, h->level == 1), *pl = toc_small(r, pg, h->level == 1);
    double hgt = set_text_height(&e), gap = h->level == 1 ? 0.55 * r->L->font_size : 0.15 * r->L->font_size;
    page_ensure(r, hgt + gap);
    if (r->page_dirty) r->y += gap;
    char link[32];
    snprintf(link, sizeof link, "dest='h%d'", h->id);
    tag_begin(r, "TOCI", NULL);
    tag_begin(r, CAIRO_TAG_LINK, link);
    text_draw(r, num, r->x0 + indent, r->y, r->L->text);
    set_text_draw(r, &e, r->x0 + indent + numw, r->y, r->L->text);
    double pw = text_width(pl);
    text_draw(r, pl, r->x0 + r->width - pw, r->y + hgt - text_height(pl), r->L->text);
    tag_end(r, CAIRO_TAG_LINK);
    tag_end(r, "TOCI");
    double end;
    if (e.tl) {
        end = text_lines_line_end(e.tl, text_lines_count(e.tl) - 1);
    } else {
        PangoRectangle ext;
        PangoLayoutLine *last = pango_layout_get_line_readonly(e.l, pango_layout_get_line_count(e.l) - 1);
        pango_layout_line_get_extents(last, NULL, &ext);
        end = (ext.x + ext.width) / (double)PANGO_SCALE;
    }
    toc_leader(r, r->x0 + indent + numw + end + 4, r->x0 + r->width - pw - 4, r->y + hgt - 0.3 * r->L->font_size);
    r->y += hgt;
    r->page_dirty = true;
    set_text_free(&e);
    g_object_unref(num);
    g_object_unref(pl);
}

/* The entries of the contents, for text_lines_paragraph (see block_paragraphs). */
void toc_paragraphs(const rctx *r, void (*fn)(void *data, const char *markup, const text_style *st, double width),
                    void *data)
{
    for (int i = 0; i < r->d->n; i++) {
        const block *h = &r->d->blocks[i];
        if (!in_toc(h)) continue;
        double indent, width;
        text_style st = toc_entry_style(r, h, &indent, &width);
        fn(data, h->text, &st, width);
    }
}

void flow_toc(rctx *r, block *b)
{
    if (r->page_dirty) page_new(r);
    block_starts_here(r, b);
    const char *word = doc_word(r, "Inhoud", "Contents");
    block t = { .kind = B_HEADING, .level = 1, .flags = DOC_HEADING_UNNUMBERED, .text = (char *)word,
                .plain = (char *)word, .id = -1 };
    set_text h = heading_get(r, &t);
    tag_begin(r, "H1", NULL);
    set_text_draw(r, &h, r->x0, r->y, r->L->primary);
    tag_end(r, "H1");
    r->y += set_text_height(&h) + 0.6 * r->L->font_size;
    r->page_dirty = true;
    set_text_free(&h);
    tag_begin(r, "TOC", NULL);
    for (int i = 0; i < r->d->n; i++)
        if (in_toc(&r->d->blocks[i])) toc_line(r, &r->d->blocks[i]);
    tag_end(r, "TOC");
    r->y = r->bottom + 1; /* the text starts on a new page */
}
