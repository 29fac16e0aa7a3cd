#include <math.h>
#include <string.h>
#include "model.h"
#include "report.h"

static void cell(FILE *f, int used, double x)
{
	if (used)
		fprintf(f, "  %6.3f", x);
	else
		fprintf(f, "  %6s", "-");
}

static const char *agency_title(const struct agency *ag)
{
	const merit_value *t = ag->title;
	if (!t)
		return NULL;
	if (t->type == MERIT_VALUE_STRING)
		return t->text;
	const char *en = value_str(value_get(t, "en"));
	return en ? en : (t->u.c.n ? value_str(t->u.c.items[0]) : NULL);
}

void report_table(FILE *f, const struct report *r)
{
	const struct merit_assessment *as = r->assessment;
	const struct merit_framework *fw = r->model->framework;
	const char *title = agency_title(r->agency);
	size_t idw = 6, bandw = 4, scored = 0, not_assessed = 0;
	double sum = 0;

	fprintf(f, "%s%s%s\n", r->agency->id, title ? " — " : "",
	    title ? title : "");
	fprintf(f, "framework %s (%s), assessment %s (%s), period %s\n", fw->id,
	    fw->version, as->id, model_text(&as->title, "en"), r->agency->period);
	fprintf(f, "weights:");
	for (int e = 0; e < MERIT_ELEMENTS; e++) {
		static const char *const name[] = { "qualification", "qualities",
			"performance" };
		if (as->element[e].used)
			fprintf(f, " %s %g (%s)%s", name[e], as->element[e].weight,
			    as->element[e].engine, e < MERIT_ELEMENTS - 1 ? "," : "");
		else
			fprintf(f, " %s unused%s", name[e],
			    e < MERIT_ELEMENTS - 1 ? "," : "");
	}
	fprintf(f, "\n\n");
	for (size_t i = 0; r->scored && i < r->n; i++) {
		size_t l = strlen(r->scored[i].member->p.id);
		if (l > idw)
			idw = l;
		if (r->scored[i].ok && r->scored[i].r.band &&
		    strlen(r->scored[i].r.band) > bandw)
			bandw = strlen(r->scored[i].r.band);
	}
	if (r->scored)
		fprintf(f, "%-*s  %4s  %-5s  %6s  %6s  %6s  %6s  %6s  %s\n",
		    (int)idw, "person", "post", "level", "B_M", "B_KF", "B_FS",
		    "K", "se_K", "band");
	for (size_t i = 0; r->scored && i < r->n; i++) {
		const struct scored *s = &r->scored[i];
		fprintf(f, "%-*s  %4d  %-5s", (int)idw, s->member->p.id,
		    s->member->p.post_level, s->post_level_id ? s->post_level_id : "-");
		if (!s->ok) {
			fprintf(f, "  not scored: %s\n", s->error);
			continue;
		}
		if (s->r.status == MERIT_NOT_ASSESSED) {
			fprintf(f, "  not assessed: %s\n", s->r.reason);
			not_assessed++;
			continue;
		}
		for (int e = 0; e < MERIT_ELEMENTS; e++)
			cell(f, s->r.used[e], s->r.element[e]);
		char extra[512] = "";
		size_t off = 0;
		for (size_t g = 0; g < s->r.n_gaps && g < 3 && off < sizeof(extra);
		    g++)
			off += (size_t)snprintf(extra + off, sizeof(extra) - off,
			    "%s%s", g ? ", " : "  develop: ", s->r.gaps[g].competency);
		if (s->r.n_gaps > 3 && off < sizeof(extra))
			off += (size_t)snprintf(extra + off, sizeof(extra) - off,
			    ", +%zu", s->r.n_gaps - 3);
		if (s->r.borderline_band && off < sizeof(extra))
			off += (size_t)snprintf(extra + off, sizeof(extra) - off,
			    "  borderline: cut %g", s->r.borderline_cut);
		for (size_t c = 0; c < s->r.n_competencies && off < sizeof(extra);
		    c++)
			if (s->r.competencies[c].disagreement) {
				snprintf(extra + off, sizeof(extra) - off,
				    "  (raters disagree)");
				break;
			}
		fprintf(f, "  %6.3f", s->r.K);
		cell(f, isfinite(s->r.K_se), s->r.K_se);
		fprintf(f, "  %-*s%s\n", *extra ? (int)bandw : 0,
		    s->r.band ? s->r.band : "-", extra);
		scored++;
		sum += s->r.K;
	}
	if (!r->scored && r->totals) {
		const struct report_totals *t = r->totals;
		for (size_t b = 0; b < as->n_bands; b++)
			if (strlen(as->bands[b].label) > bandw)
				bandw = strlen(as->bands[b].label);
		fprintf(f, "%zu persons from the register (per person: merit show "
		    "PERSON, or --format csv)\n", t->persons);
		scored = t->scored;
		not_assessed = t->not_assessed;
		sum = t->sum_k;
	}
	size_t persons = r->scored ? r->n : r->totals ? r->totals->persons : 0;
	fprintf(f, "\n%-*s  %7s  %6s\n", (int)(bandw > 14 ? bandw : 14), "band",
	    "persons", "share");
	for (size_t b = 0; b < as->n_bands; b++) {
		size_t n = 0;
		for (size_t i = 0; r->scored && i < r->n; i++)
			if (r->scored[i].ok && r->scored[i].r.band &&
			    !strcmp(r->scored[i].r.band, as->bands[b].label))
				n++;
		if (!r->scored && r->totals)
			n = r->totals->band_n[b];
		fprintf(f, "%-*s  %7zu  %5.1f%%\n", (int)(bandw > 14 ? bandw : 14),
		    as->bands[b].label, n, scored ? 100.0 * (double)n / (double)scored
						  : 0.0);
	}
	fprintf(f, "\n%zu scored, %zu not assessed, %zu not scored", scored,
	    not_assessed, persons - scored - not_assessed);
	if (scored)
		fprintf(f, "; mean K %.3f", sum / (double)scored);
	fprintf(f, "\nregister %s: %zu new result(s), %zu unchanged\n", r->db,
	    r->added, r->kept);
	for (size_t i = 0; i < r->n_exports; i++)
		fprintf(f, "%s %s\n", i ? "       " : "exports", r->exports[i]);
}
