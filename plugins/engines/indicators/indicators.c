/* indicators — B_KF: the behavioural indicators of the competency model
 * observed in a person, or a direct rating on a scale, per competency. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <merit/merit.h>

static const struct merit_host *H;

struct settings {
	double lo, hi; /* rating scale */
	double attain; /* value from which a level counts as attained */
};

static int init(const struct merit_host *host, void **state)
{
	struct settings *s;
	H = host;
	if (!(s = H->alloc(sizeof(*s))))
		return MERIT_ENOMEM;
	s->lo = 1;
	s->hi = 5;
	s->attain = 0.5;
	*state = s;
	return 0;
}

static void deinit(void *state)
{
	H->free(state);
}

static int config(void *state, const merit_value *cfg)
{
	struct settings *s = state;
	if (H->value_type(cfg) == MERIT_VALUE_NULL)
		return 0;
	if (H->value_type(cfg) != MERIT_VALUE_MAP)
		return H->config_error("indicators", cfg, "settings are a mapping "
		    "{ rating_scale: [1, 5], attain: 0.5 }");
	for (size_t i = 0; i < H->value_len(cfg); i++) {
		const char *k = H->value_key_at(cfg, i);
		const merit_value *v = H->value_at(cfg, i);
		if (!strcmp(k, "rating_scale")) {
			if (H->value_type(v) != MERIT_VALUE_LIST || H->value_len(v) != 2 ||
			    H->value_number(H->value_at(v, 0), &s->lo) ||
			    H->value_number(H->value_at(v, 1), &s->hi) ||
			    !(s->lo < s->hi))
				return H->config_error("indicators", v, "rating_scale "
				    "must be [lowest, highest] with lowest < highest");
		} else if (!strcmp(k, "attain")) {
			if (H->value_number(v, &s->attain) || !(s->attain > 0) ||
			    s->attain > 1)
				return H->config_error("indicators", v, "attain must "
				    "be a number above 0 and at most 1");
		} else {
			return H->config_error("indicators", v, "unknown setting "
			    "'%s' (expected rating_scale, attain)", k);
		}
	}
	return 0;
}

/* A list of distinct 1-based indicator numbers, at most n; count in *k. */
static int indices(merit_measure *out, const merit_value *v, size_t n,
    const char *what, const char *cid, size_t *k)
{
	*k = 0;
	if (!v)
		return 0;
	if (H->value_type(v) != MERIT_VALUE_LIST)
		return H->fail(out, v, "%s: %s must be a list of indicator "
		    "numbers, e.g. [1, 3]", cid, what);
	size_t len = H->value_len(v);
	for (size_t i = 0; i < len; i++) {
		double x;
		const merit_value *it = H->value_at(v, i);
		if (H->value_number(it, &x) || x != floor(x) || x < 1 || x > (double)n)
			return H->fail(out, it, "%s: %s indicator numbers run from 1 "
			    "to %zu", cid, what, n);
		for (size_t j = 0; j < i; j++) {
			double y;
			H->value_number(H->value_at(v, j), &y);
			if (x == y)
				return H->fail(out, it, "%s: %s indicator %g is listed "
				    "twice", cid, what, x);
		}
	}
	*k = len;
	return 0;
}

/* The value of one observation { effective: [...], ineffective: [...] }:
 * effective indicators seen and ineffective ones not seen, over all. */
static int observed(merit_measure *out, const merit_value *e,
    const struct merit_indicator_set *set, const char *cid, double *value,
    double *se)
{
	size_t ke, ki;
	int rc;
	if (H->value_type(e) != MERIT_VALUE_MAP)
		return H->fail(out, e, "%s: expected { effective: [...], "
		    "ineffective: [...] }", cid);
	for (size_t i = 0; i < H->value_len(e); i++) {
		const char *k = H->value_key_at(e, i);
		if (strcmp(k, "effective") && strcmp(k, "ineffective"))
			return H->fail(out, H->value_at(e, i), "%s: unknown key "
			    "'%s' (expected effective, ineffective)", cid, k);
	}
	if ((rc = indices(out, H->value_get(e, "effective"), set->n_effective,
	    "effective", cid, &ke)) ||
	    (rc = indices(out, H->value_get(e, "ineffective"),
	    set->n_ineffective, "ineffective", cid, &ki)))
		return rc;
	double n = (double)(set->n_effective + set->n_ineffective);
	*value = ((double)ke + (double)(set->n_ineffective - ki)) / n;
	*se = sqrt(*value * (1 - *value) / n);
	return 0;
}

static int measure(void *state, const struct merit_engine_call *call)
{
	const struct settings *st = state;
	merit_measure *out = call->out;
	const merit_value *ev = call->evidence;
	const struct merit_framework *fw = call->model->framework;
	int post = call->person->post_level;
	double sum = 0;
	size_t n = 0;
	int rc;

	if (H->value_type(ev) != MERIT_VALUE_MAP)
		return H->fail(out, ev, "qualities evidence must map competency "
		    "ids to observations, e.g. cooperation: { effective: [1, 2], "
		    "ineffective: [] }");
	/* every key must be a competency of the framework */
	for (size_t i = 0; i < H->value_len(ev); i++)
		if (!H->competency_find(fw, H->value_key_at(ev, i)))
			return H->fail(out, H->value_at(ev, i), "'%s' is not a "
			    "competency of framework %s", H->value_key_at(ev, i),
			    fw->id);
	for (size_t ci = 0; ci < fw->n_competencies; ci++) {
		const struct merit_competency *c = &fw->competencies[ci];
		const struct merit_indicator_set *set =
		    H->indicators_for_post(fw, c, post);
		int covers = !c->post_min || (post >= c->post_min &&
		    post <= c->post_max);
		/* a competency without indicators is rated directly */
		int applies = set || (!c->n_sets && covers);
		const merit_value *e = H->value_get(ev, c->id);
		double value = NAN, se = NAN;
		const char *level = NULL;

		if (!applies) {
			if (e)
				return H->fail(out, e, "%s does not apply at post level "
				    "%d (no indicators for it there); remove it",
				    c->id, post);
			continue;
		}
		if (!e)
			return H->fail(out, ev, "no evidence for competency %s, which "
			    "applies at post level %d", c->id, post);
		const merit_value *rating = H->value_get(e, "rating");
		if (rating) {
			double x;
			if (H->value_len(e) != 1)
				return H->fail(out, e, "%s: a rating stands alone: "
				    "{ rating: N }", c->id);
			if (H->value_number(rating, &x) || x < st->lo || x > st->hi)
				return H->fail(out, rating, "%s: rating must be a number "
				    "from %g to %g", c->id, st->lo, st->hi);
			value = (x - st->lo) / (st->hi - st->lo);
			/* a level only for competencies declared by level */
			level = set && set->level && value >= st->attain
			    ? set->level->id : NULL;
			H->explain(out, "%s: rated %g on %g-%g: %.3f", c->id, x,
			    st->lo, st->hi, value);
		} else if (H->value_get(e, "effective") ||
		    H->value_get(e, "ineffective")) {
			if (!set)
				return H->fail(out, e, "%s has no indicators in the "
				    "model; rate it with { rating: N }", c->id);
			if ((rc = observed(out, e, set, c->id, &value, &se)))
				return rc;
			level = set->level && value >= st->attain ? set->level->id
								  : NULL;
			H->explain(out, "%s%s%s: indicators observed: %.3f", c->id,
			    set->level ? " at " : "", set->level ? set->level->id : "",
			    value);
		} else {
			/* keyed by level: { C: {...}, D: {...} } */
			if (H->value_type(e) != MERIT_VALUE_MAP || !H->value_len(e))
				return H->fail(out, e, "%s: expected { effective: [...], "
				    "ineffective: [...] }, observations by level "
				    "{ C: {...} }, or { rating: N }", c->id);
			if (!set || !set->level)
				return H->fail(out, e, "%s has no levels; give one "
				    "observation { effective: [...], ineffective: [...] }",
				    c->id);
			int best = -1, own_seen = 0;
			for (size_t i = 0; i < H->value_len(e); i++) {
				const char *lid = H->value_key_at(e, i);
				const struct merit_indicator_set *ls =
				    H->indicators_at_level(c, lid);
				double v, s;
				if (!ls)
					return H->fail(out, H->value_at(e, i), "%s has no "
					    "indicators at level '%s'", c->id, lid);
				if ((rc = observed(out, H->value_at(e, i), ls, c->id, &v,
				    &s)))
					return rc;
				H->explain(out, "%s at %s: indicators observed: %.3f",
				    c->id, lid, v);
				if (ls == set) {
					value = v;
					se = s;
					own_seen = 1;
				}
				if (v >= st->attain && ls->level->index > best) {
					best = ls->level->index;
					level = ls->level->id;
				}
			}
			if (!own_seen)
				return H->fail(out, e, "%s: observations by level must "
				    "include the person's own level %s", c->id,
				    set->level->id);
		}
		if ((rc = H->measure_competency(out, c->id, level, value, se)))
			return rc;
		sum += value;
		n++;
	}
	if (!n)
		return H->fail(out, ev, "no competency of framework %s applies at "
		    "post level %d", fw->id, post);
	H->explain(out, "B_KF = mean of %zu competencies = %.4f", n, sum / n);
	return H->measure_element(out, sum / (double)n, NAN);
}

static const struct merit_engine_ops ops = {
	.size = sizeof(ops),
	.measure = measure,
};

static const struct merit_plugin plugin = {
	MERIT_PLUGIN_HEAD(MERIT_PLUGIN_ENGINE),
	.name = "indicators",
	.version = "1.0.0",
	.summary = "B_KF: behavioural indicators observed at the post's level, "
	    "or ratings, per competency",
	.init = init,
	.config = config,
	.deinit = deinit,
	.ops = &ops,
};

MERIT_PLUGIN_DEFINE(plugin)
