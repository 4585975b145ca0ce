/* Artifacts: cairo 1.16 cannot mark content as /Artifact, so decoration is drawn inside
 * "Private" structure elements; the post-processor's structure walk drops those elements, and
 * here their "/Private << /MCID n >> BDC" operators become "/Artifact BMC" and their slots in
 * the parent tree are cleared. Every Private sequence on a page is decoration, so the content
 * stream alone says which marked-content ids to clear: one linear scan per page. */
#include "doc/doc_internal.h"

#include <stdlib.h>
#include <string.h>

/* Parent-tree arrays by key (a flat /Nums array, or /Kids of them), collected in one walk. */
static void collect_parents(qpdf_data q, qpdf_oh tree, GHashTable *by_key, int depth)
{
    if (!qpdf_oh_is_dictionary(q, tree) || depth > 16) return;
    qpdf_oh kids = qpdf_oh_get_key(q, tree, "/Kids");
    if (qpdf_oh_is_array(q, kids)) {
        int n = qpdf_oh_get_array_n_items(q, kids);
        for (int i = 0; i < n; i++) collect_parents(q, qpdf_oh_get_array_item(q, kids, i), by_key, depth + 1);
    }
    qpdf_oh nums = qpdf_oh_get_key(q, tree, "/Nums");
    if (!qpdf_oh_is_array(q, nums)) return;
    int n = qpdf_oh_get_array_n_items(q, nums);
    for (int i = 0; i + 1 < n; i += 2) {
        qpdf_oh k = qpdf_oh_get_array_item(q, nums, i);
        if (!qpdf_oh_is_integer(q, k)) continue;
        int key = qpdf_oh_get_int_value_as_int(q, k);
        if (!g_hash_table_contains(by_key, GINT_TO_POINTER(key))) /* the first one wins, as before */
            g_hash_table_insert(by_key, GINT_TO_POINTER(key), GUINT_TO_POINTER(qpdf_oh_get_array_item(q, nums, i + 1)));
    }
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

/* Rewrites one page's content stream and clears its slots in the parent tree; returns the
 * number of sequences converted. */
static int rewrite_page(qpdf_data q, qpdf_oh page, GHashTable *parents)
{
    qpdf_oh contents = qpdf_oh_get_key(q, page, "/Contents");
    if (!qpdf_oh_is_stream(q, contents)) return 0;
    unsigned char *data = NULL;
    size_t len = 0;
    QPDF_BOOL filtered = QPDF_FALSE;
    if (qpdf_oh_get_stream_data(q, contents, qpdf_dl_generalized, &filtered, &data, &len) != QPDF_SUCCESS || !filtered) {
        free(data);
        return 0;
    }
    GString *s = g_string_sized_new(len + 64);
    GArray *mcids = g_array_new(FALSE, FALSE, sizeof(int));
    int done = convert_openers((const char *)data, len, s, mcids);
    free(data);
    if (done) {
        qpdf_oh_replace_stream_data(q, contents, (const unsigned char *)s->str, s->len,
                                    qpdf_oh_new_null(q), qpdf_oh_new_null(q));
        qpdf_oh key = qpdf_oh_get_key(q, page, "/StructParents");
        gpointer arr = qpdf_oh_is_integer(q, key)
                           ? g_hash_table_lookup(parents, GINT_TO_POINTER(qpdf_oh_get_int_value_as_int(q, key)))
                           : NULL;
        if (arr) {
            qpdf_oh a = (qpdf_oh)GPOINTER_TO_UINT(arr);
            int n = qpdf_oh_get_array_n_items(q, a);
            qpdf_oh null = qpdf_oh_new_null(q);
            for (guint k = 0; k < mcids->len; k++) {
                int id = g_array_index(mcids, int, k);
                if (id < n) qpdf_oh_set_array_item(q, a, id, null);
            }
        }
    }
    g_array_free(mcids, TRUE);
    g_string_free(s, TRUE);
    return done;
}

int pdf_mark_artifacts(qpdf_data q, qpdf_oh root)
{
    qpdf_oh tree = qpdf_oh_get_key(q, root, "/StructTreeRoot");
    if (!qpdf_oh_is_dictionary(q, tree)) return 0;
    GHashTable *parents = g_hash_table_new(g_direct_hash, g_direct_equal);
    collect_parents(q, qpdf_oh_get_key(q, tree, "/ParentTree"), parents, 0);
    int done = 0, pages = qpdf_get_num_pages(q);
    for (int p = 0; p < pages; p++) done += rewrite_page(q, qpdf_get_page_n(q, (size_t)p), parents);
    g_hash_table_destroy(parents);
    return done;
}
