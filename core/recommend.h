/* Course recommendations for one person, and the effects of courses
 * learned from the register: shared by merit recommend, plan and show. */
#ifndef MERIT_RECOMMEND_H
#define MERIT_RECOMMEND_H

#include <stddef.h>
#include <jansson.h>
#include <sqlite3.h>
#include "merit/model.h"

/* A learned effect is used in the ranking once this many persons were
 * measured before and after completing the course. */
#define EFFECT_MIN_N 5

/* The mean gain in position (levels) on one competency of the persons who
 * completed one course between two results that both measured it. */
struct course_effect {
	char *course, *competency;
	int n;
	double mean, se; /* se: sd / sqrt(n), NAN when n < 2 */
};

struct effect_set {
	struct course_effect *v;
	size_t n;
};

/* Every course's effects in one query over the register; framework NULL:
 * every framework's results. 0, or MERIT_EIO with sqlite's message. */
int effects_compute(sqlite3 *db, const char *framework, struct effect_set *out);
const struct course_effect *effects_find(const struct effect_set *s,
    const char *course, const char *competency);
void effects_free(struct effect_set *s);

enum need_kind {
	NEED_GAP, /* a significant gap of the gap table */
	NEED_BELOW, /* a competency measured below the required level */
	NEED_QUIZ /* a quiz subscore on a course below the pass mark */
};

struct recommendation {
	const struct merit_course *course;
	enum need_kind kind;
	char competency[128]; /* "" for NEED_QUIZ */
	double required, measured, gap, importance;
	double target; /* the course's target position */
	double effect; /* expected gain in levels (or 1 for a quiz need) */
	int learned; /* effect learned from the register */
	double score; /* importance x gap x effect */
	char receipt[80]; /* the result the need came from */
	char reason[640];
	/* A quiz need: the standard error of measurement of the course's
	 * subscore over the cohort (NAN: unknown), and whether the subscore
	 * lies within one SEM of the pass mark, too close to call. */
	double sem;
	int borderline;
};

struct rec_list {
	struct recommendation *v;
	size_t n;
};

struct rec_opts {
	long today; /* day number */
	int years; /* courses completed within this many years are left out */
	double quiz_pass; /* a course subscore below this is a need */
};

/* The recommendations for (agency, person), best first, from the
 * person's current result (a trial decides nothing) and the model's
 * course declarations. 0 (maybe none), or MERIT_EIO. */
int recommend_person(sqlite3 *db, const struct merit_model *m,
    const struct effect_set *eff, const char *agency, const char *person,
    const struct rec_opts *o, struct rec_list *out);
void rec_list_free(struct rec_list *l);
/* Whether (agency, person) has a current result: without one, nothing
 * can be recommended yet. 1, 0, or MERIT_EDB. */
int recommend_has_current(sqlite3 *db, const char *agency,
    const char *person);

struct workspace;

/* What merit recommend answers: the recommendations for (agency, person)
 * on day `today`, leaving out courses completed in the last `years`,
 * with the agency's quiz pass mark and the effects learned from the
 * whole register of the model's framework. 0 (maybe none), or MERIT_EDB
 * or MERIT_ENOMEM with what failed in err. */
int recommend_for(sqlite3 *db, const struct workspace *w, const char *agency,
    const char *person, long today, int years, struct rec_list *out,
    char *err, size_t errlen);
/* One recommendation as merit recommend --format json shows it. */
json_t *rec_to_json(const struct recommendation *r, size_t rank);
/* {agency, person, recommendations: [...]}, best first. */
json_t *recommend_json(const char *agency, const char *person,
    const struct rec_list *l);

#endif
