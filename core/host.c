#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "merit/error.h"
#include "merit/plugin.h"
#include "host.h"
#include "model.h"
#include "vtree.h"
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

static int h_measure_element(merit_measure *m, double value, double se)
{
	if (!isfinite(value) || value < 0 || value > 1)
		return MERIT_EINVAL;
	m->has_element = 1;
	m->value = value;
	m->se = se;
	return 0;
}

static int h_measure_competency(merit_measure *m, const char *id,
    const char *level, double value, double se)
{
	if (!id || grow(m, (void **)&m->comp, &m->cap_comp, m->n_comp,
	    sizeof(*m->comp)))
		return id ? MERIT_ENOMEM : MERIT_EINVAL;
	struct merit_competency_result *c = &m->comp[m->n_comp];
	c->id = arena_strdup(m->a, id);
	c->level = level ? arena_strdup(m->a, level) : NULL;
	c->value = value;
	c->se = se;
	if (!c->id || (level && !c->level)) {
		m->oom = 1;
		return MERIT_ENOMEM;
	}
	m->n_comp++;
	return 0;
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
}

void measure_release(struct merit_measure *m)
{
	free(m->comp);
	free(m->lines);
	m->comp = NULL;
	m->lines = NULL;
	m->cap_comp = m->cap_lines = m->n_comp = m->n_lines = 0;
}
