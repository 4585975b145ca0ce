/* The sector overview workbook's format id and the sheet writers shared by aggregate_write*.c. */
#ifndef KR_XLSX_SECTOR_H
#define KR_XLSX_SECTOR_H

#include "aggregate_int.h"
#include "xlsx/appendix.h"

#define SECTOR_FORMAT_ID "kaderrapport-sector"
#define SECTOR_VERSION 1

/* Writes the sheets Actielijnen, Subthemas, Activiteitcodes, Monitoring, Instellingen and
 * Overgeslagen. */
void sector_write_sheets_detail(xs_writer *w, const xw_formats *f, const sector_sums *s);

#endif
