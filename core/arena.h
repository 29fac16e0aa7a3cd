/* A bump allocator: many small, same-lifetime allocations freed at once.
 * Models and parsed input trees live in arenas, so a Lua error that
 * unwinds in the middle of building one leaks nothing. */
#ifndef MERIT_ARENA_H
#define MERIT_ARENA_H

#include <stddef.h>

struct arena_block;

struct arena {
	struct arena_block *head;
	size_t used_total;
};

void arena_init(struct arena *a);
void arena_free(struct arena *a);
/* Forget every allocation but keep one block for the next ones: a
 * reader that builds one small tree per row reuses the same memory
 * instead of asking the system for it row after row. */
void arena_reset(struct arena *a);
/* Zeroed memory aligned for any type; NULL when out of memory. */
void *arena_alloc(struct arena *a, size_t n);
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
char *arena_printf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
