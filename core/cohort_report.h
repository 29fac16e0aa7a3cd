/* The command line shared by the reports over a cohort scored in a dry
 * run (merit items, raters, fairness): the options they all take, one
 * AGENCY, and the run that feeds the report through the assess_opts
 * callbacks the command set. */
#ifndef MERIT_COHORT_REPORT_H
#define MERIT_COHORT_REPORT_H

#include <getopt.h>
#include <stdio.h>
#include <jansson.h>
#include "assess.h"

struct cohort_report {
	const char *cmd; /* "items", for messages */
	const char *formats[2]; /* the two --format values, the default first */
	void (*help)(FILE *f);
	/* A command's own options (may be NULL; at most 8, their letters
	 * other than a d f p m i h), and what to do with one: 0, or 2 after
	 * a message. */
	const struct option *own_opts;
	int (*own)(int opt, const char *arg, void *data);
	void *data;
};

/* Parse argv into *o (--assessment, --db, --plugin-path, --lua-memory,
 * --lua-instructions and the AGENCY) and *json (--format). Returns -1 to
 * go on, 0 after --help, 2 after a usage error (said, with the help). */
int cohort_report_args(const struct cohort_report *r, int argc, char **argv,
    struct assess_opts *o, int *json);

/* Score the cohort in memory, writing nothing. 0, or 2 when a person
 * could not be scored (statistics over part of a cohort would mislead;
 * assess_run and this have said why). */
int cohort_report_score(const struct cohort_report *r, struct assess_opts *o);

/* Make room for element n of *v (cap elements of size bytes), doubling:
 * 0, or -1 when out of memory (*v untouched). */
int cohort_report_grow(void **v, size_t *cap, size_t n, size_t size);

/* Print o as indented JSON on stdout and release it: 0, or -1 when out
 * of memory (o NULL counts as that). */
int cohort_report_print_json(json_t *o);

#endif
