/* TAP: the /v1 model and person handlers called directly, without the
 * server, on a register filled by merit import and merit assess from
 * examples/kz-register. Expected values come from the framework's Lua
 * file and from the register read with SQL, not from the handlers. */
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <jansson.h>
#include "../core/api.h"
#include "../core/api_json.h"
#include "../core/assess.h"
#include "../core/import.h"
#include "../core/register.h"

static int n_test, failed;
static struct reg reg;

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

/* What the server provides; here the test's own register. */
struct reg *api_reg(struct api_req *q)
{
	return &reg;
}

sqlite3 *api_db(struct api_req *q)
{
	return reg.db;
}

int api_write(struct api_req *q, struct api_resp *r)
{
	return 0;
}

void api_db_error(struct api_req *q, struct api_resp *r)
{
	api_error(r, 503, "register: %s", sqlite3_errmsg(reg.db));
}

/* The handlers of other files, not under test here. */
#define STUB(name) \
	void name(struct api_req *q, struct api_resp *r) \
	{ \
		api_error(r, 501, "not here"); \
	}
STUB(api_evidence_post)
STUB(api_recommendations_get)
STUB(api_plan_get)
STUB(api_plan_post)
STUB(api_plan_approve)
STUB(api_plan_reject)
STUB(api_person_compliance)
STUB(api_compliance_get)
STUB(api_forecast_get)
STUB(api_pool_get)

static struct api_agency ag;

static json_t *call(api_handler fn, const char *method, const char *lang,
    const char *p1, const char *query, const char *body, int *status)
{
	struct api_req q = { 0 };
	struct api_resp r = { 0 };
	json_error_t err;
	q.method = method;
	q.route = "/v1/agencies/{agency}/...";
	q.param[0] = "kz-register";
	q.param[1] = p1;
	q.n_param = p1 ? 2 : 1;
	q.query = query ? query : "";
	q.lang = lang;
	q.ag = &ag;
	snprintf(q.tok.agency, sizeof(q.tok.agency), "kz-register");
	snprintf(q.tok.id, sizeof(q.tok.id), "0123456789ab");
	q.tok.role = ROLE_INTEGRATOR;
	if (body) {
		q.body = body;
		q.body_len = strlen(body);
		q.json = json_loads(body, JSON_REJECT_DUPLICATES, &err);
	}
	fn(&q, &r);
	if (getenv("API_DUMP")) {
		char *t = json_dumps(r.body, JSON_INDENT(1));
		fprintf(stderr, "%s\n", t);
		free(t);
	}
	json_decref(q.json);
	*status = r.status;
	return r.body;
}

static const char *str(json_t *o, const char *path)
{
	/* "a.b.0.c": keys, or indices into arrays */
	char buf[256], *save, *k;
	snprintf(buf, sizeof(buf), "%s", path);
	for (k = strtok_r(buf, ".", &save); o && k; k = strtok_r(NULL, ".",
	    &save))
		o = json_is_array(o) ? json_array_get(o, strtoul(k, NULL, 10)) :
		    json_object_get(o, k);
	return json_string_value(o);
}

static json_t *get(json_t *o, const char *path)
{
	char buf[256], *save, *k;
	snprintf(buf, sizeof(buf), "%s", path);
	for (k = strtok_r(buf, ".", &save); o && k; k = strtok_r(NULL, ".",
	    &save))
		o = json_is_array(o) ? json_array_get(o, strtoul(k, NULL, 10)) :
		    json_object_get(o, k);
	return o;
}

static int streq(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

static long long sql_int(const char *sql, const char *arg)
{
	sqlite3_stmt *st;
	long long v = -1;
	if (sqlite3_prepare_v2(reg.db, sql, -1, &st, NULL) != SQLITE_OK)
		return -2;
	if (arg)
		sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return v;
}

static double sql_num(const char *sql, const char *arg)
{
	sqlite3_stmt *st;
	double v = NAN;
	if (sqlite3_prepare_v2(reg.db, sql, -1, &st, NULL) != SQLITE_OK)
		return NAN;
	if (arg)
		sqlite3_bind_text(st, 1, arg, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_double(st, 0);
	sqlite3_finalize(st);
	return v;
}

static int has_field(json_t *err, const char *field)
{
	json_t *p = json_object_get(err, "problems");
	for (size_t i = 0; i < json_array_size(p); i++)
		if (streq(str(json_array_get(p, i), "field"), field))
			return 1;
	return 0;
}

int main(void)
{
	char dir[] = "/tmp/merit-api-XXXXXX", db[128], agency[1024];
	int st;
	json_t *j;
	setenv("MERIT_PLUGIN_PATH", MERIT_BUILDDIR "/plugins", 1);
	setenv("MERIT_DATA_PATH", MERIT_SRCDIR, 1);
	if (!mkdtemp(dir)) {
		printf("Bail out! no temporary folder\n");
		return 1;
	}
	snprintf(db, sizeof(db), "%s/api.db", dir);
	snprintf(agency, sizeof(agency), "%s/examples/kz-register",
	    MERIT_SRCDIR);
	char roster[1024], evidence[1024];
	snprintf(roster, sizeof(roster), "%s/examples/kz-360/roster.yaml",
	    MERIT_SRCDIR);
	snprintf(evidence, sizeof(evidence), "%s/examples/kz-360/evidence.yaml",
	    MERIT_SRCDIR);
	char *files[] = { roster, evidence };
	struct import_opts io = { .db = db, .agency = agency, .files = files,
		.n_files = 2 };
	struct assess_opts ao = { .agency = agency, .db = db, .format = "json",
		.output = "/dev/null", .no_export = 1, .quiet = 1 };
	struct diag d;
	diag_init(&d);
	fflush(stdout);
	int saved = dup(1);
	freopen("/dev/null", "w", stdout); /* import's summary lines */
	int irc = import_run(&io);
	int arc = irc ? -1 : assess_run(&ao);
	fflush(stdout);
	dup2(saved, 1);
	close(saved);
	if (irc || arc || reg_open(&reg, db, &d) ||
	    workspace_open(&ag.w, agency, NULL, &d)) {
		diag_print(&d);
		printf("Bail out! cannot set up the register (import %d, assess "
		    "%d)\n", irc, arc);
		return 1;
	}
	ag.id = "kz-register";
	printf("1..41\n");

	/* frameworks, in three languages; the titles from kz-2019.lua */
	j = call(api_frameworks_list, "GET", "en", NULL, NULL, NULL, &st);
	ok(st == 200 && json_array_size(get(j, "frameworks")) == 1 &&
	    streq(str(j, "frameworks.0.id"), "kz-2019") &&
	    streq(str(j, "frameworks.0.version"), "2019-04-24") &&
	    streq(str(j, "frameworks.0.title"), "Unified framework of basic and "
	    "differentiating competencies") && streq(str(j, "lang"), "en"),
	    "GET frameworks (en): kz-2019, version and English title");
	json_decref(j);
	j = call(api_frameworks_list, "GET", "ru", NULL, NULL, NULL, &st);
	ok(st == 200 && streq(str(j, "frameworks.0.title"), "Единая рамка "
	    "базовых и дифференцирующих компетенций") &&
	    streq(str(j, "lang"), "ru"), "GET frameworks (ru): the Russian title");
	json_decref(j);
	j = call(api_frameworks_list, "GET", "uz", NULL, NULL, NULL, &st);
	ok(st == 200 && streq(str(j, "frameworks.0.title"), "Unified framework "
	    "of basic and differentiating competencies") &&
	    streq(str(j, "lang"), "en") && !get(j, "lang_fallback"),
	    "GET frameworks (uz): no Uzbek title, English, lang en");
	json_decref(j);

	j = call(api_framework_get, "GET", "kk", "kz-2019", NULL, NULL, &st);
	ok(st == 200 && streq(str(j, "title"), "Базалық және саралаушы "
	    "құзыреттердің бірыңғай шеңбері") && streq(str(j, "lang"), "kk") &&
	    streq(str(j, "lang_fallback.0"), "en"),
	    "GET framework (kk): Kazakh title, competencies fall back to en");
	ok(json_array_size(get(j, "levels")) == 3 &&
	    streq(str(j, "levels.0.id"), "D") &&
	    json_integer_value(get(j, "levels.0.order")) == 1 &&
	    streq(str(j, "levels.2.id"), "B") &&
	    json_integer_value(get(j, "levels.2.order")) == 3 &&
	    json_integer_value(get(j, "levels.1.posts.min")) == 7 &&
	    json_integer_value(get(j, "levels.1.posts.max")) == 9,
	    "levels D, C, B low to high, C for posts 7-9");
	json_t *co = get(j, "competencies.0");
	ok(streq(str(co, "id"), "customer-orientation") &&
	    streq(str(co, "group"), "basic") &&
	    streq(str(co, "title"), "Customer orientation and informing "
	    "customers") && json_integer_value(get(co, "posts.max")) == 15 &&
	    str(co, "description") && !strncmp(str(co, "description"),
	    "Constant monitoring", 19),
	    "customer-orientation: group basic, posts to 15, description");
	ok(json_array_size(get(co, "indicators")) == 1 &&
	    json_is_null(get(co, "indicators.0.level")) &&
	    json_array_size(get(co, "indicators.0.effective")) == 4 &&
	    json_array_size(get(co, "indicators.0.ineffective")) == 4 &&
	    streq(str(co, "indicators.0.effective.2"), "analyzes the level of "
	    "satisfaction with the quality of services"),
	    "customer-orientation: 4 effective and 4 ineffective indicators");
	size_t n_comp = json_array_size(get(j, "competencies"));
	ok(n_comp == 13, "13 competencies, as kz-2019.lua declares (%zu)",
	    n_comp);
	ok(json_array_size(get(j, "profiles")) >= 1 &&
	    json_array_size(get(j, "profiles.0.requires")) >= 1,
	    "the required levels of posts (profiles) come with the framework");
	json_decref(j);
	j = call(api_framework_get, "GET", "ru", "kz-2019", NULL, NULL, &st);
	ok(streq(str(j, "competencies.1.title"), "Сотрудничество и "
	    "взаимодействие"), "GET framework (ru): a competency's Russian "
	    "title");
	json_decref(j);
	j = call(api_framework_get, "GET", "en", "kz-2020", NULL, NULL, &st);
	ok(st == 404 && json_integer_value(get(j, "code")) == 404 &&
	    strstr(str(j, "message"), "kz-2019"),
	    "unknown framework: 404 naming kz-2019");
	json_decref(j);

	/* assessment types: A1-360 and A5-360 of assessment-360.lua */
	j = call(api_assessments_list, "GET", "en", NULL, NULL, NULL, &st);
	int found = 0, dflt = 0;
	for (size_t i = 0; i < json_array_size(get(j, "assessments")); i++) {
		json_t *x = json_array_get(get(j, "assessments"), i);
		if (streq(str(x, "id"), "A1-360")) {
			found = 1;
			dflt = json_is_true(get(x, "default"));
			double sum = 0;
			const char *k;
			json_t *w;
			json_object_foreach(get(x, "weights"), k, w)
				sum += json_number_value(w);
			found &= fabs(sum - 1) < 1e-9;
		}
	}
	ok(st == 200 && found && dflt, "GET assessments: A1-360, the default, "
	    "weights summing to 1");
	json_decref(j);
	j = call(api_assessment_get, "GET", "en", "A1-360", NULL, NULL, &st);
	ok(st == 200 && streq(str(j, "title"), "Annual assessment, professional "
	    "qualities rated 360 degrees") && json_array_size(get(j, "bands")) >=
	    2 && get(j, "elements.qualities.engine") && get(j, "raters.combine"),
	    "GET assessment A1-360: title, bands, engines, raters");
	double prev = INFINITY;
	int sorted = 1;
	for (size_t i = 0; i < json_array_size(get(j, "bands")); i++) {
		double mn = json_number_value(get(json_array_get(get(j, "bands"),
		    i), "min"));
		sorted &= mn < prev;
		prev = mn;
	}
	ok(sorted && str(j, "fail_band"), "bands highest first; a fail band");
	json_decref(j);
	j = call(api_assessment_get, "GET", "en", "A9", NULL, NULL, &st);
	ok(st == 404 && strstr(str(j, "message"), "A1-360") &&
	    strstr(str(j, "message"), "A5-360"),
	    "unknown assessment: 404 naming A1-360 and A5-360");
	json_decref(j);

	/* persons */
	j = call(api_person_get, "GET", "en", "KZ-1003", NULL, NULL, &st);
	ok(st == 200 && streq(str(j, "id"), "KZ-1003") &&
	    json_integer_value(get(j, "post_level")) == 12 &&
	    streq(str(j, "term"), "fixed") &&
	    json_integer_value(get(j, "class")) == 5 &&
	    streq(str(j, "position"), "басқарма басшысы") &&
	    json_is_false(get(j, "on_leave")) &&
	    streq(str(j, "agency"), "kz-register"),
	    "GET person KZ-1003: as the roster gives it");
	json_decref(j);
	j = call(api_person_get, "GET", "en", "KZ-9999", NULL, NULL, &st);
	ok(st == 404 && strstr(str(j, "message"), "KZ-9999"),
	    "GET unknown person: 404");
	json_decref(j);

	long long audits = sql_int("SELECT count(*) FROM audit", NULL);
	j = call(api_person_put, "PUT", "en", "KZ-9001", NULL, "{\"post_level\":"
	    " 5, \"category\": \"official\", \"term\": \"probation\", \"hired\":"
	    " \"2025-03-01\", \"name\": \"A. Person\", \"personal\": {\"phone\":"
	    " \"1\"}}", &st);
	ok(st == 201 && streq(str(j, "id"), "KZ-9001") &&
	    streq(str(j, "hired"), "2025-03-01") && !get(j, "name") &&
	    !get(j, "personal"), "PUT a new person: 201, no personal fields "
	    "in the answer");
	json_decref(j);
	ok(sql_int("SELECT post_level FROM person WHERE id = ?1", "KZ-9001") ==
	    5 && sql_int("SELECT count(*) FROM person_detail WHERE person = ?1"
	    " AND name = 'A. Person' AND fields = '{\"phone\":\"1\"}'",
	    "KZ-9001") == 1, "the register holds the person, the name and the "
	    "personal fields apart");
	ok(sql_int("SELECT count(*) FROM audit", NULL) == audits + 1 &&
	    sql_int("SELECT count(*) FROM audit WHERE action = 'person-put'"
	    " AND subject = ?1 AND actor = 'token:0123456789ab' AND detail NOT"
	    " LIKE '%A. Person%'", "kz-register/KZ-9001") == 1,
	    "one audit entry: person-put by the token, no name in it");
	j = call(api_person_put, "PUT", "en", "KZ-9001", NULL, "{\"id\": "
	    "\"KZ-9001\", \"agency\": \"kz-register\", \"post_level\": 5, "
	    "\"category\": \"official\", \"term\": \"probation\", \"hired\": "
	    "\"2025-03-01\", \"name\": \"A. Person\", \"personal\": {\"phone\":"
	    " \"1\"}}", &st);
	ok(st == 200 && sql_int("SELECT count(*) FROM audit", NULL) ==
	    audits + 1, "PUT the same again: 200, no audit entry");
	json_decref(j);
	j = call(api_person_put, "PUT", "en", "KZ-9001", NULL, "{\"post_level\":"
	    " 6, \"category\": \"official\", \"term\": \"indefinite\"}", &st);
	ok(st == 200 && json_integer_value(get(j, "post_level")) == 6 &&
	    json_is_null(get(j, "hired")) && sql_int("SELECT count(*) FROM"
	    " audit", NULL) == audits + 2, "PUT changed: 200, replaced whole "
	    "(hired gone), one audit entry more");
	json_decref(j);
	j = call(api_person_put, "PUT", "en", "KZ-9002", NULL, "{\"post_level\":"
	    " 0, \"category\": \"boss\", \"hired\": \"soon\", \"colour\": 1}",
	    &st);
	ok(st == 400 && has_field(j, "post_level") && has_field(j, "category") &&
	    has_field(j, "term") && has_field(j, "hired") &&
	    has_field(j, "colour") && strstr(str(j, "message"), "post_level:"),
	    "PUT invalid: 400, each problem with its field");
	ok(sql_int("SELECT count(*) FROM person WHERE id = ?1", "KZ-9002") == 0,
	    "  ... and nothing written");
	json_decref(j);
	j = call(api_person_put, "PUT", "en", "KZ-9003", NULL, "{\"id\": "
	    "\"KZ-9004\", \"post_level\": 1, \"category\": \"official\", "
	    "\"term\": \"fixed\"}", &st);
	ok(st == 400 && strstr(str(j, "message"), "KZ-9004"),
	    "PUT with another id in the body: 400");
	json_decref(j);
	j = call(api_person_put, "PUT", "en", "KZ-9003", NULL, "{\"agency\": "
	    "\"kz-digital\", \"post_level\": 1, \"category\": \"official\", "
	    "\"term\": \"fixed\"}", &st);
	ok(st == 403, "PUT naming another agency: 403");
	json_decref(j);
	j = call(api_person_put, "PUT", "en", "KZ-9003", NULL, "[1]", &st);
	ok(st == 400, "PUT with a body that is not an object: 400");
	json_decref(j);

	/* results: against the register read directly */
	long long n_res = sql_int("SELECT count(*) FROM result WHERE person ="
	    " ?1", "KZ-1002");
	j = call(api_results_get, "GET", "ru", "KZ-1002", NULL, NULL, &st);
	json_t *r0 = get(j, "results.0");
	ok(st == 200 && n_res >= 1 && (long long)json_array_size(get(j,
	    "results")) == n_res, "GET results: as many as the register holds "
	    "(%lld)", n_res);
	ok(fabs(json_number_value(get(r0, "K")) - sql_num("SELECT k FROM result"
	    " WHERE person = ?1 ORDER BY id DESC LIMIT 1", "KZ-1002")) < 1e-12 &&
	    json_integer_value(get(r0, "id")) == sql_int("SELECT max(id) FROM "
	    "result WHERE person = ?1", "KZ-1002"), "the newest first, its K as "
	    "stored");
	ok(streq(str(r0, "assessment"), "A1-360") && str(r0, "receipt") &&
	    strlen(str(r0, "receipt")) == 64 && streq(str(r0, "status"),
	    "assessed") && str(r0, "band") && str(r0, "period") &&
	    str(r0, "scored_at") && streq(str(r0, "framework"), "kz-2019") &&
	    streq(str(r0, "framework_version"), "2019-04-24"),
	    "assessment, receipt, status, band, period, framework and version");
	double wsum = 0;
	const char *ek;
	json_t *ev;
	json_object_foreach(get(r0, "elements"), ek, ev)
		wsum += json_number_value(get(ev, "weight"));
	ok(fabs(wsum - 1) < 1e-9 && json_array_size(get(r0, "explanation")) >=
	    1, "elements with weights summing to 1; explanation lines");
	ok((long long)json_array_size(get(r0, "competencies")) ==
	    sql_int("SELECT count(*) FROM competency_result WHERE result_id ="
	    " (SELECT max(id) FROM result WHERE person = ?1)", "KZ-1002") &&
	    streq(str(r0, "competencies.1.id"), "cooperation") &&
	    streq(str(r0, "competencies.1.title"), "Сотрудничество и "
	    "взаимодействие"), "competencies as stored, titles in Russian");
	json_decref(j);
	j = call(api_results_get, "GET", "en", "KZ-1002", "limit=1", NULL, &st);
	ok(st == 200 && json_array_size(get(j, "results")) == 1, "?limit=1: one");
	json_decref(j);
	j = call(api_results_get, "GET", "en", "KZ-1002", "limit=201", NULL,
	    &st);
	ok(st == 400 && strstr(str(j, "message"), "limit"), "?limit=201: 400");
	json_decref(j);
	j = call(api_results_get, "GET", "en", "KZ-1002", "assessment=A5-360",
	    NULL, &st);
	ok(st == 200 && json_array_size(get(j, "results")) == 0,
	    "?assessment=A5-360: none yet");
	json_decref(j);
	j = call(api_results_get, "GET", "en", "KZ-1002", "assessment=A7", NULL,
	    &st);
	ok(st == 404 && strstr(str(j, "message"), "A1-360"),
	    "?assessment=A7: 404 naming the model's types");
	json_decref(j);
	j = call(api_results_get, "GET", "en", "KZ-1002", "limt=3", NULL, &st);
	ok(st == 400 && strstr(str(j, "message"), "limt"),
	    "a misspelt query parameter: 400");
	json_decref(j);
	j = call(api_results_get, "GET", "en", "KZ-9999", NULL, NULL, &st);
	ok(st == 404, "results of an unknown person: 404");
	json_decref(j);

	/* gaps of the latest result */
	long long n_gap = sql_int("SELECT count(*) FROM gap WHERE result_id ="
	    " (SELECT max(id) FROM result WHERE person = ?1)", "KZ-1002");
	j = call(api_gaps_get, "GET", "ru", "KZ-1002", NULL, NULL, &st);
	ok(st == 200 && (long long)json_array_size(get(j, "gaps")) == n_gap &&
	    json_integer_value(get(j, "result")) == sql_int("SELECT max(id) "
	    "FROM result WHERE person = ?1", "KZ-1002"),
	    "GET gaps: those of the latest result (%lld)", n_gap);
	int gaps_ok = 1;
	for (size_t i = 0; i < json_array_size(get(j, "gaps")); i++) {
		json_t *g = json_array_get(get(j, "gaps"), i);
		gaps_ok &= json_integer_value(get(g, "priority")) == (long)i + 1 &&
		    str(g, "competency") && str(g, "title") &&
		    fabs(json_number_value(get(g, "required")) -
		    json_number_value(get(g, "measured")) -
		    json_number_value(get(g, "gap"))) < 1e-9;
	}
	ok(gaps_ok, "each gap: priority in order, a title, gap = required - "
	    "measured");
	json_decref(j);
	j = call(api_gaps_get, "GET", "en", "KZ-9001", NULL, NULL, &st);
	ok(st == 404 && strstr(str(j, "message"), "evidence"),
	    "gaps of a person never assessed: 404 saying to submit evidence");
	json_decref(j);

	workspace_close(&ag.w);
	reg_close(&reg);
	diag_free(&d);
	/* KEEP=1 keeps the register to look at; API_DUMP=1 prints every
	 * answer to stderr */
	char cmd[256];
	snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
	if (getenv("KEEP"))
		printf("# kept %s\n", dir);
	else if (system(cmd))
		return 1;
	if (n_test != 41)
		printf("# planned 41, ran %d\n", n_test);
	return failed;
}
