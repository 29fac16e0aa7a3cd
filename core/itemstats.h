/* Classical item statistics over a persons x items score matrix, for
 * methodologists reviewing a test: difficulty, item-rest (point-biserial)
 * discrimination, KR-20 or Cronbach's alpha. Pure functions: no I/O, no
 * allocation that outlives a call. */
#ifndef MERIT_ITEMSTATS_H
#define MERIT_ITEMSTATS_H

#include <stddef.h>

/* Review thresholds: an item outside them is flagged. */
#define ITEMSTATS_P_LOW 0.2 /* harder than this: few can answer it */
#define ITEMSTATS_P_HIGH 0.9 /* easier than this: tells nobody apart */
#define ITEMSTATS_R_LOW 0.2 /* discriminates less than this */

enum itemstats_flag {
	ITEMSTATS_HARD = 1, /* p < ITEMSTATS_P_LOW */
	ITEMSTATS_EASY = 2, /* p > ITEMSTATS_P_HIGH */
	ITEMSTATS_LOW_R = 4, /* r < ITEMSTATS_R_LOW, or r undefined */
};

struct itemstat {
	size_t n; /* persons who took the item */
	double mean; /* mean score, in points */
	double p; /* difficulty: mean of score / max, in [0, 1] */
	/* Discrimination: Pearson correlation of the item score with the
	 * rest score (the person's total minus this item), over the persons
	 * who took it; for a 0/1 item this is the point-biserial. NAN when
	 * the item or the rest score does not vary, or n < 2. */
	double r;
	int flags; /* enum itemstats_flag */
};

struct teststat {
	size_t n_persons, n_items;
	/* Persons who took every item: the totals, their mean and SD and the
	 * reliability are over these. */
	size_t n_complete;
	double max_total; /* sum of the items' maxima */
	double mean, sd; /* of the totals; sd with n - 1; NAN when undefined */
	/* All maxima 1 and every score 0 or 1: reliability is KR-20, else
	 * Cronbach's alpha (the same formula; for 0/1 items the variance of
	 * an item is p(1 - p), which makes alpha KR-20). */
	int dichotomous;
	/* k/(k-1) * (1 - sum of item variances / variance of totals), the
	 * variances all with denominator n, so the choice cancels; NAN when
	 * k < 2, n_complete < 2 or the totals do not vary. */
	double reliability;
	size_t n_flagged;
};

/* score[i * n_items + j] is person i's score on item j, NAN when item j
 * was not given to person i; max[j] > 0 is item j's maximum. Fills
 * items[0..n_items) and *test. Returns 0, -1 when a score is outside
 * [0, max] or a maximum is not positive, -2 when out of memory. */
int itemstats_compute(const double *score, const double *max,
    size_t n_persons, size_t n_items, struct itemstat *items,
    struct teststat *test);

/* Pearson correlation of x and y over n pairs; NAN when either does not
 * vary or n < 2. */
double itemstats_pearson(const double *x, const double *y, size_t n);

#endif
