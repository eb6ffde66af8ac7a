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

#include "format.h"
#include "samnett/output.h"

/* Write `meetings` and `cases` (README, "The JSON report") as members of the open report object. */
void sni_events_json(const sn_report *r, sn_jw *w);
/* The "Meetings" / "Møter" and "Patient pathways" / "Pasientforløp" sections. */
sn_status sni_events_text(const sn_report *r, FILE *out, sn_err *err);
/* cases.csv, co_serving.csv, meetings.csv and meeting_series.csv in dir. */
sn_status sni_events_csv(const sn_report *r, const char *dir, sn_err *err);

/* Shared by cases_out.c and meetings_out.c. */
json_t *sni_out_cases_json(const sn_report *r);
json_t *sni_out_meetings_json(const sn_report *r);
sn_status sni_out_cases_text(const sn_report *r, FILE *out, sn_err *err);
sn_status sni_out_meetings_text(const sn_report *r, FILE *out, sn_err *err);
sn_status sni_out_cases_csv(const sn_report *r, const char *dir, sn_err *err);
sn_status sni_out_meetings_csv(const sn_report *r, const char *dir, sn_err *err);

#endif
