#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <jansson.h>
#include <sodium.h>
#include "merit/error.h"
#include "date.h"
#include "plan.h"
#include "seal.h"

static void now_iso(char *buf, size_t n)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void hash_hex(const char *s, char out[65])
{
	unsigned char h[32];
	crypto_generichash(h, sizeof(h), (const unsigned char *)s, strlen(s),
	    NULL, 0);
	sodium_bin2hex(out, 65, h, sizeof(h));
}

/* The last day of the i-th quarter from the one holding start. */
static long quarter_end(long start, int i)
{
	return date_add_months(date_quarter_start(start), 3 * (i + 1)) - 1;
}

static void subject_of(char *buf, size_t n, const char *agency,
    const char *person)
{
	snprintf(buf, n, "%s/%s", agency, person);
}

/* An audit entry whose digest is the hash of its detail (taken). */
static int audit(struct reg *r, const char *actor, const char *agency,
    const char *person, const char *action, json_t *detail)
{
	char subject[600], digest[65];
	char *s = detail ? json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS)
	    : NULL;
	int rc = s ? 0 : -1;
	subject_of(subject, sizeof(subject), agency, person);
	if (s) {
		hash_hex(s, digest);
		rc = reg_audit(r, actor, action, subject, s, digest);
	}
	free(s);
	json_decref(detail);
	return rc;
}

json_t *plan_json(sqlite3 *db, long long id)
{
	sqlite3_stmt *p = NULL, *it = NULL;
	json_t *o = NULL;
	if (sqlite3_prepare_v2(db, "SELECT agency, person, basis, created_at,"
	    " status, decided_by, decided_at, reason FROM plan WHERE id = ?1",
	    -1, &p, NULL) || sqlite3_prepare_v2(db, "SELECT rank, course,"
	    " competency, target_date, status, reason FROM plan_item"
	    " WHERE plan_id = ?1 ORDER BY rank", -1, &it, NULL))
		goto done;
	sqlite3_bind_int64(p, 1, id);
	sqlite3_bind_int64(it, 1, id);
	if (sqlite3_step(p) != SQLITE_ROW)
		goto done;
#define T(st, i) ((const char *)sqlite3_column_text(st, i))
	json_t *items = json_array();
	while (sqlite3_step(it) == SQLITE_ROW)
		json_array_append_new(items, json_pack("{s:i, s:s, s:s?, s:s, s:s, "
		    "s:s}", "rank", sqlite3_column_int(it, 0), "course", T(it, 1),
		    "competency", T(it, 2), "target_date", T(it, 3), "status",
		    T(it, 4), "reason", T(it, 5)));
	o = json_pack("{s:I, s:s, s:s, s:s?, s:s, s:s, s:s?, s:s?, s:s?, s:o}",
	    "plan", (json_int_t)id, "agency", T(p, 0), "person", T(p, 1),
	    "basis", T(p, 2), "created_at", T(p, 3), "status", T(p, 4),
	    "decided_by", T(p, 5), "decided_at", T(p, 6), "reason", T(p, 7),
	    "items", items);
#undef T
done:
	sqlite3_finalize(p);
	sqlite3_finalize(it);
	return o;
}

long long plan_latest(sqlite3 *db, const char *agency, const char *person,
    const char *statuses, char *status, size_t n)
{
	char sql[256];
	sqlite3_stmt *st;
	long long id = 0;
	snprintf(sql, sizeof(sql), "SELECT id, status FROM plan WHERE agency = ?1"
	    " AND person = ?2 AND status IN (%s) ORDER BY id DESC LIMIT 1",
	    statuses);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL))
		return -1;
	sqlite3_bind_text(st, 1, agency, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, person, -1, SQLITE_STATIC);
	int s = sqlite3_step(st);
	if (s == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		snprintf(status, n, "%s", (const char *)sqlite3_column_text(st, 1));
	} else if (s != SQLITE_DONE) {
		id = -1;
	}
	sqlite3_finalize(st);
	return id;
}

/* The digest recorded when plan `id` was proposed. */
static int proposal_digest(sqlite3 *db, const char *agency,
    const char *person, long long id, char out[65])
{
	sqlite3_stmt *st;
	int found = 0;
	char subject[600];
	subject_of(subject, sizeof(subject), agency, person);
	if (sqlite3_prepare_v2(db, "SELECT digest FROM audit WHERE action ="
	    " 'plan-propose' AND subject = ?1 AND json_extract(detail, '$.plan')"
	    " = ?2 ORDER BY seq DESC LIMIT 1", -1, &st, NULL))
		return 0;
	sqlite3_bind_text(st, 1, subject, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) {
		snprintf(out, 65, "%s", (const char *)sqlite3_column_text(st, 0));
		found = 1;
	}
	sqlite3_finalize(st);
	return found;
}

int plan_propose(struct reg *r, const char *agency, const char *person,
    const struct rec_list *l, long start, const char *actor,
    int (*before_write)(void *arg), void *arg, long long *id, int *created,
    char *err, size_t errlen)
{
	sqlite3 *db = r->db;
	sqlite3_stmt *ins = NULL, *item = NULL;
	json_t *detail, *courses;
	char basis[1024] = "", now[32], digest[65], old[65], status[32];
	int rc;
	*id = 0;
	*created = 0;
	/* the proposal's identity: its basis and its courses in order, not
	 * its dates, so a re-run on another day finds it unchanged */
	detail = json_object();
	courses = json_array();
	if (!detail || !courses) {
		json_decref(courses);
		goto nomem;
	}
	for (size_t i = 0; i < l->n; i++) {
		if (!strstr(basis, l->v[i].receipt)) {
			size_t n = strlen(basis);
			snprintf(basis + n, sizeof(basis) - n, "%s%s", n ? "," : "",
			    l->v[i].receipt);
		}
		json_array_append_new(courses, json_pack("[s, s]",
		    l->v[i].course->id, l->v[i].competency));
	}
	json_object_set_new(detail, "basis", json_string(basis));
	json_object_set_new(detail, "items", courses);
	char *ident = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS);
	if (!ident)
		goto nomem;
	hash_hex(ident, digest);
	free(ident);

	rc = MERIT_EDB;
	long long cur = plan_latest(db, agency, person, "'proposed', 'approved'",
	    status, sizeof(status));
	if (cur < 0)
		goto fail;
	if (cur > 0 && proposal_digest(db, agency, person, cur, old) &&
	    !strcmp(old, digest)) {
		*id = cur;
		rc = 0;
		goto done;
	}
	if (before_write && (rc = before_write(arg)))
		goto done;
	rc = MERIT_EDB;
	now_iso(now, sizeof(now));
	json_t *superseded = json_array();
	json_object_set_new(detail, "superseded", superseded);
	if (cur > 0 && !strcmp(status, "proposed"))
		json_array_append_new(superseded, json_integer(cur));
	if (sqlite3_prepare_v2(db, "INSERT INTO plan(agency, person, basis,"
	    " created_at, status) VALUES (?1, ?2, ?3, ?4, 'proposed')", -1,
	    &ins, NULL) ||
	    sqlite3_prepare_v2(db, "INSERT INTO plan_item(plan_id, rank,"
	    " course, competency, target_date, reason) VALUES (?1,?2,?3,?4,?5,"
	    "?6)", -1, &item, NULL))
		goto fail;
	{
		sqlite3_stmt *sup;
		int sr = seal_release(db, err, errlen, "plan", "agency = %Q AND"
		    " person = %Q AND status = 'proposed'", agency, person);
		if (sr) {
			rc = sr;
			goto done;
		}
		if (sqlite3_prepare_v2(db, "UPDATE plan SET status ="
		    " 'superseded' WHERE agency = ?1 AND person = ?2 AND status ="
		    " 'proposed'", -1, &sup, NULL))
			goto fail;
		sqlite3_bind_text(sup, 1, agency, -1, SQLITE_STATIC);
		sqlite3_bind_text(sup, 2, person, -1, SQLITE_STATIC);
		int s = sqlite3_step(sup);
		sqlite3_finalize(sup);
		if (s != SQLITE_DONE)
			goto fail;
	}
	sqlite3_bind_text(ins, 1, agency, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 2, person, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 3, basis, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 4, now, -1, SQLITE_STATIC);
	if (sqlite3_step(ins) != SQLITE_DONE)
		goto fail;
	long long pid = sqlite3_last_insert_rowid(db);
	for (size_t i = 0; i < l->n; i++) {
		char day[16];
		sqlite3_reset(item);
		sqlite3_bind_int64(item, 1, pid);
		sqlite3_bind_int(item, 2, (int)i + 1);
		sqlite3_bind_text(item, 3, l->v[i].course->id, -1, SQLITE_STATIC);
		if (*l->v[i].competency)
			sqlite3_bind_text(item, 4, l->v[i].competency, -1,
			    SQLITE_STATIC);
		else
			sqlite3_bind_null(item, 4);
		sqlite3_bind_text(item, 5, date_format(quarter_end(start, (int)i),
		    day), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(item, 6, l->v[i].reason, -1, SQLITE_STATIC);
		if (sqlite3_step(item) != SQLITE_DONE)
			goto fail;
	}
	if (seal_rows(db, "plan", "agency = %Q AND person = %Q", agency,
	    person) || seal_rows(db, "plan_item", "plan_id = %lld", pid))
		goto fail;
	json_object_set_new(detail, "plan", json_integer(pid));
	/* the digest of the proposal's identity, so a re-run can tell */
	char *s = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS);
	char subject[600];
	subject_of(subject, sizeof(subject), agency, person);
	int arc = s ? reg_audit(r, actor, "plan-propose", subject, s, digest)
	    : -1;
	free(s);
	if (arc)
		goto fail;
	*id = pid;
	*created = 1;
	rc = 0;
	goto done;
nomem:
	snprintf(err, errlen, "out of memory");
	rc = MERIT_ENOMEM;
	goto done;
fail:
	snprintf(err, errlen, "%s", sqlite3_errmsg(db));
done:
	sqlite3_finalize(ins);
	sqlite3_finalize(item);
	json_decref(detail);
	return rc;
}

/* Run one UPDATE with (plan, text, text) bound; the number of rows. */
static int update3(sqlite3 *db, const char *sql, long long plan,
    const char *a, const char *b)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL))
		return -1;
	sqlite3_bind_int64(st, 1, plan);
	sqlite3_bind_text(st, 2, a, -1, SQLITE_STATIC);
	if (b)
		sqlite3_bind_text(st, 3, b, -1, SQLITE_STATIC);
	int s = sqlite3_step(st);
	sqlite3_finalize(st);
	return s == SQLITE_DONE ? sqlite3_changes(db) : -1;
}

static int add_course(struct reg *r, const struct workspace *w,
    const char *agency, const char *person, const struct plan_edits *e,
    long long id, const char *course, char *err, size_t errlen)
{
	sqlite3 *db = r->db;
	const struct merit_course *co = workspace_course(w, course);
	const char *comp = e->competency;
	if (!co) {
		snprintf(err, errlen, "add %s: no such course in agency %s's "
		    "catalogue (see merit courses --agency %s)", course, agency,
		    agency);
		return MERIT_EINPUT;
	}
	size_t k;
	for (k = 0; comp && k < co->n_develops; k++)
		if (!strcmp(co->develops[k].competency, comp))
			break;
	if (comp && k == co->n_develops) {
		snprintf(err, errlen, "competency %s: course %s does not develop "
		    "it", comp, co->id);
		return MERIT_EINPUT;
	}
	if (!comp && co->n_develops)
		comp = co->develops[0].competency;
	sqlite3_stmt *st;
	char reason[512], day[16];
	snprintf(reason, sizeof(reason), "added by %s%s%s", e->by,
	    e->reason ? ": " : "", e->reason ? e->reason : "");
	if (sqlite3_prepare_v2(db, "INSERT INTO plan_item(plan_id, rank,"
	    " course, competency, target_date, reason) SELECT ?1,"
	    " max(rank) + 1, ?2, ?3, ?4, ?5 FROM plan_item WHERE plan_id = ?1"
	    " AND NOT EXISTS (SELECT 1 FROM plan_item WHERE plan_id = ?1 AND"
	    " course = ?2 AND status = 'open') HAVING count(*) > 0", -1, &st,
	    NULL))
		goto dberr;
	/* after the plan's last item, a quarter later */
	sqlite3_stmt *last;
	long end = quarter_end(e->start, 0);
	if (!sqlite3_prepare_v2(db, "SELECT max(target_date) FROM"
	    " plan_item WHERE plan_id = ?1", -1, &last, NULL)) {
		sqlite3_bind_int64(last, 1, id);
		long d;
		if (sqlite3_step(last) == SQLITE_ROW &&
		    sqlite3_column_text(last, 0) && !date_parse((const char *)
		    sqlite3_column_text(last, 0), &d))
			end = quarter_end(d, 1);
		sqlite3_finalize(last);
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, co->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, comp, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, date_format(end, day), -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, reason, -1, SQLITE_STATIC);
	int s = sqlite3_step(st);
	sqlite3_finalize(st);
	if (s != SQLITE_DONE)
		goto dberr;
	if (!sqlite3_changes(db)) {
		snprintf(err, errlen, "add %s: plan %lld already holds it", co->id,
		    id);
		return MERIT_EINPUT;
	}
	if (seal_rows(db, "plan_item", "plan_id = %lld", id))
		goto dberr;
	if (audit(r, e->actor, agency, person, "plan-edit", json_pack("{s:I, "
	    "s:s, s:s, s:s?, s:s?}", "plan", (json_int_t)id, "by", e->by, "add",
	    co->id, "competency", comp, "reason", e->reason)))
		goto dberr;
	return 0;
dberr:
	snprintf(err, errlen, "%s", sqlite3_errmsg(db));
	return MERIT_EDB;
}

/* Approve or reject plan id; an approval supersedes the plans approved
 * before it (their decision stays recorded). */
static int decide(struct reg *r, const char *agency, const char *person,
    const struct plan_edits *e, long long id, char *err, size_t errlen)
{
	sqlite3 *db = r->db;
	char now[32];
	int approve = e->decide == PLAN_APPROVE;
	now_iso(now, sizeof(now));
	sqlite3_stmt *st;
	/* the plan decided and those it supersedes change: their seals are
	 * released here and renewed below */
	int sr = seal_release(db, err, errlen, "plan", "(id = %lld AND status ="
	    " 'proposed') OR (%d AND agency = %Q AND person = %Q AND status ="
	    " 'approved' AND id != %lld)", id, approve, agency, person, id);
	if (sr)
		return sr;
	if (sqlite3_prepare_v2(db, "UPDATE plan SET status = ?2,"
	    " decided_by = ?3, decided_at = ?4, reason = ?5 WHERE id = ?1"
	    " AND status = 'proposed'", -1, &st, NULL))
		return MERIT_EDB;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, approve ? "approved" : "rejected", -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(st, 3, e->by, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, e->reason, -1, SQLITE_STATIC);
	int s = sqlite3_step(st);
	sqlite3_finalize(st);
	if (s != SQLITE_DONE)
		return MERIT_EDB;
	json_t *d = json_pack("{s:I, s:s, s:s?}", "plan", (json_int_t)id, "by",
	    e->by, "reason", e->reason);
	/* one binding plan at a time */
	if (approve) {
		json_t *old = json_array();
		sqlite3_stmt *q;
		if (sqlite3_prepare_v2(db, "UPDATE plan SET status ="
		    " 'superseded' WHERE agency = ?1 AND person = ?2 AND"
		    " status = 'approved' AND id != ?3 RETURNING id", -1, &q,
		    NULL)) {
			json_decref(old);
			json_decref(d);
			return MERIT_EDB;
		}
		sqlite3_bind_text(q, 1, agency, -1, SQLITE_STATIC);
		sqlite3_bind_text(q, 2, person, -1, SQLITE_STATIC);
		sqlite3_bind_int64(q, 3, id);
		while ((s = sqlite3_step(q)) == SQLITE_ROW)
			json_array_append_new(old, json_integer(
			    sqlite3_column_int64(q, 0)));
		sqlite3_finalize(q);
		json_object_set_new(d, "superseded", old);
		if (s != SQLITE_DONE) {
			json_decref(d);
			return MERIT_EDB;
		}
	}
	if (seal_rows(db, "plan", "agency = %Q AND person = %Q", agency,
	    person)) {
		json_decref(d);
		return MERIT_EDB;
	}
	return audit(r, e->actor, agency, person, approve ? "plan-approve" :
	    "plan-reject", d) ? MERIT_EDB : 0;
}

int plan_change(struct reg *r, const struct workspace *w, const char *agency,
    const char *person, const struct plan_edits *e, long long *id,
    char *status, size_t status_len, char *err, size_t errlen)
{
	sqlite3 *db = r->db;
	int rc;
	*id = plan_latest(db, agency, person, "'proposed'", status, status_len);
	if (*id < 0)
		goto dberr;
	if (!*id) {
		*id = plan_latest(db, agency, person, "'approved', 'rejected'",
		    status, status_len);
		if (*id < 0)
			goto dberr;
		return *id ? PLAN_DECIDED : PLAN_NONE;
	}
	for (int i = 0; i < e->n_drop; i++) {
		if ((rc = seal_release(db, err, errlen, "plan_item", "plan_id ="
		    " %lld AND course = %Q AND status = 'open'", *id, e->drop[i])))
			return rc;
		int n = update3(db, "UPDATE plan_item SET status = 'dropped'"
		    " WHERE plan_id = ?1 AND course = ?2 AND status = 'open'", *id,
		    e->drop[i], NULL);
		if (n <= 0) {
			snprintf(err, errlen, "drop %s: plan %lld has no open item of "
			    "that course", e->drop[i], *id);
			return MERIT_EINPUT;
		}
		if (seal_rows(db, "plan_item", "plan_id = %lld", *id))
			goto dberr;
		if (audit(r, e->actor, agency, person, "plan-edit", json_pack(
		    "{s:I, s:s, s:s, s:s?}", "plan", (json_int_t)*id, "by", e->by,
		    "drop", e->drop[i], "reason", e->reason)))
			goto dberr;
	}
	for (int i = 0; i < e->n_target; i++) {
		char course[256];
		const char *t = e->target[i], *eq = strchr(t, '=');
		long day;
		if (!eq || eq == t || date_parse(eq + 1, &day)) {
			snprintf(err, errlen, "target %s: write COURSE=YYYY-MM-DD", t);
			return MERIT_EINPUT;
		}
		snprintf(course, sizeof(course), "%.*s", (int)(eq - t), t);
		if ((rc = seal_release(db, err, errlen, "plan_item", "plan_id ="
		    " %lld AND course = %Q AND status = 'open'", *id, course)))
			return rc;
		int n = update3(db, "UPDATE plan_item SET target_date = ?3"
		    " WHERE plan_id = ?1 AND course = ?2 AND status = 'open'", *id,
		    course, eq + 1);
		if (n <= 0) {
			snprintf(err, errlen, "target %s: plan %lld has no open item "
			    "of that course", t, *id);
			return MERIT_EINPUT;
		}
		if (seal_rows(db, "plan_item", "plan_id = %lld", *id))
			goto dberr;
		if (audit(r, e->actor, agency, person, "plan-edit", json_pack(
		    "{s:I, s:s, s:s, s:s, s:s?}", "plan", (json_int_t)*id, "by",
		    e->by, "target", course, "date", eq + 1, "reason", e->reason)))
			goto dberr;
	}
	for (int i = 0; i < e->n_add; i++)
		if ((rc = add_course(r, w, agency, person, e, *id, e->add[i], err,
		    errlen)))
			return rc;
	if (e->decide != PLAN_KEEP && (rc = decide(r, agency, person, e, *id,
	    err, errlen)))
		return rc == MERIT_EINPUT ? rc : (snprintf(err, errlen, "%s",
		    sqlite3_errmsg(db)), MERIT_EDB);
	return 0;
dberr:
	snprintf(err, errlen, "%s", sqlite3_errmsg(db));
	return MERIT_EDB;
}
