#include <dlfcn.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <dirent.h>
#include "merit/error.h"
#include "host.h"
#include "loader.h"

const char *plugin_kind_name(int kind)
{
	switch (kind) {
	case MERIT_PLUGIN_ENGINE: return "engine";
	case MERIT_PLUGIN_SCORER: return "scorer";
	case MERIT_PLUGIN_EXPORTER: return "exporter";
	}
	return "?";
}

static int refuse(struct plugin_set *ps, const char *path, int code,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static int refuse(struct plugin_set *ps, const char *path, int code,
    const char *fmt, ...)
{
	struct refusal r = { 0 };
	va_list ap;
	va_start(ap, fmt);
	if (vasprintf(&r.reason, fmt, ap) < 0)
		r.reason = NULL;
	va_end(ap);
	r.path = strdup(path);
	if (ps->n_refused == ps->cap_refused) {
		size_t cap = ps->cap_refused ? ps->cap_refused * 2 : 4;
		struct refusal *v = realloc(ps->refused, cap * sizeof(*v));
		if (!v || !r.path || !r.reason) {
			free(r.path);
			free(r.reason);
			return MERIT_ENOMEM;
		}
		ps->refused = v;
		ps->cap_refused = cap;
	}
	if (!r.path || !r.reason) {
		free(r.path);
		free(r.reason);
		return MERIT_ENOMEM;
	}
	ps->refused[ps->n_refused++] = r;
	return code;
}

/* The smallest ops table each kind may have in ABI 1.0. */
static size_t min_ops_size(int kind)
{
	switch (kind) {
	case MERIT_PLUGIN_ENGINE: return sizeof(struct merit_engine_ops);
	case MERIT_PLUGIN_SCORER: return sizeof(struct merit_scorer_ops);
	case MERIT_PLUGIN_EXPORTER: return sizeof(struct merit_exporter_ops);
	}
	return 0;
}

static int ops_complete(const struct merit_plugin *p)
{
	switch (p->kind) {
	case MERIT_PLUGIN_ENGINE: {
		const struct merit_engine_ops *o = p->ops;
		return o->measure != NULL;
	}
	case MERIT_PLUGIN_SCORER: {
		const struct merit_scorer_ops *o = p->ops;
		return o->score != NULL;
	}
	case MERIT_PLUGIN_EXPORTER: {
		const struct merit_exporter_ops *o = p->ops;
		return o->begin && o->write && o->end && o->extension;
	}
	}
	return 0;
}

int plugins_load(struct plugin_set *ps, const char *path)
{
	struct stat st;
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t bl = strlen(base);
	if (bl < 4 || strcmp(base + bl - 3, ".so"))
		return refuse(ps, path, MERIT_EPLUGIN, "not a .so file");
	if (stat(path, &st))
		return refuse(ps, path, MERIT_ENOENT, "cannot stat: %s",
		    strerror(errno));
	if (!S_ISREG(st.st_mode))
		return refuse(ps, path, MERIT_EPLUGIN, "not a regular file");
	/* Anyone who can write the file can run code as merit. */
	if (st.st_mode & (S_IWGRP | S_IWOTH))
		return refuse(ps, path, MERIT_EPLUGIN, "file is writable by %s; "
		    "fix with: chmod go-w %s", (st.st_mode & S_IWOTH) ? "others" :
		    "its group", path);

	void *h = dlopen(path, RTLD_NOW | RTLD_LOCAL);
	if (!h)
		return refuse(ps, path, MERIT_EPLUGIN, "cannot load: %s",
		    dlerror());
	merit_plugin_fn fn;
	*(void **)&fn = dlsym(h, MERIT_PLUGIN_SYMBOL);
	if (!fn) {
		dlclose(h);
		return refuse(ps, path, MERIT_EPLUGIN, "no '%s' symbol: not a "
		    "merit plugin (define it with MERIT_PLUGIN_DEFINE)",
		    MERIT_PLUGIN_SYMBOL);
	}
	const struct merit_plugin *p = fn();
	int rc = 0;
#define REFUSE(code, ...) do { rc = refuse(ps, path, code, __VA_ARGS__); goto bad; } while (0)
	if (!p)
		REFUSE(MERIT_EPLUGIN, "%s() returned no descriptor",
		    MERIT_PLUGIN_SYMBOL);
	if (p->abi_major != MERIT_ABI_MAJOR)
		REFUSE(MERIT_EABI, "built for plugin ABI %u.%u, but this merit "
		    "speaks ABI %d.%d: rebuild the plugin against this merit's "
		    "headers (pkg-config --cflags merit)", p->abi_major,
		    p->abi_minor, MERIT_ABI_MAJOR, MERIT_ABI_MINOR);
	if (p->abi_minor > MERIT_ABI_MINOR)
		REFUSE(MERIT_EABI, "built for plugin ABI %u.%u, newer than this "
		    "merit's %d.%d: upgrade merit, or rebuild the plugin against "
		    "this merit's headers", p->abi_major, p->abi_minor,
		    MERIT_ABI_MAJOR, MERIT_ABI_MINOR);
	if (p->size < sizeof(struct merit_plugin))
		REFUSE(MERIT_EABI, "descriptor is %u bytes, smaller than ABI "
		    "%d.0's %zu: rebuild the plugin", p->size, MERIT_ABI_MAJOR,
		    sizeof(struct merit_plugin));
	if (!p->name || !p->version || !p->summary)
		REFUSE(MERIT_EPLUGIN, "descriptor lacks a name, version or "
		    "summary");
	if (strlen(p->name) != bl - 3 || strncmp(p->name, base, bl - 3))
		REFUSE(MERIT_EPLUGIN, "calls itself '%s' but its file is '%s': "
		    "name the file %s.so (or fix the name in the descriptor)",
		    p->name, base, p->name);
	if (p->kind != MERIT_PLUGIN_ENGINE && p->kind != MERIT_PLUGIN_SCORER &&
	    p->kind != MERIT_PLUGIN_EXPORTER)
		REFUSE(MERIT_EPLUGIN, "unknown kind %d (expected engine = 1, "
		    "scorer = 2 or exporter = 3)", (int)p->kind);
	if (!p->ops || *(const uint32_t *)p->ops < min_ops_size(p->kind) ||
	    !ops_complete(p))
		REFUSE(MERIT_EPLUGIN, "its %s operations table is missing or "
		    "incomplete", plugin_kind_name(p->kind));
	for (size_t i = 0; i < ps->n; i++)
		if (!strcmp(ps->v[i].desc->name, p->name))
			REFUSE(MERIT_EPLUGIN, "a plugin named '%s' is already loaded "
			    "from %s (the first one found wins)", p->name,
			    ps->v[i].path);

	void *state = NULL;
	if (p->init && (rc = p->init(host_api(), &state)) != 0)
		REFUSE(MERIT_EPLUGIN, "init failed: %s", merit_strerror(rc));
	if (ps->n == ps->cap) {
		size_t cap = ps->cap ? ps->cap * 2 : 8;
		struct plugin *v = realloc(ps->v, cap * sizeof(*v));
		if (!v) {
			if (p->deinit)
				p->deinit(state);
			rc = MERIT_ENOMEM;
			goto bad;
		}
		ps->v = v;
		ps->cap = cap;
	}
	struct plugin *pl = &ps->v[ps->n];
	if (!(pl->path = strdup(path))) {
		if (p->deinit)
			p->deinit(state);
		rc = MERIT_ENOMEM;
		goto bad;
	}
	pl->desc = p;
	pl->handle = h;
	pl->state = state;
	pl->configured = 0;
	ps->n++;
	return 0;
#undef REFUSE
bad:
	dlclose(h);
	return rc;
}

static int scan_dir(struct plugin_set *ps, const char *dir, int depth)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **names = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;
	if (!d)
		return 0; /* a search path that does not exist is not an error */
	while ((e = readdir(d))) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		if (e->d_name[0] == '.' && strcmp(e->d_name, ".libs"))
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			char **v = realloc(names, cap * sizeof(*v));
			if (!v) {
				rc = MERIT_ENOMEM;
				break;
			}
			names = v;
		}
		if (!(names[n] = strdup(e->d_name))) {
			rc = MERIT_ENOMEM;
			break;
		}
		n++;
	}
	closedir(d);
	/* name order, so that which of two same-named plugins wins does
	 * not depend on the file system */
	for (size_t i = 1; i < n; i++)
		for (size_t j = i; j > 0 && strcmp(names[j - 1], names[j]) > 0; j--) {
			char *t = names[j];
			names[j] = names[j - 1];
			names[j - 1] = t;
		}
	for (size_t i = 0; i < n && rc != MERIT_ENOMEM; i++) {
		char path[4096];
		struct stat st;
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		if (stat(path, &st))
			continue;
		size_t l = strlen(names[i]);
		if (S_ISDIR(st.st_mode) && depth < 4)
			rc = scan_dir(ps, path, depth + 1);
		else if (S_ISREG(st.st_mode) && l > 3 &&
		    !strcmp(names[i] + l - 3, ".so"))
			if (plugins_load(ps, path) == MERIT_ENOMEM)
				rc = MERIT_ENOMEM;
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc == MERIT_ENOMEM ? rc : 0;
}

int plugins_scan(struct plugin_set *ps, const char *const *dirs, size_t ndirs)
{
	for (size_t i = 0; i < ndirs; i++) {
		int rc = scan_dir(ps, dirs[i], 0);
		if (rc)
			return rc;
	}
	return 0;
}

struct plugin *plugins_find(struct plugin_set *ps, enum merit_plugin_kind kind,
    const char *name)
{
	for (size_t i = 0; i < ps->n; i++)
		if (ps->v[i].desc->kind == kind && !strcmp(ps->v[i].desc->name, name))
			return &ps->v[i];
	return NULL;
}

const char **plugins_names(const struct plugin_set *ps,
    enum merit_plugin_kind kind)
{
	const char **v = calloc(ps->n + 1, sizeof(*v));
	size_t k = 0;
	for (size_t i = 0; v && i < ps->n; i++)
		if (ps->v[i].desc->kind == kind)
			v[k++] = ps->v[i].desc->name;
	return v;
}

void plugins_free(struct plugin_set *ps)
{
	for (size_t i = 0; i < ps->n; i++) {
		struct plugin *p = &ps->v[i];
		if (p->desc->deinit)
			p->desc->deinit(p->state);
		/* Stay mapped under valgrind/ASan so leak reports can name
		 * plugin frames; the process ends right after anyway. */
		if (!getenv("MERIT_KEEP_PLUGINS_MAPPED"))
			dlclose(p->handle);
		free(p->path);
	}
	for (size_t i = 0; i < ps->n_refused; i++) {
		free(ps->refused[i].path);
		free(ps->refused[i].reason);
	}
	free(ps->v);
	free(ps->refused);
	memset(ps, 0, sizeof(*ps));
}
