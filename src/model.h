/* The model of one job: the institution, its budget lines, activities and mapping rules, as read
 * from the inputs. Everything is owned by the model and freed by model_free(). Renderers receive
 * a const model and never parse. */
#ifndef KR_MODEL_H
#define KR_MODEL_H

#include "diag.h"
#include "kader.h"

#include <stdbool.h>
#include <stdint.h>

#define MODEL_MAX_YEARS 16
#define WEIGHT_SCALE 1000000 /* weights in millionths: 100% = 1,000,000 */

typedef enum { KIND_BEGROTING, KIND_REALISATIE, KIND_COUNT } budget_kind;

typedef struct budget_line {
    int year;
    budget_kind kind;
    char *line;      /* the institution's budget line ("Studentenpsychologen") */
    char *category;  /* own category / pillar ("Pijler 3 Hulpaanbod"), may be "" */
    funding_source source;
    bool provisional; /* voorlopig */
    int64_t cents;
    char *note;      /* toelichting, may be "" */
    srcloc loc;      /* the row (amount cell) it came from */
} budget_line;

typedef struct activity {
    char *id;
    char *name;
    int subtheme;    /* 0..14, or -1 for an activity outside the framework */
    activity_status status;
    long long reach; /* students reached, -1 when unknown */
    monitoring_level monitoring;
    char *type_code; /* AEF activity-type code ("2.6.1"), may be "" */
    char *explanation;
    srcloc loc;
} activity;

typedef struct mapping_target {
    int target;      /* 0..14 subtheme, or KADER_UNALLOCATED */
    int64_t weight;  /* millionths */
} mapping_target;

typedef enum { MATCH_CATEGORY, MATCH_LINE } mapping_match;

typedef struct mapping_rule {
    mapping_match match;
    char *key;         /* category or line name as written */
    char *fold_key;    /* folded for comparison */
    mapping_target targets[KADER_TARGETS];
    int ntargets;
    char *reason;      /* explanation, e.g. why part stays unallocated */
    bool had_errors;   /* a row of this rule was rejected: its weight sum is not checked again */
    srcloc loc;
} mapping_rule;

typedef enum { SECTOR_WO, SECTOR_HBO } sector_kind;

typedef struct input_file {
    char *role;    /* "begroting", "activiteiten", "toewijzing" */
    char *path;    /* as given (relative to the job file) */
    char sha256[65];
    long long bytes;
} input_file;

typedef struct institution {
    char *name;
    char *brin;
    sector_kind sector;
    long long students;
    char *slug;     /* file-name-safe name for outputs */
} institution;

typedef struct model {
    institution inst;
    int report_year;
    int first_year, last_year;  /* years shown, inclusive */
    char *language;             /* "nl" or "en" */
    long long created;          /* report date as a Unix time (job `datum` or SOURCE_DATE_EPOCH) */
    char *layout_path;          /* resolved path of the layout INI */
    char *job_path;
    bool tracks_per_actionline; /* false: "we do not track per action line" (Q18) */
    int64_t framework_received[MODEL_MAX_YEARS]; /* kadermiddelen received per year, -1 unknown */
    int monitoring_levels_used[MON_COUNT];       /* institution-level monitoring (Q15/Q16) */

    budget_line *lines;
    int nlines, cap_lines;
    activity *activities;
    int nactivities, cap_activities;
    mapping_rule *rules;
    int nrules, cap_rules;
    input_file inputs[8];
    int ninputs;
    char **strings; int nstrings, cap_strings; /* interned file/sheet names for srclocs */
} model;

model *model_new(void);
void model_free(model *m);

/* Copies a string into the model's intern table (used for srcloc file names); returns the copy. */
const char *model_intern(model *m, const char *s);

budget_line *model_add_line(model *m);
activity *model_add_activity(model *m);
mapping_rule *model_add_rule(model *m);

/* Index of year in the display range, or -1. */
int model_year_index(const model *m, int year);
int model_year_count(const model *m);

/* Finds the mapping rule for a line: a MATCH_LINE rule on its line name wins over a
 * MATCH_CATEGORY rule on its category (on its line name when it has no category). NULL when
 * none applies. */
const mapping_rule *model_rule_for(const model *m, const budget_line *b);

#endif
