/* Document layout engine: a report is recorded as a list of blocks (headings, paragraphs, lists,
 * key figures, figures, tables, a table of contents, a cover) and laid out onto pages only in
 * doc_render, which writes a tagged, accessible PDF. Callers pass plain text unless a function
 * says it takes Pango markup; the engine escapes, hyphenates (Dutch) and smartens quotes/dashes. */
#ifndef KR_DOC_H
#define KR_DOC_H

#include <cairo.h>
#include <stdbool.h>
#include <stdint.h>

#include "diag.h"
#include "doc/layout.h"

typedef struct doc doc;
typedef struct doc_table doc_table;

/* Document properties written to the PDF metadata. Strings are copied by doc_new. */
typedef struct doc_meta {
    const char *title;    /* also the running header and the outline's title */
    const char *author;   /* the institution */
    const char *subject;
    const char *keywords; /* comma-separated */
    const char *creator;  /* e.g. "kaderrapport 0.1.0" */
    const char *language; /* "nl" or "en"; NULL: the layout's default */
    int64_t created;      /* Unix time for CreationDate/ModDate; never the clock */
} doc_meta;

/* Starts an empty document. `lay` is borrowed and must outlive the doc; NULL uses the built-in
 * defaults. Never returns NULL (aborts on out-of-memory, like GLib). */
doc *doc_new(const layout *lay, const doc_meta *meta);
void doc_free(doc *d); /* NULL is a no-op */

/* The layout in use (for charts that want its colours and fonts). */
const layout *doc_get_layout(const doc *d);
/* "nl" or "en": the effective language. */
const char *doc_language(const doc *d);

/* ---- cover and navigation ---- */

typedef struct doc_cover_info {
    const char *title;       /* large */
    const char *subtitle;    /* may be NULL */
    const char *institution; /* may be NULL */
    const char *period;      /* e.g. "Verantwoording 2025"; may be NULL */
    const char *date_text;   /* e.g. "31 maart 2026"; may be NULL */
    const char *note;        /* small print at the bottom; may be NULL */
} doc_cover_info;

/* A cover page on its own page (no running header/footer), in the layout's cover style. */
void doc_cover(doc *d, const doc_cover_info *info);

/* Where the table of contents goes (headings of level 1–2, page numbers, clickable). */
void doc_toc(doc *d);

void doc_page_break(doc *d);

/* ---- text ---- */

enum {
    DOC_HEADING_UNNUMBERED = 1, /* no "1.2" prefix */
    DOC_HEADING_NO_TOC = 2,     /* left out of the table of contents (still in the outline) */
    DOC_HEADING_NEW_PAGE = 4    /* starts on a new page */
};

/* Heading of level 1–3, numbered "1", "1.1", "1.1.1" when the layout numbers headings.
 * Never left alone at the bottom of a page. Returns the heading's number within the document
 * (0-based), usable for nothing but tests. */
int doc_heading(doc *d, int level, const char *text);
int doc_heading_ex(doc *d, int level, const char *text, int flags);

typedef enum {
    DOC_PAR_BODY,  /* body text, justified or ragged per layout */
    DOC_PAR_LEAD,  /* slightly larger introduction */
    DOC_PAR_SMALL, /* notes, sources: small and muted, ragged */
    DOC_PAR_QUOTE  /* indented, italic */
} doc_par_style;

/* A paragraph of plain text (escaped here). */
void doc_paragraph(doc *d, const char *text);
/* A paragraph of trusted Pango markup (<b>, <i>, <span …>); only text outside tags is smartened
 * and hyphenated. Invalid markup is shown as plain text and reported at render time. */
void doc_paragraph_markup(doc *d, doc_par_style style, const char *markup);
void doc_paragraph_styled(doc *d, doc_par_style style, const char *text);

/* A bulleted or numbered list of plain-text items (copied). */
void doc_list(doc *d, const char *const *items, int n, bool numbered);

/* A boxed note with a coloured bar: title (bold, may be NULL) and plain text. Kept on one page. */
void doc_callout(doc *d, const char *title, const char *text);

/* ---- key figures and figures ---- */

typedef struct doc_tile {
    const char *value; /* big, e.g. "€ 1.224.000" */
    const char *label; /* e.g. "besteed aan het kader" */
    const char *sub;   /* small line, may be NULL, e.g. "22,7% van de begroting" */
    int color;         /* 0: primary; 1–4: the action line's colour */
} doc_tile;

/* A row of 1–6 tiles across the text width (wraps to more rows beyond 4). */
void doc_key_figures(doc *d, const doc_tile *tiles, int n);

/* Draws a figure into a box of w × h points; the origin is the box's top left. */
typedef void (*doc_draw_fn)(cairo_t *cr, double w, double h, void *ctx);

/* A figure with a numbered caption below ("Figuur 2. …") and an alternative text for assistive
 * technology (required; written as /Alt on the Figure structure element). width_pt 0 means the
 * full text width; wider figures are scaled down. `draw` is called during doc_render, so `ctx`
 * must stay valid until then; `ctx_free` (may be NULL) is called on it by doc_free. */
void doc_figure(doc *d, double width_pt, double height_pt, doc_draw_fn draw, void *ctx,
                const char *caption, const char *alt_text);
void doc_figure_ex(doc *d, double width_pt, double height_pt, doc_draw_fn draw, void *ctx,
                   void (*ctx_free)(void *), const char *caption, const char *alt_text);

/* A figure whose alternative text its drawing finds (a chart describes what it drew): after
 * `draw`, `describe(ctx)` gives the text (NULL or "" keeps the caption). */
void doc_figure_described(doc *d, double width_pt, double height_pt, doc_draw_fn draw,
                          const char *(*describe)(void *ctx), void *ctx, void (*ctx_free)(void *),
                          const char *caption);

/* ---- tables ---- */

typedef enum { DOC_ALIGN_LEFT, DOC_ALIGN_RIGHT, DOC_ALIGN_CENTER } doc_align;

typedef struct doc_col {
    const char *header; /* plain text; may wrap */
    doc_align align;
    double width;       /* 0: from content; > 0: fixed width in points */
    bool numeric;       /* tabular figures, no wrapping */
} doc_col;

typedef enum {
    DOC_ROW_NORMAL,
    DOC_ROW_SUBTOTAL, /* bold, rule above */
    DOC_ROW_TOTAL,    /* bold, heavier rules, never zebra */
    DOC_ROW_GROUP     /* group header: the first cell spans the row, tinted */
} doc_row_style;

typedef struct doc_row_opts {
    doc_row_style style;
    int indent;  /* indentation steps (0–4) of the first cell */
    int swatch;  /* 1–4: small square in that action line's colour before the first cell */
    bool markup; /* cells are trusted Pango markup instead of plain text */
} doc_row_opts;

/* Starts a table of ncols (1–16) columns; `cols` is copied. Add rows, optionally a caption and
 * a note, then doc_table_end. The header row repeats on every page, a continued table says
 * "(vervolg)"/"(continued)", and at least two rows stay together after a page break. */
doc_table *doc_table_new(doc *d, int ncols, const doc_col *cols);
/* `cells` has ncols entries (NULL = empty); copied. */
void doc_table_row(doc_table *t, const char *const *cells, doc_row_style style);
void doc_table_row_ex(doc_table *t, const char *const *cells, const doc_row_opts *opts);
/* Numbered caption above the table ("Tabel 3. …"). */
void doc_table_caption(doc_table *t, const char *caption);
/* Small note below the table (source, explanation). */
void doc_table_note(doc_table *t, const char *note);
/* Tables in the same width group with the same number of columns get identical column widths
 * (measured over all of them), so a series of similar tables lines up. NULL: own widths. */
void doc_table_width_group(doc_table *t, const char *group);
/* Finishes the table; `t` is owned by the doc and must not be used afterwards. */
void doc_table_end(doc_table *t);

/* ---- output ---- */

/* Lays the document out and writes a tagged PDF to pdf_path (write it to a temporary name and
 * rename; a failed render may leave a partial file). Sets *pages (may be NULL) to the page count.
 * Fonts must have been set up with kr_fonts_init. Problems go to `d` with the file name as
 * location; returns false when no valid PDF was written. Byte-identical for identical input.
 * May be called more than once. Temporarily sets LC_NUMERIC to "C" in this thread. */
bool doc_render(doc *d, const char *pdf_path, int *pages, diag_list *dl);

/* Options for measuring and tests; defaults are what doc_render uses. */
typedef struct doc_render_opts {
    bool untagged;       /* no structure tags (for size comparisons) */
    bool no_postprocess; /* cairo's output as is (no /Lang, /Alt, object streams) */
} doc_render_opts;
bool doc_render_ex(doc *d, const char *pdf_path, const doc_render_opts *opts, int *pages,
                   diag_list *dl);

/* Caches outside this module that figures' drawing callbacks use (the charts' shaped text):
 * when a document is drawn on two threads, `share` is called on the rendering thread before
 * the second thread starts drawing, and `unshare` once it is done; `release` frees the calling
 * thread's own, called by the second thread before it ends. */
void doc_set_shared_cache_hooks(void (*share)(void), void (*unshare)(void), void (*release)(void));

/* Shaped text is kept per thread between renders (reports share most of their text); this
 * frees it, e.g. before the fonts are shut down. Rendering again simply starts over. */
void doc_text_cache_release(void);
/* Whether a render uses a second thread (the default): to measure tables and break paragraphs
 * ahead of the layout, load glyphs and compress the PDF. The output is the same either way; a
 * batch that already runs a worker process per core turns it off. */
void doc_set_threads(bool on);
bool doc_threads_on(void);
/* Loads a language's hyphenation patterns now (thread-safe; a render loads them on first use). */
void doc_hyphenation_preload(const char *lang);
/* Cells shaped by this thread's renders on the second thread so far (for tests and tuning). */
unsigned long doc_cells_helped(void);
/* This thread's renders drawn in two parts so far (render.c; for tests and tuning). */
unsigned long doc_renders_in_parts(void);

#endif
