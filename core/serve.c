#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include <uv.h>
#include "merit/error.h"
#include "http.h"
#include "serve.h"

struct conn;

struct server {
	uv_loop_t *loop;
	uv_tcp_t listener;
	uv_signal_t sigterm, sigint;
	struct http_limits lim;
	uint64_t head_timeout_ms;
	struct conn *conns; /* open connections */
	int stopping;
};

struct conn {
	uv_tcp_t tcp;
	uv_timer_t head_timer; /* a request head must arrive in time */
	struct server *srv;
	struct http_reader *rd;
	struct conn *next, **prev;
	size_t writes; /* in flight */
	int close_after; /* close once the writes are done */
	int handles; /* open: the socket and the timer */
	int closing;
};

struct write_req {
	uv_write_t req;
	struct conn *c;
	char *buf;
};

static const char *reason(int status)
{
	switch (status) {
	case 200: return "OK";
	case 400: return "Bad Request";
	case 404: return "Not Found";
	case 405: return "Method Not Allowed";
	case 408: return "Request Timeout";
	case 413: return "Content Too Large";
	case 414: return "URI Too Long";
	case 431: return "Request Header Fields Too Large";
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
	http_reader_free(c->rd);
	free(c);
}

static void conn_close(struct conn *c)
{
	if (c->closing)
		return;
	c->closing = 1;
	*c->prev = c->next;
	if (c->next)
		c->next->prev = c->prev;
	uv_close((uv_handle_t *)&c->tcp, on_closed);
	uv_close((uv_handle_t *)&c->head_timer, on_closed);
}

static void on_written(uv_write_t *req, int status)
{
	struct write_req *w = (struct write_req *)req;
	struct conn *c = w->c;
	free(w->buf);
	free(w);
	c->writes--;
	if (status || (c->close_after && !c->writes))
		conn_close(c);
}

/* Queue one response; the body is JSON. */
static void respond(struct conn *c, int status, json_t *body, int keep_alive)
{
	char *json = body ? json_dumps(body, JSON_COMPACT) : NULL;
	json_decref(body);
	struct write_req *w = malloc(sizeof(*w));
	int n = -1;
	if (w)
		n = asprintf(&w->buf, "HTTP/1.1 %d %s\r\nContent-Type: "
		    "application/json\r\nContent-Length: %zu\r\nConnection: %s"
		    "\r\n\r\n%s\n", status, reason(status), json ? strlen(json) + 1
		    : 1, keep_alive ? "keep-alive" : "close", json ? json : "");
	free(json);
	if (n < 0) {
		free(w);
		conn_close(c);
		return;
	}
	if (!keep_alive)
		c->close_after = 1;
	w->c = c;
	uv_buf_t b = uv_buf_init(w->buf, (unsigned)n);
	if (uv_write(&w->req, (uv_stream_t *)&c->tcp, &b, 1, on_written)) {
		free(w->buf);
		free(w);
		conn_close(c);
		return;
	}
	c->writes++;
}

/* Every error body says what went wrong and what to do about it. */
static json_t *error_body(int status, const char *message)
{
	return json_pack("{s:i, s:s}", "code", status, "message", message);
}

static void on_request(void *ctx, struct http_request *req)
{
	struct conn *c = ctx;
	int keep = req->keep_alive && !c->srv->stopping;
	if (c->close_after || c->closing)
		return; /* answered with close: later pipelined requests wait */
	char *path = strndup(req->target, strcspn(req->target, "?"));
	if (!path) {
		conn_close(c);
		return;
	}
	if (!strcmp(path, "/healthz")) {
		if (strcmp(req->method, "GET"))
			respond(c, 405, error_body(405, "/healthz answers GET"),
			    keep);
		else
			respond(c, 200, json_pack("{s:s}", "status", "ok"), keep);
	} else {
		char msg[256];
		snprintf(msg, sizeof(msg), "no route %.200s; see doc/openapi.yaml",
		    path);
		respond(c, 404, error_body(404, msg), keep);
	}
	free(path);
}

static void on_alloc(uv_handle_t *h, size_t suggested, uv_buf_t *buf)
{
	(void)h;
	buf->base = malloc(suggested);
	buf->len = buf->base ? suggested : 0;
}

static void respond(struct conn *c, int status, json_t *body, int keep_alive);
static json_t *error_body(int status, const char *message);

static void on_head_timeout(uv_timer_t *t)
{
	struct conn *c = t->data;
	char msg[128];
	snprintf(msg, sizeof(msg), "the request head did not arrive within "
	    "%llu ms; send it whole", (unsigned long long)
	    c->srv->head_timeout_ms);
	uv_read_stop((uv_stream_t *)&c->tcp);
	respond(c, 408, error_body(408, msg), 0);
}

static void on_read(uv_stream_t *s, ssize_t n, const uv_buf_t *buf)
{
	struct conn *c = s->data;
	if (n < 0) {
		free(buf->base);
		conn_close(c);
		return;
	}
	int status = n ? http_reader_feed(c->rd, buf->base, (size_t)n,
	    on_request, c) : 0;
	free(buf->base);
	/* the clock runs from the read that began a head to its end */
	if (!status && http_reader_head_pending(c->rd)) {
		if (!uv_is_active((uv_handle_t *)&c->head_timer))
			uv_timer_start(&c->head_timer, on_head_timeout,
			    c->srv->head_timeout_ms, 0);
	} else {
		uv_timer_stop(&c->head_timer);
	}
	if (status) {
		/* the client is told why, then the connection ends: the
		 * bytes after a refused request cannot be trusted */
		uv_read_stop(s);
		respond(c, status, error_body(status, http_reader_error(c->rd)),
		    0);
	}
}

static void on_connection(uv_stream_t *l, int status)
{
	struct server *srv = l->data;
	if (status < 0)
		return;
	struct conn *c = calloc(1, sizeof(*c));
	if (!c || !(c->rd = http_reader_new(&srv->lim))) {
		free(c);
		return;
	}
	c->srv = srv;
	uv_tcp_init(srv->loop, &c->tcp);
	uv_timer_init(srv->loop, &c->head_timer);
	c->tcp.data = c->head_timer.data = c;
	c->handles = 2;
	c->next = srv->conns;
	c->prev = &srv->conns;
	if (srv->conns)
		srv->conns->prev = &c->next;
	srv->conns = c;
	if (uv_accept(l, (uv_stream_t *)&c->tcp) ||
	    uv_read_start((uv_stream_t *)&c->tcp, on_alloc, on_read))
		conn_close(c);
}

/* SIGTERM: stop accepting; let what is being written finish; close. */
static void on_signal(uv_signal_t *sig, int signum)
{
	struct server *srv = sig->data;
	(void)signum;
	if (srv->stopping)
		return;
	srv->stopping = 1;
	uv_close((uv_handle_t *)&srv->listener, NULL);
	uv_close((uv_handle_t *)&srv->sigterm, NULL);
	uv_close((uv_handle_t *)&srv->sigint, NULL);
	for (struct conn *c = srv->conns, *next; c; c = next) {
		next = c->next;
		if (c->writes)
			c->close_after = 1;
		else
			conn_close(c);
	}
	fprintf(stderr, "merit serve: stopping\n");
}

int serve_run(const struct serve_opts *o)
{
	struct server srv = { .lim = { .head_max = 16384, .target_max = 8192,
		.body_max = o->body_max }, .head_timeout_ms = o->head_timeout_ms };
	uv_loop_t loop;
	struct sockaddr_storage addr;
	int rc;
	if (uv_loop_init(&loop))
		return 2;
	srv.loop = &loop;
	if ((rc = uv_ip4_addr(o->host, o->port, (struct sockaddr_in *)&addr)) &&
	    (rc = uv_ip6_addr(o->host, o->port, (struct sockaddr_in6 *)&addr))) {
		fprintf(stderr, "merit serve: --listen %s: not an IPv4 or IPv6 "
		    "address\n", o->host);
		uv_loop_close(&loop);
		return 2;
	}
	uv_tcp_init(&loop, &srv.listener);
	srv.listener.data = &srv;
	if ((rc = uv_tcp_bind(&srv.listener, (struct sockaddr *)&addr, 0)) ||
	    (rc = uv_listen((uv_stream_t *)&srv.listener, 128, on_connection))) {
		fprintf(stderr, "merit serve: cannot listen on %s:%d: %s\n",
		    o->host, o->port, uv_strerror(rc));
		uv_close((uv_handle_t *)&srv.listener, NULL);
		uv_run(&loop, UV_RUN_DEFAULT);
		uv_loop_close(&loop);
		return 2;
	}
	uv_signal_init(&loop, &srv.sigterm);
	uv_signal_init(&loop, &srv.sigint);
	srv.sigterm.data = srv.sigint.data = &srv;
	uv_signal_start(&srv.sigterm, on_signal, SIGTERM);
	uv_signal_start(&srv.sigint, on_signal, SIGINT);
	fprintf(stderr, "merit serve: listening on %s:%d\n", o->host, o->port);
	uv_run(&loop, UV_RUN_DEFAULT);
	uv_loop_close(&loop);
	return 0;
}
