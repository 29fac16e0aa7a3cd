/* merit raters: how far the raters of an agency agree, per competency,
 * from a dry run of its assessment: ICC(1), ICC(1,k) and Krippendorff's
 * alpha over the raters counted in each person's score (see agreement.h),
 * beside the count of persons whose raters' SD exceeds the assessment
 * type's disagreement limit. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "agreement.h"
#include "assess.h"
#include "cohort_report.h"
#include "commands.h"

/* One competency's counted values, person after person. */
struct comp_values {
	char *id;
	double *value;
	size_t n_value, cap_value;
	size_t *first; /* first[i]: person i's first value; n_persons + 1 */
	size_t n_persons, cap_persons;
	size_t n_disagree; /* persons flagged "raters disagree" */
	double sum_spread;
	size_t n_spread;
};

struct cohort_ratings {
	char *agency, *assessment;
	struct comp_values *comp;
	size_t n_comp, cap_comp;
	size_t n_results, n_rated;
	int oom;
};

static struct comp_values *comp_get(struct cohort_ratings *c, const char *id)
{
	for (size_t i = 0; i < c->n_comp; i++)
		if (!strcmp(c->comp[i].id, id))
			return &c->comp[i];
	if (cohort_report_grow((void **)&c->comp, &c->cap_comp, c->n_comp, sizeof(*c->comp)))
		return NULL;
	struct comp_values *v = &c->comp[c->n_comp];
	memset(v, 0, sizeof(*v));
	if (!(v->id = strdup(id)))
		return NULL;
	c->n_comp++;
	return v;
}

/* Person r's counted values of competency cv, as one more group. */
static int add_person(struct comp_values *cv, const struct merit_result *r)
{
	if (cohort_report_grow((void **)&cv->first, &cv->cap_persons, cv->n_persons + 1,
	    sizeof(*cv->first)))
		return -1;
	if (!cv->n_persons)
		cv->first[0] = 0;
	for (size_t i = 0; i < r->n_ratings; i++) {
		const struct merit_rating *rt = &r->ratings[i];
		if (!rt->counted || strcmp(rt->competency, cv->id))
			continue;
		if (cohort_report_grow((void **)&cv->value, &cv->cap_value, cv->n_value,
		    sizeof(*cv->value)))
			return -1;
		cv->value[cv->n_value++] = rt->value;
	}
	cv->first[++cv->n_persons] = cv->n_value;
	return 0;
}

static void on_result(const struct merit_result *r, void *data)
{
	struct cohort_ratings *c = data;
	if (c->oom)
		return;
	if (!c->agency && (!(c->agency = strdup(r->agency)) ||
	    !(c->assessment = strdup(r->assessment)))) {
		c->oom = 1;
		return;
	}
	c->n_results++;
	if (!r->n_ratings)
		return; /* not assessed, or not rated by raters */
	c->n_rated++;
	for (size_t k = 0; k < r->n_competencies; k++) {
		const struct merit_competency_result *cr = &r->competencies[k];
		struct comp_values *cv = comp_get(c, cr->id);
		if (!cv || add_person(cv, r)) {
			c->oom = 1;
			return;
		}
		cv->n_disagree += cr->disagreement != 0;
		if (isfinite(cr->spread)) {
			cv->sum_spread += cr->spread;
			cv->n_spread++;
		}
	}
}

static void cohort_ratings_free(struct cohort_ratings *c)
{
	for (size_t i = 0; i < c->n_comp; i++) {
		free(c->comp[i].id);
		free(c->comp[i].value);
		free(c->comp[i].first);
	}
	free(c->comp);
	free(c->agency);
	free(c->assessment);
}

static void num_cell(double x, int width, int prec)
{
	if (isnan(x))
		printf("  %*s", width, "-");
	else
		printf("  %*.*f", width, prec, x);
}

static void print_table(const struct cohort_ratings *c,
    const struct agreement *ag)
{
	size_t w = 10;
	for (size_t i = 0; i < c->n_comp; i++)
		if (strlen(c->comp[i].id) > w)
			w = strlen(c->comp[i].id);
	printf("%s, assessment %s: %zu persons rated by several raters\n\n",
	    c->agency, c->assessment, c->n_rated);
	printf("%-*s  %7s  %7s  %5s  %6s  %8s  %6s  %8s  %s\n", (int)w,
	    "competency", "persons", "ratings", "k0", "ICC(1)", "ICC(1,k)",
	    "alpha", "disagree", "reading (ICC(1,k); alpha)");
	for (size_t i = 0; i < c->n_comp; i++) {
		const struct agreement *a = &ag[i];
		printf("%-*s  %7zu  %7zu", (int)w, c->comp[i].id, a->n_persons,
		    a->n_values);
		num_cell(a->k0, 5, 2);
		num_cell(a->icc1, 6, 3);
		num_cell(a->icck, 8, 3);
		num_cell(a->alpha, 6, 3);
		printf("  %8zu  %s; %s\n", c->comp[i].n_disagree,
		    agreement_icc_reading(a->icck),
		    agreement_alpha_reading(a->alpha));
	}
	printf("\nICC(1): one-way random effects, one rater; ICC(1,k): the mean "
	    "of k0 raters;\nalpha: Krippendorff's, interval metric. Over the "
	    "raters counted in the score\n(self only when the assessment type "
	    "includes it). disagree: persons whose\nraters' SD exceeds the "
	    "assessment type's limit.\n");
}

static json_t *jnum(double x)
{
	return isnan(x) ? json_null() : json_real(x);
}

static int print_json(const struct cohort_ratings *c,
    const struct agreement *ag)
{
	json_t *list = json_array();
	for (size_t i = 0; list && i < c->n_comp; i++) {
		const struct agreement *a = &ag[i];
		const struct comp_values *cv = &c->comp[i];
		json_array_append_new(list, json_pack("{s:s, s:I, s:I, s:o, s:o, "
		    "s:o, s:o, s:o, s:o, s:I, s:o, s:s, s:s}", "id", cv->id,
		    "persons", (json_int_t)a->n_persons, "ratings",
		    (json_int_t)a->n_values, "k0", jnum(a->k0), "msb",
		    jnum(a->msb), "msw", jnum(a->msw), "icc1", jnum(a->icc1),
		    "icck", jnum(a->icck), "alpha", jnum(a->alpha), "disagreement",
		    (json_int_t)cv->n_disagree, "mean_spread", jnum(cv->n_spread ?
		    cv->sum_spread / (double)cv->n_spread : NAN), "icc_reading",
		    agreement_icc_reading(a->icck), "alpha_reading",
		    agreement_alpha_reading(a->alpha)));
	}
	json_t *o = json_pack("{s:s, s:s, s:I, s:o}", "agency", c->agency,
	    "assessment", c->assessment, "persons", (json_int_t)c->n_rated,
	    "competencies", list);
	return cohort_report_print_json(o);
}

static void help(FILE *f)
{
	fprintf(f, "usage: merit raters [OPTIONS] AGENCY\n\n"
	    "Score an agency's cohort in a dry run (nothing is written) and "
	    "print, per\ncompetency, how far its raters agree: ICC(1) (one-way "
	    "random effects, one\nrater), ICC(1,k) (the mean of k0 raters, k0 "
	    "adjusting for unequal numbers of\nraters per person) and "
	    "Krippendorff's alpha (interval metric), over the\nraters counted "
	    "in each person's score, beside the number of persons whose\n"
	    "raters disagree (SD above the assessment type's limit).\n\n"
	    "  --assessment ID      assessment type instead of the agency's\n"
	    "  --db FILE            register holding the persons and evidence "
	    "of an agency\n"
	    "                       without a roster file (default: merit.db)\n"
	    "  --format FMT         text (default) or json\n"
	    "  --plugin-path DIRS   extra plugin folders, colon-separated\n"
	    "  --lua-memory MIB     memory cap of the Lua sandbox (default 64)\n"
	    "  --lua-instructions N instruction budget of Lua scripts\n"
	    "\nExit status: 0 statistics printed, 2 input error.\n");
}

static int compute_and_print(const struct cohort_ratings *c, int json)
{
	struct agreement *ag = calloc(c->n_comp, sizeof(*ag));
	if (!ag) {
		fprintf(stderr, "merit: out of memory\n");
		return 2;
	}
	for (size_t i = 0; i < c->n_comp; i++)
		agreement_compute(c->comp[i].value, c->comp[i].first,
		    c->comp[i].n_persons, &ag[i]);
	int rc = 0;
	if (json)
		rc = print_json(c, ag);
	else
		print_table(c, ag);
	free(ag);
	if (rc) {
		fprintf(stderr, "merit: out of memory\n");
		return 2;
	}
	return fflush(stdout) ? 2 : 0;
}

int cmd_raters(int argc, char **argv)
{
	static const struct cohort_report cli = { .cmd = "raters",
		.formats = { "text", "json" }, .help = help };
	struct cohort_ratings cr = { 0 };
	struct assess_opts o = { .on_result = on_result, .on_result_data = &cr };
	int json, status = cohort_report_args(&cli, argc, argv, &o, &json);

	if (status >= 0)
		return status;
	status = 2;
	if (cohort_report_score(&cli, &o))
		goto out;
	if (cr.oom) {
		fprintf(stderr, "merit: out of memory\n");
		goto out;
	}
	if (!cr.n_rated) {
		fprintf(stderr, "merit: %s: assessment %s has no persons rated by "
		    "several raters: their qualities evidence must list raters: "
		    "[...] (examples/kz-360 does); choose another agency or "
		    "--assessment\n", o.agency, cr.assessment ? cr.assessment
		    : "?");
		goto out;
	}
	status = compute_and_print(&cr, json);
out:
	cohort_ratings_free(&cr);
	return status;
}
