/* Internals of the XLSX reader, shared by read_xlsx.c (zip, workbook, sheet choice),
 * read_xlsx_meta.c (shared strings, styles) and read_xlsx_sheet.c (cells). Not for loaders. */
#ifndef KR_READ_XLSX_INT_H
#define KR_READ_XLSX_INT_H

#include "grid.h"

#include <expat.h>
#include <stdbool.h>
#include <stddef.h>
#include <zip.h>

/* Every expat user-data struct starts with this, so the shared handlers can stop the parser. */
typedef struct xml_base {
    XML_Parser xp;
    const char *refusal; /* set when the part was refused (DTD, entities, too much text) */
} xml_base;

typedef struct xlsx_sheet_ref {
    char *name;
    char *part; /* zip entry name, e.g. "xl/worksheets/sheet1.xml" */
    bool hidden;
} xlsx_sheet_ref;

typedef struct xlsx_book {
    zip_t *zip;
    const char *path; /* interned */
    grid_limits lim;
    long long unpacked; /* bytes decompressed so far, against lim.max_unpacked */
    diag_list *d;
    bool date1904;
    /* shared strings: one buffer, strings separated by NUL; len SIZE_MAX marks "too long" */
    char *sst_buf;
    size_t sst_used, sst_cap;
    size_t *sst_off, *sst_len;
    size_t sst_count, sst_slots;
    /* styles: per cellXfs index, whether its number format is a date */
    unsigned char *xf_date;
    size_t nxf;
    xlsx_sheet_ref *sheets;
    int nsheets;
    char *sst_part, *styles_part;
} xlsx_book;

/* Streams one zip entry through expat with the given handlers (user data starts with xml_base).
 * Enforces the unpacked-size and compression-ratio limits and refuses DTDs. Returns false after a
 * diagnostic located at `loc` (file or sheet). A missing entry is an error unless `optional`. */
bool xlsx_parse_part(xlsx_book *book, const char *part, xml_base *ud, XML_StartElementHandler start,
                     XML_EndElementHandler end, XML_CharacterDataHandler chars, srcloc loc, bool optional);

/* Element or attribute name without its namespace prefix ("x:c" -> "c"). */
const char *xlsx_local(const char *name);
/* Value of attribute `name` (prefix ignored) or NULL. */
const char *xlsx_attr(const char **attrs, const char *name);

bool xlsx_read_shared_strings(xlsx_book *book);
bool xlsx_read_styles(xlsx_book *book);

/* Reads one sheet into a grid, adding diagnostics to `d`; NULL after an error. */
grid *xlsx_read_sheet(xlsx_book *book, const xlsx_sheet_ref *sheet, diag_list *d);

/* Decodes the _xHHHH_ escapes Excel writes in strings (a line break as "_x000D_\n") in place;
 * returns the new length. Never grows the text. */
size_t xlsx_unescape(char *text, size_t len);

/* Excel serial day number to ISO "2025-03-31" (or "2025-03-31T14:30:00" with a time part).
 * Returns false for serials outside 1900/1904..9999. */
bool xlsx_serial_to_iso(double serial, bool date1904, char out[64]);

#endif
