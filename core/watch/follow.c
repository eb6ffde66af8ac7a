/*
 * follow.c - following files: which names to read, which stored file each
 * one is (by content, see sn_state_identify), and reading what was added in
 * slices, each slice's offset and contacts committed in one transaction.
 * Also the actors file: loaded at start, reloaded when it changes.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "engine.h"
#include "samnett/option.h"
#include "samnett/ingest.h"
#include "samnett/privacy.h"

#define READ_SLICE (8u << 20)      /* bytes read and committed at a time */
#define READ_SLICE_MAX (64u << 20) /* the longest record waited for */

/* ---- which names ---- */

static int ends_with(const char *s, const char *suf)
{
    size_t n = strlen(s), m = strlen(suf);
    return n >= m && strcasecmp(s + n - m, suf) == 0;
}

/*
 * The names followed in a folder given without a pattern: data files and
 * their rotations (contacts.csv, contacts.csv.1, x.log, x.log-20240101),
 * but not hidden, compressed, temporary or backup files.
 */
static int default_name(const char *name)
{
    static const char *const skip[] = {".gz",  ".bz2", ".xz",  ".zst",  ".zip",
                                       ".lz4", ".tmp", ".swp", ".part", "~"};
    static const char *const exts[] = {".csv", ".tsv", ".txt", ".log", ".jsonl", ".ndjson"};
    if (name[0] == '.')
        return 0;
    for (size_t i = 0; i < sizeof skip / sizeof skip[0]; i++)
        if (ends_with(name, skip[i]))
            return 0;
    for (size_t i = 0; i < sizeof exts / sizeof exts[0]; i++) {
        size_t m = strlen(exts[i]);
        for (const char *p = name; (p = strcasestr(p, exts[i])); p++) {
            char after = p[m];
            if (after == '\0' || after == '.' || after == '-' || after == '_')
                return 1;
        }
    }
    return 0;
}

static int add_folder(sn_engine *e, const char *dir)
{
    for (size_t i = 0; i < e->n_folders; i++)
        if (strcmp(e->folders[i], dir) == 0)
            return 0;
    char **f = realloc(e->folders, (e->n_folders + 1) * sizeof *f);
    if (!f)
        return -1;
    e->folders = f;
    if (!(f[e->n_folders] = strdup(dir)))
        return -1;
    e->n_folders++;
    return 0;
}

/* A --logs entry: a folder, or a pattern over the names of one folder. */
static sn_status add_spec(sn_engine *e, const char *arg, sn_err *err)
{
    sn_logs_spec *v = realloc(e->specs, (e->n_specs + 1) * sizeof *v);
    if (!v)
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    e->specs = v;
    sn_logs_spec *s = &v[e->n_specs++];
    memset(s, 0, sizeof *s);
    struct stat st;
    const char *slash = strrchr(arg, '/');
    if (stat(arg, &st) == 0 && S_ISDIR(st.st_mode)) {
        s->dir = strdup(arg);
        size_t n = s->dir ? strlen(s->dir) : 0;
        while (n > 1 && s->dir[n - 1] == '/')
            s->dir[--n] = '\0';
    } else {
        s->dir = slash ? strndup(arg, slash == arg ? 1 : (size_t)(slash - arg)) : strdup(".");
        s->pattern = strdup(slash ? slash + 1 : arg);
        s->bare = !slash;
        if (s->dir && s->pattern && (!s->pattern[0] || strpbrk(s->dir, "*?[")))
            return sn_err_set(err, SN_EUSAGE,
                              "bad %s '%s'; expected a folder, or a folder and a pattern over "
                              "its names such as logs/*.csv*",
                              sn_opt_shown("logs"), arg);
        if (s->dir && s->pattern && (stat(s->dir, &st) != 0 || !S_ISDIR(st.st_mode)))
            return sn_err_set(err, SN_EUSAGE, "%s '%s': no folder '%s'", sn_opt_shown("logs"), arg,
                              s->dir);
        if (s->pattern && !strpbrk(s->pattern, "*?[") && stat(arg, &st) != 0)
            return sn_err_set(err, SN_EUSAGE,
                              "%s '%s': no such folder or file; expected a folder, or a "
                              "pattern such as logs/*.csv*",
                              sn_opt_shown("logs"), arg);
    }
    if (!s->dir || (!s->pattern && s->bare))
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    if (add_folder(e, s->dir) != 0)
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    return SN_OK;
}

sn_status sni_follow_init(sn_engine *e, sn_err *err)
{
    const sn_watch_opts *o = e->o;
    sn_status rc = SN_OK;
    for (size_t i = 0; i < o->n_logs && rc == SN_OK; i++)
        rc = add_spec(e, o->logs[i], err);
    if (rc == SN_OK && o->actors) {
        char *copy = strdup(o->actors);
        if (!copy)
            return sn_err_set(err, SN_ENOMEM, "out of memory");
        char *slash = strrchr(copy, '/');
        if (slash)
            *(slash == copy ? slash + 1 : slash) = '\0';
        int r = add_folder(e, slash ? copy : ".");
        free(copy);
        if (r != 0)
            return sn_err_set(err, SN_ENOMEM, "out of memory");
    }
    e->buf_cap = READ_SLICE;
    if (rc == SN_OK && !(e->buf = malloc(e->buf_cap)))
        rc = sn_err_set(err, SN_ENOMEM, "out of memory");
    return rc;
}

static void close_found(sn_engine *e)
{
    for (size_t i = 0; i < e->n_found; i++) {
        if (e->found[i].fd >= 0)
            close(e->found[i].fd);
        free(e->found[i].path);
    }
    e->n_found = 0;
}

void sni_follow_free(sn_engine *e)
{
    close_found(e);
    free(e->found);
    for (size_t i = 0; i < e->n_specs; i++) {
        free(e->specs[i].dir);
        free(e->specs[i].pattern);
    }
    free(e->specs);
    for (size_t i = 0; i < e->n_folders; i++)
        free(e->folders[i]);
    free(e->folders);
    for (size_t i = 0; i < e->n_noted; i++)
        free(e->noted[i]);
    free(e->noted);
    for (size_t i = 0; i < e->n_unopened; i++)
        free(e->unopened[i].path);
    free(e->unopened);
    sn_state_files_free(e->recs, e->n_recs);
    free(e->buf);
}

/* ---- the actors file ---- */

/* Move the contacts of e->store into ns (with new actors); ns becomes the store. */
static sn_status rebase(sn_engine *e, sn_store *ns, sn_err *err)
{
    sn_store *old = &e->store;
    uint32_t *map = malloc((old->n_actors ? old->n_actors : 1) * sizeof *map);
    uint32_t unknown;
    if (!map || sn_store_string(ns, "unknown", 7, &unknown) != SN_OK ||
        sn_store_reserve(ns, old->n) != SN_OK) {
        free(map);
        return sn_err_set(err, SN_ENOMEM, "out of memory reloading the actors");
    }
    for (size_t a = 0; a < old->n_actors; a++)
        map[a] = UINT32_MAX;
    /* Actors named by contacts but not in the new file are made as a read would make them. */
    for (size_t i = 0; i < old->n; i++) {
        uint32_t ends[2] = {old->from[i], old->to[i]};
        for (int k = 0; k < 2; k++) {
            uint32_t a = ends[k];
            if (map[a] != UINT32_MAX)
                continue;
            const char *id = sn_store_actor_id(old, a);
            size_t len = sn_intern_len(old->actor_ids, a);
            int64_t found = sn_store_actor_find(ns, id, len);
            uint32_t idx = (uint32_t)found;
            if (found < 0) {
                if (sn_store_actor_add(ns, id, len, 0, 0, &idx, NULL) != SN_OK) {
                    free(map);
                    return sn_err_set(err, SN_ENOMEM, "out of memory reloading the actors");
                }
                ns->actors[idx].auto_created = 1;
                ns->actors[idx].attr[SN_ATTR_TYPE] = unknown;
                ns->auto_actors++;
            }
            map[a] = idx;
        }
    }
    size_t n = old->n;
    for (size_t i = 0; i < n; i++)
        if (sn_store_contact_add(ns, sn_store_time(old, i), map[old->from[i]], map[old->to[i]],
                                 old->channel[i], sn_store_case(old, i), sn_store_meeting(old, i),
                                 sn_store_weight(old, i)) != SN_OK) {
            free(map);
            return sn_err_set(err, SN_ENOMEM, "out of memory reloading the actors");
        }
    free(map);
    /* the channel, case and meeting ids stay valid: their tables move across */
    sn_intern *t;
    t = ns->channels, ns->channels = old->channels, old->channels = t;
    t = ns->cases, ns->cases = old->cases, old->cases = t;
    t = ns->meetings, ns->meetings = old->meetings, old->meetings = t;
    ns->first_time = old->first_time;
    ns->last_time = old->last_time;
    ns->rows_read += old->rows_read;
    ns->rejected += old->rejected - e->actor_rejects;
    ns->self_contacts += old->self_contacts;
    ns->local_times += old->local_times;
    ns->ambiguous_times += old->ambiguous_times;
    ns->nonexistent_times += old->nonexistent_times;
    ns->files += old->files - e->actor_files;
    sn_store_free(old);
    *old = *ns;
    sn_state_forget_store(e->state);
    return SN_OK;
}

sn_status sni_follow_actors(sn_engine *e, int force, sn_err *err)
{
    const sn_watch_opts *o = e->o;
    sn_status rc;
    if (!o->actors) {
        if (e->have_store)
            return SN_OK;
        if ((rc = sn_store_init(&e->store, err)) != SN_OK)
            return rc;
        e->have_store = 1;
        int found = 0;
        rc = sn_state_actors_restore(e->state, &e->store, &found, err);
        e->actor_files = found;
        e->store.files += found;
        if (rc == SN_OK)
            rc = sn_state_restore(e->state, &e->store, err);
        e->restored = (long)e->store.n;
        return rc;
    }
    struct stat st;
    if (stat(o->actors, &st) != 0) {
        if (!e->have_store)
            return sn_err_set(err, SN_EIO, "%s: cannot open: %s", o->actors, strerror(errno));
        return SN_OK; /* gone for now (being replaced?): keep the actors read before */
    }
    int changed = !e->actors_loaded || st.st_dev != e->actors_dev || st.st_ino != e->actors_ino ||
                  st.st_size != e->actors_size || st.st_mtim.tv_sec != e->actors_mtime.tv_sec ||
                  st.st_mtim.tv_nsec != e->actors_mtime.tv_nsec;
    if ((!changed && !force) || (e->have_store && !S_ISREG(st.st_mode)))
        return SN_OK; /* a pipe is read once: opening it again could wait for ever */
    e->actors_loaded = 1;
    e->actors_dev = st.st_dev;
    e->actors_ino = st.st_ino;
    e->actors_size = st.st_size;
    e->actors_mtime = st.st_mtim;
    sn_store ns;
    if ((rc = sn_store_init(&ns, err)) != SN_OK)
        return rc;
    sn_source src = {o->actors, SN_INPUT_ACTORS};
    rc = sn_ingest(&ns, &src, 1, &e->iopts, e->diag, err);
    if (rc != SN_OK) {
        sn_store_free(&ns);
        if (!e->have_store || e->diag->strict)
            return rc;
        sn_diag_emit(e->diag, SN_WARNING, o->actors, 0, 0,
                     "not reloaded (%s); keeping the actors read before", err->msg);
        return SN_OK;
    }
    /* with a key, the actors are pseudonymised before the store or the state sees them */
    const sn_privacy *pv = o->privacy;
    if (pv && (pv->has_key || pv->merge_small_orgs) &&
        (rc = sn_privacy_apply(&ns, o->privacy, err)) != SN_OK) {
        sn_store_free(&ns);
        return rc;
    }
    long rejects = ns.rejected, files = ns.files;
    if (!e->have_store) {
        e->store = ns;
        e->have_store = 1;
        rc = sn_state_restore(e->state, &e->store, err);
        e->restored = (long)e->store.n;
    } else {
        rc = rebase(e, &ns, err);
        if (rc != SN_OK) {
            sn_store_free(&ns);
            return rc;
        }
        e->actors_reloaded = 1;
    }
    e->actor_rejects = rejects;
    e->actor_files = files;
    if (rc == SN_OK)
        rc = sn_state_actors_save(e->state, &e->store, o->actors, err);
    return rc;
}

static int by_path(const void *a, const void *b)
{
    return strcmp(((const sn_found *)a)->path, ((const sn_found *)b)->path);
}

/* Keys kept for note_once; past this the older half is forgotten, so a long
   watch over ever new names stays bounded (an old note may then come again). */
#define SN_NOTED_MAX 4096

/* 1 the first time key is seen (each thing is reported once), 0 after. */
static int note_once(sn_engine *e, const char *key)
{
    for (size_t i = 0; i < e->n_noted; i++)
        if (strcmp(e->noted[i], key) == 0)
            return 0;
    if (e->n_noted == SN_NOTED_MAX) {
        size_t half = SN_NOTED_MAX / 2;
        for (size_t i = 0; i < half; i++)
            free(e->noted[i]);
        memmove(e->noted, e->noted + half, (e->n_noted - half) * sizeof *e->noted);
        e->n_noted -= half;
    }
    if (!e->noted && !(e->noted = malloc(SN_NOTED_MAX * sizeof *e->noted)))
        return 1;
    if ((e->noted[e->n_noted] = strdup(key)))
        e->n_noted++;
    return 1;
}

/* Report once per name and record (a copy stays a copy until it changes). */
static int first_note(sn_engine *e, const char *path, int64_t rec)
{
    char key[4200];
    snprintf(key, sizeof key, "%s\x1f%lld", path, (long long)rec);
    return note_once(e, key);
}

/*
 * A name that could not be opened: an error the first time (and when the
 * reason changes), kept so the next scans try it again and say when it is
 * read. Never skipped without a word.
 */
static sn_status unopened(sn_engine *e, const char *path, int errnum, sn_err *err)
{
    for (size_t i = 0; i < e->n_unopened; i++) {
        sn_unopened *u = &e->unopened[i];
        if (strcmp(u->path, path) != 0)
            continue;
        if (u->errnum != errnum)
            sn_diag_emit(e->diag, SN_ERROR, path, 0, 0, "cannot open: %s; not read",
                         strerror(errnum));
        u->errnum = errnum;
        u->again = 1;
        return SN_OK;
    }
    if (e->n_unopened == e->cap_unopened) {
        size_t cap = e->cap_unopened ? e->cap_unopened * 2 : 8;
        sn_unopened *v = realloc(e->unopened, cap * sizeof *v);
        if (!v)
            return sn_err_set(err, SN_ENOMEM, "out of memory");
        e->unopened = v;
        e->cap_unopened = cap;
    }
    sn_unopened *u = &e->unopened[e->n_unopened];
    if (!(u->path = strdup(path)))
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    u->errnum = errnum;
    u->again = 1;
    e->n_unopened++;
    sn_diag_emit(e->diag, SN_ERROR, path, 0, 0, "cannot open: %s; not read%s", strerror(errnum),
                 e->o->once ? "" : " (tried again on every scan)");
    return SN_OK;
}

/* After a cycle: forget the names that opened this time, saying so. */
static void unopened_sweep(sn_engine *e)
{
    size_t k = 0;
    for (size_t i = 0; i < e->n_unopened; i++) {
        sn_unopened *u = &e->unopened[i];
        if (u->again) {
            u->again = 0;
            e->unopened[k++] = *u;
            continue;
        }
        sn_found key = {.path = u->path};
        if (e->n_found && bsearch(&key, e->found, e->n_found, sizeof *e->found, by_path))
            sn_diag_emit(e->diag, SN_NOTE, u->path, 0, 0, "can be opened now; read");
        free(u->path);
    }
    e->n_unopened = k;
}

/* ---- scanning ---- */

static int same_file(const struct stat *a, dev_t dev, ino_t ino)
{
    return a->st_dev == dev && a->st_ino == ino;
}

/* What a name that is not a regular file holds, for the note that skips it. */
static const char *what_is(mode_t m)
{
    return S_ISDIR(m)    ? "a folder"
           : S_ISFIFO(m) ? "a named pipe"
           : S_ISSOCK(m) ? "a socket"
           : S_ISCHR(m)  ? "a character device"
           : S_ISBLK(m)  ? "a block device"
                         : "not a regular file";
}

/*
 * Look at one name: open it, and keep its size and first bytes. Only regular
 * files are followed (a pipe or device is never opened: that could block);
 * a name that cannot be opened is reported and tried again on the next scan.
 */
static sn_status scan_one(sn_engine *e, const char *path, const struct stat *state_st, sn_err *err)
{
    struct stat st, lst;
    char key[4200];
    if (stat(path, &st) != 0) {
        if (errno != ENOENT)
            return unopened(e, path, errno, err);
        /* gone since the listing, or a symbolic link to nothing (yet) */
        if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
            snprintf(key, sizeof key, "dangling\x1f%s", path);
            if (note_once(e, key))
                sn_diag_emit(e->diag, SN_NOTE, path, 0, 0,
                             "a symbolic link to a missing file; read when the file is there");
        }
        return SN_OK;
    }
    if (!S_ISREG(st.st_mode)) {
        snprintf(key, sizeof key, "kind\x1f%s", path);
        if (note_once(e, key))
            sn_diag_emit(e->diag, SN_NOTE, path, 0, 0, "%s, not a regular file; not followed",
                         what_is(st.st_mode));
        return SN_OK;
    }
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return errno == ENOENT ? SN_OK : unopened(e, path, errno, err);
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
        (e->actors_loaded && same_file(&st, e->actors_dev, e->actors_ino)) ||
        (state_st && same_file(&st, state_st->st_dev, state_st->st_ino))) {
        close(fd);
        return SN_OK;
    }
    if (e->n_found == e->cap_found) {
        size_t cap = e->cap_found ? e->cap_found * 2 : 32;
        sn_found *v = realloc(e->found, cap * sizeof *v);
        if (!v) {
            close(fd);
            return sn_err_set(err, SN_ENOMEM, "out of memory");
        }
        e->found = v;
        e->cap_found = cap;
    }
    sn_found *f = &e->found[e->n_found];
    memset(f, 0, sizeof *f);
    f->fd = fd;
    if (!(f->path = strdup(path))) {
        close(fd);
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    }
    f->seen.path = f->path;
    f->symlink = lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode);
    f->seen.dev = (uint64_t)st.st_dev;
    f->seen.ino = (uint64_t)st.st_ino;
    f->seen.size = st.st_size;
    ssize_t n = st.st_size ? pread(fd, f->seen.fp, SN_STATE_FP_MAX, 0) : 0;
    f->seen.fp_len = n > 0 ? (size_t)n : 0;
    /* not kept open: a folder may hold more rotated files than descriptors */
    close(fd);
    f->fd = -1;
    e->n_found++;
    return SN_OK;
}

/*
 * Files of the watch's own in a followed folder are never read: the state
 * (FILE.db, FILE.db-wal, -shm, -lock) and the report with its temporary
 * copies (FILE.json, FILE.json.tmp.PID). Their names start with the base
 * name of the state or report file, in the same folder.
 */
typedef struct own_file {
    const char *base;
    struct stat dir;
    int ok;
} own_file;

static void own_init(own_file *f, const char *path)
{
    memset(f, 0, sizeof *f);
    if (!path)
        return;
    const char *slash = strrchr(path, '/');
    char dir[4096];
    snprintf(dir, sizeof dir, "%.*s", slash ? (int)(slash == path ? 1 : slash - path) : 1,
             slash ? path : ".");
    f->base = slash ? slash + 1 : path;
    f->ok = f->base[0] && stat(dir, &f->dir) == 0;
}

static int own_name(const own_file *f, const struct stat *dir, int have_dir, const char *name)
{
    return f->ok && have_dir && f->dir.st_dev == dir->st_dev && f->dir.st_ino == dir->st_ino &&
           strncmp(name, f->base, strlen(f->base)) == 0;
}

static int by_inode(const void *a, const void *b, void *ud)
{
    const sn_found *f = ud;
    const sn_file_seen *x = &f[*(const size_t *)a].seen, *y = &f[*(const size_t *)b].seen;
    if (x->dev != y->dev)
        return x->dev < y->dev ? -1 : 1;
    if (x->ino != y->ino)
        return x->ino < y->ino ? -1 : 1;
    return *(const size_t *)a < *(const size_t *)b ? -1 : 1;
}

/*
 * Names of the same device and inode at this moment are one file (a
 * symbolic link such as current.csv, a hard link): it is read under one
 * name, the first that is not a symbolic link, and the others are noted
 * once. Across time a file is known by its content (sn_state_identify):
 * inode numbers are reused.
 */
static sn_status drop_aliases(sn_engine *e, sn_err *err)
{
    if (e->n_found < 2)
        return SN_OK;
    size_t n = e->n_found;
    size_t *order = malloc(n * sizeof *order);
    long *alias_of = malloc(n * sizeof *alias_of);
    if (!order || !alias_of) {
        free(order);
        free(alias_of);
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    }
    for (size_t i = 0; i < n; i++) {
        order[i] = i;
        alias_of[i] = -1;
    }
    qsort_r(order, n, sizeof *order, by_inode, e->found);
    for (size_t g = 0; g < n;) {
        size_t h = g + 1;
        while (h < n && e->found[order[h]].seen.dev == e->found[order[g]].seen.dev &&
               e->found[order[h]].seen.ino == e->found[order[g]].seen.ino)
            h++;
        size_t keep = order[g];
        for (size_t k = g; k < h; k++)
            if (!e->found[order[k]].symlink) {
                keep = order[k];
                break;
            }
        for (size_t k = g; k < h; k++)
            if (order[k] != keep)
                alias_of[order[k]] = (long)keep;
        g = h;
    }
    for (size_t i = 0; i < n; i++) {
        if (alias_of[i] < 0)
            continue;
        const sn_found *f = &e->found[i];
        const char *kept = e->found[alias_of[i]].path;
        char key[8400];
        snprintf(key, sizeof key, "alias\x1f%s\x1f%s", f->path, kept);
        if (note_once(e, key))
            sn_diag_emit(e->diag, SN_NOTE, f->path, 0, 0,
                         "the same file as %s (%s); read once, under that name", kept,
                         f->symlink ? "a symbolic link" : sn_ingest_link_kind(f->path, kept));
    }
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (alias_of[i] < 0)
            e->found[k++] = e->found[i];
        else
            free(e->found[i].path);
    }
    e->n_found = k;
    free(order);
    free(alias_of);
    return SN_OK;
}

sn_status sni_follow_scan(sn_engine *e, sn_err *err)
{
    close_found(e);
    struct stat state_st;
    int have_state = stat(e->o->state, &state_st) == 0;
    own_file own[2];
    own_init(&own[0], e->o->state);
    own_init(&own[1], e->o->out);
    sn_status rc = SN_OK;
    for (size_t s = 0; s < e->n_specs && rc == SN_OK; s++) {
        const sn_logs_spec *sp = &e->specs[s];
        DIR *d = opendir(sp->dir);
        if (!d)
            continue; /* a folder that went away may come back */
        struct stat dir_st;
        int have_dir = stat(sp->dir, &dir_st) == 0;
        struct dirent *de;
        while ((de = readdir(d)) && rc == SN_OK) {
            const char *name = de->d_name;
            if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
                continue;
            if (sp->pattern ? fnmatch(sp->pattern, name, FNM_PERIOD) != 0 : !default_name(name))
                continue;
            if (own_name(&own[0], &dir_st, have_dir, name) ||
                own_name(&own[1], &dir_st, have_dir, name))
                continue;
            char path[4096];
            if (sp->bare)
                snprintf(path, sizeof path, "%s", name);
            else
                snprintf(path, sizeof path, "%s%s%s", sp->dir,
                         sp->dir[strlen(sp->dir) - 1] == '/' ? "" : "/", name);
            rc = scan_one(e, path, have_state ? &state_st : NULL, err);
        }
        closedir(d);
    }
    if (rc != SN_OK)
        return rc;
    if (e->n_found)
        qsort(e->found, e->n_found, sizeof *e->found, by_path);
    /* one entry per name (two --logs may match the same file) */
    size_t k = 0;
    for (size_t i = 0; i < e->n_found; i++) {
        if (k && strcmp(e->found[k - 1].path, e->found[i].path) == 0) {
            free(e->found[i].path);
            continue;
        }
        e->found[k++] = e->found[i];
    }
    e->n_found = k;
    return drop_aliases(e, err);
}

/* ---- reading ---- */

/*
 * Open a found file again; -1 with errno set when it cannot be opened, or
 * ENOENT when its name now holds another file (it is seen next time).
 */
static int reopen(const sn_found *f)
{
    int fd = open(f->path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    struct stat st;
    if (fd >= 0 && (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
                    (uint64_t)st.st_dev != f->seen.dev || (uint64_t)st.st_ino != f->seen.ino)) {
        close(fd);
        fd = -1;
        errno = ENOENT;
    }
    return fd;
}

static int read_at(void *ud, size_t i, int64_t off, void *buf, size_t len)
{
    sn_engine *e = ud;
    int fd = reopen(&e->found[i]);
    ssize_t n = fd >= 0 ? pread(fd, buf, len, off) : -1;
    if (fd >= 0)
        close(fd);
    return n == (ssize_t)len ? 0 : -1;
}

static int stop_requested(const sn_engine *e)
{
    return e->stop && atomic_load(e->stop);
}

/* Read exactly len bytes at off (fewer only at the end of the file); -1 on error. */
static ssize_t pread_full(int fd, char *buf, size_t len, int64_t off)
{
    size_t got = 0;
    while (got < len) {
        ssize_t n = pread(fd, buf + got, len - got, off + (int64_t)got);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return -1;
        if (n == 0)
            break;
        got += (size_t)n;
    }
    return (ssize_t)got;
}

/* Commit one slice: the contacts store[n0 ..] read from rec, and rec's new offset. */
static sn_status commit_slice(sn_engine *e, sn_state_file *rec, sn_feed *feed, size_t n0,
                              sn_err *err)
{
    size_t n_lines;
    const long *lines = sn_feed_contact_lines(feed, &n_lines);
    rec->encoding = (int)sn_feed_encoding(feed);
    sn_status rc = sn_state_commit(e->state, rec, &e->store, n0, e->store.n - n0, lines, err);
    sn_feed_clear_lines(feed);
    return rc;
}

/* The anchor: the bytes just before rec->committed. */
static void set_anchor(sn_state_file *rec, int fd, const char *buf, size_t end)
{
    size_t len = rec->committed < SN_STATE_ANCHOR ? (size_t)rec->committed : SN_STATE_ANCHOR;
    if (end >= len) {
        memcpy(rec->anchor, buf + end - len, len);
        rec->anchor_len = len;
    } else {
        ssize_t n = pread(fd, rec->anchor, len, rec->committed - (int64_t)len);
        rec->anchor_len = n == (ssize_t)len ? len : 0;
    }
    if (rec->fp_len < SN_STATE_FP_MAX) { /* the fingerprint grows with the file */
        ssize_t n = pread(fd, rec->fp, SN_STATE_FP_MAX, 0);
        if (n > (ssize_t)rec->fp_len)
            rec->fp_len = (size_t)n;
    }
}

static int grow_buffer(sn_engine *e)
{
    if (e->buf_cap >= READ_SLICE_MAX)
        return -1;
    char *b = realloc(e->buf, e->buf_cap * 2);
    if (!b)
        return -1;
    e->buf = b;
    e->buf_cap *= 2;
    return 0;
}

/* A file that is not read as contacts: stored as ignored, so it is reported once. */
static sn_status ignore_file(sn_engine *e, sn_state_file *rec, int fd, sn_err *err)
{
    rec->format = SN_STATE_IGNORED;
    rec->committed = 0;
    rec->data_start = 0;
    set_anchor(rec, fd, e->buf, 0);
    return sn_state_commit(e->state, rec, &e->store, e->store.n, 0, NULL, err);
}

/* Read a new file's header. *ready = 0 when it is not complete yet. */
static sn_status read_start(sn_engine *e, sn_state_file *rec, sn_found *f, sn_feed *feed,
                            int *ready, sn_err *err)
{
    *ready = 0;
    size_t want = 65536; /* a header is short: read more only when it is not */
    for (;;) {
        if (want > e->buf_cap)
            want = e->buf_cap;
        ssize_t n = pread_full(f->fd, e->buf, want, 0);
        if (n < 0)
            return SN_OK; /* unreadable now; tried again next cycle */
        size_t used;
        sn_status rc = sn_feed_start(feed, e->buf, (size_t)n, &used, err);
        if (rc == SN_EINPUT && !e->diag->strict)
            return ignore_file(e, rec, f->fd, err);
        if (rc != SN_OK)
            return rc;
        if (!sn_feed_ready(feed)) {
            if ((size_t)n == want && want < e->buf_cap) {
                want *= 2;
                continue;
            }
            if ((size_t)n == e->buf_cap && grow_buffer(e) == 0) {
                want = e->buf_cap;
                continue;
            }
            if ((size_t)n == e->buf_cap) {
                sn_diag_emit(e->diag, SN_ERROR, f->path, 1, 1,
                             "no header line in the first %zu bytes; not followed", e->buf_cap);
                return ignore_file(e, rec, f->fd, err);
            }
            return SN_OK;
        }
        if (sn_feed_kind(feed) != SN_INPUT_CONTACTS) {
            sn_diag_emit(e->diag, SN_NOTE, f->path, 0, 0,
                         "an actors file; not followed as contacts (give it with %s)",
                         sn_opt_shown("actors"));
            return ignore_file(e, rec, f->fd, err);
        }
        size_t hlen;
        const char *h = sn_feed_header(feed, &hlen);
        rec->format = sn_feed_format_of(feed) == SN_FEED_JSONL ? SN_STATE_JSONL : SN_STATE_CSV;
        free(rec->header);
        rec->header = rec->format == SN_STATE_CSV ? strndup(h, hlen) : NULL;
        if (rec->format == SN_STATE_CSV && !rec->header)
            return sn_err_set(err, SN_ENOMEM, "out of memory");
        rec->data_start = (int64_t)used;
        rec->committed = (int64_t)used;
        rec->lines = sn_feed_lines(feed);
        set_anchor(rec, f->fd, e->buf, used);
        *ready = 1;
        return SN_OK;
    }
}

/* Read what is new in one file, a slice at a time. */
static sn_status read_file(sn_engine *e, sn_state_file *rec, sn_found *f, sn_err *err)
{
    sn_feed *feed;
    sn_status rc = sn_feed_new(&e->store, f->path, &e->iopts, e->diag, &feed, err);
    if (rc != SN_OK)
        return rc;
    sn_feed_set_encoding(feed, (sn_encoding)rec->encoding); /* as the first bytes decided */
    int dirty = 0; /* rec changed but is not committed yet */
    if (rec->format == SN_STATE_UNREAD) {
        int ready;
        rc = read_start(e, rec, f, feed, &ready, err);
        rec->encoding = (int)sn_feed_encoding(feed);
        if (rc != SN_OK || !ready) {
            sn_feed_free(feed);
            return rc;
        }
        dirty = 1;
    } else {
        const char *h = rec->header ? rec->header : "";
        rc = sn_feed_resume(feed, rec->format == SN_STATE_JSONL ? SN_FEED_JSONL : SN_FEED_CSV, h,
                            strlen(h), rec->lines, err);
        if (rc != SN_OK) {
            sn_feed_free(feed);
            return rc;
        }
    }
    while (rc == SN_OK && !stop_requested(e)) {
        ssize_t n = pread_full(f->fd, e->buf, e->buf_cap, rec->committed);
        if (n <= 0)
            break;
        size_t end = sn_feed_complete(feed, e->buf, (size_t)n);
        if (end == 0) {
            if ((size_t)n < e->buf_cap)
                break; /* a partial last line waits for its newline */
            if (grow_buffer(e) == 0)
                continue;
            sn_diag_emit(e->diag, SN_ERROR, f->path, rec->lines + 1, 1,
                         "a line longer than %zu bytes; the rest of this file is not followed",
                         e->buf_cap);
            rec->format = SN_STATE_IGNORED;
            dirty = 1;
            break;
        }
        size_t n0 = e->store.n;
        long rows0 = e->store.rows_read, rej0 = e->store.rejected, lt0 = e->store.local_times;
        rc = sn_feed_rows(feed, e->buf, end, err);
        if (rc != SN_OK)
            break;
        rec->rows += e->store.rows_read - rows0;
        rec->rejected += e->store.rejected - rej0;
        rec->local_times += e->store.local_times - lt0;
        rec->contacts += (int64_t)(e->store.n - n0);
        rec->committed += (int64_t)end;
        rec->lines = sn_feed_lines(feed);
        set_anchor(rec, f->fd, e->buf, end);
        rc = commit_slice(e, rec, feed, n0, err);
        dirty = 0;
        e->added += (long)(e->store.n - n0);
        e->rows_added += e->store.rows_read - rows0;
        e->rejected_added += e->store.rejected - rej0;
        if ((size_t)n < e->buf_cap)
            break; /* that was all there is */
    }
    rec->encoding = (int)sn_feed_encoding(feed);
    if (rc == SN_OK && dirty)
        rc = sn_state_commit(e->state, rec, &e->store, e->store.n, 0, NULL, err);
    sn_feed_free(feed);
    return rc;
}

/* Update a record's hints (name, device, inode, a longer fingerprint); 1 when changed. */
static int refresh_hints(sn_engine *e, sn_state_file *rec, const sn_found *f)
{
    int changed = 0;
    if (!rec->path || strcmp(rec->path, f->path) != 0) {
        if (rec->path && rec->format != SN_STATE_IGNORED)
            sn_diag_emit(e->diag, SN_NOTE, f->path, 0, 0, "followed on from %s (%s)", rec->path,
                         rec->dev == f->seen.dev && rec->ino == f->seen.ino
                             ? "renamed"
                             : "the same content under another name");
        char *p = strdup(f->path);
        if (p) {
            free(rec->path);
            rec->path = p;
            changed = 1;
        }
    }
    if (rec->dev != f->seen.dev || rec->ino != f->seen.ino) {
        rec->dev = f->seen.dev;
        rec->ino = f->seen.ino;
        changed = 1;
    }
    if (f->seen.fp_len > rec->fp_len) {
        memcpy(rec->fp, f->seen.fp, f->seen.fp_len);
        rec->fp_len = f->seen.fp_len;
        changed = 1;
    }
    return changed;
}

sn_status sni_follow_read(sn_engine *e, sn_err *err)
{
    sn_file_seen *seen = malloc((e->n_found ? e->n_found : 1) * sizeof *seen);
    sn_file_match *match = malloc((e->n_found ? e->n_found : 1) * sizeof *match);
    sn_state_file *fresh = calloc(e->n_found ? e->n_found : 1, sizeof *fresh);
    size_t n_fresh = 0;
    sn_status rc = SN_OK;
    if (!seen || !match || !fresh)
        rc = sn_err_set(err, SN_ENOMEM, "out of memory");
    for (size_t i = 0; rc == SN_OK && i < e->n_found; i++)
        seen[i] = e->found[i].seen;
    if (rc == SN_OK)
        rc = sn_state_identify(e->recs, e->n_recs, seen, e->n_found, read_at, e, match, err);
    for (size_t i = 0; rc == SN_OK && i < e->n_found && !stop_requested(e); i++) {
        sn_found *f = &e->found[i];
        int wants_read =
            match[i].kind == SN_SEEN_NEW || (match[i].kind == SN_SEEN_KNOWN &&
                                             e->recs[match[i].record].format != SN_STATE_IGNORED &&
                                             f->seen.size > e->recs[match[i].record].committed);
        if (wants_read && (f->fd = reopen(f)) < 0) {
            /* renamed or replaced since the scan: the next cycle sees it */
            if (errno != ENOENT && errno != ESTALE && (rc = unopened(e, f->path, errno, err)))
                break;
            continue;
        }
        if (match[i].kind == SN_SEEN_KNOWN) {
            sn_state_file *rec = &e->recs[match[i].record];
            int changed = refresh_hints(e, rec, f);
            if (wants_read)
                rc = read_file(e, rec, f, err);
            else if (changed)
                rc = sn_state_commit(e->state, rec, &e->store, e->store.n, 0, NULL, err);
        } else if (match[i].kind == SN_SEEN_NEW) {
            if (match[i].record >= 0 && first_note(e, f->path, -2 - match[i].record)) {
                const sn_state_file *old = &e->recs[match[i].record];
                sn_diag_emit(e->diag, SN_NOTE, f->path, 0, 0,
                             "%lld bytes, fewer than the %lld read before: truncated; reading it "
                             "again from its start",
                             (long long)f->seen.size, (long long)old->committed);
            }
            sn_state_file *rec = &fresh[n_fresh];
            rec->path = strdup(f->path);
            if (!rec->path) {
                rc = sn_err_set(err, SN_ENOMEM, "out of memory");
                break;
            }
            rec->dev = f->seen.dev;
            rec->ino = f->seen.ino;
            memcpy(rec->fp, f->seen.fp, f->seen.fp_len);
            rec->fp_len = f->seen.fp_len;
            rec->format = SN_STATE_UNREAD;
            n_fresh++;
            rc = read_file(e, rec, f, err);
        } else if (match[i].kind == SN_SEEN_COPY && first_note(e, f->path, match[i].record)) {
            sn_diag_emit(e->diag, SN_NOTE, f->path, 0, 0,
                         "the same content as %s, already read; not read again",
                         e->recs[match[i].record].path);
        }
        /* one file open at a time: a folder may hold more files than descriptors */
        if (f->fd >= 0)
            close(f->fd);
        f->fd = -1;
    }
    if (rc == SN_OK && !stop_requested(e))
        unopened_sweep(e);
    /* Keep the new records that were committed; the others are looked at again next time. */
    for (size_t i = 0; i < n_fresh; i++) {
        if (fresh[i].id == 0 || rc != SN_OK) {
            sn_state_file_clear(&fresh[i]);
            continue;
        }
        if (e->n_recs == e->cap_recs) {
            size_t cap = e->cap_recs ? e->cap_recs * 2 : 16;
            sn_state_file *v = realloc(e->recs, cap * sizeof *v);
            if (!v) {
                sn_state_file_clear(&fresh[i]);
                rc = sn_err_set(err, SN_ENOMEM, "out of memory");
                continue;
            }
            e->recs = v;
            e->cap_recs = cap;
        }
        e->recs[e->n_recs++] = fresh[i];
    }
    /* No descriptor is kept between cycles: a deleted file is released at once. */
    for (size_t i = 0; i < e->n_found; i++) {
        if (e->found[i].fd >= 0)
            close(e->found[i].fd);
        e->found[i].fd = -1;
    }
    free(seen);
    free(match);
    free(fresh);
    return rc;
}
