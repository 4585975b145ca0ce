/* Artifacts: cairo 1.16 cannot mark content as /Artifact, so decoration is drawn inside
 * "Private" structure elements; here they leave the structure tree (and the parent tree) and
 * their "/Private << /MCID n >> BDC" operators become "/Artifact BMC". */
#include "doc/doc_internal.h"

#include <stdlib.h>
#include <string.h>

typedef struct art_ref {
    int page_id; /* object number of the page */
    int mcid;
} art_ref;

typedef struct art_walk {
    qpdf_data q;
    GArray *refs; /* art_ref */
    int depth;
} art_walk;

static void collect_mcids(art_walk *w, qpdf_oh kids, int page_id)
{
    qpdf_data q = w->q;
    if (qpdf_oh_is_integer(q, kids)) {
        art_ref a = { page_id, qpdf_oh_get_int_value_as_int(q, kids) };
        g_array_append_val(w->refs, a);
    } else if (qpdf_oh_is_array(q, kids)) {
        int n = qpdf_oh_get_array_n_items(q, kids);
        for (int i = 0; i < n; i++) collect_mcids(w, qpdf_oh_get_array_item(q, kids, i), page_id);
    } else if (qpdf_oh_is_dictionary(q, kids) && qpdf_oh_has_key(q, kids, "/MCID")) {
        int pg = qpdf_oh_has_key(q, kids, "/Pg") ? qpdf_oh_get_object_id(q, qpdf_oh_get_key(q, kids, "/Pg")) : page_id;
        art_ref a = { pg, qpdf_oh_get_int_value_as_int(q, qpdf_oh_get_key(q, kids, "/MCID")) };
        g_array_append_val(w->refs, a);
    }
}

static bool is_art(qpdf_data q, qpdf_oh node)
{
    return qpdf_oh_is_dictionary(q, node) && qpdf_oh_is_name_and_equals(q, qpdf_oh_get_key(q, node, "/S"), "/" ART_TAG);
}

/* Removes artifact elements below `node`, collecting their marked-content ids. */
static void prune(art_walk *w, qpdf_oh node)
{
    qpdf_data q = w->q;
    if (!qpdf_oh_is_dictionary(q, node) || w->depth > 64 || !qpdf_oh_has_key(q, node, "/K")) return;
    qpdf_oh kids = qpdf_oh_get_key(q, node, "/K");
    if (!qpdf_oh_is_array(q, kids)) {
        if (qpdf_oh_is_dictionary(q, kids) && !qpdf_oh_has_key(q, kids, "/MCID")) {
            kids = qpdf_oh_wrap_in_array(q, kids);
            qpdf_oh_replace_key(q, node, "/K", kids);
        } else {
            return;
        }
    }
    w->depth++;
    for (int i = qpdf_oh_get_array_n_items(q, kids) - 1; i >= 0; i--) {
        qpdf_oh kid = qpdf_oh_get_array_item(q, kids, i);
        if (is_art(q, kid)) {
            int pg = qpdf_oh_has_key(q, kid, "/Pg") ? qpdf_oh_get_object_id(q, qpdf_oh_get_key(q, kid, "/Pg")) : 0;
            if (qpdf_oh_has_key(q, kid, "/K")) collect_mcids(w, qpdf_oh_get_key(q, kid, "/K"), pg);
            qpdf_oh_erase_item(q, kids, i);
        } else {
            prune(w, kid);
        }
    }
    w->depth--;
}

/* Nulls the parent-tree slots of converted sequences (a flat /Nums array, or /Kids of them). */
static void clear_parent_tree(qpdf_data q, qpdf_oh tree, qpdf_oh page, const art_ref *refs, int n, int depth)
{
    if (!qpdf_oh_is_dictionary(q, tree) || depth > 16) return;
    if (qpdf_oh_has_key(q, tree, "/Kids")) {
        qpdf_oh kids = qpdf_oh_get_key(q, tree, "/Kids");
        for (int i = 0; i < qpdf_oh_get_array_n_items(q, kids); i++)
            clear_parent_tree(q, qpdf_oh_get_array_item(q, kids, i), page, refs, n, depth + 1);
    }
    if (!qpdf_oh_has_key(q, page, "/StructParents") || !qpdf_oh_has_key(q, tree, "/Nums")) return;
    int key = qpdf_oh_get_int_value_as_int(q, qpdf_oh_get_key(q, page, "/StructParents"));
    qpdf_oh nums = qpdf_oh_get_key(q, tree, "/Nums");
    int page_id = qpdf_oh_get_object_id(q, page);
    for (int i = 0; i + 1 < qpdf_oh_get_array_n_items(q, nums); i += 2) {
        if (qpdf_oh_get_int_value_as_int(q, qpdf_oh_get_array_item(q, nums, i)) != key) continue;
        qpdf_oh arr = qpdf_oh_get_array_item(q, nums, i + 1);
        for (int k = 0; k < n; k++)
            if (refs[k].page_id == page_id && refs[k].mcid < qpdf_oh_get_array_n_items(q, arr))
                qpdf_oh_set_array_item(q, arr, refs[k].mcid, qpdf_oh_new_null(q));
    }
}

/* Rewrites one page's content stream; returns the number of sequences converted. */
static int rewrite_page(qpdf_data q, qpdf_oh page, const art_ref *refs, int n)
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
    GString *s = g_string_new_len((const char *)data, (gssize)len);
    free(data);
    int page_id = qpdf_oh_get_object_id(q, page), done = 0;
    for (int k = 0; k < n; k++) {
        if (refs[k].page_id != page_id) continue;
        char pat[64];
        snprintf(pat, sizeof pat, "/%s << /MCID %d >> BDC", ART_TAG, refs[k].mcid);
        char *hit = g_strstr_len(s->str, (gssize)s->len, pat);
        if (!hit) continue;
        gssize at = hit - s->str;
        g_string_erase(s, at, (gssize)strlen(pat));
        g_string_insert(s, at, "/Artifact BMC");
        done++;
    }
    if (done)
        qpdf_oh_replace_stream_data(q, contents, (const unsigned char *)s->str, s->len,
                                    qpdf_oh_new_null(q), qpdf_oh_new_null(q));
    g_string_free(s, TRUE);
    return done;
}

int pdf_mark_artifacts(qpdf_data q, qpdf_oh root)
{
    if (!qpdf_oh_has_key(q, root, "/StructTreeRoot")) return 0;
    qpdf_oh tree = qpdf_oh_get_key(q, root, "/StructTreeRoot");
    art_walk w = { .q = q, .refs = g_array_new(FALSE, FALSE, sizeof(art_ref)) };
    prune(&w, tree);
    const art_ref *refs = (const art_ref *)w.refs->data;
    int n = (int)w.refs->len, done = 0, pages = qpdf_get_num_pages(q);
    for (int p = 0; p < pages; p++) {
        qpdf_oh page = qpdf_get_page_n(q, (size_t)p);
        if (qpdf_oh_has_key(q, tree, "/ParentTree"))
            clear_parent_tree(q, qpdf_oh_get_key(q, tree, "/ParentTree"), page, refs, n, 0);
        done += rewrite_page(q, page, refs, n);
    }
    g_array_free(w.refs, TRUE);
    return done;
}
