/* The methodologist's language: declarations that only record.
 *
 *   framework { ... }          competency "id" { ... }
 *   assessment "id" { ... }    requirements "id" { ... }
 *   course "id" { ... }        policy "id" { ... }
 *   profile "id" { ... }       pool "id" { ... }
 *
 * Each call appends {kind, id, body, file, line} to a list in the Lua
 * registry; validate.c turns the list into a struct merit_model. */
#ifndef MERIT_DSL_H
#define MERIT_DSL_H

#include "sandbox.h"

#define DSL_RECORDS "merit.decls"
/* registry table: pool id -> its rule function */
#define DSL_POOL_RULES "merit.pool"

/* Install the declaration functions into the sandbox. */
void dsl_install(struct sandbox *sb);

#endif
