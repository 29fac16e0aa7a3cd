/* weighted — K = B_M·P_M + B_KF·P_KF + B_FS·P_FS (seed 001, formula 1),
 * with the assessment type's weights; unused elements are left out. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <merit/merit.h>

/* K and a band's minimum are compared with this tolerance, so that a K
 * of 0.7 computed as 0.69999999999 is not put in the band below. */
#define BAND_EPS 1e-9

static const struct merit_host *H;

static int init(const struct merit_host *host, void **state)
{
	H = host;
	*state = NULL;
	return 0;
}

static int config(void *state, const merit_value *cfg)
{
	if (H->value_type(cfg) != MERIT_VALUE_NULL &&
	    !(H->value_type(cfg) == MERIT_VALUE_MAP && !H->value_len(cfg)))
		return H->config_error("weighted", cfg, "takes no settings "
		    "(weights and bands are declared in the assessment type)");
	return 0;
}

static int score(void *state, const struct merit_score_call *call)
{
	static const char *const sym[] = { "B_M", "B_KF", "B_FS" };
	struct merit_result *r = call->result;
	const struct merit_assessment *as = call->assessment;
	char terms[256] = "";
	size_t off = 0;
	double k = 0;

	for (int e = 0; e < MERIT_ELEMENTS; e++) {
		if (!as->element[e].used)
			continue;
		if (!r->used[e])
			return H->fail(call->out, NULL, "weighted: element %s was "
			    "not measured", sym[e]);
		k += as->element[e].weight * r->element[e];
		off += (size_t)snprintf(terms + off, sizeof(terms) - off,
		    "%s%g*%.4f", off ? " + " : "", as->element[e].weight,
		    r->element[e]);
	}
	/* weights sum to 1 and elements lie in [0,1]; rounding only */
	if (k > 1)
		k = 1;
	r->K = k;
	r->band = NULL;
	size_t b;
	for (b = 0; b < as->n_bands; b++)
		if (k >= as->bands[b].min - BAND_EPS) {
			r->band = as->bands[b].label;
			break;
		}
	if (r->band)
		H->explain(call->out, "K = %s = %.4f; band '%s' (K >= %g)", terms,
		    k, r->band, as->bands[b].min);
	else
		H->explain(call->out, "K = %s = %.4f; no bands declared", terms, k);
	return 0;
}

static const struct merit_scorer_ops ops = {
	.size = sizeof(ops),
	.score = score,
};

static const struct merit_plugin plugin = {
	MERIT_PLUGIN_HEAD(MERIT_PLUGIN_SCORER),
	.name = "weighted",
	.version = "1.0.0",
	.summary = "integral score K as the weighted sum of the elements, "
	    "with bands",
	.init = init,
	.config = config,
	.ops = &ops,
};

MERIT_PLUGIN_DEFINE(plugin)
