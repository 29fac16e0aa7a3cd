/* The register: merit's SQLite database (see merit-register(7)).
 *
 * WAL mode, synchronous=NORMAL (durable at checkpoints, never corrupt),
 * every write transaction BEGIN IMMEDIATE, schema versioned with
 * PRAGMA user_version and migrated forward on open. */
#ifndef MERIT_REGISTER_H
#define MERIT_REGISTER_H

#include <sqlite3.h>
#include "merit/model.h"
#include "merit/result.h"
#include "diag.h"

#define REGISTER_SCHEMA_VERSION 7

struct reg {
	sqlite3 *db;
	const char *path;
	sqlite3_stmt *up_agency, *up_person, *up_model, *ins_result, *ins_comp,
	    *ins_gap, *ins_course, *sel_latest, *ins_item, *sel_seal_seq,
	    *sel_broken;
};

/* A writer finding the register locked by another process waits for
 * it, saying so on stderr after a second, for up to this long. */
#define REG_LOCK_WAIT_S 600
#define REG_LOCK_POLL_MS 50

int reg_open(struct reg *r, const char *path, struct diag *d);
void reg_close(struct reg *r);
int reg_begin(struct reg *r);
int reg_commit(struct reg *r);
void reg_rollback(struct reg *r);
/* 1 when the last call failed because another process holds the lock. */
int reg_busy(struct reg *r);

/* config_file: the agency.yaml, recorded as an absolute path so the
 * register commands can find an agency's model by its id. */
int reg_put_agency(struct reg *r, const char *id, const char *title_json,
    const char *framework, const char *config_hash, const char *config_file);
int reg_put_model(struct reg *r, const struct merit_model *m,
    const char *files);
/* One file of a model with the hash of its content, so that two models
 * can be told apart file by file (merit explain --diff). */
int reg_put_model_file(struct reg *r, const char *model_hash,
    const char *name, const char *path, const char *hash);
int reg_put_person(struct reg *r, const char *agency,
    const struct merit_person *p);
/* Insert a result unless one with the same receipt exists; *inserted
 * tells which. */
int reg_put_result(struct reg *r, const struct merit_result *res,
    const char *inputs_json, const char *explanation, int *inserted);
/* Append to the hash-chained audit log (see audit.h); digest, a hash of
 * what the action wrote, may be NULL. */
int reg_audit(struct reg *r, const char *actor, const char *action,
    const char *subject, const char *detail, const char *digest);
const char *reg_errmsg(struct reg *r);

/* Reading: open an existing register without creating or migrating it. */
int reg_open_readonly(struct reg *r, const char *path);

struct reg_row {
	int found;
	long long id;
	char assessment[128], band[128];
	double k; /* NAN when not assessed */
};

/* The latest result of a person (period/assessment NULL: any). */
int reg_latest(struct reg *r, const char *agency, const char *person,
    const char *period, const char *assessment, struct reg_row *row);

#endif
