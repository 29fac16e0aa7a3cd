#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "stmtcache.h"
#include "merit/error.h"
#include <jansson.h>
#include "cohort.h"

static int cmp_member(const void *a, const void *b)
{
	return strcmp(((const struct member *)a)->p.id,
	    ((const struct member *)b)->p.id);
}

static const char *one_of(const merit_value *v, const char *const *allowed,
    const char *key, struct diag *d)
{
	const char *s = value_str(v);
	for (int i = 0; s && allowed[i]; i++)
		if (!strcmp(s, allowed[i]))
			return allowed[i];
	char list[128] = "";
	size_t off = 0;
	for (int i = 0; allowed[i]; i++)
		off += (size_t)snprintf(list + off, sizeof(list) - off, "%s%s",
		    i ? ", " : "", allowed[i]);
	value_diag(d, v, "%s must be one of %s%s%s%s", key, list,
	    s ? " (got '" : "", s ? s : "", s ? "')" : "");
	return NULL;
}

void person_read(struct merit_person *p, const merit_value *e,
    struct diag *d)
{
	static const char *const keys[] = { "id", "post_level", "category",
		"term", "class", "position", "hired", "on_leave", "sex", "region",
		NULL };
	static const char *const cats[] = { "official", "operational",
		"auxiliary", NULL };
	static const char *const terms[] = { "indefinite", "fixed", "probation",
		NULL };
	const merit_value *v;
	memset(p, 0, sizeof(*p));
	p->record = e;
	value_check_keys(e, keys, "a roster entry", d);
	if (!(v = value_get(e, "id")) || !(p->id = value_str(v)) || !*p->id) {
		value_diag(d, v ? v : e, "a person needs an 'id' (a pseudonymous "
		    "string such as KZ-0001)");
		p->id = NULL;
	}
	v = value_get(e, "post_level");
	if (!v || value_int(v, &p->post_level) || p->post_level < 1 ||
	    p->post_level > 1000)
		value_diag(d, v ? v : e, "person %s: 'post_level' must be a whole "
		    "number from 1 to 1000", p->id ? p->id : "?");
	if (!(v = value_get(e, "category")))
		value_diag(d, e, "person %s: missing 'category' (official, "
		    "operational or auxiliary)", p->id ? p->id : "?");
	else
		p->category = one_of(v, cats, "category", d);
	if (!(v = value_get(e, "term")))
		value_diag(d, e, "person %s: missing 'term' (indefinite, fixed "
		    "or probation)", p->id ? p->id : "?");
	else
		p->term = one_of(v, terms, "term", d);
	if ((v = value_get(e, "class")) && v->type != MERIT_VALUE_NULL &&
	    (value_int(v, &p->class_level) || p->class_level < 1))
		value_diag(d, v, "person %s: 'class' must be a whole number of at "
		    "least 1", p->id ? p->id : "?");
	int y, mo, dd;
	char tail;
	if ((v = value_get(e, "hired")) && (!value_str(v) ||
	    sscanf(value_str(v), "%4d-%2d-%2d%c", &y, &mo, &dd, &tail) != 3 ||
	    mo < 1 || mo > 12 || dd < 1 || dd > 31))
		value_diag(d, v, "person %s: 'hired' must be a date YYYY-MM-DD",
		    p->id ? p->id : "?");
	if ((v = value_get(e, "on_leave")) && v->type != MERIT_VALUE_BOOL)
		value_diag(d, v, "person %s: 'on_leave' must be true or false",
		    p->id ? p->id : "?");
	/* groups for merit fairness, as text */
	for (const char *const *k = (const char *const[]){ "sex", "region",
	    NULL }; *k; k++)
		if ((v = value_get(e, *k)) && v->type != MERIT_VALUE_NULL &&
		    !value_str(v))
			value_diag(d, v, "person %s: '%s' must be text",
			    p->id ? p->id : "?", *k);
	if ((v = value_get(e, "position")) && v->type != MERIT_VALUE_NULL &&
	    !(p->position = value_str(v)))
		value_diag(d, v, "person %s: 'position' must be text",
		    p->id ? p->id : "?");
}

static void read_person(struct member *m, const merit_value *e, struct diag *d)
{
	person_read(&m->p, e, d);
	m->evidence = &value_null;
}

int cohort_build(struct cohort *c, const char *roster_file, const char *roster,
    size_t roster_len, const char *evidence_file, const char *evidence,
    size_t evidence_len, struct diag *d)
{
	merit_value *rr, *er = NULL;
	size_t before = d->n;
	int rc;
	memset(c, 0, sizeof(*c));
	arena_init(&c->arena);
	if ((rc = yaml_parse(&c->arena, roster_file, roster, roster_len, &rr, d)))
		return rc;
	const merit_value *list = value_get(rr, "persons");
	if (!list || list->type != MERIT_VALUE_LIST) {
		value_diag(d, list ? list : rr, "a roster is a mapping with a list "
		    "'persons:' of entries { id, post_level, category, term, "
		    "class, position }");
		return MERIT_EINPUT;
	}
	static const char *const rkeys[] = { "persons", NULL };
	value_check_keys(rr, rkeys, "a roster file", d);
	c->v = arena_alloc(&c->arena, (list->u.c.n + 1) * sizeof(*c->v));
	if (!c->v)
		return MERIT_ENOMEM;
	for (size_t i = 0; i < list->u.c.n; i++) {
		const merit_value *e = list->u.c.items[i];
		if (e->type != MERIT_VALUE_MAP) {
			value_diag(d, e, "a roster entry is a mapping { id: ..., "
			    "post_level: ..., ... }, not a %s",
			    value_type_name(e->type));
			continue;
		}
		if (value_check_idents(e, d))
			continue;
		read_person(&c->v[c->n], e, d);
		if (c->v[c->n].p.id)
			c->n++;
	}
	if (!list->u.c.n)
		value_diag(d, list, "the roster lists nobody");
	qsort(c->v, c->n, sizeof(*c->v), cmp_member);
	for (size_t i = 1; i < c->n; i++)
		if (!strcmp(c->v[i].p.id, c->v[i - 1].p.id)) {
			char w[256];
			value_diag(d, c->v[i].p.record, "person %s is listed twice "
			    "(also at %s)", c->v[i].p.id,
			    value_where(c->v[i - 1].p.record, w, sizeof(w)));
		}

	if (evidence) {
		if ((rc = yaml_parse(&c->arena, evidence_file, evidence,
		    evidence_len, &er, d)))
			return rc;
		const merit_value *el = value_get(er, "evidence");
		static const char *const ekeys[] = { "evidence", NULL };
		value_check_keys(er, ekeys, "an evidence file", d);
		if (!el || el->type != MERIT_VALUE_LIST) {
			value_diag(d, el ? el : er, "an evidence file is a mapping "
			    "with a list 'evidence:' of entries { person, "
			    "qualification, qualities, performance }");
			return MERIT_EINPUT;
		}
		static const char *const keys[] = { "person", "qualification",
			"qualities", "performance", NULL };
		for (size_t i = 0; i < el->u.c.n; i++) {
			const merit_value *e = el->u.c.items[i];
			const char *id = value_str(value_get(e, "person"));
			if (e->type != MERIT_VALUE_MAP || !id) {
				value_diag(d, e, "an evidence entry is a mapping with "
				    "'person:' naming a roster id");
				continue;
			}
			value_check_keys(e, keys, "an evidence entry", d);
			if (value_check_idents(e, d))
				continue;
			struct member key = { .p.id = id };
			struct member *m = bsearch(&key, c->v, c->n, sizeof(*c->v),
			    cmp_member);
			if (!m) {
				value_diag(d, value_get(e, "person"), "evidence for '%s', "
				    "who is not in the roster", id);
			} else if (m->evidence != &value_null) {
				char w[256];
				value_diag(d, e, "second evidence entry for %s (first at "
				    "%s); merge them", id,
				    value_where(m->evidence, w, sizeof(w)));
			} else {
				m->evidence = e;
			}
		}
	}
	return d->n > before ? MERIT_EINPUT : 0;
}

void cohort_free(struct cohort *c)
{
	arena_free(&c->arena);
	memset(c, 0, sizeof(*c));
}

const merit_value *member_evidence(const struct member *m, const char *element)
{
	const merit_value *v = value_get(m->evidence, element);
	return v ? v : &value_null;
}

/* -- from the register ------------------------------------------------- */

static const char *col_text(sqlite3_stmt *st, int i)
{
	return (const char *)sqlite3_column_text(st, i);
}

/* "path:line" as stored by merit import -> the evidence nodes' place */
static void split_source(struct arena *a, const char *src, const char **file,
    int *line)
{
	const char *colon = src ? strrchr(src, ':') : NULL;
	char *end;
	long l = colon ? strtol(colon + 1, &end, 10) : 0;
	if (colon && colon[1] && !*end && l > 0 && l < 1L << 30) {
		*file = arena_strndup(a, src, (size_t)(colon - src));
		*line = (int)l;
	} else {
		*file = src ? arena_strdup(a, src) : "register";
		*line = 0;
	}
}

/* The agency's persons whose id matches `match` (a condition on ?2, bound
 * to key), up to max in id order, each with the evidence of `period`.
 * The one reading of a stored person, so every way of loading persons
 * from the register gives the same records, hence the same receipts. */
static int load(struct cohort *c, sqlite3 *db, const char *agency,
    const char *period, const char *match, const char *key, size_t max,
    struct diag *d)
{
	sqlite3_stmt *ps = NULL, *es = NULL;
	char sql[256];
	int rc = 0;
	/* the previous window's memory, reused */
	arena_reset(&c->arena);
	c->v = NULL;
	c->n = 0;
	snprintf(sql, sizeof(sql), "SELECT id, post_level, category, term,"
	    " class_level, position, hired, on_leave FROM person"
	    " WHERE agency = ?1 AND %s ORDER BY id LIMIT ?3", match);
	if (stmt_prepare(db, sql, -1, &ps, NULL) != SQLITE_OK ||
	    stmt_prepare(db, "SELECT person, element, data, source"
	    " FROM evidence WHERE agency = ?1 AND period = ?2 AND person >= ?3"
	    " AND person <= ?4 ORDER BY person, element", -1, &es, NULL) !=
	    SQLITE_OK) {
		diag_add(d, sqlite3_db_filename(db, "main"), 0, 0, "register: %s",
		    sqlite3_errmsg(db));
		rc = MERIT_EDB;
		goto out;
	}
	c->v = arena_alloc(&c->arena, (max ? max : 1) * sizeof(*c->v));
	if (!c->v) {
		rc = MERIT_ENOMEM;
		goto out;
	}
	sqlite3_bind_text(ps, 1, agency, -1, SQLITE_STATIC);
	sqlite3_bind_text(ps, 2, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(ps, 3, (sqlite3_int64)max);
	const char *where = arena_printf(&c->arena, "%s: person",
	    sqlite3_db_filename(db, "main"));
	while (c->n < max && (rc = sqlite3_step(ps)) == SQLITE_ROW) {
		json_t *j = json_pack("{s:s, s:I, s:s, s:s}", "id", col_text(ps, 0),
		    "post_level", (json_int_t)sqlite3_column_int64(ps, 1),
		    "category", col_text(ps, 2), "term", col_text(ps, 3));
		if (j && sqlite3_column_type(ps, 4) != SQLITE_NULL)
			json_object_set_new(j, "class",
			    json_integer(sqlite3_column_int64(ps, 4)));
		if (j && col_text(ps, 5))
			json_object_set_new(j, "position",
			    json_string(col_text(ps, 5)));
		if (j && col_text(ps, 6))
			json_object_set_new(j, "hired", json_string(col_text(ps, 6)));
		if (j && sqlite3_column_int(ps, 7))
			json_object_set_new(j, "on_leave", json_true());
		const merit_value *rec = j ? value_from_json(&c->arena, j, where, 0)
		    : NULL;
		json_decref(j);
		if (!rec) {
			rc = MERIT_ENOMEM;
			goto out;
		}
		struct member *m = &c->v[c->n];
		size_t before = d->n;
		read_person(m, rec, d);
		if (d->n > before || !m->p.id) {
			rc = MERIT_EINPUT;
			goto out;
		}
		c->n++;
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		diag_add(d, sqlite3_db_filename(db, "main"), 0, 0, "register: %s",
		    sqlite3_errmsg(db));
		rc = MERIT_EDB;
		goto out;
	}
	rc = 0;
	if (!c->n)
		goto out;
	/* the persons' evidence in one range scan of the primary key */
	sqlite3_bind_text(es, 1, agency, -1, SQLITE_STATIC);
	sqlite3_bind_text(es, 2, period, -1, SQLITE_STATIC);
	sqlite3_bind_text(es, 3, c->v[0].p.id, -1, SQLITE_STATIC);
	sqlite3_bind_text(es, 4, c->v[c->n - 1].p.id, -1, SQLITE_STATIC);
	/* each element placed at the file:line it was imported from */
	size_t at = 0;
	int step;
	while ((step = sqlite3_step(es)) == SQLITE_ROW) {
		const char *pid = col_text(es, 0), *el = col_text(es, 1);
		while (at < c->n && strcmp(c->v[at].p.id, pid) < 0)
			at++;
		if (at == c->n)
			break;
		if (strcmp(c->v[at].p.id, pid))
			continue; /* the foreign key makes this unreachable */
		struct member *m = &c->v[at];
		json_error_t je;
		json_t *data = json_loads(col_text(es, 2), JSON_DECODE_ANY, &je);
		const char *file;
		int line;
		split_source(&c->arena, col_text(es, 3), &file, &line);
		merit_value *v = data ? value_from_json(&c->arena, data, file, line)
		    : NULL;
		json_decref(data);
		if (!data) {
			diag_add(d, file, line, 0, "register: the stored %s evidence "
			    "of %s is not JSON (%s); import it again", el, pid,
			    je.text);
			rc = MERIT_EINPUT;
			goto out;
		}
		merit_value *e = (merit_value *)m->evidence;
		if (e == &value_null) {
			/* { person, qualification, qualities, performance } */
			e = arena_alloc(&c->arena, sizeof(*e));
			const char **keys = arena_alloc(&c->arena, 4 * sizeof(*keys));
			merit_value **items = arena_alloc(&c->arena, 4 *
			    sizeof(*items));
			merit_value *id = arena_alloc(&c->arena, sizeof(*id));
			if (!e || !keys || !items || !id) {
				rc = MERIT_ENOMEM;
				goto out;
			}
			*id = (merit_value){ .type = MERIT_VALUE_STRING, .file = file,
				.line = line, .col = line ? 1 : 0, .text = m->p.id };
			*e = (merit_value){ .type = MERIT_VALUE_MAP, .file = file,
				.line = line, .col = line ? 1 : 0 };
			keys[0] = "person";
			items[0] = id;
			e->u.c.keys = keys;
			e->u.c.items = items;
			e->u.c.n = 1;
			m->evidence = e;
		}
		if (!v || e->u.c.n == 4 || !(e->u.c.keys[e->u.c.n] =
		    arena_strdup(&c->arena, el))) {
			rc = v ? MERIT_EINPUT : MERIT_ENOMEM;
			goto out;
		}
		e->u.c.items[e->u.c.n++] = v;
	}
	if (step != SQLITE_DONE && step != SQLITE_ROW) {
		diag_add(d, sqlite3_db_filename(db, "main"), 0, 0, "register: %s",
		    sqlite3_errmsg(db));
		rc = MERIT_EDB;
	}
out:
	stmt_finalize(ps);
	stmt_finalize(es);
	return rc;
}

int cohort_load_register(struct cohort *c, sqlite3 *db, const char *agency,
    const char *period, const char *after, size_t max, struct diag *d)
{
	return load(c, db, agency, period, "id > ?2", after, max, d);
}

int cohort_load_person(struct cohort *c, sqlite3 *db, const char *agency,
    const char *period, const char *person, struct diag *d)
{
	return load(c, db, agency, period, "id = ?2", person, 1, d);
}
