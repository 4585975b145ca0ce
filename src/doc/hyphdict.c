/* Hyphenation patterns, compiled once per machine: libhyphen builds its state machine from the
 * pattern file on every load, which takes longer than laying out a whole report. The built
 * machine is written to the user's cache folder and read back with one allocation per state;
 * a missing, stale (other size or time of the pattern file) or damaged file is rebuilt. The
 * structures are libhyphen's own, allocated with malloc as it does, so hnj_hyphen_free and
 * hnj_hyphen_hyphenate2 work on them unchanged. */
#include "doc/doc_internal.h"

#include <hyphen.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "fonts.h"

#define MAGIC "KRHYPH02"

typedef struct file_head {
    char magic[8];
    int64_t size, mtime; /* of the pattern file */
    uint64_t sum;        /* of everything after the head: a damaged file is rebuilt, not used */
    int32_t levels;
} file_head;

static uint64_t checksum(const char *p, size_t n) /* FNV-1a */
{
    uint64_t h = 14695981039346656037u;
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)p[i]) * 1099511628211u;
    return h;
}

typedef struct level_head {
    char lhmin, rhmin, clhmin, crhmin;
    int32_t nohyphenl, nohyphen_bytes, num_states, utf8;
    char cset[MAX_NAME];
} level_head;

typedef struct state_head {
    int32_t match_len, repl_len; /* -1: none */
    int32_t fallback_state, num_trans;
    signed char replindex, replcut;
} state_head;

/* nohyphen holds nohyphenl + 1 strings, one after the other */
static int32_t nohyphen_bytes(const HyphenDict *d)
{
    if (!d->nohyphen) return 0;
    const char *p = d->nohyphen;
    for (int i = 0; i <= d->nohyphenl; i++) p += strlen(p) + 1;
    return (int32_t)(p - d->nohyphen);
}

static void put(GString *o, const void *p, size_t n) { g_string_append_len(o, p, (gssize)n); }

static void save(const HyphenDict *dict, const struct stat *src, const char *path)
{
    GString *o = g_string_new(NULL);
    file_head fh;
    memset(&fh, 0, sizeof fh);
    memcpy(fh.magic, MAGIC, 8);
    fh.size = src->st_size;
    fh.mtime = src->st_mtime;
    for (const HyphenDict *d = dict; d; d = d->nextlevel) fh.levels++;
    put(o, &fh, sizeof fh);
    for (const HyphenDict *d = dict; d; d = d->nextlevel) {
        level_head lh;
        memset(&lh, 0, sizeof lh);
        lh.lhmin = d->lhmin, lh.rhmin = d->rhmin, lh.clhmin = d->clhmin, lh.crhmin = d->crhmin;
        lh.nohyphenl = d->nohyphenl;
        lh.nohyphen_bytes = nohyphen_bytes(d);
        lh.num_states = d->num_states;
        lh.utf8 = d->utf8;
        memcpy(lh.cset, d->cset, MAX_NAME);
        put(o, &lh, sizeof lh);
        if (lh.nohyphen_bytes) put(o, d->nohyphen, (size_t)lh.nohyphen_bytes);
        for (int i = 0; i < d->num_states; i++) {
            const HyphenState *s = &d->states[i];
            state_head sh;
            memset(&sh, 0, sizeof sh);
            sh.match_len = s->match ? (int32_t)strlen(s->match) : -1;
            sh.repl_len = s->repl ? (int32_t)strlen(s->repl) : -1;
            sh.fallback_state = s->fallback_state;
            sh.num_trans = s->num_trans;
            sh.replindex = s->repl ? s->replindex : 0; /* libhyphen leaves them unset otherwise */
            sh.replcut = s->repl ? s->replcut : 0;
            put(o, &sh, sizeof sh);
            if (s->match) put(o, s->match, (size_t)sh.match_len);
            if (s->repl) put(o, s->repl, (size_t)sh.repl_len);
            for (int t = 0; t < s->num_trans; t++) {
                int32_t ch = (unsigned char)s->trans[t].ch, to = s->trans[t].new_state;
                put(o, &ch, sizeof ch);
                put(o, &to, sizeof to);
            }
        }
    }
    file_head *head = (file_head *)(void *)o->str;
    head->sum = checksum(o->str + sizeof fh, o->len - sizeof fh);
    /* written under a temporary name and renamed, so readers never see half a file; a cache
     * that cannot be written only costs the next run the build again */
    g_file_set_contents(path, o->str, (gssize)o->len, NULL);
    g_string_free(o, TRUE);
}

typedef struct reader {
    const char *p, *end;
} reader;

static bool take(reader *r, void *out, size_t n)
{
    if ((size_t)(r->end - r->p) < n) return false;
    memcpy(out, r->p, n);
    r->p += n;
    return true;
}

static char *take_str(reader *r, int32_t len)
{
    if (len < 0) return NULL;
    char *s = malloc((size_t)len + 1);
    if (!s || !take(r, s, (size_t)len)) {
        free(s);
        return NULL;
    }
    s[len] = '\0';
    return s;
}

static void free_level(HyphenDict *d, int states)
{
    for (int i = 0; i < states; i++) {
        free(d->states[i].match);
        free(d->states[i].repl);
        free(d->states[i].trans);
    }
    free(d->states);
    free(d->nohyphen);
    free(d);
}

static HyphenDict *read_level(reader *r)
{
    level_head lh;
    if (!take(r, &lh, sizeof lh) || lh.num_states < 0 || lh.num_states > (1 << 24) || lh.nohyphen_bytes < 0)
        return NULL;
    HyphenDict *d = calloc(1, sizeof *d);
    if (!d) return NULL;
    d->lhmin = lh.lhmin, d->rhmin = lh.rhmin, d->clhmin = lh.clhmin, d->crhmin = lh.crhmin;
    d->nohyphenl = lh.nohyphenl;
    d->utf8 = lh.utf8;
    memcpy(d->cset, lh.cset, MAX_NAME);
    d->states = calloc((size_t)lh.num_states + 1, sizeof *d->states);
    if (!d->states) { free(d); return NULL; }
    if (lh.nohyphen_bytes > 0) {
        d->nohyphen = malloc((size_t)lh.nohyphen_bytes);
        if (!d->nohyphen || !take(r, d->nohyphen, (size_t)lh.nohyphen_bytes) ||
            d->nohyphen[lh.nohyphen_bytes - 1] != '\0') {
            free_level(d, 0);
            return NULL;
        }
    }
    int i = 0;
    for (; i < lh.num_states; i++) {
        HyphenState *s = &d->states[i];
        state_head sh;
        if (!take(r, &sh, sizeof sh) || sh.num_trans < 0 || sh.num_trans > 256 || sh.match_len > 4096 ||
            sh.repl_len > 4096 || sh.fallback_state < -1 || sh.fallback_state >= lh.num_states)
            break;
        s->fallback_state = sh.fallback_state;
        s->num_trans = sh.num_trans;
        s->replindex = sh.replindex;
        s->replcut = sh.replcut;
        s->match = take_str(r, sh.match_len);
        s->repl = take_str(r, sh.repl_len);
        if ((sh.match_len >= 0 && !s->match) || (sh.repl_len >= 0 && !s->repl)) { i++; break; }
        if (sh.num_trans > 0) {
            s->trans = malloc((size_t)sh.num_trans * sizeof *s->trans);
            if (!s->trans) { i++; break; }
            bool ok = true;
            for (int t = 0; t < sh.num_trans && ok; t++) {
                int32_t ch = 0, to = 0;
                ok = take(r, &ch, sizeof ch) && take(r, &to, sizeof to) && to >= 0 && to < lh.num_states;
                s->trans[t].ch = (char)ch;
                s->trans[t].new_state = to;
            }
            if (!ok) { i++; break; }
        }
    }
    if (i < lh.num_states) {
        free_level(d, i);
        return NULL;
    }
    d->num_states = lh.num_states;
    return d;
}

static HyphenDict *load_compiled(const char *path, const struct stat *src)
{
    char *data = NULL;
    gsize len = 0;
    if (!g_file_get_contents(path, &data, &len, NULL)) return NULL;
    reader r = { data, data + len };
    file_head fh;
    HyphenDict *first = NULL, **link = &first;
    bool ok = take(&r, &fh, sizeof fh) && memcmp(fh.magic, MAGIC, 8) == 0 && fh.size == src->st_size &&
              fh.mtime == src->st_mtime && fh.levels > 0 && fh.levels < 8 &&
              fh.sum == checksum(r.p, (size_t)(r.end - r.p));
    for (int l = 0; ok && l < fh.levels; l++) {
        *link = read_level(&r);
        ok = *link != NULL;
        if (ok) link = &(*link)->nextlevel;
    }
    ok = ok && r.p == r.end;
    g_free(data);
    if (!ok && first) hnj_hyphen_free(first);
    return ok ? first : NULL;
}

HyphenDict *hyph_dict_load(const char *patterns)
{
    struct stat st;
    if (stat(patterns, &st) != 0) return NULL;
    char dir[4096], *base = g_path_get_basename(patterns);
    char *cached = kr_cache_dir("hyphen", dir, sizeof dir) ? g_strdup_printf("%s/%s.bin", dir, base) : NULL;
    g_free(base);
    HyphenDict *d = cached ? load_compiled(cached, &st) : NULL;
    if (!d) {
        d = hnj_hyphen_load(patterns);
        if (d && cached) save(d, &st, cached);
    }
    g_free(cached);
    return d;
}
