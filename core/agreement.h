/* Agreement between raters who differ from person to person (360
 * degrees): the one-way intraclass correlations ICC(1) and ICC(1,k) and
 * Krippendorff's alpha with the interval metric. Pure functions: no I/O. */
#ifndef MERIT_AGREEMENT_H
#define MERIT_AGREEMENT_H

#include <stddef.h>

struct agreement {
	size_t n_persons; /* persons with at least 2 values: the others say
			   * nothing about agreement and are left out */
	size_t n_values; /* values of those persons */
	double k0; /* raters per person, adjusted for unequal numbers */
	double msb, msw; /* mean squares between and within persons */
	double icc1; /* (MSB - MSW) / (MSB + (k0 - 1) MSW): one rater */
	double icck; /* (MSB - MSW) / MSB: the mean of k0 raters */
	double alpha; /* Krippendorff's alpha, interval metric */
};

/* value[first[i] .. first[i + 1]) are person i's values, i < n_persons.
 * Fills *out; a statistic that is undefined (fewer than 2 persons, no
 * variation) is NAN. Returns 0. */
int agreement_compute(const double *value, const size_t *first,
    size_t n_persons, struct agreement *out);

/* Conventional readings: ICC after Koo and Li (2016), poor < 0.5 <=
 * moderate < 0.75 <= good < 0.9 <= excellent; alpha after Krippendorff
 * (2004), unreliable < 0.667 <= tentative < 0.8 <= reliable. "-" for NAN. */
const char *agreement_icc_reading(double icc);
const char *agreement_alpha_reading(double alpha);

#endif
