/* merit assess: agency -> engines -> scorer -> register -> exporters. */
#ifndef MERIT_ASSESS_H
#define MERIT_ASSESS_H

#include <stdint.h>
#include "merit/result.h"

struct assess_opts {
	const char *agency; /* folder or agency.yaml */
	const char *db; /* register file */
	const char *assessment; /* override the agency's type */
	const char *format; /* table | json | csv */
	const char *output; /* -o FILE, else stdout */
	const char *export_dir; /* where the agency's exporters write */
	const char *plugin_path;
	int no_export, quiet;
	/* score the agency's persons and evidence in the register (merit
	 * import) even when the agency names roster files */
	int from_register;
	int what_if; /* score, write nothing, compare with the register */
	int check_only; /* score without writing anything: merit check */
	/* With check_only: called on the loop thread with each result scored,
	 * in roster order (e.g. for item statistics). */
	void (*on_result)(const struct merit_result *r, void *data);
	void *on_result_data;
	/* Like on_result, with the person and the assessment type (merit
	 * fairness groups by roster fields and ranks the bands). */
	void (*on_scored)(const struct merit_person *p,
	    const struct merit_assessment *a, const struct merit_result *r,
	    void *data);
	size_t lua_memory;
	uint64_t lua_instructions;
	unsigned lua_seconds; /* time limit of a model file; 0: default */
};

/* Returns the process exit status: 0 all scored, 1 some persons could
 * not be scored (each reported), 2 bad input or usage. */
int assess_run(const struct assess_opts *o);

#endif
