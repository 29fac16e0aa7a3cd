/* A plugin whose constructor leaves a mark: it runs when the file is
 * mapped, before merit can look at the descriptor, so a plugin the loader
 * refuses for where it lies must never be mapped (t/plugin-trust.t). The
 * mark goes to $MERIT_TEST_MARKER. */
#include <stdio.h>
#include <stdlib.h>
#include <merit/merit.h>

__attribute__((constructor)) static void leave_mark(void)
{
	const char *path = getenv("MERIT_TEST_MARKER");
	FILE *f = path ? fopen(path, "w") : NULL;
	if (f) {
		fputs("the constructor ran\n", f);
		fclose(f);
	}
}

static int measure(void *state, const struct merit_engine_call *call)
{
	(void)state;
	return call ? 0 : MERIT_EINVAL;
}

static const struct merit_engine_ops ops = {
	.size = sizeof(ops),
	.measure = measure,
};

static const struct merit_plugin plugin = {
	MERIT_PLUGIN_HEAD(MERIT_PLUGIN_ENGINE),
	.name = "constructor",
	.version = "0.0.1",
	.summary = "leaves a mark when mapped",
	.ops = &ops,
};

MERIT_PLUGIN_DEFINE(plugin)
