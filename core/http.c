#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <http_parser.h>
#include "http.h"

/* Bytes of framing counted per header line ("name: value\r\n") and for
 * the request line, so the head limit matches what was sent closely. */
#define LINE_OVERHEAD 4

/* A buffer grown beyond this for one request is given back once the
 * request is delivered, so an idle connection holds little memory. */
#define KEEP_CAP 16384

struct text {
	char *p;
	size_t len, cap;
};

struct http_reader {
	http_parser parser;
	http_parser_settings settings;
	struct http_limits lim;
	/* the request being read */
	struct text target, field, value, body;
	struct http_header *headers;
	size_t n_headers, cap_headers;
	int in_value; /* the last header callback was a value */
	int in_head; /* between the first byte of a request and its headers */
	int in_message; /* between the first byte of a request and its end */
	size_t head_bytes;
	/* delivering */
	http_on_request on_request;
	void *ctx;
	int pause; /* asked for by the callback: stop after this request */
	struct text held; /* bytes not parsed yet while paused */
	int status; /* non-zero: refused */
	char error[160];
	struct http_request req;
};

static int append(struct text *t, const char *at, size_t len)
{
	if (t->len + len + 1 > t->cap) {
		size_t cap = t->cap ? t->cap : 64;
		while (cap < t->len + len + 1)
			cap *= 2;
		char *p = realloc(t->p, cap);
		if (!p)
			return -1;
		t->p = p;
		t->cap = cap;
	}
	memcpy(t->p + t->len, at, len);
	t->len += len;
	t->p[t->len] = '\0';
	return 0;
}

static int refuse(struct http_reader *r, int status, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static int refuse(struct http_reader *r, int status, const char *fmt, ...)
{
	if (!r->status) {
		va_list ap;
		va_start(ap, fmt);
		r->status = status;
		vsnprintf(r->error, sizeof(r->error), fmt, ap);
		va_end(ap);
	}
	/* stops http_parser_execute; not 1, which on_headers_complete would
	 * mean as "no body" and read on */
	return -1;
}

static void shrink(struct text *t)
{
	if (t->cap > KEEP_CAP) {
		free(t->p);
		t->p = NULL;
		t->cap = 0;
	}
	t->len = 0;
}

static void clear_request(struct http_reader *r)
{
	for (size_t i = 0; i < r->n_headers; i++) {
		free(r->headers[i].name);
		free(r->headers[i].value);
	}
	r->n_headers = 0;
	r->target.len = r->field.len = r->value.len = r->body.len = 0;
	r->in_value = 0;
	r->head_bytes = 0;
}

static int count_head(struct http_reader *r, size_t len)
{
	r->head_bytes += len;
	if (r->head_bytes > r->lim.head_max)
		return refuse(r, 431, "the request line and headers exceed %zu "
		    "bytes; send fewer or shorter headers", r->lim.head_max);
	return 0;
}

/* A complete field/value pair is moved into the header list. */
static int end_header(struct http_reader *r)
{
	if (!r->in_value)
		return 0;
	if (r->n_headers == r->cap_headers) {
		size_t cap = r->cap_headers ? r->cap_headers * 2 : 16;
		struct http_header *h = realloc(r->headers, cap * sizeof(*h));
		if (!h)
			return refuse(r, 400, "out of memory");
		r->headers = h;
		r->cap_headers = cap;
	}
	struct http_header *h = &r->headers[r->n_headers];
	h->name = strndup(r->field.p ? r->field.p : "", r->field.len);
	h->value = strndup(r->value.p ? r->value.p : "", r->value.len);
	if (!h->name || !h->value) {
		free(h->name);
		free(h->value);
		return refuse(r, 400, "out of memory");
	}
	r->n_headers++;
	r->field.len = r->value.len = 0;
	r->in_value = 0;
	return count_head(r, LINE_OVERHEAD);
}

static struct http_reader *of(http_parser *p)
{
	return p->data;
}

static int on_message_begin(http_parser *p)
{
	clear_request(of(p));
	of(p)->in_head = 1;
	of(p)->in_message = 1;
	return 0;
}

static int on_url(http_parser *p, const char *at, size_t len)
{
	struct http_reader *r = of(p);
	if (r->target.len + len > r->lim.target_max)
		return refuse(r, 414, "the request target is longer than %zu "
		    "bytes", r->lim.target_max);
	if (append(&r->target, at, len))
		return refuse(r, 400, "out of memory");
	return count_head(r, len);
}

static int on_header_field(http_parser *p, const char *at, size_t len)
{
	struct http_reader *r = of(p);
	/* the parser tolerates blanks inside names; a name with one would
	 * be read differently by every other hop, so it is refused */
	for (size_t i = 0; i < len; i++)
		if (isspace((unsigned char)at[i]))
			return refuse(r, 400, "a header name contains "
			    "whitespace; write it as Name: value");
	if (end_header(r) || append(&r->field, at, len))
		return refuse(r, 400, "out of memory");
	return count_head(r, len);
}

static int on_header_value(http_parser *p, const char *at, size_t len)
{
	struct http_reader *r = of(p);
	if (memchr(at, '\0', len))
		return refuse(r, 400, "a header value contains a NUL byte");
	r->in_value = 1;
	if (append(&r->value, at, len))
		return refuse(r, 400, "out of memory");
	return count_head(r, len);
}

static int on_headers_complete(http_parser *p)
{
	struct http_reader *r = of(p);
	r->in_head = 0;
	if (end_header(r))
		return -1;
	if (p->http_major != 1 || p->http_minor > 1) {
		return refuse(r, 400, "HTTP/%u.%u is not served; use HTTP/1.1 or "
		    "HTTP/1.0", p->http_major, p->http_minor);
	}
	if ((p->flags & F_CONTENTLENGTH) && p->content_length != ULLONG_MAX &&
	    p->content_length > r->lim.body_max)
		return refuse(r, 413, "the body is larger than %zu bytes",
		    r->lim.body_max);
	return 0;
}

static int on_body(http_parser *p, const char *at, size_t len)
{
	struct http_reader *r = of(p);
	if (r->body.len + len > r->lim.body_max)
		return refuse(r, 413, "the body is larger than %zu bytes",
		    r->lim.body_max);
	if (append(&r->body, at, len))
		return refuse(r, 400, "out of memory");
	return 0;
}

static int on_message_complete(http_parser *p)
{
	of(p)->in_message = 0;
	struct http_reader *r = of(p);
	struct http_request *q = &r->req;
	q->method = http_method_str((enum http_method)p->method);
	q->target = r->target.p ? r->target.p : "";
	q->major = p->http_major;
	q->minor = p->http_minor;
	q->headers = r->headers;
	q->n_headers = r->n_headers;
	q->body = r->body.p;
	q->body_len = r->body.len;
	q->keep_alive = http_should_keep_alive(p);
	r->on_request(r->ctx, q);
	shrink(&r->body);
	shrink(&r->target);
	if (r->pause)
		http_parser_pause(p, 1);
	return 0;
}

struct http_reader *http_reader_new(const struct http_limits *limits)
{
	struct http_reader *r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->lim = *limits;
	http_parser_init(&r->parser, HTTP_REQUEST);
	r->parser.data = r;
	http_parser_settings_init(&r->settings);
	r->settings.on_message_begin = on_message_begin;
	r->settings.on_url = on_url;
	r->settings.on_header_field = on_header_field;
	r->settings.on_header_value = on_header_value;
	r->settings.on_headers_complete = on_headers_complete;
	r->settings.on_body = on_body;
	r->settings.on_message_complete = on_message_complete;
	return r;
}

void http_reader_free(struct http_reader *r)
{
	if (!r)
		return;
	clear_request(r);
	free(r->headers);
	free(r->target.p);
	free(r->field.p);
	free(r->value.p);
	free(r->body.p);
	free(r->held.p);
	free(r);
}

/* Parse [buf, buf + len); what follows a pause is kept in r->held
 * (buf may itself point into r->held). */
static int run(struct http_reader *r, const char *buf, size_t len)
{
	size_t n = http_parser_execute(&r->parser, &r->settings, buf, len);
	enum http_errno e = HTTP_PARSER_ERRNO(&r->parser);
	if (r->status)
		return r->status;
	if (e == HPE_PAUSED) {
		size_t rest = len - n;
		if (buf != r->held.p && append(&r->held, buf + n, rest)) {
			refuse(r, 400, "out of memory");
			return r->status;
		}
		if (buf == r->held.p) {
			memmove(r->held.p, buf + n, rest);
			r->held.len = rest;
		}
		return 0;
	}
	if (e != HPE_OK || n != len) {
		r->status = 400;
		snprintf(r->error, sizeof(r->error), "malformed request: %s",
		    http_errno_description(e));
		if (e == HPE_HEADER_OVERFLOW)
			r->status = 431;
		return r->status;
	}
	return 0;
}

int http_reader_feed(struct http_reader *r, const char *buf, size_t len,
    http_on_request on_request, void *ctx)
{
	if (r->status)
		return r->status;
	if (r->pause) {
		/* fed while paused: keep the bytes for http_reader_resume */
		if (append(&r->held, buf, len))
			refuse(r, 400, "out of memory");
		return r->status;
	}
	r->on_request = on_request;
	r->ctx = ctx;
	return run(r, buf, len);
}

void http_reader_pause(struct http_reader *r)
{
	r->pause = 1;
}

int http_reader_paused(const struct http_reader *r)
{
	return r->pause;
}

int http_reader_resume(struct http_reader *r, http_on_request on_request,
    void *ctx)
{
	if (r->status)
		return r->status;
	r->pause = 0;
	http_parser_pause(&r->parser, 0);
	r->on_request = on_request;
	r->ctx = ctx;
	int st = r->held.len ? run(r, r->held.p, r->held.len) : 0;
	if (!r->pause)
		shrink(&r->held);
	return st;
}

int http_reader_head_pending(const struct http_reader *r)
{
	return r->in_head;
}

int http_reader_busy(const struct http_reader *r)
{
	return r->in_message;
}

const char *http_reader_error(const struct http_reader *r)
{
	return r->status ? r->error : NULL;
}

const char *http_request_header(const struct http_request *req,
    const char *name)
{
	for (size_t i = 0; i < req->n_headers; i++)
		if (!strcasecmp(req->headers[i].name, name))
			return req->headers[i].value;
	return NULL;
}
