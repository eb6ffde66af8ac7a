/*
 * privacy.c - profiles, keys and keyed pseudonyms (samnett/privacy.h), with
 * libsodium's HMAC-SHA256 and random bytes.
 */
#include "samnett/privacy.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

sn_status sn_privacy_profile_parse(const char *name, sn_privacy_profile *out, sn_err *err)
{
    if (strcasecmp(name, "internal") == 0)
        *out = SN_PRIVACY_INTERNAL;
    else if (strcasecmp(name, "shared") == 0)
        *out = SN_PRIVACY_SHARED;
    else
        return sn_err_set(err, SN_EUSAGE,
                          "--privacy: unknown profile '%.80s' (expected internal or shared)", name);
    return SN_OK;
}

const char *sn_privacy_profile_name(sn_privacy_profile p)
{
    return p == SN_PRIVACY_SHARED ? "shared" : "internal";
}

static sn_status sodium_ready(sn_err *err)
{
    if (sodium_init() < 0)
        return sn_err_set(err, SN_EANALYSIS, "cannot start libsodium");
    return SN_OK;
}

sn_status sn_privacy_key_new(const char *path, sn_err *err)
{
    if (sodium_ready(err) != SN_OK)
        return err->code;
    unsigned char key[SN_PRIVACY_KEY_BYTES];
    randombytes_buf(key, sizeof key);
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
        int e = errno;
        sodium_memzero(key, sizeof key);
        return sn_err_set(err, e == EEXIST ? SN_EUSAGE : SN_EIO,
                          "%.300s: cannot create the key file: %s%s", path, strerror(e),
                          e == EEXIST ? " (a key is never written over; remove it first)" : "");
    }
    size_t done = 0;
    while (done < sizeof key) {
        ssize_t w = write(fd, key + done, sizeof key - done);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            break;
        done += (size_t)w;
    }
    sodium_memzero(key, sizeof key);
    int e = errno;
    if (done < sizeof key || fsync(fd) != 0 || close(fd) != 0) {
        if (done < sizeof key)
            close(fd);
        unlink(path);
        return sn_err_set(err, SN_EIO, "%.300s: cannot write the key file: %s", path,
                          strerror(e ? e : EIO));
    }
    return SN_OK;
}

sn_status sn_privacy_key_load(sn_privacy *p, const char *path, sn_err *err)
{
    if (sodium_ready(err) != SN_OK)
        return err->code;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return sn_err_set(err, SN_EUSAGE,
                          "--pseudonym-key: %.300s: cannot open: %s; expected a key file "
                          "(make one with `samnett key new FILE`)",
                          path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        close(fd);
        return sn_err_set(err, SN_EUSAGE,
                          "--pseudonym-key: %.300s: not a regular file; expected a key file of "
                          "%d bytes (make one with `samnett key new FILE`)",
                          path, SN_PRIVACY_KEY_BYTES);
    }
    if (st.st_size != SN_PRIVACY_KEY_BYTES) {
        close(fd);
        return sn_err_set(err, SN_EUSAGE,
                          "--pseudonym-key: %.300s: %lld bytes, expected a key of %d bytes "
                          "(make one with `samnett key new FILE`)",
                          path, (long long)st.st_size, SN_PRIVACY_KEY_BYTES);
    }
    size_t done = 0;
    while (done < SN_PRIVACY_KEY_BYTES) {
        ssize_t r = read(fd, p->key + done, SN_PRIVACY_KEY_BYTES - done);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0)
            break;
        done += (size_t)r;
    }
    close(fd);
    if (done != SN_PRIVACY_KEY_BYTES) {
        sodium_memzero(p->key, sizeof p->key);
        return sn_err_set(err, SN_EUSAGE, "--pseudonym-key: %.300s: cannot read the key", path);
    }
    p->has_key = 1;
    p->key_file = path;
    return SN_OK;
}

/* Crockford's base 32 in lower case: no i, l, o or u, which are read for 1, 0 and v. */
static const char alphabet[33] = "0123456789abcdefghjkmnpqrstvwxyz";

/*
 * The HMAC state once keyed (the key's inner and outer pads hashed), per
 * thread, for the key it was keyed with: each pseudonym starts from a copy
 * instead of hashing the pads again (two of the four SHA-256 blocks an id
 * costs). It holds a copy of the key while the thread lives, as sn_privacy does.
 */
static _Thread_local struct {
    int ready;
    unsigned char key[SN_PRIVACY_KEY_BYTES];
    crypto_auth_hmacsha256_state keyed;
} hmac_cache;

void sn_privacy_pseudonym(const sn_privacy *p, const char *ns, const char *id, size_t len,
                          char out[SN_PSEUDONYM_MAX])
{
    if (!hmac_cache.ready || sodium_memcmp(hmac_cache.key, p->key, sizeof p->key) != 0) {
        memcpy(hmac_cache.key, p->key, sizeof p->key);
        crypto_auth_hmacsha256_init(&hmac_cache.keyed, p->key, sizeof p->key);
        hmac_cache.ready = 1;
    }
    crypto_auth_hmacsha256_state st = hmac_cache.keyed;
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)ns, strlen(ns));
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)":", 1);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)id, len);
    crypto_auth_hmacsha256_final(&st, mac);
    /* the first 128 bits, 5 at a time (26 characters, the last with 3 bits) */
    size_t o = 0;
    out[o++] = ns[0];
    out[o++] = '-';
    unsigned acc = 0;
    int bits = 0;
    for (int i = 0; i < 16; i++) {
        acc = (acc << 8) | mac[i];
        bits += 8;
        while (bits >= 5) {
            out[o++] = alphabet[(acc >> (bits - 5)) & 31];
            bits -= 5;
        }
    }
    if (bits > 0)
        out[o++] = alphabet[(acc << (5 - bits)) & 31];
    out[o] = '\0';
    sodium_memzero(&st, sizeof st);
}

int sn_privacy_map_id(void *ud, const char *ns, const char *id, size_t len, char *out)
{
    sn_privacy_pseudonym(ud, ns, id, len, out);
    return 1;
}

int sn_privacy_map_case(void *ud, const char *ns, const char *id, size_t len, char *out)
{
    if (strcmp(ns, "case") != 0)
        return 0;
    sn_privacy_pseudonym(ud, ns, id, len, out);
    return 1;
}

void sn_privacy_fingerprint(const sn_privacy *p, char out[SN_PSEUDONYM_MAX])
{
    static const char what[] = "samnett key fingerprint";
    char full[SN_PSEUDONYM_MAX];
    sn_privacy_pseudonym(p, "key", what, sizeof what - 1, full);
    /* "k-" and the first 16 characters (80 bits): enough to tell keys apart */
    snprintf(out, SN_PSEUDONYM_MAX, "k1-%.16s", full + 2);
}

void sn_privacy_derive_key(const sn_privacy *p, const char *what, unsigned char out[32])
{
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, p->key, sizeof p->key);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)"samnett ", 8);
    crypto_auth_hmacsha256_update(&st, (const unsigned char *)what, strlen(what));
    crypto_auth_hmacsha256_final(&st, out);
    sodium_memzero(&st, sizeof st);
}

const char *sn_privacy_pseudonyms_name(const sn_privacy *p)
{
    return p->key_file ? "keyed" : p->profile == SN_PRIVACY_SHARED ? "one-off key" : "none";
}

const char *sn_privacy_case_ids_name(const sn_privacy *p)
{
    return p->key_file || p->profile == SN_PRIVACY_SHARED || p->case_ids_salted ? "pseudonymised"
                                                                                : "numbered";
}

int sn_privacy_suppressed(const sn_privacy *p, double x)
{
    return p && p->min_cell > 0 && x > 0 && x < (double)p->min_cell;
}
