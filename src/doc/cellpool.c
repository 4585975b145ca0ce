/* Table cells shaped on two threads. Shaping (HarfBuzz through Pango) is most of the cost of a
 * long table, and its cells are independent of one another until their sizes are added up.
 *
 * A Pango font map is not thread-safe, so the helper thread shapes with a font map of its own
 * on the same fontconfig configuration. When it is done, every run it made is moved onto the
 * main font map's font for the same face and size (the same glyphs and advances: both come from
 * the same file through the same code), so cairo sees one font and the PDF gets one subset.
 * Each cell's result is the same whichever thread made it, so the output is byte for byte the
 * one-thread output. A font that finds no exact equal (never expected) makes the main thread
 * redo the helper's cells. */
#include "doc/doc_internal.h"

#include <pango/pangofc-fontmap.h>

/* Below this many cells a second thread costs more than it saves. */
#define POOL_MIN_CELLS 96

static bool threads_on = true;
static _Thread_local unsigned long helped; /* cells whose helper results were kept */

void doc_set_cell_threads(bool on) { threads_on = on; }

unsigned long doc_cells_helped(void) { return helped; }

/* The helper's fonts, per rendering thread: made once, reused by every table and render. */
static _Thread_local struct helper_fonts {
    PangoFontMap *main_map;      /* the map these mirror */
    PangoFontMap *map;
    PangoContext *pc[2];         /* nl, en */
} helper;

void cell_pool_release(void)
{
    for (int i = 0; i < 2; i++)
        if (helper.pc[i]) g_object_unref(helper.pc[i]);
    if (helper.map) {
        /* Pango 1.50 does not release the configuration when a map is finalised */
        pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(helper.map), NULL);
        g_object_unref(helper.map);
    }
    helper = (struct helper_fonts){ 0 };
}

static PangoContext *helper_context(const rctx *r)
{
    PangoFontMap *main_map = pango_context_get_font_map(r->pc);
    if (!PANGO_IS_FC_FONT_MAP(main_map)) return NULL;
    if (helper.main_map != main_map) {
        cell_pool_release();
        helper.main_map = main_map;
        helper.map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
        if (!helper.map) return NULL;
        pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(helper.map),
                                     pango_fc_font_map_get_config(PANGO_FC_FONT_MAP(main_map)));
    }
    int i = strcmp(r->lang, "en") == 0;
    if (!helper.pc[i]) helper.pc[i] = text_context_new(helper.map, r->lang);
    return helper.pc[i];
}

struct cell_pool {
    rctx *r;                     /* the render's context (main thread) */
    rctx hr;                     /* its copy for the helper: the helper's Pango context, no cache */
    doc_table *t;
    int *cells, n;
    gint next;                   /* the next task, claimed atomically */
    cell_task fn;
    GThread *thread;
    GHashTable *memo;            /* the helper's shaped cells */
    GArray *done;                /* cells the helper did */
    GPtrArray *made;             /* text_lines the helper made */
    GHashTable *fonts;           /* while rehoming: helper font -> main font or NULL */
};

static void unref_font(gpointer f)
{
    if (f) g_object_unref(f);
}

static void run_tasks(cell_pool *p, rctx *r, GHashTable *memo, bool helper_thread)
{
    for (;;) {
        int i = g_atomic_int_add(&p->next, 1);
        if (i >= p->n) return;
        text_lines *tl = p->fn(r, p->t, p->cells[i], memo);
        if (!helper_thread) continue;
        g_array_append_val(p->done, p->cells[i]);
        if (tl) g_ptr_array_add(p->made, tl);
    }
}

static gpointer helper_main(gpointer data)
{
    cell_pool *p = data;
    run_tasks(p, &p->hr, p->memo, true);
    return NULL;
}

cell_pool *cell_pool_start(rctx *r, doc_table *t, int *cells, int n, cell_task fn)
{
    cell_pool *p = g_new0(cell_pool, 1);
    *p = (cell_pool){ .r = r, .t = t, .cells = cells, .n = n, .fn = fn };
    PangoContext *hpc = threads_on && n >= POOL_MIN_CELLS ? helper_context(r) : NULL;
    if (!hpc) return p;
    /* Pango makes some shared tables on first use without a lock: make sure this thread has */
    text_style st = text_body(r);
    text_lines_free(text_lines_single(r, "0", &st));
    p->hr = *r;
    p->hr.pc = hpc;
    p->hr.layouts = NULL;
    p->hr.keep = NULL;
    p->hr.dl = NULL; /* diagnostics come from the drawing pass, on this thread */
    p->hr.draw = false;
    p->memo = table_memo_new();
    p->done = g_array_new(FALSE, FALSE, sizeof(int));
    p->made = g_ptr_array_new();
    p->thread = g_thread_try_new("cells", helper_main, p, NULL);
    return p;
}

/* The main map's font equal to the helper's `hf`, or NULL; p->fonts remembers the answers. */
static PangoFont *to_main(PangoFont *hf, void *data)
{
    cell_pool *p = data;
    gpointer found;
    if (g_hash_table_lookup_extended(p->fonts, hf, NULL, &found)) return found;
    PangoFontDescription *fd = pango_font_describe_with_absolute_size(hf);
    PangoFont *mf = pango_context_load_font(p->r->pc, fd);
    pango_font_description_free(fd);
    if (mf && !(PANGO_IS_FC_FONT(hf) && PANGO_IS_FC_FONT(mf) &&
                FcPatternEqual(pango_fc_font_get_pattern(PANGO_FC_FONT(hf)),
                               pango_fc_font_get_pattern(PANGO_FC_FONT(mf))))) {
        g_object_unref(mf);
        mf = NULL;
    }
    g_hash_table_insert(p->fonts, g_object_ref(hf), mf);
    return mf;
}

/* Moves everything the helper made onto the main font map; false (nothing moved) when some font
 * has no equal there. */
static bool rehome(cell_pool *p)
{
    p->fonts = g_hash_table_new_full(NULL, NULL, g_object_unref, unref_font);
    bool ok = true;
    for (guint i = 0; ok && i < p->made->len; i++) ok = text_lines_can_rehome(p->made->pdata[i], to_main, p);
    for (guint i = 0; ok && i < p->made->len; i++) text_lines_rehome(p->made->pdata[i], to_main, p);
    g_hash_table_destroy(p->fonts);
    return ok;
}

void cell_pool_finish(cell_pool *p, GHashTable *memo)
{
    run_tasks(p, p->r, memo, false);
    if (p->thread) {
        g_thread_join(p->thread);
        if (rehome(p)) {
            helped += p->done->len;
        } else { /* redo the helper's cells here */
            for (guint i = 0; i < p->done->len; i++) {
                int cell = g_array_index(p->done, int, i);
                text_lines_free(p->t->lines[cell]);
                p->t->lines[cell] = NULL;
                p->fn(p->r, p->t, cell, memo);
            }
        }
    }
    if (p->memo) g_hash_table_destroy(p->memo);
    if (p->done) g_array_free(p->done, TRUE);
    if (p->made) g_ptr_array_free(p->made, TRUE);
    g_free(p->cells);
    g_free(p);
}
