/* Malformed plugins, one defect each, chosen by -D (see Makefile.am),
 * that the loader must refuse with a reason and without crashing:
 * t/malformed.t. Each defect is one a careless or corrupted build could
 * really have: a table of the wrong kind, a missing callback, a size
 * from other headers, a pointer into nowhere. */
#include <stdint.h>
#include <string.h>
#include <merit/merit.h>

#ifndef NAME
#define NAME "malformed"
#endif
#ifndef KIND
#define KIND MERIT_PLUGIN_ENGINE
#endif
#ifndef OPS
#define OPS (&engine_ops)
#endif
#ifndef DESC_SIZE
#define DESC_SIZE sizeof(struct merit_plugin)
#endif
#ifndef ENGINE_OPS_SIZE
#define ENGINE_OPS_SIZE sizeof(struct merit_engine_ops)
#endif
#ifndef MEASURE
#define MEASURE measure
#endif
#ifndef SCORE
#define SCORE score
#endif
#ifndef WRITE
#define WRITE write_result
#endif
#ifndef EXTENSION
#define EXTENSION "txt"
#endif
#ifndef SUMMARY
#define SUMMARY "a malformed plugin for the loader's tests"
#endif
#ifndef DESCRIPTOR
#define DESCRIPTOR (&plugin)
#endif

/* Each defect leaves some of the pieces below unreferenced. */
#define SPARE __attribute__((unused))

SPARE static int measure(void *state, const struct merit_engine_call *call)
{
	(void)state;
	return call ? 0 : MERIT_EINVAL;
}

SPARE static int score(void *state, const struct merit_score_call *call)
{
	(void)state;
	return call ? 0 : MERIT_EINVAL;
}

SPARE static int begin(void *state, merit_stream *out, void **ctx)
{
	(void)state;
	*ctx = out;
	return 0;
}

SPARE static int write_result(void *ctx, const struct merit_result *r)
{
	return ctx && r ? 0 : MERIT_EINVAL;
}

SPARE static int end(void *ctx)
{
	(void)ctx;
	return 0;
}

SPARE static struct merit_engine_ops engine_ops = {
	.size = ENGINE_OPS_SIZE,
	.measure = MEASURE,
};

SPARE static const struct merit_scorer_ops scorer_ops = {
	.size = sizeof(scorer_ops),
	.score = SCORE,
};

SPARE static const struct merit_exporter_ops exporter_ops = {
	.size = sizeof(exporter_ops),
	.extension = EXTENSION,
	.begin = begin,
	.write = WRITE,
	.end = end,
};

SPARE static const struct merit_plugin plugin = {
	.abi_major = MERIT_ABI_MAJOR,
	.abi_minor = MERIT_ABI_MINOR,
	.size = DESC_SIZE,
	.kind = KIND,
	.name = NAME,
	.version = "0.0.1",
	.summary = SUMMARY,
	.ops = OPS,
};

#ifdef MEASURE_IS_DATA
/* Bytes, not code: where a stray cast would leave measure(). */
static const unsigned char not_code[64] = { 0xde, 0xad };
#endif

MERIT_EXPORT const struct merit_plugin *merit_plugin(void);
MERIT_EXPORT const struct merit_plugin *merit_plugin(void)
{
#ifdef MEASURE_IS_DATA
	const void *data = not_code;
	memcpy(&engine_ops.measure, &data, sizeof(data));
#endif
	return DESCRIPTOR;
}
