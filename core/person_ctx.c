#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "person_ctx.h"

int person_ctx_open(struct person_ctx *c, const char *db, const char *person,
    const char *agency, int write)
{
	struct stat st;
	sqlite3_stmt *q = NULL;
	int rc = 2, found = 0;
	memset(c, 0, sizeof(*c));
	c->person = person;
	/* never create a register by asking about a person */
	if (stat(db, &st)) {
		fprintf(stderr, "merit: %s: no register here (run 'merit assess' "
		    "first, or give --db)\n", db);
		return 2;
	}
	struct diag d;
	diag_init(&d);
	if (write ? reg_open(&c->r, db, &d) : reg_open_readonly(&c->r, db)) {
		diag_print(&d);
		diag_free(&d);
		fprintf(stderr, "merit: %s: cannot open the register\n", db);
		return 2;
	}
	diag_free(&d);
	c->reg_open = 1;
	if (sqlite3_prepare_v2(c->r.db, "SELECT agency FROM person WHERE id = ?1"
	    " AND (?2 IS NULL OR agency = ?2) ORDER BY agency", -1, &q, NULL)) {
		fprintf(stderr, "merit: %s: not a merit register of schema 4: %s\n",
		    db, sqlite3_errmsg(c->r.db));
		goto done;
	}
	sqlite3_bind_text(q, 1, person, -1, SQLITE_STATIC);
	if (agency)
		sqlite3_bind_text(q, 2, agency, -1, SQLITE_STATIC);
	while (sqlite3_step(q) == SQLITE_ROW) {
		if (found++) {
			fprintf(stderr, "merit: %s is on the rosters of %s and %s; "
			    "choose one with --agency\n", person, c->agency,
			    (const char *)sqlite3_column_text(q, 0));
			goto done;
		}
		snprintf(c->agency, sizeof(c->agency), "%s",
		    (const char *)sqlite3_column_text(q, 0));
	}
	if (!found) {
		fprintf(stderr, "merit: %s: no person %s%s%s in the register\n", db,
		    person, agency ? " in agency " : "", agency ? agency : "");
		rc = 1;
		goto done;
	}
	rc = 0;
done:
	sqlite3_finalize(q);
	return rc;
}

int person_ctx_model(struct person_ctx *c, const char *db)
{
	struct diag d;
	char *path = NULL;
	int rc = 2;
	diag_init(&d);
	if (workspace_find(db, c->agency, &path, &d) ||
	    workspace_open(&c->w, path, NULL, &d)) {
		diag_print(&d);
		fprintf(stderr, "merit: cannot load the model of agency %s; its "
		    "course catalogue is needed\n", c->agency);
		goto done;
	}
	c->ws_open = 1;
	rc = 0;
done:
	free(path);
	diag_free(&d);
	return rc;
}

void person_ctx_close(struct person_ctx *c)
{
	if (c->ws_open)
		workspace_close(&c->w);
	if (c->reg_open)
		reg_close(&c->r);
	c->ws_open = c->reg_open = 0;
}

int person_ctx_recommend(struct person_ctx *c, long today, int years,
    struct rec_list *out)
{
	char err[512];
	if (recommend_for(c->r.db, &c->w, c->agency, c->person, today, years,
	    out, err, sizeof(err))) {
		fprintf(stderr, "merit: %s\n", err);
		return 2;
	}
	return 0;
}
