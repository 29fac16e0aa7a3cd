#include <stdlib.h>
#include <string.h>
#include "cohort_report.h"
#include "commands.h"

static const struct option shared_opts[] = {
	{ "assessment", required_argument, NULL, 'a' },
	{ "db", required_argument, NULL, 'd' },
	{ "format", required_argument, NULL, 'f' },
	{ "plugin-path", required_argument, NULL, 'p' },
	{ "lua-memory", required_argument, NULL, 'm' },
	{ "lua-instructions", required_argument, NULL, 'i' },
	{ "help", no_argument, NULL, 'h' },
};
#define N_SHARED (sizeof(shared_opts) / sizeof(shared_opts[0]))
#define MAX_OWN 8

static int usage(const struct cohort_report *r)
{
	r->help(stderr);
	return 2;
}

int cohort_report_args(const struct cohort_report *r, int argc, char **argv,
    struct assess_opts *o, int *json)
{
	struct option opts[N_SHARED + MAX_OWN + 1];
	size_t n = 0;
	const char *format = r->formats[0];
	int c, rc;

	memcpy(opts, shared_opts, sizeof(shared_opts));
	for (n = N_SHARED; r->own_opts && r->own_opts[n - N_SHARED].name; n++)
		opts[n] = r->own_opts[n - N_SHARED];
	memset(&opts[n], 0, sizeof(opts[n]));
	o->db = o->db ? o->db : "merit.db";
	o->format = "table";
	o->check_only = o->no_export = o->quiet = 1;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'a': o->assessment = optarg; break;
		case 'd': o->db = optarg; break;
		case 'f': format = optarg; break;
		case 'p': o->plugin_path = optarg; break;
		case 'm':
			if (opt_lua_memory(optarg, &o->lua_memory))
				return 2;
			break;
		case 'i':
			if (opt_lua_instructions(optarg, &o->lua_instructions))
				return 2;
			break;
		case 'h': r->help(stdout); return 0;
		case '?': return usage(r);
		default:
			if (!r->own)
				return usage(r);
			if ((rc = r->own(c, optarg, r->data)))
				return rc;
		}
	}
	if (strcmp(format, r->formats[0]) && strcmp(format, r->formats[1])) {
		fprintf(stderr, "merit: --format %s: %s prints %s or %s\n", format,
		    r->cmd, r->formats[0], r->formats[1]);
		return 2;
	}
	*json = !strcmp(format, "json");
	if (optind != argc - 1) {
		fprintf(stderr, "merit: %s takes one AGENCY (a folder with "
		    "agency.yaml, or the file)\n", r->cmd);
		return usage(r);
	}
	o->agency = argv[optind];
	return -1;
}

int cohort_report_score(const struct cohort_report *r, struct assess_opts *o)
{
	if (!assess_run(o))
		return 0;
	fprintf(stderr, "merit: %s: no statistics until the problems above are "
	    "fixed (every person must be scored)\n", r->cmd);
	return 2;
}

int cohort_report_grow(void **v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return 0;
	size_t nc = *cap ? *cap * 2 : 16;
	void *nv = realloc(*v, nc * size);
	if (!nv)
		return -1;
	*v = nv;
	*cap = nc;
	return 0;
}

int cohort_report_print_json(json_t *o)
{
	char *s = o ? json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
	    JSON_REAL_PRECISION(17)) : NULL;
	json_decref(o);
	if (!s)
		return -1;
	printf("%s\n", s);
	free(s);
	return 0;
}
