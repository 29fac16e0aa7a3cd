#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "diag.h"
#include "ident.h"

void diag_init(struct diag *d)
{
	memset(d, 0, sizeof(*d));
}

void diag_free(struct diag *d)
{
	for (size_t i = 0; i < d->n; i++) {
		free(d->v[i].file);
		free(d->v[i].msg);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}

static void push(struct diag *d, struct diag_item it)
{
	size_t max = d->max ? d->max : 1000;
	if (d->n >= max)
		goto drop;
	if (d->n == d->cap) {
		size_t cap = d->cap ? d->cap * 2 : 8;
		struct diag_item *v = realloc(d->v, cap * sizeof(*v));
		if (!v)
			goto drop; /* the findings so far still stand */
		d->v = v;
		d->cap = cap;
	}
	d->v[d->n++] = it;
	return;
drop:
	free(it.file);
	free(it.msg);
}

void diag_add(struct diag *d, const char *file, int line, int col,
    const char *fmt, ...)
{
	struct diag_item it = { .line = line, .col = col };
	va_list ap;
	va_start(ap, fmt);
	if (vasprintf(&it.msg, fmt, ap) < 0)
		it.msg = NULL;
	va_end(ap);
	/* findings quote input, and go to terminals and logs: a control
	 * character in them could rewrite the screen or forge a line */
	if (it.msg) {
		char *safe = text_escape(it.msg);
		free(it.msg);
		it.msg = safe;
	}
	it.file = file ? text_escape(file) : NULL;
	if (!it.msg) {
		free(it.file);
		return;
	}
	push(d, it);
}

void diag_print(const struct diag *d)
{
	for (size_t i = 0; i < d->n; i++) {
		const struct diag_item *it = &d->v[i];
		if (it->file && it->line && it->col)
			fprintf(stderr, "merit: %s:%d:%d: %s\n", it->file,
			    it->line, it->col, it->msg);
		else if (it->file && it->line)
			fprintf(stderr, "merit: %s:%d: %s\n", it->file, it->line,
			    it->msg);
		else if (it->file)
			fprintf(stderr, "merit: %s: %s\n", it->file, it->msg);
		else
			fprintf(stderr, "merit: %s\n", it->msg);
	}
	if (d->n >= (d->max ? d->max : 1000))
		fprintf(stderr, "merit: (further findings not shown)\n");
}

void diag_move(struct diag *dst, struct diag *src)
{
	for (size_t i = 0; i < src->n; i++)
		push(dst, src->v[i]);
	free(src->v);
	memset(src, 0, sizeof(*src));
}
