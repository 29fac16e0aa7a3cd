#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sqlite3.h>
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
		.budget = o->lua_instructions, .seconds = o->lua_seconds,
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

int workspace_find(const char *db, const char *arg, char **path,
    struct diag *d)
{
	struct stat st;
	*path = NULL;
	if (!stat(arg, &st))
		return (*path = strdup(arg)) ? 0 : MERIT_ENOMEM;
	sqlite3 *h = NULL;
	sqlite3_stmt *q = NULL;
	int rc = MERIT_EINPUT;
	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(h, "SELECT config_path FROM agency WHERE id = ?1",
	    -1, &q, NULL) != SQLITE_OK) {
		diag_add(d, NULL, 0, 0, "'%s' is neither an agency folder nor "
		    "file, and the register %s cannot tell (%s)", arg, db,
		    h ? sqlite3_errmsg(h) : "cannot open");
		goto out;
	}
	sqlite3_bind_text(q, 1, arg, -1, SQLITE_STATIC);
	const unsigned char *p = NULL;
	if (sqlite3_step(q) == SQLITE_ROW)
		p = sqlite3_column_text(q, 0);
	if (!p) {
		diag_add(d, NULL, 0, 0, "'%s' is neither an agency folder nor file "
		    "nor an agency the register %s knows (run merit import or "
		    "merit assess with its folder first)", arg, db);
		goto out;
	}
	rc = (*path = strdup((const char *)p)) ? 0 : MERIT_ENOMEM;
out:
	sqlite3_finalize(q);
	sqlite3_close(h);
	return rc;
}

int workspace_list(const char *db, char ***ids, char ***paths, size_t *n,
    struct diag *d)
{
	sqlite3 *h = NULL;
	sqlite3_stmt *q = NULL;
	size_t cap = 0;
	*ids = *paths = NULL;
	*n = 0;
	if (sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(h, "SELECT id, config_path FROM agency ORDER BY id",
	    -1, &q, NULL) != SQLITE_OK) {
		diag_add(d, db, 0, 0, "register: %s", h ? sqlite3_errmsg(h)
		    : "cannot open");
		sqlite3_finalize(q);
		sqlite3_close(h);
		return MERIT_EDB;
	}
	int rc = 0;
	while (!rc && sqlite3_step(q) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(q, 0);
		const char *p = (const char *)sqlite3_column_text(q, 1);
		if (*n == cap) {
			cap = cap ? cap * 2 : 8;
			char **a = realloc(*ids, cap * sizeof(char *));
			char **b = a ? realloc(*paths, cap * sizeof(char *)) : NULL;
			if (a)
				*ids = a;
			if (b)
				*paths = b;
			if (!a || !b) {
				rc = MERIT_ENOMEM;
				break;
			}
		}
		(*ids)[*n] = strdup(id);
		(*paths)[*n] = p ? strdup(p) : NULL;
		(*n)++;
	}
	sqlite3_finalize(q);
	sqlite3_close(h);
	return rc;
}

void workspace_list_free(char **ids, char **paths, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(ids[i]);
		free(paths[i]);
	}
	free(ids);
	free(paths);
}

int workspace_check_pools(const struct workspace *w, struct diag *d)
{
	const struct merit_model *m = w->model;
	int rc = 0;
	for (size_t i = 0; i < w->ag->n_pools; i++) {
		size_t j;
		for (j = 0; j < m->n_pools; j++)
			if (!strcmp(m->pools[j].id, w->ag->pools[i]))
				break;
		if (j < m->n_pools)
			continue;
		value_diag(d, w->ag->pool_nodes[i], "pools: no pool '%s' is "
		    "declared in the agency's model; declare pool \"%s\" { ... } "
		    "in its scripts or remove it", w->ag->pools[i],
		    w->ag->pools[i]);
		rc = MERIT_EINPUT;
	}
	return rc;
}
