#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "merit/error.h"
#include "compliance.h"
#include "date.h"
#include "forecast.h"

const char *const forecast_source_names[] = { "compliance", "plan", "gap" };

void forecast_init(struct forecast *f, long as_of, int quarters)
{
	memset(f, 0, sizeof(*f));
	f->as_of = as_of;
	f->quarters = quarters;
	f->start[0] = date_quarter_start(as_of);
	for (int q = 0; q < quarters; q++)
		f->start[q + 1] = date_add_months(f->start[q], 3);
}

/* The quarter a day falls in; -1 past the horizon. Days before the first
 * quarter (overdue, targets missed) belong to the first. */
static int quarter_of(const struct forecast *f, long day)
{
	for (int q = 0; q < f->quarters; q++)
		if (day < f->start[q + 1])
			return q;
	return -1;
}

static double course_hours(const struct forecast *f, const char *id)
{
	for (size_t i = 0; i < f->model->n_courses; i++)
		if (!strcmp(f->model->courses[i].id, id))
			return f->model->courses[i].hours;
	return 0;
}

static int add(struct forecast *f, int q, int source, const char *policy,
    const char *course, double hours)
{
	for (size_t i = f->n; i-- > 0;) {
		struct forecast_demand *r = &f->rows[i];
		if (r->quarter == q && r->source == source &&
		    !strcmp(r->agency, f->agency) && !strcmp(r->course, course) &&
		    (policy ? r->policy && !strcmp(r->policy, policy) : !r->policy)) {
			r->persons++;
			r->hours += hours;
			return 0;
		}
	}
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 32;
		struct forecast_demand *v = realloc(f->rows, cap * sizeof(*v));
		if (!v)
			return MERIT_ENOMEM;
		f->rows = v;
		f->cap = cap;
	}
	struct forecast_demand *r = &f->rows[f->n];
	*r = (struct forecast_demand){ .quarter = q, .source = source, .persons = 1,
		.hours = hours, .agency = strdup(f->agency),
		.policy = policy ? strdup(policy) : NULL, .course = strdup(course) };
	f->n++;
	if (!r->agency || !r->course || (policy && !r->policy))
		return MERIT_ENOMEM;
	return 0;
}

static int on_compliance(void *arg, const struct compliance_person *ps,
    const struct merit_policy *p, const struct compliance_result *res)
{
	struct forecast *f = arg;
	(void)ps;
	if (!p || (res->status != COMPLIANCE_OK &&
	    res->status != COMPLIANCE_DUE_SOON &&
	    res->status != COMPLIANCE_OVERDUE))
		return 0;
	int q = res->status == COMPLIANCE_OVERDUE ? 0 : quarter_of(f, res->due);
	if (q < 0)
		return 0;
	const char *const *courses = res->set ? res->set->courses : p->courses;
	size_t n = res->set ? res->set->n_courses : p->n_courses;
	int rc = 0;
	/* hours: what the policy still asks for, or what the course takes */
	if (!n)
		return add(f, q, FORECAST_COMPLIANCE, p->id, "any",
		    p->require_hours > 0 ? res->need_hours : 0);
	for (size_t i = 0; i < n && !rc; i++)
		rc = add(f, q, FORECAST_COMPLIANCE, p->id, courses[i],
		    p->require_hours > 0 ? res->need_hours
		    : course_hours(f, courses[i]));
	return rc;
}

static int plans(struct forecast *f, sqlite3 *db, struct diag *d)
{
	sqlite3_stmt *st = NULL;
	int rc = 0, step;
	if (sqlite3_prepare_v2(db, "SELECT p.person, i.course, i.target_date"
	    " FROM plan p JOIN plan_item i ON i.plan_id = p.id"
	    " WHERE p.agency = ?1 AND p.status = 'approved'"
	    " AND i.status = 'open'", -1, &st, NULL) != SQLITE_OK) {
		diag_add(d, sqlite3_db_filename(db, "main"), 0, 0, "register: "
		    "cannot read plans (%s)", sqlite3_errmsg(db));
		return MERIT_EDB;
	}
	sqlite3_bind_text(st, 1, f->agency, -1, SQLITE_STATIC);
	while (!rc && (step = sqlite3_step(st)) == SQLITE_ROW) {
		const char *course = (const char *)sqlite3_column_text(st, 1);
		const char *on = (const char *)sqlite3_column_text(st, 2);
		long day;
		if (!on || date_parse(on, &day)) {
			diag_add(d, sqlite3_db_filename(db, "main"), 0, 0, "register: "
			    "plan item of %s for %s: target_date '%s' is not a date "
			    "(YYYY-MM-DD); correct it and run again",
			    sqlite3_column_text(st, 0), course, on ? on : "");
			rc = MERIT_EINPUT;
			break;
		}
		int q = quarter_of(f, day);
		if (q >= 0)
			rc = add(f, q, FORECAST_PLAN, NULL, course,
			    course_hours(f, course));
	}
	sqlite3_finalize(st);
	return rc;
}

static int seen(struct forecast *f, const char *course)
{
	for (size_t i = 0; i < f->n_seen; i++)
		if (!strcmp(f->seen[i], course))
			return 1;
	f->seen[f->n_seen++] = course;
	return 0;
}

static int gaps(struct forecast *f, sqlite3 *db, struct diag *d)
{
	sqlite3_stmt *st = NULL;
	int rc = 0;
	if (sqlite3_prepare_v2(db, "SELECT r.person, g.competency"
	    " FROM current_result r JOIN gap g ON g.result_id = r.id"
	    "   AND g.status = 'gap'"
	    " WHERE r.agency = ?1"
	    " AND NOT EXISTS (SELECT 1 FROM plan p JOIN plan_item i"
	    "   ON i.plan_id = p.id WHERE p.agency = r.agency"
	    "   AND p.person = r.person AND p.status = 'approved'"
	    "   AND i.status = 'open' AND i.competency = g.competency)"
	    " ORDER BY r.person, g.priority", -1, &st, NULL) != SQLITE_OK) {
		diag_add(d, sqlite3_db_filename(db, "main"), 0, 0, "register: "
		    "cannot read gaps (%s)", sqlite3_errmsg(db));
		return MERIT_EDB;
	}
	/* a person counts once per course, however many gaps it closes */
	f->seen = calloc(f->model->n_courses + 1, sizeof(*f->seen));
	if (!f->seen)
		rc = MERIT_ENOMEM;
	f->person[0] = 0;
	sqlite3_bind_text(st, 1, f->agency, -1, SQLITE_STATIC);
	while (!rc && sqlite3_step(st) == SQLITE_ROW) {
		const char *person = (const char *)sqlite3_column_text(st, 0);
		const char *comp = (const char *)sqlite3_column_text(st, 1);
		if (strcmp(f->person, person)) {
			snprintf(f->person, sizeof(f->person), "%s", person);
			f->n_seen = 0;
		}
		for (size_t i = 0; i < f->model->n_courses && !rc; i++) {
			const struct merit_course *co = &f->model->courses[i];
			for (size_t k = 0; k < co->n_develops; k++)
				if (!strcmp(co->develops[k].competency, comp)) {
					if (!seen(f, co->id))
						rc = add(f, 0, FORECAST_GAP, NULL, co->id, co->hours);
					break;
				}
		}
	}
	free(f->seen);
	f->seen = NULL;
	sqlite3_finalize(st);
	return rc;
}

int forecast_agency(struct forecast *f, sqlite3 *db, struct workspace *w,
    struct diag *d)
{
	const struct merit_policy **pols = NULL;
	size_t npols = 0;
	int rc;
	f->model = w->model;
	f->agency = w->ag->id;
	if (!(rc = compliance_policies(w, &pols, &npols, d)) &&
	    !(rc = compliance_scan(db, w->ag->id, pols, npols, f->as_of,
	    on_compliance, f, d)) && !(rc = plans(f, db, d)))
		rc = gaps(f, db, d);
	free(pols);
	f->model = NULL;
	f->agency = NULL;
	return rc;
}

static int by_key(const void *a, const void *b)
{
	const struct forecast_demand *x = a, *y = b;
	int c;
	if (x->quarter != y->quarter)
		return x->quarter - y->quarter;
	if ((c = strcmp(x->agency, y->agency)))
		return c;
	if (x->source != y->source)
		return x->source - y->source;
	if ((c = strcmp(x->policy ? x->policy : "", y->policy ? y->policy : "")))
		return c;
	return strcmp(x->course, y->course);
}

void forecast_sort(struct forecast *f)
{
	if (f->n)
		qsort(f->rows, f->n, sizeof(*f->rows), by_key);
}

json_t *forecast_json(const struct forecast *f)
{
	char name[16], day[16];
	json_t *qs = json_array(), *rows = json_array();
	for (int q = 0; q < f->quarters; q++)
		json_array_append_new(qs, json_pack("{s:s, s:s}", "quarter",
		    date_quarter_name(f->start[q], name), "start",
		    date_format(f->start[q], day)));
	for (size_t i = 0; i < f->n; i++) {
		const struct forecast_demand *r = &f->rows[i];
		json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:o, s:s, "
		    "s:I, s:f}", "quarter", date_quarter_name(f->start[r->quarter],
		    name), "agency", r->agency, "source",
		    forecast_source_names[r->source], "policy", r->policy ?
		    json_string(r->policy) : json_null(),
		    "course", r->course, "persons", (json_int_t)r->persons, "hours",
		    r->hours));
	}
	return json_pack("{s:s, s:o, s:o}", "as_of", date_format(f->as_of, day),
	    "quarters", qs, "demand", rows);
}

void forecast_free(struct forecast *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free(f->rows[i].agency);
		free(f->rows[i].policy);
		free(f->rows[i].course);
	}
	free(f->rows);
	f->rows = NULL;
	f->n = f->cap = 0;
}
