/*
 * samnett/output.h - reports: the readable text summary and JSON (schema 1).
 */
#ifndef SAMNETT_OUTPUT_H
#define SAMNETT_OUTPUT_H

#include <stdio.h>

#include "samnett/analysis.h"
#include "samnett/error.h"
#include "samnett/store.h"

#define SN_JSON_SCHEMA 1

typedef enum sn_lang { SN_LANG_EN, SN_LANG_NB } sn_lang;

typedef struct sn_report {
    const sn_store *store;
    const sn_analysis *an;
    const sn_diag *diag;
    const char *const *inputs; /* the sources as given */
    size_t n_inputs;
    int top;      /* rows in "top" tables (text) */
    sn_lang lang; /* text report language */
} sn_report;

sn_status sn_report_text(const sn_report *r, FILE *out, sn_err *err);
sn_status sn_report_json(const sn_report *r, FILE *out, sn_err *err);
/*
 * CSV tables into the folder dir (created if missing): actors.csv (every
 * node measure and the brokerage of the first partition), groups.csv (silo
 * measures per partition and group), brokerage.csv (one row per node and
 * role: raw, expected, z) and contact_matrix.csv (tie weight between groups,
 * per partition). Each file is written beside its target, then renamed.
 */
sn_status sn_report_csv(const sn_report *r, const char *dir, sn_err *err);

#endif
