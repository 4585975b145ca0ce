/* `kaderrapport batch`: command line, output-directory locks, --changed-only decisions, the log
 * on stderr and the summary files. Finding jobs is in batch_jobs.c, hashing and files in
 * batch_state.c, the worker processes in batch_pool.c. */
#include "batch.h"

#include "batch_impl.h"
#include "fonts.h"
#include "job.h"
#include "model.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <glib.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef KR_VERSION
#define KR_VERSION "dev"
#endif

typedef struct batch_opts {
    const char *source;
    int workers;
    char *out_dir;       /* -o, absolute; NULL: each job's own */
    bool quiet, changed_only, lock_fail;
    int shard_index, shard_count;
    int timeout_seconds; /* per job; 0 = none */
} batch_opts;

typedef struct out_group {
    char *dir;
    int lock_fd;         /* -1 when not locked */
    bool usable;         /* exists and is locked */
    batch_state state;
} out_group;

typedef struct run_ctx {
    batch_opts *opt;
    batch_list *jobs;
    out_group *groups;
    int ngroups;
    int total, done, failed;
    double start;
    bool progress;       /* a progress line on a terminal */
} run_ctx;

static void usage(FILE *out)
{
    fprintf(out,
            "usage: kaderrapport batch DIR|MANIFEST [-j N] [-o OUTDIR] [-q] [--changed-only]\n"
            "                          [--shard I/N] [--lock wait|fail] [--timeout S]\n"
            "  DIR        every job file (*.ini with an [instelling] section) below DIR, sorted\n"
            "  MANIFEST   a file listing one job file per line (first column; relative to it)\n"
            "  -j N       worker processes (default: the number of processors)\n"
            "  -o OUTDIR  write every job's outputs to OUTDIR instead of its own `uitvoer`\n"
            "  -q         print nothing on success, only the failed jobs\n"
            "  --changed-only  skip jobs whose inputs, layout, fonts and program are unchanged\n"
            "                  since their last successful run\n"
            "  --shard I/N     run only jobs k with k mod N = I (0 <= I < N) of the sorted list\n"
            "  --lock wait|fail  when another batch writes to the same output directory: wait\n"
            "                  for it (default) or stop with exit code 3\n"
            "  --timeout S     stop a job that runs longer than S seconds (default 600; 0: no limit)\n");
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* "2026-03-31 14:02:07" local time, for log lines. */
static const char *stamp(void)
{
    static char buf[32];
    time_t t = time(NULL);
    struct tm tm;
    localtime_r(&t, &tm);
    strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S", &tm);
    return buf;
}

/* mkdir -p, then the absolute path (caller frees). NULL with errno set on failure. */
static char *make_dir_abs(const char *path)
{
    char buf[PATH_MAX];
    snprintf(buf, sizeof buf, "%s", path);
    for (char *p = buf + 1; *p; p++) {
        if (*p != '/') continue;
        *p = '\0';
        if (mkdir(buf, 0777) != 0 && errno != EEXIST) return NULL;
        *p = '/';
    }
    if (mkdir(buf, 0777) != 0 && errno != EEXIST) return NULL;
    return realpath(buf, NULL);
}

static bool parse_workers(const char *text, int *out)
{
    char *end;
    long n = strtol(text, &end, 10);
    if (end == text || *end || n < 1 || n > 1024) return false;
    *out = (int)n;
    return true;
}

static bool bad_value(const char *option, const char *value, const char *hint)
{
    fprintf(stderr, "kaderrapport batch: %s %s is not valid; %s\n", option, value, hint);
    usage(stderr);
    return false;
}

/* Parses the command line into o; returns false after printing the problem. */
static bool parse_args(int argc, char **argv, batch_opts *o)
{
    static const struct option longs[] = {
        { "jobs", required_argument, NULL, 'j' },  { "output", required_argument, NULL, 'o' },
        { "quiet", no_argument, NULL, 'q' },       { "changed-only", no_argument, NULL, 'c' },
        { "shard", required_argument, NULL, 's' }, { "lock", required_argument, NULL, 'l' },
        { "timeout", required_argument, NULL, 't' }, { "help", no_argument, NULL, 'h' },
        { NULL, 0, NULL, 0 },
    };
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    *o = (batch_opts){ .workers = ncpu > 0 ? (int)ncpu : 1, .shard_count = 1, .timeout_seconds = 600 };
    const char *outdir = NULL;
    optind = 0; /* glibc: full re-initialisation, so the parser can run more than once */
    int c;
    while ((c = getopt_long(argc, argv, "j:o:qh", longs, NULL)) != -1) {
        if (c == 'j' && !parse_workers(optarg, &o->workers)) return bad_value("-j", optarg, "write 1 to 1024");
        if (c == 's' && !batch_parse_shard(optarg, &o->shard_index, &o->shard_count))
            return bad_value("--shard", optarg, "write I/N with 0 <= I < N");
        if (c == 'l' && strcmp(optarg, "wait") && strcmp(optarg, "fail"))
            return bad_value("--lock", optarg, "write wait or fail");
        if (c == 'l') o->lock_fail = !strcmp(optarg, "fail");
        if (c == 't') {
            char *end;
            long t = strtol(optarg, &end, 10);
            if (*end || t < 0 || t > 86400) return bad_value("--timeout", optarg, "write seconds from 0 (no limit) to 86400");
            o->timeout_seconds = (int)t;
        }
        if (c == 'o') outdir = optarg;
        if (c == 'q') o->quiet = true;
        if (c == 'c') o->changed_only = true;
        if (c == 'h') { usage(stdout); exit(0); }
        if (c == '?') { usage(stderr); return false; }
    }
    /* Tolerate being handed the whole command line ("kaderrapport batch DIR"). */
    if (argc - optind == 2 && !strcmp(argv[optind], "batch")) optind++;
    if (argc - optind != 1) {
        fprintf(stderr, "kaderrapport batch: give exactly one DIR or MANIFEST\n");
        usage(stderr);
        return false;
    }
    o->source = argv[optind];
    if (outdir && !(o->out_dir = make_dir_abs(outdir))) {
        fprintf(stderr, "kaderrapport batch: cannot create output directory %s: %s\n", outdir, strerror(errno));
        return false;
    }
    return true;
}

/* The job's output directory as the build would use it (absolute), or NULL when the job file
 * cannot be loaded or names a directory the build refuses; such a job still runs, so its
 * diagnostics reach the log. */
static char *job_out_dir(const char *path)
{
    diag_list d;
    diag_init(&d);
    model *m = model_new();
    job *j = m ? job_load(path, m, &d) : NULL;
    /* the batch must not create, lock or write a summary where the build refuses to write */
    char *dir = j && j->out_dir && build_output_dir_allowed(j) ? make_dir_abs(j->out_dir) : NULL;
    job_free(j);
    model_free(m);
    diag_free(&d);
    return dir;
}

static int find_group(run_ctx *c, const char *dir)
{
    for (int g = 0; g < c->ngroups; g++)
        if (!strcmp(c->groups[g].dir, dir)) return g;
    out_group *grown = realloc(c->groups, (size_t)(c->ngroups + 1) * sizeof *grown);
    if (!grown) return 0;
    c->groups = grown;
    c->groups[c->ngroups] = (out_group){ strdup(dir), -1, false, { 0 } };
    return c->ngroups++;
}

/* Assigns every job its output directory and group. Jobs without a usable output directory join
 * the first group, so they appear in a summary; with no group at all they keep group -1 (they
 * run, fail with their diagnostics, and no directory is locked or written for them). */
static void assign_groups(run_ctx *c)
{
    for (int i = 0; i < c->jobs->count; i++) {
        batch_job *j = &c->jobs->items[i];
        j->out_dir = c->opt->out_dir ? strdup(c->opt->out_dir) : job_out_dir(j->path);
        j->group = j->out_dir ? find_group(c, j->out_dir) : -1;
    }
    for (int i = 0; i < c->jobs->count; i++) {
        batch_job *j = &c->jobs->items[i];
        if (j->group < 0 && c->ngroups) j->group = 0;
    }
}

static int cmp_group_dir(const void *a, const void *b)
{
    return strcmp((*(out_group *const *)a)->dir, (*(out_group *const *)b)->dir);
}

/* Locks every output directory, in sorted order so two batches never wait on each other in a
 * cycle. Returns false (after releasing) when --lock fail meets a lock held by another run. */
static bool lock_groups(run_ctx *c)
{
    if (c->ngroups == 0) return true;
    out_group **order = malloc((size_t)c->ngroups * sizeof *order);
    if (!order) return false;
    for (int g = 0; g < c->ngroups; g++) order[g] = &c->groups[g];
    qsort(order, (size_t)c->ngroups, sizeof *order, cmp_group_dir);
    bool ok = true;
    for (int g = 0; ok && g < c->ngroups; g++) {
        out_group *grp = order[g];
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s/.kaderrapport.lock", grp->dir);
        grp->lock_fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (grp->lock_fd < 0) {
            fprintf(stderr, "%s batch: cannot use output directory %s: %s\n", stamp(), grp->dir, strerror(errno));
            continue; /* its jobs fail; the other directories go ahead */
        }
        if (flock(grp->lock_fd, LOCK_EX | LOCK_NB) == 0) {
            grp->usable = true;
        } else if (c->opt->lock_fail) {
            fprintf(stderr, "%s batch: another kaderrapport batch is writing to %s; stopping (--lock fail)\n",
                    stamp(), grp->dir);
            ok = false;
        } else {
            if (!c->opt->quiet)
                fprintf(stderr, "%s batch: waiting for another batch writing to %s\n", stamp(), grp->dir);
            while (flock(grp->lock_fd, LOCK_EX) != 0 && errno == EINTR) {}
            grp->usable = true;
        }
    }
    free(order);
    return ok;
}

static void unlock_groups(run_ctx *c)
{
    for (int g = 0; g < c->ngroups; g++) {
        if (c->groups[g].lock_fd >= 0) close(c->groups[g].lock_fd);
        c->groups[g].lock_fd = -1;
    }
}

/* Program version, fonts and the environment that changes output: part of every fingerprint. */
static void environment_fingerprint(char out[65])
{
    const char *data = kr_data_dir();
    char fonts[PATH_MAX], fonts_sha[65];
    snprintf(fonts, sizeof fonts, "%s/fonts", data ? data : ".");
    batch_tree_sha256(fonts, fonts_sha);
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    char *text = g_strdup_printf("version=%s\nfonts=%s\nsource_date_epoch=%s\n", KR_VERSION, fonts_sha, sde ? sde : "");
    char *sum = g_compute_checksum_for_string(G_CHECKSUM_SHA256, text, -1);
    snprintf(out, 65, "%s", sum);
    g_free(sum);
    g_free(text);
}

static bool is_failure(batch_status s)
{
    return s == BJ_FAILED || s == BJ_CRASHED || s == BJ_INTERRUPTED;
}

static const char *base_name(const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    return slash ? slash + 1 : path ? path : "";
}

static void progress_clear(const run_ctx *c)
{
    if (c->progress) fputs("\r\033[K", stderr);
}

static void progress_draw(const run_ctx *c)
{
    if (!c->progress || c->done >= c->total) return;
    double elapsed = now_seconds() - c->start;
    int eta = c->done ? (int)(elapsed / c->done * (c->total - c->done) + 0.5) : 0;
    fprintf(stderr, "[%d/%d] %d failed, ETA %d:%02d", c->done, c->total, c->failed, eta / 60, eta % 60);
    fflush(stderr);
}

/* One log line per job; failures are followed by their diagnostics, indented. */
static void log_job(const run_ctx *c, const batch_job *j)
{
    bool bad = is_failure(j->status);
    if (c->opt->quiet && !bad) return;
    progress_clear(c);
    char pages[16] = "-";
    if (j->pages > 0) snprintf(pages, sizeof pages, "%d", j->pages);
    fprintf(stderr, "%s %-11s %7.2f s %4s p  %s", stamp(), bad ? "FAILED" : batch_status_name(j->status),
            j->seconds, pages, j->path);
    if (j->pdf || j->xlsx) fprintf(stderr, " -> %s, %s", base_name(j->pdf), base_name(j->xlsx));
    if (bad) fprintf(stderr, " (%s, exit %d)", batch_status_name(j->status), j->exit_code);
    fputc('\n', stderr);
    const char *text = j->diagnostics && j->diagnostics[0] ? j->diagnostics : bad ? j->first_error : NULL;
    for (const char *p = text; p && *p && bad;) {
        size_t len = strcspn(p, "\n");
        fprintf(stderr, "    %.*s\n", (int)len, p);
        p += len + (p[len] == '\n');
    }
}

/* Records a finished job in its directory's state: a success with its fingerprint and outputs,
 * a failure by forgetting the job so that --changed-only runs it again. */
static void record_state(run_ctx *c, const batch_job *j)
{
    out_group *g = j->group >= 0 ? &c->groups[j->group] : NULL;
    if (!g || !g->usable || (j->status != BJ_OK && j->status != BJ_FAILED && j->status != BJ_CRASHED)) return;
    char *key = batch_state_key(j);
    if (j->status == BJ_OK && j->fingerprint[0] && j->pdf && j->xlsx) {
        char *value = g_strdup_printf("%s\t%s\t%s\t%s\t%s", j->fingerprint, j->pdf, j->pdf_sha, j->xlsx, j->xlsx_sha);
        batch_state_set(&g->state, key, value);
        g_free(value);
    } else {
        batch_state_set(&g->state, key, NULL);
    }
    free(key);
}

static void on_done(batch_job *j, void *ctx)
{
    run_ctx *c = ctx;
    c->done++;
    c->failed += is_failure(j->status);
    record_state(c, j);
    log_job(c, j);
    progress_draw(c);
    free(j->diagnostics); /* printed; the summary needs only the first error */
    j->diagnostics = NULL;
}

/* --changed-only: true (and the job filled in from the state) when its fingerprint matches the
 * last successful run and both outputs are still there. */
static bool unchanged(run_ctx *c, batch_job *j)
{
    if (j->group < 0) return false;
    char *key = batch_state_key(j);
    const char *value = batch_state_get(&c->groups[j->group].state, key);
    free(key);
    if (!value || !j->fingerprint[0]) return false;
    char **f = g_strsplit(value, "\t", 5);
    bool same = g_strv_length(f) == 5 && !strcmp(f[0], j->fingerprint) && access(f[1], R_OK) == 0 &&
                access(f[3], R_OK) == 0;
    if (same) {
        j->pdf = strdup(f[1]);
        j->xlsx = strdup(f[3]);
        snprintf(j->pdf_sha, sizeof j->pdf_sha, "%s", f[2]);
        snprintf(j->xlsx_sha, sizeof j->xlsx_sha, "%s", f[4]);
        j->status = BJ_SKIPPED;
        j->exit_code = 0;
    }
    g_strfreev(f);
    return same;
}

/* Loads state, removes stale temp files, and decides per job: run, skip (unchanged) or fail at
 * once (its output directory is unusable). Returns the queue of jobs to run (caller frees); the
 * others are no longer BJ_PENDING. */
static batch_job **prepare(run_ctx *c, int *nqueue)
{
    for (int g = 0; g < c->ngroups; g++) {
        out_group *grp = &c->groups[g];
        if (!grp->usable) continue;
        int removed = batch_remove_stale_temps(grp->dir);
        if (removed && !c->opt->quiet)
            fprintf(stderr, "%s batch: removed %d temporary file%s left by an interrupted run in %s\n", stamp(),
                    removed, removed == 1 ? "" : "s", grp->dir);
        batch_state_load(&grp->state, grp->dir);
    }
    char env_fp[65];
    environment_fingerprint(env_fp);
    batch_job **queue = malloc(((size_t)c->jobs->count + 1) * sizeof *queue);
    *nqueue = 0;
    for (int i = 0; queue && i < c->jobs->count; i++) {
        batch_job *j = &c->jobs->items[i];
        if (j->group >= 0 && !c->groups[j->group].usable) {
            j->status = BJ_FAILED;
            j->exit_code = KR_EXIT_OUTPUT;
            j->first_error = g_strdup_printf("output directory %s cannot be used", c->groups[j->group].dir);
            continue;
        }
        batch_fingerprint(j, env_fp);
        if (c->opt->changed_only && unchanged(c, j)) continue;
        queue[(*nqueue)++] = j;
    }
    return queue;
}

static int cmp_job_pdf(const void *a, const void *b)
{
    return strcmp((*(batch_job *const *)a)->pdf, (*(batch_job *const *)b)->pdf);
}

/* Two jobs naming the same institution write the same files; the last one wins. Say so. */
static void warn_shared_outputs(const run_ctx *c)
{
    batch_job **ok = malloc(((size_t)c->jobs->count + 1) * sizeof *ok);
    int n = 0;
    for (int i = 0; ok && i < c->jobs->count; i++)
        if (c->jobs->items[i].status == BJ_OK && c->jobs->items[i].pdf) ok[n++] = &c->jobs->items[i];
    if (ok) qsort(ok, (size_t)n, sizeof *ok, cmp_job_pdf);
    for (int i = 1; i < n; i++)
        if (!strcmp(ok[i - 1]->pdf, ok[i]->pdf))
            fprintf(stderr, "%s batch: warning: %s and %s both wrote %s; give them different names or "
                    "output directories\n", stamp(), ok[i - 1]->path, ok[i]->path, ok[i]->pdf);
    free(ok);
}

/* Writes the summaries and state files, removes temp files of killed writers. */
static void finish(run_ctx *c, const char *summary_name)
{
    for (int g = 0; g < c->ngroups; g++) {
        out_group *grp = &c->groups[g];
        if (!grp->usable) continue;
        batch_remove_stale_temps(grp->dir);
        if (!batch_state_save(&grp->state, grp->dir))
            fprintf(stderr, "%s batch: cannot write the state file in %s: %s\n", stamp(), grp->dir, strerror(errno));
        if (!batch_write_summary(grp->dir, summary_name, c->jobs->items, c->jobs->count, g))
            fprintf(stderr, "%s batch: cannot write %s in %s: %s\n", stamp(), summary_name, grp->dir, strerror(errno));
    }
}

static void free_ctx(run_ctx *c)
{
    unlock_groups(c);
    for (int g = 0; g < c->ngroups; g++) {
        free(c->groups[g].dir);
        batch_state_free(&c->groups[g].state);
    }
    free(c->groups);
    batch_list_free(c->jobs);
    free(c->opt->out_dir);
}

static int count_status(const batch_list *l, batch_status s)
{
    int n = 0;
    for (int i = 0; i < l->count; i++) n += l->items[i].status == s;
    return n;
}

static void log_totals(const run_ctx *c, int stopped_by)
{
    int n[6] = { 0 };
    for (int i = 0; i < c->jobs->count; i++) n[c->jobs->items[i].status]++;
    double secs = now_seconds() - c->start;
    if (c->opt->quiet && c->failed == 0 && !stopped_by) return;
    fprintf(stderr, "%s batch: %d ok, %d failed, %d unchanged, %d not run, in %.1f s (%.1f jobs/s)%s\n", stamp(),
            n[BJ_OK], n[BJ_FAILED] + n[BJ_CRASHED] + n[BJ_INTERRUPTED], n[BJ_SKIPPED], n[BJ_PENDING], secs,
            secs > 0 ? (n[BJ_OK] + n[BJ_FAILED] + n[BJ_CRASHED]) / secs : 0.0,
            stopped_by ? "; stopped by a signal" : "");
}

/* Builds the queued jobs on the workers, logs as they finish; returns the stop signal or 0. */
static int run_jobs(run_ctx *c)
{
    int nqueue = 0;
    batch_job **queue = prepare(c, &nqueue);
    int nworkers = c->opt->workers < nqueue ? c->opt->workers : nqueue;
    if (!c->opt->quiet)
        fprintf(stderr, "%s batch: %d job%s from %s: %d to build on %d worker%s, %d unchanged\n", stamp(),
                c->jobs->count, c->jobs->count == 1 ? "" : "s", c->opt->source, nqueue, nworkers,
                nworkers == 1 ? "" : "s", count_status(c->jobs, BJ_SKIPPED));
    for (int i = 0; i < c->jobs->count; i++) /* log lines of the jobs decided without running them */
        if (c->jobs->items[i].status != BJ_PENDING) on_done(&c->jobs->items[i], c);
    build_options bopt = { .out_dir_override = c->opt->out_dir };
    batch_pool_options po = { .workers = c->opt->workers, .build = &bopt, .run = build_run,
                              .grace_seconds = 5.0, .job_timeout = c->opt->timeout_seconds, .on_done = on_done, .ctx = c };
    int stopped_by = queue ? batch_pool_run(queue, nqueue, &po) : 0;
    free(queue);
    progress_clear(c);
    return stopped_by;
}

int batch_main(int argc, char **argv)
{
    batch_opts o;
    if (!parse_args(argc, argv, &o)) return KR_EXIT_USAGE;
    batch_list jobs = { 0 };
    char err[PATH_MAX + 200];
    if (!batch_find_jobs(o.source, &jobs, err, sizeof err)) {
        fprintf(stderr, "kaderrapport batch: %s\n", err);
        batch_list_free(&jobs);
        free(o.out_dir);
        return KR_EXIT_USAGE;
    }
    if (o.shard_count > 1) batch_shard(&jobs, o.shard_index, o.shard_count);
    run_ctx c = { .opt = &o, .jobs = &jobs, .start = now_seconds(), .total = jobs.count };
    c.progress = !o.quiet && isatty(STDERR_FILENO);
    assign_groups(&c);
    if (!lock_groups(&c)) {
        free_ctx(&c);
        return KR_EXIT_OUTPUT;
    }
    int stopped_by = run_jobs(&c);
    /* Shards may share an output directory; each keeps its own summary. */
    char summary_name[64] = "summary.csv";
    if (o.shard_count > 1)
        snprintf(summary_name, sizeof summary_name, "summary-shard-%d-of-%d.csv", o.shard_index, o.shard_count);
    finish(&c, summary_name);
    warn_shared_outputs(&c);
    log_totals(&c, stopped_by);
    int not_run = count_status(&jobs, BJ_PENDING);
    if (not_run && !stopped_by)
        fprintf(stderr, "%s batch: %d job%s could not be started (no worker processes)\n", stamp(), not_run,
                not_run == 1 ? "" : "s");
    int rc = stopped_by ? 128 + stopped_by : (c.failed || not_run) ? KR_EXIT_BATCH_PARTIAL : KR_EXIT_OK;
    free_ctx(&c);
    return rc;
}
