/* merit plan: an individual development plan proposed from the
 * recommendations, edited and decided by an official. No path here makes
 * a plan binding without --approve --by. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <jansson.h>
#include <sodium.h>
#include "commands.h"
#include "date.h"
#include "person_ctx.h"

#define MAX_EDITS 32

static void help(FILE *f)
{
	fprintf(f, "usage: merit plan [OPTIONS] PERSON\n\n"
	    "Propose PERSON's development plan from the recommendations (see "
	    "merit\nrecommend), one course per quarter in rank order, or edit "
	    "and decide the\nproposed plan. Re-running with the same "
	    "recommendations changes nothing;\nnew recommendations supersede "
	    "the proposed plan. Only --approve makes a\nplan binding, and a "
	    "decided plan is never decided again.\n\n"
	    "  --db FILE             register (default: merit.db)\n"
	    "  --agency ID           when PERSON is on several agencies' rosters\n"
	    "  --format table|json   output (default: table)\n"
	    "  --start YYYY-MM-DD    the first quarter of the plan (default: "
	    "today)\n"
	    "  --years N, --as-of D  as for merit recommend\n"
	    "  --approve             approve the proposed plan (needs --by)\n"
	    "  --reject              reject it (needs --by and --reason)\n"
	    "  --by ID               the deciding or editing official's "
	    "pseudonymous id\n"
	    "  --reason TEXT         why\n"
	    "  --drop COURSE         drop an item of the proposed plan\n"
	    "  --target COURSE=DATE  move an item's target date\n"
	    "  --add COURSE          add a course of the catalogue "
	    "(--competency X: for it)\n"
	    "\nExit status: 0 done, 1 nothing to propose, no plan to edit or a "
	    "plan already\ndecided, 2 usage, register or model error (nothing "
	    "written).\n");
}

struct plan_opts {
	const char *db, *agency, *format, *by, *reason, *competency;
	long start, today;
	int years, approve, reject;
	const char *drop[MAX_EDITS], *target[MAX_EDITS], *add[MAX_EDITS];
	int n_drop, n_target, n_add;
};

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

static int audit(struct person_ctx *c, const char *action, json_t *detail)
{
	char subject[600], digest[65];
	char *s = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS);
	int rc = s ? 0 : -1;
	snprintf(subject, sizeof(subject), "%s/%s", c->agency, c->person);
	if (s) {
		hash_hex(s, digest);
		rc = reg_audit(&c->r, "cli", action, subject, s, digest);
	}
	free(s);
	json_decref(detail);
	return rc;
}

static void print_plan(sqlite3 *db, long long id, int json)
{
	sqlite3_stmt *p = NULL, *it = NULL;
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
	if (json) {
		json_t *items = json_array();
		while (sqlite3_step(it) == SQLITE_ROW)
			json_array_append_new(items, json_pack("{s:i, s:s, s:s?, "
			    "s:s, s:s, s:s}", "rank", sqlite3_column_int(it, 0),
			    "course", T(it, 1), "competency", T(it, 2), "target_date",
			    T(it, 3), "status", T(it, 4), "reason", T(it, 5)));
		json_t *o = json_pack("{s:I, s:s, s:s, s:s?, s:s, s:s, s:s?, s:s?, "
		    "s:s?, s:o}", "plan", (json_int_t)id, "agency", T(p, 0),
		    "person", T(p, 1), "basis", T(p, 2), "created_at", T(p, 3),
		    "status", T(p, 4), "decided_by", T(p, 5), "decided_at",
		    T(p, 6), "reason", T(p, 7), "items", items);
		json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(o);
		goto done;
	}
	printf("plan %lld for %s (agency %s): %s", id, T(p, 1), T(p, 0), T(p, 4));
	if (T(p, 5))
		printf(" by %s on %s%s%s", T(p, 5), T(p, 6), T(p, 7) ? ": " : "",
		    T(p, 7) ? T(p, 7) : "");
	printf("\nproposed %s from result(s) %s\n", T(p, 3), T(p, 2) ? T(p, 2)
	    : "-");
	while (sqlite3_step(it) == SQLITE_ROW)
		printf("%2d. %-32s %-22s by %s  %s\n    %s\n",
		    sqlite3_column_int(it, 0), T(it, 1), T(it, 2) ? T(it, 2) : "-",
		    T(it, 3), T(it, 4), T(it, 5));
#undef T
done:
	sqlite3_finalize(p);
	sqlite3_finalize(it);
}

/* The person's latest plan whose status is in `statuses` (a SQL list). */
static long long latest_plan(struct person_ctx *c, const char *statuses,
    char *status, size_t n)
{
	char sql[256];
	sqlite3_stmt *st;
	long long id = 0;
	snprintf(sql, sizeof(sql), "SELECT id, status FROM plan WHERE agency = ?1"
	    " AND person = ?2 AND status IN (%s) ORDER BY id DESC LIMIT 1",
	    statuses);
	if (sqlite3_prepare_v2(c->r.db, sql, -1, &st, NULL))
		return -1;
	sqlite3_bind_text(st, 1, c->agency, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, c->person, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		id = sqlite3_column_int64(st, 0);
		snprintf(status, n, "%s", (const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
	return id;
}

/* The digest recorded when plan `id` was proposed. */
static int proposal_digest(struct person_ctx *c, long long id, char out[65])
{
	sqlite3_stmt *st;
	int found = 0;
	char subject[600];
	snprintf(subject, sizeof(subject), "%s/%s", c->agency, c->person);
	if (sqlite3_prepare_v2(c->r.db, "SELECT digest FROM audit WHERE action ="
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

static int propose(struct person_ctx *c, const struct plan_opts *o)
{
	struct rec_list l = { 0 };
	sqlite3_stmt *ins = NULL, *item = NULL;
	json_t *detail = NULL, *courses = NULL;
	char basis[1024] = "", now[32], digest[65], old[65], status[32];
	int rc = person_ctx_recommend(c, o->today, o->years, &l);
	if (rc)
		goto done;
	if (!l.n) {
		fprintf(stderr, "merit: no course to recommend to %s (agency %s), "
		    "so no plan is proposed; nothing written\n", c->person,
		    c->agency);
		rc = 1;
		goto done;
	}
	/* the proposal's identity: its basis and its courses in order, not
	 * its dates, so a re-run on another day finds it unchanged */
	detail = json_object();
	courses = json_array();
	for (size_t i = 0; i < l.n; i++) {
		if (!strstr(basis, l.v[i].receipt)) {
			size_t n = strlen(basis);
			snprintf(basis + n, sizeof(basis) - n, "%s%s", n ? "," : "",
			    l.v[i].receipt);
		}
		json_array_append_new(courses, json_pack("[s, s]",
		    l.v[i].course->id, l.v[i].competency));
	}
	json_object_set_new(detail, "basis", json_string(basis));
	json_object_set_new(detail, "items", courses);
	char *ident = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS);
	if (!ident) {
		rc = 2;
		goto done;
	}
	hash_hex(ident, digest);
	free(ident);

	rc = 2;
	if (reg_begin(&c->r))
		goto fail;
	long long cur = latest_plan(c, "'proposed', 'approved'", status,
	    sizeof(status));
	if (cur > 0 && proposal_digest(c, cur, old) && !strcmp(old, digest)) {
		reg_rollback(&c->r);
		fprintf(stderr, "merit: the recommendations have not changed: "
		    "plan %lld (%s) stands; nothing written\n", cur, status);
		print_plan(c->r.db, cur, !strcmp(o->format, "json"));
		rc = 0;
		goto done;
	}
	now_iso(now, sizeof(now));
	json_t *superseded = json_array();
	json_object_set_new(detail, "superseded", superseded);
	if (cur > 0 && !strcmp(status, "proposed"))
		json_array_append_new(superseded, json_integer(cur));
	if (sqlite3_prepare_v2(c->r.db, "INSERT INTO plan(agency, person, basis,"
	    " created_at, status) VALUES (?1, ?2, ?3, ?4, 'proposed')", -1,
	    &ins, NULL) ||
	    sqlite3_prepare_v2(c->r.db, "INSERT INTO plan_item(plan_id, rank,"
	    " course, competency, target_date, reason) VALUES (?1,?2,?3,?4,?5,"
	    "?6)", -1, &item, NULL))
		goto fail;
	{
		sqlite3_stmt *sup;
		if (sqlite3_prepare_v2(c->r.db, "UPDATE plan SET status ="
		    " 'superseded' WHERE agency = ?1 AND person = ?2 AND status ="
		    " 'proposed'", -1, &sup, NULL))
			goto fail;
		sqlite3_bind_text(sup, 1, c->agency, -1, SQLITE_STATIC);
		sqlite3_bind_text(sup, 2, c->person, -1, SQLITE_STATIC);
		int s = sqlite3_step(sup);
		sqlite3_finalize(sup);
		if (s != SQLITE_DONE)
			goto fail;
	}
	sqlite3_bind_text(ins, 1, c->agency, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 2, c->person, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 3, basis, -1, SQLITE_STATIC);
	sqlite3_bind_text(ins, 4, now, -1, SQLITE_STATIC);
	if (sqlite3_step(ins) != SQLITE_DONE)
		goto fail;
	long long id = sqlite3_last_insert_rowid(c->r.db);
	for (size_t i = 0; i < l.n; i++) {
		char day[16];
		sqlite3_reset(item);
		sqlite3_bind_int64(item, 1, id);
		sqlite3_bind_int(item, 2, (int)i + 1);
		sqlite3_bind_text(item, 3, l.v[i].course->id, -1, SQLITE_STATIC);
		if (*l.v[i].competency)
			sqlite3_bind_text(item, 4, l.v[i].competency, -1,
			    SQLITE_STATIC);
		else
			sqlite3_bind_null(item, 4);
		sqlite3_bind_text(item, 5, date_format(quarter_end(o->start,
		    (int)i), day), -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(item, 6, l.v[i].reason, -1, SQLITE_STATIC);
		if (sqlite3_step(item) != SQLITE_DONE)
			goto fail;
	}
	json_object_set_new(detail, "plan", json_integer(id));
	/* the digest of the proposal's identity, so a re-run can tell */
	char *s = json_dumps(detail, JSON_COMPACT | JSON_SORT_KEYS);
	char subject[600];
	snprintf(subject, sizeof(subject), "%s/%s", c->agency, c->person);
	int arc = s ? reg_audit(&c->r, "cli", "plan-propose", subject, s,
	    digest) : -1;
	free(s);
	if (arc || reg_commit(&c->r))
		goto fail;
	print_plan(c->r.db, id, !strcmp(o->format, "json"));
	rc = 0;
	goto done;
fail:
	fprintf(stderr, "merit: %s: cannot record the plan: %s; nothing "
	    "written\n", o->db, sqlite3_errmsg(c->r.db));
	reg_rollback(&c->r);
	rc = 2;
done:
	sqlite3_finalize(ins);
	sqlite3_finalize(item);
	json_decref(detail);
	rec_list_free(&l);
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

static int edit_and_decide(struct person_ctx *c, const struct plan_opts *o)
{
	char status[32], now[32];
	int rc = 2;
	if (reg_begin(&c->r)) {
		fprintf(stderr, "merit: %s: %s\n", o->db, sqlite3_errmsg(c->r.db));
		return 2;
	}
	long long id = latest_plan(c, "'proposed'", status, sizeof(status));
	if (id <= 0) {
		long long last = latest_plan(c, "'approved', 'rejected'", status,
		    sizeof(status));
		if (last > 0)
			fprintf(stderr, "merit: plan %lld of %s is %s; a decided plan "
			    "is neither edited nor decided again: run 'merit plan "
			    "%s' for a new proposal\n", last, c->person, status,
			    c->person);
		else
			fprintf(stderr, "merit: %s has no proposed plan: run 'merit "
			    "plan %s' first\n", c->person, c->person);
		rc = 1;
		goto fail;
	}
	for (int i = 0; i < o->n_drop; i++) {
		int n = update3(c->r.db, "UPDATE plan_item SET status = 'dropped'"
		    " WHERE plan_id = ?1 AND course = ?2 AND status = 'open'", id,
		    o->drop[i], NULL);
		if (n <= 0) {
			fprintf(stderr, "merit: --drop %s: plan %lld has no open item "
			    "of that course\n", o->drop[i], id);
			goto fail;
		}
		if (audit(c, "plan-edit", json_pack("{s:I, s:s, s:s, s:s?}", "plan",
		    (json_int_t)id, "by", o->by, "drop", o->drop[i], "reason",
		    o->reason)))
			goto dberr;
	}
	for (int i = 0; i < o->n_target; i++) {
		char course[256];
		const char *eq = strchr(o->target[i], '=');
		long day;
		if (!eq || eq == o->target[i] || date_parse(eq + 1, &day)) {
			fprintf(stderr, "merit: --target %s: write COURSE=YYYY-MM-DD\n",
			    o->target[i]);
			goto fail;
		}
		snprintf(course, sizeof(course), "%.*s", (int)(eq - o->target[i]),
		    o->target[i]);
		int n = update3(c->r.db, "UPDATE plan_item SET target_date = ?3"
		    " WHERE plan_id = ?1 AND course = ?2 AND status = 'open'", id,
		    course, eq + 1);
		if (n <= 0) {
			fprintf(stderr, "merit: --target %s: plan %lld has no open "
			    "item of that course\n", o->target[i], id);
			goto fail;
		}
		if (audit(c, "plan-edit", json_pack("{s:I, s:s, s:s, s:s, s:s?}",
		    "plan", (json_int_t)id, "by", o->by, "target", course, "date",
		    eq + 1, "reason", o->reason)))
			goto dberr;
	}
	for (int i = 0; i < o->n_add; i++) {
		const struct merit_course *co = workspace_course(&c->w, o->add[i]);
		const char *comp = o->competency;
		if (!co) {
			fprintf(stderr, "merit: --add %s: no such course in agency "
			    "%s's catalogue (see merit courses --agency %s)\n",
			    o->add[i], c->agency, c->agency);
			goto fail;
		}
		size_t k;
		for (k = 0; comp && k < co->n_develops; k++)
			if (!strcmp(co->develops[k].competency, comp))
				break;
		if (comp && k == co->n_develops) {
			fprintf(stderr, "merit: --competency %s: course %s does not "
			    "develop it\n", comp, co->id);
			goto fail;
		}
		if (!comp && co->n_develops)
			comp = co->develops[0].competency;
		sqlite3_stmt *st;
		char reason[512], day[16];
		snprintf(reason, sizeof(reason), "added by %s%s%s", o->by,
		    o->reason ? ": " : "", o->reason ? o->reason : "");
		if (sqlite3_prepare_v2(c->r.db, "INSERT INTO plan_item(plan_id, rank,"
		    " course, competency, target_date, reason) SELECT ?1,"
		    " max(rank) + 1, ?2, ?3, ?4, ?5 FROM plan_item WHERE plan_id = ?1"
		    " AND NOT EXISTS (SELECT 1 FROM plan_item WHERE plan_id = ?1 AND"
		    " course = ?2 AND status = 'open')", -1, &st, NULL))
			goto dberr;
		/* after the plan's last item, a quarter later */
		sqlite3_stmt *last;
		long end = quarter_end(o->start, 0);
		if (!sqlite3_prepare_v2(c->r.db, "SELECT max(target_date) FROM"
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
		if (!sqlite3_changes(c->r.db)) {
			fprintf(stderr, "merit: --add %s: plan %lld already holds it\n",
			    co->id, id);
			goto fail;
		}
		if (audit(c, "plan-edit", json_pack("{s:I, s:s, s:s, s:s?, s:s?}",
		    "plan", (json_int_t)id, "by", o->by, "add", co->id,
		    "competency", comp, "reason", o->reason)))
			goto dberr;
	}
	if (o->approve || o->reject) {
		now_iso(now, sizeof(now));
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(c->r.db, "UPDATE plan SET status = ?2,"
		    " decided_by = ?3, decided_at = ?4, reason = ?5 WHERE id = ?1"
		    " AND status = 'proposed'", -1, &st, NULL))
			goto dberr;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, o->approve ? "approved" : "rejected", -1,
		    SQLITE_STATIC);
		sqlite3_bind_text(st, 3, o->by, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 5, o->reason, -1, SQLITE_STATIC);
		int s = sqlite3_step(st);
		sqlite3_finalize(st);
		if (s != SQLITE_DONE)
			goto dberr;
		json_t *d = json_pack("{s:I, s:s, s:s?}", "plan", (json_int_t)id,
		    "by", o->by, "reason", o->reason);
		/* one binding plan at a time: an approval supersedes the
		 * plans approved before it (their decision stays recorded) */
		if (o->approve) {
			json_t *old = json_array();
			sqlite3_stmt *q;
			if (sqlite3_prepare_v2(c->r.db, "UPDATE plan SET status ="
			    " 'superseded' WHERE agency = ?1 AND person = ?2 AND"
			    " status = 'approved' AND id != ?3 RETURNING id", -1, &q,
			    NULL)) {
				json_decref(old);
				json_decref(d);
				goto dberr;
			}
			sqlite3_bind_text(q, 1, c->agency, -1, SQLITE_STATIC);
			sqlite3_bind_text(q, 2, c->person, -1, SQLITE_STATIC);
			sqlite3_bind_int64(q, 3, id);
			while ((s = sqlite3_step(q)) == SQLITE_ROW)
				json_array_append_new(old, json_integer(
				    sqlite3_column_int64(q, 0)));
			sqlite3_finalize(q);
			json_object_set_new(d, "superseded", old);
			if (s != SQLITE_DONE) {
				json_decref(d);
				goto dberr;
			}
		}
		if (audit(c, o->approve ? "plan-approve" : "plan-reject", d))
			goto dberr;
	}
	if (reg_commit(&c->r))
		goto dberr;
	print_plan(c->r.db, id, !strcmp(o->format, "json"));
	return 0;
dberr:
	fprintf(stderr, "merit: %s: cannot record the change: %s\n", o->db,
	    sqlite3_errmsg(c->r.db));
	rc = 2;
fail:
	reg_rollback(&c->r);
	fprintf(stderr, "merit: nothing written\n");
	return rc;
}

static int add_opt(const char **v, int *n, const char *arg, const char *name)
{
	if (*n == MAX_EDITS) {
		fprintf(stderr, "merit: at most %d %s options at once\n", MAX_EDITS,
		    name);
		return -1;
	}
	v[(*n)++] = arg;
	return 0;
}

int cmd_plan(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "agency", required_argument, NULL, 'g' },
		{ "format", required_argument, NULL, 'f' },
		{ "start", required_argument, NULL, 's' },
		{ "years", required_argument, NULL, 'y' },
		{ "as-of", required_argument, NULL, 'o' },
		{ "approve", no_argument, NULL, 'A' },
		{ "reject", no_argument, NULL, 'R' },
		{ "by", required_argument, NULL, 'b' },
		{ "reason", required_argument, NULL, 'r' },
		{ "drop", required_argument, NULL, 'D' },
		{ "target", required_argument, NULL, 'T' },
		{ "add", required_argument, NULL, 'a' },
		{ "competency", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct plan_opts o = { .db = "merit.db", .format = "table", .years = 3 };
	int c, start_set = 0;
	o.today = date_today();
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': o.db = optarg; break;
		case 'g': o.agency = optarg; break;
		case 'f': o.format = optarg; break;
		case 's':
			if (opt_date("--start", optarg, &o.start))
				return 2;
			start_set = 1;
			break;
		case 'y': if (opt_years(optarg, &o.years)) return 2; break;
		case 'o': if (opt_date("--as-of", optarg, &o.today)) return 2; break;
		case 'A': o.approve = 1; break;
		case 'R': o.reject = 1; break;
		case 'b': o.by = optarg; break;
		case 'r': o.reason = optarg; break;
		case 'D': if (add_opt(o.drop, &o.n_drop, optarg, "--drop")) return 2;
			break;
		case 'T': if (add_opt(o.target, &o.n_target, optarg, "--target"))
				return 2;
			break;
		case 'a': if (add_opt(o.add, &o.n_add, optarg, "--add")) return 2;
			break;
		case 'c': o.competency = optarg; break;
		case 'h': help(stdout); return 0;
		default: help(stderr); return 2;
		}
	}
	if (!start_set)
		o.start = o.today;
	int editing = o.n_drop || o.n_target || o.n_add;
	const char *usage = NULL;
	if (optind != argc - 1)
		usage = "plan takes one PERSON id";
	else if (strcmp(o.format, "table") && strcmp(o.format, "json"))
		usage = "--format is table or json";
	else if (o.approve && o.reject)
		usage = "--approve and --reject exclude each other";
	else if ((o.approve || o.reject || editing) && (!o.by || !*o.by))
		usage = "a decision or an edit needs --by ID, the official's "
		    "pseudonymous id";
	else if (o.reject && (!o.reason || !*o.reason))
		usage = "--reject needs --reason TEXT: a rejection is explained";
	else if (o.competency && !o.n_add)
		usage = "--competency goes with --add";
	if (usage) {
		fprintf(stderr, "merit: %s; nothing written\n", usage);
		return 2;
	}
	struct person_ctx ctx;
	int rc = person_ctx_open(&ctx, o.db, argv[optind], o.agency, 1);
	if (!rc)
		rc = person_ctx_model(&ctx, o.db);
	if (!rc)
		rc = o.approve || o.reject || editing ? edit_and_decide(&ctx, &o)
		    : propose(&ctx, &o);
	person_ctx_close(&ctx);
	return rc;
}
