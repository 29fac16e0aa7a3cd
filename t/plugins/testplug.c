/* One source, several test plugins: each -D makes one defect the loader
 * must refuse (see t/loader.t). */
#include <merit/merit.h>

#ifndef NAME
#define NAME "good"
#endif
#ifndef ABI_MAJOR
#define ABI_MAJOR MERIT_ABI_MAJOR
#endif
#ifndef ABI_MINOR
#define ABI_MINOR MERIT_ABI_MINOR
#endif
#ifndef KIND
#define KIND MERIT_PLUGIN_ENGINE
#endif

static int measure(void *state, const struct merit_engine_call *call)
{
	(void)state;
	return call ? 0 : MERIT_EINVAL;
}

static const struct merit_engine_ops ops = {
	.size = sizeof(ops),
	.measure = measure,
};

#ifdef FAIL_INIT
static int init(const struct merit_host *host, void **state)
{
	(void)host;
	(void)state;
	return MERIT_ENOMEM;
}
#endif

static const struct merit_plugin plugin = {
	.abi_major = ABI_MAJOR,
	.abi_minor = ABI_MINOR,
	.size = sizeof(struct merit_plugin),
	.kind = KIND,
	.name = NAME,
	.version = "0.0.1",
	.summary = "a plugin for the loader's tests",
#ifdef FAIL_INIT
	.init = init,
#endif
	.ops = &ops,
};

#ifndef NO_SYMBOL
MERIT_PLUGIN_DEFINE(plugin)
#else
const struct merit_plugin *not_the_entry(void);
const struct merit_plugin *not_the_entry(void)
{
	return &plugin;
}
#endif
