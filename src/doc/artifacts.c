/* Artifacts: cairo 1.16 cannot mark content as /Artifact, so decoration is drawn inside
 * "Private" structure elements; the post-processor's structure walk drops those elements, and
 * here their "/Private << /MCID n >> BDC" operators become "/Artifact BMC" and their slots in
 * the parent tree are cleared. Every Private sequence on a page is decoration, so the content
 * stream alone says which marked-content ids to clear: one linear scan per page. */
#include "doc/doc_internal.h"

#include <stdlib.h>
#include <string.h>

struct pdf_parent_tree {
    GHashTable *by_key; /* parent-tree key -> object number of its array */
};

static void collect_parents(pdf_file *f, pdf_arena *a, const pval *node, GHashTable *by_key, int depth)
{
    if (!node || node->kind != PV_DICT || depth > 16) return;
    pval *kids = pdf_resolve(f, pv_get(node, "/Kids"), a);
    for (int i = 0; kids && kids->kind == PV_ARRAY && i < kids->n; i++)
        collect_parents(f, a, pdf_resolve(f, kids->v[i], a), by_key, depth + 1);
    pval *nums = pdf_resolve(f, pv_get(node, "/Nums"), a);
    for (int i = 0; nums && nums->kind == PV_ARRAY && i + 1 < nums->n; i += 2) {
        long key;
        if (!pv_int(nums->v[i], &key) || nums->v[i + 1]->kind != PV_REF) continue;
        if (!g_hash_table_contains(by_key, GINT_TO_POINTER(key))) /* the first one wins */
            g_hash_table_insert(by_key, GINT_TO_POINTER(key), GINT_TO_POINTER(nums->v[i + 1]->n));
    }
}

pdf_parent_tree *pdf_parent_tree_read(pdf_file *f, pdf_arena *a, const pval *root)
{
    pdf_mark m = arena_mark(a);
    pval *tree = pdf_resolve(f, pv_get(root, "/StructTreeRoot"), a);
    pdf_parent_tree *p = NULL;
    if (tree && tree->kind == PV_DICT) {
        p = g_new0(pdf_parent_tree, 1);
        p->by_key = g_hash_table_new(g_direct_hash, g_direct_equal);
        collect_parents(f, a, pdf_resolve(f, pv_get(tree, "/ParentTree"), a), p->by_key, 0);
    }
    arena_release(a, m);
    return p;
}

void pdf_parent_tree_free(pdf_parent_tree *p)
{
    if (!p) return;
    g_hash_table_destroy(p->by_key);
    g_free(p);
}

/* Copies `s` with every Private sequence opener turned into an artifact, appending the ids of
 * the converted sequences to `mcids`. Returns the number converted. */
static int convert_openers(const char *s, size_t len, GString *out, GArray *mcids)
{
    static const char open[] = "/" ART_TAG " << /MCID ", close[] = " >> BDC";
    const size_t no = sizeof open - 1, nc = sizeof close - 1;
    const char *p = s, *end = s + len;
    int done = 0;
    for (;;) {
        const char *hit = memmem(p, (size_t)(end - p), open, no);
        if (!hit) break;
        const char *d = hit + no, *e = d;
        int id = 0;
        while (e < end && *e >= '0' && *e <= '9' && e - d < 9) id = id * 10 + (*e++ - '0');
        if (e == d || (size_t)(end - e) < nc || memcmp(e, close, nc) != 0) { /* not ours: keep */
            g_string_append_len(out, p, hit + 1 - p);
            p = hit + 1;
            continue;
        }
        g_string_append_len(out, p, hit - p);
        g_string_append(out, "/Artifact BMC");
        g_array_append_val(mcids, id);
        p = e + nc;
        done++;
    }
    g_string_append_len(out, p, end - p);
    return done;
}

/* The decoded data of a stream that is either unfiltered or Flate-compressed (g_free it); NULL
 * otherwise. */
static char *stream_decoded(pdf_file *f, const pval *dict, const unsigned char *data, size_t len, size_t *out_len)
{
    pval *filter = pv_get(dict, "/Filter");
    if (!filter) {
        *out_len = len;
        return g_memdup2(data, len);
    }
    if (!pv_is_name(filter, "/FlateDecode") || pv_get(dict, "/DecodeParms")) return NULL;
    return pdf_inflate(f, data, len, out_len);
}

int pdf_mark_artifacts(pdf_file *f, pdf_arena *a, const pval *page, const pdf_parent_tree *parents)
{
    pval *contents = pv_get(page, "/Contents");
    if (!contents || contents->kind != PV_REF) return 0;
    pdf_mark m = arena_mark(a);
    const unsigned char *raw;
    size_t raw_len;
    pval *dict = pdf_stream(f, contents->n, a, &raw, &raw_len);
    size_t plain_len = 0;
    char *plain = dict ? stream_decoded(f, dict, raw, raw_len, &plain_len) : NULL;
    int done = 0;
    if (plain) {
        GString *s = g_string_sized_new(plain_len + 64);
        GArray *mcids = g_array_new(FALSE, FALSE, sizeof(int));
        done = convert_openers(plain, plain_len, s, mcids);
        if (done) {
            pdf_replace_stream_deflated(f, contents->n, a, dict, s); /* takes s */
            long key;
            gpointer arr = pv_int(pv_get(page, "/StructParents"), &key)
                               ? g_hash_table_lookup(parents->by_key, GINT_TO_POINTER(key)) : NULL;
            pval *slots = arr ? pdf_get(f, GPOINTER_TO_INT(arr), a) : NULL;
            if (slots && slots->kind == PV_ARRAY) {
                pval *null = pv_null(a);
                for (guint k = 0; k < mcids->len; k++) {
                    int id = g_array_index(mcids, int, k);
                    if (id < slots->n) slots->v[id] = null;
                }
                pdf_replace(f, GPOINTER_TO_INT(arr), slots);
            }
        } else {
            g_string_free(s, TRUE);
        }
        g_array_free(mcids, TRUE);
        g_free(plain);
    }
    arena_release(a, m);
    return done;
}
