/* merit import: rosters, evidence, courses, enrolments and completions
 * loaded into the register from YAML, CSV or JSON Lines, streamed row by
 * row, all files of one command in one transaction (see merit(1)). */
#ifndef MERIT_IMPORT_H
#define MERIT_IMPORT_H

#include <stddef.h>
#include <sqlite3.h>
#include "merit/result.h"
#include "arena.h"
#include "diag.h"
#include "register.h"
#include "vtree.h"
#include "workspace.h"

struct import_opts {
	const char *db;
	const char *agency; /* folder, agency.yaml or an id the register knows */
	const char *kind; /* NULL: from the YAML list or the file name */
	const char *format; /* NULL: from the file name's extension */
	const char *period; /* evidence rows without one; NULL: the agency's */
	char **files;
	size_t n_files;
};

/* Run the import; returns the exit status (0, or 2 with every problem
 * reported and the register as it was). */
int import_run(const struct import_opts *o);

/* One roster entry, as merit import takes a row and PUT
 * /v1/agencies/{agency}/persons/{person} a body: the person's
 * pseudonymous fields, checked by person_read(), with the personal ones
 * (name, personal) set apart for person_detail before anything else sees
 * the entry. p points into clean: the struct must not move. */
struct roster_entry {
	struct merit_person p;
	merit_value clean; /* the entry without name and personal */
	const merit_value *name, *personal; /* NULL when absent or null */
};

/* The keys of a roster entry: person_read's and name, personal. */
extern const char *const roster_keys[];

/* Check map `row` into *e (its copy lives in `a`), every problem to d at
 * the node it is about (value_finding_key names the field). 0,
 * MERIT_EINPUT or MERIT_ENOMEM. */
int roster_read(struct roster_entry *e, const merit_value *row,
    struct arena *a, struct diag *d);

/* Writing roster entries to a register. */
struct roster_writer {
	struct reg *r;
	sqlite3_stmt *known, *detail;
};

int roster_writer_open(struct roster_writer *w, struct reg *r);
void roster_writer_close(struct roster_writer *w);
/* 1 when the agency has the person, 0 when not, -1 on error. */
int roster_known(struct roster_writer *w, const char *agency, const char *id);
/* Write e as a person of `agency` and, when given, its personal fields;
 * a row changes only where a value differs. *existed: the register had
 * the person; *changed: the rows changed. 0, MERIT_EDB or MERIT_ENOMEM. */
int roster_write(struct roster_writer *w, const char *agency,
    const struct roster_entry *e, const char *now, int *existed,
    int *changed);

/* Record the agency of workspace w (its title, framework and
 * configuration) as merit import does before its rows. 0 or MERIT_EDB. */
int import_put_agency(struct reg *r, const struct workspace *w);

#endif
