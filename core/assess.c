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
#include "adoption.h"
#include "agency.h"
#include "assess.h"
#include "cohort.h"
#include "fsio.h"
#include "host.h"
#include "ident.h"
#include "loader.h"
#include "model.h"
#include "paths.h"
#include "register.h"
#include "report.h"
#include "scoring.h"
#include "vtree.h"
#include "whatif.h"

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
	struct scoring sc; /* the assessment type, its engines and scorers */
	/* the scheme a run under agency.yaml uses (adoption.h), and whether
	 * this run scores another one: a trial */
	char scheme[128];
	struct adoption adopted;
	int trial;
	int trials_here; /* trial results of this scheme to claim */
	struct plugin **exporters;
	size_t n_exporters;
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
	struct whatif *what_if; /* --what-if */
	/* exporters and the --format output */
	struct output *outputs, main_out;
	size_t n_outputs;
	int outputs_begun;
};

/* -- scoring (thread pool) --------------------------------------------- */

static void chunk_work(uv_work_t *req)
{
	struct chunk *c = req->data;
	struct job *job = c->job;
	struct window *w = c->win;
	struct merit_measure m = { 0 };
	for (size_t i = c->first; i < c->first + c->n && !job->canceled; i++) {
		scoring_score(&job->sc, NULL, w->scored[i].member,
		    &w->scored[i], &c->arena, &m);
		__atomic_add_fetch(&job->progress, 1, __ATOMIC_RELAXED);
	}
	measure_release(&m);
}

/* -- after scoring: register, exports, report (loop thread) ------------ */

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
	char scheme[128];
	if ((rc = scoring_register(r, job->ag, job->ms)) ||
	    (rc = adoption_sync(r, job->ag, scheme, sizeof(scheme))))
		return rc;
	if (!job->trial && (rc = adoption_has_trials(r, job->ag->id, scheme,
	    &job->trials_here)))
		return rc;
	if (strcmp(scheme, job->scheme)) {
		/* merit adopt ran while this run scored */
		diag_add(&job->d, job->o->db, 0, 0, "agency %s adopted %s while "
		    "this run scored under %s; nothing was written: run again",
		    job->ag->id, scheme, job->scheme);
		return MERIT_EINPUT;
	}
	return 0;
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
		char *expl = scoring_explanation(s);
		rc = expl ? reg_put_result(r, &s->r, s->inputs_json, expl, &ins)
			  : MERIT_ENOMEM;
		free(expl);
		if (!rc)
			(*(ins ? &job->added : &job->kept))++;
		/* a trial marks only what it added; the adopted scheme claims
		 * as its own a result a trial had scored identically */
		if (!rc && (job->trial ? ins : !ins && job->trials_here))
			rc = adoption_mark_trial(r, s->r.receipt, job->trial, NULL);
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
	    "result(s), %zu unchanged%s%s%s", job->sc.as->id, job->ag->period,
	    job->added, job->kept, job->trial ? " (a trial: the adopted "
	    "scheme is " : "", job->trial ? job->scheme : "", job->trial ? ")"
	    : "");
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

/* An export's name is agency-assessment-period.ext inside the export
 * folder: each part a token, so that none can climb out of it. The
 * agency's id and period were checked with agency.yaml; the assessment
 * type's id comes from Lua, the extension from a plugin. */
static int export_name_parts_bad(struct job *job, const struct plugin *pl)
{
	const struct merit_exporter_ops *ops = pl->desc->ops;
	const char *parts[][2] = {
		{ "agency", job->ag->id }, { "period", job->ag->period },
		{ "assessment type", job->sc.as->id },
		{ "extension", ops->extension },
	};
	int bad = 0;
	for (size_t i = 0; i < sizeof(parts) / sizeof(parts[0]); i++) {
		const char *why = parts[i][1] ? token_problem(parts[i][1],
		    IDENT_TOKEN_MAX) : "is missing";
		if (!why)
			continue;
		char *shown = parts[i][1] ? text_escape(parts[i][1]) : NULL;
		diag_add(&job->d, NULL, 0, 0, "exporter %s: cannot name its file: "
		    "the %s '%s' %s; use --no-export or rename it",
		    pl->desc->name, parts[i][0], shown ? shown : "", why);
		free(shown);
		bad = 1;
	}
	return bad;
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
		char *path, *name;
		uv_fs_t req;
		if (export_name_parts_bad(job, pl)) {
			job->exit_status = 2;
			continue;
		}
		uv_fs_mkdir(job->loop, &req, dir, 0755, NULL);
		uv_fs_req_cleanup(&req);
		if (asprintf(&name, "%s-%s-%s.%s", job->ag->id, job->sc.as->id,
		    job->ag->period, ops->extension) < 0)
			break;
		if (asprintf(&path, "%s/%s", dir, name) < 0) {
			free(name);
			break;
		}
		FILE *f;
		int rc = fsio_create_in(dir, name, &f);
		free(name);
		if (rc) {
			diag_add(&job->d, path, 0, 0, "cannot write: %s%s",
			    merit_strerror(rc), rc == UV_ELOOP ? " (a symbolic "
			    "link is not followed; remove it)" : "");
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
	const struct merit_assessment *as = job->sc.as;
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
		for (size_t i = 0; i < w->cohort.n; i++) {
			if (!w->scored[i].ok)
				continue;
			if (o->on_result)
				o->on_result(&w->scored[i].r, o->on_result_data);
			if (o->on_scored)
				o->on_scored(&w->scored[i].member->p, job->sc.as,
				    &w->scored[i].r, o->on_result_data);
		}
	} else if (o->what_if) {
		if (!job->what_if)
			job->what_if = whatif_begin(stdout, o->db, job->ag,
			    &job->ms->model, job->scheme, &job->adopted, job->sc.as);
		whatif_window(job->what_if, w->scored, w->cohort.n);
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
		if (!job->total_failed && !o->on_result && !o->on_scored)
			printf("%s: ok (agency %s, framework %s, assessment %s: %zu "
			    "persons scored in a dry run)\n", job->ag->file,
			    job->ag->id, job->ms->model.framework->id,
			    job->sc.as->id, job->total);
		goto out;
	}
	if (o->what_if) {
		whatif_end(job->what_if);
		job->what_if = NULL;
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
			.assessment = job->sc.as, .db = o->db, .added = job->added,
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

/* The scheme in force (adoption.h), read before scoring; the write
 * transaction checks it again. merit check reads no register; the dry
 * runs that collect results (items, raters, fairness) read the scheme
 * from it when there is one. */
static int choose_scheme(struct job *job)
{
	const struct assess_opts *o = job->o;
	struct reg r;
	struct stat sb;
	int from_file = 0, rc = 0, have = 0;
	if (o->check_only && !o->on_result)
		return 0;
	if (!stat(o->db, &sb) && !reg_open_readonly(&r, o->db))
		have = 1;
	rc = adoption_effective(have ? r.db : NULL, job->ag, &job->adopted,
	    job->scheme, sizeof(job->scheme), &from_file);
	if (have)
		reg_close(&r);
	if (rc) {
		diag_add(&job->d, o->db, 0, 0, "register: cannot read the "
		    "adopted scheme of agency %s", job->ag->id);
		return rc;
	}
	job->trial = o->assessment && strcmp(o->assessment, job->scheme);
	/* an edited agency.yaml: the comparison is with the scheme it names */
	if (from_file)
		job->adopted.found = 0;
	if (o->what_if || o->check_only)
		return 0;
	if (job->trial)
		fprintf(stderr, "merit: %s is not the scheme agency %s has adopted "
		    "(%s): its results are kept as a trial and never become "
		    "current; adopt it with 'merit adopt %s %s --by ID --reason "
		    "TEXT'\n", o->assessment, job->ag->id, job->scheme,
		    job->ag->id, o->assessment);
	else if (from_file && *job->adopted.assessment)
		fprintf(stderr, "merit: agency.yaml of %s now names %s: recorded "
		    "as adopted in place of %s\n", job->ag->id, job->scheme,
		    job->adopted.assessment);
	else if (!from_file && strcmp(job->scheme, job->ag->assessment))
		fprintf(stderr, "merit: agency %s uses %s, adopted %s by %s "
		    "(agency.yaml names %s)\n", job->ag->id, job->scheme,
		    job->adopted.at, job->adopted.actor, job->ag->assessment);
	return 0;
}

static int setup(struct job *job)
{
	const struct assess_opts *o = job->o;
	struct diag *d = &job->d;
	char why[1280];
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
		.budget = o->lua_instructions, .seconds = o->lua_seconds,
		.validate = { .engines = engines, .scorers = scorers,
			.plugins = &job->plugins } };
	rc = model_set_load(job->loop, job->ag->model_paths,
	    job->ag->n_model_paths, &mo, &job->ms, d);
	free(engines);
	free(scorers);
	if (rc)
		return rc;
	if ((rc = choose_scheme(job)))
		return rc;
	if ((rc = scoring_open(&job->sc, &job->plugins, job->ag, job->ms,
	    o->assessment ? o->assessment : o->check_only && !o->on_result ?
	    NULL : job->scheme, d)))
		return rc;
	job->exporters = calloc(job->ag->n_exporters + 1, sizeof(*job->exporters));
	if (!job->exporters)
		return MERIT_ENOMEM;
	for (size_t i = 0; i < job->ag->n_exporters; i++) {
		struct plugin *pl = plugins_find(&job->plugins,
		    MERIT_PLUGIN_EXPORTER, job->ag->exporters[i]);
		if (!pl) {
			diag_add(d, job->ag->file, 0, 0, "exporter '%s' is not loaded "
			    "(%s)", job->ag->exporters[i], plugins_why_absent(
			    &job->plugins, job->ag->exporters[i], why, sizeof(why)));
			return MERIT_EPLUGIN;
		}
		if ((rc = scoring_configure(pl, job->ag, d)))
			return rc;
		job->exporters[job->n_exporters++] = pl;
	}
	if (strcmp(o->format, "table")) {
		struct plugin *pl = plugins_find(&job->plugins,
		    MERIT_PLUGIN_EXPORTER, o->format);
		if (!pl) {
			diag_add(d, NULL, 0, 0, "--format %s: no such exporter is "
			    "loaded (table, json and csv come with merit; %s)",
			    o->format, plugins_why_absent(&job->plugins, o->format,
			    why, sizeof(why)));
			return MERIT_EINPUT;
		}
		if ((rc = scoring_configure(pl, job->ag, d)))
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
	if (!(job->totals.band_n = calloc(job->sc.as->n_bands + 1,
	    sizeof(*job->totals.band_n))))
		return MERIT_ENOMEM;
	return 0;
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
	if (!rc && o->check_only && !o->on_result && !o->on_scored &&
	    !job.ag->roster) {
		/* merit check's dry run must not create or read a register;
		 * a caller collecting results (merit items) reads it */
		if (!o->on_result && !o->on_scored)
			printf("%s: ok (agency %s, framework %s, assessment %s; its "
			    "persons are the register's: no dry run)\n",
			    job.ag->file, job.ag->id, job.ms->model.framework->id,
			    job.sc.as->id);
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

	whatif_free(job.what_if);
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
	scoring_close(&job.sc);
	model_set_free(job.ms);
	agency_free(job.ag);
	plugins_free(&job.plugins);
	paths_free(&job.paths);
	diag_free(&job.d);
	uv_loop_close(&loop);
	return job.exit_status;
}
