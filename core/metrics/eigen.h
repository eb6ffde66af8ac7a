/* eigen.h - eigenvector, hub and authority scores (internal to metrics). */
#ifndef SN_METRICS_EIGEN_H
#define SN_METRICS_EIGEN_H

#include "samnett/error.h"
#include "samnett/net.h"

/*
 * The three score vectors (n_nodes entries each), scaled to a largest value of
 * 1. A vector whose iteration did not converge is NaN and its flag is 0.
 */
sn_status sni_eigen_scores(const sn_net *net, double *eigenvector, double *hub, double *authority,
                           int *eigen_converged, int *hub_converged, sn_err *err);

#endif
