/* merit pool: the reserve pool. Every person of an agency is evaluated
 * against the rules of each pool the agency keeps; eligible persons enter
 * for a limited time, members who no longer qualify or whose membership
 * has expired leave, and --grid shows the 9-box of performance against
 * potential. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <jansson.h>
#include "merit/error.h"
#include "agencyargs.h"
#include "commands.h"
#include "date.h"
#include "pool.h"
#include "register.h"
#include "workspace.h"

/* The 9-box as a table, from its JSON: the cells run from high potential
 * down, performance low to high within each. */
static void print_grid(const struct pool_agency *pa,
    const struct pool_outcome *o)
{
	static const char *const lvl[3] = { "low", "mid", "high" };
	const struct merit_pool *po = o->pool;
	json_t *cells = json_object_get(o->grid, "cells");
	char when[11];
	printf("%s: pool %s: 9-box of %d person(s), as of %s\n", pa->agency,
	    po->id, (int)json_integer_value(json_object_get(o->grid,
	    "persons")), date_format(pa->as_of, when));
	printf("  performance: %s %s; potential: %s %s; cuts %g, %g; "
	    "* = members\n", po->performance.assessment,
	    json_string_value(json_object_get(o->grid, "performance_element")),
	    po->potential.assessment,
	    json_string_value(json_object_get(o->grid, "potential_element")),
	    po->cuts[0], po->cuts[1]);
	printf("  %-16s %10s %10s %10s\n", "", "perf low", "perf mid",
	    "perf high");
	for (int b = 2; b >= 0; b--) {
		printf("  potential %-6s", lvl[b]);
		for (int a = 0; a < 3; a++) {
			json_t *cell = json_array_get(cells, (size_t)(2 - b) * 3 +
			    (size_t)a);
			int count = (int)json_integer_value(json_object_get(cell,
			    "count"));
			int members = (int)json_integer_value(json_object_get(cell,
			    "members"));
			char s[32];
			if (members)
				snprintf(s, sizeof(s), "%d (%d*)", count, members);
			else
				snprintf(s, sizeof(s), "%d", count);
			printf(" %10s", s);
		}
		printf("\n");
	}
}

static void print_changes(const struct pool_agency *pa,
    const struct pool_outcome *o)
{
	char when[11];
	printf("%s: pool %s, as of %s\n", pa->agency, o->pool->id,
	    date_format(pa->as_of, when));
	for (size_t i = 0; i < o->n_ch; i++) {
		const struct pool_change *x = &o->ch[i];
		if (x->kind == POOL_EXIT)
			printf("  %-8s %-12s %s\n", pool_change_names[x->kind],
			    x->person, x->reason);
		else
			printf("  %-8s %-12s until %s: %s\n",
			    pool_change_names[x->kind], x->person, x->expires,
			    x->reason);
	}
	printf("  %d member(s): %d entered, %d exited, %d renewed, %d "
	    "unchanged%s\n", o->members, o->counts[POOL_ENTER],
	    o->counts[POOL_EXIT], o->counts[POOL_RENEW], o->unchanged,
	    pa->mode == POOL_DRY_RUN && o->n_ch ?
	    " (dry run: nothing written)" : "");
}

/* 0, MERIT_EINPUT (findings in d) or another error code. */
static int do_agency(struct reg *r, const char *path, long as_of, int mode,
    json_t *out, int *rule_errors, struct diag *d)
{
	struct workspace w;
	struct pool_agency pa;
	int rc;
	if ((rc = workspace_open(&w, path, NULL, d)))
		return MERIT_EINPUT;
	rc = pool_agency_run(&pa, r, &w, as_of, mode, "cli", d);
	/* the rule's failures, whatever became of the run */
	for (size_t i = 0; i < pa.n; i++)
		for (size_t k = 0; k < pa.v[i].n_errors; k++)
			fprintf(stderr, "merit: %s (pool %s, person %s: left as "
			    "they were; fix the rule)\n", pa.v[i].errors[k].why,
			    pa.v[i].pool->id, pa.v[i].errors[k].person);
	if (rc)
		goto out;
	if (!w.ag->n_pools && !out)
		printf("%s: keeps no pools (agency.yaml lists none)\n", pa.agency);
	for (size_t i = 0; i < pa.n; i++) {
		const struct pool_outcome *o = &pa.v[i];
		if (o->no_grid) {
			if (!out)
				printf("%s: pool %s declares no grid\n", pa.agency,
				    o->pool->id);
		} else if (out) {
			json_t *j = pool_outcome_json(&pa, o);
			if (!j || json_array_append_new(out, j)) {
				rc = MERIT_ENOMEM;
				goto out;
			}
		} else if (mode == POOL_GRID) {
			print_grid(&pa, o);
		} else {
			print_changes(&pa, o);
		}
	}
	*rule_errors += pa.rule_errors;
out:
	pool_agency_free(&pa);
	workspace_close(&w);
	return rc;
}

static void help(FILE *f)
{
	fprintf(f, "usage: merit pool [OPTIONS]\n\n"
	    "Evaluate every person of an agency against the rules of each "
	    "reserve pool\nthe agency keeps (agency.yaml pools:), and record "
	    "who enters, who exits and\nwhose membership is renewed.\n\n"
	    "  --db FILE          register (default: merit.db)\n"
	    "  --agency A         an agency folder, its agency.yaml, or an id the "
	    "register\n"
	    "                     knows; repeatable (default: every agency in the "
	    "register)\n"
	    "  --as-of DATE       evaluate on DATE, YYYY-MM-DD (default: today)\n"
	    "  --dry-run          show the changes, write nothing\n"
	    "  --grid             show each pool's 9-box of performance against "
	    "potential\n"
	    "                     (members marked *); writes nothing\n"
	    "  --format FMT       table (default) or json\n"
	    "\nExit status: 0 success, 1 a pool rule failed for some person "
	    "(those persons\nare left as they were), 2 usage, input or register "
	    "error (nothing written).\n");
}

int cmd_pool(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "agency", required_argument, NULL, 'a' },
		{ "as-of", required_argument, NULL, 't' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "grid", no_argument, NULL, 'g' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = "merit.db", *format = "table";
	const char **agencies = calloc((size_t)argc + 1, sizeof(char *));
	size_t nag = 0;
	long as_of = date_today();
	int dry_run = 0, grid = 0, ch, status = 2, rule_errors = 0;
	char **paths = NULL;
	size_t nlist = 0;
	struct reg r = { 0 };
	struct diag d;
	json_t *out = NULL;
	diag_init(&d);
	if (!agencies) {
		fprintf(stderr, "merit: out of memory\n");
		return 2;
	}
	optind = 1;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': db = optarg; break;
		case 'a': agencies[nag++] = optarg; break;
		case 't':
			if (opt_date("--as-of", optarg, &as_of))
				goto out;
			break;
		case 'n': dry_run = 1; break;
		case 'g': grid = 1; break;
		case 'f': format = optarg; break;
		case 'h': help(stdout); status = 0; goto out;
		default: help(stderr); goto out;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "merit: pool takes no argument '%s'; name agencies "
		    "with --agency\n", argv[optind]);
		goto out;
	}
	int json;
	if (opt_format(format, &json))
		goto out;
	struct stat sst;
	if (stat(db, &sst)) {
		fprintf(stderr, "merit: %s: no register there; fill one with merit "
		    "assess or merit import, or give --db\n", db);
		goto out;
	}
	if (agencyargs_resolve(db, (char *const *)agencies, nag, 1, &paths,
	    &nlist, &d))
		goto out;
	if (reg_open(&r, db, &d))
		goto out;
	if (json)
		out = json_array();
	/* one transaction over every agency: bad input anywhere writes
	 * nothing anywhere */
	if (reg_begin(&r)) {
		diag_add(&d, db, 0, 0, "register: cannot begin: %s",
		    sqlite3_errmsg(r.db));
		goto out;
	}
	int rc = 0;
	for (size_t i = 0; !rc && i < nlist; i++)
		rc = do_agency(&r, paths[i], as_of, grid ? POOL_GRID : dry_run ?
		    POOL_DRY_RUN : POOL_RUN, out, &rule_errors, &d);
	if (rc || dry_run || grid) {
		reg_rollback(&r);
	} else if (reg_commit(&r)) {
		diag_add(&d, db, 0, 0, "register: cannot commit: %s",
		    sqlite3_errmsg(r.db));
		rc = MERIT_EDB;
	}
	if (rc)
		goto out;
	if (out) {
		json_t *doc = json_pack("{s:s, s:b, s:o}", "as_of",
		    date_format(as_of, (char[11]){ 0 }), "written",
		    !dry_run && !grid, "pools", out);
		out = NULL;
		json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("\n");
		json_decref(doc);
	}
	status = rule_errors ? 1 : 0;
out:
	diag_print(&d);
	diag_free(&d);
	json_decref(out);
	if (r.db)
		reg_close(&r);
	agencyargs_free(paths, nlist);
	free(agencies);
	return status;
}
