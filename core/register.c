#include <math.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "merit/error.h"
#include "audit.h"
#include "register.h"
#include "seal.h"
#include "vtree.h"

/* Migrations: schema[i] takes user_version i to i + 1. Append only. */
static const char *const schema[] = {
	/* 0 -> 1 */
	"CREATE TABLE agency ("
	"  id TEXT PRIMARY KEY,"
	"  title TEXT,"
	"  framework TEXT,"
	"  config_hash TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL);"
	"CREATE TABLE person ("
	"  agency TEXT NOT NULL REFERENCES agency(id),"
	"  id TEXT NOT NULL,"
	"  post_level INTEGER NOT NULL,"
	"  category TEXT NOT NULL CHECK (category IN"
	"    ('official', 'operational', 'auxiliary')),"
	"  term TEXT NOT NULL CHECK (term IN ('indefinite', 'fixed', 'probation')),"
	"  class_level INTEGER,"
	"  position TEXT,"
	"  updated_at TEXT NOT NULL,"
	"  PRIMARY KEY (agency, id)) WITHOUT ROWID;"
	"CREATE TABLE model ("
	"  hash TEXT PRIMARY KEY,"
	"  framework TEXT,"
	"  framework_version TEXT,"
	"  files TEXT NOT NULL,"
	"  first_seen TEXT NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE result ("
	"  id INTEGER PRIMARY KEY,"
	"  receipt TEXT NOT NULL UNIQUE,"
	"  agency TEXT NOT NULL,"
	"  person TEXT NOT NULL,"
	"  assessment TEXT NOT NULL,"
	"  period TEXT NOT NULL,"
	"  model_hash TEXT NOT NULL REFERENCES model(hash),"
	"  framework TEXT,"
	"  qualification REAL, qualities REAL, performance REAL,"
	"  w_qualification REAL, w_qualities REAL, w_performance REAL,"
	"  k REAL NOT NULL,"
	"  band TEXT,"
	"  inputs TEXT NOT NULL,"
	"  explanation TEXT NOT NULL,"
	"  scored_at TEXT NOT NULL,"
	"  FOREIGN KEY (agency, person) REFERENCES person(agency, id));"
	"CREATE INDEX result_by_person ON result(agency, person, assessment, period);"
	"CREATE TABLE competency_result ("
	"  result_id INTEGER NOT NULL REFERENCES result(id),"
	"  competency TEXT NOT NULL,"
	"  level TEXT,"
	"  value REAL,"
	"  se REAL,"
	"  PRIMARY KEY (result_id, competency)) WITHOUT ROWID;"
	"CREATE TABLE audit ("
	"  seq INTEGER PRIMARY KEY,"
	"  at TEXT NOT NULL,"
	"  actor TEXT NOT NULL,"
	"  action TEXT NOT NULL,"
	"  subject TEXT,"
	"  detail TEXT);"
	"CREATE VIEW latest_result AS"
	"  SELECT * FROM result r WHERE r.id = (SELECT max(q.id) FROM result q"
	"    WHERE q.agency = r.agency AND q.person = r.person"
	"      AND q.assessment = r.assessment AND q.period = r.period);",
	/* 1 -> 2: persons not assessed (no K), raters, gaps, courses */
	"DROP VIEW latest_result;"
	"CREATE TABLE result2 ("
	"  id INTEGER PRIMARY KEY,"
	"  receipt TEXT NOT NULL UNIQUE,"
	"  agency TEXT NOT NULL,"
	"  person TEXT NOT NULL,"
	"  assessment TEXT NOT NULL,"
	"  period TEXT NOT NULL,"
	"  model_hash TEXT NOT NULL REFERENCES model(hash),"
	"  framework TEXT,"
	"  qualification REAL, qualities REAL, performance REAL,"
	"  w_qualification REAL, w_qualities REAL, w_performance REAL,"
	"  k REAL CHECK ((status = 'assessed') = (k IS NOT NULL)),"
	"  band TEXT,"
	"  inputs TEXT NOT NULL,"
	"  explanation TEXT NOT NULL,"
	"  scored_at TEXT NOT NULL,"
	"  status TEXT NOT NULL DEFAULT 'assessed'"
	"    CHECK (status IN ('assessed', 'not-assessed')),"
	"  reason TEXT,"
	"  self_qualities REAL,"
	"  FOREIGN KEY (agency, person) REFERENCES person(agency, id));"
	"INSERT INTO result2(id, receipt, agency, person, assessment, period,"
	"  model_hash, framework, qualification, qualities, performance,"
	"  w_qualification, w_qualities, w_performance, k, band, inputs,"
	"  explanation, scored_at)"
	"  SELECT id, receipt, agency, person, assessment, period, model_hash,"
	"  framework, qualification, qualities, performance, w_qualification,"
	"  w_qualities, w_performance, k, band, inputs, explanation, scored_at"
	"  FROM result;"
	"CREATE TABLE competency_result2 ("
	"  result_id INTEGER NOT NULL REFERENCES result2(id),"
	"  competency TEXT NOT NULL,"
	"  level TEXT,"
	"  value REAL,"
	"  se REAL,"
	"  position REAL, position_se REAL,"
	"  raters INTEGER NOT NULL DEFAULT 0,"
	"  self REAL, spread REAL,"
	"  disagreement INTEGER NOT NULL DEFAULT 0,"
	"  provenance TEXT,"
	"  PRIMARY KEY (result_id, competency)) WITHOUT ROWID;"
	"INSERT INTO competency_result2(result_id, competency, level, value, se)"
	"  SELECT result_id, competency, level, value, se FROM competency_result;"
	"DROP TABLE competency_result;"
	"DROP TABLE result;"
	"ALTER TABLE result2 RENAME TO result;"
	"ALTER TABLE competency_result2 RENAME TO competency_result;"
	"CREATE INDEX result_by_person ON result(agency, person, assessment, period);"
	"CREATE TABLE gap ("
	"  result_id INTEGER NOT NULL REFERENCES result(id),"
	"  priority INTEGER NOT NULL,"
	"  competency TEXT NOT NULL,"
	"  required REAL NOT NULL, required_level TEXT,"
	"  measured REAL NOT NULL, measured_level TEXT,"
	"  se REAL, gap REAL NOT NULL, importance REAL NOT NULL,"
	"  PRIMARY KEY (result_id, priority)) WITHOUT ROWID;"
	"CREATE TABLE course_result ("
	"  result_id INTEGER NOT NULL REFERENCES result(id),"
	"  course TEXT NOT NULL,"
	"  value REAL NOT NULL, se REAL, items INTEGER NOT NULL,"
	"  PRIMARY KEY (result_id, course)) WITHOUT ROWID;"
	"CREATE VIEW latest_result AS"
	"  SELECT * FROM result r WHERE r.id = (SELECT max(q.id) FROM result q"
	"    WHERE q.agency = r.agency AND q.person = r.person"
	"      AND q.assessment = r.assessment AND q.period = r.period);",
	/* 2 -> 3: the audit log chained by hashes, append-only; the entries
	 * already there are chained by audit_chain_unchained() */
	"ALTER TABLE audit ADD COLUMN digest TEXT;"
	"ALTER TABLE audit ADD COLUMN prev_hash TEXT;"
	"ALTER TABLE audit ADD COLUMN hash TEXT;"
	"CREATE TABLE audit_head ("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  seq INTEGER NOT NULL,"
	"  hash TEXT NOT NULL);"
	"CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit"
	"  WHEN OLD.hash IS NOT NULL"
	"  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;"
	"CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit"
	"  BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;",
	/* 3 -> 4: the register of development: imported evidence, personal
	 * fields kept apart, courses, enrolments, completions, plans and the
	 * reserve pool. Natural keys are the primary keys, so re-importing a
	 * file finds every row already there. */
	"ALTER TABLE agency ADD COLUMN config_path TEXT;"
	"ALTER TABLE person ADD COLUMN hired TEXT;"
	"ALTER TABLE person ADD COLUMN on_leave INTEGER NOT NULL DEFAULT 0"
	"  CHECK (on_leave IN (0, 1));"
	"CREATE TABLE person_detail ("
	"  agency TEXT NOT NULL,"
	"  person TEXT NOT NULL,"
	"  name TEXT,"
	"  fields TEXT,"
	"  updated_at TEXT NOT NULL,"
	"  PRIMARY KEY (agency, person),"
	"  FOREIGN KEY (agency, person) REFERENCES person(agency, id))"
	"  WITHOUT ROWID;"
	"CREATE TABLE evidence ("
	"  agency TEXT NOT NULL,"
	"  period TEXT NOT NULL,"
	"  person TEXT NOT NULL,"
	"  element TEXT NOT NULL CHECK (element IN"
	"    ('qualification', 'qualities', 'performance')),"
	"  data TEXT NOT NULL,"
	"  source TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL,"
	"  PRIMARY KEY (agency, period, person, element),"
	"  FOREIGN KEY (agency, person) REFERENCES person(agency, id))"
	"  WITHOUT ROWID;"
	"CREATE TABLE course ("
	"  id TEXT PRIMARY KEY,"
	"  title TEXT,"
	"  hours REAL CHECK (hours IS NULL OR hours > 0),"
	"  format TEXT,"
	"  provider TEXT,"
	"  develops TEXT,"
	"  source TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL) WITHOUT ROWID;"
	"CREATE TABLE enrolment ("
	"  agency TEXT NOT NULL,"
	"  person TEXT NOT NULL,"
	"  course TEXT NOT NULL REFERENCES course(id),"
	"  enrolled_on TEXT NOT NULL,"
	"  status TEXT NOT NULL DEFAULT 'enrolled'"
	"    CHECK (status IN ('enrolled', 'withdrawn', 'completed')),"
	"  source TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL,"
	"  PRIMARY KEY (agency, person, course, enrolled_on),"
	"  FOREIGN KEY (agency, person) REFERENCES person(agency, id))"
	"  WITHOUT ROWID;"
	"CREATE TABLE completion ("
	"  agency TEXT NOT NULL,"
	"  person TEXT NOT NULL,"
	"  course TEXT NOT NULL REFERENCES course(id),"
	"  completed_on TEXT NOT NULL,"
	"  hours REAL NOT NULL CHECK (hours >= 0),"
	"  score REAL,"
	"  certificate TEXT,"
	"  source TEXT NOT NULL,"
	"  updated_at TEXT NOT NULL,"
	"  PRIMARY KEY (agency, person, course, completed_on),"
	"  FOREIGN KEY (agency, person) REFERENCES person(agency, id))"
	"  WITHOUT ROWID;"
	"CREATE INDEX completion_by_course ON completion(course, completed_on);"
	"CREATE TABLE plan ("
	"  id INTEGER PRIMARY KEY,"
	"  agency TEXT NOT NULL,"
	"  person TEXT NOT NULL,"
	"  basis TEXT,"
	"  created_at TEXT NOT NULL,"
	"  status TEXT NOT NULL DEFAULT 'proposed' CHECK (status IN"
	"    ('proposed', 'approved', 'rejected', 'superseded')),"
	"  decided_by TEXT,"
	"  decided_at TEXT,"
	"  reason TEXT,"
	"  CHECK (status IN ('proposed', 'superseded') OR"
	"    (decided_by IS NOT NULL AND decided_at IS NOT NULL)),"
	"  CHECK (status != 'rejected' OR reason IS NOT NULL),"
	"  FOREIGN KEY (agency, person) REFERENCES person(agency, id));"
	"CREATE INDEX plan_by_person ON plan(agency, person);"
	"CREATE TABLE plan_item ("
	"  plan_id INTEGER NOT NULL REFERENCES plan(id),"
	"  rank INTEGER NOT NULL,"
	"  course TEXT NOT NULL,"
	"  competency TEXT,"
	"  target_date TEXT NOT NULL,"
	"  reason TEXT NOT NULL,"
	"  status TEXT NOT NULL DEFAULT 'open'"
	"    CHECK (status IN ('open', 'done', 'dropped')),"
	"  PRIMARY KEY (plan_id, rank)) WITHOUT ROWID;"
	"CREATE TABLE pool_member ("
	"  agency TEXT NOT NULL,"
	"  pool TEXT NOT NULL,"
	"  person TEXT NOT NULL,"
	"  entered_on TEXT NOT NULL,"
	"  expires_on TEXT NOT NULL,"
	"  reason TEXT NOT NULL,"
	"  exited_on TEXT,"
	"  exit_reason TEXT,"
	"  CHECK ((exited_on IS NULL) = (exit_reason IS NULL)),"
	"  PRIMARY KEY (agency, pool, person, entered_on),"
	"  FOREIGN KEY (agency, person) REFERENCES person(agency, id))"
	"  WITHOUT ROWID;",
	/* 4 -> 5: merit serve: API tokens (hashed) and idempotent replies */
	"CREATE TABLE token ("
	"  id TEXT PRIMARY KEY,"
	"  agency TEXT NOT NULL,"
	"  role TEXT NOT NULL CHECK (role IN ('admin', 'methodologist',"
	"    'assessor', 'reader', 'integrator')),"
	"  label TEXT,"
	"  hash BLOB NOT NULL,"
	"  created_at TEXT NOT NULL,"
	"  revoked_at TEXT) WITHOUT ROWID;"
	"CREATE TABLE idempotency ("
	"  agency TEXT NOT NULL,"
	"  key TEXT NOT NULL,"
	"  request_hash TEXT NOT NULL,"
	"  status INTEGER NOT NULL,"
	"  body TEXT NOT NULL,"
	"  created_at TEXT NOT NULL,"
	"  PRIMARY KEY (agency, key)) WITHOUT ROWID;",
	/* 5 -> 6: how much of each competency was observed, competencies with
	 * too little evidence for a value, and shortfalls whose significance
	 * cannot be told (se unknown) kept apart from gaps */
	"ALTER TABLE competency_result ADD COLUMN coverage REAL;"
	"ALTER TABLE competency_result ADD COLUMN evidence TEXT"
	"  CHECK (evidence IN ('sufficient', 'insufficient'));"
	"ALTER TABLE gap ADD COLUMN status TEXT NOT NULL DEFAULT 'gap'"
	"  CHECK (status IN ('gap', 'uncertain'));"
	/* standard errors of the elements and of K, and whether K lies
	 * within one of them of a band cut (latest_result selects *, so it
	 * shows them as they are added) */
	"ALTER TABLE result ADD COLUMN qualification_se REAL;"
	"ALTER TABLE result ADD COLUMN qualities_se REAL;"
	"ALTER TABLE result ADD COLUMN performance_se REAL;"
	"ALTER TABLE result ADD COLUMN k_se REAL;"
	"ALTER TABLE result ADD COLUMN borderline_cut REAL;"
	"ALTER TABLE result ADD COLUMN borderline_band TEXT;"
	/* the test items as scored, for the reliability of a course's
	 * subscore over the cohort (recommendations near a pass mark) */
	"CREATE TABLE item_result ("
	"  result_id INTEGER NOT NULL REFERENCES result(id),"
	"  item TEXT NOT NULL,"
	"  course TEXT,"
	"  score REAL NOT NULL,"
	"  max REAL NOT NULL,"
	"  PRIMARY KEY (result_id, item)) WITHOUT ROWID;"
	"CREATE INDEX item_result_by_course ON item_result(course, result_id);"
	/* adopting an assessment type is an act of its own: who,
	 * when, why, from which scheme to which. A result scored under a
	 * scheme the agency has not adopted is a trial, never current. */
	"ALTER TABLE agency ADD COLUMN declared_assessment TEXT;"
	"ALTER TABLE result ADD COLUMN trial INTEGER NOT NULL DEFAULT 0"
	"  CHECK (trial IN (0, 1));"
	"CREATE TABLE adoption ("
	"  id INTEGER PRIMARY KEY,"
	"  agency TEXT NOT NULL,"
	"  assessment TEXT NOT NULL,"
	"  previous TEXT,"
	"  actor TEXT NOT NULL,"
	"  reason TEXT NOT NULL,"
	"  at TEXT NOT NULL,"
	"  config_hash TEXT);"
	"CREATE INDEX adoption_by_agency ON adoption(agency, id);"
	"CREATE TRIGGER adoption_no_update BEFORE UPDATE ON adoption"
	"  BEGIN SELECT RAISE(ABORT, 'adoptions are history: adopt again'); END;"
	"CREATE TRIGGER adoption_no_delete BEFORE DELETE ON adoption"
	"  BEGIN SELECT RAISE(ABORT, 'adoptions are history: adopt again'); END;"
	"CREATE VIEW adopted AS"
	"  SELECT * FROM adoption a WHERE a.id = (SELECT max(b.id) FROM adoption b"
	"    WHERE b.agency = a.agency);"
	"CREATE VIEW current_result AS"
	"  SELECT r.* FROM result r JOIN adopted s ON s.agency = r.agency"
	"    AND s.assessment = r.assessment"
	"  WHERE r.trial = 0 AND r.id = (SELECT max(q.id) FROM result q"
	"    WHERE q.agency = r.agency AND q.person = r.person"
	"      AND q.assessment = r.assessment AND q.trial = 0);"
	"CREATE TABLE model_file ("
	"  model_hash TEXT NOT NULL REFERENCES model(hash),"
	"  name TEXT NOT NULL,"
	"  path TEXT NOT NULL,"
	"  hash TEXT NOT NULL,"
	"  PRIMARY KEY (model_hash, name)) WITHOUT ROWID;",
	/* 6 -> 7: the rows an auditor relies on are sealed: each carries
	 * the hash of its content and the audit entry that wrote it, and
	 * that entry commits to its rows' seals (core/seal.h). Rows already
	 * there are sealed as found by a "seal" entry (seal_existing()). A
	 * changed row's earlier seal is kept in seal_release. Adoptions stay
	 * history: only their seal may be set. */
	"ALTER TABLE audit ADD COLUMN seals TEXT;"
	"ALTER TABLE result ADD COLUMN seal TEXT;"
	"ALTER TABLE result ADD COLUMN sealed_by INTEGER;"
	"ALTER TABLE competency_result ADD COLUMN seal TEXT;"
	"ALTER TABLE competency_result ADD COLUMN sealed_by INTEGER;"
	"ALTER TABLE gap ADD COLUMN seal TEXT;"
	"ALTER TABLE gap ADD COLUMN sealed_by INTEGER;"
	"ALTER TABLE course_result ADD COLUMN seal TEXT;"
	"ALTER TABLE course_result ADD COLUMN sealed_by INTEGER;"
	"ALTER TABLE item_result ADD COLUMN seal TEXT;"
	"ALTER TABLE item_result ADD COLUMN sealed_by INTEGER;"
	"ALTER TABLE plan ADD COLUMN seal TEXT;"
	"ALTER TABLE plan ADD COLUMN sealed_by INTEGER;"
	"ALTER TABLE plan_item ADD COLUMN seal TEXT;"
	"ALTER TABLE plan_item ADD COLUMN sealed_by INTEGER;"
	"ALTER TABLE token ADD COLUMN seal TEXT;"
	"ALTER TABLE token ADD COLUMN sealed_by INTEGER;"
	"ALTER TABLE pool_member ADD COLUMN seal TEXT;"
	"ALTER TABLE pool_member ADD COLUMN sealed_by INTEGER;"
	"ALTER TABLE adoption ADD COLUMN seal TEXT;"
	"ALTER TABLE adoption ADD COLUMN sealed_by INTEGER;"
	"CREATE TABLE seal_release ("
	"  tbl TEXT NOT NULL,"
	"  row_key TEXT NOT NULL,"
	"  old_seq INTEGER NOT NULL,"
	"  old_seal TEXT NOT NULL,"
	"  seal TEXT,"
	"  sealed_by INTEGER,"
	"  PRIMARY KEY (tbl, old_seal)) WITHOUT ROWID;"
	"DROP TRIGGER adoption_no_update;"
	"CREATE TRIGGER adoption_no_update BEFORE UPDATE OF id, agency,"
	"  assessment, previous, actor, reason, at, config_hash ON adoption"
	"  BEGIN SELECT RAISE(ABORT, 'adoptions are history: adopt again'); END;",
};

#define N_MIGRATIONS (sizeof(schema) / sizeof(schema[0]))

static int fail(struct reg *r, struct diag *d, const char *what)
{
	diag_add(d, r->path, 0, 0, "register: %s: %s", what,
	    r->db ? sqlite3_errmsg(r->db) : "cannot open");
	return MERIT_EDB;
}

static void now_iso(char *buf, size_t len)
{
	time_t t = time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	strftime(buf, len, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* Another process holds the write lock: wait for it in short sleeps,
 * saying so the first time, up to REG_LOCK_WAIT_S. count: the calls so
 * far for this one lock. */
static int wait_for_lock(void *db, int count)
{
	const char *file = sqlite3_db_filename(db, "main");
	if ((long)count * REG_LOCK_POLL_MS >= REG_LOCK_WAIT_S * 1000L) {
		fprintf(stderr, "merit: gave up after %d s waiting for another "
		    "process to finish writing the register %s; retry once it "
		    "is done\n", REG_LOCK_WAIT_S, file ? file : "");
		return 0;
	}
	static int said; /* once a process, however many waits */
	if (count == 1000 / REG_LOCK_POLL_MS && !said) {
		said = 1;
		fprintf(stderr, "merit: another process is writing the register "
		    "%s; waiting for it to finish (up to %d s)\n", file ? file :
		    "", REG_LOCK_WAIT_S);
	}
	sqlite3_sleep(REG_LOCK_POLL_MS);
	return 1;
}

static int prepare(struct reg *r, sqlite3_stmt **st, const char *sql)
{
	return sqlite3_prepare_v3(r->db, sql, -1, SQLITE_PREPARE_PERSISTENT, st,
	    NULL) == SQLITE_OK ? 0 : MERIT_EDB;
}

int reg_open(struct reg *r, const char *path, struct diag *d)
{
	memset(r, 0, sizeof(*r));
	r->path = path;
	if (sqlite3_open_v2(path, &r->db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL) != SQLITE_OK) {
		int rc = fail(r, d, "cannot open the database");
		reg_close(r);
		return rc;
	}
	sqlite3_busy_handler(r->db, wait_for_lock, r->db);
	sqlite3_extended_result_codes(r->db, 1);
	if (seal_register(r->db)) {
		int rc = fail(r, d, "cannot set up the database");
		reg_close(r);
		return rc;
	}
	if (sqlite3_exec(r->db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"
	    " PRAGMA foreign_keys=ON;", NULL, NULL, NULL) != SQLITE_OK) {
		int rc = fail(r, d, "cannot set up the database");
		reg_close(r);
		return rc;
	}
	/* migrate under one write lock so two processes cannot race */
	if (sqlite3_exec(r->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
		goto bad;
	sqlite3_stmt *st;
	int version = 0;
	if (sqlite3_prepare_v2(r->db, "PRAGMA user_version", -1, &st, NULL) ==
	    SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
		version = sqlite3_column_int(st, 0);
	sqlite3_finalize(st);
	if (version > (int)N_MIGRATIONS) {
		sqlite3_exec(r->db, "ROLLBACK", NULL, NULL, NULL);
		diag_add(d, path, 0, 0, "register: schema version %d is newer than "
		    "this merit knows (%zu); use a newer merit", version,
		    N_MIGRATIONS);
		reg_close(r);
		return MERIT_EDB;
	}
	for (int v = version; v < (int)N_MIGRATIONS; v++) {
		char pragma[64];
		snprintf(pragma, sizeof(pragma), "PRAGMA user_version=%d", v + 1);
		if (sqlite3_exec(r->db, schema[v], NULL, NULL, NULL) != SQLITE_OK ||
		    sqlite3_exec(r->db, pragma, NULL, NULL, NULL) != SQLITE_OK) {
			fail(r, d, "schema migration failed");
			sqlite3_exec(r->db, "ROLLBACK", NULL, NULL, NULL);
			reg_close(r);
			return MERIT_EDB;
		}
	}
	if (version < 3 && audit_chain_unchained(r->db)) {
		fail(r, d, "cannot chain the audit log");
		sqlite3_exec(r->db, "ROLLBACK", NULL, NULL, NULL);
		reg_close(r);
		return MERIT_EDB;
	}
	if (version < 7 && seal_existing(r->db)) {
		fail(r, d, "cannot seal the rows written before rows were sealed");
		sqlite3_exec(r->db, "ROLLBACK", NULL, NULL, NULL);
		reg_close(r);
		return MERIT_EDB;
	}
	if (sqlite3_exec(r->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
		goto bad;
	if (prepare(r, &r->up_agency,
	    "INSERT INTO agency(id, title, framework, config_hash, updated_at,"
	    " config_path) VALUES (?1, ?2, ?3, ?4, ?5, ?6) ON CONFLICT(id)"
	    " DO UPDATE SET title = ?2, framework = ?3, config_hash = ?4,"
	    " updated_at = ?5, config_path = ?6 WHERE config_hash IS NOT ?4"
	    " OR framework IS NOT ?3 OR config_path IS NOT ?6") ||
	    prepare(r, &r->up_person,
	    "INSERT INTO person(agency, id, post_level, category, term,"
	    " class_level, position, updated_at, hired, on_leave)"
	    " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10)"
	    " ON CONFLICT(agency, id) DO UPDATE SET post_level = ?3,"
	    " category = ?4, term = ?5, class_level = ?6, position = ?7,"
	    " updated_at = ?8, hired = ?9, on_leave = ?10"
	    " WHERE post_level IS NOT ?3 OR category IS NOT ?4"
	    " OR term IS NOT ?5 OR class_level IS NOT ?6 OR position IS NOT ?7"
	    " OR hired IS NOT ?9 OR on_leave IS NOT ?10") ||
	    prepare(r, &r->up_model,
	    "INSERT OR IGNORE INTO model(hash, framework, framework_version,"
	    " files, first_seen) VALUES (?1, ?2, ?3, ?4, ?5)") ||
	    prepare(r, &r->ins_result,
	    /* the id is chosen here, as SQLite would, so the seal covers it;
	     * a receipt already recorded is not evaluated, so not sealed */
	    "INSERT INTO result(id, receipt, agency, person, assessment,"
	    " period, model_hash, framework, qualification, qualities,"
	    " performance, w_qualification, w_qualities, w_performance, k, band,"
	    " inputs, explanation, scored_at, status, reason, self_qualities,"
	    " qualification_se, qualities_se, performance_se, k_se,"
	    " borderline_cut, borderline_band, trial, seal, sealed_by)"
	    " SELECT n, ?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,?15,?16,"
	    "?17,?18,?19,?20,?21,?22,?23,?24,?25,?26,?27, 0,"
	    " merit_seal('result', ?28, n, ?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,"
	    "?12,?13,?14,?15,?16,?17,?18,?19,?20,?21,?22,?23,?24,?25,?26,?27, 0),"
	    " ?28 FROM (SELECT coalesce(max(id), 0) + 1 AS n FROM result)"
	    " WHERE NOT EXISTS (SELECT 1 FROM result WHERE receipt = ?1)") ||
	    prepare(r, &r->ins_comp,
	    "INSERT INTO competency_result(result_id, competency, level, value,"
	    " se, position, position_se, raters, self, spread, disagreement,"
	    " provenance, coverage, evidence, seal, sealed_by)"
	    " VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11,?12,?13,?14,"
	    " merit_seal('competency_result', ?15, ?1,?2,?3,?4,?5,?6,?7,?8,?9,"
	    "?10,?11,?12,?13,?14), ?15)") ||
	    prepare(r, &r->ins_gap,
	    "INSERT INTO gap(result_id, priority, competency, required,"
	    " required_level, measured, measured_level, se, gap, importance,"
	    " status, seal, sealed_by) VALUES (?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,"
	    "?11, merit_seal('gap', ?12, ?1,?2,?3,?4,?5,?6,?7,?8,?9,?10,?11),"
	    " ?12)") ||
	    prepare(r, &r->ins_course,
	    "INSERT INTO course_result(result_id, course, value, se, items,"
	    " seal, sealed_by) VALUES (?1,?2,?3,?4,?5,"
	    " merit_seal('course_result', ?6, ?1,?2,?3,?4,?5), ?6)") ||
	    prepare(r, &r->ins_item,
	    /* a test item given twice is kept once, and sealed once */
	    "INSERT INTO item_result(result_id, item, course, score, max, seal,"
	    " sealed_by) SELECT ?1,?2,?3,?4,?5, merit_seal('item_result', ?6,"
	    " ?1,?2,?3,?4,?5), ?6 WHERE NOT EXISTS (SELECT 1 FROM item_result"
	    " WHERE result_id = ?1 AND item = ?2)") ||
	    prepare(r, &r->sel_seal_seq,
	    "SELECT merit_seal_open((SELECT coalesce(max(seq), 0) + 1"
	    " FROM audit))"))
		goto bad;
	return 0;
bad:;
	int rc = fail(r, d, "cannot prepare the register");
	reg_close(r);
	return rc;
}

void reg_close(struct reg *r)
{
	sqlite3_finalize(r->up_agency);
	sqlite3_finalize(r->up_person);
	sqlite3_finalize(r->up_model);
	sqlite3_finalize(r->ins_result);
	sqlite3_finalize(r->ins_comp);
	sqlite3_finalize(r->ins_gap);
	sqlite3_finalize(r->ins_course);
	sqlite3_finalize(r->ins_item);
	sqlite3_finalize(r->sel_latest);
	sqlite3_finalize(r->sel_seal_seq);
	sqlite3_finalize(r->sel_broken);
	if (r->db)
		sqlite3_close(r->db);
	memset(r, 0, sizeof(*r));
}

const char *reg_errmsg(struct reg *r)
{
	return r->db ? sqlite3_errmsg(r->db) : "no database";
}

int reg_busy(struct reg *r)
{
	return r->db && (sqlite3_extended_errcode(r->db) & 0xff) == SQLITE_BUSY;
}

int reg_begin(struct reg *r)
{
	return sqlite3_exec(r->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) ==
	    SQLITE_OK ? 0 : MERIT_EDB;
}

int reg_commit(struct reg *r)
{
	return sqlite3_exec(r->db, "COMMIT", NULL, NULL, NULL) == SQLITE_OK
	    ? 0 : MERIT_EDB;
}

void reg_rollback(struct reg *r)
{
	sqlite3_exec(r->db, "ROLLBACK", NULL, NULL, NULL);
}

static int run(sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? 0 : MERIT_EDB;
}

static void bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

static void bind_real(sqlite3_stmt *st, int i, double x)
{
	if (isnan(x))
		sqlite3_bind_null(st, i);
	else
		sqlite3_bind_double(st, i, x);
}

int reg_put_agency(struct reg *r, const char *id, const char *title_json,
    const char *framework, const char *config_hash, const char *config_file)
{
	char now[32], *abs = config_file ? realpath(config_file, NULL) : NULL;
	now_iso(now, sizeof(now));
	bind_text(r->up_agency, 6, abs ? abs : config_file);
	free(abs);
	bind_text(r->up_agency, 1, id);
	bind_text(r->up_agency, 2, title_json);
	bind_text(r->up_agency, 3, framework);
	bind_text(r->up_agency, 4, config_hash);
	bind_text(r->up_agency, 5, now);
	/* a changed configuration is an audit entry: before and after */
	char before[65] = "";
	sqlite3_stmt *q;
	if (sqlite3_prepare_v2(r->db, "SELECT config_hash FROM agency WHERE"
	    " id = ?1", -1, &q, NULL) != SQLITE_OK)
		return MERIT_EDB;
	sqlite3_bind_text(q, 1, id, -1, SQLITE_STATIC);
	if (sqlite3_step(q) == SQLITE_ROW && sqlite3_column_text(q, 0))
		snprintf(before, sizeof(before), "%s", sqlite3_column_text(q, 0));
	sqlite3_finalize(q);
	int rc = run(r->up_agency);
	if (rc || !strcmp(before, config_hash))
		return rc;
	char detail[256];
	snprintf(detail, sizeof(detail), "agency configuration %s%.16s -> %.16s",
	    *before ? "" : "(new) ", *before ? before : "none", config_hash);
	return reg_audit(r, "cli", "configure", id, detail, config_hash);
}

int reg_put_model(struct reg *r, const struct merit_model *m,
    const char *files)
{
	char now[32];
	now_iso(now, sizeof(now));
	bind_text(r->up_model, 1, m->hash);
	bind_text(r->up_model, 2, m->framework ? m->framework->id : NULL);
	bind_text(r->up_model, 3, m->framework ? m->framework->version : NULL);
	bind_text(r->up_model, 4, files);
	bind_text(r->up_model, 5, now);
	int rc = run(r->up_model);
	if (rc || !sqlite3_changes(r->db))
		return rc;
	/* a model (framework, scripts, weights) scoring for the first time */
	char detail[256];
	snprintf(detail, sizeof(detail), "model %.16s first used (framework %s "
	    "%s)", m->hash, m->framework ? m->framework->id : "none",
	    m->framework && m->framework->version ? m->framework->version : "");
	return reg_audit(r, "cli", "model", m->framework ? m->framework->id
	    : NULL, detail, m->hash);
}

int reg_put_model_file(struct reg *r, const char *model_hash,
    const char *name, const char *path, const char *hash)
{
	sqlite3_stmt *st;
	if (sqlite3_prepare_v3(r->db, "INSERT OR IGNORE INTO model_file"
	    "(model_hash, name, path, hash) VALUES (?1, ?2, ?3, ?4)", -1,
	    SQLITE_PREPARE_PERSISTENT, &st, NULL) != SQLITE_OK)
		return MERIT_EDB;
	bind_text(st, 1, model_hash);
	bind_text(st, 2, name);
	bind_text(st, 3, path);
	bind_text(st, 4, hash);
	int rc = sqlite3_step(st);
	sqlite3_finalize(st);
	return rc == SQLITE_DONE ? 0 : MERIT_EDB;
}

int reg_put_person(struct reg *r, const char *agency,
    const struct merit_person *p)
{
	char now[32];
	now_iso(now, sizeof(now));
	sqlite3_stmt *st = r->up_person;
	bind_text(st, 1, agency);
	bind_text(st, 2, p->id);
	sqlite3_bind_int(st, 3, p->post_level);
	bind_text(st, 4, p->category);
	bind_text(st, 5, p->term);
	if (p->class_level)
		sqlite3_bind_int(st, 6, p->class_level);
	else
		sqlite3_bind_null(st, 6);
	bind_text(st, 7, p->position);
	bind_text(st, 8, now);
	const merit_value *hired = value_get(p->record, "hired");
	const merit_value *leave = value_get(p->record, "on_leave");
	bind_text(st, 9, value_str(hired));
	sqlite3_bind_int(st, 10, leave && leave->type == MERIT_VALUE_BOOL &&
	    leave->u.b);
	return run(st);
}

/* The seq of the audit entry this transaction's rows belong to. */
static long long batch_seq(struct reg *r)
{
	sqlite3_stmt *st = r->sel_seal_seq;
	long long seq = sqlite3_step(st) == SQLITE_ROW ?
	    sqlite3_column_int64(st, 0) : MERIT_EDB;
	sqlite3_reset(st);
	return seq;
}

/* A result already recorded under this receipt is accepted as such only
 * while it, and what was recorded with it, carry their seals: one
 * statement, prepared once, as a re-run finds every result recorded. */
static int recorded_intact(struct reg *r, const struct merit_result *res)
{
	static const char *const parts[] = { "competency_result", "gap",
		"course_result", "item_result" };
	if (!r->sel_broken) {
		char *c = seal_broken_condition(r->db, "result");
		char *sql = c ? sqlite3_mprintf("SELECT (SELECT count(*) FROM result"
		    " WHERE receipt = ?1 AND %s)", c) : NULL;
		sqlite3_free(c);
		for (size_t i = 0; sql && i < sizeof(parts) / sizeof(*parts);
		    i++) {
			char *more = NULL;
			if ((c = seal_broken_condition(r->db, parts[i])))
				more = sqlite3_mprintf("%s + (SELECT count(*) FROM %s"
				    " WHERE result_id = (SELECT id FROM result WHERE"
				    " receipt = ?1) AND %s)", sql, parts[i], c);
			sqlite3_free(c);
			sqlite3_free(sql);
			sql = more;
		}
		int bad = !sql || prepare(r, &r->sel_broken, sql);
		sqlite3_free(sql);
		if (bad)
			return MERIT_EDB;
	}
	sqlite3_stmt *st = r->sel_broken;
	bind_text(st, 1, res->receipt);
	int n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int(st, 0)
	    : MERIT_EDB;
	sqlite3_reset(st);
	if (n < 0)
		return MERIT_EDB;
	if (n) {
		fprintf(stderr, "merit: %s: the result of %s/%s already recorded "
		    "under receipt %.16s was changed outside merit; it is not "
		    "taken as recorded (see merit audit verify)\n", r->path,
		    res->agency, res->person, res->receipt);
		return MERIT_EINPUT;
	}
	return 0;
}

int reg_put_result(struct reg *r, const struct merit_result *res,
    const char *inputs_json, const char *explanation, int *inserted)
{
	char now[32];
	sqlite3_stmt *st = r->ins_result;
	now_iso(now, sizeof(now));
	*inserted = 0;
	long long seq = batch_seq(r);
	if (seq <= 0)
		return MERIT_EDB;
	bind_text(st, 1, res->receipt);
	bind_text(st, 2, res->agency);
	bind_text(st, 3, res->person);
	bind_text(st, 4, res->assessment);
	bind_text(st, 5, res->period);
	bind_text(st, 6, res->model_hash);
	bind_text(st, 7, res->framework);
	for (int e = 0; e < MERIT_ELEMENTS; e++) {
		bind_real(st, 8 + e, res->used[e] ? res->element[e] : NAN);
		bind_real(st, 11 + e, res->used[e] ? res->weight[e] : NAN);
	}
	bind_real(st, 14, res->status == MERIT_ASSESSED ? res->K : NAN);
	bind_text(st, 15, res->band);
	bind_text(st, 16, inputs_json);
	bind_text(st, 17, explanation);
	bind_text(st, 18, now);
	bind_text(st, 19, res->status == MERIT_ASSESSED ? "assessed"
						       : "not-assessed");
	bind_text(st, 20, res->reason);
	bind_real(st, 21, res->self_qualities);
	for (int e = 0; e < MERIT_ELEMENTS; e++)
		bind_real(st, 22 + e, res->used[e] ? res->element_se[e] : NAN);
	bind_real(st, 25, res->status == MERIT_ASSESSED ? res->K_se : NAN);
	bind_real(st, 26, res->borderline_band ? res->borderline_cut : NAN);
	bind_text(st, 27, res->borderline_band);
	sqlite3_bind_int64(st, 28, seq);
	if (run(st))
		return MERIT_EDB;
	if (!sqlite3_changes(r->db)) /* same receipt: already in the register */
		return recorded_intact(r, res);
	*inserted = 1;
	sqlite3_int64 id = sqlite3_last_insert_rowid(r->db);
	for (size_t i = 0; i < res->n_competencies; i++) {
		const struct merit_competency_result *c = &res->competencies[i];
		sqlite3_bind_int64(r->ins_comp, 1, id);
		bind_text(r->ins_comp, 2, c->id);
		bind_text(r->ins_comp, 3, c->level);
		bind_real(r->ins_comp, 4, c->value);
		bind_real(r->ins_comp, 5, c->se);
		bind_real(r->ins_comp, 6, c->position);
		bind_real(r->ins_comp, 7, c->position_se);
		sqlite3_bind_int(r->ins_comp, 8, c->n_raters);
		bind_real(r->ins_comp, 9, c->self);
		bind_real(r->ins_comp, 10, c->spread);
		sqlite3_bind_int(r->ins_comp, 11, c->disagreement);
		bind_text(r->ins_comp, 12, c->provenance);
		/* coverage is reported by engines that observe indicators */
		int reported = c->coverage > 0 || c->insufficient;
		if (reported)
			bind_real(r->ins_comp, 13, c->coverage);
		else
			sqlite3_bind_null(r->ins_comp, 13);
		bind_text(r->ins_comp, 14, !reported ? NULL : c->insufficient
		    ? "insufficient" : "sufficient");
		sqlite3_bind_int64(r->ins_comp, 15, seq);
		if (run(r->ins_comp))
			return MERIT_EDB;
	}
	for (size_t i = 0; i < res->n_gaps; i++) {
		const struct merit_gap *g = &res->gaps[i];
		sqlite3_stmt *q = r->ins_gap;
		sqlite3_bind_int64(q, 1, id);
		sqlite3_bind_int(q, 2, g->priority);
		bind_text(q, 3, g->competency);
		bind_real(q, 4, g->required);
		bind_text(q, 5, g->required_level);
		bind_real(q, 6, g->measured);
		bind_text(q, 7, g->measured_level);
		bind_real(q, 8, g->se);
		bind_real(q, 9, g->gap);
		bind_real(q, 10, g->importance);
		bind_text(q, 11, g->status == MERIT_GAP_UNCERTAIN ? "uncertain"
		    : "gap");
		sqlite3_bind_int64(q, 12, seq);
		if (run(q))
			return MERIT_EDB;
	}
	for (size_t i = 0; i < res->n_courses; i++) {
		const struct merit_course_result *c = &res->courses[i];
		sqlite3_bind_int64(r->ins_course, 1, id);
		bind_text(r->ins_course, 2, c->id);
		bind_real(r->ins_course, 3, c->value);
		bind_real(r->ins_course, 4, c->se);
		sqlite3_bind_int(r->ins_course, 5, c->n_items);
		sqlite3_bind_int64(r->ins_course, 6, seq);
		if (run(r->ins_course))
			return MERIT_EDB;
	}
	for (size_t i = 0; i < res->n_items; i++) {
		const struct merit_item_result *it = &res->items[i];
		sqlite3_bind_int64(r->ins_item, 1, id);
		bind_text(r->ins_item, 2, it->id);
		bind_text(r->ins_item, 3, res->item_course ? res->item_course[i]
		    : NULL);
		bind_real(r->ins_item, 4, it->score);
		bind_real(r->ins_item, 5, it->max);
		sqlite3_bind_int64(r->ins_item, 6, seq);
		if (run(r->ins_item))
			return MERIT_EDB;
	}
	return 0;
}

int reg_audit(struct reg *r, const char *actor, const char *action,
    const char *subject, const char *detail, const char *digest)
{
	char now[32];
	now_iso(now, sizeof(now));
	return audit_append(r->db, now, actor, action, subject, detail, digest);
}

int reg_open_readonly(struct reg *r, const char *path)
{
	memset(r, 0, sizeof(*r));
	r->path = path;
	if (sqlite3_open_v2(path, &r->db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		reg_close(r);
		return MERIT_EDB;
	}
	sqlite3_busy_timeout(r->db, 5000);
	/* readers check seals: explain warns of an edited result */
	if (seal_register(r->db)) {
		reg_close(r);
		return MERIT_EDB;
	}
	return 0;
}

int reg_latest(struct reg *r, const char *agency, const char *person,
    const char *period, const char *assessment, struct reg_row *row)
{
	memset(row, 0, sizeof(*row));
	row->k = NAN;
	/* prepared once per open register: what-if asks once per person */
	if (!r->sel_latest && prepare(r, &r->sel_latest, "SELECT id, assessment,"
	    " k, band FROM result WHERE agency = ?1 AND person = ?2"
	    " AND (?3 IS NULL OR period = ?3) AND (?4 IS NULL OR assessment = ?4)"
	    " ORDER BY id DESC LIMIT 1"))
		return MERIT_EDB;
	sqlite3_stmt *st = r->sel_latest;
	bind_text(st, 1, agency);
	bind_text(st, 2, person);
	bind_text(st, 3, period);
	bind_text(st, 4, assessment);
	int rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		row->found = 1;
		row->id = sqlite3_column_int64(st, 0);
		snprintf(row->assessment, sizeof(row->assessment), "%s",
		    (const char *)sqlite3_column_text(st, 1));
		if (sqlite3_column_type(st, 2) != SQLITE_NULL)
			row->k = sqlite3_column_double(st, 2);
		snprintf(row->band, sizeof(row->band), "%s",
		    sqlite3_column_text(st, 3) ? (const char *)
		    sqlite3_column_text(st, 3) : "");
		rc = SQLITE_DONE;
	}
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return rc == SQLITE_DONE ? 0 : MERIT_EDB;
}
