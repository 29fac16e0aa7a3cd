/* A cohort: the persons of a roster with their evidence. */
#ifndef MERIT_COHORT_H
#define MERIT_COHORT_H

#include <sqlite3.h>
#include "merit/result.h"
#include "arena.h"
#include "diag.h"
#include "vtree.h"

struct member {
	struct merit_person p;
	const merit_value *evidence; /* the evidence entry, or the null value */
};

struct cohort {
	struct arena arena;
	struct member *v;
	size_t n;
};

/* Build a cohort from roster and evidence texts (evidence may be NULL).
 * Checks every entry; returns 0 or MERIT_EINPUT with all findings. */
int cohort_build(struct cohort *c, const char *roster_file, const char *roster,
    size_t roster_len, const char *evidence_file, const char *evidence,
    size_t evidence_len, struct diag *d);
void cohort_free(struct cohort *c);

/* The next window of an agency's cohort in the register (merit import):
 * up to `max` persons with ids after `after` ("" to start), in id order,
 * each with the evidence of `period` as imported (its nodes placed at the
 * import's file:line). c->n is 0 past the last person. The records hold
 * the same keys a roster file gives, so the receipts match assessing the
 * same files. c must be zeroed or hold the previous window, whose memory
 * is reused (cohort_free at the end). 0, MERIT_EDB or MERIT_EINPUT (a stored row that no longer
 * parses, in d). */
int cohort_load_register(struct cohort *c, sqlite3 *db, const char *agency,
    const char *period, const char *after, size_t max, struct diag *d);
/* One person of the agency in the register, with the evidence of
 * `period`, built exactly as cohort_load_register builds each member:
 * c->n is 1, or 0 when the register holds no such person. c as for
 * cohort_load_register; the same return values. */
int cohort_load_person(struct cohort *c, sqlite3 *db, const char *agency,
    const char *period, const char *person, struct diag *d);
/* Check one roster entry (a map: id, post_level, category, term, class,
 * position, hired, on_leave; no other key) into *p, every problem to d.
 * p's strings point into e. The one definition of a valid person, shared
 * by merit assess and merit import. */
void person_read(struct merit_person *p, const merit_value *e,
    struct diag *d);
/* The element's evidence of member m ("qualification", ...), or null. */
const merit_value *member_evidence(const struct member *m, const char *element);

#endif
