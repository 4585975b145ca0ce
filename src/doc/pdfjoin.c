/* Joins the two PDFs that cairo draws of one document when its pages are drawn in two parts
 * (render.c): the second part's objects are renumbered to follow the first's, and the few
 * objects that hold the whole document are combined: the page tree, the structure tree's
 * Document element and parent tree (the second part's keys moved past the first's) and the
 * named destinations (each part's table of contents or references link to headings of the
 * other). The parts are cut where a block opens a page, so no page or structure element spans
 * the cut; the outline is the post-processor's.
 *
 * The result is for the post-processor only: the first part's bytes are kept as they are, the
 * objects that change are written again after them, and one cross-reference table points at
 * the current version of each. */
#include "doc/doc_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The objects of one part that the join combines; 0 when the part has none. */
typedef struct part_file {
    pdf_file f;
    int pages, struct_root, doc_elem, parent_tree, names, dests;
} part_file;

typedef struct joiner {
    part_file a, b;
    pdf_arena arena;
    int *renum;          /* b's object number -> its number in the joined file; 0: dropped */
    int total;           /* object numbers of the joined file: 0 .. total-1 */
    GString **repl;      /* per joined number: a new value, in joined numbers */
    char *err;
    size_t err_size;
} joiner;

static bool fail(joiner *j, const char *what)
{
    snprintf(j->err, j->err_size, "%s", what);
    return false;
}

static int ref_of(const pval *v) { return v && v->kind == PV_REF ? v->n : 0; }

static bool find_parts(joiner *j, part_file *p)
{
    pval *cat = pdf_get(&p->f, p->f.root, &j->arena);
    p->pages = ref_of(pv_get(cat, "/Pages"));
    p->struct_root = ref_of(pv_get(cat, "/StructTreeRoot"));
    p->names = ref_of(pv_get(cat, "/Names"));
    if (!p->pages) return fail(j, "no page tree");
    if (pv_get(cat, "/Outlines")) return fail(j, "an outline (the post-processor writes it)");
    if (pv_get(cat, "/Names") && !p->names) return fail(j, "a name dictionary in the catalog");
    if (p->struct_root) {
        pval *tree = pdf_get(&p->f, p->struct_root, &j->arena);
        pval *k = pv_get(tree, "/K");
        if (k && k->kind == PV_ARRAY && k->n == 1) k = k->v[0];
        p->doc_elem = ref_of(k);
        p->parent_tree = ref_of(pv_get(tree, "/ParentTree"));
        if (!p->doc_elem || !p->parent_tree) return fail(j, "a structure tree without one Document element");
    }
    if (p->names) {
        pval *names = pdf_get(&p->f, p->names, &j->arena);
        p->dests = ref_of(pv_get(names, "/Dests"));
        if (!names || names->kind != PV_DICT || names->n != 1 || !p->dests)
            return fail(j, "names other than destinations");
    }
    return true;
}

/* A value of b, written in joined numbers. */
static void append_b(joiner *j, GString *out, const pval *v)
{
    GString *text = g_string_new(NULL);
    pv_write(text, v);
    pdf_append_renumbered(out, text->str, text->len, j->renum, j->b.f.n);
    g_string_free(text, TRUE);
}

/* b's object `num` as a tree in joined numbers, to change before it is written. */
static pval *b_object(joiner *j, int num)
{
    pval *v = pdf_get(&j->b.f, num, &j->arena);
    if (!v) return NULL;
    GString *text = g_string_new(NULL);
    append_b(j, text, v);
    pval *joined = pv_parse(&j->arena, text->str);
    g_string_free(text, TRUE);
    return joined;
}

static void set_repl(joiner *j, int num, const pval *v)
{
    if (!j->repl[num]) j->repl[num] = g_string_new(NULL);
    g_string_truncate(j->repl[num], 0);
    pv_write(j->repl[num], v);
}

static pval *number(joiner *j, long n)
{
    char text[24];
    snprintf(text, sizeof text, "%ld", n);
    return pv_token(&j->arena, PV_NUM, text);
}

/* An array value as the items it holds: an array, or one value standing for itself (kept in
 * *single). */
static int items_of(pval *v, pval **single, pval *const **items)
{
    *single = v;
    *items = single;
    if (v && v->kind == PV_ARRAY) {
        *items = v->v;
        return v->n;
    }
    return v ? 1 : 0;
}

/* `key` of a's dictionary `anum` becomes a's items followed by b's (from b's object `bnum`). */
static bool concat_arrays(joiner *j, int anum, int bnum, const char *key)
{
    pval *ad = pdf_get(&j->a.f, anum, &j->arena), *bd = pdf_get(&j->b.f, bnum, &j->arena);
    if (!ad || !bd || ad->kind != PV_DICT || bd->kind != PV_DICT) return fail(j, "a page or structure node is not a dictionary");
    pval *const *ai, *const *bi, *a1, *b1;
    int an = items_of(pv_get(ad, key), &a1, &ai), bn = items_of(pv_get(bd, key), &b1, &bi);
    GString *text = g_string_new("[");
    for (int i = 0; i < an; i++) {
        pv_write(text, ai[i]);
        g_string_append_c(text, ' ');
    }
    for (int i = 0; i < bn; i++) {
        append_b(j, text, bi[i]);
        g_string_append_c(text, ' ');
    }
    g_string_append_c(text, ']');
    pv_set(&j->arena, ad, key, pv_parse(&j->arena, text->str));
    g_string_free(text, TRUE);
    set_repl(j, anum, ad);
    return true;
}

static bool join_pages(joiner *j)
{
    long ac = 0, bc = 0;
    pval *ad = pdf_get(&j->a.f, j->a.pages, &j->arena), *bd = pdf_get(&j->b.f, j->b.pages, &j->arena);
    if (!pv_int(pv_get(ad, "/Count"), &ac) || !pv_int(pv_get(bd, "/Count"), &bc)) return fail(j, "a page tree without /Count");
    if (!concat_arrays(j, j->a.pages, j->b.pages, "/Kids")) return false;
    pval *joined = pv_parse(&j->arena, j->repl[j->a.pages]->str);
    pv_set(&j->arena, joined, "/Count", number(j, ac + bc));
    set_repl(j, j->a.pages, joined);
    return true;
}

/* The parent tree, a number tree of one node: b's keys follow a's. Returns the shift of b's
 * keys (the /StructParent(s) of its pages and annotations), or -1. */
static long join_parent_tree(joiner *j)
{
    pval *ad = pdf_get(&j->a.f, j->a.parent_tree, &j->arena), *bd = pdf_get(&j->b.f, j->b.parent_tree, &j->arena);
    pval *an = pv_get(ad, "/Nums"), *bn = pv_get(bd, "/Nums");
    if (!an || !bn || an->kind != PV_ARRAY || bn->kind != PV_ARRAY || an->n % 2 || bn->n % 2 || pv_get(ad, "/Kids") || pv_get(bd, "/Kids")) {
        fail(j, "a parent tree of more than one node");
        return -1;
    }
    long shift = 0, key;
    GString *text = g_string_new("[");
    for (int i = 0; i < an->n; i += 2) {
        if (!pv_int(an->v[i], &key)) break;
        if (key + 1 > shift) shift = key + 1;
        pv_write(text, an->v[i]);
        g_string_append_c(text, ' ');
        pv_write(text, an->v[i + 1]);
        g_string_append_c(text, ' ');
    }
    for (int i = 0; i < bn->n; i += 2) {
        if (!pv_int(bn->v[i], &key)) break;
        g_string_append_printf(text, "%ld ", key + shift);
        append_b(j, text, bn->v[i + 1]);
        g_string_append_c(text, ' ');
    }
    g_string_append_c(text, ']');
    pv_set(&j->arena, ad, "/Nums", pv_parse(&j->arena, text->str));
    g_string_free(text, TRUE);
    set_repl(j, j->a.parent_tree, ad);
    return shift;
}

/* b's pages and annotations (any object of b with /StructParent or /StructParents) get the
 * keys their entries have in the joined parent tree. */
static void shift_struct_parents(joiner *j, long shift)
{
    for (int i = 1; i < j->b.f.n; i++) {
        const pdf_entry *e = &j->b.f.obj[i];
        if (!e->used || !j->renum[i] ||
            !g_strstr_len((const char *)j->b.f.data + e->body, (gssize)(e->body_end - e->body), "/StructParent"))
            continue;
        pval *v = b_object(j, i);
        long key;
        bool changed = false;
        for (int k = 0; k < 2; k++) {
            const char *name = k ? "/StructParents" : "/StructParent";
            if (pv_int(pv_get(v, name), &key)) {
                pv_set(&j->arena, v, name, number(j, key + shift));
                changed = true;
            }
        }
        if (changed) set_repl(j, j->renum[i], v);
    }
}

typedef struct named_dest {
    GString *key;        /* the name's bytes, for sorting */
    GString *text;       /* "(name) value" in joined numbers */
} named_dest;

static int by_name(const void *x, const void *y)
{
    const named_dest *a = x, *b = y;
    size_t n = MIN(a->key->len, b->key->len);
    int c = memcmp(a->key->str, b->key->str, n);
    return c ? c : (a->key->len > b->key->len) - (a->key->len < b->key->len);
}

static bool collect_dests(joiner *j, const pval *tree, bool from_b, GArray *out)
{
    pval *names = pv_get(tree, "/Names");
    if (!names || names->kind != PV_ARRAY || names->n % 2 || pv_get(tree, "/Kids")) return fail(j, "a destination tree of more than one node");
    for (int i = 0; i < names->n; i += 2) {
        named_dest nd = { g_string_new(NULL), g_string_new(NULL) };
        pv_string_bytes(names->v[i], nd.key);
        pv_write(nd.text, names->v[i]);
        g_string_append_c(nd.text, ' ');
        if (from_b) append_b(j, nd.text, names->v[i + 1]);
        else pv_write(nd.text, names->v[i + 1]);
        g_array_append_val(out, nd);
    }
    return true;
}

/* The named destinations of both parts in one sorted name tree (the headings of either part
 * are linked from the other's table of contents). */
static bool join_dests(joiner *j)
{
    pval *ad = pdf_get(&j->a.f, j->a.dests, &j->arena), *bd = pdf_get(&j->b.f, j->b.dests, &j->arena);
    GArray *all = g_array_new(FALSE, FALSE, sizeof(named_dest));
    bool ok = collect_dests(j, ad, false, all) && collect_dests(j, bd, true, all);
    if (ok) {
        g_array_sort(all, by_name);
        GString *text = g_string_new("[");
        for (guint i = 0; i < all->len; i++) {
            named_dest *nd = &g_array_index(all, named_dest, i);
            if (i > 0 && by_name(nd, nd - 1) == 0) continue; /* a name is defined once */
            g_string_append_len(text, nd->text->str, (gssize)nd->text->len);
            g_string_append_c(text, ' ');
        }
        g_string_append_c(text, ']');
        pv_set(&j->arena, ad, "/Names", pv_parse(&j->arena, text->str));
        g_string_free(text, TRUE);
        set_repl(j, j->a.dests, ad);
    }
    for (guint i = 0; i < all->len; i++) {
        g_string_free(g_array_index(all, named_dest, i).key, TRUE);
        g_string_free(g_array_index(all, named_dest, i).text, TRUE);
    }
    g_array_free(all, TRUE);
    return ok;
}

/* Numbers for b's objects: its catalog, info and the roots it shares with a become a's; the
 * others follow a's objects in their order. */
static void number_b(joiner *j)
{
    part_file *a = &j->a, *b = &j->b;
    j->renum = g_new0(int, b->f.n > 0 ? b->f.n : 1);
    int shared[][2] = { { b->f.root, a->f.root }, { b->f.info, a->f.info }, { b->pages, a->pages },
                        { b->struct_root, a->struct_root }, { b->doc_elem, a->doc_elem },
                        { b->parent_tree, a->parent_tree }, { a->names ? b->names : 0, a->names }, { a->names ? b->dests : 0, a->dests } };
    bool *is_shared = g_new0(bool, b->f.n > 0 ? b->f.n : 1);
    for (size_t k = 0; k < G_N_ELEMENTS(shared); k++)
        if (shared[k][0] > 0 && shared[k][0] < b->f.n) is_shared[shared[k][0]] = true;
    int next = a->f.n;
    for (int i = 1; i < b->f.n; i++)
        if (b->f.obj[i].used && !is_shared[i]) j->renum[i] = next++;
    j->total = next;
    /* references to what is shared go to a's (a catalog and an info dictionary exist in both) */
    for (size_t k = 0; k < G_N_ELEMENTS(shared); k++)
        if (shared[k][0] > 0 && shared[k][0] < b->f.n) j->renum[shared[k][0]] = shared[k][1];
    g_free(is_shared);
}

static bool combine(joiner *j)
{
    part_file *a = &j->a, *b = &j->b;
    if (!find_parts(j, a) || !find_parts(j, b)) return false;
    if (!a->struct_root != !b->struct_root) return fail(j, "one part is tagged and the other is not");
    number_b(j);
    j->repl = g_new0(GString *, j->total);
    if (!join_pages(j)) return false;
    if (a->struct_root) {
        if (!concat_arrays(j, a->doc_elem, b->doc_elem, "/K")) return false;
        long shift = join_parent_tree(j);
        if (shift < 0) return false;
        shift_struct_parents(j, shift);
    }
    if (a->names && b->names && !join_dests(j)) return false;
    if (b->names && !a->names) { /* only b has destinations: a's catalog points at b's */
        pval *cat = pdf_get(&a->f, a->f.root, &j->arena);
        pv_set(&j->arena, cat, "/Names", pv_ref(&j->arena, j->renum[b->names]));
        set_repl(j, a->f.root, cat);
    }
    return true;
}

static void begin_object(GString *out, size_t *off, int num)
{
    off[num] = out->len;
    g_string_append_printf(out, "%d 0 obj\n", num);
}

static GString *write_joined(joiner *j)
{
    const pdf_file *a = &j->a.f, *b = &j->b.f;
    GString *out = g_string_sized_new(a->len + b->len + 4096);
    size_t *off = g_new0(size_t, j->total);
    g_string_append_len(out, (const char *)a->data, (gssize)a->xref_off);
    for (int i = 1; i < a->n; i++)
        if (a->obj[i].used && !j->repl[i]) off[i] = a->obj[i].off;
    g_string_append_c(out, '\n');
    for (int i = 1; i < b->n; i++) {
        const pdf_entry *e = &b->obj[i];
        int num = i < b->n && e->used ? j->renum[i] : 0;
        if (num < a->n) continue; /* dropped: a's stands for it */
        begin_object(out, off, num);
        if (j->repl[num]) g_string_append_len(out, j->repl[num]->str, (gssize)j->repl[num]->len);
        else pdf_append_renumbered(out, (const char *)b->data + e->body, e->body_end - e->body, j->renum, b->n);
        if (e->stream) {
            g_string_append(out, "\nstream\n");
            g_string_append_len(out, (const char *)b->data + e->data, (gssize)e->data_len);
            g_string_append(out, "\nendstream");
        }
        g_string_append(out, "\nendobj\n");
    }
    for (int i = 1; i < a->n; i++) {
        if (!j->repl[i]) continue;
        const pdf_entry *e = &a->obj[i];
        begin_object(out, off, i);
        g_string_append_len(out, j->repl[i]->str, (gssize)j->repl[i]->len);
        if (e->stream) { /* never changed so far, but a stream keeps its data */
            g_string_append(out, "\nstream\n");
            g_string_append_len(out, (const char *)a->data + e->data, (gssize)e->data_len);
            g_string_append(out, "\nendstream");
        }
        g_string_append(out, "\nendobj\n");
    }
    size_t xref = out->len;
    g_string_append_printf(out, "xref\n0 %d\n0000000000 65535 f \n", j->total);
    for (int i = 1; i < j->total; i++)
        if (off[i]) g_string_append_printf(out, "%010zu 00000 n \n", off[i]);
        else g_string_append(out, "0000000000 65535 f \n");
    g_string_append_printf(out, "trailer\n<< /Size %d /Root %d 0 R", j->total, a->root);
    if (a->info) g_string_append_printf(out, " /Info %d 0 R", a->info);
    g_string_append_printf(out, " >>\nstartxref\n%zu\n%%%%EOF\n", xref);
    g_free(off);
    return out;
}

GString *pdf_join(const unsigned char *a, size_t alen, const unsigned char *b, size_t blen, char *err, size_t err_size)
{
    joiner j = { .err = err, .err_size = err_size };
    GString *out = NULL;
    if (!pdf_open(&j.a.f, a, alen)) snprintf(err, err_size, "first part: %s", j.a.f.err);
    else if (!pdf_open(&j.b.f, b, blen)) snprintf(err, err_size, "second part: %s", j.b.f.err);
    else if (combine(&j)) out = write_joined(&j);
    for (int i = 0; j.repl && i < j.total; i++)
        if (j.repl[i]) g_string_free(j.repl[i], TRUE);
    g_free(j.repl);
    g_free(j.renum);
    arena_free(&j.arena);
    pdf_close(&j.a.f);
    pdf_close(&j.b.f);
    return out;
}
