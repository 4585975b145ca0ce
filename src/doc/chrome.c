/* Running header and footer ("pagina X van Y") and the logo. They are drawn when a page is
 * closed, outside every structure tag, so assistive technology does not read them as text. */
#include "doc/doc_internal.h"

#include <string.h>

void draw_logo(rctx *r, double x, double y, double w, bool right_align)
{
    if (!r->draw || !r->logo) return;
    int iw = cairo_image_surface_get_width(r->logo), ih = cairo_image_surface_get_height(r->logo);
    if (iw <= 0 || ih <= 0) return;
    double s = w / iw;
    cairo_save(r->cr);
    cairo_translate(r->cr, right_align ? x - w : x, y);
    cairo_scale(r->cr, s, s);
    cairo_set_source_surface(r->cr, r->logo, 0, 0);
    cairo_paint(r->cr);
    cairo_restore(r->cr);
}

static PangoLayout *small(rctx *r, const char *plain, double width)
{
    char *m = text_prepare_plain(plain ? plain : "", r->lang, false);
    text_style st = text_body(r);
    st.size *= 0.8;
    st.justify = false;
    st.tnum = true;
    st.ellipsize = true;
    PangoLayout *l = text_layout(r, m, &st, width);
    g_free(m);
    return l;
}

static void header(rctx *r)
{
    const layout *L = r->L;
    double rule_y = L->margin_top - 12, x0 = r->x0, x1 = r->x0 + r->width;
    if (r->logo && (L->logo_pos == LAYOUT_LOGO_HEADER_LEFT || L->logo_pos == LAYOUT_LOGO_HEADER_RIGHT)) {
        double h = MIN(22.0, rule_y - 14);
        double w = h * cairo_image_surface_get_width(r->logo) / cairo_image_surface_get_height(r->logo);
        bool right = L->logo_pos == LAYOUT_LOGO_HEADER_RIGHT;
        draw_logo(r, right ? x1 : x0, rule_y - 4 - h, w, right);
        if (right) x1 -= w + 12;
        else x0 += w + 12;
    }
    PangoLayout *t = small(r, r->d->title, (x1 - x0) * 0.48);
    PangoLayout *c = small(r, r->page_chapter ? r->page_chapter : "", (x1 - x0) * 0.48);
    double ty = rule_y - 4 - text_height(t);
    text_draw(r, t, x0, ty, L->muted);
    text_draw(r, c, x1 - text_width(c), ty, L->muted);
    set_rgb(r, L->rule);
    cairo_set_line_width(r->cr, 0.5);
    cairo_move_to(r->cr, r->x0, rule_y);
    cairo_line_to(r->cr, r->x0 + r->width, rule_y);
    cairo_stroke(r->cr);
    g_object_unref(t);
    g_object_unref(c);
}

static void footer(rctx *r)
{
    const layout *L = r->L;
    double y = L->page_h - L->margin_bottom + 1.4 * L->font_size;
    int total = r->total > 0 ? r->total : r->page;
    char *pg = strcmp(r->lang, "en") == 0 ? g_strdup_printf("page %d of %d", r->page, total)
                                          : g_strdup_printf("pagina %d van %d", r->page, total);
    PangoLayout *p = small(r, pg, 0);
    PangoLayout *a = small(r, r->d->author ? r->d->author : "", r->width * 0.6);
    text_draw(r, a, r->x0, y, L->muted);
    text_draw(r, p, r->x0 + r->width - text_width(p), y, L->muted);
    g_object_unref(p);
    g_object_unref(a);
    g_free(pg);
}

void chrome_draw(rctx *r)
{
    if (!r->draw) return;
    art_begin(r);
    header(r);
    footer(r);
    art_end(r);
}
