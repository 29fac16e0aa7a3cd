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

#endif
