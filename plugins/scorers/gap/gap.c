/* gap — required against measured level per competency: which
 * competencies a person should develop first. Runs after the scorer that
 * sets K (assessment types with gaps = true) and leaves K alone. */
#include <math.h>
#include <stdlib.h>
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
	(void)state;
	if (H->value_type(cfg) != MERIT_VALUE_NULL &&
	    !(H->value_type(cfg) == MERIT_VALUE_MAP && !H->value_len(cfg)))
		return H->config_error("gap", cfg, "takes no settings (k is "
		    "declared in the assessment type: gaps = { k = 2 })");
	return 0;
}

/* Significant gaps first, then the uncertain ones; each by importance x
 * gap, largest first. */
static int by_priority(const void *a, const void *b)
{
	const struct merit_gap *x = a, *y = b;
	if (x->status != y->status)
		return x->status < y->status ? -1 : 1;
	double px = x->importance * x->gap, py = y->importance * y->gap;
	if (px != py)
		return px > py ? -1 : 1;
	return strcmp(x->competency, y->competency);
}

/* The label of the highest level a position has fully reached. */
static const char *level_at(const struct merit_framework *fw, double pos)
{
	long i = (long)floor(pos + 1e-9);
	return i >= 1 && (size_t)i <= fw->n_levels ? fw->levels[i - 1].id : NULL;
}

static int score(void *state, const struct merit_score_call *call)
{
	(void)state;
	const struct merit_result *r = call->result;
	const struct merit_assessment *as = call->assessment;
	const struct merit_framework *fw = NULL;
	const struct merit_person *p = call->person;
	double k = as->gap_k;

	if (!isfinite(r->K))
		return H->fail(call->out, NULL, "gap analysis runs after a scorer "
		    "that sets K: declare scorer = \"weighted\" and gaps = true");
	/* the framework reaches the scorer through the competencies' model */
	const struct merit_model *m = call->model;
	fw = m ? m->framework : NULL;
	const struct merit_profile *prof = m ? H->profile_for_post(m, p->post_level)
	    : NULL;
	const struct merit_level *post_lv = fw ? H->level_for_post(fw,
	    p->post_level) : NULL;
	if (prof)
		H->explain(call->out, "gaps: required levels from profile '%s' "
		    "(posts %d-%d); a gap counts beyond %g standard error(s)",
		    prof->id, prof->post_min, prof->post_max, k);
	else if (post_lv)
		H->explain(call->out, "gaps: required level %s, the level of post "
		    "%d, for every competency; a gap counts beyond %g standard "
		    "error(s)", post_lv->id, p->post_level, k);
	else {
		H->explain(call->out, "gaps: no profile covers post %d and the "
		    "framework ties no level to it: no required levels",
		    p->post_level);
		return 0;
	}
	struct merit_gap *g = H->alloc((r->n_competencies + 1) * sizeof(*g));
	size_t ng = 0, n_sig = 0;
	if (!g)
		return MERIT_ENOMEM;
	for (size_t i = 0; i < r->n_competencies; i++) {
		const struct merit_competency_result *c = &r->competencies[i];
		double req = NAN, imp = 1;
		const char *req_level = NULL;
		if (prof) {
			for (size_t j = 0; j < prof->n_entries; j++)
				if (!strcmp(prof->entries[j].competency, c->id)) {
					req = prof->entries[j].required;
					req_level = prof->entries[j].level;
					imp = prof->entries[j].importance;
				}
		} else {
			req = post_lv->index + 1;
			req_level = post_lv->id;
		}
		if (!isfinite(req))
			continue;
		if (!isfinite(c->position)) {
			H->explain(call->out, "  %s: required %g, but no position "
			    "was measured%s", c->id, req, c->insufficient ?
			    " (insufficient evidence)" : "");
			continue;
		}
		double gap = req - c->position, se = c->position_se;
		if (gap <= 1e-12) {
			H->explain(call->out, "  %s: measured %.3f >= required %g: "
			    "no gap", c->id, c->position, req);
			continue;
		}
		int status = MERIT_GAP_SIGNIFICANT;
		if (!isfinite(se)) {
			/* a shortfall of unknown precision is not evidence of a
			 * gap: reported apart, never as a significant one */
			status = MERIT_GAP_UNCERTAIN;
			H->explain(call->out, "  %s: measured %.3f < required %g by "
			    "%.3f, se unknown: UNCERTAIN, not counted as a gap",
			    c->id, c->position, req, gap);
		} else if (gap <= k * se + 1e-12) {
			H->explain(call->out, "  %s: measured %.3f < required %g by "
			    "%.3f, within %g x se %.3f: not significant", c->id,
			    c->position, req, gap, k, se);
			continue;
		} else {
			H->explain(call->out, "  %s: measured %.3f < required %g by "
			    "%.3f > %g x se %.3f: GAP (importance %g)", c->id,
			    c->position, req, gap, k, se, imp);
		}
		n_sig += status == MERIT_GAP_SIGNIFICANT;
		g[ng++] = (struct merit_gap){ .competency = c->id,
			.required_level = req_level,
			.measured_level = fw && fw->n_levels ?
			    level_at(fw, c->position) : NULL,
			.required = req, .measured = c->position, .se = se,
			.gap = gap, .importance = imp, .status = status };
	}
	qsort(g, ng, sizeof(*g), by_priority);
	int rc = 0;
	for (size_t i = 0; !rc && i < ng; i++) {
		g[i].priority = (int)i + 1;
		rc = H->score_gap(call->out, &g[i]);
	}
	if (n_sig)
		H->explain(call->out, "key competencies to develop, by importance "
		    "x gap: %s%s%s%s%s", g[0].competency, n_sig > 1 ? ", " : "",
		    n_sig > 1 ? g[1].competency : "", n_sig > 2 ? ", " : "",
		    n_sig > 2 ? (n_sig > 3 ? "..." : g[2].competency) : "");
	else
		H->explain(call->out, "no significant gap");
	if (ng > n_sig)
		H->explain(call->out, "%zu uncertain shortfall(s), se unknown: "
		    "measure them again before planning", ng - n_sig);
	H->free(g);
	return rc;
}

static const struct merit_scorer_ops ops = {
	.size = sizeof(ops),
	.score = score,
};

static const struct merit_plugin plugin = {
	MERIT_PLUGIN_HEAD(MERIT_PLUGIN_SCORER),
	.name = "gap",
	.version = "1.1.0",
	.summary = "required against measured level per competency, gaps "
	    "beyond k standard errors ranked into competencies to develop",
	.init = init,
	.config = config,
	.ops = &ops,
};

MERIT_PLUGIN_DEFINE(plugin)
