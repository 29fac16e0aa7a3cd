#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "commands.h"
#include "serve.h"

static void help(FILE *f)
{
	fprintf(f, "usage: merit serve --listen ADDR:PORT [OPTIONS]\n"
	    "       merit serve --routes\n\n"
	    "Serve the HTTP/1.1 JSON API (doc/openapi.yaml) on the event loop "
	    "until SIGTERM\nor SIGINT, which stop it cleanly: no new "
	    "connections, requests read are\nanswered, writes committed. "
	    "SIGHUP reloads the configuration.\n\n"
	    "  --listen ADDR:PORT  address to listen on: 127.0.0.1:8080, "
	    "[::1]:8080\n"
	    "  --db FILE           the register (default merit.db)\n"
	    "  --config DIR        serve the agencies in DIR (DIR/NAME/"
	    "agency.yaml);\n"
	    "                      default: those the register knows\n"
	    "  --plugin-path DIRS  extra plugin folders, ':'-separated\n"
	    "  --no-watch          reload on SIGHUP only, not on file "
	    "changes\n"
	    "  --body-max BYTES    largest request body (default 1048576); "
	    "413 beyond\n"
	    "  --head-timeout SECS  time a request head may take to arrive "
	    "(default 10);\n"
	    "                       408 and the connection closed beyond\n"
	    "  --body-timeout SECS  time a request body may go without a byte "
	    "arriving\n"
	    "                       (default 10); 408 and closed beyond\n"
	    "  --idle-timeout SECS  time a connection may wait for its next "
	    "request, or\n"
	    "                       leave its answers unread (default 60); "
	    "closed beyond\n"
	    "  --max-connections N  connections served at once (default 512); "
	    "beyond, a\n"
	    "                       client is answered 503 and closed\n"
	    "  --lock-wait SECS     time a write waits while another process "
	    "writes the\n"
	    "                       register (default 30); 503 beyond\n"
	    "  --routes            print the route table and the roles each "
	    "admits\n"
	    "\nAccess: Authorization: Bearer TOKEN, from merit token create.\n"
	    "Logs: one JSON line per request on stderr.\n"
	    "Exit status: 0 stopped cleanly, 2 usage error, address not "
	    "available or\nconfiguration that does not load.\n");
}

/* "127.0.0.1:8080" or "[::1]:8080" into host (in buf) and port. */
static int parse_listen(const char *arg, char *buf, size_t len, int *port)
{
	const char *colon = strrchr(arg, ':');
	char *end;
	if (!colon || colon == arg)
		return -1;
	long p = strtol(colon + 1, &end, 10);
	if (*end || end == colon + 1 || p < 1 || p > 65535)
		return -1;
	const char *h = arg;
	size_t n = (size_t)(colon - arg);
	if (h[0] == '[' && n >= 2 && h[n - 1] == ']') {
		h++;
		n -= 2;
	}
	if (n == 0 || n >= len)
		return -1;
	memcpy(buf, h, n);
	buf[n] = '\0';
	*port = (int)p;
	return 0;
}

/* SECS, 0.1 to 3600, into milliseconds; 0, or -1 said. */
static int parse_seconds(const char *flag, const char *arg, uint64_t *ms)
{
	char *end;
	double v = strtod(arg, &end);
	if (*end || end == arg || !(v >= 0.1 && v <= 3600)) {
		fprintf(stderr, "merit serve: %s takes seconds, 0.1 to 3600\n",
		    flag);
		return -1;
	}
	*ms = (uint64_t)(v * 1000);
	return 0;
}

int cmd_serve(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "listen", required_argument, NULL, 'l' },
		{ "body-max", required_argument, NULL, 'b' },
		{ "head-timeout", required_argument, NULL, 't' },
		{ "body-timeout", required_argument, NULL, 'B' },
		{ "idle-timeout", required_argument, NULL, 'i' },
		{ "max-connections", required_argument, NULL, 'm' },
		{ "lock-wait", required_argument, NULL, 'L' },
		{ "db", required_argument, NULL, 'd' },
		{ "config", required_argument, NULL, 'c' },
		{ "plugin-path", required_argument, NULL, 'p' },
		{ "no-watch", no_argument, NULL, 'w' },
		{ "routes", no_argument, NULL, 'r' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	struct serve_opts o = { .body_max = 1 << 20, .head_timeout_ms = 10000,
		.body_timeout_ms = 10000, .idle_timeout_ms = 60000,
		.max_conns = 512, .lock_wait_ms = 30000, .db = "merit.db", .watch = 1 };
	char host[64];
	const char *listen = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'l': listen = optarg; break;
		case 'd': o.db = optarg; break;
		case 'c': o.config_dir = optarg; break;
		case 'p': o.plugin_path = optarg; break;
		case 'w': o.watch = 0; break;
		case 'r': serve_print_routes(); return 0;
		case 'b': {
			char *end;
			unsigned long long v = strtoull(optarg, &end, 10);
			if (*end || end == optarg || optarg[0] == '-' || !v ||
			    v > (1ULL << 32)) {
				fprintf(stderr, "merit serve: --body-max takes bytes, "
				    "1 to 4294967296\n");
				return 2;
			}
			o.body_max = (size_t)v;
			break;
		}
		case 't':
			if (parse_seconds("--head-timeout", optarg,
			    &o.head_timeout_ms))
				return 2;
			break;
		case 'B':
			if (parse_seconds("--body-timeout", optarg,
			    &o.body_timeout_ms))
				return 2;
			break;
		case 'i':
			if (parse_seconds("--idle-timeout", optarg,
			    &o.idle_timeout_ms))
				return 2;
			break;
		case 'L':
			if (parse_seconds("--lock-wait", optarg, &o.lock_wait_ms))
				return 2;
			break;
		case 'm': {
			char *end;
			unsigned long v = strtoul(optarg, &end, 10);
			if (*end || end == optarg || optarg[0] == '-' || !v ||
			    v > 100000) {
				fprintf(stderr, "merit serve: --max-connections takes "
				    "a number, 1 to 100000\n");
				return 2;
			}
			o.max_conns = (unsigned)v;
			break;
		}
		case 'h': help(stdout); return 0;
		default: help(stderr); return 2;
		}
	}
	if (optind != argc || !listen) {
		fprintf(stderr, "merit serve: give --listen ADDR:PORT and no "
		    "operands\n");
		help(stderr);
		return 2;
	}
	if (parse_listen(listen, host, sizeof(host), &o.port)) {
		fprintf(stderr, "merit serve: --listen '%s': write ADDR:PORT, "
		    "e.g. 127.0.0.1:8080 or [::1]:8080\n", listen);
		return 2;
	}
	o.host = host;
	return serve_run(&o);
}
