/* The model of one job: growable arrays of budget lines, activities and mapping rules. */
#include "model.h"

#include <stdlib.h>
#include <string.h>

model *model_new(void)
{
    model *m = calloc(1, sizeof *m);
    if (!m) return NULL;
    m->tracks_per_actionline = true;
    for (int i = 0; i < MODEL_MAX_YEARS; i++) m->framework_received[i] = -1;
    return m;
}

/* Grows an array of `size`-byte items to hold one more; returns the new item (zeroed) or NULL. */
static void *grow(void **items, int *count, int *cap, size_t size)
{
    if (*count == *cap) {
        int ncap = *cap ? *cap * 2 : 32;
        void *n = realloc(*items, (size_t)ncap * size);
        if (!n) return NULL;
        *items = n;
        *cap = ncap;
    }
    void *item = (char *)*items + (size_t)(*count)++ * size;
    memset(item, 0, size);
    return item;
}

budget_line *model_add_line(model *m)
{
    return grow((void **)&m->lines, &m->nlines, &m->cap_lines, sizeof *m->lines);
}

activity *model_add_activity(model *m)
{
    activity *a = grow((void **)&m->activities, &m->nactivities, &m->cap_activities, sizeof *m->activities);
    if (a) {
        a->reach = -1;
        a->subtheme = -1;
    }
    return a;
}

mapping_rule *model_add_rule(model *m)
{
    return grow((void **)&m->rules, &m->nrules, &m->cap_rules, sizeof *m->rules);
}

const char *model_intern(model *m, const char *s)
{
    if (!s) return NULL;
    for (int i = 0; i < m->nstrings; i++)
        if (!strcmp(m->strings[i], s)) return m->strings[i];
    char *copy = strdup(s);
    char **slot = copy ? grow((void **)&m->strings, &m->nstrings, &m->cap_strings, sizeof *m->strings) : NULL;
    if (!slot) {
        free(copy);
        return "";
    }
    *slot = copy;
    return copy;
}

int model_year_count(const model *m)
{
    return m->last_year >= m->first_year ? m->last_year - m->first_year + 1 : 0;
}

int model_year_index(const model *m, int year)
{
    if (year < m->first_year || year > m->last_year) return -1;
    return year - m->first_year;
}

const mapping_rule *model_rule_for(const model *m, const budget_line *b)
{
    char line[256], category[256];
    text_fold(b->line, line, sizeof line);
    /* a line without a category (a wide table's row label) may be mapped by a category rule */
    text_fold(b->category && b->category[0] ? b->category : b->line, category, sizeof category);
    const mapping_rule *by_category = NULL;
    for (int i = 0; i < m->nrules; i++) {
        const mapping_rule *r = &m->rules[i];
        if (r->match == MATCH_LINE && line[0] && !strcmp(r->fold_key, line)) return r;
        if (r->match == MATCH_CATEGORY && !by_category && category[0] && !strcmp(r->fold_key, category))
            by_category = r;
    }
    return by_category;
}

void model_free(model *m)
{
    if (!m) return;
    free(m->inst.name); free(m->inst.brin); free(m->inst.slug);
    free(m->language); free(m->layout_path); free(m->job_path);
    for (int i = 0; i < m->nlines; i++) {
        free(m->lines[i].line); free(m->lines[i].category); free(m->lines[i].note);
    }
    for (int i = 0; i < m->nactivities; i++) {
        activity *a = &m->activities[i];
        free(a->id); free(a->name); free(a->type_code); free(a->explanation);
    }
    for (int i = 0; i < m->nrules; i++) {
        free(m->rules[i].key); free(m->rules[i].fold_key); free(m->rules[i].reason);
    }
    for (int i = 0; i < m->ninputs; i++) {
        free(m->inputs[i].role); free(m->inputs[i].path);
    }
    for (int i = 0; i < m->nstrings; i++) free(m->strings[i]);
    free(m->lines); free(m->activities); free(m->rules); free(m->strings);
    free(m);
}
