/* Runs a command N times and prints its wall time (min and median, ms) and peak resident memory
 * (max over runs, MB, from wait4's rusage). usage: runbench N command [args...] */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static int compare(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

int main(int argc, char **argv)
{
    if (argc < 3) {
        fprintf(stderr, "usage: runbench N command [args...]\n");
        return 2;
    }
    int n = atoi(argv[1]);
    if (n < 1) n = 1;
    double *ms = calloc((size_t)n, sizeof *ms);
    long max_rss_kb = 0;
    for (int i = 0; i < n; i++) {
        struct timespec t0, t1;
        clock_gettime(CLOCK_MONOTONIC, &t0);
        pid_t pid = fork();
        if (pid == 0) {
            if (!getenv("BENCH_SHOW")) {
                freopen("/dev/null", "w", stdout);
                freopen("/dev/null", "w", stderr);
            }
            execvp(argv[2], argv + 2);
            _exit(127);
        }
        int status;
        struct rusage ru;
        if (wait4(pid, &status, 0, &ru) < 0 || !WIFEXITED(status) || WEXITSTATUS(status) != 0) {
            fprintf(stderr, "runbench: %s failed (status %d)\n", argv[2], status);
            return 1;
        }
        clock_gettime(CLOCK_MONOTONIC, &t1);
        ms[i] = (double)(t1.tv_sec - t0.tv_sec) * 1e3 + (double)(t1.tv_nsec - t0.tv_nsec) / 1e6;
        if (ru.ru_maxrss > max_rss_kb) max_rss_kb = ru.ru_maxrss;
    }
    qsort(ms, (size_t)n, sizeof *ms, compare);
    printf("%.1f %.1f %.1f\n", ms[0], ms[n / 2], (double)max_rss_kb / 1024.0);
    free(ms);
    return 0;
}
