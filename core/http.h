/* Reading HTTP/1.x requests off a connection, strictly and within limits.
 * The parser behind it (http_parser) stays behind this interface, so it
 * can be swapped without touching the server. */
#ifndef MERIT_HTTP_H
#define MERIT_HTTP_H

#include <stddef.h>

struct http_limits {
	size_t head_max; /* request line and headers: 431 beyond (16 KiB) */
	size_t target_max; /* the request target: 414 beyond (8 KiB) */
	size_t body_max; /* 413 beyond */
};

struct http_header {
	char *name; /* as sent; compare with strcasecmp */
	char *value;
};

/* One complete request. Its memory belongs to the reader and lives until
 * the next call of http_reader_feed. */
struct http_request {
	const char *method; /* "GET", "POST", ... */
	char *target;
	int major, minor;
	struct http_header *headers;
	size_t n_headers;
	char *body;
	size_t body_len;
	int keep_alive; /* the connection may carry another request */
};

struct http_reader;

/* Called for each complete request, in order: a pipelining client's
 * requests arrive in one call after another. */
typedef void (*http_on_request)(void *ctx, struct http_request *req);

/* NULL when out of memory. */
struct http_reader *http_reader_new(const struct http_limits *limits);
void http_reader_free(struct http_reader *r);

/* Feed the bytes read from the connection. Returns 0 when they were all
 * taken (complete requests delivered, a partial one kept for the next
 * call), or an HTTP status (400, 413, 414, 431) when the input is
 * refused: the connection is then unusable, http_reader_error() says
 * why, and no callback is made for the bad request (those before it
 * were delivered). */
int http_reader_feed(struct http_reader *r, const char *buf, size_t len,
    http_on_request on_request, void *ctx);
const char *http_reader_error(const struct http_reader *r);

/* Called from the request callback: no further request is delivered
 * until http_reader_resume; the bytes already fed are kept (at most one
 * feed's worth), so a client's pipelined requests wait while the answers
 * to earlier ones are unsent. */
void http_reader_pause(struct http_reader *r);
int http_reader_paused(const struct http_reader *r);
/* Deliver the kept requests (the callback may pause again); returns as
 * http_reader_feed. */
int http_reader_resume(struct http_reader *r, http_on_request on_request,
    void *ctx);
/* 1 while a request's head has begun to arrive and is not complete: the
 * time a slow client may hold it is the server's to limit. */
int http_reader_head_pending(const struct http_reader *r);

/* 1 while a request has begun to arrive and is not complete. */
int http_reader_busy(const struct http_reader *r);

/* The value of header `name` (case-insensitive), or NULL. */
const char *http_request_header(const struct http_request *req,
    const char *name);

#endif
