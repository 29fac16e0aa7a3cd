#!/bin/sh
# The audit log: append-only, hash-chained; merit audit verify names the
# first entry edited, deleted, reordered or cut off with the sqlite3 shell,
# and a register of schema 2 is chained when it is migrated.
MERIT=${MERIT:-./merit}
srcdir=${srcdir:-.}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; }
show() { sed 's/^/# /' "$1"; }
run() { "$MERIT" "$@" >"$tmp/out" 2>"$tmp/err"; status=$?; }
echo 1..11

# three assessments: the configuration, the model and the scheme
# agency.yaml names seen first, then one entry per assessment (A3 and A5
# are trials)
for a in A1 A3 A5; do
	run assess "$srcdir/examples/kz-digital" --db "$tmp/clean.db" --no-export -q --assessment $a
done
run audit verify --db "$tmp/clean.db"
head=$(sed -n 's/.*hash \([0-9a-f]*\)$/\1/p' "$tmp/out")
[ $status -eq 0 ] && grep -q 'audit log intact: 6 entries, head entry 6 hash' "$tmp/out" && [ ${#head} -eq 64 ] &&
	ok "three assessments, six chained entries, intact" || { nok "verify clean ($status)"; show "$tmp/out"; show "$tmp/err"; }

# the shell cannot simply edit or delete entries: triggers refuse
cp "$tmp/clean.db" "$tmp/t.db"
sqlite3 "$tmp/t.db" "update audit set detail = 'x' where seq = 2" 2>"$tmp/err"
s1=$?
sqlite3 "$tmp/t.db" "delete from audit where seq = 2" 2>>"$tmp/err"
s2=$?
[ $s1 -ne 0 ] && [ $s2 -ne 0 ] && [ "$(grep -c 'append-only' "$tmp/err")" -eq 2 ] &&
	ok "updates and deletes of entries are refused by the register" || { nok "triggers ($s1 $s2)"; show "$tmp/err"; }

# whoever drops the triggers is still found out
tamper() { # NAME SQL EXPECTED
	cp "$tmp/clean.db" "$tmp/t.db"
	sqlite3 "$tmp/t.db" "drop trigger audit_no_update; drop trigger audit_no_delete; $2" || { nok "$1: sqlite3 failed"; return; }
	run audit verify --db "$tmp/t.db"
	if [ $status -eq 1 ] && grep -qF "$3" "$tmp/err"; then
		ok "$1: $3"
	else
		nok "$1 ($status)"; show "$tmp/out"; show "$tmp/err"
	fi
}
tamper "an edited entry" "update audit set detail = replace(detail, '36 new', '35 new') where seq = 4" \
	"entry 4 (assess kz-digital at"
grep -q "was changed after it was written" "$tmp/err" && ok "  ... said to be changed" || nok "edited: wording"
tamper "a deleted entry" "delete from audit where seq = 4" "entry 5 follows entry 3: entry 4 was deleted"
tamper "two entries swapped" \
	"create temp table s as select * from audit; update audit set (at, actor, action, subject, detail, digest, prev_hash, hash) = (select at, actor, action, subject, detail, digest, prev_hash, hash from s where s.seq = 9 - audit.seq) where seq in (4, 5)" \
	"entry 4 (assess kz-digital at"
tamper "the last entry deleted" "delete from audit where seq = 6" \
	"the log ends at entry 5, but its head names entry 6"

# cut off together with the head row: a head recorded elsewhere tells,
# and so do the rows the lost entry sealed
cp "$tmp/clean.db" "$tmp/t.db"
sqlite3 "$tmp/t.db" "drop trigger audit_no_delete; delete from audit where seq = 6; update audit_head set seq = 5, hash = (select hash from audit where seq = 5)"
run audit verify --db "$tmp/t.db"
s1=$status
run audit verify --db "$tmp/t.db" --head "$head"
[ $s1 -eq 1 ] && [ $status -eq 1 ] && grep -q 'not the head .* recorded: entries were cut off' "$tmp/err" &&
	ok "a log cut short with its head: caught by --head" || { nok "head ($s1 $status)"; show "$tmp/err"; }

# a register of schema 2 (entries without hashes) is chained on migration
cp "$tmp/clean.db" "$tmp/v2.db"
sqlite3 "$tmp/v2.db" "drop trigger audit_no_update; drop trigger audit_no_delete; drop table audit_head;
	alter table audit drop column hash; alter table audit drop column prev_hash; alter table audit drop column digest;
	drop table person_detail; drop table evidence; drop table enrolment; drop table completion; drop table course;
	drop table plan_item; drop table plan; drop table pool_member; drop table token; drop table idempotency;
	drop table item_result; alter table result drop column qualification_se; alter table result drop column qualities_se;
	alter table result drop column performance_se; alter table result drop column k_se;
	alter table result drop column borderline_cut; alter table result drop column borderline_band;
	drop view current_result; drop view adopted; drop table adoption; drop table model_file; alter table result drop column trial;
	alter table agency drop column declared_assessment;
	alter table person drop column hired; alter table person drop column on_leave; alter table agency drop column config_path;
	alter table competency_result drop column coverage; alter table competency_result drop column evidence; alter table gap drop column status;
	drop table seal_release; alter table audit drop column seals;
	alter table result drop column seal; alter table result drop column sealed_by;
	alter table competency_result drop column seal; alter table competency_result drop column sealed_by;
	alter table gap drop column seal; alter table gap drop column sealed_by;
	alter table course_result drop column seal; alter table course_result drop column sealed_by;
	pragma user_version = 2"
run assess "$srcdir/examples/kz-digital" --db "$tmp/v2.db" --no-export -q --assessment A4
run audit verify --db "$tmp/v2.db"
[ $status -eq 0 ] && grep -q 'intact: 9 entries' "$tmp/out" && [ "$(sqlite3 "$tmp/v2.db" 'pragma user_version')" = 7 ] &&
	ok "schema 2 migrated: the old entries chained, the new one after them" || { nok "migration ($status)"; show "$tmp/out"; show "$tmp/err"; }

run audit show --db "$tmp/clean.db"
[ $status -eq 0 ] && [ "$(grep -c ' assess kz-digital: assessment A' "$tmp/out")" -eq 3 ] &&
	ok "audit show lists the entries" || { nok "show ($status)"; show "$tmp/out"; }
run audit verify --db "$tmp/clean.db" --head nothex
[ $status -eq 2 ] && ok "a malformed --head: exit 2" || nok "bad --head ($status)"
