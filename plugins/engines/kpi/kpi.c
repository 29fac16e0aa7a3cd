/* kpi — B_FS: goals with targets and actual results. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <merit/merit.h>

static const struct merit_host *H;

struct settings {
	int points; /* the points scale: goals carry points summing to 100 */
	double cap; /* achievement counted up to cap x target */
	double late_penalty; /* share of a late goal's achievement lost */
	char as_of[11]; /* YYYY-MM-DD, the end of the period; "" = not set */
	int min_months; /* not assessed in the first months of service */
};

static int init(const struct merit_host *host, void **state)
{
	struct settings *s;
	H = host;
	if (!(s = H->alloc(sizeof(*s))))
		return MERIT_ENOMEM;
	*s = (struct settings){ .points = 0, .cap = 1, .late_penalty = 0.2,
		.as_of = "", .min_months = 3 };
	*state = s;
	return 0;
}

static void deinit(void *state)
{
	H->free(state);
}

/* Days since 1970-01-01 of a YYYY-MM-DD string, or -1. */
static int day_number(const char *s)
{
	int y, m, d;
	char tail;
	static const int cum[] = { 0, 31, 59, 90, 120, 151, 181, 212, 243, 273,
		304, 334 };
	if (!s || sscanf(s, "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 ||
	    m > 12 || d < 1 || d > 31 || y < 1900)
		return -1;
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	int n = (y - 1970) * 365 + (y - 1969) / 4 - (y - 1901) / 100 +
	    (y - 1601) / 400 + cum[m - 1] + d - 1 + (leap && m > 2);
	return n;
}

/* Whole months from date a to date b (both YYYY-MM-DD). */
static int months_between(const char *a, const char *b)
{
	int y1, m1, d1, y2, m2, d2;
	sscanf(a, "%4d-%2d-%2d", &y1, &m1, &d1);
	sscanf(b, "%4d-%2d-%2d", &y2, &m2, &d2);
	int n = (y2 - y1) * 12 + (m2 - m1);
	return d2 < d1 ? n - 1 : n;
}

static int config(void *state, const merit_value *cfg)
{
	struct settings *s = state;
	if (H->value_type(cfg) == MERIT_VALUE_NULL)
		return 0;
	if (H->value_type(cfg) != MERIT_VALUE_MAP)
		return H->config_error("kpi", cfg, "settings are a mapping "
		    "{ scale: points, cap: 1.2, late_penalty: 0.2, as_of: "
		    "2025-12-31, min_service_months: 3 }");
	for (size_t i = 0; i < H->value_len(cfg); i++) {
		const char *k = H->value_key_at(cfg, i);
		const merit_value *v = H->value_at(cfg, i);
		const char *str = H->value_string(v);
		double x;
		if (!strcmp(k, "scale")) {
			if (!str || (strcmp(str, "points") && strcmp(str, "share")))
				return H->config_error("kpi", v, "scale must be points "
				    "(goals carry points, 100 in all) or share "
				    "(weighted share of targets met)");
			s->points = !strcmp(str, "points");
		} else if (!strcmp(k, "cap")) {
			if (H->value_number(v, &x) || x < 1 || x > 10)
				return H->config_error("kpi", v, "cap must be a number "
				    "from 1 to 10 (1: no credit above the target)");
			s->cap = x;
		} else if (!strcmp(k, "late_penalty")) {
			if (H->value_number(v, &x) || x < 0 || x > 1)
				return H->config_error("kpi", v, "late_penalty must be "
				    "a share from 0 to 1");
			s->late_penalty = x;
		} else if (!strcmp(k, "as_of")) {
			if (day_number(str) < 0 || strlen(str) != 10)
				return H->config_error("kpi", v, "as_of must be a date "
				    "YYYY-MM-DD (the end of the assessed period)");
			memcpy(s->as_of, str, sizeof(s->as_of));
		} else if (!strcmp(k, "min_service_months")) {
			if (H->value_number(v, &x) || x != floor(x) || x < 0 || x > 120)
				return H->config_error("kpi", v, "min_service_months "
				    "must be a whole number from 0 to 120");
			s->min_months = (int)x;
		} else {
			return H->config_error("kpi", v, "unknown setting '%s' "
			    "(expected scale, cap, late_penalty, as_of, "
			    "min_service_months)", k);
		}
	}
	return 0;
}

/* The Uzbek KPI rating of a points total. */
static const char *points_band(double p)
{
	return p >= 100 ? "excellent" : p >= 80 ? "good" : p >= 60
	    ? "satisfactory" : "unsatisfactory";
}

static int measure(void *state, const struct merit_engine_call *call)
{
	const struct settings *st = state;
	merit_measure *out = call->out;
	const merit_value *ev = call->evidence;
	const merit_value *rec = call->person->record;
	double sum = 0, wsum = 0, points = 0, max_points = 0;
	int on_leave = 0;

	/* who is not assessed at all (the reason goes in the result) */
	if (!H->value_bool(H->value_get(rec, "on_leave"), &on_leave) && on_leave)
		return H->not_assessed(out, "on leave during the assessment");
	const char *hired = H->value_string(H->value_get(rec, "hired"));
	if (hired && st->min_months) {
		if (!*st->as_of)
			return H->fail(out, H->value_get(rec, "hired"), "the roster "
			    "gives 'hired' dates: set plugins.kpi.as_of to the end "
			    "of the assessed period, so the first %d months of "
			    "service can be told", st->min_months);
		int m = months_between(hired, st->as_of);
		if (m < st->min_months)
			return H->not_assessed(out, "in the first %d months of "
			    "service (hired %s, %d full month(s) by %s)",
			    st->min_months, hired, m < 0 ? 0 : m, st->as_of);
	}
	if (H->value_type(ev) != MERIT_VALUE_LIST || !H->value_len(ev))
		return H->fail(out, ev, "performance evidence must be a non-empty "
		    "list of goals { goal, target, actual, %s }", st->points
		    ? "points" : "weight");
	for (size_t i = 0; i < H->value_len(ev); i++) {
		const merit_value *g = H->value_at(ev, i);
		double target, actual, weight = 1, quality = 1;
		if (H->value_type(g) != MERIT_VALUE_MAP)
			return H->fail(out, g, "a goal is a mapping { goal, target, "
			    "actual, weight }");
		for (size_t k = 0; k < H->value_len(g); k++) {
			const char *key = H->value_key_at(g, k);
			if (strcmp(key, "goal") && strcmp(key, "target") &&
			    strcmp(key, "actual") && strcmp(key, "weight") &&
			    strcmp(key, "points") && strcmp(key, "deadline") &&
			    strcmp(key, "done") && strcmp(key, "quality"))
				return H->fail(out, H->value_at(g, k), "unknown key "
				    "'%s' in a goal (expected goal, target, actual, "
				    "%s, deadline, done, quality)", key,
				    st->points ? "points" : "weight");
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
		if (st->points) {
			v = H->value_get(g, "points");
			if (H->value_get(g, "weight"))
				return H->fail(out, H->value_get(g, "weight"), "goal "
				    "'%s': on the points scale a goal carries points, "
				    "not a weight", name);
			if (!v || H->value_number(v, &weight) || !(weight > 0))
				return H->fail(out, v ? v : g, "goal '%s': points must "
				    "be a number above 0", name);
		} else {
			v = H->value_get(g, "weight");
			if (H->value_get(g, "points"))
				return H->fail(out, H->value_get(g, "points"), "goal "
				    "'%s': points need plugins.kpi.scale: points", name);
			if (v && (H->value_number(v, &weight) || !(weight > 0)))
				return H->fail(out, v, "goal '%s': weight must be a "
				    "number above 0", name);
		}
		v = H->value_get(g, "quality");
		if (v && (H->value_number(v, &quality) || quality < 0 ||
		    quality > 1))
			return H->fail(out, v, "goal '%s': quality must be a share "
			    "from 0 to 1", name);
		double a = actual / target;
		int capped = a > st->cap;
		if (capped)
			a = st->cap;
		char late[96] = "";
		const merit_value *dl = H->value_get(g, "deadline"),
				  *dn = H->value_get(g, "done");
		if (dl || dn) {
			int d1 = day_number(H->value_string(dl));
			int d2 = day_number(H->value_string(dn));
			if (!dl || d1 < 0)
				return H->fail(out, dl ? dl : g, "goal '%s': deadline "
				    "must be a date YYYY-MM-DD", name);
			if (dn && d2 < 0)
				return H->fail(out, dn, "goal '%s': done must be a date "
				    "YYYY-MM-DD", name);
			if (dn && d2 > d1) {
				a *= 1 - st->late_penalty;
				snprintf(late, sizeof(late), ", %d day(s) late: -%g%%",
				    d2 - d1, st->late_penalty * 100);
			}
		}
		a *= quality;
		char qual[32] = "";
		if (quality < 1)
			snprintf(qual, sizeof(qual), ", quality %g", quality);
		if (st->points) {
			H->explain(out, "goal '%s': %g of %g = %.3f%s%s%s: %.2f of %g "
			    "points", name, actual, target, a, capped ? " (capped)" :
			    "", late, qual, a * weight, weight);
			points += a * weight;
			max_points += weight;
		} else {
			H->explain(out, "goal '%s': %g of %g = %.3f%s%s%s (weight %g)",
			    name, actual, target, a, capped ? " (capped)" : "", late,
			    qual, weight);
			sum += weight * a;
			wsum += weight;
		}
	}
	if (st->points) {
		if (fabs(max_points - 100) > 1e-9)
			return H->fail(out, ev, "goals carry %g points in all; on the "
			    "points scale they must carry 100", max_points);
		double b = points >= 100 ? 1 : points / 100;
		H->explain(out, "KPI = %.2f points: %s (below 60 unsatisfactory, "
		    "60-80 satisfactory, 80-100 good, 100+ excellent); B_FS = "
		    "%.4f", points, points_band(points), b);
		return H->measure_element(out, b, 0.0);
	}
	double b = sum / wsum;
	if (b > 1)
		b = 1; /* cap above 1 counts for nothing past the element */
	return H->measure_element(out, b, 0.0);
}

static const struct merit_engine_ops ops = {
	.size = sizeof(ops),
	.measure = measure,
};

static const struct merit_plugin plugin = {
	MERIT_PLUGIN_HEAD(MERIT_PLUGIN_ENGINE),
	.name = "kpi",
	.version = "1.2.0",
	.summary = "B_FS: weighted achievement of performance goals, capped at "
	    "the target",
	.init = init,
	.config = config,
	.deinit = deinit,
	.ops = &ops,
};

MERIT_PLUGIN_DEFINE(plugin)
