/* POST .../persons/{person}/evidence: evidence in, scored on the loop
 * thread, stored with its result in the request's savepoint, and the
 * result out. The evidence is stored first and read back the way merit
 * assess reads the register, so a result scored here has the same
 * receipt as the same evidence imported and assessed. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <jansson.h>
#include <uv.h>
#include "stmtcache.h"
#include "merit/error.h"
#include "api.h"
#include "adoption.h"
#include "api_result.h"
#include "cohort.h"
#include "host.h"
#include "ident.h"
#include "live.h"
#include "metrics.h"
#include "register.h"
#include "scoring.h"
#include "vtree.h"

static const char *const element_key[MERIT_ELEMENTS] = { "qualification",
	"qualities", "performance" };

/* One assessment type's plugins, configured for the agency, kept for as
 * long as the agency's configuration is served. */
struct api_scoring {
	struct api_scoring *next;
	struct scoring sc;
};

void api_agency_release(struct api_agency *ag)
{
	for (struct api_scoring *s = ag->scoring, *n; s; s = n) {
		n = s->next;
		scoring_close(&s->sc);
		free(s);
	}
	ag->scoring = NULL;
}

static struct scoring *scoring_for(struct api_agency *ag, const char *as,
    struct diag *d)
{
	const char *id = as ? as : ag->w.ag->assessment;
	for (struct api_scoring *s = ag->scoring; s; s = s->next)
		if (!strcmp(s->sc.as->id, id))
			return &s->sc;
	struct api_scoring *s = calloc(1, sizeof(*s));
	if (!s)
		return NULL;
	/* the receipts count the files this agency's plugins load, not
	 * those of every agency the server holds */
	host_loaded_restart();
	if (scoring_open(&s->sc, &ag->w.plugins, ag->w.ag, ag->w.ms, id, d)) {
		free(s);
		return NULL;
	}
	scoring_pin_loaded(&s->sc);
	s->next = ag->scoring;
	ag->scoring = s;
	return &s->sc;
}

int api_agency_prepare(struct api_agency *ag, struct diag *d)
{
	return scoring_for(ag, NULL, d) ? 0 : d->n ? MERIT_EINPUT : MERIT_ENOMEM;
}


static int person_known(sqlite3 *db, const char *agency, const char *person)
{
	sqlite3_stmt *st;
	if (stmt_prepare(db, "SELECT 1 FROM person WHERE agency = ?1"
	    " AND id = ?2", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, agency, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, person, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	stmt_finalize(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* The element's evidence, canonical as merit import stores it. */
static char *canonical(json_t *j, struct arena *a)
{
	const merit_value *v = value_from_json(a, j, "api", 0);
	json_t *back = v ? value_to_json(v) : NULL;
	char *s = back ? json_dumps(back, JSON_COMPACT | JSON_SORT_KEYS |
	    JSON_REAL_PRECISION(17) | JSON_ENCODE_ANY) : NULL;
	json_decref(back);
	return s;
}

static int put_evidence(sqlite3 *db, const char *agency, const char *period,
    const char *person, const char *element, const char *data,
    const char *source)
{
	sqlite3_stmt *st;
	char now[32];
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (stmt_prepare(db, "INSERT INTO evidence(agency, period, person,"
	    " element, data, source, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6,"
	    " ?7) ON CONFLICT(agency, period, person, element) DO UPDATE SET"
	    " data = excluded.data, source = excluded.source,"
	    " updated_at = excluded.updated_at WHERE data IS NOT excluded.data",
	    -1, &st, NULL) != SQLITE_OK)
		return -1;
	const char *v[] = { agency, period, person, element, data, source, now };
	for (int i = 0; i < 7; i++)
		sqlite3_bind_text(st, i + 1, v[i], -1, SQLITE_STATIC);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
	stmt_finalize(st);
	return rc;
}

static int text_ok(const char *s, size_t max)
{
	size_t n = strlen(s);
	if (!n || n > max)
		return 0;
	for (; *s; s++)
		if ((unsigned char)*s < 0x20)
			return 0;
	return 1;
}

void api_evidence_post(struct api_req *q, struct api_resp *r)
{
	const char *agency = q->tok.agency, *person = q->param[1];
	json_t *b = api_body_object(q, r), *v;
	const char *k;
	struct diag d;
	struct arena a;
	struct cohort c = { 0 };
	diag_init(&d);
	arena_init(&a);
	if (!b)
		goto out;
	json_object_foreach(b, k, v) {
		if (strcmp(k, "assessment") && strcmp(k, "period") &&
		    strcmp(k, "evidence") && strcmp(k, "agency")) {
			api_error(r, 400, "unknown key \"%.64s\"; the body holds "
			    "evidence and optionally assessment and period", k);
			goto out;
		}
	}
	json_t *ja = json_object_get(b, "assessment");
	json_t *jp = json_object_get(b, "period");
	json_t *je = json_object_get(b, "evidence");
	if ((ja && (!json_is_string(ja) || !text_ok(json_string_value(ja),
	    127))) || (jp && (!json_is_string(jp) ||
	    !text_ok(json_string_value(jp), 64)))) {
		api_error(r, 400, "\"assessment\" and \"period\" are non-empty "
		    "strings (at most 127 and 64 bytes)");
		goto out;
	}
	if (jp && period_problem(json_string_value(jp))) {
		api_error(r, 400, "\"period\" %s; a period is up to %d letters, "
		    "digits, '.', '_' or '-', such as 2025 or 2025-H1",
		    period_problem(json_string_value(jp)), IDENT_PERIOD_MAX);
		goto out;
	}
	if (!json_is_object(je) || !json_object_size(je)) {
		api_error(r, 400, "\"evidence\" must be an object with one or "
		    "more of qualification, qualities, performance");
		goto out;
	}
	json_object_foreach(je, k, v) {
		int known = 0;
		for (int e = 0; e < MERIT_ELEMENTS; e++)
			known |= !strcmp(k, element_key[e]);
		if (!known) {
			api_error(r, 400, "evidence.%.64s: unknown element; expected "
			    "qualification, qualities or performance", k);
			goto out;
		}
	}
	/* rater ids and competency names reach tables and logs */
	merit_value *tree = value_from_json(&a, je, "body", 1);
	if (!tree) {
		api_error(r, 500, "out of memory reading the body; retry");
		goto out;
	}
	if (value_check_sizes(tree, &d) || value_check_idents(tree, &d)) {
		api_error(r, 400, "evidence: %s", d.v[0].msg);
		goto out;
	}
	const char *period = jp ? json_string_value(jp) : q->ag->w.ag->period;
	/* the adopted scheme, as merit assess uses it; another is a trial */
	struct adoption now;
	char scheme[128];
	int from_file;
	if (adoption_effective(api_db(q), q->ag->w.ag, &now, scheme,
	    sizeof(scheme), &from_file)) {
		api_db_error(q, r);
		goto out;
	}
	int trial = ja && strcmp(json_string_value(ja), scheme);
	struct scoring *sc = scoring_for(q->ag, ja ? json_string_value(ja) :
	    scheme, &d);
	if (!sc) {
		if (d.n)
			api_error(r, ja ? 404 : 503, "%s", d.v[0].msg);
		else
			api_error(r, 503, "out of memory; retry");
		goto out;
	}
	sqlite3 *db = api_db(q);
	int known = person_known(db, agency, person);
	if (known < 0) {
		api_db_error(q, r);
		goto out;
	}
	if (!known) {
		api_error(r, 404, "no person %.128s in agency %s; PUT the person "
		    "first", person, agency);
		goto out;
	}
	if (api_write(q, r))
		goto out;
	char source[128];
	snprintf(source, sizeof(source), "api token %s request %s", q->tok.id,
	    q->request_id);
	json_object_foreach(je, k, v) {
		char *data = canonical(v, &a);
		int bad = !data || put_evidence(db, agency, period, person, k, data,
		    source);
		free(data);
		if (bad) {
			api_db_error(q, r);
			goto out;
		}
	}
	/* every time: a rolled-back request takes these rows with it */
	if (scoring_register(api_reg(q), q->ag->w.ag, q->ag->w.ms)) {
		api_db_error(q, r);
		goto out;
	}
	/* scored from what the register now holds, as merit assess would */
	if (cohort_load_person(&c, db, agency, period, person, &d) || !c.n) {
		if (d.n)
			api_error(r, 400, "%s", d.v[0].msg);
		else
			api_db_error(q, r);
		goto out;
	}
	struct scored s = { .member = &c.v[0] };
	struct merit_measure m = { 0 };
	uint64_t t0 = uv_hrtime();
	scoring_activate(sc);
	/* each request is a run of its own: earlier requests' stopped
	 * calls must not refuse this person's */
	model_score_new_run(q->ag->w.ms);
	scoring_score(sc, period, &c.v[0], &s, &a, &m);
	measure_release(&m);
	api_note_scoring((double)(uv_hrtime() - t0) / 1e9);
	if (!s.ok) {
		/* nothing is kept: the evidence goes with the failed score */
		api_error(r, 422, "not scored: %s; correct the evidence and "
		    "send it again", s.error ? s.error : "unknown reason");
		goto out;
	}
	char *expl = scoring_explanation(&s);
	int inserted = 0, claimed = 0;
	int rc = expl ? reg_put_result(api_reg(q), &s.r, s.inputs_json, expl,
	    &inserted) : MERIT_ENOMEM;
	free(expl);
	if (!rc && (trial ? inserted : !inserted))
		rc = adoption_mark_trial(api_reg(q), s.r.receipt, trial,
		    inserted ? NULL : &claimed);
	/* a trial's result claimed by the adopted scheme is re-sealed: an
	 * entry of its own vouches for it */
	if (!rc && (inserted || claimed)) {
		char actor[64], detail[512];
		snprintf(actor, sizeof(actor), "token:%s", q->tok.id);
		snprintf(detail, sizeof(detail), "person %s, assessment %s, period "
		    "%s: %s (model %s)%s", person, sc->as->id, period, inserted ?
		    "new result" : "a trial's result now the adopted scheme's",
		    q->ag->model_version, trial ? " (a trial)" : "");
		rc = reg_audit(api_reg(q), actor, "assess", agency, detail,
		    s.r.receipt);
	}
	if (rc) {
		api_db_error(q, r);
		goto out;
	}
	json_t *res = api_result_by_receipt(db, agency, s.r.receipt, q->lang,
	    q->ag);
	if (!res) {
		api_db_error(q, r);
		goto out;
	}
	json_object_set_new(res, "model_version",
	    json_string(q->ag->model_version));
	api_reply(r, inserted ? 201 : 200, res);
out:
	cohort_free(&c);
	arena_free(&a);
	diag_free(&d);
}
