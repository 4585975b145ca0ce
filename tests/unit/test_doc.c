/* The document engine: text preparation, layout files, and whole documents rendered in both
 * layouts to build/doc-test/ (the e2e script tests/e2e/doc_pdf.sh inspects those files). */
#include "unit.h"

#include <math.h>
#include <sys/stat.h>

#include "doc/doc_internal.h"
#include "fonts.h"

#define OUT_DIR "build/doc-test"

static bool fonts_ready(void)
{
    const char *dir = kr_data_dir();
    char fonts[4096];
    snprintf(fonts, sizeof fonts, "%s/fonts", dir ? dir : ".");
    return kr_fonts_init(fonts);
}

static void test_hyphenation(void)
{
    char *s = text_prepare_plain("studentenwelzijnsbeleidsmedewerkers", "nl", true);
    CHECK(strstr(s, "\xC2\xAD") != NULL);
    int shy = 0;
    for (char *p = s; (p = strstr(p, "\xC2\xAD")); p += 2) shy++;
    CHECK(shy >= 5);
    text_strip_shy(s);
    CHECK_STR(s, "studentenwelzijnsbeleidsmedewerkers");
    g_free(s);
    char *e = text_prepare_plain("GGZ-instellingen", "de", true); /* no patterns for this language: untouched */
    CHECK_STR(e, "GGZ-instellingen");
    char *en = text_prepare_plain("responsibilities", "en", true); /* English patterns (hyphen-en-gb) */
    CHECK(en && strstr(en, "\xC2\xAD") != NULL);
    g_free(en);
    g_free(e);
}

static void test_smart_text(void)
{
    char *s = text_prepare_plain("Het \"kader\" 2023-2030 - niet 'los' <b> & zo...", "nl", false);
    CHECK_STR(s, "Het \xE2\x80\x9Ckader\xE2\x80\x9D 2023\xE2\x80\x93" "2030 \xE2\x80\x93 niet "
                 "\xE2\x80\x98los\xE2\x80\x99 &lt;b&gt; &amp; zo\xE2\x80\xA6");
    g_free(s);
    char *d = text_prepare_plain("datum 2026-03-31 en code 2.6.1", "nl", false);
    CHECK_STR(d, "datum 2026-03-31 en code 2.6.1");
    g_free(d);
    char *m = text_prepare_markup("<span foreground=\"#fff\">\"ja\"</span>", "nl", false);
    CHECK_STR(m, "<span foreground=\"#fff\">\xE2\x80\x9Cja\xE2\x80\x9D</span>");
    g_free(m);
}

static void write_file(const char *path, const char *text)
{
    FILE *f = fopen(path, "w");
    fputs(text, f);
    fclose(f);
}

static bool has_diag(const diag_list *d, int line, const char *needle)
{
    for (int i = 0; i < d->count; i++)
        if (d->items[i].loc.line == line && strstr(d->items[i].message, needle)) return true;
    return false;
}

static void test_layout_file(void)
{
    mkdir("build", 0755);
    mkdir(OUT_DIR, 0755);
    write_file(OUT_DIR "/bad.ini", "[pagina]\nformaat = A5\nmarge_links = 20\n\n[kleuren]\nprimair = #123456\n"
                                   "accent = \"#12345G\"\n[opmaak]\ntabelstjl = zebra\nonzin\n");
    diag_list d;
    diag_init(&d);
    layout *l = layout_load(OUT_DIR "/bad.ini", &d);
    CHECK(l != NULL);
    CHECK(has_diag(&d, 10, "not understood"));
    diag_free(&d);
    layout_free(l);

    write_file(OUT_DIR "/bad2.ini", "[pagina]\nformaat = A5\nmarge_links = 20\n\n[kleuren]\nprimair = #123456\n"
                                    "accent = \"#12345G\"\n[opmaak]\ntabelstjl = zebra\n");
    diag_init(&d);
    l = layout_load(OUT_DIR "/bad2.ini", &d);
    CHECK(has_diag(&d, 2, "formaat"));
    CHECK(has_diag(&d, 6, "primair")); /* unquoted # starts a comment: empty value */
    CHECK(has_diag(&d, 7, "accent"));
    CHECK(has_diag(&d, 9, "unknown layout key"));
    CHECK(fabs(l->margin_left - 20 * 72 / 25.4) < 0.01);
    CHECK(d.errors == 3);
    diag_free(&d);
    layout_free(l);

    diag_init(&d);
    l = layout_find("huisstijl-voorbeeldstad", kr_data_dir(), &d);
    CHECK(l != NULL && d.count == 0);
    CHECK(l && !l->justify && l->logo_path != NULL);
    CHECK(l && layout_has_section(l, "dekking") && !layout_has_section(l, "kerncijfers"));
    diag_print(&d, stderr, true);
    diag_free(&d);
    layout_free(l);
}

/* ---- a document with every block type ---- */

static void draw_bars(cairo_t *cr, double w, double h, void *ctx)
{
    const layout *L = ctx;
    static const double v[4] = { 0.9, 0.55, 0.3, 0.2 };
    for (int i = 0; i < 4; i++) {
        cairo_set_source_rgb(cr, L->action[i].r, L->action[i].g, L->action[i].b);
        cairo_rectangle(cr, 0, i * h / 4 + 4, w * v[i], h / 4 - 8);
        cairo_fill(cr);
    }
}

static const char *LOREM =
    "Het Landelijk Kader Studentenwelzijn vraagt instellingen om hun inzet zichtbaar te maken. "
    "De studentenwelzijnsbeleidsmedewerkers en de studentenpsychologen werken samen met de "
    "GGZ-instellingen, huisartsen en gemeenten; de \"zorgketen\" loopt door tot buiten de campus. "
    "Deskundigheidsbevorderingstrajecten voor docenten en mentoren zijn in 2023-2025 uitgebreid, "
    "en de preventieactiviteiten - van welzijnsweken tot suïcidepreventietrainingen - bereikten "
    "ruim 12.000 studenten.";

static void add_table(doc *d, int rows)
{
    static const doc_col cols[5] = {
        { "Activiteit", DOC_ALIGN_LEFT, 0, false },
        { "Subthema", DOC_ALIGN_LEFT, 0, false },
        { "Begroting", DOC_ALIGN_RIGHT, 0, true },
        { "Realisatie", DOC_ALIGN_RIGHT, 0, true },
        { "Verschil", DOC_ALIGN_RIGHT, 0, true },
    };
    doc_table *t = doc_table_new(d, 5, cols);
    doc_table_caption(t, "Besteding per activiteit, begroting en realisatie 2025 (in euro)");
    for (int i = 0; i < rows; i++) {
        if (i % 50 == 0) {
            char g[64];
            snprintf(g, sizeof g, "Actielijn %d", i / 50 % 4 + 1);
            const char *cells[5] = { g };
            doc_row_opts o = { .style = DOC_ROW_GROUP, .swatch = i / 50 % 4 + 1 };
            doc_table_row_ex(t, cells, &o);
        }
        char name[160], b[32], r[32], v[32];
        snprintf(name, sizeof name, i % 7 == 3 ? "Deskundigheidsbevorderingstraject studentenwelzijnsbeleidsmedewerkers %d"
                                                : "Activiteit %d voor studenten", i + 1);
        snprintf(b, sizeof b, "\xE2\x82\xAC %d.%03d", 10 + i % 90, (i * 37) % 1000);
        snprintf(r, sizeof r, "\xE2\x82\xAC %d.%03d,50", 9 + i % 80, (i * 53) % 1000);
        snprintf(v, sizeof v, "-\xE2\x82\xAC %d.%03d", i % 9, (i * 11) % 1000);
        const char *cells[5] = { name, i % 3 ? "2.6 Vindbaarheid" : "1.1 Veilig en inclusief klimaat", b, r, v };
        doc_row_opts o = { .style = DOC_ROW_NORMAL, .indent = 1 };
        doc_table_row_ex(t, cells, &o);
        if (i % 50 == 49) {
            const char *sub[5] = { "Subtotaal", "", "\xE2\x82\xAC 1.250.000", "\xE2\x82\xAC 1.198.320,50", "-\xE2\x82\xAC 51.679,50" };
            doc_table_row(t, sub, DOC_ROW_SUBTOTAL);
        }
    }
    const char *tot[5] = { "Totaal", "", "\xE2\x82\xAC 7.500.000", "\xE2\x82\xAC 7.189.923,00", "-\xE2\x82\xAC 310.077,00" };
    doc_table_row(t, tot, DOC_ROW_TOTAL);
    doc_table_note(t, "Bron: financiële administratie; bedragen inclusief btw. Realisatie voorlopig.");
    doc_table_end(t);
}

static doc *build_doc(const layout *L, int table_rows)
{
    doc_meta m = { .title = "Verantwoording studentenwelzijn 2025", .author = "Universiteit Voorbeeldstad",
                   .subject = "Landelijk Kader Studentenwelzijn", .keywords = "studentenwelzijn, jaarverslag",
                   .creator = "kaderrapport " KR_VERSION, .language = "nl", .created = 1774915200 };
    doc *d = doc_new(L, &m);
    doc_cover(d, &(doc_cover_info){ .title = "Verantwoording studentenwelzijn 2025",
                                    .subtitle = "Besteding van de middelen uit het Landelijk Kader Studentenwelzijn",
                                    .institution = "Universiteit Voorbeeldstad", .period = "Jaarverslag 2025",
                                    .date_text = "31 maart 2026", .note = "Fictief voorbeeld." });
    doc_toc(d);
    doc_heading(d, 1, "Samenvatting");
    doc_paragraph(d, LOREM);
    doc_tile tiles[4] = { { "\xE2\x82\xAC 1.224.000", "besteed aan het kader", "100,0% van de begroting", 0 },
                          { "\xE2\x82\xAC 605.000", "kadermiddelen", "voorlopig", 1 },
                          { "43", "activiteiten", NULL, 2 },
                          { "22,7%", "naar samenwerking", "actielijn 4", 4 } };
    doc_key_figures(d, tiles, 4);
    doc_callout(d, "Let op", "Deze instelling houdt de besteding niet per actielijn bij; de verdeling volgt uit de toewijzing.");
    for (int ch = 1; ch <= 3; ch++) {
        char h[64];
        snprintf(h, sizeof h, "Actielijn %d: besteding en activiteiten", ch);
        doc_heading(d, 1, h);
        doc_paragraph(d, LOREM);
        doc_heading(d, 2, "Begroting en realisatie");
        doc_paragraph_markup(d, DOC_PAR_BODY, "De <b>realisatie</b> bleef binnen de begroting; zie <i>tabel</i> hieronder.");
        doc_heading(d, 3, "Toelichting per subthema");
        doc_paragraph(d, LOREM);
        const char *items[3] = { "Studentenpsychologen en studentendecanen (uitgebreid in 2025).",
                                 "Gatekeeper- en GGZ-trainingen voor docenten en studentenwelzijnsbeleidsmedewerkers.",
                                 "Community-app en peer support." };
        doc_list(d, items, 3, ch % 2 == 0);
        doc_figure(d, 0, 140, draw_bars, (void *)L, "Besteding per actielijn",
                   "Staafdiagram: actielijn 1 het meest, actielijn 4 het minst.");
        doc_paragraph_styled(d, DOC_PAR_SMALL, "Bron: begroting en realisatie 2025.");
    }
    doc_heading(d, 1, "Alle activiteiten");
    doc_paragraph(d, LOREM);
    add_table(d, table_rows);
    doc_heading_ex(d, 1, "Verantwoording van de toewijzing", DOC_HEADING_UNNUMBERED);
    doc_paragraph_styled(d, DOC_PAR_QUOTE, LOREM);
    return d;
}

static long file_size(const char *p)
{
    struct stat st;
    return stat(p, &st) == 0 ? (long)st.st_size : -1;
}

static void render_layout(const char *name, const char *out)
{
    CHECK(fonts_ready());
    mkdir("build", 0755);
    mkdir(OUT_DIR, 0755);
    diag_list dl;
    diag_init(&dl);
    layout *L = layout_find(name, kr_data_dir(), &dl);
    CHECK(L != NULL);
    if (!L) return;
    doc *d = build_doc(L, 300);
    int pages = 0;
    CHECK(doc_render(d, out, &pages, &dl));
    CHECK(pages >= 10);
    CHECK(dl.errors == 0 && dl.warnings == 0);
    diag_print(&dl, stderr, true);
    doc_free(d);
    layout_free(L);
    diag_free(&dl);
}

static void test_render_standaard(void) { render_layout("standaard", OUT_DIR "/standaard.pdf"); }
static void test_render_huisstijl(void) { render_layout("huisstijl-voorbeeldstad", OUT_DIR "/huisstijl.pdf"); }

static void test_deterministic(void)
{
    render_layout("standaard", OUT_DIR "/standaard-2.pdf");
    gchar *a = NULL, *b = NULL;
    gsize na = 0, nb = 0;
    CHECK(g_file_get_contents(OUT_DIR "/standaard.pdf", &a, &na, NULL));
    CHECK(g_file_get_contents(OUT_DIR "/standaard-2.pdf", &b, &nb, NULL));
    CHECK(a && b && na == nb && memcmp(a, b, na) == 0);
    g_free(a);
    g_free(b);
}

static void test_untagged_size(void)
{
    CHECK(fonts_ready());
    layout *L = layout_default();
    doc *d = build_doc(L, 300);
    diag_list dl;
    diag_init(&dl);
    doc_render_opts o = { .untagged = true };
    CHECK(doc_render_ex(d, OUT_DIR "/untagged.pdf", &o, NULL, &dl));
    o = (doc_render_opts){ .no_postprocess = true };
    CHECK(doc_render_ex(d, OUT_DIR "/cairo-only.pdf", &o, NULL, &dl));
    fprintf(stderr, "  sizes: tagged %ld, untagged %ld, cairo before post-processing %ld bytes\n",
            file_size(OUT_DIR "/standaard.pdf"), file_size(OUT_DIR "/untagged.pdf"),
            file_size(OUT_DIR "/cairo-only.pdf"));
    doc_free(d);
    layout_free(L);
    diag_free(&dl);
}

static void test_empty_document(void)
{
    CHECK(fonts_ready());
    doc *d = doc_new(NULL, NULL);
    diag_list dl;
    diag_init(&dl);
    int pages = 0;
    CHECK(doc_render(d, OUT_DIR "/empty.pdf", &pages, &dl));
    CHECK_INT(pages, 1);
    doc_free(d);
    diag_free(&dl);
    doc_free(NULL);
}

/* Headings never end a page: each starts on the page of the block after it. */
static void test_keep_with_next(void)
{
    CHECK(fonts_ready());
    layout *L = layout_default();
    doc *d = build_doc(L, 120);
    for (int i = 0; i < 40; i++) { /* shift everything so some headings would fall at a page end */
        doc_heading(d, 2, "Extra paragraaf");
        if (i % 4 == 1) doc_heading(d, 3, "Met een kop direct eronder");
        doc_paragraph(d, i % 3 ? LOREM : "Kort.");
    }
    diag_list dl;
    diag_init(&dl);
    CHECK(doc_render(d, OUT_DIR "/keep.pdf", NULL, &dl));
    for (int i = 0; i + 1 < d->n; i++)
        if (d->blocks[i].kind == B_HEADING) CHECK_INT(d->blocks[i].page, d->blocks[i + 1].page);
    doc_free(d);
    layout_free(L);
    diag_free(&dl);
}

static void test_width_group(void)
{
    CHECK(fonts_ready());
    doc *d = doc_new(NULL, NULL);
    static const doc_col cols[2] = { { "Activiteit", DOC_ALIGN_LEFT, 0, false }, { "Bereik", DOC_ALIGN_RIGHT, 0, true } };
    doc_table *t[3];
    const char *texts[3] = { "Kort", "Een veel langere omschrijving van een activiteit", "Middel" };
    for (int i = 0; i < 3; i++) {
        t[i] = doc_table_new(d, 2, cols);
        if (i < 2) doc_table_width_group(t[i], "activiteiten");
        const char *cells[2] = { texts[i], i == 1 ? "12.000" : "5" };
        doc_table_row(t[i], cells, DOC_ROW_NORMAL);
        doc_table_end(t[i]);
    }
    diag_list dl;
    diag_init(&dl);
    CHECK(doc_render(d, OUT_DIR "/groups.pdf", NULL, &dl));
    CHECK(t[0]->colw[1] == t[1]->colw[1] && t[0]->colw[0] == t[1]->colw[0]);
    CHECK(t[2]->colw[1] < t[1]->colw[1]); /* not in the group: its own, narrower number column */
    doc_free(d);
    diag_free(&dl);
}

/* wrap.c breaks a measured run into the lines a layout of the same width would have: the same
 * line count, items, glyphs, positions and height, for texts, widths and styles of all kinds. */
static bool same_lines(const text_lines *tw, PangoLayout *l)
{
    if (text_lines_count(tw) != pango_layout_get_line_count(l)) return false;
    PangoLayoutIter *it = pango_layout_get_iter(l);
    bool same = true;
    for (int i = 0; same && i < text_lines_count(tw); i++, pango_layout_iter_next_line(it)) {
        PangoLayoutLine *line = pango_layout_iter_get_line_readonly(it);
        PangoRectangle log;
        pango_layout_iter_get_line_extents(it, NULL, &log);
        int x, base;
        const PangoGlyphItem *a = text_lines_run(tw, i, &x, &base), *b = line->runs ? line->runs->data : NULL;
        same = b && !line->runs->next && x == log.x && base == pango_layout_iter_get_baseline(it) &&
               a->item->offset == b->item->offset && a->item->length == b->item->length &&
               a->item->num_chars == b->item->num_chars && a->glyphs->num_glyphs == b->glyphs->num_glyphs &&
               ((a->item->analysis.flags ^ b->item->analysis.flags) & PANGO_ANALYSIS_FLAG_NEED_HYPHEN) == 0;
        for (int g = 0; same && g < a->glyphs->num_glyphs; g++) {
            const PangoGlyphInfo *p = &a->glyphs->glyphs[g], *q = &b->glyphs->glyphs[g];
            same = p->glyph == q->glyph && memcmp(&p->geometry, &q->geometry, sizeof p->geometry) == 0 &&
                   p->attr.is_cluster_start == q->attr.is_cluster_start && p->attr.is_color == q->attr.is_color &&
                   a->glyphs->log_clusters[g] == b->glyphs->log_clusters[g];
        }
    }
    pango_layout_iter_free(it);
    return same && fabs(text_lines_height(tw) - text_height(l)) < 1e-9;
}

static void test_wrap_like_pango(void)
{
    CHECK(fonts_ready());
    static const char *texts[] = {
        "Deskundigheidsbevorderingstraject studentenwelzijnsbeleidsmedewerkers 368",
        "Activiteit 369 voor studenten", "1.1 Veilig en inclusief klimaat", "Kort",
        "Gatekeeper- en GGZ-trainingen voor docenten en mentoren (\"train de trainer\")",
        "Online zelfhulpplatform voor alle studenten, 24/7 bereikbaar via de app", "a b c d e f g h i j k l m n o p",
        "Eén   meervoudige   spaties   en   een   eind   ", "2bffefc860774f199aa8b2ecaa6941e38bde83bd9beb25ac43b24b31d4fb9569",
        "Community-app en peer support – ook na 22:00 uur", "x", "\xE2\x82\xAC 1.250.000", "-\xE2\x82\xAC 51.679,50",
        "12,5%", "(3)", "1.092",
        "De meeste middelen gaan naar Preventie (\xE2\x82\xAC 504.135,08, 48,9% van het toegerekende bedrag); "
        "Samenwerking zorgketen krijgt het minst (\xE2\x82\xAC 70.640,88, 6,9%). Elke categorie is met vaste "
        "percentages over de subthema's verdeeld; wat niet toe te wijzen is, blijft zichtbaar.",
        "Per actielijn volgen de toegerekende middelen en de activiteiten, gegroepeerd naar subthema. "
        "Subthema\xE2\x80\x99s zonder lopende activiteit zijn als \xE2\x80\x98niet actief\xE2\x80\x99 gemarkeerd.",
        "Het verder vergroten van de kennis en kunde binnen instellingen ten behoeve van studentenwelzijn en middelengebruik.",
        "Per invoerbestand, jaar en soort is het totaal van de invoerregels gelijk aan het toegerekende plus het "
        "niet toe te wijzen bedrag. Studentenwelzijnsbeleidsmedewerkers en deskundigheidsbevordering.",
    };
    const char *layouts[] = { "standaard", "huisstijl-voorbeeldstad" };
    int compared = 0, differ = 0, justified = 0;
    for (int li = 0; li < 2; li++) {
        diag_list dl;
        diag_init(&dl);
        layout *L = layout_find(layouts[li], kr_data_dir(), &dl);
        doc *d = doc_new(L, NULL);
        rctx r = { .d = d, .L = L, .lang = "nl" };
        text_cache_init(&r);
        for (size_t ti = 0; ti < sizeof texts / sizeof *texts; ti++) {
            char *m = text_prepare_plain(texts[ti], "nl", true);
            for (int variant = 0; variant < 7; variant++) {
                text_style st = text_body(&r);
                st.size *= variant == 6 ? 1.0 : 0.9; /* justified: as body text */
                st.justify = variant == 6;
                st.line_height = variant % 2 ? 1.0 : L->line_height;
                st.weight = variant / 2 == 1 ? PANGO_WEIGHT_BOLD : variant / 2 == 2 ? PANGO_WEIGHT_SEMIBOLD : 0;
                st.tnum = variant == 3;
                st.align = variant == 4 ? PANGO_ALIGN_RIGHT : variant == 5 ? PANGO_ALIGN_CENTER : PANGO_ALIGN_LEFT;
                PangoLayout *u = text_layout(&r, m, &st, 0);
                text_lines *one = text_lines_single(&r, pango_layout_get_text(u), &st);
                if (one) {
                    compared++;
                    if (!same_lines(one, u) || text_lines_width(one) != text_width(u)) {
                        differ++;
                        fprintf(stderr, "  one line differs: \"%s\" variant %d\n", texts[ti], variant);
                    }
                    text_lines_free(one);
                }
                /* widths of all kinds, and the measures the layout sets body text, quotes and
                 * list items in */
                double text_w = L->page_w - L->margin_left - L->margin_right, widths[160];
                int nw = 0;
                for (double w = 4; w < 520; w += 3.7) widths[nw++] = w;
                widths[nw++] = text_w;
                widths[nw++] = text_w - 4 * L->font_size;
                widths[nw++] = text_w - 1.6 * L->font_size;
                for (int wi = 0; wi < nw; wi++) {
                    double w = widths[wi];
                    text_lines *tw = text_lines_wrap(&r, u, w);
                    PangoLayout *l = text_layout(&r, m, &st, w);
                    if (tw) {
                        compared++;
                        justified += st.justify && text_lines_count(tw) > 1;
                        if (!same_lines(tw, l)) {
                            differ++;
                            fprintf(stderr, "  wrap differs: \"%s\" variant %d width %.1f\n", texts[ti], variant, w);
                        }
                    }
                    text_lines_free(tw);
                    g_object_unref(l);
                }
                g_object_unref(u);
            }
            g_free(m);
        }
        text_cache_free(&r);
        doc_free(d);
        layout_free(L);
        diag_free(&dl);
    }
    CHECK(compared > 1000);
    CHECK(justified > 100); /* justified lines were compared too */
    CHECK_INT(differ, 0);
}

static void test_english(void)
{
    CHECK(fonts_ready());
    doc_meta m = { .title = "Student wellbeing 2025", .language = "en", .created = 0 };
    doc *d = doc_new(NULL, &m);
    doc_heading(d, 1, "Spending");
    static const doc_col cols[2] = { { "Item", DOC_ALIGN_LEFT, 0, false }, { "Amount", DOC_ALIGN_RIGHT, 0, true } };
    doc_table *t = doc_table_new(d, 2, cols);
    doc_table_caption(t, "Spending per item");
    for (int i = 0; i < 120; i++) {
        const char *cells[2] = { "Peer support", "\xE2\x82\xAC" "1,000" };
        doc_table_row(t, cells, DOC_ROW_NORMAL);
    }
    doc_table_end(t);
    diag_list dl;
    diag_init(&dl);
    int pages = 0;
    CHECK(doc_render(d, OUT_DIR "/english.pdf", &pages, &dl));
    CHECK(pages >= 2);
    CHECK_STR(doc_language(d), "en");
    doc_free(d);
    diag_free(&dl);
}

/* text_metrics_widths computes a font's approximate widths as Pango does: the second thread's
 * fonts are completed with it when Pango leaves them out. */
static void test_metrics_widths(void)
{
    CHECK(fonts_ready());
    layout *L = layout_default();
    doc *d = doc_new(L, NULL);
    rctx r = { .d = d, .L = L, .lang = "nl" };
    text_cache_init(&r);
    static const char *const families[] = { "Inter", "Carlito" }, *const langs[] = { "nl", "en" };
    static const double sizes[] = { 6.1, 7.2, 8.075, 8.55, 9.45, 9.5, 10.5, 10.925, 12.25, 13.3, 16.15, 21, 28 };
    static const int weights[] = { PANGO_WEIGHT_NORMAL, PANGO_WEIGHT_SEMIBOLD, PANGO_WEIGHT_BOLD };
    int compared = 0;
    for (int fi = 0; fi < 2; fi++)
        for (int v = 0; v < 6; v++)
            for (int si = 0; si < (int)G_N_ELEMENTS(sizes); si++)
                for (int li = 0; li < 2; li++) {
                    text_style st = text_body(&r);
                    st.family = families[fi];
                    st.weight = weights[v % 3];
                    st.italic = v >= 3;
                    st.size = sizes[si];
                    PangoFontDescription *fd = text_font(&st);
                    PangoFont *f = pango_context_load_font(r.pc, fd);
                    pango_font_description_free(fd);
                    PangoLanguage *lang = pango_language_from_string(langs[li]);
                    PangoFontMetrics *m = pango_font_get_metrics(f, lang);
                    int cw = -1, dw = -1;
                    text_metrics_widths(f, lang, &cw, &dw);
                    CHECK(cw > 0 && dw > 0);
                    CHECK_INT(cw, pango_font_metrics_get_approximate_char_width(m));
                    CHECK_INT(dw, pango_font_metrics_get_approximate_digit_width(m));
                    pango_font_metrics_unref(m);
                    g_object_unref(f);
                    compared++;
                }
    CHECK_INT(compared, 2 * 6 * (int)G_N_ELEMENTS(sizes) * 2);
    text_cache_free(&r);
    doc_free(d);
    layout_free(L);
}

/* Renders what `make` builds with the second thread on or off; returns the page count. */
static int render_with_threads(const layout *L, doc *(*make)(const layout *L), bool threads, const char *out,
                               diag_list *dl)
{
    doc_set_threads(threads);
    doc *d = make(L);
    int pages = 0;
    CHECK(doc_render(d, out, &pages, dl));
    doc_free(d);
    doc_set_threads(true);
    return pages;
}

static bool same_files(const char *x, const char *y)
{
    gsize n1 = 0, n2 = 0;
    char *a = NULL, *b = NULL;
    bool same = g_file_get_contents(x, &a, &n1, NULL) && g_file_get_contents(y, &b, &n2, NULL) && n1 == n2 &&
                memcmp(a, b, n1) == 0;
    g_free(a);
    g_free(b);
    return same;
}

static doc *long_doc(const layout *L) { return build_doc(L, 600); }

/* A long document rendered on one thread and on two (tables and paragraphs measured ahead, glyphs
 * loaded, the PDF compressed) gives the same bytes. */
static void test_cell_threads(void)
{
    CHECK(fonts_ready());
    layout *L = layout_default();
    diag_list dl;
    diag_init(&dl);
    unsigned long helped = doc_cells_helped();
    CHECK(render_with_threads(L, long_doc, false, OUT_DIR "/one-thread.pdf", &dl) > 20);
    CHECK(doc_cells_helped() == helped); /* only the second render uses the second thread */
    CHECK(render_with_threads(L, long_doc, true, OUT_DIR "/two-threads.pdf", &dl) > 20);
    CHECK(doc_cells_helped() > helped);
    CHECK(same_files(OUT_DIR "/one-thread.pdf", OUT_DIR "/two-threads.pdf"));
    CHECK(dl.errors == 0 && dl.warnings == 0);
    layout_free(L);
    diag_free(&dl);
}

/* Chapters that open pages, each with a paragraph, a chart and a table. */
static doc *chapters_doc(const layout *L)
{
    doc_meta m = { .title = "Hoofdstukken", .author = "Test", .language = "nl", .created = 1774915200 };
    doc *d = doc_new(L, &m);
    doc_toc(d);
    for (int ch = 1; ch <= 6; ch++) {
        char h[64];
        snprintf(h, sizeof h, "Hoofdstuk %d", ch);
        doc_heading_ex(d, 1, h, DOC_HEADING_NEW_PAGE);
        doc_paragraph(d, LOREM);
        doc_heading(d, 2, "Een figuur");
        doc_figure(d, 0, 140, draw_bars, (void *)L, "Besteding per actielijn", "Staafdiagram: vier staven.");
        add_table(d, 40);
    }
    return d;
}

/* Such a document is drawn in two parts, the second on the helper thread, and the file is the
 * one the parts drawn one after the other give. */
static void test_parts(void)
{
    CHECK(fonts_ready());
    layout *L = layout_default();
    diag_list dl;
    diag_init(&dl);
    unsigned long parts = doc_renders_in_parts();
    CHECK(render_with_threads(L, chapters_doc, false, OUT_DIR "/parts-one-thread.pdf", &dl) >= 12);
    CHECK(render_with_threads(L, chapters_doc, true, OUT_DIR "/parts-two-threads.pdf", &dl) >= 12);
    CHECK_INT(doc_renders_in_parts() - parts, 2);
    CHECK(same_files(OUT_DIR "/parts-one-thread.pdf", OUT_DIR "/parts-two-threads.pdf"));
    CHECK(dl.errors == 0 && dl.warnings == 0);
    diag_print(&dl, stderr, true);
    layout_free(L);
    diag_free(&dl);
}

/* DOC_BENCH=1: about 200 pages of a dense table, for timing and memory. */
static void test_bench(void)
{
    if (!getenv("DOC_BENCH")) return;
    CHECK(fonts_ready());
    layout *L = layout_default();
    doc *d = build_doc(L, getenv("DOC_BENCH_ROWS") ? atoi(getenv("DOC_BENCH_ROWS")) : 4400);
    diag_list dl;
    diag_init(&dl);
    int pages = 0;
    gint64 t0 = g_get_monotonic_time();
    CHECK(doc_render(d, OUT_DIR "/bench.pdf", &pages, &dl));
    fprintf(stderr, "  bench: %d pages in %.2f s, %ld bytes\n", pages,
            (g_get_monotonic_time() - t0) / 1e6, file_size(OUT_DIR "/bench.pdf"));
    doc_render_opts o = { .untagged = true };
    t0 = g_get_monotonic_time();
    CHECK(doc_render_ex(d, OUT_DIR "/bench-untagged.pdf", &o, &pages, &dl));
    fprintf(stderr, "  bench untagged: %d pages in %.2f s, %ld bytes\n", pages,
            (g_get_monotonic_time() - t0) / 1e6, file_size(OUT_DIR "/bench-untagged.pdf"));
    doc_free(d);
    layout_free(L);
    diag_free(&dl);
}

UNIT_MAIN("doc", T(test_hyphenation), T(test_smart_text), T(test_layout_file), T(test_render_standaard),
          T(test_render_huisstijl), T(test_deterministic), T(test_untagged_size), T(test_empty_document), T(test_keep_with_next), T(test_english), T(test_width_group),
          T(test_wrap_like_pango), T(test_metrics_widths), T(test_cell_threads), T(test_parts),
          T(test_bench))
