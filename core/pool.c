#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <lauxlib.h>
#include <sodium.h>
#include "merit/error.h"
#include "date.h"
#include "dsl.h"
#include "pool.h"
#include "seal.h"

static const char *const elem_names[] = { "qualification", "qualities",
	"performance", "k" };

/* The latest result of one assessment type known at as-of. */
struct latest {
	int has;
	long date;
	long long rid;
	double k, el[MERIT_ELEMENTS];
	const char *band, *period;
};

struct person {
	const char *id, *category, *term;
	int post, on_leave;
	long hired; /* -1: not recorded */
	size_t c0, c1; /* completed courses: ctx.courses[c0..c1) */
	struct latest *res; /* one per assessment type of the model */
};

struct member {
	const char *person, *entered, *expires;
	long expires_day;
	int seen;
};

struct ctx {
	struct arena *a; /* what outlives the run: ids, reasons */
	struct reg *r;
	struct workspace *w;
	const char *agency, *actor;
	long as_of;
	size_t n, na;
	struct person *p;
	const char **courses;
	size_t ncourses;
};

static int by_id(const void *a, const void *b)
{
	return strcmp(((const struct person *)a)->id,
	    ((const struct person *)b)->id);
}

static struct person *find_person(struct ctx *c, const char *id)
{
	struct person key = { .id = id };
	return bsearch(&key, c->p, c->n, sizeof(*c->p), by_id);
}

/* The day a result is about: the end of its period ("2025", "2025-06",
 * "2025-Q3", "2025-06-30"), or the day it was scored if that is earlier
 * or the period is free text. */
static long result_day(const char *period, const char *scored_at)
{
	long s = -1, p = -1;
	char buf[11];
	int y, m, q;
	char tail;
	if (scored_at && strlen(scored_at) >= 10) {
		memcpy(buf, scored_at, 10);
		buf[10] = 0;
		if (date_parse(buf, &s))
			s = -1;
	}
	if (date_parse(period, &p) == 0)
		;
	else if (sscanf(period, "%4d-Q%1d%c", &y, &q, &tail) == 2 && q >= 1 &&
	    q <= 4)
		p = date_make(q == 4 ? y + 1 : y, q == 4 ? 1 : 3 * q + 1, 1) - 1;
	else if (sscanf(period, "%4d-%2d%c", &y, &m, &tail) == 2 && m >= 1 &&
	    m <= 12)
		p = date_make(m == 12 ? y + 1 : y, m == 12 ? 1 : m + 1, 1) - 1;
	else if (sscanf(period, "%4d%c", &y, &tail) == 1 && y > 1900)
		p = date_make(y, 12, 31);
	else
		p = -1;
	if (p < 0)
		return s;
	return s >= 0 && s < p ? s : p;
}

/* Whole months from `from` to `to`, as the kpi engine counts service. */
static int whole_months(long from, long to)
{
	int y1, m1, d1, y2, m2, d2;
	date_split(from, &y1, &m1, &d1);
	date_split(to, &y2, &m2, &d2);
	int n = (y2 - y1) * 12 + (m2 - m1) - (d2 < d1);
	return n < 0 ? 0 : n;
}

static int model_index(const struct merit_model *m, const char *id)
{
	for (size_t i = 0; i < m->n_assessments; i++)
		if (!strcmp(m->assessments[i].id, id))
			return (int)i;
	return -1;
}

static const char *dup_col(struct ctx *c, sqlite3_stmt *st, int col)
{
	const unsigned char *s = sqlite3_column_text(st, col);
	return s ? arena_strdup(c->a, (const char *)s) : NULL;
}

/* Persons, their latest results and their completions: one query per
 * table over the whole agency. */
static int load_facts(struct ctx *c, struct diag *d)
{
	sqlite3_stmt *st = NULL;
	sqlite3 *db = c->r->db;
	char asof[11];
	size_t cap = 0;
	int rc = MERIT_EDB;
	date_format(c->as_of, asof);
	c->na = c->w->model->n_assessments;
	if (sqlite3_prepare_v2(db, "SELECT id, post_level, category, term,"
	    " hired, on_leave FROM person WHERE agency = ?1 ORDER BY id", -1,
	    &st, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_text(st, 1, c->agency, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (c->n == cap) {
			cap = cap ? cap * 2 : 256;
			struct person *np = realloc(c->p, cap * sizeof(*np));
			if (!np) {
				rc = MERIT_ENOMEM;
				goto out;
			}
			c->p = np;
		}
		struct person *p = &c->p[c->n];
		memset(p, 0, sizeof(*p));
		p->id = dup_col(c, st, 0);
		p->post = sqlite3_column_int(st, 1);
		p->category = dup_col(c, st, 2);
		p->term = dup_col(c, st, 3);
		const char *h = (const char *)sqlite3_column_text(st, 4);
		if (!h || date_parse(h, &p->hired))
			p->hired = -1;
		p->on_leave = sqlite3_column_int(st, 5);
		p->res = arena_alloc(c->a, (c->na ? c->na : 1) * sizeof(*p->res));
		if (!p->id || !p->category || !p->term || !p->res) {
			rc = MERIT_ENOMEM;
			goto out;
		}
		c->n++;
	}
	/* SQLite orders TEXT by bytes, as strcmp does, but sort anyway so
	 * lookups do not depend on a collation */
	if (c->n)
		qsort(c->p, c->n, sizeof(*c->p), by_id);
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(db, "SELECT person, assessment, period, scored_at,"
	    " k, band, qualification, qualities, performance, id FROM result"
	    " WHERE agency = ?1 AND status = 'assessed' AND k IS NOT NULL"
	    /* a trial decides no membership, even of the type a rule names */
	    " AND trial = 0", -1,
	    &st, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_text(st, 1, c->agency, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct person *p = find_person(c,
		    (const char *)sqlite3_column_text(st, 0));
		int ai = model_index(c->w->model,
		    (const char *)sqlite3_column_text(st, 1));
		if (!p || ai < 0)
			continue;
		long day = result_day((const char *)sqlite3_column_text(st, 2),
		    (const char *)sqlite3_column_text(st, 3));
		long long rid = sqlite3_column_int64(st, 9);
		struct latest *l = &p->res[ai];
		/* not yet known at as-of; else the latest, the last scored on
		 * a tie */
		if (day < 0 || day > c->as_of || (l->has && (day < l->date ||
		    (day == l->date && rid < l->rid))))
			continue;
		l->has = 1;
		l->date = day;
		l->rid = rid;
		l->k = sqlite3_column_double(st, 4);
		l->band = dup_col(c, st, 5);
		l->period = dup_col(c, st, 2);
		for (int e = 0; e < MERIT_ELEMENTS; e++)
			l->el[e] = sqlite3_column_type(st, 6 + e) == SQLITE_NULL ?
			    NAN : sqlite3_column_double(st, 6 + e);
	}
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(db, "SELECT DISTINCT person, course FROM"
	    " completion WHERE agency = ?1 AND completed_on <= ?2"
	    " ORDER BY person, course", -1, &st, NULL) != SQLITE_OK)
		goto out;
	sqlite3_bind_text(st, 1, c->agency, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, asof, -1, SQLITE_STATIC);
	cap = 0;
	struct person *last = NULL;
	while (sqlite3_step(st) == SQLITE_ROW) {
		struct person *p = find_person(c,
		    (const char *)sqlite3_column_text(st, 0));
		if (!p)
			continue;
		if (c->ncourses == cap) {
			cap = cap ? cap * 2 : 256;
			const char **nc = realloc(c->courses, cap * sizeof(*nc));
			if (!nc) {
				rc = MERIT_ENOMEM;
				goto out;
			}
			c->courses = nc;
		}
		if (p != last)
			p->c0 = p->c1 = c->ncourses;
		last = p;
		if (!(c->courses[c->ncourses++] = dup_col(c, st, 1))) {
			rc = MERIT_ENOMEM;
			goto out;
		}
		p->c1 = c->ncourses;
	}
	rc = 0;
out:
	if (rc == MERIT_EDB)
		diag_add(d, c->r->path, 0, 0, "register: %s", sqlite3_errmsg(db));
	sqlite3_finalize(st);
	return rc;
}

/* -- the rule ----------------------------------------------------------- */

static void set_num(lua_State *L, const char *k, double v)
{
	if (isfinite(v)) {
		lua_pushnumber(L, v);
		lua_setfield(L, -2, k);
	}
}

static int refuse_write(lua_State *L)
{
	return luaL_error(L, "the person's facts are read-only");
}

/* pairs() and # on a proxy see the facts behind it */
static int proxy_next(lua_State *L)
{
	luaL_checktype(L, 1, LUA_TTABLE);
	lua_settop(L, 2);
	return lua_next(L, 1) ? 2 : (lua_pushnil(L), 1);
}

static int proxy_pairs(lua_State *L)
{
	lua_pushcfunction(L, proxy_next);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_pushnil(L);
	return 3;
}

static int proxy_len(lua_State *L)
{
	lua_pushinteger(L, (lua_Integer)lua_rawlen(L, lua_upvalueindex(1)));
	return 1;
}

/* Replace the table at the top by a proxy that raises on writes: a rule
 * reads the facts, it cannot change them. */
static void read_only(lua_State *L)
{
	lua_newtable(L);
	lua_createtable(L, 0, 6);
	lua_pushvalue(L, -3);
	lua_setfield(L, -2, "__index");
	lua_pushvalue(L, -3);
	lua_pushcclosure(L, proxy_pairs, 1);
	lua_setfield(L, -2, "__pairs");
	lua_pushvalue(L, -3);
	lua_pushcclosure(L, proxy_len, 1);
	lua_setfield(L, -2, "__len");
	lua_pushcfunction(L, refuse_write);
	lua_setfield(L, -2, "__newindex");
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable");
	lua_setmetatable(L, -2);
	lua_remove(L, -2);
}

/* The argument of rule(p), built under pcall (it allocates). */
static int push_facts(lua_State *L)
{
	const struct ctx *c = lua_touserdata(L, 1);
	const struct person *p = lua_touserdata(L, 2);
	const struct merit_model *m = c->w->model;
	lua_createtable(L, 0, 8);
	lua_pushstring(L, p->id);
	lua_setfield(L, -2, "id");
	lua_pushinteger(L, p->post);
	lua_setfield(L, -2, "post_level");
	lua_pushstring(L, p->category);
	lua_setfield(L, -2, "category");
	lua_pushstring(L, p->term);
	lua_setfield(L, -2, "term");
	lua_pushboolean(L, p->on_leave);
	lua_setfield(L, -2, "on_leave");
	if (p->hired >= 0) {
		lua_pushinteger(L, whole_months(p->hired, c->as_of));
		lua_setfield(L, -2, "service_months");
	}
	lua_createtable(L, 0, (int)c->na);
	for (size_t i = 0; i < c->na; i++) {
		const struct latest *l = &p->res[i];
		if (!l->has)
			continue;
		lua_createtable(L, 0, 6);
		set_num(L, "k", l->k);
		for (int e = 0; e < MERIT_ELEMENTS; e++)
			set_num(L, elem_names[e], l->el[e]);
		if (l->band) {
			lua_pushstring(L, l->band);
			lua_setfield(L, -2, "band");
		}
		lua_pushstring(L, l->period);
		lua_setfield(L, -2, "period");
		read_only(L);
		lua_setfield(L, -2, m->assessments[i].id);
	}
	read_only(L);
	lua_setfield(L, -2, "results");
	lua_createtable(L, 0, (int)(p->c1 - p->c0));
	for (size_t i = p->c0; i < p->c1; i++) {
		lua_pushboolean(L, 1);
		lua_setfield(L, -2, c->courses[i]);
	}
	read_only(L);
	lua_setfield(L, -2, "courses");
	read_only(L);
	return 1;
}

/* Run pool po's rule on person p: 1 eligible, 0 not (reason in why),
 * -1 the rule failed (file:line and what in why). */
static int run_rule(struct ctx *c, const struct merit_pool *po,
    const struct person *p, char *why, size_t len)
{
	struct model_set *ms = c->w->ms;
	int res = -1;
	uv_mutex_lock(&ms->lock);
	struct sandbox *sb = ms->sb;
	lua_State *L = sb->L;
	int top = lua_gettop(L);
	/* a rule stopped for one person must not stop the next */
	if (sandbox_revive(sb)) {
		snprintf(why, len, "%s", sb->reason);
		goto out;
	}
	sb->used = 0;
	sb->budget = SCORE_BUDGET;
	sb->time_limit_ms = SCORE_TIME_LIMIT_MS;
	/* a call stopped before the hook first looks says the pool, not
	 * where the last person's call happened to be */
	snprintf(sb->last_where, sizeof(sb->last_where), "%s:%d", po->src.file,
	    po->src.line);
	lua_pushcfunction(L, push_facts);
	lua_pushlightuserdata(L, c);
	lua_pushlightuserdata(L, (void *)p);
	if (lua_pcall(L, 2, 1, 0) != LUA_OK) {
		snprintf(why, len, "%s:%d: pool %s: out of memory preparing the "
		    "rule's argument", po->src.file, po->src.line, po->id);
		goto out;
	}
	int arg = lua_gettop(L);
	lua_getfield(L, LUA_REGISTRYINDEX, DSL_POOL_RULES);
	lua_getfield(L, -1, po->id);
	lua_remove(L, -2);
	lua_pushvalue(L, arg);
	if (sandbox_pcall(sb, 1, 2, why, len))
		goto out;
	int t = lua_type(L, -2);
	if (t != LUA_TBOOLEAN || (lua_type(L, -1) != LUA_TNIL &&
	    lua_type(L, -1) != LUA_TSTRING)) {
		snprintf(why, len, "%s:%d: the rule of pool %s returned %s; it "
		    "must return true or false, and optionally a reason",
		    po->src.file, po->src.line, po->id, t != LUA_TBOOLEAN ?
		    luaL_typename(L, -2) : "a reason that is not a string");
		goto out;
	}
	res = lua_toboolean(L, -2);
	snprintf(why, len, "%s", lua_type(L, -1) == LUA_TSTRING ?
	    lua_tostring(L, -1) : res ? "rule met" : "rule not met");
out:
	lua_settop(L, top);
	uv_mutex_unlock(&ms->lock);
	return res;
}

/* -- eligibility ---------------------------------------------------------- */

static void add(char *buf, size_t len, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void add(char *buf, size_t len, const char *fmt, ...)
{
	size_t off = strlen(buf);
	if (off && off + 2 < len) {
		memcpy(buf + off, "; ", 3);
		off += 2;
	}
	if (off >= len)
		return;
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf + off, len - off, fmt, ap);
	va_end(ap);
}

static double band_min(const struct merit_assessment *as, const char *label)
{
	for (size_t i = 0; label && i < as->n_bands; i++)
		if (!strcmp(as->bands[i].label, label))
			return as->bands[i].min;
	return NAN;
}

/* 1 eligible (rules met in met), 0 not (the first failed in failed),
 * -1 the rule could not be run (why in failed). */
static int evaluate(struct ctx *c, const struct merit_pool *po,
    const struct person *p, char *met, char *failed, size_t len)
{
	const struct merit_model *m = c->w->model;
	char d1[11];
	met[0] = failed[0] = 0;
	if (po->post_min && (p->post < po->post_min || p->post > po->post_max)) {
		snprintf(failed, len, "post level %d is outside %d-%d", p->post,
		    po->post_min, po->post_max);
		return 0;
	}
	if (po->post_min)
		add(met, len, "post level %d", p->post);
	if (po->n_categories) {
		size_t i;
		for (i = 0; i < po->n_categories; i++)
			if (!strcmp(po->categories[i], p->category))
				break;
		if (i == po->n_categories) {
			snprintf(failed, len, "category %s is not admitted",
			    p->category);
			return 0;
		}
		add(met, len, "category %s", p->category);
	}
	if (po->service_months) {
		if (p->hired < 0) {
			snprintf(failed, len, "service unknown (no hired date)");
			return 0;
		}
		int s = whole_months(p->hired, c->as_of);
		if (s < po->service_months) {
			snprintf(failed, len, "service %d months < %d", s,
			    po->service_months);
			return 0;
		}
		add(met, len, "service %d months", s);
	}
	for (size_t i = 0; i < po->n_require; i++) {
		const struct merit_pool_require *q = &po->require[i];
		int ai = model_index(m, q->assessment);
		const struct merit_assessment *as = &m->assessments[ai];
		const struct latest *l = &p->res[ai];
		long from = q->within_months ?
		    date_add_months(c->as_of, -q->within_months) : -1;
		if (!l->has) {
			snprintf(failed, len, "no %s result", q->assessment);
			return 0;
		}
		if (l->date < from) {
			snprintf(failed, len, "no %s result since %s (latest %s)",
			    q->assessment, date_format(from, d1), l->period);
			return 0;
		}
		if (!isnan(q->min_k) && l->k < q->min_k) {
			snprintf(failed, len, "%s K %.3f < %g (%s)", q->assessment,
			    l->k, q->min_k, l->period);
			return 0;
		}
		if (q->min_band && !(band_min(as, l->band) >=
		    band_min(as, q->min_band))) {
			snprintf(failed, len, "%s band %s below %s (%s)",
			    q->assessment, l->band ? l->band : "none", q->min_band,
			    l->period);
			return 0;
		}
		if (!isnan(q->min_k))
			add(met, len, "%s K %.3f >= %g", q->assessment, l->k,
			    q->min_k);
		if (q->min_band)
			add(met, len, "%s band %s", q->assessment, l->band);
	}
	for (size_t i = 0; i < po->n_courses; i++) {
		size_t j;
		for (j = p->c0; j < p->c1; j++)
			if (!strcmp(c->courses[j], po->courses[i]))
				break;
		if (j == p->c1) {
			snprintf(failed, len, "course %s not completed",
			    po->courses[i]);
			return 0;
		}
		add(met, len, "course %s", po->courses[i]);
	}
	if (po->has_rule) {
		char why[600];
		int r = run_rule(c, po, p, why, sizeof(why));
		if (r < 0) {
			snprintf(failed, len, "%s", why);
			return -1;
		}
		if (!r) {
			snprintf(failed, len, "rule: %s", why);
			return 0;
		}
		add(met, len, "rule: %s", why);
	}
	if (!met[0])
		snprintf(met, len, "no requirement");
	return 1;
}

/* -- one pool of one agency --------------------------------------------- */

const char *const pool_change_names[3] = { "entered", "exited", "renewed" };

static int by_person(const void *a, const void *b)
{
	return strcmp(((const struct member *)a)->person,
	    ((const struct member *)b)->person);
}

static int load_members(struct ctx *c, const struct merit_pool *po,
    struct member **out, size_t *n)
{
	sqlite3_stmt *st;
	size_t cap = 0;
	int rc = 0;
	*out = NULL;
	*n = 0;
	if (sqlite3_prepare_v2(c->r->db, "SELECT person, entered_on, expires_on"
	    " FROM pool_member WHERE agency = ?1 AND pool = ?2 AND exited_on"
	    " IS NULL", -1, &st, NULL) != SQLITE_OK)
		return MERIT_EDB;
	sqlite3_bind_text(st, 1, c->agency, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, po->id, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (*n == cap) {
			cap = cap ? cap * 2 : 64;
			struct member *v = realloc(*out, cap * sizeof(*v));
			if (!v) {
				rc = MERIT_ENOMEM;
				break;
			}
			*out = v;
		}
		struct member *m = &(*out)[*n];
		m->person = dup_col(c, st, 0);
		m->entered = dup_col(c, st, 1);
		m->expires = dup_col(c, st, 2);
		m->seen = 0;
		if (!m->person || !m->entered || !m->expires) {
			rc = MERIT_ENOMEM;
			break;
		}
		if (date_parse(m->expires, &m->expires_day))
			m->expires_day = 0; /* unreadable: treat as expired */
		(*n)++;
	}
	sqlite3_finalize(st);
	if (!rc && *n)
		qsort(*out, *n, sizeof(**out), by_person);
	return rc;
}

static struct member *find_member(struct member *v, size_t n, const char *id)
{
	struct member key = { .person = id };
	return n ? bsearch(&key, v, n, sizeof(*v), by_person) : NULL;
}

static int write_changes(struct ctx *c, const struct merit_pool *po,
    const struct pool_change *ch, size_t n, const int counts[3])
{
	sqlite3_stmt *up = NULL, *ins = NULL;
	char asof[11], hex[65], detail[256];
	unsigned char h[32];
	crypto_generichash_state hs;
	int rc = MERIT_EDB;
	date_format(c->as_of, asof);
	if (sqlite3_prepare_v2(c->r->db, "UPDATE pool_member SET exited_on = ?1,"
	    " exit_reason = ?2 WHERE agency = ?3 AND pool = ?4 AND person = ?5"
	    " AND entered_on = ?6 AND exited_on IS NULL", -1, &up, NULL) !=
	    SQLITE_OK ||
	    sqlite3_prepare_v2(c->r->db, "INSERT INTO pool_member(agency, pool,"
	    " person, entered_on, expires_on, reason) VALUES (?1,?2,?3,?4,?5,?6)"
	    " ON CONFLICT(agency, pool, person, entered_on) DO UPDATE SET"
	    " expires_on = ?5, reason = ?6, exited_on = NULL, exit_reason = NULL",
	    -1, &ins, NULL) != SQLITE_OK)
		goto out;
	/* the digest covers what was written, in the order written */
	crypto_generichash_init(&hs, NULL, 0, sizeof(h));
	for (size_t i = 0; i < n; i++) {
		const struct pool_change *x = &ch[i];
		sqlite3_stmt *st = x->kind == POOL_EXIT ? up : ins;
		sqlite3_reset(st);
		if (x->kind == POOL_EXIT) {
			sqlite3_bind_text(st, 1, asof, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, x->reason, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 3, c->agency, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 4, po->id, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 5, x->person, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 6, x->entered, -1, SQLITE_STATIC);
		} else {
			sqlite3_bind_text(st, 1, c->agency, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 2, po->id, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 3, x->person, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 4, asof, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 5, x->expires, -1, SQLITE_STATIC);
			sqlite3_bind_text(st, 6, x->reason, -1, SQLITE_STATIC);
		}
		/* the member's row changes: release its seal, seal it anew */
		const char *entered = x->kind == POOL_EXIT ? x->entered : asof;
		char err[512];
		int sr = seal_release(c->r->db, err, sizeof(err), "pool_member",
		    "agency = %Q AND pool = %Q AND person = %Q AND entered_on = %Q",
		    c->agency, po->id, x->person, entered);
		if (sr) {
			if (sr == MERIT_EINPUT)
				fprintf(stderr, "merit: %s\n", err);
			rc = sr;
			goto out;
		}
		if (sqlite3_step(st) != SQLITE_DONE || seal_rows(c->r->db,
		    "pool_member", "agency = %Q AND pool = %Q AND person = %Q AND"
		    " entered_on = %Q", c->agency, po->id, x->person, entered))
			goto out;
		char line[1024];
		int len = snprintf(line, sizeof(line), "%s\t%s\t%s\t%s\t%s\t%s\n",
		    pool_change_names[x->kind], po->id, x->person, asof,
		    x->kind == POOL_EXIT ? x->entered : x->expires, x->reason);
		crypto_generichash_update(&hs, (const unsigned char *)line,
		    len < (int)sizeof(line) ? (size_t)len : sizeof(line) - 1);
	}
	crypto_generichash_final(&hs, h, sizeof(h));
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	snprintf(detail, sizeof(detail), "pool %s: %d entered, %d exited, %d "
	    "renewed", po->id, counts[POOL_ENTER], counts[POOL_EXIT],
	    counts[POOL_RENEW]);
	rc = reg_audit(c->r, c->actor, "pool", c->agency, detail, hex);
out:
	sqlite3_finalize(up);
	sqlite3_finalize(ins);
	return rc;
}

static double measure(const struct merit_model *m, const struct person *p,
    const struct merit_pool_measure *ms)
{
	const struct latest *l = &p->res[model_index(m, ms->assessment)];
	if (!l->has)
		return NAN;
	return ms->element == MERIT_ELEMENTS ? l->k : l->el[ms->element];
}

static int third(const struct merit_pool *po, double v)
{
	return v < po->cuts[0] ? 0 : v < po->cuts[1] ? 1 : 2;
}

/* The 9-box of one pool as JSON: counts over every person with both
 * measures, and how many of them are members. */
static json_t *grid_json(struct ctx *c, const struct merit_pool *po,
    struct member *mem, size_t nmem)
{
	static const char *const lvl[3] = { "low", "mid", "high" };
	const struct merit_model *m = c->w->model;
	int count[3][3] = { { 0 } }, members[3][3] = { { 0 } }, total = 0;
	json_t *cells[3][3];
	for (int a = 0; a < 3; a++)
		for (int b = 0; b < 3; b++)
			cells[a][b] = json_array();
	for (size_t i = 0; i < c->n; i++) {
		const struct person *p = &c->p[i];
		double x = measure(m, p, &po->performance);
		double y = measure(m, p, &po->potential);
		if (!isfinite(x) || !isfinite(y))
			continue;
		struct member *mb = find_member(mem, nmem, p->id);
		int is = mb && mb->expires_day > c->as_of;
		int a = third(po, x), b = third(po, y);
		count[a][b]++;
		members[a][b] += is;
		total++;
		json_array_append_new(cells[a][b], json_pack("{s:s, s:b}", "id",
		    p->id, "member", is));
	}
	json_t *g = json_array();
	for (int b = 2; b >= 0; b--)
		for (int a = 0; a < 3; a++)
			json_array_append_new(g, json_pack("{s:s, s:s, s:i, s:i, s:o}",
			    "performance", lvl[a], "potential", lvl[b], "count",
			    count[a][b], "members", members[a][b], "persons",
			    cells[a][b]));
	return json_pack("{s:s, s:s, s:s, s:s, s:[f, f], s:i, s:o}",
	    "performance", po->performance.assessment, "performance_element",
	    elem_names[po->performance.element], "potential",
	    po->potential.assessment, "potential_element",
	    elem_names[po->potential.element], "cuts", po->cuts[0], po->cuts[1],
	    "persons", total, "cells", g);
}

static int rule_error(struct ctx *c, struct pool_outcome *o,
    const char *person, const char *why)
{
	if (!(o->n_errors & (o->n_errors + 1))) { /* 0, 1, 3, 7, ...: grow */
		void *v = realloc(o->errors, 2 * (o->n_errors + 1) *
		    sizeof(*o->errors));
		if (!v)
			return MERIT_ENOMEM;
		o->errors = v;
	}
	struct pool_rule_error *e = &o->errors[o->n_errors];
	if (!(e->why = arena_strdup(c->a, why)))
		return MERIT_ENOMEM;
	e->person = person;
	o->n_errors++;
	return 0;
}

static int do_pool(struct ctx *c, const struct merit_pool *po, int mode,
    struct pool_outcome *o)
{
	struct member *mem = NULL;
	struct pool_change *ch = NULL;
	size_t nmem = 0, nch = 0;
	int *counts = o->counts, unchanged = 0, rc;
	char met[1024], failed[1024];
	o->pool = po;
	if ((rc = load_members(c, po, &mem, &nmem)))
		goto out;
	if (mode == POOL_GRID) {
		if (!(o->grid = grid_json(c, po, mem, nmem)))
			rc = MERIT_ENOMEM;
		goto out;
	}
	ch = calloc(2 * c->n + 1, sizeof(*ch));
	if (!ch) {
		rc = MERIT_ENOMEM;
		goto out;
	}
	long until = date_add_months(c->as_of, po->months);
	for (size_t i = 0; i < c->n; i++) {
		const struct person *p = &c->p[i];
		struct member *mb = find_member(mem, nmem, p->id);
		int e = evaluate(c, po, p, met, failed, sizeof(met));
		if (mb)
			mb->seen = 1;
		if (e < 0) {
			/* the rule could not decide: leave the person as they
			 * are and say why */
			if ((rc = rule_error(c, o, p->id, failed)))
				goto out;
			if (!mb || mb->expires_day > c->as_of) {
				unchanged += mb != NULL;
				continue;
			}
		}
		struct pool_change *x = &ch[nch];
		x->person = p->id;
		if (mb && mb->expires_day <= c->as_of) {
			x->kind = POOL_EXIT;
			x->entered = mb->entered;
			x->reason = arena_printf(c->a, "membership expired on %s",
			    mb->expires);
			nch++;
			counts[POOL_EXIT]++;
			if (e != 1)
				continue;
			x = &ch[nch];
			x->person = p->id;
			x->kind = POOL_RENEW;
			x->reason = arena_printf(c->a, "renewed: %s", met);
		} else if (mb && e == 1) {
			unchanged++;
			continue;
		} else if (mb) {
			x->kind = POOL_EXIT;
			x->entered = mb->entered;
			x->reason = arena_strdup(c->a, failed);
		} else if (e == 1) {
			x->kind = POOL_ENTER;
			x->reason = arena_strdup(c->a, met);
		} else {
			continue;
		}
		if (!x->reason) {
			rc = MERIT_ENOMEM;
			goto out;
		}
		if (x->kind != POOL_EXIT)
			date_format(until, x->expires);
		counts[x->kind]++;
		nch++;
	}
	/* members whose person record is gone are left alone */
	int after = unchanged + counts[POOL_ENTER] + counts[POOL_RENEW];
	for (size_t i = 0; i < nmem; i++)
		after += !mem[i].seen;
	if (nch && mode == POOL_RUN && (rc = write_changes(c, po, ch, nch,
	    counts)))
		goto out;
	o->ch = ch;
	o->n_ch = nch;
	ch = NULL;
	o->unchanged = unchanged;
	o->members = after;
out:
	free(mem);
	free(ch);
	return rc;
}

/* -- agencies ------------------------------------------------------------- */

static int check_as_of(struct ctx *c, struct diag *d)
{
	sqlite3_stmt *st;
	int rc = 0;
	if (sqlite3_prepare_v2(c->r->db, "SELECT max(max(entered_on),"
	    " coalesce(max(exited_on), '')) FROM pool_member WHERE agency = ?1",
	    -1, &st, NULL) != SQLITE_OK)
		return MERIT_EDB;
	sqlite3_bind_text(st, 1, c->agency, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) {
		const char *last = (const char *)sqlite3_column_text(st, 0);
		long day;
		if (!date_parse(last, &day) && day > c->as_of) {
			char when[11];
			diag_add(d, NULL, 0, 0, "--as-of %s: agency %s has pool "
			    "changes recorded on %s; pools move forward in time, so "
			    "give a date on or after it", date_format(c->as_of, when),
			    c->agency, last);
			rc = MERIT_EINPUT;
		}
	}
	sqlite3_finalize(st);
	return rc;
}

int pool_agency_run(struct pool_agency *pa, struct reg *r,
    struct workspace *w, long as_of, int mode, const char *actor,
    struct diag *d)
{
	const struct merit_model *m = w->model;
	struct ctx c = { .a = &pa->a, .r = r, .w = w, .as_of = as_of,
		.agency = w->ag->id, .actor = actor };
	int rc;
	memset(pa, 0, sizeof(*pa));
	arena_init(&pa->a);
	pa->agency = w->ag->id;
	pa->as_of = as_of;
	pa->mode = mode;
	rc = workspace_check_pools(w, d);
	if (rc || (mode != POOL_GRID && (rc = check_as_of(&c, d))) ||
	    (rc = load_facts(&c, d)))
		goto out;
	if (w->ag->n_pools && !(pa->v = calloc(w->ag->n_pools, sizeof(*pa->v)))) {
		rc = MERIT_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < w->ag->n_pools && !rc; i++)
		for (size_t j = 0; j < m->n_pools; j++)
			if (!strcmp(m->pools[j].id, w->ag->pools[i])) {
				struct pool_outcome *o = &pa->v[pa->n++];
				if (mode == POOL_GRID && !m->pools[j].has_grid) {
					o->pool = &m->pools[j];
					o->no_grid = 1;
					break;
				}
				rc = do_pool(&c, &m->pools[j], mode, o);
				pa->rule_errors += (int)o->n_errors;
				break;
			}
	if (rc == MERIT_EDB)
		diag_add(d, r->path, 0, 0, "register: %s", sqlite3_errmsg(r->db));
out:
	free(c.p);
	free(c.courses);
	return rc;
}

void pool_agency_free(struct pool_agency *pa)
{
	for (size_t i = 0; i < pa->n; i++) {
		free(pa->v[i].ch);
		free(pa->v[i].errors);
		json_decref(pa->v[i].grid);
	}
	free(pa->v);
	pa->v = NULL;
	pa->n = 0;
	arena_free(&pa->a);
}

json_t *pool_outcome_json(const struct pool_agency *pa,
    const struct pool_outcome *o)
{
	char when[11];
	json_t *jp = json_pack("{s:s, s:s, s:s}", "agency", pa->agency, "pool",
	    o->pool->id, "as_of", date_format(pa->as_of, when));
	if (!jp)
		return NULL;
	if (pa->mode == POOL_GRID) {
		json_object_set(jp, "grid", o->grid);
		return jp;
	}
	json_t *arr[3] = { json_array(), json_array(), json_array() };
	for (size_t i = 0; i < o->n_ch; i++) {
		const struct pool_change *x = &o->ch[i];
		json_array_append_new(arr[x->kind], x->kind == POOL_EXIT ?
		    json_pack("{s:s, s:s}", "person", x->person, "reason",
		    x->reason) : json_pack("{s:s, s:s, s:s}", "person", x->person,
		    "expires_on", x->expires, "reason", x->reason));
	}
	for (int k = 0; k < 3; k++)
		json_object_set_new(jp, pool_change_names[k], arr[k]);
	json_object_set_new(jp, "unchanged", json_integer(o->unchanged));
	json_object_set_new(jp, "members", json_integer(o->members));
	return jp;
}

json_t *pool_members_json(sqlite3 *db, const char *agency, const char *pool)
{
	sqlite3_stmt *st;
	json_t *a = json_array();
	int s;
	if (!a || sqlite3_prepare_v2(db, "SELECT person, entered_on, expires_on,"
	    " reason FROM pool_member WHERE agency = ?1 AND pool = ?2"
	    " AND exited_on IS NULL ORDER BY person", -1, &st, NULL) !=
	    SQLITE_OK) {
		json_decref(a);
		return NULL;
	}
	sqlite3_bind_text(st, 1, agency, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, pool, -1, SQLITE_STATIC);
#define T(i) ((const char *)sqlite3_column_text(st, i))
	while ((s = sqlite3_step(st)) == SQLITE_ROW)
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s}",
		    "person", T(0), "entered_on", T(1), "expires_on", T(2),
		    "reason", T(3)));
#undef T
	sqlite3_finalize(st);
	if (s != SQLITE_DONE) {
		json_decref(a);
		return NULL;
	}
	return a;
}
