/* merit — the host API: what the core offers its plugins.
 *
 * Plugins receive a pointer to this table in init(); they call the core
 * only through it, so they build against merit's headers alone and load
 * into any merit with the same ABI major. New functions are only ever
 * appended (and the minor ABI bumped): check host->size before calling one
 * newer than the minor your plugin was built for.
 */
#ifndef MERIT_HOST_H
#define MERIT_HOST_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include "model.h"
#include "value.h"

struct merit_person;
struct merit_result;
struct merit_competency_result;
struct merit_gap;
struct merit_rating;

typedef struct merit_measure merit_measure; /* where an engine reports */
typedef struct merit_stream merit_stream; /* where an exporter writes */

enum merit_log_level {
	MERIT_LOG_ERROR = 0,
	MERIT_LOG_WARNING,
	MERIT_LOG_INFO,
	MERIT_LOG_DEBUG
};

#if defined(__GNUC__)
#define MERIT_PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#define MERIT_PRINTF(f, a)
#endif

struct merit_host {
	uint32_t size; /* sizeof(struct merit_host) in the running core */
	uint16_t abi_major, abi_minor;
	const char *version; /* merit's version */

	/* -- logging and allocation -- */
	void (*log)(enum merit_log_level level, const char *plugin,
	    const char *fmt, ...) MERIT_PRINTF(3, 4);
	void *(*alloc)(size_t n); /* NULL when out of memory */
	void *(*realloc)(void *p, size_t n);
	void (*free)(void *p);

	/* -- values (see value.h) -- */
	enum merit_value_type (*value_type)(const merit_value *v);
	/* Items of a list, entries of a map; 0 for scalars. */
	size_t (*value_len)(const merit_value *v);
	/* i-th list item or map value; NULL when out of range. */
	const merit_value *(*value_at)(const merit_value *v, size_t i);
	/* i-th map key; NULL when not a map or out of range. */
	const char *(*value_key_at)(const merit_value *v, size_t i);
	/* Map lookup; NULL when not a map or the key is absent. */
	const merit_value *(*value_get)(const merit_value *v, const char *key);
	/* 0 and *out set when v is a number, else MERIT_EINPUT. */
	int (*value_number)(const merit_value *v, double *out);
	/* The text of a string value; NULL for other types. */
	const char *(*value_string)(const merit_value *v);
	/* 0 and *out set when v is true/false, else MERIT_EINPUT. */
	int (*value_bool)(const merit_value *v, int *out);
	/* "file:line:column" of v, written to buf; returns buf. */
	const char *(*value_where)(const merit_value *v, char *buf, size_t len);

	/* -- the model (see model.h) -- */
	/* The framework level whose post range holds `post`, or NULL. */
	const struct merit_level *(*level_for_post)(
	    const struct merit_framework *fw, int post);
	/* The indicator set of competency c that applies at `post` (the
	 * set of the post's level, else the level-independent set if the
	 * competency covers the post), or NULL when none applies. */
	const struct merit_indicator_set *(*indicators_for_post)(
	    const struct merit_framework *fw,
	    const struct merit_competency *c, int post);
	/* The indicator set of c at level `level_id`, or NULL. */
	const struct merit_indicator_set *(*indicators_at_level)(
	    const struct merit_competency *c, const char *level_id);
	const struct merit_competency *(*competency_find)(
	    const struct merit_framework *fw, const char *id);
	/* The requirement whose post range holds `post`, or NULL. */
	const struct merit_requirement *(*requirement_for_post)(
	    const struct merit_model *m, int post);
	/* enum merit_education for "secondary" ... "doctorate", else 0. */
	int (*education_rank)(const char *name);

	/* -- measurement output (engines) -- */
	/* The element's score in [0,1] with its standard error (NAN when
	 * unknown). */
	int (*measure_element)(merit_measure *out, double value, double se);
	/* One competency's measurement; level may be NULL. */
	int (*measure_competency)(merit_measure *out, const char *id,
	    const char *level, double value, double se);
	/* One line of the explanation of this person's score. */
	int (*explain)(merit_measure *out, const char *fmt, ...)
	    MERIT_PRINTF(2, 3);
	/* Reject this person's input: `where` (may be NULL) locates the
	 * offending value. Returns MERIT_EINPUT, for `return host->fail(...)`. */
	int (*fail)(merit_measure *out, const merit_value *where,
	    const char *fmt, ...) MERIT_PRINTF(3, 4);

	/* -- configuration -- */
	/* Report a configuration problem at `where`; returns MERIT_EINPUT. */
	int (*config_error)(const char *plugin, const merit_value *where,
	    const char *fmt, ...) MERIT_PRINTF(3, 4);

	/* -- output streams (exporters) -- */
	int (*write)(merit_stream *s, const void *buf, size_t len);
	int (*printf)(merit_stream *s, const char *fmt, ...) MERIT_PRINTF(2, 3);

	/* -- the event loop: a uv_loop_t *, for plugins that do I/O -- */
	void *(*loop)(void);

	/* -- errors: merit_strerror() for plugins, which do not link the
	 *    core -- */
	const char *(*strerror)(int err);

	/* -- raters, courses, gaps, custom scores -- */

	/* Read a YAML file into a value kept until merit exits. A relative
	 * path is taken from the folder of the file holding `near` (e.g. the
	 * agency.yaml setting that named it). Errors are reported with
	 * file:line:column; returns 0 or a negative code. */
	int (*value_load)(const merit_value *near, const char *path,
	    const merit_value **out);
	/* One competency with all its details (see result.h); strings are
	 * copied. Replaces an earlier report of the same competency. */
	int (*measure_competency_ex)(merit_measure *out,
	    const struct merit_competency_result *c);
	/* A knowledge subscore for a course. */
	int (*measure_course)(merit_measure *out, const char *id, double value,
	    double se, int n_items);
	/* This person is not assessed, for `reason` (e.g. "on leave"); the
	 * engine then reports no score. */
	int (*not_assessed)(merit_measure *out, const char *fmt, ...)
	    MERIT_PRINTF(2, 3);
	/* One test item's score out of max, for item statistics. */
	int (*measure_item)(merit_measure *out, const char *id, double score,
	    double max);
	/* B_KF from self-ratings alone, reported beside the score. */
	int (*measure_self)(merit_measure *out, double value);
	/* The profile whose post range holds `post`, or NULL. */
	const struct merit_profile *(*profile_for_post)(
	    const struct merit_model *m, int post);
	/* 1-based index of level `id` in fw, 0 when unknown. */
	int (*level_index)(const struct merit_framework *fw, const char *id);
	/* Scorers: one significant gap (strings copied). */
	int (*score_gap)(merit_measure *out, const struct merit_gap *g);
	/* Scorers: run the assessment type's Lua `score` function on the
	 * result so far; sets *K and *band (band NULL when the function
	 * returned none). Returns 0 or a negative code after host->fail(). */
	int (*lua_score)(merit_measure *out, const struct merit_assessment *a,
	    const struct merit_person *p, const struct merit_result *r,
	    double *K, const char **band);
	/* Engines: one rater's value of one competency, reported beside the
	 * combined one (strings copied); for statistics of rater agreement. */
	int (*measure_rating)(merit_measure *out, const struct merit_rating *r);
};

#endif
