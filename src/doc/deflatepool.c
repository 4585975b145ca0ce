/* Flate compression on two threads; see deflatepool.h. */
#include "doc/deflatepool.h"

#include <libdeflate.h>
#include <pthread.h>

/* On these files libdeflate's level 6 is as fast as zlib's default or faster and about 10%
 * smaller; its levels 7 and up cost four times the time or more for a few per cent. */
enum { FLATE_LEVEL = 6 };

/* With more than this waiting for the helper, the caller compresses as well: it bounds the memory
 * the waiting data takes and costs no time, both threads being busy until the last job anyway. */
enum { MAX_WAITING = 1 << 20 };

/* A compressor is not thread-safe: each thread has one, and a buffer to compress into. */
typedef struct compressor {
    struct libdeflate_compressor *c;
    char *buf;
    size_t cap;
} compressor;

struct deflate_pool {
    compressor mine;             /* the calling thread's */
    bool helper, started;
    pthread_t thread;            /* pthreads rather than GLib's, whose locks sanitizers cannot see */
    pthread_mutex_t lock;        /* guards what follows */
    pthread_cond_t cond;
    GPtrArray *jobs;             /* per job: its plain data until it is compressed, then the result */
    guint next;                  /* the first job no thread has started */
    size_t waiting;              /* bytes in jobs no thread has started */
    bool helper_busy, stop;
};

static bool compressor_init(compressor *k)
{
    *k = (compressor){ .c = libdeflate_alloc_compressor(FLATE_LEVEL) };
    return k->c != NULL;
}

static void compressor_free(compressor *k)
{
    if (k->c) libdeflate_free_compressor(k->c);
    g_free(k->buf);
}

/* The result takes no more memory than it needs: results are kept until the file is written. */
static GString *compress(compressor *k, const void *data, size_t len)
{
    size_t bound = libdeflate_zlib_compress_bound(k->c, len);
    if (bound > k->cap) {
        g_free(k->buf);
        k->buf = g_malloc(bound);
        k->cap = bound;
    }
    size_t n = libdeflate_zlib_compress(k->c, data, len, k->buf, bound);
    return g_string_new_len(k->buf, (gssize)n);
}

/* Compresses the next job with `c`; called and returns with the lock held, which it lets go of
 * meanwhile. */
static void run_next_job(deflate_pool *p, compressor *c)
{
    guint job = p->next++;
    GString *plain = g_ptr_array_index(p->jobs, job);
    p->waiting -= plain->len;
    pthread_mutex_unlock(&p->lock);
    GString *z = compress(c, plain->str, plain->len);
    g_string_free(plain, TRUE);
    pthread_mutex_lock(&p->lock);
    p->jobs->pdata[job] = z;
}

static void *deflate_helper_main(void *data)
{
    deflate_pool *p = data;
    compressor c;
    bool ok = compressor_init(&c);
    pthread_mutex_lock(&p->lock);
    for (;;) {
        while (p->next == p->jobs->len && !p->stop) pthread_cond_wait(&p->cond, &p->lock);
        if (p->stop || !ok) break; /* without a compressor, the caller does every job */
        p->helper_busy = true;
        run_next_job(p, &c);
        p->helper_busy = false;
        pthread_cond_broadcast(&p->cond);
    }
    pthread_mutex_unlock(&p->lock);
    compressor_free(&c);
    return NULL;
}

static void free_string(gpointer s)
{
    if (s) g_string_free(s, TRUE);
}

deflate_pool *deflate_pool_new(bool helper)
{
    deflate_pool *p = g_new0(deflate_pool, 1);
    compressor_init(&p->mine);
    p->helper = helper;
    p->jobs = g_ptr_array_new_with_free_func(free_string);
    pthread_mutex_init(&p->lock, NULL);
    pthread_cond_init(&p->cond, NULL);
    return p;
}

int deflate_pool_add(deflate_pool *p, GString *plain)
{
    if (p->helper && !p->started) /* the helper starts with the first job, or this thread does them all */
        p->helper = p->started = pthread_create(&p->thread, NULL, deflate_helper_main, p) == 0;
    pthread_mutex_lock(&p->lock);
    g_ptr_array_add(p->jobs, plain);
    p->waiting += plain->len;
    int job = (int)p->jobs->len - 1;
    if (p->helper) pthread_cond_broadcast(&p->cond);
    if (!p->helper || p->waiting > MAX_WAITING) run_next_job(p, &p->mine);
    pthread_mutex_unlock(&p->lock);
    return job;
}

void deflate_pool_wait(deflate_pool *p)
{
    pthread_mutex_lock(&p->lock);
    while (p->next < p->jobs->len) run_next_job(p, &p->mine);
    while (p->helper_busy) pthread_cond_wait(&p->cond, &p->lock);
    pthread_mutex_unlock(&p->lock);
}

GString *deflate_pool_take(deflate_pool *p, int job)
{
    pthread_mutex_lock(&p->lock);
    GString *z = g_ptr_array_index(p->jobs, job);
    p->jobs->pdata[job] = NULL;
    pthread_mutex_unlock(&p->lock);
    return z;
}

GString *deflate_pool_now(deflate_pool *p, const void *data, size_t len)
{
    return compress(&p->mine, data, len);
}

void deflate_pool_free(deflate_pool *p)
{
    if (!p) return;
    if (p->started) {
        pthread_mutex_lock(&p->lock);
        p->stop = true;
        pthread_cond_broadcast(&p->cond);
        pthread_mutex_unlock(&p->lock);
        pthread_join(p->thread, NULL);
    }
    g_ptr_array_free(p->jobs, TRUE);
    compressor_free(&p->mine);
    pthread_mutex_destroy(&p->lock);
    pthread_cond_destroy(&p->cond);
    g_free(p);
}
