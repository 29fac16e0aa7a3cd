#include <math.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include "fairness.h"

double fairness_fisher(unsigned a, unsigned b, unsigned c, unsigned d)
{
	/* the first cell given the margins is hypergeometric: n1 = a + b
	 * from group one, n2 = c + d from group two, t = a + c passes */
	unsigned n1 = a + b, n2 = c + d, t = a + c;
	unsigned lo = t > n2 ? t - n2 : 0, hi = t < n1 ? t : n1;
	double seen = gsl_ran_hypergeometric_pdf(a, n1, n2, t), p = 0;
	for (unsigned k = lo; k <= hi; k++) {
		double pk = gsl_ran_hypergeometric_pdf(k, n1, n2, t);
		/* tables as likely as the one seen, up to rounding */
		if (pk <= seen * (1 + 1e-7))
			p += pk;
	}
	return p < 1 ? p : 1;
}

static void mean_sd(struct fairness_group *g)
{
	double m = 0, ss = 0;
	for (size_t i = 0; i < g->n; i++)
		m += g->k[i];
	m /= (double)g->n;
	for (size_t i = 0; i < g->n; i++)
		ss += (g->k[i] - m) * (g->k[i] - m);
	g->mean_k = m;
	g->sd_k = g->n > 1 ? sqrt(ss / (double)(g->n - 1)) : NAN;
}

/* Welch's interval for the difference of g's mean K and r's. */
static void welch(struct fairness_group *g, const struct fairness_group *r)
{
	g->diff = g->mean_k - r->mean_k;
	g->diff_lo = g->diff_hi = g->welch_df = NAN;
	if (g->n < 2 || r->n < 2)
		return;
	double vg = g->sd_k * g->sd_k / (double)g->n;
	double vr = r->sd_k * r->sd_k / (double)r->n;
	if (!(vg + vr > 0))
		return;
	g->welch_df = (vg + vr) * (vg + vr) / (vg * vg / (double)(g->n - 1) +
	    vr * vr / (double)(r->n - 1));
	double t = gsl_cdf_tdist_Pinv(1 - (1 - FAIRNESS_CONFIDENCE) / 2,
	    g->welch_df);
	g->diff_lo = g->diff - t * sqrt(vg + vr);
	g->diff_hi = g->diff + t * sqrt(vg + vr);
}

size_t fairness_compute(struct fairness_group *g, size_t n)
{
	size_t ref = 0;
	for (size_t i = 0; i < n; i++) {
		g[i].pass_rate = (double)g[i].n_pass / (double)g[i].n;
		mean_sd(&g[i]);
		if (g[i].pass_rate > g[ref].pass_rate ||
		    (g[i].pass_rate == g[ref].pass_rate && g[i].n > g[ref].n))
			ref = i;
	}
	const struct fairness_group *r = &g[ref];
	for (size_t i = 0; i < n; i++) {
		g[i].impact_ratio = r->pass_rate > 0 ? g[i].pass_rate /
		    r->pass_rate : NAN;
		g[i].fisher_p = i == ref ? NAN : fairness_fisher(
		    (unsigned)g[i].n_pass, (unsigned)(g[i].n - g[i].n_pass),
		    (unsigned)r->n_pass, (unsigned)(r->n - r->n_pass));
		if (i != ref) {
			welch(&g[i], r);
		} else {
			g[i].diff = 0;
			g[i].diff_lo = g[i].diff_hi = g[i].welch_df = NAN;
		}
	}
	return ref;
}
