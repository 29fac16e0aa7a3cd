/* indicators — B_KF: the behavioural indicators of the competency model
 * observed in a person, or a direct rating on a scale, per competency. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <merit/merit.h>

static const struct merit_host *H;

/* The sample median of n values from a normal distribution with SD 1 has
 * the variance median_var[n], for 2 <= n <= MEDIAN_EXACT_MAX; filled once
 * in init() (see median_variances()). Above that the asymptotic
 * pi/(2n) is within 3 %. */
#define MEDIAN_EXACT_MAX 25
static double median_var[MEDIAN_EXACT_MAX + 1];

struct settings {
	double lo, hi; /* rating scale */
	double attain; /* value from which a level counts as attained */
	/* share of a set's indicators that must be observed for a value */
	double min_coverage;
	/* share of the competencies that apply that must have a value */
	double min_evidenced;
};

/* Var(median of n standard normal values), n = 2..MEDIAN_EXACT_MAX, by
 * composite Simpson integration of the order statistics' densities on
 * [-10, 10] (the tails beyond add less than 1e-20). For odd n = 2m + 1 the
 * median is X(m+1); for even n = 2m it is (X(m) + X(m+1)) / 2, whose
 * mean is 0 by symmetry, so its variance is (E X(m)^2 + E X(m)X(m+1)) / 2.
 * E X(m)X(m+1) = c * int x phi(x) F(x)^(m-1) G(x) dx with G(x) = int_x^inf
 * y phi(y) (1 - F(y))^(m-1) dy, integrated from the right at every other
 * node, so both integrals stay Simpson's. */
static int median_variances(void)
{
	enum { N = 20 * 512 }; /* intervals, a multiple of 4 */
	const double lo = -10, h = 20.0 / N;
	double *lnf = H->alloc(4 * (N + 1) * sizeof(*lnf));
	if (!lnf)
		return MERIT_ENOMEM;
	double *lnq = lnf + N + 1, *g = lnq + N + 1, *G = g + N + 1;
	for (int i = 0; i <= N; i++) {
		double x = lo + i * h;
		lnf[i] = log(0.5 * erfc(-x / M_SQRT2)); /* ln F(x) */
		lnq[i] = log(0.5 * erfc(x / M_SQRT2)); /* ln (1 - F(x)) */
	}
	median_var[0] = median_var[1] = NAN;
	for (int n = 2; n <= MEDIAN_EXACT_MAX; n++) {
		int m = n / 2;
		/* ln of phi(x) times the multinomial constant of the density */
		double lnc = lgamma(n + 1.0) - 0.5 * log(2 * M_PI);
		double sq = 0, cross = 0;
		for (int i = 0; i <= N; i++) {
			double x = lo + i * h, w = i == 0 || i == N ? 1 : i % 2 ? 4 : 2;
			double a = n % 2 ? m : m - 1; /* order statistic m+1 or m */
			double e = lnc - lgamma(a + 1) - lgamma(n - a) - x * x / 2 +
			    a * lnf[i] + (n - 1 - a) * lnq[i];
			sq += w * x * x * exp(e);
			if (n % 2 == 0) /* the integrand of G */
				g[i] = x * exp(-x * x / 2 + (m - 1) * lnq[i]);
		}
		sq *= h / 3;
		if (n % 2) {
			median_var[n] = sq;
			continue;
		}
		G[N] = 0;
		for (int j = N - 2; j >= 0; j -= 2)
			G[j] = G[j + 2] + h / 3 * (g[j] + 4 * g[j + 1] + g[j + 2]);
		double lnc2 = lgamma(n + 1.0) - 2 * lgamma((double)m) - log(2 * M_PI);
		for (int j = 0, k = 0; j <= N; j += 2, k++) {
			double x = lo + j * h;
			double w = j == 0 || j == N ? 1 : k % 2 ? 4 : 2;
			cross += w * x * exp(lnc2 - x * x / 2 + (m - 1) * lnf[j]) *
			    G[j];
		}
		cross *= 2 * h / 3;
		median_var[n] = (sq + cross) / 2;
	}
	H->free(lnf);
	return 0;
}

static int init(const struct merit_host *host, void **state)
{
	struct settings *s;
	H = host;
	int rc = median_variances();
	if (rc)
		return rc;
	if (!(s = H->alloc(sizeof(*s))))
		return MERIT_ENOMEM;
	s->lo = 1;
	s->hi = 5;
	s->attain = 0.5;
	s->min_coverage = 0.5;
	s->min_evidenced = 0.5;
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
		    "{ rating_scale: [1, 5], attain: 0.5, min_coverage: 0.5, "
		    "min_evidenced: 0.5 }");
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
		} else if (!strcmp(k, "min_coverage") ||
		    !strcmp(k, "min_evidenced")) {
			double *x = k[4] == 'c' ? &s->min_coverage
			    : &s->min_evidenced;
			if (H->value_number(v, x) || !(*x > 0) || *x > 1)
				return H->config_error("indicators", v, "%s must be "
				    "a share above 0 and at most 1, e.g. 0.5", k);
		} else {
			return H->config_error("indicators", v, "unknown setting "
			    "'%s' (expected rating_scale, attain, min_coverage, "
			    "min_evidenced)", k);
		}
	}
	return 0;
}

/* The most indicators one set may hold (both sides). */
#define MAX_INDICATORS 512

/* What one rater saw of each indicator of a set, effective ones first. */
enum sighting { NOT_OBSERVED = 0, OCCURRED, ABSENT };

/* Marks the 1-based indicator numbers of list v, at most n, as `how` in
 * mark[0..n-1]; a number marked before (in this list or another) is an
 * error. */
static int indices(merit_measure *out, const merit_value *v, size_t n,
    const char *what, const char *cid, unsigned char *mark,
    enum sighting how)
{
	if (!v)
		return 0;
	if (H->value_type(v) != MERIT_VALUE_LIST)
		return H->fail(out, v, "%s: %s must be a list of indicator "
		    "numbers, e.g. [1, 3]", cid, what);
	for (size_t i = 0; i < H->value_len(v); i++) {
		double x;
		const merit_value *it = H->value_at(v, i);
		if (H->value_number(it, &x) || x != floor(x) || x < 1 || x > (double)n)
			return H->fail(out, it, "%s: %s indicator numbers run from 1 "
			    "to %zu", cid, what, n);
		if (mark[(size_t)x - 1])
			return H->fail(out, it, "%s: %s indicator %g is listed "
			    "twice (an indicator either occurred or was absent)",
			    cid, what, x);
		mark[(size_t)x - 1] = (unsigned char)how;
	}
	return 0;
}

/* The indicators watched for and not seen: { effective: [...],
 * ineffective: [...] } under `absent`. */
static int absent(merit_measure *out, const merit_value *a,
    const struct merit_indicator_set *set, const char *cid,
    unsigned char *mark)
{
	int rc;
	if (!a)
		return 0;
	if (H->value_type(a) != MERIT_VALUE_MAP)
		return H->fail(out, a, "%s: absent must be { effective: [...], "
		    "ineffective: [...] }, the indicators watched for that did "
		    "not occur", cid);
	for (size_t i = 0; i < H->value_len(a); i++) {
		const char *k = H->value_key_at(a, i);
		if (strcmp(k, "effective") && strcmp(k, "ineffective"))
			return H->fail(out, H->value_at(a, i), "%s: unknown key "
			    "'%s' in absent (expected effective, ineffective)",
			    cid, k);
	}
	if ((rc = indices(out, H->value_get(a, "effective"), set->n_effective,
	    "absent effective", cid, mark, ABSENT)))
		return rc;
	return indices(out, H->value_get(a, "ineffective"), set->n_ineffective,
	    "absent ineffective", cid, mark + set->n_effective, ABSENT);
}

/* Adds this rater's observed indicators to `watched` (the union over the
 * raters, E + I long) and returns how many there were. */
static size_t count_watched(const unsigned char *mark, size_t n,
    unsigned char *watched)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		if (mark[i]) {
			k++;
			if (watched)
				watched[i] = 1;
		}
	return k;
}

/* The value of one observation { effective: [...], ineffective: [...],
 * absent: {...} } over the indicators observed: effective ones that
 * occurred and ineffective ones watched for and absent count for the
 * person. *n_seen is 0 when nothing was observed (no value). */
static int observed(merit_measure *out, const merit_value *e,
    const struct merit_indicator_set *set, const char *cid, double *value,
    double *se, size_t *n_seen, unsigned char *watched)
{
	unsigned char mark[MAX_INDICATORS] = { 0 };
	size_t E = set->n_effective, n = E + set->n_ineffective;
	int rc;
	if (H->value_type(e) != MERIT_VALUE_MAP)
		return H->fail(out, e, "%s: expected { effective: [...], "
		    "ineffective: [...], absent: {...} }", cid);
	if (n > MAX_INDICATORS)
		return H->fail(out, e, "%s: more than %d indicators in one set",
		    cid, MAX_INDICATORS);
	for (size_t i = 0; i < H->value_len(e); i++) {
		const char *k = H->value_key_at(e, i);
		if (strcmp(k, "effective") && strcmp(k, "ineffective") &&
		    strcmp(k, "absent"))
			return H->fail(out, H->value_at(e, i), "%s: unknown key "
			    "'%s' (expected effective, ineffective, absent)", cid, k);
	}
	if ((rc = indices(out, H->value_get(e, "effective"), E, "effective",
	    cid, mark, OCCURRED)) ||
	    (rc = indices(out, H->value_get(e, "ineffective"),
	    set->n_ineffective, "ineffective", cid, mark + E, OCCURRED)) ||
	    (rc = absent(out, H->value_get(e, "absent"), set, cid, mark)))
		return rc;
	double good = 0;
	for (size_t i = 0; i < n; i++)
		good += mark[i] == (i < E ? OCCURRED : ABSENT);
	*n_seen = count_watched(mark, n, watched);
	*value = *n_seen ? good / (double)*n_seen : NAN;
	*se = *n_seen ? sqrt(*value * (1 - *value) / (double)*n_seen) : NAN;
	return 0;
}

/* What one rater (or the single assessor) gave one competency. */
struct obs {
	int present; /* gave a value: observed at least one indicator */
	double value, se; /* value in [0,1] */
	double position, position_se; /* on the framework's scale */
	const char *level; /* attained, single-assessor mode only */
	const merit_value *where;
	size_t n_seen; /* indicators observed; 0 for a direct rating */
	int whole; /* a direct rating: the whole competency observed */
};

/* Frequency ratings { frequency: { effective: [5, 4], ineffective: [1, 2] } }:
 * one point of the rating scale per indicator, in the set's order, or
 * null for an indicator not observed. */
static int frequency(const struct settings *st, merit_measure *out,
    const merit_value *f, const struct merit_indicator_set *set,
    const char *cid, double *value, double *se, size_t *n_seen,
    unsigned char *watched)
{
	static const char *const side[2] = { "effective", "ineffective" };
	size_t want[2] = { set->n_effective, set->n_ineffective };
	double x[MAX_INDICATORS], sum = 0;
	size_t n = 0, k_all = 0;
	if (H->value_type(f) != MERIT_VALUE_MAP)
		return H->fail(out, f, "%s: frequency must be { effective: [...], "
		    "ineffective: [...] }, one rating per indicator", cid);
	for (size_t i = 0; i < H->value_len(f); i++)
		if (strcmp(H->value_key_at(f, i), side[0]) &&
		    strcmp(H->value_key_at(f, i), side[1]))
			return H->fail(out, H->value_at(f, i), "%s: unknown key "
			    "'%s' in frequency (expected effective, ineffective)",
			    cid, H->value_key_at(f, i));
	for (int k = 0; k < 2; k++) {
		const merit_value *l = H->value_get(f, side[k]);
		if (!want[k] && !l)
			continue;
		if (H->value_type(l) != MERIT_VALUE_LIST || H->value_len(l) !=
		    want[k] || k_all + want[k] > MAX_INDICATORS)
			return H->fail(out, l ? l : f, "%s: frequency %s must list "
			    "%zu ratings from %g to %g (or null: not observed), "
			    "one per indicator", cid, side[k], want[k], st->lo,
			    st->hi);
		for (size_t i = 0; i < want[k]; i++, k_all++) {
			double r;
			const merit_value *it = H->value_at(l, i);
			if (H->value_type(it) == MERIT_VALUE_NULL)
				continue; /* not observed: no part in the value */
			if (H->value_number(it, &r) || r < st->lo || r > st->hi)
				return H->fail(out, it, "%s: frequency ratings run "
				    "from %g to %g, or null for an indicator not "
				    "observed", cid, st->lo, st->hi);
			/* an ineffective behaviour seen often counts against */
			double u = (r - st->lo) / (st->hi - st->lo);
			x[n++] = k ? 1 - u : u;
			sum += x[n - 1];
			if (watched)
				watched[k_all] = 1;
		}
	}
	*n_seen = n;
	*value = n ? sum / (double)n : NAN;
	double var = 0;
	for (size_t i = 0; i < n; i++)
		var += (x[i] - *value) * (x[i] - *value);
	*se = n ? sqrt(var / (double)n / (double)n) : NAN;
	return 0;
}

/* The measured position on the framework's scale (see README). */
static void place(const struct settings *st, const struct merit_framework *fw,
    const struct merit_indicator_set *set, int post, struct obs *o)
{
	const struct merit_level *lv = set && set->level ? set->level
	    : H->level_for_post(fw, post);
	if (lv) {
		double f = o->value / st->attain;
		o->position = lv->index + (f < 1 ? f : 1);
		o->position_se = o->se / st->attain;
	} else {
		o->position = st->lo + o->value * (st->hi - st->lo);
		o->position_se = o->se * (st->hi - st->lo);
	}
}

/* The position rating point k of the type's anchored scale stands at,
 * for a post that requires level number n (1 = lowest): a level named,
 * the post's level, or below or above it, the points of one relation
 * spread evenly over the level below [n - 1, n) or above (n, n + 1]. */
static double anchor_position(const struct merit_assessment *as,
    const struct merit_framework *fw, size_t k, int n)
{
	const struct merit_anchor *an = &as->anchors[k];
	size_t rank = 0, count = 0;
	for (size_t i = 0; i < as->n_anchors; i++)
		if (as->anchors[i].relation == an->relation) {
			count++;
			rank += i <= k;
		}
	switch (an->relation) {
	case MERIT_ANCHOR_LEVEL:
		return H->level_index(fw, an->level);
	case MERIT_ANCHOR_MEETS:
		return n;
	case MERIT_ANCHOR_BELOW:
		return n - 1 + (double)(rank - 1) / (double)count;
	default:
		return n + (double)rank / (double)count;
	}
}

/* Direct ratings placed by the anchors of the assessment type's rating
 * scale, not by the attain threshold: a value between two points stands
 * between their positions; the level reached is the highest the position
 * fully reaches. 0 when there are no anchors or no level to anchor to. */
static int anchored(const struct merit_engine_call *call,
    const struct merit_indicator_set *set, struct obs *o)
{
	const struct merit_assessment *as = call->assessment;
	const struct merit_framework *fw = call->model->framework;
	const struct merit_level *lv = set && set->level ? set->level
	    : H->level_for_post(fw, call->person->post_level);
	if (!as->n_anchors || !lv || !fw->n_levels)
		return 0;
	const struct merit_anchor *a = as->anchors;
	double lo = a[0].point, hi = a[as->n_anchors - 1].point;
	double x = lo + o->value * (hi - lo);
	size_t k = 0;
	while (k + 2 < as->n_anchors && x > a[k + 1].point)
		k++;
	double p0 = anchor_position(as, fw, k, lv->index + 1);
	double p1 = anchor_position(as, fw, k + 1, lv->index + 1);
	double slope = (p1 - p0) / (a[k + 1].point - a[k].point);
	o->position = p0 + (x - a[k].point) * slope;
	o->position_se = o->se * (hi - lo) * fabs(slope);
	long i = (long)floor(o->position + 1e-9);
	if (i > (long)fw->n_levels)
		i = (long)fw->n_levels;
	o->level = i >= 1 ? fw->levels[i - 1].id : NULL;
	return 1;
}

/* A direct rating x: on the anchored scale, one of its points. */
static int rated(const struct settings *st, const struct merit_engine_call *call,
    const struct merit_competency *c, const merit_value *rating,
    const char *who, struct obs *o)
{
	const struct merit_assessment *as = call->assessment;
	double x, lo = st->lo, hi = st->hi;
	int on_point = !as->n_anchors;
	if (as->n_anchors) {
		lo = as->anchors[0].point;
		hi = as->anchors[as->n_anchors - 1].point;
	}
	if (H->value_number(rating, &x) || x < lo || x > hi)
		return H->fail(call->out, rating, "%s: rating must be a number "
		    "from %g to %g", c->id, lo, hi);
	for (size_t i = 0; i < as->n_anchors; i++)
		on_point |= x == as->anchors[i].point;
	if (!on_point)
		return H->fail(call->out, rating, "%s: rating %g is not a point "
		    "of assessment type %s's rating scale (%g to %g, each point "
		    "anchored)", c->id, x, as->id, lo, hi);
	o->value = (x - lo) / (hi - lo);
	o->whole = 1; /* a rating judges the whole competency */
	H->explain(call->out, "%s%s: rated %g on %g-%g: %.3f", c->id, who, x, lo,
	    hi, o->value);
	return 0;
}

/* Whether n_seen of a set's indicators are enough for a value. */
static int covered(const struct settings *st,
    const struct merit_indicator_set *set, size_t n_seen)
{
	size_t n = set->n_effective + set->n_ineffective;
	return n_seen && (double)n_seen >= st->min_coverage * (double)n - 1e-9;
}

/* Observations by level { C: {...}, B: {...} } (single assessor): the
 * value of the person's own level; the other levels, when covered
 * enough, decide the level attained and the position. */
static int by_levels(const struct settings *st, merit_measure *out,
    const struct merit_competency *c, const struct merit_indicator_set *set,
    const merit_value *e, unsigned char *watched, struct obs *o)
{
	int best = -1, own_seen = 0, rc;
	double pos = -1, pos_se = NAN;
	for (size_t i = 0; i < H->value_len(e); i++) {
		const char *lid = H->value_key_at(e, i);
		const struct merit_indicator_set *ls =
		    H->indicators_at_level(c, lid);
		double v, s;
		size_t k;
		if (!ls)
			return H->fail(out, H->value_at(e, i), "%s has no "
			    "indicators at level '%s'", c->id, lid);
		if ((rc = observed(out, H->value_at(e, i), ls, c->id, &v, &s, &k,
		    ls == set ? watched : NULL)))
			return rc;
		if (ls == set) {
			o->value = v;
			o->se = s;
			o->n_seen = k;
			own_seen = 1;
		}
		if (!covered(st, ls, k)) {
			H->explain(out, "%s at %s: %zu of %zu indicators observed: "
			    "not enough to judge the level", c->id, lid, k,
			    ls->n_effective + ls->n_ineffective);
			continue;
		}
		H->explain(out, "%s at %s: indicators observed: %.3f", c->id,
		    lid, v);
		if (v >= st->attain && ls->level->index > best) {
			best = ls->level->index;
			o->level = ls->level->id;
		}
		double f = v / st->attain;
		double p = ls->level->index + (f < 1 ? f : 1);
		if (p > pos) {
			pos = p;
			pos_se = s / st->attain;
		}
	}
	if (!own_seen)
		return H->fail(out, e, "%s: observations by level must "
		    "include the person's own level %s", c->id,
		    set->level->id);
	o->present = o->n_seen > 0;
	o->position = pos >= 0 ? pos : NAN;
	o->position_se = pos >= 0 ? pos_se : NAN;
	return 0;
}

/* One observation of competency c (any form) into *o; the indicators it
 * observed are added to `watched`. by_level is allowed only for the
 * single assessor. o->present is 0 when it observed no indicator. */
static int observe(const struct settings *st, const struct merit_engine_call *call,
    const struct merit_competency *c, const struct merit_indicator_set *set,
    const merit_value *e, int by_level, const char *who,
    unsigned char *watched, struct obs *o)
{
	merit_measure *out = call->out;
	const struct merit_framework *fw = call->model->framework;
	int post = call->person->post_level;
	int rc;
	o->present = 1;
	o->where = e;
	o->value = o->se = o->position = o->position_se = NAN;
	o->level = NULL;
	o->n_seen = 0;
	o->whole = 0;
	const merit_value *rating = H->value_get(e, "rating");
	const merit_value *freq = H->value_get(e, "frequency");
	if (rating) {
		if (H->value_len(e) != 1)
			return H->fail(out, e, "%s: a rating stands alone: "
			    "{ rating: N }", c->id);
		if ((rc = rated(st, call, c, rating, who, o)))
			return rc;
		if (anchored(call, set, o)) {
			H->explain(out, "%s%s: by the anchors, position %.3f, level "
			    "%s", c->id, who, o->position, o->level ? o->level
			    : "none");
			return 0;
		}
	} else if (freq) {
		if (H->value_len(e) != 1)
			return H->fail(out, e, "%s: frequency stands alone: "
			    "{ frequency: { effective: [...], ineffective: [...] } }",
			    c->id);
		if (!set)
			return H->fail(out, e, "%s has no indicators in the model; "
			    "rate it with { rating: N }", c->id);
		if ((rc = frequency(st, out, freq, set, c->id, &o->value, &o->se,
		    &o->n_seen, watched)))
			return rc;
		H->explain(out, "%s%s%s%s: indicator frequencies of %zu of %zu "
		    "indicators: %.3f", c->id, set->level ? " at " : "",
		    set->level ? set->level->id : "", who, o->n_seen,
		    set->n_effective + set->n_ineffective, o->value);
	} else if (H->value_get(e, "effective") || H->value_get(e, "ineffective")
	    || H->value_get(e, "absent")) {
		if (!set)
			return H->fail(out, e, "%s has no indicators in the model; "
			    "rate it with { rating: N }", c->id);
		if ((rc = observed(out, e, set, c->id, &o->value, &o->se,
		    &o->n_seen, watched)))
			return rc;
		H->explain(out, "%s%s%s%s: %zu of %zu indicators observed: %.3f",
		    c->id, set->level ? " at " : "",
		    set->level ? set->level->id : "", who, o->n_seen,
		    set->n_effective + set->n_ineffective, o->value);
	} else {
		/* keyed by level: { C: {...}, D: {...} } */
		if (H->value_type(e) != MERIT_VALUE_MAP || !H->value_len(e))
			return H->fail(out, e, "%s: expected { effective: [...], "
			    "ineffective: [...], absent: {...} }, observations by "
			    "level { C: {...} }, { frequency: {...} } or "
			    "{ rating: N }", c->id);
		if (!set || !set->level)
			return H->fail(out, e, "%s has no levels; give one "
			    "observation { effective: [...], ineffective: [...] }",
			    c->id);
		if (!by_level)
			return H->fail(out, e, "%s: a rater observes the person's "
			    "own level only: { effective: [...], ineffective: [...] }",
			    c->id);
		return by_levels(st, out, c, set, e, watched, o);
	}
	o->present = o->whole || o->n_seen > 0;
	if (!o->present)
		return 0;
	o->level = set && set->level && o->value >= st->attain
	    ? set->level->id : NULL;
	place(st, fw, set, post, o);
	return 0;
}

static const char *const role_name[MERIT_ROLES] = { "assessor", "manager",
	"peer", "subordinate", "self" };

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return x < y ? -1 : x > y;
}

/* Combine n raters' values x (roles in role[]) as the assessment type
 * declares; se_one is used when there is a single rater. Returns the
 * combined value and sets *se and *spread. */
static double combine(const struct merit_raters *rs, const double *x,
    const int *role, size_t n, double se_one, double *y, double *se,
    double *spread)
{
	double mean = 0, var = 0, v = 0;
	for (size_t i = 0; i < n; i++)
		mean += x[i];
	mean /= (double)n;
	for (size_t i = 0; i < n; i++)
		var += (x[i] - mean) * (x[i] - mean);
	var = n > 1 ? var / (double)(n - 1) : NAN; /* sample variance */
	*spread = n > 1 ? sqrt(var) : NAN;
	if (rs->combine == MERIT_COMBINE_WEIGHTED) {
		double sumw = 0, sw2 = 0;
		size_t cnt[MERIT_ROLES] = { 0 };
		for (size_t i = 0; i < n; i++)
			cnt[role[i]]++;
		for (int r = 0; r < MERIT_ROLES; r++)
			if (cnt[r])
				sumw += rs->role_weight[r];
		for (size_t i = 0; i < n; i++) {
			/* the role's weight, shared by its raters */
			double w = rs->role_weight[role[i]] / sumw /
			    (double)cnt[role[i]];
			v += w * x[i];
			sw2 += w * w;
		}
		*se = n > 1 ? sqrt(sw2 * var) : se_one;
		return v;
	}
	memcpy(y, x, n * sizeof(*y)); /* y: the caller's scratch, n long */
	qsort(y, n, sizeof(*y), cmp_double);
	if (rs->combine == MERIT_COMBINE_MEDIAN) {
		v = n % 2 ? y[n / 2] : (y[n / 2 - 1] + y[n / 2]) / 2;
		/* small samples: the exact variance of the median under a
		 * normal model, with the raters' SD for sigma */
		*se = n < 2 ? se_one : n <= MEDIAN_EXACT_MAX ?
		    sqrt(median_var[n] * var) : 1.2533 * sqrt(var / (double)n);
	} else {
		size_t g = (size_t)floor(rs->trim * (double)n);
		double sum = 0, wm = 0, wv = 0;
		for (size_t i = g; i < n - g; i++)
			sum += y[i];
		v = sum / (double)(n - 2 * g);
		/* winsorized variance for the standard error */
		for (size_t i = 0; i < n; i++) {
			double w = y[i < g ? g : i >= n - g ? n - g - 1 : i];
			wm += w;
		}
		wm /= (double)n;
		for (size_t i = 0; i < n; i++) {
			double w = y[i < g ? g : i >= n - g ? n - g - 1 : i];
			wv += (w - wm) * (w - wm);
		}
		*se = n > 1 ? sqrt(wv / (double)(n - 1)) /
		    ((1 - 2 * (double)g / (double)n) * sqrt((double)n)) : se_one;
	}
	return v;
}

struct rater {
	int role;
	const char *id;
	const merit_value *ratings;
};

static int parse_raters(merit_measure *out, const merit_value *list,
    struct rater *r, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const merit_value *it = H->value_at(list, i);
		if (H->value_type(it) != MERIT_VALUE_MAP)
			return H->fail(out, it, "a rater is { role: manager, id: R-1, "
			    "ratings: { competency: {...} } }");
		r[i].role = -1;
		r[i].id = NULL;
		r[i].ratings = NULL;
		for (size_t k = 0; k < H->value_len(it); k++) {
			const char *key = H->value_key_at(it, k);
			const merit_value *v = H->value_at(it, k);
			if (!strcmp(key, "role")) {
				const char *s = H->value_string(v);
				for (int q = 0; s && q < MERIT_ROLES; q++)
					if (!strcmp(s, role_name[q]))
						r[i].role = q;
				if (r[i].role < 0)
					return H->fail(out, v, "rater role must be one of "
					    "assessor, manager, peer, subordinate, self");
			} else if (!strcmp(key, "id")) {
				if (!(r[i].id = H->value_string(v)))
					return H->fail(out, v, "rater id must be a string");
			} else if (!strcmp(key, "ratings")) {
				if (H->value_type(v) != MERIT_VALUE_MAP)
					return H->fail(out, v, "ratings map competency ids "
					    "to observations");
				r[i].ratings = v;
			} else {
				return H->fail(out, v, "unknown key '%s' in a rater "
				    "(expected role, id, ratings)", key);
			}
		}
		if (r[i].role < 0 || !r[i].ratings)
			return H->fail(out, it, "a rater needs role and ratings");
		for (size_t j = 0; j < i; j++)
			if (r[i].id && r[j].id && !strcmp(r[i].id, r[j].id))
				return H->fail(out, it, "rater %s is listed twice",
				    r[i].id);
	}
	return 0;
}

/* Each present rater's value of c, for merit raters; a core older than
 * measure_rating() is not told. */
static int report_ratings(merit_measure *out, const char *cid,
    const struct rater *raters, const struct obs *o, size_t nr,
    int include_self)
{
	if (H->size < offsetof(struct merit_host, measure_rating) +
	    sizeof(H->measure_rating))
		return 0;
	for (size_t r = 0; r < nr; r++) {
		if (!o[r].present)
			continue;
		struct merit_rating rt = { .competency = cid, .rater = raters[r].id,
			.role = role_name[raters[r].role], .value = o[r].value,
			.counted = include_self || raters[r].role != MERIT_ROLE_SELF };
		int rc = H->measure_rating(out, &rt);
		if (rc)
			return rc;
	}
	return 0;
}

/* What the competencies so far add to B_KF. */
struct tally {
	double sum, self_sum;
	double var_sum; /* of the values' se; NAN once one is unknown */
	size_t n, n_self; /* competencies with a value; with a self-rating */
	size_t n_applies; /* competencies that apply */
	char lacking[512]; /* ids of those with insufficient evidence */
};

/* The raters' observations of one competency, combined into cr. */
static int combine_raters(const struct settings *st,
    const struct merit_engine_call *call, const struct rater *raters,
    size_t nr, const struct merit_competency *c,
    const struct merit_indicator_set *set, const struct obs *o, double *x,
    int *role, int all_rated, struct merit_competency_result *cr,
    char *prov, size_t prov_size)
{
	const struct merit_raters *rs = &call->assessment->raters;
	merit_measure *out = call->out;
	char where[256];
	size_t k = 0, ns = 0;
	double self = 0, se_one = NAN;
	for (size_t r = 0; r < nr; r++) {
		if (!o[r].present)
			continue;
		if (raters[r].role == MERIT_ROLE_SELF) {
			self += o[r].value;
			ns++;
			if (!rs->include_self)
				continue;
		}
		x[k] = o[r].value;
		role[k] = raters[r].role;
		se_one = o[r].se;
		k++;
	}
	cr->self = ns ? self / (double)ns : NAN;
	cr->n_raters = (int)k;
	/* provenance: where each rating came from */
	size_t off = 0;
	prov[0] = '\0';
	for (size_t r = 0; r < nr && off < prov_size; r++)
		if (o[r].where)
			off += (size_t)snprintf(prov + off, prov_size - off,
			    "%s%s %s", off ? ", " : "", role_name[raters[r].role],
			    H->value_where(o[r].where, where, sizeof(where)));
	cr->provenance = prov;
	if (cr->insufficient)
		return 0;
	double spread;
	cr->value = combine(rs, x, role, k, se_one, x + 2 * nr, &cr->se,
	    &spread);
	/* the combined value is placed on the scale once, with its se: a
	 * rater above the threshold cannot hide one below it */
	struct obs all = { .value = cr->value, .se = cr->se };
	int by_anchors = all_rated && anchored(call, set, &all);
	if (!by_anchors)
		place(st, call->model->framework, set, call->person->post_level,
		    &all);
	cr->position = all.position;
	cr->position_se = all.position_se;
	cr->spread = spread;
	cr->disagreement = isfinite(rs->disagreement) && isfinite(spread) &&
	    spread > rs->disagreement;
	cr->level = by_anchors ? all.level : set && set->level &&
	    cr->value >= st->attain ? set->level->id : NULL;
	static const char *const how[] = { "weighted mean by role", "median",
		"trimmed mean" };
	H->explain(out, "%s: %s of %zu rater(s) = %.3f (se %.3f)%s%s", c->id,
	    how[rs->combine], k, cr->value, cr->se,
	    rs->include_self ? ", self included" : "",
	    cr->disagreement ? "; raters DISAGREE" : "");
	if (ns)
		H->explain(out, "%s: self-rating %.3f, %s", c->id, cr->self,
		    rs->include_self ? "in the score"
		    : "reported beside the score, not in it");
	if (cr->disagreement)
		H->explain(out, "%s: raters' standard deviation %.3f exceeds %g",
		    c->id, spread, rs->disagreement);
	if (by_anchors)
		H->explain(out, "%s: by the anchors, position %.3f, level %s",
		    c->id, cr->position, cr->level ? cr->level : "none");
	return 0;
}

/* Competency c, which applies, from every rater who observed it. */
static int one_competency(const struct settings *st,
    const struct merit_engine_call *call, const struct rater *raters,
    size_t nr, int multi, const struct merit_competency *c,
    const struct merit_indicator_set *set, struct obs *o, double *x,
    int *role, struct tally *t)
{
	const struct merit_raters *rs = &call->assessment->raters;
	merit_measure *out = call->out;
	unsigned char watched[MAX_INDICATORS] = { 0 };
	char where[256], prov[1024]; /* cr points into them */
	size_t seen = 0, others = 0, counted = 0, whole = 0;
	int rc;
	for (size_t r = 0; r < nr; r++) {
		const merit_value *e = H->value_get(raters[r].ratings, c->id);
		char who[128] = "";
		/* self observes beside the score: no part in its coverage */
		int counts = !multi || raters[r].role != MERIT_ROLE_SELF ||
		    rs->include_self;
		o[r].present = 0;
		o[r].where = NULL;
		if (!e)
			continue;
		if (multi)
			snprintf(who, sizeof(who), " by %s%s%s",
			    role_name[raters[r].role], raters[r].id ? " " : "",
			    raters[r].id ? raters[r].id : "");
		if ((rc = observe(st, call, c, set, e, !multi, who,
		    counts ? watched : NULL, &o[r])))
			return rc;
		seen++;
		if (!o[r].present)
			continue;
		others += raters[r].role != MERIT_ROLE_SELF;
		counted += counts;
		whole += counts && o[r].whole;
	}
	if (!seen)
		return H->fail(out, multi ? H->value_get(call->evidence, "raters")
		    : call->evidence, "no evidence for competency %s, which "
		    "applies at post level %d", c->id, call->person->post_level);
	size_t n_ind = set ? set->n_effective + set->n_ineffective : 0;
	size_t n_watched = count_watched(watched, n_ind, NULL);
	struct merit_competency_result cr = { .id = c->id, .self = NAN,
		.spread = NAN, .value = NAN, .se = NAN, .position = NAN,
		.position_se = NAN };
	cr.coverage = whole || !n_ind ? (counted ? 1 : 0)
	    : (double)n_watched / (double)n_ind;
	cr.insufficient = !counted || (!whole && !covered(st, set, n_watched));
	if (cr.insufficient) {
		if (n_ind)
			H->explain(out, "%s: INSUFFICIENT EVIDENCE: %zu of %zu "
			    "indicators observed, coverage %.3f below %g: no value, "
			    "no level", c->id, n_watched, n_ind, cr.coverage,
			    st->min_coverage);
		else
			H->explain(out, "%s: INSUFFICIENT EVIDENCE: no rater counted "
			    "rated it: no value, no level", c->id);
		size_t off = strlen(t->lacking);
		snprintf(t->lacking + off, sizeof(t->lacking) - off, "%s%s",
		    off ? ", " : "", c->id);
	} else if (multi && (int)others < rs->minimum) {
		return H->fail(out, H->value_get(call->evidence, "raters"),
		    "%s: %zu rater(s) other than self; assessment type %s "
		    "needs %d", c->id, others, call->assessment->id,
		    rs->minimum);
	}
	if (!multi) {
		if (!cr.insufficient) {
			cr.value = o[0].value;
			cr.se = o[0].se;
			cr.level = o[0].level;
			cr.position = o[0].position;
			cr.position_se = o[0].position_se;
		}
		cr.provenance = H->value_where(o[0].where, where, sizeof(where));
	} else if ((rc = combine_raters(st, call, raters, nr, c, set, o, x, role,
	    whole == counted, &cr, prov, sizeof(prov))) ||
	    (!cr.insufficient && (rc = report_ratings(out, c->id, raters, o, nr,
	    rs->include_self)))) {
		return rc;
	}
	if ((rc = H->measure_competency_ex(out, &cr)))
		return rc;
	if (cr.insufficient)
		return 0;
	t->sum += cr.value;
	t->var_sum += cr.se * cr.se;
	t->n++;
	if (isfinite(cr.self)) {
		t->self_sum += cr.self;
		t->n_self++;
	}
	return 0;
}

/* B_KF from the competencies with a value, when there are enough. */
static int element(const struct settings *st, merit_measure *out,
    const merit_value *ev, const struct merit_framework *fw, int post,
    const struct tally *t)
{
	if (!t->n_applies)
		return H->fail(out, ev, "no competency of framework %s applies at "
		    "post level %d", fw->id, post);
	if (!t->n || (double)t->n < st->min_evidenced * (double)t->n_applies -
	    1e-9)
		return H->not_assessed(out, "insufficient evidence of "
		    "professional qualities: %zu of %zu competencies observed "
		    "enough (at least %g of them needed); too little observed "
		    "of %s", t->n, t->n_applies, st->min_evidenced, t->lacking);
	double b = t->sum / (double)t->n;
	if (t->n < t->n_applies)
		H->explain(out, "B_KF = mean of %zu of %zu competencies = %.4f "
		    "(insufficient evidence, left out: %s)", t->n, t->n_applies,
		    b, t->lacking);
	else
		H->explain(out, "B_KF = mean of %zu competencies = %.4f", t->n, b);
	if (t->n_self == t->n) {
		H->measure_self(out, t->self_sum / (double)t->n);
		H->explain(out, "self-assessed B_KF (not in the score) = %.4f",
		    t->self_sum / (double)t->n);
	}
	/* se of a mean of independent values; unknown if any one is */
	return H->measure_element(out, b, sqrt(t->var_sum) / (double)t->n);
}

static int measure(void *state, const struct merit_engine_call *call)
{
	const struct settings *st = state;
	merit_measure *out = call->out;
	const merit_value *ev = call->evidence;
	const struct merit_framework *fw = call->model->framework;
	int post = call->person->post_level;
	struct tally t = { 0 };
	int rc = 0;

	if (H->value_type(ev) != MERIT_VALUE_MAP)
		return H->fail(out, ev, "qualities evidence must map competency "
		    "ids to observations, e.g. cooperation: { effective: [1, 2], "
		    "ineffective: [] }, or list raters: [...]");
	/* several raters, or one assessor's observations */
	const merit_value *rlist = H->value_get(ev, "raters");
	size_t nr = 1;
	struct rater one = { MERIT_ROLE_ASSESSOR, NULL, ev }, *raters = &one;
	if (rlist) {
		if (H->value_len(ev) != 1 || H->value_type(rlist) != MERIT_VALUE_LIST ||
		    !(nr = H->value_len(rlist)))
			return H->fail(out, rlist, "raters stand alone and list at "
			    "least one rater: raters: [ { role: manager, ratings: "
			    "{...} } ]");
		if (!(raters = H->alloc(nr * sizeof(*raters))))
			return MERIT_ENOMEM;
		if ((rc = parse_raters(out, rlist, raters, nr)))
			goto done;
	}
	struct obs *o = H->alloc(nr * sizeof(*o));
	/* values, and scratch for sorting */
	double *x = H->alloc(3 * nr * sizeof(*x));
	int *role = H->alloc(nr * sizeof(*role));
	if (!o || !x || !role) {
		rc = MERIT_ENOMEM;
		goto free_all;
	}
	/* every key must be a competency of the framework */
	for (size_t r = 0; r < nr; r++)
		for (size_t i = 0; i < H->value_len(raters[r].ratings); i++)
			if (!H->competency_find(fw, H->value_key_at(raters[r].ratings,
			    i))) {
				rc = H->fail(out, H->value_at(raters[r].ratings, i),
				    "'%s' is not a competency of framework %s",
				    H->value_key_at(raters[r].ratings, i), fw->id);
				goto free_all;
			}
	for (size_t ci = 0; ci < fw->n_competencies; ci++) {
		const struct merit_competency *c = &fw->competencies[ci];
		const struct merit_indicator_set *set =
		    H->indicators_for_post(fw, c, post);
		int covers = !c->post_min || (post >= c->post_min &&
		    post <= c->post_max);
		/* a competency without indicators is rated directly */
		if (set || (!c->n_sets && covers)) {
			t.n_applies++;
			if ((rc = one_competency(st, call, raters, nr, rlist != NULL,
			    c, set, o, x, role, &t)))
				goto free_all;
			continue;
		}
		for (size_t r = 0; r < nr; r++) {
			const merit_value *e = H->value_get(raters[r].ratings, c->id);
			if (e) {
				rc = H->fail(out, e, "%s does not apply at post level "
				    "%d (no indicators for it there); remove it",
				    c->id, post);
				goto free_all;
			}
		}
	}
	rc = element(st, out, ev, fw, post, &t);
free_all:
	H->free(o);
	H->free(x);
	H->free(role);
done:
	if (raters != &one)
		H->free(raters);
	return rc;
}

static const struct merit_engine_ops ops = {
	.size = sizeof(ops),
	.measure = measure,
};

static const struct merit_plugin plugin = {
	MERIT_PLUGIN_HEAD(MERIT_PLUGIN_ENGINE),
	.name = "indicators",
	.version = "1.2.0",
	.summary = "B_KF: behavioural indicators observed at the post's level, "
	    "or ratings, per competency",
	.init = init,
	.config = config,
	.deinit = deinit,
	.ops = &ops,
};

MERIT_PLUGIN_DEFINE(plugin)
