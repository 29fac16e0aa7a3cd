/* merit plan: an individual development plan proposed from the
 * recommendations, edited and decided by an official. No path here makes
 * a plan binding without --approve --by. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "merit/error.h"
#include "commands.h"
#include "date.h"
#include "ident.h"
#include "person_ctx.h"
#include "plan.h"

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

static void print_plan(sqlite3 *db, long long id, int json)
{
	json_t *o = plan_json(db, id);
	if (!o)
		return;
	if (json) {
		json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(o);
		return;
	}
#define S(o, k) json_string_value(json_object_get(o, k))
	printf("plan %lld for %s (agency %s): %s", id, S(o, "person"),
	    S(o, "agency"), S(o, "status"));
	if (S(o, "decided_by"))
		printf(" by %s on %s%s%s", S(o, "decided_by"), S(o, "decided_at"),
		    S(o, "reason") ? ": " : "", S(o, "reason") ? S(o, "reason")
		    : "");
	printf("\nproposed %s from result(s) %s\n", S(o, "created_at"),
	    S(o, "basis") ? S(o, "basis") : "-");
	size_t i;
	json_t *it;
	json_array_foreach(json_object_get(o, "items"), i, it)
		printf("%2d. %-32s %-22s by %s  %s\n    %s\n",
		    (int)json_integer_value(json_object_get(it, "rank")),
		    S(it, "course"), S(it, "competency") ? S(it, "competency") :
		    "-", S(it, "target_date"), S(it, "status"), S(it, "reason"));
#undef S
	json_decref(o);
}

static int propose(struct person_ctx *c, const struct plan_opts *o)
{
	struct rec_list l = { 0 };
	char err[512];
	long long id;
	int created, rc = person_ctx_recommend(c, o->today, o->years, &l);
	if (rc)
		goto done;
	if (!l.n) {
		fprintf(stderr, "merit: no course to recommend to %s (agency %s), "
		    "so no plan is proposed; nothing written\n", c->person,
		    c->agency);
		rc = 1;
		goto done;
	}
	rc = 2;
	if (reg_begin(&c->r)) {
		snprintf(err, sizeof(err), "%s", sqlite3_errmsg(c->r.db));
		goto fail;
	}
	if (plan_propose(&c->r, c->agency, c->person, &l, o->start, "cli", NULL,
	    NULL, &id, &created, err, sizeof(err)))
		goto fail;
	if (!created) {
		char status[32] = "";
		plan_latest(c->r.db, c->agency, c->person, "'proposed', "
		    "'approved'", status, sizeof(status));
		reg_rollback(&c->r);
		fprintf(stderr, "merit: the recommendations have not changed: "
		    "plan %lld (%s) stands; nothing written\n", id, status);
	} else if (reg_commit(&c->r)) {
		snprintf(err, sizeof(err), "%s", sqlite3_errmsg(c->r.db));
		goto fail;
	}
	print_plan(c->r.db, id, !strcmp(o->format, "json"));
	rc = 0;
	goto done;
fail:
	fprintf(stderr, "merit: %s: cannot record the plan: %s; nothing "
	    "written\n", o->db, err);
	reg_rollback(&c->r);
done:
	rec_list_free(&l);
	return rc;
}

static int edit_and_decide(struct person_ctx *c, const struct plan_opts *o)
{
	char status[32], err[1024];
	long long id;
	struct plan_edits e = { .by = o->by, .reason = o->reason,
		.drop = o->drop, .n_drop = o->n_drop, .target = o->target,
		.n_target = o->n_target, .add = o->add, .n_add = o->n_add,
		.competency = o->competency, .start = o->start,
		.decide = o->approve ? PLAN_APPROVE : o->reject ? PLAN_REJECT
		    : PLAN_KEEP, .actor = "cli" };
	int rc;
	if (reg_begin(&c->r)) {
		fprintf(stderr, "merit: %s: %s\n", o->db, sqlite3_errmsg(c->r.db));
		return 2;
	}
	switch (plan_change(&c->r, &c->w, c->agency, c->person, &e, &id, status,
	    sizeof(status), err, sizeof(err))) {
	case 0:
		if (reg_commit(&c->r)) {
			snprintf(err, sizeof(err), "%s", sqlite3_errmsg(c->r.db));
			goto dberr;
		}
		print_plan(c->r.db, id, !strcmp(o->format, "json"));
		return 0;
	case PLAN_DECIDED:
		fprintf(stderr, "merit: plan %lld of %s is %s; a decided plan is "
		    "neither edited nor decided again: run 'merit plan %s' for a "
		    "new proposal\n", id, c->person, status, c->person);
		rc = 1;
		goto fail;
	case PLAN_NONE:
		fprintf(stderr, "merit: %s has no proposed plan: run 'merit plan "
		    "%s' first\n", c->person, c->person);
		rc = 1;
		goto fail;
	case MERIT_EINPUT:
		fprintf(stderr, "merit: --%s\n", err);
		rc = 2;
		goto fail;
	default:
		goto dberr;
	}
dberr:
	fprintf(stderr, "merit: %s: cannot record the change: %s\n", o->db, err);
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
	size_t at;
	if (optind != argc - 1)
		usage = "plan takes one PERSON id";
	else if (strcmp(o.format, "table") && strcmp(o.format, "json"))
		usage = "--format is table or json";
	else if (o.approve && o.reject)
		usage = "--approve and --reject exclude each other";
	else if ((o.approve || o.reject || editing) && (!o.by || !*o.by))
		usage = "a decision or an edit needs --by ID, the official's "
		    "pseudonymous id";
	else if (o.by && ident_problem(o.by, strlen(o.by), &at))
		usage = "--by is the official's pseudonymous id: plain UTF-8 "
		    "text without control characters";
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
