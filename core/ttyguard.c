#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "ident.h"
#include "ttyguard.h"

struct guard {
	int fd;
	char tail[4]; /* the start of a UTF-8 sequence split across writes */
	size_t n_tail;
};

static int write_all(int fd, const char *s, size_t n)
{
	while (n) {
		ssize_t k = write(fd, s, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			return -1;
		s += k;
		n -= (size_t)k;
	}
	return 0;
}

static ssize_t guard_write(void *cookie, const char *buf, size_t size)
{
	struct guard *g = cookie;
	size_t n = g->n_tail + size;
	char *all = malloc(n ? n : 1);
	if (!all)
		return -1;
	memcpy(all, g->tail, g->n_tail);
	memcpy(all + g->n_tail, buf, size);
	size_t hold = utf8_incomplete_tail(all, n);
	char *safe = text_escape_n(all, n - hold, 1);
	int rc = safe ? write_all(g->fd, safe, strlen(safe)) : -1;
	memcpy(g->tail, all + n - hold, hold);
	g->n_tail = hold;
	free(safe);
	free(all);
	return rc ? -1 : (ssize_t)size;
}

static int guard_close(void *cookie)
{
	struct guard *g = cookie;
	char *safe = text_escape_n(g->tail, g->n_tail, 1);
	int rc = safe ? write_all(g->fd, safe, strlen(safe)) : -1;
	free(safe);
	free(g);
	return rc;
}

static FILE *plain_stdout;

/* At exit, before stdio's own clean-up: the held tail is written and the
 * guard freed, and anything printed later goes out plain. */
static void ttyguard_close(void)
{
	FILE *guarded = stdout;
	if (!plain_stdout || guarded == plain_stdout)
		return;
	stdout = plain_stdout;
	fclose(guarded);
}

void ttyguard_stdout(void)
{
	if (!isatty(STDOUT_FILENO))
		return;
	struct guard *g = calloc(1, sizeof(*g));
	if (!g)
		return;
	g->fd = STDOUT_FILENO;
	cookie_io_functions_t io = { .write = guard_write, .close = guard_close };
	FILE *f = fopencookie(g, "w", io);
	if (!f) {
		free(g);
		return;
	}
	fflush(stdout);
	setvbuf(f, NULL, _IOLBF, 0);
	plain_stdout = stdout;
	stdout = f;
	atexit(ttyguard_close);
}
