/* What a run produced per person, and the summary table a person reads. */
#ifndef MERIT_REPORT_H
#define MERIT_REPORT_H

#include <stdio.h>
#include "merit/result.h"
#include "agency.h"
#include "cohort.h"

struct scored {
	const struct member *member;
	int ok;
	const char *error; /* why not scored */
	struct merit_result r;
	const char *post_level_id; /* the framework level of the post */
	const char *inputs_json; /* canonical, as hashed */
	char **lines; /* the explanation */
	size_t n_lines;
};

/* Counts over a whole run, for cohorts too large to list. */
struct report_totals {
	size_t persons, scored, not_assessed;
	double sum_k;
	size_t *band_n; /* per band of the assessment type */
};

struct report {
	const struct agency *agency;
	const struct merit_model *model;
	const struct merit_assessment *assessment;
	const struct scored *scored; /* NULL: no per-person rows */
	size_t n;
	const struct report_totals *totals;
	const char *db;
	size_t added, kept;
	const char *const *exports;
	size_t n_exports;
};

void report_table(FILE *f, const struct report *r);

#endif
