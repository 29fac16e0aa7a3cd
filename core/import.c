#include <errno.h>
#include <malloc.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>
#include <jansson.h>
#include <sodium.h>
#include "merit/error.h"
#include "cohort.h"
#include "csv.h"
#include "date.h"
#include "ident.h"
#include "import.h"
#include "input_limits.h"
#include "register.h"
#include "vtree.h"
#include "workspace.h"

/* Problems shown before "... and N more": enough to see a pattern, few
 * enough to read. */
#define MAX_SHOWN 50

enum kind { K_ROSTER, K_EVIDENCE, K_COURSES, K_ENROLMENTS, K_COMPLETIONS,
	N_KINDS, K_UNKNOWN = N_KINDS };
enum format { F_YAML, F_CSV, F_JSONL, F_UNKNOWN };

const char *const roster_keys[] = { "id", "post_level", "category",
	"term", "class", "position", "hired", "on_leave", "sex", "region",
	"name", "personal", NULL };
static const char *const evidence_keys[] = { "person", "period",
	"qualification", "qualities", "performance", NULL };
static const char *const course_keys[] = { "id", "title", "hours", "format",
	"provider", "develops", NULL };
static const char *const enrolment_keys[] = { "person", "course",
	"enrolled_on", "status", NULL };
static const char *const completion_keys[] = { "person", "course",
	"completed_on", "hours", "score", "certificate", NULL };

static const struct kind_info {
	const char *name, *list, *prefix, *alt_prefix;
	const char *const *keys;
	const char *required[4]; /* CSV columns every row needs */
} kinds[N_KINDS] = {
	{ "roster", "persons", "roster", "persons", roster_keys,
	  { "id", "post_level", "category", "term" } },
	{ "evidence", "evidence", "evidence", NULL, evidence_keys,
	  { "person" } },
	{ "courses", "courses", "courses", NULL, course_keys, { "id" } },
	{ "enrolments", "enrolments", "enrolments", NULL, enrolment_keys,
	  { "person", "course", "enrolled_on" } },
	{ "completions", "completions", "completions", NULL, completion_keys,
	  { "person", "course", "completed_on" } },
};

static const char *const elements[] = { "qualification", "qualities",
	"performance", NULL };

enum stmt { S_SEEN, S_SEEN_AT, S_EV_GET, S_EV_PUT,
	S_COURSE_GET, S_COURSE_PUT, S_ENROL_GET, S_ENROL_PUT, S_COMPL_GET,
	S_COMPL_PUT, N_STMTS };

/* Upserts change a row only when a value differs, and leave updated_at
 * and source alone otherwise: re-importing a file writes nothing. */
static const char *const sql[N_STMTS] = {
	[S_SEEN] = "INSERT INTO temp.import_seen(kind, k, file, line)"
	    " VALUES (?1, ?2, ?3, ?4) ON CONFLICT DO NOTHING",
	[S_SEEN_AT] = "SELECT file, line FROM temp.import_seen"
	    " WHERE kind = ?1 AND k = ?2",
	[S_EV_GET] = "SELECT 1 FROM evidence WHERE agency = ?1 AND period = ?2"
	    " AND person = ?3 AND element = ?4",
	[S_EV_PUT] = "INSERT INTO evidence(agency, period, person, element,"
	    " data, source, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
	    " ON CONFLICT(agency, period, person, element) DO UPDATE SET"
	    " data = excluded.data, source = excluded.source,"
	    " updated_at = excluded.updated_at WHERE data IS NOT excluded.data",
	[S_COURSE_GET] = "SELECT hours FROM course WHERE id = ?1",
	[S_COURSE_PUT] = "INSERT INTO course(id, title, hours, format, provider,"
	    " develops, source, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
	    " ?8) ON CONFLICT(id) DO UPDATE SET title = excluded.title,"
	    " hours = excluded.hours, format = excluded.format,"
	    " provider = excluded.provider, develops = excluded.develops,"
	    " source = excluded.source, updated_at = excluded.updated_at"
	    " WHERE title IS NOT excluded.title OR hours IS NOT excluded.hours"
	    " OR format IS NOT excluded.format"
	    " OR provider IS NOT excluded.provider"
	    " OR develops IS NOT excluded.develops",
	[S_ENROL_GET] = "SELECT 1 FROM enrolment WHERE agency = ?1"
	    " AND person = ?2 AND course = ?3 AND enrolled_on = ?4",
	[S_ENROL_PUT] = "INSERT INTO enrolment(agency, person, course,"
	    " enrolled_on, status, source, updated_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)"
	    " ON CONFLICT(agency, person, course, enrolled_on) DO UPDATE SET"
	    " status = excluded.status, source = excluded.source,"
	    " updated_at = excluded.updated_at"
	    " WHERE status IS NOT excluded.status",
	[S_COMPL_GET] = "SELECT 1 FROM completion WHERE agency = ?1"
	    " AND person = ?2 AND course = ?3 AND completed_on = ?4",
	[S_COMPL_PUT] = "INSERT INTO completion(agency, person, course,"
	    " completed_on, hours, score, certificate, source, updated_at)"
	    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
	    " ON CONFLICT(agency, person, course, completed_on) DO UPDATE SET"
	    " hours = excluded.hours, score = excluded.score,"
	    " certificate = excluded.certificate, source = excluded.source,"
	    " updated_at = excluded.updated_at"
	    " WHERE hours IS NOT excluded.hours OR score IS NOT excluded.score"
	    " OR certificate IS NOT excluded.certificate",
};

struct counts {
	size_t rows, added, changed, same, model_courses;
};

struct file_sum {
	const char *file;
	enum kind kind;
	struct counts c;
	char digest[65];
};

/* Lines of a YAML or JSON Lines file, hashed and checked as UTF-8 as
 * they stream past. */
struct line_in {
	FILE *f;
	crypto_generichash_state *hash;
	char *buf;
	size_t cap, len, pos;
	long line;
	long bad_line; /* the first line with invalid UTF-8, 0 if none */
	size_t bad_col;
};

struct importer {
	const struct import_opts *o;
	struct workspace w;
	struct reg r;
	int reg_open;
	const char *agency;
	sqlite3_stmt *st[N_STMTS];
	struct roster_writer rw;
	char now[32];
	/* the file being read */
	const char *file;
	enum kind kind;
	struct counts c;
	struct arena a; /* one row's tree, emptied per row */
	struct diag rowd; /* one row's findings */
	/* the whole command */
	size_t errors;
	char *shown[MAX_SHOWN];
	size_t n_shown;
	int stop; /* the register failed: no point reading on */
};

/* -- reporting ------------------------------------------------------- */

static void report(struct importer *im, long line, const char *field,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

static void report(struct importer *im, long line, const char *field,
    const char *fmt, ...)
{
	char *msg, *full;
	va_list ap;
	if (im->errors++ >= MAX_SHOWN)
		return;
	va_start(ap, fmt);
	int n = vasprintf(&msg, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if (line > 0)
		n = asprintf(&full, "%s:%ld: %s%s%s", im->file, line,
		    field ? field : "", field ? ": " : "", msg);
	else
		n = asprintf(&full, "%s: %s%s%s", im->file, field ? field : "",
		    field ? ": " : "", msg);
	free(msg);
	if (n < 0)
		return;
	/* a finding quotes the input: shown with its control characters
	 * escaped, so it cannot rewrite a terminal or forge a log line */
	char *safe = text_escape(full);
	free(full);
	if (safe)
		im->shown[im->n_shown++] = safe;
}

/* The field a finding of person_read (or of the YAML reader) is about:
 * the top-level key whose value it points at, else the key it quotes. */
static const char *field_of(const struct importer *im, const merit_value *row,
    const struct diag_item *it)
{
	const char *k = value_finding_key(row, it, im->kind != K_UNKNOWN ?
	    kinds[im->kind].keys : NULL);
	return k ? k : "row";
}

static int flush_row(struct importer *im, const merit_value *row, long line)
{
	int n = (int)im->rowd.n;
	for (size_t i = 0; i < im->rowd.n; i++)
		report(im, line, field_of(im, row, &im->rowd.v[i]), "%s",
		    im->rowd.v[i].msg);
	diag_free(&im->rowd);
	return n;
}

static int db_fail(struct importer *im, long line, const char *what)
{
	report(im, line, "register", "%s: %s", what, sqlite3_errmsg(im->r.db));
	im->stop = 1;
	return MERIT_EDB;
}

/* -- small helpers ----------------------------------------------------- */

/* Offset of the first byte that is not well-formed UTF-8, or n. */
static size_t utf8_check(const unsigned char *s, size_t n)
{
	size_t i = 0;
	while (i < n) {
		unsigned c = s[i], cp, min;
		size_t k;
		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xC2 && c <= 0xDF)
			k = 1, min = 0x80;
		else if ((c & 0xF0) == 0xE0)
			k = 2, min = 0x800;
		else if (c >= 0xF0 && c <= 0xF4)
			k = 3, min = 0x10000;
		else
			return i;
		if (n - i <= k)
			return i;
		cp = c & (0x3Fu >> k);
		for (size_t j = 1; j <= k; j++) {
			if ((s[i + j] & 0xC0) != 0x80)
				return i;
			cp = cp << 6 | (s[i + j] & 0x3F);
		}
		/* overlong forms and UTF-16 surrogates are not UTF-8 */
		if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
			return i;
		i += k + 1;
	}
	return n;
}

static char *canon_json(const merit_value *v)
{
	json_t *j = value_to_json(v);
	char *s = j ? json_dumps(j, JSON_COMPACT | JSON_SORT_KEYS |
	    JSON_REAL_PRECISION(17) | JSON_ENCODE_ANY) : NULL;
	json_decref(j);
	return s;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

static void bind_num(sqlite3_stmt *st, int i, double x)
{
	if (isnan(x))
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_double(st, i, x);
}

/* Step a statement that writes; the rows it changed, or -1. */
static int step_write(struct importer *im, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	int n = rc == SQLITE_DONE ? sqlite3_changes(im->r.db) : -1;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return n;
}

/* Step a lookup: 1 if it found a row, 0 if not, -1 on error. */
static int step_found(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	int found = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : -1;
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return found;
}

static const char *source_of(struct importer *im, long line, char *buf,
    size_t len)
{
	snprintf(buf, len, "import:%s:%ld", im->file, line);
	return buf;
}

/* A key seen earlier in this import is a conflict within the input: the
 * later row would silently win, and a re-import would flip it again. */
static int seen_before(struct importer *im, const char *key, long line,
    const char *field, const char *what)
{
	sqlite3_stmt *st = im->st[S_SEEN];
	bind_text(st, 1, kinds[im->kind].name);
	bind_text(st, 2, key);
	bind_text(st, 3, im->file);
	sqlite3_bind_int64(st, 4, line);
	int n = step_write(im, st);
	if (n < 0)
		return db_fail(im, line, "cannot track keys");
	if (n == 1)
		return 0;
	st = im->st[S_SEEN_AT];
	bind_text(st, 1, kinds[im->kind].name);
	bind_text(st, 2, key);
	char at[512] = "?";
	if (sqlite3_step(st) == SQLITE_ROW)
		snprintf(at, sizeof(at), "%s:%lld", sqlite3_column_text(st, 0),
		    sqlite3_column_int64(st, 1));
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	report(im, line, field, "%s is given twice (also at %s); keep one row",
	    what, at);
	return MERIT_EINPUT;
}

static void tally(struct importer *im, int existed, int changed)
{
	if (!existed)
		im->c.added++;
	else if (changed)
		im->c.changed++;
	else
		im->c.same++;
}

static int person_known(struct importer *im, const char *id, long line,
    const char *field)
{
	int found = roster_known(&im->rw, im->agency, id);
	if (found < 0)
		return db_fail(im, line, "cannot look up a person");
	if (!found) {
		report(im, line, field, "'%s' is not in the register of agency "
		    "%s; import the roster first (or earlier in the same "
		    "command)", id, im->agency);
		return MERIT_EINPUT;
	}
	return 0;
}

/* A text field: absent or null gives NULL; anything but text is a
 * finding. */
static int text_field(struct importer *im, const merit_value *row,
    const char *key, long line, const char **out)
{
	const merit_value *v = value_get(row, key);
	*out = NULL;
	if (!v || v->type == MERIT_VALUE_NULL)
		return 0;
	if (!(*out = value_str(v)) || !**out) {
		report(im, line, key, "must be non-empty text");
		*out = NULL;
		return MERIT_EINPUT;
	}
	return 0;
}

static int required_text(struct importer *im, const merit_value *row,
    const char *key, long line, const char *hint, const char **out)
{
	if (text_field(im, row, key, line, out))
		return MERIT_EINPUT;
	if (!*out) {
		report(im, line, key, "missing; %s", hint);
		return MERIT_EINPUT;
	}
	return 0;
}

/* A date YYYY-MM-DD, written back in that form into buf (11 bytes). */
static int date_field(struct importer *im, const merit_value *row,
    const char *key, long line, char *buf)
{
	const char *s;
	long day;
	if (required_text(im, row, key, line, "give the date as YYYY-MM-DD",
	    &s))
		return MERIT_EINPUT;
	if (date_parse(s, &day)) {
		report(im, line, key, "'%s' is not a date; write YYYY-MM-DD", s);
		return MERIT_EINPUT;
	}
	date_format(day, buf);
	return 0;
}

/* A number: absent or null gives NAN. */
static int num_field(struct importer *im, const merit_value *row,
    const char *key, long line, double min, int min_open, double *out)
{
	const merit_value *v = value_get(row, key);
	*out = NAN;
	if (!v || v->type == MERIT_VALUE_NULL)
		return 0;
	if (value_num(v, out) || (min_open ? *out <= min : *out < min)) {
		report(im, line, key, "must be a number %s %g", min_open ? "above"
		    : "of at least", min);
		*out = NAN;
		return MERIT_EINPUT;
	}
	return 0;
}

static int one_of(struct importer *im, const char *s, const char *const *ok,
    const char *key, long line)
{
	char list[128] = "";
	size_t off = 0;
	for (int i = 0; ok[i]; i++)
		if (!strcmp(s, ok[i]))
			return 0;
	for (int i = 0; ok[i]; i++)
		off += (size_t)snprintf(list + off, sizeof(list) - off, "%s%s",
		    i ? ", " : "", ok[i]);
	report(im, line, key, "must be one of %s (got '%s')", list, s);
	return MERIT_EINPUT;
}

/* -- courses ------------------------------------------------------------- */

static int put_course(struct importer *im, const char *id, const char *title,
    double hours, const char *format, const char *provider,
    const char *develops, const char *source, long line)
{
	sqlite3_stmt *st = im->st[S_COURSE_PUT];
	bind_text(st, 1, id);
	bind_text(st, 2, title);
	bind_num(st, 3, hours);
	bind_text(st, 4, format);
	bind_text(st, 5, provider);
	bind_text(st, 6, develops);
	bind_text(st, 7, source);
	bind_text(st, 8, im->now);
	int n = step_write(im, st);
	return n < 0 ? db_fail(im, line, "cannot write a course") : n;
}

/* The course a completion or enrolment names: in the register, or
 * declared in the agency's model and put in the register now. Its hours
 * (NAN if it has none) in *hours. */
static int need_course(struct importer *im, const char *id, long line,
    double *hours)
{
	sqlite3_stmt *st = im->st[S_COURSE_GET];
	bind_text(st, 1, id);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*hours = sqlite3_column_type(st, 0) == SQLITE_NULL ? NAN :
		    sqlite3_column_double(st, 0);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	if (rc == SQLITE_ROW)
		return 0;
	if (rc != SQLITE_DONE)
		return db_fail(im, line, "cannot look up a course");
	const struct merit_course *c = workspace_course(&im->w, id);
	if (!c) {
		report(im, line, "course", "'%s' is neither in the register nor "
		    "declared in the agency's model; import it with --kind "
		    "courses or declare it with course \"%s\" { ... }", id, id);
		return MERIT_EINPUT;
	}
	json_t *t = json_object(), *dv = json_object();
	for (size_t i = 0; t && i < c->title.n; i++)
		json_object_set_new(t, c->title.v[i].lang,
		    json_string(c->title.v[i].text));
	for (size_t i = 0; dv && i < c->n_develops; i++)
		json_object_set_new(dv, c->develops[i].competency,
		    c->develops[i].level ? json_string(c->develops[i].level) :
		    json_true());
	int flags = JSON_COMPACT | JSON_SORT_KEYS;
	char *title = t && c->title.n ? json_dumps(t, flags) : NULL;
	char *develops = dv && c->n_develops ? json_dumps(dv, flags) : NULL;
	char source[1200];
	snprintf(source, sizeof(source), "model:%s:%d", c->src.file ?
	    c->src.file : "?", c->src.line);
	*hours = c->hours > 0 ? c->hours : NAN;
	int n = put_course(im, id, title, *hours, c->format, NULL, develops,
	    source, line);
	free(title);
	free(develops);
	json_decref(t);
	json_decref(dv);
	if (n < 0)
		return n;
	im->c.model_courses++;
	return 0;
}

/* -- roster entries ---------------------------------------------------------- */

int roster_read(struct roster_entry *e, const merit_value *row,
    struct arena *a, struct diag *d)
{
	size_t before = d->n, n = 0;
	memset(e, 0, sizeof(*e));
	/* personal fields are set apart before anything else sees the row */
	e->clean = *row;
	e->clean.u.c.items = arena_alloc(a, (row->u.c.n + 1) *
	    sizeof(*e->clean.u.c.items));
	e->clean.u.c.keys = arena_alloc(a, (row->u.c.n + 1) *
	    sizeof(*e->clean.u.c.keys));
	if (!e->clean.u.c.items || !e->clean.u.c.keys)
		return MERIT_ENOMEM;
	for (size_t i = 0; i < row->u.c.n; i++) {
		if (!strcmp(row->u.c.keys[i], "name"))
			e->name = row->u.c.items[i];
		else if (!strcmp(row->u.c.keys[i], "personal"))
			e->personal = row->u.c.items[i];
		else {
			e->clean.u.c.keys[n] = row->u.c.keys[i];
			e->clean.u.c.items[n++] = row->u.c.items[i];
		}
	}
	e->clean.u.c.n = n;
	if (e->name && e->name->type == MERIT_VALUE_NULL)
		e->name = NULL;
	if (e->personal && e->personal->type == MERIT_VALUE_NULL)
		e->personal = NULL;
	if (e->name && !value_str(e->name))
		value_diag(d, e->name, "must be text");
	if (e->personal && e->personal->type != MERIT_VALUE_MAP)
		value_diag(d, e->personal, "must be a mapping of personal fields, "
		    "such as { birth_year: 1980, phone: \"...\" }");
	value_check_idents(row, d);
	person_read(&e->p, &e->clean, d);
	return d->n > before ? MERIT_EINPUT : 0;
}

int roster_writer_open(struct roster_writer *w, struct reg *r)
{
	memset(w, 0, sizeof(*w));
	w->r = r;
	if (sqlite3_prepare_v3(r->db, "SELECT 1 FROM person WHERE agency = ?1"
	    " AND id = ?2", -1, SQLITE_PREPARE_PERSISTENT, &w->known, NULL) !=
	    SQLITE_OK || sqlite3_prepare_v3(r->db, "INSERT INTO person_detail("
	    "agency, person, name, fields, updated_at) VALUES (?1, ?2, ?3, ?4,"
	    " ?5) ON CONFLICT(agency, person) DO UPDATE SET name = excluded.name,"
	    " fields = excluded.fields, updated_at = excluded.updated_at"
	    " WHERE name IS NOT excluded.name OR fields IS NOT excluded.fields",
	    -1, SQLITE_PREPARE_PERSISTENT, &w->detail, NULL) != SQLITE_OK) {
		roster_writer_close(w);
		return MERIT_EDB;
	}
	return 0;
}

void roster_writer_close(struct roster_writer *w)
{
	sqlite3_finalize(w->known);
	sqlite3_finalize(w->detail);
	w->known = w->detail = NULL;
}

int roster_known(struct roster_writer *w, const char *agency, const char *id)
{
	bind_text(w->known, 1, agency);
	bind_text(w->known, 2, id);
	return step_found(w->known);
}

int roster_write(struct roster_writer *w, const char *agency,
    const struct roster_entry *e, const char *now, int *existed,
    int *changed)
{
	*existed = roster_known(w, agency, e->p.id);
	*changed = 0;
	if (*existed < 0 || reg_put_person(w->r, agency, &e->p))
		return MERIT_EDB;
	*changed = sqlite3_changes(w->r->db);
	if (!e->name && !(e->personal && e->personal->u.c.n))
		return 0;
	char *fields = e->personal && e->personal->u.c.n ?
	    canon_json(e->personal) : NULL;
	if (e->personal && e->personal->u.c.n && !fields)
		return MERIT_ENOMEM;
	sqlite3_stmt *st = w->detail;
	bind_text(st, 1, agency);
	bind_text(st, 2, e->p.id);
	bind_text(st, 3, value_str(e->name));
	bind_text(st, 4, fields);
	bind_text(st, 5, now);
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	free(fields);
	if (rc != SQLITE_DONE)
		return MERIT_EDB;
	*changed += sqlite3_changes(w->r->db);
	return 0;
}

/* -- one row of each kind --------------------------------------------------- */

static void roster_row(struct importer *im, const merit_value *row, long line)
{
	struct roster_entry e;
	int rc = roster_read(&e, row, &im->a, &im->rowd);
	if (rc == MERIT_ENOMEM) {
		diag_free(&im->rowd);
		report(im, line, NULL, "out of memory");
		im->stop = 1;
		return;
	}
	if (flush_row(im, row, line) || rc)
		return;
	if (seen_before(im, e.p.id, line, "id", "person"))
		return;
	int existed, changed;
	if (roster_write(&im->rw, im->agency, &e, im->now, &existed, &changed)) {
		db_fail(im, line, "cannot write a person");
		return;
	}
	tally(im, existed, changed);
}

static void evidence_row(struct importer *im, const merit_value *row,
    long line)
{
	const char *person, *period = NULL;
	const merit_value *v;
	char buf[64];
	value_check_keys(row, evidence_keys, "an evidence entry", &im->rowd);
	int bad = flush_row(im, row, line);
	bad |= required_text(im, row, "person", line, "name the person's id "
	    "as in the roster", &person);
	if ((v = value_get(row, "period")) && v->type != MERIT_VALUE_NULL) {
		if (v->type == MERIT_VALUE_STRING || v->type == MERIT_VALUE_NUMBER)
			period = v->text;
		if (!period || !*period) {
			report(im, line, "period", "must be text such as \"2025\"");
			bad = 1;
		} else if (period_problem(period)) {
			char *shown = text_escape(period);
			report(im, line, "period", "'%s' %s; a period is up to %d "
			    "letters, digits, '.', '_' or '-', such as 2025 or "
			    "2025-H1", shown ? shown : "?", period_problem(period),
			    IDENT_PERIOD_MAX);
			free(shown);
			bad = 1;
		}
	} else if (!(period = im->o->period) && !(period = im->w.ag->period)) {
		report(im, line, "period", "missing; give a period column, "
		    "--period, or period: in agency.yaml");
		bad = 1;
	}
	int any = 0;
	for (int e = 0; elements[e]; e++) {
		if (!(v = value_get(row, elements[e])) ||
		    v->type == MERIT_VALUE_NULL)
			continue;
		any = 1;
		int ok = e == 2 ? v->type == MERIT_VALUE_LIST ||
		    v->type == MERIT_VALUE_MAP : v->type == MERIT_VALUE_MAP;
		if (!ok) {
			report(im, line, elements[e], "must be a %s as in "
			    "evidence.yaml, not a %s%s", e == 2 ? "list of goals"
			    : "mapping", value_type_name(v->type), e == 2 ? "" :
			    "; in CSV, write it as JSON text {...}");
			bad = 1;
		}
	}
	if (!any && !bad) {
		report(im, line, "row", "no evidence; give qualification, "
		    "qualities or performance");
		bad = 1;
	}
	if (bad || person_known(im, person, line, "person"))
		return;
	int existed = 0, changed = 0, added = 0;
	for (int e = 0; elements[e] && !im->stop; e++) {
		if (!(v = value_get(row, elements[e])) ||
		    v->type == MERIT_VALUE_NULL)
			continue;
		char *key = NULL;
		if (asprintf(&key, "%s\x1f%s\x1f%s", period, person,
		    elements[e]) < 0)
			return;
		int dup = seen_before(im, key, line, elements[e], "this "
		    "person's evidence for the period");
		free(key);
		if (dup)
			return;
		sqlite3_stmt *st = im->st[S_EV_GET];
		bind_text(st, 1, im->agency);
		bind_text(st, 2, period);
		bind_text(st, 3, person);
		bind_text(st, 4, elements[e]);
		int found = step_found(st);
		char *data = canon_json(v);
		st = im->st[S_EV_PUT];
		bind_text(st, 1, im->agency);
		bind_text(st, 2, period);
		bind_text(st, 3, person);
		bind_text(st, 4, elements[e]);
		bind_text(st, 5, data);
		bind_text(st, 6, source_of(im, line, buf, sizeof(buf)));
		bind_text(st, 7, im->now);
		int k = found < 0 || !data ? -1 : step_write(im, st);
		free(data);
		if (k < 0) {
			sqlite3_reset(st);
			sqlite3_clear_bindings(st);
			db_fail(im, line, "cannot write evidence");
			return;
		}
		existed |= found;
		added |= !found;
		changed += k;
	}
	/* a row that adds an element to what is there counts as changed */
	tally(im, existed, changed);
	(void)added;
}

static int title_ok(const merit_value *v)
{
	static const char *const langs[] = { "en", "ru", "kk", "uz", NULL };
	if (v->type == MERIT_VALUE_STRING)
		return *v->text != '\0';
	if (v->type != MERIT_VALUE_MAP || !v->u.c.n)
		return 0;
	for (size_t i = 0; i < v->u.c.n; i++) {
		int known = 0;
		for (int l = 0; langs[l]; l++)
			known |= !strcmp(v->u.c.keys[i], langs[l]);
		if (!known || !value_str(v->u.c.items[i]))
			return 0;
	}
	return 1;
}

static void course_row(struct importer *im, const merit_value *row,
    long line)
{
	static const char *const formats[] = { "in-person", "online",
		"blended", NULL };
	const char *id, *format, *provider;
	const merit_value *title, *develops;
	double hours;
	char buf[64];
	value_check_keys(row, course_keys, "a course", &im->rowd);
	int bad = flush_row(im, row, line);
	bad |= required_text(im, row, "id", line, "give the course an id",
	    &id);
	if ((title = value_get(row, "title")) &&
	    title->type != MERIT_VALUE_NULL && !title_ok(title)) {
		report(im, line, "title", "must be text, or a mapping of texts "
		    "by language (en, ru, kk, uz)");
		bad = 1;
	}
	bad |= num_field(im, row, "hours", line, 0, 1, &hours) != 0;
	bad |= text_field(im, row, "format", line, &format) != 0;
	if (format)
		bad |= one_of(im, format, formats, "format", line) != 0;
	bad |= text_field(im, row, "provider", line, &provider) != 0;
	if ((develops = value_get(row, "develops")) &&
	    develops->type != MERIT_VALUE_NULL) {
		int ok = develops->type == MERIT_VALUE_MAP;
		for (size_t i = 0; ok && i < develops->u.c.n; i++) {
			const merit_value *lv = develops->u.c.items[i];
			ok = value_str(lv) || (lv->type == MERIT_VALUE_BOOL &&
			    lv->u.b);
		}
		if (!ok) {
			report(im, line, "develops", "must map competencies to a "
			    "level or true, such as { cooperation: \"B\" }");
			bad = 1;
		}
	}
	if (bad || seen_before(im, id, line, "id", "course"))
		return;
	char *tj = title && title->type != MERIT_VALUE_NULL ?
	    canon_json(title) : NULL;
	char *dj = develops && develops->type != MERIT_VALUE_NULL ?
	    canon_json(develops) : NULL;
	sqlite3_stmt *st = im->st[S_COURSE_GET];
	bind_text(st, 1, id);
	int existed = step_found(st);
	int n = existed < 0 ? db_fail(im, line, "cannot look up a course") :
	    put_course(im, id, tj, hours, format, provider, dj,
	    source_of(im, line, buf, sizeof(buf)), line);
	free(tj);
	free(dj);
	if (n >= 0)
		tally(im, existed, n);
}

static void bind_course_key(struct importer *im, sqlite3_stmt *st,
    const char *person, const char *course, const char *on)
{
	bind_text(st, 1, im->agency);
	bind_text(st, 2, person);
	bind_text(st, 3, course);
	bind_text(st, 4, on);
}

/* A person's course on a date (an enrolment or a completion): refused
 * when this import gives it twice; else bound as the natural key of
 * `get` (?1..?4) and *existed says whether the register has it. 0, or -1
 * when the row is refused. */
static int course_event(struct importer *im, const char *person,
    const char *course, const char *on, long line, const char *field,
    const char *what, sqlite3_stmt *get, int *existed)
{
	char *key;
	if (asprintf(&key, "%s\x1f%s\x1f%s", person, course, on) < 0)
		return -1;
	int dup = seen_before(im, key, line, field, what);
	free(key);
	if (dup)
		return -1;
	bind_course_key(im, get, person, course, on);
	*existed = step_found(get);
	return 0;
}

/* Run the upsert `put` of a row the register had (existed 1) or not. */
static void course_event_write(struct importer *im, sqlite3_stmt *put,
    int existed, long line, const char *failure)
{
	int n = existed < 0 ? -1 : step_write(im, put);
	if (n < 0) {
		sqlite3_reset(put);
		sqlite3_clear_bindings(put);
		db_fail(im, line, failure);
		return;
	}
	tally(im, existed, n);
}

static void enrolment_row(struct importer *im, const merit_value *row,
    long line)
{
	static const char *const statuses[] = { "enrolled", "withdrawn",
		"completed", NULL };
	const char *person, *course, *status;
	char on[11], buf[64];
	double hours;
	value_check_keys(row, enrolment_keys, "an enrolment", &im->rowd);
	int bad = flush_row(im, row, line);
	bad |= required_text(im, row, "person", line, "name the person's id "
	    "as in the roster", &person);
	bad |= required_text(im, row, "course", line, "name the course's id",
	    &course);
	bad |= date_field(im, row, "enrolled_on", line, on) != 0;
	bad |= text_field(im, row, "status", line, &status) != 0;
	if (!status)
		status = "enrolled";
	else
		bad |= one_of(im, status, statuses, "status", line) != 0;
	if (bad || person_known(im, person, line, "person") ||
	    need_course(im, course, line, &hours))
		return;
	int existed;
	if (course_event(im, person, course, on, line, "enrolled_on",
	    "this enrolment", im->st[S_ENROL_GET], &existed))
		return;
	sqlite3_stmt *st = im->st[S_ENROL_PUT];
	bind_course_key(im, st, person, course, on);
	bind_text(st, 5, status);
	bind_text(st, 6, source_of(im, line, buf, sizeof(buf)));
	bind_text(st, 7, im->now);
	course_event_write(im, st, existed, line, "cannot write an enrolment");
}

static void completion_row(struct importer *im, const merit_value *row,
    long line)
{
	const char *person, *course, *certificate;
	char on[11], buf[64];
	double hours, course_hours, score;
	value_check_keys(row, completion_keys, "a completion", &im->rowd);
	int bad = flush_row(im, row, line);
	bad |= required_text(im, row, "person", line, "name the person's id "
	    "as in the roster", &person);
	bad |= required_text(im, row, "course", line, "name the course's id",
	    &course);
	bad |= date_field(im, row, "completed_on", line, on) != 0;
	bad |= num_field(im, row, "hours", line, 0, 0, &hours) != 0;
	bad |= num_field(im, row, "score", line, -INFINITY, 0, &score) != 0;
	bad |= text_field(im, row, "certificate", line, &certificate) != 0;
	if (bad || person_known(im, person, line, "person") ||
	    need_course(im, course, line, &course_hours))
		return;
	if (isnan(hours) && isnan(hours = course_hours)) {
		report(im, line, "hours", "missing, and course '%s' gives no "
		    "hours; give the hours completed", course);
		return;
	}
	int existed;
	if (course_event(im, person, course, on, line, "completed_on",
	    "this completion", im->st[S_COMPL_GET], &existed))
		return;
	sqlite3_stmt *st = im->st[S_COMPL_PUT];
	bind_course_key(im, st, person, course, on);
	bind_num(st, 5, hours);
	bind_num(st, 6, score);
	bind_text(st, 7, certificate);
	bind_text(st, 8, source_of(im, line, buf, sizeof(buf)));
	bind_text(st, 9, im->now);
	course_event_write(im, st, existed, line, "cannot write a completion");
}

static void import_row(struct importer *im, const merit_value *row,
    long line)
{
	im->c.rows++;
	if (row->type != MERIT_VALUE_MAP) {
		flush_row(im, row, line);
		report(im, line, "row", "an entry is a mapping of fields, not a "
		    "%s", value_type_name(row->type));
		return;
	}
	if (im->kind != K_ROSTER) /* roster_read checks its own */
		value_check_idents(row, &im->rowd);
	switch (im->kind) {
	case K_ROSTER: roster_row(im, row, line); break;
	case K_EVIDENCE: evidence_row(im, row, line); break;
	case K_COURSES: course_row(im, row, line); break;
	case K_ENROLMENTS: enrolment_row(im, row, line); break;
	case K_COMPLETIONS: completion_row(im, row, line); break;
	default: break;
	}
	diag_free(&im->rowd);
}

/* -- reading lines (YAML, JSON Lines) --------------------------------------- */

/* The next line into in->buf; 1, 0 at the end, -1 on a read error or
 * invalid UTF-8 (in->bad_line says which). */
static int next_line(struct line_in *in)
{
	errno = 0;
	ssize_t n = getline(&in->buf, &in->cap, in->f);
	if (n < 0)
		return errno ? -1 : 0;
	crypto_generichash_update(in->hash, (unsigned char *)in->buf,
	    (size_t)n);
	in->line++;
	in->len = (size_t)n;
	in->pos = 0;
	if (in->line == 1 && n >= 3 && !memcmp(in->buf, "\xEF\xBB\xBF", 3))
		in->pos = 3;
	size_t bad = utf8_check((unsigned char *)in->buf + in->pos,
	    in->len - in->pos);
	if (bad < in->len - in->pos) {
		in->bad_line = in->line;
		in->bad_col = in->pos + bad + 1;
		return -1;
	}
	return 1;
}

static int yaml_read(void *ctx, unsigned char *buf, size_t size, size_t *got)
{
	struct line_in *in = ctx;
	*got = 0;
	if (in->pos == in->len) {
		int rc = next_line(in);
		if (rc <= 0)
			return rc == 0;
	}
	size_t k = in->len - in->pos < size ? in->len - in->pos : size;
	memcpy(buf, in->buf + in->pos, k);
	in->pos += k;
	*got = k;
	return 1;
}

static int yaml_item(void *ctx, const char *key, const merit_value *item)
{
	struct importer *im = ctx;
	if (!item) {
		enum kind k = K_UNKNOWN;
		for (int i = 0; i < N_KINDS; i++)
			if (!strcmp(key, kinds[i].list))
				k = (enum kind)i;
		if (im->kind != K_UNKNOWN && k != im->kind) {
			report(im, 0, NULL, "the file lists '%s:', not '%s:' as "
			    "kind %s needs; check --kind", key,
			    kinds[im->kind].list, kinds[im->kind].name);
			return MERIT_EINPUT;
		}
		if (k == K_UNKNOWN) {
			report(im, 0, NULL, "a list '%s:' is not something merit "
			    "imports; use persons:, evidence:, courses:, "
			    "enrolments: or completions:", key);
			return MERIT_EINPUT;
		}
		im->kind = k;
		return 0;
	}
	arena_reset(&im->a);
	import_row(im, item, item->line);
	return im->stop ? MERIT_EDB : 0;
}

static void read_yaml(struct importer *im, struct line_in *in)
{
	int rc = yaml_stream_list(im->file, yaml_read, in, yaml_item, im,
	    &im->rowd);
	if (in->bad_line) {
		diag_free(&im->rowd);
		report(im, in->bad_line, "row", "invalid UTF-8 at column %zu; "
		    "save the file as UTF-8", in->bad_col);
		return;
	}
	for (size_t i = 0; i < im->rowd.n; i++)
		report(im, im->rowd.v[i].line, NULL, "%s", im->rowd.v[i].msg);
	if (rc && !im->rowd.n && !im->errors)
		report(im, 0, NULL, "%s", merit_strerror(rc));
	diag_free(&im->rowd);
	if (!rc && im->kind == K_UNKNOWN)
		report(im, 0, NULL, "no list found; the file must be a mapping "
		    "with one list: persons:, evidence:, courses:, enrolments: "
		    "or completions:");
}

static void read_jsonl(struct importer *im, struct line_in *in)
{
	int rc;
	while (!im->stop && (rc = next_line(in)) != 0) {
		if (rc < 0) {
			if (!in->bad_line) {
				report(im, in->line + 1, NULL, "cannot read: %s",
				    strerror(errno));
				return;
			}
			im->c.rows++;
			report(im, in->bad_line, "row", "invalid UTF-8 at column "
			    "%zu; save the file as UTF-8", in->bad_col);
			in->bad_line = 0;
			continue;
		}
		const char *p = in->buf + in->pos;
		size_t len = in->len - in->pos;
		if (strspn(p, " \t\r\n") == len)
			continue;
		if (in->len > INPUT_MAX_RECORD) {
			im->c.rows++;
			report(im, in->line, "row", "a line of %zu bytes; at most %zu "
			    "bytes (1 MiB) per record: split it, or shorten its "
			    "values", in->len, INPUT_MAX_RECORD);
			continue;
		}
		json_error_t err;
		json_t *j = json_loadb(p, len, JSON_REJECT_DUPLICATES, &err);
		if (!j || !json_is_object(j)) {
			im->c.rows++;
			if (j) {
				report(im, in->line, "row", "a line must hold one "
				    "JSON object {...}");
			} else {
				/* jansson quotes the input near the error: keep
				 * only its reason, the line may hold a name */
				char *near = strstr(err.text, " near ");
				if (near)
					*near = '\0';
				report(im, in->line, "row", "not valid JSON: %s "
				    "(at character %d); write one JSON object per "
				    "line", err.text, err.position + 1);
			}
			json_decref(j);
			continue;
		}
		arena_reset(&im->a);
		merit_value *row = value_from_json(&im->a, j, im->file,
		    (int)in->line);
		json_decref(j);
		if (!row) {
			report(im, in->line, NULL, "out of memory");
			im->stop = 1;
		} else {
			/* a JSON Lines record or a CSV cell is one place,
			 * and the column tells which field a finding is
			 * about */
			value_place_fields(row, (int)in->line);
			value_check_sizes(row, &im->rowd);
			import_row(im, row, in->line);
		}
	}
}

/* -- CSV ------------------------------------------------------------------- */

enum coltype { C_TEXT, C_NUMBER, C_BOOL, C_JSON, C_TITLE, C_LEVEL };

struct column {
	const char *key; /* top-level key */
	const char *sub; /* "personal.phone": phone; NULL otherwise */
	enum coltype type;
	char *name; /* the header as written */
};

static enum coltype type_of(const char *key, const char *sub)
{
	static const char *const numbers[] = { "post_level", "class", "hours",
		"score", NULL };
	if (sub)
		return !strcmp(key, "develops") ? C_LEVEL : C_TEXT;
	for (int i = 0; numbers[i]; i++)
		if (!strcmp(key, numbers[i]))
			return C_NUMBER;
	if (!strcmp(key, "on_leave"))
		return C_BOOL;
	if (!strcmp(key, "title"))
		return C_TITLE;
	if (!strcmp(key, "develops") || !strcmp(key, "personal"))
		return C_JSON;
	for (int e = 0; elements[e]; e++)
		if (!strcmp(key, elements[e]))
			return C_JSON;
	return C_TEXT;
}

static int read_header(struct importer *im, struct csv *c,
    struct column **out, size_t *n_out)
{
	long line;
	int rc = csv_next(c, &line);
	*out = NULL;
	*n_out = 0;
	if (rc <= 0) {
		report(im, line, NULL, rc < 0 ? c->error : "empty file; a CSV "
		    "file starts with a header row naming its columns");
		return MERIT_EINPUT;
	}
	struct column *col = calloc(c->n, sizeof(*col));
	if (!col)
		return MERIT_ENOMEM;
	const struct kind_info *k = &kinds[im->kind];
	int bad = 0;
	for (size_t i = 0; i < c->n; i++) {
		char *name = c->field[i];
		if (utf8_check((unsigned char *)name, c->len[i]) < c->len[i] ||
		    strlen(name) != c->len[i]) {
			report(im, line, "header", "column %zu is not UTF-8 text",
			    i + 1);
			bad = 1;
			continue;
		}
		col[i].name = strdup(name);
		char *dot = strchr(name, '.');
		if (dot)
			*dot = '\0';
		for (const char *const *key = k->keys; *key; key++)
			if (!strcmp(*key, name))
				col[i].key = *key;
		int nests = col[i].key && (!strcmp(col[i].key, "personal") ||
		    !strcmp(col[i].key, "title") ||
		    !strcmp(col[i].key, "develops"));
		if (!col[i].key || (dot && (!nests || !dot[1]))) {
			char list[256] = "";
			size_t off = 0;
			for (const char *const *key = k->keys; *key &&
			    off < sizeof(list); key++)
				off += (size_t)snprintf(list + off, sizeof(list) -
				    off, "%s%s", off ? ", " : "", *key);
			report(im, line, col[i].name ? col[i].name : "header",
			    "not a column of %s (expected: %s%s)", k->name, list,
			    im->kind == K_ROSTER ? ", personal.FIELD" :
			    im->kind == K_COURSES ? ", title.LANG, "
			    "develops.COMPETENCY" : "");
			bad = 1;
			continue;
		}
		col[i].sub = dot ? col[i].name + (dot - name) + 1 : NULL;
		col[i].type = type_of(col[i].key, col[i].sub);
		for (size_t j = 0; j < i; j++) {
			if (!col[j].key || !col[i].name || !col[j].name)
				continue;
			if (!strcmp(col[j].name, col[i].name) ||
			    (!strcmp(col[j].key, col[i].key) &&
			    !col[j].sub != !col[i].sub)) {
				report(im, line, col[i].name, "given twice (also "
				    "column %zu); keep one", j + 1);
				bad = 1;
			}
		}
	}
	for (int r = 0; !bad && r < 4 && k->required[r]; r++) {
		size_t i;
		for (i = 0; i < c->n; i++)
			if (col[i].key && !strcmp(col[i].key, k->required[r]))
				break;
		if (i == c->n) {
			report(im, line, k->required[r], "no such column; every "
			    "%s row needs one", k->name);
			bad = 1;
		}
	}
	*out = col;
	*n_out = c->n;
	return bad ? MERIT_EINPUT : 0;
}

static merit_value *cell_value(struct importer *im, const struct column *col,
    const char *s, size_t len, long line, int *bad)
{
	merit_value *v = arena_alloc(&im->a, sizeof(*v));
	if (!v)
		return NULL;
	v->file = im->file;
	v->type = MERIT_VALUE_STRING;
	v->text = s;
	enum coltype t = col->type;
	if (t == C_TITLE)
		t = s[0] == '{' ? C_JSON : C_TEXT;
	if (t == C_NUMBER) {
		char *end;
		errno = 0;
		double d = strtod(s, &end);
		if (!*end && errno != ERANGE && isfinite(d)) {
			v->type = MERIT_VALUE_NUMBER;
			v->u.num = d;
		}
	} else if (t == C_BOOL || t == C_LEVEL) {
		if (!strcasecmp(s, "true") || !strcasecmp(s, "false")) {
			v->type = MERIT_VALUE_BOOL;
			v->u.b = !strcasecmp(s, "true");
		}
	} else if (t == C_JSON) {
		json_error_t err;
		json_t *j = json_loadb(s, len, JSON_DECODE_ANY |
		    JSON_REJECT_DUPLICATES, &err);
		if (!j) {
			char *near = strstr(err.text, " near ");
			if (near)
				*near = '\0';
			report(im, line, col->name, "not valid JSON: %s (character "
			    "%d of the cell); write it as JSON text, such as "
			    "{\"education\": \"bachelor\"}", err.text, err.column);
			*bad = 1;
			return v;
		}
		v = value_from_json(&im->a, j, im->file, (int)line);
		json_decref(j);
	}
	return v;
}

/* One CSV record as the tree a YAML entry would be. */
static merit_value *csv_row(struct importer *im, const struct csv *c,
    const struct column *col, size_t ncol, long line, int *bad)
{
	merit_value *row = arena_alloc(&im->a, sizeof(*row));
	if (!row || !(row->u.c.items = arena_alloc(&im->a, ncol *
	    sizeof(*row->u.c.items))) || !(row->u.c.keys = arena_alloc(&im->a,
	    ncol * sizeof(*row->u.c.keys))))
		return NULL;
	row->type = MERIT_VALUE_MAP;
	row->file = im->file;
	row->line = (int)line;
	for (size_t i = 0; i < ncol; i++) {
		const char *s = c->field[i];
		size_t len = c->len[i], at;
		if (!len)
			continue; /* an empty cell: the field is not given */
		if (len > INPUT_MAX_VALUE) {
			report(im, line, col[i].name, "a value of %zu bytes; at most "
			    "%zu bytes (64 KiB) per value: shorten it", len,
			    INPUT_MAX_VALUE);
			*bad = 1;
			continue;
		}
		if ((at = utf8_check((const unsigned char *)s, len)) < len ||
		    (at = strlen(s)) < len) {
			report(im, line, col[i].name, "invalid %s at byte %zu of "
			    "the cell; save the file as UTF-8", s[at] ? "UTF-8" :
			    "NUL byte", at + 1);
			*bad = 1;
			continue;
		}
		merit_value *v = cell_value(im, &col[i], s, len, line, bad);
		if (!v)
			return NULL;
		value_place(v, (int)line, (int)i + 1);
		merit_value *parent = row;
		const char *key = col[i].key;
		if (col[i].sub) {
			/* personal.phone: a field of the map "personal" */
			parent = NULL;
			for (size_t j = 0; j < row->u.c.n; j++)
				if (!strcmp(row->u.c.keys[j], key))
					parent = row->u.c.items[j];
			if (!parent) {
				if (!(parent = arena_alloc(&im->a, sizeof(*parent))) ||
				    !(parent->u.c.items = arena_alloc(&im->a, ncol *
				    sizeof(*parent->u.c.items))) ||
				    !(parent->u.c.keys = arena_alloc(&im->a, ncol *
				    sizeof(*parent->u.c.keys))))
					return NULL;
				parent->type = MERIT_VALUE_MAP;
				parent->file = im->file;
				parent->line = (int)line;
				parent->col = (int)i + 1;
				row->u.c.keys[row->u.c.n] = key;
				row->u.c.items[row->u.c.n++] = parent;
			}
			key = col[i].sub;
		}
		parent->u.c.keys[parent->u.c.n] = key;
		parent->u.c.items[parent->u.c.n++] = v;
	}
	return row;
}

static void csv_hash(void *ctx, const char *bytes, size_t len)
{
	crypto_generichash_update(ctx, (const unsigned char *)bytes, len);
}

static void read_csv(struct importer *im, FILE *f,
    crypto_generichash_state *hash)
{
	struct csv c;
	struct column *col = NULL;
	size_t ncol = 0;
	long line;
	int rc;
	csv_init(&c, f, csv_hash, hash);
	if (read_header(im, &c, &col, &ncol))
		goto out;
	while (!im->stop && (rc = csv_next(&c, &line)) != 0) {
		if (rc < 0) {
			im->c.rows++;
			report(im, line, "row", "%s", c.error);
			if (ferror(f))
				break;
			continue;
		}
		if (c.n != ncol) {
			im->c.rows++;
			report(im, line, "row", "%zu fields, but the header names "
			    "%zu; quote fields that hold commas", c.n, ncol);
			continue;
		}
		int bad = 0;
		arena_reset(&im->a);
		merit_value *row = csv_row(im, &c, col, ncol, line, &bad);
		if (!row) {
			report(im, line, NULL, "out of memory");
			im->stop = 1;
		} else if (bad) {
			im->c.rows++;
		} else {
			import_row(im, row, line);
		}
	}
out:
	for (size_t i = 0; i < ncol; i++)
		free(col[i].name);
	free(col);
	csv_free(&c);
}

/* -- files ------------------------------------------------------------------ */

static enum kind kind_named(const char *s)
{
	if (!strcmp(s, "persons"))
		return K_ROSTER;
	for (int i = 0; i < N_KINDS; i++)
		if (!strcmp(s, kinds[i].name))
			return (enum kind)i;
	return K_UNKNOWN;
}

static enum kind kind_of_name(const char *path)
{
	const char *base = strrchr(path, '/');
	base = base ? base + 1 : path;
	for (int i = 0; i < N_KINDS; i++)
		if (!strncasecmp(base, kinds[i].prefix, strlen(kinds[i].prefix)) ||
		    (kinds[i].alt_prefix && !strncasecmp(base,
		    kinds[i].alt_prefix, strlen(kinds[i].alt_prefix))))
			return (enum kind)i;
	return K_UNKNOWN;
}

static enum format format_named(const char *s)
{
	if (!strcasecmp(s, "yaml") || !strcasecmp(s, "yml"))
		return F_YAML;
	if (!strcasecmp(s, "csv"))
		return F_CSV;
	if (!strcasecmp(s, "jsonl") || !strcasecmp(s, "ndjson"))
		return F_JSONL;
	return F_UNKNOWN;
}

static enum format format_of_name(const char *path)
{
	const char *dot = strrchr(path, '.'), *slash = strrchr(path, '/');
	return dot && (!slash || dot > slash) ? format_named(dot + 1)
	    : F_UNKNOWN;
}

static void import_file(struct importer *im, const char *path,
    struct file_sum *sum)
{
	crypto_generichash_state hash;
	unsigned char h[32];
	enum format fmt = im->o->format ? format_named(im->o->format) :
	    format_of_name(path);
	memset(&im->c, 0, sizeof(im->c));
	im->file = path;
	im->kind = im->o->kind ? kind_named(im->o->kind) : K_UNKNOWN;
	sum->file = path;
	FILE *f = fopen(path, "rb");
	if (!f) {
		report(im, 0, NULL, "cannot open: %s; check the path",
		    strerror(errno));
		return;
	}
	if (fmt == F_UNKNOWN) {
		report(im, 0, NULL, "cannot tell the format; name the file .yaml, "
		    ".csv or .jsonl, or give --format");
		fclose(f);
		return;
	}
	if (im->kind == K_UNKNOWN && fmt != F_YAML &&
	    (im->kind = kind_of_name(path)) == K_UNKNOWN) {
		report(im, 0, NULL, "cannot tell what the file holds; give --kind "
		    "(roster, evidence, courses, enrolments, completions) or "
		    "name the file roster*, evidence*, courses*, enrolments* or "
		    "completions*");
		fclose(f);
		return;
	}
	crypto_generichash_init(&hash, NULL, 0, sizeof(h));
	struct line_in in = { .f = f, .hash = &hash };
	if (fmt == F_CSV)
		read_csv(im, f, &hash);
	else if (fmt == F_JSONL)
		read_jsonl(im, &in);
	else
		read_yaml(im, &in);
	if (ferror(f))
		report(im, 0, NULL, "cannot read: %s", strerror(errno));
	free(in.buf);
	fclose(f);
	crypto_generichash_final(&hash, h, sizeof(h));
	sodium_bin2hex(sum->digest, sizeof(sum->digest), h, sizeof(h));
	sum->kind = im->kind;
	sum->c = im->c;
}

/* -- the command ------------------------------------------------------------ */

static int open_register(struct importer *im, struct diag *d)
{
	int rc;
	if ((rc = reg_open(&im->r, im->o->db, d)))
		return rc;
	im->reg_open = 1;
	if (sqlite3_exec(im->r.db, "CREATE TEMP TABLE import_seen (kind TEXT,"
	    " k TEXT, file TEXT, line INTEGER, PRIMARY KEY (kind, k))"
	    " WITHOUT ROWID", NULL, NULL, NULL) != SQLITE_OK)
		goto bad;
	for (int i = 0; i < N_STMTS; i++)
		if (sqlite3_prepare_v3(im->r.db, sql[i], -1,
		    SQLITE_PREPARE_PERSISTENT, &im->st[i], NULL) != SQLITE_OK)
			goto bad;
	if (roster_writer_open(&im->rw, &im->r))
		goto bad;
	return 0;
bad:
	diag_add(d, im->o->db, 0, 0, "register: %s", sqlite3_errmsg(im->r.db));
	return MERIT_EDB;
}

int import_put_agency(struct reg *r, const struct workspace *w)
{
	const struct agency *ag = w->ag;
	const struct merit_model *m = w->model;
	json_t *tj = ag->title ? value_to_json(ag->title) : NULL;
	char *title = tj ? json_dumps(tj, JSON_COMPACT | JSON_SORT_KEYS |
	    JSON_ENCODE_ANY) : NULL;
	json_decref(tj);
	int rc = reg_put_agency(r, ag->id, title, m->framework ?
	    m->framework->id : NULL, ag->config_hash, ag->file);
	free(title);
	return rc;
}

static void print_sum(FILE *out, const struct file_sum *s)
{
	fprintf(out, "%s: kind %s, %zu rows: %zu new, %zu changed, %zu "
	    "unchanged", s->file, s->kind < N_KINDS ? kinds[s->kind].name :
	    "?", s->c.rows, s->c.added, s->c.changed, s->c.same);
}

int import_run(const struct import_opts *o)
{
	struct importer im = { .o = o };
	struct file_sum *sums = NULL;
	struct diag d;
	char *path = NULL;
	int status = 2, rc, began = 0;
	time_t t = time(NULL);
	struct tm tm;

	diag_init(&d);
	diag_init(&im.rowd);
	/* SQLite frees and reallocates memory at the top of the heap for
	 * every statement; returning it to the system each time costs a
	 * system call and a TLB flush per row. Keep up to 32 MiB. */
	mallopt(M_TRIM_THRESHOLD, 32 << 20);
	gmtime_r(&t, &tm);
	strftime(im.now, sizeof(im.now), "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (o->kind && kind_named(o->kind) == K_UNKNOWN) {
		fprintf(stderr, "merit: import: unknown --kind '%s'; use roster, "
		    "evidence, courses, enrolments or completions\n", o->kind);
		goto out;
	}
	if (o->format && format_named(o->format) == F_UNKNOWN) {
		fprintf(stderr, "merit: import: unknown --format '%s'; use yaml, "
		    "csv or jsonl\n", o->format);
		goto out;
	}
	if (!(sums = calloc(o->n_files, sizeof(*sums))))
		goto out;
	if ((rc = workspace_find(o->db, o->agency, &path, &d)) ||
	    (rc = workspace_open(&im.w, path, NULL, &d))) {
		diag_print(&d);
		goto out;
	}
	im.agency = im.w.ag->id;
	if (open_register(&im, &d) || reg_begin(&im.r)) {
		if (!d.n)
			diag_add(&d, o->db, 0, 0, "register: %s",
			    reg_errmsg(&im.r));
		diag_print(&d);
		goto out;
	}
	began = 1;
	if (import_put_agency(&im.r, &im.w)) {
		fprintf(stderr, "merit: %s: register: cannot record agency %s: "
		    "%s\n", o->db, im.agency, reg_errmsg(&im.r));
		goto out;
	}
	/* one transaction for every file: all of it, or none of it */
	for (size_t i = 0; i < o->n_files && !im.stop; i++)
		import_file(&im, o->files[i], &sums[i]);
	if (im.errors) {
		for (size_t i = 0; i < im.n_shown; i++)
			fprintf(stderr, "merit: %s\n", im.shown[i]);
		if (im.errors > im.n_shown)
			fprintf(stderr, "merit: ... and %zu more\n",
			    im.errors - im.n_shown);
		fprintf(stderr, "merit: import: %zu problem%s; nothing imported, "
		    "the register is as it was\n", im.errors,
		    im.errors == 1 ? "" : "s");
		goto out;
	}
	for (size_t i = 0; i < o->n_files; i++) {
		struct file_sum *s = &sums[i];
		char *detail = NULL;
		if (!s->c.added && !s->c.changed && !s->c.model_courses)
			continue;
		if (asprintf(&detail, "%s: kind %s, %zu rows: %zu new, %zu "
		    "changed, %zu unchanged", s->file, kinds[s->kind].name,
		    s->c.rows, s->c.added, s->c.changed, s->c.same) < 0)
			goto out;
		rc = reg_audit(&im.r, "cli", "import", im.agency, detail,
		    s->digest);
		free(detail);
		if (rc) {
			fprintf(stderr, "merit: %s: register: cannot write the audit "
			    "log: %s\n", o->db, reg_errmsg(&im.r));
			goto out;
		}
	}
	if (reg_commit(&im.r)) {
		fprintf(stderr, "merit: %s: register: cannot commit: %s\n", o->db,
		    reg_errmsg(&im.r));
		goto out;
	}
	began = 0;
	for (size_t i = 0; i < o->n_files; i++) {
		print_sum(stdout, &sums[i]);
		if (sums[i].c.model_courses)
			printf(" (%zu course%s added from the model)",
			    sums[i].c.model_courses,
			    sums[i].c.model_courses == 1 ? "" : "s");
		putchar('\n');
	}
	status = 0;
out:
	if (began)
		reg_rollback(&im.r);
	for (int i = 0; i < N_STMTS; i++)
		sqlite3_finalize(im.st[i]);
	roster_writer_close(&im.rw);
	if (im.reg_open)
		reg_close(&im.r);
	if (im.w.ag)
		workspace_close(&im.w);
	for (size_t i = 0; i < im.n_shown; i++)
		free(im.shown[i]);
	diag_free(&im.rowd);
	diag_free(&d);
	arena_free(&im.a);
	free(sums);
	free(path);
	return status;
}
