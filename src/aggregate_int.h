/* Internals of `aggregate`: one appendix as read back (appendix_rec), the sector sums, and the
 * three steps read (aggregate_read.c), add (aggregate.c) and write (aggregate_write.c). */
#ifndef KR_AGGREGATE_INT_H
#define KR_AGGREGATE_INT_H

#include "diag.h"
#include "grid.h"
#include "kader.h"
#include "model.h"

#include <stdbool.h>
#include <stdint.h>

/* Calendar years the sector overview can hold: the framework runs 2023-2030; a margin either side. */
#define AGG_FIRST_YEAR 2020
#define AGG_YEARS 16
#define AGG_NATIONAL_CENTS 1500000000LL /* €15 million a year, in cents */

typedef struct code_count {
    char code[16];
    int institutions, activities;
} code_count;

/* One appendix as read back. Amounts in cents; year arrays indexed by year - AGG_FIRST_YEAR. */
typedef struct appendix_rec {
    char *file, *name, *brin;
    sector_kind sector;
    long long students;     /* 0 when not given */
    int report_year, first_year, last_year;
    bool tracks;
    int kind[AGG_YEARS];    /* KIND_* of the year's figures, -1: no data */
    int64_t subtheme[AGG_YEARS][KADER_SUBTHEMES];
    int64_t actionline[AGG_YEARS][KADER_ACTIONLINES];
    int64_t kader[AGG_YEARS], outside[AGG_YEARS], total[AGG_YEARS];
    int64_t received[AGG_YEARS]; /* framework money received, -1 unknown */
    int64_t by_source[AGG_YEARS][SOURCE_COUNT]; /* spending per funding source, same kind as total */
    bool active[KADER_SUBTHEMES];
    int nactivities;
    code_count *codes;      /* activity-type codes named by this institution */
    int ncodes;
    bool monitored;
    bool mon_used[MON_COUNT];
} appendix_rec;

void appendix_rec_free(appendix_rec *r);

/* The sheets an appendix is read from, in this order. */
enum { AS_TOELICHTING, AS_BESTEDING, AS_BRONNEN, AS_ACTIVITEITEN, AS_MONITORING, AS_COUNT };
extern const char *const appendix_read_sheets[AS_COUNT];

/* Fills r from the grids of one appendix (indexed by AS_*; none NULL). Checks the format id and
 * version first, then that every amount parses and the figures add up to the cent (subthemes to
 * action lines, action lines to the framework total, framework + outside to the total). Returns
 * false after adding located errors; r is then partly filled and must still be freed. */
bool appendix_from_grids(grid *const *sheets, appendix_rec *r, diag_list *d);

/* Reads one appendix file with the product's XLSX reader; false after diagnostics. */
bool appendix_read_file(const char *path, appendix_rec *r, diag_list *d);

typedef struct skipped_file {
    char *file;
    char *reason; /* the first error */
} skipped_file;

/* Sector sums. Groups: 0 all, 1 wo, 2 hbo. */
enum { GRP_ALL, GRP_WO, GRP_HBO, GRP_COUNT };
typedef struct sector_sums {
    appendix_rec *recs;
    int nrecs;
    skipped_file *skipped;
    int nskipped;
    int institutions[GRP_COUNT], tracking[GRP_COUNT];
    int with_data[AGG_YEARS];                 /* institutions with figures that year */
    int with_actuals[AGG_YEARS];              /* of which figures are realisatie (else begroting) */
    int64_t received[AGG_YEARS];
    int received_n[AGG_YEARS];
    int64_t by_source[AGG_YEARS][SOURCE_COUNT];
    int64_t total[AGG_YEARS][GRP_COUNT];      /* all institutions' total spending */
    int64_t total_untracked[AGG_YEARS];       /* part of total from institutions that do not track */
    int64_t subtheme[AGG_YEARS][KADER_SUBTHEMES];       /* tracking institutions only */
    int64_t actionline[AGG_YEARS][GRP_COUNT][KADER_ACTIONLINES];
    int64_t kader[AGG_YEARS][GRP_COUNT], outside[AGG_YEARS];
    int active[KADER_SUBTHEMES][GRP_COUNT];
    int monitored[GRP_COUNT];
    int mon_used[MON_COUNT][GRP_COUNT];
    code_count *codes;
    int ncodes;
    int first_year, last_year; /* range with data, AGG_FIRST_YEAR-based; first > last when none */
} sector_sums;

/* Adds one record to the sums (taking ownership of r's contents); false on overflow. */
bool sector_add(sector_sums *s, appendix_rec *r);
void sector_free(sector_sums *s);
/* Adds an activity-type code to a count list (kept sorted by code); false when out of memory. */
bool code_count_add(code_count **list, int *n, const char *code, int institutions, int activities);

/* Writes the sector overview workbook to `path`; false after a diagnostic. `created` is the Unix
 * time for the document properties (never the clock). */
bool sector_write_xlsx(const sector_sums *s, const char *path, long long created, diag_list *d);
/* Writes the sector overview as a PDF (fonts must be set up with kr_fonts_init); false after a
 * diagnostic. Writes nothing and returns true when there are no figures at all. */
bool sector_write_pdf(const sector_sums *s, const char *path, long long created, diag_list *d);

#endif
