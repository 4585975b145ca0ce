/* Chart style defaults and colour handling: resolving colour references, fills with optional
 * hatching (a second cue for grayscale print) and readable text colours on top of fills. */
#include <math.h>

#include "chart/chart_int.h"

static chart_rgb hex(unsigned v)
{
    return (chart_rgb){ ((v >> 16) & 0xff) / 255.0, ((v >> 8) & 0xff) / 255.0, (v & 0xff) / 255.0 };
}

void chart_style_default(chart_style *s, money_lang lang)
{
    *s = (chart_style){ 0 };
    s->font_family = "Inter";
    s->base_size = 8.0;
    s->text = hex(0x1d2330);
    s->muted = hex(0x5f6672);
    s->grid = hex(0xdde1e7);
    s->axis = hex(0x3c4350);
    s->background = hex(0xffffff);
    /* Blue/orange hues stay apart for the common colour-vision deficiencies, and CIE lightness
     * steps of about 20 (26, 49, 68, 85) keep the four lines distinct in grayscale print. */
    s->actionline[0] = hex(0x1f3b73);
    s->actionline[1] = hex(0xc4520a);
    s->actionline[2] = hex(0x5aafe6);
    s->actionline[3] = hex(0xf3d06b);
    s->unallocated = hex(0xb4b8bf);
    const unsigned pal[] = { 0x1f3b73, 0xc4520a, 0x5aafe6, 0xf3d06b,
                             0x6b4c9a, 0x2a8c82, 0x8a8f99, 0xe78ac3 };
    for (int i = 0; i < CHART_PALETTE_MAX; i++) s->palette[i] = hex(pal[i]);
    s->palette_count = CHART_PALETTE_MAX;
    s->scale_low = hex(0xeef1f6);
    s->scale_high = hex(0x1f3b73);
    s->lang = lang;
    s->patterns = false;
    s->title_in_chart = true;
}

chart_rgb color_resolve(const chart_style *st, int ref, int position)
{
    if (ref == CHART_COLOR_AUTO) ref = CHART_COLOR_PALETTE + (position < 0 ? 0 : position);
    if (ref >= CHART_COLOR_ACTIONLINE && ref < CHART_COLOR_ACTIONLINE + 4) return st->actionline[ref];
    if (ref == CHART_COLOR_UNALLOCATED) return st->unallocated;
    if (ref == CHART_COLOR_MUTED) return st->muted;
    int n = st->palette_count > 0 ? st->palette_count : 1;
    int i = ref >= CHART_COLOR_PALETTE ? (ref - CHART_COLOR_PALETTE) % n : 0;
    return st->palette[i];
}

void set_rgb(cairo_t *cr, chart_rgb c)
{
    cairo_set_source_rgb(cr, c.r, c.g, c.b);
}

static double lin(double v)
{
    return v <= 0.04045 ? v / 12.92 : pow((v + 0.055) / 1.055, 2.4);
}

static double luminance(chart_rgb c)
{
    return 0.2126 * lin(c.r) + 0.7152 * lin(c.g) + 0.0722 * lin(c.b);
}

chart_rgb text_on(const chart_style *st, chart_rgb fill)
{
    /* Pick whichever of text colour and white has the larger WCAG contrast with the fill. */
    double lf = luminance(fill), lt = luminance(st->text);
    double c_dark = (lf + 0.05) / (lt + 0.05), c_white = 1.05 / (lf + 0.05);
    return c_dark >= c_white ? st->text : (chart_rgb){ 1, 1, 1 };
}

/* Hatch number for a colour reference: 0 none, 1 diagonal, 2 dots, 3 crosshatch. The
 * unallocated bucket is always hatched: it is not a part of the framework. */
static int hatch_of(const chart_style *st, int ref, int position)
{
    if (ref == CHART_COLOR_UNALLOCATED) return 1;
    if (!st->patterns) return 0;
    if (ref == CHART_COLOR_AUTO) ref = CHART_COLOR_PALETTE + position;
    if (ref >= 0 && ref < 4) return ref;
    if (ref >= CHART_COLOR_PALETTE) return (ref - CHART_COLOR_PALETTE) % 4;
    return 0;
}

static void hatch_current_path(chart_ctx *c, int kind, chart_rgb fill)
{
    cairo_t *cr = c->cr;
    double x1, y1, x2, y2;
    cairo_save(cr);
    cairo_clip_preserve(cr);
    cairo_fill_extents(cr, &x1, &y1, &x2, &y2);
    cairo_new_path(cr);
    set_rgb(cr, text_on(c->st, fill));
    cairo_set_line_width(cr, 0.5);
    double step = 3.0, span = (x2 - x1) + (y2 - y1);
    if (kind == 2) {
        for (double yy = y1 + 1; yy < y2; yy += step)
            for (double xx = x1 + 1 + fmod(yy, 2 * step) / 2; xx < x2; xx += step) {
                cairo_new_sub_path(cr);
                cairo_arc(cr, xx, yy, 0.45, 0, 2 * M_PI);
            }
        cairo_fill(cr);
    } else {
        for (double d = 0; d < span; d += step) {
            cairo_move_to(cr, x1 + d, y1);
            cairo_line_to(cr, x1 + d - (y2 - y1), y2);
            if (kind == 3) {
                cairo_move_to(cr, x1 + d - (y2 - y1), y1);
                cairo_line_to(cr, x1 + d, y2);
            }
        }
        cairo_stroke(cr);
    }
    cairo_restore(cr);
}

bool is_hatched(const chart_style *st, int ref, int position)
{
    return hatch_of(st, ref, position) != 0;
}

void fill_current_path(chart_ctx *c, int ref, int position)
{
    chart_rgb col = color_resolve(c->st, ref, position);
    set_rgb(c->cr, col);
    int h = hatch_of(c->st, ref, position);
    if (h == 0) {
        cairo_fill(c->cr);
        return;
    }
    cairo_fill_preserve(c->cr);
    hatch_current_path(c, h, col);
    cairo_new_path(c->cr);
}

void fill_rect(chart_ctx *c, chart_box b, int ref, int position)
{
    if (b.w <= 0 || b.h <= 0) return;
    cairo_rectangle(c->cr, b.x, b.y, b.w, b.h);
    fill_current_path(c, ref, position);
}

int series_color(const chart_data *d, int s)
{
    int ref = d->series[s].color;
    return ref == CHART_COLOR_AUTO ? CHART_COLOR_PALETTE + s : ref;
}

int category_color(const chart_data *d, int k)
{
    int ref = d->category_color ? d->category_color[k] : CHART_COLOR_AUTO;
    return ref == CHART_COLOR_AUTO ? CHART_COLOR_PALETTE + k : ref;
}
