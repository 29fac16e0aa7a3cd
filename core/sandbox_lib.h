/* The string, table and utf8 functions of the sandbox, bounded: each
 * call is charged to the instruction budget for the bytes and elements
 * it may work through, estimated from its arguments before it runs, and
 * refused when one call could run for too long. */
#ifndef MERIT_SANDBOX_LIB_H
#define MERIT_SANDBOX_LIB_H

#include <stdint.h>
#include <lua.h>

/* A library function replaced by a wrapper, which finds the original in
 * its upvalue 1. */
struct sandbox_wrap {
	const char *name;
	lua_CFunction fn;
};

extern const struct sandbox_wrap sandbox_string_wraps[];
extern const struct sandbox_wrap sandbox_table_wraps[];
extern const struct sandbox_wrap sandbox_utf8_wraps[];

/* Call the wrapped function (upvalue 1) with this call's arguments. */
int sandbox_call_original(lua_State *L);

/* Add `instructions` to the running call's count; past the budget (or
 * the time limit) the script is killed, uncatchably. `fname` names the
 * library function in the message. */
void sandbox_charge(lua_State *L, uint64_t instructions, const char *fname);

#endif
