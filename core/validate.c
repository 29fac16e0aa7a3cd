#include <ctype.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lauxlib.h>
#include "merit/error.h"
#include "dsl.h"
#include "loader.h"
#include "validate.h"

#define WEIGHT_EPS 1e-9
#define MAX_POST 1000
#define MAX_FINDINGS 200
#define SCORE_FNS "merit.score"

struct vctx {
	lua_State *L;
	struct arena *a;
	struct diag *d;
	const struct source_text *srcs;
	size_t nsrc;
	const struct validate_opts *o;
	struct merit_model *m;
	struct merit_framework *fw;
	int oom, truncated;
	/* the declaration being read */
	const char *kind, *id, *file;
	int line, end_line;
};

#define P(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define NOPATH ((const char *const[]){ NULL })

/* -- locating a field in the source text ------------------------------ */

static const struct source_text *source_of(struct vctx *c, const char *file)
{
	for (size_t i = 0; i < c->nsrc; i++)
		if (!strcmp(c->srcs[i].file, file))
			return &c->srcs[i];
	return NULL;
}

static int is_ident(int ch)
{
	return isalnum(ch) || ch == '_';
}

/* Does `tok` occur at p as a table key (`tok =`, `["tok"] =`) or, for a
 * token written with a leading quote, as that string? */
static size_t token_at(const char *p, const char *end, const char *tok,
    const char *start)
{
	if (tok[0] == '"') {
		size_t n = strlen(tok + 1);
		if ((*p == '"' || *p == '\'') && (size_t)(end - p) > n + 1 &&
		    !memcmp(p + 1, tok + 1, n) && p[n + 1] == *p)
			return 1;
		return 0;
	}
	size_t n = strlen(tok);
	const char *q;
	if (*p == '[' && (size_t)(end - p) > n + 3 && (p[1] == '"' || p[1] == '\'') &&
	    !memcmp(p + 2, tok, n) && p[n + 2] == p[1] && p[n + 3] == ']')
		return 1;
	if ((size_t)(end - p) < n || memcmp(p, tok, n))
		return 0;
	if (p > start && is_ident((unsigned char)p[-1]))
		return 0;
	q = p + n;
	if (q < end && is_ident((unsigned char)*q))
		return 0;
	while (q < end && (*q == ' ' || *q == '\t'))
		q++;
	return q < end && *q == '=' && !(q + 1 < end && q[1] == '=');
}

/* The line of the last token of `path` found in order after the
 * declaration's first line; the declaration's line if none is. */
static int locate(struct vctx *c, const char *const *path)
{
	const struct source_text *s = source_of(c, c->file);
	if (!s || !path[0])
		return c->line;
	const char *p = s->text, *end = s->text + s->len;
	int line = 1, best = c->line;
	while (p < end && line < c->line)
		if (*p++ == '\n')
			line++;
	for (int i = 0; path[i]; i++) {
		int l = line, found = 0;
		for (const char *q = p; q < end; q++) {
			if (*q == '\n' && ++l > c->end_line && c->end_line)
				break;
			if (token_at(q, end, path[i], s->text)) {
				/* the next token is searched after this one, so a
				 * repeated token finds its second occurrence */
				p = q + 1;
				line = l;
				found = 1;
				break;
			}
		}
		if (!found)
			break;
		best = line;
	}
	return best;
}

static void verr(struct vctx *c, const char *const *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void verr(struct vctx *c, const char *const *path, const char *fmt, ...)
{
	char msg[1024];
	/* Past this many findings, stop: locating each costs a scan of the
	 * source, and a flood of findings helps nobody. */
	if (c->d->n >= MAX_FINDINGS) {
		c->truncated = 1;
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	diag_add(c->d, c->file, locate(c, path), 0, "%s", msg);
}

/* -- reading Lua values without running metamethods ------------------- */

static void *aalloc(struct vctx *c, size_t n)
{
	void *p = arena_alloc(c->a, n ? n : 1);
	if (!p) {
		c->oom = 1;
		luaL_error(c->L, "out of memory");
	}
	return p;
}

static const char *astr(struct vctx *c, const char *s)
{
	char *d = arena_strdup(c->a, s);
	if (!d) {
		c->oom = 1;
		luaL_error(c->L, "out of memory");
	}
	return d;
}

static int raw_field(lua_State *L, int t, const char *key)
{
	lua_pushstring(L, key);
	return lua_rawget(L, t);
}

/* Length of t if it is a proper list (keys 1..n only), else -1. */
static long list_len(lua_State *L, int t)
{
	long n = 0, max = 0;
	lua_pushnil(L);
	while (lua_next(L, t)) {
		lua_pop(L, 1);
		if (!lua_isinteger(L, -1) || lua_tointeger(L, -1) < 1) {
			lua_pop(L, 1);
			return -1;
		}
		n++;
		if (lua_tointeger(L, -1) > max)
			max = (long)lua_tointeger(L, -1);
	}
	return n == max ? n : -1;
}

/* Report keys of table t that are not in `allowed`. */
static void check_keys(struct vctx *c, int t, const char *const *allowed,
    const char *what, const char *const *path)
{
	lua_State *L = c->L;
	lua_pushnil(L);
	while (lua_next(L, t)) {
		lua_pop(L, 1);
		if (lua_type(L, -1) != LUA_TSTRING) {
			verr(c, path, "%s has a positional value where a key = value "
			    "pair was expected", what);
			continue;
		}
		const char *k = lua_tostring(L, -1);
		int ok = 0;
		for (int i = 0; allowed[i]; i++)
			if (!strcmp(allowed[i], k))
				ok = 1;
		if (ok)
			continue;
		char list[512] = "";
		size_t off = 0;
		for (int i = 0; allowed[i] && off < sizeof(list); i++)
			off += (size_t)snprintf(list + off, sizeof(list) - off,
			    "%s%s", i ? ", " : "", allowed[i]);
		/* locate the key itself: path + k */
		const char *p2[8];
		int n = 0;
		for (; path[n] && n < 6; n++)
			p2[n] = path[n];
		p2[n++] = k;
		p2[n] = NULL;
		verr(c, p2, "unknown key '%s' in %s (expected one of: %s)", k,
		    what, list);
	}
}

static int valid_id(const char *s)
{
	if (!*s || !isalnum((unsigned char)*s))
		return 0;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && *s != '-' && *s != '_' &&
		    *s != '.')
			return 0;
	return 1;
}

static int valid_lang(const char *s)
{
	int n = 0;
	while (s[n] >= 'a' && s[n] <= 'z')
		n++;
	if (n < 2 || n > 3)
		return 0;
	if (!s[n])
		return 1;
	if (s[n] != '-' || !s[n + 1])
		return 0;
	for (s += n + 1; *s; s++)
		if (!isalnum((unsigned char)*s))
			return 0;
	return 1;
}

/* A string field: NULL when absent (an error if required). */
static const char *get_str(struct vctx *c, int t, const char *key, int req,
    const char *const *path)
{
	lua_State *L = c->L;
	const char *r = NULL;
	int ty = raw_field(L, t, key);
	if (ty == LUA_TSTRING)
		r = astr(c, lua_tostring(L, -1));
	else if (ty == LUA_TNIL && req)
		verr(c, path, "%s '%s': missing required field '%s'", c->kind,
		    c->id, key);
	else if (ty != LUA_TNIL)
		verr(c, path, "%s '%s': '%s' must be a string, not a %s", c->kind,
		    c->id, key, lua_typename(L, ty));
	lua_pop(L, 1);
	return r;
}

/* A number field: returns 1 and sets *out when present and numeric. */
static int get_num(struct vctx *c, int t, const char *key, int req,
    double *out, const char *const *path)
{
	lua_State *L = c->L;
	int ty = raw_field(L, t, key), r = 0;
	if (ty == LUA_TNUMBER) {
		*out = lua_tonumber(L, -1);
		r = isfinite(*out);
		if (!r)
			verr(c, path, "%s '%s': '%s' must be a finite number",
			    c->kind, c->id, key);
	} else if (ty == LUA_TNIL && req) {
		verr(c, path, "%s '%s': missing required field '%s'", c->kind,
		    c->id, key);
	} else if (ty != LUA_TNIL) {
		verr(c, path, "%s '%s': '%s' must be a number, not a %s", c->kind,
		    c->id, key, lua_typename(L, ty));
	}
	lua_pop(L, 1);
	return r;
}

static int get_int(struct vctx *c, int t, const char *key, int req, int min,
    int max, int *out, const char *const *path)
{
	double d;
	if (!get_num(c, t, key, req, &d, path))
		return 0;
	if (d != floor(d) || d < min || d > max) {
		verr(c, path, "%s '%s': '%s' must be a whole number from %d to %d",
		    c->kind, c->id, key, min, max);
		return 0;
	}
	*out = (int)d;
	return 1;
}

/* The value at the top of the stack as a multilingual text. */
static int read_i18n(struct vctx *c, const char *what,
    struct merit_i18n *out, const char *const *path)
{
	lua_State *L = c->L;
	int t = lua_gettop(L), bad = 0;
	if (lua_type(L, t) == LUA_TSTRING) {
		/* a bare string is English, the language of the sources */
		struct merit_text *v = aalloc(c, sizeof(*v));
		v->lang = "en";
		v->text = astr(c, lua_tostring(L, t));
		out->n = 1;
		out->v = v;
		return 1;
	}
	if (lua_type(L, t) != LUA_TTABLE) {
		verr(c, path, "%s '%s': %s must be a table of texts by language, "
		    "e.g. { en = \"...\", ru = \"...\" }", c->kind, c->id, what);
		return 0;
	}
	size_t n = 0;
	lua_pushnil(L);
	while (lua_next(L, t)) {
		lua_pop(L, 1);
		n++;
	}
	struct merit_text *v = aalloc(c, n * sizeof(*v));
	size_t i = 0;
	lua_pushnil(L);
	while (lua_next(L, t)) {
		if (lua_type(L, -2) != LUA_TSTRING ||
		    !valid_lang(lua_tostring(L, -2))) {
			verr(c, path, "%s '%s': %s has a key that is not a language "
			    "code (use en, ru, kk, uz, ...)", c->kind, c->id, what);
			bad = 1;
		} else if (lua_type(L, -1) != LUA_TSTRING) {
			verr(c, path, "%s '%s': %s.%s must be a string", c->kind,
			    c->id, what, lua_tostring(L, -2));
			bad = 1;
		} else {
			v[i].lang = astr(c, lua_tostring(L, -2));
			v[i].text = astr(c, lua_tostring(L, -1));
			i++;
		}
		lua_pop(L, 1);
	}
	if (!n) {
		verr(c, path, "%s '%s': %s is empty; give at least one language",
		    c->kind, c->id, what);
		bad = 1;
	}
	/* sort by language so output and hashes do not depend on the
	 * order Lua happens to traverse the table in */
	for (size_t a = 1; a < i; a++)
		for (size_t b = a; b > 0 && strcmp(v[b - 1].lang, v[b].lang) > 0; b--) {
			struct merit_text tmp = v[b];
			v[b] = v[b - 1];
			v[b - 1] = tmp;
		}
	out->n = i;
	out->v = v;
	return !bad;
}

static int get_i18n(struct vctx *c, int t, const char *key, int req,
    struct merit_i18n *out, const char *const *path)
{
	int ty = raw_field(c->L, t, key), r = 0;
	if (ty == LUA_TNIL) {
		if (req)
			verr(c, path, "%s '%s': missing required field '%s'",
			    c->kind, c->id, key);
	} else {
		r = read_i18n(c, key, out, path);
	}
	lua_pop(c->L, 1);
	return r;
}

/* posts = { min, max } */
static int get_range(struct vctx *c, int t, const char *key, int req,
    int *min, int *max, const char *const *path)
{
	lua_State *L = c->L;
	int top = lua_gettop(L), r = 0;
	int ty = raw_field(L, t, key);
	if (ty == LUA_TNIL) {
		if (req)
			verr(c, path, "%s '%s': missing required field '%s' "
			    "(a post range such as { 1, 6 })", c->kind, c->id, key);
	} else if (ty != LUA_TTABLE || list_len(L, top + 1) != 2 ||
	    lua_rawgeti(L, top + 1, 1) != LUA_TNUMBER ||
	    lua_rawgeti(L, top + 1, 2) != LUA_TNUMBER) {
		verr(c, path, "%s '%s': '%s' must be a post range { first, last }",
		    c->kind, c->id, key);
	} else {
		double a = lua_tonumber(L, top + 2), b = lua_tonumber(L, top + 3);
		if (a != floor(a) || b != floor(b) || a < 1 || b < a || b > MAX_POST)
			verr(c, path, "%s '%s': '%s' = { %g, %g } is not a range of "
			    "post levels (whole numbers, 1 <= first <= last <= %d)",
			    c->kind, c->id, key, a, b, MAX_POST);
		else {
			*min = (int)a;
			*max = (int)b;
			r = 1;
		}
	}
	lua_settop(L, top);
	return r;
}

/* -- declarations ------------------------------------------------------ */

static const struct merit_level *find_level(const struct merit_framework *fw,
    const char *id)
{
	for (size_t i = 0; fw && i < fw->n_levels; i++)
		if (!strcmp(fw->levels[i].id, id))
			return &fw->levels[i];
	return NULL;
}

static void read_framework(struct vctx *c, int t)
{
	lua_State *L = c->L;
	static const char *const keys[] = { "id", "country", "version", "title",
		"description", "source", "levels", NULL };
	struct merit_framework *fw = aalloc(c, sizeof(*fw));
	fw->src.file = astr(c, c->file);
	fw->src.line = c->line;
	fw->id = get_str(c, t, "id", 1, P("id"));
	c->id = fw->id ? fw->id : "?";
	check_keys(c, t, keys, "framework", NOPATH);
	if (fw->id && !valid_id(fw->id))
		verr(c, P("id"), "framework id '%s' may hold only letters, digits, "
		    "'-', '_' and '.'", fw->id);
	fw->country = get_str(c, t, "country", 1, P("country"));
	if (fw->country && (strlen(fw->country) != 2 ||
	    !isupper((unsigned char)fw->country[0]) ||
	    !isupper((unsigned char)fw->country[1])))
		verr(c, P("country"), "framework '%s': country must be an ISO "
		    "3166 two-letter code such as \"KZ\"", c->id);
	fw->version = get_str(c, t, "version", 1, P("version"));
	get_i18n(c, t, "title", 1, &fw->title, P("title"));
	fw->source = get_str(c, t, "source", 1, P("source"));

	int ty = raw_field(L, t, "levels");
	int lt = lua_gettop(L);
	if (ty == LUA_TTABLE) {
		long n = list_len(L, lt);
		if (n < 0) {
			verr(c, P("levels"), "framework '%s': levels must be a list, "
			    "low to high: { { id = \"D\" }, { id = \"C\" }, ... }", c->id);
			n = 0;
		}
		struct merit_level *lv = aalloc(c, (size_t)n * sizeof(*lv));
		for (long i = 0; i < n; i++) {
			lua_rawgeti(L, lt, i + 1);
			int e = lua_gettop(L);
			lv[i].index = (int)i;
			if (lua_type(L, e) != LUA_TTABLE) {
				verr(c, P("levels"), "framework '%s': level %ld must be "
				    "a table { id = ..., posts = { first, last } }",
				    c->id, i + 1);
				lv[i].id = "?";
				lua_pop(L, 1);
				continue;
			}
			static const char *const lkeys[] = { "id", "posts", "title",
				NULL };
			lv[i].id = get_str(c, e, "id", 1, P("levels"));
			if (!lv[i].id)
				lv[i].id = "?";
			else if (!valid_id(lv[i].id))
				verr(c, P("levels"), "framework '%s': level id '%s' may "
				    "hold only letters, digits, '-', '_' and '.'", c->id,
				    lv[i].id);
			char q[300];
			snprintf(q, sizeof(q), "\"%s", lv[i].id);
			check_keys(c, e, lkeys, "a level", P("levels", q));
			get_range(c, e, "posts", 0, &lv[i].post_min,
			    &lv[i].post_max, P("levels", q, "posts"));
			get_i18n(c, e, "title", 0, &lv[i].title, P("levels", q));
			for (long j = 0; j < i; j++) {
				if (!strcmp(lv[j].id, lv[i].id))
					verr(c, P("levels", q, q), "framework '%s': "
					    "duplicate level '%s'", c->id, lv[i].id);
				if (lv[i].post_min && lv[j].post_min &&
				    lv[i].post_min <= lv[j].post_max &&
				    lv[j].post_min <= lv[i].post_max)
					verr(c, P("levels", q, "posts"), "framework '%s': "
					    "posts of level '%s' (%d-%d) overlap those of "
					    "level '%s' (%d-%d)", c->id, lv[i].id,
					    lv[i].post_min, lv[i].post_max, lv[j].id,
					    lv[j].post_min, lv[j].post_max);
			}
			lua_pop(L, 1);
		}
		fw->n_levels = (size_t)n;
		fw->levels = lv;
	} else if (ty != LUA_TNIL) {
		verr(c, P("levels"), "framework '%s': levels must be a list",
		    c->id);
	}
	lua_settop(L, t);
	if (c->fw) {
		verr(c, NOPATH, "a second framework ('%s') in one model set; "
		    "the first is '%s' at %s:%d — keep one framework per folder",
		    c->id, c->fw->id ? c->fw->id : "?", c->fw->src.file,
		    c->fw->src.line);
		return;
	}
	c->fw = fw;
}

/* A list of indicators (strings or multilingual tables) at stack top. */
static int read_indicators(struct vctx *c, const char *what, size_t *n_out,
    const struct merit_i18n **out, const char *const *path)
{
	lua_State *L = c->L;
	int t = lua_gettop(L);
	long n = lua_type(L, t) == LUA_TTABLE ? list_len(L, t) : -1;
	if (n < 0) {
		verr(c, path, "competency '%s': %s must be a list of indicators "
		    "{ \"...\", \"...\" }", c->id, what);
		return 0;
	}
	struct merit_i18n *v = aalloc(c, (size_t)n * sizeof(*v));
	for (long i = 0; i < n; i++) {
		lua_rawgeti(L, t, i + 1);
		read_i18n(c, what, &v[i], path);
		lua_pop(L, 1);
	}
	*n_out = (size_t)n;
	*out = v;
	return 1;
}

/* { effective = {...}, ineffective = {...} } at stack index s */
static void read_set(struct vctx *c, int s, struct merit_indicator_set *set,
    const char *label, const char *const *path)
{
	lua_State *L = c->L;
	static const char *const keys[] = { "effective", "ineffective", NULL };
	char what[128];
	if (lua_type(L, s) != LUA_TTABLE) {
		verr(c, path, "competency '%s': indicators %s must be a table "
		    "{ effective = {...}, ineffective = {...} }", c->id, label);
		return;
	}
	snprintf(what, sizeof(what), "indicators %s", label);
	check_keys(c, s, keys, what, path);
	if (raw_field(L, s, "effective") != LUA_TNIL)
		read_indicators(c, "effective indicators", &set->n_effective,
		    &set->effective, path);
	lua_pop(L, 1);
	if (raw_field(L, s, "ineffective") != LUA_TNIL)
		read_indicators(c, "ineffective indicators", &set->n_ineffective,
		    &set->ineffective, path);
	lua_pop(L, 1);
	if (!set->n_effective && !set->n_ineffective)
		verr(c, path, "competency '%s': indicators %s list none", c->id,
		    label);
}

static void read_competency(struct vctx *c, int t,
    struct merit_competency *cp)
{
	lua_State *L = c->L;
	static const char *const keys[] = { "title", "description", "group",
		"posts", "indicators", "source", NULL };
	const struct merit_framework *fw = c->fw;
	cp->id = c->id;
	cp->src.file = astr(c, c->file);
	cp->src.line = c->line;
	check_keys(c, t, keys, "a competency", NOPATH);
	get_i18n(c, t, "title", 1, &cp->title, P("title"));
	get_i18n(c, t, "description", 0, &cp->description, P("description"));
	cp->group = get_str(c, t, "group", 0, P("group"));
	get_range(c, t, "posts", 0, &cp->post_min, &cp->post_max, P("posts"));
	if (!fw) {
		verr(c, NOPATH, "competency '%s' has no framework: declare "
		    "framework { ... } first in the same folder", c->id);
		return;
	}
	int ty = raw_field(L, t, "indicators");
	int it = lua_gettop(L);
	if (ty == LUA_TNIL) {
		lua_pop(L, 1);
		return;
	}
	if (ty != LUA_TTABLE) {
		verr(c, P("indicators"), "competency '%s': indicators must be a "
		    "table", c->id);
		lua_pop(L, 1);
		return;
	}
	/* Which shape? level keys, effective/ineffective, or both with a
	 * shared ineffective list. */
	int has_eff = raw_field(L, it, "effective") != LUA_TNIL;
	lua_pop(L, 1);
	int has_ineff = raw_field(L, it, "ineffective") != LUA_TNIL;
	lua_pop(L, 1);
	size_t nlev = 0;
	lua_pushnil(L);
	while (lua_next(L, it)) {
		lua_pop(L, 1);
		const char *k = lua_type(L, -1) == LUA_TSTRING ? lua_tostring(L, -1) : NULL;
		if (!k) {
			verr(c, P("indicators"), "competency '%s': indicators has a "
			    "positional value; key sets by level id", c->id);
			continue;
		}
		if (!strcmp(k, "effective") || !strcmp(k, "ineffective"))
			continue;
		if (!find_level(fw, k)) {
			char levels[256] = "";
			size_t off = 0;
			for (size_t i = 0; i < fw->n_levels && off < sizeof(levels); i++)
				off += (size_t)snprintf(levels + off, sizeof(levels) - off,
				    "%s%s", i ? ", " : "", fw->levels[i].id);
			verr(c, P("indicators", k), "competency '%s': unknown level "
			    "'%s' (framework '%s' has levels: %s)", c->id, k,
			    fw->id ? fw->id : "?", fw->n_levels ? levels : "none");
			continue;
		}
		nlev++;
	}
	if (nlev && has_eff) {
		verr(c, P("indicators", "effective"), "competency '%s': give "
		    "indicators either by level or for all levels, not both (a "
		    "shared 'ineffective' list beside levels is allowed)", c->id);
		lua_pop(L, 1);
		return;
	}
	struct merit_indicator_set *sets = aalloc(c,
	    (nlev ? nlev : 1) * sizeof(*sets));
	size_t n = 0;
	if (nlev) {
		struct merit_indicator_set shared = { 0 };
		if (has_ineff) {
			raw_field(L, it, "ineffective");
			read_indicators(c, "shared ineffective indicators",
			    &shared.n_ineffective, &shared.ineffective,
			    P("indicators", "ineffective"));
			lua_pop(L, 1);
		}
		for (size_t li = 0; li < fw->n_levels; li++) {
			const struct merit_level *lv = &fw->levels[li];
			if (raw_field(L, it, lv->id) == LUA_TNIL) {
				lua_pop(L, 1);
				continue;
			}
			char label[128];
			snprintf(label, sizeof(label), "at level %s", lv->id);
			sets[n].level = lv;
			read_set(c, lua_gettop(L), &sets[n], label,
			    P("indicators", lv->id));
			if (!sets[n].n_ineffective) {
				sets[n].n_ineffective = shared.n_ineffective;
				sets[n].ineffective = shared.ineffective;
			}
			n++;
			lua_pop(L, 1);
		}
	} else {
		read_set(c, it, &sets[0], "for all levels", P("indicators"));
		n = 1;
	}
	cp->n_sets = n;
	cp->sets = sets;
	lua_pop(L, 1);
}

/* NULL-terminated: it doubles as the allowed keys of `elements` */
static const char *const element_names[MERIT_ELEMENTS + 1] = {
	"qualification", "qualities", "performance", NULL };

static int in_list(const char *const *list, const char *s)
{
	for (; *list; list++)
		if (!strcmp(*list, s))
			return 1;
	return 0;
}

static const char *const role_names[MERIT_ROLES + 1] = { "assessor",
	"manager", "peer", "subordinate", "self", NULL };
static const char *const combine_names[] = { "weighted", "median", "trimmed",
	NULL };

/* raters = { combine, weights, trim, self, disagreement, minimum } */
static void read_raters(struct vctx *c, int t, struct merit_raters *r)
{
	lua_State *L = c->L;
	for (int i = 0; i < MERIT_ROLES; i++)
		r->role_weight[i] = 1;
	r->combine = MERIT_COMBINE_WEIGHTED;
	r->trim = 0.2;
	r->disagreement = NAN;
	r->minimum = 1;
	int ty = raw_field(L, t, "raters");
	int rt = lua_gettop(L);
	if (ty == LUA_TNIL)
		goto out;
	if (ty != LUA_TTABLE) {
		verr(c, P("raters"), "assessment '%s': raters must be a table "
		    "{ combine = \"weighted\", weights = { manager = 0.5, ... } }",
		    c->id);
		goto out;
	}
	static const char *const keys[] = { "combine", "weights", "trim", "self",
		"disagreement", "minimum", NULL };
	check_keys(c, rt, keys, "raters", P("raters"));
	const char *cb = get_str(c, rt, "combine", 0, P("raters", "combine"));
	if (cb) {
		int k;
		for (k = 0; combine_names[k] && strcmp(combine_names[k], cb); k++)
			;
		if (combine_names[k])
			r->combine = (enum merit_combine)k;
		else
			verr(c, P("raters", "combine"), "assessment '%s': combine "
			    "must be \"weighted\", \"median\" or \"trimmed\", not "
			    "'%s'", c->id, cb);
	}
	const char *self = get_str(c, rt, "self", 0, P("raters", "self"));
	if (self && !strcmp(self, "include"))
		r->include_self = 1;
	else if (self && strcmp(self, "report"))
		verr(c, P("raters", "self"), "assessment '%s': self must be "
		    "\"report\" (beside the score, not in it) or \"include\", not "
		    "'%s'", c->id, self);
	if (get_num(c, rt, "trim", 0, &r->trim, P("raters", "trim")) &&
	    (r->trim < 0 || r->trim >= 0.5))
		verr(c, P("raters", "trim"), "assessment '%s': trim is the "
		    "fraction cut at each end, from 0 up to (not including) 0.5",
		    c->id);
	if (get_num(c, rt, "disagreement", 0, &r->disagreement,
	    P("raters", "disagreement")) && (r->disagreement <= 0 ||
	    r->disagreement > 1))
		verr(c, P("raters", "disagreement"), "assessment '%s': "
		    "disagreement is a standard deviation of values in [0, 1]; "
		    "give a number above 0 and at most 1", c->id);
	get_int(c, rt, "minimum", 0, 1, 1000, &r->minimum,
	    P("raters", "minimum"));
	ty = raw_field(L, rt, "weights");
	int wt = lua_gettop(L);
	if (ty == LUA_TTABLE) {
		check_keys(c, wt, role_names, "rater weights",
		    P("raters", "weights"));
		double others = 0;
		for (int i = 0; i < MERIT_ROLES; i++) {
			double w;
			if (!get_num(c, wt, role_names[i], 0, &w,
			    P("raters", "weights", role_names[i])))
				continue;
			if (w < 0)
				verr(c, P("raters", "weights", role_names[i]),
				    "assessment '%s': weight of %s raters is %g; "
				    "it must not be negative", c->id, role_names[i], w);
			r->role_weight[i] = w;
		}
		for (int i = 0; i < MERIT_ROLES; i++)
			if (i != MERIT_ROLE_SELF)
				others += r->role_weight[i];
		if (!(others > 0))
			verr(c, P("raters", "weights"), "assessment '%s': every "
			    "role other than self has weight 0; nobody's rating "
			    "would count", c->id);
	} else if (ty != LUA_TNIL) {
		verr(c, P("raters", "weights"), "assessment '%s': weights must "
		    "map roles to numbers { manager = 0.5, peer = 0.3, ... }",
		    c->id);
	}
out:
	lua_settop(L, t);
}

/* require = { qualities = 0.4 }, floors = { cooperation = 0.5 },
 * fail_band = "unsatisfactory" */
static void read_minimums(struct vctx *c, int t, struct merit_assessment *as)
{
	lua_State *L = c->L;
	for (int e = 0; e < MERIT_ELEMENTS; e++)
		as->require[e] = NAN;
	int ty = raw_field(L, t, "require");
	int rt = lua_gettop(L);
	if (ty == LUA_TTABLE) {
		check_keys(c, rt, element_names, "require", P("require"));
		for (int e = 0; e < MERIT_ELEMENTS; e++) {
			double v;
			if (!get_num(c, rt, element_names[e], 0, &v,
			    P("require", element_names[e])))
				continue;
			if (v < 0 || v > 1)
				verr(c, P("require", element_names[e]), "assessment "
				    "'%s': minimum for %s is %g; scores lie in [0, 1]",
				    c->id, element_names[e], v);
			else if (!as->element[e].used)
				verr(c, P("require", element_names[e]), "assessment "
				    "'%s': a minimum for %s, which the type does not "
				    "use", c->id, element_names[e]);
			as->require[e] = v;
		}
	} else if (ty != LUA_TNIL) {
		verr(c, P("require"), "assessment '%s': require must be a table "
		    "{ qualities = 0.4 }", c->id);
	}
	lua_settop(L, t);
	ty = raw_field(L, t, "floors");
	int ft = lua_gettop(L);
	if (ty == LUA_TTABLE) {
		size_t n = 0;
		lua_pushnil(L);
		while (lua_next(L, ft)) {
			lua_pop(L, 1);
			n++;
		}
		struct merit_floor *f = aalloc(c, n * sizeof(*f));
		size_t k = 0;
		lua_pushnil(L);
		while (lua_next(L, ft)) {
			const char *id = lua_type(L, -2) == LUA_TSTRING ?
			    lua_tostring(L, -2) : NULL;
			if (!id || !lua_isnumber(L, -1) || lua_tonumber(L, -1) < 0 ||
			    lua_tonumber(L, -1) > 1) {
				verr(c, P("floors", id ? id : "floors"), "assessment "
				    "'%s': floors map competency ids to minimum values "
				    "in [0, 1], e.g. { cooperation = 0.5 }", c->id);
			} else {
				f[k].competency = astr(c, id);
				f[k].min = lua_tonumber(L, -1);
				k++;
			}
			lua_pop(L, 1);
		}
		as->floors = f;
		as->n_floors = k;
	} else if (ty != LUA_TNIL) {
		verr(c, P("floors"), "assessment '%s': floors must be a table "
		    "{ cooperation = 0.5 }", c->id);
	}
	lua_settop(L, t);
	as->fail_band = get_str(c, t, "fail_band", 0, P("fail_band"));
	if (as->fail_band) {
		size_t i;
		for (i = 0; i < as->n_bands; i++)
			if (!strcmp(as->bands[i].label, as->fail_band))
				break;
		if (i == as->n_bands)
			verr(c, P("fail_band"), "assessment '%s': fail_band '%s' is "
			    "not one of its bands", c->id, as->fail_band);
	}
}

/* gaps = true | { k = 2 } */
static void read_gaps(struct vctx *c, int t, struct merit_assessment *as)
{
	lua_State *L = c->L;
	as->gap_k = 2;
	int ty = raw_field(L, t, "gaps");
	int gt = lua_gettop(L);
	if (ty == LUA_TBOOLEAN) {
		as->gaps = lua_toboolean(L, gt);
	} else if (ty == LUA_TTABLE) {
		static const char *const keys[] = { "k", NULL };
		check_keys(c, gt, keys, "gaps", P("gaps"));
		as->gaps = 1;
		if (get_num(c, gt, "k", 0, &as->gap_k, P("gaps", "k")) &&
		    as->gap_k < 0)
			verr(c, P("gaps", "k"), "assessment '%s': k is how many "
			    "standard errors a gap must exceed; it cannot be "
			    "negative", c->id);
	} else if (ty != LUA_TNIL) {
		verr(c, P("gaps"), "assessment '%s': gaps must be true or "
		    "{ k = 2 }", c->id);
	}
	lua_settop(L, t);
}

static const char *const relation_names[] = { "", "below", "meets", "above",
	NULL };

/* The path to the i-th (1-based) point of a rating scale, then key (or
 * none): its line is that of the i-th `point =` after rating_scale. */
#define MAX_POINT_PATH 32
static const char *const *point_path(const char **buf, long i,
    const char *key)
{
	int n = 0;
	buf[n++] = "rating_scale";
	for (long k = 0; k < i && n < MAX_POINT_PATH - 2; k++)
		buf[n++] = "point";
	if (key)
		buf[n++] = key;
	buf[n] = NULL;
	return buf;
}

/* One point { point = 3, anchor = { en = "..." }, evidences = "meets" }. */
static void read_anchor(struct vctx *c, int pt, long i, double prev,
    struct merit_anchor *an)
{
	static const char *const keys[] = { "point", "anchor", "evidences",
		NULL };
	const char *buf[MAX_POINT_PATH];
	const char *const *at = point_path(buf, i, NULL);
	check_keys(c, pt, keys, "a rating scale point", at);
	if (get_num(c, pt, "point", 1, &an->point, at) && i > 1 &&
	    !(an->point > prev))
		verr(c, at, "assessment '%s': rating scale point %g follows %g; "
		    "points must be strictly increasing", c->id, an->point, prev);
	if (raw_field(c->L, pt, "anchor") == LUA_TNIL)
		verr(c, at, "assessment '%s': rating scale point %g has no "
		    "anchor; describe the behaviour seen there: anchor = { en = "
		    "\"...\" }", c->id, an->point);
	lua_pop(c->L, 1);
	get_i18n(c, pt, "anchor", 0, &an->anchor, at);
	const char *ev = get_str(c, pt, "evidences", 1, at);
	an->relation = MERIT_ANCHOR_LEVEL;
	an->level = ev;
	for (int r = MERIT_ANCHOR_BELOW; ev && r <= MERIT_ANCHOR_ABOVE; r++)
		if (!strcmp(ev, relation_names[r])) {
			an->relation = (enum merit_anchor_relation)r;
			an->level = NULL;
		}
}

/* rating_scale = { { point = 1, anchor = {...}, evidences = "below" },
 * ... }: the points of direct ratings, low to high, each anchored to a
 * behaviour and to the level it evidences (a level id, or "below",
 * "meets" or "above" the level the post requires). */
static void read_rating_scale(struct vctx *c, int t, struct merit_assessment *as)
{
	lua_State *L = c->L;
	int ty = raw_field(L, t, "rating_scale");
	int st = lua_gettop(L);
	long n = ty == LUA_TTABLE ? list_len(L, st) : -1;
	if (ty == LUA_TNIL) {
		lua_settop(L, t);
		return;
	}
	if (n < 2) {
		verr(c, P("rating_scale"), "assessment '%s': rating_scale is a "
		    "list of at least two points { point = 1, anchor = { en = "
		    "\"...\" }, evidences = \"below\" | \"meets\" | "
		    "\"above\" | level id }", c->id);
		lua_settop(L, t);
		return;
	}
	struct merit_anchor *an = aalloc(c, (size_t)n * sizeof(*an));
	for (long i = 1; an && i <= n; i++) {
		if (lua_rawgeti(L, st, i) != LUA_TTABLE) {
			verr(c, P("rating_scale"), "assessment '%s': rating scale "
			    "point %ld must be a table { point, anchor, evidences "
			    "}", c->id, i);
		} else {
			read_anchor(c, lua_gettop(L), i, i > 1 ? an[i - 2].point : 0,
			    &an[i - 1]);
		}
		lua_settop(L, st);
	}
	as->n_anchors = an ? (size_t)n : 0;
	as->anchors = an;
	lua_settop(L, t);
}

/* profile "id" { posts = {a, b}, require = { comp = "C" | 3 },
 * importance = { comp = 2 } } */
static void read_profile(struct vctx *c, int t, struct merit_profile *p)
{
	lua_State *L = c->L;
	static const char *const keys[] = { "title", "posts", "require",
		"importance", NULL };
	p->id = c->id;
	p->src.file = astr(c, c->file);
	p->src.line = c->line;
	check_keys(c, t, keys, "a profile", NOPATH);
	get_i18n(c, t, "title", 0, &p->title, P("title"));
	get_range(c, t, "posts", 1, &p->post_min, &p->post_max, P("posts"));
	int ty = raw_field(L, t, "require");
	int rt = lua_gettop(L);
	if (ty != LUA_TTABLE) {
		verr(c, P("require"), "profile '%s': %s", c->id, ty == LUA_TNIL ?
		    "missing required field 'require'" : "require must map "
		    "competency ids to levels, e.g. { cooperation = \"C\" }");
		lua_settop(L, t);
		return;
	}
	size_t n = 0;
	lua_pushnil(L);
	while (lua_next(L, rt)) {
		lua_pop(L, 1);
		n++;
	}
	struct merit_profile_entry *e = aalloc(c, n * sizeof(*e));
	size_t k = 0;
	lua_pushnil(L);
	while (lua_next(L, rt)) {
		const char *id = lua_type(L, -2) == LUA_TSTRING ?
		    lua_tostring(L, -2) : NULL;
		int vt = lua_type(L, -1);
		if (!id || (vt != LUA_TSTRING && vt != LUA_TNUMBER)) {
			verr(c, P("require", id ? id : "require"), "profile '%s': "
			    "require maps competency ids to a level id or a point "
			    "of the rating scale, e.g. { cooperation = \"C\" }",
			    c->id);
		} else {
			e[k].competency = astr(c, id);
			e[k].importance = 1;
			if (vt == LUA_TSTRING) {
				e[k].level = astr(c, lua_tostring(L, -1));
				e[k].required = NAN; /* resolved in cross_check */
			} else {
				e[k].required = lua_tonumber(L, -1);
				if (!(e[k].required > 0))
					verr(c, P("require", id), "profile '%s': the "
					    "required point for %s must be above 0",
					    c->id, id);
			}
			k++;
		}
		lua_pop(L, 1);
	}
	p->entries = e;
	p->n_entries = k;
	lua_settop(L, t);
	ty = raw_field(L, t, "importance");
	int it = lua_gettop(L);
	if (ty == LUA_TTABLE) {
		lua_pushnil(L);
		while (lua_next(L, it)) {
			const char *id = lua_type(L, -2) == LUA_TSTRING ?
			    lua_tostring(L, -2) : NULL;
			size_t j;
			for (j = 0; id && j < k; j++)
				if (!strcmp(e[j].competency, id))
					break;
			if (!id || j == k)
				verr(c, P("importance", id ? id : "importance"),
				    "profile '%s': importance of '%s', which the "
				    "profile does not require", c->id, id ? id : "?");
			else if (!lua_isnumber(L, -1) || !(lua_tonumber(L, -1) > 0))
				verr(c, P("importance", id), "profile '%s': "
				    "importance of %s must be a number above 0",
				    c->id, id);
			else
				e[j].importance = lua_tonumber(L, -1);
			lua_pop(L, 1);
		}
	} else if (ty != LUA_TNIL) {
		verr(c, P("importance"), "profile '%s': importance must map "
		    "competency ids to numbers, e.g. { leadership = 2 }", c->id);
	}
	lua_settop(L, t);
}

static void read_assessment(struct vctx *c, int t, struct merit_assessment *as)
{
	lua_State *L = c->L;
	char why[1280];
	static const char *const keys[] = { "title", "elements", "scorer",
		"bands", "source", "raters", "require", "floors", "fail_band",
		"gaps", "score", "rating_scale", NULL };
	as->id = c->id;
	as->src.file = astr(c, c->file);
	as->src.line = c->line;
	check_keys(c, t, keys, "an assessment type", NOPATH);
	get_i18n(c, t, "title", 1, &as->title, P("title"));
	as->source = get_str(c, t, "source", 0, P("source"));
	as->scorer = get_str(c, t, "scorer", 0, P("scorer"));
	if (!as->scorer)
		as->scorer = "weighted";
	else if (c->o && c->o->scorers && !in_list(c->o->scorers, as->scorer))
		verr(c, P("scorer"), "assessment '%s': unknown scorer '%s' (no "
		    "such plugin is loaded; %s)",
		    c->id, as->scorer, plugins_why_absent(c->o->plugins,
		    as->scorer, why, sizeof(why)));

	int ty = raw_field(L, t, "elements");
	int et = lua_gettop(L);
	if (ty != LUA_TTABLE) {
		verr(c, P("elements"), "assessment '%s': %s", c->id, ty == LUA_TNIL
		    ? "missing required field 'elements'"
		    : "elements must be a table { qualification = {...}, ... }");
	} else {
		check_keys(c, et, element_names, "elements", P("elements"));
		double sum = 0;
		int used = 0;
		char parts[256] = "";
		size_t off = 0;
		for (int e = 0; e < MERIT_ELEMENTS; e++) {
			const char *name = element_names[e];
			int st = raw_field(L, et, name);
			int s = lua_gettop(L);
			if (st == LUA_TNIL) {
				lua_pop(L, 1);
				continue;
			}
			if (st != LUA_TTABLE) {
				verr(c, P("elements", name), "assessment '%s': element "
				    "'%s' must be a table { weight = ..., engine = ... }",
				    c->id, name);
				lua_pop(L, 1);
				continue;
			}
			static const char *const ekeys[] = { "weight", "engine", NULL };
			char what[64];
			snprintf(what, sizeof(what), "element '%s'", name);
			check_keys(c, s, ekeys, what, P("elements", name));
			struct merit_element_spec *sp = &as->element[e];
			if (get_num(c, s, "weight", 1, &sp->weight,
			    P("elements", name, "weight"))) {
				if (sp->weight <= 0 || sp->weight > 1)
					verr(c, P("elements", name, "weight"),
					    "assessment '%s': weight of '%s' is %g; it must "
					    "be above 0 and at most 1 (leave an element out "
					    "to not use it)", c->id, name, sp->weight);
				sum += sp->weight;
				off += (size_t)snprintf(parts + off, sizeof(parts) - off,
				    "%s%s %g", used ? " + " : "", name, sp->weight);
				used++;
			}
			sp->engine = get_str(c, s, "engine", 1,
			    P("elements", name, "engine"));
			if (sp->engine && c->o && c->o->engines &&
			    !in_list(c->o->engines, sp->engine))
				verr(c, P("elements", name, "engine"), "assessment '%s': "
				    "unknown engine '%s' for '%s' (no such plugin is "
				    "loaded; %s)", c->id, sp->engine,
				    name, plugins_why_absent(c->o->plugins, sp->engine,
				    why, sizeof(why)));
			sp->used = 1;
			lua_pop(L, 1);
		}
		if (!used)
			verr(c, P("elements"), "assessment '%s' uses no element; give "
			    "at least one of qualification, qualities, performance",
			    c->id);
		else if (fabs(sum - 1.0) > WEIGHT_EPS)
			verr(c, P("elements"), "assessment '%s': weights sum to %.10g "
			    "(%s), not 1", c->id, sum, parts);
	}
	lua_settop(L, t);

	ty = raw_field(L, t, "bands");
	int bt = lua_gettop(L);
	long n = ty == LUA_TTABLE ? list_len(L, bt) : (ty == LUA_TNIL ? 0 : -1);
	if (n < 0) {
		verr(c, P("bands"), "assessment '%s': bands must be a list "
		    "{ { min = 0.85, label = \"excellent\" }, ... }", c->id);
		n = 0;
	}
	struct merit_band *bands = aalloc(c, (size_t)n * sizeof(*bands));
	int has_zero = 0;
	for (long i = 0; i < n; i++) {
		lua_rawgeti(L, bt, i + 1);
		int b = lua_gettop(L);
		if (lua_type(L, b) != LUA_TTABLE) {
			verr(c, P("bands"), "assessment '%s': band %ld must be a table "
			    "{ min = ..., label = ... }", c->id, i + 1);
			lua_pop(L, 1);
			continue;
		}
		static const char *const bkeys[] = { "min", "label", NULL };
		check_keys(c, b, bkeys, "a band", P("bands"));
		bands[i].label = get_str(c, b, "label", 1, P("bands"));
		char q[300];
		snprintf(q, sizeof(q), "\"%s", bands[i].label ? bands[i].label : "");
		if (get_num(c, b, "min", 1, &bands[i].min, P("bands", q))) {
			if (bands[i].min < 0 || bands[i].min > 1)
				verr(c, P("bands", q), "assessment '%s': band '%s' has "
				    "min %g; K lies in [0, 1]", c->id,
				    bands[i].label ? bands[i].label : "?", bands[i].min);
			if (bands[i].min == 0)
				has_zero = 1;
		}
		for (long j = 0; j < i; j++)
			if (bands[i].label && bands[j].label &&
			    !strcmp(bands[i].label, bands[j].label))
				verr(c, P("bands", q, q), "assessment '%s': duplicate "
				    "band '%s'", c->id, bands[i].label);
			else if (bands[i].min == bands[j].min)
				verr(c, P("bands", q), "assessment '%s': bands '%s' and "
				    "'%s' have the same min %g", c->id,
				    bands[j].label ? bands[j].label : "?",
				    bands[i].label ? bands[i].label : "?", bands[i].min);
		lua_pop(L, 1);
	}
	if (n && !has_zero)
		verr(c, P("bands"), "assessment '%s': no band starts at min = 0, "
		    "so a low K would get no band; add { min = 0, label = ... }",
		    c->id);
	/* highest first, so the first band whose min K reaches is K's band */
	for (long a = 1; a < n; a++)
		for (long b = a; b > 0 && bands[b - 1].min < bands[b].min; b--) {
			struct merit_band tmp = bands[b];
			bands[b] = bands[b - 1];
			bands[b - 1] = tmp;
		}
	as->n_bands = (size_t)n;
	as->bands = bands;
	lua_settop(L, t);
	read_raters(c, t, &as->raters);
	read_minimums(c, t, as);
	read_gaps(c, t, as);
	read_rating_scale(c, t, as);
	if (raw_field(L, t, "score") == LUA_TFUNCTION) {
		/* kept in the registry for the scorer, keyed by the type's id */
		if (lua_getfield(L, LUA_REGISTRYINDEX, SCORE_FNS) != LUA_TTABLE) {
			lua_pop(L, 1);
			lua_newtable(L);
			lua_pushvalue(L, -1);
			lua_setfield(L, LUA_REGISTRYINDEX, SCORE_FNS);
		}
		lua_pushvalue(L, -2);
		lua_setfield(L, -2, as->id);
		as->has_score_function = 1;
	} else if (lua_type(L, -1) != LUA_TNIL) {
		verr(c, P("score"), "assessment '%s': score must be a function "
		    "(e) ... return K end", c->id);
	}
	lua_settop(L, t);
}

static const struct merit_competency *model_competency_of(
    const struct merit_framework *fw, const char *id)
{
	for (size_t i = 0; fw && i < fw->n_competencies; i++)
		if (!strcmp(fw->competencies[i].id, id))
			return &fw->competencies[i];
	return NULL;
}

static const char *const edu_names[] = { NULL, "secondary", "vocational",
	"bachelor", "master", "doctorate", NULL };

int education_rank_of(const char *name)
{
	for (int i = 1; edu_names[i]; i++)
		if (!strcmp(edu_names[i], name))
			return i;
	return 0;
}

static void read_requirements(struct vctx *c, int t,
    struct merit_requirement *r)
{
	lua_State *L = c->L;
	static const char *const keys[] = { "title", "posts", "education",
		"service_years", "training_hours", "certifications", "weights",
		NULL };
	r->id = c->id;
	r->src.file = astr(c, c->file);
	r->src.line = c->line;
	check_keys(c, t, keys, "requirements", NOPATH);
	get_i18n(c, t, "title", 0, &r->title, P("title"));
	get_range(c, t, "posts", 1, &r->post_min, &r->post_max, P("posts"));
	const char *edu = get_str(c, t, "education", 0, P("education"));
	if (edu && !(r->education = education_rank_of(edu)))
		verr(c, P("education"), "requirements '%s': education '%s' is not "
		    "one of secondary, vocational, bachelor, master, doctorate",
		    c->id, edu);
	if ((r->has_service_years = get_num(c, t, "service_years", 0,
	    &r->service_years, P("service_years"))) && r->service_years < 0)
		verr(c, P("service_years"), "requirements '%s': service_years "
		    "cannot be negative", c->id);
	if ((r->has_training_hours = get_num(c, t, "training_hours", 0,
	    &r->training_hours, P("training_hours"))) && r->training_hours < 0)
		verr(c, P("training_hours"), "requirements '%s': training_hours "
		    "cannot be negative", c->id);
	int ty = raw_field(L, t, "certifications");
	if (ty != LUA_TNIL) {
		long n = ty == LUA_TTABLE ? list_len(L, lua_gettop(L)) : -1;
		if (n < 0) {
			verr(c, P("certifications"), "requirements '%s': "
			    "certifications must be a list of strings", c->id);
		} else {
			const char **v = aalloc(c, (size_t)n * sizeof(*v));
			for (long i = 0; i < n; i++) {
				if (lua_rawgeti(L, -1, i + 1) != LUA_TSTRING)
					verr(c, P("certifications"), "requirements '%s': "
					    "certification %ld is not a string", c->id, i + 1);
				else
					v[i] = astr(c, lua_tostring(L, -1));
				lua_pop(L, 1);
			}
			r->has_certifications = 1;
			r->n_certifications = (size_t)n;
			r->certifications = v;
		}
	}
	lua_settop(L, t);
	r->w_education = r->w_service_years = r->w_training_hours =
	    r->w_certifications = 1;
	if (!edu && !r->has_service_years && !r->has_training_hours &&
	    !r->has_certifications)
		verr(c, NOPATH, "requirements '%s' state no criterion (education, "
		    "service_years, training_hours, certifications)", c->id);
	ty = raw_field(L, t, "weights");
	if (ty == LUA_TTABLE) {
		int w = lua_gettop(L);
		static const char *const wkeys[] = { "education", "service_years",
			"training_hours", "certifications", NULL };
		check_keys(c, w, wkeys, "weights", P("weights"));
		double *dst[] = { &r->w_education, &r->w_service_years,
			&r->w_training_hours, &r->w_certifications };
		int has[] = { r->education != 0, r->has_service_years,
			r->has_training_hours, r->has_certifications };
		for (int i = 0; wkeys[i]; i++) {
			double x;
			if (!get_num(c, w, wkeys[i], 0, &x, P("weights", wkeys[i])))
				continue;
			if (x <= 0)
				verr(c, P("weights", wkeys[i]), "requirements '%s': "
				    "weight of %s must be above 0", c->id, wkeys[i]);
			else if (!has[i])
				verr(c, P("weights", wkeys[i]), "requirements '%s': a "
				    "weight for %s, which is not required", c->id,
				    wkeys[i]);
			*dst[i] = x;
		}
	} else if (ty != LUA_TNIL) {
		verr(c, P("weights"), "requirements '%s': weights must be a table",
		    c->id);
	}
	lua_settop(L, t);
}

static void read_course(struct vctx *c, int t, struct merit_course *co)
{
	lua_State *L = c->L;
	static const char *const keys[] = { "title", "description", "hours",
		"format", "develops", "source", NULL };
	co->id = c->id;
	co->src.file = astr(c, c->file);
	co->src.line = c->line;
	check_keys(c, t, keys, "a course", NOPATH);
	get_i18n(c, t, "title", 1, &co->title, P("title"));
	if (get_num(c, t, "hours", 1, &co->hours, P("hours")) && co->hours <= 0)
		verr(c, P("hours"), "course '%s': hours must be above 0", c->id);
	co->format = get_str(c, t, "format", 0, P("format"));
	if (co->format && strcmp(co->format, "in-person") &&
	    strcmp(co->format, "online") && strcmp(co->format, "blended"))
		verr(c, P("format"), "course '%s': format '%s' is not one of "
		    "in-person, online, blended", c->id, co->format);
	int ty = raw_field(L, t, "develops");
	int dt = lua_gettop(L);
	if (ty == LUA_TTABLE) {
		size_t n = 0;
		lua_pushnil(L);
		while (lua_next(L, dt)) {
			lua_pop(L, 1);
			n++;
		}
		struct merit_course_target *v = aalloc(c, n * sizeof(*v));
		size_t i = 0;
		lua_pushnil(L);
		while (lua_next(L, dt)) {
			const char *k = lua_type(L, -2) == LUA_TSTRING
			    ? lua_tostring(L, -2) : NULL;
			if (!k) {
				verr(c, P("develops"), "course '%s': develops maps "
				    "competency ids to levels: { cooperation = \"B\" }",
				    c->id);
			} else {
				v[i].competency = astr(c, k);
				if (lua_type(L, -1) == LUA_TSTRING)
					v[i].level = astr(c, lua_tostring(L, -1));
				else if (!(lua_type(L, -1) == LUA_TBOOLEAN &&
				    lua_toboolean(L, -1)))
					verr(c, P("develops", k), "course '%s': develops.%s "
					    "must be a level id or true", c->id, k);
				i++;
			}
			lua_pop(L, 1);
		}
		co->n_develops = i;
		co->develops = v;
	} else if (ty != LUA_TNIL) {
		verr(c, P("develops"), "course '%s': develops must be a table",
		    c->id);
	}
	lua_settop(L, t);
}

/* A policy's list of strings (courses, categories, terms): the value at
 * the top of the stack; NULL with a finding when it is not one. */
static const char *const *policy_strings(struct vctx *c, const char *what,
    size_t *n, const char *const *path)
{
	lua_State *L = c->L;
	int l = lua_gettop(L);
	long len = lua_type(L, l) == LUA_TTABLE ? list_len(L, l) : -1;
	*n = 0;
	if (len <= 0) {
		verr(c, path, "policy '%s': %s must be a non-empty list of "
		    "strings, e.g. { \"a\", \"b\" }", c->id, what);
		return NULL;
	}
	const char **v = aalloc(c, (size_t)len * sizeof(*v));
	for (long i = 0; i < len; i++) {
		if (lua_rawgeti(L, l, i + 1) != LUA_TSTRING)
			verr(c, path, "policy '%s': %s: item %ld is not a string",
			    c->id, what, i + 1);
		else
			v[(*n)++] = astr(c, lua_tostring(L, -1));
		lua_pop(L, 1);
	}
	return v;
}

static int in_strings(const char *const *v, size_t n, const char *s)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(v[i], s))
			return 1;
	return 0;
}

static void read_policy_applies(struct vctx *c, int t, struct merit_policy *p)
{
	lua_State *L = c->L;
	static const char *const ak[] = { "categories", "terms", "posts", NULL };
	static const char *const cats[] = { "official", "operational",
		"auxiliary" };
	static const char *const terms[] = { "indefinite", "fixed", "probation" };
	check_keys(c, t, ak, "applies", P("applies"));
	if (raw_field(L, t, "categories") != LUA_TNIL) {
		p->categories = policy_strings(c, "applies.categories",
		    &p->n_categories, P("applies", "categories"));
		for (size_t i = 0; i < p->n_categories; i++)
			if (!in_strings(cats, 3, p->categories[i]))
				verr(c, P("applies", "categories"), "policy '%s': "
				    "unknown category '%s' (official, operational, "
				    "auxiliary)", c->id, p->categories[i]);
	}
	lua_settop(L, t);
	if (raw_field(L, t, "terms") != LUA_TNIL) {
		p->terms = policy_strings(c, "applies.terms", &p->n_terms,
		    P("applies", "terms"));
		for (size_t i = 0; i < p->n_terms; i++)
			if (!in_strings(terms, 3, p->terms[i]))
				verr(c, P("applies", "terms"), "policy '%s': unknown "
				    "term '%s' (indefinite, fixed, probation)", c->id,
				    p->terms[i]);
	}
	lua_settop(L, t);
	get_range(c, t, "posts", 0, &p->post_min, &p->post_max,
	    P("applies", "posts"));
}

static void read_policy_rotate(struct vctx *c, int t, struct merit_policy *p)
{
	lua_State *L = c->L;
	long n = lua_type(L, t) == LUA_TTABLE ? list_len(L, t) : -1;
	if (n <= 0) {
		verr(c, P("rotate"), "policy '%s': rotate must be a list of course "
		    "sets, e.g. { { \"a\", \"b\" }, { \"c\" } }", c->id);
		return;
	}
	struct merit_policy_set *sets = aalloc(c, (size_t)n * sizeof(*sets));
	for (long i = 0; i < n; i++) {
		lua_rawgeti(L, t, i + 1);
		sets[i].courses = policy_strings(c, "each set of rotate",
		    &sets[i].n_courses, P("rotate"));
		lua_settop(L, t);
	}
	p->n_rotate = (size_t)n;
	p->rotate = sets;
}

static void read_policy(struct vctx *c, int t, struct merit_policy *p)
{
	lua_State *L = c->L;
	static const char *const keys[] = { "title", "description", "every",
		"require", "remind_before", "source", "courses", "rotate",
		"calendar", "applies", "grace", NULL };
	p->id = c->id;
	p->src.file = astr(c, c->file);
	p->src.line = c->line;
	check_keys(c, t, keys, "a policy", NOPATH);
	get_i18n(c, t, "title", 0, &p->title, P("title"));
	/* rotate names what is required, so require may be left out */
	int rotating = raw_field(L, t, "rotate") != LUA_TNIL;
	lua_settop(L, t);
	int ty = raw_field(L, t, "every");
	if (ty == LUA_TTABLE) {
		int e = lua_gettop(L);
		static const char *const ek[] = { "years", "months", "days", NULL };
		check_keys(c, e, ek, "every", P("every"));
		get_int(c, e, "years", 0, 1, 100, &p->every_years, P("every", "years"));
		get_int(c, e, "months", 0, 1, 1200, &p->every_months,
		    P("every", "months"));
		get_int(c, e, "days", 0, 1, 36500, &p->every_days, P("every", "days"));
		if (!p->every_years && !p->every_months && !p->every_days)
			verr(c, P("every"), "policy '%s': every needs years, months "
			    "or days", c->id);
	} else {
		verr(c, P("every"), "policy '%s': %s", c->id, ty == LUA_TNIL
		    ? "missing required field 'every' (e.g. every = { years = 3 })"
		    : "every must be a table such as { years = 3 }");
	}
	lua_settop(L, t);
	ty = raw_field(L, t, "require");
	if (ty == LUA_TTABLE) {
		int r = lua_gettop(L);
		static const char *const rk[] = { "courses", "hours", NULL };
		check_keys(c, r, rk, "require", P("require"));
		get_int(c, r, "courses", 0, 1, 1000, &p->require_courses,
		    P("require", "courses"));
		if (get_num(c, r, "hours", 0, &p->require_hours,
		    P("require", "hours")) && p->require_hours <= 0)
			verr(c, P("require", "hours"), "policy '%s': hours must be "
			    "above 0", c->id);
		if (!p->require_courses && p->require_hours <= 0 && !rotating)
			verr(c, P("require"), "policy '%s': require needs courses or "
			    "hours", c->id);
	} else if (ty != LUA_TNIL || !rotating) {
		verr(c, P("require"), "policy '%s': %s", c->id, ty == LUA_TNIL
		    ? "missing required field 'require' (e.g. require = { courses = 1 })"
		    : "require must be a table such as { courses = 1 }");
	}
	lua_settop(L, t);
	ty = raw_field(L, t, "remind_before");
	if (ty == LUA_TTABLE) {
		int r = lua_gettop(L);
		static const char *const rk[] = { "days", NULL };
		check_keys(c, r, rk, "remind_before", P("remind_before"));
		get_int(c, r, "days", 1, 0, 36500, &p->remind_days,
		    P("remind_before", "days"));
	} else if (ty != LUA_TNIL) {
		verr(c, P("remind_before"), "policy '%s': remind_before must be a "
		    "table such as { days = 90 }", c->id);
	}
	lua_settop(L, t);
	if (raw_field(L, t, "courses") != LUA_TNIL)
		p->courses = policy_strings(c, "courses", &p->n_courses,
		    P("courses"));
	lua_settop(L, t);
	ty = raw_field(L, t, "rotate");
	if (ty != LUA_TNIL)
		read_policy_rotate(c, lua_gettop(L), p);
	lua_settop(L, t);
	if (rotating && p->n_courses)
		verr(c, P("courses"), "policy '%s': give either courses or rotate, "
		    "not both (rotate names the courses of each period)", c->id);
	for (size_t i = 0; i < p->n_rotate && p->require_courses; i++)
		if ((size_t)p->require_courses > p->rotate[i].n_courses)
			verr(c, P("require", "courses"), "policy '%s': require.courses "
			    "= %d, but set %zu of rotate has only %zu course(s)",
			    c->id, p->require_courses, i + 1, p->rotate[i].n_courses);
	ty = raw_field(L, t, "calendar");
	if (ty == LUA_TBOOLEAN)
		p->calendar = lua_toboolean(L, -1);
	else if (ty != LUA_TNIL)
		verr(c, P("calendar"), "policy '%s': calendar must be true or false",
		    c->id);
	lua_settop(L, t);
	/* calendar periods tile the year: one year, or months dividing it */
	if (p->calendar && (p->every_days || (p->every_years &&
	    (p->every_years != 1 || p->every_months)) || (p->every_months &&
	    12 % p->every_months)))
		verr(c, P("every"), "policy '%s': a calendar policy runs every = "
		    "{ years = 1 } or every = { months = N } with N dividing 12 "
		    "(1, 2, 3, 4, 6, 12)", c->id);
	ty = raw_field(L, t, "applies");
	if (ty == LUA_TTABLE)
		read_policy_applies(c, lua_gettop(L), p);
	else if (ty != LUA_TNIL)
		verr(c, P("applies"), "policy '%s': applies must be a table such as "
		    "{ categories = { \"official\" }, posts = { 1, 6 } }", c->id);
	lua_settop(L, t);
	ty = raw_field(L, t, "grace");
	if (ty == LUA_TTABLE) {
		int g = lua_gettop(L);
		static const char *const gk[] = { "months", NULL };
		check_keys(c, g, gk, "grace", P("grace"));
		get_int(c, g, "months", 1, 1, 120, &p->grace_months,
		    P("grace", "months"));
	} else if (ty != LUA_TNIL) {
		verr(c, P("grace"), "policy '%s': grace must be a table such as "
		    "{ months = 6 }", c->id);
	}
	lua_settop(L, t);
}

static void at_decl(struct vctx *c, const char *kind, const char *id,
    const struct merit_source *src);

/* Courses a policy names must be declared, when the model declares any
 * (a policy file may be checked alone, before its catalogue). */
static void cross_check_policies(struct vctx *c)
{
	const struct merit_model *m = c->m;
	for (size_t i = 0; m->n_courses && i < m->n_policies; i++) {
		const struct merit_policy *p = &m->policies[i];
		at_decl(c, "policy", p->id, &p->src);
		for (size_t s = 0; s <= p->n_rotate; s++) {
			const char *const *v = s < p->n_rotate ? p->rotate[s].courses
			    : p->courses;
			size_t n = s < p->n_rotate ? p->rotate[s].n_courses
			    : p->n_courses;
			for (size_t k = 0; k < n; k++) {
				size_t j = 0;
				while (j < m->n_courses && strcmp(m->courses[j].id, v[k]))
					j++;
				if (j == m->n_courses)
					verr(c, P(s < p->n_rotate ? "rotate" : "courses",
					    v[k]), "policy '%s': unknown course '%s' (no "
					    "course \"%s\" is declared)", p->id, v[k], v[k]);
			}
		}
	}
}

/* A list of strings at key; NULL and *n = 0 when absent or wrong. */
static const char **get_str_list(struct vctx *c, int t, const char *key,
    const char *example, size_t *n)
{
	lua_State *L = c->L;
	const char **v = NULL;
	int ty = raw_field(L, t, key), lt = lua_gettop(L);
	long len = ty == LUA_TTABLE ? list_len(L, lt) : -1;
	*n = 0;
	if (ty == LUA_TNIL)
		goto out;
	if (len < 0) {
		verr(c, P(key), "%s '%s': %s must be a list of strings, e.g. %s = "
		    "%s", c->kind, c->id, key, key, example);
		goto out;
	}
	v = aalloc(c, (size_t)(len + 1) * sizeof(*v));
	for (long i = 1; i <= len; i++) {
		if (lua_rawgeti(L, lt, i) == LUA_TSTRING)
			v[(*n)++] = astr(c, lua_tostring(L, -1));
		else
			verr(c, P(key), "%s '%s': item %ld of %s is a %s, not a "
			    "string", c->kind, c->id, i, key,
			    luaL_typename(L, -1));
		lua_pop(L, 1);
	}
out:
	lua_settop(L, t);
	return v;
}

/* element = "qualification" | "qualities" | "performance" | "k" */
static int element_of(const char *s)
{
	for (int e = 0; e < MERIT_ELEMENTS; e++)
		if (!strcmp(element_names[e], s))
			return e;
	return !strcmp(s, "k") ? MERIT_ELEMENTS : -1;
}

/* grid.performance / grid.potential = { assessment = "A1", element = ... } */
static int read_measure(struct vctx *c, int g, const char *axis,
    struct merit_pool_measure *ms)
{
	lua_State *L = c->L;
	static const char *const keys[] = { "assessment", "element", NULL };
	int ty = raw_field(L, g, axis), s = lua_gettop(L), ok = 0;
	if (ty != LUA_TTABLE) {
		verr(c, P("grid", axis), "pool '%s': grid.%s %s", c->id, axis,
		    ty == LUA_TNIL ? "is missing; give { assessment = \"A1\", "
		    "element = \"performance\" }" : "must be a table { assessment "
		    "= \"A1\", element = \"performance\" }");
		goto out;
	}
	char what[64];
	snprintf(what, sizeof(what), "grid.%s", axis);
	check_keys(c, s, keys, what, P("grid", axis));
	ms->assessment = get_str(c, s, "assessment", 1,
	    P("grid", axis, "assessment"));
	const char *el = get_str(c, s, "element", 0, P("grid", axis, "element"));
	ms->element = el ? element_of(el) : MERIT_ELEMENTS;
	if (ms->element < 0)
		verr(c, P("grid", axis, "element"), "pool '%s': grid.%s.element "
		    "'%s' is not one of qualification, qualities, performance, k",
		    c->id, axis, el);
	ok = ms->assessment && ms->element >= 0;
out:
	lua_settop(L, g);
	return ok;
}

static void read_grid(struct vctx *c, int t, struct merit_pool *p)
{
	lua_State *L = c->L;
	static const char *const keys[] = { "performance", "potential", "cuts",
		NULL };
	int ty = raw_field(L, t, "grid"), g = lua_gettop(L);
	if (ty == LUA_TNIL)
		goto out;
	if (ty != LUA_TTABLE) {
		verr(c, P("grid"), "pool '%s': grid must be a table { performance "
		    "= {...}, potential = {...}, cuts = { 0.5, 0.75 } }", c->id);
		goto out;
	}
	check_keys(c, g, keys, "grid", P("grid"));
	int ok = read_measure(c, g, "performance", &p->performance);
	ok &= read_measure(c, g, "potential", &p->potential);
	ty = raw_field(L, g, "cuts");
	int ct = lua_gettop(L);
	if (ty != LUA_TTABLE || list_len(L, ct) != 2 ||
	    lua_rawgeti(L, ct, 1) != LUA_TNUMBER ||
	    lua_rawgeti(L, ct, 2) != LUA_TNUMBER) {
		verr(c, P("grid", "cuts"), "pool '%s': grid.cuts must be two "
		    "numbers { low, high } that split [0, 1] into three, e.g. "
		    "{ 0.5, 0.75 }", c->id);
		goto out;
	}
	p->cuts[0] = lua_tonumber(L, -2);
	p->cuts[1] = lua_tonumber(L, -1);
	if (!(p->cuts[0] > 0 && p->cuts[0] < p->cuts[1] && p->cuts[1] < 1)) {
		verr(c, P("grid", "cuts"), "pool '%s': grid.cuts { %g, %g } must "
		    "rise strictly inside (0, 1)", c->id, p->cuts[0], p->cuts[1]);
		goto out;
	}
	p->has_grid = ok;
out:
	lua_settop(L, t);
}

/* require = { { assessment = "A1", min_k = 0.8, within_months = 24 }, ... } */
static void read_pool_require(struct vctx *c, int t, struct merit_pool *p)
{
	lua_State *L = c->L;
	static const char *const keys[] = { "assessment", "min_k", "min_band",
		"within_months", NULL };
	int ty = raw_field(L, t, "require"), rt = lua_gettop(L);
	long n = ty == LUA_TTABLE ? list_len(L, rt) : -1;
	if (ty == LUA_TNIL)
		goto out;
	if (n < 0) {
		verr(c, P("require"), "pool '%s': require must be a list { { "
		    "assessment = \"A1\", min_k = 0.8, within_months = 24 }, ... }",
		    c->id);
		goto out;
	}
	struct merit_pool_require *v = aalloc(c, (size_t)n * sizeof(*v));
	for (long i = 0; i < n; i++) {
		struct merit_pool_require *q = &v[i];
		q->min_k = NAN;
		lua_rawgeti(L, rt, i + 1);
		int e = lua_gettop(L);
		if (lua_type(L, e) != LUA_TTABLE) {
			verr(c, P("require"), "pool '%s': require item %ld must be a "
			    "table { assessment = ..., min_k = ... }", c->id, i + 1);
			lua_settop(L, rt);
			continue;
		}
		check_keys(c, e, keys, "a pool requirement", P("require"));
		q->assessment = get_str(c, e, "assessment", 1,
		    P("require", "assessment"));
		char at[300];
		snprintf(at, sizeof(at), "\"%s", q->assessment ? q->assessment : "");
		if (get_num(c, e, "min_k", 0, &q->min_k, P("require", at, "min_k")) &&
		    (q->min_k < 0 || q->min_k > 1))
			verr(c, P("require", at, "min_k"), "pool '%s': min_k %g is "
			    "outside [0, 1], where K lies", c->id, q->min_k);
		q->min_band = get_str(c, e, "min_band", 0,
		    P("require", at, "min_band"));
		get_int(c, e, "within_months", 0, 1, 1200, &q->within_months,
		    P("require", at, "within_months"));
		if (isnan(q->min_k) && !q->min_band)
			verr(c, P("require", at), "pool '%s': require item %ld gives "
			    "neither min_k nor min_band", c->id, i + 1);
		lua_settop(L, rt);
	}
	p->require = v;
	p->n_require = (size_t)n;
out:
	lua_settop(L, t);
}

static void read_pool(struct vctx *c, int t, struct merit_pool *p)
{
	lua_State *L = c->L;
	static const char *const keys[] = { "title", "description", "months",
		"require", "courses", "service_months", "categories", "posts",
		"rule", "grid", NULL };
	p->id = c->id;
	p->src.file = astr(c, c->file);
	p->src.line = c->line;
	check_keys(c, t, keys, "a pool", NOPATH);
	get_i18n(c, t, "title", 0, &p->title, P("title"));
	get_int(c, t, "months", 1, 1, 1200, &p->months, P("months"));
	read_pool_require(c, t, p);
	p->courses = get_str_list(c, t, "courses", "{ \"leadership\" }",
	    &p->n_courses);
	get_int(c, t, "service_months", 0, 0, 1200, &p->service_months,
	    P("service_months"));
	p->categories = get_str_list(c, t, "categories", "{ \"official\" }",
	    &p->n_categories);
	for (size_t i = 0; i < p->n_categories; i++)
		if (strcmp(p->categories[i], "official") &&
		    strcmp(p->categories[i], "operational") &&
		    strcmp(p->categories[i], "auxiliary"))
			verr(c, P("categories"), "pool '%s': category '%s' is not "
			    "one of official, operational, auxiliary", c->id,
			    p->categories[i]);
	get_range(c, t, "posts", 0, &p->post_min, &p->post_max, P("posts"));
	read_grid(c, t, p);
	if (raw_field(L, t, "rule") == LUA_TFUNCTION) {
		/* kept in the registry for merit pool, keyed by the pool's id */
		if (lua_getfield(L, LUA_REGISTRYINDEX, DSL_POOL_RULES) != LUA_TTABLE) {
			lua_pop(L, 1);
			lua_newtable(L);
			lua_pushvalue(L, -1);
			lua_setfield(L, LUA_REGISTRYINDEX, DSL_POOL_RULES);
		}
		lua_pushvalue(L, -2);
		lua_setfield(L, -2, p->id);
		p->has_rule = 1;
	} else if (lua_type(L, -1) != LUA_TNIL) {
		verr(c, P("rule"), "pool '%s': rule must be a function (p) ... "
		    "return ok, reason end", c->id);
	}
	lua_settop(L, t);
}

/* -- the whole set ----------------------------------------------------- */

enum { K_FRAMEWORK, K_COMPETENCY, K_ASSESSMENT, K_REQUIREMENTS, K_COURSE,
	K_POLICY, K_PROFILE, K_POOL, K_N };
static const char *const kind_names[K_N] = { "framework", "competency",
	"assessment", "requirements", "course", "policy", "profile", "pool" };

static int kind_of(const char *s)
{
	for (int i = 0; i < K_N; i++)
		if (!strcmp(kind_names[i], s))
			return i;
	return -1;
}

/* Enter record i of the list at index `list`: sets c's position fields
 * and leaves the body on the stack (or nil). */
static int enter(struct vctx *c, int list, long i, long n)
{
	lua_State *L = c->L;
	lua_rawgeti(L, list, i);
	int r = lua_gettop(L);
	raw_field(L, r, "kind");
	c->kind = lua_tostring(L, -1);
	raw_field(L, r, "id");
	c->id = lua_type(L, -1) == LUA_TSTRING ? astr(c, lua_tostring(L, -1)) : NULL;
	raw_field(L, r, "file");
	c->file = astr(c, lua_tostring(L, -1) ? lua_tostring(L, -1) : "?");
	raw_field(L, r, "line");
	c->line = (int)lua_tointeger(L, -1);
	lua_pop(L, 3);
	c->kind = c->kind ? astr(c, c->kind) : "?";
	lua_pop(L, 1);
	/* the declaration ends where the next one in the same file starts */
	c->end_line = 0;
	if (i < n) {
		lua_rawgeti(L, list, i + 1);
		raw_field(L, lua_gettop(L), "file");
		raw_field(L, lua_gettop(L) - 1, "line");
		if (lua_tostring(L, -2) && !strcmp(lua_tostring(L, -2), c->file))
			c->end_line = (int)lua_tointeger(L, -1) - 1;
		lua_pop(L, 3);
	}
	raw_field(L, r, "body");
	lua_remove(L, r);
	return kind_of(c->kind);
}

struct count {
	size_t n[K_N];
};

static void check_unique(struct vctx *c, const char *kind, const char *id,
    size_t idx, const char *(*id_at)(const void *, size_t),
    const struct merit_source *(*src_at)(const void *, size_t), const void *arr)
{
	for (size_t j = 0; j < idx; j++)
		if (!strcmp(id_at(arr, j), id)) {
			const struct merit_source *s = src_at(arr, j);
			verr(c, NOPATH, "duplicate %s '%s' (first declared at %s:%d)",
			    kind, id, s->file, s->line);
			return;
		}
}

#define ACCESSORS(T)                                                        \
	static const char *T##_id(const void *a, size_t i)                  \
	{                                                                   \
		return ((const struct merit_##T *)a)[i].id;                 \
	}                                                                   \
	static const struct merit_source *T##_src(const void *a, size_t i)  \
	{                                                                   \
		return &((const struct merit_##T *)a)[i].src;               \
	}
ACCESSORS(competency)
ACCESSORS(assessment)
ACCESSORS(requirement)
ACCESSORS(course)
ACCESSORS(policy)
ACCESSORS(profile)
ACCESSORS(pool)

static void at_decl(struct vctx *c, const char *kind, const char *id,
    const struct merit_source *src)
{
	c->file = src->file;
	c->line = src->line;
	c->end_line = 0;
	c->kind = kind;
	c->id = id;
}

/* Floors and profiles name competencies and levels of the framework,
 * which may be declared in another file: checked once all is read. */
static void cross_check_gaps(struct vctx *c)
{
	const struct merit_model *m = c->m;
	const struct merit_framework *fw = m->framework;
	for (size_t i = 0; i < m->n_assessments; i++) {
		const struct merit_assessment *as = &m->assessments[i];
		/* the levels a rating scale names are the framework's */
		for (size_t k = 0; fw && k < as->n_anchors; k++) {
			const struct merit_anchor *an = &as->anchors[k];
			at_decl(c, "assessment", as->id, &as->src);
			const char *buf[MAX_POINT_PATH];
			if (!fw->n_levels)
				verr(c, P("rating_scale"), "assessment '%s': framework "
				    "'%s' has no levels for the rating scale's points "
				    "to evidence", as->id, fw->id);
			else if (an->relation == MERIT_ANCHOR_LEVEL && an->level &&
			    !find_level(fw, an->level))
				verr(c, point_path(buf, (long)k + 1, NULL), "assessment '%s': "
				    "rating scale point %g evidences unknown level "
				    "'%s' (not a level of framework '%s'; or say "
				    "below, meets or above)", as->id, an->point,
				    an->level, fw->id);
			if (!fw->n_levels)
				break;
		}
		for (size_t k = 0; k < as->n_floors; k++)
			if (fw && !model_competency_of(fw, as->floors[k].competency)) {
				at_decl(c, "assessment", as->id, &as->src);
				verr(c, P("floors", as->floors[k].competency),
				    "assessment '%s': floor for unknown competency "
				    "'%s' (not in framework '%s')", as->id,
				    as->floors[k].competency, fw->id);
			}
	}
	for (size_t i = 0; i < m->n_profiles; i++) {
		const struct merit_profile *p = &m->profiles[i];
		at_decl(c, "profile", p->id, &p->src);
		for (size_t j = 0; j < i; j++) {
			const struct merit_profile *q = &m->profiles[j];
			if (p->post_min <= q->post_max && q->post_min <= p->post_max)
				verr(c, P("posts"), "profile '%s' (posts %d-%d) "
				    "overlaps profile '%s' (posts %d-%d) at %s:%d; "
				    "each post needs at most one", p->id, p->post_min,
				    p->post_max, q->id, q->post_min, q->post_max,
				    q->src.file, q->src.line);
		}
		for (size_t k = 0; k < p->n_entries; k++) {
			struct merit_profile_entry *e =
			    (struct merit_profile_entry *)&p->entries[k];
			if (!fw)
				continue;
			const struct merit_competency *cp =
			    model_competency_of(fw, e->competency);
			if (!cp) {
				verr(c, P("require", e->competency), "profile '%s' "
				    "requires unknown competency '%s' (not in "
				    "framework '%s')", p->id, e->competency, fw->id);
				continue;
			}
			if (e->level) {
				const struct merit_level *lv = find_level(fw, e->level);
				if (!lv)
					verr(c, P("require", e->competency), "profile "
					    "'%s': unknown level '%s' for %s", p->id,
					    e->level, e->competency);
				else
					e->required = lv->index + 1;
			} else if (fw->n_levels && e->required > (double)fw->n_levels) {
				verr(c, P("require", e->competency), "profile '%s': "
				    "required level %g of %s is above the framework's "
				    "%zu levels", p->id, e->required, e->competency,
				    fw->n_levels);
			}
		}
	}
}

/* Pools name assessment types, their bands and courses, which may be
 * declared in other files: checked once all is read. */
static void cross_check_pools(struct vctx *c)
{
	const struct merit_model *m = c->m;
	for (size_t i = 0; i < m->n_pools; i++) {
		const struct merit_pool *p = &m->pools[i];
		at_decl(c, "pool", p->id, &p->src);
		for (size_t k = 0; k < p->n_require; k++) {
			const struct merit_pool_require *q = &p->require[k];
			if (!q->assessment)
				continue;
			char at[300];
			snprintf(at, sizeof(at), "\"%s", q->assessment);
			const struct merit_assessment *as = NULL;
			for (size_t j = 0; j < m->n_assessments; j++)
				if (!strcmp(m->assessments[j].id, q->assessment))
					as = &m->assessments[j];
			if (!as) {
				verr(c, P("require", at), "pool '%s' requires unknown "
				    "assessment type '%s' (declare it with assessment "
				    "\"%s\" { ... })", p->id, q->assessment,
				    q->assessment);
				continue;
			}
			size_t b;
			for (b = 0; q->min_band && b < as->n_bands; b++)
				if (!strcmp(as->bands[b].label, q->min_band))
					break;
			if (q->min_band && b == as->n_bands)
				verr(c, P("require", at, "min_band"), "pool '%s': "
				    "min_band '%s' is not a band of assessment '%s'",
				    p->id, q->min_band, q->assessment);
		}
		for (size_t k = 0; k < p->n_courses; k++) {
			size_t j;
			for (j = 0; j < m->n_courses; j++)
				if (!strcmp(m->courses[j].id, p->courses[k]))
					break;
			if (j == m->n_courses) {
				char q[300];
				snprintf(q, sizeof(q), "\"%s", p->courses[k]);
				verr(c, P("courses", q), "pool '%s' requires unknown "
				    "course '%s' (declare it with course \"%s\" "
				    "{ ... })", p->id, p->courses[k], p->courses[k]);
			}
		}
		const struct merit_pool_measure *axes[2] = { &p->performance,
			&p->potential };
		static const char *const axis[2] = { "performance", "potential" };
		for (int a = 0; p->has_grid && a < 2; a++) {
			size_t j;
			for (j = 0; j < m->n_assessments; j++)
				if (!strcmp(m->assessments[j].id, axes[a]->assessment))
					break;
			if (j == m->n_assessments)
				verr(c, P("grid", axis[a], "assessment"), "pool '%s': "
				    "grid.%s names unknown assessment type '%s'",
				    p->id, axis[a], axes[a]->assessment);
			else if (axes[a]->element < MERIT_ELEMENTS &&
			    !m->assessments[j].element[axes[a]->element].used)
				verr(c, P("grid", axis[a], "element"), "pool '%s': "
				    "assessment '%s' does not measure %s", p->id,
				    axes[a]->assessment,
				    element_names[axes[a]->element]);
		}
	}
}

static void cross_check(struct vctx *c)
{
	const struct merit_model *m = c->m;
	cross_check_gaps(c);
	cross_check_pools(c);
	cross_check_policies(c);
	/* requirements: post ranges must not overlap */
	for (size_t i = 0; i < m->n_requirements; i++) {
		const struct merit_requirement *r = &m->requirements[i];
		for (size_t j = 0; j < i; j++) {
			const struct merit_requirement *q = &m->requirements[j];
			if (r->post_min && q->post_min && r->post_min <= q->post_max &&
			    q->post_min <= r->post_max) {
				c->file = r->src.file;
				c->line = r->src.line;
				c->end_line = 0;
				c->kind = "requirements";
				c->id = r->id;
				verr(c, P("posts"), "requirements '%s' (posts %d-%d) "
				    "overlap requirements '%s' (posts %d-%d) at %s:%d; "
				    "each post needs exactly one", r->id, r->post_min,
				    r->post_max, q->id, q->post_min, q->post_max,
				    q->src.file, q->src.line);
			}
		}
	}
	/* courses: what they develop must exist in the framework */
	const struct merit_framework *fw = m->framework;
	for (size_t i = 0; fw && i < m->n_courses; i++) {
		const struct merit_course *co = &m->courses[i];
		for (size_t k = 0; k < co->n_develops; k++) {
			const struct merit_course_target *tg = &co->develops[k];
			c->file = co->src.file;
			c->line = co->src.line;
			c->end_line = 0;
			c->kind = "course";
			c->id = co->id;
			size_t j;
			for (j = 0; j < fw->n_competencies; j++)
				if (!strcmp(fw->competencies[j].id, tg->competency))
					break;
			if (j == fw->n_competencies)
				verr(c, P("develops", tg->competency), "course '%s' "
				    "develops unknown competency '%s' (not in framework "
				    "'%s')", co->id, tg->competency, fw->id);
			else if (tg->level && !find_level(fw, tg->level))
				verr(c, P("develops", tg->competency), "course '%s': "
				    "unknown level '%s' for '%s'", co->id, tg->level,
				    tg->competency);
		}
	}
}

static int validate_main(lua_State *L)
{
	struct vctx *c = lua_touserdata(L, 1);
	struct merit_model *m = c->m;
	lua_settop(L, 0);
	if (lua_getfield(L, LUA_REGISTRYINDEX, DSL_RECORDS) != LUA_TTABLE) {
		lua_pop(L, 1);
		lua_newtable(L);
	}
	int list = lua_gettop(L);
	long n = (long)lua_rawlen(L, list);

	/* count per kind, then read into arrays sized once */
	struct count cnt = { { 0 } };
	for (long i = 1; i <= n; i++) {
		int k = enter(c, list, i, n);
		if (k >= 0)
			cnt.n[k]++;
		lua_pop(L, 1);
	}
	struct merit_competency *comps = aalloc(c,
	    cnt.n[K_COMPETENCY] * sizeof(*comps));
	struct merit_assessment *ass = aalloc(c,
	    cnt.n[K_ASSESSMENT] * sizeof(*ass));
	struct merit_requirement *reqs = aalloc(c,
	    cnt.n[K_REQUIREMENTS] * sizeof(*reqs));
	struct merit_course *courses = aalloc(c, cnt.n[K_COURSE] * sizeof(*courses));
	struct merit_policy *pols = aalloc(c, cnt.n[K_POLICY] * sizeof(*pols));
	struct merit_profile *profs = aalloc(c,
	    cnt.n[K_PROFILE] * sizeof(*profs));
	struct merit_pool *pools = aalloc(c, cnt.n[K_POOL] * sizeof(*pools));
	size_t nc = 0, na = 0, nr = 0, nco = 0, np = 0, npr = 0, npo = 0;

	for (long i = 1; i <= n; i++) {
		int k = enter(c, list, i, n);
		int body = lua_gettop(L);
		if (k < 0 || lua_type(L, body) != LUA_TTABLE) {
			verr(c, NOPATH, "%s \"%s\" has no body; write %s \"%s\" "
			    "{ ... }", c->kind, c->id ? c->id : "?", c->kind,
			    c->id ? c->id : "?");
			lua_pop(L, 1);
			continue;
		}
		if (k != K_FRAMEWORK && !valid_id(c->id))
			verr(c, NOPATH, "%s id '%s' may hold only letters, digits, "
			    "'-', '_' and '.'", c->kind, c->id);
		switch (k) {
		case K_FRAMEWORK:
			read_framework(c, body);
			break;
		case K_COMPETENCY:
			check_unique(c, "competency", c->id, nc, competency_id,
			    competency_src, comps);
			read_competency(c, body, &comps[nc++]);
			break;
		case K_ASSESSMENT:
			check_unique(c, "assessment", c->id, na, assessment_id,
			    assessment_src, ass);
			read_assessment(c, body, &ass[na++]);
			break;
		case K_REQUIREMENTS:
			check_unique(c, "requirements", c->id, nr, requirement_id,
			    requirement_src, reqs);
			read_requirements(c, body, &reqs[nr++]);
			break;
		case K_COURSE:
			check_unique(c, "course", c->id, nco, course_id, course_src,
			    courses);
			read_course(c, body, &courses[nco++]);
			break;
		case K_POLICY:
			check_unique(c, "policy", c->id, np, policy_id, policy_src,
			    pols);
			read_policy(c, body, &pols[np++]);
			break;
		case K_PROFILE:
			check_unique(c, "profile", c->id, npr, profile_id,
			    profile_src, profs);
			read_profile(c, body, &profs[npr++]);
			break;
		case K_POOL:
			check_unique(c, "pool", c->id, npo, pool_id, pool_src,
			    pools);
			read_pool(c, body, &pools[npo++]);
			break;
		}
		lua_settop(L, list);
	}
	if (c->fw) {
		c->fw->n_competencies = nc;
		c->fw->competencies = comps;
	}
	m->framework = c->fw;
	m->n_assessments = na;
	m->assessments = ass;
	m->n_requirements = nr;
	m->requirements = reqs;
	m->n_courses = nco;
	m->courses = courses;
	m->n_policies = np;
	m->policies = pols;
	m->n_profiles = npr;
	m->profiles = profs;
	m->n_pools = npo;
	m->pools = pools;
	cross_check(c);
	return 0;
}

int model_validate(lua_State *L, struct arena *a,
    const struct source_text *srcs, size_t nsrc,
    const struct validate_opts *opts, struct merit_model *m, struct diag *d)
{
	struct vctx c = { .L = L, .a = a, .d = d, .srcs = srcs, .nsrc = nsrc,
		.o = opts, .m = m };
	size_t before = d->n;
	/* Protected: the Lua API may raise a memory error, and everything
	 * built so far lives in the arena, so nothing leaks if it does. */
	lua_pushcfunction(L, validate_main);
	lua_pushlightuserdata(L, &c);
	if (lua_pcall(L, 1, 0, 0) != LUA_OK) {
		lua_pop(L, 1);
		diag_add(d, NULL, 0, 0, "out of memory while validating the model");
		return MERIT_ENOMEM;
	}
	if (c.truncated)
		diag_add(d, NULL, 0, 0, "(more findings not shown: fix these "
		    "first)");
	return d->n > before ? MERIT_EMODEL : 0;
}
