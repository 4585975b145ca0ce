/* Table cells shaped on two threads. Shaping (HarfBuzz through Pango) is most of the cost of a
 * long table, and its cells are independent of one another until their sizes are added up.
 *
 * A Pango font map is not thread-safe, so the helper thread shapes with a font map of its own
 * on the same fontconfig configuration. When it is done, every run it made is moved onto the
 * main font map's font for the same face and size (the same glyphs and advances: both come from
 * the same file through the same code), so cairo sees one font and the PDF gets one subset.
 * Each cell's result is the same whichever thread made it, so the output is byte for byte the
 * one-thread output. A font that finds no exact equal (never expected) makes the main thread
 * redo the helper's cells.
 *
 * The helper thread starts with a render that has tables and loads their fonts while the main
 * thread lays out what comes first, so that even the short tables of a report are shared. */
#include "doc/doc_internal.h"

#include <pango/pangofc-fontmap.h>
#include <pthread.h>
#include <unistd.h>

/* Below this many cells handing work over costs more than it saves. */
#define POOL_MIN_CELLS 16

static _Thread_local unsigned long helped; /* cells whose helper results were kept */

unsigned long doc_cells_helped(void) { return helped; }

/* The helper: a thread with a font map of its own, made once per rendering thread and kept for
 * every table and render after it (a batch worker renders report after report). It takes one
 * pool at a time from `offered`; the main thread takes a pool back when it finished the tasks
 * before the helper got to them. */
typedef struct helper {
    pid_t pid;                   /* the process it runs in: a forked child has no such thread */
    PangoFontMap *main_map;      /* the map its fonts mirror */
    PangoFontMap *map;
    PangoContext *pc[2];         /* nl, en */
    pthread_t thread;            /* pthreads rather than GLib's, whose locks sanitizers cannot see */
    pthread_mutex_t lock;        /* guards what follows, and each pool's helper_done */
    pthread_cond_t cond;
    cell_pool *offered;          /* a pool waiting for the helper */
    text_style warm[8];          /* styles to load fonts for before the first table needs them */
    int nwarm, warm_lang;
    bool stop;
} helper;

static _Thread_local helper *H;

struct cell_pool {
    rctx *r;                     /* the render's context (main thread) */
    rctx hr;                     /* its copy for the helper: the helper's Pango context, no cache */
    doc_table *t;
    int *cells, n;
    gint next;                   /* the next task, claimed atomically */
    cell_task fn;
    helper *h;                   /* NULL: this thread does every task */
    bool helper_done;
    GHashTable *memo;            /* the helper's shaped cells */
    GArray *done;                /* cells the helper did */
    GPtrArray *made;             /* text_lines the helper made */
    GHashTable *fonts;           /* while rehoming: helper font -> main font or NULL */
};

static void run_tasks(cell_pool *p, rctx *r, GHashTable *memo, bool helper_thread);

/* Shapes a sample in each style asked for, so that the fonts, their HarfBuzz faces and shaping
 * plans are made while the main thread lays out what comes before the tables. */
static void warm_up(helper *h, const text_style *styles, int n, int lang)
{
    rctx wr = { .pc = h->pc[lang] };
    for (int i = 0; i < n; i++)
        text_lines_free(text_lines_single(&wr, "Activiteit 2025 \xE2\x82\xAC 1.234.567,89 \xE2\x88\x92 12,5%", &styles[i]));
}

static void *helper_main(void *data)
{
    helper *h = data;
    pthread_mutex_lock(&h->lock);
    for (;;) {
        while (!h->offered && !h->nwarm && !h->stop) pthread_cond_wait(&h->cond, &h->lock);
        if (h->stop) break;
        if (h->nwarm) {
            text_style styles[G_N_ELEMENTS(h->warm)];
            int n = h->nwarm, lang = h->warm_lang;
            memcpy(styles, h->warm, sizeof(text_style) * (size_t)n);
            h->nwarm = 0;
            pthread_mutex_unlock(&h->lock);
            warm_up(h, styles, n, lang);
            pthread_mutex_lock(&h->lock);
            continue;
        }
        cell_pool *p = h->offered;
        h->offered = NULL;
        pthread_mutex_unlock(&h->lock);
        run_tasks(p, &p->hr, p->memo, true);
        pthread_mutex_lock(&h->lock);
        p->helper_done = true;
        pthread_cond_broadcast(&h->cond);
    }
    pthread_mutex_unlock(&h->lock);
    return NULL;
}

void cell_pool_release(void)
{
    if (!H) return;
    if (H->pid == getpid()) {
        pthread_mutex_lock(&H->lock);
        H->stop = true;
        pthread_cond_broadcast(&H->cond);
        pthread_mutex_unlock(&H->lock);
        pthread_join(H->thread, NULL);
    }
    for (int i = 0; i < 2; i++) g_object_unref(H->pc[i]);
    /* Pango 1.50 does not release the configuration when a map is finalised */
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(H->map), NULL);
    g_object_unref(H->map);
    pthread_mutex_destroy(&H->lock);
    pthread_cond_destroy(&H->cond);
    g_free(H);
    H = NULL;
}

/* This thread's helper for r's font map, started when there is none (NULL if it cannot be). */
static helper *helper_for(const rctx *r)
{
    PangoFontMap *main_map = pango_context_get_font_map(r->pc);
    if (!doc_threads_on() || !PANGO_IS_FC_FONT_MAP(main_map)) return NULL;
    if (H && H->pid != getpid()) H = NULL; /* forked: its thread did not come along; leave it be */
    if (H && H->main_map != main_map) cell_pool_release();
    if (H) return H;
    /* Pango makes some shared tables on first use without a lock: make sure this thread has */
    text_style st = text_body(r);
    text_lines_free(text_lines_single((rctx *)r, "0", &st));
    PangoFontMap *map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
    if (!map) return NULL;
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), pango_fc_font_map_get_config(PANGO_FC_FONT_MAP(main_map)));
    helper *h = g_new0(helper, 1);
    *h = (helper){ .pid = getpid(), .main_map = main_map, .map = map,
                   .pc = { text_context_new(map, "nl"), text_context_new(map, "en") } };
    pthread_mutex_init(&h->lock, NULL);
    pthread_cond_init(&h->cond, NULL);
    if (pthread_create(&h->thread, NULL, helper_main, h) != 0) {
        H = h;
        h->pid = 0; /* nothing to stop */
        cell_pool_release();
        return NULL;
    }
    return H = h;
}

void cell_pool_warm(const rctx *r, const text_style *styles, int n)
{
    helper *h = helper_for(r);
    if (!h) return;
    pthread_mutex_lock(&h->lock);
    h->nwarm = MIN(n, (int)G_N_ELEMENTS(h->warm));
    for (int i = 0; i < h->nwarm; i++) {
        h->warm[i] = styles[i];
        h->warm[i].family = g_intern_string(styles[i].family); /* outlives the render's layout */
    }
    h->warm_lang = strcmp(r->lang, "en") == 0;
    pthread_cond_broadcast(&h->cond);
    pthread_mutex_unlock(&h->lock);
}

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

cell_pool *cell_pool_start(rctx *r, doc_table *t, int *cells, int n, cell_task fn)
{
    cell_pool *p = g_new0(cell_pool, 1);
    *p = (cell_pool){ .r = r, .t = t, .cells = cells, .n = n, .fn = fn };
    helper *h = n >= POOL_MIN_CELLS ? helper_for(r) : NULL;
    if (!h) return p;
    p->h = h;
    p->hr = *r;
    p->hr.pc = h->pc[strcmp(r->lang, "en") == 0];
    p->hr.layouts = NULL;
    p->hr.keep = NULL;
    p->hr.dl = NULL; /* diagnostics come from the drawing pass, on this thread */
    p->hr.draw = false;
    p->memo = table_memo_new();
    p->done = g_array_new(FALSE, FALSE, sizeof(int));
    p->made = g_ptr_array_new();
    pthread_mutex_lock(&h->lock);
    h->offered = p;
    pthread_cond_broadcast(&h->cond);
    pthread_mutex_unlock(&h->lock);
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
    if (p->h) {
        pthread_mutex_lock(&p->h->lock);
        if (p->h->offered == p) p->h->offered = NULL; /* all done before the helper came to it */
        else
            while (!p->helper_done) pthread_cond_wait(&p->h->cond, &p->h->lock);
        pthread_mutex_unlock(&p->h->lock);
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
