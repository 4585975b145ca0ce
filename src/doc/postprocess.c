/* Post-processing of cairo's PDF: adds what cairo 1.16 cannot write — /Lang, DisplayDocTitle,
 * /Alt on Figure structure elements, the scope of header cells, link descriptions, artifacts,
 * XMP metadata — and rewrites the file with object streams and a /ID derived from the content,
 * so identical input gives identical bytes. Only the objects that change are parsed and
 * re-serialised (src/doc/pdfobj.c); the rest is copied as cairo wrote it. */
#include "doc/doc_internal.h"

#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

enum { MAX_TREE_DEPTH = 64 };

/* From about this much of cairo's PDF on, compressing on a second thread saves more than
 * starting it costs. */
enum { HELPER_THREAD_MIN_PDF = 128 * 1024 };

typedef struct alt_walk {
    pdf_file *f;
    pdf_arena *a;
    const block **figs; /* figure blocks in document order */
    double page_h;
    int n, next;
    /* pdf_write's groups: the structure elements in tree order, those without marked content
     * (tables, rows) apart from those with it (cells), each group a run of look-alikes */
    int groups[2];
} alt_walk;

static bool walk_kids(alt_walk *w, pval *elem, const pval *type, const pval *parent_type, int depth);

/* Header cells in THead head their column; a TH elsewhere (a group row) heads its row. */
static const char *th_scope(const pval *grandparent_type)
{
    return pv_is_name(grandparent_type, "/THead") ? "<< /O /Table /Scope /Column >>"
                                                  : "<< /O /Table /Scope /Row >>";
}

/* Whether a structure element's /K holds marked content (an MCID, a marked-content or an
 * object reference) and not only other structure elements. */
static bool holds_content(const pval *k)
{
    if (k && k->kind == PV_ARRAY)
        for (int i = 0; i < k->n; i++)
            if (k->v[i]->kind != PV_REF) return true;
    return k && (k->kind == PV_NUM || k->kind == PV_DICT);
}

/* Visits structure element `num` (depth first: the order cairo opened the elements in, the
 * document order). Returns true when it is decoration: then it is freed and its parent drops it;
 * its marked content becomes /Artifact in pdf_mark_artifacts. */
static bool walk_elem(alt_walk *w, int num, const pval *parent_type, const pval *grandparent_type, int depth)
{
    pdf_mark m = arena_mark(w->a);
    pval *e = pdf_get(w->f, num, w->a);
    pval *s = pv_get(e, "/S");
    bool decoration = pv_is_name(s, "/" ART_TAG), changed = false;
    if (decoration) {
        pdf_free_object(w->f, num);
    } else if (s && s->kind == PV_NAME) {
        pdf_group_add(w->f, w->groups[holds_content(pv_get(e, "/K"))], num);
        if (pv_is_name(s, "/Figure") && w->next < w->n) {
            const block *fig = w->figs[w->next++];
            pv_set(w->a, e, "/Alt", pv_text(w->a, fig->alt));
            char a[160]; /* where the figure is, in PDF coordinates (origin bottom left) */
            snprintf(a, sizeof a, "<< /O /Layout /BBox [%.2f %.2f %.2f %.2f] >>", fig->bbox[0],
                     w->page_h - fig->bbox[3], fig->bbox[2], w->page_h - fig->bbox[1]);
            pv_set(w->a, e, "/A", pv_parse(w->a, a));
            changed = true;
        }
        if (pv_is_name(s, "/TH")) {
            pv_set(w->a, e, "/A", pv_parse(w->a, th_scope(grandparent_type)));
            changed = true;
        }
        if (depth < MAX_TREE_DEPTH && walk_kids(w, e, s, parent_type, depth + 1)) changed = true;
        if (changed) pdf_replace(w->f, num, e);
    }
    arena_release(w->a, m);
    return decoration;
}

/* Walks the kids in /K of `elem`, dropping decoration elements. Returns true when /K changed. */
static bool walk_kids(alt_walk *w, pval *elem, const pval *type, const pval *parent_type, int depth)
{
    pval *k = pv_get(elem, "/K");
    if (!k) return false;
    bool changed = false;
    if (k->kind == PV_REF) { /* one kid: when it is decoration, no kids */
        if (!walk_elem(w, k->n, type, parent_type, depth)) return false;
        pv_set(w->a, elem, "/K", pv_parse(w->a, "[]"));
        return true;
    }
    if (k->kind != PV_ARRAY) return false;
    int kept = 0;
    for (int i = 0; i < k->n; i++) {
        pval *kid = k->v[i];
        if (kid->kind == PV_REF && walk_elem(w, kid->n, type, parent_type, depth)) {
            changed = true;
            continue;
        }
        k->v[kept++] = kid;
    }
    k->n = kept;
    return changed;
}

/* One walk over the structure tree: drops decoration elements, sets /Alt (and a layout /BBox)
 * on every Figure element and the scope of header cells, and groups the elements for the
 * writer. Returns how many figures found no element. */
static int walk_tree(const doc *d, pdf_file *f, pdf_arena *a, pval *root)
{
    alt_walk w = { .f = f, .a = a, .page_h = d->lay->page_h };
    w.groups[0] = pdf_group_new(f);
    w.groups[1] = pdf_group_new(f);
    w.figs = g_new0(const block *, d->n + 1);
    for (int i = 0; i < d->n; i++)
        if (d->blocks[i].kind == B_FIGURE) w.figs[w.n++] = &d->blocks[i];
    pval *ref = pv_get(root, "/StructTreeRoot");
    pval *tree = ref && ref->kind == PV_REF ? pdf_get(f, ref->n, a) : NULL;
    if (tree && walk_kids(&w, tree, NULL, NULL, 0)) pdf_replace(f, ref->n, tree);
    int missing = w.n - w.next;
    g_free(w.figs);
    return missing;
}

/* The heading a table-of-contents link (destination "h<id>") goes to, as announced to
 * assistive technology. */
static char *link_description(const doc *d, const pval *dest)
{
    GString *name = g_string_new(NULL);
    int id = pv_string_bytes(dest, name) && name->str[0] == 'h' ? atoi(name->str + 1) : -1;
    g_string_free(name, TRUE);
    for (int b = 0; b < d->n; b++) {
        const block *h = &d->blocks[b];
        if (h->kind == B_HEADING && h->id == id)
            return h->number[0] ? g_strdup_printf("%s %s", h->number, h->plain) : g_strdup(h->plain);
    }
    return NULL;
}

/* Links get their heading as /Contents; a page with links is tabbed through in structure
 * order. Returns true when the page dictionary changed. */
static bool describe_links(const doc *d, pdf_file *f, pdf_arena *a, pval *page)
{
    pval *annots = pdf_resolve(f, pv_get(page, "/Annots"), a);
    if (!annots || annots->kind != PV_ARRAY) return false;
    for (int i = 0; i < annots->n; i++) {
        if (annots->v[i]->kind != PV_REF) continue;
        pdf_mark m = arena_mark(a);
        pval *link = pdf_get(f, annots->v[i]->n, a);
        pval *dest = pv_get(link, "/Dest");
        char *text = dest && dest->kind == PV_STR ? link_description(d, dest) : NULL;
        if (text) {
            pv_set(a, link, "/Contents", pv_text(a, text));
            pdf_replace(f, annots->v[i]->n, link);
            g_free(text);
        }
        arena_release(a, m);
    }
    pv_set(a, page, "/Tabs", pv_token(a, PV_NAME, "/S"));
    return true;
}

/* The page objects in order, from the page tree. */
static void collect_pages(pdf_file *f, pdf_arena *a, pval *node, GArray *pages, int depth)
{
    pval *kids = pdf_resolve(f, pv_get(node, "/Kids"), a);
    if (!kids || kids->kind != PV_ARRAY || depth > 32) return;
    for (int i = 0; i < kids->n; i++) {
        if (kids->v[i]->kind != PV_REF) continue;
        pdf_mark m = arena_mark(a);
        pval *kid = pdf_get(f, kids->v[i]->n, a);
        if (pv_is_name(pv_get(kid, "/Type"), "/Pages")) collect_pages(f, a, kid, pages, depth + 1);
        else if (kid) g_array_append_val(pages, kids->v[i]->n);
        arena_release(a, m);
    }
}

/* An outline entry and its place in the tree: indices into the entries, 0 for the root. */
typedef struct outline_entry {
    const block *heading;
    int num;                     /* object number */
    int parent, first, last, prev, next;
    int below;                   /* entries shown under it when it is open */
} outline_entry;

static void set_ref(pdf_arena *a, pval *dict, const char *key, const outline_entry *e, int i)
{
    if (i) pv_set(a, dict, key, pv_ref(a, e[i].num));
}

/* The outline: an entry per heading, nested by level, the chapters open, each going to where
 * its heading stands. Written here, not by cairo, so that it does not depend on how the pages
 * were drawn: render.c draws a long document in two parts. */
static void write_outline(const doc *d, pdf_file *f, pdf_arena *a, pval *root, const GArray *pages)
{
    int n = 0;
    for (int i = 0; i < d->n; i++)
        if (d->blocks[i].kind == B_HEADING && d->blocks[i].page >= 1 && d->blocks[i].page <= (int)pages->len) n++;
    if (n == 0) return;
    outline_entry *e = g_new0(outline_entry, n + 1);
    e[0].num = pdf_add(f, pv_null(a));
    int open[4] = { 0 }, k = 0; /* the last entry of each level, 0 when that level is closed */
    for (int i = 0; i < d->n; i++) {
        const block *b = &d->blocks[i];
        if (b->kind != B_HEADING || b->page < 1 || b->page > (int)pages->len) continue;
        k++;
        int level = CLAMP(b->level, 1, 3), parent = 0;
        for (int l = level - 1; l >= 1 && !parent; l--) parent = open[l];
        e[k] = (outline_entry){ .heading = b, .num = pdf_add(f, pv_null(a)), .parent = parent, .prev = e[parent].last };
        if (e[parent].last) e[e[parent].last].next = k;
        else e[parent].first = k;
        e[parent].last = k;
        open[level] = k;
        for (int l = level + 1; l <= 3; l++) open[l] = 0;
    }
    for (int i = n; i >= 1; i--) /* children follow their parent */
        e[e[i].parent].below += 1 + (e[i].heading->level == 1 ? e[i].below : 0);
    for (int i = 0; i <= n; i++) {
        pdf_mark m = arena_mark(a);
        pval *dict = pv_parse(a, i ? "<< >>" : "<< /Type /Outlines >>");
        set_ref(a, dict, "/First", e, e[i].first);
        set_ref(a, dict, "/Last", e, e[i].last);
        if (i) {
            const block *b = e[i].heading;
            char *title = b->number[0] ? g_strdup_printf("%s %s", b->number, b->plain) : g_strdup(b->plain);
            pv_set(a, dict, "/Title", pv_text(a, title));
            g_free(title);
            pv_set(a, dict, "/Parent", pv_ref(a, e[e[i].parent].num));
            set_ref(a, dict, "/Prev", e, e[i].prev);
            set_ref(a, dict, "/Next", e, e[i].next);
            char dest[96];
            snprintf(dest, sizeof dest, "[%d 0 R /XYZ %.1f %.2f 0]", g_array_index(pages, int, b->page - 1),
                     d->lay->margin_left, d->lay->page_h - (b->y > 12 ? b->y - 12 : 0));
            pv_set(a, dict, "/Dest", pv_parse(a, dest));
        }
        if (e[i].first) { /* closed entries count their hidden entries negatively */
            char count[16];
            snprintf(count, sizeof count, "%d", i && e[i].heading->level != 1 ? -e[i].below : e[i].below);
            pv_set(a, dict, "/Count", pv_token(a, PV_NUM, count));
        }
        pdf_replace(f, e[i].num, dict);
        arena_release(a, m);
    }
    pv_set(a, root, "/Outlines", pv_ref(a, e[0].num));
    g_free(e);
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

static void fix_catalog(const doc *d, pdf_file *f, pdf_arena *a, pval *root)
{
    pv_set(a, root, "/Lang", pv_text(a, strcmp(d->lang, "en") == 0 ? "en-GB" : "nl-NL"));
    pv_set(a, root, "/ViewerPreferences", pv_parse(a, "<< /DisplayDocTitle true >>"));
    pv_set(a, root, "/PageMode", pv_token(a, PV_NAME, "/UseOutlines"));
    if (pv_get(root, "/StructTreeRoot")) pv_set(a, root, "/MarkInfo", pv_parse(a, "<< /Marked true >>"));
    char *xmp = make_xmp(d);
    size_t n = strlen(xmp);
    char dict[96];
    snprintf(dict, sizeof dict, "<< /Type /Metadata /Subtype /XML /Length %zu >>", n);
    pv_set(a, root, "/Metadata", pv_ref(a, pdf_add_stream(f, pv_parse(a, dict), xmp, n)));
    g_free(xmp);
    pdf_replace(f, f->root, root);
}

/* Whether pdf_write should compress on a second thread as well: not for a small file, nor with
 * one core, where the threads could only take turns. */
static bool helper_thread_pays(size_t len)
{
    cpu_set_t cpus;
    return doc_threads_on() && len >= HELPER_THREAD_MIN_PDF &&
           (sched_getaffinity(0, sizeof cpus, &cpus) != 0 || CPU_COUNT(&cpus) > 1);
}

/* cairo leaves its streams uncompressed (render.c): those not rewritten above are compressed
 * here, but for XMP metadata, which stays readable as XMP recommends. */
static void compress_plain_streams(pdf_file *f, pdf_arena *a)
{
    for (int num = 1; num < f->n; num++) {
        const pdf_entry *e = &f->obj[num];
        if (!e->stream || e->freed || e->repl || e->data_len == 0) continue;
        pdf_mark m = arena_mark(a);
        const unsigned char *raw;
        size_t raw_len;
        pval *dict = pdf_stream(f, num, a, &raw, &raw_len);
        if (dict && !pv_get(dict, "/Filter") && !pv_is_name(pv_get(dict, "/Type"), "/Metadata"))
            pdf_replace_stream_deflated(f, num, a, dict, g_string_new_len((const char *)raw, (gssize)raw_len));
        arena_release(a, m);
    }
}

GString *pdf_postprocess(const doc *d, const unsigned char *data, size_t len, const char *path,
                         diag_list *dl)
{
    pdf_file f;
    pdf_arena a = { 0 };
    GString *out = NULL;
    if (!pdf_open(&f, data, len)) {
        diag_error(dl, ((srcloc){ .file = path }), NULL, "cannot post-process the PDF: %s", f.err);
        goto done;
    }
    f.helper_thread = helper_thread_pays(len);
    pval *root = pdf_get(&f, f.root, &a);
    /* The pages first: their rewritten content streams are compressed in the background while
     * this thread walks the structure tree. */
    GArray *pages = g_array_new(FALSE, FALSE, sizeof(int));
    collect_pages(&f, &a, pdf_resolve(&f, pv_get(root, "/Pages"), &a), pages, 0);
    pdf_parent_tree *parents = pdf_parent_tree_read(&f, &a, root);
    for (guint i = 0; i < pages->len; i++) {
        int num = g_array_index(pages, int, i);
        pdf_mark m = arena_mark(&a);
        pval *page = pdf_get(&f, num, &a);
        if (parents) pdf_mark_artifacts(&f, &a, page, parents);
        if (describe_links(d, &f, &a, page)) pdf_replace(&f, num, page);
        arena_release(&a, m);
    }
    pdf_parent_tree_free(parents);
    compress_plain_streams(&f, &a);
    int missing = walk_tree(d, &f, &a, root);
    write_outline(d, &f, &a, root, pages);
    g_array_free(pages, TRUE);
    fix_catalog(d, &f, &a, root);
    if (missing > 0 && pv_get(root, "/StructTreeRoot"))
        diag_warn(dl, ((srcloc){ .file = path }), NULL, "not every figure got its alternative text");
    out = pdf_write(&f);
done:
    pdf_close(&f);
    arena_free(&a);
    return out;
}
