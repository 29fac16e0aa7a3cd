/* json — results as JSON Lines, one object per person. */
#include <math.h>
#include <stdlib.h>
#include <jansson.h>
#include <merit/merit.h>

static const struct merit_host *H;

static const char *const element_key[MERIT_ELEMENTS] = { "qualification",
	"qualities", "performance" };

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
		return H->config_error("json", cfg, "takes no settings");
	return 0;
}

static int begin(void *state, merit_stream *out, void **ctx)
{
	*ctx = out;
	return 0;
}

static json_t *num_or_null(int used, double x)
{
	return used && !isnan(x) ? json_real(x) : json_null();
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

/* The knowledge subscores per course (quiz engine): course id ->
 * { value, se, n_items }; an empty object when no engine reported any. */
static json_t *courses_json(const struct merit_result *r)
{
	json_t *c = json_object();
	for (size_t i = 0; c && i < r->n_courses; i++) {
		const struct merit_course_result *k = &r->courses[i];
		json_object_set_new(c, k->id, json_pack("{s:o, s:o, s:i}",
		    "value", num_or_null(1, k->value), "se", num_or_null(1, k->se),
		    "n_items", k->n_items));
	}
	return c;
}

/* The standard errors of the elements and of K (null: unknown), and the
 * band cut K lies within one standard error of (null: none). */
static void add_uncertainty(json_t *o, const struct merit_result *r)
{
	json_t *se = json_object();
	for (int e = 0; se && e < MERIT_ELEMENTS; e++)
		json_object_set_new(se, element_key[e],
		    num_or_null(r->used[e], r->element_se[e]));
	json_object_set_new(o, "element_se", se);
	json_object_set_new(o, "K_se", num_or_null(1, r->K_se));
	json_object_set_new(o, "borderline", r->borderline_band ?
	    json_pack("{s:f, s:s}", "cut", r->borderline_cut, "band",
	    r->borderline_band) : json_null());
}

static int write_result(void *ctx, const struct merit_result *r)
{
	merit_stream *out = ctx;
	json_t *el = json_object(), *w = json_object(), *comp = json_object();
	for (int e = 0; e < MERIT_ELEMENTS; e++) {
		json_object_set_new(el, element_key[e],
		    num_or_null(r->used[e], r->element[e]));
		json_object_set_new(w, element_key[e],
		    num_or_null(r->used[e], r->weight[e]));
	}
	for (size_t i = 0; i < r->n_competencies; i++) {
		const struct merit_competency_result *c = &r->competencies[i];
		json_t *co = json_pack("{s:o, s:o, s:o, s:o, s:o}",
		    "level", str_or_null(c->level), "value",
		    num_or_null(1, c->value), "se", num_or_null(1, c->se),
		    "position", num_or_null(1, c->position), "position_se",
		    num_or_null(1, c->position_se));
		if (co && c->n_raters) {
			json_object_set_new(co, "raters", json_integer(c->n_raters));
			json_object_set_new(co, "spread", num_or_null(1, c->spread));
			json_object_set_new(co, "disagreement",
			    json_boolean(c->disagreement));
		}
		/* engines that measure coverage report it; a competency with
		 * too little observed has no value, level or position */
		if (co && (c->coverage > 0 || c->insufficient)) {
			json_object_set_new(co, "coverage", json_real(c->coverage));
			json_object_set_new(co, "evidence", json_string(
			    c->insufficient ? "insufficient" : "sufficient"));
		}
		if (co && !isnan(c->self))
			json_object_set_new(co, "self", json_real(c->self));
		if (co && c->provenance)
			json_object_set_new(co, "provenance",
			    json_string(c->provenance));
		json_object_set_new(comp, c->id, co);
	}
	json_t *gaps = json_array();
	for (size_t i = 0; gaps && i < r->n_gaps; i++) {
		const struct merit_gap *g = &r->gaps[i];
		json_array_append_new(gaps, json_pack("{s:s, s:o, s:o, s:o, s:o, "
		    "s:o, s:o, s:f, s:i, s:s}", "competency", g->competency,
		    "required", num_or_null(1, g->required), "required_level",
		    str_or_null(g->required_level), "measured",
		    num_or_null(1, g->measured), "measured_level",
		    str_or_null(g->measured_level), "se", num_or_null(1, g->se),
		    "gap", num_or_null(1, g->gap), "importance", g->importance,
		    "priority", g->priority, "status",
		    g->status == MERIT_GAP_UNCERTAIN ? "uncertain" : "gap"));
	}
	json_t *ex = json_array();
	for (size_t i = 0; ex && i < r->n_explanation; i++)
		json_array_append_new(ex, json_string(r->explanation[i]));
	json_t *o = json_pack("{s:s, s:s, s:s, s:o, s:s, s:s, s:s, s:o, s:o, "
	    "s:o, s:o, s:o, s:o, s:s, s:s}",
	    "person", r->person, "agency", r->agency, "period", r->period,
	    "framework", str_or_null(r->framework),
	    "framework_version", r->framework_version ? r->framework_version : "",
	    "assessment", r->assessment, "status",
	    r->status == MERIT_NOT_ASSESSED ? "not-assessed" : "assessed",
	    "elements", el, "weights", w,
	    "K", num_or_null(1, r->K), "band", str_or_null(r->band),
	    "competencies", comp, "gaps", gaps,
	    "receipt", r->receipt, "model", r->model_hash);
	if (o && r->reason)
		json_object_set_new(o, "reason", json_string(r->reason));
	if (o && !isnan(r->self_qualities))
		json_object_set_new(o, "self_qualities",
		    json_real(r->self_qualities));
	json_t *prov = json_object();
	for (int e = 0; prov && e < MERIT_ELEMENTS; e++)
		if (r->provenance[e])
			json_object_set_new(prov, element_key[e],
			    json_string(r->provenance[e]));
	if (o && prov)
		json_object_set_new(o, "provenance", prov);
	else
		json_decref(prov);
	if (o)
		json_object_set_new(o, "explanation", ex);
	else
		json_decref(ex);
	if (!o)
		return MERIT_ENOMEM;
	json_object_set_new(o, "courses", courses_json(r));
	add_uncertainty(o, r);
	char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(15));
	json_decref(o);
	if (!s)
		return MERIT_ENOMEM;
	int rc = H->printf(out, "%s\n", s);
	free(s);
	return rc;
}

static int end(void *ctx)
{
	return 0;
}

static const struct merit_exporter_ops ops = {
	.size = sizeof(ops),
	.extension = "jsonl",
	.begin = begin,
	.write = write_result,
	.end = end,
};

static const struct merit_plugin plugin = {
	MERIT_PLUGIN_HEAD(MERIT_PLUGIN_EXPORTER),
	.name = "json",
	.version = "1.2.0",
	.summary = "results as JSON Lines, one object per person",
	.init = init,
	.config = config,
	.ops = &ops,
};

MERIT_PLUGIN_DEFINE(plugin)
