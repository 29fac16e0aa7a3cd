/* The /v1 HTTP API: the route table, the access rule every route follows,
 * and the contract between the server (serve.c) and the handlers
 * (api_*.c).
 *
 * Handlers run on the loop thread, one request at a time. A handler that
 * writes calls api_write() first: the server opens the batch transaction
 * (group commit) and a savepoint for this request, releases the savepoint
 * if the response status is below 400 and rolls it back otherwise, and
 * answers only after the batch has been committed. */
#ifndef MERIT_API_H
#define MERIT_API_H

#include <stdarg.h>
#include <jansson.h>
#include <sqlite3.h>
#include "token.h"
#include "workspace.h"

struct api_server;

/* An agency being served: its configuration and model, loaded like merit
 * assess loads them, replaced whole on reload. */
struct api_agency {
	char *id;
	char *config_file; /* agency.yaml, absolute */
	struct workspace w;
	char model_version[80]; /* model hash and load generation */
	struct api_scoring *scoring; /* per assessment type, made on demand */
};

#define API_MAX_PARAMS 4

struct api_req {
	const char *method;
	const char *route; /* the template: "/v1/agencies/{agency}/..." */
	/* path parameters in template order, percent-decoded; param[0] is
	 * always {agency} for /v1/agencies/... routes */
	const char *param[API_MAX_PARAMS];
	size_t n_param;
	const char *query; /* raw, after '?'; "" when none */
	const char *lang; /* en, ru, kk or uz, from Accept-Language */
	const char *body;
	size_t body_len;
	json_t *json; /* the body parsed, for POST and PUT; else NULL */
	struct token_info tok; /* the caller, authenticated */
	struct api_agency *ag; /* the caller's agency, loaded */
	struct api_server *srv;
	long today; /* date_today(), day number */
	const char *request_id;
};

struct api_resp {
	int status;
	json_t *body; /* owned; the response body */
};

typedef void (*api_handler)(struct api_req *q, struct api_resp *r);

struct api_route {
	const char *method;
	const char *path; /* template; {name} matches one segment */
	int roles; /* ROLE_ bits admitted */
	int writes; /* may write: Idempotency-Key honoured for POST */
	api_handler fn;
	const char *summary;
};

/* The route table, ending with a NULL method. */
extern const struct api_route api_routes[];

/* The register the handlers share (read-write, one connection). */
struct reg *api_reg(struct api_req *q);
sqlite3 *api_db(struct api_req *q);
/* Before a handler's first write: 0, or an error response already set
 * (503 when the register is busy or failing). */
int api_write(struct api_req *q, struct api_resp *r);

/* Time spent scoring one person, for /metrics. */
void api_note_scoring(double seconds);

/* Set r to an error: {code, message}; message says what to fix. */
void api_error(struct api_resp *r, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
/* Set r to 200 (or status) with body j (stolen). */
void api_reply(struct api_resp *r, int status, json_t *j);
/* Percent-decode [s, s + n) into buf (query: '+' is a space); -1 on a
 * bad escape, an encoded NUL, or no room. */
int api_decode(const char *s, size_t n, char *buf, size_t len, int query);
/* Checks a request target before anything reads it: percent escapes
 * well formed, the path and each query name and value (decoded) UTF-8
 * without NUL, no query parameter given twice. 0, or -1 with msg saying
 * what is wrong (UTF-8 itself, quoting nothing invalid). */
int api_target_check(const char *target, char *msg, size_t len);
/* A query parameter's value, percent-decoded into buf; NULL if absent. */
const char *api_query(const struct api_req *q, const char *name, char *buf,
    size_t len);
/* Whether the query names parameter `name`, with a value or not. */
int api_query_has(const struct api_req *q, const char *name);
/* The request body must be a JSON object: returns it, or sets 400. */
json_t *api_body_object(struct api_req *q, struct api_resp *r);
/* Checks that a body/query "agency" value, when given, is the caller's:
 * 0, or 403 set. */
int api_same_agency(struct api_req *q, struct api_resp *r, const char *agency);
/* A sqlite error: 503 with the message, logged. */
void api_db_error(struct api_req *q, struct api_resp *r);

/* Handlers, by file. */
/* api_model.c: frameworks and assessment types, in q->lang */
void api_frameworks_list(struct api_req *q, struct api_resp *r);
void api_framework_get(struct api_req *q, struct api_resp *r);
void api_assessments_list(struct api_req *q, struct api_resp *r);
void api_assessment_get(struct api_req *q, struct api_resp *r);
/* api_person.c: persons, their results and gaps */
void api_person_put(struct api_req *q, struct api_resp *r);
void api_person_get(struct api_req *q, struct api_resp *r);
void api_results_get(struct api_req *q, struct api_resp *r);
void api_gaps_get(struct api_req *q, struct api_resp *r);
/* api_evidence.c: evidence in, scored, result out */
void api_evidence_post(struct api_req *q, struct api_resp *r);
/* api_develop.c: recommendations, plans, compliance, forecast, pool */
void api_recommendations_get(struct api_req *q, struct api_resp *r);
void api_plan_get(struct api_req *q, struct api_resp *r);
void api_plan_post(struct api_req *q, struct api_resp *r);
void api_plan_approve(struct api_req *q, struct api_resp *r);
void api_plan_reject(struct api_req *q, struct api_resp *r);
void api_person_compliance(struct api_req *q, struct api_resp *r);
void api_compliance_get(struct api_req *q, struct api_resp *r);
void api_forecast_get(struct api_req *q, struct api_resp *r);
void api_pool_get(struct api_req *q, struct api_resp *r);

#endif
