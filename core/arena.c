#include <pthread.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "arena.h"

#define BLOCK_MIN (16 * 1024)
/* Blocks grow with the arena, so a large input is a few hundred blocks,
 * not tens of thousands: freeing each one can shrink the heap, and with
 * worker threads alive every shrink costs a TLB flush on every core. */
#define BLOCK_MAX (1024 * 1024)
#define ALIGN (sizeof(max_align_t))

struct arena_block {
	struct arena_block *next;
	size_t cap, used;
	max_align_t data[];
};

/* Full-size blocks freed by one arena are kept for the next: a cohort
 * scored window after window would otherwise map, fault in and unmap
 * the same megabytes each time, which cost a third of the run. The cache
 * is bounded, so memory stays flat. */
#define SPARE_MAX 96
static struct arena_block *spare;
static size_t n_spare;
static pthread_mutex_t spare_lock = PTHREAD_MUTEX_INITIALIZER;

static struct arena_block *block_get(size_t cap)
{
	struct arena_block *b = NULL;
	if (cap == BLOCK_MAX) {
		pthread_mutex_lock(&spare_lock);
		if ((b = spare)) {
			spare = b->next;
			n_spare--;
		}
		pthread_mutex_unlock(&spare_lock);
	}
	return b ? b : malloc(sizeof(*b) + cap);
}

static void block_put(struct arena_block *b)
{
	if (b->cap == BLOCK_MAX) {
		pthread_mutex_lock(&spare_lock);
		if (n_spare < SPARE_MAX) {
			b->next = spare;
			spare = b;
			n_spare++;
			b = NULL;
		}
		pthread_mutex_unlock(&spare_lock);
	}
	free(b);
}

void arena_init(struct arena *a)
{
	a->head = a->spare = NULL;
	a->used_total = 0;
}

static void free_list(struct arena_block *b)
{
	while (b) {
		struct arena_block *next = b->next;
		block_put(b);
		b = next;
	}
}

void arena_free(struct arena *a)
{
	free_list(a->head);
	free_list(a->spare);
	a->head = a->spare = NULL;
	a->used_total = 0;
}

void arena_reset(struct arena *a)
{
	struct arena_block *b = a->head;
	while (b) {
		struct arena_block *next = b->next;
		b->used = 0;
		b->next = a->spare;
		a->spare = b;
		b = next;
	}
	a->head = NULL;
	a->used_total = 0;
}

static void *alloc(struct arena *a, size_t n, int zero)
{
	struct arena_block *b = a->head;
	if (n > SIZE_MAX / 2)
		return NULL;
	n = (n + ALIGN - 1) & ~(ALIGN - 1);
	if (n == 0)
		n = ALIGN;
	if (!b || b->cap - b->used < n) {
		size_t grow = a->used_total / 2;
		size_t cap = grow < BLOCK_MIN ? BLOCK_MIN : grow > BLOCK_MAX
		    ? BLOCK_MAX : grow;
		if (n > cap)
			cap = n;
		/* a kept block that fits, else a new one */
		struct arena_block **sp = &a->spare;
		while (*sp && (*sp)->cap < n)
			sp = &(*sp)->next;
		if (*sp) {
			b = *sp;
			*sp = b->next;
			cap = b->cap;
		} else if (!(b = block_get(cap))) {
			return NULL;
		}
		b->cap = cap;
		b->used = 0;
		/* A large one-off allocation goes behind the current block so
		 * the current block's free space is not abandoned. */
		if (a->head && n > BLOCK_MIN && cap == n) {
			b->next = a->head->next;
			a->head->next = b;
		} else {
			b->next = a->head;
			a->head = b;
		}
	}
	void *p = (char *)b->data + b->used;
	b->used += n;
	a->used_total += n;
	if (zero)
		memset(p, 0, n);
	return p;
}

void *arena_alloc(struct arena *a, size_t n)
{
	return alloc(a, n, 1);
}

char *arena_strndup(struct arena *a, const char *s, size_t n)
{
	char *d = alloc(a, n + 1, 0); /* filled at once: no need to zero */
	if (d) {
		memcpy(d, s, n);
		d[n] = '\0';
	}
	return d;
}

char *arena_strdup(struct arena *a, const char *s)
{
	return s ? arena_strndup(a, s, strlen(s)) : NULL;
}

char *arena_printf(struct arena *a, const char *fmt, ...)
{
	/* most texts are short: format once into the stack, copy */
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n < 0)
		return NULL;
	if ((size_t)n < sizeof(buf))
		return arena_strndup(a, buf, (size_t)n);
	char *d = alloc(a, (size_t)n + 1, 0);
	if (!d)
		return NULL;
	va_start(ap, fmt);
	vsnprintf(d, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return d;
}
