/* merit — what an assessment produces for one person.
 *
 * Engines fill measurements through the host API; the core assembles them
 * into a struct merit_result that scorers complete and exporters read.
 */
#ifndef MERIT_RESULT_H
#define MERIT_RESULT_H

#include <stddef.h>
#include "model.h"

/* The person being assessed, from the agency's roster. */
struct merit_person {
	const char *id; /* pseudonymous */
	int post_level;
	const char *category; /* official | operational | auxiliary */
	const char *term; /* indefinite | fixed | probation */
	int class_level;
	const char *position; /* may be NULL */
	const struct merit_value *record; /* the whole roster entry */
};

/* One competency as measured. se and value are NAN when unknown;
 * level is NULL when no level was attained or the model has none. */
struct merit_competency_result {
	const char *id;
	const char *level;
	double value;
	double se;
};

struct merit_result {
	const char *person, *agency, *period;
	const char *framework, *framework_version;
	const char *assessment;
	int used[MERIT_ELEMENTS];
	double element[MERIT_ELEMENTS]; /* in [0,1]; NAN when unused */
	double weight[MERIT_ELEMENTS]; /* NAN when unused */
	double K;
	const char *band;
	size_t n_competencies;
	const struct merit_competency_result *competencies;
	const char *receipt; /* hex BLAKE2b-256 */
	const char *model_hash;
};

#endif
