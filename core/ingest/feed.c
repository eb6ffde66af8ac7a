/* feed.c - incremental reading of a growing contacts file (samnett watch). */
#include <stdlib.h>
#include <string.h>

#include "ingest_internal.h"
#include "samnett/ingest.h"

struct sn_feed {
    ctx c;
    job j;
    reader r;
    int ready;        /* the header (CSV) or the first object (JSONL) has been read */
    int format_known; /* the file name tells the format */
    int enc;          /* sn_encoding: SN_ENC_AUTO until the first non-ASCII bytes decide */
    char *header;     /* the CSV header record as read, without its line end */
    size_t header_len;
    long lines; /* lines consumed */
};

sn_status sn_feed_new(sn_store *store, const char *name, const sn_ingest_opts *opts, sn_diag *diag,
                      sn_feed **out, sn_err *err)
{
    *out = NULL;
    sn_feed *f = calloc(1, sizeof *f);
    if (!f)
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    ctx *c = &f->c;
    if (sni_ctx_init(c, store, opts, diag, err) != SN_OK) {
        free(f);
        return SN_ENOMEM;
    }
    c->log_lines = 1;
    sn_status mrc = sni_mapping_load(c);
    if (mrc != SN_OK) {
        sni_ctx_free(c);
        free(f);
        return mrc;
    }
    f->j.path = strdup(name);
    f->j.name = strdup(name);
    if (!f->j.name || sn_store_string(store, name, strlen(name), &c->file_id) != SN_OK ||
        !f->j.path) {
        sn_feed_free(f);
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    }
    f->j.kind = SN_INPUT_AUTO;
    int fmt = sni_format_from_name(name);
    f->j.format = fmt == FMT_JSONL ? FMT_JSONL : FMT_CSV;
    f->format_known = fmt >= 0;
    f->r.job = &f->j;
    f->enc = opts ? (int)opts->encoding : SN_ENC_AUTO;
    f->r.src.enc_forced = f->enc != SN_ENC_AUTO;
    *out = f;
    return SN_OK;
}

/*
 * Decide the encoding from the first non-ASCII byte in data[0..len) (once),
 * and when the bytes are not UTF-8 convert them: *text is a new buffer then
 * (freed by the caller), else data itself.
 */
static sn_status feed_text(sn_feed *f, const char *data, size_t len, int whole, char **text,
                           size_t *text_len, sn_err *err)
{
    *text = NULL;
    *text_len = len;
    if (f->enc == SN_ENC_AUTO) {
        /* a sequence cut off by the end of the bytes: not UTF-8 when they are whole
           records (the caller says they end there), else decided later */
        size_t at;
        f->enc = sni_enc_sniff((const unsigned char *)data, len, &at, whole);
        if (f->enc == SN_ENC_CP1252)
            sn_diag_emit(f->c.diag, SN_NOTE, f->j.name, 0, 0,
                         "read as Windows-1252: its first non-ASCII bytes are not UTF-8 "
                         "(--encoding chooses)");
    }
    f->r.src.enc = f->enc;
    if (f->enc != SN_ENC_CP1252 && f->enc != SN_ENC_LATIN1)
        return SN_OK;
    if (sni_enc_to_utf8(f->enc, data, len, text, text_len) != 0)
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    return SN_OK;
}

/* The bytes of data (in encoding enc) that convert to the first n bytes of UTF-8. */
static size_t raw_offset(int enc, const char *data, size_t len, size_t n)
{
    size_t i = 0, out = 0;
    while (i < len && out < n) {
        unsigned char b = (unsigned char)data[i++];
        if (b < 0x80) {
            out++;
            continue;
        }
        char *u;
        size_t ulen;
        out += sni_enc_to_utf8(enc, (const char *)&b, 1, &u, &ulen) == 0 ? ulen : 1;
        free(u);
    }
    return i;
}

void sn_feed_free(sn_feed *f)
{
    if (!f)
        return;
    sni_reader_close(&f->r);
    sni_ctx_free(&f->c);
    free(f->j.path);
    free(f->j.name);
    free(f->header);
    free(f);
}

size_t sn_feed_complete(const sn_feed *f, const char *data, size_t len)
{
    if (f->ready && f->j.format == FMT_JSONL) {
        const char *nl = memrchr(data, '\n', len);
        return nl ? (size_t)(nl - data) + 1 : 0;
    }
    /*
     * A record longer than the longest accepted line (a quoted field never
     * closed, say) ends at the first LF after that many bytes, even inside
     * quotes, as in the tokenizer, which rejects it. So nothing is held back
     * for ever.
     */
    char delim = f->ready ? f->r.csv.delim : ',';
    /*
     * The longest line counts UTF-8 bytes, as the tokenizer sees them: bytes
     * in Windows-1252 or ISO-8859-1 are measured converted (the encoding as
     * feed_text will decide it), then mapped back to the file's bytes.
     */
    int enc = f->enc;
    if (enc == SN_ENC_AUTO) {
        size_t at;
        enc = sni_enc_sniff((const unsigned char *)data, len, &at, 0);
    }
    if (enc == SN_ENC_CP1252 || enc == SN_ENC_LATIN1) {
        char *text;
        size_t text_len;
        if (sni_enc_to_utf8(enc, data, len, &text, &text_len) == 0) {
            size_t end = sni_csv_records_end(text, text_len, delim, 0, f->c.max_line);
            free(text);
            return raw_offset(enc, data, len, end);
        }
    }
    return sni_csv_records_end(data, len, delim, 0, f->c.max_line);
}

/* Read a CSV header with the one header reader; keeps its text for sn_feed_header. */
static sn_status feed_csv_header(sn_feed *f, const char *raw, size_t raw_len, int eof, int utf8,
                                 size_t *used, sn_err *err)
{
    ctx *c = &f->c;
    c->err = err;
    c->src = &f->r.src;
    char *text = NULL;
    size_t len = raw_len;
    sn_status rc = utf8 ? SN_OK : feed_text(f, raw, raw_len, 0, &text, &len, err);
    if (rc != SN_OK)
        return rc;
    const char *data = text ? text : raw;
    sni_head h;
    rc = sni_read_header(c, &f->r, data, len, eof, &h);
    if (rc != SN_OK || h.end == 0) {
        free(text);
        return rc;
    }
    free(f->header);
    f->header = malloc(h.text_len + 1);
    if (!f->header) {
        free(text);
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    }
    memcpy(f->header, data + h.start, h.text_len);
    f->header[h.text_len] = '\0';
    f->header_len = h.text_len;
    *used = text ? raw_offset(f->enc, raw, raw_len, h.end) : h.end;
    free(text);
    f->lines = h.next_line - 1;
    f->ready = 1;
    return SN_OK;
}

sn_status sn_feed_start(sn_feed *f, const char *data, size_t len, size_t *used, sn_err *err)
{
    *used = 0;
    f->c.err = err;
    if (len < 3 && memcmp(data, "\xEF\xBB\xBF", len) == 0)
        return SN_OK; /* maybe the start of a byte order mark: wait */
    size_t bom = sni_head_bom(data, len);
    size_t i = bom + sni_head_skip_space(data + bom, len - bom);
    if (i == len && (f->j.format == FMT_JSONL || len < SNI_HEAD_MAX))
        return SN_OK;
    if (!f->format_known) /* the name does not say: the first byte does */
        f->j.format = i < len && data[i] == '{' ? FMT_JSONL : FMT_CSV;
    if (f->j.format == FMT_JSONL) {
        const char *nl = memchr(data + i, '\n', len - i);
        if (!nl)
            return SN_OK;
        long line = 1 + sni_head_newlines(data, i);
        sn_status rc = sni_jsonl_kind(&f->c, &f->r, f->j.name, data + i, (size_t)(nl - (data + i)),
                                      line, &f->j.kind);
        if (rc != SN_OK)
            return rc;
        *used = bom; /* the first object is a row */
        f->ready = 1;
        if (f->j.kind == SN_INPUT_CONTACTS)
            f->c.st->files++;
        return SN_OK;
    }
    sn_status rc = feed_csv_header(f, data, len, 0, 0, used, err);
    if (rc == SN_OK && f->ready && f->j.kind == SN_INPUT_CONTACTS)
        f->c.st->files++;
    return rc;
}

sn_status sn_feed_resume(sn_feed *f, sn_feed_format format, const char *header, size_t len,
                         long lines, sn_err *err)
{
    f->c.err = err;
    f->j.kind = SN_INPUT_CONTACTS;
    f->c.st->files++;
    if (format == SN_FEED_JSONL) {
        f->j.format = FMT_JSONL;
        f->lines = lines;
        f->ready = 1;
        return SN_OK;
    }
    f->j.format = FMT_CSV;
    char *text = malloc(len + 2);
    if (!text)
        return sn_err_set(err, SN_ENOMEM, "out of memory");
    memcpy(text, header, len);
    text[len] = '\n';
    text[len + 1] = '\0';
    size_t used;
    sn_status rc = feed_csv_header(f, text, len + 1, 1, 1, &used, err);
    free(text);
    f->lines = lines;
    f->ready = 1;
    return rc;
}

sn_encoding sn_feed_encoding(const sn_feed *f)
{
    return (sn_encoding)f->enc;
}

void sn_feed_set_encoding(sn_feed *f, sn_encoding enc)
{
    if (f->enc == SN_ENC_AUTO)
        f->enc = enc;
}

int sn_feed_ready(const sn_feed *f)
{
    return f->ready;
}

sn_input_kind sn_feed_kind(const sn_feed *f)
{
    return f->j.kind;
}

sn_feed_format sn_feed_format_of(const sn_feed *f)
{
    return !f->ready ? SN_FEED_UNKNOWN : f->j.format == FMT_JSONL ? SN_FEED_JSONL : SN_FEED_CSV;
}

const char *sn_feed_header(const sn_feed *f, size_t *len)
{
    *len = f->header_len;
    return f->header ? f->header : "";
}

long sn_feed_lines(const sn_feed *f)
{
    return f->lines;
}

sn_status sn_feed_rows(sn_feed *f, const char *data, size_t len, sn_err *err)
{
    ctx *c = &f->c;
    reader *r = &f->r;
    c->err = err;
    c->local_times = 0;
    c->ambiguous_times = c->nonexistent_times = 0;
    c->odd_times = 0;
    if (!f->ready || f->j.kind != SN_INPUT_CONTACTS)
        return sn_err_set(err, SN_EUSAGE, "%s: rows read before a contacts header", f->j.name);
    char *text;
    size_t text_len;
    sn_status rc = feed_text(f, data, len, 1, &text, &text_len, err);
    if (rc != SN_OK)
        return rc;
    int forced = r->src.enc_forced;
    sni_src_open_mem(&r->src, text ? text : data, text_len, f->j.name, f->lines + 1);
    r->src.enc = f->enc;
    r->src.enc_forced = forced;
    c->src = &r->src;
    r->src.max_line = c->max_line;
    r->pending = 0;
    rc = f->j.format == FMT_JSONL ? sni_read_jsonl(c, r) : sni_read_csv(c, r);
    free(text);
    r->src.buf = NULL; /* the text is gone */
    f->lines = r->src.line - 1;
    sni_file_warnings(c, f->j.name);
    sni_say_hidden(c);
    if (rc == SN_OK && sni_stopped(c))
        rc = sn_err_set(err, SN_EINPUT, "%s", c->diag->first);
    return rc;
}

const long *sn_feed_contact_lines(const sn_feed *f, size_t *n)
{
    *n = f->c.n_lines;
    return f->c.lines;
}

void sn_feed_clear_lines(sn_feed *f)
{
    f->c.n_lines = 0;
}
