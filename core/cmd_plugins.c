#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "commands.h"
#include "host.h"
#include "loader.h"
#include "paths.h"

/* What the loader checks before it maps a file (core/trusted.c), said
 * where a refusal is read. */
static const char trust_rules[] =
    "A plugin is mapped only when its file and every folder above it are "
    "owned by\nroot or by the user merit runs as and no one else may write "
    "them (a folder\nwith the sticky bit, like /tmp, may be writable by "
    "others); its descriptor is\nthen checked before any of it is called. "
    "See merit-plugin(7).";

int cmd_plugins(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "plugin-path", required_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *extra = NULL;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'p': extra = optarg; break;
		case 'h':
			printf("usage: merit plugins [--plugin-path DIRS]\n\n"
			    "List the plugins merit loads (name, kind, version, ABI, "
			    "path) and those it\nrefused, with the reason. Searched: "
			    "--plugin-path, $MERIT_PLUGIN_PATH, then\nmerit's own "
			    "plugin folder.\n\n%s\n\nExit status: 0, or 1 when a "
			    "plugin was refused.\n", trust_rules);
			return 0;
		default:
			return 2;
		}
	}
	if (optind != argc) {
		fprintf(stderr, "merit: plugins takes no arguments\n");
		return 2;
	}
	struct paths paths;
	struct plugin_set ps = { 0 };
	if (paths_init(&paths, extra) || plugins_scan(&ps,
	    (const char *const *)paths.plugin_dirs, paths.n_plugin_dirs)) {
		fprintf(stderr, "merit: out of memory\n");
		return 2;
	}
	printf("%-16s %-9s %-9s %-5s %s\n", "name", "kind", "version", "ABI",
	    "path");
	for (size_t i = 0; i < ps.n; i++) {
		const struct merit_plugin *p = ps.v[i].desc;
		printf("%-16s %-9s %-9s %u.%-3u %s\n", p->name,
		    plugin_kind_name(p->kind), p->version, p->abi_major,
		    p->abi_minor, ps.v[i].path);
	}
	if (!ps.n)
		printf("(none found; searched:");
	for (size_t i = 0; !ps.n && i < paths.n_plugin_dirs; i++)
		printf(" %s", paths.plugin_dirs[i]);
	if (!ps.n)
		printf(")\n");
	if (ps.n_refused)
		printf("\nrefused:\n");
	for (size_t i = 0; i < ps.n_refused; i++)
		printf("  %s: %s\n", ps.refused[i].path, ps.refused[i].reason);
	if (ps.n_refused)
		printf("\n%s\n", trust_rules);
	int status = ps.n_refused ? 1 : 0;
	plugins_free(&ps);
	paths_free(&paths);
	return status;
}
