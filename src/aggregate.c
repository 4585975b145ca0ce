/* `kaderrapport aggregate`: finds the appendices, reads them in parallel (aggregate_read.c), adds
 * the good ones up in file order, exactly in int64 cents (aggregate_sum.c), and writes the sector
 * overview workbook and PDF (aggregate_write*.c, aggregate_pdf.c) atomically. */
#include "aggregate.h"
#include "aggregate_int.h"
#include "build.h"
#include "fonts.h"
#include "money.h"
#include "xlsx/appendix.h"

#include <dirent.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define OVERVIEW_NAME "sector-overzicht"
#define AGG_MAX_THREADS 8

typedef struct file_list {
    char **items;
    int n, cap;
} file_list;

static bool list_add(file_list *l, const char *path)
{
    if (l->n == l->cap) {
        int cap = l->cap ? l->cap * 2 : 64;
        char **n = realloc(l->items, (size_t)cap * sizeof *n);
        if (!n) return false;
        l->items = n, l->cap = cap;
    }
    l->items[l->n] = strdup(path);
    if (!l->items[l->n]) return false;
    l->n++;
    return true;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Adds every *.xlsx in dir except Office lock files (~$…), hidden files and earlier overviews,
 * sorted by name so that the output does not depend on directory order. */
static bool list_dir(file_list *l, const char *dir)
{
    DIR *dp = opendir(dir);
    if (!dp) return false;
    int first = l->n;
    bool ok = true;
    for (struct dirent *e; ok && (e = readdir(dp));) {
        size_t n = strlen(e->d_name);
        if (n < 6 || strcasecmp(e->d_name + n - 5, ".xlsx") || e->d_name[0] == '.' || !strncmp(e->d_name, "~$", 2) ||
            !strncmp(e->d_name, OVERVIEW_NAME, strlen(OVERVIEW_NAME)))
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        ok = list_add(l, path);
    }
    closedir(dp);
    qsort(l->items + first, (size_t)(l->n - first), sizeof *l->items, cmp_str);
    return ok;
}

static void usage(void)
{
    fprintf(stderr, "usage: kaderrapport aggregate APPENDIX.xlsx... | DIR -o OUTDIR\n");
}

/* Parses the command line into files and the output directory; returns an exit code or -1. */
static int parse_args(int argc, char **argv, file_list *files, const char **outdir)
{
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (!strcmp(argv[i], "-o") && i + 1 < argc) { *outdir = argv[++i]; continue; }
        if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) { usage(); return KR_EXIT_OK; }
        if (argv[i][0] == '-') { usage(); return KR_EXIT_USAGE; }
        if (stat(argv[i], &st) != 0) {
            fprintf(stderr, "%s: error: %s\n", argv[i], strerror(errno));
            return KR_EXIT_USAGE;
        }
        if (!(S_ISDIR(st.st_mode) ? list_dir(files, argv[i]) : list_add(files, argv[i]))) {
            fprintf(stderr, "%s: error: cannot list the input\n", argv[i]);
            return KR_EXIT_USAGE;
        }
    }
    if (!*outdir || files->n == 0) {
        if (*outdir) fprintf(stderr, "aggregate: error: no appendices (*.xlsx) found\n");
        usage();
        return KR_EXIT_USAGE;
    }
    return -1;
}

/* Records a skipped file with its first error (located), for the overview's list. */
static void skip_file(sector_sums *s, const char *file, const diag_list *d)
{
    skipped_file *n = realloc(s->skipped, (size_t)(s->nskipped + 1) * sizeof *n);
    if (!n) return;
    s->skipped = n;
    const diag_entry *e = NULL;
    for (int i = 0; !e && i < d->count; i++)
        if (d->items[i].level == DIAG_ERROR) e = &d->items[i];
    char where[512], text[1024];
    if (e) snprintf(text, sizeof text, "%s: %s", srcloc_format(e->loc, where, sizeof where), e->message);
    else snprintf(text, sizeof text, "%s: unreadable", file);
    s->skipped[s->nskipped].file = strdup(file);
    s->skipped[s->nskipped++].reason = strdup(text);
}

/* Refuses a second appendix of the same institution (same BRIN): it would be counted twice. */
static bool is_duplicate(const sector_sums *s, const appendix_rec *r, const char *path, diag_list *d)
{
    for (int i = 0; r->brin[0] && i < s->nrecs; i++) {
        if (strcmp(s->recs[i].brin, r->brin)) continue;
        srcloc loc = { path, SHEET_TOELICHTING, TL_BRIN + 1, 2 }; /* path outlives the diagnostic */
        diag_error(d, loc, "give each institution one appendix", "institution %s was already read from %s",
                   diag_quote(r->brin), s->recs[i].file);
        return true;
    }
    return false;
}

/* One file's reading result: read in parallel, added in file order so that the sums, the
 * diagnostics and the output never depend on thread timing. */
typedef struct read_slot {
    const char *path;
    appendix_rec rec;
    diag_list d;
    bool ok;
} read_slot;

typedef struct read_pool {
    read_slot *slots;
    int n, next;
    pthread_mutex_t lock;
} read_pool;

static void *read_worker(void *arg)
{
    read_pool *p = arg;
    for (;;) {
        pthread_mutex_lock(&p->lock);
        int i = p->next++;
        pthread_mutex_unlock(&p->lock);
        if (i >= p->n) return NULL;
        read_slot *sl = &p->slots[i];
        sl->ok = appendix_read_file(sl->path, &sl->rec, &sl->d);
    }
}

/* Reads slots[0..n) with up to `threads` threads (the calling thread included). */
static void read_parallel(read_slot *slots, int n, int threads)
{
    read_pool p = { slots, n, 0, PTHREAD_MUTEX_INITIALIZER };
    tzset(); /* libzip converts zip times with localtime(): load the zone once, before the threads */
    pthread_t tid[AGG_MAX_THREADS];
    int started = 0;
    for (int t = 1; t < threads && t < n; t++)
        if (pthread_create(&tid[started], NULL, read_worker, &p) == 0) started++;
    read_worker(&p);
    for (int t = 0; t < started; t++) pthread_join(tid[t], NULL);
}

/* Adds one read file (or skips it), printing its problems at once. */
static void add_slot(sector_sums *s, read_slot *sl)
{
    bool ok = sl->ok && !is_duplicate(s, &sl->rec, sl->path, &sl->d);
    if (ok && !sector_add(s, &sl->rec)) {
        srcloc loc = { sl->path, NULL, 0, 0 };
        diag_error(&sl->d, loc, NULL, "the sector totals overflow or memory ran out");
        ok = false;
    }
    if (!ok) {
        srcloc loc = { sl->path, NULL, 0, 0 };
        diag_note(&sl->d, loc, NULL, "this appendix is skipped");
        skip_file(s, sl->path, &sl->d);
    }
    appendix_rec_free(&sl->rec); /* after sector_add it holds nothing */
    diag_print(&sl->d, stderr, true);
    diag_free(&sl->d);
}

/* Reads and adds every file, in chunks so that memory stays bounded for any number of files. */
static void aggregate_files(sector_sums *s, const file_list *files)
{
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    int threads = cpus < 1 ? 1 : cpus > AGG_MAX_THREADS ? AGG_MAX_THREADS : (int)cpus;
    enum { CHUNK = 256 };
    read_slot *slots = calloc(CHUNK, sizeof *slots);
    for (int base = 0; slots && base < files->n; base += CHUNK) {
        int n = files->n - base < CHUNK ? files->n - base : CHUNK;
        for (int i = 0; i < n; i++) {
            memset(&slots[i], 0, sizeof slots[i]);
            slots[i].path = files->items[base + i];
            diag_init(&slots[i].d);
        }
        read_parallel(slots, n, threads);
        for (int i = 0; i < n; i++) add_slot(s, &slots[i]);
    }
    if (!slots) fprintf(stderr, "aggregate: error: out of memory\n");
    free(slots);
}

/* The date in the overview's properties: SOURCE_DATE_EPOCH, else 1 January after the latest
 * report year, so that identical inputs give an identical file. */
static long long overview_created(const sector_sums *s)
{
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) return strtoll(sde, NULL, 10);
    int year = 2023;
    for (int i = 0; i < s->nrecs; i++) if (s->recs[i].report_year >= year) year = s->recs[i].report_year + 1;
    struct tm tm = { .tm_year = year - 1900, .tm_mday = 1 };
    return (long long)timegm(&tm);
}

/* Writes one output beside its target and renames it into place, so a reader never sees half a
 * file. `ext` is "xlsx" or "pdf". */
static bool write_atomic(const sector_sums *s, const char *outdir, const char *ext, long long created, diag_list *d)
{
    char path[4096], tmp[4200];
    snprintf(path, sizeof path, "%s/%s.%s", outdir, OVERVIEW_NAME, ext);
    snprintf(tmp, sizeof tmp, "%s/.%s.%s.tmp%ld", outdir, OVERVIEW_NAME, ext, (long)getpid());
    bool ok = ext[0] == 'x' ? sector_write_xlsx(s, tmp, created, d) : sector_write_pdf(s, tmp, created, d);
    if (ok && access(tmp, F_OK) != 0) return true; /* nothing to write */
    if (ok && rename(tmp, path) != 0) {
        srcloc loc = { path, NULL, 0, 0 };
        diag_error(d, loc, NULL, "cannot move the overview into place: %s", strerror(errno));
        ok = false;
    }
    if (!ok) remove(tmp);
    else printf("%s\n", path);
    return ok;
}

/* The PDF needs the product's fonts; without them only the workbook is written (a warning). */
static bool write_pdf(const sector_sums *s, const char *outdir, long long created, diag_list *d)
{
    const char *data = kr_data_dir();
    char fonts[4200];
    snprintf(fonts, sizeof fonts, "%s/fonts", data ? data : ".");
    if (!kr_fonts_init(fonts)) {
        srcloc loc = { outdir, NULL, 0, 0 };
        diag_warn(d, loc, "set KADERRAPPORT_DATA to the folder holding fonts/", "no fonts found in %s; the PDF is not written",
                  diag_quote(fonts));
        return true;
    }
    bool ok = write_atomic(s, outdir, "pdf", created, d);
    kr_fonts_shutdown();
    return ok;
}

static int write_overview(const sector_sums *s, const char *outdir)
{
    if (mkdir(outdir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "%s: error: cannot create the output directory: %s\n", outdir, strerror(errno));
        return KR_EXIT_OUTPUT;
    }
    diag_list d;
    diag_init(&d);
    long long created = overview_created(s);
    bool ok = write_atomic(s, outdir, "xlsx", created, &d) && write_pdf(s, outdir, created, &d);
    diag_print(&d, stderr, false);
    diag_free(&d);
    return ok ? KR_EXIT_OK : KR_EXIT_OUTPUT;
}

static double now_seconds(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int aggregate_main(int argc, char **argv)
{
    file_list files = { 0 };
    const char *outdir = NULL;
    int rc = parse_args(argc, argv, &files, &outdir);
    sector_sums s = { 0 };
    double t0 = now_seconds();
    if (rc < 0) aggregate_files(&s, &files);
    double t1 = now_seconds();
    if (rc < 0 && s.nrecs == 0) {
        fprintf(stderr, "aggregate: error: none of the %d files is a usable appendix; nothing was written\n", files.n);
        rc = KR_EXIT_INPUT;
    }
    if (rc < 0) {
        rc = write_overview(&s, outdir);
        fprintf(stderr, "aggregate: %d appendices added up, %d skipped (reading %.2f s, writing %.2f s)\n", s.nrecs,
                s.nskipped, t1 - t0, now_seconds() - t1);
        if (rc == KR_EXIT_OK && s.nskipped) rc = KR_EXIT_BATCH_PARTIAL;
    }
    sector_free(&s);
    for (int i = 0; i < files.n; i++) free(files.items[i]);
    free(files.items);
    return rc;
}
