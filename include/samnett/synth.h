/*
 * samnett/synth.h - a deterministic generator of a fictional health region.
 *
 * The region has one health trust (helseforetak) with two hospitals and their
 * wards, municipalities of different sizes and travel distances, GPs,
 * coordinators and leaders. It writes `actors.csv` and `contacts.csv` (or
 * `contacts.csv.gz`) in the input format of DESIGN section 3, so the demo and
 * the benchmarks read it through the same ingest path as real exports.
 *
 * The same scale and seed always give byte-identical files.
 */
#ifndef SAMNETT_SYNTH_H
#define SAMNETT_SYNTH_H

#include <stdint.h>

#include "samnett/error.h"

typedef enum sn_synth_scale {
    SN_SYNTH_SMALL,    /* ~300 actors, some tens of thousands of contacts */
    SN_SYNTH_REGION,   /* ~2,000 actors, ~2 million contacts */
    SN_SYNTH_NATIONAL, /* 10,000+ actors, 10 million+ contacts */
} sn_synth_scale;

typedef struct sn_synth_opts {
    sn_synth_scale scale;
    uint64_t seed;
    int gzip; /* write contacts.csv.gz instead of contacts.csv */
} sn_synth_opts;

/* Parse "small", "region" or "national". Returns SN_OK or SN_EUSAGE. */
sn_status sn_synth_scale_parse(const char *name, sn_synth_scale *out);

/*
 * Write actors.csv and contacts.csv[.gz] into the existing directory `dir`.
 * Contacts are written in time order. Returns SN_OK, or SN_EIO with err set.
 */
sn_status sn_synth_write(const sn_synth_opts *opts, const char *dir, sn_err *err);

#endif
