#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "metrics.h"

/* Upper bounds in seconds: a request on loopback takes tens of
 * microseconds to milliseconds; a commit waits for fsync. */
static const double bounds[] = { 0.0001, 0.00025, 0.0005, 0.001, 0.0025,
	0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5 };
#define N_BOUNDS (sizeof(bounds) / sizeof(bounds[0]))

struct histogram {
	unsigned long long bucket[N_BOUNDS], count;
	double sum;
};

struct counter {
	int route; /* -1: none matched */
	char method[8];
	int status;
	unsigned long long n;
};

struct metrics {
	const char *const *routes;
	size_t n_routes;
	struct histogram *latency; /* per route, then one for unmatched */
	struct counter *counts;
	size_t n_counts, cap_counts;
	struct histogram scoring, commit;
	unsigned long long committed_requests, reloads_ok, reloads_failed;
	size_t connections, agencies;
	unsigned long long generation;
};

static void observe(struct histogram *h, double s)
{
	for (size_t i = 0; i < N_BOUNDS; i++)
		if (s <= bounds[i])
			h->bucket[i]++;
	h->count++;
	h->sum += s;
}

struct metrics *metrics_new(const char *const *routes, size_t n_routes)
{
	struct metrics *m = calloc(1, sizeof(*m));
	if (!m || !(m->latency = calloc(n_routes + 1, sizeof(*m->latency)))) {
		free(m);
		return NULL;
	}
	m->routes = routes;
	m->n_routes = n_routes;
	return m;
}

void metrics_free(struct metrics *m)
{
	if (!m)
		return;
	free(m->latency);
	free(m->counts);
	free(m);
}

void metrics_request(struct metrics *m, int route, const char *method,
    int status, double seconds)
{
	if (route < 0 || (size_t)route >= m->n_routes)
		route = -1;
	observe(&m->latency[route < 0 ? m->n_routes : (size_t)route], seconds);
	for (size_t i = 0; i < m->n_counts; i++) {
		struct counter *c = &m->counts[i];
		if (c->route == route && c->status == status &&
		    !strcmp(c->method, method)) {
			c->n++;
			return;
		}
	}
	if (m->n_counts == m->cap_counts) {
		size_t cap = m->cap_counts ? 2 * m->cap_counts : 32;
		struct counter *nc = realloc(m->counts, cap * sizeof(*nc));
		if (!nc)
			return; /* a lost count is better than a lost request */
		m->counts = nc;
		m->cap_counts = cap;
	}
	struct counter *c = &m->counts[m->n_counts++];
	c->route = route;
	c->status = status;
	c->n = 1;
	/* methods are what http_parser knows: short, no quotes */
	snprintf(c->method, sizeof(c->method), "%s", method);
}

void metrics_scoring(struct metrics *m, double seconds)
{
	observe(&m->scoring, seconds);
}

void metrics_commit(struct metrics *m, double seconds, size_t requests)
{
	observe(&m->commit, seconds);
	m->committed_requests += requests;
}

void metrics_reload(struct metrics *m, int ok)
{
	(*(ok ? &m->reloads_ok : &m->reloads_failed))++;
}

void metrics_set_gauges(struct metrics *m, size_t connections,
    size_t agencies, unsigned long long generation)
{
	m->connections = connections;
	m->agencies = agencies;
	m->generation = generation;
}

static void put_histogram(FILE *f, const char *name, const char *labels,
    const struct histogram *h)
{
	for (size_t i = 0; i < N_BOUNDS; i++)
		fprintf(f, "%s_bucket{%s%sle=\"%g\"} %llu\n", name, labels,
		    *labels ? "," : "", bounds[i], h->bucket[i]);
	fprintf(f, "%s_bucket{%s%sle=\"+Inf\"} %llu\n", name, labels,
	    *labels ? "," : "", h->count);
	fprintf(f, "%s_sum%s%s%s %.9g\n", name, *labels ? "{" : "", labels,
	    *labels ? "}" : "", h->sum);
	fprintf(f, "%s_count%s%s%s %llu\n", name, *labels ? "{" : "", labels,
	    *labels ? "}" : "", h->count);
}

char *metrics_text(const struct metrics *m)
{
	char *buf = NULL, labels[256];
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	if (!f)
		return NULL;
	fputs("# HELP merit_http_requests_total Requests answered, by route "
	    "template, method and status.\n"
	    "# TYPE merit_http_requests_total counter\n", f);
	for (size_t i = 0; i < m->n_counts; i++) {
		const struct counter *c = &m->counts[i];
		fprintf(f, "merit_http_requests_total{route=\"%s\",method=\"%s\","
		    "status=\"%d\"} %llu\n", c->route < 0 ? "unmatched" :
		    m->routes[c->route], c->method, c->status, c->n);
	}
	fputs("# HELP merit_http_request_duration_seconds Time from a "
	    "complete request to its response being queued, by route.\n"
	    "# TYPE merit_http_request_duration_seconds histogram\n", f);
	for (size_t i = 0; i <= m->n_routes; i++) {
		if (!m->latency[i].count)
			continue;
		snprintf(labels, sizeof(labels), "route=\"%s\"", i < m->n_routes ?
		    m->routes[i] : "unmatched");
		put_histogram(f, "merit_http_request_duration_seconds", labels,
		    &m->latency[i]);
	}
	fputs("# HELP merit_scoring_duration_seconds Time to score one "
	    "person's evidence (engines, scorer, Lua).\n"
	    "# TYPE merit_scoring_duration_seconds histogram\n", f);
	put_histogram(f, "merit_scoring_duration_seconds", "", &m->scoring);
	fputs("# HELP merit_db_commit_duration_seconds Time of each group "
	    "commit of the register, fsync included.\n"
	    "# TYPE merit_db_commit_duration_seconds histogram\n", f);
	put_histogram(f, "merit_db_commit_duration_seconds", "", &m->commit);
	fprintf(f, "# HELP merit_db_committed_requests_total Writing requests "
	    "made durable by group commits.\n"
	    "# TYPE merit_db_committed_requests_total counter\n"
	    "merit_db_committed_requests_total %llu\n", m->committed_requests);
	fprintf(f, "# HELP merit_reloads_total Reloads of the agencies' "
	    "configuration and Lua models, by result.\n"
	    "# TYPE merit_reloads_total counter\n"
	    "merit_reloads_total{result=\"ok\"} %llu\n"
	    "merit_reloads_total{result=\"failed\"} %llu\n",
	    m->reloads_ok, m->reloads_failed);
	fprintf(f, "# HELP merit_model_generation The configuration "
	    "generation being served (1 at start, +1 per reload taken).\n"
	    "# TYPE merit_model_generation gauge\n"
	    "merit_model_generation %llu\n"
	    "# HELP merit_agencies Agencies being served.\n"
	    "# TYPE merit_agencies gauge\nmerit_agencies %zu\n"
	    "# HELP merit_http_connections Open client connections.\n"
	    "# TYPE merit_http_connections gauge\nmerit_http_connections %zu\n",
	    m->generation, m->agencies, m->connections);
	if (fclose(f)) {
		free(buf);
		return NULL;
	}
	return buf;
}
