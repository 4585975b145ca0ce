/* Worker processes for a batch: fork a few workers, hand each one job at a time over a socket
 * pair, collect results, replace workers that die, and on SIGINT/SIGTERM stop cleanly (let
 * running jobs finish for a grace period, then kill and reap). Knows nothing of logging. */
#include "batch_impl.h"
#include "doc/doc.h"

#include <errno.h>
#include <poll.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define DIAG_MAX 32768 /* diagnostics text sent back per job; the rest is cut */

typedef struct result_head {
    int32_t index;
    int32_t exit_code, pages;
    double seconds;
    char pdf_sha[65], xlsx_sha[65];
    uint32_t len[4]; /* pdf path, xlsx path, first error, diagnostics; each sent without NUL */
} result_head;

#define MSG_MAX (sizeof(result_head) + 4096 * 2 + 512 + DIAG_MAX)

typedef struct worker {
    pid_t pid;
    int fd;         /* parent's end of the socket pair, -1 when retired */
    int job;        /* queue index in flight, -1 when idle */
    double started; /* when that job was handed out */
} worker;

static volatile sig_atomic_t parent_stop, parent_stop_count;
static volatile sig_atomic_t worker_stop;

static void on_parent_signal(int sig)
{
    parent_stop = sig;
    parent_stop_count++;
}

static void on_worker_signal(int sig)
{
    (void)sig;
    worker_stop = 1;
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* --- worker side --- */

static size_t put(char *buf, size_t at, const char *text, size_t max, uint32_t *len)
{
    size_t n = text ? strnlen(text, max) : 0;
    memcpy(buf + at, text ? text : "", n);
    *len = (uint32_t)n;
    return at + n;
}

/* Runs one job and sends its result; a send error (the parent is gone) is ignored. */
static void worker_run_one(int fd, int32_t index, const batch_job *j, const batch_pool_options *o, char *buf)
{
    diag_list d;
    diag_init(&d);
    build_result res;
    memset(&res, 0, sizeof res);
    result_head h;
    memset(&h, 0, sizeof h);
    h.index = index;
    /* A hung job must not stall a cron run: SIGALRM ends this worker, the parent reports the job
     * and starts a new worker; build_run's temporary files are removed by the next batch. */
    if (o->job_timeout > 0) alarm((unsigned)o->job_timeout);
    h.exit_code = o->run(j->path, o->build, &d, &res);
    alarm(0);
    h.pages = res.pages;
    h.seconds = res.seconds;
    if (h.exit_code == KR_EXIT_OK && res.pdf_path[0]) batch_file_sha256(res.pdf_path, h.pdf_sha);
    if (h.exit_code == KR_EXIT_OK && res.xlsx_path[0]) batch_file_sha256(res.xlsx_path, h.xlsx_sha);
    char *text = NULL;
    size_t text_len = 0;
    FILE *mem = open_memstream(&text, &text_len);
    if (mem) {
        diag_print(&d, mem, false);
        fclose(mem);
    }
    size_t at = sizeof h;
    at = put(buf, at, res.pdf_path, 4096, &h.len[0]);
    at = put(buf, at, res.xlsx_path, 4096, &h.len[1]);
    at = put(buf, at, res.first_error, sizeof res.first_error, &h.len[2]);
    at = put(buf, at, text, DIAG_MAX, &h.len[3]);
    memcpy(buf, &h, sizeof h);
    send(fd, buf, at, MSG_NOSIGNAL);
    free(text);
    diag_free(&d);
}

static void worker_signals(void)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_worker_signal; /* no SA_RESTART: a waiting recv returns EINTR */
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    signal(SIGPIPE, SIG_IGN);
    sigset_t all;
    sigemptyset(&all);
    sigaddset(&all, SIGINT);
    sigaddset(&all, SIGTERM);
    sigprocmask(SIG_UNBLOCK, &all, NULL);
}

/* The worker's loop: receive a queue index, run it, reply; stop on EOF, -1 or a stop signal.
 * Finishing the running job on SIGTERM is what keeps outputs whole: build_run renames only
 * complete files into place. */
static void worker_main(int fd, batch_job **queue, int n, const batch_pool_options *o)
{
    worker_stop = 0;
    worker_signals();
    /* a render's second thread only pays when there are cores to spare */
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    doc_set_threads(o->workers == 1 || 2L * o->workers <= cpus);
    char *buf = malloc(MSG_MAX);
    while (buf && !worker_stop) {
        int32_t index;
        ssize_t r = recv(fd, &index, sizeof index, 0);
        if (r < 0 && errno == EINTR) continue;
        if (r != (ssize_t)sizeof index || index < 0 || index >= n) break;
        worker_run_one(fd, index, queue[index], o, buf);
    }
    free(buf);
    fflush(NULL);
    _exit(0);
}

/* --- parent side --- */

static bool spawn(worker *ws, int nw, int w, batch_job **queue, int n, const batch_pool_options *o)
{
    int sv[2];
    if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) != 0) return false;
    fflush(NULL);
    pid_t pid = fork();
    if (pid < 0) {
        close(sv[0]);
        close(sv[1]);
        return false;
    }
    if (pid == 0) {
        /* Close the other workers' parent ends, so each worker sees EOF when the parent dies. */
        for (int i = 0; i < nw; i++)
            if (ws[i].fd >= 0) close(ws[i].fd);
        close(sv[0]);
        worker_main(sv[1], queue, n, o);
    }
    close(sv[1]);
    ws[w] = (worker){ pid, sv[0], -1, 0 };
    return true;
}

static bool dispatch(worker *w, int32_t index)
{
    if (send(w->fd, &index, sizeof index, MSG_NOSIGNAL) != (ssize_t)sizeof index) return false;
    w->job = index;
    w->started = now_seconds();
    return true;
}

static void retire(worker *w)
{
    if (w->fd >= 0) close(w->fd);
    w->fd = -1;
}

static char *dup_n(const char *p, uint32_t n)
{
    return n ? strndup(p, n) : NULL;
}

/* Stores a received result in its job. Returns false for a malformed message. */
static bool store_result(batch_job **queue, int n, const char *buf, size_t size)
{
    result_head h;
    if (size < sizeof h) return false;
    memcpy(&h, buf, sizeof h);
    size_t total = sizeof h + (size_t)h.len[0] + h.len[1] + h.len[2] + h.len[3];
    if (h.index < 0 || h.index >= n || total != size) return false;
    batch_job *j = queue[h.index];
    batch_job_clear_result(j);
    const char *p = buf + sizeof h;
    j->pdf = dup_n(p, h.len[0]);
    p += h.len[0];
    j->xlsx = dup_n(p, h.len[1]);
    p += h.len[1];
    j->first_error = dup_n(p, h.len[2]);
    p += h.len[2];
    j->diagnostics = dup_n(p, h.len[3]);
    memcpy(j->pdf_sha, h.pdf_sha, sizeof j->pdf_sha);
    memcpy(j->xlsx_sha, h.xlsx_sha, sizeof j->xlsx_sha);
    j->pdf_sha[64] = j->xlsx_sha[64] = '\0';
    j->exit_code = h.exit_code;
    j->pages = h.pages;
    j->seconds = h.seconds;
    j->status = h.exit_code == KR_EXIT_OK ? BJ_OK : BJ_FAILED;
    return true;
}

/* Marks the job of a worker that ended without answering. */
static void mark_lost(worker *w, batch_job **queue, batch_status status, int wstatus, const batch_pool_options *o)
{
    if (w->job < 0) return;
    batch_job *j = queue[w->job];
    batch_job_clear_result(j);
    j->status = status;
    j->exit_code = status == BJ_CRASHED ? KR_EXIT_INTERNAL : -1;
    j->seconds = now_seconds() - w->started;
    char msg[160];
    if (status == BJ_INTERRUPTED)
        snprintf(msg, sizeof msg, "stopped before the job finished; its previous outputs are unchanged");
    else if (WIFSIGNALED(wstatus) && WTERMSIG(wstatus) == SIGALRM)
        snprintf(msg, sizeof msg, "the job took longer than %d seconds and was stopped; its previous outputs are unchanged",
                 o->job_timeout);
    else if (WIFSIGNALED(wstatus))
        snprintf(msg, sizeof msg, "the worker building this job died of signal %d (%s)", WTERMSIG(wstatus),
                 strsignal(WTERMSIG(wstatus)));
    else
        snprintf(msg, sizeof msg, "the worker building this job exited unexpectedly (status %d)",
                 WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : -1);
    j->first_error = strdup(msg);
    w->job = -1;
    if (o->on_done) o->on_done(j, o->ctx);
}

typedef struct pool {
    worker *ws;
    int nw;
    batch_job **queue;
    int n, next;
    const batch_pool_options *o;
    char *buf;
    bool stopping;
    double deadline;
} pool;

/* True when a stop signal arrived. Signals are blocked outside ppoll, so one may be pending:
 * take it now, so that no new job is handed out and the run does not end with it unhandled. */
static bool stop_requested(void)
{
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGTERM);
    struct timespec zero = { 0, 0 };
    int sig;
    while ((sig = sigtimedwait(&set, NULL, &zero)) > 0) on_parent_signal(sig);
    return parent_stop != 0;
}

/* Gives worker w the next job, or retires it when there is none (or we are stopping). */
static void feed(pool *p, int w)
{
    worker *wk = &p->ws[w];
    if (!p->stopping && !stop_requested() && p->next < p->n && dispatch(wk, p->next)) {
        p->next++;
        return;
    }
    retire(wk);
}

/* A worker whose socket ended: reap it, mark its job crashed, and start a replacement. */
static void worker_died(pool *p, int w)
{
    worker *wk = &p->ws[w];
    int status = 0;
    retire(wk);
    while (waitpid(wk->pid, &status, 0) < 0 && errno == EINTR) {}
    wk->pid = 0;
    mark_lost(wk, p->queue, p->stopping ? BJ_INTERRUPTED : BJ_CRASHED, status, p->o);
    if (!p->stopping && p->next < p->n && spawn(p->ws, p->nw, w, p->queue, p->n, p->o)) feed(p, w);
}

static void on_readable(pool *p, int w)
{
    worker *wk = &p->ws[w];
    ssize_t r = recv(wk->fd, p->buf, MSG_MAX, MSG_TRUNC);
    if (r < 0 && errno == EINTR) return;
    if (r <= 0) {
        worker_died(p, w);
        return;
    }
    if (r <= (ssize_t)MSG_MAX && store_result(p->queue, p->n, p->buf, (size_t)r) && wk->job >= 0) {
        batch_job *j = p->queue[wk->job];
        wk->job = -1;
        if (p->o->on_done) p->o->on_done(j, p->o->ctx);
    }
    feed(p, w);
}

/* First stop request: no new jobs, idle workers retire, running ones get SIGTERM and a grace
 * period. A second request, or the end of the grace period, kills what is left. */
static void begin_stop(pool *p)
{
    p->stopping = true;
    p->deadline = now_seconds() + (parent_stop_count > 1 ? 0 : p->o->grace_seconds);
    for (int w = 0; w < p->nw; w++) {
        if (p->ws[w].pid <= 0) continue;
        if (p->ws[w].job < 0) retire(&p->ws[w]);
        kill(p->ws[w].pid, SIGTERM);
    }
}

static void kill_all(pool *p)
{
    for (int w = 0; w < p->nw; w++) {
        worker *wk = &p->ws[w];
        if (wk->pid <= 0) continue;
        kill(wk->pid, SIGKILL);
        int status = 0;
        while (waitpid(wk->pid, &status, 0) < 0 && errno == EINTR) {}
        wk->pid = 0;
        retire(wk);
        mark_lost(wk, p->queue, BJ_INTERRUPTED, status, p->o);
    }
}

/* Reaps every worker: idle ones exit on the closed socket; one still holding a job (the loop
 * ended abnormally) is killed and its job marked interrupted. */
static void reap_all(pool *p)
{
    for (int w = 0; w < p->nw; w++) {
        worker *wk = &p->ws[w];
        if (wk->pid <= 0) continue;
        if (wk->job >= 0) kill(wk->pid, SIGKILL);
        retire(wk);
        int status = 0;
        while (waitpid(wk->pid, &status, 0) < 0 && errno == EINTR) {}
        wk->pid = 0;
        mark_lost(wk, p->queue, BJ_INTERRUPTED, status, p->o);
    }
}

/* Waits for results until every dispatched job has answered and nothing is left to give out. */
static void event_loop(pool *p, const sigset_t *wait_mask)
{
    struct pollfd *fds = calloc((size_t)p->nw, sizeof *fds);
    int *who = calloc((size_t)p->nw, sizeof *who);
    while (fds && who) {
        if (stop_requested() && (!p->stopping || parent_stop_count > 1)) begin_stop(p);
        int k = 0;
        for (int w = 0; w < p->nw; w++)
            if (p->ws[w].fd >= 0) {
                fds[k] = (struct pollfd){ p->ws[w].fd, POLLIN, 0 };
                who[k++] = w;
            }
        if (k == 0) break;
        double left = p->deadline - now_seconds();
        if (p->stopping && left <= 0) {
            kill_all(p);
            break;
        }
        struct timespec ts = { (time_t)left, (long)((left - (double)(time_t)left) * 1e9) };
        int r = ppoll(fds, (nfds_t)k, p->stopping ? &ts : NULL, wait_mask);
        if (r < 0 && errno != EINTR) break;
        for (int i = 0; r > 0 && i < k; i++)
            if (fds[i].revents) on_readable(p, who[i]);
    }
    free(fds);
    free(who);
}

int batch_pool_run(batch_job **queue, int n, const batch_pool_options *o)
{
    if (n <= 0) return 0;
    sigset_t block, old;
    sigemptyset(&block);
    sigaddset(&block, SIGINT);
    sigaddset(&block, SIGTERM);
    sigprocmask(SIG_BLOCK, &block, &old);
    struct sigaction sa, old_int, old_term;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_parent_signal;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    parent_stop = parent_stop_count = 0;

    pool p = { .nw = o->workers < n ? o->workers : n, .queue = queue, .n = n, .o = o };
    if (p.nw < 1) p.nw = 1;
    p.ws = calloc((size_t)p.nw, sizeof *p.ws);
    p.buf = malloc(MSG_MAX);
    for (int w = 0; p.ws && w < p.nw; w++) p.ws[w] = (worker){ 0, -1, -1, 0 };
    for (int w = 0; p.ws && p.buf && w < p.nw; w++)
        if (spawn(p.ws, p.nw, w, queue, n, o)) feed(&p, w);
    sigset_t wait_mask = old;
    sigdelset(&wait_mask, SIGINT);
    sigdelset(&wait_mask, SIGTERM);
    if (p.ws && p.buf) event_loop(&p, &wait_mask);
    if (p.ws) reap_all(&p);
    stop_requested(); /* a signal still pending now must not hit the restored default action */
    free(p.ws);
    free(p.buf);
    int stopped = parent_stop;
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    sigprocmask(SIG_SETMASK, &old, NULL);
    return stopped;
}
