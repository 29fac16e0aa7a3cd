/* The request reader of merit serve: what it accepts, what it refuses
 * with which status, and that it reads the same whether the bytes come
 * at once or one by one. Expected values are written from RFC 9112 and
 * the limits the reader is given here, not from its output. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../core/http.h"

static int n_test, failed;

static void ok(int cond, const char *what)
{
	n_test++;
	if (!cond)
		failed = 1;
	printf("%sok %d - %s\n", cond ? "" : "not ", n_test, what);
}

struct seen {
	int n;
	char method[8][16], target[8][64], body[8][64], host[8][32];
	int keep_alive[8], minor[8];
};

static struct http_reader *pause_reader; /* pause after each request */

static void on_request(void *ctx, struct http_request *req)
{
	struct seen *s = ctx;
	if (pause_reader)
		http_reader_pause(pause_reader);
	if (s->n == 8)
		return;
	snprintf(s->method[s->n], sizeof(s->method[0]), "%s", req->method);
	snprintf(s->target[s->n], sizeof(s->target[0]), "%s", req->target);
	snprintf(s->body[s->n], sizeof(s->body[0]), "%.*s", (int)req->body_len,
	    req->body ? req->body : "");
	const char *h = http_request_header(req, "host");
	snprintf(s->host[s->n], sizeof(s->host[0]), "%s", h ? h : "");
	s->keep_alive[s->n] = req->keep_alive;
	s->minor[s->n] = req->minor;
	s->n++;
}

static const struct http_limits lim = { .head_max = 16384,
	.target_max = 8192, .body_max = 1024 };

/* Feed `in` (length len) whole, or a byte at a time; the status. */
static int feed(const char *in, size_t len, int bytewise, struct seen *s)
{
	struct http_reader *r = http_reader_new(&lim);
	int st = 0;
	memset(s, 0, sizeof(*s));
	if (!bytewise)
		st = http_reader_feed(r, in, len, on_request, s);
	for (size_t i = 0; bytewise && !st && i < len; i++)
		st = http_reader_feed(r, in + i, 1, on_request, s);
	http_reader_free(r);
	return st;
}

static int status_of(const char *in)
{
	struct seen s;
	return feed(in, strlen(in), 0, &s);
}

int main(void)
{
	struct seen s;
	printf("1..21\n");

	/* two pipelined requests, the second with a body, both ways */
	const char *two = "GET /v1/healthz HTTP/1.1\r\nHost: a\r\n\r\n"
	    "POST /v1/x?y=1 HTTP/1.1\r\nHost: b\r\nContent-Length: 5\r\n\r\nhello";
	for (int bw = 0; bw < 2; bw++) {
		int st = feed(two, strlen(two), bw, &s);
		ok(st == 0 && s.n == 2 && !strcmp(s.method[0], "GET") &&
		    !strcmp(s.target[0], "/v1/healthz") && !strcmp(s.host[0], "a") &&
		    !strcmp(s.method[1], "POST") &&
		    !strcmp(s.target[1], "/v1/x?y=1") && !strcmp(s.body[1], "hello")
		    && s.keep_alive[0] && s.keep_alive[1],
		    bw ? "pipelined requests, fed a byte at a time"
		       : "pipelined requests, fed at once");
	}
	/* chunked body: "hel" + "lo" */
	const char *chunked = "POST /c HTTP/1.1\r\nHost: a\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n3\r\nhel\r\n2\r\nlo\r\n0\r\n\r\n";
	ok(feed(chunked, strlen(chunked), 1, &s) == 0 && s.n == 1 &&
	    !strcmp(s.body[0], "hello"), "a chunked body is joined");
	/* HTTP/1.0 closes unless asked to keep alive; 1.1 keeps alive
	 * unless told to close */
	ok(feed("GET / HTTP/1.0\r\n\r\n", 18, 0, &s) == 0 && s.n == 1 &&
	    s.minor[0] == 0 && !s.keep_alive[0], "HTTP/1.0: not kept alive");
	const char *close = "GET / HTTP/1.1\r\nConnection: close\r\n\r\n";
	ok(feed(close, strlen(close), 0, &s) == 0 && s.n == 1 &&
	    !s.keep_alive[0], "HTTP/1.1 with Connection: close: not kept alive");

	/* refused */
	ok(status_of("GET /\r\n\r\n") == 400, "HTTP/0.9 (no version): 400");
	ok(status_of("GET / HTTP/2.0\r\n\r\n") == 400, "HTTP/2.0: 400");
	ok(status_of("GET / HTTP/1.7\r\n\r\n") == 400, "HTTP/1.7: 400");
	ok(status_of("GET / HTTP/1.1\r\nBad Name: x\r\n\r\n") == 400,
	    "a header name with a space: 400");
	ok(status_of("GET / HTTP/1.1\r\nName : x\r\n\r\n") == 400,
	    "a blank before the colon: 400");
	ok(status_of("POST / HTTP/1.1\r\nContent-Length: 3\r\n"
	    "Content-Length: 4\r\n\r\nabcd") == 400,
	    "conflicting Content-Length: 400");
	ok(status_of("POST / HTTP/1.1\r\nContent-Length: 3\r\n"
	    "Transfer-Encoding: chunked\r\n\r\n0\r\n\r\n") == 400,
	    "Content-Length with Transfer-Encoding: 400");
	{
		const char nul[] = "GET / HTTP/1.1\r\nX-A: a\0b\r\n\r\n";
		ok(feed(nul, sizeof(nul) - 1, 0, &s) == 400 && s.n == 0,
		    "a NUL byte in a header: 400, nothing delivered");
		const char nul2[] = "GE\0T / HTTP/1.1\r\n\r\n";
		ok(feed(nul2, sizeof(nul2) - 1, 0, &s) == 400,
		    "a NUL byte in the request line: 400");
	}
	/* the limits: 16 KiB of head, 8 KiB of target, 1 KiB of body */
	{
		size_t big = 20000;
		char *h = malloc(big + 64);
		int k = sprintf(h, "GET / HTTP/1.1\r\nX-Big: ");
		memset(h + k, 'a', big - 40);
		strcpy(h + k + big - 40, "\r\n\r\n");
		ok(status_of(h) == 431, "a header block over 16 KiB: 431");
		k = sprintf(h, "GET /");
		memset(h + k, 'u', 8200);
		strcpy(h + k + 8200, " HTTP/1.1\r\n\r\n");
		ok(status_of(h) == 414, "a target over 8 KiB: 414");
		free(h);
	}
	{
		const char *decl = "POST / HTTP/1.1\r\nContent-Length: 1025\r\n\r\n";
		ok(feed(decl, strlen(decl), 0, &s) == 413 && s.n == 0,
		    "a declared body over the limit: 413 before it arrives");
	}
	{
		/* chunks adding up past 1024 bytes */
		char c[2200];
		int k = sprintf(c, "POST / HTTP/1.1\r\nTransfer-Encoding: chunked"
		    "\r\n\r\n400\r\n");
		memset(c + k, 'b', 1024);
		k += 1024;
		k += sprintf(c + k, "\r\n1\r\nb\r\n0\r\n\r\n");
		ok(feed(c, (size_t)k, 0, &s) == 413 && s.n == 0,
		    "a chunked body over the limit: 413");
	}
	/* a request after a refused one is not read: the connection is done */
	{
		struct http_reader *r = http_reader_new(&lim);
		memset(&s, 0, sizeof(s));
		int a = http_reader_feed(r, "GET / HTTP/2.0\r\n\r\n", 18,
		    on_request, &s);
		int b = http_reader_feed(r, "GET / HTTP/1.1\r\n\r\n", 18,
		    on_request, &s);
		ok(a == 400 && b == 400 && s.n == 0 && http_reader_error(r) &&
		    strstr(http_reader_error(r), "HTTP/2.0 is not served"),
		    "after a refusal the reader stays refused, and says why");
		http_reader_free(r);
	}
	/* pausing after each request: the rest is kept and delivered, in
	 * order and whole, by resume */
	{
		const char *three = "GET /a HTTP/1.1\r\n\r\n"
		    "POST /b HTTP/1.1\r\nContent-Length: 3\r\n\r\nxyz"
		    "GET /c HTTP/1.1\r\n\r\n";
		struct http_reader *r = http_reader_new(&lim);
		memset(&s, 0, sizeof(s));
		pause_reader = r;
		int st = http_reader_feed(r, three, strlen(three), on_request, &s);
		int after_feed = s.n;
		for (int i = 0; i < 5 && !st && http_reader_paused(r); i++)
			st = http_reader_resume(r, on_request, &s);
		ok(st == 0 && after_feed == 1 && s.n == 3 &&
		    !strcmp(s.target[0], "/a") && !strcmp(s.target[1], "/b") &&
		    !strcmp(s.body[1], "xyz") && !strcmp(s.target[2], "/c"),
		    "paused after each request: one per resume, in order");
		/* a request arriving in a later feed after a resume */
		st = http_reader_resume(r, on_request, &s);
		st = st ? st : http_reader_feed(r, "GET /d HTTP/1.1\r\n\r\n", 20,
		    on_request, &s);
		ok(st == 0 && s.n == 4 && !strcmp(s.target[3], "/d"),
		    "and the reader reads on after the last resume");
		pause_reader = NULL;
		http_reader_free(r);
	}
	return failed;
}
