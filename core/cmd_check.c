#include <dirent.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <uv.h>
#include "merit/error.h"
#include "assess.h"
#include "commands.h"
#include "compliance.h"
#include "diag.h"
#include "fsio.h"
#include "host.h"
#include "loader.h"
#include "model.h"
#include "paths.h"

struct checker {
	uv_loop_t loop;
	struct paths paths;
	struct plugin_set plugins;
	const char **engines, **scorers;
	const char *plugin_path;
	size_t lua_memory;
	uint64_t lua_instructions;
	unsigned lua_seconds;
	int bad, checked;
	int summary; /* --summary: one tab-separated line of counts per set */
};

static int has_suffix(const char *s, const char *suf)
{
	size_t l = strlen(s), n = strlen(suf);
	return l >= n && !strcmp(s + l - n, suf);
}

/* --summary: framework id, version, levels, competencies, effective and
 * ineffective indicators, path. Indicators are totalled over every set of
 * every competency, so a shared ineffective list counts once for each
 * level that uses it. A set without a framework prints "-" and zeros. */
static void print_summary(const struct merit_model *m, const char *label)
{
	const struct merit_framework *fw = m->framework;
	size_t eff = 0, ineff = 0;
	for (size_t i = 0; fw && i < fw->n_competencies; i++) {
		const struct merit_competency *c = &fw->competencies[i];
		for (size_t j = 0; j < c->n_sets; j++) {
			eff += c->sets[j].n_effective;
			ineff += c->sets[j].n_ineffective;
		}
	}
	printf("%s\t%s\t%zu\t%zu\t%zu\t%zu\t%s\n",
	    fw && fw->id ? fw->id : "-",
	    fw && fw->version ? fw->version : "-",
	    fw ? fw->n_levels : 0, fw ? fw->n_competencies : 0, eff, ineff,
	    label);
}

static void check_model(struct checker *k, const char *const *paths, size_t n,
    const char *label)
{
	struct diag d;
	struct model_set *ms;
	struct model_opts mo = { .mem_cap = k->lua_memory,
		.budget = k->lua_instructions, .seconds = k->lua_seconds,
		.validate = { .engines = k->engines, .scorers = k->scorers } };
	diag_init(&d);
	k->checked++;
	if (model_set_load(&k->loop, paths, n, &mo, &ms, &d)) {
		diag_print(&d);
		k->bad = 1;
	} else if (k->summary) {
		print_summary(&ms->model, label);
		model_set_free(ms);
	} else {
		const struct merit_model *m = &ms->model;
		printf("%s: ok (", label);
		if (m->framework)
			printf("framework %s: %zu competencies, %zu levels; ",
			    m->framework->id, m->framework->n_competencies,
			    m->framework->n_levels);
		printf("%zu assessment types, %zu requirements, %zu courses, "
		    "%zu policies)\n", m->n_assessments, m->n_requirements,
		    m->n_courses, m->n_policies);
		model_set_free(ms);
	}
	diag_free(&d);
}

static void check_agency(struct checker *k, const char *path)
{
	struct assess_opts o = { .agency = path, .format = "table",
		.check_only = 1, .quiet = 1, .no_export = 1,
		.plugin_path = k->plugin_path, .lua_memory = k->lua_memory,
		.lua_instructions = k->lua_instructions,
		.lua_seconds = k->lua_seconds };
	k->checked++;
	if (assess_run(&o)) {
		k->bad = 1;
		return;
	}
	/* the policies it names must be declared by its model */
	struct workspace w;
	struct workspace_opts wo = { .plugin_path = k->plugin_path,
		.lua_memory = k->lua_memory,
		.lua_instructions = k->lua_instructions,
		.lua_seconds = k->lua_seconds };
	const struct merit_policy **pols = NULL;
	size_t n;
	struct diag d;
	diag_init(&d);
	if (workspace_open(&w, path, &wo, &d)) {
		k->bad = 1;
	} else {
		if (compliance_policies(&w, &pols, &n, &d))
			k->bad = 1;
		/* and so must the pools */
		if (workspace_check_pools(&w, &d))
			k->bad = 1;
		free(pols);
		workspace_close(&w);
	}
	diag_print(&d);
	diag_free(&d);
}

/* A folder: its agency.yaml if it has one; else its .lua files as one
 * model set; then each sub-folder the same way. */
static void check_dir(struct checker *k, const char *dir, int depth)
{
	char *agency;
	struct stat st;
	if (asprintf(&agency, "%s/agency.yaml", dir) < 0)
		return;
	if (!stat(agency, &st)) {
		check_agency(k, agency);
		free(agency);
		return;
	}
	free(agency);
	char **lua;
	size_t n;
	if (!fsio_list(&k->loop, dir, ".lua", &lua, &n)) {
		if (n)
			check_model(k, (const char *const *)&dir, 1, dir);
		fsio_list_free(lua, n);
	}
	DIR *d = opendir(dir);
	struct dirent *e;
	char **subs = NULL;
	size_t ns = 0;
	if (!d || depth > 8) {
		if (d)
			closedir(d);
		return;
	}
	while ((e = readdir(d))) {
		char *p;
		if (e->d_name[0] == '.')
			continue;
		if (asprintf(&p, "%s/%s", dir, e->d_name) < 0)
			break;
		if (!stat(p, &st) && S_ISDIR(st.st_mode)) {
			char **v = realloc(subs, (ns + 1) * sizeof(*v));
			if (!v) {
				free(p);
				break;
			}
			subs = v;
			subs[ns++] = p;
		} else {
			free(p);
		}
	}
	closedir(d);
	for (size_t i = 1; i < ns; i++)
		for (size_t j = i; j > 0 && strcmp(subs[j - 1], subs[j]) > 0; j--) {
			char *t = subs[j];
			subs[j] = subs[j - 1];
			subs[j - 1] = t;
		}
	for (size_t i = 0; i < ns; i++) {
		check_dir(k, subs[i], depth + 1);
		free(subs[i]);
	}
	free(subs);
}

/* --lua-seconds N: whole seconds, at most a day */
static int opt_lua_seconds(const char *arg, unsigned *out)
{
	char *end;
	unsigned long v = strtoul(arg, &end, 10);
	if (*end || !*arg || v == 0 || v > 86400 || arg[0] == '-') {
		fprintf(stderr, "merit: --lua-seconds takes a whole number of "
		    "seconds from 1 to 86400\n");
		return -1;
	}
	*out = (unsigned)v;
	return 0;
}

static void help(FILE *f)
{
	fprintf(f, "usage: merit check [OPTIONS] PATH...\n\n"
	    "Validate Lua models and agency files and list every problem as\n"
	    "file:line: message. A PATH may be a .lua file, an agency .yaml file "
	    "(checked\nwith its model, roster and evidence, scored in a dry run), "
	    "or a folder: one\nwith agency.yaml is an agency, one with .lua files "
	    "is a model set, and its\nsub-folders are checked the same way.\n\n"
	    "  --plugin-path DIRS   extra plugin folders, colon-separated\n"
	    "  --lua-memory MIB     memory cap of the Lua sandbox (default 64)\n"
	    "  --lua-instructions N instruction budget of Lua scripts\n"
	    "  --lua-seconds N      time limit of each Lua file (default 5)\n"
	    "  --summary            for each valid model set, print instead one "
	    "line of\n"
	    "                       tab-separated counts: framework id, version, "
	    "levels,\n"
	    "                       competencies, effective and ineffective "
	    "indicators,\n"
	    "                       path\n"
	    "\nExit status: 0 all valid, 2 problems found.\n");
}

int cmd_check(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "plugin-path", required_argument, NULL, 'p' },
		{ "lua-memory", required_argument, NULL, 'm' },
		{ "lua-instructions", required_argument, NULL, 'i' },
		{ "lua-seconds", required_argument, NULL, 't' },
		{ "summary", no_argument, NULL, 's' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct checker k = { 0 };
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'p': k.plugin_path = optarg; break;
		case 'm':
			if (opt_lua_memory(optarg, &k.lua_memory))
				return 2;
			break;
		case 'i':
			if (opt_lua_instructions(optarg, &k.lua_instructions))
				return 2;
			break;
		case 't':
			if (opt_lua_seconds(optarg, &k.lua_seconds))
				return 2;
			break;
		case 's': k.summary = 1; break;
		case 'h': help(stdout); return 0;
		default: help(stderr); return 2;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "merit: check needs at least one PATH\n");
		help(stderr);
		return 2;
	}
	if (uv_loop_init(&k.loop))
		return 2;
	host_set_loop(&k.loop);
	if (paths_init(&k.paths, k.plugin_path) ||
	    plugins_scan(&k.plugins, (const char *const *)k.paths.plugin_dirs,
	    k.paths.n_plugin_dirs)) {
		fprintf(stderr, "merit: out of memory\n");
		return 2;
	}
	k.engines = plugins_names(&k.plugins, MERIT_PLUGIN_ENGINE);
	k.scorers = plugins_names(&k.plugins, MERIT_PLUGIN_SCORER);
	for (int i = optind; i < argc; i++) {
		const char *p = argv[i];
		struct stat st;
		if (stat(p, &st)) {
			fprintf(stderr, "merit: %s: %s\n", p, strerror(errno));
			k.bad = 1;
		} else if (S_ISDIR(st.st_mode)) {
			int before = k.checked;
			check_dir(&k, p, 0);
			if (k.checked == before) {
				fprintf(stderr, "merit: %s: no agency.yaml and no .lua "
				    "files here or below\n", p);
				k.bad = 1;
			}
		} else if (has_suffix(p, ".lua")) {
			check_model(&k, &p, 1, p);
		} else if (has_suffix(p, ".yaml") || has_suffix(p, ".yml")) {
			check_agency(&k, p);
		} else {
			fprintf(stderr, "merit: %s: not a .lua or .yaml file; give a "
			    "model, an agency file or a folder\n", p);
			k.bad = 1;
		}
	}
	free(k.engines);
	free(k.scorers);
	plugins_free(&k.plugins);
	paths_free(&k.paths);
	uv_loop_close(&k.loop);
	return k.bad ? 2 : 0;
}
