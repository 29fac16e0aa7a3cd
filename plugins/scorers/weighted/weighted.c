/* weighted — K = B_M·P_M + B_KF·P_KF + B_FS·P_FS (seed 001, formula 1),
 * with the assessment type's weights; unused elements are left out. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <merit/merit.h>

/* The step of the central differences through a score function, and
 * the slope below which K is taken not to depend on an input. */
#define DELTA_STEP 1e-4
#define FLAT_SLOPE 1e-9

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

/* se(K) of the weighted sum, the elements' errors taken as independent:
 * sqrt(Σ w²·se²). NAN when an element's standard error is unknown. */
static double weighted_se(const struct merit_assessment *as,
    const struct merit_result *r)
{
	double var = 0;
	for (int e = 0; e < MERIT_ELEMENTS; e++) {
		double w = as->element[e].weight;
		if (!as->element[e].used || w == 0)
			continue;
		if (!isfinite(r->element_se[e]))
			return NAN;
		var += w * w * r->element_se[e] * r->element_se[e];
	}
	return sqrt(var);
}

/* The score function at the result with one input, *x, moved to v. */
static int score_at(const struct merit_score_call *call,
    struct merit_result *at, double *x, double v, double *K)
{
	const char *band;
	double keep = *x;
	*x = v;
	int rc = H->lua_score(call->out, call->assessment, call->person, at, K,
	    &band);
	*x = keep;
	return rc;
}

/* dK/dx by central differences, the step kept inside [0, 1]. */
static int slope(const struct merit_score_call *call, struct merit_result *at,
    double *x, double *d)
{
	double lo = *x - DELTA_STEP, hi = *x + DELTA_STEP, k_lo, k_hi;
	if (lo < 0)
		lo = 0;
	if (hi > 1)
		hi = 1;
	int rc = score_at(call, at, x, lo, &k_lo);
	if (!rc)
		rc = score_at(call, at, x, hi, &k_hi);
	*d = rc ? NAN : (k_hi - k_lo) / (hi - lo);
	return rc;
}

/* One input's share of var(K): slope² · se². An input K does not depend
 * on adds nothing, whatever its error; one it depends on with an unknown
 * error makes var(K) unknown. */
static int add_term(const struct merit_score_call *call,
    struct merit_result *at, double *x, double se, double *var)
{
	double d;
	if (se == 0 || !isfinite(*x))
		return 0;
	int rc = slope(call, at, x, &d);
	if (rc)
		return rc;
	if (fabs(d) < FLAT_SLOPE)
		return 0;
	*var += isfinite(se) ? d * d * se * se : NAN;
	return 0;
}

/* se(K) through the Lua score function by the delta method: the
 * function's slope in each input it reads (element scores and
 * competency values), found by central differences, times that input's
 * standard error, the inputs taken as independent. NAN when unknown,
 * or when the function fails near the person's inputs. */
static double delta_se(const struct merit_score_call *call)
{
	const struct merit_result *r = call->result;
	struct merit_result at = *r;
	struct merit_competency_result *c = NULL;
	double var = 0;
	int rc = 0;
	if (r->n_competencies) {
		if (!(c = H->alloc(r->n_competencies * sizeof(*c))))
			return NAN;
		memcpy(c, r->competencies, r->n_competencies * sizeof(*c));
		at.competencies = c;
	}
	for (int e = 0; !rc && e < MERIT_ELEMENTS; e++)
		if (r->used[e])
			rc = add_term(call, &at, &at.element[e], r->element_se[e],
			    &var);
	for (size_t i = 0; !rc && i < r->n_competencies; i++)
		rc = add_term(call, &at, &c[i].value, c[i].se, &var);
	H->free(c);
	return rc ? NAN : sqrt(var);
}

static void explain_se(const struct merit_score_call *call, int by_function)
{
	const struct merit_result *r = call->result;
	const char *how = by_function ? "by the delta method through the "
	    "score function (central differences, step 1e-4), inputs taken "
	    "as independent" : "sqrt(sum of weight^2 * se^2), elements taken "
	    "as independent";
	if (isfinite(r->K_se))
		H->explain(call->out, "se(K) = %.4f, %s", r->K_se, how);
	else
		H->explain(call->out, "se(K) unknown: an input K depends on has "
		    "no known standard error (%s)", how);
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
		r->K_se = delta_se(call);
		explain_se(call, 1);
		if (band) {
			r->band = band;
			H->explain(call->out, "band '%s', as the score function "
			    "chose", band);
		}
	} else {
		H->explain(call->out, "K = %s = %.4f", terms, k);
		r->K_se = weighted_se(as, r);
		explain_se(call, 0);
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
	.version = "1.2.0",
	.summary = "integral score K as the weighted sum of the elements, "
	    "with bands",
	.init = init,
	.config = config,
	.ops = &ops,
};

MERIT_PLUGIN_DEFINE(plugin)
