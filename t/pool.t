#!/bin/sh
# The reserve pool: merit pool's entries, exits, expiry and renewal worked
# by hand from the fixture's K values; idempotent reruns; --dry-run; rules
# that loop, exhaust memory, loop through pcall or write their argument
# fail only the person they misbehave for; the 9-box; DSL errors.
MERIT=${MERIT:-./merit}
srcdir=${srcdir:-.}
fx="$srcdir/t/fixtures/pool"
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); echo "not ok $n - $1"; }
show() { sed 's/^/# /' "$1"; }
run() { "$MERIT" "$@" >"$tmp/out" 2>"$tmp/err"; status=$?; }
q() { sqlite3 "$tmp/r.db" "$1"; }
echo 1..24

# Two assessment types measuring performance only, so K = min(actual /
# target, 1) of the one goal, target 100 (t/fixtures/pool/*.yaml):
#          annual  centre (band: >= .85 excellent, >= .70 good)
#   P-01    0.90    0.80 good          post 12 official
#   P-02    0.80    0.40 unsatisfactory post 11 official
#   P-03    0.95    0.70 good          post 10 official
#   P-04    0.85    0.90 excellent     post 12 operational
#   P-05    0.60    0.90 excellent     post  5 official
#   P-06    1.00    0.75 good          post 13 official
run assess "$fx" --db "$tmp/r.db" --no-export -q
s1=$status
run assess "$fx/centre-agency.yaml" --db "$tmp/r.db" --no-export -q
[ $s1 -eq 0 ] && [ $status -eq 0 ] &&
	[ "$(q "select group_concat(person || '=' || k, ' ') from (select person, k from result where assessment = 'annual' order by person)")" = \
	  "P-01=0.9 P-02=0.8 P-03=0.95 P-04=0.85 P-05=0.6 P-06=1.0" ] &&
	[ "$(q "select group_concat(person || '=' || band, ' ') from (select person, band from result where assessment = 'centre' order by person)")" = \
	  "P-01=good P-02=unsatisfactory P-03=good P-04=excellent P-05=excellent P-06=good" ] &&
	ok "register filled by merit assess with the K values worked above" || { nok "assess ($s1 $status)"; show "$tmp/err"; }

# hired dates and completions, as merit import would record them
q "update person set hired = '2020-01-10' where id = 'P-01';
   update person set hired = '2019-05-01' where id = 'P-02';
   update person set hired = '2015-03-01' where id = 'P-03';
   update person set hired = '2018-01-01' where id in ('P-04', 'P-05');
   update person set hired = '2024-06-01' where id = 'P-06';
   insert into course(id, title, hours, source, updated_at) values
     ('leadership-101', 'Leading a team', 40, 'test', '2025-01-01');
   insert into completion(agency, person, course, completed_on, hours, source, updated_at)
     select 'pool-test', id, 'leadership-101', '2025-06-01', 40, 'test', '2025-06-01'
     from person where id in ('P-01', 'P-02', 'P-04', 'P-05', 'P-06');
   insert into completion(agency, person, course, completed_on, hours, source, updated_at)
     values ('pool-test', 'P-03', 'leadership-101', '2026-02-01', 40, 'test', '2026-02-01');"

# Pool "senior" (types.lua): 12 months; posts 10-13; official; 36 months
# of service; annual K >= 0.8 within 24 months; centre band good or
# better; leadership-101 completed. As of 2026-01-15 (results of period
# 2025 are dated 2025-12-31, inside the window from 2024-01-15):
#   P-01 post 12, official, 2020-01-10 -> 2026-01-15 = 72 months, annual
#        0.90 >= 0.8, centre good, course 2025-06-01: ENTERS until 2027-01-15
#   P-02 centre unsatisfactory < good: out
#   P-03 course only on 2026-02-01, after as-of: out
#   P-04 operational: out;  P-05 post 5: out
#   P-06 2024-06-01 -> 2026-01-15 = 19 months < 36: out
run pool --db "$tmp/r.db" --agency "$fx" --as-of 2026-01-15
[ $status -eq 0 ] && grep -q "entered  P-01 .*until 2027-01-15: post level 12; category official; service 72 months; annual K 0.900 >= 0.8; centre band good; course leadership-101" "$tmp/out" &&
	grep -q "1 member(s): 1 entered, 0 exited, 0 renewed, 0 unchanged" "$tmp/out" &&
	[ "$(q "select person || ' ' || entered_on || ' ' || expires_on from pool_member")" = "P-01 2026-01-15 2027-01-15" ] &&
	ok "as of 2026-01-15 only P-01 enters, until 2027-01-15, with the rules met" || { nok "first run ($status)"; show "$tmp/out"; show "$tmp/err"; }

# --dry-run writes nothing; the JSON tells who would not enter either
cp "$tmp/r.db" "$tmp/before.db"
sqlite3 "$tmp/r.db" .dump >"$tmp/d0"
run pool --db "$tmp/r.db" --as-of 2026-03-01 --dry-run
sqlite3 "$tmp/r.db" .dump >"$tmp/d1"
[ $status -eq 0 ] && cmp -s "$tmp/d0" "$tmp/d1" && grep -q "entered  P-03 .*until 2027-03-01" "$tmp/out" &&
	grep -q "dry run: nothing written" "$tmp/out" &&
	ok "--dry-run shows P-03 entering on 2026-03-01 and writes nothing" || { nok "dry run ($status)"; show "$tmp/out"; show "$tmp/err"; }

# rerun on the same day: nothing changes, no audit entry
run pool --db "$tmp/r.db" --as-of 2026-01-15
sqlite3 "$tmp/r.db" .dump >"$tmp/d2"
[ $status -eq 0 ] && cmp -s "$tmp/d0" "$tmp/d2" && grep -q "1 member(s): 0 entered, 0 exited, 0 renewed, 1 unchanged" "$tmp/out" &&
	ok "rerun on the same day: .dump identical, no audit entry" || { nok "idempotent ($status)"; show "$tmp/out"; diff "$tmp/d0" "$tmp/d2" | head -20 | sed 's/^/# /'; }

# 2026-03-01: P-03's course (2026-02-01) now counts: 2015-03-01 -> 132
# months, annual 0.95, centre good: enters until 2027-03-01. Also the JSON
run pool --db "$tmp/r.db" --as-of 2026-03-01 --format json
[ $status -eq 0 ] && python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))
p = d["pools"][0]
assert d["written"] is True and p["pool"] == "senior", d
assert [(e["person"], e["expires_on"]) for e in p["entered"]] == [("P-03", "2027-03-01")], p
assert p["exited"] == [] and p["renewed"] == [] and p["unchanged"] == 1 and p["members"] == 2, p
' "$tmp/out" && ok "as of 2026-03-01 P-03 enters (JSON: 1 entered, 1 unchanged, 2 members)" || { nok "json ($status)"; show "$tmp/out"; show "$tmp/err"; }

# a member no longer eligible exits, naming the rule that failed
q "update person set category = 'operational' where id = 'P-03'"
run pool --db "$tmp/r.db" --as-of 2026-06-01
[ $status -eq 0 ] && grep -q "exited   P-03 .*category operational is not admitted" "$tmp/out" &&
	[ "$(q "select exited_on || ' ' || exit_reason from pool_member where person = 'P-03'")" = "2026-06-01 category operational is not admitted" ] &&
	ok "P-03 made operational exits on 2026-06-01: category operational is not admitted" || { nok "exit ($status)"; show "$tmp/out"; show "$tmp/err"; }
q "update person set category = 'official' where id = 'P-03'"

# a past --as-of cannot rewrite the history
run pool --db "$tmp/r.db" --as-of 2026-05-01
[ $status -eq 2 ] && grep -q "as-of 2026-05-01: agency pool-test has pool changes recorded on 2026-06-01" "$tmp/err" &&
	ok "an --as-of before changes already recorded is refused (exit 2)" || { nok "past as-of ($status)"; show "$tmp/err"; }

# 2027-01-15: P-01's membership expires (expires_on <= as-of); still
# eligible (window from 2025-01-15 holds 2025-12-31; 84 months of
# service), so it re-enters until 2028-01-15. P-03, official again, with
# everything met, enters anew (it exited on 2026-06-01).
run pool --db "$tmp/r.db" --as-of 2027-01-15
[ $status -eq 0 ] && grep -q "exited   P-01 .*membership expired on 2027-01-15" "$tmp/out" &&
	grep -q "renewed  P-01 .*until 2028-01-15: renewed: post level 12" "$tmp/out" &&
	grep -q "entered  P-03 .*until 2028-01-15" "$tmp/out" &&
	grep -q "2 member(s): 1 entered, 1 exited, 1 renewed, 0 unchanged" "$tmp/out" &&
	[ "$(q "select count(*) from pool_member where person = 'P-01' and exited_on is null and entered_on = '2027-01-15' and expires_on = '2028-01-15'")" = 1 ] &&
	ok "2027-01-15: P-01 expires and is renewed until 2028-01-15; P-03 re-enters" || { nok "renewal ($status)"; show "$tmp/out"; show "$tmp/err"; }

# 2028-01-15: both expire; the annual result of 2025 (2025-12-31) is now
# outside the 24-month window (from 2026-01-15): no renewal
run pool --db "$tmp/r.db" --as-of 2028-01-15
[ $status -eq 0 ] && grep -q "exited   P-01 .*membership expired on 2028-01-15" "$tmp/out" &&
	grep -q "exited   P-03 .*membership expired on 2028-01-15" "$tmp/out" &&
	grep -q "0 member(s): 0 entered, 2 exited, 0 renewed, 0 unchanged" "$tmp/out" &&
	ok "2028-01-15: both expire, not renewed: the annual result is older than 24 months" || { nok "expiry ($status)"; show "$tmp/out"; show "$tmp/err"; }

# one audit entry per pool run that changed something: entered (1),
# entered (P-03), exited (P-03), expired+renewed+entered, expired x2
q "select detail from audit where action = 'pool' order by seq" >"$tmp/aud"
cat >"$tmp/aud.want" <<'EOF'
pool senior: 1 entered, 0 exited, 0 renewed
pool senior: 1 entered, 0 exited, 0 renewed
pool senior: 0 entered, 1 exited, 0 renewed
pool senior: 1 entered, 1 exited, 1 renewed
pool senior: 0 entered, 2 exited, 0 renewed
EOF
cmp -s "$tmp/aud" "$tmp/aud.want" && [ "$(q "select count(*) from audit where action = 'pool' and subject = 'pool-test' and length(digest) = 64")" = 5 ] &&
	ok "five audit entries, one per run that changed the pool, each with a digest" || { nok "audit entries"; show "$tmp/aud"; }
run audit verify --db "$tmp/r.db"
[ $status -eq 0 ] && grep -q "audit log intact: 12 entries" "$tmp/out" && ok "merit audit verify: intact (configuration, model, the scheme adopted, assessment; the second agency file changes the configuration and the scheme, assessment; 5 pool runs)" || { nok "verify ($status)"; show "$tmp/out"; show "$tmp/err"; }

# the 9-box as of 2026-03-01 (performance: annual performance; potential:
# centre K; cuts 0.5, 0.75: low < 0.5 <= mid < 0.75 <= high)
#   P-01 (.90 high, .80 high)  P-02 (.80 high, .40 low)
#   P-03 (.95 high, .70 mid)   P-04 (.85 high, .90 high)
#   P-05 (.60 mid,  .90 high)  P-06 (1.0 high, .75 high)
# high/high: P-01 P-04 P-06 = 3, P-01 a member (until 2027-01-15);
# mid perf/high pot: P-05; high/mid: P-03 (member); high/low: P-02
cp "$tmp/before.db" "$tmp/g.db"
run pool --db "$tmp/g.db" --as-of 2026-03-01
run pool --db "$tmp/g.db" --as-of 2026-03-01 --grid
sqlite3 "$tmp/g.db" .dump >"$tmp/g0"
cat >"$tmp/grid.want" <<'EOF'
  potential high            0          1     3 (1*)
  potential mid             0          0     1 (1*)
  potential low             0          0          1
EOF
grep "potential \(high\|mid\|low\)" "$tmp/out" >"$tmp/grid"
[ $status -eq 0 ] && cmp -s "$tmp/grid" "$tmp/grid.want" && grep -q "9-box of 6 person(s)" "$tmp/out" &&
	ok "9-box counts and members worked by hand" || { nok "grid ($status)"; show "$tmp/out"; show "$tmp/err"; }
run pool --db "$tmp/g.db" --as-of 2026-03-01 --grid --format json
sqlite3 "$tmp/g.db" .dump >"$tmp/g1"
[ $status -eq 0 ] && cmp -s "$tmp/g0" "$tmp/g1" && python3 -c '
import json, sys
g = json.load(open(sys.argv[1]))["pools"][0]["grid"]
cells = {(c["performance"], c["potential"]): c for c in g["cells"]}
hh = cells[("high", "high")]
assert sorted(p["id"] for p in hh["persons"]) == ["P-01", "P-04", "P-06"], hh
assert [p["id"] for p in hh["persons"] if p["member"]] == ["P-01"], hh
assert [p["id"] for p in cells[("mid", "high")]["persons"]] == ["P-05"]
assert [p["id"] for p in cells[("high", "low")]["persons"]] == ["P-02"]
assert sum(c["count"] for c in g["cells"]) == 6 == g["persons"]
' "$tmp/out" && ok "9-box in JSON: cells with person ids and members; writes nothing" || { nok "grid json ($status)"; show "$tmp/out"; show "$tmp/err"; }

# hostile rules (t/fixtures/pool/hostile/rules.lua), as of 2028-02-01 on a
# register without pool rows: each misbehaves for one person only
cp "$tmp/before.db" "$tmp/h.db"
q2() { sqlite3 "$tmp/h.db" "$1"; }
q2 "delete from pool_member"
start=$(date +%s)
run pool --db "$tmp/h.db" --agency "$fx/hostile" --as-of 2028-02-01
took=$(( $(date +%s) - start ))
rules="$fx/hostile/rules.lua"
[ $status -eq 1 ] && [ $took -lt 60 ] && ok "hostile rules: exit 1, done in ${took}s" || { nok "hostile ($status, ${took}s)"; show "$tmp/err"; }
members() { q2 "select group_concat(person, ' ') from (select person from pool_member where pool = '$1' order by person)"; }
# loop: true for all but P-02, which loops
grep -q "rules.lua:7: script stopped: instruction budget .*(pool loop, person P-02" "$tmp/err" &&
	[ "$(members loop)" = "P-01 P-03 P-04 P-05 P-06" ] &&
	ok "endless loop: P-02 fails at rules.lua:7, the five others enter" || { nok "loop: $(members loop)"; show "$tmp/err"; }
# bomb: post >= 10 (12, 11, -, 12, 5, 13) but P-03 allocates without end
grep -q "rules.lua:1[2-7]: script stopped: memory cap .*(pool bomb, person P-03" "$tmp/err" &&
	[ "$(members bomb)" = "P-01 P-02 P-04 P-06" ] &&
	ok "memory bomb: P-03 fails with its line, posts >= 10 enter: P-01 P-02 P-04 P-06" || { nok "bomb: $(members bomb)"; show "$tmp/err"; }
# pcall loop: annual K >= 0.85 (.90 .80 .95 - .60 1.0), P-04 loops in pcall
grep -q "rules.lua:2[4-9]: script stopped: instruction budget .*(pool pcall-loop, person P-04" "$tmp/err" &&
	[ "$(members pcall-loop)" = "P-01 P-03 P-06" ] &&
	ok "pcall loop: P-04 fails, annual K >= 0.85 enter: P-01 P-03 P-06" || { nok "pcall: $(members pcall-loop)"; show "$tmp/err"; }
# writes: P-05 writes its facts; the others have one course each, seen
# through pairs(), leadership-101 by 2028-02-01: all enter
grep -q "rules.lua:37: the person's facts are read-only (pool writes, person P-05" "$tmp/err" &&
	[ "$(members writes)" = "P-01 P-02 P-03 P-04 P-06" ] &&
	ok "a rule writing its argument: P-05 fails at rules.lua:37, the others enter" || { nok "writes: $(members writes)"; show "$tmp/err"; }
# fine: official and >= 60 months by 2028-02-01: P-01 (96), P-02 (105),
# P-03 (155), P-05 (120); P-04 operational; P-06 (2024-06-01: 44)
[ "$(members fine)" = "P-01 P-02 P-03 P-05" ] && [ "$(grep -c "pool fine" "$tmp/err")" = 0 ] &&
	ok "a well-behaved rule after the hostile ones: P-01 P-02 P-03 P-05" || { nok "fine: $(members fine)"; show "$tmp/err"; }

# an agency naming a pool its model does not declare: exit 2, nothing written
mkdir "$tmp/ag"
sed -e 's/^pools: .*/pools: [senior, juniors]/' -e 's#\./types.lua#'"$(cd "$fx" && pwd)"'/types.lua#' \
    -e 's#roster.yaml#'"$(cd "$fx" && pwd)"'/roster.yaml#' -e 's#annual.yaml#'"$(cd "$fx" && pwd)"'/annual.yaml#' \
    "$fx/agency.yaml" >"$tmp/ag/agency.yaml"
sqlite3 "$tmp/before.db" .dump >"$tmp/b0"
run pool --db "$tmp/before.db" --agency "$tmp/ag" --as-of 2026-03-01
sqlite3 "$tmp/before.db" .dump >"$tmp/b1"
line=$(grep -n 'pools:' "$tmp/ag/agency.yaml" | cut -d: -f1)
col=$(awk '/^pools:/ { print index($0, "juniors") }' "$tmp/ag/agency.yaml")
[ $status -eq 2 ] && grep -q "ag/agency.yaml:$line:$col: pools: no pool 'juniors' is declared" "$tmp/err" && cmp -s "$tmp/b0" "$tmp/b1" &&
	ok "unknown pool in agency.yaml: its file:line:col, exit 2, nothing written" || { nok "unknown pool ($status)"; show "$tmp/err"; }
run check "$tmp/ag"
[ $status -ne 0 ] && grep -q "ag/agency.yaml:$line:$col: pools: no pool 'juniors' is declared" "$tmp/err" &&
	ok "merit check reports the unknown pool too" || { nok "check unknown pool ($status)"; show "$tmp/err"; }

# DSL errors, each at its line
run check "$fx/broken/pool-errors.lua"
b="$fx/broken/pool-errors.lua"
[ $status -eq 2 ] && grep -q "$b:17: pool 'no-months': missing required field 'months'" "$tmp/err" &&
	ok "DSL: missing months at the pool's line" || { nok "missing months ($status)"; show "$tmp/err"; }
grep -q "$b:24: unknown key 'servce_months' in a pool" "$tmp/err" &&
	ok "DSL: unknown key at its line" || { nok "unknown key"; show "$tmp/err"; }
grep -q "$b:30: pool 'unknown-type' requires unknown assessment type 'annaul'" "$tmp/err" &&
	grep -q "$b:37: pool 'more': min_band 'stellar' is not a band of assessment 'annual'" "$tmp/err" &&
	grep -q "$b:39: pool 'more' requires unknown course 'no-such-course'" "$tmp/err" &&
	grep -q "$b:40: pool 'more': rule must be a function" "$tmp/err" &&
	[ "$(grep -c "^merit: $b" "$tmp/err")" = 6 ] &&
	ok "DSL: unknown assessment, band, course and a rule that is no function, at their lines, nothing else" || { nok "cross checks"; show "$tmp/err"; }
