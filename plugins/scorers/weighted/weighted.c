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

static const char *band_of(const struct merit_assessment *as, double k,
    double *min)
{
	for (size_t b = 0; b < as->n_bands; b++)
		if (k >= as->bands[b].min - BAND_EPS) {
			*min = as->bands[b].min;
			return as->bands[b].label;
		}
	return NULL;
}

/* Non-compensatory minimums: a strength elsewhere cannot make up for an
 * element or a competency below its floor. Returns how many failed. */
static int minimums(const struct merit_score_call *call)
{
	static const char *const name[] = { "qualification", "qualities",
		"performance" };
	const struct merit_assessment *as = call->assessment;
	const struct merit_result *r = call->result;
	int failed = 0;
	for (int e = 0; e < MERIT_ELEMENTS; e++) {
		if (!isfinite(as->require[e]) || !r->used[e])
			continue;
		int ok = r->element[e] >= as->require[e] - BAND_EPS;
		H->explain(call->out, "minimum %s %g: %.4f, %s", name[e],
		    as->require[e], r->element[e], ok ? "met" : "NOT met");
		failed += !ok;
	}
	for (size_t f = 0; f < as->n_floors; f++) {
		const struct merit_floor *fl = &as->floors[f];
		size_t i;
		for (i = 0; i < r->n_competencies; i++)
			if (!strcmp(r->competencies[i].id, fl->competency))
				break;
		if (i == r->n_competencies || !isfinite(r->competencies[i].value)) {
			H->explain(call->out, "floor %s %g: not measured for this "
			    "person, so not applied", fl->competency, fl->min);
			continue;
		}
		double v = r->competencies[i].value;
		int ok = v >= fl->min - BAND_EPS;
		H->explain(call->out, "floor %s %g: %.4f, %s", fl->competency,
		    fl->min, v, ok ? "met" : "NOT met");
		failed += !ok;
	}
	return failed;
}

static int score(void *state, const struct merit_score_call *call)
{
	static const char *const sym[] = { "B_M", "B_KF", "B_FS" };
	struct merit_result *r = call->result;
	const struct merit_assessment *as = call->assessment;
	char terms[256] = "";
	size_t off = 0;
	double k = 0, min = 0;

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
	if (as->has_score_function) {
		const char *band = NULL;
		int rc = H->lua_score(call->out, as, call->person, r, &r->K, &band);
		if (rc)
			return rc;
		H->explain(call->out, "K = %.4f by the score function of "
		    "assessment %s (%s:%d); the weighted sum would be %s = %.4f",
		    r->K, as->id, as->src.file, as->src.line, terms, k);
		if (band) {
			r->band = band;
			H->explain(call->out, "band '%s', as the score function "
			    "chose", band);
		}
	} else {
		H->explain(call->out, "K = %s = %.4f", terms, k);
	}
	if (!r->band && (r->band = band_of(as, r->K, &min)))
		H->explain(call->out, "band '%s' (K >= %g)", r->band, min);
	else if (!as->n_bands)
		H->explain(call->out, "no bands declared");
	if (minimums(call) && as->n_bands) {
		const char *fb = as->fail_band ? as->fail_band
		    : as->bands[as->n_bands - 1].label;
		H->explain(call->out, "a minimum was not met: band '%s' whatever "
		    "K (was '%s')", fb, r->band ? r->band : "none");
		r->band = fb;
	}
	return 0;
}

static const struct merit_scorer_ops ops = {
	.size = sizeof(ops),
	.score = score,
};

static const struct merit_plugin plugin = {
	MERIT_PLUGIN_HEAD(MERIT_PLUGIN_SCORER),
	.name = "weighted",
	.version = "1.1.0",
	.summary = "integral score K as the weighted sum of the elements, "
	    "with bands",
	.init = init,
	.config = config,
	.ops = &ops,
};

MERIT_PLUGIN_DEFINE(plugin)
