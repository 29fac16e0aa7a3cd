/* Training demand per coming quarter, course and agency, from compliance
 * due dates, approved plans and unplanned gaps (FORECAST in merit(1)).
 * merit forecast and the HTTP API share this code. */
#ifndef MERIT_FORECAST_H
#define MERIT_FORECAST_H

#include <stddef.h>
#include <jansson.h>
#include <sqlite3.h>
#include "diag.h"
#include "workspace.h"

#define FORECAST_MAX_QUARTERS 40

enum forecast_source { FORECAST_COMPLIANCE, FORECAST_PLAN, FORECAST_GAP };
extern const char *const forecast_source_names[];

struct forecast_demand {
	int quarter, source;
	char *agency, *policy, *course; /* policy NULL but for compliance */
	long persons;
	double hours;
};

struct forecast {
	long as_of, start[FORECAST_MAX_QUARTERS + 1];
	int quarters;
	struct forecast_demand *rows; /* in key order after forecast_sort */
	size_t n, cap;
	/* while an agency is added */
	const struct merit_model *model;
	const char *agency;
	char person[256];
	const char **seen;
	size_t n_seen;
};

/* quarters from the one holding as_of, 1 to FORECAST_MAX_QUARTERS. */
void forecast_init(struct forecast *f, long as_of, int quarters);
/* Add one agency's demand: 0, or an error code with the findings in d. */
int forecast_agency(struct forecast *f, sqlite3 *db, struct workspace *w,
    struct diag *d);
/* Order the rows: quarter, agency, source, policy, course. */
void forecast_sort(struct forecast *f);
/* As merit forecast --format json shows it: {as_of, quarters: [{quarter,
 * start}], demand: [{quarter, agency, source, policy, course, persons,
 * hours}]}; NULL when out of memory. */
json_t *forecast_json(const struct forecast *f);
void forecast_free(struct forecast *f);

#endif
