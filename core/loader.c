#include <dlfcn.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <dirent.h>
#include "merit/error.h"
#include "host.h"
#include "loader.h"
#include "mapped.h"
#include "trusted.h"

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

/* The sizes of the descriptor and of each kind's operations table, one
 * row per ABI minor. A plugin declares the minor it was built for (never
 * a newer one than ours), so its tables must have exactly that minor's
 * sizes: a table of another size is another kind's, or was built against
 * other headers. A new minor adds a row and keeps the old ones. */
struct abi_sizes {
	uint32_t plugin, engine, scorer, exporter;
};
static const struct abi_sizes abi_sizes[MERIT_ABI_MINOR + 1] = {
	[0] = { sizeof(struct merit_plugin), sizeof(struct merit_engine_ops),
		sizeof(struct merit_scorer_ops),
		sizeof(struct merit_exporter_ops) },
	/* 1.1 grew the result structs a plugin reports, not these */
	[1] = { sizeof(struct merit_plugin), sizeof(struct merit_engine_ops),
		sizeof(struct merit_scorer_ops),
		sizeof(struct merit_exporter_ops) },
};

static uint32_t ops_size(const struct abi_sizes *z, int kind)
{
	switch (kind) {
	case MERIT_PLUGIN_ENGINE: return z->engine;
	case MERIT_PLUGIN_SCORER: return z->scorer;
	case MERIT_PLUGIN_EXPORTER: return z->exporter;
	}
	return 0;
}

#define NAME_MAX_LEN 255 /* a file name */
#define TEXT_MAX_LEN 4096

#define WHY(...) (snprintf(why, whylen, __VA_ARGS__), MERIT_EPLUGIN)

/* The first three fields say how to read the rest. */
static int check_head(const struct merit_plugin *p, char *why, size_t whylen)
{
	if (!p)
		return WHY("%s() returned no descriptor", MERIT_PLUGIN_SYMBOL);
	if ((uintptr_t)p % _Alignof(struct merit_plugin))
		return WHY("%s() returned %p, which is not aligned for a "
		    "descriptor: return a static descriptor (MERIT_PLUGIN_DEFINE)",
		    MERIT_PLUGIN_SYMBOL, (const void *)p);
	if (!mapped_range(p, offsetof(struct merit_plugin, kind), 0))
		return WHY("%s() returned %p, which is not in the memory of any "
		    "loaded object: return a static descriptor "
		    "(MERIT_PLUGIN_DEFINE)", MERIT_PLUGIN_SYMBOL, (const void *)p);
	if (p->abi_major != MERIT_ABI_MAJOR)
		return snprintf(why, whylen, "built for plugin ABI %u.%u, but "
		    "this merit speaks ABI %d.%d: rebuild the plugin against "
		    "this merit's headers (pkg-config --cflags merit)",
		    p->abi_major, p->abi_minor, MERIT_ABI_MAJOR,
		    MERIT_ABI_MINOR), MERIT_EABI;
	if (p->abi_minor > MERIT_ABI_MINOR)
		return snprintf(why, whylen, "built for plugin ABI %u.%u, newer "
		    "than this merit's %d.%d: upgrade merit, or rebuild the "
		    "plugin against this merit's headers", p->abi_major,
		    p->abi_minor, MERIT_ABI_MAJOR, MERIT_ABI_MINOR), MERIT_EABI;
	uint32_t want = abi_sizes[p->abi_minor].plugin;
	if (p->size < want)
		return snprintf(why, whylen, "descriptor is %u bytes, smaller "
		    "than ABI %u.%u's %u: rebuild the plugin", p->size,
		    p->abi_major, p->abi_minor, want), MERIT_EABI;
	if (p->size > want)
		return snprintf(why, whylen, "descriptor claims %u bytes, but "
		    "ABI %u.%u's is %u: it is corrupt, or was built against "
		    "other headers; rebuild the plugin against this merit's "
		    "(pkg-config --cflags merit)", p->size, p->abi_major,
		    p->abi_minor, want), MERIT_EABI;
	if (!mapped_range(p, want, 0))
		return WHY("descriptor runs past the end of the plugin's memory");
	return 0;
}

static int check_text(const char *field, const char *s, size_t max,
    char *why, size_t whylen)
{
	if (!s)
		return WHY("descriptor has no %s (it is NULL)", field);
	if (mapped_string(s, max + 1) < 0)
		return WHY("descriptor's %s (at %p) is not a string of at most "
		    "%zu bytes in a loaded object's memory", field,
		    (const void *)s, max);
	return 0;
}

static int check_strings(const struct merit_plugin *p, const char *base,
    size_t bl, char *why, size_t whylen)
{
	int rc;
	if ((rc = check_text("name", p->name, NAME_MAX_LEN, why, whylen)) ||
	    (rc = check_text("version", p->version, TEXT_MAX_LEN, why, whylen)) ||
	    (rc = check_text("summary", p->summary, TEXT_MAX_LEN, why, whylen)))
		return rc;
	if (strlen(p->name) != bl - 3 || strncmp(p->name, base, bl - 3))
		return WHY("calls itself '%s' but its file is '%s': name the "
		    "file %s.so (or fix the name in the descriptor)", p->name,
		    base, p->name);
	return 0;
}

/* A callback the core will call: present, and pointing at code. */
static int check_callback(const char *table, const char *field,
    void (*fn)(void), int required, char *why, size_t whylen)
{
	if (!fn)
		return required ? WHY("%s has no %s() (it is NULL)", table,
		    field) : 0;
	if (!mapped_code(fn)) {
		const void *at;
		memcpy(&at, &fn, sizeof(at));
		return WHY("%s's %s() points at %p, which is not code in any "
		    "loaded object", table, field, at);
	}
	return 0;
}

#define CALLBACK(table, ops, field, required) \
	check_callback(table, #field, (void (*)(void))(ops)->field, required, \
	    why, whylen)

static int check_hooks(const struct merit_plugin *p, char *why, size_t whylen)
{
	int rc;
	if ((rc = CALLBACK("descriptor", p, init, 0)) ||
	    (rc = CALLBACK("descriptor", p, config, 0)) ||
	    (rc = CALLBACK("descriptor", p, deinit, 0)))
		return rc;
	return 0;
}

static const char *a_kind(int kind)
{
	return kind == MERIT_PLUGIN_SCORER ? "a scorer" : kind ==
	    MERIT_PLUGIN_ENGINE ? "an engine" : "an exporter";
}

/* Which other kinds' tables have this size ("an engine's or a scorer's"),
 * to say what a mismatch looks like; 0 when none has. */
static int kinds_of_size(const struct abi_sizes *z, uint32_t size,
    int not_kind, char *buf, size_t len)
{
	int n = 0;
	buf[0] = '\0';
	for (int k = MERIT_PLUGIN_ENGINE; k <= MERIT_PLUGIN_EXPORTER; k++)
		if (k != not_kind && ops_size(z, k) == size) {
			size_t off = strlen(buf);
			snprintf(buf + off, len - off, "%s%s's", n ? " or " : "",
			    a_kind(k));
			n++;
		}
	return n;
}

static int check_ops_size(const struct merit_plugin *p, char *why,
    size_t whylen)
{
	const char *kind = plugin_kind_name(p->kind), *a = a_kind(p->kind);
	const struct abi_sizes *z = &abi_sizes[p->abi_minor];
	if (!p->ops)
		return WHY("descriptor has no operations table (ops is NULL): "
		    "%s needs a struct merit_%s_ops", a, kind);
	/* every kind's table starts with its size and holds pointers */
	if ((uintptr_t)p->ops % _Alignof(struct merit_exporter_ops))
		return WHY("its operations table (at %p) is not aligned for one",
		    p->ops);
	if (!mapped_range(p->ops, sizeof(uint32_t), 0))
		return WHY("its operations table (at %p) is not in the memory of "
		    "any loaded object", p->ops);
	uint32_t size = *(const uint32_t *)p->ops, want = ops_size(z, p->kind);
	if (size == want)
		return mapped_range(p->ops, size, 0) ? 0 : WHY("its operations "
		    "table runs past the end of the plugin's memory");
	char other[64];
	if (kinds_of_size(z, size, p->kind, other, sizeof(other)))
		return WHY("its operations table is %u bytes, but %s's is %u "
		    "in ABI %u.%u; %u bytes is %s table: was it declared as kind "
		    "%s by mistake? fix the kind or the table", size, a, want,
		    p->abi_major, p->abi_minor, size, other, kind);
	return WHY("its operations table is %u bytes, but %s's is %u in ABI "
	    "%u.%u: set .size = sizeof(struct merit_%s_ops) and rebuild", size,
	    a, want, p->abi_major, p->abi_minor, kind);
}

static int check_exporter_ops(const struct merit_exporter_ops *o, char *why,
    size_t whylen)
{
	const char *t = "its exporter operations table";
	int rc;
	if ((rc = CALLBACK(t, o, begin, 1)) || (rc = CALLBACK(t, o, write, 1)) ||
	    (rc = CALLBACK(t, o, end, 1)))
		return rc;
	if (!o->extension)
		return WHY("%s has no extension (it is NULL): give the file name "
		    "extension, e.g. \"txt\"", t);
	if (mapped_string(o->extension, NAME_MAX_LEN + 1) < 0)
		return WHY("%s's extension is not a string in a loaded object's "
		    "memory", t);
	return 0;
}

/* The required callbacks of the declared kind. Engine and scorer tables
 * have one shape, so one declared as the other passes: nothing in ABI
 * 1.0 tells them apart. */
static int check_ops(const struct merit_plugin *p, char *why, size_t whylen)
{
	int rc;
	if ((rc = check_ops_size(p, why, whylen)))
		return rc;
	switch (p->kind) {
	case MERIT_PLUGIN_ENGINE:
		return CALLBACK("its engine operations table",
		    (const struct merit_engine_ops *)p->ops, measure, 1);
	case MERIT_PLUGIN_SCORER:
		return CALLBACK("its scorer operations table",
		    (const struct merit_scorer_ops *)p->ops, score, 1);
	case MERIT_PLUGIN_EXPORTER:
		return check_exporter_ops(p->ops, why, whylen);
	}
	return WHY("unknown kind %d", (int)p->kind);
}

/* Everything the core reads in a descriptor, before it calls any of it.
 * Pointers are checked to lie in a loaded object, so that a wild one is
 * a refusal and not a crash. */
static int check_descriptor(const struct merit_plugin *p, const char *base,
    size_t bl, char *why, size_t whylen)
{
	int rc;
	if ((rc = check_head(p, why, whylen)) ||
	    (rc = check_strings(p, base, bl, why, whylen)))
		return rc;
	if (p->kind != MERIT_PLUGIN_ENGINE && p->kind != MERIT_PLUGIN_SCORER &&
	    p->kind != MERIT_PLUGIN_EXPORTER)
		return WHY("unknown kind %d (expected engine = 1, scorer = 2 or "
		    "exporter = 3)", (int)p->kind);
	if ((rc = check_hooks(p, why, whylen)) || (rc = check_ops(p, why, whylen)))
		return rc;
	return 0;
}

#undef CALLBACK
#undef WHY

/* A refusal because the file cannot be trusted, or 0 with it mapped. */
static int open_trusted(struct plugin_set *ps, const char *path, void **h)
{
	char why[1024], *real;
	int rc = trusted_file(path, &real, why, sizeof(why));
	if (rc == MERIT_ENOMEM)
		return rc;
	if (rc)
		return refuse(ps, path, rc, "%s", why);
	/* the path that was checked, so that no symbolic link is followed
	 * afresh between the checks and the mapping */
	*h = dlopen(real, RTLD_NOW | RTLD_LOCAL);
	free(real);
	if (!*h)
		return refuse(ps, path, MERIT_EPLUGIN, "cannot load: %s",
		    dlerror());
	return 0;
}

static int keep(struct plugin_set *ps, const char *path,
    const struct merit_plugin *p, void *h, void *state)
{
	if (ps->n == ps->cap) {
		size_t cap = ps->cap ? ps->cap * 2 : 8;
		struct plugin *v = realloc(ps->v, cap * sizeof(*v));
		if (!v)
			return MERIT_ENOMEM;
		ps->v = v;
		ps->cap = cap;
	}
	struct plugin *pl = &ps->v[ps->n];
	if (!(pl->path = strdup(path)))
		return MERIT_ENOMEM;
	pl->desc = p;
	pl->handle = h;
	pl->state = state;
	pl->configured = 0;
	ps->n++;
	return 0;
}

int plugins_load(struct plugin_set *ps, const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	size_t bl = strlen(base);
	if (bl < 4 || strcmp(base + bl - 3, ".so"))
		return refuse(ps, path, MERIT_EPLUGIN, "not a .so file");
	void *h;
	int rc = open_trusted(ps, path, &h);
	if (rc)
		return rc;
	merit_plugin_fn fn;
	*(void **)&fn = dlsym(h, MERIT_PLUGIN_SYMBOL);
	if (!fn) {
		dlclose(h);
		return refuse(ps, path, MERIT_EPLUGIN, "no '%s' symbol: not a "
		    "merit plugin (define it with MERIT_PLUGIN_DEFINE)",
		    MERIT_PLUGIN_SYMBOL);
	}
	const struct merit_plugin *p = fn();
	char why[1024];
	if ((rc = check_descriptor(p, base, bl, why, sizeof(why)))) {
		rc = refuse(ps, path, rc, "%s", why);
		goto bad;
	}
	for (size_t i = 0; i < ps->n; i++)
		if (!strcmp(ps->v[i].desc->name, p->name)) {
			rc = refuse(ps, path, MERIT_EPLUGIN, "a plugin named '%s' "
			    "is already loaded from %s (the first one found wins)",
			    p->name, ps->v[i].path);
			goto bad;
		}
	void *state = NULL;
	if (p->init && (rc = p->init(host_api(), &state)) != 0) {
		rc = refuse(ps, path, MERIT_EPLUGIN, "init failed: %s",
		    merit_strerror(rc));
		goto bad;
	}
	if ((rc = keep(ps, path, p, h, state))) {
		if (p->deinit)
			p->deinit(state);
		goto bad;
	}
	return 0;
bad:
	dlclose(h);
	return rc;
}

const struct refusal *plugins_refusal(const struct plugin_set *ps,
    const char *name)
{
	size_t nl = strlen(name);
	for (size_t i = 0; i < ps->n_refused; i++) {
		const char *base = strrchr(ps->refused[i].path, '/');
		base = base ? base + 1 : ps->refused[i].path;
		if (!strncmp(base, name, nl) && !strcmp(base + nl, ".so"))
			return &ps->refused[i];
	}
	return NULL;
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

const char *plugins_why_absent(const struct plugin_set *ps, const char *name,
    char *buf, size_t len)
{
	const struct refusal *r = ps ? plugins_refusal(ps, name) : NULL;
	if (!r)
		return "see 'merit plugins'";
	snprintf(buf, len, "%s was refused: %s", r->path, r->reason);
	return buf;
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
