/* The plugin loader: finds NAME.so files, checks them, keeps them. */
#ifndef MERIT_LOADER_H
#define MERIT_LOADER_H

#include <stddef.h>
#include "merit/plugin.h"
#include "diag.h"

struct plugin {
	char *path;
	const struct merit_plugin *desc;
	void *handle;
	void *state;
	int configured;
};

struct refusal {
	char *path;
	char *reason;
};

struct plugin_set {
	struct plugin *v;
	size_t n, cap;
	struct refusal *refused;
	size_t n_refused, cap_refused;
};

/* Load every NAME.so found in dirs (searched recursively, .libs
 * included, so a build tree works as is). Refused files are recorded
 * with their reason, not fatal. Returns 0 or MERIT_ENOMEM. */
int plugins_scan(struct plugin_set *ps, const char *const *dirs, size_t ndirs);
/* Load one file; 0, or a negative code with the reason recorded. The
 * file is mapped only if trusted_file() allows it, and its descriptor is
 * checked (sizes, strings, kind, callbacks, every pointer in a loaded
 * object) before anything in it is called but merit_plugin(). */
int plugins_load(struct plugin_set *ps, const char *path);
/* Why no plugin NAME is loaded: the refusal of a file NAME.so, or NULL
 * when none was refused (then none was found). */
const struct refusal *plugins_refusal(const struct plugin_set *ps,
    const char *name);
/* Why plugin NAME is not loaded, for a message: "FILE was refused:
 * REASON", or "see 'merit plugins'" when no NAME.so was refused. */
const char *plugins_why_absent(const struct plugin_set *ps, const char *name,
    char *buf, size_t len);
struct plugin *plugins_find(struct plugin_set *ps, enum merit_plugin_kind kind,
    const char *name);
/* NULL-terminated names of the loaded plugins of a kind (malloc'd array,
 * names borrowed). */
const char **plugins_names(const struct plugin_set *ps,
    enum merit_plugin_kind kind);
void plugins_free(struct plugin_set *ps);
const char *plugin_kind_name(int kind);

#endif
