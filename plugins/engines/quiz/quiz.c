/* quiz — knowledge tests scored against an item bank in YAML: the share of
 * points earned, with subscores per competency and per course (a
 * diagnostic test per course, whose weak courses are recommended). */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <merit/merit.h>

static const struct merit_host *H;

enum item_type { SINGLE, MULTIPLE, NUMERIC };

static const char *const type_name[] = { "single", "multiple", "numeric" };

struct item {
	const char *id;
	enum item_type type;
	double points;
	size_t comp, course; /* indices into quiz.comps / quiz.courses;
				course == NO_COURSE when none */
	/* single and multiple: the keyed options (canonical text, owned) */
	char **keys;
	size_t n_keys;
	/* the declared options, or none: then any answer is allowed */
	const merit_value *options;
	int partial; /* multiple: credit for part of the keys */
	double key, tolerance; /* numeric */
};

/* A competency or course the bank names, with where it is first named. */
struct ref {
	const char *id;
	const merit_value *at;
};

struct form {
	const char *id;
	size_t n;
	size_t *idx; /* into quiz.items */
};

struct quiz {
	double pass;
	const char *bank_id;
	struct item *items;
	size_t n_items;
	struct ref *comps, *courses;
	size_t n_comps, n_courses;
	struct form *forms;
	size_t n_forms;
	size_t *all; /* 0..n_items-1: the form "every item" */
};

#define NO_COURSE ((size_t)-1)

static int init(const struct merit_host *host, void **state)
{
	struct quiz *q;
	H = host;
	if (!(q = H->alloc(sizeof(*q))))
		return MERIT_ENOMEM;
	memset(q, 0, sizeof(*q));
	q->pass = 0.6;
	*state = q;
	return 0;
}

static void deinit(void *state)
{
	struct quiz *q = state;
	for (size_t i = 0; i < q->n_items; i++) {
		for (size_t k = 0; k < q->items[i].n_keys; k++)
			H->free(q->items[i].keys[k]);
		H->free(q->items[i].keys);
	}
	for (size_t i = 0; i < q->n_forms; i++)
		H->free(q->forms[i].idx);
	H->free(q->items);
	H->free(q->comps);
	H->free(q->courses);
	H->free(q->forms);
	H->free(q->all);
	H->free(q);
}

/* The text of an option key or answer: a string as written, a number as
 * %.15g (so `1` matches an option declared as "1"); NULL for anything
 * else. */
static const char *scalar_text(const merit_value *v, char *buf, size_t len)
{
	double x;
	const char *s = H->value_string(v);
	if (s)
		return s;
	if (!H->value_number(v, &x)) {
		snprintf(buf, len, "%.15g", x);
		return buf;
	}
	return NULL;
}

static char *dup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = H->alloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

/* -- reading the bank ------------------------------------------------- */

/* Reports each problem of the bank with its place and counts them, so a
 * methodologist sees every mistake in one run. */
struct reader {
	struct quiz *q;
	int bad;
	int oom;
};

#define BANK_ERR(r, at, ...) \
	((r)->bad++, H->config_error("quiz", (at), __VA_ARGS__))

static size_t ref_add(struct reader *r, struct ref **v, size_t *n,
    const char *id, const merit_value *at)
{
	for (size_t i = 0; i < *n; i++)
		if (!strcmp((*v)[i].id, id))
			return i;
	struct ref *nv = H->realloc(*v, (*n + 1) * sizeof(**v));
	if (!nv) {
		r->oom = 1;
		return 0;
	}
	*v = nv;
	nv[*n].id = id;
	nv[*n].at = at;
	return (*n)++;
}

static int is_option(const merit_value *options, const char *k)
{
	return !options || H->value_get(options, k) != NULL;
}

static void options_list(const merit_value *options, char *buf, size_t len)
{
	size_t off = 0;
	buf[0] = '\0';
	for (size_t i = 0; i < H->value_len(options) && off < len; i++)
		off += (size_t)snprintf(buf + off, len - off, "%s%s", i ? ", " : "",
		    H->value_key_at(options, i));
}

/* One option key of `it`, checked against its options; 0 or -1. */
static int read_key(struct reader *r, struct item *it, const merit_value *v)
{
	char buf[64], opts[256];
	const char *k = scalar_text(v, buf, sizeof(buf));
	if (!k || !*k) {
		BANK_ERR(r, v, "item %s: a key is an option such as B (a string "
		    "or a number)", it->id);
		return -1;
	}
	if (!is_option(it->options, k)) {
		options_list(it->options, opts, sizeof(opts));
		BANK_ERR(r, v, "item %s: key '%s' is not one of its options (%s)",
		    it->id, k, opts);
		return -1;
	}
	for (size_t i = 0; i < it->n_keys; i++)
		if (!strcmp(it->keys[i], k)) {
			BANK_ERR(r, v, "item %s: key '%s' is listed twice", it->id, k);
			return -1;
		}
	char **nk = H->realloc(it->keys, (it->n_keys + 1) * sizeof(*nk));
	if (!nk || !(nk[it->n_keys] = dup(k))) {
		if (nk)
			it->keys = nk;
		r->oom = 1;
		return -1;
	}
	it->keys = nk;
	it->n_keys++;
	return 0;
}

static void read_item(struct reader *r, const merit_value *v, size_t idx)
{
	static const char *const common[] = { "id", "competency", "course",
		"type", "text", "options", "key", "points", "partial",
		"tolerance", NULL };
	struct quiz *q = r->q;
	struct item *it = &q->items[idx];
	const merit_value *x;
	memset(it, 0, sizeof(*it));
	it->points = 1;
	it->partial = 1;
	it->course = NO_COURSE;
	if (H->value_type(v) != MERIT_VALUE_MAP) {
		BANK_ERR(r, v, "an item is a mapping { id, competency, type, key, "
		    "... }");
		return;
	}
	for (size_t i = 0; i < H->value_len(v); i++) {
		const char *k = H->value_key_at(v, i);
		size_t j;
		for (j = 0; common[j] && strcmp(common[j], k); j++)
			;
		if (!common[j])
			BANK_ERR(r, H->value_at(v, i), "unknown key '%s' in an item "
			    "(expected id, competency, course, type, text, options, "
			    "key, points, partial, tolerance)", k);
	}
	x = H->value_get(v, "id");
	if (!(it->id = H->value_string(x)) || !*it->id) {
		BANK_ERR(r, x ? x : v, "an item needs 'id:', a string such as "
		    "Q1");
		it->id = "?";
	} else {
		for (size_t i = 0; i < idx; i++)
			if (!strcmp(q->items[i].id, it->id)) {
				BANK_ERR(r, x, "item id '%s' is used twice", it->id);
				break;
			}
	}
	const char *comp = H->value_string(x = H->value_get(v, "competency"));
	if (!comp || !*comp)
		BANK_ERR(r, x ? x : v, "item %s: 'competency:' must name a "
		    "competency of the framework, e.g. cooperation", it->id);
	else
		it->comp = ref_add(r, &q->comps, &q->n_comps, comp, x);
	if ((x = H->value_get(v, "course"))) {
		const char *c = H->value_string(x);
		if (!c || !*c)
			BANK_ERR(r, x, "item %s: 'course:' must name a course of the "
			    "model", it->id);
		else
			it->course = ref_add(r, &q->courses, &q->n_courses, c, x);
	}
	if ((x = H->value_get(v, "text")) && !H->value_string(x))
		BANK_ERR(r, x, "item %s: 'text:' is the question, a string",
		    it->id);
	x = H->value_get(v, "type");
	const char *t = H->value_string(x);
	if (t && !strcmp(t, "single"))
		it->type = SINGLE;
	else if (t && !strcmp(t, "multiple"))
		it->type = MULTIPLE;
	else if (t && !strcmp(t, "numeric"))
		it->type = NUMERIC;
	else {
		BANK_ERR(r, x ? x : v, "item %s: 'type:' must be single, multiple "
		    "or numeric", it->id);
		return;
	}
	if ((x = H->value_get(v, "points")) &&
	    (H->value_number(x, &it->points) || !(it->points > 0)))
		BANK_ERR(r, x, "item %s: points must be a number above 0",
		    it->id);
	x = H->value_get(v, "partial");
	if (x && it->type != MULTIPLE)
		BANK_ERR(r, x, "item %s: 'partial:' is only for type multiple",
		    it->id);
	else if (x && H->value_bool(x, &it->partial))
		BANK_ERR(r, x, "item %s: partial must be true or false", it->id);
	x = H->value_get(v, "tolerance");
	if (x && it->type != NUMERIC)
		BANK_ERR(r, x, "item %s: 'tolerance:' is only for type numeric",
		    it->id);
	else if (x && (H->value_number(x, &it->tolerance) || it->tolerance < 0))
		BANK_ERR(r, x, "item %s: tolerance must be a number of at least 0",
		    it->id);
	if ((x = H->value_get(v, "options"))) {
		if (it->type == NUMERIC)
			BANK_ERR(r, x, "item %s: a numeric item has no options",
			    it->id);
		else if (H->value_type(x) != MERIT_VALUE_MAP ||
		    H->value_len(x) < 2)
			BANK_ERR(r, x, "item %s: options must map at least two keys "
			    "to their text, e.g. { A: \"...\", B: \"...\" }", it->id);
		else {
			it->options = x;
			for (size_t i = 0; i < H->value_len(x); i++)
				if (!H->value_string(H->value_at(x, i)))
					BANK_ERR(r, H->value_at(x, i), "item %s: option %s: "
					    "its text must be a string", it->id,
					    H->value_key_at(x, i));
		}
	}
	x = H->value_get(v, "key");
	if (!x) {
		BANK_ERR(r, v, "item %s: 'key:' is missing (%s)", it->id,
		    it->type == SINGLE ? "the right option, e.g. key: B" :
		    it->type == MULTIPLE ? "the right options, e.g. key: [A, C]" :
		    "the right number, e.g. key: 42.5");
		return;
	}
	switch (it->type) {
	case SINGLE:
		if (H->value_type(x) == MERIT_VALUE_LIST)
			BANK_ERR(r, x, "item %s: a single-choice item has one key; "
			    "use type: multiple for several", it->id);
		else
			read_key(r, it, x);
		break;
	case MULTIPLE:
		if (H->value_type(x) != MERIT_VALUE_LIST || !H->value_len(x)) {
			BANK_ERR(r, x, "item %s: the key of a multiple-choice item is "
			    "a non-empty list of options, e.g. [A, C]", it->id);
			break;
		}
		for (size_t i = 0; i < H->value_len(x); i++)
			read_key(r, it, H->value_at(x, i));
		break;
	case NUMERIC:
		if (H->value_number(x, &it->key))
			BANK_ERR(r, x, "item %s: the key of a numeric item is a "
			    "number", it->id);
		break;
	}
}

static void read_forms(struct reader *r, const merit_value *v)
{
	struct quiz *q = r->q;
	if (H->value_type(v) != MERIT_VALUE_MAP) {
		BANK_ERR(r, v, "forms map a form's name to its item ids, e.g. "
		    "forms: { short: [Q1, Q3] }");
		return;
	}
	size_t n = H->value_len(v);
	if (!(q->forms = H->alloc((n ? n : 1) * sizeof(*q->forms)))) {
		r->oom = 1;
		return;
	}
	memset(q->forms, 0, (n ? n : 1) * sizeof(*q->forms));
	q->n_forms = n;
	for (size_t f = 0; f < n; f++) {
		struct form *fm = &q->forms[f];
		const merit_value *l = H->value_at(v, f);
		fm->id = H->value_key_at(v, f);
		if (H->value_type(l) != MERIT_VALUE_LIST || !H->value_len(l)) {
			BANK_ERR(r, l, "form %s: a non-empty list of item ids",
			    fm->id);
			continue;
		}
		if (!(fm->idx = H->alloc(H->value_len(l) * sizeof(*fm->idx)))) {
			r->oom = 1;
			return;
		}
		for (size_t i = 0; i < H->value_len(l); i++) {
			const merit_value *e = H->value_at(l, i);
			const char *id = H->value_string(e);
			size_t k = q->n_items;
			if (id)
				for (k = 0; k < q->n_items && strcmp(q->items[k].id, id);
				    k++)
					;
			if (k == q->n_items) {
				BANK_ERR(r, e, "form %s: '%s' is not an item of the bank",
				    fm->id, id ? id : "?");
				continue;
			}
			size_t j;
			for (j = 0; j < fm->n && fm->idx[j] != k; j++)
				;
			if (j < fm->n) {
				BANK_ERR(r, e, "form %s: item %s is listed twice", fm->id,
				    id);
				continue;
			}
			fm->idx[fm->n++] = k;
		}
	}
}

static int read_bank(struct quiz *q, const merit_value *root)
{
	struct reader r = { .q = q };
	const merit_value *x;

	if (H->value_type(root) != MERIT_VALUE_MAP)
		return H->config_error("quiz", root, "an item bank is a mapping "
		    "{ bank: ID, title: ..., items: [...] }");
	for (size_t i = 0; i < H->value_len(root); i++) {
		const char *k = H->value_key_at(root, i);
		if (strcmp(k, "bank") && strcmp(k, "title") && strcmp(k, "items") &&
		    strcmp(k, "forms") && strcmp(k, "source"))
			BANK_ERR(&r, H->value_at(root, i), "unknown key '%s' in the "
			    "bank (expected bank, title, items, forms, source)", k);
	}
	x = H->value_get(root, "bank");
	if (!(q->bank_id = H->value_string(x)) || !*q->bank_id)
		BANK_ERR(&r, x ? x : root, "the bank needs 'bank:', its id, a "
		    "string");
	/* the title is for people reading the bank; it only has to be
	 * well-formed */
	x = H->value_get(root, "title");
	int titled = H->value_string(x) != NULL;
	if (H->value_type(x) == MERIT_VALUE_MAP && H->value_len(x)) {
		titled = 1;
		for (size_t i = 0; i < H->value_len(x); i++)
			if (!H->value_string(H->value_at(x, i)))
				BANK_ERR(&r, H->value_at(x, i), "title: the text in "
				    "each language is a string");
	}
	if (!titled)
		BANK_ERR(&r, x ? x : root, "the bank needs 'title:', a string or "
		    "texts by language { en: \"...\", ru: \"...\" }");
	if ((x = H->value_get(root, "source")) && !H->value_string(x))
		BANK_ERR(&r, x, "source: a string");
	x = H->value_get(root, "items");
	if (H->value_type(x) != MERIT_VALUE_LIST || !H->value_len(x))
		return BANK_ERR(&r, x ? x : root, "the bank needs 'items:', a "
		    "non-empty list of items");
	q->n_items = H->value_len(x);
	if (!(q->items = H->alloc(q->n_items * sizeof(*q->items))) ||
	    !(q->all = H->alloc(q->n_items * sizeof(*q->all)))) {
		q->n_items = 0;
		return MERIT_ENOMEM;
	}
	for (size_t i = 0; i < q->n_items; i++) {
		q->all[i] = i;
		read_item(&r, H->value_at(x, i), i);
	}
	if ((x = H->value_get(root, "forms")))
		read_forms(&r, x);
	if (r.oom)
		return MERIT_ENOMEM;
	return r.bad ? MERIT_EINPUT : 0;
}

static int config(void *state, const merit_value *cfg)
{
	struct quiz *q = state;
	const merit_value *bank = NULL, *root;
	int rc;

	if (H->value_type(cfg) != MERIT_VALUE_MAP)
		return H->config_error("quiz", cfg, "needs an item bank: in the "
		    "agency file, plugins: { quiz: { bank: bank.yaml, pass: 0.6 } }");
	for (size_t i = 0; i < H->value_len(cfg); i++) {
		const char *k = H->value_key_at(cfg, i);
		const merit_value *v = H->value_at(cfg, i);
		if (!strcmp(k, "bank")) {
			bank = v;
		} else if (!strcmp(k, "pass")) {
			if (H->value_number(v, &q->pass) || q->pass < 0 || q->pass > 1)
				return H->config_error("quiz", v, "pass must be a number "
				    "from 0 to 1: the course subscore below which the "
				    "course is recommended");
		} else {
			return H->config_error("quiz", v, "unknown setting '%s' "
			    "(expected bank, pass)", k);
		}
	}
	if (!bank || !H->value_string(bank) || !*H->value_string(bank))
		return H->config_error("quiz", bank ? bank : cfg, "bank must name "
		    "the item bank, a YAML file relative to the agency file, e.g. "
		    "bank: bank.yaml");
	if ((rc = H->value_load(bank, H->value_string(bank), &root)))
		return rc;
	return read_bank(q, root);
}

/* -- scoring a person -------------------------------------------------- */

/* The competencies and courses of the bank exist in the model: checked
 * for each person (the model is not known at config()), cheaply. */
static int check_refs(const struct quiz *q,
    const struct merit_engine_call *call)
{
	const struct merit_model *m = call->model;
	const struct merit_framework *fw = m->framework;
	char list[512];
	size_t off;

	for (size_t i = 0; i < q->n_comps; i++) {
		if (H->competency_find(fw, q->comps[i].id))
			continue;
		off = 0;
		list[0] = '\0';
		for (size_t k = 0; k < fw->n_competencies && off < sizeof(list);
		    k++)
			off += (size_t)snprintf(list + off, sizeof(list) - off,
			    "%s%s", k ? ", " : "", fw->competencies[k].id);
		return H->fail(call->out, q->comps[i].at, "bank %s: competency "
		    "'%s' is not in framework %s (it has %s); fix the bank",
		    q->bank_id, q->comps[i].id, fw->id, list);
	}
	for (size_t i = 0; i < q->n_courses; i++) {
		size_t k;
		for (k = 0; k < m->n_courses && strcmp(m->courses[k].id,
		    q->courses[i].id); k++)
			;
		if (k < m->n_courses)
			continue;
		off = 0;
		list[0] = '\0';
		for (k = 0; k < m->n_courses && off < sizeof(list); k++)
			off += (size_t)snprintf(list + off, sizeof(list) - off,
			    "%s%s", k ? ", " : "", m->courses[k].id);
		return H->fail(call->out, q->courses[i].at, "bank %s: course '%s' "
		    "is not declared in the model (%s%s); declare it with course "
		    "\"%s\" { ... } or fix the bank", q->bank_id, q->courses[i].id,
		    m->n_courses ? "it has " : "it declares no courses",
		    list, q->courses[i].id);
	}
	return 0;
}

static const struct item *find_item(const struct quiz *q, const char *id,
    size_t *idx)
{
	for (size_t i = 0; i < q->n_items; i++)
		if (!strcmp(q->items[i].id, id)) {
			*idx = i;
			return &q->items[i];
		}
	return NULL;
}

/* The items a person was given: a form named in the evidence (a form of
 * the bank, or a list of item ids), else every item of the bank. */
static int person_form(const struct quiz *q, merit_measure *out,
    const merit_value *fv, size_t **own, const size_t **idx, size_t *n,
    const char **label)
{
	*own = NULL;
	*idx = q->all;
	*n = q->n_items;
	*label = NULL;
	if (!fv)
		return 0;
	const char *name = H->value_string(fv);
	if (name) {
		for (size_t f = 0; f < q->n_forms; f++)
			if (!strcmp(q->forms[f].id, name)) {
				*idx = q->forms[f].idx;
				*n = q->forms[f].n;
				*label = name;
				return 0;
			}
		return H->fail(out, fv, "form '%s' is not a form of bank %s%s",
		    name, q->bank_id, q->n_forms ? "" : " (it declares none; give "
		    "the form as a list of item ids)");
	}
	if (H->value_type(fv) != MERIT_VALUE_LIST || !H->value_len(fv))
		return H->fail(out, fv, "form: the name of a form of bank %s, or a "
		    "non-empty list of item ids", q->bank_id);
	size_t len = H->value_len(fv);
	if (!(*own = H->alloc(len * sizeof(**own))))
		return MERIT_ENOMEM;
	for (size_t i = 0; i < len; i++) {
		const merit_value *e = H->value_at(fv, i);
		const char *id = H->value_string(e);
		size_t k;
		if (!id || !find_item(q, id, &k))
			return H->fail(out, e, "form: '%s' is not an item of bank %s",
			    id ? id : "?", q->bank_id);
		for (size_t j = 0; j < i; j++)
			if ((*own)[j] == k)
				return H->fail(out, e, "form: item %s is listed twice",
				    id);
		(*own)[i] = k;
	}
	*idx = *own;
	*n = len;
	*label = "given in the evidence";
	return 0;
}

/* Score one answer of item `it` out of it->points; a line for the
 * explanation goes to `line`. */
static int score_answer(const struct item *it, merit_measure *out,
    const merit_value *a, double *score, char *line, size_t len)
{
	char buf[64], opts[256];
	const char *t;
	*score = 0;
	switch (it->type) {
	case SINGLE:
		if (!(t = scalar_text(a, buf, sizeof(buf))))
			return H->fail(out, a, "item %s: the answer to a single-choice "
			    "item is one option, e.g. B", it->id);
		if (!is_option(it->options, t)) {
			options_list(it->options, opts, sizeof(opts));
			return H->fail(out, a, "item %s: '%s' is not one of its "
			    "options (%s)", it->id, t, opts);
		}
		if (!strcmp(t, it->keys[0]))
			*score = it->points;
		snprintf(line, len, "%s, key %s", t, it->keys[0]);
		return 0;
	case MULTIPLE: {
		size_t right = 0, wrong = 0, off;
		if (H->value_type(a) != MERIT_VALUE_LIST)
			return H->fail(out, a, "item %s: the answer to a multiple-"
			    "choice item is a list of options, e.g. [A, C] ([] for "
			    "none chosen)", it->id);
		off = (size_t)snprintf(line, len, "[");
		for (size_t i = 0; i < H->value_len(a); i++) {
			const merit_value *e = H->value_at(a, i);
			char other[64];
			if (!(t = scalar_text(e, buf, sizeof(buf))))
				return H->fail(out, e, "item %s: each option chosen is "
				    "a key such as A", it->id);
			if (!is_option(it->options, t)) {
				options_list(it->options, opts, sizeof(opts));
				return H->fail(out, e, "item %s: '%s' is not one of its "
				    "options (%s)", it->id, t, opts);
			}
			for (size_t j = 0; j < i; j++) {
				const char *u = scalar_text(H->value_at(a, j), other,
				    sizeof(other));
				if (!strcmp(u, t))
					return H->fail(out, e, "item %s: option %s is "
					    "chosen twice", it->id, t);
			}
			size_t k;
			for (k = 0; k < it->n_keys && strcmp(it->keys[k], t); k++)
				;
			if (k < it->n_keys)
				right++;
			else
				wrong++;
			if (off < len)
				off += (size_t)snprintf(line + off, len - off, "%s%s",
				    i ? ", " : "", t);
		}
		if (off < len)
			off += (size_t)snprintf(line + off, len - off, "], key [");
		for (size_t k = 0; k < it->n_keys && off < len; k++)
			off += (size_t)snprintf(line + off, len - off, "%s%s",
			    k ? ", " : "", it->keys[k]);
		if (it->partial) {
			double c = ((double)right - (double)wrong) /
			    (double)it->n_keys;
			*score = c > 0 ? c * it->points : 0;
			if (off < len)
				snprintf(line + off, len - off, "]: %zu right, %zu wrong "
				    "of %zu keys", right, wrong, it->n_keys);
		} else {
			if (right == it->n_keys && !wrong)
				*score = it->points;
			if (off < len)
				snprintf(line + off, len - off, "], all or nothing");
		}
		return 0;
	}
	case NUMERIC: {
		double x;
		if (H->value_number(a, &x))
			return H->fail(out, a, "item %s: the answer to a numeric item "
			    "is a number", it->id);
		/* a relative hair above the tolerance absorbs decimal inputs
		 * that binary floating point cannot hold exactly */
		double slack = 1e-9 * (fabs(it->key) > 1 ? fabs(it->key) : 1);
		if (fabs(x - it->key) <= it->tolerance + slack)
			*score = it->points;
		if (it->tolerance > 0)
			snprintf(line, len, "%g, key %g ± %g", x, it->key,
			    it->tolerance);
		else
			snprintf(line, len, "%g, key %g", x, it->key);
		return 0;
	}
	}
	return MERIT_EINVAL;
}

struct tally {
	double earned, possible;
	int n;
};

static double se_of(double p, int n)
{
	return n > 0 ? sqrt(p * (1 - p) / n) : NAN;
}

static int measure(void *state, const struct merit_engine_call *call)
{
	static const char *const element_key[] = { "qualification",
		"qualities", "performance" };
	const struct quiz *q = state;
	merit_measure *out = call->out;
	const merit_value *ev = call->evidence;
	const char *el = call->element < MERIT_ELEMENTS
	    ? element_key[call->element] : "element";
	size_t *own = NULL;
	const size_t *idx;
	size_t n;
	const char *form;
	struct tally *t = NULL, total = { 0 };
	char line[512], prov[512], unanswered[256];
	size_t n_unanswered = 0, uoff = 0;
	int rc;

	if ((rc = check_refs(q, call)))
		return rc;
	if (H->value_type(ev) != MERIT_VALUE_MAP)
		return H->fail(out, ev, "%s evidence of a test is a mapping "
		    "{ answers: { ITEM: ANSWER, ... } }, e.g. { answers: { Q1: B, "
		    "Q2: [A, C], Q3: 42.5 } }", el);
	for (size_t i = 0; i < H->value_len(ev); i++) {
		const char *k = H->value_key_at(ev, i);
		if (strcmp(k, "answers") && strcmp(k, "form"))
			return H->fail(out, H->value_at(ev, i), "unknown key '%s' in "
			    "%s (expected answers, form)", k, el);
	}
	const merit_value *ans = H->value_get(ev, "answers");
	if (H->value_type(ans) != MERIT_VALUE_MAP)
		return H->fail(out, ans ? ans : ev, "answers map item ids of bank "
		    "%s to the answers given, e.g. { Q1: B, Q2: [A, C], Q3: 42.5 }",
		    q->bank_id);
	if ((rc = person_form(q, out, H->value_get(ev, "form"), &own, &idx, &n,
	    &form)))
		goto out;

	/* every answer must be to an item of the person's form */
	for (size_t i = 0; i < H->value_len(ans); i++) {
		const char *id = H->value_key_at(ans, i);
		size_t k, j;
		if (!find_item(q, id, &k)) {
			rc = H->fail(out, H->value_at(ans, i), "'%s' is not an item of "
			    "bank %s", id, q->bank_id);
			goto out;
		}
		for (j = 0; j < n && idx[j] != k; j++)
			;
		if (j == n) {
			rc = H->fail(out, H->value_at(ans, i), "item %s is not on the "
			    "form this person was given", id);
			goto out;
		}
	}

	if (!(t = H->alloc((q->n_comps + q->n_courses + 1) * sizeof(*t)))) {
		rc = MERIT_ENOMEM;
		goto out;
	}
	memset(t, 0, (q->n_comps + q->n_courses + 1) * sizeof(*t));
	for (size_t j = 0; j < n; j++) {
		const struct item *it = &q->items[idx[j]];
		const merit_value *a = H->value_get(ans, it->id);
		double s = 0;
		if (!a || H->value_type(a) == MERIT_VALUE_NULL) {
			/* not answered: no credit */
			snprintf(line, sizeof(line), "not answered");
			n_unanswered++;
			if (uoff < sizeof(unanswered))
				uoff += (size_t)snprintf(unanswered + uoff,
				    sizeof(unanswered) - uoff, "%s%s",
				    n_unanswered > 1 ? ", " : "", it->id);
		} else if ((rc = score_answer(it, out, a, &s, line, sizeof(line)))) {
			goto out;
		}
		H->explain(out, "%s (%s): %s: %g/%g", it->id, type_name[it->type],
		    line, s, it->points);
		/* the course of each item, for subscore reliability, where the
		 * host knows how to keep it */
		if (H->size > offsetof(struct merit_host, measure_item_course))
			rc = H->measure_item_course(out, it->id, s, it->points,
			    it->course != NO_COURSE ? q->courses[it->course].id
			    : NULL);
		else
			rc = H->measure_item(out, it->id, s, it->points);
		if (rc)
			goto out;
		struct tally *c = &t[it->comp];
		c->earned += s;
		c->possible += it->points;
		c->n++;
		if (it->course != NO_COURSE) {
			c = &t[q->n_comps + it->course];
			c->earned += s;
			c->possible += it->points;
			c->n++;
		}
		total.earned += s;
		total.possible += it->points;
		total.n++;
	}
	if (n_unanswered)
		H->explain(out, "%zu item%s not answered, scored 0: %s",
		    n_unanswered, n_unanswered > 1 ? "s" : "", unanswered);

	/* provenance: file:line of the answers */
	H->value_where(ans, prov, sizeof(prov));
	char *colon = strrchr(prov, ':');
	if (colon && colon != strchr(prov, ':'))
		*colon = '\0';
	for (size_t c = 0; c < q->n_comps; c++) {
		const struct tally *x = &t[c];
		if (!x->n)
			continue; /* not on this person's form */
		double v = x->earned / x->possible;
		struct merit_competency_result cr = { .id = q->comps[c].id,
			.level = NULL, .value = v, .se = se_of(v, x->n),
			.position = NAN, .position_se = NAN, .self = NAN,
			.spread = NAN, .provenance = prov };
		if ((rc = H->measure_competency_ex(out, &cr)))
			goto out;
		H->explain(out, "competency %s: %g/%g points over %d item%s = "
		    "%.4f", q->comps[c].id, x->earned, x->possible, x->n,
		    x->n > 1 ? "s" : "", v);
	}
	for (size_t c = 0; c < q->n_courses; c++) {
		const struct tally *x = &t[q->n_comps + c];
		if (!x->n)
			continue;
		double v = x->earned / x->possible;
		if ((rc = H->measure_course(out, q->courses[c].id, v,
		    se_of(v, x->n), x->n)))
			goto out;
		/* the same 1e-9 slack as the bands: a sum of partial credits
		 * that should equal `pass` must not fall just below it */
		if (v < q->pass - 1e-9)
			H->explain(out, "course %s: %.3f < pass %.2f: recommend",
			    q->courses[c].id, v, q->pass);
		else
			H->explain(out, "course %s: %.3f >= pass %.2f",
			    q->courses[c].id, v, q->pass);
	}
	double p = total.earned / total.possible;
	H->explain(out, "bank %s%s%s: %g/%g points over %d items = %.4f "
	    "(se %.4f)", q->bank_id, form ? ", form " : "", form ? form : "",
	    total.earned, total.possible, total.n, p, se_of(p, total.n));
	rc = H->measure_element(out, p, se_of(p, total.n));
out:
	H->free(t);
	H->free(own);
	return rc;
}

static const struct merit_engine_ops ops = {
	.size = sizeof(ops),
	.measure = measure,
};

static const struct merit_plugin plugin = {
	MERIT_PLUGIN_HEAD(MERIT_PLUGIN_ENGINE),
	.name = "quiz",
	.version = "1.0.0",
	.summary = "knowledge tests from an item bank: share of points, with "
	    "subscores per competency and per course",
	.init = init,
	.config = config,
	.deinit = deinit,
	.ops = &ops,
};

MERIT_PLUGIN_DEFINE(plugin)
