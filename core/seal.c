#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sodium.h>
#include "merit/error.h"
#include "audit.h"
#include "seal.h"

/* The tables whose rows are sealed, and how a finding names a row. The
 * order is part of the commitment's encoding: append only. */
static const struct sealed_table {
	const char *name, *key;
} sealed[] = {
	{ "result", "printf('id %d', id)" },
	{ "competency_result", "printf('result %d competency %s', result_id,"
	  " competency)" },
	{ "gap", "printf('result %d priority %d', result_id, priority)" },
	{ "course_result", "printf('result %d course %s', result_id, course)" },
	{ "item_result", "printf('result %d item %s', result_id, item)" },
	{ "plan", "printf('id %d', id)" },
	{ "plan_item", "printf('plan %d rank %d', plan_id, rank)" },
	{ "token", "printf('id %s', id)" },
	{ "pool_member", "printf('agency %s pool %s person %s entered %s',"
	  " agency, pool, person, entered_on)" },
	{ "adoption", "printf('id %d', id)" },
	{ "seal_release", "printf('of %s %s', tbl, row_key)" },
};
#define N_SEALED (int)(sizeof(sealed) / sizeof(sealed[0]))

static int table_index(const char *name)
{
	for (int i = 0; name && i < N_SEALED; i++)
		if (!strcmp(sealed[i].name, name))
			return i;
	return -1;
}

/* -- the seal of a row ------------------------------------------------ */

static void put_u64(crypto_generichash_state *st, unsigned long long n)
{
	unsigned char b[8];
	for (int i = 0; i < 8; i++)
		b[i] = (unsigned char)(n >> (8 * i));
	crypto_generichash_update(st, b, sizeof(b));
}

static void put_bytes(crypto_generichash_state *st, char tag,
    const void *p, size_t n)
{
	crypto_generichash_update(st, (const unsigned char *)&tag, 1);
	put_u64(st, n);
	if (n)
		crypto_generichash_update(st, p, n);
}

/* A value as stored and as bound must encode alike: a REAL column gives
 * back 3.0 for a bound 3, so integral numbers encode as integers. */
static void put_value(crypto_generichash_state *st, sqlite3_value *v)
{
	double x;
	switch (sqlite3_value_type(v)) {
	case SQLITE_NULL:
		crypto_generichash_update(st, (const unsigned char *)"n", 1);
		break;
	case SQLITE_INTEGER:
		crypto_generichash_update(st, (const unsigned char *)"i", 1);
		put_u64(st, (unsigned long long)sqlite3_value_int64(v));
		break;
	case SQLITE_FLOAT:
		x = sqlite3_value_double(v);
		if (x == floor(x) && fabs(x) < 9.0e18) {
			crypto_generichash_update(st, (const unsigned char *)"i", 1);
			put_u64(st, (unsigned long long)(long long)x);
		} else {
			unsigned long long bits;
			memcpy(&bits, &x, sizeof(bits));
			crypto_generichash_update(st, (const unsigned char *)"r", 1);
			put_u64(st, bits);
		}
		break;
	case SQLITE_TEXT:
		put_bytes(st, 't', sqlite3_value_text(v),
		    (size_t)sqlite3_value_bytes(v));
		break;
	default:
		put_bytes(st, 'b', sqlite3_value_blob(v),
		    (size_t)sqlite3_value_bytes(v));
	}
}

static void row_seal(const char *table, long long seq, int argc,
    sqlite3_value **argv, unsigned char h[32])
{
	crypto_generichash_state st;
	crypto_generichash_init(&st, NULL, 0, 32);
	put_bytes(&st, 's', "merit-seal-1", 12);
	put_bytes(&st, 't', table, strlen(table));
	put_u64(&st, (unsigned long long)seq);
	put_u64(&st, (unsigned long long)argc);
	for (int i = 0; i < argc; i++)
		put_value(&st, argv[i]);
	crypto_generichash_final(&st, h, 32);
}

/* -- the batch: seals written for the coming audit entry --------------- */

struct sealed_row {
	long long seq;
	int table;
	unsigned char h[32];
};

struct batch {
	long long seq; /* 0: none open */
	size_t n, cap;
	struct sealed_row *v;
};

static void batch_reset(void *p)
{
	struct batch *b = p;
	b->seq = 0;
	b->n = 0;
}

static void batch_free(void *p)
{
	struct batch *b = p;
	free(b->v);
	free(b);
}

static int push(struct sealed_row **v, size_t *n, size_t *cap,
    const struct sealed_row *row)
{
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 1024;
		struct sealed_row *nv = realloc(*v, c * sizeof(*nv));
		if (!nv)
			return MERIT_ENOMEM;
		*v = nv;
		*cap = c;
	}
	(*v)[(*n)++] = *row;
	return 0;
}

static int by_seq_table_hash(const void *a, const void *b)
{
	const struct sealed_row *x = a, *y = b;
	if (x->seq != y->seq)
		return x->seq < y->seq ? -1 : 1;
	if (x->table != y->table)
		return x->table < y->table ? -1 : 1;
	return memcmp(x->h, y->h, 32);
}

/* "table count hash;..." over rows of one seq, sorted: per table the
 * number of seals and BLAKE2b-256 of them in order. */
static char *commitment(const struct sealed_row *v, size_t n)
{
	char *out = sqlite3_mprintf("%s", "");
	for (size_t i = 0; out && i < n;) {
		size_t j = i;
		crypto_generichash_state st;
		unsigned char h[32];
		char hex[AUDIT_HASH_HEX];
		crypto_generichash_init(&st, NULL, 0, sizeof(h));
		for (; j < n && v[j].table == v[i].table; j++)
			crypto_generichash_update(&st, v[j].h, 32);
		crypto_generichash_final(&st, h, sizeof(h));
		sodium_bin2hex(hex, sizeof(hex), h, sizeof(h));
		char *next = sqlite3_mprintf("%s%s%s %lld %s", out, *out ? ";" : "",
		    sealed[v[i].table].name, (long long)(j - i), hex);
		sqlite3_free(out);
		out = next;
		i = j;
	}
	return out;
}

/* -- SQL functions ----------------------------------------------------- */

static void fn_seal_common(sqlite3_context *cx, int argc, sqlite3_value **argv,
    int record)
{
	struct batch *b = sqlite3_user_data(cx);
	const char *table = (const char *)sqlite3_value_text(argv[0]);
	int t = table_index(table);
	if (t < 0 || argc < 2) {
		sqlite3_result_error(cx, "merit_seal: not a sealed table", -1);
		return;
	}
	if (sqlite3_value_type(argv[1]) == SQLITE_NULL) {
		sqlite3_result_null(cx);
		return;
	}
	struct sealed_row row = { .seq = sqlite3_value_int64(argv[1]),
		.table = t };
	if (record && (!b->seq || row.seq != b->seq)) {
		sqlite3_result_error(cx, "merit_seal: the seq is not the coming "
		    "audit entry's", -1);
		return;
	}
	row_seal(table, row.seq, argc - 2, argv + 2, row.h);
	if (record && push(&b->v, &b->n, &b->cap, &row)) {
		sqlite3_result_error_nomem(cx);
		return;
	}
	char hex[AUDIT_HASH_HEX];
	sodium_bin2hex(hex, sizeof(hex), row.h, 32);
	sqlite3_result_text(cx, hex, -1, SQLITE_TRANSIENT);
}

static void fn_seal(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	fn_seal_common(cx, argc, argv, 1);
}

static void fn_seal_of(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	fn_seal_common(cx, argc, argv, 0);
}

static void fn_open(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	struct batch *b = sqlite3_user_data(cx);
	(void)argc;
	if (!b->seq) {
		b->seq = sqlite3_value_int64(argv[0]);
		b->n = 0;
	}
	sqlite3_result_int64(cx, b->seq);
}

static void fn_commit(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	struct batch *b = sqlite3_user_data(cx);
	(void)argc;
	if (!b->seq) {
		sqlite3_result_null(cx);
		return;
	}
	if (sqlite3_value_int64(argv[0]) != b->seq) {
		sqlite3_result_error(cx, "merit_seal_commit: rows were sealed for "
		    "another audit entry", -1);
		return;
	}
	char *s = NULL;
	if (b->n) {
		qsort(b->v, b->n, sizeof(*b->v), by_seq_table_hash);
		s = commitment(b->v, b->n);
		if (!s) {
			sqlite3_result_error_nomem(cx);
			return;
		}
	}
	batch_reset(b);
	if (s)
		sqlite3_result_text(cx, s, -1, sqlite3_free);
	else
		sqlite3_result_null(cx);
}

static void fn_discard(sqlite3_context *cx, int argc, sqlite3_value **argv)
{
	(void)argc;
	(void)argv;
	batch_reset(sqlite3_user_data(cx));
	sqlite3_result_null(cx);
}

void seal_discard(sqlite3 *db)
{
	sqlite3_exec(db, "SELECT merit_seal_discard()", NULL, NULL, NULL);
}

int seal_register(sqlite3 *db)
{
	struct batch *b = calloc(1, sizeof(*b));
	if (!b)
		return MERIT_ENOMEM;
	int flags = SQLITE_UTF8 | SQLITE_DETERMINISTIC;
	if (sqlite3_create_function_v2(db, "merit_seal", -1, SQLITE_UTF8, b,
	    fn_seal, NULL, NULL, batch_free) != SQLITE_OK) {
		batch_free(b);
		return MERIT_EDB;
	}
	if (sqlite3_create_function_v2(db, "merit_seal_of", -1, flags, b,
	    fn_seal_of, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function_v2(db, "merit_seal_open", 1, SQLITE_UTF8, b,
	    fn_open, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function_v2(db, "merit_seal_commit", 1, SQLITE_UTF8,
	    b, fn_commit, NULL, NULL, NULL) != SQLITE_OK ||
	    sqlite3_create_function_v2(db, "merit_seal_discard", 0, SQLITE_UTF8,
	    b, fn_discard, NULL, NULL, NULL) != SQLITE_OK)
		return MERIT_EDB;
	/* seals of a transaction rolled back were never written */
	sqlite3_rollback_hook(db, batch_reset, b);
	return 0;
}

/* -- helpers over SQL -------------------------------------------------- */

/* The columns a seal covers, in the table's order: all but its seal. */
static char *content_columns(sqlite3 *db, const char *table)
{
	sqlite3_stmt *st;
	char *sql = sqlite3_mprintf("PRAGMA table_info(%Q)", table), *out;
	int rc = sql ? sqlite3_prepare_v2(db, sql, -1, &st, NULL) : SQLITE_NOMEM;
	sqlite3_free(sql);
	if (rc != SQLITE_OK)
		return NULL;
	out = sqlite3_mprintf("%s", "");
	while (out && sqlite3_step(st) == SQLITE_ROW) {
		const char *c = (const char *)sqlite3_column_text(st, 1);
		if (!strcmp(c, "seal") || !strcmp(c, "sealed_by"))
			continue;
		char *next = sqlite3_mprintf("%s, \"%w\"", out, c);
		sqlite3_free(out);
		out = next;
	}
	sqlite3_finalize(st);
	return out;
}

static int exec_sql(sqlite3 *db, char *sql)
{
	int rc = sql ? sqlite3_exec(db, sql, NULL, NULL, NULL) : SQLITE_NOMEM;
	sqlite3_free(sql);
	return rc == SQLITE_OK ? 0 : MERIT_EDB;
}

long long seal_seq(sqlite3 *db)
{
	sqlite3_stmt *st;
	long long seq = MERIT_EDB;
	if (sqlite3_prepare_v2(db, "SELECT merit_seal_open((SELECT"
	    " coalesce(max(seq), 0) + 1 FROM audit))", -1, &st, NULL) !=
	    SQLITE_OK)
		return MERIT_EDB;
	if (sqlite3_step(st) == SQLITE_ROW)
		seq = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return seq;
}

char *seal_commit(sqlite3 *db, long long seq, int *err)
{
	sqlite3_stmt *st;
	char *out = NULL;
	*err = MERIT_EDB;
	if (sqlite3_prepare_v2(db, "SELECT merit_seal_commit(?1)", -1, &st,
	    NULL) != SQLITE_OK)
		return NULL;
	sqlite3_bind_int64(st, 1, seq);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*err = 0;
		if (sqlite3_column_type(st, 0) != SQLITE_NULL &&
		    !(out = sqlite3_mprintf("%s", sqlite3_column_text(st, 0))))
			*err = MERIT_ENOMEM;
	}
	sqlite3_finalize(st);
	return out;
}

/* The condition that a row does not carry the seal of its content. */
static char *broken_cond(const char *table, const char *cols)
{
	return sqlite3_mprintf("(seal IS NULL OR sealed_by IS NULL OR seal IS"
	    " NOT merit_seal_of(%Q, sealed_by%s))", table, cols);
}

char *seal_broken_condition(sqlite3 *db, const char *table)
{
	char *cols = content_columns(db, table);
	char *cond = cols ? broken_cond(table, cols) : NULL;
	sqlite3_free(cols);
	return cond;
}

int seal_broken(sqlite3 *db, const char *table, const char *where, ...)
{
	va_list ap;
	va_start(ap, where);
	char *w = sqlite3_vmprintf(where, ap);
	va_end(ap);
	char *cols = content_columns(db, table);
	char *bad = cols ? broken_cond(table, cols) : NULL;
	char *sql = w && bad ? sqlite3_mprintf("SELECT count(*) FROM \"%w\""
	    " WHERE (%s) AND %s", table, w, bad) : NULL;
	sqlite3_stmt *st;
	int n = MERIT_EDB;
	if (sql && sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		if (sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int(st, 0);
		sqlite3_finalize(st);
	}
	sqlite3_free(w);
	sqlite3_free(cols);
	sqlite3_free(bad);
	sqlite3_free(sql);
	return n;
}

/* The first row of table matching w whose seal does not hold, named in
 * err; 1 when found, 0 when none, MERIT_EDB. */
static int first_broken(sqlite3 *db, const char *table, const char *cols,
    const char *w, char *err, size_t errlen)
{
	int t = table_index(table);
	char *bad = broken_cond(table, cols);
	char *sql = bad ? sqlite3_mprintf("SELECT %s, sealed_by FROM \"%w\""
	    " WHERE (%s) AND %s LIMIT 1", sealed[t].key, table, w, bad) : NULL;
	sqlite3_stmt *st;
	int rc = MERIT_EDB;
	if (sql && sqlite3_prepare_v2(db, sql, -1, &st, NULL) == SQLITE_OK) {
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			if (sqlite3_column_type(st, 1) == SQLITE_NULL)
				snprintf(err, errlen, "%s %s has no seal: it was "
				    "written outside merit (see merit audit verify)",
				    table, sqlite3_column_text(st, 0));
			else
				snprintf(err, errlen, "%s %s (sealed by audit entry "
				    "%lld) was changed outside merit (see merit audit "
				    "verify)", table, sqlite3_column_text(st, 0),
				    sqlite3_column_int64(st, 1));
		}
		rc = rc == SQLITE_ROW ? 1 : rc == SQLITE_DONE ? 0 : MERIT_EDB;
		sqlite3_finalize(st);
	}
	sqlite3_free(bad);
	sqlite3_free(sql);
	return rc;
}

int seal_release(sqlite3 *db, char *err, size_t errlen, const char *table,
    const char *where, ...)
{
	int t = table_index(table), rc = MERIT_EDB;
	if (t < 0)
		return MERIT_EINVAL;
	va_list ap;
	va_start(ap, where);
	char *w = sqlite3_vmprintf(where, ap);
	va_end(ap);
	char *cols = content_columns(db, table);
	long long seq = seal_seq(db);
	if (!w || !cols || seq <= 0)
		goto out;
	/* merit does not build on a row edited behind its back */
	if ((rc = first_broken(db, table, cols, w, err, errlen)))
		goto out;
	rc = exec_sql(db, sqlite3_mprintf("INSERT INTO seal_release(tbl,"
	    " row_key, old_seq, old_seal, seal, sealed_by) SELECT %Q, %s,"
	    " sealed_by, seal, merit_seal('seal_release', %lld, %Q, %s,"
	    " sealed_by, seal), %lld FROM \"%w\" WHERE %s", table, sealed[t].key,
	    seq, table, sealed[t].key, seq, table, w));
	if (!rc)
		rc = exec_sql(db, sqlite3_mprintf("UPDATE \"%w\" SET seal = NULL,"
		    " sealed_by = NULL WHERE %s", table, w));
out:
	if (rc == 1)
		rc = MERIT_EINPUT;
	else if (rc == MERIT_EDB)
		snprintf(err, errlen, "%s", sqlite3_errmsg(db));
	sqlite3_free(w);
	sqlite3_free(cols);
	return rc;
}

static int seal_where(sqlite3 *db, const char *table, const char *w)
{
	char *cols = content_columns(db, table);
	long long seq = seal_seq(db);
	int rc = MERIT_EDB;
	if (cols && seq > 0)
		rc = exec_sql(db, sqlite3_mprintf("UPDATE \"%w\" SET sealed_by ="
		    " %lld, seal = merit_seal(%Q, %lld%s) WHERE seal IS NULL AND"
		    " (%s)", table, seq, table, seq, cols, w));
	sqlite3_free(cols);
	return rc;
}

int seal_rows(sqlite3 *db, const char *table, const char *where, ...)
{
	va_list ap;
	va_start(ap, where);
	char *w = sqlite3_vmprintf(where, ap);
	va_end(ap);
	int rc = w ? seal_where(db, table, w) : MERIT_ENOMEM;
	sqlite3_free(w);
	return rc;
}

int seal_existing(sqlite3 *db)
{
	int n = 0;
	for (int t = 0; t < N_SEALED; t++) {
		if (seal_where(db, sealed[t].name, "1"))
			return MERIT_EDB;
		n += sqlite3_changes(db);
	}
	if (!n) {
		/* nothing to seal: close the batch seal_where opened */
		int err;
		sqlite3_free(seal_commit(db, seal_seq(db), &err));
		return err;
	}
	char at[32], detail[128];
	time_t now = time(NULL);
	struct tm tm;
	gmtime_r(&now, &tm);
	strftime(at, sizeof(at), "%Y-%m-%dT%H:%M:%SZ", &tm);
	snprintf(detail, sizeof(detail), "%d row(s) written before rows were "
	    "sealed, sealed as found", n);
	return audit_append(db, at, "merit", "seal", NULL, detail, NULL);
}

/* -- verify ------------------------------------------------------------ */

struct finder {
	void (*problem)(void *, const char *);
	void *arg;
	int found;
};

static void say(struct finder *f, const char *fmt, ...)
{
	char buf[768];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	f->problem(f->arg, buf);
	f->found++;
}

static int hex32(const unsigned char *s, unsigned char h[32])
{
	size_t n;
	return s && strlen((const char *)s) == 64 && !sodium_hex2bin(h, 32,
	    (const char *)s, 64, NULL, &n, NULL) && n == 32 ? 0 : -1;
}

/* Each row of a table: its seal against its content; the seals kept for
 * the entries' commitments. */
static int check_table(sqlite3 *db, int t, struct finder *f,
    struct sealed_row **v, size_t *n, size_t *cap)
{
	const char *table = sealed[t].name;
	char *cols = content_columns(db, table);
	char *sql = cols ? sqlite3_mprintf("SELECT %s, sealed_by, seal,"
	    " merit_seal_of(%Q, sealed_by%s)%s FROM \"%w\"", sealed[t].key,
	    table, cols, t == table_index("seal_release") ? ", tbl, old_seq,"
	    " old_seal" : "", table) : NULL;
	sqlite3_stmt *st;
	int rc = MERIT_EDB;
	if (!sql || sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		goto out;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(st, 0);
		const unsigned char *seal = sqlite3_column_text(st, 2);
		const unsigned char *now = sqlite3_column_text(st, 3);
		struct sealed_row row = { .seq = sqlite3_column_int64(st, 1),
			.table = t };
		if (!seal || sqlite3_column_type(st, 1) == SQLITE_NULL) {
			say(f, "%s %s has no seal: it was written outside merit",
			    table, key);
			continue;
		}
		if (!now || strcmp((const char *)seal, (const char *)now))
			say(f, "%s %s (sealed by audit entry %lld) was changed "
			    "after it was sealed", table, key, row.seq);
		if (!hex32(seal, row.h) && push(v, n, cap, &row))
			break;
		/* a released seal still counts for the entry that wrote it */
		if (sqlite3_column_count(st) > 4) {
			struct sealed_row old = { .seq = sqlite3_column_int64(st, 5),
				.table = table_index((const char *)
				sqlite3_column_text(st, 4)) };
			if (old.table >= 0 && !hex32(sqlite3_column_text(st, 6),
			    old.h) && push(v, n, cap, &old))
				break;
		}
	}
	rc = rc == SQLITE_DONE ? 0 : MERIT_EDB;
	sqlite3_finalize(st);
out:
	sqlite3_free(cols);
	sqlite3_free(sql);
	return rc;
}

/* One table's part of a commitment: its count and hash, or 0 and "". */
static void part_of(const char *c, const char *table, long long *count,
    char hash[AUDIT_HASH_HEX])
{
	size_t len = strlen(table);
	*count = 0;
	*hash = 0;
	for (const char *p = c; p && *p; p = strchr(p, ';') ? strchr(p, ';') + 1
	    : NULL)
		if (!strncmp(p, table, len) && p[len] == ' ') {
			sscanf(p + len, " %lld %64[0-9a-f]", count, hash);
			return;
		}
}

static void compare_entry(struct finder *f, long long seq, const char *what,
    const char *stored, const char *now)
{
	if (!strcmp(stored, now))
		return;
	for (int t = 0; t < N_SEALED; t++) {
		long long was, is;
		char h1[AUDIT_HASH_HEX], h2[AUDIT_HASH_HEX];
		part_of(stored, sealed[t].name, &was, h1);
		part_of(now, sealed[t].name, &is, h2);
		if (was == is && !strcmp(h1, h2))
			continue;
		if (was > is)
			say(f, "%s: audit entry %lld (%s) sealed %lld row(s), %lld "
			    "carry its seals now: %lld row(s) were deleted",
			    sealed[t].name, seq, what, was, is, was - is);
		else if (was < is)
			say(f, "%s: audit entry %lld (%s) sealed %lld row(s), %lld "
			    "carry its seals now: %lld row(s) were inserted",
			    sealed[t].name, seq, what, was, is, is - was);
		else
			say(f, "%s: the rows sealed by audit entry %lld (%s) are not "
			    "the rows it sealed: rows were replaced", sealed[t].name,
			    seq, what);
	}
}

/* Each entry's commitment against the seals that name it (v sorted). */
static int check_entries(sqlite3 *db, struct finder *f,
    const struct sealed_row *v, size_t n)
{
	sqlite3_stmt *st;
	size_t i = 0;
	if (sqlite3_prepare_v2(db, "SELECT seq, action || ' ' ||"
	    " coalesce(subject, '') || ' at ' || at, seals FROM audit"
	    " WHERE seals IS NOT NULL ORDER BY seq", -1, &st, NULL) != SQLITE_OK)
		return MERIT_EDB;
	int rc;
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		long long seq = sqlite3_column_int64(st, 0);
		for (; i < n && v[i].seq < seq; i++)
			say(f, "%s: a row claims audit entry %lld, which sealed "
			    "none: it was written outside merit",
			    sealed[v[i].table].name, v[i].seq);
		size_t j = i;
		while (j < n && v[j].seq == seq)
			j++;
		char *now = commitment(v + i, j - i);
		if (!now) {
			rc = SQLITE_NOMEM;
			break;
		}
		compare_entry(f, seq, (const char *)sqlite3_column_text(st, 1),
		    (const char *)sqlite3_column_text(st, 2), now);
		sqlite3_free(now);
		i = j;
	}
	sqlite3_finalize(st);
	for (; rc == SQLITE_DONE && i < n; i++)
		say(f, "%s: a row claims audit entry %lld, which sealed none: it "
		    "was written outside merit", sealed[v[i].table].name, v[i].seq);
	return rc == SQLITE_DONE ? 0 : MERIT_EDB;
}

int seal_verify(sqlite3 *db, void (*problem)(void *arg, const char *what),
    void *arg)
{
	struct finder f = { problem, arg, 0 };
	struct sealed_row *v = NULL;
	size_t n = 0, cap = 0;
	int rc = 0;
	for (int t = 0; !rc && t < N_SEALED; t++)
		rc = check_table(db, t, &f, &v, &n, &cap);
	if (!rc) {
		if (n)
			qsort(v, n, sizeof(*v), by_seq_table_hash);
		rc = check_entries(db, &f, v, n);
	}
	free(v);
	return rc ? rc : f.found;
}

int seal_result_broken(sqlite3 *db, long long id)
{
	static const char *const parts[] = { "competency_result", "gap",
		"course_result", "item_result" };
	int n = seal_broken(db, "result", "id = %lld", id);
	for (size_t i = 0; n == 0 && i < sizeof(parts) / sizeof(*parts); i++)
		n = seal_broken(db, parts[i], "result_id = %lld", id);
	return n;
}
