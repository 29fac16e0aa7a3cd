/* qualification — B_M: a person's education, service, training and
 * certifications against the requirements declared for the post. */
#include <math.h>
#include <string.h>
#include <merit/merit.h>

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
		return H->config_error("qualification", cfg, "takes no settings "
		    "(requirements are declared in Lua: requirements \"id\" { ... })");
	return 0;
}

static const char *const edu_name[] = { "none", "secondary", "vocational",
	"bachelor", "master", "doctorate" };

/* min(1, actual / required), and 1 when nothing is required */
static double ratio(double actual, double required)
{
	if (required <= 0)
		return 1.0;
	return actual >= required ? 1.0 : actual / required;
}

static int number(merit_measure *out, const merit_value *ev, const char *key,
    double *x)
{
	const merit_value *v = H->value_get(ev, key);
	if (!v)
		return H->fail(out, ev, "qualification: missing '%s' (the post's "
		    "requirements state it)", key);
	if (H->value_number(v, x) || *x < 0)
		return H->fail(out, v, "qualification: '%s' must be a number of "
		    "at least 0", key);
	return 0;
}

static int measure(void *state, const struct merit_engine_call *call)
{
	merit_measure *out = call->out;
	const merit_value *ev = call->evidence;
	const struct merit_requirement *r = H->requirement_for_post(call->model,
	    call->person->post_level);
	double sum = 0, wsum = 0, s, x;
	int rc;

	if (!r)
		return H->fail(out, call->person->record, "no qualification "
		    "requirements cover post level %d; declare requirements "
		    "\"...\" { posts = { first, last }, ... } for it",
		    call->person->post_level);
	if (H->value_type(ev) != MERIT_VALUE_MAP)
		return H->fail(out, ev, "qualification evidence must be a mapping "
		    "{ education, service_years, training_hours, certifications }");
	for (size_t i = 0; i < H->value_len(ev); i++) {
		const char *k = H->value_key_at(ev, i);
		if (strcmp(k, "education") && strcmp(k, "service_years") &&
		    strcmp(k, "training_hours") && strcmp(k, "certifications"))
			return H->fail(out, H->value_at(ev, i), "qualification: "
			    "unknown key '%s' (expected education, service_years, "
			    "training_hours, certifications)", k);
	}
	H->explain(out, "requirements '%s' (posts %d-%d)", r->id, r->post_min,
	    r->post_max);
	if (r->education) {
		const merit_value *v = H->value_get(ev, "education");
		const char *e = v ? H->value_string(v) : NULL;
		int rank = e ? H->education_rank(e) : 0;
		if (!v)
			return H->fail(out, ev, "qualification: missing 'education'");
		if (!rank)
			return H->fail(out, v, "qualification: education must be one "
			    "of secondary, vocational, bachelor, master, doctorate");
		s = rank >= r->education ? 1.0 : (double)rank / r->education;
		H->explain(out, "education %s, required %s: %.3f (weight %g)", e,
		    edu_name[r->education], s, r->w_education);
		sum += r->w_education * s;
		wsum += r->w_education;
	}
	if (r->has_service_years) {
		if ((rc = number(out, ev, "service_years", &x)))
			return rc;
		s = ratio(x, r->service_years);
		H->explain(out, "service %g years, required %g: %.3f (weight %g)",
		    x, r->service_years, s, r->w_service_years);
		sum += r->w_service_years * s;
		wsum += r->w_service_years;
	}
	if (r->has_training_hours) {
		if ((rc = number(out, ev, "training_hours", &x)))
			return rc;
		s = ratio(x, r->training_hours);
		H->explain(out, "training %g hours, required %g: %.3f (weight %g)",
		    x, r->training_hours, s, r->w_training_hours);
		sum += r->w_training_hours * s;
		wsum += r->w_training_hours;
	}
	if (r->has_certifications) {
		const merit_value *v = H->value_get(ev, "certifications");
		size_t held = 0;
		if (!v)
			return H->fail(out, ev, "qualification: missing "
			    "'certifications' (a list, [] when none)");
		if (H->value_type(v) != MERIT_VALUE_LIST)
			return H->fail(out, v, "qualification: certifications must "
			    "be a list of names");
		for (size_t i = 0; i < H->value_len(v); i++)
			if (!H->value_string(H->value_at(v, i)))
				return H->fail(out, H->value_at(v, i), "qualification: "
				    "a certification is named by a string");
		for (size_t j = 0; j < r->n_certifications; j++)
			for (size_t i = 0; i < H->value_len(v); i++)
				if (!strcmp(H->value_string(H->value_at(v, i)),
				    r->certifications[j])) {
					held++;
					break;
				}
		s = r->n_certifications ? (double)held / r->n_certifications : 1.0;
		H->explain(out, "certifications: %zu of %zu required held: %.3f "
		    "(weight %g)", held, r->n_certifications, s,
		    r->w_certifications);
		sum += r->w_certifications * s;
		wsum += r->w_certifications;
	}
	return H->measure_element(out, wsum > 0 ? sum / wsum : 0.0,
	    0.0);
}

static const struct merit_engine_ops ops = {
	.size = sizeof(ops),
	.measure = measure,
};

static const struct merit_plugin plugin = {
	MERIT_PLUGIN_HEAD(MERIT_PLUGIN_ENGINE),
	.name = "qualification",
	.version = "1.1.0",
	.summary = "B_M: education, service, training and certifications "
	    "against the post's requirements",
	.init = init,
	.config = config,
	.ops = &ops,
};

MERIT_PLUGIN_DEFINE(plugin)
