/* merit items: classical item statistics of an agency's test, from a dry
 * run of its assessment, for the methodologists who maintain the bank. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "assess.h"
#include "cohort_report.h"
#include "commands.h"
#include "itemstats.h"
#include "uncertainty.h"

struct cell {
	size_t item;
	double score;
};

struct person_row {
	struct cell *cells;
	size_t n;
};

/* What the dry run reported, copied out of results that do not outlive
 * it. */
struct cohort_items {
	char *agency, *assessment;
	char **ids; /* items in order of first appearance */
	double *max;
	char **course; /* each item's course, NULL when none */
	size_t n_items, cap_items;
	struct person_row *rows;
	size_t n_rows, cap_rows;
	char *error; /* first inconsistency found */
	int oom;
};

static void on_result(const struct merit_result *r, void *data)
{
	struct cohort_items *c = data;
	struct person_row row = { 0 };

	if (c->oom || c->error)
		return;
	if (!c->agency && (!(c->agency = strdup(r->agency)) ||
	    !(c->assessment = strdup(r->assessment))))
		goto oom;
	if (r->n_items && !(row.cells = calloc(r->n_items, sizeof(*row.cells))))
		goto oom;
	for (size_t i = 0; i < r->n_items; i++) {
		const struct merit_item_result *it = &r->items[i];
		size_t k;
		for (k = 0; k < c->n_items && strcmp(c->ids[k], it->id); k++)
			;
		if (k == c->n_items) {
			if (cohort_report_grow((void **)&c->ids, &c->cap_items, c->n_items,
			    sizeof(*c->ids)))
				goto oom;
			double *nm = realloc(c->max, c->cap_items * sizeof(*nm));
			if (!nm)
				goto oom;
			c->max = nm;
			char **ncs = realloc(c->course, c->cap_items * sizeof(*ncs));
			if (!ncs)
				goto oom;
			c->course = ncs;
			const char *course = r->item_course ? r->item_course[i]
			    : NULL;
			c->course[k] = NULL;
			if (!(c->ids[k] = strdup(it->id)) ||
			    (course && !(c->course[k] = strdup(course))))
				goto oom;
			c->max[k] = it->max;
			c->n_items++;
		} else if (c->max[k] != it->max) {
			/* one item, two maxima: the statistics would mix scales */
			if (asprintf(&c->error, "item %s is worth %g for %s but %g "
			    "for an earlier person", it->id, it->max, r->person,
			    c->max[k]) < 0)
				c->error = NULL, c->oom = 1;
			free(row.cells);
			return;
		}
		for (size_t j = 0; j < row.n; j++)
			if (row.cells[j].item == k) {
				if (asprintf(&c->error, "item %s is reported twice for "
				    "%s (is it measured by two elements?)", it->id,
				    r->person) < 0)
					c->error = NULL, c->oom = 1;
				free(row.cells);
				return;
			}
		row.cells[row.n].item = k;
		row.cells[row.n].score = it->score;
		row.n++;
	}
	if (cohort_report_grow((void **)&c->rows, &c->cap_rows, c->n_rows, sizeof(*c->rows)))
		goto oom;
	c->rows[c->n_rows++] = row;
	return;
oom:
	free(row.cells);
	c->oom = 1;
}

static void cohort_items_free(struct cohort_items *c)
{
	for (size_t i = 0; i < c->n_items; i++) {
		free(c->ids[i]);
		free(c->course[i]);
	}
	free(c->course);
	for (size_t i = 0; i < c->n_rows; i++)
		free(c->rows[i].cells);
	free(c->ids);
	free(c->max);
	free(c->rows);
	free(c->agency);
	free(c->assessment);
	free(c->error);
}

/* The statistics of one course's subscore: the test made of the items
 * of that course alone. */
struct course_stat {
	const char *id;
	struct teststat t;
	double sem; /* in points of the subscore */
};

static int course_stats(const struct cohort_items *c, const double *score,
    struct course_stat **out, size_t *n_out)
{
	struct course_stat *cs = NULL;
	size_t n = 0;
	double *sub = malloc(c->n_rows * c->n_items * sizeof(*sub) + 1);
	double *max = malloc(c->n_items * sizeof(*max) + 1);
	struct itemstat *it = calloc(c->n_items + 1, sizeof(*it));
	int rc = sub && max && it && (cs = calloc(c->n_items + 1,
	    sizeof(*cs))) ? 0 : -2;
	for (size_t j = 0; !rc && j < c->n_items; j++) {
		const char *id = c->course[j];
		size_t k, m = 0;
		for (k = 0; k < n && (!id || strcmp(cs[k].id, id)); k++)
			;
		if (!id || k < n)
			continue; /* no course, or done */
		for (size_t q = j; q < c->n_items; q++) {
			if (!c->course[q] || strcmp(c->course[q], id))
				continue;
			for (size_t i = 0; i < c->n_rows; i++)
				sub[i * c->n_items + m] = score[i * c->n_items + q];
			max[m++] = c->max[q];
		}
		/* rows of n_items stride: compact them to m columns */
		for (size_t i = 0; i < c->n_rows; i++)
			memmove(sub + i * m, sub + i * c->n_items, m * sizeof(*sub));
		cs[n].id = id;
		if ((rc = itemstats_compute(sub, max, c->n_rows, m, it, &cs[n].t)))
			break;
		cs[n].sem = uncertainty_sem(cs[n].t.sd, cs[n].t.reliability);
		n++;
	}
	free(sub);
	free(max);
	free(it);
	if (rc) {
		free(cs);
		return rc;
	}
	*out = cs;
	*n_out = n;
	return 0;
}

static const char *flag_text(int flags, char *buf, size_t len)
{
	size_t off = 0;
	buf[0] = '\0';
	if (flags & ITEMSTATS_HARD)
		off += (size_t)snprintf(buf + off, len - off, "hard");
	if ((flags & ITEMSTATS_EASY) && off < len)
		off += (size_t)snprintf(buf + off, len - off, "%seasy",
		    off ? ", " : "");
	if ((flags & ITEMSTATS_LOW_R) && off < len)
		snprintf(buf + off, len - off, "%slow discrimination",
		    off ? ", " : "");
	return buf;
}

static void num_cell(FILE *f, const char *fmt, int width, double x)
{
	if (isnan(x))
		fprintf(f, "%*s", width, "-");
	else
		fprintf(f, fmt, width, x);
}

static void print_courses(const struct course_stat *cs, size_t n)
{
	if (n)
		printf("per course subscore (SEM in points, and as a share of "
		    "the subscore):\n");
	for (size_t k = 0; k < n; k++) {
		const struct teststat *t = &cs[k].t;
		printf("  %s: %zu items, %g points; %s ", cs[k].id, t->n_items,
		    t->max_total, t->dichotomous ? "KR-20" : "alpha");
		num_cell(stdout, "%*.3f", 1, t->reliability);
		printf(", SD ");
		num_cell(stdout, "%*.3f", 1, t->sd);
		printf(", SEM ");
		num_cell(stdout, "%*.3f", 1, cs[k].sem);
		printf(" (");
		num_cell(stdout, "%*.3f", 1, cs[k].sem / t->max_total);
		printf(")\n");
	}
}

static void print_table(const struct cohort_items *c,
    const struct itemstat *it, const struct teststat *t,
    const struct course_stat *cs, size_t n_cs)
{
	size_t w = 4;
	char flags[64];
	for (size_t j = 0; j < c->n_items; j++)
		if (strlen(c->ids[j]) > w)
			w = strlen(c->ids[j]);
	printf("%s, assessment %s: %zu persons, %zu items\n\n", c->agency,
	    c->assessment, t->n_persons, t->n_items);
	printf("%-*s  %5s  %5s  %6s  %6s  %s\n", (int)w, "item", "n", "max", "p",
	    "r_rest", "flags");
	for (size_t j = 0; j < c->n_items; j++) {
		printf("%-*s  %5zu  %5g  ", (int)w, c->ids[j], it[j].n, c->max[j]);
		num_cell(stdout, "%*.3f", 6, it[j].p);
		printf("  ");
		num_cell(stdout, "%*.3f", 6, it[j].r);
		printf("%s%s\n", it[j].flags ? "  " : "",
		    flag_text(it[j].flags, flags, sizeof(flags)));
	}
	printf("\ntest: %zu items, %g points; %zu of %zu persons took every "
	    "item\n", t->n_items, t->max_total, t->n_complete, t->n_persons);
	printf("totals: mean ");
	num_cell(stdout, "%*.3f", 1, t->mean);
	printf(", SD ");
	num_cell(stdout, "%*.3f", 1, t->sd);
	printf("\nreliability: %s ", t->dichotomous ? "KR-20" :
	    "Cronbach's alpha");
	num_cell(stdout, "%*.3f", 1, t->reliability);
	printf("%s\n", t->dichotomous ? " (every item scored 0 or 1)" :
	    " (items with more than 1 point or partial credit)");
	printf("SEM: ");
	num_cell(stdout, "%*.3f", 1, uncertainty_sem(t->sd, t->reliability));
	printf(" points (SD * sqrt(1 - reliability))\n");
	print_courses(cs, n_cs);
	printf("flagged: %zu of %zu items (hard: p < %.2f, easy: p > %.2f, low "
	    "discrimination: r_rest < %.2f or undefined)\n", t->n_flagged,
	    t->n_items, ITEMSTATS_P_LOW, ITEMSTATS_P_HIGH, ITEMSTATS_R_LOW);
}

static json_t *jnum(double x)
{
	return isnan(x) ? json_null() : json_real(x);
}

static json_t *courses_json(const struct course_stat *cs, size_t n)
{
	json_t *a = json_array();
	for (size_t k = 0; a && k < n; k++) {
		const struct teststat *t = &cs[k].t;
		json_array_append_new(a, json_pack("{s:s, s:I, s:o, s:I, s:o, "
		    "s:o, s:s, s:o, s:o, s:o}", "id", cs[k].id, "items",
		    (json_int_t)t->n_items, "max_total", json_real(t->max_total),
		    "complete", (json_int_t)t->n_complete, "mean", jnum(t->mean),
		    "sd", jnum(t->sd), "reliability_method", t->dichotomous ?
		    "KR-20" : "alpha", "reliability", jnum(t->reliability), "sem",
		    jnum(cs[k].sem), "sem_share", jnum(cs[k].sem / t->max_total)));
	}
	return a;
}

static int print_json(const struct cohort_items *c,
    const struct itemstat *it, const struct teststat *t,
    const struct course_stat *cs, size_t n_cs)
{
	json_t *items = json_array();
	for (size_t j = 0; items && j < c->n_items; j++) {
		json_t *fl = json_array();
		if (it[j].flags & ITEMSTATS_HARD)
			json_array_append_new(fl, json_string("hard"));
		if (it[j].flags & ITEMSTATS_EASY)
			json_array_append_new(fl, json_string("easy"));
		if (it[j].flags & ITEMSTATS_LOW_R)
			json_array_append_new(fl, json_string("low-discrimination"));
		json_array_append_new(items, json_pack("{s:s, s:I, s:o, s:o, s:o, "
		    "s:o, s:o}", "id", c->ids[j], "n", (json_int_t)it[j].n, "max",
		    json_real(c->max[j]), "mean", jnum(it[j].mean), "p",
		    jnum(it[j].p), "r_rest", jnum(it[j].r), "flags", fl));
	}
	json_t *o = json_pack("{s:s, s:s, s:I, s:o, s:{s:I, s:o, s:I, s:o, "
	    "s:o, s:s, s:o, s:o, s:I}, s:o, s:{s:f, s:f, s:f}}",
	    "agency", c->agency, "assessment", c->assessment,
	    "persons", (json_int_t)t->n_persons, "items", items,
	    "test", "items", (json_int_t)t->n_items, "max_total",
	    json_real(t->max_total), "complete", (json_int_t)t->n_complete,
	    "mean", jnum(t->mean), "sd", jnum(t->sd), "reliability_method",
	    t->dichotomous ? "KR-20" : "alpha", "reliability",
	    jnum(t->reliability), "sem", jnum(uncertainty_sem(t->sd,
	    t->reliability)), "flagged", (json_int_t)t->n_flagged,
	    "courses", courses_json(cs, n_cs), "thresholds", "p_low", ITEMSTATS_P_LOW, "p_high", ITEMSTATS_P_HIGH,
	    "r_low", ITEMSTATS_R_LOW);
	return cohort_report_print_json(o);
}

static void help(FILE *f)
{
	fprintf(f, "usage: merit items [OPTIONS] AGENCY\n\n"
	    "Score an agency's cohort in a dry run (nothing is written) and print "
	    "classical\nstatistics of the test items its engines report (the "
	    "quiz engine does):\nper item the persons who took it, difficulty p "
	    "(mean score / maximum) and\ndiscrimination r_rest (correlation of "
	    "the item score with the rest score,\nthe total minus the item); for "
	    "the test KR-20 when every item is scored 0/1,\nelse Cronbach's "
	    "alpha, and the mean and SD of the totals. Items with\np < 0.2, "
	    "p > 0.9 or r_rest < 0.2 are flagged for review.\n\n"
	    "  --assessment ID      assessment type instead of the agency's\n"
	    "  --db FILE            register holding the persons and evidence "
	    "of an agency\n"
	    "                       without a roster file (default: merit.db)\n"
	    "  --format FMT         table (default) or json\n"
	    "  --plugin-path DIRS   extra plugin folders, colon-separated\n"
	    "  --lua-memory MIB     memory cap of the Lua sandbox (default 64)\n"
	    "  --lua-instructions N instruction budget of Lua scripts\n"
	    "\nExit status: 0 statistics printed (flagged items included), 2 "
	    "input error.\n");
}

int cmd_items(int argc, char **argv)
{
	static const struct cohort_report cli = { .cmd = "items",
		.formats = { "table", "json" }, .help = help };
	struct cohort_items ci = { 0 };
	struct assess_opts o = { .on_result = on_result, .on_result_data = &ci };
	double *score = NULL;
	struct itemstat *it = NULL;
	struct teststat t;
	struct course_stat *cs = NULL;
	size_t n_cs = 0;
	int json, status = cohort_report_args(&cli, argc, argv, &o, &json);

	if (status >= 0)
		return status;
	status = 2;
	if (cohort_report_score(&cli, &o))
		goto out;
	if (ci.oom) {
		fprintf(stderr, "merit: out of memory\n");
		goto out;
	}
	if (ci.error) {
		fprintf(stderr, "merit: %s\n", ci.error);
		goto out;
	}
	if (!ci.n_items) {
		fprintf(stderr, "merit: %s: assessment %s reports no test items: "
		    "none of its engines scores items (the quiz engine does); "
		    "choose one with --assessment\n", o.agency,
		    ci.assessment ? ci.assessment : "?");
		goto out;
	}
	if (ci.n_rows < 2) {
		fprintf(stderr, "merit: %s: item statistics need at least 2 "
		    "persons; the roster has %zu\n", o.agency, ci.n_rows);
		goto out;
	}
	if (!(score = malloc(ci.n_rows * ci.n_items * sizeof(*score))) ||
	    !(it = calloc(ci.n_items, sizeof(*it)))) {
		fprintf(stderr, "merit: out of memory\n");
		goto out;
	}
	for (size_t i = 0; i < ci.n_rows * ci.n_items; i++)
		score[i] = NAN; /* not given to the person */
	for (size_t i = 0; i < ci.n_rows; i++)
		for (size_t j = 0; j < ci.rows[i].n; j++)
			score[i * ci.n_items + ci.rows[i].cells[j].item] =
			    ci.rows[i].cells[j].score;
	if (itemstats_compute(score, ci.max, ci.n_rows, ci.n_items, it, &t)) {
		fprintf(stderr, "merit: item statistics failed: a score outside "
		    "[0, max], or out of memory\n");
		goto out;
	}
	if (course_stats(&ci, score, &cs, &n_cs)) {
		fprintf(stderr, "merit: out of memory\n");
		goto out;
	}
	if (json) {
		if (print_json(&ci, it, &t, cs, n_cs)) {
			fprintf(stderr, "merit: out of memory\n");
			goto out;
		}
	} else {
		print_table(&ci, it, &t, cs, n_cs);
	}
	status = fflush(stdout) ? 2 : 0;
out:
	free(cs);
	free(score);
	free(it);
	cohort_items_free(&ci);
	return status;
}
