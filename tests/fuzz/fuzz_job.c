/* Fuzz target: the job file reader (INI through src/ini.c) on an in-memory file. Invariant: a
 * job, or NULL with an error; never a crash whatever the keys and values. */
#include "fuzz.h"
#include "job.h"

FUZZ_TARGET(job)
{
    char path[64];
    int fd = fuzz_memfd(data, size, path, sizeof path);
    if (fd < 0) return 0;
    model *m = model_new();
    diag_list d;
    diag_init(&d);
    job *j = job_load(path, m, &d);
    if (!j) FUZZ_ASSERT(d.errors > 0);
    char slug[80];
    job_slug(m->inst.name, slug, sizeof slug);
    FUZZ_ASSERT(slug[0] && !strchr(slug, '/') && !strstr(slug, ".."));
    job_free(j);
    model_free(m);
    diag_free(&d);
    close(fd);
    return 0;
}
