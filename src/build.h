/* One job from start to finish: read the job file and its inputs, allocate, render the PDF and
 * the XLSX appendix, and move both into place only when everything succeeded. */
#ifndef KR_BUILD_H
#define KR_BUILD_H

#include "diag.h"

#include <stdbool.h>

typedef struct build_options {
    bool check_only;   /* validate everything, write nothing (`kaderrapport check`) */
    bool timings;      /* per-stage wall times on stderr */
    bool verbose;      /* also print notes */
    const char *out_dir_override; /* NULL: the job's own output directory */
} build_options;

typedef struct build_result {
    int exit_code;      /* see the KR_EXIT_* codes */
    int pages;
    char pdf_path[4096];
    char xlsx_path[4096];
    double seconds;
    char first_error[512]; /* first error message, for batch summaries */
} build_result;

enum {
    KR_EXIT_OK = 0,
    KR_EXIT_INPUT = 1,    /* the inputs have errors; nothing was written */
    KR_EXIT_USAGE = 2,    /* bad command line */
    KR_EXIT_OUTPUT = 3,   /* could not write an output */
    KR_EXIT_INTERNAL = 4, /* reconciliation failed or an internal invariant broke */
    KR_EXIT_BATCH_PARTIAL = 5 /* batch: some jobs failed */
};

struct job;
/* The output directory named in a job (`uitvoer`, possibly from a controller's filled template)
 * must stay inside the job's folder or the working directory (never merely inside "/"), so a
 * job file cannot make the tool write elsewhere; `-o` on the command line is the operator's choice
 * and is always accepted. The batch applies the same rule before it creates or locks anything. */
bool build_output_dir_allowed(const struct job *j);

/* Runs one job. Diagnostics go to `d` (and are printed by the caller). Never exits. */
int build_run(const char *job_path, const build_options *opt, diag_list *d, build_result *res);

#endif
