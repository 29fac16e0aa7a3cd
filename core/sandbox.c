#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <lauxlib.h>
#include <lualib.h>
#include "merit/error.h"
#include "sandbox.h"
#include "sandbox_lib.h"

#define HOOK_EVERY 1000 /* instructions between budget checks */
#define PCALL_COST 1000 /* instructions a protected call is charged */
#define KILL_HEADROOM (1u << 20) /* memory allowed past the cap to unwind */

/* The sandbox lives in the state's extra space so every hook and C
 * function can reach it from any thread (coroutine) of the state. */
static struct sandbox *sb_of(lua_State *L)
{
	return *(struct sandbox **)lua_getextraspace(L);
}

static void kill_sandbox(struct sandbox *sb, const char *fmt, const char *what)
{
	if (sb->killed)
		return;
	sb->killed = 1;
	snprintf(sb->reason, sizeof(sb->reason), fmt,
	    sb->last_where[0] ? sb->last_where : "(script)", what);
}

static void *sb_alloc(void *ud, void *ptr, size_t osize, size_t nsize)
{
	struct sandbox *sb = ud;
	if (!ptr)
		osize = 0;
	if (nsize == 0) {
		free(ptr);
		sb->mem_used -= osize;
		return NULL;
	}
	size_t cap = sb->killed ? sb->mem_cap + KILL_HEADROOM : sb->mem_cap;
	if (nsize > osize && sb->mem_used - osize + nsize > cap) {
		char what[64];
		snprintf(what, sizeof(what), "%zu MiB", sb->mem_cap >> 20);
		kill_sandbox(sb, "%s: script stopped: memory cap of %s exceeded",
		    what);
		return NULL;
	}
	void *p = realloc(ptr, nsize);
	if (p)
		sb->mem_used = sb->mem_used - osize + nsize;
	return p;
}

static void note_where(lua_State *L, struct sandbox *sb)
{
	lua_Debug ar;
	if (lua_getstack(L, 0, &ar) && lua_getinfo(L, "Sl", &ar) &&
	    ar.currentline > 0)
		snprintf(sb->last_where, sizeof(sb->last_where), "%s:%d",
		    ar.source[0] == '@' ? ar.source + 1 : ar.short_src,
		    ar.currentline);
}

/* Has the watchdog seen this run's deadline pass? Then kill. */
static void check_clock(struct sandbox *sb)
{
	if (sb->killed || !atomic_load(&sb->watchdog.expired))
		return;
	char what[64];
	snprintf(what, sizeof(what), "%g s", (double)sb->time_limit_ms / 1000);
	kill_sandbox(sb, "%s: script stopped: time limit of %s exceeded (an "
	    "endless loop, or string and table work on too much data?)", what);
}

static void count_hook(lua_State *L, lua_Debug *ar)
{
	(void)ar;
	struct sandbox *sb = sb_of(L);
	note_where(L, sb);
	sb->used += HOOK_EVERY;
	if (!sb->killed && sb->used > sb->budget) {
		char what[64];
		snprintf(what, sizeof(what), "%llu", (unsigned long long)sb->budget);
		kill_sandbox(sb,
		    "%s: script stopped: instruction budget of %s exceeded "
		    "(an endless loop?)", what);
	}
	check_clock(sb);
	if (sb->killed) {
		/* Check at every instruction from now on, so that a pcall
		 * that swallowed the error gets nowhere. */
		lua_sethook(L, count_hook, LUA_MASKCOUNT, 1);
		lua_pushstring(L, sb->reason);
		lua_error(L);
	}
}

/* -- strict globals ---------------------------------------------------- */

static const char *const forbidden[] = {
	"io", "os", "package", "require", "debug", "load", "loadfile",
	"dofile", "loadstring", "collectgarbage", "print", "rawset", "module",
	"setfenv", "getfenv", "newproxy", NULL
};

static int env_index(lua_State *L)
{
	const char *k = lua_tostring(L, 2);
	lua_pushvalue(L, 2);
	if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL)
		return 1;
	if (!k)
		return 0;
	for (int i = 0; forbidden[i]; i++)
		if (!strcmp(forbidden[i], k))
			return luaL_error(L,
			    "'%s' is not available in model scripts: they declare "
			    "models and cannot reach files, processes or modules", k);
	return luaL_error(L, "unknown name '%s' (a typo? declarations are "
	    "framework, competency, assessment, requirements, course, policy)", k);
}

static int env_newindex(lua_State *L)
{
	lua_pushvalue(L, 2);
	if (lua_rawget(L, lua_upvalueindex(1)) != LUA_TNIL)
		return luaL_error(L, "cannot redefine built-in '%s'",
		    lua_tostring(L, 2) ? lua_tostring(L, 2) : "?");
	lua_settop(L, 3);
	lua_rawset(L, 1);
	return 0;
}

/* -- bounded library functions ----------------------------------------- */

/* Does msg already start with "chunk:line:"? */
static int has_position(const char *msg)
{
	const char *c = strchr(msg, ':');
	if (!c || c == msg || !(c[1] >= '0' && c[1] <= '9'))
		return 0;
	for (c++; *c >= '0' && *c <= '9'; c++)
		;
	return *c == ':';
}

/* Its errors are re-raised with the script's file:line, which a C
 * function called from C would otherwise lack. */
int sandbox_call_original(lua_State *L)
{
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	if (lua_pcall(L, lua_gettop(L) - 1, LUA_MULTRET, 0) != LUA_OK) {
		if (!sb_of(L)->killed && lua_type(L, -1) == LUA_TSTRING &&
		    !has_position(lua_tostring(L, -1))) {
			luaL_where(L, 1);
			lua_insert(L, -2);
			lua_concat(L, 2);
		}
		return lua_error(L);
	}
	return lua_gettop(L);
}

static int safe_setmetatable(lua_State *L)
{
	if (lua_type(L, 2) == LUA_TTABLE) {
		lua_pushliteral(L, "__gc");
		if (lua_rawget(L, 2) != LUA_TNIL)
			return luaL_error(L, "finalizers (__gc) are not allowed "
			    "in model scripts");
		lua_pop(L, 1);
	}
	return sandbox_call_original(L);
}

/* error(value): remember where a non-string error object was raised,
 * since no message can say (the host never runs its __tostring). */
static int safe_error(lua_State *L)
{
	if (lua_type(L, 1) != LUA_TSTRING && lua_type(L, 1) != LUA_TNUMBER) {
		lua_Debug ar;
		struct sandbox *sb = sb_of(L);
		if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "Sl", &ar) &&
		    ar.currentline > 0)
			snprintf(sb->last_where, sizeof(sb->last_where), "%s:%d",
			    ar.source[0] == '@' ? ar.source + 1 : ar.short_src,
			    ar.currentline);
	}
	/* error() itself, not call_original, so the value passes through
	 * untouched; a level counts from the script, one frame further out
	 * than this wrapper */
	if (lua_type(L, 1) == LUA_TSTRING) {
		lua_Integer level = luaL_optinteger(L, 2, 1);
		lua_settop(L, 1);
		lua_pushinteger(L, level > 0 ? level + 1 : level);
	}
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, 0);
	return 0;
}

/* The message handler given to xpcall, guarded: once the sandbox is
 * killed the handler is not run. (The kill is raised inside the count
 * hook, where Lua disables hooks, so a looping handler could not be
 * stopped.) */
static int guarded_handler(lua_State *L)
{
	if (sb_of(L)->killed)
		return 1; /* the message as it is */
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
	return lua_gettop(L);
}

/* Where the Lua code that called the running C function is. */
static void note_caller(lua_State *L, struct sandbox *sb)
{
	lua_Debug ar;
	if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "Sl", &ar) &&
	    ar.currentline > 0)
		snprintf(sb->last_where, sizeof(sb->last_where), "%s:%d",
		    ar.source[0] == '@' ? ar.source + 1 : ar.short_src,
		    ar.currentline);
}

void sandbox_charge(lua_State *L, uint64_t instructions, const char *fname)
{
	struct sandbox *sb = sb_of(L);
	sb->used = instructions > UINT64_MAX - sb->used ? UINT64_MAX :
	    sb->used + instructions;
	if (!sb->killed && (sb->used > sb->budget ||
	    atomic_load(&sb->watchdog.expired)))
		note_caller(L, sb); /* the hook may not have run in a while */
	if (!sb->killed && sb->used > sb->budget) {
		char what[192];
		snprintf(what, sizeof(what), "%llu exceeded in %s (library "
		    "functions count the data they work through)",
		    (unsigned long long)sb->budget, fname);
		kill_sandbox(sb, "%s: script stopped: instruction budget of %s",
		    what);
	}
	check_clock(sb);
	if (sb->killed) {
		/* uncatchable, as from the count hook */
		lua_sethook(L, count_hook, LUA_MASKCOUNT, 1);
		lua_pushstring(L, sb->reason);
		lua_error(L);
	}
}

/* A protected call is charged PCALL_COST instructions: unwinding an
 * error is C work the count hook never sees, and a loop of failing
 * pcalls would otherwise run for seconds under a budget meant for
 * milliseconds. */
static void charge_pcall(lua_State *L)
{
	struct sandbox *sb = sb_of(L);
	if (!sb->killed && sb->used + PCALL_COST > sb->budget) {
		/* the message of an endless loop, which this is */
		char what[64];
		snprintf(what, sizeof(what), "%llu", (unsigned long long)sb->budget);
		note_where(L, sb);
		kill_sandbox(sb, "%s: script stopped: instruction budget of %s "
		    "exceeded (an endless loop?)", what);
	}
	sandbox_charge(L, PCALL_COST, "pcall");
}

static int safe_pcall(lua_State *L)
{
	luaL_checkany(L, 1);
	charge_pcall(L);
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
	return lua_gettop(L);
}

static int safe_xpcall(lua_State *L)
{
	luaL_checktype(L, 2, LUA_TFUNCTION);
	charge_pcall(L);
	lua_pushvalue(L, 2);
	lua_pushcclosure(L, guarded_handler, 1);
	lua_replace(L, 2);
	/* a direct call: xpcall returns false, it does not raise */
	lua_pushvalue(L, lua_upvalueindex(1));
	lua_insert(L, 1);
	lua_call(L, lua_gettop(L) - 1, LUA_MULTRET);
	return lua_gettop(L);
}

static int safe_randomseed(lua_State *L)
{
	if (lua_gettop(L) == 0)
		return luaL_error(L, "math.randomseed needs a seed: model "
		    "scripts must be deterministic");
	return sandbox_call_original(L);
}

static int read_only(lua_State *L)
{
	return luaL_error(L, "library tables are read-only in model scripts "
	    "(assigning %s)", lua_tostring(L, 2) ? lua_tostring(L, 2) : "a key");
}

/* Copy the allowed functions of library `lib` (already opened) into a new
 * table, wrapping those listed in `wrap`. */
static void copy_lib(lua_State *L, int builtins, const char *lib,
    const char *const *allowed, const struct sandbox_wrap *wrap)
{
	lua_getglobal(L, lib);
	int src = lua_gettop(L);
	lua_newtable(L);
	for (int i = 0; allowed[i]; i++) {
		lua_getfield(L, src, allowed[i]);
		for (const struct sandbox_wrap *w = wrap; w && w->name; w++)
			if (!strcmp(w->name, allowed[i]))
				lua_pushcclosure(L, w->fn, 1);
		lua_setfield(L, -2, allowed[i]);
	}
	/* Scripts see an empty proxy, so that one file cannot change
	 * string.upper (say) under the next. */
	lua_newtable(L); /* the proxy */
	lua_insert(L, -2);
	lua_newtable(L); /* its metatable */
	lua_insert(L, -2);
	lua_setfield(L, -2, "__index");
	lua_pushcfunction(L, read_only);
	lua_setfield(L, -2, "__newindex");
	lua_pushliteral(L, "locked");
	lua_setfield(L, -2, "__metatable");
	lua_setmetatable(L, -2);
	lua_setfield(L, builtins, lib);
	lua_pop(L, 1);
}

static int setup(lua_State *L)
{
	struct sandbox *sb = lua_touserdata(L, 1);
	*(struct sandbox **)lua_getextraspace(L) = sb;
	luaL_openlibs(L); /* into the real globals, which scripts never see */

	/* deterministic random numbers */
	lua_getglobal(L, "math");
	lua_getfield(L, -1, "randomseed");
	lua_pushinteger(L, 20190424);
	lua_call(L, 1, 0);
	lua_pop(L, 1);

	lua_newtable(L); /* builtins */
	int b = lua_gettop(L);
	static const char *const base[] = { "assert", "ipairs", "next",
		"pairs", "select", "tonumber", "tostring", "type",
		"getmetatable", "rawequal", "rawget", "rawlen",
		"_VERSION", NULL };
	for (int i = 0; base[i]; i++) {
		lua_getglobal(L, base[i]);
		lua_setfield(L, b, base[i]);
	}
	static const struct sandbox_wrap base_wrap[] = { { "setmetatable",
		safe_setmetatable }, { "error", safe_error },
		{ "xpcall", safe_xpcall }, { "pcall", safe_pcall },
		{ NULL, NULL } };
	for (const struct sandbox_wrap *w = base_wrap; w->name; w++) {
		lua_getglobal(L, w->name);
		lua_pushcclosure(L, w->fn, 1);
		lua_setfield(L, b, w->name);
	}

	static const char *const str[] = { "byte", "char", "find", "format",
		"gmatch", "gsub", "len", "lower", "match", "rep", "reverse",
		"sub", "upper", NULL };
	copy_lib(L, b, "string", str, sandbox_string_wraps);
	static const char *const tab[] = { "concat", "insert", "move", "pack",
		"remove", "sort", "unpack", NULL };
	copy_lib(L, b, "table", tab, sandbox_table_wraps);
	static const char *const math[] = { "abs", "ceil", "cos", "exp",
		"floor", "fmod", "huge", "log", "max", "maxinteger", "min",
		"mininteger", "modf", "pi", "random", "randomseed", "sin", "sqrt",
		"tan", "tointeger", "type", "ult", "atan", "asin", "acos", NULL };
	static const struct sandbox_wrap math_wrap[] = {
		{ "randomseed", safe_randomseed }, { NULL, NULL } };
	copy_lib(L, b, "math", math, math_wrap);
	static const char *const utf8[] = { "char", "charpattern", "codepoint",
		"codes", "len", "offset", NULL };
	copy_lib(L, b, "utf8", utf8, sandbox_utf8_wraps);
	static const char *const co[] = { "close", "create", "isyieldable",
		"resume", "running", "status", "wrap", "yield", NULL };
	copy_lib(L, b, "coroutine", co, NULL);

	/* Strings index the sandbox's string table; the metatable is hidden
	 * so scripts can neither read nor replace it. */
	lua_pushliteral(L, "");
	lua_getmetatable(L, -1);
	lua_getfield(L, b, "string");
	lua_setfield(L, -2, "__index");
	lua_pushboolean(L, 0);
	lua_setfield(L, -2, "__metatable");
	lua_pop(L, 2);

	/* the scripts' global table */
	lua_newtable(L);
	lua_newtable(L); /* its metatable */
	lua_pushvalue(L, b);
	lua_pushcclosure(L, env_index, 1);
	lua_setfield(L, -2, "__index");
	lua_pushvalue(L, b);
	lua_pushcclosure(L, env_newindex, 1);
	lua_setfield(L, -2, "__newindex");
	lua_pushliteral(L, "locked");
	lua_setfield(L, -2, "__metatable");
	lua_setmetatable(L, -2);
	lua_pushvalue(L, -1);
	lua_setfield(L, LUA_REGISTRYINDEX, "merit.env");
	lua_pushvalue(L, b);
	lua_setfield(L, LUA_REGISTRYINDEX, "merit.builtins");
	return 0;
}

int sandbox_open(struct sandbox *sb, size_t mem_cap, uint64_t budget)
{
	memset(sb, 0, sizeof(*sb));
	sb->mem_cap = mem_cap ? mem_cap : SANDBOX_DEFAULT_MEMORY;
	sb->budget = budget ? budget : SANDBOX_DEFAULT_INSTRUCTIONS;
	sb->time_limit_ms = SANDBOX_DEFAULT_SECONDS * 1000u;
	if (watchdog_start(&sb->watchdog))
		return MERIT_ENOMEM;
	sb->L = lua_newstate(sb_alloc, sb);
	if (!sb->L) {
		watchdog_stop(&sb->watchdog);
		return MERIT_ENOMEM;
	}
	/* Setting up can itself run out of memory: do it protected. */
	lua_pushcfunction(sb->L, setup);
	lua_pushlightuserdata(sb->L, sb);
	if (lua_pcall(sb->L, 1, 0, 0) != LUA_OK) {
		lua_close(sb->L);
		sb->L = NULL;
		watchdog_stop(&sb->watchdog);
		return MERIT_ENOMEM;
	}
	lua_sethook(sb->L, count_hook, LUA_MASKCOUNT, HOOK_EVERY);
	return 0;
}

int sandbox_revive(struct sandbox *sb)
{
	if (!sb->killed)
		return 0;
	sb->killed = 0;
	sb->reason[0] = 0;
	lua_sethook(sb->L, count_hook, LUA_MASKCOUNT, HOOK_EVERY);
	/* what the stopped call built is garbage now that it has unwound */
	lua_gc(sb->L, LUA_GCCOLLECT);
	if (sb->killed || sb->mem_used > sb->mem_cap / 2) {
		/* the scripts themselves still hold the memory: stay dead */
		if (!sb->killed)
			kill_sandbox(sb, "%s: script stopped: %s still held after a "
			    "call was stopped", "memory");
		return MERIT_ESCRIPT;
	}
	return 0;
}

void sandbox_close(struct sandbox *sb)
{
	if (sb->L) {
		lua_close(sb->L);
		watchdog_stop(&sb->watchdog);
	}
	sb->L = NULL;
}

struct builtin {
	const char *name;
	lua_CFunction fn;
	void *upvalue;
};

static int builtin_setter(lua_State *L)
{
	const struct builtin *bi = lua_touserdata(L, 1);
	lua_getfield(L, LUA_REGISTRYINDEX, "merit.builtins");
	lua_pushlightuserdata(L, bi->upvalue);
	lua_pushcclosure(L, bi->fn, 1);
	lua_setfield(L, -2, bi->name);
	return 0;
}

void sandbox_builtin(struct sandbox *sb, const char *name, lua_CFunction fn,
    void *upvalue)
{
	struct builtin bi = { name, fn, upvalue };
	lua_pushcfunction(sb->L, builtin_setter);
	lua_pushlightuserdata(sb->L, &bi);
	if (lua_pcall(sb->L, 1, 0, 0) != LUA_OK)
		lua_pop(sb->L, 1);
}

/* Turn a failed call's error into text without running any of the
 * script's code (an error object's __tostring could loop or throw). */
static void describe_error(struct sandbox *sb, int status, char *err,
    size_t errlen)
{
	lua_State *L = sb->L;
	if (sb->killed) {
		snprintf(err, errlen, "%s", sb->reason);
	} else if (status == LUA_ERRMEM) {
		snprintf(err, errlen, "%s: script stopped: out of memory",
		    sb->last_where[0] ? sb->last_where : "(script)");
	} else if (lua_type(L, -1) == LUA_TSTRING) {
		snprintf(err, errlen, "%s", lua_tostring(L, -1));
	} else {
		snprintf(err, errlen, "%s: script raised an error object "
		    "(a %s value) instead of a message; raise a string",
		    sb->last_where[0] ? sb->last_where : "(script)",
		    luaL_typename(L, -1));
	}
	lua_pop(L, 1);
}

int sandbox_pcall(struct sandbox *sb, int nargs, int nresults, char *err,
    size_t errlen)
{
	if (sb->killed) {
		lua_pop(sb->L, nargs + 1);
		snprintf(err, errlen, "%s", sb->reason);
		return MERIT_ESCRIPT;
	}
	int base = lua_gettop(sb->L) - nargs - 1;
	/* the outermost call sets the deadline; calls within it share it */
	if (!sb->depth++)
		watchdog_arm(&sb->watchdog, sb->time_limit_ms);
	int status = lua_pcall(sb->L, nargs, nresults, 0);
	if (!--sb->depth)
		watchdog_disarm(&sb->watchdog);
	if (status == LUA_OK && !sb->killed)
		return 0;
	if (status == LUA_OK) {
		/* Killed, the error swallowed by a pcall, and the script
		 * ended before the hook struck again: still a failure. */
		lua_settop(sb->L, base);
		lua_pushnil(sb->L);
	}
	describe_error(sb, status, err, errlen);
	return MERIT_ESCRIPT;
}

int sandbox_run(struct sandbox *sb, const char *chunkname, const char *buf,
    size_t len, char *err, size_t errlen)
{
	lua_State *L = sb->L;
	char name[1024];
	if (sb->killed) {
		snprintf(err, errlen, "%s", sb->reason);
		return MERIT_ESCRIPT;
	}
	snprintf(name, sizeof(name), "@%s", chunkname);
	snprintf(sb->last_where, sizeof(sb->last_where), "%s", chunkname);
	/* Text only: precompiled bytecode can crash the VM. */
	int status = luaL_loadbufferx(L, buf, len, name, "t");
	if (status != LUA_OK) {
		if (status == LUA_ERRSYNTAX && lua_type(L, -1) == LUA_TSTRING &&
		    strstr(lua_tostring(L, -1), "attempt to load a binary chunk")) {
			lua_pop(L, 1);
			snprintf(err, errlen, "%s: precompiled Lua (bytecode) is "
			    "not accepted; give the source text", chunkname);
			return MERIT_ESCRIPT;
		}
		describe_error(sb, status, err, errlen);
		return MERIT_ESCRIPT;
	}
	lua_getfield(L, LUA_REGISTRYINDEX, "merit.env");
	if (!lua_setupvalue(L, -2, 1))
		lua_pop(L, 1);
	return sandbox_pcall(sb, 0, 0, err, errlen);
}
