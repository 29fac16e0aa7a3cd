/* A cohort: the persons of a roster with their evidence. */
#ifndef MERIT_COHORT_H
#define MERIT_COHORT_H

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
/* Check one roster entry (a map: id, post_level, category, term, class,
 * position, hired, on_leave; no other key) into *p, every problem to d.
 * p's strings point into e. The one definition of a valid person, shared
 * by merit assess and merit import. */
void person_read(struct merit_person *p, const merit_value *e,
    struct diag *d);
/* The element's evidence of member m ("qualification", ...), or null. */
const merit_value *member_evidence(const struct member *m, const char *element);

#endif
