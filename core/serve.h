/* merit serve: the HTTP/1.1 JSON API on the event loop. */
#ifndef MERIT_SERVE_H
#define MERIT_SERVE_H

#include <stddef.h>
#include <stdint.h>

struct serve_opts {
	const char *host; /* an IPv4 or IPv6 address */
	int port;
	const char *db; /* the register */
	const char *config_dir; /* NULL: the agencies the register knows */
	const char *plugin_path;
	size_t body_max; /* 413 beyond */
	uint64_t head_timeout_ms; /* a request head taking longer: 408 */
	uint64_t body_timeout_ms; /* a body with no bytes for longer: 408 */
	uint64_t idle_timeout_ms; /* an idle connection is closed after it */
	unsigned max_conns; /* 503 and closed beyond */
	uint64_t lock_wait_ms; /* a write waits this long for another
				* process's lock, then 503 */
	int watch; /* reload on file changes (SIGHUP always reloads) */
};

/* Serve until SIGTERM or SIGINT; the exit status (0 after a clean stop,
 * 2 when the address cannot be listened on or the configuration does
 * not load). */
int serve_run(const struct serve_opts *o);

/* Print the route table: method, path, roles; one per line. */
void serve_print_routes(void);

#endif
