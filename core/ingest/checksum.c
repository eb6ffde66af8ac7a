/*
 * checksum.c - the input files' SHA-256 (OpenSSL libcrypto) and sizes, for the
 * reports' provenance. A thread of its own reads each file while the readers
 * parse it, so ingest does not wait for the hashing (the second read comes
 * from the page cache). The bytes hashed are those on disk: compressed ones
 * for gzip. Standard input and pipes are read once, by the readers: they are
 * listed without a checksum.
 */
#include <openssl/evp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ingest_internal.h"

struct sni_hashing {
    pthread_t thread;
    int started;
    size_t n;
    sn_input_file *files;
    char **paths; /* NULL: not hashed */
};

void sni_hash_file(sn_input_file *f, const char *path)
{
    FILE *in = fopen(path, "rb");
    if (!in)
        return;
    EVP_MD_CTX *md = EVP_MD_CTX_new();
    unsigned char *buf = malloc(1 << 20);
    int ok = md && buf && EVP_DigestInit_ex(md, EVP_sha256(), NULL) == 1;
    long long bytes = 0;
    size_t got;
    while (ok && (got = fread(buf, 1, 1 << 20, in)) > 0) {
        if (bytes == 0 && got >= 2 && buf[0] == 0x1f && buf[1] == 0x8b)
            f->compressed = 1;
        bytes += (long long)got;
        ok = EVP_DigestUpdate(md, buf, got) == 1;
    }
    unsigned char digest[EVP_MAX_MD_SIZE];
    unsigned int len = 0;
    if (ok && !ferror(in) && EVP_DigestFinal_ex(md, digest, &len) == 1 && len == 32) {
        for (unsigned i = 0; i < len; i++)
            snprintf(f->sha256 + 2 * i, 3, "%02x", digest[i]);
        f->bytes = bytes;
    }
    EVP_MD_CTX_free(md);
    free(buf);
    fclose(in);
}

static void *hash_all(void *arg)
{
    sni_hashing *h = arg;
    for (size_t i = 0; i < h->n; i++)
        if (h->paths[i])
            sni_hash_file(&h->files[i], h->paths[i]);
    return NULL;
}

sni_hashing *sni_hash_start(const job *jobs, size_t n)
{
    sni_hashing *h = calloc(1, sizeof *h);
    if (!h)
        return NULL;
    h->files = calloc(n ? n : 1, sizeof *h->files);
    h->paths = calloc(n ? n : 1, sizeof *h->paths);
    if (!h->files || !h->paths) {
        sni_hash_finish(h, NULL);
        return NULL;
    }
    h->n = n;
    /* actors files first, then contacts files, as they are read */
    size_t k = 0;
    for (int phase = 0; phase < 2; phase++)
        for (size_t i = 0; i < n; i++) {
            if (jobs[i].kind != (phase == 0 ? SN_INPUT_ACTORS : SN_INPUT_CONTACTS))
                continue;
            sn_input_file *f = &h->files[k];
            f->bytes = -1;
            f->name = strdup(jobs[i].name);
            if (!jobs[i].is_stdin)
                h->paths[k] = strdup(jobs[i].path);
            k++;
        }
    h->n = k;
    h->started = pthread_create(&h->thread, NULL, hash_all, h) == 0;
    if (!h->started)
        hash_all(h);
    return h;
}

void sni_hash_finish(sni_hashing *h, sn_store *st)
{
    if (!h)
        return;
    if (h->started)
        pthread_join(h->thread, NULL);
    size_t moved = 0;
    if (st && h->files) {
        sn_input_file *v = realloc(st->input_files, (st->n_input_files + h->n + 1) * sizeof *v);
        if (v) {
            st->input_files = v;
            for (size_t i = 0; i < h->n; i++)
                if (h->files[i].name)
                    v[st->n_input_files++] = h->files[i];
            moved = 1;
        }
    }
    for (size_t i = 0; i < h->n; i++) {
        if (!moved)
            free(h->files[i].name);
        free(h->paths[i]);
    }
    free(h->files);
    free(h->paths);
    free(h);
}
