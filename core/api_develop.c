/* The development routes of the /v1 API: recommendations, plans,
 * compliance, forecast and pools. Each answers what the command of the
 * same name answers for the same register and day: the computation is
 * the one merit recommend, plan, compliance, forecast and pool run. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "merit/error.h"
#include "api.h"
#include "compliance.h"
#include "date.h"
#include "ident.h"
#include "forecast.h"
#include "plan.h"
#include "pool.h"
#include "recommend.h"

#define MAX_EDITS 32

/* -- the request ---------------------------------------------------------- */

/* Every query parameter is one the route knows (a typo is not ignored),
 * and an "agency" among them is the caller's: 0, or 400/403 set. */
static int query_check(struct api_req *q, struct api_resp *r,
    const char *const *known)
{
	for (const char *p = q->query; p && *p;) {
		size_t seg = strcspn(p, "&");
		size_t kl = strcspn(p, "=&");
		int ok = !seg;
		for (size_t i = 0; known[i] && !ok; i++)
			ok = strlen(known[i]) == kl && !memcmp(known[i], p, kl);
		if (!ok) {
			char list[256] = "";
			for (size_t i = 0; known[i]; i++) {
				size_t n = strlen(list);
				snprintf(list + n, sizeof(list) - n, "%s%s", i ? ", " : "",
				    known[i]);
			}
			api_error(r, 400, "unknown query parameter '%.*s'; %s %s "
			    "takes %s", (int)(kl > 64 ? 64 : kl), p, q->method,
			    q->route, list);
			return -1;
		}
		p += seg;
		if (*p)
			p++;
	}
	char buf[256];
	const char *ag = api_query(q, "agency", buf, sizeof(buf));
	return ag ? api_same_agency(q, r, ag) : 0;
}

/* ?name=YYYY-MM-DD into *day (left as is when absent): 0, or 400 set. */
static int query_date(struct api_req *q, struct api_resp *r,
    const char *name, long *day)
{
	char buf[64];
	const char *v = api_query(q, name, buf, sizeof(buf));
	if (!v)
		return 0;
	if (date_parse(v, day)) {
		api_error(r, 400, "%s '%.64s' is not a date; write YYYY-MM-DD",
		    name, v);
		return -1;
	}
	return 0;
}

/* ?name=N, a whole number from lo to hi: 0 (and *out), or 400 set. */
static int query_int(struct api_req *q, struct api_resp *r, const char *name,
    int lo, int hi, int *out, int *given)
{
	char buf[64], *end;
	const char *v = api_query(q, name, buf, sizeof(buf));
	if (given)
		*given = v != NULL;
	if (!v)
		return 0;
	long n = strtol(v, &end, 10);
	if (!*v || *end || n < lo || n > hi) {
		api_error(r, 400, "%s '%.64s' is not a whole number from %d to %d",
		    name, v, lo, hi);
		return -1;
	}
	*out = (int)n;
	return 0;
}

/* The body's keys are among `known`, and its "agency", if any, is the
 * caller's. A request without a body has an empty one. 0 and *body
 * (NULL for none), or 400/403 set. */
static int body_check(struct api_req *q, struct api_resp *r,
    const char *const *known, json_t **body)
{
	const char *key;
	json_t *v;
	*body = NULL;
	if (!q->json)
		return 0;
	if (!(*body = api_body_object(q, r)))
		return -1;
	json_object_foreach(*body, key, v) {
		size_t i;
		for (i = 0; known[i] && strcmp(known[i], key); i++)
			;
		if (!known[i]) {
			api_error(r, 400, "unknown key '%.64s' in the body of %s %s",
			    key, q->method, q->route);
			return -1;
		}
	}
	v = json_object_get(*body, "agency");
	if (v && !json_is_string(v)) {
		api_error(r, 400, "agency must be a string");
		return -1;
	}
	return v ? api_same_agency(q, r, json_string_value(v)) : 0;
}

/* A string member: 0 and *out (NULL when absent), or 400 set. An empty
 * string is refused: it would record nothing. */
static int body_string(struct api_resp *r, json_t *body, const char *key,
    size_t max, const char **out)
{
	json_t *v = json_object_get(body, key);
	*out = NULL;
	if (!v)
		return 0;
	if (!json_is_string(v) || !json_string_length(v) ||
	    json_string_length(v) > max) {
		api_error(r, 400, "%s must be a string of 1 to %zu bytes", key, max);
		return -1;
	}
	*out = json_string_value(v);
	return 0;
}

/* An id the register keeps and tables show: no control characters. */
static int body_ident(struct api_resp *r, const char *key, const char *s)
{
	size_t at;
	const char *why = s ? ident_problem(s, strlen(s), &at) : NULL;
	if (!why)
		return 0;
	api_error(r, 400, "%s %s at byte %zu; ids are plain UTF-8 text without "
	    "control characters", key, why, at + 1);
	return -1;
}

static int body_date(struct api_resp *r, json_t *body, const char *key,
    long *day)
{
	const char *s;
	if (body_string(r, body, key, 10, &s))
		return -1;
	if (s && date_parse(s, day)) {
		api_error(r, 400, "%s '%s' is not a date; write YYYY-MM-DD", key, s);
		return -1;
	}
	return 0;
}

/* An array of course ids: 0, or 400 set. */
static int body_courses(struct api_resp *r, json_t *body, const char *key,
    const char **v, int *n)
{
	json_t *a = json_object_get(body, key), *x;
	size_t i;
	*n = 0;
	if (!a)
		return 0;
	if (!json_is_array(a) || json_array_size(a) > MAX_EDITS) {
		api_error(r, 400, "%s must be an array of at most %d course ids",
		    key, MAX_EDITS);
		return -1;
	}
	json_array_foreach(a, i, x) {
		if (!json_is_string(x) || !json_string_length(x)) {
			api_error(r, 400, "%s[%zu] must be a course id", key, i);
			return -1;
		}
		v[(*n)++] = json_string_value(x);
	}
	return 0;
}

/* The person of the route is on the caller's agency's roster: 0, or
 * 404/503 set. */
static int person_known(struct api_req *q, struct api_resp *r)
{
	sqlite3_stmt *st;
	const char *agency = q->param[0], *person = q->param[1];
	if (q->n_param < 2 || !person) {
		api_error(r, 404, "no person in the path");
		return -1;
	}
	if (sqlite3_prepare_v2(api_db(q), "SELECT 1 FROM person WHERE"
	    " agency = ?1 AND id = ?2", -1, &st, NULL) != SQLITE_OK) {
		api_db_error(q, r);
		return -1;
	}
	sqlite3_bind_text(st, 1, agency, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, person, -1, SQLITE_STATIC);
	int s = sqlite3_step(st);
	sqlite3_finalize(st);
	if (s == SQLITE_ROW)
		return 0;
	if (s != SQLITE_DONE)
		api_db_error(q, r);
	else
		api_error(r, 404, "no person %.128s in agency %.128s; PUT "
		    "/v1/agencies/%.128s/persons/%.128s records one", person,
		    agency, agency, person);
	return -1;
}

/* A computation that failed with findings in d: the register's failure
 * is 503, anything else is the register's or configuration's content
 * (status). A command-line option's name leading a finding is dropped. */
static void findings_error(struct api_req *q, struct api_resp *r, int rc,
    const struct diag *d, int status)
{
	if (rc == MERIT_EDB) {
		api_db_error(q, r);
		return;
	}
	const char *msg = d->n ? d->v[0].msg : merit_strerror(rc);
	if (!strncmp(msg, "--", 2))
		msg += 2;
	api_error(r, status, "%s%s", msg, d->n > 1 ? " (and more findings)" :
	    "");
}

static void actor_of(const struct api_req *q, char *buf, size_t n)
{
	snprintf(buf, n, "token:%s", q->tok.id);
}

/* -- recommendations ------------------------------------------------------- */

void api_recommendations_get(struct api_req *q, struct api_resp *r)
{
	static const char *const known[] = { "agency", "years", "as_of", NULL };
	struct rec_list l = { 0 };
	char err[512];
	long day = q->today;
	int years = 3;
	if (query_check(q, r, known) ||
	    query_int(q, r, "years", 0, 100, &years, NULL) ||
	    query_date(q, r, "as_of", &day) || person_known(q, r))
		return;
	if (recommend_for(api_db(q), &q->ag->w, q->param[0], q->param[1], day,
	    years, &l, err, sizeof(err))) {
		api_db_error(q, r);
		return;
	}
	api_reply(r, 200, recommend_json(q->param[0], q->param[1], &l));
	rec_list_free(&l);
}

/* -- plans ---------------------------------------------------------------- */

void api_plan_get(struct api_req *q, struct api_resp *r)
{
	static const char *const known[] = { "agency", NULL };
	char status[32];
	if (query_check(q, r, known) || person_known(q, r))
		return;
	long long id = plan_latest(api_db(q), q->param[0], q->param[1],
	    "'proposed', 'approved', 'rejected'", status, sizeof(status));
	if (id < 0) {
		api_db_error(q, r);
		return;
	}
	if (!id) {
		api_error(r, 404, "%.128s has no plan; POST /v1/agencies/%.128s/"
		    "persons/%.128s/plan proposes one from the recommendations",
		    q->param[1], q->param[0], q->param[1]);
		return;
	}
	json_t *j = plan_json(api_db(q), id);
	if (!j)
		api_db_error(q, r);
	else
		api_reply(r, 200, j);
}

/* Opens the request's write once; a refusal's response is set. */
struct hook {
	struct api_req *q;
	struct api_resp *r;
	int opened, refused;
};

static int open_write(void *arg)
{
	struct hook *h = arg;
	if (h->opened)
		return 0;
	if (api_write(h->q, h->r)) {
		h->refused = 1;
		return -1;
	}
	h->opened = 1;
	return 0;
}

/* The answers of plan_change that are not 0, as responses. */
static void change_error(struct api_req *q, struct api_resp *r, int rc,
    long long id, const char *status, const char *err)
{
	const char *agency = q->param[0], *person = q->param[1];
	switch (rc) {
	case PLAN_NONE:
		api_error(r, 404, "%.128s has no plan to decide; POST "
		    "/v1/agencies/%.128s/persons/%.128s/plan proposes one", person,
		    agency, person);
		break;
	case PLAN_DECIDED:
		api_error(r, 409, "plan %lld of %.128s is %s; a decided plan is "
		    "neither edited nor decided again: POST /v1/agencies/%.128s/"
		    "persons/%.128s/plan for a new proposal", id, person, status,
		    agency, person);
		break;
	case MERIT_EINPUT:
		api_error(r, 400, "%s; nothing written", err);
		break;
	default:
		api_db_error(q, r);
	}
}

void api_plan_post(struct api_req *q, struct api_resp *r)
{
	static const char *const known[] = { "agency", NULL };
	static const char *const keys[] = { "agency", "as_of", "years", "start",
		"drop", "target", "add", "competency", "by", "reason", NULL };
	const char *drop[MAX_EDITS], *add[MAX_EDITS], *target[MAX_EDITS];
	char targets[MAX_EDITS][320], actor[64], err[1024], status[32];
	struct plan_edits e = { .drop = drop, .add = add, .target = target };
	struct hook h = { q, r, 0, 0 };
	struct rec_list l = { 0 };
	long day = q->today, start = 0;
	int years = 3, created, rc;
	long long id;
	json_t *body, *v;
	if (query_check(q, r, known) || body_check(q, r, keys, &body))
		return;
	if (body_date(r, body, "as_of", &day) ||
	    body_date(r, body, "start", &start) ||
	    body_courses(r, body, "drop", drop, &e.n_drop) ||
	    body_courses(r, body, "add", add, &e.n_add) ||
	    body_string(r, body, "competency", 128, &e.competency) ||
	    body_string(r, body, "by", 128, &e.by) ||
	    body_ident(r, "by", e.by) || body_ident(r, "competency",
	    e.competency) ||
	    body_string(r, body, "reason", 1000, &e.reason))
		return;
	if ((v = json_object_get(body, "years"))) {
		if (!json_is_integer(v) || json_integer_value(v) < 0 ||
		    json_integer_value(v) > 100) {
			api_error(r, 400, "years must be a whole number from 0 to 100");
			return;
		}
		years = (int)json_integer_value(v);
	}
	/* target: {"COURSE": "YYYY-MM-DD", ...} */
	if ((v = json_object_get(body, "target"))) {
		const char *course;
		json_t *date;
		if (!json_is_object(v) || json_object_size(v) > MAX_EDITS) {
			api_error(r, 400, "target must be an object of at most %d "
			    "\"COURSE\": \"YYYY-MM-DD\" members", MAX_EDITS);
			return;
		}
		json_object_foreach(v, course, date) {
			long d;
			if (!json_is_string(date) || date_parse(json_string_value(date),
			    &d) || strlen(course) > 256) {
				api_error(r, 400, "target %.64s: write \"COURSE\": "
				    "\"YYYY-MM-DD\"", course);
				return;
			}
			snprintf(targets[e.n_target], sizeof(targets[0]), "%s=%s",
			    course, json_string_value(date));
			target[e.n_target] = targets[e.n_target];
			e.n_target++;
		}
	}
	if (e.competency && !e.n_add) {
		api_error(r, 400, "competency goes with add: it says what the "
		    "added courses are for");
		return;
	}
	if (person_known(q, r))
		return;
	actor_of(q, actor, sizeof(actor));
	if (!e.by)
		e.by = actor;
	e.actor = actor;
	e.start = json_object_get(body, "start") ? start : day;
	if (recommend_for(api_db(q), &q->ag->w, q->param[0], q->param[1], day,
	    years, &l, err, sizeof(err))) {
		api_db_error(q, r);
		goto done;
	}
	if (!l.n) {
		api_error(r, 422, "no course to recommend to %.128s (agency "
		    "%.128s): no gap, no competency below the post's level and no "
		    "quiz subscore below the pass mark that a declared course "
		    "develops; no plan is proposed", q->param[1], q->param[0]);
		goto done;
	}
	rc = plan_propose(api_reg(q), q->param[0], q->param[1], &l, e.start,
	    actor, open_write, &h, &id, &created, err, sizeof(err));
	if (rc) {
		if (rc == MERIT_ENOMEM)
			api_error(r, 500, "out of memory proposing the plan; retry");
		else if (!h.refused)
			api_db_error(q, r);
		goto done;
	}
	if (e.n_drop || e.n_target || e.n_add) {
		if (open_write(&h))
			goto done;
		long long edited;
		rc = plan_change(api_reg(q), &q->ag->w, q->param[0], q->param[1], &e,
		    &edited, status, sizeof(status), err, sizeof(err));
		if (rc) {
			change_error(q, r, rc, edited, status, err);
			goto done;
		}
		id = edited;
	}
	json_t *j = plan_json(api_db(q), id);
	if (!j)
		api_db_error(q, r);
	else
		api_reply(r, created ? 201 : 200, j);
done:
	rec_list_free(&l);
}

static void decide(struct api_req *q, struct api_resp *r, int decision)
{
	static const char *const known[] = { "agency", NULL };
	static const char *const keys[] = { "agency", "by", "reason", NULL };
	char actor[64], status[32], err[512];
	struct plan_edits e = { .decide = decision };
	long long id;
	json_t *body;
	if (query_check(q, r, known) || body_check(q, r, keys, &body) ||
	    body_string(r, body, "by", 128, &e.by) ||
	    body_ident(r, "by", e.by) || body_ident(r, "competency",
	    e.competency) ||
	    body_string(r, body, "reason", 1000, &e.reason))
		return;
	if (decision == PLAN_REJECT && !e.reason) {
		api_error(r, 400, "a rejection is explained: give {\"reason\": "
		    "\"...\"}; nothing written");
		return;
	}
	if (person_known(q, r))
		return;
	actor_of(q, actor, sizeof(actor));
	if (!e.by)
		e.by = actor;
	e.actor = actor;
	/* nothing to decide: answered without opening a write */
	id = plan_latest(api_db(q), q->param[0], q->param[1], "'proposed'",
	    status, sizeof(status));
	if (id < 0) {
		api_db_error(q, r);
		return;
	}
	if (id && api_write(q, r))
		return;
	int rc = plan_change(api_reg(q), &q->ag->w, q->param[0], q->param[1], &e,
	    &id, status, sizeof(status), err, sizeof(err));
	if (rc) {
		change_error(q, r, rc, id, status, err);
		return;
	}
	json_t *j = plan_json(api_db(q), id);
	if (!j)
		api_db_error(q, r);
	else
		api_reply(r, 200, j);
}

void api_plan_approve(struct api_req *q, struct api_resp *r)
{
	decide(q, r, PLAN_APPROVE);
}

void api_plan_reject(struct api_req *q, struct api_resp *r)
{
	decide(q, r, PLAN_REJECT);
}

/* -- compliance ----------------------------------------------------------- */

/* The agency's report (person NULL: everyone) on the query's as_of. */
static json_t *compliance(struct api_req *q, struct api_resp *r,
    const char *person, int show, long day)
{
	const struct merit_policy **pols = NULL;
	size_t npols = 0;
	struct diag d;
	json_t *a = NULL;
	int rc;
	diag_init(&d);
	if ((rc = compliance_policies(&q->ag->w, &pols, &npols, &d)) ||
	    (rc = compliance_report(api_db(q), q->param[0], pols, npols, day,
	    show, person, &a, &d)))
		findings_error(q, r, rc, &d, 500);
	free(pols);
	diag_free(&d);
	return a;
}

/* worse = more in need of action: overdue, due soon, compliant; a person
 * no policy covers has one row saying so */
static const char *worst_status(json_t *rows)
{
	static const char *const order[] = { "overdue", "due-soon", "compliant" };
	size_t i;
	json_t *row;
	for (size_t k = 0; k < 3; k++)
		json_array_foreach(rows, i, row)
			if (!strcmp(json_string_value(json_object_get(row, "status")),
			    order[k]))
				return order[k];
	row = json_array_get(rows, 0);
	return row ? json_string_value(json_object_get(row, "status"))
	    : "not-covered";
}

void api_person_compliance(struct api_req *q, struct api_resp *r)
{
	static const char *const known[] = { "agency", "as_of", NULL };
	char day_s[11];
	long day = q->today;
	if (query_check(q, r, known) || query_date(q, r, "as_of", &day) ||
	    person_known(q, r))
		return;
	json_t *a = compliance(q, r, q->param[1], COMPLIANCE_SHOW_ALL, day);
	if (!a)
		return;
	json_t *rows = json_object_get(a, "persons");
	api_reply(r, 200, json_pack("{s:s, s:s, s:s, s:s, s:O}", "as_of",
	    date_format(day, day_s), "agency", q->param[0], "person",
	    q->param[1], "status", worst_status(rows), "policies", rows));
	json_decref(a);
}

void api_compliance_get(struct api_req *q, struct api_resp *r)
{
	static const char *const known[] = { "agency", "as_of", "persons",
		NULL };
	char buf[32], day_s[11];
	long day = q->today;
	int show = COMPLIANCE_SHOW_NONE;
	const char *p;
	if (query_check(q, r, known) || query_date(q, r, "as_of", &day))
		return;
	if ((p = api_query(q, "persons", buf, sizeof(buf)))) {
		if (!strcmp(p, "1") || !strcmp(p, "true") || !strcmp(p, "all"))
			show = COMPLIANCE_SHOW_ALL;
		else if (!strcmp(p, "overdue"))
			show = COMPLIANCE_SHOW_OVERDUE;
		else if (!strcmp(p, "due-soon"))
			show = COMPLIANCE_SHOW_DUE_SOON;
		else if (strcmp(p, "0") && strcmp(p, "false")) {
			api_error(r, 400, "persons '%.32s': use 1 (everyone), "
			    "overdue, due-soon (due soon or overdue) or 0", p);
			return;
		}
	}
	json_t *a = compliance(q, r, NULL, show, day);
	if (!a)
		return;
	json_t *o = json_pack("{s:s, s:s, s:O}", "as_of", date_format(day,
	    day_s), "agency", q->param[0], "summary", json_object_get(a,
	    "summary"));
	if (o && show != COMPLIANCE_SHOW_NONE)
		json_object_set(o, "persons", json_object_get(a, "persons"));
	api_reply(r, 200, o);
	json_decref(a);
}

/* -- forecast ------------------------------------------------------------- */

void api_forecast_get(struct api_req *q, struct api_resp *r)
{
	static const char *const known[] = { "agency", "as_of", "quarters",
		"years", NULL };
	struct forecast f;
	struct diag d;
	long day = q->today;
	int quarters = 4, years = 0, has_q, has_y, rc;
	if (query_check(q, r, known) || query_date(q, r, "as_of", &day) ||
	    query_int(q, r, "quarters", 1, FORECAST_MAX_QUARTERS, &quarters,
	    &has_q) || query_int(q, r, "years", 1, FORECAST_MAX_QUARTERS / 4,
	    &years, &has_y))
		return;
	if (has_q && has_y) {
		api_error(r, 400, "give quarters or years, not both");
		return;
	}
	if (has_y)
		quarters = 4 * years;
	forecast_init(&f, day, quarters);
	diag_init(&d);
	if ((rc = forecast_agency(&f, api_db(q), &q->ag->w, &d))) {
		findings_error(q, r, rc, &d, 500);
	} else {
		forecast_sort(&f);
		api_reply(r, 200, forecast_json(&f));
	}
	diag_free(&d);
	forecast_free(&f);
}

/* -- pools ---------------------------------------------------------------- */

void api_pool_get(struct api_req *q, struct api_resp *r)
{
	static const char *const known[] = { "agency", "as_of", NULL };
	struct pool_agency pa;
	struct diag d;
	char actor[64], day_s[11];
	long day = q->today;
	int rc;
	if (query_check(q, r, known) || query_date(q, r, "as_of", &day))
		return;
	actor_of(q, actor, sizeof(actor));
	diag_init(&d);
	/* the configuration names only pools the model declares */
	if ((rc = workspace_check_pools(&q->ag->w, &d))) {
		findings_error(q, r, rc, &d, 500);
		diag_free(&d);
		return;
	}
	/* a dry run: evaluated like merit pool --dry-run, nothing written;
	 * the one finding left to make is an as_of before the last change */
	rc = pool_agency_run(&pa, api_reg(q), &q->ag->w, day, POOL_DRY_RUN,
	    actor, &d);
	if (rc) {
		findings_error(q, r, rc, &d, rc == MERIT_EINPUT ? 400 : 500);
		goto out;
	}
	json_t *pools = json_array();
	for (size_t i = 0; pools && i < pa.n; i++) {
		const struct pool_outcome *o = &pa.v[i];
		json_t *members = pool_members_json(api_db(q), q->param[0],
		    o->pool->id);
		if (!members) {
			json_decref(pools);
			api_db_error(q, r);
			goto out;
		}
		json_t *p = json_pack("{s:s, s:o, s:o}", "pool", o->pool->id,
		    "members", members, "dry_run", pool_outcome_json(&pa, o));
		if (p && o->n_errors) {
			json_t *e = json_array();
			for (size_t k = 0; k < o->n_errors; k++)
				json_array_append_new(e, json_pack("{s:s, s:s}", "person",
				    o->errors[k].person, "message", o->errors[k].why));
			json_object_set_new(p, "rule_errors", e);
		}
		if (!p || json_array_append_new(pools, p)) {
			json_decref(pools);
			pools = NULL;
		}
	}
	api_reply(r, 200, pools ? json_pack("{s:s, s:s, s:o}", "as_of",
	    date_format(day, day_s), "agency", q->param[0], "pools", pools)
	    : NULL);
out:
	pool_agency_free(&pa);
	diag_free(&d);
}
