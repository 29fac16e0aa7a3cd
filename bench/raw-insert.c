/* The baseline of make bench: the fastest way to put merit's result rows
 * into SQLite. It copies the rows of result, competency_result and gap
 * that merit assess wrote into memory, then times inserting them into a
 * fresh database with the same tables, the same pragmas, one prepared
 * statement per table and one transaction. Nothing is scored, hashed or
 * explained: this is the floor merit's own register writes stand on.
 *
 *   raw-insert FROM.db TO.db   prints: rows N seconds S
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sqlite3.h>

static const char *const tables[] = { "result", "competency_result", "gap" };
#define N_TABLES (sizeof(tables) / sizeof(tables[0]))

struct rows {
	int cols;
	size_t n, cap;
	sqlite3_value **v; /* n * cols */
};

static void die(sqlite3 *db, const char *what)
{
	fprintf(stderr, "raw-insert: %s: %s\n", what, sqlite3_errmsg(db));
	exit(2);
}

static void load(sqlite3 *db, const char *table, struct rows *r)
{
	char sql[128];
	sqlite3_stmt *st;
	snprintf(sql, sizeof(sql), "SELECT * FROM %s", table);
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		die(db, sql);
	r->cols = sqlite3_column_count(st);
	while (sqlite3_step(st) == SQLITE_ROW) {
		if (r->n == r->cap) {
			r->cap = r->cap ? r->cap * 2 : 4096;
			r->v = realloc(r->v, r->cap * (size_t)r->cols *
			    sizeof(*r->v));
			if (!r->v) {
				fprintf(stderr, "raw-insert: out of memory\n");
				exit(2);
			}
		}
		for (int c = 0; c < r->cols; c++)
			r->v[r->n * (size_t)r->cols + (size_t)c] =
			    sqlite3_value_dup(sqlite3_column_value(st, c));
		r->n++;
	}
	sqlite3_finalize(st);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	sqlite3 *from, *to;
	struct rows rows[N_TABLES] = { { 0 } };
	if (argc != 3) {
		fprintf(stderr, "usage: raw-insert FROM.db TO.db\n");
		return 2;
	}
	if (sqlite3_open_v2(argv[1], &from, SQLITE_OPEN_READONLY, NULL))
		die(from, argv[1]);
	remove(argv[2]);
	if (sqlite3_open(argv[2], &to))
		die(to, argv[2]);
	/* the same tables (foreign keys off: only these three are copied) */
	if (sqlite3_exec(to, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
	    NULL, NULL, NULL))
		die(to, "pragmas");
	for (size_t t = 0; t < N_TABLES; t++) {
		sqlite3_stmt *st;
		if (sqlite3_prepare_v2(from, "SELECT sql FROM sqlite_master WHERE"
		    " name = ?1", -1, &st, NULL) != SQLITE_OK)
			die(from, "schema");
		sqlite3_bind_text(st, 1, tables[t], -1, SQLITE_STATIC);
		if (sqlite3_step(st) != SQLITE_ROW)
			die(from, tables[t]);
		if (sqlite3_exec(to, (const char *)sqlite3_column_text(st, 0), NULL,
		    NULL, NULL))
			die(to, tables[t]);
		sqlite3_finalize(st);
		load(from, tables[t], &rows[t]);
	}
	double t0 = now();
	size_t total = 0;
	if (sqlite3_exec(to, "BEGIN IMMEDIATE", NULL, NULL, NULL))
		die(to, "begin");
	for (size_t t = 0; t < N_TABLES; t++) {
		char sql[512];
		size_t off = (size_t)snprintf(sql, sizeof(sql),
		    "INSERT INTO %s VALUES (", tables[t]);
		for (int c = 0; c < rows[t].cols; c++)
			off += (size_t)snprintf(sql + off, sizeof(sql) - off, "%s?",
			    c ? "," : "");
		snprintf(sql + off, sizeof(sql) - off, ")");
		sqlite3_stmt *ins;
		if (sqlite3_prepare_v2(to, sql, -1, &ins, NULL) != SQLITE_OK)
			die(to, sql);
		for (size_t i = 0; i < rows[t].n; i++) {
			for (int c = 0; c < rows[t].cols; c++)
				sqlite3_bind_value(ins, c + 1, rows[t].v[i *
				    (size_t)rows[t].cols + (size_t)c]);
			if (sqlite3_step(ins) != SQLITE_DONE)
				die(to, "insert");
			sqlite3_reset(ins);
		}
		sqlite3_finalize(ins);
		total += rows[t].n;
	}
	if (sqlite3_exec(to, "COMMIT", NULL, NULL, NULL))
		die(to, "commit");
	double secs = now() - t0;
	printf("rows %zu seconds %.3f\n", total, secs);
	for (size_t t = 0; t < N_TABLES; t++) {
		for (size_t i = 0; i < rows[t].n * (size_t)rows[t].cols; i++)
			sqlite3_value_free(rows[t].v[i]);
		free(rows[t].v);
	}
	sqlite3_close(from);
	sqlite3_close(to);
	return 0;
}
