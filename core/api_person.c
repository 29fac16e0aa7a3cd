/* The /v1 person routes: a person's register record, written as merit
 * import writes a roster entry, and the person's results and gaps. */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <jansson.h>
#include <sodium.h>
#include "stmtcache.h"
#include "merit/error.h"
#include "api.h"
#include "api_json.h"
#include "api_result.h"
#include "seal.h"
#include "cohort.h"
#include "import.h"
#include "model.h"
#include "register.h"
#include "vtree.h"

#define RESULTS_DEFAULT 20
#define RESULTS_MAX 200

static const char *const element_names[MERIT_ELEMENTS] = { "qualification",
	"qualities", "performance" };

static const struct merit_model *model_of(struct api_req *q)
{
	return q->ag ? q->ag->w.model : NULL;
}

static const char *col_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

static json_t *col_str(sqlite3_stmt *st, int i)
{
	return api_jstr(col_text(st, i));
}

static json_t *col_num(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? json_null() :
	    api_jnum(sqlite3_column_double(st, i));
}

static json_t *col_int(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? json_null() :
	    json_integer(sqlite3_column_int64(st, i));
}

static void bind_str(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

/* Only the query parameters a route takes: a misspelt one would
 * otherwise be ignored without a word. "agency" is every route's (the
 * server checks it is the caller's). 0, or 400 set. */
static int query_only(struct api_req *q, struct api_resp *r,
    const char *const *allowed, const char *list)
{
	for (const char *p = q->query; p && *p;) {
		size_t seg = strcspn(p, "&");
		size_t kl = strcspn(p, "=&");
		/* "a=1&&b=2": an empty segment */
		int ok = kl == 0 || (kl == 6 && !strncmp(p, "agency", 6));
		for (size_t i = 0; !ok && allowed[i]; i++)
			ok = strlen(allowed[i]) == kl && !strncmp(p, allowed[i], kl);
		if (!ok) {
			api_error(r, 400, "unknown query parameter '%.*s'; %s %s "
			    "takes %s", (int)(kl < 64 ? kl : 64), p, q->method,
			    q->route, list);
			return -1;
		}
		p += seg;
		if (*p)
			p++;
	}
	return 0;
}

/* ?assessment=ID: *out NULL when absent; -1 with 400 set when empty or
 * badly encoded. */
static int query_assessment(struct api_req *q, struct api_resp *r,
    char *buf, size_t len, const char **out)
{
	*out = NULL;
	if (!api_query_has(q, "assessment"))
		return 0;
	const char *v = api_query(q, "assessment", buf, len);
	if (!v || !*v) {
		api_error(r, 400, "assessment: give the id of an assessment type, "
		    "such as ?assessment=A1 (percent-encoded UTF-8)");
		return -1;
	}
	*out = v;
	return 0;
}

/* -- the person record ------------------------------------------------------ */

/* The person as the register holds it (pseudonymous fields only): the
 * object, or NULL with *found 0 (no such person) or 1 (database error). */
static json_t *person_json(sqlite3 *db, const char *agency,
    const char *person, int *found)
{
	sqlite3_stmt *st;
	json_t *o = NULL;
	*found = 1;
	if (stmt_prepare(db, "SELECT id, post_level, category, term,"
	    " class_level, position, hired, on_leave, updated_at FROM person"
	    " WHERE agency = ?1 AND id = ?2", -1, &st, NULL) != SQLITE_OK)
		return NULL;
	bind_str(st, 1, agency);
	bind_str(st, 2, person);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		o = json_pack("{s:s, s:o, s:I, s:o, s:o, s:o, s:o, s:o, s:b, "
		    "s:o}", "agency", agency, "id", col_str(st, 0), "post_level",
		    (json_int_t)sqlite3_column_int64(st, 1), "category",
		    col_str(st, 2), "term", col_str(st, 3), "class",
		    col_int(st, 4), "position", col_str(st, 5), "hired",
		    col_str(st, 6), "on_leave", sqlite3_column_int(st, 7),
		    "updated_at", col_str(st, 8));
	else if (rc == SQLITE_DONE)
		*found = 0;
	stmt_finalize(st);
	return o;
}

static void no_person(struct api_req *q, struct api_resp *r)
{
	api_error(r, 404, "agency %s has no person '%.200s'; add the person "
	    "with PUT /v1/agencies/%s/persons/%.200s or merit import",
	    q->param[0], q->param[1], q->param[0], q->param[1]);
}

/* 1 when the agency has the person, 0 with 404 set, -1 with 503 set. */
static int person_exists(struct api_req *q, struct api_resp *r)
{
	sqlite3_stmt *st;
	sqlite3 *db = api_db(q);
	if (stmt_prepare(db, "SELECT 1 FROM person WHERE agency = ?1 AND"
	    " id = ?2", -1, &st, NULL) != SQLITE_OK) {
		api_db_error(q, r);
		return -1;
	}
	bind_str(st, 1, q->param[0]);
	bind_str(st, 2, q->param[1]);
	int rc = sqlite3_step(st);
	stmt_finalize(st);
	if (rc == SQLITE_ROW)
		return 1;
	if (rc != SQLITE_DONE) {
		api_db_error(q, r);
		return -1;
	}
	no_person(q, r);
	return 0;
}

void api_person_get(struct api_req *q, struct api_resp *r)
{
	int found;
	json_t *o = person_json(api_db(q), q->param[0], q->param[1], &found);
	if (o)
		api_reply(r, 200, o);
	else if (!found)
		no_person(q, r);
	else
		api_db_error(q, r);
}

/* -- PUT: create or update ------------------------------------------------- */

static void now_iso(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* 400 with every problem of the entry: "field: what is expected". */
static void invalid(struct api_req *q, struct api_resp *r,
    const merit_value *row, const struct diag *d)
{
	char msg[900];
	size_t off = 0;
	json_t *problems = json_array();
	for (size_t i = 0; i < d->n; i++) {
		const char *field = value_finding_key(row, &d->v[i], roster_keys);
		if (!field)
			field = "body";
		json_array_append_new(problems, json_pack("{s:s, s:s}", "field",
		    field, "message", d->v[i].msg));
		if (off < sizeof(msg))
			off += (size_t)snprintf(msg + off, sizeof(msg) - off, "%s%s: "
			    "%s", i ? "; " : "", field, d->v[i].msg);
	}
	api_error(r, 400, "person %.200s is not valid: %s", q->param[1], msg);
	if (r->body && problems)
		json_object_set_new(r->body, "problems", problems);
	else
		json_decref(problems);
}

static int agency_known(sqlite3 *db, const char *agency)
{
	sqlite3_stmt *st;
	if (stmt_prepare(db, "SELECT 1 FROM agency WHERE id = ?1", -1,
	    &st, NULL) != SQLITE_OK)
		return -1;
	bind_str(st, 1, agency);
	int rc = sqlite3_step(st);
	stmt_finalize(st);
	return rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
}

/* The audit entry of a person written through the API: who (the token,
 * never its secret), which person, and a digest of the entry as stored
 * (personal fields included, as merit import's digest of the file). */
static int audit_put(struct api_req *q, struct reg *reg,
    const merit_value *row, int created)
{
	char actor[64], subject[600], detail[700], digest[65];
	unsigned char h[32];
	json_t *j = value_to_json(row);
	char *s = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS |
	    JSON_REAL_PRECISION(17)) : NULL;
	json_decref(j);
	if (!s)
		return MERIT_ENOMEM;
	crypto_generichash(h, sizeof(h), (const unsigned char *)s, strlen(s),
	    NULL, 0);
	free(s);
	sodium_bin2hex(digest, sizeof(digest), h, sizeof(h));
	snprintf(actor, sizeof(actor), "token:%s", q->tok.id);
	snprintf(subject, sizeof(subject), "%s/%s", q->param[0], q->param[1]);
	snprintf(detail, sizeof(detail), "person %.500s %s through the API "
	    "(role %s)", q->param[1], created ? "created" : "updated",
	    token_role_name(q->tok.role));
	return reg_audit(reg, actor, "person-put", subject, detail, digest);
}

void api_person_put(struct api_req *q, struct api_resp *r)
{
	json_t *body = api_body_object(q, r);
	if (!body)
		return;
	const char *agency = q->param[0], *person = q->param[1];
	json_t *v = json_object_get(body, "agency");
	if (v && !json_is_string(v)) {
		api_error(r, 400, "agency: must be text, the agency's id (%s), or "
		    "left out", agency);
		return;
	}
	if (v && api_same_agency(q, r, json_string_value(v)))
		return;
	v = json_object_get(body, "id");
	if (v && (!json_is_string(v) || strcmp(json_string_value(v), person))) {
		api_error(r, 400, "id: the body names %s%.200s%s but the path names "
		    "person '%.200s'; make them the same, or leave id out",
		    json_is_string(v) ? "person '" : "a ", json_is_string(v) ?
		    json_string_value(v) : "non-text id", json_is_string(v) ? "'"
		    : "", person);
		return;
	}
	/* the entry as merit import reads a roster row: the body without
	 * "agency", with the path's id */
	json_t *entry = json_copy(body);
	struct arena a;
	struct diag d;
	struct roster_writer w = { 0 };
	arena_init(&a);
	diag_init(&d);
	merit_value *row = NULL;
	if (entry) {
		json_object_del(entry, "agency");
		if (!v)
			json_object_set_new(entry, "id", json_string(person));
		row = value_from_json(&a, entry, "body", 1);
	}
	json_decref(entry);
	if (!row) {
		api_error(r, 500, "out of memory reading the body; retry");
		goto out;
	}
	value_place_fields(row, 1);
	value_check_sizes(row, &d);
	struct roster_entry e;
	int rc = roster_read(&e, row, &a, &d);
	if (rc == MERIT_ENOMEM) {
		api_error(r, 500, "out of memory reading the body; retry");
		goto out;
	}
	if (rc || d.n) {
		invalid(q, r, row, &d);
		goto out;
	}
	if (api_write(q, r))
		goto out;
	struct reg *reg = api_reg(q);
	char now[32];
	int existed, changed;
	now_iso(now, sizeof(now));
	/* an agency served but never imported is recorded as import would */
	int known = agency_known(reg->db, agency);
	if (known < 0 || (!known && import_put_agency(reg, &q->ag->w)) ||
	    roster_writer_open(&w, reg) ||
	    roster_write(&w, agency, &e, now, &existed, &changed) ||
	    ((!existed || changed) && audit_put(q, reg, row, !existed))) {
		api_db_error(q, r);
		goto out;
	}
	int found;
	json_t *o = person_json(reg->db, agency, person, &found);
	if (o)
		api_reply(r, existed ? 200 : 201, o);
	else
		api_db_error(q, r);
out:
	roster_writer_close(&w);
	diag_free(&d);
	arena_free(&a);
}

/* -- results ------------------------------------------------------------- */

struct result_stmts {
	sqlite3_stmt *row, *comp, *gap, *course;
};

static void result_stmts_free(struct result_stmts *s)
{
	stmt_finalize(s->row);
	stmt_finalize(s->comp);
	stmt_finalize(s->gap);
	stmt_finalize(s->course);
	memset(s, 0, sizeof(*s));
}

static int result_stmts_init(struct result_stmts *s, sqlite3 *db)
{
	memset(s, 0, sizeof(*s));
	if (stmt_prepare(db, "SELECT r.receipt, r.agency, r.person,"
	    " r.assessment, r.period, r.model_hash, r.framework,"
	    " m.framework_version, r.qualification, r.qualities, r.performance,"
	    " r.w_qualification, r.w_qualities, r.w_performance, r.k, r.band,"
	    " r.explanation, r.scored_at, r.status, r.reason, r.self_qualities,"
	    " r.qualification_se, r.qualities_se, r.performance_se, r.k_se,"
	    " r.borderline_cut, r.borderline_band"
	    " FROM result r LEFT JOIN model m ON m.hash = r.model_hash"
	    " WHERE r.id = ?1", -1, &s->row, NULL) != SQLITE_OK ||
	    stmt_prepare(db, "SELECT competency, level, value, se,"
	    " position, position_se, raters, self, spread, disagreement,"
	    " provenance, coverage, evidence FROM competency_result"
	    " WHERE result_id = ?1"
	    " ORDER BY competency", -1, &s->comp, NULL) != SQLITE_OK ||
	    stmt_prepare(db, "SELECT priority, competency, required,"
	    " required_level, measured, measured_level, se, gap, importance,"
	    " status FROM gap WHERE result_id = ?1 ORDER BY priority", -1,
	    &s->gap,
	    NULL) != SQLITE_OK ||
	    stmt_prepare(db, "SELECT course, value, se, items FROM"
	    " course_result WHERE result_id = ?1 ORDER BY course", -1,
	    &s->course, NULL) != SQLITE_OK) {
		result_stmts_free(s);
		return -1;
	}
	return 0;
}

static const struct merit_competency *competency_of(
    const struct merit_model *m, const char *id)
{
	return m && id ? model_competency(m->framework, id) : NULL;
}

static json_t *competency_title(struct api_texts *t,
    const struct merit_model *m, const char *id)
{
	const struct merit_competency *c = competency_of(m, id);
	return c ? api_text(t, &c->title) : json_null();
}

static json_t *level_title(struct api_texts *t, const struct merit_model *m,
    const char *id)
{
	const struct merit_framework *fw = m ? m->framework : NULL;
	for (size_t i = 0; fw && id && i < fw->n_levels; i++)
		if (!strcmp(fw->levels[i].id, id))
			return fw->levels[i].title.n ? api_text(t,
			    &fw->levels[i].title) : json_null();
	return json_null();
}

/* One row of the gap table (columns as result_stmts.gap selects). */
static json_t *gap_json(sqlite3_stmt *st, const struct merit_model *m,
    struct api_texts *t)
{
	const char *comp = col_text(st, 1);
	return json_pack("{s:i, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, "
	    "s:o, s:o, s:o}", "priority", sqlite3_column_int(st, 0), "competency",
	    api_jstr(comp), "title", competency_title(t, m, comp), "required",
	    col_num(st, 2), "required_level", col_str(st, 3),
	    "required_level_title", level_title(t, m, col_text(st, 3)),
	    "measured", col_num(st, 4), "measured_level", col_str(st, 5),
	    "measured_level_title", level_title(t, m, col_text(st, 5)), "se",
	    col_num(st, 6), "gap", col_num(st, 7), "importance",
	    col_num(st, 8), "status", col_str(st, 9));
}

static int gaps_into(json_t *list, sqlite3_stmt *st, long long id,
    const struct merit_model *m, struct api_texts *t)
{
	int rc;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(list, gap_json(st, m, t));
	sqlite3_reset(st);
	return rc == SQLITE_DONE ? 0 : -1;
}

static json_t *lines_json(const char *text)
{
	json_t *a = json_array();
	for (const char *p = text; a && p && *p;) {
		size_t n = strcspn(p, "\n");
		json_t *s = json_stringn(p, n);
		json_array_append_new(a, s ? s : json_null());
		p += n;
		if (*p)
			p++;
	}
	return a;
}

struct ranked {
	size_t rank;
	json_t *v;
};

static int cmp_ranked(const void *a, const void *b)
{
	const struct ranked *x = a, *y = b;
	return x->rank < y->rank ? -1 : x->rank > y->rank;
}

/* Competencies in the framework's order (as GET .../frameworks/{id} lists
 * them), those it no longer declares last, by id; a stable sort keeps
 * the register's id order among equals. */
static json_t *framework_order(json_t *comps, const struct merit_model *m)
{
	const struct merit_framework *fw = m ? m->framework : NULL;
	size_t n = json_array_size(comps);
	struct ranked *v = n ? calloc(n, sizeof(*v)) : NULL;
	if (!v || !fw)
		goto out;
	for (size_t i = 0; i < n; i++) {
		const char *id = json_string_value(json_object_get(
		    json_array_get(comps, i), "id"));
		const struct merit_competency *c = id ? model_competency(fw, id)
		    : NULL;
		v[i].rank = (c ? (size_t)(c - fw->competencies) :
		    fw->n_competencies) * n + i;
		v[i].v = json_incref(json_array_get(comps, i));
	}
	qsort(v, n, sizeof(*v), cmp_ranked);
	json_array_clear(comps);
	for (size_t i = 0; i < n; i++)
		json_array_append_new(comps, v[i].v);
out:
	free(v);
	return comps;
}

/* "trial": scored under a scheme the agency had not adopted;
 * "current": the person's result in current_result (adoption.h);
 * "tampered": its rows no longer carry the seals merit gave them
 * (seal.h), so a portal does not take an edited number as merit's. */
static int standing_into(json_t *o, sqlite3 *db, long long id)
{
	sqlite3_stmt *st;
	if (!db || stmt_prepare(db, "SELECT r.trial, r.id IN (SELECT c.id FROM"
	    " current_result c WHERE c.agency = r.agency AND c.person ="
	    " r.person) FROM result r WHERE r.id = ?1", -1, &st, NULL) !=
	    SQLITE_OK)
		return -1;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		json_object_set_new(o, "trial", json_boolean(
		    sqlite3_column_int(st, 0)));
		json_object_set_new(o, "current", json_boolean(
		    sqlite3_column_int(st, 1)));
	}
	stmt_finalize(st);
	if (rc != SQLITE_ROW)
		return -1;
	int broken = seal_result_broken(db, id);
	if (broken < 0)
		return -1;
	json_object_set_new(o, "tampered", json_boolean(broken));
	return 0;
}

static json_t *result_json(struct result_stmts *s, long long id,
    const struct merit_model *m, struct api_texts *t)
{
	sqlite3_stmt *st = s->row;
	json_t *o = NULL;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW)
		goto done;
	json_t *elements = json_object();
	for (int e = 0; elements && e < MERIT_ELEMENTS; e++)
		if (sqlite3_column_type(st, 11 + e) != SQLITE_NULL)
			json_object_set_new(elements, element_names[e], json_pack(
			    "{s:o, s:o, s:o}", "value", col_num(st, 8 + e),
			    "weight", col_num(st, 11 + e), "se",
			    col_num(st, 21 + e)));
	const struct merit_assessment *a = m ? model_assessment(m,
	    col_text(st, 3)) : NULL;
	o = json_pack("{s:I, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, "
	    "s:o, s:o, s:o, s:o, s:o, s:o}", "id", (json_int_t)id, "receipt",
	    col_str(st, 0), "agency", col_str(st, 1), "person", col_str(st, 2),
	    "assessment", col_str(st, 3), "assessment_title", a ? api_text(t,
	    &a->title) : json_null(), "period", col_str(st, 4), "framework",
	    col_str(st, 6), "framework_version", col_str(st, 7), "model_hash",
	    col_str(st, 5), "status", col_str(st, 18), "reason",
	    col_str(st, 19), "K", col_num(st, 14), "band", col_str(st, 15),
	    "elements", elements, "self_qualities", col_num(st, 20),
	    "scored_at", col_str(st, 17));
	if (o) {
		json_object_set_new(o, "explanation", lines_json(col_text(st,
		    16)));
		json_object_set_new(o, "K_se", col_num(st, 24));
		json_object_set_new(o, "borderline", sqlite3_column_type(st, 26)
		    == SQLITE_NULL ? json_null() : json_pack("{s:o, s:o}", "cut",
		    col_num(st, 25), "band", col_str(st, 26)));
	}
done:
	sqlite3_reset(st);
	if (!o)
		return NULL;
	json_t *comps = json_array(), *gaps = json_array(),
	       *courses = json_array();
	int rc;
	st = s->comp;
	sqlite3_bind_int64(st, 1, id);
	while (comps && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *cid = col_text(st, 0);
		json_t *c = json_pack("{s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:i, "
		    "s:o, s:o, s:b, s:o, s:o, s:o}", "id", api_jstr(cid), "title",
		    competency_title(t, m, cid), "level", col_str(st, 1),
		    "value", col_num(st, 2), "se", col_num(st, 3), "position",
		    col_num(st, 4), "position_se", col_num(st, 5), "raters",
		    sqlite3_column_int(st, 6), "self", col_num(st, 7), "spread",
		    col_num(st, 8), "disagreement", sqlite3_column_int(st, 9),
		    "provenance", col_str(st, 10), "coverage", col_num(st, 11),
		    "evidence", col_str(st, 12));
		json_array_append_new(comps, c);
	}
	sqlite3_reset(st);
	if (gaps_into(gaps, s->gap, id, m, t))
		rc = SQLITE_ERROR;
	st = s->course;
	sqlite3_bind_int64(st, 1, id);
	while (courses && (rc = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(courses, json_pack("{s:o, s:o, s:o, s:i}",
		    "id", col_str(st, 0), "value", col_num(st, 1), "se",
		    col_num(st, 2), "items", sqlite3_column_int(st, 3)));
	sqlite3_reset(st);
	if (standing_into(o, st ? sqlite3_db_handle(st) : NULL, id))
		rc = SQLITE_ERROR;
	json_object_set_new(o, "competencies", framework_order(comps, m));
	json_object_set_new(o, "gaps", gaps);
	json_object_set_new(o, "courses", courses);
	if (rc != SQLITE_DONE || !comps || !gaps || !courses) {
		json_decref(o);
		return NULL;
	}
	return o;
}

json_t *api_result_json(sqlite3 *db, long long id,
    const struct merit_model *m, struct api_texts *t)
{
	struct result_stmts s;
	if (result_stmts_init(&s, db))
		return NULL;
	json_t *o = result_json(&s, id, m, t);
	result_stmts_free(&s);
	return o;
}

json_t *api_result_by_receipt(sqlite3 *db, const char *agency,
    const char *receipt, const char *lang, struct api_agency *ag)
{
	sqlite3_stmt *st;
	json_t *o = NULL;
	if (stmt_prepare(db, "SELECT id FROM result WHERE receipt = ?1"
	    " AND agency = ?2", -1, &st, NULL) != SQLITE_OK)
		return NULL;
	bind_str(st, 1, receipt);
	bind_str(st, 2, agency);
	if (sqlite3_step(st) == SQLITE_ROW) {
		struct api_texts t;
		api_texts_init(&t, lang);
		o = api_result_json(db, sqlite3_column_int64(st, 0), ag ?
		    ag->w.model : NULL, &t);
		if (o)
			api_texts_finish(&t, o);
	}
	stmt_finalize(st);
	return o;
}

/* An ?assessment= the model does not declare is allowed for results
 * scored before it was retired, not as a typo that silently matches
 * nothing: 0 fine, -1 with 404 or 503 set. */
static int assessment_ok(struct api_req *q, struct api_resp *r,
    const char *assessment)
{
	const struct merit_model *m = model_of(q);
	if (!assessment || (m && model_assessment(m, assessment)))
		return 0;
	sqlite3_stmt *st;
	if (stmt_prepare(api_db(q), "SELECT 1 FROM result WHERE"
	    " agency = ?1 AND person = ?2 AND assessment = ?3 LIMIT 1", -1, &st,
	    NULL) != SQLITE_OK) {
		api_db_error(q, r);
		return -1;
	}
	bind_str(st, 1, q->param[0]);
	bind_str(st, 2, q->param[1]);
	bind_str(st, 3, assessment);
	int rc = sqlite3_step(st);
	stmt_finalize(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE) {
		api_db_error(q, r);
		return -1;
	}
	char names[512];
	api_assessment_names(names, sizeof(names), m);
	api_error(r, 404, "assessment: agency %s has no assessment type "
	    "'%.200s'; its model declares: %s", q->param[0], assessment, names);
	return -1;
}

void api_results_get(struct api_req *q, struct api_resp *r)
{
	static const char *const keys[] = { "limit", "assessment", NULL };
	char lbuf[32], abuf[256];
	const char *assessment;
	long limit = RESULTS_DEFAULT;
	if (query_only(q, r, keys, "limit and assessment") ||
	    query_assessment(q, r, abuf, sizeof(abuf), &assessment))
		return;
	if (api_query_has(q, "limit")) {
		const char *ls = api_query(q, "limit", lbuf, sizeof(lbuf));
		char *end = NULL;
		errno = 0;
		limit = ls ? strtol(ls, &end, 10) : 0;
		if (!ls || *ls < '0' || *ls > '9' || *end || errno || limit < 1 ||
		    limit > RESULTS_MAX) {
			api_error(r, 400, "limit: must be a whole number from 1 to "
			    "%d (default %d)", RESULTS_MAX, RESULTS_DEFAULT);
			return;
		}
	}
	if (person_exists(q, r) <= 0 || assessment_ok(q, r, assessment))
		return;
	sqlite3 *db = api_db(q);
	sqlite3_stmt *st;
	struct result_stmts s;
	if (stmt_prepare(db, "SELECT id FROM result WHERE agency = ?1"
	    " AND person = ?2 AND (?3 IS NULL OR assessment = ?3)"
	    " ORDER BY id DESC LIMIT ?4", -1, &st, NULL) != SQLITE_OK) {
		api_db_error(q, r);
		return;
	}
	if (result_stmts_init(&s, db)) {
		stmt_finalize(st);
		api_db_error(q, r);
		return;
	}
	bind_str(st, 1, q->param[0]);
	bind_str(st, 2, q->param[1]);
	bind_str(st, 3, assessment);
	sqlite3_bind_int64(st, 4, limit);
	struct api_texts t;
	api_texts_init(&t, q->lang);
	json_t *list = json_array();
	int rc;
	while (list && (rc = sqlite3_step(st)) == SQLITE_ROW) {
		json_t *o = result_json(&s, sqlite3_column_int64(st, 0),
		    model_of(q), &t);
		if (!o) {
			rc = SQLITE_ERROR;
			break;
		}
		json_array_append_new(list, o);
	}
	stmt_finalize(st);
	result_stmts_free(&s);
	if (!list || rc != SQLITE_DONE) {
		json_decref(list);
		api_db_error(q, r);
		return;
	}
	json_t *o = json_pack("{s:s, s:s, s:o}", "agency", q->param[0],
	    "person", q->param[1], "results", list);
	if (o)
		api_texts_finish(&t, o);
	api_reply(r, 200, o);
}

/* -- gaps ---------------------------------------------------------------- */

void api_gaps_get(struct api_req *q, struct api_resp *r)
{
	static const char *const keys[] = { "assessment", NULL };
	char abuf[256];
	const char *assessment;
	if (query_only(q, r, keys, "assessment") ||
	    query_assessment(q, r, abuf, sizeof(abuf), &assessment) ||
	    person_exists(q, r) <= 0 || assessment_ok(q, r, assessment))
		return;
	sqlite3 *db = api_db(q);
	sqlite3_stmt *st;
	/* the gaps that decide: of the current result, or of the latest of
	 * the type asked for that is not a trial */
	if (stmt_prepare(db, "SELECT id, receipt, assessment, period,"
	    " scored_at, status FROM result WHERE agency = ?1 AND person = ?2"
	    " AND trial = 0 AND (?3 IS NOT NULL AND assessment = ?3 OR ?3 IS NULL"
	    " AND id IN (SELECT c.id FROM current_result c WHERE c.agency = ?1"
	    " AND c.person = ?2)) ORDER BY id DESC LIMIT 1", -1,
	    &st, NULL) != SQLITE_OK) {
		api_db_error(q, r);
		return;
	}
	bind_str(st, 1, q->param[0]);
	bind_str(st, 2, q->param[1]);
	bind_str(st, 3, assessment);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		stmt_finalize(st);
		if (rc != SQLITE_DONE)
			api_db_error(q, r);
		else
			api_error(r, 404, "person %.200s of agency %s has no result%s"
			    "%.200s%s yet; submit evidence with POST /v1/agencies/%s/"
			    "persons/%.200s/evidence", q->param[1], q->param[0],
			    assessment ? " of assessment type '" : "", assessment ?
			    assessment : "", assessment ? "'" : "", q->param[0],
			    q->param[1]);
		return;
	}
	const struct merit_model *m = model_of(q);
	const struct merit_assessment *a = m ? model_assessment(m,
	    col_text(st, 2)) : NULL;
	long long id = sqlite3_column_int64(st, 0);
	struct api_texts t;
	api_texts_init(&t, q->lang);
	json_t *o = json_pack("{s:s, s:s, s:I, s:o, s:o, s:o, s:o, s:o, s:o, "
	    "s:o}", "agency", q->param[0], "person", q->param[1], "result",
	    (json_int_t)id, "receipt", col_str(st, 1), "assessment",
	    col_str(st, 2), "period", col_str(st, 3), "scored_at",
	    col_str(st, 4), "status", col_str(st, 5), "gap_analysis",
	    a ? json_boolean(a->gaps) : json_null(), "gap_k", a && a->gaps ?
	    api_jnum(a->gap_k) : json_null());
	stmt_finalize(st);
	json_t *gaps = json_array();
	if (!o || !gaps || stmt_prepare(db, "SELECT priority, competency,"
	    " required, required_level, measured, measured_level, se, gap,"
	    " importance, status FROM gap WHERE result_id = ?1"
	    " ORDER BY priority", -1,
	    &st, NULL) != SQLITE_OK) {
		json_decref(o);
		json_decref(gaps);
		api_db_error(q, r);
		return;
	}
	rc = gaps_into(gaps, st, id, m, &t);
	stmt_finalize(st);
	if (rc) {
		json_decref(o);
		json_decref(gaps);
		api_db_error(q, r);
		return;
	}
	json_object_set_new(o, "gaps", gaps);
	api_texts_finish(&t, o);
	api_reply(r, 200, o);
}
