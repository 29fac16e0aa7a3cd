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

/* A message quoting input with "%.Ns" may cut a UTF-8 character in
 * two, which JSON cannot carry: such a cut character becomes '?'. */
static void mend_cut_characters(char *s)
{
	for (unsigned char *p = (unsigned char *)s; *p;) {
		size_t want = *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : *p >= 0xc0 ? 2 : 1;
		size_t have = 1;
		while (have < want && (p[have] & 0xc0) == 0x80)
			have++;
		if (have < want || (want == 1 && *p >= 0x80))
			memset(p, '?', have);
		p += have;
	}
}

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
	if (!r->body) {
		mend_cut_characters(msg);
		r->body = json_pack("{s:i, s:s}", "code", status, "message", msg);
	}
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

/* What is wrong with one part of a target (the path, or a query name or
 * value) once percent-decoded into buf (n + 1 bytes): NULL when nothing. */
static const char *part_problem(const char *s, size_t n, int query,
    char *buf, size_t *decoded)
{
	size_t o = 0;
	for (size_t i = 0; i < n; i++) {
		int c = (unsigned char)s[i];
		if (c == '%') {
			int h = i + 2 < n ? hexval(s[i + 1]) : -1;
			int l = h >= 0 ? hexval(s[i + 2]) : -1;
			if (l < 0)
				return "a '%' not followed by two hex digits (write a "
				    "'%' itself as %25)";
			c = h * 16 + l;
			i += 2;
		} else if (c == '+' && query) {
			c = ' ';
		}
		if (!c)
			return "a NUL byte";
		buf[o++] = (char)c;
	}
	buf[o] = '\0';
	*decoded = o;
	/* jansson refuses what is not UTF-8: overlong forms, surrogates,
	 * code points beyond U+10FFFF, cut or stray continuation bytes */
	json_t *j = json_stringn(buf, o);
	json_decref(j);
	return j ? NULL : "bytes that are not UTF-8 (percent-encode UTF-8 "
	    "text)";
}

/* The query's names decoded, each NUL-terminated, one after another in
 * names: the first given twice, or NULL. */
static const char *repeated_name(const char *names, size_t n_names)
{
	const char *a = names;
	for (size_t i = 0; i < n_names; i++, a += strlen(a) + 1) {
		const char *b = a + strlen(a) + 1;
		for (size_t k = i + 1; k < n_names; k++, b += strlen(b) + 1)
			if (*a && !strcmp(a, b))
				return a;
	}
	return NULL;
}

int api_target_check(const char *target, char *msg, size_t len)
{
	size_t n = strlen(target), plen = strcspn(target, "?"), d, n_names = 0;
	/* decoded text is never longer than the encoded */
	char *buf = malloc(n + 1), *names = malloc(n + 1), *nend = names;
	const char *why = NULL;
	int rc = -1;
	if (!buf || !names) {
		snprintf(msg, len, "out of memory; retry");
		goto out;
	}
	if ((why = part_problem(target, plen, 0, buf, &d))) {
		snprintf(msg, len, "the path holds %s; fix the request target",
		    why);
		goto out;
	}
	for (const char *p = target[plen] ? target + plen + 1 : ""; *p;) {
		size_t seg = strcspn(p, "&"), kl = strcspn(p, "=&");
		if ((why = part_problem(p, kl, 1, nend, &d))) {
			snprintf(msg, len, "a query parameter's name holds %s", why);
			goto out;
		}
		const char *name = nend;
		nend += d + 1;
		n_names++;
		if (kl < seg && (why = part_problem(p + kl + 1, seg - kl - 1, 1,
		    buf, &d))) {
			snprintf(msg, len, "the query parameter '%.64s' holds %s",
			    name, why);
			goto out;
		}
		p += seg;
		if (*p)
			p++;
	}
	if ((why = repeated_name(names, n_names))) {
		snprintf(msg, len, "the query parameter '%.64s' is given more "
		    "than once; give it once", why);
		goto out;
	}
	rc = 0;
out:
	free(buf);
	free(names);
	return rc;
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

int api_query_has(const struct api_req *q, const char *name)
{
	size_t nl = strlen(name);
	for (const char *p = q->query; p && *p;) {
		if (strcspn(p, "=&") == nl && !strncmp(p, name, nl))
			return 1;
		p += strcspn(p, "&");
		if (*p)
			p++;
	}
	return 0;
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
