#include <stdlib.h>
#include <string.h>
#include "merit/error.h"
#include "workspace.h"

int workspace_open(struct workspace *w, const char *path,
    const struct workspace_opts *o, struct diag *d)
{
	static const struct workspace_opts none;
	int rc;
	if (!o)
		o = &none;
	memset(w, 0, sizeof(*w));
	if (uv_loop_init(&w->loop))
		return MERIT_ENOMEM;
	if ((rc = paths_init(&w->paths, o->plugin_path)) ||
	    (rc = plugins_scan(&w->plugins,
	    (const char *const *)w->paths.plugin_dirs, w->paths.n_plugin_dirs)) ||
	    (rc = agency_load(&w->loop, &w->paths, path, &w->ag, d)))
		goto fail;
	/* the validator checks engine and scorer names against what loaded */
	const char **engines = plugins_names(&w->plugins, MERIT_PLUGIN_ENGINE);
	const char **scorers = plugins_names(&w->plugins, MERIT_PLUGIN_SCORER);
	struct model_opts mo = { .mem_cap = o->lua_memory,
		.budget = o->lua_instructions,
		.validate = { .engines = engines, .scorers = scorers } };
	rc = model_set_load(&w->loop, w->ag->model_paths, w->ag->n_model_paths,
	    &mo, &w->ms, d);
	free(engines);
	free(scorers);
	if (rc)
		goto fail;
	w->model = &w->ms->model;
	return 0;
fail:
	if (!d->n)
		diag_add(d, path, 0, 0, "%s", merit_strerror(rc));
	workspace_close(w);
	return rc;
}

void workspace_close(struct workspace *w)
{
	model_set_free(w->ms);
	agency_free(w->ag);
	plugins_free(&w->plugins);
	paths_free(&w->paths);
	uv_run(&w->loop, UV_RUN_DEFAULT);
	uv_loop_close(&w->loop);
	memset(w, 0, sizeof(*w));
}

const struct merit_course *workspace_course(const struct workspace *w,
    const char *id)
{
	for (size_t i = 0; w->model && i < w->model->n_courses; i++)
		if (!strcmp(w->model->courses[i].id, id))
			return &w->model->courses[i];
	return NULL;
}

const struct merit_policy *workspace_policy(const struct workspace *w,
    const char *id)
{
	for (size_t i = 0; w->model && i < w->model->n_policies; i++)
		if (!strcmp(w->model->policies[i].id, id))
			return &w->model->policies[i];
	return NULL;
}
