#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "merit/error.h"
#include "live.h"

static void agency_free1(struct api_agency *a)
{
	if (!a)
		return;
	api_agency_release(a);
	workspace_close(&a->w);
	free(a->id);
	free(a->config_file);
	free(a);
}

static int add(struct live_set *s, const char *path,
    const struct workspace_opts *o, struct diag *d)
{
	struct api_agency *a = calloc(1, sizeof(*a)), **nv;
	if (!a)
		return MERIT_ENOMEM;
	int rc = workspace_open(&a->w, path, o, d);
	if (rc) {
		free(a);
		return rc;
	}
	if (!(rc = workspace_check_pools(&a->w, d)) &&
	    !(rc = api_agency_prepare(a, d))) {
		a->id = strdup(a->w.ag->id);
		a->config_file = realpath(a->w.ag->file, NULL);
		if (!a->id || !a->config_file)
			rc = MERIT_ENOMEM;
	}
	for (size_t i = 0; !rc && i < s->n; i++)
		if (!strcmp(s->v[i]->id, a->id)) {
			diag_add(d, a->w.ag->file, 0, 0, "agency %s is also "
			    "configured by %s; each agency once", a->id,
			    s->v[i]->config_file);
			rc = MERIT_EINPUT;
		}
	if (!rc && !(nv = realloc(s->v, (s->n + 1) * sizeof(*nv))))
		rc = MERIT_ENOMEM;
	if (rc) {
		agency_free1(a);
		return rc;
	}
	s->v = nv;
	s->v[s->n++] = a;
	return 0;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int load_dir(struct live_set *s, const char *dir,
    const struct workspace_opts *o, struct diag *d)
{
	char path[PATH_MAX];
	struct stat st;
	int rc = 0, found = 0;
	snprintf(path, sizeof(path), "%s/agency.yaml", dir);
	if (!stat(path, &st)) {
		found = 1;
		rc = add(s, path, o, d);
	}
	DIR *dh = opendir(dir);
	if (!dh) {
		diag_add(d, dir, 0, 0, "--config: cannot read this folder");
		return MERIT_EIO;
	}
	char **names = NULL;
	size_t n = 0;
	struct dirent *e;
	while ((e = readdir(dh))) {
		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "%s/%s/agency.yaml", dir, e->d_name);
		if (stat(path, &st) || !S_ISREG(st.st_mode))
			continue;
		char **nn = realloc(names, (n + 1) * sizeof(*nn));
		if (!nn || !(nn[n] = strdup(e->d_name))) {
			free(nn ? nn : names);
			closedir(dh);
			return MERIT_ENOMEM;
		}
		names = nn;
		n++;
	}
	closedir(dh);
	/* in name order, so findings and ids come out the same every time */
	if (n)
		qsort(names, n, sizeof(*names), by_name);
	for (size_t i = 0; i < n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		int r = add(s, path, o, d);
		if (!rc)
			rc = r;
		free(names[i]);
		found = 1;
	}
	free(names);
	if (!rc && !found) {
		diag_add(d, dir, 0, 0, "--config: no agency.yaml here nor in its "
		    "sub-folders; give the folder that holds the agencies");
		rc = MERIT_EINPUT;
	}
	return rc;
}

int live_load(struct live_set *s, const char *config_dir, const char *db,
    const struct workspace_opts *o, uint64_t generation, struct diag *d)
{
	int rc = 0;
	memset(s, 0, sizeof(*s));
	s->generation = generation;
	if (config_dir) {
		rc = load_dir(s, config_dir, o, d);
	} else {
		char **ids, **paths;
		size_t n;
		if ((rc = workspace_list(db, &ids, &paths, &n, d)))
			return rc;
		for (size_t i = 0; i < n; i++) {
			int r = add(s, paths[i], o, d);
			if (!rc)
				rc = r;
		}
		workspace_list_free(ids, paths, n);
		if (!rc && !s->n) {
			diag_add(d, db, 0, 0, "the register knows no agency with its "
			    "agency.yaml; run merit import or merit assess first, "
			    "or give --config DIR");
			rc = MERIT_EINPUT;
		}
	}
	for (size_t i = 0; !rc && i < s->n; i++)
		snprintf(s->v[i]->model_version, sizeof(s->v[i]->model_version),
		    "%.64s/%llu", s->v[i]->w.model->hash,
		    (unsigned long long)generation);
	if (rc)
		live_free(s);
	return rc;
}

void live_free(struct live_set *s)
{
	for (size_t i = 0; i < s->n; i++)
		agency_free1(s->v[i]);
	free(s->v);
	s->v = NULL;
	s->n = 0;
}

struct api_agency *live_find(const struct live_set *s, const char *id)
{
	for (size_t i = 0; i < s->n; i++)
		if (!strcmp(s->v[i]->id, id))
			return s->v[i];
	return NULL;
}

static int push_dir(char ***v, size_t *n, const char *path)
{
	struct stat st;
	char *real = realpath(path, NULL);
	if (!real)
		return 0; /* gone: nothing to watch */
	if (!stat(real, &st) && !S_ISDIR(st.st_mode)) {
		char *slash = strrchr(real, '/');
		if (slash && slash != real)
			*slash = '\0';
	}
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*v)[i], real)) {
			free(real);
			return 0;
		}
	char **nv = realloc(*v, (*n + 1) * sizeof(*nv));
	if (!nv) {
		free(real);
		return -1;
	}
	*v = nv;
	nv[(*n)++] = real;
	return 0;
}

char **live_watch_dirs(const struct live_set *s, size_t *n)
{
	char **v = NULL;
	*n = 0;
	for (size_t i = 0; i < s->n; i++) {
		const struct agency *ag = s->v[i]->w.ag;
		push_dir(&v, n, ag->file);
		for (size_t k = 0; k < ag->n_model_paths; k++)
			push_dir(&v, n, ag->model_paths[k]);
	}
	if (*n)
		qsort(v, *n, sizeof(*v), by_name);
	return v;
}
