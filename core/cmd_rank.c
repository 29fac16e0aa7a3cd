/* merit rank: the candidates of a competition (forming the reserve, A3;
 * filling a vacancy, A4; any assessment type that compares persons),
 * ranked by K from the register's latest results, with what the order
 * cannot tell: ties, neighbours within the error of their difference,
 * and candidates within one standard error of a band cut. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "merit/error.h"
#include "adoption.h"
#include "commands.h"
#include "rank.h"
#include "register.h"
#include "workspace.h"

struct field {
	struct candidate *v;
	size_t n, cap;
	size_t not_assessed;
};

static void field_free(struct field *f)
{
	for (size_t i = 0; i < f->n; i++) {
		free((char *)f->v[i].person);
		free((char *)f->v[i].band);
		free((char *)f->v[i].cut_band);
	}
	free(f->v);
	memset(f, 0, sizeof(*f));
}

static char *col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	return t ? strdup((const char *)t) : NULL;
}

static double col_num(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN
	    : sqlite3_column_double(st, i);
}

/* The latest results of (agency, assessment, period), trials aside: a
 * result scored under a scheme the agency had not adopted ranks nobody,
 * even when its type is asked for. *trials counts the persons who have
 * only trials. 0, or MERIT_EDB / MERIT_ENOMEM. */
static int field_read(sqlite3 *db, const char *agency, const char *assessment,
    const char *period, struct field *f, int *trials)
{
	sqlite3_stmt *st;
	int s, rc = 0;
	if (sqlite3_prepare_v2(db, "SELECT count(DISTINCT person) FROM result r"
	    " WHERE agency = ?1 AND assessment = ?2 AND period = ?3"
	    " AND NOT EXISTS (SELECT 1 FROM result q WHERE q.agency = r.agency"
	    "   AND q.person = r.person AND q.assessment = r.assessment"
	    "   AND q.period = r.period AND q.trial = 0)", -1, &st, NULL)
	    != SQLITE_OK)
		return MERIT_EDB;
	sqlite3_bind_text(st, 1, agency, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, assessment, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, period, -1, SQLITE_STATIC);
	*trials = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0) : 0;
	sqlite3_finalize(st);
	if (sqlite3_prepare_v2(db, "SELECT person, k, k_se, band,"
	    " borderline_cut, borderline_band, status FROM result r"
	    " WHERE agency = ?1 AND assessment = ?2 AND period = ?3"
	    " AND r.id = (SELECT max(q.id) FROM result q WHERE q.agency ="
	    "   r.agency AND q.person = r.person AND q.assessment = r.assessment"
	    "   AND q.period = r.period AND q.trial = 0)", -1, &st,
	    NULL) != SQLITE_OK)
		return MERIT_EDB;
	sqlite3_bind_text(st, 1, agency, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, assessment, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, period, -1, SQLITE_STATIC);
	while ((s = sqlite3_step(st)) == SQLITE_ROW) {
		if (sqlite3_column_type(st, 1) == SQLITE_NULL) {
			f->not_assessed++; /* no K: not a candidate */
			continue;
		}
		if (f->n == f->cap) {
			size_t nc = f->cap ? 2 * f->cap : 32;
			void *p = realloc(f->v, nc * sizeof(*f->v));
			if (!p) {
				rc = MERIT_ENOMEM;
				break;
			}
			f->v = p;
			f->cap = nc;
		}
		struct candidate *c = &f->v[f->n++];
		memset(c, 0, sizeof(*c));
		c->person = col_dup(st, 0);
		c->K = sqlite3_column_double(st, 1);
		c->se = col_num(st, 2);
		c->band = col_dup(st, 3);
		c->cut_band = col_dup(st, 5);
		c->cut = c->cut_band ? col_num(st, 4) : NAN;
		if (!c->person) {
			rc = MERIT_ENOMEM;
			break;
		}
	}
	if (!rc && s != SQLITE_DONE)
		rc = MERIT_EDB;
	sqlite3_finalize(st);
	return rc;
}

static void print_text(const char *agency, const char *assessment,
    const char *period, const struct field *f)
{
	size_t w = 6, unknown = 0;
	for (size_t i = 0; i < f->n; i++) {
		if (strlen(f->v[i].person) > w)
			w = strlen(f->v[i].person);
		unknown += !isfinite(f->v[i].se);
	}
	printf("%s: assessment %s, period %s: %zu candidate(s), by K\n\n",
	    agency, assessment, period, f->n);
	printf("%5s  %-*s  %6s  %6s  %-16s %s\n", "rank", (int)w, "person",
	    "K", "se_K", "band", "notes");
	for (size_t i = 0; i < f->n; i++) {
		const struct candidate *c = &f->v[i];
		char rank[16], se[16], notes[256];
		size_t off = 0;
		snprintf(rank, sizeof(rank), "%zu%s", c->rank, c->tie ? "=" : "");
		if (isfinite(c->se))
			snprintf(se, sizeof(se), "%6.3f", c->se);
		else
			snprintf(se, sizeof(se), "%6s", "-");
		notes[0] = '\0';
		if (c->tie)
			off += (size_t)snprintf(notes + off, sizeof(notes) - off,
			    "tie");
		if (c->indistinct_next > 0 && off < sizeof(notes))
			off += (size_t)snprintf(notes + off, sizeof(notes) - off,
			    "%snot distinguishable from the next", off ? "; " : "");
		if (c->cut_band && off < sizeof(notes))
			snprintf(notes + off, sizeof(notes) - off, "%sborderline: "
			    "within one se of the cut %g (%s)", off ? "; " : "",
			    c->cut, c->cut_band);
		printf("%5s  %-*s  %6.3f  %s  %-16s %s\n", rank, (int)w, c->person,
		    c->K, se, c->band ? c->band : "-", notes);
	}
	printf("\nties share a rank (=); neighbours whose K differ by less than "
	    "sqrt(se1^2 + se2^2)\nare not distinguishable");
	if (unknown)
		printf("; %zu candidate(s) with an unknown se_K cannot be "
		    "compared so", unknown);
	printf("\n");
	if (f->not_assessed)
		printf("%zu person(s) not assessed, not ranked\n", f->not_assessed);
}

static json_t *jnum(double x)
{
	return isfinite(x) ? json_real(x) : json_null();
}

static json_t *field_json(const char *agency, const char *assessment,
    const char *period, const struct field *f)
{
	json_t *a = json_array();
	for (size_t i = 0; a && i < f->n; i++) {
		const struct candidate *c = &f->v[i];
		json_t *next = c->indistinct_next < 0 ? json_null()
		    : json_boolean(c->indistinct_next);
		json_array_append_new(a, json_pack("{s:I, s:s, s:o, s:o, s:o, "
		    "s:b, s:o, s:o}", "rank", (json_int_t)c->rank, "person",
		    c->person, "K", json_real(c->K), "se_K", jnum(c->se), "band",
		    c->band ? json_string(c->band) : json_null(), "tie", c->tie,
		    "indistinct_from_next", next, "borderline", c->cut_band ?
		    json_pack("{s:f, s:s}", "cut", c->cut, "band", c->cut_band)
		    : json_null()));
	}
	return a ? json_pack("{s:s, s:s, s:s, s:I, s:o}", "agency", agency,
	    "assessment", assessment, "period", period, "not_assessed",
	    (json_int_t)f->not_assessed, "candidates", a) : NULL;
}

static void help(FILE *f)
{
	fprintf(f, "usage: merit rank [OPTIONS] AGENCY\n\n"
	    "Rank the candidates of a competition by K, from the register's "
	    "latest results\nof one assessment type (forming the personnel "
	    "reserve, A3; filling a vacancy,\nA4): rank, person, K, its standard "
	    "error and band. Equal K share a rank\n(1, 2, 2, 4) and are marked; "
	    "neighbours whose K differ by less than the\nstandard error of their "
	    "difference, sqrt(se1^2 + se2^2), are marked as not\n"
	    "distinguishable; a candidate within one standard error of a band "
	    "cut is\nmarked borderline.\n\n"
	    "  AGENCY             an agency folder, its agency.yaml, or an id "
	    "the register\n"
	    "                     knows\n"
	    "  --assessment ID    the assessment type (default: the adopted one)\n"
	    "  --period P         the period (default: the agency's)\n"
	    "  --db FILE          register (default: merit.db)\n"
	    "  --format FMT       text (default) or json\n"
	    "\nExit status: 0 ranked, 2 usage error, or no assessed results "
	    "to rank.\n");
}

static int rank_agency(const char *db, const char *arg, const char *assessment,
    const char *period, int json)
{
	struct workspace w;
	struct diag d;
	struct reg r = { 0 };
	struct field f = { 0 };
	char *path = NULL;
	int rc, status = 2;
	diag_init(&d);
	if (workspace_find(db, arg, &path, &d) || workspace_open(&w, path, NULL,
	    &d)) {
		diag_print(&d);
		diag_free(&d);
		free(path);
		return 2;
	}
	const char *per = period ? period : w.ag->period;
	struct adoption now;
	int trials = 0;
	if (reg_open_readonly(&r, db)) {
		fprintf(stderr, "merit: rank: cannot open the register %s\n", db);
		goto out;
	}
	/* by default the scheme in force, as current_result has it */
	if (adoption_current(r.db, w.ag->id, &now)) {
		fprintf(stderr, "merit: rank: %s: %s\n", db, sqlite3_errmsg(r.db));
		goto out;
	}
	const char *aid = assessment ? assessment : now.found ? now.assessment
	    : w.ag->assessment;
	if (!model_assessment(w.model, aid)) {
		fprintf(stderr, "merit: rank: agency %s's model declares no "
		    "assessment type '%s'; name one it declares with "
		    "--assessment\n", w.ag->id, aid);
		goto out;
	}
	if ((rc = field_read(r.db, w.ag->id, aid, per, &f, &trials))) {
		fprintf(stderr, "merit: rank: %s: %s\n", db, rc == MERIT_ENOMEM ?
		    "out of memory" : sqlite3_errmsg(r.db));
		goto out;
	}
	if (!f.n) {
		fprintf(stderr, "merit: rank: the register %s holds no assessed "
		    "result of agency %s, assessment %s, period %s%s; score the "
		    "candidates first: merit assess %s --assessment %s\n", db,
		    w.ag->id, aid, per, f.not_assessed ? " (only persons not "
		    "assessed)" : "", path, aid);
		if (trials)
			fprintf(stderr, "merit: rank: %d person(s) have only trial "
			    "results of %s, scored while the agency had adopted "
			    "another scheme; a trial ranks nobody: adopt %s "
			    "(merit adopt) and score again\n", trials, aid, aid);
		goto out;
	}
	rank_candidates(f.v, f.n);
	if (json) {
		json_t *j = field_json(w.ag->id, aid, per, &f);
		char *s = j ? json_dumps(j, JSON_INDENT(2) | JSON_PRESERVE_ORDER |
		    JSON_REAL_PRECISION(17)) : NULL;
		json_decref(j);
		if (!s) {
			fprintf(stderr, "merit: out of memory\n");
			goto out;
		}
		printf("%s\n", s);
		free(s);
	} else {
		print_text(w.ag->id, aid, per, &f);
	}
	status = fflush(stdout) ? 2 : 0;
out:
	field_free(&f);
	reg_close(&r);
	workspace_close(&w);
	diag_free(&d);
	free(path);
	return status;
}

int cmd_rank(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "assessment", required_argument, NULL, 'a' },
		{ "period", required_argument, NULL, 'P' },
		{ "db", required_argument, NULL, 'd' },
		{ "format", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = "merit.db", *assessment = NULL, *period = NULL;
	int c, json = 0;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'a': assessment = optarg; break;
		case 'P': period = optarg; break;
		case 'd': db = optarg; break;
		case 'f':
			if (strcmp(optarg, "text") && strcmp(optarg, "json")) {
				fprintf(stderr, "merit: --format: '%s': use text or "
				    "json\n", optarg);
				return 2;
			}
			json = !strcmp(optarg, "json");
			break;
		case 'h': help(stdout); return 0;
		default: help(stderr); return 2;
		}
	}
	if (optind != argc - 1) {
		fprintf(stderr, "merit: rank takes one AGENCY (a folder, its "
		    "agency.yaml, or an id the register knows)\n");
		help(stderr);
		return 2;
	}
	return rank_agency(db, argv[optind], assessment, period, json);
}
