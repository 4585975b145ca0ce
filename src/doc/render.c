/* doc_render: lays the recorded blocks out twice (the first pass finds page numbers for the
 * table of contents and "van Y"), draws the second pass into a cairo PDF held in memory, and
 * hands it to the post-processor. Both passes take their shaped text from one cache (text.c)
 * and their block heights from one memo, so the second pass only draws. Numbers are formatted
 * in the C locale, as cairo requires. */
#include "doc/doc_internal.h"

#include <errno.h>
#include <locale.h>
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

static void reset(rctx *r)
{
    r->page = 0;
    r->y = r->top;
    r->gap = 0;
    r->page_dirty = false;
    r->chapter = r->page_chapter = NULL;
    memset(r->outline, 0, sizeof r->outline);
}

/* One layout pass over every block; returns the number of pages. */
static int run_pass(rctx *r)
{
    reset(r);
    for (int i = 0; i < r->d->n; i++)
        flow_block(r, &r->d->blocks[i]);
    if (r->page == 0) page_new(r);
    page_finish(r);
    return r->page;
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

/* Draws the document into a PDF in memory; returns NULL on a cairo error. */
static GByteArray *draw_pdf(rctx *r, cairo_surface_t *surf, GByteArray *buf, int *pages)
{
    r->surf = surf;
    set_metadata(r->d, r->surf);
    r->cr = cairo_create(r->surf);
    r->logo = load_logo(r->L, r->path, r->dl);
    r->draw = true;
    if (r->tagged) cairo_tag_begin(r->cr, "Document", NULL);
    *pages = run_pass(r);
    if (r->tagged) cairo_tag_end(r->cr, "Document");
    cairo_status_t st = cairo_status(r->cr);
    cairo_destroy(r->cr);
    cairo_surface_finish(r->surf);
    if (st == CAIRO_STATUS_SUCCESS) st = cairo_surface_status(r->surf);
    cairo_surface_destroy(r->surf);
    if (r->logo) cairo_surface_destroy(r->logo);
    r->cr = NULL;
    r->surf = NULL;
    r->logo = NULL;
    if (st != CAIRO_STATUS_SUCCESS) {
        diag_error(r->dl, ((srcloc){ .file = r->path }), NULL, "PDF drawing failed: %s", cairo_status_to_string(st));
        g_byte_array_unref(buf);
        return NULL;
    }
    return buf;
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
    GByteArray *pdf = g_byte_array_new();
    cairo_surface_t *surf = cairo_pdf_surface_create_for_stream(write_mem, pdf, L->page_w, L->page_h);
    glyphs_warm_begin(&r, surf);
    r.total = run_pass(&r); /* page numbers of headings, page count */
    prefetch_end(&r);
    glyphs_warm_end(&r);
    gint64 t1 = g_get_monotonic_time();
    long rss1 = timings ? peak_rss_kb() : 0;
    int drawn = 0;
    GByteArray *buf = draw_pdf(&r, surf, pdf, &drawn);
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
    if (timings)
        fprintf(stderr, "  doc: layout %.0f ms, draw %.0f ms, post-process %.0f ms (this thread's CPU %.0f ms); "
                "%u texts kept (~%zu KB); %lu table cells shaped on the second thread; peak RSS %ld, %ld, %ld MB\n",
                (t1 - t0) / 1e3, (t2 - t1) / 1e3, (g_get_monotonic_time() - t2) / 1e3, thread_cpu_ms() - cpu0, kept_n,
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
