/* API tokens: a token verifies only whole and unchanged, a revoked one is
 * told apart, malformed bearer strings are refused before any lookup, bad
 * input writes nothing, and the secret is nowhere in the register. Runs
 * on an in-memory register made by reg_open, so the schema is the real
 * one. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sodium.h>
#include "merit/error.h"
#include "../core/audit.h"
#include "../core/diag.h"
#include "../core/register.h"
#include "../core/token.h"

static int n_test, failed;

static void ok(int cond, const char *what)
{
	n_test++;
	if (!cond)
		failed = 1;
	printf("%sok %d - %s\n", cond ? "" : "not ", n_test, what);
}

static long long count(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st;
	long long n = -1;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

/* "mrt_" + 12 lowercase hex + "_" + 43 base64url characters. */
static int well_formed(const char *t)
{
	if (strlen(t) != 60 || strncmp(t, "mrt_", 4) || t[16] != '_')
		return 0;
	for (int i = 4; i < 16; i++)
		if (!strchr("0123456789abcdef", t[i]))
			return 0;
	for (int i = 17; i < 60; i++)
		if (!strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		    "0123456789-_", t[i]))
			return 0;
	return 1;
}

/* verify must refuse s with MERIT_ENOENT and leave info empty */
static void refused(sqlite3 *db, const char *s, const char *what)
{
	struct token_info info;
	memset(&info, 'x', sizeof(info));
	int rc = token_verify(db, s, &info);
	char msg[160];
	snprintf(msg, sizeof(msg), "refused: %s", what);
	ok(rc == MERIT_ENOENT && !info.agency[0] && !info.role, msg);
}

struct seen {
	int n, admin, other_agency;
};

static int on_token(void *arg, const struct token_info *t)
{
	struct seen *s = arg;
	s->n++;
	s->admin += t->role == ROLE_ADMIN;
	s->other_agency += strcmp(t->agency, "kz-digital") != 0;
	return 0;
}

static int stop_at_first(void *arg, const struct token_info *t)
{
	(void)t;
	++*(int *)arg;
	return 7;
}

int main(void)
{
	struct reg r;
	struct diag d;
	struct token_info info, v;
	char tok[TOKEN_MAX], tok2[TOKEN_MAX], bad[TOKEN_MAX + 8], buf[128];
	if (sodium_init() < 0)
		return 99;
	diag_init(&d);
	if (reg_open(&r, ":memory:", &d)) {
		diag_print(&d);
		return 99;
	}
	diag_free(&d);
	sqlite3 *db = r.db;
	printf("1..61\n");

	/* roles */
	static const char *names[] = { "admin", "methodologist", "assessor",
		"reader", "integrator" };
	static const int bits[] = { ROLE_ADMIN, ROLE_METHODOLOGIST,
		ROLE_ASSESSOR, ROLE_READER, ROLE_INTEGRATOR };
	int round = 1;
	for (int i = 0; i < 5; i++)
		round &= token_role_parse(names[i]) == bits[i] &&
		    !strcmp(token_role_name(bits[i]), names[i]);
	ok(round, "each role name parses to its bit and back");
	ok(!token_role_parse("Admin") && !token_role_parse("") &&
	    !token_role_parse(NULL) && !token_role_parse("admin "),
	    "unknown role names parse to 0");
	ok(!token_role_name(0) && !token_role_name(ROLE_ADMIN | ROLE_READER) &&
	    !token_role_name(1 << 5), "only one role bit has a name");
	ok(!strcmp(token_roles_list(ROLES_ALL, buf, sizeof(buf)),
	    "admin, methodologist, assessor, reader, integrator") &&
	    !strcmp(token_roles_list(ROLE_READER | ROLE_ADMIN, buf, sizeof(buf)),
	    "admin, reader") && !strcmp(token_roles_list(0, buf, sizeof(buf)),
	    ""), "a set of roles is listed in bit order");
	char small[10];
	token_roles_list(ROLES_ALL, small, sizeof(small));
	ok(strlen(small) < sizeof(small), "a list that does not fit is cut, "
	    "still terminated");

	/* create and verify */
	int rc = token_create(db, "kz-digital", ROLE_ASSESSOR, "field tablets",
	    tok, &info);
	ok(rc == 0 && well_formed(tok), "create writes a well-formed token");
	ok(!strncmp(tok + 4, info.id, TOKEN_ID_LEN) && strlen(info.id) == 12 &&
	    info.role == ROLE_ASSESSOR && !strcmp(info.agency, "kz-digital") &&
	    !strcmp(info.label, "field tablets") && info.created[0] &&
	    !info.revoked[0], "create fills info: id in the token, agency, "
	    "role, label");
	memset(&v, 0, sizeof(v));
	rc = token_verify(db, tok, &v);
	ok(rc == 0 && !strcmp(v.id, info.id) && v.role == ROLE_ASSESSOR &&
	    !strcmp(v.agency, "kz-digital") && !strcmp(v.label, "field tablets")
	    && !strcmp(v.created, info.created) && !v.revoked[0],
	    "the token verifies: its agency and role returned");
	ok(token_verify(db, tok, NULL) == 0, "verify takes a NULL info");
	ok(count(db, "SELECT length(hash) FROM token") == 32 &&
	    count(db, "SELECT typeof(hash) = 'blob' FROM token") == 1,
	    "the register keeps a 32-byte hash");
	{
		char q[256];
		snprintf(q, sizeof(q), "SELECT count(*) FROM token WHERE"
		    " instr(hash, '%s') OR instr(CAST(hash AS TEXT), '%s')"
		    " OR instr(label, '%s')", tok + 17, tok + 17, tok + 17);
		long long n1 = count(db, q);
		snprintf(q, sizeof(q), "SELECT count(*) FROM audit WHERE"
		    " instr(detail, '%.20s') OR instr(subject, '%.20s')", tok + 17,
		    tok + 17);
		ok(n1 == 0 && count(db, q) == 0, "the secret is neither in the "
		    "token table nor in the audit log");
	}
	ok(count(db, "SELECT count(*) FROM audit WHERE action = 'token-create'"
	    " AND subject = 'kz-digital' AND detail LIKE 'token %, role"
	    " assessor'") == 1 && count(db, "SELECT count(*) FROM audit WHERE"
	    " detail LIKE '%field tablets%'") == 0,
	    "create is one token-create audit entry, without the label");

	rc = token_create(db, "kz-digital", ROLE_ADMIN, NULL, tok2, &info);
	ok(rc == 0 && well_formed(tok2) && strcmp(tok, tok2) &&
	    strncmp(tok + 4, tok2 + 4, 12), "a second token differs in id and "
	    "secret");
	rc = token_verify(db, tok2, &v);
	ok(rc == 0 && v.role == ROLE_ADMIN && !v.label[0],
	    "the second verifies as admin, without a label");
	ok(token_create(db, "kz-digital", ROLE_READER, "", tok2, &info) == 0 &&
	    !info.label[0] && count(db, "SELECT count(*) FROM token WHERE"
	    " label IS NULL") == 2, "an empty label is no label");
	/* the role raised with the shell: the seal no longer holds, and the
	 * token opens nothing */
	{
		char q[256], saved[64];
		snprintf(saved, sizeof(saved), "%.12s", tok + 4);
		snprintf(q, sizeof(q), "UPDATE token SET role = 'admin' WHERE id ="
		    " '%s'", saved);
		sqlite3_exec(db, q, NULL, NULL, NULL);
		ok(token_verify(db, tok, &v) == MERIT_ENOENT, "a token whose role "
		    "was edited outside merit does not verify");
		snprintf(q, sizeof(q), "UPDATE token SET role = 'assessor' WHERE id"
		    " = '%s'", saved);
		sqlite3_exec(db, q, NULL, NULL, NULL);
		ok(token_verify(db, tok, &v) == 0, "  ... and verifies again once "
		    "its row is as merit wrote it");
	}
	ok(token_create(db, "uz.adps_2", ROLE_INTEGRATOR,
	    "Казначейство \xe2\x80\x94 HR", tok2, &info) == 0 &&
	    token_verify(db, tok2, &v) == 0 && v.role == ROLE_INTEGRATOR &&
	    !strcmp(v.agency, "uz.adps_2"), "a UTF-8 label and an agency with "
	    ". and _ are accepted");

	/* changed tokens */
	snprintf(bad, sizeof(bad), "%s", tok);
	bad[59] = bad[59] == 'A' ? 'B' : 'A';
	refused(db, bad, "the last character of the secret changed");
	snprintf(bad, sizeof(bad), "%s", tok);
	bad[30] = bad[30] == '-' ? '_' : '-';
	refused(db, bad, "a middle character of the secret changed");
	snprintf(bad, sizeof(bad), "%s", tok);
	bad[17] = bad[17] == 'z' ? 'y' : 'z';
	refused(db, bad, "the first character of the secret changed");
	snprintf(bad, sizeof(bad), "%s", tok);
	bad[10] = bad[10] == '0' ? '1' : '0';
	refused(db, bad, "a digit of the id changed");
	snprintf(bad, sizeof(bad), "%.17s%s", tok, tok2 + 17);
	refused(db, bad, "the id of one token with the secret of another");
	snprintf(bad, sizeof(bad), "mrt_000000000000%s", tok + 16);
	refused(db, bad, "an id not in the register");

	/* malformed */
	refused(db, "", "the empty string");
	refused(db, NULL, "NULL");
	refused(db, "mrt_", "the prefix alone");
	refused(db, tok + 4, "the token without its prefix");
	snprintf(bad, sizeof(bad), "MRT_%s", tok + 4);
	refused(db, bad, "the prefix in capitals");
	snprintf(bad, sizeof(bad), "mrt-%s", tok + 4);
	refused(db, bad, "mrt- for mrt_");
	snprintf(bad, sizeof(bad), "%.59s", tok);
	refused(db, bad, "one character short");
	snprintf(bad, sizeof(bad), "%sA", tok);
	refused(db, bad, "one character over");
	snprintf(bad, sizeof(bad), "%s\n", tok);
	refused(db, bad, "a trailing newline");
	snprintf(bad, sizeof(bad), " %s", tok);
	refused(db, bad, "a leading space");
	snprintf(bad, sizeof(bad), "Bearer %s", tok);
	refused(db, bad, "the Authorization scheme left in");
	snprintf(bad, sizeof(bad), "%s", tok);
	bad[40] = '+';
	refused(db, bad, "'+' (standard base64, not base64url) in the secret");
	snprintf(bad, sizeof(bad), "%s", tok);
	bad[59] = '=';
	refused(db, bad, "padding in the secret");
	snprintf(bad, sizeof(bad), "%s", tok);
	for (int i = 4; i < 16; i++)
		if (bad[i] >= 'a')
			bad[i] = (char)(bad[i] - 'a' + 'A');
	if (!strncmp(bad, tok, 16)) /* an id of digits only: force one */
		bad[4] = 'A';
	refused(db, bad, "capital letters in the id");
	snprintf(bad, sizeof(bad), "%s", tok);
	bad[16] = '-';
	refused(db, bad, "'-' between id and secret");
	snprintf(bad, sizeof(bad), "%.15s_%s", tok, tok + 16);
	refused(db, bad, "an id one digit short, the length made up");

	/* revoke */
	char id[TOKEN_ID_LEN + 1];
	snprintf(id, sizeof(id), "%.12s", tok + 4);
	long long audit_before = count(db, "SELECT count(*) FROM audit");
	ok(token_revoke(db, id) == 0 && count(db, "SELECT count(*) FROM token"
	    " WHERE revoked_at IS NOT NULL") == 1, "revoke marks revoked_at");
	memset(&v, 0, sizeof(v));
	rc = token_verify(db, tok, &v);
	ok(rc == MERIT_EINPUT && !strcmp(v.id, id) && v.role == ROLE_ASSESSOR &&
	    !strcmp(v.agency, "kz-digital") && v.revoked[0],
	    "a revoked token: MERIT_EINPUT, info filled with when");
	snprintf(bad, sizeof(bad), "%s", tok);
	bad[59] = bad[59] == 'A' ? 'B' : 'A';
	memset(&v, 0, sizeof(v));
	ok(token_verify(db, bad, &v) == MERIT_ENOENT && !v.agency[0],
	    "a revoked token's id with a wrong secret tells nothing");
	ok(count(db, "SELECT count(*) FROM audit") == audit_before + 1 &&
	    count(db, "SELECT count(*) FROM audit WHERE action = 'token-revoke'"
	    " AND subject = 'kz-digital'") == 1, "revoke is one token-revoke "
	    "audit entry");
	char *before = sqlite3_mprintf("%s", "");
	{
		sqlite3_stmt *st;
		sqlite3_prepare_v2(db, "SELECT revoked_at FROM token WHERE id = ?1",
		    -1, &st, NULL);
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW) {
			sqlite3_free(before);
			before = sqlite3_mprintf("%s", sqlite3_column_text(st, 0));
		}
		sqlite3_finalize(st);
	}
	rc = token_revoke(db, id);
	{
		char q[128];
		snprintf(q, sizeof(q), "SELECT count(*) FROM token WHERE id = '%s'"
		    " AND revoked_at = '%s'", id, before);
		ok(rc == 0 && count(db, q) == 1 && count(db, "SELECT count(*) FROM"
		    " audit") == audit_before + 1, "revoking twice: 0, and nothing "
		    "changes, no second entry");
	}
	sqlite3_free(before);
	ok(token_revoke(db, "000000000000") == MERIT_ENOENT,
	    "revoking an unknown id: MERIT_ENOENT");
	ok(token_revoke(db, "0123") == MERIT_ENOENT && token_revoke(db, tok) ==
	    MERIT_ENOENT && token_revoke(db, NULL) == MERIT_ENOENT,
	    "revoke takes only an id");
	ok(sqlite3_get_autocommit(db), "no transaction is left open");

	/* bad input writes nothing */
	long long tokens = count(db, "SELECT count(*) FROM token");
	audit_before = count(db, "SELECT count(*) FROM audit");
	char longid[140];
	memset(longid, 'a', 128);
	longid[128] = '\0';
	char longlabel[140];
	memset(longlabel, 'l', 128);
	longlabel[128] = '\0';
	int bad_in = 1;
	bad_in &= token_create(db, "", ROLE_ADMIN, NULL, tok2, NULL) ==
	    MERIT_EINPUT;
	bad_in &= token_create(db, NULL, ROLE_ADMIN, NULL, tok2, NULL) ==
	    MERIT_EINPUT;
	bad_in &= token_create(db, "kz digital", ROLE_ADMIN, NULL, tok2, NULL) ==
	    MERIT_EINPUT;
	bad_in &= token_create(db, "kz/digital", ROLE_ADMIN, NULL, tok2, NULL) ==
	    MERIT_EINPUT;
	bad_in &= token_create(db, longid, ROLE_ADMIN, NULL, tok2, NULL) ==
	    MERIT_EINPUT;
	ok(bad_in, "a bad agency: MERIT_EINPUT");
	longid[127] = '\0';
	ok(token_agency_ok(longid), "an agency of 127 bytes is accepted");
	bad_in = 1;
	bad_in &= token_create(db, "kz", 0, NULL, tok2, NULL) == MERIT_EINPUT;
	bad_in &= token_create(db, "kz", ROLE_ADMIN | ROLE_READER, NULL, tok2,
	    NULL) == MERIT_EINPUT;
	bad_in &= token_create(db, "kz", 1 << 5, NULL, tok2, NULL) ==
	    MERIT_EINPUT;
	ok(bad_in, "no role, two roles, an unknown bit: MERIT_EINPUT");
	bad_in = 1;
	bad_in &= token_create(db, "kz", ROLE_ADMIN, "a\nb", tok2, NULL) ==
	    MERIT_EINPUT;
	bad_in &= token_create(db, "kz", ROLE_ADMIN, "a\tb", tok2, NULL) ==
	    MERIT_EINPUT;
	bad_in &= token_create(db, "kz", ROLE_ADMIN, "a\x7f", tok2, NULL) ==
	    MERIT_EINPUT;
	bad_in &= token_create(db, "kz", ROLE_ADMIN, "a\xc2\x85", tok2, NULL) ==
	    MERIT_EINPUT;
	bad_in &= token_create(db, "kz", ROLE_ADMIN, "a\xff", tok2, NULL) ==
	    MERIT_EINPUT;
	bad_in &= token_create(db, "kz", ROLE_ADMIN, "\xc0\xaf", tok2, NULL) ==
	    MERIT_EINPUT;
	bad_in &= token_create(db, "kz", ROLE_ADMIN, longlabel, tok2, NULL) ==
	    MERIT_EINPUT;
	ok(bad_in, "a label with control characters, bad UTF-8 or over 127 "
	    "bytes: MERIT_EINPUT");
	longlabel[127] = '\0';
	ok(token_label_ok(longlabel) && token_label_ok(NULL),
	    "a label of 127 bytes, or none, is accepted");
	ok(count(db, "SELECT count(*) FROM token") == tokens &&
	    count(db, "SELECT count(*) FROM audit") == audit_before,
	    "bad input wrote neither a token nor an audit entry");

	/* inside the caller's transaction: a savepoint, undone with it */
	sqlite3_exec(db, "BEGIN IMMEDIATE", NULL, NULL, NULL);
	rc = token_create(db, "kz-digital", ROLE_READER, NULL, tok2, NULL);
	int inside = rc == 0 && !sqlite3_get_autocommit(db) &&
	    token_verify(db, tok2, NULL) == 0;
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	ok(inside && token_verify(db, tok2, NULL) == MERIT_ENOENT &&
	    count(db, "SELECT count(*) FROM token") == tokens &&
	    count(db, "SELECT count(*) FROM audit") == audit_before,
	    "in the caller's transaction, create is undone with it");

	/* list */
	struct seen s = { 0 };
	ok(token_list(db, NULL, on_token, &s) == 0 && s.n == (int)tokens &&
	    s.admin == 1 && s.other_agency == 1, "list: every token");
	memset(&s, 0, sizeof(s));
	ok(token_list(db, "kz-digital", on_token, &s) == 0 &&
	    s.n == (int)tokens - 1 && s.other_agency == 0,
	    "list --agency: that agency's only");
	memset(&s, 0, sizeof(s));
	ok(token_list(db, "nobody", on_token, &s) == 0 && s.n == 0,
	    "list of an agency without tokens: none");
	int calls = 0;
	ok(token_list(db, NULL, stop_at_first, &calls) == 7 && calls == 1,
	    "a callback's non-zero stops the list and is returned");

	/* many ids, no two alike */
	for (int i = 0; i < 40; i++)
		token_create(db, "bulk", ROLE_READER, NULL, tok2, NULL);
	ok(count(db, "SELECT count(DISTINCT id) FROM token WHERE agency ="
	    " 'bulk'") == 40, "40 tokens, 40 ids");

	struct audit_report rep;
	ok(audit_verify(db, NULL, &rep) == 0 && rep.entries == audit_before + 40,
	    "the audit log is intact after creates and revokes");
	sodium_memzero(tok, sizeof(tok));
	sodium_memzero(tok2, sizeof(tok2));
	sodium_memzero(bad, sizeof(bad));
	reg_close(&r);
	return failed;
}
