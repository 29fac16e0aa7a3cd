/* merit forecast: training demand per coming quarter and agency, from
 * compliance due dates, approved plans and unplanned gaps. Reads only. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "merit/error.h"
#include "agencyargs.h"
#include "commands.h"
#include "date.h"
#include "forecast.h"
#include "register.h"

#define MAX_QUARTERS FORECAST_MAX_QUARTERS

static void help(FILE *f)
{
	fprintf(f, "usage: merit forecast [OPTIONS]\n\n"
	    "Training demand for each coming quarter, per agency and course: "
	    "persons\nand hours, by source: compliance (a policy falls due, or "
	    "is overdue:\nfirst quarter), plan (open items of approved plans by "
	    "target date) and\ngap (gaps of the latest result with no approved "
	    "plan item: the model's\ncourses that develop the competency, first "
	    "quarter). See FORECAST in\nmerit(1).\n\n"
	    "  --db FILE          register (default: merit.db)\n"
	    "  --agency A         an agency folder, agency.yaml or id known to the\n"
	    "                     register; repeatable (default: every agency in "
	    "it)\n"
	    "  --as-of DATE       the day to start from (default: today); its "
	    "quarter\n"
	    "                     is the first\n"
	    "  --quarters N       how many quarters (1-%d, default 4)\n"
	    "  --format F         table (default) or json\n"
	    "\nExit status: 0 success, 2 usage or input error.\n", MAX_QUARTERS);
}

static int run_agency(struct forecast *f, struct reg *r, const char *path)
{
	struct workspace w;
	struct diag d;
	int rc;
	diag_init(&d);
	if ((rc = workspace_open(&w, path, NULL, &d))) {
		diag_print(&d);
		diag_free(&d);
		return rc;
	}
	rc = forecast_agency(f, r->db, &w, &d);
	diag_print(&d);
	diag_free(&d);
	workspace_close(&w);
	return rc;
}

static int print(const struct forecast *f, int json)
{
	char name[16], day[16];
	if (!json) {
		printf("%-8s %-16s %-11s %-16s %-24s %7s %9s\n", "quarter",
		    "agency", "source", "policy", "course", "persons", "hours");
		for (size_t i = 0; i < f->n; i++) {
			const struct forecast_demand *r = &f->rows[i];
			printf("%-8s %-16s %-11s %-16s %-24s %7ld %9g\n",
			    date_quarter_name(f->start[r->quarter], name), r->agency,
			    forecast_source_names[r->source], r->policy ? r->policy
			    : "-", r->course, r->persons, r->hours);
		}
		if (!f->n)
			printf("(no demand in the %d quarter%s from %s)\n", f->quarters,
			    f->quarters == 1 ? "" : "s", date_format(f->start[0], day));
		return 0;
	}
	json_t *o = forecast_json(f);
	int rc = !o || json_dumpf(o, stdout, JSON_INDENT(1) |
	    JSON_REAL_PRECISION(10)) < 0 ? MERIT_ENOMEM : 0;
	json_decref(o);
	putchar('\n');
	return rc;
}

int cmd_forecast(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "agency", required_argument, NULL, 'a' },
		{ "as-of", required_argument, NULL, 't' },
		{ "quarters", required_argument, NULL, 'q' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = "merit.db";
	char **names = calloc((size_t)argc + 1, sizeof(*names)), **paths = NULL;
	size_t n_names = 0, n_paths = 0;
	struct forecast f;
	struct reg r = { 0 };
	struct diag d;
	int c, rc = 2, json = 0;
	char *end;
	long as_of = date_today();
	int quarters = 4;
	forecast_init(&f, as_of, quarters);
	diag_init(&d);
	if (!names)
		goto out;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'a': names[n_names++] = optarg; break;
		case 't':
			if (opt_date("--as-of", optarg, &as_of))
				goto out;
			break;
		case 'q':
			quarters = (int)strtol(optarg, &end, 10);
			if (*end || end == optarg || quarters < 1 ||
			    quarters > MAX_QUARTERS) {
				fprintf(stderr, "merit: --quarters: '%s': give a whole "
				    "number from 1 to %d\n", optarg, MAX_QUARTERS);
				goto out;
			}
			break;
		case 'f':
			if (opt_format(optarg, &json))
				goto out;
			break;
		case 'h': help(stdout); rc = 0; goto out;
		default: help(stderr); goto out;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "merit: forecast takes no operand ('%s'); name "
		    "agencies with --agency\n", argv[optind]);
		help(stderr);
		goto out;
	}
	forecast_init(&f, as_of, quarters);
	if (reg_open_readonly(&r, db)) {
		fprintf(stderr, "merit: %s: cannot open the register; give one "
		    "with --db FILE\n", db);
		goto out;
	}
	if (agencyargs_resolve(db, names, n_names, 0, &paths, &n_paths, &d)) {
		diag_print(&d);
		goto out;
	}
	for (size_t i = 0; i < n_paths; i++)
		if (run_agency(&f, &r, paths[i]))
			goto out;
	forecast_sort(&f);
	if (!print(&f, json))
		rc = 0;
out:
	forecast_free(&f);
	agencyargs_free(paths, n_paths);
	diag_free(&d);
	reg_close(&r);
	free(names);
	return rc;
}
