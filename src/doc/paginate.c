/* Pages and flow: opening and closing pages, the space owed between blocks, structure tags,
 * and the dispatch that places each block, keeping headings with what follows them. */
#include "doc/doc_internal.h"

#include <stddef.h>
#include <string.h>

static void close_page(rctx *r)
{
    if (!r->no_chrome) chrome_draw(r);
    if (r->draw) cairo_show_page(r->cr);
}

void page_new(rctx *r)
{
    if (r->page_open) close_page(r);
    r->page++;
    r->page_open = true;
    r->y = r->top;
    r->gap = 0;
    r->page_dirty = false;
    r->no_chrome = false;
    r->page_chapter = r->chapter;
}

void page_finish(rctx *r)
{
    if (r->page_open) close_page(r);
    r->page_open = false;
}

double page_room(const rctx *r) { return r->bottom - r->y; }

void page_ensure(rctx *r, double h)
{
    if (r->page_dirty && r->y + r->gap + h > r->bottom + 0.01) page_new(r);
}

void set_rgb(rctx *r, layout_rgb c)
{
    if (r->draw) cairo_set_source_rgb(r->cr, c.r, c.g, c.b);
}

layout_rgb rgb_mix(layout_rgb a, layout_rgb b, double t)
{
    return (layout_rgb){ a.r + (b.r - a.r) * t, a.g + (b.g - a.g) * t, a.b + (b.b - a.b) * t };
}

static bool is_nav_tag(const char *tag)
{
    return strcmp(tag, CAIRO_TAG_LINK) == 0 || strcmp(tag, CAIRO_TAG_DEST) == 0;
}

/* Structure tags only when tagging; links and destinations always, so untagged files still
 * navigate. */
void tag_begin(rctx *r, const char *tag, const char *attrs)
{
    if (r->draw && (r->tagged || is_nav_tag(tag))) cairo_tag_begin(r->cr, tag, attrs);
}

void tag_end(rctx *r, const char *tag)
{
    if (r->draw && (r->tagged || is_nav_tag(tag))) cairo_tag_end(r->cr, tag);
}

/* Decoration (rules, fills, running headers) is drawn inside a "Private" element that the
 * post-processor turns into an /Artifact marked-content sequence, because cairo 1.16 has no
 * artifact tag; so every mark on a page is either structure or artifact. */
void art_begin(rctx *r)
{
    if (r->draw && r->tagged) cairo_tag_begin(r->cr, ART_TAG, NULL);
}

void art_end(rctx *r)
{
    if (r->draw && r->tagged) cairo_tag_end(r->cr, ART_TAG);
}

const char *doc_word(const rctx *r, const char *nl, const char *en)
{
    return strcmp(r->lang, "en") == 0 ? en : nl;
}

static double measure_min_height(rctx *r, const block *b)
{
    const block *next = b + 1 < r->d->blocks + r->d->n ? b + 1 : NULL;
    switch (b->kind) {
    case B_HEADING: /* a run of headings stays together with the start of what follows */
        return heading_height(r, b) + (next ? block_min_height(r, next) : 0);
    case B_PARAGRAPH: return paragraph_min_height(r, b);
    case B_LIST: {
        block item = *b;
        item.kind = B_PARAGRAPH;
        item.text = b->items[0];
        item.style = DOC_PAR_BODY;
        return paragraph_min_height(r, &item);
    }
    case B_CALLOUT: return callout_height(r, b);
    case B_TILES: return tiles_height(r, b);
    case B_FIGURE: return figure_height(r, b);
    case B_TABLE: return table_min_height(r, b->table);
    case B_TOC: return toc_height(r);
    default: return 0;
    }
}

/* Remembered per render: a block's height does not depend on where it lands, and keep-with-next
 * asks for the same blocks again from every heading before them and in both passes. */
double block_min_height(rctx *r, const block *b)
{
    ptrdiff_t i = b - r->d->blocks;
    if (!r->min_h || i < 0 || i >= r->d->n) return measure_min_height(r, b);
    if (r->min_h[i] < 0) r->min_h[i] = measure_min_height(r, b);
    return r->min_h[i];
}

void block_starts_here(const rctx *r, block *b)
{
    if (!r->draw) b->page = r->page;
}

void flow_block(rctx *r, block *b)
{
    if (!r->page_open) page_new(r);
    block_starts_here(r, b);
    switch (b->kind) {
    case B_HEADING: flow_heading(r, b); break;
    case B_PARAGRAPH: flow_paragraph(r, b); break;
    case B_LIST: flow_list(r, b); break;
    case B_CALLOUT: flow_callout(r, b); break;
    case B_TILES: flow_tiles(r, b); break;
    case B_FIGURE: flow_figure(r, b); break;
    case B_TABLE: flow_table(r, b); break;
    case B_TOC: flow_toc(r, b); break;
    case B_COVER: flow_cover(r, b); break;
    case B_PAGE_BREAK:
        if (r->page_dirty) page_new(r);
        break;
    }
}
