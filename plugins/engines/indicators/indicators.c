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

/* What one rater (or the single assessor) gave one competency. */
struct obs {
	int present;
	double value, se; /* value in [0,1] */
	double position, position_se; /* on the framework's scale */
	const char *level; /* attained, single-assessor mode only */
	const merit_value *where;
};

/* Frequency ratings { frequency: { effective: [5, 4], ineffective: [1, 2] } }:
 * one point of the rating scale per indicator, in the set's order. */
static int frequency(const struct settings *st, merit_measure *out,
    const merit_value *f, const struct merit_indicator_set *set,
    const char *cid, double *value, double *se)
{
	static const char *const side[2] = { "effective", "ineffective" };
	size_t want[2] = { set->n_effective, set->n_ineffective };
	double x[512], sum = 0;
	size_t n = 0;
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
		    want[k] || n + want[k] > sizeof(x) / sizeof(x[0]))
			return H->fail(out, l ? l : f, "%s: frequency %s must list "
			    "%zu ratings from %g to %g, one per indicator", cid,
			    side[k], want[k], st->lo, st->hi);
		for (size_t i = 0; i < want[k]; i++) {
			double r;
			const merit_value *it = H->value_at(l, i);
			if (H->value_number(it, &r) || r < st->lo || r > st->hi)
				return H->fail(out, it, "%s: frequency ratings run "
				    "from %g to %g", cid, st->lo, st->hi);
			/* an ineffective behaviour seen often counts against */
			double u = (r - st->lo) / (st->hi - st->lo);
			x[n++] = k ? 1 - u : u;
			sum += x[n - 1];
		}
	}
	*value = sum / (double)n;
	double var = 0;
	for (size_t i = 0; i < n; i++)
		var += (x[i] - *value) * (x[i] - *value);
	*se = sqrt(var / (double)n / (double)n);
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

/* One observation of competency c (any form) into *o. by_level is
 * allowed only for the single assessor. */
static int observe(const struct settings *st, const struct merit_engine_call *call,
    const struct merit_competency *c, const struct merit_indicator_set *set,
    const merit_value *e, int by_level, const char *who, struct obs *o)
{
	merit_measure *out = call->out;
	const struct merit_framework *fw = call->model->framework;
	int post = call->person->post_level;
	int rc;
	o->present = 1;
	o->where = e;
	o->se = NAN;
	o->level = NULL;
	const merit_value *rating = H->value_get(e, "rating");
	const merit_value *freq = H->value_get(e, "frequency");
	if (rating) {
		double x;
		if (H->value_len(e) != 1)
			return H->fail(out, e, "%s: a rating stands alone: "
			    "{ rating: N }", c->id);
		if (H->value_number(rating, &x) || x < st->lo || x > st->hi)
			return H->fail(out, rating, "%s: rating must be a number "
			    "from %g to %g", c->id, st->lo, st->hi);
		o->value = (x - st->lo) / (st->hi - st->lo);
		H->explain(out, "%s%s: rated %g on %g-%g: %.3f", c->id, who, x,
		    st->lo, st->hi, o->value);
	} else if (freq) {
		if (H->value_len(e) != 1)
			return H->fail(out, e, "%s: frequency stands alone: "
			    "{ frequency: { effective: [...], ineffective: [...] } }",
			    c->id);
		if (!set)
			return H->fail(out, e, "%s has no indicators in the model; "
			    "rate it with { rating: N }", c->id);
		if ((rc = frequency(st, out, freq, set, c->id, &o->value, &o->se)))
			return rc;
		H->explain(out, "%s%s%s%s: indicator frequencies: %.3f", c->id,
		    set->level ? " at " : "", set->level ? set->level->id : "",
		    who, o->value);
	} else if (H->value_get(e, "effective") || H->value_get(e, "ineffective")) {
		if (!set)
			return H->fail(out, e, "%s has no indicators in the model; "
			    "rate it with { rating: N }", c->id);
		if ((rc = observed(out, e, set, c->id, &o->value, &o->se)))
			return rc;
		H->explain(out, "%s%s%s%s: indicators observed: %.3f", c->id,
		    set->level ? " at " : "", set->level ? set->level->id : "",
		    who, o->value);
	} else {
		/* keyed by level: { C: {...}, D: {...} } */
		if (H->value_type(e) != MERIT_VALUE_MAP || !H->value_len(e))
			return H->fail(out, e, "%s: expected { effective: [...], "
			    "ineffective: [...] }, observations by level "
			    "{ C: {...} }, { frequency: {...} } or { rating: N }",
			    c->id);
		if (!set || !set->level)
			return H->fail(out, e, "%s has no levels; give one "
			    "observation { effective: [...], ineffective: [...] }",
			    c->id);
		if (!by_level)
			return H->fail(out, e, "%s: a rater observes the person's "
			    "own level only: { effective: [...], ineffective: [...] }",
			    c->id);
		int best = -1, own_seen = 0;
		double pos = -1, pos_se = NAN;
		for (size_t i = 0; i < H->value_len(e); i++) {
			const char *lid = H->value_key_at(e, i);
			const struct merit_indicator_set *ls =
			    H->indicators_at_level(c, lid);
			double v, s;
			if (!ls)
				return H->fail(out, H->value_at(e, i), "%s has no "
				    "indicators at level '%s'", c->id, lid);
			if ((rc = observed(out, H->value_at(e, i), ls, c->id, &v, &s)))
				return rc;
			H->explain(out, "%s at %s: indicators observed: %.3f", c->id,
			    lid, v);
			if (ls == set) {
				o->value = v;
				o->se = s;
				own_seen = 1;
			}
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
		o->position = pos;
		o->position_se = pos_se;
		return 0;
	}
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

static int measure(void *state, const struct merit_engine_call *call)
{
	const struct settings *st = state;
	merit_measure *out = call->out;
	const merit_value *ev = call->evidence;
	const struct merit_framework *fw = call->model->framework;
	const struct merit_raters *rs = &call->assessment->raters;
	int post = call->person->post_level;
	double sum = 0, self_sum = 0;
	size_t n = 0, n_self = 0;
	int rc = 0;
	char where[256];

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
	/* values, positions, and scratch for sorting */
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
		int applies = set || (!c->n_sets && covers);
		size_t seen = 0, others = 0;
		for (size_t r = 0; r < nr; r++) {
			const merit_value *e = H->value_get(raters[r].ratings, c->id);
			char who[128] = "";
			o[r].present = 0;
			if (!e)
				continue;
			if (!applies) {
				rc = H->fail(out, e, "%s does not apply at post level %d "
				    "(no indicators for it there); remove it", c->id,
				    post);
				goto free_all;
			}
			if (rlist)
				snprintf(who, sizeof(who), " by %s%s%s",
				    role_name[raters[r].role], raters[r].id ? " " : "",
				    raters[r].id ? raters[r].id : "");
			if ((rc = observe(st, call, c, set, e, !rlist, who, &o[r])))
				goto free_all;
			seen++;
			others += raters[r].role != MERIT_ROLE_SELF;
		}
		if (!applies)
			continue;
		if (!seen) {
			rc = H->fail(out, rlist ? rlist : ev, "no evidence for "
			    "competency %s, which applies at post level %d", c->id,
			    post);
			goto free_all;
		}
		struct merit_competency_result cr = { .id = c->id, .self = NAN,
			.spread = NAN };
		char prov[1024]; /* outlives the branch: cr points into it */
		if (!rlist) {
			cr.value = o[0].value;
			cr.se = o[0].se;
			cr.level = o[0].level;
			cr.position = o[0].position;
			cr.position_se = o[0].position_se;
			cr.provenance = H->value_where(o[0].where, where,
			    sizeof(where));
		} else {
			if ((int)others < rs->minimum) {
				rc = H->fail(out, rlist, "%s: %zu rater(s) other than "
				    "self; assessment type %s needs %d", c->id, others,
				    call->assessment->id, rs->minimum);
				goto free_all;
			}
			/* self beside the score unless the type includes it */
			size_t k = 0, ns = 0;
			double self = 0, se_one = NAN, pse_one = NAN;
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
				x[nr + k] = o[r].position;
				role[k] = raters[r].role;
				se_one = o[r].se;
				pse_one = o[r].position_se;
				k++;
			}
			double spread, pse, pspread;
			cr.value = combine(rs, x, role, k, se_one, x + 2 * nr,
			    &cr.se, &spread);
			cr.position = combine(rs, x + nr, role, k, pse_one,
			    x + 2 * nr, &pse,
			    &pspread);
			cr.position_se = pse;
			cr.n_raters = (int)k;
			cr.spread = spread;
			cr.self = ns ? self / (double)ns : NAN;
			cr.disagreement = isfinite(rs->disagreement) &&
			    isfinite(spread) && spread > rs->disagreement;
			cr.level = set && set->level && cr.value >= st->attain
			    ? set->level->id : NULL;
			static const char *const how[] = { "weighted mean by role",
				"median", "trimmed mean" };
			H->explain(out, "%s: %s of %zu rater(s) = %.3f (se %.3f)%s%s",
			    c->id, how[rs->combine], k, cr.value, cr.se,
			    rs->include_self ? ", self included" : "",
			    cr.disagreement ? "; raters DISAGREE" : "");
			if (ns)
				H->explain(out, "%s: self-rating %.3f, %s", c->id,
				    cr.self, rs->include_self ? "in the score"
				    : "reported beside the score, not in it");
			if (cr.disagreement)
				H->explain(out, "%s: raters' standard deviation %.3f "
				    "exceeds %g", c->id, spread, rs->disagreement);
			/* provenance: where each rating came from */
			size_t off = 0;
			prov[0] = '\0';
			for (size_t r = 0; r < nr && off < sizeof(prov); r++)
				if (o[r].present)
					off += (size_t)snprintf(prov + off, sizeof(prov) -
					    off, "%s%s %s", off ? ", " : "",
					    role_name[raters[r].role],
					    H->value_where(o[r].where, where,
					    sizeof(where)));
			cr.provenance = prov;
			if (ns) {
				self_sum += cr.self;
				n_self++;
			}
			if ((rc = report_ratings(out, c->id, raters, o, nr,
			    rs->include_self)))
				goto free_all;
		}
		if ((rc = H->measure_competency_ex(out, &cr)))
			goto free_all;
		sum += cr.value;
		n++;
	}
	if (!n) {
		rc = H->fail(out, ev, "no competency of framework %s applies at "
		    "post level %d", fw->id, post);
		goto free_all;
	}
	H->explain(out, "B_KF = mean of %zu competencies = %.4f", n, sum / n);
	if (n_self == n) {
		H->measure_self(out, self_sum / (double)n);
		H->explain(out, "self-assessed B_KF (not in the score) = %.4f",
		    self_sum / (double)n);
	}
	rc = H->measure_element(out, sum / (double)n, NAN);
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
	.version = "1.1.0",
	.summary = "B_KF: behavioural indicators observed at the post's level, "
	    "or ratings, per competency",
	.init = init,
	.config = config,
	.deinit = deinit,
	.ops = &ops,
};

MERIT_PLUGIN_DEFINE(plugin)
