#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "merit/error.h"
#include "merit/model.h"
#include "resultdiff.h"

#define MAX_INPUT_LINES 40 /* changed inputs listed before "and N more" */

static const char *const element_name[MERIT_ELEMENTS] = { "qualification",
	"qualities", "performance" };
static const char *const element_sym[MERIT_ELEMENTS] = { "B_M", "B_KF",
	"B_FS" };

/* One result as the register holds it. */
struct snap {
	long long id;
	char person[128], agency[128], assessment[128], period[64];
	char model[80], scored_at[32], band[128], status[32];
	double b[MERIT_ELEMENTS], w[MERIT_ELEMENTS], k;
	int used[MERIT_ELEMENTS];
	json_t *inputs;
};

static void text(char *dst, size_t len, sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);
	snprintf(dst, len, "%s", t ? (const char *)t : "-");
}

static double real(sqlite3_stmt *st, int i)
{
	return sqlite3_column_type(st, i) == SQLITE_NULL ? NAN
	    : sqlite3_column_double(st, i);
}

static int load(sqlite3 *db, long long id, struct snap *s)
{
	sqlite3_stmt *st;
	memset(s, 0, sizeof(*s));
	if (sqlite3_prepare_v2(db, "SELECT person, agency, assessment, period,"
	    " model_hash, scored_at, band, status, qualification, qualities,"
	    " performance, w_qualification, w_qualities, w_performance, k,"
	    " inputs FROM result WHERE id = ?1", -1, &st, NULL) != SQLITE_OK)
		return MERIT_EDB;
	sqlite3_bind_int64(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		s->id = id;
		text(s->person, sizeof(s->person), st, 0);
		text(s->agency, sizeof(s->agency), st, 1);
		text(s->assessment, sizeof(s->assessment), st, 2);
		text(s->period, sizeof(s->period), st, 3);
		text(s->model, sizeof(s->model), st, 4);
		text(s->scored_at, sizeof(s->scored_at), st, 5);
		text(s->band, sizeof(s->band), st, 6);
		text(s->status, sizeof(s->status), st, 7);
		for (int e = 0; e < MERIT_ELEMENTS; e++) {
			s->w[e] = real(st, 11 + e);
			s->used[e] = !isnan(s->w[e]);
			s->b[e] = s->used[e] ? real(st, 8 + e) : NAN;
		}
		s->k = real(st, 14);
		const unsigned char *in = sqlite3_column_text(st, 15);
		s->inputs = in ? json_loads((const char *)in, 0, NULL) : NULL;
	}
	sqlite3_finalize(st);
	if (rc == SQLITE_DONE) {
		fprintf(stderr, "merit: no result %lld in the register\n", id);
		return MERIT_ENOENT;
	}
	return rc == SQLITE_ROW ? 0 : MERIT_EDB;
}

/* -- K, term by term ---------------------------------------------------- */

static double or0(double x)
{
	return isnan(x) ? 0.0 : x;
}

static void cell(char *buf, size_t len, double x, const char *fmt)
{
	if (isnan(x))
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, fmt, x);
}

static void print_terms(FILE *f, const struct snap *a, const struct snap *b)
{
	double dk = b->k - a->k, sum = 0;
	/* the header's Greek letters and dots are two bytes each */
	fprintf(f, "\n%-14s %-18s %-12s     Δ(w·B)       Δw·B      w'·ΔB\n",
	    "element", "B (from -> to)", "w");
	for (int e = 0; e < MERIT_ELEMENTS; e++) {
		if (!a->used[e] && !b->used[e])
			continue;
		/* an element a type does not use counts with weight 0 */
		double w1 = or0(a->w[e]), w2 = or0(b->w[e]);
		double b1 = or0(a->b[e]), b2 = or0(b->b[e]);
		double by_w = (w2 - w1) * b1, by_b = w2 * (b2 - b1);
		char x[16], y[16], bs[40], ws[40];
		cell(x, sizeof(x), a->b[e], "%.4f");
		cell(y, sizeof(y), b->b[e], "%.4f");
		snprintf(bs, sizeof(bs), "%s -> %s", x, y);
		cell(x, sizeof(x), a->w[e], "%g");
		cell(y, sizeof(y), b->w[e], "%g");
		snprintf(ws, sizeof(ws), "%s -> %s", x, y);
		fprintf(f, "%-14s %-18s %-12s %+10.4f %+10.4f %+10.4f\n",
		    element_name[e], bs, ws, by_w + by_b, by_w, by_b);
		sum += by_w + by_b;
	}
	double rest = dk - sum;
	/* K is Σ w·B unless the assessment type scores by its own rule */
	if (fabs(rest) > 5e-10)
		fprintf(f, "%-46s %+10.4f\n", "the type's own rule (score "
		    "function)", rest);
	fprintf(f, "%-46s %+10.4f = ΔK\n", "sum", dk);
}

/* -- what moved: weights, scores, inputs, competencies, model ----------- */

static void print_weights(FILE *f, const struct snap *a, const struct snap *b)
{
	int n = 0;
	fprintf(f, "\nweights:");
	for (int e = 0; e < MERIT_ELEMENTS; e++) {
		if (a->used[e] == b->used[e] && (!a->used[e] || a->w[e] == b->w[e]))
			continue;
		char x[16], y[16];
		cell(x, sizeof(x), a->w[e], "%g");
		cell(y, sizeof(y), b->w[e], "%g");
		fprintf(f, "%s %s %s -> %s", n++ ? "," : "", element_name[e], x, y);
	}
	fprintf(f, "%s (assessment %s -> %s)\n", n ? "" : " unchanged",
	    a->assessment, b->assessment);
	n = 0;
	fprintf(f, "element scores:");
	for (int e = 0; e < MERIT_ELEMENTS; e++) {
		if (!a->used[e] || !b->used[e] || a->b[e] == b->b[e])
			continue;
		fprintf(f, "%s %s %.4f -> %.4f", n++ ? "," : "", element_sym[e],
		    a->b[e], b->b[e]);
	}
	fprintf(f, "%s\n", n ? "" : " unchanged where both measured");
}

/* Every leaf of j under `path`, as "path value" lines into *out. */
static void flatten(json_t *j, const char *path, json_t *out)
{
	char sub[512];
	if (json_is_object(j)) {
		const char *k;
		json_t *v;
		json_object_foreach(j, k, v) {
			snprintf(sub, sizeof(sub), "%s%s%s", path, *path ? "." : "", k);
			flatten(v, sub, out);
		}
	} else if (json_is_array(j)) {
		size_t i;
		json_t *v;
		json_array_foreach(j, i, v) {
			snprintf(sub, sizeof(sub), "%s[%zu]", path, i);
			flatten(v, sub, out);
		}
		if (!json_array_size(j))
			json_object_set_new(out, path, json_string("[]"));
	} else {
		char *s = json_dumps(j, JSON_ENCODE_ANY | JSON_COMPACT);
		json_object_set_new(out, path, json_string(s ? s : "?"));
		free(s);
	}
}

static void print_inputs(FILE *f, const struct snap *a, const struct snap *b)
{
	json_t *fa = json_object(), *fb = json_object();
	flatten(a->inputs, "", fa);
	flatten(b->inputs, "", fb);
	size_t n = 0;
	const char *k;
	json_t *v;
	fprintf(f, "inputs:");
	json_object_foreach(fa, k, v) {
		json_t *w = json_object_get(fb, k);
		if (w && json_equal(v, w))
			continue;
		if (n++ < MAX_INPUT_LINES)
			fprintf(f, "\n  %s: %s -> %s", k, json_string_value(v),
			    w ? json_string_value(w) : "(gone)");
	}
	json_object_foreach(fb, k, v) {
		if (json_object_get(fa, k))
			continue;
		if (n++ < MAX_INPUT_LINES)
			fprintf(f, "\n  %s: (none) -> %s", k, json_string_value(v));
	}
	if (n > MAX_INPUT_LINES)
		fprintf(f, "\n  ... and %zu more", n - MAX_INPUT_LINES);
	fprintf(f, "%s\n", n ? "" : " unchanged (the same evidence and person)");
	json_decref(fa);
	json_decref(fb);
}

static void print_competencies(FILE *f, sqlite3 *db, const struct snap *a,
    const struct snap *b)
{
	sqlite3_stmt *st;
	/* both sides, a competency measured on one side only included */
	if (sqlite3_prepare_v2(db, "SELECT c, max(v1), max(v2) FROM ("
	    " SELECT competency c, value v1, NULL v2 FROM competency_result"
	    "  WHERE result_id = ?1 UNION ALL"
	    " SELECT competency, NULL, value FROM competency_result"
	    "  WHERE result_id = ?2) GROUP BY c ORDER BY c", -1, &st, NULL) !=
	    SQLITE_OK)
		return;
	sqlite3_bind_int64(st, 1, a->id);
	sqlite3_bind_int64(st, 2, b->id);
	int n = 0;
	fprintf(f, "competencies:");
	while (sqlite3_step(st) == SQLITE_ROW) {
		double x = real(st, 1), y = real(st, 2);
		if (x == y || (isnan(x) && isnan(y)))
			continue;
		char s1[16], s2[16];
		cell(s1, sizeof(s1), x, "%.4f");
		cell(s2, sizeof(s2), y, "%.4f");
		fprintf(f, "\n  %s %s -> %s", sqlite3_column_text(st, 0), s1, s2);
		n++;
	}
	sqlite3_finalize(st);
	fprintf(f, "%s\n", n ? "" : " unchanged");
}

/* The files a model was loaded from (the model table), as a JSON array. */
static json_t *model_files(sqlite3 *db, const char *hash)
{
	sqlite3_stmt *st;
	json_t *j = NULL;
	if (sqlite3_prepare_v2(db, "SELECT files FROM model WHERE hash = ?1", -1,
	    &st, NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0))
		j = json_loads((const char *)sqlite3_column_text(st, 0), 0, NULL);
	sqlite3_finalize(st);
	return j;
}

static int in_list(json_t *list, const char *s)
{
	size_t i;
	json_t *v;
	json_array_foreach(list, i, v)
		if (json_is_string(v) && !strcmp(json_string_value(v), s))
			return 1;
	return 0;
}

/* A model's files with their content hashes (model_file), by name. */
static json_t *model_file_map(sqlite3 *db, const char *model)
{
	sqlite3_stmt *st;
	json_t *m = json_object();
	if (!m || sqlite3_prepare_v2(db, "SELECT name, path, hash FROM"
	    " model_file WHERE model_hash = ?1", -1, &st, NULL) != SQLITE_OK)
		return m;
	sqlite3_bind_text(st, 1, model, -1, SQLITE_STATIC);
	while (sqlite3_step(st) == SQLITE_ROW)
		json_object_set_new(m, (const char *)sqlite3_column_text(st, 0),
		    json_pack("{s:s, s:s}", "path", (const char *)
		    sqlite3_column_text(st, 1), "hash", (const char *)
		    sqlite3_column_text(st, 2)));
	sqlite3_finalize(st);
	return m;
}

static const char *field(json_t *o, const char *k)
{
	return json_string_value(json_object_get(o, k));
}

/* File by file: changed, dropped, added. The model hash covers the
 * files' names and contents, so a different hash has a reason here. */
static int print_files(FILE *f, json_t *fa, json_t *fb)
{
	const char *name;
	json_t *v;
	int n = 0;
	json_object_foreach(fa, name, v) {
		json_t *w = json_object_get(fb, name);
		if (!w)
			fprintf(f, "\n  - %s (not in the later model)", field(v,
			    "path"));
		else if (strcmp(field(v, "hash"), field(w, "hash")))
			fprintf(f, "\n  ~ %s changed (content %.16s -> %.16s)",
			    field(w, "path"), field(v, "hash"), field(w, "hash"));
		else
			continue;
		n++;
	}
	json_object_foreach(fb, name, v)
		if (!json_object_get(fa, name)) {
			fprintf(f, "\n  + %s (new in the later model)", field(v,
			    "path"));
			n++;
		}
	return n;
}

static void print_model(FILE *f, sqlite3 *db, const struct snap *a,
    const struct snap *b)
{
	if (!strcmp(a->model, b->model)) {
		fprintf(f, "model: unchanged (%.16s)\n", a->model);
		return;
	}
	fprintf(f, "model: %.16s -> %.16s; files:", a->model, b->model);
	json_t *fa = model_file_map(db, a->model), *fb = model_file_map(db,
	    b->model);
	if (json_object_size(fa) && json_object_size(fb)) {
		if (!print_files(f, fa, fb))
			fprintf(f, " the same, loaded in another order");
	} else {
		/* a model recorded before its files' hashes were */
		json_t *la = model_files(db, a->model), *lb = model_files(db,
		    b->model);
		size_t i;
		json_t *v;
		json_array_foreach(la, i, v)
			fprintf(f, "\n  ? %s%s", json_string_value(v), in_list(lb,
			    json_string_value(v)) ? " (no content hash recorded: "
			    "it may have changed)" : " (not in the later model)");
		json_array_foreach(lb, i, v)
			if (!in_list(la, json_string_value(v)))
				fprintf(f, "\n  + %s (new in the later model)",
				    json_string_value(v));
		json_decref(la);
		json_decref(lb);
	}
	fprintf(f, "\n");
	json_decref(fa);
	json_decref(fb);
}

int result_diff(FILE *f, sqlite3 *db, long long from, long long to)
{
	struct snap a, b;
	int rc = load(db, from, &a);
	if (rc)
		return rc;
	if ((rc = load(db, to, &b))) {
		json_decref(a.inputs);
		return rc;
	}
	fprintf(f, "%s — agency %s\nfrom result %lld: %s, period %s, scored %s, "
	    "model %.16s\nto   result %lld: %s, period %s, scored %s, model "
	    "%.16s\n", b.person, b.agency, a.id, a.assessment, a.period,
	    a.scored_at, a.model, b.id, b.assessment, b.period, b.scored_at,
	    b.model);
	if (isnan(a.k) || isnan(b.k)) {
		fprintf(f, "K is not comparable: %s -> %s\n", a.status, b.status);
	} else {
		fprintf(f, "K %.4f -> %.4f (ΔK %+.4f), band %s -> %s\n", a.k, b.k,
		    b.k - a.k, a.band, b.band);
		print_terms(f, &a, &b);
	}
	print_weights(f, &a, &b);
	print_inputs(f, &a, &b);
	print_competencies(f, db, &a, &b);
	print_model(f, db, &a, &b);
	json_decref(a.inputs);
	json_decref(b.inputs);
	return 0;
}
