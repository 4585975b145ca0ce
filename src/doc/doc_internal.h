/* Internals shared by the files of the layout engine: the recorded blocks, the render context
 * of one pass, and the helpers each file offers the others. Not part of the public API. */
#ifndef KR_DOC_INTERNAL_H
#define KR_DOC_INTERNAL_H

/* Internal helpers of the layout engine get a doc_ prefix at link time, so they never clash with
 * other modules' internal helpers of the same name in the static library. */
#define set_rgb doc_set_rgb
#define text_draw doc_text_draw
#define text_draw_line doc_text_draw_line
#define text_font doc_text_font
#define text_draw_run doc_text_draw_run
#define text_run_drawable doc_text_run_drawable

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include "doc/doc.h"

typedef enum {
    B_HEADING, B_PARAGRAPH, B_LIST, B_CALLOUT, B_TILES, B_FIGURE, B_TABLE, B_PAGE_BREAK, B_TOC,
    B_COVER
} block_kind;

typedef struct tbl_row {
    char **cells; /* ncols entries, Pango markup (escaped and prepared); soft hyphens are
                   * added only to cells that wrap (table.c), since every unused one costs a
                   * marked-content span in the PDF */
    doc_row_opts o;
} tbl_row;

struct doc_table {
    doc *owner;
    int ncols;
    doc_col *cols;     /* header strings owned (markup) */
    tbl_row *rows;
    int nrows, cap;
    char *caption;     /* markup, may be NULL */
    char *note;        /* markup, may be NULL */
    int number;        /* "Tabel N" */
    char *group;       /* width group: tables sharing it (and ncols) get the same column widths */
    /* measured once, reused by every pass so pagination cannot drift */
    bool measured;
    double *colw, header_h, *row_h, caption_h, cont_caption_h, note_h;
    float *nat_w, *nat_h;  /* per cell (row * ncols + col): unwrapped size, for cheap heights */
    struct text_lines **lines; /* per cell, during a render: its text shaped by wrap.c, or NULL */
    GHashTable *shaped;        /* during a render: cell key -> shaped_cell, see table.c */
};

typedef struct block {
    block_kind kind;
    int level, flags;            /* headings */
    char *text;                  /* markup: heading, paragraph, callout body */
    char *plain;                 /* heading text for outline and running header */
    char number[24];             /* "1.2" or "" */
    doc_par_style style;
    char **items;                /* lists: markup */
    int n;
    bool numbered;
    char *title;                 /* callout title (markup) */
    doc_tile *tiles;             /* strings owned (markup) */
    double fig_w, fig_h;
    doc_draw_fn draw;
    const char *(*describe)(void *ctx); /* the alt text, once drawn (NULL: alt is fixed) */
    void *ctx;
    void (*ctx_free)(void *);
    char *caption, *alt;         /* figure caption (markup), alt text (plain) */
    int fig_no;
    double bbox[4];              /* figure as drawn: x0, y0, x1, y1 from the page's top left */
    doc_table *table;
    doc_cover_info cover;        /* strings owned (plain) */
    int page;                    /* result of the last pass: page it starts on (1-based) */
    double y;                    /* headings: where on the page, from its top */
    int id;                      /* heading index, for destinations "h<id>" */
} block;

struct doc {
    layout *own_layout;
    const layout *lay;
    char *title, *author, *subject, *keywords, *creator, *lang;
    int64_t created;
    block *blocks;
    int n, cap;
    int counters[3];
    int n_headings, n_tables, n_figures;
    doc_table *open_table;
};

/* The state of one layout pass. With draw false nothing is drawn; only page numbers of blocks
 * and the page count come out. */
typedef struct rctx {
    doc *d;
    const layout *L;
    cairo_surface_t *surf;
    cairo_t *cr;
    PangoContext *pc;
    bool draw, tagged;
    int page;                    /* current page, 1-based; 0 before the first */
    int page_base;               /* pages before the first this pass draws (render.c draws in parts) */
    bool page_open;              /* page `page` has begun and is not finished */
    int *page_ends;              /* per block: the page it ends on, when the pass records it */
    int total;                   /* pages of the previous pass (for "van Y") */
    bool page_dirty;             /* something was placed on the current page */
    bool no_chrome;              /* current page has no running header/footer (cover) */
    double y;                    /* cursor from the page top */
    double gap;                  /* space owed before the next block, dropped at a page top */
    cairo_surface_t *logo;       /* the layout's logo, loaded once per render; may be NULL */
    double x0, width, top, bottom; /* text area */
    const char *chapter;         /* plain text of the last level-1 heading */
    const char *page_chapter;    /* chapter shown in this page's header */
    const char *lang;
    diag_list *dl;
    const char *path;
    /* Shaped text of this render, shared by both passes: shaping dominates the cost of a
     * render, and the layout pass and the drawing pass ask for the same texts. */
    GHashTable *layouts;         /* layout_key -> PangoLayout, borrowed from `keep` */
    struct text_keep *keep;      /* this thread's kept layouts for the language (text.c) */
    double *min_h;               /* per block: block_min_height, < 0 until measured */
    struct prefetch *prefetch;   /* tables and paragraphs done ahead on the helper thread (cellpool.c) */
    struct glyph_warm *warm;     /* during the layout pass: glyphs for the helper to load (cellpool.c) */
    GHashTable *paragraphs;      /* text table (text_table_new) of text_lines_paragraph's lines */
    /* While two threads draw (text_cache_split): the tables above as the layout pass left them,
     * only looked up; `layouts` and `paragraphs` are then this context's own */
    GHashTable *shared_layouts, *shared_paragraphs;
    struct text_keep *shared_keep;
} rctx;

/* ---- text.c ---- */
/* For drawing on two threads: the layout pass's shaped text becomes read-only for `r` (both
 * threads look it up), and what r lays out anew goes to tables of its own until
 * text_cache_unsplit, which frees them (on the thread that made their layouts). */
void text_cache_split(rctx *r);
void text_cache_unsplit(rctx *r);
/* Plain text to prepared markup: smart quotes/dashes, escaped, hyphenated for `lang`. */
char *text_prepare_plain(const char *text, const char *lang, bool hyphenate);
/* Prepared text (markup) with soft hyphens added, unless it has some already. */
char *text_hyphenate(const char *prepared, const char *lang);
/* Trusted markup to prepared markup: only text outside tags is touched. */
char *text_prepare_markup(const char *markup, const char *lang, bool hyphenate);
/* The longest word of `text` (by characters, between spaces, tabs and newlines): its byte offset
 * and length; false when there is none. */
bool text_longest_word(const char *text, size_t *start, size_t *len);
/* Removes soft hyphens from a string (in place). */
void text_strip_shy(char *s);

/* ---- hyphdict.c ---- */
/* libhyphen's dictionary for a pattern file, from the compiled cache when it is current. */
struct _HyphenDict *hyph_dict_load(const char *patterns);

typedef struct text_style {
    const char *family;
    double size;                 /* points */
    int weight;                  /* PangoWeight */
    bool italic;
    bool tnum;                   /* tabular figures */
    double line_height;          /* factor; 0: Pango's default */
    PangoAlignment align;
    bool justify;
    bool ellipsize;              /* one line, cut off with "…" at `width` */
} text_style;

/* The font a style asks for (caller frees). */
PangoFontDescription *text_font(const text_style *st);
/* A layout for prepared markup at `width` points (<= 0: no wrapping). Caller unrefs and must
 * not change it: layouts are shared through the render's cache. */
PangoLayout *text_layout(rctx *r, const char *markup, const text_style *st, double width);
/* The layout text_layout would return when it is already kept, else NULL. */
PangoLayout *text_layout_kept(rctx *r, const char *markup, const text_style *st, double width);
/* A Pango context on `fm` set up as every render's (resolution, unhinted metrics, language). */
PangoContext *text_context_new(PangoFontMap *fm, const char *lang);
/* Sets r->pc and the layout cache up for a render; text_cache_free ends the render's use. */
void text_cache_init(rctx *r);
void text_cache_free(rctx *r);
void text_cache_stats(const rctx *r, unsigned *n, size_t *bytes);
/* Height and width of a layout in points. */
double text_height(PangoLayout *l);
double text_width(PangoLayout *l);
/* Draws the whole layout with its top left at (x, y). */
void text_draw(rctx *r, PangoLayout *l, double x, double y, layout_rgb c);
/* Only the lines of `l` within [from, to) (points from its top), moved up by `from`. */
void text_draw_range(rctx *r, PangoLayout *l, double x, double y, layout_rgb c, double from, double to);
/* Which part of a split text a line belongs to: the one its middle falls in. */
static inline bool line_within(double top, double bottom, double from, double to)
{
    double mid = (top + bottom) / 2;
    return mid >= from && mid < to;
}
/* Draws one line of a layout with its baseline's left end at (x, y), in the current colour. */
void text_draw_line(rctx *r, PangoLayoutLine *line, double x, double y);
/* Whether text_draw_run can draw a run: plain text in one colour. */
bool text_run_drawable(const PangoGlyphItem *run);
/* Draws a run of `text` with its origin (x, y) Pango units from (x0, y0), a point as cairo
 * keeps it, as pango_cairo_show_layout draws a layout's runs. */
void text_draw_run(rctx *r, const char *text, PangoGlyphItem *run, double x0, double y0, int x, int y);

/* ---- wrap.c ---- */
typedef struct text_lines text_lines; /* a text shaped into lines, as a layout would shape it */
/* Plain text (no markup, one paragraph) shaped unwrapped without a layout, exactly as an
 * unwrapped layout of the style shapes it; NULL for other text. */
text_lines *text_lines_single(rctx *r, const char *text, const text_style *st);
/* The text of `unwrapped`, a one-line layout, broken at `width` points exactly as Pango breaks
 * a layout of that width and the same style; NULL when the text is not one plain run. */
text_lines *text_lines_wrap(rctx *r, PangoLayout *unwrapped, double width);
double text_lines_height(const text_lines *tw);
double text_lines_width(const text_lines *tw); /* as text_width of the layout */
int text_lines_width_pu(const text_lines *tw); /* the width broken at, Pango units */
/* Whether unwrapped text is one line starting at 0 no wider than wpu (Pango units): a layout
 * that wide would set it the same. */
bool text_lines_fits_unwrapped(const text_lines *tw, int wpu);
/* Of unwrapped text: the width of its longest word (by characters), in points. */
double text_lines_longest_word(const text_lines *tw);
/* Draws the lines with their layout's top left at (x, y). */
void text_lines_draw(rctx *r, const text_lines *tw, double x, double y, layout_rgb c);
/* Only the lines within [from, to) (points from the top), moved up by `from`: a part of a table
 * row split across pages. */
void text_lines_draw_range(rctx *r, const text_lines *tw, double x, double y, layout_rgb c, double from, double to);
/* Appends the lines' extents, in points from the top, to `top` and `bottom` (GArrays of double). */
void text_lines_boxes(const text_lines *tw, GArray *top, GArray *bottom);
text_lines *text_lines_ref(text_lines *tw);
/* Moving shaped text onto another font map's fonts (cellpool.c): `to` gives a font's equal. */
typedef PangoFont *(*text_font_map)(PangoFont *font, void *data);
void text_lines_rehome(text_lines *tw, text_font_map to, void *data);
void text_lines_free(text_lines *tw); /* drops one reference */
/* For tests: the number of lines, and line i's run and its position in Pango units. */
int text_lines_count(const text_lines *tw);
/* Line i's logical top and bottom, points from the text's top (a layout iterator's y range). */
void text_lines_extent(const text_lines *tw, int i, double *top, double *bottom);
/* Where line i's logical extent ends, points from the line's start (pango_layout_line_get_extents). */
double text_lines_line_end(const text_lines *tw, int i);
/* Draws line i with the left end of its baseline at (x, y), as text_draw_line draws a layout's. */
void text_lines_draw_line(rctx *r, const text_lines *tw, int i, double x, double y);
/* A paragraph's text set `width` wide, broken by wrap.c (kept for the render), or NULL when
 * wrap.c does not break such text (markup, several fonts, ...): then a layout sets it. */
const text_lines *text_lines_paragraph(rctx *r, const char *markup, const text_style *st, double width);
/* Hash tables keyed by text, style and measure the way the layout cache keys layouts (the keys
 * copy the text); text_table_lookup's value is NULL-able, so it says whether the key is there. */
GHashTable *text_table_new(GDestroyNotify value_free);
bool text_table_lookup(GHashTable *table, const char *markup, const text_style *st, double width, gpointer *value);
void text_table_insert(GHashTable *table, const char *markup, const text_style *st, double width, gpointer value);
/* A text set `width` wide: wrap.c's lines (text_lines_paragraph) when it breaks the text, else
 * a layout (owned). */
typedef struct set_text {
    const text_lines *tl;
    PangoLayout *l;
} set_text;
set_text text_setting(rctx *r, const char *markup, const text_style *st, double width);
double set_text_height(const set_text *t);
void set_text_draw(rctx *r, const set_text *t, double x, double y, layout_rgb c); /* top left at (x, y) */
void set_text_free(set_text *t);
/* Whether wrap.c may break this text (no markup tags, tabs or line breaks). */
bool text_paragraph_breakable(const char *markup);
/* What text_lines_paragraph keeps, made anew (NULL when wrap.c does not break it). */
text_lines *text_paragraph_break(rctx *r, const char *markup, const text_style *st, double width);
const PangoGlyphItem *text_lines_run(const text_lines *tw, int i, int *x, int *baseline);
text_style text_body(const rctx *r);

/* ---- paginate.c ---- */
void page_new(rctx *r);          /* closes the current page (if any) and opens the next */
void page_finish(rctx *r);       /* closes the last page */
/* Starts a new page unless `h` points still fit below the cursor. */
void page_ensure(rctx *r, double h);
double page_room(const rctx *r);
void set_rgb(rctx *r, layout_rgb c);
layout_rgb rgb_mix(layout_rgb a, layout_rgb b, double t); /* t = share of b */
void tag_begin(rctx *r, const char *tag, const char *attrs);
void tag_end(rctx *r, const char *tag);
const char *doc_word(const rctx *r, const char *nl, const char *en);
#define ART_TAG "Private"
void art_begin(rctx *r);        /* decoration follows: becomes an /Artifact */
void art_end(rctx *r);

/* Lays out one block at the cursor. */
void flow_block(rctx *r, block *b);
/* Records that `b` starts on the current page (once it is placed): the layout pass does, the
 * drawing pass only reads it, as two threads may draw (render.c). */
void block_starts_here(const rctx *r, block *b);
/* Space the start of a block needs on the page it begins on (for keep-with-next); `b` must
 * point into the document's block array, as a heading looks at the blocks after it. */
double block_min_height(rctx *r, const block *b);

/* ---- blocks.c ---- */
void flow_paragraph(rctx *r, block *b);
void flow_list(rctx *r, block *b);
void flow_callout(rctx *r, block *b);
void flow_tiles(rctx *r, block *b);
void flow_figure(rctx *r, block *b);
double paragraph_min_height(rctx *r, const block *b);
double callout_height(rctx *r, const block *b);
double tiles_height(rctx *r, const block *b);
double figure_height(rctx *r, const block *b);
text_style par_style(const rctx *r, doc_par_style s);

/* ---- heading.c ---- */
void flow_heading(rctx *r, block *b);
double heading_height(rctx *r, const block *b);
text_style heading_style(const rctx *r, const block *b);
char *heading_markup(const block *b); /* g_free it */
void toc_paragraphs(const rctx *r, void (*fn)(void *data, const char *markup, const text_style *st, double width),
                    void *data);
void flow_cover(rctx *r, block *b);
void flow_toc(rctx *r, block *b);
double toc_height(rctx *r);

/* The paragraphs (markup, style, measure) the layout of block b asks text_lines_paragraph for. */
void block_paragraphs(const rctx *r, const block *b,
                      void (*fn)(void *data, const char *markup, const text_style *st, double width), void *data);

/* ---- table.c ---- */
void table_measure(rctx *r, doc_table *t);
/* The part of table_measure that needs no layout kept for drawing (see table.c). */
void table_measure_cells(rctx *r, doc_table *t);
void flow_table(rctx *r, block *b);
double table_min_height(rctx *r, doc_table *t);
void table_free(doc_table *t);
/* Frees the shaped lines a render keeps for drawing; a later render lays those cells out anew. */
void table_drop_lines(doc_table *t);
/* An empty table of shaped cells (see table.c). */
GHashTable *table_memo_new(void);

/* ---- cellpool.c ---- */
/* Work for the helper thread besides a render's prefetching. */
typedef struct doc_task {
    void (*fn)(void *arg);
    void *arg;
    bool done;
} doc_task;
/* The helper's Pango context for r's language, starting the helper if need be; NULL when
 * there is no second thread. A part drawn on the helper lays out new text with it. */
PangoContext *doc_helper_context(const rctx *r);
/* Runs `t` on the helper, which must be idle (the layout pass is over); false when there is
 * none. doc_helper_wait returns when it is done. */
bool doc_helper_start(doc_task *t);
void doc_helper_wait(doc_task *t);
/* The release hook of doc_set_shared_cache_hooks, for a thread that drew, before it ends. */
void doc_release_thread_caches(void);
/* Starts the helper thread on the document's tables and paragraphs (sets r->prefetch), when a
 * second thread may be used. */
void prefetch_start(rctx *r);
/* Waits for the helper to have measured the cells of `t` (table_measure_cells) and moves their
 * runs onto r's fonts; false when `t` is not among the helper's tables. */
bool tables_prefetched(rctx *r, doc_table *t);
/* Likewise for a paragraph the helper broke (text_paragraph_break): *lines gets its lines (or
 * NULL) to keep; false when the helper was not given it. */
bool paragraph_prefetched(rctx *r, const char *markup, const text_style *st, double width, text_lines **lines);
/* Waits for the helper to finish, takes over what is left and clears r->prefetch. */
void prefetch_end(rctx *r);
/* The helper loads the glyphs of the text laid out between these two calls into the caches of
 * the cairo fonts that will draw them on `pdf` (r->warm; nothing without a second thread). */
void glyphs_warm_begin(rctx *r, cairo_surface_t *pdf);
void glyphs_warm_layout(rctx *r, PangoLayout *l);
void glyphs_warm_lines(rctx *r, const text_lines *tl);
void glyphs_warm_end(rctx *r);
/* A font's approximate character and digit widths as Pango's metrics have them (computed as
 * pango_fc_font_get_metrics does; for tests). */
void text_metrics_widths(PangoFont *font, PangoLanguage *language, int *char_width, int *digit_width);
/* Cells shaped as a pool of tasks. A task shapes cell `cell` of `t` with r's Pango context,
 * finding and keeping repeated cells in `memo` (the calling thread's), and stores the result in
 * t->lines[cell]; it returns the text_lines it made anew, else NULL. Tasks of one pool touch
 * only their own cell. On the helper thread the main thread may join a pool while it waits. */
typedef struct cell_pool cell_pool;
typedef text_lines *(*cell_task)(rctx *r, doc_table *t, int cell, GHashTable *memo);
/* A pool of the tasks (takes `cells`, g_malloc'ed). */
cell_pool *cell_pool_start(rctx *r, doc_table *t, int *cells, int n, cell_task fn);
/* Does what is left of the tasks on this thread with `memo`, and waits for a guest. */
void cell_pool_finish(cell_pool *p, GHashTable *memo);
/* Stops the helper and frees its font map (at exit, for leak checkers). */
void cell_pool_release(void);

/* ---- chrome.c ---- */
void chrome_draw(rctx *r);       /* running header and footer of the current page */
void draw_logo(rctx *r, double x, double y, double w, bool right_align);

/* ---- postprocess.c ---- */
/* The PDF in `data` with /Lang, /ViewerPreferences, /Alt on figures, artifacts, XMP, object
 * streams and a deterministic /ID; NULL (with a diagnostic about `path`) when it cannot be read. */
GString *pdf_postprocess(const doc *d, const unsigned char *data, size_t len, const char *path,
                         diag_list *dl);

/* ---- artifacts.c ---- */
#include "doc/pdfobj.h"
typedef struct pdf_parent_tree pdf_parent_tree; /* marked-content parents, per page */
pdf_parent_tree *pdf_parent_tree_read(pdf_file *f, pdf_arena *a, const pval *root);
void pdf_parent_tree_free(pdf_parent_tree *p);
/* Rewrites the ART_TAG marked content of `page` as /Artifact and clears its slots in the parent
 * tree. Returns the number of sequences converted. */
int pdf_mark_artifacts(pdf_file *f, pdf_arena *a, const pval *page, const pdf_parent_tree *parents);

#endif
