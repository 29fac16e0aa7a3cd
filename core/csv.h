/* A streaming reader of CSV (RFC 4180): one record at a time, so memory
 * does not grow with the file. Quoted fields may hold separators, doubled
 * quotes and line breaks; lines end in LF or CRLF; a UTF-8 byte order
 * mark at the start is skipped. */
#ifndef MERIT_CSV_H
#define MERIT_CSV_H

#include <stdio.h>
#include <stddef.h>

/* Called with every raw line read, e.g. to hash the file as it streams. */
typedef void (*csv_tap_fn)(void *ctx, const char *bytes, size_t len);

struct csv {
	FILE *f;
	csv_tap_fn tap;
	void *tap_ctx;
	long line; /* physical lines read so far */
	char *raw; /* the current physical line (getline's buffer) */
	size_t raw_cap;
	char *out; /* the record's fields, each NUL-terminated */
	size_t out_len, out_cap;
	size_t *off; /* field start offsets into out */
	size_t *len; /* field lengths (a field may hold a NUL byte) */
	size_t n, cap;
	char **field; /* pointers into out, valid until the next csv_next */
	char error[160]; /* why csv_next returned -1 */
};

void csv_init(struct csv *c, FILE *f, csv_tap_fn tap, void *tap_ctx);
void csv_free(struct csv *c);
/* Read the next record: 1 with c->n fields in c->field / c->len and its
 * first physical line in *line, 0 at the end of the file, -1 on a
 * malformed record (c->error says why; *line is where it starts; the
 * reader has moved past it) or a read error. */
int csv_next(struct csv *c, long *line);

#endif
