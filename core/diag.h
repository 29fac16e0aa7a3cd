/* Diagnostics: findings collected while checking input, each with the
 * place it points at, so that every problem is reported, not just the
 * first. */
#ifndef MERIT_DIAG_H
#define MERIT_DIAG_H

#include <stddef.h>

struct diag_item {
	char *file; /* may be NULL */
	int line, col; /* 0 when unknown */
	char *msg;
};

struct diag {
	struct diag_item *v;
	size_t n, cap;
	size_t max; /* stop collecting after this many (0 = 1000) */
};

void diag_init(struct diag *d);
void diag_free(struct diag *d);
void diag_add(struct diag *d, const char *file, int line, int col,
    const char *fmt, ...) __attribute__((format(printf, 5, 6)));
/* Print every finding to stderr as "merit: file:line:col: msg". */
void diag_print(const struct diag *d);
/* Move all findings of src to the end of dst. */
void diag_move(struct diag *dst, struct diag *src);

#endif
