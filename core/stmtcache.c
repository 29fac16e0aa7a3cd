#include <stddef.h>
#include <string.h>
#include "stmtcache.h"

/* The statements of one server's handlers: a few dozen, found by their
 * SQL text (some call sites build it in a buffer). */
#define CACHE_MAX 128

static struct entry {
	sqlite3_stmt *st;
	int in_use;
} cache[CACHE_MAX];
static size_t n_cache;
static sqlite3 *cached_db;

void stmt_cache_enable(sqlite3 *db)
{
	cached_db = db;
}

void stmt_cache_drop(sqlite3 *db)
{
	if (db != cached_db)
		return;
	for (size_t i = 0; i < n_cache; i++)
		sqlite3_finalize(cache[i].st);
	n_cache = 0;
	cached_db = NULL;
}

int stmt_prepare(sqlite3 *db, const char *sql, int n, sqlite3_stmt **st,
    const char **tail)
{
	if (db != cached_db || !db)
		return sqlite3_prepare_v2(db, sql, n, st, tail);
	for (size_t i = 0; i < n_cache; i++) {
		if (strcmp(sqlite3_sql(cache[i].st), sql))
			continue;
		if (cache[i].in_use)
			return sqlite3_prepare_v2(db, sql, n, st, tail);
		cache[i].in_use = 1;
		*st = cache[i].st;
		if (tail)
			*tail = NULL;
		return SQLITE_OK;
	}
	int rc = sqlite3_prepare_v3(db, sql, n, SQLITE_PREPARE_PERSISTENT, st,
	    tail);
	if (rc == SQLITE_OK && *st && n_cache < CACHE_MAX)
		cache[n_cache++] = (struct entry){ *st, 1 };
	return rc;
}

int stmt_finalize(sqlite3_stmt *st)
{
	if (!st)
		return SQLITE_OK;
	for (size_t i = 0; cached_db && i < n_cache; i++) {
		if (cache[i].st != st)
			continue;
		int rc = sqlite3_reset(st);
		sqlite3_clear_bindings(st);
		cache[i].in_use = 0;
		return rc;
	}
	return sqlite3_finalize(st);
}
