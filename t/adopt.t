#!/bin/sh
# Adopting an assessment type: merit adopt records who, when, why and the
# scheme replaced, in the register and the audit log; plain runs then
# score under it; another scheme's results are trials; an edit of
# agency.yaml's assessment: is recorded as an adoption by "agency.yaml";
# current_result holds one result per person, of the adopted scheme.
MERIT=${MERIT:-./merit}
srcdir=${srcdir:-.}
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0 fail=0
ok() { n=$((n + 1)); echo "ok $n - $1"; }
nok() { n=$((n + 1)); fail=1; echo "not ok $n - $1"; }
show() { sed 's/^/# /' "$1"; }
run() { "$MERIT" "$@" >"$tmp/out" 2>"$tmp/err"; status=$?; }
q() { sqlite3 "$db" "$1"; }
echo 1..16

db=$tmp/m.db
ag=$srcdir/examples/kz-digital

# the first run records the scheme agency.yaml names
run assess "$ag" --db "$db" --no-export -q
[ $status -eq 0 ] &&
	[ "$(q "select assessment || '|' || coalesce(previous, '-') || '|' || actor from adoption")" = "A1|-|agency.yaml" ] &&
	[ "$(q "select count(*) from audit where action = 'adopt' and actor = 'agency.yaml' and detail like 'assessment (none) -> A1:%'")" = 1 ] &&
	ok "the first assess records agency.yaml's A1 as adopted, with an audit entry" || { nok "first adoption ($status)"; show "$tmp/err"; }

# another scheme without adopting it: a trial, never current
run assess "$ag" --db "$db" --no-export -q --assessment A5
[ $status -eq 0 ] && grep -qF "A5 is not the scheme agency kz-digital has adopted (A1)" "$tmp/err" &&
	[ "$(q "select count(*) from result where assessment = 'A5' and trial = 1")" = 36 ] &&
	[ "$(q "select count(*) || ' ' || count(distinct person) || ' ' || group_concat(distinct assessment) from current_result")" = "36 36 A1" ] &&
	[ "$(q "select count(*) from latest_result")" = 72 ] &&
	q "select detail from audit where action = 'assess' order by seq desc limit 1" | grep -qF '(a trial: the adopted scheme is A1)' &&
	ok "--assessment A5 unadopted: 36 trial results, current_result still one A1 row per person" || { nok "trial ($status)"; show "$tmp/err"; }

# refusals leave the register as it was
sqlite3 "$db" .dump >"$tmp/before.sql"
run adopt kz-digital A9 --db "$db" --by HR-0007 --reason "test"
[ $status -eq 2 ] && grep -qF "agency kz-digital has no assessment type 'A9'" "$tmp/err" &&
	grep -qF "declares: A1 A2 A3 A4 A5" "$tmp/err" &&
	ok "adopt an unknown assessment type: exit 2 with the model's types" || { nok "unknown assessment ($status)"; show "$tmp/err"; }
run adopt kz-nowhere A5 --db "$db" --by HR-0007 --reason "test"
[ $status -eq 2 ] && grep -qF "agencies the register $db knows: kz-digital" "$tmp/err" &&
	ok "adopt for an unknown agency: exit 2 with the agencies known" || { nok "unknown agency ($status)"; show "$tmp/err"; }
run adopt kz-digital A5 --db "$db" --reason "no one decided"
s1=$status
run adopt kz-digital A5 --db "$db" --by "$(printf 'HR\033[2J')" --reason "test"
s2=$status
run adopt kz-digital A5 --db "$db" --by HR-0007 --reason ""
[ $s1 -eq 2 ] && [ $s2 -eq 2 ] && [ $status -eq 2 ] && grep -qF -- "--reason is missing or empty; give text of 1 to 1000 bytes" "$tmp/err" &&
	ok "adopt without --by, with an empty --reason or a --by holding an escape: exit 2" || { nok "by/reason ($s1 $status)"; show "$tmp/err"; }
sqlite3 "$db" .dump >"$tmp/after.sql"
cmp -s "$tmp/before.sql" "$tmp/after.sql" && ok "  ... the register untouched by all of them" || nok "register changed by a refused adopt"

# the act itself
run adopt kz-digital A5 --db "$db" --by HR-0007 --reason "the test-based scheme of the 2026 order"
[ $status -eq 0 ] && grep -qF "kz-digital: adopted A5 in place of A1" "$tmp/out" &&
	grep -qF "agency.yaml still names A1" "$tmp/out" &&
	[ "$(q "select assessment || '|' || previous || '|' || actor || '|' || reason from adoption order by id desc limit 1")" = "A5|A1|HR-0007|the test-based scheme of the 2026 order" ] &&
	[ "$(q "select actor || '|' || subject || '|' || detail from audit where action = 'adopt' order by seq desc limit 1")" = "HR-0007|kz-digital|assessment A1 -> A5: the test-based scheme of the 2026 order" ] &&
	ok "merit adopt records A1 -> A5 with who and why, in adoption and the audit log" || { nok "adopt ($status)"; show "$tmp/out"; show "$tmp/err"; }
run audit verify --db "$db"
[ $status -eq 0 ] && ok "  ... the audit chain is intact" || { nok "audit verify ($status)"; show "$tmp/err"; }
sqlite3 "$db" "update adoption set actor = 'someone else'" 2>"$tmp/err"
s1=$?
sqlite3 "$db" "delete from adoption" 2>>"$tmp/err"
s2=$?
[ $s1 -ne 0 ] && [ $s2 -ne 0 ] && [ "$(grep -c 'adoptions are history' "$tmp/err")" -eq 2 ] &&
	ok "adoptions cannot be edited or deleted" || { nok "adoption triggers"; show "$tmp/err"; }

# a plain run now scores A5; the trial's identical results become current
run assess "$ag" --db "$db" --no-export -q
[ $status -eq 0 ] && grep -qF "agency kz-digital uses A5, adopted" "$tmp/err" &&
	[ "$(q "select count(*) from result where trial = 1")" = 0 ] &&
	[ "$(q "select count(*) || ' ' || count(distinct person) || ' ' || group_concat(distinct assessment) from current_result")" = "36 36 A5" ] &&
	q "select detail from audit where action = 'assess' order by seq desc limit 1" | grep -q '^assessment A5, period 2025: 0 new result(s), 36 unchanged$' &&
	ok "a plain assess uses the adopted A5: current_result is one A5 row per person" || { nok "plain after adopt ($status)"; show "$tmp/err"; }
run adopt "$ag" A5 --db "$db" --by HR-0008 --reason "again"
[ $status -eq 0 ] && grep -qF "kz-digital already uses A5" "$tmp/out" && [ "$(q "select count(*) from adoption")" = 2 ] &&
	ok "adopting the scheme in force (by folder) records nothing" || { nok "adopt again ($status)"; show "$tmp/out"; show "$tmp/err"; }

# an edit of agency.yaml's assessment: is an adoption by "agency.yaml"
cp -R "$ag" "$tmp/ag"
sed 's/^assessment: A1$/assessment: A3/' "$ag/agency.yaml" >"$tmp/ag/agency.yaml"
run assess "$tmp/ag" --db "$db" --no-export -q
[ $status -eq 0 ] && grep -qF "agency.yaml of kz-digital now names A3: recorded as adopted in place of A5" "$tmp/err" &&
	[ "$(q "select assessment || '|' || previous || '|' || actor || '|' || reason from adoption order by id desc limit 1")" = "A3|A5|agency.yaml|agency.yaml's assessment: changed from A1 to A3" ] &&
	[ "$(q "select count(*) || ' ' || group_concat(distinct assessment) from current_result")" = "36 A3" ] &&
	ok "agency.yaml edited to A3: recorded as adopted by agency.yaml, A3 current" || { nok "file edit ($status)"; show "$tmp/err"; }
run assess "$tmp/ag" --db "$db" --no-export -q
[ $status -eq 0 ] && [ "$(q "select count(*) from adoption")" = 3 ] &&
	ok "  ... once: the next run adopts nothing" || nok "file edit adopted twice"

# the dry runs that read the register (items, raters, fairness) agree
kr=$srcdir/examples/kr-scs
run assess "$kr" --db "$tmp/kr.db" --no-export -q
run adopt kr-scs SCS-AC-T --db "$tmp/kr.db" --by HR-0007 --reason "trimmed means"
run raters "$kr" --db "$tmp/kr.db"
[ $status -eq 0 ] && grep -q '^kr-scs, assessment SCS-AC-T:' "$tmp/out" &&
	ok "merit raters after adopting SCS-AC-T measures SCS-AC-T" || { nok "raters ($status)"; show "$tmp/out"; show "$tmp/err"; }

run adopt --help
[ $status -eq 0 ] && grep -q 'usage: merit adopt' "$tmp/out" && grep -q -- '--reason TEXT' "$tmp/out" &&
	ok "adopt --help" || nok "adopt --help"
run adopt kz-digital
[ $status -eq 2 ] && ok "adopt without an assessment: exit 2" || nok "adopt usage ($status)"
exit $fail
