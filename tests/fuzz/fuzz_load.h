/* Shared by the loader targets: the fuzz input becomes one input file (budget, mapping or
 * activities) of an otherwise valid job, and the job is checked end to end with build_run in
 * check-only mode (read, load, cross-check, allocate, reconcile; nothing written). Invariants:
 * no crash, an exit code from the documented set, and never an internal (reconciliation) error.
 * The other two inputs are the valid files in tests/fuzz/fixed/. */
#ifndef KR_FUZZ_LOAD_H
#define KR_FUZZ_LOAD_H

#include "build.h"
#include "fuzz.h"

#ifndef KR_SOURCE_ROOT
#define KR_SOURCE_ROOT "."
#endif

typedef enum { FUZZ_BUDGET, FUZZ_MAPPING, FUZZ_ACTIVITIES } fuzz_role;

static int fuzz_load_run(fuzz_role role, const uint8_t *data, size_t size)
{
    char input[64], job_path[64];
    int in_fd = fuzz_memfd(data, size, input, sizeof input);
    if (in_fd < 0) return 0;
    char ini[2048];
    snprintf(ini, sizeof ini,
             "[instelling]\nnaam = Hogeschool Fuzz\nbrin = 99FZ\nsector = hbo\nstudenten = 3000\n"
             "[rapport]\njaar = 2025\njaren = 2024-2025\ndatum = 2026-04-01\ngetallen = nl\n"
             "[limieten]\nmax_rijen = 2000\nmax_kolommen = 200\n"
             "[invoer]\nbegroting = %s\nactiviteiten = %s\ntoewijzing = %s\n",
             role == FUZZ_BUDGET ? input : KR_SOURCE_ROOT "/tests/fuzz/fixed/begroting.csv",
             role == FUZZ_ACTIVITIES ? input : KR_SOURCE_ROOT "/tests/fuzz/fixed/activiteiten.csv",
             role == FUZZ_MAPPING ? input : KR_SOURCE_ROOT "/tests/fuzz/fixed/toewijzing.csv");
    int job_fd = fuzz_memfd((const uint8_t *)ini, strlen(ini), job_path, sizeof job_path);
    if (job_fd < 0) { close(in_fd); return 0; }

    build_options opt = { .check_only = true };
    diag_list d;
    diag_init(&d);
    build_result res;
    int rc = build_run(job_path, &opt, &d, &res);
    FUZZ_ASSERT(rc == KR_EXIT_OK || rc == KR_EXIT_INPUT);
    FUZZ_ASSERT((rc == KR_EXIT_OK) == (d.errors == 0));
    diag_free(&d);
    close(job_fd);
    close(in_fd);
    return 0;
}

#endif
