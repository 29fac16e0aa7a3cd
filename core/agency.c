#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sodium.h>
#include "merit/error.h"
#include "agency.h"
#include "fsio.h"
#include "ident.h"

static const char *dir_of(struct arena *a, const char *file)
{
	const char *s = strrchr(file, '/');
	return s ? arena_strndup(a, file, (size_t)(s - file)) : ".";
}

/* A path in agency.yaml: "./x" or "/x" or "x/y" are files relative to
 * the agency's folder; a bare name is looked up in merit's data, and so
 * is "x/y" when the agency's folder has no such file. */
/* A name in merit's data, or the same name with ".lua": scripts are named
 * without their extension in agency.yaml (courses/kz). */
static char *find_data(const struct paths *paths, const char *sub,
    const char *name)
{
	char *p = paths_find_data(paths, sub, name), *lua;
	if (p || asprintf(&lua, "%s.lua", name) < 0)
		return p;
	p = paths_find_data(paths, sub, lua);
	free(lua);
	return p;
}

/* A file agency.yaml names lies in the agency's folder or in merit's
 * data: an agency file copied from elsewhere must not read /etc/shadow or
 * another agency's evidence, through "..", an absolute path or a symbolic
 * link. A file that does not exist is left for its reader to report. */
static const char *confined(const struct paths *paths, const char *dir,
    const merit_value *v, const char *path, struct diag *d)
{
	char *real = NULL;
	int rc = paths_confine(paths, dir, path, &real);
	free(real);
	if (rc == MERIT_EINPUT) {
		value_diag(d, v, "'%s' lies outside the agency's folder %s and "
		    "merit's data folders; put the file in the agency's folder "
		    "and name it relative to agency.yaml (or add its folder to "
		    "MERIT_DATA_PATH)", value_str(v), dir);
		return NULL;
	}
	return path;
}

static const char *resolve_unconfined(struct agency *ag,
    const struct paths *paths, const char *dir, const char *sub,
    const merit_value *v, struct diag *d, int bare_is_data)
{
	const char *s = value_str(v);
	if (!s || !*s) {
		value_diag(d, v, "expected a %s name or path, got %s",
		    sub ? sub : "file", v ? value_type_name(v->type) : "nothing");
		return NULL;
	}
	if (s[0] == '/')
		return arena_strdup(&ag->arena, s);
	/* kr/scs: a framework of one tier, in a folder of merit's data, when
	 * the agency's folder holds no such path */
	if (bare_is_data && strchr(s, '/') && s[0] != '.') {
		struct stat st;
		const char *rel = arena_printf(&ag->arena, "%s/%s", dir, s);
		char *p = rel && stat(rel, &st) ? find_data(paths, sub, s) : NULL;
		if (p) {
			rel = arena_strdup(&ag->arena, p);
			free(p);
		}
		return rel;
	}
	if (bare_is_data && !strchr(s, '/')) {
		char *p = find_data(paths, sub, s);
		if (!p) {
			value_diag(d, v, "no %s named '%s' in merit's data (searched "
			    "%zu folder(s)); for your own, give a path such as ./%s",
			    sub, s, paths->n_data_dirs, s);
			return NULL;
		}
		const char *r = arena_strdup(&ag->arena, p);
		free(p);
		return r;
	}
	return arena_printf(&ag->arena, "%s/%s", dir, s[0] == '.' && s[1] == '/'
	    ? s + 2 : s);
}

static const char *resolve(struct agency *ag, const struct paths *paths,
    const char *dir, const char *sub, const merit_value *v, struct diag *d,
    int bare_is_data)
{
	const char *s = value_str(v), *why;
	size_t at;
	if (s && *s && (why = ident_problem(s, strlen(s), &at))) {
		value_diag(d, v, "the %s name %s at byte %zu; rename the file",
		    sub ? sub : "file", why, at + 1);
		return NULL;
	}
	const char *p = resolve_unconfined(ag, paths, dir, sub, v, d,
	    bare_is_data);
	return p ? confined(paths, dir, v, p, d) : NULL;
}

static const char *req_str(const merit_value *root, const char *key,
    struct diag *d)
{
	const merit_value *v = value_get(root, key);
	if (!v) {
		value_diag(d, root, "agency: missing required key '%s'", key);
		return NULL;
	}
	if (v->type == MERIT_VALUE_NUMBER) /* period: 2025 */
		return v->text;
	if (!value_str(v)) {
		value_diag(d, v, "agency: '%s' must be a string", key);
		return NULL;
	}
	return v->text;
}

/* The agency's id and its period name export files (and periods key the
 * register): each a token, so no name leaves the export folder. */
static void check_token(const merit_value *root, const char *key,
    const char *s, size_t max, const char *example, struct diag *d)
{
	const char *why = s ? token_problem(s, max) : NULL;
	if (!why)
		return;
	char *shown = text_escape(s);
	value_diag(d, value_get(root, key), "agency: '%s' %s (got '%s'); "
	    "write up to %zu letters, digits, '.', '_' or '-', such as %s", key,
	    why, shown ? shown : "?", max, example);
	free(shown);
}

/* An id that reaches tables and logs: no control characters. */
static int check_ident(const merit_value *v, const char *what, struct diag *d)
{
	const char *s = value_str(v), *why;
	size_t at;
	if (!s || !(why = ident_problem(s, strlen(s), &at)))
		return 0;
	value_diag(d, v, "agency: %s %s at byte %zu; write it in plain "
	    "UTF-8 text", what, why, at + 1);
	return -1;
}

/* policies: [uz-ce-3y, ...]: ids the model must declare (the commands
 * that use them check that, with the model at hand). */
static const char **id_list(struct agency *ag, const merit_value *root,
    const char *key, const merit_value ***nodes, size_t *n, struct diag *d)
{
	const merit_value *v = value_get(root, key);
	*n = 0;
	*nodes = NULL;
	if (!v)
		return NULL;
	if (v->type != MERIT_VALUE_LIST) {
		value_diag(d, v, "agency: '%s' must be a list of ids, e.g. "
		    "%s: [%s]", key, key, !strcmp(key, "policies") ? "uz-ce-3y"
		    : "management-reserve");
		return NULL;
	}
	const char **ids = arena_alloc(&ag->arena, (v->u.c.n + 1) *
	    sizeof(*ids));
	*nodes = arena_alloc(&ag->arena, (v->u.c.n + 1) * sizeof(**nodes));
	for (size_t i = 0; ids && *nodes && i < v->u.c.n; i++) {
		const char *s = value_str(v->u.c.items[i]);
		if (!s || !*s) {
			value_diag(d, v->u.c.items[i], "agency: each of '%s' is an "
			    "id declared in the agency's scripts", key);
		} else if (!check_ident(v->u.c.items[i], key, d)) {
			(*nodes)[*n] = v->u.c.items[i];
			ids[(*n)++] = s;
		}
	}
	return ids;
}

int agency_load(uv_loop_t *loop, const struct paths *paths, const char *path,
    struct agency **out, struct diag *d)
{
	struct agency *ag = calloc(1, sizeof(*ag));
	char *buf = NULL;
	size_t len, before = d->n;
	merit_value *root;
	int rc;

	*out = NULL;
	if (!ag)
		return MERIT_ENOMEM;
	arena_init(&ag->arena);
	int isdir = fsio_is_dir(loop, path);
	ag->file = isdir > 0 ? arena_printf(&ag->arena, "%s/agency.yaml", path)
			     : arena_strdup(&ag->arena, path);
	if ((rc = fsio_read(loop, ag->file, &buf, &len))) {
		diag_add(d, ag->file, 0, 0, "cannot read the agency file: %s",
		    merit_strerror(rc));
		goto fail;
	}
	unsigned char h[32];
	crypto_generichash(h, sizeof(h), (unsigned char *)buf, len, NULL, 0);
	ag->config_hash = arena_alloc(&ag->arena, 65);
	sodium_bin2hex(ag->config_hash, 65, h, sizeof(h));
	if ((rc = yaml_parse(&ag->arena, ag->file, buf, len, &root, d)))
		goto fail;
	if (root->type != MERIT_VALUE_MAP) {
		value_diag(d, root, "an agency file is a mapping (agency: ..., "
		    "framework: ..., assessment: ...)");
		rc = MERIT_EINPUT;
		goto fail;
	}
	static const char *const keys[] = { "agency", "title", "framework",
		"scripts", "assessment", "period", "scorer", "exporters",
		"roster", "evidence", "plugins", "policies", "pools", NULL };
	value_check_keys(root, keys, "agency file", d);
	const char *dir = dir_of(&ag->arena, ag->file);

	ag->id = req_str(root, "agency", d);
	ag->title = value_get(root, "title");
	ag->assessment = req_str(root, "assessment", d);
	ag->period = req_str(root, "period", d);
	check_token(root, "agency", ag->id, IDENT_TOKEN_MAX, "kz-digital", d);
	check_token(root, "period", ag->period, IDENT_PERIOD_MAX,
	    "2025 or 2025-H1", d);
	check_ident(value_get(root, "assessment"), "'assessment'", d);
	const merit_value *v = value_get(root, "scorer");
	if (v && !(ag->scorer = value_str(v)))
		value_diag(d, v, "agency: 'scorer' must be a plugin name");
	else if (v)
		check_ident(v, "'scorer'", d);

	/* the model: framework folder first, then scripts, in order */
	const merit_value *fw = value_get(root, "framework");
	const merit_value *sc = value_get(root, "scripts");
	size_t ns = sc && sc->type == MERIT_VALUE_LIST ? sc->u.c.n : 0;
	if (sc && sc->type != MERIT_VALUE_LIST)
		value_diag(d, sc, "agency: 'scripts' must be a list, e.g. "
		    "[assessments, ./requirements.lua]");
	ag->model_paths = arena_alloc(&ag->arena, (ns + 1) * sizeof(char *));
	if (!fw)
		value_diag(d, root, "agency: missing required key 'framework'");
	else if ((ag->model_paths[0] = resolve(ag, paths, dir, "frameworks", fw,
	    d, 1)))
		ag->n_model_paths = 1;
	for (size_t i = 0; i < ns; i++) {
		const char *p = resolve(ag, paths, dir, "scripts", sc->u.c.items[i],
		    d, 1);
		if (p)
			ag->model_paths[ag->n_model_paths++] = p;
	}

	const merit_value *ex = value_get(root, "exporters");
	if (ex && ex->type != MERIT_VALUE_LIST) {
		value_diag(d, ex, "agency: 'exporters' must be a list, e.g. "
		    "[json, csv]");
	} else if (ex) {
		ag->exporters = arena_alloc(&ag->arena, (ex->u.c.n + 1) * sizeof(char *));
		for (size_t i = 0; i < ex->u.c.n; i++) {
			const char *s = value_str(ex->u.c.items[i]);
			if (!s)
				value_diag(d, ex->u.c.items[i], "agency: an exporter "
				    "is named by a string");
			else if (!check_ident(ex->u.c.items[i], "an exporter", d))
				ag->exporters[ag->n_exporters++] = s;
		}
	}
	/* without a roster file the cohort is the register's (merit import) */
	if ((v = value_get(root, "roster")))
		ag->roster = resolve(ag, paths, dir, NULL, v, d, 0);
	ag->policies = id_list(ag, root, "policies", &ag->policy_nodes,
	    &ag->n_policies, d);
	ag->pools = id_list(ag, root, "pools", &ag->pool_nodes, &ag->n_pools, d);
	v = value_get(root, "evidence");
	if (v)
		ag->evidence = resolve(ag, paths, dir, NULL, v, d, 0);
	ag->plugins = value_get(root, "plugins");
	if (ag->plugins && ag->plugins->type != MERIT_VALUE_MAP) {
		value_diag(d, ag->plugins, "agency: 'plugins' maps plugin names to "
		    "their settings, e.g. plugins: { indicators: { ... } }");
		ag->plugins = NULL;
	}
	if (ag->title && ag->title->type != MERIT_VALUE_STRING &&
	    ag->title->type != MERIT_VALUE_MAP)
		value_diag(d, ag->title, "agency: 'title' is a string or a map "
		    "of languages { en: ..., ru: ... }");
	if (d->n > before) {
		rc = MERIT_EINPUT;
		goto fail;
	}
	free(buf);
	*out = ag;
	return 0;
fail:
	free(buf);
	agency_free(ag);
	return rc ? rc : MERIT_EINPUT;
}

void agency_free(struct agency *ag)
{
	if (!ag)
		return;
	arena_free(&ag->arena);
	free(ag);
}

const merit_value *agency_plugin_config(const struct agency *ag,
    const char *name)
{
	const merit_value *v = value_get(ag->plugins, name);
	return v ? v : &value_null;
}
