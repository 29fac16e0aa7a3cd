/* The host side of the plugin API: the function table handed to plugins,
 * and the measurement sink engines and scorers report into. */
#ifndef MERIT_CORE_HOST_H
#define MERIT_CORE_HOST_H

#include <stdio.h>
#include <uv.h>
#include "merit/host.h"
#include "merit/result.h"
#include "arena.h"
#include "diag.h"

struct merit_measure {
	struct arena *a; /* where strings reported here are kept */
	const char *plugin;
	int has_element;
	double value, se;
	struct merit_competency_result *comp;
	size_t n_comp, cap_comp;
	char **lines; /* explanation */
	size_t n_lines, cap_lines;
	char *error; /* set by fail(): "where: message" */
	int oom;
	struct merit_course_result *course;
	size_t n_course, cap_course;
	struct merit_gap *gap;
	size_t n_gap, cap_gap;
	struct merit_item_result *item;
	size_t n_item, cap_item;
	double self; /* measure_self(); NAN */
	const char *not_assessed; /* the reason, when not assessed */
	const struct merit_person *person; /* for lua_score */
	struct merit_rating *rating;
	size_t n_rating, cap_rating;
};

struct merit_stream {
	FILE *f;
	int err;
};

const struct merit_host *host_api(void);
/* Set what host->loop() returns and where host->config_error() reports. */
void host_set_loop(uv_loop_t *loop);
void host_set_config_diag(struct diag *d);

/* Reset m for the next element, keeping its arena. */
void measure_init(struct merit_measure *m, struct arena *a, const char *plugin);
void measure_release(struct merit_measure *m); /* frees the arrays */

/* Files plugins loaded with host->value_load, for receipts: a hex digest
 * of their names and contents ("" when none). */
const char *host_loaded_digest(void);
/* Start the digest afresh; the files already loaded stay loaded. */
void host_loaded_restart(void);
void host_unload_all(void); /* at exit */

/* Who runs an assessment type's Lua score function (set by assess). */
typedef int (*host_score_fn)(void *ctx, merit_measure *out,
    const struct merit_assessment *a, const struct merit_person *p,
    const struct merit_result *r, double *K, const char **band);
void host_set_score_runner(host_score_fn fn, void *ctx);

#endif
