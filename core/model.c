#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "merit/error.h"
#include "dsl.h"
#include "fsio.h"
#include "model.h"
#include "sandbox.h"

static const char *base_name(const char *p)
{
	const char *s = strrchr(p, '/');
	return s ? s + 1 : p;
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
		for (size_t j = 0; j < add; j++) {
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

int model_set_load(uv_loop_t *loop, const char *const *paths, size_t npaths,
    const struct model_opts *o, struct model_set **out, struct diag *d)
{
	struct model_set *ms = calloc(1, sizeof(*ms));
	struct sandbox sb = { 0 };
	struct source_text *srcs = NULL;
	crypto_generichash_state hs;
	unsigned char hash[32];
	size_t before = d->n, nsrc = 0;
	int rc;

	*out = NULL;
	if (!ms)
		return MERIT_ENOMEM;
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
	if (!srcs || (rc = sandbox_open(&sb, o ? o->mem_cap : 0,
	    o ? o->budget : 0))) {
		rc = MERIT_ENOMEM;
		goto fail;
	}
	dsl_install(&sb);
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
		crypto_generichash_update(&hs, (const unsigned char *)buf, len);
		crypto_generichash_update(&hs, (const unsigned char *)"", 1);
		if (sandbox_run(&sb, ms->files[i], buf, len, err, sizeof(err))) {
			diag_add(d, NULL, 0, 0, "%s", err);
			script_failed = 1;
			if (sb.killed)
				break; /* a killed state runs nothing more */
		}
	}
	if (script_failed) {
		rc = MERIT_ESCRIPT;
		goto fail;
	}
	rc = model_validate(sb.L, &ms->arena, srcs, ms->n_files,
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
	*out = ms;
	ms = NULL;
fail:
	if (rc && d->n == before)
		diag_add(d, NULL, 0, 0, "the model could not be loaded: %s",
		    merit_strerror(rc));
	sandbox_close(&sb);
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
	arena_free(&ms->arena);
	free(ms);
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

const char *model_text(const struct merit_i18n *t, const char *lang)
{
	const char *en = NULL;
	for (size_t i = 0; i < t->n; i++) {
		if (lang && !strcmp(t->v[i].lang, lang))
			return t->v[i].text;
		if (!strcmp(t->v[i].lang, "en"))
			en = t->v[i].text;
	}
	return en ? en : t->n ? t->v[0].text : "";
}
