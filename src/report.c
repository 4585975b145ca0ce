/* The jaarverslag section: sets up the context, the document and the chart style from the layout,
 * and adds the sections in the order the layout lists them. */
#include "report_int.h"

#include <stdlib.h>
#include <string.h>

/* Chart colours and fonts follow the layout, so charts and tables match. */
static void chart_style_from_layout(report_ctx *c)
{
    chart_style_default(&c->cs, c->ml);
    const layout *l = c->lay;
    c->cs.font_family = l->font_body;
    c->cs.title_family = l->font_heading;
    c->cs.base_size = l->font_size * 0.8;
    for (int i = 0; i < 4; i++) c->cs.actionline[i] = (chart_rgb){ l->action[i].r, l->action[i].g, l->action[i].b };
    c->cs.text = (chart_rgb){ l->text.r, l->text.g, l->text.b };
    c->cs.muted = (chart_rgb){ l->muted.r, l->muted.g, l->muted.b };
    c->cs.title_in_chart = false;
}

static void init_ctx(report_ctx *c, const model *m, const job *j, const allocation *a, const layout *lay)
{
    memset(c, 0, sizeof *c);
    c->m = m;
    c->j = j;
    c->a = a;
    c->t = &a->totals;
    c->lay = lay;
    c->en = m->language && !strcmp(m->language, "en");
    c->ml = c->en ? MONEY_FMT_EN : MONEY_FMT_NL;
    c->nyears = model_year_count(m);
    c->ry = model_year_index(m, m->report_year);
    c->variance_threshold_pct = j ? j->variance_threshold_pct : 10;
    for (int y = 0; y < c->nyears; y++)
        c->kind[y] = a->totals.nlines[y][KIND_REALISATIE] > 0 ? KIND_REALISATIE : KIND_BEGROTING;
    chart_style_from_layout(c);
}

static const char *report_title(const report_ctx *c)
{
    if (c->j && c->j->title) return c->j->title;
    return r_fmt("%s %d", L(c, "Verantwoording middelen studentenwelzijn", "Student wellbeing funds: annual account"),
                 c->m->report_year);
}

void report_cover(report_ctx *c)
{
    char title[256], period[128], date[64];
    snprintf(title, sizeof title, "%s", report_title(c));
    if (c->m->first_year == c->m->last_year)
        snprintf(period, sizeof period, "%s %d", L(c, "Landelijk Kader Studentenwelzijn · jaar", "National Framework for Student Wellbeing · year"),
                 c->m->first_year);
    else
        snprintf(period, sizeof period, "%s %d–%d", L(c, "Landelijk Kader Studentenwelzijn · jaren", "National Framework for Student Wellbeing · years"),
                 c->m->first_year, c->m->last_year);
    snprintf(date, sizeof date, "%s", r_date(c, c->m->created));
    doc_cover_info info = {
        .title = title,
        .subtitle = L(c, "Onderdeel van het jaarverslag", "Section of the annual report"),
        .institution = c->m->inst.name,
        .period = period,
        .date_text = date,
        .note = L(c, "Bedragen in euro. Toerekening aan actielijnen en subthema's volgens de gewichten in hoofdstuk Methode.",
                  "Amounts in euro. Attribution to action lines and subthemes follows the weights in the Method chapter."),
    };
    doc_cover(c->doc, &info);
}

typedef struct section_entry {
    const char *id;
    const char *aliases; /* other names a layout may use, '|'-separated */
    void (*add)(report_ctx *c);
} section_entry;

static const section_entry sections[] = {
    { "samenvatting", "summary|kerncijfers", report_summary },
    { "besteding", "spending|besteding-actielijnen|besteding-subthemas", report_spending },
    { "begroting-realisatie", "budget-actuals", report_budget_vs_actual },
    { "financiering", "funding|financieringsbronnen", report_funding },
    { "actielijnen", "actionlines|activiteiten", report_actionlines },
    { "dekking", "coverage|monitoring", report_coverage },
    { "methode", "method|toewijzing|aansluiting", report_method },
    { "bijlage", "appendix", report_appendix },
};
#define NSECTIONS ((int)(sizeof sections / sizeof *sections))

/* Index of the section a layout id names, or -1. */
static int section_index(const char *id)
{
    for (int i = 0; i < NSECTIONS; i++) {
        if (!strcmp(id, sections[i].id)) return i;
        const char *a = sections[i].aliases;
        size_t n = strlen(id);
        while (a && *a) {
            const char *bar = strchr(a, '|');
            size_t len = bar ? (size_t)(bar - a) : strlen(a);
            if (len == n && !strncmp(a, id, n)) return i;
            a = bar ? bar + 1 : NULL;
        }
    }
    return -1;
}

/* Cover and contents first, then the sections in the layout's order (each once), or all of them
 * in the default order when the layout lists none. */
static void add_sections(report_ctx *c)
{
    const layout *l = c->lay;
    report_cover(c);
    doc_toc(c->doc);
    bool done[NSECTIONS] = { false };
    for (int k = 0; k < l->section_count; k++) {
        int i = section_index(l->section_ids[k]);
        if (i < 0 || done[i]) continue;
        done[i] = true;
        sections[i].add(c);
    }
    if (l->section_count == 0)
        for (int i = 0; i < NSECTIONS; i++) sections[i].add(c);
}

bool report_render_pdf(const model *m, const job *j, const allocation *a, const layout *lay, const char *path,
                       int *pages, diag_list *d)
{
    report_ctx c;
    init_ctx(&c, m, j, a, lay);
    char creator[64], keywords[256], subject[256];
    snprintf(creator, sizeof creator, "kaderrapport %s", KR_VERSION);
    snprintf(keywords, sizeof keywords, "%s, %s, %d, %s", L(&c, "studentenwelzijn", "student wellbeing"),
             L(&c, "Landelijk Kader Studentenwelzijn", "National Framework for Student Wellbeing"), m->report_year, m->inst.brin);
    snprintf(subject, sizeof subject, "%s %s %d", L(&c, "Verantwoording kadermiddelen studentenwelzijn", "Account of student wellbeing funds"),
             m->inst.name, m->report_year);
    char title[256];
    snprintf(title, sizeof title, "%s", report_title(&c));
    doc_meta meta = { .title = title, .author = m->inst.name, .subject = subject, .keywords = keywords,
                      .creator = creator, .language = m->language, .created = m->created };
    c.doc = doc_new(lay, &meta);
    add_sections(&c);
    bool ok = doc_render(c.doc, path, pages, d);
    doc_free(c.doc);
    return ok;
}
