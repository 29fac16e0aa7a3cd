#include <errno.h>
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/stat.h>
#include <jansson.h>
#include <sodium.h>
#include <uv.h>
#include "merit/error.h"
#include "agency.h"
#include "assess.h"
#include "cohort.h"
#include "fsio.h"
#include "host.h"
#include "loader.h"
#include "model.h"
#include "paths.h"
#include "register.h"
#include "report.h"
#include "vtree.h"

static const char *const element_key[MERIT_ELEMENTS] = { "qualification",
	"qualities", "performance" };

#define CHUNK 512 /* persons per thread-pool job */
/* persons per window read from the register: enough to keep both cores
 * busy, few enough that memory stays flat whatever the cohort's size */
#define REGISTER_WINDOW 2048

struct job;

/* One export in progress: an exporter writing to a file or stdout. */
struct output {
	struct plugin *pl;
	FILE *f;
	char *name; /* malloc'd */
	struct merit_stream st;
	void *ctx;
	int begun, failed;
};

struct window;

struct chunk {
	uv_work_t work;
	struct job *job;
	struct window *win;
	size_t first, n;
	struct arena arena; /* results' strings */
};

/* Persons scored together. From the register two windows alternate: one
 * is scored by the thread pool while the loop thread writes the other's
 * results and reads the next. */
struct window {
	struct cohort cohort;
	struct scored *scored;
	struct chunk *chunks;
	size_t n_chunks, cap_chunks, chunks_done;
	int busy; /* being scored */
};

struct job {
	const struct assess_opts *o;
	uv_loop_t *loop;
	struct paths paths;
	struct plugin_set plugins;
	struct agency *ag;
	struct model_set *ms;
	const struct merit_assessment *as;
	struct plugin *engine[MERIT_ELEMENTS], *scorer, *gap_scorer;
	struct plugin **exporters;
	size_t n_exporters;
	char *plugin_fingerprint; /* names, versions, settings: into receipts */
	struct diag d;
	/* inputs */
	char *roster, *evidence;
	size_t roster_len, evidence_len;
	int pending_reads, read_failed;
	struct window win[2];
	int no_more; /* the register's last window is read */
	volatile sig_atomic_t canceled;
	size_t progress; /* persons scored so far (approximate, for display) */
	uv_signal_t sigint, sigterm;
	uv_timer_t ticker;
	int show_progress, ticking;
	int exit_status;
	size_t checked;
	/* the cohort from the register, window by window */
	int from_register;
	char *after; /* the last id of the previous window */
	size_t expected; /* persons to score, for the progress display */
	/* the register, written in one transaction over all windows */
	struct reg reg;
	int reg_open, reg_live;
	crypto_generichash_state digest;
	size_t added, kept;
	/* over all windows */
	size_t total, total_failed;
	struct report_totals totals;
	/* --what-if */
	struct reg wi_reg;
	int wi_started, wi_have;
	size_t wi_changed, wi_compared;
	/* exporters and the --format output */
	struct output *outputs, main_out;
	size_t n_outputs;
	int outputs_begun;
};

/* -- scoring one person (thread pool) ---------------------------------- */

static char *json_canon(struct arena *a, json_t *j)
{
	char *s = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS |
	    JSON_REAL_PRECISION(17) | JSON_ENCODE_ANY) : NULL;
	char *r = s ? arena_strdup(a, s) : NULL;
	free(s);
	json_decref(j);
	return r;
}

static void score_one(struct job *job, struct scored *s, struct arena *a,
    struct merit_measure *m)
{
	const struct member *mb = s->member;
	const struct merit_model *model = &job->ms->model;
	struct merit_result *r = &s->r;
	char num[64];

	r->person = mb->p.id;
	r->agency = job->ag->id;
	r->period = job->ag->period;
	r->framework = model->framework ? model->framework->id : NULL;
	r->framework_version = model->framework ? model->framework->version : NULL;
	r->assessment = job->as->id;
	r->model_hash = model->hash;
	r->K = NAN;
	const struct merit_level *lv = model_level_for_post(model->framework,
	    mb->p.post_level);
	s->post_level_id = lv ? lv->id : NULL;

	/* the inputs, canonical, for the receipt and the register */
	json_t *in = json_object();
	if (in) {
		json_object_set_new(in, "person", value_to_json(mb->p.record));
		json_object_set_new(in, "evidence", value_to_json(mb->evidence));
	}
	if (!(s->inputs_json = json_canon(a, in))) {
		s->error = "out of memory";
		return;
	}

	struct merit_competency_result *comps = NULL;
	struct merit_course_result *courses = NULL;
	struct merit_item_result *items = NULL;
	size_t n_comps = 0, n_courses = 0, n_items = 0;
	char **lines = NULL;
	size_t n_lines = 0;
	r->self_qualities = NAN;
	r->status = MERIT_ASSESSED;
	/* an engine's failure waits until every engine has run: a later one
	 * may find the person not assessed at all (on leave, newly hired),
	 * who then needs no evidence for the others */
	const char *failed = NULL;
	for (int e = 0; e < MERIT_ELEMENTS; e++) {
		r->element[e] = r->weight[e] = NAN;
		if (!job->as->element[e].used)
			continue;
		struct plugin *pl = job->engine[e];
		const struct merit_engine_ops *ops = pl->desc->ops;
		struct merit_engine_call call = { .size = sizeof(call),
			.model = model, .assessment = job->as, .element = e,
			.person = &mb->p, .evidence = member_evidence(mb,
			element_key[e]), .out = m };
		measure_init(m, a, pl->desc->name);
		m->person = &mb->p;
		int rc = ops->measure(pl->state, &call);
		if (!rc && !m->has_element && !m->not_assessed)
			rc = host_api()->fail(m, NULL, "engine %s reported no score "
			    "for %s", pl->desc->name, element_key[e]);
		if (rc || m->oom) {
			const char *err = m->error ? m->error : arena_printf(a,
			    "%s: engine %s failed: %s", element_key[e],
			    pl->desc->name, merit_strerror(rc ? rc : MERIT_ENOMEM));
			if (m->oom || rc == MERIT_ENOMEM) {
				s->error = err;
				goto out;
			}
			if (!failed)
				failed = err;
			continue;
		}
		if (m->not_assessed) {
			s->error = NULL;
			/* e.g. on leave, or in the first months of service */
			r->status = MERIT_NOT_ASSESSED;
			r->reason = m->not_assessed;
			for (int k = 0; k < MERIT_ELEMENTS; k++)
				r->element[k] = r->weight[k] = NAN, r->used[k] = 0;
			char **nl = arena_alloc(a, sizeof(*nl));
			if (!nl || !(nl[0] = arena_printf(a, "not assessed: %s "
			    "(%s)", m->not_assessed, pl->desc->name)))
				goto oom;
			lines = nl;
			n_lines = 1;
			n_comps = n_courses = n_items = 0;
			r->band = NULL;
			goto receipt;
		}
		if (failed)
			continue;
		r->used[e] = 1;
		r->element[e] = m->value;
		if (call.evidence && call.evidence->line) {
			char where[512];
			r->provenance[e] = arena_strdup(a, value_where(call.evidence,
			    where, sizeof(where)));
		}
		r->weight[e] = job->as->element[e].weight;
		if (e == MERIT_QUALITIES)
			r->self_qualities = m->self;
		/* keep what this engine reported past the next measure_init */
#define KEEP(arr, n, src, nsrc)                                             \
		if (nsrc) {                                                 \
			void *nv = arena_alloc(a, (n + nsrc) * sizeof(*arr));  \
			if (!nv)                                            \
				goto oom;                                   \
			if (n)                                              \
				memcpy(nv, arr, n * sizeof(*arr));          \
			memcpy((char *)nv + n * sizeof(*arr), src,          \
			    nsrc * sizeof(*arr));                           \
			arr = nv;                                           \
			n += nsrc;                                          \
		}
		KEEP(comps, n_comps, m->comp, m->n_comp)
		KEEP(courses, n_courses, m->course, m->n_course)
		KEEP(items, n_items, m->item, m->n_item)
		char **nl = arena_alloc(a, (n_lines + m->n_lines + 1) * sizeof(*nl));
		if (!nl)
			goto oom;
		if (n_lines)
			memcpy(nl, lines, n_lines * sizeof(*nl));
		snprintf(num, sizeof(num), "%.4f", m->value);
		nl[n_lines++] = arena_printf(a, "%s (%s) = %s, weight %g%s%s",
		    element_key[e], pl->desc->name, num, r->weight[e],
		    r->provenance[e] ? ", from " : "",
		    r->provenance[e] ? r->provenance[e] : "");
		for (size_t i = 0; i < m->n_lines; i++)
			nl[n_lines++] = arena_printf(a, "  %s", m->lines[i]);
		lines = nl;
	}
	if (failed) {
		s->error = failed;
		goto out;
	}
	r->competencies = comps;
	r->n_competencies = n_comps;
	r->courses = courses;
	r->n_courses = n_courses;
	r->items = items;
	r->n_items = n_items;

	/* the scorer, then gap analysis when the assessment type asks */
	struct plugin *scorers[2] = { job->scorer, job->gap_scorer };
	for (int k = 0; k < 2 && scorers[k]; k++) {
		struct plugin *sp = scorers[k];
		const struct merit_scorer_ops *so = sp->desc->ops;
		struct merit_score_call sc = { .size = sizeof(sc),
			.assessment = job->as, .person = &mb->p, .result = r,
			.out = m, .model = model };
		measure_init(m, a, sp->desc->name);
		m->person = &mb->p;
		int rc = so->score(sp->state, &sc);
		if (rc || m->oom || !isfinite(r->K) || r->K < 0 || r->K > 1) {
			s->error = m->error ? m->error : arena_printf(a, "scorer %s "
			    "failed: %s", sp->desc->name, rc ? merit_strerror(rc)
			    : "K outside [0, 1]");
			goto out;
		}
		if (m->n_gap) {
			struct merit_gap *g = arena_alloc(a, m->n_gap * sizeof(*g));
			if (!g)
				goto oom;
			memcpy(g, m->gap, m->n_gap * sizeof(*g));
			r->gaps = g;
			r->n_gaps = m->n_gap;
		}
		char **nl = arena_alloc(a, (n_lines + m->n_lines + 1) *
		    sizeof(*nl));
		if (!nl)
			goto oom;
		if (n_lines)
			memcpy(nl, lines, n_lines * sizeof(*nl));
		for (size_t i = 0; i < m->n_lines; i++)
			nl[n_lines++] = m->lines[i];
		lines = nl;
	}

receipt:
	/* the receipt: everything that decided this score */
	crypto_generichash_state hs;
	unsigned char h[32];
	crypto_generichash_init(&hs, NULL, 0, sizeof(h));
#define HASH_STR(s) crypto_generichash_update(&hs, (const unsigned char *)(s), strlen(s) + 1)
	HASH_STR("merit-receipt-1");
	HASH_STR(model->hash);
	HASH_STR(job->as->id);
	HASH_STR(job->ag->id);
	HASH_STR(job->ag->period);
	for (int e = 0; e < MERIT_ELEMENTS; e++) {
		snprintf(num, sizeof(num), "%d:%.17g", job->as->element[e].used,
		    job->as->element[e].used ? job->as->element[e].weight : 0.0);
		HASH_STR(num);
	}
	HASH_STR(job->plugin_fingerprint);
	HASH_STR(host_loaded_digest());
	HASH_STR(s->inputs_json);
#undef HASH_STR
	crypto_generichash_final(&hs, h, sizeof(h));
	char *hex = arena_alloc(a, 65);
	if (!hex)
		goto oom;
	sodium_bin2hex(hex, 65, h, sizeof(h));
	r->receipt = hex;
	s->ok = 1;
out:
	s->lines = lines;
	s->n_lines = n_lines;
	r->explanation = (const char *const *)lines;
	r->n_explanation = n_lines;
	return;
oom:
	s->error = "out of memory";
}

static int run_score_fn(void *ctx, merit_measure *out,
    const struct merit_assessment *a, const struct merit_person *p,
    const struct merit_result *r, double *K, const char **band)
{
	struct job *job = ctx;
	char err[1024];
	int rc = model_run_score(job->ms, a, p, r, K, band, err, sizeof(err));
	return rc ? host_api()->fail(out, NULL, "%s", err) : 0;
}

static void chunk_work(uv_work_t *req)
{
	struct chunk *c = req->data;
	struct job *job = c->job;
	struct window *w = c->win;
	struct merit_measure m = { 0 };
	for (size_t i = c->first; i < c->first + c->n && !job->canceled; i++) {
		score_one(job, &w->scored[i], &c->arena, &m);
		__atomic_add_fetch(&job->progress, 1, __ATOMIC_RELAXED);
	}
	measure_release(&m);
}

/* -- after scoring: register, exports, report (loop thread) ------------ */

static char *explanation_text(const struct scored *s)
{
	size_t len = 1;
	for (size_t i = 0; i < s->n_lines; i++)
		len += strlen(s->lines[i]) + 1;
	char *t = malloc(len), *p = t;
	if (!t)
		return NULL;
	*p = '\0';
	for (size_t i = 0; i < s->n_lines; i++)
		p += sprintf(p, "%s%s", i ? "\n" : "", s->lines[i]);
	return t;
}

/* The register write spans the whole run: one transaction, so an
 * interrupted or failed run leaves the register as it was. */
static int register_start(struct job *job)
{
	struct reg *r = &job->reg;
	int rc;
	if (!job->reg_open && (rc = reg_open(r, job->o->db, &job->d)))
		return rc;
	job->reg_open = 1;
	if ((rc = reg_begin(r))) {
		diag_add(&job->d, job->o->db, 0, 0, "register: %s", reg_errmsg(r));
		return rc;
	}
	job->reg_live = 1;
	crypto_generichash_init(&job->digest, NULL, 0, 32);
	json_t *tj = job->ag->title ? value_to_json(job->ag->title) : NULL;
	char *title = tj ? json_dumps(tj, JSON_COMPACT | JSON_SORT_KEYS |
	    JSON_ENCODE_ANY) : NULL;
	json_decref(tj);
	json_t *fj = json_array();
	for (size_t i = 0; fj && i < job->ms->n_files; i++)
		json_array_append_new(fj, json_string(job->ms->files[i]));
	char *files = fj ? json_dumps(fj, JSON_COMPACT) : NULL;
	json_decref(fj);
	const struct merit_model *m = &job->ms->model;
	rc = reg_put_agency(r, job->ag->id, title, m->framework ?
	    m->framework->id : NULL, job->ag->config_hash, job->ag->file);
	rc = rc ? rc : reg_put_model(r, m, files ? files : "[]");
	free(title);
	free(files);
	return rc;
}

/* The window's persons (from files) and results. */
static int register_window(struct job *job, const struct window *w)
{
	struct reg *r = &job->reg;
	int rc = 0;
	for (size_t i = 0; !job->from_register && !rc && i < w->cohort.n; i++)
		rc = reg_put_person(r, job->ag->id, &w->cohort.v[i].p);
	for (size_t i = 0; !rc && i < w->cohort.n; i++) {
		struct scored *s = &w->scored[i];
		int ins;
		if (!s->ok)
			continue;
		char *expl = explanation_text(s);
		rc = expl ? reg_put_result(r, &s->r, s->inputs_json, expl, &ins)
			  : MERIT_ENOMEM;
		free(expl);
		if (!rc)
			(*(ins ? &job->added : &job->kept))++;
		/* the audit entry's digest: the receipts this run added */
		if (!rc && ins)
			crypto_generichash_update(&job->digest, (const unsigned char *)
			    s->r.receipt, strlen(s->r.receipt) + 1);
	}
	return rc;
}

static int register_finish(struct job *job)
{
	struct reg *r = &job->reg;
	unsigned char h[32];
	char digest[65], detail[256];
	crypto_generichash_final(&job->digest, h, sizeof(h));
	sodium_bin2hex(digest, sizeof(digest), h, sizeof(h));
	snprintf(detail, sizeof(detail), "assessment %s, period %s: %zu new "
	    "result(s), %zu unchanged", job->as->id, job->ag->period,
	    job->added, job->kept);
	int rc = reg_audit(r, "cli", "assess", job->ag->id, detail, digest);
	if (!rc)
		rc = reg_commit(r);
	job->reg_live = 0;
	return rc;
}

static void register_abandon(struct job *job, int say)
{
	if (say)
		diag_add(&job->d, job->o->db, 0, 0, "register: %s; nothing was "
		    "written", reg_errmsg(&job->reg));
	if (job->reg_live)
		reg_rollback(&job->reg);
	job->reg_live = 0;
}

/* --what-if: the new scheme beside what the register holds. */
static void what_if_window(struct job *job, const struct window *w)
{
	if (!job->wi_started) {
		job->wi_started = 1;
		job->wi_have = !reg_open_readonly(&job->wi_reg, job->o->db);
		printf("what if %s: assessment %s (%s), period %s; register %s%s"
		    "\n\n", job->ag->id, job->as->id, model_text(&job->as->title,
		    "en"), job->ag->period, job->o->db, job->wi_have ? ""
		    : " (none yet)");
		printf("%-12s  %-8s  %7s  %-14s  %7s  %s\n", "person", "was",
		    "old K", "old band", "new K", "new band");
	}
	for (size_t i = 0; i < w->cohort.n; i++) {
		const struct scored *s = &w->scored[i];
		struct reg_row row = { 0 };
		if (job->wi_have && reg_latest(&job->wi_reg, job->ag->id,
		    s->member->p.id, job->ag->period, NULL, &row))
			row.found = 0;
		char oldk[16] = "-", newk[16] = "-";
		if (row.found && isfinite(row.k))
			snprintf(oldk, sizeof(oldk), "%.3f", row.k);
		if (!s->ok) {
			printf("%-12s  not scored: %s\n", s->member->p.id, s->error);
			continue;
		}
		if (s->r.status == MERIT_ASSESSED)
			snprintf(newk, sizeof(newk), "%.3f", s->r.K);
		const char *nb = s->r.status == MERIT_ASSESSED ? (s->r.band ?
		    s->r.band : "-") : "not assessed";
		const char *ob = !row.found ? "-" : !isfinite(row.k)
		    ? "not assessed" : *row.band ? row.band : "-";
		int diff = row.found && strcmp(ob, nb);
		if (row.found) {
			job->wi_compared++;
			job->wi_changed += diff;
		}
		printf("%-12s  %-8s  %7s  %-14s  %7s  %-*s%s\n",
		    s->member->p.id, row.found ? row.assessment : "-", oldk, ob,
		    newk, diff ? 14 : 0, nb, diff ? "  band changes" : "");
	}
}

static void what_if_finish(struct job *job)
{
	printf("\n%zu band change(s) among %zu person(s) with a result in the "
	    "register; %zu without one; %zu not scored. Nothing was written.\n",
	    job->wi_changed, job->wi_compared, job->total - job->wi_compared -
	    job->total_failed, job->total_failed);
	if (job->wi_have)
		reg_close(&job->wi_reg);
}

/* -- outputs: the agency's exporters and --format, written window by
 *    window through the exporters' begin / write / end ------------------ */

static int output_begin(struct job *job, struct output *x, struct plugin *pl,
    FILE *f, char *name)
{
	const struct merit_exporter_ops *ops = pl->desc->ops;
	x->pl = pl;
	x->f = f;
	x->name = name;
	x->st.f = f;
	int rc = ops->begin(pl->state, &x->st, &x->ctx);
	if (rc) {
		diag_add(&job->d, name, 0, 0, "exporter %s: %s", pl->desc->name,
		    merit_strerror(rc));
		x->failed = 1;
		return rc;
	}
	x->begun = 1;
	return 0;
}

static void output_window(struct job *job, const struct window *w,
    struct output *x)
{
	int rc = 0;
	if (!x->begun || x->failed)
		return;
	const struct merit_exporter_ops *ops = x->pl->desc->ops;
	for (size_t i = 0; !rc && i < w->cohort.n; i++)
		if (w->scored[i].ok)
			rc = ops->write(x->ctx, &w->scored[i].r);
	if (rc) {
		diag_add(&job->d, x->name, 0, 0, "exporter %s: %s",
		    x->pl->desc->name, merit_strerror(rc));
		x->failed = 1;
	}
}

static int output_end(struct job *job, struct output *x)
{
	int rc = 0;
	if (x->begun) {
		rc = ((const struct merit_exporter_ops *)x->pl->desc->ops)->end(
		    x->ctx);
		if (!rc && (x->st.err || fflush(x->f)))
			rc = MERIT_EIO;
		if (rc && !x->failed)
			diag_add(&job->d, x->name, 0, 0, "exporter %s: %s",
			    x->pl->desc->name, merit_strerror(rc));
	}
	x->begun = 0;
	return x->failed || rc ? MERIT_EIO : 0;
}

/* Open the agency's export files and the --format output. */
static void outputs_begin(struct job *job, int exports)
{
	const struct assess_opts *o = job->o;
	job->outputs_begun = 1;
	job->outputs = calloc(job->n_exporters + 1, sizeof(*job->outputs));
	if (!job->outputs) {
		diag_add(&job->d, NULL, 0, 0, "out of memory");
		job->exit_status = 2;
		return;
	}
	for (size_t i = 0; exports && !o->no_export && i < job->n_exporters;
	    i++) {
		struct plugin *pl = job->exporters[i];
		const struct merit_exporter_ops *ops = pl->desc->ops;
		const char *dir = o->export_dir ? o->export_dir : "exports";
		char *path;
		uv_fs_t req;
		uv_fs_mkdir(job->loop, &req, dir, 0755, NULL);
		uv_fs_req_cleanup(&req);
		if (asprintf(&path, "%s/%s-%s-%s.%s", dir, job->ag->id, job->as->id,
		    job->ag->period, ops->extension) < 0)
			break;
		FILE *f = fopen(path, "w");
		if (!f) {
			diag_add(&job->d, path, 0, 0, "cannot write: %s",
			    strerror(errno));
			free(path);
			job->exit_status = 2;
			continue;
		}
		struct output *x = &job->outputs[job->n_outputs++];
		if (output_begin(job, x, pl, f, path))
			job->exit_status = 2;
	}
	FILE *out = stdout;
	if (o->output && !(out = fopen(o->output, "w"))) {
		diag_add(&job->d, o->output, 0, 0, "cannot write: %s",
		    strerror(errno));
		job->exit_status = 2;
		return;
	}
	job->main_out.f = out;
	if (strcmp(o->format, "table")) {
		struct plugin *pl = plugins_find(&job->plugins,
		    MERIT_PLUGIN_EXPORTER, o->format);
		if (output_begin(job, &job->main_out, pl, out,
		    strdup(o->output ? o->output : "stdout")))
			job->exit_status = 2;
	}
}

static void outputs_window(struct job *job, const struct window *w)
{
	if (!job->outputs_begun)
		outputs_begin(job, 1);
	for (size_t i = 0; i < job->n_outputs; i++)
		output_window(job, w, &job->outputs[i]);
	output_window(job, w, &job->main_out);
}

/* Close the exports; returns the paths written, NULL-terminated. */
static const char **outputs_end(struct job *job, size_t *n_written)
{
	const char **written = calloc(job->n_outputs + 1, sizeof(char *));
	*n_written = 0;
	for (size_t i = 0; i < job->n_outputs; i++) {
		struct output *x = &job->outputs[i];
		int rc = output_end(job, x);
		if (fclose(x->f) && !rc)
			rc = MERIT_EIO;
		if (rc)
			job->exit_status = 2;
		else if (written)
			written[(*n_written)++] = x->name;
	}
	return written;
}

/* -- after each window is scored (loop thread) ------------------------- */

static void close_handles(struct job *job)
{
	uv_close((uv_handle_t *)&job->sigint, NULL);
	uv_close((uv_handle_t *)&job->sigterm, NULL);
	uv_close((uv_handle_t *)&job->ticker, NULL);
}

static void count_window(struct job *job, const struct window *w)
{
	const struct merit_assessment *as = job->as;
	for (size_t i = 0; i < w->cohort.n; i++) {
		const struct scored *s = &w->scored[i];
		job->total++;
		if (!s->ok) {
			job->total_failed++;
			diag_add(&job->d, NULL, 0, 0, job->o->check_only ? "%s: %s"
			    : "%s not scored: %s", s->member->p.id, s->error);
			continue;
		}
		if (s->r.status == MERIT_NOT_ASSESSED) {
			job->totals.not_assessed++;
			continue;
		}
		job->totals.scored++;
		job->totals.sum_k += s->r.K;
		for (size_t b = 0; s->r.band && b < as->n_bands; b++)
			if (!strcmp(s->r.band, as->bands[b].label))
				job->totals.band_n[b]++;
	}
	job->totals.persons = job->total;
}

static void finish(struct job *job);
static int load_window(struct job *job, struct window *w);
static void start_scoring(struct job *job, struct window *w);

/* Between windows the memory is kept, warm, for the next one. */
static void reset_window(struct window *w)
{
	for (size_t i = 0; i < w->n_chunks; i++)
		arena_reset(&w->chunks[i].arena);
	w->n_chunks = w->chunks_done = 0;
	w->cohort.n = 0;
}

static void free_window(struct window *w)
{
	for (size_t i = 0; i < w->cap_chunks; i++)
		arena_free(&w->chunks[i].arena);
	free(w->chunks);
	free(w->scored);
	w->chunks = NULL;
	w->scored = NULL;
	w->n_chunks = w->cap_chunks = w->chunks_done = 0;
	cohort_free(&w->cohort);
}

static int in_flight(const struct job *job)
{
	return job->win[0].busy + job->win[1].busy;
}

static void window_done(struct job *job, struct window *w)
{
	const struct assess_opts *o = job->o;
	w->busy = 0;
	if (job->canceled || job->exit_status) {
		if (!in_flight(job))
			finish(job);
		return;
	}
	/* the next window is read and scored while this one is written */
	if (job->from_register && !job->no_more) {
		struct window *next = &job->win[w == &job->win[0]];
		if (load_window(job, next)) {
			register_abandon(job, 0);
			job->exit_status = 2;
		} else if (!next->cohort.n) {
			job->no_more = 1;
		} else {
			start_scoring(job, next);
		}
	}
	count_window(job, w);
	if (job->exit_status) {
		/* a failed read: this window is not written either */
	} else if (o->check_only) {
		for (size_t i = 0; o->on_result && i < w->cohort.n; i++)
			if (w->scored[i].ok)
				o->on_result(&w->scored[i].r, o->on_result_data);
	} else if (o->what_if) {
		what_if_window(job, w);
	} else {
		int rc = job->reg_live ? 0 : register_start(job);
		if (!rc)
			rc = register_window(job, w);
		if (rc) {
			register_abandon(job, 1);
			job->exit_status = 2;
		} else if (job->from_register) {
			/* from files the exports wait for the commit; from the
			 * register they stream, or the cohort would sit in memory */
			outputs_window(job, w);
		}
	}
	if (job->from_register)
		reset_window(w);
	if (!in_flight(job))
		finish(job);
}

static void finish(struct job *job)
{
	const struct assess_opts *o = job->o;
	uv_timer_stop(&job->ticker);
	if (job->show_progress)
		fprintf(stderr, "\r\033[K");
	if (job->canceled) {
		register_abandon(job, 0);
		diag_add(&job->d, NULL, 0, 0, "interrupted: nothing was written to "
		    "the register");
		job->exit_status = 2;
		goto out;
	}
	if (job->exit_status)
		goto out;
	if (!job->total && job->from_register) {
		diag_add(&job->d, job->ag->file, 0, 0, "the register %s holds no "
		    "persons of agency %s: bring them in with 'merit import' (or "
		    "name a 'roster:' file in the agency file)", o->db, job->ag->id);
		job->exit_status = 2;
		goto out;
	}
	if (o->check_only) {
		job->exit_status = job->total_failed ? 2 : 0;
		job->checked = job->total;
		/* a caller collecting results prints its own report */
		if (!job->total_failed && !o->on_result)
			printf("%s: ok (agency %s, framework %s, assessment %s: %zu "
			    "persons scored in a dry run)\n", job->ag->file,
			    job->ag->id, job->ms->model.framework->id, job->as->id,
			    job->total);
		goto out;
	}
	if (o->what_if) {
		what_if_finish(job);
		goto out;
	}
	if (job->reg_live) {
		/* nobody scored: nothing worth recording */
		if (job->total_failed == job->total)
			register_abandon(job, 0);
		else if (register_finish(job)) {
			register_abandon(job, 1);
			job->exit_status = 2;
			goto out;
		}
	}
	if (!job->from_register && job->total_failed < job->total)
		outputs_window(job, &job->win[0]);
	else if (!job->outputs_begun)
		outputs_begin(job, job->total_failed < job->total);
	size_t n_written;
	const char **written = outputs_end(job, &n_written);
	struct output *mo = &job->main_out;
	if (mo->begun && output_end(job, mo))
		job->exit_status = 2;
	if (mo->f && !strcmp(o->format, "table")) {
		struct report rep = { .agency = job->ag, .model = &job->ms->model,
			.assessment = job->as, .db = o->db, .added = job->added,
			.kept = job->kept, .exports = written, .n_exports = n_written,
			.totals = &job->totals };
		if (!job->from_register) {
			rep.scored = job->win[0].scored;
			rep.n = job->win[0].cohort.n;
		}
		report_table(mo->f, &rep);
	}
	if (mo->f && mo->f != stdout && fclose(mo->f))
		job->exit_status = 2;
	free(written);
	if (job->total_failed && !job->exit_status)
		job->exit_status = 1;
out:
	close_handles(job);
}

static void chunk_done(uv_work_t *req, int status)
{
	struct chunk *c = req->data;
	struct job *job = c->job;
	struct window *w = c->win;
	if (status == UV_ECANCELED)
		job->canceled = 1;
	if (++w->chunks_done == w->n_chunks)
		window_done(job, w);
}

static void on_tick(uv_timer_t *t)
{
	struct job *job = t->data;
	fprintf(stderr, "\rmerit: scoring %zu/%zu", __atomic_load_n(
	    &job->progress, __ATOMIC_RELAXED), job->expected);
}

static void on_signal(uv_signal_t *s, int signum)
{
	struct job *job = s->data;
	(void)signum;
	if (job->canceled) /* second signal: stop now */
		_exit(130);
	job->canceled = 1;
	for (int k = 0; k < 2; k++)
		for (size_t i = 0; job->win[k].busy && i < job->win[k].n_chunks; i++)
			uv_cancel((uv_req_t *)&job->win[k].chunks[i].work);
}

static void start_scoring(struct job *job, struct window *w)
{
	size_t n = w->cohort.n;
	w->n_chunks = (n + CHUNK - 1) / CHUNK;
	w->chunks_done = 0;
	w->busy = 1;
	if (w->n_chunks > w->cap_chunks || !w->scored) {
		/* the first window; later ones are never larger */
		free(w->scored);
		free(w->chunks);
		w->cap_chunks = w->n_chunks;
		w->scored = calloc(n ? n : 1, sizeof(*w->scored));
		w->chunks = calloc(w->n_chunks ? w->n_chunks : 1,
		    sizeof(*w->chunks));
		if (!w->scored || !w->chunks) {
			free(w->chunks);
			w->chunks = NULL;
			w->cap_chunks = 0;
			diag_add(&job->d, NULL, 0, 0, "out of memory");
			job->exit_status = 2;
			w->busy = 0;
			if (!in_flight(job))
				finish(job);
			return;
		}
		for (size_t i = 0; i < w->cap_chunks; i++)
			arena_init(&w->chunks[i].arena);
	} else {
		memset(w->scored, 0, n * sizeof(*w->scored));
	}
	for (size_t i = 0; i < n; i++)
		w->scored[i].member = &w->cohort.v[i];
	if (!w->n_chunks) {
		window_done(job, w);
		return;
	}
	if (!job->ticking) {
		job->ticking = 1;
		job->show_progress = !job->o->quiet && isatty(2) &&
		    job->expected > 2000;
		if (job->show_progress)
			uv_timer_start(&job->ticker, on_tick, 100, 100);
	}
	for (size_t i = 0; i < w->n_chunks; i++) {
		struct chunk *c = &w->chunks[i];
		c->job = job;
		c->win = w;
		c->first = i * CHUNK;
		c->n = n - c->first < CHUNK ? n - c->first : CHUNK;
		c->work.data = c;
		uv_queue_work(job->loop, &c->work, chunk_work, chunk_done);
	}
}

/* -- the cohort from the register, a window at a time ------------------ */

static int load_window(struct job *job, struct window *w)
{
	int rc;
	if (!job->reg_open) {
		struct stat sb;
		/* a run that writes nothing must not create a register */
		if ((job->o->check_only || job->o->what_if) &&
		    stat(job->o->db, &sb)) {
			diag_add(&job->d, job->o->db, 0, 0, "no register here: "
			    "agency %s names no roster file, so its persons come "
			    "from the register; give it with --db FILE",
			    job->ag->id);
			return MERIT_EINPUT;
		}
		if ((rc = reg_open(&job->reg, job->o->db, &job->d)))
			return rc;
		job->reg_open = 1;
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(job->reg.db, "SELECT count(*) FROM person"
		    " WHERE agency = ?1", -1, &st, NULL) == SQLITE_OK) {
			sqlite3_bind_text(st, 1, job->ag->id, -1, SQLITE_STATIC);
			if (sqlite3_step(st) == SQLITE_ROW)
				job->expected = (size_t)sqlite3_column_int64(st, 0);
		}
		sqlite3_finalize(st);
	}
	rc = cohort_load_register(&w->cohort, job->reg.db, job->ag->id,
	    job->ag->period, job->after ? job->after : "", REGISTER_WINDOW,
	    &job->d);
	if (rc)
		return rc;
	if (w->cohort.n) {
		free(job->after);
		if (!(job->after = strdup(w->cohort.v[w->cohort.n - 1].p.id)))
			return MERIT_ENOMEM;
	}
	return 0;
}

static void start_register(uv_idle_t *h)
{
	struct job *job = h->data;
	struct window *w = &job->win[0];
	uv_idle_stop(h);
	uv_close((uv_handle_t *)h, NULL);
	if (load_window(job, w)) {
		job->exit_status = 2;
		finish(job);
		return;
	}
	if (!w->cohort.n) {
		finish(job);
		return;
	}
	start_scoring(job, w);
}

static void on_read(void *data, int status, char *buf, size_t len);

struct read_ctx {
	struct job *job;
	int which; /* 0 roster, 1 evidence */
};

static void on_read(void *data, int status, char *buf, size_t len)
{
	struct read_ctx *rc = data;
	struct job *job = rc->job;
	const char *path = rc->which ? job->ag->evidence : job->ag->roster;
	if (status) {
		diag_add(&job->d, path, 0, 0, "cannot read: %s",
		    merit_strerror(status));
		job->read_failed = 1;
	} else if (rc->which) {
		job->evidence = buf;
		job->evidence_len = len;
	} else {
		job->roster = buf;
		job->roster_len = len;
	}
	free(rc);
	if (--job->pending_reads)
		return;
	struct window *w = &job->win[0];
	if (job->read_failed ||
	    cohort_build(&w->cohort, job->ag->roster, job->roster,
	    job->roster_len, job->ag->evidence, job->evidence,
	    job->evidence_len, &job->d)) {
		job->exit_status = 2;
		close_handles(job);
		return;
	}
	job->expected = w->cohort.n;
	start_scoring(job, w);
}

static int read_input(struct job *job, const char *path, int which)
{
	struct read_ctx *c = malloc(sizeof(*c));
	if (!c)
		return MERIT_ENOMEM;
	c->job = job;
	c->which = which;
	job->pending_reads++;
	int rc = fsio_read_async(job->loop, path, on_read, c);
	if (rc) {
		job->pending_reads--;
		free(c);
	}
	return rc;
}

/* -- setting up -------------------------------------------------------- */

static int configure(struct job *job, struct plugin *pl)
{
	if (pl->configured)
		return 0;
	if (!pl->desc->config) {
		const merit_value *v = agency_plugin_config(job->ag, pl->desc->name);
		if (v->type != MERIT_VALUE_NULL) {
			value_diag(&job->d, v, "plugin %s takes no settings; remove "
			    "them from the agency file", pl->desc->name);
			return MERIT_EINPUT;
		}
		pl->configured = 1;
		return 0;
	}
	host_set_config_diag(&job->d);
	int rc = pl->desc->config(pl->state, agency_plugin_config(job->ag,
	    pl->desc->name));
	host_set_config_diag(NULL);
	if (rc) {
		if (!job->d.n)
			diag_add(&job->d, job->ag->file, 0, 0, "plugin %s refused its "
			    "settings: %s", pl->desc->name, merit_strerror(rc));
		return rc;
	}
	pl->configured = 1;
	return 0;
}

static int fingerprint(struct job *job)
{
	json_t *j = json_array();
	struct plugin *used[MERIT_ELEMENTS + 2];
	size_t n = 0;
	for (int e = 0; e < MERIT_ELEMENTS; e++)
		if (job->engine[e])
			used[n++] = job->engine[e];
	used[n++] = job->scorer;
	if (job->gap_scorer)
		used[n++] = job->gap_scorer;
	for (size_t i = 0; j && i < n; i++) {
		const merit_value *cfg = agency_plugin_config(job->ag,
		    used[i]->desc->name);
		json_t *item = json_pack("{s:s, s:s, s:o}", "name",
		    used[i]->desc->name, "version", used[i]->desc->version,
		    "settings", value_to_json(cfg));
		json_array_append_new(j, item);
	}
	char *s = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS |
	    JSON_REAL_PRECISION(17)) : NULL;
	json_decref(j);
	job->plugin_fingerprint = s;
	return s ? 0 : MERIT_ENOMEM;
}

static int setup(struct job *job)
{
	const struct assess_opts *o = job->o;
	struct diag *d = &job->d;
	int rc;

	if ((rc = paths_init(&job->paths, o->plugin_path)) ||
	    (rc = plugins_scan(&job->plugins,
	    (const char *const *)job->paths.plugin_dirs,
	    job->paths.n_plugin_dirs)))
		return rc;
	if ((rc = agency_load(job->loop, &job->paths, o->agency, &job->ag, d)))
		return rc;
	const char **engines = plugins_names(&job->plugins, MERIT_PLUGIN_ENGINE);
	const char **scorers = plugins_names(&job->plugins, MERIT_PLUGIN_SCORER);
	struct model_opts mo = { .mem_cap = o->lua_memory,
		.budget = o->lua_instructions,
		.validate = { .engines = engines, .scorers = scorers } };
	rc = model_set_load(job->loop, job->ag->model_paths,
	    job->ag->n_model_paths, &mo, &job->ms, d);
	free(engines);
	free(scorers);
	if (rc)
		return rc;
	const struct merit_model *m = &job->ms->model;
	if (!m->framework) {
		diag_add(d, job->ag->file, 0, 0, "the agency's model declares no "
		    "framework; 'framework:' must name a folder with a framework "
		    "{ ... } declaration");
		return MERIT_EINPUT;
	}
	const char *aid = o->assessment ? o->assessment : job->ag->assessment;
	if (!(job->as = model_assessment(m, aid))) {
		char list[512] = "";
		size_t off = 0;
		for (size_t i = 0; i < m->n_assessments && off < sizeof(list); i++)
			off += (size_t)snprintf(list + off, sizeof(list) - off, "%s%s",
			    i ? ", " : "", m->assessments[i].id);
		diag_add(d, o->assessment ? NULL : job->ag->file, 0, 0,
		    "unknown assessment type '%s' (the agency's scripts declare: "
		    "%s)", aid, m->n_assessments ? list : "none");
		return MERIT_EINPUT;
	}
	for (int e = 0; e < MERIT_ELEMENTS; e++) {
		if (!job->as->element[e].used)
			continue;
		job->engine[e] = plugins_find(&job->plugins, MERIT_PLUGIN_ENGINE,
		    job->as->element[e].engine);
		if (!job->engine[e]) {
			diag_add(d, job->as->src.file, job->as->src.line, 0,
			    "assessment '%s' needs engine '%s', which is not loaded "
			    "(see 'merit plugins')", job->as->id,
			    job->as->element[e].engine);
			return MERIT_EPLUGIN;
		}
		if ((rc = configure(job, job->engine[e])))
			return rc;
	}
	const char *sname = job->ag->scorer ? job->ag->scorer : job->as->scorer;
	if (!(job->scorer = plugins_find(&job->plugins, MERIT_PLUGIN_SCORER,
	    sname))) {
		diag_add(d, job->ag->file, 0, 0, "scorer '%s' is not loaded (see "
		    "'merit plugins')", sname);
		return MERIT_EPLUGIN;
	}
	if ((rc = configure(job, job->scorer)))
		return rc;
	host_set_score_runner(run_score_fn, job);
	if (job->as->gaps && strcmp(sname, "gap")) {
		if (!(job->gap_scorer = plugins_find(&job->plugins,
		    MERIT_PLUGIN_SCORER, "gap"))) {
			diag_add(d, job->as->src.file, job->as->src.line, 0,
			    "assessment '%s' asks for gap analysis, but the scorer "
			    "'gap' is not loaded (see 'merit plugins')", job->as->id);
			return MERIT_EPLUGIN;
		}
		if ((rc = configure(job, job->gap_scorer)))
			return rc;
	}
	job->exporters = calloc(job->ag->n_exporters + 1, sizeof(*job->exporters));
	if (!job->exporters)
		return MERIT_ENOMEM;
	for (size_t i = 0; i < job->ag->n_exporters; i++) {
		struct plugin *pl = plugins_find(&job->plugins,
		    MERIT_PLUGIN_EXPORTER, job->ag->exporters[i]);
		if (!pl) {
			diag_add(d, job->ag->file, 0, 0, "exporter '%s' is not loaded "
			    "(see 'merit plugins')", job->ag->exporters[i]);
			return MERIT_EPLUGIN;
		}
		if ((rc = configure(job, pl)))
			return rc;
		job->exporters[job->n_exporters++] = pl;
	}
	if (strcmp(o->format, "table")) {
		struct plugin *pl = plugins_find(&job->plugins,
		    MERIT_PLUGIN_EXPORTER, o->format);
		if (!pl) {
			diag_add(d, NULL, 0, 0, "--format %s: no such exporter is "
			    "loaded (table, json and csv come with merit)", o->format);
			return MERIT_EINPUT;
		}
		if ((rc = configure(job, pl)))
			return rc;
	}
	/* settings for a plugin that is not loaded are a typo, or a sign
	 * the administrator thinks something runs that does not */
	const merit_value *pv = job->ag->plugins;
	for (size_t i = 0; pv && i < pv->u.c.n; i++)
		if (!plugins_find(&job->plugins, MERIT_PLUGIN_ENGINE, pv->u.c.keys[i]) &&
		    !plugins_find(&job->plugins, MERIT_PLUGIN_SCORER, pv->u.c.keys[i]) &&
		    !plugins_find(&job->plugins, MERIT_PLUGIN_EXPORTER, pv->u.c.keys[i]))
			value_diag(d, pv->u.c.items[i], "settings for plugin '%s', "
			    "which is not loaded", pv->u.c.keys[i]);
	if (d->n)
		return MERIT_EINPUT;
	if (!(job->totals.band_n = calloc(job->as->n_bands + 1,
	    sizeof(*job->totals.band_n))))
		return MERIT_ENOMEM;
	return fingerprint(job);
}

int assess_run(const struct assess_opts *o)
{
	struct job job = { .o = o };
	uv_loop_t loop;
	int rc;

	if (uv_loop_init(&loop))
		return 2;
	job.loop = &loop;
	host_set_loop(&loop);
	diag_init(&job.d);
	uv_signal_init(&loop, &job.sigint);
	uv_signal_init(&loop, &job.sigterm);
	uv_timer_init(&loop, &job.ticker);
	job.sigint.data = job.sigterm.data = job.ticker.data = &job;
	uv_signal_start(&job.sigint, on_signal, SIGINT);
	uv_signal_start(&job.sigterm, on_signal, SIGTERM);

	uv_idle_t idle;
	rc = setup(&job);
	if (!rc && o->check_only && !o->on_result && !job.ag->roster) {
		/* merit check's dry run must not create or read a register;
		 * a caller collecting results (merit items) reads it */
		if (!o->on_result)
			printf("%s: ok (agency %s, framework %s, assessment %s; its "
			    "persons are the register's: no dry run)\n",
			    job.ag->file, job.ag->id, job.ms->model.framework->id,
			    job.as->id);
		close_handles(&job);
	} else if (!rc && (!job.ag->roster || o->from_register)) {
		/* the first window is read once the loop runs, like the files */
		job.from_register = 1;
		uv_idle_init(&loop, &idle);
		idle.data = &job;
		uv_idle_start(&idle, start_register);
	} else if (!rc) {
		rc = read_input(&job, job.ag->roster, 0);
		if (!rc && job.ag->evidence &&
		    (rc = read_input(&job, job.ag->evidence, 1)))
			job.read_failed = 1; /* the roster read is in flight */
	}
	if (rc && !job.pending_reads) {
		if (!job.d.n)
			diag_add(&job.d, NULL, 0, 0, "%s", merit_strerror(rc));
		job.exit_status = 2;
		close_handles(&job);
	}
	uv_run(&loop, UV_RUN_DEFAULT);
	diag_print(&job.d);

	free_window(&job.win[0]);
	free_window(&job.win[1]);
	if (job.reg_live)
		reg_rollback(&job.reg);
	if (job.reg_open)
		reg_close(&job.reg);
	for (size_t i = 0; job.outputs && i < job.n_outputs; i++)
		free(job.outputs[i].name);
	free(job.outputs);
	free(job.main_out.name);
	free(job.after);
	free(job.totals.band_n);
	free(job.roster);
	free(job.evidence);
	free(job.exporters);
	free(job.plugin_fingerprint);
	model_set_free(job.ms);
	agency_free(job.ag);
	plugins_free(&job.plugins);
	paths_free(&job.paths);
	diag_free(&job.d);
	uv_loop_close(&loop);
	return job.exit_status;
}
