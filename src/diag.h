/* Diagnostics: problems found in the input, each with a source location, the offending value
 * and a hint. Readers collect them and keep going; the command prints them all at the end.
 * Nothing here exits the process. */
#ifndef KR_DIAG_H
#define KR_DIAG_H

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>

/* Where a value came from: "file:line:col" for text files, "file.xlsx:Sheet!C14" for workbooks.
 * `file` and `sheet` are borrowed (interned by the reader); line and col are 1-based, 0 = unknown. */
typedef struct srcloc {
    const char *file;
    const char *sheet;
    int line;
    int col;
} srcloc;

typedef enum { DIAG_NOTE, DIAG_WARNING, DIAG_ERROR } diag_level;

typedef struct diag_entry {
    diag_level level;
    srcloc loc;    /* file and sheet are owned copies */
    char *message; /* owned; already includes the quoted value */
    char *hint;    /* owned; may be NULL */
} diag_entry;

typedef struct diag_list {
    diag_entry *items;
    int count, cap;
    int errors, warnings;
    int max_stored; /* beyond this many, problems are only counted */
    int dropped;
} diag_list;

void diag_init(diag_list *d);
void diag_free(diag_list *d);
/* Adds `from`'s problems to `to`, in order (problems it could only count stay counted). */
void diag_append(diag_list *to, const diag_list *from);

/* Records a problem. `hint` may be NULL. The message is printf-formatted. */
void diag_add(diag_list *d, diag_level level, srcloc loc, const char *hint, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
#define diag_error(d, loc, hint, ...) diag_add((d), DIAG_ERROR, (loc), (hint), __VA_ARGS__)
#define diag_warn(d, loc, hint, ...) diag_add((d), DIAG_WARNING, (loc), (hint), __VA_ARGS__)
#define diag_note(d, loc, hint, ...) diag_add((d), DIAG_NOTE, (loc), (hint), __VA_ARGS__)

/* Writes "file:line:col" or "file:Sheet!C14" (or just "file") into buf; returns buf. */
char *srcloc_format(srcloc loc, char *buf, size_t size);

/* Column number (1-based) to spreadsheet letters: 1 -> "A", 28 -> "AB". */
void diag_column_letters(int col, char out[8]);

/* Prints every stored problem, errors and warnings alike, then a count line if anything was dropped.
 * Notes are printed only when `verbose`. */
void diag_print(const diag_list *d, FILE *out, bool verbose);

/* Quotes a value for a message: at most 60 bytes, control characters shown as \xNN.
 * Returns a pointer to a static rotating buffer (4 slots), valid until the 4th next call. */
const char *diag_quote(const char *value);

#endif
