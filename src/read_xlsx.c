/* XLSX reader: opens the workbook with libzip, finds the sheets through the workbook part and its
 * relationships (never by file name), streams every XML part through expat under size limits
 * and picks the sheet to read. Nothing is ever extracted to disk. */
#include "grid_build.h"
#include "read_xlsx_int.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CHUNK 65536
#define BOMB_MIN_BYTES (1024 * 1024) /* ratio check only for entries over 1 MB */
#define BOMB_RATIO 200
#define MAX_ENTRIES 10000 /* a workbook has tens of parts; thousands only with many sheets or images */
#define HINT_RESAVE "open the file in Excel or LibreOffice and save it again as .xlsx"

const char *xlsx_local(const char *name)
{
    const char *colon = strrchr(name, ':');
    return colon ? colon + 1 : name;
}

const char *xlsx_attr(const char **attrs, const char *name)
{
    for (int i = 0; attrs && attrs[i]; i += 2)
        if (!strcmp(xlsx_local(attrs[i]), name)) return attrs[i + 1];
    return NULL;
}

/* A DTD is never part of a valid workbook; refusing it stops entity expansion attacks. */
static void XMLCALL on_doctype(void *ud, const XML_Char *name, const XML_Char *sysid, const XML_Char *pubid,
                               int has_internal_subset)
{
    (void)name; (void)sysid; (void)pubid; (void)has_internal_subset;
    xml_base *b = ud;
    b->refusal = "contains a document type declaration (DTD), which workbooks never have";
    XML_StopParser(b->xp, XML_FALSE);
}

static void XMLCALL on_entity(void *ud, const XML_Char *name, int is_param, const XML_Char *value, int len,
                              const XML_Char *base, const XML_Char *sysid, const XML_Char *pubid,
                              const XML_Char *notation)
{
    (void)name; (void)is_param; (void)value; (void)len; (void)base; (void)sysid; (void)pubid; (void)notation;
    xml_base *b = ud;
    b->refusal = "declares XML entities, which workbooks never do";
    XML_StopParser(b->xp, XML_FALSE);
}

/* Checks the declared sizes of an entry against the limits before anything is inflated. */
static bool entry_sizes_ok(xlsx_book *book, zip_int64_t idx, const char *part, srcloc loc)
{
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(book->zip, (zip_uint64_t)idx, 0, &st) != 0) {
        diag_error(book->d, loc, HINT_RESAVE, "damaged workbook: cannot read %s", part);
        return false;
    }
    if ((st.valid & ZIP_STAT_SIZE) && (long long)st.size > book->lim.max_unpacked - book->unpacked) {
        diag_error(book->d, loc, "remove unused sheets, or raise max_bestand_mb under [limieten] in the job",
                   "workbook part %s is too large (%llu bytes unpacked)", part, (unsigned long long)st.size);
        return false;
    }
    if ((st.valid & ZIP_STAT_SIZE) && (st.valid & ZIP_STAT_COMP_SIZE) && st.size > BOMB_MIN_BYTES &&
        st.size / (st.comp_size ? st.comp_size : 1) > BOMB_RATIO) {
        diag_error(book->d, loc, HINT_RESAVE,
                   "workbook part %s is compressed more than %d:1; refusing it as a possible zip bomb", part,
                   BOMB_RATIO);
        return false;
    }
    return true;
}

/* Feeds an open entry to the parser chunk by chunk, counting real (not declared) bytes. */
static bool feed_entry(xlsx_book *book, zip_file_t *zf, xml_base *ud, const char *part, srcloc loc)
{
    char *buf = malloc(CHUNK);
    bool ok = buf != NULL;
    for (bool done = false; ok && !done;) {
        zip_int64_t n = zip_fread(zf, buf, CHUNK);
        if (n < 0) {
            diag_error(book->d, loc, HINT_RESAVE, "damaged workbook: %s: %s", part, zip_file_strerror(zf));
            ok = false;
            break;
        }
        done = n == 0;
        book->unpacked += n;
        if (book->unpacked > book->lim.max_unpacked) {
            diag_error(book->d, loc, "remove unused sheets, or split the workbook",
                       "workbook unpacks to more than %lld bytes", book->lim.max_unpacked);
            ok = false;
            break;
        }
        if (XML_Parse(ud->xp, buf, (int)n, done) != XML_STATUS_OK) {
            if (ud->refusal)
                diag_error(book->d, loc, HINT_RESAVE, "workbook part %s %s", part, ud->refusal);
            else if (XML_GetErrorCode(ud->xp) != XML_ERROR_ABORTED) /* aborted: the handler said why */
                diag_error(book->d, loc, HINT_RESAVE, "damaged workbook: %s line %lu: %s", part,
                           (unsigned long)XML_GetCurrentLineNumber(ud->xp),
                           XML_ErrorString(XML_GetErrorCode(ud->xp)));
            ok = false;
        }
    }
    free(buf);
    return ok;
}

bool xlsx_parse_part(xlsx_book *book, const char *part, xml_base *ud, XML_StartElementHandler start,
                     XML_EndElementHandler end, XML_CharacterDataHandler chars, srcloc loc, bool optional)
{
    zip_int64_t idx = zip_name_locate(book->zip, part, 0);
    if (idx < 0) idx = zip_name_locate(book->zip, part, ZIP_FL_NOCASE);
    if (idx < 0) {
        if (!optional) diag_error(book->d, loc, HINT_RESAVE, "damaged workbook: part %s is missing", part);
        return optional;
    }
    if (!entry_sizes_ok(book, idx, part, loc)) return false;
    zip_file_t *zf = zip_fopen_index(book->zip, (zip_uint64_t)idx, 0);
    XML_Parser xp = zf ? XML_ParserCreate("UTF-8") : NULL;
    if (!zf || !xp) {
        diag_error(book->d, loc, HINT_RESAVE, "damaged workbook: cannot open %s", part);
        if (zf) zip_fclose(zf);
        return false;
    }
    ud->xp = xp;
    ud->refusal = NULL;
    XML_SetUserData(xp, ud);
    XML_SetElementHandler(xp, start, end);
    if (chars) XML_SetCharacterDataHandler(xp, chars);
    XML_SetStartDoctypeDeclHandler(xp, on_doctype);
    XML_SetEntityDeclHandler(xp, on_entity);
    bool ok = feed_entry(book, zf, ud, part, loc);
    XML_ParserFree(xp);
    ud->xp = NULL;
    zip_fclose(zf);
    return ok;
}

/* ---- relationships and the workbook part ---- */

/* Resolves a relationship target against the folder of its source part ("xl/"), folding "." and
 * "..". Returns a malloc'd entry name, or NULL when it would leave the archive root. */
static char *resolve_target(const char *base_dir, const char *target)
{
    size_t cap = strlen(base_dir) + strlen(target) + 2;
    char *joined = malloc(cap), *out = malloc(cap);
    if (!joined || !out) { free(joined); free(out); return NULL; }
    if (target[0] == '/') snprintf(joined, cap, "%s", target + 1);
    else snprintf(joined, cap, "%s%s", base_dir, target);
    size_t o = 0;
    char *save = NULL;
    for (char *seg = strtok_r(joined, "/\\", &save); seg; seg = strtok_r(NULL, "/\\", &save)) {
        if (!strcmp(seg, ".")) continue;
        if (!strcmp(seg, "..")) {
            if (o == 0) { free(joined); free(out); return NULL; }
            while (o > 0 && out[o - 1] != '/') o--;
            if (o > 0) o--;
            continue;
        }
        o += (size_t)snprintf(out + o, cap - o, "%s%s", o ? "/" : "", seg);
    }
    out[o] = '\0';
    free(joined);
    if (o == 0) { free(out); return NULL; }
    return out;
}

typedef struct rels_parse {
    xml_base base;
    const char *base_dir;
    /* results */
    char *office_doc, *sst, *styles;
    struct { char *id, *part; } *items;
    int count, cap;
} rels_parse;

static bool type_is(const char *type, const char *suffix)
{
    size_t n = strlen(type), m = strlen(suffix);
    return n >= m && !strcmp(type + n - m, suffix);
}

static void XMLCALL rels_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
    rels_parse *rp = ud;
    if (strcmp(xlsx_local(name), "Relationship")) return;
    const char *id = xlsx_attr(attrs, "Id"), *type = xlsx_attr(attrs, "Type");
    const char *target = xlsx_attr(attrs, "Target"), *mode = xlsx_attr(attrs, "TargetMode");
    if (!id || !type || !target || (mode && !strcmp(mode, "External"))) return;
    char *part = resolve_target(rp->base_dir, target);
    if (!part) return; /* "../../etc" and the like: never a part of this workbook */
    char **slot = type_is(type, "/officeDocument") ? &rp->office_doc
                  : type_is(type, "/sharedStrings") ? &rp->sst
                  : type_is(type, "/styles")        ? &rp->styles
                                                    : NULL;
    if (slot && !*slot) { *slot = part; return; }
    if (slot || !type_is(type, "/worksheet") || rp->count >= 4096) { free(part); return; }
    if (rp->count == rp->cap) {
        int cap = rp->cap ? rp->cap * 2 : 16;
        void *items = realloc(rp->items, (size_t)cap * sizeof *rp->items);
        if (!items) { free(part); return; }
        rp->items = items;
        rp->cap = cap;
    }
    rp->items[rp->count].id = strdup(id);
    rp->items[rp->count].part = part;
    rp->count++;
}

static void XMLCALL ignore_end(void *ud, const XML_Char *name)
{
    (void)ud; (void)name;
}

static void rels_free(rels_parse *rp)
{
    for (int i = 0; i < rp->count; i++) { free(rp->items[i].id); free(rp->items[i].part); }
    free(rp->items);
    free(rp->office_doc);
    free(rp->sst);
    free(rp->styles);
}

typedef struct workbook_parse {
    xml_base base;
    xlsx_book *book;
    rels_parse *rels;
} workbook_parse;

static void XMLCALL workbook_start(void *ud, const XML_Char *name, const XML_Char **attrs)
{
    workbook_parse *wp = ud;
    const char *local = xlsx_local(name);
    if (!strcmp(local, "workbookPr")) {
        const char *v = xlsx_attr(attrs, "date1904");
        wp->book->date1904 = v && (!strcmp(v, "1") || !strcmp(v, "true"));
        return;
    }
    if (strcmp(local, "sheet") || wp->book->nsheets >= 4096) return;
    const char *sheet_name = xlsx_attr(attrs, "name"), *rid = xlsx_attr(attrs, "id");
    const char *state = xlsx_attr(attrs, "state");
    const char *part = NULL;
    for (int i = 0; rid && i < wp->rels->count && !part; i++)
        if (wp->rels->items[i].id && !strcmp(wp->rels->items[i].id, rid)) part = wp->rels->items[i].part;
    if (!sheet_name || !part) return; /* chart sheets and dialog sheets have no worksheet relation */
    xlsx_sheet_ref *sheets = realloc(wp->book->sheets, (size_t)(wp->book->nsheets + 1) * sizeof *sheets);
    if (!sheets) return;
    wp->book->sheets = sheets;
    xlsx_sheet_ref *s = &sheets[wp->book->nsheets++];
    s->name = strdup(sheet_name);
    s->part = strdup(part);
    s->hidden = state && strcmp(state, "visible") != 0;
}

/* Folder of a part name including the slash: "xl/workbook.xml" -> "xl/". */
static char *part_dir(const char *part)
{
    const char *slash = strrchr(part, '/');
    size_t n = slash ? (size_t)(slash - part) + 1 : 0;
    char *dir = malloc(n + 1);
    if (dir) { memcpy(dir, part, n); dir[n] = '\0'; }
    return dir;
}

/* Reads the package relationships, the workbook part and its relationships into book. */
static bool read_workbook(xlsx_book *book)
{
    srcloc loc = { book->path, NULL, 0, 0 };
    rels_parse pkg = { .base_dir = "" };
    if (!xlsx_parse_part(book, "_rels/.rels", &pkg.base, rels_start, ignore_end, NULL, loc, true)) {
        rels_free(&pkg);
        return false;
    }
    char *wb_part = strdup(pkg.office_doc ? pkg.office_doc : "xl/workbook.xml");
    rels_free(&pkg);
    char *dir = wb_part ? part_dir(wb_part) : NULL;
    const char *base = wb_part ? wb_part + strlen(dir ? dir : "") : "";
    size_t n = (dir ? strlen(dir) : 0) + strlen(base) + 16;
    char *rels_name = malloc(n);
    rels_parse rels = { .base_dir = dir ? dir : "" };
    bool ok = wb_part && dir && rels_name;
    if (ok) snprintf(rels_name, n, "%s_rels/%s.rels", dir, base);
    ok = ok && xlsx_parse_part(book, rels_name, &rels.base, rels_start, ignore_end, NULL, loc, false);
    workbook_parse wp = { .book = book, .rels = &rels };
    ok = ok && xlsx_parse_part(book, wb_part, &wp.base, workbook_start, ignore_end, NULL, loc, false);
    if (ok) {
        book->sst_part = rels.sst ? strdup(rels.sst) : NULL;
        book->styles_part = rels.styles ? strdup(rels.styles) : NULL;
    }
    rels_free(&rels);
    free(rels_name);
    free(dir);
    free(wb_part);
    if (ok && book->nsheets == 0) {
        diag_error(book->d, loc, HINT_RESAVE, "the workbook has no worksheets");
        ok = false;
    }
    return ok;
}

/* ---- choosing the sheet ---- */

/* Copies the diagnostics of a sheet that was chosen into the caller's list. */
static void merge_diags(diag_list *to, const diag_list *from)
{
    for (int i = 0; i < from->count; i++)
        diag_add(to, from->items[i].level, from->items[i].loc, from->items[i].hint, "%s", from->items[i].message);
    to->dropped += from->dropped;
}

/* Index of the sheet called `name` (exact, then ignoring case), or -1 after an error listing the
 * sheets there are. */
static int find_sheet(xlsx_book *book, const char *name)
{
    for (int i = 0; i < book->nsheets; i++)
        if (!strcmp(book->sheets[i].name, name)) return i;
    for (int i = 0; i < book->nsheets; i++)
        if (!strcasecmp(book->sheets[i].name, name)) return i;
    char list[512] = "the workbook has the sheets ";
    size_t o = strlen(list);
    for (int i = 0; i < book->nsheets && o < sizeof list; i++)
        o += (size_t)snprintf(list + o, sizeof list - o, "%s\"%s\"", i ? ", " : "", book->sheets[i].name);
    srcloc loc = { book->path, NULL, 0, 0 };
    diag_error(book->d, loc, list, "the workbook has no sheet %s", diag_quote(name));
    return -1;
}

/* Problems of sheets that could not be read while looking for the right one: warnings when
 * another sheet was found (the wanted sheet may well come later), else the errors themselves. */
static void report_failures(xlsx_book *book, const diag_list *failures, bool found)
{
    for (int i = 0; i < failures->count; i++) {
        const diag_entry *e = &failures->items[i];
        if (!found)
            diag_add(book->d, e->level, e->loc, e->hint, "%s", e->message);
        else if (e->level == DIAG_ERROR)
            diag_warn(book->d, e->loc, e->hint, "sheet %s is skipped: %s", diag_quote(e->loc.sheet), e->message);
    }
}

/* Reads sheets in workbook order until accept() takes one; hidden sheets are skipped. Without a
 * taker the first readable visible sheet is returned. */
static grid *choose_sheet(xlsx_book *book, grid_accept_fn accept, void *ctx)
{
    grid *chosen = NULL, *first = NULL;
    diag_list first_diags, failures;
    diag_init(&first_diags);
    diag_init(&failures);
    for (int i = 0; i < book->nsheets && !chosen; i++) {
        if (book->sheets[i].hidden) continue;
        diag_list local;
        diag_init(&local);
        grid *g = xlsx_read_sheet(book, &book->sheets[i], &local);
        if (g && (!accept || accept(g, ctx))) {
            chosen = g;
            merge_diags(book->d, &local);
        } else if (g && !first) {
            first = g;
            merge_diags(&first_diags, &local);
        } else {
            if (!g) merge_diags(&failures, &local);
            grid_free(g);
        }
        diag_free(&local);
    }
    if (!chosen && first) {
        chosen = first;
        first = NULL;
        merge_diags(book->d, &first_diags);
    }
    grid_free(first);
    report_failures(book, &failures, chosen != NULL);
    srcloc loc = { book->path, NULL, 0, 0 };
    if (!chosen && failures.count == 0)
        diag_error(book->d, loc, "make the sheet visible, or name it in the job file",
                   "the workbook has no visible sheet");
    diag_free(&first_diags);
    diag_free(&failures);
    return chosen;
}

static void book_free(xlsx_book *book)
{
    if (book->zip) zip_discard(book->zip);
    for (int i = 0; i < book->nsheets; i++) { free(book->sheets[i].name); free(book->sheets[i].part); }
    free(book->sheets);
    free(book->sst_buf);
    free(book->sst_off);
    free(book->sst_len);
    free(book->xf_date);
    free(book->sst_part);
    free(book->styles_part);
}

/* Opens the archive, refusing what is too large on disk or is not a zip. */
static bool open_zip(xlsx_book *book, const char *path)
{
    srcloc loc = { book->path, NULL, 0, 0 };
    FILE *f = fopen(path, "rb");
    long long size = -1;
    if (f && fseeko(f, 0, SEEK_END) == 0) size = (long long)ftello(f);
    if (f) fclose(f);
    if (size > book->lim.max_file_bytes) {
        diag_error(book->d, loc, "remove unused sheets, or split the workbook",
                   "file is too large (%lld bytes; the limit is %lld)", size, book->lim.max_file_bytes);
        return false;
    }
    int err = 0;
    book->zip = zip_open(path, ZIP_RDONLY, &err);
    if (!book->zip) {
        zip_error_t ze;
        zip_error_init_with_code(&ze, err);
        diag_error(book->d, loc, err == ZIP_ER_NOENT ? NULL : HINT_RESAVE, "cannot open the workbook: %s",
                   zip_error_strerror(&ze));
        zip_error_fini(&ze);
        return false;
    }
    if (zip_get_num_entries(book->zip, 0) > MAX_ENTRIES) {
        diag_error(book->d, loc, HINT_RESAVE, "the archive has more than %d parts; this is no normal workbook",
                   MAX_ENTRIES);
        return false;
    }
    return true;
}

grid *read_xlsx(const char *path, const char *sheet, grid_accept_fn accept, void *ctx,
                const grid_limits *limits, diag_list *d)
{
    xlsx_book book = { .path = grid_intern(path), .d = d };
    book.lim = limits ? *limits : grid_limits_default();
    grid *g = NULL;
    if (open_zip(&book, path) && read_workbook(&book) && xlsx_read_shared_strings(&book) &&
        xlsx_read_styles(&book)) {
        if (sheet) {
            int i = find_sheet(&book, sheet);
            if (i >= 0) g = xlsx_read_sheet(&book, &book.sheets[i], d);
        } else {
            g = choose_sheet(&book, accept, ctx);
        }
    }
    book_free(&book);
    return g;
}
