/*
 * mapping.c - the user's names for columns (--map) and for channels
 * (--channel-map), and the names a header may use for each column.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

#include "ingest_internal.h"

#define FIELDS_LIST                                                                                \
    "id, name, type, organisation, unit, rank, profession, time, from, to, channel, case, "        \
    "meeting or weight"
#define CHANNELS_LIST                                                                              \
    "e-message, phone, meeting, video, referral, discharge, visit, job-shadowing or other"

/* s[0..len) without spaces and tabs at either end. */
static void trim(const char **s, size_t *len)
{
    while (*len && (**s == ' ' || **s == '\t'))
        (*s)++, (*len)--;
    while (*len && ((*s)[*len - 1] == ' ' || (*s)[*len - 1] == '\t' || (*s)[*len - 1] == '\r'))
        (*len)--;
}

char *sni_fold(const char *s, size_t len)
{
    trim(&s, &len);
    utf8proc_uint8_t *out = NULL;
    if (utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &out,
                     UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD) < 0) {
        char *copy = malloc(len + 1); /* not UTF-8: compared as it is */
        if (copy) {
            memcpy(copy, s, len);
            copy[len] = '\0';
        }
        return copy;
    }
    return (char *)out;
}

/* One "name=value" line or item, at line:col of file; kind 0 = --map, 1 = --channel-map. */
static sn_status one_entry(ctx *c, int kind, const char *file, long line, long col, const char *s,
                           size_t len)
{
    const char *start = s;
    trim(&s, &len);
    col += sni_utf8_chars(start, (size_t)(s - start));
    const char *eq = memchr(s, '=', len);
    if (len == 0)
        return SN_OK;
    char shown[160];
    sn_escape(s, len, shown, sizeof shown);
    if (!eq)
        return sni_fail(c, file, line, col, "'%s' has no '='; expected %s", shown,
                        kind ? "local name=channel" : "field=Header");
    const char *name = s, *value = eq + 1;
    size_t name_len = (size_t)(eq - s), value_len = len - name_len - 1;
    long value_col = col + sni_utf8_chars(s, name_len + 1);
    trim(&name, &name_len);
    const char *v0 = value;
    trim(&value, &value_len);
    value_col += sni_utf8_chars(v0, (size_t)(value - v0));
    if (name_len == 0 || value_len == 0)
        return sni_fail(
            c, file, line, name_len ? value_col : col, "'%s': empty %s; expected %s", shown,
            name_len ? (kind ? "channel" : "header name") : (kind ? "local name" : "field"),
            kind ? "local name=channel" : "field=Header");
    if (kind == 0) {
        int k = -1;
        for (int i = 0; i < NCOLS; i++)
            if (strlen(sni_col_names[i]) == name_len &&
                strncmp(sni_col_names[i], name, name_len) == 0)
                k = i;
        if (k < 0) {
            char nb[96];
            sn_escape(name, name_len, nb, sizeof nb);
            return sni_fail(c, file, line, col, "unknown field '%s'; expected one of " FIELDS_LIST,
                            nb);
        }
        free(c->map_hdr[k]);
        c->map_hdr[k] = sni_fold(value, value_len);
        c->map_shown[k] = strndup(value, value_len);
        if (!c->map_hdr[k] || !c->map_shown[k])
            return sn_err_set(c->err, SN_ENOMEM, "out of memory");
        return SN_OK;
    }
    int ch = sn_channel_lookup(value, value_len);
    if (ch < 0) {
        char vb[96];
        sn_escape(value, value_len, vb, sizeof vb);
        return sni_fail(c, file, line, value_col, "unknown channel '%s'; expected " CHANNELS_LIST,
                        vb);
    }
    sni_chan_alias *v = realloc(c->chan_alias, (c->n_chan_alias + 1) * sizeof *v);
    if (!v)
        return sn_err_set(c->err, SN_ENOMEM, "out of memory");
    c->chan_alias = v;
    v[c->n_chan_alias].name = sni_fold(name, name_len);
    v[c->n_chan_alias].channel = ch;
    if (!v[c->n_chan_alias++].name)
        return sn_err_set(c->err, SN_ENOMEM, "out of memory");
    return SN_OK;
}

/* A file of entries, one a line, '#' comments. */
static sn_status load_file(ctx *c, int kind, const char *path)
{
    FILE *fp = fopen(path, "r");
    if (!fp)
        return sni_fail(c, path, 0, 0, "cannot open: %s; expected a file of %s lines",
                        strerror(errno), kind ? "'local name=channel'" : "'field=Header'");
    char *buf = NULL;
    size_t cap = 0;
    ssize_t n;
    long line = 0;
    sn_status rc = SN_OK;
    while (rc == SN_OK && (n = getline(&buf, &cap, fp)) >= 0) {
        line++;
        size_t len = (size_t)n;
        while (len && (buf[len - 1] == '\n' || buf[len - 1] == '\r'))
            len--;
        size_t skip = line == 1 && len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
        long bad_chars;
        long bad = sni_utf8_check(buf + skip, len - skip, &bad_chars);
        if (bad >= 0) {
            char why[200];
            rc = sni_fail(c, path, line, bad_chars + 1, "%s",
                          sni_enc_bad_byte(SN_ENC_UTF8, 1, (unsigned char)buf[skip + (size_t)bad],
                                           why, sizeof why));
            break;
        }
        const char *hash = memchr(buf + skip, '#', len - skip);
        size_t use = hash ? (size_t)(hash - (buf + skip)) : len - skip;
        rc = one_entry(c, kind, path, line, 1, buf + skip, use);
    }
    free(buf);
    fclose(fp);
    return rc;
}

sn_status sni_mapping_load(ctx *c)
{
    const sn_ingest_opts *o = c->opts;
    sn_status rc = SN_OK;
    if (o && o->map && o->map[0] == '@') {
        rc = load_file(c, 0, o->map + 1);
    } else if (o && o->map) {
        const char *s = o->map;
        while (rc == SN_OK) {
            const char *comma = strchr(s, ',');
            size_t len = comma ? (size_t)(comma - s) : strlen(s);
            rc = one_entry(c, 0, "--map", 0, 0, s, len);
            if (!comma)
                break;
            s = comma + 1;
        }
    }
    if (rc == SN_OK && o && o->channel_map)
        rc = load_file(c, 1, o->channel_map);
    return rc;
}

void sni_mapping_free(ctx *c)
{
    for (int k = 0; k < NCOLS; k++) {
        free(c->map_hdr[k]);
        free(c->map_shown[k]);
        c->map_hdr[k] = c->map_shown[k] = NULL;
    }
    for (size_t i = 0; i < c->n_chan_alias; i++)
        free(c->chan_alias[i].name);
    free(c->chan_alias);
    c->chan_alias = NULL;
    c->n_chan_alias = 0;
}

int sni_mapped_col(const ctx *c, const char *name, size_t len)
{
    int any = 0;
    for (int k = 0; k < NCOLS; k++)
        any |= c->map_hdr[k] != NULL;
    char *f = any ? sni_fold(name, len) : NULL;
    int found = -1;
    for (int k = 0; f && k < NCOLS && found < 0; k++)
        if (c->map_hdr[k] && strcmp(c->map_hdr[k], f) == 0)
            found = k;
    free(f);
    if (found >= 0)
        return found;
    colid k = sni_header_col(name, len);
    return k != COL_EXTRA && c->map_hdr[k] ? COL_EXTRA : (int)k; /* mapped elsewhere */
}

int sni_local_channel(const ctx *c, const char *s, size_t len)
{
    if (!c->n_chan_alias)
        return -1;
    char *f = sni_fold(s, len);
    int ch = -1;
    for (size_t i = 0; f && i < c->n_chan_alias && ch < 0; i++)
        if (strcmp(c->chan_alias[i].name, f) == 0)
            ch = c->chan_alias[i].channel;
    free(f);
    return ch;
}
