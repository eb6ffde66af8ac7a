/*
 * events_out.h - the `cases` and `meetings` sections of the reports
 * (internal to the report writers): JSON, the "Meetings" and "Patient
 * pathways" text sections, and their CSV tables. Each part is written only
 * when the analysis has those results (the store has case or meeting ids).
 */
#ifndef SAMNETT_EVENTS_OUT_H
#define SAMNETT_EVENTS_OUT_H

#include <jansson.h>
#include <stdio.h>

#include "samnett/output.h"

/* Add `meetings` and `cases` (DESIGN section 7) to the JSON report root. */
void sn_events_json(const sn_report *r, json_t *root);
/* The "Meetings" / "Møter" and "Patient pathways" / "Pasientforløp" sections. */
sn_status sn_events_text(const sn_report *r, FILE *out, sn_err *err);
/* cases.csv, co_serving.csv, meetings.csv and meeting_series.csv in dir. */
sn_status sn_events_csv(const sn_report *r, const char *dir, sn_err *err);

/* Shared by cases_out.c and meetings_out.c. */
json_t *sn_out_cases_json(const sn_report *r);
json_t *sn_out_meetings_json(const sn_report *r);
sn_status sn_out_cases_text(const sn_report *r, FILE *out, sn_err *err);
sn_status sn_out_meetings_text(const sn_report *r, FILE *out, sn_err *err);
sn_status sn_out_cases_csv(const sn_report *r, const char *dir, sn_err *err);
sn_status sn_out_meetings_csv(const sn_report *r, const char *dir, sn_err *err);

json_t *sn_out_num(double x); /* null for NaN */
/* "  label (padded to 40 columns) value" */
void sn_out_row(FILE *out, const char *label, const char *value);
/* s padded (or cut with "...") to width display columns. */
void sn_out_cell(FILE *out, const char *s, int width);
/* 1234567 -> "1,234,567" (English) or "1 234 567" (bokmål). */
const char *sn_out_grouped(const sn_report *r, long long v, char *buf, size_t cap);

/* CSV: a quoted-as-needed field, a number (empty for NaN), an atomic table file. */
void sn_out_field(FILE *f, const char *s);
void sn_out_number(FILE *f, double x);
typedef struct sn_out_table {
    FILE *f;
    char path[4096], tmp[4200];
} sn_out_table;
sn_status sn_out_table_open(sn_out_table *t, const char *dir, const char *name, sn_err *err);
sn_status sn_out_table_close(sn_out_table *t, sn_err *err);

#endif
