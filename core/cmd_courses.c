/* merit courses: an agency's course catalogue, and the effects of courses
 * learned from the register. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "commands.h"
#include "recommend.h"
#include "register.h"
#include "workspace.h"

static void help(FILE *f)
{
	fprintf(f, "usage: merit courses [OPTIONS]\n\n"
	    "List the courses an agency's model declares, with what each "
	    "develops; with\n--effects, the effect of each course per "
	    "competency learned from the register:\nthe mean gain in position "
	    "(levels) of the persons who completed it between\ntwo results "
	    "that both measured the competency, its standard error sd/√n\nand "
	    "n. Recommendations use an effect once n ≥ %d.\n\n"
	    "  --db FILE             register (default: merit.db)\n"
	    "  --agency ID           the agency (default: the register's only "
	    "one); with\n"
	    "                        --effects, its framework's results only\n"
	    "  --effects             list learned effects\n"
	    "  --format table|json   output (default: table)\n"
	    "\nExit status: 0 listed, 1 nothing to list, 2 usage, register or "
	    "model error.\n", EFFECT_MIN_N);
}

static json_t *effect_json(const char *course, const char *competency,
    const struct course_effect *e)
{
	json_t *o = json_object();
	json_object_set_new(o, "course", json_string(course));
	json_object_set_new(o, "competency", json_string(competency));
	json_object_set_new(o, "n", json_integer(e ? e->n : 0));
	json_object_set_new(o, "mean", e ? json_real(e->mean) : json_null());
	json_object_set_new(o, "se", e && !isnan(e->se) ? json_real(e->se) :
	    json_null());
	json_object_set_new(o, "used", json_boolean(e && e->n >= EFFECT_MIN_N));
	return o;
}

static void effect_row(const char *course, const char *competency,
    const struct course_effect *e)
{
	char mean[32] = "-", se[32] = "-";
	if (e) {
		snprintf(mean, sizeof(mean), "%+.4f", e->mean);
		if (!isnan(e->se))
			snprintf(se, sizeof(se), "%.4f", e->se);
	}
	printf("%-32s %-24s %5d %9s %8s  %s\n", course, competency, e ? e->n : 0,
	    mean, se, e && e->n >= EFFECT_MIN_N ? "used" : "not yet");
}

/* The agency asked for, or the register's only one. */
static int pick_agency(const char *db, const char *agency, char **path)
{
	struct diag d;
	char **ids = NULL, **paths = NULL;
	size_t n = 0;
	int rc = 2;
	diag_init(&d);
	if (agency) {
		rc = workspace_find(db, agency, path, &d) ? 2 : 0;
	} else if (!workspace_list(db, &ids, &paths, &n, &d)) {
		if (n == 1 && (*path = strdup(paths[0])))
			rc = 0;
		else
			fprintf(stderr, "merit: %s holds %zu agencies; choose one "
			    "with --agency\n", db, n);
	}
	diag_print(&d);
	diag_free(&d);
	workspace_list_free(ids, paths, n);
	return rc;
}

int cmd_courses(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "agency", required_argument, NULL, 'g' },
		{ "effects", no_argument, NULL, 'e' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = "merit.db", *agency = NULL, *format = "table";
	int effects = 0, c, rc = 2, json;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'g': agency = optarg; break;
		case 'e': effects = 1; break;
		case 'f': format = optarg; break;
		case 'h': help(stdout); return 0;
		default: help(stderr); return 2;
		}
	}
	if ((strcmp(format, "table") && strcmp(format, "json")) || optind != argc) {
		fprintf(stderr, "merit: courses takes options only; --format is "
		    "table or json\n");
		help(stderr);
		return 2;
	}
	json = !strcmp(format, "json");
	struct reg r = { 0 };
	struct workspace w;
	struct effect_set eff = { 0 };
	struct diag d;
	char *path = NULL;
	int have_reg = 0, have_ws = 0;
	json_t *out = json_array();
	diag_init(&d);
	if (effects) {
		if (reg_open_readonly(&r, db)) {
			fprintf(stderr, "merit: %s: cannot open the register\n", db);
			goto done;
		}
		have_reg = 1;
	}
	if (!effects || agency) {
		if (pick_agency(db, agency, &path))
			goto done;
		if (workspace_open(&w, path, NULL, &d)) {
			diag_print(&d);
			goto done;
		}
		have_ws = 1;
	}
	const struct merit_model *m = have_ws ? w.model : NULL;
	if (effects && effects_compute(r.db, m && m->framework ?
	    m->framework->id : NULL, &eff)) {
		fprintf(stderr, "merit: %s: cannot compute course effects: %s\n",
		    db, sqlite3_errmsg(r.db));
		goto done;
	}
	if (effects && !json)
		printf("%-32s %-24s %5s %9s %8s  %s\n", "course", "competency", "n",
		    "mean", "se", "in ranking");
	size_t rows = 0;
	if (effects && !m) {
		for (size_t i = 0; i < eff.n; i++, rows++) {
			if (json)
				json_array_append_new(out, effect_json(eff.v[i].course,
				    eff.v[i].competency, &eff.v[i]));
			else
				effect_row(eff.v[i].course, eff.v[i].competency,
				    &eff.v[i]);
		}
	}
	for (size_t i = 0; m && i < m->n_courses; i++) {
		const struct merit_course *co = &m->courses[i];
		if (!effects) {
			rows++;
			if (json) {
				json_t *dv = json_object();
				for (size_t k = 0; k < co->n_develops; k++)
					json_object_set_new(dv, co->develops[k].competency,
					    co->develops[k].level ?
					    json_string(co->develops[k].level) : json_true());
				json_array_append_new(out, json_pack("{s:s, s:s, s:f, "
				    "s:s?, s:o}", "course", co->id, "title",
				    model_text(&co->title, "en"), "hours", co->hours,
				    "format", co->format, "develops", dv));
				continue;
			}
			printf("%-32s %4gh %-9s %s\n", co->id, co->hours, co->format ?
			    co->format : "-", model_text(&co->title, "en"));
			for (size_t k = 0; k < co->n_develops; k++)
				printf("    develops %s to %s\n",
				    co->develops[k].competency, co->develops[k].level ?
				    co->develops[k].level : "the required level");
			continue;
		}
		for (size_t k = 0; k < co->n_develops; k++, rows++) {
			const char *cp = co->develops[k].competency;
			const struct course_effect *e = effects_find(&eff, co->id, cp);
			if (json)
				json_array_append_new(out, effect_json(co->id, cp, e));
			else
				effect_row(co->id, cp, e);
		}
	}
	if (json) {
		json_dumpf(out, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
	}
	if (!rows)
		fprintf(stderr, "merit: %s\n", effects ? "no course was completed "
		    "between two measurements yet" : "the model declares no "
		    "course");
	rc = rows ? 0 : 1;
done:
	json_decref(out);
	effects_free(&eff);
	free(path);
	diag_free(&d);
	if (have_ws)
		workspace_close(&w);
	if (have_reg)
		reg_close(&r);
	return rc;
}
