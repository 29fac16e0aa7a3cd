/* The assessment type an agency has adopted, and the history of its
 * adoptions (merit-register(7), table adoption).
 *
 * agency.yaml's `assessment:` is the scheme the agency starts with; after
 * that the register decides. An explicit `merit adopt` changes it, and
 * so does an edit of `assessment:` in agency.yaml, which is recorded as
 * an adoption by the actor "agency.yaml" the first time a writer (merit
 * assess, merit adopt, merit serve) sees the file. A result scored under
 * any other scheme is a trial, never the agency's current result. */
#ifndef MERIT_ADOPTION_H
#define MERIT_ADOPTION_H

#include <stddef.h>
#include <sqlite3.h>

struct agency;
struct reg;

#define ADOPTION_FILE_ACTOR "agency.yaml"

struct adoption {
	int found;
	long long id;
	char assessment[128], previous[128], actor[128], at[32];
	char reason[512];
};

/* The agency's adopted scheme now: a->found 0 when none is recorded (or
 * the register predates adoptions). 0 or MERIT_EDB. */
int adoption_current(sqlite3 *db, const char *agency, struct adoption *a);

/* The scheme a run under agency.yaml uses, without writing: the adopted
 * one, unless nothing is adopted yet or the file's `assessment:` changed
 * since it was last seen, when it is the file's (*from_file set). db may
 * be NULL: no register yet. 0 or MERIT_EDB. */
int adoption_effective(sqlite3 *db, const struct agency *ag,
    struct adoption *now, char *scheme, size_t len, int *from_file);

/* In the caller's write transaction, after the agency's row is written
 * (scoring_register): record the file's scheme as adopted when
 * adoption_effective says so, remember what the file names, and leave
 * the scheme in force in scheme. 0 or MERIT_EDB. */
int adoption_sync(struct reg *r, const struct agency *ag, char *scheme,
    size_t len);

/* Record an adoption and its audit entry, in the caller's transaction.
 * previous may be NULL (the first). 0 or MERIT_EDB. */
int adoption_record(struct reg *r, const char *agency, const char *assessment,
    const char *previous, const char *actor, const char *reason,
    const char *config_hash);

/* Mark the result with this receipt a trial (1) or not (0). A receipt
 * scored again under the adopted scheme is no longer a trial. *changed
 * (may be NULL) says whether the row changed: its new seal then awaits
 * an audit entry. */
int adoption_mark_trial(struct reg *r, const char *receipt, int trial,
    int *changed);
/* Whether the agency has trial results of this assessment type (*yes):
 * only then can a run under it claim any. 0 or MERIT_EDB. */
int adoption_has_trials(struct reg *r, const char *agency,
    const char *assessment, int *yes);

#endif
