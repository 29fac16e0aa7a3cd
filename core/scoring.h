/* Scoring persons: the engines, scorer and gap scorer of one assessment
 * type, configured with the agency's settings, and the receipt of each
 * result. merit assess scores its cohort with it; anything else that
 * scores (one person at a time) gets the very same receipts. */
#ifndef MERIT_SCORING_H
#define MERIT_SCORING_H

#include "merit/result.h"
#include "agency.h"
#include "arena.h"
#include "cohort.h"
#include "diag.h"
#include "host.h"
#include "loader.h"
#include "model.h"
#include "report.h"

/* One assessment type of one agency, ready to score persons. Borrows
 * ag, ms and the plugins: they must outlive it. */
struct scoring {
	const struct agency *ag;
	struct model_set *ms;
	const struct merit_assessment *as;
	struct plugin *engine[MERIT_ELEMENTS], *scorer, *gap_scorer;
	char *plugin_fingerprint; /* malloc'd: names, versions, settings */
	/* the digest of the files its plugins loaded, when pinned; else the
	 * process's (host_loaded_digest), as in merit assess */
	const char *loaded_digest;
	char loaded_buf[65];
};

/* Configure plugin pl with the agency's settings, once (pl->configured):
 * a plugin set serves one agency (each workspace scans its own). 0, or
 * an error code with the findings in d. */
int scoring_configure(struct plugin *pl, const struct agency *ag,
    struct diag *d);
/* Choose the assessment type (NULL: the agency's), find and configure its
 * engines, scorer and gap scorer, compute the fingerprint, and make s the
 * active scoring (scoring_activate). 0, or an error code with the
 * findings in d; s then holds nothing to free. */
int scoring_open(struct scoring *s, struct plugin_set *ps,
    const struct agency *ag, struct model_set *ms, const char *assessment,
    struct diag *d);
/* Safe on a zeroed s; no Lua score function runs through s afterwards. */
void scoring_close(struct scoring *s);
/* Record the agency and its model in the register (in the caller's
 * transaction): every result refers to both. */
struct reg;
int scoring_register(struct reg *r, const struct agency *ag,
    const struct model_set *ms);
/* Pin the digest of the files plugins have loaded since the last
 * host_loaded_restart(): a server holding several agencies' plugins
 * gives each scoring the files of its own agency. */
void scoring_pin_loaded(struct scoring *s);
/* Make s the one whose Lua score functions run (the host has one score
 * runner). Call before scoring with s when several scorings live in one
 * process, never while another is scoring on other threads. */
void scoring_activate(struct scoring *s);
/* Score member mb for `period` (NULL: the agency's) into s, its strings
 * in a; m is scratch, reused between calls (measure_release at the end).
 * s->r points into mb, period and sc's agency and model, which must
 * outlive it. Safe from several threads at once, each with its own a and
 * m. */
void scoring_score(const struct scoring *sc, const char *period,
    const struct member *mb, struct scored *s, struct arena *a,
    struct merit_measure *m);
/* The explanation lines joined with '\n', malloc'd (NULL: out of memory). */
char *scoring_explanation(const struct scored *s);

#endif
