/* Internals of `kaderrapport batch`, shared by batch.c (command), batch_jobs.c (finding jobs),
 * batch_state.c (hashes, state file, summary) and batch_pool.c (worker processes). Not a public
 * interface: only these files and their unit test use it. */
#ifndef KR_BATCH_IMPL_H
#define KR_BATCH_IMPL_H

#include "build.h"

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>

typedef enum {
    BJ_PENDING,     /* not run (yet): the batch stopped before reaching it */
    BJ_OK,
    BJ_FAILED,      /* build_run returned an error exit code */
    BJ_CRASHED,     /* its worker died while building it */
    BJ_SKIPPED,     /* --changed-only: unchanged since the last successful run */
    BJ_INTERRUPTED  /* running when the batch was stopped */
} batch_status;

typedef struct batch_job {
    char *path;            /* job file as found or listed (owned) */
    char *out_dir;         /* absolute output directory, NULL when the job file is unreadable */
    int group;             /* index of its output directory in the run */
    char fingerprint[65];  /* content hash of everything the outputs depend on, "" if unknown */
    batch_status status;
    int exit_code;
    int pages;
    double seconds;
    char *pdf, *xlsx;      /* output paths (owned), NULL when nothing was written */
    char pdf_sha[65], xlsx_sha[65];
    char *first_error;     /* owned, may be NULL */
    char *diagnostics;     /* printed diagnostics (owned), may be NULL */
} batch_job;

typedef struct batch_list {
    batch_job *items;
    int count, cap;
} batch_list;

/* --- batch_jobs.c --- */

/* Fills `out` with the job files under a directory (recursively, sorted bytewise, skipping
 * hidden folders, folders named layouts and INI files without an [instelling] or [invoer]
 * section) or listed in a manifest file (one job path per line, first CSV field, relative to
 * the manifest; '#' comments and a header line are skipped; order kept). Duplicates are
 * dropped. Returns false with a message in err when nothing usable was found. */
bool batch_find_jobs(const char *dir_or_manifest, batch_list *out, char *err, size_t errsize);

/* True when the INI file looks like a job (has an [instelling] or [invoer] section). */
bool batch_is_job_file(const char *path);

/* Parses "I/N" (0 <= I < N <= 100000). */
bool batch_parse_shard(const char *text, int *index, int *count);

/* Keeps the jobs at positions k with k % count == index, in order; frees the others. */
void batch_shard(batch_list *l, int index, int count);

batch_job *batch_list_add(batch_list *l, const char *path);
void batch_list_free(batch_list *l);
void batch_job_clear_result(batch_job *j);

/* --- batch_state.c --- */

/* SHA-256 of a file as 64 lowercase hex digits. Returns false when it cannot be read. */
bool batch_file_sha256(const char *path, char out[65]);

/* Hash over the files of a folder tree (names and contents, sorted), for fonts/ and the like.
 * A missing folder hashes as empty. */
void batch_tree_sha256(const char *dir, char out[65]);

/* Sets j->fingerprint from the job file, its inputs, its layout and the files the layout names,
 * `env_fp` (program version, fonts, environment) and j->out_dir. Leaves it "" when the job file
 * cannot be loaded. */
void batch_fingerprint(batch_job *j, const char *env_fp);

/* The state file of an output directory: job key -> value of its last successful run; the value
 * starts with the 64-digit fingerprint (batch.c appends the outputs and their hashes). */
typedef struct batch_state {
    char **keys, **values;
    int count, cap;
} batch_state;

void batch_state_load(batch_state *s, const char *dir);
const char *batch_state_get(const batch_state *s, const char *key);
void batch_state_set(batch_state *s, const char *key, const char *value); /* value NULL: remove */
/* Writes the state atomically; returns false on an I/O error. */
bool batch_state_save(const batch_state *s, const char *dir);
void batch_state_free(batch_state *s);

/* Key of a job in the state file: its absolute path. Caller frees. */
char *batch_state_key(const batch_job *j);

/* Writes DIR/NAME (atomically), a CSV with one row per job of one group (`group` < 0: all jobs):
 * job,status,exit_code,seconds,pages,pdf,pdf_sha256,xlsx,xlsx_sha256,first_error. */
bool batch_write_summary(const char *dir, const char *name, const batch_job *jobs, int n, int group);

const char *batch_status_name(batch_status s);

/* --- batch_pool.c --- */

typedef int (*batch_runner)(const char *job_path, const build_options *opt, diag_list *d, build_result *res);

typedef struct batch_pool_options {
    int workers;                 /* worker processes, at least 1 */
    const build_options *build;  /* passed to every run */
    batch_runner run;            /* build_run, or a stand-in in tests */
    double grace_seconds;        /* after a stop request, how long running jobs may finish */
    int job_timeout;             /* seconds one job may run before its worker is stopped; 0 = none */
    void (*on_done)(batch_job *j, void *ctx); /* in the parent, after each job */
    void *ctx;
} batch_pool_options;

/* Runs the jobs in `queue` (pointers into the caller's list) on worker processes forked from
 * this one; each worker runs jobs one after another, so setup done by the runner is reused.
 * A worker that dies is replaced. SIGINT/SIGTERM stop dispatching, let running jobs finish for
 * grace_seconds, then kill and reap every worker. Returns 0, or the signal that stopped the run. */
int batch_pool_run(batch_job **queue, int n, const batch_pool_options *o);

/* (batch_state.c) Removes temporary files left beside outputs by killed writers (".NAME.tmp-XXXXXX").
 * Only call while holding the directory's lock. Returns how many were removed. */
int batch_remove_stale_temps(const char *dir);

#endif
