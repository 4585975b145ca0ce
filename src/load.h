/* Loading: turns the grids of the budget, activity and mapping files into the model, with every
 * problem located. Knows the column names and vocabularies, not the file formats. */
#ifndef KR_LOAD_H
#define KR_LOAD_H

#include "job.h"
#include "model.h"

/* Each loader reads its file (CSV or XLSX), adds its rows to the model and records the input
 * (path, size, SHA-256). Problems go to `d`; the return value is false when the file could not be
 * read at all. */
bool load_budget(model *m, const job *j, diag_list *d);
bool load_activities(model *m, const job *j, diag_list *d);
bool load_mapping(model *m, const job *j, diag_list *d);

/* Cross-checks after all files are loaded: every budget category/line has a mapping rule, rules
 * that match nothing, years outside the range. */
void load_cross_check(const model *m, diag_list *d);

/* Shared by the loaders: opens a table file, records it in m->inputs and finds its header.
 * Returns the grid (caller frees) or NULL. */
typedef struct table_column_spec table_column_spec;
typedef struct table_map table_map;
grid *load_open_table(model *m, const job *j, const char *role, const char *path, const char *shown,
                      const char *sheet, const table_column_spec *specs, int nspecs, bool allow_wide,
                      table_map *map, diag_list *d);

/* True for the template's example rows: a cell starting with "Voorbeeld:" or "Example:". */
bool load_is_example_row(const grid *g, int r);

/* Text of a cell as a new string ("" when empty). */
char *load_text(const grid *g, int r, int c);

#endif
