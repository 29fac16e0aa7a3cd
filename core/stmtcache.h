/* Prepared statements kept for a connection that runs the same few
 * queries all day (merit serve's): prepare and finalize with the
 * signatures of sqlite3_prepare_v2 and sqlite3_finalize, which they are
 * for any other connection. A statement of the cache comes back reset,
 * its bindings cleared; one already in use is prepared afresh. */
#ifndef MERIT_STMTCACHE_H
#define MERIT_STMTCACHE_H

#include <sqlite3.h>

/* Keep statements for db from now on (one connection at a time). */
void stmt_cache_enable(sqlite3 *db);
/* Finalize what is kept; before sqlite3_close. */
void stmt_cache_drop(sqlite3 *db);

int stmt_prepare(sqlite3 *db, const char *sql, int n, sqlite3_stmt **st,
    const char **tail);
int stmt_finalize(sqlite3_stmt *st);

#endif
