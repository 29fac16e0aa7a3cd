/* The /v1 model routes: an agency's frameworks and assessment types as
 * its validated model holds them, every text in the caller's language. */
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <jansson.h>
#include "adoption.h"
#include "api.h"
#include "api_json.h"
#include "model.h"

static const char *const element_names[MERIT_ELEMENTS] = { "qualification",
	"qualities", "performance" };

static const char *const role_names[MERIT_ROLES] = { "assessor", "manager",
	"peer", "subordinate", "self" };

static const char *const combine_names[] = { "weighted", "median",
	"trimmed" };

/* -- texts in the caller's language -------------------------------------- */

void api_texts_init(struct api_texts *t, const char *lang)
{
	memset(t, 0, sizeof(*t));
	t->lang = lang && *lang ? lang : "en";
}

json_t *api_text(struct api_texts *t, const struct merit_i18n *s)
{
	const struct merit_text *x = model_text_pick(s, t->lang);
	if (!x)
		return json_null();
	if (!strcmp(x->lang, t->lang)) {
		t->in_lang++;
	} else {
		size_t i;
		for (i = 0; i < t->n_other; i++)
			if (!strcmp(t->other[i], x->lang))
				break;
		if (i == t->n_other && t->n_other < API_TEXT_LANGS)
			t->other[t->n_other++] = x->lang;
		if (i < API_TEXT_LANGS)
			t->n_by_other[i]++;
	}
	return api_jstr(x->text);
}

/* "lang": the requested language when any text was found in it (or
 * there were no texts), else the language the texts fell back to;
 * "lang_fallback": the other languages some texts were taken in. */
void api_texts_finish(struct api_texts *t, json_t *o)
{
	const char *lang = t->lang;
	size_t skip = API_TEXT_LANGS;
	if (!t->in_lang && t->n_other) {
		skip = 0;
		for (size_t i = 1; i < t->n_other; i++)
			if (t->n_by_other[i] > t->n_by_other[skip])
				skip = i;
		lang = t->other[skip];
	}
	json_object_set_new(o, "lang", json_string(lang));
	json_t *fb = json_array();
	for (size_t i = 0; fb && i < t->n_other; i++)
		if (i != skip)
			json_array_append_new(fb, json_string(t->other[i]));
	if (fb && json_array_size(fb))
		json_object_set_new(o, "lang_fallback", fb);
	else
		json_decref(fb);
}

json_t *api_jstr(const char *s)
{
	json_t *j = s ? json_string(s) : NULL;
	return j ? j : json_null();
}

json_t *api_jnum(double x)
{
	return isfinite(x) ? json_real(x) : json_null();
}

static json_t *posts(int min, int max)
{
	if (!min && !max)
		return json_null();
	return json_pack("{s:i, s:i}", "min", min, "max", max);
}

/* -- frameworks ------------------------------------------------------------- */

static const struct merit_model *model_of(struct api_req *q)
{
	return q->ag ? q->ag->w.model : NULL;
}

static json_t *framework_brief(struct api_texts *t,
    const struct merit_framework *fw)
{
	return json_pack("{s:s, s:o, s:o, s:o}", "id", fw->id, "version",
	    api_jstr(fw->version), "title", api_text(t, &fw->title), "country",
	    api_jstr(fw->country));
}

void api_frameworks_list(struct api_req *q, struct api_resp *r)
{
	const struct merit_model *m = model_of(q);
	struct api_texts t;
	api_texts_init(&t, q->lang);
	json_t *list = json_array();
	if (m && m->framework)
		json_array_append_new(list, framework_brief(&t, m->framework));
	json_t *o = json_pack("{s:s, s:o, s:o}", "agency", q->param[0],
	    "model_hash", api_jstr(m ? m->hash : NULL), "frameworks", list);
	if (o)
		api_texts_finish(&t, o);
	api_reply(r, 200, o);
}

static json_t *level_json(struct api_texts *t, const struct merit_level *l)
{
	return json_pack("{s:s, s:i, s:o, s:o}", "id", l->id, "order",
	    l->index + 1, "title", l->title.n ? api_text(t, &l->title) :
	    json_null(), "posts", posts(l->post_min, l->post_max));
}

static json_t *texts_json(struct api_texts *t, const struct merit_i18n *v,
    size_t n)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, api_text(t, &v[i]));
	return a;
}

static json_t *competency_json(struct api_texts *t,
    const struct merit_competency *c)
{
	json_t *sets = json_array();
	for (size_t i = 0; sets && i < c->n_sets; i++) {
		const struct merit_indicator_set *s = &c->sets[i];
		json_array_append_new(sets, json_pack("{s:o, s:o, s:o, s:o}",
		    "level", api_jstr(s->level ? s->level->id : NULL), "order",
		    s->level ? json_integer(s->level->index + 1) : json_null(),
		    "effective", texts_json(t, s->effective, s->n_effective),
		    "ineffective", texts_json(t, s->ineffective,
		    s->n_ineffective)));
	}
	return json_pack("{s:s, s:o, s:o, s:o, s:o, s:o}", "id", c->id,
	    "title", api_text(t, &c->title), "description",
	    api_text(t, &c->description), "group", api_jstr(c->group),
	    "posts", posts(c->post_min, c->post_max), "indicators", sets);
}

static json_t *profile_json(struct api_texts *t,
    const struct merit_framework *fw, const struct merit_profile *p)
{
	json_t *req = json_array();
	for (size_t i = 0; req && i < p->n_entries; i++) {
		const struct merit_profile_entry *e = &p->entries[i];
		const struct merit_competency *c = model_competency(fw,
		    e->competency);
		json_array_append_new(req, json_pack("{s:s, s:o, s:o, s:o, s:o}",
		    "competency", e->competency, "title", c ? api_text(t,
		    &c->title) : json_null(), "required", api_jnum(e->required),
		    "level", api_jstr(e->level), "importance",
		    api_jnum(e->importance)));
	}
	return json_pack("{s:s, s:o, s:o, s:o}", "id", p->id, "title",
	    p->title.n ? api_text(t, &p->title) : json_null(), "posts",
	    posts(p->post_min, p->post_max), "requires", req);
}

static void no_framework(struct api_req *q, struct api_resp *r,
    const struct merit_model *m)
{
	if (m && m->framework)
		api_error(r, 404, "agency %s has no framework '%.200s'; its model "
		    "has one: %s (see GET /v1/agencies/%s/frameworks)", q->param[0],
		    q->param[1], m->framework->id, q->param[0]);
	else
		api_error(r, 404, "agency %s has no framework '%.200s'; its model "
		    "declares none", q->param[0], q->param[1]);
}

void api_framework_get(struct api_req *q, struct api_resp *r)
{
	const struct merit_model *m = model_of(q);
	const struct merit_framework *fw = m ? m->framework : NULL;
	if (!fw || q->n_param < 2 || strcmp(fw->id, q->param[1])) {
		no_framework(q, r, m);
		return;
	}
	struct api_texts t;
	api_texts_init(&t, q->lang);
	json_t *levels = json_array(), *comps = json_array(),
	       *groups = json_array(), *profiles = json_array();
	for (size_t i = 0; levels && i < fw->n_levels; i++)
		json_array_append_new(levels, level_json(&t, &fw->levels[i]));
	for (size_t i = 0; comps && i < fw->n_competencies; i++) {
		const struct merit_competency *c = &fw->competencies[i];
		json_array_append_new(comps, competency_json(&t, c));
		size_t k, n = json_array_size(groups);
		for (k = 0; c->group && k < n; k++)
			if (!strcmp(json_string_value(json_array_get(groups, k)),
			    c->group))
				break;
		if (c->group && k == n)
			json_array_append_new(groups, json_string(c->group));
	}
	for (size_t i = 0; profiles && i < m->n_profiles; i++)
		json_array_append_new(profiles, profile_json(&t, fw,
		    &m->profiles[i]));
	json_t *o = json_pack("{s:s, s:s, s:o, s:o, s:o, s:o, s:o, s:o, s:o, "
	    "s:o, s:o}", "agency", q->param[0], "id", fw->id, "version",
	    api_jstr(fw->version), "country", api_jstr(fw->country), "title",
	    api_text(&t, &fw->title), "source", api_jstr(fw->source),
	    "model_hash", api_jstr(m->hash), "levels", levels, "groups", groups,
	    "competencies", comps, "profiles", profiles);
	if (o)
		api_texts_finish(&t, o);
	api_reply(r, 200, o);
}

/* -- assessment types ------------------------------------------------------- */

static const char *scorer_of(struct api_req *q,
    const struct merit_assessment *a)
{
	const struct agency *ag = q->ag ? q->ag->w.ag : NULL;
	return ag && ag->scorer ? ag->scorer : a->scorer;
}

/* The agency's adopted scheme, as merit assess would use it. */
static int is_default(struct api_req *q, const struct merit_assessment *a)
{
	const struct agency *ag = q->ag ? q->ag->w.ag : NULL;
	struct adoption now;
	char scheme[128];
	int from_file;
	if (!ag || !ag->assessment || adoption_effective(api_db(q), ag, &now,
	    scheme, sizeof(scheme), &from_file))
		return ag && ag->assessment && !strcmp(ag->assessment, a->id);
	return !strcmp(scheme, a->id);
}

static json_t *weights_json(const struct merit_assessment *a)
{
	json_t *w = json_object();
	for (int e = 0; w && e < MERIT_ELEMENTS; e++)
		if (a->element[e].used)
			json_object_set_new(w, element_names[e],
			    api_jnum(a->element[e].weight));
	return w;
}

static json_t *assessment_brief(struct api_req *q, struct api_texts *t,
    const struct merit_assessment *a)
{
	return json_pack("{s:s, s:o, s:b, s:o, s:o}", "id", a->id, "title",
	    api_text(t, &a->title), "default", is_default(q, a), "scorer",
	    api_jstr(scorer_of(q, a)), "weights", weights_json(a));
}

void api_assessments_list(struct api_req *q, struct api_resp *r)
{
	const struct merit_model *m = model_of(q);
	struct api_texts t;
	api_texts_init(&t, q->lang);
	json_t *list = json_array();
	for (size_t i = 0; list && m && i < m->n_assessments; i++)
		json_array_append_new(list, assessment_brief(q, &t,
		    &m->assessments[i]));
	json_t *o = json_pack("{s:s, s:o, s:o}", "agency", q->param[0],
	    "model_hash", api_jstr(m ? m->hash : NULL), "assessments", list);
	if (o)
		api_texts_finish(&t, o);
	api_reply(r, 200, o);
}

static json_t *raters_json(const struct merit_raters *rt)
{
	json_t *w = json_object();
	for (int i = 0; w && i < MERIT_ROLES; i++)
		json_object_set_new(w, role_names[i], api_jnum(rt->role_weight[i]));
	return json_pack("{s:s, s:o, s:o, s:b, s:o, s:i}", "combine",
	    (unsigned)rt->combine < 3 ? combine_names[rt->combine] : "weighted",
	    "role_weights", w, "trim", api_jnum(rt->trim), "include_self",
	    rt->include_self, "disagreement", api_jnum(rt->disagreement),
	    "minimum", rt->minimum);
}

/* The anchored points of direct ratings, low to high; [] when none. */
static json_t *rating_scale_json(struct api_texts *t,
    const struct merit_assessment *a)
{
	static const char *const relation[] = { NULL, "below", "meets",
		"above" };
	json_t *list = json_array();
	for (size_t i = 0; list && i < a->n_anchors; i++) {
		const struct merit_anchor *an = &a->anchors[i];
		json_array_append_new(list, json_pack("{s:o, s:o, s:s}", "point",
		    api_jnum(an->point), "anchor", api_text(t, &an->anchor),
		    "evidences", an->relation == MERIT_ANCHOR_LEVEL ? an->level
		    : relation[an->relation]));
	}
	return list;
}

void api_assessment_names(char *buf, size_t len, const struct merit_model *m)
{
	size_t off = 0;
	buf[0] = '\0';
	for (size_t i = 0; m && i < m->n_assessments && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s%s", i ? ", " :
		    "", m->assessments[i].id);
	if (!m || !m->n_assessments)
		snprintf(buf, len, "none");
}

void api_assessment_get(struct api_req *q, struct api_resp *r)
{
	const struct merit_model *m = model_of(q);
	const struct merit_assessment *a = m && q->n_param >= 2 ?
	    model_assessment(m, q->param[1]) : NULL;
	if (!a) {
		char names[512];
		api_assessment_names(names, sizeof(names), m);
		api_error(r, 404, "agency %s has no assessment type '%.200s'; its "
		    "model declares: %s", q->param[0], q->n_param >= 2 ?
		    q->param[1] : "", names);
		return;
	}
	const struct merit_framework *fw = m->framework;
	struct api_texts t;
	api_texts_init(&t, q->lang);
	json_t *elements = json_object(), *bands = json_array(),
	       *require = json_object(), *floors = json_array();
	for (int e = 0; elements && e < MERIT_ELEMENTS; e++) {
		const struct merit_element_spec *sp = &a->element[e];
		if (sp->used)
			json_object_set_new(elements, element_names[e], json_pack(
			    "{s:o, s:o}", "weight", api_jnum(sp->weight), "engine",
			    api_jstr(sp->engine)));
		if (require && !isnan(a->require[e]))
			json_object_set_new(require, element_names[e],
			    api_jnum(a->require[e]));
	}
	for (size_t i = 0; bands && i < a->n_bands; i++)
		json_array_append_new(bands, json_pack("{s:s, s:o}", "id",
		    a->bands[i].label, "min", api_jnum(a->bands[i].min)));
	for (size_t i = 0; floors && i < a->n_floors; i++) {
		const struct merit_competency *c = model_competency(fw,
		    a->floors[i].competency);
		json_array_append_new(floors, json_pack("{s:s, s:o, s:o}",
		    "competency", a->floors[i].competency, "title", c ?
		    api_text(&t, &c->title) : json_null(), "min",
		    api_jnum(a->floors[i].min)));
	}
	/* the band a missed minimum puts a result in: named, or the lowest */
	const char *fail = a->fail_band ? a->fail_band : a->n_bands ?
	    a->bands[a->n_bands - 1].label : NULL;
	json_t *o = json_pack("{s:s, s:s, s:o, s:o, s:b, s:o, s:b, s:o, s:o, "
	    "s:o, s:o, s:o, s:b, s:o, s:o, s:o}", "agency", q->param[0],
	    "id", a->id, "title", api_text(&t, &a->title), "source",
	    api_jstr(a->source), "default", is_default(q, a), "scorer",
	    api_jstr(scorer_of(q, a)), "score_function", a->has_score_function,
	    "framework", api_jstr(fw ? fw->id : NULL), "elements", elements,
	    "bands", bands, "require", require, "floors", floors, "gaps",
	    a->gaps, "gap_k", a->gaps ? api_jnum(a->gap_k) : json_null(),
	    "fail_band", api_jstr(fail), "raters", raters_json(&a->raters));
	if (o) {
		json_object_set_new(o, "model_hash", api_jstr(m->hash));
		json_object_set_new(o, "rating_scale", rating_scale_json(&t, a));
		api_texts_finish(&t, o);
	}
	api_reply(r, 200, o);
}
