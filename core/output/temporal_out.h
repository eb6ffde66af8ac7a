/*
 * temporal_out.h - the `temporal` section of the reports (internal to the
 * report writers): JSON, the "Over time" text section and the CSV tables.
 * Each is called only when the analysis has temporal results.
 */
#ifndef SAMNETT_TEMPORAL_OUT_H
#define SAMNETT_TEMPORAL_OUT_H

#include <jansson.h>
#include <stdio.h>

#include "format.h"
#include "samnett/output.h"

/* Write the `temporal` object (README, "The JSON report") as a member of the open report object. */
void sni_temporal_json(const sn_report *r, sn_jw *w);
/* The "Over time" / "Over tid" section of the text report. */
sn_status sni_temporal_text(const sn_report *r, FILE *out, sn_err *err);
/*
 * windows.csv, window_channels.csv, window_actors.csv (with --window-metrics), temporal_ties.csv,
 * temporal_actors.csv, temporal_pairs.csv and change_points.csv in dir.
 */
sn_status sni_temporal_csv(const sn_report *r, const char *dir, sn_err *err);

#endif
