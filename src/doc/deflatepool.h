/* Flate (zlib format) compression of many buffers on up to two threads, for the PDF writer:
 * buffers are handed in as they are ready, a helper thread compresses them while the caller
 * goes on with its own work, and deflate_pool_wait has the caller compress whatever the helper
 * has not started. libdeflate's output depends only on the input and the level, so the bytes
 * are the same whichever thread compresses a buffer. One thread calls these functions. */
#ifndef KR_DEFLATEPOOL_H
#define KR_DEFLATEPOOL_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

typedef struct deflate_pool deflate_pool;

/* With `helper`, a second thread (started with the first buffer) compresses buffers as well;
 * without, each buffer is compressed on this thread when it is added. */
deflate_pool *deflate_pool_new(bool helper);
/* Hands `plain` over for compression; returns its job number for deflate_pool_take. */
int deflate_pool_add(deflate_pool *p, GString *plain);
/* Returns once every buffer added is compressed. */
void deflate_pool_wait(deflate_pool *p);
/* Job `job`'s compressed data, once waited for; the caller frees it. */
GString *deflate_pool_take(deflate_pool *p, int job);
/* `len` bytes compressed on this thread, now. */
GString *deflate_pool_now(deflate_pool *p, const void *data, size_t len);
/* Stops the helper; frees what was not taken. */
void deflate_pool_free(deflate_pool *p);

#endif
