/* merit fairness: an assessment's outcomes by the groups of one roster
 * field (sex, region, category, ...) from a dry run: per group the pass
 * rate and the rate of each band, the four-fifths adverse-impact ratio
 * with Fisher's exact test, and mean K against the reference group with
 * a Welch interval (see fairness.h). */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "assess.h"
#include "cohort_report.h"
#include "commands.h"
#include "fairness.h"
#include "vtree.h"

#define NO_VALUE "(none)" /* the group of persons without the field */

struct group {
	char *name;
	double *k;
	size_t n, cap;
	size_t n_pass;
	size_t *band_n;
};

struct fair_run {
	const char *field, *pass; /* --by, --pass (NULL: default) */
	char *agency, *assessment;
	char **band; /* the assessment's bands, highest first */
	size_t n_bands, pass_index; /* bands 0..pass_index pass */
	struct group *g;
	size_t n_groups, cap_groups;
	char **fields; /* roster keys seen, for the error message */
	size_t n_fields, cap_fields;
	size_t n_persons, n_with_field, n_not_assessed;
	char *error;
	int oom;
};

/* The first result: the agency, the assessment and its bands. */
static int start(struct fair_run *f, const struct merit_assessment *a,
    const struct merit_result *r)
{
	if (!(f->agency = strdup(r->agency)) ||
	    !(f->assessment = strdup(a->id)) ||
	    !(f->band = calloc(a->n_bands + 1, sizeof(*f->band))))
		return -1;
	f->n_bands = a->n_bands;
	for (size_t i = 0; i < a->n_bands; i++)
		if (!(f->band[i] = strdup(a->bands[i].label)))
			return -1;
	if (!a->n_bands) {
		asprintf(&f->error, "assessment %s has no bands: nobody passes "
		    "or fails", a->id);
		return 0;
	}
	/* by default every band but the lowest passes */
	f->pass_index = a->n_bands > 1 ? a->n_bands - 2 : 0;
	if (f->pass) {
		size_t i;
		for (i = 0; i < a->n_bands && strcmp(a->bands[i].label, f->pass);
		    i++)
			;
		if (i == a->n_bands) {
			char list[512] = "";
			size_t off = 0;
			for (size_t j = 0; j < a->n_bands && off < sizeof(list); j++)
				off += (size_t)snprintf(list + off, sizeof(list) - off,
				    "%s'%s'", j ? ", " : "", a->bands[j].label);
			asprintf(&f->error, "--pass %s: not a band of assessment "
			    "%s (its bands, highest first: %s)", f->pass, a->id, list);
			return 0;
		}
		f->pass_index = i;
	}
	return 0;
}

static int note_fields(struct fair_run *f, const merit_value *rec)
{
	for (size_t i = 0; rec && rec->type == MERIT_VALUE_MAP &&
	    i < rec->u.c.n; i++) {
		size_t j;
		for (j = 0; j < f->n_fields && strcmp(f->fields[j],
		    rec->u.c.keys[i]); j++)
			;
		if (j < f->n_fields)
			continue;
		if (cohort_report_grow((void **)&f->fields, &f->cap_fields, f->n_fields,
		    sizeof(*f->fields)) ||
		    !(f->fields[f->n_fields] = strdup(rec->u.c.keys[i])))
			return -1;
		f->n_fields++;
	}
	return 0;
}

static struct group *group_get(struct fair_run *f, const char *name)
{
	for (size_t i = 0; i < f->n_groups; i++)
		if (!strcmp(f->g[i].name, name))
			return &f->g[i];
	if (cohort_report_grow((void **)&f->g, &f->cap_groups, f->n_groups, sizeof(*f->g)))
		return NULL;
	struct group *g = &f->g[f->n_groups];
	memset(g, 0, sizeof(*g));
	if (!(g->name = strdup(name)) ||
	    !(g->band_n = calloc(f->n_bands + 1, sizeof(*g->band_n))))
		return NULL;
	f->n_groups++;
	return g;
}

/* The field's value as text: strings as they are, numbers as %g. */
static const char *field_text(const merit_value *v, char *buf, size_t len)
{
	double x;
	if (!v || v->type == MERIT_VALUE_NULL)
		return NO_VALUE;
	if (value_str(v))
		return value_str(v);
	if (!value_num(v, &x)) {
		snprintf(buf, len, "%g", x);
		return buf;
	}
	if (v->type == MERIT_VALUE_BOOL)
		return v->u.b ? "true" : "false";
	return NULL;
}

static void on_scored(const struct merit_person *p,
    const struct merit_assessment *a, const struct merit_result *r,
    void *data)
{
	struct fair_run *f = data;
	char buf[64];
	if (f->oom || f->error)
		return;
	if (!f->agency && start(f, a, r))
		goto oom;
	if (f->error)
		return;
	if (note_fields(f, p->record))
		goto oom;
	f->n_persons++;
	const merit_value *v = value_get(p->record, f->field);
	/* the roster's class is the person's class_level */
	f->n_with_field += v && v->type != MERIT_VALUE_NULL;
	if (r->status != MERIT_ASSESSED || !r->band) {
		f->n_not_assessed++;
		return;
	}
	const char *name = field_text(v, buf, sizeof(buf));
	if (!name) {
		char where[256];
		asprintf(&f->error, "%s: person %s: %s is a list or a mapping; "
		    "fairness groups by a text, number or true/false field",
		    value_where(v, where, sizeof(where)), p->id, f->field);
		return;
	}
	struct group *g = group_get(f, name);
	if (!g || cohort_report_grow((void **)&g->k, &g->cap, g->n, sizeof(*g->k)))
		goto oom;
	g->k[g->n++] = r->K;
	size_t b;
	for (b = 0; b < f->n_bands && strcmp(f->band[b], r->band); b++)
		;
	g->band_n[b]++; /* b == n_bands: a band not declared (a Lua score) */
	g->n_pass += b <= f->pass_index;
	return;
oom:
	f->oom = 1;
}

static void fair_run_free(struct fair_run *f)
{
	for (size_t i = 0; i < f->n_groups; i++) {
		free(f->g[i].name);
		free(f->g[i].k);
		free(f->g[i].band_n);
	}
	for (size_t i = 0; i < f->n_bands; i++)
		free(f->band[i]);
	for (size_t i = 0; i < f->n_fields; i++)
		free(f->fields[i]);
	free(f->fields);
	free(f->band);
	free(f->g);
	free(f->agency);
	free(f->assessment);
	free(f->error);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct group *)a)->name,
	    ((const struct group *)b)->name);
}

static void num(double x, int width, int prec)
{
	if (isnan(x))
		printf("  %*s", width, "-");
	else
		printf("  %*.*f", width, prec, x);
}

static void print_text(const struct fair_run *f,
    const struct fairness_group *fg, size_t ref)
{
	size_t w = 5;
	for (size_t i = 0; i < f->n_groups; i++)
		if (strlen(fg[i].name) > w)
			w = strlen(fg[i].name);
	printf("%s, assessment %s, by %s: %zu persons assessed, %zu not\n"
	    "pass: band '%s' or above; reference group: %s (the highest pass "
	    "rate)\n\n", f->agency, f->assessment, f->field,
	    f->n_persons - f->n_not_assessed, f->n_not_assessed,
	    f->band[f->pass_index], fg[ref].name);
	printf("%-*s  %4s  %6s  %6s  %7s  %7s  %7s  %18s\n", (int)w, "group",
	    "n", "pass", "ratio", "Fisher", "mean K", "diff", "95% CI (Welch)");
	for (size_t i = 0; i < f->n_groups; i++) {
		const struct fairness_group *g = &fg[i];
		printf("%-*s  %4zu", (int)w, g->name, g->n);
		num(g->pass_rate, 6, 3);
		num(g->impact_ratio, 6, 3);
		num(g->fisher_p, 7, 4);
		num(g->mean_k, 7, 4);
		num(g->diff, 7, 4);
		if (isnan(g->diff_lo))
			printf("  %18s", i == ref ? "reference" : "-");
		else
			printf("  [%7.4f, %7.4f]", g->diff_lo, g->diff_hi);
		printf("%s\n", g->impact_ratio < FAIRNESS_FOUR_FIFTHS
		    ? "  ADVERSE IMPACT" : "");
	}
	printf("\nband rates:\n");
	for (size_t i = 0; i < f->n_groups; i++) {
		printf("  %-*s", (int)w, fg[i].name);
		for (size_t b = 0; b < f->n_bands; b++)
			printf("  %s %.3f", f->band[b],
			    (double)f->g[i].band_n[b] / (double)fg[i].n);
		printf("\n");
	}
	printf("\nratio: pass rate over the reference's (four-fifths rule: "
	    "below %.2f is\nadverse impact); Fisher: exact test, two-sided, of "
	    "pass/fail against the\nreference group; diff: mean K minus the "
	    "reference's.\n", FAIRNESS_FOUR_FIFTHS);
}

static json_t *jnum(double x)
{
	return isnan(x) ? json_null() : json_real(x);
}

static int print_json(const struct fair_run *f,
    const struct fairness_group *fg, size_t ref)
{
	json_t *groups = json_array();
	for (size_t i = 0; groups && i < f->n_groups; i++) {
		const struct fairness_group *g = &fg[i];
		json_t *bands = json_object();
		for (size_t b = 0; bands && b < f->n_bands; b++)
			json_object_set_new(bands, f->band[b], json_real(
			    (double)f->g[i].band_n[b] / (double)g->n));
		json_array_append_new(groups, json_pack("{s:s, s:I, s:I, s:o, "
		    "s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:o, s:b, s:o}",
		    "group", g->name, "n", (json_int_t)g->n, "pass",
		    (json_int_t)g->n_pass, "pass_rate", jnum(g->pass_rate),
		    "impact_ratio", jnum(g->impact_ratio), "fisher_p",
		    jnum(g->fisher_p), "mean_k", jnum(g->mean_k), "sd_k",
		    jnum(g->sd_k), "diff", jnum(g->diff), "diff_lo",
		    jnum(g->diff_lo), "diff_hi", jnum(g->diff_hi), "welch_df",
		    jnum(g->welch_df), "band_rates", bands, "adverse",
		    g->impact_ratio < FAIRNESS_FOUR_FIFTHS, "reference",
		    json_boolean(i == ref)));
	}
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:I, s:I, s:s, s:o}",
	    "agency", f->agency, "assessment", f->assessment, "by", f->field,
	    "pass_band", f->band[f->pass_index], "assessed",
	    (json_int_t)(f->n_persons - f->n_not_assessed), "not_assessed",
	    (json_int_t)f->n_not_assessed, "reference", fg[ref].name, "groups",
	    groups);
	return cohort_report_print_json(o);
}

static void help(FILE *f)
{
	fprintf(f, "usage: merit fairness [OPTIONS] AGENCY --by FIELD\n\n"
	    "Score an agency's cohort in a dry run (nothing is written) and "
	    "compare the\ngroups of one roster field (sex, region, category, "
	    "term, post_level, ...):\nper group the persons assessed, the pass "
	    "rate and the rate of each band, the\nfour-fifths adverse-impact "
	    "ratio (the group's pass rate over the highest\ngroup's) with "
	    "Fisher's exact test (two-sided) against that reference group,\n"
	    "and mean K with its difference to the reference's and a Welch 95%% "
	    "interval.\nPersons not assessed are left out; persons without the "
	    "field form the\ngroup " NO_VALUE ".\n\n"
	    "  --by FIELD           the roster field to group by (required)\n"
	    "  --pass BAND          the lowest band that passes (default: every "
	    "band but\n                       the lowest)\n"
	    "  --assessment ID      assessment type instead of the agency's\n"
	    "  --db FILE            register holding the persons and evidence "
	    "of an agency\n"
	    "                       without a roster file (default: merit.db)\n"
	    "  --format FMT         text (default) or json\n"
	    "  --plugin-path DIRS   extra plugin folders, colon-separated\n"
	    "  --lua-memory MIB     memory cap of the Lua sandbox (default 64)\n"
	    "  --lua-instructions N instruction budget of Lua scripts\n"
	    "\nExit status: 0 no group below four fifths, 1 adverse impact, 2 "
	    "input error.\n");
}

/* After the run: the field must exist, the groups be comparable. */
static int check_run(const struct fair_run *f, const char *agency)
{
	if (f->oom) {
		fprintf(stderr, "merit: out of memory\n");
		return -1;
	}
	if (f->error) {
		fprintf(stderr, "merit: %s: %s\n", agency, f->error);
		return -1;
	}
	if (!f->n_with_field) {
		fprintf(stderr, "merit: %s: --by %s: no person of the roster has "
		    "the field %s; the roster's fields are:", agency, f->field,
		    f->field);
		for (size_t i = 0; i < f->n_fields; i++)
			fprintf(stderr, "%s %s", i ? "," : "", f->fields[i]);
		fprintf(stderr, "\n");
		return -1;
	}
	if (f->n_groups < 2) {
		fprintf(stderr, "merit: %s: --by %s: every person assessed is in "
		    "one group (%s); nothing to compare\n", agency, f->field,
		    f->n_groups ? f->g[0].name : "none");
		return -1;
	}
	return 0;
}

static int report(struct fair_run *f, int json)
{
	qsort(f->g, f->n_groups, sizeof(*f->g), by_name);
	struct fairness_group *fg = calloc(f->n_groups, sizeof(*fg));
	if (!fg) {
		fprintf(stderr, "merit: out of memory\n");
		return 2;
	}
	for (size_t i = 0; i < f->n_groups; i++) {
		fg[i].name = f->g[i].name;
		fg[i].n = f->g[i].n;
		fg[i].n_pass = f->g[i].n_pass;
		fg[i].k = f->g[i].k;
	}
	size_t ref = fairness_compute(fg, f->n_groups);
	int status = 0;
	for (size_t i = 0; i < f->n_groups; i++)
		if (fg[i].impact_ratio < FAIRNESS_FOUR_FIFTHS)
			status = 1;
	if (json) {
		if (print_json(f, fg, ref)) {
			fprintf(stderr, "merit: out of memory\n");
			status = 2;
		}
	} else {
		print_text(f, fg, ref);
	}
	free(fg);
	return fflush(stdout) ? 2 : status;
}

static int own_option(int opt, const char *arg, void *data)
{
	struct fair_run *f = data;
	if (opt == 'b')
		f->field = arg;
	else
		f->pass = arg;
	return 0;
}

int cmd_fairness(int argc, char **argv)
{
	static const struct option own[] = {
		{ "by", required_argument, NULL, 'b' },
		{ "pass", required_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 },
	};
	struct fair_run f = { 0 };
	const struct cohort_report cli = { .cmd = "fairness",
		.formats = { "text", "json" }, .help = help, .own_opts = own,
		.own = own_option, .data = &f };
	struct assess_opts o = { .on_scored = on_scored, .on_result_data = &f };
	int json, status = cohort_report_args(&cli, argc, argv, &o, &json);

	if (status >= 0)
		return status;
	if (!f.field || !*f.field) {
		fprintf(stderr, "merit: fairness takes one AGENCY and --by FIELD, "
		    "e.g. merit fairness examples/kr-scs --by sex\n");
		help(stderr);
		return 2;
	}
	status = 2;
	if (cohort_report_score(&cli, &o))
		goto out;
	if (!check_run(&f, o.agency))
		status = report(&f, json);
out:
	fair_run_free(&f);
	return status;
}
