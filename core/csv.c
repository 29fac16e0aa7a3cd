#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "csv.h"
#include "input_limits.h"

/* A quoted field left open swallows the rest of the file: a record is
 * stopped at merit's record limit, before that costs memory. */

void csv_init(struct csv *c, FILE *f, csv_tap_fn tap, void *tap_ctx)
{
	memset(c, 0, sizeof(*c));
	c->f = f;
	c->tap = tap;
	c->tap_ctx = tap_ctx;
}

void csv_free(struct csv *c)
{
	free(c->raw);
	free(c->out);
	free(c->off);
	free(c->len);
	free(c->field);
	memset(c, 0, sizeof(*c));
}

static int put(struct csv *c, char ch)
{
	if (c->out_len + 1 >= c->out_cap) {
		size_t cap = c->out_cap ? c->out_cap * 2 : 256;
		char *p = realloc(c->out, cap);
		if (!p)
			return -1;
		c->out = p;
		c->out_cap = cap;
	}
	c->out[c->out_len++] = ch;
	return 0;
}

static int start_field(struct csv *c)
{
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		size_t *off = realloc(c->off, cap * sizeof(*off));
		if (!off)
			return -1;
		c->off = off;
		size_t *len = realloc(c->len, cap * sizeof(*len));
		if (!len)
			return -1;
		c->len = len;
		char **field = realloc(c->field, cap * sizeof(*field));
		if (!field)
			return -1;
		c->field = field;
		c->cap = cap;
	}
	c->off[c->n++] = c->out_len;
	return 0;
}

static int end_field(struct csv *c)
{
	c->len[c->n - 1] = c->out_len - c->off[c->n - 1];
	return put(c, '\0');
}

static int fail(struct csv *c, const char *why)
{
	snprintf(c->error, sizeof(c->error), "%s", why);
	return -1;
}

int csv_next(struct csv *c, long *line)
{
	enum { FIELD_START, UNQUOTED, QUOTED, QUOTE_IN_QUOTED } st = FIELD_START;
	ssize_t got;
	size_t bytes = 0; /* the record's, line breaks included */
	c->n = c->out_len = 0;
	c->error[0] = '\0';
	*line = c->line + 1;
	for (;;) {
		errno = 0;
		if ((got = getline(&c->raw, &c->raw_cap, c->f)) < 0) {
			if (errno)
				return fail(c, strerror(errno));
			if (st == QUOTED)
				return fail(c, "a quoted field is not closed; "
				    "close it with \"");
			if (c->n == 0)
				return 0;
			break; /* last record without a line break */
		}
		char *p = c->raw;
		size_t len = (size_t)got;
		if (c->tap)
			c->tap(c->tap_ctx, p, len);
		if (c->line++ == 0 && len >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
			p += 3, len -= 3;
		/* blank lines between records carry nothing */
		if (st == FIELD_START && c->n == 0 && (len == 0 ||
		    (len == 1 && p[0] == '\n') ||
		    (len == 2 && p[0] == '\r' && p[1] == '\n'))) {
			*line = c->line + 1;
			continue;
		}
		if ((bytes += len) > INPUT_MAX_RECORD) {
			snprintf(c->error, sizeof(c->error), "a record of more than "
			    "%zu bytes (1 MiB); split it, or close a quote left "
			    "open", INPUT_MAX_RECORD);
			return -1;
		}
		/* the line break ends the record unless a quote is open */
		size_t body = len;
		if (body && p[body - 1] == '\n')
			body--;
		if (body && p[body - 1] == '\r')
			body--;
		if (st == FIELD_START && c->n == 0 && start_field(c))
			return fail(c, "out of memory");
		for (size_t i = 0; i < body; i++) {
			char ch = p[i];
			switch (st) {
			case FIELD_START:
				if (ch == '"') {
					st = QUOTED;
					break;
				}
				st = UNQUOTED;
				/* fall through */
			case UNQUOTED:
				if (ch == ',') {
					if (end_field(c) || start_field(c))
						return fail(c, "out of memory");
					st = FIELD_START;
				} else if (ch == '"') {
					return fail(c, "a quote inside an unquoted "
					    "field; quote the whole field and "
					    "double the quote (\"\")");
				} else if (put(c, ch)) {
					return fail(c, "out of memory");
				}
				break;
			case QUOTED:
				if (ch == '"')
					st = QUOTE_IN_QUOTED;
				else if (put(c, ch))
					return fail(c, "out of memory");
				break;
			case QUOTE_IN_QUOTED:
				if (ch == '"') {
					st = QUOTED;
					if (put(c, '"'))
						return fail(c, "out of memory");
				} else if (ch == ',') {
					if (end_field(c) || start_field(c))
						return fail(c, "out of memory");
					st = FIELD_START;
				} else {
					return fail(c, "text after a closing quote; "
					    "double a quote inside a quoted field "
					    "(\"\")");
				}
				break;
			}
		}
		if (st != QUOTED)
			break;
		/* a line break inside quotes belongs to the field, as written */
		for (size_t i = body; i < len; i++)
			if (put(c, p[i]))
				return fail(c, "out of memory");
	}
	if (end_field(c))
		return fail(c, "out of memory");
	for (size_t i = 0; i < c->n; i++)
		c->field[i] = c->out + c->off[i];
	return 1;
}
