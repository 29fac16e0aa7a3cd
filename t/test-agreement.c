/* TAP: rater agreement (core/agreement.c) and the fairness statistics
 * (core/fairness.c) on data small enough to work out by hand. */
#include <math.h>
#include <stdio.h>
#include "../core/agreement.h"
#include "../core/fairness.h"

static int n_test, failed;

static void ok(int cond, const char *what)
{
	n_test++;
	if (!cond)
		failed = 1;
	printf("%sok %d - %s\n", cond ? "" : "not ", n_test, what);
}

static int near(double a, double b, double tol)
{
	return fabs(a - b) < tol;
}

int main(void)
{
	printf("1..9\n");

	/* Three persons rated by 2, 2 and 3 raters: {1, 3}, {4, 6}, {2, 4, 6};
	 * means 2, 5, 4; N = 7, grand mean 26/7.
	 * SSB = 2 (12/7)^2 + 2 (9/7)^2 + 3 (2/7)^2 = 462/49; MSB = 231/49.
	 * SSW = 2 + 2 + 8 = 12; MSW = 12 / (7 - 3) = 3.
	 * k0 = (7 - (4 + 4 + 9)/7) / 2 = 16/7.
	 * ICC(1) = (231/49 - 147/49) / (231/49 + (9/7) 3) = 84/420 = 0.2.
	 * ICC(1,k) = (84/49) / (231/49) = 4/11.
	 * alpha: ordered pairs within persons 8/1 + 8/1 + 48/2 = 40, D_o =
	 * 40/7; all ordered pairs 2 N SST = 14 (150/7) = 300, D_e = 300/42;
	 * alpha = 1 - (40/7)/(50/7) = 0.2. */
	const double v[] = { 1, 3, 4, 6, 2, 4, 6 };
	const size_t first[] = { 0, 2, 4, 7 };
	struct agreement a;
	agreement_compute(v, first, 3, &a);
	ok(a.n_persons == 3 && a.n_values == 7 && near(a.k0, 16.0 / 7, 1e-12),
	    "3 persons, 7 values, k0 = 16/7");
	ok(near(a.msb, 231.0 / 49, 1e-12) && near(a.msw, 3, 1e-12),
	    "MSB = 231/49, MSW = 3");
	ok(near(a.icc1, 0.2, 1e-12) && near(a.icck, 4.0 / 11, 1e-12),
	    "ICC(1) = 0.2, ICC(1,k) = 4/11");
	ok(near(a.alpha, 0.2, 1e-12), "Krippendorff's alpha = 0.2");

	/* A person with one value says nothing of agreement: left out. */
	const double v2[] = { 1, 3, 4, 6, 2, 4, 6, 5 };
	const size_t first2[] = { 0, 2, 4, 7, 8 };
	struct agreement b;
	agreement_compute(v2, first2, 4, &b);
	ok(b.n_persons == 3 && near(b.icc1, 0.2, 1e-12) &&
	    near(b.alpha, 0.2, 1e-12), "a person rated once is left out");

	/* Values that do not vary: every statistic undefined. */
	const double v3[] = { 2, 2, 2, 2 };
	const size_t first3[] = { 0, 2, 4 };
	agreement_compute(v3, first3, 2, &b);
	ok(isnan(b.icc1) && isnan(b.icck) && isnan(b.alpha),
	    "no variation: undefined");

	/* Fisher's tea tasting, [[3, 1], [1, 3]]: with margins 4, 4 the first
	 * cell k has probability C(4,k) C(4,4-k) / 70 = 1, 16, 36, 16, 1 /70;
	 * those at most 16/70: 34/70. */
	ok(near(fairness_fisher(3, 1, 1, 3), 34.0 / 70, 1e-12),
	    "Fisher two-sided, tea tasting: 34/70");

	/* Two groups of 2: K {0, 2} passing 1 of 2, K {1, 3} passing 2 of 2.
	 * Reference: the second (rate 1); ratio of the first 0.5. Means 1
	 * and 2, variances 2: vg = vr = 1, df = 4 / (1 + 1) = 2. With 2
	 * degrees of freedom F(t) = 1/2 + t / (2 sqrt(2 + t^2)); F(t) =
	 * 0.975 gives t^2 = 1.805 / 0.0975, t = 4.3026527. Interval
	 * -1 -+ t sqrt(2). */
	const double k1[] = { 0, 2 }, k2[] = { 1, 3 };
	struct fairness_group g[2] = {
		{ .name = "a", .n = 2, .n_pass = 1, .k = k1 },
		{ .name = "b", .n = 2, .n_pass = 2, .k = k2 },
	};
	size_t ref = fairness_compute(g, 2);
	double t = sqrt(1.805 / 0.0975);
	ok(ref == 1 && near(g[0].impact_ratio, 0.5, 1e-12) &&
	    near(g[1].impact_ratio, 1, 1e-12) && isnan(g[1].fisher_p),
	    "reference: the highest pass rate; ratio 0.5");
	ok(near(g[0].diff, -1, 1e-12) && near(g[0].welch_df, 2, 1e-12) &&
	    near(g[0].diff_lo, -1 - t * sqrt(2), 1e-9) &&
	    near(g[0].diff_hi, -1 + t * sqrt(2), 1e-9),
	    "Welch: df 2, interval -1 -+ 4.3027 sqrt(2)");
	return failed;
}
