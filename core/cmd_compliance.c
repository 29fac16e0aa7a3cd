/* merit compliance: who meets the training policies their agency
 * follows, who is due soon and who is overdue. Reads only. */
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

enum show { SHOW_ALL, SHOW_OVERDUE, SHOW_DUE_SOON };

struct tally {
	long persons, compliant, due_soon, overdue, not_covered;
};

struct report {
	int json, show;
	int policy_w; /* width of the policy column */
	long as_of;
	struct tally t;
	char person[256]; /* the person whose rows are being seen */
	int worst; /* their worst status so far */
	json_t *rows; /* json: this agency's persons */
};

static void help(FILE *f)
{
	fprintf(f, "usage: merit compliance [OPTIONS]\n\n"
	    "For each person in the register and each training policy their "
	    "agency\nfollows (agency.yaml policies:), whether the completed "
	    "courses meet it:\ncompliant, due-soon (due within the policy's "
	    "remind_before days) or\noverdue; the due date, what was done in the "
	    "current window and what is\nmissing. See COMPLIANCE in merit(1) for "
	    "the rule.\n\n"
	    "  --db FILE          register (default: merit.db)\n"
	    "  --agency A         an agency folder, agency.yaml or id known to the\n"
	    "                     register; repeatable (default: every agency in "
	    "it)\n"
	    "  --as-of DATE       the day to judge (YYYY-MM-DD; default: today)\n"
	    "  --format F         table (default) or json\n"
	    "  --persons P        rows to list: all (default), overdue, due-soon\n"
	    "                     (due soon or overdue); the summary counts "
	    "everyone\n"
	    "\nExit status: 0 no one overdue, 1 someone overdue, 2 usage or input "
	    "error.\n");
}

static const char *fmt_day(long day, char *buf)
{
	return day == COMPLIANCE_NO_DATE ? "-" : date_format(day, buf);
}

static void count_person(struct report *rp)
{
	if (!rp->person[0])
		return;
	rp->t.persons++;
	switch (rp->worst) {
	case COMPLIANCE_OK: rp->t.compliant++; break;
	case COMPLIANCE_DUE_SOON: rp->t.due_soon++; break;
	case COMPLIANCE_OVERDUE: rp->t.overdue++; break;
	default: rp->t.not_covered++; break;
	}
	rp->person[0] = 0;
}

/* worse = more in need of action: overdue, due soon, compliant, none */
static int rank(int status)
{
	static const int r[] = { 1, 2, 3, 0, 0 };
	return r[status];
}

static int shown(const struct report *rp, int status)
{
	if (rp->show == SHOW_OVERDUE)
		return status == COMPLIANCE_OVERDUE;
	if (rp->show == SHOW_DUE_SOON)
		return status == COMPLIANCE_OVERDUE || status == COMPLIANCE_DUE_SOON;
	return 1;
}

static int on_row(void *arg, const struct compliance_person *ps,
    const struct merit_policy *p, const struct compliance_result *res)
{
	struct report *rp = arg;
	char due[16], from[16];
	if (strcmp(rp->person, ps->id)) {
		count_person(rp);
		snprintf(rp->person, sizeof(rp->person), "%s", ps->id);
		rp->worst = res->status;
	} else if (rank(res->status) > rank(rp->worst)) {
		rp->worst = res->status;
	}
	if (!shown(rp, res->status))
		return 0;
	if (rp->json) {
		json_t *o = json_pack("{s:s, s:o, s:s}", "person", ps->id, "policy",
		    p ? json_string(p->id) : json_null(), "status",
		    compliance_status_name(res->status));
		if (!o)
			return MERIT_ENOMEM;
		if (p) {
			json_object_set_new(o, "due", res->due == COMPLIANCE_NO_DATE
			    ? json_null() : json_string(date_format(res->due, due)));
			json_object_set_new(o, "done", json_pack("{s:s, s:i, s:f}",
			    "from", date_format(res->from, from), "courses",
			    res->done_courses, "hours", res->done_hours));
			json_object_set_new(o, "missing", json_pack("{s:i, s:f}",
			    "courses", res->missing_courses, "hours",
			    res->missing_hours));
			if (res->set) {
				json_t *a = json_array();
				for (size_t i = 0; i < res->set->n_courses; i++)
					json_array_append_new(a,
					    json_string(res->set->courses[i]));
				json_object_set_new(o, "set", a);
			}
		}
		return json_array_append_new(rp->rows, o) ? MERIT_ENOMEM : 0;
	}
	if (!p) {
		printf("  %-14s %-*s %s\n", ps->id, rp->policy_w, "-",
		    compliance_status_name(res->status));
		return 0;
	}
	char done[64], miss[64] = "-";
	snprintf(done, sizeof(done), "%d course%s, %g h", res->done_courses,
	    res->done_courses == 1 ? "" : "s", res->done_hours);
	if (res->missing_courses && res->missing_hours > 0)
		snprintf(miss, sizeof(miss), "%d course%s, %g h",
		    res->missing_courses, res->missing_courses == 1 ? "" : "s",
		    res->missing_hours);
	else if (res->missing_courses)
		snprintf(miss, sizeof(miss), "%d course%s", res->missing_courses,
		    res->missing_courses == 1 ? "" : "s");
	else if (res->missing_hours > 0)
		snprintf(miss, sizeof(miss), "%g h", res->missing_hours);
	printf("  %-14s %-*s %-11s %-10s  %-22s %s\n", ps->id, rp->policy_w,
	    p->id,
	    compliance_status_name(res->status), fmt_day(res->due, due), done,
	    miss);
	return 0;
}

/* One agency: its policies, then one pass over its persons. */
static int run_agency(struct reg *r, const char *path, struct report *rp,
    json_t *agencies, struct tally *all)
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
	if ((rc = compliance_policies(&w, &pols, &npols, &d)))
		goto out;
	memset(&rp->t, 0, sizeof(rp->t));
	rp->person[0] = 0;
	if (rp->json && !(rp->rows = json_array())) {
		rc = MERIT_ENOMEM;
		goto out;
	}
	/* the policy column as wide as the agency's longest id */
	rp->policy_w = 6;
	for (size_t i = 0; i < npols; i++)
		if ((int)strlen(pols[i]->id) > rp->policy_w)
			rp->policy_w = (int)strlen(pols[i]->id);
	if (!rp->json)
		printf("agency %s (%zu polic%s)\n  %-14s %-*s %-11s %-10s  "
		    "%-22s %s\n", w.ag->id, npols, npols == 1 ? "y" : "ies",
		    "person", rp->policy_w, "policy", "status", "due", "done",
		    "missing");
	rc = compliance_scan(r->db, w.ag->id, pols, npols, rp->as_of, on_row,
	    rp, &d);
	count_person(rp);
	if (rc)
		goto out;
	if (rp->json) {
		json_t *a = json_pack("{s:s, s:{s:I, s:I, s:I, s:I, s:I}, s:o}",
		    "id", w.ag->id, "summary", "persons", (json_int_t)rp->t.persons,
		    "compliant", (json_int_t)rp->t.compliant, "due_soon",
		    (json_int_t)rp->t.due_soon, "overdue", (json_int_t)rp->t.overdue,
		    "not_covered", (json_int_t)rp->t.not_covered, "persons",
		    rp->rows);
		rp->rows = NULL;
		if (!a || json_array_append_new(agencies, a))
			rc = MERIT_ENOMEM;
	} else {
		printf("  summary: %ld persons: %ld compliant, %ld due soon, "
		    "%ld overdue, %ld not covered\n\n", rp->t.persons,
		    rp->t.compliant, rp->t.due_soon, rp->t.overdue,
		    rp->t.not_covered);
	}
	all->overdue += rp->t.overdue;
out:
	json_decref(rp->rows);
	rp->rows = NULL;
	diag_print(&d);
	diag_free(&d);
	free(pols);
	workspace_close(&w);
	return rc;
}

int cmd_compliance(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "agency", required_argument, NULL, 'a' },
		{ "as-of", required_argument, NULL, 't' },
		{ "format", required_argument, NULL, 'f' },
		{ "persons", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = "merit.db";
	char **names = calloc((size_t)argc + 1, sizeof(*names)), **paths = NULL;
	size_t n_names = 0, n_paths = 0;
	struct report rp = { .as_of = date_today() };
	struct tally all = { 0 };
	struct reg r = { 0 };
	struct diag d;
	json_t *agencies = NULL;
	int c, rc = 2;
	diag_init(&d);
	if (!names)
		goto out;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'a': names[n_names++] = optarg; break;
		case 't':
			if (opt_date("--as-of", optarg, &rp.as_of))
				goto out;
			break;
		case 'f':
			if (opt_format(optarg, &rp.json))
				goto out;
			break;
		case 'p':
			if (!strcmp(optarg, "all"))
				rp.show = SHOW_ALL;
			else if (!strcmp(optarg, "overdue"))
				rp.show = SHOW_OVERDUE;
			else if (!strcmp(optarg, "due-soon"))
				rp.show = SHOW_DUE_SOON;
			else {
				fprintf(stderr, "merit: --persons: '%s': use all, "
				    "overdue or due-soon\n", optarg);
				goto out;
			}
			break;
		case 'h': help(stdout); rc = 0; goto out;
		default: help(stderr); goto out;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "merit: compliance takes no operand ('%s'); name "
		    "agencies with --agency\n", argv[optind]);
		help(stderr);
		goto out;
	}
	if (reg_open_readonly(&r, db)) {
		fprintf(stderr, "merit: %s: cannot open the register; give one "
		    "with --db FILE\n", db);
		goto out;
	}
	if (agencyargs_resolve(db, names, n_names, 0, &paths, &n_paths, &d)) {
		diag_print(&d);
		goto out;
	}
	if (rp.json && !(agencies = json_array()))
		goto out;
	for (size_t i = 0; i < n_paths; i++)
		if (run_agency(&r, paths[i], &rp, agencies, &all))
			goto out;
	if (rp.json) {
		char day[16];
		json_t *o = json_pack("{s:s, s:O}", "as_of",
		    date_format(rp.as_of, day), "agencies", agencies);
		int bad = !o || json_dumpf(o, stdout, JSON_INDENT(1) |
		    JSON_REAL_PRECISION(10)) < 0;
		json_decref(o);
		if (bad)
			goto out;
		putchar('\n');
	}
	rc = all.overdue ? 1 : 0;
out:
	json_decref(agencies);
	agencyargs_free(paths, n_paths);
	diag_free(&d);
	reg_close(&r);
	free(names);
	return rc;
}
