/* Layouts: page size, margins, fonts, colours, logo, cover and table style, read from
 * layouts/NAME.ini through a table of known keys. The report module reads `sections`; the document
 * engine reads the rest. Charts may read the colours and fonts. */
#ifndef KR_LAYOUT_H
#define KR_LAYOUT_H

#include <stdbool.h>

#include "diag.h"

typedef struct layout_rgb {
    double r, g, b; /* 0–1 */
} layout_rgb;

typedef enum { LAYOUT_COVER_BAND, LAYOUT_COVER_PLAIN, LAYOUT_COVER_SIDEBAR } layout_cover;
typedef enum { LAYOUT_TABLE_ZEBRA, LAYOUT_TABLE_RULES } layout_table_style;
typedef enum {
    LAYOUT_LOGO_NONE,
    LAYOUT_LOGO_COVER_LEFT,
    LAYOUT_LOGO_COVER_RIGHT,
    LAYOUT_LOGO_HEADER_LEFT,  /* in every running header, and on the cover */
    LAYOUT_LOGO_HEADER_RIGHT
} layout_logo;

typedef struct layout {
    char *name;      /* display name */
    char *path;      /* the file read, or NULL for the built-in defaults */
    double page_w, page_h;                             /* points */
    double margin_top, margin_bottom, margin_left, margin_right; /* points */
    char *font_body, *font_heading, *font_numbers;     /* family names from fonts/ */
    double font_size;                                  /* body size in points */
    double line_height;                                /* factor of the font size */
    layout_rgb primary, accent, text, muted, rule;
    layout_rgb action[4];                              /* action lines 1–4 */
    char *logo_path;                                   /* absolute, or NULL */
    layout_logo logo_pos;
    double logo_width;                                 /* points */
    layout_cover cover;
    bool justify;                                      /* false: ragged right */
    bool heading_numbers;
    layout_table_style table_style;
    char *language;                                    /* "nl" or "en" */
    char *sections;                                    /* raw list as written */
    char **section_ids;                                /* split, trimmed, lower case */
    int section_count;
} layout;

/* The built-in defaults (A4, Inter, neutral colours). Never NULL. */
layout *layout_default(void);

/* Reads a layout file over the defaults. Unknown keys and bad values are reported to `d` with
 * file and line and then ignored (the default stays). Returns NULL only when the file cannot be
 * read; `path` NULL gives the defaults. The logo path is resolved against the file's folder. */
layout *layout_load(const char *path, diag_list *d);

/* Finds a layout by name ("standaard") in data_dir/layouts, or takes `name` as a path when it
 * contains '/' or ends in ".ini". Returns NULL (with a diagnostic) when not found. */
layout *layout_find(const char *name, const char *data_dir, diag_list *d);

void layout_free(layout *l); /* NULL is a no-op */

/* Whether section `id` is listed (case-insensitive); true for every id when none are listed. */
bool layout_has_section(const layout *l, const char *id);

/* Relative luminance (WCAG) of a colour, for grayscale checks. */
double layout_luminance(layout_rgb c);

#endif
