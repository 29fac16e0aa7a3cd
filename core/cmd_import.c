#include <getopt.h>
#include <stdio.h>
#include "commands.h"
#include "import.h"

static void help(FILE *f)
{
	fprintf(f, "usage: merit import [OPTIONS] AGENCY FILE...\n\n"
	    "Load persons, evidence, courses, enrolments and completions into "
	    "the register.\nAGENCY is a folder holding agency.yaml, the file, or "
	    "an agency id the register\nknows. Each FILE is YAML (one list: "
	    "persons:, evidence:, courses:, enrolments:\nor completions:), CSV "
	    "with a header row, or JSON Lines. Rows are upserted by\ntheir "
	    "natural keys, so importing a file twice changes nothing; all FILEs "
	    "go in\none transaction: one bad row and nothing is imported.\n\n"
	    "  --db FILE        register (default: merit.db)\n"
	    "  --kind K         roster, evidence, courses, enrolments or "
	    "completions\n"
	    "                   (default: the YAML list, else the file name)\n"
	    "  --format F       yaml, csv or jsonl (default: the file name's "
	    "extension)\n"
	    "  --period P       period of evidence rows that name none "
	    "(default: the\n"
	    "                   agency's period:)\n"
	    "\nExit status: 0 imported, 2 usage or input error (every bad row "
	    "is listed,\nthe register is left as it was).\n");
}

int cmd_import(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "kind", required_argument, NULL, 'k' },
		{ "format", required_argument, NULL, 'f' },
		{ "period", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct import_opts o = { .db = "merit.db" };
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': o.db = optarg; break;
		case 'k': o.kind = optarg; break;
		case 'f': o.format = optarg; break;
		case 'p':
			if (opt_period(optarg))
				return 2;
			o.period = optarg;
			break;
		case 'h': help(stdout); return 0;
		default: help(stderr); return 2;
		}
	}
	if (argc - optind < 2) {
		fprintf(stderr, "merit: import takes an AGENCY and at least one "
		    "FILE\n");
		help(stderr);
		return 2;
	}
	o.agency = argv[optind];
	o.files = argv + optind + 1;
	o.n_files = (size_t)(argc - optind - 1);
	return import_run(&o);
}
