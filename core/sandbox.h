/* The Lua sandbox in which methodologists' scripts run.
 *
 * Built from an allow-list: no io, os, package, require, debug, load,
 * dofile, string.dump, collectgarbage or print; text chunks only;
 * deterministic math.random; finalizers refused; strict globals. Every run
 * has an instruction budget, to which the library's C functions are
 * charged for the bytes and elements they work through (and refused when
 * one call could run too long), a wall-clock time limit kept by a
 * watchdog thread, and the state a memory cap. A script that exhausts any
 * of them is killed: the error cannot be caught by pcall (the count hook
 * keeps raising it), and a killed sandbox refuses to run anything again
 * until the caller closes it or, between two persons, revives it.
 */
#ifndef MERIT_SANDBOX_H
#define MERIT_SANDBOX_H

#include <stddef.h>
#include <stdint.h>
#include <lua.h>
#include "watchdog.h"

#define SANDBOX_DEFAULT_MEMORY (64u << 20)
#define SANDBOX_DEFAULT_INSTRUCTIONS 50000000ull
#define SANDBOX_DEFAULT_SECONDS 5 /* wall clock of one run */

struct sandbox {
	lua_State *L;
	size_t mem_used, mem_cap;
	uint64_t budget, used; /* Lua VM instructions */
	uint64_t time_limit_ms; /* wall clock of one run or call */
	int depth; /* calls in progress, so nested ones share one deadline */
	struct watchdog watchdog;
	int killed;
	char reason[512]; /* why it was killed, with file:line */
	char last_where[256]; /* last position the hook saw */
	int env_ref; /* registry ref of the scripts' global table */
};

/* Open a sandbox; 0 or MERIT_ENOMEM. mem_cap/budget 0 = the defaults;
 * time_limit_ms starts at SANDBOX_DEFAULT_SECONDS, and a caller may set
 * it between runs, as it sets budget. */
int sandbox_open(struct sandbox *sb, size_t mem_cap, uint64_t budget);
void sandbox_close(struct sandbox *sb);

/* Run one text chunk named `chunkname` (a path, shown in messages) in the
 * sandbox's global table. On failure returns MERIT_ESCRIPT with a message
 * "path:line: what" in err. */
int sandbox_run(struct sandbox *sb, const char *chunkname, const char *buf,
    size_t len, char *err, size_t errlen);

/* Register a built-in (a declaration function) under `name`. */
void sandbox_builtin(struct sandbox *sb, const char *name, lua_CFunction fn,
    void *upvalue);

/* Call the function at the top of the stack in protected mode with nargs
 * arguments below it, under the budget; same error contract as run. */
int sandbox_pcall(struct sandbox *sb, int nargs, int nresults, char *err,
    size_t errlen);

/* Let a killed sandbox run again, for a caller that runs one function
 * per person and must not let one person's runaway call stop the rest.
 * Collects the garbage the stopped call left; if the scripts still hold
 * half the memory cap or more, the sandbox stays killed (MERIT_ESCRIPT).
 * Call it only with no Lua call in progress. */
int sandbox_revive(struct sandbox *sb);

#endif
