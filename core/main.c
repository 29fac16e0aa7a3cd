/* merit — assessing and developing the competencies of civil servants.
 * The command-line entry: merit COMMAND [OPTIONS] [ARGS]. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <sodium.h>
#include "config.h"
#include "commands.h"
#include "ttyguard.h"

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} commands[] = {
	{ "check", cmd_check, "validate Lua models and agency files" },
	{ "assess", cmd_assess, "score an agency's cohort and record the results" },
	{ "adopt", cmd_adopt, "make an assessment type the agency's scheme, "
	    "with who and why" },
	{ "audit", cmd_audit, "verify the register's hash-chained audit log" },
	{ "compliance", cmd_compliance, "who meets the training policies, who "
	    "is due soon or overdue" },
	{ "forecast", cmd_forecast, "training demand per coming quarter" },
	{ "import", cmd_import, "load rosters, evidence, courses, enrolments "
	    "and completions" },
	{ "explain", cmd_explain, "show how a person's score was reached" },
	{ "items", cmd_items, "difficulty, discrimination and reliability of "
	    "a test's items" },
	{ "raters", cmd_raters, "how far raters agree: ICC and Krippendorff's "
	    "alpha per competency" },
	{ "fairness", cmd_fairness, "pass rates, adverse impact and mean K by "
	    "a roster field" },
	{ "courses", cmd_courses, "a course catalogue and course effects learned "
	    "from the register" },
	{ "recommend", cmd_recommend, "courses a person should take, and why" },
	{ "plan", cmd_plan, "propose, edit and decide a development plan" },
	{ "show", cmd_show, "one person's timeline: assessments, courses, plans" },
	{ "rank", cmd_rank, "rank a competition's candidates by K, with ties "
	    "and what se_K cannot tell apart" },
	{ "pool", cmd_pool, "keep the reserve pools: entries, exits, renewals, "
	    "9-box" },
	{ "serve", cmd_serve, "the HTTP/1.1 JSON API, per agency, reloading live" },
	{ "token", cmd_token, "create, revoke and list the API tokens of "
	    "merit serve" },
	{ "plugins", cmd_plugins, "list the plugins loaded and those refused" },
	{ NULL, NULL, NULL },
};

static void usage(FILE *f)
{
	fprintf(f, "usage: merit COMMAND [OPTIONS] [ARGS]\n\n"
	    "Assess civil servants against a competency model, combine "
	    "qualification,\nprofessional qualities and performance into an "
	    "integral score, and keep\nthe results in a register.\n\n"
	    "commands:\n");
	for (const struct command *c = commands; c->name; c++)
		fprintf(f, "  %-9s %s\n", c->name, c->summary);
	fprintf(f, "\n'merit COMMAND --help' describes a command; see also "
	    "merit(1), merit-lua(7)\nand merit-plugin(7).\n"
	    "Exit status: 0 success, 1 findings, 2 usage or input error.\n");
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		usage(stderr);
		return 2;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") ||
	    !strcmp(argv[1], "help")) {
		usage(stdout);
		return 0;
	}
	if (!strcmp(argv[1], "--version") || !strcmp(argv[1], "-V")) {
		printf("merit %s\n", PACKAGE_VERSION);
		return 0;
	}
	if (sodium_init() < 0) {
		fprintf(stderr, "merit: cannot initialise libsodium\n");
		return 2;
	}
	ttyguard_stdout();
	/* stable JSON object layout across runs and threads */
	json_object_seed(1);
	for (const struct command *c = commands; c->name; c++)
		if (!strcmp(c->name, argv[1]))
			return c->run(argc - 1, argv + 1);
	fprintf(stderr, "merit: unknown command '%s'; try 'merit --help'\n",
	    argv[1]);
	return 2;
}
