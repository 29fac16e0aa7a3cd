/* hello — an exporter built outside merit's tree: results as a Markdown
 * table, for pasting into a report. It needs only merit's installed
 * headers:
 *
 *   cc -shared -fPIC $(pkg-config --cflags merit) -o hello.so hello.c
 *   merit assess --plugin-path . --format hello examples/kz-digital
 */
#include <math.h>
#include <merit/merit.h>

static const struct merit_host *H;

static int init(const struct merit_host *host, void **state)
{
	H = host;
	*state = NULL;
	return 0;
}

static int begin(void *state, merit_stream *out, void **ctx)
{
	*ctx = out;
	return H->printf(out, "| person | assessment | K | band |\n"
	    "|---|---|---:|---|\n");
}

static int write_result(void *ctx, const struct merit_result *r)
{
	return H->printf(ctx, "| %s | %s | %.3f | %s |\n", r->person,
	    r->assessment, r->K, r->band ? r->band : "");
}

static int end(void *ctx)
{
	return 0;
}

static const struct merit_exporter_ops ops = {
	.size = sizeof(ops),
	.extension = "md",
	.begin = begin,
	.write = write_result,
	.end = end,
};

static const struct merit_plugin plugin = {
	MERIT_PLUGIN_HEAD(MERIT_PLUGIN_EXPORTER),
	.name = "hello",
	.version = "1.0.0",
	.summary = "results as a Markdown table (an out-of-tree example)",
	.init = init,
	.ops = &ops,
};

MERIT_PLUGIN_DEFINE(plugin)
