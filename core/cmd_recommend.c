/* merit recommend: the courses a person should take, and why. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "commands.h"
#include "date.h"
#include "person_ctx.h"

static void help(FILE *f)
{
	fprintf(f, "usage: merit recommend [OPTIONS] PERSON\n\n"
	    "Recommend courses to PERSON from the latest result of each "
	    "assessment type:\nits gaps, the competencies measured below the "
	    "post's level and the quiz\nsubscores below the pass mark, matched "
	    "to the courses the agency's model\ndeclares. Courses completed in "
	    "the last years or enrolled in are left out.\nRanked by importance "
	    "x gap x expected effect; the effect is learned from\nthe register "
	    "once %d persons were measured before and after the course.\n\n"
	    "  --db FILE             register (default: merit.db)\n"
	    "  --agency ID           when PERSON is on several agencies' rosters\n"
	    "  --format table|json   output (default: table)\n"
	    "  --years N             leave out courses completed in the last N "
	    "years (3)\n"
	    "  --as-of YYYY-MM-DD    the day to count from (default: today)\n"
	    "\nExit status: 0 recommendations shown, 1 none or unknown person, "
	    "2 usage,\nregister or model error.\n", EFFECT_MIN_N);
}

/* --years and --as-of, shared with merit plan */
int opt_years(const char *arg, int *out)
{
	char *end;
	long v = strtol(arg, &end, 10);
	if (*end || v < 0 || v > 100) {
		fprintf(stderr, "merit: --years: '%s' is not a number of years "
		    "from 0 to 100\n", arg);
		return -1;
	}
	*out = (int)v;
	return 0;
}

int opt_date(const char *opt, const char *arg, long *out)
{
	if (date_parse(arg, out)) {
		fprintf(stderr, "merit: %s: '%s' is not a date; write "
		    "YYYY-MM-DD\n", opt, arg);
		return -1;
	}
	return 0;
}

int opt_format(const char *arg, int *json)
{
	if (strcmp(arg, "table") && strcmp(arg, "json")) {
		fprintf(stderr, "merit: --format: '%s': use table or json\n", arg);
		return -1;
	}
	*json = !strcmp(arg, "json");
	return 0;
}

int cmd_recommend(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "agency", required_argument, NULL, 'g' },
		{ "format", required_argument, NULL, 'f' },
		{ "years", required_argument, NULL, 'y' },
		{ "as-of", required_argument, NULL, 'o' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = "merit.db", *agency = NULL, *format = "table";
	int years = 3, c;
	long today = date_today();
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'g': agency = optarg; break;
		case 'f': format = optarg; break;
		case 'y': if (opt_years(optarg, &years)) return 2; break;
		case 'o': if (opt_date("--as-of", optarg, &today)) return 2; break;
		case 'h': help(stdout); return 0;
		default: help(stderr); return 2;
		}
	}
	int json;
	if (opt_format(format, &json))
		return 2;
	if (optind != argc - 1) {
		fprintf(stderr, "merit: recommend takes one PERSON id\n");
		help(stderr);
		return 2;
	}
	struct person_ctx ctx;
	struct rec_list l = { 0 };
	int rc = person_ctx_open(&ctx, db, argv[optind], agency, 0);
	if (rc || (rc = person_ctx_model(&ctx, db)) ||
	    (rc = person_ctx_recommend(&ctx, today, years, &l)))
		goto done;
	if (!l.n && recommend_has_current(ctx.r.db, ctx.agency, ctx.person)
	    == 0) {
		fprintf(stderr, "merit: no course to recommend to %s (agency %s): "
		    "no current result, a result of the scheme the agency has "
		    "adopted (trials decide nothing); score it first with merit "
		    "assess\n", ctx.person, ctx.agency);
		rc = 1;
		goto done;
	}
	if (!l.n) {
		fprintf(stderr, "merit: no course to recommend to %s (agency %s): "
		    "no gap, no competency below the post's level and no quiz "
		    "subscore below the pass mark that a declared course "
		    "develops\n", ctx.person, ctx.agency);
		rc = 1;
		goto done;
	}
	if (json) {
		json_t *o = recommend_json(ctx.agency, ctx.person, &l);
		json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
		json_decref(o);
	} else {
		printf("%s (agency %s): %zu course(s), best first\n", ctx.person,
		    ctx.agency, l.n);
		for (size_t i = 0; i < l.n; i++) {
			const struct recommendation *r = &l.v[i];
			printf("%2zu. %-32s %4gh %-9s score %.4f\n    %s\n", i + 1,
			    r->course->id, r->course->hours, r->course->format ?
			    r->course->format : "-", r->score, r->reason);
		}
	}
done:
	rec_list_free(&l);
	person_ctx_close(&ctx);
	return rc;
}
