/* error.c - status codes and the file:line:column diagnostics sink. */
#include "samnett/error.h"

#include <string.h>

sn_status sn_err_set(sn_err *err, sn_status code, const char *fmt, ...)
{
    if (err) {
        va_list ap;
        va_start(ap, fmt);
        vsnprintf(err->msg, sizeof err->msg, fmt, ap);
        va_end(ap);
        err->code = code;
    }
    return code;
}

int sn_status_exit_code(sn_status code)
{
    switch (code) {
    case SN_OK:
        return 0;
    case SN_EINPUT:
    case SN_EUSAGE:
    case SN_EIO:
        return 2;
    case SN_ENOMEM:
    case SN_EANALYSIS:
    default:
        return 1;
    }
}

void sn_diag_init(sn_diag *d, FILE *out)
{
    memset(d, 0, sizeof *d);
    d->out = out;
}

static const char *severity_name(sn_severity sev)
{
    switch (sev) {
    case SN_NOTE:
        return "note";
    case SN_WARNING:
        return "warning";
    default:
        return "error";
    }
}

void sn_diag_vemit(sn_diag *d, sn_severity sev, const char *file, long line, long col,
                   const char *fmt, va_list ap)
{
    char where[600] = "";
    char raw[900], text[980], name[520];
    /* file names and values come from outside: shown with their control characters escaped */
    vsnprintf(raw, sizeof raw, fmt, ap);
    sn_escape(raw, strlen(raw), text, sizeof text);
    if (file)
        sn_escape(file, strlen(file), name, sizeof name);
    if (file && line > 0 && col > 0)
        snprintf(where, sizeof where, "%s:%ld:%ld: ", name, line, col);
    else if (file && line > 0)
        snprintf(where, sizeof where, "%s:%ld: ", name, line);
    else if (file)
        snprintf(where, sizeof where, "%s: ", name);

    if (sev == SN_ERROR)
        d->errors++;
    else if (sev == SN_WARNING)
        d->warnings++;
    int stops_now = 0;
    if (sev != SN_NOTE && ((d->strict && !d->stop) || (sev == SN_ERROR && !d->first[0]))) {
        snprintf(d->first, sizeof d->first, "%s%s: %s", where, severity_name(sev), text);
        if (d->strict)
            d->stop = stops_now = 1;
    }
    if (d->quiet && sev != SN_ERROR && !stops_now)
        return;
    if (d->max_print > 0 && d->errors + d->warnings > d->max_print && sev != SN_NOTE) {
        d->suppressed++;
        return;
    }
    fprintf(d->out ? d->out : stderr, "%s%s: %s\n", where, severity_name(sev), text);
}

void sn_diag_emit(sn_diag *d, sn_severity sev, const char *file, long line, long col,
                  const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    sn_diag_vemit(d, sev, file, line, col, fmt, ap);
    va_end(ap);
}

/* The length of the valid UTF-8 sequence at s (1..4), or 0 when s[0] does not start one. */
static size_t utf8_len(const unsigned char *s, size_t len)
{
    unsigned char c = s[0];
    size_t n;
    unsigned char lo = 0x80, hi = 0xBF; /* the range of the second byte */
    if (c < 0x80)
        return 1;
    if (c >= 0xC2 && c <= 0xDF)
        n = 2;
    else if (c >= 0xE0 && c <= 0xEF)
        n = 3, lo = c == 0xE0 ? 0xA0 : 0x80, hi = c == 0xED ? 0x9F : 0xBF;
    else if (c >= 0xF0 && c <= 0xF4)
        n = 4, lo = c == 0xF0 ? 0x90 : 0x80, hi = c == 0xF4 ? 0x8F : 0xBF;
    else
        return 0;
    if (len < n || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t i = 2; i < n; i++)
        if ((s[i] & 0xC0) != 0x80)
            return 0;
    return n;
}

size_t sn_escape_next(const char *s, size_t len, char out[SN_ESCAPE_MAX], size_t *shown_len)
{
    static const char hex[] = "0123456789abcdef";
    const unsigned char *u = (const unsigned char *)s;
    if (len == 0) {
        *shown_len = 0;
        return 0;
    }
    size_t n = utf8_len(u, len);
    if (n == 1 && u[0] >= 0x20 && u[0] != 0x7F) {
        out[0] = s[0];
        *shown_len = 1;
        return 1;
    }
    if (n == 1 && (u[0] == '\n' || u[0] == '\r' || u[0] == '\t')) {
        out[0] = '\\';
        out[1] = u[0] == '\n' ? 'n' : u[0] == '\r' ? 'r' : 't';
        *shown_len = 2;
        return 1;
    }
    if (n == 2 && u[0] == 0xC2 && u[1] <= 0x9F) { /* a C1 control */
        memcpy(out, "\\u00", 4);
        out[4] = hex[u[1] >> 4];
        out[5] = hex[u[1] & 15];
        *shown_len = 6;
        return 2;
    }
    if (n > 1) {
        memcpy(out, s, n);
        *shown_len = n;
        return n;
    }
    /* a C0 control, DEL or a byte that is not valid UTF-8 */
    out[0] = '\\';
    out[1] = 'x';
    out[2] = hex[u[0] >> 4];
    out[3] = hex[u[0] & 15];
    *shown_len = 4;
    return 1;
}

const char *sn_escape(const char *s, size_t len, char *buf, size_t cap)
{
    size_t i = 0, j = 0;
    char piece[SN_ESCAPE_MAX];
    while (i < len) {
        size_t k, used = sn_escape_next(s + i, len - i, piece, &k);
        if (j + k + 4 >= cap || (j + 12 >= cap && i + used < len)) {
            memcpy(buf + j, "...", 3);
            j += 3;
            break;
        }
        memcpy(buf + j, piece, k);
        j += k;
        i += used;
    }
    buf[j] = '\0';
    return buf;
}

int sn_escape_fputs(const char *s, FILE *f)
{
    size_t len = strlen(s), i = 0;
    char piece[SN_ESCAPE_MAX];
    while (i < len) {
        /* the run of bytes shown as they are goes out in one write */
        size_t run = i, k, used;
        while (run < len && (used = sn_escape_next(s + run, len - run, piece, &k)) == k)
            run += used;
        if (run > i && fwrite(s + i, 1, run - i, f) != run - i)
            return EOF;
        i = run;
        if (i < len) {
            used = sn_escape_next(s + i, len - i, piece, &k);
            if (fwrite(piece, 1, k, f) != k)
                return EOF;
            i += used;
        }
    }
    return 0;
}
