/* csv — results as RFC 4180 CSV, one row per person. Competencies go in
 * one column as "id=value@level;..." so every row has the same columns
 * whatever the framework. */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <merit/merit.h>

static const struct merit_host *H;

static int init(const struct merit_host *host, void **state)
{
	H = host;
	*state = NULL;
	return 0;
}

static int config(void *state, const merit_value *cfg)
{
	if (H->value_type(cfg) != MERIT_VALUE_NULL &&
	    !(H->value_type(cfg) == MERIT_VALUE_MAP && !H->value_len(cfg)))
		return H->config_error("csv", cfg, "takes no settings");
	return 0;
}

/* Would a spreadsheet opening the file take a cell starting with c for
 * a formula (or, for tab and CR, hide one behind blank space)? */
static int starts_formula(char c)
{
	return c && strchr("=+-@\t\r", c) != NULL;
}

/* Write s as a field, quoted when it holds a comma, quote or newline.
 * A text that a spreadsheet would run as a formula gets a leading
 * single quote, so it is shown as the text it is. */
static int field(merit_stream *out, const char *s, int last)
{
	int rc = 0;
	if (!s)
		s = "";
	int quote = strpbrk(s, ",\"\r\n") != NULL;
	if (quote)
		rc = H->write(out, "\"", 1);
	if (!rc && starts_formula(s[0]))
		rc = H->write(out, "'", 1);
	if (quote) {
		for (const char *p = s; !rc && *p; p++)
			rc = *p == '"' ? H->write(out, "\"\"", 2) : H->write(out, p, 1);
		rc = rc ? rc : H->write(out, "\"", 1);
	} else if (!rc) {
		rc = H->write(out, s, strlen(s));
	}
	return rc ? rc : H->write(out, last ? "\r\n" : ",", last ? 2 : 1);
}

/* Finite numbers are written as numbers, a minus sign included: they
 * are made here by printf, never taken from the input. */
static int num(merit_stream *out, int used, double x)
{
	char b[40] = "";
	if (used && !isnan(x))
		snprintf(b, sizeof(b), "%.15g", x);
	if (!isfinite(x))
		return field(out, b, 0);
	int rc = H->write(out, b, strlen(b));
	return rc ? rc : H->write(out, ",", 1);
}

static int begin(void *state, merit_stream *out, void **ctx)
{
	*ctx = out;
	static const char header[] = "person,agency,period,framework,assessment,"
	    "qualification,qualities,performance,w_qualification,w_qualities,"
	    "w_performance,K,band,competencies,receipt,status,reason,gaps\r\n";
	return H->write(out, header, sizeof(header) - 1);
}

static int write_result(void *ctx, const struct merit_result *r)
{
	merit_stream *out = ctx;
	int rc = field(out, r->person, 0);
	rc = rc ? rc : field(out, r->agency, 0);
	rc = rc ? rc : field(out, r->period, 0);
	rc = rc ? rc : field(out, r->framework, 0);
	rc = rc ? rc : field(out, r->assessment, 0);
	for (int e = 0; !rc && e < MERIT_ELEMENTS; e++)
		rc = num(out, r->used[e], r->element[e]);
	for (int e = 0; !rc && e < MERIT_ELEMENTS; e++)
		rc = num(out, r->used[e], r->weight[e]);
	rc = rc ? rc : num(out, 1, r->K);
	rc = rc ? rc : field(out, r->band, 0);
	if (rc)
		return rc;
	size_t len = 1;
	for (size_t i = 0; i < r->n_competencies; i++)
		len += strlen(r->competencies[i].id) + 64 +
		    (r->competencies[i].level ? strlen(r->competencies[i].level) : 0);
	char *c = H->alloc(len), *p = c;
	if (!c)
		return MERIT_ENOMEM;
	*p = '\0';
	for (size_t i = 0; i < r->n_competencies; i++) {
		const struct merit_competency_result *cr = &r->competencies[i];
		p += sprintf(p, "%s%s=%.6g%s%s", i ? ";" : "", cr->id, cr->value,
		    cr->level ? "@" : "", cr->level ? cr->level : "");
	}
	rc = field(out, c, 0);
	H->free(c);
	rc = rc ? rc : field(out, r->receipt, 0);
	rc = rc ? rc : field(out, r->status == MERIT_NOT_ASSESSED ? "not-assessed"
	    : "assessed", 0);
	rc = rc ? rc : field(out, r->reason, 0);
	if (rc)
		return rc;
	/* the competencies to develop, first to last */
	len = 1;
	for (size_t i = 0; i < r->n_gaps; i++)
		len += strlen(r->gaps[i].competency) + 1;
	if (!(c = H->alloc(len)))
		return MERIT_ENOMEM;
	p = c;
	*p = '\0';
	for (size_t i = 0; i < r->n_gaps; i++)
		p += sprintf(p, "%s%s", i ? ";" : "", r->gaps[i].competency);
	rc = field(out, c, 1);
	H->free(c);
	return rc;
}

static int end(void *ctx)
{
	return 0;
}

static const struct merit_exporter_ops ops = {
	.size = sizeof(ops),
	.extension = "csv",
	.begin = begin,
	.write = write_result,
	.end = end,
};

static const struct merit_plugin plugin = {
	MERIT_PLUGIN_HEAD(MERIT_PLUGIN_EXPORTER),
	.name = "csv",
	.version = "1.2.0",
	.summary = "results as CSV, one row per person",
	.init = init,
	.config = config,
	.ops = &ops,
};

MERIT_PLUGIN_DEFINE(plugin)
