/* The agencies merit serve answers for, loaded together and replaced
 * together: a reload validates the whole new set before it is swapped
 * in, and keeps the old one when anything in the new one is wrong. */
#ifndef MERIT_LIVE_H
#define MERIT_LIVE_H

#include <stdint.h>
#include <uv.h>
#include "api.h"

struct live_set {
	struct api_agency **v;
	size_t n;
	uint64_t generation;
};

/* Load every agency: with config_dir, each DIR/NAME/agency.yaml (and
 * DIR/agency.yaml); else each agency the register db records with its
 * agency.yaml. 0, or an error code with every finding in d. */
int live_load(struct live_set *s, const char *config_dir, const char *db,
    const struct workspace_opts *o, uint64_t generation, struct diag *d);
void live_free(struct live_set *s);
struct api_agency *live_find(const struct live_set *s, const char *id);

/* The folders whose change means a reload: each agency's folder and the
 * folders of its framework and scripts. malloc'd array of malloc'd
 * strings, sorted and unique. */
char **live_watch_dirs(const struct live_set *s, size_t *n);

/* Configure the plugins of the agency's own assessment type now, so a
 * configuration they refuse is refused at load, not at the first POST
 * (api_evidence.c). 0, or an error code with the findings in d. */
int api_agency_prepare(struct api_agency *ag, struct diag *d);
/* Free what evidence scoring cached in an agency (api_evidence.c). */
void api_agency_release(struct api_agency *ag);

#endif
