/* merit explain: how a person's score was reached, from the register. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sqlite3.h>
#include "commands.h"
#include "register.h"

static void help(FILE *f)
{
	fprintf(f, "usage: merit explain [OPTIONS] PERSON\n\n"
	    "Show how PERSON's latest result in the register was reached: the "
	    "elements,\nweights, K and band with their standard errors and "
	    "whether K is borderline\n(within one standard error of a band "
	    "cut), each competency with its raters and\nstandard error, the "
	    "gaps to develop, and the explanation line by line.\n\n"
	    "  --db FILE          register (default: merit.db)\n"
	    "  --assessment ID    the latest result of this assessment type\n"
	    "  --agency ID        when PERSON is on several agencies' rosters\n"
	    "  --period P         the latest result of this period\n"
	    "\nExit status: 0 shown, 1 no such result, 2 usage or register "
	    "error.\n");
}

static const char *col(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? (const char *)t : "-";
}

static void num(char *buf, size_t n, sqlite3_stmt *st, int i, const char *fmt)
{
	if (sqlite3_column_type(st, i) == SQLITE_NULL)
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, fmt, sqlite3_column_double(st, i));
}

/* The standard errors of the elements and of K, and whether K is within
 * one of them of a band cut. */
static void show_uncertainty(sqlite3 *db, long long id)
{
	sqlite3_stmt *st;
	char a[32], b[32], c[32], k[32];
	if (sqlite3_prepare_v2(db, "SELECT qualification_se, qualities_se,"
	    " performance_se, k_se, borderline_cut, borderline_band FROM result"
	    " WHERE id = ?1", -1, &st, NULL) != SQLITE_OK)
		return;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		num(a, sizeof(a), st, 0, "%.4f");
		num(b, sizeof(b), st, 1, "%.4f");
		num(c, sizeof(c), st, 2, "%.4f");
		num(k, sizeof(k), st, 3, "%.4f");
		printf("se        B_M %s  B_KF %s  B_FS %s  K %s%s\n", a, b, c, k,
		    sqlite3_column_type(st, 3) == SQLITE_NULL ? " (unknown)" : "");
		if (sqlite3_column_type(st, 5) != SQLITE_NULL)
			printf("borderline: K is less than one standard error from "
			    "the cut %g of band %s\n", sqlite3_column_double(st, 4),
			    col(st, 5));
	}
	sqlite3_finalize(st);
}

static int show(sqlite3 *db, long long id)
{
	sqlite3_stmt *st;
	char a[32], b[32], c[32], k[32];
	if (sqlite3_prepare_v2(db, "SELECT person, agency, assessment, period,"
	    " framework, qualification, qualities, performance, w_qualification,"
	    " w_qualities, w_performance, k, band, status, reason, explanation,"
	    " receipt, scored_at, model_hash, self_qualities FROM result"
	    " WHERE id = ?1", -1, &st, NULL) != SQLITE_OK)
		return 2;
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlite3_finalize(st);
		return 2;
	}
	printf("%s — agency %s, assessment %s, period %s, framework %s\n",
	    col(st, 0), col(st, 1), col(st, 2), col(st, 3), col(st, 4));
	if (!strcmp(col(st, 13), "not-assessed")) {
		printf("not assessed: %s\n", col(st, 14));
	} else {
		num(a, sizeof(a), st, 5, "%.4f");
		num(b, sizeof(b), st, 6, "%.4f");
		num(c, sizeof(c), st, 7, "%.4f");
		printf("elements  B_M %s  B_KF %s  B_FS %s\n", a, b, c);
		num(a, sizeof(a), st, 8, "%g");
		num(b, sizeof(b), st, 9, "%g");
		num(c, sizeof(c), st, 10, "%g");
		printf("weights   P_M %s  P_KF %s  P_FS %s\n", a, b, c);
		num(k, sizeof(k), st, 11, "%.4f");
		printf("K = %s, band %s\n", k, col(st, 12));
		show_uncertainty(db, id);
		if (sqlite3_column_type(st, 19) != SQLITE_NULL)
			printf("self-assessed B_KF %.4f (beside the score, not in "
			    "it)\n", sqlite3_column_double(st, 19));
	}
	printf("receipt %s\nscored %s with model %.16s\n", col(st, 16),
	    col(st, 17), col(st, 18));
	char *expl = strdup(col(st, 15));
	sqlite3_finalize(st);

	if (sqlite3_prepare_v2(db, "SELECT competency, level, value, se,"
	    " position, position_se, raters, self, spread, disagreement,"
	    " provenance, coverage, evidence FROM competency_result"
	    " WHERE result_id = ?1"
	    " ORDER BY competency", -1, &st, NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, id);
		int first = 1;
		while (sqlite3_step(st) == SQLITE_ROW) {
			if (first)
				printf("\n%-28s %-6s %6s %6s %8s %6s %6s  %s\n",
				    "competency", "level", "value", "se", "position",
				    "raters", "self", "from");
			first = 0;
			char v[32], se[32], pos[32], self[32];
			num(v, sizeof(v), st, 2, "%.3f");
			num(se, sizeof(se), st, 3, "%.3f");
			num(pos, sizeof(pos), st, 4, "%.2f");
			num(self, sizeof(self), st, 7, "%.3f");
			printf("%-28s %-6s %6s %6s %8s %6d %6s  %s%s\n", col(st, 0),
			    col(st, 1), v, se, pos, sqlite3_column_int(st, 6), self,
			    col(st, 10), sqlite3_column_int(st, 9) ?
			    "  RATERS DISAGREE" : "");
			if (!strcmp(col(st, 12), "insufficient"))
				printf("%-28s INSUFFICIENT EVIDENCE: %.0f%% of its "
				    "indicators observed, no value\n", "",
				    100 * sqlite3_column_double(st, 11));
		}
		sqlite3_finalize(st);
	}
	if (sqlite3_prepare_v2(db, "SELECT priority, competency, required,"
	    " required_level, measured, measured_level, se, gap, importance,"
	    " status FROM gap WHERE result_id = ?1 ORDER BY priority", -1, &st,
	    NULL) == SQLITE_OK) {
		sqlite3_bind_int64(st, 1, id);
		int first = 1;
		while (sqlite3_step(st) == SQLITE_ROW) {
			if (first)
				printf("\nto develop, first to last:\n");
			first = 0;
			char se[32];
			num(se, sizeof(se), st, 6, "%.3f");
			printf("  %d. %s: required %g (%s), measured %.2f (%s), gap "
			    "%.2f, se %s, importance %g%s\n",
			    sqlite3_column_int(st, 0), col(st, 1),
			    sqlite3_column_double(st, 2), col(st, 3),
			    sqlite3_column_double(st, 4), col(st, 5),
			    sqlite3_column_double(st, 7), se,
			    sqlite3_column_double(st, 8),
			    strcmp(col(st, 9), "uncertain") ? ""
			    : "  UNCERTAIN (se unknown): not a significant gap");
		}
		sqlite3_finalize(st);
	}
	printf("\nhow:\n");
	for (char *line = expl, *nl; line && *line; line = nl ? nl + 1 : NULL) {
		nl = strchr(line, '\n');
		printf("  %.*s\n", nl ? (int)(nl - line) : (int)strlen(line), line);
	}
	free(expl);
	return 0;
}

int cmd_explain(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "assessment", required_argument, NULL, 'a' },
		{ "agency", required_argument, NULL, 'g' },
		{ "period", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = "merit.db", *assessment = NULL, *agency = NULL,
		   *period = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'a': assessment = optarg; break;
		case 'g': agency = optarg; break;
		case 'p':
			if (opt_period(optarg))
				return 2;
			period = optarg;
			break;
		case 'h': help(stdout); return 0;
		default: help(stderr); return 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "merit: explain takes one PERSON id\n");
		help(stderr);
		return 2;
	}
	const char *person = argv[optind];
	struct reg r;
	if (reg_open_readonly(&r, db)) {
		fprintf(stderr, "merit: %s: cannot open the register (run 'merit "
		    "assess' first, or give --db)\n", db);
		return 2;
	}
	sqlite3_stmt *st;
	int rc = 2;
	if (sqlite3_prepare_v2(r.db, "SELECT id, agency FROM result WHERE"
	    " person = ?1 AND (?2 IS NULL OR assessment = ?2) AND (?3 IS NULL"
	    " OR agency = ?3) AND (?4 IS NULL OR period = ?4) ORDER BY id DESC",
	    -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "merit: %s: not a merit register: %s\n", db,
		    sqlite3_errmsg(r.db));
		reg_close(&r);
		return 2;
	}
	sqlite3_bind_text(st, 1, person, -1, SQLITE_STATIC);
	if (assessment)
		sqlite3_bind_text(st, 2, assessment, -1, SQLITE_STATIC);
	if (agency)
		sqlite3_bind_text(st, 3, agency, -1, SQLITE_STATIC);
	if (period)
		sqlite3_bind_text(st, 4, period, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		fprintf(stderr, "merit: no result for %s%s%s in %s\n", person,
		    assessment ? " with assessment " : "",
		    assessment ? assessment : "", db);
		rc = 1;
	} else {
		long long id = sqlite3_column_int64(st, 0);
		char first_agency[256];
		snprintf(first_agency, sizeof(first_agency), "%s", col(st, 1));
		int other = 0;
		while (!agency && sqlite3_step(st) == SQLITE_ROW)
			if (strcmp(col(st, 1), first_agency))
				other = 1;
		if (other) {
			fprintf(stderr, "merit: %s has results in several agencies; "
			    "choose one with --agency\n", person);
			rc = 2;
		} else {
			rc = show(r.db, id);
		}
	}
	sqlite3_finalize(st);
	reg_close(&r);
	return rc;
}
