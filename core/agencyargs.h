/* Which agencies a register command works on: those named with
 * --agency (a folder, an agency.yaml or an id the register knows), or
 * every agency in the register. */
#ifndef MERIT_AGENCYARGS_H
#define MERIT_AGENCYARGS_H
#include <stddef.h>
#include "diag.h"

/* malloc'd array of malloc'd agency.yaml paths in *paths. Without names,
 * an agency whose configuration is gone is skipped with a warning on
 * stderr, or, with `every` (a command that writes for all of them), is
 * an error. 0, or an error code with the reason in d. */
int agencyargs_resolve(const char *db, char *const *names, size_t n_names,
    int every, char ***paths, size_t *n, struct diag *d);
void agencyargs_free(char **paths, size_t n);

#endif
