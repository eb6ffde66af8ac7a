/*
 * samnett/privacy.h - privacy profiles: keyed pseudonyms for actor, case and
 * meeting ids, the free text left out, small organisations merged, and the
 * small-cell rule the report writers apply to counts.
 *
 * Profiles (--privacy):
 *   internal  today's reports, except that no output holds a raw case id
 *             (cases are pseudonymised with the key, else numbered in the
 *             order first met); counts are shown as they are unless
 *             --min-cell is given.
 *   shared    actor, case and meeting ids pseudonymised; names, professions
 *             and the extra attribute columns left out; counts from 1 to
 *             K-1 suppressed (K = --min-cell, default 3); ties carried by
 *             fewer than K contacts left out of the exported networks; a
 *             notice at the top of every report.
 *
 * A pseudonym is HMAC-SHA256 (libsodium) keyed with the 32-byte key of
 * --pseudonym-key over "NAMESPACE:" and the id (namespaces "actor", "case",
 * "meeting"), truncated to 128 bits and written in a readable alphabet. One
 * key gives the same pseudonym on every run and machine. Pseudonymous data
 * is still personal data: this is pseudonymisation, not anonymisation.
 */
#ifndef SAMNETT_PRIVACY_H
#define SAMNETT_PRIVACY_H

#include <stddef.h>

#include "samnett/error.h"
#include "samnett/store.h"

typedef enum sn_privacy_profile { SN_PRIVACY_INTERNAL, SN_PRIVACY_SHARED } sn_privacy_profile;

#define SN_PRIVACY_KEY_BYTES 32
/* A pseudonym's text with its terminating NUL (prefix, 128 bits in base 32, and the NUL). */
#define SN_PSEUDONYM_MAX 40
/* The name merged small organisations get. */
#define SN_PRIVACY_OTHER_ORG "andre"

typedef struct sn_privacy {
    sn_privacy_profile profile;
    /*
     * K of the small-cell rule: a count of contacts, ties, cases or actors
     * from 1 to K-1 is suppressed. 0: no suppression (internal without
     * --min-cell). Under shared at least 2 (default 3).
     */
    int min_cell;
    /* organisations with fewer than this many actors are merged into "andre"; 0: off */
    int merge_small_orgs;
    const char *key_file; /* --pseudonym-key as given, or NULL (never the key itself) */
    unsigned char key[SN_PRIVACY_KEY_BYTES];
    int has_key;
    /* set by sn_privacy_apply, for the provenance and the notice */
    long actors_pseudonymised, cases_pseudonymised, meetings_pseudonymised;
    long organisations_merged; /* organisations folded into "andre" */
    long attributes_dropped;   /* names, professions and extra values left out */
    /*
     * The re-identification check (set after the analysis, shared only):
     * actors that are the only one of their (type, organisation, degree
     * band), and whether the degrees shown were coarsened because of them.
     */
    int reid_checked;
    long reid_actors, reid_unique;
    double reid_threshold; /* the share of unique actors above which degrees are coarsened */
    int reid_coarsened;
} sn_privacy;

/* "internal" or "shared" (case-insensitive) into *out; SN_EUSAGE otherwise. */
sn_status sn_privacy_profile_parse(const char *name, sn_privacy_profile *out, sn_err *err);
const char *sn_privacy_profile_name(sn_privacy_profile p);

/* Write a new random key to path (mode 0600, never over an existing file). */
sn_status sn_privacy_key_new(const char *path, sn_err *err);
/* Read the key of path into p (p->key, p->has_key, p->key_file = path). */
sn_status sn_privacy_key_load(sn_privacy *p, const char *path, sn_err *err);

/*
 * The pseudonym of id (len bytes) in namespace ns ("actor", "case",
 * "meeting") into out (SN_PSEUDONYM_MAX bytes); needs p->has_key.
 */
void sn_privacy_pseudonym(const sn_privacy *p, const char *ns, const char *id, size_t len,
                          char out[SN_PSEUDONYM_MAX]);

/*
 * Apply the profile to a store after ingest, before any analysis: case ids
 * always become pseudonyms (or numbers in the order first met without a
 * key); under shared, actor and meeting ids become pseudonyms and the names,
 * professions and extra columns are left out; organisations with fewer than
 * p->merge_small_orgs actors become "andre". Everything downstream (the
 * analysis, the lenses, every report) sees only what is left.
 */
sn_status sn_privacy_apply(sn_store *s, sn_privacy *p, sn_err *err);

/* Whether the count x is suppressed: 0 < x < K. Never with p NULL or K 0. */
int sn_privacy_suppressed(const sn_privacy *p, double x);

/* Why a cell of sn_privacy_cells is not shown. */
enum { SN_CELL_SHOWN, SN_CELL_PRIMARY, SN_CELL_SECONDARY };
/*
 * The small-cell rule on a table of counts x (rows x cols, row-major): flags[i]
 * becomes SN_CELL_PRIMARY where 0 < x[i] < K, and SN_CELL_SECONDARY where a
 * cell has to be hidden as well because a total that is shown would reveal a
 * suppressed one: with row_totals (col_totals) shown, a row (column) with
 * exactly one suppressed cell gets its smallest other cell above zero
 * suppressed too, repeated until no row or column has exactly one. A list
 * with its total shown is one row with row_totals. Every writer of the same
 * table calls this on the same numbers, so every format hides the same cells.
 * Returns the number of cells not shown.
 */
size_t sn_privacy_cells(const sn_privacy *p, const double *x, size_t rows, size_t cols,
                        int row_totals, int col_totals, unsigned char *flags);

#endif
