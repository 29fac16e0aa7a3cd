/* API tokens: bearer secrets per agency and role, kept in the register
 * only as a BLAKE2b hash (libsodium). A token reads "mrt_ID_SECRET": ID
 * (12 hex digits) finds the row, SECRET (43 base64url characters, 256
 * random bits) is compared in constant time with the stored hash. */
#ifndef MERIT_TOKEN_H
#define MERIT_TOKEN_H

#include <sqlite3.h>
#include <stddef.h>

/* Roles, as bits so a route can name the set it admits. */
enum token_role {
	ROLE_ADMIN = 1 << 0, /* everything in its agency, decisions on plans */
	ROLE_METHODOLOGIST = 1 << 1, /* the model, reports, plan proposals */
	ROLE_ASSESSOR = 1 << 2, /* submits evidence, reads results */
	ROLE_READER = 1 << 3, /* reads */
	ROLE_INTEGRATOR = 1 << 4, /* another system: persons, evidence */
};
#define ROLES_ALL 0x1f

#define TOKEN_ID_LEN 12
#define TOKEN_MAX 64 /* "mrt_" + id + "_" + secret + NUL, rounded up */

struct token_info {
	char id[TOKEN_ID_LEN + 1];
	char agency[128];
	int role; /* one ROLE_ bit */
	char label[128];
	char created[32], revoked[32]; /* ISO 8601 UTC; revoked "" if live */
};

/* "admin" -> ROLE_ADMIN; 0 for an unknown name. */
int token_role_parse(const char *name);
/* The name of one ROLE_ bit; NULL for anything else. */
const char *token_role_name(int role);
/* "admin, reader" for a set of bits, into buf. */
const char *token_roles_list(int roles, char *buf, size_t len);

/* 1 when an agency id is 1 to 127 bytes of [A-Za-z0-9._-], else 0. */
int token_agency_ok(const char *agency);
/* 1 when a label is NULL, or at most 127 bytes of UTF-8 without control
 * characters (C0, DEL, C1), else 0. */
int token_label_ok(const char *label);

/* Create a token; the whole token is written to out (TOKEN_MAX bytes) and
 * is never stored or shown again. 0, MERIT_EINPUT (bad agency/role), or
 * MERIT_EDB. Adds a token-create audit entry (without the secret). */
int token_create(sqlite3 *db, const char *agency, int role,
    const char *label, char out[TOKEN_MAX], struct token_info *info);
/* Revoke by id: 0, MERIT_ENOENT (no such id), MERIT_EDB. Revoking twice
 * is not an error and changes nothing. Audit entry token-revoke. */
int token_revoke(sqlite3 *db, const char *id);
/* The token behind a bearer string: 0 and *info when it is a live token;
 * MERIT_ENOENT when malformed, unknown, the secret differs or the row was
 * changed outside merit (its seal does not hold); MERIT_EINPUT when
 * revoked (info filled). Never logs or keeps the secret. */
int token_verify(sqlite3 *db, const char *bearer, struct token_info *info);
/* Each token (agency NULL: every agency), oldest first. */
int token_list(sqlite3 *db, const char *agency,
    int (*fn)(void *arg, const struct token_info *t), void *arg);

#endif
