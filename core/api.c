/* The /v1 route table and the small helpers every handler uses. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "api.h"

#define A ROLE_ADMIN
#define M ROLE_METHODOLOGIST
#define S ROLE_ASSESSOR
#define R ROLE_READER
#define I ROLE_INTEGRATOR
#define P "/v1/agencies/{agency}"
#define PP P "/persons/{person}"

/* Who may do what. Reading the model and a person's record is open to
 * every role of the agency; writing is narrow: persons come from the HR
 * system (integrator) or an administrator, evidence from assessors and
 * integrations, plan proposals from methodologists, decisions from
 * administrators; the agency-wide reports are for those who plan. */
const struct api_route api_routes[] = {
	{ "GET", P "/frameworks", ROLES_ALL, 0, api_frameworks_list,
	  "the agency's frameworks" },
	{ "GET", P "/frameworks/{framework}", ROLES_ALL, 0, api_framework_get,
	  "a framework: competencies, levels, indicators" },
	{ "GET", P "/assessments", ROLES_ALL, 0, api_assessments_list,
	  "the assessment types and their weights" },
	{ "GET", P "/assessments/{assessment}", ROLES_ALL, 0,
	  api_assessment_get, "an assessment type" },
	{ "PUT", PP, A | I, 1, api_person_put, "create or update a person" },
	{ "GET", PP, ROLES_ALL, 0, api_person_get, "a person" },
	{ "POST", PP "/evidence", A | S | I, 1, api_evidence_post,
	  "submit evidence; answered with the scored result" },
	{ "GET", PP "/results", ROLES_ALL, 0, api_results_get,
	  "a person's results, newest first" },
	{ "GET", PP "/gaps", ROLES_ALL, 0, api_gaps_get,
	  "the gaps of a person's latest result" },
	{ "GET", PP "/recommendations", A | M | S | R, 0,
	  api_recommendations_get, "courses to take, and why" },
	{ "GET", PP "/plan", ROLES_ALL, 0, api_plan_get,
	  "the person's current development plan" },
	{ "POST", PP "/plan", A | M, 1, api_plan_post,
	  "propose a plan from the recommendations" },
	{ "POST", PP "/plan/approve", A, 1, api_plan_approve,
	  "approve the proposed plan" },
	{ "POST", PP "/plan/reject", A, 1, api_plan_reject,
	  "reject the proposed plan, with a reason" },
	{ "GET", PP "/compliance", ROLES_ALL, 0, api_person_compliance,
	  "the person against the agency's training policies" },
	{ "GET", P "/compliance", A | M | R, 0, api_compliance_get,
	  "everyone against the training policies" },
	{ "GET", P "/forecast", A | M | R, 0, api_forecast_get,
	  "training demand per coming quarter" },
	{ "GET", P "/pool", A | M | R, 0, api_pool_get,
	  "the reserve pools: members and who would enter or leave" },
	{ NULL, NULL, 0, 0, NULL, NULL },
};

void api_error(struct api_resp *r, int status, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	json_decref(r->body);
	r->status = status;
	r->body = json_pack("{s:i, s:s}", "code", status, "message", msg);
}

void api_reply(struct api_resp *r, int status, json_t *j)
{
	json_decref(r->body);
	r->status = status;
	r->body = j;
	if (!j)
		api_error(r, 500, "out of memory building the response; retry");
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* Percent-decode [s, s + n) into buf; -1 on a bad escape, a NUL or no
 * room. '+' is a space in a query. */
int api_decode(const char *s, size_t n, char *buf, size_t len, int query)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)s[i];
		if (c == '%') {
			int h, l;
			if (i + 2 >= n || (h = hexval(s[i + 1])) < 0 ||
			    (l = hexval(s[i + 2])) < 0)
				return -1;
			c = h * 16 + l;
			i += 2;
		} else if (c == '+' && query) {
			c = ' ';
		}
		if (!c || o + 1 >= len)
			return -1;
		buf[o++] = (char)c;
	}
	if (o >= len)
		return -1;
	buf[o] = '\0';
	return 0;
}

const char *api_query(const struct api_req *q, const char *name, char *buf,
    size_t len)
{
	size_t nl = strlen(name);
	for (const char *p = q->query; p && *p;) {
		size_t seg = strcspn(p, "&");
		const char *eq = memchr(p, '=', seg);
		size_t kl = eq ? (size_t)(eq - p) : seg;
		if (kl == nl && !memcmp(p, name, nl)) {
			const char *v = eq ? eq + 1 : p + seg;
			size_t vl = (size_t)(p + seg - v);
			return api_decode(v, vl, buf, len, 1) ? NULL : buf;
		}
		p += seg;
		if (*p)
			p++;
	}
	return NULL;
}

json_t *api_body_object(struct api_req *q, struct api_resp *r)
{
	if (!json_is_object(q->json)) {
		api_error(r, 400, "the body must be a JSON object; see "
		    "doc/openapi.yaml for %s %s", q->method, q->route);
		return NULL;
	}
	return q->json;
}

int api_same_agency(struct api_req *q, struct api_resp *r, const char *agency)
{
	if (!agency || !strcmp(agency, q->tok.agency))
		return 0;
	api_error(r, 403, "this token is for agency %s; it cannot reach "
	    "agency %.128s", q->tok.agency, agency);
	return -1;
}
