/*
 * format.h - helpers shared by the report writers (internal): text cells and
 * rows, numbers grouped by thousands in the report language, JSON numbers,
 * CSV fields and numbers, and CSV tables written beside their target and
 * renamed into place.
 */
#ifndef SAMNETT_FORMAT_H
#define SAMNETT_FORMAT_H

#include <jansson.h>
#include <stdio.h>

#include "samnett/output.h"

json_t *sn_out_num(double x); /* null for NaN */
/*
 * Text report pieces. Every one escapes control characters and invalid UTF-8
 * (sn_escape in samnett/error.h), so that names, ids and lens text from the
 * data cannot move the cursor, clear the screen or fake report lines.
 */
/* "  label (padded to 40 columns) value" and a newline */
void sn_out_row(FILE *out, const char *label, const char *value);
/* s padded (or cut with "...") to width display columns, escapes counted as shown. */
void sn_out_cell(FILE *out, const char *s, int width);
/* s as it is shown; indent, s as it is shown and a newline. */
void sn_out_text(FILE *out, const char *s);
void sn_out_line(FILE *out, const char *indent, const char *s);
/* 1234567 -> "1,234,567" (English) or "1 234 567" (bokmål). */
const char *sn_out_grouped(const sn_report *r, long long v, char *buf, size_t cap);

/*
 * CSV: a text cell, quoted as needed and, when it begins with =, +, -, @, TAB
 * or CR, preceded by ' so that a spreadsheet does not run it as a formula; a
 * number cell (empty for NaN), never changed; an atomic table file.
 */
void sn_out_field(FILE *f, const char *s);
void sn_out_number(FILE *f, double x);
typedef struct sn_out_table {
    FILE *f;
    char path[4096], tmp[4200];
} sn_out_table;
sn_status sn_out_table_open(sn_out_table *t, const char *dir, const char *name, sn_err *err);
sn_status sn_out_table_close(sn_out_table *t, sn_err *err);
/* CSV tables named and written by a function each, one after the other. */
typedef struct sn_out_table_spec {
    const char *name;
    void (*write)(const sn_report *r, FILE *f);
} sn_out_table_spec;
sn_status sn_out_tables(const sn_report *r, const char *dir, const sn_out_table_spec *tables,
                        size_t n, sn_err *err);

#endif
