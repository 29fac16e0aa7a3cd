/* merit audit: read and verify the register's hash-chained audit log. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <sqlite3.h>
#include "audit.h"
#include "commands.h"
#include "register.h"
#include "seal.h"

static void help(FILE *f)
{
	fprintf(f, "usage: merit audit [verify|show] [OPTIONS]\n\n"
	    "The register's audit log: every assessment (and every later change "
	    "merit\nmakes) appended with who, when, what and a hash of what it "
	    "wrote, each\nentry chained to the one before by its hash.\n\n"
	    "  verify             walk the chain; name the first entry edited, "
	    "deleted,\n"
	    "                     reordered or cut off; name every sealed row "
	    "edited,\n"
	    "                     deleted or inserted outside merit (the "
	    "default)\n"
	    "  show               list the entries\n\n"
	    "  --db FILE          register (default: merit.db)\n"
	    "  --head HASH        with verify: the head hash recorded earlier "
	    "(verify\n"
	    "                     prints it); catches a log cut short together "
	    "with\n"
	    "                     its head row\n"
	    "\nExit status: 0 intact, 1 tampered with, 2 usage or register "
	    "error.\n");
}

static int show(sqlite3 *db)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT seq, at, actor, action, subject,"
	    " detail, hash FROM audit ORDER BY seq", -1, &st, NULL) != SQLITE_OK)
		return 2;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const unsigned char *h = sqlite3_column_text(st, 6);
		printf("%lld  %s  %s  %s %s: %s  [%.12s]\n",
		    sqlite3_column_int64(st, 0), sqlite3_column_text(st, 1),
		    sqlite3_column_text(st, 2), sqlite3_column_text(st, 3),
		    sqlite3_column_text(st, 4) ? (const char *)
		    sqlite3_column_text(st, 4) : "-", sqlite3_column_text(st, 5) ?
		    (const char *)sqlite3_column_text(st, 5) : "",
		    h ? (const char *)h : "unchained");
	}
	sqlite3_finalize(st);
	return 0;
}

/* Findings about rows, the first few of them in full. */
struct findings {
	const char *db;
	int n;
};

#define FINDINGS_SHOWN 50

static void finding(void *arg, const char *what)
{
	struct findings *f = arg;
	if (f->n++ < FINDINGS_SHOWN)
		fprintf(stderr, "merit: %s: row tampered with: %s\n", f->db, what);
}

static int schema_version(sqlite3 *db)
{
	sqlite3_stmt *st;
	int v = 0;
	if (sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, NULL) ==
	    SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	return v;
}

/* The sealed rows against their seals and their entries' commitments:
 * 0 intact, 1 not, 2 unreadable. */
static int verify_rows(sqlite3 *db, const char *path)
{
	struct findings f = { path, 0 };
	if (schema_version(db) < 7) {
		printf("%s: rows are not sealed before schema 7: any merit command "
		    "that writes seals them\n", path);
		return 0;
	}
	int n = seal_verify(db, finding, &f);
	if (n < 0) {
		fprintf(stderr, "merit: %s: cannot check the sealed rows (%s)\n",
		    path, sqlite3_errmsg(db));
		return 2;
	}
	if (n > FINDINGS_SHOWN)
		fprintf(stderr, "merit: %s: %d more finding(s) not shown\n", path,
		    n - FINDINGS_SHOWN);
	if (!n)
		printf("%s: sealed rows intact\n", path);
	return n ? 1 : 0;
}

int cmd_audit(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "head", required_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = "merit.db", *head = NULL, *what = "verify";
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'H': head = optarg; break;
		case 'h': help(stdout); return 0;
		default: help(stderr); return 2;
		}
	}
	if (optind < argc)
		what = argv[optind++];
	if (optind != argc || (strcmp(what, "verify") && strcmp(what, "show"))) {
		fprintf(stderr, "merit: audit takes verify or show\n");
		help(stderr);
		return 2;
	}
	if (head && (strlen(head) != 64 || strspn(head, "0123456789abcdef") != 64)) {
		fprintf(stderr, "merit: --head takes the 64 hex digits 'merit audit "
		    "verify' printed\n");
		return 2;
	}
	struct reg r;
	if (reg_open_readonly(&r, db)) {
		fprintf(stderr, "merit: %s: cannot open the register\n", db);
		return 2;
	}
	int rc;
	if (!strcmp(what, "show")) {
		rc = show(r.db);
		if (rc)
			fprintf(stderr, "merit: %s: no audit log to read (%s)\n", db,
			    sqlite3_errmsg(r.db));
	} else {
		struct audit_report rep;
		rc = audit_verify(r.db, head, &rep);
		if (rc == 0)
			printf("%s: audit log intact: %lld entries, head entry %lld "
			    "hash %s\n", db, rep.entries, rep.last_seq, rep.head);
		else if (rc == 1)
			fprintf(stderr, "merit: %s: audit log tampered with: %s\n",
			    db, rep.problem);
		else
			fprintf(stderr, "merit: %s: cannot read the audit log (%s); "
			    "is it a merit register of schema 3 or later?\n", db,
			    sqlite3_errmsg(r.db));
		rc = rc == 0 ? 0 : rc == 1 ? 1 : 2;
		/* rows are checked even under a broken log: name them all */
		if (rc != 2) {
			int rows = verify_rows(r.db, db);
			rc = rows > rc ? rows : rc;
		}
	}
	reg_close(&r);
	return rc;
}
