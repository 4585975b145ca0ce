/* `kaderrapport aggregate`: finds the appendices, reads each one (aggregate_read.c), adds the good
 * ones up exactly in int64 cents and writes the sector overview (aggregate_write.c) atomically. */
#include "aggregate.h"
#include "aggregate_int.h"
#include "build.h"
#include "money.h"
#include "xlsx/appendix.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define OVERVIEW_NAME "sector-overzicht"

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
    return (l->items[l->n] = strdup(path)) != NULL && ++l->n;
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

/* Reads, checks and adds one file; problems are printed at once and the file is skipped. */
static void aggregate_file(sector_sums *s, const char *path)
{
    diag_list d;
    diag_init(&d);
    appendix_rec r = { 0 };
    bool ok = appendix_read_file(path, &r, &d) && !is_duplicate(s, &r, path, &d);
    if (ok && !sector_add(s, &r)) {
        srcloc loc = { path, NULL, 0, 0 };
        diag_error(&d, loc, NULL, "the sector totals overflow or memory ran out");
        ok = false;
    }
    if (!ok) {
        srcloc loc = { path, NULL, 0, 0 };
        diag_note(&d, loc, NULL, "this appendix is skipped");
        skip_file(s, path, &d);
        appendix_rec_free(&r);
    }
    diag_print(&d, stderr, true);
    diag_free(&d);
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

/* Writes beside the target and renames into place, so a reader never sees half a file. */
static int write_overview(const sector_sums *s, const char *outdir)
{
    char path[4096], tmp[4200];
    if (mkdir(outdir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, "%s: error: cannot create the output directory: %s\n", outdir, strerror(errno));
        return KR_EXIT_OUTPUT;
    }
    snprintf(path, sizeof path, "%s/%s.xlsx", outdir, OVERVIEW_NAME);
    snprintf(tmp, sizeof tmp, "%s/.%s.xlsx.tmp%ld", outdir, OVERVIEW_NAME, (long)getpid());
    diag_list d;
    diag_init(&d);
    bool ok = sector_write_xlsx(s, tmp, overview_created(s), &d) && rename(tmp, path) == 0;
    if (!ok) {
        if (!d.errors) fprintf(stderr, "%s: error: cannot rename into place: %s\n", path, strerror(errno));
        remove(tmp);
    }
    diag_print(&d, stderr, false);
    diag_free(&d);
    if (ok) printf("%s\n", path);
    return ok ? KR_EXIT_OK : KR_EXIT_OUTPUT;
}

int aggregate_main(int argc, char **argv)
{
    file_list files = { 0 };
    const char *outdir = NULL;
    int rc = parse_args(argc, argv, &files, &outdir);
    sector_sums s = { 0 };
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (int i = 0; rc < 0 && i < files.n; i++) aggregate_file(&s, files.items[i]);
    if (rc < 0 && s.nrecs == 0) {
        fprintf(stderr, "aggregate: error: none of the %d files is a usable appendix; nothing was written\n", files.n);
        rc = KR_EXIT_INPUT;
    }
    if (rc < 0) {
        rc = write_overview(&s, outdir);
        clock_gettime(CLOCK_MONOTONIC, &t1);
        fprintf(stderr, "aggregate: %d appendices added up, %d skipped (%.2f s)\n", s.nrecs, s.nskipped,
                (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
        if (rc == KR_EXIT_OK && s.nskipped) rc = KR_EXIT_BATCH_PARTIAL;
    }
    sector_free(&s);
    for (int i = 0; i < files.n; i++) free(files.items[i]);
    free(files.items);
    return rc;
}
