/* Finding the jobs of a batch: job files under a folder or listed in a manifest, and the
 * deterministic split of that list into shards. Reads no job inputs. */
#include "batch_impl.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

batch_job *batch_list_add(batch_list *l, const char *path)
{
    if (l->count == l->cap) {
        int cap = l->cap ? l->cap * 2 : 64;
        batch_job *items = realloc(l->items, (size_t)cap * sizeof *items);
        if (!items) return NULL;
        l->items = items;
        l->cap = cap;
    }
    batch_job *j = &l->items[l->count];
    memset(j, 0, sizeof *j);
    j->path = strdup(path);
    if (!j->path) return NULL;
    j->exit_code = -1;
    l->count++;
    return j;
}

void batch_job_clear_result(batch_job *j)
{
    free(j->pdf);
    free(j->xlsx);
    free(j->first_error);
    free(j->diagnostics);
    j->pdf = j->xlsx = j->first_error = j->diagnostics = NULL;
    j->pdf_sha[0] = j->xlsx_sha[0] = '\0';
}

static void job_free_fields(batch_job *j)
{
    batch_job_clear_result(j);
    free(j->path);
    free(j->out_dir);
}

void batch_list_free(batch_list *l)
{
    for (int i = 0; i < l->count; i++) job_free_fields(&l->items[i]);
    free(l->items);
    memset(l, 0, sizeof *l);
}

bool batch_is_job_file(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f) return false;
    char line[512];
    bool found = false;
    while (!found && fgets(line, sizeof line, f)) {
        char *p = line;
        while (isspace((unsigned char)*p)) p++;
        found = !strncasecmp(p, "[instelling]", 12) || !strncasecmp(p, "[invoer]", 8);
    }
    fclose(f);
    return found;
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && !strcasecmp(s + n - m, suffix);
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Collects candidate paths under dir into a growable array of strings. */
static void walk(const char *dir, char ***paths, int *n, int *cap, int depth)
{
    DIR *d = depth < 32 ? opendir(dir) : NULL;
    if (!d) return;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue; /* hidden, "." and ".." */
        char path[PATH_MAX];
        if (snprintf(path, sizeof path, "%s/%s", dir, e->d_name) >= (int)sizeof path) continue;
        struct stat st;
        if (stat(path, &st) != 0) continue;
        if (S_ISDIR(st.st_mode)) {
            if (strcmp(e->d_name, "layouts") != 0) walk(path, paths, n, cap, depth + 1);
        } else if (S_ISREG(st.st_mode) && ends_with(e->d_name, ".ini")) {
            if (*n == *cap) {
                *cap = *cap ? *cap * 2 : 64;
                char **grown = realloc(*paths, (size_t)*cap * sizeof **paths);
                if (!grown) break;
                *paths = grown;
            }
            (*paths)[(*n)++] = strdup(path);
        }
    }
    closedir(d);
}

typedef struct file_id {
    dev_t dev;
    ino_t ino;
} file_id;

/* Adds a path unless an earlier entry (recorded in ids) is the same file. */
static void add_unique(batch_list *l, const char *path, file_id **ids, int *nids)
{
    struct stat st;
    if (stat(path, &st) == 0) {
        for (int i = 0; i < *nids; i++)
            if ((*ids)[i].dev == st.st_dev && (*ids)[i].ino == st.st_ino) return;
        file_id *grown = realloc(*ids, (size_t)(*nids + 1) * sizeof **ids);
        if (grown) {
            *ids = grown;
            grown[(*nids)++] = (file_id){ st.st_dev, st.st_ino };
        }
    }
    batch_list_add(l, path);
}

static void find_in_dir(const char *dir, batch_list *out)
{
    char **paths = NULL;
    int n = 0, cap = 0;
    char root[PATH_MAX];
    snprintf(root, sizeof root, "%s", dir);
    size_t len = strlen(root);
    while (len > 1 && root[len - 1] == '/') root[--len] = '\0';
    walk(root, &paths, &n, &cap, 0);
    qsort(paths, (size_t)n, sizeof *paths, cmp_str);
    for (int i = 0; i < n; i++) {
        if (paths[i] && batch_is_job_file(paths[i])) batch_list_add(out, paths[i]);
        free(paths[i]);
    }
    free(paths);
}

/* The first field of a manifest line (';', ',' or tab separated, optional quotes), trimmed. */
static void first_field(char *line, char *out, size_t size)
{
    char *p = line;
    while (isspace((unsigned char)*p)) p++;
    char quote = (*p == '"') ? *p++ : 0;
    size_t o = 0;
    for (; *p && o + 1 < size; p++) {
        if (quote ? *p == quote : (*p == ';' || *p == ',' || *p == '\t' || *p == '\n' || *p == '\r')) break;
        out[o++] = *p;
    }
    while (o > 0 && isspace((unsigned char)out[o - 1])) o--;
    out[o] = '\0';
}

static bool find_in_manifest(const char *manifest, batch_list *out, char *err, size_t errsize)
{
    FILE *f = fopen(manifest, "r");
    if (!f) {
        snprintf(err, errsize, "cannot read manifest %s: %s", manifest, strerror(errno));
        return false;
    }
    char base[PATH_MAX];
    snprintf(base, sizeof base, "%s", manifest);
    char *slash = strrchr(base, '/');
    if (slash) slash[1] = '\0'; else base[0] = '\0';
    char line[PATH_MAX + 256], field[PATH_MAX];
    int lineno = 0, nids = 0;
    file_id *ids = NULL;
    while (fgets(line, sizeof line, f)) {
        lineno++;
        first_field(line, field, sizeof field);
        if (!field[0] || field[0] == '#') continue;
        if (lineno == 1 && !ends_with(field, ".ini")) continue; /* a header such as "job" */
        char path[PATH_MAX * 2];
        snprintf(path, sizeof path, "%s%s", field[0] == '/' ? "" : base, field);
        add_unique(out, path, &ids, &nids);
    }
    free(ids);
    fclose(f);
    return true;
}

bool batch_find_jobs(const char *dir_or_manifest, batch_list *out, char *err, size_t errsize)
{
    struct stat st;
    if (stat(dir_or_manifest, &st) != 0) {
        snprintf(err, errsize, "%s: %s", dir_or_manifest, strerror(errno));
        return false;
    }
    if (S_ISDIR(st.st_mode)) {
        find_in_dir(dir_or_manifest, out);
    } else if (ends_with(dir_or_manifest, ".ini")) {
        batch_list_add(out, dir_or_manifest); /* a single job file is a batch of one */
    } else if (!find_in_manifest(dir_or_manifest, out, err, errsize)) {
        return false;
    }
    if (out->count == 0) {
        snprintf(err, errsize, "no job files found in %s (a job file is an .ini with an [instelling] section)",
                 dir_or_manifest);
        return false;
    }
    return true;
}

bool batch_parse_shard(const char *text, int *index, int *count)
{
    char *end;
    errno = 0;
    long i = strtol(text, &end, 10);
    if (end == text || *end != '/' || errno) return false;
    const char *rest = end + 1;
    long n = strtol(rest, &end, 10);
    if (end == rest || *end || errno || n < 1 || n > 100000 || i < 0 || i >= n) return false;
    *index = (int)i;
    *count = (int)n;
    return true;
}

void batch_shard(batch_list *l, int index, int count)
{
    int kept = 0;
    for (int k = 0; k < l->count; k++) {
        if (k % count == index) l->items[kept++] = l->items[k];
        else job_free_fields(&l->items[k]);
    }
    l->count = kept;
}
