/* Model sets: Lua files -> sandbox -> validator -> struct merit_model,
 * and the lookups the host API offers plugins on a model. */
#ifndef MERIT_CORE_MODEL_H
#define MERIT_CORE_MODEL_H

#include <stdint.h>
#include <uv.h>
#include "merit/model.h"
#include "arena.h"
#include "diag.h"
#include "validate.h"
#include "sandbox.h"

struct model_set {
	struct arena arena;
	struct merit_model model;
	size_t n_files;
	const char **files; /* as named on load, in load order */
	const char **file_hashes; /* hex BLAKE2b-256 of each file's content */
	/* kept when an assessment type declares a Lua score function */
	struct sandbox *sb;
	uv_mutex_t lock; /* one Lua call at a time: states are not shared */
	unsigned score_stops_in_row; /* under lock; see SCORE_STOPS_IN_ROW */
};

/* Instructions one call of a score function may use, and its wall
 * clock: a request or a run of thousands waits for it. */
#define SCORE_BUDGET 1000000ull
#define SCORE_TIME_LIMIT_MS 2000u
/* A score function stopped this many calls in a row, nothing scored
 * between, is taken to stop for everyone: the rest of the run fails at
 * once instead of waiting out the limit person after person. */
#define SCORE_STOPS_IN_ROW 3u

struct model_opts {
	size_t mem_cap; /* 0: sandbox default */
	uint64_t budget; /* 0: sandbox default */
	unsigned seconds; /* wall clock of each file; 0: sandbox default */
	struct validate_opts validate;
};

/* Load the .lua files and folders in `paths` (a folder contributes its
 * .lua files in name order) into one sandbox, validate, and freeze.
 * Returns 0, or MERIT_EMODEL / MERIT_ESCRIPT / an I/O code with every
 * finding in d. */
int model_set_load(uv_loop_t *loop, const char *const *paths, size_t npaths,
    const struct model_opts *o, struct model_set **out, struct diag *d);
void model_set_free(struct model_set *ms);

const struct merit_assessment *model_assessment(const struct merit_model *m,
    const char *id);
const struct merit_level *model_level_for_post(
    const struct merit_framework *fw, int post);
const struct merit_indicator_set *model_indicators_for_post(
    const struct merit_framework *fw, const struct merit_competency *c,
    int post);
const struct merit_indicator_set *model_indicators_at_level(
    const struct merit_competency *c, const char *level_id);
const struct merit_competency *model_competency(
    const struct merit_framework *fw, const char *id);
const struct merit_requirement *model_requirement_for_post(
    const struct merit_model *m, int post);
/* Run assessment a's Lua score function on result r; 0, or an error code
 * with "file:line: what" in err. Safe from several threads. */
struct merit_person;
struct merit_result;
/* Start a new run of score functions (a request of merit serve): the
 * stops of earlier runs no longer count towards SCORE_STOPS_IN_ROW. */
void model_score_new_run(struct model_set *ms);
int model_run_score(struct model_set *ms, const struct merit_assessment *a,
    const struct merit_person *p, const struct merit_result *r, double *K,
    const char **band, char *err, size_t errlen);

const struct merit_profile *model_profile_for_post(const struct merit_model *m,
    int post);
int model_level_index(const struct merit_framework *fw, const char *id);
/* The text in `lang`, else English, else the first; "" when empty. */
const char *model_text(const struct merit_i18n *t, const char *lang);
/* The same choice with its language; NULL when empty. */
const struct merit_text *model_text_pick(const struct merit_i18n *t,
    const char *lang);

#endif
