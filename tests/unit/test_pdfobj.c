/* The PDF reader/writer under the post-processor: values, a hand-made file edited and written
 * with object streams, and files it must refuse. */
#include "doc/pdfobj.h"
#include "unit.h"

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

/* A file the way cairo writes one: objects, a classic cross-reference table, a trailer. */
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
    GString *f = g_string_new("%PDF-1.5\n");
    size_t off[7] = { 0 };
    for (int i = 0; i < 6; i++) {
        off[i + 1] = f->len;
        g_string_append_printf(f, "%d 0 obj\n", i + 1);
        if (objects[i]) g_string_append(f, objects[i]);
        else g_string_append(f, "<< /Length 6 0 R >>\nstream\nq Q BT\nendstream");
        g_string_append(f, "\nendobj\n");
    }
    size_t xref = f->len;
    g_string_append(f, "xref\n0 7\n0000000000 65535 f \n");
    for (int i = 1; i <= 6; i++) g_string_append_printf(f, "%010zu 00000 n \n", off[i]);
    g_string_append_printf(f, "trailer\n<< /Size 7 /Root 1 0 R >>\nstartxref\n%zu\n%%%%EOF\n", xref);
    return f;
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

UNIT_MAIN("pdfobj", T(test_values), T(test_edit_and_write), T(test_refuses))
