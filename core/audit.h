/* The register's audit log: append-only and hash-chained, so that an
 * entry edited, deleted, reordered or cut off afterwards is found.
 *
 * Each entry's hash covers its own fields and the previous entry's
 * hash; the register's audit_head row names the last entry. From
 * schema 7 it also covers the seals of the rows the entry wrote, so an
 * edited row is found as well (seal.h). */
#ifndef MERIT_AUDIT_H
#define MERIT_AUDIT_H

#include <sqlite3.h>

#define AUDIT_HASH_HEX 65 /* 64 hex digits and NUL */
#define AUDIT_GENESIS \
	"0000000000000000000000000000000000000000000000000000000000000000"

struct audit_entry {
	long long seq;
	const char *at, *actor, *action, *subject, *detail, *digest;
	const char *prev_hash;
	const char *seals; /* commitment to the rows it sealed, or NULL */
};

/* hex BLAKE2b-256 of the entry, prev_hash included */
void audit_hash(const struct audit_entry *e, char out[AUDIT_HASH_HEX]);

/* Append an entry in the caller's write transaction. digest (may be
 * NULL) is a hash of what the action wrote. The entry commits to the
 * seals of the rows sealed for it since the last entry (seal.h). 0 or
 * MERIT_EDB. */
int audit_append(sqlite3 *db, const char *at, const char *actor,
    const char *action, const char *subject, const char *detail,
    const char *digest);

/* Chain entries written before the log was chained (schema < 3), in
 * the caller's transaction. */
int audit_chain_unchained(sqlite3 *db);

struct audit_report {
	long long entries, last_seq;
	char head[AUDIT_HASH_HEX];
	long long bad_seq; /* the first bad entry, 0 when none */
	char problem[512];
};

/* Walk the whole log. Returns 0 when intact, 1 when not (rep->problem
 * says what and where), MERIT_EDB when it cannot be read. expect_head
 * (may be NULL) is a head hash recorded elsewhere, which catches a log
 * cut short together with its head row. */
int audit_verify(sqlite3 *db, const char *expect_head,
    struct audit_report *rep);

#endif
