/* merit forecast: training demand per coming quarter and agency, from
 * compliance due dates, approved plans and unplanned gaps. Reads only. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "merit/error.h"
#include "agencyargs.h"
#include "commands.h"
#include "compliance.h"
#include "date.h"
#include "register.h"

#define MAX_QUARTERS 40

enum source { SRC_COMPLIANCE, SRC_PLAN, SRC_GAP };
static const char *const source_names[] = { "compliance", "plan", "gap" };

struct demand {
	int quarter, source;
	char *agency, *policy, *course; /* policy NULL but for compliance */
	long persons;
	double hours;
};

struct forecast {
	long as_of, start[MAX_QUARTERS + 1];
	int quarters;
	const struct merit_model *model;
	const char *agency;
	struct demand *rows;
	size_t n, cap;
	/* gap: the courses already counted for the current person */
	char person[256];
	const char **seen;
	size_t n_seen;
};

static void help(FILE *f)
{
	fprintf(f, "usage: merit forecast [OPTIONS]\n\n"
	    "Training demand for each coming quarter, per agency and course: "
	    "persons\nand hours, by source: compliance (a policy falls due, or "
	    "is overdue:\nfirst quarter), plan (open items of approved plans by "
	    "target date) and\ngap (gaps of the latest result with no approved "
	    "plan item: the model's\ncourses that develop the competency, first "
	    "quarter). See FORECAST in\nmerit(1).\n\n"
	    "  --db FILE          register (default: merit.db)\n"
	    "  --agency A         an agency folder, agency.yaml or id known to the\n"
	    "                     register; repeatable (default: every agency in "
	    "it)\n"
	    "  --as-of DATE       the day to start from (default: today); its "
	    "quarter\n"
	    "                     is the first\n"
	    "  --quarters N       how many quarters (1-%d, default 4)\n"
	    "  --format F         table (default) or json\n"
	    "\nExit status: 0 success, 2 usage or input error.\n", MAX_QUARTERS);
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
		struct demand *r = &f->rows[i];
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
		struct demand *v = realloc(f->rows, cap * sizeof(*v));
		if (!v)
			return MERIT_ENOMEM;
		f->rows = v;
		f->cap = cap;
	}
	struct demand *r = &f->rows[f->n];
	*r = (struct demand){ .quarter = q, .source = source, .persons = 1,
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
		return add(f, q, SRC_COMPLIANCE, p->id, "any",
		    p->require_hours > 0 ? res->need_hours : 0);
	for (size_t i = 0; i < n && !rc; i++)
		rc = add(f, q, SRC_COMPLIANCE, p->id, courses[i],
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
			rc = add(f, q, SRC_PLAN, NULL, course, course_hours(f, course));
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
	    " FROM result r JOIN gap g ON g.result_id = r.id"
	    " WHERE r.agency = ?1 AND r.id = (SELECT max(q.id) FROM result q"
	    "   WHERE q.agency = r.agency AND q.person = r.person)"
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
						rc = add(f, 0, SRC_GAP, NULL, co->id, co->hours);
					break;
				}
		}
	}
	free(f->seen);
	f->seen = NULL;
	sqlite3_finalize(st);
	return rc;
}

static int run_agency(struct forecast *f, struct reg *r, const char *path)
{
	struct workspace w;
	struct diag d;
	const struct merit_policy **pols = NULL;
	size_t npols = 0;
	int rc;
	diag_init(&d);
	if ((rc = workspace_open(&w, path, NULL, &d))) {
		diag_print(&d);
		diag_free(&d);
		return rc;
	}
	f->model = w.model;
	f->agency = w.ag->id;
	if (!(rc = compliance_policies(&w, &pols, &npols, &d)) &&
	    !(rc = compliance_scan(r->db, w.ag->id, pols, npols, f->as_of,
	    on_compliance, f, &d)) && !(rc = plans(f, r->db, &d)))
		rc = gaps(f, r->db, &d);
	diag_print(&d);
	diag_free(&d);
	free(pols);
	f->model = NULL;
	f->agency = NULL;
	workspace_close(&w);
	return rc;
}

static int by_key(const void *a, const void *b)
{
	const struct demand *x = a, *y = b;
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

static int print(const struct forecast *f, int json)
{
	char name[16], day[16];
	if (!json) {
		printf("%-8s %-16s %-11s %-16s %-24s %7s %9s\n", "quarter",
		    "agency", "source", "policy", "course", "persons", "hours");
		for (size_t i = 0; i < f->n; i++) {
			const struct demand *r = &f->rows[i];
			printf("%-8s %-16s %-11s %-16s %-24s %7ld %9g\n",
			    date_quarter_name(f->start[r->quarter], name), r->agency,
			    source_names[r->source], r->policy ? r->policy : "-",
			    r->course, r->persons, r->hours);
		}
		if (!f->n)
			printf("(no demand in the %d quarter%s from %s)\n", f->quarters,
			    f->quarters == 1 ? "" : "s", date_format(f->start[0], day));
		return 0;
	}
	json_t *qs = json_array(), *rows = json_array();
	for (int q = 0; q < f->quarters; q++)
		json_array_append_new(qs, json_pack("{s:s, s:s}", "quarter",
		    date_quarter_name(f->start[q], name), "start",
		    date_format(f->start[q], day)));
	for (size_t i = 0; i < f->n; i++) {
		const struct demand *r = &f->rows[i];
		json_array_append_new(rows, json_pack("{s:s, s:s, s:s, s:o, s:s, "
		    "s:I, s:f}", "quarter", date_quarter_name(f->start[r->quarter],
		    name), "agency", r->agency, "source", source_names[r->source],
		    "policy", r->policy ? json_string(r->policy) : json_null(),
		    "course", r->course, "persons", (json_int_t)r->persons, "hours",
		    r->hours));
	}
	json_t *o = json_pack("{s:s, s:o, s:o}", "as_of",
	    date_format(f->as_of, day), "quarters", qs, "demand", rows);
	int rc = !o || json_dumpf(o, stdout, JSON_INDENT(1) |
	    JSON_REAL_PRECISION(10)) < 0 ? MERIT_ENOMEM : 0;
	json_decref(o);
	putchar('\n');
	return rc;
}

int cmd_forecast(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "agency", required_argument, NULL, 'a' },
		{ "as-of", required_argument, NULL, 't' },
		{ "quarters", required_argument, NULL, 'q' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = "merit.db";
	char **names = calloc((size_t)argc + 1, sizeof(*names)), **paths = NULL;
	size_t n_names = 0, n_paths = 0;
	struct forecast f = { .as_of = date_today(), .quarters = 4 };
	struct reg r = { 0 };
	struct diag d;
	int c, rc = 2, json = 0;
	char *end;
	diag_init(&d);
	if (!names)
		goto out;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'a': names[n_names++] = optarg; break;
		case 't':
			if (opt_date("--as-of", optarg, &f.as_of))
				goto out;
			break;
		case 'q':
			f.quarters = (int)strtol(optarg, &end, 10);
			if (*end || end == optarg || f.quarters < 1 ||
			    f.quarters > MAX_QUARTERS) {
				fprintf(stderr, "merit: --quarters: '%s': give a whole "
				    "number from 1 to %d\n", optarg, MAX_QUARTERS);
				goto out;
			}
			break;
		case 'f':
			if (opt_format(optarg, &json))
				goto out;
			break;
		case 'h': help(stdout); rc = 0; goto out;
		default: help(stderr); goto out;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "merit: forecast takes no operand ('%s'); name "
		    "agencies with --agency\n", argv[optind]);
		help(stderr);
		goto out;
	}
	f.start[0] = date_quarter_start(f.as_of);
	for (int q = 0; q < f.quarters; q++)
		f.start[q + 1] = date_add_months(f.start[q], 3);
	if (reg_open_readonly(&r, db)) {
		fprintf(stderr, "merit: %s: cannot open the register; give one "
		    "with --db FILE\n", db);
		goto out;
	}
	if (agencyargs_resolve(db, names, n_names, 0, &paths, &n_paths, &d)) {
		diag_print(&d);
		goto out;
	}
	for (size_t i = 0; i < n_paths; i++)
		if (run_agency(&f, &r, paths[i]))
			goto out;
	qsort(f.rows, f.n, sizeof(*f.rows), by_key);
	if (!print(&f, json))
		rc = 0;
out:
	for (size_t i = 0; i < f.n; i++) {
		free(f.rows[i].agency);
		free(f.rows[i].policy);
		free(f.rows[i].course);
	}
	free(f.rows);
	agencyargs_free(paths, n_paths);
	diag_free(&d);
	reg_close(&r);
	free(names);
	return rc;
}
