/*
 * source.h - buffered byte sources and record tokenizers (internal to ingest).
 *
 * A source wraps a zlib gzFile (plain files read through unchanged), keeps a
 * 256 KiB buffer and tracks line and column (columns count UTF-8
 * characters, 1-based). The CSV tokenizer yields one record at a time with
 * each field's position; the line reader yields JSONL lines.
 */
#ifndef SN_INGEST_SOURCE_H
#define SN_INGEST_SOURCE_H

#include <stddef.h>
#include <stdint.h>
#include <iconv.h>
#include <sys/stat.h>
#include <zlib.h>

#include "samnett/error.h"

typedef struct sni_src {
    gzFile gz;
    const char *name; /* as shown in messages */
    unsigned char *buf;
    size_t pos, len;
    int eof;
    int io_error; /* read failed or the compressed stream is truncated */
    char io_msg[256];
    long line, col;  /* position of the last byte consumed */
    long long size;  /* file size in bytes, 0 if unknown */
    int borrowed;    /* buf belongs to the caller (sni_src_open_mem) */
    size_t max_line; /* sni_src_line keeps at most this many bytes (0 = all) */
    size_t line_cut; /* bytes of the last sni_src_line not kept */
    /*
     * The encoding (sn_encoding): SN_ENC_AUTO until the first non-ASCII byte
     * decides between UTF-8 and Windows-1252. Windows-1252 and ISO-8859-1
     * bytes become UTF-8 through cd as they are read (a byte with no
     * character is passed on as it is, so the UTF-8 check rejects its row).
     */
    int enc;
    int enc_forced;
    int gz_eof;         /* the file has no more bytes (raw may still hold some) */
    iconv_t cd;         /* (iconv_t)-1 while bytes pass through unchanged */
    unsigned char *raw; /* bytes read but not converted yet: raw[raw_pos, raw_len) */
    size_t raw_pos, raw_len;
} sni_src;

/* How a path given as input is read, from what it is (stat). */
typedef enum sni_src_kind {
    SNI_SRC_FILE,   /* a regular file: opened by name, as often as needed */
    SNI_SRC_STREAM, /* a pipe, socket or /dev/null: opened once and read as it comes, like stdin */
    SNI_SRC_DEVICE, /* any other device (/dev/zero, a disk): refused, never opened */
} sni_src_kind;
sni_src_kind sni_src_kind_of(const struct stat *st);

/*
 * Paths that name one file are read once. For paths[0..n) ("-" for standard
 * input), of[i] is the index of the path read in place of path i, or -1 when
 * path i is read itself. Paths of the same device and inode now (a symbolic
 * link such as current.csv, a hard link, one file or pipe named twice) are
 * read under the first that is not a symbolic link; X.gz is read as X when
 * both are given and X.gz decompressed is X byte for byte. Each path left
 * out gets a note in diag, under its name in names[]. -1 when out of memory.
 */
int sni_src_aliases(const char *const *paths, const char *const *names, size_t n, sn_diag *diag,
                    long *of);

/* Open path ("-" = stdin). Returns 0, or -1 with errno set. */
int sni_src_open(sni_src *s, const char *path, const char *name);
/*
 * A source over bytes the caller keeps alive (and does not change) while it
 * is read: data[0..len), whose first line is line first_line of the file.
 */
void sni_src_open_mem(sni_src *s, const char *data, size_t len, const char *name, long first_line);
void sni_src_close(sni_src *s);
/*
 * Read a source opened by sni_src_open (before anything is read) in an
 * encoding (sn_encoding). 0, or -1 when iconv cannot convert from it.
 */
int sni_src_set_encoding(sni_src *s, int enc);
/* The encoding a source is read in: SN_ENC_AUTO while its bytes were all ASCII. */
static inline int sni_src_encoding(const sni_src *s)
{
    return s->enc;
}
/*
 * The encoding the first non-ASCII byte in p[0..len) shows: SN_ENC_UTF8 or
 * SN_ENC_CP1252, or SN_ENC_AUTO when p has none. *at gets its offset. A
 * sequence cut off by the end of p is not UTF-8 when at_end (p ends the
 * input); otherwise it is undecided: SN_ENC_AUTO with *at < len.
 */
int sni_enc_sniff(const unsigned char *p, size_t len, size_t *at, int at_end);
/*
 * in[0..len) in encoding enc (Windows-1252 or ISO-8859-1) as UTF-8, in a new
 * buffer (*out, *out_len; NUL-terminated). 0, or -1 when out of memory.
 */
int sni_enc_to_utf8(int enc, const char *in, size_t len, char **out, size_t *out_len);
/*
 * The message for an invalid byte b in text read in encoding enc (the words
 * after "file:line:col: error: "), into buf.
 */
const char *sni_enc_bad_byte(int enc, int forced, unsigned char b, char *buf, size_t cap);
/*
 * The first bytes of a source nothing has been read from: fills the buffer
 * (up to its size) and points *data at it. Returns 1 when that is the whole
 * input.
 */
int sni_src_head(sni_src *s, const char **data, size_t *len);
/* Compressed bytes consumed so far. */
long long sni_src_offset(sni_src *s);

typedef struct sni_field {
    size_t off, len; /* into the record buffer */
    long line, col;  /* where the field starts */
} sni_field;

typedef struct sni_csv {
    sni_src *src;
    char delim;
    size_t max_field;
    char *buf; /* field bytes, each NUL-terminated */
    size_t buf_len, buf_cap;
    sni_field *fields;
    size_t n_fields, cap_fields;
    size_t max_fields; /* fields kept per record (0 = all); later ones are only counted */
    size_t max_line;   /* bytes kept per record (0 = all); a longer one is a problem */
    size_t n_total;    /* fields in the record, kept or not */
    int dropping;      /* the rest of the record is not kept */
    long line;         /* line where the record starts */
    /* the first problem in the record, if any */
    int problem;
    long prob_line, prob_col;
    char prob_msg[256];
} sni_csv;

void sni_csv_init(sni_csv *c, sni_src *src, char delim, size_t max_field);
void sni_csv_free(sni_csv *c);
/* Read the next non-blank record: 1 = got one, 0 = end of input, -1 = out of memory. */
int sni_csv_next(sni_csv *c);
static inline const char *sni_csv_str(const sni_csv *c, size_t i)
{
    return c->buf + c->fields[i].off;
}
/* Guess the delimiter from the first line without consuming it. */
char sni_csv_sniff(sni_src *src);
/* Skip a UTF-8 byte order mark at the start of the source. */
void sni_src_skip_bom(sni_src *src);
/* Peek the first non-space byte (without consuming); -1 at end of input. */
int sni_src_peek_nonspace(sni_src *src);

/* Read one line (without its newline) into *buf; 1 = got one, 0 = end, -1 = no memory. */
int sni_src_line(sni_src *s, char **buf, size_t *cap, size_t *len, long *line);

/*
 * The byte offset of the first invalid UTF-8 sequence (or NUL) in s, or -1 if
 * it is valid. *chars gets the count of characters before it.
 */
long sni_utf8_check(const char *s, size_t len, long *chars);
/* The number of UTF-8 characters in s[0..len) (continuation bytes not counted). */
long sni_utf8_chars(const char *s, size_t len);

#endif
