/* The standard appendix workbook: workbook setup, formats, document properties and the helpers the
 * sheet writers in src/xlsx/ share. The sheets themselves live in src/xlsx/sheet_*.c; the format
 * contract (sheet names, fixed cells) is src/xlsx/appendix.h. */
#include "render_xlsx.h"

#include "xlsx/appendix.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NUM_EURO "[$\xE2\x82\xAC-413] #,##0.00;[$\xE2\x82\xAC-413] -#,##0.00"

static lxw_format *new_format(lxw_workbook *wb, const char *num, bool bold, double size)
{
    lxw_format *f = workbook_add_format(wb);
    format_set_font_name(f, "Calibri");
    format_set_font_size(f, size);
    if (num) format_set_num_format(f, num);
    if (bold) format_set_bold(f);
    format_set_align(f, LXW_ALIGN_VERTICAL_TOP);
    return f;
}

void xw_make_formats(lxw_workbook *wb, xw_formats *f)
{
    f->title = new_format(wb, NULL, true, 14);
    f->subtitle = new_format(wb, NULL, false, 11);
    format_set_italic(f->subtitle);
    f->head = new_format(wb, NULL, true, 11);
    format_set_bottom(f->head, LXW_BORDER_THIN);
    format_set_bg_color(f->head, 0xDDE6F0);
    format_set_text_wrap(f->head);
    f->head_num = new_format(wb, "0", true, 11);
    format_set_bottom(f->head_num, LXW_BORDER_THIN);
    format_set_bg_color(f->head_num, 0xDDE6F0);
    format_set_align(f->head_num, LXW_ALIGN_RIGHT);
    f->text = new_format(wb, "@", false, 11);
    f->wrap = new_format(wb, "@", false, 11);
    format_set_text_wrap(f->wrap);
    f->bold = new_format(wb, "@", true, 11);
    f->note = new_format(wb, "@", false, 10);
    format_set_italic(f->note); /* no wrap: a note runs on over the empty cells beside it */
    f->money = new_format(wb, NUM_EURO, false, 11);
    f->money_bold = new_format(wb, NUM_EURO, true, 11);
    f->money_total = new_format(wb, NUM_EURO, true, 11);
    format_set_top(f->money_total, LXW_BORDER_THIN);
    f->pct = new_format(wb, "0.0%", false, 11);
    f->weight = new_format(wb, "0.00##%", false, 11);
    f->count = new_format(wb, "#,##0", false, 11);
    f->year = new_format(wb, "0", false, 11);
}

/* The creation time written to docProps/core.xml: the model's report date, or 1 January of the
 * report year when it has none (libxlsxwriter would use the clock for 0). */
static time_t created_time(const model *m)
{
    if (m->created > 0) return (time_t)m->created;
    struct tm tm = { 0 };
    tm.tm_year = (m->report_year > 1970 ? m->report_year : 2023) - 1900;
    tm.tm_mday = 1;
    return timegm(&tm);
}

static void set_properties(xw_ctx *c)
{
    const model *m = c->m;
    char title[300];
    snprintf(title, sizeof title, "Bijlage studentenwelzijn %d - %.200s", m->report_year,
             m->inst.name ? m->inst.name : "");
    char *t = xs_clean_text(title, NULL), *name = xs_clean_text(m->inst.name, NULL);
    char *brin = xs_clean_text(m->inst.brin, NULL);
    lxw_doc_properties p = { 0 };
    p.title = t;
    p.subject = "Besteding kadermiddelen Landelijk Kader Studentenwelzijn";
    p.author = name;
    p.company = name;
    p.category = APPENDIX_FORMAT_ID;
    p.keywords = "kaderrapport-bijlage, studentenwelzijn, Landelijk Kader Studentenwelzijn";
    p.comments = "Standaardbijlage, formaat " APPENDIX_FORMAT_ID " versie 1; gemaakt met kaderrapport " KR_VERSION;
    p.created = created_time(m);
    lxw_workbook *wb = c->w.wb;
    if (t && name && brin) {
        workbook_set_properties(wb, &p);
        workbook_set_custom_property_string(wb, "KR_Formaat", APPENDIX_FORMAT_ID);
        workbook_set_custom_property_integer(wb, "KR_Versie", APPENDIX_VERSION);
        workbook_set_custom_property_string(wb, "KR_Generator", "kaderrapport " KR_VERSION);
        if (*brin) workbook_set_custom_property_string(wb, "KR_BRIN", brin);
        workbook_set_custom_property_integer(wb, "KR_Jaar", m->report_year);
    }
    free(t); free(name); free(brin);
}

int xw_year_kind(const allocation *a, int yi)
{
    if (a->totals.nlines[yi][KIND_REALISATIE] > 0) return KIND_REALISATIE;
    if (a->totals.nlines[yi][KIND_BEGROTING] > 0) return KIND_BEGROTING;
    return -1;
}

const char *xw_kind_name(int kind)
{
    return kind == KIND_REALISATIE ? "realisatie" : kind == KIND_BEGROTING ? "begroting" : "geen gegevens";
}

/* Escapes '&' for Excel's header/footer codes and keeps the result well under the 255-byte
 * limit, cutting only at a character boundary. */
static void footer_name(const char *name, char *out, size_t size)
{
    char *clean = xs_clean_text(name, NULL);
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)(clean ? clean : ""); *p;) {
        size_t len = *p >= 0xF0 ? 4 : *p >= 0xE0 ? 3 : *p >= 0xC0 ? 2 : 1; /* clean: valid UTF-8 */
        if (o + len + 2 > size) break; /* whole characters only */
        if (*p == '&') out[o++] = '&';
        memcpy(out + o, p, len);
        o += len;
        p += len;
    }
    out[o] = '\0';
    free(clean);
}

void xw_page_setup(xw_ctx *c, lxw_worksheet *ws, int header_row, int frozen_cols)
{
    if (!ws) return;
    worksheet_set_landscape(ws);
    worksheet_set_paper(ws, 9); /* A4 */
    worksheet_fit_to_pages(ws, 1, 0);
    worksheet_set_margins(ws, 0.5, 0.5, 0.6, 0.6);
    if (header_row >= 0) {
        worksheet_repeat_rows(ws, (lxw_row_t)header_row, (lxw_row_t)header_row);
        worksheet_freeze_panes(ws, (lxw_row_t)(header_row + 1), (lxw_col_t)frozen_cols);
    }
    char name[120], footer[200];
    footer_name(c->m->inst.name, name, sizeof name);
    snprintf(footer, sizeof footer, "&L%s&RPagina &P van &N", name);
    worksheet_set_footer(ws, footer);
}

void xw_title(xw_ctx *c, lxw_worksheet *ws, const char *title, const char *subtitle)
{
    xs_text(&c->w, ws, 0, 0, title, c->f.title);
    if (subtitle) xs_text(&c->w, ws, 1, 0, subtitle, c->f.subtitle);
}

void xw_header(xw_ctx *c, lxw_worksheet *ws, int row, const char *const *labels, int n)
{
    for (int i = 0; i < n; i++) xs_text(&c->w, ws, row, i, labels[i], c->f.head);
}

void xw_define_range(xw_ctx *c, const char *name, const char *sheet, int r1, int c1, int r2, int c2)
{
    char ref[200];
    xs_range_ref(ref, sizeof ref, sheet, r1, c1, r2 < r1 ? r1 : r2, c2 < c1 ? c1 : c2);
    xs_define(&c->w, name, ref);
}

bool render_xlsx(const model *m, const allocation *a, const char *path, diag_list *d)
{
    xw_ctx c = { 0 };
    c.m = m;
    c.a = a;
    c.w.d = d;
    c.w.path = path;
    /* Opening the file ourselves first gives a proper diagnostic (libxlsxwriter would only print
     * to stderr); the library then truncates and writes the same path. */
    FILE *probe = fopen(path, "wb");
    if (!probe) {
        srcloc loc = { path, NULL, 0, 0 };
        diag_error(d, loc, "check that the output directory exists and is writable",
                   "cannot create the appendix workbook: %s", strerror(errno));
        return false;
    }
    fclose(probe);
    lxw_workbook_options opt = { 0 };
    c.w.wb = workbook_new_opt(path, &opt);
    if (!c.w.wb) {
        srcloc loc = { path, NULL, 0, 0 };
        diag_error(d, loc, NULL, "cannot create the appendix workbook (out of memory?)");
        remove(path);
        return false;
    }
    xw_make_formats(c.w.wb, &c.f);
    set_properties(&c);
    xw_sheet_toelichting(&c);
    xw_sheet_besteding(&c);
    xw_sheet_begroting(&c);
    xw_sheet_bronnen(&c);
    xw_sheet_activiteiten(&c);
    xw_sheet_monitoring(&c);
    xw_sheet_toewijzing(&c);
    xw_sheet_aansluiting(&c);
    lxw_error err = workbook_close(c.w.wb); /* frees the workbook in every case */
    if (err != LXW_NO_ERROR && !c.w.failed) {
        srcloc loc = { path, NULL, 0, 0 };
        diag_error(d, loc, NULL, "cannot write the appendix workbook: %s", lxw_strerror(err));
        c.w.failed = true;
    }
    if (c.w.failed) {
        remove(path);
        return false;
    }
    if (c.w.cleaned) {
        srcloc loc = { path, NULL, 0, 0 };
        diag_warn(d, loc, "check the texts in the activity list and the mapping",
                  "%d text value%s adjusted for Excel (invalid characters replaced, or cut at 32,767 characters)",
                  c.w.cleaned, c.w.cleaned == 1 ? " was" : "s were");
    }
    return true;
}
