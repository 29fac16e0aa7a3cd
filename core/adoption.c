#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sodium.h>
#include "merit/error.h"
#include "adoption.h"
#include "agency.h"
#include "register.h"
#include "seal.h"

static void copy_col(char *dst, size_t len, sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	snprintf(dst, len, "%s", t ? (const char *)t : "");
}

int adoption_current(sqlite3 *db, const char *agency, struct adoption *a)
{
	sqlite3_stmt *st;
	memset(a, 0, sizeof(*a));
	/* a register older than adoptions has none: not an error */
	if (sqlite3_prepare_v2(db, "SELECT id, assessment, previous, actor,"
	    " reason, at FROM adoption WHERE agency = ?1 ORDER BY id DESC"
	    " LIMIT 1", -1, &st, NULL) != SQLITE_OK)
		return strstr(sqlite3_errmsg(db), "no such table") ? 0 : MERIT_EDB;
	sqlite3_bind_text(st, 1, agency, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		a->found = 1;
		a->id = sqlite3_column_int64(st, 0);
		copy_col(a->assessment, sizeof(a->assessment), st, 1);
		copy_col(a->previous, sizeof(a->previous), st, 2);
		copy_col(a->actor, sizeof(a->actor), st, 3);
		copy_col(a->reason, sizeof(a->reason), st, 4);
		copy_col(a->at, sizeof(a->at), st, 5);
	}
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : MERIT_EDB;
}

/* What agency.yaml's `assessment:` said when a writer last saw it. */
static int declared(sqlite3 *db, const char *agency, char *out, size_t len)
{
	sqlite3_stmt *st;
	*out = '\0';
	if (sqlite3_prepare_v2(db, "SELECT declared_assessment FROM agency"
	    " WHERE id = ?1", -1, &st, NULL) != SQLITE_OK)
		return strstr(sqlite3_errmsg(db), "no such") ? 0 : MERIT_EDB;
	sqlite3_bind_text(st, 1, agency, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		copy_col(out, len, st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? 0 : MERIT_EDB;
}

static int effective(sqlite3 *db, const struct agency *ag,
    struct adoption *now, char *was, size_t was_len, char *scheme,
    size_t len, int *from_file)
{
	int rc;
	*from_file = 0;
	*was = '\0';
	memset(now, 0, sizeof(*now));
	if (db && ((rc = adoption_current(db, ag->id, now)) ||
	    (rc = declared(db, ag->id, was, was_len))))
		return rc;
	/* the file wins when nothing is adopted yet, or when it was edited
	 * to name another scheme than the one in force */
	*from_file = !now->found || (strcmp(was, ag->assessment) &&
	    strcmp(now->assessment, ag->assessment));
	snprintf(scheme, len, "%s", *from_file ? ag->assessment
	    : now->assessment);
	return 0;
}

int adoption_effective(sqlite3 *db, const struct agency *ag,
    struct adoption *now, char *scheme, size_t len, int *from_file)
{
	char was[128];
	return effective(db, ag, now, was, sizeof(was), scheme, len, from_file);
}

int adoption_sync(struct reg *r, const struct agency *ag, char *scheme,
    size_t len)
{
	struct adoption now;
	char was[128], reason[512];
	int from_file, rc;
	if ((rc = effective(r->db, ag, &now, was, sizeof(was), scheme, len,
	    &from_file)))
		return rc;
	if (from_file) {
		if (!now.found)
			snprintf(reason, sizeof(reason), "the scheme agency.yaml "
			    "names, first seen by the register");
		else
			snprintf(reason, sizeof(reason), "agency.yaml's assessment: "
			    "changed from %s to %s", *was ? was : "(not recorded)",
			    ag->assessment);
		if ((rc = adoption_record(r, ag->id, ag->assessment, now.found ?
		    now.assessment : NULL, ADOPTION_FILE_ACTOR, reason,
		    ag->config_hash)))
			return rc;
	}
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(r->db, "UPDATE agency SET declared_assessment = ?2"
	    " WHERE id = ?1 AND declared_assessment IS NOT ?2", -1, &st,
	    NULL) != SQLITE_OK)
		return MERIT_EDB;
	sqlite3_bind_text(st, 1, ag->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, ag->assessment, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : MERIT_EDB;
}

static void now_iso(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

int adoption_record(struct reg *r, const char *agency, const char *assessment,
    const char *previous, const char *actor, const char *reason,
    const char *config_hash)
{
	char at[32];
	now_iso(at, sizeof(at));
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(r->db, "INSERT INTO adoption(agency, assessment,"
	    " previous, actor, reason, at, config_hash) VALUES (?1, ?2, ?3, ?4,"
	    " ?5, ?6, ?7)", -1, &st, NULL) != SQLITE_OK)
		return MERIT_EDB;
	const char *v[] = { agency, assessment, previous, actor, reason, at,
		config_hash };
	for (int i = 0; i < 7; i++)
		sqlite3_bind_text(st, i + 1, v[i], -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE || seal_rows(r->db, "adoption", "id = %lld",
	    (long long)sqlite3_last_insert_rowid(r->db)))
		return MERIT_EDB;
	/* the audit entry's digest covers the row as written */
	crypto_generichash_state hs;
	unsigned char h[32];
	char digest[65], detail[768];
	crypto_generichash_init(&hs, NULL, 0, sizeof(h));
	for (int i = 0; i < 7; i++)
		crypto_generichash_update(&hs, (const unsigned char *)(v[i] ?
		    v[i] : ""), (v[i] ? strlen(v[i]) : 0) + 1);
	crypto_generichash_final(&hs, h, sizeof(h));
	sodium_bin2hex(digest, sizeof(digest), h, sizeof(h));
	snprintf(detail, sizeof(detail), "assessment %s -> %s: %s",
	    previous ? previous : "(none)", assessment, reason);
	return reg_audit(r, actor, "adopt", agency, detail, digest);
}

int adoption_mark_trial(struct reg *r, const char *receipt, int trial,
    int *changed)
{
	sqlite3_stmt *st;
	char err[512];
	/* the result changes: its seal is released, and renewed after */
	int rc = seal_release(r->db, err, sizeof(err), "result", "receipt = %Q"
	    " AND trial != %d", receipt, trial);
	if (rc) {
		if (rc == MERIT_EINPUT)
			fprintf(stderr, "merit: %s: %s\n", r->path, err);
		return rc;
	}
	if (sqlite3_prepare_v3(r->db, "UPDATE result SET trial = ?2 WHERE"
	    " receipt = ?1 AND trial != ?2", -1, SQLITE_PREPARE_PERSISTENT, &st,
	    NULL) != SQLITE_OK)
		return MERIT_EDB;
	sqlite3_bind_text(st, 1, receipt, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, trial);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return MERIT_EDB;
	if (changed)
		*changed = sqlite3_changes(r->db) > 0;
	return seal_rows(r->db, "result", "receipt = %Q", receipt);
}

int adoption_has_trials(struct reg *r, const char *agency,
    const char *assessment, int *yes)
{
	sqlite3_stmt *st;
	*yes = 0;
	if (sqlite3_prepare_v2(r->db, "SELECT EXISTS (SELECT 1 FROM result"
	    " WHERE agency = ?1 AND assessment = ?2 AND trial = 1)", -1, &st,
	    NULL) != SQLITE_OK)
		return MERIT_EDB;
	sqlite3_bind_text(st, 1, agency, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, assessment, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*yes = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : MERIT_EDB;
}
