/*
 * fuzz_common.h - shared by the libFuzzer harnesses of tests/fuzz: a private
 * temporary folder (removed at exit), writing an input into a file there
 * (plain or gzip), and a sink for diagnostics.
 *
 * A harness is fuzz_<name>.c defining LLVMFuzzerTestOneInput; its seed
 * corpus is corpus/<name>/. Each run must be deterministic, free everything
 * it allocates and write files only into fuzz_dir().
 */
#ifndef SN_FUZZ_COMMON_H
#define SN_FUZZ_COMMON_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

static char fuzz_dir_path[512];

static inline void fuzz_dir_remove(void)
{
    DIR *d = opendir(fuzz_dir_path);
    if (!d)
        return;
    struct dirent *e;
    char p[1024];
    while ((e = readdir(d)) != NULL) {
        if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
            continue;
        snprintf(p, sizeof p, "%s/%s", fuzz_dir_path, e->d_name);
        unlink(p);
    }
    closedir(d);
    rmdir(fuzz_dir_path);
}

/* A folder of this process's own under TMPDIR (or /tmp), made on first use. */
static inline const char *fuzz_dir(void)
{
    if (!fuzz_dir_path[0]) {
        const char *t = getenv("TMPDIR");
        snprintf(fuzz_dir_path, sizeof fuzz_dir_path, "%s/samnett-fuzz-XXXXXX",
                 t && *t ? t : "/tmp");
        if (!mkdtemp(fuzz_dir_path)) {
            perror("fuzz: mkdtemp");
            abort();
        }
        atexit(fuzz_dir_remove);
    }
    return fuzz_dir_path;
}

/* Write data[0..len) into fuzz_dir()/name (gzip-compressed when gz); the full path into path. */
static inline void fuzz_write(const char *name, const uint8_t *data, size_t len, int gz, char *path,
                              size_t cap)
{
    snprintf(path, cap, "%s/%s", fuzz_dir(), name);
    if (gz) {
        gzFile g = gzopen(path, "wb");
        if (!g || (len && gzwrite(g, data, (unsigned)len) != (int)len) || gzclose(g) != Z_OK) {
            fprintf(stderr, "fuzz: cannot write %s\n", path);
            abort();
        }
        return;
    }
    FILE *f = fopen(path, "wb");
    if (!f || (len && fwrite(data, 1, len, f) != len) || fclose(f) != 0) {
        fprintf(stderr, "fuzz: cannot write %s\n", path);
        abort();
    }
}

/* Where diagnostics go: /dev/null, or stderr when SN_FUZZ_VERBOSE is set. */
static inline FILE *fuzz_diag_out(void)
{
    static FILE *out;
    if (!out)
        out = getenv("SN_FUZZ_VERBOSE") ? stderr : fopen("/dev/null", "w");
    return out;
}

/* Stop with a message: libFuzzer saves the input as a crash. */
#define FUZZ_CHECK(cond, ...)                                                                      \
    do {                                                                                           \
        if (!(cond)) {                                                                             \
            fprintf(stderr, "fuzz check failed: %s: ", #cond);                                     \
            fprintf(stderr, __VA_ARGS__);                                                          \
            fputc('\n', stderr);                                                                   \
            abort();                                                                               \
        }                                                                                          \
    } while (0)

#endif
