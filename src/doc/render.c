/* doc_render: lays the recorded blocks out twice (the first pass finds page numbers for the
 * table of contents and "van Y"), draws the second pass into a cairo PDF held in memory (a long
 * document in two parts at once, joined: see "drawing in two parts"), and hands it to the
 * post-processor. Both passes take their shaped text from one cache (text.c)
 * and their block heights from one memo, so the second pass only draws. Numbers are formatted
 * in the C locale, as cairo requires. */
#include "doc/doc_internal.h"

#include <errno.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

static bool threads_on = true;

void doc_set_threads(bool on) { threads_on = on; }

bool doc_threads_on(void) { return threads_on; }

static cairo_status_t write_mem(void *closure, const unsigned char *data, unsigned int len)
{
    g_byte_array_append(closure, data, len);
    return CAIRO_STATUS_SUCCESS;
}

static long peak_rss_kb(void)
{
    struct rusage ru;
    return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : 0;
}

/* This thread's CPU time in ms: with the wall time, how much of a phase it waited. */
static double thread_cpu_ms(void)
{
    struct timespec t;
    return clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t) == 0 ? t.tv_sec * 1e3 + t.tv_nsec / 1e6 : 0;
}

/* The chapter of block `from`: the last level-1 heading before it. */
static const char *chapter_of(const doc *d, int from)
{
    for (int i = from - 1; i >= 0; i--)
        if (d->blocks[i].kind == B_HEADING && d->blocks[i].level == 1) return d->blocks[i].plain;
    return NULL;
}

static void reset(rctx *r, int from, int first_page)
{
    r->page = r->page_base = first_page - 1;
    r->page_open = false;
    r->y = r->top;
    r->gap = 0;
    r->page_dirty = false;
    r->chapter = r->page_chapter = chapter_of(r->d, from);
}

/* One layout pass over blocks [from, to), the first on page `first_page`; returns the number of
 * pages. */
static int run_pass(rctx *r, int from, int to, int first_page)
{
    reset(r, from, first_page);
    for (int i = from; i < to; i++) {
        flow_block(r, &r->d->blocks[i]);
        if (r->page_ends) r->page_ends[i] = r->page;
    }
    if (r->page == r->page_base) page_new(r);
    page_finish(r);
    return r->page - r->page_base;
}

static void iso_date(int64_t t, char *buf, size_t size)
{
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void set_metadata(const doc *d, cairo_surface_t *s)
{
    char date[32];
    iso_date(d->created, date, sizeof date);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_TITLE, d->title);
    if (d->author) cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_AUTHOR, d->author);
    if (d->subject) cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_SUBJECT, d->subject);
    if (d->keywords) cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_KEYWORDS, d->keywords);
    if (d->creator) cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATOR, d->creator);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_CREATE_DATE, date);
    cairo_pdf_surface_set_metadata(s, CAIRO_PDF_METADATA_MOD_DATE, date);
}

static cairo_surface_t *load_logo(const layout *L, const char *path, diag_list *dl)
{
    if (!L->logo_path || L->logo_pos == LAYOUT_LOGO_NONE) return NULL;
    cairo_surface_t *s = cairo_image_surface_create_from_png(L->logo_path);
    if (cairo_surface_status(s) == CAIRO_STATUS_SUCCESS) return s;
    diag_warn(dl, ((srcloc){ .file = L->path ? L->path : path }), "use a PNG file",
              "logo %s cannot be read: %s", diag_quote(L->logo_path),
              cairo_status_to_string(cairo_surface_status(s)));
    cairo_surface_destroy(s);
    return NULL;
}

/* A PDF surface drawing into a buffer of its own. */
static cairo_surface_t *part_surface(const rctx *r, GByteArray **buf)
{
    *buf = g_byte_array_new();
    return cairo_pdf_surface_create_for_stream(write_mem, *buf, r->L->page_w, r->L->page_h);
}

/* Draws blocks [from, to), from page `first_page` on, on `surf`, which writes into `buf`;
 * returns `buf`, or NULL on a cairo error. */
static GByteArray *draw_part(rctx *r, cairo_surface_t *surf, GByteArray *buf, int from, int to, int first_page,
                             int *pages)
{
    r->surf = surf;
    set_metadata(r->d, r->surf);
    r->cr = cairo_create(r->surf);
    r->draw = true;
    if (r->tagged) cairo_tag_begin(r->cr, "Document", NULL);
    *pages = run_pass(r, from, to, first_page);
    if (r->tagged) cairo_tag_end(r->cr, "Document");
    cairo_status_t st = cairo_status(r->cr);
    cairo_destroy(r->cr);
    cairo_surface_finish(r->surf);
    if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_status(r->surf);
    cairo_surface_destroy(r->surf);
    r->cr = NULL;
    r->surf = NULL;
    r->draw = false;
    if (st != CAIRO_STATUS_SUCCESS) {
        diag_error(r->dl, ((srcloc){ .file = r->path }), NULL, "PDF drawing failed: %s", cairo_status_to_string(st));
        g_byte_array_unref(buf);
        return NULL;
    }
    return buf;
}

/* ---- drawing in two parts ----
 *
 * cairo makes a page's PDF operators on the thread that draws on the surface, and drawing is
 * a third of a render. So a document of some length is drawn as two PDFs, cut where a block
 * opens a page (the blocks after it depend on nothing before them but their page numbers and
 * the running chapter title, which the layout pass found), and pdf_join makes them one. When
 * the helper thread is there (cellpool.c), it draws the second part while this thread draws the
 * first: the text the layout pass shaped is then only read by either (text_cache_split, and the
 * charts' through the shared-cache hooks), and what a part lays out anew it lays out with its
 * own thread's Pango context and font map, for neither may be used by two threads. Without a
 * helper the parts are drawn one after the other; the file is the same either way, as both
 * font maps give cairo the same font faces. The cost: each part embeds its own subsets of the
 * fonts, and outline entries are written by the post-processor (postprocess.c), not cairo. */

static void (*share_hook)(void), (*unshare_hook)(void), (*release_hook)(void);
static _Thread_local unsigned long in_parts;

unsigned long doc_renders_in_parts(void) { return in_parts; }

void doc_set_shared_cache_hooks(void (*share)(void), void (*unshare)(void), void (*release)(void))
{
    share_hook = share;
    unshare_hook = unshare;
    release_hook = release;
}

void doc_release_thread_caches(void)
{
    if (release_hook) release_hook();
}

/* Documents shorter than this are drawn in one part: joining costs more than it saves. */
enum { PARTS_MIN_PAGES = 8 };

/* The helper draws a part about this much slower than this thread would: what it lays out
 * anew, and what it looks up, is not in its processor's caches. */
#define SECOND_PART_WEIGHT 1.4

/* Where to cut: a block that opens a page (the block before it ends on the page before), so
 * that no page, structure element or running text spans the cut, and where the parts' shares
 * of the drawing are nearest; 0 for none. Two pages or more on either side. `page_ends` is the
 * layout pass's. */
static int cut_block(const rctx *r, const int *page_ends)
{
    const doc *d = r->d;
    int best = 0;
    double best_diff = r->total;
    if (r->total < PARTS_MIN_PAGES) return 0;
    for (int i = 1; i < d->n; i++) {
        const block *b = &d->blocks[i];
        if (page_ends[i - 1] != b->page - 1) continue;
        int before = b->page - 1, after = r->total - before;
        double diff = fabs(before - SECOND_PART_WEIGHT * after);
        if (before >= 2 && after >= 2 && diff < best_diff) best = i, best_diff = diff;
    }
    return best;
}

/* The second part, drawn on the helper thread. */
typedef struct second_part {
    rctx r;              /* a copy of the main context, with the helper's Pango context */
    diag_list dl;        /* its problems, added to the render's when it is done */
    int from, to, first_page, pages;
    GByteArray *pdf;
    doc_task task;
} second_part;

static void draw_second_part(void *data)
{
    second_part *p = data;
    GByteArray *buf;
    cairo_surface_t *surf = part_surface(&p->r, &buf);
    p->pdf = draw_part(&p->r, surf, buf, p->from, p->to, p->first_page, &p->pages);
    text_cache_unsplit(&p->r); /* its own layouts belong to this thread's font map */
}

/* The document drawn in two parts cut before block `cut`, joined; NULL on a cairo error. */
static GByteArray *draw_in_parts(rctx *r, cairo_surface_t *surf, GByteArray *buf, int cut, int *pages)
{
    int n = r->d->n, second_page = r->d->blocks[cut].page, first_pages = 0, second_pages = 0;
    in_parts++;
    second_part *p = g_new0(second_part, 1);
    PangoContext *pc = doc_helper_context(r);
    bool threaded = false;
    if (pc) {
        diag_init(&p->dl);
        p->r = *r;
        p->r.pc = pc;
        p->r.dl = &p->dl;
        diag_list logo_dl; /* its problems were reported when the first part's copy was read */
        diag_init(&logo_dl);
        p->r.logo = load_logo(r->L, r->path, &logo_dl);
        diag_free(&logo_dl);
        p->from = cut, p->to = n, p->first_page = second_page;
        p->task = (doc_task){ .fn = draw_second_part, .arg = p };
        text_cache_split(&p->r);
        text_cache_split(r);
        if (share_hook) share_hook();
        threaded = doc_helper_start(&p->task);
        if (!threaded) {
            if (unshare_hook) unshare_hook();
            text_cache_unsplit(&p->r);
            text_cache_unsplit(r);
        }
    }
    GByteArray *first = draw_part(r, surf, buf, 0, cut, 1, &first_pages), *second = NULL;
    if (threaded) {
        doc_helper_wait(&p->task);
        if (unshare_hook) unshare_hook();
        text_cache_unsplit(r);
        diag_append(r->dl, &p->dl);
        second = p->pdf;
        second_pages = p->pages;
    } else if (first) {
        cairo_surface_t *s2 = part_surface(r, &buf);
        second = draw_part(r, s2, buf, cut, n, second_page, &second_pages);
    }
    if (pc) {
        diag_free(&p->dl);
        if (p->r.logo) cairo_surface_destroy(p->r.logo);
    }
    g_free(p);
    GByteArray *joined = NULL;
    if (first && second) {
        char err[200];
        GString *pdf = pdf_join(first->data, first->len, second->data, second->len, err, sizeof err);
        if (pdf) {
            joined = g_byte_array_new_take((guint8 *)pdf->str, pdf->len);
            g_string_free(pdf, FALSE);
            *pages = first_pages + second_pages;
        } else { /* not as cairo writes it, which the tests would have seen: drawn in one part */
            cairo_surface_t *s1 = part_surface(r, &buf);
            joined = draw_part(r, s1, buf, 0, n, 1, pages);
        }
    }
    if (first) g_byte_array_unref(first);
    if (second) g_byte_array_unref(second);
    return joined;
}

/* Plain writes: the caller writes to a temporary file and makes it durable before renaming. */
static bool write_raw(const char *data, size_t len, const char *path, diag_list *dl)
{
    FILE *fp = fopen(path, "wb");
    bool ok = fp && fwrite(data, 1, len, fp) == len;
    if (fp && fclose(fp) != 0) ok = false;
    if (!ok) diag_error(dl, ((srcloc){ .file = path }), NULL, "cannot write: %s", strerror(errno));
    return ok;
}

bool doc_render(doc *d, const char *pdf_path, int *pages, diag_list *dl)
{
    return doc_render_ex(d, pdf_path, NULL, pages, dl);
}

bool doc_render_ex(doc *d, const char *pdf_path, const doc_render_opts *opts, int *pages,
                   diag_list *dl)
{
    doc_render_opts o = opts ? *opts : (doc_render_opts){ 0 };
    /* cairo 1.16 compresses page contents with zlib and has no setting to leave that to the
     * post-processor, which rewrites the pages and compresses every stream anyway (libdeflate,
     * on two threads). Its one switch is this variable, read when a PDF surface is made; it
     * is set before a render starts any thread of its own, and never changed. */
    if (!getenv("CAIRO_DEBUG_PDF")) setenv("CAIRO_DEBUG_PDF", "1", 0);
    locale_t c_loc = newlocale(LC_NUMERIC_MASK, "C", duplocale(uselocale((locale_t)0)));
    locale_t old = c_loc ? uselocale(c_loc) : (locale_t)0;
    const layout *L = d->lay;
    rctx r = { .d = d, .L = L, .lang = d->lang, .dl = dl, .path = pdf_path, .tagged = !o.untagged,
               .x0 = L->margin_left, .width = L->page_w - L->margin_left - L->margin_right,
               .top = L->margin_top, .bottom = L->page_h - L->margin_bottom };
    text_cache_init(&r);
    prefetch_start(&r);
    r.min_h = g_new(double, d->n > 0 ? d->n : 1);
    for (int i = 0; i < d->n; i++) r.min_h[i] = -1;
    bool timings = getenv("KR_DOC_TIMINGS") != NULL; /* phase times on stderr, for tuning */
    unsigned long helped = doc_cells_helped();
    gint64 t0 = g_get_monotonic_time();
    double cpu0 = thread_cpu_ms();
    GByteArray *pdf;
    cairo_surface_t *surf = part_surface(&r, &pdf);
    glyphs_warm_begin(&r, surf);
    r.page_ends = g_new(int, d->n > 0 ? d->n : 1);
    r.total = run_pass(&r, 0, d->n, 1); /* page numbers of headings, page count */
    prefetch_end(&r);
    glyphs_warm_end(&r);
    int cut = cut_block(&r, r.page_ends);
    g_free(r.page_ends);
    r.page_ends = NULL;
    gint64 t1 = g_get_monotonic_time();
    long rss1 = timings ? peak_rss_kb() : 0;
    int drawn = 0;
    r.logo = load_logo(L, pdf_path, dl);
    GByteArray *buf = cut ? draw_in_parts(&r, surf, pdf, cut, &drawn) : draw_part(&r, surf, pdf, 0, d->n, 1, &drawn);
    if (r.logo) cairo_surface_destroy(r.logo);
    gint64 t2 = g_get_monotonic_time();
    long rss2 = timings ? peak_rss_kb() : 0;
    if (buf && drawn != r.total)
        diag_warn(dl, ((srcloc){ .file = pdf_path }), NULL,
                  "layout passes disagree (%d and %d pages); page numbers may be off", r.total, drawn);
    for (int i = 0; i < d->n; i++)
        if (d->blocks[i].kind == B_TABLE) table_drop_lines(d->blocks[i].table);
    unsigned kept_n;
    size_t kept_bytes;
    text_cache_stats(&r, &kept_n, &kept_bytes);
    text_cache_free(&r); /* before post-processing, which needs memory of its own */
    bool ok = false;
    if (buf && o.no_postprocess) {
        ok = write_raw((const char *)buf->data, buf->len, pdf_path, dl);
    } else if (buf) {
        GString *done = pdf_postprocess(d, buf->data, buf->len, pdf_path, dl);
        ok = done && write_raw(done->str, done->len, pdf_path, dl);
        if (done) g_string_free(done, TRUE);
    }
    char cut_note[48] = "";
    if (cut) snprintf(cut_note, sizeof cut_note, " (in two parts, from page %d)", d->blocks[cut].page);
    if (timings)
        fprintf(stderr, "  doc: layout %.0f ms, draw %.0f ms%s, post-process %.0f ms (this thread's CPU %.0f ms); "
                "%u texts kept (~%zu KB); %lu table cells shaped on the second thread; peak RSS %ld, %ld, %ld MB\n",
                (t1 - t0) / 1e3, (t2 - t1) / 1e3, cut_note, (g_get_monotonic_time() - t2) / 1e3, thread_cpu_ms() - cpu0, kept_n,
                kept_bytes >> 10, doc_cells_helped() - helped, rss1 >> 10, rss2 >> 10, peak_rss_kb() >> 10);
    if (buf) g_byte_array_unref(buf);
    g_free(r.min_h);
    if (c_loc) {
        uselocale(old);
        freelocale(c_loc);
    }
    if (pages) *pages = ok ? drawn : 0;
    return ok;
}
