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

/* The `lenses` array: name, file, title, status, error, params, findings, seconds. */
json_t *sn_lens_results_json(const sn_lens_results *r);

/* The "Lenses" section: per lens its title, its labels and up to three evidence lines. */
void sn_lens_results_text(const sn_lens_results *r, sn_lang lang, FILE *out);

#endif
