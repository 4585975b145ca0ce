/* Checked access to INI files (iniparser 4.1 behind one wrapper): every key is read as a string
 * (the typed getters of 4.1 can dereference NULL), with its line number for diagnostics, and keys
 * not in the caller's table are reported. */
#ifndef KR_INI_H
#define KR_INI_H

#include "diag.h"
#include "grid.h"

typedef struct ini_file ini_file;

/* A key the caller understands: "section:key" (lowercase). A key ending in '*' matches any key
 * with that prefix ("kadermiddelen:*"). */
typedef struct ini_key_spec {
    const char *name;
    const char *help; /* what the key means, for the "unknown key" hint */
} ini_key_spec;

/* Opens and parses `path`; syntax errors become diagnostics. `loc_name` is the file name used in
 * locations (borrowed, must outlive the ini_file). Returns NULL after adding an error. */
ini_file *ini_open(const char *path, const char *loc_name, diag_list *d);
void ini_close(ini_file *f);

/* The trimmed value of section:key, or NULL when absent or empty. Borrowed from the ini_file. */
const char *ini_get(const ini_file *f, const char *section, const char *key);

/* Location of section:key (its line), or of the file when the key is absent. */
srcloc ini_loc(const ini_file *f, const char *section, const char *key);

/* Warns about every key and section not in `known`. */
void ini_check_known(const ini_file *f, const ini_key_spec *known, int nknown, diag_list *d);

/* Settings from a sheet: key in column A ("naam", "jaar", "kadermiddelen 2025"), value in
 * column B; each key is placed in its section through `known`. Unknown keys are warnings.
 * `g` must outlive the result (locations borrow its names). */
ini_file *ini_from_grid(const grid *g, const ini_key_spec *known, int nknown, diag_list *d);

/* Calls fn for every key of a section, in file order. */
void ini_each_key(const ini_file *f, const char *section,
                  void (*fn)(const char *key, const char *value, srcloc loc, void *ctx), void *ctx);

#endif
