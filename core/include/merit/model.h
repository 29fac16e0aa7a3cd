/* merit — the validated model, as immutable C structs.
 *
 * Methodologists declare frameworks, competencies, assessment types,
 * requirements, courses and policies in Lua; the core validates the
 * declarations and freezes them into these structs. Plugins read them and
 * never write them. ABI rule: fields are only ever appended to a struct,
 * and only in a new minor ABI version.
 */
#ifndef MERIT_MODEL_H
#define MERIT_MODEL_H

#include <stddef.h>

/* The three elements of an evaluation (seed 001): B_M, B_KF, B_FS. */
enum merit_element {
	MERIT_QUALIFICATION = 0,
	MERIT_QUALITIES = 1,
	MERIT_PERFORMANCE = 2,
	MERIT_ELEMENTS = 3
};

/* Education ranks used by qualification requirements; 0 = not stated. */
enum merit_education {
	MERIT_EDU_NONE = 0,
	MERIT_EDU_SECONDARY,
	MERIT_EDU_VOCATIONAL,
	MERIT_EDU_BACHELOR,
	MERIT_EDU_MASTER,
	MERIT_EDU_DOCTORATE
};

struct merit_source {
	const char *file;
	int line;
};

/* One text in one language ("en", "ru", "kk", "uz", ...). */
struct merit_text {
	const char *lang;
	const char *text;
};

/* A multilingual text; n == 0 when absent. */
struct merit_i18n {
	size_t n;
	const struct merit_text *v;
};

/* An ordinal level of a framework, low to high. post_min/post_max are the
 * post levels it applies to, both 0 when the level is not tied to posts. */
struct merit_level {
	const char *id;
	int index; /* 0 = lowest */
	int post_min, post_max;
	struct merit_i18n title;
};

/* Behavioural indicators of one level of a competency (level == NULL:
 * the set applies at every post the competency covers). */
struct merit_indicator_set {
	const struct merit_level *level;
	size_t n_effective, n_ineffective;
	const struct merit_i18n *effective;
	const struct merit_i18n *ineffective;
};

struct merit_competency {
	const char *id;
	struct merit_i18n title;
	struct merit_i18n description;
	const char *group; /* e.g. "basic", "differentiating"; may be NULL */
	int post_min, post_max; /* posts the competency covers; 0,0 = all */
	size_t n_sets;
	const struct merit_indicator_set *sets; /* level order, then the level-independent set */
	struct merit_source src;
};

struct merit_framework {
	const char *id, *country, *version;
	struct merit_i18n title;
	const char *source; /* bibliographic source of the model */
	size_t n_levels;
	const struct merit_level *levels; /* low to high */
	size_t n_competencies;
	const struct merit_competency *competencies;
	struct merit_source src;
};

struct merit_element_spec {
	int used;
	double weight;
	const char *engine;
};

struct merit_band {
	double min;
	const char *label;
};

/* Rater roles of a multi-rater (360-degree) assessment. */
enum merit_role {
	MERIT_ROLE_ASSESSOR = 0, /* an assessor or commission; the default */
	MERIT_ROLE_MANAGER,
	MERIT_ROLE_PEER,
	MERIT_ROLE_SUBORDINATE,
	MERIT_ROLE_SELF,
	MERIT_ROLES
};

/* How several raters' values of one competency become one. */
enum merit_combine {
	MERIT_COMBINE_WEIGHTED = 0, /* mean per role, weighted across roles */
	MERIT_COMBINE_MEDIAN,
	MERIT_COMBINE_TRIMMED
};

struct merit_raters {
	enum merit_combine combine;
	double role_weight[MERIT_ROLES]; /* for WEIGHTED; self's is unused
					    unless include_self */
	double trim; /* for TRIMMED: fraction cut at each end, [0, 0.5) */
	int include_self; /* 0: self reported beside the score, not in it */
	double disagreement; /* flag when raters' SD exceeds this; NAN = never */
	int minimum; /* raters other than self needed per competency */
};

/* A non-compensatory floor on one competency's value. */
struct merit_floor {
	const char *competency;
	double min;
};

/* What a rating at one point of an anchored rating scale evidences. */
enum merit_anchor_relation {
	MERIT_ANCHOR_LEVEL = 0, /* the framework level `level` */
	MERIT_ANCHOR_BELOW, /* below the level the post requires */
	MERIT_ANCHOR_MEETS, /* the level the post requires */
	MERIT_ANCHOR_ABOVE /* above it */
};

struct merit_anchor {
	double point;
	struct merit_i18n anchor; /* the behaviour a rater sees at this point */
	enum merit_anchor_relation relation;
	const char *level; /* the level id when relation is MERIT_ANCHOR_LEVEL */
};

struct merit_assessment {
	const char *id;
	struct merit_i18n title;
	struct merit_element_spec element[MERIT_ELEMENTS];
	const char *scorer;
	size_t n_bands;
	const struct merit_band *bands; /* by min, highest first */
	const char *source;
	struct merit_source src;
	struct merit_raters raters;
	/* Non-compensatory minimums: an element below require[e] (NAN = none)
	 * or a competency below its floor puts the result in fail_band. */
	double require[MERIT_ELEMENTS];
	size_t n_floors;
	const struct merit_floor *floors;
	const char *fail_band; /* NULL: the lowest band */
	/* Gap analysis: a shortfall counts when it exceeds gap_k standard
	 * errors (the scorer "gap" runs after `scorer` when gaps is set). */
	int gaps;
	double gap_k;
	int has_score_function; /* a Lua `score` function was declared */
	/* The rating scale of direct ratings, when the type declares one:
	 * its points low to high, each with its behavioural anchor and the
	 * level a rating there evidences. */
	size_t n_anchors;
	const struct merit_anchor *anchors;
};

/* The levels required of a range of posts, for gap analysis. A required
 * position is a framework level (1..n) or a rating-scale point. */
struct merit_profile_entry {
	const char *competency;
	double required;
	const char *level; /* the level id given, or NULL for a number */
	double importance; /* default 1 */
};

struct merit_profile {
	const char *id;
	struct merit_i18n title;
	int post_min, post_max;
	size_t n_entries;
	const struct merit_profile_entry *entries;
	struct merit_source src;
};

/* Qualification requirements of a range of posts. A criterion counts only
 * when has_* is set; weights default to 1. */
struct merit_requirement {
	const char *id;
	struct merit_i18n title;
	int post_min, post_max;
	int education; /* enum merit_education; MERIT_EDU_NONE = not required */
	int has_service_years, has_training_hours, has_certifications;
	double service_years, training_hours;
	size_t n_certifications;
	const char *const *certifications;
	double w_education, w_service_years, w_training_hours, w_certifications;
	struct merit_source src;
};

struct merit_course_target {
	const char *competency;
	const char *level; /* may be NULL: the competency as a whole */
};

struct merit_course {
	const char *id;
	struct merit_i18n title;
	double hours;
	const char *format; /* may be NULL */
	size_t n_develops;
	const struct merit_course_target *develops;
	struct merit_source src;
};

/* One set of a rotating policy: the courses required in its period. */
struct merit_policy_set {
	size_t n_courses;
	const char *const *courses;
};

/* A compliance policy: within every period, at least require_courses
 * different courses and require_hours hours; remind remind_days before
 * the end. merit(1), COMPLIANCE, states the rule exactly. */
struct merit_policy {
	const char *id;
	struct merit_i18n title;
	int every_years, every_months, every_days;
	int require_courses;
	double require_hours;
	int remind_days;
	struct merit_source src;
	/* only completions of these courses count; 0: any course */
	size_t n_courses;
	const char *const *courses;
	/* in the k-th period since the person's start, set k mod n_rotate
	 * is required (0: no rotation) */
	size_t n_rotate;
	const struct merit_policy_set *rotate;
	int calendar; /* periods are calendar years or months, not rolling */
	/* who it covers; 0 of a list or post_min == 0: everyone */
	size_t n_categories;
	const char *const *categories;
	size_t n_terms;
	const char *const *terms;
	int post_min, post_max;
	int grace_months; /* new hires' first due date: hired + grace */
};

/* A reserve pool (pool "id" { ... }): who may enter, for how long, and
 * the measures of its 9-box grid. */
struct merit_pool_require {
	const char *assessment;
	double min_k; /* NAN: no threshold on K */
	const char *min_band; /* NULL: no threshold on the band */
	int within_months; /* 0: a result of any age counts */
};

/* One axis of the 9-box: an element of an assessment type's latest
 * result, or its K (element == MERIT_ELEMENTS). */
struct merit_pool_measure {
	const char *assessment;
	int element;
};

struct merit_pool {
	const char *id;
	struct merit_i18n title;
	int months; /* length of a membership */
	size_t n_require;
	const struct merit_pool_require *require;
	size_t n_courses; /* courses that must have been completed */
	const char *const *courses;
	int service_months; /* minimum service since hired; 0: none */
	size_t n_categories; /* 0: any category */
	const char *const *categories;
	int post_min, post_max; /* 0,0: any post */
	int has_rule; /* a Lua rule = function(p) was declared */
	int has_grid;
	struct merit_pool_measure performance, potential;
	double cuts[2]; /* low < cuts[0] <= mid < cuts[1] <= high */
	struct merit_source src;
};

/* One validated model set: a framework plus the scripts loaded with it. */
struct merit_model {
	const char *hash; /* hex BLAKE2b-256 of every source file, in load order */
	const struct merit_framework *framework; /* NULL if the set declares none */
	size_t n_assessments;
	const struct merit_assessment *assessments;
	size_t n_requirements;
	const struct merit_requirement *requirements;
	size_t n_courses;
	const struct merit_course *courses;
	size_t n_policies;
	const struct merit_policy *policies;
	size_t n_profiles;
	const struct merit_profile *profiles;
	size_t n_pools;
	const struct merit_pool *pools;
};

#endif
