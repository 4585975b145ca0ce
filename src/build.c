/* One job from start to finish: read, check, allocate, render into temporary files beside the
 * targets, and rename them into place only when everything succeeded. */
#include "build.h"

#include "allocate.h"
#include "doc/layout.h"
#include "fonts.h"
#include "job.h"
#include "load.h"
#include "model.h"
#include "render_xlsx.h"
#include "report.h"
#include "doc/doc.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

typedef struct stage_clock {
    bool on;
    double last;
} stage_clock;

static void stage_done(stage_clock *c, const char *name)
{
    double t = now_seconds();
    if (c->on) fprintf(stderr, "  %-14s %8.2f ms\n", name, (t - c->last) * 1000.0);
    c->last = t;
}

/* mkdir -p; returns false with errno set. */
static bool make_dirs(const char *path)
{
    char buf[4096];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST) return false;
        *p = '/';
    }
    return mkdir(buf, 0777) == 0 || errno == EEXIST;
}

/* A unique temporary name in the target's folder, so the final rename is atomic. */
static bool temp_beside(const char *target, char *out, size_t size)
{
    const char *slash = strrchr(target, '/');
    int dirlen = slash ? (int)(slash - target) : 1;
    const char *dir = slash ? target : ".";
    const char *base = slash ? slash + 1 : target;
    snprintf(out, size, "%.*s/.%s.tmp-XXXXXX", dirlen, dir, base);
    int fd = mkstemp(out);
    if (fd < 0) return false;
    close(fd);
    return true;
}

/* The permissions a newly created file gets (0666 less the umask): mkstemp makes temp files 0600,
 * which would leave the reports unreadable to everyone but their owner. */
static mode_t new_file_mode(void)
{
    mode_t mask = umask(022);
    umask(mask);
    return 0666 & ~mask;
}

/* Gives a finished file its final permissions and flushes it to disk before it replaces the
 * previous one. */
static bool sync_file(const char *path)
{
    int fd = open(path, O_RDONLY);
    if (fd < 0) return false;
    bool ok = fchmod(fd, new_file_mode()) == 0 && fsync(fd) == 0;
    close(fd);
    return ok;
}

/* Writes `path` made absolute (against the working directory) with "." and ".." removed
 * lexically into out. Returns false when it does not fit. */
static bool normalize_path(const char *path, char *out, size_t size)
{
    char joined[8192];
    char cwd[4096];
    if (path[0] == '/') snprintf(joined, sizeof joined, "%s", path);
    else if (getcwd(cwd, sizeof cwd)) snprintf(joined, sizeof joined, "%s/%s", cwd, path);
    else return false;
    size_t o = 0;
    out[0] = '\0';
    for (char *save = NULL, *part = strtok_r(joined, "/", &save); part; part = strtok_r(NULL, "/", &save)) {
        if (!strcmp(part, ".")) continue;
        if (!strcmp(part, "..")) {
            while (o > 0 && out[o - 1] != '/') o--;
            if (o > 0) o--; /* drop the slash too; ".." above the root stays at the root */
            out[o] = '\0';
            continue;
        }
        size_t n = strlen(part);
        if (o + 1 + n + 1 > size) return false;
        out[o++] = '/';
        memcpy(out + o, part, n + 1);
        o += n;
    }
    if (o == 0) snprintf(out, size, "/");
    return true;
}

/* True when `path` is `root` or lies below it (both normalized). The file-system root is no
 * allowed tree: a job run from "/" (as services are) must not be allowed to write anywhere. */
static bool path_within(const char *path, const char *root)
{
    size_t n = strlen(root);
    if (!strcmp(root, "/")) return false;
    return !strncmp(path, root, n) && (path[n] == '\0' || path[n] == '/');
}

bool build_output_dir_allowed(const job *j)
{
    char out[4096], dir[4096], cwd[4096];
    return normalize_path(j->out_dir, out, sizeof out) && normalize_path(j->dir, dir, sizeof dir) &&
           normalize_path(".", cwd, sizeof cwd) && (path_within(out, dir) || path_within(out, cwd));
}

/* build_output_dir_allowed, with a diagnostic when it is not. */
static bool output_dir_allowed(const job *j, diag_list *d, const char *job_path)
{
    if (build_output_dir_allowed(j)) return true;
    srcloc here = { job_path, NULL, 0, 0 };
    diag_error(d, here, "name a folder inside the job's folder or the working directory, or give the output "
               "directory on the command line with -o",
               "output directory %s is outside the job's folder and the working directory", diag_quote(j->out_dir));
    return false;
}

static bool load_inputs(model *m, const job *j, diag_list *d)
{
    load_budget(m, j, d);
    load_mapping(m, j, d);
    load_activities(m, j, d);
    if (d->errors == 0) load_cross_check(m, d);
    return d->errors == 0;
}

/* The appendix workbook, written on a thread of its own while the PDF renders. It runs at a
 * lower priority, so that it takes the second core when the PDF's threads leave it, and does
 * not take the main thread's. The two share only the model and the allocation, which neither
 * changes. */
typedef struct xlsx_job {
    const model *m;
    const allocation *a;
    const char *path;
    diag_list d;                 /* its problems, added to the build's after the PDF's */
    bool ok, threaded;
    pthread_t thread;
} xlsx_job;

static void *xlsx_main(void *data)
{
    xlsx_job *x = data;
    if (x->threaded) setpriority(PRIO_PROCESS, (id_t)syscall(SYS_gettid), 10);
    x->ok = render_xlsx(x->m, x->a, x->path, &x->d);
    return NULL;
}

static void xlsx_start(xlsx_job *x)
{
    diag_init(&x->d);
    x->threaded = doc_threads_on();
    if (x->threaded && pthread_create(&x->thread, NULL, xlsx_main, x) != 0) x->threaded = false;
}

static bool xlsx_finish(xlsx_job *x, diag_list *d)
{
    if (x->threaded) pthread_join(x->thread, NULL);
    else xlsx_main(x);
    diag_append(d, &x->d);
    diag_free(&x->d);
    return x->ok;
}

/* Renders both outputs to temp files and renames them into place. */
static int write_outputs(const model *m, const job *j, const allocation *a, const build_options *opt,
                         stage_clock *clock, diag_list *d, build_result *res)
{
    const char *out_dir = opt->out_dir_override ? opt->out_dir_override : j->out_dir;
    srcloc here = { m->job_path, NULL, 0, 0 };
    if (!make_dirs(out_dir)) {
        diag_error(d, here, "check the `uitvoer` directory in the job", "cannot create output directory %s: %s",
                   diag_quote(out_dir), strerror(errno));
        return KR_EXIT_OUTPUT;
    }
    snprintf(res->pdf_path, sizeof res->pdf_path, "%s/%s-%d.pdf", out_dir, m->inst.slug, m->report_year);
    snprintf(res->xlsx_path, sizeof res->xlsx_path, "%s/%s-%d.xlsx", out_dir, m->inst.slug, m->report_year);
    char tmp_pdf[4200], tmp_xlsx[4200];
    if (!temp_beside(res->pdf_path, tmp_pdf, sizeof tmp_pdf)) {
        diag_error(d, here, NULL, "cannot write in %s: %s", diag_quote(out_dir), strerror(errno));
        return KR_EXIT_OUTPUT;
    }
    if (!temp_beside(res->xlsx_path, tmp_xlsx, sizeof tmp_xlsx)) {
        diag_error(d, here, NULL, "cannot write in %s: %s", diag_quote(out_dir), strerror(errno));
        unlink(tmp_pdf);
        return KR_EXIT_OUTPUT;
    }
    int rc = KR_EXIT_OK;
    xlsx_job xlsx = { .m = m, .a = a, .path = tmp_xlsx };
    xlsx_start(&xlsx);
    layout *lay = layout_load(m->layout_path, d);
    if (!lay || d->errors) rc = KR_EXIT_INPUT;
    stage_done(clock, "layout");
    if (rc == KR_EXIT_OK && !report_render_pdf(m, j, a, lay, tmp_pdf, &res->pages, d)) rc = KR_EXIT_OUTPUT;
    stage_done(clock, "render pdf");
    if (rc == KR_EXIT_OK && res->pages > j->max_pages) {
        /* the page count is known only after rendering; the temp file is removed below */
        srcloc lim = { m->job_path, NULL, 0, 0 };
        diag_error(d, lim, "raise max_paginas under [limieten] in the job if this many pages is intended",
                   "the report has %d pages, more than the limit of %d (max_paginas)", res->pages, j->max_pages);
        rc = KR_EXIT_INPUT;
    }
    if (!xlsx_finish(&xlsx, d) && rc == KR_EXIT_OK) rc = KR_EXIT_OUTPUT;
    stage_done(clock, "write xlsx");
    if (rc == KR_EXIT_OK && d->errors) rc = KR_EXIT_INPUT; /* a renderer reported a problem: keep nothing */
    if (rc == KR_EXIT_OK && (!sync_file(tmp_pdf) || !sync_file(tmp_xlsx) || rename(tmp_pdf, res->pdf_path) != 0 ||
                             rename(tmp_xlsx, res->xlsx_path) != 0)) {
        diag_error(d, here, NULL, "cannot move the outputs into %s: %s", diag_quote(out_dir), strerror(errno));
        rc = KR_EXIT_OUTPUT;
    }
    if (rc != KR_EXIT_OK) {
        unlink(tmp_pdf);
        unlink(tmp_xlsx);
        res->pdf_path[0] = res->xlsx_path[0] = '\0';
    }
    layout_free(lay);
    return rc;
}

static void first_error(const diag_list *d, build_result *res)
{
    for (int i = 0; i < d->count; i++) {
        if (d->items[i].level != DIAG_ERROR) continue;
        char where[300];
        snprintf(res->first_error, sizeof res->first_error, "%s: %s",
                 srcloc_format(d->items[i].loc, where, sizeof where), d->items[i].message);
        return;
    }
}

/* The hyphenation patterns load (a few ms) on a thread of their own while the inputs are
 * read; the report's first paragraph would otherwise wait for them. */
static void *preload_hyphenation(void *lang)
{
    doc_hyphenation_preload(lang);
    return NULL;
}

int build_run(const char *job_path, const build_options *opt, diag_list *d, build_result *res)
{
    memset(res, 0, sizeof *res);
    double start = now_seconds();
    stage_clock clock = { opt->timings, start };
    model *m = model_new();
    job *j = m ? job_load(job_path, m, d) : NULL;
    int rc = KR_EXIT_INPUT;
    allocation *a = NULL;
    if (j && d->errors == 0 && !opt->out_dir_override) output_dir_allowed(j, d, m->job_path);
    pthread_t preload;
    bool preloading = j && d->errors == 0 && !opt->check_only && doc_threads_on() && m->language &&
                      pthread_create(&preload, NULL, preload_hyphenation, m->language) == 0;
    if (j && d->errors == 0 && load_inputs(m, j, d)) {
        stage_done(&clock, "read");
        a = allocate_model(m, d);
        stage_done(&clock, "allocate");
        srcloc here = { m->job_path, NULL, 0, 0 };
        if (!a) {
            /* NULL with an error is an input whose totals overflow; without one, out of memory */
            rc = d->errors ? KR_EXIT_INPUT : KR_EXIT_INTERNAL;
        } else if (!a->balanced) {
            diag_error(d, here, "this is a bug in kaderrapport; please report it with the inputs",
                       "the reconciliation does not hold: allocated + unallocated differs from the input total");
            rc = KR_EXIT_INTERNAL;
        } else if (opt->check_only) {
            rc = KR_EXIT_OK;
        } else {
            const char *data = kr_data_dir();
            char fonts[4200];
            snprintf(fonts, sizeof fonts, "%s/fonts", data ? data : ".");
            if (!kr_fonts_init(fonts)) {
                diag_error(d, here, "set KADERRAPPORT_DATA to the folder holding fonts/ and layouts/",
                           "no fonts found in %s", diag_quote(fonts));
                rc = KR_EXIT_INTERNAL;
            } else {
                rc = write_outputs(m, j, a, opt, &clock, d, res);
            }
        }
    }
    if (preloading) pthread_join(preload, NULL);
    if (rc == KR_EXIT_OK && d->errors) rc = KR_EXIT_INPUT;
    first_error(d, res);
    res->exit_code = rc;
    res->seconds = now_seconds() - start;
    if (opt->timings) fprintf(stderr, "  %-14s %8.2f ms\n", "total", res->seconds * 1000.0);
    allocation_free(a);
    job_free(j);
    model_free(m);
    return rc;
}
