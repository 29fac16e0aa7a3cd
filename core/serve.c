/* merit serve: connections, routing, access, group commit, reload.
 *
 * Everything here runs on the loop thread. A request is read whole by
 * the http reader, routed, checked (token, agency, role, body), handed
 * to its handler, and its response queued on the connection in request
 * order. Writes of all requests in one turn of the loop share one
 * transaction (a savepoint each), committed in the loop's check phase;
 * a response that follows a write leaves only after that commit. */
#include <ctype.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <jansson.h>
#include <sodium.h>
#include <uv.h>
#include "stmtcache.h"
#include "merit/error.h"
#include "adoption.h"
#include "api.h"
#include "date.h"
#include "host.h"
#include "http.h"
#include "live.h"
#include "metrics.h"
#include "register.h"
#include "scoring.h"
#include "seal.h"
#include "serve.h"

#define MAX_DEPTH 64 /* JSON nesting a body may have */
#define RELOAD_DELAY_MS 300 /* editors write in bursts */
#define STOP_GRACE_MS 10000 /* for requests half-read at SIGTERM */
/* A client's answers not yet sent beyond which its connection is no
 * longer read: a client that pipelines without reading costs the server
 * at most these, plus one read's worth of requests kept unparsed. */
#define UNSENT_ANSWERS_MAX 16
#define UNSENT_BYTES_MAX (256 * 1024)
/* How often a write waiting for another process's lock tries again. */
#define LOCK_RETRY_MS 20

struct conn;

/* A response waiting for its turn, and for the commit it depends on. */
struct pending {
	struct pending *next;
	uint64_t batch; /* 0: ready */
	int status;
	char *body; /* JSON text */
	char *headers; /* extra header lines, each ending CRLF; may be NULL */
	int keep_alive;
};

/* A write that found the register locked by another process, kept
 * whole (the reader's copy lives only until its next feed) until the
 * lock is free or --lock-wait has passed. */
struct held_request {
	struct http_request req;
	uint64_t since; /* uv_now() when held */
};

struct server {
	uv_loop_t *loop;
	const struct serve_opts *o;
	uv_tcp_t listener;
	uv_signal_t sigterm, sigint, sighup;
	uv_check_t committer;
	uv_timer_t reload_timer, stop_timer;
	uv_timer_t lock_timer; /* retries the write lock and a busy commit */
	size_t n_held; /* requests waiting for the write lock */
	uint64_t commit_busy_since; /* 0, or when a commit first found it busy */
	uv_fs_event_t **watch;
	size_t n_watch;
	struct http_limits lim;
	struct conn *conns;
	size_t n_conns;
	int stopping, closed;
	struct reg reg;
	struct live_set live;
	struct workspace_opts wo;
	struct metrics *metrics;
	const char **route_names;
	size_t n_routes;
	/* reads of one turn of the loop share one read transaction: one
	 * lock cycle, not one per statement */
	int read_open;
	/* group commit */
	int batch_open;
	uint64_t batch, batches;
	size_t batch_writes;
	/* the request being handled */
	int in_savepoint, wrote;
	unsigned long long requests;
};

/* What a connection's one clock is timing. */
enum conn_clock {
	CLOCK_NONE,
	CLOCK_HEAD, /* a request head must arrive whole in time */
	CLOCK_BODY, /* a body must keep arriving */
	CLOCK_IDLE, /* between requests, or a client not reading its answers */
};

struct conn {
	uv_tcp_t tcp;
	uv_timer_t timer;
	enum conn_clock clock;
	struct server *srv;
	struct http_reader *rd;
	struct conn *next, **prev;
	struct pending *queue, **tail;
	size_t writes; /* in flight */
	int close_after; /* close once the writes are done */
	int read_stopped; /* for good: the connection ends */
	int paused; /* not read while its answers are unsent */
	int over_cap; /* beyond --max-connections: answered 503 */
	struct held_request *held; /* waiting for the write lock; not read
				    * further meanwhile */
	int handles; /* open: the socket and the timer */
	int closing;
};

struct write_req {
	uv_write_t req;
	struct conn *c;
	char *buf;
};

static struct server *the_server; /* for the handlers' api_ calls */

static void maybe_finish(struct server *srv);
static void maybe_resume(struct conn *c);
static int backlogged(struct conn *c);
static void clock_update(struct conn *c, int progress);
static void on_timer(uv_timer_t *t);
static void on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf);
static void on_request(void *ctx, struct http_request *req);

/* -- logging ------------------------------------------------------------ */

static void log_line(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void log_line(const char *fmt, ...)
{
	struct timespec ts;
	struct tm tm;
	char when[32];
	clock_gettime(CLOCK_REALTIME, &ts);
	gmtime_r(&ts.tv_sec, &tm);
	strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S", &tm);
	char *msg = NULL;
	va_list ap;
	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	/* one line, one write: lines from a busy server stay whole */
	fprintf(stderr, "{\"t\":\"%s.%03ldZ\",%s}\n", when, ts.tv_nsec / 1000000,
	    msg ? msg : "\"event\":\"log failed\"");
	free(msg);
}

/* A JSON string literal of s, for log lines. */
static char *jstr(const char *s)
{
	json_t *j = json_string(s ? s : "");
	char *t = j ? json_dumps(j, JSON_ENCODE_ANY) : NULL;
	json_decref(j);
	return t;
}

static void log_event(const char *event, const char *detail)
{
	char *d = jstr(detail);
	log_line("\"event\":\"%s\",\"detail\":%s", event, d ? d : "\"\"");
	free(d);
}

/* -- responses ---------------------------------------------------------- */

static const char *reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 201: return "Created";
	case 400: return "Bad Request";
	case 401: return "Unauthorized";
	case 403: return "Forbidden";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 408: return "Request Timeout";
	case 409: return "Conflict";
	case 413: return "Content Too Large";
	case 414: return "URI Too Long";
	case 415: return "Unsupported Media Type";
	case 422: return "Unprocessable Content";
	case 431: return "Request Header Fields Too Large";
	case 500: return "Internal Server Error";
	case 503: return "Service Unavailable";
	}
	return "Error";
}

/* The connection is freed when both its handles are closed, in
 * whichever order libuv reports them. */
static void on_closed(uv_handle_t *h)
{
	struct conn *c = h->data;
	if (--c->handles)
		return;
	struct server *srv = c->srv;
	http_reader_free(c->rd);
	free(c);
	maybe_finish(srv);
}

static void pending_free(struct pending *p)
{
	free(p->body);
	free(p->headers);
	free(p);
}

static void held_free(struct held_request *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->req.n_headers; i++) {
		free(h->req.headers[i].name);
		free(h->req.headers[i].value);
	}
	free(h->req.headers);
	free(h->req.target);
	free(h->req.body);
	free(h);
}

/* A copy of req that outlives the reader's buffers; NULL when out of
 * memory. The method is the parser's constant string. */
static struct held_request *held_copy(const struct http_request *req,
    uint64_t now)
{
	struct held_request *h = calloc(1, sizeof(*h));
	if (!h)
		return NULL;
	h->since = now;
	h->req = *req;
	h->req.n_headers = 0;
	h->req.body = NULL;
	h->req.target = strdup(req->target);
	h->req.headers = calloc(req->n_headers + 1, sizeof(*h->req.headers));
	if (req->body_len && (h->req.body = malloc(req->body_len)))
		memcpy(h->req.body, req->body, req->body_len);
	int bad = !h->req.target || !h->req.headers || (req->body_len &&
	    !h->req.body);
	for (size_t i = 0; !bad && i < req->n_headers; i++) {
		struct http_header *d = &h->req.headers[i];
		d->name = strdup(req->headers[i].name);
		d->value = strdup(req->headers[i].value);
		h->req.n_headers++;
		bad = !d->name || !d->value;
	}
	if (bad) {
		held_free(h);
		return NULL;
	}
	return h;
}

static void conn_close(struct conn *c)
{
	if (c->closing)
		return;
	c->closing = 1;
	*c->prev = c->next;
	if (c->next)
		c->next->prev = c->prev;
	c->srv->n_conns--;
	if (c->held) {
		held_free(c->held);
		c->held = NULL;
		c->srv->n_held--;
	}
	for (struct pending *p = c->queue, *n; p; p = n) {
		n = p->next;
		pending_free(p);
	}
	c->queue = NULL;
	uv_close((uv_handle_t *)&c->tcp, on_closed);
	uv_close((uv_handle_t *)&c->timer, on_closed);
}

static void on_written(uv_write_t *req, int status)
{
	struct write_req *w = (struct write_req *)req;
	struct conn *c = w->c;
	free(w->buf);
	free(w);
	c->writes--;
	if (status || (c->close_after && !c->writes && !c->queue)) {
		conn_close(c);
		return;
	}
	maybe_resume(c);
	clock_update(c, 0);
}

static int send_now(struct conn *c, const char *type, int status,
    const char *headers, const char *body, int keep_alive)
{
	struct write_req *w = malloc(sizeof(*w));
	int n = -1;
	if (w)
		n = asprintf(&w->buf, "HTTP/1.1 %d %s\r\nContent-Type: %s\r\n"
		    "Content-Length: %zu\r\nConnection: %s\r\n%s\r\n%s", status,
		    reason(status), type, strlen(body), keep_alive ? "keep-alive"
		    : "close", headers ? headers : "", body);
	if (n < 0) {
		free(w);
		return -1;
	}
	w->c = c;
	uv_buf_t b = uv_buf_init(w->buf, (unsigned)n);
	if (uv_write(&w->req, (uv_stream_t *)&c->tcp, &b, 1, on_written)) {
		free(w->buf);
		free(w);
		return -1;
	}
	c->writes++;
	return 0;
}

/* Send what is ready at the head of the queue, in order. */
static void flush(struct conn *c)
{
	while (c->queue && !c->queue->batch && !c->closing) {
		struct pending *p = c->queue;
		c->queue = p->next;
		if (!c->queue)
			c->tail = &c->queue;
		int keep = p->keep_alive && !c->close_after;
		int bad = send_now(c, "application/json", p->status, p->headers,
		    p->body, keep);
		pending_free(p);
		if (bad) {
			conn_close(c);
			return;
		}
		if (!keep) {
			c->close_after = 1;
			for (struct pending *q = c->queue, *n; q; q = n) {
				n = q->next;
				pending_free(q);
			}
			c->queue = NULL;
			c->tail = &c->queue;
			if (!c->writes)
				conn_close(c);
			return;
		}
	}
}

/* Queue a response (body stolen); it leaves once `batch` is committed. */
static void enqueue(struct conn *c, int status, json_t *body, char *headers,
    int keep_alive, uint64_t batch)
{
	struct pending *p = calloc(1, sizeof(*p));
	char *text = body ? json_dumps(body, JSON_COMPACT | JSON_ENCODE_ANY)
			  : NULL;
	json_decref(body);
	if (!p || !text || asprintf(&p->body, "%s\n", text) < 0) {
		free(text);
		free(p);
		free(headers);
		conn_close(c);
		return;
	}
	free(text);
	p->status = status;
	p->headers = headers;
	p->keep_alive = keep_alive;
	p->batch = batch;
	*c->tail = p;
	c->tail = &p->next;
	flush(c);
}

static json_t *error_body(int status, const char *message)
{
	return json_pack("{s:i, s:s}", "code", status, "message", message);
}

/* -- group commit --------------------------------------------------------- */

static void batch_end(struct server *srv, int committed, const char *why)
{
	uint64_t b = srv->batch;
	srv->batch_open = 0;
	uv_check_stop(&srv->committer);
	for (struct conn *c = srv->conns; c; c = c->next) {
		for (struct pending *p = c->queue; p; p = p->next) {
			if (p->batch != b)
				continue;
			p->batch = 0;
			if (committed)
				continue;
			/* the writes it answered for are gone: say so */
			char msg[512];
			snprintf(msg, sizeof(msg), "the register could not commit "
			    "(%s); nothing of this request was kept; retry", why);
			json_t *e = error_body(503, msg);
			char *t = e ? json_dumps(e, JSON_COMPACT) : NULL;
			json_decref(e);
			free(p->body);
			p->body = NULL;
			if (t && asprintf(&p->body, "%s\n", t) < 0)
				p->body = NULL;
			free(t);
			if (!p->body)
				p->body = strdup("{}\n");
			free(p->headers);
			p->headers = NULL;
			p->status = 503;
		}
	}
	for (struct conn *c = srv->conns, *n; c; c = n) {
		n = c->next;
		flush(c);
	}
}

static void read_end(struct server *srv)
{
	if (!srv->read_open)
		return;
	sqlite3_exec(srv->reg.db, "COMMIT", NULL, NULL, NULL);
	srv->read_open = 0;
}

static void on_lock_retry(uv_timer_t *t);

/* A commit that found the register busy is kept and tried again, never
 * waited for on the loop, until --lock-wait has passed: 1 while it may
 * wait. */
static int commit_wait(struct server *srv)
{
	uint64_t now = uv_now(srv->loop);
	if (!srv->commit_busy_since)
		srv->commit_busy_since = now;
	if (now - srv->commit_busy_since >= srv->o->lock_wait_ms)
		return 0;
	if (!uv_is_active((uv_handle_t *)&srv->lock_timer))
		uv_timer_start(&srv->lock_timer, on_lock_retry, LOCK_RETRY_MS, 0);
	return 1;
}

/* The end of a turn of the loop: its reads are done, its writes
 * committed. */
static void end_turn(struct server *srv)
{
	read_end(srv);
	if (!srv->batch_open) {
		uv_check_stop(&srv->committer);
		return;
	}
	uint64_t t0 = uv_hrtime();
	int rc = reg_commit(&srv->reg);
	double s = (double)(uv_hrtime() - t0) / 1e9;
	if (rc && reg_busy(&srv->reg) && commit_wait(srv))
		return; /* the batch stays open; tried again on the timer */
	srv->commit_busy_since = 0;
	if (rc) {
		char why[256];
		snprintf(why, sizeof(why), "%s", reg_errmsg(&srv->reg));
		reg_rollback(&srv->reg);
		log_event("commit-failed", why);
		batch_end(srv, 0, why);
	} else {
		metrics_commit(srv->metrics, s, srv->batch_writes);
		batch_end(srv, 1, NULL);
	}
	srv->batch_writes = 0;
	maybe_finish(srv);
}

static void on_check(uv_check_t *h)
{
	end_turn(h->data);
}

struct reg *api_reg(struct api_req *q)
{
	(void)q;
	return &the_server->reg;
}

sqlite3 *api_db(struct api_req *q)
{
	(void)q;
	return the_server->reg.db;
}

void api_db_error(struct api_req *q, struct api_resp *r)
{
	struct server *srv = the_server;
	const char *m = sqlite3_errmsg(srv->reg.db);
	log_event("register-error", m);
	(void)q;
	api_error(r, 503, "the register failed: %s; retry shortly", m);
}

void api_note_scoring(double seconds)
{
	metrics_scoring(the_server->metrics, seconds);
}

/* Open the batch's transaction: 0; 1 when another process holds the
 * write lock (try again later: the loop never waits for it); -1 when
 * the register fails otherwise. */
static int batch_begin(struct server *srv)
{
	if (srv->batch_open)
		return 0;
	read_end(srv);
	if (reg_begin(&srv->reg))
		return reg_busy(&srv->reg) ? 1 : -1;
	srv->batch_open = 1;
	srv->batch = ++srv->batches;
	uv_check_start(&srv->committer, on_check);
	return 0;
}

int api_write(struct api_req *q, struct api_resp *r)
{
	struct server *srv = the_server;
	if (batch_begin(srv)) {
		api_db_error(q, r);
		return -1;
	}
	if (!srv->in_savepoint) {
		if (sqlite3_exec(srv->reg.db, "SAVEPOINT request", NULL, NULL,
		    NULL) != SQLITE_OK) {
			api_db_error(q, r);
			return -1;
		}
		srv->in_savepoint = 1;
	}
	srv->wrote = 1;
	return 0;
}

/* The request's writes stay when it succeeded, else they are undone. */
static void savepoint_end(struct server *srv, int keep)
{
	if (!srv->in_savepoint)
		return;
	if (!keep)
	{
		sqlite3_exec(srv->reg.db, "ROLLBACK TO request", NULL, NULL, NULL);
		seal_discard(srv->reg.db);
	}
	sqlite3_exec(srv->reg.db, "RELEASE request", NULL, NULL, NULL);
	srv->in_savepoint = 0;
	srv->batch_writes++;
}

/* -- request checks ---------------------------------------------------- */

/* The deepest nesting of arrays and objects in a JSON text, counted
 * before parsing so a hostile body cannot make the parser recurse. */
static int json_depth_ok(const char *s, size_t n, int max)
{
	int depth = 0, in_str = 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		if (in_str) {
			if (c == '\\')
				i++;
			else if (c == '"')
				in_str = 0;
		} else if (c == '"') {
			in_str = 1;
		} else if (c == '[' || c == '{') {
			if (++depth > max)
				return 0;
		} else if (c == ']' || c == '}') {
			depth--;
		}
	}
	return 1;
}

/* en, ru, kk or uz: the first the client ranks highest, else en. */
static const char *pick_lang(const char *h)
{
	static const char *const langs[] = { "en", "ru", "kk", "uz" };
	const char *best = "en";
	double best_q = -1;
	while (h && *h) {
		while (*h == ' ' || *h == ',')
			h++;
		size_t len = strcspn(h, ",");
		size_t tag = strcspn(h, ";,- ");
		double qv = 1;
		const char *semi = memchr(h, ';', len);
		if (semi) {
			const char *qp = strstr(semi, "q=");
			if (qp && qp < h + len)
				qv = strtod(qp + 2, NULL);
		}
		for (size_t i = 0; i < 4; i++)
			if (tag == 2 && !strncasecmp(h, langs[i], 2) && qv > best_q &&
			    qv > 0) {
				best = langs[i];
				best_q = qv;
			}
		h += len;
	}
	return best;
}

/* Split the path into segments and match it against the route table.
 * Returns the route index, -1 (404) or -2 (405, path known). */
static int route_match(const char *method, char *path, struct api_req *q,
    char seg[][256], char *allow, size_t allow_len)
{
	const char *parts[16];
	size_t n = 0;
	char *save = NULL;
	for (char *s = strtok_r(path, "/", &save); s; s = strtok_r(NULL, "/",
	    &save)) {
		if (n == 16)
			return -1;
		parts[n++] = s;
	}
	int path_known = 0;
	allow[0] = '\0';
	for (int r = 0; api_routes[r].method; r++) {
		char tmpl[256];
		snprintf(tmpl, sizeof(tmpl), "%s", api_routes[r].path);
		size_t k = 0, np = 0;
		int match = 1;
		char *ts = NULL;
		for (char *t = strtok_r(tmpl, "/", &ts); t; t = strtok_r(NULL, "/",
		    &ts), k++) {
			if (k >= n) {
				match = 0;
				break;
			}
			if (t[0] == '{') {
				if (np == API_MAX_PARAMS || api_decode(parts[k],
				    strlen(parts[k]), seg[np], 256, 0)) {
					match = 0;
					break;
				}
				q->param[np] = seg[np];
				np++;
			} else if (strcmp(t, parts[k])) {
				match = 0;
				break;
			}
		}
		if (!match || k != n)
			continue;
		if (!strcmp(api_routes[r].method, method)) {
			q->n_param = np;
			return r;
		}
		path_known = 1;
		size_t l = strlen(allow);
		snprintf(allow + l, allow_len - l, "%s%s", l ? ", " : "",
		    api_routes[r].method);
	}
	return path_known ? -2 : -1;
}

/* ?agency=ID, when given, must be a well-formed id and the caller's:
 * 0, or 400 or 403 set. */
static int query_agency(struct api_req *q, struct api_resp *r)
{
	char buf[256];
	if (!api_query_has(q, "agency"))
		return 0;
	const char *v = api_query(q, "agency", buf, sizeof(buf));
	int bad = !v || !*v;
	for (const char *p = v; !bad && *p; p++)
		bad = (unsigned char)*p <= ' ' || *p == 0x7f || *p == '/';
	if (bad) {
		api_error(r, 400, "agency: give the agency's id, such as "
		    "?agency=%s, or leave it out", q->tok.agency);
		return -1;
	}
	return api_same_agency(q, r, v);
}

static const char *bearer(const struct http_request *req)
{
	const char *h = http_request_header(req, "Authorization");
	if (!h || strncasecmp(h, "Bearer ", 7))
		return NULL;
	h += 7;
	while (*h == ' ')
		h++;
	return h;
}

/* The request hash an Idempotency-Key is bound to. */
static void request_hash(const char *method, const char *target,
    const struct http_request *req, char hex[65])
{
	unsigned char h[32];
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, sizeof(h));
	crypto_generichash_update(&st, (const unsigned char *)method,
	    strlen(method) + 1);
	crypto_generichash_update(&st, (const unsigned char *)target,
	    strlen(target) + 1);
	crypto_generichash_update(&st, (const unsigned char *)req->body,
	    req->body_len);
	crypto_generichash_final(&st, h, sizeof(h));
	sodium_bin2hex(hex, 65, h, sizeof(h));
}

/* A stored reply for this key: 1 and *status, *body set; 0 none; -1 on
 * a register error. */
static int idem_lookup(struct server *srv, const char *agency,
    const char *key, char hash[65], int *status, char **body, int *same)
{
	sqlite3_stmt *st;
	int found = 0;
	if (stmt_prepare(srv->reg.db, "SELECT request_hash, status, body"
	    " FROM idempotency WHERE agency = ?1 AND key = ?2", -1, &st, NULL)
	    != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, agency, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		found = 1;
		*same = !strcmp((const char *)sqlite3_column_text(st, 0), hash);
		*status = sqlite3_column_int(st, 1);
		*body = strdup((const char *)sqlite3_column_text(st, 2));
		if (!*body)
			found = -1;
	} else if (rc != SQLITE_DONE) {
		found = -1;
	}
	stmt_finalize(st);
	return found;
}

static int idem_store(struct server *srv, const char *agency,
    const char *key, const char *hash, int status, const char *body)
{
	sqlite3_stmt *st;
	char now[32];
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(now, sizeof(now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (stmt_prepare(srv->reg.db, "INSERT INTO idempotency(agency,"
	    " key, request_hash, status, body, created_at) VALUES (?1, ?2, ?3,"
	    " ?4, ?5, ?6)", -1, &st, NULL) != SQLITE_OK)
		return -1;
	sqlite3_bind_text(st, 1, agency, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, hash, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 4, status);
	sqlite3_bind_text(st, 5, body, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, now, -1, SQLITE_STATIC);
	int rc = sqlite3_step(st) == SQLITE_DONE ? 0 : -1;
	stmt_finalize(st);
	return rc;
}

static int key_ok(const char *k)
{
	size_t n = strlen(k);
	if (!n || n > 255)
		return 0;
	for (; *k; k++)
		if (*k < 0x21 || *k > 0x7e)
			return 0;
	return 1;
}

/* -- one request -------------------------------------------------------- */

static void log_request(const char *method, const char *route, int status,
    double seconds, const char *agency, unsigned long long id)
{
	char *r = jstr(route), *a = agency ? jstr(agency) : NULL;
	log_line("\"event\":\"request\",\"id\":%llu,\"method\":\"%s\","
	    "\"route\":%s,\"status\":%d,\"ms\":%.3f,\"agency\":%s", id, method,
	    r ? r : "\"\"", status, seconds * 1e3, a ? a : "null");
	free(r);
	free(a);
}

static void handle_v1(struct conn *c, struct http_request *req, char *path,
    const char *query, int keep, uint64_t t0)
{
	struct server *srv = c->srv;
	struct api_req q = { .method = req->method, .query = query,
		.lang = pick_lang(http_request_header(req, "Accept-Language")),
		.body = req->body, .body_len = req->body_len, .srv = NULL };
	struct api_resp r = { 0 };
	char seg[API_MAX_PARAMS][256], allow[64], rid[32];
	char *headers = NULL;
	int replayed = 0;
	unsigned long long id = ++srv->requests;
	snprintf(rid, sizeof(rid), "%llu", id);
	q.request_id = rid;
	char *target = strdup(path);
	int ri = target ? route_match(req->method, path, &q, seg, allow,
	    sizeof(allow)) : -1;
	const struct api_route *route = ri >= 0 ? &api_routes[ri] : NULL;
	const char *agency_log = NULL;
	const char *key = http_request_header(req, "Idempotency-Key");
	char hash[65];

	if (!target) {
		api_error(&r, 503, "out of memory; retry");
		goto out;
	}
	if (ri == -1) {
		api_error(&r, 404, "no route %.200s; the routes are in "
		    "doc/openapi.yaml", target);
		goto out;
	}
	if (ri == -2) {
		api_error(&r, 405, "%.200s answers %s, not %s", target, allow,
		    req->method);
		if (asprintf(&headers, "Allow: %s\r\n", allow) < 0)
			headers = NULL;
		goto out;
	}
	q.route = route->path;
	if (!srv->batch_open && !srv->read_open &&
	    sqlite3_exec(srv->reg.db, "BEGIN", NULL, NULL, NULL) == SQLITE_OK) {
		srv->read_open = 1;
		uv_check_start(&srv->committer, on_check);
	}
	/* who is asking */
	const char *b = bearer(req);
	int trc = b ? token_verify(srv->reg.db, b, &q.tok) : MERIT_ENOENT;
	if (!b || trc) {
		/* never the token itself in the log: only why it failed */
		log_event("auth-failed", !b ? "no bearer token" : trc ==
		    MERIT_EINPUT ? "revoked token" : trc == MERIT_ENOENT ?
		    "unknown or malformed token" : "register error");
		api_error(&r, trc && trc != MERIT_ENOENT && trc != MERIT_EINPUT ?
		    503 : 401, !b ? "send Authorization: Bearer <token>; "
		    "merit token create makes one" : trc == MERIT_EINPUT ?
		    "this token was revoked; ask the agency's administrator for "
		    "a new one" : "the token is not valid; check it was copied "
		    "whole");
		if (asprintf(&headers, "WWW-Authenticate: Bearer realm=\"merit\""
		    "\r\n") < 0)
			headers = NULL;
		goto out;
	}
	agency_log = q.tok.agency;
	if (strcmp(q.param[0], q.tok.agency)) {
		api_error(&r, 403, "this token is for agency %s; it cannot reach "
		    "agency %.128s", q.tok.agency, q.param[0]);
		goto out;
	}
	if (!(route->roles & q.tok.role)) {
		char roles[128];
		api_error(&r, 403, "%s %s needs the role %s; this token is %s",
		    req->method, route->path, token_roles_list(route->roles,
		    roles, sizeof(roles)), token_role_name(q.tok.role));
		goto out;
	}
	if (query_agency(&q, &r))
		goto out;
	/* the body */
	if (req->body_len) {
		const char *ct = http_request_header(req, "Content-Type");
		if (!ct || strncasecmp(ct, "application/json", 16) ||
		    (ct[16] && ct[16] != ';' && ct[16] != ' ')) {
			api_error(&r, 415, "send the body as Content-Type: "
			    "application/json");
			goto out;
		}
		if (!json_depth_ok(req->body, req->body_len, MAX_DEPTH)) {
			api_error(&r, 400, "the JSON body nests deeper than %d "
			    "levels; flatten it", MAX_DEPTH);
			goto out;
		}
		json_error_t je;
		q.json = json_loadb(req->body, req->body_len,
		    JSON_REJECT_DUPLICATES, &je);
		if (!q.json) {
			api_error(&r, 400, "the JSON body is not valid at line %d, "
			    "column %d: %s", je.line, je.column, je.text);
			goto out;
		}
		json_t *ba = json_is_object(q.json) ? json_object_get(q.json,
		    "agency") : NULL;
		if (ba && (!json_is_string(ba) || api_same_agency(&q, &r,
		    json_string_value(ba)))) {
			if (!json_is_string(ba))
				api_error(&r, 400, "\"agency\" must be a string");
			goto out;
		}
	}
	if (!(q.ag = live_find(&srv->live, q.tok.agency))) {
		api_error(&r, 503, "agency %s has no configuration loaded here; "
		    "add its agency.yaml to the served configuration",
		    q.tok.agency);
		goto out;
	}
	q.today = date_today();
	/* an Idempotency-Key replays the first answer to the same request */
	if (key && !strcmp(req->method, "POST") && route->writes) {
		int status, same;
		char *body;
		if (!key_ok(key)) {
			api_error(&r, 400, "Idempotency-Key must be 1 to 255 "
			    "printable ASCII characters");
			goto out;
		}
		request_hash(req->method, target, req, hash);
		int f = idem_lookup(srv, q.tok.agency, key, hash, &status, &body,
		    &same);
		if (f < 0) {
			api_db_error(&q, &r);
			goto out;
		}
		if (f && !same) {
			free(body);
			api_error(&r, 422, "Idempotency-Key %.64s was used for a "
			    "different request; use a new key for a new request",
			    key);
			goto out;
		}
		if (f) {
			json_t *j = json_loads(body, JSON_DECODE_ANY, NULL);
			free(body);
			api_reply(&r, status, j);
			replayed = 1;
			if (asprintf(&headers, "Idempotent-Replayed: true\r\n") < 0)
				headers = NULL;
			goto out;
		}
	} else {
		key = NULL;
	}
	q.srv = (struct api_server *)srv;
	srv->wrote = 0;
	route->fn(&q, &r);
	if (!r.body)
		api_error(&r, 500, "the handler gave no answer; this is a bug");
	if (key && srv->wrote && r.status < 400) {
		char *t = json_dumps(r.body, JSON_COMPACT | JSON_ENCODE_ANY);
		if (!t || idem_store(srv, q.tok.agency, key, hash, r.status, t)) {
			api_db_error(&q, &r);
		}
		free(t);
	}
	savepoint_end(srv, r.status < 400);
out:
	(void)replayed;
	json_decref(q.json);
	if (q.ag && !headers && strcmp(q.lang, "en") &&
	    asprintf(&headers, "Content-Language: %s\r\n", q.lang) < 0)
		headers = NULL;
	double s = (double)(uv_hrtime() - t0) / 1e9;
	metrics_request(srv->metrics, ri, req->method, r.status, s);
	log_request(req->method, route ? route->path : "unmatched", r.status,
	    s, agency_log, id);
	/* while a batch is open, every answer waits for it: a read may
	 * have seen what the batch wrote */
	enqueue(c, r.status, r.body, headers, keep, srv->batch_open ?
	    srv->batch : 0);
	free(target);
}

/* Whether the request is for a route that writes. */
static int route_writes(const char *method, const char *path)
{
	if (!strcmp(method, "GET"))
		return 0; /* no GET writes: spare reads the second match */
	struct api_req q = { 0 };
	char seg[API_MAX_PARAMS][256], allow[64];
	char *copy = strdup(path);
	int ri = copy ? route_match(method, copy, &q, seg, allow,
	    sizeof(allow)) : -1;
	free(copy);
	return ri >= 0 && api_routes[ri].writes;
}

/* Keep a write until the register's write lock is free; nothing after
 * it on its connection is read meanwhile, so its answer keeps its
 * place. */
static void hold(struct conn *c, struct http_request *req)
{
	struct server *srv = c->srv;
	if (!(c->held = held_copy(req, uv_now(srv->loop)))) {
		enqueue(c, 503, error_body(503, "out of memory; retry"), NULL,
		    0, 0);
		return;
	}
	srv->n_held++;
	http_reader_pause(c->rd);
	if (!uv_is_active((uv_handle_t *)&srv->lock_timer))
		uv_timer_start(&srv->lock_timer, on_lock_retry, LOCK_RETRY_MS, 0);
}

/* The held request is handled now (the batch is open), or, when the
 * lock was not had in --lock-wait, answered 503 with nothing kept. */
static void release_held(struct conn *c, int give_up)
{
	struct server *srv = c->srv;
	struct held_request *h = c->held;
	c->held = NULL;
	srv->n_held--;
	if (give_up) {
		char msg[200];
		snprintf(msg, sizeof(msg), "another process has been writing "
		    "the register for over %llu ms; nothing of this request was "
		    "kept; retry", (unsigned long long)srv->o->lock_wait_ms);
		metrics_request(srv->metrics, -1, h->req.method, 503, 0);
		enqueue(c, 503, error_body(503, msg), strdup("Retry-After: 1\r\n"),
		    h->req.keep_alive && !srv->stopping, 0);
	} else {
		on_request(c, &h->req);
	}
	held_free(h);
	if (!c->closing)
		maybe_resume(c);
	clock_update(c, 0);
}

static void on_lock_retry(uv_timer_t *t)
{
	struct server *srv = t->data;
	int busy = srv->n_held ? batch_begin(srv) == 1 : 0;
	uint64_t now = uv_now(srv->loop);
	for (struct conn *c = srv->conns, *n; c; c = n) {
		n = c->next;
		if (c->held && (!busy || now - c->held->since >=
		    srv->o->lock_wait_ms))
			release_held(c, busy);
	}
	if (srv->n_held)
		uv_timer_start(t, on_lock_retry, LOCK_RETRY_MS, 0);
	/* what was handled here, or a commit tried again, is committed now:
	 * the check phase would come only after the loop next wakes */
	end_turn(srv);
}

static void on_request(void *ctx, struct http_request *req)
{
	struct conn *c = ctx;
	struct server *srv = c->srv;
	int keep = req->keep_alive && !srv->stopping;
	uint64_t t0 = uv_hrtime();
	if (c->close_after || c->closing)
		return; /* answered with close: later pipelined requests wait */
	if (c->over_cap) {
		char msg[160];
		snprintf(msg, sizeof(msg), "the server has its maximum of %u "
		    "connections open; retry shortly", srv->o->max_conns);
		metrics_request(srv->metrics, -1, req->method, 503, 0);
		enqueue(c, 503, error_body(503, msg), strdup("Retry-After: 1\r\n"),
		    0, 0);
		return;
	}
	size_t plen = strcspn(req->target, "?");
	char *path = strndup(req->target, plen);
	const char *query = req->target[plen] ? req->target + plen + 1 : "";
	if (!path) {
		conn_close(c);
		return;
	}
	int status = 200;
	char why[256];
	if (api_target_check(req->target, why, sizeof(why))) {
		/* refused before anything reads it, or quotes it in an
		 * answer or a log line */
		struct api_resp r = { 0 };
		api_error(&r, 400, "%s", why);
		metrics_request(srv->metrics, -1, req->method, 400,
		    (double)(uv_hrtime() - t0) / 1e9);
		enqueue(c, 400, r.body, NULL, keep, 0);
	} else if (!strcmp(path, "/healthz") || !strcmp(path, "/metrics")) {
		int metrics = path[1] == 'm';
		if (strcmp(req->method, "GET")) {
			status = 405;
			enqueue(c, 405, error_body(405, metrics ? "/metrics answers "
			    "GET" : "/healthz answers GET"), strdup("Allow: GET\r\n"),
			    keep, 0);
		} else if (!metrics) {
			enqueue(c, 200, json_pack("{s:s}", "status", "ok"), NULL,
			    keep, 0);
		} else {
			metrics_set_gauges(srv->metrics, srv->n_conns, srv->live.n,
			    (unsigned long long)srv->live.generation);
			char *text = metrics_text(srv->metrics);
			if (!text || send_now(c, "text/plain; version=0.0.4", 200,
			    NULL, text, keep))
				conn_close(c);
			else if (!keep)
				c->close_after = 1;
			free(text);
		}
		/* health checks are counted, not logged: they come every
		 * few seconds and say nothing about the agencies */
		metrics_request(srv->metrics, metrics ? (int)srv->n_routes + 1 :
		    (int)srv->n_routes, req->method, status,
		    (double)(uv_hrtime() - t0) / 1e9);
	} else if (!strncmp(path, "/v1/", 4)) {
		if (route_writes(req->method, path) && batch_begin(srv) == 1)
			hold(c, req);
		else
			handle_v1(c, req, path, query, keep, t0);
	} else {
		char msg[300];
		snprintf(msg, sizeof(msg), "no route %.200s; the routes are in "
		    "doc/openapi.yaml", path);
		enqueue(c, 404, error_body(404, msg), NULL, keep, 0);
		metrics_request(srv->metrics, -1, req->method, 404,
		    (double)(uv_hrtime() - t0) / 1e9);
	}
	free(path);
	if (!c->closing && backlogged(c))
		http_reader_pause(c->rd);
}

/* -- connections ------------------------------------------------------- */

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
	(void)h;
	buf->base = malloc(suggested);
	buf->len = buf->base ? suggested : 0;
}

/* Whether the client has more answers unsent than it may: then it is
 * not read until they are written. */
static int backlogged(struct conn *c)
{
	size_t n = c->writes;
	for (struct pending *p = c->queue; p && n <= UNSENT_ANSWERS_MAX;
	    p = p->next)
		n++;
	return n > UNSENT_ANSWERS_MAX ||
	    uv_stream_get_write_queue_size((uv_stream_t *)&c->tcp) >
	    UNSENT_BYTES_MAX;
}

static void clock_start(struct conn *c, enum conn_clock clock, uint64_t ms)
{
	c->clock = clock;
	uv_timer_start(&c->timer, on_timer, ms, 0);
}

/* Set the connection's clock for what it is waiting for. `progress`:
 * bytes came from the client just now. */
static void clock_update(struct conn *c, int progress)
{
	const struct serve_opts *o = c->srv->o;
	if (c->closing)
		return;
	if (c->held) {
		/* the server, not the client, is waiting: --lock-wait bounds it */
		uv_timer_stop(&c->timer);
		c->clock = CLOCK_NONE;
	} else if (c->paused || c->read_stopped || !http_reader_busy(c->rd)) {
		/* waiting for the next request, or for the client to take
		 * its answers: either way the client is idle */
		clock_start(c, CLOCK_IDLE, o->idle_timeout_ms);
	} else if (http_reader_head_pending(c->rd)) {
		/* the clock runs from the read that began a head to its end */
		if (c->clock != CLOCK_HEAD)
			clock_start(c, CLOCK_HEAD, o->head_timeout_ms);
	} else if (progress || c->clock != CLOCK_BODY) {
		clock_start(c, CLOCK_BODY, o->body_timeout_ms);
	}
}

/* The client is told why, then the connection ends: the bytes after a
 * refused request cannot be trusted. */
static void refuse_rest(struct conn *c, int status, const char *why)
{
	uv_read_stop((uv_stream_t *)&c->tcp);
	c->read_stopped = 1;
	enqueue(c, status, error_body(status, why), NULL, 0, 0);
}

static void on_timer(uv_timer_t *t)
{
	struct conn *c = t->data;
	const struct serve_opts *o = c->srv->o;
	char msg[160];
	switch (c->clock) {
	case CLOCK_HEAD:
		snprintf(msg, sizeof(msg), "the request head did not arrive "
		    "within %llu ms; send it whole", (unsigned long long)
		    o->head_timeout_ms);
		break;
	case CLOCK_BODY:
		snprintf(msg, sizeof(msg), "the request body stopped arriving: "
		    "nothing for %llu ms; send it without pauses",
		    (unsigned long long)o->body_timeout_ms);
		break;
	default:
		conn_close(c);
		return;
	}
	metrics_request(c->srv->metrics, -1, "-", 408, 0);
	refuse_rest(c, 408, msg);
	clock_update(c, 0);
}

/* After a feed or a resume: stop reading a client whose answers are
 * unsent, refuse one whose request was bad. */
static void after_feed(struct conn *c, int status)
{
	if (c->closing)
		return;
	if (status) {
		metrics_request(c->srv->metrics, -1, "-", status, 0);
		refuse_rest(c, status, http_reader_error(c->rd));
	} else if (http_reader_paused(c->rd) && !c->paused) {
		uv_read_stop((uv_stream_t *)&c->tcp);
		c->paused = 1;
	} else if (c->srv->stopping && !c->queue && !c->writes && !c->held &&
	    !http_reader_busy(c->rd)) {
		conn_close(c);
	}
}

/* Its answers written: read the client again, starting with the
 * requests kept while it was paused. */
static void maybe_resume(struct conn *c)
{
	if (!c->paused || c->closing || c->close_after || c->read_stopped ||
	    c->held || backlogged(c))
		return;
	c->paused = 0;
	int status = http_reader_resume(c->rd, on_request, c);
	after_feed(c, status);
	if (!c->closing && !c->paused && !c->read_stopped &&
	    uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read))
		conn_close(c);
}

static void on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf)
{
	struct conn *c = s->data;
	if (n < 0) {
		free(buf->base);
		/* the client is gone or done: answers still owed are kept
		 * only if it half-closed and waits for them */
		if (n == UV_EOF && (c->queue || c->writes)) {
			uv_read_stop(s);
			c->read_stopped = 1;
			c->close_after = 1;
			clock_update(c, 0);
			return;
		}
		conn_close(c);
		return;
	}
	int status = n ? http_reader_feed(c->rd, buf->base, (size_t)n,
	    on_request, c) : 0;
	free(buf->base);
	after_feed(c, status);
	clock_update(c, n > 0);
}

static void on_connection(uv_stream_t *l, int status)
{
	struct server *srv = l->data;
	if (status < 0 || srv->stopping)
		return;
	struct conn *c = calloc(1, sizeof(*c));
	if (!c || !(c->rd = http_reader_new(&srv->lim))) {
		free(c);
		return;
	}
	c->srv = srv;
	c->tail = &c->queue;
	/* beyond the cap a client is told so (503); far beyond it, when
	 * even telling would cost too much, it is only closed */
	c->over_cap = srv->n_conns >= srv->o->max_conns;
	uv_tcp_init(srv->loop, &c->tcp);
	uv_timer_init(srv->loop, &c->timer);
	c->tcp.data = c->timer.data = c;
	c->handles = 2;
	c->next = srv->conns;
	c->prev = &srv->conns;
	if (srv->conns)
		srv->conns->prev = &c->next;
	srv->conns = c;
	srv->n_conns++;
	if (uv_accept(l, (uv_stream_t *)&c->tcp) ||
	    srv->n_conns > 2 * srv->o->max_conns ||
	    uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read)) {
		conn_close(c);
		return;
	}
	uv_tcp_nodelay(&c->tcp, 1);
	clock_update(c, 0);
}

/* -- reload ------------------------------------------------------------- */

/* Each agency's agency.yaml scheme, when the register has not seen it or
 * it was edited, recorded as adopted (adoption.h), so that the API
 * scores under the scheme merit assess would. In the open batch, if any,
 * behind a savepoint of its own. 0, or -1 with nothing written. */
static int sync_adoptions(struct server *srv)
{
	int own = !srv->batch_open;
	if (own) {
		read_end(srv);
		if (reg_begin(&srv->reg))
			return -1;
	} else if (sqlite3_exec(srv->reg.db, "SAVEPOINT adoptions", NULL, NULL,
	    NULL) != SQLITE_OK) {
		return -1;
	}
	int rc = 0;
	for (size_t i = 0; !rc && i < srv->live.n; i++) {
		struct api_agency *a = srv->live.v[i];
		char scheme[128];
		rc = scoring_register(&srv->reg, a->w.ag, a->w.ms);
		if (!rc)
			rc = adoption_sync(&srv->reg, a->w.ag, scheme, sizeof(scheme));
	}
	if (rc)
		log_event("register-error", reg_errmsg(&srv->reg));
	if (own) {
		if (rc || reg_commit(&srv->reg)) {
			reg_rollback(&srv->reg);
			rc = -1;
		}
	} else {
		if (rc) {
			sqlite3_exec(srv->reg.db, "ROLLBACK TO adoptions", NULL, NULL,
			    NULL);
			seal_discard(srv->reg.db);
		}
		sqlite3_exec(srv->reg.db, "RELEASE adoptions", NULL, NULL, NULL);
	}
	return rc;
}

static void watch_start(struct server *srv);

static void on_watch_closed(uv_handle_t *h)
{
	free(h);
}

static void watch_stop(struct server *srv)
{
	for (size_t i = 0; i < srv->n_watch; i++)
		uv_close((uv_handle_t *)srv->watch[i], on_watch_closed);
	free(srv->watch);
	srv->watch = NULL;
	srv->n_watch = 0;
}

static void reload(struct server *srv, const char *why)
{
	struct live_set next;
	struct diag d;
	diag_init(&d);
	uint64_t gen = srv->live.generation + 1;
	int rc = live_load(&next, srv->o->config_dir, srv->o->db, &srv->wo, gen,
	    &d);
	if (rc) {
		/* the old set keeps serving; the log says why */
		for (size_t i = 0; i < d.n; i++) {
			char line[1200];
			snprintf(line, sizeof(line), "%s%s%d%s%s", d.v[i].file ?
			    d.v[i].file : "", d.v[i].file ? ":" : "", d.v[i].line,
			    d.v[i].file ? ": " : "", d.v[i].msg);
			log_event("reload-refused", line);
		}
		char msg[160];
		snprintf(msg, sizeof(msg), "%s: still serving generation %llu",
		    why, (unsigned long long)srv->live.generation);
		log_event("reload-refused", msg);
		metrics_reload(srv->metrics, 0);
	} else {
		live_free(&srv->live);
		srv->live = next;
		sync_adoptions(srv);
		char msg[160];
		snprintf(msg, sizeof(msg), "%s: generation %llu, %zu agencies", why,
		    (unsigned long long)gen, next.n);
		log_event("reloaded", msg);
		metrics_reload(srv->metrics, 1);
	}
	diag_free(&d);
	/* the folders to watch may have changed with the configuration */
	if (srv->o->watch && !srv->stopping) {
		watch_stop(srv);
		watch_start(srv);
	}
}

static void on_reload_timer(uv_timer_t *t)
{
	reload(t->data, "files changed");
}

static void on_fs_event(uv_fs_event_t *h, const char *file, int events,
    int status)
{
	struct server *srv = h->data;
	(void)events;
	(void)status;
	/* editors' swap and backup files are not configuration */
	if (file && (file[0] == '.' || file[strlen(file) - 1] == '~' ||
	    strstr(file, ".swp")))
		return;
	if (!srv->stopping)
		uv_timer_start(&srv->reload_timer, on_reload_timer,
		    RELOAD_DELAY_MS, 0);
}

static void watch_start(struct server *srv)
{
	size_t n;
	char **dirs = live_watch_dirs(&srv->live, &n);
	srv->watch = calloc(n ? n : 1, sizeof(*srv->watch));
	for (size_t i = 0; srv->watch && i < n; i++) {
		uv_fs_event_t *h = malloc(sizeof(*h));
		if (!h)
			break;
		uv_fs_event_init(srv->loop, h);
		h->data = srv;
		if (uv_fs_event_start(h, on_fs_event, dirs[i], 0)) {
			log_event("watch-failed", dirs[i]);
			uv_close((uv_handle_t *)h, on_watch_closed);
			continue;
		}
		srv->watch[srv->n_watch++] = h;
	}
	for (size_t i = 0; i < n; i++)
		free(dirs[i]);
	free(dirs);
}

/* -- stopping ------------------------------------------------------------ */

static void close_rest(struct server *srv)
{
	if (srv->closed)
		return;
	srv->closed = 1;
	watch_stop(srv);
	uv_close((uv_handle_t *)&srv->sigterm, NULL);
	uv_close((uv_handle_t *)&srv->sigint, NULL);
	uv_close((uv_handle_t *)&srv->sighup, NULL);
	uv_close((uv_handle_t *)&srv->committer, NULL);
	uv_close((uv_handle_t *)&srv->reload_timer, NULL);
	uv_close((uv_handle_t *)&srv->stop_timer, NULL);
	uv_close((uv_handle_t *)&srv->lock_timer, NULL);
}

/* Once stopping, the server ends when no connection and no batch is
 * left. */
static void maybe_finish(struct server *srv)
{
	if (srv->stopping && !srv->n_conns && !srv->batch_open)
		close_rest(srv);
}

static void on_stop_timer(uv_timer_t *t)
{
	struct server *srv = t->data;
	for (struct conn *c = srv->conns, *n; c; c = n) {
		n = c->next;
		conn_close(c);
	}
}

/* SIGTERM: stop accepting; answer what was read; let what is being
 * written finish; commit; close. */
static void on_signal(uv_signal_t *sig, int signum)
{
	struct server *srv = sig->data;
	if (signum == SIGHUP) {
		reload(srv, "SIGHUP");
		return;
	}
	if (srv->stopping)
		return;
	srv->stopping = 1;
	log_event("stopping", signum == SIGTERM ? "SIGTERM" : "SIGINT");
	uv_close((uv_handle_t *)&srv->listener, NULL);
	uv_timer_stop(&srv->reload_timer);
	for (struct conn *c = srv->conns, *next; c; c = next) {
		next = c->next;
		if (c->held)
			continue; /* answered, with close, once the lock frees
				   * or --lock-wait has passed */
		if (c->writes || c->queue)
			c->close_after = 1;
		else if (!http_reader_busy(c->rd))
			conn_close(c);
	}
	/* a client half-way through a request has a grace period */
	uv_timer_start(&srv->stop_timer, on_stop_timer, STOP_GRACE_MS, 0);
	uv_unref((uv_handle_t *)&srv->stop_timer);
	maybe_finish(srv);
}

/* -- start -------------------------------------------------------------- */

void serve_print_routes(void)
{
	for (int r = 0; api_routes[r].method; r++) {
		char roles[128];
		printf("%s %s %s%s\n", api_routes[r].method, api_routes[r].path,
		    token_roles_list(api_routes[r].roles, roles, sizeof(roles)),
		    api_routes[r].writes ? " (writes)" : "");
	}
}

int serve_run(const struct serve_opts *o)
{
	struct server srv = { .o = o, .lim = { .head_max = 16384,
		.target_max = 8192, .body_max = o->body_max } };
	uv_loop_t loop;
	struct sockaddr_storage addr;
	struct diag d;
	int rc, status = 2;
	if (uv_loop_init(&loop))
		return 2;
	srv.loop = &loop;
	the_server = &srv;
	host_set_loop(&loop);
	srv.wo.plugin_path = o->plugin_path;
	diag_init(&d);
	while (api_routes[srv.n_routes].method)
		srv.n_routes++;
	srv.route_names = calloc(srv.n_routes + 2, sizeof(*srv.route_names));
	for (size_t i = 0; srv.route_names && i < srv.n_routes; i++)
		srv.route_names[i] = api_routes[i].path;
	if (srv.route_names) {
		srv.route_names[srv.n_routes] = "/healthz";
		srv.route_names[srv.n_routes + 1] = "/metrics";
	}
	if (!srv.route_names || !(srv.metrics = metrics_new(srv.route_names,
	    srv.n_routes + 2)))
		goto out;
	if (reg_open(&srv.reg, o->db, &d)) {
		diag_print(&d);
		goto out;
	}
	stmt_cache_enable(srv.reg.db);
	/* the loop never sleeps in SQLite waiting for another process's
	 * lock: a write finding it busy is held and retried on a timer */
	sqlite3_busy_handler(srv.reg.db, NULL, NULL);
	/* an answer is sent only once its write is in the WAL on disk */
	sqlite3_exec(srv.reg.db, "PRAGMA synchronous=FULL", NULL, NULL, NULL);
	if (live_load(&srv.live, o->config_dir, o->db, &srv.wo, 1, &d)) {
		diag_print(&d);
		fprintf(stderr, "merit serve: the configuration does not load; "
		    "fix the findings above\n");
		stmt_cache_drop(srv.reg.db);
		reg_close(&srv.reg);
		goto out;
	}
	if (sync_adoptions(&srv)) {
		fprintf(stderr, "merit serve: %s: cannot record the agencies' "
		    "schemes: %s\n", o->db, reg_errmsg(&srv.reg));
		goto unload;
	}
	if ((rc = uv_ip4_addr(o->host, o->port, (struct sockaddr_in *)&addr)) &&
	    (rc = uv_ip6_addr(o->host, o->port, (struct sockaddr_in6 *)&addr))) {
		fprintf(stderr, "merit serve: --listen %s: not an IPv4 or IPv6 "
		    "address\n", o->host);
		goto unload;
	}
	uv_tcp_init(&loop, &srv.listener);
	srv.listener.data = &srv;
	if ((rc = uv_tcp_bind(&srv.listener, (struct sockaddr *)&addr, 0)) ||
	    (rc = uv_listen((uv_stream_t *)&srv.listener, 511, on_connection))) {
		fprintf(stderr, "merit serve: cannot listen on %s:%d: %s\n",
		    o->host, o->port, uv_strerror(rc));
		uv_close((uv_handle_t *)&srv.listener, NULL);
		uv_run(&loop, UV_RUN_DEFAULT);
		goto unload;
	}
	uv_signal_init(&loop, &srv.sigterm);
	uv_signal_init(&loop, &srv.sigint);
	uv_signal_init(&loop, &srv.sighup);
	uv_check_init(&loop, &srv.committer);
	uv_timer_init(&loop, &srv.reload_timer);
	uv_timer_init(&loop, &srv.stop_timer);
	uv_timer_init(&loop, &srv.lock_timer);
	srv.sigterm.data = srv.sigint.data = srv.sighup.data = &srv;
	srv.committer.data = srv.reload_timer.data = srv.stop_timer.data = &srv;
	srv.lock_timer.data = &srv;
	uv_signal_start(&srv.sigterm, on_signal, SIGTERM);
	uv_signal_start(&srv.sigint, on_signal, SIGINT);
	uv_signal_start(&srv.sighup, on_signal, SIGHUP);
	if (o->watch)
		watch_start(&srv);
	char msg[200];
	snprintf(msg, sizeof(msg), "listening on %s:%d, %zu agencies, "
	    "register %s", o->host, o->port, srv.live.n, o->db);
	log_event("start", msg);
	uv_run(&loop, UV_RUN_DEFAULT);
	if (srv.batch_open && reg_commit(&srv.reg))
		reg_rollback(&srv.reg);
	log_event("stopped", "clean");
	status = 0;
unload:
	live_free(&srv.live);
	read_end(&srv);
	stmt_cache_drop(srv.reg.db);
	reg_close(&srv.reg);
out:
	uv_run(&loop, UV_RUN_DEFAULT);
	uv_loop_close(&loop);
	metrics_free(srv.metrics);
	free(srv.route_names);
	diag_free(&d);
	the_server = NULL;
	return status;
}
