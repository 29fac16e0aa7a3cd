#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "merit/error.h"
#include "config.h"
#include "paths.h"

static int push(char ***v, size_t *n, const char *s, size_t len)
{
	char **nv = realloc(*v, (*n + 1) * sizeof(**v));
	if (!nv)
		return MERIT_ENOMEM;
	*v = nv;
	if (!(nv[*n] = strndup(s, len)))
		return MERIT_ENOMEM;
	(*n)++;
	return 0;
}

static int push_list(char ***v, size_t *n, const char *list)
{
	while (list && *list) {
		const char *c = strchr(list, ':');
		size_t len = c ? (size_t)(c - list) : strlen(list);
		if (len && push(v, n, list, len))
			return MERIT_ENOMEM;
		list = c ? c + 1 : NULL;
	}
	return 0;
}

/* Is the running binary the one in the build tree? */
static int running_uninstalled(void)
{
	char exe[PATH_MAX], dir[PATH_MAX];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n <= 0)
		return 0;
	exe[n] = '\0';
	char *slash = strrchr(exe, '/');
	if (!slash)
		return 0;
	*slash = '\0';
	if (!realpath(MERIT_BUILDDIR, dir))
		return 0;
	return !strcmp(exe, dir);
}

int paths_init(struct paths *p, const char *extra_plugin_path)
{
	memset(p, 0, sizeof(*p));
	p->uninstalled = running_uninstalled();
	int rc = push_list(&p->plugin_dirs, &p->n_plugin_dirs, extra_plugin_path);
	rc = rc ? rc : push_list(&p->plugin_dirs, &p->n_plugin_dirs,
	    getenv("MERIT_PLUGIN_PATH"));
	rc = rc ? rc : push_list(&p->data_dirs, &p->n_data_dirs,
	    getenv("MERIT_DATA_PATH"));
	if (p->uninstalled) {
		rc = rc ? rc : push_list(&p->plugin_dirs, &p->n_plugin_dirs,
		    MERIT_BUILDDIR "/plugins");
		rc = rc ? rc : push_list(&p->data_dirs, &p->n_data_dirs,
		    MERIT_SRCDIR);
	} else {
		rc = rc ? rc : push_list(&p->plugin_dirs, &p->n_plugin_dirs,
		    MERIT_PLUGINDIR);
		rc = rc ? rc : push_list(&p->data_dirs, &p->n_data_dirs,
		    MERIT_DATADIR);
	}
	if (rc)
		paths_free(p);
	return rc;
}

void paths_free(struct paths *p)
{
	for (size_t i = 0; i < p->n_plugin_dirs; i++)
		free(p->plugin_dirs[i]);
	for (size_t i = 0; i < p->n_data_dirs; i++)
		free(p->data_dirs[i]);
	free(p->plugin_dirs);
	free(p->data_dirs);
	memset(p, 0, sizeof(*p));
}

char *paths_find_data(const struct paths *p, const char *sub, const char *name)
{
	for (size_t i = 0; i < p->n_data_dirs; i++) {
		char *s;
		struct stat st;
		if (asprintf(&s, "%s/%s/%s", p->data_dirs[i], sub, name) < 0)
			return NULL;
		if (!stat(s, &st))
			return s;
		free(s);
	}
	return NULL;
}

/* Is real path `path` the folder `dir` or inside it? */
static int inside(const char *dir, const char *path)
{
	char root[PATH_MAX];
	if (!realpath(dir, root))
		return 0;
	size_t n = strlen(root);
	if (n && root[n - 1] == '/')
		n--; /* the root folder itself */
	return !strncmp(path, root, n) && (path[n] == '/' || path[n] == '\0');
}

int paths_confine(const struct paths *p, const char *dir, const char *path,
    char **real)
{
	char *r = realpath(path, NULL);
	*real = NULL;
	if (!r)
		return errno == ENOMEM ? MERIT_ENOMEM : -errno;
	int ok = inside(dir, r);
	for (size_t i = 0; !ok && i < p->n_data_dirs; i++)
		ok = inside(p->data_dirs[i], r);
	if (!ok) {
		free(r);
		return MERIT_EINPUT;
	}
	*real = r;
	return 0;
}
