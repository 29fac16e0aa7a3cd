#include <math.h>
#include "uncertainty.h"

int uncertainty_borderline(const struct merit_band *bands, size_t n_bands,
    double K, double se)
{
	int best = -1;
	double best_d = INFINITY;
	if (!isfinite(K) || !isfinite(se) || se <= 0)
		return -1;
	for (size_t b = 0; b < n_bands; b++) {
		double d = fabs(K - bands[b].min);
		if (bands[b].min > 0 && d < se && d < best_d) {
			best = (int)b;
			best_d = d;
		}
	}
	return best;
}

double uncertainty_se_diff(double se1, double se2)
{
	return isfinite(se1) && isfinite(se2) ? sqrt(se1 * se1 + se2 * se2)
					      : NAN;
}

int uncertainty_indistinct(double k1, double se1, double k2, double se2)
{
	double s = uncertainty_se_diff(se1, se2);
	if (!isfinite(s))
		return -1;
	return fabs(k1 - k2) < s;
}

double uncertainty_sem(double sd, double alpha)
{
	if (!isfinite(sd) || !isfinite(alpha) || alpha > 1)
		return NAN;
	return sd * sqrt(1 - alpha);
}
