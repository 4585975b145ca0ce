/* Post-processing with libqpdf: adds what cairo 1.16 cannot write — /Lang, DisplayDocTitle,
 * /Alt on Figure structure elements, XMP metadata — and rewrites the file with object streams
 * and a /ID derived from the content, so identical input gives identical bytes. */
#include "doc/doc_internal.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>

typedef struct alt_walk {
    qpdf_data q;
    const block **figs; /* figure blocks in document order */
    double page_h;
    int n, next;
    int depth;
    qpdf_oh scope_col, scope_row; /* shared /A dictionaries of header cells */
} alt_walk;

static void walk_struct(alt_walk *w, qpdf_oh node, qpdf_oh s);

/* The element's /S when it is a dictionary, else a null handle. */
static qpdf_oh struct_type(qpdf_data q, qpdf_oh node)
{
    return qpdf_oh_is_dictionary(q, node) ? qpdf_oh_get_key(q, node, "/S") : 0;
}

/* Visits the kids in order, dropping decoration ("Private") elements from the tree on the way;
 * their marked content becomes /Artifact in pdf_mark_artifacts. */
static void walk_kids(alt_walk *w, qpdf_oh parent, qpdf_oh kids)
{
    qpdf_data q = w->q;
    if (qpdf_oh_is_dictionary(q, kids) && !qpdf_oh_has_key(q, kids, "/MCID")) {
        kids = qpdf_oh_wrap_in_array(q, kids); /* one element: an array of one, so it can go */
        qpdf_oh_replace_key(q, parent, "/K", kids);
    }
    if (!qpdf_oh_is_array(q, kids)) return;
    int n = qpdf_oh_get_array_n_items(q, kids), *drop = NULL, ndrop = 0;
    for (int i = 0; i < n; i++) {
        qpdf_oh kid = qpdf_oh_get_array_item(q, kids, i);
        qpdf_oh s = struct_type(q, kid);
        if (s && qpdf_oh_is_name_and_equals(q, s, "/" ART_TAG)) {
            if (!drop) drop = g_new(int, n);
            drop[ndrop++] = i;
        } else if (s) {
            walk_struct(w, kid, s);
        }
        qpdf_oh_release(q, s);
        qpdf_oh_release(q, kid);
    }
    for (int k = ndrop - 1; k >= 0; k--) qpdf_oh_erase_item(q, kids, drop[k]);
    g_free(drop);
}

/* Header cells in THead head their column; a TH elsewhere (a group row) heads its row. */
static void set_scope(alt_walk *w, qpdf_oh th)
{
    qpdf_data q = w->q;
    qpdf_oh tr = qpdf_oh_get_key(q, th, "/P");
    qpdf_oh sect = qpdf_oh_is_dictionary(q, tr) ? qpdf_oh_get_key(q, tr, "/P") : 0;
    qpdf_oh ss = sect && qpdf_oh_is_dictionary(q, sect) ? qpdf_oh_get_key(q, sect, "/S") : 0;
    bool head = ss && qpdf_oh_is_name_and_equals(q, ss, "/THead");
    if (!w->scope_col) {
        w->scope_col = qpdf_oh_parse(q, "<< /O /Table /Scope /Column >>");
        w->scope_row = qpdf_oh_parse(q, "<< /O /Table /Scope /Row >>");
    }
    /* written out in full at every cell, so one parsed dictionary serves them all */
    qpdf_oh_replace_key(q, th, "/A", head ? w->scope_col : w->scope_row);
    qpdf_oh_release(q, ss);
    qpdf_oh_release(q, sect);
    qpdf_oh_release(q, tr);
}

/* Depth-first, which is the order cairo opened the elements in: the document order. `s` is the
 * element's /S. */
static void walk_struct(alt_walk *w, qpdf_oh node, qpdf_oh s)
{
    qpdf_data q = w->q;
    if (w->depth > 64) return;
    if (qpdf_oh_is_name_and_equals(q, s, "/Figure") && w->next < w->n) {
        const block *f = w->figs[w->next++];
        qpdf_oh_replace_key(q, node, "/Alt", qpdf_oh_new_unicode_string(q, f->alt));
        char a[160]; /* where the figure is, in PDF coordinates (origin bottom left) */
        snprintf(a, sizeof a, "<< /O /Layout /BBox [%.2f %.2f %.2f %.2f] >>", f->bbox[0],
                 w->page_h - f->bbox[3], f->bbox[2], w->page_h - f->bbox[1]);
        qpdf_oh_replace_key(q, node, "/A", qpdf_oh_parse(q, a));
    }
    if (qpdf_oh_is_name_and_equals(q, s, "/TH")) set_scope(w, node);
    qpdf_oh kids = qpdf_oh_get_key(q, node, "/K");
    w->depth++;
    walk_kids(w, node, kids);
    w->depth--;
    qpdf_oh_release(q, kids);
}

/* One walk over the structure tree: drops decoration elements, sets /Alt (and a layout /BBox)
 * on every Figure element and the scope of header cells. Returns how many figures found no
 * element. */
static int walk_tree(const doc *d, qpdf_data q, qpdf_oh root)
{
    alt_walk w = { .q = q, .page_h = d->lay->page_h };
    w.figs = g_new0(const block *, d->n + 1);
    for (int i = 0; i < d->n; i++)
        if (d->blocks[i].kind == B_FIGURE) w.figs[w.n++] = &d->blocks[i];
    qpdf_oh tree = qpdf_oh_get_key(q, root, "/StructTreeRoot");
    if (qpdf_oh_is_dictionary(q, tree)) walk_kids(&w, tree, qpdf_oh_get_key(q, tree, "/K"));
    int missing = w.n - w.next;
    g_free(w.figs);
    return missing;
}

/* Appends open + escaped value + close, where `fmt` is "open%sclose". */
/* Gives every table-of-contents link (destination "h<id>") its heading as /Contents, the
 * description assistive technology announces for a link. */
static void describe_links(const doc *d, qpdf_data q)
{
    int pages = qpdf_get_num_pages(q);
    for (int p = 0; p < pages; p++) {
        qpdf_oh page = qpdf_get_page_n(q, (size_t)p);
        qpdf_oh annots = qpdf_oh_get_key(q, page, "/Annots");
        if (qpdf_oh_is_array(q, annots)) /* tab through links in structure order */
            qpdf_oh_replace_key(q, page, "/Tabs", qpdf_oh_new_name(q, "/S"));
        for (int i = 0; qpdf_oh_is_array(q, annots) && i < qpdf_oh_get_array_n_items(q, annots); i++) {
            qpdf_oh a = qpdf_oh_get_array_item(q, annots, i);
            qpdf_oh dest = qpdf_oh_get_key(q, a, "/Dest");
            if (!qpdf_oh_is_string(q, dest)) continue;
            const char *name = qpdf_oh_get_utf8_value(q, dest);
            int id = name && name[0] == 'h' ? atoi(name + 1) : -1;
            for (int b = 0; b < d->n; b++) {
                const block *h = &d->blocks[b];
                if (h->kind != B_HEADING || h->id != id) continue;
                char *text = h->number[0] ? g_strdup_printf("%s %s", h->number, h->plain) : g_strdup(h->plain);
                qpdf_oh_replace_key(q, a, "/Contents", qpdf_oh_new_unicode_string(q, text));
                g_free(text);
            }
        }
    }
}

static void xmp_add(GString *x, const char *fmt, const char *value)
{
    if (!value || !*value) return;
    const char *pct = strstr(fmt, "%s");
    char *e = g_markup_escape_text(value, -1);
    g_string_append_len(x, fmt, pct - fmt);
    g_string_append(x, e);
    g_string_append(x, pct + 2);
    g_free(e);
}

/* XMP packet mirroring the Info dictionary (PDF/UA readers look here for the title). */
static char *make_xmp(const doc *d)
{
    char date[32];
    time_t t = (time_t)d->created;
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
    GString *x = g_string_new("<?xpacket begin=\"\xEF\xBB\xBF\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n"
                              "<x:xmpmeta xmlns:x=\"adobe:ns:meta/\"><rdf:RDF "
                              "xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n"
                              "<rdf:Description rdf:about=\"\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\" "
                              "xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\" xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\">\n");
    xmp_add(x, "<dc:title><rdf:Alt><rdf:li xml:lang=\"x-default\">%s</rdf:li></rdf:Alt></dc:title>\n", d->title);
    xmp_add(x, "<dc:creator><rdf:Seq><rdf:li>%s</rdf:li></rdf:Seq></dc:creator>\n", d->author);
    xmp_add(x, "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">%s</rdf:li></rdf:Alt></dc:description>\n", d->subject);
    xmp_add(x, "<dc:language><rdf:Bag><rdf:li>%s</rdf:li></rdf:Bag></dc:language>\n",
            strcmp(d->lang, "en") == 0 ? "en-GB" : "nl-NL");
    xmp_add(x, "<pdf:Keywords>%s</pdf:Keywords>\n", d->keywords);
    xmp_add(x, "<xmp:CreatorTool>%s</xmp:CreatorTool>\n", d->creator);
    xmp_add(x, "<xmp:CreateDate>%s</xmp:CreateDate>\n", date);
    xmp_add(x, "<xmp:ModifyDate>%s</xmp:ModifyDate>\n", date);
    g_string_append(x, "</rdf:Description></rdf:RDF></x:xmpmeta>\n<?xpacket end=\"w\"?>");
    return g_string_free(x, FALSE);
}

static void add_xmp(const doc *d, qpdf_data q, qpdf_oh root)
{
    char *xmp = make_xmp(d);
    qpdf_oh s = qpdf_oh_new_stream(q);
    qpdf_oh_replace_stream_data(q, s, (const unsigned char *)xmp, strlen(xmp),
                                qpdf_oh_new_null(q), qpdf_oh_new_null(q));
    qpdf_oh dict = qpdf_oh_get_dict(q, s);
    qpdf_oh_replace_key(q, dict, "/Type", qpdf_oh_new_name(q, "/Metadata"));
    qpdf_oh_replace_key(q, dict, "/Subtype", qpdf_oh_new_name(q, "/XML"));
    qpdf_oh_replace_key(q, root, "/Metadata", s);
    g_free(xmp);
}

static void fix_catalog(const doc *d, qpdf_data q, qpdf_oh root)
{
    const char *lang = strcmp(d->lang, "en") == 0 ? "en-GB" : "nl-NL";
    qpdf_oh_replace_key(q, root, "/Lang", qpdf_oh_new_unicode_string(q, lang));
    qpdf_oh_replace_key(q, root, "/ViewerPreferences", qpdf_oh_parse(q, "<< /DisplayDocTitle true >>"));
    qpdf_oh_replace_key(q, root, "/PageMode", qpdf_oh_new_name(q, "/UseOutlines"));
    if (qpdf_oh_has_key(q, root, "/StructTreeRoot"))
        qpdf_oh_replace_key(q, root, "/MarkInfo", qpdf_oh_parse(q, "<< /Marked true >>"));
    add_xmp(d, q, root);
}

static bool qpdf_failed(qpdf_data q, const char *path, const char *what, diag_list *dl)
{
    if (!qpdf_has_error(q)) return false;
    qpdf_error e = qpdf_get_error(q);
    diag_error(dl, ((srcloc){ .file = path }), NULL, "%s: %s", what, e ? qpdf_get_error_full_text(q, e) : "?");
    return true;
}

bool pdf_postprocess(const doc *d, const unsigned char *data, size_t len, const char *path,
                     diag_list *dl)
{
    qpdf_data q = qpdf_init();
    qpdf_silence_errors(q);
    qpdf_set_suppress_warnings(q, QPDF_TRUE);
    bool ok = false;
    qpdf_read_memory(q, "cairo-output.pdf", (const char *)data, (unsigned long long)len, NULL);
    if (qpdf_failed(q, path, "cannot post-process the PDF", dl)) goto done;
    qpdf_oh root = qpdf_get_root(q);
    fix_catalog(d, q, root);
    int missing = walk_tree(d, q, root);
    pdf_mark_artifacts(q, root);
    describe_links(d, q);
    if (missing > 0 && qpdf_oh_has_key(q, root, "/StructTreeRoot"))
        diag_warn(dl, ((srcloc){ .file = path }), NULL, "not every figure got its alternative text");
    qpdf_init_write(q, path);
    if (qpdf_failed(q, path, "cannot write", dl)) goto done;
    qpdf_set_object_stream_mode(q, qpdf_o_generate);
    qpdf_set_compress_streams(q, QPDF_TRUE);
    qpdf_set_stream_data_mode(q, qpdf_s_compress);
    qpdf_set_deterministic_ID(q, QPDF_TRUE);
    qpdf_write(q);
    ok = !qpdf_failed(q, path, "cannot write", dl);
done:
    qpdf_cleanup(&q);
    return ok;
}
