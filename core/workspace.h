/* What the register commands (import, compliance, plan, pool, ...) need
 * of an agency: its configuration and its validated model, loaded the
 * way merit assess loads them. */
#ifndef MERIT_WORKSPACE_H
#define MERIT_WORKSPACE_H

#include <stdint.h>
#include <uv.h>
#include "agency.h"
#include "diag.h"
#include "loader.h"
#include "model.h"
#include "paths.h"

struct workspace {
	uv_loop_t loop;
	struct paths paths;
	struct plugin_set plugins;
	struct agency *ag;
	struct model_set *ms;
	const struct merit_model *model; /* &ms->model */
};

struct workspace_opts {
	const char *plugin_path; /* --plugin-path, may be NULL */
	size_t lua_memory; /* 0: default */
	uint64_t lua_instructions; /* 0: default */
	unsigned lua_seconds; /* time limit of a model file; 0: default */
};

/* Load the agency at `path` (a folder with agency.yaml, or the file) and
 * its model. 0, or an error code with every finding in d; on error the
 * workspace holds nothing to free. */
int workspace_open(struct workspace *w, const char *path,
    const struct workspace_opts *o, struct diag *d);
void workspace_close(struct workspace *w);

const struct merit_course *workspace_course(const struct workspace *w,
    const char *id);
const struct merit_policy *workspace_policy(const struct workspace *w,
    const char *id);
/* Every pool the agency names is declared by its model: 0, or
 * MERIT_EINPUT with each unknown id reported where agency.yaml names it. */
int workspace_check_pools(const struct workspace *w, struct diag *d);

/* The agency a register command was asked about: `arg` is a folder or
 * agency.yaml, or the id of an agency the register knows (merit assess
 * and merit import record where its agency.yaml is). malloc'd path in
 * *path; 0, or MERIT_EINPUT with the reason in d. */
int workspace_find(const char *db, const char *arg, char **path,
    struct diag *d);
/* Every agency in the register with its agency.yaml: malloc'd arrays of
 * malloc'd strings (free with workspace_list_free). */
int workspace_list(const char *db, char ***ids, char ***paths, size_t *n,
    struct diag *d);
void workspace_list_free(char **ids, char **paths, size_t n);

#endif
