#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "merit/error.h"
#include "merit/plugin.h"
#include "host.h"
#include "model.h"
#include "paths.h"
#include "vtree.h"
#include "fsio.h"
#include <sodium.h>
#include "config.h"

static uv_loop_t *the_loop;
static struct diag *config_diag;

void host_set_loop(uv_loop_t *loop)
{
	the_loop = loop;
}

void host_set_config_diag(struct diag *d)
{
	config_diag = d;
}

static void *h_loop(void)
{
	return the_loop;
}

static void h_log(enum merit_log_level level, const char *plugin,
    const char *fmt, ...)
{
	static const char *const names[] = { "error", "warning", "info", "debug" };
	if (level > MERIT_LOG_INFO && !getenv("MERIT_DEBUG"))
		return;
	char msg[2048];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fprintf(stderr, "merit: %s: %s: %s\n", plugin ? plugin : "core",
	    names[level <= MERIT_LOG_DEBUG ? level : MERIT_LOG_DEBUG], msg);
}

static void *h_alloc(size_t n)
{
	return malloc(n ? n : 1);
}

static void *h_realloc(void *p, size_t n)
{
	return realloc(p, n ? n : 1);
}

static void h_free(void *p)
{
	free(p);
}

static enum merit_value_type h_value_type(const merit_value *v)
{
	return v ? v->type : MERIT_VALUE_NULL;
}

static size_t h_value_len(const merit_value *v)
{
	return v && (v->type == MERIT_VALUE_LIST || v->type == MERIT_VALUE_MAP)
	    ? v->u.c.n : 0;
}

static const merit_value *h_value_at(const merit_value *v, size_t i)
{
	return h_value_len(v) > i ? v->u.c.items[i] : NULL;
}

static const char *h_value_key_at(const merit_value *v, size_t i)
{
	return v && v->type == MERIT_VALUE_MAP && i < v->u.c.n ? v->u.c.keys[i]
							      : NULL;
}

static int h_value_bool(const merit_value *v, int *out)
{
	if (!v || v->type != MERIT_VALUE_BOOL)
		return MERIT_EINPUT;
	*out = v->u.b;
	return 0;
}

static int grow(struct merit_measure *m, void **v, size_t *cap, size_t n,
    size_t size)
{
	if (n < *cap)
		return 0;
	size_t nc = *cap ? *cap * 2 : 8;
	void *nv = realloc(*v, nc * size);
	if (!nv) {
		m->oom = 1;
		return MERIT_ENOMEM;
	}
	*v = nv;
	*cap = nc;
	return 0;
}

static int h_fail(merit_measure *m, const merit_value *where, const char *fmt,
    ...) MERIT_PRINTF(3, 4);

static int h_measure_element(merit_measure *m, double value, double se)
{
	if (!isfinite(value) || value < 0 || value > 1)
		return MERIT_EINVAL;
	m->has_element = 1;
	m->value = value;
	m->se = se;
	return 0;
}

static char *dup_opt(struct merit_measure *m, const char *s)
{
	char *d = s ? arena_strdup(m->a, s) : NULL;
	if (s && !d)
		m->oom = 1;
	return d;
}

static int h_measure_competency_ex(merit_measure *m,
    const struct merit_competency_result *in)
{
	if (!in || !in->id)
		return MERIT_EINVAL;
	if (isfinite(in->value) && (in->value < 0 || in->value > 1))
		return MERIT_EINVAL;
	size_t i;
	for (i = 0; i < m->n_comp; i++)
		if (!strcmp(m->comp[i].id, in->id))
			break;
	if (i == m->n_comp && grow(m, (void **)&m->comp, &m->cap_comp,
	    m->n_comp, sizeof(*m->comp)))
		return MERIT_ENOMEM;
	struct merit_competency_result c = *in;
	c.id = dup_opt(m, in->id);
	c.level = dup_opt(m, in->level);
	c.provenance = dup_opt(m, in->provenance);
	if (m->oom)
		return MERIT_ENOMEM;
	m->comp[i] = c;
	if (i == m->n_comp)
		m->n_comp++;
	return 0;
}

static int h_measure_competency(merit_measure *m, const char *id,
    const char *level, double value, double se)
{
	struct merit_competency_result c = { .id = id, .level = level,
		.value = value, .se = se, .position = NAN, .position_se = NAN,
		.self = NAN, .spread = NAN };
	return h_measure_competency_ex(m, &c);
}

static int h_measure_course(merit_measure *m, const char *id, double value,
    double se, int n_items)
{
	if (!id || !isfinite(value) || value < 0 || value > 1)
		return MERIT_EINVAL;
	if (grow(m, (void **)&m->course, &m->cap_course, m->n_course,
	    sizeof(*m->course)))
		return MERIT_ENOMEM;
	struct merit_course_result *c = &m->course[m->n_course];
	c->id = dup_opt(m, id);
	c->value = value;
	c->se = se;
	c->n_items = n_items;
	if (m->oom)
		return MERIT_ENOMEM;
	m->n_course++;
	return 0;
}

static int h_measure_item(merit_measure *m, const char *id, double score,
    double max)
{
	if (!id || !isfinite(score) || !isfinite(max) || max <= 0 || score < 0 ||
	    score > max)
		return MERIT_EINVAL;
	if (grow(m, (void **)&m->item, &m->cap_item, m->n_item, sizeof(*m->item)))
		return MERIT_ENOMEM;
	struct merit_item_result *it = &m->item[m->n_item];
	it->id = dup_opt(m, id);
	it->score = score;
	it->max = max;
	if (m->oom)
		return MERIT_ENOMEM;
	m->n_item++;
	return 0;
}

static int h_measure_rating(merit_measure *m, const struct merit_rating *in)
{
	if (!in || !in->competency || !in->role || !isfinite(in->value) ||
	    in->value < 0 || in->value > 1)
		return MERIT_EINVAL;
	if (grow(m, (void **)&m->rating, &m->cap_rating, m->n_rating,
	    sizeof(*m->rating)))
		return MERIT_ENOMEM;
	struct merit_rating r = *in;
	r.competency = dup_opt(m, in->competency);
	r.rater = dup_opt(m, in->rater);
	r.role = dup_opt(m, in->role);
	if (m->oom)
		return MERIT_ENOMEM;
	m->rating[m->n_rating++] = r;
	return 0;
}

static int h_measure_self(merit_measure *m, double value)
{
	if (!isfinite(value) || value < 0 || value > 1)
		return MERIT_EINVAL;
	m->self = value;
	return 0;
}

static int h_not_assessed(merit_measure *m, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	m->not_assessed = dup_opt(m, msg);
	return m->oom ? MERIT_ENOMEM : 0;
}

static int h_score_gap(merit_measure *m, const struct merit_gap *g)
{
	if (!g || !g->competency)
		return MERIT_EINVAL;
	if (grow(m, (void **)&m->gap, &m->cap_gap, m->n_gap, sizeof(*m->gap)))
		return MERIT_ENOMEM;
	struct merit_gap c = *g;
	c.competency = dup_opt(m, g->competency);
	c.required_level = dup_opt(m, g->required_level);
	c.measured_level = dup_opt(m, g->measured_level);
	if (m->oom)
		return MERIT_ENOMEM;
	m->gap[m->n_gap++] = c;
	return 0;
}

static host_score_fn score_runner;
static void *score_ctx;

void host_set_score_runner(host_score_fn fn, void *ctx)
{
	score_runner = fn;
	score_ctx = ctx;
}

static int h_lua_score(merit_measure *m, const struct merit_assessment *a,
    const struct merit_person *p, const struct merit_result *r, double *K,
    const char **band)
{
	if (!a || !a->has_score_function || !score_runner)
		return h_fail(m, NULL, "assessment type %s has no Lua score "
		    "function", a ? a->id : "?");
	return score_runner(score_ctx, m, a, p, r, K, band);
}

/* -- files loaded by plugins ------------------------------------------ */

static struct arena loaded_arena;
static int loaded_init;
static crypto_generichash_state loaded_hash;
static size_t n_loaded;
static char loaded_hex[65];

/* A file a plugin's settings name (a quiz's item bank) lies in the
 * folder of the file that names it or in merit's data, as every file
 * agency.yaml names must; one that does not exist is left to the read. */
static int confine_to_agency(const merit_value *near, const char *full,
    struct diag *d)
{
	struct paths paths;
	char *real = NULL, dir[4096] = ".";
	const char *slash = near && near->file ? strrchr(near->file, '/') : NULL;
	if (slash)
		snprintf(dir, sizeof(dir), "%.*s", (int)(slash - near->file),
		    near->file);
	if (paths_init(&paths, NULL))
		return MERIT_ENOMEM;
	int rc = paths_confine(&paths, dir, full, &real);
	paths_free(&paths);
	free(real);
	if (rc != MERIT_EINPUT)
		return 0;
	diag_add(d, near && near->line ? near->file : NULL, near ? near->line
	    : 0, near ? near->col : 0, "'%s' lies outside the agency's folder "
	    "%s and merit's data folders; put the file in the agency's folder "
	    "and name it relative to agency.yaml", full, dir);
	return MERIT_EINPUT;
}

static int h_value_load(const merit_value *near, const char *path,
    const merit_value **out)
{
	char full[4096];
	int rc;
	struct diag *d = config_diag;
	struct diag local;
	if (!d) {
		diag_init(&local);
		d = &local;
	}
	if (!path || !*path)
		return MERIT_EINVAL;
	if (path[0] != '/' && near && near->file && strchr(near->file, '/')) {
		const char *slash = strrchr(near->file, '/');
		snprintf(full, sizeof(full), "%.*s/%s", (int)(slash - near->file),
		    near->file, path);
	} else {
		snprintf(full, sizeof(full), "%s", path);
	}
	char *buf = NULL;
	size_t len = 0;
	if ((rc = confine_to_agency(near, full, d)))
		goto out;
	if (!loaded_init) {
		arena_init(&loaded_arena);
		crypto_generichash_init(&loaded_hash, NULL, 0, 32);
		loaded_init = 1;
	}
	rc = fsio_read(the_loop, full, &buf, &len);
	if (rc) {
		diag_add(d, near && near->line ? near->file : NULL,
		    near ? near->line : 0, near ? near->col : 0,
		    "cannot read %s: %s", full, merit_strerror(rc));
		goto out;
	}
	merit_value *root = NULL;
	const char *file = arena_strdup(&loaded_arena, full);
	rc = file ? yaml_parse(&loaded_arena, file, buf, len, &root, d)
		  : MERIT_ENOMEM;
	if (!rc) {
		crypto_generichash_update(&loaded_hash,
		    (const unsigned char *)full, strlen(full) + 1);
		crypto_generichash_update(&loaded_hash,
		    (const unsigned char *)buf, len);
		n_loaded++;
		*out = root;
	}
out:
	free(buf);
	if (d == &local) {
		diag_print(&local);
		diag_free(&local);
	}
	return rc;
}

const char *host_loaded_digest(void)
{
	if (!n_loaded)
		return "";
	/* hash a copy so later loads still extend the running digest */
	crypto_generichash_state st = loaded_hash;
	unsigned char h[32];
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(loaded_hex, sizeof(loaded_hex), h, sizeof(h));
	return loaded_hex;
}

void host_loaded_restart(void)
{
	if (loaded_init)
		crypto_generichash_init(&loaded_hash, NULL, 0, 32);
	n_loaded = 0;
}

void host_unload_all(void)
{
	if (loaded_init)
		arena_free(&loaded_arena);
	loaded_init = 0;
	n_loaded = 0;
}

static int h_explain(merit_measure *m, const char *fmt, ...)
{
	char *s;
	va_list ap;
	if (grow(m, (void **)&m->lines, &m->cap_lines, m->n_lines,
	    sizeof(*m->lines)))
		return MERIT_ENOMEM;
	va_start(ap, fmt);
	int n = vasprintf(&s, fmt, ap);
	va_end(ap);
	if (n < 0) {
		m->oom = 1;
		return MERIT_ENOMEM;
	}
	m->lines[m->n_lines] = arena_strdup(m->a, s);
	free(s);
	if (!m->lines[m->n_lines]) {
		m->oom = 1;
		return MERIT_ENOMEM;
	}
	m->n_lines++;
	return 0;
}

static int h_fail(merit_measure *m, const merit_value *where, const char *fmt,
    ...)
{
	char msg[1024], pos[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (m->error) /* the first problem is the one reported */
		return MERIT_EINPUT;
	if (where && where->line)
		m->error = arena_printf(m->a, "%s: %s",
		    value_where(where, pos, sizeof(pos)), msg);
	else
		m->error = arena_strdup(m->a, msg);
	if (!m->error)
		m->oom = 1;
	return MERIT_EINPUT;
}

static int h_config_error(const char *plugin, const merit_value *where,
    const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	if (config_diag) {
		if (where && where->line)
			diag_add(config_diag, where->file, where->line, where->col,
			    "plugin %s: %s", plugin, msg);
		else
			diag_add(config_diag, NULL, 0, 0, "plugin %s: %s", plugin, msg);
	}
	return MERIT_EINPUT;
}

static int h_write(merit_stream *s, const void *buf, size_t len)
{
	if (len && fwrite(buf, 1, len, s->f) != len) {
		s->err = 1;
		return MERIT_EIO;
	}
	return 0;
}

static int h_printf(merit_stream *s, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int n = vfprintf(s->f, fmt, ap);
	va_end(ap);
	if (n < 0) {
		s->err = 1;
		return MERIT_EIO;
	}
	return 0;
}

static const struct merit_host api = {
	.size = sizeof(struct merit_host),
	.abi_major = MERIT_ABI_MAJOR,
	.abi_minor = MERIT_ABI_MINOR,
	.version = PACKAGE_VERSION,
	.log = h_log,
	.alloc = h_alloc,
	.realloc = h_realloc,
	.free = h_free,
	.value_type = h_value_type,
	.value_len = h_value_len,
	.value_at = h_value_at,
	.value_key_at = h_value_key_at,
	.value_get = value_get,
	.value_number = value_num,
	.value_string = value_str,
	.value_bool = h_value_bool,
	.value_where = value_where,
	.level_for_post = model_level_for_post,
	.indicators_for_post = model_indicators_for_post,
	.indicators_at_level = model_indicators_at_level,
	.competency_find = model_competency,
	.requirement_for_post = model_requirement_for_post,
	.education_rank = education_rank_of,
	.measure_element = h_measure_element,
	.measure_competency = h_measure_competency,
	.explain = h_explain,
	.fail = h_fail,
	.config_error = h_config_error,
	.write = h_write,
	.printf = h_printf,
	.loop = h_loop,
	.strerror = merit_strerror,
	.value_load = h_value_load,
	.measure_competency_ex = h_measure_competency_ex,
	.measure_course = h_measure_course,
	.not_assessed = h_not_assessed,
	.measure_item = h_measure_item,
	.measure_self = h_measure_self,
	.profile_for_post = model_profile_for_post,
	.level_index = model_level_index,
	.score_gap = h_score_gap,
	.lua_score = h_lua_score,
	.measure_rating = h_measure_rating,
};

const struct merit_host *host_api(void)
{
	return &api;
}

void measure_init(struct merit_measure *m, struct arena *a, const char *plugin)
{
	m->a = a;
	m->plugin = plugin;
	m->has_element = 0;
	m->value = m->se = NAN;
	m->n_comp = 0;
	m->n_lines = 0;
	m->error = NULL;
	m->oom = 0;
	m->n_course = 0;
	m->n_gap = 0;
	m->n_item = 0;
	m->n_rating = 0;
	m->self = NAN;
	m->not_assessed = NULL;
}

void measure_release(struct merit_measure *m)
{
	free(m->comp);
	free(m->lines);
	free(m->course);
	free(m->gap);
	free(m->item);
	free(m->rating);
	m->rating = NULL;
	m->cap_rating = m->n_rating = 0;
	m->item = NULL;
	m->cap_item = m->n_item = 0;
	m->course = NULL;
	m->gap = NULL;
	m->cap_course = m->cap_gap = m->n_course = m->n_gap = 0;
	m->comp = NULL;
	m->lines = NULL;
	m->cap_comp = m->cap_lines = m->n_comp = m->n_lines = 0;
}
