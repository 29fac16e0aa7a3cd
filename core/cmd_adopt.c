/* merit adopt: an agency takes up another assessment type, as one act
 * recorded with who, when and why (adoption.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "adoption.h"
#include "commands.h"
#include "ident.h"
#include "register.h"
#include "scoring.h"
#include "workspace.h"

static void help(FILE *f)
{
	fprintf(f, "usage: merit adopt [OPTIONS] AGENCY ASSESSMENT --by ID "
	    "--reason TEXT\n\n"
	    "Make ASSESSMENT the agency's scheme from now on: plain 'merit "
	    "assess' and\nmerit serve score under it, and the register's "
	    "current_result shows its\nresults. The adoption is kept with who, "
	    "when, why and the scheme it replaces,\nand written to the audit "
	    "log. AGENCY is a folder with agency.yaml, the file,\nor the id of "
	    "an agency the register knows. agency.yaml is not changed; an\n"
	    "edit of its 'assessment:' is itself recorded as an adoption by "
	    "\"agency.yaml\".\n\n"
	    "  --by ID           who decides (an official's id); required\n"
	    "  --reason TEXT     why; required\n"
	    "  --db FILE         register (default: merit.db)\n"
	    "  --plugin-path DIRS  extra plugin folders, colon-separated\n"
	    "\nExit status: 0 adopted (or already in force), 2 usage error, "
	    "unknown agency or\nassessment type (the known ones are listed), "
	    "or register error.\n");
}

/* A name or reason fit for the register and the audit log: one line of
 * UTF-8 without control or bidirectional formatting characters. */
static int text_ok(const char *what, const char *s, size_t max)
{
	size_t n = s ? strlen(s) : 0, at = 0;
	const char *why = n ? ident_problem(s, n, &at) : NULL;
	if (n && !why && n <= max)
		return 1;
	if (why)
		fprintf(stderr, "merit: adopt: %s %s at byte %zu; ", what, why, at);
	else
		fprintf(stderr, "merit: adopt: %s is %s; ", what, n ? "too long"
		    : "missing or empty");
	fprintf(stderr, "give text of 1 to %zu bytes on one line; nothing "
	    "written\n", max);
	return 0;
}

static void list_agencies(const char *db)
{
	char **ids, **paths;
	size_t n;
	struct diag d;
	diag_init(&d);
	if (!workspace_list(db, &ids, &paths, &n, &d)) {
		fprintf(stderr, "merit: agencies the register %s knows:", db);
		for (size_t i = 0; i < n; i++)
			fprintf(stderr, " %s", ids[i]);
		fprintf(stderr, "%s\n", n ? "" : " none");
		workspace_list_free(ids, paths, n);
	}
	diag_free(&d);
}

static void list_assessments(const struct workspace *w)
{
	fprintf(stderr, "merit: agency %s's model declares:", w->ag->id);
	for (size_t i = 0; i < w->model->n_assessments; i++)
		fprintf(stderr, " %s", w->model->assessments[i].id);
	fprintf(stderr, "\n");
}

/* In one transaction: the agency and its model, agency.yaml's scheme if
 * the register has not seen it, then the adoption. */
static int record(struct workspace *w, const char *db, const char *scheme,
    const char *by, const char *reason)
{
	struct reg r;
	struct diag d;
	char now[128];
	diag_init(&d);
	if (reg_open(&r, db, &d)) {
		diag_print(&d);
		diag_free(&d);
		return 2;
	}
	int rc = reg_begin(&r);
	if (!rc)
		rc = scoring_register(&r, w->ag, w->ms);
	if (!rc)
		rc = adoption_sync(&r, w->ag, now, sizeof(now));
	int same = !rc && !strcmp(now, scheme);
	if (!rc && !same)
		rc = adoption_record(&r, w->ag->id, scheme, now, by, reason,
		    w->ag->config_hash);
	if (!rc)
		rc = reg_commit(&r);
	if (rc) {
		fprintf(stderr, "merit: %s: register: %s; nothing was recorded\n",
		    db, reg_errmsg(&r));
		reg_rollback(&r);
		reg_close(&r);
		diag_free(&d);
		return 2;
	}
	struct adoption a;
	adoption_current(r.db, w->ag->id, &a);
	if (same)
		printf("%s already uses %s (adopted %s by %s); nothing recorded\n",
		    w->ag->id, scheme, a.at, a.actor);
	else
		printf("%s: adopted %s in place of %s, %s by %s: %s\n", w->ag->id,
		    scheme, now, a.at, a.actor, a.reason);
	if (strcmp(w->ag->assessment, scheme))
		printf("agency.yaml still names %s; merit assess and merit serve "
		    "use %s\n", w->ag->assessment, scheme);
	reg_close(&r);
	diag_free(&d);
	return 0;
}

int cmd_adopt(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "by", required_argument, NULL, 'b' },
		{ "reason", required_argument, NULL, 'r' },
		{ "db", required_argument, NULL, 'd' },
		{ "plugin-path", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = "merit.db", *by = NULL, *reason = NULL;
	struct workspace_opts wo = { 0 };
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'b': by = optarg; break;
		case 'r': reason = optarg; break;
		case 'd': db = optarg; break;
		case 'p': wo.plugin_path = optarg; break;
		case 'h': help(stdout); return 0;
		default: help(stderr); return 2;
		}
	}
	if (optind != argc - 2) {
		fprintf(stderr, "merit: adopt takes an AGENCY and an ASSESSMENT "
		    "type\n");
		help(stderr);
		return 2;
	}
	if (!text_ok("--by", by, 127) || !text_ok("--reason", reason, 1000))
		return 2;
	const char *scheme = argv[optind + 1];
	struct diag d;
	char *path;
	diag_init(&d);
	if (workspace_find(db, argv[optind], &path, &d)) {
		diag_print(&d);
		diag_free(&d);
		list_agencies(db);
		return 2;
	}
	struct workspace w;
	int rc = workspace_open(&w, path, &wo, &d);
	free(path);
	if (rc) {
		diag_print(&d);
		diag_free(&d);
		return 2;
	}
	diag_free(&d);
	if (!model_assessment(w.model, scheme)) {
		fprintf(stderr, "merit: agency %s has no assessment type '%s'\n",
		    w.ag->id, scheme);
		list_assessments(&w);
		workspace_close(&w);
		return 2;
	}
	rc = record(&w, db, scheme, by, reason);
	workspace_close(&w);
	return rc;
}
