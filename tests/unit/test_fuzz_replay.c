/* Replays every committed fuzz seed and regression input (tests/fuzz/seeds/<target>/,
 * tests/fuzz/regressions/<target>/) through the same entry functions as the libFuzzer targets,
 * without libFuzzer, so `make test` (and `make check` under the sanitizers) keeps every input that
 * once crashed fixed. A broken invariant aborts the program; the runner reports that as a failure. */
#define KR_FUZZ_REPLAY_ALL 1
#include "../fuzz/fuzz_activities.c"
#include "../fuzz/fuzz_alloc.c"
#include "../fuzz/fuzz_budget.c"
#include "../fuzz/fuzz_csv.c"
#include "../fuzz/fuzz_job.c"
#include "../fuzz/fuzz_mapping.c"
#include "../fuzz/fuzz_money.c"
#include "../fuzz/fuzz_xlsx.c"

#include <dirent.h>

typedef struct replay_target {
    const char *name;
    int (*fn)(const uint8_t *data, size_t size);
} replay_target;

/* Reads a whole file; NULL when it cannot. */
static uint8_t *replay_read(const char *path, size_t *size)
{
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    uint8_t *buf = NULL;
    size_t n = 0, cap = 0;
    for (;;) {
        if (n == cap) {
            cap = cap ? cap * 2 : 65536;
            uint8_t *grown = realloc(buf, cap);
            if (!grown) { free(buf); fclose(f); return NULL; }
            buf = grown;
        }
        size_t got = fread(buf + n, 1, cap - n, f);
        n += got;
        if (got == 0) break;
    }
    fclose(f);
    *size = n;
    return buf;
}

static int replay_cmp(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Runs every file of dir/<target>/ in name order; prints one PASS line per folder. */
static void replay_dir(const replay_target *t, const char *kind)
{
    char dir[512];
    snprintf(dir, sizeof dir, "tests/fuzz/%s/%s", kind, t->name);
    DIR *dh = opendir(dir);
    if (!dh) return;
    char *names[4096];
    int n = 0;
    for (struct dirent *e; (e = readdir(dh)) && n < 4096;)
        if (e->d_name[0] != '.') names[n++] = strdup(e->d_name);
    closedir(dh);
    qsort(names, (size_t)n, sizeof *names, replay_cmp);
    for (int i = 0; i < n; i++) {
        char path[1024];
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        size_t size = 0;
        uint8_t *data = replay_read(path, &size);
        if (data) {
            fprintf(stderr, "replay %s\n", path); /* shown by the runner if this input crashes */
            t->fn(data, size);
        }
        free(data);
        free(names[i]);
    }
    printf("PASS fuzz_replay.%s.%s (%d inputs)\n", kind, t->name, n);
    fflush(stdout);
}

int main(void)
{
    static const replay_target targets[] = {
        { "activities", fuzz_activities }, { "alloc", fuzz_alloc }, { "budget", fuzz_budget },
        { "csv", fuzz_csv }, { "job", fuzz_job }, { "mapping", fuzz_mapping },
        { "money", fuzz_money }, { "xlsx", fuzz_xlsx },
    };
    for (size_t i = 0; i < sizeof targets / sizeof *targets; i++) {
        replay_dir(&targets[i], "regressions");
        replay_dir(&targets[i], "seeds");
    }
    return 0;
}
