/* Shared helpers for the libFuzzer targets in tests/fuzz/. Each target file defines its entry
 * with FUZZ_TARGET(name). Built with -fsanitize=fuzzer that is LLVMFuzzerTestOneInput; built into
 * the replay unit test (tests/unit/test_fuzz_replay.c) every target gets its own name so that all
 * of them live in one program that replays the committed seeds and regression inputs. */
#ifndef KR_FUZZ_H
#define KR_FUZZ_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifdef KR_FUZZ_REPLAY_ALL
#define FUZZ_TARGET(name) int fuzz_##name(const uint8_t *data, size_t size)
#else
#define FUZZ_TARGET(name) int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
#endif

/* An invariant broke: print it and abort, so libFuzzer (or the replay test) records a crash. */
#define FUZZ_ASSERT(cond)                                                                    \
    do {                                                                                     \
        if (!(cond)) {                                                                       \
            fprintf(stderr, "%s:%d: fuzz invariant failed: %s\n", __FILE__, __LINE__, #cond); \
            abort();                                                                         \
        }                                                                                    \
    } while (0)

/* The bytes as an anonymous in-memory file; its path is /proc/self/fd/N (written to `path`).
 * Returns the descriptor (close it when done) or -1. */
static inline int fuzz_memfd(const uint8_t *data, size_t size, char *path, size_t path_size)
{
    int fd = memfd_create("kr-fuzz", 0);
    if (fd < 0) return -1;
    for (size_t done = 0; done < size;) {
        ssize_t n = write(fd, data + done, size - done);
        if (n <= 0) { close(fd); return -1; }
        done += (size_t)n;
    }
    lseek(fd, 0, SEEK_SET);
    snprintf(path, path_size, "/proc/self/fd/%d", fd);
    return fd;
}

/* The bytes as a NUL-terminated string (stops at an embedded NUL, as C callers would). */
static inline char *fuzz_string(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (!s) abort();
    memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

#endif
