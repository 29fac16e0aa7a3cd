#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>
#include "merit/error.h"
#include "ident.h"
#include "input_limits.h"
#include "vtree.h"

const merit_value value_null = { .type = MERIT_VALUE_NULL, .file = "(none)" };

/* -- scalar typing (the YAML 1.2 core schema, without the surprises:
 *    hex, octal, .inf and .nan stay strings) -------------------------- */

static int is_decimal(const char *s)
{
	const char *p = s;
	int digits = 0;
	if (*p == '-' || *p == '+')
		p++;
	while (*p >= '0' && *p <= '9')
		p++, digits++;
	if (*p == '.') {
		p++;
		while (*p >= '0' && *p <= '9')
			p++, digits++;
	}
	if (!digits)
		return 0;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '-' || *p == '+')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return *p == '\0';
}

static void type_plain(merit_value *v)
{
	const char *s = v->text;
	if (!*s || !strcmp(s, "~") || !strcmp(s, "null") || !strcmp(s, "Null") ||
	    !strcmp(s, "NULL")) {
		v->type = MERIT_VALUE_NULL;
	} else if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE")) {
		v->type = MERIT_VALUE_BOOL;
		v->u.b = 1;
	} else if (!strcmp(s, "false") || !strcmp(s, "False") ||
	    !strcmp(s, "FALSE")) {
		v->type = MERIT_VALUE_BOOL;
		v->u.b = 0;
	} else if (is_decimal(s)) {
		errno = 0;
		double d = strtod(s, NULL);
		if (errno == ERANGE || !isfinite(d)) {
			v->type = MERIT_VALUE_STRING;
		} else {
			v->type = MERIT_VALUE_NUMBER;
			v->u.num = d;
		}
	} else {
		v->type = MERIT_VALUE_STRING;
	}
}

/* -- the YAML reader: libyaml events to a tree ------------------------- */

struct builder {
	struct arena *a;
	const char *file;
	struct diag *d;
	/* open containers; items gathered in growable malloc'd arrays and
	 * copied into the arena when the container closes */
	struct frame {
		merit_value *v;
		merit_value **items;
		const char **keys;
		size_t n, cap;
		size_t start; /* byte offset where the node starts */
		const char *pending_key; /* maps: key read, value not yet */
		int pk_line, pk_col;
	} *stack;
	size_t depth, cap;
	merit_value *root;
	int failed;
	/* streaming (yaml_stream_list): the elements of the list under the
	 * root mapping go to on_item one at a time, each built in item_arena,
	 * which is emptied after the call */
	struct arena *item_arena;
	yaml_item_fn on_item;
	void *ctx;
};

/* Where new nodes go: while streaming, everything at or below the
 * streamed list's elements lives in the per-element arena. */
static struct arena *node_arena(const struct builder *b)
{
	return b->item_arena && b->depth >= 2 ? b->item_arena : b->a;
}

#define MAX_DEPTH 64

static merit_value *new_value(struct builder *b, const yaml_mark_t *m,
    enum merit_value_type t)
{
	merit_value *v = arena_alloc(node_arena(b), sizeof(*v));
	if (!v)
		return NULL;
	v->type = t;
	v->file = b->file;
	v->line = (int)m->line + 1;
	v->col = (int)m->column + 1;
	return v;
}

static int frame_push_item(struct frame *f, const char *key, merit_value *v)
{
	if (f->n == f->cap) {
		size_t cap = f->cap ? f->cap * 2 : 8;
		merit_value **items = realloc(f->items, cap * sizeof(*items));
		if (!items)
			return MERIT_ENOMEM;
		f->items = items;
		if (f->v->type == MERIT_VALUE_MAP) {
			const char **keys = realloc(f->keys, cap * sizeof(*keys));
			if (!keys)
				return MERIT_ENOMEM;
			f->keys = keys;
		}
		f->cap = cap;
	}
	f->items[f->n] = v;
	if (f->keys)
		f->keys[f->n] = key;
	f->n++;
	return 0;
}

/* Attach a finished node to its parent (or make it the root). */
static int attach(struct builder *b, merit_value *v)
{
	if (b->depth == 0) {
		b->root = v;
		return 0;
	}
	struct frame *f = &b->stack[b->depth - 1];
	if (b->item_arena && b->depth == 1 && f->pending_key &&
	    v->type != MERIT_VALUE_LIST) {
		diag_add(b->d, b->file, v->line, v->col, "'%s' must be a list "
		    "of entries (- ...), not a %s", f->pending_key,
		    value_type_name(v->type));
		return MERIT_EINPUT;
	}
	if (b->item_arena && b->depth == 1 && !f->pending_key && f->n) {
		diag_add(b->d, b->file, v->line, v->col, "a second list '%s' "
		    "after '%s'; put one list in each file", v->text ? v->text
		    : "?", f->keys[0]);
		return MERIT_EINPUT;
	}
	if (b->item_arena && b->depth == 2) {
		/* an element of the streamed list: hand it over, then forget it */
		int rc = b->on_item(b->ctx, b->stack[0].pending_key, v);
		arena_reset(b->item_arena);
		return rc;
	}
	if (f->v->type == MERIT_VALUE_LIST)
		return frame_push_item(f, NULL, v);
	if (!f->pending_key) {
		/* v is a key */
		if (v->type == MERIT_VALUE_LIST || v->type == MERIT_VALUE_MAP) {
			diag_add(b->d, b->file, v->line, v->col,
			    "a mapping key must be a plain value, not a %s",
			    value_type_name(v->type));
			b->failed = 1;
			f->pending_key = "";
		} else {
			for (size_t i = 0; i < f->n; i++)
				if (!strcmp(f->keys[i], v->text)) {
					diag_add(b->d, b->file, v->line, v->col,
					    "duplicate key '%s' (first at line %d); "
					    "remove one of them", v->text,
					    f->items[i]->line);
					b->failed = 1;
				}
			f->pending_key = v->text;
		}
		f->pk_line = v->line;
		f->pk_col = v->col;
		return 0;
	}
	const char *key = f->pending_key;
	f->pending_key = NULL;
	return frame_push_item(f, key, v);
}

/* Is the node closing at depth `depth` an entry of the list under the
 * root mapping (persons:, evidence:, ...), a record? */
static int is_record(const struct builder *b, size_t depth)
{
	return depth == 2 && b->stack[0].v->type == MERIT_VALUE_MAP &&
	    b->stack[1].v->type == MERIT_VALUE_LIST;
}

static void check_record_size(struct builder *b, const merit_value *v,
    size_t start, size_t end)
{
	if (end - start <= INPUT_MAX_RECORD)
		return;
	/* libyaml places nodes by character, not byte: for text that is not
	 * ASCII the limit is counted in characters */
	diag_add(b->d, b->file, v->line, v->col, "an entry of %zu characters; "
	    "at most %zu (1 MiB) per entry: split it, or shorten its values",
	    end - start, INPUT_MAX_RECORD);
	b->failed = 1;
}

static int open_container(struct builder *b, merit_value *v, size_t start)
{
	if (b->depth >= MAX_DEPTH) {
		diag_add(b->d, b->file, v->line, v->col,
		    "nesting deeper than %d levels", MAX_DEPTH);
		return MERIT_EINPUT;
	}
	if (b->depth == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 8;
		struct frame *s = realloc(b->stack, cap * sizeof(*s));
		if (!s)
			return MERIT_ENOMEM;
		b->stack = s;
		b->cap = cap;
	}
	memset(&b->stack[b->depth], 0, sizeof(struct frame));
	b->stack[b->depth].start = start;
	b->stack[b->depth++].v = v;
	return 0;
}

static int close_container(struct builder *b, size_t end)
{
	struct frame *f = &b->stack[--b->depth];
	merit_value *v = f->v;
	int rc = 0;
	if (is_record(b, b->depth))
		check_record_size(b, v, f->start, end);
	v->u.c.n = f->n;
	if (f->n) {
		struct arena *a = node_arena(b);
		v->u.c.items = arena_alloc(a, f->n * sizeof(*v->u.c.items));
		if (!v->u.c.items) {
			rc = MERIT_ENOMEM;
			goto out;
		}
		memcpy(v->u.c.items, f->items, f->n * sizeof(*f->items));
		if (v->type == MERIT_VALUE_MAP) {
			v->u.c.keys = arena_alloc(a, f->n * sizeof(char *));
			if (!v->u.c.keys) {
				rc = MERIT_ENOMEM;
				goto out;
			}
			memcpy(v->u.c.keys, f->keys, f->n * sizeof(char *));
		}
	}
	rc = attach(b, v);
out:
	free(f->items);
	free(f->keys);
	return rc;
}

/* Feed the parser's events to the builder until the stream ends or fails.
 * Returns 0 or an error code; findings go to b->d. */
static int build_events(struct builder *b, yaml_parser_t *parser)
{
	yaml_event_t ev;
	int rc = 0, done = 0, docs = 0;
	const char *file = b->file;
	while (!done) {
		if (!yaml_parser_parse(parser, &ev)) {
			if (parser->error == YAML_READER_ERROR) {
				/* the reader knows only the byte offset */
				diag_add(b->d, file, 0, 0, "YAML: %s at byte %zu; the "
				    "file must be UTF-8", parser->problem ?
				    parser->problem : "unreadable input",
				    parser->problem_offset);
			} else {
				diag_add(b->d, file,
				    (int)parser->problem_mark.line + 1,
				    (int)parser->problem_mark.column + 1,
				    "YAML syntax: %s%s%s",
				    parser->problem ? parser->problem : "error",
				    parser->context ? " " : "",
				    parser->context ? parser->context : "");
			}
			rc = MERIT_EINPUT;
			break;
		}
		merit_value *v = NULL;
		switch (ev.type) {
		case YAML_STREAM_END_EVENT:
			done = 1;
			break;
		case YAML_DOCUMENT_START_EVENT:
			if (++docs > 1) {
				diag_add(b->d, file, (int)ev.start_mark.line + 1,
				    (int)ev.start_mark.column + 1,
				    "only one YAML document per file is read; "
				    "split the file or remove the '---'");
				rc = MERIT_EINPUT;
				done = 1;
			}
			break;
		case YAML_ALIAS_EVENT:
			diag_add(b->d, file, (int)ev.start_mark.line + 1,
			    (int)ev.start_mark.column + 1,
			    "YAML aliases (*name) are not accepted; write the value out");
			rc = MERIT_EINPUT;
			done = 1;
			break;
		case YAML_SCALAR_EVENT:
			v = new_value(b, &ev.start_mark, MERIT_VALUE_STRING);
			if (!v || !(v->text = arena_strndup(node_arena(b),
			    (const char *)ev.data.scalar.value, ev.data.scalar.length))) {
				rc = MERIT_ENOMEM;
				done = 1;
				break;
			}
			if (ev.data.scalar.length > INPUT_MAX_VALUE) {
				diag_add(b->d, file, v->line, v->col, "a value of %zu "
				    "bytes; at most %zu bytes (64 KiB) per value: "
				    "shorten it", ev.data.scalar.length,
				    INPUT_MAX_VALUE);
				b->failed = 1;
			}
			if (b->depth == 2 && is_record(b, 2))
				check_record_size(b, v, ev.start_mark.index,
				    ev.end_mark.index);
			if (memchr(ev.data.scalar.value, '\0', ev.data.scalar.length)) {
				diag_add(b->d, file, v->line, v->col,
				    "NUL byte in a value");
				b->failed = 1;
			}
			if (ev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE)
				type_plain(v);
			rc = attach(b, v);
			break;
		case YAML_SEQUENCE_START_EVENT:
		case YAML_MAPPING_START_EVENT:
			v = new_value(b, &ev.start_mark,
			    ev.type == YAML_SEQUENCE_START_EVENT ? MERIT_VALUE_LIST
								 : MERIT_VALUE_MAP);
			if (!v) {
				rc = MERIT_ENOMEM;
				break;
			}
			if (b->item_arena && b->depth == 0 &&
			    v->type != MERIT_VALUE_MAP) {
				diag_add(b->d, file, v->line, v->col, "the file must "
				    "be a mapping holding one list, such as "
				    "'persons:'");
				rc = MERIT_EINPUT;
				break;
			}
			if (b->item_arena && b->depth == 1 &&
			    b->stack[0].pending_key && (rc = b->on_item(b->ctx,
			    b->stack[0].pending_key, NULL)))
				break; /* the list's key, announced before its items */
			rc = open_container(b, v, ev.start_mark.index);
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			rc = close_container(b, ev.end_mark.index);
			break;
		default:
			break;
		}
		yaml_event_delete(&ev);
		if (rc)
			done = 1;
	}
	while (b->depth) {
		struct frame *f = &b->stack[--b->depth];
		free(f->items);
		free(f->keys);
	}
	free(b->stack);
	b->stack = NULL;
	if (!rc && b->failed)
		rc = MERIT_EINPUT;
	return rc;
}

int yaml_parse(struct arena *a, const char *file, const char *buf,
    size_t len, merit_value **root, struct diag *d)
{
	yaml_parser_t parser;
	struct builder b = { .a = a, .file = arena_strdup(a, file), .d = d };
	int rc;

	*root = NULL;
	if (!b.file || !yaml_parser_initialize(&parser))
		return MERIT_ENOMEM;
	yaml_parser_set_input_string(&parser, (const unsigned char *)buf, len);
	rc = build_events(&b, &parser);
	yaml_parser_delete(&parser);
	if (!rc)
		*root = b.root ? b.root : (merit_value *)&value_null;
	return rc;
}

int yaml_stream_list(const char *file, yaml_read_fn rd, void *rd_ctx,
    yaml_item_fn on_item, void *ctx, struct diag *d)
{
	yaml_parser_t parser;
	struct arena outer, items;
	int rc;
	arena_init(&outer);
	arena_init(&items);
	struct builder b = { .a = &outer, .file = arena_strdup(&outer, file),
		.d = d, .item_arena = &items, .on_item = on_item, .ctx = ctx };
	if (!b.file || !yaml_parser_initialize(&parser)) {
		arena_free(&outer);
		return MERIT_ENOMEM;
	}
	yaml_parser_set_input(&parser, rd, rd_ctx);
	rc = build_events(&b, &parser);
	yaml_parser_delete(&parser);
	arena_free(&items);
	arena_free(&outer);
	return rc;
}

/* -- accessors --------------------------------------------------------- */

const merit_value *value_get(const merit_value *v, const char *key)
{
	if (!v || v->type != MERIT_VALUE_MAP)
		return NULL;
	for (size_t i = 0; i < v->u.c.n; i++)
		if (!strcmp(v->u.c.keys[i], key))
			return v->u.c.items[i];
	return NULL;
}

const char *value_str(const merit_value *v)
{
	return v && v->type == MERIT_VALUE_STRING ? v->text : NULL;
}

int value_num(const merit_value *v, double *out)
{
	if (!v || v->type != MERIT_VALUE_NUMBER)
		return MERIT_EINPUT;
	*out = v->u.num;
	return 0;
}

int value_int(const merit_value *v, int *out)
{
	double d;
	if (value_num(v, &d) || d != floor(d) || d < -2147483647.0 ||
	    d > 2147483647.0)
		return MERIT_EINPUT;
	*out = (int)d;
	return 0;
}

const char *value_type_name(enum merit_value_type t)
{
	switch (t) {
	case MERIT_VALUE_NULL: return "null";
	case MERIT_VALUE_BOOL: return "boolean";
	case MERIT_VALUE_NUMBER: return "number";
	case MERIT_VALUE_STRING: return "string";
	case MERIT_VALUE_LIST: return "list";
	case MERIT_VALUE_MAP: return "mapping";
	}
	return "?";
}

const char *value_where(const merit_value *v, char *buf, size_t len)
{
	if (!v || !v->line)
		snprintf(buf, len, "%s", v && v->file ? v->file : "(input)");
	else
		snprintf(buf, len, "%s:%d:%d", v->file, v->line, v->col);
	return buf;
}

void value_diag(struct diag *d, const merit_value *at, const char *fmt, ...)
{
	char *msg;
	va_list ap;
	va_start(ap, fmt);
	int n = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (at)
		diag_add(d, at->file, at->line, at->col, "%s", msg);
	else
		diag_add(d, NULL, 0, 0, "%s", msg);
	free(msg);
}

int value_check_keys(const merit_value *v, const char *const *allowed,
    const char *what, struct diag *d)
{
	int bad = 0;
	if (!v || v->type != MERIT_VALUE_MAP)
		return 0;
	for (size_t i = 0; i < v->u.c.n; i++) {
		const char *k = v->u.c.keys[i];
		size_t j;
		for (j = 0; allowed[j]; j++)
			if (!strcmp(allowed[j], k))
				break;
		if (allowed[j])
			continue;
		/* Point at the key's value: keys have no node of their own. */
		char list[512] = "";
		size_t off = 0;
		for (j = 0; allowed[j] && off < sizeof(list) - 1; j++)
			off += (size_t)snprintf(list + off, sizeof(list) - off,
			    "%s%s", j ? ", " : "", allowed[j]);
		value_diag(d, v->u.c.items[i], "unknown key '%s' in %s (expected one of: %s)",
		    k, what, list);
		bad++;
	}
	return bad;
}

/* Keys whose text values name someone or something: ids. */
static int names_an_id(const char *key)
{
	static const char *const keys[] = { "id", "person", "course", "rater",
		NULL };
	for (int i = 0; keys[i]; i++)
		if (!strcmp(key, keys[i]))
			return 1;
	return 0;
}

static int report_ident(const merit_value *at, const char *what,
    const char *s, struct diag *d)
{
	size_t pos;
	const char *why = ident_problem(s, strlen(s), &pos);
	if (!why)
		return 0;
	char *shown = text_escape(s);
	value_diag(d, at, "%s '%s' %s at byte %zu; ids and field names are "
	    "plain UTF-8 text without control characters", what, shown ? shown
	    : "?", why, pos + 1);
	free(shown);
	return 1;
}

int value_check_idents(const merit_value *v, struct diag *d)
{
	int bad = 0;
	if (!v || (v->type != MERIT_VALUE_MAP && v->type != MERIT_VALUE_LIST))
		return 0;
	for (size_t i = 0; i < v->u.c.n; i++) {
		const merit_value *item = v->u.c.items[i];
		if (v->type == MERIT_VALUE_MAP) {
			const char *k = v->u.c.keys[i];
			if (*k)
				bad += report_ident(item, "the field name", k, d);
			if (names_an_id(k) && item->type == MERIT_VALUE_STRING &&
			    *item->text)
				bad += report_ident(item, k, item->text, d);
		}
		bad += value_check_idents(item, d);
	}
	return bad;
}

int value_check_sizes(const merit_value *v, struct diag *d)
{
	int bad = 0;
	if (v && v->type == MERIT_VALUE_STRING && strlen(v->text) >
	    INPUT_MAX_VALUE) {
		value_diag(d, v, "a value of %zu bytes; at most %zu bytes (64 KiB) "
		    "per value: shorten it", strlen(v->text), INPUT_MAX_VALUE);
		return 1;
	}
	if (!v || (v->type != MERIT_VALUE_MAP && v->type != MERIT_VALUE_LIST))
		return 0;
	for (size_t i = 0; i < v->u.c.n; i++) {
		if (v->type == MERIT_VALUE_MAP && strlen(v->u.c.keys[i]) >
		    INPUT_MAX_VALUE) {
			value_diag(d, v->u.c.items[i], "a field name of %zu bytes; "
			    "at most %zu bytes (64 KiB) per value",
			    strlen(v->u.c.keys[i]), INPUT_MAX_VALUE);
			bad++;
		}
		bad += value_check_sizes(v->u.c.items[i], d);
	}
	return bad;
}

void value_place(merit_value *v, int line, int col)
{
	v->line = line;
	v->col = col;
	if (v->type == MERIT_VALUE_LIST || v->type == MERIT_VALUE_MAP)
		for (size_t i = 0; i < v->u.c.n; i++)
			value_place(v->u.c.items[i], line, col);
}

void value_place_fields(merit_value *row, int line)
{
	value_place(row, line, 0);
	if (row->type == MERIT_VALUE_MAP)
		for (size_t i = 0; i < row->u.c.n; i++)
			value_place(row->u.c.items[i], line, (int)i + 1);
}

const char *value_finding_key(const merit_value *row,
    const struct diag_item *it, const char *const *keys)
{
	if (row && row->type == MERIT_VALUE_MAP)
		for (size_t i = 0; i < row->u.c.n; i++)
			if (row->u.c.items[i]->line == it->line &&
			    row->u.c.items[i]->col == it->col)
				return row->u.c.keys[i];
	for (const char *const *k = keys; k && *k; k++) {
		char q[40];
		snprintf(q, sizeof(q), "'%s'", *k);
		if (strstr(it->msg, q))
			return *k;
	}
	return NULL;
}

/* -- canonical JSON ---------------------------------------------------- */

json_t *value_to_json(const merit_value *v)
{
	json_t *j = NULL;
	switch (v->type) {
	case MERIT_VALUE_NULL:
		return json_null();
	case MERIT_VALUE_BOOL:
		return json_boolean(v->u.b);
	case MERIT_VALUE_NUMBER:
		if (v->u.num == floor(v->u.num) && fabs(v->u.num) < 9007199254740992.0)
			return json_integer((json_int_t)v->u.num);
		return json_real(v->u.num);
	case MERIT_VALUE_STRING:
		return json_string(v->text);
	case MERIT_VALUE_LIST:
		j = json_array();
		for (size_t i = 0; j && i < v->u.c.n; i++) {
			json_t *item = value_to_json(v->u.c.items[i]);
			if (!item || json_array_append_new(j, item)) {
				json_decref(j);
				return NULL;
			}
		}
		return j;
	case MERIT_VALUE_MAP:
		j = json_object();
		for (size_t i = 0; j && i < v->u.c.n; i++) {
			json_t *item = value_to_json(v->u.c.items[i]);
			if (!item || json_object_set_new(j, v->u.c.keys[i], item)) {
				json_decref(j);
				return NULL;
			}
		}
		return j;
	}
	return NULL;
}

/* -- from JSON (JSON Lines input, evidence kept in the register) ------- */

merit_value *value_from_json(struct arena *a, const json_t *j,
    const char *file, int line)
{
	merit_value *v = arena_alloc(a, sizeof(*v));
	if (!v)
		return NULL;
	v->file = file;
	v->line = line;
	v->col = line ? 1 : 0;
	switch (json_typeof(j)) {
	case JSON_NULL:
		v->type = MERIT_VALUE_NULL;
		return v;
	case JSON_TRUE:
	case JSON_FALSE:
		v->type = MERIT_VALUE_BOOL;
		v->u.b = json_is_true(j);
		v->text = v->u.b ? "true" : "false";
		return v;
	case JSON_INTEGER:
	case JSON_REAL:
		v->type = MERIT_VALUE_NUMBER;
		v->u.num = json_number_value(j);
		if (json_is_integer(j))
			v->text = arena_printf(a, "%" JSON_INTEGER_FORMAT,
			    json_integer_value(j));
		else
			v->text = arena_printf(a, "%.17g", v->u.num);
		return v->text ? v : NULL;
	case JSON_STRING:
		v->type = MERIT_VALUE_STRING;
		v->text = arena_strndup(a, json_string_value(j),
		    json_string_length(j));
		return v->text ? v : NULL;
	case JSON_ARRAY: {
		size_t n = json_array_size(j);
		v->type = MERIT_VALUE_LIST;
		v->u.c.n = n;
		v->u.c.items = arena_alloc(a, (n ? n : 1) * sizeof(*v->u.c.items));
		if (!v->u.c.items)
			return NULL;
		for (size_t i = 0; i < n; i++)
			if (!(v->u.c.items[i] = value_from_json(a,
			    json_array_get(j, i), file, line)))
				return NULL;
		return v;
	}
	case JSON_OBJECT: {
		size_t n = json_object_size(j), i = 0;
		const char *k;
		json_t *item;
		v->type = MERIT_VALUE_MAP;
		v->u.c.items = arena_alloc(a, (n ? n : 1) * sizeof(*v->u.c.items));
		v->u.c.keys = arena_alloc(a, (n ? n : 1) * sizeof(*v->u.c.keys));
		if (!v->u.c.items || !v->u.c.keys)
			return NULL;
		json_object_foreach((json_t *)j, k, item) {
			if (!(v->u.c.keys[i] = arena_strdup(a, k)) ||
			    !(v->u.c.items[i] = value_from_json(a, item, file, line)))
				return NULL;
			i++;
		}
		v->u.c.n = i;
		return v;
	}
	}
	return NULL;
}
