#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include "merit/error.h"
#include "agencyargs.h"
#include "workspace.h"

int agencyargs_resolve(const char *db, char *const *names, size_t n_names,
    int every, char ***paths, size_t *n, struct diag *d)
{
	char **ids = NULL, **found = NULL;
	size_t n_found = 0;
	int rc = 0;
	*paths = NULL;
	*n = 0;
	if (n_names) {
		if (!(*paths = calloc(n_names, sizeof(**paths))))
			return MERIT_ENOMEM;
		for (size_t i = 0; i < n_names && !rc; i++)
			if (!(rc = workspace_find(db, names[i], &(*paths)[i], d)))
				(*n)++;
		goto out;
	}
	if ((rc = workspace_list(db, &ids, &found, &n_found, d)))
		goto out;
	if (!(*paths = calloc(n_found + 1, sizeof(**paths)))) {
		rc = MERIT_ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < n_found; i++) {
		struct stat st;
		if (every && (!found[i] || stat(found[i], &st))) {
			diag_add(d, db, 0, 0, "agency %s: the register does not "
			    "record its agency.yaml, or it is gone (%s); give "
			    "--agency FOLDER", ids[i], found[i] ? found[i]
			    : "never recorded");
			rc = MERIT_EINPUT;
			goto out;
		}
		if (!found[i] || stat(found[i], &st)) {
			fprintf(stderr, "merit: warning: agency %s: its configuration "
			    "%s is gone; skipped (name its folder with --agency)\n",
			    ids[i], found[i] ? found[i] : "(never recorded)");
			continue;
		}
		(*paths)[(*n)++] = found[i];
		found[i] = NULL;
	}
out:
	workspace_list_free(ids, found, n_found);
	if (rc) {
		agencyargs_free(*paths, *n);
		*paths = NULL;
		*n = 0;
	}
	return rc;
}

void agencyargs_free(char **paths, size_t n)
{
	for (size_t i = 0; paths && i < n; i++)
		free(paths[i]);
	free(paths);
}
