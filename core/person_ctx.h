/* What the person commands (recommend, plan, show) share: the register,
 * the agency a person belongs to, and that agency's model. */
#ifndef MERIT_PERSON_CTX_H
#define MERIT_PERSON_CTX_H

#include "recommend.h"
#include "register.h"
#include "workspace.h"

struct person_ctx {
	struct reg r;
	int reg_open;
	struct workspace w;
	int ws_open;
	char agency[256];
	const char *person;
};

/* Open the register db (read-write when write is set, creating nothing)
 * and find the agency of person: `agency` if given, else the only agency
 * whose roster holds the person. Returns the exit status to use on
 * failure (1 unknown person, 2 usage or register error) after a
 * message, or 0. */
int person_ctx_open(struct person_ctx *c, const char *db, const char *person,
    const char *agency, int write);
/* Load the agency's model (for the course catalogue): 0, or 2 after the
 * findings are printed. */
int person_ctx_model(struct person_ctx *c, const char *db);
void person_ctx_close(struct person_ctx *c);

/* The recommendations for the person with effects learned from the whole
 * register of the same framework: 0, or 2 after a message. */
int person_ctx_recommend(struct person_ctx *c, long today, int years,
    struct rec_list *out);

#endif
