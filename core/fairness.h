/* Fairness of an assessment's outcomes across the groups of a roster
 * field: pass rates, the four-fifths adverse-impact ratio with Fisher's
 * exact test, and mean K with a Welch confidence interval, each group
 * against the reference group. Pure functions: no I/O. */
#ifndef MERIT_FAIRNESS_H
#define MERIT_FAIRNESS_H

#include <stddef.h>

#define FAIRNESS_FOUR_FIFTHS 0.8 /* an impact ratio below this is adverse */
#define FAIRNESS_CONFIDENCE 0.95

struct fairness_group {
	/* in */
	const char *name;
	size_t n; /* persons assessed */
	size_t n_pass;
	const double *k; /* their n scores K */
	/* out */
	double pass_rate; /* n_pass / n */
	/* pass_rate over the highest group's; NAN when that is 0 */
	double impact_ratio;
	/* Fisher's exact test, two-sided, of the 2x2 table pass/fail x this
	 * group/the reference group; NAN for the reference itself */
	double fisher_p;
	double mean_k, sd_k; /* sd with n - 1; NAN when n < 2 */
	/* mean_k minus the reference's, with a Welch 95 % interval and its
	 * degrees of freedom; NAN when either group has n < 2 or both SDs
	 * are 0 (the difference itself is then still given) */
	double diff, diff_lo, diff_hi, welch_df;
};

/* Fills the out fields of g[0..n) and returns the index of the reference
 * group: the highest pass rate, ties to the larger group, then the
 * earlier. Groups with n = 0 must not be passed. */
size_t fairness_compute(struct fairness_group *g, size_t n);

/* Fisher's exact test, two-sided: the probability, given the margins, of
 * a 2x2 table [[a, b], [c, d]] as likely as the one seen or less. */
double fairness_fisher(unsigned a, unsigned b, unsigned c, unsigned d);

#endif
