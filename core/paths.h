/* Where merit finds its plugins and Lua data: the build tree when run
 * from it (so nothing needs installing to try it), else the installed
 * directories; MERIT_PLUGIN_PATH / MERIT_DATA_PATH (colon-separated) and
 * --plugin-path come first. */
#ifndef MERIT_PATHS_H
#define MERIT_PATHS_H

#include <stddef.h>

struct paths {
	char **plugin_dirs;
	size_t n_plugin_dirs;
	char **data_dirs; /* each holds frameworks/ and scripts/ */
	size_t n_data_dirs;
	int uninstalled;
};

int paths_init(struct paths *p, const char *extra_plugin_path);
void paths_free(struct paths *p);
/* Resolve a framework or script name ("kz") to data_dir/sub/name, the
 * first that exists; malloc'd, or NULL. */
char *paths_find_data(const struct paths *p, const char *sub, const char *name);
/* The real path of `path` (symbolic links and ".." resolved) when it lies
 * in folder `dir` or in one of merit's data folders: 0 with the malloc'd
 * path in *real; MERIT_EINPUT when it lies elsewhere; a negative errno
 * when it cannot be resolved (it does not exist). */
int paths_confine(const struct paths *p, const char *dir, const char *path,
    char **real);

#endif
