/* header.c - where a CSV file's header and records end, the same for every reader. */
#include "header.h"

#include <string.h>

/*
 * Walk CSV records from data[0..len), which begins at a record boundary.
 * Quotes follow the tokenizer: a quote opens a quoted field only at the start
 * of a field, and a doubled quote inside one is a quote. A record longer than
 * max bytes (0 = no limit; line ends not counted) ends at the next LF, even
 * inside quotes, as in the tokenizer. Returns the end of the first record
 * (first) or of the last complete one, 0 if none; *lines (may be NULL) gets
 * the line ends before it, LFs in quoted fields included.
 */
static size_t records(const char *data, size_t len, char delim, int first, size_t max, long *lines)
{
    enum { S_START, S_PLAIN, S_QUOTED, S_QUOTE } st = S_START;
    size_t end = 0, bytes = 0;
    long n = 0, n_end = 0;
    for (size_t i = 0; i < len; i++) {
        char ch = data[i];
        int line_end = st != S_QUOTED && (ch == '\n' || ch == '\r');
        if (max && !line_end && ++bytes > max && ch == '\n') {
            n++; /* the end of a record too long */
            end = i + 1;
            n_end = n;
            if (first)
                break;
            st = S_START;
            bytes = 0;
            continue;
        }
        if (st == S_QUOTED) {
            if (ch == '"')
                st = S_QUOTE;
            else if (ch == '\n')
                n++;
            continue;
        }
        if (ch == '"' && (st == S_START || st == S_QUOTE)) {
            st = S_QUOTED; /* an opening or a doubled quote */
            continue;
        }
        if (ch == '\r') {
            if (i + 1 == len)
                break; /* a CR at the end: its LF may follow */
            if (data[i + 1] == '\n')
                continue; /* CRLF: the LF ends the record */
        }
        if (ch == '\n' || ch == '\r') {
            n++;
            end = i + 1;
            n_end = n;
            if (first)
                break;
            st = S_START;
            bytes = 0;
        } else {
            st = ch == delim ? S_START : S_PLAIN;
        }
    }
    if (lines)
        *lines = n_end;
    return end;
}

size_t sn_csv_records_end(const char *data, size_t len, char delim, int first, size_t max_line)
{
    return records(data, len, delim, first, max_line, NULL);
}

size_t sn_head_skip_space(const char *data, size_t len)
{
    size_t i = 0;
    while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
        i++;
    return i;
}

/* The delimiter that occurs most often outside quotes in the header text. */
static char sniff(const char *s, size_t len)
{
    static const char delims[3] = {',', ';', '\t'};
    size_t counts[3] = {0, 0, 0};
    int quoted = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '"')
            quoted = !quoted;
        else if (!quoted)
            for (int d = 0; d < 3; d++)
                counts[d] += s[i] == delims[d];
    }
    int best = 0;
    for (int d = 1; d < 3; d++)
        if (counts[d] > counts[best])
            best = d;
    return delims[best];
}

sn_head_status sn_head_scan(const char *data, size_t len, int eof, sn_head *h)
{
    memset(h, 0, sizeof *h);
    h->delim = ',';
    size_t lim = len < SN_HEAD_MAX ? len : SN_HEAD_MAX;
    int at_end = eof && len <= SN_HEAD_MAX; /* the input ends at lim */
    /* what to say when the header is not complete within lim */
    sn_head_status more = len >= SN_HEAD_MAX ? SN_HEAD_TOO_LONG : SN_HEAD_MORE;
    static const char bom[3] = {'\xEF', '\xBB', '\xBF'};
    size_t i = 0;
    if (lim >= 3 && memcmp(data, bom, 3) == 0)
        i = 3;
    else if (lim < 3 && !at_end && memcmp(data, bom, lim) == 0)
        return SN_HEAD_MORE; /* maybe the start of a byte order mark */
    long line = 1;
    size_t line_start = i;
    for (; i < lim; i++) {
        char ch = data[i];
        if (ch == '\r' && i + 1 == lim && !at_end)
            return more;
        if (ch == '\n' || (ch == '\r' && (i + 1 == lim || data[i + 1] != '\n'))) {
            line++;
            line_start = i + 1;
        } else if (ch != ' ' && ch != '\t' && ch != '\r') {
            break;
        }
    }
    if (i == lim)
        return at_end ? SN_HEAD_EMPTY : more;
    h->start = i;
    h->line = line;
    h->col = (long)(i - line_start);
    const char *s = data + i;
    size_t n = lim - i;
    long lines = 0;
    size_t end = records(s, n, ',', 1, 0, NULL);
    h->delim = sniff(s, end ? end : n);
    end = records(s, n, h->delim, 1, 0, &lines);
    if (end == 0) {
        if (!at_end)
            return more;
        end = n; /* the header is the whole file, without a line end */
        for (size_t k = 0; k < n; k++)
            lines += s[k] == '\n';
    }
    size_t text = end;
    if (text && (s[text - 1] == '\n' || s[text - 1] == '\r'))
        text--;
    if (text && s[text] == '\n' && s[text - 1] == '\r')
        text--;
    h->text_len = text;
    h->end = i + end;
    h->next_line = line + lines;
    return SN_HEAD_FOUND;
}
