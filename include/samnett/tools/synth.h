/*
 * samnett/tools/synth.h - a deterministic generator of a fictional health
 * region: a tool beside the CLI (core/tools/synth, the samnett_tools
 * library; not part of the engine and not installed).
 *
 * The region has one health trust (helseforetak) with two hospitals and their
 * wards, municipalities of different sizes and travel distances, GPs,
 * coordinators and leaders. It writes `actors.csv` and `contacts.csv` (or
 * `contacts.csv.gz`) in the input format of README, "Input", so the demo and
 * the benchmarks read it through the same ingest path as real exports.
 *
 * The same options and seed always give byte-identical files. Next to the
 * CSVs it writes `truth.json`: which patterns were planted and the scopes
 * (organisation names, actor ids, windows) where a lens should find them.
 */
#ifndef SAMNETT_TOOLS_SYNTH_H
#define SAMNETT_TOOLS_SYNTH_H

#include <stdint.h>

#include "samnett/error.h"

typedef enum sn_synth_scale {
    SN_SYNTH_SMALL,    /* ~300 actors, some tens of thousands of contacts */
    SN_SYNTH_REGION,   /* ~2,000 actors, ~2 million contacts */
    SN_SYNTH_NATIONAL, /* 10,000+ actors, 10 million+ contacts */
} sn_synth_scale;

/* The planted patterns (see core/tools/synth/synth.c). */
enum {
    SN_SYNTH_P_SILO = 1u << 0,
    SN_SYNTH_P_BRIDGE = 1u << 1,
    SN_SYNTH_P_LEARNING = 1u << 2,
    SN_SYNTH_P_SHADOWING = 1u << 3,
    SN_SYNTH_P_PARALLEL = 1u << 4,
    SN_SYNTH_P_VIDEO = 1u << 5,
    SN_SYNTH_P_PINGPONG = 1u << 6,
    SN_SYNTH_P_TOPDOWN = 1u << 7,
    /* the set planted when none is chosen: all but top_down */
    SN_SYNTH_P_DEFAULT = (1u << 7) - 1,
    SN_SYNTH_P_ALL = (1u << 8) - 1,
};

/* The smallest and largest number of municipalities. */
#define SN_SYNTH_MIN_MUNI 3
#define SN_SYNTH_MAX_MUNI 200

typedef struct sn_synth_opts {
    sn_synth_scale scale;
    uint64_t seed;
    int gzip; /* write contacts.csv.gz instead of contacts.csv */
} sn_synth_opts;

/*
 * What to plant, and how much. A zero field means the default, so a zeroed
 * plan (or none) gives the region of earlier versions byte for byte.
 */
typedef struct sn_synth_plan {
    int null;           /* plant nothing (overrides plant) */
    unsigned plant;     /* SN_SYNTH_P_* bits; 0 = SN_SYNTH_P_DEFAULT */
    int strength_set;   /* strength given; else 1 */
    double strength;    /* 0..1: how strongly the planted patterns hold */
    int municipalities; /* 0 = the scale's number */
    double volume;      /* contact-rate multiplier; 0 = 1 */
} sn_synth_plan;

/*
 * Parse a comma list of pattern names (silo, bridge, learning_network,
 * one_way_shadowing, parallel_work, video_shift, pingpong, top_down; "all"
 * for the default set, "all+" for every pattern) into SN_SYNTH_P_* bits.
 * Returns SN_OK, or SN_EUSAGE with err naming the unknown word.
 */
sn_status sn_synth_plant_parse(const char *list, unsigned *out, sn_err *err);

/* The name of one pattern bit ("silo", ...), or NULL. */
const char *sn_synth_pattern_name(unsigned bit);

/*
 * Check the options: strength in 0..1, volume in (0, 100], municipalities
 * in SN_SYNTH_MIN_MUNI..SN_SYNTH_MAX_MUNI and large enough for the planted
 * patterns (the bridge needs k06-k08, the silo k02, top_down k04).
 * Returns SN_OK or SN_EUSAGE with err set.
 */
sn_status sn_synth_check(const sn_synth_opts *opts, const sn_synth_plan *plan, sn_err *err);

/* Parse "small", "region" or "national". Returns SN_OK or SN_EUSAGE. */
sn_status sn_synth_scale_parse(const char *name, sn_synth_scale *out);

/*
 * Write actors.csv and contacts.csv[.gz] into the existing directory `dir`
 * (the default plan, without truth.json: the demo's folder).
 * Contacts are written in time order. Returns SN_OK, or SN_EIO with err set.
 */
sn_status sn_synth_write(const sn_synth_opts *opts, const char *dir, sn_err *err);

/* sn_synth_write with a plan, and truth.json next to the CSV files. */
sn_status sn_synth_write_plan(const sn_synth_opts *opts, const sn_synth_plan *plan, const char *dir,
                              sn_err *err);

#endif
