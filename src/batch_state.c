/* What a batch remembers and reports: content hashes (SHA-256 through GLib), the per-directory
 * state file behind --changed-only, summary.csv, and removal of stale temporary files. */
#include "batch_impl.h"

#include "job.h"
#include "model.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define STATE_FILE ".kaderrapport-state"

static bool checksum_file(GChecksum *sum, const char *path)
{
    /* only regular files: a device or FIFO named as input would never end (or never start) */
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
    struct stat st;
    if (fd < 0) return false;
    FILE *f = fstat(fd, &st) == 0 && S_ISREG(st.st_mode) ? fdopen(fd, "rb") : NULL;
    if (!f) {
        close(fd);
        return false;
    }
    unsigned char buf[65536];
    size_t n;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) g_checksum_update(sum, buf, n);
    bool ok = !ferror(f);
    fclose(f);
    return ok;
}

static void checksum_out(GChecksum *sum, char out[65])
{
    snprintf(out, 65, "%s", g_checksum_get_string(sum));
    g_checksum_free(sum);
}

bool batch_file_sha256(const char *path, char out[65])
{
    GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
    bool ok = checksum_file(sum, path);
    checksum_out(sum, out);
    if (!ok) out[0] = '\0';
    return ok;
}

static int cmp_name(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Feeds "name\0" + contents of every regular file under dir (sorted, recursive) into sum. */
static void checksum_tree(GChecksum *sum, const char *dir, int depth)
{
    DIR *d = depth < 16 ? opendir(dir) : NULL;
    if (!d) return;
    char **names = NULL;
    int n = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, "..")) continue;
        char **grown = realloc(names, (size_t)(n + 1) * sizeof *names);
        if (!grown) break;
        names = grown;
        names[n++] = strdup(e->d_name);
    }
    closedir(d);
    qsort(names, (size_t)n, sizeof *names, cmp_name);
    for (int i = 0; i < n; i++) {
        char path[PATH_MAX];
        struct stat st;
        snprintf(path, sizeof path, "%s/%s", dir, names[i]);
        if (stat(path, &st) == 0) {
            g_checksum_update(sum, (const guchar *)names[i], (gssize)strlen(names[i]) + 1);
            if (S_ISDIR(st.st_mode)) checksum_tree(sum, path, depth + 1);
            else if (S_ISREG(st.st_mode)) checksum_file(sum, path);
        }
        free(names[i]);
    }
    free(names);
}

void batch_tree_sha256(const char *dir, char out[65])
{
    GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
    checksum_tree(sum, dir, 0);
    checksum_out(sum, out);
}

/* Adds "label:<sha256 of file or 'missing'>\n"; a file that cannot be read still changes the hash. */
static void checksum_input(GChecksum *sum, const char *label, const char *path)
{
    char hex[65] = "none";
    if (path && !batch_file_sha256(path, hex)) snprintf(hex, sizeof hex, "missing");
    char line[512];
    int len = snprintf(line, sizeof line, "%s:%s:%s\n", label, path ? path : "", hex);
    g_checksum_update(sum, (const guchar *)line, len < (int)sizeof line ? len : (int)sizeof line - 1);
}

/* Hashes the files a layout names (a logo, say): every value that is an existing file relative
 * to the layout's folder or absolute. Values that are not file names simply do not match. */
static void checksum_layout_refs(GChecksum *sum, const char *layout_path)
{
    FILE *f = layout_path ? fopen(layout_path, "r") : NULL;
    if (!f) return;
    char dir[PATH_MAX], line[1024];
    snprintf(dir, sizeof dir, "%s", layout_path);
    char *slash = strrchr(dir, '/');
    if (slash) *slash = '\0'; else snprintf(dir, sizeof dir, ".");
    while (fgets(line, sizeof line, f)) {
        char *eq = strchr(line, '=');
        if (!eq || line[0] == ';' || line[0] == '#') continue;
        char *v = eq + 1;
        v += strspn(v, " \t\"");
        v[strcspn(v, "\"\r\n;")] = '\0';
        for (size_t n = strlen(v); n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'); n--) v[n - 1] = '\0';
        char path[PATH_MAX * 2];
        struct stat st;
        snprintf(path, sizeof path, "%s%s%s", v[0] == '/' ? "" : dir, v[0] == '/' ? "" : "/", v);
        if (v[0] && stat(path, &st) == 0 && S_ISREG(st.st_mode)) checksum_input(sum, "layout-file", path);
    }
    fclose(f);
}

void batch_fingerprint(batch_job *j, const char *env_fp)
{
    j->fingerprint[0] = '\0';
    diag_list d;
    diag_init(&d);
    model *m = model_new();
    job *jb = m ? job_load(j->path, m, &d) : NULL;
    if (jb && d.errors == 0) {
        GChecksum *sum = g_checksum_new(G_CHECKSUM_SHA256);
        g_checksum_update(sum, (const guchar *)"kaderrapport-batch/1\n", -1);
        g_checksum_update(sum, (const guchar *)env_fp, -1);
        checksum_input(sum, "\njob", j->path);
        checksum_input(sum, "begroting", jb->budget.path);
        checksum_input(sum, "activiteiten", jb->activities.path);
        checksum_input(sum, "toewijzing", jb->mapping.path);
        checksum_input(sum, "layout", m->layout_path);
        checksum_layout_refs(sum, m->layout_path);
        g_checksum_update(sum, (const guchar *)(j->out_dir ? j->out_dir : ""), -1);
        checksum_out(sum, j->fingerprint);
    }
    job_free(jb);
    model_free(m);
    diag_free(&d);
}

char *batch_state_key(const batch_job *j)
{
    char *abs = realpath(j->path, NULL);
    return abs ? abs : strdup(j->path);
}

void batch_state_set(batch_state *s, const char *key, const char *value)
{
    for (int i = 0; i < s->count; i++) {
        if (strcmp(s->keys[i], key) != 0) continue;
        free(s->values[i]);
        if (value) {
            s->values[i] = strdup(value);
        } else {
            free(s->keys[i]);
            s->keys[i] = s->keys[--s->count];
            s->values[i] = s->values[s->count];
        }
        return;
    }
    if (!value || strpbrk(key, "\t\n")) return;
    if (s->count == s->cap) {
        int cap = s->cap ? s->cap * 2 : 64;
        char **k = realloc(s->keys, (size_t)cap * sizeof *k);
        if (k) s->keys = k;
        char **v = realloc(s->values, (size_t)cap * sizeof *v);
        if (v) s->values = v;
        if (!k || !v) return;
        s->cap = cap;
    }
    s->keys[s->count] = strdup(key);
    s->values[s->count++] = strdup(value);
}

const char *batch_state_get(const batch_state *s, const char *key)
{
    for (int i = 0; i < s->count; i++)
        if (!strcmp(s->keys[i], key)) return s->values[i];
    return NULL;
}

/* One line per job: "<value>\t<absolute job path>", where the value starts with the job's
 * 64-digit fingerprint. Unknown lines are ignored. */
void batch_state_load(batch_state *s, const char *dir)
{
    memset(s, 0, sizeof *s);
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, STATE_FILE);
    FILE *f = fopen(path, "r");
    if (!f) return;
    char line[PATH_MAX + 128];
    while (fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        char *tab = strrchr(line, '\t');
        if (!tab || tab - line < 64) continue;
        *tab = '\0';
        batch_state_set(s, tab + 1, line);
    }
    fclose(f);
}

void batch_state_free(batch_state *s)
{
    for (int i = 0; i < s->count; i++) {
        free(s->keys[i]);
        free(s->values[i]);
    }
    free(s->keys);
    free(s->values);
    memset(s, 0, sizeof *s);
}

/* Opens a temporary file beside dir/name for an atomic replace. */
static FILE *open_temp(const char *dir, const char *name, char *tmp, size_t size)
{
    snprintf(tmp, size, "%s/.%s.tmp-XXXXXX", dir, name);
    int fd = mkstemp(tmp);
    if (fd < 0) return NULL;
    fchmod(fd, 0644);
    FILE *f = fdopen(fd, "w");
    if (!f) {
        close(fd);
        unlink(tmp);
    }
    return f;
}

static bool close_and_rename(FILE *f, const char *tmp, const char *dir, const char *name)
{
    char path[PATH_MAX];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    bool ok = fflush(f) == 0 && fsync(fileno(f)) == 0;
    ok = (fclose(f) == 0) && ok;
    if (ok && rename(tmp, path) == 0) return true;
    unlink(tmp);
    return false;
}


bool batch_state_save(const batch_state *s, const char *dir)
{
    char tmp[PATH_MAX];
    FILE *f = open_temp(dir, STATE_FILE, tmp, sizeof tmp);
    if (!f) return false;
    /* Sorted, so the file does not depend on the order jobs finished in. */
    char **lines = malloc(((size_t)s->count + 1) * sizeof *lines);
    int n = 0;
    for (int i = 0; lines && i < s->count; i++)
        if (asprintf(&lines[n], "%s\t%s\n", s->values[i], s->keys[i]) >= 0) n++;
    if (lines) qsort(lines, (size_t)n, sizeof *lines, cmp_name);
    for (int i = 0; i < n; i++) {
        fputs(lines[i], f);
        free(lines[i]);
    }
    free(lines);
    return close_and_rename(f, tmp, dir, STATE_FILE);
}

const char *batch_status_name(batch_status s)
{
    static const char *names[] = { "not-run", "ok", "failed", "crashed", "unchanged", "interrupted" };
    return names[s];
}

/* Writes one CSV field, quoted when it holds a comma, quote or line break (RFC 4180). */
static void csv_field(FILE *f, const char *text, bool last)
{
    const char *t = text ? text : "";
    if (strpbrk(t, ",\"\r\n")) {
        fputc('"', f);
        for (; *t; t++) {
            if (*t == '"') fputc('"', f);
            fputc(*t, f);
        }
        fputc('"', f);
    } else {
        fputs(t, f);
    }
    fputc(last ? '\n' : ',', f);
}

static const char *base_name(const char *path)
{
    const char *slash = path ? strrchr(path, '/') : NULL;
    return slash ? slash + 1 : path;
}

bool batch_write_summary(const char *dir, const char *name, const batch_job *jobs, int n, int group)
{
    char tmp[PATH_MAX];
    FILE *f = open_temp(dir, name, tmp, sizeof tmp);
    if (!f) return false;
    fputs("job,status,exit_code,seconds,pages,pdf,pdf_sha256,xlsx,xlsx_sha256,first_error\n", f);
    for (int i = 0; i < n; i++) {
        const batch_job *j = &jobs[i];
        if (group >= 0 && j->group != group) continue;
        char code[16] = "", secs[32] = "", pages[16] = "";
        if (j->exit_code >= 0) snprintf(code, sizeof code, "%d", j->exit_code);
        if (j->status != BJ_PENDING && j->status != BJ_SKIPPED) snprintf(secs, sizeof secs, "%.3f", j->seconds);
        if (j->pages > 0) snprintf(pages, sizeof pages, "%d", j->pages);
        csv_field(f, j->path, false);
        csv_field(f, batch_status_name(j->status), false);
        csv_field(f, code, false);
        csv_field(f, secs, false);
        csv_field(f, pages, false);
        csv_field(f, base_name(j->pdf), false);
        csv_field(f, j->pdf_sha, false);
        csv_field(f, base_name(j->xlsx), false);
        csv_field(f, j->xlsx_sha, false);
        csv_field(f, j->first_error, true);
    }
    return close_and_rename(f, tmp, dir, name);
}

/* True for ".NAME.tmp-XXXXXX": the temporary names used for atomic writes. */
static bool is_temp_name(const char *name)
{
    size_t n = strlen(name);
    return name[0] == '.' && n > 12 && !strncmp(name + n - 11, ".tmp-", 5);
}

int batch_remove_stale_temps(const char *dir)
{
    DIR *d = opendir(dir);
    if (!d) return 0;
    int removed = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (!is_temp_name(e->d_name)) continue;
        char path[PATH_MAX];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (unlink(path) == 0) removed++;
    }
    closedir(d);
    return removed;
}
