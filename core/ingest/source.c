/* source.c - gz-backed buffered input, CSV tokenizer and UTF-8 validation. */
#include "source.h"
#include "samnett/ingest.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#define SRC_BUF (256u * 1024u)

sni_src_kind sni_src_kind_of(const struct stat *st)
{
    if (S_ISFIFO(st->st_mode) || S_ISSOCK(st->st_mode))
        return SNI_SRC_STREAM;
    if (S_ISCHR(st->st_mode) || S_ISBLK(st->st_mode)) {
        struct stat null;
        return S_ISCHR(st->st_mode) && stat("/dev/null", &null) == 0 && S_ISCHR(null.st_mode) &&
                       st->st_rdev == null.st_rdev
                   ? SNI_SRC_STREAM /* read as empty input */
                   : SNI_SRC_DEVICE;
    }
    return SNI_SRC_FILE;
}

/* ---- paths of one file ---- */

typedef struct alias_id {
    dev_t dev;
    ino_t ino;
    size_t i;
    int ok, symlink;
} alias_id;

static int by_file(const void *a, const void *b)
{
    const alias_id *x = a, *y = b;
    if (x->ok != y->ok)
        return x->ok ? -1 : 1;
    if (x->dev != y->dev)
        return x->dev < y->dev ? -1 : 1;
    if (x->ino != y->ino)
        return x->ino < y->ino ? -1 : 1;
    return x->i < y->i ? -1 : x->i > y->i;
}

/* 1 when a and b read the same bytes (through zlib: a plain file reads as it is). */
static int same_content(const char *a, const char *b)
{
    gzFile ga = gzopen(a, "rb"), gb = gzopen(b, "rb");
    char *ba = malloc(65536), *bb = malloc(65536);
    int same = ga && gb && ba && bb;
    while (same) {
        int na = gzread(ga, ba, 65536), nb = gzread(gb, bb, 65536);
        same = na == nb && na >= 0 && memcmp(ba, bb, (size_t)(na > 0 ? na : 0)) == 0;
        if (na <= 0)
            break;
    }
    if (ga)
        gzclose(ga);
    if (gb)
        gzclose(gb);
    free(ba);
    free(bb);
    return same;
}

const char *sn_ingest_link_kind(const char *a, const char *b)
{
    char *ra = realpath(a, NULL), *rb = realpath(b, NULL);
    int same = ra && rb && strcmp(ra, rb) == 0;
    free(ra);
    free(rb);
    return same ? "the same path" : "a hard link";
}

int sni_src_aliases(const char *const *paths, const char *const *names, size_t n, sn_diag *diag,
                    long *of)
{
    alias_id *ids = malloc((n ? n : 1) * sizeof *ids);
    if (!ids)
        return -1;
    for (size_t i = 0; i < n; i++) {
        struct stat st, lst;
        of[i] = -1;
        ids[i] = (alias_id){0, 0, i, 0, 0};
        if (strcmp(paths[i], "-") == 0 || stat(paths[i], &st) != 0 ||
            !(S_ISREG(st.st_mode) || S_ISFIFO(st.st_mode)))
            continue;
        ids[i] = (alias_id){st.st_dev, st.st_ino, i, 1,
                            lstat(paths[i], &lst) == 0 && S_ISLNK(lst.st_mode)};
    }
    qsort(ids, n, sizeof *ids, by_file);
    for (size_t g = 0; g < n && ids[g].ok;) {
        size_t h = g + 1;
        while (h < n && ids[h].ok && ids[h].dev == ids[g].dev && ids[h].ino == ids[g].ino)
            h++;
        size_t keep = g;
        while (keep < h && ids[keep].symlink)
            keep++;
        if (keep == h)
            keep = g;
        for (size_t k = g; k < h; k++) {
            if (k == keep)
                continue;
            size_t a = ids[k].i, b = ids[keep].i;
            of[a] = (long)b;
            sn_diag_emit(diag, SN_NOTE, names[a], 0, 0,
                         "the same file as %s (%s); read once, under that name", names[b],
                         ids[k].symlink ? "a symbolic link"
                                        : sn_ingest_link_kind(paths[a], paths[b]));
        }
        g = h;
    }
    free(ids);
    /* X.gz beside X with the same content once decompressed */
    for (size_t i = 0; i < n; i++) {
        size_t len = strlen(paths[i]);
        if (of[i] >= 0 || len < 4 || strcasecmp(paths[i] + len - 3, ".gz") != 0)
            continue;
        for (size_t j = 0; j < n; j++) {
            if (j == i || strlen(paths[j]) != len - 3 || strncmp(paths[j], paths[i], len - 3) != 0)
                continue;
            long to = of[j] >= 0 ? of[j] : (long)j;
            struct stat st, st2;
            if (stat(paths[to], &st) != 0 || !S_ISREG(st.st_mode) || stat(paths[i], &st2) != 0 ||
                !S_ISREG(st2.st_mode) || !same_content(paths[i], paths[to]))
                break;
            of[i] = to;
            sn_diag_emit(diag, SN_NOTE, names[i], 0, 0,
                         "the same content as %s, compressed; read once, as %s", names[to],
                         names[to]);
            break;
        }
    }
    return 0;
}

int sni_src_open(sni_src *s, const char *path, const char *name)
{
    memset(s, 0, sizeof *s);
    s->name = name;
    int fd = strcmp(path, "-") == 0 ? dup(STDIN_FILENO) : open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat st;
    if (fstat(fd, &st) == 0) {
        if (S_ISDIR(st.st_mode)) {
            close(fd);
            errno = EISDIR;
            return -1;
        }
        if (S_ISREG(st.st_mode))
            s->size = st.st_size;
    }
    s->gz = gzdopen(fd, "rb");
    s->buf = malloc(SRC_BUF);
    if (!s->gz || !s->buf) {
        if (s->gz)
            gzclose(s->gz);
        else
            close(fd);
        free(s->buf);
        errno = ENOMEM;
        return -1;
    }
    gzbuffer(s->gz, SRC_BUF);
    s->line = 1;
    s->cd = (iconv_t)-1;
    return 0;
}

static const char *iconv_name(int enc)
{
    return enc == SN_ENC_LATIN1 ? "ISO-8859-1" : "WINDOWS-1252";
}

int sni_src_set_encoding(sni_src *s, int enc)
{
    s->enc = enc;
    s->enc_forced = enc != SN_ENC_AUTO;
    if (enc == SN_ENC_CP1252 || enc == SN_ENC_LATIN1) {
        s->raw = malloc(SRC_BUF);
        if (!s->raw)
            return -1;
        s->cd = iconv_open("UTF-8", iconv_name(enc));
        if (s->cd == (iconv_t)-1)
            return -1;
    }
    return 0;
}

void sni_src_open_mem(sni_src *s, const char *data, size_t len, const char *name, long first_line)
{
    memset(s, 0, sizeof *s);
    s->name = name;
    s->buf = (unsigned char *)(uintptr_t)data; /* only ever read */
    s->len = len;
    s->eof = 1;
    s->borrowed = 1;
    s->gz_eof = 1;
    s->cd = (iconv_t)-1;
    s->line = first_line;
    s->size = (long long)len;
}

void sni_src_close(sni_src *s)
{
    if (s->gz)
        gzclose(s->gz);
    if (!s->borrowed)
        free(s->buf);
    if (s->raw && s->cd != (iconv_t)-1)
        iconv_close(s->cd);
    free(s->raw);
    s->cd = (iconv_t)-1;
    s->raw = NULL;
    s->gz = NULL;
    s->buf = NULL;
}

static int fill(sni_src *s);

int sni_src_head(sni_src *s, const char **data, size_t *len)
{
    while (!s->eof && s->len < SRC_BUF && fill(s))
        ;
    *data = (const char *)s->buf;
    *len = s->len;
    return s->eof;
}

long long sni_src_offset(sni_src *s)
{
    return s->gz ? (long long)gzoffset(s->gz) : 0;
}

/* Read up to cap bytes from the file into dst; 0 at its end or on an error (noted in s). */
static size_t read_raw(sni_src *s, unsigned char *dst, size_t cap)
{
    if (s->gz_eof)
        return 0;
    int n = gzread(s->gz, dst, (unsigned)cap);
    if (n <= 0) {
        int errnum = 0;
        const char *msg = gzerror(s->gz, &errnum);
        if (n < 0 || (errnum != Z_OK && errnum != Z_STREAM_END)) {
            s->io_error = 1;
            /* zlib prefixes its messages with "<fd:N>: "; the file name is shown anyway */
            const char *m = errnum == Z_ERRNO ? strerror(errno) : msg;
            const char *colon = m[0] == '<' ? strstr(m, ">: ") : NULL;
            snprintf(s->io_msg, sizeof s->io_msg, "%s", colon ? colon + 3 : m);
        }
        s->gz_eof = 1;
        return 0;
    }
    return (size_t)n;
}

/*
 * Convert raw bytes into buf[len, SRC_BUF). A byte with no character in the
 * encoding is passed on unchanged (it is not UTF-8, so its row is rejected
 * with its position). Returns the bytes added.
 */
static size_t convert(sni_src *s)
{
    char *in = (char *)s->raw + s->raw_pos, *out = (char *)s->buf + s->len;
    size_t in_left = s->raw_len - s->raw_pos, out_left = SRC_BUF - s->len;
    while (in_left && out_left >= 4) {
        size_t r = iconv(s->cd, &in, &in_left, &out, &out_left);
        if (r != (size_t)-1 || errno == E2BIG)
            break;
        /* EILSEQ or EINVAL: a byte with no character */
        *out++ = *in++;
        in_left--;
        out_left--;
    }
    size_t added = (size_t)(out - ((char *)s->buf + s->len));
    s->raw_pos = s->raw_len - in_left;
    s->len += added;
    return added;
}

int sni_enc_sniff(const unsigned char *p, size_t len, size_t *at, int at_end)
{
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, p + i, 8);
        if (w & 0x8080808080808080ull)
            break;
    }
    while (i < len && p[i] < 0x80)
        i++;
    *at = i;
    if (i == len)
        return SN_ENC_AUTO;
    /* one UTF-8 sequence; cut off by the end of p: not UTF-8 at the end of the
       input, else undecided (SN_ENC_AUTO with *at before len) */
    unsigned char c = p[i];
    size_t need = c >= 0xC2 && c <= 0xDF   ? 1
                  : c >= 0xE0 && c <= 0xEF ? 2
                  : c >= 0xF0 && c <= 0xF4 ? 3
                                           : 0;
    if (!need)
        return SN_ENC_CP1252;
    for (size_t k = 1; k <= need && i + k < len; k++) {
        unsigned char d = p[i + k];
        if ((d & 0xC0) != 0x80)
            return SN_ENC_CP1252;
        if (k == 1 && ((c == 0xE0 && d < 0xA0) || (c == 0xED && d > 0x9F) ||
                       (c == 0xF0 && d < 0x90) || (c == 0xF4 && d > 0x8F)))
            return SN_ENC_CP1252;
    }
    if (i + need >= len)
        return at_end ? SN_ENC_CP1252 : SN_ENC_AUTO;
    return SN_ENC_UTF8;
}

int sni_enc_to_utf8(int enc, const char *in, size_t len, char **out, size_t *out_len)
{
    iconv_t cd = iconv_open("UTF-8", iconv_name(enc));
    char *buf = malloc(len * 3 + 1);
    if (cd == (iconv_t)-1 || !buf) {
        if (cd != (iconv_t)-1)
            iconv_close(cd);
        free(buf);
        return -1;
    }
    char *ip = (char *)(uintptr_t)in, *op = buf;
    size_t il = len, ol = len * 3;
    while (il) {
        if (iconv(cd, &ip, &il, &op, &ol) != (size_t)-1)
            break;
        *op++ = *ip++; /* a byte with no character, passed on */
        il--;
        ol--;
    }
    iconv_close(cd);
    *op = '\0';
    *out = buf;
    *out_len = (size_t)(op - buf);
    return 0;
}

const char *sni_enc_bad_byte(int enc, int forced, unsigned char b, char *buf, size_t cap)
{
    if (b == 0)
        snprintf(buf, cap, "a NUL byte; expected text");
    else if (enc == SN_ENC_CP1252)
        snprintf(buf, cap,
                 "byte 0x%02X is not a character in Windows-1252 (the file was read as "
                 "Windows-1252%s) nor valid UTF-8; expected text in one encoding",
                 b, forced ? ", as --encoding says" : ": its first non-ASCII bytes are not UTF-8");
    else if (enc == SN_ENC_LATIN1)
        snprintf(buf, cap, "byte 0x%02X: not text; expected text", b);
    else
        snprintf(buf, cap,
                 "invalid UTF-8 (byte 0x%02X); expected UTF-8 text (try --encoding windows-1252)",
                 b);
    return buf;
}

/*
 * Refill the buffer. Unconsumed bytes [pos, len) move to the front first, so a
 * record that straddles two reads can still be seen whole. Bytes in
 * Windows-1252 or ISO-8859-1 become UTF-8 on the way. Returns 0 when nothing
 * could be added (end of input, an error, or a full buffer).
 */
static int fill(sni_src *s)
{
    if (s->eof)
        return 0;
    size_t keep = s->len - s->pos;
    if (keep == SRC_BUF || (s->cd != (iconv_t)-1 && SRC_BUF - keep < 4))
        return 0;
    if (keep && s->pos)
        memmove(s->buf, s->buf + s->pos, keep);
    s->pos = 0;
    s->len = keep;
    if (s->cd != (iconv_t)-1) {
        if (s->raw_pos == s->raw_len) {
            s->raw_pos = 0;
            s->raw_len = read_raw(s, s->raw, SRC_BUF);
        }
        if (s->raw_pos == s->raw_len) {
            s->eof = 1;
            return 0;
        }
        return convert(s) > 0;
    }
    /* while the encoding is open, 3 bytes are kept free to finish a cut-off sequence */
    int open = s->enc == SN_ENC_AUTO && s->gz;
    size_t room = SRC_BUF - keep, want = open && room > 3 ? room - 3 : room;
    size_t n = read_raw(s, s->buf + keep, want);
    if (n == 0) {
        s->eof = 1;
        return 0;
    }
    if (open) {
        size_t at;
        int e = sni_enc_sniff(s->buf + keep, n, &at, n < want);
        if (e == SN_ENC_AUTO && at < n && want < room) /* cut off: read what finishes it */
            n += read_raw(s, s->buf + keep + n, room - want);
    }
    s->len = keep + n;
    if (open) {
        size_t at;
        int e = sni_enc_sniff(s->buf + keep, n, &at, n < room);
        if (e == SN_ENC_AUTO && at < n)
            e = SN_ENC_UTF8; /* a full buffer cut inside its first sequence: as before */
        if (e == SN_ENC_UTF8) {
            s->enc = SN_ENC_UTF8;
        } else if (e == SN_ENC_CP1252) {
            /* the bytes from the first non-ASCII one on are converted */
            s->enc = SN_ENC_CP1252;
            s->raw = malloc(SRC_BUF);
            if (s->raw)
                s->cd = iconv_open("UTF-8", iconv_name(SN_ENC_CP1252));
            if (s->cd == (iconv_t)-1 || !s->raw) {
                s->io_error = 1;
                snprintf(s->io_msg, sizeof s->io_msg, "cannot convert from Windows-1252: %s",
                         strerror(errno ? errno : ENOMEM));
                s->eof = 1;
                return 1;
            }
            s->raw_pos = 0;
            s->raw_len = n - at;
            memcpy(s->raw, s->buf + keep + at, s->raw_len);
            s->len = keep + at;
            convert(s);
        }
    }
    return 1;
}

static inline int next_byte(sni_src *s)
{
    if (s->pos == s->len && !fill(s))
        return -1;
    int c = s->buf[s->pos++];
    if (c == '\n') {
        s->line++;
        s->col = 0;
    } else if ((c & 0xC0) != 0x80) {
        s->col++;
    }
    return c;
}

static inline int peek_byte(sni_src *s)
{
    if (s->pos == s->len && !fill(s))
        return -1;
    return s->buf[s->pos];
}

void sni_src_skip_bom(sni_src *s)
{
    if (s->pos == s->len && !fill(s))
        return;
    /* The BOM could straddle a buffer boundary only in a 1- or 2-byte read; gzread fills. */
    if (s->len - s->pos >= 3 && memcmp(s->buf + s->pos, "\xEF\xBB\xBF", 3) == 0)
        s->pos += 3;
}

int sni_src_peek_nonspace(sni_src *s)
{
    for (;;) {
        int c = peek_byte(s);
        if (c < 0)
            return -1;
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
            return c;
        next_byte(s);
    }
}

char sni_csv_sniff(sni_src *s)
{
    if (s->pos == s->len && !fill(s))
        return ',';
    size_t counts[3] = {0, 0, 0};
    const char delims[3] = {',', ';', '\t'};
    int quoted = 0;
    for (size_t i = s->pos; i < s->len && (quoted || s->buf[i] != '\n'); i++) {
        if (s->buf[i] == '"')
            quoted = !quoted;
        else if (!quoted)
            for (int d = 0; d < 3; d++)
                counts[d] += s->buf[i] == (unsigned char)delims[d];
    }
    int best = 0;
    for (int d = 1; d < 3; d++)
        if (counts[d] > counts[best])
            best = d;
    return delims[best];
}

void sni_csv_init(sni_csv *c, sni_src *src, char delim, size_t max_field)
{
    memset(c, 0, sizeof *c);
    c->src = src;
    c->delim = delim;
    c->max_field = max_field;
}

void sni_csv_free(sni_csv *c)
{
    free(c->buf);
    free(c->fields);
}

static void problem(sni_csv *c, long line, long col, const char *msg)
{
    if (c->problem)
        return;
    c->problem = 1;
    c->prob_line = line;
    c->prob_col = col;
    snprintf(c->prob_msg, sizeof c->prob_msg, "%s", msg);
}

static int put(sni_csv *c, int ch)
{
    if (c->buf_len + 2 > c->buf_cap) {
        size_t cap = c->buf_cap ? c->buf_cap * 2 : 4096;
        char *b = realloc(c->buf, cap);
        if (!b)
            return -1;
        c->buf = b;
        c->buf_cap = cap;
    }
    c->buf[c->buf_len++] = (char)ch;
    return 0;
}

static int begin_field(sni_csv *c, long line, long col)
{
    c->n_total++;
    if (c->dropping || (c->max_fields && c->n_fields >= c->max_fields)) {
        c->dropping = 1;
        return 0;
    }
    if (c->n_fields == c->cap_fields) {
        size_t cap = c->cap_fields ? c->cap_fields * 2 : 16;
        sni_field *f = realloc(c->fields, cap * sizeof *f);
        if (!f)
            return -1;
        c->fields = f;
        c->cap_fields = cap;
    }
    sni_field *f = &c->fields[c->n_fields++];
    f->off = c->buf_len;
    f->len = 0;
    f->line = line;
    f->col = col;
    return 0;
}

static int end_field(sni_csv *c)
{
    if (c->dropping)
        return 0;
    sni_field *f = &c->fields[c->n_fields - 1];
    f->len = c->buf_len - f->off;
    return put(c, '\0');
}

/* Append a content byte to the current field, watching the length limit. */
static inline int add(sni_csv *c, int ch)
{
    if (c->dropping)
        return 0;
    sni_field *f = &c->fields[c->n_fields - 1];
    if (ch == 0)
        problem(c, c->src->line, c->src->col, "NUL byte in a field; expected text");
    if (c->buf_len - f->off >= c->max_field) {
        char msg[160];
        snprintf(msg, sizeof msg, "field is longer than %zu bytes; expected a shorter value",
                 c->max_field);
        problem(c, f->line, f->col, msg);
        return 0;
    }
    return put(c, ch);
}

enum { ST_START, ST_UNQUOTED, ST_QUOTED, ST_QUOTE };

/* Word-at-a-time tests: does any byte of w equal zero / have its high bit set? */
#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull
static inline uint64_t has_zero(uint64_t w)
{
    return (w - ONES) & ~w & HIGHS;
}

/*
 * The fast path: a whole line in the buffer, without quotes, NUL bytes or a
 * lone CR. Fields are split with memchr and copied once; columns come from
 * byte offsets (or a character count when the line is not ASCII).
 * Returns 1 with a record, 0 when the slow path must take this line.
 */
static int csv_fast(sni_csv *c)
{
    sni_src *s = c->src;
    const unsigned char *start = s->buf + s->pos;
    size_t avail = s->len - s->pos;
    const unsigned char *nl = memchr(start, '\n', avail);
    if (!nl) {
        if (s->eof || !fill(s))
            return 0;
        start = s->buf + s->pos;
        avail = s->len - s->pos;
        nl = memchr(start, '\n', avail);
        if (!nl)
            return 0;
    }
    size_t len = (size_t)(nl - start);
    /* Scan for quotes, NUL bytes, CR and non-ASCII bytes, eight at a time. */
    const uint64_t quotes = ONES * '"', crs = ONES * '\r';
    uint64_t bad = 0, high = 0;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, start + i, 8);
        bad |= has_zero(w) | has_zero(w ^ quotes) | has_zero(w ^ crs);
        high |= w & HIGHS;
    }
    for (; i < len; i++) {
        unsigned char ch = start[i];
        bad |= ch == 0 || ch == '"' || (ch == '\r' && i + 1 < len);
        high |= ch & 0x80;
    }
    if (bad) {
        /* A CR right before the newline is fine; anything else goes the slow way. */
        if (!(len && start[len - 1] == '\r'))
            return 0;
        for (size_t k = 0; k + 1 < len; k++)
            if (start[k] == 0 || start[k] == '"' || start[k] == '\r')
                return 0;
    }
    size_t body = len && start[len - 1] == '\r' ? len - 1 : len;
    if (body > c->max_field || (c->max_line && body > c->max_line))
        return 0; /* the slow path reports the over-long field or line */
    if (c->buf_cap < body + 64 + body / 2) {
        size_t cap = (body + 64) * 2;
        char *b = realloc(c->buf, cap);
        if (!b)
            return -1;
        c->buf = b;
        c->buf_cap = cap;
    }
    c->buf_len = 0;
    c->n_fields = 0;
    c->n_total = 0;
    c->dropping = 0;
    c->problem = 0;
    c->line = s->line;
    size_t f0 = 0;
    for (;;) {
        const unsigned char *d = memchr(start + f0, (unsigned char)c->delim, body - f0);
        size_t f1 = d ? (size_t)(d - start) : body;
        if (c->max_fields && c->n_fields >= c->max_fields)
            return 0; /* the slow path counts the fields it does not keep */
        long col = 1 + (long)f0;
        if (high)
            col = 1 + (long)sni_utf8_chars((const char *)start, f0);
        if (begin_field(c, s->line, col) != 0)
            return -1;
        memcpy(c->buf + c->buf_len, start + f0, f1 - f0);
        c->buf_len += f1 - f0;
        c->fields[c->n_fields - 1].len = f1 - f0;
        c->buf[c->buf_len++] = '\0';
        if (!d)
            break;
        f0 = f1 + 1;
    }
    s->pos += len + 1;
    s->line++;
    s->col = 0;
    return 1;
}

int sni_csv_next(sni_csv *c)
{
    sni_src *s = c->src;
    for (;;) {
        int fast = csv_fast(c);
        if (fast < 0)
            return -1;
        if (fast > 0) {
            if (c->n_fields == 1 && c->fields[0].len == 0)
                continue; /* a blank line */
            return 1;
        }
        c->buf_len = 0;
        c->n_fields = 0;
        c->n_total = 0;
        c->dropping = 0;
        c->problem = 0;
        int st = ST_START;
        long qline = 0, qcol = 0;
        size_t bytes = 0;
        int too_long = 0;
        int ch = peek_byte(s);
        if (ch < 0)
            return 0;
        c->line = s->line;
        if (begin_field(c, s->line, s->col + 1) != 0)
            return -1;
        for (;;) {
            ch = next_byte(s);
            if (ch < 0) {
                if (st == ST_QUOTED)
                    problem(c, qline, qcol,
                            "unterminated quoted field; expected a closing '\"' before the end "
                            "of the file");
                break;
            }
            int line_end = st != ST_QUOTED && (ch == '\n' || ch == '\r'); /* not counted */
            if (c->max_line && !line_end && ++bytes > c->max_line && !too_long) {
                char msg[160];
                snprintf(msg, sizeof msg, "line is longer than %zu bytes; expected a shorter line",
                         c->max_line);
                problem(c, s->line, s->col, msg);
                c->dropping = too_long = 1; /* keep nothing more */
            }
            if (too_long && ch == '\n')
                goto record_end; /* a record too long ends at the next LF, even in quotes */
            if (ch == '\r' && st != ST_QUOTED) {
                if (peek_byte(s) == '\n')
                    continue; /* CRLF: the '\n' ends the record */
                s->line++;    /* a lone CR ends the line (old Mac files) */
                s->col = 0;
                break;
            }
            switch (st) {
            case ST_START:
                if (ch == '"') {
                    st = ST_QUOTED;
                    qline = s->line;
                    qcol = s->col;
                    continue;
                }
                /* fall through */
            case ST_UNQUOTED:
                if (ch == c->delim) {
                    if (end_field(c) != 0 || begin_field(c, s->line, s->col + 1) != 0)
                        return -1;
                    st = ST_START;
                    continue;
                }
                if (ch == '\n')
                    goto record_end;
                if (ch == '"')
                    problem(c, s->line, s->col,
                            "quote inside an unquoted field; expected the whole field in quotes "
                            "with inner quotes doubled");
                if (add(c, ch) != 0)
                    return -1;
                st = ST_UNQUOTED;
                continue;
            case ST_QUOTED:
                if (ch == '"') {
                    st = ST_QUOTE;
                    continue;
                }
                if (add(c, ch) != 0)
                    return -1;
                continue;
            case ST_QUOTE:
                if (ch == '"') {
                    if (add(c, '"') != 0)
                        return -1;
                    st = ST_QUOTED;
                    continue;
                }
                if (ch == c->delim) {
                    if (end_field(c) != 0 || begin_field(c, s->line, s->col + 1) != 0)
                        return -1;
                    st = ST_START;
                    continue;
                }
                if (ch == '\n')
                    goto record_end;
                problem(c, s->line, s->col,
                        "text after a closing quote; expected a delimiter or the end of the line");
                if (add(c, ch) != 0)
                    return -1;
                st = ST_UNQUOTED;
                continue;
            }
        }
    record_end:
        if (end_field(c) != 0)
            return -1;
        if (c->n_fields == 1 && c->fields[0].len == 0 && !c->problem && st != ST_QUOTE)
            continue; /* a blank line */
        return 1;
    }
}

int sni_src_line(sni_src *s, char **buf, size_t *cap, size_t *len, long *line)
{
    *len = 0;
    s->line_cut = 0;
    if (peek_byte(s) < 0)
        return 0;
    *line = s->line;
    for (;;) {
        if (s->pos == s->len && !fill(s))
            break;
        unsigned char *start = s->buf + s->pos;
        unsigned char *nl = memchr(start, '\n', s->len - s->pos);
        size_t n = nl ? (size_t)(nl - start) : s->len - s->pos;
        size_t keep = n;
        if (s->max_line && *len + n > s->max_line)
            keep = *len < s->max_line ? s->max_line - *len : 0;
        s->line_cut += n - keep;
        if (*len + keep + 1 > *cap) {
            size_t ncap = *cap ? *cap : 4096;
            while (ncap < *len + keep + 1)
                ncap *= 2;
            char *b = realloc(*buf, ncap);
            if (!b)
                return -1;
            *buf = b;
            *cap = ncap;
        }
        memcpy(*buf + *len, start, keep);
        *len += keep;
        s->pos += n;
        if (nl) {
            s->pos++;
            s->line++;
            s->col = 0;
            break;
        }
    }
    if (*len && (*buf)[*len - 1] == '\r' && !s->line_cut)
        (*len)--;
    (*buf)[*len] = '\0';
    return 1;
}

long sni_utf8_chars(const char *s, size_t len)
{
    long n = 0;
    for (size_t i = 0; i < len; i++)
        n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

long sni_utf8_check(const char *str, size_t len, long *chars)
{
    const unsigned char *s = (const unsigned char *)str;
    long n = 0;
    size_t i = 0;
    /* ASCII without NUL bytes, eight at a time */
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        if ((w & HIGHS) || has_zero(w))
            break;
    }
    n = (long)i;
    while (i < len) {
        unsigned char c = s[i];
        if (c >= 0x01 && c < 0x80) {
            i++;
            n++;
            continue;
        }
        size_t need;
        uint32_t cp;
        if (c >= 0xC2 && c <= 0xDF) {
            need = 1;
            cp = c & 0x1F;
        } else if (c >= 0xE0 && c <= 0xEF) {
            need = 2;
            cp = c & 0x0F;
        } else if (c >= 0xF0 && c <= 0xF4) {
            need = 3;
            cp = c & 0x07;
        } else {
            *chars = n;
            return (long)i;
        }
        for (size_t k = 1; k <= need; k++) {
            if (i + k >= len || (s[i + k] & 0xC0) != 0x80) {
                *chars = n;
                return (long)i;
            }
            cp = (cp << 6) | (s[i + k] & 0x3F);
        }
        if ((need == 2 && (cp < 0x800 || (cp >= 0xD800 && cp <= 0xDFFF))) ||
            (need == 3 && (cp < 0x10000 || cp > 0x10FFFF))) {
            *chars = n;
            return (long)i;
        }
        i += need + 1;
        n++;
    }
    *chars = n;
    return -1;
}
