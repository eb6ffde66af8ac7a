/* format.c - what the report writers share: text cells and rows, grouped
 * numbers, JSON numbers, and CSV fields and tables written atomically. */
#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "format.h"

json_t *sn_out_num(double x)
{
    return isfinite(x) ? json_real(x) : json_null();
}

void sn_out_text(FILE *out, const char *s)
{
    sn_escape_fputs(s, out);
}

void sn_out_line(FILE *out, const char *indent, const char *s)
{
    fputs(indent, out);
    sn_escape_fputs(s, out);
    fputc('\n', out);
}

void sn_out_cell(FILE *out, const char *s, int width)
{
    /* Display columns: one per character, and the length of what an escape shows. */
    int cols = 0;
    size_t len = strlen(s), i = 0, cut = 0, n;
    char piece[SN_ESCAPE_MAX];
    while (i < len) {
        size_t used = sn_escape_next(s + i, len - i, piece, &n);
        cols += n != used ? (int)n : 1;
        if (cols <= width - 3)
            cut = i + used;
        i += used;
    }
    if (cols > width) {
        /* the part that fits in width - 3 columns, then "..." */
        for (i = 0; i < cut;) {
            size_t used = sn_escape_next(s + i, cut - i, piece, &n);
            fwrite(piece, 1, n, out);
            i += used;
        }
        fputs("...", out);
        return;
    }
    sn_escape_fputs(s, out);
    for (; cols < width; cols++)
        fputc(' ', out);
}

void sn_out_row(FILE *out, const char *label, const char *value)
{
    fputs("  ", out);
    sn_out_cell(out, label, 40);
    fputc(' ', out);
    sn_out_line(out, "", value);
}

const char *sn_out_grouped(const sn_report *r, long long v, char *buf, size_t cap)
{
    char digits[32];
    int n = snprintf(digits, sizeof digits, "%lld", v < 0 ? -v : v);
    size_t j = 0;
    if (v < 0 && j + 1 < cap)
        buf[j++] = '-';
    for (int i = 0; i < n && j + 2 < cap; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            buf[j++] = r->lang == SN_LANG_NB ? ' ' : ',';
        buf[j++] = digits[i];
    }
    buf[j] = '\0';
    return buf;
}

void sn_out_field(FILE *f, const char *s)
{
    /* A leading ' keeps a spreadsheet from reading the cell as a formula (OWASP). */
    int inert = strchr("=+-@\t\r", s[0]) && s[0];
    if (!strpbrk(s, ",\"\r\n")) {
        if (inert)
            fputc('\'', f);
        fputs(s, f);
        return;
    }
    fputc('"', f);
    if (inert)
        fputc('\'', f);
    for (; *s; s++) {
        if (*s == '"')
            fputc('"', f);
        fputc(*s, f);
    }
    fputc('"', f);
}

void sn_out_number(FILE *f, double x)
{
    if (!isfinite(x))
        return;
    if (x == floor(x) && fabs(x) < 1e15)
        fprintf(f, "%.0f", x);
    else
        fprintf(f, "%.17g", x);
}

sn_status sn_out_table_open(sn_out_table *t, const char *dir, const char *name, sn_err *err)
{
    snprintf(t->path, sizeof t->path, "%s/%s", dir, name);
    snprintf(t->tmp, sizeof t->tmp, "%s.tmp.%ld", t->path, (long)getpid());
    t->f = fopen(t->tmp, "w");
    if (!t->f)
        return sn_err_set(err, SN_EIO, "%s: cannot write: %s", t->path, strerror(errno));
    return SN_OK;
}

sn_status sn_out_table_close(sn_out_table *t, sn_err *err)
{
    int bad = ferror(t->f);
    bad |= fclose(t->f) != 0;
    if (bad || rename(t->tmp, t->path) != 0) {
        remove(t->tmp);
        return sn_err_set(err, SN_EIO, "%s: cannot write: %s", t->path, strerror(errno));
    }
    return SN_OK;
}

sn_status sn_out_tables(const sn_report *r, const char *dir, const sn_out_table_spec *tables,
                        size_t n, sn_err *err)
{
    for (size_t i = 0; i < n; i++) {
        sn_out_table t;
        sn_status rc = sn_out_table_open(&t, dir, tables[i].name, err);
        if (rc != SN_OK)
            return rc;
        tables[i].write(r, t.f);
        rc = sn_out_table_close(&t, err);
        if (rc != SN_OK)
            return rc;
    }
    return SN_OK;
}
