/* merit token: create, revoke and list the API tokens of merit serve. The
 * secret of a token is printed once, by create, and kept nowhere. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <jansson.h>
#include <sodium.h>
#include "merit/error.h"
#include "commands.h"
#include "diag.h"
#include "register.h"
#include "token.h"

#define ROLES "admin, methodologist, assessor, reader, integrator"

static void help(FILE *f)
{
	fprintf(f, "usage: merit token create --agency ID --role ROLE "
	    "[--label TEXT] [--db FILE]\n"
	    "       merit token revoke [--db FILE] ID\n"
	    "       merit token list [--agency ID] [--format table|json] "
	    "[--db FILE]\n\n"
	    "The bearer tokens merit serve admits: each is for one agency and "
	    "one role.\nThe register keeps a token's id, agency, role, label "
	    "and a hash of its\nsecret, never the secret: create prints the "
	    "token once, and it cannot be\nshown again. Create and revoke are "
	    "entries in the audit log.\n\n"
	    "  create   a token; prints it alone on standard output\n"
	    "  revoke   a token by its id (12 hex digits) or the whole token; "
	    "revoking\n"
	    "           twice changes nothing\n"
	    "  list     the tokens, oldest first, with their id, agency, role, "
	    "label,\n"
	    "           when created and when revoked\n\n"
	    "  --db FILE             register (default: merit.db); create makes "
	    "it if missing\n"
	    "  --agency ID           the agency the token is for (create), or "
	    "whose tokens\n"
	    "                        to list\n"
	    "  --role ROLE           " ROLES "\n"
	    "  --label TEXT          what the token is for, up to 127 bytes\n"
	    "  --format table|json   list's output (default: table)\n"
	    "\n'merit token COMMAND --help' describes one command.\n"
	    "Exit status: 0 done, 1 revoke of an unknown id, 2 usage, input or "
	    "register\nerror (nothing written).\n");
}

static void help_create(FILE *f)
{
	fprintf(f, "usage: merit token create --agency ID --role ROLE "
	    "[--label TEXT] [--db FILE]\n\n"
	    "Make a token for merit serve and print it alone on standard "
	    "output. Only a\nhash of its secret is kept: copy the token now, "
	    "it is not shown again.\nThe register is made if missing. The agency "
	    "need not be in the register yet.\n\n"
	    "  --db FILE       register (default: merit.db)\n"
	    "  --agency ID     the agency's id: 1 to 127 characters of A-Z, a-z, "
	    "0-9, . _ -\n"
	    "  --role ROLE     " ROLES "\n"
	    "  --label TEXT    what the token is for (up to 127 bytes, no "
	    "control characters)\n"
	    "\nExit status: 0 created, 2 usage, input or register error (nothing "
	    "written).\n");
}

static void help_revoke(FILE *f)
{
	fprintf(f, "usage: merit token revoke [--db FILE] ID\n\n"
	    "Revoke a token: merit serve refuses it from now on. ID is the "
	    "token's id\n(12 hex digits, as merit token list shows) or the whole "
	    "token. Revoking a\nrevoked token changes nothing.\n\n"
	    "  --db FILE       register (default: merit.db)\n"
	    "\nExit status: 0 revoked (or already), 1 no token has that id, 2 "
	    "usage or\nregister error.\n");
}

static void help_list(FILE *f)
{
	fprintf(f, "usage: merit token list [--agency ID] [--format table|json] "
	    "[--db FILE]\n\n"
	    "List the tokens, oldest first: id, agency, role, label, when "
	    "created and\nwhen revoked. Never a secret or its hash.\n\n"
	    "  --db FILE             register (default: merit.db)\n"
	    "  --agency ID           only this agency's tokens\n"
	    "  --format table|json   output (default: table)\n"
	    "\nExit status: 0 listed, 2 usage or register error.\n");
}

static int check_agency(const char *agency)
{
	if (token_agency_ok(agency))
		return 0;
	fprintf(stderr, "merit token: --agency '%.200s': expected the agency's "
	    "id, 1 to 127 characters of A-Z, a-z, 0-9, '.', '_' and '-'\n",
	    agency);
	return -1;
}

static int no_register(const char *db)
{
	struct stat sst;
	if (!stat(db, &sst))
		return 0;
	fprintf(stderr, "merit token: %s: no register there; make one with "
	    "merit token create, merit import or merit assess, or give --db\n",
	    db);
	return 1;
}

/* A warning, not an error: tokens may be made before the first import. */
static void warn_unknown_agency(sqlite3 *db, const char *agency)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT EXISTS (SELECT 1 FROM agency),"
	    " EXISTS (SELECT 1 FROM agency WHERE id = ?1)", -1, &st, NULL) !=
	    SQLITE_OK)
		return;
	sqlite3_bind_text(st, 1, agency, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0) &&
	    !sqlite3_column_int(st, 1))
		fprintf(stderr, "merit token: warning: agency %s is not in the "
		    "register yet; the token is made all the same\n", agency);
	sqlite3_finalize(st);
}

static int do_create(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "agency", required_argument, NULL, 'a' },
		{ "role", required_argument, NULL, 'r' },
		{ "label", required_argument, NULL, 'l' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = "merit.db", *agency = NULL, *rname = NULL,
	    *label = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'a': agency = optarg; break;
		case 'r': rname = optarg; break;
		case 'l': label = optarg; break;
		case 'h': help_create(stdout); return 0;
		default: help_create(stderr); return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "merit token: create takes no argument '%.200s'; "
		    "give the agency with --agency and the role with --role\n",
		    argv[optind]);
		return 2;
	}
	if (!agency || !rname) {
		fprintf(stderr, "merit token: create needs --agency ID and --role "
		    "ROLE\n");
		help_create(stderr);
		return 2;
	}
	if (check_agency(agency))
		return 2;
	int role = token_role_parse(rname);
	if (!role) {
		fprintf(stderr, "merit token: --role '%.200s': expected one of "
		    ROLES "\n", rname);
		return 2;
	}
	if (!token_label_ok(label)) {
		fprintf(stderr, "merit token: --label: expected at most 127 bytes "
		    "of UTF-8 text without control characters (no tabs or line "
		    "breaks); got %zu bytes\n", strlen(label));
		return 2;
	}
	struct reg r;
	struct diag d;
	diag_init(&d);
	if (reg_open(&r, db, &d)) {
		diag_print(&d);
		diag_free(&d);
		return 2;
	}
	diag_free(&d);
	char tok[TOKEN_MAX];
	struct token_info info;
	warn_unknown_agency(r.db, agency);
	int rc = token_create(r.db, agency, role, label, tok, &info);
	if (rc) {
		fprintf(stderr, "merit token: %s: cannot write the token to the "
		    "register (%s); nothing was written\n", db,
		    merit_strerror(rc));
		reg_close(&r);
		return 2;
	}
	reg_close(&r);
	printf("%s\n", tok);
	fflush(stdout);
	sodium_memzero(tok, sizeof(tok));
	fprintf(stderr, "merit token: created token %s for agency %s, role %s\n"
	    "merit token: copy it now: it is not shown again, and the register "
	    "keeps only a hash\n", info.id, info.agency,
	    token_role_name(info.role));
	return 0;
}

/* The id of "0123456789ab" or of a whole token "mrt_0123456789ab_...". */
static int parse_id(const char *arg, char id[TOKEN_ID_LEN + 1])
{
	size_t n = strlen(arg);
	if (!strncmp(arg, "mrt_", 4) && n > 4 + TOKEN_ID_LEN &&
	    arg[4 + TOKEN_ID_LEN] == '_')
		arg += 4;
	else if (n != TOKEN_ID_LEN)
		return -1;
	for (size_t i = 0; i < TOKEN_ID_LEN; i++)
		if (!arg[i] || !strchr("0123456789abcdef", arg[i]))
			return -1;
	memcpy(id, arg, TOKEN_ID_LEN);
	id[TOKEN_ID_LEN] = '\0';
	return 0;
}

static int do_revoke(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = "merit.db";
	char id[TOKEN_ID_LEN + 1];
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'h': help_revoke(stdout); return 0;
		default: help_revoke(stderr); return 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "merit token: revoke takes one token id\n");
		help_revoke(stderr);
		return 2;
	}
	/* the argument may be a whole token: never echo it */
	if (parse_id(argv[optind], id)) {
		fprintf(stderr, "merit token: revoke: expected a token id (12 "
		    "lowercase hex digits, as merit token list shows) or a whole "
		    "token (mrt_...)\n");
		return 2;
	}
	if (no_register(db))
		return 2;
	struct reg r;
	struct diag d;
	diag_init(&d);
	if (reg_open(&r, db, &d)) {
		diag_print(&d);
		diag_free(&d);
		return 2;
	}
	diag_free(&d);
	/* only to say which case it was; token_revoke decides */
	char before[32] = "";
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(r.db, "SELECT revoked_at FROM token WHERE"
	    " id = ?1", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
		if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
			snprintf(before, sizeof(before), "%s",
			    (const char *)sqlite3_column_text(st, 0));
		sqlite3_finalize(st);
	}
	int rc = token_revoke(r.db, id), status = 0;
	if (rc == MERIT_ENOENT) {
		fprintf(stderr, "merit token: %s: no token has the id %s; merit "
		    "token list shows the ids\n", db, id);
		status = 1;
	} else if (rc) {
		fprintf(stderr, "merit token: %s: cannot revoke token %s (%s); "
		    "nothing was written\n", db, id, merit_strerror(rc));
		status = 2;
	} else if (before[0]) {
		fprintf(stderr, "merit token: token %s was revoked already, at %s; "
		    "nothing changed\n", id, before);
	} else {
		printf("revoked token %s\n", id);
	}
	reg_close(&r);
	return status;
}

struct rows {
	struct token_info *v;
	size_t n, cap;
};

static int collect(void *arg, const struct token_info *t)
{
	struct rows *rs = arg;
	if (rs->n == rs->cap) {
		size_t cap = rs->cap ? 2 * rs->cap : 16;
		struct token_info *v = realloc(rs->v, cap * sizeof(*v));
		if (!v)
			return MERIT_ENOMEM;
		rs->v = v;
		rs->cap = cap;
	}
	rs->v[rs->n++] = *t;
	return 0;
}

static const char *role_of(const struct token_info *t)
{
	const char *s = token_role_name(t->role);
	return s ? s : "?";
}

static void print_table(const struct rows *rs)
{
	int wa = 6, wr = 4, wl = 5;
	for (size_t i = 0; i < rs->n; i++) {
		int a = (int)strlen(rs->v[i].agency),
		    r = (int)strlen(role_of(&rs->v[i])),
		    l = (int)strlen(rs->v[i].label);
		wa = a > wa ? a : wa;
		wr = r > wr ? r : wr;
		wl = l > wl ? l : wl;
	}
	printf("%-12s  %-*s  %-*s  %-*s  %-20s  %s\n", "id", wa, "agency", wr,
	    "role", wl, "label", "created", "revoked");
	for (size_t i = 0; i < rs->n; i++) {
		const struct token_info *t = &rs->v[i];
		printf("%-12s  %-*s  %-*s  %-*s  %-20s  %s\n", t->id, wa, t->agency,
		    wr, role_of(t), wl, t->label[0] ? t->label : "-", t->created,
		    t->revoked[0] ? t->revoked : "-");
	}
}

static void print_json(const struct rows *rs)
{
	json_t *a = json_array();
	for (size_t i = 0; i < rs->n; i++) {
		const struct token_info *t = &rs->v[i];
		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s?, s:s, "
		    "s:s?}", "id", t->id, "agency", t->agency, "role", role_of(t),
		    "label", t->label[0] ? t->label : NULL, "created_at",
		    t->created, "revoked_at", t->revoked[0] ? t->revoked : NULL));
	}
	json_dumpf(a, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
	putchar('\n');
	json_decref(a);
}

static int do_list(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "agency", required_argument, NULL, 'a' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = "merit.db", *agency = NULL, *format = "table";
	int c, json;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'a': agency = optarg; break;
		case 'f': format = optarg; break;
		case 'h': help_list(stdout); return 0;
		default: help_list(stderr); return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "merit token: list takes no argument '%.200s'; "
		    "choose an agency with --agency\n", argv[optind]);
		return 2;
	}
	if (opt_format(format, &json) || (agency && check_agency(agency)) ||
	    no_register(db))
		return 2;
	struct reg r;
	if (reg_open_readonly(&r, db)) {
		fprintf(stderr, "merit token: %s: cannot open the register\n", db);
		return 2;
	}
	struct rows rs = { 0 };
	int rc = token_list(r.db, agency, collect, &rs);
	if (rc == MERIT_EDB)
		fprintf(stderr, "merit token: %s: cannot read the tokens (%s); is it "
		    "a merit register of schema 5 or later? merit token create "
		    "migrates it\n", db, sqlite3_errmsg(r.db));
	else if (rc)
		fprintf(stderr, "merit token: %s\n", merit_strerror(rc));
	reg_close(&r);
	if (!rc) {
		if (json)
			print_json(&rs);
		else if (rs.n)
			print_table(&rs);
		else
			fprintf(stderr, "merit token: %s: no tokens%s%s\n", db,
			    agency ? " for agency " : "", agency ? agency : "");
	}
	free(rs.v);
	return rc ? 2 : 0;
}

int cmd_token(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "merit token: say create, revoke or list\n");
		help(stderr);
		return 2;
	}
	const char *what = argv[1];
	if (!strcmp(what, "--help") || !strcmp(what, "-h") ||
	    !strcmp(what, "help")) {
		help(stdout);
		return 0;
	}
	if (!strcmp(what, "create"))
		return do_create(argc - 1, argv + 1);
	if (!strcmp(what, "revoke"))
		return do_revoke(argc - 1, argv + 1);
	if (!strcmp(what, "list"))
		return do_list(argc - 1, argv + 1);
	fprintf(stderr, "merit token: unknown command '%.200s'; say create, "
	    "revoke or list\n", what);
	help(stderr);
	return 2;
}
