/* Individual development plans in the register: proposed from the
 * recommendations, edited and decided by an official. merit plan and the
 * HTTP API share this code; neither begins nor ends a transaction here,
 * so each caller writes under its own (BEGIN IMMEDIATE on the command
 * line, the request's savepoint in merit serve). */
#ifndef MERIT_PLAN_H
#define MERIT_PLAN_H

#include <stddef.h>
#include <jansson.h>
#include <sqlite3.h>
#include "recommend.h"
#include "register.h"
#include "workspace.h"

/* The plan as merit plan --format json shows it: {plan, agency, person,
 * basis, created_at, status, decided_by, decided_at, reason, items:
 * [{rank, course, competency, target_date, status, reason}]}; NULL when
 * there is no such plan or the register fails. */
json_t *plan_json(sqlite3 *db, long long id);

/* The person's latest plan whose status is in `statuses`, a SQL list of
 * quoted names ("'proposed', 'approved'"): its id, with its status in
 * status; 0 when there is none, -1 when the register fails. */
long long plan_latest(sqlite3 *db, const char *agency, const char *person,
    const char *statuses, char *status, size_t n);

/* Propose the plan of (agency, person) from the recommendations l (not
 * empty): one course per quarter in rank order from the quarter holding
 * `start`. A standing plan (proposed or approved) proposed from the same
 * basis and courses is kept: *created 0, *id its id, nothing written.
 * Otherwise the proposed plan is superseded, the new one written with a
 * plan-propose audit entry by `actor`: *created 1. before_write, when
 * given, is called once before the first write; a non-zero return stops
 * the proposal and is returned. 0, or MERIT_EDB / MERIT_ENOMEM with
 * sqlite's message in err. */
int plan_propose(struct reg *r, const char *agency, const char *person,
    const struct rec_list *l, long start, const char *actor,
    int (*before_write)(void *arg), void *arg, long long *id, int *created,
    char *err, size_t errlen);

enum plan_decision { PLAN_KEEP, PLAN_APPROVE, PLAN_REJECT };

/* Edits of the proposed plan, then maybe its decision. */
struct plan_edits {
	const char *by; /* the official deciding or editing */
	const char *reason; /* why; required to reject */
	const char *const *drop; /* courses whose open item is dropped */
	const char *const *target; /* "COURSE=YYYY-MM-DD": a new target */
	const char *const *add; /* courses of the catalogue added */
	int n_drop, n_target, n_add;
	const char *competency; /* what the added courses are for */
	long start; /* an added course goes a quarter after the last item,
		     * or at the end of the quarter holding start */
	int decide; /* enum plan_decision */
	const char *actor; /* the audit entries' actor: "cli", "token:ID" */
};

/* plan_change's answers besides 0 and the error codes. */
enum {
	PLAN_NONE = 1, /* the person has no plan at all */
	PLAN_DECIDED = 2, /* no proposed plan; the latest (id, status) is
			   * decided, and is never edited or decided again */
};

/* Apply e to the person's proposed plan: 0 and *id; PLAN_NONE;
 * PLAN_DECIDED with *id and status; MERIT_EINPUT when an edit does not
 * apply (err says which, starting with the edit's name: "drop X: ...");
 * MERIT_EDB with sqlite's message in err. On an error the caller rolls
 * back: some edits may have been written. */
int plan_change(struct reg *r, const struct workspace *w, const char *agency,
    const char *person, const struct plan_edits *e, long long *id,
    char *status, size_t status_len, char *err, size_t errlen);

#endif
