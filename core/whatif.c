#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "merit/error.h"
#include "model.h"
#include "register.h"
#include "whatif.h"

#define NOT_ASSESSED "not assessed"

struct band_row {
	char *label;
	size_t now, then; /* now: the adopted scheme; then: the one tried */
};

struct change {
	char *person, *from, *to, *error; /* error: not scored, why */
	double k_from, k_to;
};

/* One side of the comparison: count, mean K, band counts. */
struct side {
	size_t persons, assessed;
	double sum_k;
};

struct whatif {
	FILE *f;
	const struct agency *ag;
	const struct merit_model *m;
	const struct merit_assessment *as;
	char now[128];
	struct adoption adopted;
	struct reg reg;
	sqlite3_stmt *old;
	int have;
	struct band_row *bands;
	size_t n_bands;
	struct side s_now, s_then;
	struct change *changes;
	size_t n_changes, compared, changed, without, failed;
};

static struct band_row *band(struct whatif *w, const char *label)
{
	for (size_t i = 0; i < w->n_bands; i++)
		if (!strcmp(w->bands[i].label, label))
			return &w->bands[i];
	struct band_row *nb = realloc(w->bands, (w->n_bands + 1) * sizeof(*nb));
	if (!nb)
		return NULL;
	w->bands = nb;
	nb[w->n_bands] = (struct band_row){ .label = strdup(label) };
	return nb[w->n_bands].label ? &nb[w->n_bands++] : NULL;
}

/* The person's latest result of the adopted scheme in the period, trials
 * aside (a register from before adoptions has none). */
static int prepare_old(struct whatif *w)
{
	static const char *const sql[] = {
		"SELECT k, band FROM result WHERE agency = ?1 AND person = ?2"
		" AND period = ?3 AND assessment = ?4 AND trial = 0"
		" ORDER BY id DESC LIMIT 1",
		"SELECT k, band FROM result WHERE agency = ?1 AND person = ?2"
		" AND period = ?3 AND assessment = ?4 ORDER BY id DESC LIMIT 1",
	};
	for (int i = 0; i < 2; i++)
		if (sqlite3_prepare_v2(w->reg.db, sql[i], -1, &w->old, NULL) ==
		    SQLITE_OK)
			return 0;
	return MERIT_EDB;
}

struct whatif *whatif_begin(FILE *f, const char *db, const struct agency *ag,
    const struct merit_model *m, const char *now,
    const struct adoption *adopted, const struct merit_assessment *as)
{
	struct whatif *w = calloc(1, sizeof(*w));
	struct stat sb;
	if (!w)
		return NULL;
	w->f = f;
	w->ag = ag;
	w->m = m;
	w->as = as;
	snprintf(w->now, sizeof(w->now), "%s", now);
	w->adopted = *adopted;
	w->have = !stat(db, &sb) && !reg_open_readonly(&w->reg, db) &&
	    !prepare_old(w);
	for (size_t i = 0; i < as->n_bands; i++)
		band(w, as->bands[i].label);
	fprintf(f, "what if %s: assessment %s (%s) instead of %s, ", ag->id,
	    as->id, model_text(&as->title, "en"), now);
	if (adopted->found)
		fprintf(f, "adopted %s by %s", adopted->at, adopted->actor);
	else
		fprintf(f, "the scheme agency.yaml names");
	fprintf(f, "; period %s; register %s%s\n\n", ag->period, db,
	    w->have ? "" : " (none yet)");
	return w;
}

static void old_result(struct whatif *w, const char *person, int *found,
    double *k, char *b, size_t len)
{
	*found = 0;
	*k = NAN;
	*b = '\0';
	if (!w->have)
		return;
	const char *v[] = { w->ag->id, person, w->ag->period, w->now };
	for (int i = 0; i < 4; i++)
		sqlite3_bind_text(w->old, i + 1, v[i], -1, SQLITE_STATIC);
	if (sqlite3_step(w->old) == SQLITE_ROW) {
		*found = 1;
		if (sqlite3_column_type(w->old, 0) != SQLITE_NULL)
			*k = sqlite3_column_double(w->old, 0);
		const unsigned char *t = sqlite3_column_text(w->old, 1);
		snprintf(b, len, "%s", isnan(*k) ? NOT_ASSESSED : t ?
		    (const char *)t : "-");
	}
	sqlite3_reset(w->old);
}

static void add_change(struct whatif *w, const char *person, const char *from,
    const char *to, double k_from, double k_to, const char *error)
{
	struct change *nc = realloc(w->changes, (w->n_changes + 1) *
	    sizeof(*nc));
	if (!nc)
		return;
	w->changes = nc;
	nc[w->n_changes++] = (struct change){ .person = strdup(person),
		.from = from ? strdup(from) : NULL, .to = to ? strdup(to) : NULL,
		.error = error ? strdup(error) : NULL, .k_from = k_from,
		.k_to = k_to };
}

static void count(struct whatif *w, struct side *s, const char *b, double k,
    int then)
{
	struct band_row *row = band(w, b);
	s->persons++;
	if (!isnan(k)) {
		s->assessed++;
		s->sum_k += k;
	}
	if (row)
		(*(then ? &row->then : &row->now))++;
}

void whatif_window(struct whatif *w, const struct scored *v, size_t n)
{
	for (size_t i = 0; w && i < n; i++) {
		const struct scored *s = &v[i];
		const char *id = s->member->p.id;
		if (!s->ok) {
			w->failed++;
			add_change(w, id, NULL, NULL, NAN, NAN, s->error ? s->error
			    : "unknown reason");
			continue;
		}
		int assessed = s->r.status == MERIT_ASSESSED;
		double k = assessed ? s->r.K : NAN;
		const char *nb = !assessed ? NOT_ASSESSED : s->r.band ? s->r.band
		    : "-";
		count(w, &w->s_then, nb, k, 1);
		int found;
		double ok;
		char ob[128];
		old_result(w, id, &found, &ok, ob, sizeof(ob));
		if (!found) {
			w->without++;
			continue;
		}
		w->compared++;
		count(w, &w->s_now, ob, ok, 0);
		if (strcmp(ob, nb)) {
			w->changed++;
			add_change(w, id, ob, nb, ok, k, NULL);
		}
	}
}

static void weight_cell(char *buf, size_t len, const struct merit_assessment *a,
    int e)
{
	if (a && a->element[e].used)
		snprintf(buf, len, "%g", a->element[e].weight);
	else
		snprintf(buf, len, "%s", a ? "-" : "?");
}

static void mean_cell(char *buf, size_t len, const struct side *s)
{
	if (s->assessed)
		snprintf(buf, len, "%.4f", s->sum_k / (double)s->assessed);
	else
		snprintf(buf, len, "-");
}

static void k_text(char *buf, size_t len, double k)
{
	if (isnan(k))
		snprintf(buf, len, "-");
	else
		snprintf(buf, len, "%.4f", k);
}

static void print_sides(struct whatif *w)
{
	static const char *const names[MERIT_ELEMENTS] = {
		"weight P_M (qualification)", "weight P_KF (qualities)",
		"weight P_FS (performance)" };
	const struct merit_assessment *was = model_assessment(w->m, w->now);
	FILE *f = w->f;
	char a[32], b[32];
	fprintf(f, "%-28s  %12s  %12s\n", "", w->now, w->as->id);
	fprintf(f, "%-28s  %12s  %12s\n", "", "(adopted)", "(what if)");
	for (int e = 0; e < MERIT_ELEMENTS; e++) {
		weight_cell(a, sizeof(a), was, e);
		weight_cell(b, sizeof(b), w->as, e);
		fprintf(f, "%-28s  %12s  %12s\n", names[e], a, b);
	}
	fprintf(f, "%-28s  %12zu  %12zu\n", "persons", w->s_now.persons,
	    w->s_then.persons);
	mean_cell(a, sizeof(a), &w->s_now);
	mean_cell(b, sizeof(b), &w->s_then);
	fprintf(f, "%-28s  %12s  %12s\n", "mean K", a, b);
	for (size_t i = 0; i < w->n_bands; i++) {
		char label[40];
		snprintf(label, sizeof(label), "band %s", w->bands[i].label);
		fprintf(f, "%-28s  %12zu  %12zu\n", label, w->bands[i].now,
		    w->bands[i].then);
	}
}

static void print_changes(struct whatif *w)
{
	FILE *f = w->f;
	if (w->changed)
		fprintf(f, "\npersons who change band (%s -> %s):\n%-12s  %-32s  "
		    "%s\n", w->now, w->as->id, "person", "band", "K");
	for (size_t i = 0; i < w->n_changes; i++) {
		const struct change *c = &w->changes[i];
		if (c->error)
			continue;
		char bands[160], k1[16], k2[16];
		snprintf(bands, sizeof(bands), "%s -> %s", c->from, c->to);
		k_text(k1, sizeof(k1), c->k_from);
		k_text(k2, sizeof(k2), c->k_to);
		fprintf(f, "%-12s  %-32s  %s -> %s\n", c->person, bands, k1, k2);
	}
	for (size_t i = 0; i < w->n_changes; i++)
		if (w->changes[i].error)
			fprintf(f, "%-12s  not scored: %s\n", w->changes[i].person,
			    w->changes[i].error);
}

void whatif_end(struct whatif *w)
{
	if (!w)
		return;
	print_sides(w);
	print_changes(w);
	fprintf(w->f, "\n%zu band change(s) among %zu person(s) with a result "
	    "in the register; %zu without one; %zu not scored. Nothing was "
	    "written.\n", w->changed, w->compared, w->without, w->failed);
	whatif_free(w);
}

void whatif_free(struct whatif *w)
{
	if (!w)
		return;
	for (size_t i = 0; i < w->n_changes; i++) {
		free(w->changes[i].person);
		free(w->changes[i].from);
		free(w->changes[i].to);
		free(w->changes[i].error);
	}
	free(w->changes);
	for (size_t i = 0; i < w->n_bands; i++)
		free(w->bands[i].label);
	free(w->bands);
	sqlite3_finalize(w->old);
	if (w->reg.db)
		reg_close(&w->reg);
	free(w);
}
