/* A small reader and writer for the PDF that cairo writes, just enough for the post-processor:
 * the classic cross-reference table, objects parsed on demand into trees, objects replaced or
 * freed, and a writer that packs the other objects into compressed object streams behind a
 * cross-reference stream, groups of objects alike (structure elements) in streams of their
 * own. Unchanged objects are copied byte for byte, never re-encoded, so the work is one linear
 * scan plus whatever the caller touches, and compressing, which a second thread shares
 * (deflatepool.h). */
#ifndef KR_PDFOBJ_H
#define KR_PDFOBJ_H

#include <glib.h>
#include <stdbool.h>
#include <stddef.h>

/* ---- a bump allocator with marks: parse trees live between a mark and its release ---- */
typedef struct pdf_arena {
    char **blocks;
    size_t *sizes;
    int nblocks, cur;
    size_t used;
} pdf_arena;

typedef struct pdf_mark {
    int cur;
    size_t used;
} pdf_mark;

void *arena_alloc(pdf_arena *a, size_t n);
pdf_mark arena_mark(const pdf_arena *a);
void arena_release(pdf_arena *a, pdf_mark m);
void arena_free(pdf_arena *a);

/* ---- values ---- */
typedef enum { PV_NULL, PV_BOOL, PV_NUM, PV_NAME, PV_STR, PV_ARRAY, PV_DICT, PV_REF } pv_kind;

typedef struct pval pval;
struct pval {
    pv_kind kind;
    int n;              /* ARRAY: items; DICT: pairs; REF: object number */
    const char *s;      /* BOOL, NUM, NAME (with its '/'), STR (with delimiters): the token */
    size_t len;
    pval **v;           /* ARRAY: items; DICT: key, value, key, value, ... */
    int cap;
};

pval *pv_get(const pval *dict, const char *key);        /* key with its '/'; NULL when absent */
void pv_set(pdf_arena *a, pval *dict, const char *key, pval *value);
bool pv_is_name(const pval *v, const char *name);
bool pv_int(const pval *v, long *out);
pval *pv_token(pdf_arena *a, pv_kind kind, const char *text); /* NAME, NUM, BOOL: copied */
pval *pv_ref(pdf_arena *a, int num);
pval *pv_null(pdf_arena *a);
pval *pv_text(pdf_arena *a, const char *utf8);           /* a PDF text string */
pval *pv_parse(pdf_arena *a, const char *text);          /* a literal, e.g. "<< /A 1 >>" (copied) */
bool pv_string_bytes(const pval *str, GString *out);     /* the bytes of a STR */
void pv_write(GString *out, const pval *v);

/* ---- the file ---- */
typedef struct pdf_entry {
    size_t off;                   /* "N 0 obj" in the input; 0 for objects added here */
    size_t body, body_end;        /* the object's value */
    size_t data, data_len;        /* streams: where the (encoded) data is */
    bool used, stream, freed;
    GString *repl;                /* a replacement value (for streams: the dictionary) */
    GString *repl_data;           /* a stream's replacement data, encoded as its dictionary says */
    bool repl_deflating;          /* that data is still being compressed, as job repl_job */
    int repl_job;                 /* of the file's deflate pool */
} pdf_entry;

/* Objects the writer keeps together: see pdf_group_new. */
typedef struct pdf_group {
    GArray *nums;                 /* object numbers, in the order they were added */
} pdf_group;

typedef struct pdf_file {
    const unsigned char *data;
    size_t len;
    int n;                        /* object numbers 0 .. n-1 */
    pdf_entry *obj;
    pdf_group *groups;
    int ngroups;
    int root, info;
    size_t xref_off;              /* where the cross-reference table starts: the objects end there */
    char err[200];
    bool helper_thread;           /* whether a second thread may compress: set it before editing */
    struct deflate_pool *deflater;              /* made on first use */
    struct libdeflate_decompressor *inflater;
} pdf_file;

/* Reads the cross-reference table and finds every object; false with f->err set when the file
 * is not what cairo writes. */
bool pdf_open(pdf_file *f, const unsigned char *data, size_t len);
void pdf_close(pdf_file *f);

pval *pdf_get(pdf_file *f, int num, pdf_arena *a);       /* NULL for a missing object */
pval *pdf_resolve(pdf_file *f, pval *v, pdf_arena *a);   /* follows one reference */
/* A stream's dictionary and its raw (still encoded) data. */
pval *pdf_stream(pdf_file *f, int num, pdf_arena *a, const unsigned char **data, size_t *len);

void pdf_replace(pdf_file *f, int num, const pval *value);
void pdf_replace_stream(pdf_file *f, int num, const pval *dict, const void *data, size_t len);
/* Replaces a stream's data with `plain` (taken over) compressed with Flate, which goes on in the
 * background: `dict` gets /Filter /FlateDecode at once and its /Length when pdf_write has the
 * compressed data. */
void pdf_replace_stream_deflated(pdf_file *f, int num, pdf_arena *a, pval *dict, GString *plain);
int pdf_add(pdf_file *f, const pval *value);             /* a new object; its number */
int pdf_add_stream(pdf_file *f, const pval *dict, const void *data, size_t len);
void pdf_free_object(pdf_file *f, int num);

/* Groups of objects alike but for a few digits, such as the structure elements of table
 * cells. pdf_write numbers the objects of each group consecutively (groups in the order they
 * were made, objects in the order they were added, all before the other objects) and packs
 * each group into object streams of its own, laid out in rows of equal width behind the PNG
 * "Up" predictor: an object then costs little more than the digits in which it differs from
 * the one above, and references to a group's objects run in steps of one. Streams and freed
 * objects stay out of groups; an object added twice keeps its first place. */
int pdf_group_new(pdf_file *f);
void pdf_group_add(pdf_file *f, int group, int num);

/* The data of a /FlateDecode stream (zlib format) inflated: NULL for data that is not valid,
 * else a buffer to g_free. */
char *pdf_inflate(pdf_file *f, const void *data, size_t len, size_t *out_len);

/* Appends a value (`len` bytes of PDF syntax) with its references renumbered through `renum`
 * (old number -> new, nrenum entries; a reference to 0 or beyond becomes null), comments dropped and
 * white space squeezed: one space at most, none next to a delimiter. Strings are copied as
 * they are. */
void pdf_append_renumbered(GString *out, const char *text, size_t len, const int *renum, int nrenum);

/* Two PDFs cairo drew of one document, cut where a block opens a page (the pages of `b`
 * follow those of `a`), as one file with a classic cross-reference table (pdfjoin.c). NULL
 * with `err` set when either is not as cairo writes it. */
GString *pdf_join(const unsigned char *a, size_t alen, const unsigned char *b, size_t blen, char *err, size_t err_size);

/* The whole file with object streams, a cross-reference stream and a /ID derived from the
 * content. */
GString *pdf_write(pdf_file *f);

#endif
