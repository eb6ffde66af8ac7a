/*
 * header.c - where a CSV file's header and records end, the same for every
 * reader; the column names and their aliases.
 */
#include "header.h"

#include <stdio.h>
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

size_t sni_csv_records_end(const char *data, size_t len, char delim, int first, size_t max_line)
{
    return records(data, len, delim, first, max_line, NULL);
}

long sni_head_newlines(const char *data, size_t len)
{
    long k = 0;
    for (const char *p = data, *e = data + len; (p = memchr(p, '\n', (size_t)(e - p))); p++)
        k++;
    return k;
}

size_t sni_head_skip_space(const char *data, size_t len)
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

#define BOM "\xEF\xBB\xBF"

size_t sni_head_bom(const char *data, size_t len)
{
    return len >= 3 && memcmp(data, BOM, 3) == 0 ? 3 : 0;
}

sni_head_status sni_head_scan(const char *data, size_t len, int eof, sni_head *h)
{
    memset(h, 0, sizeof *h);
    h->delim = ',';
    size_t lim = len < SNI_HEAD_MAX ? len : SNI_HEAD_MAX;
    int at_end = eof && len <= SNI_HEAD_MAX; /* the input ends at lim */
    /* what to say when the header is not complete within lim */
    sni_head_status more = len >= SNI_HEAD_MAX ? SNI_HEAD_TOO_LONG : SNI_HEAD_MORE;
    size_t i = sni_head_bom(data, lim);
    if (lim < 3 && !at_end && memcmp(data, BOM, lim) == 0)
        return SNI_HEAD_MORE; /* maybe the start of a byte order mark */
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
        return at_end ? SNI_HEAD_EMPTY : more;
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
    return SNI_HEAD_FOUND;
}

/* ---- column names ---- */

const char *const sni_col_names[NCOLS] = {
    "id",   "name", "type", "organisation", "unit", "rank",    "profession",
    "time", "from", "to",   "channel",      "case", "meeting", "weight",
};

/* Header names and their aliases (after lower-casing), bokmål and nynorsk. */
static const struct {
    const char *name;
    colid c;
} header_aliases[] = {
    {"id", COL_ID},
    {"actor", COL_ID},
    {"actor_id", COL_ID},
    {"akt\xc3\xb8r", COL_ID},
    {"aktor", COL_ID},
    {"name", COL_NAME},
    {"navn", COL_NAME},
    {"namn", COL_NAME},
    {"type", COL_TYPE},
    {"actor_type", COL_TYPE},
    {"organisation", COL_ORG},
    {"organization", COL_ORG},
    {"organisasjon", COL_ORG},
    {"org", COL_ORG},
    {"unit", COL_UNIT},
    {"enhet", COL_UNIT},
    {"eining", COL_UNIT},
    {"avdeling", COL_UNIT},
    {"rank", COL_RANK},
    {"level", COL_RANK},
    {"niv\xc3\xa5", COL_RANK},
    {"lederniv\xc3\xa5", COL_RANK},
    {"leiarniv\xc3\xa5", COL_RANK},
    {"profession", COL_PROF},
    {"yrke", COL_PROF},
    {"profesjon", COL_PROF},
    {"rolle", COL_PROF},
    {"role", COL_PROF},
    {"time", COL_TIME},
    {"timestamp", COL_TIME},
    {"datetime", COL_TIME},
    {"date", COL_TIME},
    {"tid", COL_TIME},
    {"tidspunkt", COL_TIME},
    {"dato", COL_TIME},
    {"from", COL_FROM},
    {"fra", COL_FROM},
    {"fr\xc3\xa5", COL_FROM},
    {"sender", COL_FROM},
    {"avsender", COL_FROM},
    {"avsendar", COL_FROM},
    {"to", COL_TO},
    {"til", COL_TO},
    {"receiver", COL_TO},
    {"recipient", COL_TO},
    {"mottaker", COL_TO},
    {"mottakar", COL_TO},
    {"channel", COL_CHANNEL},
    {"kanal", COL_CHANNEL},
    {"case", COL_CASE},
    {"case_id", COL_CASE},
    {"sak", COL_CASE},
    {"forl\xc3\xb8p", COL_CASE},
    {"forlop", COL_CASE},
    {"pasientforl\xc3\xb8p", COL_CASE},
    {"meeting", COL_MEETING},
    {"meeting_id", COL_MEETING},
    {"m\xc3\xb8te", COL_MEETING},
    {"mote", COL_MEETING},
    {"weight", COL_WEIGHT},
    {"vekt", COL_WEIGHT},
    {"minutes", COL_WEIGHT},
    {"minutter", COL_WEIGHT},
};

void sni_lower(char *dst, const char *src, size_t len, size_t cap)
{
    size_t j = 0;
    size_t i = 0;
    while (i < len && src[i] == ' ')
        i++;
    while (len > i && src[len - 1] == ' ')
        len--;
    for (; i < len && j + 1 < cap; i++) {
        unsigned char c = (unsigned char)src[i];
        if (c >= 'A' && c <= 'Z')
            c = (unsigned char)(c - 'A' + 'a');
        else if (c == 0xC3 && i + 1 < len) {
            unsigned char d = (unsigned char)src[i + 1];
            if (d == 0x86 || d == 0x98 || d == 0x85) /* Æ Ø Å -> æ ø å */
                d = (unsigned char)(d + 0x20);
            dst[j++] = (char)c;
            if (j + 1 < cap)
                dst[j++] = (char)d;
            i++;
            continue;
        }
        dst[j++] = (char)c;
    }
    dst[j] = '\0';
}

const char *sni_col_aliases(colid k, char *buf, size_t cap)
{
    size_t n = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < sizeof header_aliases / sizeof header_aliases[0] && n < cap; i++)
        if (header_aliases[i].c == k)
            n += (size_t)snprintf(buf + n, cap - n, "%s%s", n ? ", " : "", header_aliases[i].name);
    return buf;
}

colid sni_header_col(const char *name, size_t len)
{
    char low[128];
    sni_lower(low, name, len, sizeof low);
    for (size_t i = 0; i < sizeof header_aliases / sizeof header_aliases[0]; i++)
        if (strcmp(low, header_aliases[i].name) == 0)
            return header_aliases[i].c;
    return COL_EXTRA;
}
