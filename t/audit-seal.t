#!/bin/sh
# Sealed rows: every row an auditor relies on carries the seal of its
# content and of the audit entry that wrote it, and that entry commits to
# the seals. An UPDATE, DELETE or INSERT made with the sqlite3 shell in
# any sealed table is named by merit audit verify (exit 1); what merit
# itself changes (a plan approved, a token revoked, a pool member leaving,
# a scheme adopted, a re-assessment) still verifies; a register written
# before rows were sealed is sealed on migration; explain and show warn of
# an edited result; a re-assessment does not take an edited result as
# already recorded.
MERIT=${MERIT:-./merit}
srcdir=${srcdir:-.}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; }
show() { sed 's/^/# /' "$1"; }
run() { "$MERIT" "$@" >"$tmp/out" 2>"$tmp/err"; status=$?; }
echo 1..40

E=$srcdir/examples/kz-register
base=$tmp/base.db
A="--agency kz-register --db $base"

# a register with a row in every sealed table, and every kind of change
# merit makes to them
run import "$E" "$srcdir/examples/kz-360/roster.yaml" "$srcdir/examples/kz-360/evidence.yaml" \
	"$E/completions.csv" "$E/enrolments.jsonl" --db "$base"
s=$status
run assess "$E" --db "$base" --no-export -q; s="$s $status"
run assess "$srcdir/examples/kz-quiz" --db "$base" --no-export -q; s="$s $status"
run assess "$E" --db "$base" --no-export -q --assessment A5-360; s="$s $status"  # a trial
run plan KZ-1002 $A; s="$s $status"
run plan KZ-1002 $A --approve --by HR-0007; s="$s $status"
run pool --as-of 2025-12-31 $A; s="$s $status"
member=$(sqlite3 "$base" "select min(person) from pool_member")
sqlite3 "$base" "update person set category = 'operational' where id = '$member'"
run pool --as-of 2026-01-31 $A; s="$s $status"                                       # an exit
"$MERIT" token create --agency kz-register --role assessor --db "$base" >"$tmp/tok" 2>/dev/null; s="$s $?"
"$MERIT" token create --agency kz-register --role reader --db "$base" >/dev/null 2>&1; s="$s $?"
run token revoke "$(cat "$tmp/tok")" --db "$base"; s="$s $status"
run adopt kz-register A5-360 --by HR-0007 --reason "the 360 scheme" --db "$base"; s="$s $status"
run assess "$E" --db "$base" --no-export -q; s="$s $status"  # claims the trial's results
run assess "$E" --db "$base" --no-export -q; s="$s $status"  # all already recorded
counts=$(for t in result competency_result gap course_result item_result plan plan_item token pool_member adoption seal_release; do
	sqlite3 "$base" "select count(*) > 0 from $t"; done | tr -d '\n')
run audit verify --db "$base"
[ "$s" = "0 0 0 0 0 0 0 0 0 0 0 0 0 0" ] && [ "$counts" = 11111111111 ] && [ $status -eq 0 ] &&
	grep -q 'audit log intact' "$tmp/out" && grep -q 'sealed rows intact' "$tmp/out" &&
	[ "$(sqlite3 "$base" "select count(*) from pool_member where exited_on is not null")" -ge 1 ] &&
	[ "$(sqlite3 "$base" "select count(*) from token where revoked_at is not null")" = 1 ] &&
	[ "$(sqlite3 "$base" "select count(*) from seal_release")" -gt 0 ] &&
	ok "every sealed table filled; approve, pool exit, revoke, adopt, re-assess: all verify" ||
	{ nok "base register ($s / $counts / $status)"; show "$tmp/out"; show "$tmp/err"; }

# tamper TABLE KIND SQL PATTERN: on a copy of the base register, SQL run
# by the shell is caught by verify, exit 1, with PATTERN on stderr
tamper() {
	cp "$base" "$tmp/t.db"
	rm -f "$tmp/t.db-wal" "$tmp/t.db-shm"
	if ! sqlite3 "$tmp/t.db" "$3" 2>"$tmp/sqlerr"; then
		nok "$1 $2: the shell refused: $(cat "$tmp/sqlerr")"
		return
	fi
	run audit verify --db "$tmp/t.db"
	if [ $status -eq 1 ] && grep -q "$4" "$tmp/err"; then
		ok "$1 $2: caught: $(grep -m1 "$4" "$tmp/err" | sed 's/.*row tampered with: //')"
	else
		nok "$1 $2 ($status)"; show "$tmp/out"; show "$tmp/err"
	fi
}
by='(sealed by audit entry [0-9]*) was changed after it was sealed'
nosealed='has no seal: it was written outside merit'
gone='sealed [0-9]* row(s), [0-9]* carry its seals now: 1 row(s) were deleted'

tamper result UPDATE "update result set k = 0.99 where id = 1" "result id 1 $by"
tamper result DELETE "delete from result where id = 1" "result: audit entry [0-9]* (assess kz-register .*$gone"
tamper result INSERT "insert into result(receipt, agency, person, assessment, period, model_hash, k,
	inputs, explanation, scored_at) select 'forged', agency, person, assessment, period, model_hash, 0.99,
	inputs, explanation, scored_at from result where id = 1" "result id [0-9]* $nosealed"

one="(result_id, competency) = (select result_id, min(competency) from competency_result where result_id = 1)"
tamper competency_result UPDATE "update competency_result set position = 3.9 where $one" \
	"competency_result result 1 competency [a-z-]* $by"
tamper competency_result DELETE "delete from competency_result where $one" "competency_result: audit entry [0-9]* .*$gone"
tamper competency_result INSERT "insert into competency_result(result_id, competency, position) values (1, 'forged', 3.9)" \
	"competency_result result 1 competency forged $nosealed"

one="(result_id, priority) = (select result_id, priority from gap limit 1)"
tamper gap UPDATE "update gap set gap = 0 where $one" "gap result [0-9]* priority [0-9]* $by"
tamper gap DELETE "delete from gap where $one" "gap: audit entry [0-9]* .*$gone"
tamper gap INSERT "insert into gap(result_id, priority, competency, required, measured, gap, importance)
	select result_id, 99, competency, 0, 0, 0, 0 from gap limit 1" "gap result [0-9]* priority 99 $nosealed"

one="(result_id, course) = (select result_id, course from course_result limit 1)"
tamper course_result UPDATE "update course_result set value = 1 where $one" "course_result result [0-9]* course [^ ]* $by"
tamper course_result DELETE "delete from course_result where $one" "course_result: audit entry [0-9]* (assess kz-quiz .*$gone"
tamper course_result INSERT "insert into course_result(result_id, course, value, items)
	select result_id, 'forged', 1, 1 from course_result limit 1" "course_result result [0-9]* course forged $nosealed"

one="(result_id, item) = (select result_id, item from item_result limit 1)"
tamper item_result UPDATE "update item_result set score = score + 0.5 where $one" \
	"item_result result [0-9]* item [^ ]* $by"
tamper item_result DELETE "delete from item_result where $one" "item_result: audit entry [0-9]* (assess kz-quiz .*$gone"
tamper item_result INSERT "insert into item_result(result_id, item, score, max)
	select result_id, 'forged', 1, 1 from item_result limit 1" "item_result result [0-9]* item forged $nosealed"

tamper plan UPDATE "update plan set decided_by = 'HR-9999' where id = 1" "plan id 1 $by"
tamper plan DELETE "delete from plan where id = 1" "plan: audit entry [0-9]* (plan-approve .*$gone"
tamper plan INSERT "insert into plan(agency, person, created_at, status) values ('kz-register', 'KZ-1003',
	'2025-01-01T00:00:00Z', 'proposed')" "plan id 2 $nosealed"

tamper plan_item UPDATE "update plan_item set target_date = '2030-01-01' where plan_id = 1 and rank = 1" \
	"plan_item plan 1 rank 1 $by"
tamper plan_item DELETE "delete from plan_item where plan_id = 1 and rank = 1" "plan_item: audit entry [0-9]* (plan-propose .*$gone"
tamper plan_item INSERT "insert into plan_item(plan_id, rank, course, target_date, reason)
	values (1, 99, 'kz-leadership', '2030-01-01', 'forged')" "plan_item plan 1 rank 99 $nosealed"

tamper token UPDATE "update token set role = 'admin' where revoked_at is null" "token id [0-9a-f]* $by"
tamper token DELETE "delete from token where revoked_at is null" "token: audit entry [0-9]* (token-create .*$gone"
tamper token INSERT "insert into token(id, agency, role, hash, created_at) values ('00000000beef', 'kz-register',
	'admin', x'00', '2025-01-01T00:00:00Z')" "token id 00000000beef $nosealed"
tamper token "un-revoke" "update token set revoked_at = null" "token id [0-9a-f]* $by"
tamper token "re-agency" "update token set agency = 'kz-quiz' where revoked_at is null" "token id [0-9a-f]* $by"

tamper pool_member UPDATE "update pool_member set expires_on = '2099-01-01' where person = '$member'" \
	"pool_member agency kz-register pool [^ ]* person $member entered [0-9-]* $by"
tamper pool_member DELETE "delete from pool_member where person = '$member'" "pool_member: audit entry [0-9]* (pool .*$gone"
outsider=$(sqlite3 "$base" "select min(id) from person where agency = 'kz-register' and id not in (select person from pool_member)")
tamper pool_member INSERT "insert into pool_member(agency, pool, person, entered_on, expires_on, reason)
	select agency, pool, '$outsider', entered_on, expires_on, 'forged' from pool_member limit 1" \
	"pool_member agency kz-register pool [^ ]* person $outsider entered [0-9-]* $nosealed"

tamper adoption UPDATE "drop trigger adoption_no_update; update adoption set reason = 'forged' where id = 1" "adoption id 1 $by"
tamper adoption DELETE "drop trigger adoption_no_delete; delete from adoption where id = 1" "adoption: audit entry [0-9]* (adopt .*$gone"
tamper adoption INSERT "insert into adoption(agency, assessment, actor, reason, at) values ('kz-register', 'A1-360',
	'HR-9999', 'forged', '2025-01-01T00:00:00Z')" "adoption id [0-9]* $nosealed"

# a seal copied onto another row does not fit it
tamper result "INSERT with a copied seal" "insert into result(receipt, agency, person, assessment, period,
	model_hash, k, inputs, explanation, scored_at, seal, sealed_by) select 'forged', agency, person, assessment,
	period, model_hash, k, inputs, explanation, scored_at, seal, sealed_by from result where id = 1" "result id [0-9]* $by"

# explain and show: nothing to say of a sound result; a warning, exit 1,
# for an edited one
cp "$base" "$tmp/t.db"
rid=$(sqlite3 "$tmp/t.db" "select id from current_result where person = 'KZ-1002' and agency = 'kz-register'")
run explain KZ-1002 --agency kz-register --db "$tmp/t.db"
[ $status -eq 0 ] && ! grep -q WARNING "$tmp/out" && [ ! -s "$tmp/err" ] &&
	ok "explain of a sound result: no warning" || { nok "explain sound ($status)"; show "$tmp/err"; }
sqlite3 "$tmp/t.db" "update result set k = 0.99 where id = $rid"
run explain KZ-1002 --agency kz-register --db "$tmp/t.db"
[ $status -eq 1 ] && grep -q '^WARNING: this result was changed outside merit' "$tmp/out" &&
	grep -q "result $rid was changed outside merit" "$tmp/err" &&
	ok "explain of a result whose K was set to 0.99: a warning, exit 1" || { nok "explain tampered ($status)"; show "$tmp/out"; show "$tmp/err"; }
run show KZ-1002 --agency kz-register --db "$tmp/t.db"
[ "$(grep -c 'WARNING: changed outside merit' "$tmp/out")" = 1 ] && grep -q "result $rid of KZ-1002" "$tmp/err" &&
	ok "show flags the edited assessment in the timeline" || { nok "show tampered ($status)"; show "$tmp/out"; show "$tmp/err"; }

# a re-assessment meets the edited result under the same receipt: it is
# not taken as already recorded, and nothing is written
entries=$(sqlite3 "$tmp/t.db" "select count(*) from audit")
run assess "$E" --db "$tmp/t.db" --no-export -q
[ $status -ne 0 ] && grep -q 'KZ-1002 already recorded .* was changed outside merit' "$tmp/err" &&
	[ "$(sqlite3 "$tmp/t.db" "select count(*) from audit")" = "$entries" ] &&
	ok "re-assess refuses to take the edited result as recorded" || { nok "re-assess ($status)"; show "$tmp/err"; }

# a register written before rows were sealed (here schema 2, as in
# t/audit.t): sealed on migration by a "seal" entry, then it verifies,
# and an edit of a row sealed then is caught
run assess "$srcdir/examples/kz-digital" --db "$tmp/old.db" --no-export -q
sqlite3 "$tmp/old.db" "drop trigger audit_no_update; drop trigger audit_no_delete; drop table audit_head;
	alter table audit drop column seals; alter table audit drop column hash; alter table audit drop column prev_hash;
	alter table audit drop column digest;
	drop table seal_release; alter table result drop column seal; alter table result drop column sealed_by;
	alter table competency_result drop column seal; alter table competency_result drop column sealed_by;
	alter table gap drop column seal; alter table gap drop column sealed_by;
	alter table course_result drop column seal; alter table course_result drop column sealed_by;
	drop table person_detail; drop table evidence; drop table enrolment; drop table completion; drop table course;
	drop table plan_item; drop table plan; drop table pool_member; drop table token; drop table idempotency;
	drop table item_result; alter table result drop column qualification_se; alter table result drop column qualities_se;
	alter table result drop column performance_se; alter table result drop column k_se;
	alter table result drop column borderline_cut; alter table result drop column borderline_band;
	drop view current_result; drop view adopted; drop table adoption; drop table model_file; alter table result drop column trial;
	alter table agency drop column declared_assessment;
	alter table person drop column hired; alter table person drop column on_leave; alter table agency drop column config_path;
	alter table competency_result drop column coverage; alter table competency_result drop column evidence; alter table gap drop column status;
	pragma user_version = 2"
run assess "$srcdir/examples/kz-digital" --db "$tmp/old.db" --no-export -q --assessment A4
s1=$status
run audit verify --db "$tmp/old.db"
seal=$(sqlite3 "$tmp/old.db" "select seq from audit where action = 'seal'")
[ $s1 -eq 0 ] && [ $status -eq 0 ] && grep -q 'sealed rows intact' "$tmp/out" && [ -n "$seal" ] &&
	[ "$(sqlite3 "$tmp/old.db" "select count(*) from result where sealed_by = $seal")" = 36 ] &&
	ok "a register of schema 2: its 36 results sealed by the seal entry ($seal) on migration, intact" ||
	{ nok "migration ($s1 $status $seal)"; show "$tmp/out"; show "$tmp/err"; }
sqlite3 "$tmp/old.db" "update result set k = 0.99 where id = 2"
run audit verify --db "$tmp/old.db"
[ $status -eq 1 ] && grep -q "result id 2 (sealed by audit entry $seal) was changed" "$tmp/err" &&
	ok "an edit after the migration of a row sealed by it: caught" || { nok "edit after migration ($status)"; show "$tmp/err"; }
