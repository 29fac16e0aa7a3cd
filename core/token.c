/* API tokens (see token.h). The register keeps, per token, its id, agency,
 * role, label and a BLAKE2b-256 hash of "merit-token-1", the id and the
 * secret; never the secret. */
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <sodium.h>
#include "stmtcache.h"
#include "merit/error.h"
#include "audit.h"
#include "seal.h"
#include "token.h"

#define PREFIX "mrt_"
#define PREFIX_LEN 4
#define SECRET_BYTES 32
#define SECRET_LEN 43 /* base64url of 32 bytes, without padding */
#define TOKEN_LEN (PREFIX_LEN + TOKEN_ID_LEN + 1 + SECRET_LEN)
#define HASH_BYTES 32
#define DOMAIN "merit-token-1"

static const char *const role_names[] = { "admin", "methodologist",
	"assessor", "reader", "integrator" };
#define N_ROLES (sizeof(role_names) / sizeof(role_names[0]))

int token_role_parse(const char *name)
{
	for (size_t i = 0; name && i < N_ROLES; i++)
		if (!strcmp(name, role_names[i]))
			return 1 << i;
	return 0;
}

const char *token_role_name(int role)
{
	for (size_t i = 0; i < N_ROLES; i++)
		if (role == 1 << i)
			return role_names[i];
	return NULL;
}

const char *token_roles_list(int roles, char *buf, size_t len)
{
	size_t o = 0;
	if (!len)
		return buf;
	buf[0] = '\0';
	for (size_t i = 0; i < N_ROLES; i++) {
		if (!(roles & (1 << i)))
			continue;
		int w = snprintf(buf + o, len - o, "%s%s", o ? ", " : "",
		    role_names[i]);
		if (w < 0 || (size_t)w >= len - o)
			break; /* truncated, still terminated */
		o += (size_t)w;
	}
	return buf;
}

int token_agency_ok(const char *agency)
{
	if (!agency)
		return 0;
	size_t n = strlen(agency);
	return n >= 1 && n <= 127 && strspn(agency, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789._-") == n;
}

int token_label_ok(const char *label)
{
	if (!label)
		return 1;
	const unsigned char *s = (const unsigned char *)label;
	size_t n = strlen(label), i = 0;
	if (n > 127)
		return 0;
	while (i < n) {
		unsigned c = s[i], cp, min;
		size_t k;
		if (c < 0x80) {
			if (c < 0x20 || c == 0x7f)
				return 0;
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			k = 1, min = 0x80;
		else if ((c & 0xF0) == 0xE0)
			k = 2, min = 0x800;
		else if (c >= 0xF0 && c <= 0xF4)
			k = 3, min = 0x10000;
		else
			return 0;
		if (n - i <= k)
			return 0;
		cp = c & (0x3Fu >> k);
		for (size_t j = 1; j <= k; j++) {
			if ((s[i + j] & 0xC0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + j] & 0x3F);
		}
		/* overlong forms, surrogates and the C1 controls */
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF) ||
		    (cp >= 0x80 && cp <= 0x9F))
			return 0;
		i += k + 1;
	}
	return 1;
}

static int is_id(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f')))
			return 0;
	return 1;
}

static int is_b64url(const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_'))
			return 0;
	}
	return 1;
}

/* BLAKE2b-256 of the domain, the id and the secret; all fixed-length, so
 * plain concatenation is unambiguous. */
static void token_hash(const char *id, const char *secret,
    unsigned char out[HASH_BYTES])
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, HASH_BYTES);
	crypto_generichash_update(&st, (const unsigned char *)DOMAIN,
	    strlen(DOMAIN));
	crypto_generichash_update(&st, (const unsigned char *)id, TOKEN_ID_LEN);
	crypto_generichash_update(&st, (const unsigned char *)secret,
	    SECRET_LEN);
	crypto_generichash_final(&st, out, HASH_BYTES);
	sodium_memzero(&st, sizeof(st));
}

static void now_iso(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static void copy(char *dst, size_t len, const unsigned char *src)
{
	snprintf(dst, len, "%s", src ? (const char *)src : "");
}

/* Writes in one transaction: BEGIN IMMEDIATE on its own, or a savepoint
 * inside the caller's transaction. */
static int tx_begin(sqlite3 *db, int *nested)
{
	*nested = !sqlite3_get_autocommit(db);
	return sqlite3_exec(db, *nested ? "SAVEPOINT token" : "BEGIN IMMEDIATE",
	    NULL, NULL, NULL) == SQLITE_OK ? 0 : MERIT_EDB;
}

static int tx_commit(sqlite3 *db, int nested)
{
	return sqlite3_exec(db, nested ? "RELEASE token" : "COMMIT", NULL, NULL,
	    NULL) == SQLITE_OK ? 0 : MERIT_EDB;
}

static void tx_rollback(sqlite3 *db, int nested)
{
	seal_discard(db);
	sqlite3_exec(db, nested ? "ROLLBACK TO token; RELEASE token" :
	    "ROLLBACK", NULL, NULL, NULL);
}

int token_create(sqlite3 *db, const char *agency, int role,
    const char *label, char out[TOKEN_MAX], struct token_info *info)
{
	const char *rname = token_role_name(role);
	unsigned char raw[SECRET_BYTES], hash[HASH_BYTES], idb[TOKEN_ID_LEN / 2];
	char id[TOKEN_ID_LEN + 1], secret[SECRET_LEN + 1], now[32];
	char detail[512];
	sqlite3_stmt *st = NULL;
	int rc, nested;
	if (label && !*label)
		label = NULL;
	if (!rname || !token_agency_ok(agency) || !token_label_ok(label))
		return MERIT_EINPUT;
	if (tx_begin(db, &nested))
		return MERIT_EDB;
	rc = MERIT_EDB;
	if (stmt_prepare(db, "INSERT INTO token(id, agency, role, label,"
	    " hash, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)", -1, &st, NULL)
	    != SQLITE_OK)
		goto fail;
	now_iso(now, sizeof(now));
	/* 48 random bits of id: a clash is unlikely, but is retried */
	for (int attempt = 0; attempt < 4; attempt++) {
		randombytes_buf(idb, sizeof(idb));
		sodium_bin2hex(id, sizeof(id), idb, sizeof(idb));
		randombytes_buf(raw, sizeof(raw));
		sodium_bin2base64(secret, sizeof(secret), raw, sizeof(raw),
		    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
		token_hash(id, secret, hash);
		sqlite3_bind_text(st, 1, id, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 2, agency, -1, SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 3, rname, -1, SQLITE_STATIC);
		if (label)
			sqlite3_bind_text(st, 4, label, -1, SQLITE_TRANSIENT);
		else
			sqlite3_bind_null(st, 4);
		sqlite3_bind_blob(st, 5, hash, sizeof(hash), SQLITE_TRANSIENT);
		sqlite3_bind_text(st, 6, now, -1, SQLITE_TRANSIENT);
		int s = sqlite3_step(st);
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		if (s == SQLITE_DONE) {
			rc = 0;
			break;
		}
		if (sqlite3_extended_errcode(db) != SQLITE_CONSTRAINT_PRIMARYKEY)
			break;
	}
	stmt_finalize(st);
	st = NULL;
	if (rc)
		goto fail;
	/* not the label: it may name a person, and the audit log holds
	 * pseudonymous ids only */
	snprintf(detail, sizeof(detail), "token %s, role %s", id, rname);
	if ((rc = seal_rows(db, "token", "id = %Q", id)) ||
	    (rc = audit_append(db, now, "cli", "token-create", agency, detail,
	    NULL)) || (rc = tx_commit(db, nested)))
		goto fail;
	snprintf(out, TOKEN_MAX, PREFIX "%s_%s", id, secret);
	if (info) {
		memset(info, 0, sizeof(*info));
		memcpy(info->id, id, sizeof(info->id));
		snprintf(info->agency, sizeof(info->agency), "%s", agency);
		info->role = role;
		snprintf(info->label, sizeof(info->label), "%s", label ? label : "");
		snprintf(info->created, sizeof(info->created), "%s", now);
	}
	sodium_memzero(raw, sizeof(raw));
	sodium_memzero(secret, sizeof(secret));
	return 0;
fail:
	stmt_finalize(st);
	tx_rollback(db, nested);
	sodium_memzero(raw, sizeof(raw));
	sodium_memzero(secret, sizeof(secret));
	return MERIT_EDB;
}

int token_revoke(sqlite3 *db, const char *id)
{
	sqlite3_stmt *st = NULL;
	char agency[128], role[32], now[32], detail[128];
	int rc, nested;
	if (!id || strlen(id) != TOKEN_ID_LEN || !is_id(id, TOKEN_ID_LEN))
		return MERIT_ENOENT;
	if (tx_begin(db, &nested))
		return MERIT_EDB;
	if (stmt_prepare(db, "SELECT agency, role, revoked_at FROM token"
	    " WHERE id = ?1", -1, &st, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE || (rc == SQLITE_ROW &&
	    sqlite3_column_type(st, 2) != SQLITE_NULL)) {
		/* no such token, or revoked already: nothing to write */
		stmt_finalize(st);
		tx_rollback(db, nested);
		return rc == SQLITE_DONE ? MERIT_ENOENT : 0;
	}
	if (rc != SQLITE_ROW)
		goto fail;
	copy(agency, sizeof(agency), sqlite3_column_text(st, 0));
	copy(role, sizeof(role), sqlite3_column_text(st, 1));
	stmt_finalize(st);
	st = NULL;
	now_iso(now, sizeof(now));
	/* a token edited outside merit is not revoked as if it were sound */
	char err[512];
	if ((rc = seal_release(db, err, sizeof(err), "token", "id = %Q", id))) {
		if (rc == MERIT_EINPUT)
			fprintf(stderr, "merit: %s\n", err);
		goto fail;
	}
	if (stmt_prepare(db, "UPDATE token SET revoked_at = ?2 WHERE"
	    " id = ?1 AND revoked_at IS NULL", -1, &st, NULL) != SQLITE_OK)
		goto fail;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE)
		goto fail;
	stmt_finalize(st);
	st = NULL;
	snprintf(detail, sizeof(detail), "token %s, role %s", id, role);
	if (seal_rows(db, "token", "id = %Q", id) ||
	    audit_append(db, now, "cli", "token-revoke", agency, detail, NULL) ||
	    tx_commit(db, nested))
		goto fail;
	return 0;
fail:
	stmt_finalize(st);
	tx_rollback(db, nested);
	return MERIT_EDB;
}

/* id, agency, role, label, created_at, revoked_at from st into t. */
static void fill(sqlite3_stmt *st, struct token_info *t)
{
	memset(t, 0, sizeof(*t));
	copy(t->id, sizeof(t->id), sqlite3_column_text(st, 0));
	copy(t->agency, sizeof(t->agency), sqlite3_column_text(st, 1));
	t->role = token_role_parse((const char *)sqlite3_column_text(st, 2));
	copy(t->label, sizeof(t->label), sqlite3_column_text(st, 3));
	copy(t->created, sizeof(t->created), sqlite3_column_text(st, 4));
	copy(t->revoked, sizeof(t->revoked), sqlite3_column_text(st, 5));
}

int token_verify(sqlite3 *db, const char *bearer, struct token_info *info)
{
	char id[TOKEN_ID_LEN + 1];
	unsigned char hash[HASH_BYTES];
	sqlite3_stmt *st;
	const char *secret;
	struct token_info t;
	if (info)
		memset(info, 0, sizeof(*info));
	/* strictly "mrt_" ID "_" SECRET, nothing around it */
	if (!bearer || strnlen(bearer, TOKEN_LEN + 1) != TOKEN_LEN ||
	    memcmp(bearer, PREFIX, PREFIX_LEN) ||
	    !is_id(bearer + PREFIX_LEN, TOKEN_ID_LEN) ||
	    bearer[PREFIX_LEN + TOKEN_ID_LEN] != '_' ||
	    !is_b64url(bearer + PREFIX_LEN + TOKEN_ID_LEN + 1, SECRET_LEN))
		return MERIT_ENOENT;
	memcpy(id, bearer + PREFIX_LEN, TOKEN_ID_LEN);
	id[TOKEN_ID_LEN] = '\0';
	secret = bearer + PREFIX_LEN + TOKEN_ID_LEN + 1;
	/* a token whose role, agency, hash or revocation was edited outside
	 * merit no longer carries its seal: it opens nothing */
	if (stmt_prepare(db, "SELECT id, agency, role, label, created_at,"
	    " revoked_at, hash, seal IS NOT NULL AND seal IS merit_seal_of("
	    "'token', sealed_by, id, agency, role, label, hash, created_at,"
	    " revoked_at) FROM token WHERE id = ?1", -1, &st, NULL) !=
	    SQLITE_OK)
		return MERIT_EDB;
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		stmt_finalize(st);
		return rc == SQLITE_DONE ? MERIT_ENOENT : MERIT_EDB;
	}
	token_hash(id, secret, hash);
	const void *stored = sqlite3_column_blob(st, 6);
	int match = sqlite3_column_bytes(st, 6) == HASH_BYTES && stored &&
	    sodium_memcmp(stored, hash, HASH_BYTES) == 0 &&
	    sqlite3_column_int(st, 7);
	sodium_memzero(hash, sizeof(hash));
	if (!match) {
		stmt_finalize(st);
		return MERIT_ENOENT;
	}
	fill(st, &t);
	stmt_finalize(st);
	if (info)
		*info = t;
	return t.revoked[0] ? MERIT_EINPUT : 0;
}

int token_list(sqlite3 *db, const char *agency,
    int (*fn)(void *arg, const struct token_info *t), void *arg)
{
	sqlite3_stmt *st;
	struct token_info t;
	int rc, stop = 0;
	if (stmt_prepare(db, "SELECT id, agency, role, label, created_at,"
	    " revoked_at FROM token WHERE ?1 IS NULL OR agency = ?1"
	    " ORDER BY created_at, id", -1, &st, NULL) != SQLITE_OK)
		return MERIT_EDB;
	if (agency)
		sqlite3_bind_text(st, 1, agency, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		fill(st, &t);
		if ((stop = fn(arg, &t)))
			break;
	}
	stmt_finalize(st);
	if (stop)
		return stop;
	return rc == SQLITE_DONE ? 0 : MERIT_EDB;
}
