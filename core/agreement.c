#include <math.h>
#include "agreement.h"

int agreement_compute(const double *value, const size_t *first,
    size_t n_persons, struct agreement *out)
{
	size_t a = 0, n = 0;
	double sum = 0, sum_k2 = 0, ssw = 0, do_sum = 0;
	for (size_t i = 0; i < n_persons; i++) {
		size_t k = first[i + 1] - first[i];
		if (k < 2)
			continue;
		double m = 0, ss = 0;
		for (size_t j = first[i]; j < first[i + 1]; j++)
			m += value[j];
		m /= (double)k;
		for (size_t j = first[i]; j < first[i + 1]; j++)
			ss += (value[j] - m) * (value[j] - m);
		a++;
		n += k;
		sum += m * (double)k;
		sum_k2 += (double)k * (double)k;
		ssw += ss;
		/* pairs within a person: sum over i != j of (x_i - x_j)^2 is
		 * 2 k ss; each value's pairs weigh 1 / (k - 1) */
		do_sum += 2 * (double)k * ss / (double)(k - 1);
	}
	out->n_persons = a;
	out->n_values = n;
	out->k0 = out->msb = out->msw = NAN;
	out->icc1 = out->icck = out->alpha = NAN;
	if (a < 2)
		return 0;
	double grand = sum / (double)n, ssb = 0, sst = 0;
	for (size_t i = 0; i < n_persons; i++) {
		size_t k = first[i + 1] - first[i];
		if (k < 2)
			continue;
		double m = 0;
		for (size_t j = first[i]; j < first[i + 1]; j++) {
			m += value[j];
			sst += (value[j] - grand) * (value[j] - grand);
		}
		m /= (double)k;
		ssb += (double)k * (m - grand) * (m - grand);
	}
	out->k0 = ((double)n - sum_k2 / (double)n) / (double)(a - 1);
	out->msb = ssb / (double)(a - 1);
	out->msw = ssw / (double)(n - a);
	if (out->msb > 0) {
		out->icc1 = (out->msb - out->msw) /
		    (out->msb + (out->k0 - 1) * out->msw);
		out->icck = (out->msb - out->msw) / out->msb;
	}
	/* alpha = 1 - D_o / D_e: observed disagreement within persons over
	 * the disagreement expected between any two pairable values */
	double d_o = do_sum / (double)n;
	double d_e = 2 * sst / (double)(n - 1);
	if (d_e > 0)
		out->alpha = 1 - d_o / d_e;
	return 0;
}

const char *agreement_icc_reading(double icc)
{
	return isnan(icc) ? "-" : icc < 0.5 ? "poor" : icc < 0.75 ? "moderate"
	    : icc < 0.9 ? "good" : "excellent";
}

const char *agreement_alpha_reading(double alpha)
{
	return isnan(alpha) ? "-" : alpha < 0.667 ? "unreliable"
	    : alpha < 0.8 ? "tentative" : "reliable";
}
