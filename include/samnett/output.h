/*
 * samnett/output.h - reports: the readable text summary and JSON (schema 1).
 */
#ifndef SAMNETT_OUTPUT_H
#define SAMNETT_OUTPUT_H

#include <stdio.h>

#include "samnett/error.h"
#include "samnett/metrics.h"
#include "samnett/net.h"
#include "samnett/store.h"

#define SN_JSON_SCHEMA 1

typedef enum sn_lang { SN_LANG_EN, SN_LANG_NB } sn_lang;

typedef struct sn_report {
    const sn_store *store;
    const sn_net *net;
    const sn_metrics *metrics;
    const sn_diag *diag;
    const char *const *inputs; /* the sources as given */
    size_t n_inputs;
    int top;      /* rows in "top" tables (text) */
    sn_lang lang; /* text report language */
} sn_report;

sn_status sn_report_text(const sn_report *r, FILE *out, sn_err *err);
sn_status sn_report_json(const sn_report *r, FILE *out, sn_err *err);

#endif
