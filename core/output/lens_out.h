/*
 * lens_out.h - rendering lens results in the JSON report (`lenses`) and the
 * text summary (one short section per lens). Internal to core/output.
 */
#ifndef SAMNETT_LENS_OUT_H
#define SAMNETT_LENS_OUT_H

#include <jansson.h>
#include <stdio.h>

#include "samnett/lens.h"
#include "samnett/output.h"

#include "format.h"

/*
 * The `lenses` array into w, element by element (name, file, title, status,
 * error, params, findings, seconds, concept, sources, detects, parameters); a lens whose JSON
 * dumped[i] already holds (sn_report_lens_dump, dumped_len[i] bytes) is written from it. dumped may
 * be NULL.
 */
void sni_lens_results_write(sn_jw *w, const sn_lens_results *r, char *const *dumped,
                            const size_t *dumped_len);

/*
 * The lens findings as CSV tables in dir (r->lenses must be set and final):
 * lenses.csv (one row per lens), findings.csv (one row per finding),
 * finding_values.csv (one row per score or test number of a finding) and
 * finding_thresholds.csv (one row per lens parameter a finding's label uses).
 */
sn_status sni_lens_csv(const sn_report *r, const char *dir, sn_err *err);

/* The "Lenses" section: per lens its title, its labels and up to three evidence lines. */
/*
 * An evidence text as the writers show it (malloc'd, or NULL when out of
 * memory): under the small-cell rule (l->min_cell > 0) every standalone whole
 * number from 1 to K-1 becomes "<K".
 */
char *sni_lens_evidence(const sn_lens_result *l, const char *s);

void sni_lens_results_text(const sn_lens_results *r, sn_lang lang, FILE *out);

#endif
