/* Row seals: the audit log commits to the rows an auditor relies on.
 *
 * A sealed row carries seal = hex BLAKE2b-256 of its table's name, the
 * audit entry that wrote it (sealed_by) and every other column, each
 * tagged by type and length-prefixed, so no two contents encode alike.
 * The audit entry appended next in the same transaction commits to the
 * seals its act wrote: per table, their count and a hash over them in
 * sorted order (audit.seals, covered by the entry's hash). A row changed
 * by a later act is released (its old seal kept in seal_release, which
 * is sealed too) and sealed again by that act's entry.
 *
 * Writers seal in SQL, through merit_seal(table, seq, col...), a C
 * function that also records the seal for the coming entry; seal_seq()
 * says which seq to pass. */
#ifndef MERIT_SEAL_H
#define MERIT_SEAL_H

#include <sqlite3.h>

/* Register merit_seal(), merit_seal_of() (the same, recording nothing)
 * and the batch functions on a connection. 0 or MERIT_EDB. */
int seal_register(sqlite3 *db);

/* The seq of the audit entry the rows written now belong to: the next
 * entry's. Opens the batch on first use; the next audit_append consumes
 * it. > 0, or MERIT_EDB. */
long long seal_seq(sqlite3 *db);

/* The commitment of the open batch to entry seq, or NULL when nothing
 * was sealed (caller frees with sqlite3_free). *err on a batch opened
 * for another entry or a failure. */
char *seal_commit(sqlite3 *db, long long seq, int *err);

/* Forget the seals of the open batch: after ROLLBACK TO a savepoint
 * (a whole transaction rolled back forgets them by itself). */
void seal_discard(sqlite3 *db);

/* Before merit changes or deletes rows of table matching where (an SQL
 * condition, printf-style with sqlite3_mprintf's %Q): check that their
 * seals still hold, release them into seal_release and clear them.
 * MERIT_EINPUT when a row was edited outside merit (err says which),
 * MERIT_EDB on failure. */
int seal_release(sqlite3 *db, char *err, size_t errlen, const char *table,
    const char *where, ...);

/* After merit wrote or changed rows of table matching where: seal those
 * without a seal. 0 or MERIT_EDB. */
int seal_rows(sqlite3 *db, const char *table, const char *where, ...);

/* How many rows of table matching where do not carry the seal of their
 * content (edited or written outside merit); MERIT_EDB on failure. */
int seal_broken(sqlite3 *db, const char *table, const char *where, ...);

/* The SQL condition that a row of table does not carry the seal of its
 * content, for a statement prepared once (sqlite3_free it). */
char *seal_broken_condition(sqlite3 *db, const char *table);

/* Rows of result id, or recorded with it, that do not carry the seal of
 * their content: 0 when it is as merit wrote it; MERIT_EDB. */
int seal_result_broken(sqlite3 *db, long long id);

/* Seal every unsealed row of every sealed table, as of a register
 * written before rows were sealed; appends the "seal" entry when there
 * was anything to seal. In the caller's transaction. */
int seal_existing(sqlite3 *db);

/* Check every sealed row against its content and every entry's
 * commitment against the rows that carry its seals. problem() is called
 * for each finding. Returns the number of findings, or MERIT_EDB. */
int seal_verify(sqlite3 *db, void (*problem)(void *arg, const char *what),
    void *arg);

#endif
