/* The validator: declarations recorded in Lua -> an immutable model.
 * Reports every problem as file:line: message and keeps going. */
#ifndef MERIT_VALIDATE_H
#define MERIT_VALIDATE_H

#include <lua.h>
#include "merit/model.h"
#include "arena.h"
#include "diag.h"

struct plugin_set;

struct source_text {
	const char *file; /* as the chunk was named */
	const char *text;
	size_t len;
};

struct validate_opts {
	/* NULL-terminated names of loaded plugins, to check references;
	 * NULL lists skip the check. */
	const char *const *engines;
	const char *const *scorers;
	/* what was refused, to say why a name is not loaded; may be NULL */
	const struct plugin_set *plugins;
};

/* Build *m (allocated in a) from the records in L's registry. Returns 0,
 * MERIT_EMODEL with findings in d, or MERIT_ENOMEM. */
int model_validate(lua_State *L, struct arena *a,
    const struct source_text *srcs, size_t nsrc,
    const struct validate_opts *opts, struct merit_model *m, struct diag *d);

#endif

/* enum merit_education for its name, 0 if unknown. */
int education_rank_of(const char *name);
