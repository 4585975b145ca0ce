/* Job files: which institution, which year, which inputs, where the outputs go. Fills the
 * institution and report fields of the model; paths are resolved relative to the job file. */
#ifndef KR_JOB_H
#define KR_JOB_H

#include "grid.h"
#include "model.h"

typedef struct job_input {
    char *path;  /* resolved path, NULL when not given */
    char *shown; /* as written in the job file, for messages and the report */
    char *sheet; /* sheet name for workbooks, NULL = find it by its headers */
} job_input;

typedef struct job {
    char *path;
    char *shown_path;  /* as given, for messages */
    /* For a job that is a filled template workbook: the sheet of each input role. */
    const char *(*workbook_sheet)(const char *role);
    char *dir;
    job_input budget, activities, mapping;
    char *out_dir;
    char *title;       /* optional custom report title */
    int variance_threshold_pct; /* budget variances beyond this are highlighted (default 10) */
    num_locale locale; /* notation of amounts typed as text */
    grid_limits limits;
    int max_pages;
} job;

/* Reads the job file into a new job and fills `m` (institution, years, language, created,
 * layout path, framework money, monitoring). Returns NULL when the job file itself cannot be
 * used; otherwise problems are in `d` and the caller checks d->errors. */
job *job_load(const char *path, model *m, diag_list *d);
void job_free(job *j);

/* A file-name-safe slug: lowercase ASCII letters, digits and '-', at most 60 bytes, never empty
 * and never containing a path separator or "..". */
void job_slug(const char *name, char *out, size_t size);

#endif
