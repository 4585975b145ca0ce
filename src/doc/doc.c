/* Recording of document blocks: every adder copies and prepares its text (escape, quotes,
 * hyphenation) so the caller's strings can go away at once. Layout happens in render.c. */
#include "doc/doc_internal.h"

#include <stdlib.h>
#include <string.h>

static char *dup_or_null(const char *s) { return s ? g_strdup(s) : NULL; }

doc *doc_new(const layout *lay, const doc_meta *meta)
{
    doc *d = g_new0(doc, 1);
    if (!lay) d->own_layout = layout_default();
    d->lay = lay ? lay : d->own_layout;
    doc_meta m = meta ? *meta : (doc_meta){ 0 };
    d->title = g_strdup(m.title ? m.title : "");
    d->author = dup_or_null(m.author);
    d->subject = dup_or_null(m.subject);
    d->keywords = dup_or_null(m.keywords);
    d->creator = dup_or_null(m.creator);
    const char *lang = m.language ? m.language : d->lay->language;
    d->lang = g_strdup(lang && strncmp(lang, "en", 2) == 0 ? "en" : "nl");
    d->created = m.created;
    return d;
}

static void block_free(block *b)
{
    g_free(b->text);
    g_free(b->plain);
    g_free(b->title);
    for (int i = 0; b->items && i < b->n; i++) g_free(b->items[i]);
    g_free(b->items);
    for (int i = 0; b->tiles && i < b->n; i++) {
        g_free((char *)b->tiles[i].value);
        g_free((char *)b->tiles[i].label);
        g_free((char *)b->tiles[i].sub);
    }
    g_free(b->tiles);
    if (b->ctx_free) b->ctx_free(b->ctx);
    g_free(b->caption);
    g_free(b->alt);
    table_free(b->table);
    g_free((char *)b->cover.title);
    g_free((char *)b->cover.subtitle);
    g_free((char *)b->cover.institution);
    g_free((char *)b->cover.period);
    g_free((char *)b->cover.date_text);
    g_free((char *)b->cover.note);
}

void doc_free(doc *d)
{
    if (!d) return;
    for (int i = 0; i < d->n; i++) block_free(&d->blocks[i]);
    g_free(d->blocks);
    g_free(d->title);
    g_free(d->author);
    g_free(d->subject);
    g_free(d->keywords);
    g_free(d->creator);
    g_free(d->lang);
    layout_free(d->own_layout);
    g_free(d);
}

const layout *doc_get_layout(const doc *d) { return d->lay; }
const char *doc_language(const doc *d) { return d->lang; }

/* Appends a zeroed block; the pointer is valid until the next append. */
static block *add_block(doc *d, block_kind kind)
{
    if (d->n == d->cap) {
        d->cap = d->cap ? d->cap * 2 : 32;
        d->blocks = g_renew(block, d->blocks, d->cap);
    }
    block *b = &d->blocks[d->n++];
    memset(b, 0, sizeof *b);
    b->kind = kind;
    return b;
}

static char *prep(const doc *d, const char *plain) { return text_prepare_plain(plain ? plain : "", d->lang, true); }
static char *prep_nohyph(const doc *d, const char *plain) { return text_prepare_plain(plain ? plain : "", d->lang, false); }

void doc_cover(doc *d, const doc_cover_info *info)
{
    block *b = add_block(d, B_COVER);
    b->cover.title = dup_or_null(info->title);
    b->cover.subtitle = dup_or_null(info->subtitle);
    b->cover.institution = dup_or_null(info->institution);
    b->cover.period = dup_or_null(info->period);
    b->cover.date_text = dup_or_null(info->date_text);
    b->cover.note = dup_or_null(info->note);
}

void doc_toc(doc *d) { add_block(d, B_TOC); }
void doc_page_break(doc *d) { add_block(d, B_PAGE_BREAK); }

int doc_heading(doc *d, int level, const char *text) { return doc_heading_ex(d, level, text, 0); }

int doc_heading_ex(doc *d, int level, const char *text, int flags)
{
    if (level < 1) level = 1;
    if (level > 3) level = 3;
    block *b = add_block(d, B_HEADING);
    b->level = level;
    b->flags = flags;
    b->id = d->n_headings++;
    if (!(flags & DOC_HEADING_UNNUMBERED) && d->lay->heading_numbers) {
        d->counters[level - 1]++;
        for (int i = level; i < 3; i++) d->counters[i] = 0;
        if (level == 1) snprintf(b->number, sizeof b->number, "%d", d->counters[0]);
        else if (level == 2) snprintf(b->number, sizeof b->number, "%d.%d", d->counters[0], d->counters[1]);
        else snprintf(b->number, sizeof b->number, "%d.%d.%d", d->counters[0], d->counters[1], d->counters[2]);
    }
    b->text = prep_nohyph(d, text);
    b->plain = g_strdup(text ? text : ""); /* outline and running header take plain text */
    return b->id;
}

void doc_paragraph(doc *d, const char *text) { doc_paragraph_styled(d, DOC_PAR_BODY, text); }

void doc_paragraph_styled(doc *d, doc_par_style style, const char *text)
{
    block *b = add_block(d, B_PARAGRAPH);
    b->style = style;
    b->text = prep(d, text);
}

void doc_paragraph_markup(doc *d, doc_par_style style, const char *markup)
{
    block *b = add_block(d, B_PARAGRAPH);
    b->style = style;
    b->text = text_prepare_markup(markup ? markup : "", d->lang, true);
}

void doc_list(doc *d, const char *const *items, int n, bool numbered)
{
    if (n <= 0) return;
    block *b = add_block(d, B_LIST);
    b->numbered = numbered;
    b->n = n;
    b->items = g_new0(char *, n);
    for (int i = 0; i < n; i++) b->items[i] = prep(d, items[i]);
}

void doc_callout(doc *d, const char *title, const char *text)
{
    block *b = add_block(d, B_CALLOUT);
    b->title = title ? prep_nohyph(d, title) : NULL;
    b->text = prep(d, text);
}

void doc_key_figures(doc *d, const doc_tile *tiles, int n)
{
    if (n <= 0) return;
    if (n > 8) n = 8;
    block *b = add_block(d, B_TILES);
    b->n = n;
    b->tiles = g_new0(doc_tile, n);
    for (int i = 0; i < n; i++) {
        b->tiles[i].value = prep_nohyph(d, tiles[i].value);
        b->tiles[i].label = prep(d, tiles[i].label);
        b->tiles[i].sub = tiles[i].sub ? prep(d, tiles[i].sub) : NULL;
        b->tiles[i].color = tiles[i].color >= 0 && tiles[i].color <= 4 ? tiles[i].color : 0;
    }
}

void doc_figure(doc *d, double width_pt, double height_pt, doc_draw_fn draw, void *ctx,
                const char *caption, const char *alt_text)
{
    doc_figure_ex(d, width_pt, height_pt, draw, ctx, NULL, caption, alt_text);
}

void doc_figure_ex(doc *d, double width_pt, double height_pt, doc_draw_fn draw, void *ctx,
                   void (*ctx_free)(void *), const char *caption, const char *alt_text)
{
    block *b = add_block(d, B_FIGURE);
    b->fig_w = width_pt > 0 ? width_pt : 0;
    b->fig_h = height_pt > 1 ? height_pt : 1;
    b->draw = draw;
    b->ctx = ctx;
    b->ctx_free = ctx_free;
    b->caption = caption ? prep(d, caption) : NULL;
    b->alt = g_strdup(alt_text && *alt_text ? alt_text : (caption ? caption : ""));
    b->fig_no = ++d->n_figures;
}

void doc_figure_described(doc *d, double width_pt, double height_pt, doc_draw_fn draw,
                          const char *(*describe)(void *ctx), void *ctx, void (*ctx_free)(void *),
                          const char *caption)
{
    doc_figure_ex(d, width_pt, height_pt, draw, ctx, ctx_free, caption, NULL);
    d->blocks[d->n - 1].describe = describe;
}

doc_table *doc_table_new(doc *d, int ncols, const doc_col *cols)
{
    if (ncols < 1) ncols = 1;
    if (ncols > 16) ncols = 16;
    doc_table *t = g_new0(doc_table, 1);
    t->owner = d;
    t->ncols = ncols;
    t->cols = g_new0(doc_col, ncols);
    for (int i = 0; i < ncols; i++) {
        t->cols[i] = cols[i];
        t->cols[i].header = prep(d, cols[i].header);
    }
    t->number = ++d->n_tables;
    return t;
}

void doc_table_row(doc_table *t, const char *const *cells, doc_row_style style)
{
    doc_row_opts o = { .style = style };
    doc_table_row_ex(t, cells, &o);
}

void doc_table_row_ex(doc_table *t, const char *const *cells, const doc_row_opts *opts)
{
    if (t->nrows == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 16;
        t->rows = g_renew(tbl_row, t->rows, t->cap);
    }
    tbl_row *row = &t->rows[t->nrows++];
    row->o = opts ? *opts : (doc_row_opts){ 0 };
    if (row->o.indent < 0) row->o.indent = 0;
    if (row->o.indent > 4) row->o.indent = 4;
    row->cells = g_new0(char *, t->ncols);
    const char *lang = t->owner->lang;
    for (int i = 0; i < t->ncols; i++) {
        const char *c = cells && cells[i] ? cells[i] : "";
        row->cells[i] = row->o.markup ? text_prepare_markup(c, lang, false) : text_prepare_plain(c, lang, false);
    }
}

void doc_table_caption(doc_table *t, const char *caption)
{
    g_free(t->caption);
    t->caption = caption ? prep_nohyph(t->owner, caption) : NULL;
}

void doc_table_note(doc_table *t, const char *note)
{
    g_free(t->note);
    t->note = note ? prep(t->owner, note) : NULL;
}

void doc_table_width_group(doc_table *t, const char *group)
{
    g_free(t->group);
    t->group = group ? g_strdup(group) : NULL;
}

void doc_table_end(doc_table *t)
{
    block *b = add_block(t->owner, B_TABLE);
    b->table = t;
}

void table_free(doc_table *t)
{
    if (!t) return;
    for (int i = 0; i < t->ncols; i++) g_free((char *)t->cols[i].header);
    g_free(t->cols);
    for (int r = 0; r < t->nrows; r++) {
        for (int i = 0; i < t->ncols; i++) g_free(t->rows[r].cells[i]);
        g_free(t->rows[r].cells);
    }
    g_free(t->rows);
    g_free(t->caption);
    g_free(t->note);
    g_free(t->group);
    g_free(t->colw);
    g_free(t->row_h);
    g_free(t->nat_w);
    g_free(t->nat_h);
    table_drop_lines(t);
    g_free(t);
}
