/* merit show: one person's timeline from the register. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "commands.h"
#include "person_ctx.h"
#include "seal.h"

static void help(FILE *f)
{
	fprintf(f, "usage: merit show [OPTIONS] PERSON\n\n"
	    "PERSON's timeline in date order: assessments, enrolments, "
	    "completions (hours,\ncertificates), plans and their decisions, "
	    "reserve pools; then the gaps of\nthe latest result and the hours "
	    "of training per year. Personal fields only\nwith --personal.\n\n"
	    "  --db FILE             register (default: merit.db)\n"
	    "  --agency ID           when PERSON is on several agencies' rosters\n"
	    "  --format table|json   output (default: table)\n"
	    "  --personal            include the personal fields (name, ...)\n"
	    "\nExit status: 0 shown, 1 unknown person, 2 usage or register "
	    "error.\n");
}

/* Each query yields (date, kind, text); the timeline is their union. */
static const char timeline_sql[] =
	"SELECT substr(scored_at, 1, 10) AS day, 'assessment',"
	"  assessment || ' ' || period || ': ' || CASE status WHEN 'assessed'"
	"  THEN 'K ' || printf('%.4f', k) || ', band ' || ifnull(band, '-')"
	"  ELSE 'not assessed (' || ifnull(reason, '') || ')' END"
	"  || ', scored ' || scored_at"
	"  || CASE trial WHEN 1 THEN ' (trial)' ELSE '' END, id, 1"
	" FROM result WHERE agency = ?1 AND person = ?2"
	" UNION ALL SELECT enrolled_on, 'enrolment', course || ' (' || status"
	"  || ')', 0, 2 FROM enrolment WHERE agency = ?1 AND person = ?2"
	" UNION ALL SELECT completed_on, 'completion', course || ': '"
	"  || printf('%g', hours) || ' h' || CASE WHEN score IS NULL THEN ''"
	"  ELSE ', score ' || printf('%g', score) END"
	"  || ifnull(', certificate ' || certificate, ''), 0, 3"
	" FROM completion WHERE agency = ?1 AND person = ?2"
	" UNION ALL SELECT substr(created_at, 1, 10), 'plan', 'plan ' || id ||"
	"  ' proposed (' || (SELECT count(*) FROM plan_item i WHERE i.plan_id ="
	"  p.id) || ' items), now ' || status, 0, 4"
	" FROM plan p WHERE agency = ?1 AND person = ?2"
	" UNION ALL SELECT substr(decided_at, 1, 10), 'decision', 'plan ' || id"
	"  || ' ' || CASE status WHEN 'superseded' THEN 'decided' ELSE status"
	"  END || ' by ' || decided_by || ifnull(': ' || reason, ''), 0, 5"
	" FROM plan WHERE agency = ?1 AND person = ?2 AND decided_at IS NOT NULL"
	" UNION ALL SELECT entered_on, 'pool', 'entered pool ' || pool || ' ('"
	"  || reason || '), until ' || expires_on, 0, 6"
	" FROM pool_member WHERE agency = ?1 AND person = ?2"
	" UNION ALL SELECT exited_on, 'pool', 'left pool ' || pool || ': '"
	"  || exit_reason, 0, 7 FROM pool_member"
	" WHERE agency = ?1 AND person = ?2 AND exited_on IS NOT NULL"
	" ORDER BY 1, 5, 4";

static int run(sqlite3_stmt **st, sqlite3 *db, const char *sql,
    const char *agency, const char *person)
{
	if (sqlite3_prepare_v2(db, sql, -1, st, NULL))
		return -1;
	sqlite3_bind_text(*st, 1, agency, -1, SQLITE_STATIC);
	sqlite3_bind_text(*st, 2, person, -1, SQLITE_STATIC);
	return 0;
}

#define T(st, i) ((const char *)sqlite3_column_text(st, i))

static int show(struct person_ctx *c, int json, int personal)
{
	sqlite3 *db = c->r.db;
	sqlite3_stmt *st = NULL;
	json_t *o = json_pack("{s:s, s:s}", "agency", c->agency, "person",
	    c->person);
	json_t *arr;
	int rc = 2;

	if (run(&st, db, "SELECT post_level, category, term, class_level,"
	    " position, hired, on_leave FROM person WHERE agency = ?1 AND"
	    " id = ?2", c->agency, c->person) || sqlite3_step(st) != SQLITE_ROW)
		goto done;
	json_object_set_new(o, "post_level", json_integer(sqlite3_column_int(st,
	    0)));
	json_object_set_new(o, "category", json_string(T(st, 1)));
	json_object_set_new(o, "term", json_string(T(st, 2)));
	json_object_set_new(o, "on_leave", json_boolean(sqlite3_column_int(st,
	    6)));
	if (!json)
		printf("%s (agency %s): post %d, %s, %s%s%s%s\n", c->person,
		    c->agency, sqlite3_column_int(st, 0), T(st, 1), T(st, 2),
		    T(st, 5) ? ", hired " : "", T(st, 5) ? T(st, 5) : "",
		    sqlite3_column_int(st, 6) ? ", on leave" : "");
	sqlite3_finalize(st);
	st = NULL;

	/* personal fields are kept apart and shown only when asked for */
	if (personal) {
		if (run(&st, db, "SELECT name, fields FROM person_detail WHERE"
		    " agency = ?1 AND person = ?2", c->agency, c->person))
			goto done;
		if (sqlite3_step(st) == SQLITE_ROW) {
			json_object_set_new(o, "personal", json_pack("{s:s?, s:s?}",
			    "name", T(st, 0), "fields", T(st, 1)));
			if (!json)
				printf("personal: %s %s\n", T(st, 0) ? T(st, 0) : "-",
				    T(st, 1) ? T(st, 1) : "");
		} else if (!json) {
			printf("personal: none recorded\n");
		}
		sqlite3_finalize(st);
		st = NULL;
	}

	arr = json_array();
	json_object_set_new(o, "timeline", arr);
	if (run(&st, db, timeline_sql, c->agency, c->person))
		goto done;
	if (!json)
		printf("\ntimeline:\n");
	while (sqlite3_step(st) == SQLITE_ROW) {
		/* an assessment changed outside merit is flagged, not shown as
		 * if merit had written it */
		long long rid = sqlite3_column_int64(st, 3);
		int tampered = rid && seal_result_broken(db, rid) != 0;
		json_t *ev = json_pack("{s:s?, s:s, s:s}", "date", T(st, 0),
		    "kind", T(st, 1), "what", T(st, 2));
		if (tampered)
			json_object_set_new(ev, "tampered", json_true());
		json_array_append_new(arr, ev);
		if (tampered)
			fprintf(stderr, "merit: result %lld of %s was changed outside "
			    "merit: not to be trusted\n", rid, c->person);
		if (!json)
			printf("  %-10s  %-10s  %s%s\n", T(st, 0) ? T(st, 0) : "-",
			    T(st, 1), T(st, 2), tampered ? "  WARNING: changed "
			    "outside merit, not to be trusted" : "");
	}
	sqlite3_finalize(st);
	st = NULL;

	arr = json_array();
	json_object_set_new(o, "gaps", arr);
	if (run(&st, db, "SELECT g.priority, g.competency, g.required,"
	    " g.required_level, g.measured, g.measured_level, g.gap,"
	    " g.importance, r.assessment, g.status FROM gap g JOIN result r"
	    " ON r.id ="
	    " g.result_id WHERE r.id = (SELECT id FROM current_result WHERE"
	    " agency = ?1 AND person = ?2) ORDER BY g.priority", c->agency,
	    c->person))
		goto done;
	int first = 1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		json_array_append_new(arr, json_pack("{s:i, s:s, s:f, s:s?, s:f, "
		    "s:s?, s:f, s:f, s:s}", "priority", sqlite3_column_int(st, 0),
		    "competency", T(st, 1), "required", sqlite3_column_double(st, 2),
		    "required_level", T(st, 3), "measured",
		    sqlite3_column_double(st, 4), "measured_level", T(st, 5), "gap",
		    sqlite3_column_double(st, 6), "importance",
		    sqlite3_column_double(st, 7), "status", T(st, 9)));
		if (json)
			continue;
		if (first)
			printf("\ngaps of the latest result (%s):\n", T(st, 8));
		first = 0;
		printf("  %d. %s: required %.2f%s%s, measured %.2f, gap %.2f, "
		    "importance %g%s\n", sqlite3_column_int(st, 0), T(st, 1),
		    sqlite3_column_double(st, 2), T(st, 3) ? " " : "",
		    T(st, 3) ? T(st, 3) : "", sqlite3_column_double(st, 4),
		    sqlite3_column_double(st, 6), sqlite3_column_double(st, 7),
		    strcmp(T(st, 9), "uncertain") ? ""
		    : " (uncertain: se unknown, not a significant gap)");
	}
	sqlite3_finalize(st);
	st = NULL;

	arr = json_array();
	json_object_set_new(o, "hours_per_year", arr);
	if (run(&st, db, "SELECT substr(completed_on, 1, 4), sum(hours),"
	    " count(*) FROM completion WHERE agency = ?1 AND person = ?2"
	    " GROUP BY 1 ORDER BY 1", c->agency, c->person))
		goto done;
	first = 1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		json_array_append_new(arr, json_pack("{s:s, s:f, s:i}", "year",
		    T(st, 0), "hours", sqlite3_column_double(st, 1), "courses",
		    sqlite3_column_int(st, 2)));
		if (json)
			continue;
		if (first)
			printf("\ntraining hours per year:\n");
		first = 0;
		printf("  %s  %g h in %d course(s)\n", T(st, 0),
		    sqlite3_column_double(st, 1), sqlite3_column_int(st, 2));
	}
	if (json) {
		json_dumpf(o, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
		putchar('\n');
	}
	rc = 0;
done:
	if (rc)
		fprintf(stderr, "merit: cannot read %s's records: %s\n", c->person,
		    sqlite3_errmsg(db));
	sqlite3_finalize(st);
	json_decref(o);
	return rc;
}

int cmd_show(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "agency", required_argument, NULL, 'g' },
		{ "format", required_argument, NULL, 'f' },
		{ "personal", no_argument, NULL, 'p' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	const char *db = "merit.db", *agency = NULL, *format = "table";
	int personal = 0, c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		switch (c) {
		case 'd': db = optarg; break;
		case 'g': agency = optarg; break;
		case 'f': format = optarg; break;
		case 'p': personal = 1; break;
		case 'h': help(stdout); return 0;
		default: help(stderr); return 2;
		}
	}
	if (optind != argc - 1 || (strcmp(format, "table") &&
	    strcmp(format, "json"))) {
		fprintf(stderr, "merit: show takes one PERSON id; --format is "
		    "table or json\n");
		help(stderr);
		return 2;
	}
	struct person_ctx ctx;
	int rc = person_ctx_open(&ctx, db, argv[optind], agency, 0);
	if (!rc)
		rc = show(&ctx, !strcmp(format, "json"), personal);
	person_ctx_close(&ctx);
	return rc;
}
