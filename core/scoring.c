#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <sodium.h>
#include "merit/error.h"
#include "register.h"
#include "scoring.h"
#include "uncertainty.h"

static const char *const element_key[MERIT_ELEMENTS] = { "qualification",
	"qualities", "performance" };

/* the scoring whose Lua score functions run: the host has one runner */
static const struct scoring *active;

static char *json_canon(struct arena *a, json_t *j)
{
	char *s = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS |
	    JSON_REAL_PRECISION(17) | JSON_ENCODE_ANY) : NULL;
	char *r = s ? arena_strdup(a, s) : NULL;
	free(s);
	json_decref(j);
	return r;
}

/* K within one standard error of a band cut: the band could as well be
 * the neighbouring one. Adds a line to the explanation; 0 or
 * MERIT_ENOMEM. */
static int mark_borderline(const struct merit_assessment *as,
    struct merit_result *r, struct arena *a, char ***lines, size_t *n_lines)
{
	const char *line;
	int b = uncertainty_borderline(as->bands, as->n_bands, r->K, r->K_se);
	if (b >= 0) {
		r->borderline_cut = as->bands[b].min;
		r->borderline_band = as->bands[b].label;
		line = arena_printf(a, "borderline: K = %.4f is less than one "
		    "standard error (%.4f) from the cut %g of band '%s'", r->K,
		    r->K_se, as->bands[b].min, as->bands[b].label);
	} else if (!as->n_bands) {
		return 0;
	} else if (!isfinite(r->K_se)) {
		line = "borderline: not known, K's standard error is unknown";
	} else {
		line = arena_printf(a, "not borderline: no band cut within one "
		    "standard error (%.4f) of K", r->K_se);
	}
	char **nl = arena_alloc(a, (*n_lines + 1) * sizeof(*nl));
	if (!nl || !line)
		return MERIT_ENOMEM;
	if (*n_lines)
		memcpy(nl, *lines, *n_lines * sizeof(*nl));
	nl[(*n_lines)++] = (char *)line;
	*lines = nl;
	return 0;
}

/* The courses of the items this engine reported, after the n_items
 * reported before: *courses grows beside the items (NULL where none
 * said). 0 or MERIT_ENOMEM. */
static int keep_item_courses(struct arena *a, const char ***courses,
    size_t n_items, const struct merit_measure *m)
{
	if (!m->n_item || (!*courses && !m->item_course))
		return 0;
	const char **nc = arena_alloc(a, (n_items + m->n_item) * sizeof(*nc));
	if (!nc)
		return MERIT_ENOMEM;
	for (size_t i = 0; i < n_items; i++)
		nc[i] = *courses ? (*courses)[i] : NULL;
	for (size_t i = 0; i < m->n_item; i++)
		nc[n_items + i] = m->item_course && i < m->cap_item_course
		    ? m->item_course[i] : NULL;
	*courses = nc;
	return 0;
}

void scoring_score(const struct scoring *sc, const char *period,
    const struct member *mb, struct scored *s, struct arena *a,
    struct merit_measure *m)
{
	const struct merit_model *model = &sc->ms->model;
	struct merit_result *r = &s->r;
	char num[64];

	if (!period)
		period = sc->ag->period;
	memset(s, 0, sizeof(*s));
	s->member = mb;
	r->person = mb->p.id;
	r->agency = sc->ag->id;
	r->period = period;
	r->framework = model->framework ? model->framework->id : NULL;
	r->framework_version = model->framework ? model->framework->version : NULL;
	r->assessment = sc->as->id;
	r->model_hash = model->hash;
	r->K = NAN;
	r->K_se = NAN;
	r->borderline_cut = NAN;
	const struct merit_level *lv = model_level_for_post(model->framework,
	    mb->p.post_level);
	s->post_level_id = lv ? lv->id : NULL;

	/* the inputs, canonical, for the receipt and the register */
	json_t *in = json_object();
	if (in) {
		json_object_set_new(in, "person", value_to_json(mb->p.record));
		json_object_set_new(in, "evidence", value_to_json(mb->evidence));
	}
	if (!(s->inputs_json = json_canon(a, in))) {
		s->error = "out of memory";
		return;
	}

	struct merit_competency_result *comps = NULL;
	struct merit_course_result *courses = NULL;
	struct merit_item_result *items = NULL;
	const char **item_courses = NULL;
	struct merit_rating *ratings = NULL;
	size_t n_comps = 0, n_courses = 0, n_items = 0, n_ratings = 0;
	char **lines = NULL;
	size_t n_lines = 0;
	r->self_qualities = NAN;
	r->status = MERIT_ASSESSED;
	/* an engine's failure waits until every engine has run: a later one
	 * may find the person not assessed at all (on leave, newly hired),
	 * who then needs no evidence for the others */
	const char *failed = NULL;
	for (int e = 0; e < MERIT_ELEMENTS; e++) {
		r->element[e] = r->weight[e] = r->element_se[e] = NAN;
		if (!sc->as->element[e].used)
			continue;
		struct plugin *pl = sc->engine[e];
		const struct merit_engine_ops *ops = pl->desc->ops;
		struct merit_engine_call call = { .size = sizeof(call),
			.model = model, .assessment = sc->as, .element = e,
			.person = &mb->p, .evidence = member_evidence(mb,
			element_key[e]), .out = m };
		measure_init(m, a, pl->desc->name);
		m->abi_minor = pl->desc->abi_minor;
		m->person = &mb->p;
		int rc = ops->measure(pl->state, &call);
		if (!rc && !m->has_element && !m->not_assessed)
			rc = host_api()->fail(m, NULL, "engine %s reported no score "
			    "for %s", pl->desc->name, element_key[e]);
		if (rc || m->oom) {
			const char *err = m->error ? m->error : arena_printf(a,
			    "%s: engine %s failed: %s", element_key[e],
			    pl->desc->name, merit_strerror(rc ? rc : MERIT_ENOMEM));
			if (m->oom || rc == MERIT_ENOMEM) {
				s->error = err;
				goto out;
			}
			if (!failed)
				failed = err;
			continue;
		}
		if (m->not_assessed) {
			s->error = NULL;
			/* e.g. on leave, or in the first months of service */
			r->status = MERIT_NOT_ASSESSED;
			r->reason = m->not_assessed;
			for (int k = 0; k < MERIT_ELEMENTS; k++)
				r->element[k] = r->weight[k] = NAN, r->used[k] = 0;
			char **nl = arena_alloc(a, sizeof(*nl));
			if (!nl || !(nl[0] = arena_printf(a, "not assessed: %s "
			    "(%s)", m->not_assessed, pl->desc->name)))
				goto oom;
			lines = nl;
			n_lines = 1;
			n_comps = n_courses = n_items = n_ratings = 0;
			r->band = NULL;
			goto receipt;
		}
		if (failed)
			continue;
		r->used[e] = 1;
		r->element[e] = m->value;
		r->element_se[e] = m->se;
		if (call.evidence && call.evidence->line) {
			char where[512];
			r->provenance[e] = arena_strdup(a, value_where(call.evidence,
			    where, sizeof(where)));
		}
		r->weight[e] = sc->as->element[e].weight;
		if (e == MERIT_QUALITIES)
			r->self_qualities = m->self;
		/* keep what this engine reported past the next measure_init */
#define KEEP(arr, n, src, nsrc)                                             \
		if (nsrc) {                                                 \
			void *nv = arena_alloc(a, (n + nsrc) * sizeof(*arr));  \
			if (!nv)                                            \
				goto oom;                                   \
			if (n)                                              \
				memcpy(nv, arr, n * sizeof(*arr));          \
			memcpy((char *)nv + n * sizeof(*arr), src,          \
			    nsrc * sizeof(*arr));                           \
			arr = nv;                                           \
			n += nsrc;                                          \
		}
		KEEP(comps, n_comps, m->comp, m->n_comp)
		KEEP(courses, n_courses, m->course, m->n_course)
		if (keep_item_courses(a, &item_courses, n_items, m))
			goto oom;
		KEEP(items, n_items, m->item, m->n_item)
		KEEP(ratings, n_ratings, m->rating, m->n_rating)
		char **nl = arena_alloc(a, (n_lines + m->n_lines + 1) * sizeof(*nl));
		if (!nl)
			goto oom;
		if (n_lines)
			memcpy(nl, lines, n_lines * sizeof(*nl));
		snprintf(num, sizeof(num), isfinite(m->se) ? "%.4f (se %.4f)"
		    : "%.4f (se unknown)", m->value, m->se);
		nl[n_lines++] = arena_printf(a, "%s (%s) = %s, weight %g%s%s",
		    element_key[e], pl->desc->name, num, r->weight[e],
		    r->provenance[e] ? ", from " : "",
		    r->provenance[e] ? r->provenance[e] : "");
		for (size_t i = 0; i < m->n_lines; i++)
			nl[n_lines++] = arena_printf(a, "  %s", m->lines[i]);
		lines = nl;
	}
	if (failed) {
		s->error = failed;
		goto out;
	}
	r->competencies = comps;
	r->n_competencies = n_comps;
	r->courses = courses;
	r->n_courses = n_courses;
	r->items = items;
	r->n_items = n_items;
	r->ratings = ratings;
	r->n_ratings = n_ratings;
	r->item_course = item_courses;

	/* the scorer, then gap analysis when the assessment type asks */
	struct plugin *scorers[2] = { sc->scorer, sc->gap_scorer };
	for (int k = 0; k < 2 && scorers[k]; k++) {
		struct plugin *sp = scorers[k];
		const struct merit_scorer_ops *so = sp->desc->ops;
		struct merit_score_call call = { .size = sizeof(call),
			.assessment = sc->as, .person = &mb->p, .result = r,
			.out = m, .model = model };
		measure_init(m, a, sp->desc->name);
		m->abi_minor = sp->desc->abi_minor;
		m->person = &mb->p;
		int rc = so->score(sp->state, &call);
		if (rc || m->oom || !isfinite(r->K) || r->K < 0 || r->K > 1) {
			s->error = m->error ? m->error : arena_printf(a, "scorer %s "
			    "failed: %s", sp->desc->name, rc ? merit_strerror(rc)
			    : "K outside [0, 1]");
			goto out;
		}
		if (m->n_gap) {
			struct merit_gap *g = arena_alloc(a, m->n_gap * sizeof(*g));
			if (!g)
				goto oom;
			memcpy(g, m->gap, m->n_gap * sizeof(*g));
			r->gaps = g;
			r->n_gaps = m->n_gap;
		}
		char **nl = arena_alloc(a, (n_lines + m->n_lines + 1) *
		    sizeof(*nl));
		if (!nl)
			goto oom;
		if (n_lines)
			memcpy(nl, lines, n_lines * sizeof(*nl));
		for (size_t i = 0; i < m->n_lines; i++)
			nl[n_lines++] = m->lines[i];
		lines = nl;
	}
	if (mark_borderline(sc->as, r, a, &lines, &n_lines))
		goto oom;

receipt:
	/* the receipt: everything that decided this score */
	crypto_generichash_state hs;
	unsigned char h[32];
	crypto_generichash_init(&hs, NULL, 0, sizeof(h));
#define HASH_STR(s) crypto_generichash_update(&hs, (const unsigned char *)(s), strlen(s) + 1)
	HASH_STR("merit-receipt-1");
	HASH_STR(model->hash);
	HASH_STR(sc->as->id);
	HASH_STR(sc->ag->id);
	HASH_STR(period);
	for (int e = 0; e < MERIT_ELEMENTS; e++) {
		snprintf(num, sizeof(num), "%d:%.17g", sc->as->element[e].used,
		    sc->as->element[e].used ? sc->as->element[e].weight : 0.0);
		HASH_STR(num);
	}
	HASH_STR(sc->plugin_fingerprint);
	HASH_STR(sc->loaded_digest ? sc->loaded_digest : host_loaded_digest());
	HASH_STR(s->inputs_json);
#undef HASH_STR
	crypto_generichash_final(&hs, h, sizeof(h));
	char *hex = arena_alloc(a, 65);
	if (!hex)
		goto oom;
	sodium_bin2hex(hex, 65, h, sizeof(h));
	r->receipt = hex;
	s->ok = 1;
out:
	s->lines = lines;
	s->n_lines = n_lines;
	r->explanation = (const char *const *)lines;
	r->n_explanation = n_lines;
	return;
oom:
	s->error = "out of memory";
}

/* Lua score functions run in the scoring's own model set */
static int run_score_fn(void *ctx, merit_measure *out,
    const struct merit_assessment *a, const struct merit_person *p,
    const struct merit_result *r, double *K, const char **band)
{
	const struct scoring *s = ctx;
	char err[1024];
	int rc = model_run_score(s->ms, a, p, r, K, band, err, sizeof(err));
	return rc ? host_api()->fail(out, NULL, "%s", err) : 0;
}

char *scoring_explanation(const struct scored *s)
{
	size_t len = 1;
	for (size_t i = 0; i < s->n_lines; i++)
		len += strlen(s->lines[i]) + 1;
	char *t = malloc(len), *p = t;
	if (!t)
		return NULL;
	*p = '\0';
	for (size_t i = 0; i < s->n_lines; i++)
		p += sprintf(p, "%s%s", i ? "\n" : "", s->lines[i]);
	return t;
}

/* -- setting up -------------------------------------------------------- */

int scoring_configure(struct plugin *pl, const struct agency *ag,
    struct diag *d)
{
	if (pl->configured)
		return 0;
	if (!pl->desc->config) {
		const merit_value *v = agency_plugin_config(ag, pl->desc->name);
		if (v->type != MERIT_VALUE_NULL) {
			value_diag(d, v, "plugin %s takes no settings; remove "
			    "them from the agency file", pl->desc->name);
			return MERIT_EINPUT;
		}
		pl->configured = 1;
		return 0;
	}
	host_set_config_diag(d);
	int rc = pl->desc->config(pl->state, agency_plugin_config(ag,
	    pl->desc->name));
	host_set_config_diag(NULL);
	if (rc) {
		if (!d->n)
			diag_add(d, ag->file, 0, 0, "plugin %s refused its "
			    "settings: %s", pl->desc->name, merit_strerror(rc));
		return rc;
	}
	pl->configured = 1;
	return 0;
}

static int fingerprint(struct scoring *s)
{
	json_t *j = json_array();
	struct plugin *used[MERIT_ELEMENTS + 2];
	size_t n = 0;
	for (int e = 0; e < MERIT_ELEMENTS; e++)
		if (s->engine[e])
			used[n++] = s->engine[e];
	used[n++] = s->scorer;
	if (s->gap_scorer)
		used[n++] = s->gap_scorer;
	for (size_t i = 0; j && i < n; i++) {
		const merit_value *cfg = agency_plugin_config(s->ag,
		    used[i]->desc->name);
		json_t *item = json_pack("{s:s, s:s, s:o}", "name",
		    used[i]->desc->name, "version", used[i]->desc->version,
		    "settings", value_to_json(cfg));
		json_array_append_new(j, item);
	}
	char *fp = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS |
	    JSON_REAL_PRECISION(17)) : NULL;
	json_decref(j);
	s->plugin_fingerprint = fp;
	return fp ? 0 : MERIT_ENOMEM;
}

int scoring_open(struct scoring *s, struct plugin_set *ps,
    const struct agency *ag, struct model_set *ms, const char *assessment,
    struct diag *d)
{
	const struct merit_model *m = &ms->model;
	char why[1280];
	int rc;
	memset(s, 0, sizeof(*s));
	s->ag = ag;
	s->ms = ms;
	if (!m->framework) {
		diag_add(d, ag->file, 0, 0, "the agency's model declares no "
		    "framework; 'framework:' must name a folder with a framework "
		    "{ ... } declaration");
		return MERIT_EINPUT;
	}
	const char *aid = assessment ? assessment : ag->assessment;
	if (!(s->as = model_assessment(m, aid))) {
		char list[512] = "";
		size_t off = 0;
		for (size_t i = 0; i < m->n_assessments && off < sizeof(list); i++)
			off += (size_t)snprintf(list + off, sizeof(list) - off, "%s%s",
			    i ? ", " : "", m->assessments[i].id);
		diag_add(d, assessment ? NULL : ag->file, 0, 0,
		    "unknown assessment type '%s' (the agency's scripts declare: "
		    "%s)", aid, m->n_assessments ? list : "none");
		return MERIT_EINPUT;
	}
	const struct merit_assessment *as = s->as;
	for (int e = 0; e < MERIT_ELEMENTS; e++) {
		if (!as->element[e].used)
			continue;
		s->engine[e] = plugins_find(ps, MERIT_PLUGIN_ENGINE,
		    as->element[e].engine);
		if (!s->engine[e]) {
			diag_add(d, as->src.file, as->src.line, 0, "assessment '%s' "
			    "needs engine '%s', which is not loaded (%s)", as->id,
			    as->element[e].engine, plugins_why_absent(ps,
			    as->element[e].engine, why, sizeof(why)));
			return MERIT_EPLUGIN;
		}
		if ((rc = scoring_configure(s->engine[e], ag, d)))
			return rc;
	}
	const char *sname = ag->scorer ? ag->scorer : as->scorer;
	if (!(s->scorer = plugins_find(ps, MERIT_PLUGIN_SCORER, sname))) {
		diag_add(d, ag->file, 0, 0, "scorer '%s' is not loaded (%s)",
		    sname, plugins_why_absent(ps, sname, why, sizeof(why)));
		return MERIT_EPLUGIN;
	}
	if ((rc = scoring_configure(s->scorer, ag, d)))
		return rc;
	if (as->gaps && strcmp(sname, "gap")) {
		if (!(s->gap_scorer = plugins_find(ps, MERIT_PLUGIN_SCORER,
		    "gap"))) {
			diag_add(d, as->src.file, as->src.line, 0, "assessment '%s' "
			    "asks for gap analysis, but the scorer 'gap' is not "
			    "loaded (%s)", as->id, plugins_why_absent(ps, "gap", why,
			    sizeof(why)));
			return MERIT_EPLUGIN;
		}
		if ((rc = scoring_configure(s->gap_scorer, ag, d)))
			return rc;
	}
	if ((rc = fingerprint(s)))
		return rc;
	scoring_activate(s);
	return 0;
}

void scoring_activate(struct scoring *s)
{
	active = s;
	host_set_score_runner(run_score_fn, s);
}

void scoring_close(struct scoring *s)
{
	/* a score function must not run through a scoring that is gone */
	if (active == s) {
		active = NULL;
		host_set_score_runner(NULL, NULL);
	}
	free(s->plugin_fingerprint);
	memset(s, 0, sizeof(*s));
}

void scoring_pin_loaded(struct scoring *s)
{
	snprintf(s->loaded_buf, sizeof(s->loaded_buf), "%s",
	    host_loaded_digest());
	s->loaded_digest = s->loaded_buf;
}

int scoring_register(struct reg *r, const struct agency *ag,
    const struct model_set *ms)
{
	json_t *tj = ag->title ? value_to_json(ag->title) : NULL;
	char *title = tj ? json_dumps(tj, JSON_COMPACT | JSON_SORT_KEYS |
	    JSON_ENCODE_ANY) : NULL;
	json_decref(tj);
	json_t *fj = json_array();
	for (size_t i = 0; fj && i < ms->n_files; i++)
		json_array_append_new(fj, json_string(ms->files[i]));
	char *files = fj ? json_dumps(fj, JSON_COMPACT) : NULL;
	json_decref(fj);
	const struct merit_model *m = &ms->model;
	int rc = reg_put_agency(r, ag->id, title, m->framework ?
	    m->framework->id : NULL, ag->config_hash, ag->file);
	rc = rc ? rc : reg_put_model(r, m, files ? files : "[]");
	for (size_t i = 0; !rc && ms->file_hashes && i < ms->n_files; i++)
		if (ms->file_hashes[i]) {
			const char *slash = strrchr(ms->files[i], '/');
			rc = reg_put_model_file(r, m->hash, slash ? slash + 1 :
			    ms->files[i], ms->files[i], ms->file_hashes[i]);
		}
	free(title);
	free(files);
	return rc;
}
