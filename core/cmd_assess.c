#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "assess.h"
#include "commands.h"
#include "ident.h"

int opt_lua_memory(const char *arg, size_t *out)
{
	char *end;
	unsigned long v = strtoul(arg, &end, 10);
	if (*end || !*arg || v == 0 || v > 65536) {
		fprintf(stderr, "merit: --lua-memory takes MiB, 1 to 65536\n");
		return -1;
	}
	*out = (size_t)v << 20;
	return 0;
}

int opt_lua_instructions(const char *arg, uint64_t *out)
{
	char *end;
	unsigned long long v = strtoull(arg, &end, 10);
	if (*end || !*arg || v == 0 || arg[0] == '-') {
		fprintf(stderr, "merit: --lua-instructions takes a positive "
		    "count\n");
		return -1;
	}
	*out = v;
	return 0;
}

int opt_period(const char *arg)
{
	const char *why = period_problem(arg);
	if (!why)
		return 0;
	char *shown = text_escape(arg);
	fprintf(stderr, "merit: --period '%s' %s; a period is up to %d letters, "
	    "digits, '.', '_' or '-', such as 2025 or 2025-H1\n",
	    shown ? shown : "?", why, IDENT_PERIOD_MAX);
	free(shown);
	return -1;
}

static void help(FILE *f)
{
	fprintf(f, "usage: merit assess [OPTIONS] AGENCY\n\n"
	    "Score an agency's cohort: AGENCY is a folder holding agency.yaml, "
	    "or the file.\nEngines measure each element, the scorer combines "
	    "them into K and a band,\nthe results go to the register, the "
	    "agency's exporters write their files,\nand a summary is printed.\n\n"
	    "  --db FILE            register (default: merit.db)\n"
	    "  --assessment ID      assessment type instead of the one the agency "
	    "has adopted\n"
	    "                       (merit adopt); another type's results are "
	    "kept as a\n"
	    "                       trial, never the agency's current result\n"
	    "  --format FMT         table (default), json or csv\n"
	    "  -o, --output FILE    write the main output to FILE\n"
	    "  --export-dir DIR     where the agency's exporters write (default: "
	    "exports)\n"
	    "  --no-export          do not run the agency's exporters\n"
	    "  --what-if            score, write nothing, and compare with the "
	    "adopted scheme's\n"
	    "                       results: weights, mean K and bands side by "
	    "side, and the\n"
	    "                       persons whose band changes\n"
	    "  --from-register      score the persons and evidence in the "
	    "register (merit\n"
	    "                       import) even if the agency names roster "
	    "files; without\n"
	    "                       a 'roster:' in the agency file this is the "
	    "default\n"
	    "  --plugin-path DIRS   extra plugin folders, colon-separated\n"
	    "  --lua-memory MIB     memory cap of the Lua sandbox (default 64)\n"
	    "  --lua-instructions N instruction budget of Lua scripts\n"
	    "  -q, --quiet          no progress display\n"
	    "\nExit status: 0 all scored, 1 some persons not scored (listed), "
	    "2 input error.\n");
}

int cmd_assess(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "assessment", required_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' },
		{ "output", required_argument, NULL, 'o' },
		{ "export-dir", required_argument, NULL, 'e' },
		{ "no-export", no_argument, NULL, 'n' },
		{ "what-if", no_argument, NULL, 'w' },
		{ "from-register", no_argument, NULL, 'r' },
		{ "plugin-path", required_argument, NULL, 'p' },
		{ "lua-memory", required_argument, NULL, 'm' },
		{ "lua-instructions", required_argument, NULL, 'i' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct assess_opts o = { .db = "merit.db", .format = "table" };
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "o:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'd': o.db = optarg; break;
		case 'a': o.assessment = optarg; break;
		case 'f': o.format = optarg; break;
		case 'o': o.output = optarg; break;
		case 'e': o.export_dir = optarg; break;
		case 'n': o.no_export = 1; break;
		case 'w': o.what_if = 1; break;
		case 'r': o.from_register = 1; break;
		case 'p': o.plugin_path = optarg; break;
		case 'q': o.quiet = 1; break;
		case 'm':
			if (opt_lua_memory(optarg, &o.lua_memory))
				return 2;
			break;
		case 'i':
			if (opt_lua_instructions(optarg, &o.lua_instructions))
				return 2;
			break;
		case 'h': help(stdout); return 0;
		default: help(stderr); return 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "merit: assess takes one AGENCY (a folder with "
		    "agency.yaml, or the file)\n");
		help(stderr);
		return 2;
	}
	o.agency = argv[optind];
	return assess_run(&o);
}
