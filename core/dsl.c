#include <string.h>
#include <lauxlib.h>
#include "dsl.h"

/* Upvalues of a named declaration's second half: kind, id, record. */
static int declare_body(lua_State *L)
{
	const char *kind = lua_tostring(L, lua_upvalueindex(1));
	const char *id = lua_tostring(L, lua_upvalueindex(2));
	if (lua_type(L, 1) != LUA_TTABLE || lua_gettop(L) != 1)
		return luaL_error(L, "%s \"%s\" expects a table: %s \"%s\" { ... }",
		    kind, id, kind, id);
	lua_pushvalue(L, 1);
	lua_setfield(L, lua_upvalueindex(3), "body");
	return 0;
}

/* Append a record {kind, id, file, line} for the caller and leave it on
 * the stack. */
static void new_record(lua_State *L, const char *kind, int id_arg)
{
	lua_Debug ar;
	const char *file = "?";
	int line = 0;
	if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "Sl", &ar)) {
		/* the full path: short_src is cut at 60 characters */
		file = ar.source[0] == '@' ? ar.source + 1 : ar.short_src;
		line = ar.currentline;
	}
	lua_getfield(L, LUA_REGISTRYINDEX, DSL_RECORDS);
	if (lua_isnil(L, -1)) {
		lua_pop(L, 1);
		lua_newtable(L);
		lua_pushvalue(L, -1);
		lua_setfield(L, LUA_REGISTRYINDEX, DSL_RECORDS);
	}
	lua_Integer n = (lua_Integer)lua_rawlen(L, -1);
	lua_createtable(L, 0, 5);
	lua_pushstring(L, kind);
	lua_setfield(L, -2, "kind");
	if (id_arg) {
		lua_pushvalue(L, id_arg);
		lua_setfield(L, -2, "id");
	}
	lua_pushstring(L, file);
	lua_setfield(L, -2, "file");
	lua_pushinteger(L, line);
	lua_setfield(L, -2, "line");
	lua_pushvalue(L, -1);
	lua_rawseti(L, -3, n + 1);
	lua_remove(L, -2);
}

static int declare(lua_State *L)
{
	const char *kind = lua_touserdata(L, lua_upvalueindex(1));
	if (!strcmp(kind, "framework")) {
		if (lua_type(L, 1) != LUA_TTABLE || lua_gettop(L) != 1)
			return luaL_error(L, "framework expects a table: "
			    "framework { id = \"...\", ... }");
		new_record(L, kind, 0);
		lua_pushvalue(L, 1);
		lua_setfield(L, -2, "body");
		return 0;
	}
	if (lua_type(L, 1) != LUA_TSTRING || lua_gettop(L) != 1)
		return luaL_error(L, "%s needs an id first: %s \"id\" { ... }",
		    kind, kind);
	new_record(L, kind, 1);
	lua_pushstring(L, kind);
	lua_pushvalue(L, 1);
	lua_pushvalue(L, -3);
	lua_pushcclosure(L, declare_body, 3);
	return 1;
}

void dsl_install(struct sandbox *sb)
{
	static const char *const kinds[] = { "framework", "competency",
		"assessment", "requirements", "course", "policy", "profile", "pool",
		NULL };
	for (int i = 0; kinds[i]; i++)
		sandbox_builtin(sb, kinds[i], declare, (void *)kinds[i]);
}
