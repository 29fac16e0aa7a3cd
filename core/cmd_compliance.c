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

struct report {
	int json, show;
	long as_of;
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

#define S(o, k) json_string_value(json_object_get(o, k))
#define I(o, k) json_integer_value(json_object_get(o, k))
#define F(o, k) json_real_value(json_object_get(o, k))

/* One row of the table, from the row of the JSON report. */
static void print_row(json_t *row, int policy_w)
{
	json_t *done = json_object_get(row, "done");
	json_t *missing = json_object_get(row, "missing");
	if (!S(row, "policy")) {
		printf("  %-14s %-*s %s\n", S(row, "person"), policy_w, "-",
		    S(row, "status"));
		return;
	}
	int done_courses = (int)I(done, "courses");
	int miss_courses = (int)I(missing, "courses");
	double miss_hours = F(missing, "hours");
	char done_s[64], miss[64] = "-";
	snprintf(done_s, sizeof(done_s), "%d course%s, %g h", done_courses,
	    done_courses == 1 ? "" : "s", F(done, "hours"));
	if (miss_courses && miss_hours > 0)
		snprintf(miss, sizeof(miss), "%d course%s, %g h", miss_courses,
		    miss_courses == 1 ? "" : "s", miss_hours);
	else if (miss_courses)
		snprintf(miss, sizeof(miss), "%d course%s", miss_courses,
		    miss_courses == 1 ? "" : "s");
	else if (miss_hours > 0)
		snprintf(miss, sizeof(miss), "%g h", miss_hours);
	printf("  %-14s %-*s %-11s %-10s  %-22s %s\n", S(row, "person"),
	    policy_w, S(row, "policy"), S(row, "status"), S(row, "due") ?
	    S(row, "due") : "-", done_s, miss);
}

/* One agency: its policies, then one pass over its persons. */
static int run_agency(struct reg *r, const char *path, struct report *rp,
    json_t *agencies, long *overdue)
{
	struct workspace w;
	struct diag d;
	const struct merit_policy **pols = NULL;
	size_t npols = 0;
	json_t *a = NULL;
	int rc;
	diag_init(&d);
	if ((rc = workspace_open(&w, path, NULL, &d))) {
		diag_print(&d);
		diag_free(&d);
		return rc;
	}
	if ((rc = compliance_policies(&w, &pols, &npols, &d)))
		goto out;
	/* the policy column as wide as the agency's longest id */
	int policy_w = 6;
	for (size_t i = 0; i < npols; i++)
		if ((int)strlen(pols[i]->id) > policy_w)
			policy_w = (int)strlen(pols[i]->id);
	if (!rp->json)
		printf("agency %s (%zu polic%s)\n  %-14s %-*s %-11s %-10s  "
		    "%-22s %s\n", w.ag->id, npols, npols == 1 ? "y" : "ies",
		    "person", policy_w, "policy", "status", "due", "done",
		    "missing");
	if ((rc = compliance_report(r->db, w.ag->id, pols, npols, rp->as_of,
	    rp->show, NULL, &a, &d)))
		goto out;
	json_t *sum = json_object_get(a, "summary");
	*overdue += (long)I(sum, "overdue");
	if (rp->json) {
		if (json_array_append(agencies, a))
			rc = MERIT_ENOMEM;
		goto out;
	}
	size_t i;
	json_t *row;
	json_array_foreach(json_object_get(a, "persons"), i, row)
		print_row(row, policy_w);
	printf("  summary: %ld persons: %ld compliant, %ld due soon, "
	    "%ld overdue, %ld not covered\n\n", (long)I(sum, "persons"),
	    (long)I(sum, "compliant"), (long)I(sum, "due_soon"),
	    (long)I(sum, "overdue"), (long)I(sum, "not_covered"));
out:
	json_decref(a);
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
	long overdue = 0;
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
				rp.show = COMPLIANCE_SHOW_ALL;
			else if (!strcmp(optarg, "overdue"))
				rp.show = COMPLIANCE_SHOW_OVERDUE;
			else if (!strcmp(optarg, "due-soon"))
				rp.show = COMPLIANCE_SHOW_DUE_SOON;
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
		if (run_agency(&r, paths[i], &rp, agencies, &overdue))
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
	rc = overdue ? 1 : 0;
out:
	json_decref(agencies);
	agencyargs_free(paths, n_paths);
	diag_free(&d);
	reg_close(&r);
	free(names);
	return rc;
}
