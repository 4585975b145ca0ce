/* The appendix format contract (format id, version, sheet names, fixed cells, row codes), shared
 * by the writer (render_xlsx) and the reader (aggregate), plus the writer's internal context.
 * Changing anything a reader relies on means raising APPENDIX_VERSION. */
#ifndef KR_XLSX_APPENDIX_H
#define KR_XLSX_APPENDIX_H

#include "allocate.h"
#include "model.h"
#include "xlsx_safe.h"

#define APPENDIX_FORMAT_ID "kaderrapport-bijlage"
#define APPENDIX_VERSION 1

#define SHEET_TOELICHTING "Toelichting"
#define SHEET_BESTEDING "Besteding"
#define SHEET_BEGROTING "Begroting-realisatie"
#define SHEET_BRONNEN "Financieringsbronnen"
#define SHEET_ACTIVITEITEN "Activiteiten"
#define SHEET_MONITORING "Monitoring"
#define SHEET_TOEWIJZING "Toewijzing"
#define SHEET_AANSLUITING "Aansluiting"

/* Toelichting: key in column A, value in column B, one row per key in this order (row = index). */
typedef enum {
    TL_FORMAT, TL_VERSION, TL_NAME, TL_BRIN, TL_SECTOR, TL_STUDENTS, TL_REPORT_YEAR,
    TL_FIRST_YEAR, TL_LAST_YEAR, TL_TRACKS, TL_GENERATOR, TL_DATE, TL_LANGUAGE, TL_COUNT
} appendix_key;
extern const char *const appendix_keys[TL_COUNT];      /* labels in column A */
extern const char *const appendix_key_names[TL_COUNT]; /* defined names of the B cells */

/* Besteding: header row (years as numbers from column C), a kind row ("realisatie",
 * "begroting" or "geen gegevens"), then one row per code: action line "1", its subthemes
 * "1.1"…, …, then "kader" (sum of action lines), "buiten" (unallocated), "totaal". */
#define BST_HEADER_ROW 3
#define BST_KIND_ROW 4
#define BST_FIRST_ROW 5
#define BST_FIRST_YEAR_COL 2
#define BST_CODE_KADER "kader"
#define BST_CODE_OUTSIDE "buiten"
#define BST_CODE_TOTAL "totaal"
#define BST_NOT_TRACKED "niet bijgehouden"
#define BST_ROWS (KADER_ACTIONLINES + KADER_SUBTHEMES + 3)

/* Activiteiten: one header row, then columns in this order. A subtheme without activities gets
 * one row with ACT_COL_ACTIVE = "niet actief" and the activity columns empty. */
enum { ACT_COL_CODE, ACT_COL_SUBTHEME, ACT_COL_ACTIVE, ACT_COL_ID, ACT_COL_NAME, ACT_COL_NOTE,
       ACT_COL_STATUS, ACT_COL_REACH, ACT_COL_MONITORING, ACT_COL_TYPE, ACT_COLS };
#define ACT_HEADER_ROW 2
#define ACT_ACTIVE "actief"
#define ACT_INACTIVE "niet actief"

/* Monitoring: after the header, one row per monitoring level: code (A), label (B), used by the
 * institution "ja"/"nee" (C), number of activities at that level (D). Row MON_ROW_MONITORED
 * holds "Voortgang gemonitord" ja/nee in column C. */
#define MON_ROW_MONITORED 2
#define MON_HEADER_ROW 4
#define MON_FIRST_ROW 5

/* Financieringsbronnen: framework money received per year in a table at the top (year in A,
 * amount in B or empty when unknown), then one empty row and the long table of sources: per year
 * and kind one row per source, columns SRC_COL_*. Its header row is
 * SRC_RECEIVED_HEADER_ROW + number of years + 2. */
#define SRC_RECEIVED_HEADER_ROW 2
enum { SRC_COL_YEAR, SRC_COL_KIND, SRC_COL_CODE, SRC_COL_LABEL, SRC_COL_AMOUNT, SRC_COL_PROVISIONAL,
       SRC_COL_FLAG, SRC_COLS };

/* The writer's context, shared by the sheet writers in src/xlsx/. */
typedef struct xw_formats {
    lxw_format *title, *subtitle, *head, *head_num, *text, *wrap, *bold, *note;
    lxw_format *money, *money_bold, *money_total, *pct, *weight, *count, *year;
} xw_formats;

typedef struct xw_ctx {
    xs_writer w;
    const model *m;
    const allocation *a;
    xw_formats f;
} xw_ctx;

/* Adds the workbook formats every product workbook uses (euro, percent, headers). */
void xw_make_formats(lxw_workbook *wb, xw_formats *f);
/* The kind shown for year index yi in Besteding: realisatie when there are actuals, else
 * begroting; -1 when the year has no lines at all. */
int xw_year_kind(const allocation *a, int yi);
const char *xw_kind_name(int kind);
/* Page setup shared by every sheet: landscape A4, fit to one page wide, header rows repeated
 * and frozen, a footer with the institution and page numbers. */
void xw_page_setup(xw_ctx *c, lxw_worksheet *ws, int header_row, int frozen_cols);
/* Writes a title (row 0) and a subtitle (row 1). */
void xw_title(xw_ctx *c, lxw_worksheet *ws, const char *title, const char *subtitle);
/* Writes a header row of labels from column 0. */
void xw_header(xw_ctx *c, lxw_worksheet *ws, int row, const char *const *labels, int n);
/* Defines name = the absolute range on `sheet`. */
void xw_define_range(xw_ctx *c, const char *name, const char *sheet, int r1, int c1, int r2, int c2);

void xw_sheet_toelichting(xw_ctx *c);
void xw_sheet_besteding(xw_ctx *c);
void xw_sheet_begroting(xw_ctx *c);
void xw_sheet_bronnen(xw_ctx *c);
void xw_sheet_activiteiten(xw_ctx *c);
void xw_sheet_monitoring(xw_ctx *c);
void xw_sheet_toewijzing(xw_ctx *c);
void xw_sheet_aansluiting(xw_ctx *c);

#endif
