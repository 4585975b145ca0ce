/* Tables and paragraphs done ahead on a second thread. Measuring a table (shaping its cells
 * with HarfBuzz through Pango, breaking the ones that wrap, adding up the rows) and breaking
 * paragraphs into lines are the largest part of laying out a report, and they depend on nothing
 * the layout pass decides: only on the text and its measure. So when a render starts, a helper
 * thread measures every table of the document in order, then breaks the plain paragraphs from
 * the end backwards, while the main thread lays out the cover, the contents and the text; when
 * the layout reaches a table it takes the helper's measurement (waiting for it if need be), and
 * a paragraph the helper has not begun it breaks itself.
 *
 * A Pango font map is not thread-safe, so the helper shapes with a font map of its own on the
 * same fontconfig configuration. Every run it made is then moved onto the main font map's font
 * for the same face and size (the same glyphs and advances: both come from the same file
 * through the same code), so cairo sees one font and the PDF gets one subset, and the output is
 * byte for byte the one-thread output. A font that found no exact equal (never expected) would
 * stay the helper's: drawn the same, in a subset of its own.
 *
 * Within one table, cells are independent until their sizes are summed: the helper hands the
 * cells of a large table out as a pool of tasks, claimed one at a time by itself and by the main
 * thread while the main thread waits for that table (a long table near the start of a report).
 *
 * Later in the layout pass the helper loads, into cairo's glyph caches, the glyphs of the text
 * laid out so far: cairo loads each glyph of each font once (through FreeType, a tenth of the
 * drawing pass) and the drawing pass finds them loaded. cairo's scaled fonts are thread-safe,
 * and what they cache does not change what is drawn. */
#include "doc/doc_internal.h"

#include <pango/pangofc-fontmap.h>
#include <pthread.h>
#include <string.h>
#include <unistd.h>

/* Below this many cells handing work over costs more than it saves. */
#define POOL_MIN_CELLS 16

static _Thread_local unsigned long helped; /* cells the second thread shaped for this thread */

unsigned long doc_cells_helped(void) { return helped; }

/* The helper: a thread with a font map of its own, made once per rendering thread and kept for
 * every render after it (a batch worker renders report after report). It takes one document's
 * jobs at a time from `offered`. */
typedef struct helper {
    pid_t pid;                   /* the process it runs in: a forked child has no such thread */
    PangoFontMap *main_map;      /* the map its fonts mirror */
    PangoFontMap *map;
    PangoContext *pc[2];         /* nl, en */
    pthread_t thread;            /* pthreads rather than GLib's, whose locks sanitizers cannot see */
    pthread_mutex_t lock;        /* guards what follows and the shared fields of prefetches and pools */
    pthread_cond_t cond;
    struct prefetch *offered;    /* a document's jobs waiting for the helper */
    doc_task *task;              /* a task waiting for the helper (render.c draws a part) */
    GArray *glyphs;              /* glyph_ref: glyphs to load, in the order they came */
    guint glyphs_next;
    cairo_t *glyph_cr;           /* the helper's own, to ask cairo for glyph outlines */
    cairo_scaled_font_t *glyph_cr_font; /* the font last set on it: only compared */
    GHashTable *unit_fonts;      /* cairo_font_face_t -> its unit-size font, as font subsets make it */
    bool stop;
} helper;

/* A glyph to load, with a reference to its font. */
typedef struct glyph_ref {
    cairo_scaled_font_t *font;
    unsigned long index;
} glyph_ref;

static _Thread_local helper *H;


/* A table to measure (table_measure_cells) or a paragraph to break (text_paragraph_break). */
typedef struct prefetch_job {
    doc_table *table;
    char *markup;
    text_style st;
    double width;
    text_lines *lines;           /* the paragraph's lines, or NULL */
    gint state;                  /* JOB_WAITING, then whichever thread claimed it */
    bool done;                   /* by the helper; guarded by h->lock */
    bool taken;                  /* main thread only: taken over (fonts moved) or done here */
} prefetch_job;

enum { JOB_WAITING, JOB_HELPER, JOB_MAIN };

/* One render's tables and paragraphs, done by the helper in document order. */
typedef struct prefetch {
    helper *h;
    rctx hr;                     /* the render's context for the helper: its Pango context, no cache */
    rctx gr;                     /* the main thread's context as a guest in the helper's pools */
    GArray *jobs;                /* prefetch_job */
    GHashTable *tables;          /* table -> its job's position + 1 */
    GHashTable *texts;           /* text table (text_table_new): paragraph -> its job's position + 1 */
    GHashTable *fonts;           /* main thread only: helper font -> equal main font, or NULL */
    unsigned long cells;         /* pool tasks the helper did (read when it is done) */
    /* guarded by h->lock */
    bool finished;
    struct cell_pool *open;      /* a pool the main thread may join */
} prefetch;

struct cell_pool {
    rctx *r;                     /* the context of the thread that started it */
    doc_table *t;
    int *cells, n;
    gint next;                   /* the next task, claimed atomically */
    cell_task fn;
    prefetch *pf;                /* started by the helper: the main thread may join */
    bool guest_done;             /* guarded by pf->h->lock */
};

/* Set on the helper thread while it does a document's jobs. */
static _Thread_local prefetch *measuring;

static int run_tasks(cell_pool *p, rctx *r, GHashTable *memo)
{
    int ran = 0;
    for (;;) {
        int i = g_atomic_int_add(&p->next, 1);
        if (i >= p->n) return ran;
        p->fn(r, p->t, p->cells[i], memo);
        ran++;
    }
}

/* The helper's side of a prefetch: every job the main thread has not taken, one after the other. */
static void run_jobs(helper *h, prefetch *pf)
{
    measuring = pf;
    for (int k = 0; k < (int)pf->jobs->len; k++) {
        prefetch_job *j = &g_array_index(pf->jobs, prefetch_job, k);
        if (!g_atomic_int_compare_and_exchange(&j->state, JOB_WAITING, JOB_HELPER)) continue;
        if (j->table) table_measure_cells(&pf->hr, j->table);
        else j->lines = text_paragraph_break(&pf->hr, j->markup, &j->st, j->width);
        pthread_mutex_lock(&h->lock);
        j->done = true;
        pthread_cond_broadcast(&h->cond);
        pthread_mutex_unlock(&h->lock);
    }
    measuring = NULL;
}

/* The font cairo's PDF font subsets measure a face's glyphs in: unit size, no hinting
 * (cairo-scaled-font-subsets.c makes it so). Kept for the helper's life. */
static cairo_scaled_font_t *unit_font(helper *h, cairo_scaled_font_t *font)
{
    cairo_font_face_t *face = cairo_scaled_font_get_font_face(font);
    cairo_scaled_font_t *unit = g_hash_table_lookup(h->unit_fonts, face);
    if (unit) return unit;
    cairo_matrix_t identity;
    cairo_matrix_init_identity(&identity);
    cairo_font_options_t *fo = cairo_font_options_create();
    cairo_font_options_set_hint_style(fo, CAIRO_HINT_STYLE_NONE);
    cairo_font_options_set_hint_metrics(fo, CAIRO_HINT_METRICS_OFF);
    unit = cairo_scaled_font_create(face, &identity, &identity, fo);
    cairo_font_options_destroy(fo);
    g_hash_table_insert(h->unit_fonts, cairo_font_face_reference(face), unit);
    return unit;
}

/* Loads what cairo's PDF surface asks of a glyph the first time it draws it: the outline, from
 * the font it is drawn with (to tell outline glyphs from bitmaps), and the metrics in the face's
 * unit-size font, from which the font subset is built. */
static void load_glyph(helper *h, cairo_scaled_font_t *font, unsigned long index)
{
    cairo_glyph_t g = { .index = index };
    cairo_text_extents_t ext;
    if (!h->glyph_cr) {
        cairo_surface_t *s = cairo_image_surface_create(CAIRO_FORMAT_A8, 1, 1);
        h->glyph_cr = cairo_create(s);
        cairo_surface_destroy(s);
    }
    if (font != h->glyph_cr_font) { /* glyphs come in runs of one font */
        cairo_set_scaled_font(h->glyph_cr, font);
        h->glyph_cr_font = font;
    }
    if (cairo_get_scaled_font(h->glyph_cr) == font) { /* the same font, as the options agree */
        cairo_glyph_path(h->glyph_cr, &g, 1);
        cairo_new_path(h->glyph_cr);
    } else {
        cairo_scaled_font_glyph_extents(font, &g, 1, &ext);
    }
    cairo_scaled_font_glyph_extents(unit_font(h, font), &g, 1, &ext);
}

/* Loads glyphs into their fonts' caches, a few at a time: tables come first when a render
 * offers them. Called with h->lock held. */
#define GLYPHS_AT_ONCE 64

static void load_glyphs(helper *h)
{
    glyph_ref batch[GLYPHS_AT_ONCE];
    guint n = MIN(GLYPHS_AT_ONCE, h->glyphs->len - h->glyphs_next);
    memcpy(batch, &g_array_index(h->glyphs, glyph_ref, h->glyphs_next), n * sizeof *batch);
    h->glyphs_next += n;
    if (h->glyphs_next == h->glyphs->len) {
        g_array_set_size(h->glyphs, 0);
        h->glyphs_next = 0;
    }
    pthread_mutex_unlock(&h->lock);
    for (guint i = 0; i < n; i++) {
        load_glyph(h, batch[i].font, batch[i].index);
        cairo_scaled_font_destroy(batch[i].font);
    }
    pthread_mutex_lock(&h->lock);
}

static void drop_glyphs(helper *h)
{
    for (guint i = h->glyphs_next; i < h->glyphs->len; i++)
        cairo_scaled_font_destroy(g_array_index(h->glyphs, glyph_ref, i).font);
    g_array_set_size(h->glyphs, 0);
    h->glyphs_next = 0;
}

static void *helper_main(void *data)
{
    helper *h = data;
    /* what this thread lays out without a context of its own (charts) uses its font map too */
    pango_cairo_font_map_set_default(PANGO_CAIRO_FONT_MAP(h->map));
    pthread_mutex_lock(&h->lock);
    for (;;) {
        while (!h->offered && !h->task && h->glyphs_next == h->glyphs->len && !h->stop)
            pthread_cond_wait(&h->cond, &h->lock);
        if (h->stop) break;
        if (h->task) {
            doc_task *t = h->task;
            h->task = NULL;
            pthread_mutex_unlock(&h->lock);
            t->fn(t->arg);
            pthread_mutex_lock(&h->lock);
            t->done = true;
            pthread_cond_broadcast(&h->cond);
            continue;
        }
        if (!h->offered) {
            load_glyphs(h);
            continue;
        }
        prefetch *pf = h->offered;
        h->offered = NULL;
        pthread_mutex_unlock(&h->lock);
        run_jobs(h, pf);
        pthread_mutex_lock(&h->lock);
        pf->finished = true;
        pthread_cond_broadcast(&h->cond);
    }
    pthread_mutex_unlock(&h->lock);
    doc_release_thread_caches(); /* what it laid out for the parts it drew */
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
    drop_glyphs(H);
    g_array_free(H->glyphs, TRUE);
    if (H->glyph_cr) cairo_destroy(H->glyph_cr);
    g_hash_table_destroy(H->unit_fonts);
    for (int i = 0; i < 2; i++) g_object_unref(H->pc[i]);
    /* Pango 1.50 does not release the configuration when a map is finalised */
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(H->map), NULL);
    g_object_unref(H->map);
    pthread_mutex_destroy(&H->lock);
    pthread_cond_destroy(&H->cond);
    g_free(H);
    H = NULL;
}

/* Pango 1.50 computes a font's metrics (the first time a font is asked for them, in every
 * layout) with a process-wide flag against recursion: while one thread computes, a font that
 * another thread meets for the first time gets no approximate character and digit widths, and
 * the character width decides where its lines break. The two font maps' fonts share one class,
 * whose get_metrics is wrapped to complete such metrics the way Pango computes them, so the
 * fonts of both threads have the metrics one thread alone would give them. */
static PangoFontMetrics *(*pango_get_metrics)(PangoFont *font, PangoLanguage *language);
static _Thread_local int metrics_depth; /* Pango's sample layouts ask again, recursively */

void text_metrics_widths(PangoFont *font, PangoLanguage *language, int *char_width, int *digit_width)
{
    PangoContext *pc = pango_font_map_create_context(pango_font_get_font_map(font));
    pango_context_set_language(pc, language);
    PangoLayout *l = pango_layout_new(pc);
    PangoFontDescription *fd = pango_font_describe_with_absolute_size(font);
    pango_layout_set_font_description(l, fd);
    pango_font_description_free(fd);
    const char *sample = pango_language_get_sample_string(language);
    pango_layout_set_text(l, sample, -1);
    PangoRectangle ext;
    pango_layout_get_extents(l, NULL, &ext);
    long cells = 0; /* pango_utf8_strwidth: columns, wide characters two */
    for (const char *p = sample; *p; p = g_utf8_next_char(p)) {
        gunichar c = g_utf8_get_char(p);
        cells += g_unichar_iszerowidth(c) ? 0 : g_unichar_iswide(c) ? 2 : 1;
    }
    *char_width = cells > 0 ? ext.width / (int)cells : 0;
    pango_layout_set_text(l, "0123456789", -1);
    *digit_width = 0; /* the widest glyph */
    for (GSList *line = pango_layout_get_lines_readonly(l); line; line = line->next)
        for (GSList *run = ((PangoLayoutLine *)line->data)->runs; run; run = run->next) {
            const PangoGlyphString *g = ((PangoGlyphItem *)run->data)->glyphs;
            for (int i = 0; i < g->num_glyphs; i++) *digit_width = MAX(*digit_width, g->glyphs[i].geometry.width);
        }
    g_object_unref(l);
    g_object_unref(pc);
}

static PangoFontMetrics *get_metrics_complete(PangoFont *font, PangoLanguage *language)
{
    metrics_depth++;
    PangoFontMetrics *m = pango_get_metrics(font, language);
    if (metrics_depth == 1 && m && m->approximate_char_width == 0)
        text_metrics_widths(font, language, &m->approximate_char_width, &m->approximate_digit_width);
    metrics_depth--;
    return m;
}

/* Before the helper thread starts, so no other thread can see the class change. */
static void complete_metrics(PangoFont *font)
{
    PangoFontClass *klass = PANGO_FONT_GET_CLASS(font);
    if (klass->get_metrics == get_metrics_complete || !klass->get_metrics) return;
    pango_get_metrics = klass->get_metrics;
    klass->get_metrics = get_metrics_complete;
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
    PangoFontDescription *fd = text_font(&st);
    PangoFont *font = pango_context_load_font(r->pc, fd);
    pango_font_description_free(fd);
    if (!font) return NULL;
    complete_metrics(font);
    g_object_unref(font);
    PangoFontMap *map = pango_cairo_font_map_new_for_font_type(CAIRO_FONT_TYPE_FT);
    if (!map) return NULL;
    pango_fc_font_map_set_config(PANGO_FC_FONT_MAP(map), pango_fc_font_map_get_config(PANGO_FC_FONT_MAP(main_map)));
    helper *h = g_new0(helper, 1);
    *h = (helper){ .pid = getpid(), .main_map = main_map, .map = map,
                   .pc = { text_context_new(map, "nl"), text_context_new(map, "en") },
                   .glyphs = g_array_new(FALSE, FALSE, sizeof(glyph_ref)),
                   .unit_fonts = g_hash_table_new_full(NULL, NULL, (GDestroyNotify)cairo_font_face_destroy,
                                                       (GDestroyNotify)cairo_scaled_font_destroy) };
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

PangoContext *doc_helper_context(const rctx *r)
{
    helper *h = helper_for(r);
    return h ? h->pc[strcmp(r->lang, "en") == 0] : NULL;
}

bool doc_helper_start(doc_task *t)
{
    helper *h = H;
    if (!h || h->pid != getpid() || h->task) return false;
    pthread_mutex_lock(&h->lock);
    drop_glyphs(h); /* the task comes first; what it draws loads its own glyphs */
    t->done = false;
    h->task = t;
    pthread_cond_broadcast(&h->cond);
    pthread_mutex_unlock(&h->lock);
    return true;
}

void doc_helper_wait(doc_task *t)
{
    pthread_mutex_lock(&H->lock);
    while (!t->done) pthread_cond_wait(&H->cond, &H->lock);
    pthread_mutex_unlock(&H->lock);
}

/* A copy of the main context for measuring on another thread or as a guest: no layout cache
 * (it belongs to the main thread), no diagnostics (the drawing pass reports), no drawing. */
static rctx measuring_context(const rctx *r, PangoContext *pc)
{
    rctx c = *r;
    c.pc = pc;
    c.layouts = NULL;
    c.keep = NULL;
    c.dl = NULL;
    c.draw = false;
    c.cr = NULL;
    c.surf = NULL;
    c.min_h = NULL;
    c.prefetch = NULL;
    c.warm = NULL;
    c.paragraphs = NULL;
    return c;
}

/* Collects a paragraph's job in a GArray, once per text, style and measure. */
static void add_text_job(void *data, const char *markup, const text_style *st, double width)
{
    GArray *texts = data;
    if (!text_paragraph_breakable(markup)) return;
    prefetch_job j = { .markup = g_strdup(markup), .st = *st, .width = width };
    g_array_append_val(texts, j);
}

void prefetch_start(rctx *r)
{
    r->prefetch = NULL;
    helper *h = r->d->n ? helper_for(r) : NULL;
    if (!h) return;
    prefetch *pf = g_new0(prefetch, 1);
    *pf = (prefetch){ .h = h, .hr = measuring_context(r, h->pc[strcmp(r->lang, "en") == 0]),
                      .gr = measuring_context(r, r->pc), .jobs = g_array_new(FALSE, TRUE, sizeof(prefetch_job)),
                      .tables = g_hash_table_new(NULL, NULL),
                      .texts = text_table_new(NULL) };
    /* Tables first, which the main thread waits for; then the paragraphs from the end of the
     * document backwards, while the main thread breaks those it comes to first itself. */
    for (int i = 0; i < r->d->n; i++) {
        block *b = &r->d->blocks[i];
        if (b->kind != B_TABLE || b->table->measured) continue;
        prefetch_job j = { .table = b->table };
        g_array_append_val(pf->jobs, j);
        g_hash_table_insert(pf->tables, b->table, GINT_TO_POINTER(pf->jobs->len));
    }
    GArray *texts = g_array_new(FALSE, TRUE, sizeof(prefetch_job));
    for (int i = 0; i < r->d->n; i++) block_paragraphs(r, &r->d->blocks[i], add_text_job, texts);
    for (guint i = texts->len; i-- > 0;) {
        prefetch_job *j = &g_array_index(texts, prefetch_job, i);
        gpointer pos;
        if (text_table_lookup(pf->texts, j->markup, &j->st, j->width, &pos)) {
            g_free(j->markup);
            continue;
        }
        g_array_append_val(pf->jobs, *j);
        text_table_insert(pf->texts, j->markup, &j->st, j->width, GINT_TO_POINTER(pf->jobs->len));
    }
    g_array_free(texts, TRUE);
    r->prefetch = pf;
    pthread_mutex_lock(&h->lock);
    h->offered = pf;
    pthread_cond_broadcast(&h->cond);
    pthread_mutex_unlock(&h->lock);
}

/* Main thread, holding h->lock: does tasks of the pool the helper has open, if any. */
static bool join_open_pool(prefetch *pf)
{
    cell_pool *p = pf->open;
    if (!p) return false;
    pf->open = NULL;
    pthread_mutex_unlock(&pf->h->lock);
    GHashTable *memo = table_memo_new();
    run_tasks(p, &pf->gr, memo);
    g_hash_table_destroy(memo);
    pthread_mutex_lock(&pf->h->lock);
    p->guest_done = true; /* the helper frees the pool once it sees this */
    pthread_cond_broadcast(&pf->h->cond);
    return true;
}

/* The main map's font equal to the helper's `hf`, or NULL; pf->fonts remembers the answers. */
static PangoFont *to_main(PangoFont *hf, void *data)
{
    prefetch *pf = data;
    gpointer found;
    if (g_hash_table_lookup_extended(pf->fonts, hf, NULL, &found)) return found ? found : hf;
    PangoFontDescription *fd = pango_font_describe_with_absolute_size(hf);
    PangoFont *mf = pango_context_load_font(pf->gr.pc, fd);
    pango_font_description_free(fd);
    if (mf && !(PANGO_IS_FC_FONT(hf) && PANGO_IS_FC_FONT(mf) &&
                FcPatternEqual(pango_fc_font_get_pattern(PANGO_FC_FONT(hf)),
                               pango_fc_font_get_pattern(PANGO_FC_FONT(mf))))) {
        g_object_unref(mf);
        mf = NULL;
    }
    g_hash_table_insert(pf->fonts, g_object_ref(hf), mf);
    return mf ? mf : hf;
}

static void unref_font(gpointer f)
{
    if (f) g_object_unref(f);
}

/* Moves the runs of a done job's lines onto the main font map. */
static void take_over(rctx *r, prefetch *pf, int k)
{
    prefetch_job *j = &g_array_index(pf->jobs, prefetch_job, k);
    if (!pf->fonts) pf->fonts = g_hash_table_new_full(NULL, NULL, g_object_unref, unref_font);
    doc_table *t = j->table;
    for (size_t i = 0; t && t->lines && i < (size_t)t->nrows * t->ncols; i++)
        if (t->lines[i]) {
            text_lines_rehome(t->lines[i], to_main, pf); /* shared lines: once more is harmless */
            glyphs_warm_lines(r, t->lines[i]);
        }
    if (j->lines) text_lines_rehome(j->lines, to_main, pf); /* text_lines_paragraph warms them */
    j->taken = true;
}

/* Job k's result on this thread: a paragraph the helper has not begun is broken here; else
 * it waits for the helper, joining its pools meanwhile, and takes the job over. Tables are
 * always left to the helper, which measures a width group's tables together. */
static prefetch_job *take(rctx *r, prefetch *pf, int k)
{
    prefetch_job *j = &g_array_index(pf->jobs, prefetch_job, k);
    if (j->taken) return j;
    if (!j->table && g_atomic_int_compare_and_exchange(&j->state, JOB_WAITING, JOB_MAIN)) {
        j->lines = text_paragraph_break(r, j->markup, &j->st, j->width);
        j->taken = true;
        return j;
    }
    pthread_mutex_lock(&pf->h->lock);
    while (!j->done)
        if (!join_open_pool(pf)) pthread_cond_wait(&pf->h->cond, &pf->h->lock);
    pthread_mutex_unlock(&pf->h->lock);
    take_over(r, pf, k);
    return j;
}

bool tables_prefetched(rctx *r, doc_table *t)
{
    int k = GPOINTER_TO_INT(g_hash_table_lookup(r->prefetch->tables, t)) - 1;
    if (k < 0) return false;
    take(r, r->prefetch, k);
    return true;
}

bool paragraph_prefetched(rctx *r, const char *markup, const text_style *st, double width, text_lines **lines)
{
    gpointer pos;
    if (!text_table_lookup(r->prefetch->texts, markup, st, width, &pos)) return false;
    prefetch_job *j = take(r, r->prefetch, GPOINTER_TO_INT(pos) - 1);
    *lines = j->lines; /* the caller keeps them */
    j->lines = NULL;
    return true;
}

void prefetch_end(rctx *r)
{
    prefetch *pf = r->prefetch;
    if (!pf) return;
    pthread_mutex_lock(&pf->h->lock);
    while (!pf->finished)
        if (!join_open_pool(pf)) pthread_cond_wait(&pf->h->cond, &pf->h->lock);
    pthread_mutex_unlock(&pf->h->lock);
    for (int k = 0; k < (int)pf->jobs->len; k++) {
        prefetch_job *j = &g_array_index(pf->jobs, prefetch_job, k);
        if (!j->taken) take_over(r, pf, k);
        text_lines_free(j->lines); /* a paragraph the layout did not ask for */
        g_free(j->markup);
    }
    helped += pf->cells;
    if (pf->fonts) g_hash_table_destroy(pf->fonts); /* the helper is idle: its fonts may go here */
    g_hash_table_destroy(pf->tables);
    g_hash_table_destroy(pf->texts);
    g_array_free(pf->jobs, TRUE);
    g_free(pf);
    r->prefetch = NULL;
}

cell_pool *cell_pool_start(rctx *r, doc_table *t, int *cells, int n, cell_task fn)
{
    cell_pool *p = g_new0(cell_pool, 1);
    *p = (cell_pool){ .r = r, .t = t, .cells = cells, .n = n, .fn = fn };
    prefetch *pf = measuring;
    if (pf && n >= POOL_MIN_CELLS) {
        p->pf = pf;
        pthread_mutex_lock(&pf->h->lock);
        pf->open = p;
        pthread_cond_broadcast(&pf->h->cond);
        pthread_mutex_unlock(&pf->h->lock);
    }
    return p;
}

void cell_pool_finish(cell_pool *p, GHashTable *memo)
{
    int ran = run_tasks(p, p->r, memo);
    prefetch *pf = p->pf;
    if (pf) {
        pf->cells += (unsigned long)ran;
        pthread_mutex_lock(&pf->h->lock);
        if (pf->open == p) pf->open = NULL; /* the main thread did not come */
        else
            while (!p->guest_done) pthread_cond_wait(&pf->h->cond, &pf->h->lock);
        pthread_mutex_unlock(&pf->h->lock);
    } else if (measuring) {
        measuring->cells += (unsigned long)ran;
    }
    g_free(p->cells);
    g_free(p);
}

/* ---- glyphs loaded ahead (main thread's side) ---- */

/* A font of the layout pass and the cairo font the drawing pass will use for it. */
typedef struct drawn_font {
    cairo_scaled_font_t *font;
    guint8 seen[65536 / 8];      /* glyphs handed over */
} drawn_font;

typedef struct glyph_warm {
    helper *h;
    cairo_t *cr;                 /* on the PDF surface, only to find the drawing fonts */
    GHashTable *fonts;           /* PangoFont -> drawn_font, NULL when it is not drawn by cairo */
    GArray *pending;             /* glyph_ref not yet handed over */
} glyph_warm;

#define GLYPHS_HANDED_OVER 256

static void drawn_font_free(gpointer p)
{
    drawn_font *df = p;
    if (df) cairo_scaled_font_destroy(df->font);
    g_free(df);
}

void glyphs_warm_begin(rctx *r, cairo_surface_t *pdf)
{
    r->warm = NULL;
    helper *h = helper_for(r);
    if (!h) return;
    glyph_warm *w = g_new0(glyph_warm, 1);
    *w = (glyph_warm){ .h = h, .cr = cairo_create(pdf),
                       .fonts = g_hash_table_new_full(NULL, NULL, g_object_unref, drawn_font_free),
                       .pending = g_array_new(FALSE, FALSE, sizeof(glyph_ref)) };
    r->warm = w;
}

static void hand_over(glyph_warm *w)
{
    if (!w->pending->len) return;
    pthread_mutex_lock(&w->h->lock);
    g_array_append_vals(w->h->glyphs, w->pending->data, w->pending->len);
    pthread_cond_broadcast(&w->h->cond);
    pthread_mutex_unlock(&w->h->lock);
    g_array_set_size(w->pending, 0);
}

/* The cairo font a run is drawn with: pangocairo and text.c set the run's font on the drawing
 * context, whose surface and transformation (an identity) make it the font a fresh context on
 * the same surface gets. */
static drawn_font *drawn(glyph_warm *w, PangoFont *pf)
{
    gpointer found;
    if (g_hash_table_lookup_extended(w->fonts, pf, NULL, &found)) return found;
    cairo_scaled_font_t *sf = PANGO_IS_CAIRO_FONT(pf) ? pango_cairo_font_get_scaled_font(PANGO_CAIRO_FONT(pf)) : NULL;
    drawn_font *df = NULL;
    if (sf && cairo_scaled_font_status(sf) == CAIRO_STATUS_SUCCESS) {
        cairo_set_scaled_font(w->cr, sf);
        df = g_new0(drawn_font, 1);
        df->font = cairo_scaled_font_reference(cairo_get_scaled_font(w->cr));
    }
    g_hash_table_insert(w->fonts, g_object_ref(pf), df);
    return df;
}

static void warm_run(glyph_warm *w, const PangoGlyphItem *run)
{
    drawn_font *df = drawn(w, run->item->analysis.font);
    if (!df) return;
    for (int i = 0; i < run->glyphs->num_glyphs; i++) {
        PangoGlyph g = run->glyphs->glyphs[i].glyph;
        if (g >= 65536 || df->seen[g >> 3] & (1u << (g & 7))) continue; /* also empty and unknown glyphs */
        df->seen[g >> 3] |= (guint8)(1u << (g & 7));
        glyph_ref ref = { cairo_scaled_font_reference(df->font), g };
        g_array_append_val(w->pending, ref);
    }
    if (w->pending->len >= GLYPHS_HANDED_OVER) hand_over(w);
}

void glyphs_warm_layout(rctx *r, PangoLayout *l)
{
    for (GSList *line = pango_layout_get_lines_readonly(l); line; line = line->next)
        for (GSList *run = ((PangoLayoutLine *)line->data)->runs; run; run = run->next) warm_run(r->warm, run->data);
}

void glyphs_warm_lines(rctx *r, const text_lines *tl)
{
    int x, baseline;
    for (int i = 0; r->warm && i < text_lines_count(tl); i++) warm_run(r->warm, text_lines_run(tl, i, &x, &baseline));
}

void glyphs_warm_end(rctx *r)
{
    glyph_warm *w = r->warm;
    if (!w) return;
    hand_over(w);
    cairo_destroy(w->cr);
    g_hash_table_destroy(w->fonts);
    g_array_free(w->pending, TRUE);
    g_free(w);
    r->warm = NULL;
}
