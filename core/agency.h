/* An agency's configuration (agency.yaml): which framework, scripts,
 * assessment type, scorer, exporters and plugin settings it uses. */
#ifndef MERIT_AGENCY_H
#define MERIT_AGENCY_H

#include <uv.h>
#include "arena.h"
#include "diag.h"
#include "paths.h"
#include "vtree.h"

struct agency {
	struct arena arena;
	const char *file; /* the agency.yaml read */
	const char *id;
	const merit_value *title;
	const char *assessment, *period, *scorer;
	const char **model_paths; /* framework folder, then scripts */
	size_t n_model_paths;
	const char **exporters;
	size_t n_exporters;
	/* resolved paths; roster NULL: the persons and evidence are the
	 * register's, brought in by merit import */
	const char *roster, *evidence;
	const char **policies; /* ids of policy declarations it follows */
	const merit_value **policy_nodes; /* where each is named */
	size_t n_policies;
	const char **pools; /* ids of pool declarations it keeps */
	const merit_value **pool_nodes;
	size_t n_pools;
	const merit_value *plugins; /* map: plugin name -> its settings */
	char *config_hash; /* hex BLAKE2b of agency.yaml */
};

/* Read `path` (agency.yaml, or a folder holding one) and resolve what it
 * names against its own folder and merit's data dirs. 0 or MERIT_EINPUT
 * with every finding in d. */
int agency_load(uv_loop_t *loop, const struct paths *paths, const char *path,
    struct agency **out, struct diag *d);
void agency_free(struct agency *ag);
/* The settings for plugin `name` (a map), or the null value. */
const merit_value *agency_plugin_config(const struct agency *ag,
    const char *name);

#endif
