/* Loading the activity list and the mapping (toewijzing), and the cross-checks between them and
 * the budget. */
#include "load.h"

#include "table.h"

#include <glib.h>
#include <stdlib.h>
#include <string.h>

enum { A_ID, A_NAME, A_SUBTHEME, A_STATUS, A_REACH, A_MONITORING, A_TYPE, A_NOTE, A_NCOLS };

static const table_column_spec activity_specs[A_NCOLS] = {
    [A_ID] = { "id", "id|nr|nummer|code|activiteitid|activityid", true, false },
    [A_NAME] = { "naam", "naam|name|activiteit|activity|omschrijving|beschrijving|description|titel", true, false },
    [A_SUBTHEME] = { "subthema", "subthema|subtheme|thema|theme|kadersubthema", true, false },
    [A_STATUS] = { "status", "status|stand|fase", false, false },
    [A_REACH] = { "bereik", "bereik|reach|aantalstudenten|studentenbereikt|deelnemers|participants", false, false },
    [A_MONITORING] = { "monitoring", "monitoring|monitoringsniveau|monitoringniveau|monitoringlevel|meting", false, false },
    [A_TYPE] = { "activiteitcode", "activiteitcode|activiteitstype|typecode|activitytype|codeevaluatie|type", false, false },
    [A_NOTE] = { "toelichting", "toelichting|explanation|note|notes|uitleg|opmerking", false, false },
};

enum { M_TYPE, M_KEY, M_TARGET, M_WEIGHT, M_NOTE, M_NCOLS };

static const table_column_spec mapping_specs[M_NCOLS] = {
    [M_TYPE] = { "type", "type|soort|niveau|level|kind", false, false },
    [M_KEY] = { "sleutel", "sleutel|key|naam|name|categorie|category|regel|line|pijler", true, false },
    [M_TARGET] = { "subthema", "subthema|subtheme|doel|target|kadersubthema", true, false },
    [M_WEIGHT] = { "gewicht", "gewicht|weight|percentage|aandeel|share|procent|pct", true, false },
    [M_NOTE] = { "toelichting", "toelichting|note|reden|reason|explanation|opmerking", false, false },
};

/* Looks up a vocabulary cell; empty gives `fallback`. Unknown values are errors. */
static int vocab_cell(const grid *g, int r, int c, const vocab_entry *v, int n, int fallback, const char *what,
                      const char *hint, diag_list *d)
{
    const char *text = c >= 0 ? grid_text(g, r, c) : "";
    if (!text[0]) return fallback;
    int idx = vocab_lookup(v, n, text);
    if (idx < 0) {
        diag_error(d, grid_loc(g, r, c), hint, "%s %s is unknown", what, diag_quote(text));
        return fallback;
    }
    return idx;
}

static void read_activity_row(model *m, const grid *g, const table_map *map, int r, diag_list *d)
{
    const int *col = map->col;
    activity *a = model_add_activity(m);
    if (!a) return;
    a->id = load_text(g, r, col[A_ID]);
    a->name = load_text(g, r, col[A_NAME]);
    a->type_code = load_text(g, r, col[A_TYPE]);
    a->explanation = load_text(g, r, col[A_NOTE]);
    a->loc = grid_loc(g, r, col[A_ID]);
    a->loc.file = model_intern(m, a->loc.file);
    a->loc.sheet = model_intern(m, a->loc.sheet);
    if (!a->id[0]) diag_error(d, a->loc, "give every activity a unique id", "activity id is empty");
    if (!a->name[0]) diag_error(d, grid_loc(g, r, col[A_NAME]), "describe the activity in one sentence", "activity name is empty");
    const char *st = grid_text(g, r, col[A_SUBTHEME]);
    a->subtheme = kader_subtheme_index(st);
    if (a->subtheme < 0)
        diag_error(d, grid_loc(g, r, col[A_SUBTHEME]), "subthemes are 1.1-1.4, 2.1-2.6, 3.1-3.3 and 4.1-4.2",
                   "subtheme %s is not a subtheme of the framework", diag_quote(st));
    a->status = (activity_status)vocab_cell(g, r, col[A_STATUS], kader_statuses, STATUS_COUNT, STATUS_RUNNING,
                                            "status", "statuses: gepland, lopend, afgerond, gestopt, niet-actief", d);
    a->monitoring = (monitoring_level)vocab_cell(
        g, r, col[A_MONITORING], kader_monitoring, MON_COUNT, MON_NONE, "monitoring level",
        "levels: geen, output-kwantitatief, output-kwalitatief, outcome-kwantitatief, outcome-kwalitatief, landelijke-monitor", d);
    long long reach;
    if (col[A_REACH] >= 0 && table_integer(g, r, col[A_REACH], 0, 100000000, true, &reach, d) &&
        grid_text(g, r, col[A_REACH])[0])
        a->reach = reach;
    if (a->type_code[0] && a->subtheme >= 0) {
        size_t n = strlen(kader_subthemes[a->subtheme].code);
        if (strncmp(a->type_code, kader_subthemes[a->subtheme].code, n) != 0 || a->type_code[n] != '.')
            diag_warn(d, grid_loc(g, r, col[A_TYPE]), "activity-type codes start with their subtheme code, e.g. 2.6.1 under 2.6",
                      "activity-type code %s does not belong to subtheme %s", diag_quote(a->type_code),
                      kader_subthemes[a->subtheme].code);
    }
}

/* Duplicate ids make the appendix ambiguous: each one is an error at its second occurrence. */
static void check_duplicate_ids(const model *m, int first, diag_list *d)
{
    for (int i = first; i < m->nactivities; i++)
        for (int k = first; k < i; k++)
            if (m->activities[i].id[0] && !strcmp(m->activities[i].id, m->activities[k].id)) {
                char where[256];
                diag_error(d, m->activities[i].loc, NULL, "activity id %s is used twice (first at %s)",
                           diag_quote(m->activities[i].id), srcloc_format(m->activities[k].loc, where, sizeof where));
                break;
            }
}

bool load_activities(model *m, const job *j, diag_list *d)
{
    if (!j->activities.path) return true;
    table_map map;
    grid *g = load_open_table(m, j, "activiteiten", j->activities.path, j->activities.shown, j->activities.sheet,
                              activity_specs, A_NCOLS, false, &map, d);
    if (!g) return false;
    int first = m->nactivities;
    for (int r = map.header_row + 1; r < g->rows; r++)
        if (!table_row_empty(g, r) && !load_is_example_row(g, r)) read_activity_row(m, g, &map, r, d);
    check_duplicate_ids(m, first, d);
    grid_free(g);
    return true;
}

/* Finds or creates the rule for (match, key). */
static mapping_rule *rule_for_key(model *m, mapping_match match, const char *key, const char *fold, srcloc loc)
{
    for (int i = 0; i < m->nrules; i++)
        if (m->rules[i].match == match && !strcmp(m->rules[i].fold_key, fold)) return &m->rules[i];
    mapping_rule *r = model_add_rule(m);
    if (!r) return NULL;
    r->match = match;
    r->key = strdup(key);
    r->fold_key = strdup(fold);
    r->reason = strdup("");
    r->loc = loc;
    return r;
}

static void read_mapping_row(model *m, const grid *g, const table_map *map, int r, diag_list *d)
{
    const int *col = map->col;
    const char *type = col[M_TYPE] >= 0 ? grid_text(g, r, col[M_TYPE]) : "";
    char tkey[32];
    text_fold(type, tkey, sizeof tkey);
    mapping_match match = MATCH_CATEGORY;
    if (!strcmp(tkey, "regel") || !strcmp(tkey, "line") || !strcmp(tkey, "budgetregel") || !strcmp(tkey, "post"))
        match = MATCH_LINE;
    else if (tkey[0] && strcmp(tkey, "categorie") && strcmp(tkey, "category") && strcmp(tkey, "pijler"))
        diag_error(d, grid_loc(g, r, col[M_TYPE]), "write categorie or regel", "mapping type %s is unknown", diag_quote(type));
    const char *key = grid_text(g, r, col[M_KEY]);
    char fold[256];
    text_fold(key, fold, sizeof fold);
    if (!fold[0]) {
        diag_error(d, grid_loc(g, r, col[M_KEY]), "name the category or budget line this row maps", "mapping key is empty");
        return;
    }
    mapping_rule *rule = rule_for_key(m, match, key, fold, grid_loc(g, r, col[M_KEY]));
    if (!rule) return;
    rule->loc.file = model_intern(m, rule->loc.file);
    rule->loc.sheet = model_intern(m, rule->loc.sheet);
    const char *target_text = grid_text(g, r, col[M_TARGET]);
    int target = kader_subtheme_index(target_text);
    if (target < 0 && kader_is_unallocated_word(target_text)) target = KADER_UNALLOCATED;
    if (target < 0) {
        diag_error(d, grid_loc(g, r, col[M_TARGET]), "a subtheme code 1.1-4.2, or `niet toe te wijzen`",
                   "mapping target %s is not a subtheme", diag_quote(target_text));
        rule->had_errors = true;
        return;
    }
    const char *wtext = grid_text(g, r, col[M_WEIGHT]);
    int64_t weight;
    money_parse_result pr = decimal_parse_scaled(wtext, 4, &weight);
    if (pr.status != MONEY_OK || weight < 0 || weight > WEIGHT_SCALE) {
        diag_error(d, grid_loc(g, r, col[M_WEIGHT]), "a percentage from 0 to 100 with at most four decimals, e.g. 33,3333",
                   "weight %s is not a percentage from 0 to 100", diag_quote(wtext));
        rule->had_errors = true;
        return;
    }
    for (int i = 0; i < rule->ntargets; i++)
        if (rule->targets[i].target == target) {
            diag_error(d, grid_loc(g, r, col[M_TARGET]), "give each target one row per key",
                       "target %s appears twice for %s", diag_quote(target_text), diag_quote(key));
            rule->had_errors = true;
            return;
        }
    rule->targets[rule->ntargets++] = (mapping_target){ target, weight };
    const char *note = col[M_NOTE] >= 0 ? grid_text(g, r, col[M_NOTE]) : "";
    if (note[0] && !rule->reason[0]) {
        free(rule->reason);
        rule->reason = strdup(note);
    }
}

/* Weights per key must add up to exactly 100%. */
static void check_weight_sums(const model *m, diag_list *d)
{
    for (int i = 0; i < m->nrules; i++) {
        const mapping_rule *r = &m->rules[i];
        if (r->had_errors) continue;
        int64_t sum = 0;
        for (int k = 0; k < r->ntargets; k++) sum += r->targets[k].weight;
        if (sum != WEIGHT_SCALE) {
            char pct[32];
            snprintf(pct, sizeof pct, "%lld,%04lld", (long long)(sum / 10000), (long long)(sum % 10000));
            while (pct[strlen(pct) - 1] == '0') pct[strlen(pct) - 1] = '\0';
            if (pct[strlen(pct) - 1] == ',') pct[strlen(pct) - 1] = '\0';
            diag_error(d, r->loc, "the weights of one key must add up to exactly 100",
                       "the weights for %s add up to %s%%, not 100%%", diag_quote(r->key), pct);
        }
    }
}

bool load_mapping(model *m, const job *j, diag_list *d)
{
    table_map map;
    grid *g = load_open_table(m, j, "toewijzing", j->mapping.path, j->mapping.shown, j->mapping.sheet, mapping_specs,
                              M_NCOLS, false, &map, d);
    if (!g) return false;
    for (int r = map.header_row + 1; r < g->rows; r++)
        if (!table_row_empty(g, r) && !load_is_example_row(g, r)) read_mapping_row(m, g, &map, r, d);
    check_weight_sums(m, d);
    grid_free(g);
    return true;
}

void load_cross_check(const model *m, diag_list *d)
{
    char *used = calloc((size_t)(m->nrules ? m->nrules : 1), 1);
    GHashTable *reported = g_hash_table_new(g_str_hash, g_str_equal);
    for (int i = 0; i < m->nlines; i++) {
        const budget_line *b = &m->lines[i];
        const mapping_rule *r = model_rule_for(m, b);
        if (r) {
            used[r - m->rules] = 1;
            continue;
        }
        /* report each unmapped category (or uncategorised line) once */
        const char *key = b->category[0] ? b->category : b->line;
        if (g_hash_table_contains(reported, key)) continue;
        g_hash_table_add(reported, (gpointer)key);
            diag_error(d, b->loc, "add a row to the mapping (toewijzing) for this category, or for the line itself",
                       b->category[0] ? "category %s has no mapping onto the subthemes" : "budget line %s has no mapping onto the subthemes",
                       diag_quote(b->category[0] ? b->category : b->line));
    }
    for (int i = 0; i < m->nrules; i++)
        if (!used[i])
            diag_warn(d, m->rules[i].loc, "check the spelling against the budget", "mapping key %s matches no budget line",
                      diag_quote(m->rules[i].key));
    free(used);
    g_hash_table_destroy(reported);
}
