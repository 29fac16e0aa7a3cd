/* Compliance with training policies: for each person of an agency and
 * each policy that covers them, whether the register's completions meet
 * it on a given day, when the next one is due and what is missing. The
 * rule is stated in merit(1), COMPLIANCE; merit compliance, merit
 * forecast (and the HTTP API) share this code. */
#ifndef MERIT_COMPLIANCE_H
#define MERIT_COMPLIANCE_H
#include <limits.h>
#include <jansson.h>
#include <sqlite3.h>
#include "diag.h"
#include "merit/model.h"
#include "workspace.h"

/* a due date that does not exist: never met, and no hired date */
#define COMPLIANCE_NO_DATE LONG_MIN

enum compliance_status {
	COMPLIANCE_OK,
	COMPLIANCE_DUE_SOON,
	COMPLIANCE_OVERDUE,
	COMPLIANCE_NOT_COVERED, /* no policy covers them, or not yet hired */
	COMPLIANCE_ON_LEAVE,
};

const char *compliance_status_name(int status);

struct compliance_person {
	const char *id, *category, *term;
	int post_level, on_leave, has_hired;
	long hired;
};

struct compliance_completion {
	const char *course;
	long day;
	double hours;
};

struct compliance_result {
	int status;
	long due; /* the last day to complete what is required, or NO_DATE */
	long from; /* first day of the window or period that `done` counts */
	int done_courses; /* different qualifying courses in it */
	double done_hours;
	int missing_courses;
	double missing_hours;
	/* a rotating policy: the set required now (NULL otherwise) */
	const struct merit_policy_set *set;
	/* what must still be completed by `due` (forecast) */
	int need_courses;
	double need_hours;
};

/* 1 if p covers the person (categories, terms, posts). */
int compliance_applies(const struct merit_policy *p,
    const struct compliance_person *ps);

/* 1 if a completion of `course` counts for p (set: the rotating set). */
int compliance_accepts(const struct merit_policy *p,
    const struct merit_policy_set *set, const char *course);

/* Evaluate p for one person on day as_of; c holds the person's
 * completions in date order (any course; those after as_of are ignored). */
void compliance_eval(const struct merit_policy *p,
    const struct compliance_person *ps, const struct compliance_completion *c,
    size_t n, long as_of, struct compliance_result *out);

/* Called once per person and covering policy; once with p NULL for a
 * person no policy covers (or on leave). Non-zero stops the scan. */
typedef int (*compliance_fn)(void *arg, const struct compliance_person *ps,
    const struct merit_policy *p, const struct compliance_result *res);

/* One pass over the agency's persons and completions, in person order.
 * 0, MERIT_EINPUT for a malformed date (said in d), MERIT_EDB. */
int compliance_scan(sqlite3 *db, const char *agency,
    const struct merit_policy *const *pols, size_t npols, long as_of,
    compliance_fn fn, void *arg, struct diag *d);
/* The same for one person of the agency (NULL: every person). */
int compliance_scan_person(sqlite3 *db, const char *agency,
    const char *person, const struct merit_policy *const *pols, size_t npols,
    long as_of, compliance_fn fn, void *arg, struct diag *d);

/* Which rows a report lists; its summary counts everyone. */
enum compliance_show {
	COMPLIANCE_SHOW_ALL,
	COMPLIANCE_SHOW_OVERDUE,
	COMPLIANCE_SHOW_DUE_SOON, /* due soon or overdue */
	COMPLIANCE_SHOW_NONE, /* the summary alone: no "persons" */
};

/* What merit compliance answers for one agency on day as_of, as its JSON
 * shows it: {"id", "summary": {persons, compliant, due_soon, overdue,
 * not_covered}, "persons": [row]}. A row per person and covering policy:
 * {person, policy, status, due, done: {from, courses, hours}, missing:
 * {courses, hours}, set (a rotating policy)}; a person no policy covers,
 * or on leave, has one row {person, policy: null, status}. The summary
 * counts each person once by their worst status (on leave counts as not
 * covered). person: that person alone (NULL: everyone). 0 and *out, or
 * an error code with the findings in d. */
int compliance_report(sqlite3 *db, const char *agency,
    const struct merit_policy *const *pols, size_t npols, long as_of,
    int show, const char *person, json_t **out, struct diag *d);

/* The model's policies the agency names in `policies:`, in that order
 * (malloc'd array in *out); an id the model does not declare is a finding
 * at its line of agency.yaml: MERIT_EINPUT. */
int compliance_policies(struct workspace *w,
    const struct merit_policy ***out, size_t *n, struct diag *d);

#endif
