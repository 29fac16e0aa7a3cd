/* Scoring one person outside merit assess: each person is loaded from the
 * register with cohort_load_person and scored with scoring_score, and the
 * result must be the one merit assess recorded (receipt, explanation, K,
 * band), which came through the batch and window pipeline instead.
 *
 *   test-scoring DB AGENCY TYPES PERSON...
 *
 * TYPES is a comma-separated list of assessment types ("-": the
 * agency's); all are open at once, as in a server, and each is made
 * active before it scores. Prints TAP. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <sodium.h>
#include <sqlite3.h>
#include "../core/cohort.h"
#include "../core/scoring.h"
#include "../core/workspace.h"

#define MAX_TYPES 8

static int n_test, failed;

static void ok(int cond, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void ok(int cond, const char *fmt, ...)
{
	va_list ap;
	n_test++;
	if (!cond)
		failed = 1;
	printf("%sok %d - ", cond ? "" : "not ", n_test);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
}

static void show_diag(struct diag *d)
{
	for (size_t i = 0; i < d->n; i++)
		printf("# %s:%d: %s\n", d->v[i].file ? d->v[i].file : "",
		    d->v[i].line, d->v[i].msg);
}

/* What merit assess recorded last for the person under type as. */
struct recorded {
	int found;
	char receipt[80], band[64];
	char *explanation;
	double k; /* NAN: not assessed */
};

static void recorded_of(sqlite3 *db, const struct scoring *s,
    const char *person, struct recorded *out)
{
	sqlite3_stmt *st;
	memset(out, 0, sizeof(*out));
	if (sqlite3_prepare_v2(db, "SELECT receipt, explanation, k, band"
	    " FROM result WHERE agency = ?1 AND person = ?2 AND assessment = ?3"
	    " AND period = ?4 ORDER BY id DESC LIMIT 1", -1, &st, NULL) !=
	    SQLITE_OK) {
		printf("# %s\n", sqlite3_errmsg(db));
		return;
	}
	sqlite3_bind_text(st, 1, s->ag->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, person, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, s->as->id, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, s->ag->period, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		const char *band = (const char *)sqlite3_column_text(st, 3);
		out->found = 1;
		snprintf(out->receipt, sizeof(out->receipt), "%s",
		    (const char *)sqlite3_column_text(st, 0));
		out->explanation = strdup((const char *)sqlite3_column_text(st,
		    1));
		out->k = sqlite3_column_type(st, 2) == SQLITE_NULL ? NAN
		    : sqlite3_column_double(st, 2);
		snprintf(out->band, sizeof(out->band), "%s", band ? band : "");
	}
	sqlite3_finalize(st);
}

static void check_one(sqlite3 *db, struct scoring *s, struct cohort *c,
    const char *person, struct arena *a, struct merit_measure *m)
{
	struct diag d;
	struct scored sc;
	struct recorded want;
	diag_init(&d);
	int rc = cohort_load_person(c, db, s->ag->id, s->ag->period, person, &d);
	ok(!rc && c->n == 1 && !strcmp(c->v[0].p.id, person),
	    "%s: loaded from the register", person);
	show_diag(&d);
	diag_free(&d);
	if (rc || c->n != 1) {
		ok(0, "%s %s: not scored", person, s->as->id);
		ok(0, "%s %s: not scored", person, s->as->id);
		return;
	}
	scoring_activate(s);
	arena_reset(a);
	scoring_score(s, NULL, &c->v[0], &sc, a, m);
	recorded_of(db, s, person, &want);
	if (!sc.ok)
		printf("# not scored: %s\n", sc.error);
	ok(sc.ok && want.found && !strcmp(sc.r.receipt, want.receipt),
	    "%s %s: the receipt merit assess recorded (%.12s)", person,
	    s->as->id, want.found ? want.receipt : "none");
	if (sc.ok && want.found && strcmp(sc.r.receipt, want.receipt))
		printf("# got %s\n# want %s\n", sc.r.receipt, want.receipt);
	char *expl = sc.ok ? scoring_explanation(&sc) : NULL;
	int same_k = sc.r.status == MERIT_ASSESSED ? sc.r.K == want.k
	    : isnan(want.k);
	const char *band = sc.r.status == MERIT_ASSESSED && sc.r.band
	    ? sc.r.band : "";
	ok(expl && want.explanation && !strcmp(expl, want.explanation) &&
	    same_k && !strcmp(band, want.band), "%s %s: the same explanation,"
	    " K and band (%s)", person, s->as->id, *band ? band
	    : sc.r.status == MERIT_ASSESSED ? "-" : "not assessed");
	if (expl && want.explanation && strcmp(expl, want.explanation))
		printf("# got:\n#   %s\n# want:\n#   %s\n", expl,
		    want.explanation);
	free(expl);
	free(want.explanation);
}

int main(int argc, char **argv)
{
	struct workspace w;
	struct scoring s[MAX_TYPES];
	size_t n_types = 0;
	struct diag d;
	sqlite3 *db = NULL;

	if (argc < 5) {
		fprintf(stderr, "usage: test-scoring DB AGENCY TYPES PERSON...\n");
		return 2;
	}
	/* as merit's main does: the receipts hash with libsodium */
	if (sodium_init() < 0)
		return 2;
	json_object_seed(1);
	diag_init(&d);
	int n_persons = argc - 4;
	char *types = strdup(argv[3]);
	size_t n_listed = 1;
	for (const char *p = argv[3]; *p; p++)
		n_listed += *p == ',';
	printf("1..%zu\n", 2 + n_listed * (size_t)n_persons * 3 + 1);

	int rc = workspace_open(&w, argv[2], NULL, &d);
	ok(!rc, "the agency %s loads", argv[2]);
	show_diag(&d);
	if (rc)
		return 1;
	host_set_loop(&w.loop);
	int opened = 1;
	for (char *t, *save = NULL, *list = types; n_types < MAX_TYPES &&
	    (t = strtok_r(list, ",", &save)); list = NULL) {
		if (scoring_open(&s[n_types], &w.plugins, w.ag, w.ms,
		    strcmp(t, "-") ? t : NULL, &d)) {
			show_diag(&d);
			opened = 0;
			break;
		}
		n_types++;
	}
	ok(opened && n_types == n_listed && sqlite3_open_v2(argv[1], &db,
	    SQLITE_OPEN_READONLY, NULL) == SQLITE_OK, "%zu assessment type(s) "
	    "open for scoring, register %s open", n_types, argv[1]);

	/* one cohort, arena and scratch reused throughout, as a server
	 * would between requests */
	struct cohort c = { 0 };
	struct arena a;
	struct merit_measure m = { 0 };
	arena_init(&a);
	for (int i = 0; opened && i < n_persons; i++)
		for (size_t k = 0; k < n_types; k++)
			check_one(db, &s[k], &c, argv[4 + i], &a, &m);
	if (opened && n_types) {
		rc = cohort_load_person(&c, db, w.ag->id, w.ag->period,
		    "NO-SUCH-PERSON", &d);
		ok(!rc && c.n == 0, "a person not in the register: nobody loaded");
	}

	measure_release(&m);
	arena_free(&a);
	cohort_free(&c);
	for (size_t k = 0; k < n_types; k++)
		scoring_close(&s[k]);
	sqlite3_close(db);
	workspace_close(&w);
	diag_free(&d);
	free(types);
	return failed || !opened ? 1 : 0;
}
