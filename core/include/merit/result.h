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

/* One competency as measured. value is in [0,1]; se and value are NAN
 * when unknown; level is NULL when no level was attained or the model has
 * none. */
struct merit_competency_result {
	const char *id;
	const char *level;
	double value;
	double se;
	/* The measured position on the framework's scale, for gap analysis:
	 * 1..n over the framework's levels, or a point of the rating scale
	 * when the competency has no levels; NAN when not measured so. */
	double position, position_se;
	int n_raters; /* raters counted in value; 0 when not rated by raters */
	double self; /* the self-rating on value's scale; NAN when none */
	double spread; /* standard deviation of the raters' values; NAN */
	int disagreement; /* spread above the assessment type's limit */
	const char *provenance; /* which inputs, e.g. "evidence.yaml:12:7" */
};

/* A knowledge subscore for one course of the catalogue (quiz engine). */
struct merit_course_result {
	const char *id;
	double value, se;
	int n_items;
};

/* One test item as answered: its score out of its maximum (quiz). */
struct merit_item_result {
	const char *id;
	double score, max;
};

/* One rater's value of one competency, as an engine reported it for
 * statistics of rater agreement (merit raters). */
struct merit_rating {
	const char *competency;
	const char *rater; /* the rater's id; NULL when none was given */
	const char *role; /* assessor, manager, peer, subordinate or self */
	double value; /* in [0,1], on the competency's value scale */
	int counted; /* in the competency's combined value */
};

/* A competency whose measured position falls short of the required one
 * by more than k standard errors. priority 1 is the one to develop first. */
struct merit_gap {
	const char *competency;
	const char *required_level, *measured_level; /* NULL without levels */
	double required, measured, se, gap;
	double importance;
	int priority;
};

/* Why a person was not assessed (e.g. "on leave"), reported by an engine;
 * the result then has no K and no band. */
enum merit_status {
	MERIT_ASSESSED = 0,
	MERIT_NOT_ASSESSED = 1
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
	enum merit_status status;
	const char *reason; /* when not assessed */
	size_t n_courses;
	const struct merit_course_result *courses;
	size_t n_gaps;
	const struct merit_gap *gaps; /* by priority */
	size_t n_explanation;
	const char *const *explanation; /* how K, band and gaps were reached */
	double self_qualities; /* B_KF from self-ratings alone; NAN */
	size_t n_items;
	const struct merit_item_result *items; /* for item statistics */
	/* Which inputs each element was measured from: "file:line:column"
	 * of the person's evidence for it; NULL when unused or none. */
	const char *provenance[MERIT_ELEMENTS];
	size_t n_ratings;
	const struct merit_rating *ratings; /* each rater's, in input order */
};

#endif
