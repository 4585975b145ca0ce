/* The jaarverslag section: what goes into the PDF, in which order, in Dutch or English. Uses the
 * layout engine (doc/) and the charts (chart/); never parses input. */
#ifndef KR_REPORT_H
#define KR_REPORT_H

#include "allocate.h"
#include "doc/layout.h"
#include "job.h"
#include "model.h"

/* Builds the report and renders it to `path` (the caller renames it into place). Sets *pages.
 * Returns false after adding a diagnostic. */
bool report_render_pdf(const model *m, const job *j, const allocation *a, const layout *lay,
                       const char *path, int *pages, diag_list *d);

#endif
