/*
 * ranking.h - the orders the readable report's tables show (internal to
 * core/analysis; the results are in samnett/analysis.h).
 */
#ifndef SN_ANALYSIS_RANKING_H
#define SN_ANALYSIS_RANKING_H

#include "samnett/analysis.h"

/* a->ranks from the measures of a (node measures, type_mix, silos, brokerage). */
sn_status sni_rankings_compute(sn_analysis *a, sn_err *err);
void sni_rankings_free(sn_rankings *r);
/* a->shifts from a->temporal. */
sn_status sni_shifts_compute(sn_analysis *a, sn_err *err);

#endif
