#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "merit/error.h"
#include "date.h"
#include "model.h"
#include "itemstats.h"
#include "recommend.h"
#include "uncertainty.h"
#include "workspace.h"

/* For every completion and every competency, the latest measurement
 * before the completion day and the first after it; the gain is their
 * difference. One statement over the whole register: window functions
 * pick the two measurements, so the cost does not grow with the number
 * of persons asked about. A result counts on the day it was scored. */
static const char effects_sql[] =
	"WITH m AS ("
	"  SELECT r.agency, r.person, r.id, substr(r.scored_at, 1, 10) AS day,"
	"    cr.competency, cr.position"
	"  FROM result r JOIN competency_result cr ON cr.result_id = r.id"
	"  WHERE cr.position IS NOT NULL AND r.trial = 0"
	"    AND (?1 IS NULL OR r.framework = ?1)),"
	" b AS ("
	"  SELECT c.agency, c.person, c.course, c.completed_on, m.competency,"
	"    m.position, row_number() OVER (PARTITION BY c.agency, c.person,"
	"      c.course, c.completed_on, m.competency"
	"      ORDER BY m.day DESC, m.id DESC) AS k"
	"  FROM completion c JOIN m ON m.agency = c.agency"
	"    AND m.person = c.person AND m.day < c.completed_on),"
	" a AS ("
	"  SELECT c.agency, c.person, c.course, c.completed_on, m.competency,"
	"    m.position, row_number() OVER (PARTITION BY c.agency, c.person,"
	"      c.course, c.completed_on, m.competency"
	"      ORDER BY m.day, m.id) AS k"
	"  FROM completion c JOIN m ON m.agency = c.agency"
	"    AND m.person = c.person AND m.day > c.completed_on)"
	" SELECT b.course, b.competency, count(*), avg(a.position - b.position),"
	"   sum((a.position - b.position) * (a.position - b.position))"
	" FROM b JOIN a ON a.agency = b.agency AND a.person = b.person"
	"   AND a.course = b.course AND a.completed_on = b.completed_on"
	"   AND a.competency = b.competency AND a.k = 1"
	" WHERE b.k = 1"
	" GROUP BY b.course, b.competency ORDER BY b.course, b.competency";

int effects_compute(sqlite3 *db, const char *framework, struct effect_set *out)
{
	sqlite3_stmt *st = NULL;
	int rc = 0, s;
	size_t cap = 0;
	out->v = NULL;
	out->n = 0;
	if (sqlite3_prepare_v2(db, effects_sql, -1, &st, NULL) != SQLITE_OK)
		return MERIT_EDB;
	if (framework)
		sqlite3_bind_text(st, 1, framework, -1, SQLITE_STATIC);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		if (out->n == cap) {
			size_t nc = cap ? 2 * cap : 16;
			void *p = realloc(out->v, nc * sizeof(*out->v));
			if (!p) {
				rc = MERIT_ENOMEM;
				goto done;
			}
			out->v = p;
			cap = nc;
		}
		struct course_effect *e = &out->v[out->n];
		e->course = strdup((const char *)sqlite3_column_text(st, 0));
		e->competency = strdup((const char *)sqlite3_column_text(st, 1));
		if (!e->course || !e->competency) {
			free(e->course);
			free(e->competency);
			rc = MERIT_ENOMEM;
			goto done;
		}
		out->n++;
		e->n = sqlite3_column_int(st, 2);
		e->mean = sqlite3_column_double(st, 3);
		/* sample variance from the sums: (Σg² − n·mean²) / (n − 1) */
		double ss = sqlite3_column_double(st, 4) - e->n * e->mean * e->mean;
		e->se = e->n > 1 ? sqrt(fmax(ss, 0) / (e->n - 1)) / sqrt(e->n) : NAN;
	}
	if (s != SQLITE_DONE)
		rc = MERIT_EDB;
done:
	sqlite3_finalize(st);
	if (rc)
		effects_free(out);
	return rc;
}

const struct course_effect *effects_find(const struct effect_set *s,
    const char *course, const char *competency)
{
	for (size_t i = 0; s && i < s->n; i++)
		if (!strcmp(s->v[i].course, course) &&
		    !strcmp(s->v[i].competency, competency))
			return &s->v[i];
	return NULL;
}

void effects_free(struct effect_set *s)
{
	for (size_t i = 0; i < s->n; i++) {
		free(s->v[i].course);
		free(s->v[i].competency);
	}
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

/* What the person should develop, before courses are matched to it. */
struct need {
	enum need_kind kind;
	char competency[128], course[128];
	char required_level[32], measured_level[32];
	double required, measured, importance;
	char receipt[80];
	double sem; /* a quiz need's SEM, as a share of the subscore */
};

struct needs {
	struct need *v;
	size_t n, cap;
};

static struct need *need_add(struct needs *ns)
{
	if (ns->n == ns->cap) {
		size_t nc = ns->cap ? 2 * ns->cap : 16;
		void *p = realloc(ns->v, nc * sizeof(*ns->v));
		if (!p)
			return NULL;
		ns->v = p;
		ns->cap = nc;
	}
	memset(&ns->v[ns->n], 0, sizeof(ns->v[0]));
	return &ns->v[ns->n++];
}

static int has_need(const struct needs *ns, const char *competency)
{
	for (size_t i = 0; i < ns->n; i++)
		if (ns->v[i].kind != NEED_QUIZ &&
		    !strcmp(ns->v[i].competency, competency))
			return 1;
	return 0;
}

static void copy_col(char *dst, size_t n, sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	snprintf(dst, n, "%s", t ? (const char *)t : "");
}

/* The required position of a competency at the person's post, the way
 * the gap scorer finds it: the profile of the post, else the framework's
 * level tied to the post. 0 when nothing is required. */
static int required_at_post(const struct merit_model *m, int post,
    const char *competency, double *req, double *importance, char *level,
    size_t level_len)
{
	const struct merit_profile *pr = model_profile_for_post(m, post);
	if (pr) {
		for (size_t i = 0; i < pr->n_entries; i++) {
			const struct merit_profile_entry *e = &pr->entries[i];
			if (strcmp(e->competency, competency))
				continue;
			*req = e->required;
			*importance = e->importance;
			snprintf(level, level_len, "%s", e->level ? e->level : "");
			return 1;
		}
		return 0;
	}
	const struct merit_framework *fw = m->framework;
	for (size_t i = 0; fw && i < fw->n_levels; i++) {
		const struct merit_level *l = &fw->levels[i];
		if (l->post_min && post >= l->post_min && post <= l->post_max) {
			*req = l->index + 1;
			*importance = 1;
			snprintf(level, level_len, "%s", l->id);
			return 1;
		}
	}
	return 0;
}

/* The scores of the cohort on the items of one course: those of the
 * latest results of the same agency, assessment type and period as
 * result `id`, a row per result, NAN where an item was not given. */
struct item_matrix {
	char **item;
	double *max, *score;
	size_t n_items, n_rows;
};

static void item_matrix_free(struct item_matrix *x)
{
	for (size_t j = 0; j < x->n_items; j++)
		free(x->item[j]);
	free(x->item);
	free(x->max);
	free(x->score);
	memset(x, 0, sizeof(*x));
}

/* The column of item `id`, added when new; -1 when out of memory. */
static long item_column(struct item_matrix *x, const char *id, double max)
{
	for (size_t j = 0; j < x->n_items; j++)
		if (!strcmp(x->item[j], id))
			return (long)j;
	char **ni = realloc(x->item, (x->n_items + 1) * sizeof(*ni));
	if (ni)
		x->item = ni;
	double *nm = ni ? realloc(x->max, (x->n_items + 1) * sizeof(*nm))
			: NULL;
	if (nm)
		x->max = nm;
	if (!nm || !(x->item[x->n_items] = strdup(id)))
		return -1;
	x->max[x->n_items] = max;
	return (long)x->n_items++;
}

static int item_matrix_read(sqlite3 *db, long long id, const char *course,
    struct item_matrix *x)
{
	/* pass 1: the items and rows; pass 2: the scores */
	static const char sql[] =
		"SELECT l.id, i.item, i.score, i.max FROM result me"
		" JOIN current_result l ON l.agency = me.agency"
		"  AND l.assessment = me.assessment AND l.period = me.period"
		" JOIN item_result i ON i.result_id = l.id AND i.course = ?2"
		" WHERE me.id = ?1 ORDER BY l.id";
	sqlite3_stmt *st = NULL;
	int rc = MERIT_EDB;
	memset(x, 0, sizeof(*x));
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL))
		return MERIT_EDB;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, course, -1, SQLITE_STATIC);
	for (int pass = 0; pass < 2; pass++) {
		long long last = -1;
		size_t row = 0;
		int s;
		sqlite3_reset(st);
		while ((s = sqlite3_step(st)) == SQLITE_ROW) {
			long long rid = sqlite3_column_int64(st, 0);
			if (rid != last && last != -1)
				row++;
			last = rid;
			const char *item = (const char *)sqlite3_column_text(st, 1);
			long j = item_column(x, item, sqlite3_column_double(st, 3));
			if (j < 0) {
				rc = MERIT_ENOMEM;
				goto out;
			}
			if (pass)
				x->score[row * x->n_items + (size_t)j] =
				    sqlite3_column_double(st, 2);
		}
		if (s != SQLITE_DONE)
			goto out;
		if (!pass) {
			x->n_rows = last == -1 ? 0 : row + 1;
			if (!(x->score = malloc(x->n_rows * x->n_items *
			    sizeof(*x->score) + 1))) {
				rc = MERIT_ENOMEM;
				goto out;
			}
			for (size_t k = 0; k < x->n_rows * x->n_items; k++)
				x->score[k] = NAN;
		}
	}
	rc = 0;
out:
	sqlite3_finalize(st);
	if (rc)
		item_matrix_free(x);
	return rc;
}

/* The SEM of a course's subscore as a share of it (the subscore's
 * scale): SD·sqrt(1 − alpha) of the cohort's subscore totals, over their
 * maximum. NAN when the register cannot say (no items kept, fewer than
 * two persons or items). 0, or a negative code. */
static int course_sem(sqlite3 *db, long long id, const char *course,
    double *sem)
{
	struct item_matrix x;
	struct teststat t;
	int rc = item_matrix_read(db, id, course, &x);
	*sem = NAN;
	if (rc)
		return rc;
	struct itemstat *it = calloc(x.n_items + 1, sizeof(*it));
	if (!it)
		rc = MERIT_ENOMEM;
	else if (x.n_rows && !itemstats_compute(x.score, x.max, x.n_rows,
	    x.n_items, it, &t) && t.max_total > 0)
		*sem = uncertainty_sem(t.sd, t.reliability) / t.max_total;
	free(it);
	item_matrix_free(&x);
	return rc;
}

/* The person's current result (the latest of the scheme the agency has
 * adopted: a trial, or a result of a scheme replaced since, decides
 * nothing), and from it the gaps, the competencies below the required
 * level and the quiz subscores below the pass mark. */
static int collect_needs(sqlite3 *db, const struct merit_model *m,
    const char *agency, const char *person, double pass, struct needs *ns)
{
	static const char results_sql[] =
		"SELECT r.id, r.receipt, p.post_level FROM current_result r"
		" JOIN person p ON p.agency = r.agency AND p.id = r.person"
		" WHERE r.agency = ?1 AND r.person = ?2";
	sqlite3_stmt *res = NULL, *gap = NULL, *comp = NULL, *quiz = NULL;
	int rc = MERIT_EDB, s;
	if (sqlite3_prepare_v2(db, results_sql, -1, &res, NULL) ||
	    sqlite3_prepare_v2(db, "SELECT competency, required, required_level,"
	    " measured, measured_level, importance FROM gap WHERE result_id = ?1"
	    " AND status = 'gap' ORDER BY priority", -1, &gap, NULL) ||
	    sqlite3_prepare_v2(db, "SELECT competency, position, level FROM"
	    " competency_result WHERE result_id = ?1 AND position IS NOT NULL"
	    " ORDER BY competency", -1, &comp, NULL) ||
	    sqlite3_prepare_v2(db, "SELECT course, value FROM course_result"
	    " WHERE result_id = ?1 AND value < ?2 ORDER BY course", -1, &quiz,
	    NULL))
		goto done;
	sqlite3_bind_text(res, 1, agency, -1, SQLITE_STATIC);
	sqlite3_bind_text(res, 2, person, -1, SQLITE_STATIC);
	while ((s = sqlite3_step(res)) == SQLITE_ROW) {
		long long id = sqlite3_column_int64(res, 0);
		char receipt[80];
		copy_col(receipt, sizeof(receipt), res, 1);
		int post = sqlite3_column_int(res, 2);
		struct need *n;

		sqlite3_reset(gap);
		sqlite3_bind_int64(gap, 1, id);
		while (sqlite3_step(gap) == SQLITE_ROW) {
			const char *c = (const char *)sqlite3_column_text(gap, 0);
			if (has_need(ns, c))
				continue;
			if (!(n = need_add(ns)))
				goto nomem;
			n->kind = NEED_GAP;
			snprintf(n->competency, sizeof(n->competency), "%s", c);
			n->required = sqlite3_column_double(gap, 1);
			copy_col(n->required_level, sizeof(n->required_level), gap, 2);
			n->measured = sqlite3_column_double(gap, 3);
			copy_col(n->measured_level, sizeof(n->measured_level), gap, 4);
			n->importance = sqlite3_column_double(gap, 5);
			snprintf(n->receipt, sizeof(n->receipt), "%s", receipt);
		}
		sqlite3_reset(comp);
		sqlite3_bind_int64(comp, 1, id);
		while (sqlite3_step(comp) == SQLITE_ROW) {
			const char *c = (const char *)sqlite3_column_text(comp, 0);
			double req, imp, pos = sqlite3_column_double(comp, 1);
			char lvl[32];
			if (has_need(ns, c) || !required_at_post(m, post, c, &req,
			    &imp, lvl, sizeof(lvl)) || pos >= req)
				continue;
			if (!(n = need_add(ns)))
				goto nomem;
			n->kind = NEED_BELOW;
			snprintf(n->competency, sizeof(n->competency), "%s", c);
			n->required = req;
			snprintf(n->required_level, sizeof(n->required_level), "%s",
			    lvl);
			n->measured = pos;
			copy_col(n->measured_level, sizeof(n->measured_level), comp, 2);
			n->importance = imp;
			snprintf(n->receipt, sizeof(n->receipt), "%s", receipt);
		}
		sqlite3_reset(quiz);
		sqlite3_bind_int64(quiz, 1, id);
		sqlite3_bind_double(quiz, 2, pass);
		while (sqlite3_step(quiz) == SQLITE_ROW) {
			if (!(n = need_add(ns)))
				goto nomem;
			n->kind = NEED_QUIZ;
			copy_col(n->course, sizeof(n->course), quiz, 0);
			n->required = pass;
			n->measured = sqlite3_column_double(quiz, 1);
			n->importance = 1;
			snprintf(n->receipt, sizeof(n->receipt), "%s", receipt);
			if ((rc = course_sem(db, id, n->course, &n->sem)))
				goto done;
		}
	}
	rc = s == SQLITE_DONE ? 0 : MERIT_EDB;
	goto done;
nomem:
	rc = MERIT_ENOMEM;
done:
	sqlite3_finalize(res);
	sqlite3_finalize(gap);
	sqlite3_finalize(comp);
	sqlite3_finalize(quiz);
	return rc;
}

/* Courses completed within the window or still enrolled in. */
static int excluded(sqlite3_stmt *st, const char *course)
{
	sqlite3_reset(st);
	sqlite3_bind_text(st, 3, course, -1, SQLITE_STATIC);
	return sqlite3_step(st) == SQLITE_ROW;
}

static void level_text(char *buf, size_t n, const char *level, double pos)
{
	if (level && *level)
		snprintf(buf, n, "%s (%.2f)", level, pos);
	else
		snprintf(buf, n, "%.2f", pos);
}

static void write_reason(struct recommendation *rc, const struct need *nd,
    const struct merit_course_target *tg, const struct course_effect *e)
{
	char req[64], mea[64], eff[192];
	if (nd->kind == NEED_QUIZ && rc->borderline) {
		snprintf(rc->reason, sizeof(rc->reason), "borderline: course "
		    "subscore %.2f below the pass mark %.2f of the knowledge test "
		    "by less than the test's standard error of measurement %.2f, "
		    "too close to call a fail; the course teaches what the test "
		    "found missing", nd->measured, nd->required, nd->sem);
		return;
	}
	if (nd->kind == NEED_QUIZ) {
		snprintf(rc->reason, sizeof(rc->reason), "course subscore %.2f "
		    "below the pass mark %.2f of the knowledge test; the course "
		    "teaches what the test found missing", nd->measured,
		    nd->required);
		return;
	}
	level_text(req, sizeof(req), nd->required_level, nd->required);
	level_text(mea, sizeof(mea), nd->measured_level, nd->measured);
	if (rc->learned)
		snprintf(eff, sizeof(eff), "learned effect %+.2f ± %.2f levels "
		    "from %d persons", e->mean, isnan(e->se) ? 0.0 : e->se, e->n);
	else
		snprintf(eff, sizeof(eff), "no learned effect yet: %d of %d "
		    "persons measured before and after; expected %+.2f levels, "
		    "up to the target", e ? e->n : 0, EFFECT_MIN_N, rc->effect);
	char target[64];
	if (tg->level)
		snprintf(target, sizeof(target), "level %s (%.0f)", tg->level,
		    rc->target);
	else
		snprintf(target, sizeof(target), "the required level");
	snprintf(rc->reason, sizeof(rc->reason), "%s: %s %s, measured %s, "
	    "gap %.2f levels, importance %g; the course develops it to %s; %s",
	    nd->competency, nd->kind == NEED_GAP ? "gap: required" :
	    "below the post's level: required", req, mea, rc->gap,
	    nd->importance, target, eff);
}

static int by_score(const void *a, const void *b)
{
	const struct recommendation *x = a, *y = b;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return strcmp(x->course->id, y->course->id);
}

/* Keep the best-scoring need for each course. */
static int offer(struct rec_list *l, size_t *cap, const struct recommendation *r)
{
	for (size_t i = 0; i < l->n; i++) {
		if (l->v[i].course != r->course)
			continue;
		if (r->score > l->v[i].score)
			l->v[i] = *r;
		return 0;
	}
	if (l->n == *cap) {
		size_t nc = *cap ? 2 * *cap : 16;
		void *p = realloc(l->v, nc * sizeof(*l->v));
		if (!p)
			return MERIT_ENOMEM;
		l->v = p;
		*cap = nc;
	}
	l->v[l->n++] = *r;
	return 0;
}

int recommend_person(sqlite3 *db, const struct merit_model *m,
    const struct effect_set *eff, const char *agency, const char *person,
    const struct rec_opts *o, struct rec_list *out)
{
	struct needs ns = { 0 };
	sqlite3_stmt *ex = NULL;
	size_t cap = 0;
	char since[16];
	int rc;
	out->v = NULL;
	out->n = 0;
	if ((rc = collect_needs(db, m, agency, person, o->quiz_pass, &ns)))
		goto done;
	date_format(date_add_months(o->today, -12 * o->years), since);
	if (sqlite3_prepare_v2(db, "SELECT 1 FROM completion WHERE agency = ?1"
	    " AND person = ?2 AND course = ?3 AND completed_on >= ?4"
	    " UNION ALL SELECT 1 FROM enrolment WHERE agency = ?1"
	    " AND person = ?2 AND course = ?3 AND status = 'enrolled'", -1,
	    &ex, NULL)) {
		rc = MERIT_EDB;
		goto done;
	}
	sqlite3_bind_text(ex, 1, agency, -1, SQLITE_STATIC);
	sqlite3_bind_text(ex, 2, person, -1, SQLITE_STATIC);
	sqlite3_bind_text(ex, 4, since, -1, SQLITE_STATIC);

	for (size_t i = 0; i < ns.n; i++) {
		const struct need *nd = &ns.v[i];
		for (size_t c = 0; c < m->n_courses; c++) {
			const struct merit_course *co = &m->courses[c];
			struct recommendation r = { .course = co, .kind = nd->kind,
			    .sem = NAN,
			    .required = nd->required, .measured = nd->measured,
			    .gap = nd->required - nd->measured,
			    .importance = nd->importance };
			snprintf(r.receipt, sizeof(r.receipt), "%s", nd->receipt);
			if (nd->kind == NEED_QUIZ) {
				if (strcmp(co->id, nd->course) || excluded(ex, co->id))
					continue;
				/* the subscore's shortfall, the course taken whole */
				r.effect = 1;
				r.sem = nd->sem;
				r.borderline = isfinite(nd->sem) &&
				    nd->required - nd->measured < nd->sem;
				r.score = r.importance * r.gap;
				write_reason(&r, nd, NULL, NULL);
				if ((rc = offer(out, &cap, &r)))
					goto done;
				continue;
			}
			for (size_t k = 0; k < co->n_develops; k++) {
				const struct merit_course_target *tg = &co->develops[k];
				if (strcmp(tg->competency, nd->competency))
					continue;
				r.target = tg->level ? model_level_index(m->framework,
				    tg->level) : nd->required;
				const struct course_effect *e = effects_find(eff, co->id,
				    nd->competency);
				r.learned = e && e->n >= EFFECT_MIN_N;
				/* declared: the part of the gap up to the
				 * course's target; beyond the requirement is no
				 * remedy for this gap */
				r.effect = r.learned ? e->mean :
				    fmin(r.target, nd->required) - nd->measured;
				/* a course aimed below the person, or one that
				 * did not help those who took it, is no remedy */
				if (r.target <= nd->measured || r.effect <= 0 ||
				    excluded(ex, co->id))
					continue;
				snprintf(r.competency, sizeof(r.competency), "%s",
				    nd->competency);
				r.score = r.importance * r.gap * r.effect;
				write_reason(&r, nd, tg, e);
				if ((rc = offer(out, &cap, &r)))
					goto done;
			}
		}
	}
	if (out->n)
		qsort(out->v, out->n, sizeof(*out->v), by_score);
done:
	sqlite3_finalize(ex);
	free(ns.v);
	if (rc)
		rec_list_free(out);
	return rc;
}

void rec_list_free(struct rec_list *l)
{
	free(l->v);
	l->v = NULL;
	l->n = 0;
}

int recommend_for(sqlite3 *db, const struct workspace *w, const char *agency,
    const char *person, long today, int years, struct rec_list *out,
    char *err, size_t errlen)
{
	struct effect_set eff;
	const struct merit_model *m = w->model;
	double pass = 0.6; /* the quiz engine's default pass mark */
	const merit_value *v = value_get(agency_plugin_config(w->ag, "quiz"),
	    "pass");
	if (v)
		value_num(v, &pass);
	struct rec_opts o = { .today = today, .years = years, .quiz_pass = pass };
	out->v = NULL;
	out->n = 0;
	int rc = effects_compute(db, m->framework ? m->framework->id : NULL,
	    &eff);
	if (rc) {
		snprintf(err, errlen, "cannot compute course effects: %s",
		    sqlite3_errmsg(db));
		return rc;
	}
	rc = recommend_person(db, m, &eff, agency, person, &o, out);
	effects_free(&eff);
	if (rc)
		snprintf(err, errlen, "cannot read %s's results: %s", person,
		    sqlite3_errmsg(db));
	return rc;
}

json_t *rec_to_json(const struct recommendation *r, size_t rank)
{
	json_t *o = json_object();
	json_object_set_new(o, "rank", json_integer((json_int_t)rank));
	json_object_set_new(o, "course", json_string(r->course->id));
	json_object_set_new(o, "title", json_string(model_text(&r->course->title,
	    "en")));
	json_object_set_new(o, "hours", json_real(r->course->hours));
	if (r->course->format)
		json_object_set_new(o, "format", json_string(r->course->format));
	json_object_set_new(o, "competency", *r->competency ?
	    json_string(r->competency) : json_null());
	json_object_set_new(o, "kind", json_string(r->kind == NEED_GAP ? "gap"
	    : r->kind == NEED_BELOW ? "below-level" : "quiz"));
	json_object_set_new(o, "required", json_real(r->required));
	json_object_set_new(o, "measured", json_real(r->measured));
	json_object_set_new(o, "gap", json_real(r->gap));
	json_object_set_new(o, "importance", json_real(r->importance));
	json_object_set_new(o, "effect", json_real(r->effect));
	json_object_set_new(o, "learned", json_boolean(r->learned));
	json_object_set_new(o, "score", json_real(r->score));
	json_object_set_new(o, "basis", json_string(r->receipt));
	json_object_set_new(o, "reason", json_string(r->reason));
	if (r->kind == NEED_QUIZ) {
		json_object_set_new(o, "sem", isfinite(r->sem) ?
		    json_real(r->sem) : json_null());
		json_object_set_new(o, "borderline", json_boolean(r->borderline));
	}
	return o;
}

json_t *recommend_json(const char *agency, const char *person,
    const struct rec_list *l)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < l->n; i++)
		if (json_array_append_new(a, rec_to_json(&l->v[i], i + 1))) {
			json_decref(a);
			return NULL;
		}
	return a ? json_pack("{s:s, s:s, s:o}", "agency", agency, "person",
	    person, "recommendations", a) : NULL;
}

int recommend_has_current(sqlite3 *db, const char *agency, const char *person)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT EXISTS (SELECT 1 FROM current_result"
	    " WHERE agency = ?1 AND person = ?2)", -1, &st, NULL) != SQLITE_OK)
		return MERIT_EDB;
	sqlite3_bind_text(st, 1, agency, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, person, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0)
	    : MERIT_EDB;
	sqlite3_finalize(st);
	return rc;
}
