/* The PDF reader/writer under the post-processor: values, a hand-made file edited and written
 * with object streams, and files it must refuse. */
#include "doc/deflatepool.h"
#include "doc/pdfobj.h"
#include "unit.h"

#include <cairo-pdf.h>
#include <zlib.h>

static void test_values(void)
{
    pdf_arena a = { 0 };
    pval *d = pv_parse(&a, "<< /A (a\\)b(c)) /B [1 2 0 R /N 3.5] % note\n /C <4142> /D true /E null >>");
    CHECK(d && d->kind == PV_DICT);
    CHECK_INT(d ? d->n : 0, 5);
    GString *s = g_string_new(NULL);
    CHECK(pv_string_bytes(pv_get(d, "/A"), s));
    CHECK_STR(s->str, "a)b(c)");
    g_string_truncate(s, 0);
    CHECK(pv_string_bytes(pv_get(d, "/C"), s));
    CHECK_STR(s->str, "AB");
    pval *b = pv_get(d, "/B");
    CHECK(b && b->kind == PV_ARRAY && b->n == 4);
    CHECK(b && b->v[1]->kind == PV_REF && b->v[1]->n == 2);
    CHECK(b && pv_is_name(b->v[2], "/N"));
    long n = 0;
    CHECK(b && pv_int(b->v[0], &n) && n == 1);
    CHECK(b && !pv_int(b->v[3], &n)); /* 3.5 is not an integer */
    CHECK(pv_int(pv_parse(&a, "-42"), &n) && n == -42);
    CHECK(pv_int(pv_parse(&a, "+1234567890123"), &n) && n == 1234567890123L);
    CHECK(pv_get(d, "/D")->kind == PV_BOOL && pv_get(d, "/E")->kind == PV_NULL);
    CHECK(pv_get(d, "/F") == NULL);
    pv_set(&a, d, "/A", pv_text(&a, "x(y)"));
    pv_set(&a, d, "/Z", pv_text(&a, "één"));
    g_string_truncate(s, 0);
    pv_write(s, d);
    CHECK_STR(s->str, "<</A (x\\(y\\))/B [1 2 0 R /N 3.5]/C <4142>/D true/E null/Z <FEFF00E900E9006E>>>");
    CHECK(pv_parse(&a, "<< /A (unterminated >>") == NULL);
    CHECK(pv_parse(&a, "<< /A 1 0 obj >>") == NULL);
    g_string_truncate(s, 0);
    CHECK(pv_string_bytes(pv_parse(&a, "(\\101\\n\\\\)"), s));
    CHECK_STR(s->str, "A\n\\");
    char buf[32] = "<< /BBox [1 2] >>"; /* parsed values outlive the caller's buffer */
    pval *copy = pv_parse(&a, buf);
    memset(buf, 'x', sizeof buf - 1);
    g_string_truncate(s, 0);
    pv_write(s, copy);
    CHECK_STR(s->str, "<</BBox [1 2]>>");
    g_string_free(s, TRUE);
    arena_free(&a);
}

/* A file the way cairo writes one: objects 1 .. n (NULL: a content stream whose /Length is
 * object 6), a classic cross-reference table, a trailer. */
static GString *pdf_of(const char **objects, int n)
{
    GString *f = g_string_new("%PDF-1.5\n");
    size_t *off = g_new0(size_t, n + 1);
    for (int i = 0; i < n; i++) {
        off[i + 1] = f->len;
        g_string_append_printf(f, "%d 0 obj\n", i + 1);
        if (objects[i]) g_string_append(f, objects[i]);
        else g_string_append(f, "<< /Length 6 0 R >>\nstream\nq Q BT\nendstream");
        g_string_append(f, "\nendobj\n");
    }
    size_t xref = f->len;
    g_string_append_printf(f, "xref\n0 %d\n0000000000 65535 f \n", n + 1);
    for (int i = 1; i <= n; i++) g_string_append_printf(f, "%010zu 00000 n \n", off[i]);
    g_string_append_printf(f, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", n + 1, xref);
    g_free(off);
    return f;
}

static GString *small_pdf(void)
{
    static const char *objects[] = {
        "<< /Type /Catalog /Pages 2 0 R /Extra 4 0 R >>",
        "<< /Type /Pages % comment\n   /Kids [ 3 0 R ] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /Contents 5 0 R /Title (a (nested) \\) string) >>",
        "[ 1 2 3 ]",
        NULL, /* the content stream */
        "   7",
    };
    return pdf_of(objects, 6);
}

static void test_edit_and_write(void)
{
    GString *src = small_pdf();
    pdf_file f;
    CHECK(pdf_open(&f, (const unsigned char *)src->str, src->len));
    pdf_arena a = { 0 };
    pval *page = pdf_get(&f, 3, &a);
    GString *s = g_string_new(NULL);
    CHECK(pv_string_bytes(pv_get(page, "/Title"), s));
    CHECK_STR(s->str, "a (nested) ) string");
    const unsigned char *data;
    size_t len;
    pval *dict = pdf_stream(&f, 5, &a, &data, &len);
    CHECK(dict && len == 7 && memcmp(data, "q Q BT\n", 7) == 0);
    pv_set(&a, page, "/Tabs", pv_token(&a, PV_NAME, "/S"));
    pdf_replace(&f, 3, page);
    pdf_free_object(&f, 4); /* the catalog's reference to it must become null */
    GString *out = pdf_write(&f), *again = pdf_write(&f);
    CHECK(out->len == again->len && memcmp(out->str, again->str, out->len) == 0);
    CHECK(g_str_has_prefix(out->str, "%PDF-1.7"));
    CHECK(memmem(out->str, out->len, "/Type /XRef", 11) != NULL);
    CHECK(memmem(out->str, out->len, "/ID [<", 6) != NULL);
    /* the catalog, pages and page sit in the first object stream, renumbered 1, 2, 3 */
    const char *stm = memmem(out->str, out->len, "/Type /ObjStm", 13);
    const char *z = stm ? strstr(stm, "stream\n") : NULL;
    char plain[2048] = { 0 };
    uLongf plen = sizeof plain - 1;
    CHECK(z && uncompress((Bytef *)plain, &plen, (const Bytef *)z + 7, (uLong)(out->len - (size_t)(z + 7 - out->str))) == Z_OK);
    CHECK(strstr(plain, "/Pages 2 0 R/Extra null>>") != NULL);
    CHECK(strstr(plain, "/Tabs/S") != NULL);
    CHECK(strstr(plain, "/Title(a (nested) \\) string)") != NULL); /* strings untouched */
    CHECK(strstr(plain, "% comment") == NULL);
    g_string_free(out, TRUE);
    g_string_free(again, TRUE);
    g_string_free(s, TRUE);
    arena_free(&a);
    pdf_close(&f);
    g_string_free(src, TRUE);
}

/* The decoded data of the (object) stream numbered `num` in `out`, with its /First and
 * /Columns (0 without a predictor). NULL when there is no such stream or its /Length is wrong. */
static GString *object_stream(const GString *out, int num, long *first, long *columns)
{
    char head[32];
    snprintf(head, sizeof head, "\n%d 0 obj\n<<", num);
    const char *obj = memmem(out->str, out->len, head, strlen(head));
    const char *dict_end = obj ? strstr(obj, ">>\nstream\n") : NULL;
    if (!dict_end) return NULL;
    const char *f = strstr(obj, "/First "), *c = strstr(obj, "/Columns "), *l = strstr(obj, "/Length ");
    *first = f && f < dict_end ? atol(f + 7) : -1;
    *columns = c && c < dict_end ? atol(c + 9) : 0;
    const char *z = dict_end + 10;
    uLongf len = 1 << 20;
    GString *data = g_string_sized_new(len);
    if (!l || !g_str_has_prefix(z + atol(l + 8), "\nendstream") || uncompress((Bytef *)data->str, &len, (const Bytef *)z, (uLong)atol(l + 8)) != Z_OK) {
        g_string_free(data, TRUE);
        return NULL;
    }
    g_string_set_size(data, len);
    if (*columns) { /* undo the PNG "Up" predictor: a tag byte and a difference per row */
        GString *rows = g_string_new(NULL);
        for (size_t r = 0; r + 1 + (size_t)*columns <= data->len; r += 1 + (size_t)*columns) {
            CHECK_INT(data->str[r], 2);
            for (long k = 0; k < *columns; k++) {
                size_t at = rows->len;
                char above = at >= (size_t)*columns ? rows->str[at - (size_t)*columns] : 0;
                g_string_append_c(rows, (char)(data->str[r + 1 + (size_t)k] + above));
            }
        }
        g_string_free(data, TRUE);
        data = rows;
    }
    return data;
}

/* Offset of object `num` in a decoded object stream, from its header; -1 when not there. */
static long offset_in_stream(const GString *data, long first, int num)
{
    const char *p = data->str;
    while (p < data->str + first) {
        char *end;
        long n = strtol(p, &end, 10), off = strtol(end, &end, 10);
        if (end == p) break;
        if (n == num) return first + off;
        p = end;
    }
    return -1;
}

/* Grouped objects come first, numbered in the order they were added, in object streams of
 * their own laid out in rows behind the "Up" predictor. */
static void test_groups(void)
{
    GString *alt = g_string_new("<< /S /Figure /P 13 0 R /K 9 /Alt (");
    for (int i = 0; i < 30; i++) g_string_append(alt, "a long text ");
    g_string_append(alt, ") >>");
    const char *objects[] = {
        "<< /Type /Catalog /Pages 2 0 R /StructTreeRoot 14 0 R >>",
        "<< /Type /Pages /Kids [ 3 0 R ] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /Contents 5 0 R >>",
        "<< /S /TD /P 13 0 R /Pg 3 0 R /K 0 >>",
        NULL,
        "   7",
        "<< /S /TD /P 13 0 R /Pg 3 0 R /K 1 >>",
        "<< /S /TD /P 13 0 R /Pg 3 0 R /K 2 >>",
        alt->str,
        "<< /S /TD /P 13 0 R /Pg 3 0 R /K 10 >>",
        "<< /S /TD /P 13 0 R /Pg 3 0 R /K 11 >>",
        "<< /S /Private /P 13 0 R /Pg 3 0 R /K 12 >>",
        "<< /S /TR /P 14 0 R /K [ 4 0 R 7 0 R 8 0 R 9 0 R 10 0 R 11 0 R ] >>",
        "<< /Type /StructTreeRoot /K 13 0 R >>",
    };
    GString *src = pdf_of(objects, 14);
    pdf_file f;
    CHECK(pdf_open(&f, (const unsigned char *)src->str, src->len));
    int rows = pdf_group_new(&f), cells = pdf_group_new(&f);
    pdf_group_add(&f, rows, 13);
    int cell_nums[] = { 4, 7, 8, 9, 12, 10, 5, 11, 4 }; /* 12 is freed, 5 a stream, 4 in twice */
    for (size_t i = 0; i < G_N_ELEMENTS(cell_nums); i++) pdf_group_add(&f, cells, cell_nums[i]);
    pdf_free_object(&f, 12);
    GString *out = pdf_write(&f);
    /* 13 becomes 1 and the cells 2 .. 7; the other objects follow in their old order (the
     * structure tree root is 12), then the content stream, then the object streams: one for
     * each group and one for the rest */
    long first, columns;
    GString *tr = object_stream(out, 14, &first, &columns);
    CHECK(tr && columns > 0 && offset_in_stream(tr, first, 1) == first);
    CHECK(tr && strstr(tr->str + first, "<</S/TR/P 12 0 R/K[2 0 R 3 0 R 4 0 R 5 0 R 6 0 R 7 0 R]>>") != NULL);
    GString *td = object_stream(out, 15, &first, &columns);
    CHECK(td && columns == (long)strlen("<</S/TD/P 1 0 R/Pg 10 0 R/K 10>>") + 1);
    const char *expect[] = { "<</S/TD/P 1 0 R/Pg 10 0 R/K 0>> ", "<</S/TD/P 1 0 R/Pg 10 0 R/K 1>> ",
                             "<</S/TD/P 1 0 R/Pg 10 0 R/K 2>> ", "<</S/Figure/P 1 0 R/K 9/Alt(a long text ",
                             "<</S/TD/P 1 0 R/Pg 10 0 R/K 10>> ", "<</S/TD/P 1 0 R/Pg 10 0 R/K 11>> " };
    long row = first;
    for (int k = 0; td && k < 6; k++) {
        long at = offset_in_stream(td, first, 2 + k);
        CHECK(at == row && (at - first) % columns == 0); /* each object starts a row */
        if (at < 0 || strncmp(td->str + at, expect[k], strlen(expect[k])) != 0) {
            CHECK(!"object as expected");
            break;
        }
        long len = (long)(strstr(td->str + at, ">> ") + 2 - (td->str + at));
        CHECK((len >= columns) == (k == 3)); /* the long one runs on over more rows */
        row = at + (len / columns + 1) * columns;
    }
    CHECK(td && offset_in_stream(td, first, 8) == -1);
    CHECK(memmem(out->str, out->len, "/Root 8 0 R", 11) != NULL);
    if (tr) g_string_free(tr, TRUE);
    if (td) g_string_free(td, TRUE);
    g_string_free(out, TRUE);
    pdf_close(&f);
    g_string_free(src, TRUE);
    g_string_free(alt, TRUE);
}

/* A stream replaced with data to compress gets it compressed and the /Length of it: the same
 * bytes whether a second thread compressed it or not. */
static void test_deflated_stream(void)
{
    GString *src = small_pdf(), *content = g_string_new(NULL), *out[2];
    for (int i = 0; i < 4000; i++) g_string_append_printf(content, "/Artifact BMC %d 0 Td EMC\n", i);
    for (int helper = 0; helper < 2; helper++) {
        pdf_file f;
        CHECK(pdf_open(&f, (const unsigned char *)src->str, src->len));
        f.helper_thread = helper;
        pdf_arena a = { 0 };
        const unsigned char *data;
        size_t len;
        pval *dict = pdf_stream(&f, 5, &a, &data, &len);
        pdf_replace_stream_deflated(&f, 5, &a, dict, g_string_new_len(content->str, (gssize)content->len));
        out[helper] = pdf_write(&f);
        arena_free(&a);
        pdf_close(&f);
    }
    CHECK(out[0]->len == out[1]->len && memcmp(out[0]->str, out[1]->str, out[0]->len) == 0);
    long first, columns;
    GString *data = object_stream(out[1], 6, &first, &columns); /* 1 .. 5 are the other objects */
    CHECK(data && data->len == content->len && memcmp(data->str, content->str, content->len) == 0);
    static const char dict_end[] = "/Filter/FlateDecode>>\nstream";
    CHECK(memmem(out[1]->str, out[1]->len, dict_end, sizeof dict_end - 1) != NULL);
    if (data) g_string_free(data, TRUE);
    for (int i = 0; i < 2; i++) g_string_free(out[i], TRUE);
    g_string_free(content, TRUE);
    g_string_free(src, TRUE);
}

/* The pool with a helper thread makes the bytes the calling thread alone makes, whichever
 * thread took a buffer, more than it lets wait for the helper included; they inflate to what
 * went in. A pool freed with buffers not compressed or not taken lets them go. */
static void test_deflate_pool(void)
{
    enum { N = 48 };
    GString *plain[N];
    for (int i = 0; i < N; i++) { /* 0 to 150 KB, 3.5 MB in all */
        plain[i] = g_string_new(NULL);
        for (int k = 0; k < i * 300; k++) g_string_append_printf(plain[i], "%d %d Td ", (k * 7) % 613, i);
    }
    deflate_pool *one = deflate_pool_new(false), *two = deflate_pool_new(true);
    int jobs[2][N];
    for (int round = 0; round < 2; round++) { /* a pool goes on after a wait */
        for (int i = round; i < N; i += 2) {
            jobs[0][i] = deflate_pool_add(one, g_string_new_len(plain[i]->str, (gssize)plain[i]->len));
            jobs[1][i] = deflate_pool_add(two, g_string_new_len(plain[i]->str, (gssize)plain[i]->len));
        }
        deflate_pool_wait(one);
        deflate_pool_wait(two);
    }
    for (int i = 0; i < N; i++) {
        GString *a = deflate_pool_take(one, jobs[0][i]), *b = deflate_pool_take(two, jobs[1][i]);
        GString *now = deflate_pool_now(two, plain[i]->str, plain[i]->len);
        CHECK(a->len == b->len && memcmp(a->str, b->str, a->len) == 0);
        CHECK(a->len == now->len && memcmp(a->str, now->str, a->len) == 0);
        uLongf len = plain[i]->len + 1;
        char *back = g_malloc(len);
        CHECK(uncompress((Bytef *)back, &len, (const Bytef *)b->str, b->len) == Z_OK);
        CHECK(len == plain[i]->len && memcmp(back, plain[i]->str, len) == 0);
        g_free(back);
        g_string_free(a, TRUE);
        g_string_free(b, TRUE);
        g_string_free(now, TRUE);
    }
    deflate_pool_free(one);
    for (int i = 0; i < N; i++) deflate_pool_add(two, plain[i]);
    deflate_pool_free(two);
}

static void test_refuses(void)
{
    pdf_file f;
    const char *junk = "%PDF-1.5\nnothing here at all\n";
    CHECK(!pdf_open(&f, (const unsigned char *)junk, strlen(junk)));
    CHECK(strstr(f.err, "startxref") != NULL);
    pdf_close(&f);
    GString *src = small_pdf();
    char *len_obj = strstr(src->str, "   7"); /* a /Length past the end of the data */
    len_obj[2] = '8', len_obj[3] = '8';
    CHECK(!pdf_open(&f, (const unsigned char *)src->str, src->len));
    CHECK(strstr(f.err, "endstream") != NULL);
    pdf_close(&f);
    g_string_free(src, TRUE);
}

static cairo_status_t append_to(void *closure, const unsigned char *data, unsigned int len)
{
    g_string_append_len(closure, (const char *)data, len);
    return CAIRO_STATUS_SUCCESS;
}

/* Part of a tagged document as cairo draws it: `pages` pages, each with a paragraph, a link to
 * destination `link_to` and a destination of its own, `<dest>`, `<dest>+1`, ... */
static GString *cairo_part(int pages, const char *dest, const char *link_to)
{
    GString *out = g_string_new(NULL);
    cairo_surface_t *s = cairo_pdf_surface_create_for_stream(append_to, out, 200, 200);
    cairo_t *cr = cairo_create(s);
    cairo_tag_begin(cr, "Document", NULL);
    for (int p = 0; p < pages; p++) {
        char attrs[64];
        snprintf(attrs, sizeof attrs, "name='%s%d'", dest, p);
        cairo_tag_begin(cr, CAIRO_TAG_DEST, attrs);
        cairo_tag_begin(cr, "H1", NULL);
        cairo_rectangle(cr, 10, 10, 50, 10);
        cairo_fill(cr);
        cairo_tag_end(cr, "H1");
        cairo_tag_end(cr, CAIRO_TAG_DEST);
        cairo_tag_begin(cr, "P", NULL);
        snprintf(attrs, sizeof attrs, "dest='%s'", link_to);
        cairo_tag_begin(cr, CAIRO_TAG_LINK, attrs);
        cairo_rectangle(cr, 10, 40, 50, 10);
        cairo_fill(cr);
        cairo_tag_end(cr, CAIRO_TAG_LINK);
        cairo_tag_end(cr, "P");
        cairo_show_page(cr);
    }
    cairo_tag_end(cr, "Document");
    cairo_destroy(cr);
    cairo_surface_finish(s);
    CHECK(cairo_surface_status(s) == CAIRO_STATUS_SUCCESS);
    cairo_surface_destroy(s);
    return out;
}

static int ref_n(const pval *v) { return v && v->kind == PV_REF ? v->n : 0; }

/* Two parts joined: one page tree, one Document element, parent tree keys that do not collide
 * and that each page and link still finds, one sorted list of destinations both parts link to. */
static void test_join(void)
{
    GString *a = cairo_part(2, "a", "b1"), *b = cairo_part(3, "b", "a0");
    char err[200] = "";
    GString *j = pdf_join((const unsigned char *)a->str, a->len, (const unsigned char *)b->str, b->len, err, sizeof err);
    CHECK(j != NULL);
    if (!j) fprintf(stderr, "  join: %s\n", err);
    pdf_file f;
    pdf_arena ar = { 0 };
    CHECK(j && pdf_open(&f, (const unsigned char *)j->str, j->len));
    if (!j) goto done;
    pval *cat = pdf_get(&f, f.root, &ar);
    int pages_num = ref_n(pv_get(cat, "/Pages"));
    pval *pages = pdf_get(&f, pages_num, &ar), *kids = pv_get(pages, "/Kids");
    long count = 0;
    CHECK(pv_int(pv_get(pages, "/Count"), &count) && count == 5);
    CHECK(kids && kids->kind == PV_ARRAY && kids->n == 5);
    pval *tree = pdf_get(&f, ref_n(pv_get(cat, "/StructTreeRoot")), &ar);
    pval *k = pv_get(tree, "/K");
    int doc_num = ref_n(k && k->kind == PV_ARRAY && k->n == 1 ? k->v[0] : k);
    pval *docel = pdf_get(&f, doc_num, &ar), *dk = pv_get(docel, "/K");
    CHECK(dk && dk->kind == PV_ARRAY && dk->n == 10); /* H1 and P of five pages */
    for (int i = 0; dk && dk->kind == PV_ARRAY && i < dk->n; i++)
        CHECK(ref_n(pv_get(pdf_get(&f, ref_n(dk->v[i]), &ar), "/P")) == doc_num);
    pval *nums = pv_get(pdf_get(&f, ref_n(pv_get(tree, "/ParentTree")), &ar), "/Nums");
    CHECK(nums && nums->kind == PV_ARRAY);
    GHashTable *keys = g_hash_table_new(NULL, NULL); /* key + 1 -> its value */
    for (int i = 0; nums && i + 1 < nums->n; i += 2) {
        long key = -1;
        CHECK(pv_int(nums->v[i], &key) && !g_hash_table_contains(keys, GINT_TO_POINTER(key + 1)));
        g_hash_table_insert(keys, GINT_TO_POINTER(key + 1), nums->v[i + 1]);
    }
    for (int p = 0; kids && kids->kind == PV_ARRAY && p < kids->n; p++) {
        pval *page = pdf_get(&f, ref_n(kids->v[p]), &ar);
        long key = -1;
        CHECK(ref_n(pv_get(page, "/Parent")) == pages_num);
        CHECK(pv_int(pv_get(page, "/StructParents"), &key) && g_hash_table_contains(keys, GINT_TO_POINTER(key + 1)));
        /* the page's marked content belongs to elements on this page */
        pval *mc = pdf_resolve(&f, g_hash_table_lookup(keys, GINT_TO_POINTER(key + 1)), &ar);
        CHECK(mc && mc->kind == PV_ARRAY && mc->n > 0);
        for (int i = 0; mc && mc->kind == PV_ARRAY && i < mc->n; i++)
            CHECK(ref_n(pv_get(pdf_get(&f, ref_n(mc->v[i]), &ar), "/Pg")) == ref_n(kids->v[p]));
        pval *annots = pv_get(page, "/Annots");
        CHECK(annots && annots->kind == PV_ARRAY && annots->n == 1);
        pval *link = annots && annots->kind == PV_ARRAY && annots->n ? pdf_get(&f, ref_n(annots->v[0]), &ar) : NULL;
        CHECK(pv_int(pv_get(link, "/StructParent"), &key) && g_hash_table_contains(keys, GINT_TO_POINTER(key + 1)));
        pval *owner = pdf_resolve(&f, g_hash_table_lookup(keys, GINT_TO_POINTER(key + 1)), &ar);
        CHECK(pv_is_name(pv_get(owner, "/S"), "/Link") && ref_n(pv_get(owner, "/Pg")) == ref_n(kids->v[p]));
    }
    g_hash_table_destroy(keys);
    pval *names = pdf_get(&f, ref_n(pv_get(cat, "/Names")), &ar);
    pval *dests = pv_get(pdf_get(&f, ref_n(pv_get(names, "/Dests")), &ar), "/Names");
    GString *all = g_string_new(NULL), *one = g_string_new(NULL);
    for (int i = 0; dests && dests->kind == PV_ARRAY && i < dests->n; i += 2) {
        g_string_truncate(one, 0);
        pv_string_bytes(dests->v[i], one);
        g_string_append_printf(all, "%s ", one->str);
        pval *to = dests->v[i + 1];
        CHECK(to->kind == PV_ARRAY && to->n > 0 && to->v[0]->kind == PV_REF);
    }
    CHECK_STR(all->str, "a0 a1 b0 b1 b2 ");
    g_string_free(all, TRUE);
    g_string_free(one, TRUE);
    pdf_close(&f);
done:
    arena_free(&ar);
    if (j) g_string_free(j, TRUE);
    const char *junk = "%PDF-1.5\nnot a file\n";
    CHECK(pdf_join((const unsigned char *)junk, strlen(junk), (const unsigned char *)b->str, b->len, err, sizeof err) == NULL);
    CHECK(strstr(err, "first part") != NULL);
    g_string_free(a, TRUE);
    g_string_free(b, TRUE);
}

UNIT_MAIN("pdfobj", T(test_values), T(test_edit_and_write), T(test_groups), T(test_deflated_stream),
          T(test_deflate_pool), T(test_refuses), T(test_join))
