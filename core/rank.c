#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "rank.h"
#include "uncertainty.h"

static int by_k(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;
	if (fabs(x->K - y->K) > RANK_TIE_EPS)
		return x->K < y->K ? 1 : -1;
	return strcmp(x->person, y->person);
}

void rank_candidates(struct candidate *c, size_t n)
{
	if (n)
		qsort(c, n, sizeof(*c), by_k);
	for (size_t i = 0; i < n; i++) {
		int same_as_prev = i && fabs(c[i].K - c[i - 1].K) <= RANK_TIE_EPS;
		c[i].rank = same_as_prev ? c[i - 1].rank : i + 1;
		c[i].tie = same_as_prev || (i + 1 < n &&
		    fabs(c[i].K - c[i + 1].K) <= RANK_TIE_EPS);
		if (i + 1 == n)
			c[i].indistinct_next = -1;
		else if (fabs(c[i].K - c[i + 1].K) <= RANK_TIE_EPS)
			c[i].indistinct_next = 1; /* equal: nothing to tell */
		else
			c[i].indistinct_next = uncertainty_indistinct(c[i].K,
			    c[i].se, c[i + 1].K, c[i + 1].se);
	}
}
