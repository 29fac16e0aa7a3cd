/* TAP: the item statistics of core/itemstats.c on matrices small enough
 * to work out by hand. */
#include <math.h>
#include <stdio.h>
#include "../core/itemstats.h"

static int n_test, failed;

static void ok(int cond, const char *what)
{
	n_test++;
	if (!cond)
		failed = 1;
	printf("%sok %d - %s\n", cond ? "" : "not ", n_test, what);
}

static int near(double a, double b)
{
	return fabs(a - b) < 1e-12;
}

int main(void)
{
	printf("1..16\n");

	/* 3 persons x 3 items, scored 0/1:
	 *
	 *            item1 item2 item3  total
	 *   person1    1     1     1      3
	 *   person2    1     1     0      2
	 *   person3    1     0     0      1
	 *
	 * p = 1, 2/3, 1/3; p(1-p) = 0, 2/9, 2/9, summing to 4/9.
	 * Totals 3, 2, 1: mean 2, variance (1 + 0 + 1)/3 = 2/3 (denominator
	 * n, as p(1-p) has), SD with n - 1: sqrt(2/2) = 1.
	 * KR-20 = k/(k-1) (1 - sum p(1-p) / var) = 3/2 (1 - (4/9)/(2/3))
	 *       = 3/2 * 1/3 = 0.5.
	 * Item 2 against the rest (total - item): x = 1, 1, 0 and rest = 2, 1,
	 * 1; deviations x: 1/3, 1/3, -2/3, rest: 2/3, -1/3, -1/3; sum of
	 * products 1/3, sums of squares 2/3 and 2/3: r = (1/3)/(2/3) = 0.5.
	 * Item 3 likewise (x = 1, 0, 0; rest = 2, 2, 1): r = 0.5. Item 1 does
	 * not vary: r undefined, and p = 1 > 0.9 flags it too easy. */
	const double s1[] = { 1, 1, 1, 1, 1, 0, 1, 0, 0 };
	const double m1[] = { 1, 1, 1 };
	struct itemstat it[3];
	struct teststat t;
	ok(itemstats_compute(s1, m1, 3, 3, it, &t) == 0, "3x3: computed");
	ok(near(it[0].p, 1) && near(it[1].p, 2.0 / 3) && near(it[2].p, 1.0 / 3),
	    "3x3: difficulty 1, 2/3, 1/3");
	ok(isnan(it[0].r) && near(it[1].r, 0.5) && near(it[2].r, 0.5),
	    "3x3: item-rest r undefined, 0.5, 0.5");
	ok(t.dichotomous && near(t.reliability, 0.5), "3x3: KR-20 = 0.5");
	ok(near(t.mean, 2) && near(t.sd, 1) && t.n_complete == 3 &&
	    near(t.max_total, 3), "3x3: totals mean 2, SD 1 of 3 points");
	ok(it[0].flags == (ITEMSTATS_EASY | ITEMSTATS_LOW_R) && !it[1].flags &&
	    !it[2].flags && t.n_flagged == 1, "3x3: only item 1 is flagged");

	/* 4 persons x 2 items worth 2 points each: Cronbach's alpha.
	 * Scores (2,1), (1,1), (0,0), (2,2); totals 3, 2, 0, 4, mean 9/4,
	 * variance 35/16. Item variances 11/16 and 1/2 (sum 19/16).
	 * alpha = 2/1 (1 - (19/16)/(35/16)) = 2 * 16/35 = 32/35. */
	const double s2[] = { 2, 1, 1, 1, 0, 0, 2, 2 };
	const double m2[] = { 2, 2 };
	ok(itemstats_compute(s2, m2, 4, 2, it, &t) == 0 && !t.dichotomous &&
	    near(t.reliability, 32.0 / 35), "4x2 polytomous: alpha = 32/35");
	ok(near(it[0].p, 1.25 / 2) && near(it[1].p, 0.5) && near(t.mean, 2.25),
	    "4x2: difficulty as mean score over maximum");

	/* 0/1 maxima with a half point is not dichotomous */
	const double s3[] = { 1, 0.5, 0, 1, 1, 1 };
	ok(itemstats_compute(s3, m1, 2, 3, it, &t) == 0 && !t.dichotomous,
	    "a partial score makes it alpha, not KR-20");

	/* an item not given to a person: the person's other items still count
	 * for item statistics, but only complete persons for the test */
	const double s4[] = { 1, 1, 1, 1, NAN, 0, 1, 0, 0, 0, 1, 0 };
	ok(itemstats_compute(s4, m1, 4, 3, it, &t) == 0 && t.n_complete == 3 &&
	    it[1].n == 3 && it[0].n == 4 && near(it[1].p, 2.0 / 3),
	    "missing cells: n per item and complete persons");
	/* complete persons 1, 3, 4: totals 3, 1, 1: mean 5/3 */
	ok(near(t.mean, 5.0 / 3), "missing cells: totals over complete persons");

	/* bad input */
	const double bad[] = { 2 };
	const double one[] = { 1 };
	ok(itemstats_compute(bad, one, 1, 1, it, &t) == -1,
	    "a score above the maximum is refused");
	const double zero[] = { 0 };
	ok(itemstats_compute(zero, zero, 1, 1, it, &t) == -1,
	    "a maximum of 0 is refused");

	/* too few persons or items: undefined, not a division by zero */
	ok(itemstats_compute(one, one, 1, 1, it, &t) == 0 &&
	    isnan(t.reliability) && isnan(t.sd) && isnan(it[0].r),
	    "one person, one item: reliability, SD and r undefined");

	const double x[] = { 1, 2, 3, 4 }, y[] = { 2, 4, 6, 8 }, z[] = { 8, 6,
		4, 2 };
	ok(near(itemstats_pearson(x, y, 4), 1) &&
	    near(itemstats_pearson(x, z, 4), -1), "pearson: +1 and -1");
	const double c[] = { 0.1, 0.1, 0.1, 0.1 };
	ok(isnan(itemstats_pearson(x, c, 4)),
	    "pearson: a constant column gives NAN");
	return failed;
}
