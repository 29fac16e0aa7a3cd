/* Ranking the candidates of a competition (a reserve, a vacancy) by K,
 * saying where the order means nothing: equal K share a rank, and
 * neighbours closer than the standard error of their difference cannot
 * be told apart. Pure: no I/O. */
#ifndef MERIT_RANK_H
#define MERIT_RANK_H

#include <stddef.h>

/* Two K closer than this are equal: K is a sum of products, and the same
 * inputs in another order differ in the last bits. */
#define RANK_TIE_EPS 1e-9

struct candidate {
	const char *person;
	double K, se; /* se NAN when unknown */
	const char *band; /* may be NULL */
	double cut; /* the band cut K is within one se of; NAN when none */
	const char *cut_band;
	/* filled by rank_candidates */
	size_t rank; /* standard competition ranking: 1, 2, 2, 4 */
	int tie; /* shares its rank */
	/* with the next candidate down: 1 not distinguishable (K differ by
	 * less than sqrt(se1² + se2²)), 0 distinguishable, -1 unknown (an se
	 * unknown, or the last candidate) */
	int indistinct_next;
};

/* Sort c by K, highest first (then by person id), and fill rank, tie and
 * indistinct_next. */
void rank_candidates(struct candidate *c, size_t n);

#endif
