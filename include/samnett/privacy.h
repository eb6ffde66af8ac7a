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
    /*
     * The key is a random one made by sn_privacy_apply for this run (shared
     * without --pseudonym-key): the pseudonyms differ on every run, and the
     * reports should say so.
     */
    int key_one_off;
    /*
     * Extra attribute columns kept under shared: those the analysis groups
     * by (--partition, --pairs-by), set by the caller, which knows the
     * analysis options. Names and professions are left out even when named.
     */
    const char *const *keep_columns;
    size_t n_keep_columns;
    /*
     * Pseudonymise actor and meeting ids and leave out the free text under
     * internal too: the watch sets it when given a key, so that its state
     * holds pseudonyms only.
     */
    int all_ids;
    /*
     * The store's actor, case and meeting ids are pseudonyms made with this
     * key already (read from a keyed watch state): sn_privacy_apply leaves
     * them as they are and does the rest.
     */
    int ids_done;
    /* set by sn_privacy_apply, for the provenance and the notice */
    long actors_pseudonymised, cases_pseudonymised, meetings_pseudonymised;
    long organisations_merged; /* organisations folded into "andre" */
    long attributes_dropped;   /* names, professions and extra values left out */
    int case_ids_salted;       /* a watch without a key: case ids pseudonymised with its salt */
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
 * sn_privacy_pseudonym for the readers' id_map (samnett/ingest.h): ud is the
 * sn_privacy (with a key), out has room for SN_PSEUDONYM_MAX bytes; returns
 * 1. sn_privacy_map_case maps the case ids only (0 for the others).
 */
int sn_privacy_map_id(void *ud, const char *ns, const char *id, size_t len, char *out);
int sn_privacy_map_case(void *ud, const char *ns, const char *id, size_t len, char *out);

/*
 * A fingerprint of p's key for the watch state (so that a state is never
 * mixed with another key): "k1-" and 16 characters of HMAC-SHA256 keyed
 * with the key over a fixed text; the key cannot be recovered from it.
 * out has room for SN_PSEUDONYM_MAX bytes. Needs p->has_key.
 */
void sn_privacy_fingerprint(const sn_privacy *p, char out[SN_PSEUDONYM_MAX]);

/*
 * A 32-byte key for another use (such as "state seal": the watch state's
 * sealed blobs) derived from p's key: HMAC-SHA256 keyed with it over
 * "samnett " and what. Needs p->has_key.
 */
void sn_privacy_derive_key(const sn_privacy *p, const char *what, unsigned char out[32]);

/*
 * Apply the profile to a store after ingest, before any analysis:
 *
 *   - case ids always become pseudonyms ("c-" and 26 characters) with a
 *     key, or without one "c-1", "c-2", ... in the order the store first
 *     met them (the order of the files and rows read); a case keeps its
 *     number in case_id[], only its text changes;
 *   - under shared (or with p->all_ids), actor ids ("a-...") and meeting ids
 *     ("m-...") become pseudonyms, names and professions become "", the
 *     extra columns are left out but those in p->keep_columns, and the
 *     spellings of merged ids (store->id_variants) are forgotten (their
 *     count stays). Shared without a key first makes a one-off random key
 *     (p->key_one_off); the caller says so;
 *   - with p->merge_small_orgs = K (both profiles), every organisation with
 *     fewer than K actors (counted over the actors of the store, those made
 *     from contacts too; actors without an organisation are left alone)
 *     becomes "andre", and its actors' units become "" (a unit's name could
 *     name the organisation).
 *
 * The counts of what was done go to p (actors_pseudonymised, ...). The
 * actor indices, case and meeting numbers stay: only their texts change.
 * Everything downstream (the analysis, the lenses, every report) sees only
 * what is left. Apply once per store. SN_ENOMEM, or SN_EANALYSIS should two
 * ids ever get the same pseudonym.
 */
sn_status sn_privacy_apply(sn_store *s, sn_privacy *p, sn_err *err);

/*
 * The id an option names (such as --remove) as the store now spells it:
 * after sn_privacy_apply pseudonymised the actors, a raw actor id becomes
 * its pseudonym (a pseudonym given as such is kept). Returns id itself when
 * it names no actor that way (a group label, an unknown id), else out.
 */
const char *sn_privacy_actor_ref(const sn_privacy *p, const sn_store *s, const char *id,
                                 char out[SN_PSEUDONYM_MAX]);

/*
 * How the reports name what was done to the ids: the pseudonyms "keyed" (a
 * --pseudonym-key), "one-off key" (shared without one) or "none"; the case
 * ids "pseudonymised" (a key, shared, or a watch state's salt) or "numbered".
 */
const char *sn_privacy_pseudonyms_name(const sn_privacy *p);
const char *sn_privacy_case_ids_name(const sn_privacy *p);

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
 * (when all the others are zero, a zero cell) suppressed too, repeated until no row or column has
 * exactly one. A list with its total shown is one row with row_totals. Every writer of the same
 * table calls this on the same numbers, so every format hides the same cells.
 * Returns the number of cells not shown.
 */
size_t sn_privacy_cells(const sn_privacy *p, const double *x, size_t rows, size_t cols,
                        int row_totals, int col_totals, unsigned char *flags);

#endif
