/* The reserve pools: every person of an agency evaluated against the
 * rules of each pool the agency keeps; who would enter, who would leave
 * (membership expired, or a rule no longer met) and whose membership is
 * renewed; the 9-box of performance against potential. merit pool and
 * the HTTP API share this code. */
#ifndef MERIT_POOL_H
#define MERIT_POOL_H

#include <stddef.h>
#include <jansson.h>
#include "arena.h"
#include "diag.h"
#include "register.h"
#include "workspace.h"

enum pool_mode {
	POOL_RUN, /* evaluate and record the changes */
	POOL_DRY_RUN, /* evaluate, write nothing */
	POOL_GRID, /* the 9-box of each pool that declares one */
};

enum pool_change_kind { POOL_ENTER, POOL_EXIT, POOL_RENEW };
/* "entered", "exited", "renewed" */
extern const char *const pool_change_names[3];

struct pool_change {
	int kind;
	const char *person, *entered; /* entered: the row an exit closes */
	char expires[11]; /* an entry's or renewal's end, YYYY-MM-DD */
	const char *reason; /* the rules met, or the one failed */
};

/* A person the pool's rule could not decide for: left as they were. */
struct pool_rule_error {
	const char *person, *why;
};

/* One pool of the agency. */
struct pool_outcome {
	const struct merit_pool *pool;
	int no_grid; /* POOL_GRID: the pool declares no grid */
	struct pool_change *ch; /* in person order */
	size_t n_ch;
	int counts[3]; /* by pool_change_kind */
	int unchanged, members; /* members: after the changes */
	struct pool_rule_error *errors;
	size_t n_errors;
	json_t *grid; /* POOL_GRID: as merit pool --grid --format json */
};

struct pool_agency {
	const char *agency;
	long as_of;
	int mode;
	struct pool_outcome *v; /* in the order agency.yaml lists the pools */
	size_t n;
	int rule_errors; /* over every pool */
	struct arena a;
};

/* Evaluate the pools of the agency loaded in w on day as_of. POOL_RUN
 * writes the changes (in the caller's transaction) with a "pool" audit
 * entry by actor per pool that changed; the other modes read only. A day
 * before the agency's last recorded pool change is refused. 0, or an
 * error code with the findings in d (MERIT_EINPUT: the input, MERIT_EDB:
 * the register). Free with pool_agency_free in any case. */
int pool_agency_run(struct pool_agency *pa, struct reg *r,
    struct workspace *w, long as_of, int mode, const char *actor,
    struct diag *d);
void pool_agency_free(struct pool_agency *pa);

/* A pool's outcome as merit pool --format json shows it: {agency, pool,
 * as_of, entered: [{person, expires_on, reason}], exited: [{person,
 * reason}], renewed: [...], unchanged, members}, or with POOL_GRID
 * {agency, pool, as_of, grid}. */
json_t *pool_outcome_json(const struct pool_agency *pa,
    const struct pool_outcome *o);

/* The current members of one pool of the agency, from pool_member:
 * [{person, entered_on, expires_on, reason}] by person; NULL when the
 * register fails. */
json_t *pool_members_json(sqlite3 *db, const char *agency, const char *pool);

#endif
