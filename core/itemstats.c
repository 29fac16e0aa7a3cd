#include <math.h>
#include <stdlib.h>
#include "itemstats.h"

/* Below this a variance counts as zero: scores are points of a test, and
 * a constant column's mean need not reproduce its value exactly. */
#define VAR_EPS 1e-12

double itemstats_pearson(const double *x, const double *y, size_t n)
{
	double mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0;
	if (n < 2)
		return NAN;
	for (size_t i = 0; i < n; i++) {
		mx += x[i];
		my += y[i];
	}
	mx /= (double)n;
	my /= (double)n;
	/* two passes: sums of squares of deviations, not of raw values,
	 * which would cancel catastrophically */
	for (size_t i = 0; i < n; i++) {
		sxx += (x[i] - mx) * (x[i] - mx);
		syy += (y[i] - my) * (y[i] - my);
		sxy += (x[i] - mx) * (y[i] - my);
	}
	if (sxx / (double)n < VAR_EPS || syy / (double)n < VAR_EPS)
		return NAN;
	return sxy / sqrt(sxx * syy);
}

/* Population variance (denominator n) of column j over the complete
 * persons. */
static double column_var(const double *score, const unsigned char *complete,
    size_t n_persons, size_t n_items, size_t j, size_t n)
{
	double m = 0, s = 0;
	for (size_t i = 0; i < n_persons; i++)
		if (complete[i])
			m += score[i * n_items + j];
	m /= (double)n;
	for (size_t i = 0; i < n_persons; i++)
		if (complete[i]) {
			double d = score[i * n_items + j] - m;
			s += d * d;
		}
	return s / (double)n;
}

int itemstats_compute(const double *score, const double *max,
    size_t n_persons, size_t n_items, struct itemstat *items,
    struct teststat *test)
{
	double *total = NULL, *x = NULL, *y = NULL;
	unsigned char *complete = NULL;
	int rc = -2;

	*test = (struct teststat){ .n_persons = n_persons, .n_items = n_items,
		.mean = NAN, .sd = NAN, .reliability = NAN, .dichotomous = 1 };
	for (size_t j = 0; j < n_items; j++) {
		if (!(max[j] > 0) || !isfinite(max[j]))
			return -1;
		if (max[j] != 1)
			test->dichotomous = 0;
		test->max_total += max[j];
	}
	for (size_t i = 0; i < n_persons * n_items; i++) {
		double s = score[i];
		if (isnan(s))
			continue;
		if (!(s >= 0) || s > max[i % n_items])
			return -1;
		if (s != 0 && s != 1)
			test->dichotomous = 0;
	}
	size_t np = n_persons ? n_persons : 1;
	if (!(total = calloc(np, sizeof(*total))) ||
	    !(x = malloc(np * sizeof(*x))) || !(y = malloc(np * sizeof(*y))) ||
	    !(complete = malloc(np)))
		goto out;

	/* each person's total over the items they took */
	for (size_t i = 0; i < n_persons; i++) {
		complete[i] = 1;
		for (size_t j = 0; j < n_items; j++) {
			double s = score[i * n_items + j];
			if (isnan(s))
				complete[i] = 0;
			else
				total[i] += s;
		}
		test->n_complete += complete[i];
	}

	for (size_t j = 0; j < n_items; j++) {
		struct itemstat *it = &items[j];
		size_t n = 0;
		double sum = 0;
		for (size_t i = 0; i < n_persons; i++) {
			double s = score[i * n_items + j];
			if (isnan(s))
				continue;
			x[n] = s;
			y[n] = total[i] - s; /* the rest score */
			sum += s;
			n++;
		}
		it->n = n;
		it->mean = n ? sum / (double)n : NAN;
		it->p = n ? it->mean / max[j] : NAN;
		it->r = itemstats_pearson(x, y, n);
		it->flags = 0;
		if (it->p < ITEMSTATS_P_LOW)
			it->flags |= ITEMSTATS_HARD;
		if (it->p > ITEMSTATS_P_HIGH)
			it->flags |= ITEMSTATS_EASY;
		if (isnan(it->r) || it->r < ITEMSTATS_R_LOW)
			it->flags |= ITEMSTATS_LOW_R;
		if (it->flags)
			test->n_flagged++;
	}

	/* the test as a whole, over the persons who took every item */
	size_t n = test->n_complete;
	if (n) {
		double m = 0, v = 0;
		for (size_t i = 0; i < n_persons; i++)
			if (complete[i])
				m += total[i];
		m /= (double)n;
		for (size_t i = 0; i < n_persons; i++)
			if (complete[i])
				v += (total[i] - m) * (total[i] - m);
		test->mean = m;
		if (n >= 2)
			test->sd = sqrt(v / (double)(n - 1));
		double var_total = v / (double)n;
		if (n >= 2 && n_items >= 2 && var_total >= VAR_EPS) {
			double sum_var = 0;
			for (size_t j = 0; j < n_items; j++)
				sum_var += column_var(score, complete, n_persons,
				    n_items, j, n);
			double k = (double)n_items;
			test->reliability = k / (k - 1) * (1 - sum_var / var_total);
		}
	}
	rc = 0;
out:
	free(total);
	free(x);
	free(y);
	free(complete);
	return rc;
}
