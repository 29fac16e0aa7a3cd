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

struct merit_assessment {
	const char *id;
	struct merit_i18n title;
	struct merit_element_spec element[MERIT_ELEMENTS];
	const char *scorer;
	size_t n_bands;
	const struct merit_band *bands; /* by min, highest first */
	const char *source;
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

/* A compliance policy: within every period, at least require_courses
 * courses and require_hours hours; remind remind_days before the end. */
struct merit_policy {
	const char *id;
	struct merit_i18n title;
	int every_years, every_months, every_days;
	int require_courses;
	double require_hours;
	int remind_days;
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
};

#endif
