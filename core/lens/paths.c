/*
 * paths.c - where lenses are found: the folders given with --lens-path, the
 * SAMNETT_LENS_PATH environment variable (folders separated by ':'), then
 * the bundled lenses: the source tree's plugins/lenses (SAMNETT_PLUGINS_DIR,
 * set by CMake) and the installed data folder (SAMNETT_DATA_DIR).
 */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lens_internal.h"
#include "samnett/option.h"
#include "../util/toolbox.h"

#ifndef SAMNETT_PLUGINS_DIR
#define SAMNETT_PLUGINS_DIR ""
#endif
#ifndef SAMNETT_DATA_DIR
#define SAMNETT_DATA_DIR ""
#endif

void sn_lens_opts_init(sn_lens_opts *o)
{
    memset(o, 0, sizeof *o);
    o->memory_bytes = (size_t)SN_LENS_DEFAULT_MEMORY_MB << 20;
    o->timeout = SN_LENS_DEFAULT_TIMEOUT;
}

static int is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int is_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

sn_status sn_lens_path_check(const char *dir, sn_err *err)
{
    if (!dir[0])
        return sn_err_set(err, SN_EUSAGE, "empty lens path; expected a folder");
    for (const char *p = dir; *p;) {
        const char *slash = strchr(p, '/');
        size_t len = slash ? (size_t)(slash - p) : strlen(p);
        if (len == 2 && p[0] == '.' && p[1] == '.')
            return sn_err_set(err, SN_EUSAGE,
                              "lens path '%s' climbs out with '..'; expected a folder given "
                              "without '..' (name it directly)",
                              dir);
        p += len;
        while (*p == '/')
            p++;
    }
    return SN_OK;
}

size_t sn_lens_bundled_dirs(const char **out, size_t cap)
{
    static const char *const candidates[] = {SAMNETT_PLUGINS_DIR "/lenses",
                                             SAMNETT_DATA_DIR "/lenses"};
    size_t n = 0;
    for (size_t i = 0; i < 2 && n < cap; i++)
        if (candidates[i][0] != '/' ? 0 : is_dir(candidates[i]))
            out[n++] = candidates[i];
    return n;
}

static int push_dir(lens_path *p, const char *dir, size_t len)
{
    char **v = realloc(p->dirs, (p->n + 1) * sizeof *v);
    if (!v)
        return -1;
    p->dirs = v;
    if (!(v[p->n] = strndup(dir, len)))
        return -1;
    while (strlen(v[p->n]) > 1 && v[p->n][strlen(v[p->n]) - 1] == '/')
        v[p->n][strlen(v[p->n]) - 1] = '\0';
    p->n++;
    return 0;
}

sn_status sni_lens_path_build(const sn_lens_opts *o, lens_path *p, sn_err *err)
{
    memset(p, 0, sizeof *p);
    for (size_t i = 0; i < o->n_path; i++) {
        if (sn_lens_path_check(o->path[i], err) != SN_OK ||
            (push_dir(p, o->path[i], strlen(o->path[i])) != 0 &&
             sn_err_set(err, SN_ENOMEM, "out of memory")))
            goto fail;
    }
    const char *env = getenv("SAMNETT_LENS_PATH");
    for (const char *s = env; s && *s;) {
        const char *colon = strchr(s, ':');
        size_t len = colon ? (size_t)(colon - s) : strlen(s);
        if (len) {
            char *dir = strndup(s, len);
            sn_status rc =
                dir ? sn_lens_path_check(dir, err) : sn_err_set(err, SN_ENOMEM, "out of memory");
            free(dir);
            if (rc != SN_OK) {
                char msg[sizeof err->msg];
                snprintf(msg, sizeof msg, "SAMNETT_LENS_PATH: %.990s", err->msg);
                sn_err_set(err, rc, "%s", msg);
                goto fail;
            }
            if (push_dir(p, s, len) != 0) {
                sn_err_set(err, SN_ENOMEM, "out of memory");
                goto fail;
            }
        }
        s += len + (colon ? 1 : 0);
    }
    p->n_user = p->n;
    if (!o->no_bundled) {
        const char *b[2];
        size_t nb = sn_lens_bundled_dirs(b, 2);
        for (size_t i = 0; i < nb; i++)
            if (push_dir(p, b[i], strlen(b[i])) != 0) {
                sn_err_set(err, SN_ENOMEM, "out of memory");
                goto fail;
            }
    }
    return SN_OK;
fail:
    sni_lens_path_free(p);
    return err ? err->code : SN_EUSAGE;
}

void sni_lens_path_free(lens_path *p)
{
    sni_lens_strv_free(p->dirs, p->n);
    memset(p, 0, sizeof *p);
}

void sni_lens_strv_free(char **v, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(v[i]);
    free(v);
}

char **sni_lens_dir_files(const char *dir, size_t *n)
{
    *n = 0;
    DIR *d = opendir(dir);
    if (!d)
        return NULL;
    char **v = NULL;
    size_t cap = 0;
    struct dirent *e;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.' || !sni_ends_with(e->d_name, ".lua") ||
            sni_ends_with(e->d_name, "_test.lua"))
            continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        if (!is_file(path))
            continue;
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            char **w = realloc(v, cap * sizeof *w);
            if (!w)
                break;
            v = w;
        }
        if (!(v[*n] = strdup(path)))
            break;
        (*n)++;
    }
    closedir(d);
    if (*n)
        qsort(v, *n, sizeof *v, sni_cmp_str);
    return v;
}

int sn_lens_name_ok(const char *s)
{
    if (!(s[0] >= 'a' && s[0] <= 'z'))
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') || *s == '_' || *s == '-'))
            return 0;
    return 1;
}

sn_status sni_lens_resolve(const lens_path *p, const char *spec, char **file, sn_err *err)
{
    *file = NULL;
    if (strchr(spec, '/') || sni_ends_with(spec, ".lua")) {
        if (!is_file(spec))
            return sn_err_set(err, SN_EUSAGE, "no lens file '%s'; expected a .lua file", spec);
        *file = strdup(spec);
        return *file ? SN_OK : sn_err_set(err, SN_ENOMEM, "out of memory");
    }
    if (!sn_lens_name_ok(spec))
        return sn_err_set(err, SN_EUSAGE,
                          "bad lens name '%s'; expected a name such as 'reciprocity' "
                          "(a-z, 0-9, '_', '-') or a .lua file",
                          spec);
    char searched[900] = "";
    size_t used = 0;
    for (size_t i = 0; i < p->n; i++) {
        char path[4096];
        snprintf(path, sizeof path, "%s/%s.lua", p->dirs[i], spec);
        if (is_file(path)) {
            *file = strdup(path);
            return *file ? SN_OK : sn_err_set(err, SN_ENOMEM, "out of memory");
        }
        if (used + 4 < sizeof searched)
            used += (size_t)snprintf(searched + used, sizeof searched - used, "%s%s", i ? ", " : "",
                                     p->dirs[i]);
    }
    if (!p->n)
        snprintf(searched, sizeof searched, "no folders: give %s DIR", sn_opt_shown("lens_path"));
    return sn_err_set(err, SN_EUSAGE,
                      "no lens named '%s' (searched %s); 'samnett lens list' shows the lenses",
                      spec, searched);
}

sn_status sn_lens_find(const sn_lens_opts *opts, const char *spec, char **file, sn_err *err)
{
    *file = NULL;
    lens_path p;
    sn_status rc = sni_lens_path_build(opts, &p, err);
    if (rc != SN_OK)
        return rc;
    rc = sni_lens_resolve(&p, spec, file, err);
    sni_lens_path_free(&p);
    return rc;
}
