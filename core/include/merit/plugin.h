/* merit — the plugin ABI.
 *
 * A plugin is a shared object (NAME.so) exporting one function,
 * merit_plugin(), that returns a pointer to a static descriptor.
 *
 * Before mapping the file, the core refuses it unless the file and every
 * folder above it belong to root or to the user merit runs as and no one
 * else may write them (a sticky folder excepted): mapping runs its
 * constructors. It then refuses a plugin whose ABI major differs from its
 * own, whose minor is newer, whose descriptor or ops table is not exactly
 * the size that minor gives its kind, whose name, version or summary is
 * missing, whose name is not its file name, whose kind is unknown, whose
 * kind's required callbacks are missing (engine: measure; scorer: score;
 * exporter: begin, write, end and extension), or any of whose pointers
 * does not lie in a loaded object (callbacks: in code). The descriptor,
 * its strings and its ops table must therefore be static data.
 *
 * Write one with MERIT_PLUGIN_DEFINE(descriptor); see merit-plugin(7).
 */
#ifndef MERIT_PLUGIN_H
#define MERIT_PLUGIN_H

#include <stdint.h>
#include <stddef.h>
#include "error.h"
#include "host.h"
#include "model.h"
#include "result.h"
#include "value.h"

#define MERIT_ABI_MAJOR 1
#define MERIT_ABI_MINOR 1

#define MERIT_PLUGIN_SYMBOL "merit_plugin"

enum merit_plugin_kind {
	MERIT_PLUGIN_ENGINE = 1, /* measures one element of an evaluation */
	MERIT_PLUGIN_SCORER = 2, /* combines elements into K and a band */
	MERIT_PLUGIN_EXPORTER = 3 /* writes results in a format */
};

/* ---- engines ---------------------------------------------------------- */

/* What an engine is asked to measure. `evidence` is the person's evidence
 * for this element (a MERIT_VALUE_NULL value when none was given). Report
 * through host->measure_*; report bad input with host->fail(). */
struct merit_engine_call {
	uint32_t size;
	const struct merit_model *model;
	const struct merit_assessment *assessment;
	enum merit_element element;
	const struct merit_person *person;
	const merit_value *evidence;
	merit_measure *out;
};

struct merit_engine_ops {
	uint32_t size; /* sizeof(struct merit_engine_ops) */
	/* May run concurrently on several threads: treat `state` as read-only
	 * after config(). Returns 0, or a negative code after host->fail(). */
	int (*measure)(void *state, const struct merit_engine_call *call);
};

/* ---- scorers ---------------------------------------------------------- */

/* result->element/used/weight are filled in; the scorer sets K and band
 * (band must point into the assessment's bands or into static storage). */
struct merit_score_call {
	uint32_t size;
	const struct merit_assessment *assessment;
	const struct merit_person *person;
	struct merit_result *result;
	merit_measure *out;
	const struct merit_model *model; /* the framework, profiles, ... */
};

struct merit_scorer_ops {
	uint32_t size;
	/* Like measure(), may run concurrently on several threads. */
	int (*score)(void *state, const struct merit_score_call *call);
};

/* ---- exporters -------------------------------------------------------- */

struct merit_exporter_ops {
	uint32_t size;
	const char *extension; /* file name extension, e.g. "jsonl" */
	/* Start an export to `out`; *ctx is the exporter's per-export state. */
	int (*begin)(void *state, merit_stream *out, void **ctx);
	int (*write)(void *ctx, const struct merit_result *r);
	/* Always called once after a successful begin(), even after errors;
	 * frees ctx. */
	int (*end)(void *ctx);
};

/* ---- the descriptor --------------------------------------------------- */

struct merit_plugin {
	uint16_t abi_major, abi_minor;
	uint32_t size; /* sizeof(struct merit_plugin) as the plugin saw it */
	enum merit_plugin_kind kind;
	const char *name; /* must equal the file name without ".so" */
	const char *version;
	const char *summary;
	/* Optional. init() may allocate *state; deinit() frees it. */
	int (*init)(const struct merit_host *host, void **state);
	/* Optional. Called once after init() with the agency's configuration
	 * for this plugin (a map, or MERIT_VALUE_NULL). Unknown keys should be
	 * refused with host->config_error(). */
	int (*config)(void *state, const merit_value *config);
	void (*deinit)(void *state);
	const void *ops; /* struct merit_{engine,scorer,exporter}_ops */
};

#if defined(__GNUC__)
#define MERIT_EXPORT __attribute__((visibility("default")))
#else
#define MERIT_EXPORT
#endif

typedef const struct merit_plugin *(*merit_plugin_fn)(void);

#define MERIT_PLUGIN_DEFINE(desc)                                       \
	MERIT_EXPORT const struct merit_plugin *merit_plugin(void);     \
	MERIT_EXPORT const struct merit_plugin *merit_plugin(void)      \
	{                                                               \
		return &(desc);                                         \
	}

#define MERIT_PLUGIN_HEAD(kind_)                                        \
	.abi_major = MERIT_ABI_MAJOR, .abi_minor = MERIT_ABI_MINOR,     \
	.size = sizeof(struct merit_plugin), .kind = (kind_)

#endif
