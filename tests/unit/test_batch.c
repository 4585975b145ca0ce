/* Unit tests of the batch pieces: finding jobs, shards, state and summary files, temp-file
 * cleanup, fingerprints, and the worker pool run with a stand-in for build_run (failures,
 * crashes, stop signals, reaping). */
#include "batch_impl.h"
#include "unit.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static char tmpdir[256];

static void write_file(const char *rel, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/%s", tmpdir, rel);
    for (char *p = path + strlen(tmpdir) + 1; *p; p++)
        if (*p == '/') {
            *p = '\0';
            mkdir(path, 0777);
            *p = '/';
        }
    FILE *f = fopen(path, "w");
    if (!f) return;
    fputs(text, f);
    fclose(f);
}

static void make_tmpdir(void)
{
    snprintf(tmpdir, sizeof tmpdir, "/tmp/kr-test-batch-XXXXXX");
    if (!mkdtemp(tmpdir)) abort();
}

static void remove_tmpdir(void)
{
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
    if (system(cmd) != 0) fprintf(stderr, "  could not remove %s\n", tmpdir);
}

static const char *rel(const char *path)
{
    size_t n = strlen(tmpdir);
    return strncmp(path, tmpdir, n) ? path : path + n + 1;
}

static void test_shard_parse(void)
{
    int i, n;
    CHECK(batch_parse_shard("0/1", &i, &n) && i == 0 && n == 1);
    CHECK(batch_parse_shard("2/3", &i, &n) && i == 2 && n == 3);
    CHECK(!batch_parse_shard("3/3", &i, &n));
    CHECK(!batch_parse_shard("-1/3", &i, &n));
    CHECK(!batch_parse_shard("1/0", &i, &n));
    CHECK(!batch_parse_shard("1/", &i, &n));
    CHECK(!batch_parse_shard("1/2x", &i, &n));
    CHECK(!batch_parse_shard("a/2", &i, &n));
}

static void test_find_dir(void)
{
    make_tmpdir();
    const char *job = "[instelling]\nnaam = X\n";
    write_file("b/rapport.ini", job);
    write_file("a/z.ini", "; comment\n  [Instelling]\n");
    write_file("a/b.ini", job);
    write_file("layouts/standaard.ini", "[pagina]\nformaat = A4\n");
    write_file(".hidden/rapport.ini", job);
    write_file("c/other.ini", "[pagina]\n");
    write_file("c/notes.txt", job);
    batch_list l = { 0 };
    char err[256];
    CHECK(batch_find_jobs(tmpdir, &l, err, sizeof err));
    CHECK_INT(l.count, 3);
    if (l.count == 3) {
        CHECK_STR(rel(l.items[0].path), "a/b.ini");
        CHECK_STR(rel(l.items[1].path), "a/z.ini");
        CHECK_STR(rel(l.items[2].path), "b/rapport.ini");
    }
    batch_list_free(&l);
    char empty[300];
    snprintf(empty, sizeof empty, "%s/c", tmpdir);
    CHECK(!batch_find_jobs(empty, &l, err, sizeof err));
    CHECK(strstr(err, "no job files") != NULL);
    batch_list_free(&l);
    remove_tmpdir();
}

static void test_find_manifest(void)
{
    make_tmpdir();
    write_file("jobs/x/rapport.ini", "[instelling]\n");
    write_file("jobs/y/rapport.ini", "[instelling]\n");
    write_file("list.csv", "job;opmerking\n# skipped\njobs/y/rapport.ini;eerst\n\"jobs/x/rapport.ini\"\n"
                           "jobs/./y/rapport.ini\njobs/missing.ini\n");
    char manifest[300], err[256];
    snprintf(manifest, sizeof manifest, "%s/list.csv", tmpdir);
    batch_list l = { 0 };
    CHECK(batch_find_jobs(manifest, &l, err, sizeof err));
    CHECK_INT(l.count, 3); /* y, x, missing (kept: its run reports the problem); duplicate dropped */
    if (l.count == 3) {
        CHECK_STR(rel(l.items[0].path), "jobs/y/rapport.ini");
        CHECK_STR(rel(l.items[1].path), "jobs/x/rapport.ini");
        CHECK_STR(rel(l.items[2].path), "jobs/missing.ini");
    }
    batch_list_free(&l);
    remove_tmpdir();
}

static void test_shard_partition(void)
{
    for (int n = 1; n <= 6; n++) {
        int seen[23] = { 0 };
        for (int i = 0; i < n; i++) {
            batch_list l = { 0 };
            for (int k = 0; k < 23; k++) {
                char name[16];
                snprintf(name, sizeof name, "%02d", k);
                batch_list_add(&l, name);
            }
            batch_shard(&l, i, n);
            for (int k = 0; k < l.count; k++) {
                int id = atoi(l.items[k].path);
                CHECK_INT(id % n, i);
                seen[id]++;
            }
            batch_list_free(&l);
        }
        for (int k = 0; k < 23; k++) CHECK_INT(seen[k], 1);
    }
}

static void test_state_roundtrip(void)
{
    make_tmpdir();
    batch_state s = { 0 };
    char fp1[65], fp2[65];
    memset(fp1, 'a', 64);
    fp1[64] = '\0';
    memset(fp2, 'b', 64);
    fp2[64] = '\0';
    batch_state_set(&s, "/jobs/two.ini", fp2);
    batch_state_set(&s, "/jobs/one.ini", fp1);
    batch_state_set(&s, "/jobs/gone.ini", fp1);
    batch_state_set(&s, "/jobs/gone.ini", NULL);
    batch_state_set(&s, "/bad\tkey", fp1);
    CHECK(batch_state_save(&s, tmpdir));
    batch_state_free(&s);
    batch_state_load(&s, tmpdir);
    CHECK_INT(s.count, 2);
    CHECK_STR(batch_state_get(&s, "/jobs/one.ini"), fp1);
    CHECK_STR(batch_state_get(&s, "/jobs/two.ini"), fp2);
    CHECK(batch_state_get(&s, "/jobs/gone.ini") == NULL);
    batch_state_free(&s);
    remove_tmpdir();
}

static void test_summary_csv(void)
{
    make_tmpdir();
    batch_list l = { 0 };
    batch_job *a = batch_list_add(&l, "a/rapport.ini");
    a->status = BJ_OK;
    a->exit_code = 0;
    a->pages = 12;
    a->seconds = 1.5;
    a->pdf = strdup("/out/a-2025.pdf");
    a->xlsx = strdup("/out/a-2025.xlsx");
    strcpy(a->pdf_sha, "00ff");
    batch_job *b = batch_list_add(&l, "b,\"x\"/rapport.ini");
    b->status = BJ_FAILED;
    b->exit_code = 1;
    b->first_error = strdup("begroting.csv:3:6: amount \"12,5O\" is not a number");
    batch_list_add(&l, "c/rapport.ini");
    CHECK(batch_write_summary(tmpdir, "summary.csv", l.items, l.count, -1));
    char path[300], text[2048] = "";
    snprintf(path, sizeof path, "%s/summary.csv", tmpdir);
    FILE *f = fopen(path, "r");
    size_t n = f ? fread(text, 1, sizeof text - 1, f) : 0;
    text[n] = '\0';
    if (f) fclose(f);
    CHECK_STR(text, "job,status,exit_code,seconds,pages,pdf,pdf_sha256,xlsx,xlsx_sha256,first_error\n"
                    "a/rapport.ini,ok,0,1.500,12,a-2025.pdf,00ff,a-2025.xlsx,,\n"
                    "\"b,\"\"x\"\"/rapport.ini\",failed,1,0.000,,,,,,\"begroting.csv:3:6: amount \"\"12,5O\"\" is not a number\"\n"
                    "c/rapport.ini,not-run,,,,,,,,\n");
    batch_list_free(&l);
    remove_tmpdir();
}

static void test_stale_temps(void)
{
    make_tmpdir();
    write_file(".x-2025.pdf.tmp-AbC123", "partial");
    write_file(".summary.csv.tmp-zzzzzz", "partial");
    write_file("x-2025.pdf", "%PDF");
    write_file(".kaderrapport.lock", "");
    write_file("notes.tmp-AbC123", "not ours: no leading dot");
    CHECK_INT(batch_remove_stale_temps(tmpdir), 2);
    char path[300];
    snprintf(path, sizeof path, "%s/x-2025.pdf", tmpdir);
    CHECK(access(path, F_OK) == 0);
    snprintf(path, sizeof path, "%s/notes.tmp-AbC123", tmpdir);
    CHECK(access(path, F_OK) == 0);
    remove_tmpdir();
}

static void test_sha256(void)
{
    make_tmpdir();
    write_file("abc", "abc");
    char path[300], hex[65];
    snprintf(path, sizeof path, "%s/abc", tmpdir);
    CHECK(batch_file_sha256(path, hex));
    CHECK_STR(hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    snprintf(path, sizeof path, "%s/none", tmpdir);
    CHECK(!batch_file_sha256(path, hex));
    remove_tmpdir();
}

static void test_fingerprint(void)
{
    make_tmpdir();
    write_file("j/rapport.ini", "[instelling]\nnaam = Hogeschool Test\nsector = hbo\n[rapport]\njaar = 2025\n"
                                "jaren = 2024-2025\n[invoer]\nbegroting = b.csv\ntoewijzing = t.csv\n");
    write_file("j/b.csv", "jaar;soort;regel;categorie;bron;bedrag\n2025;begroting;A;;kadermiddelen;100\n");
    write_file("j/t.csv", "type;sleutel;subthema;gewicht\nregel;A;1.1;100\n");
    batch_list l = { 0 };
    char path[300];
    snprintf(path, sizeof path, "%s/j/rapport.ini", tmpdir);
    batch_job *j = batch_list_add(&l, path);
    batch_fingerprint(j, "env");
    char first[65];
    snprintf(first, sizeof first, "%s", j->fingerprint);
    CHECK_INT(strlen(first), 64);
    batch_fingerprint(j, "env");
    CHECK_STR(j->fingerprint, first);
    batch_fingerprint(j, "other program version");
    CHECK(strcmp(j->fingerprint, first) != 0);
    write_file("j/b.csv", "jaar;soort;regel;categorie;bron;bedrag\n2025;begroting;A;;kadermiddelen;101\n");
    batch_fingerprint(j, "env");
    CHECK(strcmp(j->fingerprint, first) != 0);
    /* A file the layout names (a logo) is part of the fingerprint too. */
    write_file("j/lay.ini", "[logo]\nbestand = \"logo.png\" ; comment\n");
    write_file("j/logo.png", "one");
    write_file("j/rapport.ini", "[instelling]\nnaam = Hogeschool Test\nsector = hbo\n[rapport]\njaar = 2025\n"
                                "jaren = 2024-2025\nlayout = lay.ini\n[invoer]\nbegroting = b.csv\ntoewijzing = t.csv\n");
    batch_fingerprint(j, "env");
    snprintf(first, sizeof first, "%s", j->fingerprint);
    write_file("j/logo.png", "two");
    batch_fingerprint(j, "env");
    CHECK(first[0] && strcmp(j->fingerprint, first) != 0);
    write_file("j/rapport.ini", "not an ini [[[\n");
    batch_fingerprint(j, "env");
    CHECK_STR(j->fingerprint, "");
    batch_list_free(&l);
    remove_tmpdir();
}

/* --- the pool, with a stand-in runner --- */

static int fake_run(const char *job_path, const build_options *opt, diag_list *d, build_result *res)
{
    (void)opt;
    memset(res, 0, sizeof *res);
    if (strstr(job_path, "crash")) abort();
    if (strstr(job_path, "hang")) sleep(30); /* stopped by the job timeout long before */
    if (strstr(job_path, "slow")) {
        struct timespec ts = { 0, 300 * 1000 * 1000 };
        nanosleep(&ts, NULL);
    }
    if (strstr(job_path, "fail")) {
        srcloc loc = { "begroting.csv", NULL, 14, 6 };
        diag_error(d, loc, "write amounts like 1.219.092,50", "amount \"12,5O\" is not a number");
        snprintf(res->first_error, sizeof res->first_error, "begroting.csv:14:6: amount \"12,5O\" is not a number");
        res->exit_code = KR_EXIT_INPUT;
        return KR_EXIT_INPUT;
    }
    snprintf(res->pdf_path, sizeof res->pdf_path, "%s/%s.pdf", tmpdir, job_path);
    snprintf(res->xlsx_path, sizeof res->xlsx_path, "%s/%s.xlsx", tmpdir, job_path);
    FILE *f = fopen(res->pdf_path, "w");
    if (f) {
        fprintf(f, "pid %d", (int)getpid()); /* differs per worker: lets the test count workers */
        fclose(f);
    }
    f = fopen(res->xlsx_path, "w");
    if (f) fclose(f);
    res->pages = 7;
    res->seconds = 0.01;
    return KR_EXIT_OK;
}

typedef struct done_log {
    int calls;
    int stop_after; /* raise SIGTERM after this many results; 0: never */
} done_log;

static void count_done(batch_job *j, void *ctx)
{
    (void)j;
    done_log *log = ctx;
    if (++log->calls == log->stop_after) kill(getpid(), SIGTERM);
}

static void run_pool_timeout(batch_list *l, int workers, done_log *log, int timeout)
{
    batch_job **queue = malloc((size_t)l->count * sizeof *queue);
    for (int i = 0; i < l->count; i++) queue[i] = &l->items[i];
    build_options bopt = { 0 };
    batch_pool_options o = { .workers = workers, .build = &bopt, .run = fake_run, .grace_seconds = 2.0,
                             .job_timeout = timeout, .on_done = count_done, .ctx = log };
    int sig = batch_pool_run(queue, l->count, &o);
    CHECK_INT(sig, log->stop_after ? SIGTERM : 0);
    free(queue);
}

static void run_pool(batch_list *l, int workers, done_log *log)
{
    run_pool_timeout(l, workers, log, 0);
}

static bool no_children_left(void)
{
    return waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD;
}

static void test_pool_isolates_failures(void)
{
    make_tmpdir();
    batch_list l = { 0 };
    const char *names[] = { "j01", "j02-fail", "j03", "j04-crash", "j05", "j06", "j07-fail", "j08", "j09", "j10" };
    for (int i = 0; i < 10; i++) batch_list_add(&l, names[i]);
    done_log log = { 0, 0 };
    run_pool(&l, 3, &log);
    CHECK_INT(log.calls, 10);
    for (int i = 0; i < 10; i++) {
        batch_job *j = &l.items[i];
        batch_status want = strstr(j->path, "crash") ? BJ_CRASHED : strstr(j->path, "fail") ? BJ_FAILED : BJ_OK;
        CHECK_INT(j->status, want);
        if (want == BJ_OK) {
            CHECK_INT(j->pages, 7);
            CHECK_INT(strlen(j->pdf_sha), 64);
            CHECK(j->pdf && strstr(j->pdf, j->path));
        }
        if (want == BJ_FAILED) {
            CHECK_INT(j->exit_code, KR_EXIT_INPUT);
            CHECK(j->diagnostics && strstr(j->diagnostics, "12,5O") && strstr(j->diagnostics, "hint"));
            CHECK(j->first_error && strstr(j->first_error, "begroting.csv:14:6"));
        }
        if (want == BJ_CRASHED) CHECK(j->first_error && strstr(j->first_error, "signal 6"));
    }
    CHECK(no_children_left());
    batch_list_free(&l);
    remove_tmpdir();
}

/* A job that hangs is stopped after the timeout and reported; the other jobs still run. */
static void test_pool_job_timeout(void)
{
    make_tmpdir();
    batch_list l = { 0 };
    const char *names[] = { "t01", "t02-hang", "t03", "t04" };
    for (int i = 0; i < 4; i++) batch_list_add(&l, names[i]);
    done_log log = { 0, 0 };
    run_pool_timeout(&l, 2, &log, 1);
    CHECK_INT(log.calls, 4);
    CHECK_INT(l.items[1].status, BJ_CRASHED);
    CHECK(l.items[1].first_error && strstr(l.items[1].first_error, "longer than 1 seconds"));
    CHECK_INT(l.items[0].status, BJ_OK);
    CHECK_INT(l.items[3].status, BJ_OK);
    CHECK(no_children_left());
    batch_list_free(&l);
    remove_tmpdir();
}

/* Workers are reused: 12 jobs on 2 workers are built by at most 2 (+1 replacement) processes. */
static void test_pool_reuses_workers(void)
{
    make_tmpdir();
    batch_list l = { 0 };
    for (int i = 0; i < 12; i++) {
        char name[16];
        snprintf(name, sizeof name, "r%02d", i);
        batch_list_add(&l, name);
    }
    done_log log = { 0, 0 };
    run_pool(&l, 2, &log);
    char pids[12][32];
    int distinct = 0;
    for (int i = 0; i < 12; i++) {
        pids[i][0] = '\0';
        FILE *f = l.items[i].pdf ? fopen(l.items[i].pdf, "r") : NULL;
        if (f) {
            if (!fgets(pids[i], sizeof pids[i], f)) pids[i][0] = '\0';
            fclose(f);
        }
        bool seen = false;
        for (int k = 0; k < i; k++) seen |= !strcmp(pids[k], pids[i]);
        distinct += !seen;
        CHECK_INT(l.items[i].status, BJ_OK);
    }
    CHECK(distinct >= 1 && distinct <= 2);
    CHECK(no_children_left());
    batch_list_free(&l);
    remove_tmpdir();
}

static void test_pool_stops_on_signal(void)
{
    make_tmpdir();
    batch_list l = { 0 };
    for (int i = 0; i < 20; i++) {
        char name[16];
        snprintf(name, sizeof name, "slow%02d", i);
        batch_list_add(&l, name);
    }
    done_log log = { 0, 3 };
    run_pool(&l, 2, &log);
    int ok = 0, pending = 0, other = 0;
    for (int i = 0; i < l.count; i++) {
        batch_status s = l.items[i].status;
        ok += s == BJ_OK;
        pending += s == BJ_PENDING;
        other += s != BJ_OK && s != BJ_PENDING;
    }
    if (ok < 3 || ok > 5 || other) fprintf(stderr, "  ok %d pending %d other %d\n", ok, pending, other);
    /* The running job of each worker finished within the grace period; nothing new started. */
    CHECK(ok >= 3 && ok <= 5);
    CHECK_INT(other, 0);
    CHECK_INT(ok + pending, 20);
    CHECK(no_children_left());
    batch_list_free(&l);
    remove_tmpdir();
}

UNIT_MAIN("batch", T(test_shard_parse), T(test_find_dir), T(test_find_manifest), T(test_shard_partition),
          T(test_state_roundtrip), T(test_summary_csv), T(test_stale_temps), T(test_sha256), T(test_fingerprint),
          T(test_pool_isolates_failures), T(test_pool_job_timeout), T(test_pool_reuses_workers), T(test_pool_stops_on_signal))
