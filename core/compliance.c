#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "merit/error.h"
#include "compliance.h"
#include "date.h"
#include "vtree.h"

const char *compliance_status_name(int status)
{
	static const char *const names[] = { "compliant", "due-soon", "overdue",
		"not-covered", "on-leave" };
	return status >= 0 && status <= COMPLIANCE_ON_LEAVE ? names[status] : "?";
}

static int listed(const char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (s && !strcmp(v[i], s))
			return 1;
	return 0;
}

int compliance_applies(const struct merit_policy *p,
    const struct compliance_person *ps)
{
	if (p->n_categories && !listed(p->categories, p->n_categories,
	    ps->category))
		return 0;
	if (p->n_terms && !listed(p->terms, p->n_terms, ps->term))
		return 0;
	if (p->post_min && (ps->post_level < p->post_min ||
	    ps->post_level > p->post_max))
		return 0;
	return 1;
}

int compliance_accepts(const struct merit_policy *p,
    const struct merit_policy_set *set, const char *course)
{
	if (set)
		return listed(set->courses, set->n_courses, course);
	return !p->n_courses || listed(p->courses, p->n_courses, course);
}

static int every_months(const struct merit_policy *p)
{
	return 12 * p->every_years + p->every_months;
}

/* day + k periods (k may be negative) */
static long every_add(const struct merit_policy *p, long day, long k)
{
	return date_add_months(day, (int)(k * every_months(p))) +
	    k * p->every_days;
}

/* What the completions in [from, to] give toward p: different courses
 * accepted (set: the rotating set) and their hours. */
static void count(const struct merit_policy *p,
    const struct merit_policy_set *set, const struct compliance_completion *c,
    size_t n, long from, long to, int *courses, double *hours)
{
	*courses = 0;
	*hours = 0;
	for (size_t i = 0; i < n; i++) {
		if (c[i].day < from || c[i].day > to ||
		    !compliance_accepts(p, set, c[i].course))
			continue;
		*hours += c[i].hours;
		size_t j;
		for (j = 0; j < i; j++)
			if (c[j].day >= from && !strcmp(c[j].course, c[i].course))
				break;
		if (j == i)
			(*courses)++;
	}
}

static int required_courses(const struct merit_policy *p,
    const struct merit_policy_set *set)
{
	if (set && !p->require_courses)
		return (int)set->n_courses; /* rotate: the whole set */
	return p->require_courses;
}

static void shortfall(const struct merit_policy *p,
    const struct merit_policy_set *set, int courses, double hours,
    int *miss_c, double *miss_h)
{
	int need = required_courses(p, set);
	*miss_c = courses < need ? need - courses : 0;
	*miss_h = hours < p->require_hours ? p->require_hours - hours : 0;
}

static long first_due(const struct merit_policy *p,
    const struct compliance_person *ps)
{
	if (!ps->has_hired)
		return COMPLIANCE_NO_DATE;
	return p->grace_months ? date_add_months(ps->hired, p->grace_months)
	    : every_add(p, ps->hired, 1);
}

/* Rolling window: on day D the window is (D - every, D]; the due date is
 * the day the window stops holding what is required. */
static void eval_rolling(const struct merit_policy *p,
    const struct compliance_person *ps, const struct compliance_completion *c,
    size_t n, long as_of, struct compliance_result *out)
{
	long met_courses = p->require_courses ? COMPLIANCE_NO_DATE : LONG_MAX;
	long met_hours = p->require_hours > 0 ? COMPLIANCE_NO_DATE : LONG_MAX;
	int distinct = 0;
	double hours = 0;
	/* newest first: the N-th different course met is the N-th most
	 * recent, and the window holds N courses until it drops out */
	for (size_t i = n; i-- > 0;) {
		if (c[i].day > as_of || !compliance_accepts(p, NULL, c[i].course))
			continue;
		size_t j;
		for (j = i + 1; j < n; j++)
			if (c[j].day <= as_of && !strcmp(c[j].course, c[i].course))
				break;
		if (j == n && ++distinct == p->require_courses)
			met_courses = every_add(p, c[i].day, 1);
		hours += c[i].hours;
		if (met_hours == COMPLIANCE_NO_DATE && hours >= p->require_hours)
			met_hours = every_add(p, c[i].day, 1);
	}
	long met = met_courses < met_hours ? met_courses : met_hours;
	long first = first_due(p, ps);
	out->due = met > first ? met : first;
	out->from = every_add(p, as_of, -1) + 1;
	count(p, NULL, c, n, out->from, as_of, &out->done_courses,
	    &out->done_hours);
	shortfall(p, NULL, out->done_courses, out->done_hours,
	    &out->missing_courses, &out->missing_hours);
	if (out->due == COMPLIANCE_NO_DATE || out->due < as_of)
		out->status = COMPLIANCE_OVERDUE;
	else if (out->due - as_of <= p->remind_days)
		out->status = COMPLIANCE_DUE_SOON;
	else
		out->status = COMPLIANCE_OK;
	/* by the due date the window will have lost what lies before it */
	int cc;
	double hh;
	long from = out->due == COMPLIANCE_NO_DATE ? out->from
	    : every_add(p, out->due, -1) + 1;
	count(p, NULL, c, n, from, as_of, &cc, &hh);
	shortfall(p, NULL, cc, hh, &out->need_courses, &out->need_hours);
	if (!out->need_courses && out->need_hours <= 0)
		out->need_courses = 1; /* at least one to renew it */
}

/* Fixed periods: calendar years or months, or (rotate without calendar)
 * periods of `every` counted from the hired date. end is exclusive. */
struct period {
	long k, start, end;
};

static void period_at(const struct merit_policy *p,
    const struct compliance_person *ps, long k, struct period *out)
{
	out->k = k;
	if (p->calendar) {
		long m = every_months(p), a = k * m, b = (k + 1) * m;
		out->start = date_make((int)(a / 12), (int)(a % 12) + 1, 1);
		out->end = date_make((int)(b / 12), (int)(b % 12) + 1, 1);
	} else {
		out->start = every_add(p, ps->hired, k);
		out->end = every_add(p, ps->hired, k + 1);
	}
}

static void period_of(const struct merit_policy *p,
    const struct compliance_person *ps, long day, struct period *out)
{
	long k;
	if (p->calendar) {
		int y, m, d;
		date_split(day, &y, &m, &d);
		k = ((long)y * 12 + m - 1) / every_months(p);
	} else {
		/* a first guess from the mean length, then step to it */
		double len = every_months(p) * 30.436875 + p->every_days;
		k = (long)((double)(day - ps->hired) / len);
	}
	period_at(p, ps, k, out);
	while (out->start > day)
		period_at(p, ps, out->k - 1, out);
	while (out->end <= day)
		period_at(p, ps, out->k + 1, out);
}

static const struct merit_policy_set *set_of(const struct merit_policy *p,
    long k_rel)
{
	if (!p->n_rotate)
		return NULL;
	long n = (long)p->n_rotate;
	return &p->rotate[((k_rel % n) + n) % n];
}

static int period_met(const struct merit_policy *p,
    const struct merit_policy_set *set, const struct compliance_completion *c,
    size_t n, long from, long to)
{
	int cc, mc;
	double hh, mh;
	count(p, set, c, n, from, to, &cc, &hh);
	shortfall(p, set, cc, hh, &mc, &mh);
	return !mc && mh <= 0;
}

static void eval_periods(const struct merit_policy *p,
    const struct compliance_person *ps, const struct compliance_completion *c,
    size_t n, long as_of, struct compliance_result *out)
{
	struct period cur, prev, nx;
	long first = first_due(p, ps), k0 = 0;
	if (p->n_rotate && !ps->has_hired) {
		/* the rotation counts periods from the start: unknown */
		out->status = COMPLIANCE_NOT_COVERED;
		out->due = COMPLIANCE_NO_DATE;
		return;
	}
	period_of(p, ps, as_of, &cur);
	if (p->n_rotate && p->calendar) {
		period_of(p, ps, ps->hired, &prev);
		k0 = prev.k;
	}
	out->set = set_of(p, cur.k - k0);
	out->from = cur.start;
	count(p, out->set, c, n, cur.start, as_of, &out->done_courses,
	    &out->done_hours);
	shortfall(p, out->set, out->done_courses, out->done_hours,
	    &out->missing_courses, &out->missing_hours);
	int met = !out->missing_courses && out->missing_hours <= 0;
	/* a period is required when it ends on or after the first due date */
	if (met || cur.end < first) {
		nx = cur;
		do
			period_at(p, ps, nx.k + 1, &nx);
		while (nx.end < first);
		out->status = COMPLIANCE_OK;
		out->due = nx.end - 1;
		out->need_courses = required_courses(p, set_of(p, nx.k - k0));
		out->need_hours = p->require_hours;
		return;
	}
	period_at(p, ps, cur.k - 1, &prev);
	int prev_due = (!ps->has_hired || prev.end >= first) &&
	    (!p->n_rotate || prev.k - k0 >= 0);
	out->need_courses = out->missing_courses;
	out->need_hours = out->missing_hours;
	if (prev_due && !period_met(p, set_of(p, prev.k - k0), c, n, prev.start,
	    prev.end - 1)) {
		out->status = COMPLIANCE_OVERDUE;
		out->due = prev.end - 1;
		return;
	}
	out->due = cur.end - 1;
	out->status = out->due - as_of <= p->remind_days ? COMPLIANCE_DUE_SOON
	    : COMPLIANCE_OK;
}

void compliance_eval(const struct merit_policy *p,
    const struct compliance_person *ps, const struct compliance_completion *c,
    size_t n, long as_of, struct compliance_result *out)
{
	memset(out, 0, sizeof(*out));
	out->due = COMPLIANCE_NO_DATE;
	if (ps->on_leave) {
		out->status = COMPLIANCE_ON_LEAVE;
		return;
	}
	if (ps->has_hired && ps->hired > as_of) {
		out->status = COMPLIANCE_NOT_COVERED;
		return;
	}
	if (p->calendar || p->n_rotate)
		eval_periods(p, ps, c, n, as_of, out);
	else
		eval_rolling(p, ps, c, n, as_of, out);
}

/* -- the pass over the register ------------------------------------- */

/* One person's rows, kept while the cursor moves on. */
struct scan {
	struct compliance_person ps;
	char id[256], category[32], term[32];
	struct compliance_completion *c;
	char **names;
	size_t n, cap;
};

static void scan_reset(struct scan *s)
{
	for (size_t i = 0; i < s->n; i++)
		free(s->names[i]);
	s->n = 0;
}

static int scan_add(struct scan *s, const char *course, long day, double h)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 16;
		struct compliance_completion *c = realloc(s->c, cap * sizeof(*c));
		if (!c)
			return MERIT_ENOMEM;
		s->c = c;
		char **nm = realloc(s->names, cap * sizeof(*nm));
		if (!nm)
			return MERIT_ENOMEM;
		s->names = nm;
		s->cap = cap;
	}
	if (!(s->names[s->n] = strdup(course)))
		return MERIT_ENOMEM;
	s->c[s->n] = (struct compliance_completion){ s->names[s->n], day, h };
	s->n++;
	return 0;
}

static int scan_flush(struct scan *s, const struct merit_policy *const *pols,
    size_t npols, long as_of, compliance_fn fn, void *arg)
{
	struct compliance_result res;
	int covered = 0, rc = 0;
	for (size_t i = 0; !s->ps.on_leave && i < npols && !rc; i++) {
		if (!compliance_applies(pols[i], &s->ps))
			continue;
		compliance_eval(pols[i], &s->ps, s->c, s->n, as_of, &res);
		if (res.status == COMPLIANCE_NOT_COVERED)
			continue;
		covered = 1;
		rc = fn(arg, &s->ps, pols[i], &res);
	}
	if (!covered && !rc) {
		memset(&res, 0, sizeof(res));
		res.due = COMPLIANCE_NO_DATE;
		res.status = s->ps.on_leave ? COMPLIANCE_ON_LEAVE
		    : COMPLIANCE_NOT_COVERED;
		rc = fn(arg, &s->ps, NULL, &res);
	}
	scan_reset(s);
	return rc;
}

static void copy(char *dst, size_t len, const unsigned char *src)
{
	snprintf(dst, len, "%s", src ? (const char *)src : "");
}

int compliance_scan(sqlite3 *db, const char *agency,
    const struct merit_policy *const *pols, size_t npols, long as_of,
    compliance_fn fn, void *arg, struct diag *d)
{
	return compliance_scan_person(db, agency, NULL, pols, npols, as_of, fn,
	    arg, d);
}

int compliance_scan_person(sqlite3 *db, const char *agency,
    const char *person, const struct merit_policy *const *pols, size_t npols,
    long as_of, compliance_fn fn, void *arg, struct diag *d)
{
	/* completed_on sorts as text in date order (YYYY-MM-DD) */
	static const char sql[] = "SELECT p.id, p.post_level, p.category,"
	    " p.term, p.hired, p.on_leave, c.course, c.completed_on, c.hours"
	    " FROM person p LEFT JOIN completion c"
	    "  ON c.agency = p.agency AND c.person = p.id"
	    " WHERE p.agency = ?1 AND (?2 IS NULL OR p.id = ?2)"
	    " ORDER BY p.id, c.completed_on";
	struct scan s = { .ps = { .id = s.id, .category = s.category,
		.term = s.term } };
	sqlite3_stmt *st = NULL;
	int rc = 0, have = 0, step;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		diag_add(d, sqlite3_db_filename(db, "main"), 0, 0, "register: "
		    "cannot read persons and completions (%s); is it a register "
		    "of schema 4?", sqlite3_errmsg(db));
		rc = MERIT_EDB;
		goto out;
	}
	sqlite3_bind_text(st, 1, agency, -1, SQLITE_STATIC);
	if (person)
		sqlite3_bind_text(st, 2, person, -1, SQLITE_STATIC);
	while ((step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *pid = (const char *)sqlite3_column_text(st, 0);
		if (!have || strcmp(pid, s.id)) {
			if (have && (rc = scan_flush(&s, pols, npols, as_of, fn, arg)))
				goto out;
			have = 1;
			copy(s.id, sizeof(s.id), sqlite3_column_text(st, 0));
			copy(s.category, sizeof(s.category),
			    sqlite3_column_text(st, 2));
			copy(s.term, sizeof(s.term), sqlite3_column_text(st, 3));
			s.ps.post_level = sqlite3_column_int(st, 1);
			s.ps.on_leave = sqlite3_column_int(st, 5);
			const char *h = (const char *)sqlite3_column_text(st, 4);
			s.ps.has_hired = h && *h;
			if (s.ps.has_hired && date_parse(h, &s.ps.hired)) {
				diag_add(d, sqlite3_db_filename(db, "main"), 0, 0,
				    "register: person %s of %s: hired '%s' is not a date "
				    "(YYYY-MM-DD); correct it and run again", s.id,
				    agency, h);
				rc = MERIT_EINPUT;
				goto out;
			}
		}
		if (sqlite3_column_type(st, 6) == SQLITE_NULL)
			continue;
		const char *on = (const char *)sqlite3_column_text(st, 7);
		long day;
		if (!on || date_parse(on, &day)) {
			diag_add(d, sqlite3_db_filename(db, "main"), 0, 0, "register: "
			    "completion of %s by %s of %s: completed_on '%s' is not a "
			    "date (YYYY-MM-DD); correct it and run again",
			    sqlite3_column_text(st, 6), s.id, agency, on ? on : "");
			rc = MERIT_EINPUT;
			goto out;
		}
		if ((rc = scan_add(&s, (const char *)sqlite3_column_text(st, 6),
		    day, sqlite3_column_double(st, 8))))
			goto out;
	}
	if (step != SQLITE_DONE) {
		diag_add(d, sqlite3_db_filename(db, "main"), 0, 0, "register: %s",
		    sqlite3_errmsg(db));
		rc = MERIT_EDB;
		goto out;
	}
	if (have)
		rc = scan_flush(&s, pols, npols, as_of, fn, arg);
out:
	scan_reset(&s);
	free(s.c);
	free(s.names);
	sqlite3_finalize(st);
	return rc;
}

/* -- the report ------------------------------------------------------ */

struct report {
	int show;
	long persons, compliant, due_soon, overdue, not_covered;
	char person[256]; /* the person whose rows are being seen */
	int worst; /* their worst status so far */
	json_t *rows;
};

static void count_person(struct report *rp)
{
	if (!rp->person[0])
		return;
	rp->persons++;
	switch (rp->worst) {
	case COMPLIANCE_OK: rp->compliant++; break;
	case COMPLIANCE_DUE_SOON: rp->due_soon++; break;
	case COMPLIANCE_OVERDUE: rp->overdue++; break;
	default: rp->not_covered++; break;
	}
	rp->person[0] = 0;
}

/* worse = more in need of action: overdue, due soon, compliant, none */
static int rank(int status)
{
	static const int r[] = { 1, 2, 3, 0, 0 };
	return r[status];
}

static int shown(const struct report *rp, int status)
{
	if (rp->show == COMPLIANCE_SHOW_NONE)
		return 0;
	if (rp->show == COMPLIANCE_SHOW_OVERDUE)
		return status == COMPLIANCE_OVERDUE;
	if (rp->show == COMPLIANCE_SHOW_DUE_SOON)
		return status == COMPLIANCE_OVERDUE || status == COMPLIANCE_DUE_SOON;
	return 1;
}

static int on_row(void *arg, const struct compliance_person *ps,
    const struct merit_policy *p, const struct compliance_result *res)
{
	struct report *rp = arg;
	char due[16], from[16];
	if (strcmp(rp->person, ps->id)) {
		count_person(rp);
		snprintf(rp->person, sizeof(rp->person), "%s", ps->id);
		rp->worst = res->status;
	} else if (rank(res->status) > rank(rp->worst)) {
		rp->worst = res->status;
	}
	if (!shown(rp, res->status))
		return 0;
	json_t *o = json_pack("{s:s, s:o, s:s}", "person", ps->id, "policy",
	    p ? json_string(p->id) : json_null(), "status",
	    compliance_status_name(res->status));
	if (!o)
		return MERIT_ENOMEM;
	if (p) {
		json_object_set_new(o, "due", res->due == COMPLIANCE_NO_DATE
		    ? json_null() : json_string(date_format(res->due, due)));
		json_object_set_new(o, "done", json_pack("{s:s, s:i, s:f}",
		    "from", date_format(res->from, from), "courses",
		    res->done_courses, "hours", res->done_hours));
		json_object_set_new(o, "missing", json_pack("{s:i, s:f}",
		    "courses", res->missing_courses, "hours",
		    res->missing_hours));
		if (res->set) {
			json_t *a = json_array();
			for (size_t i = 0; i < res->set->n_courses; i++)
				json_array_append_new(a,
				    json_string(res->set->courses[i]));
			json_object_set_new(o, "set", a);
		}
	}
	return json_array_append_new(rp->rows, o) ? MERIT_ENOMEM : 0;
}

int compliance_report(sqlite3 *db, const char *agency,
    const struct merit_policy *const *pols, size_t npols, long as_of,
    int show, const char *person, json_t **out, struct diag *d)
{
	struct report rp = { .show = show };
	int rc;
	*out = NULL;
	if (!(rp.rows = json_array()))
		return MERIT_ENOMEM;
	rc = compliance_scan_person(db, agency, person, pols, npols, as_of,
	    on_row, &rp, d);
	count_person(&rp);
	if (rc) {
		json_decref(rp.rows);
		return rc;
	}
	json_t *a = json_pack("{s:s, s:{s:I, s:I, s:I, s:I, s:I}}", "id", agency,
	    "summary", "persons", (json_int_t)rp.persons, "compliant",
	    (json_int_t)rp.compliant, "due_soon", (json_int_t)rp.due_soon,
	    "overdue", (json_int_t)rp.overdue, "not_covered",
	    (json_int_t)rp.not_covered);
	if (a && show != COMPLIANCE_SHOW_NONE) {
		if (json_object_set(a, "persons", rp.rows)) {
			json_decref(a);
			a = NULL;
		}
	}
	json_decref(rp.rows);
	*out = a;
	return a ? 0 : MERIT_ENOMEM;
}

/* -- the agency's choice -------------------------------------------- */

/* The node of policies[i] in agency.yaml, read again for its line (the
 * agency keeps only the ids). */
int compliance_policies(struct workspace *w,
    const struct merit_policy ***out, size_t *n, struct diag *d)
{
	const struct agency *ag = w->ag;
	size_t before = d->n;
	*out = calloc(ag->n_policies + 1, sizeof(**out));
	*n = 0;
	if (!*out)
		return MERIT_ENOMEM;
	for (size_t i = 0; i < ag->n_policies; i++) {
		const struct merit_policy *p = workspace_policy(w, ag->policies[i]);
		if (p) {
			(*out)[(*n)++] = p;
			continue;
		}
		value_diag(d, ag->policy_nodes[i], "policies: no policy '%s' is "
		    "declared by the agency's model (%zu declared); add a script "
		    "that declares it to 'scripts', e.g. policies/uz.lua, or "
		    "correct the id", ag->policies[i], w->model->n_policies);
	}
	if (d->n > before) {
		free(*out);
		*out = NULL;
		*n = 0;
		return MERIT_EINPUT;
	}
	return 0;
}
