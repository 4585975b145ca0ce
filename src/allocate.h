/* Allocation: spreads each budget line's cents over the 15 subthemes (plus the unallocated
 * bucket) by the mapping weights, exactly, and sums the results per subtheme, action line, year,
 * kind and funding source. Also the reconciliation that proves nothing was lost. */
#ifndef KR_ALLOCATE_H
#define KR_ALLOCATE_H

#include "model.h"

#include <stdint.h>

/* Splits `cents` over n weights (any non-negative integers with a positive sum) by largest
 * remainder: parts[i] = floor(cents * w[i] / sum) plus one cent for the largest remainders,
 * ties going to the lower index. The parts always sum to `cents`; negative amounts are split as
 * the negation of the positive split. Returns false only when the weights sum to 0 or cents is
 * INT64_MIN (whose negation does not fit). */
bool alloc_weights(int64_t cents, const int64_t *weights, int n, int64_t *parts);

/* Sums of allocated money. Index conventions: [year index][kind][target], target 0..14 subthemes,
 * KADER_UNALLOCATED = 15. */
typedef struct alloc_totals {
    int nyears;
    int first_year;
    int64_t by_target[MODEL_MAX_YEARS][KIND_COUNT][KADER_TARGETS];
    int64_t by_actionline[MODEL_MAX_YEARS][KIND_COUNT][KADER_ACTIONLINES];
    int64_t allocated[MODEL_MAX_YEARS][KIND_COUNT];   /* inside the framework (15 subthemes) */
    int64_t unallocated[MODEL_MAX_YEARS][KIND_COUNT];
    int64_t total[MODEL_MAX_YEARS][KIND_COUNT];       /* allocated + unallocated */
    int64_t by_source[MODEL_MAX_YEARS][KIND_COUNT][SOURCE_COUNT];
    int64_t provisional[MODEL_MAX_YEARS][KIND_COUNT][SOURCE_COUNT]; /* part of by_source marked voorlopig */
    int nlines[MODEL_MAX_YEARS][KIND_COUNT];
} alloc_totals;

/* Per input line: its parts over the targets (sums to the line's cents). */
typedef struct alloc_line {
    int64_t parts[KADER_TARGETS];
    const mapping_rule *rule; /* NULL: no rule, all unallocated (reported as an error by checks) */
} alloc_line;

/* One row of the reconciliation: per input file, year and kind. */
typedef struct recon_row {
    const char *file;
    int year;
    budget_kind kind;
    int nlines;
    int64_t input_total;   /* straight sum of the input lines */
    int64_t allocated;     /* sum of parts on subthemes */
    int64_t unallocated;   /* sum of parts on the unallocated bucket */
    bool holds;            /* input_total == allocated + unallocated */
} recon_row;

typedef struct allocation {
    alloc_line *lines;     /* one per model line, same order */
    int nlines;
    alloc_totals totals;
    recon_row *recon;
    int nrecon;
    int64_t lines_outside_years; /* cents in lines whose year is outside the display range */
    bool balanced;         /* every recon row holds and the grand totals agree */
} allocation;

/* Allocates every line of the model. Lines without a rule are reported in `d` as errors and kept
 * whole in the unallocated bucket; lines outside the display years count in the reconciliation
 * (lines_outside_years) but not in the totals. Returns NULL only when out of memory or on overflow
 * (diagnostic added). */
allocation *allocate_model(const model *m, diag_list *d);
void allocation_free(allocation *a);

/* Sum over an action line's subthemes for one cell. */
int64_t alloc_actionline_total(const alloc_totals *t, int year_index, budget_kind kind, int actionline);

#endif
