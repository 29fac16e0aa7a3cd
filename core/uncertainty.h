/* Uncertainty of a figure: when a score is too close to a cut, or two
 * scores too close to each other, for the difference to mean anything.
 * Everything here takes standard errors as given (NAN: unknown) and
 * assumes the errors independent. */
#ifndef MERIT_UNCERTAINTY_H
#define MERIT_UNCERTAINTY_H

#include <stddef.h>
#include "merit/model.h"

/* The cut among the bands' minimums above 0 (a minimum of 0 cuts
 * nothing off) that K lies less than one se from, the nearest when
 * several: its index in bands, or -1 when none or se is unknown or 0. */
int uncertainty_borderline(const struct merit_band *bands, size_t n_bands,
    double K, double se);

/* The standard error of a difference of two independent scores,
 * sqrt(se1² + se2²); NAN when either is unknown. */
double uncertainty_se_diff(double se1, double se2);

/* 1 when two scores differ by less than the standard error of their
 * difference (not distinguishable), 0 when by at least that much, -1
 * when either standard error is unknown. */
int uncertainty_indistinct(double k1, double se1, double k2, double se2);

/* The standard error of measurement of a test, SD·sqrt(1 − alpha); NAN
 * when either is unknown or alpha is not in (-inf, 1]. */
double uncertainty_sem(double sd, double alpha);

#endif
