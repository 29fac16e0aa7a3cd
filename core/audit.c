#include <stdio.h>
#include <string.h>
#include <sodium.h>
#include "stmtcache.h"
#include "merit/error.h"
#include "audit.h"
#include "seal.h"

/* Fields go in with their lengths, so "ab" + "c" and "a" + "bc" differ. */
static void put(crypto_generichash_state *st, const char *s)
{
	unsigned char len[8];
	size_t n = s ? strlen(s) : (size_t)-1;
	for (int i = 0; i < 8; i++)
		len[i] = (unsigned char)(n >> (8 * i));
	crypto_generichash_update(st, len, sizeof(len));
	if (s)
		crypto_generichash_update(st, (const unsigned char *)s,
		    strlen(s));
}

void audit_hash(const struct audit_entry *e, char out[AUDIT_HASH_HEX])
{
	crypto_generichash_state st;
	unsigned char h[32];
	char seq[32];
	snprintf(seq, sizeof(seq), "%lld", e->seq);
	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	put(&st, "merit-audit-1");
	put(&st, seq);
	put(&st, e->at);
	put(&st, e->actor);
	put(&st, e->action);
	put(&st, e->subject);
	put(&st, e->detail);
	put(&st, e->digest);
	put(&st, e->prev_hash);
	/* entries before rows were sealed hash as they always did */
	if (e->seals)
		put(&st, e->seals);
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(out, AUDIT_HASH_HEX, h, sizeof(h));
}

static const char *col(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* The last chained entry: its seq and hash (genesis when none). */
static int last_entry(sqlite3 *db, long long *seq, char hash[AUDIT_HASH_HEX])
{
	sqlite3_stmt *st;
	*seq = 0;
	snprintf(hash, AUDIT_HASH_HEX, "%s", AUDIT_GENESIS);
	if (stmt_prepare(db, "SELECT seq, hash FROM audit WHERE hash IS"
	    " NOT NULL ORDER BY seq DESC LIMIT 1", -1, &st, NULL) != SQLITE_OK)
		return MERIT_EDB;
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*seq = sqlite3_column_int64(st, 0);
		snprintf(hash, AUDIT_HASH_HEX, "%s", col(st, 1));
		rc = SQLITE_DONE;
	}
	stmt_finalize(st);
	return rc == SQLITE_DONE ? 0 : MERIT_EDB;
}

static int set_head(sqlite3 *db, long long seq, const char *hash)
{
	sqlite3_stmt *st;
	if (stmt_prepare(db, "INSERT OR REPLACE INTO audit_head(id, seq,"
	    " hash) VALUES (1, ?1, ?2)", -1, &st, NULL) != SQLITE_OK)
		return MERIT_EDB;
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	stmt_finalize(st);
	return rc == SQLITE_DONE ? 0 : MERIT_EDB;
}

int audit_append(sqlite3 *db, const char *at, const char *actor,
    const char *action, const char *subject, const char *detail,
    const char *digest)
{
	char prev[AUDIT_HASH_HEX], hash[AUDIT_HASH_HEX];
	long long seq;
	sqlite3_stmt *st;
	int err;
	if (last_entry(db, &seq, prev))
		return MERIT_EDB;
	/* the seals of the rows this act wrote */
	char *seals = seal_commit(db, seq + 1, &err);
	if (err)
		return err;
	struct audit_entry e = { .seq = seq + 1, .at = at, .actor = actor,
		.action = action, .subject = subject, .detail = detail,
		.digest = digest, .prev_hash = prev, .seals = seals };
	audit_hash(&e, hash);
	if (stmt_prepare(db, "INSERT INTO audit(seq, at, actor, action,"
	    " subject, detail, digest, prev_hash, hash, seals) VALUES"
	    " (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)", -1, &st, NULL) != SQLITE_OK) {
		sqlite3_free(seals);
		return MERIT_EDB;
	}
	sqlite3_bind_int64(st, 1, e.seq);
	const char *v[] = { at, actor, action, subject, detail, digest, prev,
		hash, seals };
	for (int i = 0; i < 9; i++)
		if (v[i])
			sqlite3_bind_text(st, i + 2, v[i], -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	stmt_finalize(st);
	sqlite3_free(seals);
	if (rc != SQLITE_DONE)
		return MERIT_EDB;
	return set_head(db, e.seq, hash);
}

int audit_chain_unchained(sqlite3 *db)
{
	char prev[AUDIT_HASH_HEX], hash[AUDIT_HASH_HEX];
	long long seq;
	sqlite3_stmt *st, *up;
	int rc = MERIT_EDB, n = 0;
	if (last_entry(db, &seq, prev))
		return MERIT_EDB;
	if (stmt_prepare(db, "SELECT seq, at, actor, action, subject,"
	    " detail, digest FROM audit WHERE hash IS NULL ORDER BY seq", -1,
	    &st, NULL) != SQLITE_OK)
		return MERIT_EDB;
	if (stmt_prepare(db, "UPDATE audit SET prev_hash = ?1, hash = ?2"
	    " WHERE seq = ?3", -1, &up, NULL) != SQLITE_OK) {
		stmt_finalize(st);
		return MERIT_EDB;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct audit_entry e = { .seq = sqlite3_column_int64(st, 0),
			.at = col(st, 1), .actor = col(st, 2), .action = col(st, 3),
			.subject = col(st, 4), .detail = col(st, 5),
			.digest = col(st, 6), .prev_hash = prev };
		audit_hash(&e, hash);
		sqlite3_bind_text(up, 1, prev, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(up, 2, hash, -1, SQLITE_TRANSIENT);
		sqlite3_bind_int64(up, 3, e.seq);
		if (sqlite3_step(up) != SQLITE_DONE)
			break;
		sqlite3_reset(up);
		memcpy(prev, hash, sizeof(prev));
		seq = e.seq;
		n++;
	}
	stmt_finalize(st);
	stmt_finalize(up);
	if (rc != SQLITE_DONE)
		return MERIT_EDB;
	return n ? set_head(db, seq, prev) : 0;
}

int audit_verify(sqlite3 *db, const char *expect_head,
    struct audit_report *rep)
{
	sqlite3_stmt *st;
	char prev[AUDIT_HASH_HEX] = AUDIT_GENESIS, hash[AUDIT_HASH_HEX];
	long long expect_seq = 1;
	int rc;
	memset(rep, 0, sizeof(*rep));
	snprintf(rep->head, sizeof(rep->head), "%s", AUDIT_GENESIS);
	if (stmt_prepare(db, "SELECT seq, at, actor, action, subject,"
	    " detail, digest, prev_hash, hash, seals FROM audit ORDER BY seq",
	    -1, &st, NULL) != SQLITE_OK)
		return MERIT_EDB;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long seq = sqlite3_column_int64(st, 0);
		const char *stored_prev = col(st, 7), *stored = col(st, 8);
		struct audit_entry e = { .seq = seq, .at = col(st, 1),
			.actor = col(st, 2), .action = col(st, 3),
			.subject = col(st, 4), .detail = col(st, 5),
			.digest = col(st, 6), .prev_hash = prev,
			.seals = col(st, 9) };
		rep->entries++;
		if (seq != expect_seq) {
			rep->bad_seq = seq;
			if (seq == expect_seq + 1)
				snprintf(rep->problem, sizeof(rep->problem), "entry "
				    "%lld follows entry %lld: entry %lld was deleted",
				    seq, expect_seq - 1, expect_seq);
			else
				snprintf(rep->problem, sizeof(rep->problem), "entry "
				    "%lld follows entry %lld: entries %lld to %lld "
				    "were deleted", seq, expect_seq - 1, expect_seq,
				    seq - 1);
			break;
		}
		audit_hash(&e, hash);
		if (!stored || strcmp(stored, hash) ||
		    !stored_prev || strcmp(stored_prev, prev)) {
			rep->bad_seq = seq;
			/* the entry's own hash over its stored link tells an
			 * edit of this entry from a broken link to the last */
			struct audit_entry own = e;
			char h2[AUDIT_HASH_HEX];
			own.prev_hash = stored_prev;
			if (stored_prev)
				audit_hash(&own, h2);
			if (!stored || !stored_prev)
				snprintf(rep->problem, sizeof(rep->problem), "entry "
				    "%lld has no hash: written outside merit",
				    seq);
			else if (strcmp(h2, stored))
				snprintf(rep->problem, sizeof(rep->problem), "entry "
				    "%lld (%s %s at %s) was changed after it was "
				    "written", seq, e.action ? e.action : "?",
				    e.subject ? e.subject : "", e.at ? e.at : "?");
			else
				snprintf(rep->problem, sizeof(rep->problem), "entry "
				    "%lld does not follow entry %lld: entries were "
				    "reordered, replaced or deleted before it", seq,
				    seq - 1);
			break;
		}
		memcpy(prev, hash, sizeof(prev));
		rep->last_seq = seq;
		expect_seq = seq + 1;
	}
	stmt_finalize(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return MERIT_EDB;
	if (rep->bad_seq)
		return 1;
	snprintf(rep->head, sizeof(rep->head), "%s", prev);
	/* the head row: the log must end where it says */
	if (stmt_prepare(db, "SELECT seq, hash FROM audit_head WHERE"
	    " id = 1", -1, &st, NULL) != SQLITE_OK)
		return MERIT_EDB;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && (sqlite3_column_int64(st, 0) != rep->last_seq ||
	    !col(st, 1) || strcmp(col(st, 1), prev))) {
		rep->bad_seq = rep->last_seq + 1;
		snprintf(rep->problem, sizeof(rep->problem), "the log ends at "
		    "entry %lld, but its head names entry %lld: entries after "
		    "%lld were deleted", rep->last_seq,
		    sqlite3_column_int64(st, 0), rep->last_seq);
	} else if (rc != SQLITE_ROW && rep->entries) {
		rep->bad_seq = rep->last_seq;
		snprintf(rep->problem, sizeof(rep->problem), "the log's head row "
		    "is missing: it was deleted");
	}
	stmt_finalize(st);
	if (!rep->bad_seq && expect_head && strcmp(expect_head, prev)) {
		rep->bad_seq = rep->last_seq;
		snprintf(rep->problem, sizeof(rep->problem), "the log ends at "
		    "entry %lld with head %.16s..., not the head %.16s... "
		    "recorded: entries were cut off or replaced", rep->last_seq,
		    prev, expect_head);
	}
	return rep->bad_seq ? 1 : 0;
}
