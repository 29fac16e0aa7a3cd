/* merit pool: the reserve pool. Every person of an agency is evaluated
 * against the rules of each pool the agency keeps; eligible persons enter
 * for a limited time, members who no longer qualify or whose membership
 * has expired leave, and --grid shows the 9-box of performance against
 * potential. */
#include <getopt.h>
#include <stdarg.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <jansson.h>
#include <lauxlib.h>
#include <sodium.h>
#include "merit/error.h"
#include "agencyargs.h"
#include "commands.h"
#include "date.h"
#include "dsl.h"
#include "register.h"
#include "workspace.h"

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
	struct arena a;
	struct reg *r;
	struct workspace *w;
	const char *agency;
	long as_of;
	size_t n, na;
	struct person *p;
	const char **courses;
	size_t ncourses;
	int rule_errors;
	json_t *out; /* the pools array in JSON */
	int json, grid;
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
	return s ? arena_strdup(&c->a, (const char *)s) : NULL;
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
		p->res = arena_alloc(&c->a, (c->na ? c->na : 1) * sizeof(*p->res));
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
	    " WHERE agency = ?1 AND status = 'assessed' AND k IS NOT NULL", -1,
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

enum { CH_ENTER, CH_EXIT, CH_RENEW };
static const char *const ch_names[] = { "entered", "exited", "renewed" };

struct change {
	int kind;
	const char *person, *entered; /* entered: the row an exit closes */
	char expires[11];
	const char *reason;
};

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
    const struct change *ch, size_t n, const int counts[3])
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
		const struct change *x = &ch[i];
		sqlite3_stmt *st = x->kind == CH_EXIT ? up : ins;
		sqlite3_reset(st);
		if (x->kind == CH_EXIT) {
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
		if (sqlite3_step(st) != SQLITE_DONE)
			goto out;
		char line[1024];
		int len = snprintf(line, sizeof(line), "%s\t%s\t%s\t%s\t%s\t%s\n",
		    ch_names[x->kind], po->id, x->person, asof,
		    x->kind == CH_EXIT ? x->entered : x->expires, x->reason);
		crypto_generichash_update(&hs, (const unsigned char *)line,
		    len < (int)sizeof(line) ? (size_t)len : sizeof(line) - 1);
	}
	crypto_generichash_final(&hs, h, sizeof(h));
	sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
	snprintf(detail, sizeof(detail), "pool %s: %d entered, %d exited, %d "
	    "renewed", po->id, counts[CH_ENTER], counts[CH_EXIT],
	    counts[CH_RENEW]);
	rc = reg_audit(c->r, "cli", "pool", c->agency, detail, hex);
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

/* The 9-box of one pool: counts over every person with both measures;
 * '*' counts the members among them. */
static void show_grid(struct ctx *c, const struct merit_pool *po,
    struct member *mem, size_t nmem, json_t *jp)
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
	if (c->json) {
		json_t *g = json_array();
		for (int b = 2; b >= 0; b--)
			for (int a = 0; a < 3; a++)
				json_array_append_new(g, json_pack("{s:s, s:s, s:i, "
				    "s:i, s:o}", "performance", lvl[a], "potential",
				    lvl[b], "count", count[a][b], "members",
				    members[a][b], "persons", cells[a][b]));
		json_object_set_new(jp, "grid", json_pack("{s:s, s:s, s:s, s:s, "
		    "s:[f, f], s:i, s:o}", "performance", po->performance.assessment,
		    "performance_element", elem_names[po->performance.element],
		    "potential", po->potential.assessment, "potential_element",
		    elem_names[po->potential.element], "cuts", po->cuts[0],
		    po->cuts[1], "persons", total, "cells", g));
		return;
	}
	for (int a = 0; a < 3; a++)
		for (int b = 0; b < 3; b++)
			json_decref(cells[a][b]);
	printf("%s: pool %s: 9-box of %d person(s), as of %s\n", c->agency,
	    po->id, total, date_format(c->as_of, (char[11]){ 0 }));
	printf("  performance: %s %s; potential: %s %s; cuts %g, %g; "
	    "* = members\n", po->performance.assessment,
	    elem_names[po->performance.element], po->potential.assessment,
	    elem_names[po->potential.element], po->cuts[0], po->cuts[1]);
	printf("  %-16s %10s %10s %10s\n", "", "perf low", "perf mid",
	    "perf high");
	for (int b = 2; b >= 0; b--) {
		printf("  potential %-6s", lvl[b]);
		for (int a = 0; a < 3; a++) {
			char cell[32];
			if (members[a][b])
				snprintf(cell, sizeof(cell), "%d (%d*)", count[a][b],
				    members[a][b]);
			else
				snprintf(cell, sizeof(cell), "%d", count[a][b]);
			printf(" %10s", cell);
		}
		printf("\n");
	}
}

static int do_pool(struct ctx *c, const struct merit_pool *po, int dry_run)
{
	struct member *mem = NULL;
	struct change *ch = NULL;
	size_t nmem = 0, nch = 0;
	int counts[3] = { 0 }, unchanged = 0, rc;
	char met[1024], failed[1024], when[11];
	json_t *jp = NULL;
	if ((rc = load_members(c, po, &mem, &nmem)))
		goto out;
	if (c->json) {
		jp = json_pack("{s:s, s:s, s:s}", "agency", c->agency, "pool",
		    po->id, "as_of", date_format(c->as_of, when));
		json_array_append_new(c->out, jp);
	}
	if (c->grid) {
		show_grid(c, po, mem, nmem, jp);
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
			fprintf(stderr, "merit: %s (pool %s, person %s: left as "
			    "they were; fix the rule)\n", failed, po->id, p->id);
			c->rule_errors++;
			if (!mb || mb->expires_day > c->as_of) {
				unchanged += mb != NULL;
				continue;
			}
		}
		struct change *x = &ch[nch];
		x->person = p->id;
		if (mb && mb->expires_day <= c->as_of) {
			x->kind = CH_EXIT;
			x->entered = mb->entered;
			x->reason = arena_printf(&c->a, "membership expired on %s",
			    mb->expires);
			nch++;
			counts[CH_EXIT]++;
			if (e != 1)
				continue;
			x = &ch[nch];
			x->person = p->id;
			x->kind = CH_RENEW;
			x->reason = arena_printf(&c->a, "renewed: %s", met);
		} else if (mb && e == 1) {
			unchanged++;
			continue;
		} else if (mb) {
			x->kind = CH_EXIT;
			x->entered = mb->entered;
			x->reason = arena_strdup(&c->a, failed);
		} else if (e == 1) {
			x->kind = CH_ENTER;
			x->reason = arena_strdup(&c->a, met);
		} else {
			continue;
		}
		if (!x->reason) {
			rc = MERIT_ENOMEM;
			goto out;
		}
		if (x->kind != CH_EXIT)
			date_format(until, x->expires);
		counts[x->kind]++;
		nch++;
	}
	/* members whose person record is gone are left alone */
	int after = unchanged + counts[CH_ENTER] + counts[CH_RENEW];
	for (size_t i = 0; i < nmem; i++)
		after += !mem[i].seen;
	if (nch && !dry_run && (rc = write_changes(c, po, ch, nch, counts)))
		goto out;
	if (c->json) {
		json_t *arr[3] = { json_array(), json_array(), json_array() };
		for (size_t i = 0; i < nch; i++)
			json_array_append_new(arr[ch[i].kind], ch[i].kind == CH_EXIT ?
			    json_pack("{s:s, s:s}", "person", ch[i].person, "reason",
			    ch[i].reason) : json_pack("{s:s, s:s, s:s}", "person",
			    ch[i].person, "expires_on", ch[i].expires, "reason",
			    ch[i].reason));
		for (int k = 0; k < 3; k++)
			json_object_set_new(jp, ch_names[k], arr[k]);
		json_object_set_new(jp, "unchanged", json_integer(unchanged));
		json_object_set_new(jp, "members", json_integer(after));
		goto out;
	}
	printf("%s: pool %s, as of %s\n", c->agency, po->id,
	    date_format(c->as_of, when));
	for (size_t i = 0; i < nch; i++) {
		if (ch[i].kind == CH_EXIT)
			printf("  %-8s %-12s %s\n", ch_names[ch[i].kind],
			    ch[i].person, ch[i].reason);
		else
			printf("  %-8s %-12s until %s: %s\n", ch_names[ch[i].kind],
			    ch[i].person, ch[i].expires, ch[i].reason);
	}
	printf("  %d member(s): %d entered, %d exited, %d renewed, %d "
	    "unchanged%s\n", after, counts[CH_ENTER], counts[CH_EXIT],
	    counts[CH_RENEW], unchanged, dry_run && nch ?
	    " (dry run: nothing written)" : "");
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

/* 0, MERIT_EINPUT (findings in d) or another error code. */
static int do_agency(struct reg *r, const char *path, long as_of, int dry_run,
    int grid, json_t *out, int *rule_errors, struct diag *d)
{
	struct workspace w;
	struct ctx c = { .r = r, .w = &w, .as_of = as_of, .out = out,
		.json = out != NULL, .grid = grid };
	int rc;
	arena_init(&c.a);
	if ((rc = workspace_open(&w, path, NULL, d))) {
		arena_free(&c.a);
		return MERIT_EINPUT;
	}
	c.agency = w.ag->id;
	const struct merit_model *m = w.model;
	rc = workspace_check_pools(&w, d);
	if (rc || (!grid && (rc = check_as_of(&c, d))) ||
	    (rc = load_facts(&c, d)))
		goto out;
	if (!w.ag->n_pools && !out)
		printf("%s: keeps no pools (agency.yaml lists none)\n", c.agency);
	for (size_t i = 0; i < w.ag->n_pools && !rc; i++)
		for (size_t j = 0; j < m->n_pools; j++)
			if (!strcmp(m->pools[j].id, w.ag->pools[i])) {
				if (grid && !m->pools[j].has_grid) {
					if (!out)
						printf("%s: pool %s declares no grid\n",
						    c.agency, m->pools[j].id);
					break;
				}
				rc = do_pool(&c, &m->pools[j], dry_run);
				break;
			}
	if (rc == MERIT_EDB)
		diag_add(d, r->path, 0, 0, "register: %s", sqlite3_errmsg(r->db));
	*rule_errors += c.rule_errors;
out:
	free(c.p);
	free(c.courses);
	arena_free(&c.a);
	workspace_close(&w);
	return rc;
}

static void help(FILE *f)
{
	fprintf(f, "usage: merit pool [OPTIONS]\n\n"
	    "Evaluate every person of an agency against the rules of each "
	    "reserve pool\nthe agency keeps (agency.yaml pools:), and record "
	    "who enters, who exits and\nwhose membership is renewed.\n\n"
	    "  --db FILE          register (default: merit.db)\n"
	    "  --agency A         an agency folder, its agency.yaml, or an id the "
	    "register\n"
	    "                     knows; repeatable (default: every agency in the "
	    "register)\n"
	    "  --as-of DATE       evaluate on DATE, YYYY-MM-DD (default: today)\n"
	    "  --dry-run          show the changes, write nothing\n"
	    "  --grid             show each pool's 9-box of performance against "
	    "potential\n"
	    "                     (members marked *); writes nothing\n"
	    "  --format FMT       table (default) or json\n"
	    "\nExit status: 0 success, 1 a pool rule failed for some person "
	    "(those persons\nare left as they were), 2 usage, input or register "
	    "error (nothing written).\n");
}

int cmd_pool(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "agency", required_argument, NULL, 'a' },
		{ "as-of", required_argument, NULL, 't' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "grid", no_argument, NULL, 'g' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = "merit.db", *format = "table";
	const char **agencies = calloc((size_t)argc + 1, sizeof(char *));
	size_t nag = 0;
	long as_of = date_today();
	int dry_run = 0, grid = 0, ch, status = 2, rule_errors = 0;
	char **paths = NULL;
	size_t nlist = 0;
	struct reg r = { 0 };
	struct diag d;
	json_t *out = NULL;
	diag_init(&d);
	if (!agencies) {
		fprintf(stderr, "merit: out of memory\n");
		return 2;
	}
	optind = 1;
	while ((ch = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (ch) {
		case 'd': db = optarg; break;
		case 'a': agencies[nag++] = optarg; break;
		case 't':
			if (opt_date("--as-of", optarg, &as_of))
				goto out;
			break;
		case 'n': dry_run = 1; break;
		case 'g': grid = 1; break;
		case 'f': format = optarg; break;
		case 'h': help(stdout); status = 0; goto out;
		default: help(stderr); goto out;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "merit: pool takes no argument '%s'; name agencies "
		    "with --agency\n", argv[optind]);
		goto out;
	}
	int json;
	if (opt_format(format, &json))
		goto out;
	struct stat sst;
	if (stat(db, &sst)) {
		fprintf(stderr, "merit: %s: no register there; fill one with merit "
		    "assess or merit import, or give --db\n", db);
		goto out;
	}
	if (agencyargs_resolve(db, (char *const *)agencies, nag, 1, &paths,
	    &nlist, &d))
		goto out;
	if (reg_open(&r, db, &d))
		goto out;
	if (json)
		out = json_array();
	/* one transaction over every agency: bad input anywhere writes
	 * nothing anywhere */
	if (reg_begin(&r)) {
		diag_add(&d, db, 0, 0, "register: cannot begin: %s",
		    sqlite3_errmsg(r.db));
		goto out;
	}
	int rc = 0;
	for (size_t i = 0; !rc && i < nlist; i++)
		rc = do_agency(&r, paths[i], as_of, dry_run, grid, out,
		    &rule_errors, &d);
	if (rc || dry_run || grid) {
		reg_rollback(&r);
	} else if (reg_commit(&r)) {
		diag_add(&d, db, 0, 0, "register: cannot commit: %s",
		    sqlite3_errmsg(r.db));
		rc = MERIT_EDB;
	}
	if (rc)
		goto out;
	if (out) {
		json_t *doc = json_pack("{s:s, s:b, s:o}", "as_of",
		    date_format(as_of, (char[11]){ 0 }), "written",
		    !dry_run && !grid, "pools", out);
		out = NULL;
		json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		printf("\n");
		json_decref(doc);
	}
	status = rule_errors ? 1 : 0;
out:
	diag_print(&d);
	diag_free(&d);
	json_decref(out);
	if (r.db)
		reg_close(&r);
	agencyargs_free(paths, nlist);
	free(agencies);
	return status;
}
