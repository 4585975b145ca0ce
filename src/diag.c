/* Diagnostics: collecting and printing located problems like a compiler does. */
#include "diag.h"

#include <stdlib.h>
#include <string.h>

#define DIAG_DEFAULT_MAX 200

void diag_init(diag_list *d)
{
    memset(d, 0, sizeof *d);
    d->max_stored = DIAG_DEFAULT_MAX;
}

void diag_free(diag_list *d)
{
    for (int i = 0; i < d->count; i++) {
        free(d->items[i].message);
        free(d->items[i].hint);
        free((char *)d->items[i].loc.file);
        free((char *)d->items[i].loc.sheet);
    }
    free(d->items);
    memset(d, 0, sizeof *d);
}

void diag_append(diag_list *to, const diag_list *from)
{
    int errors = 0, warnings = 0;
    for (int i = 0; i < from->count; i++) {
        const diag_entry *e = &from->items[i];
        errors += e->level == DIAG_ERROR;
        warnings += e->level == DIAG_WARNING;
        diag_add(to, e->level, e->loc, e->hint, "%s", e->message);
    }
    to->errors += from->errors - errors;
    to->warnings += from->warnings - warnings;
    to->dropped += from->dropped;
}

void diag_add(diag_list *d, diag_level level, srcloc loc, const char *hint, const char *fmt, ...)
{
    if (level == DIAG_ERROR) d->errors++;
    if (level == DIAG_WARNING) d->warnings++;
    if (d->count >= d->max_stored) {
        d->dropped++;
        return;
    }
    if (d->count == d->cap) {
        int cap = d->cap ? d->cap * 2 : 16;
        diag_entry *items = realloc(d->items, (size_t)cap * sizeof *items);
        if (!items) {
            d->dropped++;
            return;
        }
        d->items = items;
        d->cap = cap;
    }
    va_list ap;
    va_start(ap, fmt);
    char *msg = NULL;
    if (vasprintf(&msg, fmt, ap) < 0) msg = NULL;
    va_end(ap);
    diag_entry *e = &d->items[d->count++];
    e->level = level;
    e->loc = loc;
    /* the entry owns its location's names: readers and models are freed before printing */
    e->loc.file = loc.file ? strdup(loc.file) : NULL;
    e->loc.sheet = loc.sheet ? strdup(loc.sheet) : NULL;
    e->message = msg ? msg : strdup("(out of memory)");
    e->hint = hint ? strdup(hint) : NULL;
}

void diag_column_letters(int col, char out[8])
{
    char tmp[8];
    int n = 0;
    while (col > 0 && n < 7) {
        int r = (col - 1) % 26;
        tmp[n++] = (char)('A' + r);
        col = (col - 1) / 26;
    }
    for (int i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
    out[n] = '\0';
}

char *srcloc_format(srcloc loc, char *buf, size_t size)
{
    const char *file = loc.file ? loc.file : "<input>";
    if (loc.sheet) {
        char letters[8] = "";
        if (loc.col > 0) diag_column_letters(loc.col, letters);
        if (loc.line > 0)
            snprintf(buf, size, "%s:%s!%s%d", file, loc.sheet, letters, loc.line);
        else
            snprintf(buf, size, "%s:%s", file, loc.sheet);
    } else if (loc.line > 0 && loc.col > 0) {
        snprintf(buf, size, "%s:%d:%d", file, loc.line, loc.col);
    } else if (loc.line > 0) {
        snprintf(buf, size, "%s:%d", file, loc.line);
    } else {
        snprintf(buf, size, "%s", file);
    }
    return buf;
}

static const char *level_name(diag_level level)
{
    switch (level) {
    case DIAG_ERROR: return "error";
    case DIAG_WARNING: return "warning";
    default: return "note";
    }
}

void diag_print(const diag_list *d, FILE *out, bool verbose)
{
    char where[512];
    for (int i = 0; i < d->count; i++) {
        const diag_entry *e = &d->items[i];
        if (e->level == DIAG_NOTE && !verbose) continue;
        fprintf(out, "%s: %s: %s\n", srcloc_format(e->loc, where, sizeof where),
                level_name(e->level), e->message);
        if (e->hint) fprintf(out, "  hint: %s\n", e->hint);
    }
    if (d->dropped > 0)
        fprintf(out, "... and %d more problem%s not shown\n", d->dropped, d->dropped == 1 ? "" : "s");
}

const char *diag_quote(const char *value)
{
    static _Thread_local char slots[4][256];
    static _Thread_local int next;
    char *buf = slots[next];
    next = (next + 1) % 4;
    if (!value) value = "";
    size_t o = 0, len = strlen(value);
    size_t limit = len > 60 ? 60 : len;
    buf[o++] = '"';
    for (size_t i = 0; i < limit && o < sizeof slots[0] - 12; i++) {
        unsigned char c = (unsigned char)value[i];
        if (c < 0x20 || c == 0x7f) o += (size_t)snprintf(buf + o, 8, "\\x%02X", c);
        else if (c == '"') { buf[o++] = '\\'; buf[o++] = '"'; }
        else buf[o++] = (char)c;
    }
    /* never cut a UTF-8 sequence in half */
    if (limit < len) {
        while (o > 1 && ((unsigned char)buf[o - 1] & 0xC0) == 0x80) o--;
        if (o > 1 && ((unsigned char)buf[o - 1] & 0xC0) == 0xC0) o--;
        memcpy(buf + o, "...", 3);
        o += 3;
    }
    buf[o++] = '"';
    buf[o] = '\0';
    return buf;
}
