/* merit import: rosters, evidence, courses, enrolments and completions
 * loaded into the register from YAML, CSV or JSON Lines, streamed row by
 * row, all files of one command in one transaction (see merit(1)). */
#ifndef MERIT_IMPORT_H
#define MERIT_IMPORT_H

#include <stddef.h>

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

#endif
