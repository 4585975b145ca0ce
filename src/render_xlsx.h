/* The standard appendix workbook (libxlsxwriter): the same sheets and defined names for every
 * institution, so that `aggregate` and OCW can add them up. */
#ifndef KR_RENDER_XLSX_H
#define KR_RENDER_XLSX_H

#include "allocate.h"
#include "model.h"

/* Writes the appendix to `path` (the caller writes to a temp name and renames). Returns false
 * after adding a diagnostic. Identical inputs give a byte-identical file. */
bool render_xlsx(const model *m, const allocation *a, const char *path, diag_list *d);

#endif
