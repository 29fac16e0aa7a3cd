/* kpi — B_FS: goals with targets and actual results. */
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
		return H->config_error("kpi", cfg, "takes no settings");
	return 0;
}

static int measure(void *state, const struct merit_engine_call *call)
{
	merit_measure *out = call->out;
	const merit_value *ev = call->evidence;
	double sum = 0, wsum = 0;

	if (H->value_type(ev) != MERIT_VALUE_LIST || !H->value_len(ev))
		return H->fail(out, ev, "performance evidence must be a non-empty "
		    "list of goals { goal, target, actual, weight }");
	for (size_t i = 0; i < H->value_len(ev); i++) {
		const merit_value *g = H->value_at(ev, i);
		double target, actual, weight = 1;
		if (H->value_type(g) != MERIT_VALUE_MAP)
			return H->fail(out, g, "a goal is a mapping { goal, target, "
			    "actual, weight }");
		for (size_t k = 0; k < H->value_len(g); k++) {
			const char *key = H->value_key_at(g, k);
			if (strcmp(key, "goal") && strcmp(key, "target") &&
			    strcmp(key, "actual") && strcmp(key, "weight"))
				return H->fail(out, H->value_at(g, k), "unknown key "
				    "'%s' in a goal (expected goal, target, actual, "
				    "weight)", key);
		}
		const char *name = H->value_string(H->value_get(g, "goal"));
		if (!name)
			return H->fail(out, g, "a goal needs 'goal:', its wording");
		const merit_value *v = H->value_get(g, "target");
		if (!v || H->value_number(v, &target) || !(target > 0))
			return H->fail(out, v ? v : g, "goal '%s': target must be a "
			    "number above 0", name);
		v = H->value_get(g, "actual");
		if (!v || H->value_number(v, &actual) || actual < 0)
			return H->fail(out, v ? v : g, "goal '%s': actual must be a "
			    "number of at least 0", name);
		v = H->value_get(g, "weight");
		if (v && (H->value_number(v, &weight) || !(weight > 0)))
			return H->fail(out, v, "goal '%s': weight must be a number "
			    "above 0", name);
		double a = actual >= target ? 1.0 : actual / target;
		H->explain(out, "goal '%s': %g of %g = %.3f%s (weight %g)", name,
		    actual, target, a, actual > target ? " (capped at 1)" : "",
		    weight);
		sum += weight * a;
		wsum += weight;
	}
	return H->measure_element(out, sum / wsum, NAN);
}

static const struct merit_engine_ops ops = {
	.size = sizeof(ops),
	.measure = measure,
};

static const struct merit_plugin plugin = {
	MERIT_PLUGIN_HEAD(MERIT_PLUGIN_ENGINE),
	.name = "kpi",
	.version = "1.0.0",
	.summary = "B_FS: weighted achievement of performance goals, capped at "
	    "the target",
	.init = init,
	.config = config,
	.ops = &ops,
};

MERIT_PLUGIN_DEFINE(plugin)
