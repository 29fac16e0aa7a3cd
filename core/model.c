#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "merit/error.h"
#include "merit/result.h"
#include "dsl.h"
#include "fsio.h"
#include "model.h"
#include "paths.h"
#include "sandbox.h"
#include <lauxlib.h>

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
}

/* A .lua file found in a folder lies in that folder once links are
 * resolved: the folder was checked to be the agency's or merit's, and a
 * link in it must not bring in a file from elsewhere. */
static int listed_inside(const char *dir, const char *file, struct diag *d)
{
	struct paths none = { 0 };
	char *real = NULL;
	int rc = paths_confine(&none, dir, file, &real);
	free(real);
	if (rc != MERIT_EINPUT)
		return 0;
	diag_add(d, file, 0, 0, "a symbolic link out of its folder %s; copy "
	    "the file into the folder instead", dir);
	return MERIT_EINPUT;
}

/* Expand folders into their .lua files, keeping the order given. */
static int expand(uv_loop_t *loop, const char *const *paths, size_t npaths,
    struct arena *a, const char ***files, size_t *n, struct diag *d)
{
	size_t cap = 0, cnt = 0;
	const char **v = NULL;
	int rc = 0;
	for (size_t i = 0; i < npaths && !rc; i++) {
		int dir = fsio_is_dir(loop, paths[i]);
		char **list = NULL;
		size_t nl = 0;
		if (dir < 0) {
			diag_add(d, paths[i], 0, 0, "cannot read: %s",
			    merit_strerror(dir));
			rc = MERIT_ENOENT;
			break;
		}
		if (dir) {
			if ((rc = fsio_list(loop, paths[i], ".lua", &list, &nl))) {
				diag_add(d, paths[i], 0, 0, "cannot list: %s",
				    merit_strerror(rc));
				break;
			}
			if (!nl)
				diag_add(d, paths[i], 0, 0, "no .lua files in this "
				    "folder");
		}
		size_t add = dir ? nl : 1;
		if (cnt + add > cap) {
			size_t ncap = (cnt + add) * 2;
			const char **nv = arena_alloc(a, ncap * sizeof(*nv));
			if (!nv) {
				rc = MERIT_ENOMEM;
				fsio_list_free(list, nl);
				break;
			}
			if (cnt)
				memcpy(nv, v, cnt * sizeof(*v));
			v = nv;
			cap = ncap;
		}
		for (size_t j = 0; dir && j < add && !rc; j++)
			rc = listed_inside(paths[i], list[j], d);
		for (size_t j = 0; j < add && !rc; j++) {
			const char *p = arena_strdup(a, dir ? list[j] : paths[i]);
			if (!p) {
				rc = MERIT_ENOMEM;
				break;
			}
			/* the same file twice would declare everything twice */
			int dup = 0;
			for (size_t k = 0; k < cnt; k++)
				if (!strcmp(v[k], p))
					dup = 1;
			if (!dup)
				v[cnt++] = p;
		}
		fsio_list_free(list, nl);
	}
	*files = v;
	*n = cnt;
	return rc;
}

/* Each file's own hash, so a changed model can name the files changed. */
static void file_hash(struct model_set *ms, size_t i, const char *buf,
    size_t len)
{
	unsigned char h[32];
	char *hex = arena_alloc(&ms->arena, sizeof(h) * 2 + 1);
	if (!ms->file_hashes && (ms->file_hashes = arena_alloc(&ms->arena,
	    ms->n_files * sizeof(*ms->file_hashes))))
		memset(ms->file_hashes, 0, ms->n_files * sizeof(*ms->file_hashes));
	if (!hex || !ms->file_hashes)
		return;
	crypto_generichash(h, sizeof(h), (const unsigned char *)buf, len, NULL,
	    0);
	sodium_bin2hex(hex, sizeof(h) * 2 + 1, h, sizeof(h));
	ms->file_hashes[i] = hex;
}

int model_set_load(uv_loop_t *loop, const char *const *paths, size_t npaths,
    const struct model_opts *o, struct model_set **out, struct diag *d)
{
	struct model_set *ms = calloc(1, sizeof(*ms));
	struct sandbox *sbp = calloc(1, sizeof(*sbp));
	struct source_text *srcs = NULL;
	crypto_generichash_state hs;
	unsigned char hash[32];
	size_t before = d->n, nsrc = 0;
	int rc;

	*out = NULL;
	if (!ms || !sbp) {
		free(ms);
		free(sbp);
		return MERIT_ENOMEM;
	}
	/* on the heap: Lua keeps its address, and a model with score
	 * functions keeps the sandbox for as long as the model lives */
	if (sodium_init() < 0) {
		free(ms);
		return MERIT_ENOMEM;
	}
	arena_init(&ms->arena);
	if ((rc = expand(loop, paths, npaths, &ms->arena, &ms->files,
	    &ms->n_files, d)))
		goto fail;
	if (!ms->n_files) {
		rc = MERIT_ENOENT;
		goto fail;
	}
	nsrc = ms->n_files;
	srcs = calloc(nsrc, sizeof(*srcs));
	if (!srcs || (rc = sandbox_open(sbp, o ? o->mem_cap : 0,
	    o ? o->budget : 0))) {
		rc = MERIT_ENOMEM;
		goto fail;
	}
	if (o && o->seconds)
		sbp->time_limit_ms = o->seconds * 1000ull;
	dsl_install(sbp);
	crypto_generichash_init(&hs, NULL, 0, sizeof(hash));
	crypto_generichash_update(&hs, (const unsigned char *)"merit-model-1", 14);

	int script_failed = 0;
	for (size_t i = 0; i < ms->n_files; i++) {
		char *buf;
		size_t len;
		char err[1024];
		srcs[i].file = ms->files[i];
		if ((rc = fsio_read(loop, ms->files[i], &buf, &len))) {
			diag_add(d, ms->files[i], 0, 0, "cannot read: %s",
			    merit_strerror(rc));
			script_failed = 1;
			continue;
		}
		srcs[i].text = buf;
		srcs[i].len = len;
		/* the hash covers names and contents, not where they sit, so
		 * a receipt does not change when the tree is moved */
		const char *bn = base_name(ms->files[i]);
		crypto_generichash_update(&hs, (const unsigned char *)bn,
		    strlen(bn) + 1);
		file_hash(ms, i, buf, len);
		crypto_generichash_update(&hs, (const unsigned char *)buf, len);
		crypto_generichash_update(&hs, (const unsigned char *)"", 1);
		if (sandbox_run(sbp, ms->files[i], buf, len, err, sizeof(err))) {
			diag_add(d, NULL, 0, 0, "%s", err);
			script_failed = 1;
			if (sbp->killed)
				break; /* a killed state runs nothing more */
		}
	}
	if (script_failed) {
		rc = MERIT_ESCRIPT;
		goto fail;
	}
	rc = model_validate(sbp->L, &ms->arena, srcs, ms->n_files,
	    o ? &o->validate : NULL, &ms->model, d);
	if (rc)
		goto fail;
	crypto_generichash_final(&hs, hash, sizeof(hash));
	char *hex = arena_alloc(&ms->arena, sizeof(hash) * 2 + 1);
	if (!hex) {
		rc = MERIT_ENOMEM;
		goto fail;
	}
	sodium_bin2hex(hex, sizeof(hash) * 2 + 1, hash, sizeof(hash));
	ms->model.hash = hex;
	/* the sandbox is kept for score functions and pool rules */
	int keep = 0;
	for (size_t i = 0; i < ms->model.n_assessments; i++)
		keep |= ms->model.assessments[i].has_score_function;
	for (size_t i = 0; i < ms->model.n_pools; i++)
		keep |= ms->model.pools[i].has_rule;
	if (keep) {
			if (uv_mutex_init(&ms->lock)) {
				rc = MERIT_ENOMEM;
				goto fail;
			}
			ms->sb = sbp;
			sbp = NULL;
		}
	*out = ms;
	ms = NULL;
fail:
	if (rc && d->n == before)
		diag_add(d, NULL, 0, 0, "the model could not be loaded: %s",
		    merit_strerror(rc));
	if (sbp) {
		sandbox_close(sbp);
		free(sbp);
	}
	if (srcs) {
		for (size_t i = 0; i < nsrc; i++)
			free((char *)srcs[i].text);
		free(srcs);
	}
	if (ms)
		model_set_free(ms);
	return rc;
}

void model_set_free(struct model_set *ms)
{
	if (!ms)
		return;
	if (ms->sb) {
		sandbox_close(ms->sb);
		free(ms->sb);
		uv_mutex_destroy(&ms->lock);
	}
	arena_free(&ms->arena);
	free(ms);
}

/* -- Lua score functions ------------------------------------------------ */

static const char *const elem_names[MERIT_ELEMENTS] = { "qualification",
	"qualities", "performance" };

static void push_num_or_nil(lua_State *L, double v)
{
	if (isfinite(v))
		lua_pushnumber(L, v);
	else
		lua_pushnil(L);
}

/* The argument of score(e): elements, weights, competencies, post. */
static int push_score_arg(lua_State *L)
{
	const struct merit_result *r = lua_touserdata(L, 1);
	const struct merit_person *p = lua_touserdata(L, 2);
	lua_createtable(L, 0, 8);
	lua_createtable(L, 0, MERIT_ELEMENTS);
	for (int e = 0; e < MERIT_ELEMENTS; e++) {
		if (!r->used[e])
			continue;
		lua_pushnumber(L, r->element[e]);
		lua_setfield(L, -3, elem_names[e]);
		lua_pushnumber(L, r->weight[e]);
		lua_setfield(L, -2, elem_names[e]);
	}
	lua_setfield(L, -2, "weights");
	lua_createtable(L, 0, (int)r->n_competencies);
	for (size_t i = 0; i < r->n_competencies; i++) {
		push_num_or_nil(L, r->competencies[i].value);
		lua_setfield(L, -2, r->competencies[i].id);
	}
	lua_setfield(L, -2, "competencies");
	lua_pushinteger(L, p->post_level);
	lua_setfield(L, -2, "post");
	push_num_or_nil(L, r->self_qualities);
	lua_setfield(L, -2, "self");
	return 1;
}

void model_score_new_run(struct model_set *ms)
{
	if (!ms->sb)
		return;
	uv_mutex_lock(&ms->lock);
	ms->score_stops_in_row = 0;
	uv_mutex_unlock(&ms->lock);
}

int model_run_score(struct model_set *ms, const struct merit_assessment *a,
    const struct merit_person *p, const struct merit_result *r, double *K,
    const char **band, char *err, size_t errlen)
{
	int rc = MERIT_ESCRIPT;
	*band = NULL;
	if (!ms->sb) {
		snprintf(err, errlen, "assessment %s has no score function", a->id);
		return MERIT_EINVAL;
	}
	uv_mutex_lock(&ms->lock);
	struct sandbox *sb = ms->sb;
	lua_State *L = sb->L;
	int top = lua_gettop(L);
	/* each person gets the same fresh budget, and the same random
	 * numbers whatever the order the thread pool scores them in */
	sb->used = 0;
	sb->budget = SCORE_BUDGET;
	sb->time_limit_ms = SCORE_TIME_LIMIT_MS;
	if (sb->killed && ms->score_stops_in_row >= SCORE_STOPS_IN_ROW) {
		snprintf(err, errlen, "%s; stopped %u times in a row, the score "
		    "function is not run again in this run", sb->reason,
		    ms->score_stops_in_row);
		goto out;
	}
	/* a call stopped for one person (a loop on some inputs only) must
	 * not fail every person after: revive the sandbox as pool rules do */
	if (sandbox_revive(sb)) {
		snprintf(err, errlen, "%s", sb->reason);
		goto out;
	}
	snprintf(sb->last_where, sizeof(sb->last_where), "%s:%d", a->src.file,
	    a->src.line);
	lua_pushcfunction(L, push_score_arg);
	lua_pushlightuserdata(L, (void *)r);
	lua_pushlightuserdata(L, (void *)p);
	if (lua_pcall(L, 2, 1, 0) != LUA_OK) {
		snprintf(err, errlen, "out of memory preparing the score function");
		goto out;
	}
	int arg = lua_gettop(L);
	lua_getfield(L, LUA_REGISTRYINDEX, "merit.env");
	lua_getfield(L, -1, "math");
	lua_getfield(L, -1, "randomseed");
	lua_pushinteger(L, 0);
	if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
		snprintf(err, errlen, "cannot seed math.random");
		goto out;
	}
	lua_settop(L, arg);
	lua_getfield(L, LUA_REGISTRYINDEX, "merit.score");
	lua_getfield(L, -1, a->id);
	lua_remove(L, -2);
	lua_pushvalue(L, arg);
	int failed = sandbox_pcall(sb, 1, 2, err, errlen);
	ms->score_stops_in_row = sb->killed ? ms->score_stops_in_row + 1 : 0;
	if (failed)
		goto out;
	if (lua_type(L, -2) != LUA_TNUMBER || !isfinite(lua_tonumber(L, -2)) ||
	    lua_tonumber(L, -2) < 0 || lua_tonumber(L, -2) > 1) {
		snprintf(err, errlen, "%s:%d: the score function of assessment %s "
		    "returned %s; it must return K, a number in [0, 1]",
		    a->src.file, a->src.line, a->id, lua_type(L, -2) == LUA_TNUMBER
		    ? "a number outside [0, 1]" : luaL_typename(L, -2));
		goto out;
	}
	*K = lua_tonumber(L, -2);
	if (lua_type(L, -1) == LUA_TSTRING) {
		const char *b = lua_tostring(L, -1);
		for (size_t i = 0; i < a->n_bands; i++)
			if (!strcmp(a->bands[i].label, b))
				*band = a->bands[i].label;
		if (!*band) {
			snprintf(err, errlen, "%s:%d: the score function of "
			    "assessment %s returned band '%s', which is not one of "
			    "its bands", a->src.file, a->src.line, a->id, b);
			goto out;
		}
	} else if (lua_type(L, -1) != LUA_TNIL) {
		snprintf(err, errlen, "%s:%d: the score function of assessment %s "
		    "returned a %s as band; return K or K, \"label\"", a->src.file,
		    a->src.line, a->id, luaL_typename(L, -1));
		goto out;
	}
	rc = 0;
out:
	lua_settop(L, top);
	uv_mutex_unlock(&ms->lock);
	return rc;
}

const struct merit_assessment *model_assessment(const struct merit_model *m,
    const char *id)
{
	for (size_t i = 0; i < m->n_assessments; i++)
		if (!strcmp(m->assessments[i].id, id))
			return &m->assessments[i];
	return NULL;
}

const struct merit_level *model_level_for_post(
    const struct merit_framework *fw, int post)
{
	for (size_t i = 0; fw && i < fw->n_levels; i++)
		if (fw->levels[i].post_min && post >= fw->levels[i].post_min &&
		    post <= fw->levels[i].post_max)
			return &fw->levels[i];
	return NULL;
}

const struct merit_indicator_set *model_indicators_at_level(
    const struct merit_competency *c, const char *level_id)
{
	for (size_t i = 0; i < c->n_sets; i++)
		if (c->sets[i].level && !strcmp(c->sets[i].level->id, level_id))
			return &c->sets[i];
	return NULL;
}

const struct merit_indicator_set *model_indicators_for_post(
    const struct merit_framework *fw, const struct merit_competency *c,
    int post)
{
	const struct merit_level *lv = model_level_for_post(fw, post);
	for (size_t i = 0; i < c->n_sets; i++) {
		const struct merit_indicator_set *s = &c->sets[i];
		if (s->level && s->level == lv)
			return s;
		if (!s->level && (!c->post_min ||
		    (post >= c->post_min && post <= c->post_max)))
			return s;
	}
	return NULL;
}

const struct merit_competency *model_competency(
    const struct merit_framework *fw, const char *id)
{
	for (size_t i = 0; fw && i < fw->n_competencies; i++)
		if (!strcmp(fw->competencies[i].id, id))
			return &fw->competencies[i];
	return NULL;
}

const struct merit_requirement *model_requirement_for_post(
    const struct merit_model *m, int post)
{
	for (size_t i = 0; i < m->n_requirements; i++)
		if (post >= m->requirements[i].post_min &&
		    post <= m->requirements[i].post_max)
			return &m->requirements[i];
	return NULL;
}

const struct merit_profile *model_profile_for_post(const struct merit_model *m,
    int post)
{
	for (size_t i = 0; i < m->n_profiles; i++)
		if (post >= m->profiles[i].post_min &&
		    post <= m->profiles[i].post_max)
			return &m->profiles[i];
	return NULL;
}

int model_level_index(const struct merit_framework *fw, const char *id)
{
	for (size_t i = 0; fw && id && i < fw->n_levels; i++)
		if (!strcmp(fw->levels[i].id, id))
			return (int)i + 1;
	return 0;
}

const struct merit_text *model_text_pick(const struct merit_i18n *t,
    const char *lang)
{
	const struct merit_text *en = NULL;
	for (size_t i = 0; i < t->n; i++) {
		if (lang && !strcmp(t->v[i].lang, lang))
			return &t->v[i];
		if (!strcmp(t->v[i].lang, "en"))
			en = &t->v[i];
	}
	return en ? en : t->n ? &t->v[0] : NULL;
}

const char *model_text(const struct merit_i18n *t, const char *lang)
{
	const struct merit_text *x = model_text_pick(t, lang);
	return x ? x->text : "";
}
