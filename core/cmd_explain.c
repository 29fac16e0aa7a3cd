/* merit explain: how a person's score was reached, from the register. */
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sqlite3.h>
#include "commands.h"
#include "register.h"
#include "seal.h"
#include "resultdiff.h"

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
	    "  --result ID        this result (an id of the register's result "
	    "table)\n"
	    "  --at DATE          the latest result scored by DATE (YYYY-MM-DD, "
	    "or\n"
	    "                     YYYY-MM-DDTHH:MM:SSZ)\n"
	    "  --diff             what moved K between two results: --result A "
	    "--result B,\n"
	    "                     --at D1 --at D2, or by default the two "
	    "latest; each\n"
	    "                     element's Δ(w·B), split into weight and score, "
	    "sums to ΔK,\n"
	    "                     then the weights, inputs, competencies and "
	    "model files\n"
	    "                     that changed\n"
	    "\nExit status: 0 shown, 1 no such result or a result changed "
	    "outside merit\n(shown under a warning), 2 usage or register "
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

/* Whether the result is the agency's current one (adoption.h). */
static void standing(sqlite3 *db, long long id)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v2(db, "SELECT r.trial, r.id IN (SELECT c.id FROM"
	    " current_result c WHERE c.agency = r.agency AND c.person ="
	    " r.person), (SELECT a.assessment || ' since ' || a.at FROM adopted a"
	    " WHERE a.agency = r.agency) FROM result r WHERE r.id = ?1", -1, &st,
	    NULL) != SQLITE_OK)
		return; /* a register from before adoptions */
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW) {
		if (sqlite3_column_int(st, 0))
			printf("a trial: scored under a scheme the agency had not "
			    "adopted; never current\n");
		else if (sqlite3_column_int(st, 1))
			printf("the current result (the adopted scheme %s)\n",
			    col(st, 2));
		else
			printf("not the current result (the adopted scheme: %s)\n",
			    col(st, 2));
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
	/* an edited number is shown only under a warning */
	int tampered = seal_result_broken(db, id);
	if (tampered) {
		printf("WARNING: this result was changed outside merit after it "
		    "was recorded; the numbers below are not the ones merit "
		    "wrote (merit audit verify names the rows)\n");
		fprintf(stderr, "merit: result %lld was changed outside merit: "
		    "not to be trusted\n", id);
	}
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
	standing(db, id);
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
	return tampered ? 1 : 0;
}

/* What the command was asked for: filters, results named, dates. */
struct pick {
	const char *person, *assessment, *agency, *period;
	long long result[2];
	const char *at[2];
	int n_result, n_at, diff;
};

/* YYYY-MM-DD or YYYY-MM-DDTHH:MM:SSZ: the bound for scored_at, in *bound. */
static int at_bound(const char *arg, char *bound, size_t len)
{
	long day;
	char d[11];
	snprintf(d, sizeof(d), "%s", arg);
	if (strlen(arg) != 10 && (strlen(arg) != 20 || arg[10] != 'T' ||
	    arg[19] != 'Z')) {
		fprintf(stderr, "merit: --at %s: give a date, YYYY-MM-DD, or a "
		    "time, YYYY-MM-DDTHH:MM:SSZ\n", arg);
		return -1;
	}
	if (opt_date("--at", d, &day))
		return -1;
	/* a whole day: everything scored on it */
	snprintf(bound, len, "%s%s", arg, strlen(arg) == 10 ? "T23:59:59Z" : "");
	return 0;
}

/* The person's results that match, newest first (at: scored by then). */
static int select_ids(sqlite3 *db, const struct pick *p, const char *at,
    long long *ids, int want, int *n, int *several_agencies)
{
	sqlite3_stmt *st;
	*n = *several_agencies = 0;
	if (sqlite3_prepare_v2(db, "SELECT id, agency FROM result WHERE"
	    " person = ?1 AND (?2 IS NULL OR assessment = ?2) AND (?3 IS NULL"
	    " OR agency = ?3) AND (?4 IS NULL OR period = ?4) AND (?5 IS NULL"
	    " OR scored_at <= ?5) ORDER BY id DESC", -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "merit: not a merit register: %s\n",
		    sqlite3_errmsg(db));
		return 2;
	}
	const char *v[] = { p->person, p->assessment, p->agency, p->period, at };
	for (int i = 0; i < 5; i++)
		if (v[i])
			sqlite3_bind_text(st, i + 1, v[i], -1, SQLITE_STATIC);
	char first[256] = "";
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (!*first)
			snprintf(first, sizeof(first), "%s", col(st, 1));
		else if (strcmp(first, col(st, 1)))
			*several_agencies = 1;
		if (*n < want)
			ids[(*n)++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	return 0;
}

/* A result named by id must be the person's. */
static int own_result(sqlite3 *db, const struct pick *p, long long id)
{
	sqlite3_stmt *st;
	int ok = 0;
	if (sqlite3_prepare_v2(db, "SELECT 1 FROM result WHERE id = ?1 AND"
	    " person = ?2 AND (?3 IS NULL OR agency = ?3)", -1, &st, NULL) ==
	    SQLITE_OK) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, p->person, -1, SQLITE_STATIC);
		if (p->agency)
			sqlite3_bind_text(st, 3, p->agency, -1, SQLITE_STATIC);
		ok = sqlite3_step(st) == SQLITE_ROW;
		sqlite3_finalize(st);
	}
	if (!ok)
		fprintf(stderr, "merit: result %lld is not one of %s's%s%s\n", id,
		    p->person, p->agency ? " in agency " : "", p->agency ?
		    p->agency : "");
	return ok;
}

/* The results to show: one, or two (older first) with --diff. */
static int resolve(sqlite3 *db, const struct pick *p, long long *ids,
    int need)
{
	int n = 0, several = 0, rc;
	if (p->n_result) {
		for (int i = 0; i < p->n_result; i++) {
			if (!own_result(db, p, p->result[i]))
				return 1;
			ids[i] = p->result[i];
		}
		n = p->n_result;
	} else if (p->n_at) {
		for (int i = 0; i < p->n_at; i++) {
			char bound[32];
			int got;
			if (at_bound(p->at[i], bound, sizeof(bound)))
				return 2;
			if ((rc = select_ids(db, p, bound, &ids[i], 1, &got, &several)))
				return rc;
			if (!got) {
				fprintf(stderr, "merit: no result for %s scored by %s in "
				    "the register\n", p->person, p->at[i]);
				return 1;
			}
			n++;
		}
	} else {
		if ((rc = select_ids(db, p, NULL, ids, need, &n, &several)))
			return rc;
	}
	if (several && !p->agency) {
		fprintf(stderr, "merit: %s has results in several agencies; choose "
		    "one with --agency\n", p->person);
		return 2;
	}
	if (n < need) {
		fprintf(stderr, "merit: %s for %s%s%s in the register\n", n ?
		    "only one result" : "no result", p->person, p->assessment ?
		    " with assessment " : "", p->assessment ? p->assessment : "");
		return 1;
	}
	if (need == 2 && ids[0] > ids[1]) {
		long long t = ids[0];
		ids[0] = ids[1];
		ids[1] = t;
	}
	return 0;
}

static int check_pick(const struct pick *p)
{
	int need = p->diff ? 2 : 1;
	if (p->n_result && p->n_at) {
		fprintf(stderr, "merit: explain: --result or --at, not both\n");
		return 2;
	}
	if ((p->n_result && p->n_result != need) || (p->n_at && p->n_at !=
	    need)) {
		fprintf(stderr, "merit: explain: %s\n", p->diff ? "--diff compares "
		    "two results: give --result twice, --at twice, or neither "
		    "(the two latest)" : "one --result or --at; two with --diff");
		return 2;
	}
	return 0;
}

int cmd_explain(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "assessment", required_argument, NULL, 'a' },
		{ "agency", required_argument, NULL, 'g' },
		{ "period", required_argument, NULL, 'p' },
		{ "result", required_argument, NULL, 'r' },
		{ "at", required_argument, NULL, 't' },
		{ "diff", no_argument, NULL, 'D' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = "merit.db";
	struct pick p = { 0 };
	int c;
	char *end;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'a': p.assessment = optarg; break;
		case 'g': p.agency = optarg; break;
		case 'p':
			if (opt_period(optarg))
				return 2;
			p.period = optarg;
			break;
		case 'D': p.diff = 1; break;
		case 'r':
			if (p.n_result == 2 || (p.result[p.n_result] =
			    strtoll(optarg, &end, 10)) <= 0 || *end) {
				fprintf(stderr, "merit: --result takes a result id (a "
				    "positive number), at most twice\n");
				return 2;
			}
			p.n_result++;
			break;
		case 't':
			if (p.n_at == 2) {
				fprintf(stderr, "merit: --at at most twice\n");
				return 2;
			}
			p.at[p.n_at++] = optarg;
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
	p.person = argv[optind];
	int rc = check_pick(&p);
	if (rc)
		return rc;
	struct reg r;
	if (reg_open_readonly(&r, db)) {
		fprintf(stderr, "merit: %s: cannot open the register (run 'merit "
		    "assess' first, or give --db)\n", db);
		return 2;
	}
	long long ids[2];
	rc = resolve(r.db, &p, ids, p.diff ? 2 : 1);
	if (!rc && p.diff)
		rc = result_diff(stdout, r.db, ids[0], ids[1]) ? 2 : 0;
	else if (!rc)
		rc = show(r.db, ids[0]);
	reg_close(&r);
	return rc;
}
